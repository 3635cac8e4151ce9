"""What a statement is, decided from its pglast parse tree: read-only or not, session-setting,
which tier it tests, which functions it calls and which relations it reads.

* **read-only** (compared on both sides): ``SELECT``/``VALUES``/``TABLE``/``WITH`` without
  ``INTO``, without a locking clause and without a data-modifying CTE, and ``SHOW``. ``EXPLAIN``
  is not compared (plans are not the product).
* **session** statements (``SET``/``RESET``/``DISCARD``, not ``SET LOCAL`` nor
  ``SET TRANSACTION``) are replayed on both sides so that both sessions keep the same settings.
* everything else is a **write** (runs on the primary only).

Tiers (``shared/reference/engine.md`` §4.5): ``expr`` — no relation at all (no FROM, or FROM
over only VALUES or functions); ``catalog`` — reads ``pg_catalog``/``information_schema``
relations, calls system functions, or casts to ``reg*`` types; ``table`` — reads other relations.
``catalog`` wins over ``table``: emulating the catalog is the harder part.

Functions with side effects (``nextval``, advisory locks, ``set_config`` …) make a SELECT a
write: running it twice on the primary (the volatility check) or on a standby would change
state. Other volatile builtins (``random``, ``clock_timestamp`` …) stay reads; the runner's
second run on the primary tags them ``volatile``.

Must not import psycopg or ``wire``; from ``engine`` only ``engine.sqltext`` (how the scanner
reads literals under ``standard_conforming_strings = off``) and its error class.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pglast
from pglast import ast
from pglast.parser import ParseError

from engine.errors import EngineError
from engine.sqltext import nonstandard_strings

__all__ = [
    "SIDE_EFFECT_FUNCTIONS",
    "Classification",
    "Tier",
    "Use",
    "classify",
    "tier_of",
]


class Tier(enum.StrEnum):
    EXPR = "expr"
    TABLE = "table"
    CATALOG = "catalog"


class Use(enum.StrEnum):
    """How the runner treats a statement."""

    READ = "read"  # compared on both sides
    SESSION = "session"  # replayed on both sides, not compared
    WRITE = "write"  # primary only
    UNPARSABLE = "unparsable"  # primary only; pglast could not parse it


# Builtins whose call changes state somewhere (sequence, lock, setting, server). A SELECT
# calling one is run on the primary only. Matched on the unqualified name; a prefix ends in "*".
SIDE_EFFECT_FUNCTIONS: tuple[str, ...] = (
    "nextval", "setval", "currval", "lastval", "set_config", "setseed",
    "pg_advisory_*", "pg_try_advisory_*", "lo_*", "loread", "lowrite", "pg_notify",
    "pg_sleep*", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
    "pg_rotate_logfile", "pg_create_*", "pg_drop_replication_slot", "pg_replication_*",
    "pg_logical_*", "pg_stat_reset*", "pg_stat_force_next_flush", "pg_stat_clear_snapshot",
    "txid_current", "txid_current_if_assigned", "pg_current_xact_id*", "pg_switch_wal",
    "pg_backup_*", "pg_import_system_collations", "pg_log_*", "pg_promote",
    "pg_wal_replay_*", "pg_restore_*", "pg_clear_*", "pg_set_*", "pg_copy_*",
    "pg_sync_replication_slots", "pg_snapshot_*", "pg_export_snapshot",
    "pg_prewarm", "pg_stat_statements_reset", "pg_file_*", "dblink*", "binary_upgrade_*",
    "brin_summarize_*", "brin_desummarize_range", "gin_clean_pending_list", "cursor_to_xml*",
)

# System functions whose answer comes from the catalog or the server state (the "catalog"
# tier) even though they take no relation: the rest is matched by the pg_ prefix.
_CATALOG_FUNCTIONS = frozenset({
    "current_setting", "current_database", "current_catalog", "current_schema",
    "current_schemas", "current_user", "current_role", "session_user", "user", "version",
    "format_type", "obj_description", "col_description", "shobj_description", "to_regclass",
    "to_regtype", "to_regproc", "to_regprocedure", "to_regoper", "to_regoperator",
    "to_regnamespace", "to_regrole", "to_regcollation", "to_regtypemod", "has_table_privilege",
    "has_column_privilege", "has_any_column_privilege", "has_database_privilege",
    "has_schema_privilege", "has_function_privilege", "has_sequence_privilege",
    "has_type_privilege", "has_role", "has_language_privilege", "has_tablespace_privilege",
    "has_foreign_data_wrapper_privilege", "has_server_privilege", "has_parameter_privilege",
    "has_largeobject_privilege", "inet_client_addr", "inet_server_addr", "inet_client_port",
    "inet_server_port", "row_security_active", "txid_current_snapshot", "txid_status",
    "age", "mxid_age", "acldefault", "aclexplode", "makeaclitem", "current_query",
})
_CATALOG_SCHEMAS = frozenset({"pg_catalog", "information_schema", "pg_toast"})
_INFORMATION_SCHEMA_HINT = ("information_schema",)


@dataclass(frozen=True, slots=True)
class Classification:
    use: Use
    tier: Tier | None = None  # READ statements only
    relations: tuple[tuple[str | None, str], ...] = ()  # (schema, name) read
    functions: frozenset[str] = frozenset()  # unqualified lower-case names called
    node: str = ""  # the statement's node class, e.g. "SelectStmt"
    reason: str = ""  # why a SELECT is not READ
    creates: tuple[tuple[str, str], ...] = ()  # (name, persistence 'p'/'t'/'u') created
    drops: tuple[str, ...] = ()  # relation names dropped
    renames: tuple[tuple[str, str], ...] = ()  # relations renamed (old name, new name)


def walk(node: object) -> Iterator[ast.Node]:
    """Every pglast node under ``node`` (itself included), depth first."""
    stack: list[object] = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, ast.Node):
            yield cur
            for slot in getattr(cur, "__slots__", ()):
                value = getattr(cur, slot, None)
                if isinstance(value, ast.Node | tuple | list):
                    stack.append(value)
        elif isinstance(cur, tuple | list):
            stack.extend(cur)


def _name_list(names: object) -> list[str]:
    if not isinstance(names, tuple | list):
        return []
    return [str(n.sval) for n in names if isinstance(n, ast.String) and n.sval is not None]


def _side_effect(name: str) -> bool:
    for pattern in SIDE_EFFECT_FUNCTIONS:
        if pattern.endswith("*"):
            if name.startswith(pattern[:-1]):
                return True
        elif name == pattern:
            return True
    return False


@dataclass(slots=True)
class _Facts:
    relations: list[tuple[str | None, str]]
    cte_names: set[str]
    functions: set[str]
    reg_cast: bool
    modifying_cte: bool


def _facts(stmt: ast.Node) -> _Facts:
    facts = _Facts([], set(), set(), False, False)
    for node in walk(stmt):
        if isinstance(node, ast.RangeVar):
            facts.relations.append((node.schemaname, str(node.relname)))
        elif isinstance(node, ast.CommonTableExpr):
            facts.cte_names.add(str(node.ctename))
            if isinstance(
                node.ctequery, ast.InsertStmt | ast.UpdateStmt | ast.DeleteStmt | ast.MergeStmt
            ):
                facts.modifying_cte = True
        elif isinstance(node, ast.FuncCall):
            names = _name_list(node.funcname)
            if names:
                facts.functions.add(names[-1].lower())
        elif isinstance(node, ast.TypeName):
            names = _name_list(node.names)
            if names and names[-1].startswith("reg"):
                facts.reg_cast = True
    return facts


def tier_of(relations: list[tuple[str | None, str]], functions: set[str], reg_cast: bool) -> Tier:
    """The tier of a read from what it references (see the module docstring)."""
    if reg_cast or any(f.startswith("pg_") or f in _CATALOG_FUNCTIONS for f in functions):
        return Tier.CATALOG
    if any(
        (schema is not None and schema.lower() in _CATALOG_SCHEMAS)
        or (schema is None and name.lower().startswith("pg_"))
        for schema, name in relations
    ):
        return Tier.CATALOG
    return Tier.TABLE if relations else Tier.EXPR


def _read(stmt: ast.SelectStmt) -> Classification:
    facts = _facts(stmt)
    rels = [(s, n) for s, n in facts.relations if not (s is None and n in facts.cte_names)]
    funcs = frozenset(facts.functions)
    tier = tier_of(rels, facts.functions, facts.reg_cast)
    read = Classification(Use.READ, tier, tuple(rels), funcs, "SelectStmt")
    if stmt.intoClause is not None:
        into = stmt.intoClause.rel
        creates = ((str(into.relname), str(into.relpersistence)),) if into is not None else ()
        return replace(read, use=Use.WRITE, tier=None, reason="SELECT INTO", creates=creates)
    reason = ""
    if _has_locking(stmt):
        reason = "locking clause (FOR UPDATE/SHARE)"
    elif facts.modifying_cte:
        reason = "data-modifying WITH"
    elif effects := sorted(f for f in funcs if _side_effect(f)):
        reason = f"calls {', '.join(effects)} (side effects)"
    return replace(read, use=Use.WRITE, tier=None, reason=reason) if reason else read


def _has_locking(stmt: ast.SelectStmt) -> bool:
    return any(
        isinstance(n, ast.SelectStmt) and bool(n.lockingClause) for n in walk(stmt)
    )


def _create(stmt: ast.Node) -> tuple[tuple[str, str], ...]:
    if isinstance(stmt, ast.CreateStmt) and stmt.relation is not None:
        rel = stmt.relation
        return ((str(rel.relname), str(rel.relpersistence)),)
    if isinstance(stmt, ast.CreateTableAsStmt) and stmt.into is not None:
        into = stmt.into.rel
        return ((str(into.relname), str(into.relpersistence)),) if into is not None else ()
    if isinstance(stmt, ast.ViewStmt) and stmt.view is not None:
        return ((str(stmt.view.relname), str(stmt.view.relpersistence)),)
    if isinstance(stmt, ast.CreateSeqStmt) and stmt.sequence is not None:
        return ((str(stmt.sequence.relname), str(stmt.sequence.relpersistence)),)
    return ()


def _drops(stmt: ast.Node) -> tuple[str, ...]:
    if not isinstance(stmt, ast.DropStmt):
        return ()
    out: list[str] = []
    for obj in stmt.objects or ():
        names = _name_list(obj)
        if names:
            out.append(names[-1])
    return tuple(out)


def _renames(stmt: ast.Node) -> tuple[tuple[str, str], ...]:
    """ALTER TABLE/VIEW/SEQUENCE ... RENAME TO: the relation's old and new names."""
    kinds = pglast.enums.ObjectType
    if not isinstance(stmt, ast.RenameStmt) or stmt.renameType not in (
            kinds.OBJECT_TABLE, kinds.OBJECT_VIEW, kinds.OBJECT_SEQUENCE,
            kinds.OBJECT_MATVIEW, kinds.OBJECT_FOREIGN_TABLE):
        return ()
    if stmt.relation is None or stmt.newname is None:
        return ()
    return ((str(stmt.relation.relname), str(stmt.newname)),)


_TWO_PHASE = (
    pglast.enums.TransactionStmtKind.TRANS_STMT_PREPARE,
    pglast.enums.TransactionStmtKind.TRANS_STMT_COMMIT_PREPARED,
    pglast.enums.TransactionStmtKind.TRANS_STMT_ROLLBACK_PREPARED,
)


def classify(sql: str, standard_strings: bool = True) -> Classification:
    """Classify one statement (as split by :mod:`replica.replay.splitter`), as PostgreSQL
    reads it under ``standard_conforming_strings`` (``standard_strings``)."""
    try:
        stmts = pglast.parse_sql(sql if standard_strings else nonstandard_strings(sql))
    except (ParseError, EngineError):
        return Classification(Use.UNPARSABLE, reason="does not parse")
    if len(stmts) != 1:
        return Classification(Use.WRITE, reason="several statements in one")
    stmt = stmts[0].stmt
    if stmt is None:
        return Classification(Use.WRITE, reason="empty statement")
    node = type(stmt).__name__
    if isinstance(stmt, ast.SelectStmt):
        return _read(stmt)
    if isinstance(stmt, ast.VariableShowStmt):
        return Classification(Use.READ, Tier.CATALOG, node=node)
    if isinstance(stmt, ast.VariableSetStmt):
        multi = stmt.kind == pglast.enums.VariableSetKind.VAR_SET_MULTI
        name = str(stmt.name or "").upper()
        if multi and name not in ("TRANSACTION", "SESSION CHARACTERISTICS"):
            return Classification(Use.WRITE, node=node)
        return Classification(Use.SESSION, node=node)
    if isinstance(stmt, ast.TransactionStmt) and stmt.kind not in _TWO_PHASE:
        # transaction blocks scope SET LOCAL and undo SETs on rollback: both sides see them
        return Classification(Use.SESSION, node=node)
    if isinstance(stmt, ast.DiscardStmt):
        return Classification(Use.SESSION, node=node)
    return Classification(Use.WRITE, node=node, creates=_create(stmt), drops=_drops(stmt),
                          renames=_renames(stmt))
