"""Statements for ``pgshadow diff``: splitting ``--file``/``--query`` text into :class:`Query`
lists, and what pglast's parse tree tells about each statement (its row-order guarantees,
:func:`order_spec`, and its :func:`fingerprint`).

Statements are split with pglast (the real Postgres parser), so semicolons inside strings,
dollar quotes and comments are handled as Postgres would; each statement keeps the
``file:line`` where it starts. A file that does not parse is refused as a whole with the
position of the error: silently skipping a statement would make a diff look cleaner than it is.
psql meta-commands (``\\d``...) are not SQL and are not accepted here.

Must not import psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pglast
from pglast import ast
from pglast.parser import ParseError
from pglast.stream import RawStream


@dataclass(frozen=True, slots=True)
class Query:
    """One statement to diff; ``source`` is ``file:line`` or ``--query``."""

    sql: str
    source: str


# --------------------------------------------------------------------------------------------
# Ordering: what the outermost statement guarantees about row order


@dataclass(frozen=True, slots=True)
class SortKey:
    """One ORDER BY item, as far as it can be tied to an output column.

    ``position`` is 1-based (``ORDER BY 2``); ``name`` a bare column name (SQL92 rule: an output
    column name wins over an input column); ``expr`` the deparsed expression.
    """

    position: int | None = None
    name: str | None = None
    expr: str | None = None


@dataclass(frozen=True, slots=True)
class OrderSpec:
    """Row-order guarantees of a statement, derived from its pglast parse tree.

    ``sequence`` means "not a SELECT: the server's row order is the answer" (SHOW, EXPLAIN).
    ``targets`` holds the deparsed target-list expressions when they map 1:1 onto output
    columns (no ``*``, not a set operation), else None.
    """

    ordered: bool = False
    keys: tuple[SortKey, ...] = ()
    targets: tuple[str, ...] | None = None
    limited: bool = False
    offset: bool = False
    sequence: bool = False
    note: str | None = None


def _deparse(node: ast.Node) -> str | None:
    try:
        return str(RawStream()(node))
    except Exception:  # pglast raises assorted errors on nodes it cannot print
        return None


def _sort_key(node: ast.Node) -> SortKey:
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.Integer):
        return SortKey(position=int(node.val.ival or 0))
    if (
        isinstance(node, ast.ColumnRef)
        and node.fields is not None
        and len(node.fields) == 1
        and isinstance(node.fields[0], ast.String)
    ):
        return SortKey(name=str(node.fields[0].sval), expr=_deparse(node))
    return SortKey(expr=_deparse(node))


def _targets(stmt: ast.SelectStmt) -> tuple[str, ...] | None:
    if stmt.op != pglast.enums.SetOperation.SETOP_NONE or not stmt.targetList:
        return None
    out: list[str] = []
    for target in stmt.targetList:
        val = getattr(target, "val", None)
        if val is None:
            return None
        if isinstance(val, ast.ColumnRef) and any(
            isinstance(f, ast.A_Star) for f in (val.fields or ())
        ):
            return None  # a star expands to an unknown number of columns
        text = _deparse(val)
        if text is None:
            return None
        out.append(text)
    return tuple(out)


def order_spec(sql: str) -> OrderSpec:
    """What the outermost statement of ``sql`` guarantees about its row order."""
    try:
        stmts = pglast.parse_sql(sql)
    except ParseError:
        return OrderSpec(note="not parsable by pglast: compared as a multiset")
    if len(stmts) != 1:
        return OrderSpec(note="not a single statement: compared as a multiset")
    stmt = stmts[0].stmt
    if not isinstance(stmt, ast.SelectStmt):
        return OrderSpec(sequence=True)
    limited = stmt.limitCount is not None
    offset = stmt.limitOffset is not None
    if not stmt.sortClause:
        return OrderSpec(limited=limited, offset=offset)
    keys = tuple(_sort_key(s.node) for s in stmt.sortClause)
    return OrderSpec(
        ordered=True, keys=keys, targets=_targets(stmt), limited=limited, offset=offset
    )


def fingerprint(sql: str) -> str | None:
    """pg_query's fingerprint of the statement (constants abstracted), None if unparsable."""
    try:
        return str(pglast.parser.fingerprint(sql))
    except ParseError:
        return None


# --------------------------------------------------------------------------------------------
# Splitting


class QueryFileError(ValueError):
    """A query file or ``--query`` text could not be read or split into statements."""


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def split_statements(text: str) -> list[tuple[int, str]]:
    """``(line, statement)`` for each statement of ``text``; raises QueryFileError."""
    try:
        slices = list(pglast.split(text, with_parser=True, only_slices=True))
    except ParseError as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        if len(exc.args) > 1 and isinstance(exc.args[1], int):
            # pglast reports a 0-based character index into the input.
            line, col = _line_col(text, exc.args[1])
            raise QueryFileError(f"{line}:{col}: {message}") from None
        raise QueryFileError(message) from None
    out: list[tuple[int, str]] = []
    for sl in slices:
        assert isinstance(sl, slice)
        stmt = text[sl].strip()
        if stmt:
            out.append((_line_col(text, sl.start)[0], stmt))
    return out


def parse_queries(text: str, origin: str) -> list[Query]:
    """The statements of ``text``, each with source ``origin:line``."""
    try:
        return [Query(sql, f"{origin}:{line}") for line, sql in split_statements(text)]
    except QueryFileError as exc:
        raise QueryFileError(f"{origin}:{exc}") from None


def load_queries(path: str | Path) -> list[Query]:
    """The statements of a ``.sql`` file, with sources ``path:line``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryFileError(f"cannot read {path}: {exc}") from None
    return parse_queries(text, str(path))


def queries_from_option(sql: str, source: str = "--query") -> list[Query]:
    """The statements of one ``--query`` value, with source ``--query`` (``--query#N`` for the
    N-th statement when the value holds several)."""
    try:
        stmts = split_statements(sql)
    except QueryFileError as exc:
        raise QueryFileError(f"{source}: {exc}") from None
    if len(stmts) == 1:
        return [Query(stmts[0][1], source)]
    return [Query(stmt, f"{source}#{i}") for i, (_, stmt) in enumerate(stmts, 1)]
