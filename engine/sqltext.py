"""SQL text under ``standard_conforming_strings = off``.

pglast's scanner always runs with ``standard_conforming_strings = on``. With the setting off,
PostgreSQL's scanner (src/backend/parser/scan.l) reads a plain ``'...'`` literal (and an
``N'...'`` one) exactly as an escape string ``E'...'``: backslash escapes, ``\\'`` is a quote,
and string continuation across a newline stays in that state. So the text is rewritten before
parsing: each such literal gets an ``E`` prefix, which pglast then scans as PostgreSQL would
have. ``U&'...'`` literals are rejected as scan.l rejects them (0A000). Everything else —
comments (nested ``/* */``), quoted identifiers, dollar quotes, ``B''``/``X''``/``E''``
literals and parameters — is copied unchanged.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from engine.errors import EngineError

_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT_CONT = _IDENT_START | frozenset("0123456789$")
_SPACE = " \t\n\r\f\v"


def _is_ident_start(ch: str) -> bool:
    return ch in _IDENT_START or ch >= "\x80"


def _is_ident_cont(ch: str) -> bool:
    return ch in _IDENT_CONT or ch >= "\x80"


def _continuation(sql: str, i: int) -> int | None:
    """scan.l's {quotecontinue}: whitespace holding a newline (comments allowed after it)
    then a quote continues the literal. Returns the index just past that quote, or None."""
    n = len(sql)
    j = i
    saw_newline = False
    while j < n:
        ch = sql[j]
        if ch in _SPACE:
            saw_newline = saw_newline or ch in "\n\r"
            j += 1
        elif sql.startswith("--", j):
            end = sql.find("\n", j)
            if end < 0:
                return None
            j = end
        else:
            break
    if saw_newline and j < n and sql[j] == "'":
        return j + 1
    return None


def _skip_string(sql: str, i: int, backslash: bool = True) -> int:
    """From just inside a literal to just past its end (continuations included); with
    ``backslash`` (an escape string) a backslash escapes the next character. An
    unterminated literal runs to the end (the parser reports it)."""
    n = len(sql)
    while i < n:
        ch = sql[i]
        if backslash and ch == "\\":
            i += 2
        elif ch == "'":
            if i + 1 < n and sql[i + 1] == "'":
                i += 2
                continue
            nxt = _continuation(sql, i + 1)
            if nxt is None:
                return i + 1
            i = nxt
        else:
            i += 1
    return n


def _dollar_tag(sql: str, i: int) -> str | None:
    """The ``$tag$`` opening a dollar-quoted string at ``i``, if one does."""
    n = len(sql)
    j = i + 1
    if j < n and sql[j] == "$":
        return "$$"
    if j < n and _is_ident_start(sql[j]):
        j += 1
        while j < n and _is_ident_cont(sql[j]) and sql[j] != "$":
            j += 1
        if j < n and sql[j] == "$":
            return sql[i:j + 1]
    return None


def nonstandard_strings(sql: str) -> str:
    """``sql`` rewritten so that a standard-conforming scanner reads it as PostgreSQL reads
    it with ``standard_conforming_strings = off``."""
    if "'" not in sql:
        return sql
    out: list[str] = []
    n = len(sql)
    i = 0
    last = 0
    while i < n:
        ch = sql[i]
        if ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end
        elif ch == "/" and sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif ch == '"':
            end = i + 1
            while True:
                end = sql.find('"', end)
                if end < 0:
                    end = n
                    break
                if sql.startswith('""', end):
                    end += 2
                    continue
                end += 1
                break
            i = end
        elif ch == "$":
            tag = _dollar_tag(sql, i)
            if tag is None:
                i += 1
                while i < n and sql[i].isdigit():
                    i += 1
            else:
                end = sql.find(tag, i + len(tag))
                i = n if end < 0 else end + len(tag)
        elif ch == "'":
            out.append(sql[last:i])
            out.append("E")
            last = i
            i = _skip_string(sql, i + 1)
        elif (ch in "uU" and sql.startswith("&'", i + 1)):
            raise EngineError(
                "unsafe use of string constant with Unicode escapes", sqlstate="0A000",
                detail='String constants with Unicode escapes cannot be used when '
                       '"standard_conforming_strings" is off.', position=i + 1)
        elif ch in "uU" and sql.startswith('&"', i + 1):
            i += 2  # a Unicode identifier: its quoted part is skipped next round
        elif _is_ident_start(ch):
            j = i + 1
            while j < n and _is_ident_cont(sql[j]):
                j += 1
            if j == i + 1 and j < n and sql[j] == "'":
                prefix = ch.lower()
                if prefix == "e":
                    i = _skip_string(sql, j + 1)
                    continue
                if prefix in "bx":
                    i = _skip_string(sql, j + 1, backslash=False)
                    continue
                if prefix == "n":  # NCHAR then a plain literal (xnstart), read as E''
                    out.append(sql[last:i])
                    out.append("NCHAR E")
                    last = j
                    i = _skip_string(sql, j + 1)
                    continue
            i = j
        elif ch.isdigit():
            j = i + 1
            while j < n and (_is_ident_cont(sql[j]) or sql[j] == "."):
                j += 1
            i = j
        else:
            i += 1
    if not out:
        return sql
    out.append(sql[last:])
    return "".join(out)
