"""Replay the golden range/multirange cases recorded from PostgreSQL (tools/gen_range_goldens.py)
through engine.types.ranges, engine.types.multiranges and engine.functions.range_funcs with no
server: input → output text, functions and operators by prosrc, unnest(multirange), range_agg
and range_intersect_agg; or the same SQLSTATE.

Cases are grouped (per input type, per prosrc) so ~15k cases run as a few hundred tests."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import engine.types  # noqa: F401  (build the registry before a family module is imported)
from engine.errors import EngineError
from engine.functions import range_funcs as rf
from engine.types import arrays, datetime, multiranges, ranges
from engine.types.range_oids import MULTIRANGE_OF, RANGE_ELEMENT
from engine.types.registry import (
    AGG_FINALS,
    AGG_TRANSITIONS,
    FUNCTIONS,
    SRF_FUNCTIONS,
    TYPES,
    type_by_name,
    type_by_oid,
)
from engine.types.settings import FormatSettings, parse_datestyle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ranges"
FILES = ("input", "range_functions", "multirange_functions", "srf", "aggregates")

# Explicit refusals: (file, sql) -> why the engine does not reproduce the case (it must raise
# 0A000 instead). None at present.
REFUSED: dict[tuple[str, str], str] = {}

# pg_proc.proisstrict = false among the prosrc names exercised
STRICT_FALSE = {
    "range_constructor2",
    "range_constructor3",
    "range_agg_transfn",
    "multirange_agg_transfn",
    "range_agg_finalfn",
}


@dataclass(frozen=True)
class Ctx:
    settings: FormatSettings


def settings_of(case: dict[str, Any]) -> FormatSettings:
    st = case["settings"]
    style, order = parse_datestyle(st["datestyle"], ("ISO", "MDY"))
    return FormatSettings(datestyle=style, date_order=order, timezone=st["timezone"])


def read_scalar(oid: int, lit: str, s: FormatSettings) -> Any:
    if oid in RANGE_ELEMENT:
        return ranges.input_with_settings(oid, lit, s)
    if oid in ranges.BUILTIN_RANGE_OF:
        return multiranges.input_with_settings(oid, lit, s)
    if oid in (datetime.DATE, datetime.TIMESTAMP, datetime.TIMESTAMPTZ):
        return datetime.input_with_settings(oid, lit, s)
    return type_by_oid(oid).input(lit, -1)


def read_value(spec: str, lit: str | None, s: FormatSettings) -> Any:
    if lit is None:
        return None
    if spec.endswith("[]"):
        elem = type_by_name(spec[:-2]).oid
        dims, lbs, texts = arrays.parse_array_text(lit, ",")
        items = [None if t is None else read_scalar(elem, t, s) for t in texts]
        return arrays.make_array(elem, dims, lbs, items)
    return read_scalar(type_by_name(spec).oid, lit, s)


def output(value: Any, type_oid: int | None, s: FormatSettings) -> str | None:
    if value is None:
        return None
    assert type_oid is not None
    return TYPES[type_oid].output(value, s)


def call(case: dict[str, Any], s: FormatSettings) -> Any:
    prosrc = case["prosrc"]
    args = [read_value(spec, lit, s) for spec, lit in case["args"]]
    if prosrc not in STRICT_FALSE and any(a is None for a in args):
        return [] if case["kind"] == "srf" else None
    if case["kind"] == "srf":
        return list(SRF_FUNCTIONS[prosrc](*args))
    if prosrc == "multirange_constructor2" and all(isinstance(a, ranges.RangeValue) for a in args):
        # VARIADIC: the resolver hands the ranges over as one array (as PG's parser does)
        args = [arrays.make_array(args[0].range_oid, (len(args),), (1,), args)]
    if prosrc in rf.NEEDS_RESULT_OID:
        # the constructor's own name is its result type (int4range(...), int4multirange())
        result_oid = type_by_name(case["template"].split("(")[0]).oid
        return FUNCTIONS[prosrc](*args, result_oid=result_oid)
    return FUNCTIONS[prosrc](*args)


def aggregate(case: dict[str, Any], s: FormatSettings) -> Any:
    trans = AGG_TRANSITIONS[case["transfn"]]
    strict = case["transfn"] not in STRICT_FALSE
    state = None
    for lit in case["values"]:
        value = read_value(case["type"], lit, s)
        if strict and value is None:
            continue
        state = value if strict and state is None else trans(state, value)
    if case["finalfn"] is None:
        return state
    return AGG_FINALS[case["finalfn"]](state, None)  # aggfinalextra: one NULL per argument


def evaluate(case: dict[str, Any]) -> Any:
    s = settings_of(case)
    rtype = case["result_type"]
    kind = case["kind"]
    if kind == "input":
        return output(read_value(case["type"], case["literal"], s), rtype, s)
    if kind == "call":
        return output(call(case, s), rtype, s)
    if kind == "srf":
        return [output(v, rtype, s) for v in call(case, s)]
    if kind == "agg":
        return output(aggregate(case, s), rtype, s)
    raise AssertionError(kind)


def check(name: str, case: dict[str, Any]) -> str | None:
    """None when the case reproduces; otherwise a description of the difference."""
    why = REFUSED.get((name, case["sql"]))
    expected = case.get("rows", case.get("result"))
    try:
        got = evaluate(case)
    except EngineError as e:
        if why is not None:
            return None if e.sqlstate == "0A000" else f"refused case raised {e.sqlstate}"
        if case["sqlstate"] == e.sqlstate:
            return None
        return (
            f"{case['sql']}: expected {case['sqlstate']} {expected!r}, got {e.sqlstate} {e.message}"
        )
    if why is not None:
        return f"refused case now answers: {case['sql']}"
    if case["sqlstate"] is not None:
        return f"{case['sql']}: expected {case['sqlstate']}, got {got!r}"
    return None if got == expected else f"{case['sql']}: expected {expected!r}, got {got!r}"


def _groups() -> dict[str, list[tuple[str, dict[str, Any]]]]:
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for name in FILES:
        for case in json.loads((GOLDEN / f"{name}.json").read_text())["cases"]:
            key = case.get("prosrc") or case.get("transfn") or case["type"]
            groups[f"{name}:{key}"].append((name, case))
    return groups


GROUPS = _groups()


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_golden(group: str) -> None:
    failures = [f for name, case in GROUPS[group] if (f := check(name, case)) is not None]
    assert not failures, f"{len(failures)}/{len(GROUPS[group])} failed:\n" + "\n".join(
        failures[:15]
    )


def test_type_registration() -> None:
    for r, mr in MULTIRANGE_OF.items():
        assert (TYPES[r].category, TYPES[mr].category) == ("R", "R")
        assert TYPES[r].name.endswith("range") and TYPES[mr].name.endswith("multirange")


def test_case_count() -> None:
    assert sum(len(v) for v in GROUPS.values()) > 10_000
