"""Aggregate without GROUP BY: one output row of aggregate values."""

from __future__ import annotations

from engine.errors import FeatureNotSupported
from engine.exec.context import ExecContext
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Aggregate, SeqScan


@executes(Aggregate)
def run_aggregate(node: Aggregate, ctx: ExecContext) -> Rows:
    for agg in node.aggregates:
        if not (agg.name == "count" and agg.star):
            raise FeatureNotSupported(f"aggregate {agg} is not supported yet")
    child = node.child
    if isinstance(child, SeqScan):  # count(*) straight from the visibility arrays
        n = ctx.stores[child.table_oid].count(ctx.snapshot_lsn)
    else:
        n = sum(1 for _ in run(child, ctx))
    yield tuple(n for _ in node.aggregates)
