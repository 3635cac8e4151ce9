"""json[b]_populate_record[set], json[b]_to_record[set] and jsonb_populate_record_valid: a
JSON object read into a composite value, keyed by prosrc.

Follows PostgreSQL 18 src/backend/utils/adt/jsonfuncs.c: populate_record (a non-NULL base
record keeps the fields the object lacks; with a NULL base every field is populated, so that
domains see their NULLs), populate_record_field's type categories (scalar through the field
type's input function with its typmod, arrays from JSON arrays with populate_array_dim_jsonb's
dimension checks and messages, composites from objects, a JSON string read by the input
function of any of these), populate_scalar's text for each jsonb value (strings unquoted,
containers and json-typed fields as JSON text, jsonb fields kept as jsonb). The ``_valid``
variant reports whether PostgreSQL's soft errors (data exceptions) occurred.

Domain fields: one without constraints reads as its base type; one with NOT NULL or CHECK
constraints is checked as domain_check does, with the constraints the binder bound. The json
(text) variants read the document into the same tree, keeping each container's and number's
source text (what PostgreSQL hands to input functions and json fields).

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.types.json import K_ARRAY, K_FALSE, K_NULL, K_NUMBER, K_OBJECT, K_TRUE, JNode, parse
from engine.types.jsonb import JSON_NULL, Jsonb, jsonb_in, to_text
from engine.types.records import RECORD_OID, RecordDesc, RecordValue, desc_of

JSON_OID, JSONB_OID = 114, 3802
MAXDIM = 6


class _PopulateError(EngineError):
    sqlstate = "22P02"


class _Run:
    """One call's execution context and the domain checks its binder prepared."""

    def __init__(self, ctx: Any, domains: dict[int, Any] | None) -> None:
        self.ctx = ctx
        self.settings = ctx.settings
        self.domains = domains or {}


# --- json (text) input: the parsed document as the same tree, keeping each value's text -----


class _JsonObject(dict[str, Any]):
    """A json object: the last of duplicate keys wins (get_json_object_as_hash)."""

    raw = ""


class _JsonArray(list[Any]):
    raw = ""


class _JsonNumber:
    """A json number: its token text, as written."""

    __slots__ = ("raw",)

    def __init__(self, raw: str) -> None:
        self.raw = raw


def _json_tree(text: str) -> Any:
    root, deferred = parse(text, defer=True)
    if deferred is not None:
        raise FeatureNotSupported("populating a record from json holding an escape that "
                                  "does not convert")
    return _convert(root, text)


def _convert(node: JNode, text: str) -> Any:
    kind = node.kind
    if kind == K_OBJECT:
        obj = _JsonObject()
        for key, value in node.items or ():
            obj[key] = _convert(value, text)
        obj.raw = text[node.start:node.end]
        return obj
    if kind == K_ARRAY:
        arr = _JsonArray(_convert(v, text) for v in node.items or ())
        arr.raw = text[node.start:node.end]
        return arr
    if kind == K_NUMBER:
        return _JsonNumber(node.value)
    if kind in (K_TRUE, K_FALSE):
        return kind == K_TRUE
    if kind == K_NULL:
        return JSON_NULL
    return node.value  # a string, de-escaped


def _raw(jv: Any) -> str | None:
    """The source text of a json (not jsonb) container or number."""
    return jv.raw if isinstance(jv, (_JsonObject, _JsonArray, _JsonNumber)) else None


def _type_row(oid: int) -> Any:
    from engine import pgcat  # noqa: PLC0415

    return pgcat.type_row(oid)


def _populate_field(ctx: _Run, typid: int, typmod: int, colname: str | None, default: Any,
                    jv: Any) -> Any:
    """populate_record_field: ``jv`` is the jsonb node, or None when the key is missing."""
    from engine import usertypes  # noqa: PLC0415

    isnull = jv is None or jv is JSON_NULL
    domain = usertypes.domain_of(typid)
    if domain is not None:  # populate_domain: the base type's value, then domain_check
        check = ctx.domains.get(typid)
        if check is None:
            raise FeatureNotSupported(f"populating a field of domain {domain.name}, whose "
                                      "constraints the engine cannot evaluate")
        while domain is not None:
            typid, typmod = domain.base_oid, domain.base_typmod  # getBaseTypeAndTypmod
            domain = usertypes.domain_of(typid)
        value = None if isnull else _populate_field(ctx, typid, typmod, colname, None, jv)
        check.run(ctx.ctx, value)
        return value
    desc = desc_of(typid)
    row = _type_row(typid)
    is_array = row is not None and row.elem and row.category == "A"
    if isinstance(jv, str) or not (desc is not None or is_array):
        return None if isnull else _populate_scalar(ctx, typid, typmod, jv)
    if isnull:
        return None
    if is_array:
        return _populate_array(ctx, row.elem, typmod, colname, jv)
    assert desc is not None
    return populate_composite(ctx, desc, default, jv)


def _populate_scalar(ctx: _Run, typid: int, typmod: int, jv: Any) -> Any:
    from engine.binder.typesupport import input_value  # noqa: PLC0415
    from engine.types import registry  # noqa: PLC0415

    raw = _raw(jv)
    if typid == JSONB_OID:
        return Jsonb(jv) if raw is None else jsonb_in(raw)
    if isinstance(jv, str):
        text = to_text(jv) if typid == JSON_OID else jv
    elif jv is True or jv is False:
        text = "true" if jv else "false"
    else:
        text = to_text(jv) if raw is None else raw  # numbers, and containers as JSON text
    pgtype = registry.type_by_oid(typid)
    return registry.apply_typmod(pgtype, input_value(pgtype, text, typmod, ctx.settings), typmod)


def _expected_array(colname: str | None, sizes: list[int], ndim: int) -> _PopulateError:
    """populate_array_report_expected_array (``ndim`` known dimensions above the culprit)."""
    if ndim <= 0:
        hint = f'See the value of key "{colname}".' if colname else None
    else:
        where = "".join(f"[{s}]" for s in sizes[:ndim])
        hint = (f'See the array element {where} of key "{colname}".' if colname
                else f"See the array element {where}.")
    return _PopulateError("expected JSON array", hint=hint)


def _populate_array(ctx: _Run, elem: int, typmod: int, colname: str | None, jv: Any) -> Any:
    from engine.types.arrays import make_array  # noqa: PLC0415

    state: dict[str, Any] = {"ndims": 0, "dims": [], "sizes": []}
    items: list[Any] = []

    def assign(ndims: int) -> None:
        if ndims > MAXDIM:
            raise FeatureNotSupported(f"a JSON array of more than {MAXDIM} dimensions")
        state["ndims"] = ndims
        state["dims"] = [-1] * ndims
        state["sizes"] = [0] * ndims

    def check_dimension(ndim: int) -> None:
        dims, sizes = state["dims"], state["sizes"]
        if dims[ndim] == -1:
            dims[ndim] = sizes[ndim]
        elif dims[ndim] != sizes[ndim]:
            raise _PopulateError("malformed JSON array", detail="Multidimensional arrays must "
                                 "have sub-arrays with matching dimensions.")
        sizes[ndim] = 0
        if ndim > 0:
            sizes[ndim - 1] += 1

    def walk(node: Any, ndim: int) -> None:
        if not isinstance(node, list):
            raise _expected_array(colname, state["sizes"], ndim - 1)
        if state["ndims"] <= 0 and (not node or not isinstance(node[0], list)):
            assign(ndim)
        for value in node:
            if state["ndims"] > 0 and ndim >= state["ndims"]:
                items.append(_populate_field(ctx, elem, typmod, None, None, value))
                state["sizes"][ndim - 1] += 1
            else:
                walk(value, ndim + 1)
                check_dimension(ndim)

    walk(jv, 1)
    dims = state["dims"]
    dims[0] = state["sizes"][0]
    return make_array(elem, dims, [1] * len(dims), items)


def populate_composite(ctx: _Run, desc: RecordDesc, default: RecordValue | None,
                       jv: Any) -> RecordValue:
    """populate_composite over a non-NULL jsonb node."""
    if not isinstance(jv, dict):
        what = "an array" if isinstance(jv, list) else "a scalar"
        raise InvalidParameterValue(f"cannot call populate_composite on {what}")
    if default is not None and not jv:
        return default
    values = list(default.values) if default is not None else [None] * len(desc.types)
    for i, name in enumerate(desc.names):
        found = name in jv
        if default is not None and not found:
            continue
        values[i] = _populate_field(ctx, desc.types[i], desc.typmods[i], name, values[i],
                                    jv.get(name))
    return RecordValue(desc, tuple(values))


def _match(returned: RecordDesc, coldef: RecordDesc | None) -> None:
    """tupledesc_match (execSRF.c): the row a record argument gave must fit the column
    definition list, field for field binary-coercible."""
    if coldef is None:
        return
    from engine import pgcat  # noqa: PLC0415
    from engine.binder.resolve import type_name  # noqa: PLC0415

    msg = "function return row and query-specified return row do not match"
    got, want = len(returned.types), len(coldef.types)
    if got != want:
        noun = "attribute" if got == 1 else "attributes"
        raise EngineError(msg, sqlstate="42804",
                          detail=f"Returned row contains {got} {noun}, but query expects "
                                 f"{want}.")
    for i, (src, dst) in enumerate(zip(returned.types, coldef.types, strict=True)):
        cast = pgcat.cast_row(src, dst)
        if src == dst or (cast is not None and cast.method == "b"):
            continue
        raise EngineError(msg, sqlstate="42804",
                          detail=f"Returned type {type_name(src)} at ordinal position {i + 1}, "
                                 f"but query expects {type_name(dst)}.")


def _target(fname: str, record_type: int, rec: RecordValue | None,
            coldef: RecordDesc | None) -> RecordDesc:
    if rec is not None and record_type == RECORD_OID:
        return rec.desc  # the record argument's own fields are populated
    if coldef is not None:
        return coldef
    if record_type == RECORD_OID:
        if rec is not None:
            return rec.desc
        raise FeatureNotSupported(
            f"could not determine row type for result of {fname}",
            hint="Provide a non-null record argument, or call the function in the FROM clause "
                 "using a column definition list.")
    desc = desc_of(record_type)
    if desc is None:
        raise EngineError(f"first argument of {fname} must be a row type", sqlstate="42804")
    return desc


def jsonb_populate_record(ctx: Any, rec: RecordValue | None, js: Jsonb | None, *,
                          record_type: int, coldef: RecordDesc | None = None,
                          domains: dict[int, Any] | None = None) -> Any:
    desc = _target("jsonb_populate_record", record_type, rec, coldef)
    run = _Run(ctx, domains)
    result = rec if js is None else populate_composite(run, desc, rec, js.root)
    if result is not None and rec is not None:
        _match(result.desc, coldef)
    return result


def jsonb_to_record(ctx: Any, js: Jsonb, *, record_type: int,
                    coldef: RecordDesc | None = None,
                    domains: dict[int, Any] | None = None) -> Any:
    desc = _target("jsonb_to_record", record_type, None, coldef)
    return populate_composite(_Run(ctx, domains), desc, None, js.root)


def jsonb_populate_record_valid(ctx: Any, rec: RecordValue | None, js: Jsonb | None, *,
                                record_type: int, coldef: RecordDesc | None = None,
                                domains: dict[int, Any] | None = None) -> bool:
    """True unless populating raises one of the errors PostgreSQL reports softly (its data
    exceptions: input syntax, typmod, array shape, populate_composite on a non-object)."""
    try:
        jsonb_populate_record(ctx, rec, js, record_type=record_type, coldef=coldef,
                              domains=domains)
    except FeatureNotSupported:
        raise
    except EngineError as exc:
        if exc.sqlstate.startswith(("22", "23")):
            return False
        raise
    return True


def _recordset(ctx: _Run, fname: str, desc: RecordDesc, rec: RecordValue | None,
               js: Jsonb | None, coldef: RecordDesc | None) -> Iterator[RecordValue]:
    """Materialized, as in PostgreSQL: every element is populated before the row type is
    checked against a column definition list."""
    if js is None:
        return
    root = js.root
    if not isinstance(root, list):
        raise InvalidParameterValue(f"cannot call {fname} on a non-array")
    yield from _populate_elements(ctx, fname, desc, rec, root, coldef)


def _populate_elements(run: _Run, fname: str, desc: RecordDesc, rec: RecordValue | None,
                       elements: list[Any], coldef: RecordDesc | None) -> list[RecordValue]:
    """One record per element (each must be an object); the row type is checked against a
    column definition list only once all are populated."""
    out = []
    for element in elements:
        if not isinstance(element, dict):
            raise InvalidParameterValue(f"argument of {fname} must be an array of objects")
        out.append(populate_composite(run, desc, rec, element))
    if rec is not None:
        _match(desc, coldef)
    return out


def jsonb_populate_recordset(ctx: Any, rec: RecordValue | None, js: Jsonb | None, *,
                             record_type: int, coldef: RecordDesc | None = None,
                             domains: dict[int, Any] | None = None) -> Iterator[RecordValue]:
    desc = _target("jsonb_populate_recordset", record_type, rec, coldef)
    return _recordset(_Run(ctx, domains), "jsonb_populate_recordset", desc, rec, js, coldef)


def jsonb_to_recordset(ctx: Any, js: Jsonb | None, *, record_type: int,
                       coldef: RecordDesc | None = None,
                       domains: dict[int, Any] | None = None) -> Iterator[RecordValue]:
    desc = _target("jsonb_to_recordset", record_type, None, coldef)
    return _recordset(_Run(ctx, domains), "jsonb_to_recordset", desc, None, js, coldef)


def json_populate_record(ctx: Any, rec: RecordValue | None, js: str | None,
                         use_json_as_text: bool | None = None, *, record_type: int,
                         coldef: RecordDesc | None = None,
                         domains: dict[int, Any] | None = None) -> Any:
    desc = _target("json_populate_record", record_type, rec, coldef)
    run = _Run(ctx, domains)
    result = rec if js is None else populate_composite(run, desc, rec, _json_tree(js))
    if result is not None and rec is not None:
        _match(result.desc, coldef)
    return result


def json_to_record(ctx: Any, js: str, *, record_type: int, coldef: RecordDesc | None = None,
                   domains: dict[int, Any] | None = None) -> Any:
    desc = _target("json_to_record", record_type, None, coldef)
    return populate_composite(_Run(ctx, domains), desc, None, _json_tree(js))


def _json_recordset(run: _Run, fname: str, desc: RecordDesc, rec: RecordValue | None,
                    js: str | None, coldef: RecordDesc | None) -> Iterator[RecordValue]:
    """populate_recordset_worker over json text: the top level must be an array, each
    element an object (checked as it is reached, after the elements before it)."""
    if js is None:
        return
    root = _json_tree(js)
    if isinstance(root, dict):
        raise InvalidParameterValue(f"cannot call {fname} on an object")
    if not isinstance(root, list):
        raise InvalidParameterValue(f"cannot call {fname} on a scalar")
    yield from _populate_elements(run, fname, desc, rec, root, coldef)


def json_populate_recordset(ctx: Any, rec: RecordValue | None, js: str | None,
                            use_json_as_text: bool | None = None, *, record_type: int,
                            coldef: RecordDesc | None = None,
                            domains: dict[int, Any] | None = None) -> Iterator[RecordValue]:
    desc = _target("json_populate_recordset", record_type, rec, coldef)
    return _json_recordset(_Run(ctx, domains), "json_populate_recordset", desc, rec, js,
                           coldef)


def json_to_recordset(ctx: Any, js: str | None, *, record_type: int,
                      coldef: RecordDesc | None = None,
                      domains: dict[int, Any] | None = None) -> Iterator[RecordValue]:
    desc = _target("json_to_recordset", record_type, None, coldef)
    return _json_recordset(_Run(ctx, domains), "json_to_recordset", desc, None, js, coldef)


# The binder passes each of these its record type (the first argument's, or RECORD) and, in
# FROM with a column definition list, that list's RecordDesc.
NEEDS_RECORD_TYPE = frozenset({
    "jsonb_populate_record", "jsonb_to_record", "jsonb_populate_record_valid",
    "jsonb_populate_recordset", "jsonb_to_recordset", "json_populate_record",
    "json_to_record", "json_populate_recordset", "json_to_recordset",
})

CONTEXT_FUNCTIONS = {
    f.__name__: f for f in (jsonb_populate_record, jsonb_to_record, jsonb_populate_record_valid,
                            json_populate_record, json_to_record)
}
CONTEXT_SRF_FUNCTIONS = {f.__name__: f for f in (jsonb_populate_recordset, jsonb_to_recordset,
                                                 json_populate_recordset, json_to_recordset)}
