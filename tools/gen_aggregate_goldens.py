"""Record golden cases for the plain builtin aggregates (count, sum, avg, min/max, bool_and/or,
bit_and/or/xor, string_agg, variance/stddev, covar/corr/regr_*) from a real PostgreSQL into
tests/golden/aggregates/*.json.

Each case is one aggregate over a self-contained VALUES list, e.g.
``SELECT sum(x) FROM (VALUES ('1'::int4), (NULL::int4)) v(x)``, evaluated by the primary without
a prepared plan. We store the exact text result (or the SQLSTATE), the result type, and what the
shadow's executor will run to reproduce it: the transition/final functions' ``prosrc`` and
strictness, the transition type, agginitval and aggfinalextra, all read from pg_aggregate and
pg_proc. tests/unit/test_aggregates_golden.py replays them with no server. Text-like min/max run
under ``COLLATE "C"``, the only collation the engine implements. Several inputs follow
src/test/regress/sql/aggregates.sql (aggtest's rows, infinities, large offsets, string_agg).

Usage: .venv/bin/python tools/gen_aggregate_goldens.py [--dsn DSN]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Row = list[str | None]
SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}


# --- input sets ----------------------------------------------------------------------------------


def _rows(*values: str | None) -> list[Row]:
    return [[v] for v in values]


def _common() -> list[list[Row]]:
    """Sets every single-argument aggregate sees: empty, all NULL, one row, one NULL among."""
    return [[], _rows(None), _rows(None, None, None)]


def _random_ints(seed: int, n: int, lo: int, hi: int) -> list[Row]:
    rnd = random.Random(seed)
    return _rows(*(str(rnd.randint(lo, hi)) for _ in range(n)))


def _random_numerics(seed: int, n: int) -> list[Row]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        scale = rnd.randint(0, 6)
        coeff = rnd.randint(-(10**9), 10**9)
        s = str(abs(coeff)).rjust(scale + 1, "0")
        out.append(("-" if coeff < 0 else "") + (s[:-scale] + "." + s[-scale:] if scale else s))
    return _rows(*out)


def _random_floats(seed: int, n: int) -> list[Row]:
    rnd = random.Random(seed)
    return _rows(*(repr(rnd.uniform(-1e6, 1e6)) for _ in range(n)))


def int_sets(bits: int) -> list[list[Row]]:
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    sets = [
        _rows("1"),
        _rows("0"),
        _rows("1", None, "3"),
        _rows(None, "5"),
        _rows("1", "2", "3", "4"),
        _rows("-5", "7", "-3"),
        _rows("3", "3", "3"),
        _rows(str(hi), str(hi)),
        _rows(str(lo), str(lo)),
        _rows(str(lo), str(hi), "1"),
        _rows(str(hi), "-1", "-1"),
        _rows("1", "2"),
        _rows("2", "3", "5", "7", "11", "13"),
        _rows("12", "10", "6"),
        _rows("-1", "-2", "-4"),
        _random_ints(bits, 40, lo, hi),
        _random_ints(bits + 1, 25, -1000, 1000),
        _rows(*(str(i) for i in range(1, 101))),
    ]
    if bits == 64:
        sets.append(_rows("7000000000005", "7000000000007"))
        sets.append(_rows("9223372036854775807", "9223372036854775807", "9223372036854775807"))
    if bits == 32:
        sets.append(_rows("100000003", "100000004", "100000006", "100000007"))
    return sets


NUMERIC_SETS: list[list[Row]] = [
    _rows("1"),
    _rows("1.10", "2"),
    _rows("2", "1.10"),
    _rows("1.0", "1.00"),
    _rows("1.00", "1.0"),
    _rows("0.1", "0.02", "0.003"),
    _rows("1", "2.000001"),
    _rows("1.000000", "1.00", None),
    _rows("-0.5", "0.5"),
    _rows("0.000", "0.0"),
    _rows("3", "3", "3"),
    _rows("3.30", "3.3", "3.300"),
    _rows(*(str(i) for i in range(1, 11))),
    _rows("1e100", "1"),
    _rows("1e-20", "1"),
    _rows("123456789012345678901234567890.123456", "1"),
    _rows("99999999999999999999", "0.00000000000000000001"),
    _rows("2", "4", "4", "4", "5", "5", "7", "9"),
    _rows("1", "2", "4"),
    _rows("0.1", "0.2", "0.3"),
    _rows("7.8", "99.097", "0.09561", "324.78"),
    _rows("56", "100", "0", "42"),
    _rows("NaN"),
    _rows("NaN", "1"),
    _rows("1", "NaN", None),
    _rows("Infinity"),
    _rows("-Infinity"),
    _rows("1", "Infinity"),
    _rows("Infinity", "1"),
    _rows("Infinity", "Infinity"),
    _rows("-Infinity", "Infinity"),
    _rows("-Infinity", "-Infinity"),
    _rows("NaN", "Infinity"),
    _rows("Infinity", "NaN", "-Infinity"),
    _rows("-1.5", "-2.25", "-0.125"),
    _random_numerics(1, 30),
    _random_numerics(2, 7),
    _rows("100000003", "100000004", "100000006", "100000007"),
    _rows("1.000001", "1.000002", "1.000003"),
    _rows("0.000001", "0.000002"),
    _rows("0.000001", "-0.000001"),
    _rows("123456789.123456", "123456789.123457"),
    _rows("9999.9999", "0.0001", "5000.00005"),
    _rows("1e-30", "2e-30", "4e-30"),
    _rows("1e30", "2e30", "4e30"),
    _rows("0.3333", "0.33333", "0.333333"),
    _random_numerics(6, 100),
]

FLOAT_SETS: list[list[Row]] = [
    _rows("1"),
    _rows("1.5", "2.5"),
    _rows("0.1", "0.2", "0.3"),
    _rows("0.1", "0.2", None, "0.3"),
    _rows("3", "3", "3"),
    _rows("-0", "0"),
    _rows("0", "-0"),
    _rows("-0"),
    _rows("1", "2", "3", "4", "5"),
    _rows("7.8", "99.097", "0.09561", "324.78"),
    _rows("56", "100", "0", "42"),
    _rows("NaN"),
    _rows("NaN", "1"),
    _rows("1", "NaN"),
    _rows("Infinity"),
    _rows("1", "Infinity"),
    _rows("Infinity", "1"),
    _rows("Infinity", "Infinity"),
    _rows("-Infinity", "Infinity"),
    _rows("-Infinity", "-Infinity"),
    _rows("NaN", "Infinity"),
    _rows("Infinity", "NaN"),
    _rows("1e308", "1e308"),
    _rows("-1e308", "-1e308"),
    _rows("1e308", "-1e308"),
    _rows("1e200", "-1e200", "1"),
    _rows("1e-300", "1e-300"),
    _rows("5e-324", "5e-324"),
    _rows("1e15", "1", "-1e15"),
    _rows("100000003", "100000004", "100000006", "100000007"),
    _rows("7000000000005", "7000000000007"),
    _rows("3.4e38", "3.4e38"),
    _rows("1e30", "1e30", "1e30"),
    _random_floats(3, 30),
    _random_floats(4, 5),
]

TEXT_SETS: list[list[Row]] = [
    _rows("a"),
    _rows("a", "b"),
    _rows("b", "a", None),
    _rows("", "a"),
    _rows("abc", "abd", "ab"),
    _rows("B", "a", "_", "1"),
    _rows("é", "z", "ä"),
    _rows("a ", "a"),
    _rows("a", "a "),
    _rows("日本", "日"),
]

BPCHAR_SETS: list[list[Row]] = [
    _rows("a"),
    _rows("a", "a  "),
    _rows("a  ", "a"),
    _rows("b ", "a"),
    _rows("a", "b  ", None),
    _rows("", " "),
    _rows(" ", ""),
]

DATE_SETS: list[list[Row]] = [
    _rows("2024-01-01"),
    _rows("2024-01-01", "2023-12-31"),
    _rows("2023-12-31", None, "2024-02-29"),
    _rows("infinity", "2024-01-01"),
    _rows("-infinity", "2024-01-01"),
    _rows("4713-01-01 BC", "5874897-12-31"),
]

TIMESTAMP_SETS: list[list[Row]] = [
    _rows("2024-01-01 00:00:00"),
    _rows("2024-01-01 12:00:00.5", "2024-01-01 12:00:00.25"),
    _rows("2023-12-31 23:59:59.999999", None, "2024-01-01"),
    _rows("infinity", "2024-01-01"),
    _rows("-infinity", "2024-01-01"),
]

TIMESTAMPTZ_SETS: list[list[Row]] = [
    _rows("2024-01-01 00:00:00+00"),
    _rows("2024-01-01 12:00:00+02", "2024-01-01 11:00:00+00"),
    _rows("2024-01-01 10:00:00+00", "2024-01-01 12:00:00+02"),
    _rows("2023-12-31 23:59:59.5-08", None),
    _rows("infinity", "2024-01-01 00:00:00+00"),
    _rows("-infinity", "2024-01-01 00:00:00+00"),
]

INTERVAL_SETS: list[list[Row]] = [
    _rows("1 day"),
    _rows("1 day", "24 hours"),
    _rows("24 hours", "1 day"),
    _rows("1 mon", "30 days"),
    _rows("30 days", "1 mon"),
    _rows("1 day", "2 days", "3 hours"),
    _rows("1 mon", "1 day"),
    _rows("1 mon", "2 mons", "1 day"),
    _rows("1 year 2 mons 3 days 04:05:06.789", "-1 day", None),
    _rows("1 mon", "1 mon", "1 mon", "1 day"),
    _rows("1 sec", "1 sec", "1 usec"),
    _rows("7 mons", "1 usec", "1 usec"),
    _rows("1 mon 1 day 1 sec", "1 mon 1 day 1 sec", "1 mon 1 day 1 sec", "1 day"),
    _rows("-1 mon", "-1 day", "-1 usec"),
    _rows("infinity", "1 day"),
    _rows("-infinity", "1 day"),
    _rows("infinity", "infinity"),
    _rows("-infinity", "infinity"),
    _rows("178000000 years", "178000000 years"),
    _rows("2147483647 days", "1 day"),
    _rows("2147483647 mons", "-1 mon"),
    _rows("1 mon", "1 mon", "1 mon", "1 mon", "1 mon", "1 mon", "1 mon"),
    _rows("5 days", "6 days", "7 days"),
    _rows("10:00:00", "11:30:00", "12:45:00"),
]

BOOL_SETS: list[list[Row]] = [
    _rows("t"),
    _rows("f"),
    _rows("t", "t"),
    _rows("t", "f"),
    _rows("f", "t", None),
    _rows(None, "t"),
    _rows("f", "f"),
]

PG_LSN_SETS: list[list[Row]] = [
    _rows("0/1"),
    _rows("0/1", "1/0"),
    _rows("FFFFFFFF/FFFFFFFF", None, "0/0"),
]

BYTEA_SETS: list[list[Row]] = [
    _rows("\\x01"),
    _rows("\\x01", "\\x0102"),
    _rows("\\xff", "\\x00ff", None),
    _rows("\\x", "\\x00"),
]


def _pairs(*pairs: tuple[str | None, str | None]) -> list[Row]:
    return [[a, b] for a, b in pairs]


def _aggtest() -> list[Row]:
    """aggtest (regress data agg.data) as (b float4 → float8, a int2 → float8) pairs: regr_*(b, a)."""
    return _pairs(("7.8", "56"), ("99.097", "100"), ("0.09561", "0"), ("324.78", "42"))


def _random_pairs(seed: int, n: int) -> list[Row]:
    rnd = random.Random(seed)
    return [[repr(rnd.uniform(-1e3, 1e3)), repr(rnd.uniform(-10, 10))] for _ in range(n)]


REGR_SETS: list[list[Row]] = [
    [],
    _pairs((None, None)),
    _pairs(("1", None), (None, "2")),
    _pairs(("1", "2")),
    _pairs(("3", "4")),
    _pairs(("1", "inf")),
    _pairs(("1", "nan")),
    _pairs(("inf", "1")),
    _pairs(("1", "2"), ("2", "4"), ("3", "7")),
    _pairs(("1", "2"), (None, "4"), ("3", "7"), ("5", None)),
    _pairs(("150", "10"), ("250", "20"), ("350", "30"), ("540", "80")),
    _pairs(("150", "10"), ("250", "20"), ("350", "30"), ("540", "80"), ("200", "100")),
    _pairs(("1", "5"), ("2", "5"), ("3", "5")),
    _pairs(("5", "1"), ("5", "2"), ("5", "3")),
    _pairs(("5", "5"), ("5", "5")),
    _pairs(("1", "2"), ("nan", "3")),
    _pairs(("1", "2"), ("2", "inf")),
    _pairs(("1", "2"), ("inf", "3")),
    _pairs(("inf", "2"), ("-inf", "3")),
    _pairs(("1e308", "1e308"), ("-1e308", "-1e308")),
    _pairs(("1e308", "1"), ("-1e308", "2")),
    _pairs(("1", "1e308"), ("2", "-1e308")),
    _pairs(("1e200", "1e200"), ("-1e200", "-1e200")),
    _aggtest(),
    _random_pairs(5, 20),
]

STRING_AGG_SETS: list[list[Row]] = [
    [],
    _pairs((None, ",")),
    _pairs(("aaaa", ","), ("bbbb", ","), ("cccc", ",")),
    _pairs(("aaaa", ","), (None, ","), ("bbbb", ","), ("cccc", ",")),
    _pairs((None, "AB"), (None, "AB"), ("bbbb", "AB"), ("cccc", "AB")),
    _pairs(("a", ","), ("b", ";")),
    _pairs(("a", "--"), ("b", "+")),
    _pairs(("a", None), ("b", ",")),
    _pairs(("a", ","), ("b", None)),
    _pairs(("a", None), ("b", None)),
    _pairs(("", "x")),
    _pairs(("", "x"), ("", "y")),
    _pairs(("é", "ü"), ("日本", "—")),
    _pairs(("a", "")),
]

BYTEA_STRING_AGG_SETS: list[list[Row]] = [
    [],
    _pairs((None, "\\x2c")),
    _pairs(("\\xff", "\\x2c"), ("\\xaa", "\\x2c")),
    _pairs(("\\xff", None), ("\\xaa", "\\x00")),
    _pairs(("\\xffff", "\\x0102"), ("\\xaaaa", "\\x03")),
    _pairs(("\\x", "\\x01")),
]

SINGLE: dict[str, list[list[Row]]] = {
    "int2": _common() + int_sets(16),
    "int4": _common() + int_sets(32),
    "int8": _common() + int_sets(64),
    "numeric": _common() + NUMERIC_SETS,
    "float4": _common() + FLOAT_SETS,
    "float8": _common() + FLOAT_SETS,
    "text": _common() + TEXT_SETS,
    "bpchar": _common() + BPCHAR_SETS,
    "date": _common() + DATE_SETS,
    "timestamp": _common() + TIMESTAMP_SETS,
    "timestamptz": _common() + TIMESTAMPTZ_SETS,
    "interval": _common() + INTERVAL_SETS,
    "bool": _common() + BOOL_SETS,
    "pg_lsn": _common() + PG_LSN_SETS,
    "bytea": _common() + BYTEA_SETS,
}

NUMERIC_TYPES = ("int2", "int4", "int8", "numeric", "float4", "float8")
# file name -> [(aggregate name, argument types, input sets)]
FAMILIES: dict[str, list[tuple[str, list[str], list[list[Row]]]]] = {
    "count": [
        ("count", [], [[[]] * n for n in (0, 1, 3, 1000)]),
        *(("count", [t], SINGLE[t]) for t in ("int4", "text", "float8", "numeric", "bool")),
    ],
    "sum_avg": [
        (name, [t], SINGLE[t]) for name in ("sum", "avg") for t in (*NUMERIC_TYPES, "interval")
    ],
    "minmax": [
        (name, [t], SINGLE[t])
        for name in ("min", "max")
        for t in (
            *NUMERIC_TYPES,
            "text",
            "bpchar",
            "date",
            "timestamp",
            "timestamptz",
            "interval",
            "pg_lsn",
            "bytea",
        )
    ],
    "bool_bit": [
        *((name, ["bool"], SINGLE["bool"]) for name in ("bool_and", "bool_or", "every")),
        *(
            (name, [t], SINGLE[t])
            for name in ("bit_and", "bit_or", "bit_xor")
            for t in ("int2", "int4", "int8")
        ),
    ],
    "any_value": [("any_value", [t], SINGLE[t]) for t in ("int4", "numeric", "text", "interval")],
    "string_agg": [
        ("string_agg", ["text", "text"], STRING_AGG_SETS),
        ("string_agg", ["bytea", "bytea"], BYTEA_STRING_AGG_SETS),
    ],
    "variance": [
        (name, [t], SINGLE[t])
        for name in ("variance", "var_samp", "var_pop", "stddev", "stddev_samp", "stddev_pop")
        for t in NUMERIC_TYPES
    ],
    "regression": [
        (name, ["float8", "float8"], REGR_SETS)
        for name in (
            "regr_count",
            "regr_sxx",
            "regr_syy",
            "regr_sxy",
            "regr_avgx",
            "regr_avgy",
            "regr_r2",
            "regr_slope",
            "regr_intercept",
            "covar_pop",
            "covar_samp",
            "corr",
        )
    ],
}

_TEXTLIKE = {"text", "bpchar"}
_COLUMNS = "abcdefgh"


def _lit(t: str, v: str | None) -> str:
    return f"NULL::{t}" if v is None else "'" + v.replace("'", "''") + f"'::{t}"


def build_sql(name: str, types: list[str], rows: list[Row]) -> str:
    if not types:
        values = ", ".join("(1)" for _ in rows) or "(1)"
        where = "" if rows else " WHERE false"
        return f"SELECT count(*) FROM (VALUES {values}) v(a){where}"
    cols = _COLUMNS[: len(types)]
    body = rows or [[None] * len(types)]
    values = ", ".join(
        "(" + ", ".join(_lit(t, v) for t, v in zip(types, row, strict=True)) + ")" for row in body
    )
    collate = ' COLLATE "C"' if name in ("min", "max") and types[0] in _TEXTLIKE else ""
    args = ", ".join(f"{c}{collate}" for c in cols)
    where = "" if rows else " WHERE false"
    return f"SELECT {name}({args}) FROM (VALUES {values}) v({', '.join(cols)}){where}"


class Catalog:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.cache: dict[str, dict[str, Any]] = {}

    def typname(self, oid: int) -> str:
        row = self.conn.execute(
            "SELECT typname FROM pg_type WHERE oid = %s", (oid,), prepare=False
        ).fetchone()
        assert row is not None
        return str(row[0])

    def aggregate(self, name: str, types: list[str]) -> dict[str, Any]:
        sig = f"{name}({', '.join(types)})" if types or name != "count" else "count()"
        if name == "count" and types:
            sig = 'count("any")'
        if name == "any_value":
            sig = "any_value(anyelement)"
        if sig not in self.cache:
            row = self.conn.execute(
                "SELECT a.aggfnoid::regprocedure::text, t.prosrc, t.proisstrict, f.prosrc, "
                "f.proisstrict, format_type(a.aggtranstype, NULL), a.agginitval, "
                "a.aggfinalextra, rt.typname "
                "FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid "
                "JOIN pg_type rt ON rt.oid = p.prorettype "
                "JOIN pg_proc t ON t.oid = a.aggtransfn "
                "LEFT JOIN pg_proc f ON f.oid = a.aggfinalfn "
                "WHERE a.aggfnoid = %s::regprocedure",
                (sig,),
                prepare=False,
            ).fetchone()
            assert row is not None, sig
            self.cache[sig] = {
                "aggregate": row[0],
                "trans": row[1],
                "trans_strict": row[2],
                "final": row[3],
                "final_strict": row[4],
                "transtype": row[5],
                "initval": row[6],
                "finalextra": row[7],
                "result_type": row[8],
            }
        return self.cache[sig]


def _exec(conn: Any, sql: str) -> tuple[str | None, str | None, int | None]:
    """(text result, SQLSTATE, result type OID) of a one-row, one-column query."""
    from psycopg import pq

    res = conn.pgconn.exec_(sql.encode())
    if res.status != pq.ExecStatus.TUPLES_OK:
        state = res.error_field(pq.DiagnosticField.SQLSTATE)
        return None, state.decode() if state else "XX000", None
    val = res.get_value(0, 0)
    return (None if val is None else val.decode()), None, res.ftype(0)


def cases(conn: Any, family: str) -> Iterator[dict[str, Any]]:
    cat = Catalog(conn)
    seen: set[str] = set()
    for name, types, sets in FAMILIES[family]:
        meta = cat.aggregate(name, types)
        for rows in sets:
            sql = build_sql(name, types, rows)
            if sql in seen:
                continue
            seen.add(sql)
            expect, sqlstate, rtype = _exec(conn, sql)
            if rtype is not None and meta["result_type"].startswith("any"):
                # polymorphic result: the resolved type of this call
                meta = {**meta, "result_type": cat.typname(rtype)}
            yield {
                **meta,
                "arg_types": types,
                "rows": rows,
                "expect": expect,
                "sqlstate": sqlstate,
                "sql": sql if len(sql) < 400 else None,
            }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "tests" / "golden" / "aggregates"))
    ap.add_argument("--dsn", help="use this server instead of starting an embedded primary")
    args = ap.parse_args()
    outdir = Path(args.out)
    outdir.mkdir(parents=True, exist_ok=True)

    def write(dsn: str) -> None:
        import psycopg

        with psycopg.connect(dsn, autocommit=True, prepare_threshold=None) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            assert row is not None
            for guc, value in SETTINGS.items():
                conn.execute(f"SET {guc} = '{value}'")
            for family in FAMILIES:
                found = list(cases(conn, family))
                doc = {
                    "generated_by": "tools/gen_aggregate_goldens.py — do not edit",
                    "postgres_version": f"PostgreSQL {row[0]}",
                    "settings": SETTINGS,
                    "count": len(found),
                    "cases": found,
                }
                (outdir / f"{family}.json").write_text(
                    json.dumps(doc, indent=0, ensure_ascii=False) + "\n"
                )
                print(f"{family}: {len(found)} cases")

    if args.dsn:
        write(args.dsn)
    else:
        from replica.primary import start_primary

        with start_primary() as p:
            write(p.dsn())


if __name__ == "__main__":
    main()
