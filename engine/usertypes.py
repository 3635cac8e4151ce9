"""Types defined on the primary (enums so far), known per database.

The builtin registry (``engine.types``) and catalog (``engine.pgcat``) are process-wide; user
types are not: their OIDs are the primary's, and two databases (or two test primaries) may reuse
an OID. Each ``Database`` owns a ``UserTypes``; whoever runs code for that database (a session
statement, the apply thread) installs it in a context variable, and the lookups fall back to it.
A miss asks the database's resolver (the replication layer reads pg_type/pg_enum on the primary).

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from engine.types.base import PgType


@dataclass(frozen=True, slots=True)
class EnumSpec:
    """An enum type as pg_type/pg_enum describe it (labels in enumsortorder order)."""

    oid: int
    name: str
    schema: str
    array_oid: int
    labels: tuple[str, ...]
    sortorders: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class DomainSpec:
    """A domain as pg_type describes it. Values read as the base type, and a column of it
    reports the base type and typmod (as RowDescription does). Casts to it stay refused
    (its constraints are not run)."""

    oid: int
    name: str
    schema: str
    base_oid: int
    base_typmod: int
    notnull: bool = False
    # (conname, pg_get_constraintdef) of its CHECK constraints by name; None: not read
    checks: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True, slots=True)
class CompositeSpec:
    """A composite type (typtype 'c') as pg_type/pg_attribute describe it: its fields in
    attnum order (dropped ones left out). ``constrained`` marks fields whose type is a domain
    with NOT NULL or CHECK constraints (directly or as an array element type)."""

    oid: int
    name: str
    schema: str
    array_oid: int
    relid: int
    names: tuple[str, ...]
    types: tuple[int, ...]
    typmods: tuple[int, ...]
    constrained: tuple[bool, ...]


@dataclass
class UserTypes:
    types: dict[int, PgType] = field(default_factory=dict)
    rows: dict[int, Any] = field(default_factory=dict)  # oid -> pgcat.TypeRow
    names: dict[str, int] = field(default_factory=dict)
    # (oid or None, name or None) -> EnumSpec, DomainSpec, CompositeSpec or None; set by the
    # replication layer
    resolver: Callable[[int | None, str | None], Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    domains: dict[int, DomainSpec] = field(default_factory=dict)
    composites: dict[int, Any] = field(default_factory=dict)  # oid -> records.RecordDesc

    def add_enum(self, spec: EnumSpec) -> None:
        from engine import pgcat  # noqa: PLC0415
        from engine.types.enums import enum_type  # noqa: PLC0415

        with self.lock:
            pgtype = enum_type(spec)
            self.types[spec.oid] = pgtype
            self.rows[spec.oid] = pgcat.TypeRow(spec.oid, spec.name, 4, "e", "E", False, 0,
                                                spec.array_oid, 0, 0, spec.name)
            self.names[spec.name] = spec.oid
            self.names[f"{spec.schema}.{spec.name}"] = spec.oid
            if spec.array_oid:
                from engine.types.arrays import array_type_for  # noqa: PLC0415

                self.types[spec.array_oid] = array_type_for(pgtype, spec.array_oid)
                self.rows[spec.array_oid] = pgcat.TypeRow(
                    spec.array_oid, "_" + spec.name, -1, "b", "A", False, spec.oid, 0, 0, 0,
                    spec.name + "[]")

    def add_domain(self, spec: DomainSpec) -> None:
        import dataclasses  # noqa: PLC0415

        from engine import pgcat  # noqa: PLC0415
        from engine.types import registry  # noqa: PLC0415

        base = registry.type_by_oid(spec.base_oid)  # may itself be a user type
        with self.lock:
            self.types[spec.oid] = dataclasses.replace(base, oid=spec.oid, name=spec.name)
            self.rows[spec.oid] = pgcat.TypeRow(
                spec.oid, spec.name, base.typlen, "d", base.category, False, 0, 0,
                spec.base_oid, 0, spec.name)
            self.domains[spec.oid] = spec

    def add_composite(self, spec: CompositeSpec) -> None:
        from engine import pgcat  # noqa: PLC0415
        from engine.types.arrays import array_type_for  # noqa: PLC0415
        from engine.types.records import RecordDesc, composite_type  # noqa: PLC0415

        desc = RecordDesc(spec.oid, spec.names, spec.types, spec.typmods, spec.constrained)
        pgtype = composite_type(desc, spec.name)
        with self.lock:
            self.composites[spec.oid] = desc
            self.types[spec.oid] = pgtype
            self.rows[spec.oid] = pgcat.TypeRow(spec.oid, spec.name, -1, "c", "C", False, 0,
                                                spec.array_oid, 0, spec.relid, spec.name)
            self.names[spec.name] = spec.oid
            self.names[f"{spec.schema}.{spec.name}"] = spec.oid
            if spec.array_oid:
                self.types[spec.array_oid] = array_type_for(pgtype, spec.array_oid)
                self.rows[spec.array_oid] = pgcat.TypeRow(
                    spec.array_oid, "_" + spec.name, -1, "b", "A", False, spec.oid, 0, 0, 0,
                    spec.name + "[]")

    def _add(self, spec: Any) -> None:
        if isinstance(spec, DomainSpec):
            self.add_domain(spec)
        elif isinstance(spec, CompositeSpec):
            self.add_composite(spec)
        else:
            self.add_enum(spec)

    def lookup_oid(self, oid: int) -> PgType | None:
        found = self.types.get(oid)
        if found is None and self.resolver is not None:
            spec = self.resolver(oid, None)
            if spec is not None:
                self._add(spec)
                found = self.types.get(oid)
        return found

    def lookup_name(self, name: str) -> PgType | None:
        oid = self.names.get(name)
        if oid is None and self.resolver is not None:
            spec = self.resolver(None, name)
            if isinstance(spec, DomainSpec):
                return None  # a cast to a domain would have to run its constraints
            if spec is not None:
                self._add(spec)
                oid = spec.oid
        return self.types.get(oid) if oid is not None else None

    def row(self, oid: int) -> Any:
        if oid not in self.rows:
            self.lookup_oid(oid)
        return self.rows.get(oid)


CURRENT: ContextVar[UserTypes | None] = ContextVar("pgshadow_user_types", default=None)


def domain_of(oid: int) -> DomainSpec | None:
    """The domain ``oid`` is, if it is one (asking the primary on a miss)."""
    if oid < 16384:  # FirstNormalObjectId: builtin types are never domains here
        return None
    user = CURRENT.get()
    if user is None:
        return None
    if oid not in user.domains and oid not in user.types:
        user.lookup_oid(oid)
    return user.domains.get(oid)


def composite_desc(oid: int) -> Any:
    """The records.RecordDesc of composite type ``oid`` (asking the primary on a miss)."""
    user = CURRENT.get()
    if user is None:
        return None
    if oid not in user.composites and oid not in user.types:
        user.lookup_oid(oid)
    return user.composites.get(oid)


def current() -> UserTypes | None:
    return CURRENT.get()


@contextlib.contextmanager
def installed(user_types: UserTypes) -> Iterator[None]:
    token = CURRENT.set(user_types)
    try:
        yield
    finally:
        CURRENT.reset(token)
