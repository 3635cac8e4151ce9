"""text, varchar, bpchar (character(n)) and name: input with typmods, output, comparison, ``||``.

Follows src/backend/utils/adt/{varchar.c,varlena.c,name.c}. Strings compare in code-point order,
which is PostgreSQL's "C" collation for UTF-8 (the only collation supported here); bpchar
comparisons ignore trailing spaces. Must not import anything from the engine beyond
``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from engine.errors import StringDataRightTruncation
from engine.types.settings import FormatSettings

BOOL, NAME, TEXT, BPCHAR, VARCHAR = 16, 19, 25, 1042, 1043
VARHDRSZ = 4
NAMEDATALEN = 64


def textin(text: str, typmod: int = -1) -> str:
    return text


def textout(value: str, settings: FormatSettings) -> str:
    return value


def varchar_apply(value: str, typmod: int, explicit: bool = False) -> str:
    """varchar(n): too long is an error unless the excess is spaces; explicit casts truncate."""
    if typmod < VARHDRSZ:
        return value
    maxlen = typmod - VARHDRSZ
    if len(value) <= maxlen:
        return value
    if not explicit and value[maxlen:].strip(" "):
        raise StringDataRightTruncation(f"value too long for type character varying({maxlen})")
    return value[:maxlen]


def bpchar_apply(value: str, typmod: int, explicit: bool = False) -> str:
    """character(n): as varchar, then blank-padded to n characters."""
    if typmod < VARHDRSZ:
        return value
    maxlen = typmod - VARHDRSZ
    if len(value) > maxlen:
        if not explicit and value[maxlen:].strip(" "):
            raise StringDataRightTruncation(f"value too long for type character({maxlen})")
        return value[:maxlen]
    return value + " " * (maxlen - len(value))


def varcharin(text: str, typmod: int = -1) -> str:
    return varchar_apply(text, typmod)


def bpcharin(text: str, typmod: int = -1) -> str:
    return bpchar_apply(text, typmod)


def namein(text: str, typmod: int = -1) -> str:
    """Truncate to NAMEDATALEN-1 bytes of UTF-8 without splitting a character (pg_mbcliplen)."""
    raw = text.encode("utf-8")
    if len(raw) < NAMEDATALEN:
        return text
    return raw[: NAMEDATALEN - 1].decode("utf-8", errors="ignore")


def bpchar_key(value: str) -> str:
    """bpchar equality and order ignore trailing spaces (bcTruelen)."""
    return value.rstrip(" ")


def text_key(value: str) -> str:
    return value


def textcat(a: str, b: str) -> str:
    return a + b


_OPS: tuple[tuple[str, str, Callable[[str, str], bool]], ...] = (
    ("=", "eq", operator.eq),
    ("<>", "ne", operator.ne),
    ("<", "lt", operator.lt),
    ("<=", "le", operator.le),
    (">", "gt", operator.gt),
    (">=", "ge", operator.ge),
)

FUNCTIONS: dict[str, Callable[..., object]] = {"textcat": textcat}
OPERATOR_ENTRIES: dict[tuple[str, int, int], tuple[int, Callable[..., object]]] = {
    ("||", TEXT, TEXT): (TEXT, textcat),
}


def _make(
    name: str, fn: Callable[[str, str], bool], key: Callable[[str], str]
) -> Callable[[str, str], bool]:
    def impl(a: str, b: str) -> bool:
        return fn(key(a), key(b))

    impl.__name__ = impl.__qualname__ = name
    FUNCTIONS[name] = impl
    return impl


def _register() -> None:
    for sym, suffix, fn in _OPS:
        # PG spells these texteq/textne but text_lt/text_le/…; bpchar and name have no underscore.
        tname = f"text{suffix}" if suffix in ("eq", "ne") else f"text_{suffix}"
        OPERATOR_ENTRIES[(sym, TEXT, TEXT)] = (BOOL, _make(tname, fn, text_key))
        OPERATOR_ENTRIES[(sym, BPCHAR, BPCHAR)] = (BOOL, _make(f"bpchar{suffix}", fn, bpchar_key))
        OPERATOR_ENTRIES[(sym, NAME, NAME)] = (BOOL, _make(f"name{suffix}", fn, text_key))
        OPERATOR_ENTRIES[(sym, NAME, TEXT)] = (BOOL, _make(f"name{suffix}text", fn, text_key))
        OPERATOR_ENTRIES[(sym, TEXT, NAME)] = (BOOL, _make(f"text{suffix}name", fn, text_key))


_register()
