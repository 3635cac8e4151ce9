"""Leaves: Result (FROM-less), SeqScan, ValuesScan, FunctionScan, SubqueryScan."""

from __future__ import annotations

from typing import Any

from engine.errors import FeatureNotSupported
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import FunctionScan, Result, SeqScan, SubqueryScan, ValuesScan


@executes(Result)
def run_result(node: Result, ctx: ExecContext) -> Rows:
    yield ()


@executes(SeqScan)
def run_seqscan(node: SeqScan, ctx: ExecContext) -> Rows:
    store = ctx.stores[node.table_oid]
    if ctx.outer:  # re-run for each enclosing row: without indexes the work multiplies
        ctx.rescanned += len(store.rows)
        if ctx.rescanned > RESCAN_LIMIT:
            raise FeatureNotSupported(
                f"a correlated sub-select or LATERAL item rescanning {node.table_name} would read "
                f"more than {RESCAN_LIMIT:,} rows (the shadow has no indexes to run it fast)")
    return store.scan(ctx.snapshot_lsn)  # type: ignore[no-any-return]


# rows a statement may scan again through correlated sub-selects and LATERAL right sides:
# a few seconds of work here; beyond it the statement is refused, not left running
RESCAN_LIMIT = 20_000_000


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
