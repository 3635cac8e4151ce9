"""Statement results and prepared statements as the engine hands them out.

Shaped to satisfy ``wire.backend.ResultLike``/``ColumnLike``/``PreparedLike`` without importing
``wire``. Values in ``rows`` are already Postgres text output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type_oid: int
    type_size: int
    type_modifier: int
    table_oid: int = 0
    column_number: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    columns: Sequence[Column] | None
    rows: Sequence[Sequence[str | None]]
    command_tag: str


@dataclass(slots=True)
class Prepared:
    sql: str
    stmt: Any
    param_type_oids: list[int]
    columns: list[Column] | None


def lsn_text(lsn: int) -> str:
    """Postgres's pg_lsn text form, e.g. ``16/B374D848``."""
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"
