"""A client session: settings, transaction state, snapshots, and statement dispatch.

Statements are dispatched on their pglast node class through ``STATEMENTS``; a miss is refused
with 0A000. Reads see one snapshot per statement (READ COMMITTED) or per transaction
(REPEATABLE READ), or the LSN pinned with ``SET pgshadow.read_lsn``. Writes fail the way they
fail on a hot standby: they parse and prepare fine and raise 25006 when executed.

Satisfies ``wire.backend.SessionLike`` by shape; must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pglast
from pglast import ast, enums

from engine import guc, sqltext, usertypes
from engine import types as T
from engine.binder.query import Bound, bind_statement
from engine.binder.scope import BindContext
from engine.binder.typesupport import input_value
from engine.database import Database
from engine.errors import (
    EngineError,
    FeatureNotSupported,
    InFailedSqlTransaction,
    ReadOnlySqlTransaction,
    SyntaxError_,
)
from engine.exec import (  # noqa: F401 (registers the operators)
    aggregate,
    distinct,
    filter,
    join,
    limit,
    project,
    scan,
    setop,
    sort,
    window,
)
from engine.exec.context import ExecContext
from engine.exec.operators import run
from engine.plan.nodes import explain
from engine.plan.planner import plan_query
from engine.result import Column, Prepared, Result, lsn_text
from engine.types import regnames
from engine.types.settings import split_identifiers


class Session:
    def __init__(self, db: Database, startup: Mapping[str, str] | None = None) -> None:
        self.db = db
        self.settings: dict[str, str] = {g.name: g.default for g in guc.GUCS.values()}
        self.settings.update({k: v for k, v in db.info.defaults.items() if k in self.settings})
        self.settings["server_version"] = db.info.server_version
        self.settings["server_version_num"] = str(db.info.server_version_num)
        self.in_transaction = False
        self.failed_transaction = False
        self.database = (startup or {}).get("database") or (startup or {}).get("user") or \
            "postgres"
        self._tx_snapshot: int | None = None
        self._tx_saved: dict[str, str] | None = None
        self._local_saved: dict[str, str] = {}
        # SAVEPOINTs of the open transaction: (name, settings, SET LOCAL originals) at each
        self._savepoints: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self._format = T.DEFAULT_SETTINGS
        # the shadow's own clock: start of the current client message and of the transaction
        # (an implicit one lasts until Sync / the end of a simple query, as in postgres.c)
        self._stmt_start = T.clock_now()
        self._xact_start = self._stmt_start
        self._implicit_open = False
        self._apply_startup(startup or {})
        self._refresh_format()
        # RESET and SET ... TO DEFAULT go back to the session's start values (the startup
        # packet's options), not to the built-in defaults (guc.c reset_val)
        self._reset_values = dict(self.settings)

    # --- settings ------------------------------------------------------------------------------

    def _apply_startup(self, startup: Mapping[str, str]) -> None:
        for key, value in startup.items():
            if key in ("user",):
                self.settings["session_authorization"] = value
            elif key == "options":
                for name, val in _parse_options(value):
                    self.set(name, val)
            elif key in ("database", "replication"):
                continue
            elif guc.lookup(key) is not None:
                self.set(key, value)

    def set(self, name: str, value: str, local: bool = False) -> None:
        canon, val = guc.check_value(name, value, self.settings)
        if local:
            if not self.in_transaction:
                return  # SET LOCAL outside a transaction block has no effect (a WARNING in PG)
            self._local_saved.setdefault(canon, self.settings.get(canon, ""))
        elif self.in_transaction:
            self._local_saved.pop(canon, None)  # a plain SET outlives an earlier SET LOCAL
        self.settings[canon] = val
        self._refresh_format()

    def show(self, name: str) -> str:
        g = guc.lookup(name)
        if g is None:
            if name.lower() in self.settings:
                return self.settings[name.lower()]
            raise EngineError(f'unrecognized configuration parameter "{name}"', sqlstate="42704")
        return self.settings[g.name]

    def _refresh_format(self) -> None:
        style, order = T.parse_datestyle(self.settings["DateStyle"], T.DEFAULT_SETTINGS)
        self._format = T.FormatSettings(
            datestyle=style, date_order=order, timezone=self.settings["TimeZone"],
            intervalstyle=self.settings["IntervalStyle"],
            extra_float_digits=int(self.settings["extra_float_digits"]),
            bytea_output=self.settings["bytea_output"],
            xact_start=self._xact_start, stmt_start=self._stmt_start,
        )

    def _standard_strings(self) -> bool:
        return self.settings["standard_conforming_strings"] == "on"

    def _start_message(self) -> None:
        """A client message arrives: statement_timestamp(); a transaction starts unless one is
        open (xact.c: xactStartTimestamp = stmtStartTimestamp)."""
        self._stmt_start = T.clock_now()
        if not self.in_transaction and not self._implicit_open:
            self._xact_start = self._stmt_start
            self._implicit_open = True
        self._refresh_format()

    @property
    def parameter_status(self) -> Mapping[str, str]:
        return {g.name: self.settings[g.name] for g in guc.GUCS.values() if g.reported}

    # --- the SessionLike surface ---------------------------------------------------------------

    def execute_simple(self, sql: str) -> Iterator[Result]:
        self._implicit_open = False  # a Query message outside a block starts a transaction
        self._start_message()
        try:
            stmts = _parse(sql, self._standard_strings())
            for raw in stmts:
                yield self._execute_stmt(raw.stmt, [], [])
        finally:
            self._implicit_open = False

    def prepare(self, sql: str, param_type_oids: Sequence[int]) -> Prepared:
        self._start_message()
        stmts = _parse(sql, self._standard_strings())
        if len(stmts) > 1:
            raise SyntaxError_("cannot insert multiple commands into a prepared statement")
        if not stmts:
            return Prepared(sql, None, list(param_type_oids), None)
        stmt = stmts[0].stmt
        types = list(param_type_oids)
        columns = None
        if isinstance(stmt, ast.SelectStmt):
            with usertypes.installed(self.db.user_types), self._primary_names():
                columns = self._columns(self._bind(stmt, types, infer=True))
        return Prepared(sql, stmt, types, columns)

    def execute_prepared(self, prepared: object, params: Sequence[bytes | None],
                         param_formats: Sequence[int]) -> Result:
        # ``object``: the wire layer hands back what ``prepare`` returned (its protocol type
        # is wider than ours, and parameters are contravariant).
        if not isinstance(prepared, Prepared):
            raise TypeError(f"not a statement prepared by this engine: {prepared!r}")
        if prepared.stmt is None:
            return Result(None, [], "")
        self._start_message()
        values = self._decode_params(prepared, params, param_formats)
        return self._execute_stmt(prepared.stmt, list(prepared.param_type_oids), values)

    def sync(self) -> None:
        self._implicit_open = False

    def close(self) -> None:
        pass

    # --- dispatch ------------------------------------------------------------------------------

    def _execute_stmt(self, stmt: Any, param_types: list[int], params: list[Any]) -> Result:
        if self.failed_transaction and not _ends_transaction(stmt):
            raise InFailedSqlTransaction(
                "current transaction is aborted, commands ignored until end of transaction block"
            )
        if not self.in_transaction and not self._implicit_open:
            # a statement after COMMIT in the same message starts the next transaction
            self._xact_start = self._stmt_start
            self._implicit_open = True
            self._refresh_format()
        handler = STATEMENTS.get(type(stmt))
        if handler is None:
            raise FeatureNotSupported(f"statement {type(stmt).__name__} is not supported yet")
        try:
            with usertypes.installed(self.db.user_types), self._primary_names():
                return handler(self, stmt, param_types, params)
        except Exception:
            if self.in_transaction:
                self.failed_transaction = True
            raise

    def _primary_names(self) -> contextlib.AbstractContextManager[None]:
        """reg* names are read by the primary (DDL does not replicate), under this session's
        search_path."""
        lookup = self.db.reg_lookup
        if lookup is None:
            return regnames.primary_names(None)
        path = self.settings["search_path"]
        return regnames.primary_names(lambda type_name, text: lookup(type_name, text, path))

    def _search_path(self) -> tuple[str, ...]:
        parts = split_identifiers(self.settings["search_path"])
        if parts is None:
            raise FeatureNotSupported(
                f'search_path "{self.settings["search_path"]}" is not a valid list')
        user = self.settings["session_authorization"]
        return tuple(user if p == "$user" else p for p in parts if p)

    def snapshot(self) -> int:
        pinned = self.settings.get("pgshadow.read_lsn", "")
        if pinned:
            return self._pinned_lsn(pinned)
        if self._tx_snapshot is not None:
            return self._tx_snapshot
        snap = self.db.applied_lsn
        if self.in_transaction and self.settings["transaction_isolation"] != "read committed":
            self._tx_snapshot = snap
        return snap

    def _pinned_lsn(self, text: str) -> int:
        hi, lo = text.split("/")
        lsn = (int(hi, 16) << 32) | int(lo, 16)
        if lsn > self.db.applied_lsn:
            raise EngineError(
                f"LSN {text} has not been applied yet (applied: {lsn_text(self.db.applied_lsn)})",
                sqlstate="55000",
            )
        if lsn < self.db.oldest_lsn:
            raise EngineError(
                f"LSN {text} is older than the oldest retained snapshot "
                f"{lsn_text(self.db.oldest_lsn)}", sqlstate="55000",
            )
        return lsn

    def _context(self, params: Sequence[Any] = ()) -> ExecContext:
        return ExecContext(
            snapshot_lsn=self.snapshot(), settings=self._format, stores=self.db.stores,
            version_string=self.db.info.version_string, params=params, show=self.show,
            database=self.database, search_path=self._search_path(),
            object_exists=self.db.object_exists, collation=self.db.info.collation,
            ctype=self.db.info.ctype,
            known_schemas=frozenset({"pg_catalog", "public",
                                     *(t.schema for t in self.db.catalog.tables.values())}),
        )

    def _bind(self, stmt: Any, param_types: list[int], infer: bool = False) -> Bound:
        ctx = BindContext(self.db.catalog, self._search_path(), self._format, param_types,
                          infer_params=infer, collation=self.db.info.collation,
                          ctype=self.db.info.ctype, table_lookup=self.db.lookup_table,
                          unreadable=lambda oid: self.db.unreadable.get(oid, frozenset()),
                          object_exists=self.db.object_exists,
                          table_shape=self.db.table_shape,
                          restricted_kinds=guc.restricted_kinds(
                              self.settings["restrict_nonsystem_relation_kind"]))
        bound = bind_statement(stmt, ctx)
        for oid in ctx.readable:
            self.db.check_readable(oid)
        return bound

    def _columns(self, bound: Bound) -> list[Column]:
        cols = []
        for out in bound.columns:
            pgtype = T.type_by_oid(out.expr.type_oid)
            cols.append(Column(out.name, pgtype.oid, pgtype.typlen, out.expr.typmod,
                               out.table_oid, out.column_number))
        return cols

    def _decode_params(self, prepared: Prepared, params: Sequence[bytes | None],
                       formats: Sequence[int]) -> list[Any]:
        values: list[Any] = []
        for i, raw in enumerate(params):
            fmt = formats[0] if len(formats) == 1 else (formats[i] if formats else 0)
            if raw is None:
                values.append(None)
                continue
            if fmt != 0:
                raise FeatureNotSupported("binary-format parameters are not supported yet")
            oid = prepared.param_type_oids[i] if i < len(prepared.param_type_oids) else 0
            pgtype = T.type_by_oid(oid if oid else 25)
            values.append(input_value(pgtype, raw.decode("utf-8"), -1, self._format))
        return values

    # --- statements ----------------------------------------------------------------------------

    def run_select(self, stmt: Any, param_types: list[int],
                   params: list[Any]) -> Result:
        bound = self._bind(stmt, param_types)
        columns = self._columns(bound)
        plan = plan_query(bound.query)
        ctx = self._context(params)
        settings = self._format
        outs = [T.type_by_oid(c.type_oid).output for c in columns]
        rows: list[tuple[str | None, ...]] = []
        for row in run(plan, ctx):
            rows.append(tuple(None if v is None else out(v, settings)
                              for v, out in zip(row, outs, strict=True)))
        return Result(columns, rows, f"SELECT {len(rows)}")

    def run_explain(self, stmt: Any, param_types: list[int],
                    params: list[Any]) -> Result:
        if stmt.options:
            raise FeatureNotSupported("EXPLAIN options are not supported yet")
        if not isinstance(stmt.query, ast.SelectStmt):
            return _write_refused(self, stmt.query, param_types, params)
        text = explain(plan_query(self._bind(stmt.query, param_types).query))
        col = Column("QUERY PLAN", 25, -1, -1, 0, 0)
        return Result([col], [(line,) for line in text.split("\n")], "EXPLAIN")

    def run_set(self, stmt: Any, param_types: list[int],
                params: list[Any]) -> Result:
        kind = stmt.kind
        if kind == enums.VariableSetKind.VAR_SET_MULTI:
            return self._set_multi(stmt)
        if kind == enums.VariableSetKind.VAR_RESET_ALL:
            self._reset_all()
            return Result(None, [], "RESET")
        name = stmt.name
        if kind in (enums.VariableSetKind.VAR_SET_DEFAULT, enums.VariableSetKind.VAR_RESET):
            known = guc.lookup(name)
            if known is None:  # a custom placeholder resets to empty; others raise 42704
                self.set(name, "", bool(stmt.is_local))
            else:
                self.set(known.name, self._reset_values.get(known.name, known.default),
                         bool(stmt.is_local))
            return Result(None, [], "RESET" if kind == enums.VariableSetKind.VAR_RESET else "SET")
        if kind == enums.VariableSetKind.VAR_SET_CURRENT:
            raise FeatureNotSupported("SET ... FROM CURRENT is not supported")
        value = _set_value(name, stmt.args)
        self.set(name, value, stmt.is_local)
        return Result(None, [], "SET")

    def _set_multi(self, stmt: Any) -> Result:
        if stmt.name in ("TRANSACTION", "SESSION CHARACTERISTICS"):
            self._transaction_options(stmt.args or ())
            return Result(None, [], "SET")
        raise FeatureNotSupported(f"SET {stmt.name} is not supported yet")

    def _transaction_options(self, options: Sequence[Any]) -> None:
        for opt in options:
            value = opt.arg.val
            if opt.defname == "transaction_read_only":
                if not value.ival:
                    raise FeatureNotSupported(
                        "cannot set transaction read-write mode during recovery"
                    )
            elif opt.defname == "transaction_isolation":
                level = value.sval
                if level == "serializable":
                    raise FeatureNotSupported(
                        "cannot use serializable mode in a hot standby",
                        hint="You can use REPEATABLE READ instead.",
                    )
                self.settings["transaction_isolation"] = (
                    "repeatable read" if level == "repeatable read" else "read committed"
                )
            elif opt.defname == "transaction_deferrable":
                continue
            else:
                raise FeatureNotSupported(f"transaction option {opt.defname}")

    def _reset_all(self) -> None:
        for g in guc.GUCS.values():
            if g.settable and g.name not in ("transaction_read_only",):
                self.settings[g.name] = self._reset_values.get(g.name, g.default)
        for name in self.settings:
            if "." in name and guc.lookup(name) is None:
                self.settings[name] = ""  # custom placeholders go back to empty
        self._refresh_format()

    def run_discard(self, stmt: Any, param_types: list[int],
                    params: list[Any]) -> Result:
        target = stmt.target.name[8:]
        if target == "ALL":
            if self.in_transaction:
                raise EngineError("DISCARD ALL cannot run inside a transaction block",
                                  sqlstate="25001")
            self._reset_all()
        return Result(None, [], "DISCARD " + target)

    def run_show(self, stmt: Any, param_types: list[int],
                 params: list[Any]) -> Result:
        if stmt.name.lower() == "all":
            raise FeatureNotSupported("SHOW ALL is not supported yet")
        g = guc.lookup(stmt.name)
        value = self.show(stmt.name)
        colname = g.name if g is not None else stmt.name
        return Result([Column(colname, 25, -1, -1, 0, 0)], [(value,)], "SHOW")

    def run_transaction(self, stmt: Any, param_types: list[int],
                        params: list[Any]) -> Result:
        K = enums.TransactionStmtKind
        kind = stmt.kind
        if kind in (K.TRANS_STMT_BEGIN, K.TRANS_STMT_START):
            if self.in_transaction:
                return Result(None, [], "BEGIN")  # a WARNING in PG; the block goes on
            self._tx_saved = dict(self.settings)
            self.in_transaction = True
            self._transaction_options(stmt.options or ())
            return Result(None, [], "BEGIN" if kind == K.TRANS_STMT_BEGIN else "START TRANSACTION")
        if kind in (K.TRANS_STMT_COMMIT, K.TRANS_STMT_ROLLBACK):
            rolled_back = kind == K.TRANS_STMT_ROLLBACK or self.failed_transaction
            self._end_transaction(commit=not rolled_back)
            return Result(None, [], "ROLLBACK" if rolled_back else "COMMIT")
        if kind in (K.TRANS_STMT_SAVEPOINT, K.TRANS_STMT_RELEASE, K.TRANS_STMT_ROLLBACK_TO):
            return self._savepoint(kind, stmt.savepoint_name)
        raise FeatureNotSupported(f"transaction command {kind.name[11:]} is not supported yet")

    def _savepoint(self, kind: Any, name: str) -> Result:
        """Savepoints matter to a read-only session only for settings: ROLLBACK TO puts back
        what SET and SET LOCAL changed since the savepoint, RELEASE keeps it (guc.c)."""
        K = enums.TransactionStmtKind
        word = {K.TRANS_STMT_SAVEPOINT: "SAVEPOINT", K.TRANS_STMT_RELEASE: "RELEASE",
                K.TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO SAVEPOINT"}[kind]
        if not self.in_transaction:
            raise EngineError(f"{word} can only be used in transaction blocks",
                              sqlstate="25P01")
        if kind == K.TRANS_STMT_SAVEPOINT:
            self._savepoints.append((name, dict(self.settings), dict(self._local_saved)))
            return Result(None, [], "SAVEPOINT")
        at = next((i for i in range(len(self._savepoints) - 1, -1, -1)
                   if self._savepoints[i][0] == name), None)
        if at is None:
            if kind == K.TRANS_STMT_ROLLBACK_TO:
                self.failed_transaction = True
            raise EngineError(f'savepoint "{name}" does not exist', sqlstate="3B001")
        if kind == K.TRANS_STMT_RELEASE:
            del self._savepoints[at:]
            return Result(None, [], "RELEASE")
        _, settings, local_saved = self._savepoints[at]
        del self._savepoints[at + 1:]
        self.settings = dict(settings)
        self._local_saved = dict(local_saved)
        self.failed_transaction = False
        self._refresh_format()
        return Result(None, [], "ROLLBACK")

    def _end_transaction(self, commit: bool) -> None:
        if not commit and self._tx_saved is not None:
            self.settings = self._tx_saved
        else:
            self.settings.update(self._local_saved)
        self.settings["transaction_isolation"] = self.settings["default_transaction_isolation"]
        self._tx_saved = None
        self._local_saved = {}
        self._savepoints = []
        self.in_transaction = False
        self.failed_transaction = False
        self._tx_snapshot = None
        self._implicit_open = False
        self._refresh_format()

    def run_noop(self, stmt: Any, param_types: list[int], params: list[Any]) -> Result:
        return Result(None, [], NOOP_TAGS[type(stmt)](stmt))


# --- writes: refused like a hot standby ------------------------------------------------------

WRITE_TAGS: dict[type, str] = {
    ast.InsertStmt: "INSERT", ast.UpdateStmt: "UPDATE", ast.DeleteStmt: "DELETE",
    ast.MergeStmt: "MERGE",
}
DDL_TAGS: dict[type, str] = {
    ast.CreateStmt: "CREATE TABLE", ast.CreateTableAsStmt: "CREATE TABLE AS",
    ast.IndexStmt: "CREATE INDEX", ast.ViewStmt: "CREATE VIEW", ast.AlterTableStmt: "ALTER TABLE",
    ast.TruncateStmt: "TRUNCATE TABLE", ast.CreateSeqStmt: "CREATE SEQUENCE",
    ast.CreateSchemaStmt: "CREATE SCHEMA", ast.CreateFunctionStmt: "CREATE FUNCTION",
    ast.CommentStmt: "COMMENT", ast.RenameStmt: "ALTER TABLE",
}


def _write_refused(session: Session, stmt: Any, param_types: list[int],
                   params: list[Any]) -> Result:
    if type(stmt) in WRITE_TAGS:
        rel = stmt.relation
        session.db.lookup_table(rel.schemaname, rel.relname, session._search_path())
        tag = WRITE_TAGS[type(stmt)]
    else:
        tag = DDL_TAGS[type(stmt)]
    raise ReadOnlySqlTransaction(f"cannot execute {tag} in a read-only transaction")


def _drop_refused(session: Session, stmt: Any, param_types: list[int], params: list[Any]) -> Result:
    what = stmt.removeType.name[7:].replace("_", " ")
    raise ReadOnlySqlTransaction(f"cannot execute DROP {what} in a read-only transaction")


NOOP_TAGS: dict[type, Callable[[Any], str]] = {
    ast.DeallocateStmt: lambda s: "DEALLOCATE" + ("" if s.name else " ALL"),
    ast.ClosePortalStmt: lambda s: "CLOSE CURSOR" + ("" if s.portalname else " ALL"),
    ast.UnlistenStmt: lambda s: "UNLISTEN",
}


def _listen_refused(session: Session, stmt: Any, param_types: list[int],
                    params: list[Any]) -> Result:
    raise ReadOnlySqlTransaction("cannot execute LISTEN during recovery")


Handler = Callable[[Session, Any, list[int], list[Any]], Result]
STATEMENTS: dict[type, Handler] = {
    ast.SelectStmt: Session.run_select,
    ast.ExplainStmt: Session.run_explain,
    ast.VariableSetStmt: Session.run_set,
    ast.VariableShowStmt: Session.run_show,
    ast.TransactionStmt: Session.run_transaction,
    ast.DiscardStmt: Session.run_discard,
    ast.DropStmt: _drop_refused,
    ast.ListenStmt: _listen_refused,
    **{t: _write_refused for t in (*WRITE_TAGS, *DDL_TAGS)},
    **{t: Session.run_noop for t in NOOP_TAGS},
}


def _ends_transaction(stmt: Any) -> bool:
    return isinstance(stmt, ast.TransactionStmt) and stmt.kind in (
        enums.TransactionStmtKind.TRANS_STMT_COMMIT,
        enums.TransactionStmtKind.TRANS_STMT_ROLLBACK,
        enums.TransactionStmtKind.TRANS_STMT_ROLLBACK_TO,
    )


# --- helpers -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Raw:
    stmt: Any


def _parse(sql: str, standard_strings: bool = True) -> list[_Raw]:
    if not standard_strings:
        sql = sqltext.nonstandard_strings(sql)
    try:
        parsed = pglast.parse_sql(sql)
    except pglast.parser.ParseError as exc:
        # pglast reports the 1-based character position in exc.location when it has one
        pos = getattr(exc, "location", None)
        raise SyntaxError_(str(exc.args[0]) if exc.args else str(exc),
                           position=pos + 1 if isinstance(pos, int) else None) from None
    return [_Raw(r.stmt) for r in parsed]


# settings whose list elements are quoted as identifiers when SET (guc.h GUC_LIST_QUOTE)
LIST_QUOTE_SETTINGS = frozenset({"search_path", "temp_tablespaces"})


def _set_value(name: str, args: Any) -> str:
    """The setting's value from SET's arguments (guc_funcs.c flatten_set_variable_args)."""
    from engine.functions.strings_format import quote_ident  # noqa: PLC0415

    quote = name.lower() in LIST_QUOTE_SETTINGS
    parts: list[str] = []
    for a in args or ():
        if isinstance(a, ast.A_Const):
            v = a.val
            if isinstance(v, ast.String):
                parts.append(quote_ident(str(v.sval)) if quote else str(v.sval))
            elif isinstance(v, ast.Integer):
                parts.append(str(v.ival))
            elif isinstance(v, ast.Float):
                parts.append(str(v.fval))
            elif isinstance(v, ast.Boolean):
                parts.append("on" if v.boolval else "off")
            else:
                raise FeatureNotSupported(f"SET {name} with this value")
        elif isinstance(a, ast.TypeCast) and name.lower() == "timezone":
            raise FeatureNotSupported("SET TIME ZONE INTERVAL ... is not supported yet")
        else:
            raise FeatureNotSupported(f"SET {name} with this value")
    return ", ".join(parts)


def _parse_options(options: str) -> Iterator[tuple[str, str]]:
    """``-c name=value`` pairs of the startup ``options`` parameter (backslash escapes
    spaces, as in pg_split_opts)."""
    words: list[str] = []
    cur: list[str] = []
    escape = False
    for ch in options:
        if escape:
            cur.append(ch)
            escape = False
        elif ch == "\\":
            escape = True
        elif ch.isspace():
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    it = iter(words)
    for w in it:
        if w == "-c":
            w = next(it, "")
        elif w.startswith("-c") or w.startswith("--"):
            w = w[2:]
        else:
            raise FeatureNotSupported(f"startup option {w!r} is not supported")
        if "=" not in w:
            raise EngineError(f"-c {w} requires a value", sqlstate="42601")
        name, value = w.split("=", 1)
        yield name.replace("-", "_"), value


