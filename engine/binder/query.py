"""Binding of queries: SELECT (FROM items, joins, WHERE, GROUP BY, HAVING, DISTINCT, ORDER BY,
LIMIT), VALUES, set operations and non-recursive WITH. Produces ``BoundQuery`` trees that
``engine.plan.planner`` turns into plans; FROM items are bound straight to scan/join plans.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Any

from pglast import ast, enums

from engine import pgcat as C
from engine.binder import expr as E
from engine.binder import resolve as R
from engine.binder.bound import (
    INT4_OID,
    TEXT_OID,
    UNKNOWN_OID,
    AggCall,
    AggRef,
    BoundExpr,
    ColumnRef,
    Const,
    FuncExpr,
    GroupingCall,
    OutputColumn,
    RowExpr,
    SrfCall,
    WindowCall,
    WindowRef,
)
from engine.binder.scope import (
    BindContext,
    RangeColumn,
    RangeEntry,
    Scope,
    check_name_conflicts,
)
from engine.binder.typesupport import sort_key
from engine.catalog import PartitionedDef, TableDef, ViewDef
from engine.errors import EngineError, FeatureNotSupported, GroupingError, ReadOnlySqlTransaction
from engine.plan import nodes as P
from engine.types.records import RECORD_OID, RecordDesc, desc_of


@dataclass
class OrderItem:
    index: int  # column of the projected row (outputs + junk)
    descending: bool
    nulls_first: bool


@dataclass
class BoundQuery:
    source: Any  # plan of the FROM clause
    outputs: list[OutputColumn]
    where: BoundExpr | None = None
    group: list[BoundExpr] | None = None
    aggregates: list[AggCall] = field(default_factory=list)
    having: BoundExpr | None = None
    junk: list[BoundExpr] = field(default_factory=list)
    distinct: bool = False
    distinct_on: list[int] | None = None
    order: list[OrderItem] = field(default_factory=list)
    limit: BoundExpr | None = None
    offset: BoundExpr | None = None
    # set operations: source is None and setop holds (op, all, left plan, right plan)
    setop: tuple[str, bool, Any, Any] | None = None
    windows: list[WindowCall] = field(default_factory=list)
    # GROUPING SETS/ROLLUP/CUBE: the group keys present in each set (None: plain GROUP BY)
    grouping_sets: list[tuple[int, ...]] | None = None


@dataclass
class Bound:
    """A bound statement ready for planning: its plan and output columns."""

    query: BoundQuery
    columns: list[OutputColumn]


def bind_statement(stmt: Any, ctx: BindContext, parent: Scope | None = None) -> Bound:
    query = _bind_any(stmt, ctx, parent)
    _check_params_resolved(ctx.params)
    return Bound(query, query.outputs)


def _bind_any(stmt: Any, ctx: BindContext, parent: Scope | None) -> BoundQuery:
    pushed = False
    if stmt.withClause is not None:
        _bind_with(stmt.withClause, ctx, parent)
        pushed = True
    try:
        if stmt.op != enums.SetOperation.SETOP_NONE:
            return _bind_setop(stmt, ctx, parent)
        if stmt.valuesLists:
            return _bind_values_query(stmt, ctx, parent)
        return _bind_select(stmt, ctx, parent)
    finally:
        if pushed:
            ctx.ctes.pop()


@dataclass
class _PlannedCte:
    """A CTE already planned (a recursive one, or its work table while its recursive term
    is being bound): ``outputs`` carry the column types."""

    plan: Any
    outputs: list[OutputColumn]


def _bind_with(with_clause: Any, ctx: BindContext, parent: Scope | None) -> None:
    frame: dict[str, Any] = {}
    ctx.ctes.append(frame)
    for cte in with_clause.ctes:
        if not isinstance(cte.ctequery, ast.SelectStmt):
            raise FeatureNotSupported("data-modifying statements in WITH")
        if cte.search_clause or cte.cycle_clause:
            raise FeatureNotSupported("SEARCH/CYCLE clauses in WITH")
        if with_clause.recursive and _mentions(cte.ctequery, cte.ctename):
            frame[cte.ctename] = _bind_recursive_cte(cte, ctx, parent, frame)
            continue
        sub = _bind_any(cte.ctequery, ctx, parent)
        names = [c.name for c in sub.outputs]
        if cte.aliascolnames:
            for i, a in enumerate(cte.aliascolnames):
                names[i] = a.sval
        frame[cte.ctename] = (sub, names)


def _mentions(node: Any, name: str) -> bool:
    """Whether ``node`` reads a relation called ``name`` (unqualified) anywhere inside."""
    if isinstance(node, ast.RangeVar):
        return node.schemaname is None and node.relname == name
    if isinstance(node, list | tuple):
        return any(_mentions(x, name) for x in node)
    if isinstance(node, ast.Node):
        slots: Any = type(node).__slots__  # type: ignore[attr-defined]
        return any(_mentions(getattr(node, a), name) for a in slots)
    return False


def _bind_recursive_cte(cte: Any, ctx: BindContext, parent: Scope | None,
                        frame: dict[str, Any]) -> tuple[_PlannedCte, list[str]]:
    """``non-recursive term UNION [ALL] recursive term`` (parse_cte.c's rules): the column
    types are the non-recursive term's; the recursive term reads the previous iteration."""
    from engine.plan.planner import plan_query  # noqa: PLC0415

    name, q = cte.ctename, cte.ctequery
    if q.op != enums.SetOperation.SETOP_UNION:
        raise EngineError(f'recursive query "{name}" does not have the form '
                          "non-recursive-term UNION [ALL] recursive-term", sqlstate="42P19")
    if q.sortClause or q.limitCount or q.limitOffset or q.withClause:
        raise FeatureNotSupported("ORDER BY/LIMIT/OFFSET/WITH in a recursive query")
    if _mentions(q.larg, name):
        raise EngineError(f'recursive reference to query "{name}" must not appear within its '
                          "non-recursive term", sqlstate="42P19")
    left = _bind_any(q.larg, ctx, parent)
    names = [o.name for o in left.outputs]
    for i, a in enumerate(cte.aliascolnames or ()):
        names[i] = a.sval
    types = [o.expr.type_oid for o in left.outputs]
    if UNKNOWN_OID in types:
        raise FeatureNotSupported("an unknown-type column in a recursive query")
    ident = ctx.ident()
    frame[name] = (_PlannedCte(P.WorkTableScan(ident, name), left.outputs), names)
    right = _bind_any(q.rarg, ctx, parent)
    if len(right.outputs) != len(types):
        raise EngineError("each UNION query must have the same number of columns",
                          sqlstate="42601")
    if right.aggregates or right.group is not None:
        raise EngineError("aggregate functions are not allowed in a recursive query's "
                          "recursive term", sqlstate="42P19")
    have = [o.expr.type_oid for o in right.outputs]
    for i, (lt, rt) in enumerate(zip(types, have, strict=True)):
        common = R.select_common_type([lt, rt], "UNION")
        if common != lt:
            raise EngineError(
                f'recursive query "{name}" column {i + 1} has type {R.type_name(lt)} in '
                f"non-recursive term but type {R.type_name(common)} overall",
                sqlstate="42804")
    scope = Scope(ctx, [], None, "UNION", parent)
    rplan = _coerced_plan(plan_query(right), have, types, scope)
    plan = P.RecursiveUnion(plan_query(left), rplan, ident, not q.all,
                            tuple(sort_key(t) for t in types))
    return _PlannedCte(plan, left.outputs), names


# --- FROM -----------------------------------------------------------------------------------


def _bind_from(items: Any, scope: Scope) -> Any:
    if not items:
        return P.Result()
    plan: Any = None
    for item in items:
        if plan is None:
            plan, _ = _bind_from_item(item, scope)
            continue
        before = len(scope.entries)
        sub_plan, width, lateral = _bind_maybe_lateral(item, scope, "LATERAL")
        check_name_conflicts(scope.entries[before:], scope.entries[:before])
        if lateral:
            plan = P.LateralJoin(plan, sub_plan, scope.width - width, width)
        else:
            plan = P.NestedLoop(plan, sub_plan, "inner", None, scope.width - width, width)
    return plan


def _is_lateral(item: Any) -> bool:
    """Functions in FROM are implicitly LATERAL; sub-selects only when marked."""
    return isinstance(item, ast.RangeFunction) or \
        (isinstance(item, ast.RangeSubselect) and bool(item.lateral))


def _bind_maybe_lateral(item: Any, scope: Scope, clause: str) -> tuple[Any, int, bool]:
    """Bind a FROM item that may read the FROM items before it (LATERAL): it sees them as
    an enclosing query level whose row is the join of those items so far. Returns (plan,
    width, whether it did read them)."""
    if not _is_lateral(item):
        plan, width = _bind_from_item(item, scope)
        return plan, width, False
    before = Scope(scope.ctx, list(scope.entries), None, clause, scope.parent)
    inner = Scope(scope.ctx, scope.entries, scope.aggregates, scope.clause, before)
    n_entries = len(scope.entries)
    plan, width = _bind_from_item(item, inner)
    if before.referenced:
        return plan, width, True
    # it read no item before it: bind it again without the extra query level, so that
    # references to enclosing queries count their levels as executed
    del scope.entries[n_entries:]
    plan, width = _bind_from_item(item, scope)
    return plan, width, False


def _bind_from_item(item: Any, scope: Scope) -> tuple[Any, int]:
    binder = _FROM_BINDERS.get(type(item))
    if binder is None:
        raise FeatureNotSupported(f"FROM item {type(item).__name__} is not supported yet")
    return binder(item, scope)


def _alias_names(alias: Any, default: str | None) -> tuple[str | None, list[str] | None]:
    if alias is None:
        return default, None
    cols = [c.sval for c in alias.colnames] if alias.colnames else None
    return alias.aliasname, cols


def _rename(columns: list[RangeColumn], names: list[str] | None, what: str) -> list[RangeColumn]:
    if names is None:
        return columns
    if len(names) > len(columns):
        raise EngineError(f'table "{what}" has {len(columns)} columns available but '
                          f"{len(names)} columns specified", sqlstate="42P10")
    return [replace(c, name=names[i]) if i < len(names) else c for i, c in enumerate(columns)]


def _bind_rangevar(item: Any, scope: Scope) -> tuple[Any, int]:
    if item.catalogname:
        raise FeatureNotSupported("cross-database references are not implemented")
    alias, colnames = _alias_names(item.alias, item.relname)
    if item.schemaname is None:
        cte = scope.ctx.find_cte(item.relname)
        if cte is not None:
            sub, names = cte
            cols = [RangeColumn(n, o.expr.type_oid, o.expr.typmod) for n, o in
                    zip(names, sub.outputs, strict=True)]
            from engine.plan.planner import plan_query  # noqa: PLC0415

            entry = RangeEntry(alias, _rename(cols, colnames, str(alias)))
            scope.add(entry)
            planned = sub.plan if isinstance(sub, _PlannedCte) else plan_query(sub)
            return P.SubqueryScan(planned), len(cols)
    lookup = scope.ctx.table_lookup or scope.ctx.catalog.lookup
    table = lookup(item.schemaname, item.relname, scope.ctx.search_path)
    if not item.inh and not isinstance(table, TableDef):
        raise FeatureNotSupported("FROM ONLY on a view or partitioned table is not supported")
    unaliased = "" if item.alias else f"{table.schema}.{table.name}"
    if isinstance(table, ViewDef):
        return _bind_view(table, alias, colnames, scope, unaliased)
    if isinstance(table, PartitionedDef):
        return _bind_partitioned(table, alias, colnames, scope, unaliased)
    if item.inh and scope.ctx.object_exists is not None \
            and scope.ctx.user_object("inheritance parent", table.name):
        raise FeatureNotSupported(
            f'table "{table.name}" has inheritance children on the primary; reading them '
            "with it is not supported yet (FROM ONLY reads the table alone)")
    scope.ctx.readable.add(table.oid)
    collations: tuple[str | None, ...] = (None,) * len(table.columns)
    if scope.ctx.table_shape is not None:
        collations = scope.ctx.table_shape(table)
    cols = [RangeColumn(c.name, c.type_oid, c.typmod, table.oid, c.attnum, coll)
            for c, coll in zip(table.columns, collations, strict=True)]
    entry = RangeEntry(alias, _rename(cols, colnames, str(alias)), table_oid=table.oid,
                       unaliased=unaliased, relation=f"{table.schema}.{table.name}")
    unreadable = scope.ctx.unreadable(table.oid) if scope.ctx.unreadable else frozenset()
    entry.unreadable = {i for i, c in enumerate(table.columns) if c.name in unreadable}
    scope.add(entry)
    return P.SeqScan(table.oid, table.qualified_name), len(cols)


FIRST_NORMAL_OBJECT_ID = 16384  # transam.h: the first OID of a user object


def _bind_view(view: ViewDef, alias: str | None, colnames: list[str] | None,
               scope: Scope, unaliased: str) -> tuple[Any, int]:
    """A view reads as its definition (pg_get_viewdef) bound as a subquery; the view's own
    column names win over the definition's output names."""
    if "view" in scope.ctx.restricted_kinds:
        # fireRIRrules: user views (oid >= FirstNormalObjectId) are not expanded
        if not view.oid:
            raise FeatureNotSupported(f'whether view "{view.name}" is a system view is unknown')
        if view.oid >= FIRST_NORMAL_OBJECT_ID:
            raise EngineError(f'access to non-system view "{view.name}" is restricted',
                              sqlstate="55000")
    import pglast  # noqa: PLC0415

    from engine.plan.planner import plan_query  # noqa: PLC0415

    stmt = pglast.parse_sql(view.sql)[0].stmt
    saved = scope.ctx.search_path
    sub = _bind_any(stmt, scope.ctx, None)
    scope.ctx.search_path = saved
    if len(sub.outputs) != len(view.column_names):
        raise FeatureNotSupported(f'view "{view.name}" changed shape while being read')
    cols = [RangeColumn(n, o.expr.type_oid, o.expr.typmod)
            for n, o in zip(view.column_names, sub.outputs, strict=True)]
    scope.add(RangeEntry(alias, _rename(cols, colnames, str(alias)), unaliased=unaliased,
                         relation=f"{view.schema}.{view.name}"))
    return P.SubqueryScan(plan_query(sub)), len(cols)


def _bind_partitioned(parent: PartitionedDef, alias: str | None, colnames: list[str] | None,
                      scope: Scope, unaliased: str) -> tuple[Any, int]:
    """A partitioned table reads as the UNION ALL of its leaf partitions (which are what
    logical replication publishes), each projected to the parent's column order."""
    lookup = scope.ctx.table_lookup or scope.ctx.catalog.lookup
    plans: list[Any] = []
    # a partition's columns have its parent's collations (MergeAttributes): a leaf's tell
    collations: list[str | None] = [None] * len(parent.columns)
    for schema, name in parent.leaves:
        leaf = lookup(schema, name, scope.ctx.search_path)
        if not isinstance(leaf, TableDef):
            raise FeatureNotSupported(f'partition "{schema}.{name}" is not a plain table')
        scope.ctx.readable.add(leaf.oid)
        leaf_collations = scope.ctx.table_shape(leaf) if scope.ctx.table_shape else None
        exprs = []
        for i, col in enumerate(parent.columns):
            idx = leaf.column_index(col.name)
            if idx is None:
                raise FeatureNotSupported(f'partition "{name}" lacks column "{col.name}"')
            if leaf_collations is not None:
                collations[i] = leaf_collations[idx]
            exprs.append(ColumnRef(idx, leaf.columns[idx].type_oid, col.name,
                                   leaf.columns[idx].typmod))
        plans.append(P.Project(P.SeqScan(leaf.oid, leaf.qualified_name), tuple(exprs)))
    cols = [RangeColumn(c.name, c.type_oid, c.typmod, collation=coll)
            for c, coll in zip(parent.columns, collations, strict=True)]
    plan: Any = plans[0] if plans else P.ValuesScan(())
    for extra in plans[1:]:
        plan = P.SetOp(plan, extra, "UNION", True, ())
    scope.add(RangeEntry(alias, _rename(cols, colnames, str(alias)), system_columns=True,
                         unaliased=unaliased))
    return plan, len(cols)


def _bind_subselect(item: Any, scope: Scope) -> tuple[Any, int]:
    sub = _bind_any(item.subquery, scope.ctx, scope.parent)
    alias, colnames = _alias_names(item.alias, None)
    if alias is None:
        alias = None
    cols = [RangeColumn(o.name, o.expr.type_oid, o.expr.typmod) for o in sub.outputs]
    from engine.plan.planner import plan_query  # noqa: PLC0415

    scope.add(RangeEntry(alias, _rename(cols, colnames, str(alias))))
    return P.SubqueryScan(plan_query(sub)), len(cols)


def _bind_rangefunction(item: Any, scope: Scope) -> tuple[Any, int]:
    if item.is_rowsfrom or len(item.functions) != 1:
        raise FeatureNotSupported("ROWS FROM(...) is not supported yet")
    call = item.functions[0][0]
    if not isinstance(call, ast.FuncCall):
        raise FeatureNotSupported("a non-function expression in FROM")
    if call.funcname[-1].sval == "unnest" and len(call.args or ()) > 1:
        raise FeatureNotSupported("unnest() of several arrays in FROM is not supported yet")
    fscope = Scope(scope.ctx, [], None, "functions in FROM", scope.parent, srf_allowed=True)
    fname = str(call.funcname[-1].sval)
    try:
        bound = E.bind_expr(call, fscope)
    except R.PseudoTypeResult as exc:
        # addRangeTableEntryForFunction: a pseudo-type result cannot be a FROM item's row;
        # an argument's own call stays refused
        if not all(_plain_argument(a) for a in call.args or ()):
            raise
        raise EngineError(f'function "{fname}" in FROM has unsupported return type '
                          f"{R.type_name(exc.rettype)}", sqlstate="42804") from None
    alias, colnames = _alias_names(item.alias, fname)
    rowtype = RECORD_OID
    out_columns = isinstance(bound, SrfCall) and len(C.proc(bound.proc_oid).outtypes) > 1
    if out_columns and item.coldeflist:
        raise EngineError("a column definition list is redundant for a function with OUT "
                          "parameters", sqlstate="42601")
    if item.coldeflist or (bound.type_oid == RECORD_OID and not out_columns):
        bound, proc_cols = _with_column_definitions(bound, item.coldeflist, fscope)
        plan = _composite_scan(fname, bound, len(proc_cols), item.ordinality)
    elif (desc := desc_of(bound.type_oid)) is not None:
        # a function returning a composite type reads as its fields (a NULL result as a
        # row of NULLs), and its whole-row reference has that type
        proc_cols = [RangeColumn(n, t, m) for n, t, m in zip(desc.names, desc.types,
                                                                desc.typmods, strict=True)]
        plan = _composite_scan(fname, bound, len(proc_cols), item.ordinality)
        rowtype = bound.type_oid
    elif isinstance(bound, SrfCall):
        proc_cols = _srf_columns(fname, bound, [a.type_oid for a in bound.args])
        plan = P.FunctionScan(fname, bound.impl, bound.args, bound.needs_context, bound.strict,
                              True, len(proc_cols), item.ordinality)
    else:
        proc_cols = [RangeColumn(fname, bound.type_oid, bound.typmod)]
        plan = P.FunctionScan(fname, _identity, (bound,), False, False, False, 1,
                              item.ordinality)
    out_named = isinstance(bound, SrfCall) and len(C.proc(bound.proc_oid).outnames) == 1
    composite = item.coldeflist or rowtype != RECORD_OID
    if len(proc_cols) == 1 and colnames is None and not out_named and not composite:
        # a scalar result column takes the alias, unless an OUT parameter names it
        proc_cols = [replace(proc_cols[0], name=str(alias))] if item.alias else proc_cols
    if item.ordinality:
        proc_cols = [*proc_cols, RangeColumn("ordinality", 20)]
    # a whole-row reference to a function of one non-composite column is that column
    scalar = rowtype == RECORD_OID and not composite and not item.ordinality and \
        len(proc_cols) == 1 and proc_cols[0].type_oid != RECORD_OID
    scope.add(RangeEntry(alias, _rename(proc_cols, colnames, str(alias)),
                         rowtype=rowtype if not item.ordinality else RECORD_OID,
                         scalar_function=scalar))
    return plan, len(proc_cols)


def _plain_argument(node: Any) -> bool:
    """A constant, possibly cast: no call of its own inside."""
    while isinstance(node, ast.TypeCast):
        node = node.arg
    return isinstance(node, ast.A_Const)


def _fills_a_record(bound: Any) -> bool:
    """A call of json[b]_populate_record/json[b]_to_record and friends (whose row type the
    column definition list gives)."""
    from engine.functions import json_populate  # noqa: PLC0415

    impl = getattr(bound, "impl", None)
    return isinstance(impl, functools.partial) and \
        impl.func.__name__ in json_populate.NEEDS_RECORD_TYPE


def _with_column_definitions(bound: Any, coldeflist: Any, scope: Scope
                             ) -> tuple[Any, list[RangeColumn]]:
    """``f(...) AS x(a int, b text)``: only for a function returning record, and required
    there (addRangeTableEntryForFunction); the populate/to_record functions receive the list
    as their row type."""
    if not coldeflist:
        raise EngineError('a column definition list is required for functions returning '
                          '"record"', sqlstate="42601")
    if bound.type_oid != RECORD_OID:
        raise EngineError('a column definition list is only allowed for functions returning '
                          '"record"', sqlstate="42601")
    if not _fills_a_record(bound):
        raise FeatureNotSupported("column definition lists for this function")
    names, types, typmods = [], [], []
    for col in coldeflist:
        if col.collClause is not None:
            raise FeatureNotSupported("COLLATE in a column definition list")
        oid, typmod = E.resolve_typename(col.typeName, scope)
        if col.colname in names:
            raise EngineError(f'column name "{col.colname}" specified more than once',
                              sqlstate="42701")
        names.append(col.colname)
        types.append(oid)
        typmods.append(typmod)
    desc = RecordDesc(RECORD_OID, tuple(names), tuple(types), tuple(typmods),
                      (False,) * len(names))
    from engine.binder.rows import domain_checks  # noqa: PLC0415

    impl = functools.partial(bound.impl, coldef=desc, domains=domain_checks(desc, scope))
    cols = [RangeColumn(n, t, m) for n, t, m in zip(names, types, typmods, strict=True)]
    return replace(bound, impl=impl), cols


def _composite_scan(fname: str, bound: Any, ncols: int, ordinality: bool) -> Any:
    """A FunctionScan over a record-returning call: each record's fields are one row."""
    nulls = (None,) * ncols

    def fields(record: Any) -> tuple[Any, ...]:
        return nulls if record is None else tuple(record.values)

    if isinstance(bound, SrfCall):
        inner = bound.impl

        def rows(*args: Any) -> Any:
            for record in inner(*args):
                yield fields(record) if ncols > 1 else fields(record)[0]

        return P.FunctionScan(fname, rows, bound.args, bound.needs_context, bound.strict,
                              True, ncols, ordinality)

    def one(record: Any) -> Any:
        row = fields(record)
        return [row if ncols > 1 else row[0]]

    return P.FunctionScan(fname, one, (bound,), False, False, True, ncols, ordinality)


def _identity(v: Any) -> Any:
    return v


def _srf_columns(fname: str, call: SrfCall, inputs: list[int]) -> list[RangeColumn]:
    proc = C.proc(call.proc_oid)
    if len(proc.outtypes) > 1:
        if any(t in C.POLYMORPHIC for t in proc.outtypes):
            raise FeatureNotSupported(f"polymorphic OUT columns of {fname}()")
        return [RangeColumn(n, t) for n, t in zip(proc.outnames, proc.outtypes, strict=True)]
    if len(proc.outnames) == 1:
        return [RangeColumn(proc.outnames[0], call.type_oid, call.typmod)]
    return [RangeColumn(fname, call.type_oid, call.typmod)]


def _bind_join(item: Any, scope: Scope) -> tuple[Any, int]:
    kinds = {enums.JoinType.JOIN_INNER: "inner", enums.JoinType.JOIN_LEFT: "left",
             enums.JoinType.JOIN_RIGHT: "right", enums.JoinType.JOIN_FULL: "full"}
    kind = kinds.get(item.jointype)
    if kind is None:
        raise FeatureNotSupported(f"join type {item.jointype.name}")
    if item.alias is not None:
        raise FeatureNotSupported("aliases on JOIN clauses are not supported yet")
    start = scope.width
    first_entry = len(scope.entries)
    left_plan, lw = _bind_from_item(item.larg, scope)
    mid_entry = len(scope.entries)
    # a LATERAL item sees the row of the items before it: that is this join's left row
    # only when the join starts the FROM row (otherwise refused when read)
    right_plan, rw, lateral = _bind_maybe_lateral(
        item.rarg, scope, "LATERAL" if start == 0 and kind in ("inner", "left")
        else "JOIN LATERAL")
    qual = None
    using = [u.sval for u in item.usingClause] if item.usingClause else []
    left_entries, right_entries = scope.entries[first_entry:mid_entry], scope.entries[mid_entry:]
    check_name_conflicts(right_entries, left_entries)
    if item.isNatural:
        # the common names, in the left input's column order (transformFromClauseItem)
        right_names = {name for name, _, _ in _input_columns(right_entries)}
        using = list(dict.fromkeys(name for name, _, _ in _input_columns(left_entries)
                                   if name in right_names))
    if using:
        qual, merged = _using_qual(using, scope, left_entries, right_entries, kind)
        if item.join_using_alias is not None:
            # JOIN ... USING (...) AS alias names the merged columns alone (SQL:2016;
            # transformFromClauseItem): alias.column reads them, alias.* expands to them
            alias_entry = RangeEntry(item.join_using_alias.aliasname, [], merged=merged,
                                     qualified_only=True)
            check_name_conflicts([alias_entry], left_entries + right_entries)
            scope.add(alias_entry)
    elif item.quals is not None:
        qual = E.require_bool(E.bind_expr(item.quals, scope), "JOIN/ON", scope)
    if qual is not None and start:
        # the join's own row starts at column ``start`` of the FROM row: its condition
        # reads that row, so its column numbers are made local to it
        from engine.plan.optimize import shift  # noqa: PLC0415

        qual = shift(qual, start)
    if kind != "inner":
        for entry in scope.entries[first_entry:]:
            entry.outer_joined = True
    if lateral:
        if kind not in ("inner", "left"):
            raise EngineError("the combining JOIN type must be INNER or LEFT for a LATERAL "
                              "reference", sqlstate="42601")
        return P.LateralJoin(left_plan, right_plan, lw, rw, kind, qual), lw + rw
    return P.NestedLoop(left_plan, right_plan, kind, qual, lw, rw), lw + rw


def _input_columns(entries: list[RangeEntry]) -> list[tuple[str, RangeEntry, int | None]]:
    """The columns a join input shows, as (name, entry, column index or None for a merged
    USING column): the merged columns and each entry's columns not merged away."""
    out: list[tuple[str, RangeEntry, int | None]] = []
    for e in entries:
        if e.qualified_only:
            continue
        out += [(name, e, None) for name in e.merged]
        out += [(c.name, e, i) for i, c in enumerate(e.columns) if c.name not in e.hidden]
    return out


def _using_column(name: str, entries: list[RangeEntry], side: str,
                  scope: Scope) -> tuple[BoundExpr, RangeEntry, int | None]:
    """The one column ``name`` of a join input (transformFromClauseItem's USING checks)."""
    found = [c for c in _input_columns(entries) if c[0] == name]
    if not found:
        raise EngineError(f'column "{name}" specified in USING clause does not exist in '
                          f"{side} table", sqlstate="42703")
    if len(found) > 1:
        raise EngineError(f'common column name "{name}" appears more than once in {side} '
                          "table", sqlstate="42702")
    _, entry, i = found[0]
    if i is None:
        return entry.merged[name], entry, None
    col = entry.columns[i]
    scope.ctx.use_column(col)
    return ColumnRef(entry.offset + i, col.type_oid, name, col.typmod), entry, i


def _using_qual(names: list[str], scope: Scope, left_entries: list[RangeEntry],
                right_entries: list[RangeEntry],
                kind: str) -> tuple[BoundExpr, dict[str, BoundExpr]]:
    """The join condition of USING/NATURAL and the merged column of each name. A merged
    column is kept by the join's first entry, ahead of the columns of its inputs (the
    join's own columns list the merged ones first)."""
    from engine.binder.bound import BoolOp, CoalesceExpr  # noqa: PLC0415

    quals: list[BoundExpr] = []
    merged_columns: dict[str, BoundExpr] = {}
    for name in names:
        if name in merged_columns:
            raise EngineError(f'column name "{name}" appears more than once in USING clause',
                              sqlstate="42701")
        lref, le, li = _using_column(name, left_entries, "left", scope)
        rref, re_, ri = _using_column(name, right_entries, "right", scope)
        quals.append(E.make_operator("=", lref, rref, scope))
        ctype = R.select_common_type([lref.type_oid, rref.type_oid], "JOIN/USING")
        merged: BoundExpr
        if kind == "full":
            merged = CoalesceExpr((E.coerce(lref, ctype, scope), E.coerce(rref, ctype, scope)),
                                  ctype)
        elif kind == "right":
            merged = E.coerce(rref, ctype, scope)
        else:
            merged = E.coerce(lref, ctype, scope)
        merged_columns[name] = merged
        for entry, index in ((le, li), (re_, ri)):
            if index is None:
                del entry.merged[name]  # now inside this join's merged column
            else:
                entry.hidden.add(name)
    first = left_entries[0]
    first.merged = {**merged_columns, **first.merged}
    qual = quals[0] if len(quals) == 1 else BoolOp("AND", tuple(quals))
    return qual, merged_columns


_FROM_BINDERS: dict[type, Any] = {
    ast.RangeVar: _bind_rangevar,
    ast.RangeSubselect: _bind_subselect,
    ast.RangeFunction: _bind_rangefunction,
    ast.JoinExpr: _bind_join,
}


# --- SELECT ---------------------------------------------------------------------------------


def _refuse_unsupported(stmt: Any) -> None:
    if stmt.intoClause is not None:
        raise FeatureNotSupported("SELECT INTO is not supported (a write)")
    if stmt.lockingClause:
        # as on a hot standby: row locks need a read-write transaction (25006)
        strength = {1: "KEY SHARE", 2: "SHARE", 3: "NO KEY UPDATE", 4: "UPDATE"}.get(
            int(stmt.lockingClause[0].strength), "UPDATE")
        raise ReadOnlySqlTransaction(
            f"cannot execute SELECT FOR {strength} in a read-only transaction")
    if stmt.limitOption == enums.LimitOption.LIMIT_OPTION_WITH_TIES:
        raise FeatureNotSupported("FETCH ... WITH TIES is not supported yet")
    if stmt.groupDistinct:
        raise FeatureNotSupported("GROUP BY DISTINCT is not supported yet")


def _bind_select(stmt: Any, ctx: BindContext, parent: Scope | None) -> BoundQuery:
    _refuse_unsupported(stmt)
    scope = Scope(ctx, [], None, "FROM", parent)
    source = _bind_from(stmt.fromClause, scope)
    where = None
    if stmt.whereClause is not None:
        scope.clause = "WHERE"
        where = E.require_bool(E.bind_expr(stmt.whereClause, scope), "WHERE", scope)
    scope.aggregates = []
    scope.windows = []
    scope.window_defs = {w.name: w for w in stmt.windowClause or ()}
    scope.clause = "SELECT"
    scope.srf_allowed = True
    outputs = _bind_targets(stmt.targetList or (), scope)
    scope.srf_allowed = False
    group, sets = _bind_group(stmt.groupClause, outputs, scope) if stmt.groupClause \
        else (None, None)
    having = None
    if stmt.havingClause is not None:
        scope.clause = "HAVING"
        windows, scope.windows = scope.windows, None
        having = E.require_bool(E.bind_expr(stmt.havingClause, scope), "HAVING", scope)
        scope.windows = windows
    query = BoundQuery(source, outputs, where, group, scope.aggregates, having,
                       grouping_sets=sets)
    scope.clause = "ORDER BY"
    _bind_order(stmt.sortClause or (), query, scope, stmt.distinctClause is not None)
    _bind_distinct(stmt.distinctClause, query, scope)
    _bind_limits(stmt, query, scope)
    query.windows = scope.windows or []
    base = scope.width
    if id(scope.entries) in ctx.needs_ungrouped:
        ctx.needs_ungrouped.discard(id(scope.entries))
        if query.group is not None or query.aggregates or query.having is not None:
            raise FeatureNotSupported(
                "a correlated subquery reading the columns of a grouped query is not "
                "supported yet")
    if query.group is None and not query.aggregates and _has_grouping_call(query):
        raise GroupingError("arguments to GROUPING must be grouping expressions of the "
                            "associated query level")
    if query.group is not None and any(isinstance(g, SrfCall) for g in query.group):
        _expand_grouped_srfs(query, scope)
    if query.group is not None or query.aggregates:
        _apply_grouping(query)
        base = len(query.group or ()) + len(query.aggregates) + (1 if sets else 0)
    if query.windows:
        _place_windows(query, base)
    return query


def _place_windows(query: BoundQuery, base: int) -> None:
    """Window results are appended to each row by WindowAgg: WindowRef(i) reads column
    ``base + i``."""

    def rewrite(expr: BoundExpr) -> BoundExpr:
        if isinstance(expr, WindowRef):
            return ColumnRef(base + expr.index, expr.type_oid, f"win{expr.index}")
        return _map_children(expr, rewrite)

    query.outputs = [replace(o, expr=rewrite(o.expr)) for o in query.outputs]
    query.junk = [rewrite(j) for j in query.junk]


def _bind_targets(targets: Any, scope: Scope) -> list[OutputColumn]:
    outputs: list[OutputColumn] = []
    for target in targets:
        val = target.val
        if isinstance(val, ast.ColumnRef) and isinstance(val.fields[-1], ast.A_Star):
            outputs.extend(expand_star(val, scope))
            continue
        if isinstance(val, ast.A_Indirection) and isinstance(val.indirection[-1], ast.A_Star):
            outputs.extend(_expand_fields(val, scope))
            continue
        expr = E.bind_expr(val, scope)
        if expr.type_oid == UNKNOWN_OID:
            expr = E.coerce(expr, TEXT_OID, scope)
        name = target.name or E.figure_colname(val)
        tbl, att = _origin(expr, scope)
        outputs.append(OutputColumn(name, expr, tbl, att))
    return outputs


def expand_star(ref: Any, scope: Scope) -> list[OutputColumn]:
    """``*`` (every visible column: merged USING columns first) or ``alias.*`` (that item's
    own columns; a USING alias's merged ones)."""
    if len(ref.fields) == 1:
        entries = scope.entries
        if not entries:
            raise EngineError("SELECT * with no tables specified is not valid", sqlstate="42601")
    else:
        alias = ref.fields[-2].sval
        if not scope.has_alias(alias) and scope.parent is not None:
            return _expand_outer_star(alias, scope)
        entries = [scope.entry_named(alias)]
    out: list[OutputColumn] = []
    for entry in entries:
        if entry.qualified_only:
            if len(ref.fields) > 1:
                out += [OutputColumn(name, merged) for name, merged in entry.merged.items()]
            continue
        if len(ref.fields) == 1:
            out += [OutputColumn(name, merged) for name, merged in entry.merged.items()]
        for i, c in enumerate(entry.columns):
            if c.name in entry.hidden and (len(ref.fields) == 1):
                continue
            scope.ctx.use_column(c)
            out.append(OutputColumn(c.name, entry.column(i), c.table_oid, c.attnum))
    return out


def _expand_fields(node: Any, scope: Scope) -> list[OutputColumn]:
    """``(expr).*``: one column per field of the composite, each selecting from the
    expression (evaluated once per field, as in PostgreSQL)."""
    from engine.binder import rows  # noqa: PLC0415

    inner = node.arg if len(node.indirection) == 1 else \
        ast.A_Indirection(arg=node.arg, indirection=node.indirection[:-1])
    base = E.bind_expr(inner, scope)
    desc = rows.record_desc(base)
    if desc is None:
        if base.type_oid == RECORD_OID:
            raise FeatureNotSupported(
                "(record).* of a record whose fields are known only at run time")
        raise EngineError(f"type {R.type_name(base.type_oid)} is not composite",
                          sqlstate="42809")
    return [OutputColumn(name, rows.select_field(base, name)) for name in desc.names]


def _expand_outer_star(alias: str, scope: Scope) -> list[OutputColumn]:
    """``alias.*`` of an enclosing query's FROM item (a LATERAL or correlated sub-select):
    each column read as an outer reference."""
    outer = scope.parent
    while outer is not None and not outer.has_alias(alias):
        outer = outer.parent
    if outer is None:
        scope.entry_named(alias)  # raises "missing FROM-clause entry"
        raise AssertionError("unreachable")
    entry = outer.entry_named(alias)
    names = list(entry.merged) if entry.qualified_only else [c.name for c in entry.columns]
    if len(set(names)) != len(names):
        raise FeatureNotSupported(f'"{alias}.*" of an enclosing query\'s item with duplicate '
                                  "column names")
    return [OutputColumn(name, scope.lookup([alias, name])) for name in names]


def _origin(expr: BoundExpr, scope: Scope) -> tuple[int, int]:
    if isinstance(expr, ColumnRef):
        for entry in scope.entries:
            if entry.offset <= expr.index < entry.offset + len(entry.columns):
                col = entry.columns[expr.index - entry.offset]
                return col.table_oid, col.attnum
    return 0, 0


def _bind_group(items: Any, outputs: list[OutputColumn],
                scope: Scope) -> tuple[list[BoundExpr], list[tuple[int, ...]] | None]:
    """The group keys, and for GROUPING SETS/ROLLUP/CUBE the keys present in each set: the
    cross product of the items' sets, in PostgreSQL's expansion (parse_agg.c)."""
    scope.clause = "GROUP BY"
    saved, scope.aggregates = scope.aggregates, None
    scope.srf_allowed = True  # a set-returning group key runs below the aggregation
    try:
        product: list[list[BoundExpr]] = [[]]
        for item in items:
            product = [a + b for a in product for b in _item_sets(item, outputs, scope)]
    finally:
        scope.aggregates = saved
        scope.srf_allowed = False
    group: list[BoundExpr] = []
    for s in product:
        for expr in s:
            if expr not in group:
                group.append(expr)
    sets = [tuple(sorted({group.index(e) for e in s})) for s in product]
    if len(sets) == 1:  # a plain GROUP BY (or GROUP BY ())
        return group, None
    return group, sets


def _item_sets(item: Any, outputs: list[OutputColumn], scope: Scope,
               in_set: bool = False) -> list[list[BoundExpr]]:
    K = enums.GroupingSetKind
    if in_set and isinstance(item, ast.RowExpr):  # (a, b) inside ROLLUP/CUBE/GROUPING SETS
        return [[e for x in item.args for s in _item_sets(x, outputs, scope) for e in s]]
    if not isinstance(item, ast.GroupingSet):
        expr = _output_reference(item, outputs, scope, "GROUP BY")
        if expr.type_oid == UNKNOWN_OID:
            expr = E.coerce(expr, TEXT_OID, scope)
        return [[expr]]
    if item.kind == K.GROUPING_SET_EMPTY:
        return [[]]
    if item.kind == K.GROUPING_SET_SIMPLE:
        return [[e for x in item.content for s in _item_sets(x, outputs, scope, True)
                 for e in s]]
    if item.kind == K.GROUPING_SET_SETS:
        return [s for x in item.content for s in _item_sets(x, outputs, scope, True)]
    elems = [[e for s in _item_sets(x, outputs, scope, True) for e in s]
             for x in item.content]
    if item.kind == K.GROUPING_SET_ROLLUP:
        return [[e for el in elems[:n] for e in el] for n in range(len(elems), -1, -1)]
    if len(elems) > 12:
        raise EngineError("CUBE is limited to 12 elements", sqlstate="54001")
    out = []  # CUBE: every subset
    for mask in range(2 ** len(elems) - 1, -1, -1):
        out.append([e for i, el in enumerate(elems) if mask >> (len(elems) - 1 - i) & 1
                    for e in el])
    return out


def _expand_grouped_srfs(query: BoundQuery, scope: Scope) -> None:
    """A set-returning function used as a group key runs below the aggregation (a
    ProjectSet appending its values to each FROM row); the query then reads those columns."""
    assert query.group is not None
    if query.grouping_sets is not None or query.windows:
        raise FeatureNotSupported("a set-returning function as a group key with grouping "
                                  "sets or window functions is not supported yet")
    srfs = [g for g in query.group if isinstance(g, SrfCall)]
    width = scope.width
    cols = [ColumnRef(e.offset + i, c.type_oid, c.name, c.typmod)
            for e in scope.entries for i, c in enumerate(e.columns)]
    query.source = P.ProjectSet(query.source, (*cols, *srfs))
    replaced = {id(f): ColumnRef(width + k, f.type_oid, f.name, f.typmod)
                for k, f in enumerate(srfs)}

    def swap(expr: BoundExpr) -> BoundExpr:
        if isinstance(expr, SrfCall):
            for f in srfs:
                if expr == f:
                    return replaced[id(f)]
        return _map_children(expr, swap)

    query.group = [swap(g) for g in query.group]
    query.outputs = [replace(o, expr=swap(o.expr)) for o in query.outputs]
    query.junk = [swap(j) for j in query.junk]
    if query.having is not None:
        query.having = swap(query.having)


def _has_grouping_call(query: BoundQuery) -> bool:
    found = False

    def visit(expr: BoundExpr) -> BoundExpr:
        nonlocal found
        if isinstance(expr, GroupingCall):
            found = True
            return expr
        return _map_children(expr, visit)

    for e in [o.expr for o in query.outputs] + query.junk + (
            [query.having] if query.having is not None else []):
        visit(e)
    return found


def _output_reference(node: Any, outputs: list[OutputColumn], scope: Scope,
                      clause: str) -> BoundExpr:
    """An ORDER BY / GROUP BY item: an output position, an output name (only when it is not
    an input column, for GROUP BY), or an expression (findTargetlistEntrySQL92)."""
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.Integer):
        pos = node.val.ival
        if not 1 <= pos <= len(outputs):
            raise EngineError(f"{clause} position {pos} is not in select list",
                              sqlstate="42P10")
        return outputs[pos - 1].expr
    if isinstance(node, ast.ColumnRef) and len(node.fields) == 1 and isinstance(
            node.fields[0], ast.String):
        name = str(node.fields[0].sval)
        matches = [o for o in outputs if o.name == name]
        if clause == "GROUP BY":
            try:
                return scope.lookup([name])
            except EngineError:
                if matches:
                    return matches[0].expr
                raise
        if len(matches) > 1 and any(m.expr != matches[0].expr for m in matches):
            raise EngineError(f'ORDER BY "{name}" is ambiguous', sqlstate="42702")
        if matches:
            return matches[0].expr
    return E.bind_expr(node, scope)


def _bind_order(items: Any, query: BoundQuery, scope: Scope, distinct: bool) -> None:
    for sortby in items:
        if sortby.sortby_dir == enums.SortByDir.SORTBY_USING:
            raise FeatureNotSupported("ORDER BY ... USING is not supported yet")
        expr = _output_reference(sortby.node, query.outputs, scope, "ORDER BY")
        if expr.type_oid == UNKNOWN_OID:
            expr = E.coerce(expr, TEXT_OID, scope)
        R.resolve_operator("<", expr.type_oid, expr.type_oid)  # must be orderable
        scope.ctx.check_ordering(expr.type_oid)
        index = _column_index(expr, query)
        if index is None:
            if distinct:
                raise EngineError("for SELECT DISTINCT, ORDER BY expressions must appear in "
                                  "select list", sqlstate="42P10")
            query.junk.append(expr)
            index = len(query.outputs) + len(query.junk) - 1
        desc = sortby.sortby_dir == enums.SortByDir.SORTBY_DESC
        nulls = sortby.sortby_nulls
        nulls_first = desc if nulls == enums.SortByNulls.SORTBY_NULLS_DEFAULT else \
            nulls == enums.SortByNulls.SORTBY_NULLS_FIRST
        query.order.append(OrderItem(index, desc, nulls_first))


def _column_index(expr: BoundExpr, query: BoundQuery) -> int | None:
    for i, o in enumerate(query.outputs):
        if o.expr == expr:
            return i
    for j, k in enumerate(query.junk):
        if k == expr:
            return len(query.outputs) + j
    return None


def _bind_distinct(clause: Any, query: BoundQuery, scope: Scope) -> None:
    if clause is None:
        return
    if len(clause) == 1 and clause[0] is None:  # DISTINCT (no ON)
        query.distinct = True
        return
    if any(isinstance(o.expr, SrfCall) for o in query.outputs):
        # PostgreSQL may take DISTINCT ON before or after expanding the set-returning
        # function, depending on the keys
        raise FeatureNotSupported("DISTINCT ON with a set-returning function in the select "
                                  "list is not supported yet")
    on: list[int] = []
    for node in clause:
        expr = _output_reference(node, query.outputs, scope, "DISTINCT ON")
        index = _column_index(expr, query)
        if index is None:
            query.junk.append(expr)
            index = len(query.outputs) + len(query.junk) - 1
        on.append(index)
    lead = [o.index for o in query.order[:len(on)]]
    if query.order and sorted(lead) != sorted(on[:len(lead)]):
        raise EngineError("SELECT DISTINCT ON expressions must match initial ORDER BY "
                          "expressions", sqlstate="42P10")
    query.distinct_on = on


def _bind_limits(stmt: Any, query: BoundQuery, scope: Scope) -> None:
    for attr, clause in (("limitCount", "LIMIT"), ("limitOffset", "OFFSET")):
        node = getattr(stmt, attr)
        if node is None:
            continue
        lscope = Scope(scope.ctx, [], None, clause, scope.parent)
        expr = E.bind_expr(node, lscope)
        if isinstance(node, ast.A_Const) and node.isnull:
            expr = Const(None, 20)
        else:
            expr = E.coerce(expr, 20, lscope)
        setattr(query, "limit" if clause == "LIMIT" else "offset", expr)


# --- grouping: rewrite expressions over the Aggregate node's output ------------------------


def _apply_grouping(query: BoundQuery) -> None:
    group = query.group or []
    ngroup = len(group)
    sets = query.grouping_sets
    set_column = ngroup + len(query.aggregates)

    def grouping(call: GroupingCall) -> BoundExpr:
        bits = []
        for arg in call.args:
            if arg not in group:
                raise GroupingError("arguments to GROUPING must be grouping expressions of "
                                    "the associated query level")
            bits.append(group.index(arg))
        if sets is None:
            return Const(0, INT4_OID)
        table = tuple(sum(1 << (len(bits) - 1 - j) for j, i in enumerate(bits)
                          if i not in present) for present in sets)
        return FuncExpr("grouping", table.__getitem__,
                        (ColumnRef(set_column, INT4_OID, "grouping set"),), INT4_OID)

    def rewrite(expr: BoundExpr) -> BoundExpr:
        if isinstance(expr, GroupingCall):
            return grouping(expr)
        for i, g in enumerate(group):
            if expr == g:
                return ColumnRef(i, g.type_oid, str(g), g.typmod)
        if isinstance(expr, AggRef):
            return ColumnRef(ngroup + expr.index, expr.type_oid, f"agg{expr.index}")
        if isinstance(expr, WindowRef):
            return expr
        if isinstance(expr, ColumnRef):
            raise GroupingError(
                f'column "{expr.name}" must appear in the GROUP BY clause or be used in an '
                "aggregate function")
        if isinstance(expr, RowExpr) and expr.whole_row_of:
            # a whole-row reference is one Var: grouped as a whole or not at all
            raise GroupingError(
                f'column "{expr.whole_row_of}.*" must appear in the GROUP BY clause or be used '
                "in an aggregate function")
        return _map_children(expr, rewrite)

    query.outputs = [replace(o, expr=rewrite(o.expr)) for o in query.outputs]
    # an ordered-set aggregate's direct arguments are evaluated once per group, over the
    # group's row: like the select list they may read only grouped columns
    query.aggregates = [replace(a, direct_args=tuple(rewrite(d) for d in a.direct_args))
                        if a.direct_args else a for a in query.aggregates]
    query.junk = [rewrite(j) for j in query.junk]
    if query.having is not None:
        query.having = rewrite(query.having)
    query.windows = [_rewrite_window(w, rewrite) for w in query.windows]


def _rewrite_window(w: WindowCall, fn: Any) -> WindowCall:
    from engine.binder.bound import SortKey  # noqa: PLC0415

    agg = w.agg
    if agg is not None:
        agg = replace(agg, args=tuple(fn(a) for a in agg.args),
                      filter=fn(agg.filter) if agg.filter is not None else None)
    return replace(
        w, args=tuple(fn(a) for a in w.args), partition=tuple(fn(p) for p in w.partition),
        order=tuple(SortKey(fn(k.expr), k.descending, k.nulls_first) for k in w.order),
        filter=fn(w.filter) if w.filter is not None else None, agg=agg)


def _map_children(expr: BoundExpr, fn: Any) -> BoundExpr:
    from engine.binder import bound as B  # noqa: PLC0415

    if isinstance(expr, B.FuncExpr | B.SrfCall | B.GroupingCall):
        return replace(expr, args=tuple(fn(a) for a in expr.args))
    if isinstance(expr, B.BoolOp):
        return replace(expr, args=tuple(fn(a) for a in expr.args))
    if isinstance(expr, B.NullTest):
        return replace(expr, arg=fn(expr.arg))
    if isinstance(expr, B.CaseExpr):
        return replace(expr, whens=tuple((fn(c), fn(r)) for c, r in expr.whens),
                       default=fn(expr.default))
    if isinstance(expr, B.CoalesceExpr | B.MinMaxExpr):
        return replace(expr, args=tuple(fn(a) for a in expr.args))
    if isinstance(expr, B.ArrayExpr):
        return replace(expr, elems=tuple(fn(a) for a in expr.elems))
    if isinstance(expr, B.ScalarArrayOp):
        return replace(expr, left=fn(expr.left), right=fn(expr.right))
    if isinstance(expr, B.SubqueryExpr):
        return replace(expr, left=fn(expr.left)) if expr.left is not None else expr
    if isinstance(expr, B.RowExpr):
        return replace(expr, args=tuple(fn(a) for a in expr.args))
    if isinstance(expr, B.FieldSelect):
        return replace(expr, arg=fn(expr.arg))
    return expr


# --- VALUES and set operations --------------------------------------------------------------


def _bind_values_query(stmt: Any, ctx: BindContext, parent: Scope | None) -> BoundQuery:
    scope = Scope(ctx, [], None, "VALUES", parent)
    rows = [[E.bind_expr(v, scope) for v in row] for row in stmt.valuesLists]
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise EngineError("VALUES lists must all be the same length", sqlstate="42601")
    types = [R.select_common_type([r[i].type_oid for r in rows], "VALUES")
             for i in range(width)]
    bound_rows = tuple(tuple(E.coerce(r[i], types[i], scope) for i in range(width))
                       for r in rows)
    outputs = [OutputColumn(f"column{i + 1}", ColumnRef(i, t, f"column{i + 1}"))
               for i, t in enumerate(types)]
    query = BoundQuery(P.ValuesScan(bound_rows), outputs)
    vscope = Scope(ctx, [RangeEntry(None, [RangeColumn(o.name, o.expr.type_oid)
                                           for o in outputs])], None, "ORDER BY", parent)
    _bind_order(stmt.sortClause or (), query, vscope, False)
    _bind_limits(stmt, query, vscope)
    return query


def _bind_setop(stmt: Any, ctx: BindContext, parent: Scope | None) -> BoundQuery:
    ops = {enums.SetOperation.SETOP_UNION: "UNION", enums.SetOperation.SETOP_INTERSECT:
           "INTERSECT", enums.SetOperation.SETOP_EXCEPT: "EXCEPT"}
    left = _bind_any(stmt.larg, ctx, parent)
    right = _bind_any(stmt.rarg, ctx, parent)
    if len(left.outputs) != len(right.outputs):
        raise EngineError(f"each {ops[stmt.op]} query must have the same number of columns",
                          sqlstate="42601")
    types = [R.select_common_type([lo.expr.type_oid, ro.expr.type_oid], ops[stmt.op])
             for lo, ro in zip(left.outputs, right.outputs, strict=True)]
    from engine.plan.planner import plan_query  # noqa: PLC0415

    scope = Scope(ctx, [], None, ops[stmt.op], parent)
    lplan = _coerced_plan(plan_query(left), [o.expr.type_oid for o in left.outputs], types, scope)
    rplan = _coerced_plan(plan_query(right), [o.expr.type_oid for o in right.outputs], types,
                          scope)
    outputs = [OutputColumn(lo.name, ColumnRef(i, t, lo.name))
               for i, (lo, t) in enumerate(zip(left.outputs, types, strict=True))]
    query = BoundQuery(None, outputs, setop=(ops[stmt.op], bool(stmt.all), lplan, rplan))
    oscope = Scope(ctx, [RangeEntry(None, [RangeColumn(o.name, o.expr.type_oid)
                                           for o in outputs])], None, "ORDER BY", parent)
    for sortby in stmt.sortClause or ():
        node = sortby.node
        if not (isinstance(node, ast.A_Const) or (isinstance(node, ast.ColumnRef)
                                                   and len(node.fields) == 1)):
            raise EngineError("invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                              sqlstate="0A000")
    _bind_order(stmt.sortClause or (), query, oscope, False)
    _bind_limits(stmt, query, oscope)
    return query


def _coerced_plan(plan: Any, have: list[int], want: list[int], scope: Scope) -> Any:
    if have == want:
        return plan
    exprs = tuple(E.coerce(ColumnRef(i, h, f"c{i}"), w, scope) if h != w
                  else ColumnRef(i, h, f"c{i}") for i, (h, w) in enumerate(zip(have, want,
                                                                              strict=True)))
    return P.Project(plan, exprs)


def _check_params_resolved(params: list[int]) -> None:
    for i, oid in enumerate(params, start=1):
        if oid in (0, UNKNOWN_OID):
            raise EngineError(f"could not determine data type of parameter ${i}",
                              sqlstate="42P18")


def bind_subquery(stmt: Any, scope: Scope) -> tuple[Any, list[int]]:
    """A sub-select inside an expression: its plan and column types (uncorrelated only)."""
    from engine.plan.planner import plan_query  # noqa: PLC0415

    query = _bind_any(stmt, scope.ctx, scope)
    return plan_query(query), [o.expr.type_oid for o in query.outputs]


E.SUBQUERY_BINDER.append(bind_subquery)

__all__ = ["Bound", "BoundQuery", "bind_statement", "sort_key"]
