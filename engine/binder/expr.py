"""Binding of expressions: pglast expression nodes → typed ``BoundExpr`` trees.

Dispatch is by node class through ``EXPR_BINDERS``; a miss refuses with 0A000 naming the
node. Functions and operators resolve over the generated pg_proc/pg_operator catalog
(``engine.binder.resolve``) and run through their prosrc implementations.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

import pglast
from pglast import ast, enums

from engine import pgcat as C
from engine import types as T
from engine import usertypes
from engine.binder import resolve as R
from engine.binder import rows
from engine.binder.bound import (
    BOOL_OID,
    INT4_OID,
    INT8_OID,
    NUMERIC_OID,
    TEXT_OID,
    UNKNOWN_OID,
    AggCall,
    AggRef,
    ArrayExpr,
    BoolOp,
    BoundExpr,
    CaseExpr,
    CoalesceExpr,
    Const,
    FuncExpr,
    GroupingCall,
    MinMaxExpr,
    NullTest,
    Param,
    RowExpr,
    ScalarArrayOp,
    SortKey,
    SrfCall,
    SubqueryExpr,
    WindowCall,
    WindowRef,
)
from engine.binder.scope import (
    Scope,
    any_node,
    has_correlated_sublink,
    reads_local,
    reads_outer,
)
from engine.binder.typesupport import encode_typmod, sort_key
from engine.errors import (
    DatatypeMismatch,
    EngineError,
    FeatureNotSupported,
    GroupingError,
    UndefinedFunction,
    UndefinedObject,
)
from engine.types.records import RECORD_OID, RecordDesc, RecordValue, desc_of

INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1

ExprBinder = Callable[[Any, Scope], BoundExpr]
EXPR_BINDERS: dict[type, ExprBinder] = {}

# Set by engine.binder.query (it binds sub-selects; imported lazily to avoid a cycle).
SUBQUERY_BINDER: list[Callable[..., Any]] = []


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


def coerce(expr: BoundExpr, target: int, scope: Scope, typmod: int = -1, *,
           explicit: bool = False, context: str | None = None) -> BoundExpr:
    if target == RECORD_OID and expr.type_oid != UNKNOWN_OID and desc_of(expr.type_oid):
        return expr  # any composite is a record as it stands (can_coerce_type)
    if isinstance(expr, RowExpr) and expr.type_oid == RECORD_OID != target:
        desc = desc_of(target)
        if desc is not None:
            return rows.row_to_composite(
                expr, target, desc,
                lambda e, t, m: coerce(e, t, scope, m, explicit=explicit, context=context),
                scope)
    if isinstance(expr, Param) and expr.type_oid == UNKNOWN_OID:
        scope.ctx.params[expr.number - 1] = target
    return R.coerce(expr, target, scope.settings, typmod, explicit=explicit, context=context)


def require_bool(expr: BoundExpr, clause: str, scope: Scope) -> BoundExpr:
    if expr.type_oid == UNKNOWN_OID:
        return coerce(expr, BOOL_OID, scope)
    if expr.type_oid != BOOL_OID:
        raise DatatypeMismatch(
            f"argument of {clause} must be type boolean, not type {R.type_name(expr.type_oid)}"
        )
    return expr


# --- literals, params, columns ------------------------------------------------------------------


@binds(ast.A_Const)
def _bind_const(node: Any, scope: Scope) -> BoundExpr:
    if node.isnull:
        return Const(None, UNKNOWN_OID)
    val = node.val
    if isinstance(val, ast.Integer):
        return Const(val.ival, INT4_OID)
    if isinstance(val, ast.Float):
        return numeric_literal(str(val.fval))
    if isinstance(val, ast.String):
        return Const(val.sval, UNKNOWN_OID)
    if isinstance(val, ast.Boolean):
        return Const(bool(val.boolval), BOOL_OID)
    if isinstance(val, ast.BitString):
        return coerce(Const(val.bsval[1:] if val.bsval[:1] == "b" else val.bsval, UNKNOWN_OID),
                      1560, scope) if val.bsval[:1] == "b" else _hex_bits(val.bsval, scope)
    raise FeatureNotSupported(f"literal {type(val).__name__} is not supported yet")


def _hex_bits(text: str, scope: Scope) -> BoundExpr:
    return coerce(Const("X" + text[1:] if text[:1] == "x" else text, UNKNOWN_OID), 1560, scope)


_INT_LITERAL = re.compile(r"-?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)")
_BASES = {"x": 16, "o": 8, "b": 2}


def numeric_literal(text: str) -> Const:
    """A numeric literal the grammar could not make an int4 (make_const in parse_node.c): int8
    when it is an integer (decimal, 0x/0o/0b, underscores allowed) that fits, else numeric."""
    if _INT_LITERAL.fullmatch(text):
        negative = text.startswith("-")
        body = text.lstrip("-").replace("_", "")
        base = _BASES.get(body[1:2].lower(), 10) if body[:1] == "0" and len(body) > 1 else 10
        value = int(body[2:] if base != 10 else body, base)
        value = -value if negative else value
        if -(2**31) <= value < 2**31:  # e.g. -2147483648, which the grammar saw as a Float
            return Const(value, INT4_OID)
        if INT8_MIN <= value <= INT8_MAX:
            return Const(value, INT8_OID)
    return Const(T.type_by_oid(NUMERIC_OID).input(text, -1), NUMERIC_OID)


@binds(ast.ParamRef)
def _bind_param(node: Any, scope: Scope) -> BoundExpr:
    n = node.number
    params = scope.ctx.params
    if n > len(params) and not scope.ctx.infer_params:
        raise EngineError(f"there is no parameter ${n}", sqlstate="42P02")
    while len(params) < n:
        params.append(0)
    oid = params[n - 1]
    return Param(n, oid if oid else UNKNOWN_OID)


@binds(ast.ColumnRef)
def _bind_column(node: Any, scope: Scope) -> BoundExpr:
    names = [f.sval if isinstance(f, ast.String) else "*" for f in node.fields]
    if "*" in names:
        raise FeatureNotSupported("* in an expression is not supported yet")
    return scope.lookup(names)


# --- casts and type names -----------------------------------------------------------------------


def resolve_typename(tn: Any, scope: Scope | None = None) -> tuple[int, int]:
    if tn.setof or tn.pct_type:
        raise FeatureNotSupported("SETOF/%TYPE type names are not supported")
    names = [n.sval for n in tn.names]
    if names == ["char"]:  # the grammar leaves only a quoted "char" unqualified
        names = ['"char"']
    try:
        pgtype = T.type_by_name(".".join(names))
    except UndefinedObject:
        if scope is not None:
            scope.ctx.refuse_if_user_object("type", names[-1])
        raise
    mods = []
    for m in tn.typmods or ():
        if not (isinstance(m, ast.A_Const) and isinstance(m.val, ast.Integer)):
            raise FeatureNotSupported("non-integer type modifiers are not supported")
        mods.append(m.val.ival)
    typmod = encode_typmod(pgtype, mods) if mods else -1
    oid = pgtype.oid
    if oid == 1560 and not mods:  # a bare BIT means BIT(1) (gram.y)
        typmod = 1
    if tn.arrayBounds:
        arr = C.array_of(oid)
        if not arr:
            raise FeatureNotSupported(f"arrays of type {pgtype.name}")
        T.type_by_oid(arr)  # refuses when the array type is not supported
        return arr, typmod
    return oid, typmod


@binds(ast.TypeCast)
def _bind_typecast(node: Any, scope: Scope) -> BoundExpr:
    target, typmod = resolve_typename(node.typeName, scope)
    arg = bind_expr(node.arg, scope)
    if isinstance(arg, ArrayExpr) and arg.type_oid != target and C.element_of(target):
        # ARRAY[...]::T[] types the elements directly (transformArrayExpr with a target)
        return _retype_array(arg, target, scope)
    return coerce(arg, target, scope, typmod, explicit=True)


def _retype_array(arr: ArrayExpr, target: int, scope: Scope) -> BoundExpr:
    elem = C.element_of(target)
    if arr.multidim:
        elems = tuple(_retype_array(e, target, scope) if isinstance(e, ArrayExpr)
                      else coerce(e, target, scope, explicit=True) for e in arr.elems)
    else:
        elems = tuple(coerce(e, elem, scope, explicit=True) for e in arr.elems)
    return ArrayExpr(elems, elem, target, arr.multidim)


@binds(ast.CollateClause)
def _bind_collate(node: Any, scope: Scope) -> BoundExpr:
    names = [n.sval for n in node.collname]
    scope.ctx.use_collation(names[-1])
    arg = bind_expr(node.arg, scope)
    elem = C.element_of(arg.type_oid) or arg.type_oid
    if arg.type_oid != UNKNOWN_OID and C.category(elem) != "S":
        raise EngineError(f"collations are not supported by type {R.type_name(arg.type_oid)}",
                          sqlstate="42804")
    return arg


# --- boolean structure --------------------------------------------------------------------------


@binds(ast.BoolExpr)
def _bind_boolexpr(node: Any, scope: Scope) -> BoundExpr:
    op = {enums.BoolExprType.AND_EXPR: "AND", enums.BoolExprType.OR_EXPR: "OR",
          enums.BoolExprType.NOT_EXPR: "NOT"}[node.boolop]
    args = tuple(require_bool(bind_expr(a, scope), op, scope) for a in node.args)
    return BoolOp(op, args)


@binds(ast.NullTest)
def _bind_nulltest(node: Any, scope: Scope) -> BoundExpr:
    arg = bind_expr(node.arg, scope)
    if arg.type_oid == UNKNOWN_OID:
        arg = coerce(arg, TEXT_OID, scope)
    return NullTest(arg, node.nulltesttype == enums.NullTestType.IS_NOT_NULL)


_BOOLTEST: dict[Any, Callable[[Any], bool]] = {
    enums.BoolTestType.IS_TRUE: lambda v: v is True,
    enums.BoolTestType.IS_NOT_TRUE: lambda v: v is not True,
    enums.BoolTestType.IS_FALSE: lambda v: v is False,
    enums.BoolTestType.IS_NOT_FALSE: lambda v: v is not False,
    enums.BoolTestType.IS_UNKNOWN: lambda v: v is None,
    enums.BoolTestType.IS_NOT_UNKNOWN: lambda v: v is not None,
}


@binds(ast.BooleanTest)
def _bind_booltest(node: Any, scope: Scope) -> BoundExpr:
    arg = require_bool(bind_expr(node.arg, scope), "IS TRUE", scope)
    test = _BOOLTEST[node.booltesttype]
    return FuncExpr(node.booltesttype.name.lower(), test, (arg,), BOOL_OID, strict=False)


# --- operators ----------------------------------------------------------------------------------


def operator_name(names: Any) -> str:
    parts = [n.sval for n in names]
    if len(parts) == 2 and parts[0] == "pg_catalog":
        return str(parts[1])
    if len(parts) != 1:
        raise FeatureNotSupported(f"operator {'.'.join(parts)} is not supported")
    return str(parts[0])


REGEX_PROSRC_PREFIXES = ("textregex", "texticregex", "nameregex", "nameicregex", "regexp_",
                         "bpcharregex", "bpchariregex")
ORDERING_OPS = {"<", ">", "<=", ">="}
CASE_INSENSITIVE_OPS = {"~~*", "!~~*", "~*", "!~*"}
CASE_MAPPING_FUNCTIONS = {"lower", "upper", "initcap", "casefold"}


def make_operator(op: str, left: BoundExpr | None, right: BoundExpr, scope: Scope, *,
                  rows_as_records: bool = False) -> BoundExpr:
    """Resolve and bind ``left op right`` (or prefix ``op right``). ``rows_as_records``: the
    caller knows PostgreSQL compares row constructors here as whole records."""
    scope.ctx.refuse_if_user_object("operator", op)
    if not rows_as_records:
        rows.refuse_row_operands(op, left, right)
    try:
        row, lt, rt = R.resolve_operator(op, None if left is None else left.type_oid,
                                         right.type_oid)
    except UndefinedFunction:
        scope.ctx.refuse_if_user_object("operator", op)
        raise
    if op in ORDERING_OPS:
        scope.ctx.check_ordering(rt)
    elif op in CASE_INSENSITIVE_OPS:
        scope.ctx.check_case_mapping(f"operator {op}")
    proc = C.proc(row.code)
    declared = (lt, rt) if left is not None else (rt,)
    args = (right,) if left is None else (left, right)
    return _call_proc(proc, args, declared, row.result, scope, name=op)


@binds(ast.A_Expr)
def _bind_a_expr(node: Any, scope: Scope) -> BoundExpr:
    binder = _A_EXPR.get(node.kind)
    if binder is None:
        raise FeatureNotSupported(f"expression kind {node.kind.name} is not supported yet")
    return binder(node, scope)


def _aexpr_op(node: Any, scope: Scope) -> BoundExpr:
    op = operator_name(node.name)
    if node.lexpr is None:  # (gram.y's doNegate already folded negative literals)
        return make_operator(op, None, bind_expr(node.rexpr, scope), scope)
    return _compare_nodes(op, node.lexpr, node.rexpr, scope)


def _row_fields(node: Any, scope: Scope) -> tuple[BoundExpr, ...]:
    """The bound fields of a ROW(...) parse node (its t.* items expanded)."""
    row = bind_expr(node, scope)
    assert isinstance(row, RowExpr)
    return row.args


def _compare_nodes(op: str, lnode: Any, rnode: Any, scope: Scope) -> BoundExpr:
    """transformAExprOp on two parse nodes: ROW(...) op ROW(...) compares column by column;
    a row constructor against anything else is compared as a record (make_op)."""
    if isinstance(lnode, ast.RowExpr) and isinstance(rnode, ast.RowExpr):
        return rows.row_comparison(op, _row_fields(lnode, scope), _row_fields(rnode, scope),
                                   lambda o, a, b: make_operator(o, a, b, scope))
    right = bind_expr(rnode, scope)
    return make_operator(op, bind_expr(lnode, scope), right, scope, rows_as_records=True)


def _aexpr_distinct(node: Any, scope: Scope) -> BoundExpr:
    negate = node.kind == enums.A_Expr_Kind.AEXPR_NOT_DISTINCT
    if isinstance(node.lexpr, ast.RowExpr) and isinstance(node.rexpr, ast.RowExpr):
        # make_row_distinct_op: distinct when any column pair is
        left = _row_fields(node.lexpr, scope)
        right = _row_fields(node.rexpr, scope)
        if len(left) != len(right):
            raise EngineError("unequal number of entries in row expressions",
                              sqlstate="42601")
        tests = tuple(_distinct(a, b, False, scope) for a, b in zip(left, right, strict=True))
        any_distinct = tests[0] if len(tests) == 1 else BoolOp("OR", tests)
        return BoolOp("NOT", (any_distinct,)) if negate else any_distinct
    return _distinct(bind_expr(node.lexpr, scope), bind_expr(node.rexpr, scope), negate, scope)


def _distinct(left: BoundExpr, right: BoundExpr, negate: bool, scope: Scope) -> BoundExpr:
    eq = make_operator("=", left, right, scope, rows_as_records=True)
    assert isinstance(eq, FuncExpr)
    inner = eq.impl
    ctx_needed = eq.needs_context

    def distinct(*args: Any) -> bool:
        vals = args[1:] if ctx_needed else args
        a, b = vals
        same = a is None and b is None if a is None or b is None else bool(inner(*args))
        return same if negate else not same

    return FuncExpr("IS NOT DISTINCT FROM" if negate else "IS DISTINCT FROM", distinct,
                    eq.args, BOOL_OID, strict=False, needs_context=ctx_needed)


def _aexpr_nullif(node: Any, scope: Scope) -> BoundExpr:
    left = bind_expr(node.lexpr, scope)
    eq = make_operator("=", left, bind_expr(node.rexpr, scope), scope)
    assert isinstance(eq, FuncExpr)
    coerced_left = eq.args[0]
    return CaseExpr(((eq, Const(None, coerced_left.type_oid)),), coerced_left,
                    coerced_left.type_oid)


def _aexpr_in(node: Any, scope: Scope) -> BoundExpr:
    op = operator_name(node.name)
    if not isinstance(node.rexpr, (list, tuple)):
        raise FeatureNotSupported("IN with a non-list right side is not supported")
    # x IN (a, b) is x = a OR x = b; x NOT IN (a, b) is x <> a AND x <> b (transformAExprIn)
    left = bind_expr(node.lexpr, scope)
    if isinstance(left, RowExpr) and left.constructed:
        # a row constructor (or a cast of one) compares with each row column by column
        tests = []
        for r in node.rexpr:
            right = bind_expr(r, scope)
            if not (isinstance(right, RowExpr) and right.constructed):
                raise FeatureNotSupported("a row IN list holding something else than rows")
            tests.append(rows.row_comparison(op, left.args, right.args,
                                             lambda o, a, b: make_operator(o, a, b, scope)))
        return tests[0] if len(tests) == 1 else BoolOp("OR" if op == "=" else "AND",
                                                       tuple(tests))
    items = tuple(make_operator(op, bind_expr(node.lexpr, scope), bind_expr(r, scope), scope)
                  for r in node.rexpr)
    if len(items) == 1:
        return items[0]
    return BoolOp("OR" if op == "=" else "AND", items)


def _aexpr_between(node: Any, scope: Scope) -> BoundExpr:
    k = enums.A_Expr_Kind
    lo_node, hi_node = node.rexpr
    x = node.lexpr

    def between(lo: Any, hi: Any) -> BoundExpr:
        return BoolOp("AND", (_compare_nodes(">=", x, lo, scope),
                              _compare_nodes("<=", x, hi, scope)))

    if node.kind == k.AEXPR_BETWEEN:
        return between(lo_node, hi_node)
    if node.kind == k.AEXPR_NOT_BETWEEN:
        return BoolOp("NOT", (between(lo_node, hi_node),))
    sym = BoolOp("OR", (between(lo_node, hi_node), between(hi_node, lo_node)))
    return sym if node.kind == k.AEXPR_BETWEEN_SYM else BoolOp("NOT", (sym,))


def _aexpr_like(node: Any, scope: Scope) -> BoundExpr:
    """LIKE/ILIKE/SIMILAR TO are operators (~~, ~~*, ~): the grammar has already wrapped an
    ESCAPE clause or a SIMILAR pattern in like_escape()/similar_to_escape()."""
    op = operator_name(node.name)
    return make_operator(op, bind_expr(node.lexpr, scope), bind_expr(node.rexpr, scope), scope)


def _aexpr_op_any_all(node: Any, scope: Scope) -> BoundExpr:
    op = operator_name(node.name)
    left = bind_expr(node.lexpr, scope)
    right = bind_expr(node.rexpr, scope)
    use_or = node.kind == enums.A_Expr_Kind.AEXPR_OP_ANY
    if right.type_oid == UNKNOWN_OID:
        if left.type_oid == UNKNOWN_OID:
            raise FeatureNotSupported("op ANY/ALL with two unknown-type operands")
        arr_type = C.array_of(left.type_oid)
        right = coerce(right, arr_type, scope)
    elem = C.element_of(right.type_oid)
    if not elem:
        raise DatatypeMismatch("op ANY/ALL (array) requires array on right side")
    row, lt, rt = R.resolve_operator(op, left.type_oid, elem)
    if row.result != BOOL_OID:
        raise DatatypeMismatch("op ANY/ALL (array) requires operator to yield boolean")
    proc = C.proc(row.code)
    impl, needs_ctx = R.implementation(proc)
    left = coerce(left, elem if lt in C.POLYMORPHIC and rt in C.POLYMORPHIC else lt, scope)
    if rt != elem and rt not in C.POLYMORPHIC:
        right = coerce(right, C.array_of(rt), scope)
    fn = impl
    if needs_ctx:
        return ScalarArrayOp(op, _ctx_marker(impl), left, right, use_or)
    return ScalarArrayOp(op, fn, left, right, use_or)


def _ctx_marker(impl: Callable[..., Any]) -> Callable[..., Any]:
    def marked(*args: Any) -> Any:
        return impl(*args)

    marked.needs_context = True  # type: ignore[attr-defined]
    return marked


_A_EXPR: dict[Any, Callable[[Any, Scope], BoundExpr]] = {
    enums.A_Expr_Kind.AEXPR_OP: _aexpr_op,
    enums.A_Expr_Kind.AEXPR_DISTINCT: _aexpr_distinct,
    enums.A_Expr_Kind.AEXPR_NOT_DISTINCT: _aexpr_distinct,
    enums.A_Expr_Kind.AEXPR_NULLIF: _aexpr_nullif,
    enums.A_Expr_Kind.AEXPR_IN: _aexpr_in,
    enums.A_Expr_Kind.AEXPR_BETWEEN: _aexpr_between,
    enums.A_Expr_Kind.AEXPR_NOT_BETWEEN: _aexpr_between,
    enums.A_Expr_Kind.AEXPR_BETWEEN_SYM: _aexpr_between,
    enums.A_Expr_Kind.AEXPR_NOT_BETWEEN_SYM: _aexpr_between,
    enums.A_Expr_Kind.AEXPR_LIKE: _aexpr_like,
    enums.A_Expr_Kind.AEXPR_ILIKE: _aexpr_like,
    enums.A_Expr_Kind.AEXPR_SIMILAR: _aexpr_like,
    enums.A_Expr_Kind.AEXPR_OP_ANY: _aexpr_op_any_all,
    enums.A_Expr_Kind.AEXPR_OP_ALL: _aexpr_op_any_all,
}


# --- conditional expressions --------------------------------------------------------------------


@binds(ast.CaseExpr)
def _bind_case(node: Any, scope: Scope) -> BoundExpr:
    arg = bind_expr(node.arg, scope) if node.arg is not None else None
    conds: list[BoundExpr] = []
    results: list[BoundExpr] = []
    for when in node.args:
        if arg is not None:
            conds.append(make_operator("=", arg, bind_expr(when.expr, scope), scope))
        else:
            conds.append(require_bool(bind_expr(when.expr, scope), "CASE/WHEN", scope))
        results.append(bind_expr(when.result, scope))
    default = bind_expr(node.defresult, scope) if node.defresult is not None else \
        Const(None, UNKNOWN_OID)
    rtype = R.select_common_type([r.type_oid for r in [*results, default]], "CASE")
    results = [coerce(r, rtype, scope) for r in results]
    return CaseExpr(tuple(zip(conds, results, strict=True)), coerce(default, rtype, scope),
                    rtype)


@binds(ast.CoalesceExpr)
def _bind_coalesce(node: Any, scope: Scope) -> BoundExpr:
    args = [bind_expr(a, scope) for a in node.args]
    rtype = R.select_common_type([a.type_oid for a in args], "COALESCE")
    return CoalesceExpr(tuple(coerce(a, rtype, scope) for a in args), rtype)


@binds(ast.MinMaxExpr)
def _bind_minmax(node: Any, scope: Scope) -> BoundExpr:
    op = "GREATEST" if node.op == enums.MinMaxOp.IS_GREATEST else "LEAST"
    args = [bind_expr(a, scope) for a in node.args]
    rtype = R.select_common_type([a.type_oid for a in args], op)
    R.resolve_operator("<", rtype, rtype)  # the type must be orderable
    scope.ctx.check_ordering(rtype)
    return MinMaxExpr(op, tuple(coerce(a, rtype, scope) for a in args), sort_key(rtype), rtype)


# --- arrays -------------------------------------------------------------------------------------


@binds(ast.A_ArrayExpr)
def _bind_array(node: Any, scope: Scope) -> BoundExpr:
    elems = [bind_expr(e, scope) for e in node.elements or ()]
    if elems and all(isinstance(e, ArrayExpr) for e in elems) and all(
            isinstance(n, ast.A_ArrayExpr) for n in node.elements):
        sub_types = [e.type_oid for e in elems]
        atype = R.select_common_type(sub_types, "ARRAY")
        fixed = tuple(_retype_array(e, atype, scope) if e.type_oid != atype else e
                      for e in elems if isinstance(e, ArrayExpr))
        return ArrayExpr(fixed, C.element_of(atype), atype, multidim=True)
    if not elems:
        raise FeatureNotSupported("ARRAY[] without a type (cannot determine type of empty array)")
    etype = R.select_common_type([e.type_oid for e in elems], "ARRAY")
    if C.is_array(etype):
        return ArrayExpr(tuple(coerce(e, etype, scope) for e in elems), C.element_of(etype),
                         etype, multidim=True)
    atype = C.array_of(etype)
    if not atype:
        raise FeatureNotSupported(f"arrays of type {R.type_name(etype)}")
    T.type_by_oid(atype)
    return ArrayExpr(tuple(coerce(e, etype, scope) for e in elems), etype, atype)


@binds(ast.A_Indirection)
def _bind_indirection(node: Any, scope: Scope) -> BoundExpr:
    base = bind_expr(node.arg, scope)
    pending: list[Any] = []  # consecutive subscripts apply together
    for item in node.indirection:
        if isinstance(item, ast.A_Indices):
            pending.append(item)
            continue
        if pending:
            base, pending = _subscript(base, pending, scope), []
        if not isinstance(item, ast.String):
            raise FeatureNotSupported("(record).* is not supported yet")
        base = rows.select_field(base, item.sval)
    return _subscript(base, pending, scope) if pending else base


def _subscript(base: BoundExpr, indices: list[Any], scope: Scope) -> BoundExpr:
    """``a[i][j]`` / ``a[l:u]``: all subscripts of one expression are applied together
    (transformContainerSubscripts); any slice makes every plain ``[i]`` a ``[1:i]``."""
    if base.type_oid == 3802:
        return _jsonb_subscript(base, indices, scope)
    if base.type_oid == UNKNOWN_OID or not C.element_of(base.type_oid):
        raise FeatureNotSupported(f"subscripting type {R.type_name(base.type_oid)}")
    from engine.functions import array_funcs as A  # noqa: PLC0415

    def idx(n: Any) -> BoundExpr:
        return coerce(bind_expr(n, scope), INT4_OID, scope)

    is_slice = any(ind.is_slice for ind in indices)
    lowers: list[BoundExpr | None] = []
    uppers: list[BoundExpr | None] = []
    for ind in indices:
        if is_slice:
            lowers.append(idx(ind.lidx) if ind.lidx is not None else
                          (None if ind.is_slice else Const(1, INT4_OID)))
            uppers.append(idx(ind.uidx) if ind.uidx is not None else None)
        else:
            uppers.append(idx(ind.uidx))
    lo_present = [x is not None for x in lowers]
    up_present = [x is not None for x in uppers]
    args = (base, *[x for x in lowers if x is not None], *[x for x in uppers if x is not None])
    nlo = sum(lo_present)

    def split(vals: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
        lo_it, up_it = iter(vals[:nlo]), iter(vals[nlo:])
        return ([next(lo_it) if p else None for p in lo_present],
                [next(up_it) if p else None for p in up_present])

    if is_slice:
        def do_slice(arr: Any, *vals: Any) -> Any:
            return A.slice(arr, *split(vals))

        # strict: NULL array or a NULL bound gives NULL (omitted bounds are not arguments)
        return FuncExpr("slice", do_slice, args, base.type_oid)

    def do_sub(arr: Any, *vals: Any) -> Any:
        return A.subscript(arr, list(vals))

    return FuncExpr("subscript", do_sub, args, C.element_of(base.type_oid))


def _jsonb_subscript(base: BoundExpr, indices: list[Any], scope: Scope) -> BoundExpr:
    """jsonb[...] (jsonbsubs.c): each subscript becomes int4 or text, and the element is
    fetched as by jsonb_extract_path (keys for objects, positions for arrays)."""
    from engine.types.base import ArrayValue  # noqa: PLC0415

    subs: list[BoundExpr] = []
    for ind in indices:
        if ind.is_slice:
            raise DatatypeMismatch("jsonb subscript does not support slices")
        expr = bind_expr(ind.uidx, scope)
        if expr.type_oid == UNKNOWN_OID:
            expr = coerce(expr, TEXT_OID, scope)
        elif R.can_coerce(expr.type_oid, INT4_OID):
            expr = coerce(expr, INT4_OID, scope)
        elif R.can_coerce(expr.type_oid, TEXT_OID):
            expr = coerce(expr, TEXT_OID, scope)
        else:
            raise DatatypeMismatch(f"subscript type {R.type_name(expr.type_oid)} is not "
                                   "supported", hint="jsonb subscript must be coercible to "
                                   "either integer or text.")
        subs.append(expr)
    extract = T.FUNCTIONS.get("jsonb_extract_path")
    if extract is None:
        raise FeatureNotSupported("jsonb subscripting")

    def get(doc: Any, *keys: Any) -> Any:
        path = tuple(str(k) for k in keys)
        return extract(doc, ArrayValue(TEXT_OID, (len(path),), (1,), path))

    return FuncExpr("jsonb subscript", get, (base, *subs), 3802)


# --- functions ----------------------------------------------------------------------------------


# Functions taking "any" that work on their arguments' text forms (format, concat, concat_ws):
# the binder hands them each argument already printed by its type's output function.
TEXT_ANY_FUNCTIONS = {"text_format", "text_format_nv", "text_concat", "text_concat_ws"}


def _call_proc(proc: C.ProcRow, args: tuple[BoundExpr, ...], declared: tuple[int, ...],
               rettype: int, scope: Scope, name: str | None = None) -> BoundExpr:
    resolved, rtype = R.resolve_polymorphic(declared, [a.type_oid for a in args], rettype)
    coerced = tuple(coerce(a, t, scope) if d != C.ANY else _any_arg(a, scope)
                    for a, t, d in zip(args, resolved, declared, strict=True))
    if proc.prosrc in TEXT_ANY_FUNCTIONS:
        coerced = tuple(_as_text(a) if d == C.ANY else a
                        for a, d in zip(coerced, declared, strict=True))
    if proc.language == "sql":
        return _inline_sql(proc, coerced, scope)
    if proc.prosrc.startswith(REGEX_PROSRC_PREFIXES):
        # character classes and case folding follow LC_CTYPE; only C is reproduced
        scope.ctx.check_case_mapping("regular expressions")
    special = _ARG_TYPE_FUNCTIONS.get(proc.prosrc)
    if special is not None:
        return special(coerced, [a.type_oid for a in args])
    if proc.prosrc in PAIR_FUNCTIONS or proc.prosrc in PAIR_VARIADIC_FUNCTIONS:
        return _pair_call(proc, coerced, rtype)
    impl, needs_ctx = R.implementation(proc)
    impl = with_elem_oid(proc.prosrc, impl, rtype)
    impl = with_record_type(proc, impl, coerced, scope)
    return FuncExpr(name or proc.name, impl, coerced, rtype, strict=proc.strict,
                    needs_context=needs_ctx, volatile=proc.volatile != "i")


def with_elem_oid(prosrc: str, impl: Callable[..., Any], array_type: int) -> Callable[..., Any]:
    """Builders that cannot see their result type in their arguments receive the resolved
    one: array builders (a NULL array, array_fill, array_agg's final) the element type
    (array_funcs.NEEDS_ELEM_OID), range constructors the range type (NEEDS_RESULT_OID)."""
    from engine.functions import array_funcs, range_funcs  # noqa: PLC0415

    if prosrc in array_funcs.NEEDS_ELEM_OID:
        return functools.partial(impl, elem_oid=C.element_of(array_type))
    if prosrc in range_funcs.NEEDS_RESULT_OID:
        return functools.partial(impl, result_oid=array_type)
    return impl


def with_record_type(proc: C.ProcRow, impl: Callable[..., Any],
                     args: tuple[BoundExpr, ...], scope: Scope) -> Callable[..., Any]:
    """json[b]_populate_record and friends receive the record type they fill: the first
    argument's type, or RECORD (json[b]_to_record, whose FROM clause supplies the fields);
    and the constraints of the domains its fields may hold, bound."""
    from engine.functions import json_populate  # noqa: PLC0415

    if proc.prosrc not in json_populate.NEEDS_RECORD_TYPE:
        return impl
    record_type = args[0].type_oid if proc.argtypes[0] == C.ANYELEMENT else RECORD_OID
    desc = desc_of(record_type)
    domains = rows.domain_checks(desc, scope) if desc is not None else {}
    return functools.partial(impl, record_type=record_type, domains=domains)


def _count_nulls(count_nulls: bool) -> Callable[[tuple[BoundExpr, ...], list[int]], BoundExpr]:
    def build(args: tuple[BoundExpr, ...], types: list[int]) -> BoundExpr:
        def count(*values: Any) -> int:
            return sum(1 for v in values if (v is None) == count_nulls)

        return FuncExpr("num_nulls" if count_nulls else "num_nonnulls", count, args, INT4_OID,
                        strict=False)

    return build


def _enum_function(kind: str) -> Callable[[tuple[BoundExpr, ...], list[int]], BoundExpr]:
    """enum_first/enum_last/enum_range (enum.c): answered from the argument's *type*, whose
    labels come from the primary's pg_enum; a value argument only bounds enum_range."""
    def build(args: tuple[BoundExpr, ...], types: list[int]) -> BoundExpr:
        from engine.types.arrays import make_array  # noqa: PLC0415
        from engine.types.enums import enum_values  # noqa: PLC0415

        spec = usertypes.enum_of(args[0].type_oid)  # the resolved anyenum
        if spec is None:
            raise EngineError("could not determine actual enum type", sqlstate="42804")
        values = enum_values(spec)
        if kind == "first" or kind == "last":
            if not values:
                raise EngineError(f"enum {spec.name} contains no values", sqlstate="55000")
            return Const(values[0] if kind == "first" else values[-1], spec.oid)
        array_oid = spec.array_oid
        if kind == "all":
            return Const(make_array(spec.oid, [len(values)], [1], values), array_oid)

        def bounded(lo: Any, hi: Any) -> Any:
            picked = [v for v in values
                      if (lo is None or v.sortorder >= lo.sortorder)
                      and (hi is None or v.sortorder <= hi.sortorder)]
            return make_array(spec.oid, [len(picked)], [1], picked)

        return FuncExpr("enum_range", bounded, args, array_oid, strict=False)

    return build


# Builtins whose "any"/anyelement arguments arrive as (type_oid, value) pairs (see base.py).
PAIR_FUNCTIONS = {"to_json", "to_jsonb"}
PAIR_VARIADIC_FUNCTIONS = {"json_build_object", "json_build_array", "jsonb_build_object",
                           "jsonb_build_array"}


def _pair_call(proc: C.ProcRow, args: tuple[BoundExpr, ...], rtype: int) -> BoundExpr:
    impl, needs_ctx = R.implementation(proc)
    types = [a.type_oid for a in args]
    if proc.prosrc in PAIR_FUNCTIONS:
        def one(ctx: Any, value: Any) -> Any:
            return impl(ctx, (types[0], value)) if needs_ctx else impl((types[0], value))

        return FuncExpr(proc.name, one, args, rtype, strict=proc.strict, needs_context=True)

    def many(ctx: Any, *values: Any) -> Any:
        pairs = list(zip(types, values, strict=True))
        return impl(ctx, pairs) if needs_ctx else impl(pairs)

    return FuncExpr(proc.name, many, args, rtype, strict=False, needs_context=True)


# Builtins that work on their arguments' types rather than only their values.
_ARG_TYPE_FUNCTIONS: dict[str, Callable[[tuple[BoundExpr, ...], list[int]], BoundExpr]] = {
    "pg_typeof": lambda args, types: Const(types[0], 2206),
    "pg_num_nulls": _count_nulls(True),
    "pg_num_nonnulls": _count_nulls(False),
    "enum_first": _enum_function("first"),
    "enum_last": _enum_function("last"),
    "enum_range_all": _enum_function("all"),
    "enum_range_bounds": _enum_function("bounds"),
}


def _as_text(arg: BoundExpr) -> BoundExpr:
    if arg.type_oid in (TEXT_OID, 1043, 1042, 19):
        return arg
    output = T.type_by_oid(arg.type_oid).output

    def to_text(ctx: Any, value: Any) -> str:
        return output(value, ctx.settings)

    return FuncExpr("text", to_text, (arg,), TEXT_OID, needs_context=True)


def _any_arg(arg: BoundExpr, scope: Scope) -> BoundExpr:
    return coerce(arg, TEXT_OID, scope) if arg.type_oid == UNKNOWN_OID else arg


def _inline_sql(proc: C.ProcRow, args: tuple[BoundExpr, ...], scope: Scope) -> BoundExpr:
    """Inline a SQL-language builtin whose body is ``RETURN expr`` or a lone ``SELECT expr``
    without FROM (what inline_function in clauses.c inlines)."""
    body = proc.prosrc.strip()
    if body.upper().startswith("RETURN "):
        stmt = pglast.parse_sql("SELECT " + body[7:])[0].stmt
    elif body[:7].lower() == "select ":
        # an old-style body: inlined only as the single-expression SELECT inline_function takes
        stmt = pglast.parse_sql(body)[0].stmt
        if (len(stmt.targetList or ()) != 1 or stmt.fromClause or stmt.whereClause
                or stmt.groupClause or stmt.havingClause or stmt.sortClause
                or stmt.limitCount or stmt.limitOffset or stmt.distinctClause
                or stmt.withClause or stmt.op != enums.SetOperation.SETOP_NONE):
            raise FeatureNotSupported(f"SQL function {R.signature(proc)} is not supported yet")
    else:
        raise FeatureNotSupported(f"SQL function {R.signature(proc)} is not supported yet")
    expr_node = stmt.targetList[0].val
    sub = Scope(scope.ctx, [], None, scope.clause)
    saved = list(scope.ctx.params)
    inline_args = list(args)

    def param_binder(node: Any, s: Scope) -> BoundExpr:
        return inline_args[node.number - 1]

    previous = EXPR_BINDERS[ast.ParamRef]
    EXPR_BINDERS[ast.ParamRef] = param_binder
    try:
        bound = bind_expr(expr_node, sub)
    finally:
        EXPR_BINDERS[ast.ParamRef] = previous
        scope.ctx.params[:] = saved
    return coerce(bound, proc.rettype, scope)


@binds(ast.FuncCall)
def _bind_funccall(node: Any, scope: Scope) -> BoundExpr:
    names = [n.sval for n in node.funcname]
    if len(names) == 2 and names[0] == "pg_catalog":
        names = names[1:]
    if len(names) != 1:
        raise FeatureNotSupported(f"function {'.'.join(names)} is not supported")
    name = names[0]
    # a function of that name defined on the primary may be the one PostgreSQL picks
    # (or overload one of ours): the shadow cannot run it, nor rule it out
    scope.ctx.refuse_if_user_object("function", name)
    if node.over is not None:
        return _bind_window_call(name, node, scope)
    if node.agg_within_group:
        return _bind_ordered_set(name, node, scope)
    if node.agg_star:
        if name != "count":
            raise EngineError(f"{name}(*) specified, but {name} is not an aggregate function",
                              sqlstate="42809")
        star_filter = _agg_filter(node, scope)
        _refuse_outer_aggregate(name, star_filter)
        return _aggregate_ref(scope, AggCall("count", True, INT8_OID, filter=star_filter))
    if any(isinstance(a, ast.NamedArgExpr) for a in node.args or ()):
        return _bind_named_call(name, node, scope)
    args = tuple(bind_expr(a, scope) for a in node.args or ())
    procs = C.procs_named(name) or C.user_constructors(name)
    if not procs:
        scope.ctx.refuse_if_user_object("function", name)
        return _maybe_type_cast(name, args, scope)
    inputs = [a.type_oid for a in args]
    cands = R.candidates_for(procs, len(args), allow_variadic=not node.func_variadic)
    if node.func_variadic:
        cands = [c for c in cands if c.proc.variadic]
    exact = [c for c in cands if tuple(c.argtypes) == tuple(inputs)]
    if len(exact) != 1 and len(args) == 1 and not node.func_variadic:
        cast = _function_style_cast(name, args[0], scope)
        if cast is not None:
            return cast
    chosen = exact[0] if len(exact) == 1 else R.select_candidate(cands, inputs)
    if chosen is None:
        scope.ctx.refuse_if_user_object("function", name)
        if len(args) == 1:
            return _maybe_type_cast(name, args, scope, cands)
        raise R.no_function(name, inputs, cands)
    proc = chosen.proc
    if name in CASE_MAPPING_FUNCTIONS:
        scope.ctx.check_case_mapping(f"{name}()")
    if proc.kind == "a" and name in ("min", "max") and args:
        scope.ctx.check_ordering(args[0].type_oid)
    if chosen.ndefaults:
        args = args + _defaults(proc, chosen.ndefaults, scope)
        chosen = R.Candidate(proc, proc.argtypes, False, 0)
    if proc.kind in ("a", "w"):
        return _bind_aggregate(node, proc, args, chosen, scope)
    if node.agg_distinct or node.agg_order or node.agg_filter:
        raise EngineError(f"DISTINCT specified, but {name} is not an aggregate function",
                          sqlstate="42809")
    if chosen.variadic_expanded and proc.variadic != C.ANY:
        args, declared = _pack_variadic(proc, args, scope)
    else:
        declared = chosen.argtypes
    if node.func_variadic and proc.variadic == C.ANY:
        return _variadic_any_array(proc, args, scope)
    if proc.retset:
        return _bind_srf_call(proc, args, declared, scope)
    return _call_proc(proc, args, tuple(declared), proc.rettype, scope)


def _bind_named_call(name: str, node: Any, scope: Scope) -> BoundExpr:
    """Named notation ``f(a, b => x)`` (transformFuncCall + func_get_detail's named-argument
    matching): each candidate maps names to parameter positions; unfilled trailing
    parameters take their defaults."""
    positional = [bind_expr(a, scope) for a in node.args if not isinstance(a, ast.NamedArgExpr)]
    named = [(a.name, bind_expr(a.arg, scope)) for a in node.args
             if isinstance(a, ast.NamedArgExpr)]
    matches: list[tuple[C.ProcRow, list[BoundExpr | None]]] = []
    for proc in C.procs_named(name):
        n = len(proc.argtypes)
        if proc.variadic or len(positional) + len(named) > n or not proc.argnames:
            continue
        slots: list[BoundExpr | None] = [*positional, *([None] * (n - len(positional)))]
        ok = True
        for arg_name, expr in named:
            if arg_name not in proc.argnames:
                ok = False
                break
            i = proc.argnames.index(arg_name)
            if slots[i] is not None:
                ok = False
                break
            slots[i] = expr
        missing = [i for i, e in enumerate(slots) if e is None]
        if ok and all(i >= n - proc.nargdefaults for i in missing):
            matches.append((proc, slots))
    fits = [(p, s) for p, s in matches if all(
        e is None or R.can_coerce(e.type_oid, t) for e, t in zip(s, p.argtypes, strict=True))]
    if len(fits) != 1:
        raise R.no_function(name, [e.type_oid for e in positional] +
                            [e.type_oid for _, e in named])
    proc, slots = fits[0]
    defaults = _defaults(proc, proc.nargdefaults, scope)
    base = len(proc.argtypes) - proc.nargdefaults
    args = tuple(e if e is not None else defaults[i - base] for i, e in enumerate(slots))
    if proc.kind != "f":
        raise FeatureNotSupported(f"named arguments for aggregate {name}()")
    if proc.retset:
        return _bind_srf_call(proc, args, proc.argtypes, scope)
    return _call_proc(proc, args, proc.argtypes, proc.rettype, scope)


def _variadic_any_array(proc: C.ProcRow, args: tuple[BoundExpr, ...],
                        scope: Scope) -> BoundExpr:
    """``f(VARIADIC arr)`` for a VARIADIC "any" function: the array's elements are the
    arguments (a NULL array makes the result NULL, as in PG's extract_variadic_args)."""
    arr = args[-1]
    elem = C.element_of(arr.type_oid)
    if not elem:
        raise DatatypeMismatch("VARIADIC argument must be an array")
    fixed = tuple(coerce(a, t, scope) if t != C.ANY else _any_arg(a, scope)
                  for a, t in zip(args[:-1], proc.argtypes[:-1], strict=True))
    args = (*fixed, arr)
    impl, needs_ctx = R.implementation(proc)
    fixed_types = [a.type_oid for a in fixed]
    if proc.prosrc in PAIR_VARIADIC_FUNCTIONS:
        def pairs(ctx: Any, *values: Any) -> Any:
            *head, array = values
            if array is None:
                return None
            items = [(t, v) for t, v in zip(fixed_types, head, strict=True)]
            items += [(elem, v) for v in array.items]
            return impl(ctx, items) if needs_ctx else impl(items)

        return FuncExpr(proc.name, pairs, args, proc.rettype, strict=False, needs_context=True)
    if proc.prosrc in TEXT_ANY_FUNCTIONS:
        out = T.type_by_oid(elem).output
        fixed_text = tuple(_as_text(a) for a in fixed)

        def texts(ctx: Any, *values: Any) -> Any:
            *head, array = values
            if array is None:
                return None
            tail = [None if v is None else out(v, ctx.settings) for v in array.items]
            return impl(*head, *tail)

        return FuncExpr(proc.name, texts, (*fixed_text, arr), proc.rettype, strict=False,
                        needs_context=True)
    raise FeatureNotSupported(f"VARIADIC array argument for {proc.name}()")


def _pack_variadic(proc: C.ProcRow, args: tuple[BoundExpr, ...],
                   scope: Scope) -> tuple[tuple[BoundExpr, ...], tuple[int, ...]]:
    nfixed = len(proc.argtypes) - 1
    fixed, rest = args[:nfixed], args[nfixed:]
    vtype = proc.variadic
    if vtype in C.POLYMORPHIC:
        vtype = R.select_common_type([a.type_oid for a in rest], "VARIADIC")
    arr_type = C.array_of(vtype)
    packed = ArrayExpr(tuple(coerce(a, vtype, scope) for a in rest), vtype, arr_type)
    declared = proc.argtypes[:nfixed] + (proc.argtypes[-1],)
    return (*fixed, packed), declared


def _defaults(proc: C.ProcRow, n: int, scope: Scope) -> tuple[BoundExpr, ...]:
    texts = proc.argdefaults[len(proc.argdefaults) - n:]
    out = []
    for text in texts:
        node = pglast.parse_sql(f"SELECT {text}")[0].stmt.targetList[0].val
        out.append(bind_expr(node, Scope(scope.ctx)))
    return tuple(out)


def _function_style_cast(name: str, arg: BoundExpr, scope: Scope) -> BoundExpr | None:
    """func_get_detail: ``typename(x)`` with no exact match is a cast when x is an untyped
    literal, or when the cast would be a relabel or an I/O conversion (not a cast function)."""
    try:
        target = T.type_by_name(name)
    except EngineError:
        return None
    src = arg.type_oid
    if src == UNKNOWN_OID and isinstance(arg, Const):
        return coerce(arg, target.oid, scope, explicit=True)
    if src == UNKNOWN_OID or not R.can_coerce(src, target.oid, "e"):
        return None
    row = C.cast_row(src, target.oid)
    if row is None:
        io = C.category(target.oid) == "S" or C.category(src) == "S"
        return coerce(arg, target.oid, scope, explicit=True) if io else None
    if row.method in ("b", "i"):
        return coerce(arg, target.oid, scope, explicit=True)
    return None


def _maybe_type_cast(name: str, args: tuple[BoundExpr, ...], scope: Scope,
                     cands: Sequence[R.Candidate] = ()) -> BoundExpr:
    """``typename(x)`` is a cast when no function matches (func_get_detail)."""
    if len(args) == 1:
        try:
            target = T.type_by_name(name)
        except EngineError:
            target = None
        # without a coercion pathway the call stays a call of a missing function
        if target is not None and R.can_coerce(args[0].type_oid, target.oid, "e"):
            return coerce(args[0], target.oid, scope, explicit=True)
    raise R.no_function(name, [a.type_oid for a in args], cands)


def _bind_srf_call(proc: C.ProcRow, args: tuple[BoundExpr, ...], declared: tuple[int, ...],
                   scope: Scope) -> BoundExpr:
    if not scope.srf_allowed:
        raise FeatureNotSupported(
            f"set-returning function {proc.name}() is supported only at the top of a select "
            "list or in FROM")
    resolved, rtype = R.resolve_polymorphic(declared, [a.type_oid for a in args], proc.rettype)
    coerced = tuple(coerce(a, t, scope) if t != C.ANY else _any_arg(a, scope)
                    for a, t in zip(args, resolved, strict=True))
    impl, needs_ctx = R.srf_implementation(proc)
    impl = with_record_type(proc, impl, coerced, scope)
    if proc.outtypes and len(proc.outtypes) > 1 and scope.clause != "functions in FROM":
        # in a select list each row of OUT columns is one record (key,value) ...
        if any(t in C.POLYMORPHIC for t in proc.outtypes):
            raise FeatureNotSupported(f"{proc.name}() returning several polymorphic columns "
                                      "in a select list")
        impl = _as_records(impl, RecordDesc(RECORD_OID, tuple(proc.outnames),
                                            tuple(proc.outtypes), (-1,) * len(proc.outtypes)))
        rtype = RECORD_OID
    return SrfCall(proc.name, impl, coerced, rtype, proc.strict, needs_ctx, proc_oid=proc.oid)


def _as_records(impl: Callable[..., Any], desc: RecordDesc) -> Callable[..., Any]:
    def records(*args: Any) -> Any:
        for values in impl(*args):
            yield RecordValue(desc, tuple(values))

    return records


# --- window functions ---------------------------------------------------------------------------

_FRAME_UNSUPPORTED = 8 | 32768 | 65536 | 131072  # GROUPS, EXCLUDE ...


def _bind_window_call(name: str, node: Any, scope: Scope) -> BoundExpr:
    if scope.windows is None:
        raise EngineError(f"window functions are not allowed in {scope.clause}",
                          sqlstate="42P20")
    spec = _window_spec(node.over, scope)
    inner = Scope(scope.ctx, scope.entries, scope.aggregates, scope.clause, scope.parent)
    args = tuple(bind_expr(a, inner) for a in node.args or ())
    procs = [p for p in C.procs_named(name) if p.kind in ("w", "a")]
    if not procs:
        raise EngineError(f"OVER specified, but {name} is not a window function nor an "
                          "aggregate function", sqlstate="42809")
    inputs = [a.type_oid for a in args]
    chosen = R.choose(R.candidates_for(procs, len(args)), inputs) if not node.agg_star else \
        next((R.Candidate(p, p.argtypes, False, 0) for p in procs if not p.argtypes), None)
    if chosen is None:
        raise R.no_function(name, inputs)
    proc = chosen.proc
    if node.agg_distinct:
        raise FeatureNotSupported("DISTINCT is not implemented for window functions")
    if node.agg_order:
        raise FeatureNotSupported("aggregate ORDER BY is not implemented for window functions")
    resolved, rtype = R.resolve_polymorphic(chosen.argtypes, inputs, proc.rettype)
    coerced = tuple(coerce(a, t, inner) if t != C.ANY else _any_arg(a, inner)
                    for a, t in zip(args, resolved, strict=True))
    filt = _agg_filter(node, scope)
    partition, order, options, start, end = spec
    if proc.kind == "w":
        if filt is not None:
            raise FeatureNotSupported(
                "FILTER is not implemented for non-aggregate window functions")
        call = WindowCall(name, rtype, coerced, partition, order, options, start, end,
                          prosrc=proc.prosrc, filter=filt)
    elif node.agg_star:
        agg = AggCall("count", True, INT8_OID)
        call = WindowCall(name, INT8_OID, (), partition, order, options, start, end, agg=agg,
                          filter=filt)
    else:
        saved, scope.aggregates = scope.aggregates, []
        try:
            ref = _bind_aggregate(node, proc, args, chosen, scope, in_window=True)
            assert isinstance(ref, AggRef)
            agg = scope.aggregates[ref.index]
        finally:
            scope.aggregates = saved
        call = WindowCall(name, agg.type_oid, agg.args, partition, order, options, start, end,
                          agg=agg, filter=filt)
    for i, existing in enumerate(scope.windows):
        if existing == call:
            return WindowRef(i, call.type_oid)
    scope.windows.append(call)
    return WindowRef(len(scope.windows) - 1, call.type_oid)


def _window_spec(over: Any, scope: Scope) -> tuple[Any, ...]:
    """(partition, order, frame options, start offset, end offset) of an OVER clause, merged
    with the named window it refers to (transformWindowDefinitions)."""
    base = None
    ref = over.refname or (over.name if not (over.partitionClause or over.orderClause) else None)
    if ref:
        base = scope.window_defs.get(ref)
        if base is None:
            raise EngineError(f'window "{ref}" does not exist', sqlstate="42704")
    partition_nodes = over.partitionClause or (base.partitionClause if base else None) or ()
    order_nodes = over.orderClause or (base.orderClause if base else None) or ()
    frame_src = over if (over.frameOptions & 1 or base is None) else base
    options = frame_src.frameOptions
    if options & _FRAME_UNSUPPORTED:
        raise FeatureNotSupported("window frames in GROUPS mode or with EXCLUDE")
    if options & 2 and options & (2048 | 4096 | 8192 | 16384):
        raise FeatureNotSupported("RANGE frames with an offset")
    inner = Scope(scope.ctx, scope.entries, scope.aggregates, "window definition", scope.parent)
    partition = tuple(_partition_expr(n, inner) for n in partition_nodes)
    order = tuple(_agg_sort_key(s, inner) for s in order_nodes)
    for key in order:
        scope.ctx.check_ordering(key.expr.type_oid)
    start = _frame_offset(frame_src.startOffset, inner)
    end = _frame_offset(frame_src.endOffset, inner)
    return partition, order, options, start, end


def _partition_expr(node: Any, scope: Scope) -> BoundExpr:
    expr = bind_expr(node, scope)
    return coerce(expr, TEXT_OID, scope) if expr.type_oid == UNKNOWN_OID else expr


def _frame_offset(node: Any, scope: Scope) -> BoundExpr | None:
    if node is None:
        return None
    return coerce(bind_expr(node, Scope(scope.ctx, [], None, "window frame")), INT8_OID, scope)


# --- aggregates ---------------------------------------------------------------------------------


def _agg_filter(node: Any, scope: Scope) -> BoundExpr | None:
    if node.agg_filter is None:
        return None
    inner = Scope(scope.ctx, scope.entries, None, "FILTER", scope.parent)
    return require_bool(bind_expr(node.agg_filter, inner), "FILTER", inner)


def _aggregate_ref(scope: Scope, call: AggCall) -> BoundExpr:
    if scope.aggregates is None:
        raise GroupingError(f"aggregate functions are not allowed in {scope.clause}")
    for i, existing in enumerate(scope.aggregates):
        if existing == call:
            return AggRef(i, call.type_oid)
    scope.aggregates.append(call)
    return AggRef(len(scope.aggregates) - 1, call.type_oid)


def _refuse_outer_aggregate(name: str, args: Any) -> None:
    """An aggregate whose arguments read only enclosing queries' columns belongs to the
    nearest such query (parse_agg.c), not to the sub-select it is written in."""
    # a correlated sub-select's variables count too; which level it reads is not tracked,
    # so one in arguments that read no local column is refused
    if (reads_outer(args) or has_correlated_sublink(args)) and not reads_local(args):
        raise FeatureNotSupported(
            f"aggregate {name}() over only an enclosing query's columns (an outer-level "
            "aggregate) is not supported yet")


def _check_agg_arguments(parts: Any) -> None:
    """An aggregate's arguments, ORDER BY and FILTER hold no aggregate nor window function
    of the same query level (parse_agg.c check_agg_arguments). Outer-level aggregates are
    refused elsewhere, so every AggRef found here is of this level."""
    if any_node(parts, lambda e: True if isinstance(e, AggRef) else None):
        raise GroupingError("aggregate function calls cannot be nested")
    if any_node(parts, lambda e: True if isinstance(e, WindowRef) else None):
        raise GroupingError("aggregate function calls cannot contain window function calls")


def _check_distinct_order(args: tuple[BoundExpr, ...], order: tuple[SortKey, ...]) -> None:
    """With DISTINCT, each ORDER BY expression must be one of the arguments
    (transformDistinctClause for an aggregate: a sort key not in the argument list would be
    a resjunk target). ``args`` are as written, before the coercion to the aggregate's
    argument types: findTargetlistEntrySQL99 ignores that implicit coercion, not an
    explicit cast."""
    for key in order:
        if key.expr in args:
            continue
        if isinstance(key.expr, Const) and any(
                isinstance(a, Const) and a.type_oid == UNKNOWN_OID for a in args):
            # an unknown literal argument is resolved to text afterwards; whether its sort
            # key then counts as the same expression is not reproduced
            raise FeatureNotSupported("DISTINCT aggregate with an untyped literal argument "
                                      "and ORDER BY")
        raise EngineError("in an aggregate with DISTINCT, ORDER BY expressions must "
                          "appear in argument list", sqlstate="42P10")


def _bind_aggregate(node: Any, proc: C.ProcRow, args: tuple[BoundExpr, ...],
                    chosen: R.Candidate, scope: Scope, in_window: bool = False) -> BoundExpr:
    if scope.aggregates is None:
        raise GroupingError(f"aggregate functions are not allowed in {scope.clause}")
    agg = C.aggregate(proc.oid)
    if agg is None or proc.kind == "w":
        raise FeatureNotSupported(f"window function {proc.name}() outside OVER")
    if agg.kind != "n" and not node.agg_within_group:  # ParseFuncOrColumn
        raise EngineError(f"WITHIN GROUP is required for ordered-set aggregate {proc.name}",
                          sqlstate="42809")
    if agg.kind != "n" or node.agg_within_group:
        raise FeatureNotSupported(f"ordered-set aggregate {proc.name}() is not supported yet")
    inner = Scope(scope.ctx, scope.entries, None, "aggregate function calls", scope.parent)
    resolved, rtype = R.resolve_polymorphic(chosen.argtypes, [a.type_oid for a in args],
                                            proc.rettype)
    coerced = tuple(coerce(a, t, inner) if t != C.ANY else _any_arg(a, inner)
                    for a, t in zip(args, resolved, strict=True))
    # ORDER BY inside the call is bound like its arguments (at the query level, so that a
    # nested aggregate is found by the argument check below rather than refused as misplaced)
    keys_scope = Scope(scope.ctx, scope.entries, scope.aggregates, scope.clause, scope.parent,
                       windows=scope.windows)
    order = tuple(_agg_sort_key(s, keys_scope) for s in node.agg_order or ())
    if node.agg_distinct:
        _check_distinct_order(args, order)
    trans = C.proc(agg.transfn)
    trans_context = trans.prosrc in T.CONTEXT_AGG_TRANSITIONS
    transfn = T.CONTEXT_AGG_TRANSITIONS.get(trans.prosrc) or \
        T.AGG_TRANSITIONS.get(trans.prosrc)
    finalfn = None
    strict_final = True
    if agg.finalfn:
        final = C.proc(agg.finalfn)
        finalfn = T.AGG_FINALS.get(final.prosrc)
        if finalfn is not None:
            finalfn = with_elem_oid(final.prosrc, finalfn, rtype)
        strict_final = final.strict
        if finalfn is None:
            raise FeatureNotSupported(f"aggregate {R.signature(proc)} is not implemented yet")
    if transfn is None:
        raise FeatureNotSupported(f"aggregate {R.signature(proc)} is not implemented yet")
    init = _agg_init(trans.prosrc, agg.initval, agg.transtype)
    agg_filter = _agg_filter(node, scope)
    if not in_window:
        _check_agg_arguments((coerced, order, agg_filter))
    _refuse_outer_aggregate(proc.name, (coerced, order, agg_filter))
    call = AggCall(proc.name, False, rtype, coerced, bool(node.agg_distinct),
                   agg_filter, order, transfn, finalfn, trans.strict,
                   strict_final, init, proc.oid,
                   final_extra=len(coerced) if agg.finalextra else 0,
                   trans_context=trans_context)
    return _aggregate_ref(scope, call)


def _bind_ordered_set(name: str, node: Any, scope: Scope) -> BoundExpr:
    """``f(direct) WITHIN GROUP (ORDER BY x, ...)``: ordered-set (percentile_cont/disc, mode)
    and hypothetical-set (rank, dense_rank, percent_rank, cume_dist) aggregates
    (parse_agg.c, orderedsetaggs.c)."""
    if scope.aggregates is None:
        raise GroupingError(f"aggregate functions are not allowed in {scope.clause}")
    inner = Scope(scope.ctx, scope.entries, scope.aggregates, scope.clause, scope.parent,
                  windows=scope.windows)
    direct = [bind_expr(a, inner) for a in node.args or ()]
    order = [_agg_sort_key(s, inner) for s in node.agg_order]
    aggregated = tuple(k.expr for k in order)
    if ((reads_outer(aggregated) or has_correlated_sublink(aggregated))
            and not reads_local(aggregated) and reads_local(tuple(direct))):
        # the aggregated arguments make it an enclosing query's aggregate (parse_agg.c
        # check_agg_arguments); its direct arguments may not read this level
        raise GroupingError("outer-level aggregate cannot contain a lower-level variable in "
                            "its direct arguments")
    _refuse_outer_aggregate(name, (tuple(direct), tuple(order)))
    if reads_local(tuple(direct)) and not reads_local(aggregated):
        _refuse_outer_aggregate(name, aggregated)
    procs = [p for p in C.procs_named(name) if p.kind == "a"
             and (a := C.aggregate(p.oid)) is not None and a.kind in ("o", "h")]
    if not procs:
        raise EngineError(f"WITHIN GROUP is specified, but {name} is not an ordered-set "
                          "aggregate", sqlstate="42809")
    hypothetical = C.aggregate(procs[0].oid).kind == "h"
    if hypothetical:
        if len(direct) != len(order):
            raise EngineError(f"function {name} has {len(direct)} direct arguments but "
                              f"{len(order)} ordered ones", sqlstate="42883")
        for i, (d, k) in enumerate(zip(direct, order, strict=True)):
            common = R.select_common_type([d.type_oid, k.expr.type_oid], "WITHIN GROUP")
            direct[i] = coerce(d, common, inner)
            order[i] = SortKey(coerce(k.expr, common, inner), k.descending, k.nulls_first)
        proc = procs[0]
        rtype = proc.rettype
    else:
        inputs = [d.type_oid for d in direct] + [k.expr.type_oid for k in order]
        chosen = R.choose(R.candidates_for(procs, len(inputs)), inputs)
        if chosen is None:
            raise R.no_function(name, inputs)
        proc = chosen.proc
        resolved, rtype = R.resolve_polymorphic(chosen.argtypes, inputs, proc.rettype)
        nd = len(direct)
        direct = [coerce(d, t, inner) for d, t in zip(direct, resolved[:nd], strict=True)]
        order = [SortKey(coerce(k.expr, t, inner), k.descending, k.nulls_first)
                 for k, t in zip(order, resolved[nd:], strict=True)]
    _check_agg_arguments((tuple(direct), tuple(order)))
    agg = C.aggregate(proc.oid)
    assert agg is not None
    final = C.proc(agg.finalfn).prosrc
    from engine.exec.ordered_set import ORDERED_SET_FINALS  # noqa: PLC0415

    if final not in ORDERED_SET_FINALS:
        raise FeatureNotSupported(f"ordered-set aggregate {name}() is not implemented yet")
    for k in order:
        scope.ctx.check_ordering(k.expr.type_oid)
    call = AggCall(name, False, rtype, tuple(k.expr for k in order), False,
                   _agg_filter(node, scope), tuple(order), None, None, False, False, None,
                   proc.oid, direct_args=tuple(direct), ordered_final=final)
    return _aggregate_ref(scope, call)


def _agg_init(prosrc: str, initval: str | None, transtype: int) -> Callable[[], Any]:
    custom = T.AGG_INITS.get(prosrc)
    if custom is not None:
        return lambda: custom(initval)
    if initval is None:
        return lambda: None
    try:
        pgtype = T.type_by_oid(transtype)
    except EngineError:
        return lambda: initval
    value = pgtype.input(initval, -1)
    return lambda: value


def _agg_sort_key(sortby: Any, scope: Scope) -> SortKey:
    expr = bind_expr(sortby.node, scope)
    if expr.type_oid == UNKNOWN_OID:
        expr = coerce(expr, TEXT_OID, scope)
    desc = sortby.sortby_dir == enums.SortByDir.SORTBY_DESC
    nulls = sortby.sortby_nulls
    nulls_first = desc if nulls == enums.SortByNulls.SORTBY_NULLS_DEFAULT else \
        nulls == enums.SortByNulls.SORTBY_NULLS_FIRST
    return SortKey(expr, desc, nulls_first)


# --- SQL value functions and sub-selects --------------------------------------------------------


_SQLVALUE_PROCS = {"current_user": "current_user", "user": "current_user",
                   "current_role": "current_user", "session_user": "session_user",
                   "current_catalog": "current_database", "current_schema": "current_schema"}


@binds(ast.SQLValueFunction)
def _bind_sqlvaluefunction(node: Any, scope: Scope) -> BoundExpr:
    name = node.op.name[6:].lower()
    proc_name = _SQLVALUE_PROCS.get(name)
    if proc_name is None:
        return _bind_clock_value(name, node.typmod)
    (proc,) = [p for p in C.procs_named(proc_name) if not p.argtypes]
    return _call_proc(proc, (), (), proc.rettype, scope)


def _bind_clock_value(name: str, typmod: int) -> BoundExpr:
    """current_date, current_time[(n)], current_timestamp[(n)], localtime[(n)],
    localtimestamp[(n)]: the transaction start (parse_expr.c transformSQLValueFunction; a
    precision above 6 becomes 6, with a WARNING in PG)."""
    from engine.functions.clock_funcs import SQL_VALUE_FUNCTIONS  # noqa: PLC0415

    base = name.removesuffix("_n")
    type_oid, impl = SQL_VALUE_FUNCTIONS[base]
    typmod = min(typmod, 6) if name.endswith("_n") else -1  # the grammar takes no sign
    return FuncExpr(base, functools.partial(_call_with_typmod, impl, typmod), (), type_oid,
                    strict=False, needs_context=True, typmod=typmod, volatile=True)


def _call_with_typmod(impl: Callable[[Any, int], Any], typmod: int, ctx: Any) -> Any:
    return impl(ctx, typmod)


@binds(ast.SubLink)
def _bind_sublink(node: Any, scope: Scope) -> BoundExpr:
    kind = node.subLinkType
    K = enums.SubLinkType
    link = [scope.level + 1, False]
    scope.ctx.sublinks.append(link)
    try:
        plan, columns = SUBQUERY_BINDER[0](node.subselect, scope)
    finally:
        scope.ctx.sublinks.pop()
    correlated = bool(link[1])
    ident = scope.ctx.ident()
    if kind == K.EXISTS_SUBLINK:
        return SubqueryExpr("EXISTS", plan, type_oid=BOOL_OID, ident=ident,
                            correlated=correlated)
    if kind in (K.EXPR_SUBLINK, K.ARRAY_SUBLINK):
        if len(columns) != 1:
            raise EngineError("subquery must return only one column", sqlstate="42601")
        ctype = columns[0]
        if kind == K.ARRAY_SUBLINK:
            atype = C.array_of(ctype)
            return SubqueryExpr("ARRAY", plan, type_oid=atype, ident=ident, test=None,
                                correlated=correlated)
        return SubqueryExpr("EXPR", plan, type_oid=ctype, ident=ident, correlated=correlated)
    if kind in (K.ANY_SUBLINK, K.ALL_SUBLINK):
        if len(columns) != 1:
            raise FeatureNotSupported("row comparison with a subquery is not supported yet")
        op = operator_name(node.operName) if node.operName else "="
        left = bind_expr(node.testexpr, scope)
        rows.refuse_row_operands(op, left)
        row, lt, rt = R.resolve_operator(op, left.type_oid, columns[0])
        if rt != columns[0]:
            raise FeatureNotSupported("a subquery column needing a cast in ANY/ALL")
        proc = C.proc(row.code)
        impl, needs_ctx = R.implementation(proc)
        if needs_ctx:
            raise FeatureNotSupported(f"operator {op} in ANY/ALL subquery")
        left = coerce(left, lt, scope)
        return SubqueryExpr("ANY" if kind == K.ANY_SUBLINK else "ALL", plan, left, impl,
                            BOOL_OID, ident=ident, correlated=correlated)
    raise FeatureNotSupported(f"subquery kind {kind.name} is not supported yet")


@binds(ast.RowExpr)
def _bind_row(node: Any, scope: Scope) -> BoundExpr:
    from engine.binder.query import expand_star  # noqa: PLC0415

    args: list[BoundExpr] = []
    for a in node.args or ():
        if isinstance(a, ast.ColumnRef) and isinstance(a.fields[-1], ast.A_Star):
            # ROW(t.*, ...) holds t's columns one by one (transformExpressionList)
            args.extend(o.expr for o in expand_star(a, scope))
        else:
            args.append(bind_expr(a, scope))
    return rows.anonymous_row(tuple(args), constructed=True)


@binds(ast.GroupingFunc)
def _bind_grouping(node: Any, scope: Scope) -> BoundExpr:
    if scope.aggregates is None:
        raise GroupingError(f"grouping operations are not allowed in {scope.clause}")
    if len(node.args) > 31:
        raise EngineError("GROUPING must have fewer than 32 arguments", sqlstate="54011")
    inner = Scope(scope.ctx, scope.entries, None, "GROUPING", scope.parent)
    return GroupingCall(tuple(bind_expr(a, inner) for a in node.args))


# --- output column names (FigureColname in parse_target.c) -------------------------------------

def figure_colname(node: Any) -> str:
    name, _ = _figure(node)
    return name if name is not None else "?column?"


_SQLVALUE_NAMES = {
    "current_date": "current_date", "current_time": "current_time",
    "current_timestamp": "current_timestamp", "localtime": "localtime",
    "localtimestamp": "localtimestamp", "current_role": "current_role",
    "current_user": "current_user", "user": "current_user", "session_user": "session_user",
    "current_catalog": "current_catalog", "current_schema": "current_schema",
}


def _figure(node: Any) -> tuple[str | None, int]:
    """(name, strength) as FigureColnameInternal: 2 = a real name, 1 = a fallback."""
    if isinstance(node, ast.ColumnRef):
        last = node.fields[-1]
        return (last.sval, 2) if isinstance(last, ast.String) else (None, 0)
    if isinstance(node, ast.A_Indirection):
        fields = [i.sval for i in node.indirection if isinstance(i, ast.String)]
        if fields:  # the last field name selected (FigureColnameInternal)
            return fields[-1], 2
        name, strength = _figure(node.arg)
        return (name, strength) if strength else (None, 0)
    if isinstance(node, ast.FuncCall):
        return str(node.funcname[-1].sval), 2
    if isinstance(node, ast.RowExpr):
        return "row", 2
    if isinstance(node, ast.TypeCast):
        name, strength = _figure(node.arg)
        if strength <= 1:
            tname = str(node.typeName.names[-1].sval)
            return tname, 1
        return name, strength
    if isinstance(node, ast.CollateClause):
        return _figure(node.arg)
    if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_NULLIF:
        return "nullif", 2
    if isinstance(node, ast.CaseExpr):
        if node.defresult is not None:
            name, strength = _figure(node.defresult)
            if strength == 2:
                return name, strength
        return "case", 1
    if isinstance(node, ast.A_ArrayExpr):
        return "array", 2
    if isinstance(node, ast.CoalesceExpr):
        return "coalesce", 2
    if isinstance(node, ast.MinMaxExpr):
        return ("greatest" if node.op == enums.MinMaxOp.IS_GREATEST else "least"), 2
    if isinstance(node, ast.SQLValueFunction):
        return _SQLVALUE_NAMES.get(node.op.name[6:].lower().removesuffix("_n")), 2
    if isinstance(node, ast.SubLink):
        if node.subLinkType == enums.SubLinkType.EXISTS_SUBLINK:
            return "exists", 2
        if node.subLinkType == enums.SubLinkType.ARRAY_SUBLINK:
            return "array", 2
        if node.subLinkType == enums.SubLinkType.EXPR_SUBLINK:
            sel = node.subselect
            if sel.targetList and len(sel.targetList) == 1:
                t = sel.targetList[0]
                if t.name:
                    return t.name, 2
                return _figure(t.val)
        return None, 0
    if isinstance(node, ast.BooleanTest | ast.NullTest):
        return None, 0
    if isinstance(node, ast.GroupingFunc):
        return "grouping", 2
    return None, 0
