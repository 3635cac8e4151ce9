"""Replay the golden math / bit string / network / macaddr / money / oid cases recorded from
PostgreSQL (tools/gen_math_goldens.py) with no server: each case's builtin, found by its
pg_proc.prosrc in the registry, must give the primary's exact text output or its SQLSTATE.

Cases the engine refuses on purpose are listed in REFUSED with the reason; for those the engine
must raise FeatureNotSupported (0A000) rather than give any answer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError, FeatureNotSupported
from engine.types import FUNCTIONS
from engine.types.registry import type_by_name, type_by_oid
from engine.types.settings import DEFAULT_SETTINGS

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "math"
FAMILIES = sorted(p.stem for p in GOLDEN.glob("*.json"))

# length coercion functions (pg_proc named after the type) applied after binary-coercible casts
_TYPMOD_COERCIONS: dict[str, Any] = {"bit": FUNCTIONS.get("bit"), "varbit": FUNCTIONS.get("varbit")}

# sql -> why the engine refuses it (it must raise FeatureNotSupported for these)
REFUSED: dict[str, str] = {}


def _type(spec: str) -> tuple[Any, int]:
    m = re.fullmatch(r"([a-z0-9_ ]+?)(?:\((\d+)\))?", spec)
    assert m is not None, spec
    return type_by_name(m.group(1)), int(m.group(2)) if m.group(2) else -1


def _value(spec: str, literal: str | None) -> Any:
    if literal is None:
        return None
    t, typmod = _type(spec)
    return t.input(literal, typmod)


def evaluate(case: dict[str, Any]) -> str | None:
    kind = case["kind"]
    if kind == "input":
        # '<literal>'::type(n) runs the input function without the typmod, then the type's
        # length coercion as an explicit cast (parse_coerce.c coerce_type)
        t, typmod = _type(case["type"])
        coerce = _TYPMOD_COERCIONS.get(t.name)
        if coerce is None:
            value = t.input(case["literal"], typmod)
        else:
            value = coerce(t.input(case["literal"], -1), typmod, True)
    elif kind == "cast" and case["prosrc"] in ("b", "i"):
        # binary-coercible (or I/O) cast, then the target's length coercion as explicit
        t, typmod = _type(case["type"])
        value = _value(case["args"][0][0], case["args"][0][1])
        coerce = _TYPMOD_COERCIONS.get(t.name)
        if coerce is not None and value is not None:
            value = coerce(value, typmod, True)
    else:
        args = [_value(t, lit) for t, lit in case["args"]]
        fn = FUNCTIONS.get(case["prosrc"])
        if fn is None:
            raise FeatureNotSupported(f"function {case['prosrc']} is not supported")
        if kind == "cast" and case["nargs"] > 1:
            args += [_type(case["type"])[1], True][: case["nargs"] - 1]
        if any(a is None for a in args):
            return None  # every builtin replayed here is strict
        value = fn(*args)
    return _output(case, value)


def _output(case: dict[str, Any], value: Any) -> str | None:
    if value is None:
        return None
    out_type = type_by_oid(case["result_type"]) if case["result_type"] else None
    assert out_type is not None
    return str(out_type.output(value, DEFAULT_SETTINGS))


def _check(case: dict[str, Any]) -> str | None:
    """None when the case passes, else a one-line description of the difference."""
    sql = case["sql"]
    try:
        got: str | None = evaluate(case)
        state = None
    except EngineError as e:
        got, state = None, e.sqlstate
    except Exception as e:  # noqa: BLE001 — a crash is reported as a failing case
        return f"{sql}: crashed with {type(e).__name__}: {e}"
    if sql in REFUSED:
        return None if state == "0A000" else f"{sql}: expected a refusal, got {got!r}/{state}"
    if case["sqlstate"] is not None:
        if state != case["sqlstate"]:
            return f"{sql}: expected error {case['sqlstate']}, got {got!r}/{state}"
        return None
    if state is not None or got != case["result"]:
        return f"{sql}: expected {case['result']!r}, got {got!r}/{state}"
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_golden_family(family: str) -> None:
    doc = json.loads((GOLDEN / f"{family}.json").read_text())
    failures = [f for f in map(_check, doc["cases"]) if f is not None]
    total = len(doc["cases"])
    assert not failures, f"{len(failures)}/{total} failing:\n" + "\n".join(failures[:40])
