"""Session settings that change how values are parsed and printed (DateStyle, TimeZone, …).

Follows PostgreSQL's ``check_datestyle`` (src/backend/commands/variable.c) and ``check_timezone``.
Must not import anything from the engine beyond ``engine.errors``.
"""

from __future__ import annotations

import math
import os
import re
import time
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
    # the shadow's own clock (timestamptz µs since 2000-01-01 UTC): the transaction's and the
    # statement's start (now(), 'today', current_date …); None where no session clock runs
    xact_start: int | None = None
    stmt_start: int | None = None


DEFAULT_SETTINGS = FormatSettings()
_UNIX_TO_PG_EPOCH_US = 946_684_800_000_000  # 2000-01-01 00:00:00 UTC in Unix µs


def clock_now() -> int:
    """GetCurrentTimestamp: the shadow's wall clock as a timestamptz (µs since 2000-01-01 UTC)."""
    return time.time_ns() // 1000 - _UNIX_TO_PG_EPOCH_US

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


def split_identifiers(value: str) -> list[str] | None:
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
    toks = split_identifiers(value)
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


_NOT_ZONES = {"localtime", "posixrules", "leap-seconds.list", "leapseconds",
              "tzdata.zi", "zone.tab", "zone1970.tab", "iso3166.tab", "SECURITY"}

# C strtod's whole-string forms: decimal, hexadecimal, inf/infinity and nan (after C isspace).
_STRTOD = re.compile(
    r"[ \t\n\v\f\r]*[+-]?(?:"
    r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?"
    r"|(?i:inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?))"
)
_MAX_OFFSET_SECS = 168 * 3600  # tzparse's getsecs takes at most 167 hours


def _strtod(text: str) -> float | None:
    """The value of ``text`` when C strtod consumes all of it, else None."""
    if _STRTOD.fullmatch(text) is None:
        return None
    body = text.lstrip(" \t\n\v\f\r")
    neg = body.startswith("-")
    digits = body.lstrip("+-")
    if digits[:2].lower() == "0x":
        mant, _, exp = digits[2:].lower().partition("p")
        if "." not in mant:
            mant += "."
        value = float.fromhex("0x" + mant + "p" + (exp or "0"))
    elif digits[:1].lower() == "n":
        value = math.nan
    else:
        value = float(digits)
    return -value if neg else value


def lookup_zone(name: str) -> str | None:
    """pg_tzset: the canonical spelling of a zone name — a zone file matched
    case-insensitively, else an upper-cased POSIX TZ string tzparse accepts — or None."""
    from engine.types import tz_posix

    found = _zone_names().get(name.lower())
    if found is not None and _zone_file_exists(found):
        return found
    if not name.isascii():  # pg_toupper of high-bit bytes follows the server's locale
        raise FeatureNotSupported(f'time zone "{name}" with non-ASCII characters')
    return tz_posix.pg_tzset_spec(name)


def _bad_timezone(name: str, detail: str | None = None) -> InvalidParameterValue:
    return InvalidParameterValue(f'invalid value for parameter "TimeZone": "{name}"',
                                 detail=detail)


def validate_timezone(name: str) -> str:
    """check_timezone: the canonical spelling of a TimeZone setting (what SHOW prints), or
    the error PG gives (src/backend/commands/variable.c).

    A number is hours EAST of UTC (SQL sign) and becomes pg_tzset_offset's POSIX spec with
    the Unix sign, e.g. '+2' -> ``<+02>-02``; anything else is a zone file or a POSIX TZ string.
    """
    from engine.types import tz_posix, tzfile

    if name[:8].lower() == "interval":
        raise FeatureNotSupported("SET TIME ZONE 'interval ...' is not supported")
    hours = _strtod(name)
    if hours is not None:
        secs = -hours * 3600.0  # C: long gmtoffset = -hours * SECS_PER_HOUR (truncates)
        if math.isnan(secs) or abs(secs) >= _MAX_OFFSET_SECS:
            raise _bad_timezone(name, "UTC timezone offset is out of range.")
        return tz_posix.offset_zone_name(int(secs))
    found = lookup_zone(name)
    if found is None:
        raise _bad_timezone(name)
    info = tzfile.utc_info(tzfile.load_zone(found), _Y2K_UNIX)
    if info.utoff % 60:  # pg_tz_acceptable: 2000-01-01 00:00 UTC must show :00 seconds
        raise InvalidParameterValue(f'time zone "{name}" appears to use leap seconds',
                                    detail="PostgreSQL does not support leap seconds.")
    return found


_Y2K_UNIX = 946684800


def _zone_file_exists(name: str) -> bool:
    from engine.types import tzfile

    return any(os.path.isfile(os.path.join(p, name)) for p in tzfile.search_path())
