"""interval: text input (PG's ParseDateTime + DecodeInterval, ISO 8601 with designators and the
alternative format), output under the four IntervalStyles, typmods (``interval hour to second``,
``interval(3)``), PG 17's infinite intervals, and the linearised comparison of interval_cmp.

Values are ``engine.types.base.Interval(months, days, micros)`` with PG's ranges (int32, int32,
int64); ``INTERVAL_NOBEGIN``/``INTERVAL_NOEND`` are -infinity/+infinity exactly as PG stores them.
Follows src/backend/utils/adt/{datetime.c (ParseDateTime, DecodeInterval, DecodeTimeCommon,
DecodeISO8601Interval, EncodeInterval), timestamp.c (interval_in/out, AdjustIntervalForTypmod,
interval_cmp_value)}. Must not import anything from the engine beyond ``engine.errors`` and
``engine.types`` (no ``replica``, no ``wire``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from engine.errors import (
    DatetimeFieldOverflow,
    EngineError,
    FeatureNotSupported,
    InvalidDatetimeFormat,
    InvalidParameterValue,
)
from engine.types.base import Interval, PgType
from engine.types.settings import DEFAULT_SETTINGS, FormatSettings

INTERVAL = 1186
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INTERVAL_NOBEGIN = Interval(INT32_MIN, INT32_MIN, INT64_MIN)
INTERVAL_NOEND = Interval(INT32_MAX, INT32_MAX, INT64_MAX)
USECS_PER_SEC = 1_000_000
USECS_PER_MINUTE = 60 * USECS_PER_SEC
USECS_PER_HOUR = 60 * USECS_PER_MINUTE
USECS_PER_DAY = 24 * USECS_PER_HOUR
DAYS_PER_MONTH = 30
MONTHS_PER_YEAR = 12
MAX_INTERVAL_PRECISION = 6

# typmod ranges: INTERVAL_MASK(x) = 1 << x with datetime.h's field numbers
MONTH_B, YEAR_B, DAY_B, HOUR_B, MINUTE_B, SECOND_B = 1, 2, 3, 10, 11, 12
INTERVAL_FULL_RANGE = 0x7FFF
INTERVAL_FULL_PRECISION = 0xFFFF


class IntervalFieldOverflow(EngineError):
    """interval field value out of range (22015); not in engine/errors.py."""

    sqlstate = "22015"


def out_of_range() -> DatetimeFieldOverflow:
    """ERRCODE_DATETIME_VALUE_OUT_OF_RANGE (22008) "interval out of range"."""
    return DatetimeFieldOverflow("interval out of range")


def is_finite(v: Interval) -> bool:
    return v != INTERVAL_NOBEGIN and v != INTERVAL_NOEND


def fits32(v: int) -> bool:
    return INT32_MIN <= v <= INT32_MAX


def fits64(v: int) -> bool:
    return INT64_MIN <= v <= INT64_MAX


def ctrunc_div(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def crem(a: int, b: int) -> int:
    """C remainder (sign of the dividend)."""
    return a - ctrunc_div(a, b) * b


# --- ParseDateTime (the tokenizer) --------------------------------------------------------

NUMBER, STRING, DATE, TIME, TZ, SPECIAL = "number", "string", "date", "time", "tz", "special"
MAXDATEFIELDS = 25
_SPACE = " \t\n\r\f\v"
_DIGITS = "0123456789"
# datetktbl words that stop a letters-then-digits/+ run from being read as a zone name
_CORE_WORDS = frozenset(
    [
        "ago",
        "allballs",
        "am",
        "at",
        "bc",
        "ad",
        "d",
        "dow",
        "doy",
        "epoch",
        "h",
        "infinity",
        "isodow",
        "isoyear",
        "j",
        "jd",
        "julian",
        "m",
        "mm",
        "now",
        "on",
        "pm",
        "s",
        "t",
        "today",
        "tomorrow",
        "y",
        "yesterday",
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "sun",
        "sunday",
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "weds",
        "wednesday",
        "thu",
        "thur",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "z",
        "zulu",
    ]
)


class BadFormat(Exception):
    """DTERR_BAD_FORMAT."""


class FieldOverflow(Exception):
    """DTERR_FIELD_OVERFLOW."""


def _isalpha(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _isalnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _scan_digit_field(s: str, i: int) -> tuple[str, int]:
    n = len(s)
    while i < n and s[i] in _DIGITS:
        i += 1
    if i < n and s[i] == ":":
        i += 1
        while i < n and (s[i] in _DIGITS or s[i] in ":."):
            i += 1
        return TIME, i
    if i < n and s[i] in "-/.":
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
            return kind, i
        while i < n and (_isalnum(s[i]) or s[i] == delim):
            i += 1
        return DATE, i
    return NUMBER, i


def _scan_alpha_field(s: str, i: int) -> tuple[str, int]:
    n = len(s)
    start = i
    while i < n and _isalpha(s[i]):
        i += 1
    is_date = False
    if i < n and s[i] in "-/.":
        is_date = True
    elif i < n and (s[i] == "+" or s[i] in _DIGITS):
        is_date = s[start:i].lower() not in _CORE_WORDS
    if not is_date:
        return STRING, i
    i += 1
    while i < n and (s[i] in "+-/_.:" or _isalnum(s[i])):
        i += 1
    return DATE, i


def parse_fields(s: str) -> list[tuple[str, str]]:
    """ParseDateTime: (kind, lower-cased text) fields; raises BadFormat."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in _SPACE:
            i += 1
            continue
        if len(out) >= MAXDATEFIELDS:
            raise BadFormat()
        start = i
        if c in _DIGITS:
            kind, i = _scan_digit_field(s, i)
            text = s[start:i].lower()
        elif c == ".":
            i += 1
            while i < n and s[i] in _DIGITS:
                i += 1
            kind, text = NUMBER, s[start:i]
        elif _isalpha(c):
            kind, i = _scan_alpha_field(s, i)
            text = s[start:i].lower()
        elif c in "+-":
            i += 1
            while i < n and s[i] in _SPACE:
                i += 1
            j = i
            if i < n and s[i] in _DIGITS:
                kind = TZ
                while i < n and (s[i] in _DIGITS or s[i] in ":.-"):
                    i += 1
            elif i < n and _isalpha(s[i]):
                kind = SPECIAL
                while i < n and _isalpha(s[i]):
                    i += 1
            else:
                raise BadFormat()
            text = c + s[j:i].lower()
        elif c.isascii() and c.isprintable() and not c.isalnum():
            i += 1  # other punctuation is a delimiter
            continue
        else:
            raise BadFormat()
        out.append((kind, text))
    return out


# --- DecodeInterval ------------------------------------------------------------------------

# deltatktbl (datetime.c): unit spellings, matched on their first 10 characters (TOKMAXLEN)
_UNIT_WORDS = {
    "microsecon us usec usecond useconds usecs": "microsecond",
    "millisecon ms msec msecond mseconds msecs": "millisecond",
    "s sec second seconds secs": "second",
    "m min mins minute minutes": "minute",
    "h hour hours hr hrs": "hour",
    "d day days": "day",
    "w week weeks": "week",
    "mon mons month months": "month",
    "qtr quarter": "quarter",
    "y year years yr yrs": "year",
    "dec decade decades decs": "decade",
    "c cent centuries century": "century",
    "mil millennia millennium mils": "millennium",
    "timezone timezone_h timezone_m": "timezone",
    # datetktbl units DecodeInterval knows but cannot apply to a number
    "j jd julian dow doy isodow isoyear": "other",
}
UNITS: dict[str, str] = {w: u for ws, u in _UNIT_WORDS.items() for w in ws.split()}
_MASK = {
    u: 1 << i
    for i, u in enumerate(
        [
            "microsecond",
            "millisecond",
            "second",
            "minute",
            "hour",
            "day",
            "week",
            "month",
            "year",
            "decade",
            "century",
            "millennium",
        ]
    )
}
_ALL_SECS = _MASK["second"] | _MASK["millisecond"] | _MASK["microsecond"]
_TIME_M = _MASK["hour"] | _MASK["minute"] | _ALL_SECS
_ALL_M = (1 << 20) - 1


@dataclass(slots=True)
class ItmIn:
    """struct pg_itm_in: the accumulated fields, each kept within its C type."""

    usec: int = 0
    mday: int = 0
    mon: int = 0
    year: int = 0

    def add_usec(self, v: int) -> None:
        self.usec += v
        if not fits64(self.usec):
            raise FieldOverflow()

    def add_mday(self, v: int) -> None:
        self.mday += v
        if not fits32(self.mday):
            raise FieldOverflow()

    def add_mon(self, v: int) -> None:
        self.mon += v
        if not fits32(self.mon):
            raise FieldOverflow()

    def add_year(self, v: int) -> None:
        self.year += v
        if not fits32(self.year):
            raise FieldOverflow()


def _c_rint(x: float) -> int:
    """rint(): round half to even (the default FE_TONEAREST mode)."""
    return round(x)


def adjust_fract_usec(itm: ItmIn, frac: float, scale: int) -> None:
    """AdjustFractMicroseconds: truncate, then round off beyond ±0.5."""
    if frac == 0:
        return
    frac *= scale
    usec = int(frac)
    frac -= usec
    if frac > 0.5:
        usec += 1
    elif frac < -0.5:
        usec -= 1
    itm.add_usec(usec)


def adjust_fract_days(itm: ItmIn, frac: float, scale: int) -> None:
    if frac == 0:
        return
    frac *= scale
    extra = int(frac)
    itm.add_mday(extra)
    adjust_fract_usec(itm, frac - extra, USECS_PER_DAY)


def adjust_fract_years(itm: ItmIn, frac: float, scale: int) -> None:
    itm.add_mon(_c_rint(frac * scale * MONTHS_PER_YEAR))


def adjust_usec(itm: ItmIn, val: int, fval: float, scale: int) -> None:
    if not fits64(val * scale):
        raise FieldOverflow()
    itm.add_usec(val * scale)
    adjust_fract_usec(itm, fval, scale)


def adjust_days(itm: ItmIn, val: int, scale: int) -> None:
    if not fits32(val) or not fits32(val * scale):
        raise FieldOverflow()
    itm.add_mday(val * scale)


def adjust_months(itm: ItmIn, val: int) -> None:
    if not fits32(val):
        raise FieldOverflow()
    itm.add_mon(val)


def adjust_years(itm: ItmIn, val: int, scale: int) -> None:
    if not fits32(val) or not fits32(val * scale):
        raise FieldOverflow()
    itm.add_year(val * scale)


_INT_PREFIX = re.compile(r"[ \t\n\r\f\v]*([+-]?\d+)")


def strtoi(s: str, bits: int) -> tuple[int, str]:
    """strtol-alike: the leading integer and the rest; FieldOverflow beyond the C type."""
    m = _INT_PREFIX.match(s)
    if m is None:
        return 0, s
    v = int(m.group(1))
    if not -(2 ** (bits - 1)) <= v < 2 ** (bits - 1):
        raise FieldOverflow()
    return v, s[m.end() :]


def parse_fraction(s: str) -> float:
    """ParseFraction: '.' then digits to the end of the field."""
    if s == ".":
        return 0.0
    if not re.fullmatch(r"\.\d+", s):
        raise BadFormat()
    return float(s)


def parse_fractional_second(s: str) -> int:
    return _c_rint(parse_fraction(s) * 1000000)


def decode_time_common(text: str, range_: int) -> tuple[int, int, int, int]:
    """DecodeTimeCommon: (hour, min, sec, usec) of h:m[:s[.f]] or m:s.f."""
    hour, rest = strtoi(text, 64)
    if not rest.startswith(":"):
        raise BadFormat()
    minute, rest = strtoi(rest[1:], 32)
    fsec = 0
    if rest == "":
        sec = 0
        if range_ == (1 << MINUTE_B) | (1 << SECOND_B):
            hour, minute, sec = 0, hour, minute
    elif rest.startswith("."):
        fsec = parse_fractional_second(rest)
        hour, minute, sec = 0, hour, minute
    elif rest.startswith(":"):
        sec, rest = strtoi(rest[1:], 32)
        if rest.startswith("."):
            fsec = parse_fractional_second(rest)
        elif rest:
            raise BadFormat()
    else:
        raise BadFormat()
    if hour < 0 or not 0 <= minute <= 59 or not 0 <= sec <= 60 or not 0 <= fsec <= USECS_PER_SEC:
        raise FieldOverflow()
    return hour, minute, sec, fsec


def _decode_time_for_interval(text: str, range_: int, itm: ItmIn) -> None:
    hour, minute, sec, fsec = decode_time_common(text, range_)
    # PG *assigns* tm_usec here, dropping fractional days decoded earlier (right-to-left)
    total = fsec + hour * USECS_PER_HOUR + minute * USECS_PER_MINUTE + sec * USECS_PER_SEC
    if not fits64(hour * USECS_PER_HOUR) or not fits64(total):
        raise FieldOverflow()
    itm.usec = total


def _default_unit(range_: int) -> str:
    """DecodeInterval: the typmod decides what an unlabelled rightmost number means."""
    m = {b: 1 << b for b in (MONTH_B, YEAR_B, DAY_B, HOUR_B, MINUTE_B, SECOND_B)}
    if range_ == m[YEAR_B]:
        return "year"
    if range_ in (m[MONTH_B], m[YEAR_B] | m[MONTH_B]):
        return "month"
    if range_ == m[DAY_B]:
        return "day"
    if range_ in (m[HOUR_B], m[DAY_B] | m[HOUR_B]):
        return "hour"
    if range_ in (m[MINUTE_B], m[HOUR_B] | m[MINUTE_B], m[DAY_B] | m[HOUR_B] | m[MINUTE_B]):
        return "minute"
    return "second"


_SCALED: dict[str, tuple[str, int]] = {
    "microsecond": ("usec", 1),
    "millisecond": ("usec", 1000),
    "second": ("usec", USECS_PER_SEC),
    "minute": ("usec", USECS_PER_MINUTE),
    "hour": ("usec", USECS_PER_HOUR),
    "day": ("day", 1),
    "week": ("day", 7),
    "month": ("month", 1),
    "year": ("year", 1),
    "decade": ("year", 10),
    "century": ("year", 100),
    "millennium": ("year", 1000),
}


def _apply_number(itm: ItmIn, unit: str, val: int, fval: float) -> int:
    """The DTK_NUMBER switch of DecodeInterval; returns the field mask."""
    if unit not in _SCALED:
        raise BadFormat()
    kind, scale = _SCALED[unit]
    if kind == "usec":
        adjust_usec(itm, val, fval, scale)
        if unit == "second" and fval != 0:
            return _ALL_SECS
    elif kind == "day":
        adjust_days(itm, val, scale)
        if scale == 1:
            adjust_fract_usec(itm, fval, USECS_PER_DAY)
        else:
            adjust_fract_days(itm, fval, scale)
    elif kind == "month":
        adjust_months(itm, val)
        adjust_fract_days(itm, fval, DAYS_PER_MONTH)
    else:
        adjust_years(itm, val, scale)
        adjust_fract_years(itm, fval, scale)
    return _MASK[unit]


def _number_field(text: str) -> tuple[int, float, bool]:
    """strtoi64 + the 'years-months' and fraction forms: (val, fval, is_year_month)."""
    val, rest = strtoi(text, 64)
    neg = text.startswith("-")
    if rest.startswith("-"):
        val2, tail = strtoi(rest[1:], 32)
        if not 0 <= val2 < MONTHS_PER_YEAR:
            raise FieldOverflow()
        if tail:
            raise BadFormat()
        months = val * MONTHS_PER_YEAR + (-val2 if neg else val2)
        if not fits64(val * MONTHS_PER_YEAR) or not fits64(months):
            raise FieldOverflow()
        return months, 0.0, True
    if rest.startswith("."):
        fval = parse_fraction(rest)
        return val, (-fval if neg else fval), False
    if rest:
        raise BadFormat()
    return val, 0.0, False


@dataclass(slots=True)
class _DecodeState:
    unit: str | None = None  # PG's "type": the unit the next number (to the left) gets
    parsing_unit_val: bool = False
    is_before: bool = False
    dtype: str = "delta"


def _decode_word(st: _DecodeState, i: int, nf: int, text: str) -> int:
    if st.parsing_unit_val:  # consecutive unhandled units
        raise BadFormat()
    key = text[:10]
    if key in UNITS:
        st.unit = UNITS[key]
        st.parsing_unit_val = True
        return 0
    if key == "ago":
        if i != nf - 1:
            raise BadFormat()
        st.is_before = True
        return 0
    if key in ("at", "on"):
        return 0
    if key in ("infinity", "+infinity", "-infinity"):
        if i != nf - 1:
            raise BadFormat()
        st.dtype = "early" if key == "-infinity" else "late"
        return _ALL_M
    raise BadFormat()


def decode_interval(
    fields: list[tuple[str, str]], range_: int, sql_standard: bool
) -> tuple[str, ItmIn]:
    """DecodeInterval: read the fields right to left so units precede their values."""
    itm = ItmIn()
    st = _DecodeState()
    nf = len(fields)
    force_negative = (
        sql_standard
        and nf > 0
        and fields[0][1].startswith("-")
        and not any(f[1][:1] in "+-" for f in fields[1:])
    )
    fmask = 0
    for i in range(nf - 1, -1, -1):
        kind, text = fields[i]
        tmask = 0
        if kind == TIME or (kind == TZ and ":" in text[1:] and _try_signed_time(text, range_, itm)):
            if kind == TIME:
                _decode_time_for_interval(text, range_, itm)
            if force_negative and itm.usec > 0:
                itm.usec = -itm.usec
            tmask = _TIME_M
            st.unit = "day"
            st.parsing_unit_val = False
        elif kind in (TZ, DATE, NUMBER):
            if st.unit is None:
                st.unit = _default_unit(range_)
            val, fval, year_month = _number_field(text)
            if year_month:
                st.unit = "month"
            if force_negative:
                val, fval = -abs(val), -abs(fval)
            tmask = _apply_number(itm, st.unit, val, fval)
            if st.unit == "hour":
                st.unit = "day"
            st.parsing_unit_val = False
        else:
            tmask = _decode_word(st, i, nf, text)
        if tmask & fmask:
            raise BadFormat()
        fmask |= tmask
    if fmask == 0 or st.parsing_unit_val:
        raise BadFormat()
    if st.is_before and st.dtype == "delta":
        itm.usec, itm.mday, itm.mon, itm.year = -itm.usec, -itm.mday, -itm.mon, -itm.year
        if not (fits64(itm.usec) and fits32(itm.mday) and fits32(itm.mon) and fits32(itm.year)):
            raise FieldOverflow()
    return st.dtype, itm


def _try_signed_time(text: str, range_: int, itm: ItmIn) -> bool:
    """DTK_TZ '+hh:mm[:ss]': decode like a time and apply the sign; False to fall through."""
    try:
        hour, minute, sec, fsec = decode_time_common(text[1:], range_)
    except (BadFormat, FieldOverflow):
        return False
    total = fsec + hour * USECS_PER_HOUR + minute * USECS_PER_MINUTE + sec * USECS_PER_SEC
    if not fits64(total):
        return False
    itm.usec = -total if text[0] == "-" else total
    return True


# --- ISO 8601 ------------------------------------------------------------------------------

_ISO_NUM = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _iso_number(s: str, i: int) -> tuple[int, float, int]:
    """ParseISO8601Number: strtod, then split into an integral part and a fraction."""
    if i >= len(s) or not (s[i].isdigit() or s[i] in "-."):
        raise BadFormat()
    if re.match(r"-?0[xX]|-?(?:inf|nan)", s[i:], re.IGNORECASE):
        if s[i:].lstrip("-")[:1] in "iInN":
            raise FieldOverflow()
        raise FeatureNotSupported("hexadecimal numbers in ISO 8601 interval input")
    m = _ISO_NUM.match(s, i)
    if m is None:
        raise BadFormat()
    val = float(m.group(0))
    if math.isnan(val) or not -1.0e15 <= val <= 1.0e15:
        raise FieldOverflow()
    ipart = math.floor(val) if val >= 0 else -math.floor(-val)
    return ipart, val - ipart, m.end()


def _iso_width(s: str, start: int) -> int:
    if s[start : start + 1] == "-":
        start += 1
    m = re.match(r"\d*", s[start:])
    return len(m.group(0)) if m else 0


def _iso_alt_date(s: str, i: int, itm: ItmIn, val: int, fval: float, unit: str) -> int | None:
    """The alternative format's 'Y-M-D' date part; returns the new index or None at the end."""
    adjust_years(itm, val, 1)
    adjust_fract_years(itm, fval, 1)
    if unit == "":
        return None
    if unit == "T":
        return i
    val, fval, i = _iso_number(s, i)
    adjust_months(itm, val)
    adjust_fract_days(itm, fval, DAYS_PER_MONTH)
    if i == len(s):
        return None
    if s[i] == "T":
        return i
    if s[i] != "-":
        raise BadFormat()
    val, fval, i = _iso_number(s, i + 1)
    adjust_days(itm, val, 1)
    adjust_fract_usec(itm, fval, USECS_PER_DAY)
    if i == len(s):
        return None
    if s[i] == "T":
        return i
    raise BadFormat()


def _iso_alt_time(s: str, i: int, itm: ItmIn, val: int, fval: float, unit: str) -> None:
    adjust_usec(itm, val, fval, USECS_PER_HOUR)
    if unit == "":
        return
    val, fval, i = _iso_number(s, i)
    adjust_usec(itm, val, fval, USECS_PER_MINUTE)
    if i == len(s):
        return
    if s[i] != ":":
        raise BadFormat()
    val, fval, i = _iso_number(s, i + 1)
    adjust_usec(itm, val, fval, USECS_PER_SEC)
    if i != len(s):
        raise BadFormat()


def _iso_date_unit(itm: ItmIn, unit: str, val: int, fval: float) -> bool:
    if unit == "Y":
        adjust_years(itm, val, 1)
        adjust_fract_years(itm, fval, 1)
    elif unit == "M":
        adjust_months(itm, val)
        adjust_fract_days(itm, fval, DAYS_PER_MONTH)
    elif unit == "W":
        adjust_days(itm, val, 7)
        adjust_fract_days(itm, fval, 7)
    elif unit == "D":
        adjust_days(itm, val, 1)
        adjust_fract_usec(itm, fval, USECS_PER_DAY)
    else:
        return False
    return True


def _iso_time_unit(itm: ItmIn, unit: str, val: int, fval: float) -> bool:
    scale = {"H": USECS_PER_HOUR, "M": USECS_PER_MINUTE, "S": USECS_PER_SEC}.get(unit)
    if scale is None:
        return False
    adjust_usec(itm, val, fval, scale)
    return True


def decode_iso8601_interval(s: str) -> ItmIn:
    """DecodeISO8601Interval: 'P1Y2M3DT4H5M6S', 'P0001-02-03T04:05:06', 'P00010203T040506'."""
    itm = ItmIn()
    if len(s) < 2 or s[0] != "P":
        raise BadFormat()
    i, datepart, havefield = 1, True, False
    while i < len(s):
        if s[i] == "T":
            datepart, havefield, i = False, False, i + 1
            continue
        start = i
        val, fval, i = _iso_number(s, i)
        unit = s[i] if i < len(s) else ""
        i += 1
        if datepart:
            if _iso_date_unit(itm, unit, val, fval):
                havefield = True
                continue
            if unit in ("T", "") and _iso_width(s, start) == 8 and not havefield:
                adjust_years(itm, ctrunc_div(val, 10000), 1)
                adjust_months(itm, crem(ctrunc_div(val, 100), 100))
                adjust_days(itm, crem(val, 100), 1)
                adjust_fract_usec(itm, fval, USECS_PER_DAY)
                if unit == "":
                    return itm
                datepart, havefield = False, False
                continue
            if unit not in ("T", "", "-") or havefield:
                raise BadFormat()
            nxt = _iso_alt_date(s, i, itm, val, fval, unit)
            if nxt is None:
                return itm
            i, datepart, havefield = nxt, False, False
            continue
        if _iso_time_unit(itm, unit, val, fval):
            havefield = True
            continue
        if unit == "" and _iso_width(s, start) == 6 and not havefield:
            adjust_usec(itm, ctrunc_div(val, 10000), 0.0, USECS_PER_HOUR)
            adjust_usec(itm, crem(ctrunc_div(val, 100), 100), 0.0, USECS_PER_MINUTE)
            adjust_usec(itm, crem(val, 100), 0.0, USECS_PER_SEC)
            adjust_fract_usec(itm, fval, 1)
            return itm
        if unit not in ("", ":") or havefield:
            raise BadFormat()
        _iso_alt_time(s, i, itm, val, fval, unit)
        return itm
    return itm


# --- interval_in ---------------------------------------------------------------------------


def _decode_text(text: str, range_: int, settings: FormatSettings) -> tuple[str, ItmIn]:
    try:
        return decode_interval(parse_fields(text), range_, settings.intervalstyle == "sql_standard")
    except BadFormat:
        return "delta", decode_iso8601_interval(text)


def interval_in(
    text: str, typmod: int = -1, settings: FormatSettings = DEFAULT_SETTINGS
) -> Interval:
    """interval_in: parse, then AdjustIntervalForTypmod. IntervalStyle sql_standard changes how
    a leading '-' applies, so callers with a session pass its settings."""
    range_ = INTERVAL_FULL_RANGE if typmod < 0 else (typmod >> 16) & 0x7FFF
    try:
        dtype, itm = _decode_text(text, range_, settings)
    except FieldOverflow:
        raise IntervalFieldOverflow(f'interval field value out of range: "{text}"') from None
    except BadFormat:
        raise InvalidDatetimeFormat(f'invalid input syntax for type interval: "{text}"') from None
    if dtype != "delta":
        return INTERVAL_NOBEGIN if dtype == "early" else INTERVAL_NOEND
    months = itm.year * MONTHS_PER_YEAR + itm.mon
    if not fits32(months):
        raise out_of_range()
    return adjust_interval_typmod(Interval(months, itm.mday, itm.usec), typmod)


_SCALES = (1000000, 100000, 10000, 1000, 100, 10, 1)
_OFFSETS = (500000, 50000, 5000, 500, 50, 5, 0)


def _truncate_to_range(v: Interval, range_: int) -> Interval:
    m = {b: 1 << b for b in (MONTH_B, YEAR_B, DAY_B, HOUR_B, MINUTE_B, SECOND_B)}
    day, hour, minute = m[DAY_B], m[HOUR_B], m[MINUTE_B]
    if range_ == INTERVAL_FULL_RANGE:
        return v
    if range_ == m[YEAR_B]:
        return Interval(ctrunc_div(v.months, 12) * 12, 0, 0)
    if range_ in (m[MONTH_B], m[YEAR_B] | m[MONTH_B]):
        return Interval(v.months, 0, 0)
    if range_ == day:
        return Interval(v.months, v.days, 0)
    if range_ in (hour, day | hour):
        return Interval(v.months, v.days, ctrunc_div(v.micros, USECS_PER_HOUR) * USECS_PER_HOUR)
    if range_ in (minute, day | hour | minute, hour | minute):
        return Interval(v.months, v.days, ctrunc_div(v.micros, USECS_PER_MINUTE) * USECS_PER_MINUTE)
    second = m[SECOND_B]
    if range_ in (second, day | hour | minute | second, hour | minute | second, minute | second):
        return v
    raise FeatureNotSupported(f"interval typmod {range_ << 16} is not supported")


def adjust_interval_typmod(v: Interval, typmod: int) -> Interval:
    """AdjustIntervalForTypmod: drop fields outside the range, round to the precision."""
    if typmod < 0 or not is_finite(v):
        return v
    v = _truncate_to_range(v, (typmod >> 16) & 0x7FFF)
    precision = typmod & 0xFFFF
    if precision == INTERVAL_FULL_PRECISION:
        return v
    if precision > MAX_INTERVAL_PRECISION:
        raise InvalidParameterValue(
            f"interval({precision}) precision must be between 0 and {MAX_INTERVAL_PRECISION}"
        )
    t = v.micros + (_OFFSETS[precision] if v.micros >= 0 else -_OFFSETS[precision])
    if not fits64(t):
        raise out_of_range()
    return Interval(v.months, v.days, t - crem(t, _SCALES[precision]))


_RANGE_WORDS = {
    "year": 1 << YEAR_B,
    "month": 1 << MONTH_B,
    "day": 1 << DAY_B,
    "hour": 1 << HOUR_B,
    "minute": 1 << MINUTE_B,
    "second": 1 << SECOND_B,
}


def interval_typmod(fields: str | None = None, precision: int | None = None) -> int:
    """The typmod of ``interval [fields] [(p)]``, e.g. ('hour to second', 3); -1 for plain."""
    if fields is None and precision is None:
        return -1
    range_ = INTERVAL_FULL_RANGE
    if fields:
        words = fields.lower().split()
        range_ = 0
        lo, hi = words[0], words[-1]
        names = list(_RANGE_WORDS)
        for w in names[names.index(lo) : names.index(hi) + 1]:
            range_ |= _RANGE_WORDS[w]
    if precision is None:
        return (range_ << 16) | INTERVAL_FULL_PRECISION
    # intervaltypmodin: a precision above 6 is reduced to 6 (with a WARNING)
    return (range_ << 16) | min(precision, MAX_INTERVAL_PRECISION)


# --- interval_out --------------------------------------------------------------------------


def _seconds(sec: int, fsec: int, fill: bool) -> str:
    """AppendSeconds with MAX_INTERVAL_PRECISION: signs stripped, no trailing zeros."""
    out = f"{abs(sec):02d}" if fill else str(abs(sec))
    if fsec:
        out += "." + f"{abs(fsec):06d}".rstrip("0")
    return out


@dataclass(slots=True)
class Itm:
    """struct pg_itm as interval2itm fills it (C truncating division)."""

    year: int
    mon: int
    mday: int
    hour: int
    min: int
    sec: int
    usec: int


def interval2itm(v: Interval) -> Itm:
    t = v.micros
    hour = ctrunc_div(t, USECS_PER_HOUR)
    t -= hour * USECS_PER_HOUR
    minute = ctrunc_div(t, USECS_PER_MINUTE)
    t -= minute * USECS_PER_MINUTE
    sec = ctrunc_div(t, USECS_PER_SEC)
    t -= sec * USECS_PER_SEC
    return Itm(ctrunc_div(v.months, 12), crem(v.months, 12), v.days, hour, minute, sec, t)


def _sql_standard(m: Itm) -> str:
    y, mo, d, h, mi, s, fs = m.year, m.mon, m.mday, m.hour, m.min, m.sec, m.usec
    neg = y < 0 or mo < 0 or d < 0 or h < 0 or mi < 0 or s < 0 or fs < 0
    pos = y > 0 or mo > 0 or d > 0 or h > 0 or mi > 0 or s > 0 or fs > 0
    has_ym = y != 0 or mo != 0
    has_dt = d != 0 or h != 0 or mi != 0 or s != 0 or fs != 0
    standard = not (neg and pos) and not (has_ym and has_dt)
    if not neg and not pos:
        return "0"
    if not standard:
        ys = "-" if y < 0 or mo < 0 else "+"
        ds = "-" if d < 0 else "+"
        ts = "-" if h < 0 or mi < 0 or s < 0 or fs < 0 else "+"
        return f"{ys}{abs(y)}-{abs(mo)} {ds}{abs(d)} {ts}{abs(h)}:{abs(mi):02d}:" + _seconds(
            s, fs, True
        )
    sign = "-" if neg else ""
    if has_ym:
        return f"{sign}{abs(y)}-{abs(mo)}"
    if d != 0:
        return f"{sign}{abs(d)} {abs(h)}:{abs(mi):02d}:" + _seconds(s, fs, True)
    return f"{sign}{abs(h)}:{abs(mi):02d}:" + _seconds(s, fs, True)


def _iso_8601(m: Itm) -> str:
    if (m.year, m.mon, m.mday, m.hour, m.min, m.sec, m.usec) == (0,) * 7:
        return "PT0S"
    out = "P"
    for val, unit in ((m.year, "Y"), (m.mon, "M"), (m.mday, "D")):
        out += f"{val}{unit}" if val else ""
    if m.hour or m.min or m.sec or m.usec:
        out += "T"
    for val, unit in ((m.hour, "H"), (m.min, "M")):
        out += f"{val}{unit}" if val else ""
    if m.sec or m.usec:
        out += ("-" if m.sec < 0 or m.usec < 0 else "") + _seconds(m.sec, m.usec, False) + "S"
    return out


def _postgres(m: Itm) -> str:
    parts: list[str] = []
    is_before = False
    for val, unit in ((m.year, "year"), (m.mon, "mon"), (m.mday, "day")):
        if val == 0:
            continue
        plus = "+" if is_before and val > 0 else ""
        parts.append(f"{plus}{val} {unit}{'' if val == 1 else 's'}")
        is_before = val < 0  # each nonzero field sets is_before for the next one only
    if not parts or m.hour or m.min or m.sec or m.usec:
        minus = m.hour < 0 or m.min < 0 or m.sec < 0 or m.usec < 0
        sign = "-" if minus else ("+" if is_before else "")
        parts.append(f"{sign}{abs(m.hour):02d}:{abs(m.min):02d}:" + _seconds(m.sec, m.usec, True))
    return " ".join(parts)


def _postgres_verbose(m: Itm) -> str:
    out = "@"
    is_zero, is_before = True, False
    for val, unit in (
        (m.year, "year"),
        (m.mon, "mon"),
        (m.mday, "day"),
        (m.hour, "hour"),
        (m.min, "min"),
    ):
        if val == 0:
            continue
        if is_zero:  # the first nonzero field decides "ago"
            is_before = val < 0
            val = abs(val)
        elif is_before:
            val = -val
        out += f" {val} {unit}{'' if val == 1 else 's'}"
        is_zero = False
    if m.sec or m.usec:
        out += " "
        if m.sec < 0 or (m.sec == 0 and m.usec < 0):
            if is_zero:
                is_before = True
            elif not is_before:
                out += "-"
        elif is_before:
            out += "-"
        plural = "s" if abs(m.sec) != 1 or m.usec != 0 else ""
        out += _seconds(m.sec, m.usec, False) + f" sec{plural}"
        is_zero = False
    if is_zero:
        out += " 0"
    if is_before:
        out += " ago"
    return out


_STYLES: dict[str, Callable[[Itm], str]] = {
    "postgres": _postgres,
    "postgres_verbose": _postgres_verbose,
    "sql_standard": _sql_standard,
    "iso_8601": _iso_8601,
}


def interval_out(v: Interval, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    if v == INTERVAL_NOBEGIN:
        return "-infinity"
    if v == INTERVAL_NOEND:
        return "infinity"
    return _STYLES[settings.intervalstyle](interval2itm(v))


# --- comparison ----------------------------------------------------------------------------


def interval_key(v: Interval) -> int:
    """interval_cmp_value: months as 30 days, days as 24 hours, in µs ('1 mon' = '30 days')."""
    return (v.months * DAYS_PER_MONTH + v.days) * USECS_PER_DAY + v.micros


def interval_cmp(a: Interval, b: Interval) -> int:
    ka, kb = interval_key(a), interval_key(b)
    return (ka > kb) - (ka < kb)


def interval_sign(v: Interval) -> int:
    k = interval_key(v)
    return (k > 0) - (k < 0)


TYPES = (PgType(INTERVAL, "interval", 16, "T", True, interval_in, interval_out, interval_key),)
