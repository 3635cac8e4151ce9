"""bit (1560) and bit varying (1562): text input/output, typmod coercion, comparison,
concatenation, bitwise operators and shifts, substring/overlay/position, get_bit/set_bit,
bit_count, and the casts to and from int4/int8.

Follows src/backend/utils/adt/varbit.c. A value is a ``str`` of '0'/'1' characters (its bit
length is ``len``); PG's bitcmp (memcmp over the zero-padded bytes, then the bit length) orders
such strings exactly as Python's string comparison does, so the value is its own sort key. The
typmod of bit(n)/varbit(n) is n (no VARHDRSZ), as in PG.
Must not import anything from the engine beyond ``engine.errors``, ``engine.types.base`` and
``engine.types.settings``; must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.errors import (
    EngineError,
    InvalidParameterValue,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
    StringDataRightTruncation,
)
from engine.types.base import PgType
from engine.types.settings import FormatSettings

BIT, VARBIT = 1560, 1562
VARBITMAXLEN = 0x7FFFFFFF - 7  # INT_MAX - BITS_PER_BYTE + 1
_HEX = "0123456789abcdefABCDEF"


class StringDataLengthMismatch(EngineError):
    sqlstate = "22026"


class SubstringError(EngineError):
    sqlstate = "22011"


class ArraySubscriptError(EngineError):
    sqlstate = "2202E"


def _parse(text: str) -> str:
    """The bits of a bit-string literal body: [bB]binary digits or [xX]hex digits."""
    if text[:1] in ("x", "X"):
        out = []
        for ch in text[1:]:
            if ch not in _HEX:
                raise InvalidTextRepresentation(f'"{ch}" is not a valid hexadecimal digit')
            out.append(format(int(ch, 16), "04b"))
        return "".join(out)
    body = text[1:] if text[:1] in ("b", "B") else text
    for ch in body:
        if ch not in "01":
            raise InvalidTextRepresentation(f'"{ch}" is not a valid binary digit')
    return body


def bit_in(text: str, typmod: int = -1) -> str:
    bits = _parse(text)
    if typmod > 0 and len(bits) != typmod:
        raise StringDataLengthMismatch(
            f"bit string length {len(bits)} does not match type bit({typmod})"
        )
    return bits


def varbit_in(text: str, typmod: int = -1) -> str:
    bits = _parse(text)
    if typmod > 0 and len(bits) > typmod:
        raise StringDataRightTruncation(f"bit string too long for type bit varying({typmod})")
    return bits


def bit_out(value: str, settings: FormatSettings) -> str:
    return value


def bit_key(value: str) -> str:
    return value


# --- typmod coercions (pg_proc "bit"(bit,int4,bool) and varbit(varbit,int4,bool)) --------------


def bit(value: str, length: int, explicit: bool) -> str:
    if length <= 0 or length > VARBITMAXLEN or length == len(value):
        return value
    if not explicit:
        raise StringDataLengthMismatch(
            f"bit string length {len(value)} does not match type bit({length})"
        )
    return value[:length].ljust(length, "0")


def varbit(value: str, length: int, explicit: bool) -> str:
    if length <= 0 or length >= len(value):
        return value
    if not explicit:
        raise StringDataRightTruncation(f"bit string too long for type bit varying({length})")
    return value[:length]


# --- operators -----------------------------------------------------------------------------------


def bitcat(a: str, b: str) -> str:
    return a + b


def _bitwise(word: str, fn: Callable[[int, int], int]) -> Callable[[str, str], str]:
    def impl(a: str, b: str) -> str:
        if len(a) != len(b):
            raise StringDataLengthMismatch(f"cannot {word} bit strings of different sizes")
        if not a:
            return a
        return format(fn(int(a, 2), int(b, 2)), f"0{len(a)}b")

    return impl


bit_and = _bitwise("AND", lambda x, y: x & y)
bit_or = _bitwise("OR", lambda x, y: x | y)
bitxor = _bitwise("XOR", lambda x, y: x ^ y)


def bitnot(a: str) -> str:
    return a.translate(str.maketrans("01", "10"))


def bitshiftleft(a: str, n: int) -> str:
    if n < 0:
        return bitshiftright(a, -max(n, -VARBITMAXLEN))
    if n >= len(a):
        return "0" * len(a)
    return a[n:] + "0" * n


def bitshiftright(a: str, n: int) -> str:
    if n < 0:
        return bitshiftleft(a, -max(n, -VARBITMAXLEN))
    if n >= len(a):
        return "0" * len(a)
    return "0" * n + a[: len(a) - n]


def _bytes(a: str) -> bytes:
    padded = a.ljust((len(a) + 7) // 8 * 8, "0")
    return bytes(int(padded[i : i + 8], 2) for i in range(0, len(padded), 8))


def bitcmp(a: str, b: str) -> int:
    """bit_cmp: memcmp over the common bytes (glibc returns the byte difference, which
    btree support function callers and SQL see), then the bit lengths."""
    ba, bb = _bytes(a), _bytes(b)
    for x, y in zip(ba, bb, strict=False):
        if x != y:
            return x - y
    return (len(a) > len(b)) - (len(a) < len(b))


# --- length, substring, overlay, position, get/set bit -----------------------------------------


def bitlength(a: str) -> int:
    return len(a)


def bitoctetlength(a: str) -> int:
    return (len(a) + 7) // 8


def bitsubstr(a: str, start: int, length: int | None = None) -> str:
    bitlen = len(a)
    s1 = max(start, 1)
    if length is None:
        e1 = bitlen + 1
    elif length < 0:
        raise SubstringError("negative substring length not allowed")
    elif start + length > 0x7FFFFFFF:
        e1 = bitlen + 1
    else:
        e1 = min(start + length, bitlen + 1)
    if s1 > bitlen or e1 <= s1:
        return ""
    return a[s1 - 1 : e1 - 1]


def bitsubstr_no_len(a: str, start: int) -> str:
    return bitsubstr(a, start)


def bitoverlay(a: str, b: str, start: int, length: int) -> str:
    if start <= 0:
        raise SubstringError("negative substring length not allowed")
    if start + length > 0x7FFFFFFF or start + length < -0x80000000:
        raise NumericValueOutOfRange("integer out of range")
    return bitsubstr(a, 1, start - 1) + b + bitsubstr(a, start + length)


def bitoverlay_no_len(a: str, b: str, start: int) -> str:
    return bitoverlay(a, b, start, len(b))


def bitposition(a: str, sub: str) -> int:
    if not a or len(sub) > len(a):
        return 0
    return a.find(sub) + 1


def _check_index(a: str, n: int) -> None:
    if n < 0 or n >= len(a):
        raise ArraySubscriptError(f"bit index {n} out of valid range (0..{len(a) - 1})")


def bitgetbit(a: str, n: int) -> int:
    _check_index(a, n)
    return int(a[n])


def bitsetbit(a: str, n: int, new: int) -> str:
    _check_index(a, n)
    if new not in (0, 1):
        raise InvalidParameterValue("new bit must be 0 or 1")
    return a[:n] + str(new) + a[n + 1 :]


def bit_bit_count(a: str) -> int:
    return a.count("1")


# --- integer casts -------------------------------------------------------------------------------


def _from_int(value: int, typmod: int) -> str:
    if typmod <= 0 or typmod > VARBITMAXLEN:
        typmod = 1
    return format(value & ((1 << typmod) - 1), f"0{typmod}b")


def bitfromint4(value: int, typmod: int) -> str:
    return _from_int(value, typmod)


def bitfromint8(value: int, typmod: int) -> str:
    return _from_int(value, typmod)


def _to_int(a: str, bits: int, name: str) -> int:
    if len(a) > bits:
        raise NumericValueOutOfRange(f"{name} out of range")
    v = int(a, 2) if a else 0
    return v - (1 << bits) if v >> (bits - 1) else v


def bittoint4(a: str) -> int:
    return _to_int(a, 32, "integer")


def bittoint8(a: str) -> int:
    return _to_int(a, 64, "bigint")


TYPES: tuple[PgType, ...] = (
    PgType(BIT, "bit", -1, "V", False, bit_in, bit_out, bit_key),
    PgType(VARBIT, "varbit", -1, "V", True, varbit_in, bit_out, bit_key),
)

FUNCTIONS: dict[str, Callable[..., object]] = {
    "bit": bit,
    "varbit": varbit,
    "bitcat": bitcat,
    "bit_and": bit_and,
    "bit_or": bit_or,
    "bitxor": bitxor,
    "bitnot": bitnot,
    "bitshiftleft": bitshiftleft,
    "bitshiftright": bitshiftright,
    "biteq": lambda a, b: a == b,
    "bitne": lambda a, b: a != b,
    "bitlt": lambda a, b: a < b,
    "bitle": lambda a, b: a <= b,
    "bitgt": lambda a, b: a > b,
    "bitge": lambda a, b: a >= b,
    "bitcmp": bitcmp,
    "bitlength": bitlength,
    "bitoctetlength": bitoctetlength,
    "bitsubstr": bitsubstr,
    "bitsubstr_no_len": bitsubstr_no_len,
    "bitoverlay": bitoverlay,
    "bitoverlay_no_len": bitoverlay_no_len,
    "bitposition": bitposition,
    "bitgetbit": bitgetbit,
    "bitsetbit": bitsetbit,
    "bit_bit_count": bit_bit_count,
    "bitfromint4": bitfromint4,
    "bitfromint8": bitfromint8,
    "bittoint4": bittoint4,
    "bittoint8": bittoint8,
}
