"""float8 and float4: text input/output (shortest-exact digits as PG's Ryu), arithmetic, order.

Output follows src/common/d2s.c and f2s.c: the shortest digit string that round-trips (Python's
``repr`` produces the same shortest, closest digits for doubles), printed in fixed notation when
the decimal exponent is in [-4, 15) for float8 and [-4, 6) for float4, else as ``1.5e-05``.
``extra_float_digits <= 0`` gives ``%.{DIG+efd}g``. Input follows float8in_internal (strtod,
NaN/Infinity spellings, ERANGE for real over/underflow only). Arithmetic raises where PG's
float.h check helpers do. float4 values are Python floats holding an exactly representable
float32.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import math
import operator
import re
import struct
from collections.abc import Callable
from fractions import Fraction

from engine.errors import DivisionByZero, InvalidTextRepresentation, NumericValueOutOfRange
from engine.types.settings import FormatSettings

FLOAT4, FLOAT8, BOOL = 700, 701, 16
INF = math.inf
NAN_F = math.nan
DBL_DIG, FLT_DIG = 15, 6

_WS = " \t\n\r\f\v"
_DEC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_HEX = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?")
_WORDS = re.compile(r"[+-]?(?:infinity|inf|nan(?:\([0-9A-Za-z_]*\))?)", re.IGNORECASE)
# PG's own fallback spellings (float8in_internal) are a subset of what glibc strtod accepts.


# --- float32 helpers -----------------------------------------------------------------------


def _f32_bits(x: float) -> int:
    return int(struct.unpack("<I", struct.pack("<f", x))[0])


def _f32_from_bits(b: int) -> float:
    return float(struct.unpack("<f", struct.pack("<I", b & 0xFFFFFFFF))[0])


def to_float4(x: float) -> float:
    """Round a double to the nearest float32 (ties to even), as a C (float) cast does."""
    try:
        return float(struct.unpack("<f", struct.pack("<f", x))[0])
    except OverflowError:
        return math.copysign(INF, x)


def _nearest_float4(q: Fraction, approx: float) -> float:
    """The float32 nearest the exact rational q (ties to even), avoiding double rounding."""
    c = to_float4(approx)
    if math.isinf(c):
        return c
    bits = _f32_bits(c)
    cands = [c]
    for nb in (bits - 1, bits + 1):
        if 0 <= (nb & 0x7FFFFFFF) < 0x7F800000 and (nb >> 31) == (bits >> 31):
            cands.append(_f32_from_bits(nb))
    best = min(cands, key=lambda f: (abs(Fraction(f) - q), _f32_bits(f) & 1))
    if best == 0 and q != 0:
        return math.copysign(0.0, float(q))
    return best


# --- input -----------------------------------------------------------------------------


def _strtod_prefix(s: str) -> tuple[Fraction | float | None, int]:
    """Longest strtod-like prefix of s: (exact value or special float, length); None if none."""
    m = _WORDS.match(s)
    if m is not None:
        word = m.group().lower().lstrip("+-")
        neg = m.group().startswith("-")
        if word.startswith("nan"):
            return NAN_F, m.end()
        return (-INF if neg else INF), m.end()
    m = _HEX.match(s)
    if m is not None:
        body = m.group()
        if "p" not in body.lower():
            body += "p0"
        try:
            return Fraction(float.fromhex(body)), m.end()
        except OverflowError:
            return (-INF if body.startswith("-") else INF), m.end()
    m = _DEC.match(s)
    if m is not None:
        return Fraction(m.group()), m.end()
    return None, 0


def _float_in(text: str, typname: str, is4: bool) -> float:
    s = text.lstrip(_WS)
    if not s:
        raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
    exact, end = _strtod_prefix(s)
    if exact is None:
        raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
    if isinstance(exact, float):
        val = exact
    else:
        match = s[:end]
        approx = float(match) if "x" not in match.lower() else float(exact)
        val = _nearest_float4(exact, approx) if is4 else approx
        # ERANGE with a zero or infinite result is a real out-of-range input (subnormals pass)
        if (val == 0.0 and exact != 0) or math.isinf(val):
            raise NumericValueOutOfRange(f'"{s[:end]}" is out of range for type {typname}')
        if val == 0.0 and match.lstrip().startswith("-"):
            val = -0.0
    if s[end:].strip(_WS):
        raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
    return val


def float8in(text: str, typmod: int = -1) -> float:
    return _float_in(text, "double precision", False)


def float4in(text: str, typmod: int = -1) -> float:
    return _float_in(text, "real", True)


# --- output ----------------------------------------------------------------------------


ACCEPT_BOUNDS = False


def _ryu(m2: int, e2: int, mm_shift: int, even: bool, is4: bool) -> tuple[int, int]:
    """Ryu's d2d/f2d with exact integers: (shortest digits as int, decimal exponent of the
    last digit). Keeps Ryu's bound handling, which is *not* plain round-trip shortest: e.g.
    1e23 prints as 9.999999999999999e+22 because Ryu only detects exact boundaries for
    small q (d2s.c "q <= 21")."""
    accept = even and ACCEPT_BOUNDS
    mv = 4 * m2
    mp, mm = mv + 2, mv - 1 - mm_shift
    vm_tz = vr_tz = False
    last = 0
    if e2 >= 0:
        q = (e2 * 78913) >> 18
        if not is4 and e2 > 3:
            q -= 1
        e10 = q
        den = 10**q
        vr, vp, vm = (mv << e2) // den, (mp << e2) // den, (mm << e2) // den
        if is4 and q != 0 and (vp - 1) // 10 <= vm // 10:
            last = ((mv << e2) // 10 ** (q - 1)) % 10  # f2s.c: one removed digit up front
        if q <= (9 if is4 else 21):
            p5 = 5**q
            if mv % 5 == 0:
                vr_tz = mv % p5 == 0
            elif accept:
                vm_tz = mm % p5 == 0
            else:
                vp -= 1 if mp % p5 == 0 else 0
    else:
        q = (-e2 * 732923) >> 20
        if not is4 and -e2 > 1:
            q -= 1
        e10 = q + e2
        i = -e2 - q
        f = 5**i
        vr, vp, vm = (mv * f) >> q, (mp * f) >> q, (mm * f) >> q
        if is4 and q != 0 and (vp - 1) // 10 <= vm // 10:
            last = ((mv * 5 ** (i + 1)) >> (q - 1)) % 10
        if q <= 1:
            vr_tz = True
            if accept:
                vm_tz = mm_shift == 1
            else:
                vp -= 1
        elif q < (31 if is4 else 63):
            bits = q - 1 if is4 else q
            vr_tz = mv & ((1 << bits) - 1) == 0
    removed = 0
    if vm_tz or vr_tz:
        while vp // 10 > vm // 10:
            vm_tz = vm_tz and vm % 10 == 0
            vr_tz = vr_tz and last == 0
            last = vr % 10
            vr, vp, vm = vr // 10, vp // 10, vm // 10
            removed += 1
        if vm_tz:
            while vm % 10 == 0:
                vr_tz = vr_tz and last == 0
                last = vr % 10
                vr, vp, vm = vr // 10, vp // 10, vm // 10
                removed += 1
        if vr_tz and last == 5 and vr % 2 == 0:
            last = 4
        output = vr + (1 if (vr == vm and (not accept or not vm_tz)) or last >= 5 else 0)
    else:
        while vp // 10 > vm // 10:
            last = vr % 10
            vr, vp, vm = vr // 10, vp // 10, vm // 10
            removed += 1
        output = vr + (1 if vr == vm or last >= 5 else 0)
    return output, e10 + removed


def _shortest_digits(x: float, is4: bool) -> tuple[str, int]:
    """(digits without trailing zeros, decimal exponent of the first digit) of |x| > 0."""
    if is4:
        bits = _f32_bits(x) & 0x7FFFFFFF
        mant, exp = bits & 0x7FFFFF, bits >> 23
        mbits, bias = 23, 127
    else:
        bits = int(struct.unpack("<Q", struct.pack("<d", x))[0]) & 0x7FFFFFFFFFFFFFFF
        mant, exp = bits & ((1 << 52) - 1), bits >> 52
        mbits, bias = 52, 1023
    if exp == 0:
        e2, m2 = 1 - bias - mbits - 2, mant
    else:
        e2, m2 = exp - bias - mbits - 2, (1 << mbits) | mant
    small = None
    if not is4 and exp != 0:
        # d2s.c d2d_small_int: integers in [1, 2^53) print exactly
        e = exp - bias - mbits
        if -52 <= e <= 0 and m2 & ((1 << -e) - 1) == 0:
            small = m2 >> -e
    if small is not None:
        digits = str(small)
        stripped = digits.rstrip("0")
        return stripped, len(digits) - 1
    mm_shift = 1 if (mant != 0 or exp <= 1) else 0
    output, e10 = _ryu(m2, e2, mm_shift, m2 % 2 == 0, is4)
    digits = str(output)
    stripped = digits.rstrip("0")
    return stripped, e10 + len(digits) - 1


def _format_shortest(x: float, is4: bool) -> str:
    if x == 0.0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    digits, e = _shortest_digits(abs(x), is4)
    sign = "-" if x < 0 else ""
    nexp = e + 1
    upper = 6 if is4 else 15
    if -4 < nexp <= upper:
        if nexp <= 0:
            return f"{sign}0.{'0' * -nexp}{digits}"
        if nexp >= len(digits):
            return sign + digits + "0" * (nexp - len(digits))
        return f"{sign}{digits[:nexp]}.{digits[nexp:]}"
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mant}e{'-' if e < 0 else '+'}{abs(e):02d}"


def _float_out(x: float, efd: int, is4: bool) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if efd > 0:
        return _format_shortest(x, is4)
    ndig = max((FLT_DIG if is4 else DBL_DIG) + efd, 1)
    return f"{x:.{ndig}g}"


def float8out(value: float, settings: FormatSettings) -> str:
    return _float_out(value, settings.extra_float_digits, False)


def float4out(value: float, settings: FormatSettings) -> str:
    return _float_out(value, settings.extra_float_digits, True)


# --- arithmetic (float.h float8_pl & co.) ------------------------------------------------


def _overflow() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("value out of range: overflow")


def _underflow() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("value out of range: underflow")


def _pl(a: float, b: float) -> float:
    r = a + b
    if math.isinf(r) and not math.isinf(a) and not math.isinf(b):
        raise _overflow()
    return r


def _mi(a: float, b: float) -> float:
    r = a - b
    if math.isinf(r) and not math.isinf(a) and not math.isinf(b):
        raise _overflow()
    return r


def _mul(a: float, b: float) -> float:
    r = a * b
    if math.isinf(r) and not math.isinf(a) and not math.isinf(b):
        raise _overflow()
    if r == 0.0 and a != 0.0 and b != 0.0:
        raise _underflow()
    return r


def _div(a: float, b: float) -> float:
    if b == 0.0 and not math.isnan(a):
        raise DivisionByZero("division by zero")
    r = a / b if b != 0.0 else NAN_F
    if math.isinf(r) and not math.isinf(a):
        raise _overflow()
    if r == 0.0 and a != 0.0 and not math.isinf(b):
        raise _underflow()
    return r


# float.h's checked double arithmetic, for the families that compute in float8
float8_pl, float8_mi, float8_mul, float8_div = _pl, _mi, _mul, _div


def _as4(fn: Callable[[float, float], float]) -> Callable[[float, float], float]:
    """float4 op float4 → float4: one IEEE op in double, rounded once to float32, rechecked."""

    def impl(a: float, b: float) -> float:
        r = fn(a, b)
        r4 = to_float4(r)
        if math.isinf(r4) and not math.isinf(r):
            raise _overflow()
        if r4 == 0.0 and r != 0.0:
            raise _underflow()
        return r4

    return impl


def float_cmp(a: float, b: float) -> int:
    """float8_cmp_internal: NaN equals NaN and sorts above everything."""
    if math.isnan(a):
        return 0 if math.isnan(b) else 1
    if math.isnan(b):
        return -1
    return (a > b) - (a < b)


def float_key(x: float) -> tuple[int, float]:
    """Sort/group key with PG's NaN rule; -0 and 0 are equal."""
    if math.isnan(x):
        return (1, 0.0)
    return (0, x + 0.0)


FUNCTIONS: dict[str, Callable[..., object]] = {}
OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {}
UNARY_ENTRIES: dict[tuple[str, int], tuple[int, Callable[..., object]]] = {}

_ARITH = {"+": ("pl", _pl), "-": ("mi", _mi), "*": ("mul", _mul), "/": ("div", _div)}
_CMP: dict[str, tuple[str, Callable[[int, int], bool]]] = {
    "=": ("eq", operator.eq),
    "<>": ("ne", operator.ne),
    "<": ("lt", operator.lt),
    "<=": ("le", operator.le),
    ">": ("gt", operator.gt),
    ">=": ("ge", operator.ge),
}
_SHORT = {FLOAT4: "4", FLOAT8: "8"}


def _named(name: str, fn: Callable[..., object]) -> Callable[..., object]:
    fn.__name__ = fn.__qualname__ = name
    FUNCTIONS[name] = fn
    return fn


def _make_cmp(fn: Callable[[int, int], bool]) -> Callable[[float, float], bool]:
    return lambda a, b: fn(float_cmp(a, b), 0)


def _register() -> None:
    for left in (FLOAT4, FLOAT8):
        for right in (FLOAT4, FLOAT8):
            a, b = _SHORT[left], _SHORT[right]
            prefix = f"float{a}" if a == b else f"float{a}{b}"
            result = FLOAT4 if left == right == FLOAT4 else FLOAT8
            for sym, (suffix, fn) in _ARITH.items():
                impl = _as4(fn) if result == FLOAT4 else _wrap2(fn)
                OPERATOR_ENTRIES[(sym, left, right)] = (result, _named(prefix + suffix, impl))
            for sym, (suffix, cfn) in _CMP.items():
                OPERATOR_ENTRIES[(sym, left, right)] = (
                    BOOL,
                    _named(prefix + suffix, _make_cmp(cfn)),
                )
        s = _SHORT[left]
        UNARY_ENTRIES[("-", left)] = (left, _named(f"float{s}um", _neg))
        UNARY_ENTRIES[("+", left)] = (left, _named(f"float{s}up", _ident))


def _wrap2(fn: Callable[[float, float], float]) -> Callable[[float, float], float]:
    return lambda a, b: fn(a, b)


def _neg(a: float) -> float:
    return -a


def _ident(a: float) -> float:
    return a


_register()


# --- conversions used by casts -----------------------------------------------------------


def float_to_int(x: float, oid: int, check: Callable[[int, int], int]) -> int:
    """dtoi4 & co.: rint() (half to even), then range-check; NaN is out of range."""
    if math.isnan(x) or math.isinf(x):
        check(1 << 70, oid)  # raises the type's "out of range"
    return check(round(x), oid)


def float8_to_float4(x: float) -> float:
    """dtof: round to float32; overflow/underflow raise as check_float4_val does."""
    r = to_float4(x)
    if math.isinf(r) and not math.isinf(x):
        raise _overflow()
    if r == 0.0 and x != 0.0:
        raise _underflow()
    return r


def int_to_float4(i: int) -> float:
    return _nearest_float4(Fraction(i), float(i))
