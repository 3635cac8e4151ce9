"""The one-byte internal type ``"char"`` (OID 18): input, output, comparison and casts.

Follows src/backend/utils/adt/char.c (PostgreSQL 18). A value is the byte as an ``int`` in
0..255; comparisons are unsigned (``(uint8)`` casts in charlt & co.), while the cast to int4
sign-extends (chartoi4). Bytes with the high bit set print as ``\\ooo`` octal so that the output
is valid in any encoding. Must not import ``replica`` or ``wire``; imports only
``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from engine.errors import FeatureNotSupported, NumericValueOutOfRange
from engine.types.base import PgType
from engine.types.settings import FormatSettings

CHAR = 18


def _octal(ch: str) -> bool:
    return "0" <= ch <= "7"


def charin(text: str, typmod: int = -1) -> int:
    """First byte of the input; exactly ``\\ooo`` is an octal escape (char.c charin)."""
    if len(text) == 4 and text[0] == "\\" and all(_octal(c) for c in text[1:]):
        return int(text[1:], 8) & 0xFF
    raw = text.encode("utf-8")
    return raw[0] if raw else 0


def _char_text(value: int) -> str:
    """char_text / charout: NUL is the empty string, high-bit bytes an octal escape."""
    if value == 0:
        return ""
    if value & 0x80:
        return "\\" + format(value, "03o")
    return chr(value)


def charout(value: int, settings: FormatSettings) -> str:
    return _char_text(value)


def char_key(value: int) -> int:
    return value


def text_char(value: str) -> int:
    """text → "char" reads its argument exactly as charin does (PG 15+), octal escape included."""
    return charin(value)


def char_bpchar(value: int) -> str:
    """char_bpchar copies the raw byte (no octal escape), which for a high-bit byte is not valid
    UTF-8 and cannot be held in a str."""
    if value & 0x80:
        raise FeatureNotSupported('cast of a non-ASCII "char" value to character')
    return _char_text(value)


def chartoi4(value: int) -> int:
    return value - 256 if value & 0x80 else value


def i4tochar(value: int) -> int:
    if value < -128 or value > 127:
        raise NumericValueOutOfRange('"char" out of range')
    return value & 0xFF


TYPES = (PgType(CHAR, "char", 1, "Z", False, charin, charout, char_key),)

FUNCTIONS: dict[str, Callable[..., object]] = {
    "char_text": _char_text,
    "char_bpchar": char_bpchar,
    "text_char": text_char,
    "chartoi4": chartoi4,
    "i4tochar": i4tochar,
}


def _cmp(fn: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    return lambda a, b: fn(a, b)


for _suffix, _fn in (
    ("eq", operator.eq),
    ("ne", operator.ne),
    ("lt", operator.lt),
    ("le", operator.le),
    ("gt", operator.gt),
    ("ge", operator.ge),
):
    FUNCTIONS[f"char{_suffix}"] = _cmp(_fn)
# btcharcmp returns the unsigned difference itself, not just its sign
FUNCTIONS["btcharcmp"] = lambda a, b: a - b
