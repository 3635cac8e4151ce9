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
class OuterRef:
    """A column of an enclosing query read from inside a correlated sub-select: ``depth``
    query levels up (1 = the query the sub-select appears in), column ``index`` of the row
    that level was evaluating when it ran the sub-select."""

    depth: int
    index: int
    type_oid: int
    name: str
    typmod: int = -1

    def __str__(self) -> str:
        return f"{self.name}^{self.depth}"


@dataclass(frozen=True, slots=True)
class GroupingCall:
    """GROUPING(args): bit i (from the left) set when args[i] is not grouped in the row's
    grouping set. Replaced by a read of the Aggregate's grouping-set column once the query's
    grouping is known."""

    args: tuple[Any, ...]
    type_oid: int = INT4_OID
    typmod: int = -1

    def __str__(self) -> str:
        return f"GROUPING({', '.join(map(str, self.args))})"


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
    impl: Callable[..., Any] = field(compare=False)
    args: tuple[BoundExpr, ...] = ()
    type_oid: int = 0
    strict: bool = True
    needs_context: bool = False
    typmod: int = -1
    volatile: bool = False

    def __str__(self) -> str:
        return f"{self.name}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, slots=True)
class CaseExpr:
    """CASE WHEN cond THEN result ... ELSE default END (conditions already boolean)."""

    whens: tuple[tuple[BoundExpr, BoundExpr], ...]
    default: BoundExpr
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        arms = " ".join(f"WHEN {c} THEN {r}" for c, r in self.whens)
        return f"CASE {arms} ELSE {self.default} END"


@dataclass(frozen=True, slots=True)
class CoalesceExpr:
    args: tuple[BoundExpr, ...]
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        return f"COALESCE({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, slots=True)
class MinMaxExpr:
    """GREATEST/LEAST: NULLs ignored; ``key`` is the type's sort key."""

    op: str
    args: tuple[BoundExpr, ...]
    key: Callable[[Any], Any] = field(compare=False)
    type_oid: int = 0
    typmod: int = -1

    def __str__(self) -> str:
        return f"{self.op}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, slots=True)
class ArrayExpr:
    """ARRAY[...]; elements that are themselves arrays make a multi-dimensional array."""

    elems: tuple[BoundExpr, ...]
    elem_type: int
    type_oid: int
    multidim: bool = False
    typmod: int = -1

    def __str__(self) -> str:
        return f"ARRAY[{', '.join(str(a) for a in self.elems)}]"


@dataclass(frozen=True, slots=True)
class RowExpr:
    """ROW(...), a whole-row reference or a row cast to a composite type: a record built
    from its fields' values. ``desc`` is an ``engine.types.records.RecordDesc``."""

    args: tuple[BoundExpr, ...]
    desc: Any
    type_oid: int
    typmod: int = -1
    # a row constructor (or a cast of one), which PostgreSQL compares column by column in
    # places; a whole-row reference compares as a record
    constructed: bool = False
    whole_row_of: str = ""  # the FROM item's alias, for a whole-row reference

    def __str__(self) -> str:
        return f"ROW({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, slots=True)
class FieldSelect:
    """``(record).field``: field ``index`` of a record value (NULL for a NULL record)."""

    arg: BoundExpr
    index: int
    name: str
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        return f"({self.arg}).{self.name}"


@dataclass(frozen=True, slots=True)
class ScalarArrayOp:
    """``left op ANY/ALL (array)`` with SQL's three-valued logic."""

    op: str
    impl: Callable[..., Any] = field(compare=False)
    left: BoundExpr = None  # type: ignore[assignment]
    right: BoundExpr = None  # type: ignore[assignment]
    use_or: bool = True
    type_oid: int = BOOL_OID
    typmod: int = -1

    def __str__(self) -> str:
        return f"{self.left} {self.op} {'ANY' if self.use_or else 'ALL'} ({self.right})"


@dataclass(frozen=True, slots=True)
class SubqueryExpr:
    """A sub-select: EXPR (scalar), EXISTS, ANY/ALL (with ``test`` comparing the left value
    to each row's single column) or ARRAY. Uncorrelated ones run once per query execution;
    ``correlated`` ones read enclosing rows (OuterRef) and run once per row evaluated."""

    kind: str
    plan: Any = field(compare=False)
    left: BoundExpr | None = None
    test: Callable[..., Any] | None = field(default=None, compare=False)
    type_oid: int = BOOL_OID
    typmod: int = -1
    ident: int = 0
    correlated: bool = False

    def __str__(self) -> str:
        return f"({self.kind} subquery #{self.ident})"


@dataclass(frozen=True, slots=True)
class SrfCall:
    """A set-returning function in the select list (expanded by ProjectSet)."""

    name: str
    impl: Callable[..., Any] = field(compare=False)
    args: tuple[BoundExpr, ...] = ()
    type_oid: int = 0
    strict: bool = True
    needs_context: bool = False
    typmod: int = -1
    proc_oid: int = 0

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


@dataclass(frozen=True, slots=True)
class WindowRef:
    """The value of the ``index``-th window function computed by the WindowAgg node."""

    index: int
    type_oid: int
    typmod: int = -1

    def __str__(self) -> str:
        return f"win{self.index}"


BoundExpr = (Const | ColumnRef | Param | FuncExpr | BoolOp | NullTest | AggRef | CaseExpr
             | CoalesceExpr | MinMaxExpr | ArrayExpr | ScalarArrayOp | SubqueryExpr | SrfCall
             | WindowRef | OuterRef | GroupingCall | RowExpr | FieldSelect)


@dataclass(frozen=True, slots=True)
class WindowCall:
    """A window function call: either a builtin window function (``prosrc``) or an aggregate
    (``agg``) evaluated over the frame. Frame options are pg's FRAMEOPTION_* bits."""

    name: str
    type_oid: int
    args: tuple[BoundExpr, ...]
    partition: tuple[BoundExpr, ...]
    order: tuple[SortKey, ...]
    frame_options: int
    start_offset: BoundExpr | None = None
    end_offset: BoundExpr | None = None
    prosrc: str = ""
    agg: AggCall | None = None
    filter: BoundExpr | None = None

    def __str__(self) -> str:
        return f"{self.name}({', '.join(str(a) for a in self.args)}) OVER (...)"


@dataclass(frozen=True, slots=True)
class AggCall:
    """An aggregate call. ``star`` is count(*). ``transfn``/``finalfn`` implement it (None
    for count(*)); ``strict_trans``/``strict_final`` and ``init`` follow pg_aggregate and
    pg_proc (nodeAgg.c semantics)."""

    name: str
    star: bool
    type_oid: int
    args: tuple[BoundExpr, ...] = ()
    distinct: bool = False
    filter: BoundExpr | None = None
    order: tuple[SortKey, ...] = ()
    transfn: Callable[..., Any] | None = field(default=None, compare=False)
    finalfn: Callable[..., Any] | None = field(default=None, compare=False)
    strict_trans: bool = True
    strict_final: bool = True
    init: Callable[[], Any] | None = field(default=None, compare=False)
    ident: int = 0  # pg_proc oid of the aggregate
    direct_args: tuple[BoundExpr, ...] = ()
    final_extra: int = 0
    trans_context: bool = False  # transfn(ctx, state, *(type_oid, value) pairs)
    ordered_final: str = ""  # ordered-set/hypothetical final function prosrc

    def __str__(self) -> str:
        if self.star:
            return f"{self.name}(*)"
        inner = ", ".join(str(a) for a in self.args)
        return f"{self.name}({'DISTINCT ' if self.distinct else ''}{inner})"


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
