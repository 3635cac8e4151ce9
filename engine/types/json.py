"""json (OID 114): the JSON lexer and recursive-descent parser shared with jsonb, JSON string
escaping, and the json type itself.

A json value is its input text verbatim, once validated (json.c keeps the text as-is: output is
the input, whitespace and duplicate keys included). The parser follows src/common/jsonapi.c of
PostgreSQL 18 — json_lex / json_lex_string / json_lex_number, the recursive-descent routines and
the json_errdetail messages — and json_errsave_error (jsonfuncs.c) for SQLSTATEs: malformed input
is 22P02, ``\\u0000`` (and other untranslatable escapes) 22P05. ``escape_json`` follows json.c.

The parser is driven by a ``Builder`` so that jsonb input builds its Python values directly and the
json functions get ``JNode`` trees with source spans (they return verbatim slices of the input).
Like PostgreSQL it lexes one token ahead and runs a scalar's action after the look-ahead token, so
errors surface in the same order. Nesting deeper than ``MAX_DEPTH`` is refused (0A000): PostgreSQL
allows whatever its stack permits, and we would rather refuse than overflow Python's stack.

Must not import ``replica`` or ``wire``; imports only ``engine.errors`` and ``engine.types.settings``.
"""

from __future__ import annotations

import json as pyjson
import re
from collections.abc import Callable
from typing import Any, NoReturn, Protocol

from engine.errors import (
    EngineError,
    FeatureNotSupported,
    InvalidTextRepresentation,
    UndefinedFunction,
)
from engine.types.base import PgType
from engine.types.settings import FormatSettings

JSON_OID = 114
MAX_DEPTH = 300


class UntranslatableCharacter(EngineError):
    """``\\u0000`` in a JSON string that must be de-escaped (22P05)."""

    sqlstate = "22P05"


# --- tokens and nodes ------------------------------------------------------------------------

(
    T_OBJECT_START,
    T_OBJECT_END,
    T_ARRAY_START,
    T_ARRAY_END,
    T_COMMA,
    T_COLON,
    T_STRING,
    T_NUMBER,
    T_TRUE,
    T_FALSE,
    T_NULL,
    T_END,
) = range(12)

_PUNCT = {
    "{": T_OBJECT_START,
    "}": T_OBJECT_END,
    "[": T_ARRAY_START,
    "]": T_ARRAY_END,
    ",": T_COMMA,
    ":": T_COLON,
}
_KEYWORDS = {"true": T_TRUE, "false": T_FALSE, "null": T_NULL}

# node kinds (JNode.kind); scalars share the token numbering
K_OBJECT, K_ARRAY = 100, 101
K_STRING, K_NUMBER, K_TRUE, K_FALSE, K_NULL = T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL

_WS = re.compile(r"[ \t\n\r]*")
# JSON_ALPHANUMERIC_CHAR: ASCII letters, digits, underscore and any non-ASCII character
_ALNUM = re.compile(r"[A-Za-z0-9_\u0080-\U0010ffff]*")
# json_lex_number: each part is consumed as far as it goes even when malformed
_NUMBER = re.compile(r"(0|[1-9][0-9]*)?(\.[0-9]*)?([eE][+-]?[0-9]*)?")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                   "t": "\t"}


class JNode:
    """A parsed json value with its span ``[start, end)`` in the source text.

    ``value``: de-escaped text of a string (None when strings were not decoded), the token text
    of a number. ``items``: ``[(key, node), ...]`` for an object (document order, duplicates
    kept), ``[node, ...]`` for an array."""

    __slots__ = ("kind", "start", "end", "value", "items")

    def __init__(self, kind: int, start: int, end: int, value: Any = None,
                 items: list[Any] | None = None) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.items = items

    def __repr__(self) -> str:
        return f"JNode({self.kind}, {self.start}, {self.end}, {self.value!r}, {self.items!r})"


class Builder(Protocol):
    def scalar(self, kind: int, value: Any, start: int, end: int) -> Any: ...

    def array(self, items: list[Any], start: int, end: int) -> Any: ...

    def object(self, pairs: list[tuple[str, Any]], start: int, end: int) -> Any: ...


class NodeBuilder:
    """Builds JNode trees (for the json functions)."""

    def scalar(self, kind: int, value: Any, start: int, end: int) -> JNode:
        return JNode(kind, start, end, value)

    def array(self, items: list[Any], start: int, end: int) -> JNode:
        return JNode(K_ARRAY, start, end, None, items)

    def object(self, pairs: list[tuple[str, Any]], start: int, end: int) -> JNode:
        return JNode(K_OBJECT, start, end, None, pairs)


NODES = NodeBuilder()


# --- errors -----------------------------------------------------------------------------------


def _syntax(detail: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation("invalid input syntax for type json", detail=detail)


def _unsupported_escape() -> UntranslatableCharacter:
    return UntranslatableCharacter("unsupported Unicode escape sequence",
                                   detail="\\u0000 cannot be converted to text.")


_LOW = "Unicode low surrogate must follow a high surrogate."
_HIGH = "Unicode high surrogate must not follow a high surrogate."


# --- the lexer and parser ---------------------------------------------------------------------


class _Parser:
    """One parse of one text. ``decode``: de-escape strings (PostgreSQL's need_escapes), which
    also enforces the surrogate-pair and ``\\u0000`` rules. ``defer``: record the first such
    de-escaping error in ``deferred`` instead of raising it, and stop decoding (the json
    functions raise it themselves, after any error PostgreSQL would have reported first)."""

    __slots__ = ("text", "n", "pos", "decode", "defer", "deferred", "builder", "number_fn",
                 "tok", "tok_start", "tok_end", "tok_value")

    def __init__(self, text: str, builder: Builder, decode: bool, defer: bool,
                 number_fn: Callable[[str], Any] | None) -> None:
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.decode = decode
        self.defer = defer
        self.deferred: EngineError | None = None
        self.builder = builder
        self.number_fn = number_fn
        self.tok = T_END
        self.tok_start = 0
        self.tok_end = 0
        self.tok_value: Any = None

    # -- lexing --

    def advance(self) -> None:
        text = self.text
        s = _WS.match(text, self.pos).end()  # type: ignore[union-attr]
        self.tok_start = s
        self.tok_value = None
        if s >= self.n:
            self.tok, self.tok_end, self.pos = T_END, s, s
            return
        c = text[s]
        punct = _PUNCT.get(c)
        if punct is not None:
            self.tok, self.tok_end, self.pos = punct, s + 1, s + 1
        elif c == '"':
            self._lex_string(s)
        elif c == "-" or "0" <= c <= "9":
            self._lex_number(s)
        else:
            end = _ALNUM.match(text, s).end()  # type: ignore[union-attr]
            if end == s:
                self._invalid(s, s + 1)
            kw = _KEYWORDS.get(text[s:end])
            if kw is None:
                self._invalid(s, end)
            self.tok, self.tok_end, self.pos = kw, end, end

    def _invalid(self, start: int, end: int) -> NoReturn:
        raise _syntax(f'Token "{self.text[start:end]}" is invalid.')

    def _lex_number(self, s: int) -> None:
        text = self.text
        body = s + 1 if text[s] == "-" else s
        m = _NUMBER.match(text, body)
        assert m is not None
        intpart, frac, exp = m.groups()
        end = _ALNUM.match(text, m.end()).end()  # type: ignore[union-attr]
        bad = (
            intpart is None
            or frac == "."
            or (exp is not None and not exp[-1].isdigit())
            or end != m.end()
        )
        if bad:
            self._invalid(s, end)
        self.tok, self.tok_end, self.pos = T_NUMBER, end, end
        self.tok_value = text[s:end]

    def _lex_string(self, s: int) -> None:
        text, n = self.text, self.n
        decode = self.decode
        parts: list[str] = []
        hi = -1  # pending high surrogate
        i = s + 1
        while True:
            j = _PLAIN.match(text, i).end()  # type: ignore[union-attr]
            if hi >= 0 and (j > i or (i < n and text[i] not in '"\\')):
                # any raw character after a high surrogate escape (jsonapi.c checks this
                # before looking for characters that must be escaped)
                self._decode_error(_syntax(_LOW))
                decode, hi = self.decode, -1
            if j > i:
                if decode:
                    parts.append(text[i:j])
                i = j
            if i >= n:
                self._invalid(s, n)
            c = text[i]
            if c == '"':
                break
            if c != "\\":
                raise _syntax(f"Character with value 0x{ord(c):02x} must be escaped.")
            i += 1
            if i >= n:
                self._invalid(s, n)
            e = text[i]
            if e == "u":
                ch = self._hex4(s, i + 1)
                i += 5
                if decode:
                    hi = self._code_point(ch, hi, parts)
                    decode = self.decode
                continue
            if decode and hi >= 0:
                self._decode_error(_syntax(_LOW))
                decode, hi = self.decode, -1
            simple = _SIMPLE_ESCAPES.get(e)
            if simple is None:
                raise _syntax(f'Escape sequence "\\{e}" is invalid.')
            if decode:
                parts.append(simple)
            i += 1
        if hi >= 0:
            self._decode_error(_syntax(_LOW))
            decode = self.decode
        self.tok, self.tok_end, self.pos = T_STRING, i + 1, i + 1
        self.tok_value = "".join(parts) if decode else None

    def _hex4(self, s: int, i: int) -> int:
        """The four hex digits of a \\u escape at ``i`` (the string started at ``s``)."""
        text, n = self.text, self.n
        hexd = _HEX4.match(text, i)
        if hexd is None:
            k = i
            while k < n and k < i + 4 and text[k] in "0123456789abcdefABCDEF":
                k += 1
            if k >= n:
                self._invalid(s, n)
            raise _syntax('"\\u" must be followed by four hexadecimal digits.')
        return int(hexd.group(), 16)

    def _code_point(self, ch: int, hi: int, parts: list[str]) -> int:
        """De-escape one \\uXXXX into ``parts``: surrogate pairs combine, a lone surrogate or
        \\u0000 is an error. Returns the new pending high surrogate (-1 for none)."""
        if 0xD800 <= ch <= 0xDBFF:
            if hi >= 0:
                self._decode_error(_syntax(_HIGH))
                return -1
            return ch
        if 0xDC00 <= ch <= 0xDFFF:
            if hi < 0:
                self._decode_error(_syntax(_LOW))
                return -1
            ch = 0x10000 + ((hi - 0xD800) << 10) + (ch - 0xDC00)
        elif hi >= 0:
            self._decode_error(_syntax(_LOW))
            return -1
        if ch == 0:
            self._decode_error(_unsupported_escape())
            return -1
        parts.append(chr(ch))
        return -1

    def _decode_error(self, err: EngineError) -> None:
        if not self.defer:
            raise err
        if self.deferred is None:
            self.deferred = err
        self.decode = False

    # -- parsing --

    def _expected(self, what: str) -> EngineError:
        if self.tok == T_END:
            return _syntax("The input string ended unexpectedly.")
        found = self.text[self.tok_start:self.tok_end]
        return _syntax(f'Expected {what}, but found "{found}".')

    def value(self, depth: int) -> Any:
        tok = self.tok
        if tok == T_OBJECT_START:
            return self.object(depth + 1)
        if tok == T_ARRAY_START:
            return self.array(depth + 1)
        if tok < T_STRING or tok == T_END:
            raise self._expected("JSON value")
        start, end, value = self.tok_start, self.tok_end, self.tok_value
        self.advance()
        if tok == T_NUMBER and self.number_fn is not None:
            value = self.number_fn(value)
        return self.builder.scalar(tok, value, start, end)

    def _check_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FeatureNotSupported(f"JSON nested deeper than {MAX_DEPTH} levels")

    def array(self, depth: int) -> Any:
        self._check_depth(depth)
        start = self.tok_start
        self.advance()
        items: list[Any] = []
        if self.tok != T_ARRAY_END:
            items.append(self.value(depth))
            while self.tok == T_COMMA:
                self.advance()
                items.append(self.value(depth))
        if self.tok != T_ARRAY_END:
            raise self._expected('"," or "]"')
        end = self.tok_end
        self.advance()
        return self.builder.array(items, start, end)

    def object(self, depth: int) -> Any:
        self._check_depth(depth)
        start = self.tok_start
        self.advance()
        pairs: list[tuple[str, Any]] = []
        if self.tok == T_STRING:
            while True:
                if self.tok != T_STRING:
                    raise self._expected("string")
                key = self.tok_value
                self.advance()
                if self.tok != T_COLON:
                    raise self._expected('":"')
                self.advance()
                pairs.append((key, self.value(depth)))
                if self.tok != T_COMMA:
                    break
                self.advance()
        elif self.tok != T_OBJECT_END:
            raise self._expected('string or "}"')
        if self.tok != T_OBJECT_END:
            raise self._expected('"," or "}"')
        end = self.tok_end
        self.advance()
        return self.builder.object(pairs, start, end)

    def document(self) -> Any:
        self.advance()
        root = self.value(0)
        if self.tok != T_END:
            raise self._expected("end of input")
        return root


def parse(
    text: str,
    builder: Builder = NODES,
    *,
    decode: bool = True,
    defer: bool = False,
    number_fn: Callable[[str], Any] | None = None,
) -> tuple[Any, EngineError | None]:
    """Parse a JSON document: (root built by ``builder``, the deferred de-escaping error)."""
    p = _Parser(text, builder, decode, defer, number_fn)
    return p.document(), p.deferred


def first_token(text: str) -> int:
    """The type of the first token, lexed without de-escaping (json_typeof's single json_lex)."""
    p = _Parser(text, NODES, False, False, None)
    p.advance()
    return p.tok


# --- escaping ---------------------------------------------------------------------------------

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_ESCAPES = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"',
            "\\": "\\\\"}


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04x}"


def escape_json(s: str) -> str:
    """escape_json: a JSON string literal (control characters as \\u00xx, nothing else escaped)."""
    if _NEEDS_ESCAPE.search(s) is None:
        return f'"{s}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, s) + '"'


# --- the json type ----------------------------------------------------------------------------


def reject_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def fast_path_ok(text: str) -> bool:
    """Whether Python's C JSON scanner may be tried first: its grammar is RFC 8259's, the same
    as jsonapi.c's, except that it keeps lone surrogates and \\u0000 (which de-escaping must
    reject) and nests as deep as its recursion limit allows (we stop at MAX_DEPTH). Texts
    without ``\\u`` and with fewer than MAX_DEPTH brackets avoid both differences; anything it
    rejects is parsed again by ``parse`` for PostgreSQL's exact error."""
    return "\\u" not in text and text.count("[") + text.count("{") < MAX_DEPTH


_VALIDATOR = pyjson.JSONDecoder(parse_constant=reject_constant, parse_int=str, parse_float=str)


def json_in(text: str, typmod: int = -1) -> str:
    """json_in: validate without de-escaping (so lone surrogates and \\u0000 are accepted)."""
    if text.count("[") + text.count("{") < MAX_DEPTH:
        try:
            _VALIDATOR.decode(text)
            return text
        except (ValueError, RecursionError):
            pass
    parse(text, decode=False)
    return text


def json_out(value: str, settings: FormatSettings) -> str:
    return value


def json_key(value: str) -> Any:
    """json has no equality operator: grouping, DISTINCT or sorting on it is an error in PG."""
    raise UndefinedFunction("could not identify an equality operator for type json")


TYPES: tuple[PgType, ...] = (
    PgType(JSON_OID, "json", -1, "U", False, json_in, json_out, json_key),
)
