"""jsonb (OID 3802): value representation, text input/output, btree ordering, containment and
existence — the parts of the type other function families build on.

Representation. A jsonb datum is a ``Jsonb`` whose ``root`` is a tree of plain Python values:
object → ``dict[str, node]`` whose insertion order is jsonb's storage order (shorter keys first,
then bytewise; the last duplicate wins), array → ``list``, string → ``str``, number →
``decimal.Decimal`` with PostgreSQL's numeric scale (``1.50`` stays ``1.50``), boolean → ``bool``,
JSON null → the ``JSON_NULL`` sentinel (SQL NULL stays ``None``). A top-level scalar is simply a
scalar root (PostgreSQL's "raw scalar" pseudo-array). Trees are never mutated once built: every
function builds new containers, so subtrees may be shared. ``Jsonb`` compares and hashes by
``jsonb_key`` so that, e.g., ``1`` and ``true`` (equal as Python values) stay distinct.

Follows PostgreSQL 18 src/backend/utils/adt/jsonb.c (jsonb_in, JsonbToCStringWorker for output and
jsonb_pretty, the jsonb casts), jsonb_util.c (compareJsonbContainers, JsonbDeepContains,
uniqueifyJsonbObject, lengthCompareJsonbString) and jsonb_op.c (existence). String comparison in
the btree order is code-point order, i.e. the "C" collation this engine supports.

Must not import ``replica`` or ``wire``; imports only ``engine.errors`` and ``engine.types``
family modules (``json``, ``numeric``).
"""

from __future__ import annotations

import json as pyjson
from collections.abc import Hashable, Iterable
from decimal import Decimal
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.types.base import PgType
from engine.types.json import (
    K_FALSE,
    K_NULL,
    K_NUMBER,
    K_STRING,
    K_TRUE,
    escape_json,
    fast_path_ok,
    parse,
    reject_constant,
)
from engine.types.numeric import numeric_in, numeric_key, numeric_out
from engine.types.settings import FormatSettings

JSONB_OID = 3802


class DuplicateJsonObjectKey(EngineError):
    sqlstate = "22030"


class _JsonNull:
    """JSON's null inside a jsonb value (distinct from SQL NULL, which is None)."""

    __slots__ = ()
    _instance: _JsonNull | None = None

    def __new__(cls) -> _JsonNull:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "JSON_NULL"

    def __reduce__(self) -> str:
        return "JSON_NULL"


JSON_NULL = _JsonNull()


class Jsonb:
    """A jsonb datum (see the module docstring); equality and hash follow jsonb_eq."""

    __slots__ = ("root",)

    def __init__(self, root: Any) -> None:
        self.root = root

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Jsonb) and jsonb_key(self) == jsonb_key(other)

    def __hash__(self) -> int:
        return hash(jsonb_key(self))

    def __repr__(self) -> str:
        return f"Jsonb({to_text(self.root)})"


def is_container(v: Any) -> bool:
    return isinstance(v, (dict, list))


# --- building objects -------------------------------------------------------------------------


def _key_order(k: str) -> tuple[int, str]:
    """lengthCompareJsonbString: UTF-8 length first, then bytes (code-point order is the same)."""
    return (len(k) if k.isascii() else len(k.encode("utf-8")), k)


def object_from_pairs(
    pairs: Iterable[tuple[str, Any]], *, unique: bool = False, skip_nulls: bool = False
) -> dict[str, Any]:
    """uniqueifyJsonbObject: sort keys into jsonb order; the last duplicate wins (or, with
    ``skip_nulls``, the last non-null value; keys left only with nulls disappear); ``unique``
    makes any duplicate an error."""
    d: dict[str, Any] = {}
    dup = False
    for k, v in pairs:
        if k in d:
            dup = True
            if skip_nulls and v is JSON_NULL:
                continue
        elif skip_nulls and v is JSON_NULL:
            if unique:
                d[k] = v  # keep the key for the uniqueness check; removed below
            continue
        d[k] = v
    if dup and unique:
        raise DuplicateJsonObjectKey("duplicate JSON object key value")
    if skip_nulls:
        d = {k: v for k, v in d.items() if v is not JSON_NULL}
    return sort_object(d)


def sort_object(d: dict[str, Any]) -> dict[str, Any]:
    if len(d) < 2:
        return d
    keys = list(d)
    ordered = sorted(keys, key=_key_order)
    if ordered == keys:
        return d
    return {k: d[k] for k in ordered}


class _JsonbBuilder:
    def scalar(self, kind: int, value: Any, start: int, end: int) -> Any:
        if kind in (K_STRING, K_NUMBER):
            return value
        if kind == K_TRUE:
            return True
        if kind == K_FALSE:
            return False
        assert kind == K_NULL
        return JSON_NULL

    def array(self, items: list[Any], start: int, end: int) -> Any:
        return items

    def object(self, pairs: list[tuple[str, Any]], start: int, end: int) -> Any:
        return object_from_pairs(pairs)


JSONB_BUILDER = _JsonbBuilder()


def _fix_nulls(v: Any) -> Any:
    """Python's json gives None for null: turn it into JSON_NULL, in place (fresh trees only)."""
    if v is None:
        return JSON_NULL
    if isinstance(v, list):
        for i, x in enumerate(v):
            if x is None:
                v[i] = JSON_NULL
            elif isinstance(x, (list, dict)):
                _fix_nulls(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            if x is None:
                v[k] = JSON_NULL
            elif isinstance(x, (list, dict)):
                _fix_nulls(x)
    return v


_DECODER = pyjson.JSONDecoder(
    object_pairs_hook=object_from_pairs,
    parse_float=numeric_in,
    parse_int=numeric_in,
    parse_constant=reject_constant,
)


def parse_jsonb(text: str) -> Any:
    """The jsonb tree of a JSON text (jsonb_in's parse; numbers through numeric_in). Python's
    C scanner goes first when it cannot differ from PostgreSQL (``fast_path_ok``); on any error
    the exact parser runs again so that the error, and its order, are PostgreSQL's."""
    if fast_path_ok(text):
        try:
            root = _DECODER.decode(text)
        except (ValueError, RecursionError, EngineError):
            pass
        else:
            return _fix_nulls(root) if "null" in text else root
    return parse(text, JSONB_BUILDER, number_fn=numeric_in)[0]


def jsonb_in(text: str, typmod: int = -1) -> Jsonb:
    return Jsonb(parse_jsonb(text))


# --- output -----------------------------------------------------------------------------------


def scalar_text(v: Any) -> str:
    """A scalar as JSON text (jsonb_put_escaped_value)."""
    if isinstance(v, str):
        return escape_json(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is JSON_NULL:
        return "null"
    return numeric_out(v)


def _write(v: Any, out: list[str]) -> None:
    if isinstance(v, dict):
        if not v:
            out.append("{}")
            return
        out.append("{")
        first = True
        for k, x in v.items():
            if not first:
                out.append(", ")
            first = False
            out.append(escape_json(k))
            out.append(": ")
            if isinstance(x, (dict, list)):
                _write(x, out)
            else:
                out.append(scalar_text(x))
        out.append("}")
    elif isinstance(v, list):
        out.append("[")
        first = True
        for x in v:
            if not first:
                out.append(", ")
            first = False
            if isinstance(x, (dict, list)):
                _write(x, out)
            else:
                out.append(scalar_text(x))
        out.append("]")
    else:
        out.append(scalar_text(v))


def _guarded(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except RecursionError:
        raise FeatureNotSupported("jsonb value nested too deeply") from None


def to_text(root: Any) -> str:
    """JsonbToCString: ``{"a": 1, "b": [1, 2]}``."""
    if not isinstance(root, (dict, list)):
        return scalar_text(root)
    out: list[str] = []
    _guarded(_write, root, out)
    return "".join(out)


def jsonb_out(value: Jsonb, settings: FormatSettings) -> str:
    return to_text(value.root)


def _pretty(v: Any, level: int, out: list[str], newline_first: bool) -> None:
    pad = "\n" + "    " * level
    inner = pad + "    "
    if newline_first:
        out.append(pad)
    if isinstance(v, dict):
        out.append("{")
        for i, (k, x) in enumerate(v.items()):
            out.append("," + inner if i else inner)
            out.append(escape_json(k))
            out.append(": ")
            if isinstance(x, (dict, list)):
                _pretty(x, level + 1, out, False)
            else:
                out.append(scalar_text(x))
        out.append(pad + "}")
    else:
        out.append("[")
        for i, x in enumerate(v):
            if i:
                out.append(",")
            if isinstance(x, (dict, list)):
                _pretty(x, level + 1, out, True)
            else:
                out.append(inner)
                out.append(scalar_text(x))
        out.append(pad + "]")


def to_pretty_text(root: Any) -> str:
    """JsonbToCStringIndent (jsonb_pretty): 4-space indents, ``{\\n}`` for an empty object."""
    if not isinstance(root, (dict, list)):
        return scalar_text(root)
    out: list[str] = []
    _guarded(_pretty, root, 0, out, False)
    return "".join(out)


def as_text(v: Any) -> str | None:
    """JsonbValueAsText: strings unquoted, JSON null → SQL NULL, containers as jsonb text."""
    if isinstance(v, str):
        return v
    if v is JSON_NULL:
        return None
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Decimal):
        return numeric_out(v)
    return to_text(v)


def type_name(v: Any) -> str:
    """JsonbTypeName."""
    if isinstance(v, dict):
        return "object"
    if isinstance(v, list):
        return "array"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "boolean"
    if v is JSON_NULL:
        return "null"
    return "number"


# --- ordering ---------------------------------------------------------------------------------
# compareJsonbContainers walks both values token by token; the nested tuples below compare the
# same way. Type order: null < string < number < bool < array < object; arrays compare by
# element count first (a top-level scalar is a one-element pseudo-array that sorts before a real
# one-element array), objects by pair count, then pairs in storage order, key before value.


def _node_key(v: Any) -> tuple[Any, ...]:
    if isinstance(v, str):
        return (1, v)
    if isinstance(v, dict):
        key: list[Any] = [5, len(v)]
        for k, x in v.items():
            key.append(k)
            key.append(_node_key(x))
        return tuple(key)
    if isinstance(v, list):
        return (4, len(v), 1, *[_node_key(x) for x in v])
    if isinstance(v, bool):
        return (3, v)
    if v is JSON_NULL:
        return (0,)
    return (2, numeric_key(v))


def root_key(root: Any) -> tuple[Any, ...]:
    if isinstance(root, (dict, list)):
        key: tuple[Any, ...] = _guarded(_node_key, root)
        return key
    return (4, 1, 0, _node_key(root))


def jsonb_key(value: Jsonb) -> Hashable:
    """Sort/group key: equal keys exactly when jsonb_eq says the values are equal."""
    return root_key(value.root)


class _StringDecides(Exception):
    """A comparison was decided by two different strings (see ``jsonb_cmp_exact``)."""


def _cmp_node(a: Any, b: Any, strings_exact: bool) -> int:
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return 1 if ra > rb else -1
    if ra == 1:
        r: int = (a > b) - (a < b)  # code-point order is UTF-8 byte order, shorter prefix first
        if r and strings_exact:
            raise _StringDecides
        return r
    if ra == 2:
        ka, kb = numeric_key(a), numeric_key(b)
        return (ka > kb) - (ka < kb)
    if ra == 3:
        return int(a) - int(b)
    if ra == 0:
        return 0
    if len(a) != len(b):
        return 1 if len(a) > len(b) else -1
    if ra == 4:
        for x, y in zip(a, b, strict=True):
            r = _cmp_node(x, y, strings_exact)
            if r:
                return r
        return 0
    for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True):
        r = _cmp_node(ka, kb, strings_exact) or _cmp_node(va, vb, strings_exact)
        if r:
            return r
    return 0


def _rank(v: Any) -> int:
    if isinstance(v, str):
        return 1
    if isinstance(v, dict):
        return 5
    if isinstance(v, list):
        return 4
    if isinstance(v, bool):
        return 3
    if v is JSON_NULL:
        return 0
    return 2


def compare_roots(a: Any, b: Any, strings_exact: bool = False) -> int:
    """compareJsonbContainers. A top-level scalar is a one-element pseudo-array: it sorts before
    a real one-element array, and by element count against other arrays. Every result is -1, 0
    or 1 except where two strings decide: there PostgreSQL returns memcmp's raw result, whose
    magnitude depends on the C library and CPU, so ``strings_exact`` makes that a refusal."""
    a_raw, b_raw = not isinstance(a, (dict, list)), not isinstance(b, (dict, list))
    if a_raw and b_raw:
        return _cmp_node(a, b, strings_exact)
    if a_raw or b_raw:
        other = b if a_raw else a
        # the scalar's side: below an object, then by element count, then below a real array
        side = 1 if isinstance(other, list) and len(other) == 0 else -1
        return side if a_raw else -side
    result: int = _guarded(_cmp_node, a, b, strings_exact)
    return result


def jsonb_cmp_exact(a: Jsonb, b: Jsonb) -> int:
    """jsonb_cmp's exact value, or FeatureNotSupported when two strings decide it."""
    try:
        return compare_roots(a.root, b.root, True)
    except _StringDecides:
        raise FeatureNotSupported(
            "jsonb_cmp() of values that first differ in a string (PostgreSQL returns memcmp's "
            "platform-dependent difference)"
        ) from None


def jsonb_compare(a: Jsonb, b: Jsonb) -> int:
    return compare_roots(a.root, b.root)


# --- containment and existence -----------------------------------------------------------------


def _scalar_equal(a: Any, b: Any) -> bool:
    """equalsJsonbScalarValue for scalars of possibly different types (numbers by value)."""
    if isinstance(a, str):
        return isinstance(b, str) and a == b
    if isinstance(a, bool):
        return isinstance(b, bool) and a == b
    if a is JSON_NULL:
        return b is JSON_NULL
    return isinstance(b, Decimal) and numeric_key(a) == numeric_key(b)


def _contains(a: Any, b: Any) -> bool:
    """JsonbDeepContains for two nested containers."""
    if isinstance(a, dict):
        return isinstance(b, dict) and _object_contains(a, b)
    return isinstance(b, list) and _array_contains(a, b)


def _object_contains(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if len(a) < len(b):
        return False
    for k, bv in b.items():
        if k not in a:
            return False
        av = a[k]
        a_cont, b_cont = isinstance(av, (dict, list)), isinstance(bv, (dict, list))
        if a_cont != b_cont:
            return False
        if a_cont:
            if not _contains(av, bv):
                return False
        elif not _scalar_equal(av, bv):
            return False
    return True


def _array_contains(a: list[Any], b: list[Any]) -> bool:
    containers: list[Any] | None = None
    for bv in b:
        if not isinstance(bv, (dict, list)):
            if not any(not isinstance(av, (dict, list)) and _scalar_equal(av, bv) for av in a):
                return False
            continue
        if containers is None:
            containers = [av for av in a if isinstance(av, (dict, list))]
        if not any(_contains(av, bv) for av in containers):
            return False
    return True


def contains(a: Any, b: Any) -> bool:
    """jsonb_contains on two roots: an object only contains objects; an array contains scalars
    and arrays; a top-level scalar contains only an equal top-level scalar."""
    if isinstance(a, dict) != isinstance(b, dict):
        return False
    if isinstance(a, dict):
        return bool(_guarded(_object_contains, a, b))
    a_raw, b_raw = not isinstance(a, list), not isinstance(b, list)
    if a_raw and not b_raw:
        return False
    return bool(_guarded(_array_contains, [a] if a_raw else a, [b] if b_raw else b))


def exists(root: Any, key: str) -> bool:
    """jsonb_exists: an object's key, or a string element of an array (or raw scalar)."""
    if isinstance(root, dict):
        return key in root
    if isinstance(root, list):
        return any(isinstance(e, str) and e == key for e in root)
    return isinstance(root, str) and root == key


# --- casts jsonb → scalar types (jsonb.c jsonb_bool, jsonb_numeric, ...) ----------------------


def cast_scalar(value: Jsonb, want: type, sqltype: str) -> Any:
    """The root scalar for a cast to ``sqltype``; JSON null casts to SQL NULL (PG 17+)."""
    root = value.root
    if isinstance(root, (dict, list)):
        raise InvalidParameterValue(f"cannot cast jsonb {type_name(root)} to type {sqltype}")
    if root is JSON_NULL:
        return None
    ok = isinstance(root, bool) if want is bool else (
        isinstance(root, Decimal) and not isinstance(root, bool))
    if not ok:
        kind = "numeric" if isinstance(root, Decimal) else type_name(root)
        raise InvalidParameterValue(f"cannot cast jsonb {kind} to type {sqltype}")
    return root


TYPES: tuple[PgType, ...] = (
    PgType(JSONB_OID, "jsonb", -1, "U", False, jsonb_in, jsonb_out, jsonb_key),
)
