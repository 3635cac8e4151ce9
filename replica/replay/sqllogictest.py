"""sqllogictest ``.test`` files: parsing (pure) and replay (primary, shadow, expected answers).

Record format (sqllogictest ``about.wiki``): records are separated by blank lines;
``statement ok`` / ``statement error`` + SQL; ``query <types> <sort> [label]`` + SQL, ``----``,
then the expected values one per line, or ``N values hashing to <md5>``; ``hash-threshold N``;
``halt``; ``skipif <db>`` / ``onlyif <db>`` before a record. Values are formatted as the
reference runner does: ``NULL``, ``(empty)`` for an empty string, ``I`` as an integer, ``R`` as
``%.3f``, ``T`` with control characters as ``@``; ``rowsort`` sorts rows, ``valuesort`` sorts
values; beyond the hash threshold the values are compared through the MD5 of ``value\\n``….

Statements run on the primary; queries run on both sides and compare as in ``pgshadow replay``;
the recorded expected answers are a third oracle, reported separately for each side.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from replica.diff.compare import Outcome, QueryError, ResultSet
from replica.replay.classify import Use, classify
from replica.replay.runner import FileResult, ReplayRunner, Result

ENGINE = "postgresql"


@dataclass(frozen=True, slots=True)
class SltRecord:
    kind: str  # "statement" | "query" | "halt" | "hash-threshold"
    line: int
    sql: str = ""
    expect_error: bool = False
    types: str = ""
    sort: str = "nosort"
    expected: tuple[str, ...] | None = None
    hashed: tuple[int, str] | None = None  # (number of values, md5)
    threshold: int = 0


def _applies(conditions: list[tuple[str, str]]) -> bool:
    for cond, db in conditions:
        if cond == "skipif" and db == ENGINE:
            return False
        if cond == "onlyif" and db != ENGINE:
            return False
    return True


def parse_slt(text: str) -> Iterator[SltRecord]:
    """The records of a ``.test`` file that apply to PostgreSQL, in order."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        if not raw.strip() or raw.lstrip().startswith("#"):
            i += 1
            continue
        conditions: list[tuple[str, str]] = []
        while raw.split()[:1] and raw.split()[0] in ("skipif", "onlyif"):
            parts = raw.split()
            conditions.append((parts[0], parts[1] if len(parts) > 1 else ""))
            i += 1
            raw = lines[i].rstrip("\r") if i < len(lines) else ""
        start = i + 2  # 1-based line of the SQL text, after the record's header
        words = raw.split()
        block: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip():
            block.append(lines[j].rstrip("\r"))
            j += 1
        i = j
        if not words or not _applies(conditions):
            continue
        head = words[0]
        if head == "halt":
            yield SltRecord("halt", start)
            return
        if head == "hash-threshold" and len(words) > 1:
            yield SltRecord("hash-threshold", start, threshold=int(words[1]))
        elif head == "statement":
            yield SltRecord("statement", start, "\n".join(block),
                            expect_error=len(words) > 1 and words[1] == "error")
        elif head == "query":
            yield _query(words, start, block)


def _query(words: list[str], line: int, block: list[str]) -> SltRecord:
    sql_lines, result_lines, seen = [], [], False
    for b in block:
        if b.strip() == "----" and not seen:
            seen = True
        elif seen:
            result_lines.append(b)
        else:
            sql_lines.append(b)
    types = words[1] if len(words) > 1 else ""
    sort = words[2] if len(words) > 2 else "nosort"
    hashed = None
    expected: tuple[str, ...] | None = tuple(result_lines) if seen else None
    if len(result_lines) == 1 and " values hashing to " in result_lines[0]:
        n, _, digest = result_lines[0].partition(" values hashing to ")
        hashed = (int(n), digest.strip())
        expected = None
    return SltRecord("query", line, "\n".join(sql_lines), types=types, sort=sort,
                     expected=expected, hashed=hashed)


def format_value(value: str | None, type_char: str) -> str:
    """One cell as the reference runner prints it."""
    if value is None:
        return "NULL"
    if type_char == "I":
        if value in ("t", "f"):
            return "1" if value == "t" else "0"
        try:
            return str(int(value))
        except ValueError:
            try:
                return str(int(float(value)))
            except ValueError:
                return "0"
    if type_char == "R":
        try:
            return f"{float(value):.3f}"
        except ValueError:
            return value
    if value == "":
        return "(empty)"
    return "".join(c if " " <= c <= "~" else "@" for c in value)


def format_result(result: ResultSet, types: str, sort: str) -> list[str]:
    """The value list of a result, sorted per the record's sort mode."""
    rows = [
        [format_value(v, types[i] if i < len(types) else "T") for i, v in enumerate(row)]
        for row in result.rows
    ]
    if sort == "rowsort":
        rows.sort()
    values = [v for row in rows for v in row]
    if sort == "valuesort":
        values.sort()
    return values


def values_hash(values: list[str]) -> str:
    h = hashlib.md5()
    for v in values:
        h.update(v.encode() + b"\n")
    return h.hexdigest()


def check_expected(record: SltRecord, outcome: Outcome | None, threshold: int) -> str:
    """``match``, ``mismatch``, ``error`` (the side raised an error) or ``unsupported``."""
    if outcome is None:
        return "not_run"
    if isinstance(outcome, QueryError):
        return "unsupported" if outcome.sqlstate == "0A000" else "error"
    if not isinstance(outcome, ResultSet):
        return "not_run"
    values = format_result(outcome, record.types, record.sort)
    if record.hashed is not None:
        n, digest = record.hashed
        return "match" if len(values) == n and values_hash(values) == digest else "mismatch"
    expected = list(record.expected or ())
    if values == expected:
        return "match"
    # Some files print a row per line, values separated by spaces.
    flat = [v for line in expected for v in line.split()]
    if values == flat:
        return "match"
    if 0 < threshold < len(values) and len(expected) == 1:
        return "mismatch"
    return "mismatch"


def run_slt(runner: ReplayRunner, path: str | Path, name: str | None = None) -> FileResult:
    """Replay one ``.test`` file: statements on the primary, queries on both sides."""
    p = Path(path)
    file = FileResult(name or str(path))
    file.oracle = {"primary": Counter(), "shadow": Counter()}
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        file.could_not_run = f"cannot read: {exc}"
        return file
    sess = runner.session(file)
    threshold = 0
    try:
        for n, rec in enumerate(parse_slt(text), 1):
            if rec.kind == "hash-threshold":
                threshold = rec.threshold
                continue
            if rec.kind == "halt":
                break
            file.statements += 1
            cls = classify(rec.sql)
            if rec.kind == "statement" or cls.use is not Use.READ:
                sess.write(rec.sql, cls, None)
                continue
            read = sess.read(rec.sql, rec.line, cls)
            p_verdict = check_expected(rec, read.primary, threshold)
            file.oracle["primary"][p_verdict] += 1
            if read.result is not Result.SKIPPED:
                file.oracle["shadow"][check_expected(rec, read.replica, threshold)] += 1
            if read.record is not None:
                read.record.expected = p_verdict
            if runner.progress is not None and n % 25 == 0:
                runner.progress(file.name, n)
    except psycopg.OperationalError as exc:  # keep the partial counts
        file.could_not_run = f"connection lost: {' '.join(str(exc).split())}"
    finally:
        sess.close()
    return file
