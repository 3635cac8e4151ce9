"""Assemble decoded pgoutput messages into whole committed transactions (pure, no I/O).

Theory of operation (grammar from the docs, "Logical Streaming Replication Protocol", and
``src/backend/replication/pgoutput/pgoutput.c``):

* Ordinary transactions arrive whole, in commit order: ``B [O] (R|Y|I|U|D|T|M)* C``.
  A :class:`Transaction` is emitted at Commit.
* Streamed transactions (protocol ≥ 2, ``streaming 'on'|'parallel'``) arrive in blocks
  ``S(xid) … E``, possibly interleaved with ordinary transactions, and end with Stream Commit
  (emit everything held for ``xid``, in order), Stream Abort with ``subxid == xid`` (drop it all)
  or Stream Abort with ``subxid != xid`` (drop only the changes whose message xid is ``subxid``:
  pgoutput stamps each streamed change with the xid of its own (sub)transaction,
  ``pgoutput_change``). One Stream Abort is sent per aborted subtransaction
  (``DecodeAbort`` → ``ReorderBufferAbort`` per subxact).
* Two-phase transactions (protocol ≥ 3, ``two_phase 'on'``) arrive as ``b … P`` or streamed
  ``S … E … p`` at PREPARE time; their changes are held by gid until Commit Prepared (emit) or
  Rollback Prepared (drop).
* Relation and Type messages are emitted at once as :class:`RelationChanged` /
  :class:`TypeChanged`: a Relation may arrive mid-transaction and the changes after it must be
  read with the new shape. Non-transactional logical messages are emitted at once.

All held state is plain data (``in_progress_xids``, ``prepared_gids``) so that later durability
work can inspect or persist it. Protocol violations raise :class:`DecodeError`.

Must not import asyncio, socket, psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from replica.decoder.messages import (
    Begin,
    BeginPrepare,
    Change,
    Commit,
    CommitPrepared,
    DecodeError,
    Delete,
    Insert,
    Message,
    Origin,
    PgOutputMessage,
    Prepare,
    Relation,
    RollbackPrepared,
    StreamAbort,
    StreamCommit,
    StreamPrepare,
    StreamStart,
    StreamStop,
    Truncate,
    Type,
    Update,
)

__all__ = [
    "Event",
    "NonTransactionalMessage",
    "PreparedTransaction",
    "RelationChanged",
    "Transaction",
    "TransactionAssembler",
    "TypeChanged",
]


@dataclass(frozen=True, slots=True)
class Transaction:
    """A committed transaction: apply ``changes`` atomically at ``commit_lsn``.

    ``gid`` is set for a two-phase transaction (emitted at Commit Prepared).

    ``schema_changes`` lists the Relation messages received *inside* this transaction as
    ``(index, relation)``: ``relation`` describes its table for ``changes[index:]``. The
    RelationChanged event for it was already emitted when it arrived, i.e. before this
    Transaction, so an apply that only follows RelationChanged would read the changes *before*
    ``index`` with the new shape (e.g. ``INSERT; ALTER TABLE … ADD COLUMN; INSERT`` in one
    transaction). Apply must switch shapes at ``index``.
    """

    xid: int
    commit_lsn: int
    end_lsn: int
    commit_ts: int
    origin: Origin | None
    changes: list[Change]
    gid: str | None = None
    schema_changes: tuple[tuple[int, Relation], ...] = ()


@dataclass(frozen=True, slots=True)
class RelationChanged:
    """A Relation message: update the schema cache before applying what follows."""

    relation: Relation


@dataclass(frozen=True, slots=True)
class TypeChanged:
    """A Type message."""

    type: Type


@dataclass(frozen=True, slots=True)
class NonTransactionalMessage:
    """A ``pg_logical_emit_message(false, …)`` message: not part of any transaction."""

    msg: Message


Event: TypeAlias = Transaction | RelationChanged | TypeChanged | NonTransactionalMessage


@dataclass(slots=True)
class _OpenTransaction:
    """A transaction whose changes are being collected (ordinary, streamed or being prepared)."""

    xid: int
    final_lsn: int = 0
    origin: Origin | None = None
    # Changes and the Relation messages between them, in arrival order (see schema_changes).
    items: list[Change | Relation] = field(default_factory=list)
    gid: str | None = None  # set by Begin Prepare
    has_relations: bool = False

    def split(self) -> tuple[list[Change], tuple[tuple[int, Relation], ...]]:
        """``items`` as (changes, schema_changes) for :class:`Transaction`."""
        if not self.has_relations:  # the common case: no copy of a possibly huge list
            return self.items, ()  # type: ignore[return-value]  # no Relation in items
        changes: list[Change] = []
        schema: list[tuple[int, Relation]] = []
        for item in self.items:
            if isinstance(item, Relation):
                schema.append((len(changes), item))
            else:
                changes.append(item)
        return changes, tuple(schema)


@dataclass(frozen=True, slots=True)
class PreparedTransaction:
    """A prepared transaction held until COMMIT PREPARED / ROLLBACK PREPARED."""

    xid: int
    gid: str
    prepare_lsn: int
    end_lsn: int
    prepare_ts: int
    origin: Origin | None
    changes: list[Change]
    schema_changes: tuple[tuple[int, Relation], ...] = ()


class TransactionAssembler:
    """Turn a sequence of pgoutput messages into :data:`Event` lists. Pure and synchronous."""

    def __init__(self) -> None:
        self.relations: dict[int, Relation] = {}
        self.types: dict[int, Type] = {}
        self.last_wal_lsn = 0
        self._current: _OpenTransaction | None = None
        self._streams: dict[int, _OpenTransaction] = {}
        self._stream_xid: int | None = None
        self._prepared: dict[str, PreparedTransaction] = {}

    # -- inspectable held state -------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """True between Begin/Begin Prepare and Commit/Prepare."""
        return self._current is not None

    @property
    def in_progress_xids(self) -> tuple[int, ...]:
        """Top-level xids of streamed transactions seen but not yet committed/aborted/prepared."""
        return tuple(self._streams)

    @property
    def prepared_gids(self) -> tuple[str, ...]:
        """Gids of prepared transactions held until COMMIT/ROLLBACK PREPARED."""
        return tuple(self._prepared)

    def prepared(self, gid: str) -> PreparedTransaction | None:
        return self._prepared.get(gid)

    # -- feeding ----------------------------------------------------------------------------

    def feed(self, msg: PgOutputMessage, wal_lsn: int) -> list[Event]:
        """Consume one message; ``wal_lsn`` is its XLogData ``data_start`` (0 when not last)."""
        if wal_lsn:
            self.last_wal_lsn = wal_lsn
        match msg:
            case Insert() | Update() | Delete() | Truncate():
                self._add_change(msg)
            case Message(transactional=True):
                self._add_change(msg)
            case Message():
                return [NonTransactionalMessage(msg)]
            case Relation():
                self.relations[msg.relid] = msg
                holder = self._open_holder()
                if holder is not None:
                    holder.items.append(msg)
                    holder.has_relations = True
                return [RelationChanged(msg)]
            case Type():
                self.types[msg.type_oid] = msg
                return [TypeChanged(msg)]
            case _:
                return self._control(msg)
        return []

    def _control(self, msg: PgOutputMessage) -> list[Event]:
        """Transaction boundaries: the state transitions of the theory of operation above."""
        match msg:
            case Begin():
                self._open(_OpenTransaction(msg.xid, final_lsn=msg.final_lsn), "Begin")
            case BeginPrepare():
                self._open(_OpenTransaction(msg.xid, msg.prepare_lsn, gid=msg.gid), "Begin Prepare")
            case Origin():
                self._holder("Origin").origin = msg
            case Commit():
                return [self._commit(msg)]
            case Prepare():
                self._prepare(msg)
            case StreamStart():
                self._stream_start(msg)
            case StreamStop():
                self._stream_xid = None
            case StreamCommit():
                txn = self._pop_stream(msg.xid, "Stream Commit")
                changes, schema = txn.split()
                return [Transaction(msg.xid, msg.commit_lsn, msg.end_lsn, msg.commit_ts,
                                    txn.origin, changes, schema_changes=schema)]
            case StreamAbort():
                self._stream_abort(msg)
            case StreamPrepare():
                txn = self._pop_stream(msg.xid, "Stream Prepare")
                self._hold_prepared(txn, msg)
            case CommitPrepared():
                return [self._commit_prepared(msg)]
            case RollbackPrepared():
                # worker.c apply_handle_rollback_prepared: the PREPARE may never have been sent
                # (before the consistent point or before two_phase was enabled), so an unknown
                # gid is not an error.
                self._prepared.pop(msg.gid, None)
            case _:
                raise DecodeError(f"unexpected message {type(msg).__name__}")
        return []

    def _violation(self, text: str) -> DecodeError:
        return DecodeError(f"{text} (near WAL position {self.last_wal_lsn:X})")

    def _open(self, txn: _OpenTransaction, what: str) -> None:
        if self._current is not None:
            raise self._violation(f"{what} for xid {txn.xid} inside open transaction "
                                  f"{self._current.xid}")
        if self._stream_xid is not None:
            raise self._violation(f"{what} inside a streamed block of xid {self._stream_xid}")
        self._current = txn

    def _open_holder(self) -> _OpenTransaction | None:
        """The transaction being collected: the open streamed block's, or Begin's, if any."""
        if self._stream_xid is not None:
            return self._streams[self._stream_xid]
        return self._current

    def _holder(self, what: str) -> _OpenTransaction:
        holder = self._open_holder()
        if holder is None:
            raise self._violation(f"{what} outside a transaction")
        return holder

    def _add_change(self, msg: Change) -> None:
        holder = self._holder(type(msg).__name__)
        match msg:
            case Insert(relid=relid) | Update(relid=relid) | Delete(relid=relid):
                self._check_relid(relid, msg)
            case Truncate(relids=relids):
                for relid in relids:
                    self._check_relid(relid, msg)
            case _:
                pass
        holder.items.append(msg)

    def _check_relid(self, relid: int, msg: Change) -> None:
        if relid not in self.relations:
            raise self._violation(f"{type(msg).__name__} for relation {relid} that no Relation "
                                  "message described")

    def _commit(self, msg: Commit) -> Transaction:
        txn = self._current
        if txn is None or txn.gid is not None:
            raise self._violation("Commit without Begin")
        if txn.final_lsn != msg.commit_lsn:
            raise self._violation(f"Commit LSN {msg.commit_lsn:X} differs from Begin's final "
                                  f"LSN {txn.final_lsn:X}")
        self._current = None
        changes, schema = txn.split()
        return Transaction(txn.xid, msg.commit_lsn, msg.end_lsn, msg.commit_ts, txn.origin,
                           changes, schema_changes=schema)

    def _prepare(self, msg: Prepare) -> None:
        txn = self._current
        if txn is None or txn.gid != msg.gid or txn.xid != msg.xid:
            raise self._violation(f"Prepare of {msg.gid!r} without matching Begin Prepare")
        self._current = None
        self._hold_prepared(txn, msg)

    def _hold_prepared(self, txn: _OpenTransaction, msg: Prepare | StreamPrepare) -> None:
        if msg.gid in self._prepared:
            raise self._violation(f"transaction {msg.gid!r} prepared twice")
        changes, schema = txn.split()
        self._prepared[msg.gid] = PreparedTransaction(
            msg.xid, msg.gid, msg.prepare_lsn, msg.end_lsn, msg.prepare_ts, txn.origin, changes,
            schema,
        )

    def _commit_prepared(self, msg: CommitPrepared) -> Transaction:
        held = self._prepared.pop(msg.gid, None)
        if held is None:
            raise self._violation(f"Commit Prepared of unknown transaction {msg.gid!r}")
        return Transaction(msg.xid, msg.commit_lsn, msg.end_lsn, msg.commit_ts, held.origin,
                           held.changes, gid=msg.gid, schema_changes=held.schema_changes)

    def _stream_start(self, msg: StreamStart) -> None:
        if self._current is not None:
            raise self._violation(f"Stream Start inside open transaction {self._current.xid}")
        if msg.first_segment:
            if msg.xid in self._streams:
                raise self._violation(f"first Stream Start for xid {msg.xid} seen twice")
            self._streams[msg.xid] = _OpenTransaction(msg.xid)
        elif msg.xid not in self._streams:
            raise self._violation(f"Stream Start continues unknown xid {msg.xid}")
        self._stream_xid = msg.xid

    def _pop_stream(self, xid: int, what: str) -> _OpenTransaction:
        txn = self._streams.pop(xid, None)
        if txn is None:
            raise self._violation(f"{what} for unknown streamed xid {xid}")
        return txn

    def _stream_abort(self, msg: StreamAbort) -> None:
        if msg.subxid == msg.xid:
            self._pop_stream(msg.xid, "Stream Abort")
            return
        txn = self._streams.get(msg.xid)
        if txn is None:
            raise self._violation(f"Stream Abort for unknown streamed xid {msg.xid}")
        # Relation messages stay: pgoutput counts the schema as sent for the whole top-level
        # transaction (pgoutput.c get_schema_sent_in_streamed_txn), not for the subxact.
        txn.items = [c for c in txn.items if isinstance(c, Relation) or c.xid != msg.subxid]
