"""End to end: a real primary → pgoutput → engine → wire, checked against the primary itself.

Expected values are always read from the primary at test time."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import psycopg
import pytest

from replica.primary import Primary
from replica.service import Shadow, ShadowConfig
from replica.stream import str_to_lsn

pytestmark = pytest.mark.integration


@pytest.fixture
def shadow_of(fresh_db: str) -> Iterator[tuple[str, Shadow]]:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2),"
            " qty int, seen timestamptz, day date, ratio float8, ok boolean, ref uuid,"
            " big bigint, code varchar(8))"
        )
        conn.execute(
            "INSERT INTO items SELECT g, 'item ' || g, g * 1.5, g % 7,"
            " '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 hour',"
            " '2020-02-28'::date + g, g / 3.0, g % 2 = 0, md5(g::text)::uuid,"
            " g::bigint * 1000000000, 'c' || g FROM generate_series(1, 200) g"
        )
    shadow = Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_e2e")).start()
    try:
        yield fresh_db, shadow
    finally:
        shadow.stop()


def _sync(primary_dsn: str, shadow: Shadow) -> None:
    with psycopg.connect(primary_dsn, autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    assert shadow.wait_applied(str_to_lsn(row[0]), 20), "shadow did not catch up"


def _text_rows(dsn: str, sql: str) -> tuple[list[tuple[str, int]], list[tuple[str | None, ...]]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(sql)
        res = cur.pgresult
        assert res is not None
        cols = [(c.name, c.type_code) for c in cur.description or ()]
        rows = [
            tuple(None if (v := res.get_value(r, c)) is None else v.decode()
                  for c in range(res.nfields))
            for r in range(res.ntuples)
        ]
    return cols, rows


QUERIES = [
    "SELECT * FROM items ORDER BY id",
    "SELECT id, price * qty AS total, price / 7 AS frac FROM items WHERE ok ORDER BY id",
    "SELECT count(*) FROM items",
    "SELECT id, seen, day FROM items WHERE seen > '2024-01-03' ORDER BY seen DESC LIMIT 10",
    "SELECT id, ratio, -ratio AS neg FROM items ORDER BY ratio DESC, id LIMIT 20 OFFSET 3",
    "SELECT name, code FROM items WHERE qty IN (1, 3) AND id BETWEEN 10 AND 90 ORDER BY 1",
]


def _assert_same(primary_dsn: str, shadow: Shadow, sql: str) -> None:
    expected = _text_rows(primary_dsn, sql)
    got = _text_rows(shadow.dsn(), sql)
    assert got == expected, sql


def test_initial_copy_matches_primary(shadow_of: tuple[str, Shadow]) -> None:
    primary_dsn, shadow = shadow_of
    for sql in QUERIES:
        _assert_same(primary_dsn, shadow, sql)


def test_streamed_changes_match_primary(shadow_of: tuple[str, Shadow]) -> None:
    primary_dsn, shadow = shadow_of
    with psycopg.connect(primary_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO items (id, name, price, qty) VALUES (1000, 'new', 9.99, 3)")
        conn.execute("UPDATE items SET price = price + 0.01, ok = NOT ok WHERE id % 5 = 0")
        conn.execute("UPDATE items SET id = id + 5000 WHERE id < 4")  # replica-identity change
        conn.execute("DELETE FROM items WHERE id % 9 = 0")
        with conn.transaction():
            conn.execute("INSERT INTO items (id, name) VALUES (2000, NULL)")
            conn.execute("DELETE FROM items WHERE id = 2000")
    _sync(primary_dsn, shadow)
    for sql in QUERIES:
        _assert_same(primary_dsn, shadow, sql)


def test_truncate_then_insert(shadow_of: tuple[str, Shadow]) -> None:
    primary_dsn, shadow = shadow_of
    with psycopg.connect(primary_dsn, autocommit=True) as conn, conn.transaction():
        conn.execute("TRUNCATE items")
        conn.execute("INSERT INTO items (id, name) VALUES (1, 'survivor')")
    _sync(primary_dsn, shadow)
    _assert_same(primary_dsn, shadow, "SELECT * FROM items ORDER BY id")
    _assert_same(primary_dsn, shadow, "SELECT count(*) FROM items")


def test_unchanged_toast_is_kept(fresh_db: str) -> None:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE docs (id int PRIMARY KEY, body text, n int)")
        conn.execute("ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL")
        conn.execute("CREATE TABLE docs_full (body text, n int)")
        conn.execute("ALTER TABLE docs_full REPLICA IDENTITY FULL")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_toast")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO docs SELECT 1, repeat('abcdefghij', 10000) || 'end', 0")
            conn.execute("INSERT INTO docs_full SELECT repeat('z', 100000), 0")
            conn.execute("UPDATE docs SET n = n + 1")  # body travels as 'u' (unchanged TOAST)
            conn.execute("UPDATE docs_full SET n = n + 1")
        _sync(fresh_db, shadow)
        for sql in ("SELECT id, body, n FROM docs", "SELECT body, n FROM docs_full"):
            cols, rows = _text_rows(shadow.dsn(), sql)
            assert rows and rows[0][0] is not None
            assert (cols, rows) == _text_rows(fresh_db, sql)


def test_standby_surface(shadow_of: tuple[str, Shadow], primary: Primary) -> None:
    primary_dsn, shadow = shadow_of
    _sync(primary_dsn, shadow)
    with psycopg.connect(shadow.dsn(), autocommit=True) as conn:
        assert conn.info.parameter_status("in_hot_standby") == "on"
        assert conn.info.parameter_status("default_transaction_read_only") == "on"
        with psycopg.connect(primary_dsn) as p:
            version = p.execute("SHOW server_version").fetchone()
        assert version is not None
        assert conn.info.parameter_status("server_version") == version[0]
        row = conn.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()").fetchone()
        assert row is not None and row[0] is True
        assert str_to_lsn(str(row[1])) >= 1
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("INSERT INTO items (id) VALUES (99999)")
        assert exc.value.sqlstate == "25006"
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("SELECT ctid, id FROM items")
        assert exc.value.sqlstate == "0A000"
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("SELECT id FROM items FOR UPDATE")
        assert exc.value.sqlstate == "25006"


def test_psql_connects(shadow_of: tuple[str, Shadow], primary: Primary) -> None:
    _, shadow = shadow_of
    psql = primary.bin_dir / "psql"
    out = subprocess.run(
        [str(psql), "-X", "-A", "-t", "-h", "127.0.0.1", "-p", str(shadow.port), "-U", "postgres",
         "-d", "postgres", "-c", "SELECT count(*) FROM items"],
        capture_output=True, text=True, timeout=30, check=True,
    )
    assert out.stdout.strip() == "200"


def test_table_created_after_start_and_still_empty(shadow_of: tuple[str, Shadow]) -> None:
    """A table with no changes yet was never described by a Relation message: the shadow
    finds it in the primary's catalog and answers like the primary (an empty result)."""
    primary_dsn, shadow = shadow_of
    with psycopg.connect(primary_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE later (a int, b text)")
    _sync(primary_dsn, shadow)
    _assert_same(primary_dsn, shadow, "SELECT * FROM later")
    _assert_same(primary_dsn, shadow, "SELECT count(*) FROM later")
    with psycopg.connect(primary_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO later VALUES (1, 'x')")
    _sync(primary_dsn, shadow)
    _assert_same(primary_dsn, shadow, "SELECT * FROM later")
    with psycopg.connect(shadow.dsn(), autocommit=True) as conn, pytest.raises(psycopg.Error) as e:
        conn.execute("SELECT * FROM never_created")
    assert e.value.sqlstate == "42P01"


def test_enum_columns_and_literals(fresh_db: str) -> None:
    """Enum types live on the primary: the shadow reads their labels and sort order there."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
        conn.execute("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'")
        conn.execute("CREATE TABLE people (id int PRIMARY KEY, m mood)")
        conn.execute("INSERT INTO people VALUES (1, 'happy'), (2, 'sad'), (3, NULL)")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_enum")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO people VALUES (4, 'meh'), (5, 'ok')")
        _sync(fresh_db, shadow)
        for sql in ("SELECT * FROM people ORDER BY m, id",
                    "SELECT id FROM people WHERE m > 'meh' ORDER BY id",
                    "SELECT 'ok'::mood < 'happy'::mood, max(m) FROM people",
                    "SELECT 'nope'::mood",
                    "SELECT '{happy,sad}'::mood[], ('{happy,sad}'::mood[])[2]",
                    "SELECT id FROM people WHERE m = ANY ('{sad,ok}'::mood[]) ORDER BY id",
                    "SELECT 'ok' = ALL ('{ok,ok}'::mood[]), 'meh' = ANY ('{sad}'::mood[])",
                    "SELECT enum_first(NULL::mood), enum_last('ok'::mood), enum_range(NULL::mood)",
                    "SELECT enum_range('meh'::mood, 'happy'), enum_range(NULL, 'ok'::mood)",
                    "SELECT enum_range('ok'::mood, NULL), enum_range(NULL::mood, NULL)",
                    "SELECT enum_range('happy'::mood, 'meh'), pg_typeof(enum_range(NULL::mood))",
                    "SELECT m, enum_range(m, NULL) FROM people ORDER BY id",
                    "SELECT enum_first(NULL)"):
            assert _text_rows_or_error(shadow.dsn(), sql) == _text_rows_or_error(fresh_db, sql)
        with psycopg.connect(fresh_db, autocommit=True) as conn:  # DDL does not replicate
            conn.execute("ALTER TYPE mood ADD VALUE 'ecstatic'")
            conn.execute("ALTER TYPE mood ADD VALUE 'numb' BEFORE 'sad'")
        for sql in ("SELECT enum_last(NULL::mood), enum_first(NULL::mood), enum_range(NULL::mood)",
                    "SELECT 'ecstatic'::mood > 'happy'::mood, enum_range('numb'::mood, 'sad')"):
            assert _text_rows_or_error(shadow.dsn(), sql) == _text_rows_or_error(fresh_db, sql)


def test_user_range_columns(fresh_db: str) -> None:
    """Range types defined on the primary: columns of them copy and stream, and read with
    the primary's ordering."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute('CREATE TYPE textrange AS RANGE (subtype = text, collation = "C")')
        conn.execute("CREATE TYPE f8range AS RANGE (subtype = float8, "
                     "multirange_type_name = f8multi)")
        conn.execute("CREATE TABLE spans (id int PRIMARY KEY, t textrange, f f8range, "
                     "m f8multi, a textrange[])")
        conn.execute("INSERT INTO spans VALUES (1, '[a,m)', '[1.5,2]', '{[1,2), [3,4)}', "
                     "'{\"[a,b)\",empty}'), (2, '(\"x y\",)', '(,0)', '{}', NULL)")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_urange")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO spans VALUES (3, 'empty', 'empty', '{[0,1]}', "
                         "ARRAY[textrange('B', 'a')])")
        _sync(fresh_db, shadow)
        for sql in ("SELECT * FROM spans ORDER BY t, id",
                    "SELECT id, t @> 'b'::text, f && f8range(0, 1.6), m @> 3.5::float8, "
                    "lower(t), upper(f) FROM spans ORDER BY id",
                    "SELECT range_agg(f), range_agg(t) FROM spans",
                    "SELECT id FROM spans WHERE t << textrange('n', 'z') ORDER BY f DESC"):
            expected = _text_rows_or_error(fresh_db, sql)
            assert isinstance(expected, tuple)  # rows, not an error
            assert _text_rows_or_error(shadow.dsn(), sql) == expected


def _text_rows_or_error(dsn: str, sql: str) -> object:
    try:
        return _text_rows(dsn, sql)
    except psycopg.Error as exc:
        return exc.sqlstate


def test_user_defined_objects_are_refused_not_missing(fresh_db: str) -> None:
    """Functions, types and operators defined on the primary cannot run on the shadow: it
    refuses them (0A000) instead of claiming they do not exist; truly unknown names still
    get the primary's "does not exist" SQLSTATE."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2'")
        conn.execute("CREATE DOMAIN posint AS int CHECK (VALUE > 0)")
        conn.execute("CREATE FUNCTION f_eq(int, int) RETURNS bool LANGUAGE sql "
                     "AS 'SELECT $1 = $2'")
        conn.execute("CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = f_eq)")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_udf")).start() as shadow:
        cases = {"SELECT twice(2)": "0A000", "SELECT 1::posint": "0A000",
                 "SELECT 1 === 1": "0A000", "SELECT nosuchfunction(1)": "42883",
                 "SELECT 1::nosuchtype": "42704"}
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            # created after the shadow started, used at once: DDL is not replicated, so the
            # shadow must not have cached the primary's names
            conn.execute("SELECT concat('a', 'b')")
            conn.execute("CREATE FUNCTION concat(text, VARIADIC anyarray) RETURNS text "
                         "LANGUAGE sql AS 'SELECT array_to_string($2, $1)'")
            conn.execute("CREATE TABLE parent_t (a int)")
            conn.execute("CREATE TABLE child_t () INHERITS (parent_t)")
        cases.update({"SELECT concat('|', 'a'::text, 'b')": "0A000",
                      "SELECT * FROM parent_t": "0A000"})
        for sql, sqlstate in cases.items():
            with psycopg.connect(shadow.dsn(), autocommit=True) as conn, \
                    pytest.raises(psycopg.Error) as exc:
                conn.execute(sql)
            assert exc.value.sqlstate == sqlstate, sql
            if sqlstate != "0A000":  # the primary agrees on what does not exist
                with psycopg.connect(fresh_db, autocommit=True) as conn, \
                        pytest.raises(psycopg.Error) as exc:
                    conn.execute(sql)
                assert exc.value.sqlstate == sqlstate


def test_current_schema_follows_the_primary(shadow_of: tuple[str, Shadow]) -> None:
    """current_schema is the first search_path schema that exists: asked of the primary."""
    primary_dsn, shadow = shadow_of
    script = ["SELECT current_schema", "SET search_path = notme, public",
              "SELECT current_schema", "SET search_path = notme", "SELECT current_schema"]
    answers = []
    for dsn in (primary_dsn, shadow.dsn()):
        with psycopg.connect(dsn, autocommit=True) as conn:
            answers.append([conn.execute(sql).fetchall() if sql.startswith("SELECT") else
                            conn.execute(sql) and None for sql in script])
    assert answers[0] == answers[1]


def test_views_and_partitioned_tables_read_like_the_primary(fresh_db: str) -> None:
    """Views are read through their definition, partitioned tables through their leaf
    partitions (which are what logical replication publishes)."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE m (id int, day date, amount numeric, PRIMARY KEY (id, day)) "
                     "PARTITION BY RANGE (day)")
        conn.execute("CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') "
                     "TO ('2025-01-01')")
        conn.execute("CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') "
                     "TO ('2026-01-01')")
        conn.execute("INSERT INTO m VALUES (1, '2024-05-01', 10.5), (2, '2025-02-01', 3)")
        conn.execute("CREATE VIEW big AS SELECT id, amount * 2 AS doubled FROM m "
                     "WHERE amount > 5")
        conn.execute("CREATE VIEW named(a, b) AS SELECT id, day FROM m")
        conn.execute("CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_views")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO m VALUES (3, '2025-06-01', 99)")
        _sync(fresh_db, shadow)
        for sql in ("SELECT * FROM m ORDER BY id", "SELECT sum(amount) FROM m",
                    "SELECT * FROM big ORDER BY id", "SELECT b, a FROM named ORDER BY a"):
            assert _text_rows(shadow.dsn(), sql) == _text_rows(fresh_db, sql), sql
        assert _text_rows_or_error(shadow.dsn(), "SELECT * FROM mv") == "0A000"
        # restrict_nonsystem_relation_kind = 'view' forbids user views (55000), not tables
        for dsn in (fresh_db, shadow.dsn()):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("SET restrict_nonsystem_relation_kind = 'view'")
                with pytest.raises(psycopg.Error) as exc:
                    conn.execute("SELECT * FROM big")
                assert exc.value.sqlstate == "55000"
                assert "non-system view \"big\"" in str(exc.value)
                assert conn.execute("SELECT count(*) FROM m").fetchall() == [(3,)]
        # partitions are read through their leaves: system columns are not served
        assert _text_rows_or_error(shadow.dsn(), "SELECT tableoid::regclass, id FROM m") \
            == "0A000"


def test_a_value_the_engine_cannot_read_does_not_stop_replication(fresh_db: str) -> None:
    """regclass values arrive as names the shadow cannot resolve: the column keeps the
    primary's text and its reads are refused, while the table's other columns and every
    later change keep flowing."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE refs (id int PRIMARY KEY, rel regclass, note text)")
        conn.execute("INSERT INTO refs VALUES (1, 'pg_class', 'copied')")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_regclass")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO refs VALUES (2, 'refs', 'streamed')")
            conn.execute("CREATE TABLE later (a int)")
            conn.execute("INSERT INTO later VALUES (7)")
        _sync(fresh_db, shadow)
        for sql in ("SELECT id, note FROM refs ORDER BY id", "SELECT a FROM later"):
            assert _text_rows(shadow.dsn(), sql) == _text_rows(fresh_db, sql)
        with psycopg.connect(shadow.dsn(), autocommit=True) as conn, \
                pytest.raises(psycopg.Error) as exc:
            conn.execute("SELECT rel FROM refs")
        assert exc.value.sqlstate == "0A000"


def test_a_diverged_table_is_refused_and_the_rest_keeps_flowing(fresh_db: str) -> None:
    """An UPDATE for a row the shadow does not have means that table's copy is wrong: its
    reads are refused from then on, and replication of every other table goes on."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE a (id int PRIMARY KEY, v int)")
        conn.execute("CREATE TABLE b (id int PRIMARY KEY, v int)")
        conn.execute("INSERT INTO a VALUES (1, 1), (2, 2)")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_diverge")).start() as shadow:
        _sync(fresh_db, shadow)
        assert shadow.db is not None
        oid = shadow.db.catalog.lookup(None, "a", ("public",)).oid
        store = shadow.db.store(oid)
        store.delete_at(store.find((1,)), shadow.db.applied_lsn)  # lose a row behind its back
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("UPDATE a SET v = 10 WHERE id = 1")
            conn.execute("INSERT INTO b VALUES (1, 5)")
        _sync(fresh_db, shadow)
        assert _text_rows(shadow.dsn(), "SELECT * FROM b") == _text_rows(fresh_db, "SELECT * FROM b")
        with psycopg.connect(shadow.dsn(), autocommit=True) as conn, \
                pytest.raises(psycopg.Error) as exc:
            conn.execute("SELECT * FROM a")
        assert exc.value.sqlstate == "0A000"
        assert "diverged" in str(exc.value)


def test_domain_columns_read_as_their_base_type(fresh_db: str) -> None:
    """A column of a domain reads as the base type in expressions and reports the domain's
    OID, as PostgreSQL does; a cast to the domain (which would run its CHECK) is refused."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE DOMAIN year AS int CHECK (VALUE BETWEEN 1901 AND 2155)")
        conn.execute("CREATE DOMAIN short_text AS varchar(5)")
        conn.execute("CREATE DOMAIN recent AS year CHECK (VALUE > 2000)")
        conn.execute("CREATE TABLE films (id int PRIMARY KEY, y year, t short_text, r recent)")
        conn.execute("INSERT INTO films VALUES (1, 2006, 'abc', 2001), (2, 1999, 'de', NULL)")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_domain")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO films VALUES (3, 2010, NULL, 2020)")
        _sync(fresh_db, shadow)
        for sql in ("SELECT * FROM films ORDER BY id",
                    "SELECT id, y, y + 1, t || '!', r FROM films WHERE y > 2000 ORDER BY y",
                    "SELECT s.y FROM (SELECT y FROM films) s ORDER BY 1",
                    "SELECT max(y), count(DISTINCT t), sum(r) FROM films",
                    "SELECT y::text, length(t) FROM films ORDER BY id"):
            assert _text_rows(shadow.dsn(), sql) == _text_rows(fresh_db, sql), sql
        assert _text_rows_or_error(shadow.dsn(), "SELECT 2000::year") == "0A000"


def test_a_table_altered_on_the_primary_is_refused_until_replication_shows_it(
        fresh_db: str) -> None:
    """DDL does not replicate: until a change brings the new shape, reads of an altered or
    renamed table are refused instead of answered with the old shape."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE s (id int PRIMARY KEY, a int)")
        conn.execute("CREATE TABLE r (id int PRIMARY KEY)")
        conn.execute("INSERT INTO s VALUES (1, 1)")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_shape")).start() as shadow:
        _sync(fresh_db, shadow)
        assert _text_rows(shadow.dsn(), "SELECT * FROM s") == _text_rows(fresh_db, "SELECT * FROM s")
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("ALTER TABLE s DROP COLUMN a")
            conn.execute("ALTER TABLE r RENAME TO r2")
        for sql in ("SELECT * FROM s", "SELECT * FROM r"):
            assert _text_rows_or_error(shadow.dsn(), sql) == "0A000", sql


def test_records_of_tables_views_and_composite_columns(fresh_db: str) -> None:
    """A table's or view's name used as a value is its row (of the relation's row type); a
    composite column replicates as its record text."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TYPE pair AS (x int, label text)")
        conn.execute("CREATE TABLE recs (id int PRIMARY KEY, p pair, tags text[], note text)")
        conn.execute("INSERT INTO recs VALUES (1, '(1,\"a b\")', '{x,y}', NULL), "
                     "(2, NULL, NULL, 'q\"uote'), (3, '(,)', '{}', '')")
        conn.execute("CREATE VIEW recs_v AS SELECT id, note FROM recs")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_recs")).start() as shadow:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("INSERT INTO recs VALUES (4, ROW(4, 'x,y'), '{\"(a)\"}', 'n')")
        _sync(fresh_db, shadow)
        for sql in ("SELECT r FROM recs r ORDER BY id",
                    "SELECT row_to_json(r), to_jsonb(r) FROM recs r ORDER BY id",
                    "SELECT p, (p).x, (p).label, p IS NULL FROM recs ORDER BY id",
                    "SELECT v FROM recs_v v ORDER BY id",
                    "SELECT id FROM recs r WHERE r = r AND p = ROW(4, 'x,y')::pair",
                    "SELECT (jsonb_populate_record(p, '{\"x\": 9}')).* FROM recs ORDER BY id",
                    "SELECT jsonb_populate_record(p, '{\"x\": 9}') FROM recs ORDER BY id",
                    "SELECT q.* FROM recs, jsonb_populate_record(NULL::pair, to_jsonb(p)) q "
                    "ORDER BY id"):
            assert _text_rows_or_error(shadow.dsn(), sql) == _text_rows_or_error(fresh_db, sql), \
                sql


def test_column_collations_are_followed_or_refused(fresh_db: str) -> None:
    """Column collations are not in pgoutput: the shadow asks the primary. One served
    collation (C or POSIX) per statement answers as the primary does; two that may meet
    (PostgreSQL would derive and possibly reject them: 42P21/42P22) and collations whose
    rules the shadow does not reproduce (pg_c_utf8 case mapping) are refused."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # the builtin provider's pg_c_utf8 exists from PostgreSQL 17
        utf8 = "pg_c_utf8" if conn.info.server_version >= 170000 else "ucs_basic"
        conn.execute("CREATE TABLE coll (a int PRIMARY KEY, x text COLLATE \"C\", "
                     f"y text COLLATE \"POSIX\", u text COLLATE {utf8})")
        conn.execute("INSERT INTO coll VALUES (1, 'hij', 'hij', 'ß'), (2, 'HIJ', 'HIJ', 'ǅ')")
    with Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_coll")).start() as shadow:
        _sync(fresh_db, shadow)
        for sql in ("SELECT a, x FROM coll ORDER BY x", "SELECT a, lower(y) FROM coll ORDER BY y",
                    "SELECT x < 'b' COLLATE \"C\", a FROM coll ORDER BY a"):
            assert _text_rows(shadow.dsn(), sql) == _text_rows(fresh_db, sql), sql
        for sql in ("SELECT x < y FROM coll", "SELECT a FROM coll ORDER BY x || y",
                    "SELECT a, x FROM coll UNION SELECT a, y FROM coll ORDER BY 2",
                    "SELECT upper(u) FROM coll", "SELECT * FROM coll"):
            assert _text_rows_or_error(shadow.dsn(), sql) == "0A000", sql
