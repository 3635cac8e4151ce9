"""Record golden type cases from a real PostgreSQL into tests/golden/types/*.json.

For each case the primary evaluates ``SELECT (<expr>)::text`` under the case's session settings
(DateStyle, TimeZone, extra_float_digits) and we store the text or the SQLSTATE of the error.
Case kinds: ``input`` ('<literal>'::<type>), ``operator`` (a <op> b, or <op> a), ``cast``.
tests/unit/test_types_golden.py replays them through engine.types with no server.

Usage: .venv/bin/python tools/gen_type_goldens.py [--out tests/golden/types]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATESTYLES = [
    f"{s}, {o}" for s in ("ISO", "Postgres", "SQL", "German") for o in ("MDY", "DMY", "YMD")
]
ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Europe/Amsterdam"]
EFDS = [-15, 0, 1, 3]

INTS = {
    "int2": [
        "0",
        "1",
        "-1",
        "32767",
        "-32768",
        "32768",
        "-32769",
        " 42 ",
        "+7",
        "1_000",
        "0x7FFF",
        "0x8000",
        "-0x8000",
        "0o17",
        "0b101",
        "",
        " ",
        "1.5",
        "abc",
        "1e3",
        "0x",
        "_1",
        "1_",
        "1__0",
        "99999999999x",
        "- 1",
    ],
    "int4": [
        "0",
        "2147483647",
        "-2147483648",
        "2147483648",
        "-2147483649",
        "  -17  ",
        "1_000_000",
        "0x7FFFFFFF",
        "-0x80000000",
        "0x80000000",
        "0b",
        "12a",
        "0x_1F",
        "0_1",
        "--1",
    ],
    "int8": [
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "0x7FFFFFFFFFFFFFFF",
        "123456789012",
        "-0",
        "1 2",
    ],
}
NUMERICS = [
    "0",
    "-0",
    "1.10",
    "-0.00",
    "1e3",
    "1.5e-3",
    "123.456e2",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "-inf",
    " 12.30 ",
    ".5",
    "5.",
    "1_000.000_1",
    "0x1F",
    "-0b11",
    "1e1000",
    "1e1001",
    "1e-1000",
    "abc",
    "1.2.3",
    "",
    "+.5e+2",
    "0.000000000000000000001",
    "99999999999999999999999999999999999999.99",
]
FLOATS = [
    "0",
    "-0",
    "0.1",
    "1e23",
    "1e15",
    "1e-5",
    "123456789012345678",
    "1.5e-05",
    "100",
    "NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "-INF",
    "infinityx",
    "1e309",
    "-1e309",
    "1e-400",
    "4.9e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    " 3.25 ",
    "0x1p3",
    "abc",
    "",
    "1e",
    "0.30000000000000004",
    "1234567.5",
    "nan(123)",
    ".5",
    "5.",
]
BOOLS = [
    "t",
    "true",
    "TRUE",
    "tr",
    "f",
    "fa",
    "yes",
    "y",
    "no",
    "n",
    "on",
    "off",
    "of",
    "o",
    "1",
    "0",
    " true ",
    "2",
    "",
    "truex",
    "ye",
]
TEXTS = {
    "text": ["abc", "", "  padded  ", "ünïcödé"],
    "name": ["a" * 70, "é" * 40, "x"],
    "varchar(3)": ["ab", "abc", "abcd", "ab   ", "abc  d"],
    "char(3)": ["a", "abc", "abcd", "ab   ", "a "],
    "bpchar": ["ab  "],
}
UUIDS = [
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
    "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
    "a0eebc999c0b4ef8bb6d6bb9bd380a11",
    "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
    "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11",
]
DATES = [
    "2024-03-10",
    "2000-01-01",
    "1999-12-31",
    "0044-03-15 BC",
    "4714-11-24 BC",
    "4714-11-23 BC",
    "5874897-12-31",
    "5874898-01-01",
    "infinity",
    "-infinity",
    "epoch",
    "03/10/2024",
    "10/03/2024",
    "10.03.2024",
    "2024/03/10",
    "Mar 10 2024",
    "10 Mar 2024",
    "March 10, 2024",
    "2024-02-30",
    "2024-13-01",
    "2023-02-29",
    "2024-02-29",
    "20240310",
    "03/10/24",
    "1/2/3",
    "99-01-02",
    "2024-03-10 12:34:56",
    "Sun Mar 10 2024",
    "abc",
    "",
    "0000-01-01",
    "2024-03-10 BC",
    "2024-03-10 AD",
    "10-Mar-2024",
    "2024-Mar-10",
]
TIMESTAMPS = [
    "2024-03-10 12:00:00",
    "2024-03-10 12:00:00.5",
    "2024-03-10T12:00:00.123456",
    "2024-03-10 12:00:00.1234565",
    "2024-03-10 12:00:00+00",
    "2024-03-10 12:00:00-08",
    "2024-03-10 12:00:00+05:30",
    "2024-03-10 12:00:00+0530",
    "2024-03-10 12:00:00 PST",
    "2024-03-10 12:00:00 PDT",
    "2024-03-10 12:00:00 UTC",
    "2024-03-10 12:00:00Z",
    "2024-03-10 12:00:00 America/New_York",
    "2024-03-10 02:30:00",
    "2024-11-03 01:30:00",
    "2024-03-31 02:30:00",
    "2024-10-27 02:30:00",
    "1850-06-01 00:00:00",
    "1900-01-01 00:00:00",
    "0044-03-15 12:00:00 BC",
    "4714-11-24 00:00:00 BC",
    "4714-11-23 23:59:59 BC",
    "294276-12-31 23:59:59.999999",
    "294277-01-01 00:00:00",
    "infinity",
    "-infinity",
    "epoch",
    "2024-03-10 24:00:00",
    "2024-03-10 24:00:01",
    "2024-03-10 23:59:60",
    "2024-03-10 12:60:00",
    "2024-03-10 1:2:3",
    "2024-03-10 12:00",
    "2024-03-10 12:00 pm",
    "2024-03-10 12:00 am",
    "2024-03-10 13:00 pm",
    "Sun Mar 10 05:00:00 2024 PDT",
    "03/10/2024 05:00:00 PDT",
    "10.03.2024 05:00:00",
    "2024-03-10 12:00:00+16",
    "2024-03-10 12:00:00+15:59",
    "2024-03-10 12:00:00 Mars/Base",
    "2024-03-10 12:00:00.999999999",
    "1970-01-01 00:00:00",
    "2037-06-01 12:00:00",
    "2100-07-01 12:00:00",
    "9999-07-01 12:00:00",
    "100000-07-01 12:00:00",
    "1000-01-01 00:00:00",
    "2024-03-10 12:00:00 IST",
    "2024-03-10 12:00:00 CET",
    "2024-03-10 12:00:00 LMT",
    "1883-11-18 12:00:00",
]

INT_EDGE = {
    "int2": ["0", "1", "-1", "2", "-2", "7", "-7", "32767", "-32768"],
    "int4": ["0", "1", "-1", "7", "-7", "2", "2147483647", "-2147483648"],
    "int8": ["0", "1", "-1", "7", "-7", "9223372036854775807", "-9223372036854775808"],
}
NUM_EDGE = [
    "0",
    "1.10",
    "-1.000",
    "3",
    "-7",
    "2.5",
    "0.0001",
    "10",
    "NaN",
    "Infinity",
    "-Infinity",
    "123456789.123456789",
    "1e20",
    "0.333",
]
FLOAT_EDGE = [
    "0",
    "-0",
    "1",
    "-1.5",
    "0.1",
    "1e308",
    "-1e308",
    "1e-308",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
    "3",
]
ARITH = ["+", "-", "*", "/", "%"]
CMP = ["=", "<>", "<", "<=", ">", ">="]


def q(lit: str) -> str:
    return "'" + lit.replace("'", "''") + "'"


def input_cases() -> Iterator[dict[str, Any]]:
    base = {"datestyle": "ISO, MDY", "timezone": "UTC", "extra_float_digits": 1}
    for typ, lits in INTS.items():
        for lit in lits:
            yield {"kind": "input", "type": typ, "literal": lit, "settings": base}
    for lit in NUMERICS:
        yield {"kind": "input", "type": "numeric", "literal": lit, "settings": base}
    for typ, lits in (
        ("numeric(5,2)", ["123.456", "999.995", "-999.994", "1000", "NaN", "Infinity", "0.005"]),
        ("numeric(3,-2)", ["12345", "99949", "99950"]),
        ("numeric(2,3)", ["0.012", "0.0995", "0.1"]),
    ):
        for lit in lits:
            yield {"kind": "input", "type": typ, "literal": lit, "settings": base}
    for efd in EFDS:
        for typ in ("float8", "float4"):
            for lit in FLOATS:
                yield {
                    "kind": "input",
                    "type": typ,
                    "literal": lit,
                    "settings": {**base, "extra_float_digits": efd},
                }
    for lit in BOOLS:
        yield {"kind": "input", "type": "bool", "literal": lit, "settings": base}
    for typ, lits in TEXTS.items():
        for lit in lits:
            yield {"kind": "input", "type": typ, "literal": lit, "settings": base}
    for lit in UUIDS:
        yield {"kind": "input", "type": "uuid", "literal": lit, "settings": base}


def datetime_cases() -> Iterator[dict[str, Any]]:
    for ds in DATESTYLES:
        s = {"datestyle": ds, "timezone": "UTC", "extra_float_digits": 1}
        for lit in DATES:
            yield {"kind": "input", "type": "date", "literal": lit, "settings": s}
        for typ in ("timestamp", "timestamptz"):
            for lit in TIMESTAMPS:
                yield {"kind": "input", "type": typ, "literal": lit, "settings": s}
    for tz in ZONES[1:]:
        for ds in ("ISO, MDY", "Postgres, MDY", "SQL, DMY", "German, DMY"):
            s = {"datestyle": ds, "timezone": tz, "extra_float_digits": 1}
            for lit in TIMESTAMPS:
                yield {"kind": "input", "type": "timestamptz", "literal": lit, "settings": s}
    s = {"datestyle": "ISO, MDY", "timezone": "UTC", "extra_float_digits": 1}
    for typ, lit in itertools.product(
        ("timestamp(0)", "timestamp(2)", "timestamptz(3)"),
        [
            "2024-03-10 12:00:00.5",
            "2024-03-10 12:00:00.125",
            "2024-03-10 12:00:00.999999",
            "1999-12-31 23:59:59.995 BC",
        ],
    ):
        yield {"kind": "input", "type": typ, "literal": lit, "settings": s}


def operator_cases() -> Iterator[dict[str, Any]]:
    s = {"datestyle": "ISO, MDY", "timezone": "UTC", "extra_float_digits": 1}
    for lt, rt in itertools.product(INT_EDGE, INT_EDGE):
        for op in ARITH + CMP:
            if op == "%" and lt != rt:
                continue
            for a, b in itertools.product(INT_EDGE[lt], INT_EDGE[rt]):
                yield {
                    "kind": "operator",
                    "op": op,
                    "left": [lt, a],
                    "right": [rt, b],
                    "settings": s,
                }
    for op in ARITH + CMP:
        for a, b in itertools.product(NUM_EDGE, NUM_EDGE):
            yield {
                "kind": "operator",
                "op": op,
                "left": ["numeric", a],
                "right": ["numeric", b],
                "settings": s,
            }
    for op in ARITH[:4] + CMP:
        for a, b in itertools.product(FLOAT_EDGE, FLOAT_EDGE):
            yield {
                "kind": "operator",
                "op": op,
                "left": ["float8", a],
                "right": ["float8", b],
                "settings": s,
            }
    for typ, vals in (
        ("int2", INT_EDGE["int2"]),
        ("int4", INT_EDGE["int4"]),
        ("int8", INT_EDGE["int8"]),
        ("numeric", NUM_EDGE),
        ("float8", FLOAT_EDGE),
    ):
        for v in vals:
            yield {"kind": "unary", "op": "-", "left": None, "right": [typ, v], "settings": s}
    for typ, vals in (
        ("text", ["a", "B", "", "ab", "a "]),
        ("bpchar", ["a", "a  ", "b"]),
        ("bool", ["t", "f"]),
        ("uuid", UUIDS[:1] + ["00000000-0000-0000-0000-000000000000"]),
        ("date", ["2024-03-10", "infinity", "-infinity"]),
        ("timestamptz", ["2024-03-10 12:00:00+00", "infinity"]),
    ):
        for op in CMP:
            for a, b in itertools.product(vals, vals):
                yield {
                    "kind": "operator",
                    "op": op,
                    "left": [typ, a],
                    "right": [typ, b],
                    "settings": s,
                }
    for a, b in itertools.product(["a", "", "xy"], ["b", ""]):
        yield {
            "kind": "operator",
            "op": "||",
            "left": ["text", a],
            "right": ["text", b],
            "settings": s,
        }


def cast_cases() -> Iterator[dict[str, Any]]:
    s = {"datestyle": "ISO, MDY", "timezone": "UTC", "extra_float_digits": 1}
    values = {
        "int2": ["0", "-32768", "32767"],
        "int4": ["2147483647", "-2147483648", "40000"],
        "int8": ["9223372036854775807", "-9223372036854775808", "40000", "3000000000"],
        "numeric": [
            "2.5",
            "-2.5",
            "3.5",
            "0.5",
            "-0.5",
            "1.10",
            "32767.5",
            "2147483647.4",
            "2147483647.5",
            "NaN",
            "Infinity",
            "12345678901234567890.5",
            "1e-20",
            "1e400",
        ],
        "float8": [
            "2.5",
            "-2.5",
            "3.5",
            "0.5",
            "-0.5",
            "1.5",
            "0.1",
            "1e20",
            "1e-20",
            "NaN",
            "Infinity",
            "-0",
            "2147483647.5",
            "2147483646.5",
            "-2147483648.5",
            "9223372036854775807",
            "-9223372036854775808",
            "1e39",
            "1e-50",
            "32767.4",
        ],
        "float4": ["2.5", "0.1", "1e10", "NaN"],
        "bool": ["t", "f"],
        "date": ["2024-03-10", "infinity", "294276-12-31", "294277-01-01", "4714-11-24 BC"],
        "timestamp": [
            "2024-03-10 12:34:56.5",
            "infinity",
            "2024-03-10 02:30:00",
            "2024-11-03 01:30:00",
            "1850-01-01 00:00:00",
        ],
        "timestamptz": ["2024-03-10 12:34:56.5+00", "-infinity", "1850-01-01 00:00:00+00"],
        "text": ["abc  ", "12"],
        "bpchar": ["ab   "],
        "varchar": ["abcdef"],
    }
    targets = [
        "int2",
        "int4",
        "int8",
        "numeric",
        "float8",
        "float4",
        "text",
        "bool",
        "date",
        "timestamp",
        "timestamptz",
        "varchar(3)",
        "char(4)",
        "name",
        "numeric(6,2)",
    ]
    pairs = [(src, dst) for src in values for dst in targets]
    for tz in ("UTC", "America/Los_Angeles", "Europe/Amsterdam"):
        st = {**s, "timezone": tz}
        for src, dst in pairs:
            dt = {"date", "timestamp", "timestamptz"}
            if tz != "UTC" and not (src in dt and dst in dt):
                continue
            for v in values[src]:
                yield {"kind": "cast", "left": [src, v], "target": dst, "settings": st}


def sql_for(case: dict[str, Any]) -> str:
    kind = case["kind"]
    if kind == "input":
        return f"SELECT {q(case['literal'])}::{case['type']}"
    if kind == "cast":
        src, v = case["left"]
        return f"SELECT ({q(v)}::{src})::{case['target']}"
    rt, rv = case["right"]
    right = f"{q(rv)}::{rt}"
    if kind == "unary":
        return f"SELECT {case['op']} {right}"
    lt, lv = case["left"]
    return f"SELECT {q(lv)}::{lt} {case['op']} {right}"


def _exec_text(conn: Any, sql: str) -> tuple[str | None, str | None]:
    """Run one statement with libpq directly: the value's exact text output (no ::text cast,
    which would change bool/bpchar), or the SQLSTATE. No prepared plans: a cached plan keeps
    constants folded under the previous TimeZone/DateStyle."""
    from psycopg import pq

    res = conn.pgconn.exec_(sql.encode())
    if res.status != pq.ExecStatus.TUPLES_OK:
        state = res.error_field(pq.DiagnosticField.SQLSTATE)
        return None, state.decode() if state else "XX000"
    val = res.get_value(0, 0)
    return (None if val is None else val.decode()), None


def run(dsn: str, cases: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    import psycopg

    out = []
    with psycopg.connect(dsn, autocommit=True, prepare_threshold=None) as conn:
        current: dict[str, Any] = {}
        for case in cases:
            if case["settings"] != current:
                st = case["settings"]
                conn.execute(f"SET DateStyle = {q(st['datestyle'])}")
                conn.execute(f"SET TimeZone = {q(st['timezone'])}")
                conn.execute(f"SET extra_float_digits = {int(st['extra_float_digits'])}")
                current = st
            sql = sql_for(case)
            result, sqlstate = _exec_text(conn, sql)
            out.append({**case, "sql": sql, "result": result, "sqlstate": sqlstate})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "tests" / "golden" / "types"))
    ap.add_argument("--dsn", help="use this server instead of starting an embedded primary")
    args = ap.parse_args()
    from replica.primary import start_primary

    groups = {
        "input": input_cases,
        "datetime": datetime_cases,
        "operators": operator_cases,
        "casts": cast_cases,
    }
    outdir = Path(args.out)
    outdir.mkdir(parents=True, exist_ok=True)

    def write(dsn: str) -> None:
        import psycopg

        with psycopg.connect(dsn) as c:
            row = c.execute("SHOW server_version").fetchone()
            assert row is not None
            version = row[0]
        for name, fn in groups.items():
            cases = run(dsn, fn())
            doc = {
                "generated_by": "tools/gen_type_goldens.py — do not edit",
                "postgres_version": f"PostgreSQL {version}",
                "count": len(cases),
                "cases": cases,
            }
            (outdir / f"{name}.json").write_text(
                json.dumps(doc, indent=0, ensure_ascii=False) + "\n"
            )
            print(f"{name}: {len(cases)} cases")

    if args.dsn:
        write(args.dsn)
    else:
        with start_primary() as p:
            write(p.dsn())


if __name__ == "__main__":
    main()
