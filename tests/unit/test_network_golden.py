"""Replay the golden inet / cidr / macaddr / macaddr8 cases recorded from PostgreSQL
(tools/gen_network_goldens.py) with no server: each input, cast and call, found by its
pg_proc.prosrc in the registry, must give the primary's exact text output, or its SQLSTATE,
message and detail; each ``order`` case must sort by the type's key as ORDER BY did.

Cases the engine refuses on purpose are listed in REFUSED with the reason; for those the engine
must raise FeatureNotSupported (0A000) rather than give any answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError, FeatureNotSupported
from engine.types import FUNCTIONS
from engine.types.registry import type_by_name, type_by_oid
from engine.types.settings import DEFAULT_SETTINGS

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "network"
FAMILIES = sorted(p.stem for p in GOLDEN.glob("*.json"))

# sql -> why the engine refuses it (it must raise FeatureNotSupported for these)
REFUSED: dict[str, str] = {}


def _value(type_name: str, literal: str | None) -> Any:
    return None if literal is None else type_by_name(type_name).input(literal, -1)


def evaluate(case: dict[str, Any]) -> Any:
    """The case's value (a list of output texts for ``order``) or None for SQL NULL."""
    kind = case["kind"]
    if kind == "input":
        value = _value(case["type"], case["literal"])
    elif kind == "order":
        t = type_by_name(case["type"])
        values = [t.input(lit, -1) for lit in case["literals"]]
        return [t.output(v, DEFAULT_SETTINGS) for v in sorted(values, key=t.key)]
    elif kind == "cast" and case["prosrc"] == "b":
        value = _value(*case["args"][0])  # binary-coercible: the same datum, read as the target
    else:
        args = [_value(t, lit) for t, lit in case["args"]]
        fn = FUNCTIONS.get(case["prosrc"])
        if fn is None:
            raise FeatureNotSupported(f"function {case['prosrc']} is not supported")
        if any(a is None for a in args):
            return None  # every builtin replayed here is strict
        value = fn(*args)
    if value is None:
        return None
    return str(type_by_oid(case["result_type"]).output(value, DEFAULT_SETTINGS))


def _check(case: dict[str, Any]) -> str | None:
    """None when the case passes, else a one-line description of the difference."""
    sql = case["sql"]
    got: Any = None
    error: EngineError | None = None
    try:
        got = evaluate(case)
    except EngineError as e:
        error = e
    except Exception as e:  # noqa: BLE001 — a crash is reported as a failing case
        return f"{sql}: crashed with {type(e).__name__}: {e}"
    state = error.sqlstate if error is not None else None
    if sql in REFUSED:
        return None if state == "0A000" else f"{sql}: expected a refusal, got {got!r}/{state}"
    if case["sqlstate"] is not None:
        if error is None or state != case["sqlstate"]:
            return f"{sql}: expected error {case['sqlstate']}, got {got!r}/{state}"
        if (error.message, error.detail) != (case["message"], case["detail"]):
            return f"{sql}: expected {case['message']!r}/{case['detail']!r}, got {error.message!r}/{error.detail!r}"
        return None
    if error is not None or got != case["result"]:
        return f"{sql}: expected {case['result']!r}, got {got!r}/{state}"
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_golden_family(family: str) -> None:
    doc = json.loads((GOLDEN / f"{family}.json").read_text())
    failures = [f for f in map(_check, doc["cases"]) if f is not None]
    total = len(doc["cases"])
    assert not failures, f"{len(failures)}/{total} failing:\n" + "\n".join(failures[:60])


def test_every_refusal_is_recorded() -> None:
    sqls = {
        c["sql"] for f in FAMILIES for c in json.loads((GOLDEN / f"{f}.json").read_text())["cases"]
    }
    assert set(REFUSED) <= sqls
