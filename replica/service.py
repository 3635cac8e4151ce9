"""Orchestration: subscribe to a primary and serve the engine over the wire.

``Shadow.start()`` connects to the primary, checks it, ensures the publication, creates the slot
with an exported snapshot, copies every published table under it, starts streaming from the
slot's consistent point in a thread, and starts the wire server. ``ShadowBackend`` is the glue
that hands engine sessions to the wire layer (which never imports the engine).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine import usertypes
from engine.database import Database, ServerInfo
from engine.session import Session
from replica.apply import Applier
from replica.subscriber import Subscriber
from replica.sync import (
    ObjectResolver,
    RelationResolver,
    ShapeChecker,
    TypeResolver,
    check_primary,
    connect,
    create_slot,
    ensure_publication,
    initial_copy,
)
from wire.backend import SessionLike
from wire.server import ServerThread

log = logging.getLogger(__name__)


class ShadowBackend:
    """``wire.backend.BackendLike`` over one engine database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start_session(self, startup_params: Mapping[str, str]) -> SessionLike:
        return Session(self.db, startup_params)


@dataclass
class ShadowConfig:
    primary: str
    listen_host: str = "127.0.0.1"
    listen_port: int = 6432
    publication: str = "pgshadow"
    slot: str = "pgshadow"
    data_dir: str | None = None


def read_server_info(dsn: str) -> ServerInfo:
    with connect(dsn) as conn:
        check_primary(conn)
        row = conn.execute(
            "SELECT current_setting('server_version'), current_setting('server_version_num'),"
            " version(), datcollate, current_setting('TimeZone'),"
            " datctype,"
            " current_setting('DateStyle'), current_setting('IntervalStyle'),"
            " current_setting('server_encoding')"
            " FROM pg_database WHERE datname = current_database()"
        ).fetchone()
    assert row is not None
    version, num, full, collate, tz, ctype, _ds, _is, encoding = (str(v) for v in row)
    # The session defaults the primary would give a client (DateStyle/IntervalStyle are read
    # from the server config, not from our sync connection's options).
    return ServerInfo(
        server_version=version, server_version_num=int(num), version_string=full,
        collation=collate, ctype=ctype,
        defaults={"TimeZone": tz, "server_encoding": encoding},
    )


class Shadow:
    def __init__(self, config: ShadowConfig) -> None:
        self.config = config
        self.db: Database | None = None
        self.subscriber: Subscriber | None = None
        self.server: ServerThread | None = None

    def start(self, progress: Callable[[str, int], None] | None = None) -> Shadow:
        cfg = self.config
        info = read_server_info(cfg.primary)
        db = self.db = Database(info)
        db.relation_resolver = RelationResolver(cfg.primary, cfg.publication)
        db.user_types.resolver = TypeResolver(cfg.primary)
        objects = ObjectResolver(cfg.primary)
        db.object_exists = objects
        db.reg_lookup = objects.reg_input
        db.table_shape = ShapeChecker(cfg.primary)
        applier = Applier(db)
        with connect(cfg.primary) as conn, usertypes.installed(db.user_types):
            ensure_publication(conn, cfg.publication)
            repl = connect(cfg.primary, replication=True)
            try:
                slot = create_slot(repl, conn, cfg.slot)
                rows = initial_copy(cfg.primary, slot, cfg.publication, applier, progress)
            except BaseException:
                repl.close()
                raise
        log.info("initial copy: %d rows at %X/%X", rows, slot.consistent_point >> 32,
                 slot.consistent_point & 0xFFFFFFFF)
        self.subscriber = Subscriber(cfg.primary, cfg.slot, cfg.publication, applier,
                                     slot.consistent_point, info.server_version_num)
        self.subscriber.start(repl)
        self.server = ServerThread(ShadowBackend(db), cfg.listen_host, cfg.listen_port).start()
        return self

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.port

    def dsn(self, user: str = "postgres", dbname: str = "postgres") -> str:
        return f"host={self.config.listen_host} port={self.port} user={user} dbname={dbname}"

    def wait_applied(self, lsn: int, timeout: float = 30.0) -> bool:
        assert self.db is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.db.wait_for(lsn, 0.1):
                return True
            if self.subscriber is not None and self.subscriber.error is not None:
                raise self.subscriber.error
        return False

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self.subscriber is not None:
            self.subscriber.stop()
        resolver = self.db.object_exists if self.db is not None else None
        if isinstance(resolver, ObjectResolver):
            resolver.close()
        shape = self.db.table_shape if self.db is not None else None
        if isinstance(shape, ShapeChecker):
            shape.close()

    def __enter__(self) -> Shadow:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
