"""jsonb operators and editing functions: comparison (=, <>, <, <=, >, >=, jsonb_cmp), containment
(@>, <@), existence (?, ?|, ?&), concatenation (||), deletion (-, #-), jsonb_set / jsonb_set_lax /
jsonb_insert, json[b]_strip_nulls, jsonb_pretty and the jsonb → bool/numeric/int/float casts —
keyed by pg_proc.prosrc.

Follows PostgreSQL 18 src/backend/utils/adt/jsonb_op.c (jsonb_exists*, jsonb_contains, the btree
operators), jsonfuncs.c (jsonb_concat / IteratorConcat, jsonb_delete*, jsonb_set*, jsonb_insert,
setPath / setPathObject / setPathArray, json[b]_strip_nulls and its semantic actions, jsonb_pretty)
and jsonb.c (jsonb_bool, jsonb_numeric, jsonb_int2/4/8, jsonb_float4/8). Subscripting assignment
(jsonb_set_element, JB_PATH_FILL_GAPS) is not here: it belongs to UPDATE.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.errors import EngineError, InvalidParameterValue, InvalidTextRepresentation
from engine.functions.json_access import INT_MIN, strtoint
from engine.types import floats, integer, numeric
from engine.types.base import ArrayValue
from engine.types.json import K_ARRAY, K_NULL, K_OBJECT, K_STRING, JNode, escape_json, parse
from engine.types.jsonb import (
    JSON_NULL,
    Jsonb,
    cast_scalar,
    contains,
    exists,
    jsonb_cmp_exact,
    jsonb_compare,
    object_from_pairs,
    sort_object,
    to_pretty_text,
)


class NullValueNotAllowed(EngineError):
    sqlstate = "22004"


class ArraySubscriptError(EngineError):
    sqlstate = "2202E"


# --- comparison, containment, existence -------------------------------------------------------


def jsonb_eq(a: Jsonb, b: Jsonb) -> bool:
    return jsonb_compare(a, b) == 0


def jsonb_ne(a: Jsonb, b: Jsonb) -> bool:
    return jsonb_compare(a, b) != 0


def jsonb_lt(a: Jsonb, b: Jsonb) -> bool:
    return jsonb_compare(a, b) < 0


def jsonb_le(a: Jsonb, b: Jsonb) -> bool:
    return jsonb_compare(a, b) <= 0


def jsonb_gt(a: Jsonb, b: Jsonb) -> bool:
    return jsonb_compare(a, b) > 0


def jsonb_ge(a: Jsonb, b: Jsonb) -> bool:
    return jsonb_compare(a, b) >= 0


def jsonb_cmp(a: Jsonb, b: Jsonb) -> int:
    return jsonb_cmp_exact(a, b)


def jsonb_contains(a: Jsonb, b: Jsonb) -> bool:
    return contains(a.root, b.root)


def jsonb_contained(a: Jsonb, b: Jsonb) -> bool:
    return contains(b.root, a.root)


def jsonb_exists(jb: Jsonb, key: str) -> bool:
    return exists(jb.root, key)


def jsonb_exists_any(jb: Jsonb, keys: ArrayValue) -> bool:
    return any(k is not None and exists(jb.root, k) for k in keys.items)


def jsonb_exists_all(jb: Jsonb, keys: ArrayValue) -> bool:
    return all(k is None or exists(jb.root, k) for k in keys.items)


# --- concatenation and deletion ---------------------------------------------------------------


def _count(root: Any) -> int:
    return len(root) if isinstance(root, (dict, list)) else 1


def _is_scalar(root: Any) -> bool:
    return not isinstance(root, (dict, list))


def _elements(root: Any) -> list[Any]:
    return root if isinstance(root, list) else [root]


def jsonb_concat(a: Jsonb, b: Jsonb) -> Jsonb:
    ra, rb = a.root, b.root
    a_obj, b_obj = isinstance(ra, dict), isinstance(rb, dict)
    if a_obj == b_obj:
        # an empty operand hands back the other one unless that is a scalar
        if _count(ra) == 0 and not _is_scalar(rb):
            return b
        if _count(rb) == 0 and not _is_scalar(ra):
            return a
    if a_obj and b_obj:
        merged = dict(ra)
        merged.update(rb)
        return Jsonb(sort_object(merged))
    if a_obj:
        return Jsonb([ra, *_elements(rb)])
    if b_obj:
        return Jsonb([*_elements(ra), rb])
    return Jsonb([*_elements(ra), *_elements(rb)])


def _check_deletable(jb: Jsonb) -> None:
    if _is_scalar(jb.root):
        raise InvalidParameterValue("cannot delete from scalar")


def _without_keys(root: Any, drop: Callable[[str], bool]) -> Any:
    if isinstance(root, dict):
        return {k: v for k, v in root.items() if not drop(k)}
    return [v for v in root if not (isinstance(v, str) and drop(v))]


def jsonb_delete(jb: Jsonb, key: str) -> Jsonb:
    _check_deletable(jb)
    if _count(jb.root) == 0:
        return jb
    return Jsonb(_without_keys(jb.root, lambda k: k == key))


def _check_one_dimension(arr: ArrayValue) -> None:
    if len(arr.dims) > 1:
        raise ArraySubscriptError("wrong number of array subscripts")


def jsonb_delete_array(jb: Jsonb, keys: ArrayValue) -> Jsonb:
    _check_one_dimension(keys)
    _check_deletable(jb)
    if _count(jb.root) == 0 or not keys.items:
        return jb
    drop = {k for k in keys.items if k is not None}
    return Jsonb(_without_keys(jb.root, drop.__contains__))


def jsonb_delete_idx(jb: Jsonb, idx: int) -> Jsonb:
    _check_deletable(jb)
    root = jb.root
    if isinstance(root, dict):
        raise InvalidParameterValue("cannot delete from object using integer index")
    n = len(root)
    if n == 0:
        return jb
    if idx < 0:
        idx = n if -idx > n else n + idx
    if idx >= n:
        return jb
    return Jsonb(root[:idx] + root[idx + 1:])


# --- setPath ----------------------------------------------------------------------------------

CREATE, REPLACE, DELETE, INSERT_BEFORE, INSERT_AFTER = 1, 2, 4, 8, 16
CREATE_OR_INSERT = CREATE | INSERT_BEFORE | INSERT_AFTER


def _set_path(v: Any, path: tuple[Any, ...], level: int, newval: Any, op: int) -> Any:
    if path[level] is None:
        raise NullValueNotAllowed(f"path element at position {level + 1} is null")
    if isinstance(v, dict):
        return _set_object(v, path, level, newval, op)
    if isinstance(v, list):
        return _set_array(v, path, level, newval, op)
    return v  # a scalar in the middle of the path: nothing to do


def _set_object(obj: dict[str, Any], path: tuple[Any, ...], level: int, newval: Any,
                op: int) -> dict[str, Any]:
    key: str = path[level]
    last = level == len(path) - 1
    out: list[tuple[str, Any]] = []
    if not obj and op & CREATE_OR_INSERT and last:
        out.append((key, newval))
    done = False
    n = len(obj)
    for i, (k, v) in enumerate(obj.items()):
        if not done and k == key:
            done = True
            if not last:
                out.append((k, _set_path(v, path, level + 1, newval, op)))
                continue
            if op & (INSERT_BEFORE | INSERT_AFTER):
                raise InvalidParameterValue(
                    "cannot replace existing key",
                    hint="Try using the function jsonb_set to replace key value.",
                )
            if not op & DELETE:
                out.append((k, newval))
            continue
        if op & CREATE_OR_INSERT and not done and last and i == n - 1:
            out.append((key, newval))
        out.append((k, v))
    return object_from_pairs(out)


def _set_array(arr: list[Any], path: tuple[Any, ...], level: int, newval: Any,
               op: int) -> list[Any]:
    n = len(arr)
    last = level == len(path) - 1
    idx = strtoint(path[level])
    if idx is None:
        raise InvalidTextRepresentation(
            f'path element at position {level + 1} is not an integer: "{path[level]}"'
        )
    if idx < 0:
        idx = INT_MIN if -idx > n else n + idx
    if idx > n:
        idx = n
    out: list[Any] = []
    done = False
    if (idx == INT_MIN or n == 0) and last and op & CREATE_OR_INSERT:
        out.append(newval)
        done = True
    for i, v in enumerate(arr):
        if i != idx:
            out.append(v)
            continue
        done = True
        if not last:
            out.append(_set_path(v, path, level + 1, newval, op))
            continue
        if op & (INSERT_BEFORE | CREATE):
            out.append(newval)
        if op & (INSERT_AFTER | INSERT_BEFORE):
            out.append(v)
        if op & (INSERT_AFTER | REPLACE):
            out.append(newval)
    if op & CREATE_OR_INSERT and not done and last:
        out.append(newval)
    return out


def jsonb_set(jb: Jsonb, path: ArrayValue, newval: Jsonb, create: bool) -> Jsonb:
    _check_one_dimension(path)
    if _is_scalar(jb.root):
        raise InvalidParameterValue("cannot set path in scalar")
    if _count(jb.root) == 0 and not create:
        return jb
    if not path.items:
        return jb
    op = CREATE if create else REPLACE
    return Jsonb(_set_path(jb.root, path.items, 0, newval.root, op))


_TREATMENTS = ("delete_key", "return_target", "use_json_null", "raise_exception")


def _bad_treatment() -> InvalidParameterValue:
    return InvalidParameterValue(
        'null_value_treatment must be "delete_key", "return_target", "use_json_null", or '
        '"raise_exception"'
    )


def jsonb_set_lax(jb: Jsonb | None, path: ArrayValue | None, newval: Jsonb | None,
                  create: bool | None, treatment: str | None) -> Jsonb | None:
    """Not strict: a NULL new value is handled as ``treatment`` says."""
    if jb is None or path is None or create is None:
        return None
    if treatment is None:
        raise _bad_treatment()
    if newval is not None:
        return jsonb_set(jb, path, newval, create)
    if treatment == "raise_exception":
        raise NullValueNotAllowed(
            "JSON value must not be null",
            detail='Exception was raised because null_value_treatment is "raise_exception".',
            hint="To avoid, either change the null_value_treatment argument or ensure that an "
                 "SQL NULL is not passed.",
        )
    if treatment == "use_json_null":
        return jsonb_set(jb, path, Jsonb(JSON_NULL), create)
    if treatment == "delete_key":
        return jsonb_delete_path(jb, path)
    if treatment == "return_target":
        return jb
    raise _bad_treatment()


def jsonb_delete_path(jb: Jsonb, path: ArrayValue) -> Jsonb:
    _check_one_dimension(path)
    if _is_scalar(jb.root):
        raise InvalidParameterValue("cannot delete path in scalar")
    if _count(jb.root) == 0 or not path.items:
        return jb
    return Jsonb(_set_path(jb.root, path.items, 0, None, DELETE))


def jsonb_insert(jb: Jsonb, path: ArrayValue, newval: Jsonb, after: bool) -> Jsonb:
    _check_one_dimension(path)
    if _is_scalar(jb.root):
        raise InvalidParameterValue("cannot set path in scalar")
    if not path.items:
        return jb
    op = INSERT_AFTER if after else INSERT_BEFORE
    return Jsonb(_set_path(jb.root, path.items, 0, newval.root, op))


# --- strip nulls, pretty ----------------------------------------------------------------------


def _strip(v: Any, in_arrays: bool) -> Any:
    if isinstance(v, dict):
        return {k: _strip(x, in_arrays) for k, x in v.items() if x is not JSON_NULL}
    if isinstance(v, list):
        return [_strip(x, in_arrays) for x in v if not (in_arrays and x is JSON_NULL)]
    return v


def jsonb_strip_nulls(jb: Jsonb, strip_in_arrays: bool = False) -> Jsonb:
    if _is_scalar(jb.root):
        return jb
    return Jsonb(_strip(jb.root, strip_in_arrays))


class _Stripper:
    """json_strip_nulls' semantic actions: re-emit the document without white space, strings
    re-escaped from their de-escaped value, numbers and literals verbatim."""

    def __init__(self, text: str, in_arrays: bool) -> None:
        self.text = text
        self.in_arrays = in_arrays
        self.out: list[str] = []
        self.last = ""

    def emit(self, s: str) -> None:
        self.out.append(s)
        self.last = s[-1]

    def value(self, node: JNode) -> None:
        if node.kind == K_OBJECT:
            self.emit("{")
            for key, child in node.items or ():
                if child.kind == K_NULL:
                    continue
                if self.last != "{":
                    self.emit(",")
                self.emit(escape_json(key) + ":")
                self.value(child)
            self.emit("}")
        elif node.kind == K_ARRAY:
            self.emit("[")
            for child in node.items or ():
                if child.kind == K_NULL and self.in_arrays:
                    continue
                if self.out and self.last != "[":
                    self.emit(",")
                self.value(child)
            self.emit("]")
        elif node.kind == K_STRING:
            self.emit(escape_json(node.value))
        else:
            self.emit(self.text[node.start:node.end])


def json_strip_nulls(j: str, strip_in_arrays: bool = False) -> str:
    root, _ = parse(j)
    s = _Stripper(j, strip_in_arrays)
    s.value(root)
    return "".join(s.out)


def jsonb_pretty(jb: Jsonb) -> str:
    return to_pretty_text(jb.root)


# --- casts to scalar types --------------------------------------------------------------------


def jsonb_bool(jb: Jsonb) -> bool | None:
    v: bool | None = cast_scalar(jb, bool, "boolean")
    return v


def jsonb_numeric(jb: Jsonb) -> Decimal | None:
    v: Decimal | None = cast_scalar(jb, Decimal, "numeric")
    return v


def _to_int(jb: Jsonb, oid: int, sqltype: str) -> int | None:
    d = cast_scalar(jb, Decimal, sqltype)
    return None if d is None else numeric.numeric_to_int(d, oid, integer.check_int)


def jsonb_int2(jb: Jsonb) -> int | None:
    return _to_int(jb, 21, "smallint")


def jsonb_int4(jb: Jsonb) -> int | None:
    return _to_int(jb, 23, "integer")


def jsonb_int8(jb: Jsonb) -> int | None:
    return _to_int(jb, 20, "bigint")


def jsonb_float4(jb: Jsonb) -> float | None:
    d = cast_scalar(jb, Decimal, "real")
    return None if d is None else floats.float4in(numeric.numeric_out(d))


def jsonb_float8(jb: Jsonb) -> float | None:
    d = cast_scalar(jb, Decimal, "double precision")
    return None if d is None else floats.float8in(numeric.numeric_out(d))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        jsonb_eq,
        jsonb_ne,
        jsonb_lt,
        jsonb_le,
        jsonb_gt,
        jsonb_ge,
        jsonb_cmp,
        jsonb_contains,
        jsonb_contained,
        jsonb_exists,
        jsonb_exists_any,
        jsonb_exists_all,
        jsonb_concat,
        jsonb_delete,
        jsonb_delete_array,
        jsonb_delete_idx,
        jsonb_delete_path,
        jsonb_set,
        jsonb_set_lax,
        jsonb_insert,
        jsonb_strip_nulls,
        json_strip_nulls,
        jsonb_pretty,
        jsonb_bool,
        jsonb_numeric,
        jsonb_int2,
        jsonb_int4,
        jsonb_int8,
        jsonb_float4,
        jsonb_float8,
    )
}
