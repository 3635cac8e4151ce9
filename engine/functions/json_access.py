"""json/jsonb accessors: ``->``, ``->>``, ``#>``, ``#>>``, json[b]_extract_path[_text], typeof,
array length, object keys, each, array elements — keyed by pg_proc.prosrc.

Follows PostgreSQL 18 src/backend/utils/adt/jsonfuncs.c (get_worker and its semantic actions,
get_jsonb_path_all / jsonb_get_element, json[b]_array_length, json[b]_object_keys, each_worker*,
elements_worker*) and json.c/jsonb.c (json_typeof, jsonb_typeof). The json (text) variants return
verbatim slices of their input, as PostgreSQL does, and raise errors in PostgreSQL's order: a
function's own check on the top-level value comes before any de-escaping error further in,
except when the top-level value is itself the offending string.

Values: json is ``str`` (its text), jsonb is ``engine.types.jsonb.Jsonb``; paths are text[]
``ArrayValue``s. Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import InvalidParameterValue
from engine.types.base import ArrayValue
from engine.types.json import (
    K_ARRAY,
    K_NULL,
    K_OBJECT,
    K_STRING,
    T_ARRAY_START,
    T_FALSE,
    T_NULL,
    T_NUMBER,
    T_OBJECT_START,
    T_STRING,
    T_TRUE,
    JNode,
    first_token,
    parse,
)
from engine.types.jsonb import Jsonb, as_text, type_name

INT_MIN = -(2**31)
_STRTOINT = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+)")


def strtoint(s: str) -> int | None:
    """strtoint(s, &end, 10) that must consume the whole string: None when it does not, or the
    value is out of int4 range (leading white space and a sign are accepted, as by strtol)."""
    m = _STRTOINT.fullmatch(s)
    if m is None:
        return None
    v = int(m.group(1))
    return v if -(2**31) <= v < 2**31 else None


# --- json getters (get_worker) ----------------------------------------------------------------


class _Getter:
    """get_worker's state: names/indexes per path level (None never matches), the result."""

    def __init__(self, text: str, names: list[str | None] | None,
                 indexes: list[int] | None, as_text: bool) -> None:
        self.text = text
        self.names = names
        self.indexes = indexes
        self.npath = len(names if names is not None else indexes or [])
        self.as_text = as_text
        self.result: str | None = None

    def take(self, node: JNode) -> None:
        if self.as_text and node.kind == K_STRING:
            self.result = node.value
        elif self.as_text and node.kind == K_NULL:
            self.result = None
        else:
            self.result = self.text[node.start:node.end]

    def visit(self, node: JNode, level: int, ok: bool) -> None:
        """``node`` sits at lexical level ``level``; ``ok`` is pathok[level]."""
        npath = self.npath
        items = node.items
        if node.kind == K_OBJECT and items is not None:
            names = self.names
            for key, child in items:
                matched = ok and names is not None and names[level] is not None \
                    and key == names[level]
                if matched and level == npath - 1:
                    self.take(child)
                elif level + 1 < npath:
                    self.visit(child, level + 1, matched)
        elif node.kind == K_ARRAY and items is not None:
            idxs = self.indexes
            if idxs is not None:
                # get_array_start: a negative subscript is converted, in place, by the first
                # array met at this level — on the path or not (jsonfuncs.c does the same)
                idx = idxs[level]
                if INT_MIN < idx < 0 and -idx <= len(items):
                    idxs[level] = idx = idx + len(items)
            for i, child in enumerate(items):
                matched = ok and idxs is not None and i == idxs[level]
                if matched and level == npath - 1:
                    self.take(child)
                elif level + 1 < npath:
                    self.visit(child, level + 1, matched)


def _get_worker(text: str, names: list[str | None] | None, indexes: list[int] | None,
                as_text: bool) -> str | None:
    root, _ = parse(text)
    g = _Getter(text, names, indexes, as_text)
    if g.npath == 0:
        if root.kind in (K_OBJECT, K_ARRAY):
            return text[root.start:root.end]
        if as_text and root.kind == K_STRING:
            return str(root.value)
        if as_text and root.kind == K_NULL:
            return None
        return text[:root.end]  # whitespace before a scalar is kept, after it is not
    g.visit(root, 0, True)
    return g.result


def json_object_field(j: str, key: str) -> str | None:
    return _get_worker(j, [key], None, False)


def json_object_field_text(j: str, key: str) -> str | None:
    return _get_worker(j, [key], None, True)


def json_array_element(j: str, n: int) -> str | None:
    return _get_worker(j, None, [n], False)


def json_array_element_text(j: str, n: int) -> str | None:
    return _get_worker(j, None, [n], True)


def _json_path(j: str, path: ArrayValue, as_text: bool) -> str | None:
    if any(p is None for p in path.items):
        return None
    names: list[str | None] = list(path.items)
    indexes = []
    for p in path.items:
        v = strtoint(p) if p else None
        indexes.append(INT_MIN if v is None else v)
    return _get_worker(j, names, indexes, as_text)


def json_extract_path(j: str, path: ArrayValue) -> str | None:
    return _json_path(j, path, False)


def json_extract_path_text(j: str, path: ArrayValue) -> str | None:
    return _json_path(j, path, True)


# --- jsonb getters ----------------------------------------------------------------------------


def jsonb_object_field(jb: Jsonb, key: str) -> Jsonb | None:
    root = jb.root
    if not isinstance(root, dict) or key not in root:
        return None
    return Jsonb(root[key])


def jsonb_object_field_text(jb: Jsonb, key: str) -> str | None:
    root = jb.root
    if not isinstance(root, dict) or key not in root:
        return None
    return as_text(root[key])


def _element(jb: Jsonb, n: int) -> Any:
    """jsonb_array_element: JB_ROOT_IS_ARRAY holds for a top-level scalar too (a one-element
    pseudo-array), so ``'1'::jsonb -> 0`` is 1."""
    root = jb.root
    if isinstance(root, dict):
        return None
    items = root if isinstance(root, list) else [root]
    if n < 0:
        if -n > len(items):
            return None
        n += len(items)
    return items[n] if n < len(items) else None


def jsonb_array_element(jb: Jsonb, n: int) -> Jsonb | None:
    v = _element(jb, n)
    return None if v is None else Jsonb(v)


def jsonb_array_element_text(jb: Jsonb, n: int) -> str | None:
    v = _element(jb, n)
    return None if v is None else as_text(v)


def _jsonb_get(jb: Jsonb, path: ArrayValue, text_result: bool) -> Jsonb | str | None:
    """jsonb_get_element."""
    if any(p is None for p in path.items):
        return None
    root = jb.root
    if not path.items:
        if text_result:
            return as_text(root)
        return jb
    cur = root
    for p in path.items:
        if isinstance(cur, dict):
            if p not in cur:
                return None
            cur = cur[p]
        elif isinstance(cur, list):
            idx = strtoint(p)
            if idx is None:
                return None
            if idx < 0:
                if idx == INT_MIN or -idx > len(cur):
                    return None
                idx += len(cur)
            if idx >= len(cur):
                return None
            cur = cur[idx]
        else:
            return None
    if text_result:
        return as_text(cur)
    return Jsonb(cur)


def jsonb_extract_path(jb: Jsonb, path: ArrayValue) -> Jsonb | str | None:
    return _jsonb_get(jb, path, False)


def jsonb_extract_path_text(jb: Jsonb, path: ArrayValue) -> Jsonb | str | None:
    return _jsonb_get(jb, path, True)


# --- typeof and array length ------------------------------------------------------------------

_TYPEOF = {
    T_OBJECT_START: "object",
    T_ARRAY_START: "array",
    T_STRING: "string",
    T_NUMBER: "number",
    T_TRUE: "boolean",
    T_FALSE: "boolean",
    T_NULL: "null",
}


def json_typeof(j: str) -> str:
    return _TYPEOF[first_token(j)]


def jsonb_typeof(jb: Jsonb) -> str:
    return type_name(jb.root)


def json_array_length(j: str) -> int:
    root, _ = parse(j, decode=False)
    if root.kind == K_OBJECT:
        raise InvalidParameterValue("cannot get array length of a non-array")
    if root.kind != K_ARRAY:
        raise InvalidParameterValue("cannot get array length of a scalar")
    return len(root.items)


def jsonb_array_length(jb: Jsonb) -> int:
    root = jb.root
    if isinstance(root, dict):
        raise InvalidParameterValue("cannot get array length of a non-array")
    if not isinstance(root, list):
        raise InvalidParameterValue("cannot get array length of a scalar")
    return len(root)


# --- set-returning functions ------------------------------------------------------------------


def _parse_checked(
    j: str, decode: bool, on_object: str | None, on_array: str | None, on_scalar: str
) -> JNode:
    """Parse for a function that refuses some top-level shapes: containers are refused before
    anything inside is de-escaped; a top-level string's own escape error comes first."""
    root, deferred = parse(j, decode=decode, defer=True)
    if root.kind == K_OBJECT and on_object is not None:
        raise InvalidParameterValue(on_object)
    if root.kind == K_ARRAY and on_array is not None:
        raise InvalidParameterValue(on_array)
    if deferred is not None:
        raise deferred
    if root.kind not in (K_OBJECT, K_ARRAY):
        raise InvalidParameterValue(on_scalar)
    node: JNode = root
    return node


def json_object_keys(j: str) -> Iterator[str]:
    root = _parse_checked(j, True, None, "cannot call json_object_keys on an array",
                          "cannot call json_object_keys on a scalar")
    return iter([k for k, _ in root.items or ()])


def jsonb_object_keys(jb: Jsonb) -> Iterator[str]:
    root = jb.root
    if isinstance(root, list):
        raise InvalidParameterValue("cannot call jsonb_object_keys on an array")
    if not isinstance(root, dict):
        raise InvalidParameterValue("cannot call jsonb_object_keys on a scalar")
    return iter(list(root))


def _json_value(j: str, node: JNode, text_result: bool) -> str | None:
    if text_result and node.kind == K_STRING:
        return str(node.value)
    if text_result and node.kind == K_NULL:
        return None
    return j[node.start:node.end]


def _json_each(j: str, text_result: bool) -> Iterator[tuple[str, str | None]]:
    root = _parse_checked(j, True, None, "cannot deconstruct an array as an object",
                          "cannot deconstruct a scalar")
    return iter([(k, _json_value(j, v, text_result)) for k, v in root.items or ()])


def json_each(j: str) -> Iterator[tuple[str, str | None]]:
    return _json_each(j, False)


def json_each_text(j: str) -> Iterator[tuple[str, str | None]]:
    return _json_each(j, True)


def _jsonb_each(jb: Jsonb, name: str, text_result: bool) -> Iterator[tuple[str, Any]]:
    root = jb.root
    if not isinstance(root, dict):
        raise InvalidParameterValue(f"cannot call {name} on a non-object")
    if text_result:
        return iter([(k, as_text(v)) for k, v in root.items()])
    return iter([(k, Jsonb(v)) for k, v in root.items()])


def jsonb_each(jb: Jsonb) -> Iterator[tuple[str, Any]]:
    return _jsonb_each(jb, "jsonb_each", False)


def jsonb_each_text(jb: Jsonb) -> Iterator[tuple[str, Any]]:
    return _jsonb_each(jb, "jsonb_each_text", True)


def _json_elements(j: str, name: str, text_result: bool) -> Iterator[str | None]:
    root = _parse_checked(j, text_result, f"cannot call {name} on a non-array", None,
                          f"cannot call {name} on a scalar")
    return iter([_json_value(j, v, text_result) for v in root.items or ()])


def json_array_elements(j: str) -> Iterator[str | None]:
    return _json_elements(j, "json_array_elements", False)


def json_array_elements_text(j: str) -> Iterator[str | None]:
    return _json_elements(j, "json_array_elements_text", True)


def _jsonb_elements(jb: Jsonb, text_result: bool) -> Iterator[Any]:
    root = jb.root
    if isinstance(root, dict):
        raise InvalidParameterValue("cannot extract elements from an object")
    if not isinstance(root, list):
        raise InvalidParameterValue("cannot extract elements from a scalar")
    if text_result:
        return iter([as_text(v) for v in root])
    return iter([Jsonb(v) for v in root])


def jsonb_array_elements(jb: Jsonb) -> Iterator[Any]:
    return _jsonb_elements(jb, False)


def jsonb_array_elements_text(jb: Jsonb) -> Iterator[Any]:
    return _jsonb_elements(jb, True)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        json_object_field,
        json_object_field_text,
        json_array_element,
        json_array_element_text,
        json_extract_path,
        json_extract_path_text,
        jsonb_object_field,
        jsonb_object_field_text,
        jsonb_array_element,
        jsonb_array_element_text,
        jsonb_extract_path,
        jsonb_extract_path_text,
        json_typeof,
        jsonb_typeof,
        json_array_length,
        jsonb_array_length,
    )
}
SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        json_object_keys,
        jsonb_object_keys,
        json_each,
        json_each_text,
        jsonb_each,
        jsonb_each_text,
        json_array_elements,
        json_array_elements_text,
        jsonb_array_elements,
        jsonb_array_elements_text,
    )
}
