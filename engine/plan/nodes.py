"""Plan nodes: the inspectable output of the planner and the executor's input.

Rows are tuples. A FROM item's rows are concatenated left to right by joins; ``Project``
computes the select list (plus "junk" columns that only ORDER BY needs), ``Trim`` drops the
junk at the end. Every node prints a one-line label; ``explain`` prints the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.binder.bound import AggCall, BoundExpr


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
class ValuesScan:
    rows: tuple[tuple[BoundExpr, ...], ...]

    def label(self) -> str:
        return f"Values Scan ({len(self.rows)} rows)"


@dataclass(frozen=True, slots=True)
class FunctionScan:
    """A function in FROM. ``srf`` False: a scalar function giving one row. ``ncols`` > 1:
    the function yields tuples (OUT parameters)."""

    name: str
    impl: Callable[..., Any] = field(compare=False)
    args: tuple[BoundExpr, ...] = ()
    needs_context: bool = False
    strict: bool = True
    srf: bool = True
    ncols: int = 1
    ordinality: bool = False

    def label(self) -> str:
        return f"Function Scan on {self.name}"


@dataclass(frozen=True, slots=True)
class SubqueryScan:
    child: PlanNode

    def label(self) -> str:
        return "Subquery Scan"


@dataclass(frozen=True, slots=True)
class NestedLoop:
    left: PlanNode
    right: PlanNode
    kind: str  # inner | left | right | full
    qual: BoundExpr | None
    left_width: int
    right_width: int

    def label(self) -> str:
        return f"Nested Loop ({self.kind})" + (f" Join Filter: {self.qual}" if self.qual else "")


@dataclass(frozen=True, slots=True)
class LateralJoin:
    """Inner or left join whose right side reads the left row (OuterRef depth 1): the right
    plan runs once per left row."""

    left: PlanNode
    right: PlanNode
    left_width: int
    right_width: int
    kind: str = "inner"  # inner | left
    qual: BoundExpr | None = None

    def label(self) -> str:
        return f"Nested Loop (lateral {self.kind})" + \
            (f" Join Filter: {self.qual}" if self.qual else "")


@dataclass(frozen=True, slots=True)
class HashJoin:
    """Inner or left join on ``left_keys[i] = right_keys[i]`` (right keys are evaluated on the
    right rows alone), then ``qual`` on the joined row."""

    left: PlanNode
    right: PlanNode
    kind: str
    left_keys: tuple[BoundExpr, ...]
    right_keys: tuple[BoundExpr, ...]
    key_fns: tuple[Callable[[Any], Any], ...] = field(compare=False)
    qual: BoundExpr | None = None
    left_width: int = 0
    right_width: int = 0

    def label(self) -> str:
        conds = ", ".join(f"{a} = {b}" for a, b in zip(self.left_keys, self.right_keys,
                                                        strict=True))
        return f"Hash Join ({self.kind}) Hash Cond: {conds}" + (
            f" Join Filter: {self.qual}" if self.qual is not None else "")


@dataclass(frozen=True, slots=True)
class Filter:
    child: PlanNode
    predicate: BoundExpr

    def label(self) -> str:
        return f"Filter: {self.predicate}"


@dataclass(frozen=True, slots=True)
class HashLookupFilter:
    """Inside a correlated sub-select: ``child`` does not depend on the enclosing row, so
    its rows are hashed on ``local_key`` once per statement, and each run keeps those whose
    key equals ``outer_key`` (computed from the enclosing rows), then applies ``rest``."""

    child: PlanNode
    local_key: BoundExpr
    outer_key: BoundExpr
    key_fn: Callable[[Any], Any] = field(compare=False)
    rest: BoundExpr | None = None

    def label(self) -> str:
        return f"Hash Lookup Filter: {self.local_key} = {self.outer_key}" + \
            (f" Filter: {self.rest}" if self.rest is not None else "")


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Grouped (or plain, with no group keys) aggregation. Output rows: the group key values
    followed by the aggregate results."""

    child: PlanNode
    group: tuple[BoundExpr, ...]
    aggregates: tuple[AggCall, ...]
    group_keys: tuple[Callable[[Any], Any], ...] = field(default=(), compare=False)
    # GROUPING SETS: the group keys present in each set; rows then end with the set's index
    sets: tuple[tuple[int, ...], ...] | None = None

    def label(self) -> str:
        keys = ", ".join(str(g) for g in self.group)
        aggs = ", ".join(str(a) for a in self.aggregates)
        return f"Aggregate: {aggs}" + (f" Group Key: {keys}" if keys else "")


@dataclass(frozen=True, slots=True)
class WindowAgg:
    """Appends one column per window function to every input row."""

    child: PlanNode
    windows: tuple[Any, ...]

    def label(self) -> str:
        return "WindowAgg: " + ", ".join(str(w) for w in self.windows)


@dataclass(frozen=True, slots=True)
class Project:
    child: PlanNode
    exprs: tuple[BoundExpr, ...]

    def label(self) -> str:
        return "Project: " + ", ".join(str(e) for e in self.exprs)


@dataclass(frozen=True, slots=True)
class ProjectSet:
    """A select list with set-returning functions: rows multiply (zipped to the longest)."""

    child: PlanNode
    exprs: tuple[BoundExpr, ...]

    def label(self) -> str:
        return "ProjectSet: " + ", ".join(str(e) for e in self.exprs)


@dataclass(frozen=True, slots=True)
class Distinct:
    """Keeps the first row of each group of equal ``on`` columns (all ``ncols`` when None)."""

    child: PlanNode
    ncols: int
    on: tuple[int, ...] | None
    keys: tuple[Callable[[Any], Any], ...] = field(compare=False)

    def label(self) -> str:
        return "Unique" if self.on is None else f"Unique On: {self.on}"


@dataclass(frozen=True, slots=True)
class SortSpec:
    index: int
    descending: bool
    nulls_first: bool
    key: Callable[[Any], Any] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Sort:
    child: PlanNode
    keys: tuple[SortSpec, ...]

    def label(self) -> str:
        parts = [f"${k.index + 1}{' DESC' if k.descending else ''}"
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
class Trim:
    """Drops junk columns: keeps the first ``ncols``."""

    child: PlanNode
    ncols: int

    def label(self) -> str:
        return f"Output: first {self.ncols} columns"


@dataclass(frozen=True, slots=True)
class WorkTableScan:
    """The rows of the previous iteration of the recursive CTE ``ident``."""

    ident: int
    name: str

    def label(self) -> str:
        return f"WorkTable Scan on {self.name}"


@dataclass(frozen=True, slots=True)
class RecursiveUnion:
    """WITH RECURSIVE: ``left`` once, then ``right`` over the previous iteration's new rows
    until it yields none (UNION drops rows already produced)."""

    left: PlanNode
    right: PlanNode
    ident: int
    distinct: bool
    keys: tuple[Callable[[Any], Any], ...] = field(compare=False)

    def label(self) -> str:
        return "Recursive Union" + ("" if self.distinct else " All")


@dataclass(frozen=True, slots=True)
class SetOp:
    left: PlanNode
    right: PlanNode
    op: str  # UNION | INTERSECT | EXCEPT
    all: bool
    keys: tuple[Callable[[Any], Any], ...] = field(compare=False)

    def label(self) -> str:
        return f"{self.op}{' ALL' if self.all else ''}"


PlanNode = (Result | SeqScan | ValuesScan | FunctionScan | SubqueryScan | NestedLoop | HashJoin
            | LateralJoin | WorkTableScan | RecursiveUnion | Filter | HashLookupFilter
            | Aggregate | WindowAgg | Project | ProjectSet | Distinct | Sort | Limit | Trim | SetOp)


def children(node: Any) -> tuple[Any, ...]:
    if isinstance(node, NestedLoop | SetOp | HashJoin | LateralJoin | RecursiveUnion):
        return (node.left, node.right)
    child = getattr(node, "child", None)
    return (child,) if child is not None else ()


def explain(node: Any, depth: int = 0) -> str:
    lines = [("  " * depth) + ("-> " if depth else "") + node.label()]
    for c in children(node):
        lines.append(explain(c, depth + 1))
    return "\n".join(lines)
