"""bytea (OID 17): text input/output (hex and escape formats), comparison and the bytea
functions (length, substring, overlay, position, get/set byte and bit, encode/decode, digests,
convert_to/convert_from for UTF8, trim, casts to and from integers, crc32/crc32c).

The SQL substring/overlay bounds are shared with text (engine.functions.strings, which depends
on engine.errors alone). Follows src/backend/utils/adt/{varlena.c,encode.c,cryptohashfuncs.c,pg_crc.c} and
src/backend/utils/mb/mbutils.c (PostgreSQL 18). A value is a Python ``bytes``; bytes compare
like memcmp then length, which is exactly ``bytes`` ordering. Must not import ``replica`` or
``wire``; imports only ``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable

from engine.errors import (
    EngineError,
    FeatureNotSupported,
    InvalidParameterValue,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
)
from engine.functions.strings import overlay_bounds, sql_substring
from engine.types.base import PgType
from engine.types.settings import FormatSettings

BYTEA = 17


class ArraySubscriptError(EngineError):
    sqlstate = "2202E"


class CharacterNotInRepertoire(EngineError):
    """Invalid byte sequence for the encoding (22021)."""

    sqlstate = "22021"


# --- input / output -----------------------------------------------------------------------

_HEX_SPACE = " \n\t\r"


def _mb_char(raw: bytes, i: int) -> str:
    """The (possibly multibyte) character starting at byte i, as PG's "%.*s", pg_mblen."""
    b = raw[i]
    n = 1 if b < 0x80 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
    return raw[i : i + n].decode("utf-8", errors="replace")


def hex_decode(raw: bytes) -> bytes:
    """encode.c hex_decode_safe: pairs of hex digits, whitespace allowed between pairs only."""
    out = bytearray()
    i, n = 0, len(raw)
    while i < n:
        if chr(raw[i]) in _HEX_SPACE:
            i += 1
            continue
        hi = _hex_digit(raw, i)
        i += 1
        if i >= n:
            raise InvalidParameterValue("invalid hexadecimal data: odd number of digits")
        lo = _hex_digit(raw, i)
        i += 1
        out.append(hi << 4 | lo)
    return bytes(out)


def _hex_digit(raw: bytes, i: int) -> int:
    c = raw[i]
    if 0x30 <= c <= 0x39:
        return c - 0x30
    if 0x61 <= c <= 0x66:
        return c - 0x61 + 10
    if 0x41 <= c <= 0x46:
        return c - 0x41 + 10
    raise InvalidParameterValue(f'invalid hexadecimal digit: "{_mb_char(raw, i)}"')


def _escape_decode(raw: bytes) -> bytes:
    """byteain's escape format: ``\\ooo`` (first digit 0-3) and ``\\\\``; other bytes as is."""
    out = bytearray()
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c != 0x5C:
            out.append(c)
            i += 1
        elif (
            i + 3 < n
            and 0x30 <= raw[i + 1] <= 0x33
            and 0x30 <= raw[i + 2] <= 0x37
            and 0x30 <= raw[i + 3] <= 0x37
        ):
            out.append(int(raw[i + 1 : i + 4], 8))
            i += 4
        elif i + 1 < n and raw[i + 1] == 0x5C:
            out.append(0x5C)
            i += 2
        else:
            raise InvalidTextRepresentation("invalid input syntax for type bytea")
    return bytes(out)


def byteain(text: str, typmod: int = -1) -> bytes:
    raw = text.encode("utf-8")
    if raw[:2] == b"\\x":
        return hex_decode(raw[2:])
    return _escape_decode(raw)


def _escape_out(value: bytes) -> str:
    parts = []
    for b in value:
        if b == 0x5C:
            parts.append("\\\\")
        elif b < 0x20 or b > 0x7E:
            parts.append("\\" + format(b, "03o"))
        else:
            parts.append(chr(b))
    return "".join(parts)


def byteaout(value: bytes, settings: FormatSettings) -> str:
    if settings.bytea_output == "escape":
        return _escape_out(value)
    return "\\x" + value.hex()


def bytea_key(value: bytes) -> bytes:
    return value


TYPES = (PgType(BYTEA, "bytea", -1, "U", False, byteain, byteaout, bytea_key),)


# --- substring / overlay / position -------------------------------------------------------


def bytea_substr(value: bytes, start: int, count: int) -> bytes:
    b, e = sql_substring(len(value), start, count)
    return value[b:e]


def bytea_substr_no_len(value: bytes, start: int) -> bytes:
    b, e = sql_substring(len(value), start, None)
    return value[b:e]


def byteaoverlay(t1: bytes, t2: bytes, start: int, count: int) -> bytes:
    end = overlay_bounds(start, count)
    return bytea_substr(t1, 1, start - 1) + t2 + bytea_substr_no_len(t1, end)


def byteaoverlay_no_len(t1: bytes, t2: bytes, start: int) -> bytes:
    return byteaoverlay(t1, t2, start, len(t2))


def byteapos(haystack: bytes, needle: bytes) -> int:
    return haystack.find(needle) + 1


# --- bytes and bits -----------------------------------------------------------------------


def _check_index(value: bytes, n: int, limit: int) -> None:
    if n < 0 or n >= limit:
        raise ArraySubscriptError(f"index {n} out of valid range, 0..{limit - 1}")


def byteaGetByte(value: bytes, n: int) -> int:  # noqa: N802 - PG's prosrc spelling
    _check_index(value, n, len(value))
    return value[n]


def byteaSetByte(value: bytes, n: int, new: int) -> bytes:  # noqa: N802
    _check_index(value, n, len(value))
    return value[:n] + bytes([new & 0xFF]) + value[n + 1 :]


def byteaGetBit(value: bytes, n: int) -> int:  # noqa: N802
    _check_index(value, n, len(value) * 8)
    return (value[n // 8] >> (n % 8)) & 1


def byteaSetBit(value: bytes, n: int, bit: int) -> bytes:  # noqa: N802
    _check_index(value, n, len(value) * 8)
    if bit not in (0, 1):
        raise InvalidParameterValue("new bit must be 0 or 1")
    byte = value[n // 8]
    mask = 1 << (n % 8)
    byte = byte | mask if bit else byte & ~mask
    return value[: n // 8] + bytes([byte]) + value[n // 8 + 1 :]


# --- encode / decode (encode.c) -----------------------------------------------------------

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_LOOKUP = {c: i for i, c in enumerate(_B64)}


def _base64_encode(data: bytes) -> str:
    """pg_base64_encode: a newline after every 76 output characters, checked after each input
    byte — so an input of 57·k bytes ends with a newline."""
    out: list[str] = []
    line = 0
    buf, pos = 0, 2
    for b in data:
        buf |= b << (pos * 8)
        pos -= 1
        if pos < 0:
            out.extend(_B64[(buf >> s) & 0x3F] for s in (18, 12, 6, 0))
            line += 4
            buf, pos = 0, 2
        if line >= 76:
            out.append("\n")
            line = 0
    if pos != 2:
        out.append(_B64[(buf >> 18) & 0x3F])
        out.append(_B64[(buf >> 12) & 0x3F])
        out.append(_B64[(buf >> 6) & 0x3F] if pos == 0 else "=")
        out.append("=")
    return "".join(out)


def _base64_decode(raw: bytes) -> bytes:
    """pg_base64_decode, including its tolerance of data after the '=' padding."""
    out = bytearray()
    buf = pos = end = 0
    for i, c in enumerate(raw):
        if c in b" \t\n\r":
            continue
        if c == 0x3D:
            if not end:
                if pos == 2:
                    end = 1
                elif pos == 3:
                    end = 2
                else:
                    raise InvalidParameterValue('unexpected "=" while decoding base64 sequence')
            v = 0
        else:
            found = _B64_LOOKUP.get(chr(c)) if c < 127 else None
            if found is None:
                raise InvalidParameterValue(
                    f'invalid symbol "{_mb_char(raw, i)}" found while decoding base64 sequence'
                )
            v = found
        buf = (buf << 6) + v
        pos += 1
        if pos == 4:
            out.append((buf >> 16) & 0xFF)
            if end == 0 or end > 1:
                out.append((buf >> 8) & 0xFF)
            if end == 0 or end > 2:
                out.append(buf & 0xFF)
            buf = pos = 0
    if pos != 0:
        raise InvalidParameterValue("invalid base64 end sequence")
    return bytes(out)


def _escape_encode(data: bytes) -> str:
    """esc_encode: only NUL, high-bit bytes and backslash are escaped (unlike byteaout)."""
    parts = []
    for b in data:
        if b == 0x5C:
            parts.append("\\\\")
        elif b == 0 or b & 0x80:
            parts.append("\\" + format(b, "03o"))
        else:
            parts.append(chr(b))
    return "".join(parts)


def _esc_decode(raw: bytes) -> bytes:
    return _escape_decode(raw)


_ENCODERS: dict[str, Callable[[bytes], str]] = {
    "hex": lambda d: d.hex(),
    "base64": _base64_encode,
    "escape": _escape_encode,
}
_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "hex": hex_decode,
    "base64": _base64_decode,
    "escape": _esc_decode,
}


def binary_encode(data: bytes, fmt: str) -> str:
    enc = _ENCODERS.get(fmt.lower())
    if enc is None:
        raise InvalidParameterValue(f'unrecognized encoding: "{fmt}"')
    return enc(data)


def binary_decode(data: str, fmt: str) -> bytes:
    dec = _DECODERS.get(fmt.lower())
    if dec is None:
        raise InvalidParameterValue(f'unrecognized encoding: "{fmt}"')
    return dec(data.encode("utf-8"))


# --- digests, crc -------------------------------------------------------------------------


def md5_bytea(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _digest(name: str) -> Callable[[bytes], bytes]:
    return lambda data: hashlib.new(name, data).digest()


def _crc32c_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C = _crc32c_table()


def crc32c_bytea(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC32C[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def crc32_bytea(data: bytes) -> int:
    return zlib.crc32(data)


# --- encodings (UTF8 only) ----------------------------------------------------------------


def _is_utf8(name: str) -> bool:
    """pg_char_to_encoding ignores case and non-alphanumerics: utf8, UTF-8, unicode..."""
    clean = re.sub(r"[^0-9a-z]", "", name.lower())
    return clean in ("utf8", "unicode")


def _require_utf8(name: str) -> None:
    """Other encodings are refused, valid or not: telling an unknown name (22023) from a real
    non-UTF8 encoding would need encnames.c's alias table."""
    if not _is_utf8(name):
        raise FeatureNotSupported(f'encoding "{name}" is not supported (only UTF8)')


def invalid_utf8(raw: bytes, exc: UnicodeDecodeError) -> CharacterNotInRepertoire:
    """report_invalid_encoding: the offending bytes, up to the expected character length."""
    start = exc.start
    b = raw[start]
    n = 1 if b < 0x80 else 2 if 0xC0 <= b < 0xE0 else 3 if 0xE0 <= b < 0xF0 else 4
    if b >= 0xF8 or 0x80 <= b < 0xC0:
        n = 1
    chunk = raw[start : start + n]
    shown = " ".join(f"0x{c:02x}" for c in chunk)
    return CharacterNotInRepertoire(f'invalid byte sequence for encoding "UTF8": {shown}')


def decode_utf8(raw: bytes) -> str:
    """Validate as the database encoding (UTF8, where NUL is never valid)."""
    if 0 in raw:
        raise CharacterNotInRepertoire('invalid byte sequence for encoding "UTF8": 0x00')
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid_utf8(raw, exc) from None


def pg_convert_to(value: str, encoding: str) -> bytes:
    _require_utf8(encoding)
    return value.encode("utf-8")


def pg_convert_from(value: bytes, encoding: str) -> str:
    _require_utf8(encoding)
    return decode_utf8(value)


def length_in_encoding(value: bytes, encoding: str) -> int:
    _require_utf8(encoding)
    return len(decode_utf8(value))


# --- integers <-> bytea (PG 18) -----------------------------------------------------------


def _int_to_bytea(size: int) -> Callable[[int], bytes]:
    return lambda v: v.to_bytes(size, "big", signed=True)


def _bytea_to_int(size: int, label: str) -> Callable[[bytes], int]:
    """bytea_int2/4/8: big-endian, shorter input zero-extended; too long is out of range."""

    def conv(value: bytes) -> int:
        if len(value) > size:
            raise NumericValueOutOfRange(f"{label} out of range")
        return int.from_bytes(value.rjust(size, b"\0"), "big", signed=True)

    return conv


# --- trim, misc ---------------------------------------------------------------------------


def byteatrim(value: bytes, chars: bytes) -> bytes:
    return value.strip(chars) if chars else value


def bytealtrim(value: bytes, chars: bytes) -> bytes:
    return value.lstrip(chars) if chars else value


def byteartrim(value: bytes, chars: bytes) -> bytes:
    return value.rstrip(chars) if chars else value


def _cmp(a: bytes, b: bytes) -> int:
    """byteacmp: glibc memcmp's first byte difference over the common prefix, then length."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            return x - y
    return (len(a) > len(b)) - (len(a) < len(b))


FUNCTIONS: dict[str, Callable[..., object]] = {
    "byteaoctetlen": len,
    "bytea_bit_count": lambda a: int.from_bytes(a, "big").bit_count(),
    "byteacat": lambda a, b: a + b,
    "bytea_substr": bytea_substr,
    "bytea_substr_no_len": bytea_substr_no_len,
    "byteaoverlay": byteaoverlay,
    "byteaoverlay_no_len": byteaoverlay_no_len,
    "byteapos": byteapos,
    "byteaGetByte": byteaGetByte,
    "byteaSetByte": byteaSetByte,
    "byteaGetBit": byteaGetBit,
    "byteaSetBit": byteaSetBit,
    "binary_encode": binary_encode,
    "binary_decode": binary_decode,
    "md5_bytea": md5_bytea,
    "sha224_bytea": _digest("sha224"),
    "sha256_bytea": _digest("sha256"),
    "sha384_bytea": _digest("sha384"),
    "sha512_bytea": _digest("sha512"),
    "crc32_bytea": crc32_bytea,
    "crc32c_bytea": crc32c_bytea,
    "pg_convert_to": pg_convert_to,
    "pg_convert_from": pg_convert_from,
    "length_in_encoding": length_in_encoding,
    "int2_bytea": _int_to_bytea(2),
    "int4_bytea": _int_to_bytea(4),
    "int8_bytea": _int_to_bytea(8),
    "bytea_int2": _bytea_to_int(2, "smallint"),
    "bytea_int4": _bytea_to_int(4, "integer"),
    "bytea_int8": _bytea_to_int(8, "bigint"),
    "byteatrim": byteatrim,
    "bytealtrim": bytealtrim,
    "byteartrim": byteartrim,
    "bytea_reverse": lambda v: v[::-1],
    "byteaeq": lambda a, b: a == b,
    "byteane": lambda a, b: a != b,
    "bytealt": lambda a, b: a < b,
    "byteale": lambda a, b: a <= b,
    "byteagt": lambda a, b: a > b,
    "byteage": lambda a, b: a >= b,
    "byteacmp": _cmp,
    "bytea_larger": lambda a, b: a if a > b else b,
    "bytea_smaller": lambda a, b: a if a < b else b,
}
