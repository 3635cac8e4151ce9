"""UNION / INTERSECT / EXCEPT, with and without ALL (multiset semantics of nodeSetOp.c)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from engine.exec.context import ExecContext
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import SetOp


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
