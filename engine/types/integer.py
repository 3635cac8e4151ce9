"""int2 / int4 / int8: text input and output, arithmetic and comparison operators.

Follows src/backend/utils/adt/{int.c,int8.c,numutils.c}: overflow raises 22003 with the type's
own message, ``/`` truncates toward zero, ``%`` takes the dividend's sign, ``x / 0`` and
``x % 0`` raise 22012. Python ints never overflow, so every result is range-checked here.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from engine.errors import DivisionByZero, InvalidTextRepresentation, NumericValueOutOfRange
from engine.types.settings import FormatSettings

INT2, INT4, INT8 = 21, 23, 20
BOOL = 16

# oid -> (short name used in PG function names, SQL type name in messages, bits)
INT_TYPES: dict[int, tuple[str, str, int]] = {
    INT2: ("2", "smallint", 16),
    INT4: ("4", "integer", 32),
    INT8: ("8", "bigint", 64),
}
_RANK = {INT2: 0, INT4: 1, INT8: 2}
_WS = " \t\n\r\f\v"


def int_range(oid: int) -> tuple[int, int]:
    bits = INT_TYPES[oid][2]
    return -(1 << (bits - 1)), (1 << (bits - 1)) - 1


def check_int(value: int, oid: int) -> int:
    """Raise PG's '<type> out of range' if value does not fit the integer type oid."""
    lo, hi = int_range(oid)
    if value < lo or value > hi:
        raise NumericValueOutOfRange(f"{INT_TYPES[oid][1]} out of range")
    return value


def _parse_int(text: str, oid: int) -> int:
    """pg_strtoint{16,32,64}_safe (PG 16+): whitespace, sign, 0x/0o/0b prefixes, underscores.

    Mirrors the scan order of PG: overflow of the digits seen so far is reported before a syntax
    error in what follows them.
    """
    typname = INT_TYPES[oid][1]
    lo, _ = int_range(oid)
    limit = -lo  # magnitude of the most negative value

    def syntax() -> InvalidTextRepresentation:
        return InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')

    def out_of_range() -> NumericValueOutOfRange:
        return NumericValueOutOfRange(f'value "{text}" is out of range for type {typname}')

    i, n = 0, len(text)
    while i < n and text[i] in _WS:
        i += 1
    neg = False
    if i < n and text[i] in "+-":
        neg = text[i] == "-"
        i += 1
    base, digits = 10, "0123456789"
    if i + 1 < n and text[i] == "0" and text[i + 1] in "xXoObB":
        base, digits = {"x": (16, "0123456789abcdefABCDEF"), "o": (8, "01234567"), "b": (2, "01")}[
            text[i + 1].lower()
        ]
        i += 2
    first = i
    mag = 0
    while i < n:
        c = text[i]
        if c in digits:
            mag = mag * base + int(c, 16)
            if mag > limit:
                raise out_of_range()
            i += 1
        elif c == "_":
            # an underscore may not be first (decimal only) and must be followed by a digit
            if base == 10 and i == first:
                raise syntax()
            i += 1
            if i >= n or text[i] not in digits:
                raise syntax()
        else:
            break
    if i == first:
        raise syntax()
    while i < n and text[i] in _WS:
        i += 1
    if i != n:
        raise syntax()
    if not neg and mag == limit:
        raise out_of_range()
    return -mag if neg else mag


def int2in(text: str, typmod: int = -1) -> int:
    return _parse_int(text, INT2)


def int4in(text: str, typmod: int = -1) -> int:
    return _parse_int(text, INT4)


def int8in(text: str, typmod: int = -1) -> int:
    return _parse_int(text, INT8)


def intout(value: int, settings: FormatSettings) -> str:
    return str(value)


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return -q if (a < 0) != (b < 0) else q


def _trunc_mod(a: int, b: int) -> int:
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def _div(a: int, b: int) -> int:
    if b == 0:
        raise DivisionByZero("division by zero")
    return _trunc_div(a, b)


def _mod(a: int, b: int) -> int:
    if b == 0:
        raise DivisionByZero("division by zero")
    return _trunc_mod(a, b)


_ARITH: dict[str, tuple[str, Callable[[int, int], int]]] = {
    "+": ("pl", operator.add),
    "-": ("mi", operator.sub),
    "*": ("mul", operator.mul),
    "/": ("div", _div),
}
_CMP: dict[str, tuple[str, Callable[[int, int], bool]]] = {
    "=": ("eq", operator.eq),
    "<>": ("ne", operator.ne),
    "<": ("lt", operator.lt),
    "<=": ("le", operator.le),
    ">": ("gt", operator.gt),
    ">=": ("ge", operator.ge),
}

FUNCTIONS: dict[str, Callable[..., object]] = {}
OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {}
UNARY_ENTRIES: dict[tuple[str, int], tuple[int, Callable[..., object]]] = {}


def _pg_prefix(left: int, right: int) -> str:
    a, b = INT_TYPES[left][0], INT_TYPES[right][0]
    return f"int{a}" if a == b else f"int{a}{b}"


def _make_arith(name: str, fn: Callable[[int, int], int], result: int) -> Callable[[int, int], int]:
    def impl(a: int, b: int) -> int:
        return check_int(fn(a, b), result)

    impl.__name__ = impl.__qualname__ = name
    return impl


def _make_cmp(name: str, fn: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    def impl(a: int, b: int) -> bool:
        return fn(a, b)

    impl.__name__ = impl.__qualname__ = name
    return impl


def _make_unary(name: str, sign: int, result: int) -> Callable[[int], int]:
    def impl(a: int) -> int:
        return check_int(sign * a, result)

    impl.__name__ = impl.__qualname__ = name
    return impl


def _register() -> None:
    for left in INT_TYPES:
        for right in INT_TYPES:
            prefix = _pg_prefix(left, right)
            result = left if _RANK[left] >= _RANK[right] else right
            for sym, (suffix, fn) in _ARITH.items():
                arith = _make_arith(prefix + suffix, fn, result)
                FUNCTIONS[arith.__name__] = arith
                OPERATOR_ENTRIES[(sym, left, right)] = (result, arith)
            for sym, (suffix, cfn) in _CMP.items():
                cmp = _make_cmp(prefix + suffix, cfn)
                FUNCTIONS[cmp.__name__] = cmp
                OPERATOR_ENTRIES[(sym, left, right)] = (BOOL, cmp)
        # % exists only for same-type operands (int2mod, int4mod, int8mod)
        mod = _make_arith(f"int{INT_TYPES[left][0]}mod", _mod, left)
        FUNCTIONS[mod.__name__] = mod
        OPERATOR_ENTRIES[("%", left, left)] = (left, mod)
        for sym, suffix, sign in (("-", "um", -1), ("+", "up", 1)):
            un = _make_unary(f"int{INT_TYPES[left][0]}{suffix}", sign, left)
            FUNCTIONS[un.__name__] = un
            UNARY_ENTRIES[(sym, left)] = (left, un)


_register()


def int_key(value: int) -> int:
    return value
