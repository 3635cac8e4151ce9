"""Range and multirange builtins keyed by pg_proc.prosrc: constructors, bound accessors,
comparison, containment, positional operators, set operators, unnest(multirange), the
canonical and subtype-difference support functions, and the range_agg / range_intersect_agg
aggregates.

Follows PostgreSQL 18's src/backend/utils/adt/rangetypes.c and multirangetypes.c (the range
algebra itself lives in ``engine.types.ranges``; multirange canonicalisation in
``engine.types.multiranges``).

Polymorphic calling convention: range and multirange values carry their type OID, so functions
over anyrange/anymultirange read the subtype from their arguments; an ``anyelement`` argument
arrives already coerced to that subtype. The constructors whose result type is not visible in
their arguments (``range_constructor2/3``: int4range(1, 2) and numrange(1, 2) receive the same
kind of arguments; ``multirange_constructor0``) are listed in NEEDS_RESULT_OID and take the
resolved result type OID as the keyword argument ``result_oid``. Must not import ``replica`` or
``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from engine.errors import EngineError, InvalidTextValue, SyntaxError_
from engine.types import floats, numeric
from engine.types import multiranges as M
from engine.types import ranges as R
from engine.types.base import ArrayValue
from engine.types.ranges import Bound, RangeValue

MR = M.MultirangeValue
_FLAGS_HINT = 'Valid values are "[]", "[)", "(]", and "()".'


class NullValueNotAllowed(EngineError):
    sqlstate = "22004"


class CardinalityViolation(EngineError):
    sqlstate = "21000"


# --- range constructors and accessors ----------------------------------------------------------


def _parse_flags(flags: str) -> tuple[bool, bool]:
    """range_parse_flags: exactly two characters, one of ``[(`` then one of ``])``."""
    if len(flags) != 2 or flags[0] not in "[(" or flags[1] not in "])":
        raise SyntaxError_("invalid range bound flags", hint=_FLAGS_HINT)
    return flags[0] == "[", flags[1] == "]"


def range_constructor2(lower: Any, upper: Any, *, result_oid: int) -> RangeValue:
    """int4range(a, b): ``[)``; a NULL bound is infinite (the function is not strict)."""
    return R.make_range(
        result_oid,
        Bound(lower, lower is None, True, True),
        Bound(upper, upper is None, False, False),
    )


def range_constructor3(lower: Any, upper: Any, flags: str | None, *, result_oid: int) -> RangeValue:
    if flags is None:
        raise InvalidTextValue("range constructor flags argument must not be NULL")
    lower_inc, upper_inc = _parse_flags(flags)
    return R.make_range(
        result_oid,
        Bound(lower, lower is None, lower_inc, True),
        Bound(upper, upper is None, upper_inc, False),
    )


def range_lower(r: RangeValue) -> Any:
    return r.lower  # None when empty or infinite


def range_upper(r: RangeValue) -> Any:
    return r.upper


def range_empty(r: RangeValue) -> bool:
    return r.empty


def range_lower_inc(r: RangeValue) -> bool:
    return r.lower_inc


def range_upper_inc(r: RangeValue) -> bool:
    return r.upper_inc


def range_lower_inf(r: RangeValue) -> bool:
    return r.lower_inf


def range_upper_inf(r: RangeValue) -> bool:
    return r.upper_inf


# --- subtype differences (pg_range.rngsubdiff) ------------------------------------------------


def _int_subdiff(a: int, b: int) -> float:
    return float(a) - float(b)


def _timestamp_subdiff(a: int, b: int) -> float:
    return (float(a) - float(b)) / 1_000_000


def numrange_subdiff(a: Decimal, b: Decimal) -> float:
    """numeric_sub, then numeric_float8 (through the text form, as the engine's cast does)."""
    return floats.float8in(numeric.numeric_out(numeric.numeric_sub(a, b)))


# --- multirange constructors and accessors -----------------------------------------------------


def multirange_constructor0(*, result_oid: int) -> M.MultirangeValue:
    return M.empty_multirange(result_oid)


def multirange_constructor1(r: RangeValue) -> M.MultirangeValue:
    return M.make_multirange(R.multirange_of(r.range_oid), (r,))


def multirange_constructor2(arr: ArrayValue) -> M.MultirangeValue:
    """The VARIADIC anyrange[] constructor."""
    if len(arr.dims) > 1:
        raise CardinalityViolation("multiranges cannot be constructed from multidimensional arrays")
    if any(item is None for item in arr.items):
        raise NullValueNotAllowed("multirange values cannot contain null members")
    return M.make_multirange(R.multirange_of(arr.elem_oid), arr.items)


def multirange_lower(mr: MR) -> Any:
    return mr.ranges[0].lower if mr.ranges else None


def multirange_upper(mr: MR) -> Any:
    return mr.ranges[-1].upper if mr.ranges else None


def multirange_lower_inc(mr: MR) -> bool:
    return bool(mr.ranges) and mr.ranges[0].lower_inc


def multirange_upper_inc(mr: MR) -> bool:
    return bool(mr.ranges) and mr.ranges[-1].upper_inc


def multirange_lower_inf(mr: MR) -> bool:
    return bool(mr.ranges) and mr.ranges[0].lower_inf


def multirange_upper_inf(mr: MR) -> bool:
    return bool(mr.ranges) and mr.ranges[-1].upper_inf


def range_merge_from_multirange(mr: MR) -> RangeValue:
    """range_merge(anymultirange): the smallest range covering every range."""
    if not mr.ranges:
        return R.empty_range(mr.range_oid)
    first, last = mr.ranges[0], mr.ranges[-1]
    return R.make_range(mr.range_oid, R.bounds(first)[0], R.bounds(last)[1])


def multirange_unnest(mr: MR) -> Iterator[RangeValue]:
    return iter(mr.ranges)


# --- multirange relations (multirangetypes.c *_internal) ---------------------------------------


def _cmp(r: RangeValue) -> R.Cmp:
    return R.subtype_of(r.range_oid).cmp


def _contains_elem(mr: MR, val: Any) -> bool:
    return any(R.contains_elem(r, val) for r in mr.ranges)


def _mr_contains_range(mr: MR, r: RangeValue) -> bool:
    """multirange_contains_range_internal: every multirange contains the empty range."""
    if r.empty:
        return True
    return any(R.contains(x, r) for x in mr.ranges)


def _range_contains_mr(r: RangeValue, mr: MR) -> bool:
    """range_contains_multirange_internal: r contains mr iff it contains mr's span."""
    if not mr.ranges:
        return True
    if r.empty:
        return False
    cmp, (l1, u1) = _cmp(r), R.bounds(r)
    l2, u2 = R.bounds(mr.ranges[0])[0], R.bounds(mr.ranges[-1])[1]
    return R.cmp_bounds(cmp, l1, l2) <= 0 and R.cmp_bounds(cmp, u1, u2) >= 0


def _mr_contains_mr(mr1: MR, mr2: MR) -> bool:
    """multirange_contains_multirange_internal: each range of mr2 inside one range of mr1."""
    return all(_mr_contains_range(mr1, r) for r in mr2.ranges)


def _range_overlaps_mr(r: RangeValue, mr: MR) -> bool:
    return any(R.overlaps(r, x) for x in mr.ranges)


def _mr_overlaps_mr(mr1: MR, mr2: MR) -> bool:
    return any(_range_overlaps_mr(r, mr2) for r in mr1.ranges)


def _span(mr: MR) -> tuple[Bound, Bound]:
    return R.bounds(mr.ranges[0])[0], R.bounds(mr.ranges[-1])[1]


def _positional(
    left: RangeValue | MR,
    right: RangeValue | MR,
    mine: int,
    theirs: int,
    test: Callable[[int], bool],
) -> bool:
    """Compare bound ``mine`` (0 lower, 1 upper) of left's span with bound ``theirs`` of
    right's span; false when either side is empty (range_before_multirange_internal & co)."""
    spans = []
    for side in (left, right):
        if isinstance(side, RangeValue):
            if side.empty:
                return False
            spans.append(R.bounds(side))
        else:
            if not side.ranges:
                return False
            spans.append(_span(side))
    rng = left if isinstance(left, RangeValue) else left.ranges[0]
    return test(R.cmp_bounds(_cmp(rng), spans[0][mine], spans[1][theirs]))


def _before(a: RangeValue | MR, b: RangeValue | MR) -> bool:
    return _positional(a, b, 1, 0, lambda c: c < 0)


def _after(a: RangeValue | MR, b: RangeValue | MR) -> bool:
    return _positional(a, b, 0, 1, lambda c: c > 0)


def _overleft(a: RangeValue | MR, b: RangeValue | MR) -> bool:
    return _positional(a, b, 1, 1, lambda c: c <= 0)


def _overright(a: RangeValue | MR, b: RangeValue | MR) -> bool:
    return _positional(a, b, 0, 0, lambda c: c >= 0)


def _range_adjacent_mr(r: RangeValue, mr: MR) -> bool:
    """range_adjacent_multirange_internal: r touches mr's first range or its last."""
    if r.empty or not mr.ranges:
        return False
    l1, u1 = R.bounds(r)
    l2, u2 = _span(mr)
    return R.bounds_adjacent(r.range_oid, u1, l2) or R.bounds_adjacent(r.range_oid, u2, l1)


def _mr_adjacent_mr(mr1: MR, mr2: MR) -> bool:
    if not mr1.ranges or not mr2.ranges:
        return False
    l1, u1 = _span(mr1)
    l2, u2 = _span(mr2)
    oid = mr1.range_oid
    return R.bounds_adjacent(oid, u1, l2) or R.bounds_adjacent(oid, u2, l1)


# --- multirange set operations ----------------------------------------------------------------


def multirange_union(a: MR, b: MR) -> MR:
    if not a.ranges:
        return b
    if not b.ranges:
        return a
    return M.make_multirange(a.mr_oid, a.ranges + b.ranges)


def multirange_minus(a: MR, b: MR) -> MR:
    """multirange_minus_internal: walk both lists, splitting or trimming each range of a."""
    if not a.ranges or not b.ranges:
        return a
    out: list[RangeValue] = []
    i2, n2 = 0, len(b.ranges)
    for r1 in a.ranges:
        while i2 < n2 and R.before(b.ranges[i2], r1):
            i2 += 1
        while i2 < n2:
            r2 = b.ranges[i2]
            pieces = R.split(r1, r2)
            if pieces is not None:
                out.append(pieces[0])
                r1 = pieces[1]
                i2 += 1
            elif R.overlaps(r1, r2):
                r1 = R.minus(r1, r2)
                if r1.empty or R.before(r1, r2):
                    break
                i2 += 1
            else:
                break
        out.append(r1)
    return M.make_multirange(a.mr_oid, out)


def _intersect_lists(mr_oid: int, rs1: tuple[RangeValue, ...], rs2: tuple[RangeValue, ...]) -> MR:
    """multirange_intersect_internal."""
    out: list[RangeValue] = []
    i2, n2 = 0, len(rs2)
    for r1 in rs1:
        while i2 < n2 and R.before(rs2[i2], r1):
            i2 += 1
        while i2 < n2 and R.overlaps(r1, rs2[i2]):
            out.append(R.intersect(r1, rs2[i2]))
            if not R.overleft(rs2[i2], r1):
                break
            i2 += 1
        if i2 >= n2:
            break
    return M.make_multirange(mr_oid, out)


def multirange_intersect(a: MR, b: MR) -> MR:
    if not a.ranges or not b.ranges:
        return M.empty_multirange(a.mr_oid)
    return _intersect_lists(a.mr_oid, a.ranges, b.ranges)


# --- aggregates -------------------------------------------------------------------------------


def range_intersect_agg_transfn(state: RangeValue, value: RangeValue) -> RangeValue:
    """Strict, no initial value: the first range becomes the state."""
    return R.intersect(state, value)


def multirange_intersect_agg_transfn(state: MR, value: MR) -> MR:
    return _intersect_lists(state.mr_oid, state.ranges, value.ranges)


def range_agg_transfn(state: list[RangeValue] | None, value: RangeValue | None) -> list[RangeValue]:
    """Not strict: collects the non-NULL ranges (an ArrayBuildState in PG)."""
    state = [] if state is None else state
    if value is not None:
        state.append(value)
    return state


def multirange_agg_transfn(state: list[RangeValue] | None, value: MR | None) -> list[RangeValue]:
    """Collects the ranges of each multirange; an empty one adds an empty range, so the result
    is ``{}`` rather than NULL."""
    state = [] if state is None else state
    if value is not None:
        state.extend(value.ranges or (R.empty_range(value.range_oid),))
    return state


def range_agg_finalfn(state: list[RangeValue] | None, *extra: Any) -> MR | None:
    """NULL when no non-NULL input was seen; otherwise the merged multirange."""
    if not state:
        return None
    return M.make_multirange(R.multirange_of(state[0].range_oid), state)


# --- registration -----------------------------------------------------------------------------


def _range_cmp_op(test: Callable[[int], bool]) -> Callable[[RangeValue, RangeValue], bool]:
    return lambda a, b: test(R.range_cmp(a, b))


def _mr_cmp_op(test: Callable[[int], bool]) -> Callable[[MR, MR], bool]:
    return lambda a, b: test(M.multirange_cmp(a, b))


def _flip(fn: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda a, b: fn(b, a)


_LT, _LE = (lambda c: c < 0), (lambda c: c <= 0)
_GT, _GE = (lambda c: c > 0), (lambda c: c >= 0)
_EQ, _NE = (lambda c: c == 0), (lambda c: c != 0)

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "range_constructor2": range_constructor2,
    "range_constructor3": range_constructor3,
    "range_lower": range_lower,
    "range_upper": range_upper,
    "range_empty": range_empty,
    "range_lower_inc": range_lower_inc,
    "range_upper_inc": range_upper_inc,
    "range_lower_inf": range_lower_inf,
    "range_upper_inf": range_upper_inf,
    "range_eq": _range_cmp_op(_EQ),
    "range_ne": _range_cmp_op(_NE),
    "range_lt": _range_cmp_op(_LT),
    "range_le": _range_cmp_op(_LE),
    "range_gt": _range_cmp_op(_GT),
    "range_ge": _range_cmp_op(_GE),
    "range_cmp": R.range_cmp,
    "range_contains_elem": R.contains_elem,
    "elem_contained_by_range": _flip(R.contains_elem),
    "range_contains": R.contains,
    "range_contained_by": _flip(R.contains),
    "range_overlaps": R.overlaps,
    "range_before": R.before,
    "range_after": R.after,
    "range_overleft": R.overleft,
    "range_overright": R.overright,
    "range_adjacent": R.adjacent,
    "range_union": lambda a, b: R.union(a, b, True),
    "range_merge": lambda a, b: R.union(a, b, False),
    "range_intersect": R.intersect,
    "range_minus": R.minus,
    "int4range_canonical": R.canonicalize,
    "int8range_canonical": R.canonicalize,
    "daterange_canonical": R.canonicalize,
    "int4range_subdiff": _int_subdiff,
    "int8range_subdiff": _int_subdiff,
    "daterange_subdiff": _int_subdiff,
    "numrange_subdiff": numrange_subdiff,
    "tsrange_subdiff": _timestamp_subdiff,
    "tstzrange_subdiff": _timestamp_subdiff,
    # multiranges
    "multirange_constructor0": multirange_constructor0,
    "multirange_constructor1": multirange_constructor1,
    "multirange_constructor2": multirange_constructor2,
    "multirange_lower": multirange_lower,
    "multirange_upper": multirange_upper,
    "multirange_empty": lambda mr: not mr.ranges,
    "multirange_lower_inc": multirange_lower_inc,
    "multirange_upper_inc": multirange_upper_inc,
    "multirange_lower_inf": multirange_lower_inf,
    "multirange_upper_inf": multirange_upper_inf,
    "multirange_eq": _mr_cmp_op(_EQ),
    "multirange_ne": _mr_cmp_op(_NE),
    "multirange_lt": _mr_cmp_op(_LT),
    "multirange_le": _mr_cmp_op(_LE),
    "multirange_gt": _mr_cmp_op(_GT),
    "multirange_ge": _mr_cmp_op(_GE),
    "multirange_cmp": M.multirange_cmp,
    "multirange_contains_elem": _contains_elem,
    "elem_contained_by_multirange": _flip(_contains_elem),
    "multirange_contains_range": _mr_contains_range,
    "range_contained_by_multirange": _flip(_mr_contains_range),
    "range_contains_multirange": _range_contains_mr,
    "multirange_contained_by_range": _flip(_range_contains_mr),
    "multirange_contains_multirange": _mr_contains_mr,
    "multirange_contained_by_multirange": _flip(_mr_contains_mr),
    "range_overlaps_multirange": _range_overlaps_mr,
    "multirange_overlaps_range": _flip(_range_overlaps_mr),
    "multirange_overlaps_multirange": _mr_overlaps_mr,
    "range_before_multirange": _before,
    "multirange_before_range": _before,
    "multirange_before_multirange": _before,
    "range_after_multirange": _after,
    "multirange_after_range": _after,
    "multirange_after_multirange": _after,
    "range_overleft_multirange": _overleft,
    "multirange_overleft_range": _overleft,
    "multirange_overleft_multirange": _overleft,
    "range_overright_multirange": _overright,
    "multirange_overright_range": _overright,
    "multirange_overright_multirange": _overright,
    "range_adjacent_multirange": _range_adjacent_mr,
    "multirange_adjacent_range": _flip(_range_adjacent_mr),
    "multirange_adjacent_multirange": _mr_adjacent_mr,
    "multirange_union": multirange_union,
    "multirange_minus": multirange_minus,
    "multirange_intersect": multirange_intersect,
    "range_merge_from_multirange": range_merge_from_multirange,
}
SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {"multirange_unnest": multirange_unnest}
AGG_TRANSITIONS: dict[str, Callable[..., Any]] = {
    "range_intersect_agg_transfn": range_intersect_agg_transfn,
    "multirange_intersect_agg_transfn": multirange_intersect_agg_transfn,
    "range_agg_transfn": range_agg_transfn,
    "multirange_agg_transfn": multirange_agg_transfn,
}
AGG_FINALS: dict[str, Callable[..., Any]] = {"range_agg_finalfn": range_agg_finalfn}

# prosrc names that need the resolved result type as ``result_oid=`` (see the module docstring)
NEEDS_RESULT_OID: frozenset[str] = frozenset(
    {"range_constructor2", "range_constructor3", "multirange_constructor0"}
)
