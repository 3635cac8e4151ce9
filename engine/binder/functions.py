"""Functions callable by name from SQL, bound to implementations.

Only a handful so far (the hot-standby surface and session information); an unknown name is
refused with 0A000 until issue 4 brings the generated pg_proc catalog. Implementations that
need the session or database get the execution context (``needs_context``).

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.binder.bound import BOOL_OID, TEXT_OID, UNKNOWN_OID, BoundExpr, FuncExpr
from engine.binder.resolve import coerce
from engine.errors import FeatureNotSupported, UndefinedFunction
from engine.types import FormatSettings

PG_LSN_OID = 3220


@dataclass(frozen=True, slots=True)
class Builtin:
    arg_types: tuple[int, ...]
    result: int
    impl: Callable[..., Any]
    needs_context: bool = True
    strict: bool = True


def _in_recovery(ctx: Any) -> bool:
    return True  # the shadow is always a standby (DESIGN invariant 4)


def _replay_lsn(ctx: Any) -> int:
    return int(ctx.snapshot_lsn)


def _version(ctx: Any) -> str:
    return str(ctx.version_string)


def _current_setting(ctx: Any, name: str) -> str:
    return str(ctx.show(name))


BUILTINS: dict[str, Builtin] = {
    "pg_is_in_recovery": Builtin((), BOOL_OID, _in_recovery),
    "pg_last_wal_replay_lsn": Builtin((), PG_LSN_OID, _replay_lsn),
    "version": Builtin((), TEXT_OID, _version),
    "current_setting": Builtin((TEXT_OID,), TEXT_OID, _current_setting),
}


def lookup_function(name: str, args: tuple[BoundExpr, ...],
                    settings: FormatSettings) -> BoundExpr:
    builtin = BUILTINS.get(name)
    if builtin is None:
        raise FeatureNotSupported(f"function {name}() is not supported yet")
    if len(args) != len(builtin.arg_types):
        raise UndefinedFunction(f"function {name} with {len(args)} arguments does not exist")
    coerced = []
    for arg, want in zip(args, builtin.arg_types, strict=True):
        if arg.type_oid != want and arg.type_oid != UNKNOWN_OID:
            raise FeatureNotSupported(f"function {name} with these argument types")
        coerced.append(coerce(arg, want, settings))
    return FuncExpr(name, builtin.impl, tuple(coerced), builtin.result,
                    strict=builtin.strict, needs_context=builtin.needs_context, volatile=True)
