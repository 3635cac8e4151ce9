"""Distinct: first row of each group of equal columns (equality by the types' sort keys)."""

from __future__ import annotations

from typing import Any

from engine.exec.context import ExecContext
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Distinct


@executes(Distinct)
def run_distinct(node: Distinct, ctx: ExecContext) -> Rows:
    cols = node.on if node.on is not None else tuple(range(node.ncols))
    keys = node.keys
    seen: set[tuple[Any, ...]] = set()
    for row in run(node.child, ctx):
        k = tuple(None if row[c] is None else key(row[c]) for c, key in zip(cols, keys,
                                                                              strict=True))
        if k not in seen:
            seen.add(k)
            yield row
