"""BoundSelect → plan tree. No optimiser rules yet: scan, filter, aggregate, sort, limit,
project, in that order."""

from __future__ import annotations

from engine.binder.bound import BoundSelect
from engine.plan.nodes import Aggregate, Filter, Limit, PlanNode, Project, Result, SeqScan, Sort


def plan_select(bound: BoundSelect) -> PlanNode:
    node: PlanNode
    if bound.table_oid is None:
        node = Result()
    else:
        assert bound.table_name is not None
        node = SeqScan(bound.table_oid, bound.table_name)
    if bound.where is not None:
        node = Filter(node, bound.where)
    if bound.aggregates:
        node = Aggregate(node, tuple(bound.aggregates))
    if bound.sort:
        node = Sort(node, tuple(bound.sort))
    if bound.limit is not None or bound.offset is not None:
        node = Limit(node, bound.limit, bound.offset)
    return Project(node, tuple(bound.outputs))
