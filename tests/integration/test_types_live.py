"""Differential tests: hypothesis-generated values go through the primary and through
engine.types; the text output must be identical (or both must fail with the same SQLSTATE)."""

from __future__ import annotations

import math
import struct
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import EngineError
from engine.types import DEFAULT_SETTINGS, OPERATORS, FormatSettings, type_by_name
from engine.types.datetime import input_with_settings

pytestmark = pytest.mark.integration
EXAMPLES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def pg(primary18: Any) -> Any:
    import psycopg

    conn = psycopg.connect(primary18.dsn(), autocommit=True, prepare_threshold=None)
    yield conn
    conn.close()


def pg_text(conn: Any, sql: str, *params: str) -> tuple[str | None, str | None]:
    """The primary's exact text output (libpq, text format) or the error's SQLSTATE."""
    import psycopg

    try:
        cur = conn.cursor(row_factory=None)
        cur.execute(sql, params)
        row = cur.pgresult.get_value(0, 0)
        return (None if row is None else row.decode()), None
    except psycopg.Error as e:
        return None, e.sqlstate


def engine_text(
    typname: str, text: str, s: FormatSettings = DEFAULT_SETTINGS
) -> tuple[str | None, str | None]:
    t = type_by_name(typname)
    try:
        value = input_with_settings(t.oid, text, s) if t.category == "D" else t.input(text, -1)
        return t.output(value, s), None
    except EngineError as e:
        return None, e.sqlstate


def bits_to_float(b: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", b))[0])


finite_doubles = st.integers(0, 2**64 - 1).map(bits_to_float).filter(math.isfinite)
subnormals = st.integers(1, 2**52 - 1).map(bits_to_float)
boundary_ints = st.sampled_from([2**15, 2**31, 2**63]).flatmap(
    lambda m: st.integers(-m - 3, -m + 3) | st.integers(m - 4, m + 2)
)


@EXAMPLES
@given(x=finite_doubles | subnormals | st.floats(allow_nan=False))
def test_float8_output(pg: Any, x: float) -> None:
    lit = repr(x)
    for efd in (1, 0, -3):
        pg.execute(f"SET extra_float_digits = {efd}")
        s = FormatSettings(extra_float_digits=efd)
        assert engine_text("float8", lit, s) == pg_text(pg, "SELECT %s::text::float8", lit)
        assert engine_text("float4", lit, s) == pg_text(pg, "SELECT %s::text::float4", lit)
    pg.execute("SET extra_float_digits = 1")


@EXAMPLES
@given(i=boundary_ints | st.integers(-(2**70), 2**70))
def test_int_input(pg: Any, i: int) -> None:
    for typ in ("int2", "int4", "int8"):
        assert engine_text(typ, str(i)) == pg_text(pg, f"SELECT %s::text::{typ}", str(i))


@EXAMPLES
@given(
    a=boundary_ints,
    b=boundary_ints | st.integers(-3, 3),
    op=st.sampled_from(["+", "-", "*", "/", "%"]),
    typ=st.sampled_from(["int2", "int4", "int8"]),
)
def test_int_arith(pg: Any, a: int, b: int, op: str, typ: str) -> None:
    t = type_by_name(typ)
    want = pg_text(
        pg, f"SELECT %s::text::{typ} {op.replace('%', '%%')} %s::text::{typ}", str(a), str(b)
    )
    try:
        result_oid, fn = OPERATORS[(op, t.oid, t.oid)]
        got: tuple[str | None, str | None] = (
            str(fn(t.input(str(a), -1), t.input(str(b), -1))),
            None,
        )
    except EngineError as e:
        got = (None, e.sqlstate)
    assert got == want


decimals = st.decimals(allow_nan=True, allow_infinity=True, places=None).filter(
    lambda d: d.is_nan() is False or not d.is_snan()
)


@EXAMPLES
@given(
    a=st.decimals(
        allow_nan=False, allow_infinity=False, min_value=Decimal("-1e30"), max_value=Decimal("1e30")
    ),
    b=st.decimals(
        allow_nan=False, allow_infinity=False, min_value=Decimal("-1e10"), max_value=Decimal("1e10")
    ),
    op=st.sampled_from(["+", "-", "*", "/", "%"]),
)
def test_numeric_arith(pg: Any, a: Decimal, b: Decimal, op: str) -> None:
    la, lb = format(a, "f"), format(b, "f")
    n = type_by_name("numeric")
    want = pg_text(
        pg, f"SELECT %s::text::numeric {op.replace('%', '%%')} %s::text::numeric", la, lb
    )
    try:
        fn = OPERATORS[(op, n.oid, n.oid)][1]
        got: tuple[str | None, str | None] = (
            n.output(fn(n.input(la, -1), n.input(lb, -1)), DEFAULT_SETTINGS),
            None,
        )
    except EngineError as e:
        got = (None, e.sqlstate)
    assert got == want


MIN_US, MAX_US = -211813488000000000, 9223371331200000000 - 1
ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Europe/Paris", "Australia/Lord_Howe"]


@EXAMPLES
@given(
    us=st.integers(MIN_US, MAX_US) | st.integers(-(10**17), 2 * 10**18),
    zone=st.sampled_from(ZONES),
    style=st.sampled_from(["ISO, MDY", "Postgres, DMY", "SQL, MDY", "German, DMY"]),
)
def test_timestamptz_roundtrip(pg: Any, us: int, zone: str, style: str) -> None:
    """A UTC instant printed in the session zone, and read back as the session would."""
    from engine.types.datetime import timestamp_out
    from engine.types.settings import parse_datestyle

    iso_utc = timestamp_out(us, DEFAULT_SETTINGS) + "+00"
    if iso_utc.endswith(" BC+00"):
        iso_utc = iso_utc[: -len(" BC+00")] + "+00 BC"
    pg.execute(f"SET TimeZone = '{zone}'")
    pg.execute(f"SET DateStyle = '{style}'")
    ds, order = parse_datestyle(style, ("ISO", "MDY"))
    s = FormatSettings(datestyle=ds, date_order=order, timezone=zone)
    want = pg_text(pg, "SELECT %s::text::timestamptz", iso_utc)
    assert engine_text("timestamptz", iso_utc, s) == want
    local = pg_text(pg, "SELECT %s::text::timestamptz::timestamp", iso_utc)[0]
    if local is not None:  # local wall time read back in the zone (gaps/overlaps included)
        assert engine_text("timestamptz", local, s) == pg_text(
            pg, "SELECT %s::text::timestamptz", local
        )
        assert engine_text("date", local, s) == pg_text(pg, "SELECT %s::text::date", local)
    pg.execute("RESET TimeZone")
    pg.execute("RESET DateStyle")


# --- random expressions through the whole engine (binder, resolution, executor) ---------------

def _ints() -> st.SearchStrategy[str]:
    lit = (st.integers(-1000, 1000) | boundary_ints.filter(lambda i: -2**63 <= i < 2**63)).map(
        lambda i: f"({i})")
    typed = st.tuples(lit, st.sampled_from(["", "::int2", "::int4", "::int8"])).map(
        lambda p: f"{p[0]}{p[1]}")
    return typed | st.just("NULL::int4")


def _numerics() -> st.SearchStrategy[str]:
    return st.decimals(allow_nan=False, allow_infinity=False, places=4,
                       min_value=Decimal("-1e12"), max_value=Decimal("1e12")).map(
        lambda d: f"{format(d, 'f')}::numeric") | st.just("'NaN'::numeric")


def _floats() -> st.SearchStrategy[str]:
    return (finite_doubles.map(lambda x: f"'{x!r}'::float8")
            | st.sampled_from(["'Infinity'::float8", "'-0'::float8", "0.1::float8"]))


def _texts() -> st.SearchStrategy[str]:
    words = st.text(alphabet="abcXYZ _%é'", max_size=6).map(
        lambda s: "'" + s.replace("'", "''") + "'")
    return words | st.just("NULL::text")


def _expr(kind: str, depth: int) -> st.SearchStrategy[str]:
    leaves = {"int": _ints(), "num": _numerics(), "flt": _floats(), "text": _texts(),
              "bool": st.sampled_from(["true", "false", "NULL::bool"])}[kind]
    if depth == 0:
        return leaves

    def sub(k: str) -> st.SearchStrategy[str]:
        return _expr(k, depth - 1)

    def op2(k: str, ops: list[str], res: str = "") -> st.SearchStrategy[str]:
        return st.tuples(sub(k), st.sampled_from(ops), sub(k)).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})")

    def fn(name: str, *kinds: str) -> st.SearchStrategy[str]:
        return st.tuples(*(sub(k) for k in kinds)).map(
            lambda args: f"{name}({', '.join(args)})")

    branches: dict[str, list[st.SearchStrategy[str]]] = {
        "int": [op2("int", ["+", "-", "*", "/", "%", "&", "|", "#"]), fn("abs", "int"),
                fn("length", "text"), fn("greatest", "int", "int"), fn("coalesce", "int", "int"),
                fn("sign", "int"), fn("gcd", "int", "int"), fn("position", "text", "text")
                .map(lambda s: s.replace(", ", " IN ", 1)),
                st.tuples(sub("bool"), sub("int"), sub("int")).map(
                    lambda t: f"CASE WHEN {t[0]} THEN {t[1]} ELSE {t[2]} END"),
                sub("num").map(lambda s: f"({s})::int4"), sub("flt").map(lambda s: f"({s})::int8")],
        "num": [op2("num", ["+", "-", "*", "/", "%"]), fn("round", "num"), fn("trunc", "num"),
                fn("abs", "num"), fn("ceil", "num"), fn("floor", "num"), fn("sqrt", "num"),
                fn("least", "num", "int"), fn("mod", "num", "int"), fn("scale", "num"),
                st.tuples(sub("num"), st.integers(-3, 4)).map(lambda t: f"round({t[0]}, {t[1]})"),
                sub("num").map(lambda s: f"({s})::numeric(12,3)"), sub("int").map(
                    lambda s: f"({s})::numeric")],
        "flt": [op2("flt", ["+", "-", "*", "/"]), fn("abs", "flt"), fn("sqrt", "flt"),
                fn("cbrt", "flt"), fn("exp", "flt"), fn("ln", "flt"), fn("sin", "flt"),
                fn("round", "flt"), fn("power", "flt", "flt"), sub("num").map(
                    lambda s: f"({s})::float8"), sub("int").map(lambda s: f"({s})::float8")],
        "text": [op2("text", ["||"]), fn("upper", "text"), fn("lower", "text"),
                 fn("reverse", "text"), fn("md5", "text"), fn("btrim", "text"),
                 fn("substr", "text", "int"), fn("left", "text", "int"),
                 st.tuples(sub("text"), st.integers(-2, 5)).map(
                     lambda t: f"repeat({t[0]}, {t[1]})"),
                 fn("replace", "text", "text", "text"), fn("initcap", "text"),
                 fn("quote_literal", "text"), fn("to_hex", "int"), fn("concat", "text", "int"),
                 sub("int").map(lambda s: f"({s})::text"), sub("num").map(lambda s: f"({s})::text"),
                 sub("flt").map(lambda s: f"({s})::text"),
                 st.tuples(sub("int"), st.sampled_from(["999", "FM9,999.00", "S0000", "RN"])).map(
                     lambda t: f"to_char({t[0]}, '{t[1]}')")],
        "bool": [op2("int", ["=", "<>", "<", ">="]), op2("num", ["=", "<", ">"]),
                 op2("text", ["=", "<", ">=", "LIKE", "ILIKE", "~"]), op2("bool", ["AND", "OR"]),
                 sub("bool").map(lambda s: f"NOT {s}"), sub("int").map(lambda s: f"{s} IS NULL"),
                 st.tuples(sub("int"), sub("int"), sub("int")).map(
                     lambda t: f"{t[0]} BETWEEN {t[1]} AND {t[2]}"),
                 st.tuples(sub("text"), sub("text")).map(
                     lambda t: f"{t[0]} IS DISTINCT FROM {t[1]}")],
    }
    return leaves | st.one_of(branches[kind])


def _run_engine(session: Any, sql: str) -> tuple[Any, ...]:
    try:
        r = list(session.execute_simple(sql))[-1]
    except EngineError as e:
        return ("error", e.sqlstate)
    return ("ok", [c.type_oid for c in r.columns], [tuple(row) for row in r.rows])


def _run_primary(conn: Any, sql: str) -> tuple[Any, ...]:
    import psycopg

    try:
        cur = conn.cursor(row_factory=None)
        cur.execute(sql)
    except psycopg.Error as e:
        return ("error", e.sqlstate)
    res = cur.pgresult
    return ("ok", [res.ftype(i) for i in range(res.nfields)],
            [tuple(None if (v := res.get_value(r, i)) is None else v.decode()
                   for i in range(res.nfields)) for r in range(res.ntuples)])


@pytest.fixture(scope="module")
def engine_session() -> Any:
    from engine.database import Database
    from engine.session import Session

    db = Database()
    db.publish(1)
    return Session(db, {"user": "postgres"})


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["int", "num", "flt", "text", "bool"]), data=st.data())
def test_random_expressions(pg: Any, engine_session: Any, kind: str, data: Any) -> None:
    """A random expression (literals of several types, operators, functions, casts, CASE)
    answers with the primary's type, text and SQLSTATE. A refusal (0A000) is allowed — the
    engine may decline — but never a different answer."""
    expr = data.draw(_expr(kind, 3))
    sql = f"SELECT {expr}"
    got = _run_engine(engine_session, sql)
    if got == ("error", "0A000"):
        return
    assert got == _run_primary(pg, sql), sql
