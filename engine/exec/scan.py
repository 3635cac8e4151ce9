"""Leaves: Result (FROM-less), SeqScan, ValuesScan, FunctionScan, SubqueryScan."""

from __future__ import annotations

from typing import Any

from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import FunctionScan, Result, SeqScan, SubqueryScan, ValuesScan


@executes(Result)
def run_result(node: Result, ctx: ExecContext) -> Rows:
    yield ()


@executes(SeqScan)
def run_seqscan(node: SeqScan, ctx: ExecContext) -> Rows:
    return ctx.stores[node.table_oid].scan(ctx.snapshot_lsn)  # type: ignore[no-any-return]


@executes(ValuesScan)
def run_values(node: ValuesScan, ctx: ExecContext) -> Rows:
    compiled = [[compile_expr(e, ctx) for e in row] for row in node.rows]
    for row in compiled:
        yield tuple(f(()) for f in row)


@executes(FunctionScan)
def run_function(node: FunctionScan, ctx: ExecContext) -> Rows:
    args = [compile_expr(a, ctx)(()) for a in node.args]
    if node.strict and any(a is None for a in args):
        return
    if not node.srf:
        yield (node.impl(*args),) + ((1,) if node.ordinality else ())
        return
    out: Any = node.impl(ctx, *args) if node.needs_context else node.impl(*args)
    for i, value in enumerate(out, start=1):
        row = value if node.ncols > 1 else (value,)
        yield (*row, i) if node.ordinality else tuple(row)


@executes(SubqueryScan)
def run_subquery(node: SubqueryScan, ctx: ExecContext) -> Rows:
    return run(node.child, ctx)
