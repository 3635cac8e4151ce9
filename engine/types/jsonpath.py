"""jsonpath (OID 4072): the type's text input and output.

Input is PostgreSQL's jsonpath grammar (``engine.types.jsonpath_parse``), output its canonical
printing (``engine.types.jsonpath_ast.to_text``), both following src/backend/utils/adt/jsonpath.c,
jsonpath_gram.y and jsonpath_scan.l of PostgreSQL 18. jsonpath has no btree or hash opclass, so
its sort key refuses. Execution lives in engine/functions/jsonpath_exec.py.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Hashable

from engine.errors import FeatureNotSupported
from engine.types.base import PgType
from engine.types.jsonpath_ast import JpItem, JsonPath, to_text
from engine.types.jsonpath_parse import parse_jsonpath
from engine.types.settings import FormatSettings

JSONPATH_OID = 4072

__all__ = ["JSONPATH_OID", "JpItem", "JsonPath", "jsonpath_in", "jsonpath_out"]


def jsonpath_in(text: str, typmod: int = -1) -> JsonPath:
    return parse_jsonpath(text)


def jsonpath_out(value: JsonPath, settings: FormatSettings) -> str:
    return to_text(value)


def jsonpath_key(value: JsonPath) -> Hashable:
    raise FeatureNotSupported("jsonpath has no equality or ordering (no btree opclass)")


TYPES: tuple[PgType, ...] = (
    PgType(JSONPATH_OID, "jsonpath", -1, "U", False, jsonpath_in, jsonpath_out, jsonpath_key),
)
