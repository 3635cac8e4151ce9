"""The sans-I/O protocol session: frontend bytes in, backend calls made, backend bytes out.

``ProtocolSession.receive_data(data, now)`` decodes every complete message, drives the state
machine of ``wire.state``, calls the backend session, and returns the bytes to send. The caller
(``wire.server``) only moves bytes, closes the transport when ``closed`` becomes true, and
honours ``cancel_request``. Exceptions never escape ``receive_data``: backend errors become an
ErrorResponse (via ``wire.errors.error_fields``), protocol violations a FATAL 08P01 and a close.

Authentication is pluggable (``Authenticator``): ``TrustAuth`` is the default,
``ScramAuth`` implements SCRAM-SHA-256 against a static map of verifiers
(``pg_authid.rolpassword`` strings).

Must not import ``asyncio``, ``socket``, ``engine`` or ``replica``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from wire import messages as m
from wire import sqlstates
from wire.backend import BackendLike, ColumnLike, PreparedLike, ResultLike, SessionLike
from wire.codec import FrontendDecoder, NeedData, encode, encode_text_row
from wire.errors import FatalError, FeatureNotSupported, ProtocolViolation, WireError, error_fields
from wire.state import AUTH_OK, DISCARDED_IN_DRAIN, ERROR, FATAL, Phase, next_phase

# --------------------------------------------------------------------------- authentication


class Authenticator(Protocol):
    """One authentication exchange for one connection.

    ``start`` returns the first Authentication* request, or None when the user is accepted
    outright. ``step`` consumes a 'p' payload and returns (reply or None, finished). Failure is
    an exception with a ``sqlstate`` (28P01, 28000); it is reported FATAL."""

    def start(self, user: str) -> m.BackendMessage | None: ...
    def step(self, data: bytes) -> tuple[m.BackendMessage | None, bool]: ...


AuthFactory = Callable[[], Authenticator]


class TrustAuth:
    """``trust``: everyone is who they say they are."""

    __slots__ = ()

    def start(self, user: str) -> m.BackendMessage | None:
        return None

    def step(self, data: bytes) -> tuple[m.BackendMessage | None, bool]:
        raise ProtocolViolation("unexpected password message")


def parse_scram_verifier(verifier: str) -> tuple[bytes, bytes, bytes, int]:
    """``SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>`` (pg_authid.rolpassword) →
    scramp's ``(salt, stored_key, server_key, iterations)``."""
    mech, rest = verifier.split("$", 1)
    if mech != "SCRAM-SHA-256":
        raise ValueError("not a SCRAM-SHA-256 verifier")
    iter_salt, keys = rest.split("$", 1)
    iterations, salt = iter_salt.split(":", 1)
    stored, server = keys.split(":", 1)
    return (
        base64.b64decode(salt),
        base64.b64decode(stored),
        base64.b64decode(server),
        int(iterations),
    )


class _AuthFailed(WireError):
    sqlstate = sqlstates.INVALID_PASSWORD


class ScramAuth:
    """SCRAM-SHA-256 (RFC 5802/7677, no channel binding) against ``verifiers``: user → verifier.

    Hand-written rather than scramp's server because libpq sends an empty user name in
    client-first (``n=,r=…``), which scramp refuses; as in PG the startup ``user`` counts
    (auth-scram.c, read_client_first_message)."""

    __slots__ = ("_verifiers", "_user", "_state")

    def __init__(self, verifiers: Mapping[str, str]) -> None:
        self._verifiers = verifiers
        self._user = ""
        # (client-first-bare, server-first, gs2 header, nonce, verifier) after the first step
        self._state: tuple[str, str, str, str, tuple[bytes, bytes, bytes, int]] | None = None

    def start(self, user: str) -> m.BackendMessage | None:
        self._user = user
        return m.AuthenticationSASL(("SCRAM-SHA-256",))

    def _fail(self) -> _AuthFailed:
        return _AuthFailed(f'password authentication failed for user "{self._user}"')

    def step(self, data: bytes) -> tuple[m.BackendMessage | None, bool]:
        try:
            if self._state is None:
                return self._client_first(data), False
            return self._client_final(data.decode()), True
        except (UnicodeDecodeError, ValueError, IndexError):
            raise ProtocolViolation("malformed SCRAM message") from None

    def _client_first(self, data: bytes) -> m.BackendMessage:
        mech, client_first = _parse_sasl_initial(data)
        if mech != "SCRAM-SHA-256":
            raise ProtocolViolation(f'invalid SASL authentication mechanism "{mech}"')
        cbind, authzid, bare = client_first.split(",", 2)
        if cbind not in ("n", "y") or authzid:
            raise ProtocolViolation("unsupported SCRAM channel binding or authzid")
        attrs = dict(a.split("=", 1) for a in bare.split(","))
        client_nonce = attrs["r"]
        verifier = self._verifiers.get(self._user)
        # An unknown user still gets a challenge (made-up salt) so it cannot be told apart.
        info = (
            parse_scram_verifier(verifier)
            if verifier is not None
            else (secrets.token_bytes(16), b"", b"", 4096)
        )
        nonce = client_nonce + base64.b64encode(secrets.token_bytes(18)).decode()
        server_first = f"r={nonce},s={base64.b64encode(info[0]).decode()},i={info[3]}"
        self._state = (bare, server_first, f"{cbind},,", nonce, info)
        return m.AuthenticationSASLContinue(server_first.encode())

    def _client_final(self, client_final: str) -> m.BackendMessage:
        assert self._state is not None
        bare, server_first, gs2, nonce, (_salt, stored_key, server_key, _i) = self._state
        without_proof, _, proof_b64 = client_final.rpartition(",p=")
        attrs = dict(a.split("=", 1) for a in without_proof.split(","))
        if attrs.get("c") != base64.b64encode(gs2.encode()).decode() or attrs.get("r") != nonce:
            raise self._fail()
        auth_message = f"{bare},{server_first},{without_proof}".encode()
        proof = base64.b64decode(proof_b64)
        signature = hmac.digest(stored_key, auth_message, "sha256")
        if not stored_key or len(proof) != len(signature):
            raise self._fail()
        client_key = bytes(a ^ b for a, b in zip(proof, signature, strict=True))
        if not hmac.compare_digest(hashlib.sha256(client_key).digest(), stored_key):
            raise self._fail()
        server_signature = hmac.digest(server_key, auth_message, "sha256")
        return m.AuthenticationSASLFinal(b"v=" + base64.b64encode(server_signature))


def _parse_sasl_initial(data: bytes) -> tuple[str, str]:
    """SASLInitialResponse: mechanism cstring, int32 length (-1: none), data."""
    end = data.find(b"\0")
    if end < 0 or len(data) < end + 5:
        raise ProtocolViolation("malformed SASLInitialResponse")
    mech = data[:end].decode()
    length = int.from_bytes(data[end + 1 : end + 5], "big", signed=True)
    payload = data[end + 5 :]
    if length != len(payload) and not (length == -1 and not payload):
        raise ProtocolViolation("malformed SASLInitialResponse")
    return mech, payload.decode()


# --------------------------------------------------------------------------- portals


class _EmptyStatement:
    """What an empty Parse string prepares to: Execute answers EmptyQueryResponse."""

    __slots__ = ()
    param_type_oids: tuple[int, ...] = ()
    columns: None = None


_EMPTY = _EmptyStatement()
_Prepared = PreparedLike | _EmptyStatement


class _Portal:
    __slots__ = ("statement", "params", "formats", "result", "pos")

    def __init__(
        self, statement: _Prepared, params: Sequence[bytes | None], formats: Sequence[int]
    ) -> None:
        self.statement = statement
        self.params = params
        self.formats = formats
        self.result: ResultLike | None = None
        self.pos = 0


def _row_description(columns: Sequence[ColumnLike]) -> bytes:
    return encode(
        m.RowDescription(
            tuple(
                m.FieldDescription(
                    c.name,
                    c.table_oid,
                    c.column_number,
                    c.type_oid,
                    c.type_size,
                    c.type_modifier,
                    0,
                )
                for c in columns
            )
        )
    )


def _expand_formats(codes: Sequence[int], n: int, what: str) -> tuple[int, ...]:
    """The 0 / 1 / N format-code rule of Bind."""
    if len(codes) == 0:
        return (0,) * n
    if len(codes) == 1:
        out = (codes[0],) * n
    elif len(codes) == n:
        out = tuple(codes)
    else:
        raise WireError(
            f"bind message has {len(codes)} {what} formats but {n} {what}s",
            sqlstate=sqlstates.PROTOCOL_VIOLATION,
        )
    for code in out:
        if code not in (0, 1):
            raise WireError(
                f"unsupported format code: {code}", sqlstate=sqlstates.INVALID_PARAMETER_VALUE
            )
    return out


_SSL_NO = encode(m.EncryptionResponse(b"N"))
_PARSE_COMPLETE = encode(m.ParseComplete())
_BIND_COMPLETE = encode(m.BindComplete())
_CLOSE_COMPLETE = encode(m.CloseComplete())
_NO_DATA = encode(m.NoData())
_EMPTY_QUERY = encode(m.EmptyQueryResponse())
_PORTAL_SUSPENDED = encode(m.PortalSuspended())
_AUTH_OK = encode(m.AuthenticationOk())


# --------------------------------------------------------------------------- the session


class ProtocolSession:
    """One client connection's protocol state. Create one per accepted connection."""

    __slots__ = (
        "_backend",
        "_auth_factory",
        "_decoder",
        "_phase",
        "_session",
        "_auth",
        "_startup_params",
        "_statements",
        "_portals",
        "_minor",
        "_out",
        "process_id",
        "secret_key",
        "cancel_request",
        "last_activity",
    )

    def __init__(
        self,
        backend: BackendLike,
        *,
        process_id: int,
        secret_key: bytes,
        auth: AuthFactory = TrustAuth,
    ) -> None:
        """``secret_key`` should be 32 random bytes: 3.2 clients get all of them, 3.0 clients
        the first 4."""
        self._backend = backend
        self._auth_factory = auth
        self._decoder = FrontendDecoder()
        self._phase = Phase.STARTUP
        self._session: SessionLike | None = None
        self._auth: Authenticator | None = None
        self._startup_params: dict[str, str] | None = None
        self._statements: dict[str, _Prepared] | None = None
        self._portals: dict[str, _Portal] | None = None
        self._minor = 0
        self._out: list[bytes] = []
        self.process_id = process_id
        self.secret_key = secret_key
        self.cancel_request: m.CancelRequest | None = None
        self.last_activity = 0.0

    @property
    def closed(self) -> bool:
        """True once the connection must be closed (after sending what was returned)."""
        return self._phase is Phase.CLOSED

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def backend_key(self) -> bytes:
        """The cancel key as the client received it in BackendKeyData."""
        return self.secret_key if self._minor >= 2 else self.secret_key[:4]

    def receive_data(self, data: bytes, now: float = 0.0) -> bytes:
        """Feed bytes from the client; returns the bytes to send back (maybe empty)."""
        self.last_activity = now
        self._out = out = list[bytes]()
        self._decoder.feed(data)
        while self._phase is not Phase.CLOSED:
            try:
                event = self._decoder.next_event()
                if isinstance(event, NeedData):
                    break
                self._dispatch(event)
            except (ProtocolViolation, FatalError) as exc:
                self._fatal(exc)
        self._out = []
        return b"".join(out)

    def connection_lost(self) -> None:
        """The transport is gone: release the backend session."""
        self._phase = Phase.CLOSED
        session, self._session = self._session, None
        self._statements = self._portals = None
        if session is not None:
            try:
                session.close()
            except Exception as exc:  # a backend bug must not take the server down
                error_fields(exc)

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, event: m.FrontendMessage) -> None:
        name = type(event).__name__
        phase = self._phase
        if phase is Phase.DRAIN and name in DISCARDED_IN_DRAIN:
            return
        self._phase = next_phase(phase, name)
        handler = _HANDLERS.get(type(event))
        if handler is None:
            return  # CopyData/CopyDone/CopyFail outside COPY: ignored, as PG does
        try:
            handler(self, event)
        except (ProtocolViolation, FatalError):
            raise
        except Exception as exc:
            if phase in (Phase.STARTUP, Phase.AUTHENTICATING):
                self._fatal(exc)
            else:
                self._out.append(encode(m.ErrorResponse(error_fields(exc))))
                self._phase = next_phase(self._phase, ERROR)

    def _fatal(self, exc: BaseException) -> None:
        self._out.append(encode(m.ErrorResponse(error_fields(exc, "FATAL"))))
        self._phase = next_phase(self._phase, FATAL)

    def _backend_session(self) -> SessionLike:
        if self._session is None:  # unreachable: the state table forbids it
            raise ProtocolViolation("no session")
        return self._session

    def _ready_for_query(self) -> None:
        s = self._backend_session()
        status = "E" if s.failed_transaction else "T" if s.in_transaction else "I"
        self._out.append(encode(m.ReadyForQuery(status)))

    def _report_parameters(self, before: Mapping[str, str]) -> None:
        after = self._backend_session().parameter_status
        if after != before:
            for k, v in after.items():
                if before.get(k) != v:
                    self._out.append(encode(m.ParameterStatus(k, v)))

    def _end_of_statement_cleanup(self) -> None:
        # Portals live until the end of the transaction [P1 §ext-query Bind].
        if self._portals and not self._backend_session().in_transaction:
            self._portals = None

    # ------------------------------------------------------------------ startup

    def _on_ssl_request(self, msg: m.SSLRequest | m.GSSENCRequest) -> None:
        # CVE-2021-23222: bytes pipelined behind the request would be read as if encrypted.
        if self._decoder.buffered:
            raise ProtocolViolation("received unencrypted data after SSL request")
        self._out.append(_SSL_NO)

    def _on_cancel(self, msg: m.CancelRequest) -> None:
        self.cancel_request = msg

    def _on_startup(self, msg: m.StartupMessage) -> None:
        unknown = tuple(k for k, _ in msg.params if k.startswith("_pq_."))
        if msg.minor > m.LATEST_MINOR or unknown:
            self._out.append(
                encode(m.NegotiateProtocolVersion(min(msg.minor, m.LATEST_MINOR), unknown))
            )
        self._minor = min(msg.minor, m.LATEST_MINOR)
        params = {k: v for k, v in msg.params if not k.startswith("_pq_.")}
        user = params.get("user")
        if not user:
            raise WireError(
                "no PostgreSQL user name specified in startup packet",
                sqlstate=sqlstates.INVALID_AUTHORIZATION_SPECIFICATION,
            )
        params.setdefault("database", user)
        self._startup_params = params
        self._auth = self._auth_factory()
        request = self._auth.start(user)
        if request is None:
            self._authenticated()
        else:
            self._out.append(encode(request))

    def _on_password(self, msg: m.PasswordMessage) -> None:
        if self._auth is None:
            raise ProtocolViolation("unexpected password message")
        reply, done = self._auth.step(msg.data)
        if reply is not None:
            self._out.append(encode(reply))
        if done:
            self._authenticated()

    def _authenticated(self) -> None:
        params, self._startup_params, self._auth = self._startup_params or {}, None, None
        self._phase = next_phase(self._phase, AUTH_OK)
        self._out.append(_AUTH_OK)
        self._session = session = self._backend.start_session(params)
        for k, v in session.parameter_status.items():
            self._out.append(encode(m.ParameterStatus(k, v)))
        self._out.append(encode(m.BackendKeyData(self.process_id, self.backend_key)))
        self._ready_for_query()

    # ------------------------------------------------------------------ simple query

    def _on_query(self, msg: m.Query) -> None:
        s = self._backend_session()
        if self._statements:
            self._statements.pop("", None)  # a simple Query ends the unnamed statement
        before = dict(s.parameter_status)
        out = self._out
        try:
            any_result = False
            for result in s.execute_simple(msg.sql):
                any_result = True
                self._send_result(result)
            if not any_result:
                out.append(_EMPTY_QUERY)
        except Exception as exc:
            out.append(encode(m.ErrorResponse(error_fields(exc))))
        self._end_of_statement_cleanup()
        self._report_parameters(before)
        self._ready_for_query()

    def _send_result(self, result: ResultLike) -> None:
        columns = result.columns
        if columns is not None:
            self._out.append(_row_description(columns))
            self._out.extend(map(encode_text_row, result.rows))
        self._out.append(encode(m.CommandComplete(result.command_tag)))

    def _on_function_call(self, msg: m.FunctionCall) -> None:
        self._out.append(
            encode(
                m.ErrorResponse(
                    error_fields(FeatureNotSupported("fastpath function calls are not supported"))
                )
            )
        )
        self._ready_for_query()

    # ------------------------------------------------------------------ extended query

    def _statement(self, name: str) -> _Prepared:
        stmt = (self._statements or {}).get(name)
        if stmt is None:
            what = f'prepared statement "{name}"' if name else "unnamed prepared statement"
            raise WireError(f"{what} does not exist", sqlstate=sqlstates.INVALID_SQL_STATEMENT_NAME)
        return stmt

    def _portal(self, name: str) -> _Portal:
        portal = (self._portals or {}).get(name)
        if portal is None:
            raise WireError(
                f'portal "{name}" does not exist', sqlstate=sqlstates.INVALID_CURSOR_NAME
            )
        return portal

    def _on_parse(self, msg: m.Parse) -> None:
        if self._statements is None:
            self._statements = {}
        if msg.name and msg.name in self._statements:
            raise WireError(
                f'prepared statement "{msg.name}" already exists',
                sqlstate=sqlstates.DUPLICATE_PSTATEMENT,
            )
        if msg.sql.strip():
            prepared: _Prepared = self._backend_session().prepare(msg.sql, msg.param_type_oids)
        else:
            prepared = _EMPTY
        self._statements[msg.name] = prepared
        self._out.append(_PARSE_COMPLETE)

    def _on_bind(self, msg: m.Bind) -> None:
        stmt = self._statement(msg.statement)
        expected = len(stmt.param_type_oids)
        if len(msg.params) != expected:
            raise WireError(
                f"bind message supplies {len(msg.params)} parameters, but prepared statement "
                f'"{msg.statement}" requires {expected}',
                sqlstate=sqlstates.PROTOCOL_VIOLATION,
            )
        formats = _expand_formats(msg.param_formats, expected, "parameter")
        ncols = len(stmt.columns) if stmt.columns is not None else 0
        if (
            msg.result_formats
            and ncols
            and 1 in _expand_formats(msg.result_formats, ncols, "result")
        ):
            raise FeatureNotSupported("binary output format is not supported")
        if self._portals is None:
            self._portals = {}
        if msg.portal and msg.portal in self._portals:
            raise WireError(
                f'portal "{msg.portal}" already exists', sqlstate=sqlstates.DUPLICATE_CURSOR
            )
        self._portals[msg.portal] = _Portal(stmt, msg.params, formats)
        self._out.append(_BIND_COMPLETE)

    def _on_describe(self, msg: m.Describe) -> None:
        if msg.kind == "S":
            stmt = self._statement(msg.name)
            self._out.append(encode(m.ParameterDescription(tuple(stmt.param_type_oids))))
        else:
            stmt = self._portal(msg.name).statement
        columns = stmt.columns
        self._out.append(_NO_DATA if columns is None else _row_description(columns))

    def _on_execute(self, msg: m.Execute) -> None:
        portal = self._portal(msg.portal)
        stmt = portal.statement
        if isinstance(stmt, _EmptyStatement):
            self._out.append(_EMPTY_QUERY)
            return
        s = self._backend_session()
        result = portal.result
        if result is None:
            before = dict(s.parameter_status)
            try:
                result = portal.result = s.execute_prepared(stmt, portal.params, portal.formats)
            finally:
                self._report_parameters(before)
        if result.columns is None:
            self._out.append(encode(m.CommandComplete(result.command_tag)))
            return
        rows = result.rows
        start = portal.pos
        end = len(rows) if msg.max_rows <= 0 else min(len(rows), start + msg.max_rows)
        self._out.extend(map(encode_text_row, rows[start:end]))
        portal.pos = end
        fetched = end - start
        # PG suspends whenever it fetched exactly max_rows, even if nothing is left.
        if msg.max_rows > 0 and fetched == msg.max_rows:
            self._out.append(_PORTAL_SUSPENDED)
            return
        tag = result.command_tag
        if (start > 0 or msg.max_rows > 0) and tag.startswith("SELECT "):
            tag = f"SELECT {fetched}"
        self._out.append(encode(m.CommandComplete(tag)))

    def _on_close(self, msg: m.Close) -> None:
        registry: dict[str, Any] | None = self._statements if msg.kind == "S" else self._portals
        if registry:
            registry.pop(msg.name, None)
        self._out.append(_CLOSE_COMPLETE)

    def _on_flush(self, msg: m.Flush) -> None:
        """Output is returned at the end of every ``receive_data`` call anyway."""

    def _on_sync(self, msg: m.Sync) -> None:
        s = self._backend_session()
        before = dict(s.parameter_status)
        try:
            s.sync()
        except Exception as exc:
            self._out.append(encode(m.ErrorResponse(error_fields(exc))))
        self._end_of_statement_cleanup()
        self._report_parameters(before)
        self._ready_for_query()

    def _on_terminate(self, msg: m.Terminate) -> None:
        self.connection_lost()


_HANDLERS: dict[type, Callable[[ProtocolSession, Any], None]] = {
    m.SSLRequest: ProtocolSession._on_ssl_request,
    m.GSSENCRequest: ProtocolSession._on_ssl_request,
    m.CancelRequest: ProtocolSession._on_cancel,
    m.StartupMessage: ProtocolSession._on_startup,
    m.PasswordMessage: ProtocolSession._on_password,
    m.Query: ProtocolSession._on_query,
    m.FunctionCall: ProtocolSession._on_function_call,
    m.Parse: ProtocolSession._on_parse,
    m.Bind: ProtocolSession._on_bind,
    m.Describe: ProtocolSession._on_describe,
    m.Execute: ProtocolSession._on_execute,
    m.Close: ProtocolSession._on_close,
    m.Flush: ProtocolSession._on_flush,
    m.Sync: ProtocolSession._on_sync,
    m.Terminate: ProtocolSession._on_terminate,
}
