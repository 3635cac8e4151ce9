"""float8/float4 math builtins: rounding, sign/abs, sqrt/cbrt/exp/ln/log10, dpow, width_bucket,
degrees/radians/pi, trigonometric (radian and exact-at-special-angles degree variants),
hyperbolic, erf/erfc, larger/smaller.

Follows src/backend/utils/adt/float.c: the same libm calls (Python's ``math`` wraps the C
library), the same domain errors (22003 "input is out of range", 2201E/2201F), and the overflow
and underflow checks of check_float8_val. The degree functions reproduce PG's stitching of
sin/cos/asin/acos on [0, 30]/[0, 60] so sind(30) is exactly 0.5. Keys of FUNCTIONS are
pg_proc.prosrc names. Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import struct
from collections.abc import Callable

from engine.errors import NumericValueOutOfRange
from engine.functions.math import (
    InvalidArgumentForLog,
    InvalidArgumentForPower,
    InvalidArgumentForWidthBucket,
)
from engine.types import floats
from engine.types.floats import float_cmp

INF = math.inf
NAN = math.nan
RADIANS_PER_DEGREE = 0.0174532925199432957692


def _overflow() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("value out of range: overflow")


def _underflow() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("value out of range: underflow")


def _out_of_range() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("input is out of range")


def check_float8(result: float, inf_ok: bool, zero_ok: bool) -> float:
    """float.h check_float8_val."""
    if math.isinf(result) and not inf_ok:
        raise _overflow()
    if result == 0.0 and not zero_ok:
        raise _underflow()
    return result


# --- rounding and sign --------------------------------------------------------------------------


def _keep_sign(r: float, x: float) -> float:
    return math.copysign(r, x) if r == 0.0 else r


def dround(x: float) -> float:
    if not math.isfinite(x):
        return x
    return _keep_sign(float(round(x)), x)  # round() is rint's half-to-even


def dtrunc(x: float) -> float:
    if not math.isfinite(x):
        return x
    return _keep_sign(float(math.trunc(x)), x)


def dceil(x: float) -> float:
    if not math.isfinite(x):
        return x
    return _keep_sign(float(math.ceil(x)), x)


def dfloor(x: float) -> float:
    if not math.isfinite(x):
        return x
    return _keep_sign(float(math.floor(x)), x)


def dsign(x: float) -> float:
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return 0.0


def float8abs(x: float) -> float:
    return abs(x)


def float4abs(x: float) -> float:
    return abs(x)


def float8larger(a: float, b: float) -> float:
    return a if float_cmp(a, b) > 0 else b


def float8smaller(a: float, b: float) -> float:
    return a if float_cmp(a, b) < 0 else b


float4larger = float8larger
float4smaller = float8smaller


# --- powers and logarithms ----------------------------------------------------------------------


def dsqrt(x: float) -> float:
    if x < 0:
        raise InvalidArgumentForPower("cannot take square root of a negative number")
    return check_float8(math.sqrt(x), math.isinf(x), x == 0)


def dcbrt(x: float) -> float:
    return check_float8(math.cbrt(x), math.isinf(x), x == 0)


def dexp(x: float) -> float:
    if math.isnan(x):
        return x
    if math.isinf(x):
        return x if x > 0 else 0.0
    try:
        r = math.exp(x)
    except OverflowError:
        raise _overflow() from None
    if r == 0.0:
        raise _underflow()
    return r


def _log_arg(x: float) -> None:
    if x == 0.0:
        raise InvalidArgumentForLog("cannot take logarithm of zero")
    if x < 0:
        raise InvalidArgumentForLog("cannot take logarithm of a negative number")


def dlog1(x: float) -> float:
    _log_arg(x)
    return check_float8(math.log(x), math.isinf(x), x == 1)


def dlog10(x: float) -> float:
    _log_arg(x)
    return check_float8(math.log10(x), math.isinf(x), x == 1)


def _pow_infinite(a: float, b: float) -> float:
    if math.isinf(b):
        absx = abs(a)
        if absx == 1.0:
            return 1.0
        if b > 0:
            return b if absx > 1.0 else 0.0
        return 0.0 if absx > 1.0 else -b
    if b == 0.0:
        return 1.0
    if a > 0:
        return a if b > 0 else 0.0
    odd = math.floor(b / 2) != b / 2
    if b > 0:
        return a if odd else -a
    return -0.0 if odd else 0.0


def dpow(a: float, b: float) -> float:
    if math.isnan(a):
        return NAN if (math.isnan(b) or b != 0.0) else 1.0
    if math.isnan(b):
        return NAN if a != 1.0 else 1.0
    if a == 0 and b < 0:
        raise InvalidArgumentForPower("zero raised to a negative power is undefined")
    if a < 0 and math.isfinite(b) and math.floor(b) != b:
        raise InvalidArgumentForPower(
            "a negative number raised to a non-integer power yields a complex result"
        )
    if math.isinf(a) or math.isinf(b):
        return _pow_infinite(a, b)
    try:
        r = math.pow(a, b)
    except OverflowError:
        raise _overflow() from None
    if math.isinf(r):
        raise _overflow()
    if r == 0.0 and a != 0.0:
        raise _underflow()
    return r


# --- width_bucket -------------------------------------------------------------------------------


def width_bucket_float8(op: float, b1: float, b2: float, count: int) -> int:
    if count <= 0:
        raise InvalidArgumentForWidthBucket("count must be greater than zero")
    if math.isnan(op) or math.isnan(b1) or math.isnan(b2):
        raise InvalidArgumentForWidthBucket("operand, lower bound, and upper bound cannot be NaN")
    if math.isinf(b1) or math.isinf(b2):
        raise InvalidArgumentForWidthBucket("lower and upper bounds must be finite")
    if b1 == b2:
        raise InvalidArgumentForWidthBucket("lower bound cannot equal upper bound")
    if b1 < b2:
        if op < b1:
            return 0
        if op >= b2:
            return _succ(count)
        lo, hi, x = b1, b2, op
    else:
        if op > b1:
            return 0
        if op <= b2:
            return _succ(count)
        lo, hi, x = -b1, -b2, -op
    if not math.isinf(hi - lo):
        r = count * ((x - lo) / (hi - lo))
    else:
        r = count * ((x / 2 - lo / 2) / (hi / 2 - lo / 2))
    result = int(r)
    if result >= count:
        result = count - 1
    return result + 1


def _succ(count: int) -> int:
    if count >= 2**31 - 1:
        raise NumericValueOutOfRange("integer out of range")
    return count + 1


# --- degrees, radians, pi -----------------------------------------------------------------------


_f8div = floats.float8_div
_f8mul = floats.float8_mul


def degrees(x: float) -> float:
    return _f8div(x, RADIANS_PER_DEGREE)


def radians(x: float) -> float:
    return _f8mul(x, RADIANS_PER_DEGREE)


def dpi() -> float:
    return math.pi


# --- trigonometry in radians --------------------------------------------------------------------


def _radian_fn(fn: Callable[[float], float], check_inf: bool) -> Callable[[float], float]:
    def impl(x: float) -> float:
        if math.isnan(x):
            return x
        if math.isinf(x):
            raise _out_of_range()
        r = fn(x)
        if check_inf and math.isinf(r):
            raise _overflow()
        return r

    return impl


dsin = _radian_fn(math.sin, True)
dcos = _radian_fn(math.cos, True)
dtan = _radian_fn(math.tan, False)


def dcot(x: float) -> float:
    if math.isnan(x):
        return x
    if math.isinf(x):
        raise _out_of_range()
    t = math.tan(x)
    return 1.0 / t if t != 0.0 else math.copysign(INF, t)


def _inverse(fn: Callable[[float], float]) -> Callable[[float], float]:
    def impl(x: float) -> float:
        if math.isnan(x):
            return x
        if x < -1.0 or x > 1.0:
            raise _out_of_range()
        return fn(x)

    return impl


dasin = _inverse(math.asin)
dacos = _inverse(math.acos)


def datan(x: float) -> float:
    return x if math.isnan(x) else math.atan(x)


def datan2(y: float, x: float) -> float:
    if math.isnan(y) or math.isnan(x):
        return NAN
    return math.atan2(y, x)


# --- trigonometry in degrees (float.c's exact-at-special-angles stitching) ----------------------

_SIN_30 = math.sin(30.0 * RADIANS_PER_DEGREE)
_ONE_MINUS_COS_60 = 1.0 - math.cos(60.0 * RADIANS_PER_DEGREE)
_ASIN_0_5 = math.asin(0.5)
_ACOS_0_5 = math.acos(0.5)
_ATAN_1_0 = math.atan(1.0)


def _sind_0_to_30(x: float) -> float:
    return (math.sin(x * RADIANS_PER_DEGREE) / _SIN_30) / 2.0


def _cosd_0_to_60(x: float) -> float:
    return 1.0 - ((1.0 - math.cos(x * RADIANS_PER_DEGREE)) / _ONE_MINUS_COS_60) / 2.0


def _sind_q1(x: float) -> float:
    return _sind_0_to_30(x) if x <= 30.0 else _cosd_0_to_60(90.0 - x)


def _cosd_q1(x: float) -> float:
    return _cosd_0_to_60(x) if x <= 60.0 else _sind_0_to_30(90.0 - x)


_TAN_45 = _sind_q1(45.0) / _cosd_q1(45.0)
_COT_45 = _cosd_q1(45.0) / _sind_q1(45.0)


def _asind_q1(x: float) -> float:
    if x <= 0.5:
        return (math.asin(x) / _ASIN_0_5) * 30.0
    return 90.0 - (math.acos(x) / _ACOS_0_5) * 60.0


def _acosd_q1(x: float) -> float:
    if x <= 0.5:
        return 90.0 - (math.asin(x) / _ASIN_0_5) * 30.0
    return (math.acos(x) / _ACOS_0_5) * 60.0


def _degree_arg(x: float) -> float:
    if math.isinf(x):
        raise _out_of_range()
    return math.fmod(x, 360.0)


def dsind(x: float) -> float:
    if math.isnan(x):
        return x
    x = _degree_arg(x)
    sign = 1.0
    if x < 0.0:
        x, sign = -x, -sign
    if x > 180.0:
        x, sign = 360.0 - x, -sign
    if x > 90.0:
        x = 180.0 - x
    return check_float8(sign * _sind_q1(x), False, True)


def dcosd(x: float) -> float:
    if math.isnan(x):
        return x
    x = _degree_arg(x)
    sign = 1.0
    if x < 0.0:
        x = -x
    if x > 180.0:
        x = 360.0 - x
    if x > 90.0:
        x, sign = 180.0 - x, -sign
    return check_float8(sign * _cosd_q1(x), False, True)


def _tan_like_reduce(x: float) -> tuple[float, float]:
    sign = 1.0
    if x < 0.0:
        x, sign = -x, -sign
    if x > 180.0:
        x, sign = 360.0 - x, -sign
    if x > 90.0:
        x, sign = 180.0 - x, -sign
    return x, sign


def _cdiv(a: float, b: float) -> float:
    """C double division (IEEE: x/0 is ±Inf, 0/0 is NaN)."""
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


def dtand(x: float) -> float:
    if math.isnan(x):
        return x
    x, sign = _tan_like_reduce(_degree_arg(x))
    r = sign * (_cdiv(_sind_q1(x), _cosd_q1(x)) / _TAN_45)
    return 0.0 if r == 0.0 else r


def dcotd(x: float) -> float:
    if math.isnan(x):
        return x
    x, sign = _tan_like_reduce(_degree_arg(x))
    r = sign * (_cdiv(_cosd_q1(x), _sind_q1(x)) / _COT_45)
    return 0.0 if r == 0.0 else r


def dasind(x: float) -> float:
    if math.isnan(x):
        return x
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    return _asind_q1(x) if x >= 0.0 else -_asind_q1(-x)


def dacosd(x: float) -> float:
    if math.isnan(x):
        return x
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    return _acosd_q1(x) if x >= 0.0 else 90.0 + _asind_q1(-x)


def datand(x: float) -> float:
    if math.isnan(x):
        return x
    return (math.atan(x) / _ATAN_1_0) * 45.0


def datan2d(y: float, x: float) -> float:
    if math.isnan(y) or math.isnan(x):
        return NAN
    return (math.atan2(y, x) / _ATAN_1_0) * 45.0


# --- hyperbolic and error functions -------------------------------------------------------------


def dsinh(x: float) -> float:
    try:
        return math.sinh(x)
    except OverflowError:
        return -INF if x < 0 else INF


def dcosh(x: float) -> float:
    try:
        return math.cosh(x)
    except OverflowError:
        return INF


def dtanh(x: float) -> float:
    return math.tanh(x)


def dasinh(x: float) -> float:
    return math.asinh(x)


def dacosh(x: float) -> float:
    if x < 1.0:
        raise _out_of_range()
    return math.acosh(x)


def datanh(x: float) -> float:
    if x < -1.0 or x > 1.0:
        raise _out_of_range()
    if x == -1.0:
        return -INF
    if x == 1.0:
        return INF
    return math.atanh(x)


# gamma/lgamma: Python's math.gamma/lgamma are CPython's own approximations, not the C
# library's, and may differ from PostgreSQL's tgamma()/lgamma() in the last bit; call libm.
_LIBM = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6", use_errno=True)
_LIBM.tgamma.restype = _LIBM.lgamma.restype = ctypes.c_double
_LIBM.tgamma.argtypes = _LIBM.lgamma.argtypes = [ctypes.c_double]


def dgamma(x: float) -> float:
    """float.c dgamma: NaN/Inf explicitly, then tgamma() with errno and result checks."""
    if math.isnan(x):
        return x
    if math.isinf(x):
        if x < 0:  # a domain error per POSIX, reported as overflow
            raise _overflow()
        return x
    ctypes.set_errno(0)
    result = _LIBM.tgamma(x)
    if ctypes.get_errno() != 0 or math.isinf(result) or math.isnan(result):
        raise _overflow() if result != 0.0 else _underflow()
    if result == 0.0:
        raise _underflow()
    return float(result)


def dlgamma(x: float) -> float:
    """float.c dlgamma: an infinite result for a finite input is an overflow (or a pole)."""
    result = float(_LIBM.lgamma(x))
    if math.isinf(result) and not math.isinf(x):
        raise _overflow()
    return result


def derf(x: float) -> float:
    return math.erf(x)


def derfc(x: float) -> float:
    return math.erfc(x)


FUNCTIONS: dict[str, Callable[..., object]] = {
    "dround": dround,
    "dtrunc": dtrunc,
    "dceil": dceil,
    "dfloor": dfloor,
    "dsign": dsign,
    "float8abs": float8abs,
    "float4abs": float4abs,
    "float8larger": float8larger,
    "float8smaller": float8smaller,
    "float4larger": float4larger,
    "float4smaller": float4smaller,
    "dsqrt": dsqrt,
    "dcbrt": dcbrt,
    "dgamma": dgamma,
    "float8send": lambda x: struct.pack(">d", x),  # the binary wire form, as bytea
    "float4send": lambda x: struct.pack(">f", x),
    "dlgamma": dlgamma,
    "dexp": dexp,
    "dlog1": dlog1,
    "dlog10": dlog10,
    "dpow": dpow,
    "width_bucket_float8": width_bucket_float8,
    "degrees": degrees,
    "radians": radians,
    "dpi": dpi,
    "dsin": dsin,
    "dcos": dcos,
    "dtan": dtan,
    "dcot": dcot,
    "dasin": dasin,
    "dacos": dacos,
    "datan": datan,
    "datan2": datan2,
    "dsind": dsind,
    "dcosd": dcosd,
    "dtand": dtand,
    "dcotd": dcotd,
    "dasind": dasind,
    "dacosd": dacosd,
    "datand": datand,
    "datan2d": datan2d,
    "dsinh": dsinh,
    "dcosh": dcosh,
    "dtanh": dtanh,
    "dasinh": dasinh,
    "dacosh": dacosh,
    "datanh": datanh,
    "derf": derf,
    "derfc": derfc,
}
