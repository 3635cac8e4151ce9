"""UNION / INTERSECT / EXCEPT, with and without ALL (multiset semantics of nodeSetOp.c), and
the recursive union of WITH RECURSIVE (nodeRecursiveunion.c)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from engine.exec.context import ExecContext
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import RecursiveUnion, SetOp, WorkTableScan


@executes(SetOp)
def run_setop(node: SetOp, ctx: ExecContext) -> Rows:
    keys = node.keys

    def key(row: Any) -> tuple[Any, ...]:
        return tuple(None if v is None else k(v) for v, k in zip(row, keys, strict=True))

    if node.op == "UNION":
        seen: set[tuple[Any, ...]] = set()
        for side in (node.left, node.right):
            for row in run(side, ctx):
                if node.all:
                    yield row
                    continue
                k = key(row)
                if k not in seen:
                    seen.add(k)
                    yield row
        return
    right = Counter(key(r) for r in run(node.right, ctx))
    left_rows = list(run(node.left, ctx))
    left_counts: Counter[tuple[Any, ...]] = Counter()
    emitted: Counter[tuple[Any, ...]] = Counter()
    for row in left_rows:
        left_counts[key(row)] += 1
    for row in left_rows:
        k = key(row)
        if node.op == "INTERSECT":
            limit = min(left_counts[k], right[k]) if node.all else (1 if right[k] else 0)
        else:
            limit = max(left_counts[k] - right[k], 0) if node.all else (0 if right[k] else 1)
        if emitted[k] < limit:
            emitted[k] += 1
            yield row


@executes(WorkTableScan)
def run_worktable_scan(node: WorkTableScan, ctx: ExecContext) -> Rows:
    yield from ctx.worktables[node.ident]


@executes(RecursiveUnion)
def run_recursive_union(node: RecursiveUnion, ctx: ExecContext) -> Rows:
    keys = node.keys
    seen: set[tuple[Any, ...]] = set()

    def new_rows(rows: list[Any]) -> list[Any]:
        if not node.distinct:
            return rows
        out = []
        for row in rows:
            k = tuple(None if v is None else f(v) for v, f in zip(row, keys, strict=True))
            if k not in seen:
                seen.add(k)
                out.append(row)
        return out

    # computed to the end before the first row leaves: another scan of the same CTE (a self
    # join) must not see this one's work table
    result: list[Any] = []
    saved = ctx.worktables.get(node.ident)
    try:
        working = new_rows(list(run(node.left, ctx)))
        while working:
            result.extend(working)
            ctx.worktables[node.ident] = working
            working = new_rows(list(run(node.right, ctx)))
    finally:
        if saved is None:
            ctx.worktables.pop(node.ident, None)
        else:
            ctx.worktables[node.ident] = saved
    yield from result
