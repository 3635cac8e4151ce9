"""SET/SHOW/RESET of PostgreSQL's run-time settings behave on the engine as on a primary:
the same accepted values, the same SHOW text, the same SQLSTATEs for bad values, and a
refusal (0A000) only where a setting would change answers the engine does not reproduce."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from engine.database import Database
from engine.errors import EngineError
from engine.session import Session
from replica.primary import Primary

pytestmark = pytest.mark.integration

SCRIPT = [
    "SET enable_seqscan = f", "SHOW enable_seqscan", "SET enable_seqscan TO on",
    "SHOW enable_seqscan", "SET work_mem = 65536", "SHOW work_mem", "SET work_mem = '1GB'",
    "SHOW work_mem", "SET work_mem = 10", "SET statement_timeout = 1500",
    "SHOW statement_timeout", "SET statement_timeout = '1min'", "SHOW statement_timeout",
    "SET geqo_threshold = 4.5", "SHOW geqo_threshold", "SET client_min_messages = 'WARNING'",
    "SHOW client_min_messages", "SET client_min_messages = 'loud'", "RESET work_mem",
    "SHOW work_mem", "SET shared_buffers = 100", "SET no_such_setting = 1",
    "SET enable_nestloop TO DEFAULT", "SHOW enable_nestloop", "RESET ALL",
    "SHOW statement_timeout", "SET escape_string_warning = off", "SHOW jit",
    "SET max_parallel_workers_per_gather = 0", "SHOW max_parallel_workers_per_gather",
    "SET custom.my_guc = 42", "SHOW custom.my_guc", "RESET custom.my_guc", "SHOW custom.my_guc",
    "SET custom.other = 'x'", "SET vacuum_cost_delay = 13", "DISCARD ALL", "SHOW custom.other",
    "SHOW vacuum_cost_delay", "BEGIN", "DISCARD ALL", "ROLLBACK",
    "RESET ROLE", "SET ROLE NONE", "SHOW role", "SELECT getdatabaseencoding(), pg_client_encoding()",
]


def _primary(conn: psycopg.Connection[Any], sql: str) -> object:
    try:
        cur = conn.execute(sql.encode(), prepare=False)
    except psycopg.Error as exc:
        return ("error", exc.sqlstate)
    return ("ok", cur.fetchall() if cur.description else None)


def _engine(session: Session, sql: str) -> object:
    try:
        (r,) = session.execute_simple(sql)
    except EngineError as exc:
        return ("error", exc.sqlstate)
    return ("ok", [tuple(row) for row in r.rows] if r.columns is not None else None)


def test_settings_script(primary18: Primary) -> None:
    db = Database()
    db.publish(1)
    session = Session(db, {"user": "postgres"})
    with psycopg.connect(primary18.dsn(), autocommit=True) as conn:
        for sql in SCRIPT:
            assert _engine(session, sql) == _primary(conn, sql), sql


# transaction blocks and savepoints scope SET LOCAL and undo SETs (guc.c's nest levels)
TX_SCRIPT = [
    "SET DateStyle = 'ISO, YMD'", "SAVEPOINT a", "SET LOCAL DateStyle = 'SQL'",
    "SHOW DateStyle", "BEGIN", "SET DateStyle = 'MDY'", "SAVEPOINT a",
    "SET DateStyle = 'German, DMY'", "SHOW DateStyle", "SELECT '2006-08-13 12:34:56'::timestamp::text",
    "ROLLBACK TO a", "SHOW DateStyle", "SAVEPOINT b", "SET LOCAL DateStyle = 'SQL, YMD'",
    "RELEASE b", "SHOW DateStyle", "RELEASE nope", "SHOW DateStyle", "ROLLBACK TO a",
    "SHOW DateStyle", "COMMIT", "SHOW DateStyle",
    "BEGIN", "SET LOCAL DateStyle = 'Postgres'", "SET DateStyle = 'SQL'", "COMMIT",
    "SHOW DateStyle", "BEGIN", "SET LOCAL IntervalStyle = 'sql_standard'",
    "SET IntervalStyle = 'postgres_verbose'", "SAVEPOINT s", "SET LOCAL IntervalStyle = 'iso_8601'",
    "SELECT (interval '1 day 2 hours')::text", "ROLLBACK TO s", "SELECT (interval '1 day 2 hours')::text",
    "ROLLBACK", "SHOW IntervalStyle", "BEGIN", "SAVEPOINT s", "SELECT 1 / 0", "SHOW DateStyle",
    "ROLLBACK TO s", "SHOW DateStyle", "SET LOCAL DateStyle = 'Postgres'", "COMMIT",
    "SHOW DateStyle",
]


def test_transaction_scoped_settings(primary18: Primary) -> None:
    db = Database()
    db.publish(1)
    session = Session(db, {"user": "postgres"})
    with psycopg.connect(primary18.dsn(), autocommit=True) as conn:
        for sql in TX_SCRIPT:
            assert _engine(session, sql) == _primary(conn, sql), sql
