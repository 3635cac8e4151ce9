"""The engine's catalog of replicated tables: names, columns, types, replica identity.

Tables come from the initial sync's catalog read and from pgoutput Relation messages (the
replication layer translates those into ``TableDef``s; this module knows nothing of pgoutput).
OIDs are the primary's, so catalog rows shown to clients can mirror it.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import UndefinedTable

# a column collation the primary could not be asked about (reads that need it are refused)
UNKNOWN_COLLATION = "(unknown)"


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """One column, as ``pg_attribute`` describes it on the primary."""

    name: str
    type_oid: int
    typmod: int = -1
    attnum: int = 0
    not_null: bool = False


@dataclass(frozen=True, slots=True)
class TableDef:
    """A replicated table. ``key`` holds the indexes (into ``columns``) of the replica-identity
    columns; empty means REPLICA IDENTITY FULL/NOTHING: rows are then found by their whole
    old image."""

    oid: int
    schema: str
    name: str
    columns: tuple[ColumnDef, ...]
    key: tuple[int, ...] = ()
    replica_identity: str = "d"

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    def column_index(self, name: str) -> int | None:
        for i, col in enumerate(self.columns):
            if col.name == name:
                return i
        return None


@dataclass(frozen=True, slots=True)
class ViewDef:
    """A view on the primary: its definition (pg_get_viewdef) and column names. Reading it
    binds the definition as a subquery over the replicated tables."""

    schema: str
    name: str
    sql: str
    column_names: tuple[str, ...]
    oid: int = 0  # the primary's pg_class oid (0: unknown)


@dataclass(frozen=True, slots=True)
class PartitionedDef:
    """A partitioned table on the primary: its rows are its leaf partitions' rows (the leaves
    are what logical replication publishes)."""

    schema: str
    name: str
    columns: tuple[ColumnDef, ...]
    leaves: tuple[tuple[str, str], ...]  # (schema, name) of each leaf partition


Relation = TableDef | ViewDef | PartitionedDef


@dataclass
class Catalog:
    """Tables by OID and by (schema, name). Mutated only by the apply path."""

    tables: dict[int, TableDef] = field(default_factory=dict)
    by_name: dict[tuple[str, str], int] = field(default_factory=dict)

    def put(self, table: TableDef) -> None:
        old = self.tables.get(table.oid)
        if old is not None:
            self.by_name.pop((old.schema, old.name), None)
        self.tables[table.oid] = table
        self.by_name[(table.schema, table.name)] = table.oid

    def drop(self, oid: int) -> None:
        old = self.tables.pop(oid, None)
        if old is not None:
            self.by_name.pop((old.schema, old.name), None)

    def lookup(self, schema: str | None, name: str, search_path: tuple[str, ...]) -> TableDef:
        """Resolve a possibly-qualified name as Postgres would along ``search_path``."""
        if schema is not None:
            oid = self.by_name.get((schema, name))
        else:
            oid = None
            for sp in ("pg_catalog", *search_path):
                oid = self.by_name.get((sp, name))
                if oid is not None:
                    break
        if oid is None:
            shown = f"{schema}.{name}" if schema else name
            raise UndefinedTable(f'relation "{shown}" does not exist')
        return self.tables[oid]
