"""Filter: keep rows whose predicate is true (not false, not NULL)."""

from __future__ import annotations

from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Filter


@executes(Filter)
def run_filter(node: Filter, ctx: ExecContext) -> Rows:
    pred = compile_expr(node.predicate, ctx)
    return (row for row in run(node.child, ctx) if pred(row) is True)
