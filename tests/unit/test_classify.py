"""Read-only detection and tier tagging from the pglast tree."""

from __future__ import annotations

import pytest

from replica.diff.compare import Outcome, QueryError, ResultSet
from replica.replay.classify import Tier, Use, classify
from replica.replay.runner import shadow_block_failed


@pytest.mark.parametrize(
    ("sql", "tier"),
    [
        ("SELECT 1 + 1", Tier.EXPR),
        ("VALUES (1), (2)", Tier.EXPR),
        ("SELECT * FROM generate_series(1, 3) g", Tier.EXPR),
        ("SELECT * FROM (VALUES (1)) v(a)", Tier.EXPR),
        ("WITH x AS (SELECT 1 AS a) SELECT a FROM x", Tier.EXPR),
        ("SELECT random()", Tier.EXPR),
        ("SELECT * FROM t WHERE a > 1", Tier.TABLE),
        ("TABLE t", Tier.TABLE),
        ("SELECT (SELECT max(a) FROM t)", Tier.TABLE),
        ("WITH x AS (SELECT a FROM t) SELECT * FROM x", Tier.TABLE),
        ("SELECT relname FROM pg_class", Tier.CATALOG),
        ("SELECT * FROM information_schema.tables", Tier.CATALOG),
        ("SELECT 't'::regclass", Tier.CATALOG),
        ("SELECT pg_typeof(1)", Tier.CATALOG),
        ("SELECT current_setting('TimeZone')", Tier.CATALOG),
        ("SELECT a FROM t JOIN pg_namespace n ON true", Tier.CATALOG),
        ("SHOW TimeZone", Tier.CATALOG),
    ],
)
def test_reads_and_tiers(sql: str, tier: Tier) -> None:
    c = classify(sql)
    assert c.use is Use.READ
    assert c.tier is tier


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO t VALUES (1)",
        "SELECT 1 INTO t2",
        "SELECT * FROM t FOR UPDATE",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "SELECT nextval('s')",
        "SELECT pg_advisory_lock(1)",
        "SELECT set_config('search_path', '', false)",
        "EXPLAIN SELECT 1",
        "PREPARE TRANSACTION 'x'",
        "COMMIT PREPARED 'x'",
        "CREATE TABLE t (a int)",
    ],
)
def test_writes(sql: str) -> None:
    assert classify(sql).use is Use.WRITE


@pytest.mark.parametrize("sql", ["SET TimeZone = 'UTC'", "RESET ALL", "DISCARD ALL",
                                 "SET search_path TO public", "SET LOCAL TimeZone = 'UTC'",
                                 "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "BEGIN",
                                 "SAVEPOINT a", "ROLLBACK TO SAVEPOINT a", "RELEASE a",
                                 "COMMIT", "ROLLBACK"])
def test_session_statements(sql: str) -> None:
    assert classify(sql).use is Use.SESSION


def test_unparsable() -> None:
    assert classify("SELEC 1").use is Use.UNPARSABLE


def test_creates_and_drops_are_tracked() -> None:
    assert classify("CREATE TEMP TABLE q (a int)").creates == (("q", "t"),)
    assert classify("CREATE UNLOGGED TABLE u (a int)").creates == (("u", "u"),)
    assert classify("DROP TABLE a, s.b").drops == ("a", "b")


def test_renames_are_tracked() -> None:
    assert classify("ALTER TABLE attmp RENAME TO attmp_new").renames == (("attmp", "attmp_new"),)
    assert classify("ALTER VIEW s.v RENAME TO w").renames == (("v", "w"),)
    assert classify("ALTER TABLE t RENAME COLUMN a TO b").renames == ()


@pytest.mark.parametrize(
    ("primary", "replica", "failed"),
    [
        (ResultSet((), (), "SELECT 0"), QueryError("25P02", "current transaction is aborted"),
         True),
        (QueryError("42P01", "relation does not exist"),
         QueryError("25P02", "current transaction is aborted"), True),
        (QueryError("25P02", "current transaction is aborted"),
         QueryError("25P02", "current transaction is aborted"), False),
        (ResultSet((), (), "SELECT 0"), QueryError("42P01", "relation does not exist"), False),
    ],
)
def test_a_25p02_of_the_shadow_alone_is_its_failed_block(
        primary: Outcome, replica: Outcome, failed: bool) -> None:
    """The runner counts such a read unsupported (with the cause), never a mismatch."""
    assert shadow_block_failed(primary, replica) is failed


def test_functions_and_relations_reported() -> None:
    c = classify("SELECT lower(x.a) FROM s.t x JOIN u USING (id)")
    assert "lower" in c.functions
    assert set(c.relations) == {("s", "t"), (None, "u")}
