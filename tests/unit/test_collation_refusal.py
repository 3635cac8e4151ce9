"""Text ordering and case mapping are answered only under code-point collations: under any
other database collation the engine refuses (0A000) instead of sorting the wrong way."""

from __future__ import annotations

import pytest

from engine.catalog import ColumnDef, TableDef
from engine.database import Database, ServerInfo
from engine.errors import FeatureNotSupported
from engine.session import Session


def _session(collation: str, ctype: str) -> Session:
    db = Database(ServerInfo(collation=collation, ctype=ctype))
    db.define_table(TableDef(1, "public", "t", (ColumnDef("s", 25, -1, 1),), (0,)))
    db.store(1).insert(("b",), 5)
    db.store(1).insert(("a",), 5)
    db.publish(5)
    return Session(db)


@pytest.mark.parametrize("sql", [
    "SELECT s FROM t ORDER BY s",
    "SELECT 'a' < 'b'",
    "SELECT max(s) FROM t",
    "SELECT greatest('a', 'b')",
])
def test_ordering_refused_under_a_libc_collation(sql: str) -> None:
    with pytest.raises(FeatureNotSupported):
        list(_session("en_US.UTF-8", "en_US.UTF-8").execute_simple(sql))


@pytest.mark.parametrize("sql", [
    "SELECT upper(s) FROM t",
    "SELECT s ~ '[[:alpha:]]' FROM t",
    "SELECT regexp_replace(s, 'a', 'b') FROM t",
    "SELECT s ILIKE 'A' FROM t",
])
def test_ctype_dependent_refused_under_a_non_c_ctype(sql: str) -> None:
    with pytest.raises(FeatureNotSupported):
        list(_session("C.UTF-8", "C.UTF-8").execute_simple(sql))


def test_equality_and_code_point_collations_are_answered() -> None:
    s = _session("C.UTF-8", "C.UTF-8")
    (r,) = s.execute_simple("SELECT s FROM t WHERE s = 'a' ORDER BY s")
    assert r.rows == [("a",)]
    (r,) = _session("C", "C").execute_simple("SELECT upper(s) FROM t ORDER BY 1")
    assert r.rows == [("A",), ("B",)]

