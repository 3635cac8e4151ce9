"""Builtin array functions, operators, set-returning functions, array_agg and subscripting,
keyed by pg_proc.prosrc.

Follows PostgreSQL 18's src/backend/utils/adt/arrayfuncs.c (array_eq, array_cmp, array_get_element,
array_get_slice, array_fill, array_replace_internal, width_bucket_array, generate_subscripts,
accumArrayResultArr), array_userfuncs.c (array_append/prepend/cat, array_position(s), trim_array,
array_reverse, array_sort, array_agg) and varlena.c (array_to_text, text_to_array). Element
equality and order come from the element type's sort key (PgType.key).

Functions whose result element type cannot be read from an array argument (array_append and
array_prepend on a NULL array, array_fill, array_agg's final function) take the resolved element
type as the keyword argument ``elem_oid``; their prosrc names are listed in NEEDS_ELEM_OID.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any

from engine.errors import DatatypeMismatch, FeatureNotSupported, NumericValueOutOfRange
from engine.types.arrays import (
    INT_MAX,
    INT_MIN,
    MAX_ARRAY_SIZE,
    MAXDIM,
    ArraySubscriptError,
    DataException,
    NullValueNotAllowed,
    ProgramLimitExceeded,
    array_key,
    check_same_element_type,
    element_type,
    empty_array,
    make_array,
)
from engine.types.base import ArrayValue

INT4, TEXT = 23, 25


# --- comparison operators (array_eq, array_cmp) ------------------------------------------------


def _cmp(a: ArrayValue, b: ArrayValue) -> int:
    check_same_element_type(a, b)
    ka, kb = array_key(a), array_key(b)
    if ka == kb:
        return 0
    return -1 if ka < kb else 1  # type: ignore[operator]


def array_eq(a: ArrayValue, b: ArrayValue) -> bool:
    return _cmp(a, b) == 0


def array_ne(a: ArrayValue, b: ArrayValue) -> bool:
    return _cmp(a, b) != 0


def array_lt(a: ArrayValue, b: ArrayValue) -> bool:
    return _cmp(a, b) < 0


def array_gt(a: ArrayValue, b: ArrayValue) -> bool:
    return _cmp(a, b) > 0


def array_le(a: ArrayValue, b: ArrayValue) -> bool:
    return _cmp(a, b) <= 0


def array_ge(a: ArrayValue, b: ArrayValue) -> bool:
    return _cmp(a, b) >= 0


def btarraycmp(a: ArrayValue, b: ArrayValue) -> int:
    return _cmp(a, b)


def array_larger(a: ArrayValue, b: ArrayValue) -> ArrayValue:
    return a if _cmp(a, b) > 0 else b


def array_smaller(a: ArrayValue, b: ArrayValue) -> ArrayValue:
    return a if _cmp(a, b) < 0 else b


def _key_fn(elem_oid: int) -> Callable[[Any], Hashable]:
    return element_type(elem_oid).key


def _contain(a: ArrayValue, b: ArrayValue, matchall: bool) -> bool:
    """array_contain_compare: every (matchall) or some element of ``a`` equals an element of
    ``b``; NULL elements match nothing. Dimensions are ignored."""
    check_same_element_type(a, b)
    key = _key_fn(a.elem_oid)
    keys_b = {key(v) for v in b.items if v is not None}
    for v in a.items:
        found = v is not None and key(v) in keys_b
        if found and not matchall:
            return True
        if not found and matchall:
            return False
    return matchall


def arraycontains(a: ArrayValue, b: ArrayValue) -> bool:
    return _contain(b, a, True)


def arraycontained(a: ArrayValue, b: ArrayValue) -> bool:
    return _contain(a, b, True)


def arrayoverlap(a: ArrayValue, b: ArrayValue) -> bool:
    return _contain(a, b, False)


# --- shape ---------------------------------------------------------------------------------------


def array_ndims(a: ArrayValue) -> int | None:
    return len(a.dims) or None


def array_dims(a: ArrayValue) -> str | None:
    if not a.dims:
        return None
    return "".join(f"[{lb}:{lb + d - 1}]" for d, lb in zip(a.dims, a.lbounds, strict=True))


def array_cardinality(a: ArrayValue) -> int:
    return len(a.items)


def array_length(a: ArrayValue, dim: int) -> int | None:
    return a.dims[dim - 1] if 1 <= dim <= len(a.dims) else None


def array_lower(a: ArrayValue, dim: int) -> int | None:
    return a.lbounds[dim - 1] if 1 <= dim <= len(a.dims) else None


def array_upper(a: ArrayValue, dim: int) -> int | None:
    if not 1 <= dim <= len(a.dims):
        return None
    return a.lbounds[dim - 1] + a.dims[dim - 1] - 1


# --- construction --------------------------------------------------------------------------------


def _need_elem_oid(arr: ArrayValue | None, elem_oid: int | None, what: str) -> int:
    if arr is not None:
        return arr.elem_oid
    if elem_oid is None:
        raise FeatureNotSupported(f"{what} without its resolved element type")
    return elem_oid


def _check_ub(ub: int) -> None:
    if ub >= INT_MAX:
        raise ProgramLimitExceeded(f"array upper bound is too large: {ub}")


def array_append(arr: ArrayValue | None, elem: Any, *, elem_oid: int | None = None) -> ArrayValue:
    oid = _need_elem_oid(arr, elem_oid, "array_append on a NULL array")
    if arr is None or not arr.dims:
        return ArrayValue(oid, (1,), (1,), (elem,))
    if len(arr.dims) != 1:
        raise DataException("argument must be empty or one-dimensional array")
    if arr.lbounds[0] + arr.dims[0] > INT_MAX:
        raise NumericValueOutOfRange("integer out of range")
    _check_ub(arr.lbounds[0] + arr.dims[0])
    return ArrayValue(oid, (arr.dims[0] + 1,), arr.lbounds, (*arr.items, elem))


def array_prepend(elem: Any, arr: ArrayValue | None, *, elem_oid: int | None = None) -> ArrayValue:
    oid = _need_elem_oid(arr, elem_oid, "array_prepend on a NULL array")
    if arr is None or not arr.dims:
        return ArrayValue(oid, (1,), (1,), (elem,))
    if len(arr.dims) != 1:
        raise DataException("argument must be empty or one-dimensional array")
    if arr.lbounds[0] - 1 < INT_MIN:
        raise NumericValueOutOfRange("integer out of range")
    # PG inserts at lb-1 and then restores the original lower bound
    _check_ub(arr.lbounds[0] + arr.dims[0])
    return ArrayValue(oid, (arr.dims[0] + 1,), arr.lbounds, (elem, *arr.items))


def _incompatible(detail: str) -> ArraySubscriptError:
    return ArraySubscriptError("cannot concatenate incompatible arrays", detail=detail)


def array_cat(a: ArrayValue | None, b: ArrayValue | None) -> ArrayValue | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.elem_oid != b.elem_oid:
        from engine.types import registry

        names = [registry.format_typmod(element_type(t), -1) for t in (a.elem_oid, b.elem_oid)]
        raise DatatypeMismatch(
            "cannot concatenate incompatible arrays",
            detail=f"Arrays with element types {names[0]} and {names[1]} are not compatible"
            " for concatenation.",
        )
    n1, n2 = len(a.dims), len(b.dims)
    if n1 == 0 and n2 > 0:
        return b
    if n2 == 0:
        return a
    if n1 == n2:
        if a.dims[1:] != b.dims[1:] or a.lbounds[1:] != b.lbounds[1:]:
            raise _incompatible(
                "Arrays with differing element dimensions are not compatible for concatenation."
            )
        dims = (a.dims[0] + b.dims[0], *a.dims[1:])
        lbs = a.lbounds
    elif n1 == n2 - 1:
        if a.dims != b.dims[1:] or a.lbounds != b.lbounds[1:]:
            raise _incompatible(
                "Arrays with differing dimensions are not compatible for concatenation."
            )
        dims, lbs = (b.dims[0] + 1, *b.dims[1:]), b.lbounds
    elif n1 == n2 + 1:
        if b.dims != a.dims[1:] or b.lbounds != a.lbounds[1:]:
            raise _incompatible(
                "Arrays with differing dimensions are not compatible for concatenation."
            )
        dims, lbs = (a.dims[0] + 1, *a.dims[1:]), a.lbounds
    else:
        raise _incompatible(
            f"Arrays of {n1} and {n2} dimensions are not compatible for concatenation."
        )
    _check_sizes(dims, lbs)
    return ArrayValue(a.elem_oid, dims, lbs, a.items + b.items)


def _check_sizes(dims: Sequence[int], lbs: Sequence[int], fill: bool = False) -> int:
    """ArrayGetNItems and ArrayCheckBounds (54000)."""
    total = 1
    for d in dims:
        if d < 0:
            raise ProgramLimitExceeded(f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
        total *= d
        if total > MAX_ARRAY_SIZE:
            raise ProgramLimitExceeded(f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
    for d, lb in zip(dims, lbs, strict=True):
        if d + lb > INT_MAX:
            raise ProgramLimitExceeded(f"array lower bound is too large: {lb}")
    return total if dims else 0


def _int_vector(arr: ArrayValue) -> list[int]:
    if len(arr.dims) > 1:
        raise ArraySubscriptError(
            "wrong number of array subscripts", detail="Dimension array must be one dimensional."
        )
    if any(v is None for v in arr.items):
        raise NullValueNotAllowed("dimension values cannot be null")
    return list(arr.items)


def array_fill_with_lower_bounds(
    value: Any, dims: ArrayValue | None, lbs: ArrayValue | None, *, elem_oid: int | None = None
) -> ArrayValue:
    if dims is None or lbs is None:
        raise NullValueNotAllowed("dimension array or low bound array cannot be null")
    return _fill(value, dims, lbs, elem_oid)


def array_fill(value: Any, dims: ArrayValue | None, *, elem_oid: int | None = None) -> ArrayValue:
    if dims is None:
        raise NullValueNotAllowed("dimension array or low bound array cannot be null")
    return _fill(value, dims, None, elem_oid)


def _fill(value: Any, dims: ArrayValue, lbs: ArrayValue | None, elem_oid: int | None) -> ArrayValue:
    dimv = _int_vector(dims)
    if len(dimv) > MAXDIM:
        raise ProgramLimitExceeded(
            f"number of array dimensions ({len(dimv)}) exceeds the maximum allowed ({MAXDIM})"
        )
    lbv = [1] * len(dimv)
    if lbs is not None:
        lbv = _int_vector(lbs)
        if len(lbv) != len(dimv):
            raise ArraySubscriptError(
                "wrong number of array subscripts",
                detail="Low bound array has different size than dimensions array.",
            )
    total = _check_sizes(dimv, lbv)
    if elem_oid is None:
        raise FeatureNotSupported("array_fill without its resolved element type")
    return make_array(elem_oid, dimv, lbv, (value,) * total)


# --- searching -----------------------------------------------------------------------------------


def _matcher(arr: ArrayValue, elem: Any) -> Callable[[Any], bool]:
    """IS NOT DISTINCT FROM the searched element, through the element type's key."""
    if elem is None:
        return lambda v: v is None
    key = _key_fn(arr.elem_oid)
    target = key(elem)
    return lambda v: v is not None and key(v) == target


def _search_1d(arr: ArrayValue) -> None:
    if len(arr.dims) > 1:
        raise FeatureNotSupported(
            "searching for elements in multidimensional arrays is not supported"
        )


def array_position(arr: ArrayValue | None, elem: Any) -> int | None:
    if arr is None:
        return None
    _search_1d(arr)
    if not arr.dims:
        return None
    return _position_from(arr, elem, arr.lbounds[0])


def array_position_start(arr: ArrayValue | None, elem: Any, start: int | None) -> int | None:
    if arr is None:
        return None
    _search_1d(arr)
    if not arr.dims:
        return None
    if start is None:
        raise NullValueNotAllowed("initial position must not be null")
    return _position_from(arr, elem, start)


def _position_from(arr: ArrayValue, elem: Any, start: int) -> int | None:
    match = _matcher(arr, elem)
    lb = arr.lbounds[0]
    for i, v in enumerate(arr.items):
        if lb + i >= start and match(v):
            return lb + i
    return None


def array_positions(arr: ArrayValue | None, elem: Any) -> ArrayValue | None:
    if arr is None:
        return None
    _search_1d(arr)
    if not arr.dims:
        return empty_array(INT4)
    match = _matcher(arr, elem)
    found = [arr.lbounds[0] + i for i, v in enumerate(arr.items) if match(v)]
    return make_array(INT4, (len(found),), (1,), found)


def array_remove(arr: ArrayValue | None, elem: Any) -> ArrayValue | None:
    if arr is None:
        return None
    if len(arr.dims) > 1:
        raise FeatureNotSupported("removing elements from multidimensional arrays is not supported")
    if not arr.dims:
        return arr
    match = _matcher(arr, elem)
    kept = tuple(v for v in arr.items if not match(v))
    if len(kept) == len(arr.items):
        return arr
    return make_array(arr.elem_oid, (len(kept),), arr.lbounds, kept)


def array_replace(arr: ArrayValue | None, search: Any, replace: Any) -> ArrayValue | None:
    if arr is None:
        return None
    if not arr.dims:
        return arr
    match = _matcher(arr, search)
    items = tuple(replace if match(v) else v for v in arr.items)
    return ArrayValue(arr.elem_oid, arr.dims, arr.lbounds, items)


def width_bucket_array(operand: Any, thresholds: ArrayValue) -> int:
    if len(thresholds.dims) > 1:
        raise ArraySubscriptError("thresholds must be one-dimensional array")
    if any(v is None for v in thresholds.items):
        raise NullValueNotAllowed("thresholds array must not contain NULLs")
    key = _key_fn(thresholds.elem_oid)
    k = key(operand)
    keys = [key(v) for v in thresholds.items]
    left, right = 0, len(keys)
    while left < right:
        mid = (left + right) // 2
        if k < keys[mid]:  # type: ignore[operator]
            right = mid
        else:
            left = mid + 1
    return left


# --- reshaping -----------------------------------------------------------------------------------


def _subarrays(arr: ArrayValue) -> list[tuple[Any, ...]]:
    """The items of each slice along the first dimension."""
    step = len(arr.items) // arr.dims[0]
    return [arr.items[i : i + step] for i in range(0, len(arr.items), step)]


def trim_array(arr: ArrayValue, n: int) -> ArrayValue:
    length = arr.dims[0] if arr.dims else 0
    if not 0 <= n <= length:
        raise ArraySubscriptError(f"number of elements to trim must be between 0 and {length}")
    if not arr.dims:
        return arr
    ub = arr.lbounds[0] + length - 1 - n
    return slice(arr, [arr.lbounds[0]], [ub])


def array_reverse(arr: ArrayValue) -> ArrayValue:
    if not arr.dims or arr.dims[0] < 2:
        return arr
    parts = _subarrays(arr)
    items = tuple(v for part in reversed(parts) for v in part)
    return ArrayValue(arr.elem_oid, arr.dims, arr.lbounds, items)


def array_sort(arr: ArrayValue) -> ArrayValue:
    return _sort(arr, False, False)


def array_sort_order(arr: ArrayValue, descending: bool) -> ArrayValue:
    return _sort(arr, descending, descending)


def array_sort_order_nulls_first(
    arr: ArrayValue, descending: bool, nulls_first: bool
) -> ArrayValue:
    return _sort(arr, descending, nulls_first)


def _sort(arr: ArrayValue, descending: bool, nulls_first: bool) -> ArrayValue:
    """array_sort: the slices along the first dimension, ordered by the element type's "<"
    (or array_cmp for sub-arrays). Ties keep their input order, which is what PG's sort gives
    for fewer than 7 items; longer arrays with distinguishable ties are refused."""
    if not arr.dims or arr.dims[0] < 2:
        return arr
    key = _key_fn(arr.elem_oid)
    parts = _subarrays(arr)
    if len(arr.dims) == 1:
        nulls = [p for p in parts if p[0] is None]
        values = [p for p in parts if p[0] is not None]
        keyed = [(key(p[0]), p) for p in values]
    else:
        nulls = []
        keyed = [(tuple((1,) if v is None else (0, key(v)) for v in p), p) for p in parts]
    keyed.sort(key=lambda kp: kp[0], reverse=descending)  # type: ignore[arg-type,return-value]
    if len(parts) >= 7 and _distinguishable_ties(keyed):
        raise FeatureNotSupported("array_sort of equal elements with different values")
    ordered = [p for _, p in keyed]
    ordered = nulls + ordered if nulls_first else ordered + nulls
    items = tuple(v for p in ordered for v in p)
    return ArrayValue(arr.elem_oid, arr.dims, arr.lbounds, items)


def _distinguishable_ties(keyed: list[tuple[Hashable, tuple[Any, ...]]]) -> bool:
    for (k1, p1), (k2, p2) in zip(keyed, keyed[1:], strict=False):
        if k1 == k2 and repr(p1) != repr(p2):
            return True
    return False


# --- text conversion (varlena.c) ----------------------------------------------------------------


def _to_text(ctx: Any, arr: ArrayValue, delim: str, null_text: str | None) -> str:
    out = element_type(arr.elem_oid).output
    parts = [
        out(v, ctx.settings) if v is not None else null_text
        for v in arr.items
        if v is not None or null_text is not None
    ]
    return delim.join(p for p in parts if p is not None)


def array_to_text(ctx: Any, arr: ArrayValue, delim: str) -> str:
    return _to_text(ctx, arr, delim, None)


def array_to_text_null(
    ctx: Any, arr: ArrayValue | None, delim: str | None, null_text: str | None
) -> str | None:
    if arr is None or delim is None:
        return None
    return _to_text(ctx, arr, delim, null_text)


def text_to_array(text: str | None, delim: str | None) -> ArrayValue | None:
    return text_to_array_null(text, delim, None)


def text_to_array_null(
    text: str | None, delim: str | None, null_text: str | None
) -> ArrayValue | None:
    if text is None:
        return None
    if text == "":
        return empty_array(TEXT)
    if delim is None:
        fields = list(text)
    elif delim == "":
        fields = [text]
    else:
        fields = text.split(delim)
    items = tuple(None if null_text is not None and f == null_text else f for f in fields)
    return ArrayValue(TEXT, (len(items),), (1,), items)


# --- set-returning functions ---------------------------------------------------------------------


def array_unnest(arr: ArrayValue) -> Iterator[Any]:
    return iter(arr.items)


def generate_subscripts(arr: ArrayValue, dim: int, reverse: bool) -> Iterator[int]:
    if not 1 <= dim <= len(arr.dims):
        return iter(())
    lb = arr.lbounds[dim - 1]
    ub = lb + arr.dims[dim - 1] - 1
    return iter(range(ub, lb - 1, -1) if reverse else range(lb, ub + 1))


def generate_subscripts_nodir(arr: ArrayValue, dim: int) -> Iterator[int]:
    return generate_subscripts(arr, dim, False)


# --- subscripting (array_get_element / array_get_slice) ----------------------------------------


def subscript(arr: ArrayValue, indexes: Sequence[int]) -> Any:
    """``a[i][j]...``: the element, or None (NULL) when the number of subscripts differs from
    the array's dimensions or any is out of range. A NULL subscript gives NULL (the caller's
    concern: pass only ints)."""
    if len(indexes) != len(arr.dims) or not arr.dims:
        return None
    offset = 0
    for i, d, lb in zip(indexes, arr.dims, arr.lbounds, strict=True):
        if not lb <= i < lb + d:
            return None
        offset = offset * d + (i - lb)
    return arr.items[offset]


def slice(
    arr: ArrayValue, lowers: Sequence[int | None], uppers: Sequence[int | None]
) -> ArrayValue:
    """``a[l:u]...``: None stands for an omitted bound. When any subscript of an expression is a
    slice, PG treats a plain ``[i]`` as ``[1:i]`` (the caller passes lower=1). Out-of-range
    bounds are clipped; an empty range gives ``{}``; the result's lower bounds are 1."""
    n = len(lowers)
    if len(arr.dims) < n or not arr.dims:
        return empty_array(arr.elem_oid)
    lo: list[int] = []
    hi: list[int] = []
    for k, (d, lb) in enumerate(zip(arr.dims, arr.lbounds, strict=True)):
        ub = lb + d - 1
        low = lowers[k] if k < n else None
        up = uppers[k] if k < n else None
        low = lb if low is None or low < lb else low
        up = ub if up is None or up > ub else up
        if low > up:
            return empty_array(arr.elem_oid)
        lo.append(low - lb)
        hi.append(up - lb)
    items: list[Any] = []
    _collect(arr, 0, 0, lo, hi, items)
    dims = tuple(h - low + 1 for low, h in zip(lo, hi, strict=True))
    return ArrayValue(arr.elem_oid, dims, (1,) * len(dims), tuple(items))


def _collect(
    arr: ArrayValue, level: int, base: int, lo: list[int], hi: list[int], out: list[Any]
) -> None:
    stride = 1
    for d in arr.dims[level + 1 :]:
        stride *= d
    for i in range(lo[level], hi[level] + 1):
        pos = base + i * stride
        if level == len(arr.dims) - 1:
            out.append(arr.items[pos])
        else:
            _collect(arr, level + 1, pos, lo, hi, out)


# --- array_agg -------------------------------------------------------------------------------------


class ArrayAggState:
    """array_agg's transition state (PG's ArrayBuildState / ArrayBuildStateArr)."""

    __slots__ = ("dims", "elem_oid", "items", "lbounds", "count")

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.elem_oid: int | None = None
        self.dims: tuple[int, ...] = ()
        self.lbounds: tuple[int, ...] = ()
        self.count = 0


def array_agg_transfn(state: ArrayAggState | None, value: Any) -> ArrayAggState:
    if state is None:
        state = ArrayAggState()
    state.items.append(value)
    state.count += 1
    return state


def array_agg_finalfn(
    state: ArrayAggState | None, *_extra: object, elem_oid: int | None = None
) -> ArrayValue | None:
    # ``_extra``: pg_aggregate.aggfinalextra passes one NULL per aggregate argument
    if state is None:
        return None
    if elem_oid is None:
        raise FeatureNotSupported("array_agg without its resolved element type")
    return ArrayValue(elem_oid, (state.count,), (1,), tuple(state.items))


def array_agg_array_transfn(state: ArrayAggState | None, arr: ArrayValue | None) -> ArrayAggState:
    """accumArrayResultArr."""
    if arr is None:
        raise NullValueNotAllowed("cannot accumulate null arrays")
    if not arr.dims:
        raise ArraySubscriptError("cannot accumulate empty arrays")
    if state is None:
        state = ArrayAggState()
    if state.count == 0:
        if len(arr.dims) + 1 > MAXDIM:
            raise ProgramLimitExceeded(
                f"number of array dimensions ({len(arr.dims) + 1}) exceeds the maximum allowed"
                f" ({MAXDIM})"
            )
        state.dims, state.lbounds, state.elem_oid = arr.dims, arr.lbounds, arr.elem_oid
    elif arr.dims != state.dims or arr.lbounds != state.lbounds:
        raise ArraySubscriptError("cannot accumulate arrays of different dimensionality")
    state.items.extend(arr.items)
    state.count += 1
    return state


def array_agg_array_finalfn(
    state: ArrayAggState | None, *_extra: object, elem_oid: int | None = None
) -> ArrayValue | None:
    # ``_extra``: pg_aggregate.aggfinalextra passes one NULL per aggregate argument
    if state is None:
        return None
    oid = state.elem_oid if state.elem_oid is not None else elem_oid
    if oid is None:
        raise FeatureNotSupported("array_agg without its resolved element type")
    return ArrayValue(oid, (state.count, *state.dims), (1, *state.lbounds), tuple(state.items))


# --- registration --------------------------------------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        array_eq,
        array_ne,
        array_lt,
        array_gt,
        array_le,
        array_ge,
        btarraycmp,
        array_larger,
        array_smaller,
        arraycontains,
        arraycontained,
        arrayoverlap,
        array_ndims,
        array_dims,
        array_cardinality,
        array_length,
        array_lower,
        array_upper,
        array_append,
        array_prepend,
        array_cat,
        array_fill,
        array_fill_with_lower_bounds,
        array_position,
        array_position_start,
        array_positions,
        array_remove,
        array_replace,
        width_bucket_array,
        trim_array,
        array_reverse,
        array_sort,
        array_sort_order,
        array_sort_order_nulls_first,
        text_to_array,
        text_to_array_null,
    )
}
CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "array_to_text": array_to_text,
    "array_to_text_null": array_to_text_null,
}
SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "array_unnest": array_unnest,
    "generate_subscripts": generate_subscripts,
    "generate_subscripts_nodir": generate_subscripts_nodir,
}
AGG_TRANSITIONS: dict[str, Callable[..., Any]] = {
    "array_agg_transfn": array_agg_transfn,
    "array_agg_array_transfn": array_agg_array_transfn,
}
AGG_FINALS: dict[str, Callable[..., Any]] = {
    "array_agg_finalfn": array_agg_finalfn,
    "array_agg_array_finalfn": array_agg_array_finalfn,
}
# prosrc names that want the resolved element type of their (polymorphic) result as ``elem_oid=``
NEEDS_ELEM_OID: frozenset[str] = frozenset(
    {
        "array_append",
        "array_prepend",
        "array_fill",
        "array_fill_with_lower_bounds",
        "array_agg_finalfn",
        "array_agg_array_finalfn",
    }
)
