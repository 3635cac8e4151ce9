"""Per-OID type registry and type families (see ``registry``): the public API.

Must not import anything from the engine beyond ``engine.errors``.
"""

from __future__ import annotations

from engine.types.base import ArrayValue, Interval, PgType, TimeTz
from engine.types.registry import (
    AGG_FINALS,
    AGG_INITS,
    AGG_TRANSITIONS,
    CASTS,
    CONTEXT_AGG_TRANSITIONS,
    CONTEXT_FUNCTIONS,
    CONTEXT_SRF_FUNCTIONS,
    FUNCTIONS,
    OPERATORS,
    SRF_FUNCTIONS,
    TYPES,
    UNARY_OPERATORS,
    apply_typmod,
    cast,
    format_typmod,
    type_by_name,
    type_by_oid,
)
from engine.types.settings import (
    DEFAULT_SETTINGS,
    FormatSettings,
    canonical_datestyle,
    clock_now,
    parse_datestyle,
    validate_timezone,
)

__all__ = [
    "AGG_FINALS",
    "AGG_INITS",
    "AGG_TRANSITIONS",
    "CONTEXT_AGG_TRANSITIONS",
    "CONTEXT_FUNCTIONS",
    "CONTEXT_SRF_FUNCTIONS",
    "SRF_FUNCTIONS",
    "ArrayValue",
    "Interval",
    "TimeTz",
    "CASTS",
    "DEFAULT_SETTINGS",
    "FUNCTIONS",
    "OPERATORS",
    "TYPES",
    "UNARY_OPERATORS",
    "FormatSettings",
    "PgType",
    "apply_typmod",
    "canonical_datestyle",
    "clock_now",
    "cast",
    "format_typmod",
    "parse_datestyle",
    "type_by_name",
    "type_by_oid",
    "validate_timezone",
]
