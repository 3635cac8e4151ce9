"""money (790): text input/output under lc_monetary=C, arithmetic, comparison, casts.

Follows src/backend/utils/adt/cash.c with the C locale's localeconv() (no currency symbol,
decimal point or separators, so cash.c's fallbacks apply: "$", ".", ",", groups of 3, 2 fraction
digits). A value is an int: the amount in cents (int64). lc_monetary is not tracked in
FormatSettings yet; every session is assumed to use 'C' (the primary's pg_regress/initdb
default). Must not import anything from the engine beyond ``engine.errors``, ``engine.types``
(base, settings, numeric) and must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from engine.errors import (
    DivisionByZero,
    FeatureNotSupported,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
)
from engine.types.base import PgType
from engine.types.numeric import make, numeric_in, numeric_mul, round_to_scale
from engine.types.settings import FormatSettings

MONEY = 790
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
FPOINT = 2
_SPACE = " \t\n\v\f\r"


def _range() -> NumericValueOutOfRange:
    return NumericValueOutOfRange("money out of range")


def _check(v: int) -> int:
    if not INT64_MIN <= v <= INT64_MAX:
        raise _range()
    return v


def _skip(s: str, i: int, chars: str = _SPACE) -> int:
    while i < len(s) and s[i] in chars:
        i += 1
    return i


def cash_in(text: str, typmod: int = -1) -> int:
    def out_of_range() -> NumericValueOutOfRange:
        return NumericValueOutOfRange(f'value "{text}" is out of range for type money')

    s, i, sgn = text, 0, 1
    i = _skip(s, i)
    if s.startswith("$", i):
        i += 1
    i = _skip(s, i)
    if s.startswith("-", i) or s.startswith("(", i):
        sgn, i = -1, i + 1
    elif s.startswith("+", i):
        i += 1
    i = _skip(s, i)
    if s.startswith("$", i):
        i += 1
    i = _skip(s, i)
    value, dec, seen_dot = 0, 0, False
    while i < len(s):
        c = s[i]
        if c.isascii() and c.isdigit() and (not seen_dot or dec < FPOINT):
            value = value * 10 - int(c)  # built in the negative, as cash.c does
            if value < INT64_MIN:
                raise out_of_range()
            if seen_dot:
                dec += 1
        elif c == "." and not seen_dot:
            seen_dot = True
        elif c == ",":
            pass
        else:
            break
        i += 1
    if i < len(s) and s[i].isascii() and s[i].isdigit() and s[i] >= "5":
        value -= 1
        if value < INT64_MIN:
            raise out_of_range()
    while dec < FPOINT:
        value *= 10
        if value < INT64_MIN:
            raise out_of_range()
        dec += 1
    while i < len(s) and s[i].isascii() and s[i].isdigit():
        i += 1
    while i < len(s):
        c = s[i]
        if c in _SPACE or c == ")":
            i += 1
        elif c == "-":
            sgn, i = -1, i + 1
        elif c in "+$":
            i += 1
        else:
            raise InvalidTextRepresentation(f'invalid input syntax for type money: "{text}"')
    if sgn > 0:
        if value == INT64_MIN:
            raise out_of_range()
        return -value
    return value


def cash_out(value: int, settings: FormatSettings | None = None) -> str:
    units, cents = divmod(abs(value), 100)
    return f"{'-' if value < 0 else ''}${units:,}.{cents:02d}"


def cash_key(value: int) -> int:
    return value


# --- arithmetic ----------------------------------------------------------------------------------


def cash_pl(a: int, b: int) -> int:
    return _check(a + b)


def cash_mi(a: int, b: int) -> int:
    return _check(a - b)


def _from_float(r: float) -> int:
    """(Cash) rint(r) after cash.c's range check (NaN and out-of-int64 raise)."""
    if math.isnan(r) or not (-9223372036854775808.0 <= r < 9223372036854775808.0):
        raise _range()
    return int(round(r))


def cash_mul_flt8(c: int, f: float) -> int:
    return _from_float(float(c) * f)


def flt8_mul_cash(f: float, c: int) -> int:
    return _from_float(f * float(c))


def cash_div_flt8(c: int, f: float) -> int:
    if f == 0.0:
        raise DivisionByZero("division by zero")
    return _from_float(float(c) / f)


def cash_mul_int(c: int, i: int) -> int:
    return _check(c * i)


def int_mul_cash(i: int, c: int) -> int:
    return _check(i * c)


def cash_div_int(c: int, i: int) -> int:
    if i == 0:
        raise DivisionByZero("division by zero")
    q = abs(c) // abs(i)
    return _check(-q if (c < 0) != (i < 0) else q)


def cash_div_cash(a: int, b: int) -> float:
    if b == 0:
        raise DivisionByZero("division by zero")
    return float(a) / float(b)


def cash_cmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


# --- casts ---------------------------------------------------------------------------------------


def cash_numeric(c: int) -> Decimal:
    return make(1 if c < 0 else 0, abs(c), FPOINT)


def numeric_cash(d: Decimal) -> int:
    if not d.is_finite():
        # numeric_int8's refusal, with PG's own SQLSTATE (0A000) and message
        what = "NaN" if d.is_nan() else "infinity"
        raise FeatureNotSupported(f"cannot convert {what} to bigint")
    cents = round_to_scale(numeric_mul(d, numeric_in("100")), 0)
    v = int(cents)
    if not INT64_MIN <= v <= INT64_MAX:
        raise NumericValueOutOfRange("money out of range")
    return v


def int4_cash(i: int) -> int:
    return _check(i * 100)


def int8_cash(i: int) -> int:
    return _check(i * 100)


TYPES: tuple[PgType, ...] = (PgType(MONEY, "money", 8, "N", False, cash_in, cash_out, cash_key),)

FUNCTIONS: dict[str, Callable[..., object]] = {
    "cash_pl": cash_pl,
    "cash_mi": cash_mi,
    "cash_mul_flt8": cash_mul_flt8,
    "cash_mul_flt4": cash_mul_flt8,
    "flt8_mul_cash": flt8_mul_cash,
    "flt4_mul_cash": flt8_mul_cash,
    "cash_div_flt8": cash_div_flt8,
    "cash_div_flt4": cash_div_flt8,
    "cash_mul_int8": cash_mul_int,
    "cash_mul_int4": cash_mul_int,
    "cash_mul_int2": cash_mul_int,
    "int8_mul_cash": int_mul_cash,
    "int4_mul_cash": int_mul_cash,
    "int2_mul_cash": int_mul_cash,
    "cash_div_int8": cash_div_int,
    "cash_div_int4": cash_div_int,
    "cash_div_int2": cash_div_int,
    "cash_div_cash": cash_div_cash,
    "cash_eq": lambda a, b: a == b,
    "cash_ne": lambda a, b: a != b,
    "cash_lt": lambda a, b: a < b,
    "cash_le": lambda a, b: a <= b,
    "cash_gt": lambda a, b: a > b,
    "cash_ge": lambda a, b: a >= b,
    "cash_cmp": cash_cmp,
    "cashlarger": max,
    "cashsmaller": min,
    "cash_numeric": cash_numeric,
    "numeric_cash": numeric_cash,
    "int4_cash": int4_cash,
    "int8_cash": int8_cash,
}
