"""Binding of row values: ROW(...) constructors, casts of a row to a composite type
(coerce_record_to_complex in parse_coerce.c), field selection ``(expr).field``
(ParseComplexProjection) and whole-row references to a FROM item.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from typing import Any

from engine import usertypes
from engine.binder import resolve as R
from engine.binder.bound import UNKNOWN_OID, BoundExpr, FieldSelect, RowExpr
from engine.errors import CannotCoerce, EngineError, FeatureNotSupported
from engine.types.records import RECORD_OID, RecordDesc, desc_of

TEXT_OID = 25


def anonymous_row(args: tuple[BoundExpr, ...], names: tuple[str, ...] | None = None) -> RowExpr:
    """A RECORD-typed row; an unknown literal field reads as text (its value is the same
    string either way)."""
    types = tuple(TEXT_OID if a.type_oid == UNKNOWN_OID else a.type_oid for a in args)
    return RowExpr(args, RecordDesc.anonymous(types, tuple(a.typmod for a in args), names),
                   RECORD_OID)


def base_of(type_oid: int, typmod: int) -> tuple[int, int]:
    """A domain's base type and typmod (a domain's value is its base type's everywhere)."""
    while (domain := usertypes.domain_of(type_oid)) is not None:
        type_oid, typmod = domain.base_oid, domain.base_typmod
    return type_oid, typmod


def row_to_composite(row: RowExpr, target: int, desc: RecordDesc, coerce: Any) -> RowExpr:
    """``ROW(...)::comptype``: each field coerced to the composite's field type in the
    cast's context; a wrong field count is 42846 (coerce_record_to_complex)."""
    tname = R.type_name(target)
    if len(row.args) < len(desc.types):
        raise CannotCoerce(f"cannot cast type record to {tname}",
                           detail="Input has too few columns.")
    if len(row.args) > len(desc.types):
        raise CannotCoerce(f"cannot cast type record to {tname}",
                           detail="Input has too many columns.")
    desc.refuse_constrained("a row cast to a field")
    args = []
    for i, (arg, ftype, ftypmod) in enumerate(zip(row.args, desc.types, desc.typmods,
                                                   strict=True)):
        base, btypmod = base_of(ftype, ftypmod)
        try:
            args.append(coerce(arg, base, btypmod if ftypmod < 0 else ftypmod))
        except CannotCoerce as exc:
            raise CannotCoerce(
                f"cannot cast type record to {tname}",
                detail=f"Cannot cast type {R.type_name(arg.type_oid)} to "
                       f"{R.type_name(ftype)} in column {i + 1}.") from exc
    return RowExpr(tuple(args), desc, target)


def record_desc(expr: BoundExpr) -> RecordDesc | None:
    if isinstance(expr, RowExpr):
        desc: RecordDesc = expr.desc
        return desc
    return desc_of(expr.type_oid)


def select_field(base: BoundExpr, name: str) -> BoundExpr:
    desc = record_desc(base)
    if desc is None:
        if base.type_oid == RECORD_OID:
            raise FeatureNotSupported(
                "field selection from a record whose fields are known only at run time")
        raise EngineError(f"column notation .{name} applied to type "
                          f"{R.type_name(base.type_oid)}, which is not a composite type",
                          sqlstate="42809")
    if name not in desc.names:
        raise EngineError(f'column "{name}" not found in data type '
                          f"{R.type_name(base.type_oid)}", sqlstate="42703")
    index = desc.names.index(name)
    if isinstance(base, RowExpr) and base.args[index].type_oid == UNKNOWN_OID:
        # PostgreSQL keeps the field's type unknown and fails to convert it (XX000)
        raise FeatureNotSupported("selecting an untyped literal's field from ROW(...)")
    ftype, ftypmod = base_of(desc.types[index], desc.typmods[index])
    return FieldSelect(base, index, name, ftype, ftypmod)


def whole_row(entry: Any) -> RowExpr:
    """A FROM item's name used as a value: the record of its columns. A table's row type
    (pg_class.reltype) is not known here, and a row the outer join filled with NULLs is a
    NULL record in PostgreSQL, not one of NULL fields: both refused."""
    if entry.table_oid or entry.system_columns:
        raise FeatureNotSupported(f'whole-row reference "{entry.alias}" to a table is not '
                                  "supported yet")
    if entry.outer_joined:
        raise FeatureNotSupported(f'whole-row reference "{entry.alias}" to an outer join\'s '
                                  "side is not supported")
    args = tuple(entry.column(i) for i in range(len(entry.columns)))
    if entry.rowtype != RECORD_OID:
        desc = desc_of(entry.rowtype)
        assert desc is not None
        return RowExpr(args, desc, entry.rowtype)
    return anonymous_row(args, tuple(c.name for c in entry.columns))
