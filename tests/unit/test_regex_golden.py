"""Replay the golden regular-expression cases recorded from PostgreSQL
(tools/gen_regex_goldens.py) through engine.functions.regex with no server.

Every case must either give PostgreSQL's exact answer (value, or SQLSTATE and message) or be
refused with FeatureNotSupported (0A000); a different answer fails. The refused fraction is
reported per file and bounded, so refusals cannot silently grow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError, FeatureNotSupported
from engine.functions import regex
from engine.types.base import ArrayValue

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "regex"
FILES = ("regress", "tcl", "adversarial", "similar", "fuzz", "fuzz_captures")
# Upper bound on refused cases per file, as a fraction.
MAX_REFUSED = 0.02


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((GOLDEN / f"{name}.json").read_text())["cases"]
    return cases


def _plain(value: Any) -> Any:
    if isinstance(value, ArrayValue):
        assert value.elem_oid == 25
        if not value.items:
            assert value.dims == () and value.lbounds == ()
        else:
            assert value.dims == (len(value.items),) and value.lbounds == (1,)
        return list(value.items)
    return value


def run_case(case: dict[str, Any]) -> tuple[str, Any]:
    """('ok', value) or ('error', (sqlstate, message)) or ('refused', message)."""
    fn = case["fn"]
    try:
        if fn in regex.SRF_FUNCTIONS:
            value: Any = [_plain(v) for v in regex.SRF_FUNCTIONS[fn](*case["args"])]
        else:
            value = _plain(regex.FUNCTIONS[fn](*case["args"]))
    except FeatureNotSupported as err:
        return "refused", err.message
    except EngineError as err:
        return "error", (err.sqlstate, err.message)
    return "ok", value


def _short(args: list[Any]) -> str:
    text = repr(args)
    return text if len(text) < 300 else text[:300] + "..."


def check(case: dict[str, Any]) -> bool:
    """True if answered exactly, False if refused; raises AssertionError on a wrong answer."""
    kind, got = run_case(case)
    where = f"{case['sql']} {_short(case['args'])}"
    if kind == "refused":
        return False
    if "sqlstate" in case:
        assert kind == "error", f"{where}: expected {case['sqlstate']}, got {got!r}"
        assert got == (case["sqlstate"], case["message"]), where
    else:
        assert kind == "ok", f"{where}: expected {case['result']!r}, got {got!r}"
        assert got == case["result"], f"{where}: expected {case['result']!r}, got {got!r}"
    return True


@pytest.mark.parametrize("name", FILES)
def test_regex_goldens(name: str) -> None:
    cases = _load(name)
    failures: list[str] = []
    refused = 0
    for case in cases:
        try:
            if not check(case):
                refused += 1
        except AssertionError as err:
            failures.append(str(err))
    assert not failures, f"{len(failures)} wrong answers, e.g.:\n" + "\n".join(failures[:20])
    print(f"{name}: {len(cases)} cases, {refused} refused ({refused / len(cases):.2%})")
    assert refused <= MAX_REFUSED * len(cases)


def test_cached_compile_is_shared() -> None:
    assert regex.compile_are("a(b)c", "i") is regex.compile_are("a(b)c", "i")
    spans = regex.compile_are("a(b)c").search("xabcx", 0)
    assert spans == [(1, 4), (2, 3)]


def test_refuses_rather_than_guessing() -> None:
    """Where PostgreSQL may reject a pattern as too complex, or the matcher would run for
    minutes, the engine refuses with 0A000 instead of answering."""
    with pytest.raises(FeatureNotSupported):
        regex.textregexeq("x", "x*y*z*" * 1000)  # PostgreSQL: regular expression is too complex
    with pytest.raises(FeatureNotSupported):
        regex.regexp_match("ab" * 2_000 + "c", r"(.*)\1c")


def test_every_regex_builtin_is_registered() -> None:
    from engine.types import FUNCTIONS, SRF_FUNCTIONS

    for name, fn in regex.FUNCTIONS.items():
        assert FUNCTIONS[name] is fn
    for name, fn in regex.SRF_FUNCTIONS.items():
        assert SRF_FUNCTIONS[name] is fn
