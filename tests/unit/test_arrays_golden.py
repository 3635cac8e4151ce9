"""Replay the golden array cases recorded from PostgreSQL (tools/gen_array_goldens.py) through
engine.types.arrays and engine.functions.array_funcs with no server: input → output text,
functions by prosrc, set-returning functions, subscripts, array_agg; or the same SQLSTATE."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import engine.types  # noqa: F401  (build the registry before a family module is imported)
from engine.errors import EngineError
from engine.functions import array_funcs as af
from engine.types import arrays
from engine.types.array_oids import ARRAY_OIDS
from engine.types.base import ArrayValue, PgType
from engine.types.numeric import make_typmod
from engine.types.registry import (
    AGG_FINALS,
    AGG_TRANSITIONS,
    CONTEXT_FUNCTIONS,
    FUNCTIONS,
    SRF_FUNCTIONS,
    TYPES,
    apply_typmod,
    type_by_name,
    type_by_oid,
)
from engine.types.settings import FormatSettings, parse_datestyle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "arrays"
FILES = ("input", "functions", "srf", "subscripts", "aggregates")

# Explicit refusals: (file, sql) -> why the engine does not reproduce the case.
REFUSED: dict[tuple[str, str], str] = {}

STRICT_FALSE = {  # pg_proc.proisstrict = false among the prosrc names exercised
    "array_append",
    "array_prepend",
    "array_cat",
    "array_fill",
    "array_fill_with_lower_bounds",
    "array_position",
    "array_position_start",
    "array_positions",
    "array_remove",
    "array_replace",
    "array_to_text_null",
    "text_to_array",
    "text_to_array_null",
}


@dataclass(frozen=True)
class Ctx:
    settings: FormatSettings


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((GOLDEN / f"{name}.json").read_text())["cases"]
    return cases


def settings_of(case: dict[str, Any]) -> FormatSettings:
    st = case["settings"]
    style, order = parse_datestyle(st["datestyle"], ("ISO", "MDY"))
    return FormatSettings(
        datestyle=style,
        date_order=order,
        timezone=st["timezone"],
        extra_float_digits=int(st["extra_float_digits"]),
    )


def array_type(oid: int) -> PgType:
    found = TYPES.get(oid)
    if found is not None:
        return found
    elem = next(e for e, a in ARRAY_OIDS.items() if a == oid)
    return arrays.array_type_for(type_by_oid(elem), oid)


def parse_spec(spec: str) -> tuple[PgType, int, bool]:
    """'numeric(5,2)[]' → (element type, element typmod, is_array)."""
    is_array = spec.endswith("[]")
    m = re.fullmatch(r"([a-z0-9 ]+?)(?:\((\d+)(?:,(\d+))?\))?", spec.removesuffix("[]"))
    assert m is not None, spec
    name, a, b = m.groups()
    t = type_by_name(name)
    typmod = -1
    if a is not None:
        typmod = make_typmod(int(a), int(b or 0)) if name == "numeric" else int(a) + 4
    return t, typmod, is_array


def read_value(spec: str, lit: str | None, s: FormatSettings) -> Any:
    if lit is None:
        return None
    elem, typmod, is_array = parse_spec(spec)
    if is_array:
        value = arrays.array_in(lit, elem, -1, s)
        return arrays.apply_typmod(value, typmod, explicit=True)
    value = arrays.element_input(elem, s)(lit, -1)
    return apply_typmod(elem, value, typmod, explicit=True)


def output(value: Any, type_oid: int, s: FormatSettings) -> str | None:
    if value is None:
        return None
    if isinstance(value, ArrayValue):
        return array_type(type_oid).output(value, s)
    return type_by_oid(type_oid).output(value, s)


def _elem_of(type_oid: int | None) -> int | None:
    if type_oid is None:
        return None
    return next((e for e, a in ARRAY_OIDS.items() if a == type_oid), None)


def call(case: dict[str, Any], s: FormatSettings) -> Any:
    prosrc = case["prosrc"]
    args = [read_value(spec, lit, s) for spec, lit in case["args"]]
    strict = prosrc not in STRICT_FALSE
    if strict and any(a is None for a in args):
        return [] if case["kind"] == "srf" else None  # a strict SRF returns no rows
    kwargs: dict[str, Any] = {}
    if prosrc in af.NEEDS_ELEM_OID:
        kwargs["elem_oid"] = _elem_of(case["result_type"])
    if prosrc in CONTEXT_FUNCTIONS:
        return CONTEXT_FUNCTIONS[prosrc](Ctx(s), *args, **kwargs)
    if case["kind"] == "srf":
        return list(SRF_FUNCTIONS[prosrc](*args))
    return FUNCTIONS[prosrc](*args, **kwargs)


def evaluate(case: dict[str, Any]) -> Any:
    s = settings_of(case)
    kind = case["kind"]
    rtype = case["result_type"]
    if kind == "input":
        value = read_value(case["type"] + "[]", case["literal"], s)
        return output(value, rtype, s)
    if kind == "call":
        return output(call(case, s), rtype, s)
    if kind == "srf":
        return [output(v, rtype, s) for v in call(case, s)]
    if kind in ("subscript", "slice"):
        spec, lit = case["array"]
        arr = read_value(spec, lit, s)
        if kind == "subscript":
            return output(af.subscript(arr, case["indexes"]), rtype, s)
        return output(af.slice(arr, case["lowers"], case["uppers"]), rtype, s)
    if kind == "agg":
        state = None
        for lit in case["values"]:
            state = AGG_TRANSITIONS[case["transfn"]](state, read_value(case["type"], lit, s))
        return output(AGG_FINALS[case["finalfn"]](state, elem_oid=_elem_of(rtype)), rtype, s)
    raise AssertionError(kind)


CASES = [(name, c) for name in FILES for c in _load(name)]


@pytest.mark.parametrize(
    ("name", "case"), CASES, ids=[f"{n}:{i}" for i, (n, _) in enumerate(CASES)]
)
def test_golden(name: str, case: dict[str, Any]) -> None:
    why = REFUSED.get((name, case["sql"]))
    expected = case.get("rows", case.get("result"))
    try:
        got = evaluate(case)
    except EngineError as e:
        if why is not None:
            assert e.sqlstate == "0A000", why
            return
        assert case["sqlstate"] == e.sqlstate, f"{case['sql']}: {e.sqlstate} {e.message}"
        return
    assert why is None, f"refused case now answers: {case['sql']}"
    assert case["sqlstate"] is None, f"{case['sql']}: expected {case['sqlstate']}, got {got!r}"
    assert got == expected, case["sql"]


def test_array_types_registered() -> None:
    for elem, arr in ((23, 1007), (25, 1009), (1700, 1231), (16, 1000), (2950, 2951)):
        t = TYPES[arr]
        assert (t.name, t.category, t.typlen) == ("_" + TYPES[elem].name, "A", -1)
