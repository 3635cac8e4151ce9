"""Running a query set on the primary and the replica at a matched LSN.

1. Connect to both sides with identical session settings (:data:`SESSION_SETTINGS`), passed as
   the ``options`` startup parameter; a server that refuses them at startup gets plain ``SET``
   statements instead.
2. Fence on LSN: read ``pg_current_wal_lsn()`` on the primary, outside any transaction, then poll
   ``pg_last_wal_replay_lsn()`` on the replica until it has applied at least that much. A replica
   that says it is not in recovery (a plain primary, as when comparing two primaries) is not
   waited for; the report says so.
3. Run each statement in autocommit on both sides with the extended protocol in text format,
   reading the raw server text of every cell from the PGresult (no Python-side conversion
   that could hide or invent a difference).

Every failure becomes data in the :class:`DiffReport` (``could_not_run`` or a ``not_run``
query), never a traceback. Must not import ``engine`` or ``wire``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import psycopg
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from replica.diff.compare import (
    Column,
    DiffReport,
    NotRun,
    Outcome,
    Query,
    QueryError,
    QueryResult,
    ResultSet,
    compare,
    fingerprint,
    order_spec,
)

# Session settings both sides get, so that values render identically (engine.md §4.5 "session
# parity"). default_transaction_read_only keeps the diff from ever writing to the primary: a
# write fails with 25006 on both sides, as it does on a hot standby.
SESSION_SETTINGS: dict[str, str] = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
    "client_encoding": "UTF8",
    "default_transaction_read_only": "on",
}

APPLICATION_NAME = "pgshadow-diff"
POLL_INTERVAL = 0.05


class DiffAbort(Exception):
    """The diff as a whole cannot go on; the message is for the user."""


def parse_lsn(text: str) -> int:
    """``'16/B374D848'`` → the 64-bit LSN."""
    hi, sep, lo = text.strip().partition("/")
    if not sep:
        raise ValueError(f"not an LSN: {text!r}")
    return (int(hi, 16) << 32) | int(lo, 16)


def redact(dsn: str) -> str:
    """The DSN without its password, for reports."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "<unparsable DSN>"
    params.pop("password", None)
    return make_conninfo("", **{k: str(v) for k, v in params.items() if v is not None})


def _options_value() -> str:
    # In the startup "options" value, spaces inside a setting must be backslash-escaped.
    return " ".join(
        f"-c {name}={value.replace(' ', chr(92) + ' ')}" for name, value in SESSION_SETTINGS.items()
    )


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(
    dsn: str, side: str, timeout: float, notes: list[str]
) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection with :data:`SESSION_SETTINGS` applied; raises DiffAbort."""
    try:
        params = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if v is not None}
    except psycopg.ProgrammingError as exc:
        raise DiffAbort(f"invalid {side} DSN: {exc}") from None
    params.setdefault("connect_timeout", str(max(1, int(timeout))))
    params.setdefault("application_name", APPLICATION_NAME)
    user_options = params.pop("options", "")
    with_options = dict(params, options=f"{user_options} {_options_value()}".strip())
    try:
        return psycopg.connect(make_conninfo("", **with_options), autocommit=True)
    except psycopg.Error as first:
        first_error = _one_line(first)
    # The server may refuse a startup option it does not know; retry with SET statements.
    plain = dict(params, options=user_options) if user_options else params
    try:
        conn = psycopg.connect(make_conninfo("", **plain), autocommit=True)
    except psycopg.Error:
        raise DiffAbort(f"cannot connect to the {side} ({redact(dsn)}): {first_error}") from None
    notes.append(f"{side}: startup options refused ({first_error}); settings applied with SET")
    for name, value in SESSION_SETTINGS.items():
        try:
            conn.execute(f"SET {name} = {_quote_literal(value)}".encode())
        except psycopg.Error as exc:
            notes.append(f"{side}: SET {name} failed: {_one_line(exc)}")
    return conn


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return " ".join(text.split()) or type(exc).__name__


def _scalar(conn: psycopg.Connection[tuple[object, ...]], sql: bytes) -> str | None:
    with conn.cursor() as cur:
        cur.execute(sql, prepare=False)
        res = cur.pgresult
        if res is None or res.ntuples < 1 or res.nfields < 1:
            raise DiffAbort(f"{sql.decode()} returned no value")
        value = res.get_value(0, 0)
        return None if value is None else bytes(value).decode()


def _in_recovery(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    return _scalar(conn, b"SELECT pg_is_in_recovery()") == "t"


def primary_lsn(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    """The primary's current WAL position (its replay position if it is itself a standby)."""
    sql = (
        b"SELECT pg_last_wal_replay_lsn()" if _in_recovery(conn) else b"SELECT pg_current_wal_lsn()"
    )
    value = _scalar(conn, sql)
    if value is None:
        raise DiffAbort("the primary reported no WAL position")
    return value


def wait_for_replica(
    conn: psycopg.Connection[tuple[object, ...]],
    target: str,
    timeout: float,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Poll ``pg_last_wal_replay_lsn()`` until it is ≥ ``target``; returns the replica's LSN."""
    want = parse_lsn(target)
    deadline = clock() + timeout
    last: str | None = None
    while True:
        last = _scalar(conn, b"SELECT pg_last_wal_replay_lsn()")
        if last is not None and parse_lsn(last) >= want:
            return last
        if clock() >= deadline:
            raise DiffAbort(
                f"the replica did not catch up within {timeout:g}s: it has applied up to"
                f" {last or 'nothing (NULL)'}, the primary is at {target}"
            )
        sleep(POLL_INTERVAL)


def _decode(value: bytes | memoryview | None) -> str | None:
    if value is None:
        return None
    return bytes(value).decode("utf-8", errors="backslashreplace")


def _result_set(res: pq.abc.PGresult, command: str) -> ResultSet:
    columns = tuple(Column(_decode(res.fname(i)) or "", res.ftype(i)) for i in range(res.nfields))
    rows = tuple(
        tuple(_decode(res.get_value(r, c)) for c in range(res.nfields)) for r in range(res.ntuples)
    )
    return ResultSet(columns, rows, command)


def execute(conn: psycopg.Connection[tuple[object, ...]], sql: str) -> Outcome:
    """Run one statement and capture its outcome as server text."""
    if conn.closed or conn.broken:
        return NotRun("the connection was lost earlier")
    try:
        with conn.cursor() as cur:
            # Bytes: psycopg must not interpret '%' placeholders; text format is the default.
            cur.execute(sql.encode(), prepare=False)
            res = cur.pgresult
            if res is None:
                return NotRun("no result from the server")
            return _result_set(res, cur.statusmessage or "")
    except psycopg.Error as exc:
        if exc.sqlstate:
            return QueryError(exc.sqlstate, exc.diag.message_primary or _one_line(exc))
        if conn.broken or conn.closed:
            return NotRun(f"connection lost: {_one_line(exc)}")
        return NotRun(f"refused by the client library: {_one_line(exc)}")


def run_queries(
    primary: psycopg.Connection[tuple[object, ...]],
    replica: psycopg.Connection[tuple[object, ...]],
    queries: Sequence[Query],
    *,
    max_rows: int = 20,
) -> list[QueryResult]:
    """Each query on the primary then on the replica, compared."""
    out: list[QueryResult] = []
    for q in queries:
        p = execute(primary, q.sql)
        r = execute(replica, q.sql)
        verdict = compare(p, r, order_spec(q.sql), max_rows=max_rows)
        out.append(QueryResult(q, p, r, verdict, fingerprint(q.sql)))
    return out


def run_diff(
    primary_dsn: str,
    replica_dsn: str,
    queries: list[Query],
    *,
    timeout: float = 30.0,
    max_rows: int = 20,
) -> DiffReport:
    """Fence on LSN, run ``queries`` on both sides, compare. Never raises for a server problem:
    such failures set ``report.could_not_run``."""
    report = DiffReport(primary=redact(primary_dsn), replica=redact(replica_dsn))
    conns: list[psycopg.Connection[tuple[object, ...]]] = []
    step = "connecting"
    try:
        p = connect(primary_dsn, "primary", timeout, report.notes)
        conns.append(p)
        r = connect(replica_dsn, "replica", timeout, report.notes)
        conns.append(r)
        step = "reading the primary's WAL position"
        report.primary_lsn = primary_lsn(p)
        step = "waiting for the replica (pg_is_in_recovery / pg_last_wal_replay_lsn)"
        report.replica_in_recovery = _in_recovery(r)
        if report.replica_in_recovery:
            report.replica_lsn = wait_for_replica(r, report.primary_lsn, timeout)
        else:
            report.notes.append(
                "the replica is not in recovery (a plain primary?): not waited for; results"
                " are compared as they are"
            )
        step = "running the queries"
        report.results = run_queries(p, r, queries, max_rows=max_rows)
    except DiffAbort as exc:
        report.could_not_run = str(exc)
    except psycopg.Error as exc:
        report.could_not_run = f"database error while {step}: {_one_line(exc)}"
    finally:
        for conn in conns:
            conn.close()
    return report
