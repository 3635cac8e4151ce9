"""Project: evaluate the output expressions."""

from __future__ import annotations

from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Project


@executes(Project)
def run_project(node: Project, ctx: ExecContext) -> Rows:
    fns = [compile_expr(o.expr, ctx) for o in node.outputs]
    child = run(node.child, ctx)
    if len(fns) == 1:
        f0 = fns[0]
        return ((f0(row),) for row in child)
    return (tuple(f(row) for f in fns) for row in child)
