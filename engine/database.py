"""The database: catalog + one MVCC store per table + the applied (published) commit LSN.

Apply (one writer thread) writes a whole transaction into the stores, stamped with its commit
LSN, then calls ``publish``; readers take ``applied_lsn`` as their snapshot. See
``engine.storage.table_store`` for why this is safe without locks for readers.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from engine.catalog import Catalog, Relation, TableDef
from engine.errors import FeatureNotSupported, UndefinedTable
from engine.storage.table_store import TableStore
from engine.usertypes import UserTypes


@dataclass
class ServerInfo:
    """What the shadow reports about itself: the primary's identity and defaults."""

    server_version: str = "18.0"
    server_version_num: int = 180000
    version_string: str = "PostgreSQL 18.0"
    collation: str = "C"  # the primary database's datcollate
    ctype: str = "C"  # the primary database's datctype
    defaults: Mapping[str, str] = field(default_factory=dict)  # primary GUC defaults


class Database:
    def __init__(self, info: ServerInfo | None = None) -> None:
        self.info = info or ServerInfo()
        self.catalog = Catalog()
        self.stores: dict[int, TableStore] = {}
        self.applied_lsn = 0
        self.oldest_lsn = 0  # oldest snapshot still answerable (nothing is reclaimed yet)
        self.tainted: dict[int, str] = {}  # table oid -> why its contents are unknowable
        self._cond = threading.Condition()
        self._schema_lock = threading.RLock()  # apply thread vs. on-demand lookups
        # Asked for relations the catalog does not know (set by the replication layer):
        # (schema or None, name, search_path) -> TableDef or None.
        self.relation_resolver: Callable[[str | None, str, tuple[str, ...]],
                                         Relation | None] | None = None
        self.user_types = UserTypes()  # enums etc. defined on the primary
        # (kind, name) -> whether the primary defines such a user object (set by replication)
        self.object_exists: Callable[[str, str], bool] | None = None
        # (reg* type name, text, search_path) -> the OID the primary's input function reads
        # (its error raised as the primary's); set by the replication layer
        self.reg_lookup: Callable[[str, str, str], int] | None = None
        # TableDef -> raises FeatureNotSupported when the primary's table has another shape;
        # else its columns' collations (None: the database's default, or not collatable)
        self.table_shape: Callable[[TableDef], tuple[str | None, ...]] | None = None
        # table oid -> columns holding the primary's raw text (type unsupported when applied)
        self.unreadable: dict[int, frozenset[str]] = {}

    # --- schema (apply thread) -----------------------------------------------------------------

    def lookup_table(self, schema: str | None, name: str,
                     search_path: tuple[str, ...]) -> Relation:
        """Resolve a relation name. A name that is not a replicated table is looked up through
        the resolver: a published table not yet described is defined (empty); views and
        partitioned tables are returned for the binder to expand; 42P01 otherwise."""
        try:
            return self.catalog.lookup(schema, name, search_path)
        except UndefinedTable:
            if self.relation_resolver is None:
                raise
            found = self.relation_resolver(schema, name, search_path)
            if found is None:
                raise
            if not isinstance(found, TableDef):
                return found
            with self._schema_lock:
                if found.oid not in self.catalog.tables:
                    self.define_table(found)
            return self.catalog.tables[found.oid]

    def define_table(self, table: TableDef) -> None:
        """Create a table, or follow a change of its shape on the primary.

        A dropped column is projected away exactly; an added or retyped column on a table that
        already has rows cannot be filled in without the primary's values, so the table is
        marked tainted and reads of it are refused until it is synced again.
        """
        with self._schema_lock:
            self._define(table)

    def _define(self, table: TableDef) -> None:
        old = self.catalog.tables.get(table.oid)
        if old is None or old.columns == table.columns:
            if old is None:
                self.stores[table.oid] = TableStore(table.key, len(table.columns))
            elif old.key != table.key:
                self._rebuild(old, table)
            self.catalog.put(table)
            return
        self._rebuild(old, table)
        self.catalog.put(table)

    def _rebuild(self, old: TableDef, new: TableDef) -> None:
        old_store = self.stores[old.oid]
        mapping: list[int] = []
        for col in new.columns:
            idx = old.column_index(col.name)
            if idx is None or old.columns[idx].type_oid != col.type_oid:
                if old_store.rows:
                    self.tainted[new.oid] = (
                        f'table "{new.qualified_name}" changed shape on the primary '
                        f'(column "{col.name}"); re-sync of a changed table is not supported yet'
                    )
                mapping.append(-1)
            else:
                mapping.append(idx)
        self.stores[new.oid] = old_store.remapped(
            new.key, len(new.columns),
            lambda row: tuple(row[i] if i >= 0 else None for i in mapping),
        )

    def drop_table(self, oid: int) -> None:
        self.catalog.drop(oid)
        self.stores.pop(oid, None)
        self.tainted.pop(oid, None)

    def store(self, oid: int) -> TableStore:
        return self.stores[oid]

    # --- progress ------------------------------------------------------------------------------

    def publish(self, lsn: int) -> None:
        """Make everything stamped with a commit LSN <= ``lsn`` visible to new snapshots."""
        with self._cond:
            if lsn > self.applied_lsn:
                self.applied_lsn = lsn
            self._cond.notify_all()

    def wait_for(self, lsn: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.applied_lsn >= lsn, timeout)

    def set_unreadable(self, oid: int, columns: set[str]) -> None:
        if columns:
            self.unreadable[oid] = frozenset(columns)
        else:
            self.unreadable.pop(oid, None)

    def check_readable(self, oid: int) -> None:
        reason = self.tainted.get(oid)
        if reason is not None:
            raise FeatureNotSupported(reason)
