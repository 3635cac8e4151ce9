"""Every other run-time setting PostgreSQL has (engine/pgcatalog/settings.py, generated from a
live server), accepted and reported as a primary does. Planner and resource settings cannot
change an answer, so they are simply kept; settings that would change results are accepted only
at the value the engine reproduces (``FIXED``) and refused (0A000) otherwise.

Values are checked by type as guc.c does (bool, integer with units, real, enum, string) and
kept in SHOW form. Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.pgcatalog import settings as generated

# settings whose other values would change query results: only these values are answered
FIXED: dict[str, set[str]] = {
    "array_nulls": {"on"},
    "transform_null_equals": {"off"},
    "quote_all_identifiers": {"off"},
    "lc_monetary": {"C", "POSIX"},
    "lc_numeric": {"C", "POSIX"},
    "lc_time": {"C", "POSIX"},
    "timezone_abbreviations": {"Default"},
}

_MEMORY = [("TB", 1024 ** 3), ("GB", 1024 ** 2), ("MB", 1024), ("kB", 1)]  # in kB
_TIME = [("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000), ("ms", 1),
         ("us", 0.001)]  # in ms
_BASE = {"kB": ("mem", 1), "8kB": ("mem", 8), "MB": ("mem", 1024), "B": ("mem", 1 / 1024),
         "ms": ("time", 1), "s": ("time", 1000), "min": ("time", 60_000)}
_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*)\s*")
_BOOL = {"on": True, "off": False, "true": True, "false": False, "yes": True, "no": False,
         "1": True, "0": False}


def _invalid(name: str, value: str, hint: str | None = None) -> InvalidParameterValue:
    return InvalidParameterValue(f'invalid value for parameter "{name}": "{value}"', hint=hint)


def _bool(name: str, value: str) -> str:
    """parse_bool: any prefix of true/false/yes/no, on/off spelled with two letters or more."""
    v = value.strip().lower()
    if v:
        for word, truth in _BOOL.items():
            if v == word or (word in ("true", "false", "yes", "no") and word.startswith(v)) or \
                    (word in ("on", "off") and len(v) >= 2 and word.startswith(v)):
                return "on" if truth else "off"
    raise EngineError(f'parameter "{name}" requires a Boolean value', sqlstate="22023")


def _with_unit(name: str, value: str, unit: str | None, integral: bool,
               lo: float, hi: float) -> str:
    m = _NUMBER.fullmatch(value)
    if m is None:
        raise _invalid(name, value)
    number, suffix = float(m.group(1)), m.group(2)
    base_unit = unit or ""
    if suffix:
        kind, scale = _BASE.get(base_unit, ("", 1))
        table = dict(_MEMORY if kind == "mem" else _TIME)
        if kind == "" or suffix not in table:
            raise _invalid(name, value, hint=_unit_hint(kind))
        number = number * table[suffix] / scale
    if integral:
        number = round(number)  # fractional input is rounded (parse_int, PG 12+)
    if not lo <= number <= hi:
        shown = int(number) if integral else number
        raise InvalidParameterValue(
            f"{shown}{base_unit if suffix else ''} is outside the valid range for parameter "
            f'"{name}" ({_fmt(lo, integral)} .. {_fmt(hi, integral)})')
    return _show(number, base_unit, integral)


def _unit_hint(kind: str) -> str:
    if kind == "mem":
        return 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
    return 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".'


def _fmt(v: float, integral: bool) -> str:
    return str(int(v)) if integral else f"{v:g}"


def _show(number: float, base_unit: str, integral: bool) -> str:
    """SHOW form: the largest unit in which the value is a whole number (_ShowOption)."""
    if not base_unit:
        return str(int(number)) if integral else f"{number:g}"
    if number == 0:
        return "0"
    kind, scale = _BASE[base_unit]
    in_small = number * scale
    for unit, factor in (_MEMORY if kind == "mem" else _TIME):
        if factor >= 1 and in_small % factor == 0:
            return f"{int(in_small // factor)}{unit}"
    raise FeatureNotSupported(f"showing {number}{base_unit} is not supported")


def _checker(row: tuple[Any, ...]) -> Callable[[str, dict[str, str]], str]:
    name, vartype, context, unit, enumvals, _show_value, min_val, max_val = row

    def check(value: str, current: dict[str, str]) -> str:
        if context in ("internal", "postmaster", "sighup", "backend", "superuser-backend"):
            why = {"postmaster": " without restarting the server", "sighup": " now",
                   "backend": " after connection start",
                   "superuser-backend": " after connection start"}.get(context, "")
            raise EngineError(f'parameter "{name}" cannot be changed{why}', sqlstate="55P02")
        if vartype == "bool":
            out = _bool(name, value)
        elif vartype == "enum":
            matches = [e for e in enumvals if e.lower() == value.strip().lower()]
            if not matches:
                raise _invalid(name, value, hint="Available values: " + ", ".join(enumvals) + ".")
            out = matches[0]
        elif vartype in ("integer", "real"):
            out = _with_unit(name, value, unit, vartype == "integer", float(min_val),
                             float(max_val))
        else:
            out = value
        allowed = FIXED.get(name)
        if allowed is not None and out not in allowed:
            raise FeatureNotSupported(f'{name} = {out} is not supported (it changes results '
                                      f"the shadow does not reproduce)")
        return out

    return check


ROWS: dict[str, tuple[Any, ...]] = {str(r[0]): r for r in generated.ROWS}


def generic_settings() -> list[tuple[str, str, Callable[[str, dict[str, str]], str]]]:
    """(canonical name, default SHOW value, check) for every generated setting."""
    return [(name, str(row[5]), _checker(row)) for name, row in ROWS.items()]
