"""Builtin text functions keyed by pg_proc.prosrc: lengths, case mapping, substring/overlay/
position, trimming and padding, repeat/replace/reverse/left/right/split_part, ascii/chr,
translate, to_hex/to_oct/to_bin, md5, string_to_table, pattern comparisons,
unistr and Unicode normalization.

Follows src/backend/utils/adt/{varlena.c,oracle_compat.c,formatting.c} (PostgreSQL 18) for a
UTF8 database with the C locale and collation (what the primary runs): case mapping touches
ASCII letters only, strings compare in code-point order. Unicode normalization uses Python's
``unicodedata`` (an older Unicode than PG 18's 16.0), so any input with a code point Python
does not know is refused. format()/concat()/quote_* live in ``strings_format``.
Imports only ``engine.errors`` at load time, so that importing it before ``engine.types`` cannot
leave the registry with this module half-initialised. Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import (
    EngineError,
    FeatureNotSupported,
    InvalidParameterValue,
    NumericValueOutOfRange,
    SyntaxError_,
)

MAX_ALLOC = 0x3FFFFFFF  # MaxAllocSize: the largest varlena PG can build
INT4_MAX = 2**31 - 1
UTF8_MAX_LEN = 4  # pg_database_encoding_max_length() for UTF8


class ProgramLimitExceeded(EngineError):
    sqlstate = "54000"


class SubstringError(EngineError):
    sqlstate = "22011"


INT4_MIN = -(2**31)


def bpchar_key(value: str) -> str:
    """bpchar semantics ignore trailing blanks (bcTruelen); same as engine.types.text."""
    return value.rstrip(" ")


def sql_substring(length: int, start: int, count: int | None) -> tuple[int, int]:
    """SQL99 substring bounds as 0-based [begin, end) over a sequence of ``length`` items
    (varlena.c text_substring / bytea_substring): start may be < 1, count must be >= 0."""
    begin = max(start, 1) - 1
    if count is None:
        return begin, length
    if count < 0:
        raise SubstringError("negative substring length not allowed")
    end = start + count  # Python ints cannot overflow: a huge count runs to the end
    if end < 1:
        return 0, 0
    return begin, end - 1


def overlay_bounds(start: int, count: int) -> int:
    """Shared checks of text_overlay/bytea_overlay; returns start + count."""
    if start <= 0:
        raise SubstringError("negative substring length not allowed")
    end = start + count
    if end < INT4_MIN or end > INT4_MAX:
        raise NumericValueOutOfRange("integer out of range")
    return end


# --- lengths --------------------------------------------------------------------------------


def textoctetlen(value: str) -> int:
    return len(value.encode("utf-8"))


def bpcharlen(value: str) -> int:
    """bpchar length ignores the trailing blanks (bcTruelen)."""
    return len(bpchar_key(value))


# --- case mapping (C locale: ASCII only) ----------------------------------------------------

_ASCII_UPPER = {c: c + 32 for c in range(0x41, 0x5B)}
_ASCII_LOWER = {c + 32: c for c in range(0x41, 0x5B)}


def lower(value: str) -> str:
    """str_tolower under a C-ctype locale maps only A-Z (asc_tolower)."""
    return value.translate(_ASCII_UPPER)


def upper(value: str) -> str:
    return value.translate(_ASCII_LOWER)


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def initcap(value: str) -> str:
    """asc_initcap: upper-case a letter after a non-alphanumeric, lower-case the rest."""
    out = []
    was_alnum = False
    for ch in value:
        out.append(lower(ch) if was_alnum else upper(ch))
        was_alnum = _ascii_alnum(ch)
    return "".join(out)


# --- substring / overlay / position ---------------------------------------------------------


def text_substr(value: str, start: int, count: int) -> str:
    b, e = sql_substring(len(value), start, count)
    return value[b:e]


def text_substr_no_len(value: str, start: int) -> str:
    b, e = sql_substring(len(value), start, None)
    return value[b:e]


def textoverlay(t1: str, t2: str, start: int, count: int) -> str:
    end = overlay_bounds(start, count)
    return text_substr(t1, 1, start - 1) + t2 + text_substr_no_len(t1, end)


def textoverlay_no_len(t1: str, t2: str, start: int) -> str:
    return textoverlay(t1, t2, start, len(t2))


def textpos(haystack: str, needle: str) -> int:
    return haystack.find(needle) + 1


# --- trim / pad -----------------------------------------------------------------------------


def btrim(value: str, chars: str) -> str:
    return value.strip(chars) if chars else value


def ltrim(value: str, chars: str) -> str:
    return value.lstrip(chars) if chars else value


def rtrim(value: str, chars: str) -> str:
    return value.rstrip(chars) if chars else value


def _check_pad_len(length: int) -> None:
    """lpad/rpad size their buffer as max-encoding-length × len; too big is 54000."""
    bytelen = UTF8_MAX_LEN * length + 4
    if UTF8_MAX_LEN * length > INT4_MAX or bytelen > INT4_MAX or bytelen > MAX_ALLOC:
        raise ProgramLimitExceeded("requested length too large")


def _fill(fill: str, n: int) -> str:
    if n <= 0:
        return ""
    reps = n // len(fill) + 1
    return (fill * reps)[:n]


def lpad(value: str, length: int, fill: str) -> str:
    length = max(length, 0)
    head = value[:length]
    if not fill:
        return head
    _check_pad_len(length)
    return _fill(fill, length - len(head)) + head


def rpad(value: str, length: int, fill: str) -> str:
    length = max(length, 0)
    head = value[:length]
    if not fill:
        return head
    _check_pad_len(length)
    return head + _fill(fill, length - len(head))


# --- repeat / replace / reverse / left / right / split_part ---------------------------------


def repeat(value: str, count: int) -> str:
    count = max(count, 0)
    total = count * len(value.encode("utf-8"))
    if total > INT4_MAX or total + 4 > INT4_MAX or total + 4 > MAX_ALLOC:
        raise ProgramLimitExceeded("requested length too large")
    return value * count


def replace_text(value: str, old: str, new: str) -> str:
    return value.replace(old, new) if old else value


def text_left(value: str, n: int) -> str:
    return value[:n]


def text_right(value: str, n: int) -> str:
    if n < 0:
        return value[-n:]
    return value[max(len(value) - n, 0) :]


def split_part(value: str, delim: str, field: int) -> str:
    if field == 0:
        raise InvalidParameterValue("field position must not be zero")
    if not value:
        return ""
    if not delim:
        return value if field in (1, -1) else ""
    parts = value.split(delim)
    if field > 0:
        return parts[field - 1] if field <= len(parts) else ""
    return parts[field] if -field <= len(parts) else ""


# --- ascii / chr / translate / starts_with --------------------------------------------------


def ascii_(value: str) -> int:
    return ord(value[0]) if value else 0


def chr_(code: int) -> str:
    if code < 0:
        raise InvalidParameterValue("character number must be positive")
    if code == 0:
        raise ProgramLimitExceeded("null character not permitted")
    if code > 0x10FFFF:
        raise ProgramLimitExceeded(f"requested character too large for encoding: {code}")
    if 0xD800 <= code <= 0xDFFF:
        raise ProgramLimitExceeded(f"requested character not valid for encoding: {code}")
    return chr(code)


def translate(value: str, source: str, target: str) -> str:
    """Each character of ``source`` maps to the same position of ``target`` or is deleted when
    ``target`` is shorter; the first occurrence in ``source`` wins."""
    table: dict[int, int | None] = {}
    for i, ch in enumerate(source):
        if ord(ch) not in table:
            table[ord(ch)] = ord(target[i]) if i < len(target) else None
    return value.translate(table)


def text_starts_with(value: str, prefix: str) -> bool:
    return value.startswith(prefix)


# --- to_hex / to_oct / to_bin ---------------------------------------------------------------


def _radix(bits: int, fmt: str) -> Callable[[int], str]:
    """Convert the unsigned two's complement value, as PG's convert_to_base does."""
    return lambda v: format(v & ((1 << bits) - 1), fmt)


def md5_text(value: str) -> str:
    return hashlib.md5(value.encode("utf-8")).hexdigest()


# --- comparisons ----------------------------------------------------------------------------


def _cmp(a: str, b: str) -> int:
    return (a > b) - (a < b)


def memcmp_order(a: bytes, b: bytes) -> int:
    """varstr_cmp / internal_text_pattern_compare under C: memcmp over the common prefix, then
    the length. The primary's glibc memcmp returns the difference of the first differing
    bytes, and btree comparison functions pass that value through."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            return x - y
    return (len(a) > len(b)) - (len(a) < len(b))


def textcmp(a: str, b: str) -> int:
    return memcmp_order(a.encode("utf-8"), b.encode("utf-8"))


def bpcharcmp(a: str, b: str) -> int:
    return textcmp(bpchar_key(a), bpchar_key(b))


def _bpchar_pattern(fn: Callable[[int], bool]) -> Callable[[str, str], bool]:
    return lambda a, b: fn(_cmp(bpchar_key(a), bpchar_key(b)))


def _text_pattern(fn: Callable[[int], bool]) -> Callable[[str, str], bool]:
    # memcmp order of UTF-8 bytes is code-point order
    return lambda a, b: fn(_cmp(a, b))


_RELS: dict[str, Callable[[int], bool]] = {
    "lt": lambda c: c < 0,
    "le": lambda c: c <= 0,
    "gt": lambda c: c > 0,
    "ge": lambda c: c >= 0,
}


# --- string_to_table (string_to_array/array_to_string live in array_funcs) ------------------------------------------------------


def _split_fields(value: str, delim: str | None) -> list[str]:
    """split_text: NULL delimiter splits into characters, an empty one keeps the string whole;
    an empty input has no fields."""
    if not value:
        return []
    if delim is None:
        return list(value)
    if not delim:
        return [value]
    return value.split(delim)


def _fields_with_nulls(
    value: str | None, delim: str | None, null_string: str | None
) -> list[str | None] | None:
    if value is None:
        return None
    fields = _split_fields(value, delim)
    return [None if null_string is not None and f == null_string else f for f in fields]


def text_to_table(value: str | None, delim: str | None) -> Iterator[str | None]:
    return iter(_fields_with_nulls(value, delim, None) or [])


def text_to_table_null(
    value: str | None, delim: str | None, null_string: str | None
) -> Iterator[str | None]:
    return iter(_fields_with_nulls(value, delim, null_string) or [])


# --- unistr ---------------------------------------------------------------------------------

_UNISTR_HINT = "Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX."


def _hex_run(s: str, i: int, n: int) -> int | None:
    chunk = s[i : i + n]
    if len(chunk) == n and all(c in "0123456789abcdefABCDEF" for c in chunk):
        return int(chunk, 16)
    return None


def _unistr_escape(s: str, i: int) -> tuple[int, int]:
    """The code point of the escape at s[i] == '\\' and the index after it."""
    for prefix, digits, skip in (("", 4, 1), ("u", 4, 2), ("+", 6, 2), ("U", 8, 2)):
        if prefix and s[i + 1 : i + 2] != prefix:
            continue
        cp = _hex_run(s, i + skip, digits)
        if cp is not None:
            return cp, i + skip + digits
    raise SyntaxError_("invalid Unicode escape", hint=_UNISTR_HINT)


def unistr(s: str) -> str:
    out: list[str] = []
    pair_first = 0
    i = 0
    bad_pair = SyntaxError_("invalid Unicode surrogate pair")
    while i < len(s):
        if s[i] != "\\":
            if pair_first:
                raise bad_pair
            out.append(s[i])
            i += 1
            continue
        if s[i + 1 : i + 2] == "\\":
            if pair_first:
                raise bad_pair
            out.append("\\")
            i += 2
            continue
        cp, i = _unistr_escape(s, i)
        if cp <= 0 or cp > 0x10FFFF:
            raise InvalidParameterValue(f"invalid Unicode code point: {cp:04X}")
        if 0xD800 <= cp <= 0xDBFF:
            if pair_first:
                raise bad_pair
            pair_first = cp
        elif 0xDC00 <= cp <= 0xDFFF:
            if not pair_first:
                raise bad_pair
            out.append(chr(0x10000 + ((pair_first - 0xD800) << 10) + (cp - 0xDC00)))
            pair_first = 0
        else:
            if pair_first:
                raise bad_pair
            out.append(chr(cp))
    if pair_first:
        raise bad_pair
    return "".join(out)


# --- Unicode normalization ------------------------------------------------------------------

PG_UNICODE_VERSION = "16.0"  # PG 18's src/include/common/unicode_version.h


def _norm_form(form: str) -> str:
    up = form.upper() if form.isascii() else form
    if up not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise InvalidParameterValue(f"invalid normalization form: {form}")
    return up


def _require_known_code_points(value: str, what: str) -> None:
    """Characters Python's Unicode database does not know may be assigned in PG's newer one;
    their decomposition/category could differ, so refuse rather than guess."""
    for ch in value:
        if unicodedata.category(ch) == "Cn":
            raise FeatureNotSupported(
                f"{what} of code point U+{ord(ch):04X} (unassigned in Unicode "
                f"{unicodedata.unidata_version}) is not supported"
            )


def unicode_normalize_func(value: str, form: str) -> str:
    nf = _norm_form(form)
    _require_known_code_points(value, "normalize()")
    return unicodedata.normalize(nf, value)  # type: ignore[arg-type]


def unicode_is_normalized(value: str, form: str) -> bool:
    nf = _norm_form(form)
    _require_known_code_points(value, "is_normalized()")
    return unicodedata.is_normalized(nf, value)  # type: ignore[arg-type]


def unicode_assigned(value: str) -> bool:
    _require_known_code_points(value, "unicode_assigned()")
    return True


# --- casts between the string types ---------------------------------------------------------


def text_name(value: str) -> str:
    from engine.types.text import namein  # lazily: this module must not load engine.types

    return namein(value)


def bpchar_name(value: str) -> str:
    return text_name(bpchar_key(value))


def _identity(value: str) -> str:
    return value


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "textlen": len,
    "textoctetlen": textoctetlen,
    "bpcharlen": bpcharlen,
    "bpcharoctetlen": textoctetlen,
    "lower": lower,
    "upper": upper,
    "initcap": initcap,
    "casefold": lower,
    "text_substr": text_substr,
    "text_substr_no_len": text_substr_no_len,
    "textoverlay": textoverlay,
    "textoverlay_no_len": textoverlay_no_len,
    "textpos": textpos,
    "btrim": btrim,
    "btrim1": lambda v: v.strip(" "),
    "ltrim": ltrim,
    "ltrim1": lambda v: v.lstrip(" "),
    "rtrim": rtrim,
    "rtrim1": lambda v: v.rstrip(" "),
    "lpad": lpad,
    "rpad": rpad,
    "repeat": repeat,
    "replace_text": replace_text,
    "text_reverse": lambda v: v[::-1],
    "text_left": text_left,
    "text_right": text_right,
    "split_part": split_part,
    "ascii": ascii_,
    "chr": chr_,
    "translate": translate,
    "text_starts_with": text_starts_with,
    "to_hex32": _radix(32, "x"),
    "to_hex64": _radix(64, "x"),
    "to_oct32": _radix(32, "o"),
    "to_oct64": _radix(64, "o"),
    "to_bin32": _radix(32, "b"),
    "to_bin64": _radix(64, "b"),
    "md5_text": md5_text,
    "unistr": unistr,
    "unicode_normalize_func": unicode_normalize_func,
    "unicode_is_normalized": unicode_is_normalized,
    "unicode_assigned": unicode_assigned,
    "unicode_version": lambda: PG_UNICODE_VERSION,
    "text_larger": lambda a, b: a if a > b else b,
    "text_smaller": lambda a, b: a if a < b else b,
    "bttextcmp": textcmp,
    "bttext_pattern_cmp": textcmp,
    "bpcharcmp": bpcharcmp,
    "btbpchar_pattern_cmp": bpcharcmp,
    "bpchar_larger": lambda a, b: a if bpchar_key(a) >= bpchar_key(b) else b,
    "bpchar_smaller": lambda a, b: a if bpchar_key(a) <= bpchar_key(b) else b,
    "text_name": text_name,
    "bpchar_name": bpchar_name,
    "name_text": _identity,
    "name_bpchar": _identity,
}
for _rel, _test in _RELS.items():
    FUNCTIONS[f"text_pattern_{_rel}"] = _text_pattern(_test)
    FUNCTIONS[f"bpchar_pattern_{_rel}"] = _bpchar_pattern(_test)

SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "text_to_table": text_to_table,
    "text_to_table_null": text_to_table_null,
}
