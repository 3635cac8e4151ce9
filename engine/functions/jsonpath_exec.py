"""SQL/JSON path execution: jsonb_path_exists/match/query/query_array/query_first, their
``_tz`` variants and the ``@?``/``@@`` operators.

Follows src/backend/utils/adt/jsonpath_exec.c of PostgreSQL 18 function by function
(executeItemOptUnwrapTarget, executeAnyItem, executeBoolItem, executePredicate, compareItems,
executeBinaryArithmExpr, ...). Values are jsonb tree nodes (``engine.types.jsonb``). PG's
``jperError`` result is the ``Suppressed`` exception: ``Ctx.fail`` raises the SQL error when
errors are thrown and ``Suppressed`` otherwise, and every place where jsonpath_exec.c tests
``jperIsError`` catches it the same way. The item methods are in jsonpath_methods.py, datetime
items in jsonpath_datetime.py; keyvalue() ids of nested containers are refused (0A000). Every
entry point takes the session settings (``CONTEXT_FUNCTIONS``): besides the ``_tz`` variants'
casts, ``.time_tz()`` of a timestamptz reads the session TimeZone in all of them, as in PG.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from engine.errors import EngineError, InvalidParameterValue, UndefinedObject
from engine.functions import jsonpath_methods as methods
from engine.functions.jsonpath_datetime import JpDatetime
from engine.functions.jsonpath_methods import Ctx, Suppressed, jtype
from engine.functions.math import numeric_trunc
from engine.types.jsonb import JSON_NULL, Jsonb
from engine.types.jsonpath_ast import ANY_LAST, BINARY_OPS, JpItem, JsonPath
from engine.types.numeric import (
    int_to_numeric,
    numeric_add,
    numeric_cmp,
    numeric_div,
    numeric_mod,
    numeric_mul,
    numeric_sub,
    numeric_uminus,
)

UNKNOWN = None  # jpbUnknown; jpbTrue/jpbFalse are True/False

Found = list[Any] | None


class SqlJsonError(EngineError):
    """An SQL/JSON error with its SQLSTATE given at raise time."""


def _err(sqlstate: str, message: str) -> SqlJsonError:
    return SqlJsonError(message, sqlstate=sqlstate)


# --- the item dispatcher ----------------------------------------------------------------------


def execute_item(cx: Ctx, it: JpItem, jb: Any, found: Found) -> bool:
    """executeItem: auto-unwrap in lax mode."""
    return execute_opt_unwrap(cx, it, jb, found, cx.lax)


def execute_next(cx: Ctx, it: JpItem | None, nxt: JpItem | None, v: Any, found: Found) -> bool:
    """executeNextItem; ``it`` is the current item (its ``next`` is used when ``nxt`` is None)."""
    if nxt is None and it is not None:
        nxt = it.next
    if nxt is not None:
        return execute_item(cx, nxt, v, found)
    if found is not None:
        found.append(v)
    return True


def execute_opt_unwrap(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    """executeItemOptUnwrapTarget."""
    handler = _HANDLERS.get(it.kind)
    if handler is not None:
        return handler(cx, it, jb, found, unwrap)
    if it.kind in _PREDICATES:
        st = execute_bool(cx, it, jb, True)
        return _append_bool(cx, it, found, st)
    if it.kind in _ARITH:
        return _binary_arith(cx, it, jb, found)
    return methods.execute_method(cx, it, jb, found, unwrap)


def unwrap_target_array(cx: Ctx, it: JpItem | None, jb: Any, found: Found,
                        unwrap_elements: bool) -> bool:
    """executeItemUnwrapTargetArray."""
    return execute_any(cx, it, jb, found, 1, 1, 1, False, unwrap_elements)


def _children(jb: Any) -> Iterator[Any]:
    return iter(jb.values()) if isinstance(jb, dict) else iter(jb)


def execute_any(cx: Ctx, it: JpItem | None, jbc: Any, found: Found, level: int, first: int,
                last: int, ignore_structural: bool, unwrap_next: bool) -> bool:
    """executeAnyItem: the children of a container, recursing down to ``last``."""
    res = False
    if level > last:
        return res
    for v in _children(jbc):
        is_container = isinstance(v, (dict, list))
        if level >= first or (first == ANY_LAST and last == ANY_LAST and not is_container):
            if it is not None:
                if ignore_structural:
                    saved = cx.ignore_structural
                    cx.ignore_structural = True
                    try:
                        res = execute_opt_unwrap(cx, it, v, found, unwrap_next)
                    finally:
                        cx.ignore_structural = saved
                else:
                    res = execute_opt_unwrap(cx, it, v, found, unwrap_next)
                if res and found is None:
                    break
            elif found is not None:
                found.append(v)
            else:
                return True
        if level < last and is_container:
            res = execute_any(cx, it, v, found, level + 1, first, last, ignore_structural,
                              unwrap_next)
            if res and found is None:
                break
    return res


# --- accessors ----------------------------------------------------------------------------------


def _key(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if isinstance(jb, dict):
        if it.value in jb:
            return execute_next(cx, it, None, jb[it.value], found)
        if not cx.ignore_structural:
            cx.fail(_err("2203A", f'JSON object does not contain key "{it.value}"'))
        return False
    if unwrap and isinstance(jb, list):
        return unwrap_target_array(cx, it, jb, found, False)
    if not cx.ignore_structural:
        cx.fail(_err("2203A", "jsonpath member accessor can only be applied to an object"))
    return False


def _root(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    saved = cx.base
    cx.base = (cx.root, 0)
    try:
        return execute_next(cx, it, None, cx.root, found)
    finally:
        cx.base = saved


def _current(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    return execute_next(cx, it, None, cx.current, found)


def _any_array(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if isinstance(jb, list):
        return unwrap_target_array(cx, it.next, jb, found, cx.lax)
    if cx.lax:
        return execute_next(cx, it, None, jb, found)
    if not cx.ignore_structural:
        cx.fail(_err("22039", "jsonpath wildcard array accessor can only be applied to an array"))
    return False


def _any_key(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if isinstance(jb, dict):
        return execute_any(cx, it.next, jb, found, 1, 1, 1, False, cx.lax)
    if unwrap and isinstance(jb, list):
        return unwrap_target_array(cx, it, jb, found, False)
    if not cx.ignore_structural:
        cx.fail(_err("2203C",
                     "jsonpath wildcard member accessor can only be applied to an object"))
    return False


def _any(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    first, last = it.value
    res = False
    if first == 0:
        saved = cx.ignore_structural
        cx.ignore_structural = True
        try:
            res = execute_next(cx, it, None, jb, found)
        finally:
            cx.ignore_structural = saved
        if res and found is None:
            return res
    if isinstance(jb, (dict, list)):
        res = execute_any(cx, it.next, jb, found, 1, first, last, True, cx.lax)
    return res


def _array_index(cx: Ctx, it: JpItem, jb: Any) -> int:
    """getArrayIndex."""
    vals: list[Any] = []
    execute_item(cx, it, jb, vals)
    if len(vals) != 1 or not _is_number(vals[0]):
        cx.fail(_err("22033", "jsonpath array subscript is not a single numeric value"))
    n = numeric_trunc(vals[0], 0)
    if not n.is_finite() or not -(2**31) <= n <= 2**31 - 1:
        cx.fail(_err("22033", "jsonpath array subscript is out of integer range"))
    return int(n)


def _index_array(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if not (isinstance(jb, list) or cx.lax):
        if not cx.ignore_structural:
            cx.fail(_err("22039", "jsonpath array accessor can only be applied to an array"))
        return False
    saved_size = cx.innermost_size
    singleton = not isinstance(jb, list)
    size = 1 if singleton else len(jb)
    cx.innermost_size = size
    res = False
    for frm, to in it.elems:
        try:
            i_from = _array_index(cx, frm, jb)
            i_to = _array_index(cx, to, jb) if to is not None else i_from
        except Suppressed:
            cx.innermost_size = saved_size
            raise
        if not cx.ignore_structural and (i_from < 0 or i_from > i_to or i_to >= size):
            # RETURN_ERROR: PostgreSQL leaves innermostArraySize as it is here
            cx.fail(_err("22033", "jsonpath array subscript is out of bounds"))
        i_from = max(i_from, 0)
        i_to = min(i_to, size - 1)
        res = False
        for index in range(i_from, i_to + 1):
            v = jb if singleton else jb[index]
            if it.next is None and found is None:
                cx.innermost_size = saved_size  # PG returns without restoring; harmless here
                return True
            try:
                res = execute_next(cx, it, None, v, found)
            except Suppressed:
                cx.innermost_size = saved_size
                raise
            if res and found is None:
                break
        if res and found is None:
            break
    cx.innermost_size = saved_size
    return res


def _last(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if it.next is None and found is None:
        return True
    return execute_next(cx, it, None, int_to_numeric(cx.innermost_size - 1), found)


def _literal(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if it.next is None and found is None and it.kind != "variable":
        return True
    k = it.kind
    saved = cx.base
    if k == "null":
        v: Any = JSON_NULL
    elif k in ("bool", "numeric", "string"):
        v = it.value
    else:
        v = _variable(cx, it.value)
    try:
        return execute_next(cx, it, None, v, found)
    finally:
        cx.base = saved


def _variable(cx: Ctx, name: str) -> Any:
    """getJsonPathVariableFromJsonb."""
    vars_ = cx.vars
    if not isinstance(vars_, dict) or name not in vars_:
        raise UndefinedObject(f'could not find jsonpath variable "{name}"')
    cx.base = (vars_, 1)  # the base object of a variable is the whole vars document
    return vars_[name]


def _filter(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    if unwrap and isinstance(jb, list):
        return unwrap_target_array(cx, it, jb, found, False)
    assert it.left is not None
    if _nested_bool(cx, it.left, jb) is not True:
        return False
    return execute_next(cx, it, None, jb, found)


_HANDLERS = {
    "key": _key, "root": _root, "current": _current, "any_array": _any_array,
    "any_key": _any_key, "any": _any, "index_array": _index_array, "last": _last,
    "null": _literal, "bool": _literal, "numeric": _literal, "string": _literal,
    "variable": _literal, "filter": _filter,
}


# --- predicates ---------------------------------------------------------------------------------

_PREDICATES = {"and", "or", "not", "is_unknown", "eq", "ne", "lt", "gt", "le", "ge",
               "starts_with", "like_regex", "exists"}
_COMPARISONS = {"eq", "ne", "lt", "gt", "le", "ge"}


def _append_bool(cx: Ctx, it: JpItem, found: Found, st: bool | None) -> bool:
    """appendBoolResult."""
    if it.next is None and found is None:
        return True
    return execute_next(cx, it, None, JSON_NULL if st is None else st, found)


def _nested_bool(cx: Ctx, it: JpItem, jb: Any) -> bool | None:
    """executeNestedBoolItem: ``@`` is the filtered item."""
    saved = cx.current
    cx.current = jb
    try:
        return execute_bool(cx, it, jb, False)
    finally:
        cx.current = saved


def execute_bool(cx: Ctx, it: JpItem, jb: Any, can_have_next: bool) -> bool | None:
    """executeBoolItem: three-valued logic (None is unknown)."""
    k = it.kind
    assert it.left is not None
    if k == "and":
        assert it.right is not None
        res = execute_bool(cx, it.left, jb, False)
        if res is False:
            return False
        res2 = execute_bool(cx, it.right, jb, False)
        return res if res2 is True else res2
    if k == "or":
        assert it.right is not None
        res = execute_bool(cx, it.left, jb, False)
        if res is True:
            return True
        res2 = execute_bool(cx, it.right, jb, False)
        return res if res2 is False else res2
    if k == "not":
        res = execute_bool(cx, it.left, jb, False)
        return None if res is None else not res
    if k == "is_unknown":
        return execute_bool(cx, it.left, jb, False) is None
    if k in _COMPARISONS:
        return _predicate(cx, it, it.left, it.right, jb, True)
    if k in ("starts_with", "like_regex"):
        return _predicate(cx, it, it.left, it.right, jb, False)
    if k == "exists":
        return _exists(cx, it.left, jb)
    raise AssertionError(k)


def _exists(cx: Ctx, arg: JpItem, jb: Any) -> bool | None:
    if not cx.lax:
        vals: list[Any] = []
        try:
            _unwrap_result_nothrow(cx, arg, jb, False, vals)
        except Suppressed:
            return None
        return bool(vals)
    try:
        return _unwrap_result_nothrow(cx, arg, jb, False, None)
    except Suppressed:
        return None


def _unwrap_result(cx: Ctx, it: JpItem, jb: Any, unwrap: bool, found: list[Any] | None) -> bool:
    """executeItemOptUnwrapResult."""
    if unwrap and cx.lax:
        seq: list[Any] = []
        execute_item(cx, it, jb, seq)
        assert found is not None
        for v in seq:
            if isinstance(v, list):
                unwrap_target_array(cx, None, v, found, False)
            else:
                found.append(v)
        return True
    return execute_item(cx, it, jb, found)


def _unwrap_result_nothrow(cx: Ctx, it: JpItem, jb: Any, unwrap: bool,
                           found: list[Any] | None) -> bool:
    saved = cx.throw
    cx.throw = False
    try:
        return _unwrap_result(cx, it, jb, unwrap, found)
    finally:
        cx.throw = saved


def _predicate(cx: Ctx, pred: JpItem, larg: JpItem, rarg: JpItem | None, jb: Any,
               unwrap_right: bool) -> bool | None:
    """executePredicate."""
    lseq: list[Any] = []
    rseq: list[Any] = []
    try:
        _unwrap_result_nothrow(cx, larg, jb, True, lseq)
        if rarg is not None and pred.kind != "like_regex":
            _unwrap_result_nothrow(cx, rarg, jb, unwrap_right, rseq)
    except Suppressed:
        return None
    error = found = False
    for lval in lseq:
        rvals: list[Any] = rseq if rarg is not None and pred.kind != "like_regex" else [None]
        for rval in rvals:
            res = _apply_predicate(cx, pred, lval, rval)
            if res is None:
                if not cx.lax:
                    return None
                error = True
            elif res:
                if cx.lax:
                    return True
                found = True
    if found:
        return True
    if error:
        return None
    return False


def _apply_predicate(cx: Ctx, pred: JpItem, lval: Any, rval: Any) -> bool | None:
    k = pred.kind
    if k == "starts_with":
        if not isinstance(lval, str) or not isinstance(rval, str):
            return None
        return lval.startswith(rval)
    if k == "like_regex":
        if not isinstance(lval, str):
            return None
        return methods.like_regex_match(pred, lval)
    return compare_items(cx, k, lval, rval)


def _jbv_type(v: Any) -> str:
    """The JsonbValue type compareItems dispatches on: every datetime item is jbvDatetime."""
    return "datetime" if isinstance(v, JpDatetime) else jtype(v)


def compare_items(cx: Ctx, op: str, a: Any, b: Any) -> bool | None:
    """compareItems."""
    ta, tb = _jbv_type(a), _jbv_type(b)
    if ta != tb:
        if ta == "null" or tb == "null":
            return op == "ne"
        return None
    if ta == "null":
        cmp = 0
    elif ta == "boolean":
        cmp = int(a) - int(b)
    elif ta == "number":
        cmp = numeric_cmp(a, b)
    elif ta == "string":
        if op == "eq":
            return bool(a == b)
        cmp = (a > b) - (a < b)
    elif ta in ("array", "object"):
        return None
    else:
        c = methods.compare_datetime(cx, a, b)
        if c is None:
            return None
        cmp = c
    return {"eq": cmp == 0, "ne": cmp != 0, "lt": cmp < 0, "gt": cmp > 0, "le": cmp <= 0,
            "ge": cmp >= 0}[op]


# --- arithmetic ---------------------------------------------------------------------------------

_ARITH = {"add": numeric_add, "sub": numeric_sub, "mul": numeric_mul, "div": numeric_div,
          "mod": numeric_mod}


def _is_number(v: Any) -> bool:
    return isinstance(v, Decimal)


def _binary_arith(cx: Ctx, it: JpItem, jb: Any, found: Found) -> bool:
    """executeBinaryArithmExpr."""
    assert it.left is not None and it.right is not None
    lseq: list[Any] = []
    rseq: list[Any] = []
    _unwrap_result(cx, it.left, jb, True, lseq)
    _unwrap_result(cx, it.right, jb, True, rseq)
    op = BINARY_OPS[it.kind]
    if len(lseq) != 1 or not _is_number(lseq[0]):
        cx.fail(_err("22038", f"left operand of jsonpath operator {op} is not a single numeric "
                              "value"))
    if len(rseq) != 1 or not _is_number(rseq[0]):
        cx.fail(_err("22038", f"right operand of jsonpath operator {op} is not a single "
                              "numeric value"))
    try:
        res = _ARITH[it.kind](lseq[0], rseq[0])
    except EngineError as err:
        cx.fail(err)
    if it.next is None and found is None:
        return True
    return execute_next(cx, it, None, res, found)


def _unary_arith(cx: Ctx, it: JpItem, jb: Any, found: Found, unwrap: bool) -> bool:
    """executeUnaryArithmExpr."""
    assert it.left is not None
    seq: list[Any] = []
    _unwrap_result(cx, it.left, jb, True, seq)
    res = False
    has_next = it.next is not None
    for v in seq:
        if _is_number(v):
            if found is None and not has_next:
                return True
        else:
            if found is None and not has_next:
                continue
            op = "+" if it.kind == "plus" else "-"
            cx.fail(_err("2203B", f"operand of unary jsonpath operator {op} is not a numeric "
                                  "value"))
        if it.kind == "minus":
            v = numeric_uminus(v)
        if execute_next(cx, it, None, v, found):
            if found is None:
                return True
            res = True
    return res


_HANDLERS["plus"] = _unary_arith
_HANDLERS["minus"] = _unary_arith
methods.bind(execute_next, unwrap_target_array)


# --- entry points -------------------------------------------------------------------------------


def execute_jsonpath(path: JsonPath, vars_: Jsonb | None, target: Jsonb, throw: bool,
                     found: list[Any] | None, use_tz: bool, settings: Any) -> bool:
    """executeJsonPath: True for jperOk, False for jperNotFound; Suppressed for jperError."""
    if vars_ is not None and not isinstance(vars_.root, dict):
        raise InvalidParameterValue(
            '"vars" argument is not an object',
            detail='Jsonpath parameters should be encoded as key-value pairs of "vars" object.')
    root = target.root
    cx = Ctx(lax=path.lax, root=root, vars=None if vars_ is None else vars_.root, throw=throw,
             use_tz=use_tz, settings=settings, generated_id=1 + (vars_ is not None))
    if not path.lax and found is None:
        vals: list[Any] = []
        execute_item(cx, path.expr, root, vals)
        return bool(vals)
    return execute_item(cx, path.expr, root, found)


def _run(target: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
         found: list[Any] | None, use_tz: bool, settings: Any) -> bool | None:
    try:
        return execute_jsonpath(path, vars_, target, not silent, found, use_tz, settings)
    except Suppressed:
        return None
    except RecursionError:
        from engine.errors import FeatureNotSupported

        raise FeatureNotSupported("jsonpath evaluation nested too deeply") from None


def _exists_impl(target: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
                 use_tz: bool, settings: Any) -> bool | None:
    return _run(target, path, vars_, silent, None, use_tz, settings)


def _match_impl(target: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
                use_tz: bool, settings: Any) -> bool | None:
    found: list[Any] = []
    _run(target, path, vars_, silent, found, use_tz, settings)
    if len(found) == 1:
        v = found[0]
        if isinstance(v, bool):
            return v
        if v is JSON_NULL:
            return None
    if not silent:
        raise _err("22038", "single boolean result is expected")
    return None


def _query_impl(target: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
                use_tz: bool, settings: Any) -> list[Jsonb]:
    found: list[Any] = []
    _run(target, path, vars_, silent, found, use_tz, settings)
    return [Jsonb(methods.to_jsonb_node(v)) for v in found]


def jsonb_path_exists(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                      silent: bool) -> bool | None:
    return _exists_impl(target, path, vars_, silent, False, ctx.settings)


def jsonb_path_match(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                     silent: bool) -> bool | None:
    return _match_impl(target, path, vars_, silent, False, ctx.settings)


def jsonb_path_query(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                     silent: bool) -> list[Jsonb]:
    return _query_impl(target, path, vars_, silent, False, ctx.settings)


def jsonb_path_query_array(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                           silent: bool) -> Jsonb:
    return Jsonb([v.root for v in _query_impl(target, path, vars_, silent, False, ctx.settings)])


def jsonb_path_query_first(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                           silent: bool) -> Jsonb | None:
    rows = _query_impl(target, path, vars_, silent, False, ctx.settings)
    return rows[0] if rows else None


def jsonb_path_exists_opr(ctx: Any, target: Jsonb, path: JsonPath) -> bool | None:
    return _exists_impl(target, path, None, True, False, ctx.settings)


def jsonb_path_match_opr(ctx: Any, target: Jsonb, path: JsonPath) -> bool | None:
    return _match_impl(target, path, None, True, False, ctx.settings)


def jsonb_path_exists_tz(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                         silent: bool) -> bool | None:
    return _exists_impl(target, path, vars_, silent, True, ctx.settings)


def jsonb_path_match_tz(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                        silent: bool) -> bool | None:
    return _match_impl(target, path, vars_, silent, True, ctx.settings)


def jsonb_path_query_tz(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                        silent: bool) -> list[Jsonb]:
    return _query_impl(target, path, vars_, silent, True, ctx.settings)


def jsonb_path_query_array_tz(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                              silent: bool) -> Jsonb:
    return Jsonb([v.root for v in _query_impl(target, path, vars_, silent, True, ctx.settings)])


def jsonb_path_query_first_tz(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb,
                              silent: bool) -> Jsonb | None:
    rows = _query_impl(target, path, vars_, silent, True, ctx.settings)
    return rows[0] if rows else None


FUNCTIONS: dict[str, Callable[..., Any]] = {}
SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonb_path_exists": jsonb_path_exists,
    "jsonb_path_match": jsonb_path_match,
    "jsonb_path_query_array": jsonb_path_query_array,
    "jsonb_path_query_first": jsonb_path_query_first,
    "jsonb_path_exists_opr": jsonb_path_exists_opr,
    "jsonb_path_match_opr": jsonb_path_match_opr,
    "jsonb_path_exists_tz": jsonb_path_exists_tz,
    "jsonb_path_match_tz": jsonb_path_match_tz,
    "jsonb_path_query_array_tz": jsonb_path_query_array_tz,
    "jsonb_path_query_first_tz": jsonb_path_query_first_tz,
}
CONTEXT_SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonb_path_query": jsonb_path_query,
    "jsonb_path_query_tz": jsonb_path_query_tz,
}
