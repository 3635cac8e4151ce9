"""int2/int4/int8 math builtins: bitwise and/or/xor/not/shifts, abs, larger/smaller, gcd/lcm.

Follows src/backend/utils/adt/{int.c,int8.c}: results are range-checked with each type's own
"out of range" message; shift counts behave as on x86-64 (the count is taken modulo the width of
the promoted C type: 32 for int2/int4, 64 for int8), which is what the primary's binary does.
Keys of FUNCTIONS are pg_proc.prosrc names. Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from engine.errors import NumericValueOutOfRange

_BITS = {"2": 16, "4": 32, "8": 64}
_NAMES = {"2": "smallint", "4": "integer", "8": "bigint"}


def _wrap(value: int, bits: int) -> int:
    """Two's-complement truncation to ``bits`` bits (a C cast to the narrower type)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _check(value: int, t: str) -> int:
    bits = _BITS[t]
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise NumericValueOutOfRange(f"{_NAMES[t]} out of range")
    return value


def _make(t: str) -> dict[str, Callable[..., object]]:
    bits = _BITS[t]
    promoted = 64 if bits == 64 else 32

    def shl(a: int, n: int) -> int:
        return _wrap(_wrap(a << (n & (promoted - 1)), promoted), bits)

    def shr(a: int, n: int) -> int:
        return _wrap(a >> (n & (promoted - 1)), bits)

    def gcd(a: int, b: int) -> int:
        return _check(math.gcd(a, b), t)

    def lcm(a: int, b: int) -> int:
        if a == 0 or b == 0:
            return 0
        return _check(abs(a // math.gcd(a, b) * b), t)

    fns: dict[str, Callable[..., object]] = {
        f"int{t}and": lambda a, b: a & b,
        f"int{t}or": lambda a, b: a | b,
        f"int{t}xor": lambda a, b: a ^ b,
        f"int{t}not": lambda a: ~a,
        f"int{t}shl": shl,
        f"int{t}shr": shr,
        f"int{t}abs": lambda a: _check(abs(a), t),
        f"int{t}larger": lambda a, b: a if a > b else b,
        f"int{t}smaller": lambda a, b: a if a < b else b,
    }
    if t != "2":
        fns[f"int{t}gcd"] = gcd
        fns[f"int{t}lcm"] = lcm
    return fns


FUNCTIONS: dict[str, Callable[..., object]] = {
    **_make("2"),
    **_make("4"),
    **_make("8"),
}
