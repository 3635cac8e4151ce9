"""``pgshadow demo``: a self-contained tour on an embedded primary.

Starts a throwaway PostgreSQL 18 (or the one given), creates a small schema with data generated
here, starts the shadow in-process, runs a burst of inserts/updates/deletes/truncates on the
primary while the shadow follows, then diffs the bundled query set and prints a summary.
Everything it started is stopped on the way out.
"""

from __future__ import annotations

import random
import time
from importlib import resources

import psycopg
from rich.console import Console
from rich.table import Table

from replica.diff.compare import exit_code
from replica.diff.queries import parse_queries
from replica.diff.report import render
from replica.diff.runner import run_diff
from replica.primary import start_primary
from replica.service import Shadow, ShadowConfig

SCHEMA = """
CREATE TABLE customers (
    id int PRIMARY KEY, name text NOT NULL, email varchar(80), signup date,
    balance numeric(12,2), active boolean, created timestamptz, score float8, ref uuid
);
CREATE TABLE orders (
    id bigint PRIMARY KEY, customer_id int, amount numeric, quantity smallint,
    status varchar(20), ordered_at timestamp
);
CREATE TABLE events (kind text, payload text);          -- no key: REPLICA IDENTITY FULL
ALTER TABLE events REPLICA IDENTITY FULL;
CREATE TABLE notes (id int PRIMARY KEY, body text, length_note int);
ALTER TABLE notes ALTER COLUMN body SET STORAGE EXTERNAL; -- large values stay TOASTed
"""

STATUSES = ["new", "paid", "shipped", "cancelled", "returned"]


def _customers(rng: random.Random, n: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(1, n + 1):
        rows.append((
            i, f"customer {i}", f"c{i}@example.com" if rng.random() > 0.1 else None,
            f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"{rng.uniform(-100, 2000):.2f}", rng.random() > 0.3,
            f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} {rng.randint(0, 23):02d}:"
            f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999999):06d}+00",
            rng.choice([None, rng.uniform(-1e6, 1e6), rng.random(), float(rng.randint(0, 99))]),
            f"{rng.getrandbits(128):032x}",
        ))
    return rows


def _orders(rng: random.Random, n: int, start: int = 1) -> list[tuple[object, ...]]:
    return [
        (i, rng.randint(1, n), f"{rng.uniform(1, 999):.{rng.randint(0, 4)}f}",
         rng.randint(1, 50), rng.choice(STATUSES),
         f"202{rng.randint(1, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
         f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00")
        for i in range(start, start + n)
    ]


def load_initial(conn: psycopg.Connection[tuple[object, ...]], rng: random.Random,
                 n: int) -> None:
    conn.execute(SCHEMA)
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO customers VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                        _customers(rng, n))
        cur.executemany("INSERT INTO orders VALUES (%s,%s,%s,%s,%s,%s)", _orders(rng, n))
        cur.executemany("INSERT INTO events VALUES (%s, %s)",
                        [(rng.choice(["login", "logout", "view"]), f"p{rng.randint(0, 50)}")
                         for _ in range(n // 4)])
        cur.executemany("INSERT INTO notes VALUES (%s, %s, %s)",
                        [(i, "x" * 50_000 + str(i), 50_000) for i in range(1, 6)])


def write_burst(conn: psycopg.Connection[tuple[object, ...]], rng: random.Random, n: int) -> int:
    """Inserts, updates (incl. key changes and unchanged TOAST), deletes and a truncate."""
    statements = 0
    with conn.cursor() as cur:
        for batch in range(10):
            with conn.transaction():
                cur.executemany("INSERT INTO orders VALUES (%s,%s,%s,%s,%s,%s)",
                                _orders(rng, 50, start=n + 1 + batch * 50))
                cur.execute("UPDATE customers SET balance = balance + 1.25, active = NOT active "
                            "WHERE id %% 7 = %s", [batch % 7])
                cur.execute("UPDATE orders SET status = 'shipped' WHERE id %% 11 = %s", [batch])
                cur.execute("DELETE FROM orders WHERE id %% 13 = %s", [batch])
                cur.execute("DELETE FROM events WHERE ctid = (SELECT min(ctid) FROM events "
                            "WHERE kind = 'view')")
                statements += 5
        cur.execute("UPDATE notes SET length_note = length_note + 1")  # body stays TOASTed
        cur.execute("UPDATE customers SET id = id + 100000 WHERE id <= 3")  # key change
        cur.execute("UPDATE customers SET id = id - 100000 WHERE id > 100000")
        cur.execute("TRUNCATE events")
        cur.executemany("INSERT INTO events VALUES (%s, %s)",
                        [("login", f"after-truncate {i}") for i in range(20)])
        statements += 5
    return statements


def run_demo(pg_bin: str | None, rows: int) -> int:
    console = Console()
    rng = random.Random(20261121)
    with console.status("starting an embedded primary (wal_level=logical)"):
        primary = start_primary(pg_bin)
    shadow: Shadow | None = None
    try:
        console.print(f"primary: PostgreSQL {primary.version_num // 10000} on port {primary.port}")
        with psycopg.connect(primary.dsn(), autocommit=True) as conn:
            load_initial(conn, rng, rows)
            t0 = time.monotonic()
            shadow = Shadow(ShadowConfig(primary.dsn(), listen_port=0)).start()
            console.print(f"shadow: copied the primary in {time.monotonic() - t0:.2f}s, "
                          f"serving on port {shadow.port}")
            t0 = time.monotonic()
            n = write_burst(conn, rng, rows)
            lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()
            assert lsn is not None
        console.print(f"write burst: {n} statements on the primary in "
                      f"{time.monotonic() - t0:.2f}s (primary at {lsn[0]})")
        text = resources.files("replica").joinpath("demo_queries.sql").read_text()
        queries = parse_queries(text, "demo_queries.sql")
        report = run_diff(primary.dsn(), shadow.dsn(), queries, timeout=30)
        render(report, "text", console)
        _summary(console, report.totals())
        return exit_code(report, fail_on_unsupported=True)
    finally:
        if shadow is not None:
            shadow.stop()
        primary.stop()


def _summary(console: Console, totals: dict[str, int]) -> None:
    table = Table(title="pgshadow demo", show_edge=False)
    for key in totals:
        table.add_column(key)
    table.add_row(*(str(v) for v in totals.values()))
    console.print(table)
