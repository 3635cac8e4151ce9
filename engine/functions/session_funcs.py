"""Functions answered from the session and the replica's state rather than from arguments:
the hot-standby surface (pg_is_in_recovery, pg_last_wal_replay_lsn), version(),
current_setting(), and the session's identity. Keyed by pg_proc.prosrc (see
``engine.types.base``). Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import EngineError, FeatureNotSupported


def pg_is_in_recovery(ctx: Any) -> bool:
    return True  # the shadow is always a standby (DESIGN invariant 4)


def pg_last_wal_replay_lsn(ctx: Any) -> int:
    return int(ctx.snapshot_lsn)


def pgsql_version(ctx: Any) -> str:
    return str(ctx.version_string)


def show_config_by_name(ctx: Any, name: str) -> str:
    return str(ctx.show(name))


def show_config_by_name_missing_ok(ctx: Any, name: str, missing_ok: bool) -> str | None:
    try:
        return str(ctx.show(name))
    except EngineError:
        if missing_ok:
            return None
        raise


def current_user(ctx: Any) -> str:
    return str(ctx.show("session_authorization"))


def current_database(ctx: Any) -> str:
    return str(ctx.database)


def current_schema(ctx: Any) -> str | None:
    """The first schema of search_path that exists (namespace.c fetch_search_path), asked of
    the primary; without one, only schemas known to hold replicated tables count, and an
    unknown one is refused rather than guessed."""
    for name in ctx.search_path:
        if name == "pg_temp" or name.startswith("pg_temp_"):
            # the primary session's temporary schema (which current_schema() may create,
            # namespace.c AccessTempTableNamespace) is not modelled
            raise FeatureNotSupported("current_schema() with pg_temp in search_path is not "
                                      "supported")
        if ctx.object_exists is not None:
            if ctx.object_exists("schema", name):
                return str(name)
            continue
        if name in ctx.known_schemas:
            return str(name)
        raise FeatureNotSupported(f'whether schema "{name}" exists is not known here')
    return None


def getdatabaseencoding(ctx: Any) -> str:
    return str(ctx.show("server_encoding"))


def pg_client_encoding(ctx: Any) -> str:
    return str(ctx.show("client_encoding"))


CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "getdatabaseencoding": getdatabaseencoding,
    "pg_client_encoding": pg_client_encoding,
    "pg_is_in_recovery": pg_is_in_recovery,
    "pg_last_wal_replay_lsn": pg_last_wal_replay_lsn,
    "pgsql_version": pgsql_version,
    "show_config_by_name": show_config_by_name,
    "show_config_by_name_missing_ok": show_config_by_name_missing_ok,
    "current_user": current_user,
    "session_user": current_user,
    "current_database": current_database,
    "current_schema": current_schema,
}
