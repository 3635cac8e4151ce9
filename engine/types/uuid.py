"""uuid: text input (string_to_uuid), canonical lower-case output, comparison (memcmp order).

Follows src/backend/utils/adt/uuid.c. Values are the canonical 8-4-4-4-12 lower-case string,
whose str order equals PG's byte order. Must not import anything from the engine beyond
``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from engine.errors import InvalidTextRepresentation
from engine.types.settings import FormatSettings

UUID, BOOL = 2950, 16
_HEX = frozenset("0123456789abcdefABCDEF")


def uuid_in(text: str, typmod: int = -1) -> str:
    """Braces optional; a hyphen may follow any group of four hex digits (PG's rule)."""
    err = InvalidTextRepresentation(f'invalid input syntax for type uuid: "{text}"')
    i, n = 0, len(text)
    braces = n > 0 and text[0] == "{"
    if braces:
        i = 1
    out = []
    for byte in range(16):
        if i + 1 >= n or text[i] not in _HEX or text[i + 1] not in _HEX:
            raise err
        out.append(text[i : i + 2].lower())
        i += 2
        if i < n and text[i] == "-" and byte % 2 == 1 and byte < 15:
            i += 1
    if braces:
        if i >= n or text[i] != "}":
            raise err
        i += 1
    if i != n:
        raise err
    h = "".join(out)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uuid_out(value: str, settings: FormatSettings) -> str:
    return value


def _cmp(name: str, fn: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
    def impl(a: str, b: str) -> bool:
        return fn(a, b)

    impl.__name__ = impl.__qualname__ = name
    return impl


OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {
    (sym, UUID, UUID): (BOOL, _cmp(name, fn))
    for sym, name, fn in (
        ("=", "uuid_eq", operator.eq),
        ("<>", "uuid_ne", operator.ne),
        ("<", "uuid_lt", operator.lt),
        ("<=", "uuid_le", operator.le),
        (">", "uuid_gt", operator.gt),
        (">=", "uuid_ge", operator.ge),
    )
}
FUNCTIONS: dict[str, Callable[..., object]] = {f.__name__: f for _, f in OPERATOR_ENTRIES.values()}
