"""Fast, exact parsers for the canonical text that pgoutput and COPY produce.

The walsender and the sync connection run with DateStyle=ISO, IntervalStyle=postgres,
extra_float_digits=3 (replica.sync.SESSION_OPTIONS), so values arrive in one fixed shape per
type. These parsers accept exactly that shape and hand anything else (BC dates, infinity,
years past 9999, unusual offsets) to the type's full input function, so they change speed,
never results. Must not import ``wire``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from engine.types import datetime as dt

USECS_PER_DAY = 86_400_000_000
_EPOCH = dt.POSTGRES_EPOCH_JDATE

# 'YYYY-MM-DD' ; 'YYYY-MM-DD HH:MM:SS[.ffffff]' ; the same + '+HH[:MM[:SS]]' or '-HH...'
_DATE = re.compile(rb"(\d{4})-(\d\d)-(\d\d)")
_TS = re.compile(rb"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?")
_TSTZ = re.compile(
    rb"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?"
)


def _days(y: bytes, m: bytes, d: bytes) -> int:
    return dt.date2j(int(y), int(m), int(d)) - _EPOCH


def _usecs(g: tuple[Any, ...]) -> int:
    frac = g[6]
    us = int(frac.ljust(6, b"0")) if frac else 0
    secs = int(g[3]) * 3600 + int(g[4]) * 60 + int(g[5])
    return _days(g[0], g[1], g[2]) * USECS_PER_DAY + secs * 1_000_000 + us


def _with_fallback(pattern: re.Pattern[bytes], fast: Callable[[re.Match[bytes]], Any],
                   slow: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    match = pattern.fullmatch

    def parse(b: bytes) -> Any:
        m = match(b)
        return fast(m) if m is not None else slow(b)

    return parse


def _tstz_fast(m: re.Match[bytes]) -> int:
    g = m.groups()
    offset = int(g[8]) * 3600 + int(g[9] or 0) * 60 + int(g[10] or 0)
    if g[7] == b"-":
        offset = -offset
    return _usecs(g) - offset * 1_000_000


def fast_converter(type_oid: int, slow: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """An exact fast parser for ``type_oid``'s canonical text, or ``slow`` itself."""
    if type_oid == 1082:  # date
        return _with_fallback(_DATE, lambda m: _days(*m.groups()), slow)
    if type_oid == 1114:  # timestamp
        return _with_fallback(_TS, lambda m: _usecs(m.groups()), slow)
    if type_oid == 1184:  # timestamptz
        return _with_fallback(_TSTZ, _tstz_fast, slow)
    if type_oid == 701:  # float8: shortest-exact digits, Infinity/-Infinity/NaN: float() is exact
        return float
    if type_oid == 1700:  # numeric: plain digits keep their scale in Decimal; NaN/±Infinity too
        return lambda b: Decimal(b.decode())
    if type_oid == 2950:  # uuid: canonical lower-case already
        return lambda b: b.decode()
    return slow
