"""Count the builtins (pg_proc rows of the generated catalog) the engine can run.

A function counts as implemented when its prosrc has an implementation in the type/function
families (plain, context, set-returning), when it is a SQL-language builtin whose body the binder
inlines, or when it is an aggregate whose transition function is implemented. Usage:
``.venv/bin/python tools/builtin_coverage.py [--missing]``.
"""

from __future__ import annotations

import argparse
from collections import Counter

from engine import pgcat
from engine import types as T
from engine.exec.window import WINDOW_FUNCTIONS


def implemented(p: pgcat.ProcRow) -> bool:
    if p.kind == "a":
        agg = pgcat.aggregate(p.oid)
        if agg is None:
            return False
        trans = pgcat.proc(agg.transfn).prosrc
        return trans in T.AGG_TRANSITIONS or trans in T.CONTEXT_AGG_TRANSITIONS
    if p.kind == "w":
        return p.prosrc in WINDOW_FUNCTIONS
    if p.language == "sql":
        return p.prosrc.strip().upper().startswith("RETURN ")
    tables = (T.FUNCTIONS, T.CONTEXT_FUNCTIONS, T.SRF_FUNCTIONS, T.CONTEXT_SRF_FUNCTIONS)
    return any(p.prosrc in t for t in tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--missing", action="store_true", help="list the unimplemented names")
    args = parser.parse_args()
    rows = [p for ps in pgcat._procs()[1].values() for p in ps if p.kind in ("f", "a", "w")]
    done = [p for p in rows if implemented(p)]
    by_kind = Counter(p.kind for p in rows)
    done_kind = Counter(p.kind for p in done)
    print(f"implemented {len(done)} of {len(rows)} builtins "
          f"(functions {done_kind['f']}/{by_kind['f']}, aggregates {done_kind['a']}/"
          f"{by_kind['a']}, window functions {done_kind['w']}/{by_kind['w']})")
    if args.missing:
        for p in sorted(set(rows) - set(done), key=lambda p: p.name):
            print(f"  {pgcat_signature(p)}")


def pgcat_signature(p: pgcat.ProcRow) -> str:
    from engine.binder.resolve import signature

    return signature(p)


if __name__ == "__main__":
    main()
