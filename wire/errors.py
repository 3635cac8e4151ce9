"""The wire package's error tree and the ONE mapping from an exception to ErrorResponse fields.

Backends raise whatever they like; anything with a ``sqlstate`` attribute (plus optional
``message``, ``detail``, ``hint``, ``position``) keeps its SQLSTATE. Everything else is a bug
somewhere and becomes ``XX000 internal error``, with the exception logged here (and only here).

Must not import ``asyncio``, ``socket``, ``engine`` or ``replica``.
"""

from __future__ import annotations

import logging
import re

from wire import sqlstates

log = logging.getLogger("wire")

_SQLSTATE = re.compile(r"[0-9A-Z]{5}")


class WireError(Exception):
    """Root of the errors the wire layer raises itself."""

    sqlstate = sqlstates.INTERNAL_ERROR

    def __init__(self, message: str, *, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if sqlstate is not None:
            self.sqlstate = sqlstate


class ProtocolViolation(WireError):
    """The client broke the protocol (08P01). The connection is closed after reporting it."""

    sqlstate = sqlstates.PROTOCOL_VIOLATION


class FeatureNotSupported(WireError):
    """A protocol feature this server does not implement (0A000)."""

    sqlstate = sqlstates.FEATURE_NOT_SUPPORTED


class FatalError(WireError):
    """An error after which the connection must be closed (e.g. unsupported protocol)."""


def error_fields(exc: BaseException, severity: str = "ERROR") -> tuple[tuple[str, str], ...]:
    """ErrorResponse/NoticeResponse fields for ``exc``: S, V, C, M, then D, H, P when present."""
    sqlstate = getattr(exc, "sqlstate", None)
    if not isinstance(sqlstate, str) or not _SQLSTATE.fullmatch(sqlstate):
        log.error("internal error: %r", exc, exc_info=exc)
        return (
            ("S", severity),
            ("V", severity),
            ("C", sqlstates.INTERNAL_ERROR),
            ("M", "internal error"),
        )
    message = getattr(exc, "message", None)
    if not isinstance(message, str):
        message = str(exc)
    fields: list[tuple[str, str]] = [
        ("S", severity),
        ("V", severity),
        ("C", sqlstate),
        ("M", message),
    ]
    for code, attr in (("D", "detail"), ("H", "hint"), ("P", "position")):
        value = getattr(exc, attr, None)
        if value is not None:
            fields.append((code, str(value)))
    return tuple(fields)
