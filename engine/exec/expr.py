"""Compile bound expressions into closures ``row -> value`` (once per query, not per row)."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from engine.binder.bound import (
    AggRef,
    BoolOp,
    BoundExpr,
    ColumnRef,
    Const,
    FuncExpr,
    NullTest,
    Param,
)
from engine.errors import FeatureNotSupported
from engine.exec.context import ExecContext

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
            v0 = a0(row)
            if v0 is None:
                return None
            v1 = a1(row)
            return None if v1 is None else impl(v0, v1)

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


def _nulltest(e: NullTest, ctx: ExecContext) -> Compiled:
    a0 = compile_expr(e.arg, ctx)
    if e.negated:
        return lambda row: a0(row) is not None
    return lambda row: a0(row) is None


_COMPILERS: dict[type, Callable[[Any, ExecContext], Compiled]] = {
    Const: _const,
    ColumnRef: _column,
    AggRef: _aggref,
    Param: _param,
    FuncExpr: _func,
    BoolOp: _boolop,
    NullTest: _nulltest,
}
