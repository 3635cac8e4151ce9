"""The per-connection protocol state machine, as one transition table.

Theory of operation
-------------------
A connection is in exactly one ``Phase``. Every decoded frontend message, and every outcome
the session reports (``AUTH_CONTINUE``, ``AUTH_OK``, ``ERROR``, ``FATAL``), is an *event*; the
table ``TRANSITIONS`` maps ``(phase, event)`` to the next phase. Anything not in the table is
illegal and raises ``ProtocolViolation``; ``wire.session`` converts that, in one place, into a
FATAL 08P01 ErrorResponse and closes the connection.

    STARTUP ──SSLRequest/GSSENCRequest──▶ STARTUP      (answer 'N', stay in startup framing)
    STARTUP ──CancelRequest─────────────▶ CLOSED       (no reply, ever)
    STARTUP ──StartupMessage────────────▶ AUTHENTICATING
    AUTHENTICATING ──PasswordMessage────▶ AUTHENTICATING (SASL/md5 round trips)
    AUTHENTICATING ──AUTH_OK────────────▶ READY        (ParameterStatus*, BackendKeyData, Z)
    READY ──Query───────────────────────▶ READY        (its own ReadyForQuery, even on error)
    READY ──Parse/Bind/…/Flush──────────▶ EXTENDED     (an extended-protocol cycle is open)
    EXTENDED ──ERROR────────────────────▶ DRAIN        (skip everything until Sync [P1 §ext-query])
    DRAIN ──anything but Sync───────────▶ DRAIN        (discarded; ``DISCARDED`` says so)
    READY/EXTENDED/DRAIN ──Sync─────────▶ READY        (exactly one ReadyForQuery per Sync)
    any ──Terminate / FATAL─────────────▶ CLOSED

A Query arriving in EXTENDED is legal (PG runs it); it ends the cycle. An error in READY (i.e.
in a simple Query) does not drain: the Query sends its own ReadyForQuery.

Must not import ``asyncio``, ``socket``, ``engine`` or ``replica``.
"""

from __future__ import annotations

from enum import Enum

from wire.errors import ProtocolViolation


class Phase(Enum):
    STARTUP = "startup"
    AUTHENTICATING = "authenticating"
    READY = "ready"
    EXTENDED = "extended"
    DRAIN = "drain"
    CLOSED = "closed"


# Outcome events reported by the session (message events are the message class names).
AUTH_CONTINUE = "auth_continue"
AUTH_OK = "auth_ok"
ERROR = "error"
FATAL = "fatal"

_EXTENDED_MESSAGES = ("Parse", "Bind", "Describe", "Execute", "Close", "Flush")
# Messages PG accepts outside COPY and ignores (a COPY probably failed) or refuses softly.
_IGNORED_MESSAGES = ("CopyData", "CopyDone", "CopyFail", "FunctionCall")

S, A, R, X, D, C = (
    Phase.STARTUP,
    Phase.AUTHENTICATING,
    Phase.READY,
    Phase.EXTENDED,
    Phase.DRAIN,
    Phase.CLOSED,
)

TRANSITIONS: dict[tuple[Phase, str], Phase] = {
    (S, "SSLRequest"): S,
    (S, "GSSENCRequest"): S,
    (S, "CancelRequest"): C,
    (S, "StartupMessage"): A,
    (A, "PasswordMessage"): A,
    (A, AUTH_CONTINUE): A,
    (A, AUTH_OK): R,
    (R, "Query"): R,
    (X, "Query"): R,
    (R, ERROR): R,
    (X, ERROR): D,
    (D, ERROR): D,
    (R, "Sync"): R,
    (X, "Sync"): R,
    (D, "Sync"): R,
    **{(R, name): X for name in _EXTENDED_MESSAGES},
    **{(X, name): X for name in _EXTENDED_MESSAGES},
    **{(R, name): R for name in _IGNORED_MESSAGES},
    **{(X, name): X for name in _IGNORED_MESSAGES},
    **{(p, "Terminate"): C for p in (S, A, R, X, D)},
    **{(p, FATAL): C for p in (S, A, R, X, D, C)},
}

# In DRAIN every message except Sync and Terminate is dropped unprocessed.
DISCARDED_IN_DRAIN = frozenset(
    ("Query", "PasswordMessage", *_EXTENDED_MESSAGES, *_IGNORED_MESSAGES)
)


def next_phase(phase: Phase, event: str) -> Phase:
    """The phase after ``event`` in ``phase``; raises ``ProtocolViolation`` if illegal."""
    try:
        return TRANSITIONS[(phase, event)]
    except KeyError:
        raise ProtocolViolation(f"unexpected message {event} in phase {phase.value}") from None
