"""The launcher of throwaway primaries: every kind starts with logical WAL and stops cleanly."""

from __future__ import annotations

import os
import subprocess

import psycopg
import pytest

from replica.primary import (
    DockerUnavailable,
    PrimaryError,
    docker_available,
    docker_primary,
    start_primary,
    system_bin_dir,
)

pytestmark = pytest.mark.integration


def _settings(dsn: str) -> tuple[str, str]:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT current_setting('wal_level'), "
                           "current_setting('server_version_num')").fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def test_embedded_primary_is_logical_and_stops() -> None:
    p = start_primary()
    try:
        wal_level, version = _settings(p.dsn())
        assert wal_level == "logical"
        assert version.startswith("18")
        assert p.kind == "embedded"
    finally:
        p.stop()
    assert not p.base_dir.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(p.dsn(), connect_timeout=2)


def test_system_primary_when_present() -> None:
    bindir = system_bin_dir()
    if bindir is None:
        pytest.skip("no system PostgreSQL server on this machine (pg_config --bindir)")
    with start_primary(bindir) as p:
        wal_level, version = _settings(p.dsn())
        assert wal_level == "logical"
        assert p.kind == "system"
        out = subprocess.run([f"{bindir}/postgres", "--version"], capture_output=True,
                             text=True, check=True).stdout
        assert version[:2] in out.replace(".", "")


def test_stopped_even_when_the_body_fails() -> None:
    with pytest.raises(RuntimeError), start_primary() as p:
        raise RuntimeError("test body failed")
    assert not p.base_dir.exists()


def test_bad_bin_dir_is_a_clear_error(tmp_path: os.PathLike[str]) -> None:
    with pytest.raises(PrimaryError, match="no postgres binary"):
        start_primary(tmp_path)


def test_docker_primary() -> None:
    if not docker_available():
        with pytest.raises(DockerUnavailable), docker_primary():
            pass
        pytest.skip("no Docker engine is reachable here; container primaries are untested")
    with docker_primary() as dsn:
        assert _settings(dsn)[0] == "logical"
