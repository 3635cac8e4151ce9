"""WindowAgg: window functions over partitions sorted by the window's ORDER BY.

Follows nodeWindowAgg.c and windowfuncs.c: rows are partitioned, each partition is sorted,
peers are rows equal on the ORDER BY keys. Frames: RANGE (whole peer groups) or ROWS, with
UNBOUNDED / CURRENT ROW / ROWS offsets; the default frame is RANGE UNBOUNDED PRECEDING to
CURRENT ROW (the whole partition when there is no ORDER BY). Aggregates are recomputed per
distinct frame. GROUPS, EXCLUDE and RANGE offsets are refused at bind time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from engine.binder.bound import AggCall, WindowCall
from engine.binder.typesupport import sort_key
from engine.errors import EngineError, FeatureNotSupported
from engine.exec.aggregate import _AggState, _null_aware
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import WindowAgg

F_RANGE, F_ROWS = 2, 4
F_START_UNB_PREC, F_END_UNB_FOLL = 32, 256
F_START_CUR, F_END_CUR = 512, 1024
F_START_OFF_PREC, F_END_OFF_PREC = 2048, 4096
F_START_OFF_FOLL, F_END_OFF_FOLL = 8192, 16384


@executes(WindowAgg)
def run_window(node: WindowAgg, ctx: ExecContext) -> Rows:
    rows = list(run(node.child, ctx))
    results: list[list[Any]] = [[None] * len(node.windows) for _ in rows]
    for w, call in enumerate(node.windows):
        for part in _partitions(call, rows, ctx):
            _evaluate(call, rows, part, ctx, w, results)
    for row, extra in zip(rows, results, strict=True):
        yield row + tuple(extra)


def _partitions(call: WindowCall, rows: list[Any], ctx: ExecContext) -> list[list[int]]:
    fns = [compile_expr(p, ctx) for p in call.partition]
    keys = [sort_key(p.type_oid) for p in call.partition]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, row in enumerate(rows):
        k = tuple(None if (v := f(row)) is None else key(v) for f, key in zip(fns, keys,
                                                                              strict=True))
        groups.setdefault(k, []).append(i)
    parts = list(groups.values())
    if call.order:
        ofns = [compile_expr(k.expr, ctx) for k in call.order]
        for part in parts:
            for spec, fn in reversed(list(zip(call.order, ofns, strict=True))):
                part.sort(key=_null_aware(lambda i, fn=fn: fn(rows[i]),
                                          sort_key(spec.expr.type_oid), spec.nulls_first,
                                          spec.descending), reverse=spec.descending)
    return parts


def _peer_bounds(call: WindowCall, rows: list[Any], part: list[int],
                 ctx: ExecContext) -> tuple[list[int], list[int]]:
    """For each position: index of its first and last peer within the partition."""
    n = len(part)
    if not call.order:
        return [0] * n, [n - 1] * n
    fns = [compile_expr(k.expr, ctx) for k in call.order]
    keys = [sort_key(k.expr.type_oid) for k in call.order]

    def key_of(pos: int) -> tuple[Any, ...]:
        row = rows[part[pos]]
        return tuple(None if (v := f(row)) is None else k(v) for f, k in zip(fns, keys,
                                                                             strict=True))

    first, last = [0] * n, [0] * n
    start = 0
    for pos in range(1, n + 1):
        if pos == n or key_of(pos) != key_of(start):
            for p in range(start, pos):
                first[p], last[p] = start, pos - 1
            start = pos
    return first, last


def _offset(expr: Any, ctx: ExecContext, which: str) -> int:
    value = compile_expr(expr, ctx)(())
    if value is None:
        raise EngineError(f"frame {which} offset must not be null", sqlstate="22004")
    if value < 0:
        raise EngineError(f"frame {which} offset must not be negative", sqlstate="22013")
    return int(value)


def _frames(call: WindowCall, n: int, first: list[int], last: list[int],
            ctx: ExecContext) -> list[tuple[int, int]]:
    opts = call.frame_options
    rows_mode = bool(opts & F_ROWS)
    s_off = _offset(call.start_offset, ctx, "starting") if call.start_offset is not None else 0
    e_off = _offset(call.end_offset, ctx, "ending") if call.end_offset is not None else 0
    frames = []
    for i in range(n):
        if opts & F_START_UNB_PREC:
            lo = 0
        elif opts & F_START_CUR:
            lo = i if rows_mode else first[i]
        elif opts & F_START_OFF_PREC:
            lo = i - s_off
        elif opts & F_START_OFF_FOLL:
            lo = i + s_off
        else:
            lo = 0
        if opts & F_END_UNB_FOLL:
            hi = n - 1
        elif opts & F_END_OFF_PREC:
            hi = i - e_off
        elif opts & F_END_OFF_FOLL:
            hi = i + e_off
        else:  # CURRENT ROW (the default end)
            hi = i if rows_mode else last[i]
        frames.append((max(lo, 0), min(hi, n - 1)))
    return frames


def _evaluate(call: WindowCall, rows: list[Any], part: list[int], ctx: ExecContext,
              w: int, results: list[list[Any]]) -> None:
    n = len(part)
    first, last = _peer_bounds(call, rows, part, ctx)
    if call.agg is not None:
        _aggregate(call, call.agg, rows, part, _frames(call, n, first, last, ctx), ctx, w,
                   results)
        return
    fn = WINDOW_FUNCTIONS.get(call.prosrc)
    if fn is None:
        raise FeatureNotSupported(f"window function {call.name}() is not implemented yet")
    args = [compile_expr(a, ctx) for a in call.args]
    frames = _frames(call, n, first, last, ctx) if call.prosrc in FRAME_FUNCTIONS else []
    env = _Partition(rows, part, first, last, frames, args)
    for pos, value in enumerate(fn(env)):
        results[part[pos]][w] = value


def _aggregate(call: WindowCall, agg: AggCall, rows: list[Any], part: list[int],
               frames: list[tuple[int, int]], ctx: ExecContext, w: int,
               results: list[list[Any]]) -> None:
    memo: dict[tuple[int, int], Any] = {}
    for pos, frame in enumerate(frames):
        if frame not in memo:
            state = _AggState(agg, ctx)
            lo, hi = frame
            for p in range(lo, hi + 1):
                state.add(rows[part[p]])
            memo[frame] = state.result()
        results[part[pos]][w] = memo[frame]


class _Partition:
    __slots__ = ("rows", "part", "first", "last", "frames", "args")

    def __init__(self, rows: list[Any], part: list[int], first: list[int], last: list[int],
                 frames: list[tuple[int, int]], args: Sequence[Callable[[Any], Any]]) -> None:
        self.rows, self.part, self.first, self.last = rows, part, first, last
        self.frames, self.args = frames, args

    def arg(self, k: int, pos: int) -> Any:
        return self.args[k](self.rows[self.part[pos]])


def _row_number(p: _Partition) -> list[Any]:
    return list(range(1, len(p.part) + 1))


def _rank(p: _Partition) -> list[Any]:
    return [f + 1 for f in p.first]


def _dense_rank(p: _Partition) -> list[Any]:
    out, rank, prev = [], 0, -1
    for f in p.first:
        if f != prev:
            rank, prev = rank + 1, f
        out.append(rank)
    return out


def _percent_rank(p: _Partition) -> list[Any]:
    n = len(p.part)
    return [0.0 if n <= 1 else f / (n - 1) for f in p.first]


def _cume_dist(p: _Partition) -> list[Any]:
    n = len(p.part)
    return [(last + 1) / n for last in p.last]


def _ntile(p: _Partition) -> list[Any]:
    """windowfuncs.c window_ntile, step by step (the bucket count is read on the first row)."""
    n = len(p.part)
    buckets = p.arg(0, 0)
    if buckets is None:
        return [None] * n
    if buckets <= 0:
        raise EngineError("argument of ntile must be greater than zero", sqlstate="22014")
    boundary = n // buckets
    remainder = 0
    if boundary <= 0:
        boundary = 1
    else:
        remainder = n % buckets
        if remainder:
            boundary += 1
    out, ntile, in_bucket = [], 1, 0
    for _ in range(n):
        in_bucket += 1
        if boundary < in_bucket:
            if remainder and ntile == remainder:
                remainder = 0
                boundary -= 1
            ntile += 1
            in_bucket = 1
        out.append(ntile)
    return out


def _shift(direction: int) -> Callable[[_Partition], list[Any]]:
    def shifted(p: _Partition) -> list[Any]:
        out: list[Any] = []
        for pos in range(len(p.part)):
            offset = p.arg(1, pos) if len(p.args) > 1 else 1
            if offset is None:
                out.append(None)
                continue
            target = pos + direction * offset
            if 0 <= target < len(p.part):
                out.append(p.arg(0, target))
            else:
                out.append(p.arg(2, pos) if len(p.args) > 2 else None)
        return out

    return shifted


def _first_value(p: _Partition) -> list[Any]:
    return [p.arg(0, lo) if lo <= hi else None for lo, hi in p.frames]


def _last_value(p: _Partition) -> list[Any]:
    return [p.arg(0, hi) if lo <= hi else None for lo, hi in p.frames]


def _nth_value(p: _Partition) -> list[Any]:
    out: list[Any] = []
    for pos, (lo, hi) in enumerate(p.frames):
        nth = p.arg(1, pos)
        if nth is None:
            out.append(None)
            continue
        if nth <= 0:
            raise EngineError("argument of nth_value must be greater than zero",
                              sqlstate="22016")
        target = lo + nth - 1
        out.append(p.arg(0, target) if target <= hi else None)
    return out


WINDOW_FUNCTIONS: dict[str, Callable[[_Partition], list[Any]]] = {
    "window_row_number": _row_number,
    "window_rank": _rank,
    "window_dense_rank": _dense_rank,
    "window_percent_rank": _percent_rank,
    "window_cume_dist": _cume_dist,
    "window_ntile": _ntile,
    "window_lag": _shift(-1),
    "window_lag_with_offset": _shift(-1),
    "window_lag_with_offset_and_default": _shift(-1),
    "window_lead": _shift(1),
    "window_lead_with_offset": _shift(1),
    "window_lead_with_offset_and_default": _shift(1),
    "window_first_value": _first_value,
    "window_last_value": _last_value,
    "window_nth_value": _nth_value,
}
FRAME_FUNCTIONS = {"window_first_value", "window_last_value", "window_nth_value"}
