"""Sans-I/O framing of the replication CopyBoth stream (the payloads of CopyData messages).

libpq already splits the CopyBoth stream into CopyData payloads; this module only gives those
payloads meaning: server → client XLogData ``'w'`` and Primary keepalive ``'k'``, client → server
Standby status update ``'r'``. Layouts follow the PostgreSQL docs, "Streaming Replication
Protocol" (protocol-replication.html, START_REPLICATION), and ``walsender.c``
(``WalSndPrepareWrite`` / ``WalSndKeepalive``) and ``walreceiver.c`` (``XLogWalRcvSendReply``).

All integers are big-endian; timestamps are Int64 microseconds since 2000-01-01 00:00 UTC.
Time is always an argument: nothing here reads a clock.

Must not import asyncio, socket, psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = [
    "PG_EPOCH_UNIX",
    "PrimaryKeepalive",
    "StreamProtocolError",
    "XLogData",
    "lsn_to_str",
    "parse_copy_data",
    "pg_now_us",
    "standby_status_update",
    "str_to_lsn",
]

# 2000-01-01 00:00:00 UTC as a Unix timestamp (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE days).
PG_EPOCH_UNIX = 946_684_800

_XLOGDATA_HEADER = struct.Struct("!QQq")  # dataStart, walEnd, sendTime
_KEEPALIVE = struct.Struct("!Qq?")  # walEnd, sendTime, replyRequested
_STATUS_UPDATE = struct.Struct("!cQQQqB")  # 'r', write, flush, apply, clientTime, replyRequested
_LSN_MAX = (1 << 64) - 1
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class StreamProtocolError(ValueError):
    """A CopyData payload of the replication stream is malformed or of an unknown kind."""


@dataclass(frozen=True, slots=True)
class XLogData:
    """XLogData ``'w'``: one pgoutput message plus its WAL position.

    In logical mode ``data_start == wal_end`` is the LSN of the decoded record, or 0
    (InvalidXLogRecPtr) for a write that is "not last" (e.g. a Relation message sent just before
    the change needing it) — see ``WalSndPrepareWrite`` in walsender.c.
    """

    data_start: int
    wal_end: int
    send_time: int
    data: bytes | memoryview


@dataclass(frozen=True, slots=True)
class PrimaryKeepalive:
    """Primary keepalive ``'k'``. ``reply_requested`` means: answer now or be disconnected at
    ``wal_sender_timeout``."""

    wal_end: int
    send_time: int
    reply_requested: bool


def parse_copy_data(payload: bytes | memoryview) -> XLogData | PrimaryKeepalive:
    """Interpret one server → client CopyData payload of a START_REPLICATION stream."""
    if len(payload) == 0:
        raise StreamProtocolError("empty CopyData payload in replication stream")
    kind = payload[0]
    match kind:
        case 0x77:  # 'w'
            return _parse_xlogdata(payload)
        case 0x6B:  # 'k'
            return _parse_keepalive(payload)
        case _:
            raise StreamProtocolError(
                f"unknown replication CopyData message type {bytes([kind])!r} "
                f"({len(payload)} bytes)"
            )


def _parse_xlogdata(payload: bytes | memoryview) -> XLogData:
    if len(payload) < 1 + _XLOGDATA_HEADER.size:
        raise StreamProtocolError(
            f"truncated XLogData 'w': {len(payload)} bytes, header needs {1 + _XLOGDATA_HEADER.size}"
        )
    start, end, send_time = _XLOGDATA_HEADER.unpack_from(payload, 1)
    return XLogData(start, end, send_time, payload[1 + _XLOGDATA_HEADER.size :])


def _parse_keepalive(payload: bytes | memoryview) -> PrimaryKeepalive:
    if len(payload) != 1 + _KEEPALIVE.size:
        raise StreamProtocolError(
            f"malformed Primary keepalive 'k': {len(payload)} bytes, expected {1 + _KEEPALIVE.size}"
        )
    wal_end, send_time, reply = _KEEPALIVE.unpack_from(payload, 1)
    return PrimaryKeepalive(wal_end, send_time, bool(reply))


def standby_status_update(
    write_lsn: int,
    flush_lsn: int,
    apply_lsn: int,
    now_us: int,
    reply_requested: bool = False,
) -> bytes:
    """Encode a Standby status update ``'r'`` (client → server).

    Each LSN is "the location of the last WAL byte + 1" written / flushed / applied; for a
    logical slot ``flush_lsn`` becomes ``confirmed_flush_lsn``. ``now_us`` is PG-epoch µs
    (see :func:`pg_now_us`).
    """
    for name, lsn in (("write", write_lsn), ("flush", flush_lsn), ("apply", apply_lsn)):
        if not 0 <= lsn <= _LSN_MAX:
            raise ValueError(f"{name} LSN out of range: {lsn}")
    return _STATUS_UPDATE.pack(b"r", write_lsn, flush_lsn, apply_lsn, now_us, int(reply_requested))


def lsn_to_str(lsn: int) -> str:
    """Format an LSN the way PostgreSQL prints ``pg_lsn`` (``%X/%X``), e.g. ``16/B374D848``."""
    if not 0 <= lsn <= _LSN_MAX:
        raise ValueError(f"LSN out of range: {lsn}")
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def str_to_lsn(text: str) -> int:
    """Parse ``X/Y`` (two hex numbers of at most 8 digits each, as ``pg_lsn_in`` accepts)."""
    hi, sep, lo = text.strip().partition("/")
    if not (sep and _is_hex8(hi) and _is_hex8(lo)):
        raise ValueError(f"invalid LSN {text!r}")
    return (int(hi, 16) << 32) | int(lo, 16)


def _is_hex8(part: str) -> bool:
    # int(x, 16) alone would also accept "+f", "0x1f" and "_": pg_lsn_in does not.
    return 0 < len(part) <= 8 and all(c in _HEX_DIGITS for c in part)


def pg_now_us(unix_time: float) -> int:
    """Convert a Unix timestamp (seconds, e.g. ``time.time()``) to PG-epoch microseconds."""
    return round((unix_time - PG_EPOCH_UNIX) * 1_000_000)
