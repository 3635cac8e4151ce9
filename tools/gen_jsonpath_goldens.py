"""Record golden jsonpath cases from a real PostgreSQL into tests/golden/jsonpath/*.json.

Two kinds of case. *Input* cases cast a text to jsonpath and store jsonpath_out's text (or the
SQLSTATE, message and detail of the error). *Function* cases name an implementation by
``pg_proc.prosrc`` (jsonb_path_query, jsonb_path_exists_opr, ...) with its arguments as text
(jsonb target, jsonpath, vars jsonb, silent bool) plus the session TimeZone and DateStyle, and
store the result as text (``expect``; None for SQL NULL), a set-returning function's rows
(``rows``), or the error.

Sources: every constant jsonpath literal, jsonb_path_*() call and ``@?``/``@@`` expression in
../shared/corpora/pg_regress/sql/{jsonpath,jsonpath_encoding,jsonb_jsonpath,sqljson*}.sql
(found with pglast, following the files' SET TimeZone/DateStyle), plus hand-written batteries
below, and a battery of the datetime methods and comparisons (datetime.json) run under several
TimeZone settings. tests/unit/test_jsonpath_golden.py replays them with no server.

Usage: .venv/bin/python tools/gen_jsonpath_goldens.py [--out tests/golden/jsonpath]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "pg_regress" / "sql"
FILES = ("jsonpath", "jsonpath_encoding", "jsonb_jsonpath", "sqljson_queryfuncs",
         "sqljson_jsontable", "sqljson")

DEFAULT_TZ = "America/Los_Angeles"  # pg_regress's PGTZ / PGDATESTYLE
DEFAULT_DATESTYLE = "Postgres, MDY"

FUNCS = {
    "jsonb_path_exists", "jsonb_path_match", "jsonb_path_query", "jsonb_path_query_array",
    "jsonb_path_query_first", "jsonb_path_exists_tz", "jsonb_path_match_tz",
    "jsonb_path_query_tz", "jsonb_path_query_array_tz", "jsonb_path_query_first_tz",
}
SRFS = {"jsonb_path_query", "jsonb_path_query_tz"}
OPERATORS = {"@?": "jsonb_path_exists_opr", "@@": "jsonb_path_match_opr"}
ARG_NAMES = ("target", "path", "vars", "silent")

Case = dict[str, Any]


def quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# --- mining the regression corpus -------------------------------------------------------------


def _const(node: Any) -> tuple[str, Any] | None:
    """('str', text) / ('bool', b) for a constant argument, else None."""
    from pglast import ast

    if isinstance(node, ast.TypeCast):
        type_name: Any = node.typeName
        names = [n.sval for n in type_name.names]
        if names[-1] not in ("jsonb", "jsonpath", "text", "bool", "boolean"):
            return None
        inner = _const(node.arg)
        if inner is None:
            return None
        if names[-1] in ("bool", "boolean") and inner[0] == "str":
            return ("bool", inner[1].strip().lower() in ("t", "true", "on", "yes", "1"))
        return inner
    if isinstance(node, ast.A_Const) and not node.isnull:
        if isinstance(node.val, ast.String):
            return ("str", node.val.sval)
        if isinstance(node.val, ast.Boolean):
            return ("bool", bool(node.val.boolval))
    return None


def _call_case(fn: str, args: Any) -> Case | None:
    from pglast import ast

    values: dict[str, Any] = {"vars": "{}", "silent": False}
    for i, a in enumerate(args or ()):
        name = ARG_NAMES[i]
        if isinstance(a, ast.NamedArgExpr):
            name, a = str(a.name), a.arg
        c = _const(a)
        if c is None:
            return None
        values[name] = c[1]
    if "target" not in values or "path" not in values:
        return None
    if not isinstance(values["silent"], bool):
        return None
    return {"fn": fn, "args": [values["target"], values["path"], values["vars"], values["silent"]]}


def mine(sql_text: str, paths: list[str], calls: list[Case]) -> None:
    from pglast import ast, parse_sql, split
    from pglast.visitors import Visitor

    settings = {"tz": DEFAULT_TZ, "datestyle": DEFAULT_DATESTYLE}

    class V(Visitor):
        def visit_TypeCast(self, ancestors: Any, node: Any) -> None:
            if node.typeName.names[-1].sval == "jsonpath":
                c = _const(node.arg)
                if c and c[0] == "str":
                    paths.append(c[1])

        def visit_FuncCall(self, ancestors: Any, node: Any) -> None:
            name = node.funcname[-1].sval
            if name in FUNCS:
                case = _call_case(name, node.args)
                if case:
                    case.update(settings)
                    calls.append(case)
                    paths.append(case["args"][1])

        def visit_A_Expr(self, ancestors: Any, node: Any) -> None:
            op = node.name[-1].sval if node.name else None
            if op in OPERATORS and node.lexpr is not None:
                a, b = _const(node.lexpr), _const(node.rexpr)
                if a and b and a[0] == b[0] == "str":
                    calls.append({"fn": OPERATORS[op], "args": [a[1], b[1]], **settings})
                    paths.append(b[1])

    lines = [ln for ln in sql_text.splitlines() if not ln.lstrip().startswith("\\")]
    for stmt_text in split("\n".join(lines), with_parser=False):
        try:
            tree = parse_sql(stmt_text)
        except Exception:  # noqa: BLE001 - psql-only syntax; skip it
            continue
        for raw in tree:
            stmt: Any = raw.stmt
            if isinstance(stmt, ast.VariableSetStmt):
                _track_set(stmt, settings)
                continue
            V()(stmt)


def _track_set(stmt: Any, settings: dict[str, str]) -> None:
    from pglast.enums import VariableSetKind

    name = (stmt.name or "").lower()
    if name not in ("timezone", "datestyle"):
        return
    key = "tz" if name == "timezone" else "datestyle"
    if stmt.kind in (VariableSetKind.VAR_SET_DEFAULT, VariableSetKind.VAR_RESET):
        settings[key] = DEFAULT_TZ if key == "tz" else DEFAULT_DATESTYLE
        return
    vals = []
    for a in stmt.args or ():
        v = a.val
        vals.append(getattr(v, "sval", None) or str(getattr(v, "ival", "")))
    settings[key] = ", ".join(vals)


# --- hand-written batteries -------------------------------------------------------------------

EXTRA_PATHS = [
    "$.a.b.c", "$[1 to 2, 0]", "$.a ? (@ > 1 && @ < 5 || !(@ == 3))", "1 + 2 + 3", "1 - (2 - 3)",
    "1 * (2 + 3)", "(1 * 2) + 3", "-(-1)", "- -1", "-(1 + 2)", "-$.a", "+$.a", "-(1).a",
    "-1.5e-3", "1e400", "$.\"a b\"", "$.\"\\u0041\"", "$.a\\u0042", "$\"x y\"", "$ ? (@ == $\"a\")",
    "$.a[last - 1 to last]", "$.**{1 to last}", "$.**{last to 1}", "$.**{0 to last}",
    "$.**{0}", "$.**{ 2 }", "$.**{2147483648}", "$.a.**", "$ ? (exists($.a) && $.b starts with \"x\")",
    "$.size().type()", "$.keyvalue().value", "$.decimal()", "$.decimal(10)", "$.decimal(+3, -1)",
    "$.decimal(1,2,3)", "$.decimal(1.5)", "$.time(+1)", "$.time(1.5)", "$.datetime(1)",
    "$ ? (@ like_regex \"a\" flag \"x\")", "$ ? (@ like_regex \"[a\" flag \"q\")",
    "$ ? (@ like_regex \"\\\\w+\")", "@", "$ ? (@ > 1) + @", "last", "$[last ? (@ > last)]",
    "$[@]", "$ ? ($[last] > 1)", "$.a/*c*/", "$.a /* c */ .b", "$/*", "\"abc", "$.a\\",
    "$.a[", "$.a[1", "$.a[*", "$ ? (", "$ ? (@)", "$ ? (1)", "(1 > 2) + 3", "1 + (2 > 3)",
    "1 + (2 > 3).a", "!(1 > 2).a", "!(1 > 2) is unknown", "(1 > 2) is unknown",
    "((1 > 2)) is unknown", "exists($.a).b", "1 == 1 == 1", "1 && 2", "$ > 1 && 2",
    "$ ? (@ starts with $x)", "$ ? (@ starts with 1)", "$.a ? (@.b == 1).c", "$.type",
    "$.TYPE()", "$.Type", "NULL", "True", "$.null", "$.true.false", "$.is.to.last.with.flag",
    "$.\"\"", "$[*][*]", "$[ * ]", "$.* .*", "$.a .b", "$ .a", "strict", "lax", "STRICT $",
    "strict $.a", "lax lax", "$ lax", "$ a", "$ a b", "$.a b", "$.a()", "$.size", "$.size ()",
    "$.size( )", "$.a.double()", "$.boolean().string()", "$.number().integer().bigint()",
    "$.date().time().time_tz().timestamp().timestamp_tz()", "$.datetime(\"HH24\").type()",
    "0x", "0x1g", "0X1F", "0B1", "0O7", "1_0", "1__0", "1.5_5", "1e1_0", "1E+5", "1e-5",
    ".5", "5.", "5.e", "5.e+", "1.5a", "1e5a", "1a2", "1_000_000.000_1", "$ ? (@ == 1e2)",
    "0.0", "-0", "-0.0", "- 0.00", "1.0e-20", "123456789012345678901234567890",
    "$.a[1.5]", "$.a[-1]", "$.a[1,]", "$.a[,1]", "$.a[1 to]", "$[1 to 2 to 3]",
    "\"\\x41\\x4\"", "\"\\u004\"", "\"\\u{41}\\u{1F600}\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"",
    "\"\\ude00\"", "\"\\u0000\"", "\"\\u{0}\"", "\"a\\", "\"\\a\\c\\'\"", "'abc'", "$.'a'",
    "$ ? (@ == 'x')", "$.a ? (@ like_regex \"^a\" flag \"imsq\")", "$.a?(@ like_regex \"\")",
    "$..a", "$.a.", "$.", "$[", "$]", "$}", "$ ? (@ == true) ? (@ != false)",
    "$.a[$.b[0] to last]", "$ ? (@.a[*] ? (@ > 1).size() > 0)", "$.a + $.b * $.c - $.d / $.e % 2",
    "($.a + $.b) * ($.c - $.d)", "$.a * ($.b + $.c) / 2", "-($.a * 2)", "-$.a * 2",
    "+($.a)", "(-1).abs()", "-(1).abs()", "(1).abs()", "-1.abs()", "\"a\".type()",
    "null.type()", "true.size()", "$a.b[*]", "$\"a\\\"b\"", "$ ? (@ != null || @ <> 1)",
    "$ ? (! exists(@.a))", "$ ? (!exists (@.a))", "$ ? (!(@ > 1))", "$ ? (!@ > 1)",
    "$.datetime(\"YYYY\" )", "$.datetime(\"\")", "$.time()", "$.a.**{1 to 2}.b",
    "$.keyvalue().key == \"a\"", "$ ? (@.x == $x && @.y == $y || @.z == $z)",
]

DOCS = [
    "null", "true", "false", "0", "1", "-1.5", "2.50", "1e10", "\"\"", "\"abc\"", "\"2020-01-02\"",
    "[]", "{}", "[1, 2, 3]", "[1, \"a\", null, true, [2, 3], {\"b\": 4}]",
    "{\"a\": 1, \"b\": [1, 2, {\"c\": 3}], \"d\": {\"e\": {\"f\": \"x\"}}}",
    "[[1, 2], [3, [4, 5]], {\"a\": [6]}]", "{\"a\": [1, 2], \"b\": \"x\", \"c\": null, \"d\": 1.5}",
    "[{\"a\": 1, \"b\": 2}, {\"a\": -3, \"b\": \"4\"}, {\"a\": null}, {\"c\": 5}]",
    "[0, -0.0, 1.25, -2.75, 12345678901234567890, 1e-5, 3.000]",
]

QUERY_PATHS = [
    "$", "lax $", "strict $", "$.a", "strict $.a", "$.*", "strict $.*", "$[*]", "strict $[*]",
    "$[0]", "strict $[0]", "$[1 to 2]", "strict $[1 to 5]", "$[last]", "$[last - 1]",
    "strict $[-1]", "$[0, last, 1]", "$.**", "$.**{1}", "$.**{2 to last}", "strict $.**",
    "$.a[*]", "lax $.b[*].c", "strict $.b[*].c", "$.size()", "strict $.size()", "$[*].size()",
    "$.type()", "$[*].type()", "$.abs()", "$[*].abs()", "$.floor()", "$[*].ceiling()",
    "$[*].floor()", "$.double()", "$[*].double()", "strict $.double()", "$.keyvalue()",
    "$[*].keyvalue()", "$.*.keyvalue()", "$ ? (@ > 0)", "$[*] ? (@ > 0)", "$[*] ? (@ == null)",
    "$[*] ? (@ == \"a\")", "$[*] ? (@.type() == \"number\")", "$[*] ? (@ starts with \"a\")",
    "$[*] ? (@ like_regex \"^[a-c]\")", "$[*] ? (exists (@.a))", "$[*] ? ((@ > 1) is unknown)",
    "$[*] ? (!(@ > 1))", "$ ? (@.a == 1 || @.b == \"x\")", "$[*].a + 1", "$.a + 1", "-$.a",
    "-$[*]", "+$[*]", "$[*] * 2", "$[0] / 0", "$[0] % 0", "1 / $[0]", "$.a * $.b",
    "$[*] - 1", "strict $[*] + 1", "$.a.b.c", "strict $.a.b.c", "$.d.e.f", "$ == 1",
    "$[*] > 1", "$.a > 0 && $.b > 0", "$ starts with \"a\"", "exists($.a)", "$.a == $.a",
    "$[*].bigint()", "$[*].integer()", "$[*].number()", "$[*].decimal(10, 2)", "$[*].string()",
    "$[*].boolean()", "$.bigint()", "$.integer()", "$.number()", "$.decimal()", "$.string()",
    "$.boolean()", "$.decimal(3)", "$.decimal(4, 1)", "strict $.string()", "$.*.string()",
    "$[*].decimal(3, -1)", "$[*].decimal(1000)", "$[*].decimal(0)", "$[*].decimal(5, 6)",
]

VALUE_BATTERY = [
    "1", "-1", "0", "1.5", "-1.5", "2.5", "-2.5", "1e3", "1.0", "123.456", "-0.000", "\"1\"",
    "\"-2.5\"", "\"1e3\"", "\"abc\"", "\"true\"", "\"false\"", "\"t\"", "\"yes\"", "\"no\"",
    "\"0\"", "\"NaN\"", "\"Infinity\"", "\"-inf\"", "\" 12 \"", "\"1_000\"", "\"0x1F\"", "true",
    "false", "null", "[]", "{}", "[1]", "9223372036854775807", "9223372036854775808",
    "2147483647", "2147483648", "-2147483649", "1e308", "1e309", "12345.678", "0.5",
    "\"12345.678\"", "\"99.995\"", "\"1e400\"",
]
VALUE_METHODS = [
    ".bigint()", ".integer()", ".number()", ".decimal()", ".decimal(4, 2)", ".decimal(2)",
    ".string()", ".boolean()", ".double()", ".abs()", ".floor()", ".ceiling()", ".type()",
    ".size()", " + 1", " * -1", " / 3", " % 2", ".keyvalue()",
]
ARITH = [
    "1 + 2", "1.5 + 2.25", "10 / 4", "1 / 3", "2 / 3 * 3", "10 % 3", "-10 % 3", "10 % -3",
    "5.5 % 2", "1 / 0", "1 % 0", "0 / 1", "1e10 * 1e10", "0.1 + 0.2", "100000000000 * 3",
    "-(1 - 5)", "1 - -1", "7 / 7", "1.000 * 2", "2 * 1.50", "1 / 7.0", "22 / 7 * 7",
    "(1 + 2).type()", "(1 / 3).floor()", "(-1.5).ceiling()", "(-1.5).floor()", "(2.5).abs()",
    "\"a\" + 1", "1 + \"a\"", "null + 1", "true * 2", "1 == 1.0", "1 < \"1\"", "\"a\" < \"b\"",
    "\"a\" < \"ab\"", "\"B\" < \"a\"", "null == null", "null != 1", "true > false",
    "true == true", "[1] == [1]", "1 == \"1\"", "\"é\" > \"z\"", "\"abc\" starts with \"ab\"",
]


FUZZ_TOKENS = [
    "$", "@", "$x", "$\"v\"", "last", "1", "-1", "2.5", "1e2", ".5", "0x1F", "1_0", "\"s\"",
    "null", "true", "false", ".a", ".\"b c\"", ".*", ".**", ".**{1 to 2}", "[*]", "[0]",
    "[1 to last]", "[last]", "?(", "(", ")", " ", "+", "-", "*", "/", "%", "==", "!=", "<>",
    "<", "<=", ">", ">=", "&&", "||", "!", "exists", "like_regex \"a\"", "flag \"i\"",
    "starts with", "is unknown", ".type()", ".size()", ".double()", ".abs()", ".keyvalue()",
    ".decimal(2,1)", ".string()", ".datetime()", "strict ", "lax ", ",", "[", "]", "{", "}",
    ".", "?", "to", "abc", "\\", "/**/", "\"",
]


def fuzz_paths(n: int, seed: int) -> list[str]:
    """Seeded random token soups: mostly syntax errors, checking that the scanner and parser
    fail at the same token with the same message as PostgreSQL."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(1, 8)
        out.append("".join(rng.choice(FUZZ_TOKENS) for _ in range(k)))
    return out


FUZZ_DOCS = ['{"a": [1, 2.5, "x"], "b c": {"a": null}}', '[[1, 2], {"a": 3}, true]', '"s"']


def fuzz_calls(valid_paths: list[str]) -> list[Case]:
    """Every valid path (corpus, hand-written and fuzz) on a few documents, loud and silent."""
    out: list[Case] = []
    for p in valid_paths:
        for doc in FUZZ_DOCS:
            for silent in (False, True):
                out.append({"fn": "jsonb_path_query", "args": [doc, p, '{"v": 1}', silent],
                            "tz": "UTC", "datestyle": "ISO, MDY"})
    return out


def extra_calls() -> list[Case]:
    base = {"tz": "UTC", "datestyle": "ISO, MDY"}
    out: list[Case] = []

    def add(fn: str, doc: str, path: str, vars_: str = "{}", silent: bool = False) -> None:
        out.append({"fn": fn, "args": [doc, path, vars_, silent], **base})

    for doc, path in itertools.product(DOCS, QUERY_PATHS):
        add("jsonb_path_query", doc, path)
    for doc, path in itertools.product(DOCS[:12], QUERY_PATHS[:40]):
        add("jsonb_path_query", doc, path, silent=True)
    for v, m in itertools.product(VALUE_BATTERY, VALUE_METHODS):
        add("jsonb_path_query", v, "$" + m)
        add("jsonb_path_query", v, "strict $" + m)
    for expr in ARITH:
        add("jsonb_path_query", "null", expr)
        add("jsonb_path_query", "null", "strict " + expr)
        add("jsonb_path_query_array", "{}", expr, silent=True)
    for doc, path in itertools.product(DOCS[11:], QUERY_PATHS[::3]):
        for fn in ("jsonb_path_exists", "jsonb_path_query_array", "jsonb_path_query_first"):
            add(fn, doc, path)
        add("jsonb_path_match", doc, path)
        add("jsonb_path_match", doc, path, silent=True)
        out.append({"fn": "jsonb_path_exists_opr", "args": [doc, path], **base})
        out.append({"fn": "jsonb_path_match_opr", "args": [doc, path], **base})
    # ternary logic (jsonb_jsonpath.sql builds vars with jsonb_build_object)
    for x, y in itertools.product(["true", "false", "\"null\""], repeat=2):
        vars_ = f'{{"x": {x}, "y": {y}}}'
        for op in ("&&", "||"):
            p = (f"$[*] ? (@ == true  &&  ($x == true {op} $y == true) || @ == false && "
                 f"!($x == true {op} $y == true) || @ == null  &&  ($x == true {op} $y == true) "
                 "is unknown)")
            add("jsonb_path_query", "[true, false, null]", p, vars_)
    for vars_ in ("1", "[]", "null", "{\"a\": 1}", "{\"x\": [1, 2]}"):
        add("jsonb_path_query", "[1, 2]", "$[*] ? (@ == $x)", vars_)
        add("jsonb_path_query", "[1, 2]", "$[*] ? (@ == $x)", vars_, True)
    return out


# --- the datetime battery (datetime.json) ----------------------------------------------------

DT_ZONES = ("UTC", "America/Los_Angeles", "+10", "Asia/Kolkata", "Europe/Moscow")
DT_STRINGS = [
    "2023-08-15", "2023-8-5", "0001-01-01", "1000000-01-01", "2023-02-29", "2024-02-29",
    "2023-13-01", "2023-00-10", "12:34:56", "12:34:56.789", "12:34:56.1234567", "24:00:00",
    "23:59:60", "1:2:3", "12:34:56+3", "12:34:56 +05:30", "12:34:56 -05:30", "12:34:56-05:30",
    "12:34:56+05:30:15", "12:34:56+16", "12:34:56+15:59", "12:34:56.5-08", "2023-08-15 12:34:56",
    "2023-08-15T12:34:56", "2023-08-15t12:34:56", "2023-08-15 12:34:56.000001",
    "2023-08-15T12:34:56.999999+05:30", "2023-08-15 12:34:56+02", "2023-08-15 12:34:56 -3",
    "2023-08-15  12:34:56", " 2023-08-15", "2023-08-15 ", "2023-08-15 12:34", "2023-08-15 12",
    "2023-03-12 02:30:00", "2023-11-05 01:30:00", "1900-01-01 00:00:00", "294276-12-31 23:59:59",
    "294277-01-01 00:00:00", "4714-11-24 00:00:00", "bogus", "", "12:34:56 UTC",
]
DT_METHODS = [
    ".datetime()", ".date()", ".time()", ".time_tz()", ".timestamp()", ".timestamp_tz()",
    ".datetime().type()", ".datetime().string()", ".time(0)", ".time(3)", ".time_tz(1)",
    ".timestamp(0)", ".timestamp_tz(2)", ".timestamp(7)", ".date().string()",
    ".timestamp_tz().string()", ".time_tz().type()", ".datetime().size()",
    ".datetime().datetime()", ".datetime().double()", ".datetime() + 1",
    ".datetime() starts with \"2\"", ".datetime().keyvalue()", ".datetime().a",
    ".datetime() ? (@ like_regex \"1\")", ".timestamp() == \"2023-08-15\".date()",
]
DT_TEMPLATES = [
    ("10-03-2017", "dd-mm-yyyy"), ("10-03-2017 12:34", "dd-mm-yyyy HH24:MI"),
    ("10-03-2017 12:34 +05:20", "dd-mm-yyyy HH24:MI TZH:TZM"), ("12:34:56 +05", "HH24:MI:SS TZH"),
    ("12:34:56 -05", "HH24:MI:SS TZH"), ("12:34:56 -5:30", "HH24:MI:SS OF"),
    ("2017-03-10 12:34:56.123456", "yyyy-mm-dd HH24:MI:SS.US"),
    ("2017-03-10 12:34:56.123456", "yyyy-mm-dd HH24:MI:SS.FF3"),
    ("2017-03-10 12:34:56.12", "yyyy-mm-dd HH24:MI:SS.FF1"), ("12:34:56.987654", "HH24:MI:SS.FF5"),
    ("12:34:56.987654 +1", "HH24:MI:SS.FF2 TZH"), ("12:34:56.5", "HH24:MI:SS.MS"),
    ("01:02 PM", "HH12:MI AM"), ("12:02 am", "HH:MI am"), ("13:02 PM", "HH12:MI PM"),
    ("Mar 10, 2017", "Mon DD, YYYY"), ("March 10 2017", "Month DD YYYY"),
    ("friday 10 march 2017", "day DD month YYYY"), ("069 2017", "DDD YYYY"), ("2457823", "J"),
    ("2017-10-5", "IYYY-IW-ID"), ("2017 10", "IYYY IW"), ("2017 10", "YYYY WW"),
    ("x 2017", "RM YYYY"), ("iii 2017", "rm YYYY"), ("20 17", "CC YY"), ("2,017", "Y,YYY"),
    ("17", "YY"), ("817", "YYY"), ("7", "Y"), ("2017 4", "YYYY Q"), ("45296", "SSSS"),
    ("2017 AD", "YYYY AD"), ("2017 B.C.", "YYYY B.C."), ("10-03-2017", "dd/mm/yyyy"),
    ("10-03-2017", "dd-mm-yyyy-"), ("10-03-2017T12", "dd-mm-yyyy\"T\"HH24"),
    ("10-03-2017X12", "dd-mm-yyyy\"T\"HH24"), ("10-03-2017 12", "dd-mm-yyyy HH24 TZH"),
    ("10-03-2017 +3", "dd-mm-yyyy TZH"), ("12", "HH24"), ("aaaa", "HH24"), ("12:34", "aaa"),
    ("12:34", "HH24\\MI"), ("12:34", "HH24;MI"), ("12:34", "HH24 MI"), ("12 34", "HH24  MI"),
    ("2017", "FMYYYY"), ("02017", "YYYY"), ("10.03.2017 12:35", "dd.mm.yyyy HH24:MI"),
    ("10-03-2017 12:34:56 +05:30", "dd-mm-yyyy HH24:MI:SS TZH:TZM"), ("2017", ""),
    ("10", "IW"), ("2017-03-10 25:00", "yyyy-mm-dd HH24:MI"), ("2017-02-30", "yyyy-mm-dd"),
    ("12:34:56 +16", "HH24:MI:SS TZH"), ("12:34 EST", "HH24:MI TZ"), ("12:34 +3", "HH24:MI TZ"),
    ("10-03-2017", "dd-mm-yyyyFX"), ("2017-03-10", "yyyy-mm-dd\"\""),
]
DT_ITEMS = (
    '["2017-03-10", "2017-03-11", "2017-03-10 12:35:00", "2017-03-10 12:35:00+01", '
    '"2017-03-10 13:35:00+01", "2017-03-09 23:00:00-01", "12:34:56", "12:35:00+01", '
    '"12:35:00-02", "11:35:00+00", "1000000-01-01"]'
)
DT_RIGHT = [
    '"2017-03-10".date()', '"2017-03-10 12:35:00".timestamp()',
    '"2017-03-10 12:35:00 +1".timestamp_tz()', '"12:35:00".time()', '"12:35:00 +1".time_tz()',
    '"10.03.2017 12:35".datetime("dd.mm.yyyy HH24:MI")', '"2017-03-10"', '1', 'null',
]


def datetime_calls() -> list[Case]:
    out: list[Case] = []

    def add(fn: str, doc: str, path: str, tz: str, silent: bool = False) -> None:
        out.append({"fn": fn, "args": [doc, path, "{}", silent], "tz": tz,
                    "datestyle": "ISO, MDY"})

    for tz in DT_ZONES:
        for text, m in itertools.product(DT_STRINGS, DT_METHODS):
            doc = json.dumps(text)
            add("jsonb_path_query", doc, "$" + m, tz)
            add("jsonb_path_query_tz", doc, "$" + m, tz)
        for text, m in itertools.product(DT_STRINGS[:20], DT_METHODS[:6]):
            add("jsonb_path_query", json.dumps(text), "strict $" + m, tz, True)
        for text, fmt in DT_TEMPLATES:
            path = f"$.datetime({json.dumps(fmt)})"
            for suffix in ("", ".type()", ".timestamp_tz()", ".time_tz()"):
                add("jsonb_path_query", json.dumps(text), path + suffix, tz)
                add("jsonb_path_query_tz", json.dumps(text), path + suffix, tz, True)
        for left, right, op in itertools.product(
                ("datetime()", "date()", "timestamp()", "timestamp_tz()", "time()", "time_tz()"),
                DT_RIGHT, ("==", "<", ">=", "!=")):
            path = f"$[*].{left} ? (@ {op} {right})"
            for fn in ("jsonb_path_query", "jsonb_path_query_tz"):
                add(fn, DT_ITEMS, path, tz, silent=True)
            add("jsonb_path_query_tz", DT_ITEMS, path, tz)
    for doc, path in (('["2017-03-10", "12:34:56"]', "$[*].datetime()"),
                      ('"2017-03-10 12:34:56+3"', '$.datetime() == "2017-03-10".datetime()'),
                      ('"2017-03-10 12:34:56+3"', "exists($.datetime())"),
                      ('["2017-03-10", "x"]', "$[*].datetime()")):
        for fn in ("jsonb_path_query_array", "jsonb_path_query_first", "jsonb_path_exists",
                   "jsonb_path_match", "jsonb_path_query_array_tz", "jsonb_path_exists_tz",
                   "jsonb_path_match_tz", "jsonb_path_query_first_tz"):
            add(fn, doc, path, "UTC")
            add(fn, doc, path, "UTC", silent=True)
        for fn in ("jsonb_path_exists_opr", "jsonb_path_match_opr"):
            out.append({"fn": fn, "args": [doc, path], "tz": "UTC", "datestyle": "ISO, MDY"})
    return out


# --- recording --------------------------------------------------------------------------------


def record_inputs(conn: Any, paths: list[str]) -> list[Case]:
    out: list[Case] = []
    for text in paths:
        case: Case = {"text": text}
        _run(conn, f"SELECT {quote(text)}::jsonpath", case, srf=False)
        out.append(case)
    return out


def sql_for(case: Case) -> str:
    fn, args = case["fn"], case["args"]
    if fn in OPERATORS.values():
        op = "@?" if fn == "jsonb_path_exists_opr" else "@@"
        return f"SELECT {quote(args[0])}::jsonb {op} {quote(args[1])}::jsonpath"
    call = (f"{fn}({quote(args[0])}::jsonb, {quote(args[1])}::jsonpath, "
            f"{quote(args[2])}::jsonb, {'true' if args[3] else 'false'})")
    if fn in SRFS:
        return f"SELECT r FROM {call} r"
    return f"SELECT {call}"


def _run(conn: Any, sql: str, case: Case, srf: bool) -> None:
    import psycopg

    try:
        with conn.transaction():
            cur = conn.execute(sql, prepare=False)
            res = cur.pgresult
            rows = [None if res.get_value(i, 0) is None else res.get_value(i, 0).decode()
                    for i in range(res.ntuples)]
    except psycopg.Error as err:
        case["sqlstate"] = err.sqlstate
        case["message"] = err.diag.message_primary
        if err.diag.message_detail:
            case["detail"] = err.diag.message_detail
        return
    if srf:
        case["rows"] = rows
    else:
        case["expect"] = rows[0]


def record_calls(conn: Any, calls: list[Case]) -> list[Case]:
    out: list[Case] = []
    current: tuple[str, str] | None = None
    for case in calls:
        key = (case["tz"], case["datestyle"])
        if key != current:
            conn.execute(f"SET TimeZone = {quote(case['tz'])}", prepare=False)
            conn.execute(f"SET DateStyle = {quote(case['datestyle'])}", prepare=False)
            current = key
        _run(conn, sql_for(case), case, srf=case["fn"] in SRFS)
        out.append(case)
    return out


def _dedupe(cases: list[Case]) -> list[Case]:
    seen: set[str] = set()
    out: list[Case] = []
    for c in cases:
        k = json.dumps(c, sort_keys=True)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


def write(path: Path, cases: list[Case], source: str) -> None:
    doc = {"generated": "tools/gen_jsonpath_goldens.py -- generated, do not edit",
           "source": source, "cases": cases}
    path.write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n")
    print(f"{path.name}: {len(cases)} cases")


def main() -> None:
    import psycopg

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "tests" / "golden" / "jsonpath"))
    ap.add_argument("--dsn")
    ns = ap.parse_args()
    out = Path(ns.out)
    out.mkdir(parents=True, exist_ok=True)

    paths: list[str] = []
    calls: list[Case] = []
    for name in FILES:
        f = CORPUS / f"{name}.sql"
        if f.exists():
            mine(f.read_text(), paths, calls)
    paths = list(dict.fromkeys(paths + EXTRA_PATHS + fuzz_paths(1500, 20240601)))
    calls = _dedupe(calls)
    extra = _dedupe(extra_calls())

    def go(dsn: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SET lc_messages = 'C'", prepare=False)
            conn.execute("SET IntervalStyle = 'postgres'", prepare=False)
            inputs = record_inputs(conn, paths)
            write(out / "input.json", inputs,
                  "jsonpath literals of the regression corpus + hand-written + fuzz")
            valid = [c["text"] for c in inputs if "expect" in c and "$x" not in c["text"]]
            battery = extra + fuzz_calls(valid)
            write(out / "regress.json", record_calls(conn, calls),
                  "jsonb_path_* calls and @?/@@ of the regression corpus")
            write(out / "battery.json", record_calls(conn, battery),
                  "hand-written documents x paths batteries")
            write(out / "datetime.json", record_calls(conn, _dedupe(datetime_calls())),
                  "datetime methods, templates and comparisons under several TimeZones")

    if ns.dsn:
        go(ns.dsn)
    else:
        from replica.primary import start_primary

        with start_primary() as p:
            go(p.dsn())


if __name__ == "__main__":
    main()
