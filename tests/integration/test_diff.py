"""``pgshadow diff`` end to end against real primaries (no shadow needed: a plain primary can
stand in for the replica, which the diff notices and does not wait for)."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from replica.diff import Kind, Query, Status, exit_code, render, run_diff
from replica.diff import runner as diff_runner
from replica.primary import Primary, free_port, start_primary

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def other() -> Iterator[Primary]:
    """A second throwaway primary (PostgreSQL 18) to diff against."""
    with start_primary() as p:
        yield p


def _exec(dsn: str, *sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for stmt in sql:
            conn.execute(stmt.encode())


@pytest.fixture
def schema(primary: Primary, other: Primary) -> Iterator[str]:
    """A fresh schema on both primaries, dropped afterwards."""
    name = f"diff_{uuid.uuid4().hex[:8]}"
    for p in (primary, other):
        _exec(p.dsn(), f"CREATE SCHEMA {name}")
    yield name
    for p in (primary, other):
        _exec(p.dsn(), f"DROP SCHEMA {name} CASCADE")


def _text(report: object) -> str:
    out = io.StringIO()
    render(report, "text", out)  # type: ignore[arg-type]
    return out.getvalue()


def _json(report: object) -> dict[str, object]:
    out = io.StringIO()
    render(report, "json", out)  # type: ignore[arg-type]
    data: dict[str, object] = json.loads(out.getvalue())
    return data


def test_same_primary_on_both_sides_matches(primary: Primary, schema: str) -> None:
    _exec(
        primary.dsn(),
        f"CREATE TABLE {schema}.t (id int, v text, f float8, ts timestamptz)",
        f"INSERT INTO {schema}.t SELECT g, 'v' || g % 3, g / 7.0, "
        f"'2024-01-01'::timestamptz + g * interval '1 hour' FROM generate_series(1, 50) g",
    )
    queries = [
        Query(f"SELECT * FROM {schema}.t", "q:1"),
        Query(f"SELECT v, count(*), sum(f) FROM {schema}.t GROUP BY v ORDER BY v", "q:2"),
        Query(f"SELECT * FROM {schema}.t ORDER BY v LIMIT 5", "q:3"),
        Query("SELECT relname FROM pg_class WHERE relname LIKE 'pg_%' ORDER BY 1", "q:4"),
        Query("SELECT 0.1::float8 + 0.2, interval '36 hours', now() > '2000-01-01'", "q:5"),
    ]
    report = run_diff(primary.dsn(), primary.dsn(), queries, timeout=10)
    assert report.could_not_run is None
    assert [r.verdict.status for r in report.results] == [Status.MATCH] * len(queries)
    assert report.replica_in_recovery is False
    assert any("not in recovery" in n for n in report.notes)
    assert report.primary_lsn is not None
    assert exit_code(report) == 0
    assert "5 match" in _text(report)


def test_differing_row_is_reported(primary: Primary, other: Primary, schema: str) -> None:
    ddl = f"CREATE TABLE {schema}.t (id int, name text)"
    _exec(
        primary.dsn(),
        ddl,
        f"INSERT INTO {schema}.t VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, NULL)",
    )
    # Same rows inserted in another order (another physical order), one value differs.
    _exec(
        other.dsn(),
        ddl,
        f"INSERT INTO {schema}.t VALUES (4, NULL), (3, 'three'), (2, 'TWO'), (1, 'one')",
    )
    queries = [
        Query(f"SELECT id, name FROM {schema}.t", "f.sql:1"),
        Query(f"SELECT id, name FROM {schema}.t WHERE id <> 2", "f.sql:2"),
        Query(
            f"SELECT id % 2 AS parity, id FROM {schema}.t WHERE id <> 2 ORDER BY parity", "f.sql:3"
        ),
    ]
    report = run_diff(primary.dsn(), other.dsn(), queries, timeout=10)
    assert report.could_not_run is None
    first, unordered, ties = report.results
    assert (first.verdict.status, first.verdict.kind) == (Status.MISMATCH, Kind.ROWS)
    assert first.verdict.primary_only == (("2", "two"),)
    assert first.verdict.replica_only == (("2", "TWO"),)
    assert unordered.verdict.status is Status.MATCH
    assert ties.verdict.status is Status.MATCH
    assert exit_code(report) == 1
    text = _text(report)
    assert "f.sql:1" in text and "TWO" in text and "two" in text
    data = _json(report)
    q = data["queries"][0]  # type: ignore[index]
    assert q["status"] == "mismatch" and q["kind"] == "rows"
    assert q["diff"]["replica_only"] == [["2", "TWO"]]
    assert q["fingerprint"]


def test_column_type_difference(primary: Primary, other: Primary, schema: str) -> None:
    _exec(primary.dsn(), f"CREATE TABLE {schema}.t (id int)")
    _exec(other.dsn(), f"CREATE TABLE {schema}.t (id bigint)")
    report = run_diff(primary.dsn(), other.dsn(), [Query(f"SELECT * FROM {schema}.t", "q")])
    assert report.results[0].verdict.kind is Kind.COLUMNS
    assert exit_code(report) == 1


def test_same_error_on_both_sides_passes(primary: Primary, schema: str) -> None:
    queries = [
        Query("SELECT 1/0", "q:1"),
        Query(f"SELECT * FROM {schema}.no_such_table", "q:2"),
        # The diff never writes: a write fails like on a hot standby, on both sides.
        Query(f"CREATE TABLE {schema}.w (x int)", "q:3"),
    ]
    report = run_diff(primary.dsn(), primary.dsn(), queries, timeout=10)
    assert [r.verdict.status for r in report.results] == [Status.ERROR] * 3
    assert [getattr(r.primary, "sqlstate", None) for r in report.results] == [
        "22012",
        "42P01",
        "25006",
    ]
    assert exit_code(report) == 0


def test_unreachable_replica_could_not_run(primary: Primary) -> None:
    dead = f"host=127.0.0.1 port={free_port()} user=postgres dbname=postgres"
    report = run_diff(primary.dsn(), dead, [Query("SELECT 1", "--query")], timeout=2)
    assert report.could_not_run is not None
    assert "cannot connect to the replica" in report.could_not_run
    assert exit_code(report) == 2
    text = _text(report)
    assert "could not run" in text and "Traceback" not in text
    assert _json(report)["exit_code"] == 2


def test_replica_that_does_not_catch_up_times_out(
    primary: Primary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A primary posing as a standby: its pg_last_wal_replay_lsn() stays NULL forever.
    real = diff_runner._in_recovery
    calls: list[int] = []

    def fake(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
        calls.append(1)
        return real(conn) if len(calls) == 1 else True  # the first call is the primary's

    monkeypatch.setattr(diff_runner, "_in_recovery", fake)
    report = run_diff(primary.dsn(), primary.dsn(), [Query("SELECT 1", "q")], timeout=0.3)
    assert report.could_not_run is not None
    assert "did not catch up" in report.could_not_run
    assert report.primary_lsn is not None and report.primary_lsn in report.could_not_run
    assert exit_code(report) == 2
