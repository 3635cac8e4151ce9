"""The engine's error tree. Every error carries the SQLSTATE Postgres would raise.

``wire/`` owns the single function that turns one of these into an ErrorResponse; nothing else
maps errors to SQLSTATEs. Must not import anything from the engine beyond the standard library.
"""

from __future__ import annotations


class EngineError(Exception):
    """Root of every error the engine raises on purpose."""

    sqlstate = "XX000"

    def __init__(
        self,
        message: str,
        *,
        detail: str | None = None,
        hint: str | None = None,
        position: int | None = None,
        sqlstate: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        if sqlstate is not None:
            self.sqlstate = sqlstate


class FeatureNotSupported(EngineError):
    """The engine cannot answer this exactly. The message names the construct (0A000)."""

    sqlstate = "0A000"


class SyntaxError_(EngineError):
    sqlstate = "42601"


class UndefinedTable(EngineError):
    sqlstate = "42P01"


class UndefinedColumn(EngineError):
    sqlstate = "42703"


class UndefinedFunction(EngineError):
    sqlstate = "42883"


class UndefinedObject(EngineError):
    sqlstate = "42704"


class AmbiguousColumn(EngineError):
    sqlstate = "42702"


class DatatypeMismatch(EngineError):
    sqlstate = "42804"


class GroupingError(EngineError):
    sqlstate = "42803"


class InvalidTextRepresentation(EngineError):
    sqlstate = "22P02"


class NumericValueOutOfRange(EngineError):
    sqlstate = "22003"


class DivisionByZero(EngineError):
    sqlstate = "22012"


class InvalidDatetimeFormat(EngineError):
    sqlstate = "22007"


class DatetimeFieldOverflow(EngineError):
    sqlstate = "22008"


class StringDataRightTruncation(EngineError):
    sqlstate = "22001"


class InvalidParameterValue(EngineError):
    sqlstate = "22023"


class ReadOnlySqlTransaction(EngineError):
    """Writes on a hot standby (25006)."""

    sqlstate = "25006"


class InFailedSqlTransaction(EngineError):
    sqlstate = "25P02"


class CannotCoerce(EngineError):
    sqlstate = "42846"


class InvalidTextValue(EngineError):
    """Generic data exception (22000)."""

    sqlstate = "22000"
