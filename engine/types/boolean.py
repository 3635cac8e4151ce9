"""bool: text input (PG's parse_bool_with_len), output ``t``/``f``, comparison.

Follows src/backend/utils/adt/bool.c. Must not import anything from the engine beyond
``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from engine.errors import InvalidTextRepresentation
from engine.types.settings import FormatSettings

BOOL = 16
_WS = " \t\n\r\f\v"


def parse_bool(value: str) -> bool | None:
    """parse_bool_with_len: any prefix of true/false/yes/no, on/off (2+ chars), 1/0."""
    n = len(value)
    if n == 0:
        return None
    low = value.lower()
    c = low[0]
    if c == "t" and "true".startswith(low):
        return True
    if c == "f" and "false".startswith(low):
        return False
    if c == "y" and "yes".startswith(low):
        return True
    if c == "n" and "no".startswith(low):
        return False
    if c == "o" and n >= 2:
        if "on".startswith(low):
            return True
        if "off".startswith(low):
            return False
    if low == "1":
        return True
    if low == "0":
        return False
    return None


def boolin(text: str, typmod: int = -1) -> bool:
    result = parse_bool(text.strip(_WS))
    if result is None:
        raise InvalidTextRepresentation(f'invalid input syntax for type boolean: "{text}"')
    return result


def boolout(value: bool, settings: FormatSettings) -> str:
    return "t" if value else "f"


def _cmp(name: str, fn: Callable[[bool, bool], bool]) -> Callable[[bool, bool], bool]:
    def impl(a: bool, b: bool) -> bool:
        return fn(a, b)

    impl.__name__ = impl.__qualname__ = name
    return impl


booleq = _cmp("booleq", operator.eq)
boolne = _cmp("boolne", operator.ne)
boollt = _cmp("boollt", operator.lt)
boolle = _cmp("boolle", operator.le)
boolgt = _cmp("boolgt", operator.gt)
boolge = _cmp("boolge", operator.ge)

OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {
    (sym, BOOL, BOOL): (BOOL, fn)
    for sym, fn in (
        ("=", booleq),
        ("<>", boolne),
        ("<", boollt),
        ("<=", boolle),
        (">", boolgt),
        (">=", boolge),
    )
}
FUNCTIONS: dict[str, Callable[..., object]] = {f.__name__: f for _, f in OPERATOR_ENTRIES.values()}
