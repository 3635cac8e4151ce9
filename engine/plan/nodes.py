"""Plan nodes: the inspectable output of the planner and the executor's input."""

from __future__ import annotations

from dataclasses import dataclass

from engine.binder.bound import AggCall, BoundExpr, OutputColumn, SortKey


@dataclass(frozen=True, slots=True)
class Result:
    """One empty input row: the FROM-less SELECT."""

    def label(self) -> str:
        return "Result"


@dataclass(frozen=True, slots=True)
class SeqScan:
    table_oid: int
    table_name: str

    def label(self) -> str:
        return f"Seq Scan on {self.table_name}"


@dataclass(frozen=True, slots=True)
class Filter:
    child: PlanNode
    predicate: BoundExpr

    def label(self) -> str:
        return f"Filter: {self.predicate}"


@dataclass(frozen=True, slots=True)
class Aggregate:
    child: PlanNode
    aggregates: tuple[AggCall, ...]

    def label(self) -> str:
        return "Aggregate: " + ", ".join(str(a) for a in self.aggregates)


@dataclass(frozen=True, slots=True)
class Sort:
    child: PlanNode
    keys: tuple[SortKey, ...]

    def label(self) -> str:
        parts = [f"{k.expr}{' DESC' if k.descending else ''}"
                 f"{' NULLS FIRST' if k.nulls_first else ' NULLS LAST'}" for k in self.keys]
        return "Sort Key: " + ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Limit:
    child: PlanNode
    limit: BoundExpr | None
    offset: BoundExpr | None

    def label(self) -> str:
        return f"Limit: {self.limit} Offset: {self.offset}"


@dataclass(frozen=True, slots=True)
class Project:
    child: PlanNode
    outputs: tuple[OutputColumn, ...]

    def label(self) -> str:
        return "Project: " + ", ".join(f"{o.expr} AS {o.name}" for o in self.outputs)


PlanNode = Result | SeqScan | Filter | Aggregate | Sort | Limit | Project


def children(node: PlanNode) -> tuple[PlanNode, ...]:
    child = getattr(node, "child", None)
    return (child,) if child is not None else ()


def explain(node: PlanNode, depth: int = 0) -> str:
    lines = [("  " * depth) + ("-> " if depth else "") + node.label()]
    for c in children(node):
        lines.append(explain(c, depth + 1))
    return "\n".join(lines)
