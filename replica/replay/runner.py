"""Replaying SQL scripts on the primary and comparing every read with the shadow.

For each script (one primary session and one shadow session, opened with the same settings):

* every statement runs on the primary, as psql would send it (:mod:`.splitter`);
* ``SET``/``RESET``/``DISCARD`` also run on the shadow, so both sessions keep equal settings;
* every read (:mod:`.classify`) additionally runs on the shadow after the shadow has applied the
  primary's current WAL position (the *fence*; skipped when the primary's position has not moved
  since the last one), then a second time on the primary: a read whose two primary answers differ
  is ``volatile`` and never counts as a match;
* the outcomes compare with :func:`replica.diff.compare.compare` and become one of ``match``
  (equal results, or the same SQLSTATE), ``mismatch`` (with a kind), ``unsupported`` (0A000 on
  the shadow), ``volatile`` or ``skipped`` (with a reason).

Reads that cannot be compared honestly are skipped, each with its reason: reads inside a
transaction that already wrote (the shadow only sees committed data) or that is aborted; reads
of temporary or unlogged tables (never replicated); reads needing ``regress.so`` C functions
that failed to load on the primary; reads the shadow refuses with 25006 (a write, refused as a
hot standby would).

Must not import ``engine`` or ``wire``: the shadow is reached over the wire, like any client.
"""

from __future__ import annotations

import contextlib
import enum
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from replica.diff.compare import (
    NotRun,
    Outcome,
    QueryError,
    ResultSet,
    Status,
    Verdict,
    compare,
    fingerprint,
    order_spec,
)
from replica.diff.queries import OrderSpec
from replica.diff.runner import execute as execute_text
from replica.diff.runner import parse_lsn, redact
from replica.replay.classify import Classification, Tier, Use, classify
from replica.replay.splitter import MetaCommand, Statement, split_script

Conn = psycopg.Connection[tuple[object, ...]]

# Session settings both sides start with (the issue: same TimeZone, DateStyle, IntervalStyle,
# extra_float_digits, lc_messages).
DEFAULT_SETTINGS: dict[str, str] = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "lc_messages": "C",
    "bytea_output": "hex",
    "client_encoding": "UTF8",
}

# pg_regress's environment (pg_regress.c initialize_environment / create_database).
PG_REGRESS_SETTINGS: dict[str, str] = {
    **DEFAULT_SETTINGS,
    "TimeZone": "America/Los_Angeles",
    "DateStyle": "Postgres, MDY",
    "IntervalStyle": "postgres_verbose",
    "lc_monetary": "C",
    "lc_numeric": "C",
    "lc_time": "C",
}

APPLICATION_NAME = "pgshadow-replay"
MAX_ROWS = 20
MAX_CELL = 200
MAX_SQL = 4000

# Meta-commands that only change psql's display: ignored, not counted as skipped.
IGNORED_META = frozenset({
    "pset", "x", "a", "t", "echo", "qecho", "warn", "o", "out", "timing", "p", "print",
    "encoding", "setenv", "errverbose", "T", "C", "f", "H", "html", "startpipeline",
    "endpipeline", "syncpipeline", "flushrequest", "flush", "getresults",
    "restrict", "unrestrict", "cd", "conninfo", "close", "close_prepared",
})


class Outcome_(enum.StrEnum):  # noqa: N801 - "Outcome" is the diff module's per-side outcome
    MATCH = "match"
    MISMATCH = "mismatch"
    UNSUPPORTED = "unsupported"
    VOLATILE = "volatile"
    SKIPPED = "skipped"


Result = Outcome_
OUTCOMES: tuple[Result, ...] = tuple(Result)
TIERS: tuple[Tier, ...] = tuple(Tier)


@dataclass(slots=True)
class Record:
    """One compared statement that did not match (or, with ``keep_all``, any)."""

    file: str
    line: int
    sql: str
    tier: str | None
    outcome: str
    kind: str | None = None
    summary: str = ""
    reason: str = ""
    fingerprint: str | None = None
    primary: dict[str, Any] | None = None
    replica: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    expected: str | None = None  # sqllogictest: the oracle's verdict on the primary

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}"


def empty_counts() -> dict[str, dict[str, int]]:
    return {t.value: {o.value: 0 for o in OUTCOMES} for t in TIERS}


@dataclass(slots=True)
class FileResult:
    """Per-file counts (tier → outcome → n) and the non-matching records."""

    name: str
    counts: dict[str, dict[str, int]] = field(default_factory=empty_counts)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    meta: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    writes: int = 0
    primary_errors: int = 0
    records: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    could_not_run: str | None = None
    oracle: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, tier: str, outcome: Result, n: int = 1) -> None:
        self.counts[tier][outcome.value] += n

    def total(self, outcome: Result) -> int:
        return sum(c[outcome.value] for c in self.counts.values())


@dataclass(slots=True)
class ReplayReport:
    primary: str
    replica: str
    settings: dict[str, str]
    files: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    could_not_run: str | None = None
    corpus: str | None = None
    seconds: float = 0.0

    def totals(self) -> dict[str, dict[str, int]]:
        out = empty_counts()
        for f in self.files:
            for tier, row in f.counts.items():
                for outcome, n in row.items():
                    out[tier][outcome] += n
        return out

    def oracle_totals(self) -> dict[str, dict[str, int]]:
        out: dict[str, Counter[str]] = {}
        for f in self.files:
            for side, counter in f.oracle.items():
                out.setdefault(side, Counter()).update(counter)
        return {side: dict(c) for side, c in out.items()}

    def exit_code(self) -> int:
        """0 every compared read matched, 1 a mismatch, 2 could not run."""
        if self.could_not_run is not None or any(f.could_not_run for f in self.files):
            return 2
        if any(f.total(Result.MISMATCH) for f in self.files):
            return 1
        return 0


# --------------------------------------------------------------------------------------------
# Connections


def _options(settings: Mapping[str, str]) -> str:
    return " ".join(
        f"-c {k}={v.replace(chr(92), chr(92) * 2).replace(' ', chr(92) + ' ')}"
        for k, v in settings.items()
    )


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def open_session(
    dsn: str, settings: Mapping[str, str], notes: list[str], side: str, *, user: str | None = None
) -> Conn:
    """An autocommit session with ``settings`` (startup options, or SET if refused)."""
    params = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if v is not None}
    params.setdefault("application_name", APPLICATION_NAME)
    params.setdefault("connect_timeout", "10")
    if user:
        params["user"] = user
    base_options = params.pop("options", "")
    try:
        opts = f"{base_options} {_options(settings)}".strip()
        return psycopg.connect(make_conninfo("", **params, options=opts), autocommit=True)
    except psycopg.OperationalError as exc:
        first = " ".join(str(exc).split())
    plain = dict(params, options=base_options) if base_options else params
    conn = psycopg.connect(make_conninfo("", **plain), autocommit=True)
    notes.append(f"{side}: startup options refused ({first}); settings applied with SET")
    for name, value in settings.items():
        try:
            conn.execute(f"SET {name} = {_quote(value)}".encode())
        except psycopg.Error as exc:
            notes.append(f"{side}: SET {name} failed: {' '.join(str(exc).split())}")
    return conn


class Fence(Protocol):
    """Wait until the shadow has applied ``lsn``; False on timeout."""

    def __call__(self, lsn: int, timeout: float) -> bool: ...


class ReplicaFence:
    """Polls ``pg_last_wal_replay_lsn()`` on the replica; a replica that is not in recovery (a
    plain primary, as when two primaries are compared) is not waited for."""

    def __init__(self, dsn: str, notes: list[str]) -> None:
        self.conn: Conn = psycopg.connect(dsn, autocommit=True)
        try:
            row = self.conn.execute("SELECT pg_is_in_recovery()").fetchone()
        except BaseException:
            self.conn.close()
            raise
        self.in_recovery = bool(row and row[0])
        if not self.in_recovery:
            notes.append("the replica is not in recovery (a plain primary?): reads not fenced")

    def __call__(self, lsn: int, timeout: float) -> bool:
        if not self.in_recovery:
            return True
        deadline = time.monotonic() + timeout
        while True:
            row = self.conn.execute("SELECT pg_last_wal_replay_lsn()::text").fetchone()
            if row and row[0] is not None and parse_lsn(str(row[0])) >= lsn:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def close(self) -> None:
        self.conn.close()


# --------------------------------------------------------------------------------------------
# Outcome rendering for records


def outcome_json(outcome: Outcome, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    """A truncated JSON view of one side's outcome."""

    def cell(v: str | None) -> str | None:
        return v if v is None or len(v) <= MAX_CELL else v[:MAX_CELL] + "…"

    match outcome:
        case ResultSet(columns, rows, command):
            return {
                "type": "result",
                "command": command,
                "columns": [{"name": c.name, "type_oid": c.type_oid} for c in columns],
                "row_count": len(rows),
                "rows": [[cell(v) for v in r] for r in rows[:max_rows]],
            }
        case QueryError(sqlstate, message):
            return {"type": "error", "sqlstate": sqlstate, "message": message}
        case NotRun(reason):
            return {"type": "not_run", "reason": reason}


def _volatile(p1: Outcome, p2: Outcome, spec: OrderSpec) -> bool:
    return compare(p1, p2, spec).status not in (Status.MATCH, Status.ERROR)


# --------------------------------------------------------------------------------------------
# One script


@dataclass(slots=True)
class Read:
    """What :meth:`ScriptSession.read` found, for drivers that add an oracle (sqllogictest)."""

    result: Result
    primary: Outcome
    replica: Outcome | None
    record: Record | None


class ScriptSession:
    """Primary + shadow sessions for one script, and the bookkeeping that goes with them."""

    def __init__(self, runner: ReplayRunner, file: FileResult) -> None:
        self.runner = runner
        self.file = file
        self.primary = open_session(runner.primary_dsn, runner.settings, file.notes, "primary")
        try:
            self.replica = open_session(
                runner.replica_dsn, runner.settings, file.notes, "replica"
            )
        except BaseException:
            self.primary.close()
            raise
        self.tx_dirty = False
        self.temp: dict[str, str] = {}  # temporary relations of this session
        self.tx_drops: list[str] = []  # relations dropped in the open transaction block
        self.bind: list[str] | None = None
        # settings the primary took and the shadow refused: reads under them are unsupported
        self.diverged: dict[str, str] = {}
        # the same, for what lasts until the end of the current transaction block
        self.tx_diverged: dict[str, str] = {}
        # why the shadow's current transaction block failed while the primary's did not
        self.shadow_abort_cause = ""

    def close(self) -> None:
        for c in (self.primary, self.replica):
            with contextlib.suppress(Exception):
                c.close()

    def reconnect(self, user: str | None) -> None:
        self.close()
        self.primary = open_session(
            self.runner.primary_dsn, self.runner.settings, self.file.notes, "primary", user=user
        )
        self.replica = open_session(
            self.runner.replica_dsn, self.runner.settings, self.file.notes, "replica", user=user
        )
        self.tx_dirty = False
        self.shadow_abort_cause = ""
        self.tx_drops.clear()

    # -- execution -------------------------------------------------------------------------

    def _exec(self, conn: Conn, sql: str, copy_data: str | None = None) -> Outcome:
        if self.bind is not None:
            return _exec_params(conn, sql, self.bind)
        stripped = sql.lstrip()[:4].lower()
        if stripped == "copy" and (copy_data is not None or "stdout" in sql.lower()):
            return _exec_copy(conn, sql, copy_data)
        return execute_text(conn, sql)

    def _tx_status(self) -> pq.TransactionStatus:
        return pq.TransactionStatus(self.primary.pgconn.transaction_status)

    def write(self, sql: str, cls: Classification, copy_data: str | None) -> Outcome:
        """A statement for the primary only (or also the shadow, for session statements)."""
        out = self._exec(self.primary, sql, copy_data)
        self.file.writes += 1
        status = self._tx_status()
        if isinstance(out, QueryError):
            self.file.primary_errors += 1
            if self.file.primary_errors <= 20:
                self.file.notes.append(
                    f"primary error {out.sqlstate} on a write: {out.message} ({sql[:120]!r})"
                )
            self._note_failed_c_function(sql, out)
        else:
            for name, persistence in cls.creates:
                if persistence == "t":
                    self.temp[name.lower()] = "temporary"
                elif persistence == "u":
                    self.runner.unlogged[name.lower()] = "unlogged"
            for old, new in cls.renames:
                for names in (self.temp, self.runner.unlogged):
                    if old.lower() in names:
                        names[new.lower()] = names.pop(old.lower())
            self.tx_drops.extend(name.lower() for name in cls.drops)
        status = self._tx_status()
        if status == pq.TransactionStatus.IDLE:
            # a DROP counts once its transaction committed (one rolled back left the table)
            if isinstance(out, ResultSet) and out.command != "ROLLBACK":
                for name in self.tx_drops:
                    self.temp.pop(name, None)
                    self.runner.unlogged.pop(name, None)
            self.tx_drops.clear()
        if status == pq.TransactionStatus.IDLE:
            self.tx_dirty = False
        elif cls.use is not Use.SESSION and cls.node != "VariableShowStmt":
            self.tx_dirty = True
        if self.runner.mirror and cls.use is not Use.SESSION:
            self._exec(self.replica, sql, copy_data)
        elif status == pq.TransactionStatus.INERROR and cls.use is not Use.SESSION:
            self._fail_replica_block(sql)
        elif cls.use is Use.SESSION and not isinstance(out, QueryError):
            rep = self._exec(self.replica, sql)
            name = _setting_name(sql)
            if isinstance(rep, QueryError | NotRun):
                self.file.notes.append(
                    f"session statement refused by the replica: {sql[:200]!r}: "
                    f"{outcome_json(rep)}"
                )
                why = f"the shadow refused a session statement the primary took ({sql[:80]!r})"
                if _transaction_scoped(sql):
                    self.tx_diverged[name or sql] = why
                else:
                    self.diverged[name] = why
            elif name == "*":
                self.diverged.clear()
            else:
                self.diverged.pop(name, None)
        if status == pq.TransactionStatus.IDLE:
            self.tx_diverged.clear()
            self._end_shadow_block(sql, failed=isinstance(out, QueryError))
        elif isinstance(out, QueryError) or self.tx_diverged:
            self.shadow_abort_cause = self.shadow_abort_cause or self._failed_on_shadow(sql)
        return out

    def _forget(self, names: Sequence[str]) -> None:
        for name in names:
            self.temp.pop(name.lower(), None)
            self.runner.unlogged.pop(name.lower(), None)

    def _fail_replica_block(self, sql: str) -> None:
        """The primary's transaction block failed on a write: the shadow's must fail too, or
        its COMMIT would keep the SETs the primary's rolls back. The write itself is sent
        (a hot standby refuses it); should the shadow's block still be fine, its settings
        are counted as diverged."""
        replica_status = pq.TransactionStatus(self.replica.pgconn.transaction_status)
        if replica_status != pq.TransactionStatus.INTRANS:
            return
        self._exec(self.replica, sql)
        if pq.TransactionStatus(self.replica.pgconn.transaction_status) \
                != pq.TransactionStatus.INERROR:
            self.diverged["(transaction block)"] = (
                "the primary's transaction block failed where the shadow's did not "
                f"({sql[:80]!r}); the settings it changed may differ")

    def _failed_on_shadow(self, sql: str) -> str:
        """Why the shadow's transaction block failed, if it did (its status says so)."""
        if self._replica_status() == pq.TransactionStatus.INERROR:
            return f"the shadow's transaction block failed at {sql[:80]!r}"
        return ""

    def _replica_status(self) -> pq.TransactionStatus:
        return pq.TransactionStatus(self.replica.pgconn.transaction_status)

    def _end_shadow_block(self, sql: str, failed: bool) -> None:
        """The primary's transaction block ended on a statement the shadow did not run as
        such: PREPARE TRANSACTION (the block ends, its settings kept as on COMMIT:
        PrepareTransaction runs AtEOXact_GUC(true)), a COMMIT or PREPARE that failed (the block
        is rolled back), COMMIT/ROLLBACK PREPARED. The shadow's session ends its block the same
        way, or it would stay in a transaction (aborted, if something there failed) that the
        primary no longer has."""
        self.shadow_abort_cause = ""
        if self._replica_status() not in (pq.TransactionStatus.INTRANS,
                                          pq.TransactionStatus.INERROR):
            return
        end = "ROLLBACK" if failed else "COMMIT"
        self._exec(self.replica, end)
        self.file.meta[f"shadow's block ended with {end} (the primary's ended)"] += 1

    def _note_failed_c_function(self, sql: str, err: QueryError) -> None:
        lib = self.runner.variables.get("regresslib")
        if not lib or lib not in sql:
            return
        try:
            import pglast

            stmt = pglast.parse_sql(sql)[0].stmt
        except Exception:
            return
        names = getattr(stmt, "funcname", None)
        if names:
            self.runner.missing_c.add(str(names[-1].sval).lower())

    def _skip_reason(self, cls: Classification) -> str | None:
        status = self._tx_status()
        if status == pq.TransactionStatus.INERROR:
            return "inside an aborted transaction"
        if status == pq.TransactionStatus.INTRANS and self.tx_dirty:
            return "inside a transaction that already changed data (uncommitted on the shadow)"
        for schema, name in cls.relations:
            why = self.temp.get(name.lower()) or self.runner.unlogged.get(name.lower())
            if why is not None or (schema or "").lower().startswith("pg_temp"):
                return f"reads a {why or 'temporary'} table (not replicated)"
        missing = sorted(cls.functions & self.runner.missing_c)
        if missing:
            return f"needs regress.so C function(s) {', '.join(missing)}"
        return None

    def read(
        self, sql: str, line: int, cls: Classification, *, forced_reason: str | None = None
    ) -> Read:
        """Run a read on the primary, the shadow, and the primary again; classify."""
        tier = (cls.tier or Tier.EXPR).value
        reason = forced_reason or self._skip_reason(cls)
        p1 = self._exec(self.primary, sql)
        if isinstance(p1, QueryError):
            self.file.primary_errors += 1
            if "regress" in p1.message and self.runner.variables.get("regresslib", "\0") in (
                p1.message
            ):
                reason = reason or "needs regress.so"
        # An expression-tier read touches no relation: it needs no replicated state.
        if reason is None and tier != Tier.EXPR.value and not self.runner.fence_now():
            reason = "the shadow did not catch up with the primary (replication stalled)"
            if not self.runner.lag_noted:
                self.runner.lag_noted = True
                self.file.notes.append(f"the shadow stopped catching up at line {line}")
        if reason is not None:
            if self.runner.mirror:  # keep a mirrored second primary in step
                self._exec(self.replica, sql)
            return self._skipped(sql, line, tier, reason, p1)
        if self.diverged or self.tx_diverged:
            why = next(iter({**self.diverged, **self.tx_diverged}.values()))
            return self._unsupported(sql, line, tier, why, p1)
        rep = self._exec(self.replica, sql)
        if isinstance(rep, QueryError) and not isinstance(p1, QueryError) \
                and self._tx_status() != pq.TransactionStatus.IDLE:
            # the shadow's transaction block is now aborted and the primary's is not
            self.tx_diverged["aborted"] = (
                "the shadow's transaction block failed on an earlier read the primary ran")
            self.shadow_abort_cause = self.shadow_abort_cause or (
                f"the shadow's transaction block failed at a read the primary ran ({sql[:80]!r})")
        spec = order_spec(sql)
        volatile = False
        # The second primary run decides "volatile"; a read the shadow refused (0A000) is
        # "unsupported" whatever the primary does, so it is not re-run.
        refused = isinstance(rep, QueryError) and rep.sqlstate == "0A000"
        in_tx = self._tx_status() != pq.TransactionStatus.IDLE
        if not refused and (not in_tx or not isinstance(p1, QueryError)):
            p2 = self._exec(self.primary, sql)
            volatile = _volatile(p1, p2, spec)
        verdict = compare(p1, rep, spec, max_rows=MAX_ROWS)
        result, reason = self._result(verdict, p1, rep, volatile)
        if result is Result.MISMATCH and shadow_block_failed(p1, rep):
            # not the engine's answer to this read: its session refuses every statement until
            # the block ends, because an earlier statement failed there and not on the primary
            result = Result.UNSUPPORTED
            reason = self.shadow_abort_cause or (
                "the shadow's transaction block had already failed on a statement the "
                "primary ran (25P02)")
        self.file.add(tier, result)
        record = None
        if result is not Result.MATCH:
            record = self._record(sql, line, tier, result, verdict, p1, rep, reason)
            if result is Result.SKIPPED:
                self.file.skip_reasons[reason] += 1
        return Read(result, p1, rep, record)

    def _result(
        self, verdict: Verdict, p1: Outcome, rep: Outcome, volatile: bool
    ) -> tuple[Result, str]:
        if volatile:
            return Result.VOLATILE, "the primary answered differently on a second run"
        if (
            isinstance(rep, QueryError)
            and rep.sqlstate == "25006"
            and not (isinstance(p1, QueryError) and p1.sqlstate == "25006")
        ):
            return Result.SKIPPED, "writes: refused by the shadow as on a hot standby (25006)"
        match verdict.status:
            case Status.MATCH | Status.ERROR:
                return Result.MATCH, ""
            case Status.UNSUPPORTED:
                return Result.UNSUPPORTED, verdict.summary
            case Status.MISMATCH:
                return Result.MISMATCH, verdict.summary
            case Status.NOT_RUN:
                return Result.SKIPPED, f"not run: {verdict.summary}"
        return Result.SKIPPED, "unknown"  # pragma: no cover

    def _skipped(self, sql: str, line: int, tier: str, reason: str, p1: Outcome) -> Read:
        self.file.add(tier, Result.SKIPPED)
        self.file.skip_reasons[reason] += 1
        record = Record(
            self.file.name, line, sql[:MAX_SQL], tier, Result.SKIPPED.value, reason=reason,
            fingerprint=fingerprint(sql), primary=outcome_json(p1),
        )
        if self.runner.keep_skipped:
            self.file.records.append(record)
        return Read(Result.SKIPPED, p1, None, record)

    def _unsupported(self, sql: str, line: int, tier: str, reason: str, p1: Outcome) -> Read:
        """A read under session settings the shadow refused: it cannot be answered there."""
        self.file.add(tier, Result.UNSUPPORTED)
        record = Record(
            self.file.name, line, sql[:MAX_SQL], tier, Result.UNSUPPORTED.value, reason=reason,
            fingerprint=fingerprint(sql), primary=outcome_json(p1),
        )
        self.file.records.append(record)
        return Read(Result.UNSUPPORTED, p1, None, record)

    def _record(
        self, sql: str, line: int, tier: str, result: Result, verdict: Verdict, p1: Outcome,
        rep: Outcome, reason: str,
    ) -> Record:
        record = Record(
            self.file.name, line, sql[:MAX_SQL], tier, result.value,
            kind=verdict.kind.value if verdict.kind is not None else None,
            summary=verdict.summary, reason=reason, fingerprint=fingerprint(sql),
            primary=outcome_json(p1), replica=outcome_json(rep), notes=list(verdict.notes),
        )
        if result is Result.MISMATCH:
            record.primary = dict(record.primary or {}, only=[list(r) for r in verdict.primary_only])
            record.replica = dict(record.replica or {}, only=[list(r) for r in verdict.replica_only])
        if result is not Result.SKIPPED or self.runner.keep_skipped:
            self.file.records.append(record)
        return record

    # -- statements ------------------------------------------------------------------------

    def statement(self, stmt: Statement) -> None:
        """One statement from the splitter, dispatched on its classification."""
        self.file.statements += 1
        # the primary reports standard_conforming_strings (ParameterStatus); with it off,
        # plain literals are escape strings and the text is classified as read that way
        scs = self.primary.info.parameter_status("standard_conforming_strings")
        cls = classify(stmt.sql, standard_strings=scs != "off")
        if stmt.send == "gdesc":
            self._meta_skip("\\gdesc (describe only, not executed)")
            return
        if stmt.send == "parse":
            self._meta_skip("\\parse (prepared by name, run by \\bind_named)")
            return
        forced = "psql \\bind parameters" if self.bind is not None else None
        if forced is None and cls.use is Use.READ:
            forced = self.runner.may_write(cls.functions)
        if cls.use is Use.READ and stmt.copy_data is None:
            read = self.read(stmt.sql, stmt.line, cls, forced_reason=forced)
            out: Outcome = read.primary
        else:
            out = self.write(stmt.sql, cls, stmt.copy_data)
        self.bind = None
        if stmt.send == "gset":
            self._gset(out, stmt.send_args[0] if stmt.send_args else "")
        elif stmt.send == "gexec" and isinstance(out, ResultSet):
            for row in out.rows:
                for value in row:
                    if value is not None:
                        self.statement(Statement(value, stmt.line))

    def _gset(self, out: Outcome, prefix: str) -> None:
        if isinstance(out, ResultSet) and len(out.rows) == 1:
            for col, value in zip(out.columns, out.rows[0], strict=True):
                if value is None:
                    self.runner.variables.pop(prefix + col.name, None)
                else:
                    self.runner.variables[prefix + col.name] = value

    def _meta_skip(self, reason: str) -> None:
        self.file.meta[f"skipped: {reason}"] += 1

    def meta(self, cmd: MetaCommand) -> None:
        name = cmd.name
        if name in IGNORED_META:
            self.file.meta["ignored"] += 1
        elif name in ("c", "connect"):
            user = cmd.args[1] if len(cmd.args) > 1 and cmd.args[1] != "-" else None
            try:
                self.reconnect(user)
                self.file.meta["\\connect (new sessions)"] += 1
            except psycopg.Error as exc:
                self.file.notes.append(f"\\connect {' '.join(cmd.args)} failed: {exc}")
                self.reconnect(None)
                self._meta_skip("\\connect as another user failed; reconnected as before")
        elif name == "bind":
            self.bind = list(cmd.args)
            self.file.meta["\\bind"] += 1
        elif name.startswith("d") or name in ("l", "z", "sf", "sv", "dconfig", "lo_list"):
            self._meta_skip("psql describe command")
        elif name == "bind_named":
            self._meta_skip("\\bind_named (runs a statement prepared by \\parse)")
        elif name == "copy":
            self._meta_skip("\\copy (client-side COPY)")
        elif name.startswith("lo_"):
            self._meta_skip("large-object meta-command")
        else:
            self._meta_skip(f"unknown meta-command \\{name}")


def shadow_block_failed(primary: Outcome, replica: Outcome) -> bool:
    """The shadow answered 25P02 ("current transaction is aborted") where the primary did
    not: its transaction block failed earlier on a statement the primary ran."""
    return isinstance(replica, QueryError) and replica.sqlstate == "25P02" and not (
        isinstance(primary, QueryError) and primary.sqlstate == "25P02")


def _transaction_scoped(sql: str) -> bool:
    """Transaction control, SET LOCAL and SET TRANSACTION: over when the block ends."""
    try:
        import pglast

        stmt = pglast.parse_sql(sql)[0].stmt
    except Exception:
        return False
    if type(stmt).__name__ == "TransactionStmt":
        return True
    return bool(getattr(stmt, "is_local", False)) or \
        str(getattr(stmt, "name", "") or "").upper() == "TRANSACTION"


def _setting_name(sql: str) -> str:
    """The setting a SET/RESET changes ('*' for RESET ALL / DISCARD ALL, '' otherwise)."""
    try:
        import pglast

        stmt = pglast.parse_sql(sql)[0].stmt
    except Exception:
        return ""
    name = getattr(stmt, "name", None)
    kind = getattr(getattr(stmt, "kind", None), "name", "")
    if type(stmt).__name__ == "DiscardStmt" or kind == "VAR_RESET_ALL":
        return "*"
    return str(name).lower() if name else ""


def _exec_params(conn: Conn, sql: str, params: list[str]) -> Outcome:
    """Extended protocol with text parameters ``$1…`` (psql's ``\\bind``)."""
    try:
        res = conn.pgconn.exec_params(sql.encode(), [p.encode() for p in params])
    except psycopg.Error as exc:
        return NotRun(f"exec_params failed: {exc}")
    status = pq.ExecStatus(res.status)
    if status in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
        from replica.diff.runner import _result_set

        return _result_set(res, (res.command_status or b"").decode())
    sqlstate = res.error_field(pq.DiagnosticField.SQLSTATE)
    message = res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)
    return QueryError(
        (sqlstate or b"XX000").decode(), (message or res.error_message or b"").decode()
    )


def _exec_copy(conn: Conn, sql: str, data: str | None) -> Outcome:
    """COPY … FROM STDIN with the script's inline data, or COPY … TO STDOUT (discarded)."""
    try:
        with conn.cursor() as cur:
            with cur.copy(sql.encode()) as copy:
                if data is not None:
                    copy.write(data.encode())
                else:
                    for _ in copy:
                        pass
            return ResultSet((), (), cur.statusmessage or "COPY")
    except psycopg.Error as exc:
        if exc.sqlstate:
            return QueryError(exc.sqlstate, exc.diag.message_primary or str(exc))
        return NotRun(f"COPY failed: {exc}")


# --------------------------------------------------------------------------------------------
# Runner


class ReplayRunner:
    """Runs scripts on a primary and a replica; reusable across files (one database).

    ``fence`` waits for the shadow (default: poll ``pg_last_wal_replay_lsn()`` on the replica).
    ``variables``/``env`` seed psql variables (``abs_srcdir``…) and ``\\getenv``.
    """

    def __init__(
        self,
        primary_dsn: str,
        replica_dsn: str,
        *,
        settings: Mapping[str, str] | None = None,
        fence: Fence | None = None,
        variables: MutableMapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        keep_skipped: bool = True,
        progress: Callable[[str, int], None] | None = None,
        mirror: bool = False,
    ) -> None:
        self.primary_dsn = primary_dsn
        self.replica_dsn = replica_dsn
        self.settings = dict(settings if settings is not None else DEFAULT_SETTINGS)
        self.initial_variables = dict(variables or {})
        self.variables: dict[str, str] = dict(self.initial_variables)
        self.missing_c: set[str] = set()  # C functions whose CREATE failed (no regress.so)
        self.unlogged: dict[str, str] = {}  # unlogged relations (not replicated)
        self.env = dict(env or {})
        self.timeout = timeout
        self.keep_skipped = keep_skipped
        # Mirror writes to the replica: for a second primary standing in for the shadow (the
        # harness's self-test), never for a real shadow.
        self.mirror = mirror
        self.progress = progress
        self.notes: list[str] = []
        self._fence_conn: ReplicaFence | None = None
        self.fence: Fence
        if fence is None:
            self._fence_conn = ReplicaFence(replica_dsn, self.notes)
            self.fence = self._fence_conn
        else:
            self.fence = fence
        try:
            self.helper: Conn = psycopg.connect(primary_dsn, autocommit=True)
        except BaseException:
            if self._fence_conn is not None:
                self._fence_conn.close()
            raise
        self._fenced: int | None = None
        self._builtins: frozenset[str] | None = None
        self._lagging = False
        self.lag_noted = False

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.helper.close()
        if self._fence_conn is not None:
            with contextlib.suppress(Exception):
                self._fence_conn.close()

    def __enter__(self) -> ReplayRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def may_write(self, functions: frozenset[str]) -> str | None:
        """Why a read calling ``functions`` must run on the primary only, or None.

        A user-defined VOLATILE function may write (``SELECT make_table()``): running it on the
        shadow and a second time on the primary would change what the script does. Names that
        are not builtins and not (yet) visible in ``pg_proc`` count as user-defined volatile.
        """
        if self._builtins is None:
            rows = self.helper.execute(
                "SELECT DISTINCT proname::text FROM pg_proc WHERE oid < 16384").fetchall()
            self._builtins = frozenset(str(r[0]) for r in rows)
        user = sorted(f for f in functions if f not in self._builtins)
        if not user:
            return None
        rows = self.helper.execute(
            "SELECT proname::text, bool_or(provolatile = 'v') FROM pg_proc"
            " WHERE proname = ANY(%s) GROUP BY proname", [user]).fetchall()
        stable = {str(name) for name, volatile in rows if not volatile}
        risky = [f for f in user if f not in stable]
        if not risky:
            return None
        return f"calls user-defined volatile function {risky[0]} (may write): primary only"

    def primary_lsn(self) -> int:
        row = self.helper.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        return parse_lsn(str(row[0]))

    def fence_now(self) -> bool:
        """Wait for the shadow to reach the primary's current position (if it moved)."""
        lsn = self.primary_lsn()
        if self._fenced is not None and lsn <= self._fenced:
            return True
        ok = self.fence(lsn, 2.0 if self._lagging else self.timeout)
        self._lagging = not ok
        if ok:
            self._fenced = lsn
        return ok

    def session(self, file: FileResult) -> ScriptSession:
        return ScriptSession(self, file)

    def run_text(self, text: str, name: str) -> FileResult:
        """Replay one script's text; the result is named ``name``."""
        file = FileResult(name)
        started = time.monotonic()
        self.variables = dict(self.initial_variables)  # psql variables are per session
        try:
            sess = self.session(file)
        except psycopg.Error as exc:
            file.could_not_run = f"cannot connect: {' '.join(str(exc).split())}"
            return file
        try:
            def std_strings() -> bool:  # what psql asks its connection
                scs = sess.primary.info.parameter_status("standard_conforming_strings")
                return scs != "off"

            for n, item in enumerate(split_script(text, self.variables, self.env,
                                                  std_strings), 1):
                if isinstance(item, MetaCommand):
                    sess.meta(item)
                else:
                    sess.statement(item)
                if self.progress is not None and n % 25 == 0:
                    self.progress(name, n)
        except psycopg.OperationalError as exc:
            file.could_not_run = f"connection lost: {' '.join(str(exc).split())}"
        finally:
            sess.close()
            file.seconds = time.monotonic() - started
        return file

    def run_file(self, path: str | Path, name: str | None = None) -> FileResult:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            return FileResult(name or str(path), could_not_run=f"cannot read: {exc}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # e.g. collate.windows.win1252.sql: psql sends raw bytes
            text = data.decode("latin-1")
        return self.run_text(text, name or str(path))

    def run_files(self, paths: Iterable[str | Path]) -> list[FileResult]:
        """Run files in order on the same database; per-file per-tier counts. ``.test`` files
        are sqllogictest records, anything else a psql script."""
        from replica.replay.sqllogictest import run_slt

        out: list[FileResult] = []
        for p in paths:
            started = time.monotonic()
            if str(p).endswith(".test"):
                res = run_slt(self, p)
                res.seconds = time.monotonic() - started
            else:
                res = self.run_file(p)
            out.append(res)
        return out


def replay(
    primary_dsn: str,
    replica_dsn: str,
    files: Iterable[str | Path],
    *,
    settings: Mapping[str, str] | None = None,
    variables: MutableMapping[str, str] | None = None,
    timeout: float = 30.0,
) -> ReplayReport:
    """``pgshadow replay``: every file on the primary, reads compared with the replica."""
    settings = dict(settings if settings is not None else DEFAULT_SETTINGS)
    report = ReplayReport(redact(primary_dsn), redact(replica_dsn), settings)
    started = time.monotonic()
    try:
        runner = ReplayRunner(
            primary_dsn, replica_dsn, settings=settings, variables=variables, timeout=timeout
        )
    except psycopg.Error as exc:
        report.could_not_run = f"cannot connect: {' '.join(str(exc).split())}"
        return report
    with runner:
        report.files = runner.run_files(files)
        report.notes.extend(runner.notes)
    report.seconds = time.monotonic() - started
    return report
