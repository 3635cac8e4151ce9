"""sum(interval) and avg(interval): interval_avg_accum with the interval_sum / interval_avg finals.

Follows src/backend/utils/adt/timestamp.c (PostgreSQL 17+): IntervalAggState counts +infinity
and -infinity apart from the N finite inputs, finite inputs are added field by field with
int32/int32/int64 overflow checks (finite_interval_pl), mixed infinities are an error, and the
average is interval_div(sum, (double) N) with its float cascade of fractional months and days.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.types.base import Interval
from engine.types.interval import (
    INTERVAL_NOBEGIN,
    INTERVAL_NOEND,
    fits32,
    fits64,
    is_finite,
    out_of_range,
)

Fn = Callable[..., Any]
SECS_PER_DAY = 86400
DAYS_PER_MONTH = 30
USECS_PER_SEC = 1_000_000
_I32, _I64 = float(-(2**31)), float(-(2**63))


class IntervalAggState:
    __slots__ = ("n", "pinf", "ninf", "months", "days", "micros")

    def __init__(self) -> None:
        self.n = self.pinf = self.ninf = 0
        self.months = self.days = self.micros = 0


def interval_avg_accum(state: IntervalAggState | None, value: Interval | None) -> IntervalAggState:
    if state is None:
        state = IntervalAggState()
    if value is None:
        return state
    if value == INTERVAL_NOBEGIN:
        state.ninf += 1
    elif value == INTERVAL_NOEND:
        state.pinf += 1
    else:
        months = state.months + value.months
        days = state.days + value.days
        micros = state.micros + value.micros
        if not (fits32(months) and fits32(days) and fits64(micros)):
            raise out_of_range()
        if not is_finite(Interval(months, days, micros)):
            raise out_of_range()
        state.months, state.days, state.micros = months, days, micros
        state.n += 1
    return state


def _infinite(state: IntervalAggState) -> Interval | None:
    if state.pinf and state.ninf:
        raise out_of_range()
    if state.pinf:
        return INTERVAL_NOEND
    if state.ninf:
        return INTERVAL_NOBEGIN
    return None


def interval_sum(state: IntervalAggState | None) -> Interval | None:
    if state is None or state.n + state.pinf + state.ninf == 0:
        return None
    inf = _infinite(state)
    return inf if inf is not None else Interval(state.months, state.days, state.micros)


def _tsround(x: float) -> float:
    """TSROUND: round to microsecond precision, rint() being round-half-even."""
    return round(x * 1e6) / 1e6


def _fits_int32(x: float) -> bool:
    return x == x and _I32 <= x < -_I32


def interval_div_count(months: int, days: int, micros: int, factor: float) -> Interval:
    """interval_div(span, factor) for a finite span and factor >= 1."""
    rm = months / factor
    if not _fits_int32(rm):
        raise out_of_range()
    res_months = int(rm)
    rd = days / factor
    if not _fits_int32(rd):
        raise out_of_range()
    res_days = int(rd)
    month_remainder_days = _tsround((months / factor - res_months) * DAYS_PER_MONTH)
    sec_remainder = _tsround(
        (days / factor - res_days + month_remainder_days - int(month_remainder_days)) * SECS_PER_DAY
    )
    if abs(sec_remainder) >= SECS_PER_DAY:
        carry = int(sec_remainder / SECS_PER_DAY)
        res_days += carry
        if not fits32(res_days):
            raise out_of_range()
        sec_remainder -= carry * SECS_PER_DAY
    res_days += int(month_remainder_days)
    if not fits32(res_days):
        raise out_of_range()
    rt = micros / factor + sec_remainder * USECS_PER_SEC
    if rt != rt or not (_I64 <= rt < -_I64):
        raise out_of_range()
    result = Interval(res_months, res_days, round(rt))
    if not is_finite(result):
        raise out_of_range()
    return result


def interval_avg(state: IntervalAggState | None) -> Interval | None:
    if state is None or state.n + state.pinf + state.ninf == 0:
        return None
    inf = _infinite(state)
    if inf is not None:
        return inf
    return interval_div_count(state.months, state.days, state.micros, float(state.n))


AGG_TRANSITIONS: dict[str, Fn] = {"interval_avg_accum": interval_avg_accum}
AGG_FINALS: dict[str, Fn] = {"interval_sum": interval_sum, "interval_avg": interval_avg}
