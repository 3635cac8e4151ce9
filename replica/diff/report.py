"""Rendering a :class:`DiffReport` as text (rich) or JSON.

The JSON schema (``"schema": "pgshadow.diff/1"``) is a contract for CI tooling; add keys, never
rename or remove them::

    {
      "schema": "pgshadow.diff/1",
      "primary": "<DSN without password>", "replica": "<DSN without password>",
      "lsn": {"primary": "0/16EF4C8" | null, "replica": "0/16EF4C8" | null,
              "replica_in_recovery": true | false | null},
      "could_not_run": null | "<why the diff as a whole failed>",
      "notes": ["..."],
      "exit_code": 0 | 1 | 2,
      "totals": {"match": n, "mismatch": n, "unsupported": n, "error": n, "not_run": n,
                 "total": n},
      "queries": [{
        "source": "file.sql:12" | "--query", "sql": "...",
        "status": "match" | "mismatch" | "unsupported" | "error" | "not_run",
        "kind": null | "columns" | "row_count" | "rows" | "command" | "error_vs_result"
                | "sqlstate",
        "fingerprint": "hex" | null, "summary": "...", "notes": ["..."],
        "primary": <outcome>, "replica": <outcome>,
        "diff": {"first_difference": null | <0-based row>, "primary_only": [<row>],
                 "replica_only": [<row>]}
      }]
    }

    <outcome> = {"type": "result", "command": "SELECT 3",
                 "columns": [{"name": "a", "type_oid": 23}], "row_count": 3,
                 "rows": [<row>]}      # first rows, only for queries that did not pass
              | {"type": "error", "sqlstate": "22012", "message": "..."}
              | {"type": "not_run", "reason": "..."}
    <row> = [text | null, ...]          # server text of each cell

Must not import psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from replica.diff.compare import (
    DiffReport,
    NotRun,
    Outcome,
    QueryError,
    QueryResult,
    ResultSet,
    Row,
    Status,
    exit_code,
)

SCHEMA = "pgshadow.diff/1"
PASSING = frozenset({Status.MATCH, Status.ERROR})
STYLE = {
    Status.MATCH: "green",
    Status.ERROR: "green",
    Status.MISMATCH: "bold red",
    Status.UNSUPPORTED: "yellow",
    Status.NOT_RUN: "magenta",
}


def _outcome_json(outcome: Outcome, include_rows: bool, max_rows: int) -> dict[str, Any]:
    match outcome:
        case ResultSet(columns, rows, command):
            return {
                "type": "result",
                "command": command,
                "columns": [{"name": c.name, "type_oid": c.type_oid} for c in columns],
                "row_count": len(rows),
                "rows": [list(r) for r in rows[:max_rows]] if include_rows else [],
            }
        case QueryError(sqlstate, message):
            return {"type": "error", "sqlstate": sqlstate, "message": message}
        case NotRun(reason):
            return {"type": "not_run", "reason": reason}


def _query_json(result: QueryResult, max_rows: int) -> dict[str, Any]:
    v = result.verdict
    show = v.status not in PASSING
    return {
        "source": result.query.source,
        "sql": result.query.sql,
        "status": v.status.value,
        "kind": v.kind.value if v.kind is not None else None,
        "fingerprint": result.fingerprint,
        "summary": v.summary,
        "notes": list(v.notes),
        "primary": _outcome_json(result.primary, show, max_rows),
        "replica": _outcome_json(result.replica, show, max_rows),
        "diff": {
            "first_difference": v.first_difference,
            "primary_only": [list(r) for r in v.primary_only],
            "replica_only": [list(r) for r in v.replica_only],
        },
    }


def to_json(report: DiffReport, *, max_rows: int = 20) -> dict[str, Any]:
    """The report as JSON-ready data (schema in the module docstring)."""
    totals: dict[str, int] = dict(report.totals())
    totals["total"] = len(report.results)
    return {
        "schema": SCHEMA,
        "primary": report.primary,
        "replica": report.replica,
        "lsn": {
            "primary": report.primary_lsn,
            "replica": report.replica_lsn,
            "replica_in_recovery": report.replica_in_recovery,
        },
        "could_not_run": report.could_not_run,
        "notes": list(report.notes),
        "exit_code": exit_code(report),
        "totals": totals,
        "queries": [_query_json(r, max_rows) for r in report.results],
    }


# --------------------------------------------------------------------------------------------
# Text


def _cell(value: str | None) -> str:
    return "[dim]NULL[/dim]" if value is None else escape(value)


def _rows_table(header: list[str], rows: tuple[Row, ...] | list[Row]) -> Table:
    table = Table(show_edge=False)
    for name in header:
        table.add_column(escape(name))
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    return table


def _describe(outcome: Outcome) -> str:
    match outcome:
        case ResultSet(columns, rows, command):
            cols = ", ".join(f"{c.name}:{c.type_oid}" for c in columns)
            return f"{command or 'result'}, {len(rows)} rows, columns ({cols})"
        case QueryError(sqlstate, message):
            return f"ERROR {sqlstate}: {message}"
        case NotRun(reason):
            return f"not run: {reason}"


def _header(outcome: Outcome, width: int) -> list[str]:
    if isinstance(outcome, ResultSet) and len(outcome.columns) == width:
        return [c.name for c in outcome.columns]
    return [f"col{i + 1}" for i in range(width)]


def _details(console: Console, result: QueryResult) -> None:
    v = result.verdict
    kind = f" ({v.kind.value})" if v.kind is not None else ""
    console.rule(f"[{STYLE[v.status]}]{escape(result.query.source)}: {v.status.value}{kind}")
    console.print(escape(result.query.sql), highlight=False)
    console.print(f"[dim]fingerprint {result.fingerprint or '-'}[/dim]")
    if v.summary:
        console.print(escape(v.summary), highlight=False)
    console.print(f"primary: {escape(_describe(result.primary))}", highlight=False)
    console.print(f"replica: {escape(_describe(result.replica))}", highlight=False)
    for note in v.notes:
        console.print(f"[dim]note: {escape(note)}[/dim]")
    for side, rows, outcome in (
        ("primary", v.primary_only, result.primary),
        ("replica", v.replica_only, result.replica),
    ):
        if rows:
            where = (
                f"from row {v.first_difference + 1}"
                if v.first_difference is not None
                else "only here"
            )
            console.print(f"{side} rows {where}:")
            console.print(_rows_table(_header(outcome, len(rows[0])), rows))


def render_text(report: DiffReport, console: Console) -> None:
    """Per-query status table, details of every query that did not pass, then totals."""
    console.print(
        f"primary: {escape(report.primary)}  [dim]lsn {report.primary_lsn or '-'}[/dim]",
        highlight=False,
    )
    recovery = {True: "", False: " (not in recovery: not waited for)", None: ""}[
        report.replica_in_recovery
    ]
    console.print(
        f"replica: {escape(report.replica)}  [dim]lsn {report.replica_lsn or '-'}{recovery}[/dim]",
        highlight=False,
    )
    if report.results:
        table = Table(show_edge=False)
        for name in ("#", "source", "status", "kind", "summary"):
            table.add_column(name)
        for i, r in enumerate(report.results, 1):
            v = r.verdict
            table.add_row(
                str(i),
                escape(r.query.source),
                f"[{STYLE[v.status]}]{v.status.value}[/]",
                v.kind.value if v.kind is not None else "",
                escape(v.summary),
            )
        console.print(table)
    for r in report.results:
        if r.verdict.status not in PASSING:
            _details(console, r)
    for note in report.notes:
        console.print(f"[dim]note: {escape(note)}[/dim]")
    if report.could_not_run is not None:
        console.print(f"[bold red]could not run:[/] {escape(report.could_not_run)}")
    totals = report.totals()
    parts = ", ".join(f"{n} {name}" for name, n in totals.items() if n)
    console.print(
        f"{len(report.results)} queries: {parts or 'none run'} — exit {exit_code(report)}",
        highlight=False,
    )


def render(report: DiffReport, fmt: str, out: Console | TextIO) -> None:
    """Write ``report`` as ``fmt`` (``text`` or ``json``) to a rich Console or a text stream."""
    if fmt == "json":
        stream = out.file if isinstance(out, Console) else out
        json.dump(to_json(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
    elif fmt == "text":
        console = out if isinstance(out, Console) else Console(file=out, width=120)
        render_text(report, console)
    else:
        raise ValueError(f"unknown report format {fmt!r} (expected text or json)")
