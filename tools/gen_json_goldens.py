"""Record golden json/jsonb cases from a real PostgreSQL into tests/golden/json/*.json.

Every case names the implementation it exercises by pg_proc.prosrc (or is a type input case)
and stores what the primary answered: the text output (``expect``, None for SQL NULL), the rows
of a set-returning function (``rows``), or the SQLSTATE and message of the error. Cases are built
from hand-picked edge cases, from the JSON documents of the regression suite
(../shared/corpora/pg_regress: jsonb.sql, json_encoding.sql, sqljson*.sql and data/jsonb.data,
when present) and from the json.sql documents listed below, applied to batteries of keys, paths
and values derived from each document. tests/unit/test_json_golden.py replays them with no
server.

Usage: .venv/bin/python tools/gen_json_goldens.py [--out tests/golden/json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "pg_regress"

Case = dict[str, Any]

# --- documents --------------------------------------------------------------------------------

# from json.sql (not in the local corpus copy) and hand-written edge cases
DOCS = [
    '""', '"abc"', '"\\n\\"\\\\"', '1', '0', '-0', '0.1', '9223372036854775808', '1e100',
    '1.3e100', '-1.50', '1E+2', '1e-2', '123.456e-5', 'true', 'false', 'null', ' true ', '[]',
    '{}', '[1,2]', ' [ 1 , 2 ] ', '{"abc":1}', '{"abc":1,"def":2,"ghi":[3,4],"hij":{"klm":5,"nop":[6]}}',
    '{\n\t\t"one": 1,\n\t\t"two":"two",\n\t\t"three":\n\t\ttrue}',
    '"a scalar"',
    '["zero", "one","two",null,"four","five", [1,2,3],{"f1":9}]',
    '{"field1":"val1","field2":"val2","field3":null, "field4": 4, "field5": [1,2,3], "field6": {"f1":9}}',
    '{"a": [{"b": "c"}, {"b": "cc"}]}', '[{"b": "c"}, {"b": "cc"}]', '{"a": "c", "b": null}',
    '"foo"', '42', '{"a": {"b":{"c": "foo"}}}', '[1,2,3]', '[{"b": "c"}, {"b": null}]',
    '[1,true,[1,[2,3]],null,{"f1":1,"f2":[7,8,9]},false,"stringy"]',
    '{"f1":[1,2,3],"f2":{"f3":1},"f4":null,"f5":99,"f6":"stringy"}',
    '{"f2":{"f3":1},"f4":{"f5":99,"f6":"stringy"}}', '{"f2":["f3",1],"f4":{"f5":99,"f6":"stringy"}}',
    '{"f2":{"f3":1},"f4":[0,1,2,null]}',
    # duplicates, key order, whitespace, nesting
    '{"a":1,"a":2}', '{"b":1,"a":2,"aa":3,"ab":4,"":5}', '{"a":{"b":1},"a":{"c":2}}',
    '{"aaa":1, "b":2, "cc":3, "é":4, "z":5, "ä":6}', '{ "a" : [ 1 , { "b" : null } ] , "c" : "d" }',
    '[[[[1]]],[[2,[3]]]]', '{"a":[],"b":{},"c":[{}],"d":[[]]}', '[null,null,[null,{"a":null}]]',
    '{"a":null,"b":{"c":null,"d":[null,1]},"e":[{"f":null}]}',
    # strings and escapes
    '"\\u00e9\\u0041"', '"\\ud83d\\ude00"', '"tab\\there"', '"\\/slash"', '"\\b\\f\\n\\r\\t"',
    '"quote\\"and\\\\back"', '{"k\\u0065y":"v\\u0061l"}', '"\\u0001\\u001f"', '"caf\u00e9"',
    '"\\u00e9"', '["\\u0000"]', '"\\ud800"', '{"a":"\\udc00"}', '"\\ud800\\u0041"',
    '"\\ud800\\ud800"', '["\\ud83d\\ude00", "\\u0000"]',
    # numbers
    '[1.0, 1.00, 10, 1e1, 0.10, -0.0, 100e-2]', '[1e-10, 1e20, 123456789012345678901234567890]',
    '{"n":1.500,"m":-0.001,"e":2E3}', '[0.00001, 1e400]',
    # mixed for comparison and containment
    '{"a":1,"b":2}', '{"a":1}', '{"b":2}', '{"a":[1,2]}', '{"a":[2]}', '{"a":{"b":1,"c":2}}',
    '{"a":{"b":1}}', '[1,[2,3]]', '[[2]]', '[[3,2]]', '[1,1,1]', '["a","b"]', '["a"]', '"a"',
    '[true,false]', '[null]', '{"a":true}', '{"a":"1"}', '[1,"1"]', '[{"a":1},{"b":2}]',
    '[{"a":1,"b":2}]', '[[1,2],[3,4]]', '{"a":[1,{"b":[2,3]}]}',
    # json getters: a negative subscript is fixed by the first array met at its level
    '{"y":[1,2,3],"x":[1,2]}', '{"a":[1,2,3],"a":[4,5]}', '[[1,2,3],[4,5]]',
    '{"a":{"b":[10,20]},"a":{"b":[30]}}', '"\\u001f\u007f\u2028"', '{"é":"ü","ab":"\\u00e9"}',
]
INVALID = [
    "", "    ", "$$''$$", "'abc'", '"abc', '"abc\ndef"', '"\\v"', "01", "1f2", "0.x1", "1.3ex100",
    "[1,2,]", "[1,2", "[1,[2]", '{"abc"}', '{1:"abc"}', '{"abc",1}', '{"abc"=1}', '{"abc"::1}',
    '{"abc":1:2}', '{"abc":1,3}', "true false", "true, false", "truf", "trues", "-", "-a", "1.",
    "1.e5", ".5", "+1", "1e", "1e+", "00", "0x1F", "NaN", "Infinity", "nul", "[,1]", "{,}",
    '{"a":1,}', '{"a" 1}', "[1 2]", '"\\u12"', '"\\u12G4"', '"\\uZZZZ"', '"abc\\', '"\\', "\f1",
    "\u00e9", "[1]]", '{"a":1}}', '"\x01"', "tru", '"\\x41"', '{"\\u0000":1}', "[1e1000000000]",
    "1e131072", "1e-16384", '{"a":"\\ud800x"}', '"\\ud800\n"',
    "{\n\t\t\"one\": 1,\n\t\t\"two\":,\"two\",\n\t\t\"three\":\n\t\ttrue}",
]

def random_docs(seed: int, n: int) -> list[str]:
    """Seeded random documents over small pools of keys, numbers and strings, so that many pairs
    are equal, ordered by a late difference, or contain one another."""
    import random

    rng = random.Random(seed)
    keys = ["a", "b", "aa", "ab", "", "é", "ba", "A"]
    numbers = ["0", "1", "-1", "1.0", "1.50", "2", "10", "0.001", "1e2", "-0", "99999999999999999999"]
    strings = ['"a"', '"b"', '""', '"ab"', '"é"', '"A"', '"a b"', '"1"', '"\\n"']

    def space() -> str:
        return rng.choice(["", "", " ", "\n"])

    def value(depth: int) -> str:
        r = rng.random()
        if depth > 2 or r < 0.45:
            pool = rng.choice([["null", "true", "false"], numbers, strings])
            return rng.choice(pool)
        if r < 0.7:
            items = [value(depth + 1) for _ in range(rng.randrange(4))]
            return "[" + ("," + space()).join(items) + "]"
        pairs = [f'"{rng.choice(keys)}":{space()}{value(depth + 1)}'
                 for _ in range(rng.randrange(4))]
        return "{" + ("," + space()).join(pairs) + "}"

    return [space() + value(0) + space() for _ in range(n)]


_LITERAL = re.compile(r"(?<![A-Za-z0-9_])'((?:[^']|'')*)'::(jsonb|json)\b")
_DOLLAR = re.compile(r"\$\$(.*?)\$\$::(jsonb|json)\b", re.S)


def corpus_docs() -> list[str]:
    """JSON literals of the regression suite's json tests (skipped when the corpus is absent)."""
    found: list[str] = []
    for name in ("jsonb.sql", "json_encoding.sql", "sqljson.sql", "sqljson_queryfuncs.sql",
                 "jsonb_jsonpath.sql"):
        path = CORPUS / "sql" / name
        if not path.exists():
            continue
        text = path.read_text()
        found += [m.group(1).replace("''", "'") for m in _LITERAL.finditer(text)]
        found += [m.group(1) for m in _DOLLAR.finditer(text)]
    data = CORPUS / "data" / "jsonb.data"
    if data.exists():
        lines = data.read_text().splitlines()
        found += lines[::40]
    seen: set[str] = set()
    out = []
    for d in found:
        if d not in seen and len(d) < 2000:
            seen.add(d)
            out.append(d)
    return out


# --- the primary ------------------------------------------------------------------------------


class Oracle:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.settings: dict[str, str] = {}

    def set(self, settings: dict[str, str]) -> None:
        if settings == self.settings:
            return
        self.conn.execute("RESET ALL", prepare=False)
        for k, v in settings.items():
            self.conn.execute(f"SET {k} = '{v}'", prepare=False)
        self.settings = dict(settings)

    def run(self, sql: str, case: Case, rows: bool = False) -> Case:
        import psycopg

        self.set(case.get("settings", {}))
        try:
            cur = self.conn.execute(sql, prepare=False)
            res = cur.pgresult
            assert res is not None

            def cell(r: int, c: int) -> str | None:
                raw = res.get_value(r, c)
                return None if raw is None else raw.decode("utf-8")

            if rows:
                case["rows"] = [[cell(r, c) for c in range(res.nfields)]
                                for r in range(res.ntuples)]
            else:
                case["expect"] = cell(0, 0)
        except psycopg.Error as exc:
            case["sqlstate"] = exc.sqlstate
            case["message"] = exc.diag.message_primary
        return case


def lit(typ: str, value: str | None) -> str:
    if value is None:
        return f"NULL::{typ}"
    return "'" + value.replace("'", "''") + "'::" + typ


def text_array(items: Sequence[str | None]) -> str:
    """A text[] literal for items (NULL for None)."""
    def q(s: str | None) -> str:
        if s is None:
            return "NULL"
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{" + ",".join(q(s) for s in items) + "}"


# --- case batteries ---------------------------------------------------------------------------

SCALAR_FN = {
    # prosrc: (SQL call template, argument types, result type)
    "json_object_field": ("{0} -> {1}", ["json", "text"], "json"),
    "json_object_field_text": ("{0} ->> {1}", ["json", "text"], "text"),
    "json_array_element": ("{0} -> {1}", ["json", "int4"], "json"),
    "json_array_element_text": ("{0} ->> {1}", ["json", "int4"], "text"),
    "json_extract_path": ("{0} #> {1}", ["json", "text[]"], "json"),
    "json_extract_path_text": ("{0} #>> {1}", ["json", "text[]"], "text"),
    "jsonb_object_field": ("{0} -> {1}", ["jsonb", "text"], "jsonb"),
    "jsonb_object_field_text": ("{0} ->> {1}", ["jsonb", "text"], "text"),
    "jsonb_array_element": ("{0} -> {1}", ["jsonb", "int4"], "jsonb"),
    "jsonb_array_element_text": ("{0} ->> {1}", ["jsonb", "int4"], "text"),
    "jsonb_extract_path": ("{0} #> {1}", ["jsonb", "text[]"], "jsonb"),
    "jsonb_extract_path_text": ("{0} #>> {1}", ["jsonb", "text[]"], "text"),
    "json_typeof": ("json_typeof({0})", ["json"], "text"),
    "jsonb_typeof": ("jsonb_typeof({0})", ["jsonb"], "text"),
    "json_array_length": ("json_array_length({0})", ["json"], "int4"),
    "jsonb_array_length": ("jsonb_array_length({0})", ["jsonb"], "int4"),
    "jsonb_eq": ("{0} = {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_ne": ("{0} <> {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_lt": ("{0} < {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_le": ("{0} <= {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_gt": ("{0} > {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_ge": ("{0} >= {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_cmp": ("jsonb_cmp({0}, {1})", ["jsonb", "jsonb"], "int4"),
    "jsonb_contains": ("{0} @> {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_contained": ("{0} <@ {1}", ["jsonb", "jsonb"], "bool"),
    "jsonb_exists": ("{0} ? {1}", ["jsonb", "text"], "bool"),
    "jsonb_exists_any": ("{0} ?| {1}", ["jsonb", "text[]"], "bool"),
    "jsonb_exists_all": ("{0} ?& {1}", ["jsonb", "text[]"], "bool"),
    "jsonb_concat": ("{0} || {1}", ["jsonb", "jsonb"], "jsonb"),
    "jsonb_delete": ("{0} - {1}", ["jsonb", "text"], "jsonb"),
    "jsonb_delete_idx": ("{0} - {1}", ["jsonb", "int4"], "jsonb"),
    "jsonb_delete_array": ("{0} - {1}", ["jsonb", "text[]"], "jsonb"),
    "jsonb_delete_path": ("{0} #- {1}", ["jsonb", "text[]"], "jsonb"),
    "jsonb_set": ("jsonb_set({0}, {1}, {2}, {3})", ["jsonb", "text[]", "jsonb", "bool"], "jsonb"),
    "jsonb_set_lax": ("jsonb_set_lax({0}, {1}, {2}, {3}, {4})",
                      ["jsonb", "text[]", "jsonb", "bool", "text"], "jsonb"),
    "jsonb_insert": ("jsonb_insert({0}, {1}, {2}, {3})", ["jsonb", "text[]", "jsonb", "bool"],
                     "jsonb"),
    "jsonb_strip_nulls": ("jsonb_strip_nulls({0}, {1})", ["jsonb", "bool"], "jsonb"),
    "json_strip_nulls": ("json_strip_nulls({0}, {1})", ["json", "bool"], "json"),
    "jsonb_pretty": ("jsonb_pretty({0})", ["jsonb"], "text"),
    "jsonb_bool": ("CAST({0} AS boolean)", ["jsonb"], "bool"),
    "jsonb_numeric": ("CAST({0} AS numeric)", ["jsonb"], "numeric"),
    "jsonb_int2": ("CAST({0} AS int2)", ["jsonb"], "int2"),
    "jsonb_int4": ("CAST({0} AS int4)", ["jsonb"], "int4"),
    "jsonb_int8": ("CAST({0} AS int8)", ["jsonb"], "int8"),
    "jsonb_float4": ("CAST({0} AS float4)", ["jsonb"], "float4"),
    "jsonb_float8": ("CAST({0} AS float8)", ["jsonb"], "float8"),
    "json_object": ("json_object({0})", ["text[]"], "json"),
    "json_object_two_arg": ("json_object({0}, {1})", ["text[]", "text[]"], "json"),
    "jsonb_object": ("jsonb_object({0})", ["text[]"], "jsonb"),
    "jsonb_object_two_arg": ("jsonb_object({0}, {1})", ["text[]", "text[]"], "jsonb"),
    "json_build_object_noargs": ("json_build_object()", [], "json"),
    "json_build_array_noargs": ("json_build_array()", [], "json"),
    "jsonb_build_object_noargs": ("jsonb_build_object()", [], "jsonb"),
    "jsonb_build_array_noargs": ("jsonb_build_array()", [], "jsonb"),
}
SRF_FN = {
    "json_object_keys": ("json_object_keys({0})", ["json"]),
    "jsonb_object_keys": ("jsonb_object_keys({0})", ["jsonb"]),
    "json_each": ("json_each({0})", ["json"]),
    "json_each_text": ("json_each_text({0})", ["json"]),
    "jsonb_each": ("jsonb_each({0})", ["jsonb"]),
    "jsonb_each_text": ("jsonb_each_text({0})", ["jsonb"]),
    "json_array_elements": ("json_array_elements({0})", ["json"]),
    "json_array_elements_text": ("json_array_elements_text({0})", ["json"]),
    "jsonb_array_elements": ("jsonb_array_elements({0})", ["jsonb"]),
    "jsonb_array_elements_text": ("jsonb_array_elements_text({0})", ["jsonb"]),
}
# "any"/anyelement functions: (SQL name, result type, variadic)
ANY_FN = {
    "to_json": ("to_json", "json", False),
    "to_jsonb": ("to_jsonb", "jsonb", False),
    "json_build_object": ("json_build_object", "json", True),
    "json_build_array": ("json_build_array", "json", True),
    "jsonb_build_object": ("jsonb_build_object", "jsonb", True),
    "jsonb_build_array": ("jsonb_build_array", "jsonb", True),
}
ARRAY_FN = {
    "array_to_json": ("array_to_json({0})", "json"),
    "array_to_json_pretty": ("array_to_json({0}, {1})", "json"),
}


def call_case(oracle: Oracle, prosrc: str, args: list[Any], settings: dict[str, str] | None = None
              ) -> Case:
    template, types, rettype = SCALAR_FN[prosrc]
    case: Case = {"kind": "call", "prosrc": prosrc, "args": [[t, a] for t, a in zip(types, args,
                                                                                     strict=True)],
                  "rettype": rettype}
    if settings:
        case["settings"] = settings
    sql = "SELECT " + template.format(*(lit(t, a) for t, a in zip(types, args, strict=True)))
    return oracle.run(sql, case)


def srf_case(oracle: Oracle, prosrc: str, doc: str) -> Case:
    template, types = SRF_FN[prosrc]
    case: Case = {"kind": "srf", "prosrc": prosrc, "args": [[types[0], doc]]}
    return oracle.run("SELECT * FROM " + template.format(lit(types[0], doc)), case, rows=True)


def input_cases(oracle: Oracle, docs: list[str]) -> Iterator[Case]:
    for doc in docs:
        for typ in ("json", "jsonb"):
            case: Case = {"kind": "input", "type": typ, "literal": doc}
            yield oracle.run(f"SELECT {lit(typ, doc)}", case)


def _paths(node: Any, prefix: list[str], depth: int) -> Iterator[list[str]]:
    if depth == 0:
        return
    if isinstance(node, dict):
        for k, v in list(node.items())[:4]:
            yield [*prefix, k]
            yield from _paths(v, [*prefix, k], depth - 1)
    elif isinstance(node, list):
        for i, v in enumerate(node[:3]):
            yield [*prefix, str(i)]
            yield from _paths(v, [*prefix, str(i)], depth - 1)
        if node:
            yield [*prefix, "-1"]
            yield [*prefix, str(-len(node) - 1)]


def doc_paths(doc: str) -> list[list[str]]:
    try:
        tree = json.loads(doc)
    except ValueError:
        return [["a"], ["0"]]
    paths = list(_paths(tree, [], 3))[:8]
    extra = [[], ["zz"], ["0"], ["-1"], [" 1"], ["+0"], ["1 "], ["a", "b"], ["", "0"]]
    return paths + extra


def top_keys(doc: str) -> list[str]:
    try:
        tree = json.loads(doc)
    except ValueError:
        return []
    return list(tree)[:4] if isinstance(tree, dict) else []


def access_cases(oracle: Oracle, docs: list[str]) -> Iterator[Case]:
    for doc in docs:
        keys = [*top_keys(doc)[:3], "zz", ""]
        for typ in ("json", "jsonb"):
            b = "b" if typ == "jsonb" else ""
            yield call_case(oracle, f"json{b}_typeof", [doc])
            yield call_case(oracle, f"json{b}_array_length", [doc])
            for k in keys:
                yield call_case(oracle, f"json{b}_object_field", [doc, k])
                yield call_case(oracle, f"json{b}_object_field_text", [doc, k])
            for i in ("0", "1", "-1", "-3", "7"):
                yield call_case(oracle, f"json{b}_array_element", [doc, i])
                yield call_case(oracle, f"json{b}_array_element_text", [doc, i])
            for path in doc_paths(doc):
                arr = text_array(path)
                yield call_case(oracle, f"json{b}_extract_path", [doc, arr])
                yield call_case(oracle, f"json{b}_extract_path_text", [doc, arr])
            for fn in ("object_keys", "each", "each_text", "array_elements",
                       "array_elements_text"):
                yield srf_case(oracle, f"json{b}_{fn}", doc)
        yield call_case(oracle, "jsonb_pretty", [doc])
        for flag in ("f", "t"):
            yield call_case(oracle, "json_strip_nulls", [doc, flag])
            yield call_case(oracle, "jsonb_strip_nulls", [doc, flag])
        for fn in ("jsonb_bool", "jsonb_numeric", "jsonb_int2", "jsonb_int4", "jsonb_int8",
                   "jsonb_float4", "jsonb_float8"):
            yield call_case(oracle, fn, [doc])
    # NULL path elements and odd path arrays
    for typ in ("json", "jsonb"):
        b = "b" if typ == "jsonb" else ""
        for literal in ("{a,NULL}", "{NULL}", "{{a},{b}}", "{}"):
            yield call_case(oracle, f"json{b}_extract_path", ['{"a":{"b":1}}', literal])
            yield call_case(oracle, f"json{b}_extract_path_text", ['{"a":{"b":1}}', literal])


def pair_cases(oracle: Oracle, docs: list[str]) -> Iterator[Case]:
    for a, b in itertools.product(docs, docs):
        yield call_case(oracle, "jsonb_cmp", [a, b])
        yield call_case(oracle, "jsonb_contains", [a, b])
        yield call_case(oracle, "jsonb_concat", [a, b])
    for a, b in itertools.product(docs[:12], docs[:12]):
        for fn in ("jsonb_eq", "jsonb_ne", "jsonb_lt", "jsonb_le", "jsonb_gt", "jsonb_ge",
                   "jsonb_contained"):
            yield call_case(oracle, fn, [a, b])


def edit_cases(oracle: Oracle, docs: list[str]) -> Iterator[Case]:
    values = ['"new"', "[9]", '{"n":1}', "null", "5"]
    arrays = ["{}", "{a}", "{a,b,zz}", "{NULL,a}", "{{a,b}}", '{"",0}']
    for doc in docs:
        keys = [*top_keys(doc), "zz", "a", ""]
        for k in keys:
            yield call_case(oracle, "jsonb_exists", [doc, k])
            yield call_case(oracle, "jsonb_delete", [doc, k])
        for arr in arrays:
            yield call_case(oracle, "jsonb_exists_any", [doc, arr])
            yield call_case(oracle, "jsonb_exists_all", [doc, arr])
            yield call_case(oracle, "jsonb_delete_array", [doc, arr])
        for i in ("0", "1", "-1", "-5", "10"):
            yield call_case(oracle, "jsonb_delete_idx", [doc, i])
        paths = doc_paths(doc)[:4] + [[], ["zz"], ["-1"], [" 1"], ["x", "y"], ["0", "0"],
                                      ["-9"], ["9"], ["0", "a", "0"]]
        for path in paths:
            arr = text_array(path)
            yield call_case(oracle, "jsonb_delete_path", [doc, arr])
            for v, flag in itertools.product(values[:2], ("t", "f")):
                yield call_case(oracle, "jsonb_set", [doc, arr, v, flag])
                yield call_case(oracle, "jsonb_insert", [doc, arr, v, flag])
        for literal in ("{a,NULL}", "{NULL}", "{{a},{b}}"):
            yield call_case(oracle, "jsonb_set", [doc, literal, "1", "t"])
            yield call_case(oracle, "jsonb_insert", [doc, literal, "1", "f"])
            yield call_case(oracle, "jsonb_delete_path", [doc, literal])
        first = text_array(doc_paths(doc)[0])
        for treatment in ("delete_key", "return_target", "use_json_null", "raise_exception",
                          "bogus", None):
            for newval in (None, "7"):
                yield call_case(oracle, "jsonb_set_lax", [doc, first, newval, "t", treatment])
        yield call_case(oracle, "jsonb_set_lax", [doc, "{a}", "1", None, "delete_key"])


CONSTRUCTION_TEXT_ARRAYS = [
    "{}", "{a,1,b,2}", "{a,1,b}", "{{a,1},{b,2}}", "{{a,1,x},{b,2,y}}", "{{{a,1}}}", "{a,NULL}",
    "{NULL,a}", '{"a b","c\\"d",e,"\\\\"}', "{a,1,a,2}", "{{a,NULL},{b,c}}", "{é,ü}",
]


def object_cases(oracle: Oracle) -> Iterator[Case]:
    for arr in CONSTRUCTION_TEXT_ARRAYS:
        yield call_case(oracle, "json_object", [arr])
        yield call_case(oracle, "jsonb_object", [arr])
    for k, v in itertools.product(["{}", "{a,b}", "{a,NULL}", "{{a},{b}}", "{a,b,c}", "{a,a}"],
                                  ["{}", "{1,2}", "{1,NULL}", "{{1},{2}}", "{1}"]):
        yield call_case(oracle, "json_object_two_arg", [k, v])
        yield call_case(oracle, "jsonb_object_two_arg", [k, v])
    for fn in ("json_build_object_noargs", "json_build_array_noargs", "jsonb_build_object_noargs",
               "jsonb_build_array_noargs"):
        yield call_case(oracle, fn, [])


# (type, literal) values for to_json and the builders
ANY_VALUES = [
    ("int4", "42"), ("int4", "-7"), ("int2", "3"), ("int8", "9223372036854775807"),
    ("numeric", "1.50"), ("numeric", "-0.00"), ("numeric", "NaN"), ("numeric", "Infinity"),
    ("numeric", "-Infinity"), ("numeric", "1e-20"), ("float8", "0.1"), ("float8", "1e300"),
    ("float8", "-0"), ("float8", "NaN"), ("float8", "Infinity"), ("float8", "-Infinity"),
    ("float8", "1.5e-7"), ("float4", "0.1"), ("float4", "1e30"), ("bool", "t"), ("bool", "f"),
    ("text", "plain"), ("text", 'quo"te\\back\nline\ttab\u0001'), ("text", ""),
    ("text", "caf\u00e9"), ("varchar", "v"), ("bpchar", "ab  "), ("name", "nm"),
    ("date", "2014-05-28"), ("date", "infinity"), ("date", "-infinity"), ("date", "0044-03-15 BC"),
    ("timestamp", "2014-05-28 12:22:35.614298"), ("timestamp", "2014-05-28 12:22:35"),
    ("timestamp", "infinity"), ("timestamp", "-infinity"), ("timestamp", "0001-01-01 00:00:00 BC"),
    ("timestamptz", "2014-05-28 12:22:35.614298-04"), ("timestamptz", "2024-01-01 00:00:00+00"),
    ("timestamptz", "infinity"), ("timestamptz", "-infinity"),
    ("timestamptz", "1850-01-01 00:00:00+00"), ("timestamptz", "0010-06-01 12:00:00+00 BC"),
    ("json", '{"a" : 1, "a": [2,  3]}'), ("json", '"s"'), ("json", "null"), ("json", " 5 "),
    ("jsonb", '{"b":1,"a":[2.50]}'), ("jsonb", "null"), ("jsonb", '"x"'),
    ("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), ("interval", "1 day 02:03:04"),
    ("time", "12:34:56.5"), ("timetz", "12:34:56+05:30"), ("bytea", "\\x00ff"),
    ("int4[]", "{1,2,3}"), ("int4[]", "{{1,5},{99,100}}"), ("int4[]", "{}"),
    ("int4[]", "{1,NULL}"), ("text[]", '{a,"b c",NULL}'), ("numeric[]", "{1.10,NaN}"),
    ("date[]", "{2014-05-28,infinity}"), ("bool[]", "{t,f}"), ("jsonb[]", '{"{\\"a\\":1}",null}'),
    ("json[]", '{"[1, 2]"}'), ("float8[]", "{1.5,Infinity}"), ("int4[]", "[0:1]={7,8}"),
    ("timestamptz[]", "{\"2024-01-01 00:00:00+00\"}"),
]
ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Europe/Amsterdam", "Asia/Kathmandu"]


def _any_sql(values: list[tuple[str, str | None]]) -> str:
    return ", ".join(lit(t, v) for t, v in values)


def any_case(oracle: Oracle, prosrc: str, values: list[tuple[str, str | None]],
             settings: dict[str, str] | None = None) -> Case:
    name, rettype, _ = ANY_FN[prosrc]
    case: Case = {"kind": "any", "prosrc": prosrc, "args": [list(v) for v in values],
                  "rettype": rettype}
    if settings:
        case["settings"] = settings
    return oracle.run(f"SELECT {name}({_any_sql(values)})", case)


def build_cases(oracle: Oracle) -> Iterator[Case]:
    for value in ANY_VALUES:
        yield any_case(oracle, "to_json", [value])
        yield any_case(oracle, "to_jsonb", [value])
        yield any_case(oracle, "json_build_array", [value, ("int4", None)])
        yield any_case(oracle, "jsonb_build_array", [value, ("int4", None)])
        yield any_case(oracle, "json_build_object", [value, value])
        yield any_case(oracle, "jsonb_build_object", [value, value])
        yield any_case(oracle, "json_build_object", [("text", "k"), value])
        yield any_case(oracle, "jsonb_build_object", [("text", "k"), value])
    for zone in ZONES:
        for value in ANY_VALUES:
            if value[0].startswith("timestamptz"):
                for fn in ("to_json", "to_jsonb"):
                    yield any_case(oracle, fn, [value], {"TimeZone": zone})
    for efd in ("0", "3", "-15"):
        for value in ANY_VALUES:
            if value[0].startswith("float"):
                for fn in ("to_json", "to_jsonb"):
                    yield any_case(oracle, fn, [value], {"extra_float_digits": efd})
    for style in ("postgres_verbose", "sql_standard", "iso_8601"):
        for fn in ("to_json", "to_jsonb"):
            yield any_case(oracle, fn, [("interval", "1 day 02:03:04")], {"IntervalStyle": style})
    for style in ("Postgres, MDY", "SQL, DMY", "German"):
        for value in ANY_VALUES:
            if value[0] in ("date", "timestamp", "timestamptz"):
                yield any_case(oracle, "to_json", [value], {"DateStyle": style})
    # argument-list errors and key rules
    for fn in ("json_build_object", "jsonb_build_object"):
        yield any_case(oracle, fn, [("text", "a")])
        yield any_case(oracle, fn, [("text", None), ("int4", "1")])
        yield any_case(oracle, fn, [("text", "a"), ("int4", "1"), ("text", "a"), ("int4", "2")])
        yield any_case(oracle, fn, [("text", "a"), ("int4", None), ("text", "b"), ("int4", "2")])
        yield any_case(oracle, fn, [("int4[]", "{1}"), ("int4", "1")])
        yield any_case(oracle, fn, [("json", "{}"), ("int4", "1")])
        yield any_case(oracle, fn, [("jsonb", "{}"), ("int4", "1")])
    for fn in ("json_build_array", "jsonb_build_array"):
        yield any_case(oracle, fn, [("int4", None)])
        yield any_case(oracle, fn, [("text", "a"), ("json", "[1,  2]"), ("jsonb", "[1,  2]")])
    for arr in ("{1,2,3}", "{{1,5},{99,100}}", "{}", "{{1,2},{3,4},{5,6}}"):
        for pretty in ("t", "f"):
            case: Case = {"kind": "array", "prosrc": "array_to_json_pretty",
                          "args": [["int4[]", arr], ["bool", pretty]], "rettype": "json"}
            yield oracle.run(f"SELECT array_to_json({lit('int4[]', arr)}, {lit('bool', pretty)})",
                             case)
        case = {"kind": "array", "prosrc": "array_to_json", "args": [["int4[]", arr]],
                "rettype": "json"}
        yield oracle.run(f"SELECT array_to_json({lit('int4[]', arr)})", case)


AGGS = {
    "json_agg": ("json_agg_transfn", "json_agg_finalfn", 1),
    "json_agg_strict": ("json_agg_strict_transfn", "json_agg_finalfn", 1),
    "jsonb_agg": ("jsonb_agg_transfn", "jsonb_agg_finalfn", 1),
    "jsonb_agg_strict": ("jsonb_agg_strict_transfn", "jsonb_agg_finalfn", 1),
    "json_object_agg": ("json_object_agg_transfn", "json_object_agg_finalfn", 2),
    "json_object_agg_strict": ("json_object_agg_strict_transfn", "json_object_agg_finalfn", 2),
    "json_object_agg_unique": ("json_object_agg_unique_transfn", "json_object_agg_finalfn", 2),
    "json_object_agg_unique_strict": ("json_object_agg_unique_strict_transfn",
                                      "json_object_agg_finalfn", 2),
    "jsonb_object_agg": ("jsonb_object_agg_transfn", "jsonb_object_agg_finalfn", 2),
    "jsonb_object_agg_strict": ("jsonb_object_agg_strict_transfn", "jsonb_object_agg_finalfn", 2),
    "jsonb_object_agg_unique": ("jsonb_object_agg_unique_transfn", "jsonb_object_agg_finalfn", 2),
    "jsonb_object_agg_unique_strict": ("jsonb_object_agg_unique_strict_transfn",
                                       "jsonb_object_agg_finalfn", 2),
}
AGG_INPUTS_1: list[tuple[str, list[str | None]]] = [
    ("int4", []), ("int4", ["1", "2", "3"]), ("int4", [None, "1", None]), ("int4", [None]),
    ("text", ["a", 'b"c', None]), ("numeric", ["1.50", "NaN"]), ("jsonb", ['{"a":1}', "[2]", None]),
    ("json", ['{"a" :1}', None]), ("int4[]", ["{1,2}", None, "{}", "{{1},{2}}"]),
    ("int4[]", [None, "{3}"]), ("bool", ["t", "f"]), ("date", ["2024-01-01", "infinity"]),
    ("float8", ["1.5", "NaN"]), ("timestamptz", ["2024-01-01 00:00:00+00"]),
]
AGG_INPUTS_2: list[tuple[str, str, list[tuple[str | None, str | None]]]] = [
    ("text", "int4", []), ("text", "int4", [("a", "1"), ("b", "2")]),
    ("text", "int4", [("a", "1"), ("a", "2")]), ("text", "int4", [("a", "1"), ("b", None)]),
    ("text", "int4", [("a", None), ("a", "2")]), ("text", "int4", [("a", "2"), ("a", None)]),
    ("text", "int4", [("b", None)]), ("text", "int4", [(None, "1")]),
    ("int4", "text", [("1", "x"), ("2", None)]), ("text", "jsonb", [("k", '{"z":[1]}')]),
    ("bool", "numeric", [("t", "1.0")]), ("int4[]", "int4", [("{1}", "1")]),
    ("json", "int4", [("{}", "1")]), ("date", "text", [("2024-01-01", "d")]),
    ("text", "int4", [("aa", "1"), ("b", "2"), ("aa", None), ("c", None)]),
    ("text", "int4", [("b", None), ("a", None), ("b", "3")]),
]


def agg_cases(oracle: Oracle) -> Iterator[Case]:
    for agg, (transfn, finalfn, nargs) in AGGS.items():
        inputs: list[tuple[list[str], list[list[str | None]]]] = []
        if nargs == 1:
            inputs = [([t], [[v] for v in vals]) for t, vals in AGG_INPUTS_1]
        else:
            inputs = [([kt, vt], [[k, v] for k, v in pairs]) for kt, vt, pairs in AGG_INPUTS_2]
        for types, rows in inputs:
            cols = ", ".join(f"c{i}" for i in range(len(types)))
            if rows:
                values = ", ".join(
                    "(" + ", ".join([str(n)] + [lit(t, v) for t, v in zip(types, r, strict=True)])
                    + ")" for n, r in enumerate(rows))
                where = ""
            else:
                values = "(0, " + ", ".join(lit(t, None) for t in types) + ")"
                where = " WHERE false"
            sql = (f"SELECT {agg}({cols} ORDER BY n) FROM (VALUES {values}) t(n, {cols}){where}")
            case: Case = {"kind": "agg", "agg": agg, "transfn": transfn, "finalfn": finalfn,
                          "argtypes": types, "inputs": rows}
            yield oracle.run(sql, case)


FILES: dict[str, Callable[[Oracle, list[str]], Iterable[Case]]] = {
    "input": lambda o, docs: input_cases(o, docs + INVALID),
    "access": lambda o, docs: access_cases(o, [d for d in docs if _valid(o, "json", d)]),
    "pairs": lambda o, docs: pair_cases(o, [d for d in docs if _valid(o, "jsonb", d)][:55]),
    "edit": lambda o, docs: edit_cases(o, [d for d in docs if _valid(o, "jsonb", d)][:70]),
    "build": lambda o, docs: itertools.chain(object_cases(o), build_cases(o)),
    "agg": lambda o, docs: agg_cases(o),
    "random": lambda o, docs: random_cases(o, random_docs(18, 48)),
}


def random_cases(oracle: Oracle, docs: list[str]) -> Iterator[Case]:
    yield from input_cases(oracle, docs)
    for a, b in itertools.product(docs, docs):
        yield call_case(oracle, "jsonb_cmp", [a, b])
        yield call_case(oracle, "jsonb_contains", [a, b])
    for a, b in zip(docs, docs[1:], strict=False):
        yield call_case(oracle, "jsonb_concat", [a, b])
    for doc in docs:
        for k in ("a", "b", "1", ""):
            yield call_case(oracle, "jsonb_exists", [doc, k])
            yield call_case(oracle, "jsonb_delete", [doc, k])
        for path in doc_paths(doc)[:6]:
            arr = text_array(path)
            yield call_case(oracle, "jsonb_extract_path", [doc, arr])
            yield call_case(oracle, "json_extract_path", [doc, arr])
            yield call_case(oracle, "jsonb_set", [doc, arr, "[7]", "t"])
            yield call_case(oracle, "jsonb_insert", [doc, arr, "[7]", "t"])
            yield call_case(oracle, "jsonb_delete_path", [doc, arr])
        yield call_case(oracle, "jsonb_pretty", [doc])
        yield call_case(oracle, "json_strip_nulls", [doc, "t"])
        yield call_case(oracle, "jsonb_strip_nulls", [doc, "t"])


def main() -> None:
    import psycopg

    from replica.primary import start_primary

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "tests" / "golden" / "json"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    docs = list(dict.fromkeys(DOCS + corpus_docs()))
    with start_primary() as primary, psycopg.connect(primary.dsn(), autocommit=True) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]  # type: ignore[index]
        oracle = Oracle(conn)
        names = [*SCALAR_FN, *SRF_FN, *ANY_FN, *ARRAY_FN]
        strict: dict[str, bool] = dict(conn.execute(
            "SELECT prosrc, bool_and(proisstrict) FROM pg_proc WHERE prosrc = ANY(%s) "
            "GROUP BY prosrc ORDER BY prosrc", (names,), prepare=False).fetchall())
        for name, make in FILES.items():
            cases = list(make(oracle, docs))
            table = intern_documents(cases)
            for case in cases:
                if case.get("kind") == "call":  # the default kind; its result type is below
                    del case["kind"], case["rettype"]
            header = {
                "generated_by": "tools/gen_json_goldens.py",
                "postgres": version,
                "note": "generated — do not edit; regenerate with the script. An argument "
                        '{"d": i} stands for documents[i]; a case without "kind" calls '
                        "prosrc, whose result type is in rettypes.",
                "rettypes": {k: v[2] for k, v in SCALAR_FN.items()},
                "strict": strict,
                "documents": table,
                "cases": cases,
            }
            text = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
            (out / f"{name}.json").write_text(text.replace(',{"kind"', ',\n{"kind"') + "\n")
            print(f"{name}: {len(cases)} cases")


def intern_documents(cases: list[Case]) -> list[str]:
    """Replace long json/jsonb argument texts by {"d": index} into a shared table."""
    table: dict[str, int] = {}
    for case in cases:
        for arg in case.get("args", ()):
            if arg[0] in ("json", "jsonb") and isinstance(arg[1], str) and len(arg[1]) > 8:
                arg[1] = {"d": table.setdefault(arg[1], len(table))}
    return list(table)


def _valid(oracle: Oracle, typ: str, doc: str) -> bool:
    case = oracle.run(f"SELECT {lit(typ, doc)}", {})
    return "sqlstate" not in case


if __name__ == "__main__":
    main()
