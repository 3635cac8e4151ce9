"""Multirange types (int4multirange, int8multirange, nummultirange, datemultirange,
tsmultirange, tstzmultirange, and those of range types defined on the primary): the value
class, canonicalisation (sort + merge), text input/output, the sort/group key and the PgType
descriptors.

Follows PostgreSQL 18's src/backend/utils/adt/multirangetypes.c: multirange_in's parse-state
machine (which hands each ``[...)`` substring to range_in), multirange_out,
multirange_canonicalize (sort by range_cmp, drop empties, merge adjacent or overlapping ranges)
and multirange_cmp.

Values are ``MultirangeValue``: the multirange type OID and its ranges (``RangeValue``s of the
matching range type), sorted, non-empty, pairwise neither overlapping nor adjacent — exactly as
Postgres stores them. Must not import ``replica`` or ``wire``, nor anything from the engine
beyond ``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.errors import InvalidTextRepresentation
from engine.types import ranges as R
from engine.types.base import PgType
from engine.types.range_oids import TYPE_NAMES
from engine.types.settings import DEFAULT_SETTINGS, FormatSettings

_C_SPACE = " \t\n\r\v\f"


@dataclass(frozen=True, slots=True)
class MultirangeValue:
    """A multirange of type ``mr_oid``: canonical ranges in ascending order (none empty)."""

    mr_oid: int
    ranges: tuple[R.RangeValue, ...]

    @property
    def range_oid(self) -> int:
        return R.range_of_multirange(self.mr_oid)

    @property
    def empty(self) -> bool:
        return not self.ranges


def make_multirange(mr_oid: int, ranges: Iterable[R.RangeValue]) -> MultirangeValue:
    """make_multirange / multirange_canonicalize: sort, drop empties, merge touching ranges."""
    merged: list[R.RangeValue] = []
    for cur in sorted(ranges, key=R.range_key):
        if cur.empty:
            continue
        if not merged:
            merged.append(cur)
            continue
        last = merged[-1]
        if R.adjacent(last, cur):
            merged[-1] = R.union(last, cur, False)
        elif R.before(last, cur):
            merged.append(cur)
        else:
            merged[-1] = R.union(last, cur, True)
    return MultirangeValue(mr_oid, tuple(merged))


def empty_multirange(mr_oid: int) -> MultirangeValue:
    return MultirangeValue(mr_oid, ())


# --- text input -------------------------------------------------------------------------------


def _malformed(text: str, detail: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation(f'malformed multirange literal: "{text}"', detail=detail)


_BEFORE, _IN, _IN_ESC, _QUOTED, _QUOTED_ESC, _AFTER, _DONE = range(7)


def split_multirange_text(text: str) -> list[str | None]:
    """multirange_in's scanner: the text of each range (None for an ``empty`` item)."""
    n = len(text)
    p = 0
    while p < n and text[p] in _C_SPACE:
        p += 1
    if p >= n or text[p] != "{":
        raise _malformed(text, "Missing left brace.")
    p += 1
    items: list[str | None] = []
    state, start = _BEFORE, 0
    while state != _DONE:
        if p >= n:
            raise _malformed(text, "Unexpected end of input.")
        ch = text[p]
        if ch in _C_SPACE:
            p += 1
            continue
        if state == _BEFORE:
            if ch in "[(":
                start, state = p, _IN
            elif ch == "}" and not items:
                state = _DONE
            elif text[p : p + 5].lower() == "empty":
                items.append(None)
                p += 4
                state = _AFTER
            else:
                raise _malformed(text, "Expected range start.")
        elif state == _IN:
            if ch in "])":
                items.append(text[start : p + 1])
                state = _AFTER
            elif ch == '"':
                state = _QUOTED
            elif ch == "\\":
                state = _IN_ESC
        elif state == _IN_ESC:
            state = _IN
        elif state == _QUOTED:
            if ch == '"':
                if p + 1 < n and text[p + 1] == '"':
                    p += 1
                else:
                    state = _IN
            elif ch == "\\":
                state = _QUOTED_ESC
        elif state == _QUOTED_ESC:
            state = _QUOTED
        elif ch == ",":
            state = _BEFORE
        elif ch == "}":
            state = _DONE
        else:
            raise _malformed(text, "Expected comma or end of multirange.")
        p += 1
    while p < n and text[p] in _C_SPACE:
        p += 1
    if p != n:
        raise _malformed(text, "Junk after closing right brace.")
    return items


def input_with_settings(
    mr_oid: int, text: str, settings: FormatSettings, typmod: int = -1
) -> MultirangeValue:
    """multirange_in under the session settings (date/time bounds read DateStyle/TimeZone)."""
    range_oid = R.range_of_multirange(mr_oid)
    got = [
        R.input_with_settings(range_oid, item, settings, typmod)
        for item in split_multirange_text(text)
        if item is not None
    ]
    return make_multirange(mr_oid, got)


# --- output and ordering ----------------------------------------------------------------------


def multirange_out(mr: MultirangeValue, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    return "{" + ",".join(R.range_out(r, settings) for r in mr.ranges) + "}"


def multirange_key(mr: MultirangeValue) -> tuple[Any, ...]:
    """Sort/group key consistent with multirange_cmp: range by range, a prefix sorts first."""
    return tuple(R.range_key(r) for r in mr.ranges)


def multirange_cmp(a: MultirangeValue, b: MultirangeValue) -> int:
    ka, kb = multirange_key(a), multirange_key(b)
    return (ka > kb) - (ka < kb)


def multirange_type(oid: int, name: str) -> PgType:
    def read(text: str, typmod: int = -1) -> MultirangeValue:
        return input_with_settings(oid, text, DEFAULT_SETTINGS, typmod)

    return PgType(oid, name, -1, "R", False, read, multirange_out, multirange_key)


TYPES: tuple[PgType, ...] = tuple(
    multirange_type(oid, TYPE_NAMES[oid]) for oid in R.BUILTIN_RANGE_OF
)
