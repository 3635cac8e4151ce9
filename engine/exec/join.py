"""Joins: nested loop (inner, left, right, full, with an optional join qualification), hash
join, and the lateral nested loop whose right side reads each left row."""

from __future__ import annotations

from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import HashJoin, LateralJoin, NestedLoop


@executes(NestedLoop)
def run_nested_loop(node: NestedLoop, ctx: ExecContext) -> Rows:
    qual = compile_expr(node.qual, ctx) if node.qual is not None else None
    right_rows = list(run(node.right, ctx))
    left_nulls = (None,) * node.left_width
    right_nulls = (None,) * node.right_width
    right_matched = [False] * len(right_rows)
    for lrow in run(node.left, ctx):
        matched = False
        for i, rrow in enumerate(right_rows):
            row = lrow + rrow
            if qual is None or qual(row) is True:
                matched = True
                right_matched[i] = True
                yield row
        if not matched and node.kind in ("left", "full"):
            yield lrow + right_nulls
    if node.kind in ("right", "full"):
        for i, rrow in enumerate(right_rows):
            if not right_matched[i]:
                yield left_nulls + rrow


@executes(HashJoin)
def run_hash_join(node: HashJoin, ctx: ExecContext) -> Rows:
    rkeys = [compile_expr(k, ctx) for k in node.right_keys]
    lkeys = [compile_expr(k, ctx) for k in node.left_keys]
    fns = node.key_fns
    qual = compile_expr(node.qual, ctx) if node.qual is not None else None
    table: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
    for rrow in run(node.right, ctx):
        values = [f(rrow) for f in rkeys]
        if any(v is None for v in values):
            continue  # NULL = anything is never true
        key = tuple(k(v) for k, v in zip(fns, values, strict=True))
        table.setdefault(key, []).append(rrow)
    right_nulls = (None,) * node.right_width
    for lrow in run(node.left, ctx):
        values = [f(lrow) for f in lkeys]
        matched = False
        if not any(v is None for v in values):
            key = tuple(k(v) for k, v in zip(fns, values, strict=True))
            for rrow in table.get(key, ()):
                row = lrow + rrow
                if qual is None or qual(row) is True:
                    matched = True
                    yield row
        if not matched and node.kind == "left":
            yield lrow + right_nulls


@executes(LateralJoin)
def run_lateral_join(node: LateralJoin, ctx: ExecContext) -> Rows:
    outer = ctx.outer
    qual = compile_expr(node.qual, ctx) if node.qual is not None else None
    right_nulls = (None,) * node.right_width
    for lrow in run(node.left, ctx):
        outer.append(lrow)
        try:  # drained while the left row is visible: nothing above may see it pushed
            rows = list(run(node.right, ctx))
        finally:
            outer.pop()
        matched = False
        for rrow in rows:
            row = lrow + rrow
            if qual is None or qual(row) is True:
                matched = True
                yield row
        if not matched and node.kind == "left":
            yield lrow + right_nulls
