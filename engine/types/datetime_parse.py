"""Date/time text input: a port of the common paths of PG's ParseDateTime + DecodeDateTime.

Follows src/backend/utils/adt/datetime.c. Supported: ISO (``2024-03-10 12:00:00.5+05:30``,
``T`` separator), numeric dates in the session DateOrder (``03/10/2024``, ``10.03.2024``),
month names, weekday names, AM/PM, BC/AD, numeric offsets, the Default abbreviation set,
full zone names, ``infinity``/``-infinity``/``epoch``, concatenated ``YYYYMMDD`` / ``HHMMSS``.
julian days (``J2451187``, ``J 2451187.5``, ``julian 2451187``).
'now', 'today', 'tomorrow' and 'yesterday' read the session's transaction start
(``FormatSettings.xact_start``); without a session clock they are refused with 0A000.
DecodeTimeOnly (time/timetz input) is ``decode_time_only``.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import (
    DatetimeFieldOverflow,
    EngineError,
    FeatureNotSupported,
    InvalidDatetimeFormat,
    InvalidParameterValue,
)
from engine.types import tz_abbrevs, tzfile


class InvalidTimeZoneDisplacementValue(EngineError):
    """time zone displacement out of range (22009); not in engine/errors.py."""

    sqlstate = "22009"


class _BadFormat(Exception):
    pass


class _FieldOverflow(Exception):
    def __init__(self, md: bool = False) -> None:
        self.md = md


class _TzOverflow(Exception):
    pass


# field kinds (ParseDateTime ftype)
NUMBER, STRING, DATE, TIME, TZ, SPECIAL = "number", "string", "date", "time", "tz", "special"
# masks (DTK_M)
YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, TZM, DTZ, DOW, AMPM, ADBC, DOY, DTZMOD = (
    1 << i for i in range(13)
)
DATE_M = YEAR | MONTH | DAY
TIME_M = HOUR | MINUTE | SECOND

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
DAYS = {
    "sun": 0,
    "sunday": 0,
    "mon": 1,
    "monday": 1,
    "tue": 2,
    "tues": 2,
    "tuesday": 2,
    "wed": 3,
    "wednesday": 3,
    "weds": 3,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "thursday": 4,
    "fri": 5,
    "friday": 5,
    "sat": 6,
    "saturday": 6,
}
_RESERVED = {"epoch": "epoch", "infinity": "late", "+infinity": "late", "-infinity": "early"}
_JULIAN = {"j", "jd", "julian"}
_VOLATILE = {"now", "today", "tomorrow", "yesterday"}
_UNITS = {"d", "dow", "doy", "h", "isodow", "isoyear", "j", "jd", "julian", "m", "mm", "s", "y"}
_LABELS = {"d", "h", "isoyear", "m", "mm", "s", "y"}  # UNITS that label no field PG 18 decodes
_DST_SECS = 3600  # the "dst" modifier (DTZMOD)
_CORE_TOKENS = (
    set(MONTHS)
    | set(DAYS)
    | set(_RESERVED)
    | _VOLATILE
    | _UNITS
    | {"ad", "bc", "am", "pm", "allballs", "at", "on", "t", "dst"}
)
_DIGITS = "0123456789"
_SPACE = " \t\n\r\f\v"
MAXDATEFIELDS = 25
MAXDATELEN = 128


def parse_fields(s: str) -> list[tuple[str, str]]:
    """ParseDateTime: split into (kind, lower-cased text) fields."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(s)
    total = 0
    while i < n:
        c = s[i]
        if c in _SPACE:
            i += 1
            continue
        start = i
        if c in _DIGITS:
            while i < n and s[i] in _DIGITS:
                i += 1
            if i < n and s[i] == ":":
                kind = TIME
                i += 1
                while i < n and (s[i] in _DIGITS or s[i] in ":."):
                    i += 1
            elif i < n and s[i] in "-/.":
                delim = s[i]
                i += 1
                if i < n and s[i] in _DIGITS:
                    kind = NUMBER if delim == "." else DATE
                    while i < n and s[i] in _DIGITS:
                        i += 1
                    if i < n and s[i] == delim:
                        kind = DATE
                        i += 1
                        while i < n and (s[i] in _DIGITS or s[i] == delim):
                            i += 1
                else:
                    kind = DATE
                    while i < n and (s[i].isascii() and s[i].isalnum() or s[i] == delim):
                        i += 1
            else:
                kind = NUMBER
            text = s[start:i].lower()
        elif c == ".":
            i += 1
            while i < n and s[i] in _DIGITS:
                i += 1
            kind, text = NUMBER, s[start:i]
        elif c.isascii() and c.isalpha():
            kind = STRING
            while i < n and s[i].isascii() and s[i].isalpha():
                i += 1
            word = s[start:i].lower()
            is_date = False
            if i < n and s[i] in "-/.":
                is_date = True
            elif i < n and (s[i] == "+" or s[i] in _DIGITS):
                is_date = word not in _CORE_TOKENS
            if is_date:
                kind = DATE
                i += 1
                while i < n and (s[i] in "+-/_.:" or (s[i].isascii() and s[i].isalnum())):
                    i += 1
            text = s[start:i].lower()
        elif c in "+-":
            i += 1
            while i < n and s[i] in _SPACE:
                i += 1
            if i < n and s[i] in _DIGITS:
                kind = TZ
                j = i
                while i < n and (s[i] in _DIGITS or s[i] in ":.-"):
                    i += 1
                text = c + s[j:i]
            elif i < n and s[i].isascii() and s[i].isalpha():
                kind = SPECIAL
                j = i
                while i < n and s[i].isascii() and s[i].isalpha():
                    i += 1
                text = c + s[j:i].lower()
            else:
                raise _BadFormat()
        elif c.isascii() and not c.isalnum() and c.isprintable():
            i += 1  # other punctuation is a delimiter
            continue
        else:
            raise _BadFormat()
        total += len(text) + 1
        if total > MAXDATELEN or len(out) >= MAXDATEFIELDS:
            raise _BadFormat()
        out.append((kind, text))
    return out


@dataclass(slots=True)
class Decoded:
    """DecodeDateTime's output: a struct pg_tm plus what the caller needs."""

    dtype: str = "date"  # 'date' | 'epoch' | 'late' | 'early'
    year: int = 0
    mon: int = 0
    mday: int = 0
    hour: int = 0
    minute: int = 0
    sec: int = 0
    fsec: int = 0
    tz: int | None = None  # seconds EAST of UTC when fixed by the input
    zone: str | None = None  # full zone name given in the input
    fmask: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def _strtoint(s: str) -> tuple[int, str]:
    """C strtoint: leading digits (with sign) and the rest; ERANGE beyond int32."""
    i = 0
    if s[:1] in ("+", "-"):
        i = 1
    j = i
    while j < len(s) and s[j] in _DIGITS:
        j += 1
    if j == i:
        return 0, s
    v = int(s[:j])
    if v > 2**31 - 1 or v < -(2**31):
        raise _FieldOverflow()
    return v, s[j:]


def _fraction(s: str) -> int:
    """ParseFractionalSecond: rint(strtod('.ddd') * 1e6)."""
    try:
        frac = float("0" + s) if s.startswith(".") else float(s)
    except ValueError:
        raise _BadFormat() from None
    return round(frac * 1000000.0)


def _decode_time(text: str, d: Decoded) -> None:
    d.hour, rest = _strtoint(text)
    if not rest.startswith(":"):
        raise _BadFormat()
    d.minute, rest = _strtoint(rest[1:])
    d.fsec = 0
    if rest == "":
        d.sec = 0
    elif rest.startswith("."):
        d.fsec = _fraction(rest)
        d.sec, d.minute, d.hour = d.minute, d.hour, 0
    elif rest.startswith(":"):
        d.sec, rest = _strtoint(rest[1:])
        if rest.startswith("."):
            d.fsec = _fraction(rest)
        elif rest:
            raise _BadFormat()
    else:
        raise _BadFormat()
    if d.hour < 0 or not 0 <= d.minute <= 59 or not 0 <= d.sec <= 60 or not 0 <= d.fsec <= 1000000:
        raise _FieldOverflow()
    total = ((d.hour * 60 + d.minute) * 60 + d.sec) * 1000000 + d.fsec
    if d.hour > 24 or total > 86400 * 1000000:
        raise _FieldOverflow()


def decode_timezone(text: str) -> int:
    """DecodeTimezone: '+hh[:mm[:ss]]' or '+hhmm'; returns seconds east of UTC."""
    if text[:1] not in ("+", "-"):
        raise _BadFormat()
    try:
        hr, rest = _strtoint(text[1:])
    except _FieldOverflow:
        raise _TzOverflow() from None
    mn = sc = 0
    if rest.startswith(":"):
        mn, rest = _strtoint(rest[1:])
        if rest.startswith(":"):
            sc, rest = _strtoint(rest[1:])
    elif rest == "" and len(text) > 3:
        hr, mn = hr // 100, hr % 100
    if not 0 <= hr <= 15 or not 0 <= mn < 60 or not 0 <= sc < 60:
        raise _TzOverflow()
    tz = (hr * 60 + mn) * 60 + sc
    if rest:
        raise _BadFormat()
    return -tz if text[0] == "-" else tz


class _State:
    def __init__(self, order: str, zone: str = "UTC", now: int | None = None) -> None:
        self.order = order
        self.zone = zone
        self.now = now  # the transaction start (timestamptz µs), None without a session clock
        self.fmask = 0
        self.is2digits = False
        self.text_month = False
        self.bc = False
        self.mer: str | None = None
        # "t" (ISO time follows), "julian" (a day number) or "units" (a label PG rejects)
        self.ptype: str | None = None
        self.isjulian = False


def _decode_number(st: _State, d: Decoded, text: str) -> int:
    """DecodeNumber; returns the mask of the fields it set."""
    flen = len(text)
    val, rest = _strtoint(text)
    if rest.startswith("."):
        if flen - len(rest) > 2:
            return _decode_number_field(st, d, text, st.fmask | DATE_M)
        d.fsec = _fraction(rest)
    elif rest:
        raise _BadFormat()
    fm = st.fmask & DATE_M
    if flen == 3 and fm == YEAR and 1 <= val <= 366:
        raise FeatureNotSupported("day-of-year date input is not supported")
    if fm == 0:
        if flen >= 3 or st.order == "YMD":
            d.year, mask = val, YEAR
        elif st.order == "DMY":
            d.mday, mask = val, DAY
        else:
            d.mon, mask = val, MONTH
    elif fm == YEAR:
        d.mon, mask = val, MONTH
    elif fm == MONTH:
        if st.text_month and (flen >= 3 or st.order == "YMD"):
            d.year, mask = val, YEAR
        else:
            d.mday, mask = val, DAY
    elif fm == YEAR | MONTH:
        if st.text_month and flen >= 3 and st.is2digits:
            d.mday, d.year, mask = d.year, val, DAY
            st.is2digits = False
        else:
            d.mday, mask = val, DAY
    elif fm == DAY:
        d.mon, mask = val, MONTH
    elif fm == MONTH | DAY:
        d.year, mask = val, YEAR
    elif fm == DATE_M:
        return _decode_number_field(st, d, text)
    else:
        raise _BadFormat()
    if mask == YEAR:
        st.is2digits = flen <= 2
    return mask


def _atoi(s: str) -> int:
    """C atoi: leading digits (after an optional sign), 0 when there are none."""
    i = 1 if s[:1] in ("+", "-") else 0
    j = i
    while j < len(s) and s[j] in _DIGITS:
        j += 1
    return int(s[:j]) if j > i else 0


def _decode_number_field(st: _State, d: Decoded, text: str, fmask: int | None = None) -> int:
    """DecodeNumberField: run-together YYYYMMDD / YYMMDD / HHMMSS[.fff] / HHMM."""
    fm = st.fmask if fmask is None else fmask
    if any(c not in "0123456789." for c in text):  # parts of DTK_DATE fields can hold letters
        raise _BadFormat()
    dot = text.find(".")
    if dot >= 0:
        frac = text[dot + 1 :]
        if not frac.isdigit():  # ParseFractionalSecond: strtod must take all of it
            raise _BadFormat()
        d.fsec = _fraction(text[dot:])
        text = text[:dot]
    elif (fm & DATE_M) != DATE_M and len(text) >= 6:
        d.mday, d.mon, d.year = _atoi(text[-2:]), _atoi(text[-4:-2]), _atoi(text[:-4])
        if len(text) - 4 == 2:
            st.is2digits = True
        return DATE_M
    n = len(text)
    if (fm & TIME_M) != TIME_M:
        if n == 6:
            d.hour, d.minute, d.sec = _atoi(text[:2]), _atoi(text[2:4]), _atoi(text[4:])
            return TIME_M
        if n == 4:
            d.hour, d.minute, d.sec = _atoi(text[:2]), _atoi(text[2:]), 0
            return TIME_M
    raise _BadFormat()


def _decode_date(st: _State, d: Decoded, text: str) -> int:
    """DecodeDate: a delimited date, possibly with a month name."""
    parts: list[str] = []
    cur = ""
    for ch in text + "\0":
        if ch.isascii() and ch.isalnum() and (not cur or cur[-1].isdigit() == ch.isdigit()):
            cur += ch
        else:
            if cur:
                parts.append(cur)
            cur = ch if ch.isascii() and ch.isalnum() else ""
    mask = 0
    numeric = []
    for p in parts:
        if p[0].isalpha():
            if p not in MONTHS:
                raise _BadFormat()
            if (st.fmask | mask) & MONTH:
                raise _BadFormat()
            d.mon = MONTHS[p]
            st.text_month = True
            mask |= MONTH
        else:
            numeric.append(p)
    st.fmask |= mask
    for p in numeric:
        m = _decode_number(st, d, p)
        if st.fmask & m:
            raise _BadFormat()
        st.fmask |= m
        mask |= m
    if (st.fmask & DATE_M) != DATE_M:
        raise _BadFormat()
    return mask


def abbrev_meanings(zone_name: str, word: str) -> set[tuple[int, bool]]:
    """TimeZoneAbbrevIsKnown: the (offset east, isdst) pairs the zone uses the abbreviation
    with (one: a fixed meaning; several: DYNTZ; none: unknown there)."""
    return {(i.utoff, bool(i.isdst)) for i in tzfile.load_zone(zone_name).infos
            if i.abbr.lower() == word}


def session_abbrev(zone_name: str, word: str) -> tuple[int, bool] | None:
    """The fixed meaning of an abbreviation the session zone itself uses; None when it does
    not use it. One with several meanings (DYNTZ) is refused."""
    meanings = abbrev_meanings(zone_name, word)
    if not meanings:
        return None
    if len(meanings) != 1:
        raise FeatureNotSupported(f'time zone abbreviation "{word}" with varying offset')
    return next(iter(meanings))


def dynamic_abbrev_offset(word: str, zone_name: str, local: int) -> int:
    """DetermineTimeZoneAbbrevOffset: the offset (seconds east) a dynamic abbreviation of
    ``zone_name`` had at local wall time ``local`` (seconds since 1970 read as UTC): the
    latest use of it at or before that instant, else the first after, else the zone's own
    offset (pg_interpret_timezone_abbrev)."""
    import bisect

    zone = tzfile.load_zone(zone_name)
    zone_off = tzfile.local_to_utc(zone, local)
    t = local - zone_off
    ruled = zone.rule is not None and zone.rule.dst is not None
    if ruled and (not zone.trans or t >= zone.trans[-1]):
        # PG extends the transition list from the zone's POSIX rule; ours stops here
        raise FeatureNotSupported(f'time zone abbreviation "{word}" past the zone\'s history')
    upper = word.upper()
    cutoff = bisect.bisect_right(zone.trans, t)
    order = [*range(cutoff - 1, -1, -1), *range(cutoff, len(zone.trans))]
    for i in order:
        info = zone.infos[zone.types[i]]
        if info.abbr.upper() == upper:
            return int(info.utoff)
    return zone_off


def _decode_word(st: _State, d: Decoded, word: str, session_zone: str) -> int:
    """DTK_STRING/DTK_SPECIAL: abbreviations first, then the core keyword table, then zones."""
    own = session_abbrev(session_zone, word)
    if own is not None:  # PG 18 consults the session zone's own abbreviations first
        d.tz = own[0]
        return TZM | (DTZ if own[1] else 0)
    if word in tz_abbrevs.FIXED:
        off, isdst = tz_abbrevs.FIXED[word]
        d.tz = off
        return TZM | (DTZ if isdst else 0)
    if word in tz_abbrevs.DYNAMIC:
        raise FeatureNotSupported(f'time zone abbreviation "{word}" is not supported')
    if word in _RESERVED:
        if d.dtype != "date":  # a second special ('-infinity infinity') is bad format
            raise _BadFormat()
        d.dtype = _RESERVED[word]
        return 0
    if word in _VOLATILE:
        if d.dtype != "date":
            raise _BadFormat()
        cur = current_local(st.now, st.zone)
        if word == "now":
            d.year, d.mon, d.mday, d.hour, d.minute, d.sec, d.fsec, d.tz = cur
            return DATE_M | TIME_M | TZM
        from engine.types.datetime import date2j, j2date

        shift = {"today": 0, "tomorrow": 1, "yesterday": -1}[word]
        d.year, d.mon, d.mday = j2date(date2j(cur[0], cur[1], cur[2]) + shift)
        return DATE_M
    if word == "allballs":
        d.hour = d.minute = d.sec = d.fsec = 0
        d.tz = 0
        return TIME_M | TZM
    if word in MONTHS:
        if st.fmask & MONTH and not st.text_month and not st.fmask & DAY and 1 <= d.mon <= 31:
            d.mday = d.mon
            st.text_month = True
            d.mon = MONTHS[word]
            return DAY
        st.text_month = True
        d.mon = MONTHS[word]
        return MONTH
    if word in DAYS:
        return DOW
    if word in ("am", "pm"):
        st.mer = word
        return AMPM
    if word in ("ad", "bc"):
        st.bc = word == "bc"
        return ADBC
    if word in ("at", "on"):
        return 0
    if word == "t":
        if (st.fmask & DATE_M) != DATE_M:
            raise _BadFormat()
        st.ptype = "t"
        return 0
    if word in _JULIAN:  # UNITS/DTK_JULIAN: labels the next field
        if st.ptype is not None:  # consecutive unhandled units
            raise _BadFormat()
        st.ptype = "julian"
        return 0
    if word == "dst":  # DTZMOD: the preceding zone abbreviation's daylight-saving variant
        d.tz = (d.tz or 0) + _DST_SECS
        return DTZMOD | DTZ
    if word in _LABELS:  # UNITS: labels the next field, which nothing then accepts
        if st.ptype is not None:
            raise _BadFormat()
        st.ptype = "units"
        return 0
    if word in _UNITS:
        raise FeatureNotSupported(f'date/time input field "{word}" is not supported')
    return _named_zone(d, word)


def _named_zone(d: Decoded, word: str, strict: bool = False) -> int:
    from engine.types.settings import lookup_zone

    name = lookup_zone(word)  # DecodeDateTime's pg_tzset: zone files, then POSIX TZ strings
    if name is None:
        if strict:  # DTERR_BAD_TIMEZONE
            raise InvalidParameterValue(f'time zone "{word}" not recognized')
        raise _BadFormat()
    d.zone = name
    return TZM


def current_local(now: int | None, zone: str) -> tuple[int, int, int, int, int, int, int, int]:
    """GetCurrentTimeUsec: the transaction start ``now`` in the session zone as (year, month,
    day, hour, minute, second, µs, utoff east)."""
    if now is None:
        raise FeatureNotSupported("the current date/time is not available here")
    from engine.types.datetime import j2date

    unix_us = now + 946_684_800_000_000
    utoff = tzfile.utc_info(tzfile.load_zone(zone), unix_us // 1000000).utoff
    day, us = divmod(unix_us + utoff * 1000000, 86_400_000_000)
    y, m, dd = j2date(day + 2440588)
    hour, us = divmod(us, 3_600_000_000)
    minute, us = divmod(us, 60_000_000)
    sec, fsec = divmod(us, 1000000)
    return y, m, dd, hour, minute, sec, fsec, utoff


def _run_together_time(st: _State, d: Decoded, f: str, fmask: int) -> int:
    """A DTK_DATE field 'hhmmss[.fff]-zz': the zone from the '-' on, the rest a concatenated
    time (DecodeDateTime / DecodeTimeOnly)."""
    if (st.fmask & TIME_M) == TIME_M:
        raise _BadFormat()
    cut = f.find("-")
    if cut < 0:
        raise _BadFormat()
    d.tz = decode_timezone(f[cut:])
    return _decode_number_field(st, d, f[:cut], fmask) | TZM


def decode(text: str, order: str, session_zone: str, now: int | None = None) -> Decoded:
    """ParseDateTime + DecodeDateTime. Raises the internal _BadFormat/_FieldOverflow markers."""
    d = Decoded()
    st = _State(order, session_zone, now)
    fields = parse_fields(text)
    for idx, (kind, f) in enumerate(fields):
        if kind == DATE and st.ptype == "julian":
            mask = _julian_with_zone(st, d, f)
        elif kind == DATE:
            if st.ptype is not None or (st.fmask & (MONTH | DAY)) == (MONTH | DAY):
                if f[0].isdigit() or st.ptype is not None:
                    if st.ptype not in (None, "t"):
                        raise _BadFormat()
                    st.ptype = None
                    mask = _run_together_time(st, d, f, st.fmask)
                else:
                    mask = _named_zone(d, f, strict=True)
            else:
                mask = _decode_date(st, d, f)
                st.fmask &= ~mask  # re-added below, as PG's tmask
        elif kind == TIME:
            if st.ptype is not None:
                if st.ptype != "t":
                    raise _BadFormat()
                st.ptype = None
            _decode_time(f, d)
            mask = TIME_M
        elif kind == TZ:
            d.tz = decode_timezone(f)
            mask = TZM
        elif kind == NUMBER and st.ptype == "julian":
            mask = _julian_number(st, d, f)
        elif kind == NUMBER and st.ptype is not None:
            mask = _iso_number(st, d, f)
        elif kind == NUMBER:
            mask = _decode_plain_number(st, d, f)
        else:  # STRING / SPECIAL
            if (
                idx + 1 < len(fields)
                and f == "t"
                and fields[idx + 1][0] not in (NUMBER, TIME, DATE)
            ):
                raise _BadFormat()
            mask = _decode_word(st, d, f, session_zone)
        if st.fmask & mask:
            raise _BadFormat()
        st.fmask |= mask
    if st.ptype == "julian":  # a prefix that never met its field
        raise _BadFormat()
    _finish(st, d)
    return d


def _julian_date(st: _State, d: Decoded, jday: int) -> None:
    from engine.types.datetime import j2date

    d.year, d.mon, d.mday = j2date(jday)
    st.isjulian = True
    st.ptype = None


def _julian_number(st: _State, d: Decoded, f: str) -> int:
    """DecodeDateTime, DTK_NUMBER after a julian label: a day number, maybe fractional."""
    value, rest = _strtoint(f)
    if rest and not rest.startswith("."):
        raise _BadFormat()
    if value < 0:
        raise _FieldOverflow()
    _julian_date(st, d, value)
    if not rest:
        return DATE_M
    try:  # ParseFraction, then dt2time on the truncated µs
        us = int(float("0" + rest) * 86_400_000_000)
    except ValueError:
        raise _BadFormat() from None
    d.hour, us = divmod(us, 3_600_000_000)
    d.minute, us = divmod(us, 60_000_000)
    d.sec, d.fsec = divmod(us, 1_000_000)
    return DATE_M | TIME_M


def _julian_with_zone(st: _State, d: Decoded, f: str) -> int:
    """DTK_DATE after a julian label: an integral day number with an attached zone."""
    jday, rest = _strtoint(f)
    if jday < 0:
        raise _FieldOverflow()
    _julian_date(st, d, jday)
    d.tz = decode_timezone(rest)
    return DATE_M | TIME_M | TZM


def _iso_number(st: _State, d: Decoded, f: str) -> int:
    """DTK_NUMBER after a "t" label: a concatenated time (other labels are bad format)."""
    _value, rest = _strtoint(f)
    if rest and not rest.startswith("."):
        raise _BadFormat()
    if st.ptype != "t":
        raise _BadFormat()
    st.ptype = None
    mask = _decode_number_field(st, d, f, st.fmask | DATE_M)
    if mask != TIME_M:
        raise _BadFormat()
    return mask


def _decode_plain_number(st: _State, d: Decoded, f: str) -> int:
    flen = len(f)
    dot = f.find(".")
    if dot >= 0 and not st.fmask & DATE_M:
        return _decode_date(st, d, f) if "." in f else 0
    if dot >= 0 and dot > 2:
        return _decode_number_field(st, d, f)
    if flen >= 6 and (not st.fmask & DATE_M or not st.fmask & TIME_M):
        return _decode_number_field(st, d, f)
    return _decode_number(st, d, f)


def _finish(st: _State, d: Decoded) -> None:
    d.fmask = st.fmask
    if d.dtype != "date":
        if st.fmask:  # PG: a reserved word with other fields is bad format
            raise _BadFormat()
        return
    _validate_date(st, d)
    fm = st.fmask
    if st.mer is not None and d.hour > 12:
        raise _FieldOverflow()
    if st.mer == "am" and d.hour == 12:
        d.hour = 0
    elif st.mer == "pm" and d.hour != 12:
        d.hour += 12
    if (fm & DATE_M) != DATE_M:
        raise _BadFormat()
    if fm & DTZMOD and (d.zone is not None or not fm & TZM):
        raise _BadFormat()  # "dst" needs a zone abbreviation before it, not a full zone


def _validate_date(st: _State, d: Decoded) -> None:
    """ValidateDate: year adjustments (BC, two digits), month and day ranges."""
    fm = st.fmask
    if fm & YEAR and not st.isjulian:  # ValidateDate: a julian day's year is final
        if st.bc:
            if d.year <= 0:
                raise _FieldOverflow()
            d.year = -(d.year - 1)
        elif st.is2digits:
            if d.year < 0:
                raise _FieldOverflow()
            if d.year < 70:
                d.year += 2000
            elif d.year < 100:
                d.year += 1900
        elif d.year <= 0:
            raise _FieldOverflow()
    if fm & MONTH and not 1 <= d.mon <= 12:
        raise _FieldOverflow(md=True)
    if fm & DAY and not 1 <= d.mday <= 31:
        raise _FieldOverflow(md=True)
    if (fm & DATE_M) == DATE_M:
        leap = d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0)
        mdays = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
        if d.mday > mdays[d.mon - 1]:
            raise _FieldOverflow()


def parse_error(exc: Exception, text: str, typname: str) -> EngineError:
    """DateTimeParseError: map a decode failure to PG's SQLSTATE and message."""
    if isinstance(exc, _FieldOverflow):
        err = DatetimeFieldOverflow(f'date/time field value out of range: "{text}"')
        if exc.md:
            err.hint = 'Perhaps you need a different "datestyle" setting.'
        return err
    if isinstance(exc, _TzOverflow):
        return InvalidTimeZoneDisplacementValue(f'time zone displacement out of range: "{text}"')
    return InvalidDatetimeFormat(f'invalid input syntax for type {typname}: "{text}"')


DECODE_ERRORS = (_BadFormat, _FieldOverflow, _TzOverflow)


def decode_time_only(text: str, order: str, session_zone: str, now: int | None = None) -> Decoded:
    """ParseDateTime + DecodeTimeOnly (time/timetz input). ``d.tz`` is the offset east when
    the input fixes it (a numeric offset, an abbreviation, or a full zone resolved here);
    otherwise None and the caller uses the session zone (at the input's date, or today)."""
    d = Decoded(dtype="time")
    st = _State(order, session_zone, now)
    fields = parse_fields(text)
    nf = len(fields)
    for i, (kind, f) in enumerate(fields):
        if kind == DATE:
            if i == 0 and nf >= 2 and (fields[-1][0] == DATE or fields[1][0] == TIME):
                mask = _decode_date(st, d, f)
                st.fmask &= ~mask
            elif f[0].isdigit():
                mask = _run_together_time(st, d, f, st.fmask | DATE_M)
            else:
                mask = _named_zone(d, f, strict=True)
        elif kind == TIME:
            if st.ptype is not None:
                if st.ptype != "t":
                    raise _BadFormat()
                st.ptype = None
            _decode_time(f, d)
            mask = TIME_M
        elif kind == TZ:
            d.tz = decode_timezone(f)
            mask = TZM
        elif kind == NUMBER and st.ptype == "julian":
            mask = _julian_number(st, d, f)
        elif kind == NUMBER and st.ptype is not None:
            mask = _iso_number(st, d, f)
        elif kind == NUMBER:
            dot = f.find(".")
            if dot >= 0:
                if i == 0 and nf >= 2 and fields[-1][0] == DATE:
                    mask = _decode_date(st, d, f)
                    st.fmask &= ~mask
                elif dot > 2:
                    mask = _decode_number_field(st, d, f, st.fmask | DATE_M)
                else:
                    raise _BadFormat()
            elif len(f) > 4:
                mask = _decode_number_field(st, d, f, st.fmask | DATE_M)
            else:
                _strtoint(f)  # DecodeNumber with a full date: a concatenated hhmm
                mask = _decode_number_field(st, d, f, st.fmask | DATE_M)
        else:
            mask = _time_only_word(st, d, f)
            if mask < 0:
                continue
        if st.fmask & mask:
            raise _BadFormat()
        st.fmask |= mask
    if st.ptype is not None:
        raise _BadFormat()
    _validate_date(st, d)
    if st.mer is not None and d.hour > 12:
        raise _FieldOverflow()
    if st.mer == "am" and d.hour == 12:
        d.hour = 0
    elif st.mer == "pm" and d.hour != 12:
        d.hour += 12
    total = ((d.hour * 60 + d.minute) * 60 + d.sec) * 1000000 + d.fsec
    if (
        not 0 <= d.hour <= 24
        or not 0 <= d.minute <= 59
        or not 0 <= d.sec <= 60
        or not 0 <= d.fsec <= 1000000
        or total > 86_400_000_000
    ):
        raise _FieldOverflow()
    fm = st.fmask
    if (fm & TIME_M) != TIME_M:
        raise _BadFormat()
    if fm & DTZMOD and (d.zone is not None or not fm & TZM):
        raise _BadFormat()
    d.fmask = fm
    if d.zone is not None:
        single = _single_offset(d.zone)
        if single is None and (fm & DATE_M) != DATE_M:
            raise _BadFormat()  # a zone with more than one offset needs the date
        d.tz = single if single is not None else _zone_offset(d.zone, d)
    elif not fm & TZM:
        d.tz = None
        if fm & DATE_M and (fm & DATE_M) != DATE_M:
            raise _BadFormat()
    return d


def _single_offset(zone_name: str) -> int | None:
    """pg_get_timezone_offset: the zone's offset when all its ttinfos share one."""
    zone = tzfile.load_zone(zone_name)
    offs = {i.utoff for i in zone.infos}
    if zone.rule is not None:
        offs.add(zone.rule.std.utoff)
        if zone.rule.dst is not None:
            offs.add(zone.rule.dst.utoff)
    return next(iter(offs)) if len(offs) == 1 else None


def _zone_offset(zone_name: str, d: Decoded) -> int:
    from engine.types.datetime import date2j, is_valid_julian

    if not is_valid_julian(d.year, d.mon):
        return 0
    local = (date2j(d.year, d.mon, d.mday) - 2440588) * 86400 + (
        d.hour * 60 + d.minute
    ) * 60 + d.sec
    return tzfile.local_to_utc(tzfile.load_zone(zone_name), local)


def _time_only_word(st: _State, d: Decoded, word: str) -> int:
    """DTK_STRING/DTK_SPECIAL in DecodeTimeOnly; -1 for an ignored word ("at", "on")."""
    if (
        session_abbrev(st.zone, word) is not None
        or word in tz_abbrevs.FIXED
        or word in tz_abbrevs.DYNAMIC
    ):
        return _decode_word(st, d, word, st.zone)
    if word == "now":
        cur = current_local(st.now, st.zone)
        d.hour, d.minute, d.sec, d.fsec = cur[3], cur[4], cur[5], cur[6]
        return TIME_M
    if word == "allballs":
        d.hour = d.minute = d.sec = d.fsec = 0
        return TIME_M | TZM
    if word in ("at", "on"):
        return -1
    if word == "dst":
        d.tz = (d.tz or 0) + _DST_SECS
        return DTZMOD | DTZ
    if word in ("am", "pm"):
        st.mer = word
        return AMPM
    if word in ("ad", "bc"):
        st.bc = word == "bc"
        return ADBC
    if word == "t" or word in _JULIAN or word in _LABELS:
        if st.ptype is not None:
            raise _BadFormat()
        st.ptype = "t" if word == "t" else "julian" if word in _JULIAN else "units"
        return 0
    if word in _RESERVED or word in _VOLATILE or word in MONTHS or word in DAYS:
        raise _BadFormat()
    if word in _UNITS:
        raise FeatureNotSupported(f'time input field "{word}" is not supported')
    return _named_zone(d, word)
