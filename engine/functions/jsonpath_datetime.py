"""SQL/JSON datetime items: what ``.datetime()``, ``.date()``, ``.time()``, ``.time_tz()``,
``.timestamp()`` and ``.timestamp_tz()`` produce, how they print inside jsonb, and how they
compare.

Follows PostgreSQL 18: ``parse_datetime`` with ``std = true`` and the standard-mode branches of
``parse_format``/``DCH_from_char``/``do_to_timestamp`` (src/backend/utils/adt/formatting.c), the
ISO format list, the type conversions and ``compareDatetime`` of executeDateTimeMethod
(src/backend/utils/adt/jsonpath_exec.c) and ``JsonEncodeDateTime`` (json.c: ISO 8601 with a
``T`` and ``±HH:MM`` zones). The field actions themselves are formatting_parse.py's
(to_date/to_timestamp's). Refused (0A000): a time zone *abbreviation* in the input of a ``TZ``
field, and a time → timetz conversion in a session zone whose offset depends on today's date.

Errors: ``DatetimeMethodError`` is one PostgreSQL raises with RETURN_ERROR (suppressed in silent
mode); a data error of the template parse is soft too (the caller decides); everything else
(format syntax, "without time zone usage", casts out of range) is thrown as PostgreSQL does.
Must not import ``replica``, ``wire`` or the other jsonpath modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from engine.errors import (
    DatetimeFieldOverflow,
    EngineError,
    FeatureNotSupported,
    InvalidDatetimeFormat,
)
from engine.functions import formatting_dch as dch
from engine.functions import formatting_parse as fp
from engine.types import tzfile
from engine.types.base import TimeTz
from engine.types.datetime import (
    DATEVAL_NOBEGIN,
    DATEVAL_NOEND,
    DT_NOBEGIN,
    DT_NOEND,
    EPOCH_DIFF_SECS,
    POSTGRES_EPOCH_JDATE,
    TIMESTAMP_END_JULIAN,
    USECS_PER_DAY,
    USECS_PER_SEC,
    adjust_timestamp_typmod,
    date2j,
    is_valid_date,
    is_valid_julian,
    is_valid_timestamp,
    j2date,
    zone_info_at,
)
from engine.types.settings import FormatSettings
from engine.types.timeofday import adjust_time_typmod, encode_time, offset_today

DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ = 1082, 1083, 1266, 1114, 1184
MAX_PRECISION = 6

TYPE_NAMES = {
    DATE: "date", TIME: "time without time zone", TIMETZ: "time with time zone",
    TIMESTAMP: "timestamp without time zone", TIMESTAMPTZ: "timestamp with time zone",
}  # fmt: skip
_SHORT_NAMES = {DATE: "date", TIME: "time", TIMETZ: "timetz", TIMESTAMP: "timestamp",
                TIMESTAMPTZ: "timestamptz"}

# executeDateTimeMethod's fmt_str: the ISO formats tried in order by the argument-less methods
ISO_FORMATS = (
    "yyyy-mm-dd",
    'HH24:MI:SS.USTZ', "HH24:MI:SSTZ", "HH24:MI:SS.US", "HH24:MI:SS",
    "yyyy-mm-dd HH24:MI:SS.USTZ", "yyyy-mm-dd HH24:MI:SSTZ",
    'yyyy-mm-dd"T"HH24:MI:SS.USTZ', 'yyyy-mm-dd"T"HH24:MI:SSTZ',
    "yyyy-mm-dd HH24:MI:SS.US", "yyyy-mm-dd HH24:MI:SS",
    'yyyy-mm-dd"T"HH24:MI:SS.US', 'yyyy-mm-dd"T"HH24:MI:SS',
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class JpDatetime:
    """A jbvDatetime item. ``value``: date = days, time = µs, timetz = TimeTz, timestamp and
    timestamptz = µs since 2000-01-01. ``tz`` (seconds *west* of UTC) is the zone a timestamptz
    prints in; ``typmod`` the fractional precision PostgreSQL records (it prints nowhere)."""

    typid: int
    value: Any
    typmod: int = -1
    tz: int = 0


class DatetimeMethodError(EngineError):
    """An error executeDateTimeMethod raises with RETURN_ERROR (22031)."""

    sqlstate = "22031"


def type_name(dt: JpDatetime) -> str:
    """JsonbTypeName of a datetime item."""
    return TYPE_NAMES[dt.typid]


# --- JsonEncodeDateTime -------------------------------------------------------------------------


def _year(y: int) -> str:
    return f"{y if y > 0 else -(y - 1):04d}"


def _xsd_zone(tz: int) -> str:
    """EncodeTimezone with USE_XSD_DATES: ``±HH:MM`` (``:SS`` when needed); tz is west of UTC."""
    sec = abs(tz)
    hour, rem = divmod(sec, 3600)
    mn, sc = divmod(rem, 60)
    out = ("+" if tz <= 0 else "-") + f"{hour:02d}:{mn:02d}"
    return out + (f":{sc:02d}" if sc else "")


def _xsd_timestamp(t: int, zone: int | None) -> str:
    if t == DT_NOBEGIN:
        return "-infinity"
    if t == DT_NOEND:
        return "infinity"
    day, time_us = divmod(t, USECS_PER_DAY)
    y, m, d = j2date(day + POSTGRES_EPOCH_JDATE)
    out = f"{_year(y)}-{m:02d}-{d:02d}T{encode_time(time_us)}"
    if zone is not None:
        out += _xsd_zone(zone)
    return out + (" BC" if y <= 0 else "")


def encode(dt: JpDatetime) -> str:
    """JsonEncodeDateTime with the item's own zone: the text of the JSON string it becomes."""
    v = dt.value
    if dt.typid == DATE:
        if v == DATEVAL_NOBEGIN:
            return "-infinity"
        if v == DATEVAL_NOEND:
            return "infinity"
        y, m, d = j2date(v + POSTGRES_EPOCH_JDATE)
        return f"{_year(y)}-{m:02d}-{d:02d}" + (" BC" if y <= 0 else "")
    if dt.typid == TIME:
        return encode_time(v)
    if dt.typid == TIMETZ:
        return encode_time(v.micros) + _xsd_zone(v.zone)
    if dt.typid == TIMESTAMP:
        return _xsd_timestamp(v, None)
    if v in (DT_NOBEGIN, DT_NOEND):
        return _xsd_timestamp(v, None)
    return _xsd_timestamp(v - dt.tz * USECS_PER_SEC, dt.tz)


# --- parse_format / DCH_from_char in standard mode ----------------------------------------------

_STD_SEPARATORS = "-./,':; "
_TIMED = {"A.M.", "P.M.", "AM", "PM", "HH", "HH12", "HH24", "MI", "SS", "MS", "US", "FF1", "FF2",
          "FF3", "FF4", "FF5", "FF6", "SSSS"}
_ZONED = {"TZ", "OF", "TZH", "TZM"}
_DATED = {"A.D.", "B.C.", "AD", "BC", "MONTH", "MON", "MM", "DAY", "DY", "DDD", "IDDD", "DD", "D",
          "ID", "WW", "Q", "CC", "Y,YYY", "YYYY", "IYYY", "YYY", "IYY", "YY", "IY", "Y", "I", "RM",
          "W", "J"}  # DCH_datetime_type: IW (sic) and FX set no flag


@lru_cache(maxsize=256)
def std_format(fmt: str) -> tuple[dch.DchNode, ...]:
    """parse_format with DCH_FLAG | STD_FLAG: only ``-./,':;`` and space separate fields, and a
    double-quoted text is literal. Its errors are thrown even in silent mode, as in PG. Cached
    like PG's DCH cache (a format's nodes never change)."""
    nodes: list[dch.DchNode] = []
    i, n = 0, len(fmt)
    while i < n:
        suffix = 0
        for name, bit in dch._PREFIXES:
            if fmt.startswith(name, i):
                suffix |= bit
                i += 2
                break
        kw = dch._keyword_at(fmt, i) if i < n else None
        if kw is not None:
            i += len(kw[0])
            for name, bit in dch._POSTFIXES:
                if i < n and fmt.startswith(name, i):
                    suffix |= bit
                    i += 2
                    break
            nodes.append(dch.DchNode(dch.ACTION, kw[0], kw[1], suffix, kw[2], kw[3]))
        elif i < n and fmt[i] != '"':
            c = fmt[i]
            if c not in _STD_SEPARATORS:
                raise InvalidDatetimeFormat(f'invalid datetime format separator: "{c}"')
            nodes.append(dch.DchNode(dch.SPACE if c == " " else dch.SEPARATOR, c))
            i += 1
        elif i < n:
            i += 1
            while i < n:
                if fmt[i] == '"':
                    i += 1
                    break
                if fmt[i] == "\\" and i + 1 < n:
                    i += 1
                nodes.append(dch.DchNode(dch.CHAR, fmt[i]))
                i += 1
    return tuple(nodes)


def _from_char_std(nodes: tuple[dch.DchNode, ...], text: str, zone: str) -> fp.TmFromChar:
    """DCH_from_char with std = true (fixed mode from the start, exact separators)."""
    ps = fp._Parser(list(nodes), text, zone)
    for idx, node in enumerate(nodes):
        if ps.p >= len(text):
            raise InvalidDatetimeFormat("input string is too short for datetime format")
        if node.kind in (dch.SPACE, dch.SEPARATOR):
            if ps.cur() != node.text:
                raise InvalidDatetimeFormat(f'unmatched format separator "{node.text}"')
            ps.p += 1
        elif node.kind != dch.ACTION:
            if ps.cur() != node.text:
                raise InvalidDatetimeFormat(f'unmatched format character "{node.text}"')
            ps.p += 1
        elif node.key in ("TZ", "tz"):
            fp.parse_tz_abbrev(ps, node, idx, 0)
        else:
            fp._action(ps, idx, 0)
    if text[ps.p :].lstrip(" \t\n\r\f\v"):
        raise InvalidDatetimeFormat(
            "trailing characters remain in input string after datetime format"
        )
    return ps.out


def _to_tm(tmfc: fp.TmFromChar, text: str) -> tuple[fp._Tm, int, int | None]:
    """The second half of do_to_timestamp: (tm, fsec, zone west of UTC or None)."""
    tm, fsec, east = fp.tmfc_to_tm(tmfc, text)
    return tm, fsec, None if east is None else -east


def _flags(nodes: tuple[dch.DchNode, ...]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        if node.kind == dch.ACTION:
            key = node.key.upper()
            out |= {f for f, keys in (("dated", _DATED), ("timed", _TIMED), ("zoned", _ZONED))
                    if key in keys}
    return out


def _tm2timestamp(tm: fp._Tm, fsec: int, zone: int | None) -> int | None:
    if not is_valid_julian(tm.year, tm.mon):
        return None
    t = (date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY + (
        (tm.hour * 60 + tm.minute) * 60 + tm.sec
    ) * USECS_PER_SEC + fsec
    if zone is not None:
        t += zone * USECS_PER_SEC
    return t if is_valid_timestamp(t) else None


def parse_datetime(text: str, nodes: tuple[dch.DchNode, ...], session_zone: str) -> JpDatetime:
    """parse_datetime(strict = true): the best-fitting type for what the template holds. Raises
    the (soft, in PostgreSQL) data errors."""
    tmfc = _from_char_std(nodes, text, session_zone) if nodes else fp.TmFromChar()
    tm, fsec, zone = _to_tm(tmfc, text)
    flags = _flags(nodes)
    typmod = tmfc.ff or -1
    if "dated" in flags and "timed" in flags:
        t = _tm2timestamp(tm, fsec, zone if "zoned" in flags else None)
        name = "timestamptz" if "zoned" in flags else "timestamp"
        if t is None:
            raise DatetimeFieldOverflow(f"{name} out of range")
        t = adjust_timestamp_typmod(t, typmod)
        if "zoned" in flags:
            assert zone is not None  # std mode: the zone field consumed input
            return JpDatetime(TIMESTAMPTZ, t, typmod, zone)
        return JpDatetime(TIMESTAMP, t, typmod)
    if "dated" in flags:
        if "zoned" in flags:
            raise InvalidDatetimeFormat("datetime format is zoned but not timed")
        if not is_valid_julian(tm.year, tm.mon):
            raise DatetimeFieldOverflow(f'date out of range: "{text}"')
        d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
        if not is_valid_date(d):
            raise DatetimeFieldOverflow(f'date out of range: "{text}"')
        return JpDatetime(DATE, d, typmod)
    if "timed" in flags:
        micros = adjust_time_typmod(
            ((tm.hour * 60 + tm.minute) * 60 + tm.sec) * USECS_PER_SEC + fsec, typmod)
        if "zoned" in flags:
            assert zone is not None
            return JpDatetime(TIMETZ, TimeTz(micros, zone), typmod, zone)
        return JpDatetime(TIME, micros, typmod)
    raise InvalidDatetimeFormat("datetime format is not dated and not timed")


def parse_iso(text: str, session_zone: str) -> JpDatetime | None:
    """The first ISO format that fits, or None."""
    for fmt in ISO_FORMATS:
        try:
            return parse_datetime(text, std_format(fmt), session_zone)
        except FeatureNotSupported:
            raise
        except EngineError:
            continue
    return None


# --- conversions between the datetime types (with the session zone) -----------------------------


def check_tz(use_tz: bool, src: str, dst: str) -> None:
    """checkTimezoneIsUsedForCast: thrown even where errors are suppressed."""
    if not use_tz:
        raise FeatureNotSupported(
            f"cannot convert value from {src} to {dst} without time zone usage",
            hint="Use *_tz() function for time zone support.",
        )


def _utoff_local(local: int, settings: FormatSettings) -> int:
    """DetermineTimeZoneOffset for a local timestamp, as seconds *east* of UTC."""
    secs = local // USECS_PER_SEC + EPOCH_DIFF_SECS
    return tzfile.local_to_utc(tzfile.load_zone(settings.timezone), secs)


def _utoff_at(t: int, settings: FormatSettings) -> int:
    return zone_info_at(t, settings.timezone).utoff


def date_to_timestamp(d: int) -> int:
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise DatetimeFieldOverflow("date out of range for timestamp")
    return d * USECS_PER_DAY


def date_to_timestamptz(d: int, settings: FormatSettings) -> tuple[int, int]:
    """date2timestamptz: (value, zone west of UTC)."""
    local = date_to_timestamp(d)
    utoff = _utoff_local(local, settings)
    t = local - utoff * USECS_PER_SEC
    if not is_valid_timestamp(t):
        raise DatetimeFieldOverflow("date out of range for timestamp")
    return t, -utoff


def timestamp_to_timestamptz(t: int, settings: FormatSettings) -> tuple[int, int]:
    utoff = _utoff_local(t, settings)
    r = t - utoff * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise DatetimeFieldOverflow("timestamp out of range")
    return r, -utoff


def timestamptz_to_local(t: int, settings: FormatSettings) -> int:
    r = t + _utoff_at(t, settings) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise DatetimeFieldOverflow("timestamp out of range")
    return r


def timestamptz_to_timetz(t: int, settings: FormatSettings) -> TimeTz:
    utoff = _utoff_at(t, settings)
    return TimeTz((t + utoff * USECS_PER_SEC) % USECS_PER_DAY, -utoff)


def time_to_timetz(t: int, settings: FormatSettings) -> TimeTz:
    """time_timetz: the session zone's offset on the transaction's date."""
    return TimeTz(t, -offset_today(settings, t // USECS_PER_SEC))


def _not_recognized(method: str, text: str) -> DatetimeMethodError:
    return DatetimeMethodError(f'{method} format is not recognized: "{text}"')


def convert(method: str, dt: JpDatetime, text: str, use_tz: bool,
            settings: FormatSettings, precision: int) -> JpDatetime:
    """The conversion switch of executeDateTimeMethod, then the precision."""
    if method == "datetime":
        return dt
    if method == "date":
        return _to_date(dt, text, use_tz, settings)
    if method in ("time", "time_tz"):
        return _to_time(method, dt, text, use_tz, settings, precision)
    return _to_timestamp(method, dt, text, use_tz, settings, precision)


def _to_date(dt: JpDatetime, text: str, use_tz: bool, settings: FormatSettings) -> JpDatetime:
    v, typid = dt.value, dt.typid
    if typid in (TIME, TIMETZ):
        raise _not_recognized("date", text)
    if typid == TIMESTAMP:
        v = v // USECS_PER_DAY
    elif typid == TIMESTAMPTZ:
        check_tz(use_tz, "timestamptz", "date")
        v = timestamptz_to_local(v, settings) // USECS_PER_DAY
    return JpDatetime(DATE, v, dt.typmod, dt.tz)


def _typmod_check(precision: int, name: str, with_tz: bool) -> int:
    """anytime_typmod_check / anytimestamp_typmod_check (their WARNING is not sent)."""
    if precision < 0:
        suffix = " WITH TIME ZONE" if with_tz else ""
        raise EngineError(f"{name}({precision}){suffix} precision must not be negative",
                          sqlstate="22023")
    return min(precision, MAX_PRECISION)


def _to_time(method: str, dt: JpDatetime, text: str, use_tz: bool, settings: FormatSettings,
             precision: int) -> JpDatetime:
    v, typid, typmod = dt.value, dt.typid, dt.typmod
    if method == "time":
        if typid == DATE:
            raise _not_recognized("time", text)
        if typid == TIMETZ:
            check_tz(use_tz, "timetz", "time")
            v = v.micros
        elif typid == TIMESTAMP:
            v = v % USECS_PER_DAY
        elif typid == TIMESTAMPTZ:
            check_tz(use_tz, "timestamptz", "time")
            v = timestamptz_to_local(v, settings) % USECS_PER_DAY
        if precision != -1:
            typmod = _typmod_check(precision, "TIME", False)
            v = adjust_time_typmod(v, typmod)
        return JpDatetime(TIME, v, typmod, dt.tz)
    if typid in (DATE, TIMESTAMP):
        raise _not_recognized("time_tz", text)
    if typid == TIME:
        check_tz(use_tz, "time", "timetz")
        v = time_to_timetz(v, settings)
    elif typid == TIMESTAMPTZ:
        v = timestamptz_to_timetz(v, settings)
    if precision != -1:
        typmod = _typmod_check(precision, "TIME", True)
        v = TimeTz(adjust_time_typmod(v.micros, typmod), v.zone)
    return JpDatetime(TIMETZ, v, typmod, dt.tz)


def _to_timestamp(method: str, dt: JpDatetime, text: str, use_tz: bool,
                  settings: FormatSettings, precision: int) -> JpDatetime:
    v, typid, typmod, tz = dt.value, dt.typid, dt.typmod, dt.tz
    if typid in (TIME, TIMETZ):
        raise _not_recognized(method, text)
    if method == "timestamp":
        if typid == DATE:
            v = date_to_timestamp(v)
        elif typid == TIMESTAMPTZ:
            check_tz(use_tz, "timestamptz", "timestamp")
            v = timestamptz_to_local(v, settings)
        out = TIMESTAMP
    else:
        if typid == DATE:
            check_tz(use_tz, "date", "timestamptz")
            v, tz = date_to_timestamptz(v, settings)
        elif typid == TIMESTAMP:
            check_tz(use_tz, "timestamp", "timestamptz")
            v, tz = timestamp_to_timestamptz(v, settings)
        out = TIMESTAMPTZ
    if precision != -1:
        typmod = _typmod_check(precision, "TIMESTAMP", out == TIMESTAMPTZ)
        try:
            v = adjust_timestamp_typmod(v, typmod)
        except DatetimeFieldOverflow:
            raise DatetimeMethodError(
                f"time precision of jsonpath item method .{method}() is invalid") from None
    return JpDatetime(out, v, typmod, tz)


# --- compareDatetime ----------------------------------------------------------------------------


def _sign(a: int, b: int) -> int:
    return (a > b) - (a < b)


def _date_vs_timestamp(d: int, t: int) -> int:
    """date_cmp_timestamp_internal (an overflowing date is past every finite timestamp)."""
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        return -1 if t == DT_NOEND else 1
    return _sign(d * USECS_PER_DAY, t)


def _local_vs_timestamptz(local: int, t: int, settings: FormatSettings) -> int:
    """timestamp_cmp_timestamptz_internal: the overflow sides sort past every finite value."""
    r = local - _utoff_local(local, settings) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        if r > 0:
            return -1 if t == DT_NOEND else 1
        return 1 if t == DT_NOBEGIN else -1
    return _sign(r, t)


def _date_vs_timestamptz(d: int, t: int, settings: FormatSettings) -> int:
    if d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        return -1 if t == DT_NOEND else 1
    return _local_vs_timestamptz(d * USECS_PER_DAY, t, settings)


def _timetz_cmp(a: TimeTz, b: TimeTz) -> int:
    ka = (a.micros + a.zone * USECS_PER_SEC, a.zone)
    kb = (b.micros + b.zone * USECS_PER_SEC, b.zone)
    return (ka > kb) - (ka < kb)


def compare(a: JpDatetime, b: JpDatetime, use_tz: bool, settings: FormatSettings) -> int | None:
    """compareDatetime: None where the types cannot be compared (date vs time ...)."""
    ta, tb = a.typid, b.typid
    times = (TIME, TIMETZ)
    if (ta in times) != (tb in times):
        return None
    if ta == tb:
        if ta == TIMETZ:
            return _timetz_cmp(a.value, b.value)
        return _sign(a.value, b.value)
    if ta in times:
        check_tz(use_tz, "time", "timetz")
        x = time_to_timetz(a.value, settings) if ta == TIME else a.value
        y = time_to_timetz(b.value, settings) if tb == TIME else b.value
        return _timetz_cmp(x, y)
    if {ta, tb} == {DATE, TIMESTAMP}:
        return _date_vs_timestamp(a.value, b.value) if ta == DATE \
            else -_date_vs_timestamp(b.value, a.value)
    if DATE in (ta, tb):
        check_tz(use_tz, "date", "timestamptz")
        return _date_vs_timestamptz(a.value, b.value, settings) if ta == DATE \
            else -_date_vs_timestamptz(b.value, a.value, settings)
    check_tz(use_tz, "timestamp", "timestamptz")
    return _local_vs_timestamptz(a.value, b.value, settings) if ta == TIMESTAMP \
        else -_local_vs_timestamptz(b.value, a.value, settings)


def short_name(typid: int) -> str:
    return _SHORT_NAMES[typid]
