"""date/timestamp/timestamptz builtins by pg_proc.prosrc: ± interval (month arithmetic clamps the
day of month; timestamptz adds months and days in the session time zone, so DST matters),
timestamp - timestamp, date ± int, date - date, date + time, AT TIME ZONE with zone names,
fixed abbreviations and interval offsets, age, make_date/make_time/make_timestamp[tz],
isfinite, date_bin, generate_series over timestamps, and casts to time/timetz.

Follows src/backend/utils/adt/{timestamp.c, date.c}. Zone arguments are looked up as PG does
(fixed abbreviations, zone files, then POSIX TZ strings); dynamic abbreviations are refused
(0A000). Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import DatetimeFieldOverflow, FeatureNotSupported, InvalidParameterValue
from engine.functions.datetime_interval_ops import interval_um
from engine.types import tz_abbrevs, tzfile
from engine.types.base import Interval, TimeTz
from engine.types.datetime import (
    DATEVAL_NOBEGIN,
    DATEVAL_NOEND,
    DT_NOBEGIN,
    DT_NOEND,
    POSTGRES_EPOCH_JDATE,
    TIMESTAMP_END_JULIAN,
    USECS_PER_DAY,
    date2j,
    date_to_timestamp,
    is_valid_date,
    is_valid_julian,
    is_valid_timestamp,
    j2date,
    timestamp_to_timestamptz,
    timestamptz_to_timestamp,
    zone_info_at,
)
from engine.types.interval import (
    INTERVAL_NOBEGIN,
    INTERVAL_NOEND,
    USECS_PER_SEC,
    ctrunc_div,
    fits32,
    fits64,
    interval_out,
    interval_sign,
    is_finite,
    out_of_range,
)
from engine.types.settings import lookup_zone

UNIX_EPOCH_JDATE = 2440588
_MDAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def ts_range_error() -> DatetimeFieldOverflow:
    return DatetimeFieldOverflow("timestamp out of range")


def is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y: int, m: int) -> int:
    return 29 if m == 2 and is_leap(y) else _MDAYS[m - 1]


def is_finite_ts(t: int) -> bool:
    return t not in (DT_NOBEGIN, DT_NOEND)


# --- zones ---------------------------------------------------------------------------------


class Zone:
    """A resolved time zone argument: a tzdata zone or a fixed offset (seconds east)."""

    def __init__(self, name: str | None, fixed: int | None) -> None:
        self.name, self.fixed = name, fixed

    def utc_offset(self, utc_us: int) -> int:
        """Offset (seconds east) in effect at a UTC instant (pg_localtime)."""
        if self.fixed is not None:
            return self.fixed
        assert self.name is not None
        return zone_info_at(utc_us, self.name).utoff

    def local_offset(self, local_us: int) -> int:
        """DetermineTimeZoneOffset for local wall time (µs since 2000-01-01 read as UTC)."""
        if self.fixed is not None:
            return self.fixed
        assert self.name is not None
        local = local_us // USECS_PER_SEC + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400
        return tzfile.local_to_utc(tzfile.load_zone(self.name), local)


def resolve_zone(text: str) -> Zone:
    """DecodeTimezoneName: a fixed abbreviation or a zone name, case-insensitively."""
    low = text.lower()
    if low in tz_abbrevs.FIXED:
        return Zone(None, tz_abbrevs.FIXED[low][0])
    if low in tz_abbrevs.DYNAMIC:
        raise FeatureNotSupported(f'time zone abbreviation "{text}" is not supported')
    # then pg_tzset's lookup: zone files first, then POSIX TZ specifications
    name = lookup_zone(text)
    if name is not None:
        return Zone(name, None)
    raise InvalidParameterValue(f'time zone "{text}" not recognized')


def session_zone(ctx: Any) -> Zone:
    return Zone(ctx.settings.timezone, None)


# --- broken-down timestamps ----------------------------------------------------------------


def ts2tm(t: int) -> tuple[int, int, int, int]:
    """timestamp2tm without a zone: (year, month, day, µs of day)."""
    day, tus = divmod(t, USECS_PER_DAY)
    y, m, d = j2date(day + POSTGRES_EPOCH_JDATE)
    return y, m, d, tus


def tm2ts(y: int, m: int, d: int, tus: int) -> int:
    """tm2timestamp without a zone; 22008 outside PG's range."""
    if not is_valid_julian(y, m):
        raise ts_range_error()
    r = (date2j(y, m, d) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY + tus
    if not fits64(r) or not is_valid_timestamp(r):
        raise ts_range_error()
    return r


def _add_months(y: int, m: int, d: int, months: int) -> tuple[int, int, int]:
    m += months
    if not fits32(m):
        raise ts_range_error()
    if m > 12:
        y += (m - 1) // 12
        m = (m - 1) % 12 + 1
    elif m < 1:
        y += ctrunc_div(m, 12) - 1
        m = m - ctrunc_div(m, 12) * 12 + 12
    return y, m, min(d, days_in_month(y, m))


def _add_days(y: int, m: int, d: int, days: int) -> tuple[int, int, int]:
    jd = date2j(y, m, d) + days
    if not fits32(jd) or jd < 0:
        raise ts_range_error()
    return j2date(jd)


def _infinite_span(t: int, span: Interval) -> int | None:
    """The result when the interval is infinite; None when it is finite."""
    if span == INTERVAL_NOBEGIN:
        if t == DT_NOEND:
            raise ts_range_error()
        return DT_NOBEGIN
    if span == INTERVAL_NOEND:
        if t == DT_NOBEGIN:
            raise ts_range_error()
        return DT_NOEND
    return None


def timestamp_pl_interval(t: int, span: Interval) -> int:
    inf = _infinite_span(t, span)
    if inf is not None:
        return inf
    if not is_finite_ts(t):
        return t
    if span.months:
        y, m, d, tus = ts2tm(t)
        t = tm2ts(*_add_months(y, m, d, span.months), tus)
    if span.days:
        y, m, d, tus = ts2tm(t)
        t = tm2ts(*_add_days(y, m, d, span.days), tus)
    t += span.micros
    if not fits64(t) or not is_valid_timestamp(t):
        raise ts_range_error()
    return t


def timestamp_mi_interval(t: int, span: Interval) -> int:
    return timestamp_pl_interval(t, interval_um(span))


def _local_to_utc(zone: Zone, local: int) -> int:
    r = local - zone.local_offset(local) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise ts_range_error()
    return r


def timestamptz_pl_interval_at(t: int, span: Interval, zone: Zone) -> int:
    """timestamptz_pl_interval_internal: months and days move the local wall clock."""
    inf = _infinite_span(t, span)
    if inf is not None:
        return inf
    if not is_finite_ts(t):
        return t
    for kind, n in (("months", span.months), ("days", span.days)):
        if n:
            y, m, d, tus = ts2tm(t + zone.utc_offset(t) * USECS_PER_SEC)
            ymd = _add_months(y, m, d, n) if kind == "months" else _add_days(y, m, d, n)
            t = _local_to_utc(zone, tm2ts(*ymd, tus))
    t += span.micros
    if not fits64(t) or not is_valid_timestamp(t):
        raise ts_range_error()
    return t


def timestamptz_pl_interval(ctx: Any, t: int, span: Interval) -> int:
    return timestamptz_pl_interval_at(t, span, session_zone(ctx))


def timestamptz_mi_interval(ctx: Any, t: int, span: Interval) -> int:
    return timestamptz_pl_interval_at(t, interval_um(span), session_zone(ctx))


def timestamptz_pl_interval_at_zone(t: int, span: Interval, zone: str) -> int:
    return timestamptz_pl_interval_at(t, span, resolve_zone(zone))


def timestamptz_mi_interval_at_zone(t: int, span: Interval, zone: str) -> int:
    return timestamptz_pl_interval_at(t, interval_um(span), resolve_zone(zone))


def date_pl_interval(d: int, span: Interval) -> int:
    return timestamp_pl_interval(date_to_timestamp(d), span)


def date_mi_interval(d: int, span: Interval) -> int:
    return timestamp_mi_interval(date_to_timestamp(d), span)


def timestamp_mi(a: int, b: int) -> Interval:
    """timestamp - timestamp: µs difference, then justify_hours (as PG does, "wrongly")."""
    from engine.functions.datetime_interval_ops import interval_justify_hours

    if not is_finite_ts(a) or not is_finite_ts(b):
        if a == b:
            raise out_of_range()
        if a == DT_NOBEGIN or b == DT_NOEND:
            return INTERVAL_NOBEGIN
        return INTERVAL_NOEND
    diff = a - b
    if not fits64(diff):
        raise out_of_range()
    return interval_justify_hours(Interval(0, 0, diff))


# --- date ----------------------------------------------------------------------------------


def date_finite(d: int) -> bool:
    return d not in (DATEVAL_NOBEGIN, DATEVAL_NOEND)


def date_mi(a: int, b: int) -> int:
    if not date_finite(a) or not date_finite(b):
        raise DatetimeFieldOverflow("cannot subtract infinite dates")
    return a - b


def date_pli(d: int, days: int) -> int:
    if not date_finite(d):
        return d
    r = d + days
    if not fits32(r) or not is_valid_date(r):
        raise DatetimeFieldOverflow("date out of range")
    return r


def date_mii(d: int, days: int) -> int:
    if not date_finite(d):
        return d
    r = d - days
    if not fits32(r) or not is_valid_date(r):
        raise DatetimeFieldOverflow("date out of range")
    return r


def datetime_timestamp(d: int, t: int) -> int:
    r = date_to_timestamp(d)
    if is_finite_ts(r):
        r += t
        if not is_valid_timestamp(r):
            raise ts_range_error()
    return r


def datetimetz_timestamptz(d: int, t: TimeTz) -> int:
    if d == DATEVAL_NOBEGIN:
        return DT_NOBEGIN
    if d == DATEVAL_NOEND:
        return DT_NOEND
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise DatetimeFieldOverflow("date out of range for timestamp")
    r = d * USECS_PER_DAY + t.micros + t.zone * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise DatetimeFieldOverflow("date out of range for timestamp")
    return r


def timestamp_time(t: int) -> int | None:
    return ts2tm(t)[3] if is_finite_ts(t) else None


def timestamptz_time(ctx: Any, t: int) -> int | None:
    if not is_finite_ts(t):
        return None
    return ts2tm(t + session_zone(ctx).utc_offset(t) * USECS_PER_SEC)[3]


def timestamptz_timetz(ctx: Any, t: int) -> TimeTz | None:
    if not is_finite_ts(t):
        return None
    off = session_zone(ctx).utc_offset(t)
    return TimeTz(ts2tm(t + off * USECS_PER_SEC)[3], -off)


# --- AT TIME ZONE --------------------------------------------------------------------------


def timestamptz_zone(zone: str, t: int) -> int:
    """timezone(text, timestamptz) → timestamp: the wall clock in that zone."""
    if not is_finite_ts(t):
        return t
    z = resolve_zone(zone)
    r = t + z.utc_offset(t) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise ts_range_error()
    return r


def timestamp_zone(zone: str, t: int) -> int:
    """timezone(text, timestamp) → timestamptz: read the wall clock as being in that zone."""
    if not is_finite_ts(t):
        return t
    return _local_to_utc(resolve_zone(zone), t)


def _interval_zone_secs(zone: Interval) -> int:
    if not is_finite(zone):
        raise InvalidParameterValue(f'interval time zone "{interval_out(zone)}" must be finite')
    if zone.months or zone.days:
        raise InvalidParameterValue(
            f'interval time zone "{interval_out(zone)}" must not include months or days'
        )
    return ctrunc_div(zone.micros, USECS_PER_SEC)


def timestamp_izone(zone: Interval, t: int) -> int:
    if not is_finite_ts(t):
        return t
    r = t - _interval_zone_secs(zone) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise ts_range_error()
    return r


def timestamptz_izone(zone: Interval, t: int) -> int:
    if not is_finite_ts(t):
        return t
    r = t + _interval_zone_secs(zone) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise ts_range_error()
    return r


def timestamp_at_local(ctx: Any, t: int) -> int:
    return timestamp_to_timestamptz(t, ctx.settings)


def timestamptz_at_local(ctx: Any, t: int) -> int:
    return timestamptz_to_timestamp(t, ctx.settings)


# --- age -----------------------------------------------------------------------------------


def _age(a: int, b: int, la: int, lb: int) -> Interval:
    """timestamp_age on local wall clocks la/lb of instants a/b (PG's symbolic difference)."""
    if not is_finite_ts(a) or not is_finite_ts(b):
        return timestamp_mi(a, b)
    y1, m1, d1, t1 = ts2tm(la)
    y2, m2, d2, t2 = ts2tm(lb)
    f = [t1 % USECS_PER_SEC - t2 % USECS_PER_SEC]
    f += [t1 // USECS_PER_SEC % 60 - t2 // USECS_PER_SEC % 60]
    f += [t1 // 60_000_000 % 60 - t2 // 60_000_000 % 60, t1 // 3_600_000_000 - t2 // 3_600_000_000]
    f += [d1 - d2, m1 - m2, y1 - y2]
    neg = a < b
    if neg:
        f = [-x for x in f]
    for i, unit in enumerate((USECS_PER_SEC, 60, 60, 24)):
        while f[i] < 0:
            f[i] += unit
            f[i + 1] -= 1
    while f[4] < 0:
        f[4] += days_in_month(y1, m1) if neg else days_in_month(y2, m2)
        f[5] -= 1
    while f[5] < 0:
        f[5] += 12
        f[6] -= 1
    if neg:
        f = [-x for x in f]
    usec, sec, mn, hour, day, mon, year = f
    months = year * 12 + mon
    time = ((hour * 60 + mn) * 60 + sec) * USECS_PER_SEC + usec
    if not fits32(months) or not fits64(time):
        raise out_of_range()
    return Interval(months, day, time)


def timestamp_age(a: int, b: int) -> Interval:
    return _age(a, b, a, b)


def timestamptz_age(ctx: Any, a: int, b: int) -> Interval:
    z = session_zone(ctx)
    if not is_finite_ts(a) or not is_finite_ts(b):
        return timestamp_mi(a, b)
    return _age(a, b, a + z.utc_offset(a) * USECS_PER_SEC, b + z.utc_offset(b) * USECS_PER_SEC)


# --- make_* --------------------------------------------------------------------------------


def _validate_ymd(y: int, m: int, d: int) -> tuple[int, bool]:
    """ValidateDate for make_date/make_timestamp: negative years are BC. (year, ok)."""
    bc = y < 0
    yy = -y if bc else y
    if yy <= 0 or not 1 <= m <= 12 or not 1 <= d <= 31:
        return yy, False
    if bc:
        yy = -(yy - 1)
    return yy, d <= days_in_month(yy, m)


def make_date(y: int, m: int, d: int) -> int:
    yy, ok = _validate_ymd(y, m, d)
    if not ok:
        raise DatetimeFieldOverflow(f"date field value out of range: {y}-{m:02d}-{d:02d}")
    if not is_valid_julian(yy, m):
        raise DatetimeFieldOverflow(f"date out of range: {y}-{m:02d}-{d:02d}")
    r = date2j(yy, m, d) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(r):
        raise DatetimeFieldOverflow(f"date out of range: {y}-{m:02d}-{d:02d}")
    return r


def _time_usecs(hour: int, mins: int, sec: float) -> int:
    """float_time_overflows + tm2time."""
    bad = hour < 0 or hour > 24 or mins < 0 or mins >= 60 or math.isnan(sec)
    if not bad:
        s = round(sec * USECS_PER_SEC)
        total = (hour * 60 + mins) * 60 * USECS_PER_SEC + s
        bad = s < 0 or s > 60 * USECS_PER_SEC or total > USECS_PER_DAY
    if bad:
        raise DatetimeFieldOverflow(f"time field value out of range: {hour}:{mins:02d}:{_g(sec)}")
    return total


def _g(x: float) -> str:
    """C's %02g."""
    s = f"{x:g}"
    return s if len(s) >= 2 else "0" + s


def make_time(hour: int, mins: int, sec: float) -> int:
    return _time_usecs(hour, mins, sec)


def make_timestamp(y: int, m: int, d: int, hour: int, mins: int, sec: float) -> int:
    yy, ok = _validate_ymd(y, m, d)
    if not ok:
        raise DatetimeFieldOverflow(f"date field value out of range: {y}-{m:02d}-{d:02d}")
    if not is_valid_julian(yy, m):
        raise DatetimeFieldOverflow(f"date out of range: {y}-{m:02d}-{d:02d}")
    date = date2j(yy, m, d) - POSTGRES_EPOCH_JDATE
    r = date * USECS_PER_DAY + _time_usecs(hour, mins, sec)
    if not fits64(r) or not is_valid_timestamp(r):
        raise DatetimeFieldOverflow(
            f"timestamp out of range: {y}-{m:02d}-{d:02d} {hour}:{mins:02d}:{_g(sec)}"
        )
    return r


def make_timestamptz(ctx: Any, y: int, m: int, d: int, hour: int, mins: int, sec: float) -> int:
    return timestamp_to_timestamptz(make_timestamp(y, m, d, hour, mins, sec), ctx.settings)


def _sane_zone(zone: str) -> Zone:
    """parse_sane_timezone: a leading sign means an ISO offset (east), else a zone name."""
    if zone[:1] in ("+", "-") and zone[1:2].isdigit():
        from engine.types.datetime_parse import DECODE_ERRORS, decode_timezone

        try:
            return Zone(None, decode_timezone(zone))
        except DECODE_ERRORS:
            raise FeatureNotSupported(f'numeric time zone "{zone}" is not supported') from None
    return resolve_zone(zone)


def make_timestamptz_at_timezone(
    y: int, m: int, d: int, hour: int, mins: int, sec: float, zone: str
) -> int:
    return _local_to_utc(_sane_zone(zone), make_timestamp(y, m, d, hour, mins, sec))


def timestamp_finite(t: int) -> bool:
    return is_finite_ts(t)


# --- date_bin, generate_series -------------------------------------------------------------


def timestamp_bin(stride: Interval, t: int, origin: int) -> int:
    if not is_finite_ts(t):
        return t
    if not is_finite_ts(origin):
        raise DatetimeFieldOverflow("origin out of range")
    if not is_finite(stride):
        raise DatetimeFieldOverflow("timestamps cannot be binned into infinite intervals")
    if stride.months:
        raise FeatureNotSupported(
            "timestamps cannot be binned into intervals containing months or years"
        )
    stride_us = stride.days * USECS_PER_DAY + stride.micros
    if not fits64(stride.days * USECS_PER_DAY) or not fits64(stride_us):
        raise out_of_range()
    if stride_us <= 0:
        raise DatetimeFieldOverflow("stride must be greater than zero")
    diff = t - origin
    if not fits64(diff):
        raise out_of_range()
    modulo = diff - ctrunc_div(diff, stride_us) * stride_us
    r = origin + diff - modulo
    if modulo < 0:
        r -= stride_us
        if not is_valid_timestamp(r):
            raise ts_range_error()
    return r


def _series(
    start: int, stop: int, step: Interval, add: Callable[[int, Interval], int]
) -> Iterator[int]:
    sign = interval_sign(step)
    if sign == 0:
        raise InvalidParameterValue("step size cannot equal zero")
    if not is_finite(step):
        raise InvalidParameterValue("step size cannot be infinite")
    return _walk(start, stop, step, sign, add)


def _walk(
    cur: int, stop: int, step: Interval, sign: int, add: Callable[[int, Interval], int]
) -> Iterator[int]:
    while (cur <= stop) if sign > 0 else (cur >= stop):
        yield cur
        cur = add(cur, step)


def generate_series_timestamp(start: int, stop: int, step: Interval) -> Iterator[int]:
    return _series(start, stop, step, timestamp_pl_interval)


def generate_series_timestamptz(ctx: Any, start: int, stop: int, step: Interval) -> Iterator[int]:
    z = session_zone(ctx)
    return _series(start, stop, step, lambda t, s: timestamptz_pl_interval_at(t, s, z))


def generate_series_timestamptz_at_zone(
    start: int, stop: int, step: Interval, zone: str
) -> Iterator[int]:
    z = resolve_zone(zone)
    return _series(start, stop, step, lambda t, s: timestamptz_pl_interval_at(t, s, z))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "timestamp_pl_interval": timestamp_pl_interval,
    "timestamp_mi_interval": timestamp_mi_interval,
    "timestamptz_pl_interval_at_zone": timestamptz_pl_interval_at_zone,
    "timestamptz_mi_interval_at_zone": timestamptz_mi_interval_at_zone,
    "date_pl_interval": date_pl_interval,
    "date_mi_interval": date_mi_interval,
    "timestamp_mi": timestamp_mi,
    "date_mi": date_mi,
    "date_pli": date_pli,
    "date_mii": date_mii,
    "date_finite": date_finite,
    "timestamp_finite": timestamp_finite,
    "datetime_timestamp": datetime_timestamp,
    "datetimetz_timestamptz": datetimetz_timestamptz,
    "timestamp_time": timestamp_time,
    "timestamptz_zone": timestamptz_zone,
    "timestamp_zone": timestamp_zone,
    "timestamp_izone": timestamp_izone,
    "timestamptz_izone": timestamptz_izone,
    "timestamp_age": timestamp_age,
    "make_date": make_date,
    "make_time": make_time,
    "make_timestamp": make_timestamp,
    "make_timestamptz_at_timezone": make_timestamptz_at_timezone,
    "timestamp_bin": timestamp_bin,
    "timestamptz_bin": timestamp_bin,
}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "timestamptz_pl_interval": timestamptz_pl_interval,
    "timestamptz_mi_interval": timestamptz_mi_interval,
    "timestamptz_time": timestamptz_time,
    "timestamptz_timetz": timestamptz_timetz,
    "timestamp_at_local": timestamp_at_local,
    "timestamptz_at_local": timestamptz_at_local,
    "timestamptz_age": timestamptz_age,
    "make_timestamptz": make_timestamptz,
}
SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "generate_series_timestamp": generate_series_timestamp,
    "generate_series_timestamptz_at_zone": generate_series_timestamptz_at_zone,
}
CONTEXT_SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "generate_series_timestamptz": generate_series_timestamptz,
}
