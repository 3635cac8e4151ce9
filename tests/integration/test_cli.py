"""The command line as a user runs it: `pgshadow run` in a child process followed with psql,
`pgshadow diff` against the shadow, and `pgshadow demo`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from replica.primary import Primary, free_port

pytestmark = pytest.mark.integration
PGSHADOW = str(Path(sys.executable).with_name("pgshadow"))


def _psql(primary: Primary, port: int, sql: str, dbname: str) -> str:
    out = subprocess.run(
        [str(primary.bin_dir / "psql"), "-X", "-A", "-t", "-h", "127.0.0.1", "-p", str(port),
         "-U", "postgres", "-d", dbname, "-c", sql],
        capture_output=True, text=True, timeout=30, check=False,
    )
    return out.stdout.strip() if out.returncode == 0 else f"ERROR: {out.stderr.strip()}"


@pytest.fixture
def running_shadow(fresh_db: str, primary: Primary) -> Iterator[tuple[str, int]]:
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE kv (k int PRIMARY KEY, v text, n numeric)")
        conn.execute("INSERT INTO kv SELECT g, 'v' || g, g / 4.0 FROM generate_series(1, 50) g")
    port = free_port()
    env = {**os.environ, "PGSHADOW_PRIMARY": fresh_db}  # the DSN through the environment
    proc = subprocess.Popen(
        [PGSHADOW, "run", "--listen", f"127.0.0.1:{port}", "--slot", "cli_slot"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        dbname = fresh_db.split("dbname=")[1]
        while _psql(primary, port, "SELECT 1", dbname) != "1":
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"pgshadow run did not come up: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.1)
        yield fresh_db, port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def test_run_follows_every_kind_of_change(running_shadow: tuple[str, int],
                                          primary: Primary) -> None:
    dsn, port = running_shadow
    dbname = dsn.split("dbname=")[1]
    steps = [
        "INSERT INTO kv VALUES (100, 'new', 1.5)",
        "UPDATE kv SET v = upper(v), n = n * 3 WHERE k % 3 = 0",
        "DELETE FROM kv WHERE k BETWEEN 10 AND 20",
        "TRUNCATE kv",
        "INSERT INTO kv VALUES (1, 'again', NULL)",
    ]
    query = "SELECT k, v, n FROM kv ORDER BY k"
    for step in steps:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(step)
        expected = _psql(primary, primary.port, query, dbname)
        deadline = time.monotonic() + 10
        got = _psql(primary, port, query, dbname)
        while got != expected and time.monotonic() < deadline:
            time.sleep(0.02)
            got = _psql(primary, port, query, dbname)
        assert got == expected, step


def test_diff_cli_against_the_shadow(running_shadow: tuple[str, int], tmp_path: Path) -> None:
    dsn, port = running_shadow
    replica = f"host=127.0.0.1 port={port} user=postgres dbname={dsn.split('dbname=')[1]}"
    queries = tmp_path / "q.sql"
    queries.write_text("SELECT * FROM kv;\nSELECT k, n * 2 FROM kv WHERE n > 3 ORDER BY k;\n"
                       "SELECT count(*) FROM kv;\n")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("UPDATE kv SET n = n + 1 WHERE k < 5")
    out = subprocess.run([PGSHADOW, "diff", "--primary", dsn, "--replica", replica,
                          "--file", str(queries), "--format", "json"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["totals"]["match"] == 3


def test_run_reports_a_bad_primary_clearly() -> None:
    out = subprocess.run([PGSHADOW, "run", "--primary", f"host=127.0.0.1 port={free_port()}",
                          "--listen", f"127.0.0.1:{free_port()}"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode != 0
    assert "could not start" in out.stderr and "Traceback" not in out.stderr


def test_demo_exits_zero_with_no_mismatch() -> None:
    out = subprocess.run([PGSHADOW, "demo", "--rows", "300"], capture_output=True, text=True,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "mismatch" in out.stdout
