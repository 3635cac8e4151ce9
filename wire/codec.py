"""Sans-I/O framing and (de)serialisation of protocol messages.

``FrontendDecoder`` is the server side: ``feed(bytes)`` then ``next_event()`` until it returns
``NEED_DATA``. It starts in *startup framing* (int32 length, int32 code, no type byte) and
switches to *normal framing* (type byte, int32 length) after a StartupMessage.
``BackendDecoder`` is the mirror image, for tests and tools. ``encode(msg)`` serialises any
message of either direction.

Malformed input raises ``ProtocolViolation`` (08P01) — or ``FatalError`` 0A000 for protocol
2 — and the caller must close the connection: after a framing error nothing that follows can
be trusted. Limits follow PostgreSQL: startup packets at most 10000 bytes
(MAX_STARTUP_PACKET_LENGTH), other messages at most 1 GB (PQ_LARGE_MESSAGE_LIMIT).

Idle decoders hold no buffer of their own (the shared empty ``b""``), which keeps 10k idle
connections cheap.

Must not import ``asyncio``, ``socket``, ``engine`` or ``replica``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from typing import Any, Final

from wire import messages as m
from wire import sqlstates
from wire.errors import FatalError, ProtocolViolation


class NeedData:
    """The type of ``NEED_DATA``: no complete message is buffered."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA: Final = NeedData()

MAX_STARTUP_LENGTH = 10000
MAX_MESSAGE_LENGTH = 0x3FFFFFFF  # PQ_LARGE_MESSAGE_LIMIT (1 GB - 1)

_I16 = struct.Struct("!h")
_I32 = struct.Struct("!i")
_U32 = struct.Struct("!I")
_HDR = struct.Struct("!ci")
_I32I32 = struct.Struct("!ii")


# --------------------------------------------------------------------------- reading


class _Reader:
    """Bounds-checked reads over one message body."""

    __slots__ = ("data", "pos", "what")

    def __init__(self, data: bytes, what: str) -> None:
        self.data = data
        self.pos = 0
        self.what = what

    def _fail(self) -> ProtocolViolation:
        return ProtocolViolation(f"invalid {self.what} message format")

    def int16(self) -> int:
        if self.pos + 2 > len(self.data):
            raise self._fail()
        (v,) = _I16.unpack_from(self.data, self.pos)
        self.pos += 2
        return int(v)

    def int32(self) -> int:
        if self.pos + 4 > len(self.data):
            raise self._fail()
        (v,) = _I32.unpack_from(self.data, self.pos)
        self.pos += 4
        return int(v)

    def uint32(self) -> int:
        if self.pos + 4 > len(self.data):
            raise self._fail()
        (v,) = _U32.unpack_from(self.data, self.pos)
        self.pos += 4
        return int(v)

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise self._fail()
        v = self.data[self.pos : self.pos + n]
        self.pos += n
        return v

    def rest(self) -> bytes:
        v = self.data[self.pos :]
        self.pos = len(self.data)
        return v

    def cstring(self) -> str:
        end = self.data.find(b"\0", self.pos)
        if end < 0:
            raise ProtocolViolation(f"invalid {self.what} message format: missing terminator")
        raw = self.data[self.pos : end]
        self.pos = end + 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolViolation(
                f'invalid byte sequence for encoding "UTF8" in {self.what} message'
            ) from None

    def end(self) -> None:
        if self.pos != len(self.data):
            raise self._fail()


class _Buffer:
    """A receive buffer that is the shared ``b""`` whenever it is empty."""

    __slots__ = ("_buf", "_pos")

    def __init__(self) -> None:
        self._buf: bytes | bytearray = b""
        self._pos = 0

    def __len__(self) -> int:
        return len(self._buf) - self._pos

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if not self._buf:
            self._buf = bytes(data)
            self._pos = 0
            return
        if isinstance(self._buf, bytes):
            self._buf = bytearray(memoryview(self._buf)[self._pos :])
            self._pos = 0
        self._buf += data

    def peek(self, n: int) -> bytes:
        return bytes(self._buf[self._pos : self._pos + n])

    def take(self, n: int) -> bytes:
        out = bytes(self._buf[self._pos : self._pos + n])
        self._pos += n
        if self._pos >= len(self._buf):
            self._buf = b""
            self._pos = 0
        elif isinstance(self._buf, bytearray) and self._pos > 65536:
            del self._buf[: self._pos]
            self._pos = 0
        return out


# --------------------------------------------------------------------------- frontend decoding


def _parse_startup(body: bytes) -> m.FrontendMessage:
    """``body`` is everything after the length word."""
    (code,) = _I32.unpack_from(body, 0)
    if code == m.SSL_REQUEST_CODE:
        if len(body) != 4:
            raise ProtocolViolation("invalid length of startup packet")
        return m.SSLRequest()
    if code == m.GSSENC_REQUEST_CODE:
        if len(body) != 4:
            raise ProtocolViolation("invalid length of startup packet")
        return m.GSSENCRequest()
    if code == m.CANCEL_REQUEST_CODE:
        r = _Reader(body[4:], "CancelRequest")
        pid = r.int32()
        key = r.rest()
        if not 4 <= len(key) <= 256:
            raise ProtocolViolation("invalid length of cancel request packet")
        return m.CancelRequest(pid, key)
    major, minor = code >> 16, code & 0xFFFF
    if major != 3:
        raise FatalError(
            f"unsupported frontend protocol {major}.{minor}: server supports 3.0 to "
            f"3.{m.LATEST_MINOR}",
            sqlstate=sqlstates.FEATURE_NOT_SUPPORTED,
        )
    r = _Reader(body[4:], "startup packet")
    params: list[tuple[str, str]] = []
    while True:
        name = r.cstring()
        if not name:
            break
        params.append((name, r.cstring()))
    r.end()
    return m.StartupMessage(major, minor, tuple(params))


def _parse_bind(body: bytes) -> m.Bind:
    r = _Reader(body, "Bind")
    portal = r.cstring()
    statement = r.cstring()
    param_formats = tuple(r.int16() for _ in range(r.int16()))
    n = r.int16()
    if n < 0:
        raise ProtocolViolation("invalid Bind message format")
    params: list[bytes | None] = []
    for _ in range(n):
        length = r.int32()
        params.append(None if length == -1 else r.take(length))
    result_formats = tuple(r.int16() for _ in range(r.int16()))
    r.end()
    return m.Bind(portal, statement, param_formats, tuple(params), result_formats)


def _parse_parse(body: bytes) -> m.Parse:
    r = _Reader(body, "Parse")
    name = r.cstring()
    sql = r.cstring()
    oids = tuple(r.uint32() for _ in range(r.int16()))
    r.end()
    return m.Parse(name, sql, oids)


def _parse_kind_name(body: bytes, what: str) -> tuple[str, str]:
    r = _Reader(body, what)
    kind = r.take(1)
    if kind not in (b"S", b"P"):
        raise ProtocolViolation(f"invalid {what} message subtype {kind!r}")
    name = r.cstring()
    r.end()
    return kind.decode(), name


def _parse_one_string(body: bytes, what: str) -> str:
    r = _Reader(body, what)
    s = r.cstring()
    r.end()
    return s


def _parse_execute(body: bytes) -> m.Execute:
    r = _Reader(body, "Execute")
    portal = r.cstring()
    max_rows = r.int32()
    r.end()
    return m.Execute(portal, max_rows)


def _parse_empty(cls: Callable[[], Any], what: str) -> Callable[[bytes], Any]:
    def parse(body: bytes) -> Any:
        _Reader(body, what).end()
        return cls()

    return parse


_FRONTEND_PARSERS: dict[bytes, Callable[[bytes], m.FrontendMessage]] = {
    b"Q": lambda b: m.Query(_parse_one_string(b, "Query")),
    b"P": _parse_parse,
    b"B": _parse_bind,
    b"D": lambda b: m.Describe(*_parse_kind_name(b, "Describe")),
    b"E": _parse_execute,
    b"C": lambda b: m.Close(*_parse_kind_name(b, "Close")),
    b"H": _parse_empty(m.Flush, "Flush"),
    b"S": _parse_empty(m.Sync, "Sync"),
    b"X": _parse_empty(m.Terminate, "Terminate"),
    b"p": lambda b: m.PasswordMessage(b),
    b"F": lambda b: m.FunctionCall(b),
    b"d": lambda b: m.CopyData(b),
    b"c": _parse_empty(m.CopyDone, "CopyDone"),
    b"f": lambda b: m.CopyFail(_parse_one_string(b, "CopyFail")),
}


class FrontendDecoder:
    """Server side: bytes from a client → frontend messages."""

    __slots__ = ("_buffer", "_startup")

    def __init__(self) -> None:
        self._buffer = _Buffer()
        self._startup = True

    @property
    def buffered(self) -> int:
        """Bytes received but not yet decoded."""
        return len(self._buffer)

    def feed(self, data: bytes) -> None:
        self._buffer.feed(data)

    def next_event(self) -> m.FrontendMessage | NeedData:
        buf = self._buffer
        if self._startup:
            if len(buf) < 4:
                return NEED_DATA
            (length,) = _I32.unpack(buf.peek(4))
            if length < 8 or length > MAX_STARTUP_LENGTH:
                raise ProtocolViolation("invalid length of startup packet")
            if len(buf) < length:
                return NEED_DATA
            msg = _parse_startup(buf.take(length)[4:])
            if isinstance(msg, m.StartupMessage):
                self._startup = False
            return msg
        if len(buf) < 5:
            return NEED_DATA
        type_byte, length = _HDR.unpack(buf.peek(5))
        parser = _FRONTEND_PARSERS.get(type_byte)
        if parser is None:
            raise ProtocolViolation(f"invalid frontend message type {type_byte[0]}")
        if length < 4 or length > MAX_MESSAGE_LENGTH:
            raise ProtocolViolation(f"invalid message length {length}")
        if len(buf) < length + 1:
            return NEED_DATA
        return parser(buf.take(length + 1)[5:])


# --------------------------------------------------------------------------- backend decoding


def _parse_auth(body: bytes) -> m.BackendMessage:
    r = _Reader(body, "Authentication")
    code = r.int32()
    if code == 0:
        r.end()
        return m.AuthenticationOk()
    if code == 3:
        r.end()
        return m.AuthenticationCleartextPassword()
    if code == 5:
        salt = r.take(4)
        r.end()
        return m.AuthenticationMD5Password(salt)
    if code == 10:
        mechs: list[str] = []
        while (mech := r.cstring()) != "":
            mechs.append(mech)
        r.end()
        return m.AuthenticationSASL(tuple(mechs))
    if code == 11:
        return m.AuthenticationSASLContinue(r.rest())
    if code == 12:
        return m.AuthenticationSASLFinal(r.rest())
    raise ProtocolViolation(f"unsupported authentication code {code}")


def _parse_fields(body: bytes) -> tuple[tuple[str, str], ...]:
    r = _Reader(body, "ErrorResponse")
    fields: list[tuple[str, str]] = []
    while (code := r.take(1)) != b"\0":
        fields.append((code.decode(), r.cstring()))
    r.end()
    return tuple(fields)


def _parse_row_description(body: bytes) -> m.RowDescription:
    r = _Reader(body, "RowDescription")
    fields = []
    for _ in range(r.int16()):
        name = r.cstring()
        table_oid = r.uint32()
        attnum = r.int16()
        type_oid = r.uint32()
        size = r.int16()
        typmod = r.int32()
        fmt = r.int16()
        fields.append(m.FieldDescription(name, table_oid, attnum, type_oid, size, typmod, fmt))
    r.end()
    return m.RowDescription(tuple(fields))


def _parse_data_row(body: bytes) -> m.DataRow:
    r = _Reader(body, "DataRow")
    values: list[bytes | None] = []
    for _ in range(r.int16()):
        n = r.int32()
        values.append(None if n == -1 else r.take(n))
    r.end()
    return m.DataRow(tuple(values))


def _parse_parameter_status(body: bytes) -> m.ParameterStatus:
    r = _Reader(body, "ParameterStatus")
    name, value = r.cstring(), r.cstring()
    r.end()
    return m.ParameterStatus(name, value)


def _parse_backend_key(body: bytes) -> m.BackendKeyData:
    r = _Reader(body, "BackendKeyData")
    return m.BackendKeyData(r.int32(), r.rest())


def _parse_negotiate(body: bytes) -> m.NegotiateProtocolVersion:
    r = _Reader(body, "NegotiateProtocolVersion")
    newest = r.int32() & 0xFFFF
    opts = tuple(r.cstring() for _ in range(r.int32()))
    r.end()
    return m.NegotiateProtocolVersion(newest, opts)


def _parse_parameter_description(body: bytes) -> m.ParameterDescription:
    r = _Reader(body, "ParameterDescription")
    oids = tuple(r.uint32() for _ in range(r.int16()))
    r.end()
    return m.ParameterDescription(oids)


_BACKEND_PARSERS: dict[bytes, Callable[[bytes], m.BackendMessage]] = {
    b"R": _parse_auth,
    b"S": _parse_parameter_status,
    b"K": _parse_backend_key,
    b"v": _parse_negotiate,
    b"Z": lambda b: m.ReadyForQuery(_Reader(b, "ReadyForQuery").take(1).decode()),
    b"T": _parse_row_description,
    b"D": _parse_data_row,
    b"C": lambda b: m.CommandComplete(_parse_one_string(b, "CommandComplete")),
    b"I": _parse_empty(m.EmptyQueryResponse, "EmptyQueryResponse"),
    b"E": lambda b: m.ErrorResponse(_parse_fields(b)),
    b"N": lambda b: m.NoticeResponse(_parse_fields(b)),
    b"1": _parse_empty(m.ParseComplete, "ParseComplete"),
    b"2": _parse_empty(m.BindComplete, "BindComplete"),
    b"3": _parse_empty(m.CloseComplete, "CloseComplete"),
    b"n": _parse_empty(m.NoData, "NoData"),
    b"t": _parse_parameter_description,
    b"s": _parse_empty(m.PortalSuspended, "PortalSuspended"),
    b"d": lambda b: m.CopyData(b),
    b"c": _parse_empty(m.CopyDone, "CopyDone"),
}


class BackendDecoder:
    """Client side (tests, tools): bytes from a server → backend messages.

    With ``expect_encryption_response`` the first byte is read as the answer to an SSLRequest."""

    __slots__ = ("_buffer", "_expect_byte")

    def __init__(self, expect_encryption_response: bool = False) -> None:
        self._buffer = _Buffer()
        self._expect_byte = expect_encryption_response

    def feed(self, data: bytes) -> None:
        self._buffer.feed(data)

    def next_event(self) -> m.BackendMessage | NeedData:
        buf = self._buffer
        if self._expect_byte:
            if len(buf) < 1:
                return NEED_DATA
            self._expect_byte = False
            return m.EncryptionResponse(buf.take(1))
        if len(buf) < 5:
            return NEED_DATA
        type_byte, length = _HDR.unpack(buf.peek(5))
        parser = _BACKEND_PARSERS.get(type_byte)
        if parser is None:
            raise ProtocolViolation(f"invalid backend message type {type_byte!r}")
        if length < 4 or length > MAX_MESSAGE_LENGTH:
            raise ProtocolViolation(f"invalid message length {length}")
        if len(buf) < length + 1:
            return NEED_DATA
        return parser(buf.take(length + 1)[5:])


# --------------------------------------------------------------------------- encoding


def _cstr(s: str) -> bytes:
    # A NUL inside a string would break the framing; PG cannot produce one either.
    return s.encode("utf-8").replace(b"\0", b"") + b"\0"


def _frame(type_byte: bytes, body: bytes) -> bytes:
    return type_byte + _I32.pack(len(body) + 4) + body


def _startup_frame(body: bytes) -> bytes:
    return _I32.pack(len(body) + 4) + body


def _enc_fields(fields: Sequence[tuple[str, str]]) -> bytes:
    return b"".join(code.encode("ascii")[:1] + _cstr(v) for code, v in fields) + b"\0"


def _enc_values(values: Sequence[bytes | None]) -> bytes:
    parts = [_I16.pack(len(values))]
    for v in values:
        if v is None:
            parts.append(b"\xff\xff\xff\xff")
        else:
            parts.append(_I32.pack(len(v)))
            parts.append(v)
    return b"".join(parts)


def _enc_i16s(values: Sequence[int]) -> bytes:
    return _I16.pack(len(values)) + b"".join(_I16.pack(v) for v in values)


def _enc_u32s_i16count(values: Sequence[int]) -> bytes:
    return _I16.pack(len(values)) + b"".join(_U32.pack(v) for v in values)


def _enc_field_description(f: m.FieldDescription) -> bytes:
    return _cstr(f.name) + struct.pack(
        "!IhIhih", f.table_oid, f.column_number, f.type_oid, f.type_size, f.type_modifier, f.format
    )


def _enc_startup(msg: m.StartupMessage) -> bytes:
    body = _I32.pack(msg.major << 16 | msg.minor)
    body += b"".join(_cstr(k) + _cstr(v) for k, v in msg.params) + b"\0"
    return _startup_frame(body)


_ENCODERS: dict[type, Callable[[Any], bytes]] = {
    # frontend
    m.SSLRequest: lambda _: _startup_frame(_I32.pack(m.SSL_REQUEST_CODE)),
    m.GSSENCRequest: lambda _: _startup_frame(_I32.pack(m.GSSENC_REQUEST_CODE)),
    m.CancelRequest: lambda x: _startup_frame(
        _I32I32.pack(m.CANCEL_REQUEST_CODE, x.process_id) + x.secret_key
    ),
    m.StartupMessage: _enc_startup,
    m.PasswordMessage: lambda x: _frame(b"p", x.data),
    m.Query: lambda x: _frame(b"Q", _cstr(x.sql)),
    m.Parse: lambda x: _frame(
        b"P", _cstr(x.name) + _cstr(x.sql) + _enc_u32s_i16count(x.param_type_oids)
    ),
    m.Bind: lambda x: _frame(
        b"B",
        _cstr(x.portal)
        + _cstr(x.statement)
        + _enc_i16s(x.param_formats)
        + _enc_values(x.params)
        + _enc_i16s(x.result_formats),
    ),
    m.Describe: lambda x: _frame(b"D", x.kind.encode() + _cstr(x.name)),
    m.Execute: lambda x: _frame(b"E", _cstr(x.portal) + _I32.pack(x.max_rows)),
    m.Close: lambda x: _frame(b"C", x.kind.encode() + _cstr(x.name)),
    m.Flush: lambda _: b"H\0\0\0\x04",
    m.Sync: lambda _: b"S\0\0\0\x04",
    m.Terminate: lambda _: b"X\0\0\0\x04",
    m.FunctionCall: lambda x: _frame(b"F", x.data),
    m.CopyData: lambda x: _frame(b"d", x.data),
    m.CopyDone: lambda _: b"c\0\0\0\x04",
    m.CopyFail: lambda x: _frame(b"f", _cstr(x.message)),
    # backend
    m.EncryptionResponse: lambda x: bytes(x.answer[:1]),
    m.AuthenticationOk: lambda _: b"R\0\0\0\x08\0\0\0\0",
    m.AuthenticationCleartextPassword: lambda _: _frame(b"R", _I32.pack(3)),
    m.AuthenticationMD5Password: lambda x: _frame(b"R", _I32.pack(5) + x.salt),
    m.AuthenticationSASL: lambda x: _frame(
        b"R", _I32.pack(10) + b"".join(_cstr(s) for s in x.mechanisms) + b"\0"
    ),
    m.AuthenticationSASLContinue: lambda x: _frame(b"R", _I32.pack(11) + x.data),
    m.AuthenticationSASLFinal: lambda x: _frame(b"R", _I32.pack(12) + x.data),
    m.ParameterStatus: lambda x: _frame(b"S", _cstr(x.name) + _cstr(x.value)),
    m.BackendKeyData: lambda x: _frame(b"K", _I32.pack(x.process_id) + x.secret_key),
    m.NegotiateProtocolVersion: lambda x: _frame(
        b"v",
        _I32.pack(3 << 16 | x.newest_minor)
        + _I32.pack(len(x.unrecognized))
        + b"".join(_cstr(s) for s in x.unrecognized),
    ),
    m.ReadyForQuery: lambda x: b"Z\0\0\0\x05" + x.status.encode("ascii")[:1],
    m.RowDescription: lambda x: _frame(
        b"T", _I16.pack(len(x.fields)) + b"".join(_enc_field_description(f) for f in x.fields)
    ),
    m.DataRow: lambda x: _frame(b"D", _enc_values(x.values)),
    m.CommandComplete: lambda x: _frame(b"C", _cstr(x.tag)),
    m.EmptyQueryResponse: lambda _: b"I\0\0\0\x04",
    m.ErrorResponse: lambda x: _frame(b"E", _enc_fields(x.fields)),
    m.NoticeResponse: lambda x: _frame(b"N", _enc_fields(x.fields)),
    m.ParseComplete: lambda _: b"1\0\0\0\x04",
    m.BindComplete: lambda _: b"2\0\0\0\x04",
    m.CloseComplete: lambda _: b"3\0\0\0\x04",
    m.NoData: lambda _: b"n\0\0\0\x04",
    m.ParameterDescription: lambda x: _frame(b"t", _enc_u32s_i16count(x.type_oids)),
    m.PortalSuspended: lambda _: b"s\0\0\0\x04",
}


def encode(msg: m.Message) -> bytes:
    """Serialise one message, with its framing."""
    return _ENCODERS[type(msg)](msg)


def encode_text_row(values: Sequence[str | None]) -> bytes:
    """A DataRow of text-format values: the hot path, without building a DataRow object."""
    parts = [b"", _I16.pack(len(values))]
    for v in values:
        if v is None:
            parts.append(b"\xff\xff\xff\xff")
        else:
            b = v.encode("utf-8")
            parts.append(_I32.pack(len(b)))
            parts.append(b)
    body = b"".join(parts)
    return b"D" + _I32.pack(len(body) + 4) + body
