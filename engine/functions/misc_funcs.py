"""Assorted builtins keyed by pg_proc.prosrc: parse_ident (varlena.c), OVERLAPS for time,
timetz and timestamps (date.c / timestamp.c), pg_lsn arithmetic (pg_lsn.c) and the uuid
extractors (uuid.c). Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.types.base import ArrayValue, TimeTz

# --- parse_ident -----------------------------------------------------------------------------

_SPACE = " \t\n\r\f\v"


def _ident_start(ch: str) -> bool:
    return ch.isascii() and (ch.isalpha() or ch == "_") or not ch.isascii()


def _ident_cont(ch: str) -> bool:
    return _ident_start(ch) or (ch.isascii() and ch.isdigit()) or ch == "$"


def _invalid(text: str, detail: str | None = None) -> InvalidParameterValue:
    return InvalidParameterValue(f'string is not a valid identifier: "{text}"', detail=detail)


def parse_ident(text: str, strict: bool) -> ArrayValue:
    """Split a qualified identifier; unquoted parts are downcased (ASCII only in UTF8)."""
    parts: list[str] = []
    i, n = 0, len(text)
    after_dot = False
    while i < n and text[i] in _SPACE:
        i += 1
    while True:
        if i < n and text[i] == '"':
            i += 1
            name = []
            while True:
                end = text.find('"', i)
                if end < 0:
                    raise _invalid(text, "String has unclosed double quotes.")
                name.append(text[i:end])
                i = end + 1
                if i < n and text[i] == '"':
                    name.append('"')
                    i += 1
                    continue
                break
            ident = "".join(name)
            if not ident:
                raise _invalid(text, "Quoted identifier must not be empty.")
            parts.append(ident)
        elif i < n and _ident_start(text[i]):
            start = i
            while i < n and _ident_cont(text[i]):
                i += 1
            parts.append("".join(c.lower() if c.isascii() else c for c in text[start:i]))
        else:
            if i < n and text[i] == ".":
                raise _invalid(text, 'No valid identifier before ".".')
            if after_dot:
                raise _invalid(text, 'No valid identifier after ".".')
            raise _invalid(text)
        while i < n and text[i] in _SPACE:
            i += 1
        if i < n and text[i] == ".":
            after_dot = True
            i += 1
            while i < n and text[i] in _SPACE:
                i += 1
            continue
        if i >= n:
            break
        if strict:
            raise _invalid(text)
        break
    return ArrayValue(25, (len(parts),), (1,), tuple(parts))


# --- OVERLAPS --------------------------------------------------------------------------------


def _overlaps(key: Callable[[Any], Any]) -> Callable[..., bool | None]:
    """The NULL-aware rules of overlaps_timestamp: each interval is put in order, and the
    answer is NULL exactly where the SQL spec's expression would be."""

    def overlaps(ts1: Any, te1: Any, ts2: Any, te2: Any) -> bool | None:
        if ts1 is None:
            if te1 is None:
                return None
            ts1, te1 = te1, None
        elif te1 is not None and key(ts1) > key(te1):
            ts1, te1 = te1, ts1
        if ts2 is None:
            if te2 is None:
                return None
            ts2, te2 = te2, None
        elif te2 is not None and key(ts2) > key(te2):
            ts2, te2 = te2, ts2
        a, b = key(ts1), key(ts2)
        if a > b:
            if te2 is None:
                return None
            if a < key(te2):
                return True
            return None if te1 is None else False
        if a < b:
            if te1 is None:
                return None
            if b < key(te1):
                return True
            return None if te2 is None else False
        return None if te1 is None or te2 is None else True

    return overlaps


def _timetz_key(t: TimeTz) -> int:
    return t.micros + t.zone * 1_000_000  # timetz_cmp_internal compares the UTC instants


# --- pg_lsn ----------------------------------------------------------------------------------

_LSN_MAX = (1 << 64) - 1


def numeric_pg_lsn(num: Decimal) -> int:
    if num.is_nan():
        raise EngineError("cannot convert NaN to pg_lsn", sqlstate="0A000")
    if num.is_infinite() or not 0 <= num <= _LSN_MAX:
        raise EngineError("pg_lsn out of range", sqlstate="22023")
    # numeric_pg_lsn rounds a fractional value to the nearest integer (numeric_uint64)
    return int(num.to_integral_value(rounding="ROUND_HALF_UP"))


def pg_lsn_mi(a: int, b: int) -> Decimal:
    return Decimal(a - b)


def pg_lsn_pli(lsn: int, num: Decimal) -> int:
    if num.is_nan():
        raise EngineError("cannot add NaN to pg_lsn", sqlstate="0A000")
    return numeric_pg_lsn(Decimal(lsn) + num)


def pg_lsn_mii(lsn: int, num: Decimal) -> int:
    if num.is_nan():
        raise EngineError("cannot subtract NaN from pg_lsn", sqlstate="0A000")
    return numeric_pg_lsn(Decimal(lsn) - num)


# --- uuid ------------------------------------------------------------------------------------


def uuid_extract_version(u: str) -> int | None:
    variant = int(u[19], 16)
    if variant & 0xC != 0x8:  # only RFC 9562 variant UUIDs carry a version
        return None
    return int(u[14], 16)


def uuid_extract_timestamp(u: str) -> int | None:
    """Versions 1 and 7 carry a timestamp; as µs since 2000-01-01 (timestamptz)."""
    if uuid_extract_version(u) == 7:
        ms = int(u[:8] + u[9:13], 16)
        return (ms - 946684800000) * 1000
    if uuid_extract_version(u) == 1:
        hexa = u[15:18] + u[9:13] + u[:8]
        ticks = int(hexa, 16)  # 100 ns since 1582-10-15
        # 1582-10-15 to 2000-01-01 is 152,328 days... computed exactly from the calendar
        from engine.types.datetime import date2j  # noqa: PLC0415

        days = date2j(2000, 1, 1) - date2j(1582, 10, 15)
        return ticks // 10 - days * 86_400_000_000
    return None


# --- pg_basetype ------------------------------------------------------------------------------


def pg_basetype(oid: int) -> int | None:
    """The type a domain is based on, through domains over domains (format_type.c
    pg_basetype); any other type is its own base, and an unknown OID is NULL. The primary's
    domains are read through its catalog; a user-defined OID the engine cannot read (a base or
    shell type) is refused rather than answered NULL."""
    from engine import pgcat  # noqa: PLC0415

    while True:
        row = pgcat.type_row(oid)
        if row is None:
            if oid >= 16384:  # FirstNormalObjectId: may be a type the primary defines
                raise FeatureNotSupported(
                    f"pg_basetype of type {oid}: a user-defined type of this kind is not "
                    "supported")
            return None
        if row.typtype != "d":
            return oid
        oid = row.basetype


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "pg_basetype": pg_basetype,
    "parse_ident": parse_ident,
    "overlaps_timestamp": _overlaps(lambda v: v),
    "overlaps_time": _overlaps(lambda v: v),
    "overlaps_timetz": _overlaps(_timetz_key),
    "numeric_pg_lsn": numeric_pg_lsn,
    "pg_lsn_mi": pg_lsn_mi,
    "pg_lsn_pli": pg_lsn_pli,
    "pg_lsn_mii": pg_lsn_mii,
    "pg_lsn_larger": max,
    "pg_lsn_smaller": min,
    "pg_lsn_cmp": lambda a, b: (a > b) - (a < b),
    "uuid_extract_version": uuid_extract_version,
    "uuid_extract_timestamp": uuid_extract_timestamp,
}
