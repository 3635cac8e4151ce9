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
