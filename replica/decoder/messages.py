"""Typed, frozen pgoutput messages (logical replication protocol v1–v4) and TupleData values.

One dataclass per message of the PostgreSQL docs page "Logical Replication Message Formats"
(protocol-logicalrep-message-formats.html); writers in ``src/backend/replication/logical/proto.c``.
LSNs are ints, timestamps are Int64 microseconds since 2000-01-01 (PG epoch), left undecoded.

``xid`` on transactional messages is the Int32 xid that pgoutput adds only inside a streamed
block (between Stream Start and Stream Stop, protocol ≥ 2); it is the xid of the (sub)transaction
that made the change. It is ``None`` for messages outside a streamed block.

Column values of a TupleData are: ``None`` (``'n'``, NULL), ``bytes`` (``'t'``, the type's text
output, raw bytes in the server encoding, not decoded), :data:`UNCHANGED_TOAST` (``'u'``, an
unchanged on-disk TOASTed value that was *not* sent: keep the old value, it is not NULL) and
:class:`BinaryValue` (``'b'``, the type's send/recv binary format).

Must not import asyncio, socket, psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, TypeAlias

__all__ = [
    "UNCHANGED_TOAST",
    "Begin",
    "BeginPrepare",
    "BinaryValue",
    "Change",
    "Commit",
    "CommitPrepared",
    "DecodeError",
    "Delete",
    "Insert",
    "Message",
    "Origin",
    "PgOutputMessage",
    "Prepare",
    "Relation",
    "RelationColumn",
    "RollbackPrepared",
    "StreamAbort",
    "StreamCommit",
    "StreamPrepare",
    "StreamStart",
    "StreamStop",
    "Truncate",
    "TupleData",
    "Type",
    "UnchangedToast",
    "Update",
    "Value",
]


class DecodeError(ValueError):
    """Malformed pgoutput bytes, or a message sequence that violates the protocol."""


class UnchangedToast:
    """Type of :data:`UNCHANGED_TOAST`, the ``'u'`` TupleData kind. A singleton."""

    __slots__ = ()
    _instance: UnchangedToast | None = None

    def __new__(cls) -> UnchangedToast:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHANGED_TOAST"

    def __reduce__(self) -> str:
        # Pickles as a reference to the module global, so identity survives a round trip.
        return "UNCHANGED_TOAST"


UNCHANGED_TOAST: Final = UnchangedToast()


@dataclass(frozen=True, slots=True)
class BinaryValue:
    """A ``'b'`` TupleData value: the type's binary send format (``binary 'on'``, PG14+)."""

    data: bytes


Value: TypeAlias = bytes | None | UnchangedToast | BinaryValue
TupleData: TypeAlias = tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Begin:
    """Begin ``'B'`` (protocol v1). ``final_lsn`` is the LSN of the commit record."""

    final_lsn: int
    commit_ts: int
    xid: int


@dataclass(frozen=True, slots=True)
class Message:
    """Logical decoding message ``'M'`` (protocol v1, PG14+ with ``messages 'true'``).

    Emitted by ``pg_logical_emit_message``; ``transactional=False`` ones arrive at once, outside
    any Begin/Commit, even if the emitting transaction later aborts.
    """

    transactional: bool
    lsn: int
    prefix: str
    content: bytes
    xid: int | None = None



@dataclass(frozen=True, slots=True)
class Commit:
    """Commit ``'C'`` (protocol v1). ``end_lsn`` is the end of the commit record."""

    flags: int
    commit_lsn: int
    end_lsn: int
    commit_ts: int


@dataclass(frozen=True, slots=True)
class Origin:
    """Origin ``'O'`` (protocol v1): the transaction was replayed from another node."""

    commit_lsn: int
    name: str


@dataclass(frozen=True, slots=True)
class RelationColumn:
    """One column of a Relation message. ``flags & 1``: part of the replica identity key."""

    flags: int
    name: str
    type_oid: int
    type_modifier: int


@dataclass(frozen=True, slots=True)
class Relation:
    """Relation ``'R'`` (protocol v1): describes a table before the first change that needs it.

    ``namespace`` is ``""`` for pg_catalog. ``replica_identity`` is one of ``'d'``, ``'n'``,
    ``'f'``, ``'i'``. Dropped (and unpublished generated) columns are omitted; no attnums.
    """

    relid: int
    namespace: str
    name: str
    replica_identity: str
    columns: tuple[RelationColumn, ...]
    xid: int | None = None


@dataclass(frozen=True, slots=True)
class Type:
    """Type ``'Y'`` (protocol v1): names a non-built-in type used by a following Relation."""

    type_oid: int
    namespace: str
    name: str
    xid: int | None = None


@dataclass(frozen=True, slots=True)
class Insert:
    """Insert ``'I'`` (protocol v1)."""

    relid: int
    new: TupleData
    xid: int | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """Update ``'U'`` (protocol v1).

    ``old_kind`` is ``'K'`` (old key only, non-key columns NULL: never apply it as row data),
    ``'O'`` (whole old row, REPLICA IDENTITY FULL) or ``None`` (no old tuple: key unchanged).
    """

    relid: int
    old_kind: str | None
    old: TupleData | None
    new: TupleData
    xid: int | None = None


@dataclass(frozen=True, slots=True)
class Delete:
    """Delete ``'D'`` (protocol v1). ``old_kind`` is ``'K'`` or ``'O'`` as for Update."""

    relid: int
    old_kind: str
    old: TupleData
    xid: int | None = None


@dataclass(frozen=True, slots=True)
class Truncate:
    """Truncate ``'T'`` (protocol v1, PG11+). Option bits: 1 CASCADE, 2 RESTART IDENTITY."""

    relids: tuple[int, ...]
    cascade: bool
    restart_identity: bool
    xid: int | None = None

    @property
    def options(self) -> int:
        """The raw option bits as sent (``TRUNCATE_CASCADE`` 1, ``TRUNCATE_RESTART_SEQS`` 2)."""
        return int(self.cascade) | (int(self.restart_identity) << 1)


@dataclass(frozen=True, slots=True)
class StreamStart:
    """Stream Start ``'S'`` (protocol v2): the following messages belong to in-progress ``xid``."""

    xid: int
    first_segment: bool


@dataclass(frozen=True, slots=True)
class StreamStop:
    """Stream Stop ``'E'`` (protocol v2): end of a streamed block."""


@dataclass(frozen=True, slots=True)
class StreamCommit:
    """Stream Commit ``'c'`` (protocol v2): streamed transaction ``xid`` committed."""

    xid: int
    flags: int
    commit_lsn: int
    end_lsn: int
    commit_ts: int


@dataclass(frozen=True, slots=True)
class StreamAbort:
    """Stream Abort ``'A'`` (protocol v2).

    ``subxid == xid`` aborts the whole streamed transaction, otherwise only that subtransaction.
    ``abort_lsn``/``abort_ts`` were added in protocol v4 and are sent only with
    ``streaming 'parallel'`` (PG16+); ``None`` otherwise.
    """

    xid: int
    subxid: int
    abort_lsn: int | None = None
    abort_ts: int | None = None


@dataclass(frozen=True, slots=True)
class BeginPrepare:
    """Begin Prepare ``'b'`` (protocol v3, PG15+, ``two_phase 'on'``)."""

    prepare_lsn: int
    end_lsn: int
    prepare_ts: int
    xid: int
    gid: str


@dataclass(frozen=True, slots=True)
class Prepare:
    """Prepare ``'P'`` (protocol v3): the transaction opened by Begin Prepare is prepared."""

    flags: int
    prepare_lsn: int
    end_lsn: int
    prepare_ts: int
    xid: int
    gid: str


@dataclass(frozen=True, slots=True)
class CommitPrepared:
    """Commit Prepared ``'K'`` (protocol v3): ``COMMIT PREPARED gid``."""

    flags: int
    commit_lsn: int
    end_lsn: int
    commit_ts: int
    xid: int
    gid: str


@dataclass(frozen=True, slots=True)
class RollbackPrepared:
    """Rollback Prepared ``'r'`` (protocol v3): ``ROLLBACK PREPARED gid``."""

    flags: int
    prepare_end_lsn: int
    rollback_end_lsn: int
    prepare_ts: int
    rollback_ts: int
    xid: int
    gid: str


@dataclass(frozen=True, slots=True)
class StreamPrepare:
    """Stream Prepare ``'p'`` (protocol v3): streamed transaction ``xid`` is prepared as ``gid``."""

    flags: int
    prepare_lsn: int
    end_lsn: int
    prepare_ts: int
    xid: int
    gid: str


Change: TypeAlias = Insert | Update | Delete | Truncate | Message

PgOutputMessage: TypeAlias = (
    Begin
    | Message
    | Commit
    | Origin
    | Relation
    | Type
    | Insert
    | Update
    | Delete
    | Truncate
    | StreamStart
    | StreamStop
    | StreamCommit
    | StreamAbort
    | BeginPrepare
    | Prepare
    | CommitPrepared
    | RollbackPrepared
    | StreamPrepare
)
