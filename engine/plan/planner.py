"""BoundQuery → plan tree. No optimiser rules yet: the pipeline is
FROM → Filter(WHERE) → Aggregate → Filter(HAVING) → Project[Set](outputs + junk) →
Distinct / Sort / Distinct ON → Limit → Trim."""

from __future__ import annotations

from typing import Any

from engine.binder.bound import BoundExpr, SrfCall
from engine.binder.typesupport import sort_key
from engine.plan import nodes as P


def plan_query(q: Any) -> Any:
    from engine.plan.optimize import optimize  # noqa: PLC0415

    return optimize(_plan(q))


def _plan(q: Any) -> Any:
    node: Any
    if q.setop is not None:
        op, all_, left, right = q.setop
        keys = tuple(sort_key(o.expr.type_oid) for o in q.outputs)
        node = P.SetOp(left, right, op, all_, keys)
    else:
        node = q.source
        if q.where is not None:
            node = P.Filter(node, q.where)
        if q.group is not None or q.aggregates:
            group = tuple(q.group or ())
            node = P.Aggregate(node, group, tuple(q.aggregates),
                               tuple(sort_key(g.type_oid) for g in group),
                               tuple(q.grouping_sets) if q.grouping_sets is not None else None)
            if q.having is not None:
                node = P.Filter(node, q.having)
        if q.windows:
            node = P.WindowAgg(node, tuple(q.windows))
        exprs = tuple(o.expr for o in q.outputs) + tuple(q.junk)
        if any(_has_srf(e) for e in exprs):
            node = P.ProjectSet(node, exprs)
        else:
            node = P.Project(node, exprs)
    ncols = len(q.outputs)
    types = [o.expr.type_oid for o in q.outputs] + [j.type_oid for j in q.junk]
    if q.distinct:
        node = P.Distinct(node, ncols, None, tuple(sort_key(t) for t in types[:ncols]))
    if q.order:
        specs = tuple(P.SortSpec(o.index, o.descending, o.nulls_first, sort_key(types[o.index]))
                      for o in q.order)
        node = P.Sort(node, specs)
    if q.distinct_on is not None:
        node = P.Distinct(node, ncols, tuple(q.distinct_on),
                          tuple(sort_key(types[i]) for i in q.distinct_on))
    if q.limit is not None or q.offset is not None:
        node = P.Limit(node, q.limit, q.offset)
    if len(types) > ncols:
        node = P.Trim(node, ncols)
    return node


def _has_srf(expr: BoundExpr) -> bool:
    return isinstance(expr, SrfCall)
