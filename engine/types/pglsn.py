"""pg_lsn: a WAL position. Value: ``int``. Follows src/backend/utils/adt/pg_lsn.c: input is
two hex numbers of at most 8 digits each separated by ``/``; output is ``%X/%X``.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from engine.errors import InvalidTextRepresentation
from engine.types.settings import FormatSettings

PG_LSN, BOOL = 3220, 16
_HEX = frozenset("0123456789abcdefABCDEF")


def pg_lsn_in(text: str, typmod: int = -1) -> int:
    hi, sep, lo = text.partition("/")
    if not (sep and 0 < len(hi) <= 8 and 0 < len(lo) <= 8 and set(hi + lo) <= _HEX):
        raise InvalidTextRepresentation(f'invalid input syntax for type pg_lsn: "{text}"')
    return (int(hi, 16) << 32) | int(lo, 16)


def pg_lsn_out(value: int, settings: FormatSettings) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


def _cmp(fn: Callable[[int, int], bool]) -> Callable[[int, int], bool]:
    return lambda a, b: fn(a, b)


OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {
    (sym, PG_LSN, PG_LSN): (BOOL, _cmp(fn))
    for sym, fn in (("=", operator.eq), ("<>", operator.ne), ("<", operator.lt),
                    ("<=", operator.le), (">", operator.gt), (">=", operator.ge))
}
FUNCTIONS: dict[str, Callable[..., object]] = {}
