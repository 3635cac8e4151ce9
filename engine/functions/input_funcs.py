"""pg_input_is_valid(text, typename): whether a type's input function accepts a string,
using the soft-error convention of PostgreSQL 16+ (misc.c pg_input_is_valid): data-exception
errors (class 22) mean "not valid"; anything else (an unknown type name) is raised.
Keyed by pg_proc.prosrc. Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, SyntaxError_, UndefinedObject
from engine.types import regnames


def pg_input_is_valid(ctx: Any, text: str, typename: str) -> bool:
    import pglast  # noqa: PLC0415

    from engine import types as T  # noqa: PLC0415
    from engine.binder.expr import resolve_typename  # noqa: PLC0415
    from engine.binder.typesupport import input_value  # noqa: PLC0415

    try:
        stmt: Any = pglast.parse_sql(f"SELECT NULL::{typename}")[0].stmt
        node = stmt.targetList[0].val
    except pglast.parser.ParseError:
        raise SyntaxError_(f'invalid type name "{typename}"') from None
    try:
        oid, typmod = resolve_typename(node.typeName)
    except UndefinedObject:
        # a type the primary defines that the engine does not read by name (a domain: its
        # input runs its constraints); the primary's error when it has none either
        if regnames.on_primary("regtype", typename) is None:
            raise
        raise FeatureNotSupported(
            f'pg_input_is_valid of type "{typename}": a user-defined type of this kind is '
            "not supported") from None
    pgtype = T.type_by_oid(oid)
    try:
        input_value(pgtype, text, typmod, ctx.settings)
    except EngineError as exc:
        if exc.sqlstate.startswith("22"):
            return False
        raise
    return True


CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {"pg_input_is_valid": pg_input_is_valid}
