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
        found = regnames.on_primary("regtype", typename)
        if found is None:
            raise
        return _domain_input_is_valid(ctx, text, typename, found, node.typeName)
    pgtype = T.type_by_oid(oid)
    return _base_input_is_valid(ctx, text, pgtype, typmod)


def _base_input_is_valid(ctx: Any, text: str, pgtype: Any, typmod: int) -> bool:
    return _soft_input(ctx, text, pgtype, typmod) is not _INVALID


_INVALID = object()


def _soft_input(ctx: Any, text: str, pgtype: Any, typmod: int) -> Any:
    """The input function's value, or _INVALID for a data exception (class 22)."""
    from engine.binder.typesupport import input_value  # noqa: PLC0415

    try:
        return input_value(pgtype, text, typmod, ctx.settings)
    except EngineError as exc:
        if exc.sqlstate.startswith("22"):
            return _INVALID
        raise


def _domain_input_is_valid(ctx: Any, text: str, typename: str, oid: int, tn: Any) -> bool:
    """domain_in with a soft-error context (domain_check_input): the base type's input,
    then the domain's CHECK constraints over the value; the first violated one makes it
    "not valid" (the rest are not evaluated), an error evaluating one is raised."""
    from engine import types as T  # noqa: PLC0415
    from engine import usertypes  # noqa: PLC0415
    from engine.binder.rows import base_of, bind_domain  # noqa: PLC0415
    from engine.binder.scope import BindContext, Scope  # noqa: PLC0415
    from engine.catalog import Catalog  # noqa: PLC0415
    from engine.exec.expr import compile_expr  # noqa: PLC0415

    spec = usertypes.domain_of(oid)
    refused = FeatureNotSupported(
        f'pg_input_is_valid of type "{typename}": a user-defined type of this kind is not '
        "supported")
    if spec is None or tn.typmods or tn.arrayBounds:
        raise refused
    bind = BindContext(Catalog(), ctx.search_path, ctx.settings, [],
                       object_exists=ctx.object_exists, collation=ctx.collation,
                       ctype=ctx.ctype)
    check = bind_domain(spec, Scope(bind, [], None, "CHECK constraint"))
    if check is None:
        raise refused
    base, typmod = base_of(oid, -1)
    value = _soft_input(ctx, text, T.type_by_oid(base), typmod)
    if value is _INVALID:
        return False
    # in constraint-name order; the first violation ends it (all() stops there too)
    return all(compile_expr(test, ctx)((value,)) is not False for _, test in check.checks)


CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {"pg_input_is_valid": pg_input_is_valid}
