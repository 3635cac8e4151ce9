"""Name forms of regtype, regproc, regprocedure, regoper and regoperator for builtin objects
(regproc.c): input looks the name up in the generated pg_catalog rows, output prints
format_type / the procedure or operator signature. Objects outside the builtin catalog (and
enums defined on the primary, for regtype) are refused rather than guessed.
Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from typing import Any

from engine.errors import EngineError, FeatureNotSupported
from engine.types.settings import FormatSettings

_SPACE = " \t\n\v\f\r"


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
    return n if n is not None else _type_oid(text)


def regtypeout(value: int, settings: FormatSettings) -> str:
    from engine import pgcat  # noqa: PLC0415

    if value == 0:
        return "-"
    row = pgcat.type_row(value)
    if row is None:
        return str(value)  # regtypeout prints the number for an unknown OID
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
    return str(value) if row is None else row.name


def regprocedurein(text: str, typmod: int = -1) -> int:
    from engine import pgcat  # noqa: PLC0415

    n = _numeric(text)
    if n is not None:
        return n
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
        return str(value)
    return f"{row.name}({','.join(regtypeout(t, settings) for t in row.argtypes)})"


PATCHES = {24: (regprocin, regprocout), 2202: (regprocedurein, regprocedureout),
           2206: (regtypein, regtypeout)}
