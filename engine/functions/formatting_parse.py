"""to_date(text, text), to_timestamp(text, text) and to_timestamp(float8).

Follows src/backend/utils/adt/formatting.c (PostgreSQL 18): ``DCH_from_char`` (non-standard
mode), ``from_char_parse_int_len``, ``from_char_seq_search``, ``do_to_timestamp`` and
``to_date``/``to_timestamp``; ``float8_timestamptz`` from timestamp.c. Time zone *names or
abbreviations* in the input (the TZ/tz patterns) are refused: they need PG's abbreviation table.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from engine.errors import (
    DatetimeFieldOverflow,
    EngineError,
    FeatureNotSupported,
    InvalidDatetimeFormat,
)
from engine.functions import formatting_dch as dch
from engine.types import tz_abbrevs
from engine.types.datetime import (
    DT_NOBEGIN,
    DT_NOEND,
    POSTGRES_EPOCH_JDATE,
    UNIX_EPOCH_JDATE,
    adjust_timestamp_typmod,
    date2j,
    is_valid_date,
    is_valid_julian,
    is_valid_timestamp,
    j2date,
    timestamp_to_timestamptz,
)
from engine.types.datetime_parse import abbrev_meanings, dynamic_abbrev_offset
from engine.types.interval import crem, ctrunc_div
from engine.types.settings import FormatSettings

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
_AMPM = ("am", "pm", "AM", "PM")
_AMPM_LONG = ("a.m.", "p.m.", "A.M.", "P.M.")
_ADBC = ("ad", "bc", "AD", "BC")
_ADBC_LONG = ("a.d.", "b.c.", "A.D.", "B.C.")
_RM_LOWER = tuple(r.lower() for r in dch.RM_UPPER)
_C_SPACE = " \t\n\r\f\v"


@dataclass(slots=True)
class TmFromChar:
    mode: str = ""
    hh: int = 0
    pm: int = 0
    mi: int = 0
    ss: int = 0
    ssss: int = 0
    d: int = 0
    dd: int = 0
    ddd: int = 0
    mm: int = 0
    ms: int = 0
    year: int = 0
    bc: int = 0
    ww: int = 0
    w: int = 0
    cc: int = 0
    j: int = 0
    us: int = 0
    yysz: int = 0
    clock12: bool = False
    tzsign: int = 0
    has_tz: bool = False  # a TZ abbreviation was read; its offset (seconds east) in gmtoffset
    gmtoffset: int = 0
    abbrev: tuple[str, str] | None = None  # a dynamic one: (abbreviation, its zone)
    tzh: int = 0
    tzm: int = 0
    ff: int = 0


def _isspace(c: str) -> bool:
    return c != "" and c in _C_SPACE


def _field_overflow(text: str) -> DatetimeFieldOverflow:
    return DatetimeFieldOverflow(f'date/time field value out of range: "{text}"')


class _Parser:
    """DCH_from_char over one input string."""

    def __init__(self, nodes: list[dch.DchNode], text: str, zone: str | None = None) -> None:
        self.nodes, self.s, self.p = nodes, text, 0
        self.out = TmFromChar()
        self.zone = zone  # the session TimeZone, whose abbreviations TZ reads first

    def cur(self, k: int = 0) -> str:
        i = self.p + k
        return self.s[i] if 0 <= i < len(self.s) else ""

    def set_int(self, field: str, value: int, node: dch.DchNode) -> None:
        old = getattr(self.out, field)
        if old != 0 and old != value:
            raise InvalidDatetimeFormat(
                f'conflicting values for "{node.text}" field in formatting string',
                detail="This value contradicts a previous setting for the same field type.",
            )
        setattr(self.out, field, value)

    def _strtol(self, start: int) -> tuple[int, int]:
        """C strtol(…, 10) from ``start``: (value, end index); end == start if no digits."""
        i = start
        while _isspace(self.s[i : i + 1]):
            i += 1
        j = i + 1 if self.s[i : i + 1] in ("+", "-") else i
        k = j
        while k < len(self.s) and self.s[k] in "0123456789":
            k += 1
        if k == j:
            return 0, start
        return int(self.s[i:k]), k

    def parse_int(self, field: str | None, length: int, idx: int) -> int:
        """from_char_parse_int_len: the count of characters consumed."""
        node = self.nodes[idx]
        init = self.p
        while _isspace(self.cur()):
            self.p += 1
        copy = self.s[self.p : self.p + length]
        used = len(self.s) - self.p
        if node.suffix & dch.S_FM or self._next_is_separator(idx):
            result, end = self._strtol(init)
            self.p = end
        else:
            if used < length:
                raise InvalidDatetimeFormat(
                    f'source string too short for "{node.text}" formatting field',
                    detail=f"Field requires {length} characters, but only {used} remain.",
                    hint='If your source string is not fixed-width, try using the "FM" modifier.',
                )
            result, end = _strtol_str(copy)
            if 0 < end < length:
                raise InvalidDatetimeFormat(
                    f'invalid value "{copy}" for "{node.text}"',
                    detail=f"Field requires {length} characters, but only {end} could be parsed.",
                    hint='If your source string is not fixed-width, try using the "FM" modifier.',
                )
            self.p += end
        if self.p == init:
            raise InvalidDatetimeFormat(
                f'invalid value "{copy}" for "{node.text}"', detail="Value must be an integer."
            )
        if not INT_MIN <= result <= INT_MAX:
            raise DatetimeFieldOverflow(
                f'value for "{node.text}" in source string is out of range',
                detail=f"Value must be in the range {INT_MIN} to {INT_MAX}.",
            )
        if field is not None:
            self.set_int(field, result, node)
        return self.p - init

    def _next_is_separator(self, idx: int) -> bool:
        node = self.nodes[idx]
        if node.kind == dch.ACTION and node.suffix & (dch.S_TH | dch.S_th):
            return True
        if idx + 1 >= len(self.nodes):
            return True
        nxt = self.nodes[idx + 1]
        if nxt.kind == dch.ACTION:
            return not nxt.is_digit
        return not (nxt.text.isascii() and nxt.text.isdigit())

    def seq_search(self, array: tuple[str, ...], node: dch.DchNode) -> int:
        rest = self.s[self.p :]
        low = rest.lower() if rest.isascii() else "".join(
            c.lower() if c.isascii() else c for c in rest
        )
        for i, word in enumerate(array):
            if low.startswith(word.lower()):
                self.p += len(word)
                return i
        copy = rest
        for k, c in enumerate(rest):
            if c in " \t\n\r\f":
                copy = rest[:k]
                break
        raise InvalidDatetimeFormat(
            f'invalid value "{copy}" for "{node.text}"',
            detail="The given value did not match any of the allowed values for this field.",
        )

    def skip_th(self, node: dch.DchNode) -> None:
        if node.suffix & (dch.S_TH | dch.S_th):
            self.p = min(self.p + 2, len(self.s))


def _strtol_str(s: str) -> tuple[int, int]:
    i = 0
    while i < len(s) and s[i] in _C_SPACE:
        i += 1
    j = i + 1 if s[i : i + 1] in ("+", "-") else i
    k = j
    while k < len(s) and s[k] in "0123456789":
        k += 1
    if k == j:
        return 0, 0
    return int(s[i:k]), k


_INT_FIELDS = {
    "MI": ("mi", 0), "SS": ("ss", 0), "SSSS": ("ssss", 0), "MM": ("mm", 0), "DDD": ("ddd", 0),
    "IDDD": ("ddd", 3), "DD": ("dd", 0), "D": ("d", 0), "WW": ("ww", 0), "IW": ("ww", 0),
    "CC": ("cc", 0), "W": ("w", 0), "J": ("j", 0), "HH24": ("hh", 2), "HH": ("hh", 2),
    "HH12": ("hh", 2),
}  # fmt: skip


def _parse_tz_offset(ps: _Parser, idx: int, extra_skip: int, with_minutes: bool) -> None:
    out = ps.out
    c = ps.cur()
    if c in ("+", "-", " ") and c:
        out.tzsign = -1 if c == "-" else 1
        ps.p += 1
    else:
        out.tzsign = -1 if extra_skip > 0 and ps.cur(-1) == "-" else 1
    ps.parse_int("tzh", 2, idx)
    if with_minutes and ps.cur() == ":":
        ps.p += 1
        ps.parse_int("tzm", 2, idx)


def _years(ps: _Parser, node: dch.DchNode, idx: int) -> None:
    out, key = ps.out, node.key
    if key == "Y,YYY":
        _y_yyy(ps, node)
    elif key in ("YYYY", "IYYY"):
        ps.parse_int("year", len(node.text), idx)
        out.yysz = 4
    else:
        n = ps.parse_int("year", len(node.text), idx)
        if n < 4:
            out.year = _adjust_partial_year(out.year)
        out.yysz = {"YYY": 3, "IYY": 3, "YY": 2, "IY": 2}.get(key, 1)
    ps.skip_th(node)


def _y_yyy(ps: _Parser, node: dch.DchNode) -> None:
    rest = ps.s[ps.p :]
    millennia, end = _strtol_str(rest)
    ok = end > 0 and rest[end : end + 1] == ","
    if ok:
        i = end + 1
        ws = i
        while i < len(rest) and rest[i] in _C_SPACE:
            i += 1
        years, used = _strtol_str(rest[i : i + 3])
        ok = used > 0
        end = i + used
        _ = ws
    if not ok:
        raise InvalidDatetimeFormat(f'invalid value "{rest}" for "Y,YYY"')
    total = millennia * 1000 + years
    if not INT_MIN <= millennia * 1000 <= INT_MAX or not INT_MIN <= total <= INT_MAX:
        raise DatetimeFieldOverflow('value for "Y,YYY" in source string is out of range')
    ps.set_int("year", total, node)
    ps.out.yysz = 4
    ps.p += end


def _adjust_partial_year(year: int) -> int:
    if year < 70:
        return year + 2000
    if year < 100:
        return year + 1900
    if year < 520:
        return year + 2000
    if year < 1000:
        return year + 1000
    return year


def _action(ps: _Parser, idx: int, extra_skip: int) -> bool:  # noqa: C901 - PG's switch
    """One action node of DCH_from_char; returns True when FX switches fixed mode on."""
    node = ps.nodes[idx]
    out, key = ps.out, node.key
    if node.mode:
        if not out.mode:
            out.mode = node.mode
        elif out.mode != node.mode:
            raise InvalidDatetimeFormat(
                "invalid combination of date conventions",
                hint="Do not mix Gregorian and ISO week date conventions in a formatting template.",
            )
    if key == "FX":
        return True
    if key in ("A.M.", "P.M.", "a.m.", "p.m.", "AM", "PM", "am", "pm"):
        words: tuple[str, ...] = _AMPM_LONG if "." in key else _AMPM
        ps.set_int("pm", ps.seq_search(words, node) % 2, node)
        out.clock12 = True
    elif key in _INT_FIELDS:
        field, length = _INT_FIELDS[key]
        ps.parse_int(field, length or len(node.text), idx)
        if key in ("HH", "HH12"):
            out.clock12 = True
        ps.skip_th(node)
    elif key == "MS":
        n = ps.parse_int("ms", 3, idx)
        out.ms *= 100 if n == 1 else 10 if n == 2 else 1
        ps.skip_th(node)
    elif key.startswith("FF") or key == "US":
        if key != "US":
            out.ff = int(key[2])
        n = ps.parse_int("us", 6 if key == "US" else out.ff, idx)
        out.us *= 10 ** (6 - n) if 1 <= n <= 5 else 1
        ps.skip_th(node)
    elif key in ("tz", "TZ"):
        parse_tz_abbrev(ps, node, idx, extra_skip)
    elif key in ("OF", "TZH"):
        _parse_tz_offset(ps, idx, extra_skip, key == "OF")
    elif key == "TZM":
        if not out.tzsign:
            out.tzsign = 1
        ps.parse_int("tzm", 2, idx)
    elif key in dch._ADBC:
        arr: tuple[str, ...] = _ADBC_LONG if "." in key else _ADBC
        ps.set_int("bc", ps.seq_search(arr, node) % 2, node)
    elif key in ("MONTH", "Month", "month", "MON", "Mon", "mon"):
        _tm_check(node)
        arr = dch.MONTHS if len(key) == 5 else dch.MONTHS_SHORT
        ps.set_int("mm", ps.seq_search(arr, node) + 1, node)
    elif key in ("DAY", "Day", "day", "DY", "Dy", "dy"):
        _tm_check(node)
        arr = dch.DAYS if len(key) == 3 else dch.DAYS_SHORT
        ps.set_int("d", ps.seq_search(arr, node), node)
        out.d += 1
    elif key == "ID":
        ps.parse_int("d", 1, idx)
        out.d += 1
        if out.d > 7:
            out.d = 1
        ps.skip_th(node)
    elif key == "Q":
        ps.parse_int(None, 1, idx)
        ps.skip_th(node)
    elif key in ("RM", "rm"):
        ps.set_int("mm", 12 - ps.seq_search(_RM_LOWER, node), node)
    else:
        _years(ps, node, idx)
    return False


def _tm_check(node: dch.DchNode) -> None:
    _ = node  # TM (localized names) is English under lc_time = C: same arrays


def _abbrev_prefix(s: str, zone: str) -> tuple[int, int, str | None]:
    """DecodeTimezoneAbbrevPrefix: (length, offset east, None) of the longest prefix of ``s``
    that is a fixed zone abbreviation (the session zone's own first, then the abbreviation
    table), (length, 0, zone) for a dynamic one, (-1, 0, None) when none is."""
    n = 0
    while n < min(len(s), 10) and s[n].isascii() and s[n].isalpha():
        n += 1
    low = s[:n].lower()
    while n > 0:
        word = low[:n]
        own = abbrev_meanings(zone, word)
        if len(own) == 1:
            return n, next(iter(own))[0], None
        if own:
            return n, 0, zone
        if word in tz_abbrevs.FIXED:
            return n, tz_abbrevs.FIXED[word][0], None
        if word in tz_abbrevs.DYNAMIC:
            return n, 0, tz_abbrevs.DYNAMIC[word]
        n -= 1
    return -1, 0, None


def parse_tz_abbrev(ps: _Parser, node: dch.DchNode, idx: int, extra_skip: int) -> None:
    """DCH_TZ / DCH_tz input: a zone abbreviation, else parsed like OF."""
    if ps.zone is None:
        raise FeatureNotSupported("time zone abbreviations in to_date input (TZ)")
    length, offset, dyn_zone = _abbrev_prefix(ps.s[ps.p :], ps.zone)
    if length > 0:
        ps.out.has_tz, ps.out.gmtoffset, ps.out.tzsign = True, offset, 0
        ps.out.abbrev = (ps.s[ps.p : ps.p + length].lower(), dyn_zone) if dyn_zone else None
        ps.p += length
        return
    c = ps.cur()
    if c.isascii() and c.isalpha():
        raise InvalidDatetimeFormat(
            f'invalid value "{ps.s[ps.p :]}" for "{node.text}"',
            detail="Time zone abbreviation is not recognized.",
        )
    _parse_tz_offset(ps, idx, extra_skip, True)


def dch_from_char(nodes: list[dch.DchNode], text: str, zone: str | None = None) -> TmFromChar:
    ps = _Parser(nodes, text, zone)
    fx_mode = False
    extra_skip = 0
    for idx, node in enumerate(nodes):
        if ps.p >= len(text):
            break
        if not fx_mode and (node.kind != dch.ACTION or node.key != "FX") and (
            node.kind == dch.ACTION or idx == 0
        ):
            while _isspace(ps.cur()):
                ps.p += 1
                extra_skip += 1
        if node.kind in (dch.SPACE, dch.SEPARATOR):
            if not fx_mode:
                extra_skip -= 1
                c = ps.cur()
                if _isspace(c) or (c != "" and dch._is_separator_char(c)):
                    ps.p += 1
                    extra_skip += 1
            else:
                ps.p += 1
            continue
        if node.kind != dch.ACTION:
            if not fx_mode and extra_skip > 0:
                extra_skip -= 1
            else:
                ps.p += 1
            continue
        if _action(ps, idx, extra_skip):
            fx_mode = True
        if not fx_mode:
            extra_skip = 0
            while _isspace(ps.cur()):
                ps.p += 1
                extra_skip += 1
    return ps.out


@dataclass(slots=True)
class _Tm:
    year: int = 0
    mon: int = 1
    mday: int = 1
    hour: int = 0
    minute: int = 0
    sec: int = 0


_YSUM = (
    (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365),
    (0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366),
)
_DAY_TAB = (
    (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
    (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
)


def _isleap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _check32(v: int, text: str) -> int:
    if not INT_MIN <= v <= INT_MAX:
        raise _field_overflow(text)
    return v


def _year_from(tmfc: TmFromChar, tm: _Tm, text: str) -> bool:
    """The year/century part of do_to_timestamp; True when a year was set."""
    if tmfc.year:
        if tmfc.cc and tmfc.yysz <= 2:
            cc = -tmfc.cc if tmfc.bc else tmfc.cc
            tm.year = crem(tmfc.year, 100)
            if tm.year:
                if cc >= 0:
                    tm.year = _check32(tm.year + _check32((cc - 1) * 100, text), text)
                else:
                    tm.year = _check32(_check32((cc + 1) * 100, text) - tm.year + 1, text)
            else:
                tm.year = cc * 100 + (0 if cc >= 0 else 1)
        else:
            tm.year = -tmfc.year if tmfc.bc else tmfc.year
            if tm.year < 0:
                tm.year += 1
        return True
    if tmfc.cc:
        cc = -tmfc.cc if tmfc.bc else tmfc.cc
        tm.year = _check32((cc - 1) * 100 + 1 if cc >= 0 else cc * 100 + 1, text)
        return True
    return False


def _apply_ddd(tmfc: TmFromChar, tm: _Tm) -> bool:
    if not (tmfc.ddd and (tm.mon <= 1 or tm.mday <= 1)):
        return False
    if not tm.year and not tmfc.bc:
        raise InvalidDatetimeFormat("cannot calculate day of year without year information")
    if tmfc.mode == "I":
        j0 = dch.isoweek2j(tm.year, 1) - 1
        tm.year, tm.mon, tm.mday = j2date(j0 + tmfc.ddd)
        return True
    y = _YSUM[_isleap(tm.year)]
    i = 1
    while i <= 12 and not tmfc.ddd <= y[i]:
        i += 1
    if tm.mon <= 1:
        tm.mon = i
    if tm.mday <= 1:
        tm.mday = tmfc.ddd - y[min(i, 13) - 1]
    return True


def do_to_timestamp(
    text: str, fmt: str, zone: str | None = None
) -> tuple[_Tm, int, int | None, int]:
    """(tm, fsec, tz offset east of UTC or None, fractional precision). ``zone`` is the session
    TimeZone (needed only by the TZ pattern)."""
    tmfc = dch_from_char(dch.parse_dch_format(fmt), text, zone) if fmt else TmFromChar()
    tm, fsec, tz = tmfc_to_tm(tmfc, text)
    return tm, fsec, tz, tmfc.ff


def tmfc_to_tm(tmfc: TmFromChar, text: str) -> tuple[_Tm, int, int | None]:
    """The second half of do_to_timestamp (shared with jsonpath's .datetime()): the parsed
    fields as (tm, fsec, tz offset east of UTC or None), validated as PostgreSQL does."""
    tm = _Tm()
    if tmfc.ssss:
        x = tmfc.ssss
        tm.hour, x = ctrunc_div(x, 3600), crem(x, 3600)
        tm.minute, tm.sec = ctrunc_div(x, 60), crem(x, 60)
    if tmfc.ss:
        tm.sec = tmfc.ss
    if tmfc.mi:
        tm.minute = tmfc.mi
    if tmfc.hh:
        tm.hour = tmfc.hh
    if tmfc.clock12:
        if tm.hour < 1 or tm.hour > 12:
            raise InvalidDatetimeFormat(
                f'hour "{tm.hour}" is invalid for the 12-hour clock',
                hint="Use the 24-hour clock, or give an hour between 1 and 12.",
            )
        if tmfc.pm and tm.hour < 12:
            tm.hour += 12
        elif not tmfc.pm and tm.hour == 12:
            tm.hour = 0
    has_year = _year_from(tmfc, tm, text)
    has_date = False
    if tmfc.j:
        tm.year, tm.mon, tm.mday = j2date(tmfc.j)
        has_date = True
    if tmfc.ww:
        if tmfc.mode == "I":
            jday = dch.isoweek2j(tm.year, tmfc.ww)
            if tmfc.d:
                jday += tmfc.d - 2 if tmfc.d > 1 else 6
            tm.year, tm.mon, tm.mday = j2date(jday)
            has_date = True
        else:
            tmfc.ddd = _check32((tmfc.ww - 1) * 7 + 1, text)
    if tmfc.w:
        tmfc.dd = _check32((tmfc.w - 1) * 7 + 1, text)
    has_day = has_mon = False
    if tmfc.dd:
        tm.mday, has_day = tmfc.dd, True
    if tmfc.mm:
        tm.mon, has_mon = tmfc.mm, True
    if _apply_ddd(tmfc, tm):
        has_date = has_date or tmfc.mode == "I"
        has_mon = has_day = True
    fsec = _check32(tmfc.ms * 1000, text) + tmfc.us
    _validate(tm, has_year or has_date, has_mon or has_date, has_day or has_date, text)
    if not (0 <= tm.hour < 24 and 0 <= tm.minute < 60 and 0 <= tm.sec < 60 and 0 <= fsec < 10**6):
        raise _field_overflow(text)
    tz: int | None = None
    if tmfc.tzsign:
        if not (0 <= tmfc.tzh <= 15 and 0 <= tmfc.tzm < 60):
            raise EngineError(f'time zone displacement out of range: "{text}"', sqlstate="22009")
        tz = (tmfc.tzh * 60 + tmfc.tzm) * 60 * (-1 if tmfc.tzsign < 0 else 1)
    elif tmfc.has_tz:
        tz = abbrev_offset(tmfc, tm)
    return tm, fsec, tz


def abbrev_offset(tmfc: TmFromChar, tm: _Tm) -> int:
    """The TZ abbreviation's offset (seconds east); a dynamic one's at the parsed local time
    (DetermineTimeZoneAbbrevOffset)."""
    if tmfc.abbrev is None:
        return tmfc.gmtoffset
    if not is_valid_julian(tm.year, tm.mon):
        raise FeatureNotSupported("a dynamic time zone abbreviation outside the calendar range")
    local = (date2j(tm.year, tm.mon, tm.mday) - UNIX_EPOCH_JDATE) * 86400 + (
        tm.hour * 60 + tm.minute) * 60 + tm.sec
    return dynamic_abbrev_offset(tmfc.abbrev[0], tmfc.abbrev[1], local)


def _validate(tm: _Tm, year: bool, mon: bool, day: bool, text: str) -> None:
    """ValidateDate with isjulian = true."""
    if not (year or mon or day):
        return
    if mon and not 1 <= tm.mon <= 12:
        raise _field_overflow(text)
    if day and not 1 <= tm.mday <= 31:
        raise _field_overflow(text)
    if year and mon and day and tm.mday > _DAY_TAB[_isleap(tm.year)][tm.mon - 1]:
        raise _field_overflow(text)


def to_date(text: str, fmt: str) -> int:
    tm, _fsec, _tz, _fprec = do_to_timestamp(text, fmt)
    if not is_valid_julian(tm.year, tm.mon):
        raise DatetimeFieldOverflow(f'date out of range: "{text}"')
    result = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(result):
        raise DatetimeFieldOverflow(f'date out of range: "{text}"')
    return result


def to_timestamp(ctx: Any, text: str, fmt: str) -> int:
    settings: FormatSettings = ctx.settings
    tm, fsec, tz, fprec = do_to_timestamp(text, fmt, settings.timezone)
    if not is_valid_julian(tm.year, tm.mon):
        raise DatetimeFieldOverflow("timestamp out of range")
    local = (date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE) * 86_400_000_000 + (
        (tm.hour * 60 + tm.minute) * 60 + tm.sec
    ) * 1_000_000 + fsec
    # an explicit offset wins; otherwise the session zone (DetermineTimeZoneOffset)
    result = local - tz * 1_000_000 if tz is not None else timestamp_to_timestamptz(local, settings)
    if not is_valid_timestamp(result):
        raise DatetimeFieldOverflow("timestamp out of range")
    if fprec:
        result = adjust_timestamp_typmod(result, fprec)
    return result


def float8_timestamptz(ctx: Any, seconds: float) -> int:
    """to_timestamp(double precision): Unix epoch seconds to timestamptz."""
    _ = ctx
    if math.isnan(seconds):
        raise DatetimeFieldOverflow("timestamp cannot be NaN")
    if math.isinf(seconds):
        return DT_NOEND if seconds > 0 else DT_NOBEGIN
    lo = 86400.0 * (0 - UNIX_EPOCH_JDATE)
    hi = 86400.0 * (109203528 - UNIX_EPOCH_JDATE)
    if seconds < lo or seconds >= hi:
        raise DatetimeFieldOverflow(f'timestamp out of range: "{seconds:g}"')
    shifted = seconds - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400
    result = int(round(shifted * 1_000_000))
    if not is_valid_timestamp(result):
        raise DatetimeFieldOverflow(f'timestamp out of range: "{seconds:g}"')
    return result
