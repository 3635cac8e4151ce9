"""The per-OID type registry: PgType descriptors, lookups by OID and SQL name, typmods,
operator and cast tables.

Each type family module supplies its input/output functions, operator implementations and
sort/group keys; this module ties them to pg_type rows. OPERATORS and CASTS mirror pg_operator
and pg_cast (as read from PostgreSQL 18) restricted to the supported types; the text casts are
PG's automatic I/O-conversion casts. Must not import anything from the engine beyond
``engine.errors`` and ``engine.types``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import CannotCoerce, FeatureNotSupported, UndefinedObject
from engine.types import boolean, datetime, floats, integer, numeric, pglsn, text, uuid
from engine.types.base import PgType, discover
from engine.types.settings import FormatSettings

BOOL, NAME, INT8, INT2, INT4, TEXT = 16, 19, 20, 21, 23, 25
FLOAT4, FLOAT8, BPCHAR, VARCHAR = 700, 701, 1042, 1043
DATE, TIMESTAMP, TIMESTAMPTZ, NUMERIC, UUID = 1082, 1114, 1184, 1700, 2950


def _identity(v: Any) -> Any:
    return v


_TYPES: tuple[PgType, ...] = (
    PgType(BOOL, "bool", 1, "B", True, boolean.boolin, boolean.boolout, _identity),
    PgType(NAME, "name", 64, "S", False, text.namein, text.textout, text.text_key),
    PgType(INT8, "int8", 8, "N", False, integer.int8in, integer.intout, _identity),
    PgType(INT2, "int2", 2, "N", False, integer.int2in, integer.intout, _identity),
    PgType(INT4, "int4", 4, "N", False, integer.int4in, integer.intout, _identity),
    PgType(TEXT, "text", -1, "S", True, text.textin, text.textout, text.text_key),
    PgType(FLOAT4, "float4", 4, "N", False, floats.float4in, floats.float4out, floats.float_key),
    PgType(FLOAT8, "float8", 8, "N", True, floats.float8in, floats.float8out, floats.float_key),
    PgType(BPCHAR, "bpchar", -1, "S", False, text.bpcharin, text.textout, text.bpchar_key),
    PgType(VARCHAR, "varchar", -1, "S", False, text.varcharin, text.textout, text.text_key),
    PgType(DATE, "date", 4, "D", False, datetime.date_in, datetime.date_out, _identity),
    PgType(
        TIMESTAMP,
        "timestamp",
        8,
        "D",
        False,
        datetime.timestamp_in,
        datetime.timestamp_out,
        _identity,
    ),
    PgType(
        TIMESTAMPTZ,
        "timestamptz",
        8,
        "D",
        True,
        datetime.timestamptz_in,
        datetime.timestamptz_out,
        _identity,
    ),
    PgType(
        NUMERIC,
        "numeric",
        -1,
        "N",
        False,
        numeric.numeric_in,
        numeric.numeric_out,
        numeric.numeric_key,
    ),
    PgType(UUID, "uuid", 16, "U", False, uuid.uuid_in, uuid.uuid_out, _identity),
    PgType(pglsn.PG_LSN, "pg_lsn", 8, "U", False, pglsn.pg_lsn_in, pglsn.pg_lsn_out, _identity),
)
TYPES: dict[int, PgType] = {t.oid: t for t in _TYPES}
for _family in discover():
    TYPES.update({t.oid: t for t in getattr(_family, "TYPES", ())})

_NAMES: dict[str, int] = {t.name: t.oid for t in TYPES.values()}
_NAMES.update(
    {
        "integer": INT4,
        "int": INT4,
        "smallint": INT2,
        "bigint": INT8,
        "boolean": BOOL,
        "real": FLOAT4,
        "double precision": FLOAT8,
        "float": FLOAT8,
        "decimal": NUMERIC,
        "character varying": VARCHAR,
        "character": BPCHAR,
        "char": BPCHAR,
        "timestamp without time zone": TIMESTAMP,
        "bit varying": 1562,
        "timestamp with time zone": TIMESTAMPTZ,
    }
)


def _user_type(oid: int | None, name: str | None) -> PgType | None:
    """A type defined on the primary, from the current database's registry."""
    from engine import usertypes

    registry = usertypes.current()
    if registry is None:
        return None
    return registry.lookup_oid(oid) if oid is not None else registry.lookup_name(str(name))


def _build_array_types() -> None:
    """Array types for every registered element type (arrays.array_type_for)."""
    from engine.types.array_oids import ARRAY_OIDS
    from engine.types.arrays import array_type_for

    for t in list(TYPES.values()):
        a = ARRAY_OIDS.get(t.oid)
        if a is not None and t.category != "A" and a not in TYPES:
            TYPES[a] = array_type_for(t, a)
            _NAMES.setdefault(TYPES[a].name, a)


def type_by_oid(oid: int) -> PgType:
    found = TYPES.get(oid)
    if found is None:
        found = _user_type(oid, None)
    if found is None:
        name = BUILTIN_TYPE_NAMES.get(oid)
        raise FeatureNotSupported(
            f'type "{name}" is not supported' if name else f"type with OID {oid} is not supported"
        )
    return found


def type_by_name(name: str) -> PgType:
    """Accepts pg_type names, ``pg_catalog.``-qualified names and SQL spellings (``integer``)."""
    key = " ".join(name.strip().lower().split())
    key = key.removeprefix("pg_catalog.")
    if len(key) > 1 and key[0] == key[-1] == '"':
        key = key[1:-1]
        if key == "char":
            return type_by_oid(18)  # the one-byte "char" type, not bpchar
    oid = _NAMES.get(key)
    if oid is not None:
        return TYPES[oid]
    if key not in BUILTIN_TYPE_NAMES.values():
        user = _user_type(None, key)
        if user is not None:
            return user
    if key in BUILTIN_TYPE_NAMES.values():
        raise FeatureNotSupported(f'type "{key}" is not supported')
    raise UndefinedObject(f'type "{name}" does not exist')


# --- typmods -------------------------------------------------------------------------------


def apply_typmod(pgtype: PgType, value: Any, typmod: int, explicit: bool = False) -> Any:
    """Coerce a value to a column/cast typmod: numeric(p,s), varchar(n), bpchar(n),
    timestamp(p). ``explicit`` selects an explicit cast's silent truncation of strings
    over the assignment/input error (22001)."""
    if typmod < 0:
        return value
    if pgtype.category == "A":
        from engine.types import arrays

        return arrays.apply_typmod(value, typmod, explicit)
    if pgtype.oid == 1186:
        from engine.types import interval

        return interval.adjust_interval_typmod(value, typmod)
    if pgtype.oid in (1083, 1266):
        from engine.types import timeofday

        if pgtype.oid == 1083:
            return timeofday.adjust_time_typmod(value, typmod)
        return timeofday.timetz_scale(value, typmod)
    if pgtype.oid in (1560, 1562):  # bit(n) / varbit(n): the length-coercion functions
        from engine.types import bitstring

        coerce = bitstring.bit if pgtype.oid == 1560 else bitstring.varbit
        return coerce(value, typmod, explicit)
    if pgtype.oid == NUMERIC:
        return numeric.apply_typmod(value, typmod)
    if pgtype.oid == VARCHAR:
        return text.varchar_apply(value, typmod, explicit)
    if pgtype.oid == BPCHAR:
        return text.bpchar_apply(value, typmod, explicit)
    if pgtype.oid in (TIMESTAMP, TIMESTAMPTZ):
        return datetime.adjust_timestamp_typmod(value, typmod)
    return value


def format_typmod(pgtype: PgType, typmod: int) -> str:
    """The type as format_type() prints it, e.g. ``numeric(10,2)``, ``character varying(5)``."""
    base = {
        INT2: "smallint",
        INT4: "integer",
        INT8: "bigint",
        FLOAT4: "real",
        FLOAT8: "double precision",
        BOOL: "boolean",
        VARCHAR: "character varying",
        BPCHAR: "character",
        TIMESTAMP: "timestamp without time zone",
        TIMESTAMPTZ: "timestamp with time zone",
    }.get(pgtype.oid, pgtype.name)
    if typmod < 0:
        return "bpchar" if pgtype.oid == BPCHAR else base
    if pgtype.oid == NUMERIC:
        p, s = numeric.typmod_parts(typmod)
        return f"numeric({p},{s})"
    if pgtype.oid in (VARCHAR, BPCHAR):
        return f"{base}({typmod - 4})"
    if pgtype.oid in (TIMESTAMP, TIMESTAMPTZ):
        head, _, tail = base.partition(" ")
        return f"{head}({typmod}) {tail}"
    return base


# --- operators -----------------------------------------------------------------------------

Impl = Callable[..., Any]

OPERATORS: dict[tuple[str, int, int], tuple[int, Impl]] = {}
UNARY_OPERATORS: dict[tuple[str, int], tuple[int, Impl]] = {}
FUNCTIONS: dict[str, Impl] = {}
CONTEXT_FUNCTIONS: dict[str, Impl] = {}
SRF_FUNCTIONS: dict[str, Impl] = {}
CONTEXT_SRF_FUNCTIONS: dict[str, Impl] = {}
AGG_INITS: dict[str, Impl] = {}
AGG_TRANSITIONS: dict[str, Impl] = {}
CONTEXT_AGG_TRANSITIONS: dict[str, Impl] = {}
AGG_FINALS: dict[str, Impl] = {}
for _mod in (boolean, integer, numeric, floats, text, datetime, uuid, pglsn, *discover()):
    OPERATORS.update(getattr(_mod, "OPERATOR_ENTRIES", {}))
    UNARY_OPERATORS.update(getattr(_mod, "UNARY_ENTRIES", {}))
    FUNCTIONS.update(getattr(_mod, "FUNCTIONS", {}))
    CONTEXT_FUNCTIONS.update(getattr(_mod, "CONTEXT_FUNCTIONS", {}))
    SRF_FUNCTIONS.update(getattr(_mod, "SRF_FUNCTIONS", {}))
    CONTEXT_SRF_FUNCTIONS.update(getattr(_mod, "CONTEXT_SRF_FUNCTIONS", {}))
    AGG_INITS.update(getattr(_mod, "AGG_INITS", {}))
    AGG_TRANSITIONS.update(getattr(_mod, "AGG_TRANSITIONS", {}))
    CONTEXT_AGG_TRANSITIONS.update(getattr(_mod, "CONTEXT_AGG_TRANSITIONS", {}))
    AGG_FINALS.update(getattr(_mod, "AGG_FINALS", {}))


# --- casts ---------------------------------------------------------------------------------

CastFn = Callable[[Any, FormatSettings], Any]


def _ignore_settings(fn: Callable[[Any], Any]) -> CastFn:
    return lambda v, s: fn(v)


def _to_int(target: int) -> dict[int, CastFn]:
    return {
        INT2: _ignore_settings(lambda v: integer.check_int(v, target)),
        INT4: _ignore_settings(lambda v: integer.check_int(v, target)),
        INT8: _ignore_settings(lambda v: integer.check_int(v, target)),
        FLOAT4: _ignore_settings(lambda v: floats.float_to_int(v, target, integer.check_int)),
        FLOAT8: _ignore_settings(lambda v: floats.float_to_int(v, target, integer.check_int)),
        NUMERIC: _ignore_settings(lambda v: numeric.numeric_to_int(v, target, integer.check_int)),
    }


def _numeric_to_float8(v: Any) -> float:
    return floats.float8in(numeric.numeric_out(v))


def _numeric_to_float4(v: Any) -> float:
    return floats.float4in(numeric.numeric_out(v))


def _build_casts() -> dict[tuple[int, int], tuple[str, CastFn]]:
    # context per pg_cast (PostgreSQL 18); 'i' implicit, 'a' assignment, 'e' explicit
    contexts = {
        (INT8, INT2): "a",
        (INT8, INT4): "a",
        (INT8, FLOAT4): "i",
        (INT8, FLOAT8): "i",
        (INT8, NUMERIC): "i",
        (INT2, INT8): "i",
        (INT2, INT4): "i",
        (INT2, FLOAT4): "i",
        (INT2, FLOAT8): "i",
        (INT2, NUMERIC): "i",
        (INT4, INT8): "i",
        (INT4, INT2): "a",
        (INT4, FLOAT4): "i",
        (INT4, FLOAT8): "i",
        (INT4, NUMERIC): "i",
        (FLOAT4, INT8): "a",
        (FLOAT4, INT2): "a",
        (FLOAT4, INT4): "a",
        (FLOAT4, FLOAT8): "i",
        (FLOAT4, NUMERIC): "a",
        (FLOAT8, INT8): "a",
        (FLOAT8, INT2): "a",
        (FLOAT8, INT4): "a",
        (FLOAT8, FLOAT4): "a",
        (FLOAT8, NUMERIC): "a",
        (NUMERIC, INT8): "a",
        (NUMERIC, INT2): "a",
        (NUMERIC, INT4): "a",
        (NUMERIC, FLOAT4): "i",
        (NUMERIC, FLOAT8): "i",
        (BOOL, INT4): "e",
        (INT4, BOOL): "e",
        (DATE, TIMESTAMP): "i",
        (DATE, TIMESTAMPTZ): "i",
        (TIMESTAMP, DATE): "a",
        (TIMESTAMP, TIMESTAMPTZ): "i",
        (TIMESTAMPTZ, DATE): "a",
        (TIMESTAMPTZ, TIMESTAMP): "a",
        (NAME, TEXT): "i",
        (TEXT, NAME): "i",
        (BPCHAR, NAME): "i",
        (VARCHAR, NAME): "i",
        (BPCHAR, TEXT): "i",
        (BPCHAR, VARCHAR): "i",
        (TEXT, BPCHAR): "i",
        (TEXT, VARCHAR): "i",
        (VARCHAR, TEXT): "i",
        (VARCHAR, BPCHAR): "i",
        (NAME, BPCHAR): "a",
        (NAME, VARCHAR): "a",
        (BOOL, TEXT): "a",
        (BOOL, VARCHAR): "a",
        (BOOL, BPCHAR): "a",
    }
    fns: dict[tuple[int, int], CastFn] = {}
    for target in (INT2, INT4, INT8):
        for source, fn in _to_int(target).items():
            if source != target:
                fns[(source, target)] = fn
    to_num = _ignore_settings(numeric.int_to_numeric)
    for source in (INT2, INT4, INT8):
        fns[(source, NUMERIC)] = to_num
        fns[(source, FLOAT8)] = _ignore_settings(float)
        fns[(source, FLOAT4)] = _ignore_settings(floats.int_to_float4)
    fns[(FLOAT4, FLOAT8)] = _ignore_settings(float)
    fns[(FLOAT8, FLOAT4)] = _ignore_settings(floats.float8_to_float4)
    fns[(FLOAT8, NUMERIC)] = _ignore_settings(numeric.float_to_numeric)
    fns[(FLOAT4, NUMERIC)] = _ignore_settings(numeric.float4_to_numeric)
    fns[(NUMERIC, FLOAT8)] = _ignore_settings(_numeric_to_float8)
    fns[(NUMERIC, FLOAT4)] = _ignore_settings(_numeric_to_float4)
    fns[(BOOL, INT4)] = _ignore_settings(int)
    fns[(INT4, BOOL)] = _ignore_settings(lambda v: v != 0)
    fns[(TEXT, NAME)] = fns[(VARCHAR, NAME)] = _ignore_settings(text.namein)
    fns[(BPCHAR, NAME)] = _ignore_settings(lambda v: text.namein(text.bpchar_key(v)))
    # booltext(): the bool → string casts spell the value out, unlike boolout's t/f
    for dst in (TEXT, VARCHAR, BPCHAR):
        fns[(BOOL, dst)] = _ignore_settings(lambda v: "true" if v else "false")
    fns[(BPCHAR, TEXT)] = fns[(BPCHAR, VARCHAR)] = _ignore_settings(text.bpchar_key)
    for pair in (
        (NAME, TEXT),
        (TEXT, BPCHAR),
        (TEXT, VARCHAR),
        (VARCHAR, TEXT),
        (VARCHAR, BPCHAR),
        (NAME, BPCHAR),
        (NAME, VARCHAR),
    ):
        fns[pair] = _ignore_settings(_identity)
    fns.update(datetime.CAST_FUNCTIONS)
    casts = {pair: (contexts[pair], fn) for pair, fn in fns.items()}
    # PG's automatic I/O conversion casts: to a string type is 'a', from one is 'e' — only
    # where pg_cast has no entry of its own (e.g. inet -> text is network_show, not output).
    from engine import pgcat

    for src in TYPES.values():
        for dst in (TEXT, VARCHAR, BPCHAR, NAME):
            if src.oid != dst and (src.oid, dst) not in casts and \
                    pgcat.cast_row(src.oid, dst) is None:
                casts[(src.oid, dst)] = ("a", _via_output(src, dst == NAME))
        if src.oid not in (TEXT, VARCHAR, BPCHAR, NAME):
            for s in (TEXT, VARCHAR, BPCHAR, NAME):
                if (s, src.oid) not in casts and pgcat.cast_row(s, src.oid) is None:
                    casts[(s, src.oid)] = ("e", _via_input(src))
    return casts


def _via_output(src: PgType, to_name: bool) -> CastFn:
    if to_name:
        return lambda v, s: text.namein(src.output(v, s))
    return lambda v, s: src.output(v, s)


def _via_input(dst: PgType) -> CastFn:
    """I/O conversion into ``dst``: date/time and interval input read the session settings."""

    def cast(v: Any, s: FormatSettings) -> Any:
        if dst.oid in (DATE, TIMESTAMP, TIMESTAMPTZ):
            return datetime.input_with_settings(dst.oid, v, s)
        if dst.category in ("D", "T"):
            return dst.input(v, -1, s)  # type: ignore[call-arg]
        if dst.category in ("A", "R"):
            from engine.binder.typesupport import input_value

            return input_value(dst, v, -1, s)
        return dst.input(v, -1)

    return cast


CASTS: dict[tuple[int, int], tuple[str, CastFn]] = _build_casts()


def cast(
    value: Any,
    source: int,
    target: int,
    settings: FormatSettings,
    typmod: int = -1,
    explicit: bool = True,
) -> Any:
    """Run the pg_cast function source→target then the target typmod (PG's coercion steps)."""
    if source != target:
        entry = CASTS.get((source, target))
        if entry is None:
            raise CannotCoerce(
                f"cannot cast type {format_typmod(type_by_oid(source), -1)} to "
                f"{format_typmod(type_by_oid(target), -1)}"
            )
        value = entry[1](value, settings)
    return apply_typmod(TYPES[target], value, typmod, explicit)


# generated from PostgreSQL 18.6: SELECT oid, typname FROM pg_type WHERE oid < 16384 AND typtype <> 'c'
# — do not edit by hand (one-off extraction; not yet automated in tools/gen_type_goldens.py)
BUILTIN_TYPE_NAMES: dict[int, str] = {
    16: "bool",
    17: "bytea",
    18: "char",
    19: "name",
    20: "int8",
    21: "int2",
    22: "int2vector",
    23: "int4",
    24: "regproc",
    25: "text",
    26: "oid",
    27: "tid",
    28: "xid",
    29: "cid",
    30: "oidvector",
    32: "pg_ddl_command",
    114: "json",
    142: "xml",
    143: "_xml",
    194: "pg_node_tree",
    199: "_json",
    210: "_pg_type",
    269: "table_am_handler",
    270: "_pg_attribute",
    271: "_xid8",
    272: "_pg_proc",
    273: "_pg_class",
    325: "index_am_handler",
    600: "point",
    601: "lseg",
    602: "path",
    603: "box",
    604: "polygon",
    628: "line",
    629: "_line",
    650: "cidr",
    651: "_cidr",
    700: "float4",
    701: "float8",
    705: "unknown",
    718: "circle",
    719: "_circle",
    774: "macaddr8",
    775: "_macaddr8",
    790: "money",
    791: "_money",
    829: "macaddr",
    869: "inet",
    1000: "_bool",
    1001: "_bytea",
    1002: "_char",
    1003: "_name",
    1005: "_int2",
    1006: "_int2vector",
    1007: "_int4",
    1008: "_regproc",
    1009: "_text",
    1010: "_tid",
    1011: "_xid",
    1012: "_cid",
    1013: "_oidvector",
    1014: "_bpchar",
    1015: "_varchar",
    1016: "_int8",
    1017: "_point",
    1018: "_lseg",
    1019: "_path",
    1020: "_box",
    1021: "_float4",
    1022: "_float8",
    1027: "_polygon",
    1028: "_oid",
    1033: "aclitem",
    1034: "_aclitem",
    1040: "_macaddr",
    1041: "_inet",
    1042: "bpchar",
    1043: "varchar",
    1082: "date",
    1083: "time",
    1114: "timestamp",
    1115: "_timestamp",
    1182: "_date",
    1183: "_time",
    1184: "timestamptz",
    1185: "_timestamptz",
    1186: "interval",
    1187: "_interval",
    1231: "_numeric",
    1263: "_cstring",
    1266: "timetz",
    1270: "_timetz",
    1560: "bit",
    1561: "_bit",
    1562: "varbit",
    1563: "_varbit",
    1700: "numeric",
    1790: "refcursor",
    2201: "_refcursor",
    2202: "regprocedure",
    2203: "regoper",
    2204: "regoperator",
    2205: "regclass",
    2206: "regtype",
    2207: "_regprocedure",
    2208: "_regoper",
    2209: "_regoperator",
    2210: "_regclass",
    2211: "_regtype",
    2249: "record",
    2275: "cstring",
    2276: "any",
    2277: "anyarray",
    2278: "void",
    2279: "trigger",
    2280: "language_handler",
    2281: "internal",
    2283: "anyelement",
    2287: "_record",
    2776: "anynonarray",
    2949: "_txid_snapshot",
    2950: "uuid",
    2951: "_uuid",
    2970: "txid_snapshot",
    3115: "fdw_handler",
    3220: "pg_lsn",
    3221: "_pg_lsn",
    3310: "tsm_handler",
    3361: "pg_ndistinct",
    3402: "pg_dependencies",
    3500: "anyenum",
    3614: "tsvector",
    3615: "tsquery",
    3642: "gtsvector",
    3643: "_tsvector",
    3644: "_gtsvector",
    3645: "_tsquery",
    3734: "regconfig",
    3735: "_regconfig",
    3769: "regdictionary",
    3770: "_regdictionary",
    3802: "jsonb",
    3807: "_jsonb",
    3831: "anyrange",
    3838: "event_trigger",
    3904: "int4range",
    3905: "_int4range",
    3906: "numrange",
    3907: "_numrange",
    3908: "tsrange",
    3909: "_tsrange",
    3910: "tstzrange",
    3911: "_tstzrange",
    3912: "daterange",
    3913: "_daterange",
    3926: "int8range",
    3927: "_int8range",
    4072: "jsonpath",
    4073: "_jsonpath",
    4089: "regnamespace",
    4090: "_regnamespace",
    4096: "regrole",
    4097: "_regrole",
    4191: "regcollation",
    4192: "_regcollation",
    4451: "int4multirange",
    4532: "nummultirange",
    4533: "tsmultirange",
    4534: "tstzmultirange",
    4535: "datemultirange",
    4536: "int8multirange",
    4537: "anymultirange",
    4538: "anycompatiblemultirange",
    4600: "pg_brin_bloom_summary",
    4601: "pg_brin_minmax_multi_summary",
    5017: "pg_mcv_list",
    5038: "pg_snapshot",
    5039: "_pg_snapshot",
    5069: "xid8",
    5077: "anycompatible",
    5078: "anycompatiblearray",
    5079: "anycompatiblenonarray",
    5080: "anycompatiblerange",
    6150: "_int4multirange",
    6151: "_nummultirange",
    6152: "_tsmultirange",
    6153: "_tstzmultirange",
    6155: "_datemultirange",
    6157: "_int8multirange",
    10000: "_pg_attrdef",
    10002: "_pg_constraint",
    10004: "_pg_inherits",
    10006: "_pg_index",
    10008: "_pg_operator",
    10010: "_pg_opfamily",
    10012: "_pg_opclass",
    10014: "_pg_am",
    10016: "_pg_amop",
    10018: "_pg_amproc",
    10020: "_pg_language",
    10022: "_pg_largeobject_metadata",
    10024: "_pg_largeobject",
    10026: "_pg_aggregate",
    10028: "_pg_statistic",
    10030: "_pg_statistic_ext",
    10032: "_pg_statistic_ext_data",
    10034: "_pg_rewrite",
    10036: "_pg_trigger",
    10038: "_pg_event_trigger",
    10040: "_pg_description",
    10042: "_pg_cast",
    10044: "_pg_enum",
    10046: "_pg_namespace",
    10048: "_pg_conversion",
    10050: "_pg_depend",
    10052: "_pg_database",
    10053: "_pg_db_role_setting",
    10055: "_pg_tablespace",
    10057: "_pg_authid",
    10058: "_pg_auth_members",
    10059: "_pg_shdepend",
    10061: "_pg_shdescription",
    10063: "_pg_ts_config",
    10065: "_pg_ts_config_map",
    10067: "_pg_ts_dict",
    10069: "_pg_ts_parser",
    10071: "_pg_ts_template",
    10073: "_pg_extension",
    10075: "_pg_foreign_data_wrapper",
    10077: "_pg_foreign_server",
    10079: "_pg_user_mapping",
    10081: "_pg_foreign_table",
    10083: "_pg_policy",
    10085: "_pg_replication_origin",
    10087: "_pg_default_acl",
    10089: "_pg_init_privs",
    10091: "_pg_seclabel",
    10093: "_pg_shseclabel",
    10094: "_pg_collation",
    10096: "_pg_parameter_acl",
    10098: "_pg_partitioned_table",
    10100: "_pg_range",
    10102: "_pg_transform",
    10104: "_pg_sequence",
    10106: "_pg_publication",
    10108: "_pg_publication_namespace",
    10110: "_pg_publication_rel",
    10112: "_pg_subscription",
    10113: "_pg_subscription_rel",
    12001: "_pg_roles",
    12006: "_pg_shadow",
    12011: "_pg_group",
    12015: "_pg_user",
    12019: "_pg_policies",
    12024: "_pg_rules",
    12029: "_pg_views",
    12034: "_pg_tables",
    12039: "_pg_matviews",
    12044: "_pg_indexes",
    12049: "_pg_sequences",
    12054: "_pg_stats",
    12059: "_pg_stats_ext",
    12064: "_pg_stats_ext_exprs",
    12069: "_pg_publication_tables",
    12074: "_pg_locks",
    12078: "_pg_cursors",
    12082: "_pg_available_extensions",
    12086: "_pg_available_extension_versions",
    12091: "_pg_prepared_xacts",
    12096: "_pg_prepared_statements",
    12100: "_pg_seclabels",
    12105: "_pg_settings",
    12111: "_pg_file_settings",
    12115: "_pg_hba_file_rules",
    12119: "_pg_ident_file_mappings",
    12123: "_pg_timezone_abbrevs",
    12127: "_pg_timezone_names",
    12131: "_pg_config",
    12135: "_pg_shmem_allocations",
    12139: "_pg_shmem_allocations_numa",
    12143: "_pg_backend_memory_contexts",
    12147: "_pg_stat_all_tables",
    12152: "_pg_stat_xact_all_tables",
    12157: "_pg_stat_sys_tables",
    12162: "_pg_stat_xact_sys_tables",
    12166: "_pg_stat_user_tables",
    12171: "_pg_stat_xact_user_tables",
    12175: "_pg_statio_all_tables",
    12180: "_pg_statio_sys_tables",
    12184: "_pg_statio_user_tables",
    12188: "_pg_stat_all_indexes",
    12193: "_pg_stat_sys_indexes",
    12197: "_pg_stat_user_indexes",
    12201: "_pg_statio_all_indexes",
    12206: "_pg_statio_sys_indexes",
    12210: "_pg_statio_user_indexes",
    12214: "_pg_statio_all_sequences",
    12219: "_pg_statio_sys_sequences",
    12223: "_pg_statio_user_sequences",
    12227: "_pg_stat_activity",
    12232: "_pg_stat_replication",
    12237: "_pg_stat_slru",
    12241: "_pg_stat_wal_receiver",
    12245: "_pg_stat_recovery_prefetch",
    12249: "_pg_stat_subscription",
    12254: "_pg_stat_ssl",
    12258: "_pg_stat_gssapi",
    12262: "_pg_replication_slots",
    12267: "_pg_stat_replication_slots",
    12271: "_pg_stat_database",
    12276: "_pg_stat_database_conflicts",
    12280: "_pg_stat_user_functions",
    12285: "_pg_stat_xact_user_functions",
    12290: "_pg_stat_archiver",
    12294: "_pg_stat_bgwriter",
    12298: "_pg_stat_checkpointer",
    12302: "_pg_stat_io",
    12306: "_pg_stat_wal",
    12310: "_pg_stat_progress_analyze",
    12315: "_pg_stat_progress_vacuum",
    12320: "_pg_stat_progress_cluster",
    12325: "_pg_stat_progress_create_index",
    12330: "_pg_stat_progress_basebackup",
    12334: "_pg_stat_progress_copy",
    12339: "_pg_user_mappings",
    12344: "_pg_replication_origin_status",
    12348: "_pg_stat_subscription_stats",
    12352: "_pg_wait_events",
    12356: "_pg_aios",
    12434: "_cardinal_number",
    12435: "cardinal_number",
    12437: "_character_data",
    12438: "character_data",
    12439: "_sql_identifier",
    12440: "sql_identifier",
    12442: "_information_schema_catalog_name",
    12445: "_time_stamp",
    12446: "time_stamp",
    12447: "_yes_or_no",
    12448: "yes_or_no",
    12451: "_applicable_roles",
    12456: "_administrable_role_authorizations",
    12460: "_attributes",
    12465: "_character_sets",
    12470: "_check_constraint_routine_usage",
    12475: "_check_constraints",
    12480: "_collations",
    12485: "_collation_character_set_applicability",
    12490: "_column_column_usage",
    12495: "_column_domain_usage",
    12500: "_column_privileges",
    12505: "_column_udt_usage",
    12510: "_columns",
    12515: "_constraint_column_usage",
    12520: "_constraint_table_usage",
    12525: "_domain_constraints",
    12530: "_domain_udt_usage",
    12534: "_domains",
    12539: "_enabled_roles",
    12543: "_key_column_usage",
    12548: "_parameters",
    12553: "_referential_constraints",
    12558: "_role_column_grants",
    12562: "_routine_column_usage",
    12567: "_routine_privileges",
    12572: "_role_routine_grants",
    12576: "_routine_routine_usage",
    12581: "_routine_sequence_usage",
    12586: "_routine_table_usage",
    12591: "_routines",
    12596: "_schemata",
    12600: "_sequences",
    12605: "_sql_features",
    12610: "_sql_implementation_info",
    12615: "_sql_parts",
    12620: "_sql_sizing",
    12625: "_table_constraints",
    12630: "_table_privileges",
    12635: "_role_table_grants",
    12639: "_tables",
    12644: "_transforms",
    12649: "_triggered_update_columns",
    12654: "_triggers",
    12659: "_udt_privileges",
    12664: "_role_udt_grants",
    12668: "_usage_privileges",
    12673: "_role_usage_grants",
    12677: "_user_defined_types",
    12682: "_view_column_usage",
    12687: "_view_routine_usage",
    12692: "_view_table_usage",
    12697: "_views",
    12702: "_data_type_privileges",
    12707: "_element_types",
    12712: "__pg_foreign_table_columns",
    12717: "_column_options",
    12721: "__pg_foreign_data_wrappers",
    12725: "_foreign_data_wrapper_options",
    12729: "_foreign_data_wrappers",
    12733: "__pg_foreign_servers",
    12737: "_foreign_server_options",
    12741: "_foreign_servers",
    12745: "__pg_foreign_tables",
    12750: "_foreign_table_options",
    12754: "_foreign_tables",
    12758: "__pg_user_mappings",
    12763: "_user_mapping_options",
    12768: "_user_mappings",
}

_build_array_types()
