"""macaddr (829) and macaddr8 (774): text input/output, ordering, bitwise functions, trunc and
the casts between them.

Follows src/backend/utils/adt/mac.c and mac8.c. macaddr_in tries seven sscanf() formats in turn;
``_scan`` reproduces glibc's %x/%2x/%1s conversions (leading whitespace, sign, "0x" prefix, the
width counting them, strtoul's wrap into an int) so the same texts are accepted. A macaddr is an
int of 48 bits, a macaddr8 an int of 64 bits (big-endian byte order, so int order is
macaddr_cmp's order). Must not import anything from the engine beyond ``engine.errors`` and
``engine.types``, and must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.errors import InvalidTextRepresentation, NumericValueOutOfRange
from engine.types.base import PgType
from engine.types.settings import FormatSettings

MACADDR, MACADDR8 = 829, 774
_SPACE = " \t\n\v\f\r"  # isspace() in the C locale
_ULONG = 1 << 64

# --- macaddr input: glibc sscanf ----------------------------------------------------------------
# A format is a sequence of ("x", width) conversions (width 0 = unlimited) and literal separator
# characters; each ends with %1s, which matches (and so spoils the count) iff non-blank text
# follows.

_Format = tuple[tuple[str, int] | str, ...]


def _fmt(widths: int, seps: dict[int, str]) -> _Format:
    """Six %x conversions of the given width with separators after the given positions."""
    out: list[tuple[str, int] | str] = []
    for k in range(6):
        out.append(("x", widths))
        if k in seps:
            out.append(seps[k])
    return tuple(out)


_FORMATS: tuple[_Format, ...] = (
    _fmt(0, dict.fromkeys(range(5), ":")),  # %x:%x:%x:%x:%x:%x
    _fmt(0, dict.fromkeys(range(5), "-")),  # %x-%x-%x-%x-%x-%x
    _fmt(2, {2: ":"}),  # %2x%2x%2x:%2x%2x%2x
    _fmt(2, {2: "-"}),  # %2x%2x%2x-%2x%2x%2x
    _fmt(2, {1: ".", 3: "."}),  # %2x%2x.%2x%2x.%2x%2x
    _fmt(2, {1: "-", 3: "-"}),  # %2x%2x-%2x%2x-%2x%2x
    _fmt(2, {}),  # %2x%2x%2x%2x%2x%2x
)


def _hexdigit(c: str) -> bool:
    return "0" <= c <= "9" or "a" <= c <= "f" or "A" <= c <= "F"


def _scan_hex(s: str, i: int, width: int) -> tuple[int, int] | None:
    """One %x (width 0 = unlimited) at s[i]: (value as the int it is stored into, new index),
    or None on a matching failure."""
    while i < len(s) and s[i] in _SPACE:
        i += 1
    left = width if width else -1
    digits, negative, seen = "", False, False
    if i < len(s) and s[i] in "+-" and left != 0:
        negative = s[i] == "-"
        i, left = i + 1, left - 1
    if i < len(s) and s[i] == "0" and left != 0:
        digits, seen = "0", True
        i, left = i + 1, left - 1
        if i < len(s) and s[i] in "xX" and left != 0:
            i, left = i + 1, left - 1
    while i < len(s) and _hexdigit(s[i]) and left != 0:
        digits += s[i]
        i, left = i + 1, left - 1
    if not digits and not seen:
        return None
    value = int(digits, 16)
    # strtoul: overflow saturates at ULONG_MAX, '-' negates modulo 2^64; then (unsigned) int
    value = _ULONG - 1 if value >= _ULONG else (-value % _ULONG if negative else value)
    value &= 0xFFFFFFFF
    return (value - (1 << 32) if value >= 1 << 31 else value), i


def _scan(s: str, fmt: _Format) -> list[int] | None:
    """The six values when the format converts all six and nothing but blanks follows."""
    values: list[int] = []
    i = 0
    for item in fmt:
        if isinstance(item, str):
            if i >= len(s) or s[i] != item:
                return None
            i += 1
            continue
        got = _scan_hex(s, i, item[1])
        if got is None:
            return None
        values.append(got[0])
        i = got[1]
    if s[i:].strip(_SPACE):
        return None  # %1s matched trailing garbage: sscanf returned 7
    return values


def macaddr_in(text: str, typmod: int = -1) -> int:
    for fmt in _FORMATS:
        values = _scan(text, fmt)
        if values is not None:
            break
    else:
        raise InvalidTextRepresentation(f'invalid input syntax for type macaddr: "{text}"')
    if any(not 0 <= v <= 255 for v in values):
        raise NumericValueOutOfRange(f'invalid octet value in "macaddr" value: "{text}"')
    return int.from_bytes(bytes(values), "big")


def macaddr_out(value: int, settings: FormatSettings | None = None) -> str:
    return ":".join(f"{b:02x}" for b in value.to_bytes(6, "big"))


# --- macaddr8 input (mac8.c's hand-written scanner) ---------------------------------------------


_HEX = frozenset(b"0123456789abcdefABCDEF")


def _hex2(data: bytes, i: int) -> int | None:
    """hex2_to_uchar: two hex digits (bytes above 127 are never digits)."""
    if data[i] in _HEX and data[i + 1] in _HEX:
        return int(data[i : i + 2], 16)
    return None


def macaddr8_in(text: str, typmod: int = -1) -> int:
    """Pairs of hex digits with one consistent optional spacer (':', '-', '.') between any
    pairs; 6 bytes become xx:xx:xx:ff:fe:xx:xx:xx. Like mac8.c, a lone trailing character is
    ignored (the loop needs two characters) and blanks may lead or follow 6 or 8 bytes."""
    data = text.encode()
    bad = InvalidTextRepresentation(f'invalid input syntax for type macaddr8: "{text}"')
    i = 0
    while i < len(data) and chr(data[i]) in _SPACE:
        i += 1
    out: list[int] = []
    spacer = 0
    while i + 1 < len(data):
        if len(out) == 8:
            raise bad  # trailing garbage
        byte = _hex2(data, i)
        if byte is None:
            raise bad
        out.append(byte)
        i += 2
        if i < len(data) and data[i] in b":-.":
            if spacer == 0:
                spacer = data[i]
            elif spacer != data[i]:
                raise bad
            i += 1
        if len(out) in (6, 8) and i < len(data) and chr(data[i]) in _SPACE:
            while i < len(data) and chr(data[i]) in _SPACE:
                i += 1
            if i < len(data):
                raise bad
    if len(out) == 6:
        out = out[:3] + [0xFF, 0xFE] + out[3:]
    elif len(out) != 8:
        raise bad
    return int.from_bytes(bytes(out), "big")


def macaddr8_out(value: int, settings: FormatSettings | None = None) -> str:
    return ":".join(f"{b:02x}" for b in value.to_bytes(8, "big"))


def mac_key(value: int) -> int:
    return value


# --- functions ------------------------------------------------------------------------------------

_ALL6, _ALL8 = (1 << 48) - 1, (1 << 64) - 1


def _cmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


def macaddr_trunc(v: int) -> int:
    return v & ~0xFFFFFF & _ALL6


def macaddr8_trunc(v: int) -> int:
    return v & ~0xFFFFFFFFFF & _ALL8


def macaddr8_set7bit(v: int) -> int:
    return v | (0x02 << 56)


def macaddrtomacaddr8(v: int) -> int:
    return (v >> 24) << 40 | 0xFFFE << 24 | (v & 0xFFFFFF)


def macaddr8tomacaddr(v: int) -> int:
    if (v >> 24) & 0xFFFF != 0xFFFE:
        raise NumericValueOutOfRange(
            "macaddr8 data out of range to convert to macaddr",
            hint="Only addresses that have FF and FE as values in the 4th and 5th bytes from "
            "the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be converted "
            "from macaddr8 to macaddr.",
        )
    return (v >> 40) << 24 | (v & 0xFFFFFF)


def _family(prefix: str, full: int) -> dict[str, Callable[..., object]]:
    return {
        f"{prefix}_eq": lambda a, b: a == b,
        f"{prefix}_ne": lambda a, b: a != b,
        f"{prefix}_lt": lambda a, b: a < b,
        f"{prefix}_le": lambda a, b: a <= b,
        f"{prefix}_gt": lambda a, b: a > b,
        f"{prefix}_ge": lambda a, b: a >= b,
        f"{prefix}_cmp": _cmp,
        f"{prefix}_not": lambda a: a ^ full,
        f"{prefix}_and": lambda a, b: a & b,
        f"{prefix}_or": lambda a, b: a | b,
    }


TYPES: tuple[PgType, ...] = (
    PgType(MACADDR, "macaddr", 6, "U", False, macaddr_in, macaddr_out, mac_key),
    PgType(MACADDR8, "macaddr8", 8, "U", False, macaddr8_in, macaddr8_out, mac_key),
)

FUNCTIONS: dict[str, Callable[..., object]] = {
    **_family("macaddr", _ALL6),
    **_family("macaddr8", _ALL8),
    "macaddr_trunc": macaddr_trunc,
    "macaddr8_trunc": macaddr8_trunc,
    "macaddr8_set7bit": macaddr8_set7bit,
    "macaddrtomacaddr8": macaddrtomacaddr8,
    "macaddr8tomacaddr": macaddr8tomacaddr,
}
