"""Record golden to_char / to_number / to_date / to_timestamp cases from a real PostgreSQL into
tests/golden/formatting/*.json.

Each case calls one builtin (named by its pg_proc.prosrc) on typed literals, on a throwaway
primary, with psycopg's simple protocol (no prepared plans) under the case's session settings;
we store the raw result text, or the SQLSTATE of the error. The values and templates cover every
pattern and modifier on negative, zero, huge, NaN/Infinity, BC and DST-edge values, plus the
templates used by the pg_regress suite (numeric, int4, int8, float8, horology, timestamp,
timestamptz, interval). tests/unit/test_formatting_golden.py replays them with no server.

Usage: .venv/bin/python tools/gen_formatting_goldens.py [--out DIR] [--dsn DSN]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
Case = dict[str, Any]
DEFAULTS = {"datestyle": "ISO, MDY", "timezone": "UTC", "intervalstyle": "postgres"}

SQL = {
    "numeric_to_char": "to_char({}, {})",
    "int4_to_char": "to_char({}, {})",
    "int8_to_char": "to_char({}, {})",
    "float4_to_char": "to_char({}, {})",
    "float8_to_char": "to_char({}, {})",
    "numeric_to_number": "to_number({}, {})",
    "timestamp_to_char": "to_char({}, {})",
    "timestamptz_to_char": "to_char({}, {})",
    "interval_to_char": "to_char({}, {})",
    "to_date": "to_date({}, {})",
    "to_timestamp": "to_timestamp({}, {})",
    "float8_timestamptz": "to_timestamp({})",
}


def _lit(typ: str, text: str) -> str:
    return "'" + text.replace("'", "''") + "'::" + typ


def case_sql(case: Case) -> str:
    args = [_lit(t, v) for t, v in case["args"]]
    return "SELECT " + SQL[case["prosrc"]].format(*args)


def record(conn: Any, case: Case) -> Case:
    import psycopg

    settings = {**DEFAULTS, **case.get("settings", {})}
    conn.execute("; ".join(f"SET {k} = '{v}'" for k, v in settings.items()), prepare=False)
    out = dict(case)
    out["settings"] = settings
    try:
        cur = conn.execute(case_sql(case), prepare=False)
        res = cur.pgresult
        assert res is not None
        out["result_oid"] = res.ftype(0)
        v = res.get_value(0, 0)
        out["expect"] = None if v is None else v.decode()
    except psycopg.Error as exc:
        out["sqlstate"] = exc.sqlstate
        out["message"] = str(exc.diag.message_primary)
    return out


# --- the cases -----------------------------------------------------------------------------

NUM_FORMATS = [
    "9999", "9,999", "99999999.999", "9.99", "0.99", "0000.00", "FM9999.9999", "FM0.99",
    "FM9.", "9.", "99.99S", "S9999", "S99.99", "9999S", "9999MI", "MI9999", "9999PL", "PL9999",
    "SG9999", "9999SG", "9999PR", "99.99PR", "FM9999PR", "L9999", "9G999D99", "99D99", "FM99D99",
    "RN", "rn", "FMRN", "9999th", "9999TH", "FM9999th", "99V99", "9V999", "9.99EEEE",
    "9.9999EEEE", "99EEEE", "0000", "FM0000", "099.9", "9990.99", "B9999", "C9999", "9SP99",
    '"Text"9999', "9999 \\\"x\\\"", "FM999,999,999", "999,999.99", "FM9999999.0000",
    "990.990", "FM990.990", "00.00PR", "SG0000.00", "9999.99MI", "FM9999.99MI", "$9999",
    "   9999", "9 9 9", "", "99.9.9", "S9S9", "9PRS", "RN9", "9EEEE9", "EEEE", "PR9",
    "9V9.9", "FMPL999", "FMSG999", "FM9999SG", "FMS9999", "FM00.00S", "9999.999TH",
]  # fmt: skip
NUM_VALUES = [
    "0", "1", "-1", "0.5", "-0.5", "0.004", "-0.004", "12.345", "-12.345", "123.456",
    "1234.5678", "-1234.5678", "9999.995", "99999", "-99999", "123456789.987", "0.1",
    "1e20", "-1e-20", "3999", "4000", "NaN", "Infinity", "-Infinity", "11", "12", "13", "21",
    "101", "112", "2",
]  # fmt: skip
INT_VALUES = ["0", "1", "-1", "12", "-12", "1234", "-9876", "123456789", "2147483647", "-2147483648", "3999", "11"]
INT8_VALUES = INT_VALUES + ["9223372036854775807", "-9223372036854775808", "4567890123456789"]
FLOAT_VALUES = [
    "0", "-0", "1", "-1", "0.5", "1.5", "2.5", "-2.5", "12.345", "-12.345", "1234.5678",
    "1e10", "1.5e15", "-3.25e17", "1e-5", "NaN", "Infinity", "-Infinity", "3999.4", "0.125",
]  # fmt: skip
INT_FORMATS = [f for f in NUM_FORMATS if f] + ["9999V99", "99999999999V9", "9V9999999999", "FM999999999999999999999"]


def numeric_cases() -> Iterator[Case]:
    for v in NUM_VALUES:
        for f in NUM_FORMATS:
            yield {"prosrc": "numeric_to_char", "args": [["numeric", v], ["text", f]]}


def int_cases() -> Iterator[Case]:
    for v in INT_VALUES:
        for f in INT_FORMATS:
            yield {"prosrc": "int4_to_char", "args": [["int4", v], ["text", f]]}
    for v in INT8_VALUES:
        for f in INT_FORMATS:
            yield {"prosrc": "int8_to_char", "args": [["int8", v], ["text", f]]}


def float_cases() -> Iterator[Case]:
    for t, prosrc in (("float4", "float4_to_char"), ("float8", "float8_to_char")):
        for v in FLOAT_VALUES:
            for f in INT_FORMATS:
                yield {"prosrc": prosrc, "args": [[t, v], ["text", f]]}


TO_NUMBER = [
    ("-34,338,492", "99G999G999"), ("-34,338,492.654,878", "99G999G999D999G999"),
    ("<564646.654564>", "999999.999999PR"), ("0.00001-", "9.999999S"),
    ("5.01-", "FM9.999999S"), ("5.01-", "FM9.999999MI"), ("5 4 4 4 4 8 . 7 8", "9 9 9 9 9 9 . 9 9"),
    (".01", "99.99"), (".0", "99.99"), ("0", "99.99"), ("-0.01", "99.99"), ("-.01", "99.99"),
    ("1234.56", "99999.99"), ("123456", "99G999"), ("$1234.56", "L99,999.99"),
    ("$1234.56", "L99G999.99"), ("$1,234.56", "L99G999D99"), ("1234.56", "L99G999D99"),
    ("42nd", "99th"), ("123456", "999G999"), ("12345", "99V99"), ("1", "9V9999"),
    ("CvII", "RN"), ("MMMCMXCIX", "RN"), ("MMMM", "RN"), ("  XIV", "FMRN"), ("IIII", "RN"),
    ("VV", "RN"), ("IC", "RN"), ("abc", "999"), ("", "999"), ("12", ""), ("1.2.3", "9.9.9"),
    ("1,234", "9,999"), ("1234", "9,999"), ("1 234", "9G999"), ("+123", "S999"),
    ("123-", "999S"), ("123+", "999PL"), ("-123", "SG999"), ("123", "999MI"),
    ("12.34", "99D99"), ("99999", "999"), ("123.456", "999.99"), ("123.456", "9999"),
    ("1e3", "9EEEE"), ("1234", "FM9999"), ("  1234", "9999"), ("x1234", "9999"),
    ("1234x", "9999"), ("1,2,3", "9,9,9"), ("0.5", "FM9.9"), ("-5", "FM9"), ("5-", "9MI"),
    ("12345678901234567890", "99999999999999999999"), ("12.3", "99.9999"), ("<123>", "999PR"),
    ("12th", "99TH"), ("1234", "99.99"), ("1,000", "FM9,999"),
]  # fmt: skip


def to_number_cases() -> Iterator[Case]:
    for v, f in TO_NUMBER:
        yield {"prosrc": "numeric_to_number", "args": [["text", v], ["text", f]]}


DCH_FORMATS = [
    "YYYY-MM-DD HH24:MI:SS", "YYYY-MM-DD HH24:MI:SS.US", "HH HH12 HH24 MI SS MS US",
    "FF1 FF2 FF3 FF4 FF5 FF6", "SSSS SSSSS", "AM PM am pm A.M. P.M. a.m. p.m.",
    "Y,YYY YYYY YYY YY Y", "IYYY IYY IY I", "BC AD bc ad B.C. A.D. b.c. a.d.",
    "MONTH Month month MON Mon mon MM", "DAY Day day DY Dy dy", "DDD IDDD DD D ID",
    "W WW IW CC J Q", "RM rm", "FMRM FMrm", "TZ tz TZH TZM OF", "FMOF", "FMMonth FMDay FMDD",
    "TMMonth TMDay TMMONTH TMmon", "DDth DDTH FMDDth Dth HH24th MIth SSth", "YYYYth CCth Jth",
    "FMHH FMHH12 FMMI FMSS FMMM FMDDD FMWW FMIW FMCC FMYYYY FMY,YYY",
    '"quoted YYYY" YYYY', "\\\"YYYY\\\" YYYY", 'YYYY"\\"x"', "FXYYYY", "HH24SP", "Dy, DD Mon YYYY",
    "IYYY-IW-ID", "YYYY-DDD", "HH:MI:SS AM", "yyyy mm dd hh24 mi ss", "Q-YY", "",
    "${xYZ} YYYY|MM", "FMFMYYYY", "FMTMMonth", "Month Mon Day Dy", "CC", "FMCC", "J",
]  # fmt: skip
TS_VALUES = [
    "2024-03-10 01:59:59.999999", "2024-03-10 10:00:00", "2024-11-03 01:30:00",
    "1997-02-10 17:32:01.4", "2000-01-01 00:00:00", "2000-12-31 23:59:59",
    "1999-12-31 12:00:00", "2005-01-01 00:00:00", "2008-12-29 08:05:03.123456",
    "0001-01-01 00:00:00", "0001-12-31 13:00:00 BC", "0044-03-15 12:00:00 BC",
    "1000-06-15 00:00:01", "2100-02-28 23:00:00", "12345-06-07 08:09:10", "infinity",
    "1582-10-15 00:00:00", "2021-01-03 00:00:00", "2020-12-31 12:12:12.5",
]  # fmt: skip
INTERVAL_VALUES = [
    "1 year 2 mons 3 days 04:05:06.789", "-1 year -2 mons -3 days -04:05:06.789", "0",
    "15 hours 30 minutes", "-15 hours", "12 months", "-12 months", "25 months",
    "100 years", "-100 years", "1 day 25:00:00", "34 days", "5 mons -3 days",
    "1 mon -1 sec", "123456 hours", "infinity",
]  # fmt: skip
INTERVAL_FORMATS = [
    "HH24:MI:SS.US", "HH HH12 MI SS MS FF3", "YYYY MM DD", "Y,YYY YYY YY Y", "DDD WW W Q",
    "CC", "RM rm FMRM", "SSSS", "AM pm", "J", "IYYY IW IDDD", "DAY", "Mon", "TZ", "D", "AD",
    "FMHH24 FMMI FMSS FMMM", "DDth HH24TH", "FMYYYY FMCC",
]  # fmt: skip


def dch_cases() -> Iterator[Case]:
    for v in TS_VALUES:
        for f in DCH_FORMATS:
            yield {"prosrc": "timestamp_to_char", "args": [["timestamp", v], ["text", f]]}
    for tz in ("UTC", "America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin"):
        for v in TS_VALUES[:12]:
            for f in ("YYYY-MM-DD HH24:MI:SS TZ tz", "TZH:TZM OF FMOF", "HH12:MI AM Dy DD Mon"):
                yield {
                    "prosrc": "timestamptz_to_char",
                    "args": [["timestamptz", v + ("" if "BC" in v or v == "infinity" else "+00")],
                             ["text", f]],
                    "settings": {"timezone": tz},
                }  # fmt: skip
    for v in INTERVAL_VALUES:
        for f in INTERVAL_FORMATS:
            yield {"prosrc": "interval_to_char", "args": [["interval", v], ["text", f]]}


TO_DATE = [
    ("2024-03-10", "YYYY-MM-DD"), ("10 Mar 2024", "DD Mon YYYY"), ("20240310", "YYYYMMDD"),
    ("2024 070", "YYYY DDD"), ("2024-W10-7", "IYYY-\"W\"IW-ID"), ("2024 10 7", "IYYY IW ID"),
    ("15 March 1999", "DD Month YYYY"), ("1 Jan 99", "DD Mon YY"), ("1 Jan 69", "DD Mon YY"),
    ("1 Jan 70", "DD Mon YY"), ("1 Jan 5", "DD Mon Y"), ("1 Jan 510", "DD Mon YYY"),
    ("44 BC 03 15", "YYYY BC MM DD"), ("0000-01-01", "YYYY-MM-DD"), ("2024-02-30", "YYYY-MM-DD"),
    ("2024-13-01", "YYYY-MM-DD"), ("2023-02-29", "YYYY-MM-DD"), ("2024-02-29", "YYYY-MM-DD"),
    ("2451545", "J"), ("21 2", "CC YY"), ("21", "CC"), ("-21", "CC"), ("2,024 3 10", "Y,YYY MM DD"),
    ("xii 1 2000", "rm DD YYYY"), ("IV 1 2000", "RM DD YYYY"), ("2024 Mar", "YYYY MON"),
    ("  2024   03   10", "YYYY MM DD"), ("2024/03/10", "YYYY-MM-DD"), ("2024-03-10", "FXYYYY MM DD"),
    ("2024  03 10", "FXYYYY MM DD"), ("Mon 2024 03 11", "Dy YYYY MM DD"), ("2024 5", "YYYY Q"),
    ("2024 3 2", "YYYY MM W"), ("2024 10", "YYYY WW"), ("abc", "YYYY"), ("2024", "YYYY-MM-DD"),
    ("2024-03-10", ""), ("", "YYYY"), ("", ""), ("2024 1 1 2", "YYYY MM DD MM"),
    ("2024-Jan-01", "YYYY-MM-DD"), ("1 2024", "DDD IYYY"), ("12th 2024 1", "DDth YYYY MM"),
    ("99999999", "YYYYMMDD"), ("5874898 1 1", "YYYY MM DD"), ("4714 11 24 BC", "YYYY MM DD BC"),
    ("4714 11 23 BC", "YYYY MM DD BC"), ("2147483648", "YYYY"), ("20000-1-1", "YYYY-MM-DD"),
    ("1999 366", "YYYY DDD"), ("2000 366", "YYYY DDD"), ("300", "DDD"), ("Feb 2024", "Mon YYYY"),
    ("February 2024", "Month YYYY"), ("Febr 2024", "Mon YYYY"), ("2024 9", "YYYY MM"),
    ("24 3 10", "YY MM DD"), ("2024 3 10", "FMYYYY FMMM FMDD"), ("2024031", "YYYYMMDD"),
]  # fmt: skip
TO_TS = [
    ("2024-03-10 02:30:00", "YYYY-MM-DD HH24:MI:SS"), ("2024-03-10 03:30:00", "YYYY-MM-DD HH24:MI:SS"),
    ("2024-11-03 01:30:00", "YYYY-MM-DD HH24:MI:SS"), ("2024-03-10 10:00:00 +05:30", "YYYY-MM-DD HH24:MI:SS OF"),
    ("2024-03-10 10:00:00 -08", "YYYY-MM-DD HH24:MI:SS TZH"), ("2024-03-10 10:00 -0830", "YYYY-MM-DD HH24:MI TZHTZM"),
    ("2024-03-10 10:00:00 PST", "YYYY-MM-DD HH24:MI:SS TZ"), ("97/2/16 8:14:30", "FMYYYY/FMMM/FMDD FMHH:FMMI:FMSS"),
    ("2011-12-18 11:38 AM", "YYYY-MM-DD HH12:MI AM"), ("2011-12-18 11:38 PM", "YYYY-MM-DD HH12:MI PM"),
    ("2011-12-18 12:38 A.M.", "YYYY-MM-DD HH12:MI P.M."), ("2011-12-18 13:38 PM", "YYYY-MM-DD HH12:MI PM"),
    ("2011-12-18 23:38:15.123", "YYYY-MM-DD HH24:MI:SS.MS"), ("2011-12-18 23:38:15.12", "YYYY-MM-DD HH24:MI:SS.MS"),
    ("2011-12-18 23:38:15.123456", "YYYY-MM-DD HH24:MI:SS.US"), ("2011-12-18 23:38:15.1234567", "YYYY-MM-DD HH24:MI:SS.US"),
    ("2018-11-02 12:34:56.025", "YYYY-MM-DD HH24:MI:SS.MS"), ("2018-11-02 12:34:56.123456", "YYYY-MM-DD HH24:MI:SS.FF3"),
    ("2018-11-02 12:34:56.125", "YYYY-MM-DD HH24:MI:SS.FF2"), ("2018-11-02 12:34:56.1", "YYYY-MM-DD HH24:MI:SS.FF1"),
    ("2018-11-02 12:34:56.123456", "YYYY-MM-DD HH24:MI:SS.FF6"), ("2018-11-02 12:34:56.12345", "YYYY-MM-DD HH24:MI:SS.FF5"),
    ("2000 43200", "YYYY SSSS"), ("2000 86400", "YYYY SSSSS"), ("2000 24:00:00", "YYYY HH24:MI:SS"),
    ("2000 23:60:00", "YYYY HH24:MI:SS"), ("1,582nd VIII 21", "Y,YYYth FMRM DD"),
    ("15 \"text between quote marks\" 98 54 45", 'HH24 "\\"text between quote marks\\"" YY MI SS'),
    ("05121445482000", "MMDDHH24MISSYYYY"), ("2000January09Sunday", "YYYYFMMonthDDFMDay"),
    ("97/Feb/16", "YYMonDD"), ("97/Feb/16", "YY:Mon:DD"), ("97/Feb/16", "FXYY:Mon:DD"),
    ("97/Feb/16", "FXYY/Mon/DD"), ("19971116", "YYYYMMDD"), ("20000-1116", "YYYY-MMDD"),
    ("1997 AD 11 16", "YYYY BC MM DD"), ("1997 BC 11 16", "YYYY BC MM DD"),
    ("1997 A.D. 11 16", "YYYY B.C. MM DD"), ("1997 B.C. 11 16", "YYYY B.C. MM DD"),
    ("9-1116", "Y-MMDD"), ("95-1116", "YY-MMDD"), ("995-1116", "YYY-MMDD"),
    ("2005426", "YYYYWWD"), ("2005300", "YYYYDDD"), ("2005527", "IYYYIWID"), ("005527", "IYYIWID"),
    ("05527", "IYIWID"), ("5527", "IIWID"), ("2005364", "IYYYIDDD"), ("20050302", "YYYYMMDD"),
    ("2005 03 02", "YYYYMMDD"), (" 2005 03 02", "YYYYMMDD"), ("  20050302", "YYYYMMDD"),
    ("2011-12-18 11:38 AM", "YYYY-MM-DD HH12:MI PM"), ("2011-12-18 11:38 A.M.", "YYYY-MM-DD HH12:MI P.M."),
    ("2011-12-18 11:38 +05", "YYYY-MM-DD HH12:MI TZH"), ("2011-12-18 11:38 -05", "YYYY-MM-DD HH12:MI TZH"),
    ("2011-12-18 11:38 +05:20", "YYYY-MM-DD HH12:MI TZH:TZM"), ("2011-12-18 11:38 -05:20", "YYYY-MM-DD HH12:MI TZH:TZM"),
    ("2011-12-18 11:38 20", "YYYY-MM-DD HH12:MI TZM"), ("2011-12-18 11:38 +16", "YYYY-MM-DD HH12:MI TZH"),
    ("2018-11-02 12:34:56 +01:61", "YYYY-MM-DD HH24:MI:SS OF"), ("2011-12-18 11:38 -05", "YYYY-MM-DD HH12:MI  TZH"),
    ("2011-12-18 11:38", "YYYY-MM-DD HH12:MI TZH"), ("2000-01-01 00:00:00 +14:00", "YYYY-MM-DD HH24:MI:SS OF"),
    ("1 2 3", "HH24 MI SS"), ("10:00", "HH24:MI"), ("Jan 1 10:00", "Mon DD HH24:MI"),
    ("2000 0 0", "YYYY HH12 MI"), ("2000 13", "YYYY HH12"), ("2000 12 AM", "YYYY HH12 AM"),
    ("2000-01-01 00:00:00.9999995", "YYYY-MM-DD HH24:MI:SS.US"), ("1.5", "SS.MS"),
    ("2024-03-10 10:00:00.123456", "YYYY-MM-DD HH24:MI:SS.FF4"), ("294277-01-01", "YYYY-MM-DD"),
    ("294276-12-31 23:59:59", "YYYY-MM-DD HH24:MI:SS"), ("4714-11-23 23:00 BC", "YYYY-MM-DD HH24:MI BC"),
]  # fmt: skip
EPOCHS = [
    "0", "1", "-1", "1.5", "1700000000.123456", "1e10", "-1e10", "NaN", "Infinity", "-Infinity",
    "1e20", "-210866803200", "-210866803201", "9224318016000", "9224318015999.999999", "0.0000005",
    "0.0000015", "-0.0000005", "1234567890.0000004",
]  # fmt: skip


def parse_cases() -> Iterator[Case]:
    for v, f in TO_DATE:
        yield {"prosrc": "to_date", "args": [["text", v], ["text", f]]}
    for tz in ("UTC", "America/Los_Angeles"):
        for v, f in TO_TS:
            yield {"prosrc": "to_timestamp", "args": [["text", v], ["text", f]], "settings": {"timezone": tz}}
        for v in EPOCHS:
            yield {"prosrc": "float8_timestamptz", "args": [["float8", v]], "settings": {"timezone": tz}}


CASE_FILES: dict[str, Callable[[], Iterator[Case]]] = {
    "numeric_to_char": numeric_cases,
    "int_to_char": int_cases,
    "float_to_char": float_cases,
    "to_number": to_number_cases,
    "datetime_to_char": dch_cases,
    "to_date_timestamp": parse_cases,
}


def main() -> None:
    import psycopg

    from replica.primary import start_primary

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "tests/golden/formatting"))
    ap.add_argument("--dsn", default=None, help="use a running server instead of a throwaway one")
    ns = ap.parse_args()
    out_dir = Path(ns.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    def run(dsn: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            row = conn.execute("SHOW server_version", prepare=False).fetchone()
            assert row is not None
            for name, gen in CASE_FILES.items():
                cases = [record(conn, c) for c in gen()]
                head = json.dumps(
                    {
                        "generated_by": "tools/gen_formatting_goldens.py — do not edit",
                        "postgresql": f"PostgreSQL {row[0]}",
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


if __name__ == "__main__":
    main()
