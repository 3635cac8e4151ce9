"""Result (FROM-less) and SeqScan: the leaves."""

from __future__ import annotations

from engine.exec.context import ExecContext
from engine.exec.operators import Rows, executes
from engine.plan.nodes import Result, SeqScan


@executes(Result)
def run_result(node: Result, ctx: ExecContext) -> Rows:
    yield ()


@executes(SeqScan)
def run_seqscan(node: SeqScan, ctx: ExecContext) -> Rows:
    return ctx.stores[node.table_oid].scan(ctx.snapshot_lsn)  # type: ignore[no-any-return]
