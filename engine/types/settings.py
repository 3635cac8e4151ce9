"""Session settings that change how values are parsed and printed (DateStyle, TimeZone, …).

Follows PostgreSQL's ``check_datestyle`` (src/backend/commands/variable.c) and ``check_timezone``.
Must not import anything from the engine beyond ``engine.errors``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache

from engine.errors import FeatureNotSupported, InvalidParameterValue

DATESTYLES = ("ISO", "Postgres", "SQL", "German")
DATE_ORDERS = ("MDY", "DMY", "YMD")


@dataclass(frozen=True, slots=True)
class FormatSettings:
    """The GUCs that affect the text form of values."""

    datestyle: str = "ISO"  # 'ISO' | 'Postgres' | 'SQL' | 'German'
    date_order: str = "MDY"  # 'MDY' | 'DMY' | 'YMD'
    timezone: str = "UTC"
    intervalstyle: str = "postgres"
    extra_float_digits: int = 1
    bytea_output: str = "hex"


DEFAULT_SETTINGS = FormatSettings()

_STYLE_WORDS = {"iso": "ISO", "sql": "SQL", "postgres": "Postgres", "german": "German"}
_ORDER_WORDS = {
    "ymd": "YMD",
    "dmy": "DMY",
    "euro": "DMY",
    "european": "DMY",
    "mdy": "MDY",
    "us": "MDY",
    "noneuro": "MDY",
    "noneuropean": "MDY",
}


def _datestyle_error(value: str) -> InvalidParameterValue:
    return InvalidParameterValue(f'invalid value for parameter "DateStyle": "{value}"')


def _split_identifiers(value: str) -> list[str] | None:
    """PG's SplitIdentifierString(value, ','): lower-cases unquoted words; None on bad syntax."""
    out: list[str] = []
    i, n = 0, len(value)
    ws = " \t\n\r\f\v"
    while i < n and value[i] in ws:
        i += 1
    if i == n:
        return out
    while True:
        if i < n and value[i] == '"':
            j = i + 1
            word = []
            while True:
                k = value.find('"', j)
                if k < 0:
                    return None
                word.append(value[j:k])
                if k + 1 < n and value[k + 1] == '"':
                    word.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            tok = "".join(word)
        else:
            j = i
            while i < n and value[i] != "," and value[i] not in ws:
                i += 1
            if i == j:
                return None
            tok = value[j:i].lower()
        out.append(tok)
        while i < n and value[i] in ws:
            i += 1
        if i == n:
            return out
        if value[i] != ",":
            return None
        i += 1
        while i < n and value[i] in ws:
            i += 1


def parse_datestyle(value: str, current: FormatSettings | tuple[str, str]) -> tuple[str, str]:
    """check_datestyle: the (style, order) a SET DateStyle = value gives, starting from current."""
    if isinstance(current, FormatSettings):
        style, order = current.datestyle, current.date_order
    else:
        style, order = current
    toks = _split_identifiers(value)
    if toks is None:
        raise _datestyle_error(value)
    have_style = have_order = False
    ok = True
    for tok in toks:
        if tok in _STYLE_WORDS:
            new = _STYLE_WORDS[tok]
            if have_style and style != new:
                ok = False
            style, have_style = new, True
            if new == "German" and not have_order:
                order = "DMY"  # German also sets DMY, unless explicitly overridden
        elif tok in _ORDER_WORDS:
            new = _ORDER_WORDS[tok]
            if have_order and order != new:
                ok = False
            order, have_order = new, True
        elif tok == "default":
            # "DEFAULT" is the boot value 'ISO, MDY', applied only to the parts not yet given.
            if not have_style:
                style = "ISO"
            if not have_order:
                order = "MDY"
            have_style = have_order = True
        else:
            raise _datestyle_error(value)
    if not ok:
        raise _datestyle_error(value)
    return style, order


def canonical_datestyle(style: str, order: str) -> str:
    """The DateStyle value SHOW and ParameterStatus report, e.g. ``ISO, MDY``."""
    return f"{style}, {order}"


_POSIXISH = re.compile(r"^[+-]?\d|[<>,]|\d")


@cache
def _zone_names() -> dict[str, str]:
    """Lower-cased zone name → its spelling on disk (PG looks names up case-insensitively),
    over every directory zones are read from (the earlier directories win)."""
    from engine.types import tzfile

    names: dict[str, str] = {}
    for base in reversed(tzfile.search_path()):
        for root, _dirs, files in os.walk(base):
            rel = os.path.relpath(root, base)
            for f in files:
                name = f if rel == "." else os.path.join(rel, f)
                if "." in f or name.startswith(("posix/", "right/")) or f in _NOT_ZONES:
                    continue
                names[name.lower()] = name
    return names


_NOT_ZONES = {"Factory", "localtime", "posixrules", "leap-seconds.list", "leapseconds",
              "tzdata.zi", "zone.tab", "zone1970.tab", "iso3166.tab", "SECURITY"}


def validate_timezone(name: str) -> str:
    """check_timezone: the canonical spelling of a TimeZone setting, or an error as PG gives.

    Accepted: IANA names known to the system tzdata (case-insensitively, as PG does) and 'UTC'.
    Numeric offsets and POSIX rule strings are refused: PG accepts them but reports names such as
    ``<+05>-05`` and abbreviations we do not reproduce yet.
    """
    found = _zone_names().get(name.lower())
    if found is not None and _zone_file_exists(found):
        return found
    if _POSIXISH.search(name):
        raise FeatureNotSupported(f'TimeZone setting "{name}" is not supported')
    raise InvalidParameterValue(f'invalid value for parameter "TimeZone": "{name}"')


def _zone_file_exists(name: str) -> bool:
    from engine.types import tzfile

    return any(os.path.isfile(os.path.join(p, name)) for p in tzfile.search_path())
