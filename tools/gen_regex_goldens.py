"""Record golden regular-expression cases from a real PostgreSQL into tests/golden/regex/*.json.

Each case names a builtin by ``pg_proc.prosrc`` and its arguments; the primary evaluates the
matching SQL (an operator, or the function with explicitly typed parameters) and we store the
result (bool/int/text/text[] as JSON, a set-returning function as the list of its rows) or the
SQLSTATE and message of the error. tests/unit/test_regex_golden.py replays them through
engine.functions.regex with no server.

Sources (tests/golden/regex/inputs.json, hand-maintained): the regex/strings regression tests
(src/test/regress), the Henry Spencer / Tcl suite as ported in src/test/modules/test_regex
(patterns, subjects and flags only), hand-written cases for the greediness and longest-match
rules; plus SIMILAR TO translations and a seeded random differential set made here.

Usage: .venv/bin/python tools/gen_regex_goldens.py [--out tests/golden/regex] [--dsn DSN]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLDEN = ROOT / "tests" / "golden" / "regex"
INPUTS = json.loads((GOLDEN / "inputs.json").read_text())

# prosrc -> (SQL function name or operator, argument types)
SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "textregexeq": ("~", ("text", "text")),
    "textregexne": ("!~", ("text", "text")),
    "texticregexeq": ("~*", ("text", "text")),
    "texticregexne": ("!~*", ("text", "text")),
    "nameregexeq": ("~", ("name", "text")),
    "nameregexne": ("!~", ("name", "text")),
    "nameicregexeq": ("~*", ("name", "text")),
    "nameicregexne": ("!~*", ("name", "text")),
    "textregexsubstr": ("substring", ("text", "text")),
    "textregexreplace_noopt": ("regexp_replace", ("text",) * 3),
    "textregexreplace": ("regexp_replace", ("text",) * 4),
    "textregexreplace_extended": ("regexp_replace", ("text",) * 3 + ("int", "int", "text")),
    "textregexreplace_extended_no_flags": ("regexp_replace", ("text",) * 3 + ("int", "int")),
    "textregexreplace_extended_no_n": ("regexp_replace", ("text",) * 3 + ("int",)),
    "regexp_like": ("regexp_like", ("text",) * 3),
    "regexp_like_no_flags": ("regexp_like", ("text",) * 2),
    "regexp_match": ("regexp_match", ("text",) * 3),
    "regexp_match_no_flags": ("regexp_match", ("text",) * 2),
    "regexp_matches": ("regexp_matches", ("text",) * 3),
    "regexp_matches_no_flags": ("regexp_matches", ("text",) * 2),
    "regexp_split_to_array": ("regexp_split_to_array", ("text",) * 3),
    "regexp_split_to_array_no_flags": ("regexp_split_to_array", ("text",) * 2),
    "regexp_split_to_table": ("regexp_split_to_table", ("text",) * 3),
    "regexp_split_to_table_no_flags": ("regexp_split_to_table", ("text",) * 2),
    "regexp_count": ("regexp_count", ("text", "text", "int", "text")),
    "regexp_count_no_flags": ("regexp_count", ("text", "text", "int")),
    "regexp_count_no_start": ("regexp_count", ("text", "text")),
    "regexp_instr": ("regexp_instr", ("text", "text", "int", "int", "int", "text", "int")),
    "regexp_instr_no_subexpr": ("regexp_instr", ("text", "text", "int", "int", "int", "text")),
    "regexp_instr_no_flags": ("regexp_instr", ("text", "text", "int", "int", "int")),
    "regexp_instr_no_endoption": ("regexp_instr", ("text", "text", "int", "int")),
    "regexp_instr_no_n": ("regexp_instr", ("text", "text", "int")),
    "regexp_instr_no_start": ("regexp_instr", ("text", "text")),
    "regexp_substr": ("regexp_substr", ("text", "text", "int", "int", "text", "int")),
    "regexp_substr_no_subexpr": ("regexp_substr", ("text", "text", "int", "int", "text")),
    "regexp_substr_no_flags": ("regexp_substr", ("text", "text", "int", "int")),
    "regexp_substr_no_n": ("regexp_substr", ("text", "text", "int")),
    "regexp_substr_no_start": ("regexp_substr", ("text", "text")),
}
SRFS = {
    "regexp_matches",
    "regexp_matches_no_flags",
    "regexp_split_to_table",
    "regexp_split_to_table_no_flags",
}


def sql_for(fn: str, nargs: int, types: tuple[str, ...] | None = None) -> str:
    """The SQL that calls ``fn``; ``types`` overrides the parameter types, e.g. char(6) for
    the bpchar operators (whose arguments the cases then give already blank-padded)."""
    name, sig = SIGNATURES[fn]
    types = types or sig
    assert len(types) == nargs, (fn, nargs)
    params = [f"%s::{t}" for t in types]
    if not name[0].isalpha():
        return f"SELECT {params[0]} {name} {params[1]}"
    return f"SELECT {name}({', '.join(params)})"


# --- case sources ---------------------------------------------------------------------------------


def tcl_flags(flags: str) -> tuple[str, str]:
    """test_regex() flags -> (pattern prefix, SQL option letters). Only the letters that mean
    the same in regexp_*() survive; 'e' (ERE) becomes an embedded option because regexp.c's
    'e' option actually yields BREs."""
    prefix = "(?e)" if "e" in flags else ""
    return prefix, "".join(c for c in flags if c in "bqixnpw")


def tcl_cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for pattern, subject, flags in INPUTS["tcl"]:
        prefix, opts = tcl_flags(flags)
        p = prefix + pattern
        out.append({"fn": "regexp_match", "args": [subject, p, opts]})
        out.append({"fn": "regexp_matches", "args": [subject, p, opts + "g"]})
        out.append({"fn": "textregexreplace", "args": [subject, p, "<\\&>", opts + "g"]})
        out.append({"fn": "regexp_count", "args": [subject, p, 1, opts]})
        out.append({"fn": "regexp_instr_no_subexpr", "args": [subject, p, 1, 1, 1, opts]})
        out.append({"fn": "regexp_split_to_array", "args": [subject, p, opts]})
    return out


class PatternMaker:
    """Random patterns. ``constraint`` weights anchors, word boundaries and lookaround; the
    rest go to characters, groups (capturing or not), alternation, quantifiers of every
    greediness, and back-references to groups already closed."""

    QUANTIFIERS = ["*", "+", "?", "*?", "+?", "??", "{1,2}", "{0,2}?", "{2}", "{1,1}?", "{0}"]
    CONSTRAINTS = ["^", "$", r"\m", r"\M", r"\y", r"\Y", r"\A", r"\Z"]

    def __init__(self, rng: random.Random, constraint: float) -> None:
        self.rng = rng
        self.constraint = constraint
        self.opened = 0
        self.closed: list[int] = []

    def atom(self, depth: int, in_la: bool) -> tuple[str, bool]:
        """(text, may be quantified)."""
        rng = self.rng
        r = rng.random()
        if r < self.constraint:
            if rng.random() < 0.6 or depth >= 3:
                return rng.choice(self.CONSTRAINTS), False
            kind = rng.choice(["?=", "?!", "?<=", "?<!"])
            return f"({kind}{self.branches(depth + 1, True)})", False
        r = rng.random()
        if r < 0.5 or depth >= 3:
            return rng.choice(["a", "b", "c", "a", "b", ".", "[ab]", "[^b]", r"\w", " "]), True
        if r < 0.85:
            capture = not in_la and rng.random() < 0.7
            number = self.opened = self.opened + capture
            inner = self.branches(depth + 1, in_la)
            if capture:
                self.closed.append(number)
                return f"({inner})", True
            return f"(?:{inner})", True
        if self.closed and not in_la:
            return f"\\{rng.choice(self.closed)}", True
        return "a", True

    def branch(self, depth: int, in_la: bool) -> str:
        out = []
        for _ in range(self.rng.randint(1, 4)):
            text, quantifiable = self.atom(depth, in_la)
            if quantifiable and self.rng.random() < 0.5:
                text += self.rng.choice(self.QUANTIFIERS)
            out.append(text)
        return "".join(out)

    def branches(self, depth: int, in_la: bool) -> str:
        text = self.branch(depth, in_la)
        while self.rng.random() < 0.25:
            text += "|" + self.branch(depth, in_la)
        return text


def fuzz_cases(count: int, seed: int, constraint: float, alphabet: str) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(count):
        pattern = PatternMaker(rng, constraint).branches(0, False)
        subject = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        flags = rng.choice(["", "", "", "i", "n"])
        if flags == "i" and rng.random() < 0.5:
            subject = subject.upper()
        out.append({"fn": "regexp_match", "args": [subject, pattern, flags]})
        out.append({"fn": "regexp_matches", "args": [subject, pattern, flags + "g"]})
    return out


# SIMILAR TO patterns: the POSIX regex similar_to_escape() makes of them is fetched from the
# server (that function belongs to another module); we check the engine accepts and runs it.
SIMILAR = [
    ("abcdefg", "_bcd%", None),
    ("abcdefg", "bcd%", None),
    ("abcdefg", "_bcd#%", "#"),
    ("abcd%", "_bcd#%", "#"),
    ("abcd\\efg", "_bcd\\%", ""),
    ("abcdefg", 'a#"(b_d)#"%', "#"),
    ("abcdefg", '#"(b_d)#"%', "#"),
    ("abcdefg", 'a#"%#"g', "#"),
    ("abcdefg", 'a*#"%#"g*', "#"),
    ("abcdefg", 'a|b#"%#"g', "#"),
    ("abcdefg", 'a#"%#"x|g', "#"),
    ("abcdefg", 'a#"%|ab#"g', "#"),
    ("abcdefg", 'a#"%g', "#"),
    ("abcdefg", "a%g", "#"),
    ("a_b", "[_[:alpha:]]%", None),
    ("$x", "$[$[:alnum:]]", None),
    ("(x)", "()[(]%", None),
    ("]x", "[]%][^]%]", None),
    ("a|b", "[|a]%", "|"),
    ("xy.z", "%.%", None),
]


def similar_cases(dsn: str) -> list[dict[str, Any]]:
    import psycopg

    out: list[dict[str, Any]] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for subject, pattern, esc in SIMILAR:
            if esc is None:
                row = conn.execute("SELECT similar_to_escape(%s)", [pattern]).fetchone()
            else:
                row = conn.execute("SELECT similar_to_escape(%s, %s)", [pattern, esc]).fetchone()
            assert row is not None
            regex = row[0]
            out.append({"fn": "textregexeq", "args": [subject, regex]})
            out.append({"fn": "textregexsubstr", "args": [subject, regex]})
    return out


GROUPS: dict[str, Callable[[str], list[dict[str, Any]]]] = {
    "regress": lambda dsn: list(INPUTS["regress"]),
    "tcl": lambda dsn: tcl_cases(),
    "adversarial": lambda dsn: list(INPUTS["adversarial"]),
    "similar": similar_cases,
    "fuzz": lambda dsn: fuzz_cases(2000, 20240611, 0.25, "abcab "),
    "fuzz_captures": lambda dsn: fuzz_cases(4000, 7, 0.04, "aabbc"),
}


# --- running --------------------------------------------------------------------------------------


def run(dsn: str, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import psycopg

    out = []
    with psycopg.connect(dsn, autocommit=True, prepare_threshold=None) as conn:
        for case in cases:
            fn, args = case["fn"], case["args"]
            sql = sql_for(fn, len(args), tuple(case.get("types", ())))
            entry: dict[str, Any] = {"fn": fn, "args": args, "sql": sql}
            try:
                rows = conn.execute(sql, args, prepare=False).fetchall()
            except psycopg.Error as err:
                entry["sqlstate"] = err.sqlstate
                entry["message"] = err.diag.message_primary
            else:
                entry["result"] = [r[0] for r in rows] if fn in SRFS else rows[0][0]
            out.append(entry)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(GOLDEN))
    ap.add_argument("--dsn", help="use this server instead of starting an embedded primary")
    args = ap.parse_args()
    outdir = Path(args.out)
    outdir.mkdir(parents=True, exist_ok=True)

    def write(dsn: str) -> None:
        import psycopg

        with psycopg.connect(dsn) as c:
            row = c.execute("SHOW server_version").fetchone()
            assert row is not None
            version = row[0]
        for name, make in GROUPS.items():
            cases = run(dsn, make(dsn))
            doc = {
                "generated_by": "tools/gen_regex_goldens.py — do not edit",
                "postgres_version": f"PostgreSQL {version}",
                "collation": "C",
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


if __name__ == "__main__":
    main()
