"""Session settings (GUCs): the ones a hot standby reports and the ones output depends on.

``GUCS`` is the table of known settings: canonical name, whether it is reported to the client
(ParameterStatus), whether a session may change it, and how a new value is checked. Unknown
names raise 42704 as Postgres does; custom ``prefix.name`` placeholders are accepted.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine import types as T
from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.types.settings import split_identifiers


@dataclass(frozen=True, slots=True)
class Guc:
    name: str  # canonical spelling (as SHOW and ParameterStatus print it)
    default: str
    reported: bool = False
    settable: bool = True
    check: Callable[[str, dict[str, str]], str] | None = None


def _check_datestyle(value: str, current: dict[str, str]) -> str:
    cur = T.parse_datestyle(current.get("DateStyle", "ISO, MDY"), T.DEFAULT_SETTINGS)
    style, order = T.parse_datestyle(value, cur)
    return T.canonical_datestyle(style, order)


def _check_timezone(value: str, current: dict[str, str]) -> str:
    return T.validate_timezone(value)


def _check_efd(value: str, current: dict[str, str]) -> str:
    try:
        n = int(value)
    except ValueError:
        raise InvalidParameterValue(
            f'invalid value for parameter "extra_float_digits": "{value}"'
        ) from None
    if not -15 <= n <= 3:
        raise InvalidParameterValue(
            f"{n} is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)"
        )
    return str(n)


def _check_intervalstyle(value: str, current: dict[str, str]) -> str:
    v = value.lower()
    if v not in ("postgres", "postgres_verbose", "sql_standard", "iso_8601"):
        raise InvalidParameterValue(f'invalid value for parameter "IntervalStyle": "{value}"')
    return v


def _check_encoding(value: str, current: dict[str, str]) -> str:
    if value.upper().replace("-", "").replace("_", "") not in ("UTF8", "UNICODE"):
        raise FeatureNotSupported(f'client_encoding "{value}" is not supported (only UTF8)')
    return "UTF8"


def _check_scs(value: str, current: dict[str, str]) -> str:
    """Both values: with ``off`` the session's SQL text is rewritten before parsing
    (engine.sqltext), as PostgreSQL's scanner would read it."""
    v = value.lower()
    if v in ("on", "true", "yes", "1"):
        return "on"
    if v in ("off", "false", "no", "0"):
        return "off"
    raise InvalidParameterValue(
        'parameter "standard_conforming_strings" requires a Boolean value')


def _check_read_only(value: str, current: dict[str, str]) -> str:
    if value.lower() in ("off", "false", "0", "no"):
        # check_transaction_read_only in variable.c, during recovery
        raise FeatureNotSupported("cannot set transaction read-write mode during recovery")
    return "on"


def _check_bytea(value: str, current: dict[str, str]) -> str:
    if value.lower() not in ("hex", "escape"):
        raise InvalidParameterValue(f'invalid value for parameter "bytea_output": "{value}"')
    return value.lower()


def _check_lsn(value: str, current: dict[str, str]) -> str:
    if value == "":
        return ""
    try:
        hi, lo = value.split("/")
        int(hi, 16), int(lo, 16)
    except ValueError:
        raise InvalidParameterValue(
            f'invalid value for parameter "pgshadow.read_lsn": "{value}"'
        ) from None
    return value.upper()


def _check_role(value: str, current: dict[str, str]) -> str:
    """SET ROLE NONE / RESET ROLE keep the session user; another role would change
    current_user and what the session may read, which the shadow does not model."""
    if value.lower() == "none":
        return "none"
    raise FeatureNotSupported(f'SET ROLE {value} is not supported (roles are not modelled)')


def _check_restricted_kinds(value: str, current: dict[str, str]) -> str:
    """restrict_nonsystem_relation_kind: a list of "view" and "foreign-table"
    (check_restrict_nonsystem_relation_kind); the binder enforces it."""
    words = split_identifiers(value)
    name = "restrict_nonsystem_relation_kind"
    if words is None:
        raise InvalidParameterValue(f'invalid value for parameter "{name}": "{value}"',
                                    detail="List syntax is invalid.")
    for word in words:
        if word.lower() not in RESTRICTABLE_KINDS:
            raise InvalidParameterValue(f'invalid value for parameter "{name}": "{value}"',
                                        detail=f'Unrecognized key word: "{word}".')
    return value


def restricted_kinds(value: str) -> frozenset[str]:
    """The relation kinds a restrict_nonsystem_relation_kind value names."""
    return frozenset(w.lower() for w in split_identifiers(value) or ())


RESTRICTABLE_KINDS = ("view", "foreign-table")

GUCS: dict[str, Guc] = {
    g.name.lower(): g
    for g in [
        Guc("DateStyle", "ISO, MDY", True, check=_check_datestyle),
        Guc("TimeZone", "UTC", True, check=_check_timezone),
        Guc("IntervalStyle", "postgres", True, check=_check_intervalstyle),
        Guc("extra_float_digits", "1", check=_check_efd),
        Guc("client_encoding", "UTF8", True, check=_check_encoding),
        Guc("server_encoding", "UTF8", True, settable=False),
        Guc("server_version", "18.0", True, settable=False),
        Guc("server_version_num", "180000", settable=False),
        Guc("integer_datetimes", "on", True, settable=False),
        Guc("standard_conforming_strings", "on", True, check=_check_scs),
        Guc("application_name", "", True),
        Guc("is_superuser", "off", True, settable=False),
        Guc("session_authorization", "postgres", True, settable=False),
        Guc("default_transaction_read_only", "on", True),
        Guc("in_hot_standby", "on", True, settable=False),
        Guc("transaction_read_only", "on", check=_check_read_only),
        Guc("transaction_isolation", "read committed"),
        Guc("default_transaction_isolation", "read committed"),
        Guc("search_path", '"$user", public', True),
        Guc("bytea_output", "hex", check=_check_bytea),
        Guc("scram_iterations", "4096", True),
        Guc("pgshadow.read_lsn", "", check=_check_lsn),
        Guc("role", "none", check=_check_role),
        Guc("restrict_nonsystem_relation_kind", "", check=_check_restricted_kinds),
    ]
}

def _add_generic() -> None:
    """Every other setting of pg_settings, checked by type (engine.gucs_generic)."""
    from engine.gucs_generic import generic_settings

    for name, default, check in generic_settings():
        if name.lower() not in GUCS:
            GUCS[name.lower()] = Guc(name, default, check=check)


_add_generic()

ALIASES = {"time zone": "timezone", "transaction isolation level": "transaction_isolation",
           "session authorization": "session_authorization"}


def lookup(name: str) -> Guc | None:
    key = ALIASES.get(name.lower(), name.lower())
    return GUCS.get(key)


# prefixes of the contrib/core modules that reserve their setting names when loaded
MODULE_PREFIXES = frozenset({
    "plpgsql", "plperl", "plpython3", "pltcl", "auto_explain", "pg_stat_statements",
    "pg_trgm", "passwordcheck", "sepgsql", "basebackup_to_shell", "basic_archive",
    "pg_prewarm", "pgcrypto", "auth_delay", "postgres_fdw", "isn",
})


def check_value(name: str, value: str, current: dict[str, str]) -> tuple[str, str]:
    """(canonical name, canonical value) for ``SET name = value``; raises like Postgres."""
    guc = lookup(name)
    if guc is None:
        if "." in name:
            prefix = name.split(".", 1)[0].lower()
            if prefix in MODULE_PREFIXES:
                # loadable modules reserve their prefix once loaded on the primary, which
                # the shadow cannot see
                raise FeatureNotSupported(
                    f'settings of the loadable module "{prefix}" are not supported')
            return name.lower(), value  # a custom placeholder variable
        raise EngineError(f'unrecognized configuration parameter "{name}"', sqlstate="42704")
    if not guc.settable:
        raise EngineError(f'parameter "{guc.name}" cannot be changed', sqlstate="55P02")
    return guc.name, guc.check(value, current) if guc.check else value
