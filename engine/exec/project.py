"""Project (the select list), ProjectSet (with set-returning functions) and Trim."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from engine.binder.bound import SrfCall
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Project, ProjectSet, Trim


@executes(Project)
def run_project(node: Project, ctx: ExecContext) -> Rows:
    fns = [compile_expr(e, ctx) for e in node.exprs]
    child = run(node.child, ctx)
    if len(fns) == 1:
        f0 = fns[0]
        return ((f0(row),) for row in child)
    return (tuple(f(row) for f in fns) for row in child)


_NOTHING = object()


@executes(ProjectSet)
def run_project_set(node: ProjectSet, ctx: ExecContext) -> Rows:
    """Each input row yields as many rows as its longest SRF result; shorter SRFs are padded
    with NULL and plain expressions repeat (PostgreSQL 10+ semantics)."""
    parts: list[tuple[bool, Any]] = []
    for e in node.exprs:
        if isinstance(e, SrfCall):
            parts.append((True, ([compile_expr(a, ctx) for a in e.args], e)))
        else:
            parts.append((False, compile_expr(e, ctx)))
    for row in run(node.child, ctx):
        scalars: list[Any] = []
        streams: list[Any] = []
        for is_srf, part in parts:
            if is_srf:
                arg_fns, call = part
                args = [f(row) for f in arg_fns]
                if call.strict and any(a is None for a in args):
                    streams.append(iter(()))
                else:
                    out = call.impl(ctx, *args) if call.needs_context else call.impl(*args)
                    streams.append(iter(out))
                scalars.append(_NOTHING)
            else:
                scalars.append(part(row))
        for values in zip_longest(*streams, fillvalue=None):
            it = iter(values)
            yield tuple(next(it) if s is _NOTHING else s for s in scalars)


@executes(Trim)
def run_trim(node: Trim, ctx: ExecContext) -> Rows:
    n = node.ncols
    return (row[:n] for row in run(node.child, ctx))
