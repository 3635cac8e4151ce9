"""Record golden array cases from a real PostgreSQL into tests/golden/arrays/*.json, and generate
engine/types/array_oids.py (pg_type.typarray and typdelim of every builtin type).

Case kinds: ``input`` ('<literal>'::<elem>[]), ``call`` (a builtin by pg_proc.prosrc, through its
SQL function or operator), ``srf`` (rows of a set-returning function), ``subscript``/``slice``
and ``agg`` (array_agg over VALUES). Each case stores the SQL, the exact text output (or rows)
and the result type OID, or the SQLSTATE. tests/unit/test_arrays_golden.py replays them with no
server. Statements run without prepared plans (prepare=False).

Usage: .venv/bin/python tools/gen_array_goldens.py [--dsn DSN] [--oids-only]
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

OUT = ROOT / "tests" / "golden" / "arrays"
OIDS_MODULE = ROOT / "engine" / "types" / "array_oids.py"
UTC_ISO = {"datestyle": "ISO, MDY", "timezone": "UTC", "extra_float_digits": 1}

Arg = tuple[str, str | None]  # (type spec, literal or None for NULL)


def q(lit: str) -> str:
    return "'" + lit.replace("'", "''") + "'"


def sql_arg(arg: Arg) -> str:
    spec, lit = arg
    return f"NULL::{spec}" if lit is None else f"{q(lit)}::{spec}"


# --- input cases -------------------------------------------------------------------------------

STRUCTURE = [
    "{}",
    "{1,2,3}",
    " { 1 , 2 , 3 } ",
    "{{1,2},{3,4}}",
    "{{{1},{2}},{{3},{4}}}",
    "[0:2]={1,2,3}",
    "[-2:-1]={1,2}",
    "[1:2][3:4]={{1,2},{3,4}}",
    "[1:2]={1,2}",
    "[2]={1,2}",
    " [1:2] = {1,2}",
    "{NULL,1}",
    "{null, NULL }",
    "{1,2",
    "{1,,2}",
    "{,1}",
    "{1,}",
    "{{1,2},{3}}",
    "{{1},2}",
    "{1,{2}}",
    "[1:3]={1,2}",
    "[3:1]={1}",
    "[1:2",
    "[]={1}",
    "[1:]={1}",
    "1,2",
    "",
    "{}x",
    "{} ",
    "{1}}",
    "{{1,2}",
    '{"1"}',
    '{"1" 2}',
    '{1"2"}',
    '{"1""2"}',
    "{  }",
    "{{},{}}",
    "{{}}",
    "{{1,2},{}}",
    "[1:1]={}",
    "{1 2}",
    "{\\1}",
    "{'1'}",
    "{1,2}junk",
    "[2147483647:2147483647]={1}",
    "[1:2147483646]={1}",
    "[99999999999]={1}",
    "{{{{{{{1}}}}}}}",
    "[1][1][1][1][1][1][1]={1}",
    "[1:1]{1}",
    "[1:1]= x",
    "[ 1:1]={1}",
    "[+1:+1]={1}",
    "[-1]={1}",
    "{2147483648}",
    "[1:1][1:2]={{1,2}}",
    "[1:1][1:2]={1,2}",
    "{{1,2},{3,4}",
    "{{1,2}{3,4}}",
    "{1}{2}",
    "[0:0]={7}",
    "[-2147483648:-2147483648]={1}",
    "{ NULL }",
    '{"NULL"}',
    "{\t1\n,\r2\f}",
    "{{NULL,NULL},{NULL,NULL}}",
]
TEXTS = [
    "{a,b,c}",
    '{"a b","c,d","",NULL,"e\\"f","NULL","null"}',
    "{ a , b }",
    "{a b}",
    "{  a  b  }",
    "{\\ a\\ }",
    '{"\\\\"}',
    "{a\\,b}",
    '{"{}"}',
    "{\\{}",
    '{ "a" , "b" }',
    '{"a" b}',
    '{""}',
    '{"",""}',
    "{NULLx}",
    "{nuLL}",
    "{\\NULL}",
    '{"}',
    '{a"b}',
    "{ab\\}",
    "{é,ü,日本}",
    '{"tab\there"}',
    "{a\nb}",
    "{ ,}",
    "{a,{b}}",
    "{a\\\\b}",
    '{"a\\b"}',
    "{x y ,z}",
    "{'a b'}",
    "{a;b}",
    "{\\}}",
    '{"\\""}',
    "{[1:2]}",
    "[1:2]={a b,c}",
    '{{"",NULL},{" ","x"}}',
    "{abc\\ }",
    "{\\\\N}",
    "{{a}}",
]
OTHERS: list[tuple[str, str]] = [
    ("int8", "{9223372036854775807,-9223372036854775808}"),
    ("int8", "{9223372036854775808}"),
    ("int2", "{1,-32768,32767}"),
    ("int2", "{32768}"),
    ("numeric", "{1.10,2,NaN,Infinity,-0.0,-Infinity}"),
    ("numeric", "{1e3, 0.000001 ,1.5e-3}"),
    ("numeric", "{abc}"),
    ("numeric(5,2)", "{1.234,5,NULL}"),
    ("numeric(5,2)", "{12345}"),
    ("float8", "{1.5,NaN,-Infinity,1e300,0.1,-0}"),
    ("float8", "{1e23, 100 ,0.30000000000000004}"),
    ("float4", "{1.1,16777217,1e6}"),
    ("bool", "{t,f,true,FALSE,NULL,yes, on }"),
    ("bool", "{maybe}"),
    ("date", "{2024-01-31,infinity,-infinity,NULL}"),
    ("date", "{2024-02-30}"),
    ("date", '{"2024-01-31 BC", 1999-12-31 }'),
    ("timestamptz", '{"2024-03-10 12:00:00+02","2024-03-10 05:00"}'),
    ("timestamptz", '{"2024-03-10 12:00:00.5+00",infinity}'),
    ("timestamp", '{"2024-03-10 12:00:00.25"}'),
    ("uuid", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}"),
    ("uuid", "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}"),
    ("uuid", "{nope}"),
    ("varchar(3)", "{abcdef,ab,NULL}"),
    ("bpchar(3)", "{a,abcd}"),
    ("varchar", '{"a ", " b"}'),
    ("bpchar", '{ab," c "}'),
    ("name", "{a,b}"),
    ("text", "{}"),
]
SETTINGS_CASES: list[tuple[dict[str, Any], str, str]] = [
    (
        {"datestyle": "Postgres, DMY", "timezone": "America/Los_Angeles", "extra_float_digits": 1},
        "date",
        "{01/02/2024,2024-03-04}",
    ),
    (
        {"datestyle": "Postgres, DMY", "timezone": "America/Los_Angeles", "extra_float_digits": 1},
        "timestamptz",
        '{"2024-03-10 12:00:00+02","2024-03-10 05:00"}',
    ),
    (
        {"datestyle": "SQL, MDY", "timezone": "Asia/Kolkata", "extra_float_digits": 0},
        "float8",
        "{0.1,1e300,0.30000000000000004}",
    ),
    (
        {"datestyle": "SQL, MDY", "timezone": "Asia/Kolkata", "extra_float_digits": 0},
        "timestamptz",
        "{2024-01-01 00:00:00}",
    ),
]


def input_cases() -> Iterator[dict[str, Any]]:
    for lit in STRUCTURE:
        yield {"kind": "input", "type": "int4", "literal": lit, "settings": UTC_ISO}
    for lit in TEXTS:
        yield {"kind": "input", "type": "text", "literal": lit, "settings": UTC_ISO}
    for spec, lit in OTHERS:
        yield {"kind": "input", "type": spec, "literal": lit, "settings": UTC_ISO}
    for st, spec, lit in SETTINGS_CASES:
        yield {"kind": "input", "type": spec, "literal": lit, "settings": st}


# --- function and operator cases ---------------------------------------------------------------


def call(
    prosrc: str,
    template: str,
    *args: Arg,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "kind": "call",
        "prosrc": prosrc,
        "template": template,
        "args": [list(a) for a in args],
        "settings": settings or UTC_ISO,
    }


def srf(prosrc: str, template: str, *args: Arg) -> dict[str, Any]:
    return {**call(prosrc, template, *args), "kind": "srf"}


def ia(lit: str | None) -> Arg:
    return ("int4[]", lit)


def i(lit: str | None) -> Arg:
    return ("int4", lit)


CMP_PAIRS = [
    ("{1,2,3}", "{1,2,3}"),
    ("{1,2}", "{1,2,3}"),
    ("{1,2,3}", "{1,2}"),
    ("{1,NULL}", "{1,NULL}"),
    ("{1,NULL}", "{1,2}"),
    ("{NULL}", "{1}"),
    ("[0:1]={1,2}", "{1,2}"),
    ("{{1,2},{3,4}}", "{1,2,3,4}"),
    ("{}", "{}"),
    ("{}", "{NULL}"),
    ("{1,3}", "{2}"),
    ("{{1,2}}", "{{1},{2}}"),
    ("{1,2}", "[2:3]={1,2}"),
    ("{2}", "{1,3}"),
    ("{{1}}", "{1}"),
    ("{}", "{1}"),
]
OPS = [
    ("array_eq", "="),
    ("array_ne", "<>"),
    ("array_lt", "<"),
    ("array_gt", ">"),
    ("array_le", "<="),
    ("array_ge", ">="),
]
CONTAIN_PAIRS = [
    ("{1,2,3}", "{2,3}"),
    ("{1,2,3}", "{3,4}"),
    ("{1,NULL}", "{NULL}"),
    ("{1,2}", "{}"),
    ("{}", "{}"),
    ("{}", "{1}"),
    ("{{1,2},{3,4}}", "{4,1}"),
    ("{1,1,2}", "{2,2,2}"),
    ("{NULL}", "{1}"),
    ("[0:1]={5,6}", "{6}"),
]
SHAPES = [
    "{}",
    "{1}",
    "[0:2]={1,2,3}",
    "{{1,2},{3,4}}",
    "[1:1][-1:0]={{1,2}}",
    "{NULL}",
    "{{{1,2,3}}}",
]


def compare_cases() -> Iterator[dict[str, Any]]:
    for a, b in CMP_PAIRS:
        for prosrc, op in OPS:
            yield call(prosrc, f"$1 {op} $2", ia(a), ia(b))
        yield call("btarraycmp", "btarraycmp($1, $2)", ia(a), ia(b))
        yield call("array_larger", "array_larger($1, $2)", ia(a), ia(b))
        yield call("array_smaller", "array_smaller($1, $2)", ia(a), ia(b))
    for spec, a, b in [
        ("numeric[]", "{1.0}", "{1.00}"),
        ("numeric[]", "{NaN}", "{Infinity}"),
        ("text[]", "{a}", "{b}"),
        ("text[]", "{ab}", "{a,b}"),
        ("text[]", "{B}", "{a}"),
        ("float8[]", "{NaN}", "{NaN}"),
        ("float8[]", "{-0}", "{0}"),
        ("bool[]", "{f}", "{t}"),
        ("bpchar[]", '{"a "}', "{a}"),
        ("date[]", "{2024-01-01}", "{infinity}"),
        (
            "uuid[]",
            "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
            "{00000000-0000-0000-0000-000000000000}",
        ),
    ]:
        for prosrc, op in OPS:
            yield call(prosrc, f"$1 {op} $2", (spec, a), (spec, b))
        yield call("btarraycmp", "btarraycmp($1, $2)", (spec, a), (spec, b))
        yield call("array_larger", "array_larger($1, $2)", (spec, a), (spec, b))
        yield call("array_smaller", "array_smaller($1, $2)", (spec, a), (spec, b))
    for a, b in CONTAIN_PAIRS:
        yield call("arraycontains", "$1 @> $2", ia(a), ia(b))
        yield call("arraycontained", "$1 <@ $2", ia(a), ia(b))
        yield call("arrayoverlap", "$1 && $2", ia(a), ia(b))
    yield call("arraycontains", "$1 @> $2", ("numeric[]", "{1.0,2}"), ("numeric[]", "{1}"))
    yield call("arrayoverlap", "$1 && $2", ("text[]", "{a,b}"), ("text[]", "{B,b}"))


def concat_cases() -> Iterator[dict[str, Any]]:
    for a, e in [
        ("{1,2}", "3"),
        ("{}", "3"),
        (None, "3"),
        ("{1,2}", None),
        ("[0:1]={1,2}", "3"),
        ("{{1,2}}", "3"),
        (None, None),
        ("[2147483647:2147483647]={1}", "2"),
    ]:
        yield call("array_append", "array_append($1, $2)", ia(a), i(e))
        yield call("array_prepend", "array_prepend($1, $2)", i(e), ia(a))
    yield call("array_append", "$1 || $2", ("text[]", "{a}"), ("text", "b c"))
    yield call("array_prepend", "$1 || $2", ("text", ""), ("text[]", "{a}"))
    yield call(
        "array_prepend", "array_prepend($1, $2)", i("1"), ia("[-2147483648:-2147483648]={1}")
    )
    for a, b in [
        ("{1,2}", "{3}"),
        ("{}", "{3}"),
        ("{1}", "{}"),
        ("{{1,2}}", "{3,4}"),
        ("{1,2}", "{{3,4}}"),
        ("{{1,2}}", "{{3,4}}"),
        ("{1,2}", "{{{3}}}"),
        ("{{1,2}}", "{3}"),
        ("[0:1]={1,2}", "[5:6]={3,4}"),
        ("{{1,2}}", "[2:3]={3,4}"),
        (None, "{1}"),
        ("{1}", None),
        (None, None),
        ("{}", "{}"),
        ("[0:0][0:1]={{1,2}}", "[0:1]={3,4}"),
        ("{{1},{2}}", "{{3,4}}"),
        ("[0:1]={1,2}", "{{3,4}}"),
    ]:
        yield call("array_cat", "$1 || $2", ia(a), ia(b))
    yield call("array_cat", "array_cat($1, $2)", ("text[]", '{"a b"}'), ("text[]", "{NULL}"))


def shape_cases() -> Iterator[dict[str, Any]]:
    for a in SHAPES:
        yield call("array_dims", "array_dims($1)", ia(a))
        yield call("array_ndims", "array_ndims($1)", ia(a))
        yield call("array_cardinality", "cardinality($1)", ia(a))
        for d in ("0", "1", "2", "3", "-1", None):
            yield call("array_length", "array_length($1, $2)", ia(a), i(d))
            yield call("array_lower", "array_lower($1, $2)", ia(a), i(d))
            yield call("array_upper", "array_upper($1, $2)", ia(a), i(d))
    for a, n in [
        ("{1,2,3}", "1"),
        ("{1,2,3}", "3"),
        ("{1,2,3}", "4"),
        ("{1,2,3}", "-1"),
        ("[0:2]={1,2,3}", "1"),
        ("{{1,2},{3,4}}", "1"),
        ("{}", "0"),
        ("{}", "1"),
        ("{1,2,3}", "0"),
        ("[5:7]={1,2,3}", "0"),
    ]:
        yield call("trim_array", "trim_array($1, $2)", ia(a), i(n))
    for a in [
        "{1,2,3}",
        "{}",
        "{{1,2},{3,4}}",
        "[0:2]={1,NULL,3}",
        "{1}",
        "{{1,2}}",
        "[2:3][0:1]={{1,2},{3,4}}",
    ]:
        yield call("array_reverse", "array_reverse($1)", ia(a))
        yield call("array_sort", "array_sort($1)", ia(a))
        for desc in ("true", "false"):
            yield call("array_sort_order", "array_sort($1, $2)", ia(a), ("bool", desc))
            for nf in ("true", "false"):
                yield call(
                    "array_sort_order_nulls_first",
                    "array_sort($1, $2, $3)",
                    ia(a),
                    ("bool", desc),
                    ("bool", nf),
                )
    for a in ["{3,1,NULL,2,NULL}", "{{3,4},{1,2},{1,NULL}}", "[0:2]={3,2,1}"]:
        yield call("array_sort", "array_sort($1)", ia(a))
        yield call("array_sort_order", "array_sort($1, $2)", ia(a), ("bool", "true"))
        yield call(
            "array_sort_order_nulls_first",
            "array_sort($1, $2, $3)",
            ia(a),
            ("bool", "false"),
            ("bool", "true"),
        )
        yield call("array_sort_order", "array_sort($1, $2)", ia(a), ("bool", None))
    yield call("array_sort", "array_sort($1)", ("text[]", '{b,a,C,NULL,""}'))
    yield call("array_sort", "array_sort($1)", ("float8[]", "{NaN,1,-Infinity,-0}"))
    yield call("array_sort", "array_sort($1)", ("numeric[]", "{2,1.0,1.00}"))
    yield call("array_sort", "array_sort($1)", ("numeric[]", "{2,1.0,1.5}"))


def search_cases() -> Iterator[dict[str, Any]]:
    for a, e in [
        ("{1,2,3,2}", "2"),
        ("{1,NULL,3}", None),
        ("{1,2}", "5"),
        ("{{1,2}}", "1"),
        ("{}", "1"),
        (None, "1"),
        ("[0:3]={4,5,6,7}", "6"),
    ]:
        yield call("array_position", "array_position($1, $2)", ia(a), i(e))
        yield call("array_positions", "array_positions($1, $2)", ia(a), i(e))
        yield call("array_remove", "array_remove($1, $2)", ia(a), i(e))
    for s in ("3", "-5", "10", None, "2"):
        yield call(
            "array_position_start", "array_position($1, $2, $3)", ia("{1,2,3,2}"), i("2"), i(s)
        )
    yield call(
        "array_position_start", "array_position($1, $2, $3)", ia("[0:3]={2,2,3,2}"), i("2"), i("0")
    )
    yield call("array_position", "array_position($1, $2)", ("text[]", "{a,b,c}"), ("text", "c"))
    yield call(
        "array_position", "array_position($1, $2)", ("numeric[]", "{1,2.0}"), ("numeric", "2")
    )
    yield call(
        "array_positions", "array_positions($1, $2)", ("text[]", "{a,NULL,a}"), ("text", "a")
    )
    for a, e in [
        ("{1,2,2,3}", "2"),
        ("{1,NULL,2}", None),
        ("{2,2}", "2"),
        ("[0:2]={1,2,3}", "2"),
        ("[0:2]={1,2,3}", "9"),
        ("{{1,2}}", "9"),
    ]:
        yield call("array_remove", "array_remove($1, $2)", ia(a), i(e))
    yield call("array_remove", "array_remove($1, $2)", ("text[]", "{a,b,a}"), ("text", "a"))
    for a, s, r in [
        ("{1,2,2}", "2", "9"),
        ("{1,NULL}", None, "0"),
        ("{{1,2},{2,1}}", "2", None),
        ("[0:1]={1,2}", "1", "5"),
        (None, "1", "2"),
        ("{}", "1", "2"),
        ("{1,2}", "7", "8"),
    ]:
        yield call("array_replace", "array_replace($1, $2, $3)", ia(a), i(s), i(r))
    for e, a in [
        ("5", "{1,3,5,7}"),
        ("0", "{1,3,5,7}"),
        ("10", "{1,3,5,7}"),
        ("5", "{}"),
        ("5", "{{1,2}}"),
        ("5", "{1,NULL}"),
        ("3", "{1,3,3,3,5}"),
        ("2", "{5,1}"),
    ]:
        yield call("width_bucket_array", "width_bucket($1, $2)", i(e), ia(a))
    yield call(
        "width_bucket_array", "width_bucket($1, $2)", ("float8", "5"), ("float8[]", "{1,NaN}")
    )
    yield call(
        "width_bucket_array", "width_bucket($1, $2)", ("float8", "NaN"), ("float8[]", "{1,NaN}")
    )
    yield call("width_bucket_array", "width_bucket($1, $2)", ("text", "b"), ("text[]", "{a,c}"))
    yield call(
        "width_bucket_array", "width_bucket($1, $2)", ("numeric", "2.5"), ("numeric[]", "{1,2.5,3}")
    )


def fill_cases() -> Iterator[dict[str, Any]]:
    for v, d in [
        ("7", "{3}"),
        ("7", "{2,2}"),
        (None, "{2}"),
        ("7", "{}"),
        ("7", "{0}"),
        ("7", "{-1}"),
        ("7", "{NULL}"),
        ("7", None),
        ("7", "{{1}}"),
        ("7", "{1,1,1,1,1,1,1}"),
        ("7", "{0,2}"),
    ]:
        yield call("array_fill", "array_fill($1, $2)", i(v), ia(d))
    yield call("array_fill", "array_fill($1, $2)", ("text", "a b"), ia("{2}"))
    for v, d, lb in [
        ("7", "{2}", "{0}"),
        ("7", "{2,2}", "{1}"),
        ("7", "{2}", None),
        ("7", "{2,3}", "{-1,5}"),
        ("7", "{2}", "{NULL}"),
        ("7", "{2}", "{{1}}"),
        ("7", "{}", "{}"),
        ("7", "{1}", "{2147483647}"),
    ]:
        yield call("array_fill_with_lower_bounds", "array_fill($1, $2, $3)", i(v), ia(d), ia(lb))


def string_cases() -> Iterator[dict[str, Any]]:
    for spec, lit, sep0 in [
        ("int4[]", "{1,2,NULL,3}", ","),
        ("text[]", "{a,b}", ""),
        ("int4[]", "{{1,2},{3,4}}", "-"),
        ("int4[]", "{}", ","),
        ("float8[]", "{0.1,1e300,-0}", ";"),
        ("numeric[]", "{1.10,NaN}", ","),
        ("bool[]", "{t,f}", ","),
        ("date[]", "{2024-01-31,infinity}", " | "),
        ("text[]", '{"a,b",NULL,""}', ","),
        ("int4[]", "{NULL}", ","),
    ]:
        yield call("array_to_text", "array_to_string($1, $2)", (spec, lit), ("text", sep0))
    yield call(
        "array_to_text",
        "array_to_string($1, $2)",
        ("date[]", "{2024-01-31}"),
        ("text", ","),
        settings={"datestyle": "SQL, DMY", "timezone": "UTC", "extra_float_digits": 1},
    )
    yield call(
        "array_to_text",
        "array_to_string($1, $2)",
        ("timestamptz[]", "{2024-01-31 10:00+00}"),
        ("text", ","),
        settings={"datestyle": "ISO, MDY", "timezone": "Asia/Kolkata", "extra_float_digits": 1},
    )
    for a, d, nul in [
        ("{1,NULL,3}", ",", "*"),
        ("{1,NULL,3}", ",", None),
        (None, ",", "*"),
        ("{1}", None, "*"),
        ("{NULL,NULL}", "-", ""),
        ("{}", ",", "*"),
    ]:
        yield call(
            "array_to_text_null", "array_to_string($1, $2, $3)", ia(a), ("text", d), ("text", nul)
        )
    for src, sep in [
        ("1,2,3", ","),
        ("1,,3", ","),
        ("", ","),
        ("abc", ""),
        ("abc", None),
        (None, ","),
        ("a,b,c", ",,"),
        ("a--b--", "--"),
        ("xx", "x"),
        ("", None),
        ("", ""),
        (" a , b ", ","),
        ("a\\,b", ","),
    ]:
        yield call("text_to_array", "string_to_array($1, $2)", ("text", src), ("text", sep))
    for src, sep, nul2 in [
        ("1,NULL,3", ",", "NULL"),
        ("a,,b", ",", ""),
        ("abc", None, "b"),
        ("a,b", ",", None),
        ("x", "", "x"),
        (None, ",", "a"),
    ]:
        yield call(
            "text_to_array_null",
            "string_to_array($1, $2, $3)",
            ("text", src),
            ("text", sep),
            ("text", nul2),
        )


def srf_cases() -> Iterator[dict[str, Any]]:
    for a in ["{1,2,3}", "{{1,2},{3,4}}", "{}", "{NULL,1}", "[0:1]={5,6}"]:
        yield srf("array_unnest", "unnest($1)", ia(a))
    yield srf("array_unnest", "unnest($1)", ("text[]", '{"a b",NULL,""}'))
    for a, d in [
        ("[0:2]={1,2,3}", "1"),
        ("{{1,2,3},{3,4,5}}", "2"),
        ("{{1,2},{3,4}}", "3"),
        ("{}", "1"),
        ("{1,2}", "0"),
        ("{1,2}", None),
    ]:
        yield srf("generate_subscripts_nodir", "generate_subscripts($1, $2)", ia(a), i(d))
        yield srf(
            "generate_subscripts", "generate_subscripts($1, $2, $3)", ia(a), i(d), ("bool", "true")
        )
    yield srf(
        "generate_subscripts",
        "generate_subscripts($1, $2, $3)",
        ia("{1,2}"),
        i("1"),
        ("bool", "false"),
    )


def call_cases() -> Iterator[dict[str, Any]]:
    for group in (compare_cases, concat_cases, shape_cases, search_cases, fill_cases, string_cases):
        yield from group()


# --- subscripts and aggregates -----------------------------------------------------------------

SUBSCRIPTS: list[tuple[str, str, list[int | None]]] = [
    ("int4[]", "{1,2,3}", [1]),
    ("int4[]", "{1,2,3}", [0]),
    ("int4[]", "{1,2,3}", [4]),
    ("int4[]", "[0:2]={1,2,3}", [0]),
    ("int4[]", "{{1,2},{3,4}}", [2, 1]),
    ("int4[]", "{{1,2},{3,4}}", [1]),
    ("int4[]", "{1,2,3}", [1, 1]),
    ("int4[]", "{}", [1]),
    ("int4[]", "{1,NULL}", [2]),
    ("text[]", '{"a b",c}', [1]),
    ("int4[]", "{1,2}", [-1]),
]
SLICES: list[tuple[str, str, list[int | None], list[int | None]]] = [
    ("int4[]", "{1,2,3}", [1], [2]),
    ("int4[]", "{1,2,3}", [2], [None]),
    ("int4[]", "{1,2,3}", [None], [2]),
    ("int4[]", "{1,2,3}", [0], [10]),
    ("int4[]", "{1,2,3}", [3], [2]),
    ("int4[]", "{{1,2,3},{4,5,6}}", [1, 2], [2, 3]),
    ("int4[]", "{{1,2,3},{4,5,6}}", [2], [2]),
    ("int4[]", "{}", [1], [2]),
    ("int4[]", "[0:2]={1,2,3}", [0], [1]),
    ("int4[]", "{1,2,3}", [1, 1], [1, 1]),
    ("int4[]", "{1,2,3}", [None], [None]),
    ("int4[]", "{1,2,3}", [5], [9]),
    ("int4[]", "{{1,2},{3,4}}", [None, 2], [None, 2]),
    ("int4[]", "{{1,2},{3,4}}", [1, 3], [2, 4]),
]


def subscript_cases() -> Iterator[dict[str, Any]]:
    for spec, lit, idx in SUBSCRIPTS:
        yield {"kind": "subscript", "array": [spec, lit], "indexes": idx, "settings": UTC_ISO}
    for spec, lit, lo, up in SLICES:
        yield {
            "kind": "slice",
            "array": [spec, lit],
            "lowers": lo,
            "uppers": up,
            "settings": UTC_ISO,
        }


AGGS: list[tuple[str, list[str | None]]] = [
    ("int4", ["1", "2", None, "3"]),
    ("text", ["a b", "", None]),
    ("int4", []),
    ("int4", [None]),
    ("numeric", ["1.10", "2"]),
    ("int4[]", ["{1,2}", "{3,4}"]),
    ("int4[]", ["[0:1]={1,2}", "[0:1]={3,4}"]),
    ("int4[]", ["{1,2}", "{3}"]),
    ("int4[]", ["{1,2}", None]),
    ("int4[]", ["{}", "{1}"]),
    ("int4[]", ["{{1,2}}", "{{3,4}}"]),
    ("int4[]", ["{1}", "{{1}}"]),
    ("int4[]", []),
    ("int4[]", ["{1,NULL}"]),
    ("text[]", ['{"a b"}', "{NULL}"]),
    ("int4[]", ["[0:1]={1,2}", "{3,4}"]),
    ("int4[]", ["{{{{{{1}}}}}}"]),
]


def agg_cases() -> Iterator[dict[str, Any]]:
    for spec, values in AGGS:
        is_arr = spec.endswith("[]")
        yield {
            "kind": "agg",
            "type": spec,
            "values": values,
            "transfn": "array_agg_array_transfn" if is_arr else "array_agg_transfn",
            "finalfn": "array_agg_array_finalfn" if is_arr else "array_agg_finalfn",
            "settings": UTC_ISO,
        }


# --- running -----------------------------------------------------------------------------------


def fill_template(template: str, args: list[list[Any]]) -> str:
    out = template
    for n in range(len(args), 0, -1):
        spec, lit = args[n - 1]
        out = out.replace(f"${n}", sql_arg((spec, lit)))
    return out


def sql_for(case: dict[str, Any]) -> str:
    kind = case["kind"]
    if kind == "input":
        return f"SELECT x, pg_typeof(x)::oid FROM (SELECT {q(case['literal'])}::{case['type']}[] AS x) s"
    if kind == "call":
        expr = fill_template(case["template"], case["args"])
        return f"SELECT x, pg_typeof(x)::oid FROM (SELECT {expr} AS x) s"
    if kind == "srf":
        expr = fill_template(case["template"], case["args"])
        return f"SELECT x, pg_typeof(x)::oid FROM {expr} AS x"
    if kind in ("subscript", "slice"):
        spec, lit = case["array"]
        arr = f"({sql_arg((spec, lit))})"
        if kind == "subscript":
            sub = "".join(f"[{v}]" for v in case["indexes"])
        else:
            sub = "".join(
                f"[{'' if lo is None else lo}:{'' if up is None else up}]"
                for lo, up in zip(case["lowers"], case["uppers"], strict=True)
            )
        return f"SELECT x, pg_typeof(x)::oid FROM (SELECT {arr}{sub} AS x) s"
    if kind == "agg":
        spec = case["type"]
        if not case["values"]:
            return (
                f"SELECT x, pg_typeof(x)::oid FROM (SELECT array_agg(v) AS x "
                f"FROM (SELECT NULL::{spec} AS v) t WHERE false) s"
            )
        rows = ", ".join(f"({n}, {sql_arg((spec, v))})" for n, v in enumerate(case["values"]))
        return (
            f"SELECT x, pg_typeof(x)::oid FROM (SELECT array_agg(v ORDER BY n) AS x "
            f"FROM (VALUES {rows}) t(n, v)) s"
        )
    raise ValueError(kind)


def run(conn: Any, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import psycopg

    out = []
    current: dict[str, Any] = {}
    for case in cases:
        st = case["settings"]
        if st != current:
            conn.execute(f"SET DateStyle = {q(st['datestyle'])}", prepare=False)
            conn.execute(f"SET TimeZone = {q(st['timezone'])}", prepare=False)
            conn.execute(f"SET extra_float_digits = {int(st['extra_float_digits'])}", prepare=False)
            current = st
        sql = sql_for(case)
        rec: dict[str, Any] = {**case, "sql": sql, "sqlstate": None, "result_type": None}
        try:
            cur = conn.execute(sql, prepare=False)
            res = cur.pgresult
            assert res is not None
            vals = [res.get_value(r, 0) for r in range(res.ntuples)]
            texts = [None if v is None else v.decode() for v in vals]
            if res.ntuples:
                t = res.get_value(0, 1)
                rec["result_type"] = int(t.decode()) if t is not None else None
            if case["kind"] == "srf":
                rec["rows"] = texts
            else:
                rec["result"] = texts[0]
        except psycopg.Error as e:
            rec["sqlstate"] = e.sqlstate
            rec["message"] = e.diag.message_primary
        out.append(rec)
    return out


GROUPS = {
    "input": input_cases,
    "functions": call_cases,
    "srf": srf_cases,
    "subscripts": subscript_cases,
    "aggregates": agg_cases,
}


def write_oids(conn: Any, version: str) -> None:
    rows = conn.execute(
        "SELECT oid::int, typarray::int FROM pg_type WHERE typarray <> 0 AND oid < 16384 "
        "ORDER BY oid",
        prepare=False,
    ).fetchall()
    delims = conn.execute(
        "SELECT oid::int, typdelim FROM pg_type WHERE typdelim <> ',' AND oid < 16384 "
        "AND typarray <> 0 ORDER BY oid",
        prepare=False,
    ).fetchall()
    lines = [
        f'"""pg_type.typarray and typdelim of every builtin type (PostgreSQL {version}).',
        "",
        "Generated by tools/gen_array_goldens.py — do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "# element type OID -> its array type OID (pg_type.typarray)",
        "ARRAY_OIDS: dict[int, int] = {",
        *(f"    {e}: {a}," for e, a in rows),
        "}",
        "",
        "# element types whose array delimiter (pg_type.typdelim) is not ','",
        "TYPDELIMS: dict[int, str] = {",
        *(f"    {e}: {json.dumps(d)}," for e, d in delims),
        "}",
        "",
    ]
    OIDS_MODULE.write_text("\n".join(lines))
    print(f"array_oids: {len(rows)} types")


def write(dsn: str, oids_only: bool) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True, prepare_threshold=None) as conn:
        row = conn.execute("SHOW server_version", prepare=False).fetchone()
        assert row is not None
        version = row[0]
        write_oids(conn, version)
        if oids_only:
            return
        OUT.mkdir(parents=True, exist_ok=True)
        for name, fn in GROUPS.items():
            cases = run(conn, list(fn()))
            doc = {
                "generated_by": "tools/gen_array_goldens.py — do not edit",
                "postgres_version": f"PostgreSQL {version}",
                "count": len(cases),
                "cases": cases,
            }
            (OUT / f"{name}.json").write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n")
            print(f"{name}: {len(cases)} cases")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dsn", help="use this server instead of starting an embedded primary")
    ap.add_argument("--oids-only", action="store_true")
    args = ap.parse_args()
    if args.dsn:
        write(args.dsn, args.oids_only)
        return
    from replica.primary import start_primary

    with start_primary() as p:
        write(p.dsn(), args.oids_only)


if __name__ == "__main__":
    main()
