"""Ordered-set and hypothetical-set aggregate finals (orderedsetaggs.c).

The executor buffers each group's (sort keys, values); these functions sort them by the
WITHIN GROUP ORDER BY and compute the result. Ordered-set aggregates ignore NULL inputs;
hypothetical-set aggregates place the hypothetical row (the direct arguments) among the sorted
rows: before its peers for rank/dense_rank/percent_rank, after them for cume_dist.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from engine.binder.bound import AggCall
from engine.binder.typesupport import sort_key
from engine.errors import EngineError
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.types.base import ArrayValue


def _sorted_items(call: AggCall, items: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    out = list(items)
    for i, key in reversed(list(enumerate(call.order))):
        skey = sort_key(key.expr.type_oid)
        null_flag = 1 if key.nulls_first == key.descending else 0

        def k(it: tuple[Any, ...], i: int = i, skey: Any = skey, nf: int = null_flag) -> Any:
            v = it[0][i]
            return (nf,) if v is None else (1 - nf, skey(v))

        out.sort(key=k, reverse=key.descending)
    return out


def _direct(call: AggCall, ctx: ExecContext, group_row: tuple[Any, ...]) -> list[Any]:
    """The direct arguments, once per group: they read only grouped columns (the binder
    rewrote them over the group's output row, as the select list is)."""
    return [compile_expr(d, ctx)(group_row) for d in call.direct_args]


def _check_fraction(p: float) -> None:
    if not 0.0 <= p <= 1.0 or math.isnan(p):
        raise EngineError(f"percentile value {_g(p)} is not between 0 and 1", sqlstate="22003")


def _g(p: float) -> str:
    return f"{p:g}"


def _disc(values: Sequence[Any], p: float) -> Any:
    _check_fraction(p)
    if not values:
        return None
    rownum = math.ceil(p * len(values))
    return values[max(rownum, 1) - 1]


def _cont(values: Sequence[Any], p: float, lerp: Callable[[Any, Any, float], Any]) -> Any:
    _check_fraction(p)
    if not values:
        return None
    pos = p * (len(values) - 1)
    first, second = math.floor(pos), math.ceil(pos)
    if first == second:
        return values[first]
    return lerp(values[first], values[second], pos - first)


def _float_lerp(lo: float, hi: float, pct: float) -> float:
    return lo + (hi - lo) * pct  # float8_lerp


def _interval_lerp(lo: Any, hi: Any, pct: float) -> Any:
    from engine.functions import datetime_interval_ops as I  # noqa: PLC0415

    return I.interval_pl(lo, I.interval_mul(I.interval_mi(hi, lo), pct))


def _values(call: AggCall, items: list[tuple[Any, ...]]) -> list[Any]:
    return [vals[0] for _, vals in _sorted_items(call, items) if vals[0] is not None]


def _multi(call: AggCall, items: list[tuple[Any, ...]], direct: list[Any],
           one: Callable[[list[Any], float], Any], elem: int) -> Any:
    (fractions,) = direct
    if fractions is None:
        return None
    values = _values(call, items)
    out = tuple(None if f is None else one(values, f) for f in fractions.items)
    return ArrayValue(elem, fractions.dims, fractions.lbounds, out)


def _mode(values: list[Any], key: Callable[[Any], Any]) -> Any:
    best, best_n, cur, cur_n = None, 0, None, 0
    for v in values:
        if cur_n and key(v) == key(cur):
            cur_n += 1
        else:
            cur, cur_n = v, 1
        if cur_n > best_n:
            best, best_n = cur, cur_n
    return best


def _hypothetical_rank(call: AggCall, items: list[tuple[Any, ...]], direct: list[Any],
                       after_peers: bool) -> tuple[int, int, int]:
    """(rank, number of input rows, peer groups strictly before) of the hypothetical row."""
    hyp = tuple(direct)
    rows = _sorted_items(call, items)
    specs = [(sort_key(k.expr.type_oid), k.descending, k.nulls_first) for k in call.order]

    def cmp(a: tuple[Any, ...], b: tuple[Any, ...]) -> int:
        for (skey, desc, nulls_first), x, y in zip(specs, a, b, strict=True):
            if x is None or y is None:
                if x is None and y is None:
                    continue
                c = -1 if (x is None) == nulls_first else 1
                return c
            kx, ky = skey(x), skey(y)
            if kx != ky:
                c = -1 if kx < ky else 1  # type: ignore[operator]
                return -c if desc else c
        return 0

    before = 0
    groups = 0
    prev: tuple[Any, ...] | None = None
    for keys, _ in rows:
        c = cmp(keys, hyp)
        if c < 0 or (c == 0 and after_peers):
            before += 1
            if prev is None or cmp(prev, keys) != 0:
                groups += 1
            prev = keys
    return before + 1, len(rows), groups


def ordered_set_result(call: AggCall, items: list[tuple[Any, ...]], ctx: ExecContext,
                       group_row: tuple[Any, ...] = ()) -> Any:
    return ORDERED_SET_FINALS[call.ordered_final](call, items, _direct(call, ctx, group_row))


def _percentile_cont_float8(call: AggCall, items: list[Any], direct: list[Any]) -> Any:
    (p,) = direct
    return None if p is None else _cont(_values(call, items), p, _float_lerp)


def _percentile_cont_interval(call: AggCall, items: list[Any], direct: list[Any]) -> Any:
    (p,) = direct
    return None if p is None else _cont(_values(call, items), p, _interval_lerp)


def _percentile_disc(call: AggCall, items: list[Any], direct: list[Any]) -> Any:
    (p,) = direct
    return None if p is None else _disc(_values(call, items), p)


ORDERED_SET_FINALS: dict[str, Callable[[AggCall, list[Any], list[Any]], Any]] = {
    "percentile_cont_float8_final": _percentile_cont_float8,
    "percentile_cont_interval_final": _percentile_cont_interval,
    "percentile_disc_final": _percentile_disc,
    "percentile_cont_float8_multi_final": lambda c, i, x: _multi(
        c, i, x, lambda v, p: _cont(v, p, _float_lerp), 701),
    "percentile_cont_interval_multi_final": lambda c, i, x: _multi(
        c, i, x, lambda v, p: _cont(v, p, _interval_lerp), 1186),
    "percentile_disc_multi_final": lambda c, i, x: _multi(
        c, i, x, _disc, c.order[0].expr.type_oid),
    "mode_final": lambda c, i, x: _mode(_values(c, i), sort_key(c.order[0].expr.type_oid)),
    "hypothetical_rank_final": lambda c, i, x: _hypothetical_rank(c, i, x, False)[0],
    "hypothetical_dense_rank_final": lambda c, i, x: _hypothetical_rank(c, i, x, False)[2] + 1,
    "hypothetical_percent_rank_final": lambda c, i, x: (
        0.0 if (r := _hypothetical_rank(c, i, x, False))[1] == 0 else (r[0] - 1) / r[1]),
    "hypothetical_cume_dist_final": lambda c, i, x: (
        (r := _hypothetical_rank(c, i, x, True))[0] / (r[1] + 1)),
}
