"""LIKE / ILIKE / NOT LIKE for text, bpchar, name and bytea, the ESCAPE clause (like_escape)
and the SIMILAR TO → POSIX regular expression translation (similar_to_escape).

Follows src/backend/utils/adt/{like.c,like_match.c} and regexp.c similar_escape_internal
(PostgreSQL 18). MatchText is ported as an algorithm, not translated to a regex, because its
error ("LIKE pattern must not end with escape character") is raised only when matching reaches
the dangling escape, and its LIKE_ABORT short-cut keeps '%' patterns polynomial. ILIKE in a
UTF8 database lower-cases both sides with the collation's tolower — ASCII only under the C
locale — then runs the case-sensitive matcher. SIMILAR TO matching itself is
``textregexeq(string, similar_to_escape(pattern, escape))`` and belongs to the regex family.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from engine.errors import EngineError, FeatureNotSupported

LIKE_TRUE, LIKE_FALSE, LIKE_ABORT = 1, 0, -1
# str_tolower under the C locale maps A-Z only (same table as strings.lower; not imported from
# there so that this module depends on engine.errors alone)
_ASCII_UPPER = {c: c + 32 for c in range(0x41, 0x5B)}


def lower(value: str) -> str:
    return value.translate(_ASCII_UPPER)


class InvalidEscapeSequence(EngineError):
    sqlstate = "22025"


class InvalidUseOfEscapeCharacter(EngineError):
    sqlstate = "2200C"


def _dangling_escape() -> InvalidEscapeSequence:
    return InvalidEscapeSequence("LIKE pattern must not end with escape character")


def _match(t: Sequence[Any], ti: int, p: Sequence[Any], pi: int, sp: tuple[Any, Any, Any]) -> int:
    """like_match.c MatchText over code points (text) or bytes (bytea); sp = (%, _, \\)."""
    pct, und, esc = sp
    tlen, plen = len(t), len(p)
    while ti < tlen and pi < plen:
        c = p[pi]
        if c == esc:
            pi += 1
            if pi >= plen:
                raise _dangling_escape()
            if p[pi] != t[ti]:
                return LIKE_FALSE
        elif c == pct:
            return _match_percent(t, ti, p, pi, sp)
        elif c != und and c != t[ti]:
            return LIKE_FALSE
        ti += 1
        pi += 1
    if ti < tlen:
        return LIKE_FALSE
    while pi < plen and p[pi] == pct:
        pi += 1
    return LIKE_TRUE if pi >= plen else LIKE_ABORT


def _match_percent(
    t: Sequence[Any], ti: int, p: Sequence[Any], pi: int, sp: tuple[Any, Any, Any]
) -> int:
    pct, und, esc = sp
    tlen, plen = len(t), len(p)
    pi += 1
    # '%' followed by '%'s and '_'s: each '_' consumes one text character
    while pi < plen:
        if p[pi] == pct:
            pi += 1
        elif p[pi] == und:
            if ti >= tlen:
                return LIKE_ABORT
            ti += 1
            pi += 1
        else:
            break
    if pi >= plen:
        return LIKE_TRUE
    if p[pi] == esc:
        if plen - pi < 2:
            raise _dangling_escape()
        first = p[pi + 1]
    else:
        first = p[pi]
    while ti < tlen:
        if t[ti] == first:
            matched = _match(t, ti, p, pi, sp)
            if matched != LIKE_FALSE:
                return matched
        ti += 1
    return LIKE_ABORT


_TEXT_SPECIALS = ("%", "_", "\\")
_BYTE_SPECIALS = (0x25, 0x5F, 0x5C)


def _like(text: Sequence[Any], pattern: Sequence[Any], sp: tuple[Any, Any, Any]) -> bool:
    try:
        return _match(text, 0, pattern, 0, sp) == LIKE_TRUE
    except RecursionError:
        raise FeatureNotSupported("LIKE pattern with this many '%' wildcards") from None


def textlike(s: str, pattern: str) -> bool:
    return _like(s, pattern, _TEXT_SPECIALS)


def textnlike(s: str, pattern: str) -> bool:
    return not textlike(s, pattern)


def texticlike(s: str, pattern: str) -> bool:
    return _like(lower(s), lower(pattern), _TEXT_SPECIALS)


def texticnlike(s: str, pattern: str) -> bool:
    return not texticlike(s, pattern)


def bytealike(s: bytes, pattern: bytes) -> bool:
    return _like(s, pattern, _BYTE_SPECIALS)


def byteanlike(s: bytes, pattern: bytes) -> bool:
    return not bytealike(s, pattern)


# --- ESCAPE clause --------------------------------------------------------------------------


def _invalid_escape_string() -> InvalidEscapeSequence:
    return InvalidEscapeSequence(
        "invalid escape string", hint="Escape string must be empty or one character."
    )


def _like_escape(
    pattern: Sequence[Any], escape: Sequence[Any], sp: tuple[Any, Any, Any]
) -> list[Any]:
    """like_match.c do_like_escape: rewrite a pattern using ``escape`` into one using '\\'.
    An empty escape disables escaping (backslashes are doubled); more than one character is an
    error."""
    backslash = sp[2]
    out: list[Any] = []
    if len(escape) == 0:
        for c in pattern:
            out.append(c)
            if c == backslash:
                out.append(backslash)
        return out
    if len(escape) != 1:
        raise _invalid_escape_string()
    e = escape[0]
    if e == backslash:
        return list(pattern)
    after = False
    for c in pattern:
        if after:
            out.append(c)  # an escaped backslash stays single: the escape already emitted one
            after = False
        elif c == e:
            out.append(backslash)
            after = True
        elif c == backslash:
            out.append(backslash)
            out.append(backslash)
        else:
            out.append(c)
    return out


def like_escape(pattern: str, escape: str) -> str:
    return "".join(_like_escape(pattern, escape, _TEXT_SPECIALS))


def like_escape_bytea(pattern: bytes, escape: bytes) -> bytes:
    return bytes(_like_escape(pattern, escape, _BYTE_SPECIALS))


# --- SIMILAR TO -----------------------------------------------------------------------------


class _SimilarTranslator:
    """regexp.c similar_escape_internal: SQL regex → ARE, anchored as ^(?:...)$."""

    def __init__(self, escape: str | None) -> None:
        self.escape = escape
        self.out: list[str] = ["^(?:"]
        self.after_escape = False
        self.in_class = False
        self.class_pos = 0
        self.nquotes = 0

    def _escaped(self, ch: str) -> None:
        if ch == '"' and not self.in_class:
            if self.nquotes == 0:
                self.out.append("){1,1}?(")
            elif self.nquotes == 1:
                self.out.append("){1,1}(?:")
            else:
                raise InvalidUseOfEscapeCharacter(
                    "SQL regular expression may not contain more than two escape-double-quote "
                    "separators"
                )
            self.nquotes += 1
        else:
            # any character may be escaped, giving access to ARE escapes such as \d
            self.out.append("\\" + ch)
            self.class_pos = 3
        self.after_escape = False

    def _in_class(self, ch: str) -> None:
        if ch == "\\":
            self.out.append("\\")
        self.out.append(ch)
        # ']' or '^' first in a bracket expression is literal / negation, not the end
        if ch == "]" and self.class_pos > 2:
            self.in_class = False
        elif ch == "^" and self.class_pos == 1:
            self.class_pos = 2
        else:
            self.class_pos = 3

    def feed(self, ch: str) -> None:
        if self.after_escape:
            self._escaped(ch)
        elif self.escape is not None and ch == self.escape:
            self.after_escape = True
        elif self.in_class:
            self._in_class(ch)
        elif ch == "[":
            self.out.append("[")
            self.in_class, self.class_pos = True, 1
        else:
            self.out.append(_SIMILAR_OUTSIDE.get(ch, ch))

    def result(self) -> str:
        return "".join(self.out) + ")$"


_SIMILAR_OUTSIDE = {
    "%": ".*",
    "_": ".",
    "(": "(?:",
    "\\": "\\\\",
    ".": "\\.",
    "^": "\\^",
    "$": "\\$",
}


def _similar_escape(pattern: str, escape: str | None) -> str:
    if escape is not None and len(escape) > 1:
        raise _invalid_escape_string()
    tr = _SimilarTranslator(escape or None)
    for ch in pattern:
        tr.feed(ch)
    return tr.result()


def similar_to_escape_1(pattern: str) -> str:
    return _similar_escape(pattern, "\\")


def similar_to_escape_2(pattern: str, escape: str) -> str:
    return _similar_escape(pattern, escape)


def similar_escape(pattern: str | None, escape: str | None) -> str | None:
    """The non-strict legacy form: a NULL escape means the default backslash."""
    if pattern is None:
        return None
    return _similar_escape(pattern, "\\" if escape is None else escape)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "textlike": textlike,
    "textnlike": textnlike,
    "texticlike": texticlike,
    "texticnlike": texticnlike,
    "namelike": textlike,
    "namenlike": textnlike,
    "nameiclike": texticlike,
    "nameicnlike": texticnlike,
    "bytealike": bytealike,
    "byteanlike": byteanlike,
    "like_escape": like_escape,
    "like_escape_bytea": like_escape_bytea,
    "similar_to_escape_1": similar_to_escape_1,
    "similar_to_escape_2": similar_to_escape_2,
    "similar_escape": similar_escape,
}
