"""Operator and cast resolution over the type module's tables.

A deliberately small subset of Postgres's rules (typeconv-oper.html): exact match, then
"unknown literal takes the other side's type", then implicit-cast candidates ranked by exact
matches and preferred types. Anything this cannot decide uniquely is refused with 0A000 rather
than guessed; issue 4 replaces this with resolution over a generated pg_operator/pg_cast.

Must not import pglast, ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cache
from typing import Any

from engine import types as T
from engine.binder.bound import TEXT_OID, UNKNOWN_OID, BoundExpr, Const, FuncExpr, Param
from engine.binder.typesupport import display_name, input_value
from engine.errors import EngineError, FeatureNotSupported


def type_name(oid: int) -> str:
    if oid == UNKNOWN_OID:
        return "unknown"
    try:
        return display_name(oid)
    except EngineError:
        return f"type {oid}"


@cache
def _ops_by_symbol() -> dict[str, list[tuple[int, int]]]:
    table: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for op, left, right in T.OPERATORS:
        table[op].append((left, right))
    return table


def _implicitly_castable(src: int, dst: int) -> bool:
    if src in (dst, UNKNOWN_OID):
        return True
    entry = T.CASTS.get((src, dst))
    return entry is not None and entry[0] == "i"


def _is_preferred(oid: int) -> bool:
    try:
        return bool(T.type_by_oid(oid).preferred)
    except EngineError:
        return False


def resolve_binary(op: str, left: int, right: int) -> tuple[int, int, int, Callable[..., Any]]:
    """(left input type, right input type, result type, implementation) for ``l op r``."""
    ops = T.OPERATORS
    if left == UNKNOWN_OID and right == UNKNOWN_OID:
        left = right = TEXT_OID  # both unknown: the string category wins (typeconv-oper 2.c)
    if left == UNKNOWN_OID and (op, right, right) in ops:
        left = right
    elif right == UNKNOWN_OID and (op, left, left) in ops:
        right = left
    exact = ops.get((op, left, right))
    if exact is not None:
        return left, right, exact[0], exact[1]
    cands = [
        (lt, rt) for lt, rt in _ops_by_symbol().get(op, ())
        if _implicitly_castable(left, lt) and _implicitly_castable(right, rt)
    ]
    if not cands:
        raise FeatureNotSupported(
            f"operator is not supported: {type_name(left)} {op} {type_name(right)}"
        )

    def rank(c: tuple[int, int]) -> tuple[int, int]:
        exact_n = (c[0] == left) + (c[1] == right)
        pref_n = _is_preferred(c[0]) + _is_preferred(c[1])
        return exact_n, pref_n

    best = max(rank(c) for c in cands)
    winners = [c for c in cands if rank(c) == best]
    if len(winners) != 1:
        raise FeatureNotSupported(
            f"operator resolution is ambiguous here: {type_name(left)} {op} {type_name(right)}"
        )
    lt, rt = winners[0]
    res, impl = ops[(op, lt, rt)]
    return lt, rt, res, impl


def coerce(expr: BoundExpr, target: int, settings: T.FormatSettings, typmod: int = -1, *,
           explicit: bool = False) -> BoundExpr:
    """Coerce ``expr`` to ``target``: unknown literals go through the type's input function
    (as Postgres does for a quoted literal, under the session's DateStyle and TimeZone), known
    types through a pg_cast entry, then the target typmod."""
    src = expr.type_oid
    if src == target and typmod < 0:
        return expr
    pgtype = T.type_by_oid(target)
    if isinstance(expr, Const) and src == UNKNOWN_OID:
        if expr.value is None:
            return Const(None, target, typmod)
        return Const(input_value(pgtype, expr.value, typmod, settings), target, typmod)
    if isinstance(expr, Param) and src == UNKNOWN_OID:
        return Param(expr.number, target, typmod)
    if src == target:
        return _typmod_coercion(expr, pgtype, typmod, explicit)
    entry = T.CASTS.get((src, target))
    if entry is None or (not explicit and entry[0] != "i"):
        raise FeatureNotSupported(
            f"cast from {type_name(src)} to {type_name(target)} is not supported"
        )
    fn = entry[1]

    def run_cast(ctx: Any, value: Any) -> Any:
        return fn(value, ctx.settings)

    cast = FuncExpr(type_name(target), run_cast, (expr,), target, needs_context=True)
    return _typmod_coercion(cast, pgtype, typmod, explicit) if typmod >= 0 else cast


def _typmod_coercion(expr: BoundExpr, pgtype: T.PgType, typmod: int,
                     explicit: bool) -> BoundExpr:
    if typmod < 0:
        return expr

    def apply(value: Any) -> Any:
        return T.apply_typmod(pgtype, value, typmod, explicit=explicit)

    return FuncExpr(pgtype.name, apply, (expr,), pgtype.oid, typmod=typmod)
