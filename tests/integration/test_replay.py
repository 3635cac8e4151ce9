"""``pgshadow replay`` against real servers: a second primary stands in for the shadow (writes
mirrored, or deliberately not), plus one run against the real shadow."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from replica.primary import Primary, start_primary
from replica.replay.cli import replay_command
from replica.replay.report import render
from replica.replay.runner import ReplayRunner, Result

pytestmark = pytest.mark.integration

SCRIPT = """\
\\set n 5
CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2));
INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, :n) g;
SELECT * FROM items;
SELECT id, price FROM items ORDER BY price DESC;
SELECT count(*) AS c FROM items \\gset
SELECT :c + 1 AS next;
SELECT 1/0;
SET DateStyle = 'SQL, DMY';
SELECT date '2024-03-10';
COPY items FROM stdin;
100\tcopied\t9.99
\\.
SELECT name FROM items WHERE id = 100;
CREATE TEMP TABLE scratch AS SELECT 1 AS x;
SELECT * FROM scratch;
BEGIN;
UPDATE items SET price = 0;
SELECT sum(price) FROM items;
ROLLBACK;
\\d items
SELECT clock_timestamp();
"""


@pytest.fixture(scope="module")
def second18() -> Iterator[Primary]:
    p = start_primary()
    try:
        yield p
    finally:
        p.stop()


def _fresh(server: Primary, name: str) -> str:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.dsn(name)


def _outcomes(res: object) -> dict[int, str]:
    return {r.line: r.outcome for r in res.records}  # type: ignore[attr-defined]


def test_identical_primaries_agree(primary18: Primary, second18: Primary) -> None:
    a, b = _fresh(primary18, "replay_same"), _fresh(second18, "replay_same")
    with ReplayRunner(a, b, mirror=True) as runner:
        res = runner.run_text(SCRIPT, "script.sql")
    assert res.could_not_run is None
    assert res.total(Result.MISMATCH) == 0, [r.summary for r in res.records]
    outcomes = _outcomes(res)
    assert outcomes[16] == "skipped"  # temporary table
    assert outcomes[19] == "skipped"  # uncommitted write in an open transaction
    assert outcomes[22] == "volatile"  # clock_timestamp()
    assert res.counts["table"]["match"] == 4  # 4, 5, 6, 14
    assert res.counts["expr"]["match"] == 3  # :c + 1, 1/0 (same SQLSTATE), the date
    assert res.meta["skipped: psql describe command"] == 1


def test_different_second_primary_is_a_mismatch(primary18: Primary, second18: Primary) -> None:
    a, b = _fresh(primary18, "replay_diff"), _fresh(second18, "replay_diff")
    for dsn, price in ((a, 1), (b, 2)):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (id int, price int)")
            conn.execute("INSERT INTO t VALUES (1, %s), (2, 5)", [price])
    script = "SELECT * FROM t;\nSELECT count(*) FROM t;\nSELECT price FROM t ORDER BY id;\n"
    with ReplayRunner(a, b) as runner:
        res = runner.run_text(script, "diff.sql")
    kinds = {r.line: (r.outcome, r.kind) for r in res.records}
    assert kinds == {1: ("mismatch", "rows"), 3: ("mismatch", "rows")}
    assert res.counts["table"]["match"] == 1


def test_cli_formats_and_exit_codes(primary18: Primary, second18: Primary,
                                    tmp_path: Path) -> None:
    a, b = _fresh(primary18, "replay_cli"), _fresh(second18, "replay_cli")
    with psycopg.connect(b, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (a int)")
    script = tmp_path / "s.sql"
    script.write_text("CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nSELECT a FROM t;\n"
                      "SELECT 2 + 2;\n")
    result = CliRunner().invoke(
        replay_command, ["--primary", a, "--replica", b, "--format", "json", str(script)])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["schema"] == "pgshadow.replay/1"
    assert data["totals"]["table"]["mismatch"] == 1
    assert data["totals"]["expr"]["match"] == 1
    nm = data["non_matches"][0]
    assert nm["source"].endswith("s.sql:3") and nm["kind"] == "row_count" and nm["fingerprint"]
    for fmt in ("junit", "markdown", "text"):
        out = CliRunner().invoke(
            replay_command, ["--primary", a, "--replica", a, "--format", fmt, str(script)])
        assert out.exit_code in (0, 2), out.output  # writes again on the same DB: fine
    bad = CliRunner().invoke(
        replay_command, ["--primary", "host=127.0.0.1 port=1 connect_timeout=1",
                         "--replica", b, str(script)])
    assert bad.exit_code == 2


def test_render_outputs(primary18: Primary, second18: Primary) -> None:
    import io

    from replica.replay.runner import replay

    a, b = _fresh(primary18, "replay_render"), _fresh(second18, "replay_render")
    path = Path(__file__).with_name("replay_render.sql")
    path.write_text("SELECT 1 AS one;\nSELECT now() = now();\n")
    try:
        report = replay(a, b, [path])
    finally:
        path.unlink()
    for fmt in ("json", "junit", "markdown", "text"):
        buf = io.StringIO()
        render(report, fmt, buf)
        assert buf.getvalue()
    assert report.exit_code() == 0


def test_against_the_real_shadow(fresh_db: str) -> None:
    try:
        from replica.service import Shadow, ShadowConfig
    except ImportError as exc:  # the shadow is built in another part of the tree
        pytest.skip(f"the shadow does not import: {exc}")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE kv (k int PRIMARY KEY, v text)")
    shadow = Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_replay")).start()
    try:
        from replica.replay.corpora import Harness  # noqa: F401 (import check)

        def fence(lsn: int, timeout: float) -> bool:
            return shadow.wait_applied(lsn, timeout)

        script = ("INSERT INTO kv SELECT g, 'v' || g FROM generate_series(1, 50) g;\n"
                  "SELECT count(*) FROM kv;\nSELECT k, v FROM kv WHERE k < 5 ORDER BY k;\n"
                  "UPDATE kv SET v = 'x' WHERE k = 1;\nSELECT v FROM kv WHERE k = 1;\n")
        dbname = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
        with ReplayRunner(fresh_db, shadow.dsn(dbname=str(dbname)), fence=fence) as runner:
            res = runner.run_text(script, "shadow.sql")
        assert res.could_not_run is None
        # Scores are not pass criteria; the harness must have compared every read.
        compared = sum(res.counts["table"][o.value] for o in Result if o is not Result.SKIPPED)
        assert compared == 3, res.records
    finally:
        shadow.stop()


def test_a_setting_refused_by_the_shadow_makes_later_reads_unsupported(fresh_db: str) -> None:
    """When the primary takes a SET the shadow refuses, the sessions no longer agree: reads
    until the setting is reset are counted unsupported, not compared."""
    from replica.service import Shadow, ShadowConfig

    shadow = Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_diverge")).start()
    try:
        script = ("SELECT 'a\\\\b';\nSET array_nulls = off;\nSELECT 1;\n"
                  "RESET array_nulls;\nSELECT 2;\n")
        dbname = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
        with ReplayRunner(fresh_db, shadow.dsn(dbname=str(dbname)),
                          fence=lambda lsn, t: shadow.wait_applied(lsn, t)) as runner:
            res = runner.run_text(script, "diverge.sql")
        outcomes = [r.outcome for r in res.records]
        assert res.counts["expr"][Result.MATCH.value] == 2
        assert res.counts["expr"][Result.UNSUPPORTED.value] == 1
        assert outcomes == [Result.UNSUPPORTED.value]
    finally:
        shadow.stop()


def test_a_write_failing_in_a_block_fails_the_shadow_block_too(primary18: Primary,
                                                                second18: Primary) -> None:
    """The primary rolls a failed block back, SETs included: the shadow's block must fail
    as well, or its COMMIT would keep them."""
    a, b = _fresh(primary18, "replay_txfail"), _fresh(second18, "replay_txfail")
    script = ("SET search_path TO public;\nBEGIN;\nSET search_path TO public, other;\n"
              "CREATE TABLE fails (a nosuchtype);\nCOMMIT;\nSHOW search_path;\n")
    with ReplayRunner(a, b) as runner:
        res = runner.run_text(script, "txfail.sql")
    assert res.total(Result.MISMATCH) == 0, [r.summary for r in res.records]
    assert res.counts["catalog"]["match"] == 1  # SHOW search_path


def test_a_temporary_table_dropped_in_a_rolled_back_block_stays_temporary(
        primary18: Primary, second18: Primary) -> None:
    a, b = _fresh(primary18, "replay_tmpdrop"), _fresh(second18, "replay_tmpdrop")
    script = ("CREATE TEMP TABLE tt (a int);\nINSERT INTO tt VALUES (1);\nBEGIN;\n"
              "DROP TABLE tt;\nROLLBACK;\nSELECT count(*) FROM tt;\nBEGIN;\nDROP TABLE tt;\n"
              "COMMIT;\nCREATE TABLE tt (b int);\nSELECT count(*) FROM tt;\n")
    with ReplayRunner(a, b, mirror=False) as runner:
        res = runner.run_text(script, "tmpdrop.sql")
    outcomes = _outcomes(res)
    assert outcomes[6] == "skipped"  # still the temporary table
    assert outcomes[11] == "mismatch"  # a plain table now: compared (the stand-in lacks it)


def test_the_shadow_ends_its_block_when_the_primary_does(fresh_db: str) -> None:
    """A COMMIT that fails on the primary (a deferred unique check) still ends its block; the
    shadow, whose block failed on BEGIN ISOLATION LEVEL SERIALIZABLE (refused on a standby),
    must end its own too, or every later read would get 25P02. A temporary table dropped in a
    rolled-back block still exists (its reads stay skipped); one renamed keeps being temporary."""
    from replica.service import Shadow, ShadowConfig

    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE u (i int UNIQUE DEFERRABLE INITIALLY DEFERRED)")
        conn.execute("INSERT INTO u VALUES (1)")
    shadow = Shadow(ShadowConfig(fresh_db, listen_port=0, slot="s_block")).start()
    try:
        script = ("BEGIN ISOLATION LEVEL SERIALIZABLE;\nINSERT INTO u VALUES (1);\n"
                  "COMMIT;\nSELECT count(*) FROM u;\n"
                  "CREATE TEMP TABLE tt (a int);\nBEGIN;\nDROP TABLE tt;\nROLLBACK;\n"
                  "SELECT * FROM tt;\nALTER TABLE tt RENAME TO tt2;\nSELECT * FROM tt2;\n")
        dbname = psycopg.conninfo.conninfo_to_dict(fresh_db)["dbname"]
        with ReplayRunner(fresh_db, shadow.dsn(dbname=str(dbname)),
                          fence=lambda lsn, t: shadow.wait_applied(lsn, t)) as runner:
            res = runner.run_text(script, "block.sql")
        assert res.could_not_run is None
        assert res.counts["table"][Result.MATCH.value] == 1, res.records
        assert res.counts["table"][Result.MISMATCH.value] == 0, res.records
        assert _outcomes(res) == {9: "skipped", 11: "skipped"}
        assert res.meta["shadow's block ended with ROLLBACK (the primary's ended)"] == 1
    finally:
        shadow.stop()
