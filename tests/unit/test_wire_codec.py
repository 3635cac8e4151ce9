"""wire.codec: round-trips, framing across arbitrary chunk boundaries, malformed input."""

from __future__ import annotations

import contextlib
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wire import messages as m
from wire.codec import (
    NEED_DATA,
    BackendDecoder,
    FrontendDecoder,
    NeedData,
    encode,
    encode_text_row,
)
from wire.errors import FatalError, ProtocolViolation

STARTUP = m.StartupMessage(3, 0, (("user", "alice"), ("database", "db"), ("options", "-c x=1")))

FRONTEND_NORMAL: list[m.FrontendMessage] = [
    m.Query("SELECT 1; SELECT 'é'"),
    m.Parse("s1", "SELECT $1, $2", (23, 0)),
    m.Parse("", "SELECT 1", ()),
    m.Bind("p", "s1", (0, 1), (b"1", None, b"\x00\x01"), (0,)),
    m.Bind("", "", (), (), ()),
    m.Describe("S", "s1"),
    m.Describe("P", ""),
    m.Execute("p", 10),
    m.Close("S", "s1"),
    m.Close("P", "p"),
    m.Flush(),
    m.Sync(),
    m.PasswordMessage(b"SCRAM-SHA-256\x00\x00\x00\x00\x03abc"),
    m.FunctionCall(b"\x00\x00\x00\x01"),
    m.CopyData(b"a\tb\n"),
    m.CopyDone(),
    m.CopyFail("nope"),
    m.Terminate(),
]

BACKEND: list[m.BackendMessage] = [
    m.AuthenticationOk(),
    m.AuthenticationCleartextPassword(),
    m.AuthenticationMD5Password(b"salt"),
    m.AuthenticationSASL(("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
    m.AuthenticationSASLContinue(b"r=abc,s=xyz,i=4096"),
    m.AuthenticationSASLFinal(b"v=xyz"),
    m.ParameterStatus("in_hot_standby", "on"),
    m.BackendKeyData(1234, b"\x01\x02\x03\x04"),
    m.BackendKeyData(1234, bytes(range(32))),
    m.NegotiateProtocolVersion(2, ("_pq_.foo",)),
    m.ReadyForQuery("I"),
    m.ReadyForQuery("E"),
    m.RowDescription(
        (
            m.FieldDescription("id", 16384, 1, 23, 4, -1, 0),
            m.FieldDescription("naïve", 0, 0, 1043, -1, 36, 0),
        )
    ),
    m.RowDescription(()),
    m.DataRow((b"1", None, b"")),
    m.CommandComplete("SELECT 3"),
    m.EmptyQueryResponse(),
    m.ErrorResponse((("S", "ERROR"), ("V", "ERROR"), ("C", "42601"), ("M", "syntax error"))),
    m.NoticeResponse((("S", "NOTICE"), ("C", "00000"), ("M", "hi"))),
    m.ParseComplete(),
    m.BindComplete(),
    m.CloseComplete(),
    m.NoData(),
    m.ParameterDescription((23, 25, 4294967295)),
    m.PortalSuspended(),
    m.CopyData(b"x"),
    m.CopyDone(),
]


def decode_all_frontend(data: bytes, startup: bool = True) -> list[m.FrontendMessage]:
    dec = FrontendDecoder()
    if not startup:
        dec.feed(encode(STARTUP))
        assert dec.next_event() == STARTUP
    dec.feed(data)
    out: list[m.FrontendMessage] = []
    while not isinstance(ev := dec.next_event(), NeedData):
        out.append(ev)
    return out


def decode_all_backend(data: bytes) -> list[m.BackendMessage]:
    dec = BackendDecoder()
    dec.feed(data)
    out: list[m.BackendMessage] = []
    while not isinstance(ev := dec.next_event(), NeedData):
        out.append(ev)
    return out


@pytest.mark.parametrize("msg", FRONTEND_NORMAL, ids=lambda x: type(x).__name__)
def test_frontend_round_trip(msg: m.FrontendMessage) -> None:
    assert decode_all_frontend(encode(msg), startup=False) == [msg]


@pytest.mark.parametrize(
    "msg",
    [
        m.SSLRequest(),
        m.GSSENCRequest(),
        m.CancelRequest(42, b"abcd"),
        STARTUP,
        m.StartupMessage(3, 2, ()),
        m.CancelRequest(7, bytes(32)),
    ],
    ids=lambda x: type(x).__name__,
)
def test_startup_round_trip(msg: m.FrontendMessage) -> None:
    assert decode_all_frontend(encode(msg)) == [msg]


@pytest.mark.parametrize("msg", BACKEND, ids=lambda x: type(x).__name__)
def test_backend_round_trip(msg: m.BackendMessage) -> None:
    assert decode_all_backend(encode(msg)) == [msg]


def test_encryption_response() -> None:
    dec = BackendDecoder(expect_encryption_response=True)
    dec.feed(b"N" + encode(m.AuthenticationOk()))
    assert dec.next_event() == m.EncryptionResponse(b"N")
    assert dec.next_event() == m.AuthenticationOk()
    assert dec.next_event() is NEED_DATA


def test_text_row_matches_data_row() -> None:
    values = ["1", None, "", "ünï"]
    assert encode_text_row(values) == encode(
        m.DataRow(tuple(None if v is None else v.encode() for v in values))
    )


def test_startup_then_normal_framing() -> None:
    stream = encode(m.SSLRequest()) + encode(STARTUP) + encode(m.Query("x")) + encode(m.Sync())
    assert decode_all_frontend(stream) == [m.SSLRequest(), STARTUP, m.Query("x"), m.Sync()]


def test_nul_in_string_cannot_break_framing() -> None:
    msg = m.ErrorResponse((("M", "a\0b"),))
    assert decode_all_backend(encode(msg)) == [m.ErrorResponse((("M", "ab"),))]


# --------------------------------------------------------------------------- chunking


STREAM = encode(STARTUP) + b"".join(encode(x) for x in FRONTEND_NORMAL)
EXPECTED = [STARTUP, *FRONTEND_NORMAL]


@settings(max_examples=200)
@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=40))
def test_framing_any_chunking(cuts: list[int]) -> None:
    points = sorted({0, len(STREAM), *cuts})
    dec = FrontendDecoder()
    out: list[m.FrontendMessage] = []
    for a, b in zip(points, points[1:], strict=False):
        dec.feed(STREAM[a:b])
        while not isinstance(ev := dec.next_event(), NeedData):
            out.append(ev)
    assert out == EXPECTED
    assert dec.buffered == 0


BACK_STREAM = b"".join(encode(x) for x in BACKEND)


@settings(max_examples=100)
@given(st.lists(st.integers(min_value=0, max_value=len(BACK_STREAM)), max_size=40))
def test_backend_framing_any_chunking(cuts: list[int]) -> None:
    points = sorted({0, len(BACK_STREAM), *cuts})
    dec = BackendDecoder()
    out: list[m.BackendMessage] = []
    for a, b in zip(points, points[1:], strict=False):
        dec.feed(BACK_STREAM[a:b])
        while not isinstance(ev := dec.next_event(), NeedData):
            out.append(ev)
    assert out == BACKEND


text = st.text(st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), max_size=20)
int16s = st.integers(min_value=0, max_value=1)
values = st.one_of(st.none(), st.binary(max_size=20))
frontend_messages = st.one_of(
    st.builds(m.Query, text),
    st.builds(m.Parse, text, text, st.lists(st.integers(0, 2**32 - 1), max_size=5).map(tuple)),
    st.builds(
        m.Bind,
        text,
        text,
        st.lists(int16s, max_size=4).map(tuple),
        st.lists(values, max_size=4).map(tuple),
        st.lists(int16s, max_size=4).map(tuple),
    ),
    st.builds(m.Describe, st.sampled_from("SP"), text),
    st.builds(m.Execute, text, st.integers(-(2**31), 2**31 - 1)),
    st.builds(m.Close, st.sampled_from("SP"), text),
    st.just(m.Sync()),
    st.just(m.Flush()),
)


@given(st.lists(frontend_messages, max_size=10))
def test_random_frontend_messages_round_trip(msgs: list[m.FrontendMessage]) -> None:
    assert decode_all_frontend(b"".join(map(encode, msgs)), startup=False) == msgs


@given(st.binary(max_size=200))
def test_garbage_never_raises_anything_but_protocol_errors(data: bytes) -> None:
    for startup in (True, False):
        with contextlib.suppress(ProtocolViolation, FatalError):
            decode_all_frontend(data, startup=startup)


# --------------------------------------------------------------------------- malformed


def _frame(t: bytes, body: bytes, length: int | None = None) -> bytes:
    return t + struct.pack("!i", len(body) + 4 if length is None else length) + body


@pytest.mark.parametrize(
    "data",
    [
        _frame(b"Q", b"SELECT 1"),  # missing terminator
        _frame(b"Q", b"SELECT 1\0extra"),  # trailing bytes
        _frame(b"Q", b"", length=0x40000000),  # > 1 GB
        _frame(b"Q", b"", length=3),  # shorter than the length word
        _frame(b"Q", b"", length=-5),
        _frame(b"?", b""),  # unknown type
        _frame(b"B", b"p\0s\0\0\x01"),  # truncated Bind
        _frame(b"B", b"\0\0\0\0\0\x01\xff\xff\xff\xfe\0\0"),  # negative value length
        _frame(b"D", b"Xname\0"),  # bad Describe kind
        _frame(b"E", b"p\0\0\0"),  # short Execute
        _frame(b"S", b"x"),  # Sync with a body
        _frame(b"Q", b"\xff\xfe\0"),  # invalid UTF-8
    ],
)
def test_malformed_normal_messages(data: bytes) -> None:
    with pytest.raises(ProtocolViolation) as info:
        decode_all_frontend(data, startup=False)
    assert info.value.sqlstate == "08P01"


@pytest.mark.parametrize(
    "data",
    [
        struct.pack("!i", 4),  # shorter than a version
        struct.pack("!i", 100000) + b"\0" * 4,  # longer than MAX_STARTUP_LENGTH
        struct.pack("!ii", 12, 80877103) + b"junk",  # SSLRequest with a body
        struct.pack("!ii", 10, 80877102) + b"\0\0",  # CancelRequest without a key
        struct.pack("!ii", 12, 196608) + b"user",  # missing terminator
    ],
)
def test_malformed_startup(data: bytes) -> None:
    with pytest.raises(ProtocolViolation):
        decode_all_frontend(data)


def test_protocol_2_is_refused_with_0a000() -> None:
    with pytest.raises(FatalError) as info:
        decode_all_frontend(struct.pack("!ii", 8, 2 << 16))
    assert info.value.sqlstate == "0A000"
