"""EXTRACT (numeric, PG 14+), date_part (float8) and date_trunc for date, timestamp,
timestamptz, interval, time and timetz, by pg_proc.prosrc.

Units are looked up as PG does: the interval unit table (deltatktbl, 10-character prefixes)
then the core keyword table (epoch, julian, dow, doy, isodow, isoyear…). An unknown unit is
22023 "not recognized", a known one the type lacks is 0A000 "not supported" (PG's own codes).
Numeric results carry PG's scales (``second`` has 6 decimals, ``milliseconds`` 3).
Follows src/backend/utils/adt/timestamp.c (timestamp_part_common, interval_part_common,
timestamp_trunc, timestamptz_trunc_internal, interval_trunc) and date.c (extract_date,
time_part_common, timetz_part_common). Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.errors import FeatureNotSupported, InvalidParameterValue
from engine.functions.datetime_funcs import (
    Zone,
    is_finite_ts,
    resolve_zone,
    session_zone,
    tm2ts,
    ts2tm,
)
from engine.types.base import Interval, TimeTz
from engine.types.datetime import (
    DATEVAL_NOBEGIN,
    DATEVAL_NOEND,
    DT_NOBEGIN,
    POSTGRES_EPOCH_JDATE,
    USECS_PER_DAY,
    date2j,
    j2date,
    j2day,
)
from engine.types.interval import (
    DAYS_PER_MONTH,
    INT32_MIN,
    INT64_MAX,
    UNITS,
    USECS_PER_SEC,
    crem,
    ctrunc_div,
    fits32,
    interval2itm,
    is_finite,
    out_of_range,
)
from engine.types.numeric import int_to_numeric, numeric_add, numeric_div, round_to_scale

UNIX_EPOCH_JDATE = 2440588
SECS_PER_DAY = 86400
_CORE_UNITS = {
    "epoch": "epoch",
    "j": "julian",
    "jd": "julian",
    "julian": "julian",
    "dow": "dow",
    "doy": "doy",
    "isodow": "isodow",
    "isoyear": "isoyear",
    "mm": "minute",
    "d": "day",
    "h": "hour",
    "m": "minute",
    "s": "second",
    "y": "year",
}
# other datetktbl RESERV words: known, but no type supports them as a unit
_RESERVED = {"infinity", "-infinity", "+infinity", "now", "today", "tomorrow", "yesterday"}
_TZ_UNITS = {"timezone": "timezone", "timezone_h": "timezone_hour", "timezone_m": "timezone_minute"}
TYPNAMES = {
    "date": "date",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "interval": "interval",
    "time": "time without time zone",
    "timetz": "time with time zone",
}


def lookup_unit(units: str, core: bool = True) -> tuple[str | None, str]:
    """(unit or None if unrecognized, lower-cased text): DecodeUnits then DecodeSpecial."""
    low = units.lower()[:63]
    key = low[:10]
    if key in UNITS and UNITS[key] != "other":
        unit = UNITS[key]
        if unit == "timezone":
            unit = _TZ_UNITS[key]
        return unit, low
    if core and key in _CORE_UNITS:
        return _CORE_UNITS[key], low
    if core and key in _RESERVED:
        return "reserved", low
    return None, low


def _not_recognized(low: str, typ: str) -> InvalidParameterValue:
    return InvalidParameterValue(f'unit "{low}" not recognized for type {TYPNAMES[typ]}')


def _not_supported(low: str, typ: str) -> FeatureNotSupported:
    return FeatureNotSupported(f'unit "{low}" not supported for type {TYPNAMES[typ]}')


def _fast_numeric(v: int, scale: int) -> Decimal:
    """int64_div_fast_to_numeric: v / 10**scale, displayed with that scale."""
    return Decimal(v).scaleb(-scale)


# --- ISO weeks (date2isoweek & co.) -------------------------------------------------------


def _week_start(year: int) -> int:
    day4 = date2j(year, 1, 4)
    return day4 - j2day(day4 - 1)


def date2isoweek(y: int, m: int, d: int) -> int:
    dayn = date2j(y, m, d)
    start = _week_start(y)
    if dayn < start:
        start = _week_start(y - 1)
    result = (dayn - start) // 7 + 1
    if result >= 52:
        nxt = _week_start(y + 1)
        if dayn >= nxt:
            result = (dayn - nxt) // 7 + 1
    return result


def date2isoyear(y: int, m: int, d: int) -> int:
    dayn = date2j(y, m, d)
    start = _week_start(y)
    if dayn < start:
        y -= 1
        start = _week_start(y)
    if (dayn - start) // 7 + 1 >= 52 and dayn >= _week_start(y + 1):
        y += 1
    return y


# --- per-field values shared by date/timestamp --------------------------------------------


def _year_fields(unit: str, y: int) -> int | None:
    if unit == "year":
        return y if y > 0 else y - 1
    if unit == "decade":
        return ctrunc_div(y, 10) if y >= 0 else -ctrunc_div(8 - (y - 1), 10)
    if unit == "century":
        return ctrunc_div(y + 99, 100) if y > 0 else -ctrunc_div(99 - (y - 1), 100)
    if unit == "millennium":
        return ctrunc_div(y + 999, 1000) if y > 0 else -ctrunc_div(999 - (y - 1), 1000)
    return None


def _date_fields(unit: str, y: int, m: int, d: int) -> int | None:
    r = _year_fields(unit, y)
    if r is not None:
        return r
    jd = date2j(y, m, d)
    simple = {
        "day": lambda: d,
        "month": lambda: m,
        "quarter": lambda: (m - 1) // 3 + 1,
        "week": lambda: date2isoweek(y, m, d),
        "dow": lambda: j2day(jd),
        "isodow": lambda: j2day(jd) or 7,
        "doy": lambda: jd - date2j(y, 1, 1) + 1,
    }
    if unit in simple:
        return simple[unit]()
    if unit == "isoyear":
        iy = date2isoyear(y, m, d)
        return iy - 1 if iy <= 0 else iy
    return None


_OSCILLATING = {
    "microseconds",
    "milliseconds",
    "second",
    "minute",
    "hour",
    "day",
    "month",
    "quarter",
    "week",
    "dow",
    "isodow",
    "doy",
    "timezone",
    "timezone_minute",
    "timezone_hour",
}
_MONOTONIC = {"year", "decade", "century", "millennium", "julian", "isoyear", "epoch"}


def _unit_name(unit: str) -> str:
    return {"microsecond": "microseconds", "millisecond": "milliseconds"}.get(unit, unit)


# --- timestamp / timestamptz --------------------------------------------------------------


def _ts_part(units: str, t: int, typ: str, zone: Zone | None, numeric: bool) -> Any:
    found, low = lookup_unit(units)
    if found is None:
        raise _not_recognized(low, typ)
    unit = _unit_name(found)
    if not is_finite_ts(t):
        if unit in _OSCILLATING:
            return None
        if unit in _MONOTONIC:
            neg = t == DT_NOBEGIN
            if numeric:
                return Decimal("-Infinity") if neg else Decimal("Infinity")
            return -math.inf if neg else math.inf
        raise _not_supported(low, typ)
    off = zone.utc_offset(t) if zone is not None else 0
    y, m, d, tus = ts2tm(t + off * USECS_PER_SEC)
    sec_us = tus % 60_000_000
    if unit == "microseconds":
        return Decimal(sec_us) if numeric else float(sec_us)
    if unit == "milliseconds":
        return (
            _fast_numeric(sec_us, 3)
            if numeric
            else sec_us // 1000000 * 1000.0 + (sec_us % 1000000) / 1000.0
        )
    if unit == "second":
        return (
            _fast_numeric(sec_us, 6)
            if numeric
            else sec_us // 1000000 + (sec_us % 1000000) / 1000000.0
        )
    if unit == "epoch":
        return _ts_epoch(t, numeric)
    if unit == "julian":
        jd = date2j(y, m, d)
        if numeric:
            return numeric_add(
                int_to_numeric(jd), numeric_div(Decimal(tus), Decimal(USECS_PER_DAY))
            )
        return jd + (tus // 1000000 + (tus % 1000000) / 1000000.0) / SECS_PER_DAY
    r = _time_field(unit, tus)
    if r is None:
        r = _date_fields(unit, y, m, d)
    if r is None and zone is not None:
        r = _tz_field(unit, -off)
    if r is None:
        raise _not_supported(low, typ)
    return Decimal(r) if numeric else float(r)


def _ts_epoch(t: int, numeric: bool) -> Any:
    epoch = (date2j(1970, 1, 1) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY
    if t < INT64_MAX + epoch:
        return _fast_numeric(t - epoch, 6) if numeric else (t - epoch) / 1000000.0
    if not numeric:
        return (float(t) - epoch) / 1000000.0
    # PG divides in numeric at select_div_scale's precision, then rounds to 6 places
    q = numeric_div(Decimal(t - epoch), Decimal(1000000))
    return round_to_scale(q, 6)


def _time_field(unit: str, tus: int) -> int | None:
    if unit == "minute":
        return tus // 60_000_000 % 60
    if unit == "hour":
        return tus // 3_600_000_000
    return None


def _tz_field(unit: str, tz_west: int) -> int | None:
    if unit == "timezone":
        return -tz_west
    if unit == "timezone_minute":
        return crem(ctrunc_div(-tz_west, 60), 60)
    if unit == "timezone_hour":
        return ctrunc_div(-tz_west, 3600)
    return None


def extract_timestamp(units: str, t: int) -> Any:
    return _ts_part(units, t, "timestamp", None, True)


def timestamp_part(units: str, t: int) -> Any:
    return _ts_part(units, t, "timestamp", None, False)


def extract_timestamptz(ctx: Any, units: str, t: int) -> Any:
    return _ts_part(units, t, "timestamptz", session_zone(ctx), True)


def timestamptz_part(ctx: Any, units: str, t: int) -> Any:
    return _ts_part(units, t, "timestamptz", session_zone(ctx), False)


# --- date ---------------------------------------------------------------------------------


def extract_date(units: str, dv: int) -> Decimal | None:
    found, low = lookup_unit(units)
    if found is None:
        raise _not_recognized(low, "date")
    unit = _unit_name(found)
    if dv in (DATEVAL_NOBEGIN, DATEVAL_NOEND):
        if unit in {"day", "month", "quarter", "week", "dow", "isodow", "doy"}:
            return None
        if unit in _MONOTONIC:
            return Decimal("-Infinity") if dv == DATEVAL_NOBEGIN else Decimal("Infinity")
        raise _not_supported(low, "date")
    jd = dv + POSTGRES_EPOCH_JDATE
    if unit == "julian":
        return Decimal(jd)
    if unit == "epoch":
        return Decimal((jd - UNIX_EPOCH_JDATE) * SECS_PER_DAY)
    r = _date_fields(unit, *j2date(jd))
    if r is None:
        raise _not_supported(low, "date")
    return Decimal(r)


# --- interval -----------------------------------------------------------------------------


def _interval_epoch(v: Interval, numeric: bool) -> Any:
    months_y, months_m = ctrunc_div(v.months, 12), crem(v.months, 12)
    if numeric:
        secs = (1461 * months_y + 4 * DAYS_PER_MONTH * months_m + 4 * v.days) * (SECS_PER_DAY // 4)
        return _fast_numeric(secs * 1000000 + v.micros, 6)
    r = v.micros / 1000000.0
    r += (365.25 * SECS_PER_DAY) * months_y
    r += (float(DAYS_PER_MONTH) * SECS_PER_DAY) * months_m
    r += float(SECS_PER_DAY) * v.days
    return r


def _interval_part(units: str, v: Interval, numeric: bool) -> Any:
    found, low = lookup_unit(units)
    if found is None:
        raise _not_recognized(low, "interval")
    unit = _unit_name(found)
    if not is_finite(v):
        if unit in {"microseconds", "milliseconds", "second", "minute", "week", "month", "quarter"}:
            return None
        if unit in {"hour", "day", "year", "decade", "century", "millennium", "epoch"}:
            neg = v.months < 0
            if numeric:
                return Decimal("-Infinity") if neg else Decimal("Infinity")
            return -math.inf if neg else math.inf
        raise _not_supported(low, "interval")
    if unit == "epoch":
        return _interval_epoch(v, numeric)
    if unit == "reserved":
        raise _not_recognized(low, "interval")
    tm = interval2itm(v)
    sec_us = tm.sec * 1000000 + tm.usec
    if unit == "milliseconds":
        return _fast_numeric(sec_us, 3) if numeric else tm.sec * 1000.0 + tm.usec / 1000.0
    if unit == "second":
        return _fast_numeric(sec_us, 6) if numeric else tm.sec + tm.usec / 1000000.0
    neg_months = -v.months if v.months != INT32_MIN else INT32_MIN  # C's -INT_MIN wraps
    quarter = (
        ctrunc_div(tm.mon, 3) + 1 if v.months >= 0 else -(ctrunc_div(crem(neg_months, 12), 3) + 1)
    )
    fields = {
        "microseconds": sec_us,
        "minute": tm.min,
        "hour": tm.hour,
        "day": tm.mday,
        "week": ctrunc_div(tm.mday, 7),
        "month": tm.mon,
        "quarter": quarter,
        "year": tm.year,
        "decade": ctrunc_div(tm.year, 10),
        "century": ctrunc_div(tm.year, 100),
        "millennium": ctrunc_div(tm.year, 1000),
    }
    if unit not in fields:
        raise _not_supported(low, "interval")
    return Decimal(fields[unit]) if numeric else float(fields[unit])


def extract_interval(units: str, v: Interval) -> Any:
    return _interval_part(units, v, True)


def interval_part(units: str, v: Interval) -> Any:
    return _interval_part(units, v, False)


# --- time / timetz ------------------------------------------------------------------------


def _time_part(units: str, t: int, typ: str, zone: int | None, numeric: bool) -> Any:
    found, low = lookup_unit(units)
    if found is None or found == "reserved":
        raise _not_recognized(low, typ)
    unit = _unit_name(found)
    sec_us = t % 60_000_000
    if unit == "epoch":
        if zone is None:
            return _fast_numeric(t, 6) if numeric else t / 1000000.0
        return _fast_numeric(t + zone * USECS_PER_SEC, 6) if numeric else t / 1000000.0 + zone
    if unit == "microseconds":
        r: int | None = sec_us
    elif unit == "milliseconds":
        return (
            _fast_numeric(sec_us, 3)
            if numeric
            else sec_us // 1000000 * 1000.0 + (sec_us % 1000000) / 1000.0
        )
    elif unit == "second":
        return (
            _fast_numeric(sec_us, 6)
            if numeric
            else sec_us // 1000000 + (sec_us % 1000000) / 1000000.0
        )
    else:
        r = _time_field(unit, t)
        if r is None and zone is not None:
            r = _tz_field(unit, zone)
    if r is None:
        raise _not_supported(low, typ)
    return Decimal(r) if numeric else float(r)


def extract_time(units: str, t: int) -> Any:
    return _time_part(units, t, "time", None, True)


def time_part(units: str, t: int) -> Any:
    return _time_part(units, t, "time", None, False)


def extract_timetz(units: str, t: TimeTz) -> Any:
    return _time_part(units, t.micros, "timetz", t.zone, True)


def timetz_part(units: str, t: TimeTz) -> Any:
    return _time_part(units, t.micros, "timetz", t.zone, False)


# --- date_trunc ---------------------------------------------------------------------------

_TRUNC_ORDER = (
    "millennium",
    "century",
    "decade",
    "year",
    "quarter",
    "month",
    "day",
    "hour",
    "minute",
    "second",
)
_TRUNC_UNITS = {*_TRUNC_ORDER, "week", "milliseconds", "microseconds"}


def _trunc_year(unit: str, y: int) -> int:
    if unit == "millennium":
        return (
            ctrunc_div(y + 999, 1000) * 1000 - 999
            if y > 0
            else -ctrunc_div(999 - (y - 1), 1000) * 1000 + 1
        )
    if unit == "century":
        return (
            ctrunc_div(y + 99, 100) * 100 - 99
            if y > 0
            else -ctrunc_div(99 - (y - 1), 100) * 100 + 1
        )
    if unit == "decade":
        return ctrunc_div(y, 10) * 10 if y > 0 else -ctrunc_div(8 - (y - 1), 10) * 10
    return y


def _trunc_fields(unit: str, y: int, m: int, d: int, tus: int) -> tuple[int, int, int, int]:
    """The fall-through switch of timestamp_trunc on broken-down local time."""
    if unit == "week":
        woy = date2isoweek(y, m, d)
        if woy >= 52 and m == 1:
            y -= 1
        if woy <= 1 and m == 12:
            y += 1
        y, m, d = j2date((woy - 1) * 7 + _week_start(y))
        return y, m, d, 0
    if unit == "microseconds":
        return y, m, d, tus
    if unit == "milliseconds":
        return y, m, d, tus - tus % 1000
    level = _TRUNC_ORDER.index(unit)
    y = _trunc_year(unit, y)
    if level <= _TRUNC_ORDER.index("year"):
        m = 1
    if level <= _TRUNC_ORDER.index("quarter"):
        m = 3 * ((m - 1) // 3) + 1
    if level <= _TRUNC_ORDER.index("month"):
        d = 1
    keep = {"day": 0, "hour": 3_600_000_000, "minute": 60_000_000, "second": 1_000_000}
    step = keep.get(unit, 0)
    return y, m, d, (tus - tus % step) if step else 0


def _trunc_unit(units: str, typ: str) -> tuple[str, str]:
    found, low = lookup_unit(units, core=False)
    if found is None:
        raise _not_recognized(low, typ)
    unit = _unit_name(found)
    if unit not in _TRUNC_UNITS:
        raise _not_supported(low, typ)
    return unit, low


def timestamp_trunc(units: str, t: int) -> int:
    unit, _ = _trunc_unit(units, "timestamp")
    if not is_finite_ts(t):
        return t
    return tm2ts(*_trunc_fields(unit, *ts2tm(t)))


def _tstz_trunc(units: str, t: int, zone: Zone) -> int:
    unit, _ = _trunc_unit(units, "timestamptz")
    if not is_finite_ts(t):
        return t
    off = zone.utc_offset(t)
    local = tm2ts(*_trunc_fields(unit, *ts2tm(t + off * USECS_PER_SEC)))
    if unit in ("hour", "minute", "second", "milliseconds", "microseconds"):
        r = local - off * USECS_PER_SEC  # PG keeps the original offset below a day
    else:
        r = local - zone.local_offset(local) * USECS_PER_SEC
    from engine.types.datetime import is_valid_timestamp

    if not is_valid_timestamp(r):
        raise out_of_range()
    return r


def timestamptz_trunc(ctx: Any, units: str, t: int) -> int:
    return _tstz_trunc(units, t, session_zone(ctx))


def timestamptz_trunc_zone(units: str, t: int, zone: str) -> int:
    return _tstz_trunc(units, t, resolve_zone(zone))


def interval_trunc(units: str, v: Interval) -> Interval:
    unit, low = _trunc_unit(units, "interval")
    if unit == "week":
        err = _not_supported(low, "interval")
        err.detail = "Months usually have fractional weeks."
        raise err
    if not is_finite(v):
        return v
    tm = interval2itm(v)
    y, mo, d, h, mi, s, us = tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.usec
    order = _TRUNC_ORDER + ("milliseconds", "microseconds")
    level = order.index(unit)
    for lvl, div in ((0, 1000), (1, 100), (2, 10)):
        if level <= lvl:
            y = ctrunc_div(y, div) * div
    if level <= 3:
        mo = 0
    if level <= 4:
        mo = 3 * ctrunc_div(mo, 3)
    d = 0 if level <= 5 else d
    h = 0 if level <= 6 else h
    mi = 0 if level <= 7 else mi
    s = 0 if level <= 8 else s
    if level <= 9:
        us = 0
    elif unit == "milliseconds":
        us = ctrunc_div(us, 1000) * 1000
    months = y * 12 + mo
    if not fits32(months):
        raise out_of_range()
    return Interval(months, d, ((h * 60 + mi) * 60 + s) * USECS_PER_SEC + us)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "extract_timestamp": extract_timestamp,
    "timestamp_part": timestamp_part,
    "extract_date": extract_date,
    "extract_interval": extract_interval,
    "interval_part": interval_part,
    "extract_time": extract_time,
    "time_part": time_part,
    "extract_timetz": extract_timetz,
    "timetz_part": timetz_part,
    "timestamp_trunc": timestamp_trunc,
    "timestamptz_trunc_zone": timestamptz_trunc_zone,
    "interval_trunc": interval_trunc,
}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "extract_timestamptz": extract_timestamptz,
    "timestamptz_part": timestamptz_part,
    "timestamptz_trunc": timestamptz_trunc,
}
