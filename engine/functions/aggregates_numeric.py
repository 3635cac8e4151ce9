"""Aggregate transition/final functions computed in numeric: sum/avg over int2/int4/int8/numeric
and the variance/stddev family over int2/int4/int8/numeric.

Follows src/backend/utils/adt/numeric.c: NumericAggState (do_numeric_accum: NaN and ±Infinity
counted apart, sumX at the largest input display scale, sumX2 = sum of exact squares),
Int128AggState ("poly" states for int2/int4 variance and int8 sum/avg — Python ints are exact,
so one state class serves both), the int8[] {count, sum} state of avg(int2/int4), and the finals
numeric_sum/numeric_avg/numeric_poly_*/int8_avg/numeric_stddev_internal, whose result scale
comes from select_div_scale exactly as div_var/sqrt_var round it.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.errors import FeatureNotSupported
from engine.types.numeric import (
    NAN,
    NINF,
    PINF,
    ZERO,
    check_overflow,
    int_to_numeric,
    make,
    numeric_div,
    scale_of,
)

Fn = Callable[..., Any]
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


class NumericAggState:
    """N, the special-value counts, and the exact sums as (integer coefficient, scale)."""

    __slots__ = ("n", "nan", "pinf", "ninf", "sumx", "scale", "sumx2", "scale2", "with_sumx2")

    def __init__(self, with_sumx2: bool) -> None:
        self.n = self.nan = self.pinf = self.ninf = 0
        self.sumx = self.scale = self.sumx2 = self.scale2 = 0
        self.with_sumx2 = with_sumx2

    def total(self) -> int:
        """NA_TOTAL_COUNT: every non-NULL input, NaN and infinities included."""
        return self.n + self.nan + self.pinf + self.ninf

    def add(self, coeff: int, scale: int) -> None:
        self.n += 1
        if scale > self.scale:
            self.sumx *= 10 ** (scale - self.scale)
            self.scale = scale
        self.sumx += coeff * 10 ** (self.scale - scale)
        if self.with_sumx2:
            sq, sq_scale = coeff * coeff, 2 * scale
            if sq_scale > self.scale2:
                self.sumx2 *= 10 ** (sq_scale - self.scale2)
                self.scale2 = sq_scale
            self.sumx2 += sq * 10 ** (self.scale2 - sq_scale)

    def add_numeric(self, d: Decimal) -> None:
        if not d.is_finite():
            if d.is_nan():
                self.nan += 1
            elif d > 0:
                self.pinf += 1
            else:
                self.ninf += 1
            return
        sign, digits, exp = d.as_tuple()
        assert isinstance(exp, int)
        coeff = int("".join(map(str, digits))) if digits else 0
        self.add(-coeff if sign else coeff, -exp)


def _decimal(coeff: int, scale: int) -> Decimal:
    check_overflow(coeff, scale)
    return make(1 if coeff < 0 else 0, abs(coeff), scale)


# --- transitions ---------------------------------------------------------------------------------


def _accum_int(with_sumx2: bool) -> Fn:
    """int2_accum/int4_accum/int8_accum/int8_avg_accum: non-strict, the state is created on the
    first call even when the input is NULL."""

    def step(state: NumericAggState | None, value: int | None) -> NumericAggState:
        if state is None:
            state = NumericAggState(with_sumx2)
        if value is not None:
            state.add(value, 0)
        return state

    return step


def _accum_numeric(with_sumx2: bool) -> Fn:
    """numeric_accum (with sumX2) / numeric_avg_accum (without)."""

    def step(state: NumericAggState | None, value: Decimal | None) -> NumericAggState:
        if state is None:
            state = NumericAggState(with_sumx2)
        if value is not None:
            state.add_numeric(value)
        return state

    return step


def int_avg_accum(state: tuple[int, int], value: int) -> tuple[int, int]:
    """int2_avg_accum/int4_avg_accum: strict, over the int8[] {count, sum} state."""
    count, total = state
    total += value
    if not INT64_MIN <= total <= INT64_MAX:
        # PG's int64 sum wraps silently here; that value cannot be reproduced honestly
        raise FeatureNotSupported("avg() of integers overflowing the bigint accumulator")
    return (count + 1, total)


def parse_count_sum(initval: str | None) -> tuple[int, int]:
    """The '{0,0}' agginitval of avg(int2/int4)'s int8[] state."""
    assert initval is not None
    count, total = (int(v) for v in initval.strip("{}").split(","))
    return (count, total)


# --- finals --------------------------------------------------------------------------------------


def _special(state: NumericAggState) -> Decimal | None:
    if state.nan or (state.pinf and state.ninf):
        return NAN
    if state.pinf:
        return PINF
    if state.ninf:
        return NINF
    return None


def numeric_sum(state: NumericAggState | None) -> Decimal | None:
    if state is None or state.total() == 0:
        return None
    special = _special(state)
    return special if special is not None else _decimal(state.sumx, state.scale)


def numeric_avg(state: NumericAggState | None) -> Decimal | None:
    if state is None or state.total() == 0:
        return None
    special = _special(state)
    if special is not None:
        return special
    return numeric_div(_decimal(state.sumx, state.scale), int_to_numeric(state.n))


def int8_avg(state: tuple[int, int]) -> Decimal | None:
    count, total = state
    if count == 0:
        return None
    return numeric_div(int_to_numeric(total), int_to_numeric(count))


def _sqrt_at(value: Decimal, rscale: int) -> Decimal:
    """sqrt_var: the root truncated to rscale+1 digits, then rounded half up (round_var)."""
    sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int) and not sign
    coeff = int("".join(map(str, digits))) if digits else 0
    shift = 2 * (rscale + 1) + exp  # value * 10**(2*(rscale+1)) as an integer
    scaled = coeff * 10**shift if shift >= 0 else coeff // 10 ** (-shift)
    q, last = divmod(math.isqrt(scaled), 10)
    return make(0, q + (1 if last >= 5 else 0), rscale)


def _stddev(state: NumericAggState | None, variance: bool, sample: bool) -> Decimal | None:
    """numeric_stddev_internal (NaNs and infinities count as inputs for the NULL rules)."""
    if state is None:
        return None
    total = state.total()
    if total == 0 or (sample and total <= 1):
        return None
    if state.nan or state.pinf or state.ninf:
        return NAN
    n = state.n
    rscale = 2 * state.scale
    # N*sumX2 - sumX*sumX, both exact at rscale (sumX2's scale is twice sumX's)
    assert state.scale2 == rscale
    numerator = n * state.sumx2 - state.sumx * state.sumx
    if numerator <= 0:
        return ZERO
    denominator = n * (n - 1) if sample else n * n
    # an intermediate (PG's NumericVar): its scale may pass the format's limit; only the
    # result is held to it
    result = numeric_div(make(0, numerator, rscale), int_to_numeric(denominator))
    if not variance:
        result = _sqrt_at(result, scale_of(result))
    return result


def _final(variance: bool, sample: bool) -> Fn:
    return lambda state: _stddev(state, variance, sample)


def _finals() -> dict[str, Fn]:
    fns: dict[str, Fn] = {
        "numeric_sum": numeric_sum,
        "numeric_avg": numeric_avg,
        # Int128AggState finals: the same arithmetic on exact integers
        "numeric_poly_sum": numeric_sum,
        "numeric_poly_avg": numeric_avg,
        "int8_avg": int8_avg,
    }
    for prefix in ("numeric_", "numeric_poly_"):
        fns[f"{prefix}var_samp"] = _final(True, True)
        fns[f"{prefix}var_pop"] = _final(True, False)
        fns[f"{prefix}stddev_samp"] = _final(False, True)
        fns[f"{prefix}stddev_pop"] = _final(False, False)
    return fns


AGG_INITS: dict[str, Fn] = {
    "int2_avg_accum": parse_count_sum,
    "int4_avg_accum": parse_count_sum,
}

AGG_TRANSITIONS: dict[str, Fn] = {
    "int2_accum": _accum_int(True),
    "int4_accum": _accum_int(True),
    "int8_accum": _accum_int(True),
    "int8_avg_accum": _accum_int(False),
    "numeric_accum": _accum_numeric(True),
    "numeric_avg_accum": _accum_numeric(False),
    "int2_avg_accum": int_avg_accum,
    "int4_avg_accum": int_avg_accum,
}

AGG_FINALS: dict[str, Fn] = _finals()
