"""Comparisons between date, timestamp and timestamptz (date.c / timestamp.c cross-type
operators such as date_lt_timestamptz): the narrower value is promoted, a timestamptz side
making the comparison happen in the session time zone. Keyed by pg_proc.prosrc.
Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.types.datetime import DATE, TIMESTAMP, TIMESTAMPTZ, cross_compare

_TYPES = {"date": DATE, "timestamp": TIMESTAMP, "timestamptz": TIMESTAMPTZ}
_TESTS: dict[str, Callable[[int], Any]] = {
    "lt": lambda c: c < 0, "le": lambda c: c <= 0, "eq": lambda c: c == 0,
    "ne": lambda c: c != 0, "ge": lambda c: c >= 0, "gt": lambda c: c > 0, "cmp": lambda c: c,
}


def _make(left: int, right: int, test: Callable[[int], Any]) -> Callable[..., Any]:
    def compare(ctx: Any, a: int, b: int) -> Any:
        return test(cross_compare(a, left, b, right, ctx.settings))

    return compare


CONTEXT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f"{ln}_{op}_{rn}": _make(lo, ro, test)
    for ln, lo in _TYPES.items() for rn, ro in _TYPES.items() if ln != rn
    for op, test in _TESTS.items()
}
