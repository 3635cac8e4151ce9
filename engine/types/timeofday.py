"""time and timetz: text input (DecodeTimeOnly, in datetime_parse), output, typmods
(``time(p)``), comparison (timetz sorts by UTC-equivalent time, then zone) and the
time/timetz operators and casts.

Values: time = µs since midnight (0 … 86_400_000_000); timetz = ``TimeTz(micros, zone)`` with
zone in seconds *west* of UTC, as PG stores it. Follows src/backend/utils/adt/date.c (time_in,
timetz_in, AdjustTimeForTypmod, timetz_cmp_internal, time_pl_interval …) and datetime.c
(DecodeTimeOnly, EncodeTimeOnly). A timetz input without a zone (and time → timetz) takes the
session zone's offset on the transaction's date (``FormatSettings.xact_start``, the session's own
clock); without a session clock we answer only when that offset cannot depend on the date, and
refuse (0A000) otherwise. Must not import anything from the engine beyond
``engine.errors`` and ``engine.types`` (no ``replica``, no ``wire``).
"""

from __future__ import annotations

import time as _clock
from collections.abc import Callable
from typing import Any

from engine.errors import DatetimeFieldOverflow, FeatureNotSupported
from engine.types import tzfile
from engine.types.base import Interval, PgType, TimeTz
from engine.types.datetime import date2j, encode_timezone
from engine.types.datetime_parse import (
    DATE_M,
    DECODE_ERRORS,
    current_local,
    decode_time_only,
    parse_error,
)
from engine.types.interval import (
    USECS_PER_DAY,
    USECS_PER_HOUR,
    USECS_PER_MINUTE,
    USECS_PER_SEC,
    is_finite,
)
from engine.types.settings import DEFAULT_SETTINGS, FormatSettings

TIME, TIMETZ = 1083, 1266
MAX_TIME_PRECISION = 6
_SCALES = (1000000, 100000, 10000, 1000, 100, 10, 1)
_OFFSETS = (500000, 50000, 5000, 500, 50, 5, 0)
UNIX_EPOCH_JDATE = 2440588


def adjust_time_typmod(t: int, typmod: int) -> int:
    """AdjustTimeForTypmod: round half away from zero to typmod fractional digits."""
    if 0 <= typmod <= MAX_TIME_PRECISION:
        sc, off = _SCALES[typmod], _OFFSETS[typmod]
        if t >= 0:
            return (t + off) // sc * sc
        return -((-t + off) // sc * sc)
    return t


# --- zones ---------------------------------------------------------------------------------


def offset_today(settings: FormatSettings, secs_of_day: int, zone_name: str | None = None) -> int:
    """The session zone's UTC offset (seconds east) for a time of day on the transaction's
    date (GetCurrentDateTime + DetermineTimeZoneOffset), as PG gives a timetz without a zone.
    Without a session clock only a zone whose offset cannot depend on the date answers."""
    zone_name = settings.timezone if zone_name is None else zone_name
    if settings.xact_start is None:
        return _fixed_offset(zone_name)
    y, m, d = current_local(settings.xact_start, settings.timezone)[:3]
    return _local_offset(zone_name, y, m, d, secs_of_day)


def _fixed_offset(zone_name: str) -> int:
    zone = tzfile.load_zone(zone_name)
    if not zone.trans:
        if zone.rule is None or zone.rule.dst is None:
            return zone.rule.std.utoff if zone.rule is not None else zone.infos[0].utoff
    elif zone.rule is not None and zone.rule.dst is None and zone.trans[-1] < _clock.time():
        return zone.rule.std.utoff
    raise FeatureNotSupported(
        f'time with time zone in zone "{zone_name}" depends on the current date'
    )


def _local_offset(zone_name: str, y: int, m: int, d: int, secs_of_day: int) -> int:
    """DetermineTimeZoneOffset for a local date + time (seconds east of UTC)."""
    local = (date2j(y, m, d) - UNIX_EPOCH_JDATE) * 86400 + secs_of_day
    return tzfile.local_to_utc(tzfile.load_zone(zone_name), local)


# --- input ---------------------------------------------------------------------------------


def _time_or_timetz_in(
    text: str, typmod: int, settings: FormatSettings, tz: bool
) -> tuple[int, int]:
    """time_in / timetz_in: DecodeTimeOnly, then the zone: given, or the session zone's at the
    input's date (today's without one)."""
    typname = "time with time zone" if tz else "time without time zone"
    try:
        d = decode_time_only(text, settings.date_order, settings.timezone, settings.xact_start)
    except DECODE_ERRORS as exc:
        raise parse_error(exc, text, typname) from None
    t = ((d.hour * 60 + d.minute) * 60 + d.sec) * USECS_PER_SEC + d.fsec
    off = 0
    if tz:
        if d.tz is not None:
            off = d.tz
        else:
            secs = (d.hour * 60 + d.minute) * 60 + d.sec
            if d.fmask & DATE_M:
                off = _local_offset(settings.timezone, d.year, d.mon, d.mday, secs)
            else:
                off = offset_today(settings, secs)
    return adjust_time_typmod(t, typmod), off


def time_in(text: str, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS) -> int:
    return _time_or_timetz_in(text, typmod, settings, False)[0]


def timetz_in(text: str, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS) -> TimeTz:
    t, off = _time_or_timetz_in(text, typmod, settings, True)
    return TimeTz(t, -off)


def input_with_settings(oid: int, text: str, settings: FormatSettings, typmod: int = -1) -> Any:
    """time/timetz input under session settings (DateOrder for a date part, TimeZone)."""
    return (time_in if oid == TIME else timetz_in)(text, typmod, settings)


# --- output --------------------------------------------------------------------------------


def encode_time(t: int) -> str:
    """EncodeTimeOnly: hh:mm:ss[.ffffff without trailing zeros]."""
    hour, rem = divmod(t, USECS_PER_HOUR)
    mn, rem = divmod(rem, USECS_PER_MINUTE)
    sec, fsec = divmod(rem, USECS_PER_SEC)
    out = f"{hour:02d}:{mn:02d}:{sec:02d}"
    return out + ("." + f"{fsec:06d}".rstrip("0") if fsec else "")


def time_out(value: int, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    return encode_time(value)


def timetz_out(value: TimeTz, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    return encode_time(value.micros) + encode_timezone(-value.zone)


def timetz_key(v: TimeTz) -> tuple[int, int]:
    """timetz_cmp_internal: UTC-equivalent time first, then the zone."""
    return (v.micros + v.zone * USECS_PER_SEC, v.zone)


def _identity(v: int) -> int:
    return v


TYPES = (
    PgType(TIME, "time", 8, "D", False, time_in, time_out, _identity),
    PgType(TIMETZ, "timetz", 12, "D", False, timetz_in, timetz_out, timetz_key),
)


# --- functions -----------------------------------------------------------------------------


def _wrap_day(t: int) -> int:
    """C: t -= t / USECS_PER_DAY * USECS_PER_DAY; if (t < 0) t += USECS_PER_DAY."""
    return t % USECS_PER_DAY


def _finite_span(span: Interval, verb: str) -> int:
    if not is_finite(span):
        raise DatetimeFieldOverflow(
            f"cannot {verb} infinite interval {'to' if verb == 'add' else 'from'} time"
        )
    return span.micros


def time_pl_interval(t: int, span: Interval) -> int:
    return _wrap_day(t + _finite_span(span, "add"))


def time_mi_interval(t: int, span: Interval) -> int:
    return _wrap_day(t - _finite_span(span, "subtract"))


def time_mi_time(a: int, b: int) -> Interval:
    return Interval(0, 0, a - b)


def timetz_pl_interval(t: TimeTz, span: Interval) -> TimeTz:
    return TimeTz(_wrap_day(t.micros + _finite_span(span, "add")), t.zone)


def timetz_mi_interval(t: TimeTz, span: Interval) -> TimeTz:
    return TimeTz(_wrap_day(t.micros - _finite_span(span, "subtract")), t.zone)


def interval_time(span: Interval) -> int:
    if not is_finite(span):
        raise DatetimeFieldOverflow("cannot convert infinite interval to time")
    return _wrap_day(span.micros)


def time_interval(t: int) -> Interval:
    return Interval(0, 0, t)


def timetz_time(t: TimeTz) -> int:
    return t.micros


def time_timetz(ctx: Any, t: int) -> TimeTz:
    """time → timetz: the session zone's offset on the transaction's date."""
    return TimeTz(t, -offset_today(ctx.settings, t // USECS_PER_SEC))


def time_scale(t: int, typmod: int) -> int:
    return adjust_time_typmod(t, typmod)


def timetz_scale(t: TimeTz, typmod: int) -> TimeTz:
    return TimeTz(adjust_time_typmod(t.micros, typmod), t.zone)


def time_larger(a: int, b: int) -> int:
    return a if a > b else b


def time_smaller(a: int, b: int) -> int:
    return a if a < b else b


def timetz_larger(a: TimeTz, b: TimeTz) -> TimeTz:
    return a if timetz_key(a) > timetz_key(b) else b


def timetz_smaller(a: TimeTz, b: TimeTz) -> TimeTz:
    return a if timetz_key(a) < timetz_key(b) else b


def timetz_izone(zone: Interval, t: TimeTz) -> TimeTz:
    """timezone(interval, timetz): rotate to a fixed offset."""
    from engine.errors import InvalidParameterValue
    from engine.types.interval import ctrunc_div, interval_out

    if not is_finite(zone):
        raise InvalidParameterValue(f'interval time zone "{interval_out(zone)}" must be finite')
    if zone.months or zone.days:
        raise InvalidParameterValue(
            f'interval time zone "{interval_out(zone)}" must not include months or days'
        )
    tz = -ctrunc_div(zone.micros, USECS_PER_SEC)
    return TimeTz((t.micros + (t.zone - tz) * USECS_PER_SEC) % USECS_PER_DAY, tz)


def _cmp_family(prefix: str, key: Callable[[Any], Any]) -> dict[str, Callable[..., Any]]:
    ops: dict[str, Callable[[Any, Any], Any]] = {
        "eq": lambda a, b: a == b,
        "ne": lambda a, b: a != b,
        "lt": lambda a, b: a < b,
        "le": lambda a, b: a <= b,
        "gt": lambda a, b: a > b,
        "ge": lambda a, b: a >= b,
        "cmp": lambda a, b: (a > b) - (a < b),
    }
    out: dict[str, Callable[..., Any]] = {}
    for suffix, op in ops.items():
        out[f"{prefix}_{suffix}"] = (lambda o: lambda x, y: o(key(x), key(y)))(op)
    return out


FUNCTIONS: dict[str, Callable[..., Any]] = {
    **_cmp_family("time", _identity),
    **_cmp_family("timetz", timetz_key),
    "time_pl_interval": time_pl_interval,
    "time_mi_interval": time_mi_interval,
    "time_mi_time": time_mi_time,
    "timetz_pl_interval": timetz_pl_interval,
    "timetz_mi_interval": timetz_mi_interval,
    "interval_time": interval_time,
    "time_interval": time_interval,
    "timetz_time": timetz_time,
    "time_scale": time_scale,
    "timetz_scale": timetz_scale,
    "time_larger": time_larger,
    "time_smaller": time_smaller,
    "timetz_larger": timetz_larger,
    "timetz_smaller": timetz_smaller,
    "timetz_izone": timetz_izone,
}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {"time_timetz": time_timetz}
