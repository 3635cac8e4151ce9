"""Array types of every element type: text input (array_in), output (array_out), the sort/group
key (array_cmp) and the array PgType descriptors.

Follows PostgreSQL 18's src/backend/utils/adt/arrayfuncs.c: ReadArrayDimensions, ReadArrayStr and
ReadArrayToken for input, array_out's quoting, array_cmp/array_eq for ordering and equality.
Element types are looked up in the registry at call time (``engine.types.registry``), never at
import time, because the registry imports this module while it is being built. Values are the
shared ``ArrayValue``. Must not import ``replica`` or ``wire``, nor anything from the engine beyond
``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidTextRepresentation
from engine.types.array_oids import ARRAY_OIDS, TYPDELIMS
from engine.types.base import ArrayValue, PgType
from engine.types.settings import DEFAULT_SETTINGS, FormatSettings

MAXDIM = 6
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
MAX_ARRAY_SIZE = 134217727  # MaxArraySize: MaxAllocSize / sizeof(Datum)
_WS = " \t\n\r\v\f"  # scanner_isspace
_DIM_INT = re.compile(r"[+-]?\d+")
# pg_type.typcategory of the date/time types whose input depends on DateStyle and TimeZone
_DATETIME_CATEGORY = "D"

ELEMENT_OID_OF: dict[int, int] = {arr: elem for elem, arr in ARRAY_OIDS.items()}


class ArraySubscriptError(EngineError):
    sqlstate = "2202E"


class ProgramLimitExceeded(EngineError):
    sqlstate = "54000"


class NullValueNotAllowed(EngineError):
    sqlstate = "22004"


class DataException(EngineError):
    sqlstate = "22000"


class DatatypeMismatch(EngineError):
    sqlstate = "42804"


def element_type(oid: int) -> PgType:
    """The element type's descriptor (FeatureNotSupported when the registry lacks it)."""
    from engine.types import registry

    return registry.type_by_oid(oid)


def typdelim(elem_oid: int) -> str:
    return TYPDELIMS.get(elem_oid, ",")


def empty_array(elem_oid: int) -> ArrayValue:
    return ArrayValue(elem_oid, (), (), ())


def make_array(
    elem_oid: int, dims: Sequence[int], lbounds: Sequence[int], items: Sequence[Any]
) -> ArrayValue:
    """An ArrayValue, normalised as PG stores it: any zero-length dimension gives ``{}``."""
    if not dims or 0 in dims:
        return empty_array(elem_oid)
    return ArrayValue(elem_oid, tuple(dims), tuple(lbounds), tuple(items))


# --- input -------------------------------------------------------------------------------------


def _malformed(text: str, detail: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation(f'malformed array literal: "{text}"', detail=detail)


def _read_dimensions(text: str) -> tuple[int, list[int], list[int]]:
    """ReadArrayDimensions: the ``[m:n]`` items; returns (position after them, dims, lbounds)."""
    p, n = 0, len(text)
    dims: list[int] = []
    lbs: list[int] = []
    while True:
        while p < n and text[p] in _WS:
            p += 1
        if p >= n or text[p] != "[":
            return p, dims, lbs
        p += 1
        if len(dims) >= MAXDIM:
            raise ProgramLimitExceeded(
                f"number of array dimensions exceeds the maximum allowed ({MAXDIM})"
            )
        first, p = _read_dim_int(text, p)
        if first is None:
            raise _malformed(text, '"[" must introduce explicitly-specified array dimensions.')
        if p < n and text[p] == ":":
            lb = first
            ub, p = _read_dim_int(text, p + 1)
            if ub is None:
                raise _malformed(text, "Missing array dimension value.")
        else:
            lb, ub = 1, first
        if p >= n or text[p] != "]":
            raise _malformed(text, 'Missing "]" after array dimensions.')
        p += 1
        if ub < lb:
            raise ArraySubscriptError("upper bound cannot be less than lower bound")
        if ub == INT_MAX:
            raise ProgramLimitExceeded(f"array upper bound is too large: {ub}")
        length = ub - lb + 1
        if length > INT_MAX:
            raise ProgramLimitExceeded(f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
        dims.append(length)
        lbs.append(lb)


def _read_dim_int(text: str, p: int) -> tuple[int | None, int]:
    m = _DIM_INT.match(text, p)
    if m is None:
        return None, p
    value = int(m.group())
    if not INT_MIN <= value <= INT_MAX:
        raise ProgramLimitExceeded("array bound is out of integer range")
    return value, m.end()


_LEVEL_START, _LEVEL_END, _DELIM, _ELEM, _ELEM_NULL = range(5)


def _read_token(text: str, p: int, delim: str) -> tuple[int, str, int]:
    """ReadArrayToken: (token kind, de-escaped element text, position after the token)."""
    n = len(text)
    while True:
        if p >= n:
            raise _malformed(text, "Unexpected end of input.")
        c = text[p]
        if c == "{":
            return _LEVEL_START, "", p + 1
        if c == "}":
            return _LEVEL_END, "", p + 1
        if c == '"':
            return _read_quoted(text, p + 1, delim)
        if c == delim:
            return _DELIM, "", p + 1
        if c in _WS:
            p += 1
            continue
        return _read_unquoted(text, p, delim)


def _read_quoted(text: str, p: int, delim: str) -> tuple[int, str, int]:
    n = len(text)
    out: list[str] = []
    while True:
        if p >= n:
            raise _malformed(text, "Unexpected end of input.")
        c = text[p]
        if c == "\\":
            p += 1
            if p >= n:
                raise _malformed(text, "Unexpected end of input.")
            out.append(text[p])
            p += 1
        elif c == '"':
            p += 1
            while p < n:
                c = text[p]
                if c == delim or c in "{}":
                    return _ELEM, "".join(out), p
                if c not in _WS:
                    raise _malformed(text, "Incorrectly quoted array element.")
                p += 1
            raise _malformed(text, "Unexpected end of input.")
        else:
            out.append(c)
            p += 1


def _read_unquoted(text: str, p: int, delim: str) -> tuple[int, str, int]:
    n = len(text)
    out: list[str] = []
    keep = 0  # length of the value without trailing (unescaped) whitespace
    escaped = False
    while True:
        if p >= n:
            raise _malformed(text, "Unexpected end of input.")
        c = text[p]
        if c == "{":
            raise _malformed(text, 'Unexpected "{" character.')
        if c == '"':
            raise _malformed(text, "Incorrectly quoted array element.")
        if c == "\\":
            p += 1
            if p >= n:
                raise _malformed(text, "Unexpected end of input.")
            out.append(text[p])
            keep = len(out)
            escaped = True
            p += 1
            continue
        if c == delim or c == "}":
            value = "".join(out[:keep])
            if not escaped and value.upper() == "NULL":
                return _ELEM_NULL, "", p
            return _ELEM, value, p
        out.append(c)
        if c not in _WS:
            keep = len(out)
        p += 1


def parse_array_text(
    text: str, delim: str = ","
) -> tuple[tuple[int, ...], tuple[int, ...], list[str | None]]:
    """The structure of an array literal: (dims, lbounds, element texts; None for NULL).
    An empty array has no dims. Element input functions are not called here."""
    p, dims, lbs = _read_dimensions(text)
    specified = bool(dims)
    if not specified:
        if p >= len(text) or text[p] != "{":
            raise _malformed(text, 'Array value must start with "{" or dimension information.')
    else:
        if not text.startswith("=", p):
            raise _malformed(text, 'Missing "=" after array dimensions.')
        p += 1
        while p < len(text) and text[p] in _WS:
            p += 1
        if p >= len(text) or text[p] != "{":
            raise _malformed(text, 'Array contents must start with "{".')
    p, found, elems = _read_contents(text, p, delim, dims if specified else None)
    if text[p:].strip(_WS):
        raise _malformed(text, "Junk after closing right brace.")
    if not elems:
        return (), (), []
    if not specified:
        dims, lbs = found, [1] * len(found)
    return tuple(dims), tuple(lbs), elems


def _read_contents(
    text: str, p: int, delim: str, given: list[int] | None
) -> tuple[int, list[int], list[str | None]]:
    """ReadArrayStr: the braces' structure, checked against (or deducing) the dimensions."""
    ndim = len(given) if given else 0
    dim: list[int] = list(given) if given else [-1] * MAXDIM
    frozen = given is not None
    nelems = [0] * MAXDIM
    elems: list[str | None] = []
    level = 0
    expect_delim = False

    def dimension_error() -> InvalidTextRepresentation:
        if given is not None:
            return _malformed(text, "Specified array dimensions do not match array contents.")
        return _malformed(
            text, "Multidimensional arrays must have sub-arrays with matching dimensions."
        )

    while True:
        tok, value, p = _read_token(text, p, delim)
        if tok == _LEVEL_START:
            if expect_delim:
                raise _malformed(text, 'Unexpected "{" character.')
            if level >= MAXDIM:
                raise ProgramLimitExceeded(
                    f"number of array dimensions exceeds the maximum allowed ({MAXDIM})"
                )
            nelems[level] = 0
            level += 1
            if level > ndim:
                if frozen:
                    raise dimension_error()
                ndim = level
        elif tok == _LEVEL_END:
            if nelems[level - 1] > 0 and not expect_delim:
                raise _malformed(text, 'Unexpected "}" character.')
            level -= 1
            if level > 0:
                nelems[level - 1] += 1
            if dim[level] < 0:
                dim[level] = nelems[level]
            elif nelems[level] != dim[level]:
                raise dimension_error()
            expect_delim = True
            if level == 0:
                return p, dim[:ndim], elems
        elif tok == _DELIM:
            if not expect_delim:
                raise _malformed(text, f'Unexpected "{delim}" character.')
            expect_delim = False
        else:
            if expect_delim:
                raise _malformed(text, "Unexpected array element.")
            elems.append(None if tok == _ELEM_NULL else value)
            frozen = True
            if level != ndim:
                raise dimension_error()
            nelems[level - 1] += 1
            expect_delim = True


def element_input(elem: PgType, settings: FormatSettings) -> Callable[[str, int], Any]:
    """The element's input function; date/time input reads DateStyle and TimeZone."""
    if elem.category == _DATETIME_CATEGORY:
        from engine.types import datetime as dt

        if elem.oid in dt._INPUTS:
            return lambda text, typmod: dt.input_with_settings(elem.oid, text, settings, typmod)
    if elem.category == "C":  # a composite's fields may be dates and times
        from engine.types import records

        return lambda text, typmod: records.input_with_settings(elem.oid, text, settings)
    return elem.input


def array_in(
    text: str, elem: PgType, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS
) -> ArrayValue:
    """array_in: parse the literal and run the element input (with the element typmod)."""
    dims, lbs, texts = parse_array_text(text, typdelim(elem.oid))
    read = element_input(elem, settings)
    items = tuple(None if t is None else read(t, typmod) for t in texts)
    return make_array(elem.oid, dims, lbs, items)


def input_with_settings(
    array_type: PgType, text: str, settings: FormatSettings, typmod: int = -1
) -> ArrayValue:
    """array_in for an array type under the session settings (date/time elements need them)."""
    from engine import pgcat  # noqa: PLC0415  (user types: their arrays are per database)

    elem = ELEMENT_OID_OF.get(array_type.oid) or pgcat.element_of(array_type.oid)
    return array_in(text, element_type(elem), typmod, settings)


# --- output ------------------------------------------------------------------------------------

_QUOTE_CHARS = frozenset('{}"\\' + _WS)


def _quote(s: str, delim: str) -> str:
    if s == "" or s.upper() == "NULL" or delim in s or not _QUOTE_CHARS.isdisjoint(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def format_elements(arr: ArrayValue, texts: Sequence[str | None], delim: str = ",") -> str:
    """array_out's layout of already-converted element texts (None prints as NULL)."""
    if not arr.dims:
        return "{}"
    parts = ["NULL" if t is None else _quote(t, delim) for t in texts]
    for d in reversed(arr.dims):
        parts = ["{" + delim.join(parts[i : i + d]) + "}" for i in range(0, len(parts), d)]
    body = parts[0]
    if any(lb != 1 for lb in arr.lbounds):
        deco = "".join(f"[{lb}:{lb + d - 1}]" for d, lb in zip(arr.dims, arr.lbounds, strict=True))
        return f"{deco}={body}"
    return body


def array_out(arr: ArrayValue, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    elem = element_type(arr.elem_oid)
    out = elem.output
    texts = [None if v is None else out(v, settings) for v in arr.items]
    return format_elements(arr, texts, typdelim(arr.elem_oid))


# --- comparison --------------------------------------------------------------------------------


def element_keys(arr: ArrayValue, key: Callable[[Any], Hashable]) -> tuple[Hashable, ...]:
    """Per-element sort keys with array_cmp's NULL rule: NULLs equal, above every value."""
    return tuple((1,) if v is None else (0, key(v)) for v in arr.items)


def array_key_with(arr: ArrayValue, key: Callable[[Any], Hashable]) -> Hashable:
    """array_cmp as a key: elements first (a shorter prefix sorts first, as the item-count rule
    does), then the number of dimensions, their lengths and their lower bounds."""
    return (element_keys(arr, key), len(arr.dims), arr.dims, arr.lbounds)


def array_key(arr: ArrayValue) -> Hashable:
    return array_key_with(arr, element_type(arr.elem_oid).key)


def check_same_element_type(a: ArrayValue, b: ArrayValue, what: str = "compare") -> None:
    if a.elem_oid != b.elem_oid:
        raise DatatypeMismatch(f"cannot {what} arrays of different element types")


def array_cmp(a: ArrayValue, b: ArrayValue) -> int:
    check_same_element_type(a, b)
    ka, kb = array_key(a), array_key(b)
    return 0 if ka == kb else (-1 if ka < kb else 1)  # type: ignore[operator]


# --- typmod ------------------------------------------------------------------------------------


def apply_typmod(arr: ArrayValue, typmod: int, explicit: bool = False) -> ArrayValue:
    """Length coercion of an array column/cast: the element typmod applied to each element
    (PG maps the element's length-coercion function over the array)."""
    if typmod < 0 or not arr.items:
        return arr
    from engine.types import registry

    elem = element_type(arr.elem_oid)
    items = tuple(
        None if v is None else registry.apply_typmod(elem, v, typmod, explicit) for v in arr.items
    )
    return ArrayValue(arr.elem_oid, arr.dims, arr.lbounds, items)


# --- the array types ---------------------------------------------------------------------------


def array_type_for(elem: PgType, array_oid: int) -> PgType:
    """The pg_type row ``_<elem>`` (typcategory 'A', typlen -1) for an element type."""
    if elem.category == "A":
        raise FeatureNotSupported(f"arrays of array type {elem.name}")
    delim = typdelim(elem.oid)
    elem_key = elem.key
    elem_out = elem.output

    def read(text: str, typmod: int = -1) -> ArrayValue:
        return array_in(text, elem, typmod)

    def write(arr: ArrayValue, settings: FormatSettings) -> str:
        return format_elements(
            arr, [None if v is None else elem_out(v, settings) for v in arr.items], delim
        )

    def key(arr: ArrayValue) -> Hashable:
        return array_key_with(arr, elem_key)

    return PgType(array_oid, "_" + elem.name, -1, "A", False, read, write, key)


def _present_array_types() -> tuple[PgType, ...]:
    """Array types of the element types the registry holds while importing this module (its
    built-in table); the registry adds the others on demand with ``array_type_for``."""
    from engine.types import registry

    present: dict[int, PgType] = dict(getattr(registry, "TYPES", {}))
    return tuple(
        array_type_for(t, ARRAY_OIDS[t.oid])
        for t in present.values()
        if t.category != "A" and t.oid in ARRAY_OIDS
    )


TYPES: tuple[PgType, ...] = _present_array_types()
