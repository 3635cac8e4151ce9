"""Decode pgoutput message bytes (the payload of one XLogData) into typed messages, v1–v4.

Layouts follow the PostgreSQL docs "Logical Replication Message Formats"
(protocol-logicalrep-message-formats.html) and the writers in
``src/backend/replication/logical/proto.c``. The decoder is a small state machine: between
Stream Start and Stream Stop (protocol ≥ 2) the transactional messages (Relation, Type, Insert,
Update, Delete, Truncate, Message) carry an extra Int32 xid after the type byte, so the decoder
must know whether it is inside a streamed block.

Parsing works on offsets into one ``bytes`` object with ``struct.unpack_from``; the only objects
made per column are the values themselves. Any malformed input raises :class:`DecodeError`
naming the message and the offset; no ``IndexError``/``struct.error`` escapes.

Must not import asyncio, socket, psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import NamedTuple, TypeAlias

from replica.decoder.messages import (
    UNCHANGED_TOAST,
    Begin,
    BeginPrepare,
    BinaryValue,
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
    RelationColumn,
    RollbackPrepared,
    StreamAbort,
    StreamCommit,
    StreamPrepare,
    StreamStart,
    StreamStop,
    Truncate,
    TupleData,
    Type,
    Update,
    Value,
)

__all__ = ["PROTO_VERSIONS", "PgOutputDecoder", "decode_tuple"]

PROTO_VERSIONS = (1, 2, 3, 4)

_U8 = struct.Struct("!B")
_U16 = struct.Struct("!H")
_U32 = struct.Struct("!I")
_I32 = struct.Struct("!i")
_U32_U8 = struct.Struct("!IB")  # relid + tuple marker (Insert/Update/Delete)
_BEGIN = struct.Struct("!QqI")
_COMMIT = struct.Struct("!BQQq")
_MESSAGE_HEAD = struct.Struct("!BQ")
_TRUNCATE_HEAD = struct.Struct("!IB")
_STREAM_START = struct.Struct("!IB")
_STREAM_COMMIT = struct.Struct("!IBQQq")
_STREAM_ABORT = struct.Struct("!II")
_STREAM_ABORT_V4 = struct.Struct("!Qq")
_PREPARE_HEAD = struct.Struct("!QQqI")  # Begin Prepare: prepare_lsn, end_lsn, prepare_ts, xid
_FLAGGED_PREPARE_HEAD = struct.Struct("!BQQqI")  # 'P', 'K', 'p': flags + the same four fields
_ROLLBACK_PREPARED_HEAD = struct.Struct("!BQQqqI")
_COLUMN_TAIL = struct.Struct("!Ii")  # type OID, atttypmod

_T, _N, _U, _B = 0x74, 0x6E, 0x75, 0x62  # TupleData kinds 't', 'n', 'u', 'b'
_K, _O, _NEW = 0x4B, 0x4F, 0x4E  # tuple markers 'K', 'O', 'N'

Parser: TypeAlias = Callable[[bytes, int, "int | None"], tuple[PgOutputMessage, int]]


def _read_string(buf: bytes, pos: int) -> tuple[str, int]:
    """A NUL-terminated String (pq_sendstring: in the client encoding, UTF-8 for us)."""
    end = buf.find(0, pos)
    if end < 0:
        raise DecodeError(f"unterminated String at offset {pos}")
    return buf[pos:end].decode("utf-8"), end + 1


def decode_tuple(buf: bytes, pos: int) -> tuple[TupleData, int]:
    """Read a TupleData at ``pos``; return the values and the offset after it.

    This is the hot loop of the whole apply path: one ``match`` per column, the value is
    the only object made. ``t`` lengths are read unsigned so a bogus length overshoots the
    buffer and is caught by the final bound check instead of slicing backwards.
    """
    (ncols,) = _U16.unpack_from(buf, pos)
    pos += 2
    values: list[Value] = []
    append = values.append
    unpack_len = _U32.unpack_from
    try:
        for _ in range(ncols):
            kind = buf[pos]
            match kind:
                case 0x74:  # 't': Int32 len + text output
                    end = pos + 5 + unpack_len(buf, pos + 1)[0]
                    append(buf[pos + 5 : end])
                    pos = end
                case 0x6E:  # 'n': NULL
                    append(None)
                    pos += 1
                case 0x75:  # 'u': unchanged TOASTed value, not sent (proto.c logicalrep_write_tuple)
                    append(UNCHANGED_TOAST)
                    pos += 1
                case 0x62:  # 'b': Int32 len + binary send output
                    end = pos + 5 + unpack_len(buf, pos + 1)[0]
                    append(BinaryValue(buf[pos + 5 : end]))
                    pos = end
                case _:
                    raise DecodeError(f"unknown TupleData kind {bytes([kind])!r} at offset {pos}")
    except (IndexError, struct.error):
        raise DecodeError(f"TupleData truncated at offset {pos}") from None
    if pos > len(buf):
        raise DecodeError(f"TupleData value runs past the end of the message (offset {pos})")
    return tuple(values), pos


def _parse_begin(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    final_lsn, ts, txid = _BEGIN.unpack_from(buf, pos)
    return Begin(final_lsn, ts, txid), pos + _BEGIN.size


def _check_flags(flags: int, pos: int) -> None:
    # proto.c's readers reject any non-zero flags byte ("unrecognized flags %u in ... message").
    if flags != 0:
        raise DecodeError(f"unrecognized flags {flags} at offset {pos}")


def _parse_commit(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    flags, commit_lsn, end_lsn, ts = _COMMIT.unpack_from(buf, pos)
    _check_flags(flags, pos)
    return Commit(flags, commit_lsn, end_lsn, ts), pos + _COMMIT.size


def _parse_origin(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    (lsn,) = struct.unpack_from("!Q", buf, pos)
    name, pos = _read_string(buf, pos + 8)
    return Origin(lsn, name), pos


def _parse_message(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    flags, lsn = _MESSAGE_HEAD.unpack_from(buf, pos)
    if flags > 1:
        raise DecodeError(f"unrecognized flags {flags} at offset {pos}")
    prefix, pos = _read_string(buf, pos + _MESSAGE_HEAD.size)
    (length,) = _U32.unpack_from(buf, pos)
    end = pos + 4 + length
    if end > len(buf):
        raise DecodeError(f"content of {length} bytes at offset {pos + 4} runs past the end")
    return Message(bool(flags), lsn, prefix, buf[pos + 4 : end], xid), end


def _parse_relation(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    (relid,) = _U32.unpack_from(buf, pos)
    namespace, pos = _read_string(buf, pos + 4)
    name, pos = _read_string(buf, pos)
    replident = chr(buf[pos])
    if replident not in "dnfi":
        raise DecodeError(f"unknown replica identity {replident!r} at offset {pos}")
    (ncols,) = _U16.unpack_from(buf, pos + 1)
    pos += 3
    columns = []
    for _ in range(ncols):
        flags = buf[pos]
        colname, pos = _read_string(buf, pos + 1)
        type_oid, typmod = _COLUMN_TAIL.unpack_from(buf, pos)
        pos += _COLUMN_TAIL.size
        columns.append(RelationColumn(flags, colname, type_oid, typmod))
    return Relation(relid, namespace, name, replident, tuple(columns), xid), pos


def _parse_type(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    (type_oid,) = _U32.unpack_from(buf, pos)
    namespace, pos = _read_string(buf, pos + 4)
    name, pos = _read_string(buf, pos)
    return Type(type_oid, namespace, name, xid), pos


def _parse_insert(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    relid, marker = _U32_U8.unpack_from(buf, pos)
    if marker != _NEW:
        raise DecodeError(f"expected 'N' at offset {pos + 4}, got {bytes([marker])!r}")
    new, pos = decode_tuple(buf, pos + 5)
    return Insert(relid, new, xid), pos


def _parse_update(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    relid, marker = _U32_U8.unpack_from(buf, pos)
    pos += 5
    old_kind: str | None = None
    old: TupleData | None = None
    if marker in (_K, _O):
        old_kind = chr(marker)
        old, pos = decode_tuple(buf, pos)
        marker = buf[pos]
        pos += 1
    if marker != _NEW:
        raise DecodeError(f"expected 'N' at offset {pos - 1}, got {bytes([marker])!r}")
    new, pos = decode_tuple(buf, pos)
    return Update(relid, old_kind, old, new, xid), pos


def _parse_delete(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    relid, marker = _U32_U8.unpack_from(buf, pos)
    if marker not in (_K, _O):
        raise DecodeError(f"expected 'K' or 'O' at offset {pos + 4}, got {bytes([marker])!r}")
    old, pos = decode_tuple(buf, pos + 5)
    return Delete(relid, chr(marker), old, xid), pos


def _parse_truncate(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    nrels, options = _TRUNCATE_HEAD.unpack_from(buf, pos)
    pos += _TRUNCATE_HEAD.size
    end = pos + 4 * nrels
    if end > len(buf):
        raise DecodeError(f"{nrels} relation OIDs at offset {pos} run past the end")
    relids = struct.unpack_from(f"!{nrels}I", buf, pos)
    # TRUNCATE_CASCADE = 1, TRUNCATE_RESTART_SEQS = 2 (logicalproto.h)
    return Truncate(relids, bool(options & 1), bool(options & 2), xid), end


def _parse_stream_start(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    txid, first = _STREAM_START.unpack_from(buf, pos)
    if first > 1:
        raise DecodeError(f"first-segment flag {first} at offset {pos + 4} is not 0/1")
    return StreamStart(txid, bool(first)), pos + _STREAM_START.size


def _parse_stream_stop(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    return StreamStop(), pos


def _parse_stream_commit(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    txid, flags, commit_lsn, end_lsn, ts = _STREAM_COMMIT.unpack_from(buf, pos)
    _check_flags(flags, pos + 4)
    return StreamCommit(txid, flags, commit_lsn, end_lsn, ts), pos + _STREAM_COMMIT.size


def _parse_stream_abort(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    txid, subxid = _STREAM_ABORT.unpack_from(buf, pos)
    return StreamAbort(txid, subxid), pos + _STREAM_ABORT.size


def _parse_stream_abort_v4(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    # abort_lsn/abort_ts exist only when streaming = parallel (proto.c
    # logicalrep_write_stream_abort, "write_abort_info"); the message carries no flag for it,
    # so the remaining length decides.
    txid, subxid = _STREAM_ABORT.unpack_from(buf, pos)
    pos += _STREAM_ABORT.size
    if len(buf) - pos != _STREAM_ABORT_V4.size:
        return StreamAbort(txid, subxid), pos
    abort_lsn, abort_ts = _STREAM_ABORT_V4.unpack_from(buf, pos)
    return StreamAbort(txid, subxid, abort_lsn, abort_ts), pos + _STREAM_ABORT_V4.size


def _parse_begin_prepare(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    prepare_lsn, end_lsn, ts, txid = _PREPARE_HEAD.unpack_from(buf, pos)
    gid, pos = _read_string(buf, pos + _PREPARE_HEAD.size)
    return BeginPrepare(prepare_lsn, end_lsn, ts, txid, gid), pos


def _flagged_prepare(buf: bytes, pos: int) -> tuple[tuple[int, int, int, int, int], str, int]:
    fields = _FLAGGED_PREPARE_HEAD.unpack_from(buf, pos)
    _check_flags(fields[0], pos)
    gid, end = _read_string(buf, pos + _FLAGGED_PREPARE_HEAD.size)
    return fields, gid, end


def _parse_prepare(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    fields, gid, pos = _flagged_prepare(buf, pos)
    return Prepare(*fields, gid), pos


def _parse_commit_prepared(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    fields, gid, pos = _flagged_prepare(buf, pos)
    return CommitPrepared(*fields, gid), pos


def _parse_stream_prepare(buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
    fields, gid, pos = _flagged_prepare(buf, pos)
    return StreamPrepare(*fields, gid), pos


def _parse_rollback_prepared(
    buf: bytes, pos: int, xid: int | None
) -> tuple[PgOutputMessage, int]:
    flags, prepare_end, rollback_end, prepare_ts, rollback_ts, txid = (
        _ROLLBACK_PREPARED_HEAD.unpack_from(buf, pos)
    )
    _check_flags(flags, pos)
    gid, pos = _read_string(buf, pos + _ROLLBACK_PREPARED_HEAD.size)
    msg = RollbackPrepared(flags, prepare_end, rollback_end, prepare_ts, rollback_ts, txid, gid)
    return msg, pos


class _Entry(NamedTuple):
    """How to handle one message type byte."""

    name: str
    parse: Parser
    min_version: int
    outside_stream: bool  # may appear outside Stream Start … Stop
    inside_stream: bool  # may appear inside it
    streamed_xid: bool  # carries the extra Int32 xid when inside it


# The grammar of the stream, as data: which message may appear where (docs, "Logical Streaming
# Replication Protocol"; pgoutput.c pgoutput_stream_start sends Origin right after Stream Start).
_ENTRIES: dict[int, _Entry] = {
    ord("B"): _Entry("Begin", _parse_begin, 1, True, False, False),
    ord("M"): _Entry("Message", _parse_message, 1, True, True, True),
    ord("C"): _Entry("Commit", _parse_commit, 1, True, False, False),
    ord("O"): _Entry("Origin", _parse_origin, 1, True, True, False),
    ord("R"): _Entry("Relation", _parse_relation, 1, True, True, True),
    ord("Y"): _Entry("Type", _parse_type, 1, True, True, True),
    ord("I"): _Entry("Insert", _parse_insert, 1, True, True, True),
    ord("U"): _Entry("Update", _parse_update, 1, True, True, True),
    ord("D"): _Entry("Delete", _parse_delete, 1, True, True, True),
    ord("T"): _Entry("Truncate", _parse_truncate, 1, True, True, True),
    ord("S"): _Entry("Stream Start", _parse_stream_start, 2, True, False, False),
    ord("E"): _Entry("Stream Stop", _parse_stream_stop, 2, False, True, False),
    ord("c"): _Entry("Stream Commit", _parse_stream_commit, 2, True, False, False),
    ord("A"): _Entry("Stream Abort", _parse_stream_abort, 2, True, False, False),
    ord("b"): _Entry("Begin Prepare", _parse_begin_prepare, 3, True, False, False),
    ord("P"): _Entry("Prepare", _parse_prepare, 3, True, False, False),
    ord("K"): _Entry("Commit Prepared", _parse_commit_prepared, 3, True, False, False),
    ord("r"): _Entry("Rollback Prepared", _parse_rollback_prepared, 3, True, False, False),
    ord("p"): _Entry("Stream Prepare", _parse_stream_prepare, 3, True, False, False),
}


_Handler: TypeAlias = tuple[Parser, bool]  # (parser, reads the streamed-block Int32 xid)


def _handlers(proto_version: int, inside_stream: bool) -> dict[int, _Handler]:
    """The message types allowed in one state, precomputed so ``decode`` does one lookup."""
    handlers: dict[int, _Handler] = {}
    for tag, e in _ENTRIES.items():
        allowed = e.inside_stream if inside_stream else e.outside_stream
        if allowed and e.min_version <= proto_version:
            handlers[tag] = (e.parse, inside_stream and e.streamed_xid)
    if proto_version >= 4 and ord("A") in handlers:
        handlers[ord("A")] = (_parse_stream_abort_v4, False)
    return handlers


class PgOutputDecoder:
    """Stateful pgoutput decoder for one replication session.

    ``proto_version`` is the value given to START_REPLICATION; message types introduced by a
    later version are rejected. ``in_stream`` is True between Stream Start and Stream Stop.
    The two states each have their own handler table; Stream Start/Stop switch tables.
    """

    __slots__ = ("_handlers", "_inside", "_outside", "in_stream", "proto_version", "stream_xid")

    def __init__(self, proto_version: int = 1) -> None:
        if proto_version not in PROTO_VERSIONS:
            raise ValueError(f"unsupported pgoutput proto_version {proto_version}")
        self.proto_version = proto_version
        self.in_stream = False
        self.stream_xid: int | None = None
        self._outside = _handlers(proto_version, inside_stream=False)
        self._inside = _handlers(proto_version, inside_stream=True)
        if proto_version >= 2:
            self._outside[ord("S")] = (self._stream_start, False)
            self._inside[ord("E")] = (self._stream_stop, False)
        self._handlers = self._outside

    def decode(self, data: bytes | bytearray | memoryview) -> PgOutputMessage:
        """Decode one pgoutput message (the ``data`` of one XLogData)."""
        buf = data if type(data) is bytes else bytes(data)
        try:
            parse, has_xid = self._handlers[buf[0]]
        except (KeyError, IndexError):
            raise self._rejection(buf) from None
        try:
            if has_xid:
                msg, end = parse(buf, 5, _U32.unpack_from(buf, 1)[0])
            else:
                msg, end = parse(buf, 1, None)
        except DecodeError as exc:
            raise DecodeError(f"{_name(buf)} message ({len(buf)} bytes): {exc}") from None
        except (struct.error, IndexError, ValueError) as exc:
            raise DecodeError(f"malformed {_name(buf)} message ({len(buf)} bytes): {exc}") from None
        if end != len(buf):
            raise DecodeError(
                f"{_name(buf)} message: {len(buf) - end} unexpected trailing bytes at offset {end}"
            )
        return msg

    def _stream_start(self, buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
        msg, end = _parse_stream_start(buf, pos, xid)
        assert isinstance(msg, StreamStart)
        if end != len(buf):  # don't enter the stream on a malformed Stream Start
            raise DecodeError(f"{len(buf) - end} unexpected trailing bytes at offset {end}")
        self.in_stream, self.stream_xid, self._handlers = True, msg.xid, self._inside
        return msg, end

    def _stream_stop(self, buf: bytes, pos: int, xid: int | None) -> tuple[PgOutputMessage, int]:
        if len(buf) != pos:  # don't leave the stream on a malformed Stream Stop
            raise DecodeError(f"{len(buf) - pos} unexpected trailing bytes at offset {pos}")
        self.in_stream, self.stream_xid, self._handlers = False, None, self._outside
        return StreamStop(), pos

    def _rejection(self, buf: bytes) -> DecodeError:
        """Why the first byte of ``buf`` is not acceptable here."""
        if not buf:
            return DecodeError("empty pgoutput message")
        tag = bytes(buf[:1])
        known = _ENTRIES.get(buf[0])
        if known is None:
            return DecodeError(f"unknown pgoutput message type {tag!r} at offset 0")
        if known.min_version > self.proto_version:
            return DecodeError(
                f"{known.name} message {tag!r} at offset 0 needs proto_version "
                f">= {known.min_version}, decoder is at {self.proto_version}"
            )
        where = "inside" if self.in_stream else "outside"
        return DecodeError(f"{known.name} message {tag!r} not allowed {where} a streamed block "
                           "(Stream Start … Stream Stop)")


def _name(buf: bytes) -> str:
    entry = _ENTRIES.get(buf[0])
    return entry.name if entry is not None else repr(bytes(buf[:1]))
