"""Lookups over the generated builtin catalog (``engine.pgcatalog``, from a live PostgreSQL).

Types, functions, operators, casts and aggregates exactly as pg_catalog lists them; the binder
resolves every call against these rows and then looks the implementation up by
``pg_proc.prosrc``. Must not import pglast, ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from engine.pgcatalog import aggregates, casts, operators, procs, types

# Pseudo-types that drive polymorphic resolution (pg_type.h).
ANY = 2276
ANYELEMENT = 2283
ANYARRAY = 2277
ANYNONARRAY = 2776
ANYENUM = 3500
ANYRANGE = 3831
ANYMULTIRANGE = 4537
ANYCOMPATIBLE = 5077
ANYCOMPATIBLEARRAY = 5078
ANYCOMPATIBLENONARRAY = 5079
ANYCOMPATIBLERANGE = 5080
ANYCOMPATIBLEMULTIRANGE = 4538
UNKNOWN = 705
TEXT = 25
RECORD = 2249
RECORD_ARRAY = 2287

POLY_ANY = {ANYELEMENT, ANYARRAY, ANYNONARRAY, ANYENUM, ANYRANGE, ANYMULTIRANGE}
POLY_COMPAT = {ANYCOMPATIBLE, ANYCOMPATIBLEARRAY, ANYCOMPATIBLENONARRAY, ANYCOMPATIBLERANGE,
               ANYCOMPATIBLEMULTIRANGE}
POLYMORPHIC = POLY_ANY | POLY_COMPAT


@dataclass(frozen=True, slots=True)
class TypeRow:
    oid: int
    typname: str
    typlen: int
    typtype: str
    category: str
    preferred: bool
    elem: int
    array: int
    basetype: int
    relid: int
    sql_name: str


@dataclass(frozen=True, slots=True)
class ProcRow:
    oid: int
    name: str
    argtypes: tuple[int, ...]
    rettype: int
    retset: bool
    variadic: int  # element type of the VARIADIC parameter, 0 when none
    kind: str  # f function, a aggregate, w window, p procedure
    strict: bool
    volatile: str  # i immutable, s stable, v volatile
    prosrc: str
    nargdefaults: int
    argdefaults: tuple[str, ...]
    outnames: tuple[str, ...]  # OUT/TABLE column names for set-returning functions
    outtypes: tuple[int, ...]
    language: str  # internal, c, sql
    argnames: tuple[str, ...] = ()  # names of the input parameters ("" when unnamed)


@dataclass(frozen=True, slots=True)
class OperatorRow:
    oid: int
    name: str
    kind: str  # b binary, l prefix
    left: int
    right: int
    result: int
    code: int  # pg_proc oid
    negate: int


@dataclass(frozen=True, slots=True)
class CastRow:
    source: int
    target: int
    func: int
    context: str  # i implicit, a assignment, e explicit
    method: str  # f function, i I/O conversion, b binary coercible


@dataclass(frozen=True, slots=True)
class AggRow:
    fnoid: int
    kind: str  # n normal, o ordered-set, h hypothetical-set
    numdirectargs: int
    transfn: int
    finalfn: int
    transtype: int
    initval: str | None
    sortop: int
    finalextra: bool


@cache
def type_rows() -> dict[int, TypeRow]:
    return {int(r[0]): TypeRow(int(r[0]), str(r[1]), int(r[2]), str(r[4]),
                               str(r[5]), bool(r[6]), int(r[7]), int(r[8]), int(r[9]),
                               int(r[10]), str(r[13]))
            for r in types.ROWS}


def type_row(oid: int) -> TypeRow | None:
    row = type_rows().get(oid)
    if row is None and oid >= 16384:  # a type defined on the primary
        from engine import usertypes  # noqa: PLC0415

        registry = usertypes.current()
        if registry is not None:
            found: TypeRow | None = registry.row(oid)
            return found
    return row


def category(oid: int) -> str:
    row = type_row(oid)
    return row.category if row is not None else "U"


def is_preferred(oid: int) -> bool:
    row = type_row(oid)
    return row is not None and row.preferred


def array_of(elem: int) -> int:
    row = type_row(elem)
    return row.array if row is not None else 0


def element_of(array: int) -> int:
    row = type_row(array)
    if row is None or (row.category != "A" and array != RECORD_ARRAY):
        return 0  # record[] is a true array of the pseudo-type record (category P)
    return row.elem


def is_array(oid: int) -> bool:
    return element_of(oid) != 0


def _proc(r: tuple[Any, ...]) -> ProcRow:
    (oid, name, argtypes, rettype, retset, variadic, kind, strict, volatile, prosrc,
     nargdefaults, allargtypes, argmodes, argnames, argdefaults, language) = r
    outnames: list[str] = []
    outtypes: list[int] = []
    innames: list[str] = []
    all_names = list(argnames) if isinstance(argnames, tuple | list) else []
    if argmodes is not None and allargtypes is not None:
        names = list(argnames) if isinstance(argnames, tuple | list) else []
        for i, mode in enumerate(argmodes):
            if mode in ("i", "b", "v"):
                innames.append(str(all_names[i]) if i < len(all_names) and all_names[i] else "")
            if mode in ("o", "b", "t"):
                outnames.append(str(names[i]) if i < len(names) and names[i] else f"column{i + 1}")
                outtypes.append(int(allargtypes[i]))
    return ProcRow(
        int(oid), str(name), tuple(int(a) for a in argtypes or ()), int(rettype),
        bool(retset), int(variadic), str(kind), bool(strict), str(volatile), str(prosrc),
        int(nargdefaults), tuple(str(d) for d in argdefaults or ()),
        tuple(outnames), tuple(outtypes), str(language),
        tuple(innames) if argmodes is not None else
        tuple(str(n) if n else "" for n in all_names[:len(argtypes or ())]),
    )


@cache
def _procs() -> tuple[dict[int, ProcRow], dict[str, list[ProcRow]]]:
    by_oid: dict[int, ProcRow] = {}
    by_name: dict[str, list[ProcRow]] = defaultdict(list)
    for r in procs.ROWS:
        p = _proc(r)
        by_oid[p.oid] = p
        by_name[p.name].append(p)
    return by_oid, dict(by_name)


def proc(oid: int) -> ProcRow:
    found = _procs()[0].get(oid)
    if found is None and oid >= 16384:  # a range or multirange constructor of the primary
        from engine import usertypes  # noqa: PLC0415

        registry = usertypes.current()
        if registry is not None and oid in registry.procs:
            return registry.procs[oid]  # type: ignore[no-any-return]
    if found is None:
        raise KeyError(oid)
    return found


def procs_named(name: str) -> list[ProcRow]:
    return _procs()[1].get(name, [])


def user_constructors(name: str) -> list[ProcRow]:
    """The constructor functions of a range or multirange type defined on the primary (they
    are named like the type)."""
    from engine import usertypes  # noqa: PLC0415

    registry = usertypes.current()
    return registry.constructors(name) if registry is not None else []


@cache
def _operators() -> tuple[dict[int, OperatorRow], dict[tuple[str, str], list[OperatorRow]]]:
    by_oid: dict[int, OperatorRow] = {}
    by_name: dict[tuple[str, str], list[OperatorRow]] = defaultdict(list)
    for r in operators.ROWS:
        o = OperatorRow(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), int(r[5]),
                        int(r[6]), int(r[8]))
        by_oid[o.oid] = o
        by_name[(o.name, o.kind)].append(o)
    return by_oid, dict(by_name)


def operators_named(name: str, kind: str) -> list[OperatorRow]:
    return _operators()[1].get((name, kind), [])


def operator(oid: int) -> OperatorRow:
    return _operators()[0][oid]


@cache
def _casts() -> dict[tuple[int, int], CastRow]:
    return {(int(r[0]), int(r[1])): CastRow(int(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4]))
            for r in casts.ROWS}


def cast_row(source: int, target: int) -> CastRow | None:
    found = _casts().get((source, target))
    if found is None and source >= 16384:  # a range type's cast to its multirange type
        from engine import usertypes  # noqa: PLC0415

        registry = usertypes.current()
        if registry is not None:
            user: CastRow | None = registry.casts.get((source, target))
            return user
    return found


@cache
def _casts_by_func() -> dict[int, CastRow]:
    return {c.func: c for c in _casts().values() if c.func}


def cast_by_function(func_oid: int) -> CastRow | None:
    """The pg_cast row a function implements (e.g. int4(numeric) is numeric -> int4)."""
    return _casts_by_func().get(func_oid)


@cache
def _aggs() -> dict[int, AggRow]:
    return {int(r[0]): AggRow(int(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]),
                              None if r[6] is None else str(r[6]), int(r[7]), bool(r[8]))
            for r in aggregates.ROWS}


def aggregate(fnoid: int) -> AggRow | None:
    return _aggs().get(fnoid)
