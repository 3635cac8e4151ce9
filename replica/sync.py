"""Publication and slot management, and the initial copy under the slot's exported snapshot.

The recipe (replication.md §2.2): create the slot with ``SNAPSHOT 'export'`` on the replication
connection, then in another session ``BEGIN ISOLATION LEVEL REPEATABLE READ`` + ``SET TRANSACTION
SNAPSHOT`` and read the catalog and COPY every published table. Every transaction committed
after the slot's consistent point is streamed; everything before it is in the copy. The exported
snapshot dies with the replication connection's next command, so the copy happens before
START_REPLICATION is sent on it.

The text values of COPY and of pgoutput both come from the types' output functions under the same
settings (DateStyle ISO, IntervalStyle postgres, extra_float_digits 3), so one converter set
parses both.

Must not import ``wire``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from engine.catalog import (
    UNKNOWN_COLLATION,
    ColumnDef,
    PartitionedDef,
    Relation,
    TableDef,
    ViewDef,
)
from engine.errors import EngineError, FeatureNotSupported
from engine.usertypes import CompositeSpec, DomainSpec, EnumSpec, RangeSpec
from replica.apply import Applier
from replica.stream import str_to_lsn

log = logging.getLogger(__name__)

# Same output settings the built-in subscriber asks for (libpqwalreceiver.c).
SESSION_OPTIONS = "-c datestyle=ISO -c intervalstyle=postgres -c extra_float_digits=3"


class SyncError(RuntimeError):
    """The primary cannot be subscribed to (permissions, settings, a missing publication)."""


@dataclass(frozen=True, slots=True)
class SlotInfo:
    name: str
    consistent_point: int
    snapshot: str


def connect(dsn: str, *, replication: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    kwargs: dict[str, object] = {"autocommit": True, "options": SESSION_OPTIONS,
                                 "client_encoding": "UTF8"}
    if replication:
        kwargs["replication"] = "database"
    return psycopg.connect(dsn, **kwargs)  # type: ignore[arg-type]


def check_primary(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    row = conn.execute("SHOW wal_level").fetchone()
    if row is None or row[0] != "logical":
        raise SyncError(
            f"the primary runs with wal_level={row[0] if row else '?'}; pgshadow needs "
            "wal_level=logical (see deploy/postgresql.conf)"
        )


def ensure_publication(conn: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    exists = conn.execute("SELECT 1 FROM pg_publication WHERE pubname = %s", [name]).fetchone()
    if exists:
        return
    log.info("creating publication %s FOR ALL TABLES", name)
    conn.execute(sql.SQL("CREATE PUBLICATION {} FOR ALL TABLES").format(sql.Identifier(name)))


def create_slot(repl: psycopg.Connection[tuple[object, ...]],
                conn: psycopg.Connection[tuple[object, ...]], name: str) -> SlotInfo:
    """(Re)create the logical slot with an exported snapshot.

    The shadow keeps no durable state yet, so an existing slot cannot be resumed from (its
    confirmed position is beyond data this process never saw): it is dropped and recreated.
    An active slot (someone else streams from it) is an error, never stolen.
    """
    row = conn.execute(
        "SELECT active, plugin FROM pg_replication_slots WHERE slot_name = %s", [name]
    ).fetchone()
    if row is not None:
        if row[0]:
            raise SyncError(f'replication slot "{name}" is in use by another process')
        log.info("dropping stale slot %s (no durable shadow state to resume from)", name)
        conn.execute("SELECT pg_drop_replication_slot(%s)", [name])
    cur = repl.execute(
        sql.SQL("CREATE_REPLICATION_SLOT {} LOGICAL pgoutput (SNAPSHOT 'export')").format(
            sql.Identifier(name)
        )
    )
    res = cur.fetchone()
    assert res is not None
    return SlotInfo(str(res[0]), str_to_lsn(str(res[1])), str(res[2]))


CATALOG_QUERY = """
SELECT c.oid, n.nspname, c.relname, c.relreplident,
       a.attname, a.atttypid, a.atttypmod, a.attnum, a.attnotnull,
       COALESCE(a.attnum = ANY (ri.indkey), false) AS is_key
FROM pg_publication_tables pt
JOIN pg_namespace n ON n.nspname = pt.schemaname
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN LATERAL (
    SELECT i.indkey FROM pg_index i
    WHERE i.indrelid = c.oid
      AND ((c.relreplident = 'd' AND i.indisprimary) OR (c.relreplident = 'i' AND i.indisreplident))
    LIMIT 1
) ri ON true
WHERE pt.pubname = %s {extra}
ORDER BY c.oid, a.attnum
"""


def read_tables(conn: psycopg.Connection[tuple[object, ...]], publication: str,
                only: tuple[str, str] | None = None) -> list[TableDef]:
    """The published tables (or only the one named (schema, table)) as the engine's TableDefs."""
    tables: dict[int, tuple[str, str, str, list[ColumnDef], list[int]]] = {}
    sql = CATALOG_QUERY.replace(
        "{extra}", "AND pt.schemaname = %s AND pt.tablename = %s" if only else "")
    params: list[str] = [publication, *only] if only else [publication]
    for oid, nsp, rel, ident, att, typ, typmod, attnum, notnull, is_key in conn.execute(
        sql, params
    ):
        entry = tables.setdefault(int(oid), (str(nsp), str(rel), str(ident), [], []))  # type: ignore[call-overload]
        if is_key:
            entry[4].append(len(entry[3]))
        entry[3].append(ColumnDef(str(att), int(typ), int(typmod), int(attnum), bool(notnull)))  # type: ignore[call-overload]
    return [
        TableDef(oid, nsp, rel, tuple(cols), tuple(key) if ident in ("d", "i") else (), ident)
        for oid, (nsp, rel, ident, cols, key) in tables.items()
    ]


def copy_table(conn: psycopg.Connection[tuple[object, ...]],
               table: TableDef) -> Iterator[list[list[bytes | None]]]:
    """COPY one table out in text format; yields batches of rows of raw text values."""
    cols = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
    stmt = sql.SQL("COPY (SELECT {} FROM ONLY {}.{}) TO STDOUT").format(
        cols, sql.Identifier(table.schema), sql.Identifier(table.name)
    )
    pending = b""
    with conn.cursor().copy(stmt) as copy:
        for chunk in copy:
            data = pending + bytes(chunk)
            cut = data.rfind(b"\n") + 1
            pending = data[cut:]
            if cut:
                yield [parse_copy_line(line) for line in data[:cut - 1].split(b"\n")]
    if pending:
        raise SyncError(f"COPY of {table.qualified_name} ended mid-row")


_ESCAPES = {ord("b"): b"\b", ord("f"): b"\f", ord("n"): b"\n", ord("r"): b"\r",
            ord("t"): b"\t", ord("v"): b"\v", ord("\\"): b"\\"}


def parse_copy_line(line: bytes) -> list[bytes | None]:
    """One row of COPY text format: tab-separated, ``\\N`` is NULL, backslash escapes."""
    out: list[bytes | None] = []
    for field in line.split(b"\t"):
        if field == b"\\N":
            out.append(None)
        elif b"\\" in field:
            out.append(_unescape(field))
        else:
            out.append(field)
    return out


def _unescape(field: bytes) -> bytes:
    out = bytearray()
    i, n = 0, len(field)
    while i < n:
        ch = field[i]
        if ch != 0x5C or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = field[i + 1]
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        elif 0x30 <= nxt <= 0x37:  # \ooo octal
            j = i + 1
            while j < n and j < i + 4 and 0x30 <= field[j] <= 0x37:
                j += 1
            out.append(int(field[i + 1:j], 8) & 0xFF)
            i = j
        elif nxt == ord("x") and i + 2 < n:  # \xhh
            j = i + 2
            while j < n and j < i + 4 and chr(field[j]) in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(field[i + 2:j], 16))
            i = j
        else:
            out.append(nxt)
            i += 2
    return bytes(out)


class RelationResolver:
    """Looks a relation the shadow has not heard of up in the primary's catalog.

    A published table that had no change since the shadow started following (created after
    the initial copy and still empty) has never been described by a Relation message; the
    primary's catalog is the authority for it (DESIGN invariant 7). Tables that do have rows
    always arrive with a Relation message first, so a table found this way is empty at every
    LSN the shadow has applied.
    """

    def __init__(self, dsn: str, publication: str) -> None:
        self.dsn = dsn
        self.publication = publication

    def __call__(self, schema: str | None, name: str,
                 search_path: tuple[str, ...]) -> Relation | None:
        schemas = [schema] if schema else ["pg_catalog", *search_path]
        try:
            with connect(self.dsn) as conn:
                for nsp in schemas:
                    row = conn.execute(RELATION_QUERY, [nsp, name]).fetchone()
                    if row is not None:
                        return self._relation(conn, nsp, name, row)
                temporary = schema is None or schema.startswith("pg_temp")
                if temporary and conn.execute(TEMP_RELATION_QUERY, [name]).fetchone():
                    raise FeatureNotSupported(
                        f'relation "{name}" is a temporary relation of a session on the '
                        "primary; temporary relations are not replicated")
        except psycopg.Error as exc:
            log.warning("could not look %s up on the primary: %s", name, exc)
        return None

    def _relation(self, conn: psycopg.Connection[tuple[object, ...]], nsp: str, name: str,
                  row: tuple[object, ...]) -> Relation | None:
        oid, kind, viewdef = int(row[0]), str(row[1]), row[2]  # type: ignore[call-overload]
        if kind == "r":
            found = read_tables(conn, self.publication, (nsp, name))
            if not found:
                raise FeatureNotSupported(
                    f'table "{nsp}.{name}" is not in publication "{self.publication}"')
            return found[0]
        if kind == "v":
            names = [str(r[0]) for r in conn.execute(COLUMN_NAMES_QUERY, [oid])]
            return ViewDef(nsp, name, str(viewdef), tuple(names), oid)
        if kind == "p":
            cols = [ColumnDef(str(r[0]), int(r[1]), int(r[2]), int(r[3]))  # type: ignore[call-overload]
                    for r in conn.execute(COLUMNS_QUERY, [oid])]
            leaves = [(str(r[0]), str(r[1])) for r in conn.execute(LEAVES_QUERY, [oid])]
            return PartitionedDef(nsp, name, tuple(cols), tuple(leaves))
        what = {"m": "materialized view", "f": "foreign table", "S": "sequence"}.get(
            kind, f"relation of kind {kind!r}")
        raise FeatureNotSupported(f'"{nsp}.{name}" is a {what}, which the shadow does not hold')


RELATION_QUERY = """
SELECT c.oid, c.relkind, CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'v', 'p', 'm', 'f', 'S')
"""
# a session's temporary relations live in its pg_temp_N schema, never in search_path's
TEMP_RELATION_QUERY = """
SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname LIKE 'pg\\_temp\\_%%' AND c.relname = %s
"""
COLUMN_NAMES_QUERY = """
SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped
ORDER BY attnum
"""
COLUMNS_QUERY = """
SELECT attname, atttypid, atttypmod, attnum FROM pg_attribute
WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped ORDER BY attnum
"""
LEAVES_QUERY = """
SELECT n.nspname, c.relname FROM pg_partition_tree(%s) t
JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE t.isleaf ORDER BY c.oid
"""


ENUM_QUERY = """
SELECT t.oid, t.typname, n.nspname, t.typarray, e.enumlabel, e.enumsortorder
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND {cond}
ORDER BY e.enumsortorder
"""


DOMAIN_QUERY = """
SELECT t.oid, t.typname, n.nspname, t.typbasetype, t.typtypmod, t.typnotnull,
  ARRAY(SELECT c.conname::text || E'\\n' || pg_get_constraintdef(c.oid) FROM pg_constraint c
        WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND {cond}
"""


RANGE_CONSTRUCTOR_SRCS = ("range_constructor2", "range_constructor3", "multirange_constructor0",
                          "multirange_constructor1", "multirange_constructor2")

# t is the type asked for: the range type, its multirange type, or an array of either
RANGE_QUERY = """
SELECT r.rngtypid, rt.typname, rn.nspname, rt.typarray, r.rngsubtype,
       r.rngmultitypid, mt.typname, mt.typarray,
       CASE WHEN r.rngcollation = 0 THEN NULL
            WHEN r.rngcollation = 100 THEN (SELECT datcollate FROM pg_database
                                            WHERE datname = current_database())
            ELSE (SELECT collname FROM pg_collation WHERE oid = r.rngcollation) END,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regprocedure::text END,
       COALESCE((SELECT opcdefault FROM pg_opclass WHERE oid = r.rngsubopc), false)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_range r ON t.oid IN (r.rngtypid, r.rngmultitypid)
    OR (t.typcategory = 'A' AND t.typelem IN (r.rngtypid, r.rngmultitypid))
JOIN pg_type rt ON rt.oid = r.rngtypid JOIN pg_namespace rn ON rn.oid = rt.typnamespace
JOIN pg_type mt ON mt.oid = r.rngmultitypid
WHERE {cond}
"""
# the subtype with its domains peeled off, and whether any of those domains has constraints
RANGE_SUBTYPE_QUERY = """
WITH RECURSIVE chain AS (
    SELECT t.oid, t.typtype, t.typbasetype, t.typnotnull OR EXISTS (
        SELECT 1 FROM pg_constraint c WHERE c.contypid = t.oid) AS constrained
    FROM pg_type t WHERE t.oid = %s
    UNION ALL
    SELECT t.oid, t.typtype, t.typbasetype, t.typnotnull OR EXISTS (
        SELECT 1 FROM pg_constraint c WHERE c.contypid = t.oid)
    FROM chain JOIN pg_type t ON t.oid = chain.typbasetype WHERE chain.typtype = 'd'
)
SELECT oid, typtype, (SELECT bool_or(constrained) FROM chain) FROM chain WHERE typtype <> 'd'
"""
# the constructor functions DefineRange created for the range and multirange types
RANGE_CONSTRUCTORS_QUERY = """
SELECT p.oid, p.proname, p.proargtypes::oid[], p.prorettype, p.provariadic, p.proisstrict,
       p.prosrc
FROM pg_proc p JOIN pg_type t ON t.oid = p.prorettype
WHERE p.prorettype IN (%s, %s) AND p.proname = t.typname AND p.pronamespace = t.typnamespace
  AND p.prolang = 12 AND p.prosrc = ANY (%s)
ORDER BY p.oid
"""


def _range_spec(conn: psycopg.Connection[tuple[object, ...]],
                row: tuple[Any, ...]) -> RangeSpec:
    (oid, name, schema, array_oid, subtype, mr_oid, mr_name, mr_array, collation, canonical,
     default_opclass) = row
    sub: tuple[Any, ...] | None = conn.execute(RANGE_SUBTYPE_QUERY, [subtype]).fetchone()
    base, kind, constrained = sub if sub is not None else (0, "", True)
    procs: list[tuple[Any, ...]] = conn.execute(RANGE_CONSTRUCTORS_QUERY,
                         [oid, mr_oid, list(RANGE_CONSTRUCTOR_SRCS)]).fetchall()
    return RangeSpec(
        int(oid), str(name), str(schema), int(array_oid), int(subtype),
        0 if constrained else int(base), str(kind), int(mr_oid), str(mr_name), int(mr_array),
        None if collation is None else str(collation),
        None if canonical is None else str(canonical), bool(default_opclass),
        tuple((int(p[0]), str(p[1]), tuple(int(a) for a in p[2]), int(p[3]), int(p[4]),
               bool(p[5]), str(p[6])) for p in procs))


class TypeResolver:
    """Reads an enum, domain or range type defined on the primary (pg_type, pg_enum,
    pg_range), by OID or by name."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def __call__(self, oid: int | None, name: str | None
                 ) -> EnumSpec | DomainSpec | RangeSpec | CompositeSpec | None:
        params: list[object]
        if oid is not None:
            cond, params = "t.oid = %s", [oid]
        else:
            assert name is not None
            schema, _, typname = name.rpartition(".")
            cond = "t.typname = %s AND pg_type_is_visible(t.oid)" if not schema else \
                "t.typname = %s AND n.nspname = %s"
            params = [typname] if not schema else [typname, schema]
        try:
            with connect(self.dsn) as conn:
                rows = conn.execute(ENUM_QUERY.replace("{cond}", cond), params).fetchall()
                domain = None if rows else conn.execute(
                    DOMAIN_QUERY.replace("{cond}", cond), params).fetchone()
                found = None if rows or domain else conn.execute(
                    RANGE_QUERY.replace("{cond}", cond), params).fetchone()
                if found is not None:
                    return _range_spec(conn, found)
                composite = None if rows or domain else read_composite(conn, cond, params)
        except psycopg.Error as exc:
            log.warning("could not look type %s up on the primary: %s", oid or name, exc)
            return None
        if composite is not None:
            return composite
        if domain is not None:
            d_oid, d_name, d_schema, base, typmod, notnull, checks = domain
            return DomainSpec(int(d_oid), str(d_name), str(d_schema),  # type: ignore[call-overload]
                              int(base), int(typmod), bool(notnull),  # type: ignore[call-overload]
                              tuple(tuple(str(c).split("\n", 1)) for c in checks))  # type: ignore[attr-defined,misc]
        if not rows:
            return None
        first = rows[0]
        return EnumSpec(int(first[0]), str(first[1]), str(first[2]), int(first[3]),  # type: ignore[call-overload]
                        tuple(str(r[4]) for r in rows), tuple(float(r[5]) for r in rows))  # type: ignore[arg-type]


COMPOSITE_QUERY = """
SELECT t.oid, t.typname, n.nspname, t.typarray, t.typrelid
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'c' AND {cond}
"""
# a field's type is checked when it (or an array's element, or a domain's base, at any depth)
# is a domain with NOT NULL or CHECK constraints: those the engine does not run
FIELDS_QUERY = """
WITH RECURSIVE reach(root, t) AS (
  SELECT a.atttypid, a.atttypid FROM pg_attribute a
  WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
  UNION
  SELECT r.root, x FROM reach r JOIN pg_type ty ON ty.oid = r.t,
    LATERAL (VALUES (NULLIF(ty.typbasetype, 0)),
                    (CASE WHEN ty.typlen = -1 AND ty.typtype <> 'd' THEN NULLIF(ty.typelem, 0)
                     END)) v(x)
  WHERE x IS NOT NULL
)
SELECT a.attname, a.atttypid, a.atttypmod,
  EXISTS (SELECT 1 FROM reach r JOIN pg_type d ON d.oid = r.t
          WHERE r.root = a.atttypid AND d.typtype = 'd'
            AND (d.typnotnull OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.contypid = d.oid)))
FROM pg_attribute a WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""


def read_composite(conn: psycopg.Connection[tuple[object, ...]], cond: str,
                   params: list[object]) -> CompositeSpec | None:
    """A composite type's fields, in attnum order (dropped columns left out)."""
    found = conn.execute(COMPOSITE_QUERY.replace("{cond}", cond), params).fetchone()
    if found is None:
        return None
    oid, name, schema, array_oid, relid = found
    rows = conn.execute(FIELDS_QUERY, [relid, relid]).fetchall()
    return CompositeSpec(int(oid), str(name), str(schema), int(array_oid),  # type: ignore[call-overload]
                         int(relid), tuple(str(r[0]) for r in rows),  # type: ignore[call-overload]
                         tuple(int(r[1]) for r in rows),  # type: ignore[call-overload]
                         tuple(int(r[2]) for r in rows),  # type: ignore[call-overload]
                         tuple(bool(r[3]) for r in rows))


OBJECT_QUERIES = {
    # the constructors of range and multirange types are the engine's own functions
    "function": "SELECT EXISTS (SELECT 1 FROM pg_proc p WHERE proname = %s "
                "AND pronamespace <> 'pg_catalog'::regnamespace "
                "AND NOT (prolang = 12 AND prosrc IN ('range_constructor2', "
                "'range_constructor3', 'multirange_constructor0', 'multirange_constructor1', "
                "'multirange_constructor2') AND EXISTS (SELECT 1 FROM pg_type t "
                "WHERE t.oid = p.prorettype AND t.typname = p.proname "
                "AND t.typtype IN ('r', 'm'))))",
    "type": "SELECT EXISTS (SELECT 1 FROM pg_type WHERE typname = %s "
            "AND typnamespace <> 'pg_catalog'::regnamespace)",
    "operator": "SELECT EXISTS (SELECT 1 FROM pg_operator WHERE oprname = %s "
                "AND oprnamespace <> 'pg_catalog'::regnamespace)",
    "schema": "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)",
    "inheritance parent": "SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c "
                          "ON c.oid = i.inhparent WHERE c.relname = %s AND c.relkind = 'r')",
}


# attcollation: 0 (not collatable) and 100 (the database's default) read as NULL
SHAPE_QUERY = (
    "SELECT c.relnamespace::regnamespace::text, c.relname, a.attname, a.atttypid, "
    "CASE WHEN a.attcollation IN (0, 100) THEN NULL ELSE "
    "(SELECT collname FROM pg_collation WHERE oid = a.attcollation) END "
    "FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
    "AND NOT a.attisdropped WHERE c.oid = %s ORDER BY a.attnum")


class ShapeChecker:
    """DDL does not replicate, and pgoutput describes a table again only with its next
    change: a table altered on the primary (columns added, dropped, retyped, generated
    virtually, or the table renamed or dropped) keeps its old shape here until then. Each
    read asks the primary for the table's columns (one query on a kept connection) and is
    refused while they differ.

    The answer is the columns' collations (pg_attribute.attcollation; None for the
    database's default or a type without one): pgoutput does not carry them, and
    ALTER COLUMN ... TYPE ... COLLATE can change them at any time."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._lock = threading.Lock()
        self._last: dict[int, tuple[str | None, ...]] = {}

    def __call__(self, table: Any) -> tuple[str | None, ...]:
        with self._lock:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = connect(self.dsn)
                rows = self._conn.execute(SHAPE_QUERY, [table.oid]).fetchall()
            except psycopg.Error as exc:
                log.warning("could not check table %s on the primary: %s", table.name, exc)
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                # the primary is away: its last described shape is what we have
                last = self._last.get(table.oid)
                if last is None or len(last) != len(table.columns):
                    return (UNKNOWN_COLLATION,) * len(table.columns)
                return last
        primary = [(str(r[0]), str(r[1]), str(r[2]), int(r[3]))  # type: ignore[call-overload]
                   for r in rows if r[2] is not None]
        ours = [(table.schema, table.name, c.name, c.type_oid) for c in table.columns]
        if not rows or primary != ours:
            raise FeatureNotSupported(
                f'table "{table.qualified_name}" has changed on the primary and no change to '
                "it has been replicated since; its reads are refused until one is")
        collations = tuple(None if r[4] is None else str(r[4]) for r in rows)
        self._last[table.oid] = collations
        return collations

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class ObjectResolver:
    """Whether the primary has a user-defined object of that kind and name. The shadow
    cannot run user-defined functions, types or operators; when one shares a name the query
    uses (unknown to the shadow, or overloading a builtin), the right answer is a refusal
    (0A000), not "does not exist" nor the builtin's answer.

    DDL does not travel through logical replication, so every question is asked of the
    primary (one small query on one kept connection), never answered from an earlier
    statement's cache: a function created a moment ago must already count. The binder asks
    once per name per statement. When the primary cannot be reached the last answer for that
    name is used; without one, the name counts as user-defined (refusing is the safe
    answer)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._last: dict[tuple[str, str], bool] = {}
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._lock = threading.Lock()

    def __call__(self, kind: str, name: str) -> bool:
        key = (kind, name)
        with self._lock:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = connect(self.dsn)
                row = self._conn.execute(OBJECT_QUERIES[kind], [name]).fetchone()
            except psycopg.Error as exc:
                log.warning("could not look %s %s up on the primary: %s", kind, name, exc)
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                return self._last.get(key, True)
            found = bool(row and row[0])
            self._last[key] = found
            return found

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def reg_input(self, type_name: str, text: str, search_path: str) -> int:
        """The OID the primary's input function of ``type_name`` (regproc, regprocedure,
        regtype) reads from ``text`` under ``search_path``; its error is raised as the
        primary's (the name may be ambiguous, malformed or unknown there too). Asked every
        time: a function or type created a moment ago must already count."""
        if type_name not in REG_INPUT_TYPES:
            raise ValueError(f"not a reg* type read by the primary: {type_name}")
        with self._lock:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = connect(self.dsn)
                self._conn.execute("SELECT set_config('search_path', %s, false)",
                                   [search_path])
                row = self._conn.execute(
                    sql.SQL("SELECT %s::text::{}::oid").format(sql.Identifier(type_name)),
                    [text]).fetchone()
            except psycopg.Error as exc:
                if exc.sqlstate and not isinstance(exc, psycopg.OperationalError):
                    raise EngineError(exc.diag.message_primary or str(exc),
                                      sqlstate=exc.sqlstate) from None
                log.warning("could not read %s %r on the primary: %s", type_name, text, exc)
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                raise FeatureNotSupported(
                    f"{type_name} input {text!r}: the primary could not be asked") from None
        assert row is not None
        return int(row[0])  # type: ignore[call-overload,no-any-return]


REG_INPUT_TYPES = frozenset({"regproc", "regprocedure", "regtype"})


def initial_copy(dsn: str, slot: SlotInfo, publication: str, applier: Applier,
                 progress: Callable[[str, int], None] | None = None) -> int:
    """Define and fill every published table from the slot's snapshot; returns rows copied."""
    total = 0
    with connect(dsn) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(slot.snapshot)))
        tables = read_tables(conn, publication)
        for table in tables:
            applier.define(table)
            n = 0
            for batch in copy_table(conn, table):
                applier.load_rows(table.oid, batch, slot.consistent_point)
                n += len(batch)
            total += n
            if progress is not None:
                progress(table.qualified_name, n)
        conn.execute("COMMIT")
    applier.db.publish(slot.consistent_point)
    return total
