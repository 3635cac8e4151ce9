"""The asyncio layer: sockets in, ``ProtocolSession`` bytes out. Nothing protocol-specific here.

One ``asyncio.Protocol`` per connection and no Task: an idle connection is a transport, a
``_Connection`` and a ``ProtocolSession`` (all ``__slots__``), a few hundred bytes of Python
objects on top of what asyncio and the kernel need.

Backend calls are synchronous and run on the event-loop thread, inside ``data_received``. That
choice is local to this module: moving long queries off-loop (a Task or an executor per
running query) changes ``_Connection.data_received`` only.

``serve(backend, host, port)`` returns a started ``asyncio.Server``; ``ServerThread`` runs one
on its own event loop in a background thread (tests, embedding).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import secrets
import threading

from wire.backend import BackendLike
from wire.errors import error_fields
from wire.session import AuthFactory, ProtocolSession, TrustAuth

log = logging.getLogger("wire.server")


class _ServerState:
    """What all connections of one server share."""

    __slots__ = ("backend", "auth", "connections", "_pids")

    def __init__(self, backend: BackendLike, auth: AuthFactory) -> None:
        self.backend = backend
        self.auth = auth
        self.connections: dict[int, _Connection] = {}
        # Fake "process ids": unique per server, not real pids (which would be shared).
        self._pids = itertools.count((os.getpid() % 10000) * 100000 + 1)

    def next_pid(self) -> int:
        return next(self._pids) & 0x7FFFFFFF

    def cancel(self, process_id: int, secret_key: bytes) -> None:
        conn = self.connections.get(process_id)
        if conn is None or conn.session is None:
            return
        if not secrets.compare_digest(conn.session.backend_key, secret_key):
            return
        # Queries run synchronously on the loop, so there is never one to interrupt here.
        log.debug("cancel request for %d: no query running", process_id)


class _Connection(asyncio.Protocol):
    __slots__ = ("_state", "_transport", "session")

    def __init__(self, state: _ServerState) -> None:
        self._state = state
        self._transport: asyncio.Transport | None = None
        self.session: ProtocolSession | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        pid = self._state.next_pid()
        self.session = ProtocolSession(
            self._state.backend,
            process_id=pid,
            secret_key=secrets.token_bytes(32),
            auth=self._state.auth,
        )
        self._state.connections[pid] = self

    def data_received(self, data: bytes) -> None:
        session, transport = self.session, self._transport
        if session is None or transport is None:
            return
        try:
            out = session.receive_data(data, asyncio.get_running_loop().time())
        except Exception as exc:  # ProtocolSession swallows everything; belt and braces
            error_fields(exc)
            transport.abort()
            return
        if out:
            transport.write(out)
        if session.cancel_request is not None:
            req = session.cancel_request
            self._state.cancel(req.process_id, req.secret_key)
        if session.closed:
            transport.close()

    def eof_received(self) -> bool | None:
        return None  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        session, self.session, self._transport = self.session, None, None
        if session is not None:
            self._state.connections.pop(session.process_id, None)
            session.connection_lost()

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()


async def serve(
    backend: BackendLike,
    host: str,
    port: int,
    *,
    auth: AuthFactory = TrustAuth,
    backlog: int = 4096,
) -> asyncio.Server:
    """Start listening; returns the started ``asyncio.Server`` (``port=0`` picks a free port)."""
    return await _serve(_ServerState(backend, auth), host, port, backlog)


async def _serve(state: _ServerState, host: str, port: int, backlog: int) -> asyncio.Server:
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: _Connection(state), host, port, backlog=backlog, reuse_address=True
    )


class ServerThread:
    """A server on its own event loop in a daemon thread.

    ``with ServerThread(backend, "127.0.0.1", 0) as st: connect to st.port``."""

    def __init__(
        self,
        backend: BackendLike,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        auth: AuthFactory = TrustAuth,
    ) -> None:
        self._host = host
        self._requested_port = port
        self._state = _ServerState(backend, auth)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server not started")
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def host(self) -> str:
        return self._host

    def start(self) -> ServerThread:
        self._thread = threading.Thread(target=self._run, name="pgshadow-wire", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        try:
            self._server = loop.run_until_complete(
                _serve(self._state, self._host, self._requested_port, 4096)
            )
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return

        async def shutdown() -> None:
            server = self._server
            if server is None:
                return
            server.close()
            for conn in list(self._state.connections.values()):
                conn.abort()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 5)
            loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), loop)
        thread.join(10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
