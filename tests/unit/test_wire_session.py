"""wire.session + wire.state: startup, simple and extended query, error-until-Sync, pipelining,
malformed input. Driven with encoded frontend messages; output decoded with BackendDecoder.
The backend is a tiny fake (canned results by SQL text)."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wire import messages as m
from wire.codec import BackendDecoder, NeedData, encode
from wire.session import ProtocolSession, ScramAuth

# --------------------------------------------------------------------------- fake backend


@dataclass(frozen=True)
class Col:
    name: str
    type_oid: int = 25
    type_size: int = -1
    type_modifier: int = -1
    table_oid: int = 0
    column_number: int = 0


@dataclass(frozen=True)
class Res:
    columns: Sequence[Col] | None
    rows: Sequence[Sequence[str | None]]
    command_tag: str


@dataclass(frozen=True)
class Prep:
    sql: str
    param_type_oids: Sequence[int]
    columns: Sequence[Col] | None


class FakeError(Exception):
    def __init__(self, sqlstate: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message
        for k, v in extra.items():
            setattr(self, k, v)


INT = Col("?column?", 23, 4)
T_COLS = (Col("id", 23, 4, -1, 16384, 1), Col("name", 25, -1, -1, 16384, 2))
T_ROWS = [["1", "one"], ["2", None], ["3", "three"], ["4", "four"], ["5", "ünï"]]
CANNED: dict[str, Res] = {
    "SELECT 1": Res((INT,), [["1"]], "SELECT 1"),
    "SELECT * FROM t": Res(T_COLS, T_ROWS, "SELECT 5"),
    "SELECT 'x' WHERE false": Res((Col("?column?"),), [], "SELECT 0"),
}


@dataclass
class FakeSession:
    startup: Mapping[str, str]
    parameter_status: dict[str, str] = field(
        default_factory=lambda: {
            "server_version": "18.0",
            "in_hot_standby": "on",
            "default_transaction_read_only": "on",
            "DateStyle": "ISO, MDY",
            "TimeZone": "UTC",
            "client_encoding": "UTF8",
        }
    )
    in_transaction: bool = False
    failed_transaction: bool = False
    closed: bool = False
    syncs: int = 0

    def _run(self, sql: str) -> Res:
        upper = sql.upper()
        if self.failed_transaction and upper not in ("ROLLBACK", "COMMIT"):
            raise FakeError(
                "25P02",
                "current transaction is aborted, commands ignored until end of transaction block",
            )
        try:
            return self._run_ok(sql, upper)
        except Exception:
            if self.in_transaction:
                self.failed_transaction = True
            raise

    def _run_ok(self, sql: str, upper: str) -> Res:
        if sql in CANNED:
            return CANNED[sql]
        if upper == "BEGIN":
            self.in_transaction = True
            return Res(None, [], "BEGIN")
        if upper in ("COMMIT", "ROLLBACK"):
            self.in_transaction = self.failed_transaction = False
            return Res(None, [], upper)
        if set_ := re.fullmatch(r"SET (\w+)\s*(?:=|TO)\s*'?([^']*)'?", sql, re.I):
            name = next((k for k in self.parameter_status if k.lower() == set_[1].lower()), set_[1])
            self.parameter_status[name] = set_[2]
            return Res(None, [], "SET")
        if upper.startswith("INSERT"):
            raise FakeError("25006", "cannot execute INSERT in a read-only transaction")
        if sql == "SELECT boom":
            raise RuntimeError("kaboom")
        raise FakeError("42601", f'syntax error at or near "{sql.split()[0]}"', position=1)

    def execute_simple(self, sql: str) -> Iterator[Res]:
        for stmt in sql.split(";"):
            if stmt.strip():
                yield self._run(stmt.strip())

    def prepare(self, sql: str, param_type_oids: Sequence[int]) -> Prep:
        n = max((int(x) for x in re.findall(r"\$(\d+)", sql)), default=0)
        oids = [*param_type_oids, *[0] * (n - len(param_type_oids))]
        oids = [25 if o == 0 else o for o in oids]
        if n:
            return Prep(sql, oids, tuple(Col(f"p{i + 1}", oids[i]) for i in range(n)))
        if sql in CANNED:
            return Prep(sql, oids, CANNED[sql].columns)
        if sql.upper().startswith(("INSERT", "SET", "BEGIN", "COMMIT", "ROLLBACK")):
            return Prep(sql, oids, None)
        raise FakeError("42601", f'syntax error at or near "{sql.split()[0]}"')

    def execute_prepared(
        self, prepared: Prep, params: Sequence[bytes | None], param_formats: Sequence[int]
    ) -> Res:
        if not prepared.param_type_oids:
            return self._run(prepared.sql)
        values: list[str | None] = []
        for v, f in zip(params, param_formats, strict=True):
            if v is None:
                values.append(None)
            elif f == 1:
                values.append(str(int.from_bytes(v, "big", signed=True)))
            else:
                values.append(v.decode())
        return Res(prepared.columns, [values], "SELECT 1")

    def sync(self) -> None:
        self.syncs += 1

    def close(self) -> None:
        self.closed = True


class FakeBackend:
    def __init__(self) -> None:
        self.sessions: list[FakeSession] = []

    def start_session(self, startup_params: Mapping[str, str]) -> FakeSession:
        if startup_params.get("database") == "nope":
            raise FakeError("3D000", 'database "nope" does not exist')
        s = FakeSession(startup_params)
        self.sessions.append(s)
        return s


# --------------------------------------------------------------------------- helpers


def decode(data: bytes) -> list[m.BackendMessage]:
    dec = BackendDecoder()
    dec.feed(data)
    out = []
    while not isinstance(ev := dec.next_event(), NeedData):
        out.append(ev)
    return out


def send(ps: ProtocolSession, *msgs: m.FrontendMessage | bytes) -> list[m.BackendMessage]:
    data = b"".join(x if isinstance(x, bytes) else encode(x) for x in msgs)
    return decode(ps.receive_data(data, now=1.0))


def types(msgs: list[m.BackendMessage]) -> list[str]:
    return [type(x).__name__ for x in msgs]


def connect(backend: FakeBackend | None = None, **params: str) -> ProtocolSession:
    ps = ProtocolSession(backend or FakeBackend(), process_id=42, secret_key=bytes(range(32)))
    out = send(ps, m.StartupMessage(3, 0, tuple({"user": "u", **params}.items())))
    assert isinstance(out[-1], m.ReadyForQuery)
    return ps


def error(msgs: list[m.BackendMessage]) -> m.ErrorResponse:
    errs = [x for x in msgs if isinstance(x, m.ErrorResponse)]
    assert len(errs) == 1, msgs
    return errs[0]


# --------------------------------------------------------------------------- startup


def test_startup_sequence() -> None:
    backend = FakeBackend()
    ps = ProtocolSession(backend, process_id=42, secret_key=bytes(range(32)))
    out = send(ps, m.StartupMessage(3, 0, (("user", "u"), ("database", "d"))))
    assert isinstance(out[0], m.AuthenticationOk)
    status = {x.name: x.value for x in out if isinstance(x, m.ParameterStatus)}
    assert status["in_hot_standby"] == "on"
    assert status["default_transaction_read_only"] == "on"
    assert out[-2] == m.BackendKeyData(42, bytes(range(4)))
    assert out[-1] == m.ReadyForQuery("I")
    assert backend.sessions[0].startup == {"user": "u", "database": "d"}


def test_ssl_and_gssenc_are_refused_then_startup() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    assert ps.receive_data(encode(m.SSLRequest())) == b"N"
    assert ps.receive_data(encode(m.GSSENCRequest())) == b"N"
    out = send(ps, m.StartupMessage(3, 0, (("user", "u"),)))
    assert out[-1] == m.ReadyForQuery("I")


def test_bytes_after_ssl_request_are_a_violation() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    out = send(ps, m.SSLRequest(), m.StartupMessage(3, 0, (("user", "u"),)))
    assert error(out).get("C") == "08P01"
    assert error(out).get("S") == "FATAL"
    assert ps.closed


def test_cancel_request_gets_no_reply() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    assert ps.receive_data(encode(m.CancelRequest(7, b"abcd"))) == b""
    assert ps.closed
    assert ps.cancel_request == m.CancelRequest(7, b"abcd")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (struct.pack("!ii", 8, 2 << 16), "0A000"),
        (b"\x00\x00\x00\x02garbage", "08P01"),
        (b"GET / HTTP/1.1\r\n\r\n", "08P01"),
    ],
)
def test_bad_startup_packets(data: bytes, code: str) -> None:
    ps = ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    out = decode(ps.receive_data(data))
    assert error(out).get("C") == code
    assert ps.closed


def test_protocol_3_2_gets_long_key_without_negotiation() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=9, secret_key=bytes(range(32)))
    out = send(ps, m.StartupMessage(3, 2, (("user", "u"),)))
    assert not any(isinstance(x, m.NegotiateProtocolVersion) for x in out)
    assert m.BackendKeyData(9, bytes(range(32))) in out


def test_newer_minor_and_unknown_options_are_negotiated() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=9, secret_key=bytes(range(32)))
    out = send(ps, m.StartupMessage(3, 7, (("user", "u"), ("_pq_.magic", "1"))))
    assert out[0] == m.NegotiateProtocolVersion(2, ("_pq_.magic",))
    assert out[-1] == m.ReadyForQuery("I")


def test_start_session_error_is_fatal() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    out = send(ps, m.StartupMessage(3, 0, (("user", "u"), ("database", "nope"))))
    err = error(out)
    assert (err.get("S"), err.get("C")) == ("FATAL", "3D000")
    assert ps.closed


def test_missing_user_is_fatal() -> None:
    ps = ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    out = send(ps, m.StartupMessage(3, 0, (("database", "d"),)))
    assert error(out).get("C") == "28000"
    assert ps.closed


def test_query_before_startup_is_impossible_and_before_auth_is_a_violation() -> None:
    ps = ProtocolSession(
        FakeBackend(), process_id=1, secret_key=bytes(32), auth=lambda: ScramAuth({})
    )
    out = send(ps, m.StartupMessage(3, 0, (("user", "u"),)), m.Query("SELECT 1"))
    assert isinstance(out[0], m.AuthenticationSASL)
    assert error(out).get("C") == "08P01"
    assert ps.closed


def test_scram_authentication() -> None:
    import scramp

    mech = scramp.ScramMechanism("SCRAM-SHA-256")
    salt, stored, server, iters = mech.make_auth_info("secret", iteration_count=4096)
    import base64

    b64 = base64.b64encode
    verifier = (
        f"SCRAM-SHA-256${iters}:{b64(salt).decode()}${b64(stored).decode()}:" + b64(server).decode()
    )
    for password, ok in (("secret", True), ("wrong", False)):
        ps = ProtocolSession(
            FakeBackend(),
            process_id=1,
            secret_key=bytes(32),
            auth=lambda: ScramAuth({"u": verifier}),
        )
        out = send(ps, m.StartupMessage(3, 0, (("user", "u"),)))
        assert out == [m.AuthenticationSASL(("SCRAM-SHA-256",))]
        client = scramp.ScramClient(["SCRAM-SHA-256"], "ignored", password)
        first = client.get_client_first().encode()
        initial = b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first
        out = send(ps, m.PasswordMessage(initial))
        assert isinstance(out[0], m.AuthenticationSASLContinue)
        client.set_server_first(out[0].data.decode())
        out = send(ps, m.PasswordMessage(client.get_client_final().encode()))
        if ok:
            assert isinstance(out[0], m.AuthenticationSASLFinal)
            assert isinstance(out[1], m.AuthenticationOk)
            assert out[-1] == m.ReadyForQuery("I")
        else:
            assert error(out).get("C") == "28P01"
            assert ps.closed


# --------------------------------------------------------------------------- simple query


def test_simple_query_rows() -> None:
    ps = connect()
    out = send(ps, m.Query("SELECT * FROM t"))
    assert types(out) == ["RowDescription"] + ["DataRow"] * 5 + ["CommandComplete", "ReadyForQuery"]
    rd = out[0]
    assert isinstance(rd, m.RowDescription)
    assert rd.fields[0] == m.FieldDescription("id", 16384, 1, 23, 4, -1, 0)
    assert out[2] == m.DataRow((b"2", None))
    assert out[5] == m.DataRow((b"5", "ünï".encode()))
    assert out[-2] == m.CommandComplete("SELECT 5")


def test_error_mid_string_keeps_earlier_results() -> None:
    ps = connect()
    out = send(ps, m.Query("SELECT 1; bogus; SELECT 1"))
    assert types(out) == [
        "RowDescription",
        "DataRow",
        "CommandComplete",
        "ErrorResponse",
        "ReadyForQuery",
    ]
    err = error(out)
    assert (err.get("S"), err.get("V"), err.get("C"), err.get("P")) == (
        "ERROR",
        "ERROR",
        "42601",
        "1",
    )
    assert err.get("M") == 'syntax error at or near "bogus"'


def test_internal_error_without_sqlstate(caplog: pytest.LogCaptureFixture) -> None:
    ps = connect()
    out = send(ps, m.Query("SELECT boom"))
    err = error(out)
    assert (err.get("C"), err.get("M")) == ("XX000", "internal error")
    assert "kaboom" in caplog.text
    assert out[-1] == m.ReadyForQuery("I")


@pytest.mark.parametrize("sql", ["", "   ", ";"])
def test_empty_query(sql: str) -> None:
    ps = connect()
    assert send(ps, m.Query(sql)) == [m.EmptyQueryResponse(), m.ReadyForQuery("I")]


def test_set_reports_parameter_status() -> None:
    ps = connect()
    out = send(ps, m.Query("SET TimeZone = 'Europe/Paris'"))
    assert out == [
        m.CommandComplete("SET"),
        m.ParameterStatus("TimeZone", "Europe/Paris"),
        m.ReadyForQuery("I"),
    ]
    assert send(ps, m.Query("SET TimeZone = 'Europe/Paris'"))[1] == m.ReadyForQuery("I")


def test_transaction_status() -> None:
    ps = connect()
    assert send(ps, m.Query("BEGIN"))[-1] == m.ReadyForQuery("T")
    assert send(ps, m.Query("bogus"))[-1] == m.ReadyForQuery("E")
    assert error(send(ps, m.Query("SELECT 1"))).get("C") == "25P02"
    assert send(ps, m.Query("ROLLBACK"))[-1] == m.ReadyForQuery("I")


def test_function_call_is_refused_softly() -> None:
    ps = connect()
    out = send(ps, m.FunctionCall(b"\0\0\0\1"))
    assert error(out).get("C") == "0A000"
    assert out[-1] == m.ReadyForQuery("I")
    assert not ps.closed


# --------------------------------------------------------------------------- extended query


def test_extended_cycle() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("s", "SELECT $1, $2", (23,)),
        m.Describe("S", "s"),
        m.Bind("", "s", (0, 1), (b"hi", struct.pack("!i", -3)), ()),
        m.Describe("P", ""),
        m.Execute("", 0),
        m.Sync(),
    )
    assert types(out) == [
        "ParseComplete",
        "ParameterDescription",
        "RowDescription",
        "BindComplete",
        "RowDescription",
        "DataRow",
        "CommandComplete",
        "ReadyForQuery",
    ]
    assert out[1] == m.ParameterDescription((23, 25))
    assert out[5] == m.DataRow((b"hi", b"-3"))
    assert out[-1] == m.ReadyForQuery("I")


def test_describe_no_data_and_write_fails_at_execute() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("", "INSERT INTO t VALUES (1)", ()),
        m.Describe("S", ""),
        m.Bind("", "", (), (), ()),
        m.Execute("", 0),
        m.Sync(),
    )
    assert types(out) == [
        "ParseComplete",
        "ParameterDescription",
        "NoData",
        "BindComplete",
        "ErrorResponse",
        "ReadyForQuery",
    ]
    assert error(out).get("C") == "25006"


def test_portal_suspended_keeps_remaining_rows() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("", "SELECT * FROM t", ()),
        m.Bind("c", "", (), (), ()),
        m.Execute("c", 2),
        m.Execute("c", 2),
        m.Execute("c", 2),
        m.Execute("c", 2),
        m.Sync(),
    )
    assert types(out) == [
        "ParseComplete",
        "BindComplete",
        "DataRow",
        "DataRow",
        "PortalSuspended",
        "DataRow",
        "DataRow",
        "PortalSuspended",
        "DataRow",
        "CommandComplete",
        "CommandComplete",
        "ReadyForQuery",
    ]
    rows = [x.values[0] for x in out if isinstance(x, m.DataRow)]
    assert rows == [b"1", b"2", b"3", b"4", b"5"]
    assert [x.tag for x in out if isinstance(x, m.CommandComplete)] == ["SELECT 1", "SELECT 0"]


def test_portal_exactly_exhausted_is_suspended_like_pg() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("", "SELECT 1", ()),
        m.Bind("", "", (), (), ()),
        m.Execute("", 1),
        m.Execute("", 1),
        m.Sync(),
    )
    assert types(out)[2:] == [
        "DataRow",
        "PortalSuspended",
        "CommandComplete",
        "ReadyForQuery",
    ]


def test_error_discards_until_sync_and_one_ready_per_sync() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("", "bogus", ()),
        m.Bind("", "", (), (), ()),
        m.Describe("P", ""),
        m.Execute("", 0),
        m.Query("SELECT 1"),
        m.Flush(),
        m.Sync(),
        m.Parse("", "SELECT 1", ()),
        m.Bind("", "", (), (), ()),
        m.Execute("", 0),
        m.Sync(),
        m.Sync(),
    )
    assert types(out) == [
        "ErrorResponse",
        "ReadyForQuery",
        "ParseComplete",
        "BindComplete",
        "DataRow",
        "CommandComplete",
        "ReadyForQuery",
        "ReadyForQuery",
    ]
    assert error(out).get("C") == "42601"
    assert ps.phase.value == "ready"


def test_pipelining_byte_at_a_time() -> None:
    ps = connect()
    stream = b"".join(
        encode(x)
        for x in (
            m.Parse("a", "SELECT 1", ()),
            m.Bind("", "a", (), (), ()),
            m.Execute("", 0),
            m.Sync(),
            m.Bind("", "a", (), (), ()),
            m.Execute("", 0),
            m.Sync(),
        )
    )
    out = b"".join(ps.receive_data(stream[i : i + 1]) for i in range(len(stream)))
    assert types(decode(out)).count("ReadyForQuery") == 2
    assert types(decode(out)).count("DataRow") == 2


@pytest.mark.parametrize(
    ("msgs", "code"),
    [
        ([m.Parse("s", "SELECT 1", ()), m.Parse("s", "SELECT 1", ())], "42P05"),
        ([m.Bind("", "missing", (), (), ())], "26000"),
        ([m.Bind("", "", (), (), ())], "26000"),
        ([m.Execute("nope", 0)], "34000"),
        ([m.Describe("P", "nope")], "34000"),
        ([m.Describe("S", "nope")], "26000"),
        ([m.Parse("", "SELECT $1", ()), m.Bind("", "", (), (), ())], "08P01"),
        ([m.Parse("", "SELECT $1", ()), m.Bind("", "", (0, 0), (b"1",), ())], "08P01"),
        ([m.Parse("", "SELECT $1", ()), m.Bind("", "", (7,), (b"1",), ())], "22023"),
        ([m.Parse("", "SELECT 1", ()), m.Bind("", "", (), (), (1,))], "0A000"),
        (
            [m.Parse("", "SELECT 1", ()), m.Bind("p", "", (), (), ()), m.Bind("p", "", (), (), ())],
            "42P03",
        ),
    ],
)
def test_extended_errors(msgs: list[m.FrontendMessage], code: str) -> None:
    ps = connect()
    out = send(ps, *msgs, m.Sync())
    err = error(out)
    assert err.get("C") == code
    if code == "0A000":
        assert "binary" in (err.get("M") or "")
    assert out[-1] == m.ReadyForQuery("I")
    assert not ps.closed


def test_close_of_unknown_names_is_not_an_error() -> None:
    ps = connect()
    out = send(ps, m.Close("S", "nope"), m.Close("P", "nope"), m.Sync())
    assert types(out) == ["CloseComplete", "CloseComplete", "ReadyForQuery"]


def test_close_statement_then_reuse_name() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("s", "SELECT 1", ()),
        m.Close("S", "s"),
        m.Parse("s", "SELECT 1", ()),
        m.Sync(),
    )
    assert types(out) == ["ParseComplete", "CloseComplete", "ParseComplete", "ReadyForQuery"]


def test_empty_parse_executes_to_empty_query_response() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("", "", ()),
        m.Describe("S", ""),
        m.Bind("", "", (), (), ()),
        m.Execute("", 0),
        m.Sync(),
    )
    assert types(out) == [
        "ParseComplete",
        "ParameterDescription",
        "NoData",
        "BindComplete",
        "EmptyQueryResponse",
        "ReadyForQuery",
    ]


def test_named_portals_die_at_transaction_end() -> None:
    ps = connect()
    send(ps, m.Parse("", "SELECT * FROM t", ()), m.Bind("c", "", (), (), ()), m.Sync())
    assert error(send(ps, m.Execute("c", 1), m.Sync())).get("C") == "34000"
    send(ps, m.Query("BEGIN"))
    send(ps, m.Parse("", "SELECT * FROM t", ()), m.Bind("c", "", (), (), ()), m.Sync())
    out = send(ps, m.Execute("c", 1), m.Sync())
    assert types(out) == ["DataRow", "PortalSuspended", "ReadyForQuery"]
    assert out[-1] == m.ReadyForQuery("T")


def test_extended_set_reports_parameter_status() -> None:
    ps = connect()
    out = send(
        ps,
        m.Parse("", "SET DateStyle TO 'German'", ()),
        m.Bind("", "", (), (), ()),
        m.Execute("", 0),
        m.Sync(),
    )
    assert m.ParameterStatus("DateStyle", "German") in out


def test_sync_is_passed_to_the_backend() -> None:
    backend = FakeBackend()
    ps = connect(backend)
    send(ps, m.Sync(), m.Sync())
    assert backend.sessions[0].syncs == 2


# --------------------------------------------------------------------------- termination and garbage


def test_terminate_closes_backend_session() -> None:
    backend = FakeBackend()
    ps = connect(backend)
    assert ps.receive_data(encode(m.Terminate())) == b""
    assert ps.closed
    assert backend.sessions[0].closed


@pytest.mark.parametrize(
    "data",
    [
        b"?\0\0\0\x04",  # unknown type
        b"Q\x7f\xff\xff\xff",  # 2 GB
        b"Q\0\0\0\x08abcd",  # missing terminator
        b"B\0\0\0\x06\0\0",  # truncated Bind
    ],
)
def test_malformed_messages_are_fatal_08p01(data: bytes) -> None:
    backend = FakeBackend()
    ps = connect(backend)
    out = decode(ps.receive_data(data))
    err = error(out)
    assert (err.get("S"), err.get("C")) == ("FATAL", "08P01")
    assert ps.closed
    ps.connection_lost()
    assert backend.sessions[0].closed


def test_nothing_is_processed_after_a_fatal_error() -> None:
    ps = connect()
    out = send(ps, b"?\0\0\0\x04", m.Query("SELECT 1"))
    assert types(out) == ["ErrorResponse"]


@settings(max_examples=300)
@given(st.binary(max_size=300), st.booleans())
def test_no_input_raises(data: bytes, started: bool) -> None:
    ps = (
        connect() if started else ProtocolSession(FakeBackend(), process_id=1, secret_key=bytes(32))
    )
    out = ps.receive_data(data)
    decode(out)  # what we send is always well-formed


message_lists = st.lists(
    st.sampled_from(
        [
            m.Parse("", "SELECT 1", ()),
            m.Parse("s", "SELECT * FROM t", ()),
            m.Parse("", "bogus", ()),
            m.Bind("", "", (), (), ()),
            m.Bind("", "s", (), (), ()),
            m.Describe("S", ""),
            m.Describe("P", ""),
            m.Execute("", 0),
            m.Execute("", 1),
            m.Close("S", "s"),
            m.Close("P", ""),
            m.Flush(),
            m.Sync(),
            m.Query("SELECT 1"),
            m.Query("bogus"),
            m.Query("BEGIN"),
            m.Query("COMMIT"),
        ]
    ),
    max_size=25,
)


@settings(max_examples=200)
@given(message_lists)
def test_one_ready_for_query_per_sync_or_query(msgs: list[m.FrontendMessage]) -> None:
    """Model: every Sync and every Query not skipped by an error-drain yields one Z."""
    ps = connect()
    out = send(ps, *msgs)
    expected = 0
    draining = False
    for i, msg in enumerate(msgs):
        if isinstance(msg, m.Sync):
            expected += 1
            draining = False
        elif isinstance(msg, m.Query) and not draining:
            expected += 1
        elif not draining and not isinstance(msg, m.Query):
            # does this extended message fail? replay the prefix to find out
            probe = connect()
            before = send(probe, *msgs[:i])
            after = send(probe, msg)
            del before
            if any(isinstance(x, m.ErrorResponse) for x in after):
                draining = True
    assert types(out).count("ReadyForQuery") == expected
    assert not ps.closed
