"""Aggregate: hash grouping by the group keys' sort keys (PG equality), and per-group
aggregate states driven by nodeAgg.c's rules (strict transition functions skip NULL inputs;
with a NULL initial state the first input becomes the state; strict finals skip NULL)."""

from __future__ import annotations

from typing import Any

from engine.binder.bound import AggCall
from engine.binder.typesupport import sort_key
from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Aggregate, SeqScan


class _AggState:
    __slots__ = ("call", "args", "filter", "value", "count", "buffer", "order_fns", "ctx")

    def __init__(self, call: AggCall, ctx: ExecContext) -> None:
        self.call = call
        self.args = [compile_expr(a, ctx) for a in call.args]
        self.filter = compile_expr(call.filter, ctx) if call.filter is not None else None
        self.value: Any = call.init() if call.init is not None else None
        self.count = 0
        self.buffer: list[tuple[Any, ...]] | None = [] if (
            call.distinct or call.order or call.ordered_final) else None
        self.order_fns = [compile_expr(k.expr, ctx) for k in call.order]
        self.ctx = ctx

    def add(self, row: Any) -> None:
        if self.filter is not None and self.filter(row) is not True:
            return
        if self.call.star:
            self.count += 1
            return
        vals = tuple(a(row) for a in self.args)
        if self.buffer is not None:
            keys = tuple(k(row) for k in self.order_fns)
            self.buffer.append((keys, vals))
            return
        self._feed(vals)

    def _feed(self, vals: tuple[Any, ...]) -> None:
        call = self.call
        if call.strict_trans:
            if any(v is None for v in vals):
                return
            if self.value is None:
                self.value = vals[0]
                return
        assert call.transfn is not None
        if call.trans_context:
            types = [a.type_oid for a in call.args]
            self.value = call.transfn(self.ctx, self.value,
                                      *zip(types, vals, strict=True))
            return
        self.value = call.transfn(self.value, *vals)

    def result(self, group_row: tuple[Any, ...] = ()) -> Any:
        call = self.call
        if call.star:
            return self.count
        if call.ordered_final:
            from engine.exec.ordered_set import ordered_set_result  # noqa: PLC0415

            assert self.buffer is not None
            return ordered_set_result(call, self.buffer, self.ctx, group_row)
        if self.buffer is not None:
            self._drain()
        if call.finalfn is None:
            return self.value
        if call.strict_final and self.value is None:
            return None
        extra = (None,) * call.final_extra
        return call.finalfn(self.value, *extra)

    def _drain(self) -> None:
        """Feed buffered inputs in ORDER BY order (or, for DISTINCT alone, in the order of
        the arguments, as the sort-based DISTINCT of nodeAgg.c does), skipping duplicates."""
        assert self.buffer is not None
        items = self.buffer
        arg_keys = [sort_key(a.type_oid) for a in self.call.args]
        if self.call.order:
            specs = [(i, sort_key(k.expr.type_oid), k.descending, k.nulls_first)
                     for i, k in enumerate(self.call.order)]
            for i, skey, desc, nulls_first in reversed(specs):
                items.sort(key=_null_aware(lambda it, i=i: it[0][i], skey, nulls_first, desc),
                           reverse=desc)
        elif self.call.distinct:
            for i, skey in reversed(list(enumerate(arg_keys))):
                items.sort(key=_null_aware(lambda it, i=i: it[1][i], skey, False, False))
        seen: set[Any] = set()
        for _, vals in items:
            if self.call.distinct:
                dk = tuple(None if v is None else k(v)
                           for v, k in zip(vals, arg_keys, strict=True))
                if dk in seen:
                    continue
                seen.add(dk)
            self._feed(vals)
        self.buffer = None


def _null_aware(get: Any, skey: Any, nulls_first: bool, desc: bool) -> Any:
    null_flag = 1 if nulls_first == desc else 0

    def key(item: Any) -> tuple[Any, ...]:
        v = get(item)
        return (null_flag,) if v is None else (1 - null_flag, skey(v))

    return key


@executes(Aggregate)
def run_aggregate(node: Aggregate, ctx: ExecContext) -> Rows:
    if node.sets is not None:
        yield from _grouping_sets(node, ctx)
        return
    if not node.group:
        yield from _plain(node, ctx)
        return
    yield from _grouped(node, run(node.child, ctx), tuple(range(len(node.group))), ctx)


def _grouped(node: Aggregate, rows: Any, present: tuple[int, ...], ctx: ExecContext) -> Rows:
    """Hash grouping on the group keys at ``present``; the others are output as NULL."""
    group_fns = [compile_expr(node.group[i], ctx) for i in present]
    keys = [node.group_keys[i] for i in present]
    width = len(node.group)
    groups: dict[tuple[Any, ...], tuple[tuple[Any, ...], list[_AggState]]] = {}
    for row in rows:
        values = tuple(f(row) for f in group_fns)
        gkey = tuple(None if v is None else k(v) for v, k in zip(values, keys, strict=True))
        entry = groups.get(gkey)
        if entry is None:
            entry = (values, [_AggState(a, ctx) for a in node.aggregates])
            groups[gkey] = entry
        for state in entry[1]:
            state.add(row)
    for values, states in groups.values():
        if len(present) == width:
            out = values
        else:
            full: list[Any] = [None] * width
            for i, v in zip(present, values, strict=True):
                full[i] = v
            out = tuple(full)
        yield out + tuple(s.result(out) for s in states)


def _grouping_sets(node: Aggregate, ctx: ExecContext) -> Rows:
    assert node.sets is not None
    rows = list(run(node.child, ctx))
    for index, present in enumerate(node.sets):
        if present:
            for out in _grouped(node, rows, present, ctx):
                yield (*out, index)
            continue
        states = [_AggState(a, ctx) for a in node.aggregates]  # the empty set: one row
        for row in rows:
            for s in states:
                s.add(row)
        nulls = (None,) * len(node.group)
        yield (*nulls, *(s.result(nulls) for s in states), index)


def _plain(node: Aggregate, ctx: ExecContext) -> Rows:
    child = node.child
    if isinstance(child, SeqScan) and all(a.star and a.filter is None for a in node.aggregates):
        n = ctx.stores[child.table_oid].count(ctx.snapshot_lsn)  # count(*) from visibility
        yield tuple(n for _ in node.aggregates)
        return
    states = [_AggState(a, ctx) for a in node.aggregates]
    for row in run(child, ctx):
        for s in states:
            s.add(row)
    yield tuple(s.result() for s in states)
