"""The clock, read from the shadow's own: now()/transaction_timestamp() and the SQL value
functions current_date, current_time[(n)], current_timestamp[(n)], localtime[(n)] and
localtimestamp[(n)] give the session's transaction start; statement_timestamp() the start of
the current client message; clock_timestamp() and timeofday() the live clock. Also the
volatile uuid generators gen_random_uuid()/uuidv4() and uuidv7([interval]).

Follows src/backend/utils/adt/{timestamp.c, date.c, uuid.c} (GetSQLCurrentTime & co.,
generate_uuidv7). The transaction/statement starts come from ``ctx.settings`` (set by the
session per client message). Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from engine.errors import FeatureNotSupported
from engine.functions.datetime_funcs import timestamptz_pl_interval
from engine.types.base import Interval, TimeTz
from engine.types.datetime import (
    USECS_PER_DAY,
    adjust_timestamp_typmod,
    timestamptz_to_timestamp,
    zone_info_at,
)
from engine.types.settings import clock_now
from engine.types.timeofday import adjust_time_typmod

UNIX_TO_PG_US = 946_684_800_000_000
_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _xact_start(ctx: Any) -> int:
    t = ctx.settings.xact_start
    if t is None:
        raise FeatureNotSupported("the current time is not available here")
    return int(t)


def now(ctx: Any) -> int:
    """now() / transaction_timestamp(): GetCurrentTransactionStartTimestamp."""
    return _xact_start(ctx)


def statement_timestamp(ctx: Any) -> int:
    t = ctx.settings.stmt_start
    if t is None:
        raise FeatureNotSupported("the current time is not available here")
    return int(t)


def clock_timestamp(ctx: Any) -> int:
    return clock_now()


def timeofday(ctx: Any) -> str:
    """'%a %b %d %H:%M:%S.%06d %Y %Z' of the live clock in the session zone."""
    t = clock_now()
    info = zone_info_at(t, ctx.settings.timezone)
    from engine.types.datetime import POSTGRES_EPOCH_JDATE, j2date, j2day

    day, us = divmod(t + info.utoff * 1_000_000, USECS_PER_DAY)
    y, m, d = j2date(day + POSTGRES_EPOCH_JDATE)
    secs, usec = divmod(us, 1_000_000)
    hh, rem = divmod(secs, 3600)
    mi, ss = divmod(rem, 60)
    dow = _DAYS[j2day(day + POSTGRES_EPOCH_JDATE)]
    return f"{dow} {_MONTHS[m - 1]} {d:02d} {hh:02d}:{mi:02d}:{ss:02d}.{usec:06d} {y} {info.abbr}"


# --- SQL value functions (ExecEvalSQLValueFunction) -----------------------------------------


def current_date(ctx: Any) -> int:
    """GetSQLCurrentDate: the transaction start's date in the session zone."""
    return timestamptz_to_timestamp(_xact_start(ctx), ctx.settings) // USECS_PER_DAY


def _local_time(ctx: Any) -> tuple[int, int]:
    t = _xact_start(ctx)
    utoff = zone_info_at(t, ctx.settings.timezone).utoff
    return (t + utoff * 1_000_000) % USECS_PER_DAY, utoff


def current_time(ctx: Any, typmod: int) -> TimeTz:
    """GetSQLCurrentTime: time of day and zone offset of the transaction start."""
    us, utoff = _local_time(ctx)
    return TimeTz(adjust_time_typmod(us, typmod), -utoff)


def localtime(ctx: Any, typmod: int) -> int:
    return adjust_time_typmod(_local_time(ctx)[0], typmod)


def current_timestamp(ctx: Any, typmod: int) -> int:
    return adjust_timestamp_typmod(_xact_start(ctx), typmod)


def localtimestamp(ctx: Any, typmod: int) -> int:
    return adjust_timestamp_typmod(timestamptz_to_timestamp(_xact_start(ctx), ctx.settings), typmod)


# (result type oid, implementation taking the typmod) by SQLValueFunction op (SVFOP_ stripped)
SQL_VALUE_FUNCTIONS: dict[str, tuple[int, Callable[[Any, int], Any]]] = {
    "current_date": (1082, lambda ctx, typmod: current_date(ctx)),
    "current_time": (1266, current_time),
    "current_timestamp": (1184, current_timestamp),
    "localtime": (1083, localtime),
    "localtimestamp": (1114, localtimestamp),
}


# --- uuid generators (uuid.c) ---------------------------------------------------------------

_previous_ns = [0]
_SUBMS_MINIMAL_STEP_NS = 1_000_000 // (1 << 12) + 1


def _real_time_ns_ascending() -> int:
    """get_real_time_ns_ascending: the wall clock in ns, strictly ahead of the last value."""
    import time

    ns = time.time_ns()
    if _previous_ns[0] + _SUBMS_MINIMAL_STEP_NS >= ns:
        ns = _previous_ns[0] + _SUBMS_MINIMAL_STEP_NS
    _previous_ns[0] = ns
    return ns


def _as_uuid(data: bytes) -> str:
    h = data.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _set_version(data: bytearray, version: int) -> str:
    data[6] = (data[6] & 0x0F) | (version << 4)
    data[8] = (data[8] & 0x3F) | 0x80
    return _as_uuid(bytes(data))


def gen_random_uuid() -> str:
    return _set_version(bytearray(os.urandom(16)), 4)


def _ctrunc(a: int, b: int) -> tuple[int, int]:
    """C integer division and remainder (truncating toward zero)."""
    q = abs(a) // b * (1 if a >= 0 else -1)
    return q, a - q * b


def _generate_uuidv7(unix_ts_ms: int, sub_ms: int) -> str:
    data = bytearray((unix_ts_ms % (1 << 64)).to_bytes(8, "big")[2:])
    precision = ((sub_ms % (1 << 32)) * (1 << 12) % (1 << 32)) // 1_000_000
    data += bytes(((precision >> 8) & 0xFF, precision & 0xFF))
    data += os.urandom(8)
    return _set_version(data, 7)


def uuidv7() -> str:
    ns = _real_time_ns_ascending()
    return _generate_uuidv7(ns // 1_000_000, ns % 1_000_000)


def uuidv7_interval(ctx: Any, shift: Interval) -> str:
    ns = _real_time_ns_ascending()
    ts = ns // 1000 - UNIX_TO_PG_US
    ts = timestamptz_pl_interval(ctx, ts, shift)
    us = ts + UNIX_TO_PG_US
    ms, rem = _ctrunc(us, 1000)
    return _generate_uuidv7(ms, rem * 1000 + ns % 1000)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "gen_random_uuid": gen_random_uuid,
    "uuidv7": uuidv7,
}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "now": now,
    "statement_timestamp": statement_timestamp,
    "clock_timestamp": clock_timestamp,
    "timeofday": timeofday,
    "uuidv7_interval": uuidv7_interval,
}
