"""The optimiser rules change how rows are found, never which: every query gives the same
multiset of rows with and without ``optimize`` (hypothesis over random data and predicates),
and the plans have the expected shape (EXPLAIN text)."""

from __future__ import annotations

from collections import Counter

import hypothesis.strategies as st
import pglast
from hypothesis import given, settings

from engine.database import Database
from engine.exec.operators import run
from engine.plan import planner
from engine.plan.nodes import explain
from engine.plan.optimize import optimize
from engine.session import Session

DB = Database()
DB.publish(1)
SESSION = Session(DB)

VALUES = st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=0, max_size=6)
CONDITIONS = [
    "a.x = b.y", "a.x = b.y AND b.y > 0", "a.x < b.y", "a.x = b.y OR a.x IS NULL",
    "a.x = 1", "b.y = c.z AND a.x = c.z", "a.x + b.y = c.z", "true",
]


def _values(vals: list[int | None], alias: str, col: str) -> str:
    if not vals:
        return f"(SELECT NULL::int AS {col} WHERE false) AS {alias}"
    rows = ", ".join(f"({'NULL::int' if v is None else v})" for v in vals)
    return f"(VALUES {rows}) AS {alias}({col})"


def _rows(sql: str, optimized: bool) -> Counter[tuple[object, ...]]:
    bound = SESSION._bind(pglast.parse_sql(sql)[0].stmt, [])
    plan = planner._plan(bound.query)
    if optimized:
        plan = optimize(plan)
    return Counter(run(plan, SESSION._context()))


@settings(max_examples=80, deadline=None)
@given(VALUES, VALUES, VALUES, st.sampled_from(CONDITIONS), st.booleans())
def test_same_rows_with_and_without_the_rules(a: list[int | None], b: list[int | None],
                                               c: list[int | None], cond: str,
                                               left: bool) -> None:
    join = f"LEFT JOIN {_values(b, 'b', 'y')} ON a.x = b.y" if left else \
        f", {_values(b, 'b', 'y')}"
    sql = (f"SELECT a.x, b.y, c.z FROM {_values(a, 'a', 'x')} {join}, {_values(c, 'c', 'z')} "
           f"WHERE {cond}")
    assert _rows(sql, True) == _rows(sql, False)


def test_filters_go_down_and_equalities_become_hash_joins() -> None:
    sql = ("SELECT count(*) FROM generate_series(1, 3) a, generate_series(1, 3) b, "
           "generate_series(1, 3) c WHERE a = b AND b = c AND a < 2")
    bound = SESSION._bind(pglast.parse_sql(sql)[0].stmt, [])
    assert explain(planner.plan_query(bound.query)) == "\n".join([
        "Project: agg0",
        "  -> Aggregate: count(*)",
        "    -> Hash Join (inner) Hash Cond: b = c",
        "      -> Hash Join (inner) Hash Cond: a = b",
        "        -> Filter: <(a, 2)",
        "          -> Function Scan on generate_series",
        "        -> Function Scan on generate_series",
        "      -> Function Scan on generate_series",
    ])
