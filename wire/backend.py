"""What the wire layer needs from whatever answers the queries (the "backend").

The wire package never imports the engine: it talks to these structural protocols, which the
engine's session objects satisfy by shape. Errors raised by a backend are mapped to an
ErrorResponse by ``wire.errors.error_fields`` (the one place that does it): any exception with a
``sqlstate`` attribute (and optionally ``message``, ``detail``, ``hint``, ``position``) keeps its
SQLSTATE; anything else becomes ``XX000`` internal_error.

Must not import ``engine`` or ``replica``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol


class ColumnLike(Protocol):
    """One column of a RowDescription."""

    @property
    def name(self) -> str: ...
    @property
    def type_oid(self) -> int: ...
    @property
    def type_size(self) -> int: ...  # pg_type.typlen (-1 varlena, -2 cstring)
    @property
    def type_modifier(self) -> int: ...  # atttypmod, -1 when none
    @property
    def table_oid(self) -> int: ...  # 0 when not a plain table column
    @property
    def column_number(self) -> int: ...  # attnum, 0 when not a plain table column


class ResultLike(Protocol):
    """The outcome of one statement.

    ``columns`` is None for statements that return no rows (SET, BEGIN, ...), in which case
    ``rows`` is empty. ``rows`` holds text-format values, None for SQL NULL.
    ``command_tag`` is the CommandComplete tag, e.g. ``SELECT 3`` or ``SET``.
    """

    @property
    def columns(self) -> Sequence[ColumnLike] | None: ...
    @property
    def rows(self) -> Sequence[Sequence[str | None]]: ...
    @property
    def command_tag(self) -> str: ...


class PreparedLike(Protocol):
    """A parsed statement of the extended protocol (Parse)."""

    @property
    def param_type_oids(self) -> Sequence[int]: ...  # resolved types, one per $n
    @property
    def columns(self) -> Sequence[ColumnLike] | None: ...  # None: NoData


class SessionLike(Protocol):
    """One client session's view of the backend."""

    @property
    def parameter_status(self) -> Mapping[str, str]:
        """GUCs reported to the client (ParameterStatus), current values."""
        ...

    @property
    def in_transaction(self) -> bool:
        """True inside an explicit transaction block (ReadyForQuery 'T')."""
        ...

    @property
    def failed_transaction(self) -> bool:
        """True inside a failed transaction block (ReadyForQuery 'E')."""
        ...

    def execute_simple(self, sql: str) -> Iterator[ResultLike]:
        """Run a simple-query string (possibly several statements), yielding one result per
        statement. An error is raised from the iterator at the failing statement; results
        yielded before it stand. An empty query string yields nothing."""
        ...

    def prepare(self, sql: str, param_type_oids: Sequence[int]) -> PreparedLike:
        """Parse one statement for the extended protocol. 0 in ``param_type_oids`` means
        "infer". Writes must prepare successfully (they fail at execute, like a standby)."""
        ...

    def execute_prepared(
        self, prepared: PreparedLike, params: Sequence[bytes | None], param_formats: Sequence[int]
    ) -> ResultLike:
        """Execute a prepared statement with bound parameters (text or binary per format)."""
        ...

    def sync(self) -> None:
        """End of an extended-protocol cycle: commit/rollback an implicit transaction."""
        ...

    def close(self) -> None:
        """The client went away; release whatever the session holds."""
        ...


class BackendLike(Protocol):
    """Creates sessions. Raising from ``start_session`` refuses the connection."""

    def start_session(self, startup_params: Mapping[str, str]) -> SessionLike: ...
