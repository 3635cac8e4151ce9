"""Click commands ``pgshadow replay`` and ``pgshadow conformance`` (registered by
``replica.cli``; runnable alone with ``python -m replica.replay.cli replay|conformance``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from replica.replay.report import FORMATS, render, render_junit, render_markdown, to_json
from replica.replay.runner import DEFAULT_SETTINGS, PG_REGRESS_SETTINGS, FileResult, replay

DEFAULT_CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def _parse_vars(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep:
            raise click.BadParameter(f"--set wants NAME=VALUE, got {v!r}")
        out[name] = value
    return out


@click.command("replay")
@click.option("--primary", required=True, envvar="PGSHADOW_PRIMARY", help="libpq DSN of the primary.")
@click.option("--replica", required=True, envvar="PGSHADOW_REPLICA",
              help="libpq DSN of the shadow (or another server).")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", default="text", type=click.Choice(FORMATS))
@click.option("--set", "variables", multiple=True, metavar="NAME=VALUE",
              help="psql variable (repeatable), as psql -v.")
@click.option("--settings", type=click.Choice(["default", "pg_regress"]), default="default",
              help="Session settings both sides start with.")
@click.option("--timeout", default=30.0, show_default=True,
              help="Seconds to wait for the shadow to catch up before a read.")
def replay_command(primary: str, replica: str, files: tuple[str, ...], fmt: str,
                   variables: tuple[str, ...], settings: str, timeout: float) -> None:
    """Run SQL scripts (psql syntax, or sqllogictest .test files) on the primary and compare
    every read with the replica.

    Exit status: 0 every compared read matched, 1 mismatches found, 2 could not run."""
    chosen = PG_REGRESS_SETTINGS if settings == "pg_regress" else DEFAULT_SETTINGS
    report = replay(primary, replica, list(files), settings=chosen,
                    variables=_parse_vars(variables), timeout=timeout)
    render(report, fmt, sys.stdout)
    sys.exit(report.exit_code())


@click.command("conformance")
@click.option("--corpus", required=True, type=click.Choice(["pg_regress", "sqllogictest", "pagila"]))
@click.option("--only", multiple=True, help="Run only these files (repeatable, or comma list).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write report.json, report.md and junit.xml here.")
@click.option("--corpora-dir", type=click.Path(file_okay=False, exists=True), default=None,
              envvar="PGSHADOW_CORPORA", help="Folder holding the corpora (default ../shared/corpora).")
@click.option("--pg-bin", type=click.Path(file_okay=False, exists=True), default=None,
              envvar="PGSHADOW_PG_BIN", help="PostgreSQL bin dir (default: embedded PostgreSQL 18).")
@click.option("--replica-kind", type=click.Choice(["shadow", "primary"]), default="shadow",
              help="shadow: the real shadow; primary: a second PostgreSQL with writes mirrored "
                   "(checks the harness itself).")
@click.option("--rounds", default=3, show_default=True, help="pagila: query rounds.")
@click.option("--timeout", default=30.0, show_default=True)
@click.option("--format", "fmt", default="text", type=click.Choice(FORMATS))
@click.option("--progress/--no-progress", default=True)
def conformance_command(corpus: str, only: tuple[str, ...], out_dir: str | None,
                        corpora_dir: str | None, pg_bin: str | None, replica_kind: str,
                        rounds: int, timeout: float, fmt: str, progress: bool) -> None:
    """Set up a primary and a shadow, replay a corpus, and score it per tier."""
    import logging
    import signal

    # SIGTERM (a CI timeout) unwinds like Ctrl-C, so the throwaway servers are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from replica.replay.corpora import (
        CorpusError,
        pg_regress_files,
        run_corpus,
        sqllogictest_files,
    )

    # The in-process shadow logs (engine tracebacks included) go to a file, not the terminal.
    log_file = Path(out_dir) / "shadow.log" if out_dir else None
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.WARNING, filename=str(log_file) if log_file else None,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s", force=True)
    if log_file is None:
        logging.disable(logging.ERROR)
    cdir = Path(corpora_dir) if corpora_dir else DEFAULT_CORPORA
    names = [n.strip() for o in only for n in o.split(",") if n.strip()] or None
    if corpus == "pg_regress":
        total = len(pg_regress_files(cdir / corpus, names)) if (cdir / corpus).is_dir() else 0
    elif corpus == "sqllogictest":
        total = len(sqllogictest_files(cdir / corpus, names)) if (cdir / corpus).is_dir() else 0
    else:
        total = rounds
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("{task.fields[current]}"),
                   disable=not progress, transient=False, console=None)
    task = bar.add_task(corpus, total=total, current="")

    def on_progress(name: str, n: int) -> None:
        bar.update(task, current=f"{name} ({n} statements)")

    def on_file(res: FileResult) -> None:
        bar.advance(task)

    try:
        with bar:
            report = run_corpus(corpus, cdir, only=names, pg_bin=pg_bin,
                                replica_kind=replica_kind, timeout=timeout, rounds=rounds,
                                progress=on_progress, file_done=on_file)
    except CorpusError as exc:
        click.echo(f"pgshadow conformance: {exc}", err=True)
        sys.exit(2)
    if out_dir:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(to_json(report), indent=2) + "\n")
        with open(out / "report.md", "w") as f:
            render_markdown(report, f)
        with open(out / "junit.xml", "w") as f:
            render_junit(report, f)
    render(report, fmt, sys.stdout)
    sys.exit(report.exit_code())


@click.group()
def _main() -> None:
    """Stand-alone entry for the replay commands."""


_main.add_command(replay_command)
_main.add_command(conformance_command)

if __name__ == "__main__":
    _main()
