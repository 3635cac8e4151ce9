"""Rendering a :class:`~replica.replay.runner.ReplayReport`: text, JSON, JUnit XML, Markdown.

The JSON (``"schema": "pgshadow.replay/1"``) is a contract for CI tooling; add keys, never
rename or remove them::

    {"schema": "pgshadow.replay/1", "corpus": null | "pg_regress" | ...,
     "primary": "<dsn>", "replica": "<dsn>", "settings": {...}, "seconds": 12.3,
     "could_not_run": null | "...", "notes": [...], "exit_code": 0 | 1 | 2,
     "totals": {"<tier>": {"match": n, "mismatch": n, "unsupported": n, "volatile": n,
                           "skipped": n}, ...},
     "oracle": {"primary": {"match": n, "mismatch": n}, "shadow": {...}},  # sqllogictest
     "files": [{"name": "...", "counts": {<tier>: {<outcome>: n}}, "statements": n,
                "writes": n, "primary_errors": n, "skip_reasons": {"...": n},
                "meta": {"...": n}, "seconds": 1.2, "could_not_run": null, "notes": [],
                "oracle": {...}}],
     "non_matches": [{"source": "file:line", "sql": "...", "tier": "expr", "outcome": "...",
                      "kind": null | "row_count" | "rows" | "columns" | "command"
                              | "error_vs_result" | "sqlstate",
                      "summary": "...", "reason": "...", "fingerprint": "hex" | null,
                      "primary": <outcome>, "replica": <outcome>, "notes": [...],
                      "expected": null | "..."}]}

Must not import psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from replica.replay.runner import OUTCOMES, TIERS, ReplayReport, Result

SCHEMA = "pgshadow.replay/1"
FORMATS = ("text", "json", "junit", "markdown")
COLUMNS = ("compared", "match", "mismatch", "unsupported", "volatile", "skipped")


def _row(counts: dict[str, int]) -> dict[str, int]:
    compared = sum(counts[o.value] for o in OUTCOMES if o is not Result.SKIPPED)
    return {"compared": compared, **counts}


def to_json(report: ReplayReport, *, max_records: int | None = None) -> dict[str, Any]:
    records = [r for f in report.files for r in f.records]
    if max_records is not None:
        records = records[:max_records]
    return {
        "schema": SCHEMA,
        "corpus": report.corpus,
        "primary": report.primary,
        "replica": report.replica,
        "settings": report.settings,
        "seconds": round(report.seconds, 2),
        "could_not_run": report.could_not_run,
        "notes": report.notes,
        "exit_code": report.exit_code(),
        "totals": report.totals(),
        "oracle": report.oracle_totals(),
        "files": [
            {
                "name": f.name,
                "counts": f.counts,
                "statements": f.statements,
                "writes": f.writes,
                "primary_errors": f.primary_errors,
                "skip_reasons": dict(f.skip_reasons),
                "meta": dict(f.meta),
                "seconds": round(f.seconds, 2),
                "could_not_run": f.could_not_run,
                "notes": f.notes[:50],
                "oracle": {k: dict(v) for k, v in f.oracle.items()},
            }
            for f in report.files
        ],
        "non_matches": [
            {
                "source": r.source, "sql": r.sql, "tier": r.tier, "outcome": r.outcome,
                "kind": r.kind, "summary": r.summary, "reason": r.reason,
                "fingerprint": r.fingerprint, "primary": r.primary, "replica": r.replica,
                "notes": r.notes, "expected": r.expected,
            }
            for r in records
        ],
    }


def summary_table(report: ReplayReport) -> list[tuple[str, dict[str, int]]]:
    """(tier, {column: n}) rows plus a "total" row, for the text and Markdown outputs."""
    totals = report.totals()
    rows = [(t.value, _row(totals[t.value])) for t in TIERS]
    grand = {c: sum(r[c] for _, r in rows) for c in COLUMNS}
    return [*rows, ("total", grand)]


def render_markdown(report: ReplayReport, out: TextIO) -> None:
    title = report.corpus or "replay"
    out.write(f"| corpus | tier | {' | '.join(COLUMNS)} |\n")
    out.write("|---|---|" + "---:|" * len(COLUMNS) + "\n")
    for tier, row in summary_table(report):
        out.write(f"| {title} | {tier} | " + " | ".join(str(row[c]) for c in COLUMNS) + " |\n")
    oracle = report.oracle_totals()
    if oracle:
        out.write("\nRecorded expected answers (sqllogictest oracle):\n\n")
        out.write("| side | " + " | ".join(sorted({k for v in oracle.values() for k in v}))
                  + " |\n")
        keys = sorted({k for v in oracle.values() for k in v})
        out.write("|---|" + "---:|" * len(keys) + "\n")
        for side, counts in sorted(oracle.items()):
            out.write(f"| {side} | " + " | ".join(str(counts.get(k, 0)) for k in keys) + " |\n")


def render_junit(report: ReplayReport, out: TextIO) -> None:
    """One testsuite per file; one failing testcase per mismatch, plus one passing case per
    file carrying the counts (matches are not listed one by one)."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    total_fail = sum(f.total(Result.MISMATCH) for f in report.files)
    out.write(f'<testsuites name="pgshadow replay" failures="{total_fail}">\n')
    for f in report.files:
        mismatches = [r for r in f.records if r.outcome == Result.MISMATCH.value]
        errors = 1 if f.could_not_run else 0
        out.write(
            f"  <testsuite name={quoteattr(f.name)} tests=\"{len(mismatches) + 1}\""
            f' failures="{len(mismatches)}" errors="{errors}" time="{f.seconds:.2f}">\n'
        )
        counts = "; ".join(
            f"{tier}: " + ", ".join(f"{o} {n}" for o, n in row.items() if n)
            for tier, row in f.counts.items()
            if any(row.values())
        )
        out.write(f"    <testcase classname={quoteattr(f.name)} name=\"counts\">\n")
        if f.could_not_run:
            out.write(f"      <error message={quoteattr(f.could_not_run)}/>\n")
        out.write(f"      <system-out>{xml_escape(counts)}</system-out>\n    </testcase>\n")
        for r in mismatches:
            body = json.dumps({"primary": r.primary, "replica": r.replica}, indent=1)
            out.write(
                f"    <testcase classname={quoteattr(f.name)} name={quoteattr(r.source)}>\n"
                f"      <failure message={quoteattr(f'{r.kind}: {r.summary}')}>"
                f"{xml_escape(r.sql)}\n{xml_escape(body)}</failure>\n    </testcase>\n"
            )
        out.write("  </testsuite>\n")
    out.write("</testsuites>\n")


def render_text(report: ReplayReport, console: Console, *, max_details: int = 50) -> None:
    console.print(f"primary: {escape(report.primary)}", highlight=False)
    console.print(f"replica: {escape(report.replica)}", highlight=False)
    for note in report.notes:
        console.print(f"[dim]note: {escape(note)}[/dim]")
    if report.could_not_run:
        console.print(f"[bold red]could not run: {escape(report.could_not_run)}[/bold red]")
    shown = 0
    for f in report.files:
        if f.could_not_run:
            console.print(f"[bold red]{escape(f.name)}: {escape(f.could_not_run)}[/bold red]")
        for r in f.records:
            if r.outcome != Result.MISMATCH.value or shown >= max_details:
                continue
            shown += 1
            console.rule(f"[bold red]{escape(r.source)}: mismatch ({r.kind})")
            console.print(escape(r.sql), highlight=False)
            console.print(escape(r.summary), highlight=False)
            console.print(f"[dim]fingerprint {r.fingerprint or '-'}[/dim]")
    table = Table(title=f"{report.corpus or 'replay'}: {len(report.files)} file(s)")
    table.add_column("tier")
    for c in COLUMNS:
        table.add_column(c, justify="right")
    for tier, row in summary_table(report):
        table.add_row(tier, *(str(row[c]) for c in COLUMNS))
    console.print(table)
    reasons: dict[str, int] = {}
    for f in report.files:
        for reason, n in f.skip_reasons.items():
            reasons[reason] = reasons.get(reason, 0) + n
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:10]:
        console.print(f"[dim]skipped {n}: {escape(reason)}[/dim]")
    oracle = report.oracle_totals()
    for side, counts in sorted(oracle.items()):
        console.print(f"expected answers vs {side}: {counts}")


def render(report: ReplayReport, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(to_json(report), out, indent=2)
        out.write("\n")
    elif fmt == "junit":
        render_junit(report, out)
    elif fmt == "markdown":
        render_markdown(report, out)
    else:
        render_text(report, Console(file=out, width=120))
