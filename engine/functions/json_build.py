"""Building json/jsonb from SQL values: to_json, to_jsonb, array_to_json, json[b]_build_object,
json[b]_build_array, json_object / jsonb_object (text[] forms) — keyed by pg_proc.prosrc — and the
datum → JSON conversions the aggregates share (``json_text``, ``jsonb_node``).

Follows PostgreSQL 18 src/backend/utils/adt/json.c (datum_to_json_internal, JsonEncodeDateTime,
array_to_json_internal, json_build_*_worker, json_object*), jsonb.c (datum_to_jsonb_internal,
jsonb_build_*_worker, jsonb_object*) and json_categorize_type (jsonfuncs.c). Numbers are unquoted
when their output text is a JSON number; booleans are true/false; date/timestamp/timestamptz use
the ISO 8601 ``T`` form (timestamptz in the session TimeZone, offset as ``+HH:MM``); arrays become
JSON arrays; json/jsonb are embedded; anything else is its output text as a JSON string.

Calling convention: arguments PostgreSQL declares ``"any"`` or ``anyelement`` arrive as
``(type_oid, value)`` pairs (``value`` None for SQL NULL); a variadic ``"any"`` list arrives as one
list of such pairs. ``TYPED_ARGUMENTS`` lists these functions for the binder. Functions whose
result depends on session settings are in ``CONTEXT_FUNCTIONS`` (``fn(ctx, ...)``). Composite
(row) values are refused (row_to_json and friends are not implemented).

Must not import ``replica`` or ``wire``; the registry is imported lazily (it imports this module).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.types import datetime as dt
from engine.types.array_oids import ARRAY_OIDS
from engine.types.base import ArrayValue
from engine.types.json import escape_json
from engine.types.jsonb import JSON_NULL, Jsonb, object_from_pairs, parse_jsonb, to_text
from engine.types.numeric import numeric_in
from engine.types.settings import FormatSettings

BOOL, NAME, INT8, INT2, INT4, TEXT, OID = 16, 19, 20, 21, 23, 25, 26
CHAR, JSON, JSONB, UNKNOWN, RECORD = 18, 114, 3802, 705, 2249
FLOAT4, FLOAT8, BPCHAR, VARCHAR, NUMERIC, UUID = 700, 701, 1042, 1043, 1700, 2950
DATE, TIMESTAMP, TIMESTAMPTZ, PG_LSN = 1082, 1114, 1184, 3220

_NUMERIC_TYPES = frozenset({INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC})
_STRING_TYPES = frozenset({TEXT, VARCHAR, BPCHAR, NAME, UNKNOWN})
_ARRAY_TYPES = frozenset(ARRAY_OIDS.values())
# types whose JSON rendering never reads session settings (what an aggregate can convert without
# a session context); float output depends on extra_float_digits, timestamptz on TimeZone, ...
SETTINGS_FREE = frozenset(
    {BOOL, NAME, INT8, INT2, INT4, TEXT, OID, CHAR, JSON, JSONB, UNKNOWN, BPCHAR, VARCHAR,
     NUMERIC, UUID, DATE, TIMESTAMP, PG_LSN}
)
_ISO = FormatSettings(datestyle="ISO", date_order="MDY")

(C_BOOL, C_NUMERIC, C_DATE, C_TIMESTAMP, C_TIMESTAMPTZ, C_JSON, C_JSONB, C_ARRAY,
 C_OTHER, C_COMPOSITE) = range(10)
_BY_OID = {BOOL: C_BOOL, DATE: C_DATE, TIMESTAMP: C_TIMESTAMP, TIMESTAMPTZ: C_TIMESTAMPTZ,
           JSON: C_JSON, JSONB: C_JSONB, **dict.fromkeys(_NUMERIC_TYPES, C_NUMERIC)}


class NullValueNotAllowed(EngineError):
    sqlstate = "22004"


class ArraySubscriptError(EngineError):
    sqlstate = "2202E"


def category(oid: int) -> int:
    """json_categorize_type: a domain is categorized as its base type."""
    cat = _BY_OID.get(oid)
    if cat is not None:
        return cat
    if oid in _ARRAY_TYPES:
        return C_ARRAY
    if oid == RECORD:
        return C_COMPOSITE
    if oid >= 16384:  # FirstNormalObjectId: a user type
        from engine import usertypes  # noqa: PLC0415
        from engine.types import records  # noqa: PLC0415

        if records.desc_of(oid) is not None:
            return C_COMPOSITE
        domain = usertypes.domain_of(oid)
        if domain is not None:
            return category(domain.base_oid)
        from engine import pgcat  # noqa: PLC0415

        if pgcat.element_of(oid):
            return C_ARRAY
    return C_OTHER


def _need_settings(oid: int, settings: FormatSettings | None) -> FormatSettings:
    if settings is not None:
        return settings
    if oid in SETTINGS_FREE:
        return _ISO
    from engine.types.registry import type_by_oid

    raise FeatureNotSupported(
        f"converting type {type_by_oid(oid).name} to json without the session's settings"
    )


def _output(oid: int, value: Any, settings: FormatSettings | None) -> str:
    if oid in _STRING_TYPES:
        return str(value)
    s = _need_settings(oid, settings)
    from engine.types.registry import type_by_oid

    return str(type_by_oid(oid).output(value, s))


# --- JsonEncodeDateTime -----------------------------------------------------------------------


def _xsd_zone(utoff: int) -> str:
    sign = "+" if utoff >= 0 else "-"
    hour, rem = divmod(abs(utoff), 3600)
    mn, sec = divmod(rem, 60)
    return f"{sign}{hour:02d}:{mn:02d}:{sec:02d}" if sec else f"{sign}{hour:02d}:{mn:02d}"


def encode_datetime(oid: int, value: int, settings: FormatSettings | None) -> str:
    """JsonEncodeDateTime: ISO 8601 with ``T``; ``infinity`` spelled out."""
    if oid == DATE:
        if value == dt.DATEVAL_NOBEGIN:
            return "-infinity"
        if value == dt.DATEVAL_NOEND:
            return "infinity"
        return dt.date_out(value, _ISO)
    if value == dt.DT_NOBEGIN:
        return "-infinity"
    if value == dt.DT_NOEND:
        return "infinity"
    if oid == TIMESTAMP:
        return dt.timestamp_out(value, _ISO).replace(" ", "T", 1)
    s = _need_settings(oid, settings)
    utoff = dt.zone_info_at(value, s.timezone).utoff
    local = dt.timestamp_out(value + utoff * dt.USECS_PER_SEC, _ISO)
    bc = local.endswith(" BC")
    if bc:
        local = local[:-3]
    return local.replace(" ", "T", 1) + _xsd_zone(utoff) + (" BC" if bc else "")


# --- datum → json text ------------------------------------------------------------------------


def _check_key(cat: int) -> None:
    if cat in (C_ARRAY, C_JSON, C_JSONB, C_COMPOSITE):
        raise InvalidParameterValue("key value must be scalar, not array, composite, or json")


def json_text(oid: int, value: Any, settings: FormatSettings | None, key: bool = False) -> str:
    """datum_to_json_internal (``key``: the value is an object key, so quote it)."""
    if value is None:
        return "null"
    cat = C_ARRAY if isinstance(value, ArrayValue) else category(oid)
    if key:
        _check_key(cat)
    if cat == C_ARRAY:
        return array_json(value, settings, False)
    if cat == C_COMPOSITE:
        return composite_json(value, settings, False)
    if cat == C_BOOL:
        text = "true" if value else "false"
        return f'"{text}"' if key else text
    if cat == C_NUMERIC:
        out = _output(oid, value, settings)
        if not key and ("0" <= out[:1] <= "9" or (out[:1] == "-" and "0" <= out[1:2] <= "9")):
            return out
        return f'"{out}"'
    if cat in (C_DATE, C_TIMESTAMP, C_TIMESTAMPTZ):
        return f'"{encode_datetime(oid, value, settings)}"'
    if cat == C_JSON:
        return str(value)
    if cat == C_JSONB:
        return to_text(value.root)
    return escape_json(_output(oid, value, settings))


def _elem_texts(arr: ArrayValue, settings: FormatSettings | None) -> list[str]:
    oid = arr.elem_oid
    if category(oid) == C_ARRAY:
        raise FeatureNotSupported("arrays of arrays are not supported")
    return [json_text(oid, v, settings) for v in arr.items]


def _nest(texts: list[str], dims: Sequence[int], top_sep: str) -> str:
    def dim(d: int, start: int) -> tuple[str, int]:
        sep = top_sep if d == 0 else ","
        parts = []
        pos = start
        for _ in range(dims[d]):
            if d + 1 == len(dims):
                parts.append(texts[pos])
                pos += 1
            else:
                part, pos = dim(d + 1, pos)
                parts.append(part)
        return "[" + sep.join(parts) + "]", pos

    return dim(0, 0)[0]


def array_json(arr: ArrayValue, settings: FormatSettings | None, line_feeds: bool) -> str:
    """array_to_json_internal: nested by dimension; ``line_feeds`` puts ``,\\n `` between the
    outermost elements only."""
    if not arr.items:
        return "[]"
    return _nest(_elem_texts(arr, settings), arr.dims, ",\n " if line_feeds else ",")


def composite_json(rec: Any, settings: FormatSettings | None, line_feeds: bool) -> str:
    """composite_to_json: an object keyed by the field names, in field order (duplicates
    kept); ``line_feeds`` separates the fields with ``,\\n ``."""
    parts = [escape_json(name) + ":" + json_text(oid, v, settings)
             for name, oid, v in zip(rec.desc.names, rec.desc.types, rec.values, strict=True)]
    return "{" + (",\n " if line_feeds else ",").join(parts) + "}"


def row_to_json(ctx: Any, rec: Any) -> str:
    return composite_json(rec, ctx.settings, False)


def row_to_json_pretty(ctx: Any, rec: Any, pretty: bool) -> str:
    return composite_json(rec, ctx.settings, pretty)


# --- datum → jsonb tree -----------------------------------------------------------------------


def jsonb_node(oid: int, value: Any, settings: FormatSettings | None, key: bool = False) -> Any:
    """datum_to_jsonb_internal: the jsonb tree node of a SQL value."""
    if value is None:
        return JSON_NULL
    cat = C_ARRAY if isinstance(value, ArrayValue) else category(oid)
    if key:
        _check_key(cat)
    if cat == C_ARRAY:
        return _array_node(value, settings)
    if cat == C_COMPOSITE:
        return object_from_pairs([(name, jsonb_node(oid, v, settings)) for name, oid, v
                                  in zip(value.desc.names, value.desc.types, value.values,
                                         strict=True)])
    if cat == C_BOOL:
        return ("true" if value else "false") if key else bool(value)
    if cat == C_NUMERIC:
        out = _output(oid, value, settings)
        if key or "N" in out or "n" in out:  # NaN and ±Infinity stay strings
            return out
        number: Decimal = numeric_in(out)
        return number
    if cat in (C_DATE, C_TIMESTAMP, C_TIMESTAMPTZ):
        return encode_datetime(oid, value, settings)
    if cat == C_JSON:
        return parse_jsonb(value)
    if cat == C_JSONB:
        return value.root
    return _output(oid, value, settings)


def _array_node(arr: ArrayValue, settings: FormatSettings | None) -> list[Any]:
    if not arr.items:
        return []
    oid = arr.elem_oid
    if category(oid) == C_ARRAY:
        raise FeatureNotSupported("arrays of arrays are not supported")
    nodes = [jsonb_node(oid, v, settings) for v in arr.items]
    dims = arr.dims

    def dim(d: int, start: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        pos = start
        for _ in range(dims[d]):
            if d + 1 == len(dims):
                out.append(nodes[pos])
                pos += 1
            else:
                sub, pos = dim(d + 1, pos)
                out.append(sub)
        return out, pos

    return dim(0, 0)[0]


# --- SQL functions ----------------------------------------------------------------------------

Pair = tuple[int, Any]


def to_json(ctx: Any, arg: Pair) -> str | None:
    oid, value = arg
    return None if value is None else json_text(oid, value, ctx.settings)


def to_jsonb(ctx: Any, arg: Pair) -> Jsonb | None:
    oid, value = arg
    return None if value is None else Jsonb(jsonb_node(oid, value, ctx.settings))


def array_to_json(ctx: Any, arr: ArrayValue) -> str:
    return array_json(arr, ctx.settings, False)


def array_to_json_pretty(ctx: Any, arr: ArrayValue, pretty: bool) -> str:
    return array_json(arr, ctx.settings, pretty)


def _check_even(args: Sequence[Pair], fname: str) -> None:
    if len(args) % 2:
        raise InvalidParameterValue(
            "argument list must have even number of elements",
            hint=f"The arguments of {fname} must consist of alternating keys and values.",
        )


def json_build_object(ctx: Any, args: Sequence[Pair] | None) -> str | None:
    if args is None:
        return None
    _check_even(args, "json_build_object()")
    parts = []
    for i in range(0, len(args), 2):
        (koid, key), (void, value) = args[i], args[i + 1]
        if key is None:
            raise NullValueNotAllowed("null value not allowed for object key")
        ktext = json_text(koid, key, ctx.settings, key=True)
        parts.append(f"{ktext} : {json_text(void, value, ctx.settings)}")
    return "{" + ", ".join(parts) + "}"


def json_build_array(ctx: Any, args: Sequence[Pair] | None) -> str | None:
    if args is None:
        return None
    return "[" + ", ".join(json_text(oid, v, ctx.settings) for oid, v in args) + "]"


def jsonb_build_object(ctx: Any, args: Sequence[Pair] | None) -> Jsonb | None:
    if args is None:
        return None
    _check_even(args, "jsonb_build_object()")
    pairs = []
    for i in range(0, len(args), 2):
        (koid, key), (void, value) = args[i], args[i + 1]
        if key is None:
            raise InvalidParameterValue(f"argument {i + 1}: key must not be null")
        k = jsonb_node(koid, key, ctx.settings, key=True)
        pairs.append((k, jsonb_node(void, value, ctx.settings)))
    return Jsonb(object_from_pairs(pairs))


def jsonb_build_array(ctx: Any, args: Sequence[Pair] | None) -> Jsonb | None:
    if args is None:
        return None
    return Jsonb([jsonb_node(oid, v, ctx.settings) for oid, v in args])


def json_build_object_noargs() -> str:
    return "{}"


def json_build_array_noargs() -> str:
    return "[]"


def jsonb_build_object_noargs() -> Jsonb:
    return Jsonb({})


def jsonb_build_array_noargs() -> Jsonb:
    return Jsonb([])


def _text_pairs(arr: ArrayValue) -> list[tuple[str, str | None]]:
    """The (key, value) pairs of json_object(text[]): a flat even array or an N×2 array."""
    nd = len(arr.dims)
    if nd == 1 and arr.dims[0] % 2:
        raise ArraySubscriptError("array must have even number of elements")
    if nd == 2 and arr.dims[1] != 2:
        raise ArraySubscriptError("array must have two columns")
    if nd > 2:
        raise ArraySubscriptError("wrong number of array subscripts")
    items = arr.items
    return _checked_pairs(items[0::2], items[1::2])


def _checked_pairs(keys: Sequence[Any], values: Sequence[Any]) -> list[tuple[str, str | None]]:
    out = []
    for k, v in zip(keys, values, strict=True):
        if k is None:
            raise NullValueNotAllowed("null value not allowed for object key")
        out.append((k, v))
    return out


def _two_arg_pairs(keys: ArrayValue, values: ArrayValue) -> list[tuple[str, str | None]]:
    if len(keys.dims) > 1 or len(keys.dims) != len(values.dims):
        raise ArraySubscriptError("wrong number of array subscripts")
    if len(keys.items) != len(values.items):
        raise ArraySubscriptError("mismatched array dimensions")
    return _checked_pairs(keys.items, values.items)


def _json_object_text(pairs: list[tuple[str, str | None]]) -> str:
    body = ", ".join(
        f"{escape_json(k)} : {'null' if v is None else escape_json(v)}" for k, v in pairs
    )
    return "{" + body + "}"


def json_object(arr: ArrayValue) -> str:
    return _json_object_text(_text_pairs(arr))


def json_object_two_arg(keys: ArrayValue, values: ArrayValue) -> str:
    return _json_object_text(_two_arg_pairs(keys, values))


def _jsonb_object(pairs: list[tuple[str, str | None]]) -> Jsonb:
    return Jsonb(object_from_pairs((k, JSON_NULL if v is None else v) for k, v in pairs))


def jsonb_object(arr: ArrayValue) -> Jsonb:
    return _jsonb_object(_text_pairs(arr))


def jsonb_object_two_arg(keys: ArrayValue, values: ArrayValue) -> Jsonb:
    return _jsonb_object(_two_arg_pairs(keys, values))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        json_build_object_noargs,
        json_build_array_noargs,
        jsonb_build_object_noargs,
        jsonb_build_array_noargs,
        json_object,
        json_object_two_arg,
        jsonb_object,
        jsonb_object_two_arg,
    )
}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        to_json,
        to_jsonb,
        row_to_json,
        row_to_json_pretty,
        array_to_json,
        array_to_json_pretty,
        json_build_object,
        json_build_array,
        jsonb_build_object,
        jsonb_build_array,
    )
}
# prosrc → how its "any"/anyelement arguments arrive: "pair" = each such argument is one
# (type_oid, value) pair (the aggregates' transition functions included: json_object_agg's key
# and value are two pairs); "pairs" = the variadic "any" list as one list of pairs (None for
# VARIADIC NULL).
TYPED_ARGUMENTS: dict[str, str] = {
    "to_json": "pair",
    "to_jsonb": "pair",
    "json_build_object": "pairs",
    "json_build_array": "pairs",
    "jsonb_build_object": "pairs",
    "jsonb_build_array": "pairs",
    **{f"{kind}_agg{variant}_transfn": "pair"
       for kind in ("json", "jsonb", "json_object", "jsonb_object")
       for variant in ("", "_strict", "_unique", "_unique_strict")
       if kind.endswith("object") or not variant.startswith("_unique")},
}
