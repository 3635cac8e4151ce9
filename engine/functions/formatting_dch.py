"""to_char for timestamp, timestamptz and interval: the DCH template parser and DCH_to_char.

Follows src/backend/utils/adt/formatting.c (PostgreSQL 18): ``DCH_keywords``/``DCH_suff``,
``parse_format`` (DCH flavour) and ``DCH_to_char``, plus the ISO-week helpers of timestamp.c.
lc_time = C, so the TM prefix gives the English names. Integer arithmetic that C does with
truncating division is done with ``ctrunc_div``/``crem`` (intervals can be negative).
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import DatetimeFieldOverflow, FeatureNotSupported, InvalidDatetimeFormat
from engine.types.base import Interval
from engine.types.datetime import (
    DT_NOBEGIN,
    DT_NOEND,
    _split_timestamp,
    j2date,
    zone_info_at,
)
from engine.types.interval import crem, ctrunc_div
from engine.types.settings import FormatSettings

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
MONTHS_SHORT = tuple(m[:3] for m in MONTHS)
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
DAYS_SHORT = tuple(d[:3] for d in DAYS)
RM_UPPER = ("XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I")

# (name, id, is_digit, date mode) in DCH_keywords order; G = Gregorian, I = ISO week.
_KW: tuple[tuple[str, str, bool, str], ...] = (
    ("A.D.", "A.D.", False, ""), ("A.M.", "A.M.", False, ""), ("AD", "AD", False, ""),
    ("AM", "AM", False, ""), ("B.C.", "B.C.", False, ""), ("BC", "BC", False, ""),
    ("CC", "CC", True, ""), ("DAY", "DAY", False, ""), ("DDD", "DDD", True, "G"),
    ("DD", "DD", True, "G"), ("DY", "DY", False, ""), ("Day", "Day", False, ""),
    ("Dy", "Dy", False, ""), ("D", "D", True, "G"), ("FF1", "FF1", True, ""),
    ("FF2", "FF2", True, ""), ("FF3", "FF3", True, ""), ("FF4", "FF4", True, ""),
    ("FF5", "FF5", True, ""), ("FF6", "FF6", True, ""), ("FX", "FX", False, ""),
    ("HH24", "HH24", True, ""), ("HH12", "HH12", True, ""), ("HH", "HH", True, ""),
    ("IDDD", "IDDD", True, "I"), ("ID", "ID", True, "I"), ("IW", "IW", True, "I"),
    ("IYYY", "IYYY", True, "I"), ("IYY", "IYY", True, "I"), ("IY", "IY", True, "I"),
    ("I", "I", True, "I"), ("J", "J", True, ""), ("MI", "MI", True, ""),
    ("MM", "MM", True, "G"), ("MONTH", "MONTH", False, "G"), ("MON", "MON", False, "G"),
    ("MS", "MS", True, ""), ("Month", "Month", False, "G"), ("Mon", "Mon", False, "G"),
    ("OF", "OF", False, ""), ("P.M.", "P.M.", False, ""), ("PM", "PM", False, ""),
    ("Q", "Q", True, ""), ("RM", "RM", False, "G"), ("SSSSS", "SSSS", True, ""),
    ("SSSS", "SSSS", True, ""), ("SS", "SS", True, ""), ("TZH", "TZH", False, ""),
    ("TZM", "TZM", True, ""), ("TZ", "TZ", False, ""), ("US", "US", True, ""),
    ("WW", "WW", True, "G"), ("W", "W", True, "G"), ("Y,YYY", "Y,YYY", True, "G"),
    ("YYYY", "YYYY", True, "G"), ("YYY", "YYY", True, "G"), ("YY", "YY", True, "G"),
    ("Y", "Y", True, "G"), ("a.d.", "a.d.", False, ""), ("a.m.", "a.m.", False, ""),
    ("ad", "ad", False, ""), ("am", "am", False, ""), ("b.c.", "b.c.", False, ""),
    ("bc", "bc", False, ""), ("cc", "CC", True, ""), ("day", "day", False, ""),
    ("ddd", "DDD", True, "G"), ("dd", "DD", True, "G"), ("dy", "dy", False, ""),
    ("d", "D", True, "G"), ("ff1", "FF1", True, ""), ("ff2", "FF2", True, ""),
    ("ff3", "FF3", True, ""), ("ff4", "FF4", True, ""), ("ff5", "FF5", True, ""),
    ("ff6", "FF6", True, ""), ("fx", "FX", False, ""), ("hh24", "HH24", True, ""),
    ("hh12", "HH12", True, ""), ("hh", "HH", True, ""), ("iddd", "IDDD", True, "I"),
    ("id", "ID", True, "I"), ("iw", "IW", True, "I"), ("iyyy", "IYYY", True, "I"),
    ("iyy", "IYY", True, "I"), ("iy", "IY", True, "I"), ("i", "I", True, "I"),
    ("j", "J", True, ""), ("mi", "MI", True, ""), ("mm", "MM", True, "G"),
    ("month", "month", False, "G"), ("mon", "mon", False, "G"), ("ms", "MS", True, ""),
    ("of", "OF", False, ""), ("p.m.", "p.m.", False, ""), ("pm", "pm", False, ""),
    ("q", "Q", True, ""), ("rm", "rm", False, "G"), ("sssss", "SSSS", True, ""),
    ("ssss", "SSSS", True, ""), ("ss", "SS", True, ""), ("tzh", "TZH", False, ""),
    ("tzm", "TZM", True, ""), ("tz", "tz", False, ""), ("us", "US", True, ""),
    ("ww", "WW", True, "G"), ("w", "W", True, "G"), ("y,yyy", "Y,YYY", True, "G"),
    ("yyyy", "YYYY", True, "G"), ("yyy", "YYY", True, "G"), ("yy", "YY", True, "G"),
    ("y", "Y", True, "G"),
)  # fmt: skip

S_FM, S_TM, S_TH, S_th, S_SP = 1, 2, 4, 8, 16
_PREFIXES = (("FM", S_FM), ("fm", S_FM), ("TM", S_TM), ("tm", S_TM))
_POSTFIXES = (("TH", S_TH), ("th", S_th), ("SP", S_SP))

SPACE, SEPARATOR, CHAR, ACTION = "space", "sep", "char", "action"


@dataclass(frozen=True, slots=True)
class DchNode:
    """A FormatNode: an action (keyword + suffix bits) or literal text."""

    kind: str
    text: str  # keyword name as written, or the literal character
    key: str = ""
    suffix: int = 0
    is_digit: bool = False
    mode: str = ""


def _is_separator_char(c: str) -> bool:
    return " " < c < "\x7f" and not c.isalnum()


def _keyword_at(s: str, i: int) -> tuple[str, str, bool, str] | None:
    c = s[i]
    if c <= " " or c >= "~":
        return None
    for kw in _KW:
        if kw[0][0] == c and s.startswith(kw[0], i):
            return kw
    return None


def parse_dch_format(fmt: str) -> list[DchNode]:
    """parse_format with DCH_keywords and DCH_suff (not the standard/strict mode)."""
    nodes: list[DchNode] = []
    i, n = 0, len(fmt)
    while i < n:
        suffix = 0
        for name, bit in _PREFIXES:
            if fmt.startswith(name, i):
                suffix |= bit
                i += 2
                break
        kw = _keyword_at(fmt, i) if i < n else None
        if kw is not None:
            i += len(kw[0])
            for name, bit in _POSTFIXES:
                if i < n and fmt.startswith(name, i):
                    suffix |= bit
                    i += 2
                    break
            nodes.append(DchNode(ACTION, kw[0], kw[1], suffix, kw[2], kw[3]))
        elif i < n and fmt[i] == '"':
            i += 1
            while i < n:
                if fmt[i] == '"':
                    i += 1
                    break
                if fmt[i] == "\\" and i + 1 < n:
                    i += 1
                nodes.append(DchNode(CHAR, fmt[i]))
                i += 1
        elif i < n:
            if fmt[i] == "\\" and i + 1 < n and fmt[i + 1] == '"':
                i += 1
            c = fmt[i]
            kind = SEPARATOR if _is_separator_char(c) else SPACE if c.isspace() else CHAR
            nodes.append(DchNode(kind, c))
            i += 1
    return nodes


# --- calendar helpers with C integer semantics ------------------------------------------------


def c_date2j(y: int, m: int, d: int) -> int:
    """date2j with C's truncating division (differs from floor only for far-BC values)."""
    if m > 2:
        m += 1
        y += 4800
    else:
        m += 13
        y += 4799
    century = ctrunc_div(y, 100)
    return y * 365 - 32167 + ctrunc_div(y, 4) - century + ctrunc_div(century, 4) + \
        ctrunc_div(7834 * m, 256) + d  # fmt: skip


def j2day(jd: int) -> int:
    r = crem(jd + 1, 7)
    return r + 7 if r < 0 else r


def isoweek2j(year: int, week: int) -> int:
    day4 = c_date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    return (week - 1) * 7 + (day4 - day0)


def _iso_week_and_year(year: int, mon: int, mday: int) -> tuple[int, int]:
    dayn = c_date2j(year, mon, mday)
    day4 = c_date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    if dayn < day4 - day0:
        day4 = c_date2j(year - 1, 1, 4)
        day0 = j2day(day4 - 1)
        year -= 1
    week = ctrunc_div(dayn - (day4 - day0), 7) + 1
    if week >= 52:
        day4 = c_date2j(year + 1, 1, 4)
        day0 = j2day(day4 - 1)
        if dayn >= day4 - day0:
            week = ctrunc_div(dayn - (day4 - day0), 7) + 1
            year += 1
    return week, year


def date2isoweek(year: int, mon: int, mday: int) -> int:
    return _iso_week_and_year(year, mon, mday)[0]


def date2isoyear(year: int, mon: int, mday: int) -> int:
    return _iso_week_and_year(year, mon, mday)[1]


def date2isoyearday(year: int, mon: int, mday: int) -> int:
    return c_date2j(year, mon, mday) - isoweek2j(date2isoyear(year, mon, mday), 1) + 1


# --- DCH_to_char -----------------------------------------------------------------------------


@dataclass(slots=True)
class Tm:
    """TmToChar: the broken-down value to print."""

    year: int = 0
    mon: int = 0
    mday: int = 0
    hour: int = 0
    minute: int = 0
    sec: int = 0
    fsec: int = 0
    wday: int = 0
    yday: int = 0
    gmtoff: int = 0
    tzn: str | None = None


def _th(s: str, suffix: int) -> str:
    if suffix & (S_TH | S_th):
        from engine.functions.formatting import get_th

        return s + get_th(s, bool(suffix & S_TH))
    return s


def _num(width: int, value: int, node: DchNode) -> str:
    """sprintf("%0*d", FM ? 0 : width, value) followed by the ordinal suffix."""
    return _th(f"{value:0{0 if node.suffix & S_FM else width}d}", node.suffix)


def _signed_width(value: int, width: int) -> int:
    return width if value >= 0 else width + 1


def _name(node: DchNode, full: str, padded: bool) -> str:
    """Month/day names: the case follows the keyword; FM and TM drop the 9-wide padding."""
    key = node.key
    text = full.upper() if key.isupper() else full.lower() if key.islower() else full
    if padded and not node.suffix & (S_FM | S_TM):
        text = text.ljust(9)
    return text


def _invalid_for_interval() -> InvalidDatetimeFormat:
    return InvalidDatetimeFormat(
        "invalid format specification for an interval value",
        hint="Intervals are not tied to specific calendar dates.",
    )


_INTERVAL_INVALID = {
    "tz", "TZ", "TZH", "TZM", "OF", "A.D.", "B.C.", "AD", "BC", "a.d.", "b.c.", "ad", "bc",
    "MONTH", "Month", "month", "MON", "Mon", "mon", "DAY", "Day", "day", "DY", "Dy", "dy",
    "D", "ID",
}  # fmt: skip
_AMPM = {
    "A.M.": ("A.M.", "P.M."), "P.M.": ("A.M.", "P.M."), "AM": ("AM", "PM"), "PM": ("AM", "PM"),
    "a.m.": ("a.m.", "p.m."), "p.m.": ("a.m.", "p.m."), "am": ("am", "pm"), "pm": ("am", "pm"),
}  # fmt: skip
_ADBC = {
    "A.D.": ("A.D.", "B.C."), "B.C.": ("A.D.", "B.C."), "AD": ("AD", "BC"), "BC": ("AD", "BC"),
    "a.d.": ("a.d.", "b.c."), "b.c.": ("a.d.", "b.c."), "ad": ("ad", "bc"), "bc": ("ad", "bc"),
}  # fmt: skip


def _year_field(tm: Tm, node: DchNode, is_interval: bool) -> str:
    key = node.key
    if key.startswith("I") and key != "ID" and key != "IW" and key != "IDDD":
        if is_interval:
            _check_calendar(tm)
        y = date2isoyear(tm.year, tm.mon, tm.mday)
    else:
        y = tm.year
    adj = y if is_interval or y > 0 else -(y - 1)
    # the zero-padding width follows the calendar year even for the ISO-year patterns
    plain = tm.year if is_interval or tm.year > 0 else -(tm.year - 1)
    if key == "Y,YYY":
        i = ctrunc_div(adj, 1000)
        return _th(f"{i},{adj - i * 1000:03d}", node.suffix)
    digits = len(key) if key != "I" else 1
    if digits == 4:
        return _num(_signed_width(plain, 4), adj, node)
    if digits == 1:
        return _th(str(crem(adj, 10)), node.suffix)
    return _num(_signed_width(plain, digits), crem(adj, 10**digits), node)


def _check_calendar(tm: Tm) -> None:
    if not -4713 <= tm.year <= 5874897:
        raise FeatureNotSupported("to_char(interval) with a calendar-week pattern on a huge interval")


def _rm(tm: Tm, node: DchNode) -> str:
    if not tm.mon and not tm.year:
        return ""
    if tm.mon == 0:
        idx = 0 if tm.year >= 0 else 11
    elif tm.mon < 0:
        idx = -1 * (tm.mon + 1)
    else:
        idx = 12 - tm.mon
    text = RM_UPPER[idx] if node.key == "RM" else RM_UPPER[idx].lower()
    return text if node.suffix & S_FM else text.ljust(4)


def _cc(tm: Tm, node: DchNode, is_interval: bool) -> str:
    if is_interval:
        i = ctrunc_div(tm.year, 100)
    elif tm.year > 0:
        i = ctrunc_div(tm.year - 1, 100) + 1
    else:
        i = ctrunc_div(tm.year, 100) - 1
    if -99 <= i <= 99:
        return _num(_signed_width(i, 2), i, node)
    return _th(str(i), node.suffix)


def _offset(tm: Tm, node: DchNode) -> str:
    off = abs(tm.gmtoff)
    sign = "+" if tm.gmtoff >= 0 else "-"
    if node.key == "TZH":
        return f"{sign}{off // 3600:02d}"
    if node.key == "TZM":
        return f"{off % 3600 // 60:02d}"
    out = f"{sign}{off // 3600:0{0 if node.suffix & S_FM else 2}d}"
    if off % 3600:
        out += f":{off % 3600 // 60:02d}"
    return out


def _time_field(tm: Tm, node: DchNode) -> str | None:  # noqa: C901 - one case per keyword
    key = node.key
    if key in ("HH", "HH12"):
        h = crem(tm.hour, 12)
        return _num(_signed_width(tm.hour, 2), 12 if h == 0 else h, node)
    if key == "HH24":
        return _num(_signed_width(tm.hour, 2), tm.hour, node)
    if key == "MI":
        return _num(_signed_width(tm.minute, 2), tm.minute, node)
    if key == "SS":
        return _num(_signed_width(tm.sec, 2), tm.sec, node)
    if key.startswith("FF") or key in ("MS", "US"):
        digits = {"MS": 3, "US": 6}.get(key) or int(key[2])
        v = ctrunc_div(tm.fsec, 10 ** (6 - digits))
        return _th(f"{v:0{digits}d}", node.suffix)
    if key == "SSSS":
        return _th(str(tm.hour * 3600 + tm.minute * 60 + tm.sec), node.suffix)
    if key in _AMPM:
        am, pm = _AMPM[key]
        return pm if crem(tm.hour, 24) >= 12 else am
    return None


def _date_field(tm: Tm, node: DchNode, is_interval: bool) -> str:  # noqa: C901
    key = node.key
    if key in _ADBC:
        ad, bc = _ADBC[key]
        return bc if tm.year <= 0 else ad
    if key in ("MONTH", "Month", "month", "MON", "Mon", "mon"):
        if not tm.mon:
            return ""
        full = MONTHS[tm.mon - 1] if len(key) == 5 else MONTHS_SHORT[tm.mon - 1]
        return _name(node, full, len(key) == 5)
    if key in ("DAY", "Day", "day", "DY", "Dy", "dy"):
        full = DAYS[tm.wday] if len(key) == 3 else DAYS_SHORT[tm.wday]
        return _name(node, full, len(key) == 3)
    if key == "MM":
        return _num(_signed_width(tm.mon, 2), tm.mon, node)
    if key == "DDD":
        return _num(3, tm.yday, node)
    if key == "IDDD":
        if is_interval:
            _check_calendar(tm)
        return _num(3, date2isoyearday(tm.year, tm.mon, tm.mday), node)
    if key == "DD":
        return _num(2, tm.mday, node)
    if key == "D":
        return _th(str(tm.wday + 1), node.suffix)
    if key == "ID":
        return _th(str(7 if tm.wday == 0 else tm.wday), node.suffix)
    if key == "WW":
        return _num(2, ctrunc_div(tm.yday - 1, 7) + 1, node)
    if key == "IW":
        if is_interval:
            _check_calendar(tm)
        return _num(2, date2isoweek(tm.year, tm.mon, tm.mday), node)
    if key == "Q":
        return "" if not tm.mon else _th(str(ctrunc_div(tm.mon - 1, 3) + 1), node.suffix)
    if key == "CC":
        return _cc(tm, node, is_interval)
    if key in ("RM", "rm"):
        return _rm(tm, node)
    if key == "W":
        return _th(str(ctrunc_div(tm.mday - 1, 7) + 1), node.suffix)
    if key == "J":
        if is_interval:
            _check_calendar(tm)
        return _th(str(c_date2j(tm.year, tm.mon, tm.mday)), node.suffix)
    return _year_field(tm, node, is_interval)


def dch_to_char(nodes: list[DchNode], tm: Tm, is_interval: bool) -> str:
    """DCH_to_char."""
    out: list[str] = []
    for node in nodes:
        if node.kind != ACTION:
            out.append(node.text)
            continue
        key = node.key
        if key == "FX":
            continue
        if is_interval and key in _INTERVAL_INVALID:
            raise _invalid_for_interval()
        if key in ("tz", "TZ"):
            if tm.tzn is not None:
                out.append(tm.tzn.lower() if key == "tz" else tm.tzn)
            continue
        if key in ("TZH", "TZM", "OF"):
            out.append(_offset(tm, node))
            continue
        text = _time_field(tm, node)
        out.append(text if text is not None else _date_field(tm, node, is_interval))
    return "".join(out)


def _tm_from_local(t: int) -> Tm:
    jd, time_us = _split_timestamp(t)
    y, m, d = j2date(jd)
    secs, fsec = divmod(time_us, 1_000_000)
    return Tm(
        year=y,
        mon=m,
        mday=d,
        hour=secs // 3600,
        minute=secs // 60 % 60,
        sec=secs % 60,
        fsec=fsec,
        wday=(jd + 1) % 7,
        yday=jd - c_date2j(y, 1, 1) + 1,
    )


def timestamp_to_char(value: int, fmt: str) -> str | None:
    if not fmt or value in (DT_NOBEGIN, DT_NOEND):
        return None
    return dch_to_char(parse_dch_format(fmt), _tm_from_local(value), False)


def timestamptz_to_char(ctx: object, value: int, fmt: str) -> str | None:
    if not fmt or value in (DT_NOBEGIN, DT_NOEND):
        return None
    settings: FormatSettings = ctx.settings  # type: ignore[attr-defined]
    info = zone_info_at(value, settings.timezone)
    tm = _tm_from_local(value + info.utoff * 1_000_000)
    tm.gmtoff, tm.tzn = info.utoff, info.abbr
    return dch_to_char(parse_dch_format(fmt), tm, False)


def interval_to_char(value: Interval, fmt: str) -> str | None:
    if not fmt:
        return None
    from engine.types.interval import is_finite

    if not is_finite(value):
        return None
    hours = ctrunc_div(value.micros, 3_600_000_000)
    rest = value.micros - hours * 3_600_000_000
    minutes = ctrunc_div(rest, 60_000_000)
    rest -= minutes * 60_000_000
    secs = ctrunc_div(rest, 1_000_000)
    tm = Tm(
        year=ctrunc_div(value.months, 12),
        mon=crem(value.months, 12),
        mday=value.days,
        hour=hours,
        minute=minutes,
        sec=secs,
        fsec=rest - secs * 1_000_000,
    )
    tm.yday = (tm.year * 12 + tm.mon) * 30 + tm.mday
    return dch_to_char(parse_dch_format(fmt), tm, True)


_ = DatetimeFieldOverflow  # timestamp2tm cannot fail for a finite, valid timestamp
