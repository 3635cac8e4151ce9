"""Range types: the built-in ones (int4range, int8range, numrange, daterange, tsrange,
tstzrange) and those defined on the primary (``CREATE TYPE ... AS RANGE``, installed per
database by ``engine.usertypes``; ``range_info`` finds either): the value class, bound
algebra, canonicalisation, text input/output, the sort/group key and the PgType descriptors.

Follows PostgreSQL 18's src/backend/utils/adt/rangetypes.c: range_parse/range_parse_bound and
range_deparse/range_bound_escape for text I/O, range_serialize + make_range (the "lower bound
must be ≤ upper bound" check, empty detection, infinite bounds never inclusive) and the
int4/int8/daterange canonical functions, range_cmp_bounds/range_cmp_bound_values and range_cmp
for ordering, bounds_adjacent for adjacency.

Values are ``RangeValue``: the range type OID (so polymorphic functions know the subtype), the
bound values as the subtype's engine values (int for int4/int8, Decimal for numeric, int days
for date, int µs for timestamp/timestamptz), ``None`` for an infinite bound, the inclusivity
flags and ``empty``. Every RangeValue is canonical, exactly as Postgres stores it. A range
over another type orders its bounds by that type's sort key (its btree order). Must not
import ``replica`` or ``wire``, nor anything from the engine beyond ``engine.errors`` and
``engine.types`` (and ``engine.usertypes``, lazily, as the registry does).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, NamedTuple

from engine.errors import (
    DatetimeFieldOverflow,
    FeatureNotSupported,
    InvalidTextRepresentation,
    InvalidTextValue,
    NumericValueOutOfRange,
)
from engine.types import datetime, integer, numeric
from engine.types.base import PgType
from engine.types.range_oids import MULTIRANGE_OF, RANGE_CANONICAL, RANGE_ELEMENT, TYPE_NAMES
from engine.types.settings import DEFAULT_SETTINGS, FormatSettings

INT4RANGE, NUMRANGE, TSRANGE, TSTZRANGE, DATERANGE, INT8RANGE = 3904, 3906, 3908, 3910, 3912, 3926
INT8, INT4, DATE, TIMESTAMP, TIMESTAMPTZ, NUMERIC = 20, 23, 1082, 1114, 1184, 1700
INT32_MAX, INT64_MAX = 2**31 - 1, 2**63 - 1
_C_SPACE = " \t\n\r\v\f"  # isspace() in the C locale
_EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class RangeValue:
    """A range of the range type ``range_oid``. ``lower``/``upper`` are the bound values, or
    None for an infinite bound (and for both bounds of the empty range)."""

    range_oid: int
    lower: Any
    upper: Any
    lower_inc: bool
    upper_inc: bool
    empty: bool = False

    @property
    def lower_inf(self) -> bool:
        return not self.empty and self.lower is None

    @property
    def upper_inf(self) -> bool:
        return not self.empty and self.upper is None


class Bound(NamedTuple):
    """rangetypes.h RangeBound: one bound, as the range algebra sees it."""

    val: Any
    infinite: bool
    inclusive: bool
    lower: bool


# --- the subtypes -----------------------------------------------------------------------------

Cmp = Callable[[Any, Any], int]


def _int_cmp(a: int, b: int) -> int:
    return (a > b) - (a < b)


def _int_out(v: int, s: FormatSettings) -> str:
    return str(v)


def _numeric_in(text: str, typmod: int, s: FormatSettings) -> Any:
    return numeric.numeric_in(text, typmod)


def _numeric_out(v: Any, s: FormatSettings) -> str:
    return numeric.numeric_out(v)


def _int_input(oid: int) -> Callable[[str, int, FormatSettings], Any]:
    fn = integer.int4in if oid == INT4 else integer.int8in
    return lambda text, typmod, s: fn(text, typmod)


def _datetime_input(oid: int) -> Callable[[str, int, FormatSettings], Any]:
    return lambda text, typmod, s: datetime.input_with_settings(oid, text, s, typmod)


@dataclass(frozen=True, slots=True)
class Subtype:
    """What the range code needs from a subtype: btree comparison, a key consistent with it,
    text input/output, and (discrete types) the canonical step."""

    oid: int
    cmp: Cmp
    key: Callable[[Any], Hashable]
    input: Callable[[str, int, FormatSettings], Any]
    output: Callable[[Any, FormatSettings], str]


def _identity(v: Any) -> Any:
    return v


SUBTYPES: dict[int, Subtype] = {
    INT4: Subtype(INT4, _int_cmp, _identity, _int_input(INT4), _int_out),
    INT8: Subtype(INT8, _int_cmp, _identity, _int_input(INT8), _int_out),
    NUMERIC: Subtype(NUMERIC, numeric.numeric_cmp, numeric.numeric_key, _numeric_in, _numeric_out),
    DATE: Subtype(DATE, _int_cmp, _identity, _datetime_input(DATE), datetime.date_out),
    TIMESTAMP: Subtype(
        TIMESTAMP, _int_cmp, _identity, _datetime_input(TIMESTAMP), datetime.timestamp_out
    ),
    TIMESTAMPTZ: Subtype(
        TIMESTAMPTZ, _int_cmp, _identity, _datetime_input(TIMESTAMPTZ), datetime.timestamptz_out
    ),
}


def _cmp_by_key(key: Callable[[Any], Any]) -> Cmp:
    def cmp(a: Any, b: Any) -> int:
        ka, kb = key(a), key(b)
        return int(ka > kb) - int(ka < kb)

    return cmp


def _settings_input(t: PgType) -> Callable[[str, int, FormatSettings], Any]:
    """The subtype's input under the session settings (as the binder reads a literal)."""
    if t.category in ("D", "T") and t.oid in (DATE, TIMESTAMP, TIMESTAMPTZ):
        return _datetime_input(t.oid)
    if t.category in ("D", "T"):
        return lambda text, typmod, s: t.input(text, typmod, s)  # type: ignore[call-arg]
    if t.category == "A":
        from engine.types import arrays  # noqa: PLC0415

        return lambda text, typmod, s: arrays.input_with_settings(t, text, s, typmod)
    if t.category == "R" and range_info(t.oid) is not None:
        return lambda text, typmod, s: input_with_settings(t.oid, text, s, typmod)
    if t.category == "R":
        from engine.types import multiranges  # noqa: PLC0415

        return lambda text, typmod, s: multiranges.input_with_settings(t.oid, text, s, typmod)
    return lambda text, typmod, s: t.input(text, typmod)


def subtype_for(t: PgType) -> Subtype:
    """A range subtype from its type descriptor (``t`` is the base type of a domain subtype):
    ordered by the type's btree order, which its sort key follows."""
    builtin = SUBTYPES.get(t.oid)
    if builtin is not None:
        return builtin
    return Subtype(t.oid, _cmp_by_key(t.key), t.key, _settings_input(t), t.output)


@dataclass(frozen=True, slots=True)
class RangeInfo:
    """pg_range's row for a range type, with its subtype's behaviour."""

    oid: int
    name: str
    subtype_oid: int  # rngsubtype (a domain for a range over one)
    multirange_oid: int
    subtype: Subtype
    canonical: str | None  # the canonical function's prosrc (a key of CANONICAL)


def _user_ranges() -> Any:
    from engine import usertypes  # noqa: PLC0415  (ranges defined on the primary)

    return usertypes.current()


def range_info(range_oid: int) -> RangeInfo | None:
    """The range type ``range_oid`` (builtin, or defined on the primary), None if it is not
    a range type."""
    found = BUILTIN_RANGES.get(range_oid)
    if found is None and range_oid >= 16384:
        user = _user_ranges()
        if user is not None:
            return user.range_info(range_oid)  # type: ignore[no-any-return]
    return found


def range_of_multirange(mr_oid: int) -> int:
    """The range type of the multirange type ``mr_oid`` (0 when it is not a multirange)."""
    found = BUILTIN_RANGE_OF.get(mr_oid, 0)
    if not found and mr_oid >= 16384:
        user = _user_ranges()
        if user is not None:
            return user.range_of_multirange(mr_oid)  # type: ignore[no-any-return]
    return found


def _info(range_oid: int) -> RangeInfo:
    info = range_info(range_oid)
    if info is None:
        raise FeatureNotSupported(f"range type with OID {range_oid} is not supported")
    return info


def subtype_of(range_oid: int) -> Subtype:
    return _info(range_oid).subtype


def multirange_of(range_oid: int) -> int:
    return _info(range_oid).multirange_oid


# --- bound algebra ----------------------------------------------------------------------------


def bounds(r: RangeValue) -> tuple[Bound, Bound]:
    """range_deserialize (the empty flag is ``r.empty``)."""
    return (
        Bound(r.lower, r.lower is None, r.lower_inc, True),
        Bound(r.upper, r.upper is None, r.upper_inc, False),
    )


def cmp_bound_values(cmp: Cmp, b1: Bound, b2: Bound) -> int:
    """range_cmp_bound_values: compare the held values; only infinities look at lower/upper."""
    if b1.infinite and b2.infinite:
        return 0 if b1.lower == b2.lower else (-1 if b1.lower else 1)
    if b1.infinite:
        return -1 if b1.lower else 1
    if b2.infinite:
        return 1 if b2.lower else -1
    return cmp(b1.val, b2.val)


def cmp_bounds(cmp: Cmp, b1: Bound, b2: Bound) -> int:
    """range_cmp_bounds: an exclusive lower bound sits just above its value, an exclusive upper
    bound just below it."""
    result = cmp_bound_values(cmp, b1, b2)
    if result != 0 or b1.infinite or b2.infinite:
        return result
    if not b1.inclusive and not b2.inclusive:
        return 0 if b1.lower == b2.lower else (1 if b1.lower else -1)
    if not b1.inclusive:
        return 1 if b1.lower else -1
    if not b2.inclusive:
        return -1 if b2.lower else 1
    return 0


def _serialize(range_oid: int, lower: Bound, upper: Bound, empty: bool) -> RangeValue:
    """range_serialize: reject lower > upper, detect empty, never keep an inclusive infinity."""
    if empty:
        return empty_range(range_oid)
    c = cmp_bound_values(subtype_of(range_oid).cmp, lower, upper)
    if c > 0:
        raise InvalidTextValue("range lower bound must be less than or equal to range upper bound")
    if c == 0 and not (lower.inclusive and upper.inclusive):
        return empty_range(range_oid)
    return RangeValue(
        range_oid,
        None if lower.infinite else lower.val,
        None if upper.infinite else upper.val,
        lower.inclusive and not lower.infinite,
        upper.inclusive and not upper.infinite,
    )


def empty_range(range_oid: int) -> RangeValue:
    return RangeValue(range_oid, None, None, False, False, True)


def _int_step(r: RangeValue, maximum: int, type_name: str) -> RangeValue:
    """int4range_canonical / int8range_canonical: to ``[)`` form, overflow checked by hand."""
    lower, upper = bounds(r)
    if not lower.infinite and not lower.inclusive:
        if lower.val == maximum:
            raise NumericValueOutOfRange(f"{type_name} out of range")
        lower = Bound(lower.val + 1, False, True, True)
    if not upper.infinite and upper.inclusive:
        if upper.val == maximum:
            raise NumericValueOutOfRange(f"{type_name} out of range")
        upper = Bound(upper.val + 1, False, False, False)
    return _serialize(r.range_oid, lower, upper, False)


def _date_step(r: RangeValue) -> RangeValue:
    """daterange_canonical: ±infinity dates are left alone."""
    lower, upper = bounds(r)
    finite = (datetime.DATEVAL_NOBEGIN, datetime.DATEVAL_NOEND)
    if not lower.infinite and lower.val not in finite and not lower.inclusive:
        if not datetime.is_valid_date(lower.val + 1):
            raise DatetimeFieldOverflow("date out of range")
        lower = Bound(lower.val + 1, False, True, True)
    if not upper.infinite and upper.val not in finite and upper.inclusive:
        if not datetime.is_valid_date(upper.val + 1):
            raise DatetimeFieldOverflow("date out of range")
        upper = Bound(upper.val + 1, False, False, False)
    return _serialize(r.range_oid, lower, upper, False)


CANONICAL: dict[str, Callable[[RangeValue], RangeValue]] = {
    "int4range_canonical": lambda r: _int_step(r, INT32_MAX, "integer"),
    "int8range_canonical": lambda r: _int_step(r, INT64_MAX, "bigint"),
    "daterange_canonical": _date_step,
}


def canonicalize(r: RangeValue) -> RangeValue:
    """The range type's canonical function (pg_range.rngcanonical), if it has one."""
    name = _info(r.range_oid).canonical
    if name is None or r.empty:
        return r
    return CANONICAL[name](r)


def make_range(range_oid: int, lower: Bound, upper: Bound, empty: bool = False) -> RangeValue:
    """make_range: serialize, then canonicalise non-empty discrete ranges."""
    return canonicalize(_serialize(range_oid, lower, upper, empty))


def is_discrete(range_oid: int) -> bool:
    return _info(range_oid).canonical is not None


def bounds_adjacent(range_oid: int, a: Bound, b: Bound) -> bool:
    """bounds_adjacent(upper A, lower B): nothing lies between them, nothing in both."""
    c = cmp_bound_values(subtype_of(range_oid).cmp, a, b)
    if c < 0:
        if not is_discrete(range_oid):
            return False
        lo = Bound(a.val, a.infinite, not a.inclusive, True)
        up = Bound(b.val, b.infinite, not b.inclusive, False)
        return make_range(range_oid, lo, up).empty
    if c == 0:
        return a.inclusive != b.inclusive
    return False


# --- range algebra (the *_internal functions of rangetypes.c) -----------------------------------


def _cmp_of(r: RangeValue) -> Cmp:
    return subtype_of(r.range_oid).cmp


def contains_elem(r: RangeValue, val: Any) -> bool:
    """range_contains_elem_internal."""
    if r.empty:
        return False
    cmp = _cmp_of(r)
    if r.lower is not None:
        c = cmp(r.lower, val)
        if c > 0 or (c == 0 and not r.lower_inc):
            return False
    if r.upper is not None:
        c = cmp(r.upper, val)
        if c < 0 or (c == 0 and not r.upper_inc):
            return False
    return True


def contains(r1: RangeValue, r2: RangeValue) -> bool:
    """range_contains_internal: every range contains the empty range."""
    if r2.empty:
        return True
    if r1.empty:
        return False
    cmp, (l1, u1), (l2, u2) = _cmp_of(r1), bounds(r1), bounds(r2)
    return cmp_bounds(cmp, l1, l2) <= 0 and cmp_bounds(cmp, u1, u2) >= 0


def before(r1: RangeValue, r2: RangeValue) -> bool:
    """range_before_internal (<<): an empty range is neither before nor after anything."""
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(_cmp_of(r1), bounds(r1)[1], bounds(r2)[0]) < 0


def after(r1: RangeValue, r2: RangeValue) -> bool:
    """range_after_internal (>>)."""
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(_cmp_of(r1), bounds(r1)[0], bounds(r2)[1]) > 0


def overleft(r1: RangeValue, r2: RangeValue) -> bool:
    """range_overleft_internal (&<): r1 does not extend to the right of r2."""
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(_cmp_of(r1), bounds(r1)[1], bounds(r2)[1]) <= 0


def overright(r1: RangeValue, r2: RangeValue) -> bool:
    """range_overright_internal (&>): r1 does not extend to the left of r2."""
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(_cmp_of(r1), bounds(r1)[0], bounds(r2)[0]) >= 0


def adjacent(r1: RangeValue, r2: RangeValue) -> bool:
    """range_adjacent_internal (-|-)."""
    if r1.empty or r2.empty:
        return False
    (l1, u1), (l2, u2) = bounds(r1), bounds(r2)
    return bounds_adjacent(r1.range_oid, u1, l2) or bounds_adjacent(r1.range_oid, u2, l1)


def overlaps(r1: RangeValue, r2: RangeValue) -> bool:
    """range_overlaps_internal (&&): an empty range overlaps nothing."""
    if r1.empty or r2.empty:
        return False
    cmp, (l1, u1), (l2, u2) = _cmp_of(r1), bounds(r1), bounds(r2)
    if cmp_bounds(cmp, l1, l2) >= 0 and cmp_bounds(cmp, l1, u2) <= 0:
        return True
    return cmp_bounds(cmp, l2, l1) >= 0 and cmp_bounds(cmp, l2, u1) <= 0


def union(r1: RangeValue, r2: RangeValue, strict: bool) -> RangeValue:
    """range_union_internal; ``strict`` (the + operator) refuses a gap between the inputs."""
    if r1.empty:
        return r2
    if r2.empty:
        return r1
    if strict and not overlaps(r1, r2) and not adjacent(r1, r2):
        raise InvalidTextValue("result of range union would not be contiguous")
    cmp, (l1, u1), (l2, u2) = _cmp_of(r1), bounds(r1), bounds(r2)
    lower = l1 if cmp_bounds(cmp, l1, l2) < 0 else l2
    upper = u1 if cmp_bounds(cmp, u1, u2) > 0 else u2
    return make_range(r1.range_oid, lower, upper)


def intersect(r1: RangeValue, r2: RangeValue) -> RangeValue:
    """range_intersect_internal (*)."""
    if r1.empty or r2.empty or not overlaps(r1, r2):
        return empty_range(r1.range_oid)
    cmp, (l1, u1), (l2, u2) = _cmp_of(r1), bounds(r1), bounds(r2)
    lower = l1 if cmp_bounds(cmp, l1, l2) >= 0 else l2
    upper = u1 if cmp_bounds(cmp, u1, u2) <= 0 else u2
    return make_range(r1.range_oid, lower, upper)


def minus(r1: RangeValue, r2: RangeValue) -> RangeValue:
    """range_minus_internal (-): an error when r2 splits r1 in two."""
    if r1.empty or r2.empty:
        return r1
    cmp, (l1, u1), (l2, u2) = _cmp_of(r1), bounds(r1), bounds(r2)
    c_l1l2, c_l1u2 = cmp_bounds(cmp, l1, l2), cmp_bounds(cmp, l1, u2)
    c_u1l2, c_u1u2 = cmp_bounds(cmp, u1, l2), cmp_bounds(cmp, u1, u2)
    if c_l1l2 < 0 and c_u1u2 > 0:
        raise InvalidTextValue("result of range difference would not be contiguous")
    if c_l1u2 > 0 or c_u1l2 < 0:
        return r1
    if c_l1l2 >= 0 and c_u1u2 <= 0:
        return empty_range(r1.range_oid)
    if c_l1l2 <= 0 and c_u1l2 >= 0 and c_u1u2 <= 0:
        return make_range(r1.range_oid, l1, Bound(l2.val, l2.infinite, not l2.inclusive, False))
    if c_l1l2 >= 0 and c_u1u2 >= 0 and c_l1u2 <= 0:
        return make_range(r1.range_oid, Bound(u2.val, u2.infinite, not u2.inclusive, True), u1)
    raise AssertionError("unexpected case in range_minus")


def split(r1: RangeValue, r2: RangeValue) -> tuple[RangeValue, RangeValue] | None:
    """range_split_internal: the two pieces of r1 - r2 when r2 bites out its middle."""
    cmp, (l1, u1), (l2, u2) = _cmp_of(r1), bounds(r1), bounds(r2)
    if cmp_bounds(cmp, l1, l2) < 0 and cmp_bounds(cmp, u1, u2) > 0:
        left = make_range(r1.range_oid, l1, Bound(l2.val, l2.infinite, not l2.inclusive, False))
        right = make_range(r1.range_oid, Bound(u2.val, u2.infinite, not u2.inclusive, True), u1)
        return left, right
    return None


# --- text input -------------------------------------------------------------------------------


def _malformed(text: str, detail: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation(f'malformed range literal: "{text}"', detail=detail)


def _skip_space(text: str, p: int) -> int:
    while p < len(text) and text[p] in _C_SPACE:
        p += 1
    return p


def _parse_bound(text: str, p: int) -> tuple[str | None, int]:
    """range_parse_bound: de-quote one bound; None when it is empty (infinite)."""
    n = len(text)
    if p < n and text[p] in ",)]":
        return None, p
    out: list[str] = []
    inquote = False
    while True:
        if p >= n:
            raise _malformed(text, "Unexpected end of input.")
        ch = text[p]
        if not inquote and ch in ",)]":
            return "".join(out), p
        p += 1
        if ch == "\\":
            if p >= n:
                raise _malformed(text, "Unexpected end of input.")
            out.append(text[p])
            p += 1
        elif ch == '"':
            if not inquote:
                inquote = True
            elif p < n and text[p] == '"':
                out.append('"')
                p += 1
            else:
                inquote = False
        else:
            out.append(ch)


def parse_range_text(text: str) -> tuple[bool, str | None, str | None, bool, bool]:
    """range_parse: (empty, lower text, upper text, lower inclusive, upper inclusive); a None
    bound text means an infinite bound."""
    p = _skip_space(text, 0)
    if text[p : p + len(_EMPTY)].lower() == _EMPTY:
        if _skip_space(text, p + len(_EMPTY)) != len(text):
            raise _malformed(text, 'Junk after "empty" key word.')
        return True, None, None, False, False
    if p < len(text) and text[p] in "[(":
        lower_inc = text[p] == "["
        p += 1
    else:
        raise _malformed(text, "Missing left parenthesis or bracket.")
    lo, p = _parse_bound(text, p)
    if p < len(text) and text[p] == ",":
        p += 1
    else:
        raise _malformed(text, "Missing comma after lower bound.")
    up, p = _parse_bound(text, p)
    if text[p] in "])":
        upper_inc = text[p] == "]"
        p += 1
    else:
        raise _malformed(text, "Too many commas.")
    if _skip_space(text, p) != len(text):
        raise _malformed(text, "Junk after right parenthesis or bracket.")
    return False, lo, up, lower_inc, upper_inc


def input_with_settings(
    range_oid: int, text: str, settings: FormatSettings, typmod: int = -1
) -> RangeValue:
    """range_in under the session settings (date/time bounds read DateStyle and TimeZone)."""
    empty, lo, up, lower_inc, upper_inc = parse_range_text(text)
    if empty:
        return empty_range(range_oid)
    read = subtype_of(range_oid).input
    lower = Bound(None if lo is None else read(lo, typmod, settings), lo is None, lower_inc, True)
    upper = Bound(None if up is None else read(up, typmod, settings), up is None, upper_inc, False)
    return make_range(range_oid, lower, upper)


# --- text output ------------------------------------------------------------------------------

_NEEDS_QUOTES = frozenset('"\\()[],') | frozenset(_C_SPACE)


def _escape_bound(value: str) -> str:
    """range_bound_escape: quote empty strings and anything with specials or whitespace."""
    quoted = value == "" or any(ch in _NEEDS_QUOTES for ch in value)
    body = value.replace("\\", "\\\\").replace('"', '""')
    return f'"{body}"' if quoted else body


def range_out(r: RangeValue, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    """range_out / range_deparse."""
    if r.empty:
        return _EMPTY
    out = subtype_of(r.range_oid).output
    lo = "" if r.lower is None else _escape_bound(out(r.lower, settings))
    up = "" if r.upper is None else _escape_bound(out(r.upper, settings))
    return f"{'[' if r.lower_inc else '('}{lo},{up}{']' if r.upper_inc else ')'}"


# --- ordering ---------------------------------------------------------------------------------


def range_key(r: RangeValue) -> tuple[Any, ...]:
    """Sort/group key consistent with range_cmp: empty first, then the lower bound (-inf first,
    an exclusive bound just after its value), then the upper bound (+inf last, an exclusive
    bound just before its value)."""
    if r.empty:
        return (0,)
    key = subtype_of(r.range_oid).key
    lo = (-1,) if r.lower is None else (0, key(r.lower), 0 if r.lower_inc else 1)
    up = (1,) if r.upper is None else (0, key(r.upper), 0 if r.upper_inc else -1)
    return (1, lo, up)


def range_cmp(a: RangeValue, b: RangeValue) -> int:
    """range_cmp through the key (the two always agree)."""
    ka, kb = range_key(a), range_key(b)
    return (ka > kb) - (ka < kb)


# --- type descriptors -------------------------------------------------------------------------


def range_type(oid: int, name: str) -> PgType:
    def read(text: str, typmod: int = -1) -> RangeValue:
        return input_with_settings(oid, text, DEFAULT_SETTINGS, typmod)

    return PgType(oid, name, -1, "R", False, read, range_out, range_key)


TYPES: tuple[PgType, ...] = tuple(range_type(oid, TYPE_NAMES[oid]) for oid in RANGE_ELEMENT)
BUILTIN_RANGES: dict[int, RangeInfo] = {
    oid: RangeInfo(oid, TYPE_NAMES[oid], sub, MULTIRANGE_OF[oid], SUBTYPES[sub],
                   RANGE_CANONICAL.get(oid))
    for oid, sub in RANGE_ELEMENT.items()
}
BUILTIN_RANGE_OF: dict[int, int] = {mr: r for r, mr in MULTIRANGE_OF.items()}
