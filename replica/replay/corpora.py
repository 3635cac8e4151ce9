"""Conformance corpora: set up a primary and a shadow, replay a corpus, score it.

* ``pg_regress``: ``test_setup.sql`` (with ``abs_srcdir``/``libdir``), then every file of
  ``parallel_schedule`` in order, on one database, with pg_regress's session settings.
* ``sqllogictest``: each ``.test`` file on its own fresh database and shadow.
* ``pagila``: schema + data loaded on the primary, then rounds of ``pagila_queries.sql``
  separated by a mixed write workload.

Tables without a primary key get ``REPLICA IDENTITY FULL`` from an event trigger installed by
the harness (:data:`REPLICA_IDENTITY_TRIGGER`), so that UPDATE/DELETE keep working on a primary
that publishes every table; the corpus files are not edited.

The "replica" is the real shadow (``replica.service.Shadow``) by default. ``replica_kind =
"primary"`` uses a second PostgreSQL instead, with every write mirrored to it: two identical
servers must agree on everything but volatile reads, which is how the harness checks itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from replica.primary import Primary, start_primary
from replica.replay.runner import (
    DEFAULT_SETTINGS,
    PG_REGRESS_SETTINGS,
    Fence,
    FileResult,
    ReplayReport,
    ReplayRunner,
)
from replica.replay.sqllogictest import run_slt

CORPORA = ("pg_regress", "sqllogictest", "pagila")
PAGILA_QUERIES = Path(__file__).resolve().parents[2] / "tests" / "corpora" / "pagila_queries.sql"

REPLICA_IDENTITY_TRIGGER = r"""
CREATE OR REPLACE FUNCTION public.pgshadow_replica_identity_full() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_ddl_commands()
             WHERE object_type IN ('table', 'table column') LOOP
    BEGIN
      IF current_query() ~* 'replica\s+identity' THEN
        CONTINUE;  -- the script sets it itself
      END IF;
      IF EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = obj.objid AND c.relkind IN ('r', 'p')
                 AND c.relreplident = 'd'
                 AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid
                                 AND i.indisprimary)) THEN
        EXECUTE format('ALTER TABLE %s REPLICA IDENTITY FULL', obj.objid::regclass);
      ELSIF EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = obj.objid AND c.relreplident = 'f'
                    AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid
                                AND i.indisprimary)) THEN
        -- A primary key arrived later (pg_dump adds it by ALTER TABLE): back to DEFAULT.
        EXECUTE format('ALTER TABLE %s REPLICA IDENTITY DEFAULT', obj.objid::regclass);
      END IF;
    EXCEPTION WHEN OTHERS THEN NULL;  -- never break the corpus
    END;
  END LOOP;
END $fn$;
DROP EVENT TRIGGER IF EXISTS pgshadow_replica_identity_full;
CREATE EVENT TRIGGER pgshadow_replica_identity_full ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE')
  EXECUTE FUNCTION public.pgshadow_replica_identity_full();
"""

# The pagila write workload between query rounds: {r} is the round number.
PAGILA_WORKLOAD = (
    "INSERT INTO customer (store_id, first_name, last_name, email, address_id, activebool,"
    " create_date) SELECT 1 + g % 2, 'ROUND{r}_' || g, 'SHADOW', 'r{r}_' || g ||"
    " '@example.com', 1 + g % 600, true, date '2022-03-01' + {r}"
    " FROM generate_series(1, 25) g",
    "INSERT INTO rental (rental_period, inventory_id, customer_id, staff_id)"
    " SELECT tsrange(timestamp '2022-08-01 10:00' + ({r} * 100 + g) * interval '1 hour', NULL),"
    " 1 + (g * 37 + {r}) % 4500, 1 + (g * 11 + {r}) % 599, 1 + g % 2"
    " FROM generate_series(1, 40) g",
    "INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
    " SELECT r.customer_id, r.staff_id, r.rental_id, 0.99 + (r.rental_id % 5),"
    " lower(r.rental_period) + interval '1 day' FROM rental r"
    " WHERE lower(r.rental_period) >= timestamp '2022-08-01 10:00' + {r} * 100 * interval '1 hour'"
    " AND lower(r.rental_period) < timestamp '2022-08-01 10:00' + ({r} + 1) * 100 * interval '1 hour'",
    "UPDATE film SET rental_rate = rental_rate + 1.00, last_update = timestamptz"
    " '2022-09-01 00:00+00' + {r} * interval '1 day' WHERE film_id % 17 = {r}",
    "UPDATE customer SET activebool = false WHERE customer_id % 50 = {r}",
    "UPDATE rental SET rental_period = tsrange(lower(rental_period),"
    " lower(rental_period) + interval '3 days') WHERE upper_inf(rental_period)"
    " AND rental_id % 3 = {r} % 3",
    "DELETE FROM payment WHERE payment_id IN (SELECT payment_id FROM payment"
    " WHERE amount > 9 ORDER BY payment_id LIMIT 5)",
    "UPDATE address SET phone = '555' || address_id WHERE address_id % 97 = {r}",
    "INSERT INTO actor (first_name, last_name) VALUES ('SHADOW', 'ACTOR{r}')",
    "DELETE FROM film_actor WHERE actor_id = {r} + 1 AND film_id % 2 = 0",
)


class CorpusError(RuntimeError):
    """The corpus cannot be run (missing files, no server)."""


@dataclass
class Harness:
    """A primary and a replica (the shadow, or a mirrored second primary) for one database."""

    primary: Primary
    dbname: str
    replica_kind: str = "shadow"
    timeout: float = 30.0
    replica_dsn: str = ""
    fence: Fence | None = None
    _stop: list[Callable[[], None]] = field(default_factory=list)
    second: Primary | None = None
    replication_error: str = ""

    @property
    def primary_dsn(self) -> str:
        return self.primary.dsn(self.dbname)

    def start(self) -> Harness:
        if self.replica_kind == "primary":
            assert self.second is not None
            self.replica_dsn = self.second.dsn(self.dbname)
            return self
        from replica.service import Shadow, ShadowConfig
        from replica.stream import str_to_lsn

        slot = f"pgshadow_{self.dbname}"[:63]
        shadow = Shadow(ShadowConfig(self.primary_dsn, listen_port=0, slot=slot,
                                     publication="pgshadow")).start()
        self._stop.append(shadow.stop)
        self.replica_dsn = shadow.dsn(dbname=self.dbname)

        def fence(lsn: int, timeout: float) -> bool:
            sub = shadow.subscriber
            if sub is not None and sub.error is not None:
                if not self.replication_error:
                    self.replication_error = f"replication stopped: {sub.error}"
                return False  # it will not catch up any more: fail fast
            try:
                return shadow.wait_applied(lsn, timeout)
            except Exception as exc:
                self.replication_error = f"replication stopped: {exc}"
                return False

        self.fence = fence
        del str_to_lsn
        return self

    def stop(self) -> None:
        while self._stop:
            with contextlib.suppress(Exception):
                self._stop.pop()()

    def runner(self, settings: dict[str, str], **kw: object) -> ReplayRunner:
        return ReplayRunner(
            self.primary_dsn, self.replica_dsn, settings=settings, fence=self.fence,
            timeout=self.timeout, mirror=self.replica_kind == "primary", **kw,  # type: ignore[arg-type]
        )


def create_database(primary: Primary, dbname: str, second: Primary | None = None) -> None:
    for server in (primary, second):
        if server is None:
            continue
        with psycopg.connect(server.dsn(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(dbname)))
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 LOCALE 'C'"
                                 " ENCODING 'UTF8'").format(sql.Identifier(dbname)))
            if dbname == "regression":
                for guc in ("lc_messages", "lc_monetary", "lc_numeric", "lc_time"):
                    conn.execute(sql.SQL("ALTER DATABASE {} SET {} = 'C'").format(
                        sql.Identifier(dbname), sql.Identifier(guc)))
        with psycopg.connect(server.dsn(dbname), autocommit=True) as conn:
            conn.execute(REPLICA_IDENTITY_TRIGGER.encode())
            if conn.info.server_version >= 180000:
                # REPLICA IDENTITY FULL on a table with stored generated columns makes its
                # UPDATEs fail (42P10) unless the publication publishes those columns.
                conn.execute("CREATE PUBLICATION pgshadow FOR ALL TABLES"
                             " WITH (publish_generated_columns = stored)")


def drop_database(primary: Primary, dbname: str) -> None:
    with psycopg.connect(primary.dsn(), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            " WHERE database = %s AND NOT active", [dbname])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(dbname)))


@contextlib.contextmanager
def servers(pg_bin: str | None, replica_kind: str) -> Iterator[tuple[Primary, Primary | None]]:
    primary = start_primary(pg_bin)
    second = None
    try:
        if replica_kind == "primary":
            second = start_primary(pg_bin)
        yield primary, second
    finally:
        for s in (second, primary):
            if s is not None:
                s.stop()


def _schedule(corpus_dir: Path) -> list[str]:
    names: list[str] = []
    for line in (corpus_dir / "parallel_schedule").read_text().splitlines():
        if line.startswith("test:"):
            names.extend(line.split(":", 1)[1].split())
    return names


def pg_regress_files(corpus_dir: Path, only: list[str] | None = None) -> list[Path]:
    """test_setup first, then the schedule in order (restricted to ``only`` if given)."""
    names = _schedule(corpus_dir)
    if only:
        wanted = {o.removesuffix(".sql") for o in only}
        names = [n for n in names if n in wanted or n == "test_setup"]
    files = [corpus_dir / "sql" / f"{n}.sql" for n in names]
    return [f for f in files if f.exists()]


def _regress_env(primary: Primary, corpus_dir: Path, build_dir: Path) -> dict[str, str]:
    return {
        "PG_ABS_SRCDIR": str(corpus_dir),
        "PG_ABS_BUILDDIR": str(build_dir),
        "PG_LIBDIR": str(primary.bin_dir.parent / "lib"),
        "PG_DLSUFFIX": ".so",
    }


def _build_dir() -> Path:
    """A scratch dir the server user can write to (COPY … TO :'abs_builddir/results/…')."""
    d = Path(tempfile.mkdtemp(prefix="pgshadow-regress-", dir="/tmp"))
    (d / "results").mkdir()
    for p in (d, d / "results"):
        os.chmod(p, 0o777)
    return d


ProgressFn = Callable[[str, int], None]
FileDone = Callable[[FileResult], None]


def run_pg_regress(
    h: Harness, corpus_dir: Path, only: list[str] | None, progress: ProgressFn | None,
    file_done: FileDone | None,
) -> list[FileResult]:
    build = _build_dir()
    env = _regress_env(h.primary, corpus_dir, build)
    results: list[FileResult] = []
    try:
        with h.runner(PG_REGRESS_SETTINGS, env=env, progress=progress) as runner:
            for path in pg_regress_files(corpus_dir, only):
                res = runner.run_file(path, path.name)
                results.append(res)
                if file_done is not None:
                    file_done(res)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return results


def sqllogictest_files(corpus_dir: Path, only: list[str] | None = None) -> list[Path]:
    files = sorted(corpus_dir.glob("*.test")) + sorted((corpus_dir / "evidence").glob("*.test"))
    if only:
        wanted = {o.removesuffix(".test") for o in only}
        files = [f for f in files if f.stem in wanted or f.name in wanted]
    return files


def run_pagila(
    h: Harness, corpus_dir: Path, rounds: int, progress: ProgressFn | None,
    file_done: FileDone | None, queries: Path = PAGILA_QUERIES,
) -> list[FileResult]:
    results: list[FileResult] = []
    with h.runner(DEFAULT_SETTINGS, progress=progress) as runner:
        text = queries.read_text(encoding="utf-8")
        for r in range(1, rounds + 1):
            res = runner.run_text(text, f"pagila_queries.sql#round{r}")
            results.append(res)
            if file_done is not None:
                file_done(res)
            if r < rounds:
                workload = ";\n".join(s.format(r=r) for s in PAGILA_WORKLOAD) + ";\n"
                w = runner.run_text(workload, f"pagila_workload#round{r}")
                if w.primary_errors:
                    res.notes.append(f"{w.primary_errors} workload statement(s) failed: "
                                     f"{w.notes[:5]}")
    return results


def load_pagila(primary_dsn: str, corpus_dir: Path, mirror_dsn: str | None = None) -> None:
    """pagila-schema.sql then pagila-data.sql, on the primary (and the mirror)."""
    for dsn in filter(None, (primary_dsn, mirror_dsn)):
        with ReplayRunner(dsn, dsn, fence=lambda lsn, t: True) as loader:
            for name in ("pagila-schema.sql", "pagila-data.sql"):
                res = loader.run_file(corpus_dir / name, name)
                if res.could_not_run:
                    raise CorpusError(f"loading {name}: {res.could_not_run}")


def run_corpus(
    corpus: str,
    corpora_dir: Path,
    *,
    only: list[str] | None = None,
    pg_bin: str | None = None,
    replica_kind: str = "shadow",
    timeout: float = 30.0,
    rounds: int = 3,
    progress: ProgressFn | None = None,
    file_done: FileDone | None = None,
) -> ReplayReport:
    """Set up servers, run ``corpus``, return the report (never raises for corpus problems)."""
    if corpus not in CORPORA:
        raise CorpusError(f"unknown corpus {corpus!r} (one of {', '.join(CORPORA)})")
    cdir = corpora_dir / corpus
    if not cdir.is_dir():
        raise CorpusError(f"corpus not found: {cdir}")
    started = time.monotonic()
    settings = PG_REGRESS_SETTINGS if corpus == "pg_regress" else DEFAULT_SETTINGS
    with servers(pg_bin, replica_kind) as (primary, second):
        report = ReplayReport(primary.dsn(), "", dict(settings), corpus=corpus)
        report.notes.append(f"replica: {replica_kind}")
        if corpus == "pg_regress":
            missing = [n for n in _schedule(cdir) if not (cdir / "sql" / f"{n}.sql").exists()]
            if missing:
                report.notes.append(f"{len(missing)} scheduled tests are absent from the corpus"
                                    f" copy: {' '.join(missing)}")
        if corpus == "sqllogictest":
            for path in sqllogictest_files(cdir, only):
                db = "slt_" + path.stem.replace("-", "_")

                def one(h: Harness, p: Path = path) -> list[FileResult]:
                    return [_slt(h, p, progress)]

                _one_db(report, primary, second, db, replica_kind, timeout, one, file_done)
        elif corpus == "pg_regress":
            _one_db(report, primary, second, "regression", replica_kind, timeout,
                    lambda h: run_pg_regress(h, cdir, only, progress, file_done), None)
        else:
            def pagila(h: Harness) -> list[FileResult]:
                return run_pagila(h, cdir, rounds, progress, file_done)

            _one_db(report, primary, second, "pagila", replica_kind, timeout, pagila, None,
                    before=lambda p, m: load_pagila(p, cdir, m))
    report.seconds = time.monotonic() - started
    return report


def _slt(h: Harness, path: Path, progress: ProgressFn | None) -> FileResult:
    with h.runner(DEFAULT_SETTINGS, progress=progress) as runner:
        started = time.monotonic()
        res = run_slt(runner, path, path.name)
        res.seconds = time.monotonic() - started
        return res


def _one_db(
    report: ReplayReport, primary: Primary, second: Primary | None, db: str, kind: str,
    timeout: float, body: Callable[[Harness], list[FileResult]], file_done: FileDone | None,
    before: Callable[[str, str | None], None] | None = None,
) -> None:
    create_database(primary, db, second)
    h = Harness(primary, db, kind, timeout, second=second)
    try:
        if before is not None:
            before(primary.dsn(db), second.dsn(db) if second is not None else None)
        h.start()
        report.replica = h.replica_dsn
        results = body(h)
        report.files.extend(results)
        if h.replication_error:
            report.notes.append(f"{db}: {h.replication_error}")
        if file_done is not None:
            for r in results:
                file_done(r)
    except Exception as exc:  # a setup failure is data, not a traceback
        why = f"{db}: {type(exc).__name__}: {' '.join(str(exc).split())}"
        report.notes.append(why)
        report.could_not_run = report.could_not_run or why
    finally:
        h.stop()
        with contextlib.suppress(Exception):
            drop_database(primary, db)
