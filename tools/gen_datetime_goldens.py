"""Record golden interval/time/timetz and date/time function cases from a real PostgreSQL into
tests/golden/datetime_funcs/*.json.

Each case is evaluated on a throwaway primary with libpq's simple protocol (no plan caching)
under its session settings (DateStyle, TimeZone, IntervalStyle); we store the result's raw text
and type OID, or the SQLSTATE of the error. Case kinds:
``input``  — ``'<text>'::<type>[typmod]``;
``call``   — a builtin named by its pg_proc.prosrc, applied to typed literal arguments
             (``SQL`` below says how to spell the call in SQL);
``srf``    — a set-returning builtin: the rows' texts in order.
tests/unit/test_datetime_funcs_golden.py replays them with no server.

Usage: .venv/bin/python tools/gen_datetime_goldens.py [--out tests/golden/datetime_funcs]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
Case = dict[str, Any]
DEFAULTS = {"datestyle": "ISO, MDY", "timezone": "UTC", "intervalstyle": "postgres"}


def _lit(typ: str, text: str) -> str:
    return "'" + text.replace("'", "''") + "'::" + typ


def case_sql(case: Case) -> str:
    if case["kind"] == "input":
        return "SELECT " + _lit(case["type"], case["text"])
    args = [_lit(t, v) if v is not None else f"NULL::{t}" for t, v in case["args"]]
    expr = SQL[case["prosrc"]].format(*args)
    if case["kind"] == "srf":
        return f"SELECT * FROM {expr}"
    return "SELECT " + expr


def _settings_sql(settings: dict[str, str]) -> str:
    return "; ".join(f"SET {k} = '{v}'" for k, v in settings.items())


def record(conn: Any, case: Case) -> Case:
    import psycopg

    settings = {**DEFAULTS, **case.get("settings", {})}
    conn.execute(_settings_sql(settings), prepare=False)
    out = dict(case)
    out["settings"] = settings
    try:
        cur = conn.execute(case_sql(case), prepare=False)
        res = cur.pgresult
        assert res is not None
        out["result_oid"] = res.ftype(0)
        vals = [res.get_value(r, 0) for r in range(res.ntuples)]
        texts = [None if v is None else v.decode() for v in vals]
        out["expect"] = texts if case["kind"] == "srf" else texts[0]
    except psycopg.Error as exc:
        out["sqlstate"] = exc.sqlstate
        out["message"] = str(exc.diag.message_primary)
    return out


def main() -> None:
    import psycopg

    from replica.primary import start_primary

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "tests/golden/datetime_funcs"))
    ap.add_argument("--dsn", default=None, help="use a running server instead of a throwaway one")
    ns = ap.parse_args()
    out_dir = Path(ns.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    def run(dsn: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            version = conn.execute("SHOW server_version", prepare=False).fetchone()
            assert version is not None
            for name, gen in CASE_FILES.items():
                cases = [record(conn, c) for c in gen()]
                head = json.dumps(
                    {
                        "generated_by": "tools/gen_datetime_goldens.py — do not edit",
                        "postgresql": f"PostgreSQL {version[0]}",
                    },
                    ensure_ascii=False,
                )
                body = ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases)
                path = out_dir / f"{name}.json"
                path.write_text(head[:-1] + ', "cases": [\n' + body + "\n]}\n")
                print(f"{path}: {len(cases)} cases")

    if ns.dsn:
        run(ns.dsn)
    else:
        with start_primary() as p:
            run(p.dsn())


# --- the cases -----------------------------------------------------------------------------

STYLES = ("postgres", "postgres_verbose", "sql_standard", "iso_8601")

INTERVAL_TEXTS = [
    "1 day",
    "1 day 2 hours",
    "36 hours",
    "1 mon",
    "30 days",
    "-1 day +02:03",
    "1-2",
    "-1-2",
    "1 2:03:04",
    "-1 2:03:04",
    "1 2:03:04.5",
    "@ 1 year 2 mons ago",
    "@ 1 minute",
    "1.5 years",
    "1.5 months",
    "1.5 weeks",
    "1.5 days",
    "1.5 hours",
    "0.000001 sec",
    "1 millisecond",
    "1 microsecond",
    "1 decade",
    "2 centuries",
    "1 millennium",
    "3 qtr",
    "1 quarter",
    "10 us",
    "5 ms",
    "5 msec",
    "7 w",
    "1 y",
    "2 d 3 h 4 m 5 s",
    "+1 day",
    "-1.5 days",
    "1 day -1 hour",
    "-1 day -1 hour",
    "1 mon -1 day",
    "-0.5 sec",
    "0",
    "00:00",
    "1:2",
    "1:2:3",
    "1:2:3.456789",
    "1:2:3.4567891",
    "100:00:00",
    "-100:00:00",
    "0:0:0.5",
    "12:34.5",
    "1 day 12:34.5",
    "P1Y2M3DT4H5M6S",
    "P1Y2M3DT4H5M6.5S",
    "PT1H",
    "P1W",
    "P1.5Y",
    "P1.5M",
    "P1.5W",
    "P1.5D",
    "PT1.5H",
    "PT1.5M",
    "P-1Y-2M",
    "PT-1.5S",
    "P0001-02-03T04:05:06",
    "P0001-02-03",
    "P0001-02",
    "P0001",
    "P00010203T040506",
    "P00010203",
    "PT040506",
    "PT04:05:06",
    "PT04:05",
    "PT4",
    "P",
    "PT",
    "P1",
    "P1X",
    "p1y",
    "P1Y2M3DT",
    "infinity",
    "-infinity",
    "+infinity",
    "infinity ago",
    "1 day infinity",
    "",
    " ",
    "abc",
    "1 days days",
    "day",
    "1 ago day",
    "1 day ago",
    "-1 day ago",
    "1 at day",
    "1 day at",
    "2147483647 days",
    "2147483648 days",
    "-2147483648 days",
    "2147483647 months",
    "178956970 years",
    "178956971 years",
    "1 year 2147483647 months",
    "9223372036854775807 us",
    "9223372036854775808 us",
    "2562047788 hours",
    "2562047789 hours",
    "153722867280 minutes",
    "1e3 days",
    "01:00 1.5 days",
    "1.5 days 01:00",
    "1 day 01:00 2 hours",
    "1 +02:03",
    "1 -02:03",
    "- 1 day",
    "1 jan",
    "epoch",
    "now",
    "1 day 1 day",
    "1 hour 1:00",
    "1 second 1.5",
    "5 10",
    "1/2",
    "1-13",
    "1-12",
    "1--2",
    "0.5 mon",
    "1 timezone",
    "1 julian",
    "1 dow",
    "10 microseconds",
    "10 microsecondsxyz",
    "10 millisecon",
    "1 centuries",
    "1 mils",
    "1 hr 1 hrs",
    "1 yr",
    "1 yrs",
    "3 secs",
    "4 mins",
    "1.",
    "1.5.3",
    ".5 days",
    "1:60",
    "1:59:61",
    "1:59:60.5",
    "1:2:3:4",
    "1.5:00",
    "+1:00",
    "-1:00",
    "-1:00:00.5",
    "1 day -00:00:01",
    "-0:0:1",
    "-0:01:00",
    "1 mon 2 days 3 hours 4 minutes 5.678 seconds ago",
    "1 year 1 year",
    "P1Y1Y",
    "P1DT1H1D",
    "PT1H1H",
    "P1M1Y",
    "PT1S2M",
    "P1.5Y2M",
    "P2Y6M7DT1H30M",
    "P0000-00-00T00:00:00",
    "P1e2D",
    "PT0.000001S",
    "PT0.0000004S",
    "PT0.0000005S",
    "PT0.0000015S",
    "0.0000005 sec",
    "0.0000015 sec",
    "-0.0000015 sec",
    "1 day 2 hours 3 minutes 4 seconds 5 milliseconds 6 microseconds",
    "1 week 1 day",
    "1 week 1 week",
    "@ 1 day 2 hours 3 mins 4.5 secs ago",
    "@ 0",
    "@ 1 sec",
    "@ -1 sec",
    "-1 1:00",
    "-1 +1:00",
    "+1 -1:00",
    "-1-2 +3 -4:05:06",
    "-1-2 3 4:05:06",
    "-2 3:04:05",
    "-3:04:05",
    "-04:05.5",
    "- 1 year",
]

TYPMOD_INPUTS = [
    ("interval year", "1 year 11 months 3 days 04:05:06"),
    ("interval month", "1 year 11 months 3 days"),
    ("interval year to month", "1-11"),
    ("interval day", "3 days 04:05:06"),
    ("interval hour", "3 days 04:05:06"),
    ("interval minute", "3 days 04:05:06.7"),
    ("interval second", "3 days 04:05:06.789"),
    ("interval day to hour", "3 days 04:05:06"),
    ("interval day to minute", "3 days 04:05:06"),
    ("interval day to second", "3 days 04:05:06.789"),
    ("interval hour to minute", "04:05:06"),
    ("interval hour to second", "04:05:06.789"),
    ("interval minute to second", "04:05.789"),
    ("interval minute to second", "4:05"),
    ("interval hour to minute", "4:05"),
    ("interval year", "5"),
    ("interval month", "5"),
    ("interval day", "5"),
    ("interval hour", "5"),
    ("interval minute", "5"),
    ("interval second", "5"),
    ("interval day to hour", "1 2"),
    ("interval day to minute", "1 2"),
    ("interval(0)", "1.5 seconds"),
    ("interval(1)", "1.25 seconds"),
    ("interval(2)", "-1.125 seconds"),
    ("interval(3)", "1.23456 seconds"),
    ("interval(6)", "1.23456 seconds"),
    ("interval(0)", "-0.5 seconds"),
    ("interval second(0)", "1.5"),
    ("interval second(2)", "1.2345"),
    ("interval minute to second(1)", "1:2.55"),
    ("interval day to second(3)", "1 2:03:04.56789"),
    ("interval(0)", "infinity"),
    ("interval year", "-infinity"),
    ("interval(7)", "1 second"),
]


def interval_io() -> Iterator[Case]:
    for style in STYLES:
        for text in INTERVAL_TEXTS:
            yield {
                "kind": "input",
                "type": "interval",
                "text": text,
                "settings": {"intervalstyle": style},
            }
    for typ, text in TYPMOD_INPUTS:
        yield {"kind": "input", "type": typ, "text": text}


TIME_TEXTS = [
    "04:05:06",
    "04:05:06.789",
    "04:05",
    "040506",
    "0405",
    "04:05 PM",
    "12:00 AM",
    "12:00 PM",
    "13:00 PM",
    "24:00:00",
    "24:00:00.1",
    "23:59:59.9999999",
    "23:59:60",
    "12:00:60",
    "1:2",
    "1:2.5",
    "allballs",
    "04:05:06 +05:30",
    "04:05:06-08",
    "04:05:06 PST",
    "04:05:06 UTC",
    "04:05:06 Z",
    "2003-04-12 04:05:06",
    "2003-04-12 04:05:06 America/New_York",
    "2003-01-12 04:05:06 America/New_York",
    "04:05:06 America/New_York",
    "",
    "abc",
    "25:00",
    "04:60",
    "-04:05",
    "T040506",
    "04:05:06.5 PM",
    "04:05:06+15:59",
    "04:05:06+16",
    "January 8 04:05:06 2003 PST",
    "00:00:00.0000005",
    "11:59:59.9999995 PM",
]
TIME_TYPMODS = [
    ("time(0)", "04:05:06.5"),
    ("time(2)", "04:05:06.555"),
    ("time(0)", "23:59:59.5"),
    ("timetz(1)", "04:05:06.45+02"),
    ("time(6)", "04:05:06.1234567"),
]


def time_io() -> Iterator[Case]:
    for typ in ("time", "timetz"):
        for text in TIME_TEXTS:
            yield {"kind": "input", "type": typ, "text": text}
    for tz in ("America/Los_Angeles", "Asia/Kolkata"):
        for text in ("04:05:06", "2003-07-01 04:05:06", "04:05:06 PST", "04:05:06 PDT"):
            yield {"kind": "input", "type": "timetz", "text": text, "settings": {"timezone": tz}}
    for typ, text in TIME_TYPMODS:
        yield {"kind": "input", "type": typ, "text": text}


SQL: dict[str, str] = {
    "interval_pl": "{0} + {1}",
    "interval_mi": "{0} - {1}",
    "interval_um": "- {0}",
    "interval_mul": "{0} * {1}",
    "mul_d_interval": "{0} * {1}",
    "interval_div": "{0} / {1}",
    "interval_justify_hours": "justify_hours({0})",
    "interval_justify_days": "justify_days({0})",
    "interval_justify_interval": "justify_interval({0})",
    "make_interval": "make_interval({0}, {1}, {2}, {3}, {4}, {5}, {6})",
    "interval_finite": "isfinite({0})",
    "interval_larger": "larger_i({0}, {1})",
    "interval_cmp": "interval_cmp({0}, {1})",
    "interval_eq": "{0} = {1}",
    "interval_lt": "{0} < {1}",
    "interval_ge": "{0} >= {1}",
    "interval_ne": "{0} <> {1}",
    "interval_scale": "interval_scale_fn({0}, {1})",
    "timestamp_pl_interval": "{0} + {1}",
    "timestamp_mi_interval": "{0} - {1}",
    "timestamptz_pl_interval": "{0} + {1}",
    "timestamptz_mi_interval": "{0} - {1}",
    "timestamptz_pl_interval_at_zone": "date_add({0}, {1}, {2})",
    "timestamptz_mi_interval_at_zone": "date_subtract({0}, {1}, {2})",
    "date_pl_interval": "{0} + {1}",
    "date_mi_interval": "{0} - {1}",
    "timestamp_mi": "{0} - {1}",
    "date_mi": "{0} - {1}",
    "date_pli": "{0} + {1}",
    "date_mii": "{0} - {1}",
    "date_finite": "isfinite({0})",
    "timestamp_finite": "isfinite({0})",
    "datetime_timestamp": "{0} + {1}",
    "datetimetz_timestamptz": "{0} + {1}",
    "timestamp_time": "{0}::time",
    "timestamptz_time": "{0}::time",
    "timestamptz_timetz": "{0}::timetz",
    "timestamptz_zone": "{1} AT TIME ZONE {0}",
    "timestamp_zone": "{1} AT TIME ZONE {0}",
    "timestamp_izone": "{1} AT TIME ZONE {0}",
    "timestamptz_izone": "{1} AT TIME ZONE {0}",
    "timestamp_age": "age({0}, {1})",
    "timestamptz_age": "age({0}, {1})",
    "make_date": "make_date({0}, {1}, {2})",
    "make_time": "make_time({0}, {1}, {2})",
    "make_timestamp": "make_timestamp({0}, {1}, {2}, {3}, {4}, {5})",
    "make_timestamptz": "make_timestamptz({0}, {1}, {2}, {3}, {4}, {5})",
    "make_timestamptz_at_timezone": "make_timestamptz({0}, {1}, {2}, {3}, {4}, {5}, {6})",
    "timestamp_bin": "date_bin({0}, {1}, {2})",
    "timestamptz_bin": "date_bin({0}, {1}, {2})",
    "generate_series_timestamp": "generate_series({0}, {1}, {2})",
    "generate_series_timestamptz": "generate_series({0}, {1}, {2})",
    "generate_series_timestamptz_at_zone": "generate_series({0}, {1}, {2}, {3})",
    "time_pl_interval": "{0} + {1}",
    "time_mi_interval": "{0} - {1}",
    "time_mi_time": "{0} - {1}",
    "timetz_pl_interval": "{0} + {1}",
    "timetz_mi_interval": "{0} - {1}",
    "interval_time": "{0}::time",
    "time_interval": "{0}::interval",
    "timetz_time": "{0}::time",
    "time_timetz": "{0}::timetz",
    "timetz_izone": "{1} AT TIME ZONE {0}",
    "time_lt": "{0} < {1}",
    "time_eq": "{0} = {1}",
    "timetz_eq": "{0} = {1}",
    "timetz_lt": "{0} < {1}",
    "timetz_cmp": "timetz_cmp({0}, {1})",
    "time_scale": "{0}::time(2)",
    "timetz_larger": "timetz_larger({0}, {1})",
    "extract_timestamp": 'pg_catalog."extract"({0}, {1})',
    "extract_timestamptz": 'pg_catalog."extract"({0}, {1})',
    "extract_date": 'pg_catalog."extract"({0}, {1})',
    "extract_interval": 'pg_catalog."extract"({0}, {1})',
    "extract_time": 'pg_catalog."extract"({0}, {1})',
    "extract_timetz": 'pg_catalog."extract"({0}, {1})',
    "timestamp_part": "date_part({0}, {1})",
    "timestamptz_part": "date_part({0}, {1})",
    "interval_part": "date_part({0}, {1})",
    "time_part": "date_part({0}, {1})",
    "timetz_part": "date_part({0}, {1})",
    "timestamp_trunc": "date_trunc({0}, {1})",
    "timestamptz_trunc": "date_trunc({0}, {1})",
    "timestamptz_trunc_zone": "date_trunc({0}, {1}, {2})",
    "interval_trunc": "date_trunc({0}, {1})",
}

IV = [
    "1 day",
    "-1 day",
    "1 mon",
    "1 year 2 mons 3 days 04:05:06.789",
    "-1 year -2 mons +3 days",
    "36 hours",
    "-36 hours",
    "1 mon -1 day",
    "35 days",
    "-35 days 01:00",
    "29 days 23:59:59",
    "00:00:00.000001",
    "0",
    "infinity",
    "-infinity",
    "178956970 years 7 mons",
    "-178956970 years -8 mons",
    "2147483647 days",
    "-2147483648 days",
    "2562047788:00:54.775807",
    "-2562047788:00:54.775808",
    "1 mon 15 days",
    "6 mons 5 days",
    "1 year -1 sec",
    "3 days -25:00",
    "-1 mon +45 days",
]
FLOATS = [
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "-0.5",
    "1.5",
    "0.001",
    "3.1415926",
    "1e10",
    "-1e-10",
    "1e300",
    "NaN",
    "Infinity",
    "-Infinity",
    "7",
    "0.3",
]
TS = [
    "2024-01-31 12:00:00",
    "2024-02-29 00:00:00",
    "2023-12-31 23:59:59.999999",
    "2000-01-01",
    "1999-12-31 23:00:00",
    "0001-01-01 00:00:00",
    "0001-12-31 BC 12:34:56.5",
    "4713-11-24 BC",
    "294276-12-31 23:59:59.999999",
    "infinity",
    "-infinity",
    "2024-03-10 01:30:00",
    "2024-11-03 01:30:00",
    "1970-01-01 00:00:00.5",
    "2021-01-03",
    "2020-12-28 10:00",
    "2008-12-28",
    "1900-02-28 23:00",
    "2400-02-29 12:00:01.001",
    "0044-03-15 BC 12:00",
]
DATES = [
    "2024-01-31",
    "2024-02-29",
    "2000-01-01",
    "0001-01-01",
    "0001-12-31 BC",
    "4713-11-24 BC",
    "5874897-12-31",
    "infinity",
    "-infinity",
    "2021-01-03",
    "2008-12-28",
    "1970-01-01",
]
TIMES = ["00:00:00", "04:05:06.789", "23:59:59.999999", "24:00:00", "12:00"]
TIMETZS = ["04:05:06.789+05:30", "00:00:00-08", "23:59:59+00", "12:00:00-00:00:30", "04:05:06+14"]
UNITS = [
    "microseconds",
    "milliseconds",
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "decade",
    "century",
    "millennium",
    "epoch",
    "julian",
    "dow",
    "isodow",
    "doy",
    "isoyear",
    "timezone",
    "timezone_hour",
    "timezone_minute",
    "SECONDS",
    "Mins",
    "us",
    "ms",
    "msecs",
    "y",
    "d",
    "m",
    "j",
    "mm",
    "now",
    "infinity",
    "foo",
    "microsecondsxyz",
    "secs",
    "hours",
    "days",
    "months",
    "years",
    "decades",
    "centuries",
    "millennia",
    "fortnight",
    "jan",
    "at",
]
ZONES = [
    "UTC",
    "America/Los_Angeles",
    "Europe/Amsterdam",
    "Asia/Kolkata",
    "PST",
    "EST",
    "america/new_york",
    "Australia/Lord_Howe",
    "utc",
    "nowhere",
    "+05",
    "EST5EDT",
    "MSK",
]


def _call(prosrc: str, *args: tuple[str, str | None], **settings: str) -> Case:
    return {"kind": "call", "prosrc": prosrc, "args": [list(a) for a in args], "settings": settings}


def interval_ops() -> Iterator[Case]:
    for a in IV:
        yield _call("interval_um", ("interval", a))
        for fn in (
            "interval_justify_hours",
            "interval_justify_days",
            "interval_justify_interval",
            "interval_finite",
        ):
            yield _call(fn, ("interval", a))
        for b in IV[::3] + ["infinity", "-infinity"]:
            for fn in ("interval_pl", "interval_mi", "interval_cmp", "interval_lt", "interval_eq"):
                yield _call(fn, ("interval", a), ("interval", b))
        for f in FLOATS:
            yield _call("interval_mul", ("interval", a), ("float8", f))
            yield _call("interval_div", ("interval", a), ("float8", f))
    yield _call("interval_eq", ("interval", "1 mon"), ("interval", "30 days"))
    yield _call("interval_eq", ("interval", "1 day"), ("interval", "24 hours"))
    yield _call("mul_d_interval", ("float8", "2.5"), ("interval", "1 mon 1 day"))
    for args in [
        ("1", "2", "3", "4", "5", "6", "7.5"),
        ("0", "0", "0", "0", "0", "0", "0"),
        ("-1", "0", "0", "0", "0", "0", "-0.0000005"),
        ("178956971", "0", "0", "0", "0", "0", "0"),
        ("0", "0", "306783379", "0", "0", "0", "0"),
        ("0", "0", "0", "0", "2562047788", "0", "0"),
        ("0", "0", "0", "0", "0", "0", "1e300"),
        ("0", "0", "0", "0", "0", "0", "Infinity"),
        ("0", "0", "0", "0", "0", "0", "NaN"),
        ("0", "0", "0", "0", "0", "0", "1e18"),
        ("2147483647", "0", "0", "0", "0", "0", "0"),
        ("0", "0", "0", "0", "0", "0", "0.1234567"),
    ]:
        yield _call("make_interval", *[("int4", v) for v in args[:6]], ("float8", args[6]))
    for u in UNITS:
        for a in IV[::2]:
            yield _call("extract_interval", ("text", u), ("interval", a))
            yield _call("interval_part", ("text", u), ("interval", a))
            yield _call("interval_trunc", ("text", u), ("interval", a))


def timestamp_ops() -> Iterator[Case]:
    spans = [
        "1 mon",
        "-1 mon",
        "1 year",
        "1 day",
        "-1 day",
        "1 mon 1 day 1 hour",
        "24 hours",
        "-13 mons",
        "25 mons -2 days",
        "00:00:00.5",
        "infinity",
        "-infinity",
        "1000000 years",
        "-2147483648 days",
        "2147483647 days",
    ]
    for t in TS:
        for sp in spans:
            yield _call("timestamp_pl_interval", ("timestamp", t), ("interval", sp))
            yield _call("timestamp_mi_interval", ("timestamp", t), ("interval", sp))
            for tz in ("UTC", "America/Los_Angeles"):
                yield _call(
                    "timestamptz_pl_interval", ("timestamptz", t), ("interval", sp), timezone=tz
                )
        for t2 in TS[::2]:
            yield _call("timestamp_mi", ("timestamp", t), ("timestamp", t2))
            yield _call("timestamp_age", ("timestamp", t), ("timestamp", t2))
            yield _call(
                "timestamptz_age",
                ("timestamptz", t),
                ("timestamptz", t2),
                timezone="America/Los_Angeles",
            )
        for z in ZONES:
            yield _call("timestamptz_zone", ("text", z), ("timestamptz", t))
            yield _call(
                "timestamp_zone", ("text", z), ("timestamp", t), timezone="Europe/Amsterdam"
            )
        for iz in ("05:30", "-08:00", "1 day", "infinity", "00:00:30.5"):
            yield _call("timestamp_izone", ("interval", iz), ("timestamp", t))
            yield _call("timestamptz_izone", ("interval", iz), ("timestamptz", t))
        yield _call("timestamp_finite", ("timestamp", t))
        yield _call("timestamp_time", ("timestamp", t))
        for tz in ("UTC", "America/Los_Angeles", "Asia/Kolkata"):
            yield _call("timestamptz_time", ("timestamptz", t), timezone=tz)
            yield _call("timestamptz_timetz", ("timestamptz", t), timezone=tz)
    for tz in ("America/Los_Angeles", "Europe/Amsterdam"):
        for t in (
            "2024-03-09 02:30:00",
            "2024-03-10 00:30:00",
            "2024-11-02 01:30:00",
            "2024-03-30 02:30:00+00",
            "2024-10-26 02:30:00+00",
        ):
            for sp in ("1 day", "-1 day", "24 hours", "1 mon", "1 day 1 hour"):
                yield _call(
                    "timestamptz_pl_interval",
                    ("timestamptz", t),
                    ("interval", sp),
                    timezone=tz,
                    datestyle="Postgres, MDY",
                )
                yield _call(
                    "timestamptz_mi_interval", ("timestamptz", t), ("interval", sp), timezone=tz
                )
                yield _call(
                    "timestamptz_pl_interval_at_zone",
                    ("timestamptz", t),
                    ("interval", sp),
                    ("text", tz),
                )
                yield _call(
                    "timestamptz_mi_interval_at_zone",
                    ("timestamptz", t),
                    ("interval", sp),
                    ("text", tz),
                )


def date_ops() -> Iterator[Case]:
    for d in DATES:
        for sp in ("1 mon", "-1 mon", "1 day", "1 mon 1 day 01:00", "infinity", "-1 year"):
            yield _call("date_pl_interval", ("date", d), ("interval", sp))
            yield _call("date_mi_interval", ("date", d), ("interval", sp))
        for n in ("0", "1", "-1", "30", "2147483647", "-2147483648", "100000000"):
            yield _call("date_pli", ("date", d), ("int4", n))
            yield _call("date_mii", ("date", d), ("int4", n))
        for d2 in DATES[::2]:
            yield _call("date_mi", ("date", d), ("date", d2))
        for t in TIMES:
            yield _call("datetime_timestamp", ("date", d), ("time", t))
        for t in TIMETZS:
            yield _call("datetimetz_timestamptz", ("date", d), ("timetz", t))
        yield _call("date_finite", ("date", d))
    for y, m, d in [
        ("2024", "2", "29"),
        ("2023", "2", "29"),
        ("-44", "3", "15"),
        ("0", "1", "1"),
        ("5874897", "12", "31"),
        ("5874898", "1", "1"),
        ("-4713", "11", "24"),
        ("-4714", "11", "24"),
        ("2024", "13", "1"),
        ("2024", "0", "1"),
        ("2024", "4", "31"),
        ("-2147483648", "1", "1"),
    ]:
        yield _call("make_date", ("int4", y), ("int4", m), ("int4", d))
        for h, mi, s in [
            ("12", "30", "45.5"),
            ("24", "0", "0"),
            ("23", "59", "60"),
            ("24", "0", "0.1"),
            ("-1", "0", "0"),
            ("1", "60", "0"),
            ("1", "2", "NaN"),
            ("1", "2", "59.9999999"),
        ]:
            yield _call(
                "make_timestamp",
                ("int4", y),
                ("int4", m),
                ("int4", d),
                ("int4", h),
                ("int4", mi),
                ("float8", s),
            )
    for h, mi, s in [
        ("12", "30", "45.5"),
        ("24", "0", "0"),
        ("23", "59", "60"),
        ("24", "0", "0.1"),
        ("-1", "0", "0"),
        ("1", "60", "0"),
        ("1", "2", "-1"),
        ("0", "0", "1e-7"),
    ]:
        yield _call("make_time", ("int4", h), ("int4", mi), ("float8", s))
    for tz in ("UTC", "America/Los_Angeles"):
        yield _call(
            "make_timestamptz",
            ("int4", "2024"),
            ("int4", "3"),
            ("int4", "10"),
            ("int4", "2"),
            ("int4", "30"),
            ("float8", "0"),
            timezone=tz,
        )
        yield _call(
            "make_timestamptz",
            ("int4", "2024"),
            ("int4", "7"),
            ("int4", "1"),
            ("int4", "12"),
            ("int4", "0"),
            ("float8", "0"),
            timezone=tz,
        )
    for z in ZONES:
        yield _call(
            "make_timestamptz_at_timezone",
            ("int4", "2024"),
            ("int4", "7"),
            ("int4", "1"),
            ("int4", "12"),
            ("int4", "0"),
            ("float8", "0"),
            ("text", z),
        )
    for stride, src, origin in [
        ("15 minutes", "2020-02-11 15:44:17", "2001-01-01"),
        ("15 minutes", "2020-02-11 15:44:17", "2001-01-01 00:02:30"),
        ("1 day", "1999-12-31 23:00", "2000-01-01"),
        ("1 mon", "2020-02-11", "2001-01-01"),
        ("0 days", "2020-02-11", "2001-01-01"),
        ("-1 day", "2020-02-11", "2001-01-01"),
        ("infinity", "2020-02-11", "2001-01-01"),
        ("1 hour", "infinity", "2001-01-01"),
        ("1 hour", "2020-02-11", "infinity"),
        ("7 days", "0001-01-01 BC", "2001-01-01"),
        ("1 day 1 hour", "2020-02-11 03:00", "2020-02-12"),
    ]:
        yield _call(
            "timestamp_bin", ("interval", stride), ("timestamp", src), ("timestamp", origin)
        )
        yield _call(
            "timestamptz_bin", ("interval", stride), ("timestamptz", src), ("timestamptz", origin)
        )
    for a, b, st in [
        ("2024-01-01", "2024-01-02", "6 hours"),
        ("2024-01-31", "2024-06-30", "1 mon"),
        ("2024-01-02", "2024-01-01", "-7 hours"),
        ("2024-01-01", "2024-01-02", "0"),
        ("2024-01-01", "2024-01-02", "-1 hour"),
        ("2024-01-01", "2024-01-02", "infinity"),
        ("2024-03-09", "2024-03-12", "1 day"),
        ("2024-03-09", "2024-03-12", "1 day 12:00"),
    ]:
        yield {
            "kind": "srf",
            "prosrc": "generate_series_timestamp",
            "args": [["timestamp", a], ["timestamp", b], ["interval", st]],
            "settings": {},
        }
        yield {
            "kind": "srf",
            "prosrc": "generate_series_timestamptz",
            "args": [["timestamptz", a], ["timestamptz", b], ["interval", st]],
            "settings": {"timezone": "America/Los_Angeles"},
        }
        yield {
            "kind": "srf",
            "prosrc": "generate_series_timestamptz_at_zone",
            "args": [
                ["timestamptz", a],
                ["timestamptz", b],
                ["interval", st],
                ["text", "Europe/Amsterdam"],
            ],
            "settings": {},
        }


def extract_ops() -> Iterator[Case]:
    for u in UNITS:
        for t in TS:
            yield _call("extract_timestamp", ("text", u), ("timestamp", t))
            yield _call("timestamp_part", ("text", u), ("timestamp", t))
            yield _call("timestamp_trunc", ("text", u), ("timestamp", t))
        for t in TS[::3]:
            for tz in ("America/Los_Angeles", "Asia/Kolkata"):
                yield _call("extract_timestamptz", ("text", u), ("timestamptz", t), timezone=tz)
                yield _call("timestamptz_part", ("text", u), ("timestamptz", t), timezone=tz)
                yield _call("timestamptz_trunc", ("text", u), ("timestamptz", t), timezone=tz)
            yield _call(
                "timestamptz_trunc_zone",
                ("text", u),
                ("timestamptz", t),
                ("text", "Australia/Lord_Howe"),
            )
        for d in DATES:
            yield _call("extract_date", ("text", u), ("date", d))
        for t in TIMES:
            yield _call("extract_time", ("text", u), ("time", t))
            yield _call("time_part", ("text", u), ("time", t))
        for t in TIMETZS:
            yield _call("extract_timetz", ("text", u), ("timetz", t))
            yield _call("timetz_part", ("text", u), ("timetz", t))


def time_ops() -> Iterator[Case]:
    spans = [
        "1 hour",
        "-1 hour",
        "25:00:00",
        "1 day 01:00",
        "-00:00:00.000001",
        "1 mon",
        "infinity",
        "-infinity",
    ]
    for t in TIMES:
        for sp in spans:
            yield _call("time_pl_interval", ("time", t), ("interval", sp))
            yield _call("time_mi_interval", ("time", t), ("interval", sp))
        for t2 in TIMES:
            yield _call("time_mi_time", ("time", t), ("time", t2))
            yield _call("time_lt", ("time", t), ("time", t2))
        yield _call("time_interval", ("time", t))
        for tz in ("UTC", "Asia/Kolkata", "America/Los_Angeles"):
            yield _call("time_timetz", ("time", t), timezone=tz)
    for t in TIMETZS:
        for sp in spans:
            yield _call("timetz_pl_interval", ("timetz", t), ("interval", sp))
            yield _call("timetz_mi_interval", ("timetz", t), ("interval", sp))
        for t2 in TIMETZS + ["23:35:06.789+00", "04:05:06.789+05"]:
            yield _call("timetz_eq", ("timetz", t), ("timetz", t2))
            yield _call("timetz_lt", ("timetz", t), ("timetz", t2))
            yield _call("timetz_cmp", ("timetz", t), ("timetz", t2))
        yield _call("timetz_time", ("timetz", t))
        for iz in ("05:30", "-08:00", "1 day", "infinity", "00:00:30.5", "-25:00"):
            yield _call("timetz_izone", ("interval", iz), ("timetz", t))
    for sp in IV:
        yield _call("interval_time", ("interval", sp))


CASE_FILES = {
    "interval_io": interval_io,
    "time_io": time_io,
    "interval_ops": interval_ops,
    "timestamp_ops": timestamp_ops,
    "date_ops": date_ops,
    "extract": extract_ops,
    "time_ops": time_ops,
}


if __name__ == "__main__":
    main()
