"""jsonpath item methods (.type() .size() .abs() .floor() .ceiling() .double() .keyvalue()
.bigint() .boolean() .decimal() .integer() .number() .string() and the datetime family
.datetime() .date() .time() .time_tz() .timestamp() .timestamp_tz()) and the execution context.

Follows the method cases of executeItemOptUnwrapTarget, executeNumericItemMethod,
executeDateTimeMethod and executeKeyValueMethod in src/backend/utils/adt/jsonpath_exec.c
(PostgreSQL 18), with the conversions of numeric.c, int8.c, float.c and bool.c through the
engine's type modules; datetime parsing, conversion, printing and comparison are in
jsonpath_datetime.py. ``.keyvalue()`` on a container whose "id" (its byte offset inside the jsonb
binary image) would have to be computed is refused (0A000).

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.functions import jsonpath_datetime as dtm
from engine.functions.jsonpath_datetime import JpDatetime
from engine.functions.math import numeric_abs, numeric_ceil, numeric_floor
from engine.types.boolean import parse_bool
from engine.types.floats import float8in
from engine.types.integer import int4in, int8in
from engine.types.jsonb import JSON_NULL
from engine.types.jsonpath_ast import JpItem
from engine.types.jsonpath_parse import compile_like_regex
from engine.types.numeric import (
    float_to_numeric,
    int_to_numeric,
    make_typmod,
    numeric_in,
    numeric_out,
    round_to_scale,
)


class Suppressed(Exception):
    """PostgreSQL's jperError: an SQL/JSON error swallowed because errors are not thrown."""


@dataclass(slots=True)
class Ctx:
    """JsonPathExecContext."""

    lax: bool
    root: Any
    vars: Any
    throw: bool
    use_tz: bool
    settings: Any
    generated_id: int
    current: Any = None
    ignore_structural: bool = False
    innermost_size: int = -1
    base: tuple[Any, int] = field(default=(None, 0))

    def __post_init__(self) -> None:
        self.current = self.root
        self.ignore_structural = self.lax

    def fail(self, err: EngineError) -> NoReturn:
        """RETURN_ERROR."""
        if self.throw:
            raise err
        raise Suppressed


def _err(sqlstate: str, message: str) -> EngineError:
    return EngineError(message, sqlstate=sqlstate)


def jtype(v: Any) -> str:
    """JsonbTypeName of an item."""
    if isinstance(v, dict):
        return "object"
    if isinstance(v, list):
        return "array"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "boolean"
    if v is JSON_NULL:
        return "null"
    if isinstance(v, Decimal):
        return "number"
    if isinstance(v, JpDatetime):
        return dtm.type_name(v)
    raise AssertionError(v)


def to_jsonb_node(v: Any) -> Any:
    """A found item as a jsonb tree node: a datetime becomes its ISO 8601 JSON string."""
    return dtm.encode(v) if isinstance(v, JpDatetime) else v


def compare_datetime(cx: Ctx, a: JpDatetime, b: JpDatetime) -> int | None:
    """compareDatetime: None when the types are not comparable (the predicate is unknown)."""
    return dtm.compare(a, b, cx.use_tz, cx.settings)


def like_regex_match(pred: JpItem, text: str) -> bool:
    """executeLikeRegex: an unanchored search."""
    pattern, bits = pred.value
    prog: Any = compile_like_regex(pattern, bits)
    from engine.functions import regex as regex_mod

    return regex_mod._search(prog, text, 0, 0) is not None


# late-bound from jsonpath_exec (it imports this module)
_execute_next: Callable[..., bool]
_unwrap_target_array: Callable[..., bool]


def bind(execute_next: Callable[..., bool], unwrap_target_array: Callable[..., bool]) -> None:
    global _execute_next, _unwrap_target_array
    _execute_next = execute_next
    _unwrap_target_array = unwrap_target_array


_NAMES = {"string_func": "string"}


def _name(it: JpItem) -> str:
    return _NAMES.get(it.kind, it.kind)


def _nonnumeric(message: str) -> EngineError:
    return _err("22036", message)


def _invalid_arg(arg: str, it: JpItem, typname: str) -> EngineError:
    return _nonnumeric(f'argument "{arg}" of jsonpath item method .{_name(it)}() is invalid '
                       f"for type {typname}")


def _next(cx: Ctx, it: JpItem, v: Any, found: list[Any] | None) -> bool:
    return _execute_next(cx, it, None, v, found)


def execute_method(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None, unwrap: bool) -> bool:
    k = it.kind
    if k == "type":
        return _next(cx, it, jtype(jb), found)
    if k == "size":
        return _size(cx, it, jb, found)
    if k in _DATETIME_METHODS:
        if unwrap and isinstance(jb, list):
            return _unwrap_target_array(cx, it, jb, found, False)
        return _datetime(cx, it, jb, found)
    if unwrap and isinstance(jb, list):
        return _unwrap_target_array(cx, it, jb, found, False)
    handler = _METHODS[k]
    return handler(cx, it, jb, found)


def _size(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    if isinstance(jb, list):
        size = len(jb)
    elif not cx.lax:
        if not cx.ignore_structural:
            cx.fail(_err("22039", "jsonpath item method .size() can only be applied to an array"))
        return False
    else:
        size = 1
    return _next(cx, it, int_to_numeric(size), found)


def _numeric_method(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    """executeNumericItemMethod: .abs() .floor() .ceiling()."""
    if not isinstance(jb, Decimal) or isinstance(jb, bool):
        cx.fail(_nonnumeric(f"jsonpath item method .{_name(it)}() can only be applied to a "
                            "numeric value"))
    fn = {"abs": numeric_abs, "floor": numeric_floor, "ceiling": numeric_ceil}[it.kind]
    res = fn(jb)
    if it.next is None and found is None:
        return True
    return _next(cx, it, res, found)


def _float8(cx: Ctx, it: JpItem, text: str) -> float:
    try:
        val = float8in(text)
    except EngineError:
        cx.fail(_invalid_arg(text, it, "double precision"))
    if math.isinf(val) or math.isnan(val):
        cx.fail(_nonnumeric(f"NaN or Infinity is not allowed for jsonpath item method "
                            f".{_name(it)}()"))
    return val


def _double(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    if isinstance(jb, Decimal):
        _float8(cx, it, numeric_out(jb))
        return _next(cx, it, jb, found)
    if isinstance(jb, str):
        return _next(cx, it, float_to_numeric(_float8(cx, it, jb)), found)
    cx.fail(_nonnumeric(f"jsonpath item method .{_name(it)}() can only be applied to a string "
                        "or numeric value"))


def _numeric_to_int(d: Decimal, bits: int) -> int | None:
    if not d.is_finite():
        return None
    v = int(round_to_scale(d, 0))
    lim = 2 ** (bits - 1)
    return v if -lim <= v < lim else None


def _integer(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    """.bigint() / .integer()."""
    bits, typname, parse = (64, "bigint", int8in) if it.kind == "bigint" \
        else (32, "integer", int4in)
    if isinstance(jb, Decimal):
        val = _numeric_to_int(jb, bits)
        if val is None:
            cx.fail(_invalid_arg(numeric_out(jb), it, typname))
    elif isinstance(jb, str):
        try:
            val = parse(jb)
        except EngineError:
            cx.fail(_invalid_arg(jb, it, typname))
    else:
        cx.fail(_nonnumeric(f"jsonpath item method .{_name(it)}() can only be applied to a "
                            "string or numeric value"))
    return _next(cx, it, int_to_numeric(val), found)


def _boolean(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    if isinstance(jb, bool):
        val = jb
    elif isinstance(jb, Decimal):
        text = numeric_out(jb)
        try:
            val = int4in(text) != 0
        except EngineError:
            cx.fail(_invalid_arg(text, it, "boolean"))
    elif isinstance(jb, str):
        parsed = parse_bool(jb)
        if parsed is None:
            cx.fail(_invalid_arg(jb, it, "boolean"))
        val = parsed
    else:
        cx.fail(_nonnumeric(f"jsonpath item method .{_name(it)}() can only be applied to a "
                            "boolean, string, or numeric value"))
    return _next(cx, it, val, found)


def _number(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    """.number() / .decimal([precision[, scale]])."""
    nan_msg = f"NaN or Infinity is not allowed for jsonpath item method .{_name(it)}()"
    if isinstance(jb, Decimal):
        num = jb
        if not num.is_finite():
            cx.fail(_nonnumeric(nan_msg))
        numstr = numeric_out(num)
    elif isinstance(jb, str):
        numstr = jb
        try:
            num = numeric_in(jb)
        except EngineError:
            cx.fail(_invalid_arg(jb, it, "numeric"))
        if not num.is_finite():
            cx.fail(_nonnumeric(nan_msg))
    else:
        cx.fail(_nonnumeric(f"jsonpath item method .{_name(it)}() can only be applied to a "
                            "string or numeric value"))
    if it.kind == "decimal" and it.left is not None:
        num = _apply_decimal_typmod(cx, it, numstr)
    return _next(cx, it, num, found)


def _apply_decimal_typmod(cx: Ctx, it: JpItem, numstr: str) -> Decimal:
    assert it.left is not None
    precision = _numeric_to_int(it.left.value, 32)
    if precision is None:
        cx.fail(_nonnumeric(f"precision of jsonpath item method .{_name(it)}() is out of range "
                            "for type integer"))
    scale = 0
    if it.right is not None:
        s = _numeric_to_int(it.right.value, 32)
        if s is None:
            cx.fail(_nonnumeric(f"scale of jsonpath item method .{_name(it)}() is out of range "
                                "for type integer"))
        scale = s
    # numerictypmodin's checks: suppressed like the others in silent mode (observed on PG 18)
    if not 1 <= precision <= 1000:
        cx.fail(InvalidParameterValue(f"NUMERIC precision {precision} must be between 1 and 1000"))
    if not -1000 <= scale <= 1000:
        cx.fail(InvalidParameterValue(f"NUMERIC scale {scale} must be between -1000 and 1000"))
    try:
        return numeric_in(numstr, make_typmod(precision, scale))
    except EngineError:
        cx.fail(_invalid_arg(numstr, it, "numeric"))


def _string(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    if isinstance(jb, str):
        text = jb
    elif isinstance(jb, bool):
        text = "true" if jb else "false"
    elif isinstance(jb, Decimal):
        text = numeric_out(jb)
    elif isinstance(jb, JpDatetime):
        text = dtm.encode(jb)
    else:
        cx.fail(_nonnumeric(f"jsonpath item method .{_name(it)}() can only be applied to a "
                            "boolean, string, numeric, or datetime value"))
    return _next(cx, it, text, found)


_DATETIME_METHODS = ("datetime", "date", "time", "time_tz", "timestamp", "timestamp_tz")


def _datetime(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    """executeDateTimeMethod."""
    k = it.kind
    if not isinstance(jb, str):
        cx.fail(dtm.DatetimeMethodError(f"jsonpath item method .{k}() can only be applied to a "
                                        "string"))
    if k == "datetime" and it.left is not None:
        nodes = dtm.std_format(it.left.value)  # a bad template is thrown even when silent
        try:
            dt = dtm.parse_datetime(jb, nodes, cx.settings.timezone)
        except FeatureNotSupported:
            raise
        except EngineError as err:
            cx.fail(err)
        precision = -1
    else:
        precision = _time_precision(cx, it)
        parsed = dtm.parse_iso(jb, cx.settings.timezone)
        if parsed is None:
            if k == "datetime":
                cx.fail(dtm.DatetimeMethodError(
                    f'datetime format is not recognized: "{jb}"',
                    hint="Use a datetime template argument to specify the input data format."))
            cx.fail(dtm.DatetimeMethodError(f'{k} format is not recognized: "{jb}"'))
        dt = parsed
    try:
        dt = dtm.convert(k, dt, jb, cx.use_tz, cx.settings, precision)
    except dtm.DatetimeMethodError as err:
        cx.fail(err)
    return _next(cx, it, dt, found)


def _time_precision(cx: Ctx, it: JpItem) -> int:
    """The optional precision of .time() .time_tz() .timestamp() .timestamp_tz()."""
    if it.kind in ("datetime", "date") or it.left is None:
        return -1
    if it.left.kind != "numeric":
        raise FeatureNotSupported(f"jsonpath .{it.kind}() precision of kind {it.left.kind}")
    precision = _numeric_to_int(it.left.value, 32)
    if precision is None:
        cx.fail(dtm.DatetimeMethodError(f"time precision of jsonpath item method .{it.kind}() "
                                        "is out of range for type integer"))
    return precision


def _keyvalue(cx: Ctx, it: JpItem, jb: Any, found: list[Any] | None) -> bool:
    """executeKeyValueMethod."""
    if not isinstance(jb, dict):
        cx.fail(_err("2203C", f"jsonpath item method .{_name(it)}() can only be applied to an "
                              "object"))
    if not jb:
        return False
    base, base_id = cx.base
    if jb is not base:
        raise FeatureNotSupported("jsonpath .keyvalue() of a nested object (its id is a byte "
                                  "offset in the jsonb binary format)")
    obj_id = base_id * 10_000_000_000
    res = False
    for key, value in jb.items():
        res = True
        if it.next is None and found is None:
            break
        obj = {"id": int_to_numeric(obj_id), "key": key, "value": value}
        saved = cx.base
        cx.base = (obj, cx.generated_id)
        cx.generated_id += 1
        try:
            res = _next(cx, it, obj, found)
        finally:
            cx.base = saved
        if res and found is None:
            break
    return res


_METHODS: dict[str, Callable[[Ctx, JpItem, Any, list[Any] | None], bool]] = {
    "abs": _numeric_method, "floor": _numeric_method, "ceiling": _numeric_method,
    "double": _double, "bigint": _integer, "integer": _integer, "boolean": _boolean,
    "number": _number, "decimal": _number, "string_func": _string, "keyvalue": _keyvalue,
}
