"""Capture real pgoutput replication streams into ``tests/fixtures/pgoutput/`` (golden inputs).

Starts a throwaway primary (``replica.primary.start_primary``), and for each scenario: creates
the scenario's tables and a publication, one logical slot per variant (a variant = one set of
START_REPLICATION options), runs a scripted workload, emits a non-transactional end-marker
message, then streams every slot with psycopg's COPY_BOTH support until the marker arrives.

Outputs per scenario variant:

* ``<variant>.pg<major>.bin``: every CopyData payload received after START_REPLICATION, in
  order, each framed as a 4-byte big-endian length followed by the raw payload (``'w'`` XLogData
  and ``'k'`` keepalives exactly as the server sent them).
* ``<variant>.pg<major>.json``: the START_REPLICATION options, the server version, the relation
  OIDs, the final contents of every table as the primary prints them (``SELECT`` in text format;
  values longer than 256 bytes are given as ``{"len": n, "md5": hex}``), and scenario facts
  (gids, message prefixes, origin). Tests take their expected values from here.

Usage::

    .venv/bin/python tools/capture_pgoutput.py                      # embedded PostgreSQL 18
    .venv/bin/python tools/capture_pgoutput.py --pg-bin /usr/lib/postgresql/15/bin

This is a tool (it does I/O); the sans-I/O decoder it feeds lives in ``replica/decoder``.
Must not import ``engine`` or ``wire``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import select
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from replica.decoder import Message, PgOutputDecoder  # noqa: E402
from replica.primary import Primary, start_primary  # noqa: E402
from replica.stream import XLogData, parse_copy_data, pg_now_us, standby_status_update  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pgoutput"
END_MARKER = "pgshadow.capture_end"
LONG_VALUE = 256
# Just over logical_decoding_work_mem (64kB): enough rows to force streaming, no more.
STREAM_ROWS = 450
STREAM_PAUSE = 2.0  # seconds; several wal_writer_delay periods

SERVER_SETTINGS = {
    "max_prepared_transactions": "10",
    "logical_decoding_work_mem": "64kB",
}


@dataclass
class Variant:
    name: str
    options: dict[str, str]
    min_major: int = 14
    two_phase_slot: bool = False


@dataclass
class Scenario:
    name: str
    setup: list[str]
    tables: list[str]
    workload: Callable[[Primary, dict[str, Any]], None]
    variants: list[Variant]
    facts: dict[str, Any] = field(default_factory=dict)


# -- workloads ------------------------------------------------------------------------------

DML_SETUP = [
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE TABLE parent (id serial PRIMARY KEY, name text, score int, m mood, big text)",
    "ALTER TABLE parent ALTER COLUMN big SET STORAGE EXTERNAL",
    "CREATE TABLE child (id serial PRIMARY KEY, parent_id int, note text)",
    "CREATE TABLE full_t (a int, b text, c numeric)",
    "ALTER TABLE full_t REPLICA IDENTITY FULL",
    "CREATE TABLE toast_full (id int PRIMARY KEY, payload text, n int)",
    "ALTER TABLE toast_full REPLICA IDENTITY FULL",
    "ALTER TABLE toast_full ALTER COLUMN payload SET STORAGE EXTERNAL",
    "CREATE TABLE tr_a (id serial PRIMARY KEY, v text)",
    "CREATE TABLE tr_b (id serial PRIMARY KEY, a_id int REFERENCES tr_a(id), v text)",
]

# 100 000 bytes of text that a toaster stores out of line (STORAGE EXTERNAL: no compression).
BIG_VALUE_SQL = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 3125) i)"
# 10 000 bytes for the RI FULL table, whose old tuples repeat the value (keeps fixtures small).
MID_VALUE_SQL = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 312) i)"


def _run(conn: psycopg.Connection[Any], *stmts: str) -> None:
    for stmt in stmts:
        conn.execute(stmt)


def dml_workload(primary: Primary, facts: dict[str, Any]) -> None:
    with psycopg.connect(primary.dsn(), autocommit=True) as c:
        _run(
            c,
            "INSERT INTO parent (name, score, m) VALUES ('alice', 1, 'happy'), ('bob', 2, 'sad'),"
            " ('carol', NULL, 'ok'), ('zoë \"q\" ''x''', 4, NULL)",
            f"INSERT INTO parent (name, score, big) VALUES ('toasty', 5, {BIG_VALUE_SQL})",
            "UPDATE parent SET score = 6 WHERE name = 'toasty'",  # big unchanged: 'u'
            "UPDATE parent SET id = id + 1000 WHERE name = 'bob'",  # key change: 'K' old tuple
            "UPDATE parent SET name = 'carol2', score = 3 WHERE name = 'carol'",
            "DELETE FROM parent WHERE name = 'alice'",
            "INSERT INTO full_t VALUES (1, 'x', 1.5), (2, NULL, 2.25), (1, 'x', 1.5)",
            "UPDATE full_t SET c = 9.75 WHERE a = 2",
            "DELETE FROM full_t WHERE ctid = (SELECT min(ctid) FROM full_t WHERE a = 1)",
            f"INSERT INTO toast_full VALUES (1, {MID_VALUE_SQL}, 1)",
            "UPDATE toast_full SET n = 2 WHERE id = 1",  # RI FULL: 'O' old tuple, 'u' in new
            "INSERT INTO tr_a (v) VALUES ('a1'), ('a2')",
            "INSERT INTO tr_b (a_id, v) VALUES (1, 'b1')",
        )
        with c.transaction():
            _run(c, "TRUNCATE tr_a, tr_b RESTART IDENTITY CASCADE",
                 "INSERT INTO tr_a (v) VALUES ('after_truncate')")
        with c.transaction():
            _run(c, "SELECT pg_logical_emit_message(true, 'pgshadow.test', 'txn-msg')",
                 "INSERT INTO child (parent_id, note) VALUES (1001, 'with message'), (1001, '')")
        _run(c, "SELECT pg_logical_emit_message(false, 'pgshadow.test', 'non-txn-msg')")
        c.execute("BEGIN")
        _run(c, "SELECT pg_logical_emit_message(false, 'pgshadow.test', 'non-txn-in-aborted')",
             "SELECT pg_logical_emit_message(true, 'pgshadow.test', 'txn-in-aborted')",
             "INSERT INTO child (note) VALUES ('aborted')")
        c.execute("ROLLBACK")
        with c.transaction():  # a Relation message mid-transaction
            _run(c, "INSERT INTO child (parent_id, note) VALUES (NULL, 'before alter')",
                 "ALTER TABLE child ADD COLUMN extra int",
                 "INSERT INTO child (parent_id, note, extra) VALUES (6, 'after alter', 42)")
        _run(c, "SELECT pg_replication_origin_create('upstream_node')",
             "SELECT pg_replication_origin_session_setup('upstream_node')")
        with c.transaction():
            _run(c, "SELECT pg_replication_origin_xact_setup('0/ABCDEF', now())",
                 "INSERT INTO child (parent_id, note) VALUES (NULL, 'from origin')")
        _run(c, "SELECT pg_replication_origin_session_reset()")
        row = c.execute(f"SELECT md5(v), length(v) FROM {BIG_VALUE_SQL} AS s(v)").fetchone()
    assert row is not None
    facts.update(
        big_md5=row[0], big_len=row[1], origin_name="upstream_node", origin_lsn="0/ABCDEF",
        message_prefix="pgshadow.test",
        transactional_messages=["txn-msg"],
        non_transactional_messages=["non-txn-msg", "non-txn-in-aborted"],
        never_sent=["txn-in-aborted", "aborted"],
    )


STREAM_SETUP = ["CREATE TABLE big_t (id int PRIMARY KEY, payload text, tag text)"]


def _insert_rows(c: psycopg.Connection[Any], start: int, n: int, tag: str) -> None:
    c.execute(
        "INSERT INTO big_t SELECT i, md5(i::text), %s FROM generate_series(%s::int, %s::int) i",
        (tag, start, start + n - 1),
    )


def stream_workload(primary: Primary, facts: dict[str, Any]) -> None:
    with psycopg.connect(primary.dsn()) as a, psycopg.connect(primary.dsn(), autocommit=True) as b:
        _insert_rows(a, 1, 20, "kept_before_savepoint")
        a.execute("SAVEPOINT s1")
        _insert_rows(a, 1000, STREAM_ROWS, "rolled_back_savepoint")  # exceeds 64kB: streamed
        time.sleep(STREAM_PAUSE)
        _insert_rows(b, 5000, 3, "interleaved")  # commits while the big one is in progress
        a.execute("ROLLBACK TO SAVEPOINT s1")
        a.execute("SAVEPOINT s2")
        _insert_rows(a, 2000, 10, "kept_released_savepoint")
        a.execute("RELEASE SAVEPOINT s2")
        a.execute("UPDATE big_t SET tag = 'kept_updated' WHERE id <= 5")
        a.commit()
        _insert_rows(a, 3000, STREAM_ROWS, "rolled_back_top")  # streamed, then top-level abort
        # Let the walwriter flush and the walsender decode (and stream) it before it aborts.
        time.sleep(STREAM_PAUSE)
        a.rollback()
    facts.update(
        absent_tags=["rolled_back_savepoint", "rolled_back_top"],
        present_tags=["kept_before_savepoint", "kept_released_savepoint", "kept_updated",
                      "interleaved"],
    )


TWOPHASE_SETUP = ["CREATE TABLE tp (id int PRIMARY KEY, tag text)"]


def twophase_workload(primary: Primary, facts: dict[str, Any]) -> None:
    with psycopg.connect(primary.dsn(), autocommit=True) as c:
        for gid, tag, n, start, finish in (
            ("g_commit", "prepared_committed", 3, 1, "COMMIT"),
            ("g_rollback", "prepared_rolled_back", 2, 100, "ROLLBACK"),
            ("g_stream", "prepared_streamed", STREAM_ROWS, 1000, "COMMIT"),
        ):
            c.execute("BEGIN")
            c.execute("INSERT INTO tp SELECT i, %s FROM generate_series(%s::int, %s::int) i",
                      (tag, start, start + n - 1))
            _run(c, f"PREPARE TRANSACTION '{gid}'", f"{finish} PREPARED '{gid}'")
        c.execute("INSERT INTO tp VALUES (9999, 'plain')")
    facts.update(
        committed_gids=["g_commit", "g_stream"], rolled_back_gids=["g_rollback"],
        streamed_gid="g_stream", absent_tags=["prepared_rolled_back"],
        present_tags=["prepared_committed", "prepared_streamed", "plain"],
    )


def _variants_dml() -> list[Variant]:
    return [
        Variant("dml_v1", {"proto_version": "1", "messages": "true"}),
        Variant("dml_binary", {"proto_version": "{max}", "messages": "true", "binary": "true"}),
    ]


SCENARIOS = [
    Scenario("dml", DML_SETUP, ["parent", "child", "full_t", "toast_full", "tr_a", "tr_b"],
             dml_workload, _variants_dml()),
    Scenario("stream", STREAM_SETUP, ["big_t"], stream_workload, [
        Variant("stream", {"proto_version": "2", "messages": "true", "streaming": "on"}),
        Variant("stream_parallel", {"proto_version": "4", "messages": "true",
                                    "streaming": "parallel"}, min_major=16),
    ]),
    Scenario("twophase", TWOPHASE_SETUP, ["tp"], twophase_workload, [
        Variant("twophase", {"proto_version": "3", "messages": "true", "streaming": "on",
                             "two_phase": "on"}, min_major=15, two_phase_slot=True),
    ]),
]


# -- capture --------------------------------------------------------------------------------


def _options(variant: Variant, major: int) -> dict[str, str]:
    top = "4" if major >= 16 else "3" if major >= 15 else "2"
    opts = {k: v.replace("{max}", top) for k, v in variant.options.items()}
    return {**opts, "publication_names": "p"}


def _frames(conn: psycopg.Connection[Any], idle_timeout: float) -> Iterator[bytes]:
    """Yield CopyData payloads; answer keepalives; stop after ``idle_timeout`` of silence."""
    pgconn = conn.pgconn
    last = 0
    while True:
        nbytes, data = pgconn.get_copy_data(1)
        if nbytes == -1:
            return
        if nbytes < -1:
            raise RuntimeError(pgconn.error_message.decode())
        if nbytes == 0:
            ready, _, _ = select.select([pgconn.socket], [], [], idle_timeout)
            if not ready:
                raise TimeoutError(f"no data for {idle_timeout}s before the end marker")
            pgconn.consume_input()
            continue
        payload = bytes(data)
        yield payload
        frame = parse_copy_data(payload)
        last = max(last, frame.wal_end)
        if not isinstance(frame, XLogData) and frame.reply_requested:
            pgconn.put_copy_data(standby_status_update(last, last, last, pg_now_us(time.time())))
            pgconn.flush()


def capture_slot(primary: Primary, slot: str, options: dict[str, str]) -> list[bytes]:
    opts = ", ".join(f"{k} '{v}'" for k, v in options.items())
    decoder = PgOutputDecoder(int(options["proto_version"]))
    payloads: list[bytes] = []
    # Not a context manager: its exit would try to COMMIT while the connection is in COPY_BOTH.
    conn = psycopg.connect(primary.dsn(), autocommit=True, replication="database")
    try:
        conn.execute(f"START_REPLICATION SLOT {slot} LOGICAL 0/0 ({opts})")
        for payload in _frames(conn, idle_timeout=30):
            payloads.append(payload)
            frame = parse_copy_data(payload)
            if isinstance(frame, XLogData):
                msg = decoder.decode(frame.data)
                if isinstance(msg, Message) and msg.prefix == END_MARKER:
                    break
    finally:
        conn.close()
    return payloads


def _text_value(value: bytes | None) -> Any:
    if value is None:
        return None
    if len(value) > LONG_VALUE:
        return {"len": len(value), "md5": hashlib.md5(value).hexdigest()}
    return value.decode()


def table_contents(primary: Primary, table: str) -> dict[str, Any]:
    """The table as the primary prints it (text format), ordered by every column."""
    with psycopg.connect(primary.dsn(), autocommit=True) as c:
        res = c.pgconn.exec_(f"SELECT * FROM {table} ORDER BY 1, 2".encode())
        columns = [res.fname(i).decode() for i in range(res.nfields)]  # type: ignore[union-attr]
        rows = [[_text_value(res.get_value(r, f)) for f in range(res.nfields)]
                for r in range(res.ntuples)]
        oid = c.execute("SELECT %s::regclass::oid", (table,)).fetchone()
    assert oid is not None
    return {"relid": int(oid[0]), "columns": columns, "rows": rows}


class _Reader(threading.Thread):
    """Streams one slot while the workload runs.

    Reading concurrently matters: PG17+ skips streaming a transaction that has already
    aborted by the time it is decoded (reorderbuffer.c ReorderBufferCheckAndTruncateAbortedTXN),
    so a streamed top-level Stream Abort only exists if decoding keeps up with the workload.
    """

    def __init__(self, primary: Primary, slot: str, options: dict[str, str]) -> None:
        super().__init__(name=f"reader-{slot}", daemon=True)
        self.primary, self.slot, self.options = primary, slot, options
        self.payloads: list[bytes] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.payloads = capture_slot(self.primary, self.slot, self.options)
        except BaseException as exc:  # reported by the main thread
            self.error = exc


def run_scenario(primary: Primary, major: int, scenario: Scenario, out: Path) -> None:
    variants = [v for v in scenario.variants if major >= v.min_major]
    with psycopg.connect(primary.dsn(), autocommit=True) as c:
        _run(c, *scenario.setup, "CREATE PUBLICATION p FOR ALL TABLES")
        for v in variants:
            c.execute("SELECT pg_create_logical_replication_slot(%s, 'pgoutput', false, %s)",
                      (v.name, v.two_phase_slot))
    readers = {v.name: _Reader(primary, v.name, _options(v, major)) for v in variants}
    for r in readers.values():
        r.start()
    time.sleep(0.5)
    facts: dict[str, Any] = {}
    scenario.workload(primary, facts)
    with psycopg.connect(primary.dsn(), autocommit=True) as c:
        c.execute("SELECT pg_logical_emit_message(false, %s, 'end')", (END_MARKER,))
        version = c.execute("SHOW server_version").fetchone()
    tables = {t: table_contents(primary, t) for t in scenario.tables}
    for v in variants:
        reader = readers[v.name]
        reader.join(60)
        if reader.error is not None or reader.is_alive():
            raise RuntimeError(f"reader for {v.name} failed") from reader.error
        payloads = reader.payloads
        stem = f"{v.name}.pg{major}"
        (out / f"{stem}.bin").write_bytes(
            b"".join(struct.pack("!I", len(p)) + p for p in payloads))
        meta = {"generated_by": "tools/capture_pgoutput.py",
                "server_version": version[0] if version else None,
                "scenario": scenario.name, "variant": v.name, "options": reader.options,
                "end_marker": END_MARKER, "tables": tables, "facts": facts}
        (out / f"{stem}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
        print(f"  {stem}: {len(payloads)} frames, "
              f"{sum(len(p) for p in payloads)} bytes", flush=True)
    with psycopg.connect(primary.dsn(), autocommit=True) as c:
        for v in variants:
            c.execute("SELECT pg_drop_replication_slot(%s)", (v.name,))
        _run(c, "DROP PUBLICATION p", *(f"DROP TABLE {t} CASCADE" for t in scenario.tables))


def write_readme(out: Path) -> None:
    """(Re)generate the fixtures README from the JSON sidecars present in ``out``."""
    lines = [
        "# pgoutput golden captures — generated by tools/capture_pgoutput.py, do not edit",
        "",
        "Each `<variant>.pg<major>.bin` is a sequence of frames: a 4-byte big-endian length,",
        "then one raw CopyData payload exactly as the walsender sent it after START_REPLICATION",
        "(`'w'` XLogData or `'k'` keepalive). The `.json` next to it holds the START_REPLICATION",
        "options, the server version, the final table contents as printed by the primary",
        "(values over 256 bytes as `{len, md5}`) and scenario facts. Tests take expected values",
        "from the `.json`, never from memory. Regenerate with:",
        "",
        "    .venv/bin/python tools/capture_pgoutput.py",
        "    .venv/bin/python tools/capture_pgoutput.py --pg-bin /usr/lib/postgresql/15/bin",
        "",
        "| file | server | options |",
        "|---|---|---|",
    ]
    for meta_path in sorted(out.glob("*.json")):
        meta = json.loads(meta_path.read_text())
        opts = ", ".join(f"{k}={v}" for k, v in meta["options"].items())
        lines.append(f"| {meta_path.stem}.bin | PostgreSQL {meta['server_version']} | {opts} |")
    (out / "README.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--pg-bin", help="PostgreSQL bin dir (default: embedded PostgreSQL 18)")
    ap.add_argument("--out", type=Path, default=FIXTURES)
    ap.add_argument("--only", action="append", help="scenario name(s) to run")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with start_primary(args.pg_bin, settings=SERVER_SETTINGS) as primary:
        major = primary.version_num // 10000
        print(f"PostgreSQL {major} at {primary.dsn()}", flush=True)
        for scenario in SCENARIOS:
            if args.only and scenario.name not in args.only:
                continue
            run_scenario(primary, major, scenario, args.out)
    write_readme(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
