"""The ``pgshadow`` command line.

Every option of ``run`` can also come from the environment (``PGSHADOW_<OPTION>``, e.g.
``PGSHADOW_PRIMARY``, set explicitly per option) or from a TOML file given with ``--config`` (keys as the long option
names with ``_`` for ``-``). Flags win over the environment, which wins over the file.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import tomllib
from pathlib import Path

import click

from replica.diff.compare import exit_code as diff_exit_code
from replica.diff.queries import QueryFileError, load_queries, queries_from_option
from replica.diff.report import render
from replica.diff.runner import run_diff


def _load_config(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        with open(value, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise click.BadParameter(f"cannot read config {value}: {exc}") from exc
    unknown = set(data) - {"primary", "listen", "data_dir", "publication", "slot", "log_level"}
    if unknown:
        raise click.BadParameter(f"unknown keys in {value}: {', '.join(sorted(unknown))}")
    ctx.default_map = {**(ctx.default_map or {}), **{k: str(v) for k, v in data.items()}}
    return value


def _parse_listen(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise click.BadParameter(f"--listen wants HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


@click.group(context_settings={"show_default": True})
@click.version_option(package_name="pgshadow")
def main() -> None:
    """pgshadow: a shadow replica of a PostgreSQL primary, diffable against it."""


@main.command()
@click.option("--config", type=click.Path(dir_okay=False), callback=_load_config,
              is_eager=True, expose_value=False, help="TOML file with option defaults.")
@click.option("--primary", required=True, envvar="PGSHADOW_PRIMARY",
              help="libpq DSN of the primary.")
@click.option("--listen", default="127.0.0.1:6432", envvar="PGSHADOW_LISTEN", help="Address to serve the PG protocol on.")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              envvar="PGSHADOW_DATA_DIR",
              help="Directory for the shadow's state (created if missing).")
@click.option("--publication", default="pgshadow", envvar="PGSHADOW_PUBLICATION", help="Publication to subscribe to.")
@click.option("--slot", default="pgshadow", envvar="PGSHADOW_SLOT", help="Logical replication slot name.")
@click.option("--log-level", default="info", envvar="PGSHADOW_LOG_LEVEL",
              type=click.Choice(["debug", "info", "warning", "error"]))
def run(primary: str, listen: str, data_dir: str | None, publication: str, slot: str,
        log_level: str) -> None:
    """Subscribe to PRIMARY and serve read-only queries until interrupted."""
    from replica.service import Shadow, ShadowConfig

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    host, port = _parse_listen(listen)
    if data_dir is not None:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    shadow = Shadow(ShadowConfig(primary, host, port, publication, slot, data_dir))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        shadow.start(progress=lambda name, n: logging.info("copied %s: %d rows", name, n))
    except Exception as exc:
        shadow.stop()
        raise click.ClickException(f"could not start: {exc}") from exc
    logging.info("serving on %s:%d", host, shadow.port)
    try:
        while not stop.wait(0.5):
            sub = shadow.subscriber
            if sub is not None and sub.error is not None:
                raise click.ClickException(f"replication failed: {sub.error}")
    except KeyboardInterrupt:
        pass
    finally:
        shadow.stop()


@main.command()
@click.option("--primary", required=True, help="libpq DSN of the primary.")
@click.option("--replica", required=True, help="libpq DSN of the shadow (or another server).")
@click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="SQL file of queries (repeatable).")
@click.option("--query", "queries", multiple=True, help="A query (repeatable).")
@click.option("--format", "fmt", default="text", type=click.Choice(["text", "json"]))
@click.option("--timeout", default=30.0, help="Seconds to wait for the shadow to catch up.")
def diff(primary: str, replica: str, files: tuple[str, ...], queries: tuple[str, ...], fmt: str,
         timeout: float) -> None:
    """Run queries on both sides at the same LSN and report every difference.

    Exit status: 0 all match, 1 mismatches found, 2 could not run."""
    try:
        qs = [q for f in files for q in load_queries(f)]
        qs += [q for sql in queries for q in queries_from_option(sql)]
    except (QueryFileError, OSError) as exc:
        click.echo(f"pgshadow diff: {exc}", err=True)
        sys.exit(2)
    if not qs:
        click.echo("pgshadow diff: give at least one --file or --query", err=True)
        sys.exit(2)
    report = run_diff(primary, replica, qs, timeout=timeout)
    render(report, fmt, sys.stdout)
    sys.exit(diff_exit_code(report))


@main.command()
@click.option("--pg-bin", type=click.Path(file_okay=False, exists=True), default=None,
              envvar="PGSHADOW_PG_BIN",
              help="PostgreSQL bin dir for the primary (default: the embedded PostgreSQL 18).")
@click.option("--rows", default=2000, help="Rows per table in the generated data set.")
def demo(pg_bin: str | None, rows: int) -> None:
    """Start an embedded primary, shadow it, write to it, and diff a query set."""
    from replica.demo import run_demo

    sys.exit(run_demo(pg_bin, rows))



def _register_replay() -> None:
    from replica.replay.cli import conformance_command, replay_command

    main.add_command(replay_command)
    main.add_command(conformance_command)


_register_replay()
