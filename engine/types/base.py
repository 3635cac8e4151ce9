"""The type descriptor and the family-module contract. Imports nothing from the engine beyond
``engine.errors`` and ``engine.types.settings``, so every family module can import it.

A *family module* is any module in the ``engine.types`` or ``engine.functions`` packages (other
than ``base``, ``registry`` and ``settings``). The registry imports them all (``discover``) and
merges whatever of these names each one defines:

``TYPES: tuple[PgType, ...]``
    New types (pg_type rows with Python input/output/sort key).
``FUNCTIONS: dict[str, Callable]``
    Builtin implementations keyed by ``pg_proc.prosrc`` (the C function's name: ``int4pl``,
    ``textcat``, ``interval_pl``...), called as ``fn(*args)`` with engine values. The caller
    applies pg_proc's strictness: a strict function is never called with a NULL argument.
``CONTEXT_FUNCTIONS: dict[str, Callable]``
    The same, called as ``fn(ctx, *args)``; ``ctx.settings`` is the session's FormatSettings
    (DateStyle, TimeZone, ...). For functions whose result depends on session settings.
``SRF_FUNCTIONS`` / ``CONTEXT_SRF_FUNCTIONS: dict[str, Callable]``
    Set-returning functions: return an iterable of values (one column) or of tuples (several
    OUT columns), keyed by prosrc.
``AGG_INITS: dict[str, Callable]``
    Keyed by the aggregate's transition-function prosrc: ``init(agginitval_text_or_None)``
    returns the initial state. Without an entry the initial state is ``agginitval`` parsed by
    the transition type's input function (or NULL).
``AGG_TRANSITIONS: dict[str, Callable]``
    Keyed by transition-function prosrc: ``fn(state, *args) -> state``. When pg_proc says the
    transition function is strict, NULL inputs are skipped, and with a NULL initial state the
    first input becomes the state (nodeAgg.c), exactly as Postgres does.
``CONTEXT_AGG_TRANSITIONS: dict[str, Callable]``
    Transition functions that need the session: ``fn(ctx, state, *args)``. Their arguments
    arrive as ``(type_oid, value)`` pairs (the json aggregates, declared anyelement/"any").
``AGG_FINALS: dict[str, Callable]``
    Keyed by final-function prosrc: ``fn(state) -> value`` (strict ones are not called on a
    NULL state). When pg_aggregate.aggfinalextra is true the final function also receives
    one NULL (None) argument per aggregate argument, as in PostgreSQL.
Arguments as ``(type_oid, value)`` pairs
    to_json/to_jsonb receive their one argument as a pair; json[b]_build_object/array receive
    one sequence of pairs (or None when called with none); the binder builds them.
``OPERATOR_ENTRIES`` / ``UNARY_ENTRIES``
    Legacy operator tables of the first type families (operators now resolve through the
    generated pg_operator catalog to their pg_proc prosrc).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from engine.types.settings import FormatSettings

_NOT_FAMILIES = {"base", "registry", "settings"}


@dataclass(frozen=True, slots=True)
class PgType:
    """One supported pg_type row plus its Python behaviour."""

    oid: int
    name: str  # pg_type.typname
    typlen: int
    category: str  # pg_type.typcategory
    preferred: bool
    input: Callable[[str, int], Any]  # (text, typmod) -> value; raises PG's SQLSTATEs
    output: Callable[[Any, FormatSettings], str]
    key: Callable[[Any], Hashable]  # sort key; equal keys <=> PG equality (GROUP BY/DISTINCT)

    def __repr__(self) -> str:
        return f"PgType({self.name}, oid={self.oid})"


def discover() -> list[ModuleType]:
    """Every family module of ``engine.types`` and ``engine.functions``, imported."""
    found: list[ModuleType] = []
    for package in ("engine.types", "engine.functions"):
        try:
            pkg = importlib.import_module(package)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name in _NOT_FAMILIES or info.name.startswith("_"):
                continue
            found.append(importlib.import_module(f"{package}.{info.name}"))
    return found


# --- value representations shared across families ---------------------------------------------
# Scalars: bool, int (int2/4/8, oid, money in cents, time in µs since midnight, date in days
# and timestamps in µs since 2000-01-01), Decimal (numeric), float (float4/8), str (text-like,
# uuid, json's verbatim text), bytes (bytea). Composite values use these classes.


@dataclass(frozen=True, slots=True)
class Interval:
    """interval: PG's (months, days, microseconds) triple, never normalised across fields
    (``'36 hours'`` and ``'1 day 12 hours'`` are equal but distinct values)."""

    months: int
    days: int
    micros: int


@dataclass(frozen=True, slots=True)
class TimeTz:
    """timetz: time of day in µs plus the zone as PG stores it: seconds *west* of UTC."""

    micros: int
    zone: int


@dataclass(frozen=True, slots=True)
class ArrayValue:
    """An array of any element type. ``dims`` holds the length of each dimension and
    ``lbounds`` its lower bound; ``items`` the elements in row-major order (None for NULL).
    The empty array has ``dims == lbounds == ()``."""

    elem_oid: int
    dims: tuple[int, ...]
    lbounds: tuple[int, ...]
    items: tuple[Any, ...]
