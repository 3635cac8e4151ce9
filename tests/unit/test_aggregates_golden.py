"""Replay the golden aggregate cases recorded from PostgreSQL (tools/gen_aggregate_goldens.py)
through the registered transition/final functions with no server, applying nodeAgg.c's
strictness rules as the executor does: a strict transition function skips rows with a NULL
argument, and with a NULL initial state the first such row's value becomes the state; a strict
final function is not called on a NULL state; aggfinalextra passes one extra NULL per argument.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError
from engine.types import DEFAULT_SETTINGS, type_by_name
from engine.types.registry import AGG_FINALS, AGG_INITS, AGG_TRANSITIONS

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "aggregates"
FILES = (
    "any_value",
    "count",
    "sum_avg",
    "minmax",
    "bool_bit",
    "string_agg",
    "variance",
    "regression",
)

# Cases we deliberately answer with 0A000 (FeatureNotSupported) instead of PG's value, keyed by
# (aggregate, sql). None at present.
REFUSED: dict[tuple[str, str], str] = {}


def _load() -> list[Any]:
    """One test per golden file and aggregate signature (pytest's per-case overhead would
    dominate the run otherwise); each reports every mismatching case."""
    params = []
    for name in FILES:
        groups: dict[str, list[dict[str, Any]]] = {}
        for case in json.loads((GOLDEN / f"{name}.json").read_text())["cases"]:
            groups.setdefault(case["aggregate"], []).append(case)
        params += [pytest.param(cases, id=f"{name}:{agg}") for agg, cases in groups.items()]
    return params


def _initial(case: dict[str, Any]) -> Any:
    custom = AGG_INITS.get(case["trans"])
    if custom is not None:
        return custom(case["initval"])
    if case["initval"] is None:
        return None
    return type_by_name(case["transtype"]).input(case["initval"], -1)


def aggregate(case: dict[str, Any]) -> Any:
    """Run the aggregate the way nodeAgg.c does; returns the final value (None for NULL)."""
    types = [type_by_name(t) for t in case["arg_types"]]
    rows = [
        [None if v is None else t.input(v, -1) for t, v in zip(types, row, strict=True)]
        for row in case["rows"]
    ]
    trans = AGG_TRANSITIONS[case["trans"]]
    state = _initial(case)
    for row in rows:
        if case["trans_strict"]:
            if any(v is None for v in row):
                continue
            if state is None:
                state = row[0]
                continue
        state = trans(state, *row)
    if case["final"] is None:
        return state
    if case["final_strict"] and state is None:
        return None
    extra = [None] * len(types) if case["finalextra"] else []
    return AGG_FINALS[case["final"]](state, *extra)


def check(case: dict[str, Any]) -> str | None:
    """None when the shadow reproduces the case, else a description of the difference."""
    key = (case["aggregate"], case["sql"])
    try:
        value = aggregate(case)
    except EngineError as exc:
        if key in REFUSED:
            return None if exc.sqlstate == "0A000" else f"refusal raised {exc!r}"
        if exc.sqlstate == case["sqlstate"]:
            return None
        return f"raised {exc!r}, expected {case['sqlstate'] or repr(case['expect'])}"
    if key in REFUSED:
        return "listed as refused but answered"
    if case["sqlstate"] is not None:
        return f"expected {case['sqlstate']}, got {value!r}"
    got = (
        None if value is None else type_by_name(case["result_type"]).output(value, DEFAULT_SETTINGS)
    )
    return None if got == case["expect"] else f"got {got!r}, expected {case['expect']!r}"


@pytest.mark.parametrize("cases", _load())
def test_aggregate_golden(cases: list[dict[str, Any]]) -> None:
    failures = []
    for case in cases:
        problem = check(case)
        if problem is not None:
            failures.append(f"{case['sql'] or case['rows'][:5]}: {problem}")
    assert not failures, "\n".join(failures)
