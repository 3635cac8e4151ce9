"""Sort: Postgres ordering with NULLS FIRST/LAST, stable multi-key sort by column index."""

from __future__ import annotations

from typing import Any

from engine.exec.context import ExecContext
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Sort


@executes(Sort)
def run_sort(node: Sort, ctx: ExecContext) -> Rows:
    rows = list(run(node.child, ctx))
    # Stable sorts from the last key to the first give the multi-key order.
    for spec in reversed(node.keys):
        # (flag,) vs (flag, key): NULLs compare on the flag alone, never against a value. The
        # flag that makes NULLs "larger" is right when NULLS FIRST goes with DESC (reversed).
        null_flag = 1 if spec.nulls_first == spec.descending else 0
        value_flag = 1 - null_flag
        idx, skey = spec.index, spec.key

        def keyfn(row: Any, idx: int = idx, skey: Any = skey, nf: int = null_flag,
                  vf: int = value_flag) -> tuple[Any, ...]:
            v = row[idx]
            return (nf,) if v is None else (vf, skey(v))

        rows.sort(key=keyfn, reverse=spec.descending)
    yield from rows
