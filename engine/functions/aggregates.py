"""Aggregate transition and final functions of the plain (aggkind 'n') builtin aggregates:
count, min/max, any_value, bool_and/bool_or/every, bit_and/bit_or/bit_xor, string_agg, sum/avg and the
variance family over float4/float8, and the two-argument regression aggregates.

Keys are the ``pg_proc.prosrc`` of pg_aggregate.aggtransfn / aggfinalfn (engine.types.base
describes the contract; the executor applies pg_proc's strictness exactly as nodeAgg.c does).
Follows src/backend/utils/adt/{int.c,int8.c,float.c,bool.c,varlena.c,numeric.c (int2_sum,
int4_sum),timestamp.c,date.c,pg_lsn.c,bytea.c}. The numeric and integer avg/variance aggregates
live in ``aggregates_numeric`` and the interval ones in ``aggregates_interval``.

The ``larger``/``smaller`` functions return the *new* input on ties where Postgres does (so
``max(1.0, 1.00)`` keeps PG's choice of display scale), except bpchar, which keeps the old.
Float arithmetic is IEEE double exactly as float.c's (Python floats are C doubles); division is
done through ``_fdiv`` because Python raises where C yields Inf/NaN.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, NumericValueOutOfRange
from engine.types import floats, text
from engine.types.floats import float_cmp
from engine.types.interval import interval_cmp
from engine.types.numeric import numeric_cmp

Fn = Callable[..., Any]
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def _overflow() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("value out of range: overflow")


def _fdiv(a: float, b: float) -> float:
    """C double division: x/0 is ±Inf or NaN instead of a Python exception."""
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _csqrt(x: float) -> float:
    """C sqrt(): NaN for negative input (Python raises)."""
    return math.sqrt(x) if x >= 0.0 or math.isnan(x) else math.nan


def parse_float_array(initval: str | None) -> tuple[float, ...]:
    """The '{0,0,0}' agginitval of a float8[] transition state as a tuple."""
    assert initval is not None and initval.startswith("{") and initval.endswith("}")
    return tuple(float(v) for v in initval[1:-1].split(","))


def parse_int_array(initval: str | None) -> tuple[int, ...]:
    assert initval is not None and initval.startswith("{") and initval.endswith("}")
    return tuple(int(v) for v in initval[1:-1].split(","))


# --- count -------------------------------------------------------------------------------------


def int8inc(count: int, *_args: Any) -> int:
    """count(*) (no arguments), count(any) as int8inc_any and regr_count: all strict, so only
    rows with every argument non-NULL get here."""
    if count == INT64_MAX:
        raise NumericValueOutOfRange("bigint out of range")
    return count + 1


# --- sum over int2/int4 (numeric.c int2_sum/int4_sum: non-strict, int8 state) -----------------


def int_sum(state: int | None, value: int | None) -> int | None:
    if state is None:
        return value
    if value is None:
        return state
    result = state + value
    if not INT64_MIN <= result <= INT64_MAX:
        # PG's int64 addition wraps silently here; we cannot reproduce that value honestly
        raise FeatureNotSupported("sum() of integers overflowing the bigint accumulator")
    return result


# --- min/max: the type's larger/smaller functions ---------------------------------------------


def _plain_larger(a: Any, b: Any) -> Any:
    return a if a > b else b


def _plain_smaller(a: Any, b: Any) -> Any:
    return a if a < b else b


def _by_cmp(cmp: Callable[[Any, Any], int], larger: bool) -> Fn:
    """``cmp(a, b) > 0 ? a : b`` (or ``< 0``): the new value wins ties."""
    if larger:
        return lambda a, b: a if cmp(a, b) > 0 else b
    return lambda a, b: a if cmp(a, b) < 0 else b


def _bpchar_cmp(a: str, b: str) -> int:
    ka, kb = text.bpchar_key(a), text.bpchar_key(b)
    return (ka > kb) - (ka < kb)


def bpchar_larger(a: str, b: str) -> str:
    """varchar.c bpchar_larger: ``cmp >= 0 ? arg1 : arg2`` — the old value wins ties."""
    return a if _bpchar_cmp(a, b) >= 0 else b


def bpchar_smaller(a: str, b: str) -> str:
    return a if _bpchar_cmp(a, b) <= 0 else b


def _minmax() -> dict[str, Fn]:
    fns: dict[str, Fn] = {}
    # Types whose values are Python ints/str/bytes compared exactly as PG compares them (text in
    # the C collation, bytea by memcmp then length). Ties are indistinguishable values.
    plain = (
        "int2",
        "int4",
        "int8",
        "date_",
        "timestamp_",
        "pg_lsn_",
        "text_",
        "bytea_",
        "oid",
        "time_",
        "cash",
    )
    for prefix in plain:
        fns[f"{prefix}larger"] = _plain_larger
        fns[f"{prefix}smaller"] = _plain_smaller
    for prefix, cmp in (
        ("float4", float_cmp),
        ("float8", float_cmp),
        ("numeric_", numeric_cmp),
        ("interval_", interval_cmp),
    ):
        fns[f"{prefix}larger"] = _by_cmp(cmp, True)
        fns[f"{prefix}smaller"] = _by_cmp(cmp, False)
    fns["bpchar_larger"] = bpchar_larger
    fns["bpchar_smaller"] = bpchar_smaller
    return fns


# --- bool_and / bool_or, bit_and / bit_or / bit_xor ----------------------------------------------


def booland_statefunc(a: bool, b: bool) -> bool:
    return a and b


def boolor_statefunc(a: bool, b: bool) -> bool:
    return a or b


def _bitwise() -> dict[str, Fn]:
    fns: dict[str, Fn] = {}
    for t in ("2", "4", "8"):
        fns[f"int{t}and"] = lambda a, b: a & b
        fns[f"int{t}or"] = lambda a, b: a | b
        fns[f"int{t}xor"] = lambda a, b: a ^ b
    return fns


def any_value_transfn(state: Any, _value: Any) -> Any:
    """Strict with a NULL initial state: the first non-NULL input becomes the state and stays."""
    return state


# --- string_agg (varlena.c string_agg_transfn / bytea_string_agg_transfn) ----------------------


class StringAggState:
    """The concatenation so far; ``skip`` is the length of the first value's delimiter, which
    the final function drops (PG keeps it in the buffer and starts the result after it)."""

    __slots__ = ("parts", "skip")

    def __init__(self, empty: str | bytes) -> None:
        self.parts: list[Any] = [empty]
        self.skip = 0


def _string_agg_step(state: StringAggState | None, value: Any, delim: Any, empty: Any) -> Any:
    if value is None:
        return state
    first = state is None
    if state is None:
        state = StringAggState(empty)
    if delim is not None:
        state.parts.append(delim)
        if first:
            state.skip = len(delim)
    state.parts.append(value)
    return state


def string_agg_transfn(state: StringAggState | None, value: str | None, delim: str | None) -> Any:
    return _string_agg_step(state, value, delim, "")


def bytea_string_agg_transfn(
    state: StringAggState | None, value: bytes | None, delim: bytes | None
) -> Any:
    return _string_agg_step(state, value, delim, b"")


def string_agg_finalfn(state: StringAggState | None, *_extra: Any) -> Any:
    if state is None:
        return None
    joined = state.parts[0][:0].join(state.parts)
    return joined[state.skip :]


# --- sum(float4/float8) and the float8_accum family ----------------------------------------------

FloatState = tuple[float, float, float]


def float8_accum(state: FloatState, newval: float) -> FloatState:
    """Youngs-Cramer update of (N, Sx, Sxx) (float.c float8_accum; float4_accum is the same after
    widening the float4 input, which our float4 values already are)."""
    n0, sx0, sxx = state
    n = n0 + 1.0
    sx = sx0 + newval
    if n0 > 0.0:
        tmp = newval * n - sx
        sxx += _fdiv(tmp * tmp, n * n0)
        if math.isinf(sx) or math.isinf(sxx):
            if not math.isinf(sx0) and not math.isinf(newval):
                raise _overflow()
            sxx = math.nan
    elif math.isnan(newval) or math.isinf(newval):
        sxx = math.nan
    return (n, sx, sxx)


def float8_avg(state: FloatState) -> float | None:
    n, sx, _ = state
    return None if n == 0.0 else _fdiv(sx, n)


def float8_var_pop(state: FloatState) -> float | None:
    n, _, sxx = state
    return None if n == 0.0 else _fdiv(sxx, n)


def float8_var_samp(state: FloatState) -> float | None:
    n, _, sxx = state
    return None if n <= 1.0 else _fdiv(sxx, n - 1.0)


def float8_stddev_pop(state: FloatState) -> float | None:
    n, _, sxx = state
    return None if n == 0.0 else _csqrt(_fdiv(sxx, n))


def float8_stddev_samp(state: FloatState) -> float | None:
    n, _, sxx = state
    return None if n <= 1.0 else _csqrt(_fdiv(sxx, n - 1.0))


# --- two-argument regression aggregates (float.c float8_regr_accum and finals) -----------------

RegrState = tuple[float, float, float, float, float, float]


def float8_regr_accum(state: RegrState, y: float, x: float) -> RegrState:
    """Youngs-Cramer update of (N, Sx, Sxx, Sy, Syy, Sxy); note Y is the first argument."""
    n0, sx0, sxx, sy0, syy, sxy = state
    n = n0 + 1.0
    sx = sx0 + x
    sy = sy0 + y
    if n0 > 0.0:
        tmp_x = x * n - sx
        tmp_y = y * n - sy
        scale = _fdiv(1.0, n * n0)
        sxx += tmp_x * tmp_x * scale
        syy += tmp_y * tmp_y * scale
        sxy += tmp_x * tmp_y * scale
        if any(math.isinf(v) for v in (sx, sxx, sy, syy, sxy)):
            x_ok = not math.isinf(sx0) and not math.isinf(x)
            y_ok = not math.isinf(sy0) and not math.isinf(y)
            if (
                ((math.isinf(sx) or math.isinf(sxx)) and x_ok)
                or ((math.isinf(sy) or math.isinf(syy)) and y_ok)
                or (math.isinf(sxy) and x_ok and y_ok)
            ):
                raise _overflow()
            sxx = math.nan if math.isinf(sxx) else sxx
            syy = math.nan if math.isinf(syy) else syy
            sxy = math.nan if math.isinf(sxy) else sxy
    else:
        if math.isnan(x) or math.isinf(x):
            sxx = sxy = math.nan
        if math.isnan(y) or math.isinf(y):
            syy = sxy = math.nan
    return (n, sx, sxx, sy, syy, sxy)


def float8_regr_sxx(s: RegrState) -> float | None:
    return None if s[0] < 1.0 else s[2]


def float8_regr_syy(s: RegrState) -> float | None:
    return None if s[0] < 1.0 else s[4]


def float8_regr_sxy(s: RegrState) -> float | None:
    return None if s[0] < 1.0 else s[5]


def float8_regr_avgx(s: RegrState) -> float | None:
    return None if s[0] < 1.0 else _fdiv(s[1], s[0])


def float8_regr_avgy(s: RegrState) -> float | None:
    return None if s[0] < 1.0 else _fdiv(s[3], s[0])


def float8_covar_pop(s: RegrState) -> float | None:
    return None if s[0] < 1.0 else _fdiv(s[5], s[0])


def float8_covar_samp(s: RegrState) -> float | None:
    return None if s[0] < 2.0 else _fdiv(s[5], s[0] - 1.0)


def float8_corr(s: RegrState) -> float | None:
    n, _, sxx, _, syy, sxy = s
    if n < 1.0 or sxx == 0 or syy == 0:
        return None
    return _fdiv(sxy, _csqrt(sxx * syy))


def float8_regr_r2(s: RegrState) -> float | None:
    n, _, sxx, _, syy, sxy = s
    if n < 1.0 or sxx == 0:
        return None
    if syy == 0:
        return 1.0
    return _fdiv(sxy * sxy, sxx * syy)


def float8_regr_slope(s: RegrState) -> float | None:
    n, _, sxx, _, _, sxy = s
    if n < 1.0 or sxx == 0:
        return None
    return _fdiv(sxy, sxx)


def float8_regr_intercept(s: RegrState) -> float | None:
    n, sx, sxx, sy, _, sxy = s
    if n < 1.0 or sxx == 0:
        return None
    return _fdiv(sy - _fdiv(sx * sxy, sxx), n)


# --- the transition and combine functions called directly (float.c) ---------------------------

def _float8_state(value: Any, caller: str, n: int) -> tuple[float, ...]:
    """check_float8_array: a one-dimensional float8[] of n elements without NULLs."""
    if (value.elem_oid != 701 or len(value.dims) != 1 or value.dims[0] != n
            or any(v is None for v in value.items)):
        raise EngineError(f"{caller}: expected {n}-element float8 array", sqlstate="XX000")
    return tuple(value.items)


def _float8_array(values: tuple[float, ...]) -> Any:
    from engine.types.arrays import make_array  # noqa: PLC0415

    return make_array(701, [len(values)], [1], values)


_float8_pl = floats.float8_pl


def _combined_square(n1: float, n2: float, n: float, s1: float, s2: float,
                     t1: float, t2: float) -> float:
    """S1 + S2 + N1 * N2 * t1 * t2 / N, evaluated in C's order, with the overflow check."""
    result = s1 + s2 + _fdiv(n1 * n2 * t1 * t2, n)
    if math.isinf(result) and not math.isinf(s1) and not math.isinf(s2):
        raise _overflow()
    return result


def float8_combine(a: Any, b: Any) -> Any:
    """Merge two (N, Sx, Sxx) states (the generalised Youngs-Cramer rule)."""
    n1, sx1, sxx1 = _float8_state(a, "float8_combine", 3)
    n2, sx2, sxx2 = _float8_state(b, "float8_combine", 3)
    if n1 == 0.0:
        return _float8_array((n2, sx2, sxx2))
    if n2 == 0.0:
        return _float8_array((n1, sx1, sxx1))
    n = n1 + n2
    sx = _float8_pl(sx1, sx2)
    tmp = _fdiv(sx1, n1) - _fdiv(sx2, n2)
    return _float8_array((n, sx, _combined_square(n1, n2, n, sxx1, sxx2, tmp, tmp)))


def float8_regr_combine(a: Any, b: Any) -> Any:
    """Merge two (N, Sx, Sxx, Sy, Syy, Sxy) states."""
    n1, sx1, sxx1, sy1, syy1, sxy1 = _float8_state(a, "float8_regr_combine", 6)
    n2, sx2, sxx2, sy2, syy2, sxy2 = _float8_state(b, "float8_regr_combine", 6)
    if n1 == 0.0:
        return _float8_array((n2, sx2, sxx2, sy2, syy2, sxy2))
    if n2 == 0.0:
        return _float8_array((n1, sx1, sxx1, sy1, syy1, sxy1))
    n = n1 + n2
    sx = _float8_pl(sx1, sx2)
    tmp1 = _fdiv(sx1, n1) - _fdiv(sx2, n2)
    sxx = _combined_square(n1, n2, n, sxx1, sxx2, tmp1, tmp1)
    sy = _float8_pl(sy1, sy2)
    tmp2 = _fdiv(sy1, n1) - _fdiv(sy2, n2)
    syy = _combined_square(n1, n2, n, syy1, syy2, tmp2, tmp2)
    sxy = _combined_square(n1, n2, n, sxy1, sxy2, tmp1, tmp2)
    return _float8_array((n, sx, sxx, sy, syy, sxy))


def _accum_call(caller: str) -> Fn:
    def call(state: Any, x: float) -> Any:
        n, sx, sxx = _float8_state(state, caller, 3)
        return _float8_array(float8_accum((n, sx, sxx), x))

    return call


def _regr_accum_call(state: Any, y: float, x: float) -> Any:
    n, sx, sxx, sy, syy, sxy = _float8_state(state, "float8_regr_accum", 6)
    return _float8_array(float8_regr_accum((n, sx, sxx, sy, syy, sxy), y, x))


FUNCTIONS: dict[str, Fn] = {
    "float8_accum": _accum_call("float8_accum"),
    "float4_accum": _accum_call("float4_accum"),
    "float8_regr_accum": _regr_accum_call,
    "float8_combine": float8_combine,
    "float8_regr_combine": float8_regr_combine,
    "booland_statefunc": booland_statefunc,
    "boolor_statefunc": boolor_statefunc,
}


# --- registration --------------------------------------------------------------------------------

AGG_INITS: dict[str, Fn] = {
    "float4_accum": parse_float_array,
    "float8_accum": parse_float_array,
    "float8_regr_accum": parse_float_array,
}

AGG_TRANSITIONS: dict[str, Fn] = {
    "int8inc": int8inc,
    "int8inc_any": int8inc,
    "int8inc_float8_float8": int8inc,
    "int2_sum": int_sum,
    "int4_sum": int_sum,
    # sum(float4)/sum(float8): the type's own + operator (float4pl rounds to float32)
    "float4pl": floats.FUNCTIONS["float4pl"],
    "float8pl": floats.FUNCTIONS["float8pl"],
    "float4_accum": float8_accum,
    "float8_accum": float8_accum,
    "float8_regr_accum": float8_regr_accum,
    "booland_statefunc": booland_statefunc,
    "boolor_statefunc": boolor_statefunc,
    "any_value_transfn": any_value_transfn,
    "string_agg_transfn": string_agg_transfn,
    "bytea_string_agg_transfn": bytea_string_agg_transfn,
    **_minmax(),
    **_bitwise(),
}

AGG_FINALS: dict[str, Fn] = {
    "string_agg_finalfn": string_agg_finalfn,
    "bytea_string_agg_finalfn": string_agg_finalfn,
    **{
        f.__name__: f
        for f in (
            float8_avg,
            float8_var_pop,
            float8_var_samp,
            float8_stddev_pop,
            float8_stddev_samp,
            float8_regr_sxx,
            float8_regr_syy,
            float8_regr_sxy,
            float8_regr_avgx,
            float8_regr_avgy,
            float8_covar_pop,
            float8_covar_samp,
            float8_corr,
            float8_regr_r2,
            float8_regr_slope,
            float8_regr_intercept,
        )
    },
}
