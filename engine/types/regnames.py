"""Name forms of regtype, regproc, regprocedure, regoper and regoperator for builtin objects
(regproc.c): input looks the name up in the generated pg_catalog rows, output prints
format_type / the procedure or operator signature. Objects outside the builtin catalog (and
enums defined on the primary, for regtype) are refused rather than guessed.

DDL does not replicate: a shadow following a primary installs a lookup (``primary_names``)
that reads a name with the primary's own input function (under the session's search_path), so
a function or type the primary defines has its OID, and an error is the primary's. Output of
an OID the engine does not know but the primary may (FirstNormalObjectId and above) is
refused: PostgreSQL prints that object's name.
Must not import ``replica`` or ``wire``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from engine.errors import EngineError, FeatureNotSupported
from engine.types.settings import FormatSettings

_SPACE = " \t\n\v\f\r"
_FIRST_NORMAL_OID = 16384

# (reg* type name, input text) -> the primary's OID for it; raises the primary's error
PrimaryLookup = Callable[[str, str], int]
PRIMARY: ContextVar[PrimaryLookup | None] = ContextVar("pgshadow_reg_primary", default=None)


@contextlib.contextmanager
def primary_names(lookup: PrimaryLookup | None) -> Iterator[None]:
    """Read reg* names with ``lookup`` (the primary's input functions) while it is installed;
    the answers are kept for the statement (a name is asked once)."""
    if lookup is None:
        yield
        return
    seen: dict[tuple[str, str], int] = {}

    def once(type_name: str, text: str) -> int:
        key = (type_name, text)
        if key not in seen:
            seen[key] = lookup(type_name, text)
        return seen[key]

    token = PRIMARY.set(once)
    try:
        yield
    finally:
        PRIMARY.reset(token)


def on_primary(type_name: str, text: str) -> int | None:
    """The primary's OID for a reg* name (its error raised), or None without a primary."""
    lookup = PRIMARY.get()
    return None if lookup is None else lookup(type_name, text)


def _unknown_output(type_name: str, value: int) -> str:
    """regprocout/regtypeout print the number of an OID the catalog lacks; an OID the engine
    does not know at or above FirstNormalObjectId may be an object the primary defines."""
    if value >= _FIRST_NORMAL_OID:
        raise FeatureNotSupported(
            f"output of {type_name} {value}: a user-defined object (its name is in the "
            "primary's catalog) is not supported")
    return str(value)


def _numeric(text: str) -> int | None:
    t = text.strip(_SPACE)
    if t == "-":
        return 0
    if t.isdigit():
        from engine.types.oid import oidin  # noqa: PLC0415

        return oidin(t)
    return None


def _type_oid(text: str) -> int:
    """parseTypeString: any type name the grammar accepts (typmods are dropped)."""
    import pglast  # noqa: PLC0415

    from engine import pgcat  # noqa: PLC0415

    try:
        stmt: Any = pglast.parse_sql(f"SELECT NULL::{text}")[0].stmt
        tn = stmt.targetList[0].val.typeName
    except (pglast.parser.ParseError, AttributeError, IndexError):
        raise EngineError(f'invalid type name "{text}"', sqlstate="42601") from None
    names = [n.sval for n in tn.names]
    if len(names) == 2 and names[0] == "pg_catalog":
        names = names[1:]
    if len(names) != 1:
        raise FeatureNotSupported(f'type name "{text}" outside pg_catalog')
    name = '"char"' if names == ["char"] else names[0]
    oid = _TYPE_NAMES().get(name.strip('"'))
    if oid is None:
        from engine import usertypes  # noqa: PLC0415

        registry = usertypes.current()
        found = registry.lookup_name(name) if registry is not None else None
        if found is None:
            raise EngineError(f'type "{text}" does not exist', sqlstate="42704")
        oid = found.oid
    if tn.arrayBounds:
        arr = pgcat.array_of(oid)
        if not arr:
            raise EngineError(f'type "{text}" does not exist', sqlstate="42704")
        return arr
    return oid


_cache: dict[str, int] = {}


def _TYPE_NAMES() -> dict[str, int]:  # noqa: N802
    if not _cache:
        from engine import pgcat  # noqa: PLC0415

        for oid, row in pgcat.type_rows().items():
            _cache.setdefault(row.typname, oid)
        _cache["char"] = 18
    return _cache


def regtypein(text: str, typmod: int = -1) -> int:
    n = _numeric(text)
    if n is not None:
        return n
    found = on_primary("regtype", text)
    return found if found is not None else _type_oid(text)


def regtypeout(value: int, settings: FormatSettings) -> str:
    from engine import pgcat  # noqa: PLC0415

    if value == 0:
        return "-"
    row = pgcat.type_row(value)
    if row is None:
        return _unknown_output("regtype", value)  # PG prints the number of an unknown OID
    return row.sql_name


def _proc_name(text: str) -> str:
    name = text.strip(_SPACE)
    if name.startswith("pg_catalog."):
        name = name[len("pg_catalog."):]
    if "." in name or '"' in name:
        raise FeatureNotSupported(f'function name "{text}" outside pg_catalog')
    return name.lower()


def regprocin(text: str, typmod: int = -1) -> int:
    from engine import pgcat  # noqa: PLC0415

    n = _numeric(text)
    if n is not None:
        return n
    found = on_primary("regproc", text)
    if found is not None:
        return found
    procs = pgcat.procs_named(_proc_name(text))
    if not procs:
        raise EngineError(f'function "{text}" does not exist', sqlstate="42883")
    if len(procs) > 1:
        raise EngineError(f'more than one function named "{text}"', sqlstate="42725")
    return procs[0].oid


def _proc_row(value: int) -> Any:
    from engine import pgcat  # noqa: PLC0415

    try:
        return pgcat.proc(value)
    except KeyError:
        return None


def regprocout(value: int, settings: FormatSettings) -> str:
    if value == 0:
        return "-"
    row = _proc_row(value)
    return _unknown_output("regproc", value) if row is None else row.name


def regprocedurein(text: str, typmod: int = -1) -> int:
    from engine import pgcat  # noqa: PLC0415

    n = _numeric(text)
    if n is not None:
        return n
    found = on_primary("regprocedure", text)
    if found is not None:
        return found
    head, sep, tail = text.strip(_SPACE).partition("(")
    if not sep or not tail.endswith(")"):
        raise EngineError("expected a left parenthesis", sqlstate="22P02")
    inner = tail[:-1].strip(_SPACE)
    argtypes = tuple(_type_oid(a) for a in _split_args(inner)) if inner else ()
    for p in pgcat.procs_named(_proc_name(head)):
        if p.argtypes == argtypes:
            return p.oid
    raise EngineError(f'function "{text}" does not exist', sqlstate="42883")


def _split_args(inner: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    out.append(cur)
    return [a.strip(_SPACE) for a in out]


def regprocedureout(value: int, settings: FormatSettings) -> str:
    if value == 0:
        return "-"
    row = _proc_row(value)
    if row is None:
        return _unknown_output("regprocedure", value)
    return f"{row.name}({','.join(regtypeout(t, settings) for t in row.argtypes)})"


PATCHES = {24: (regprocin, regprocout), 2202: (regprocedurein, regprocedureout),
           2206: (regtypein, regtypeout)}
