"""Numeric math builtins: round/trunc/ceil/floor, sign/abs, scale functions, sqrt/exp/ln/log/
power with PostgreSQL's result-scale selection, gcd/lcm, factorial, width_bucket, larger/smaller.

Follows src/backend/utils/adt/numeric.c (numeric_sqrt, numeric_exp, numeric_ln, log_var,
estimate_ln_dweight, numeric_power, power_var, power_var_int, width_bucket_numeric): the result
scale (rscale) is chosen exactly as PG does, from the base-10000 weights of the inputs; the value
is then computed with guard digits and rounded half away from zero to that scale, as round_var
does. Also defines the SQLSTATE classes (2201E/2201F/2201G) shared by the math_* modules.
Keys of FUNCTIONS are pg_proc.prosrc names. Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import decimal
import math
import sys
from collections.abc import Callable
from decimal import Decimal

from engine.errors import (
    DivisionByZero,
    EngineError,
    NumericValueOutOfRange,
)
from engine.types.numeric import (
    NAN,
    NINF,
    PINF,
    check_overflow,
    make,
    numeric_add,
    numeric_cmp,
    numeric_mul,
    numeric_sub,
    round_to_scale,
    scale_of,
)

# numeric values reach 131072 + 16383 digits; CPython refuses int<->str conversions past 4300
# digits by default, which breaks numeric text I/O of such values process-wide (numeric.make
# goes through str). Lifting the limit here, where the big results are produced, until the
# engine sets it at startup.
sys.set_int_max_str_digits(0)

DEC_DIGITS = 4
NBASE = 10000
MIN_SIG_DIGITS = 16
MAX_DISPLAY_SCALE = 1000
MAX_RESULT_SCALE = 2000
DSCALE_MAX = 0x3FFF
WEIGHT_MAX = 0x7FFF


class InvalidArgumentForLog(EngineError):
    sqlstate = "2201E"


class InvalidArgumentForPower(EngineError):
    sqlstate = "2201F"


class InvalidArgumentForWidthBucket(EngineError):
    sqlstate = "2201G"


_BIG = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    rounding=decimal.ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def _ctx(prec: int) -> decimal.Context:
    return decimal.Context(
        prec=max(prec, 20),
        Emax=decimal.MAX_EMAX,
        Emin=decimal.MIN_EMIN,
        rounding=decimal.ROUND_HALF_EVEN,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


# --- PG's NumericVar view of a Decimal ---------------------------------------------------------


def _coeff_scale(d: Decimal) -> tuple[int, int]:
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    coeff = int("".join(map(str, digits))) if digits else 0
    return (-coeff if sign else coeff), -exp


def nbase_digits(d: Decimal, limit: int = 5) -> tuple[int, list[int]]:
    """(weight, leading base-10000 digits) of |d| as PG's NumericVar holds it: at most ``limit``
    digits, trailing zero digits stripped; (0, []) for zero. Works on the decimal digit tuple so
    huge values cost no int/str conversion."""
    _, dt, exp = d.as_tuple()
    assert isinstance(exp, int)
    last = len(dt)
    while last > 0 and dt[last - 1] == 0:  # trailing zeros move into the exponent
        last -= 1
    digits_t = dt[:last]
    exp += len(dt) - last
    if not digits_t or digits_t == (0,):
        return 0, []
    top = exp + len(digits_t) - 1  # decimal exponent of the leading digit
    weight = top // DEC_DIGITS
    out: list[int] = []
    pos = top
    i = 0
    while i < len(digits_t) and len(out) < limit:
        group = pos // DEC_DIGITS
        value = 0
        for p in range(group * DEC_DIGITS + DEC_DIGITS - 1, group * DEC_DIGITS - 1, -1):
            idx = top - p
            value = value * 10 + (digits_t[idx] if 0 <= idx < len(digits_t) else 0)
        out.append(value)
        pos = group * DEC_DIGITS - 1
        i = top - pos
    while out and out[-1] == 0:
        out.pop()
    return weight, out


def _weight(d: Decimal) -> int:
    return nbase_digits(d)[0]


def quantize(value: Decimal, rscale: int) -> Decimal:
    """round_var: ``value`` rounded half away from zero to ``rscale`` digits, as a PG numeric."""
    q = value.scaleb(rscale, _BIG).to_integral_value(decimal.ROUND_HALF_UP, _BIG)
    coeff = int(q)
    if rscale < 0:
        coeff *= 10 ** (-rscale)
        rscale = 0
    check_overflow(coeff, rscale)
    return make(1 if coeff < 0 else 0, abs(coeff), rscale)


def _clamp_rscale(rscale: int, *scales: int) -> int:
    return min(max(rscale, *scales, 0), MAX_DISPLAY_SCALE)


def _to_double(d: Decimal) -> float:
    """numericvar_to_double_no_overflow: out-of-range values become ±HUGE_VAL."""
    return float(d)


def _ctrunc(x: float) -> int:
    """C's (int) cast of a double: truncation toward zero."""
    return int(x)


# --- rounding family -------------------------------------------------------------------------


def numeric_round(d: Decimal, scale: int) -> Decimal:
    if not d.is_finite():
        return d
    # one digit more than trunc's limit: the leading digit may round up (numeric_round)
    scale = min(max(scale, -(WEIGHT_MAX + 1) * DEC_DIGITS - 1), DSCALE_MAX)
    return round_to_scale(d, scale)


def numeric_trunc(d: Decimal, scale: int) -> Decimal:
    if not d.is_finite():
        return d
    scale = min(max(scale, -(WEIGHT_MAX + 1) * DEC_DIGITS), DSCALE_MAX)
    coeff, s = _coeff_scale(d)
    if scale >= s:
        return round_to_scale(d, scale)
    q = abs(coeff) // 10 ** (s - scale)
    if coeff < 0:
        q = -q
    if scale < 0:
        q *= 10 ** (-scale)
        scale = 0
    return make(1 if q < 0 else 0, abs(q), scale)


def _integral(d: Decimal, up: bool) -> Decimal:
    if not d.is_finite():
        return d
    coeff, s = _coeff_scale(d)
    q, r = divmod(coeff, 10**s)  # floor division
    if up and r:
        q += 1
    return make(1 if q < 0 else 0, abs(q), 0)


def numeric_ceil(d: Decimal) -> Decimal:
    return _integral(d, True)


def numeric_floor(d: Decimal) -> Decimal:
    return _integral(d, False)


def numeric_sign(d: Decimal) -> Decimal:
    if d.is_nan():
        return NAN
    if d == 0:
        return Decimal(0)
    return Decimal(1) if d > 0 else Decimal(-1)


def numeric_abs(d: Decimal) -> Decimal:
    return d.copy_abs()


def numeric_inc(d: Decimal) -> Decimal:
    return numeric_add(d, Decimal(1))


def numeric_scale(d: Decimal) -> int | None:
    return None if not d.is_finite() else scale_of(d)


def _min_scale(d: Decimal) -> int:
    coeff, s = _coeff_scale(d)
    if coeff == 0:
        return 0
    while s > 0 and coeff % 10 == 0:
        coeff //= 10
        s -= 1
    return max(s, 0)


def numeric_min_scale(d: Decimal) -> int | None:
    return None if not d.is_finite() else _min_scale(d)


def numeric_trim_scale(d: Decimal) -> Decimal:
    if not d.is_finite():
        return d
    return round_to_scale(d, _min_scale(d))


def numeric_larger(a: Decimal, b: Decimal) -> Decimal:
    return a if numeric_cmp(a, b) > 0 else b


def numeric_smaller(a: Decimal, b: Decimal) -> Decimal:
    return a if numeric_cmp(a, b) < 0 else b


# --- gcd / lcm / factorial ---------------------------------------------------------------------


def numeric_gcd(a: Decimal, b: Decimal) -> Decimal:
    if not (a.is_finite() and b.is_finite()):
        return NAN
    ca, sa = _coeff_scale(a)
    cb, sb = _coeff_scale(b)
    s = max(sa, sb)
    g = math.gcd(ca * 10 ** (s - sa), cb * 10 ** (s - sb))
    return make(0, g, s)


def numeric_lcm(a: Decimal, b: Decimal) -> Decimal:
    if not (a.is_finite() and b.is_finite()):
        return NAN
    ca, sa = _coeff_scale(a)
    cb, sb = _coeff_scale(b)
    s = max(sa, sb)
    x, y = abs(ca * 10 ** (s - sa)), abs(cb * 10 ** (s - sb))
    if x == 0 or y == 0:
        return make(0, 0, s)
    lcm = x // math.gcd(x, y) * y
    check_overflow(lcm, s)
    return make(0, lcm, s)


def numeric_fac(n: int) -> Decimal:
    if n < 0:
        raise NumericValueOutOfRange("factorial of a negative number is undefined")
    if n <= 1:
        return Decimal(1)
    if n > 32177:
        raise NumericValueOutOfRange("value overflows numeric format")
    return make(0, math.factorial(n), 0)


# --- sqrt / exp / ln / log / power -------------------------------------------------------------


def numeric_sqrt(d: Decimal) -> Decimal:
    if d.is_nan() or d == PINF:
        return d
    if d < 0:
        raise InvalidArgumentForPower("cannot take square root of a negative number")
    sweight = (_weight(d) + 1) * DEC_DIGITS // 2 - 1
    rscale = _clamp_rscale(MIN_SIG_DIGITS - sweight, scale_of(d))
    if d.adjusted() > 2000:
        # huge input: mpdecimal's correctly rounded root with guard digits (exact int math on
        # 100k-digit values is quadratic in CPython's int/str conversions)
        ctx = _ctx(d.adjusted() // 2 + rscale + 30)
        return quantize(ctx.sqrt(ctx.plus(d)), rscale)
    coeff, s = _coeff_scale(d)
    # sqrt to rscale+1 digits, truncated, then rounded like round_var (= half-up on the exact root)
    k = 2 * (rscale + 1) - s
    root = math.isqrt(coeff * 10**k) if k >= 0 else math.isqrt(coeff // 10 ** (-k))
    q, last = divmod(root, 10)
    if last >= 5:
        q += 1
    return make(0, q, rscale)


def _exp_rscale(x: Decimal) -> int:
    val = _to_double(x) * 0.434294481903252
    val = min(max(val, -MAX_RESULT_SCALE), MAX_RESULT_SCALE)
    return _clamp_rscale(MIN_SIG_DIGITS - _ctrunc(val), scale_of(x))


def exp_var(x: Decimal, rscale: int) -> Decimal:
    val = _to_double(x)
    if abs(val) >= MAX_RESULT_SCALE * 3:
        if val > 0:
            raise NumericValueOutOfRange("value overflows numeric format")
        return make(0, 0, rscale)
    mag = _ctrunc(val * 0.434294481903252) + 2
    ctx = _ctx(rscale + max(mag, 0) + 25)
    return quantize(ctx.exp(x), rscale)


def numeric_exp(d: Decimal) -> Decimal:
    if d.is_nan() or d == PINF:
        return d
    if d == NINF:
        return Decimal(0)
    return exp_var(d, _exp_rscale(d))


def estimate_ln_dweight(var: Decimal) -> int:
    if var <= 0:
        return 0
    if Decimal("0.9") <= var <= Decimal("1.1"):
        x = var - Decimal(1)
        return 0 if x == 0 else x.adjusted()
    weight, digits = nbase_digits(var)
    value = digits[0]
    dweight = weight * DEC_DIGITS
    if len(digits) > 1:
        value = value * NBASE + digits[1]
        dweight -= DEC_DIGITS
    ln_var = math.log(value) + dweight * 2.302585092994046
    return _ctrunc(math.log10(abs(ln_var)))


def _ln_exact(x: Decimal, rscale: int) -> Decimal:
    """ln(x) as a high-precision Decimal good to well past ``rscale`` digits."""
    ctx = _ctx(rscale + 30 + max(len(str(abs(x.adjusted()))), 1))
    # rounding the argument to the working precision first keeps mpdecimal fast on 100k-digit
    # coefficients; the relative error it adds is far below the digits we keep
    return ctx.ln(ctx.plus(x))


def _check_log_arg(d: Decimal) -> None:
    if d == 0:
        raise InvalidArgumentForLog("cannot take logarithm of zero")
    if d < 0:
        raise InvalidArgumentForLog("cannot take logarithm of a negative number")


def numeric_ln(d: Decimal) -> Decimal:
    if d.is_nan():
        return d
    if d == NINF:
        raise InvalidArgumentForLog("cannot take logarithm of a negative number")
    if d == PINF:
        return d
    _check_log_arg(d)
    rscale = _clamp_rscale(MIN_SIG_DIGITS - estimate_ln_dweight(d), scale_of(d))
    return quantize(_ln_exact(d, rscale), rscale)


def numeric_log(base: Decimal, num: Decimal) -> Decimal:
    if not (base.is_finite() and num.is_finite()):
        if base.is_nan() or num.is_nan():
            return NAN
        if base < 0 or num < 0:
            raise InvalidArgumentForLog("cannot take logarithm of a negative number")
        if base == 0 or num == 0:
            raise InvalidArgumentForLog("cannot take logarithm of zero")
        if base == PINF:
            return NAN if num == PINF else Decimal(0)
        return PINF
    _check_log_arg(base)
    _check_log_arg(num)
    result_dweight = estimate_ln_dweight(num) - estimate_ln_dweight(base)
    rscale = _clamp_rscale(MIN_SIG_DIGITS - result_dweight, scale_of(base), scale_of(num))
    if base == 1:
        raise DivisionByZero("division by zero")
    guard = rscale + abs(result_dweight) + 30
    ln_num, ln_base = _ln_exact(num, guard), _ln_exact(base, guard)
    return quantize(_ctx(guard + 30).divide(ln_num, ln_base), rscale)


def _is_integral(d: Decimal) -> bool:
    if d.is_nan():
        return False
    if d.is_infinite():
        return True
    return d == d.to_integral_value()


def _is_odd_integer(d: Decimal) -> bool:
    return d.is_finite() and _is_integral(d) and int(d) % 2 == 1


def _power_special(a: Decimal, b: Decimal) -> Decimal | None:
    """numeric_power's NaN/Infinity rules (POSIX pow(3)), or None for finite inputs."""
    if a.is_nan():
        return Decimal(1) if b.is_finite() and b == 0 else NAN
    if b.is_nan():
        return Decimal(1) if a.is_finite() and a == 1 else NAN
    s1, s2 = _sgn(a), _sgn(b)
    if s1 == 0 and s2 < 0:
        raise InvalidArgumentForPower("zero raised to a negative power is undefined")
    if s1 < 0 and not _is_integral(b):
        raise InvalidArgumentForPower(
            "a negative number raised to a non-integer power yields a complex result"
        )
    if a.is_finite() and b.is_finite():
        return None
    if a.is_finite() and a == 1:
        return Decimal(1)
    if s2 == 0:
        return Decimal(1)
    if s1 == 0 and s2 > 0:
        return Decimal(0)
    if b.is_infinite():
        if a.is_infinite():
            gt_one = True
        else:
            if a == -1:
                return Decimal(1)
            gt_one = abs(a) > 1
        return PINF if gt_one == (s2 > 0) else Decimal(0)
    if a == PINF:
        return PINF if s2 > 0 else Decimal(0)
    if s2 < 0:
        return Decimal(0)
    return NINF if _is_odd_integer(b) else PINF


def _sgn(d: Decimal) -> int:
    return 0 if d == 0 else (1 if d > 0 else -1)


def power_var_int(base: Decimal, exp: int, exp_dscale: int) -> Decimal:
    weight, digits = nbase_digits(base)
    if digits:
        f_int, p = digits[0], weight * DEC_DIGITS
        i = 1
        while i < len(digits) and i * DEC_DIGITS < 16:
            f_int = f_int * NBASE + digits[i]
            p -= DEC_DIGITS
            i += 1
        f = exp * (math.log10(float(f_int)) + p)
    else:
        f = 0.0
    if f > (WEIGHT_MAX + 1) * DEC_DIGITS or f >= 131072:
        # the second test: the result surely has more than 131072 integral digits, which
        # make_result rejects after the (here costly) exact computation
        raise NumericValueOutOfRange("value overflows numeric format")
    if f + 1 < -MAX_DISPLAY_SCALE:
        return make(0, 0, MAX_DISPLAY_SCALE)
    rscale = _clamp_rscale(MIN_SIG_DIGITS - _ctrunc(f), scale_of(base), exp_dscale)
    if exp == 0:
        return make(0, 10**rscale, rscale)
    if not digits:
        if exp < 0:
            raise DivisionByZero("division by zero")
        return make(0, 0, rscale)
    coeff, s = _coeff_scale(base)
    n = abs(exp)
    if n * len(str(abs(coeff))) <= 20000:
        # exact: coeff**n / 10**(s*n), or its reciprocal
        num, den = coeff**n, 10 ** (s * n)
        if exp < 0:
            num, den = den, num
        if den < 0:
            num, den = -num, -den
        scaled = num * 10**rscale
        q, r = divmod(abs(scaled), den)
        if 2 * r >= den:
            q += 1
        return _signed(q if scaled >= 0 else -q, rscale)
    ctx = _ctx(rscale + max(_ctrunc(f), 0) + 40)
    return quantize(ctx.power(base, exp), rscale)


def _signed(coeff: int, scale: int) -> Decimal:
    check_overflow(coeff, scale)
    return make(1 if coeff < 0 else 0, abs(coeff), scale)


def power_var(base: Decimal, exp: Decimal) -> Decimal:
    if _is_integral(exp) and -(2**31) <= exp <= 2**31 - 1:
        return power_var_int(base, int(exp), scale_of(exp))
    if base == 0:
        return make(0, 0, MIN_SIG_DIGITS)
    negative = False
    if base < 0:
        negative = _is_odd_integer(exp)
        base = base.copy_abs()
    ln_dweight = estimate_ln_dweight(base)
    local_rscale = max(8 - ln_dweight, 0)
    ln_base = quantize(_ln_exact(base, local_rscale), local_rscale)
    ln_num = round_to_scale(numeric_mul(ln_base, exp), local_rscale)
    val = _to_double(ln_num)
    if abs(val) > MAX_RESULT_SCALE * 3.01:
        if val > 0:
            raise NumericValueOutOfRange("value overflows numeric format")
        return make(0, 0, MAX_DISPLAY_SCALE)
    val *= 0.434294481903252
    rscale = _clamp_rscale(MIN_SIG_DIGITS - _ctrunc(val), scale_of(base), scale_of(exp))
    sig_digits = max(rscale + _ctrunc(val), 0)
    guard = sig_digits - ln_dweight + 8 + 30
    ctx = _ctx(guard + abs(_ctrunc(val)) + 40)
    exact = ctx.multiply(_ln_exact(base, guard), exp)
    if abs(_to_double(exact)) >= MAX_RESULT_SCALE * 3:
        if exact > 0:
            raise NumericValueOutOfRange("value overflows numeric format")
        return make(0, 0, rscale)
    result = quantize(ctx.exp(exact), rscale)
    return result.copy_negate() if negative and result != 0 else result


def numeric_power(a: Decimal, b: Decimal) -> Decimal:
    special = _power_special(a, b)
    if special is not None:
        return special
    return power_var(a, b)


# --- width_bucket ------------------------------------------------------------------------------


def width_bucket_numeric(op: Decimal, b1: Decimal, b2: Decimal, count: int) -> int:
    if count <= 0:
        raise InvalidArgumentForWidthBucket("count must be greater than zero")
    if op.is_nan() or b1.is_nan() or b2.is_nan():
        raise InvalidArgumentForWidthBucket("operand, lower bound, and upper bound cannot be NaN")
    if b1.is_infinite() or b2.is_infinite():
        raise InvalidArgumentForWidthBucket("lower and upper bounds must be finite")
    c = numeric_cmp(b1, b2)
    if c == 0:
        raise InvalidArgumentForWidthBucket("lower bound cannot equal upper bound")
    if c < 0:
        if numeric_cmp(op, b1) < 0:
            return 0
        if numeric_cmp(op, b2) >= 0:
            return _int4_succ(count)
        num, den = numeric_sub(op, b1), numeric_sub(b2, b1)
    else:
        if numeric_cmp(op, b1) > 0:
            return 0
        if numeric_cmp(op, b2) <= 0:
            return _int4_succ(count)
        num, den = numeric_sub(b1, op), numeric_sub(b1, b2)
    cn, sn = _coeff_scale(num)
    cd, sd = _coeff_scale(den)
    # floor(num * count / den) for positive num, den
    return int((cn * count * 10**sd) // (cd * 10**sn)) + 1


def _int4_succ(count: int) -> int:
    if count >= 2**31 - 1:
        raise NumericValueOutOfRange("integer out of range")
    return count + 1


FUNCTIONS: dict[str, Callable[..., object]] = {
    f.__name__: f
    for f in (
        numeric_round,
        numeric_trunc,
        numeric_ceil,
        numeric_floor,
        numeric_sign,
        numeric_abs,
        numeric_inc,
        numeric_scale,
        numeric_min_scale,
        numeric_trim_scale,
        numeric_larger,
        numeric_smaller,
        numeric_gcd,
        numeric_lcm,
        numeric_fac,
        numeric_sqrt,
        numeric_exp,
        numeric_ln,
        numeric_log,
        numeric_power,
        width_bucket_numeric,
    )
}
