"""The replication connection: START_REPLICATION, the frame loop, status updates.

libpq stays in charge of the socket (DESIGN invariant 2): psycopg's ``pgconn`` COPY_BOTH calls
read and write the frames; the sans-I/O ``replica.stream`` and ``replica.decoder`` interpret
them; ``replica.apply`` writes to the engine.

Positions. ``received`` is the last WAL position seen; ``applied`` is the database's published
LSN. With no transaction open, every commit below a keepalive's ``wal_end`` has been sent and
applied, so the applied position advances to it (as the built-in apply worker reports
``flush = write = last received`` when it has nothing outstanding, worker.c send_feedback). While
idle we ask the walsender for a keepalive every ``poke_interval`` so that
``pg_last_wal_replay_lsn()`` catches up with the primary's WAL even when nothing is published.

The shadow has no durable state yet, so ``flush`` reports the applied position: after a
restart it re-syncs from a new slot and nothing confirmed is ever needed again.

Must not import ``wire``.
"""

from __future__ import annotations

import logging
import select
import threading
import time
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from replica.apply import Applier
from replica.decoder.assembler import (
    NonTransactionalMessage,
    RelationChanged,
    Transaction,
    TransactionAssembler,
    TypeChanged,
)
from replica.decoder.pgoutput import PgOutputDecoder
from replica.stream import (
    PrimaryKeepalive,
    XLogData,
    lsn_to_str,
    parse_copy_data,
    pg_now_us,
    standby_status_update,
)
from replica.sync import connect

log = logging.getLogger(__name__)


def _close_stream(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """End COPY_BOTH with CopyDone and close. (The connection's context manager would try to
    finish a transaction first, which fails in COPY state and leaves the walsender running.)"""
    pgconn = conn.pgconn
    try:
        if pgconn.status == psycopg.pq.ConnStatus.OK:
            pgconn.put_copy_end()
            pgconn.flush()
    except psycopg.Error:
        pass
    finally:
        pgconn.finish()


class ReplicationLost(RuntimeError):
    """The stream ended or broke; the subscriber cannot go on by itself."""


def proto_version_for(server_version_num: int) -> int:
    """The highest pgoutput protocol the server speaks (protocol-logical-replication.html)."""
    if server_version_num >= 160000:
        return 4
    if server_version_num >= 150000:
        return 3
    if server_version_num >= 140000:
        return 2
    return 1


@dataclass
class Progress:
    received_lsn: int = 0
    transactions: int = 0
    last_status_at: float = 0.0
    errors: list[str] = field(default_factory=list)


class Subscriber:
    def __init__(self, dsn: str, slot: str, publication: str, applier: Applier,
                 start_lsn: int, server_version_num: int, *,
                 status_interval: float = 1.0, poke_interval: float = 0.2) -> None:
        self.dsn = dsn
        self.slot = slot
        self.publication = publication
        self.applier = applier
        self.start_lsn = start_lsn
        self.proto_version = proto_version_for(server_version_num)
        self.server_version_num = server_version_num
        self.status_interval = status_interval
        self.poke_interval = poke_interval
        self.progress = Progress(received_lsn=start_lsn)
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self, repl: psycopg.Connection[tuple[object, ...]] | None = None) -> None:
        """Start streaming in a thread; ``repl`` is the connection that created the slot."""
        self._conn = repl
        self._thread = threading.Thread(target=self._run, name="pgshadow-subscriber",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        conn = None
        from engine import usertypes

        usertypes.CURRENT.set(self.applier.db.user_types)  # this thread's types are this db's
        try:
            conn = self._conn or connect(self.dsn, replication=True)
            self._stream(conn)
        except BaseException as exc:  # recorded for status and the CLI; never silent
            if not self._stop.is_set():
                self.error = exc
                log.error("replication stopped: %s", exc)
        finally:
            if conn is not None:
                _close_stream(conn)

    # --- streaming -----------------------------------------------------------------------------

    def _start_command(self) -> sql.Composed:
        opts: list[sql.Composable] = [
            sql.SQL("proto_version {}").format(sql.Literal(str(self.proto_version))),
            sql.SQL("publication_names {}").format(sql.Literal(self.publication)),
        ]
        if self.server_version_num >= 140000:
            opts.append(sql.SQL("messages 'true'"))
        return sql.SQL("START_REPLICATION SLOT {} LOGICAL {} ({})").format(
            sql.Identifier(self.slot), sql.SQL(lsn_to_str(self.start_lsn)),
            sql.SQL(", ").join(opts),
        )

    def _stream(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        conn.execute(self._start_command())
        pgconn = conn.pgconn
        decoder = PgOutputDecoder(self.proto_version)
        assembler = TransactionAssembler()
        last_poke = 0.0
        while not self._stop.is_set():
            got_any = False
            while True:
                nbytes, data = pgconn.get_copy_data(1)
                if nbytes == 0:
                    break
                if nbytes < 0:
                    msg = pgconn.get_error_message() or b"stream ended"
                    text = msg.decode(errors="replace") if isinstance(msg, bytes) else str(msg)
                    raise ReplicationLost(f"replication stream ended: {text.strip()}")
                got_any = True
                self._frame(pgconn, data, decoder, assembler)
            now = time.monotonic()
            idle = not assembler.in_transaction
            if now - self.progress.last_status_at >= self.status_interval or (
                idle and not got_any and now - last_poke >= self.poke_interval
            ):
                self._send_status(pgconn, reply=idle)
                last_poke = now
            r, _, _ = select.select([pgconn.socket], [], [], self.poke_interval)
            if r:
                pgconn.consume_input()
        self._send_status(pgconn, reply=False)

    def _frame(self, pgconn: psycopg.pq.abc.PGconn, data: memoryview | bytes,
               decoder: PgOutputDecoder, assembler: TransactionAssembler) -> None:
        frame = parse_copy_data(bytes(data))
        if isinstance(frame, XLogData):
            if frame.wal_end:
                self.progress.received_lsn = max(self.progress.received_lsn, frame.wal_end)
            msg = decoder.decode(frame.data)
            for event in assembler.feed(msg, frame.wal_end):
                self._event(event)
        elif isinstance(frame, PrimaryKeepalive):
            self.progress.received_lsn = max(self.progress.received_lsn, frame.wal_end)
            if not assembler.in_transaction:
                self.applier.db.publish(frame.wal_end)
            if frame.reply_requested:
                self._send_status(pgconn, reply=False)

    def _event(self, event: object) -> None:
        match event:
            case Transaction():
                if self.applier.transaction(event):
                    self.progress.transactions += 1
            case RelationChanged():
                self.applier.relation_received(event.relation)
            case TypeChanged() | NonTransactionalMessage():
                pass
            case _:
                raise ReplicationLost(f"unexpected event {type(event).__name__}")

    def _send_status(self, pgconn: psycopg.pq.abc.PGconn, reply: bool) -> None:
        applied = self.applier.db.applied_lsn
        msg = standby_status_update(
            self.progress.received_lsn, applied, applied, pg_now_us(time.time()), reply
        )
        pgconn.put_copy_data(msg)
        pgconn.flush()
        self.progress.last_status_at = time.monotonic()
