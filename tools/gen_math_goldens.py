"""Record golden cases for math functions, bit strings, network types, macaddr, money and oid
from a real PostgreSQL into tests/golden/math/*.json.

Each case is one SQL expression evaluated by the primary (no ::text cast, no prepared plan) with
the default settings; we store its exact text output or the SQLSTATE of the error, the result
type OID, and what the shadow must call to reproduce it: the ``prosrc`` of the resolved function
(via regprocedure / regoperator / pg_cast) and the typed argument literals. Case kinds:
``call`` (a function or operator), ``input`` ('<literal>'::<type>) and ``cast``.
tests/unit/test_math_golden.py replays them with no server.

Usage: .venv/bin/python tools/gen_math_goldens.py [--dsn DSN] [--only math,bit,...]
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

Spec = tuple[Any, ...]  # ("call", fname, [(type, literal)]) | ("op", sym, args) | input | cast


def q(lit: str) -> str:
    return "'" + lit.replace("'", "''") + "'"


def _arg_sql(t: str, lit: str | None) -> str:
    return f"NULL::{t}" if lit is None else f"{q(lit)}::{t}"


def _base(t: str) -> str:
    return t.split("(")[0]


_WIDEN = {"varbit": "bit", "cidr": "inet"}


class Lookup:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.cache: dict[str, tuple[str, bool] | None] = {}

    def one(self, sql: str) -> tuple[str, bool] | None:
        import psycopg

        if sql not in self.cache:
            try:
                row = self.conn.execute(sql).fetchone()
            except psycopg.errors.UndefinedFunction:
                row = None
            self.cache[sql] = None if row is None else (row[0], row[1])
        return self.cache[sql]

    def _first(self, template: str, types: list[str]) -> tuple[str, bool] | None:
        """Try the exact signature, then with binary-coercible types widened as PG's
        resolution would (varbit -> bit, cidr -> inet, text-ish -> text)."""
        found = self.one(template.format(",".join(types)))
        if found is None:
            widened = [_WIDEN.get(t, t) for t in types]
            found = self.one(template.format(",".join(widened)))
        return found

    def proc(self, name: str, types: list[str]) -> tuple[str, bool] | None:
        return self._first(
            f"SELECT prosrc, prolang = 12 FROM pg_proc WHERE oid = '{name}({{}})'::regprocedure",
            [_base(t) for t in types],
        )

    def oper(self, op: str, left: str | None, right: str) -> tuple[str, bool] | None:
        return self._first(
            "SELECT p.prosrc, p.prolang = 12 FROM pg_operator o JOIN pg_proc p ON p.oid = "
            f"o.oprcode WHERE o.oid = '{op}({{}})'::regoperator",
            [_base(left) if left else "NONE", _base(right)],
        )

    def cast(self, src: str, dst: str) -> tuple[str, bool] | None:
        return self.one(
            "SELECT coalesce(p.prosrc, c.castmethod::text), coalesce(p.pronargs, 1) FROM pg_cast c "
            "LEFT JOIN pg_proc p ON p.oid = c.castfunc "
            f"WHERE c.castsource = {q(_base(src))}::regtype AND c.casttarget = "
            f"{q(_base(dst))}::regtype"
        )


def build(spec: Spec, look: Lookup) -> dict[str, Any]:
    kind = spec[0]
    if kind == "input":
        _, t, lit = spec
        return {"kind": "input", "type": t, "literal": lit, "sql": f"SELECT {_arg_sql(t, lit)}"}
    if kind == "cast":
        _, src, dst, lit = spec
        found = look.cast(src, dst)
        assert found is not None, spec
        return {
            "kind": "cast",
            "prosrc": found[0],
            "nargs": found[1],
            "args": [[src, lit]],
            "type": dst,
            "sql": f"SELECT {_arg_sql(src, lit)}::{dst}",
        }
    if kind == "op":
        _, op, args = spec
        if len(args) == 1:
            found = look.oper(op, None, args[0][0])
            sql = f"SELECT {op} {_arg_sql(*args[0])}"
        else:
            found = look.oper(op, args[0][0], args[1][0])
            sql = f"SELECT {_arg_sql(*args[0])} {op} {_arg_sql(*args[1])}"
    else:
        _, name, args = spec
        found = look.proc(name, [t for t, _ in args])
        sql = f"SELECT {name}({', '.join(_arg_sql(t, v) for t, v in args)})"
    assert found is not None, spec
    return {"kind": "call", "prosrc": found[0], "args": [list(a) for a in args], "sql": sql}


def _exec(conn: Any, sql: str) -> tuple[str | None, int | None, str | None]:
    from psycopg import pq

    res = conn.pgconn.exec_(sql.encode())
    if res.status != pq.ExecStatus.TUPLES_OK:
        state = res.error_field(pq.DiagnosticField.SQLSTATE)
        return None, None, state.decode() if state else "XX000"
    val = res.get_value(0, 0)
    return (None if val is None else val.decode()), res.ftype(0), None


def run(conn: Any, specs: Iterator[Spec]) -> list[dict[str, Any]]:
    look = Lookup(conn)
    out = []
    seen: set[str] = set()
    for spec in specs:
        case = build(spec, look)
        if case["sql"] in seen:
            continue
        seen.add(case["sql"])
        result, rtype, sqlstate = _exec(conn, case["sql"])
        out.append({**case, "result": result, "result_type": rtype, "sqlstate": sqlstate})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "tests" / "golden" / "math"))
    ap.add_argument("--dsn", help="use this server instead of starting an embedded primary")
    ap.add_argument("--only", help="comma-separated families to regenerate")
    args = ap.parse_args()
    outdir = Path(args.out)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(",")) if args.only else set(FAMILIES)

    def write(dsn: str) -> None:
        import psycopg

        with psycopg.connect(dsn, autocommit=True, prepare_threshold=None) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            assert row is not None
            conn.execute("SET extra_float_digits = 1")
            conn.execute("SET lc_monetary = 'C'")
            for name, fn in FAMILIES.items():
                if name not in wanted:
                    continue
                cases = run(conn, fn())
                doc = {
                    "generated_by": "tools/gen_math_goldens.py — do not edit",
                    "postgres_version": f"PostgreSQL {row[0]}",
                    "settings": {"extra_float_digits": 1, "lc_monetary": "C"},
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
        from replica.primary import start_primary

        with start_primary() as p:
            write(p.dsn())


# --- case definitions ---------------------------------------------------------------------------

NUMS = [
    "0", "1", "-1", "2", "7", "10", "100", "0.5", "2.5", "-2.5", "1.10", "-0.001", "0.0001",
    "1.5e-5", "1e-20", "0.9", "1.1", "0.99999", "1.00001", "3.14159", "123456.789",
    "9.99999999999999999999", "12345678901234567890.12345", "1e100", "-1e100", "NaN",
    "Infinity", "-Infinity", "0.000", "5.0000",
]
POW_BASES = ["0", "1", "-1", "2", "-2", "0.5", "10", "1.5", "-3.5", "0.0", "12.34", "NaN",
             "Infinity", "-Infinity", "1e-10", "9999"]
POW_EXPS = ["0", "1", "-1", "2", "3", "-3", "0.5", "-0.5", "2.5", "10", "0.0", "1.000",
            "NaN", "Infinity", "-Infinity", "100", "-100"]
EXPS = ["-1000", "5000", "6000", "-6000", "-5999", "100", "-100", "0.001", "-0.001", "2.71828",
        "700", "-700", "0.00000001"]
FLOATS = [
    "0", "-0", "1", "-1", "0.5", "-0.5", "1.5", "2.5", "-2.5", "3.5", "0.1", "0.7", "-0.7", "3",
    "10", "100", "123.456", "1e10", "-1e10", "1e-10", "1e308", "-1e308", "1e-308", "5e-324",
    "709", "710", "-745", "-746", "30", "45", "60", "90", "180", "270", "360", "-30", "-90",
    "4503599627370497", "NaN", "Infinity", "-Infinity",
]
FLOAT_FNS = [
    "round", "trunc", "ceil", "floor", "sign", "abs", "sqrt", "cbrt", "exp", "ln", "log10",
    "degrees", "radians", "sin", "cos", "tan", "cot", "asin", "acos", "atan", "sind", "cosd",
    "tand", "cotd", "asind", "acosd", "atand", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh", "erf", "erfc",
]
NUM_FNS = ["abs", "sign", "ceil", "floor", "sqrt", "exp", "ln", "scale", "min_scale",
           "trim_scale", "numeric_inc"]
INT_EDGE = {
    "int2": ["0", "1", "-1", "7", "-7", "12", "32767", "-32768"],
    "int4": ["0", "1", "-1", "7", "-7", "12", "2147483647", "-2147483648"],
    "int8": ["0", "1", "-1", "7", "-7", "12", "9223372036854775807", "-9223372036854775808"],
}
SHIFTS = ["0", "1", "3", "15", "16", "31", "32", "33", "63", "64", "-1"]


_KEYWORD_FUNCS = {"position", "substring", "overlay", "bit", "varbit", "int4", "int8"}


def _call(name: str, *args: tuple[str, str | None]) -> Spec:
    """A plain function call; names that are SQL keywords with special syntax are quoted."""
    return ("call", f'"{name}"' if name in _KEYWORD_FUNCS else name, list(args))


def _op(sym: str, *args: tuple[str, str | None]) -> Spec:
    return ("op", sym, list(args))


def math_cases() -> Iterator[Spec]:
    for fn, v in itertools.product(NUM_FNS, NUMS):
        yield _call(fn, ("numeric", v))
    for v in EXPS:
        yield _call("exp", ("numeric", v))
    for v in ["1e-100", "1e100", "0.5", "1e-1000", "2", "1e131071", "0.999999999999"]:
        yield _call("ln", ("numeric", v))
        yield _call("sqrt", ("numeric", v))
    for fn in ("round", "trunc"):
        for v, sc in itertools.product(NUMS, ["-3", "-1", "0", "1", "2", "5"]):
            yield _call(fn, ("numeric", v), ("int4", sc))
        for v in ["1.5", "-1.5", "2.5", "0.5", "-0.5", "1.45", "99.995", "1e-5"]:
            yield _call(fn, ("numeric", v), ("int4", "0"))
            yield _call(fn, ("numeric", v), ("int4", "2"))
    small = ["0", "1", "-1", "2.5", "-7", "10", "0.001", "1e20", "NaN", "Infinity", "-Infinity"]
    for fn in ("div", "mod", "gcd", "lcm", "log", "numeric_larger", "numeric_smaller"):
        for a, b in itertools.product(small, small):
            yield _call(fn, ("numeric", a), ("numeric", b))
    for a, b in [("12", "18"), ("330.0", "462.00"), ("-12.5", "7.5"), ("0", "-0.3")]:
        yield _call("gcd", ("numeric", a), ("numeric", b))
        yield _call("lcm", ("numeric", a), ("numeric", b))
    for a, b in [("2", "1024"), ("10", "1e-30"), ("1.0001", "2"), ("0.5", "8"), ("2", "0.5")]:
        yield _call("log", ("numeric", a), ("numeric", b))
    for a, b in itertools.product(POW_BASES, POW_EXPS):
        yield _call("power", ("numeric", a), ("numeric", b))
        yield _op("^", ("numeric", a), ("numeric", b))
    for a, b in [("10", "131072"), ("10", "-1001"), ("2", "2147483648"), ("1.000001", "1e6"),
                 ("0.9", "-10000.5"), ("3.7", "-2.13"), ("1.2", "100000"), ("8", "1.0/3"),
                 ("27", "0.333333333333333333333"), ("1e-500", "2"), ("10", "1000.5")]:
        yield _call("power", ("numeric", a), ("numeric", b))
    for n in ["-1", "0", "1", "5", "20", "100", "32178"]:
        yield _call("factorial", ("int8", n))
    wb = [("5.35", "0.024", "10.06", "5"), ("-1", "0", "10", "5"), ("10", "0", "10", "5"),
          ("0", "10", "0", "5"), ("3", "10", "0", "4"), ("5", "1", "1", "3"),
          ("5", "0", "10", "0"), ("NaN", "0", "10", "3"), ("5", "0", "Infinity", "3"),
          ("Infinity", "0", "10", "3"), ("-Infinity", "0", "10", "3"), ("9", "0", "10", "-1"),
          ("10", "0", "10", "2147483647"), ("0.5", "0", "1", "2147483647"),
          ("1e-300", "-1e300", "1e300", "10"), ("7.777", "1.1", "9.9", "33")]
    for row in wb:
        yield _call("width_bucket", ("numeric", row[0]), ("numeric", row[1]),
                    ("numeric", row[2]), ("int4", row[3]))
        yield _call("width_bucket", ("float8", row[0]), ("float8", row[1]),
                    ("float8", row[2]), ("int4", row[3]))
    yield _call("width_bucket", ("float8", "1e308"), ("float8", "-1.7e308"),
                ("float8", "1.7e308"), ("int4", "10"))
    yield from float_cases()
    yield from int_cases()


def float_cases() -> Iterator[Spec]:
    for fn, v in itertools.product(FLOAT_FNS, FLOATS):
        yield _call(fn, ("float8", v))
    for d in range(-720, 721, 15):
        for fn in ("sind", "cosd", "tand", "cotd"):
            yield _call(fn, ("float8", str(d)))
    for v in ["0.5", "-0.5", "1", "-1", "0", "0.8660254037844386", "0.25", "2"]:
        for fn in ("asind", "acosd", "atand"):
            yield _call(fn, ("float8", v))
    yield _call("pi")
    pw = ["0", "-0", "1", "-1", "2", "-2", "0.5", "-0.5", "3", "1e300", "1e-300", "NaN",
          "Infinity", "-Infinity"]
    for a, b in itertools.product(pw, pw):
        yield _call("power", ("float8", a), ("float8", b))
        yield _call("atan2", ("float8", a), ("float8", b))
        yield _call("atan2d", ("float8", a), ("float8", b))
        yield _call("float8larger", ("float8", a), ("float8", b))
        yield _call("float8smaller", ("float8", a), ("float8", b))
    for v in ["1.5", "-2.5", "NaN", "-Infinity", "-0", "3.4e38"]:
        yield _call("abs", ("float4", v))
        yield _call("float4larger", ("float4", v), ("float4", "1"))
        yield _call("float4smaller", ("float4", v), ("float4", "1"))


def int_cases() -> Iterator[Spec]:
    for t, vals in INT_EDGE.items():
        for a, b in itertools.product(vals, vals):
            for sym in ("&", "|", "#"):
                yield _op(sym, (t, a), (t, b))
            yield _call("gcd", (t, a), (t, b)) if t != "int2" else _op("&", (t, a), (t, b))
            yield _call("lcm", (t, a), (t, b)) if t != "int2" else _op("|", (t, a), (t, b))
            yield _call(f"{t}larger", (t, a), (t, b))
            yield _call(f"{t}smaller", (t, a), (t, b))
        for a in vals:
            yield _op("~", (t, a))
            yield _call("abs", (t, a))
            yield _op("@", (t, a))
            for n in SHIFTS:
                yield _op("<<", (t, a), ("int4", n))
                yield _op(">>", (t, a), ("int4", n))


BITS = ["", "0", "1", "101", "B1010", "b0011", "X1F", "x0", "xaBc", "11110000111", "10 1", "2",
        "XG", "0000000000000000000000000000000011", "1" * 33, "1" * 64, "1" * 65]


def bit_cases() -> Iterator[Spec]:
    for lit in BITS:
        yield ("input", "varbit", lit)
        yield ("input", "varbit(4)", lit)
        yield ("input", "bit(4)", lit)
        yield ("input", "bit(3)", lit)
    vals = ["", "1", "0101", "1100", "10101010101", "111", "00000000", "1111111100000001"]
    for a, b in itertools.product(vals, vals):
        for sym in ("&", "|", "#", "||", "=", "<>", "<", "<=", ">", ">="):
            yield _op(sym, ("varbit", a), ("varbit", b))
        yield _call("bitcmp", ("varbit", a), ("varbit", b))
        yield _call("position", ("varbit", a), ("varbit", b))
        for sp in ["-1", "0", "1", "3", "20"]:
            yield _call("overlay", ("varbit", a), ("varbit", b), ("int4", sp))
            yield _call("overlay", ("varbit", a), ("varbit", b), ("int4", sp), ("int4", "2"))
    for a in vals:
        yield _op("~", ("varbit", a))
        for fn in ("length", "octet_length", "bit_count", "int4", "int8"):
            yield _call(fn, ("varbit", a))
        for n in ["-20", "-3", "-1", "0", "1", "3", "8", "11", "100", "-2147483648"]:
            yield _op("<<", ("varbit", a), ("int4", n))
            yield _op(">>", ("varbit", a), ("int4", n))
            yield _call("substring", ("varbit", a), ("int4", n))
            yield _call("get_bit", ("varbit", a), ("int4", n))
            yield _call("set_bit", ("varbit", a), ("int4", n), ("int4", "1"))
            for ln in ["-1", "0", "2", "5", "2147483647"]:
                yield _call("substring", ("varbit", a), ("int4", n), ("int4", ln))
        yield _call("set_bit", ("varbit", a), ("int4", "0"), ("int4", "2"))
        for dst in ("bit(1)", "bit(4)", "bit(12)", "varbit(3)", "varbit(20)"):
            yield ("cast", "varbit", dst, a)
            yield _call("bit", ("varbit", a), ("int4", dst[4:-1] if "(" in dst else "4"),
                        ("bool", "false"))
            yield _call("varbit", ("varbit", a), ("int4", "3"), ("bool", "false"))
    for v in ["0", "1", "-1", "5", "-5", "2147483647", "-2147483648"]:
        for dst in ("bit(1)", "bit(3)", "bit(8)", "bit(32)", "bit(40)"):
            yield ("cast", "int4", dst, v)
            yield ("cast", "int8", dst, v)
        yield ("cast", "int8", "bit(70)", v)
    yield ("cast", "int8", "bit(64)", "-9223372036854775808")
    for v in ["1", "0101", "1" * 32, "1" * 33, "0" + "1" * 31, "1" * 64, "1" * 65]:
        yield ("cast", f"bit({len(v)})", "int4", v)
        yield ("cast", f"bit({len(v)})", "int8", v)


MONEY_IN = ["0", "1", "-1", "1.5", "1.005", "1.004", "1.995", "$1,234.56", "-$1,234.56",
            "($5.00)", "5.00-", " $ 12 ", "+3", "$-3", "12.3456", "1,2,3", "92233720368547758.07",
            "-92233720368547758.08", "92233720368547758.08", "-92233720368547758.09", "abc",
            "", "1e3", "1.2.3", "12 34", "$12$", "0.001", "99999999999999999999", "12.", ".5",
            ".995", "- 7", "7 -", "(7)", "1,000,000.10"]


def money_cases() -> Iterator[Spec]:
    for lit in MONEY_IN:
        yield ("input", "money", lit)
    vals = ["0", "1.23", "-1.23", "1000000", "-0.01", "92233720368547758.07",
            "-92233720368547758.08"]
    for a, b in itertools.product(vals, vals):
        for sym in ("+", "-", "/", "=", "<>", "<", "<=", ">", ">="):
            yield _op(sym, ("money", a), ("money", b))
        yield _call("cashlarger", ("money", a), ("money", b))
        yield _call("cashsmaller", ("money", a), ("money", b))
        yield _call("cash_cmp", ("money", a), ("money", b))
    for a in vals:
        for t, f in itertools.product(("float8", "float4"),
                                      ["0", "1.5", "-2", "0.333", "1e30", "NaN", "2.5e-3"]):
            yield _op("*", ("money", a), (t, f))
            yield _op("*", (t, f), ("money", a))
            yield _op("/", ("money", a), (t, f))
        for t, i in itertools.product(("int2", "int4", "int8"), ["0", "1", "-1", "3", "-7"]):
            yield _op("*", ("money", a), (t, i))
            yield _op("*", (t, i), ("money", a))
            yield _op("/", ("money", a), (t, i))
        yield ("cast", "money", "numeric", a)
    for v in ["0", "1.234", "1.235", "-1.235", "1e20", "NaN", "Infinity", "92233720368547758.07",
              "92233720368547758.08", "-0.005"]:
        yield ("cast", "numeric", "money", v)
    for v in ["0", "-5", "2147483647"]:
        yield ("cast", "int4", "money", v)
    for v in ["0", "-5", "92233720368547758", "92233720368547759"]:
        yield ("cast", "int8", "money", v)


OIDS = ["0", "1", "4294967295", "4294967296", "-1", "-2147483648", "-2147483649", " 42 ",
        "+7", "", "abc", "1.5", "18446744073709551615", "18446744073709551616", "0x10", "12 3"]


def oid_cases() -> Iterator[Spec]:
    for lit in OIDS:
        yield ("input", "oid", lit)
    for a, b in itertools.product(["0", "1", "4294967295", "2147483648"], repeat=2):
        for sym in ("=", "<>", "<", "<=", ">", ">="):
            yield _op(sym, ("oid", a), ("oid", b))
        yield _call("oidlarger", ("oid", a), ("oid", b))
        yield _call("oidsmaller", ("oid", a), ("oid", b))
        yield _call("btoidcmp", ("oid", a), ("oid", b))
    for v in ["0", "-1", "4294967295", "4294967296"]:
        yield ("cast", "int8", "oid", v)
    for v in ["0", "4294967295"]:
        yield ("cast", "oid", "int8", v)
    for t in ("regclass", "regtype", "regproc"):
        yield ("input", t, "-")
        yield ("input", t, "0")


FAMILIES: dict[str, Any] = {
    "math": math_cases,
    "bit": bit_cases,
    "money": money_cases,
    "oid": oid_cases,
}

if __name__ == "__main__":
    main()
