"""Replay the string-family golden cases recorded from PostgreSQL (tools/gen_strings_goldens.py)
through the implementations keyed by pg_proc.prosrc, with no server: arguments are parsed by the
registry's input functions, results printed by the result type's output function, errors
compared by SQLSTATE."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.errors import EngineError
from engine.types import ArrayValue, FormatSettings
from engine.types.registry import (
    CONTEXT_FUNCTIONS,
    FUNCTIONS,
    SRF_FUNCTIONS,
    TYPES,
    PgType,
    apply_typmod,
    type_by_name,
    type_by_oid,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "strings"
FILES = ("text", "arrays", "bytea", "char", "like", "format")
# string_to_array/array_to_string (text_to_array*, array_to_text*) are implemented by the
# arrays family (engine/functions/array_funcs.py); the goldens here check them through the
# registry all the same.
# format(), concat() and concat_ws() receive their "any" arguments as text (the binder applies
# each argument type's output function), so the replay does the same.
TEXT_ARGS = {"text_format", "text_format_nv", "text_concat", "text_concat_ws"}
ARRAY_ELEMS = {"int4[]": 23, "text[]": 25, "numeric[]": 1700, "bool[]": 16, "float8[]": 701}


@dataclass
class Ctx:
    settings: FormatSettings


def _pgtype(name: str) -> tuple[PgType, int]:
    if name == '"char"':
        return type_by_oid(18), -1
    if name.startswith("char(") or name.startswith("varchar("):
        base, n = name[:-1].split("(")
        return type_by_name(base), int(n) + 4
    return type_by_name(name), -1


def _parse_array(text: str, elem: PgType) -> ArrayValue:
    """Just enough of array_in for the golden literals: 1-D/2-D, unquoted items, NULL."""
    if text == "{}":
        return ArrayValue(elem.oid, (), (), ())
    if text.startswith("{{"):
        rows = [r.strip("{}").split(",") for r in text[1:-1].split("},{")]
        dims: tuple[int, ...] = (len(rows), len(rows[0]))
        flat = [x for r in rows for x in r]
    else:
        flat = text[1:-1].split(",")
        dims = (len(flat),)
    items = tuple(None if x == "NULL" else elem.input(x, -1) for x in flat)
    return ArrayValue(elem.oid, dims, (1,) * len(dims), items)


def _array_out(arr: ArrayValue, s: FormatSettings) -> str:
    """array_out for 1-D text arrays (the only array result in the goldens); the registry's
    _text type when the arrays family provides it."""
    if 1009 in TYPES:
        return str(TYPES[1009].output(arr, s))
    if not arr.dims:
        return "{}"
    parts = []
    for item in arr.items:
        if item is None:
            parts.append("NULL")
            continue
        text = type_by_oid(arr.elem_oid).output(item, s)
        needs = text == "" or text.upper() == "NULL" or any(c in '{},"\\ \t\n\r\v\f' for c in text)
        if needs:
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        parts.append(text)
    return "{" + ",".join(parts) + "}"


def _value(typ: str, text: str | None) -> Any:
    if text is None:
        return None
    if typ in ARRAY_ELEMS:
        return _parse_array(text, type_by_oid(ARRAY_ELEMS[typ]))
    t, typmod = _pgtype(typ)
    return apply_typmod(t, t.input(text, -1), typmod, explicit=True)


def _output(typ: str, value: Any, s: FormatSettings) -> str | None:
    if value is None:
        return None
    if typ == "text[]":
        return _array_out(value, s)
    return _pgtype(typ)[0].output(value, s)


def _call(case: dict[str, Any], s: FormatSettings) -> Any:
    prosrc, kind = case["prosrc"], case["kind"]
    args = [_value(t, v) for t, v in case["args"]]
    if prosrc in ("byteaout", "charout"):
        return args[0]
    if prosrc in TEXT_ARGS:
        args = [_output(t, v, s) for (t, _), v in zip(case["args"], args, strict=True)]
    if kind == "like_escape":
        return FUNCTIONS["textlike"](args[0], FUNCTIONS["like_escape"](args[1], args[2]))
    if kind == "srf":
        rows = list(SRF_FUNCTIONS[prosrc](*args))
        return "|".join("<NULL>" if r is None else r for r in rows) or "<EMPTY>"
    if prosrc in CONTEXT_FUNCTIONS:
        return CONTEXT_FUNCTIONS[prosrc](Ctx(s), *args)
    return FUNCTIONS[prosrc](*args)


def outcome(case: dict[str, Any]) -> tuple[str | None, str | None]:
    s = FormatSettings(bytea_output=case["settings"].get("bytea_output", "hex"))
    try:
        return _output(case["result_type"], _call(case, s), s), None
    except EngineError as e:
        return None, e.sqlstate


def _unknown_code_point(case: dict[str, Any]) -> bool:
    return any(
        v is not None and any(unicodedata.category(c) == "Cn" for c in v) for _, v in case["args"]
    )


def accepted_refusal(case: dict[str, Any]) -> str | None:
    """Why refusing (0A000) this case is correct, or None when it must be answered."""
    if "expect_raw_hex" in case:
        return "PG returns bytes that are not valid UTF-8; engine text values cannot hold them"
    if case["prosrc"] in ("pg_convert_to", "pg_convert_from", "length_in_encoding"):
        return "only UTF8 is implemented; other encoding names, valid or not, are refused"
    norm = ("unicode_normalize_func", "unicode_is_normalized", "unicode_assigned")
    if case["prosrc"] in norm and _unknown_code_point(case) and "sqlstate" not in case:
        return "code point unknown to Python's Unicode database (PG 18 uses Unicode 16.0)"
    return None


# Cases whose result knowingly differs from PostgreSQL (keep tiny; each with its reason).
KNOWN_DIVERGENCES: dict[str, str] = {}


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((GOLDEN / f"{name}.json").read_text())["cases"]
    return cases


@pytest.mark.parametrize("name", FILES)
def test_golden_file(name: str) -> None:
    cases = _load(name)
    failures = []
    for case in cases:
        got = outcome(case)
        want = (case.get("expect"), case.get("sqlstate"))
        if got == want or case["sql"] in KNOWN_DIVERGENCES:
            continue
        if got == (None, "0A000") and accepted_refusal(case):
            continue
        failures.append(f"{case['sql']} [{case['settings']}]: want {want}, got {got}")
    assert not failures, f"{len(failures)}/{len(cases)} mismatches:\n" + "\n".join(failures[:80])
