"""interval arithmetic and builtins by pg_proc.prosrc: interval_pl/mi/um, interval_mul/div
(and mul_d_interval), comparisons, larger/smaller, justify_*, make_interval, isfinite,
interval_scale, and the casts interval ↔ time.

PG 17 infinite intervals propagate as in timestamp.c (``+inf + -inf`` is an error, ``inf * 0``
too). Follows src/backend/utils/adt/timestamp.c (finite_interval_pl, interval_um_internal,
interval_mul, interval_div, interval_justify_*, make_interval). Must not import ``replica`` or
``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from engine.errors import DivisionByZero, NumericValueOutOfRange
from engine.types.base import Interval
from engine.types.interval import (
    DAYS_PER_MONTH,
    INTERVAL_NOBEGIN,
    INTERVAL_NOEND,
    MONTHS_PER_YEAR,
    USECS_PER_DAY,
    USECS_PER_HOUR,
    USECS_PER_MINUTE,
    USECS_PER_SEC,
    adjust_interval_typmod,
    ctrunc_div,
    fits32,
    fits64,
    interval_cmp,
    interval_key,
    interval_sign,
    is_finite,
    out_of_range,
)

SECS_PER_DAY = 86400


def _checked(months: int, days: int, micros: int) -> Interval:
    """A finite result, or 22008 when a field overflows or it lands on an infinity."""
    if not (fits32(months) and fits32(days) and fits64(micros)):
        raise out_of_range()
    r = Interval(months, days, micros)
    if not is_finite(r):
        raise out_of_range()
    return r


def interval_um(v: Interval) -> Interval:
    if v == INTERVAL_NOBEGIN:
        return INTERVAL_NOEND
    if v == INTERVAL_NOEND:
        return INTERVAL_NOBEGIN
    return _checked(-v.months, -v.days, -v.micros)


def interval_pl(a: Interval, b: Interval) -> Interval:
    if a in (INTERVAL_NOBEGIN, INTERVAL_NOEND):
        if b == (INTERVAL_NOEND if a == INTERVAL_NOBEGIN else INTERVAL_NOBEGIN):
            raise out_of_range()
        return a
    if not is_finite(b):
        return b
    return _checked(a.months + b.months, a.days + b.days, a.micros + b.micros)


def interval_mi(a: Interval, b: Interval) -> Interval:
    if a in (INTERVAL_NOBEGIN, INTERVAL_NOEND):
        if b == a:
            raise out_of_range()
        return a
    if b == INTERVAL_NOBEGIN:
        return INTERVAL_NOEND
    if b == INTERVAL_NOEND:
        return INTERVAL_NOBEGIN
    return _checked(a.months - b.months, a.days - b.days, a.micros - b.micros)


def _f8_fits32(x: float) -> bool:
    return -2147483648.0 <= x < 2147483648.0


def _f8_fits64(x: float) -> bool:
    return -9223372036854775808.0 <= x < 9223372036854775808.0


def _tsround(x: float) -> float:
    """TSROUND: round to microsecond precision to hide float noise."""
    return round(x * 1000000.0) / 1000000.0


def _scaled(v: Interval, month_f: float, day_f: float, time_f: Callable[[], float]) -> Interval:
    """The finite part of interval_mul/interval_div: cascade fractions down, never up."""
    if math.isnan(month_f) or not _f8_fits32(month_f):
        raise out_of_range()
    months = int(month_f)
    if math.isnan(day_f) or not _f8_fits32(day_f):
        raise out_of_range()
    days = int(day_f)
    month_remainder_days = _tsround((month_f - months) * DAYS_PER_MONTH)
    sec_remainder = _tsround(
        (day_f - days + month_remainder_days - int(month_remainder_days)) * SECS_PER_DAY
    )
    if abs(sec_remainder) >= SECS_PER_DAY:
        whole = int(sec_remainder / SECS_PER_DAY)
        days += whole
        if not fits32(days):
            raise out_of_range()
        sec_remainder -= whole * SECS_PER_DAY
    days += int(month_remainder_days)
    if not fits32(days):
        raise out_of_range()
    x = time_f() + sec_remainder * USECS_PER_SEC
    if math.isnan(x) or not _f8_fits64(float(round(x)) if math.isfinite(x) else x):
        raise out_of_range()
    return _checked(months, days, round(x))


def interval_mul(v: Interval, factor: float) -> Interval:
    if math.isnan(factor):
        raise out_of_range()
    if not is_finite(v):
        if factor == 0.0:
            raise out_of_range()
        return interval_um(v) if factor < 0.0 else v
    if math.isinf(factor):
        sign = interval_sign(v)
        if sign == 0:
            raise out_of_range()
        return INTERVAL_NOBEGIN if factor * sign < 0 else INTERVAL_NOEND
    return _scaled(v, v.months * factor, v.days * factor, lambda: v.micros * factor)


def mul_d_interval(factor: float, v: Interval) -> Interval:
    return interval_mul(v, factor)


def interval_div(v: Interval, factor: float) -> Interval:
    if factor == 0.0:
        raise DivisionByZero("division by zero")
    if math.isnan(factor):
        raise out_of_range()
    if not is_finite(v):
        if math.isinf(factor):
            raise out_of_range()
        return interval_um(v) if factor < 0.0 else v
    if math.isinf(factor):
        return Interval(0, 0, 0)
    return _scaled(v, v.months / factor, v.days / factor, lambda: v.micros / factor)


def interval_justify_hours(v: Interval) -> Interval:
    if not is_finite(v):
        return v
    wholeday = ctrunc_div(v.micros, USECS_PER_DAY)
    t = v.micros - wholeday * USECS_PER_DAY
    d = v.days + wholeday
    if not fits32(d):
        raise out_of_range()
    if d > 0 and t < 0:
        t, d = t + USECS_PER_DAY, d - 1
    elif d < 0 and t > 0:
        t, d = t - USECS_PER_DAY, d + 1
    return Interval(v.months, d, t)


def interval_justify_days(v: Interval) -> Interval:
    if not is_finite(v):
        return v
    wholemonth = ctrunc_div(v.days, DAYS_PER_MONTH)
    d = v.days - wholemonth * DAYS_PER_MONTH
    m = v.months + wholemonth
    if not fits32(m):
        raise out_of_range()
    if m > 0 and d < 0:
        d, m = d + DAYS_PER_MONTH, m - 1
    elif m < 0 and d > 0:
        d, m = d - DAYS_PER_MONTH, m + 1
    return Interval(m, d, v.micros)


def interval_justify_interval(v: Interval) -> Interval:
    if not is_finite(v):
        return v
    m, d, t = v.months, v.days, v.micros
    if (d > 0 and t > 0) or (d < 0 and t < 0):  # pre-justify days to avoid overflow
        wholemonth = ctrunc_div(d, DAYS_PER_MONTH)
        d -= wholemonth * DAYS_PER_MONTH
        m += wholemonth
        if not fits32(m):
            raise out_of_range()
    wholeday = ctrunc_div(t, USECS_PER_DAY)
    t -= wholeday * USECS_PER_DAY
    d += wholeday
    wholemonth = ctrunc_div(d, DAYS_PER_MONTH)
    d -= wholemonth * DAYS_PER_MONTH
    m += wholemonth
    if not fits32(m):
        raise out_of_range()
    if m > 0 and (d < 0 or (d == 0 and t < 0)):
        d, m = d + DAYS_PER_MONTH, m - 1
    elif m < 0 and (d > 0 or (d == 0 and t > 0)):
        d, m = d - DAYS_PER_MONTH, m + 1
    if d > 0 and t < 0:
        t, d = t + USECS_PER_DAY, d - 1
    elif d < 0 and t > 0:
        t, d = t - USECS_PER_DAY, d + 1
    return Interval(m, d, t)


def make_interval(
    years: int, months: int, weeks: int, days: int, hours: int, mins: int, secs: float
) -> Interval:
    if math.isinf(secs) or math.isnan(secs):
        raise out_of_range()
    m = years * MONTHS_PER_YEAR
    if not fits32(m) or not fits32(m + months):
        raise out_of_range()
    d = weeks * 7
    if not fits32(d) or not fits32(d + days):
        raise out_of_range()
    t = hours * USECS_PER_HOUR + mins * USECS_PER_MINUTE
    product = secs * USECS_PER_SEC
    if math.isinf(product):  # float8_mul's overflow check
        raise NumericValueOutOfRange("value out of range: overflow")
    s = round(product)
    if not _f8_fits64(float(s)) or not fits64(t + s):
        raise out_of_range()
    return _checked(m + months, d + days, t + s)


def interval_finite(v: Interval) -> bool:
    return is_finite(v)


def interval_scale(v: Interval, typmod: int) -> Interval:
    return adjust_interval_typmod(v, typmod)


def interval_larger(a: Interval, b: Interval) -> Interval:
    return a if interval_cmp(a, b) > 0 else b


def interval_smaller(a: Interval, b: Interval) -> Interval:
    return a if interval_cmp(a, b) < 0 else b


def _cmp(op: Callable[[int, int], bool]) -> Callable[[Interval, Interval], bool]:
    return lambda a, b: op(interval_key(a), interval_key(b))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "interval_pl": interval_pl,
    "interval_mi": interval_mi,
    "interval_um": interval_um,
    "interval_mul": interval_mul,
    "mul_d_interval": mul_d_interval,
    "interval_div": interval_div,
    "interval_justify_hours": interval_justify_hours,
    "interval_justify_days": interval_justify_days,
    "interval_justify_interval": interval_justify_interval,
    "make_interval": make_interval,
    "interval_finite": interval_finite,
    "interval_scale": interval_scale,
    "interval_larger": interval_larger,
    "interval_smaller": interval_smaller,
    "interval_cmp": interval_cmp,
    "interval_eq": _cmp(lambda a, b: a == b),
    "interval_ne": _cmp(lambda a, b: a != b),
    "interval_lt": _cmp(lambda a, b: a < b),
    "interval_le": _cmp(lambda a, b: a <= b),
    "interval_gt": _cmp(lambda a, b: a > b),
    "interval_ge": _cmp(lambda a, b: a >= b),
}
