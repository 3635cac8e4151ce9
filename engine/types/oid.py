"""oid (26) and the reg* alias types in their numeric form only.

Follows src/backend/utils/adt/oid.c (oidin via uint32in_subr: strtoul semantics, so -1 reads
as 4294967295) and regproc.c. A value is an int in [0, 2**32). The reg* types print catalog
names, and the catalog is the primary's: input accepts only '-' / '0' and numeric OIDs, and
output of any OID but 0 is refused (0A000) rather than printed as a number PG would not print.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types`` (base,
settings); must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from engine.errors import FeatureNotSupported, InvalidTextRepresentation, NumericValueOutOfRange
from engine.types.base import PgType
from engine.types.settings import FormatSettings

OID = 26
REG_TYPES = {
    24: "regproc",
    2202: "regprocedure",
    2203: "regoper",
    2204: "regoperator",
    2205: "regclass",
    2206: "regtype",
    4191: "regcollation",
    4096: "regrole",
    4089: "regnamespace",
    3734: "regconfig",
    3769: "regdictionary",
}
_SPACE = " \t\n\v\f\r"
_STRTOUL = re.compile(r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)")


def oidin(text: str, typmod: int = -1) -> int:
    def syntax() -> InvalidTextRepresentation:
        return InvalidTextRepresentation(f'invalid input syntax for type oid: "{text}"')

    m = _STRTOUL.match(text)
    if m is None or text[m.end() :].strip(_SPACE):
        raise syntax()
    digits = m.group(2)
    mag = (
        int(digits, 16)
        if digits[:2] in ("0x", "0X")
        else int(digits, 8 if digits[0] == "0" else 10)
    )
    if mag >= 1 << 64:
        raise NumericValueOutOfRange(f'value "{text}" is out of range for type oid')
    cvt = mag if m.group(1) != "-" else (-mag) % (1 << 64)  # strtoul negates in unsigned long
    result = cvt & 0xFFFFFFFF
    sign_extended = result | (0xFFFFFFFF << 32) if result >> 31 else result
    if cvt not in (result, sign_extended):
        raise NumericValueOutOfRange(f'value "{text}" is out of range for type oid')
    return result


def oidout(value: int, settings: FormatSettings) -> str:
    return str(value)


def oid_key(value: int) -> int:
    return value


def i8tooid(v: int) -> int:
    if not 0 <= v <= 0xFFFFFFFF:
        raise NumericValueOutOfRange("OID out of range")
    return v


def oidtoi8(v: int) -> int:
    return v


def int4_to_oid(v: int) -> int:
    """The binary-coercible int4 -> oid cast: the same 32 bits read unsigned."""
    return v & 0xFFFFFFFF


def oid_to_int4(v: int) -> int:
    """The binary-coercible oid -> int4 cast: the same 32 bits read signed."""
    return v - (1 << 32) if v >= 1 << 31 else v


def _reg_in(name: str) -> Callable[[str, int], int]:
    def impl(text: str, typmod: int = -1) -> int:
        if text.strip(_SPACE) == "-":
            return 0
        if text.strip(_SPACE).isdigit():
            return oidin(text)
        raise FeatureNotSupported(f"{name} input by name is not supported (catalog lookup)")

    return impl


def _reg_out(name: str) -> Callable[[int, FormatSettings], str]:
    def impl(value: int, settings: FormatSettings) -> str:
        if value == 0:
            return "-"
        raise FeatureNotSupported(f"{name} output is not supported (catalog lookup)")

    return impl


def _reg_type(oid: int, name: str) -> PgType:
    from engine.types.regnames import PATCHES  # noqa: PLC0415 (name forms of some reg* types)

    io = PATCHES.get(oid)
    if io is not None:
        return PgType(oid, name, 4, "N", False, io[0], io[1], oid_key)
    return PgType(oid, name, 4, "N", False, _reg_in(name), _reg_out(name), oid_key)


TYPES: tuple[PgType, ...] = (
    PgType(OID, "oid", 4, "N", True, oidin, oidout, oid_key),
    *(_reg_type(oid, name) for oid, name in REG_TYPES.items()),
)

FUNCTIONS: dict[str, Callable[..., object]] = {
    "oideq": lambda a, b: a == b,
    "oidne": lambda a, b: a != b,
    "oidlt": lambda a, b: a < b,
    "oidle": lambda a, b: a <= b,
    "oidgt": lambda a, b: a > b,
    "oidge": lambda a, b: a >= b,
    "btoidcmp": lambda a, b: (a > b) - (a < b),
    "oidlarger": max,
    "oidsmaller": min,
    "i8tooid": i8tooid,
    "oidtoi8": oidtoi8,
}
