"""Correlated sub-selects (and other constructs) the engine cannot evaluate over the rows
PostgreSQL would use are refused (0A000) rather than answered over the wrong rows. Their answers are checked against the
primary in tests/integration/test_engine_vs_primary.py."""

from __future__ import annotations

import pytest

from engine.database import Database
from engine.errors import EngineError
from engine.session import Session

REFUSED = {
    # sum(x) reads only the outer x: PostgreSQL evaluates it as an aggregate of the outer query
    "SELECT (SELECT sum(x) FROM generate_series(1, 3) y) FROM generate_series(1, 3) x":
        "outer-level aggregate",
    "SELECT (SELECT count(*) FILTER (WHERE x > 1) FROM generate_series(1, 3) y) "
    "FROM generate_series(1, 3) x": "outer-level aggregate",
    # the variable inside the sub-select makes max() an aggregate of the outer query
    "SELECT (SELECT max((SELECT i.y FROM (VALUES (1, 10)) i(x, y) WHERE i.x = o.x))) "
    "FROM (VALUES (1), (2)) o(x)": "outer-level aggregate",
    # after grouping the select list sees group rows, not the FROM rows the sub-select reads
    "SELECT x % 2, (SELECT count(*) FROM generate_series(1, x % 2 + 1)) "
    "FROM generate_series(1, 3) x GROUP BY x % 2": "grouped query",
    "SELECT count(*) FROM generate_series(1, 3) x HAVING (SELECT count(*) > 0 WHERE true)"
    " AND EXISTS (SELECT 1 WHERE max(x) > 0)": "HAVING",
    "SELECT * FROM generate_series(1, 3) a JOIN generate_series(1, 3) b "
    "ON EXISTS (SELECT 1 WHERE a = b)": "FROM",
    # not correlation, but the same rule: no answer over rows PostgreSQL would not use
    "SELECT b FROM (SELECT 1 AS x) a LEFT JOIN (SELECT 2 AS y) b ON false": "outer join",
    "SELECT DISTINCT ON (a) a, generate_series(1, 3) FROM (VALUES (1), (1)) t(a)":
        "DISTINCT ON with a set-returning function",
    "SELECT * FROM unnest(ARRAY[1], ARRAY['a'])": "unnest() of several arrays",
    "SELECT 'a' COLLATE \"C\" < 'b' COLLATE \"POSIX\"": "in one statement are not supported yet",
    "SELECT * FROM (VALUES (5)) w(z), (VALUES (0)) v(r) "
    "LEFT JOIN LATERAL generate_series(1, r) g ON true": "LATERAL references inside JOIN",
}


@pytest.fixture()
def session() -> Session:
    db = Database()
    db.publish(1)
    return Session(db, {"user": "postgres"})


@pytest.mark.parametrize("sql", list(REFUSED))
def test_refused_with_the_construct_named(session: Session, sql: str) -> None:
    with pytest.raises(EngineError) as info:
        list(session.execute_simple(sql))
    assert info.value.sqlstate == "0A000"
    assert REFUSED[sql] in str(info.value)


def test_sub_select_runs_once_per_outer_row(session: Session) -> None:
    (result,) = session.execute_simple(
        "SELECT x, (SELECT count(*) FROM generate_series(1, x) y WHERE y % 2 = 0) "
        "FROM generate_series(1, 5) x")
    assert [tuple(r) for r in result.rows] == [
        (str(x), str(x // 2)) for x in range(1, 6)]


def test_a_name_resolves_in_the_innermost_query_first(session: Session) -> None:
    (result,) = session.execute_simple(
        "SELECT x, (SELECT x FROM generate_series(7, 7) x) FROM generate_series(1, 2) x")
    assert [tuple(r) for r in result.rows] == [("1", "7"), ("2", "7")]


def test_a_rescan_too_large_for_the_shadow_is_refused() -> None:
    """Without indexes a correlated sub-select whose correlation cannot be hashed rescans its
    table per outer row; past the budget the statement is refused (0A000), not left running."""
    from engine.catalog import ColumnDef, TableDef
    from engine.exec import scan

    db = Database()
    db.define_table(TableDef(1, "public", "t", (ColumnDef("a", 23, -1, 1),), (0,)))
    store = db.store(1)
    for i in range(300):
        store.insert((i,), 1)
    db.publish(1)
    session = Session(db, {"user": "postgres"})
    sql = "SELECT count(*) FROM t o WHERE EXISTS (SELECT 1 FROM t i WHERE i.a > o.a + 298)"
    (result,) = session.execute_simple(sql)
    assert [tuple(r) for r in result.rows] == [("1",)]  # 300 x 300 rows: within the budget
    saved = scan.RESCAN_LIMIT
    scan.RESCAN_LIMIT = 10_000
    try:
        with pytest.raises(EngineError) as info:
            list(session.execute_simple(sql))
    finally:
        scan.RESCAN_LIMIT = saved
    assert info.value.sqlstate == "0A000"
    assert "rescanning" in str(info.value)
