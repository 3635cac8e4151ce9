"""Binding of SELECT statements and their expressions (pglast tree → ``BoundSelect``).

Supported so far: one table or no FROM; column lists, ``*``, WHERE, ORDER BY (names, output
positions, expressions), LIMIT/OFFSET, arithmetic/comparison/boolean expressions, IN lists,
BETWEEN, IS [NOT] NULL, casts, ``count(*)`` and a few system functions. Every other node is
refused with 0A000 naming it (dispatch by node class through ``EXPR_BINDERS``; a miss refuses).

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pglast import ast, enums

from engine import types as T
from engine.binder.bound import (
    BOOL_OID,
    INT4_OID,
    INT8_OID,
    NUMERIC_OID,
    TEXT_OID,
    UNKNOWN_OID,
    AggCall,
    AggRef,
    BoolOp,
    BoundExpr,
    BoundSelect,
    ColumnRef,
    Const,
    FuncExpr,
    NullTest,
    OutputColumn,
    Param,
    SortKey,
)
from engine.binder.functions import lookup_function
from engine.binder.resolve import coerce, resolve_binary, type_name
from engine.binder.typesupport import encode_typmod, unary_operator
from engine.catalog import Catalog, TableDef
from engine.errors import (
    AmbiguousColumn,
    DatatypeMismatch,
    EngineError,
    FeatureNotSupported,
    GroupingError,
    UndefinedColumn,
)

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1


@dataclass
class Scope:
    """Names visible to expressions: the FROM item (if any) and its columns."""

    table: TableDef | None
    alias: str | None
    settings: T.FormatSettings = T.DEFAULT_SETTINGS
    params: list[int] = field(default_factory=list)  # declared/inferred $n types
    aggregates: list[AggCall] | None = None  # None: aggregates not allowed here
    where_clause: str = "SELECT"


def bind_select(stmt: Any, catalog: Catalog, search_path: tuple[str, ...],
                param_types: list[int], settings: T.FormatSettings) -> BoundSelect:
    _refuse_unsupported_clauses(stmt)
    table, alias = _bind_from(stmt.fromClause, catalog, search_path)
    scope = Scope(table, alias, settings, params=param_types, aggregates=[])
    outputs = _bind_targets(stmt.targetList or (), scope)
    where = None
    if stmt.whereClause is not None:
        wscope = Scope(table, alias, settings, params=param_types, aggregates=None,
                       where_clause="WHERE")
        where = _require_bool(bind_expr(stmt.whereClause, wscope), "WHERE", wscope)
    sort = [_bind_sort(s, outputs, scope) for s in (stmt.sortClause or ())]
    aggs = scope.aggregates or []
    if aggs:
        _check_grouping(outputs, sort)
    limit = _bind_limit(stmt.limitCount, scope, "LIMIT")
    offset = _bind_limit(stmt.limitOffset, scope, "OFFSET")
    # an unknown-typed output (SELECT 'a') resolves to text
    outputs = [replace(o, expr=coerce(o.expr, TEXT_OID, settings))
               if o.expr.type_oid == UNKNOWN_OID else o for o in outputs]
    _check_params_resolved(param_types)
    return BoundSelect(
        table_oid=table.oid if table else None,
        table_name=table.qualified_name if table else None,
        outputs=outputs, where=where, aggregates=aggs, sort=sort, limit=limit, offset=offset,
        param_types=param_types,
    )


def _refuse_unsupported_clauses(stmt: Any) -> None:
    checks: list[tuple[str, Any]] = [
        ("WITH", stmt.withClause), ("GROUP BY", stmt.groupClause), ("HAVING", stmt.havingClause),
        ("DISTINCT", stmt.distinctClause), ("VALUES", stmt.valuesLists),
        ("SELECT INTO", stmt.intoClause), ("FOR UPDATE/SHARE", stmt.lockingClause),
        ("WINDOW", stmt.windowClause),
    ]
    for name, clause in checks:
        if clause:
            raise FeatureNotSupported(f"{name} is not supported yet")
    if stmt.op != enums.SetOperation.SETOP_NONE:
        raise FeatureNotSupported(f"set operation {stmt.op.name[6:]} is not supported yet")
    if stmt.limitOption == enums.LimitOption.LIMIT_OPTION_WITH_TIES:
        raise FeatureNotSupported("FETCH ... WITH TIES is not supported yet")


def _bind_from(from_clause: Any, catalog: Catalog,
               search_path: tuple[str, ...]) -> tuple[TableDef | None, str | None]:
    if not from_clause:
        return None, None
    if len(from_clause) > 1:
        raise FeatureNotSupported("more than one FROM item (joins) is not supported yet")
    item = from_clause[0]
    if not isinstance(item, ast.RangeVar):
        raise FeatureNotSupported(f"FROM item {type(item).__name__} is not supported yet")
    if item.catalogname:
        raise FeatureNotSupported("cross-database references are not implemented")
    if not item.inh:
        raise FeatureNotSupported("FROM ONLY is not supported yet")
    if item.alias is not None and item.alias.colnames:
        raise FeatureNotSupported("column aliases in FROM are not supported yet")
    table = catalog.lookup(item.schemaname, item.relname, search_path)
    return table, item.alias.aliasname if item.alias is not None else None


def _bind_targets(targets: Any, scope: Scope) -> list[OutputColumn]:
    outputs: list[OutputColumn] = []
    for target in targets:
        val = target.val
        if isinstance(val, ast.ColumnRef) and isinstance(val.fields[-1], ast.A_Star):
            outputs.extend(_expand_star(val, scope))
            continue
        expr = bind_expr(val, scope)
        name = target.name or figure_colname(val)
        tbl, att = _origin(expr, scope)
        outputs.append(OutputColumn(name, expr, tbl, att))
    return outputs


def _expand_star(ref: Any, scope: Scope) -> list[OutputColumn]:
    if scope.table is None:
        raise EngineError("SELECT * with no tables specified is not valid", sqlstate="42601")
    if len(ref.fields) == 2:
        _check_qualifier(ref.fields[0].sval, scope)
    elif len(ref.fields) > 2:
        raise FeatureNotSupported("qualified * beyond table.* is not supported yet")
    t = scope.table
    return [OutputColumn(c.name, ColumnRef(i, c.type_oid, c.name, c.typmod), t.oid, c.attnum)
            for i, c in enumerate(t.columns)]


def _origin(expr: BoundExpr, scope: Scope) -> tuple[int, int]:
    if isinstance(expr, ColumnRef) and scope.table is not None:
        return scope.table.oid, scope.table.columns[expr.index].attnum
    return 0, 0


def _check_qualifier(qual: str, scope: Scope) -> None:
    t = scope.table
    assert t is not None
    expected = scope.alias or t.name
    if qual != expected:
        raise EngineError(f'missing FROM-clause entry for table "{qual}"', sqlstate="42P01")


def _require_bool(expr: BoundExpr, clause: str, scope: Scope) -> BoundExpr:
    if expr.type_oid == UNKNOWN_OID:
        return coerce(expr, BOOL_OID, scope.settings)
    if expr.type_oid != BOOL_OID:
        raise DatatypeMismatch(
            f"argument of {clause} must be type boolean, not type {type_name(expr.type_oid)}"
        )
    return expr


def _bind_sort(sortby: Any, outputs: list[OutputColumn], scope: Scope) -> SortKey:
    if sortby.sortby_dir == enums.SortByDir.SORTBY_USING:
        raise FeatureNotSupported("ORDER BY ... USING is not supported yet")
    node = sortby.node
    expr: BoundExpr | None = None
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.Integer):
        pos = node.val.ival
        if not 1 <= pos <= len(outputs):
            raise EngineError(f"ORDER BY position {pos} is not in select list", sqlstate="42P10")
        expr = outputs[pos - 1].expr
    elif isinstance(node, ast.ColumnRef) and len(node.fields) == 1 and isinstance(
        node.fields[0], ast.String
    ):
        # An output column name wins over an input column name (SQL92 rule, parse_clause.c).
        matches = [o for o in outputs if o.name == node.fields[0].sval]
        if len(matches) > 1 and any(m.expr != matches[0].expr for m in matches):
            raise AmbiguousColumn(f'ORDER BY "{node.fields[0].sval}" is ambiguous')
        if matches:
            expr = matches[0].expr
    if expr is None:
        expr = bind_expr(node, scope)
    if expr.type_oid == UNKNOWN_OID:
        expr = coerce(expr, TEXT_OID, scope.settings)
    desc = sortby.sortby_dir == enums.SortByDir.SORTBY_DESC
    nulls = sortby.sortby_nulls
    if nulls == enums.SortByNulls.SORTBY_NULLS_DEFAULT:
        nulls_first = desc  # NULLs sort as larger than any value
    else:
        nulls_first = nulls == enums.SortByNulls.SORTBY_NULLS_FIRST
    return SortKey(expr, desc, nulls_first)


def _check_grouping(outputs: list[OutputColumn], sort: list[SortKey]) -> None:
    for expr in [o.expr for o in outputs] + [s.expr for s in sort]:
        col = _find_column(expr)
        if col is not None:
            raise GroupingError(
                f'column "{col}" must appear in the GROUP BY clause or be used in an '
                "aggregate function"
            )


def _find_column(expr: BoundExpr) -> str | None:
    if isinstance(expr, ColumnRef):
        return expr.name
    for child in getattr(expr, "args", ()) or ():
        found = _find_column(child)
        if found is not None:
            return found
    if isinstance(expr, NullTest):
        return _find_column(expr.arg)
    return None


def _bind_limit(node: Any, scope: Scope, clause: str) -> BoundExpr | None:
    if node is None:
        return None
    expr = bind_expr(node, Scope(None, None, scope.settings, params=scope.params,
                                 where_clause=clause))
    if isinstance(node, ast.A_Const) and node.isnull:
        return Const(None, INT8_OID)
    return coerce(expr, INT8_OID, scope.settings)


def _check_params_resolved(param_types: list[int]) -> None:
    for i, oid in enumerate(param_types, start=1):
        if oid in (0, UNKNOWN_OID):
            raise EngineError(f"could not determine data type of parameter ${i}",
                              sqlstate="42P18")


# --- expressions -------------------------------------------------------------------------------

ExprBinder = Callable[[Any, Scope], BoundExpr]
EXPR_BINDERS: dict[type, ExprBinder] = {}


def binds(node_type: type) -> Callable[[ExprBinder], ExprBinder]:
    def register(fn: ExprBinder) -> ExprBinder:
        EXPR_BINDERS[node_type] = fn
        return fn

    return register


def bind_expr(node: Any, scope: Scope) -> BoundExpr:
    binder = EXPR_BINDERS.get(type(node))
    if binder is None:
        raise FeatureNotSupported(f"expression {type(node).__name__} is not supported yet")
    return binder(node, scope)


@binds(ast.A_Const)
def _bind_const(node: Any, scope: Scope) -> BoundExpr:
    if node.isnull:
        return Const(None, UNKNOWN_OID)
    val = node.val
    if isinstance(val, ast.Integer):
        return Const(val.ival, INT4_OID)
    if isinstance(val, ast.Float):
        return _numeric_literal(val.fval)
    if isinstance(val, ast.String):
        return Const(val.sval, UNKNOWN_OID)
    if isinstance(val, ast.Boolean):
        return Const(bool(val.boolval), BOOL_OID)
    raise FeatureNotSupported(f"literal {type(val).__name__} is not supported yet")


def _numeric_literal(text: str) -> Const:
    """A numeric-looking literal too big for int4 or with a fraction (make_const in
    parse_node.c): int8 when it is an integer that fits, numeric otherwise."""
    if text.isdigit() or (text[:1] == "-" and text[1:].isdigit()):
        value = int(text)
        if INT8_MIN <= value <= INT8_MAX:
            return Const(value, INT8_OID)
    return Const(T.type_by_oid(NUMERIC_OID).input(text, -1), NUMERIC_OID)


@binds(ast.ParamRef)
def _bind_param(node: Any, scope: Scope) -> BoundExpr:
    n = node.number
    while len(scope.params) < n:
        scope.params.append(0)
    oid = scope.params[n - 1]
    return Param(n, oid if oid else UNKNOWN_OID)


@binds(ast.ColumnRef)
def _bind_column(node: Any, scope: Scope) -> BoundExpr:
    names = [f.sval if isinstance(f, ast.String) else "*" for f in node.fields]
    if "*" in names:
        raise FeatureNotSupported("* in an expression is not supported")
    if len(names) > 2:
        raise FeatureNotSupported("schema-qualified column references are not supported yet")
    colname = names[-1]
    if scope.table is None:
        raise UndefinedColumn(f'column "{colname}" does not exist')
    if len(names) == 2:
        _check_qualifier(names[0], scope)
    idx = scope.table.column_index(colname)
    if idx is None:
        raise UndefinedColumn(f'column "{colname}" does not exist')
    col = scope.table.columns[idx]
    return ColumnRef(idx, col.type_oid, col.name, col.typmod)


@binds(ast.TypeCast)
def _bind_typecast(node: Any, scope: Scope) -> BoundExpr:
    target, typmod = resolve_typename(node.typeName)
    arg = bind_expr(node.arg, scope)
    if isinstance(arg, Param) and arg.type_oid == UNKNOWN_OID:
        scope.params[arg.number - 1] = target
        return coerce(Param(arg.number, target), target, scope.settings, typmod, explicit=True)
    return coerce(arg, target, scope.settings, typmod, explicit=True)


def resolve_typename(tn: Any) -> tuple[int, int]:
    if tn.arrayBounds:
        raise FeatureNotSupported("array types are not supported yet")
    if tn.setof or tn.pct_type:
        raise FeatureNotSupported("SETOF/%TYPE type names are not supported")
    names = [n.sval for n in tn.names]
    pgtype = T.type_by_name(".".join(names))
    mods = []
    for m in tn.typmods or ():
        if not (isinstance(m, ast.A_Const) and isinstance(m.val, ast.Integer)):
            raise FeatureNotSupported("non-integer type modifiers are not supported")
        mods.append(m.val.ival)
    typmod = encode_typmod(pgtype, mods) if mods else -1
    return pgtype.oid, typmod


@binds(ast.BoolExpr)
def _bind_boolexpr(node: Any, scope: Scope) -> BoundExpr:
    op = {enums.BoolExprType.AND_EXPR: "AND", enums.BoolExprType.OR_EXPR: "OR",
          enums.BoolExprType.NOT_EXPR: "NOT"}[node.boolop]
    args = tuple(_require_bool(bind_expr(a, scope), op, scope) for a in node.args)
    return BoolOp(op, args)


@binds(ast.NullTest)
def _bind_nulltest(node: Any, scope: Scope) -> BoundExpr:
    if node.argisrow:
        raise FeatureNotSupported("row-valued IS NULL is not supported yet")
    arg = bind_expr(node.arg, scope)
    return NullTest(arg, node.nulltesttype == enums.NullTestType.IS_NOT_NULL)


@binds(ast.A_Expr)
def _bind_a_expr(node: Any, scope: Scope) -> BoundExpr:
    kind = node.kind
    if kind == enums.A_Expr_Kind.AEXPR_OP:
        op = _operator_name(node.name)
        if node.lexpr is None:
            return _bind_unary(op, bind_expr(node.rexpr, scope), scope)
        return make_binary(op, bind_expr(node.lexpr, scope), bind_expr(node.rexpr, scope), scope)
    if kind == enums.A_Expr_Kind.AEXPR_IN:
        return _bind_in(node, scope)
    if kind in (enums.A_Expr_Kind.AEXPR_BETWEEN, enums.A_Expr_Kind.AEXPR_NOT_BETWEEN):
        # x BETWEEN a AND b is exactly (x >= a AND x <= b) in the grammar (gram.y).
        lo, hi = node.rexpr
        x1, x2 = bind_expr(node.lexpr, scope), bind_expr(node.lexpr, scope)
        if kind == enums.A_Expr_Kind.AEXPR_BETWEEN:
            return BoolOp("AND", (make_binary(">=", x1, bind_expr(lo, scope), scope),
                                  make_binary("<=", x2, bind_expr(hi, scope), scope)))
        return BoolOp("OR", (make_binary("<", x1, bind_expr(lo, scope), scope),
                             make_binary(">", x2, bind_expr(hi, scope), scope)))
    raise FeatureNotSupported(f"expression kind {kind.name} is not supported yet")


def _operator_name(names: Any) -> str:
    parts = [n.sval for n in names]
    if len(parts) == 2 and parts[0] == "pg_catalog":
        return parts[1]
    if len(parts) != 1:
        raise FeatureNotSupported(f"operator {'.'.join(parts)} is not supported")
    return parts[0]


def _bind_in(node: Any, scope: Scope) -> BoundExpr:
    op = _operator_name(node.name)
    if not isinstance(node.rexpr, (list, tuple)):
        raise FeatureNotSupported("IN (subquery) is not supported yet")
    # x IN (a, b) is x = a OR x = b; x NOT IN (a, b) is x <> a AND x <> b (parse_expr.c).
    items = tuple(make_binary(op, bind_expr(node.lexpr, scope), bind_expr(r, scope), scope)
                  for r in node.rexpr)
    if len(items) == 1:
        return items[0]
    return BoolOp("OR" if op == "=" else "AND", items)


def _bind_unary(op: str, arg: BoundExpr, scope: Scope) -> BoundExpr:
    if arg.type_oid == UNKNOWN_OID:
        raise FeatureNotSupported(f"prefix operator {op} on an unknown-type literal")
    res, impl = unary_operator(op, arg.type_oid)
    return FuncExpr(op, impl, (arg,), res)


def make_binary(op: str, left: BoundExpr, right: BoundExpr, scope: Scope) -> BoundExpr:
    lt, rt, res, impl = resolve_binary(op, left.type_oid, right.type_oid)
    left = _coerce_operand(left, lt, scope)
    right = _coerce_operand(right, rt, scope)
    folded = FuncExpr(op, impl, (left, right), res)
    return folded


def _coerce_operand(expr: BoundExpr, target: int, scope: Scope) -> BoundExpr:
    if isinstance(expr, Param) and expr.type_oid == UNKNOWN_OID:
        scope.params[expr.number - 1] = target
        return Param(expr.number, target)
    return coerce(expr, target, scope.settings)


@binds(ast.FuncCall)
def _bind_funccall(node: Any, scope: Scope) -> BoundExpr:
    names = [n.sval for n in node.funcname]
    if len(names) == 2 and names[0] == "pg_catalog":
        names = names[1:]
    name = ".".join(names)
    unsupported = [
        ("OVER", node.over), ("WITHIN GROUP", node.agg_within_group), ("FILTER", node.agg_filter),
        ("ORDER BY in an aggregate", node.agg_order), ("VARIADIC", node.func_variadic),
    ]
    for what, present in unsupported:
        if present:
            raise FeatureNotSupported(f"{what} is not supported yet")
    if name == "count" and node.agg_star:
        return _bind_count_star(scope)
    if node.agg_star or node.agg_distinct:
        raise FeatureNotSupported(f"aggregate {name} is not supported yet")
    args = tuple(bind_expr(a, scope) for a in node.args or ())
    return lookup_function(name, args, scope.settings)


def _bind_count_star(scope: Scope) -> BoundExpr:
    if scope.aggregates is None:
        raise GroupingError(
            f"aggregate functions are not allowed in {scope.where_clause}", sqlstate="42803"
        )
    scope.aggregates.append(AggCall("count", True, INT8_OID))
    return AggRef(len(scope.aggregates) - 1, INT8_OID)


@binds(ast.SQLValueFunction)
def _bind_sqlvaluefunction(node: Any, scope: Scope) -> BoundExpr:
    raise FeatureNotSupported(f"{node.op.name[5:].lower()} is not supported yet")


# --- output column names (FigureColname in parse_target.c) -------------------------------------

def figure_colname(node: Any) -> str:
    name, _ = _figure(node)
    return name if name is not None else "?column?"


def _figure(node: Any) -> tuple[str | None, int]:
    """(name, strength) as FigureColnameInternal: 2 = a real name, 1 = a fallback."""
    if isinstance(node, ast.ColumnRef):
        last = node.fields[-1]
        return (last.sval, 2) if isinstance(last, ast.String) else (None, 0)
    if isinstance(node, ast.FuncCall):
        return str(node.funcname[-1].sval), 2
    if isinstance(node, ast.TypeCast):
        name, strength = _figure(node.arg)
        if strength <= 1:
            return str(node.typeName.names[-1].sval), 1
        return name, strength
    if isinstance(node, ast.CollateClause):
        return _figure(node.arg)
    if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_NULLIF:
        return "nullif", 2
    if isinstance(node, ast.CaseExpr):
        return "case", 1
    if isinstance(node, ast.CoalesceExpr):
        return "coalesce", 2
    return None, 0
