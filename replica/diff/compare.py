"""Result normalisation and comparison for ``pgshadow diff``: pure, no I/O.

A query's outcome on one endpoint is a :class:`ResultSet` (column names, type OIDs and rows of
server text), a :class:`QueryError` (SQLSTATE + message) or :class:`NotRun`. :func:`compare`
turns the two outcomes of one query into a :class:`Verdict`, following the comparison rules of
``shared/reference/engine.md`` §4.5 (borrowed from sqllogictest and ReadySet's sampler):

* cells compare exactly as the text the server sent (NULL is distinct from every string);
* column names and type OIDs must be equal;
* a statement whose outermost level has no ORDER BY compares as a multiset of rows;
* with ORDER BY, rows compare in order, except that rows tied on the sort keys form groups that
  compare as multisets. The keys must be identified as output columns (``ORDER BY 2``, an output
  name, or an expression equal to a target-list entry); when they cannot be, we fall back to the
  identified prefix of the keys, or to a multiset, and say so — a false mismatch is worse than a
  weaker check;
* LIMIT/OFFSET make the boundary tie groups undetermined (Postgres may pick any of the tied
  rows), so those groups compare on their sort keys only; LIMIT without ORDER BY compares only
  the row count;
* errors compare by SQLSTATE; the message text is a soft difference, reported as a note.

Known limits, documented rather than guessed around: keys are tied when their *text* is equal,
so values that sort equal but print differently (``1.0`` vs ``1.00``, non-deterministic
collations) can split a tie group; DISTINCT ON picks arbitrary rows among ties.

Must not import psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from replica.diff.queries import OrderSpec, Query, fingerprint, order_spec

__all__ = [  # Query, order_spec and fingerprint live in queries.py; re-exported for callers.
    "Column",
    "DiffReport",
    "Kind",
    "NotRun",
    "Outcome",
    "Query",
    "QueryError",
    "QueryResult",
    "ResultSet",
    "Row",
    "Status",
    "Verdict",
    "compare",
    "compare_rows",
    "exit_code",
    "fingerprint",
    "order_spec",
    "resolve_keys",
]

Row = tuple[str | None, ...]

FEATURE_NOT_SUPPORTED = "0A000"


@dataclass(frozen=True, slots=True)
class Column:
    """One RowDescription field as the client sees it."""

    name: str
    type_oid: int


@dataclass(frozen=True, slots=True)
class ResultSet:
    """A successful result: columns, rows of server text (None = NULL) and the command tag."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    command: str = ""


@dataclass(frozen=True, slots=True)
class QueryError:
    """The server answered with an ErrorResponse."""

    sqlstate: str
    message: str


@dataclass(frozen=True, slots=True)
class NotRun:
    """The statement was not executed on this side (connection lost, client-side refusal...)."""

    reason: str


Outcome = ResultSet | QueryError | NotRun


class Status(enum.StrEnum):
    """Classification of one query.

    * ``match``: both sides returned results that compare equal.
    * ``mismatch``: the sides disagree (see :class:`Kind`) — a wrong answer somewhere.
    * ``unsupported``: the replica refused with 0A000 while the primary did something else
      (answered, or raised a different error): the shadow declined, it did not answer wrongly.
    * ``error``: both sides raised an error with the same SQLSTATE — they agree; counts as a
      pass. A different message text is only a note.
    * ``not_run``: the query could not be executed on at least one side, so nothing was
      compared (e.g. the connection was lost, or the client library refused the statement).
    """

    MATCH = "match"
    MISMATCH = "mismatch"
    UNSUPPORTED = "unsupported"
    ERROR = "error"
    NOT_RUN = "not_run"


class Kind(enum.StrEnum):
    """What differs in a ``mismatch``."""

    COLUMNS = "columns"  # column names or type OIDs differ
    ROW_COUNT = "row_count"
    ROWS = "rows"  # same count, different values, or order where the order is defined
    COMMAND = "command"  # statements without a result set: the command tags differ
    ERROR_VS_RESULT = "error_vs_result"  # one side raised an error, the other answered
    SQLSTATE = "sqlstate"  # both raised errors, with different SQLSTATEs


@dataclass(frozen=True, slots=True)
class Verdict:
    """The comparison of one query's two outcomes.

    ``primary_only`` / ``replica_only`` are the differing rows (at most ``max_rows`` each):
    multiset differences, or for an order difference the rows from the first differing
    position. ``first_difference`` is that 0-based row position when order matters.
    """

    status: Status
    kind: Kind | None = None
    summary: str = ""
    notes: tuple[str, ...] = ()
    primary_only: tuple[Row, ...] = ()
    replica_only: tuple[Row, ...] = ()
    first_difference: int | None = None


def resolve_keys(spec: OrderSpec, columns: Sequence[Column]) -> tuple[int, ...]:
    """0-based output-column indexes of the longest identifiable prefix of the sort keys."""
    names = [c.name for c in columns]
    targets = spec.targets if spec.targets is not None and len(spec.targets) == len(columns) else ()
    out: list[int] = []
    for key in spec.keys:
        index: int | None = None
        if key.position is not None:
            if 1 <= key.position <= len(columns):
                index = key.position - 1
        elif key.name is not None and key.name in names:
            if names.count(key.name) == 1:  # several: ambiguous, Postgres would have refused
                index = names.index(key.name)
        elif key.expr is not None and key.expr in targets:
            # An expression (or an input column name) equal to a target-list entry.
            index = targets.index(key.expr)
        if index is None:
            break
        out.append(index)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Row comparison


def _row_sort_key(row: Row) -> tuple[tuple[bool, str], ...]:
    return tuple((v is None, v or "") for v in row)


def _sorted(rows: Iterable[Row]) -> tuple[Row, ...]:
    return tuple(sorted(rows, key=_row_sort_key))


def _multiset_diff(
    primary: Sequence[Row], replica: Sequence[Row], max_rows: int
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    p, r = Counter(primary), Counter(replica)
    return (_sorted((p - r).elements())[:max_rows], _sorted((r - p).elements())[:max_rows])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _multiset_verdict(
    primary: Sequence[Row], replica: Sequence[Row], notes: tuple[str, ...], max_rows: int
) -> Verdict:
    if Counter(primary) == Counter(replica):
        return Verdict(Status.MATCH, notes=notes)
    p_only, r_only = _multiset_diff(primary, replica, max_rows)
    n_p = sum((Counter(primary) - Counter(replica)).values())
    n_r = sum((Counter(replica) - Counter(primary)).values())
    summary = (
        f"{_plural(n_p, 'row')} only on the primary, {_plural(n_r, 'row')} only on the replica"
    )
    return Verdict(Status.MISMATCH, Kind.ROWS, summary, notes, p_only, r_only)


def _groups(keys: Sequence[tuple[str | None, ...]]) -> list[tuple[int, int]]:
    """[start, end) runs of equal consecutive keys."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            runs.append((start, i))
            start = i
    return runs


def _ordered_verdict(
    primary: Sequence[Row],
    replica: Sequence[Row],
    key_idx: tuple[int, ...],
    spec: OrderSpec,
    notes: tuple[str, ...],
    max_rows: int,
) -> Verdict:
    def project(row: Row) -> tuple[str | None, ...]:
        return tuple(row[i] for i in key_idx)

    kp = [project(r) for r in primary]
    kr = [project(r) for r in replica]
    for i, (a, b) in enumerate(zip(kp, kr, strict=True)):
        if a != b:
            return _order_mismatch(primary, replica, i, notes, max_rows)
    runs = _groups(kp)
    for n, (start, end) in enumerate(runs):
        boundary = (spec.limited and n == len(runs) - 1) or (spec.offset and n == 0)
        if boundary:
            continue  # Postgres may cut a tie group anywhere at LIMIT/OFFSET
        if Counter(primary[start:end]) != Counter(replica[start:end]):
            return _order_mismatch(primary, replica, start, notes, max_rows)
    return Verdict(Status.MATCH, notes=notes)


def _order_mismatch(
    primary: Sequence[Row],
    replica: Sequence[Row],
    at: int,
    notes: tuple[str, ...],
    max_rows: int,
) -> Verdict:
    if Counter(primary) == Counter(replica):
        summary = f"same rows in a different order (first difference at row {at + 1})"
    else:
        summary = f"rows differ (first difference at row {at + 1})"
    return Verdict(
        Status.MISMATCH,
        Kind.ROWS,
        summary,
        notes,
        tuple(primary[at : at + max_rows]),
        tuple(replica[at : at + max_rows]),
        at,
    )


def _sequence_verdict(
    primary: Sequence[Row], replica: Sequence[Row], notes: tuple[str, ...], max_rows: int
) -> Verdict:
    for i, (a, b) in enumerate(zip(primary, replica, strict=True)):
        if a != b:
            return _order_mismatch(primary, replica, i, notes, max_rows)
    return Verdict(Status.MATCH, notes=notes)


def compare_rows(
    primary: ResultSet, replica: ResultSet, spec: OrderSpec, *, max_rows: int = 20
) -> Verdict:
    """Compare two result sets whose columns are already known to be equal."""
    p, r = primary.rows, replica.rows
    if len(p) != len(r):
        p_only, r_only = _multiset_diff(p, r, max_rows)
        summary = f"{len(p)} rows on the primary, {len(r)} on the replica"
        return Verdict(Status.MISMATCH, Kind.ROW_COUNT, summary, (), p_only, r_only)
    if spec.sequence:
        return _sequence_verdict(p, r, (), max_rows)
    if not spec.ordered:
        if spec.limited or spec.offset:
            return Verdict(
                Status.MATCH,
                notes=(
                    "LIMIT/OFFSET without ORDER BY: which rows is undetermined; only the row count"
                    " was compared",
                ),
            )
        return _multiset_verdict(p, r, (), max_rows)
    keys = resolve_keys(spec, primary.columns)
    if not keys:
        note = "ORDER BY keys are not identifiable output columns: compared as a multiset"
        if spec.limited or spec.offset:
            return Verdict(
                Status.MATCH,
                notes=(
                    "ORDER BY keys are not identifiable output columns and LIMIT/OFFSET applies:"
                    " only the row count was compared",
                ),
            )
        return _multiset_verdict(p, r, (note,), max_rows)
    cols = ", ".join(str(k + 1) for k in keys)
    notes: tuple[str, ...] = ()
    if len(keys) < len(spec.keys):
        notes = (
            f"only the first {len(keys)} of {len(spec.keys)} ORDER BY keys are output"
            f" columns ({cols}): order checked on those, ties as multisets",
        )
    return _ordered_verdict(p, r, keys, spec, notes, max_rows)


def _columns_summary(primary: Sequence[Column], replica: Sequence[Column]) -> str:
    def fmt(cols: Sequence[Column]) -> str:
        return "(" + ", ".join(f"{c.name}:{c.type_oid}" for c in cols) + ")"

    if len(primary) != len(replica):
        return f"{len(primary)} columns on the primary, {len(replica)} on the replica"
    diffs = [
        f"column {i + 1}: {a.name}:{a.type_oid} vs {b.name}:{b.type_oid}"
        for i, (a, b) in enumerate(zip(primary, replica, strict=True))
        if a != b
    ]
    return "; ".join(diffs) if diffs else f"{fmt(primary)} vs {fmt(replica)}"


def _describe(outcome: Outcome) -> str:
    match outcome:
        case QueryError(sqlstate, message):
            return f"error {sqlstate}: {message}"
        case ResultSet(columns, rows, command):
            return f"{command or 'result'} ({len(columns)} columns, {len(rows)} rows)"
        case NotRun(reason):
            return f"not run: {reason}"


def compare(
    primary: Outcome, replica: Outcome, spec: OrderSpec | None = None, *, max_rows: int = 20
) -> Verdict:
    """Classify one query from its outcome on each side (see :class:`Status`)."""
    spec = spec if spec is not None else OrderSpec()
    if isinstance(primary, NotRun) or isinstance(replica, NotRun):
        side = "primary" if isinstance(primary, NotRun) else "replica"
        return Verdict(
            Status.NOT_RUN, summary=f"{side} {_describe(primary if side == 'primary' else replica)}"
        )
    if (
        isinstance(replica, QueryError)
        and replica.sqlstate == FEATURE_NOT_SUPPORTED
        and not (isinstance(primary, QueryError) and primary.sqlstate == FEATURE_NOT_SUPPORTED)
    ):
        return Verdict(
            Status.UNSUPPORTED,
            summary=f"replica: {replica.message}",
            notes=(f"primary: {_describe(primary)}",),
        )
    if isinstance(primary, QueryError) and isinstance(replica, QueryError):
        if primary.sqlstate != replica.sqlstate:
            return Verdict(
                Status.MISMATCH,
                Kind.SQLSTATE,
                f"SQLSTATE {primary.sqlstate} on the primary, {replica.sqlstate} on the replica",
            )
        notes = (
            ()
            if primary.message == replica.message
            else (f"messages differ: primary {primary.message!r}, replica {replica.message!r}",)
        )
        return Verdict(Status.ERROR, summary=f"both raised {primary.sqlstate}", notes=notes)
    if isinstance(primary, QueryError) or isinstance(replica, QueryError):
        return Verdict(
            Status.MISMATCH,
            Kind.ERROR_VS_RESULT,
            f"primary {_describe(primary)}; replica {_describe(replica)}",
        )
    if primary.columns != replica.columns:
        return Verdict(
            Status.MISMATCH, Kind.COLUMNS, _columns_summary(primary.columns, replica.columns)
        )
    if not primary.columns and primary.command != replica.command:
        return Verdict(
            Status.MISMATCH, Kind.COMMAND, f"command tag {primary.command!r} vs {replica.command!r}"
        )
    return compare_rows(primary, replica, spec, max_rows=max_rows)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One query with its outcome on each side and the verdict."""

    query: Query
    primary: Outcome
    replica: Outcome
    verdict: Verdict
    fingerprint: str | None = None


@dataclass(slots=True)
class DiffReport:
    """Everything ``pgshadow diff`` found. ``could_not_run`` is set when the diff as a whole
    failed (cannot connect, the replica did not catch up): then ``results`` may be partial."""

    primary: str
    replica: str
    primary_lsn: str | None = None
    replica_lsn: str | None = None
    replica_in_recovery: bool | None = None
    results: list[QueryResult] = field(default_factory=list)
    could_not_run: str | None = None
    notes: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for r in self.results:
            counts[r.verdict.status.value] += 1
        return counts


def exit_code(report: DiffReport, *, fail_on_unsupported: bool = False) -> int:
    """0 all compared queries agree, 1 a mismatch was found, 2 the diff could not run.

    ``unsupported`` is not a wrong answer and passes unless ``fail_on_unsupported``; a
    ``not_run`` query means the diff is incomplete (2), unless a mismatch was already found.
    """
    if report.could_not_run is not None:
        return 2
    statuses = {r.verdict.status for r in report.results}
    if Status.MISMATCH in statuses or (fail_on_unsupported and Status.UNSUPPORTED in statuses):
        return 1
    if Status.NOT_RUN in statuses:
        return 2
    return 0
