"""format(), concat(), concat_ws() and quote_ident/quote_literal/quote_nullable.

Follows src/backend/utils/adt/varlena.c (text_format, text_concat, text_concat_ws) and
src/backend/utils/adt/quote.c, ruleutils.c quote_identifier (PostgreSQL 18). The variadic
``"any"`` arguments arrive already converted to text by their types' output functions (None
for NULL), which is what PG prints for them; a ``*`` width argument is parsed back with
pg_strtoint32 (int4in), which gives the same value for int2/int4 arguments as PG's direct read.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.errors import EngineError, InvalidParameterValue, NumericValueOutOfRange

INT4_MAX = 2**31 - 1
_FORMAT_HINT = 'For a single "%" use "%%".'

# generated from PostgreSQL 18.6: SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'
# — the keywords quote_identifier() must quote (every category but unreserved)
_KEYWORDS_TEXT = """all analyse analyze and any array as asc asymmetric authorization between bigint binary
    bit boolean both case cast char character check coalesce collate collation column
    concurrently constraint create cross current_catalog current_date current_role
    current_schema current_time current_timestamp current_user dec decimal default deferrable
    desc distinct do else end except exists extract false fetch float for foreign freeze from
    full grant greatest group grouping having ilike in initially inner inout int integer
    intersect interval into is isnull join json json_array json_arrayagg json_exists
    json_object json_objectagg json_query json_scalar json_serialize json_table json_value
    lateral leading least left like limit localtime localtimestamp merge_action national
    natural nchar none normalize not notnull null nullif numeric offset on only or order out
    outer overlaps overlay placing position precision primary real references returning right
    row select session_user setof similar smallint some substring symmetric system_user table
    tablesample then time timestamp to trailing treat trim true union unique user using values
    varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement
    xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable"""
_QUOTED_KEYWORDS = frozenset(_KEYWORDS_TEXT.split())


class NullValueNotAllowed(EngineError):
    sqlstate = "22004"


# --- quoting --------------------------------------------------------------------------------


def _ident_safe(ident: str) -> bool:
    if not ident or not ("a" <= ident[0] <= "z" or ident[0] == "_"):
        return False
    if not all("a" <= c <= "z" or "0" <= c <= "9" or c == "_" for c in ident):
        return False
    return ident not in _QUOTED_KEYWORDS


def quote_ident(ident: str) -> str:
    """quote_identifier: quote unless lower-case ASCII, digits, '_' and not a keyword that
    needs quoting (quote_all_identifiers is off on the primary)."""
    if _ident_safe(ident):
        return ident
    return '"' + ident.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """quote_literal_cstr: double quotes and, when a backslash is present, an E'' literal."""
    body = value.replace("'", "''")
    if "\\" in value:
        return "E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


def quote_nullable(value: str | None) -> str:
    return "NULL" if value is None else quote_literal(value)


# --- concat ---------------------------------------------------------------------------------


def text_concat(*args: str | None) -> str:
    return "".join(a for a in args if a is not None)


def text_concat_ws(sep: str | None, *args: str | None) -> str | None:
    if sep is None:
        return None
    return sep.join(a for a in args if a is not None)


# --- format ---------------------------------------------------------------------------------


def _unterminated() -> InvalidParameterValue:
    return InvalidParameterValue("unterminated format() type specifier", hint=_FORMAT_HINT)


class _Cursor:
    """A position in the format string; advancing past its end is PG's 'unterminated'."""

    def __init__(self, fmt: str, pos: int) -> None:
        self.fmt = fmt
        self.pos = pos

    @property
    def ch(self) -> str:
        return self.fmt[self.pos]

    def advance(self) -> None:
        self.pos += 1
        if self.pos >= len(self.fmt):
            raise _unterminated()

    def digits(self) -> int | None:
        """text_format_parse_digits: a decimal number (int4-range) or None."""
        value, found = 0, False
        while "0" <= self.ch <= "9":
            value = value * 10 + int(self.ch)
            if value > INT4_MAX:
                raise NumericValueOutOfRange("number is out of range")
            self.advance()
            found = True
        return value if found else None


def _zero_argument() -> InvalidParameterValue:
    return InvalidParameterValue("format specifies argument 0, but arguments are numbered from 1")


def _parse_spec(cur: _Cursor) -> tuple[int, int, bool, int]:
    """text_format_parse_format: (argpos, widthpos, minus flag, width); -1 means absent,
    widthpos 0 means "the next argument"."""
    argpos, widthpos, minus, width = -1, -1, False, 0
    n = cur.digits()
    if n is not None:
        if cur.ch != "$":
            return argpos, widthpos, minus, n
        if n == 0:
            raise _zero_argument()
        argpos = n
        cur.advance()
    while cur.ch == "-":
        minus = True
        cur.advance()
    if cur.ch == "*":
        cur.advance()
        n = cur.digits()
        if n is None:
            widthpos = 0
        else:
            if cur.ch != "$":
                raise InvalidParameterValue('width argument position must be ended by "$"')
            if n == 0:
                raise _zero_argument()
            widthpos = n
            cur.advance()
    else:
        n = cur.digits()
        if n is not None:
            width = n
    return argpos, widthpos, minus, width


def _pad(text: str, minus: bool, width: int) -> str:
    """text_format_append_string: a negative width means left-justify."""
    if width == 0:
        return text
    if width < 0:
        if width <= -(2**31):
            raise NumericValueOutOfRange("number is out of range")
        minus, width = True, -width
    fill = " " * max(width - len(text), 0)
    return text + fill if minus else fill + text


def _convert(conv: str, value: str | None) -> str:
    if value is None:
        if conv == "I":
            raise NullValueNotAllowed("null values cannot be formatted as an SQL identifier")
        return "NULL" if conv == "L" else ""
    if conv == "I":
        return quote_ident(value)
    if conv == "L":
        return quote_literal(value)
    return value


def _int4(text: str) -> int:
    """pg_strtoint32 on the width argument's text (int4in; imported lazily so that this module
    loads with engine.errors alone)."""
    from engine.types.integer import int4in

    return int4in(text)


def text_format(fmt: str | None, *args: str | None) -> str | None:
    """format(fmt, VARIADIC "any"): %[argpos$][-][width|*|*n$](s|I|L) and %%."""
    if fmt is None:
        return None
    nargs = len(args) + 1  # PG counts the format string as argument 0
    out: list[str] = []
    arg = 1
    i = 0
    while i < len(fmt):
        if fmt[i] != "%":
            out.append(fmt[i])
            i += 1
            continue
        cur = _Cursor(fmt, i)
        cur.advance()
        if cur.ch == "%":
            out.append("%")
            i = cur.pos + 1
            continue
        argpos, widthpos, minus, width = _parse_spec(cur)
        conv = cur.ch
        if conv not in "sIL":
            raise InvalidParameterValue(
                f'unrecognized format() type specifier "{conv}"', hint=_FORMAT_HINT
            )
        if widthpos >= 0:
            if widthpos > 0:
                arg = widthpos
            if arg >= nargs:
                raise InvalidParameterValue("too few arguments for format()")
            raw = args[arg - 1]
            width = 0 if raw is None else _int4(raw)
            arg += 1
        if argpos > 0:
            arg = argpos
        if arg >= nargs:
            raise InvalidParameterValue("too few arguments for format()")
        out.append(_pad(_convert(conv, args[arg - 1]), minus, width))
        arg += 1
        i = cur.pos + 1
    return "".join(out)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "quote_ident": quote_ident,
    "quote_literal": quote_literal,
    "quote_nullable": quote_nullable,
    "text_concat": text_concat,
    "text_concat_ws": text_concat_ws,
    "text_format": text_format,
    "text_format_nv": text_format,
}
