"""Replay the golden jsonpath cases recorded from PostgreSQL (tools/gen_jsonpath_goldens.py)
with no server: jsonpath input/output, and the jsonb_path_* functions and @?/@@ operators by
prosrc.

Every case must give PostgreSQL's exact answer (text, rows, or SQLSTATE + message + detail) or
be refused with FeatureNotSupported (0A000). Refusals are counted per file and bounded by
MAX_REFUSED; what is refused, and why, is listed in REFUSED_CONSTRUCTS."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError, FeatureNotSupported
from engine.functions import jsonpath_exec
from engine.types import DEFAULT_SETTINGS, type_by_name
from engine.types.settings import FormatSettings, parse_datestyle, validate_timezone

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "jsonpath"

# Refused on purpose (0A000), never answered:
REFUSED_CONSTRUCTS = (
    "jsonpath .keyvalue() of a nested object",  # its "id" is a byte offset in jsonb's binary form
    # a dynamic abbreviation at an instant past its zone's recorded transitions
    "time zone abbreviation \"...\" past the zone's history",
    # time -> timetz (_tz) where no session clock runs (these goldens replay without one)
    'time with time zone in zone "..." depends on the current date',
    "XQuery \"x\" flag",  # PostgreSQL itself raises 0A000 here: answered exactly
    "cannot convert value from ... without time zone usage",  # PG's own 0A000: answered exactly
)
# Upper bound on refused cases per file, as a fraction.
MAX_REFUSED = {"input": 0.0, "regress": 0.01, "battery": 0.001, "datetime": 0.005}

JSONB = type_by_name("jsonb")
JSONPATH = type_by_name("jsonpath")


@dataclass(frozen=True)
class _Ctx:
    settings: FormatSettings


@functools.cache
def _session(datestyle: str, tz: str) -> FormatSettings:
    style, order = parse_datestyle(datestyle, DEFAULT_SETTINGS)
    # SET TimeZone's canonical form: '+10' is hours east (check_timezone), not POSIX
    return FormatSettings(datestyle=style, date_order=order, timezone=validate_timezone(tz))


def _settings(case: dict[str, Any]) -> FormatSettings:
    return _session(case["datestyle"], case["tz"])


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "t" if v else "f"
    return str(JSONB.output(v, DEFAULT_SETTINGS))


def _call(case: dict[str, Any]) -> Any:
    fn = case["fn"]
    args = case["args"]
    values: list[Any] = [JSONB.input(args[0], -1), JSONPATH.input(args[1], -1)]
    if len(args) == 4:
        values += [JSONB.input(args[2], -1), args[3]]
    if fn in jsonpath_exec.FUNCTIONS:
        return _text(jsonpath_exec.FUNCTIONS[fn](*values))
    ctx = _Ctx(_settings(case))
    if fn in jsonpath_exec.CONTEXT_FUNCTIONS:
        return _text(jsonpath_exec.CONTEXT_FUNCTIONS[fn](ctx, *values))
    if fn in jsonpath_exec.SRF_FUNCTIONS:
        return [_text(v) for v in jsonpath_exec.SRF_FUNCTIONS[fn](*values)]
    return [_text(v) for v in jsonpath_exec.CONTEXT_SRF_FUNCTIONS[fn](ctx, *values)]


def run_case(case: dict[str, Any]) -> tuple[str, Any]:
    """('ok', value) or ('error', (sqlstate, message, detail)) or ('refused', message)."""
    try:
        if "fn" in case:
            value = _call(case)
        else:
            value = JSONPATH.output(JSONPATH.input(case["text"], -1), DEFAULT_SETTINGS)
    except FeatureNotSupported as err:
        if case.get("sqlstate") == "0A000" and case.get("message") == err.message:
            return "error", (err.sqlstate, err.message, err.detail)
        return "refused", err.message
    except EngineError as err:
        return "error", (err.sqlstate, err.message, err.detail)
    return "ok", value


def check(case: dict[str, Any]) -> bool:
    """True if answered exactly, False if refused; AssertionError on a wrong answer."""
    kind, got = run_case(case)
    where = f"{case.get('fn', 'jsonpath_in')} {case.get('args', case.get('text'))!r}"
    if kind == "refused":
        return False
    if "sqlstate" in case:
        want = (case["sqlstate"], case["message"], case.get("detail"))
        assert (kind, got) == ("error", want), f"{where}: expected {want}, got {kind} {got!r}"
    else:
        want = case["rows"] if "rows" in case else case["expect"]
        assert (kind, got) == ("ok", want), f"{where}: expected {want!r}, got {kind} {got!r}"
    return True


@pytest.mark.parametrize("name", sorted(MAX_REFUSED))
def test_jsonpath_goldens(name: str) -> None:
    cases: list[dict[str, Any]] = json.loads((GOLDEN / f"{name}.json").read_text())["cases"]
    failures: list[str] = []
    refused = 0
    for case in cases:
        try:
            if not check(case):
                refused += 1
        except AssertionError as err:
            failures.append(str(err))
    assert not failures, f"{len(failures)} wrong answers, e.g.:\n" + "\n".join(failures[:30])
    print(f"{name}: {len(cases)} cases, {refused} refused ({refused / len(cases):.2%})")
    assert refused <= MAX_REFUSED[name] * len(cases)


def test_jsonpath_has_no_ordering() -> None:
    with pytest.raises(FeatureNotSupported):
        JSONPATH.key(JSONPATH.input("$", -1))
