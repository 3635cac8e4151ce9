"""The PostgreSQL frontend/backend protocol messages, one frozen dataclass each.

Each docstring names the message's type byte (startup-phase packets have none and are named by
their request code) and the protocol version that introduced it. Field names follow
``protocol-message-formats`` in the PostgreSQL 18 docs. Values are plain Python data: text is
``str`` (UTF-8 on the wire), opaque payloads are ``bytes``.

Must not import ``asyncio``, ``socket``, ``engine`` or ``replica``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Startup-phase request codes (the int32 where a StartupMessage has its version).
SSL_REQUEST_CODE = 80877103
GSSENC_REQUEST_CODE = 80877104
CANCEL_REQUEST_CODE = 80877102
PROTOCOL_3_0 = 196608  # 3 << 16 | 0
LATEST_MINOR = 2  # 3.2: 3.0 plus a variable-length cancel key


# --------------------------------------------------------------------------- frontend, startup


@dataclass(frozen=True, slots=True)
class SSLRequest:
    """SSLRequest (no type byte, code 80877103; 7.2+). Answered by one byte, S or N."""


@dataclass(frozen=True, slots=True)
class GSSENCRequest:
    """GSSENCRequest (no type byte, code 80877104; PG 12). Answered by one byte, G or N."""


@dataclass(frozen=True, slots=True)
class CancelRequest:
    """CancelRequest (no type byte, code 80877102; 3.0, key length 4..256 since 3.2)."""

    process_id: int
    secret_key: bytes


@dataclass(frozen=True, slots=True)
class StartupMessage:
    """StartupMessage (no type byte, version 3.x). ``params`` in the order the client sent them."""

    major: int
    minor: int
    params: tuple[tuple[str, str], ...]


# --------------------------------------------------------------------------- frontend, normal


@dataclass(frozen=True, slots=True)
class PasswordMessage:
    """'p' (3.0): PasswordMessage, SASLInitialResponse, SASLResponse or GSSResponse.

    Which one it is depends on the authentication exchange in progress, so the codec leaves the
    payload raw; ``wire.session`` interprets it (see ``parse_sasl_initial``)."""

    data: bytes


@dataclass(frozen=True, slots=True)
class Query:
    """'Q' Query (3.0): a simple-query string, possibly several statements."""

    sql: str


@dataclass(frozen=True, slots=True)
class Parse:
    """'P' Parse (3.0). Empty ``name`` is the unnamed statement; type OID 0 means infer."""

    name: str
    sql: str
    param_type_oids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Bind:
    """'B' Bind (3.0). ``params`` holds raw values, None for NULL (length -1)."""

    portal: str
    statement: str
    param_formats: tuple[int, ...]
    params: tuple[bytes | None, ...]
    result_formats: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Describe:
    """'D' Describe (3.0). ``kind`` is 'S' (statement) or 'P' (portal)."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Execute:
    """'E' Execute (3.0). ``max_rows`` 0 means no limit."""

    portal: str
    max_rows: int


@dataclass(frozen=True, slots=True)
class Close:
    """'C' Close (3.0). ``kind`` is 'S' (statement) or 'P' (portal)."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Flush:
    """'H' Flush (3.0)."""


@dataclass(frozen=True, slots=True)
class Sync:
    """'S' Sync (3.0)."""


@dataclass(frozen=True, slots=True)
class Terminate:
    """'X' Terminate (3.0)."""


@dataclass(frozen=True, slots=True)
class FunctionCall:
    """'F' FunctionCall (3.0). Kept raw: refused with 0A000."""

    data: bytes


@dataclass(frozen=True, slots=True)
class CopyData:
    """'d' CopyData (3.0), both directions. Outside COPY IN the server ignores it."""

    data: bytes


@dataclass(frozen=True, slots=True)
class CopyDone:
    """'c' CopyDone (3.0), both directions."""


@dataclass(frozen=True, slots=True)
class CopyFail:
    """'f' CopyFail (3.0)."""

    message: str


FrontendMessage = (
    SSLRequest
    | GSSENCRequest
    | CancelRequest
    | StartupMessage
    | PasswordMessage
    | Query
    | Parse
    | Bind
    | Describe
    | Execute
    | Close
    | Flush
    | Sync
    | Terminate
    | FunctionCall
    | CopyData
    | CopyDone
    | CopyFail
)

# --------------------------------------------------------------------------- backend


@dataclass(frozen=True, slots=True)
class EncryptionResponse:
    """The single byte answering SSLRequest/GSSENCRequest: b'N' (refused), b'S' or b'G'."""

    answer: bytes = b"N"


@dataclass(frozen=True, slots=True)
class AuthenticationOk:
    """'R' code 0 (3.0)."""


@dataclass(frozen=True, slots=True)
class AuthenticationCleartextPassword:
    """'R' code 3 (3.0)."""


@dataclass(frozen=True, slots=True)
class AuthenticationMD5Password:
    """'R' code 5 (3.0), with a 4-byte salt."""

    salt: bytes


@dataclass(frozen=True, slots=True)
class AuthenticationSASL:
    """'R' code 10 (PG 10): the SASL mechanisms offered, most preferred first."""

    mechanisms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuthenticationSASLContinue:
    """'R' code 11 (PG 10): server-first message."""

    data: bytes


@dataclass(frozen=True, slots=True)
class AuthenticationSASLFinal:
    """'R' code 12 (PG 10): server-final message."""

    data: bytes


@dataclass(frozen=True, slots=True)
class ParameterStatus:
    """'S' ParameterStatus (3.0)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class BackendKeyData:
    """'K' BackendKeyData (3.0; ``secret_key`` 4 bytes in 3.0, up to 256 since 3.2)."""

    process_id: int
    secret_key: bytes


@dataclass(frozen=True, slots=True)
class NegotiateProtocolVersion:
    """'v' NegotiateProtocolVersion (PG 9.3.x+): newest minor supported, options not recognised."""

    newest_minor: int
    unrecognized: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReadyForQuery:
    """'Z' ReadyForQuery (3.0). ``status`` is 'I' idle, 'T' in a transaction, 'E' failed."""

    status: str


@dataclass(frozen=True, slots=True)
class FieldDescription:
    """One field of a RowDescription (not a message by itself)."""

    name: str
    table_oid: int
    column_number: int
    type_oid: int
    type_size: int
    type_modifier: int
    format: int = 0


@dataclass(frozen=True, slots=True)
class RowDescription:
    """'T' RowDescription (3.0)."""

    fields: tuple[FieldDescription, ...]


@dataclass(frozen=True, slots=True)
class DataRow:
    """'D' DataRow (3.0). Values are already in their wire format; None is NULL."""

    values: tuple[bytes | None, ...]


@dataclass(frozen=True, slots=True)
class CommandComplete:
    """'C' CommandComplete (3.0)."""

    tag: str


@dataclass(frozen=True, slots=True)
class EmptyQueryResponse:
    """'I' EmptyQueryResponse (3.0)."""


@dataclass(frozen=True, slots=True)
class ErrorResponse:
    """'E' ErrorResponse (3.0). ``fields`` are (field type char, value) pairs, in order."""

    fields: tuple[tuple[str, str], ...]

    def get(self, code: str) -> str | None:
        for k, v in self.fields:
            if k == code:
                return v
        return None


@dataclass(frozen=True, slots=True)
class NoticeResponse:
    """'N' NoticeResponse (3.0). Same field layout as ErrorResponse."""

    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ParseComplete:
    """'1' ParseComplete (3.0)."""


@dataclass(frozen=True, slots=True)
class BindComplete:
    """'2' BindComplete (3.0)."""


@dataclass(frozen=True, slots=True)
class CloseComplete:
    """'3' CloseComplete (3.0)."""


@dataclass(frozen=True, slots=True)
class NoData:
    """'n' NoData (3.0)."""


@dataclass(frozen=True, slots=True)
class ParameterDescription:
    """'t' ParameterDescription (3.0)."""

    type_oids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PortalSuspended:
    """'s' PortalSuspended (3.0)."""


BackendMessage = (
    EncryptionResponse
    | AuthenticationOk
    | AuthenticationCleartextPassword
    | AuthenticationMD5Password
    | AuthenticationSASL
    | AuthenticationSASLContinue
    | AuthenticationSASLFinal
    | ParameterStatus
    | BackendKeyData
    | NegotiateProtocolVersion
    | ReadyForQuery
    | RowDescription
    | DataRow
    | CommandComplete
    | EmptyQueryResponse
    | ErrorResponse
    | NoticeResponse
    | ParseComplete
    | BindComplete
    | CloseComplete
    | NoData
    | ParameterDescription
    | PortalSuspended
    | CopyData
    | CopyDone
)

Message = FrontendMessage | BackendMessage
