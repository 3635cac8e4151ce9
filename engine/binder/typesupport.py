"""The binder's view of the type registry: display names, typmods, settings-aware input,
unary operators and sort keys. A thin layer so the binder and executor do not reach into
type-family modules. Must not import pglast, ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from engine import types as T
from engine.errors import FeatureNotSupported, InvalidParameterValue
from engine.types import datetime as dt
from engine.types import numeric

VARHDRSZ = 4


def display_name(oid: int) -> str:
    """The type as error messages name it (``integer``, ``text``, ``numeric``)."""
    return T.format_typmod(T.type_by_oid(oid), -1)


def encode_typmod(pgtype: T.PgType, mods: Sequence[int]) -> int:
    """typmodin for the supported types (numerictypmodin, varchartypmodin, ...)."""
    name = pgtype.name
    if name == "numeric":
        if not 1 <= len(mods) <= 2:
            raise _invalid("invalid NUMERIC type modifier")
        precision, scale = mods[0], (mods[1] if len(mods) == 2 else 0)
        if not 1 <= precision <= 1000:
            raise _invalid(f"NUMERIC precision {precision} must be between 1 and 1000")
        if not -1000 <= scale <= 1000:
            raise _invalid(f"NUMERIC scale {scale} must be between -1000 and 1000")
        return numeric.make_typmod(precision, scale)
    if name in ("varchar", "bpchar"):
        if len(mods) != 1:
            raise _invalid(f"invalid type modifier for {name}")
        if mods[0] < 1:
            what = "varchar" if name == "varchar" else "char"
            raise _invalid(f"length for type {what} must be at least 1")
        return mods[0] + VARHDRSZ
    if name in ("bit", "varbit"):
        if len(mods) != 1 or mods[0] < 1:
            raise _invalid(f"length for type {name} must be at least 1")
        return mods[0]
    if name == "interval":
        from engine.types import interval  # noqa: PLC0415

        if not 1 <= len(mods) <= 2:
            raise _invalid("invalid INTERVAL type modifier")
        if len(mods) == 2 and mods[1] < 0:
            raise _invalid(f"INTERVAL({mods[1]}) precision must not be negative")
        precision = min(mods[1], 6) if len(mods) == 2 else interval.INTERVAL_FULL_PRECISION
        return (mods[0] << 16) | precision
    if name in ("time", "timetz"):
        if len(mods) != 1 or mods[0] < 0:
            raise _invalid(f"invalid type modifier for {name}")
        return min(mods[0], 6)
    if name in ("timestamp", "timestamptz"):
        if len(mods) != 1 or mods[0] < 0:
            raise _invalid(f"invalid type modifier for {name}")
        return min(mods[0], 6)  # PG warns and reduces a precision above 6
    raise FeatureNotSupported(f"type modifier for type {name}")


def _invalid(message: str) -> InvalidParameterValue:
    return InvalidParameterValue(message)


def input_value(pgtype: T.PgType, text: str, typmod: int, settings: T.FormatSettings) -> Any:
    """A literal's value: date/time input depends on DateStyle's field order and TimeZone."""
    if pgtype.category in ("D", "T"):
        # date/time input reads DateStyle's field order and (for zoned types) TimeZone, and
        # interval input IntervalStyle; these families take the settings as a third argument
        if pgtype.oid in (1082, 1114, 1184):
            value = dt.input_with_settings(pgtype.oid, text, settings, typmod)
        else:
            value = pgtype.input(text, typmod, settings)  # type: ignore[call-arg]
        return T.apply_typmod(pgtype, value, typmod, explicit=False)
    if pgtype.category == "A":
        from engine.types import arrays  # noqa: PLC0415

        return arrays.input_with_settings(pgtype, text, settings, typmod)
    if pgtype.category == "C":
        from engine.types import records  # noqa: PLC0415

        return records.input_with_settings(pgtype.oid, text, settings)
    if pgtype.category == "R":
        from engine.types import multiranges, ranges  # noqa: PLC0415

        if ranges.range_info(pgtype.oid) is None:
            return multiranges.input_with_settings(pgtype.oid, text, settings)
        return ranges.input_with_settings(pgtype.oid, text, settings)
    return pgtype.input(text, typmod)


def unary_operator(op: str, oid: int) -> tuple[int, Callable[..., Any]]:
    entry = T.UNARY_OPERATORS.get((op, oid))
    if entry is None:
        raise FeatureNotSupported(f"prefix operator {op} on type {display_name(oid)}")
    return entry


def sort_key(oid: int) -> Callable[[Any], Hashable]:
    return T.type_by_oid(oid).key
