"""Record golden TimeZone-setting cases from a real PostgreSQL into tests/golden/tz/*.json.

Numeric offsets (``SET TIME ZONE '-1.5'``) and POSIX TZ strings (``CST7CDT,M4.1.0,M10.5.0``,
``<+05>-05``) as check_timezone/pg_tzset read them. Each case runs on a throwaway primary with
the simple protocol (no plan caching); we store the raw result text or the error SQLSTATE.
Case kinds:
``set``  — ``SET TimeZone = <value>``, then ``SHOW TimeZone`` (or the SET's error);
``out``  — under a TimeZone/DateStyle, a timestamptz given in UTC printed in that zone;
``in``   — under a TimeZone, a local timestamptz literal (no zone) printed in ISO;
``pl``   — under a TimeZone, ``timestamptz + interval`` (days/months follow local time);
``input`` — under UTC, julian-day and special date/time input (``J2451187``, ``epoch``);
``at``   — under UTC, ``timezone(<zone>, timestamptz|timestamp)`` with a POSIX/offset zone.
The sample instants sit around the rule's transitions, found with engine.types.tz_posix (only
to pick where to look: the answers all come from the server).
tests/unit/test_tz_golden.py replays them with no server.

Usage: .venv/bin/python tools/gen_tz_goldens.py [--out tests/golden/tz] [--dsn DSN]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
Case = dict[str, Any]

NUMERIC = ["+2", "-1.5", "0.01", "-08", "+00", "0", "10.5", "-8", "+10", "167.99", "-0",
           "0x2", " 2", "1e1", "-0.0001", "2.999999", "-12.75"]
POSIX = [
    "UTC-2", "UTC+10", "UTC-10", "utc-2", "CST7CDT,M4.1.0,M10.5.0", "EST5EDT4;M4.1.0,M10.5.0",
    "cst7cdt", "EST5EDT4", "<+05>-05", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
    "AEST-10AEDT,M10.1.0,M4.1.0/3", "X5Y,J1/0,J365/25", "IST-1GMT0,M10.5.0,M3.5.0/1",
    "FOO3BAR,J60/1,300/25", "AB-5:30", "<>5", "foo bar5", "abcdefghijklmn5", "X-100",
    "<+0330>-3:30<+0430>,J79/24,J263/24", "GMT", "America/FOO5",
    "EST5EDT,M3.2.0/-1,M11.1.0/26", "NZST-12NZDT,M9.5.0,M4.1.0/3", "A1B,M2.5.6/167,M11.5.0",
    "2 ", "XX-1YY-3,M3.5.0,M10.5.0", "P8Q7:30:15,J1,J2", "Z0W,0/0,365/0", "Factory",
]
INVALID = [
    "nan", "inf", "168", "-170", "X-170", "foo-0:0:30", "EST5EDT;M4.1.0,M10.5.0", "localtime",
    "posixrules", "foo", "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,J0,J10",
    "<EST5", "EST5<EDT", "EST5EDT,M3.2.0,M11.1.0x", ":UTC-2", "UTC-2:60", "UTC-2:59:61",
    "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,366,10", "EST5<>",
    "UTC-2x", "1e", "0x", "+", "", "X" * 300 + "5",
]
INPUTS = [
    "J2451187", "J 2451187", "j2451187", "JD 2451187", "julian 2451187", "J2451187 12:00",
    "J2451187.5", "J2451187.25 BC", "J0", "J-1", "J 2451187 J 2451187", "1999-01-08 J2451187",
    "J2451187-05", "J2451187+05:30", "J2451187x", "J", "J 12:00", "J2451187.5.5", "J 1e5",
    "J5373484", "J2147483647", "J2147483648", "J 1721425 BC", "J1 BC", "julian 100 12:00 +03",
    "J2451187.999999999", "epoch", "allballs", "2000-01-01 allballs", "Jan 8 1999 J",
    "J2451187 2000-01-01", "jd jd 5", "J.5", "J2451187.",
]
STYLES = ("ISO, MDY", "Postgres, MDY", "SQL, DMY")
YEARS = (1066, 1800, 1969, 1970, 2005, 2024, 2038, 2100, 2400, 9999, 12345, 294270)
AT_ZONES = ["+2", "-1.5", "UTC+10", "UTC-2", "<+02>-02", "<-01:30>+01:30",
            "CST7CDT,M4.1.0,M10.5.0", "utc-2", "AEST-10AEDT,M10.1.0,M4.1.0/3", "foo", "X-170",
            "EST5EDT;M4.1.0,M10.5.0", "<>5"]


def _iso(t: int) -> str:
    """A unix time as an ISO literal with +00 (PG accepts years past 9999 and BC)."""
    day, sec = divmod(t, 86400)
    d = dt.date(1970, 1, 1).toordinal() + day
    if 1 <= d <= dt.date.max.toordinal():
        x = dt.date.fromordinal(d)
        y, m, dd = x.year, x.month, x.day
    else:
        from engine.types.datetime import j2date

        y, m, dd = j2date(d - dt.date(1970, 1, 1).toordinal() + 2440588)
    h, rem = divmod(sec, 3600)
    return f"{y:04d}-{m:02d}-{dd:02d} {h:02d}:{rem // 60:02d}:{rem % 60:02d}"


def _instants(value: str) -> list[int]:
    """Unix times around the zone's transitions in YEARS (plus mid-year points)."""
    from engine.types import tz_posix
    from engine.types.settings import lookup_zone

    spec = lookup_zone(value)
    rule = tz_posix.load(spec) if spec else None
    out: list[int] = []
    for year in YEARS:
        jan1 = (tz_posix._date2j(year, 1, 1) - 2440588) * 86400
        out += [jan1, jan1 + 182 * 86400 + 43200]
        if rule is not None and rule.dst is not None:
            for at, _info in tz_posix._year_transitions(rule, year):
                out += [at - 1, at, at + 3599, at + 3600]
    return out


def cases() -> Iterator[tuple[str, Case]]:
    for v in NUMERIC + POSIX + INVALID:
        yield "set", {"kind": "set", "value": v}
    for v in NUMERIC + POSIX:
        pts = _instants(v)
        for style in STYLES:
            for t in pts:
                yield "out", {"kind": "out", "timezone": v, "datestyle": style,
                              "text": _iso(t) + "+00"}
        for t in pts:  # the same wall-clock readings, now taken as local time
            yield "in", {"kind": "in", "timezone": v, "text": _iso(t)}
            yield "in", {"kind": "in", "timezone": v, "text": _iso(t - 1800)}
        for t in pts[::3]:
            for span in ("1 day", "-1 day", "24 hours", "1 mon", "-6 mons"):
                yield "pl", {"kind": "pl", "timezone": v, "text": _iso(t) + "+00",
                             "interval": span}
    for typ in ("date", "timestamp", "timestamptz"):
        for text in INPUTS:
            yield "input", {"kind": "input", "type": typ, "text": text}
    for z in AT_ZONES:
        for t in _instants("CST7CDT,M4.1.0,M10.5.0")[::2]:
            for typ in ("timestamptz", "timestamp"):
                text = _iso(t) + ("+00" if typ == "timestamptz" else "")
                yield "at", {"kind": "at", "zone": z, "type": typ, "text": text}


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def record(conn: Any, case: Case) -> Case:
    import psycopg

    out = dict(case)
    conn.execute("RESET ALL", prepare=False)
    try:
        if case["kind"] == "set":
            conn.execute(f"SET TimeZone = {_q(case['value'])}", prepare=False)
            sql = "SHOW TimeZone"
        else:
            conn.execute(f"SET TimeZone = {_q(case.get('timezone', 'UTC'))}", prepare=False)
            conn.execute(f"SET DateStyle = {_q(case.get('datestyle', 'ISO, MDY'))}",
                         prepare=False)
            sql = {
                "out": "SELECT {text}::timestamptz",
                "in": "SELECT {text}::timestamptz",
                "pl": "SELECT {text}::timestamptz + {interval}::interval",
                "at": "SELECT timezone({zone}::text, {text}::{type})",
                "input": "SELECT {text}::{type}",
            }[case["kind"]].format(**{k: _q(v) if k != "type" else v for k, v in case.items()
                                      if isinstance(v, str)})
        cur = conn.execute(sql, prepare=False)
        res = cur.pgresult
        assert res is not None
        val = res.get_value(0, 0)
        out["expect"] = None if val is None else val.decode()
    except psycopg.Error as exc:
        out["sqlstate"] = exc.sqlstate
        out["message"] = str(exc.diag.message_primary)
    return out


def main() -> None:
    import logging

    import psycopg

    from replica.primary import start_primary

    # psycopg warns when ParameterStatus TimeZone is no zoneinfo name ('<+02>-02'): expected.
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "tests/golden/tz"))
    ap.add_argument("--dsn", default=None, help="use a running server instead of a throwaway one")
    ns = ap.parse_args()
    out_dir = Path(ns.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    def run(dsn: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            version = conn.execute("SHOW server_version", prepare=False).fetchone()
            assert version is not None
            files: dict[str, list[Case]] = {}
            for name, case in cases():
                files.setdefault(name, []).append(record(conn, case))
            for name, recorded in files.items():
                head = json.dumps({"generated_by": "tools/gen_tz_goldens.py — do not edit",
                                   "postgresql": f"PostgreSQL {version[0]}"})
                body = ",\n".join(json.dumps(c, ensure_ascii=False) for c in recorded)
                path = out_dir / f"{name}.json"
                path.write_text(head[:-1] + ', "cases": [\n' + body + "\n]}\n")
                print(f"{path}: {len(recorded)} cases")

    if ns.dsn:
        run(ns.dsn)
    else:
        with start_primary() as p:
            run(p.dsn())


if __name__ == "__main__":
    main()
