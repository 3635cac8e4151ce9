"""``pgshadow replay`` and ``pgshadow conformance``: replay SQL scripts (psql scripts,
sqllogictest files, the shared corpora) on the primary, compare every read with the shadow, and
score the result per tier (expr / table / catalog) and outcome.

``splitter`` (psql lexing, pure), ``classify`` (pglast tree → read/write, tier, pure),
``runner`` (I/O: sessions, LSN fence, volatility re-run, counts), ``sqllogictest`` (record
format + expected-answer oracle), ``corpora`` (server setup per corpus), ``report``
(text/json/junit/markdown), ``cli`` (click commands). Must not import ``engine`` or ``wire``
(``corpora`` starts the shadow through ``replica.service``).
"""

from replica.replay.classify import Classification, Tier, Use, classify
from replica.replay.runner import (
    DEFAULT_SETTINGS,
    PG_REGRESS_SETTINGS,
    FileResult,
    ReplayReport,
    ReplayRunner,
    Result,
    replay,
)
from replica.replay.splitter import MetaCommand, Statement, split_script

__all__ = [
    "DEFAULT_SETTINGS",
    "PG_REGRESS_SETTINGS",
    "Classification",
    "FileResult",
    "MetaCommand",
    "ReplayReport",
    "ReplayRunner",
    "Result",
    "Statement",
    "Tier",
    "Use",
    "classify",
    "replay",
    "split_script",
]
