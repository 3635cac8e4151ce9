"""generate_series over integers and numeric (int.c, int8.c, numeric.c generate_series_*).
Keyed by pg_proc.prosrc. Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from engine.errors import InvalidParameterValue, NumericValueOutOfRange
from engine.types import numeric as N


def _int_series(start: int, stop: int, step: int = 1) -> Iterator[int]:
    if step == 0:
        raise InvalidParameterValue("step size cannot equal zero")
    value = start
    while (step > 0 and value <= stop) or (step < 0 and value >= stop):
        yield value
        value += step


def _numeric_series(start: Decimal, stop: Decimal, step: Decimal = Decimal(1)) -> Iterator[Any]:
    for name, v in (("start", start), ("stop", stop), ("step size", step)):
        if v.is_nan():
            raise InvalidParameterValue(f"{name} value cannot be NaN")
        if v.is_infinite() and name != "stop":
            raise InvalidParameterValue(f"{name} value cannot be infinity")
    if step == 0:
        raise InvalidParameterValue("step size cannot equal zero")
    if stop.is_infinite():
        raise InvalidParameterValue("stop value cannot be infinity")
    value = start
    while (step > 0 and value <= stop) or (step < 0 and value >= stop):
        yield value
        try:
            value = N.numeric_add(value, step)  # exact: Decimal's own + rounds to 28 digits
        except NumericValueOutOfRange:
            return  # past the largest numeric, hence past stop (PG's NumericVar has room)


SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "generate_series_int4": _int_series,
    "generate_series_step_int4": _int_series,
    "generate_series_int8": _int_series,
    "generate_series_step_int8": _int_series,
    "generate_series_numeric": _numeric_series,
    "generate_series_step_numeric": _numeric_series,
}
