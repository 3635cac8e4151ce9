"""Optimiser rules: pure ``plan -> plan`` functions applied in order (``RULES``).

* ``push_down_filters``: a Filter over an inner nested loop is split into AND conjuncts; each
  goes to the side whose columns it alone uses, or becomes part of the join condition.
* ``hash_equi_joins``: an inner nested loop whose condition has ``left_expr = right_expr``
  conjuncts becomes a hash join on them (equality through the types' sort keys, which equal
  PostgreSQL's equality; NULL keys never match), the rest staying as a join filter.

Both keep results identical: only where rows are filtered, and how pairs are found, change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from engine.binder import bound as B
from engine.binder.typesupport import sort_key
from engine.plan import nodes as P


def conjuncts(expr: B.BoundExpr) -> list[B.BoundExpr]:
    if isinstance(expr, B.BoolOp) and expr.op == "AND":
        return [c for a in expr.args for c in conjuncts(a)]
    return [expr]


def conjoin(parts: list[B.BoundExpr]) -> B.BoundExpr | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else B.BoolOp("AND", tuple(parts))


def column_refs(expr: Any) -> set[int] | None:
    """Indices of the row columns ``expr`` reads; None when it may read anything else
    (aggregate or window references), which keeps it where it is."""
    out: set[int] = set()

    def walk(e: Any) -> bool:
        if isinstance(e, B.ColumnRef):
            out.add(e.index)
            return True
        if isinstance(e, B.AggRef | B.WindowRef | B.SrfCall):
            return False
        if isinstance(e, B.SubqueryExpr):
            if e.correlated:  # reads the whole current row: evaluate it where it was written
                return False
            return e.left is None or walk(e.left)
        if isinstance(e, tuple):
            return all(walk(x) for x in e)
        if is_dataclass(e) and not isinstance(e, type):
            for f in fields(e):
                if f.name in ("impl", "key", "plan", "test"):
                    continue
                v = getattr(e, f.name)
                if (is_dataclass(v) or isinstance(v, tuple)) and not walk(v):
                    return False
        return True

    return out if walk(expr) else None


def shift(expr: Any, offset: int) -> Any:
    """``expr`` with every ColumnRef index moved by ``-offset``."""
    if isinstance(expr, B.ColumnRef):
        return replace(expr, index=expr.index - offset)
    if isinstance(expr, tuple):
        return tuple(shift(x, offset) for x in expr)
    if is_dataclass(expr) and not isinstance(expr, type) and not isinstance(expr, B.SubqueryExpr):
        changes = {}
        for f in fields(expr):
            if f.name in ("impl", "key", "plan", "test"):
                continue
            v = getattr(expr, f.name)
            if is_dataclass(v) or isinstance(v, tuple):
                changes[f.name] = shift(v, offset)
        return replace(expr, **changes) if changes else expr
    if isinstance(expr, B.SubqueryExpr) and expr.left is not None:
        return replace(expr, left=shift(expr.left, offset))
    return expr


def _side(refs: set[int], left_width: int) -> str:
    if all(i < left_width for i in refs):
        return "left"
    if all(i >= left_width for i in refs):
        return "right"
    return "both"


def _push_into_join(loop: P.NestedLoop, parts: list[B.BoundExpr]) -> tuple[Any, list[Any]]:
    """Distribute ``parts`` over an inner join; returns (new plan, conjuncts kept above)."""
    left_parts: list[B.BoundExpr] = []
    right_parts: list[B.BoundExpr] = []
    join_parts: list[B.BoundExpr] = list(conjuncts(loop.qual)) if loop.qual is not None else []
    kept: list[B.BoundExpr] = []
    for c in parts:
        refs = column_refs(c)
        if refs is None or not refs:
            kept.append(c)
            continue
        side = _side(refs, loop.left_width)
        if side == "left":
            left_parts.append(c)
        elif side == "right":
            right_parts.append(shift(c, loop.left_width))
        else:
            join_parts.append(c)
    left = _filtered(loop.left, left_parts)
    right = _filtered(loop.right, right_parts)
    return replace(loop, left=left, right=right, qual=conjoin(join_parts)), kept


def _filtered(plan: Any, parts: list[B.BoundExpr]) -> Any:
    pred = conjoin(parts)
    if pred is None:
        return plan
    return push_down_filters(P.Filter(plan, pred))


def push_down_filters(plan: Any) -> Any:
    plan = _map_plan(plan, push_down_filters)
    if isinstance(plan, P.Filter) and isinstance(plan.child, P.NestedLoop) \
            and plan.child.kind == "inner":
        new_loop, kept = _push_into_join(plan.child, conjuncts(plan.predicate))
        pred = conjoin(kept)
        return new_loop if pred is None else P.Filter(new_loop, pred)
    if isinstance(plan, P.NestedLoop) and plan.kind == "inner" and plan.qual is not None:
        new_loop, kept = _push_into_join(replace(plan, qual=None), conjuncts(plan.qual))
        pred = conjoin(kept)
        return new_loop if pred is None else P.Filter(new_loop, pred)
    return plan


def _equi_key(c: B.BoundExpr, left_width: int) -> tuple[Any, Any, int] | None:
    """(left expr, right expr shifted to the right side, type) for ``l = r`` conjuncts."""
    if not (isinstance(c, B.FuncExpr) and c.name == "=" and len(c.args) == 2):
        return None
    a, b = c.args
    if a.type_oid != b.type_oid:
        return None
    ra, rb = column_refs(a), column_refs(b)
    if not ra or not rb:
        return None
    sa, sb = _side(ra, left_width), _side(rb, left_width)
    if sa == "left" and sb == "right":
        return a, shift(b, left_width), a.type_oid
    if sa == "right" and sb == "left":
        return b, shift(a, left_width), a.type_oid
    return None


def hash_equi_joins(plan: Any) -> Any:
    plan = _map_plan(plan, hash_equi_joins)
    if not (isinstance(plan, P.NestedLoop) and plan.kind in ("inner", "left")
            and plan.qual is not None):
        return plan
    keys: list[tuple[Any, Any, int]] = []
    rest: list[B.BoundExpr] = []
    for c in conjuncts(plan.qual):
        k = _equi_key(c, plan.left_width)
        if k is not None:
            keys.append(k)
        else:
            rest.append(c)
    if not keys:
        return plan
    return P.HashJoin(plan.left, plan.right, plan.kind, tuple(k[0] for k in keys),
                      tuple(k[1] for k in keys), tuple(sort_key(k[2]) for k in keys),
                      conjoin(rest), plan.left_width, plan.right_width)


def _reads_enclosing(obj: Any) -> bool:
    """Whether a plan or expression reads an enclosing query's row (or a recursive CTE's
    work table), anywhere inside, sub-selects included."""
    if isinstance(obj, B.OuterRef | P.WorkTableScan):
        return True
    if isinstance(obj, tuple | list):
        return any(_reads_enclosing(x) for x in obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return any(_reads_enclosing(getattr(obj, f.name)) for f in fields(obj)
                   if f.name not in ("impl", "key", "test", "keys", "group_keys", "key_fn"))
    return False


def hash_correlated_filters(plan: Any) -> Any:
    """In a correlated sub-select, ``Filter(child, local = f(outer) AND rest)`` over a child
    that does not depend on the enclosing row becomes a hash lookup: the child runs once per
    statement instead of once per enclosing row."""
    plan = _map_plan(plan, hash_correlated_filters)
    if not isinstance(plan, P.Filter) or _reads_enclosing(plan.child):
        return plan
    parts = list(conjuncts(plan.predicate))
    for i, c in enumerate(parts):
        if not (isinstance(c, B.FuncExpr) and c.name == "=" and len(c.args) == 2):
            continue
        a, b = c.args
        if a.type_oid != b.type_oid:
            continue
        for local, outer in ((a, b), (b, a)):
            refs = column_refs(local)
            if refs and not _reads_enclosing(local) and _reads_enclosing(outer) \
                    and column_refs(outer) == set():
                rest = conjoin(parts[:i] + parts[i + 1:])
                return P.HashLookupFilter(plan.child, local, outer, sort_key(a.type_oid), rest)
    return plan


def _map_plan(plan: Any, fn: Callable[[Any], Any]) -> Any:
    if isinstance(plan, P.NestedLoop | P.SetOp | P.HashJoin | P.LateralJoin | P.RecursiveUnion):
        return replace(plan, left=fn(plan.left), right=fn(plan.right))
    child = getattr(plan, "child", None)
    if child is not None:
        return replace(plan, child=fn(child))
    return plan


RULES: tuple[Callable[[Any], Any], ...] = (push_down_filters, hash_equi_joins,
                                           hash_correlated_filters)


def optimize(plan: Any) -> Any:
    for rule in RULES:
        plan = rule(plan)
    return plan
