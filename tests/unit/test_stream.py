"""CopyBoth payload framing (replica/stream.py), on captured frames and hand-built edge cases."""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replica.stream import (
    PG_EPOCH_UNIX,
    PrimaryKeepalive,
    StreamProtocolError,
    XLogData,
    lsn_to_str,
    parse_copy_data,
    pg_now_us,
    standby_status_update,
    str_to_lsn,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pgoutput"
CAPTURES = sorted(FIXTURES.glob("*.bin"))


def payloads(path: Path) -> list[bytes]:
    """The CopyData payloads of a capture file (4-byte length + payload per frame)."""
    data, pos, out = path.read_bytes(), 0, []
    while pos < len(data):
        (n,) = struct.unpack_from("!I", data, pos)
        out.append(data[pos + 4 : pos + 4 + n])
        pos += 4 + n
    return out


def test_captures_present() -> None:
    assert len(CAPTURES) >= 4, f"no captures in {FIXTURES}; run tools/capture_pgoutput.py"


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_captured_frame_parses(path: Path) -> None:
    frames = [parse_copy_data(p) for p in payloads(path)]
    xlog = [f for f in frames if isinstance(f, XLogData)]
    keepalives = [f for f in frames if isinstance(f, PrimaryKeepalive)]
    assert xlog and len(xlog) + len(keepalives) == len(frames)
    for f in xlog:
        # Logical walsender: dataStart == walEnd, 0 for "not last" writes (walsender.c).
        assert f.data_start == f.wal_end
        assert len(f.data) > 0
    positions = [f.wal_end for f in xlog if f.wal_end] + [k.wal_end for k in keepalives]
    assert all(p > 0 for p in positions)
    # send times are PG-epoch µs of this century, non-decreasing
    times = [f.send_time for f in frames]
    assert times == sorted(times) and times[0] > pg_now_us(1.7e9)


def test_keepalives_in_captures_are_well_formed() -> None:
    seen = [parse_copy_data(p) for path in CAPTURES for p in payloads(path) if p[:1] == b"k"]
    assert seen, "captures contain no keepalive"
    assert all(isinstance(k, PrimaryKeepalive) and isinstance(k.reply_requested, bool)
               for k in seen)


def test_keepalive_hand_built() -> None:
    k = parse_copy_data(b"k" + struct.pack("!Qq?", 0x16_B374D848, 123456, True))
    assert k == PrimaryKeepalive(0x16_B374D848, 123456, True)
    k = parse_copy_data(b"k" + struct.pack("!QqB", 1, -5, 0))
    assert k == PrimaryKeepalive(1, -5, False)


def test_xlogdata_hand_built_memoryview() -> None:
    raw = b"w" + struct.pack("!QQq", 10, 10, 99) + b"Bxyz"
    frame = parse_copy_data(memoryview(raw))
    assert isinstance(frame, XLogData)
    assert (frame.data_start, frame.wal_end, frame.send_time) == (10, 10, 99)
    assert bytes(frame.data) == b"Bxyz"


@pytest.mark.parametrize("payload", [
    b"", b"w", b"w" + bytes(23), b"k", b"k" + bytes(16), b"k" + bytes(18),
    b"s" + bytes(17), b"r" + bytes(33), b"\x00",
])
def test_malformed_payloads(payload: bytes) -> None:
    with pytest.raises(StreamProtocolError):
        parse_copy_data(payload)


def test_unknown_type_message_names_it() -> None:
    with pytest.raises(StreamProtocolError, match=r"unknown.*b'z'"):
        parse_copy_data(b"z123")
    assert issubclass(StreamProtocolError, ValueError)


@given(st.binary(max_size=64))
def test_random_payloads_raise_only_protocol_errors(payload: bytes) -> None:
    with contextlib.suppress(StreamProtocolError):
        parse_copy_data(payload)


@given(st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1),
       st.integers(-(2**63), 2**63 - 1), st.booleans())
def test_status_update_round_trip(w: int, f: int, a: int, now: int, reply: bool) -> None:
    msg = standby_status_update(w, f, a, now, reply)
    assert len(msg) == 34
    assert struct.unpack("!cQQQqB", msg) == (b"r", w, f, a, now, int(reply))


def test_status_update_rejects_bad_lsn() -> None:
    with pytest.raises(ValueError):
        standby_status_update(-1, 0, 0, 0)
    with pytest.raises(ValueError):
        standby_status_update(0, 2**64, 0, 0)


def test_lsn_text() -> None:
    assert lsn_to_str(0x16_B374D848) == "16/B374D848"
    assert lsn_to_str(0) == "0/0"
    assert str_to_lsn("16/B374D848") == 0x16_B374D848
    assert str_to_lsn("0/abcdef") == 0xABCDEF


@pytest.mark.parametrize("text", ["", "16", "/1", "1/", "+1/2", "0x1/2", "1_0/2", "123456789/0",
                                  "1/2/3", "g/0"])
def test_str_to_lsn_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        str_to_lsn(text)


@given(st.integers(0, 2**64 - 1))
def test_lsn_round_trip(lsn: int) -> None:
    assert str_to_lsn(lsn_to_str(lsn)) == lsn


def test_pg_now_us() -> None:
    assert pg_now_us(PG_EPOCH_UNIX) == 0
    assert pg_now_us(PG_EPOCH_UNIX + 1.5) == 1_500_000
    assert pg_now_us(0) == -946_684_800_000_000
