"""POSIX TZ strings (``EST5EDT``, ``CST7CDT,M4.1.0,M10.5.0``, ``<+05>-05``) and their evaluation.

A port of PostgreSQL 18's ``tzparse`` (src/timezone/localtime.c) plus an evaluator equal to the
transition table PG builds from a rule: two transitions a year, starting at ``start`` in local
standard time and ending at ``end`` in local daylight time, kept only in years where PG's
``tzparse`` keeps them, and repeated with the 400-year Gregorian cycle (PG's goback/goahead
extrapolation), so evaluating the rule year by year equals PG's table lookup. PG 18 never reads
``posixrules``: a DST name without rules gets ``,M3.2.0,M11.1.0`` (TZDEFRULESTRING).
``offset_zone_name`` is pg_tzset_offset's spelling of a numeric ``SET TIME ZONE``.
Must not import anything from the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

UNIX_EPOCH_JDATE = 2440588
SECS_PER_DAY = 86400
TZDEFRULESTRING = ",M3.2.0,M11.1.0"
TZ_STRLEN_MAX = 255
_MAX_HOURS = 24 * 7 - 1  # getsecs: quasi-POSIX rules like "M10.4.6/26" allow up to a week
_MDAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class TTInfo:
    utoff: int  # seconds east of UTC
    isdst: bool
    abbr: str


@dataclass(frozen=True, slots=True)
class RuleDate:
    """getrule's struct rule: ``Jn`` (1..365, Feb 29 never counted), ``n`` (0..365) or
    ``Mm.w.d``; ``time`` is local seconds after midnight (may be negative or past 24 h)."""

    kind: str  # 'J' | 'N' | 'M'
    day: int
    mon: int = 0
    week: int = 0
    time: int = 7200


@dataclass(frozen=True, slots=True)
class PosixRule:
    """A parsed TZ string. ``dst is None``: a fixed zone (perpetual DST is folded into
    ``std``, as tzparse does when no year keeps its transitions)."""

    std: TTInfo
    dst: TTInfo | None = None
    start: RuleDate | None = None
    end: RuleDate | None = None


# --- parsing (tzparse) ---------------------------------------------------------------------


def _getzname(s: str, i: int) -> int:
    while i < len(s) and not s[i].isdigit() and s[i] not in ",-+":
        i += 1
    return i


def _getname(s: str, i: int) -> tuple[str, int] | None:
    """An unquoted name up to a digit, sign or comma, or a ``<...>`` quoted one."""
    if i < len(s) and s[i] == "<":
        j = s.find(">", i + 1)
        if j < 0:
            return None
        return s[i + 1 : j], j + 1
    j = _getzname(s, i)
    return s[i:j], j


def _getnum(s: str, i: int, lo: int, hi: int) -> tuple[int, int] | None:
    if i >= len(s) or not s[i].isdigit():
        return None
    num = 0
    while i < len(s) and s[i].isdigit():
        num = num * 10 + int(s[i])
        if num > hi:
            return None
        i += 1
    if num < lo:
        return None
    return num, i


def _getsecs(s: str, i: int) -> tuple[int, int] | None:
    """hh[:mm[:ss]], hours up to 167."""
    r = _getnum(s, i, 0, _MAX_HOURS)
    if r is None:
        return None
    secs, i = r[0] * 3600, r[1]
    for mult, hi in ((60, 59), (1, 60)):  # 60 seconds: a leap second
        if i >= len(s) or s[i] != ":":
            break
        r = _getnum(s, i + 1, 0, hi)
        if r is None:
            return None
        secs, i = secs + r[0] * mult, r[1]
    return secs, i


def _getoffset(s: str, i: int) -> tuple[int, int] | None:
    """[+-]hh[:mm[:ss]] in POSIX sign (positive = west of Greenwich)."""
    neg = i < len(s) and s[i] == "-"
    if i < len(s) and s[i] in "+-":
        i += 1
    r = _getsecs(s, i)
    if r is None:
        return None
    return (-r[0] if neg else r[0]), r[1]


def _getrule(s: str, i: int) -> tuple[RuleDate, int] | None:
    c = s[i] if i < len(s) else ""
    if c == "J":
        r = _getnum(s, i + 1, 1, 365)
        if r is None:
            return None
        kind, day, mon, week, i = "J", r[0], 0, 0, r[1]
    elif c == "M":
        parts: list[int] = []
        i += 1
        for lo, hi in ((1, 12), (1, 5), (0, 6)):
            if parts:
                if i >= len(s) or s[i] != ".":
                    return None
                i += 1
            r = _getnum(s, i, lo, hi)
            if r is None:
                return None
            parts.append(r[0])
            i = r[1]
        kind, mon, week, day = "M", parts[0], parts[1], parts[2]
    elif c.isdigit():
        r = _getnum(s, i, 0, 365)
        if r is None:
            return None
        kind, day, mon, week, i = "N", r[0], 0, 0, r[1]
    else:
        return None
    time = 7200
    if i < len(s) and s[i] == "/":
        t = _getoffset(s, i + 1)
        if t is None:
            return None
        time, i = t
    return RuleDate(kind, day, mon, week, time), i


def parse(spec: str) -> PosixRule | None:
    """tzparse(spec, lastditch=false); None when PG's parser rejects the string."""
    r = _getname(spec, 0)
    if r is None:
        return None
    stdname, i = r
    if i >= len(spec):
        return None
    o = _getoffset(spec, i)
    if o is None:
        return None
    stdoffset, i = o
    std = TTInfo(-stdoffset, False, stdname)
    if i >= len(spec):
        return PosixRule(std)
    r = _getname(spec, i)
    if r is None or not r[0]:
        return None
    dstname, i = r
    if i < len(spec) and spec[i] not in ",;":
        o = _getoffset(spec, i)
        if o is None:
            return None
        dstoffset, i = o
    else:
        dstoffset = stdoffset - 3600
    rest = spec[i:] or TZDEFRULESTRING
    if rest[0] not in ",;":
        return None
    a = _getrule(rest, 1)
    if a is None or a[1] >= len(rest) or rest[a[1]] != ",":
        return None
    b = _getrule(rest, a[1] + 1)
    if b is None or b[1] != len(rest):
        return None
    rule = PosixRule(std, TTInfo(-dstoffset, True, dstname), a[0], b[0])
    if not any(_year_transitions(rule, y) for y in range(2000, 2028)):
        # 28 years hold every (leap, weekday of Jan 1) pair: no year keeps its transitions,
        # so tzparse makes the zone perpetual DST.
        return PosixRule(TTInfo(-dstoffset, True, dstname))
    return rule


def pg_tzset_spec(name: str) -> str | None:
    """pg_tzset's fallback for a name that is no zone file: the upper-cased spec (its
    canonical spelling) when tzparse accepts it, else None."""
    if not name or len(name.encode()) > TZ_STRLEN_MAX or not name.isascii() or name[0] == ":":
        return None
    upper = name.upper()
    if upper == "GMT":  # PG sends "GMT" to tzparse(lastditch): a zero-offset zone
        return upper
    return upper if parse(upper) is not None else None


def load(spec: str) -> PosixRule | None:
    """The rule pg_tzset builds for an already canonical (upper-cased) spec."""
    if spec == "GMT":
        return PosixRule(TTInfo(0, False, "GMT"))
    return parse(spec)


def offset_zone_name(gmtoffset: int) -> str:
    """pg_tzset_offset's spec for ``gmtoffset`` seconds WEST of UTC (Unix sign), e.g.
    ``<+02>-02`` for -7200 and ``<-01:30>+01:30`` for 5400."""
    absoff = abs(gmtoffset)
    text = f"{absoff // 3600:02d}"
    absoff %= 3600
    if absoff:
        text += f":{absoff // 60:02d}"
        if absoff % 60:
            text += f":{absoff % 60:02d}"
    return f"<-{text}>+{text}" if gmtoffset > 0 else f"<+{text}>-{text}"


# --- evaluation ----------------------------------------------------------------------------


def _date2j(y: int, m: int, d: int) -> int:
    if m > 2:
        m += 1
        y += 4800
    else:
        m += 13
        y += 4799
    century = y // 100
    return y * 365 - 32167 + y // 4 - century + century // 4 + 7834 * m // 256 + d


def _isleap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _mlen(year: int, mon: int) -> int:
    return 29 if mon == 2 and _isleap(year) else _MDAYS[mon - 1]


def _transtime(year: int, rd: RuleDate, offset: int) -> int:
    """transtime: seconds from Jan 1 00:00 UTC of ``year`` to the rule's instant, where
    ``offset`` is the POSIX offset (west positive) in force when the rule fires."""
    if rd.kind == "J":
        value = (rd.day - 1) * SECS_PER_DAY
        if _isleap(year) and rd.day >= 60:
            value += SECS_PER_DAY
    elif rd.kind == "N":
        value = rd.day * SECS_PER_DAY
    else:
        first = _date2j(year, rd.mon, 1)
        dow = (first + 1) % 7  # weekday of the 1st (0 = Sunday), as Zeller's congruence gives
        d = (rd.day - dow) % 7
        for _ in range(1, rd.week):
            if d + 7 >= _mlen(year, rd.mon):
                break
            d += 7
        value = (first - _date2j(year, 1, 1) + d) * SECS_PER_DAY
    return value + rd.time + offset


def _year_transitions(rule: PosixRule, year: int) -> list[tuple[int, TTInfo]]:
    """The transitions tzparse records for ``year`` (UTC seconds), in its table order."""
    assert rule.dst is not None and rule.start is not None and rule.end is not None
    stdoffset, dstoffset = -rule.std.utoff, -rule.dst.utoff
    start = _transtime(year, rule.start, stdoffset)
    end = _transtime(year, rule.end, dstoffset)
    yearsecs = (366 if _isleap(year) else 365) * SECS_PER_DAY
    reversed_ = end < start
    if reversed_:
        start, end = end, start
    if not (reversed_ or (start < end and end - start < yearsecs + (stdoffset - dstoffset))):
        return []
    janfirst = (_date2j(year, 1, 1) - UNIX_EPOCH_JDATE) * SECS_PER_DAY
    first, second = (rule.std, rule.dst) if reversed_ else (rule.dst, rule.std)
    return [(janfirst + start, first), (janfirst + end, second)]


def _year_of(t: int) -> int:
    """Civil year (UTC) of unix time t, near enough to pick neighbouring years."""
    return 1970 + (t // SECS_PER_DAY) * 400 // 146097


def _window(rule: PosixRule, first: int, last: int) -> list[tuple[int, TTInfo]]:
    out: list[tuple[int, TTInfo]] = []
    for year in range(first, last + 1):
        out.extend(_year_transitions(rule, year))
    return out


def _last_before(rule: PosixRule, year: int) -> TTInfo:
    """The info of the last transition in a year before ``year`` (the rule repeats every
    400 years, and some year of every 28 keeps its transitions)."""
    for y in range(year - 1, year - 401, -1):
        trans = _year_transitions(rule, y)
        if trans:
            return trans[-1][1]
    return rule.std


def info_at(rule: PosixRule, t: int) -> TTInfo:
    """localsub: offset, DST flag and abbreviation at unix time t."""
    if rule.dst is None:
        return rule.std
    y = _year_of(t)
    trans = _window(rule, y - 2, y + 2)
    state: TTInfo | None = None
    for at, info in trans:
        if at <= t:
            state = info
    return state if state is not None else _last_before(rule, y - 2)


def next_boundary(rule: PosixRule, t: int) -> tuple[TTInfo, int | None, TTInfo | None]:
    """pg_next_dst_boundary: (info before, first transition > t, info after)."""
    if rule.dst is None:
        return rule.std, None, None
    y = _year_of(t)
    trans = _window(rule, y - 2, y + 3)
    for k, (at, info) in enumerate(trans):
        if at > t:
            before = trans[k - 1][1] if k > 0 else _last_before(rule, y - 2)
            return before, at, info
    for year in range(y + 4, y + 404):  # years without transitions: look further ahead
        nxt = _year_transitions(rule, year)
        if nxt:
            return info_at(rule, t), nxt[0][0], nxt[0][1]
    return info_at(rule, t), None, None
