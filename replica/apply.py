"""Apply decoded transactions to the engine, atomically visible at their commit.

Theory of operation. The assembler hands over whole committed transactions. Each change is
converted from pgoutput text values to engine values with per-relation converter lists built
once (not per row), written into the table stores stamped with the transaction's end LSN, and
only then is that LSN published to readers. Transactions at or below the applied LSN are
skipped, so a slot re-sending what was applied before a reconnect is harmless.

An unchanged-TOAST ``'u'`` column is never turned into NULL: its value is taken from the row
version being replaced. Anything the shadow cannot apply exactly stops apply with ``ApplyError``
(the slot keeps the data; nothing is confirmed past it).

Must not import ``wire``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from engine import types as T
from engine.catalog import ColumnDef, TableDef
from engine.database import Database
from engine.errors import EngineError
from engine.storage.table_store import RowNotFound, TableStore
from replica.decoder.assembler import Transaction
from replica.decoder.messages import (
    UNCHANGED_TOAST,
    BinaryValue,
    Delete,
    Insert,
    Message,
    Relation,
    Truncate,
    Update,
)
from replica.fastparse import fast_converter

Converter = Callable[[bytes], Any]

log = logging.getLogger(__name__)


class ApplyError(RuntimeError):
    """A change could not be applied exactly; the shadow must stop rather than diverge."""


def _text(b: bytes) -> str:
    return b.decode("utf-8")


def _bool(b: bytes) -> bool:
    return b == b"t"


# Fast paths for types whose pgoutput text form Python parses exactly; the rest go through
# the type's own input function.
_FAST: dict[int, Converter] = {
    16: _bool,
    20: int, 21: int, 23: int, 26: int,
    25: _text, 1043: _text, 19: _text, 1042: _text,
}


def converter_for(type_oid: int, typmod: int) -> Converter | None:
    """The text → engine value converter, or None when the type is not supported (the
    column then keeps the primary's text and is marked unreadable)."""
    fast = _FAST.get(type_oid)
    if fast is not None:
        return fast
    try:
        pgtype = T.type_by_oid(type_oid)
    except EngineError:
        return None
    parse = pgtype.input

    def convert(b: bytes) -> Any:
        return parse(b.decode("utf-8"), typmod)

    return fast_converter(type_oid, convert)


def table_from_relation(rel: Relation, old: TableDef | None) -> TableDef:
    """The engine's table for a Relation message. Attribute numbers and NOT NULL flags are
    not in the message: they are kept from the catalog read where the column is the same."""
    known = {c.name: c for c in old.columns} if old is not None else {}
    cols = []
    for i, c in enumerate(rel.columns):
        prev = known.get(c.name)
        same = prev is not None and prev.type_oid == c.type_oid
        cols.append(ColumnDef(c.name, c.type_oid, c.type_modifier,
                              prev.attnum if same and prev else i + 1,
                              prev.not_null if same and prev else False))
    key = tuple(i for i, c in enumerate(rel.columns) if c.flags & 1)
    if rel.replica_identity == "f":
        key = ()
    return TableDef(rel.relid, rel.namespace or "pg_catalog", rel.name, tuple(cols), key,
                    rel.replica_identity)


def _passthrough(v: Any) -> Any:
    if v is None or v is UNCHANGED_TOAST:
        return v
    if isinstance(v, BinaryValue):
        raise ApplyError("binary-format tuple values were not requested")
    raise ApplyError(f"unexpected tuple value {v!r}")


class Applier:
    """Applies transactions and relation changes to one ``Database``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._converters: dict[int, list[Converter]] = {}
        # columns holding a value the engine could not read: unreadable from then on
        self._bad_values: dict[int, set[str]] = {}
        self._applied: dict[int, Relation] = {}  # the Relation whose shape the engine has
        self._latest: dict[int, Relation] = {}  # the last Relation received
        self.applied_rows = 0

    def relation_received(self, rel: Relation) -> None:
        """A Relation message arrived. It is not applied yet: it describes the changes that
        follow it, which are applied at commit (see ``transaction``)."""
        self._latest[rel.relid] = rel

    def _apply_relation(self, rel: Relation) -> None:
        self._applied[rel.relid] = rel
        table = table_from_relation(rel, self.db.catalog.tables.get(rel.relid))
        self.db.define_table(table)
        self._converters[rel.relid] = self._converters_for(table)

    def define(self, table: TableDef) -> None:
        """A table known from the initial catalog read."""
        self.db.define_table(table)
        self._converters[table.oid] = self._converters_for(table)

    def _converters_for(self, table: TableDef) -> list[Converter]:
        """Per-column converters. A column of an unsupported type keeps the primary's text
        and is marked unreadable, so no later type knowledge can misread it."""
        out: list[Converter] = []
        unreadable: set[str] = set(self._bad_values.get(table.oid, ()))
        for c in table.columns:
            conv = converter_for(c.type_oid, c.typmod)
            if conv is None or c.name in unreadable:
                unreadable.add(c.name)
                conv = _text
            out.append(conv)
        self.db.set_unreadable(table.oid, unreadable)
        return out

    def _convert_slowly(self, oid: int, raw: Sequence[Any]) -> list[Any]:
        """A row one of whose values the engine could not read (a supported type, but a value
        its input refuses, such as a regclass by name): that value keeps the primary's text
        and its column becomes unreadable for good, rather than replication stopping."""
        convs = self._converters[oid]
        out: list[Any] = []
        for i, (c, v) in enumerate(zip(convs, raw, strict=True)):
            if type(v) is not bytes:
                out.append(_passthrough(v))
                continue
            try:
                out.append(c(v))
            except EngineError as exc:
                table = self.db.catalog.tables[oid]
                name = table.columns[i].name
                log.warning("%s.%s: value not readable by the shadow (%s); the column's "
                            "reads are refused", table.qualified_name, name, exc)
                self._bad_values.setdefault(oid, set()).add(name)
                convs[i] = _text
                self.db.set_unreadable(
                    oid, set(self.db.unreadable.get(oid, frozenset())) | {name})
                out.append(_text(v))
        return out

    def load_rows(self, oid: int, rows: Sequence[Sequence[bytes | None]], lsn: int) -> None:
        """Rows of the initial copy (COPY text values), visible from ``lsn``."""
        store = self.db.store(oid)
        convs = self._converters[oid]
        insert = store.insert
        for raw in rows:
            try:
                row = tuple(None if v is None else c(v) for c, v in zip(convs, raw, strict=True))
            except EngineError:
                row = tuple(self._convert_slowly(oid, raw))
            insert(row, lsn)

    def transaction(self, txn: Transaction) -> bool:
        """Apply one committed transaction; False when it was already applied."""
        lsn = txn.end_lsn
        if lsn <= self.db.applied_lsn:
            return False
        # Relations described in an earlier transaction that was never applied (aborted,
        # rolled back) are not sent again by pgoutput: bring them in first.
        in_txn = {rel.relid for _, rel in txn.schema_changes}
        for relid, rel in self._latest.items():
            if relid not in in_txn and self._applied.get(relid) is not rel:
                self._apply_relation(rel)
        shapes = iter(txn.schema_changes)
        next_shape = next(shapes, None)
        for index, change in enumerate(txn.changes):
            # A Relation inside the transaction holds for the changes after it (a table can
            # change shape mid-transaction: INSERT; ALTER TABLE ...; INSERT).
            while next_shape is not None and next_shape[0] <= index:
                self._apply_relation(next_shape[1])
                next_shape = next(shapes, None)
            match change:
                case Insert():
                    self._insert(change, lsn)
                case Update():
                    self._update(change, lsn)
                case Delete():
                    self._delete(change, lsn)
                case Truncate():
                    for relid in change.relids:
                        self._store(relid).truncate(lsn)
                case Message():
                    pass  # transactional messages carry no table data (DDL capture comes later)
                case _:
                    raise ApplyError(f"unexpected change {type(change).__name__}")
        while next_shape is not None:
            self._apply_relation(next_shape[1])
            next_shape = next(shapes, None)
        self.applied_rows += len(txn.changes)
        self.db.publish(lsn)
        return True

    # --- changes -------------------------------------------------------------------------------

    def _store(self, relid: int) -> TableStore:
        try:
            return self.db.store(relid)
        except KeyError:
            raise ApplyError(f"change for relation {relid} that was never described") from None

    def _convert(self, relid: int, tup: Sequence[Any]) -> list[Any]:
        convs = self._converters[relid]
        if len(tup) != len(convs):
            raise ApplyError(
                f"relation {relid}: tuple has {len(tup)} columns, relation has {len(convs)}"
            )
        # Hot path: one comprehension per row; only text values (bytes) are converted, NULL
        # and unchanged-TOAST markers pass through, and anything else is refused.
        try:
            return [c(v) if type(v) is bytes else _passthrough(v) for c, v in
                    zip(convs, tup, strict=True)]
        except EngineError:
            return self._convert_slowly(relid, tup)

    def _insert(self, change: Insert, lsn: int) -> None:
        row = self._convert(change.relid, change.new)
        if UNCHANGED_TOAST in row:
            raise ApplyError("an INSERT carried an unchanged-TOAST value")
        self._store(change.relid).insert(tuple(row), lsn)

    def _locate(self, store: TableStore, relid: int, old_kind: str | None,
                old: Sequence[Any] | None, new_row: list[Any] | None) -> int | None:
        """The stored row an UPDATE/DELETE names; None when the table's copy is no longer
        trustworthy (tainted before, or now because the row is missing)."""
        if relid in self.db.tainted:
            return None
        if old is not None:
            old_row = self._convert(relid, old)
            if any(old_row[i] is UNCHANGED_TOAST for i in store.key):
                raise ApplyError(f"relation {relid}: unchanged-TOAST value in the old key")
            key = tuple(old_row[i] for i in store.key)
        else:
            assert new_row is not None
            key = tuple(new_row[i] for i in store.key)
        try:
            return store.find(key)
        except RowNotFound as exc:
            # one table's copy diverged: refuse its reads, keep every other table flowing
            table = self.db.catalog.tables[relid].qualified_name
            reason = (f'table "{table}" diverged from the primary ({exc}); its reads are '
                      "refused until it is copied again")
            log.error("%s", reason)
            self.db.tainted[relid] = reason
            return None

    def _update(self, change: Update, lsn: int) -> None:
        store = self._store(change.relid)
        new_row = self._convert(change.relid, change.new)
        pos = self._locate(store, change.relid, change.old_kind, change.old, new_row)
        if pos is None:
            return
        current = store.rows[pos]
        for i, v in enumerate(new_row):
            if v is UNCHANGED_TOAST:
                new_row[i] = current[i]  # 'u' means "keep the stored value", never NULL
        store.delete_at(pos, lsn)
        store.insert(tuple(new_row), lsn)

    def _delete(self, change: Delete, lsn: int) -> None:
        store = self._store(change.relid)
        pos = self._locate(store, change.relid, change.old_kind, change.old, None)
        if pos is not None:
            store.delete_at(pos, lsn)

