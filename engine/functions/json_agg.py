"""json_agg, jsonb_agg, json_object_agg, jsonb_object_agg and their _strict / _unique variants,
as transition and final functions keyed by pg_proc.prosrc (see ``engine.types.base``).

Follows PostgreSQL 18 src/backend/utils/adt/json.c (json_agg_transfn_worker, json_agg_finalfn,
json_object_agg_transfn_worker, json_object_agg_finalfn) and jsonb.c (jsonb_agg_transfn_worker,
jsonb_object_agg_transfn_worker and their final functions). json_agg's text layout is PG's:
``[1, 2]`` with ``"\\n "`` before every array element but the first, ``{ "k" : v, ... }`` for
json_object_agg. The transition functions are not strict: the first call creates the state even
for a NULL input (so json_agg_strict over only NULLs gives ``[]``), and a NULL key is an error.

The aggregated argument arrives as a ``(type_oid, value)`` pair (PostgreSQL declares it
anyelement / "any"). ``AGG_TRANSITIONS`` has no session settings, so it refuses (0A000) element
types whose JSON text depends on them (float, timestamptz, interval, ...);
``CONTEXT_AGG_TRANSITIONS`` takes ``ctx`` first and converts every type.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import InvalidParameterValue
from engine.functions.json_build import (
    C_ARRAY,
    NullValueNotAllowed,
    category,
    json_text,
    jsonb_node,
)
from engine.types.base import ArrayValue
from engine.types.jsonb import JSON_NULL, DuplicateJsonObjectKey, Jsonb, object_from_pairs
from engine.types.settings import FormatSettings

Pair = tuple[int, Any]


class JsonAggState:
    """json_agg / json_object_agg: the text built so far and the per-call bookkeeping."""

    __slots__ = ("parts", "count", "structured", "keys")

    def __init__(self, opening: str, structured: bool) -> None:
        self.parts = [opening]
        self.count = 0
        self.structured = structured
        self.keys: set[str] = set()


class JsonbAggState:
    """jsonb_agg (``items``) / jsonb_object_agg (``pairs``, with its flags)."""

    __slots__ = ("items", "pairs", "skip_nulls", "unique")

    def __init__(self, skip_nulls: bool = False, unique: bool = False) -> None:
        self.items: list[Any] = []
        self.pairs: list[tuple[str, Any]] = []
        self.skip_nulls = skip_nulls
        self.unique = unique


def _is_structured(oid: int, value: Any) -> bool:
    return isinstance(value, ArrayValue) or category(oid) == C_ARRAY


def _json_agg(state: JsonAggState | None, arg: Pair, absent_on_null: bool,
              settings: FormatSettings | None) -> JsonAggState:
    oid, value = arg
    if state is None:
        state = JsonAggState("[", _is_structured(oid, value))
    if absent_on_null and value is None:
        return state
    if state.count:
        state.parts.append(", ")
        if value is not None and state.structured:
            state.parts.append("\n ")
    state.parts.append(json_text(oid, value, settings))
    state.count += 1
    return state


def json_agg_finalfn(state: JsonAggState | None) -> str | None:
    return None if state is None else "".join(state.parts) + "]"


def _json_object_agg(state: JsonAggState | None, key: Pair, value: Pair, absent_on_null: bool,
                     unique: bool, settings: FormatSettings | None) -> JsonAggState:
    if state is None:
        state = JsonAggState("{ ", False)
    koid, k = key
    voi, v = value
    if k is None:
        raise NullValueNotAllowed("null value not allowed for object key")
    skip = absent_on_null and v is None
    if skip and not unique:
        return state
    if not skip and state.count:
        state.parts.append(", ")
    ktext = json_text(koid, k, settings, key=True)
    if unique:
        if ktext in state.keys:
            raise DuplicateJsonObjectKey(f"duplicate JSON object key value: {ktext}")
        state.keys.add(ktext)
    if skip:
        return state
    state.parts.append(f"{ktext} : {json_text(voi, v, settings)}")
    state.count += 1
    return state


def json_object_agg_finalfn(state: JsonAggState | None) -> str | None:
    return None if state is None else "".join(state.parts) + " }"


def _jsonb_agg(state: JsonbAggState | None, arg: Pair, absent_on_null: bool,
               settings: FormatSettings | None) -> JsonbAggState:
    if state is None:
        state = JsonbAggState()
    oid, value = arg
    if absent_on_null and value is None:
        return state
    state.items.append(jsonb_node(oid, value, settings))
    return state


def jsonb_agg_finalfn(state: JsonbAggState | None) -> Jsonb | None:
    return None if state is None else Jsonb(list(state.items))


def _jsonb_object_agg(state: JsonbAggState | None, key: Pair, value: Pair, absent_on_null: bool,
                      unique: bool, settings: FormatSettings | None) -> JsonbAggState:
    if state is None:
        state = JsonbAggState(absent_on_null, unique)
    koid, k = key
    voi, v = value
    if k is None:
        raise InvalidParameterValue("field name must not be null")
    skip = absent_on_null and v is None
    if skip and not unique:
        return state
    name = jsonb_node(koid, k, settings, key=True)
    # a skipped key is still recorded (with a null that the final step drops) so that the
    # uniqueness check sees it, as jsonb_object_agg_transfn_worker does
    state.pairs.append((name, JSON_NULL if skip else jsonb_node(voi, v, settings)))
    return state


def jsonb_object_agg_finalfn(state: JsonbAggState | None) -> Jsonb | None:
    if state is None:
        return None
    return Jsonb(object_from_pairs(state.pairs, unique=state.unique, skip_nulls=state.skip_nulls))


# --- registration -----------------------------------------------------------------------------

_ONE_ARG: dict[str, tuple[Callable[..., Any], bool]] = {
    "json_agg_transfn": (_json_agg, False),
    "json_agg_strict_transfn": (_json_agg, True),
    "jsonb_agg_transfn": (_jsonb_agg, False),
    "jsonb_agg_strict_transfn": (_jsonb_agg, True),
}
_TWO_ARGS: dict[str, tuple[Callable[..., Any], bool, bool]] = {}
for _prefix, _worker in (("json", _json_object_agg), ("jsonb", _jsonb_object_agg)):
    for _suffix, _absent, _unique in (
        ("", False, False),
        ("_strict", True, False),
        ("_unique", False, True),
        ("_unique_strict", True, True),
    ):
        _TWO_ARGS[f"{_prefix}_object_agg{_suffix}_transfn"] = (_worker, _absent, _unique)


def _plain_one(worker: Callable[..., Any], absent: bool) -> Callable[..., Any]:
    def transfn(state: Any, arg: Pair) -> Any:
        return worker(state, arg, absent, None)

    return transfn


def _context_one(worker: Callable[..., Any], absent: bool) -> Callable[..., Any]:
    def transfn(ctx: Any, state: Any, arg: Pair) -> Any:
        return worker(state, arg, absent, ctx.settings)

    return transfn


def _plain_two(worker: Callable[..., Any], absent: bool, unique: bool) -> Callable[..., Any]:
    def transfn(state: Any, key: Pair, value: Pair) -> Any:
        return worker(state, key, value, absent, unique, None)

    return transfn


def _context_two(worker: Callable[..., Any], absent: bool, unique: bool) -> Callable[..., Any]:
    def transfn(ctx: Any, state: Any, key: Pair, value: Pair) -> Any:
        return worker(state, key, value, absent, unique, ctx.settings)

    return transfn


AGG_TRANSITIONS: dict[str, Callable[..., Any]] = {
    **{name: _plain_one(w, a) for name, (w, a) in _ONE_ARG.items()},
    **{name: _plain_two(w, a, u) for name, (w, a, u) in _TWO_ARGS.items()},
}
# Proposed extension of the family contract: transition functions that need the session
# (``fn(ctx, state, *args)``), like CONTEXT_FUNCTIONS. Until the registry merges this name,
# AGG_TRANSITIONS above refuse settings-dependent element types rather than guess.
CONTEXT_AGG_TRANSITIONS: dict[str, Callable[..., Any]] = {
    **{name: _context_one(w, a) for name, (w, a) in _ONE_ARG.items()},
    **{name: _context_two(w, a, u) for name, (w, a, u) in _TWO_ARGS.items()},
}
AGG_FINALS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (json_agg_finalfn, json_object_agg_finalfn, jsonb_agg_finalfn,
              jsonb_object_agg_finalfn)
}
