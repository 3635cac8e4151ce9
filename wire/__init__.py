"""Read-only PostgreSQL wire-protocol server (protocol 3.0, 3.2 accepted).

Start one with ``await wire.serve(backend, host, port)`` or, from synchronous code,
``wire.ServerThread(backend, host, port).start()``. ``backend`` satisfies
``wire.backend.BackendLike``.

Must not import ``engine`` or ``replica``.
"""

from __future__ import annotations

from wire.server import ServerThread, serve
from wire.session import ProtocolSession, ScramAuth, TrustAuth

__all__ = ["ProtocolSession", "ScramAuth", "ServerThread", "TrustAuth", "serve"]
