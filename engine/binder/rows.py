"""Binding of row values: ROW(...) constructors, casts of a row to a composite type
(coerce_record_to_complex in parse_coerce.c), field selection ``(expr).field``
(ParseComplexProjection) and whole-row references to a FROM item.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from engine import usertypes
from engine.binder import resolve as R
from engine.binder.bound import UNKNOWN_OID, BoundExpr, FieldSelect, RowExpr
from engine.errors import CannotCoerce, EngineError, FeatureNotSupported
from engine.types.records import RECORD_OID, RecordDesc, desc_of

TEXT_OID = 25


def anonymous_row(args: tuple[BoundExpr, ...], names: tuple[str, ...] | None = None,
                  constructed: bool = False) -> RowExpr:
    """A RECORD-typed row; an unknown literal field reads as text (its value is the same
    string either way)."""
    types = tuple(TEXT_OID if a.type_oid == UNKNOWN_OID else a.type_oid for a in args)
    return RowExpr(args, RecordDesc.anonymous(types, tuple(a.typmod for a in args), names),
                   RECORD_OID, constructed=constructed)


def base_of(type_oid: int, typmod: int) -> tuple[int, int]:
    """A domain's base type and typmod (a domain's value is its base type's everywhere)."""
    while (domain := usertypes.domain_of(type_oid)) is not None:
        type_oid, typmod = domain.base_oid, domain.base_typmod
    return type_oid, typmod


def row_to_composite(row: RowExpr, target: int, desc: RecordDesc, coerce: Any,
                     scope: Any) -> RowExpr:
    """``ROW(...)::comptype``: each field coerced to the composite's field type in the
    cast's context (a domain's constraints checked on the value); a wrong field count is
    42846 (coerce_record_to_complex)."""
    tname = R.type_name(target)
    if len(row.args) < len(desc.types):
        raise CannotCoerce(f"cannot cast type record to {tname}",
                           detail="Input has too few columns.")
    if len(row.args) > len(desc.types):
        raise CannotCoerce(f"cannot cast type record to {tname}",
                           detail="Input has too many columns.")
    args: list[BoundExpr] = []
    for i, (arg, ftype, ftypmod) in enumerate(zip(row.args, desc.types, desc.typmods,
                                                   strict=True)):
        base, btypmod = base_of(ftype, ftypmod)
        try:
            value = coerce(arg, base, btypmod if ftypmod < 0 else ftypmod)
        except CannotCoerce as exc:
            raise CannotCoerce(
                f"cannot cast type record to {tname}",
                detail=f"Cannot cast type {R.type_name(arg.type_oid)} to "
                       f"{R.type_name(ftype)} in column {i + 1}.") from exc
        if i < len(desc.constrained) and desc.constrained[i]:
            value = _checked(value, ftype, desc.names[i], scope)
        args.append(value)
    return RowExpr(tuple(args), desc, target, constructed=True)


def _checked(value: BoundExpr, domain_oid: int, field: str, scope: Any) -> BoundExpr:
    """A field value coerced to a domain with constraints: checked as CoerceToDomain does."""
    from engine.binder.bound import FuncExpr  # noqa: PLC0415

    spec = usertypes.domain_of(domain_oid)
    check = bind_domain(spec, scope) if spec is not None else None
    if check is None:
        raise FeatureNotSupported(f'a row cast to a composite type whose field "{field}" '
                                  "holds a domain with constraints the engine cannot check")

    def run(ctx: Any, v: Any) -> Any:
        check.run(ctx, v)
        return v

    return FuncExpr(R.type_name(domain_oid), run, (value,), value.type_oid, strict=False,
                    needs_context=True, typmod=value.typmod)


def refuse_row_operands(op: str, *operands: BoundExpr | None) -> None:
    """Where PostgreSQL compares a row constructor column by column (IN lists, BETWEEN,
    IS DISTINCT FROM, sub-selects) rather than as one record, the engine refuses."""
    if any(isinstance(x, RowExpr) and x.constructed for x in operands):
        raise FeatureNotSupported(f"operator {op} on a row constructor here (row-wise "
                                  "comparison) is not supported yet")


ROW_COMPARISON_OPS = ("=", "<>", "<", "<=", ">", ">=")


def row_comparison(op: str, left: tuple[BoundExpr, ...], right: tuple[BoundExpr, ...],
                   make_operator: Any) -> BoundExpr:
    """``ROW(a, b) op ROW(c, d)`` (make_row_comparison_op): = is the AND of the columns'
    =, <> the OR of their <>; an ordering operator decides at the first column pair that
    is not equal (NULL when a pair holds a NULL first), as RowCompareExpr does."""
    from engine.binder.bound import BoolOp, CaseExpr, Const, NullTest  # noqa: PLC0415

    if len(left) != len(right):
        raise EngineError("unequal number of entries in row expressions", sqlstate="42601")
    if not left:
        raise FeatureNotSupported("cannot compare rows of zero length")
    if op not in ROW_COMPARISON_OPS:
        raise FeatureNotSupported(f"row comparison with operator {op}")
    pairs = list(zip(left, right, strict=True))
    if op in ("=", "<>"):
        tests = tuple(make_operator(op, a, b) for a, b in pairs)
        return tests[0] if len(tests) == 1 else BoolOp("AND" if op == "=" else "OR", tests)
    result: BoundExpr = make_operator(op, *pairs[-1])
    for a, b in reversed(pairs[:-1]):
        has_null = BoolOp("OR", (NullTest(a, False), NullTest(b, False)))
        result = CaseExpr(((has_null, Const(None, 16)), (make_operator("=", a, b), result)),
                          make_operator(op, a, b), 16)
    return result


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


def _relation_rowtype(entry: Any) -> RecordDesc:
    """A table's or view's row type (pg_class.reltype), read from the primary; its fields
    must be the columns the engine reads, or the reference is refused."""
    user = usertypes.current()
    found = user.lookup_name(entry.relation) if user is not None else None
    desc = desc_of(found.oid) if found is not None else None
    types = tuple(c.type_oid for c in entry.columns)
    if desc is None or desc.types != types or len(desc.names) != len(entry.columns):
        raise FeatureNotSupported(f'whole-row reference "{entry.alias}": the row type of '
                                  f'"{entry.relation}" is not known here')
    entry.rowtype = desc.type_oid
    return desc


def whole_row(entry: Any) -> BoundExpr:
    """A FROM item's name used as a value: the record of its columns. A table's row type
    (pg_class.reltype) is not known here, and a row the outer join filled with NULLs is a
    NULL record in PostgreSQL, not one of NULL fields: both refused."""
    if entry.outer_joined:
        raise FeatureNotSupported(f'whole-row reference "{entry.alias}" to an outer join\'s '
                                  "side is not supported")
    if entry.scalar_function:
        column: BoundExpr = entry.column(0)
        return column
    args = tuple(entry.column(i) for i in range(len(entry.columns)))
    alias = str(entry.alias)
    if entry.relation:
        return RowExpr(args, _relation_rowtype(entry), entry.rowtype, whole_row_of=alias)
    if entry.table_oid or entry.system_columns:
        raise FeatureNotSupported(f'whole-row reference "{entry.alias}" to a partitioned '
                                  "table is not supported yet")
    if entry.rowtype != RECORD_OID:
        desc = desc_of(entry.rowtype)
        assert desc is not None
        return RowExpr(args, desc, entry.rowtype, whole_row_of=alias)
    row = anonymous_row(args, tuple(c.name for c in entry.columns))
    return replace(row, whole_row_of=alias)


@dataclass
class DomainCheck:
    """A domain's constraints bound for evaluation (domain_check in domains.c): NOT NULL
    first, then each CHECK in constraint-name order, over the value as ``VALUE``."""

    name: str
    notnull: bool
    checks: tuple[tuple[str, BoundExpr], ...]
    _compiled: tuple[Any, list[tuple[str, Any]]] | None = None

    def run(self, ctx: Any, value: Any) -> None:
        if value is None and self.notnull:
            raise EngineError(f"domain {self.name} does not allow null values",
                              sqlstate="23502")
        if self._compiled is None or self._compiled[0] is not ctx:
            from engine.exec.expr import compile_expr  # noqa: PLC0415

            self._compiled = (ctx, [(n, compile_expr(e, ctx)) for n, e in self.checks])
        for conname, test in self._compiled[1]:
            if test((value,)) is False:
                raise EngineError(f'value for domain {self.name} violates check constraint '
                                  f'"{conname}"', sqlstate="23514")


def domain_checks(desc: RecordDesc, scope: Any) -> dict[int, DomainCheck | None]:
    """The domains reachable from a composite's fields (through arrays, domains and nested
    composites), each bound, or None where the engine cannot evaluate its constraints."""
    out: dict[int, DomainCheck | None] = {}
    seen: set[int] = set()

    def visit(oid: int) -> None:
        if oid in seen:
            return
        seen.add(oid)
        spec = usertypes.domain_of(oid)
        if spec is not None:
            try:
                out[oid] = bind_domain(spec, scope)
            except FeatureNotSupported:
                out[oid] = None
            visit(spec.base_oid)
            return
        from engine import pgcat  # noqa: PLC0415

        elem = pgcat.element_of(oid)
        if elem:
            visit(elem)
            return
        nested = desc_of(oid)
        for t in nested.types if nested is not None else ():
            visit(t)

    for t in desc.types:
        visit(t)
    return out


def bind_domain(spec: Any, scope: Any) -> DomainCheck | None:
    import pglast  # noqa: PLC0415

    from engine.binder import expr as E  # noqa: PLC0415
    from engine.binder.scope import RangeColumn, RangeEntry, Scope  # noqa: PLC0415

    levels = [spec]
    while (inner := usertypes.domain_of(levels[-1].base_oid)) is not None:
        levels.append(inner)
    if any(level.checks is None for level in levels):
        return None  # constraints not read from the primary
    checked = [level for level in levels if level.checks]
    if len(checked) > 1:
        return None  # the order of several levels' checks is not reproduced
    base, typmod = base_of(spec.oid, -1)
    checks: list[tuple[str, BoundExpr]] = []
    for conname, definition in checked[0].checks if checked else ():
        text = definition.removeprefix("CHECK ").removesuffix(" NOT VALID")
        stmt: Any = pglast.parse_sql(f"SELECT {text}")[0].stmt
        node = stmt.targetList[0].val
        inner_scope = Scope(scope.ctx, [RangeEntry(None, [RangeColumn("value", base, typmod)])],
                            None, "CHECK constraint")
        checks.append((conname, E.require_bool(E.bind_expr(node, inner_scope), "CHECK",
                                               inner_scope)))
    return DomainCheck(R.type_name(spec.oid), any(level.notnull for level in levels),
                       tuple(checks))
