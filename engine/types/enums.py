"""Enum types (enum.c): values are ``EnumValue``s carrying their sort order, so comparison
functions (enum_lt, enum_cmp, ...) need no catalog lookup. The types themselves come from the
primary (``engine.usertypes``). Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.errors import EngineError
from engine.types.base import PgType
from engine.types.settings import FormatSettings

if TYPE_CHECKING:
    from engine.usertypes import EnumSpec


@dataclass(frozen=True, slots=True)
class EnumValue:
    type_oid: int
    label: str
    sortorder: float


def enum_type(spec: EnumSpec) -> PgType:
    by_label = {label: EnumValue(spec.oid, label, order)
                for label, order in zip(spec.labels, spec.sortorders, strict=True)}

    def enum_in(text: str, typmod: int = -1) -> EnumValue:
        value = by_label.get(text)
        if value is None:
            raise EngineError(f'invalid input value for enum {spec.name}: "{text}"',
                              sqlstate="22P02")
        return value

    def enum_out(value: EnumValue, settings: FormatSettings) -> str:
        return value.label

    def key(value: EnumValue) -> float:
        return value.sortorder

    return PgType(spec.oid, spec.name, 4, "E", False, enum_in, enum_out, key)


def _cmp(fn: Callable[[float, float], bool]) -> Callable[[EnumValue, EnumValue], bool]:
    return lambda a, b: fn(a.sortorder, b.sortorder)


def _enum_cmp(a: EnumValue, b: EnumValue) -> int:
    return (a.sortorder > b.sortorder) - (a.sortorder < b.sortorder)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "enum_eq": _cmp(lambda a, b: a == b),
    "enum_ne": _cmp(lambda a, b: a != b),
    "enum_lt": _cmp(lambda a, b: a < b),
    "enum_le": _cmp(lambda a, b: a <= b),
    "enum_gt": _cmp(lambda a, b: a > b),
    "enum_ge": _cmp(lambda a, b: a >= b),
    "enum_cmp": _enum_cmp,
    "enum_larger": lambda a, b: a if a.sortorder >= b.sortorder else b,
    "enum_smaller": lambda a, b: a if a.sortorder <= b.sortorder else b,
}

def enum_values(spec: EnumSpec) -> list[EnumValue]:
    """The type's values in sort order (enum_range's order)."""
    pairs = sorted(zip(spec.sortorders, spec.labels, strict=True))
    return [EnumValue(spec.oid, label, order) for order, label in pairs]


# min/max(anyenum): strict transition functions whose state starts as the first input
AGG_TRANSITIONS: dict[str, Callable[..., Any]] = {
    "enum_larger": FUNCTIONS["enum_larger"],
    "enum_smaller": FUNCTIONS["enum_smaller"],
}
