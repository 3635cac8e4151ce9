"""What a running query can see: its snapshot, the session's settings and parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.types import FormatSettings


@dataclass
class ExecContext:
    snapshot_lsn: int
    settings: FormatSettings
    stores: Any  # mapping table oid -> TableStore
    version_string: str = ""
    params: Sequence[Any] = ()
    show: Callable[[str], str] = field(default=lambda name: "")
    database: str = "postgres"
    search_path: tuple[str, ...] = ()
    object_exists: Callable[[str, str], bool] | None = None
    known_schemas: frozenset[str] = frozenset({"pg_catalog", "public"})
    # the database's datcollate/datctype ('' unknown: text ordering/case mapping refused)
    collation: str = ""
    ctype: str = ""
    # rows of the enclosing queries while a correlated sub-select runs, innermost last
    outer: list[Any] = field(default_factory=list)
    # WITH RECURSIVE: the previous iteration's rows, by CTE ident
    worktables: dict[int, list[Any]] = field(default_factory=dict)
    # table rows scanned again and again by correlated sub-selects / LATERAL right sides
    rescanned: int = 0
    # HashLookupFilter tables, built once per statement (by id of the plan node)
    hash_tables: dict[int, dict[Any, list[Any]]] = field(default_factory=dict)
