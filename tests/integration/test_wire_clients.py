"""Real clients against wire.ServerThread with a fake backend: psycopg 3, psql, pgjdbc, and raw
sockets sending garbage. No primary needed."""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from wire import messages as m
from wire.codec import BackendDecoder, NeedData, encode
from wire.server import ServerThread

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
    def __init__(self, sqlstate: str, message: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message


CANNED: dict[str, Res] = {
    "SELECT 1": Res((Col("?column?", 23, 4),), [["1"]], "SELECT 1"),
    "SELECT * FROM t": Res(
        (Col("id", 23, 4, -1, 16384, 1), Col("name", 25, -1, -1, 16384, 2)),
        [[str(i), None if i == 2 else f"n{i}"] for i in range(1, 101)],
        "SELECT 100",
    ),
    "SHOW in_hot_standby": Res((Col("in_hot_standby"),), [["on"]], "SHOW"),
}


@dataclass
class FakeSession:
    parameter_status: dict[str, str] = field(
        default_factory=lambda: {
            "server_version": "18.0",
            "server_encoding": "UTF8",
            "client_encoding": "UTF8",
            "DateStyle": "ISO, MDY",
            "IntervalStyle": "postgres",
            "TimeZone": "UTC",
            "integer_datetimes": "on",
            "standard_conforming_strings": "on",
            "in_hot_standby": "on",
            "default_transaction_read_only": "on",
            "is_superuser": "off",
        }
    )
    in_transaction: bool = False
    failed_transaction: bool = False

    def _run(self, sql: str) -> Res:
        upper = sql.upper()
        if upper in ("COMMIT", "ROLLBACK"):
            self.in_transaction = self.failed_transaction = False
            return Res(None, [], upper)
        if self.failed_transaction:
            raise FakeError("25P02", "current transaction is aborted")
        try:
            if sql in CANNED:
                return CANNED[sql]
            if upper.startswith("BEGIN"):
                self.in_transaction = True
                return Res(None, [], "BEGIN")
            if set_ := re.fullmatch(r"SET (\w+)\s*(?:=|TO)\s*'?([^']*)'?", sql, re.I):
                key = next((k for k in self.parameter_status if k.lower() == set_[1].lower()), None)
                if key is not None:
                    self.parameter_status[key] = set_[2]
                return Res(None, [], "SET")
            if upper.startswith("INSERT"):
                raise FakeError("25006", "cannot execute INSERT in a read-only transaction")
            raise FakeError("42P01", f'relation "{sql}" does not exist')
        except FakeError:
            if self.in_transaction:
                self.failed_transaction = True
            raise

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
        raise FakeError("42P01", f'relation "{sql}" does not exist')

    def execute_prepared(
        self, prepared: Prep, params: Sequence[bytes | None], param_formats: Sequence[int]
    ) -> Res:
        if not prepared.param_type_oids or not prepared.sql.startswith("SELECT"):
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
        pass

    def close(self) -> None:
        pass


class FakeBackend:
    def start_session(self, startup_params: Mapping[str, str]) -> FakeSession:
        if startup_params.get("database") == "nope":
            raise FakeError("3D000", 'database "nope" does not exist')
        return FakeSession()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(FakeBackend(), "127.0.0.1", 0) as st:
        yield st


def dsn(server: ServerThread, dbname: str = "db") -> str:
    return f"host=127.0.0.1 port={server.port} user=alice dbname={dbname} sslmode=prefer"


def raw_connect(server: ServerThread) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    _DECODERS.pop(id(s), None)
    return s


_DECODERS: dict[int, BackendDecoder] = {}


def read_messages(s: socket.socket, until: type = m.ReadyForQuery) -> list[m.BackendMessage]:
    """Messages up to and including the next ``until``; one decoder per socket."""
    dec = _DECODERS.setdefault(id(s), BackendDecoder())
    out: list[m.BackendMessage] = []
    while True:
        while not isinstance(ev := dec.next_event(), NeedData):
            out.append(ev)
            if isinstance(ev, until):
                return out
        data = s.recv(65536)
        if not data:
            _DECODERS.pop(id(s), None)
            return out
        dec.feed(data)


# --------------------------------------------------------------------------- psycopg


def test_psycopg_simple_protocol(server: ServerThread) -> None:
    with psycopg.connect(dsn(server)) as conn:
        assert conn.info.parameter_status("in_hot_standby") == "on"
        assert conn.info.parameter_status("default_transaction_read_only") == "on"
        assert conn.info.backend_pid > 0
        conn.autocommit = True
        assert conn.execute("SELECT 1").fetchall() == [(1,)]
        rows = conn.execute("SELECT * FROM t").fetchall()
        assert len(rows) == 100
        assert rows[1] == (2, None)
        cur = conn.execute("SELECT * FROM t")
        assert cur.description is not None
        assert [d.name for d in cur.description] == ["id", "name"]


def test_psycopg_errors_keep_sqlstate(server: ServerThread) -> None:
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as info:
            conn.execute("SELECT nothing")
        assert info.value.sqlstate == "42P01"
        with pytest.raises(psycopg.Error) as info:
            conn.execute("INSERT INTO t VALUES (1)")
        assert info.value.sqlstate == "25006"
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_psycopg_extended_protocol(server: ServerThread) -> None:
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        assert conn.execute("SELECT %s", ["hello"]).fetchone() == ("hello",)
        assert conn.execute("SELECT %s, %s", ["a", None]).fetchone() == ("a", None)
        for _ in range(3):
            assert conn.execute("SELECT %s", ["x"], prepare=True).fetchone() == ("x",)
        assert conn.execute("SELECT 1", prepare=True).fetchone() == (1,)
        with pytest.raises(psycopg.Error) as info:
            conn.execute("INSERT INTO t VALUES (%s)", [1])
        assert info.value.sqlstate == "25006"
        assert conn.execute("SELECT %s", ["after error"]).fetchone() == ("after error",)


def test_psycopg_binary_results_are_refused(server: ServerThread) -> None:
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as info:
            conn.execute("SELECT 1", binary=True)
        assert info.value.sqlstate == "0A000"
        assert "binary" in str(info.value)


def test_psycopg_server_side_cursor_fetches_in_chunks(server: ServerThread) -> None:
    # A named cursor uses DECLARE (not supported by the fake); exercise max_rows via pipeline
    # of Execute with a portal instead: psycopg's stream() uses single-row mode, fine too.
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        rows = list(conn.cursor().stream("SELECT * FROM t"))
        assert len(rows) == 100


def test_psycopg_pipeline_mode(server: ServerThread) -> None:
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        with conn.pipeline():
            curs = [conn.execute("SELECT %s", [str(i)]) for i in range(20)]
        assert [c.fetchone() for c in curs] == [(str(i),) for i in range(20)]


def test_psycopg_set_updates_parameter_status(server: ServerThread) -> None:
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        conn.execute("SET TimeZone = 'Europe/Paris'")
        assert conn.info.parameter_status("TimeZone") == "Europe/Paris"


def test_psycopg_transaction_status(server: ServerThread) -> None:
    with psycopg.connect(dsn(server)) as conn:
        conn.execute("SELECT 1")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        with pytest.raises(psycopg.Error):
            conn.execute("SELECT nothing")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        conn.rollback()
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_psycopg_start_session_error(server: ServerThread) -> None:
    with pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(dsn(server, dbname="nope"))
    assert "does not exist" in str(info.value)


def test_psycopg_cancel_does_not_crash(server: ServerThread) -> None:
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        conn.cancel_safe()
        assert conn.execute("SELECT 1").fetchone() == (1,)


# --------------------------------------------------------------------------- psql


def _psql() -> Path | None:
    candidates = [Path("/usr/lib/postgresql/15/bin/psql")]
    try:
        from replica.primary import embedded_bin_dir

        candidates.insert(0, embedded_bin_dir() / "psql")
    except Exception:
        pass
    return next((p for p in candidates if p.exists()), None)


@pytest.mark.parametrize("sql", ["SELECT * FROM t", "SELECT 1; SELECT 1"])
def test_psql(server: ServerThread, sql: str) -> None:
    psql = _psql()
    if psql is None:
        pytest.skip("no psql binary found")
    env = {**os.environ, "PGSSLMODE": "prefer", "PGCONNECT_TIMEOUT": "5"}
    res = subprocess.run(
        [
            str(psql),
            "-X",
            "-A",
            "-t",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "alice",
            "-d",
            "db",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    if sql == "SELECT * FROM t":
        assert lines[:3] == ["1|n1", "2|", "3|n3"]
        assert len(lines) == 100
    else:
        assert lines == ["1", "1"]


def test_psql_error(server: ServerThread) -> None:
    psql = _psql()
    if psql is None:
        pytest.skip("no psql binary found")
    res = subprocess.run(
        [
            str(psql),
            "-X",
            "-A",
            "-t",
            "-v",
            "VERBOSITY=verbose",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "alice",
            "-d",
            "db",
            "-c",
            "SELECT nothing",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert res.returncode == 1
    assert "42P01" in res.stderr


# --------------------------------------------------------------------------- pgjdbc

JAVA_SRC = """
import java.sql.*;
public class WireProbe {
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection(a[0])) {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM t")) {
        int n = 0; while (r.next()) { n++; if (n == 2 && r.getString(2) != null) throw new Exception("null"); }
        System.out.println("rows=" + n);
      }
      try (PreparedStatement p = c.prepareStatement("SELECT ?")) {
        for (int i = 0; i < 7; i++) { p.setString(1, "v" + i); try (ResultSet r = p.executeQuery()) { r.next(); System.out.println("param=" + r.getString(1)); } }
      }
      try (Statement s = c.createStatement()) {
        s.setFetchSize(10);
        c.setAutoCommit(false);
        try (ResultSet r = s.executeQuery("SELECT * FROM t")) { int n = 0; while (r.next()) n++; System.out.println("fetched=" + n); }
        c.rollback();
        c.setAutoCommit(true);
      }
      // Past prepareThreshold (5) pgjdbc asks for binary int4 results unless binaryTransfer=false;
      // binary output is not implemented (0A000), so the test URL turns it off.
      try (PreparedStatement p = c.prepareStatement("SELECT * FROM t")) {
        for (int i = 0; i < 7; i++) { try (ResultSet r = p.executeQuery()) { r.next(); if (r.getInt(1) != 1) throw new Exception("int"); } }
        System.out.println("prepared=ok");
      }
      try (Statement s = c.createStatement()) { s.executeQuery("SELECT nothing"); }
      catch (SQLException e) { System.out.println("sqlstate=" + e.getSQLState()); }
    }
  }
}
"""


def _pgjdbc_jar() -> Path | None:
    base = Path.home() / ".m2" / "repository" / "org" / "postgresql" / "postgresql"
    jars = sorted(base.glob("*/postgresql-*.jar")) if base.is_dir() else []
    jars = [j for j in jars if not j.name.endswith(("-sources.jar", "-javadoc.jar"))]
    return jars[-1] if jars else None


def test_pgjdbc(server: ServerThread, tmp_path: Path) -> None:
    jar = _pgjdbc_jar()
    if jar is None or shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("pgjdbc jar (~/.m2/repository/org/postgresql/postgresql) or a JDK not found")
    (tmp_path / "WireProbe.java").write_text(JAVA_SRC)
    subprocess.run(
        ["javac", "-d", str(tmp_path), str(tmp_path / "WireProbe.java")], check=True, timeout=120
    )
    url = f"jdbc:postgresql://127.0.0.1:{server.port}/db?user=alice&sslmode=prefer&binaryTransfer=false"
    res = subprocess.run(
        ["java", "-cp", f"{tmp_path}{os.pathsep}{jar}", "WireProbe", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    assert "rows=100" in lines
    assert [f"param=v{i}" for i in range(7)] == [x for x in lines if x.startswith("param=")]
    assert "fetched=100" in lines
    assert "prepared=ok" in lines
    assert "sqlstate=42P01" in lines


# --------------------------------------------------------------------------- raw sockets


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\x00\x00\x02",
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        os.urandom(2000),
        struct.pack("!ii", 8, 2 << 16),
        encode(m.SSLRequest()) + b"trailing",
    ],
)
def test_server_survives_garbage(server: ServerThread, garbage: bytes) -> None:
    with raw_connect(server) as s:
        s.sendall(garbage)
        s.settimeout(5)
        try:
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_garbage_after_startup_gets_08p01(server: ServerThread) -> None:
    with raw_connect(server) as s:
        s.sendall(encode(m.StartupMessage(3, 0, (("user", "u"),))))
        read_messages(s)
        s.sendall(b"?\0\0\0\x04")
        out = read_messages(s, until=m.ErrorResponse)
        err = out[-1]
        assert isinstance(err, m.ErrorResponse)
        assert err.get("C") == "08P01"
        assert s.recv(100) == b""  # closed


def test_raw_pipelining_and_negotiation(server: ServerThread) -> None:
    with raw_connect(server) as s:
        s.sendall(encode(m.StartupMessage(3, 9, (("user", "u"), ("_pq_.x", "1")))))
        out = read_messages(s)
        assert out[0] == m.NegotiateProtocolVersion(2, ("_pq_.x",))
        key = next(x for x in out if isinstance(x, m.BackendKeyData))
        assert len(key.secret_key) == 32
        batch = [
            m.Parse("", "SELECT * FROM t", ()),
            m.Bind("", "", (), (), ()),
            m.Execute("", 30),
            m.Execute("", 30),
            m.Sync(),
            m.Query("SELECT 1"),
            m.Terminate(),
        ]
        s.sendall(b"".join(encode(x) for x in batch))
        out = read_messages(s)
        out += read_messages(s)
        names = [type(x).__name__ for x in out]
        assert names.count("DataRow") == 61
        assert names.count("PortalSuspended") == 2
        assert names.count("ReadyForQuery") == 2
        assert s.recv(100) == b""


def test_cancel_request_on_raw_socket(server: ServerThread) -> None:
    with raw_connect(server) as s:
        s.sendall(encode(m.StartupMessage(3, 0, (("user", "u"),))))
        key = next(x for x in read_messages(s) if isinstance(x, m.BackendKeyData))
        with raw_connect(server) as c:
            c.sendall(encode(m.CancelRequest(key.process_id, key.secret_key)))
            assert c.recv(100) == b""
        s.sendall(encode(m.Query("SELECT 1")))
        assert isinstance(read_messages(s)[-1], m.ReadyForQuery)


def test_psycopg_scram_sha_256() -> None:
    import base64

    import scramp

    from wire.session import ScramAuth

    salt, stored, key, iters = scramp.ScramMechanism("SCRAM-SHA-256").make_auth_info(
        "s3cret", iteration_count=4096
    )
    b64 = base64.b64encode
    verifier = (
        f"SCRAM-SHA-256${iters}:{b64(salt).decode()}${b64(stored).decode()}:{b64(key).decode()}"
    )
    with ServerThread(FakeBackend(), auth=lambda: ScramAuth({"alice": verifier})) as st:
        base = f"host=127.0.0.1 port={st.port} user=alice dbname=db sslmode=disable"
        with psycopg.connect(base + " password=s3cret", autocommit=True) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        with pytest.raises(psycopg.OperationalError) as info:
            psycopg.connect(base + " password=wrong")
        assert "password authentication failed" in str(info.value)
