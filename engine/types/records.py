"""Composite values (rowtypes.c): the anonymous ``record`` type and named composite types.

A value is a ``RecordValue``: its ``RecordDesc`` (field names, type OIDs and typmods, as the
tuple descriptor PostgreSQL looks up from a datum's type and typmod) and the field values
(None for NULL). Output (record_out) needs nothing but the value; input (record_in) needs the
descriptor, so only named composite types (``engine.usertypes``) read text. Comparison keys
follow record_cmp: field by field with the field types' keys, NULL after every non-NULL.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.errors import FeatureNotSupported, InvalidTextRepresentation
from engine.types.base import PgType
from engine.types.settings import FormatSettings

RECORD_OID = 2249
RECORD_ARRAY_OID = 2287
_SPACE = " \t\n\r\v\f"  # isspace in the C locale
_QUOTE_TRIGGERS = frozenset('"\\(),') | frozenset(_SPACE)


@dataclass(frozen=True, slots=True)
class RecordDesc:
    """A row type: ``type_oid`` is the composite type's OID (2249 for an anonymous record)."""

    type_oid: int
    names: tuple[str, ...]
    types: tuple[int, ...]
    typmods: tuple[int, ...]
    # per field: its type is a domain with NOT NULL or CHECK constraints (which the engine
    # does not run), directly or as an array's element
    constrained: tuple[bool, ...] = ()

    def refuse_constrained(self, what: str) -> None:
        for name, flag in zip(self.names, self.constrained, strict=False):
            if flag:
                raise FeatureNotSupported(
                    f'{what} of a composite type whose field "{name}" is a domain with '
                    "constraints")

    @staticmethod
    def anonymous(types: tuple[int, ...], typmods: tuple[int, ...] | None = None,
                  names: tuple[str, ...] | None = None) -> RecordDesc:
        """ROW(...) names its fields f1, f2, ... (ExecTypeFromExprList)."""
        return RecordDesc(RECORD_OID,
                          names if names is not None else tuple(f"f{i + 1}"
                                                                for i in range(len(types))),
                          types, typmods if typmods is not None else (-1,) * len(types))


@dataclass(frozen=True, slots=True)
class RecordValue:
    desc: RecordDesc
    values: tuple[Any, ...]


def _field_type(oid: int) -> PgType:
    from engine.types import registry  # noqa: PLC0415

    return registry.type_by_oid(oid)


def record_out(value: RecordValue, settings: FormatSettings) -> str:
    parts: list[str] = []
    for oid, v in zip(value.desc.types, value.values, strict=True):
        if v is None:
            parts.append("")
            continue
        text = _field_type(oid).output(v, settings)
        quote = text == "" or any(ch in _QUOTE_TRIGGERS for ch in text)
        body = text.replace("\\", "\\\\").replace('"', '""')
        parts.append(f'"{body}"' if quote else body)
    return "(" + ",".join(parts) + ")"


def split_record_text(text: str, nfields: int) -> Iterator[str | None]:
    """record_in's scan: the de-quoted text of each field (None for an empty one), yielded
    one at a time because PostgreSQL converts each field before scanning the next (a bad
    field is reported before a malformed rest)."""

    def malformed(detail: str) -> InvalidTextRepresentation:
        err = InvalidTextRepresentation(f'malformed record literal: "{text}"')
        err.detail = detail
        return err

    pos = 0
    n = len(text)
    while pos < n and text[pos] in _SPACE:
        pos += 1
    if pos >= n or text[pos] != "(":
        raise malformed("Missing left parenthesis.")
    pos += 1
    for i in range(nfields):
        if i:
            if pos < n and text[pos] == ",":
                pos += 1
            else:
                raise malformed("Too few columns.")
        if pos < n and text[pos] in ",)":
            yield None
            continue
        buf: list[str] = []
        inquote = False
        while inquote or not (pos < n and text[pos] in ",)"):
            if pos >= n:
                raise malformed("Unexpected end of input.")
            ch = text[pos]
            pos += 1
            if ch == "\\":
                if pos >= n:
                    raise malformed("Unexpected end of input.")
                buf.append(text[pos])
                pos += 1
            elif ch == '"':
                if not inquote:
                    inquote = True
                elif pos < n and text[pos] == '"':
                    buf.append('"')
                    pos += 1
                else:
                    inquote = False
            else:
                buf.append(ch)
        yield "".join(buf)
    if pos >= n or text[pos] != ")":
        raise malformed("Too many columns.")
    pos += 1
    while pos < n and text[pos] in _SPACE:
        pos += 1
    if pos < n:
        raise malformed("Junk after right parenthesis.")


def record_in(text: str, desc: RecordDesc, settings: FormatSettings) -> RecordValue:
    from engine.binder.typesupport import input_value  # noqa: PLC0415
    from engine.types import registry  # noqa: PLC0415

    desc.refuse_constrained("input")
    fields = split_record_text(text, len(desc.types))
    values: list[Any] = []
    for raw, oid, typmod in zip(fields, desc.types, desc.typmods, strict=True):
        if raw is None:
            values.append(None)
            continue
        pgtype = _field_type(oid)
        values.append(registry.apply_typmod(pgtype, input_value(pgtype, raw, typmod, settings),
                                            typmod))
    return RecordValue(desc, tuple(values))


def record_key(value: RecordValue) -> Hashable:
    """record_cmp's order: fields compared left to right, a NULL field after any value."""
    return tuple((1,) if v is None else (0, _field_type(oid).key(v))
                 for oid, v in zip(value.desc.types, value.values, strict=True))


def is_rowtype(type_oid: int) -> bool:
    return type_oid == RECORD_OID or desc_of(type_oid) is not None


def desc_of(type_oid: int) -> RecordDesc | None:
    """The fields of a named composite type (None for any other type)."""
    if type_oid < 16384:  # FirstNormalObjectId: no builtin composite type is supported
        return None
    from engine import usertypes  # noqa: PLC0415

    desc: RecordDesc | None = usertypes.composite_desc(type_oid)
    return desc


def input_with_settings(type_oid: int, text: str, settings: FormatSettings) -> RecordValue:
    desc = desc_of(type_oid)
    if desc is None:
        raise FeatureNotSupported("input of anonymous composite types is not implemented")
    return record_in(text, desc, settings)


def record_cmp(a: RecordValue, b: RecordValue) -> int:
    """record_cmp (rowtypes.c): field by field until one differs, a NULL field after any
    value and equal to another NULL; fields compared must have the same type, and records
    equal over their common fields must have as many."""
    from engine.binder.resolve import type_name  # noqa: PLC0415
    from engine.errors import EngineError  # noqa: PLC0415

    d1, d2 = a.desc, b.desc
    for i, (t1, t2) in enumerate(zip(d1.types, d2.types, strict=False)):
        if t1 != t2:
            raise EngineError(f"cannot compare dissimilar column types {type_name(t1)} and "
                              f"{type_name(t2)} at record column {i + 1}", sqlstate="42804")
        v1, v2 = a.values[i], b.values[i]
        if v1 is None or v2 is None:
            if v1 is None and v2 is None:
                continue
            return 1 if v1 is None else -1
        key = _field_type(t1).key
        k1, k2 = key(v1), key(v2)
        if k1 != k2:
            return -1 if k1 < k2 else 1  # type: ignore[operator]
    if len(d1.types) != len(d2.types):
        raise EngineError("cannot compare record types with different numbers of columns",
                          sqlstate="42804")
    return 0


def _anonymous_in(text: str, typmod: int = -1) -> RecordValue:
    raise FeatureNotSupported("input of anonymous composite types is not implemented")


def composite_type(desc: RecordDesc, name: str) -> PgType:
    """The PgType of a named composite type (its input reads ``desc``'s fields)."""

    def read(text: str, typmod: int = -1) -> RecordValue:
        from engine.types.settings import DEFAULT_SETTINGS  # noqa: PLC0415

        return record_in(text, desc, DEFAULT_SETTINGS)

    return PgType(desc.type_oid, name, -1, "C", False, read, record_out, record_key)


FUNCTIONS: dict[str, Any] = {
    "record_eq": lambda a, b: record_cmp(a, b) == 0,
    "record_ne": lambda a, b: record_cmp(a, b) != 0,
    "record_lt": lambda a, b: record_cmp(a, b) < 0,
    "record_le": lambda a, b: record_cmp(a, b) <= 0,
    "record_gt": lambda a, b: record_cmp(a, b) > 0,
    "record_ge": lambda a, b: record_cmp(a, b) >= 0,
    "btrecordcmp": record_cmp,
}

TYPES: tuple[PgType, ...] = (
    PgType(RECORD_OID, "record", -1, "P", False, _anonymous_in, record_out, record_key),
)
