"""Compile bound expressions into closures ``row -> value`` (once per query, not per row)."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from engine.binder.bound import (
    AggRef,
    ArrayExpr,
    BoolOp,
    BoundExpr,
    CaseExpr,
    CoalesceExpr,
    ColumnRef,
    Const,
    FieldSelect,
    FuncExpr,
    MinMaxExpr,
    NullTest,
    OuterRef,
    Param,
    RowExpr,
    ScalarArrayOp,
    SubqueryExpr,
)
from engine.errors import EngineError, FeatureNotSupported
from engine.exec.context import ExecContext
from engine.types.base import ArrayValue

Compiled = Callable[[Any], Any]


def compile_expr(expr: BoundExpr, ctx: ExecContext) -> Compiled:
    compiler = _COMPILERS.get(type(expr))
    if compiler is None:
        raise FeatureNotSupported(f"cannot execute expression {type(expr).__name__}")
    return compiler(expr, ctx)


def _const(e: Const, ctx: ExecContext) -> Compiled:
    value = e.value
    return lambda row: value


def _column(e: ColumnRef, ctx: ExecContext) -> Compiled:
    return itemgetter(e.index)


def _aggref(e: AggRef, ctx: ExecContext) -> Compiled:
    return itemgetter(e.index)


def _outer(e: OuterRef, ctx: ExecContext) -> Compiled:
    outer, depth, index = ctx.outer, e.depth, e.index
    return lambda row: outer[-depth][index]


def _param(e: Param, ctx: ExecContext) -> Compiled:
    value = ctx.params[e.number - 1]
    return lambda row: value


def _func(e: FuncExpr, ctx: ExecContext) -> Compiled:
    impl = e.impl
    if e.needs_context:
        inner = impl

        def impl(*a: Any) -> Any:
            return inner(ctx, *a)

    args = [compile_expr(a, ctx) for a in e.args]
    if not args:
        return lambda row: impl()
    if not e.strict:
        return lambda row: impl(*[a(row) for a in args])
    if len(args) == 1:
        (a0,) = args

        def call1(row: Any) -> Any:
            v = a0(row)
            return None if v is None else impl(v)

        return call1
    if len(args) == 2:
        a0, a1 = args

        def call2(row: Any) -> Any:
            # every argument is evaluated before the strictness check (ExecInterpExpr), so
            # an error in the second wins over a NULL first
            v0 = a0(row)
            v1 = a1(row)
            return None if v0 is None or v1 is None else impl(v0, v1)

        return call2

    def calln(row: Any) -> Any:
        vals = [a(row) for a in args]
        return None if any(v is None for v in vals) else impl(*vals)

    return calln


def _boolop(e: BoolOp, ctx: ExecContext) -> Compiled:
    args = [compile_expr(a, ctx) for a in e.args]
    if e.op == "NOT":
        (a0,) = args
        return lambda row: None if (v := a0(row)) is None else not v
    # SQL three-valued logic: AND is false if any is false, else NULL if any is NULL.
    decisive = e.op == "OR"

    def combine(row: Any) -> Any:
        saw_null = False
        for a in args:
            v = a(row)
            if v is None:
                saw_null = True
            elif v is decisive:
                return decisive
        return None if saw_null else not decisive

    return combine


def _row(e: RowExpr, ctx: ExecContext) -> Compiled:
    from engine.types.records import RecordValue  # noqa: PLC0415

    desc = e.desc
    args = [compile_expr(a, ctx) for a in e.args]
    return lambda row: RecordValue(desc, tuple(a(row) for a in args))


def _field_select(e: FieldSelect, ctx: ExecContext) -> Compiled:
    arg, index = compile_expr(e.arg, ctx), e.index

    def select(row: Any) -> Any:
        value = arg(row)
        return None if value is None else value.values[index]

    return select


def _nulltest(e: NullTest, ctx: ExecContext) -> Compiled:
    a0 = compile_expr(e.arg, ctx)
    from engine.types.records import is_rowtype  # noqa: PLC0415

    if is_rowtype(e.arg.type_oid):
        # a row IS NULL when every field is, IS NOT NULL when none is (ExecEvalRowNull)
        if e.negated:
            return lambda row: (v := a0(row)) is not None and all(
                f is not None for f in v.values)
        return lambda row: (v := a0(row)) is None or all(f is None for f in v.values)
    if e.negated:
        return lambda row: a0(row) is not None
    return lambda row: a0(row) is None


def _case(e: CaseExpr, ctx: ExecContext) -> Compiled:
    arms = [(compile_expr(c, ctx), compile_expr(r, ctx)) for c, r in e.whens]
    default = compile_expr(e.default, ctx)

    def case(row: Any) -> Any:
        for cond, result in arms:
            if cond(row) is True:
                return result(row)
        return default(row)

    return case


def _coalesce(e: CoalesceExpr, ctx: ExecContext) -> Compiled:
    args = [compile_expr(a, ctx) for a in e.args]

    def coalesce(row: Any) -> Any:
        for a in args:
            v = a(row)
            if v is not None:
                return v
        return None

    return coalesce


def _minmax(e: MinMaxExpr, ctx: ExecContext) -> Compiled:
    args = [compile_expr(a, ctx) for a in e.args]
    key = e.key
    greatest = e.op == "GREATEST"

    def minmax(row: Any) -> Any:
        vals = [v for a in args if (v := a(row)) is not None]
        if not vals:
            return None
        return max(vals, key=key) if greatest else min(vals, key=key)

    return minmax


def _array(e: ArrayExpr, ctx: ExecContext) -> Compiled:
    elems = [compile_expr(a, ctx) for a in e.elems]
    elem_type = e.elem_type
    if not e.multidim:
        return lambda row: ArrayValue(elem_type, (len(elems),) if elems else (),
                                      (1,) if elems else (), tuple(a(row) for a in elems))

    def build(row: Any) -> Any:
        subs = [a(row) for a in elems]
        subs = [s for s in subs if s is not None]
        if not subs or all(not s.dims for s in subs):
            return ArrayValue(elem_type, (), (), ())
        first = subs[0].dims
        if any(s.dims != first for s in subs):
            raise EngineError("multidimensional arrays must have array expressions with "
                              "matching dimensions", sqlstate="2202E")
        items = tuple(v for s in subs for v in s.items)
        return ArrayValue(elem_type, (len(subs), *first), (1,) * (len(first) + 1), items)

    return build


def _scalar_array_op(e: ScalarArrayOp, ctx: ExecContext) -> Compiled:
    left = compile_expr(e.left, ctx)
    right = compile_expr(e.right, ctx)
    impl = e.impl
    if getattr(impl, "needs_context", False):
        inner = impl

        def impl(*a: Any) -> Any:
            return inner(ctx, *a)

    use_or = e.use_or

    def any_all(row: Any) -> Any:
        arr = right(row)
        if arr is None:
            return None
        if not arr.items:
            return not use_or
        x = left(row)
        saw_null = False
        for item in arr.items:
            if x is None or item is None:
                saw_null = True
                continue
            r = impl(x, item)
            if r is use_or:
                return use_or
        return None if saw_null else not use_or

    return any_all


def _subquery(e: SubqueryExpr, ctx: ExecContext) -> Compiled:
    from engine.exec.operators import run  # noqa: PLC0415

    cache: list[Any] = []
    outer = ctx.outer

    def rows(row: Any) -> list[Any]:
        if e.correlated:  # run again for each row, with that row visible as OuterRef
            outer.append(row)
            try:
                return list(run(e.plan, ctx))
            finally:
                outer.pop()
        if not cache:
            cache.append(list(run(e.plan, ctx)))
        return cache[0]  # type: ignore[no-any-return]

    if e.kind == "EXISTS":
        if e.correlated:
            def exists(row: Any) -> bool:
                outer.append(row)
                try:
                    return next(iter(run(e.plan, ctx)), None) is not None
                finally:
                    outer.pop()
            return exists
        return lambda row: bool(rows(row))
    if e.kind == "EXPR":
        def scalar(row: Any) -> Any:
            got = rows(row)
            if len(got) > 1:
                raise EngineError("more than one row returned by a subquery used as an "
                                  "expression", sqlstate="21000")
            return got[0][0] if got else None
        return scalar
    if e.kind == "ARRAY":
        from engine import pgcat as C  # noqa: PLC0415

        elem = C.element_of(e.type_oid)

        def array(row: Any) -> Any:
            vals = tuple(r[0] for r in rows(row))
            return ArrayValue(elem, (len(vals),) if vals else (), (1,) if vals else (), vals)
        return array
    assert e.left is not None and e.test is not None
    left = compile_expr(e.left, ctx)
    test = e.test
    use_or = e.kind == "ANY"

    def quantified(row: Any) -> Any:
        x = left(row)
        saw_null = False
        got = rows(row)
        for r in got:
            v = r[0]
            if x is None or v is None:
                saw_null = True
                continue
            if test(x, v) is use_or:
                return use_or
        if not got:
            return not use_or
        return None if saw_null else not use_or

    return quantified


_COMPILERS: dict[type, Callable[[Any, ExecContext], Compiled]] = {
    Const: _const,
    ColumnRef: _column,
    OuterRef: _outer,
    AggRef: _aggref,
    Param: _param,
    FuncExpr: _func,
    BoolOp: _boolop,
    NullTest: _nulltest,
    CaseExpr: _case,
    CoalesceExpr: _coalesce,
    MinMaxExpr: _minmax,
    ArrayExpr: _array,
    ScalarArrayOp: _scalar_array_op,
    SubqueryExpr: _subquery,
    RowExpr: _row,
    FieldSelect: _field_select,
}
