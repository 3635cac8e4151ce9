"""Types defined on the primary (enums, domains, ranges), known per database.

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


@dataclass(frozen=True, slots=True)
class RangeSpec:
    """A range type as pg_range/pg_type describe it, with its multirange type and the
    constructor functions PostgreSQL created for both (pg_proc rows: oid, proname, argument
    types, result type, variadic element type, strict, prosrc). ``subtype_base`` is the
    subtype with its domains peeled off (0 when one of them has constraints: a bound would
    have to pass them); ``subtype_kind`` its pg_type.typtype."""

    oid: int
    name: str
    schema: str
    array_oid: int
    subtype: int
    subtype_base: int
    subtype_kind: str
    multirange_oid: int
    multirange_name: str
    multirange_array_oid: int
    collation: str | None  # the collation ordering the bounds (None: subtype not collatable)
    canonical: str | None  # the canonical function (None when there is none)
    default_opclass: bool  # rngsubopc is the subtype's default btree operator class
    constructors: tuple[tuple[int, str, tuple[int, ...], int, int, bool, str], ...]


RANGE_CONSTRUCTORS = frozenset({"range_constructor2", "range_constructor3",
                                "multirange_constructor0", "multirange_constructor1",
                                "multirange_constructor2"})


@dataclass
class UserTypes:
    types: dict[int, PgType] = field(default_factory=dict)
    rows: dict[int, Any] = field(default_factory=dict)  # oid -> pgcat.TypeRow
    names: dict[str, int] = field(default_factory=dict)
    # (oid or None, name or None) -> EnumSpec, DomainSpec, RangeSpec, CompositeSpec or None;
    # set by the replication layer
    resolver: Callable[[int | None, str | None], Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    domains: dict[int, DomainSpec] = field(default_factory=dict)
    enums: dict[int, EnumSpec] = field(default_factory=dict)
    ranges: dict[int, Any] = field(default_factory=dict)  # oid -> ranges.RangeInfo
    multiranges: dict[int, int] = field(default_factory=dict)  # multirange oid -> range oid
    procs: dict[int, Any] = field(default_factory=dict)  # oid -> pgcat.ProcRow (constructors)
    casts: dict[tuple[int, int], Any] = field(default_factory=dict)  # -> pgcat.CastRow
    composites: dict[int, Any] = field(default_factory=dict)  # oid -> records.RecordDesc

    def add_enum(self, spec: EnumSpec) -> None:
        from engine import pgcat  # noqa: PLC0415
        from engine.types.enums import enum_type  # noqa: PLC0415

        with self.lock:
            self._install(enum_type(spec), pgcat.TypeRow(
                spec.oid, spec.name, 4, "e", "E", False, 0, spec.array_oid, 0, 0, spec.name),
                spec.schema, spec.array_oid)
            self.enums[spec.oid] = spec

    def _install(self, pgtype: PgType, row: Any, schema: str, array_oid: int) -> None:
        """A user type under its name and schema-qualified name, with its array type (if it
        has one). The caller holds the lock."""
        from engine import pgcat  # noqa: PLC0415
        from engine.types.arrays import array_type_for  # noqa: PLC0415

        self.types[pgtype.oid] = pgtype
        self.rows[pgtype.oid] = row
        self.names[pgtype.name] = pgtype.oid
        self.names[f"{schema}.{pgtype.name}"] = pgtype.oid
        if array_oid:
            self.types[array_oid] = array_type_for(pgtype, array_oid)
            self.rows[array_oid] = pgcat.TypeRow(
                array_oid, "_" + pgtype.name, -1, "b", "A", False, pgtype.oid, 0, 0, 0,
                pgtype.name + "[]")

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
        from engine.types.records import RecordDesc, composite_type  # noqa: PLC0415

        desc = RecordDesc(spec.oid, spec.names, spec.types, spec.typmods, spec.constrained)
        pgtype = composite_type(desc, spec.name)
        with self.lock:
            self.composites[spec.oid] = desc
            self._install(pgtype, pgcat.TypeRow(spec.oid, spec.name, -1, "c", "C", False, 0,
                                                spec.array_oid, 0, spec.relid, spec.name),
                          spec.schema, spec.array_oid)

    def add_range(self, spec: RangeSpec) -> None:
        """A range type, its multirange type, the arrays of both and their constructors.
        Refused (0A000) when the engine cannot order its bounds exactly as PostgreSQL does."""
        from engine import pgcat  # noqa: PLC0415
        from engine.binder.scope import ORDERING_SAFE  # noqa: PLC0415
        from engine.errors import FeatureNotSupported  # noqa: PLC0415
        from engine.types import multiranges, ranges, registry  # noqa: PLC0415

        what = f'range type "{spec.name}"'
        if spec.subtype_kind != "b" or not 0 < spec.subtype_base < 16384:
            raise FeatureNotSupported(f"{what}: only ranges over builtin types (or "
                                      "unconstrained domains over them) are supported")
        if spec.canonical is not None:
            raise FeatureNotSupported(f"{what}: its canonical function {spec.canonical} is "
                                      "user-defined; user-defined functions are not supported")
        if not spec.default_opclass:
            raise FeatureNotSupported(f"{what}: ordering by a non-default operator class is "
                                      "not supported")
        if spec.collation is not None and spec.collation not in ORDERING_SAFE:
            raise FeatureNotSupported(f'{what}: text ordering under collation '
                                      f'"{spec.collation}" is not supported (only C)')
        subtype = ranges.subtype_for(registry.type_by_oid(spec.subtype_base))
        info = ranges.RangeInfo(spec.oid, spec.name, spec.subtype, spec.multirange_oid,
                                subtype, None)
        rng = ranges.range_type(spec.oid, spec.name)
        multi = multiranges.multirange_type(spec.multirange_oid, spec.multirange_name)
        with self.lock:
            self.ranges[spec.oid] = info
            self.multiranges[spec.multirange_oid] = spec.oid
            for pgtype, typtype, array_oid in ((rng, "r", spec.array_oid),
                                               (multi, "m", spec.multirange_array_oid)):
                self._install(pgtype, pgcat.TypeRow(pgtype.oid, pgtype.name, -1, typtype, "R",
                                                    False, 0, array_oid, 0, 0, pgtype.name),
                              spec.schema, array_oid)
            for oid, name, args, ret, variadic, strict, prosrc in spec.constructors:
                self.procs[oid] = pgcat.ProcRow(oid, name, args, ret, False, variadic, "f",
                                                strict, "i", prosrc, 0, (), (), (), "internal")
                if prosrc == "multirange_constructor1":  # the range -> multirange cast
                    self.casts[(spec.oid, ret)] = pgcat.CastRow(spec.oid, ret, oid, "e", "f")

    def _add(self, spec: Any) -> None:
        if isinstance(spec, DomainSpec):
            self.add_domain(spec)
        elif isinstance(spec, CompositeSpec):
            self.add_composite(spec)
        elif isinstance(spec, RangeSpec):
            self.add_range(spec)
        else:
            self.add_enum(spec)

    def range_info(self, oid: int) -> Any:
        """The range type ``oid`` (a ranges.RangeInfo), or None if it is none."""
        if oid not in self.ranges and oid not in self.types:
            self.lookup_oid(oid)
        return self.ranges.get(oid)

    def range_of_multirange(self, oid: int) -> int:
        if oid not in self.multiranges and oid not in self.types:
            self.lookup_oid(oid)
        return self.multiranges.get(oid, 0)

    def constructors(self, name: str) -> list[Any]:
        """The constructor functions (pgcat.ProcRow) of the range or multirange type named
        ``name`` (their proname is the type's name)."""
        found = self.lookup_name(name)
        if found is None or found.category != "R":
            return []
        return [p for p in self.procs.values() if p.rettype == found.oid]

    def lookup_oid(self, oid: int) -> PgType | None:
        found = self.types.get(oid)
        if found is None and self.resolver is not None:
            spec = self.resolver(oid, None)
            if spec is not None:
                self._add(spec)
                found = self.types.get(oid)
        return found

    def lookup_name(self, name: str) -> PgType | None:
        """DDL does not replicate: a name is asked of the primary again in each statement (a
        type dropped and created again has a new OID); what an OID names never changes."""
        if self.resolver is None:
            oid = self.names.get(name)
        else:
            seen = STATEMENT_NAMES.get()
            if seen is not None and name in seen:
                oid = seen[name]
            else:
                oid = self._resolve_name(name)
                if seen is not None:
                    seen[name] = oid
        return self.types.get(oid) if oid is not None else None

    def _resolve_name(self, name: str) -> int | None:
        assert self.resolver is not None
        spec = self.resolver(None, name)
        if spec is None or isinstance(spec, DomainSpec):
            return None  # a cast to a domain would have to run its constraints
        if spec.oid not in self.types or (
                isinstance(spec, EnumSpec) and self.enums.get(spec.oid) != spec):
            self._add(spec)  # new, or an enum whose labels changed (ALTER TYPE ... VALUE)
        if isinstance(spec, RangeSpec) and name.rpartition(".")[2] == spec.multirange_name:
            return spec.multirange_oid
        return int(spec.oid)

    def row(self, oid: int) -> Any:
        if oid not in self.rows:
            self.lookup_oid(oid)
        return self.rows.get(oid)


CURRENT: ContextVar[UserTypes | None] = ContextVar("pgshadow_user_types", default=None)
# type names the primary was asked about during the current statement (see lookup_name)
STATEMENT_NAMES: ContextVar[dict[str, int | None] | None] = ContextVar(
    "pgshadow_statement_type_names", default=None)


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


def enum_of(oid: int) -> EnumSpec | None:
    """The enum type ``oid`` is, if it is one (asking the primary on a miss)."""
    user = CURRENT.get()
    if user is None or oid < 16384:
        return None
    seen = STATEMENT_NAMES.get()
    key = f"#enum {oid}"  # labels are asked again once per statement (ALTER TYPE ADD VALUE)
    if user.resolver is not None and seen is not None and key not in seen:
        seen[key] = oid
        spec = user.resolver(oid, None)
        if isinstance(spec, EnumSpec) and user.enums.get(oid) != spec:
            user.add_enum(spec)
    elif oid not in user.enums and oid not in user.types:
        user.lookup_oid(oid)
    return user.enums.get(oid)


def current() -> UserTypes | None:
    return CURRENT.get()


@contextlib.contextmanager
def installed(user_types: UserTypes) -> Iterator[None]:
    token = CURRENT.set(user_types)
    names = STATEMENT_NAMES.set({})
    try:
        yield
    finally:
        STATEMENT_NAMES.reset(names)
        CURRENT.reset(token)
