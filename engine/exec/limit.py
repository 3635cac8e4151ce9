"""Limit/Offset with Postgres's checks on negative values."""

from __future__ import annotations

from itertools import islice

from engine.errors import EngineError
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Limit


@executes(Limit)
def run_limit(node: Limit, ctx: ExecContext) -> Rows:
    offset = compile_expr(node.offset, ctx)(()) if node.offset is not None else None
    limit = compile_expr(node.limit, ctx)(()) if node.limit is not None else None
    if offset is not None and offset < 0:
        raise EngineError("OFFSET must not be negative", sqlstate="2201X")
    if limit is not None and limit < 0:
        raise EngineError("LIMIT must not be negative", sqlstate="2201W")
    start = offset or 0
    stop = None if limit is None else start + limit
    return islice(run(node.child, ctx), start, stop)
