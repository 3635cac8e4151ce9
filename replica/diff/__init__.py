"""Diffing query results between the primary and the shadow (``pgshadow diff``).

``compare`` is pure (outcomes → verdicts), ``queries`` splits SQL files, ``runner`` does the
I/O (connect, LSN fence, execute), ``report`` renders text or JSON. Must not import ``engine``
or ``wire``: the diff talks to the shadow only over the wire protocol, like any client.
"""

from replica.diff.compare import (
    Column,
    DiffReport,
    Kind,
    NotRun,
    Outcome,
    Query,
    QueryError,
    QueryResult,
    ResultSet,
    Status,
    Verdict,
    compare,
    exit_code,
)
from replica.diff.queries import QueryFileError, load_queries, parse_queries, queries_from_option
from replica.diff.report import render, to_json
from replica.diff.runner import run_diff

__all__ = [
    "Column",
    "DiffReport",
    "Kind",
    "NotRun",
    "Outcome",
    "Query",
    "QueryError",
    "QueryFileError",
    "QueryResult",
    "ResultSet",
    "Status",
    "Verdict",
    "compare",
    "exit_code",
    "load_queries",
    "parse_queries",
    "queries_from_option",
    "render",
    "run_diff",
    "to_json",
]
