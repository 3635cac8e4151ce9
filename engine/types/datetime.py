"""date, timestamp, timestamptz: calendar math, text input/output under every DateStyle,
time zone rotation, typmods, comparison and the casts between them.

Values: date = days since 2000-01-01 (``DATE_NOBEGIN``/``DATE_NOEND`` = -2**31 / 2**31-1);
timestamp = µs since 2000-01-01 00:00:00; timestamptz = µs since 2000-01-01 00:00:00 UTC
(``INT64_MIN``/``INT64_MAX`` for ∓infinity). Calendar math is PG's date2j/j2date (Julian day
numbers, proleptic Gregorian), so the whole range 4714-11-24 BC … 5874897 AD works.
Follows src/backend/utils/adt/{date.c,timestamp.c,datetime.c}.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from engine.errors import DatetimeFieldOverflow
from engine.types import tzfile
from engine.types.datetime_parse import DECODE_ERRORS, Decoded, decode, parse_error
from engine.types.settings import DEFAULT_SETTINGS, FormatSettings

BOOL, DATE, TIMESTAMP, TIMESTAMPTZ = 16, 1082, 1114, 1184
DATEVAL_NOBEGIN, DATEVAL_NOEND = -(2**31), 2**31 - 1
DT_NOBEGIN, DT_NOEND = -(2**63), 2**63 - 1
POSTGRES_EPOCH_JDATE = 2451545
UNIX_EPOCH_JDATE = 2440588
USECS_PER_DAY = 86_400_000_000
USECS_PER_SEC = 1_000_000
DATETIME_MIN_JULIAN = 0
DATE_END_JULIAN = 2147483494
TIMESTAMP_END_JULIAN = 109203528
MIN_TIMESTAMP = -211813488000000000
END_TIMESTAMP = 9223371331200000000
JULIAN_MINYEAR, JULIAN_MINMONTH = -4713, 11
JULIAN_MAXYEAR, JULIAN_MAXMONTH = 5874898, 6
EPOCH_DIFF_SECS = (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400

_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAXTZLEN = 10


# --- calendar ------------------------------------------------------------------------------


def date2j(y: int, m: int, d: int) -> int:
    if m > 2:
        m += 1
        y += 4800
    else:
        m += 13
        y += 4799
    century = y // 100
    return y * 365 - 32167 + y // 4 - century + century // 4 + 7834 * m // 256 + d


def j2date(jd: int) -> tuple[int, int, int]:
    julian = jd + 32044
    quad = julian // 146097
    extra = (julian - quad * 146097) * 4 + 3
    julian += 60 + quad * 3 + extra // 146097
    quad = julian // 1461
    julian -= quad * 1461
    y = julian * 4 // 1461
    julian = ((julian + 305) % 365 if y != 0 else (julian + 306) % 366) + 123
    y += quad * 4
    quad = julian * 2141 // 65536
    day = julian - 7834 * quad // 256
    month = (quad + 10) % 12 + 1
    return y - 4800, month, day


def j2day(jd: int) -> int:
    return (jd + 1) % 7


def is_valid_julian(y: int, m: int) -> bool:
    return (y > JULIAN_MINYEAR or (y == JULIAN_MINYEAR and m >= JULIAN_MINMONTH)) and (
        y < JULIAN_MAXYEAR or (y == JULIAN_MAXYEAR and m < JULIAN_MAXMONTH)
    )


def is_valid_date(d: int) -> bool:
    return DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE <= d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE


def is_valid_timestamp(t: int) -> bool:
    return MIN_TIMESTAMP <= t < END_TIMESTAMP


# --- output --------------------------------------------------------------------------------


def _year_str(y: int) -> str:
    return f"{y if y > 0 else -(y - 1):04d}"


def _encode_date(y: int, m: int, d: int, s: FormatSettings) -> str:
    style, dmy = s.datestyle, s.date_order == "DMY"
    if style == "ISO":
        out = f"{_year_str(y)}-{m:02d}-{d:02d}"
    elif style == "SQL":
        out = (f"{d:02d}/{m:02d}" if dmy else f"{m:02d}/{d:02d}") + "/" + _year_str(y)
    elif style == "German":
        out = f"{d:02d}.{m:02d}.{_year_str(y)}"
    else:
        out = (f"{d:02d}-{m:02d}" if dmy else f"{m:02d}-{d:02d}") + "-" + _year_str(y)
    return out + (" BC" if y <= 0 else "")


def _seconds(sec: int, fsec: int) -> str:
    if fsec == 0:
        return f"{sec:02d}"
    return f"{sec:02d}.{fsec:06d}".rstrip("0")


def encode_timezone(utoff: int) -> str:
    """EncodeTimezone: +HH, +HH:MM or +HH:MM:SS (utoff = seconds east of UTC)."""
    sec = abs(utoff)
    hour, rem = divmod(sec, 3600)
    mn, sc = divmod(rem, 60)
    sign = "+" if utoff >= 0 else "-"
    if sc:
        return f"{sign}{hour:02d}:{mn:02d}:{sc:02d}"
    if mn:
        return f"{sign}{hour:02d}:{mn:02d}"
    return f"{sign}{hour:02d}"


def _encode_datetime(jd: int, time_us: int, tz: tuple[int, str] | None, s: FormatSettings) -> str:
    """EncodeDateTime for a local Julian day + µs of day; tz = (utoff, abbreviation)."""
    y, m, d = j2date(jd)
    hour, rem = divmod(time_us, 3_600_000_000)
    mn, rem = divmod(rem, 60_000_000)
    sec, fsec = divmod(rem, USECS_PER_SEC)
    hms = f"{hour:02d}:{mn:02d}:{_seconds(sec, fsec)}"
    style, dmy = s.datestyle, s.date_order == "DMY"
    named = "" if tz is None else " " + tz[1][:MAXTZLEN]
    if style == "ISO":
        out = f"{_year_str(y)}-{m:02d}-{d:02d} {hms}"
        if tz is not None:
            out += encode_timezone(tz[0])
    elif style == "SQL":
        out = (f"{d:02d}/{m:02d}" if dmy else f"{m:02d}/{d:02d}") + f"/{_year_str(y)} {hms}" + named
    elif style == "German":
        out = f"{d:02d}.{m:02d}.{_year_str(y)} {hms}" + named
    else:
        dow = _DAYS[j2day(jd)]
        mon = _MONTHS[m - 1]
        md = f"{d:02d} {mon}" if dmy else f"{mon} {d:02d}"
        out = f"{dow} {md} {hms} {_year_str(y)}" + named
    return out + (" BC" if y <= 0 else "")


def date_out(value: int, settings: FormatSettings) -> str:
    if value == DATEVAL_NOBEGIN:
        return "-infinity"
    if value == DATEVAL_NOEND:
        return "infinity"
    y, m, d = j2date(value + POSTGRES_EPOCH_JDATE)
    return _encode_date(y, m, d, settings)


def _split_timestamp(t: int) -> tuple[int, int]:
    day, time_us = divmod(t, USECS_PER_DAY)
    return day + POSTGRES_EPOCH_JDATE, time_us


def timestamp_out(value: int, settings: FormatSettings) -> str:
    if value == DT_NOBEGIN:
        return "-infinity"
    if value == DT_NOEND:
        return "infinity"
    jd, time_us = _split_timestamp(value)
    return _encode_datetime(jd, time_us, None, settings)


def zone_info_at(t: int, zone_name: str) -> tzfile.TTInfo:
    """The zone's offset/abbreviation at timestamptz t (µs since 2000-01-01 UTC)."""
    return tzfile.utc_info(tzfile.load_zone(zone_name), t // USECS_PER_SEC + EPOCH_DIFF_SECS)


def timestamptz_out(value: int, settings: FormatSettings) -> str:
    if value == DT_NOBEGIN:
        return "-infinity"
    if value == DT_NOEND:
        return "infinity"
    info = zone_info_at(value, settings.timezone)
    jd, time_us = _split_timestamp(value + info.utoff * USECS_PER_SEC)
    return _encode_datetime(jd, time_us, (info.utoff, info.abbr), settings)


# --- input ---------------------------------------------------------------------------------


def _decode(text: str, typname: str, settings: FormatSettings) -> Decoded:
    try:
        return decode(text, settings.date_order, settings.timezone, settings.xact_start)
    except DECODE_ERRORS as exc:
        raise parse_error(exc, text, typname) from None


def _local_to_utc_offset(d: Decoded, zone: str) -> int:
    if not is_valid_julian(d.year, d.mon):
        return 0
    local = (
        (date2j(d.year, d.mon, d.mday) - UNIX_EPOCH_JDATE) * 86400
        + (d.hour * 60 + d.minute) * 60
        + d.sec
    )
    return tzfile.local_to_utc(tzfile.load_zone(zone), local)


def _tm2timestamp(d: Decoded, utoff: int | None) -> int | None:
    if not is_valid_julian(d.year, d.mon):
        return None
    date = date2j(d.year, d.mon, d.mday) - POSTGRES_EPOCH_JDATE
    time = ((d.hour * 60 + d.minute) * 60 + d.sec) * USECS_PER_SEC + d.fsec
    result = date * USECS_PER_DAY + time
    if not -(2**63) <= result < 2**63:
        return None
    if utoff is not None:
        result -= utoff * USECS_PER_SEC
    return result if is_valid_timestamp(result) else None


def date_in(text: str, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS) -> int:
    d = _decode(text, "date", settings)
    if d.dtype == "late":
        return DATEVAL_NOEND
    if d.dtype == "early":
        return DATEVAL_NOBEGIN
    if d.dtype == "epoch":
        d.year, d.mon, d.mday = 1970, 1, 1
    if not is_valid_julian(d.year, d.mon):
        raise DatetimeFieldOverflow(f'date out of range: "{text}"')
    date = date2j(d.year, d.mon, d.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(date):
        raise DatetimeFieldOverflow(f'date out of range: "{text}"')
    return date


def _timestamp_in(text: str, typmod: int, settings: FormatSettings, with_tz: bool) -> int:
    d = _decode(text, "timestamp with time zone" if with_tz else "timestamp", settings)
    if d.dtype == "late":
        return DT_NOEND
    if d.dtype == "early":
        return DT_NOBEGIN
    if d.dtype == "epoch":
        result: int | None = (date2j(1970, 1, 1) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY
    else:
        utoff: int | None = None
        if with_tz:
            if d.zone is not None:
                utoff = _local_to_utc_offset(d, d.zone)
            elif d.tz is not None:
                utoff = d.tz
            else:
                utoff = _local_to_utc_offset(d, settings.timezone)
        result = _tm2timestamp(d, utoff)
    if result is None:
        raise DatetimeFieldOverflow(f'timestamp out of range: "{text}"')
    return adjust_timestamp_typmod(result, typmod)


def timestamp_in(text: str, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS) -> int:
    return _timestamp_in(text, typmod, settings, False)


def timestamptz_in(text: str, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS) -> int:
    return _timestamp_in(text, typmod, settings, True)


_INPUTS: dict[int, Callable[[str, int, FormatSettings], int]] = {
    DATE: date_in,
    TIMESTAMP: timestamp_in,
    TIMESTAMPTZ: timestamptz_in,
}


def input_with_settings(oid: int, text: str, settings: FormatSettings, typmod: int = -1) -> int:
    """Date/time input under session settings (DateOrder for parsing, TimeZone for tz)."""
    value: int = _INPUTS[oid](text, typmod, settings)
    return value


def adjust_timestamp_typmod(t: int, typmod: int) -> int:
    """AdjustTimestampForTypmod: round µs half away from zero to typmod fractional digits."""
    if typmod < 0 or typmod >= 6 or t in (DT_NOBEGIN, DT_NOEND):
        return t
    scale = int(10 ** (6 - typmod))
    offset = scale // 2
    r = ((t + offset) // scale) * scale if t >= 0 else -((((-t) + offset) // scale) * scale)
    if not is_valid_timestamp(r):
        raise DatetimeFieldOverflow("timestamp out of range")
    return r


# --- casts ---------------------------------------------------------------------------------


def date_to_timestamp(d: int) -> int:
    if d == DATEVAL_NOBEGIN:
        return DT_NOBEGIN
    if d == DATEVAL_NOEND:
        return DT_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise DatetimeFieldOverflow("date out of range for timestamp")
    return d * USECS_PER_DAY


def timestamp_to_timestamptz(t: int, settings: FormatSettings) -> int:
    if t in (DT_NOBEGIN, DT_NOEND):
        return t
    jd, time_us = _split_timestamp(t)
    y, m, d = j2date(jd)
    dec = Decoded(
        year=y,
        mon=m,
        mday=d,
        hour=time_us // 3_600_000_000,
        minute=time_us // 60_000_000 % 60,
        sec=time_us // USECS_PER_SEC % 60,
    )
    utoff = _local_to_utc_offset(dec, settings.timezone)
    r = t - utoff * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise DatetimeFieldOverflow("timestamp out of range")
    return r


def timestamptz_to_timestamp(t: int, settings: FormatSettings) -> int:
    if t in (DT_NOBEGIN, DT_NOEND):
        return t
    r = t + zone_info_at(t, settings.timezone).utoff * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise DatetimeFieldOverflow("timestamp out of range")
    return r


def timestamp_to_date(t: int) -> int:
    if t == DT_NOBEGIN:
        return DATEVAL_NOBEGIN
    if t == DT_NOEND:
        return DATEVAL_NOEND
    return t // USECS_PER_DAY


def date_to_timestamptz(d: int, settings: FormatSettings) -> int:
    return timestamp_to_timestamptz(date_to_timestamp(d), settings)


def timestamptz_to_date(t: int, settings: FormatSettings) -> int:
    return timestamp_to_date(timestamptz_to_timestamp(t, settings))


CAST_FUNCTIONS: dict[tuple[int, int], Callable[[Any, FormatSettings], Any]] = {
    (DATE, TIMESTAMP): lambda v, s: date_to_timestamp(v),
    (DATE, TIMESTAMPTZ): date_to_timestamptz,
    (TIMESTAMP, DATE): lambda v, s: timestamp_to_date(v),
    (TIMESTAMP, TIMESTAMPTZ): timestamp_to_timestamptz,
    (TIMESTAMPTZ, DATE): timestamptz_to_date,
    (TIMESTAMPTZ, TIMESTAMP): timestamptz_to_timestamp,
}


# --- comparison ----------------------------------------------------------------------------

_CMP: tuple[tuple[str, str, Callable[[Any, Any], bool]], ...] = (
    ("=", "eq", operator.eq),
    ("<>", "ne", operator.ne),
    ("<", "lt", operator.lt),
    ("<=", "le", operator.le),
    (">", "gt", operator.gt),
    (">=", "ge", operator.ge),
)
_NAMES = {DATE: "date", TIMESTAMP: "timestamp", TIMESTAMPTZ: "timestamptz"}
FUNCTIONS: dict[str, Callable[..., object]] = {}
OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {}


def _same_type_cmp(name: str, fn: Callable[[Any, Any], bool]) -> Callable[[int, int], bool]:
    def impl(a: int, b: int) -> bool:
        return fn(a, b)

    impl.__name__ = impl.__qualname__ = name
    return impl


def _register() -> None:
    for oid, tname in _NAMES.items():
        for sym, suffix, fn in _CMP:
            impl = _same_type_cmp(f"{tname}_{suffix}", fn)
            FUNCTIONS[impl.__name__] = impl
            OPERATOR_ENTRIES[(sym, oid, oid)] = (BOOL, impl)


_register()
# Cross-type comparisons (date_lt_timestamptz & co.) need the session time zone: they are
# available through CROSS_TYPE_COMPARE rather than the plain OPERATOR table.


def to_timestamptz(value: int, oid: int, settings: FormatSettings) -> int:
    if oid == DATE:
        return date_to_timestamptz(value, settings)
    if oid == TIMESTAMP:
        return timestamp_to_timestamptz(value, settings)
    return value


def _promote(value: int, oid: int, tz: bool, settings: FormatSettings) -> tuple[int, int]:
    """(value in the wider type, 0) or (0, +1/-1) when it lies past every finite value of the
    wider type (but short of infinity): date2timestamp_safe / timestamp2timestamptz_safe."""
    if oid == DATE:
        try:
            value = date_to_timestamp(value)
        except DatetimeFieldOverflow:
            return 0, 1  # dates start where timestamps do: only the high end overflows
    if tz and oid != TIMESTAMPTZ:
        try:
            value = timestamp_to_timestamptz(value, settings)
        except DatetimeFieldOverflow:
            return 0, 1 if value > 0 else -1
    return value, 0


def _past_finite(side: int, other: int) -> int:
    if side > 0:
        return -1 if other == DT_NOEND else 1
    return 1 if other == DT_NOBEGIN else -1


def cross_compare(a: int, a_oid: int, b: int, b_oid: int, settings: FormatSettings) -> int:
    """date/timestamp/timestamptz mixed comparison as PG does: promote to the wider type; a
    value the wider type cannot hold still compares (date_cmp_timestamp_internal and kin)."""
    tz = TIMESTAMPTZ in (a_oid, b_oid)
    x, ox = _promote(a, a_oid, tz, settings)
    y, oy = _promote(b, b_oid, tz, settings)
    if ox:
        return _past_finite(ox, y)
    if oy:
        return -_past_finite(oy, x)
    return (x > y) - (x < y)
