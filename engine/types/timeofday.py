"""time and timetz: text input (the common paths of PG's DecodeTimeOnly), output, typmods
(``time(p)``), comparison (timetz sorts by UTC-equivalent time, then zone) and the
time/timetz operators and casts.

Values: time = µs since midnight (0 … 86_400_000_000); timetz = ``TimeTz(micros, zone)`` with
zone in seconds *west* of UTC, as PG stores it. Follows src/backend/utils/adt/date.c (time_in,
timetz_in, AdjustTimeForTypmod, timetz_cmp_internal, time_pl_interval …) and datetime.c
(DecodeTimeOnly, EncodeTimeOnly). A timetz input without a zone takes the session zone's offset
*today* (PG reads the transaction's date): we answer only when that offset cannot depend on the
date, and refuse (0A000) otherwise. Must not import anything from the engine beyond
``engine.errors`` and ``engine.types`` (no ``replica``, no ``wire``).
"""

from __future__ import annotations

import time as _clock
from collections.abc import Callable
from typing import Any

from engine.errors import DatetimeFieldOverflow, FeatureNotSupported, InvalidDatetimeFormat
from engine.types import tz_abbrevs, tzfile
from engine.types.base import Interval, PgType, TimeTz
from engine.types.datetime import date2j, encode_timezone
from engine.types.datetime_parse import DECODE_ERRORS, MONTHS, decode, decode_timezone, parse_error
from engine.types.interval import (
    INTERVAL_FULL_RANGE,
    USECS_PER_DAY,
    USECS_PER_HOUR,
    USECS_PER_MINUTE,
    USECS_PER_SEC,
    BadFormat,
    FieldOverflow,
    decode_time_common,
    is_finite,
    parse_fields,
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


def fixed_offset_now(zone_name: str) -> int:
    """The zone's UTC offset (seconds east) today, when no date can change it: no DST rule and
    no transition left ahead. Otherwise the answer depends on the current date: refuse."""
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


class _TimeFields:
    def __init__(self) -> None:
        self.hour = self.minute = self.sec = self.fsec = 0
        self.have_time = False
        self.tz: int | None = None  # seconds east, when given
        self.mer: str | None = None
        self.ptype_t = False


def _number_field(tf: _TimeFields, text: str) -> None:
    """DecodeNumberField for run-together hhmmss[.fff] / hhmm."""
    whole, _, frac = text.partition(".")
    if tf.have_time or not whole.isdigit():
        raise FeatureNotSupported(f'time input field "{text}" is not supported')
    if frac and not frac.isdigit():
        raise BadFormat()
    if len(whole) == 6:
        tf.hour, tf.minute, tf.sec = int(whole[:2]), int(whole[2:4]), int(whole[4:])
    elif len(whole) == 4 and not frac:
        tf.hour, tf.minute, tf.sec = int(whole[:2]), int(whole[2:]), 0
    else:
        raise FeatureNotSupported(f'time input field "{text}" is not supported')
    tf.fsec = round(float("0." + frac) * 1000000) if frac else 0
    tf.have_time = True


def _word(tf: _TimeFields, word: str, session_zone: str) -> None:
    if word in ("am", "pm"):
        if tf.mer is not None:
            raise BadFormat()
        tf.mer = word
        return
    if word == "t":
        tf.ptype_t = True
        return
    if word == "allballs":
        tf.hour = tf.minute = tf.sec = tf.fsec = 0
        tf.have_time, tf.tz = True, 0
        return
    zone_abbrevs = tzfile.load_zone(session_zone).abbreviations()
    if word in zone_abbrevs:  # PG 18 consults the session zone's abbreviations first
        offs = zone_abbrevs[word]
        if len(offs) != 1:
            raise FeatureNotSupported(f'time zone abbreviation "{word}" with varying offset')
        _set_tz(tf, next(iter(offs)))
        return
    if word in tz_abbrevs.FIXED:
        _set_tz(tf, tz_abbrevs.FIXED[word][0])
        return
    if word in tz_abbrevs.DYNAMIC:
        raise FeatureNotSupported(f'time zone abbreviation "{word}" is not supported')
    raise BadFormat()


def _set_tz(tf: _TimeFields, off: int) -> None:
    if tf.tz is not None:
        raise BadFormat()
    tf.tz = off


def _decode_time_only(text: str, session_zone: str) -> _TimeFields:
    tf = _TimeFields()
    for kind, f in parse_fields(text):
        if kind == "time":
            if tf.have_time:
                raise BadFormat()
            tf.hour, tf.minute, tf.sec, tf.fsec = decode_time_common(f, INTERVAL_FULL_RANGE)
            tf.have_time, tf.ptype_t = True, False
        elif kind == "tz":
            try:
                _set_tz(tf, decode_timezone(f))
            except DECODE_ERRORS as exc:
                raise parse_error(exc, text, "time") from None
        elif kind == "number":
            tf.ptype_t = False
            _number_field(tf, f)
        elif kind == "string":
            _word(tf, f, session_zone)
        elif kind == "date" and not f[0].isdigit():
            raise BadFormat()  # a zone name needs a date to resolve its offset
        else:
            raise BadFormat()
    if not tf.have_time or tf.ptype_t:
        raise BadFormat()
    return tf


def _check_time(tf: _TimeFields) -> int:
    if tf.mer is not None:
        if tf.hour > 12:
            raise FieldOverflow()
        if tf.mer == "am" and tf.hour == 12:
            tf.hour = 0
        elif tf.mer == "pm" and tf.hour != 12:
            tf.hour += 12
    total = ((tf.hour * 60 + tf.minute) * 60 + tf.sec) * USECS_PER_SEC + tf.fsec
    if (
        not 0 <= tf.hour <= 24
        or not 0 <= tf.minute <= 59
        or not 0 <= tf.sec <= 60
        or not 0 <= tf.fsec <= USECS_PER_SEC
        or total > USECS_PER_DAY
    ):
        raise FieldOverflow()
    return total


def _has_date(text: str) -> bool:
    """Whether the input carries a date. DecodeTimeOnly and DecodeDateTime agree on the plain
    shape '<numeric date> <time> [zone]' only; other dated spellings are refused."""
    try:
        fields = parse_fields(text)
    except BadFormat:
        return False
    dated = any(
        (k == "date" and f[0].isdigit()) or (k == "string" and f in MONTHS) for k, f in fields
    )
    if not dated:
        return False
    kinds = [k for k, f in fields]
    plain = (
        len(fields) in (2, 3)
        and kinds[0] == "date"
        and fields[0][1][0].isdigit()
        and kinds[1] == "time"
        and (len(fields) == 2 or kinds[2] in ("string", "tz", "date"))
    )
    if not plain:
        raise FeatureNotSupported(f'time input "{text}" with this date form is not supported')
    return True


def _with_date(
    text: str, typname: str, settings: FormatSettings, tz_wanted: bool
) -> tuple[int, int]:
    """A time given with a full date: DecodeDateTime's fields; the zone resolves at that date."""
    try:
        d = decode(text, settings.date_order, settings.timezone)
    except DECODE_ERRORS as exc:
        raise parse_error(exc, text, typname) from None
    if d.dtype != "date":
        raise InvalidDatetimeFormat(f'invalid input syntax for type {typname}: "{text}"')
    t = ((d.hour * 60 + d.minute) * 60 + d.sec) * USECS_PER_SEC + d.fsec
    if t > USECS_PER_DAY:
        raise DatetimeFieldOverflow(f'date/time field value out of range: "{text}"')
    if not tz_wanted:
        return t, 0
    if d.tz is not None:
        return t, d.tz
    secs = (d.hour * 60 + d.minute) * 60 + d.sec
    zone = d.zone if d.zone is not None else settings.timezone
    return t, _local_offset(zone, d.year, d.mon, d.mday, secs)


def _time_or_timetz_in(
    text: str, typmod: int, settings: FormatSettings, tz: bool
) -> tuple[int, int]:
    typname = "time with time zone" if tz else "time without time zone"
    if _has_date(text):
        t, off = _with_date(text, typname, settings, tz)
        return adjust_time_typmod(t, typmod), off
    try:
        tf = _decode_time_only(text, settings.timezone)
        t = _check_time(tf)
    except FieldOverflow:
        raise DatetimeFieldOverflow(f'date/time field value out of range: "{text}"') from None
    except BadFormat:
        raise InvalidDatetimeFormat(f'invalid input syntax for type {typname}: "{text}"') from None
    off = 0
    if tz:
        off = tf.tz if tf.tz is not None else fixed_offset_now(settings.timezone)
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
    """time → timetz: the session zone's offset today (refused when the date matters)."""
    return TimeTz(t, -fixed_offset_now(ctx.settings.timezone))


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
