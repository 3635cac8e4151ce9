"""Sort: Postgres ordering with NULLS FIRST/LAST, stable multi-key sort."""

from __future__ import annotations

from typing import Any

from engine.binder.typesupport import sort_key as type_sort_key
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Sort


@executes(Sort)
def run_sort(node: Sort, ctx: ExecContext) -> Rows:
    rows = list(run(node.child, ctx))
    # Stable sorts from the last key to the first give the multi-key order.
    for key in reversed(node.keys):
        fn = compile_expr(key.expr, ctx)
        sort_key = type_sort_key(key.expr.type_oid)
        # (1,) vs (0, k): NULLs compare on the flag alone, never against a value. The flag
        # that makes NULLs "larger" is right when NULLS FIRST goes with DESC (reversed).
        null_flag, value_flag = (1, 0) if key.nulls_first == key.descending else (0, 1)
        null_key: tuple[Any, ...] = (null_flag,)

        def keyfn(row: Any, fn: Any = fn, sk: Any = sort_key, nk: Any = null_key,
                  vf: int = value_flag) -> tuple[Any, ...]:
            v = fn(row)
            return nk if v is None else (vf, sk(v))

        rows.sort(key=keyfn, reverse=key.descending)
    yield from rows
