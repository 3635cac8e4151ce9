"""Function, operator and cast resolution by Postgres's rules, over the generated catalog.

Follows typeconv-func.html / typeconv-oper.html and parse_func.c (func_select_candidate),
parse_oper.c, parse_coerce.c (can_coerce_type, select_common_type,
enforce_generic_type_consistency). The chosen pg_proc row's implementation is found by its
``prosrc`` in the type families; a builtin that resolves but has no implementation is refused
with 0A000 naming it, so the gap is countable.

Must not import pglast, ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from engine import pgcat as C
from engine import types as T
from engine.binder.bound import (
    BOOL_OID,
    TEXT_OID,
    UNKNOWN_OID,
    BoundExpr,
    Const,
    FuncExpr,
    Param,
)
from engine.binder.typesupport import display_name, input_value
from engine.errors import (
    CannotCoerce,
    DatatypeMismatch,
    EngineError,
    FeatureNotSupported,
    UndefinedFunction,
)

_CONTEXT_RANK = {"i": 0, "a": 1, "e": 2}


def type_name(oid: int) -> str:
    if oid == UNKNOWN_OID:
        return "unknown"
    row = C.type_row(oid)
    if row is not None:
        return row.sql_name
    try:
        return display_name(oid)
    except EngineError:
        return f"type {oid}"


# --- coercibility ---------------------------------------------------------------------------


def can_coerce(src: int, dst: int, context: str = "i") -> bool:
    """can_coerce_type for one argument (polymorphic targets are checked separately)."""
    if src in (dst, UNKNOWN_OID) or dst == C.ANY:
        return True
    if dst in C.POLYMORPHIC:
        return _poly_accepts(dst, src)
    if dst == C.RECORD:
        return C.category(src) == "C"
    cast = C.cast_row(src, dst)
    if cast is not None:
        return _CONTEXT_RANK[cast.context] <= _CONTEXT_RANK[context]
    # Automatic I/O conversion casts (find_coercion_pathway): to a string type in assignment
    # context, from a string type in explicit context.
    if C.category(dst) == "S" and _CONTEXT_RANK[context] >= 1:
        return True
    if C.category(src) == "S" and context == "e":
        return True
    # array element coercion, never to oidvector/int2vector (find_coercion_pathway)
    src_elem, dst_elem = C.element_of(src), C.element_of(dst)
    if src_elem and dst_elem and dst not in _VECTOR_TYPES:
        return can_coerce(src_elem, dst_elem, context)
    return False


_VECTOR_TYPES = (30, 22)  # oidvector, int2vector


def _poly_accepts(poly: int, actual: int) -> bool:
    if actual == UNKNOWN_OID:
        return True
    is_arr = C.is_array(actual)
    if poly in (C.ANYARRAY, C.ANYCOMPATIBLEARRAY):
        return is_arr
    if poly in (C.ANYNONARRAY, C.ANYCOMPATIBLENONARRAY):
        return not is_arr
    if poly == C.ANYENUM:
        return C.type_row(actual) is not None and C.type_row(actual).typtype == "e"  # type: ignore[union-attr]
    if poly in (C.ANYRANGE, C.ANYCOMPATIBLERANGE):
        row = C.type_row(actual)
        return row is not None and row.typtype == "r"
    if poly in (C.ANYMULTIRANGE, C.ANYCOMPATIBLEMULTIRANGE):
        row = C.type_row(actual)
        return row is not None and row.typtype == "m"
    return True  # anyelement, anycompatible


def select_common_type(types: Sequence[int], what: str) -> int:
    """select_common_type: the type a set of expressions (CASE arms, UNION columns, ARRAY[]
    elements, anycompatible arguments) resolve to."""
    known = [t for t in types if t != UNKNOWN_OID]
    if not known:
        return TEXT_OID
    ptype = known[0]
    pcat, ppref = C.category(ptype), C.is_preferred(ptype)
    for ntype in known[1:]:
        if ntype == ptype:
            continue
        if C.category(ntype) != pcat:
            raise DatatypeMismatch(
                f"{what} types {type_name(ptype)} and {type_name(ntype)} cannot be matched"
            )
        if not ppref and can_coerce(ptype, ntype) and not can_coerce(ntype, ptype):
            ptype, ppref = ntype, C.is_preferred(ntype)
    return ptype


# --- candidates -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    proc: C.ProcRow
    argtypes: tuple[int, ...]  # declared types after VARIADIC expansion and defaults
    variadic_expanded: bool
    ndefaults: int  # trailing defaulted parameters used


def candidates_for(procs: Sequence[C.ProcRow], nargs: int, *,
                   allow_variadic: bool = True) -> list[Candidate]:
    out: list[Candidate] = []
    for p in procs:
        n = len(p.argtypes)
        if n == nargs:
            out.append(Candidate(p, p.argtypes, False, 0))
        if p.variadic and allow_variadic and p.variadic != C.ANY and nargs >= n:
            # f(a, VARIADIC b elem[]) called as f(a, b1, b2, ...): at least one b
            # (the same arity as the declared form, which is also a candidate, unexpanded)
            fixed = p.argtypes[:-1]
            out.append(Candidate(p, fixed + (p.variadic,) * (nargs - len(fixed)), True, 0))
        elif p.variadic == C.ANY and allow_variadic and nargs >= n:
            fixed = p.argtypes[:-1]
            out.append(Candidate(p, fixed + (C.ANY,) * (nargs - len(fixed)), True, 0))
        if p.nargdefaults and n > nargs >= n - p.nargdefaults:
            out.append(Candidate(p, p.argtypes[:nargs], False, n - nargs))
    # A VARIADIC expansion identical to another candidate's declared signature loses to it
    # (FuncnameGetCandidates); VARIADIC "any" can also repeat its own declared form.
    unique: dict[tuple[int, ...], Candidate] = {}
    for c in out:
        seen = unique.get(c.argtypes)
        if seen is None or (seen.variadic_expanded and not c.variadic_expanded):
            unique[c.argtypes] = c
        elif seen.proc.oid != c.proc.oid and not (c.variadic_expanded or
                                                   seen.variadic_expanded):
            unique[(c.proc.oid, *c.argtypes)] = c  # genuinely different functions both stay
    return list(unique.values())


def _applicable(cand: Candidate, inputs: Sequence[int]) -> bool:
    if not all(can_coerce(a, d) for a, d in zip(inputs, cand.argtypes, strict=True)):
        return False
    return _poly_consistent(cand.argtypes, inputs)


def _poly_consistent(declared: Sequence[int], inputs: Sequence[int]) -> bool:
    try:
        resolve_polymorphic(declared, inputs, 0)  # the arguments only (no result type)
    except EngineError:
        return False
    return True


def select_candidate(cands: list[Candidate], inputs: Sequence[int]) -> Candidate | None:
    """func_select_candidate (parse_func.c), after the exact-match check."""
    cands = [c for c in cands if _applicable(c, inputs)]
    if len(cands) <= 1:
        return cands[0] if cands else None
    nargs = len(inputs)
    # 4.c: most exact matches on known-type inputs
    cands = _keep_best(cands, lambda c: sum(
        1 for i in range(nargs) if inputs[i] != UNKNOWN_OID and c.argtypes[i] == inputs[i]))
    if len(cands) == 1:
        return cands[0]
    # 4.d: most exact-or-preferred (in the input's own category) where coercion is needed
    cats = [C.category(t) for t in inputs]
    cands = _keep_best(cands, lambda c: sum(
        1 for i in range(nargs) if inputs[i] != UNKNOWN_OID and (
            c.argtypes[i] == inputs[i]
            or (C.category(c.argtypes[i]) == cats[i] and C.is_preferred(c.argtypes[i])))))
    if len(cands) == 1:
        return cands[0]
    if UNKNOWN_OID not in inputs:
        return None
    chosen = _resolve_unknown_categories(cands, inputs)
    if chosen is not None and len(chosen) == 1:
        return chosen[0]
    if chosen:
        cands = chosen
    # 4.f: unknowns take the type of the known inputs when those all agree
    known = {t for t in inputs if t != UNKNOWN_OID}
    if len(known) == 1:
        (k,) = known
        guess = [k if t == UNKNOWN_OID else t for t in inputs]
        fits = [c for c in cands if _applicable(c, guess)]
        if len(fits) == 1:
            return fits[0]
    return None


def _keep_best(cands: list[Candidate], score: Callable[[Candidate], int]) -> list[Candidate]:
    best = max(score(c) for c in cands)
    kept = [c for c in cands if score(c) == best]
    return kept or cands


def _resolve_unknown_categories(cands: list[Candidate],
                                inputs: Sequence[int]) -> list[Candidate] | None:
    """4.e: at each unknown position prefer the string category, else the one category all
    candidates agree on; then prefer candidates taking that category's preferred type."""
    for i, t in enumerate(inputs):
        if t != UNKNOWN_OID:
            continue
        cats = {C.category(c.argtypes[i]) for c in cands if c.argtypes[i] not in C.POLYMORPHIC
                and c.argtypes[i] != C.ANY}
        if not cats:
            continue
        if "S" in cats:
            cat = "S"
        elif len(cats) == 1:
            (cat,) = cats
        else:
            return None
        kept = [c for c in cands if c.argtypes[i] in C.POLYMORPHIC or c.argtypes[i] == C.ANY
                or C.category(c.argtypes[i]) == cat]
        preferred = [c for c in kept if C.is_preferred(c.argtypes[i])]
        cands = preferred or kept
        if not cands:
            return None
    return cands


# --- polymorphism ---------------------------------------------------------------------------


def _range_of(range_oid: int) -> Any:
    """The range type's pg_range row (builtin or defined on the primary), or None."""
    from engine.types import ranges  # noqa: PLC0415

    return ranges.range_info(range_oid)


def _range_of_multirange(mr_oid: int) -> int:
    from engine.types import ranges  # noqa: PLC0415

    return ranges.range_of_multirange(mr_oid)


class PseudoTypeResult(FeatureNotSupported):
    """A call whose result stays a polymorphic pseudo-type (no argument resolves it)."""

    def __init__(self, rettype: int) -> None:
        super().__init__(
            f"a function returning {type_name(rettype)} without polymorphic arguments")
        self.rettype = rettype


def resolve_polymorphic(declared: Sequence[int], inputs: Sequence[int],
                        rettype: int) -> tuple[list[int], int]:
    """enforce_generic_type_consistency: concrete argument types and the result type."""
    if rettype in C.POLYMORPHIC and not any(d in C.POLYMORPHIC for d in declared):
        # PostgreSQL keeps the pseudo-type as the result (array_in(..., 'int4'::regtype, -1)
        # is of type anyarray): values of a pseudo-type are not modelled
        raise PseudoTypeResult(rettype)
    elem = 0
    rng = 0
    compat: list[int] = []
    crng = 0
    for d, a in zip(declared, inputs, strict=True):
        if a == UNKNOWN_OID:
            continue
        if d in (C.ANYELEMENT, C.ANYNONARRAY, C.ANYENUM):
            elem = _agree(elem, a)
        elif d == C.ANYARRAY:
            e = C.element_of(a)
            if not e:
                raise DatatypeMismatch(f"argument declared anyarray is not an array but type "
                                       f"{type_name(a)}")
            elem = _agree(elem, e)
        elif d in (C.ANYRANGE, C.ANYMULTIRANGE):
            r = a if d == C.ANYRANGE else _range_of_multirange(a)
            info = _range_of(r)
            if info is None:
                raise FeatureNotSupported(f"range type {type_name(a)} is not supported")
            rng = _agree(rng, r)
            elem = _agree(elem, info.subtype_oid)
        elif d in (C.ANYCOMPATIBLE, C.ANYCOMPATIBLENONARRAY):
            compat.append(a)
        elif d == C.ANYCOMPATIBLEARRAY:
            e = C.element_of(a)
            if not e:
                raise DatatypeMismatch(f"argument declared anycompatiblearray is not an array "
                                       f"but type {type_name(a)}")
            compat.append(e)
        elif d in (C.ANYCOMPATIBLERANGE, C.ANYCOMPATIBLEMULTIRANGE):
            r = a if d == C.ANYCOMPATIBLERANGE else _range_of_multirange(a)
            if _range_of(r) is None:
                raise FeatureNotSupported(f"range type {type_name(a)} is not supported")
            crng = _agree(crng, r)
    uses_any = any(d in C.POLY_ANY for d in declared) or rettype in C.POLY_ANY
    if uses_any and not elem and any(d in C.POLY_ANY for d in declared):
        raise DatatypeMismatch(
            "could not determine polymorphic type because input has type unknown")
    has_compat = any(d in C.POLY_COMPAT for d in declared)
    celem = 0
    if crng:
        celem = _range_of(crng).subtype_oid
    elif has_compat:
        celem = select_common_type(compat, "anycompatible") if compat else TEXT_OID
    ctx = _Poly(elem, celem, rng, crng)
    resolved = [_concrete(d, a, ctx) for d, a in zip(declared, inputs, strict=True)]
    return resolved, _concrete(rettype, rettype, ctx)


@dataclass(frozen=True, slots=True)
class _Poly:
    elem: int
    celem: int
    rng: int
    crng: int


def _agree(current: int, new: int) -> int:
    if current and current != new:
        raise DatatypeMismatch(f"arguments declared \"anyelement\" are not all alike "
                               f"({type_name(current)} vs {type_name(new)})")
    return new


def _concrete(declared: int, actual: int, p: _Poly) -> int:
    if declared in (C.ANYELEMENT, C.ANYNONARRAY, C.ANYENUM):
        return p.elem
    if declared == C.ANYARRAY:
        return _array_of(p.elem)
    if declared in (C.ANYCOMPATIBLE, C.ANYCOMPATIBLENONARRAY):
        return p.celem
    if declared == C.ANYCOMPATIBLEARRAY:
        return _array_of(p.celem)
    if declared in (C.ANYRANGE, C.ANYMULTIRANGE, C.ANYCOMPATIBLERANGE,
                    C.ANYCOMPATIBLEMULTIRANGE):
        rng = p.rng if declared in (C.ANYRANGE, C.ANYMULTIRANGE) else p.crng
        if not rng:
            raise DatatypeMismatch("could not determine polymorphic type "
                                   f"{type_name(declared)} because input has type unknown")
        multi = declared in (C.ANYMULTIRANGE, C.ANYCOMPATIBLEMULTIRANGE)
        return _range_of(rng).multirange_oid if multi else rng
    if declared == C.ANY:
        return TEXT_OID if actual == UNKNOWN_OID else actual
    return declared


def _array_of(elem: int) -> int:
    arr = C.array_of(elem)
    if not arr:
        raise DatatypeMismatch(f"could not find array type for data type {type_name(elem)}")
    return arr


# --- coercion of expressions ----------------------------------------------------------------


def coerce(expr: BoundExpr, target: int, settings: T.FormatSettings, typmod: int = -1, *,
           explicit: bool = False, context: str | None = None) -> BoundExpr:
    """Coerce ``expr`` to ``target`` (coerce_type + coerce_type_typmod): unknown literals go
    through the type's input function under the session settings; known types through the
    pg_cast entry (function, binary relabel or I/O conversion); then the typmod."""
    ctx = context or ("e" if explicit else "i")
    src = expr.type_oid
    if src == target and typmod < 0:
        return expr
    if target in (C.ANY,) or target in C.POLYMORPHIC:
        return expr
    if isinstance(expr, Const) and src == UNKNOWN_OID:
        if expr.value is None:
            return Const(None, target, typmod)
        # coerce_type: the input routine gets typmod -1, the length coercion follows with the
        # cast's own (explicit or implicit) semantics
        pgtype = T.type_by_oid(target)
        value = input_value(pgtype, expr.value, -1, settings)
        return Const(T.apply_typmod(pgtype, value, typmod, explicit=explicit), target, typmod)
    if isinstance(expr, Param) and src == UNKNOWN_OID:
        return Param(expr.number, target, typmod)
    if src == UNKNOWN_OID:
        return _io_cast(expr, src, target, typmod, explicit)
    if src == target:
        return _typmod_coercion(expr, target, typmod, explicit)
    if not can_coerce(src, target, ctx):
        if (C.category(src) == "C" and C.category(target) == "C"
                and min(src, target) >= 16384):
            # a child table's row type converts to its parent's (ConvertRowtypeExpr);
            # inheritance between the primary's tables is not known here
            raise FeatureNotSupported(
                f"cast from row type {type_name(src)} to {type_name(target)} is not supported")
        raise CannotCoerce(f"cannot cast type {type_name(src)} to {type_name(target)}")
    cast = _cast_expr(expr, src, target, explicit)
    return _typmod_coercion(cast, target, typmod, explicit) if typmod >= 0 else cast


def _cast_expr(expr: BoundExpr, src: int, target: int, explicit: bool) -> BoundExpr:
    tested = T.CASTS.get((src, target))
    if tested is not None:  # the type families' own golden-tested casts
        fn = tested[1]
        return FuncExpr(type_name(target), _with_settings(fn), (expr,), target,
                        needs_context=True)
    row = C.cast_row(src, target)
    if row is not None and row.method == "b":
        relabel = RELABEL_CONVERSIONS.get((src, target), _identity)
        return FuncExpr(type_name(target), relabel, (expr,), target)
    if row is not None and row.method == "f":
        proc = C.proc(row.func)
        impl, needs_ctx = implementation(proc)
        extra: tuple[BoundExpr, ...] = ()
        if len(proc.argtypes) >= 2:  # (value, typmod[, explicit]) length-coercion signature
            extra = (Const(-1, 23),) + ((Const(explicit, BOOL_OID),) if len(proc.argtypes) == 3
                                        else ())
        return FuncExpr(proc.name, impl, (expr, *extra), target, strict=proc.strict,
                        needs_context=needs_ctx)
    src_elem, dst_elem = C.element_of(src), C.element_of(target)
    if row is None and src_elem and dst_elem and target not in _VECTOR_TYPES:
        return _array_cast(expr, src_elem, dst_elem, target, explicit)
    return _io_cast(expr, src, target, -1, explicit)


def _array_cast(expr: BoundExpr, src_elem: int, dst_elem: int, target: int,
                explicit: bool) -> BoundExpr:
    from engine.binder.bound import ColumnRef  # noqa: PLC0415

    elem_expr = _cast_expr(ColumnRef(0, src_elem, "elem"), src_elem, dst_elem, explicit)
    from engine.exec.expr import compile_expr  # noqa: PLC0415

    def run(ctx: Any, arr: Any) -> Any:
        fn = compile_expr(elem_expr, ctx)
        items = tuple(None if v is None else fn((v,)) for v in arr.items)
        return T.ArrayValue(dst_elem, arr.dims, arr.lbounds, items)

    return FuncExpr(type_name(target), run, (expr,), target, needs_context=True)


def _io_cast(expr: BoundExpr, src: int, target: int, typmod: int,
             explicit: bool) -> BoundExpr:
    dst = T.type_by_oid(target)

    def run(ctx: Any, value: Any) -> Any:
        text = value if src == UNKNOWN_OID else T.type_by_oid(src).output(value, ctx.settings)
        return T.apply_typmod(dst, input_value(dst, text, -1, ctx.settings), typmod,
                              explicit=explicit)

    return FuncExpr(type_name(target), run, (expr,), target, needs_context=True)


def _identity(v: Any) -> Any:
    return v


def _relabel_conversions() -> dict[tuple[int, int], Callable[[Any], Any]]:
    """Binary-coercible casts whose Python values differ: int4 and oid share 32 bits, so
    -1::int4::oid is 4294967295 (the reg* types are oids too)."""
    from engine.types import oid as O  # noqa: PLC0415

    out: dict[tuple[int, int], Callable[[Any], Any]] = {}
    for reg in (26, 24, 2202, 2203, 2204, 2205, 2206, 4191, 4096, 4089, 3734, 3769):
        out[(23, reg)] = O.int4_to_oid
        out[(reg, 23)] = O.oid_to_int4
    return out


RELABEL_CONVERSIONS = _relabel_conversions()


def _with_settings(fn: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    def run(ctx: Any, value: Any) -> Any:
        return fn(value, ctx.settings)

    return run


def _typmod_coercion(expr: BoundExpr, target: int, typmod: int,
                     explicit: bool) -> BoundExpr:
    if typmod < 0:
        return expr
    pgtype = T.type_by_oid(target)

    def apply(value: Any) -> Any:
        return T.apply_typmod(pgtype, value, typmod, explicit=explicit)

    return FuncExpr(pgtype.name, apply, (expr,), target, typmod=typmod)


# --- implementations ------------------------------------------------------------------------


def implementation(proc: C.ProcRow) -> tuple[Callable[..., Any], bool]:
    """(callable, needs_context) for a pg_proc row, by prosrc; refuses what is missing."""
    fn = T.FUNCTIONS.get(proc.prosrc)
    if fn is not None:
        return fn, False
    fn = T.CONTEXT_FUNCTIONS.get(proc.prosrc)
    if fn is not None:
        return fn, True
    cast = C.cast_by_function(proc.oid)
    if cast is not None and (cast.source, cast.target) in T.CASTS:
        # a cast function the type families implement per (source, target) pair
        cast_fn = T.CASTS[(cast.source, cast.target)][1]

        def run(ctx: Any, value: Any, *_typmod: Any) -> Any:
            return cast_fn(value, ctx.settings)

        return run, True
    raise FeatureNotSupported(f"function {signature(proc)} is not implemented yet")


def srf_implementation(proc: C.ProcRow) -> tuple[Callable[..., Any], bool]:
    fn = T.SRF_FUNCTIONS.get(proc.prosrc)
    if fn is not None:
        return fn, False
    fn = T.CONTEXT_SRF_FUNCTIONS.get(proc.prosrc)
    if fn is not None:
        return fn, True
    raise FeatureNotSupported(f"set-returning function {signature(proc)} is not implemented yet")


def signature(proc: C.ProcRow) -> str:
    return f"{proc.name}({', '.join(type_name(t) for t in proc.argtypes)})"


def no_function(name: str, inputs: Sequence[int],
                cands: Sequence[Candidate] = ()) -> EngineError:
    """42883, or 42725 when several candidates fit and none is best (FUNCDETAIL_MULTIPLE)."""
    if ambiguous(cands, inputs):
        return not_unique_function(name, inputs)
    args = ", ".join(type_name(t) for t in inputs)
    return UndefinedFunction(
        f"function {name}({args}) does not exist",
        hint="No function matches the given name and argument types. You might need to add "
             "explicit type casts.",
    )


def no_operator(name: str, left: int | None, right: int) -> EngineError:
    shown = f"{type_name(left)} {name} {type_name(right)}" if left is not None else \
        f"{name} {type_name(right)}"
    return UndefinedFunction(
        f"operator does not exist: {shown}",
        hint="No operator matches the given name and argument types. You might need to add "
             "explicit type casts.",
    )


def ambiguous(cands: Sequence[Candidate], inputs: Sequence[int]) -> bool:
    """Whether no best candidate was chosen among several that accept the inputs
    (FUNCDETAIL_MULTIPLE, 42725), rather than none accepting them (42883)."""
    return sum(1 for c in cands if _applicable(c, inputs)) > 1


def not_unique_function(name: str, inputs: Sequence[int]) -> EngineError:
    args = ", ".join(type_name(t) for t in inputs)
    return EngineError(
        f"function {name}({args}) is not unique", sqlstate="42725",
        hint="Could not choose a best candidate function. You might need to add explicit "
             "type casts.")


def not_unique_operator(name: str, left: int | None, right: int) -> EngineError:
    shown = f"{type_name(left)} {name} {type_name(right)}" if left is not None else \
        f"{name} {type_name(right)}"
    return EngineError(
        f"operator is not unique: {shown}", sqlstate="42725",
        hint="Could not choose a best candidate operator. You might need to add explicit "
             "type casts.")


def choose(cands: list[Candidate], inputs: Sequence[int]) -> Candidate | None:
    """Exact match first (func_get_detail), then func_select_candidate."""
    exact = [c for c in cands if tuple(c.argtypes) == tuple(inputs)]
    if len(exact) == 1:
        return exact[0]
    return select_candidate(cands, inputs)


def resolve_operator(name: str, left: int | None, right: int) -> tuple[C.OperatorRow, int, int]:
    """(operator, left input type, right input type) as oper_select_candidate would."""
    kind = "b" if left is not None else "l"
    ops = C.operators_named(name, kind)
    if not ops:
        raise no_operator(name, left, right)
    if left is not None:
        # binary_oper_exact: an unknown side is assumed to be of the other side's type
        l2, r2 = left, right
        if left == UNKNOWN_OID and right != UNKNOWN_OID:
            l2 = right
        elif right == UNKNOWN_OID and left != UNKNOWN_OID:
            r2 = left
        for o in ops:
            if (o.left, o.right) == (l2, r2) and (l2, r2) != (UNKNOWN_OID, UNKNOWN_OID):
                return o, o.left, o.right
    fake = [C.ProcRow(o.oid, name, (o.left, o.right) if left is not None else (o.right,),
                      o.result, False, 0, "f", True, "i", "", 0, (), (), (), "")
            for o in ops]
    inputs = (left, right) if left is not None else (right,)
    cands = [Candidate(p, p.argtypes, False, 0) for p in fake]
    chosen = choose(cands, inputs)
    if chosen is None:
        if ambiguous(cands, inputs):  # oper_select_candidate
            raise not_unique_operator(name, left, right)
        raise no_operator(name, left, right)
    op = C.operator(chosen.proc.oid)
    return op, op.left, op.right
