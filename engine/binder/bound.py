"""Bound expression and query trees: every node typed with a Postgres type OID.

These are the binder's output and the planner's input; each prints as text (``str``) so
tests and EXPLAIN can show them. Must not import pglast, ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

UNKNOWN_OID = 705
TEXT_OID = 25
BOOL_OID = 16
INT4_OID = 23
INT8_OID = 20
NUMERIC_OID = 1700


@dataclass(frozen=True, slots=True)
class Const:
    value: Any
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        return "NULL" if self.value is None else repr(self.value)


@dataclass(frozen=True, slots=True)
class ColumnRef:
    index: int
    type_oid: int
    name: str
    typmod: int = -1

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Param:
    """``$n`` of the extended protocol; its text value is converted by the type's input."""

    number: int
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        return f"${self.number}"


@dataclass(frozen=True, slots=True)
class FuncExpr:
    """A function, operator or cast applied to arguments.

    ``impl`` receives the argument values; when ``strict`` it is not called on a NULL
    argument and the result is NULL, as for Postgres's strict functions. When
    ``needs_context`` it gets the execution context as first argument.
    """

    name: str
    impl: Callable[..., Any]
    args: tuple[BoundExpr, ...]
    type_oid: int
    strict: bool = True
    needs_context: bool = False
    typmod: int = -1
    volatile: bool = False

    def __str__(self) -> str:
        return f"{self.name}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # AND | OR | NOT
    args: tuple[BoundExpr, ...]
    type_oid: int = BOOL_OID
    typmod: int = -1

    def __str__(self) -> str:
        if self.op == "NOT":
            return f"(NOT {self.args[0]})"
        return "(" + f" {self.op} ".join(str(a) for a in self.args) + ")"


@dataclass(frozen=True, slots=True)
class NullTest:
    arg: BoundExpr
    negated: bool
    type_oid: int = BOOL_OID
    typmod: int = -1

    def __str__(self) -> str:
        return f"({self.arg} IS {'NOT ' if self.negated else ''}NULL)"


@dataclass(frozen=True, slots=True)
class AggRef:
    """A reference to the ``index``-th aggregate computed by the Aggregate node."""

    index: int
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        return f"agg{self.index}"


BoundExpr = Const | ColumnRef | Param | FuncExpr | BoolOp | NullTest | AggRef


@dataclass(frozen=True, slots=True)
class AggCall:
    name: str  # only count(*) so far
    star: bool
    type_oid: int

    def __str__(self) -> str:
        return f"{self.name}(*)" if self.star else self.name


@dataclass(frozen=True, slots=True)
class SortKey:
    expr: BoundExpr
    descending: bool
    nulls_first: bool


@dataclass(frozen=True, slots=True)
class OutputColumn:
    name: str
    expr: BoundExpr
    table_oid: int = 0
    column_number: int = 0


@dataclass
class BoundSelect:
    """A single-table (or FROM-less) SELECT after name resolution and typing."""

    table_oid: int | None
    table_name: str | None
    outputs: list[OutputColumn]
    where: BoundExpr | None = None
    aggregates: list[AggCall] = field(default_factory=list)
    sort: list[SortKey] = field(default_factory=list)
    limit: BoundExpr | None = None
    offset: BoundExpr | None = None
    param_types: list[int] = field(default_factory=list)
