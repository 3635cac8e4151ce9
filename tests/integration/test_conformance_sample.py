"""A small, fixed sample of each corpus through the conformance harness (``make test``).

Asserts that the harness works — with a second PostgreSQL standing in for the shadow (every
write mirrored), two identical servers must agree on every compared read — and that a run
against the real shadow completes. Conformance *scores* are not pass criteria here."""

from __future__ import annotations

from pathlib import Path

import pytest

from replica.replay.corpora import run_corpus
from replica.replay.runner import Result

pytestmark = pytest.mark.integration


def _compared(report: object) -> int:
    totals = report.totals()  # type: ignore[attr-defined]
    return sum(row[o.value] for row in totals.values() for o in Result if o is not Result.SKIPPED)


def _mismatches(report: object) -> list[str]:
    return [f"{r.source}: {r.summary}" for f in report.files  # type: ignore[attr-defined]
            for r in f.records if r.outcome == "mismatch"]


def test_pg_regress_sample_on_identical_servers(shared_dir: Path) -> None:
    report = run_corpus("pg_regress", shared_dir / "corpora", only=["boolean", "int4", "select_distinct"],
                        replica_kind="primary")
    assert report.could_not_run is None
    assert [f.name for f in report.files] == ["test_setup.sql", "boolean.sql", "int4.sql",
                                              "select_distinct.sql"]
    assert _mismatches(report) == []
    totals = report.totals()
    assert totals["expr"]["match"] > 50 and totals["table"]["match"] > 20
    # test_setup's regress.so functions fail on the primary; nothing reading them is counted.
    assert any("regress.so" in n for n in report.files[0].notes)


def test_sqllogictest_sample_with_oracle(shared_dir: Path) -> None:
    report = run_corpus("sqllogictest", shared_dir / "corpora",
                        only=["slt_lang_aggfunc", "in2"], replica_kind="primary")
    assert report.could_not_run is None
    assert len(report.files) == 2
    assert _mismatches(report) == []
    oracle = report.oracle_totals()
    assert oracle["primary"]["match"] > 10
    assert oracle["shadow"]["match"] == oracle["primary"]["match"]


def test_pagila_sample_on_identical_servers(shared_dir: Path) -> None:
    report = run_corpus("pagila", shared_dir / "corpora", rounds=2, replica_kind="primary")
    assert report.could_not_run is None
    assert _mismatches(report) == []
    assert report.totals()["table"]["match"] >= 2 * 60
    assert not any("workload" in n for f in report.files for n in f.notes)


def test_real_shadow_sample_runs(shared_dir: Path) -> None:
    try:
        import replica.service  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the shadow does not import: {exc}")
    report = run_corpus("pg_regress", shared_dir / "corpora", only=["boolean"])
    assert report.could_not_run is None, report.could_not_run
    assert _compared(report) > 0
    assert report.exit_code() in (0, 1)
