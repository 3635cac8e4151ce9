"""numeric: text input/output, typmod, arithmetic (PG's scale rules), comparison.

Values are ``decimal.Decimal`` whose exponent is ``-dscale`` (PG's display scale, never
positive), never negative zero, and ``Decimal('NaN')`` / ``Decimal('±Infinity')`` for the
special values (PG 14+). Arithmetic is done on exact integers so no Decimal context can round
behind our back. Follows src/backend/utils/adt/numeric.c (numeric_in, apply_typmod,
select_div_scale, div_var, mod_var, cmp_numerics).
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import decimal
import operator
import re
from collections.abc import Callable
from decimal import Decimal

from engine.errors import (
    DivisionByZero,
    FeatureNotSupported,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
)
from engine.types.settings import FormatSettings

NUMERIC, BOOL = 1700, 16
NAN = Decimal("NaN")
PINF = Decimal("Infinity")
NINF = Decimal("-Infinity")
ZERO = Decimal(0)

NUMERIC_MAX_PRECISION = 1000
NUMERIC_MAX_DISPLAY_SCALE = 1000
NUMERIC_MIN_SIG_DIGITS = 16
NUMERIC_DSCALE_MAX = 0x3FFF
DEC_DIGITS = 4
VARHDRSZ = 4

_WS = " \t\n\r\f\v"
_DEC_RE = re.compile(
    r"([+-]?)(?:(\d+(?:_\d+)*)(?:\.(\d+(?:_\d+)*)?)?|\.(\d+(?:_\d+)*))(?:[eE]([+-]?\d+(?:_\d+)*))?"
)
_NONDEC_RE = re.compile(
    r"([+-]?)0(?:[xX]((?:_?[0-9a-fA-F])+)|[oO]((?:_?[0-7])+)|[bB]((?:_?[01])+))"
)
_SPECIAL = {
    "nan": NAN,
    "infinity": PINF,
    "+infinity": PINF,
    "-infinity": NINF,
    "inf": PINF,
    "+inf": PINF,
    "-inf": NINF,
}


def make(sign: int, coeff: int, scale: int) -> Decimal:
    """The numeric value (-1)**sign * coeff * 10**-scale, with PG's no-negative-zero rule."""
    if coeff == 0:
        sign = 0
    return Decimal((sign, tuple(int(c) for c in str(coeff)), -scale))


def scale_of(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    assert isinstance(exp, int)
    return -exp


def _parts(d: Decimal) -> tuple[int, int]:
    """(signed integer coefficient, scale) of a finite value."""
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    coeff = int("".join(map(str, digits))) if digits else 0
    return (-coeff if sign else coeff), -exp


def _from_parts(coeff: int, scale: int) -> Decimal:
    if scale < 0:
        coeff *= 10 ** (-scale)
        scale = 0
    if scale > NUMERIC_DSCALE_MAX or (coeff and len(str(abs(coeff))) - scale > 131072):
        raise NumericValueOutOfRange("value overflows numeric format")
    return make(1 if coeff < 0 else 0, abs(coeff), scale)


def _round_half_away(num: int, den: int) -> int:
    """num/den rounded half away from zero (den > 0)."""
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return -q if num < 0 else q


def round_to_scale(d: Decimal, scale: int) -> Decimal:
    """PG round_var: round half away from zero to ``scale`` decimals (scale may be negative)."""
    if not d.is_finite():
        return d
    coeff, s = _parts(d)
    if scale >= s:
        return _from_parts(coeff * 10 ** (scale - s), scale) if scale >= 0 else d
    q = _round_half_away(coeff, 10 ** (s - scale))
    if scale < 0:
        return _from_parts(q * 10 ** (-scale), 0)
    return _from_parts(q, scale)


def _syntax(text: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation(f'invalid input syntax for type numeric: "{text}"')


def numeric_in(text: str, typmod: int = -1) -> Decimal:
    s = text.strip(_WS)
    special = _SPECIAL.get(s.lower())
    if special is not None:
        return apply_typmod(special, typmod)
    m = _NONDEC_RE.fullmatch(s)
    if m is not None:
        body, base = next((g, b) for g, b in zip(m.groups()[1:], (16, 8, 2), strict=True) if g)
        val = int(body.replace("_", ""), base)
        return apply_typmod(make(1 if m.group(1) == "-" else 0, val, 0), typmod)
    m = _DEC_RE.fullmatch(s)
    if m is None:
        raise _syntax(text)
    sign, ipart, fpart, fonly, exp = m.groups()
    ipart = (ipart or "").replace("_", "")
    fpart = (fpart or fonly or "").replace("_", "")
    scale = len(fpart)
    if exp is not None:
        e = int(exp.replace("_", ""))
        if abs(e) > 10**9:
            raise NumericValueOutOfRange("value overflows numeric format")
        scale -= e
    coeff = int(ipart + fpart) if (ipart + fpart) else 0
    if scale < 0:
        if coeff == 0 or len(str(coeff)) - scale > NUMERIC_MAX_INT_DIGITS:
            coeff, scale = check_overflow(coeff, scale), 0
        coeff *= 10 ** (-scale)
        scale = 0
    check_overflow(coeff, scale)
    return apply_typmod(make(1 if sign == "-" else 0, coeff, scale), typmod)


NUMERIC_MAX_INT_DIGITS = 131072  # (NUMERIC_WEIGHT_MAX + 1) * DEC_DIGITS


def check_overflow(coeff: int, scale: int) -> int:
    """make_result's limits: display scale <= 16383, at most 131072 integral digits."""
    if scale > NUMERIC_DSCALE_MAX:
        raise NumericValueOutOfRange("value overflows numeric format")
    if coeff and len(str(abs(coeff))) - scale > NUMERIC_MAX_INT_DIGITS:
        raise NumericValueOutOfRange("value overflows numeric format")
    return coeff


def numeric_out(value: Decimal, settings: FormatSettings | None = None) -> str:
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "-Infinity" if value < 0 else "Infinity"
    return format(value, "f")


def typmod_parts(typmod: int) -> tuple[int, int]:
    """(precision, scale) of a numeric typmod; scale is an 11-bit signed field (PG 15+)."""
    t = typmod - VARHDRSZ
    precision = (t >> 16) & 0xFFFF
    scale = ((t & 0x7FF) ^ 1024) - 1024
    return precision, scale


def make_typmod(precision: int, scale: int = 0) -> int:
    return ((precision << 16) | (scale & 0x7FF)) + VARHDRSZ


def apply_typmod(value: Decimal, typmod: int) -> Decimal:
    """numeric.c apply_typmod: round to the scale, then check the integral digits fit."""
    if typmod < VARHDRSZ or value.is_nan():
        return value
    precision, scale = typmod_parts(typmod)
    if value.is_infinite():
        raise NumericValueOutOfRange(
            "numeric field overflow",
            detail=f"A field with precision {precision}, scale {scale} cannot hold an infinite value.",
        )
    rounded = round_to_scale(value, scale)
    maxdigits = precision - scale
    coeff, s = _parts(rounded)
    if coeff != 0:
        # digits before the decimal point must be <= precision - scale
        intdigits = len(str(abs(coeff))) - s
        if intdigits > maxdigits:
            raise NumericValueOutOfRange(
                "numeric field overflow",
                detail=(
                    f"A field with precision {precision}, scale {scale} must round to an "
                    f"absolute value less than {f'10^{maxdigits}' if maxdigits else '1'}."
                ),
            )
    if scale < 0:
        return _from_parts(coeff, s)
    return rounded


# --- arithmetic --------------------------------------------------------------------------


def _is_special(*vals: Decimal) -> bool:
    return any(not v.is_finite() for v in vals)


def _sign(d: Decimal) -> int:
    return 0 if d == 0 else (1 if d > 0 else -1)


def numeric_add(a: Decimal, b: Decimal) -> Decimal:
    if _is_special(a, b):
        if a.is_nan() or b.is_nan():
            return NAN
        if a.is_infinite() and b.is_infinite() and a != b:
            return NAN
        return a if a.is_infinite() else b
    ca, sa = _parts(a)
    cb, sb = _parts(b)
    s = max(sa, sb)
    return _from_parts(ca * 10 ** (s - sa) + cb * 10 ** (s - sb), s)


def numeric_uminus(a: Decimal) -> Decimal:
    if a.is_nan():
        return NAN
    if a == 0:
        return a
    return a.copy_negate()


def numeric_uplus(a: Decimal) -> Decimal:
    return a


def numeric_sub(a: Decimal, b: Decimal) -> Decimal:
    return numeric_add(a, numeric_uminus(b))


def numeric_mul(a: Decimal, b: Decimal) -> Decimal:
    if _is_special(a, b):
        if a.is_nan() or b.is_nan():
            return NAN
        sign = _sign(a) * _sign(b)
        if sign == 0:
            return NAN  # Inf * 0
        return PINF if sign > 0 else NINF
    ca, sa = _parts(a)
    cb, sb = _parts(b)
    coeff, scale = ca * cb, sa + sb
    if scale > NUMERIC_DSCALE_MAX:  # the exact product rounded to the largest scale
        coeff = _round_half_away(coeff, 10 ** (scale - NUMERIC_DSCALE_MAX))
        scale = NUMERIC_DSCALE_MAX
    return _from_parts(coeff, scale)


def _weight_and_first_digit(d: Decimal) -> tuple[int, int]:
    """Base-10000 weight and leading base-10000 digit of |d| (0, 0 for zero), as PG stores it."""
    if d == 0:
        return 0, 0
    adj = d.adjusted()
    weight = adj // DEC_DIGITS
    coeff, s = _parts(d.copy_abs())
    # first digit = floor(|d| / 10000**weight)
    shift = s + DEC_DIGITS * weight
    first = coeff // 10**shift if shift >= 0 else coeff * 10 ** (-shift)
    return weight, first


def select_div_scale(a: Decimal, b: Decimal) -> int:
    w1, f1 = _weight_and_first_digit(a)
    w2, f2 = _weight_and_first_digit(b)
    qweight = w1 - w2
    if f1 <= f2:
        qweight -= 1
    rscale = NUMERIC_MIN_SIG_DIGITS - qweight * DEC_DIGITS
    rscale = max(rscale, scale_of(a), scale_of(b), 0)
    return min(rscale, NUMERIC_MAX_DISPLAY_SCALE)


def _divide_special(a: Decimal, b: Decimal) -> Decimal:
    if a.is_nan() or b.is_nan():
        return NAN
    if a.is_infinite():
        if b.is_infinite():
            return NAN
        s = _sign(b)
        if s == 0:
            raise DivisionByZero("division by zero")
        return a if s > 0 else a.copy_negate()
    return ZERO  # finite / ±Inf


def numeric_div(a: Decimal, b: Decimal) -> Decimal:
    if _is_special(a, b):
        return _divide_special(a, b)
    if b == 0:
        raise DivisionByZero("division by zero")
    rscale = select_div_scale(a, b)
    ca, sa = _parts(a)
    cb, sb = _parts(b)
    # a/b * 10**rscale = ca/cb * 10**(sb - sa + rscale)
    k = sb - sa + rscale
    num, den = (ca * 10**k, cb) if k >= 0 else (ca, cb * 10 ** (-k))
    if den < 0:
        num, den = -num, -den
    return _from_parts(_round_half_away(num, den), rscale)


def numeric_div_trunc(a: Decimal, b: Decimal) -> Decimal:
    """div(a, b): the integral quotient truncated toward zero (scale 0)."""
    if _is_special(a, b):
        return _divide_special(a, b)
    if b == 0:
        raise DivisionByZero("division by zero")
    ca, sa = _parts(a)
    cb, sb = _parts(b)
    num, den = ca * 10**sb, cb * 10**sa
    q = abs(num) // abs(den)
    return _from_parts(-q if (num < 0) != (den < 0) else q, 0)


def numeric_mod(a: Decimal, b: Decimal) -> Decimal:
    if _is_special(a, b):
        if a.is_nan() or b.is_nan():
            return NAN
        if a.is_infinite():
            if b == 0:
                raise DivisionByZero("division by zero")
            return NAN
        return a  # finite % ±Inf
    if b == 0:
        raise DivisionByZero("division by zero")
    ca, sa = _parts(a)
    cb, sb = _parts(b)
    s = max(sa, sb)
    na, nb = ca * 10 ** (s - sa), cb * 10 ** (s - sb)
    r = abs(na) % abs(nb)
    return _from_parts(-r if na < 0 else r, s)


# --- comparison --------------------------------------------------------------------------


def numeric_key(d: Decimal) -> tuple[int, Decimal]:
    """Sort/group key: -Inf < finite < +Inf < NaN; 1.0 and 1.00 have equal keys (and hashes)."""
    if d.is_nan():
        return (3, ZERO)
    if d.is_infinite():
        return (0, ZERO) if d < 0 else (2, ZERO)
    return (1, d)


def numeric_cmp(a: Decimal, b: Decimal) -> int:
    ka, kb = numeric_key(a), numeric_key(b)
    return (ka > kb) - (ka < kb)


def _make_cmp(name: str, fn: Callable[[int, int], bool]) -> Callable[[Decimal, Decimal], bool]:
    def impl(a: Decimal, b: Decimal) -> bool:
        return fn(numeric_cmp(a, b), 0)

    impl.__name__ = impl.__qualname__ = name
    return impl


numeric_eq = _make_cmp("numeric_eq", operator.eq)
numeric_ne = _make_cmp("numeric_ne", operator.ne)
numeric_lt = _make_cmp("numeric_lt", operator.lt)
numeric_le = _make_cmp("numeric_le", operator.le)
numeric_gt = _make_cmp("numeric_gt", operator.gt)
numeric_ge = _make_cmp("numeric_ge", operator.ge)

OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {
    ("+", NUMERIC, NUMERIC): (NUMERIC, numeric_add),
    ("-", NUMERIC, NUMERIC): (NUMERIC, numeric_sub),
    ("*", NUMERIC, NUMERIC): (NUMERIC, numeric_mul),
    ("/", NUMERIC, NUMERIC): (NUMERIC, numeric_div),
    ("%", NUMERIC, NUMERIC): (NUMERIC, numeric_mod),
    ("=", NUMERIC, NUMERIC): (BOOL, numeric_eq),
    ("<>", NUMERIC, NUMERIC): (BOOL, numeric_ne),
    ("<", NUMERIC, NUMERIC): (BOOL, numeric_lt),
    ("<=", NUMERIC, NUMERIC): (BOOL, numeric_le),
    (">", NUMERIC, NUMERIC): (BOOL, numeric_gt),
    (">=", NUMERIC, NUMERIC): (BOOL, numeric_ge),
}
UNARY_ENTRIES: dict[tuple[str, int], tuple[int, Callable[..., object]]] = {
    ("-", NUMERIC): (NUMERIC, numeric_uminus),
    ("+", NUMERIC): (NUMERIC, numeric_uplus),
}
FUNCTIONS: dict[str, Callable[..., object]] = {
    f.__name__: f
    for f in (
        numeric_add,
        numeric_sub,
        numeric_mul,
        numeric_div,
        numeric_mod,
        numeric_uminus,
        numeric_uplus,
        numeric_div_trunc,
        numeric_eq,
        numeric_ne,
        numeric_lt,
        numeric_le,
        numeric_gt,
        numeric_ge,
    )
}


# --- conversions used by casts -----------------------------------------------------------


def numeric_to_int(d: Decimal, oid: int, check: Callable[[int, int], int]) -> int:
    """numeric_int2/4/8: round half away from zero, then range-check."""
    if d.is_nan():
        raise FeatureNotSupported("cannot convert NaN to " + _INTNAMES[oid])
    if d.is_infinite():
        raise FeatureNotSupported("cannot convert infinity to " + _INTNAMES[oid])
    coeff, s = _parts(round_to_scale(d, 0))
    return check(coeff, oid)


_INTNAMES = {21: "smallint", 23: "integer", 20: "bigint"}


def int_to_numeric(i: int) -> Decimal:
    return make(1 if i < 0 else 0, abs(i), 0)


def float_to_numeric(f: float) -> Decimal:
    """float8_numeric: NaN/Inf map across; otherwise via '%.15g' text (DBL_DIG digits)."""
    if f != f:
        return NAN
    if f in (float("inf"), float("-inf")):
        return PINF if f > 0 else NINF
    return numeric_in(f"{f:.15g}")


def float4_to_numeric(f: float) -> Decimal:
    if f != f or f in (float("inf"), float("-inf")):
        return float_to_numeric(f)
    return numeric_in(f"{f:.6g}")


_ = decimal  # the module is re-exported for type users
