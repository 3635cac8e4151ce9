"""PostgreSQL regular expressions: ``~``/``~*``/``!~``/``!~*``, substring(text from pattern),
regexp_match(es), regexp_replace, regexp_split_to_table/array, regexp_count/instr/like/substr.

The functions follow src/backend/utils/adt/regexp.c and replace_text_regexp() in varlena.c;
the engine (``regex_lex``/``regex_parse``/``regex_nfa``/``regex_exec``) reproduces Spencer's
ARE semantics (src/backend/regex) under the C collation. Keys are ``pg_proc.prosrc`` names.
An invalid pattern raises 2201B with PostgreSQL's message; a pattern or subject too large for
the engine to answer with certainty raises FeatureNotSupported. Must not import anything from
the engine beyond ``engine.errors``, ``engine.types.base`` and the ``regex_*`` modules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import EngineError, FeatureNotSupported, InvalidParameterValue
from engine.functions.regex_chars import (
    REG_ADVANCED,
    REG_ADVF,
    REG_EXPANDED,
    REG_EXTENDED,
    REG_ICASE,
    REG_NEWLINE,
    REG_NLANCH,
    REG_NLSTOP,
    REG_QUOTE,
    RegexCompileError,
)
from engine.functions.regex_exec import RegexProgram, Span
from engine.functions.regex_nfa import Context, TooComplex
from engine.types.base import ArrayValue

TEXT_OID = 25

__all__ = ["RegexProgram", "compile_are", "InvalidRegularExpression"]


class InvalidRegularExpression(EngineError):
    """ERRCODE_INVALID_REGULAR_EXPRESSION."""

    sqlstate = "2201B"


def _refuse(err: TooComplex) -> FeatureNotSupported:
    return FeatureNotSupported(f"regular expression too complex for the shadow engine ({err})")


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, cflags: int) -> RegexProgram:
    """RE_compile_and_cache() + pg_regcomp()'s argument checks."""
    if (cflags & REG_QUOTE and cflags & (REG_ADVANCED | REG_EXPANDED | REG_NEWLINE)) or (
        not cflags & REG_EXTENDED and cflags & REG_ADVF
    ):
        raise InvalidRegularExpression(
            "invalid regular expression: invalid argument to regex function"
        )
    try:
        return RegexProgram(pattern, cflags)
    except RegexCompileError as err:
        raise InvalidRegularExpression(f"invalid regular expression: {err}") from None
    except TooComplex as err:
        raise _refuse(err) from None
    except RecursionError:
        raise FeatureNotSupported(
            "regular expression nesting too deep for the shadow engine"
        ) from None


def _search(
    prog: RegexProgram, text: str, start: int, nmatch: int, ctx: Context | None = None
) -> list[Span] | None:
    try:
        return prog.search(text, start, nmatch, ctx)
    except TooComplex as err:
        raise _refuse(err) from None
    except RecursionError:
        raise FeatureNotSupported("regular expression too complex for the shadow engine") from None


def parse_re_flags(opts: str | None) -> tuple[int, bool]:
    """parse_re_flags(): (cflags, glob) from a regexp_* options string."""
    cflags = REG_ADVANCED
    glob = False
    for ch in opts or "":
        if ch == "g":
            glob = True
        elif ch == "b":
            cflags &= ~(REG_ADVANCED | REG_EXTENDED | REG_QUOTE)
        elif ch == "c":
            cflags &= ~REG_ICASE
        elif ch == "e":
            # as regexp.c does it: REG_ADVANCED includes REG_EXTENDED, so 'e' yields BREs
            cflags |= REG_EXTENDED
            cflags &= ~(REG_ADVANCED | REG_QUOTE)
        elif ch == "i":
            cflags |= REG_ICASE
        elif ch in "mn":
            cflags |= REG_NEWLINE
        elif ch == "p":
            cflags |= REG_NLSTOP
            cflags &= ~REG_NLANCH
        elif ch == "q":
            cflags |= REG_QUOTE
            cflags &= ~(REG_ADVANCED | REG_EXTENDED)
        elif ch == "s":
            cflags &= ~REG_NEWLINE
        elif ch == "t":
            cflags &= ~REG_EXPANDED
        elif ch == "w":
            cflags &= ~REG_NLSTOP
            cflags |= REG_NLANCH
        elif ch == "x":
            cflags |= REG_EXPANDED
        else:
            raise InvalidParameterValue(f'invalid regular expression option: "{ch}"')
    return cflags, glob


def compile_are(pattern: str, flags: str = "") -> RegexProgram:
    """The compiled program for ``pattern`` under regexp_* option letters (cached)."""
    return _compile(pattern, parse_re_flags(flags)[0])


def _no_glob(fn: str, glob: bool, hint: str | None = None) -> None:
    if glob:
        raise InvalidParameterValue(f'{fn} does not support the "global" option', hint=hint)


def _param(name: str, value: int, ok: bool) -> None:
    if not ok:
        raise InvalidParameterValue(f'invalid value for parameter "{name}": {value}')


# --- boolean matching ----------------------------------------------------------------------------


def _matches(text: str, pattern: str, cflags: int) -> bool:
    return _search(_compile(pattern, cflags), text, 0, 0) is not None


def textregexeq(s: str, p: str) -> bool:
    return _matches(s, p, REG_ADVANCED)


def textregexne(s: str, p: str) -> bool:
    return not _matches(s, p, REG_ADVANCED)


def texticregexeq(s: str, p: str) -> bool:
    return _matches(s, p, REG_ADVANCED | REG_ICASE)


def texticregexne(s: str, p: str) -> bool:
    return not _matches(s, p, REG_ADVANCED | REG_ICASE)


def regexp_like(s: str, p: str, flags: str | None = None) -> bool:
    cflags, glob = parse_re_flags(flags)
    _no_glob("regexp_like()", glob)
    return _matches(s, p, cflags)


def textregexsubstr(s: str, p: str) -> str | None:
    prog = _compile(p, REG_ADVANCED)
    pm = _search(prog, s, 0, 2)
    if pm is None:
        return None
    so, eo = pm[1] if prog.nsub > 0 else pm[0]
    return None if so < 0 or eo < 0 else s[so:eo]


# --- the shared matching loop (setup_regexp_matches) ------------------------------------------


def _all_matches(
    s: str,
    p: str,
    cflags: int,
    glob: bool,
    start: int = 0,
    subpatterns: bool = False,
    ignore_degenerate: bool = False,
) -> tuple[int, list[list[Span]]]:
    """(npatterns, per match the spans reported): the groups, or the whole match."""
    prog = _compile(p, cflags)
    use_subs = subpatterns and prog.nsub > 0
    npatterns = prog.nsub if use_subs else 1
    nmatch = prog.nsub + 1 if use_subs else 1
    found: list[list[Span]] = []
    prev_end = 0
    ctx = prog.subject(s)
    while True:
        pm = _search(prog, s, start, nmatch, ctx)
        if pm is None:
            break
        so, eo = pm[0]
        if not ignore_degenerate or (so < len(s) and eo > prev_end):
            found.append(pm[1 : prog.nsub + 1] if use_subs else [pm[0]])
        prev_end = eo
        if not glob:
            break
        start = eo + 1 if so == eo else eo
        if start > len(s):
            break
    return npatterns, found


def _text_array(items: list[str | None]) -> ArrayValue:
    if not items:
        return ArrayValue(TEXT_OID, (), (), ())
    return ArrayValue(TEXT_OID, (len(items),), (1,), tuple(items))


def _spans_text(s: str, spans: list[Span]) -> ArrayValue:
    return _text_array([None if so < 0 or eo < 0 else s[so:eo] for so, eo in spans])


def regexp_match(s: str, p: str, flags: str | None = None) -> ArrayValue | None:
    cflags, glob = parse_re_flags(flags)
    _no_glob("regexp_match()", glob, "Use the regexp_matches function instead.")
    _, found = _all_matches(s, p, cflags, False, subpatterns=True)
    return _spans_text(s, found[0]) if found else None


def regexp_matches(s: str, p: str, flags: str | None = None) -> Iterator[ArrayValue]:
    cflags, glob = parse_re_flags(flags)
    _, found = _all_matches(s, p, cflags, glob, subpatterns=True)
    return iter([_spans_text(s, spans) for spans in found])


def _split(s: str, p: str, flags: str | None, fn: str) -> list[str]:
    cflags, glob = parse_re_flags(flags)
    _no_glob(fn, glob)
    _, found = _all_matches(s, p, cflags, True, ignore_degenerate=True)
    pieces: list[str] = []
    prev = 0
    for ((so, eo),) in found:
        pieces.append(s[prev:so])
        prev = eo
    pieces.append(s[prev:])
    return pieces


def regexp_split_to_table(s: str, p: str, flags: str | None = None) -> Iterator[str]:
    return iter(_split(s, p, flags, "regexp_split_to_table()"))


def regexp_split_to_array(s: str, p: str, flags: str | None = None) -> ArrayValue:
    return _text_array(list(_split(s, p, flags, "regexp_split_to_array()")))


def regexp_count(s: str, p: str, start: int = 1, flags: str | None = None) -> int:
    _param("start", start, start > 0)
    cflags, glob = parse_re_flags(flags)
    _no_glob("regexp_count()", glob)
    return len(_all_matches(s, p, cflags, True, start - 1)[1])


def _select_match(
    s: str, p: str, start: int, n: int, flags: str | None, subexpr: int, fn: str
) -> Span | None:
    """The span regexp_instr/regexp_substr report, or None when there is none."""
    _param("start", start, start > 0)
    _param("n", n, n > 0)
    _param("subexpr", subexpr, subexpr >= 0)
    cflags, glob = parse_re_flags(flags)
    _no_glob(fn, glob)
    npatterns, found = _all_matches(s, p, cflags, True, start - 1, subpatterns=subexpr > 0)
    if n > len(found) or subexpr > npatterns:
        return None
    return found[n - 1][subexpr - 1 if subexpr > 0 else 0]


def regexp_instr(
    s: str,
    p: str,
    start: int = 1,
    n: int = 1,
    endoption: int = 0,
    flags: str | None = None,
    subexpr: int = 0,
) -> int:
    _param("start", start, start > 0)
    _param("n", n, n > 0)
    _param("endoption", endoption, endoption in (0, 1))
    span = _select_match(s, p, start, n, flags, subexpr, "regexp_instr()")
    if span is None:
        return 0
    pos = span[endoption]
    return pos + 1 if pos >= 0 else 0


def regexp_substr(
    s: str, p: str, start: int = 1, n: int = 1, flags: str | None = None, subexpr: int = 0
) -> str | None:
    span = _select_match(s, p, start, n, flags, subexpr, "regexp_substr()")
    if span is None or span[0] < 0 or span[1] < 0:
        return None
    return s[span[0] : span[1]]


# --- regexp_replace (replace_text_regexp in varlena.c) -----------------------------------------


def _escape_status(r: str) -> int:
    """0: no backslashes to process; 1: escapes but no \\1..\\9; 2: submatch references."""
    status = 0
    i = r.find("\\")
    while i >= 0 and i + 1 < len(r):
        if "1" <= r[i + 1] <= "9":
            return 2
        status = 1
        i = r.find("\\", i + 2)
    return status


def _substitute(out: list[str], s: str, r: str, pm: list[Span]) -> None:
    i = 0
    while i < len(r):
        j = r.find("\\", i)
        if j < 0:
            out.append(r[i:])
            return
        out.append(r[i:j])
        if j + 1 >= len(r):
            out.append("\\")
            return
        c = r[j + 1]
        i = j + 2
        if "1" <= c <= "9":
            idx = ord(c) - 48
            so, eo = pm[idx] if idx < len(pm) else (-1, -1)
        elif c == "&":
            so, eo = pm[0]
        elif c == "\\":
            out.append("\\")
            continue
        else:
            out.append("\\")
            i = j + 1
            continue
        if so >= 0 and eo >= 0:
            out.append(s[so:eo])


def replace_text_regexp(s: str, p: str, r: str, cflags: int, search_start: int, n: int) -> str:
    status = _escape_status(r)
    prog = _compile(p, cflags)
    nmatch = 10 if status == 2 else 1
    out: list[str] = []
    data_pos = 0
    count = 0
    ctx = prog.subject(s)
    while search_start <= len(s):
        pm = _search(prog, s, search_start, nmatch, ctx)
        if pm is None:
            break
        so, eo = pm[0]
        count += 1
        if n > 0 and count != n:
            search_start = eo + 1 if so == eo else eo
            continue
        out.append(s[data_pos:so])
        data_pos = so
        if status > 0:
            _substitute(out, s, r, pm[:10] if nmatch > 1 else pm[:1])
        else:
            out.append(r)
        data_pos = eo
        if n > 0:
            break
        search_start = data_pos + 1 if so == eo else data_pos
    out.append(s[data_pos:])
    return "".join(out)


def textregexreplace_noopt(s: str, p: str, r: str) -> str:
    return replace_text_regexp(s, p, r, REG_ADVANCED, 0, 1)


def textregexreplace(s: str, p: str, r: str, opt: str) -> str:
    if opt and "0" <= opt[0] <= "9":
        raise InvalidParameterValue(
            f'invalid regular expression option: "{opt[0]}"',
            hint="If you meant to use regexp_replace() with a start parameter, "
            "cast the fourth argument to integer explicitly.",
        )
    cflags, glob = parse_re_flags(opt)
    return replace_text_regexp(s, p, r, cflags, 0, 0 if glob else 1)


def textregexreplace_extended(
    s: str, p: str, r: str, start: int = 1, n: int | None = None, flags: str | None = None
) -> str:
    _param("start", start, start > 0)
    if n is not None:
        _param("n", n, n >= 0)
    cflags, glob = parse_re_flags(flags)
    if n is None:
        n = 0 if glob else 1
    return replace_text_regexp(s, p, r, cflags, start - 1, n)


def _noflags_replace(s: str, p: str, r: str, start: int, n: int) -> str:
    return textregexreplace_extended(s, p, r, start, n)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "textregexeq": textregexeq,
    "textregexne": textregexne,
    "texticregexeq": texticregexeq,
    "texticregexne": texticregexne,
    "nameregexeq": textregexeq,
    "nameregexne": textregexne,
    "nameicregexeq": texticregexeq,
    "nameicregexne": texticregexne,
    "textregexsubstr": textregexsubstr,
    "textregexreplace_noopt": textregexreplace_noopt,
    "textregexreplace": textregexreplace,
    "textregexreplace_extended": textregexreplace_extended,
    "textregexreplace_extended_no_flags": _noflags_replace,
    "textregexreplace_extended_no_n": textregexreplace_extended,
    "regexp_like": regexp_like,
    "regexp_like_no_flags": regexp_like,
    "regexp_match": regexp_match,
    "regexp_match_no_flags": regexp_match,
    "regexp_split_to_array": regexp_split_to_array,
    "regexp_split_to_array_no_flags": regexp_split_to_array,
    "regexp_count": regexp_count,
    "regexp_count_no_flags": regexp_count,
    "regexp_count_no_start": regexp_count,
    "regexp_instr": regexp_instr,
    "regexp_instr_no_subexpr": regexp_instr,
    "regexp_instr_no_flags": regexp_instr,
    "regexp_instr_no_endoption": regexp_instr,
    "regexp_instr_no_n": regexp_instr,
    "regexp_instr_no_start": regexp_instr,
    "regexp_substr": regexp_substr,
    "regexp_substr_no_subexpr": regexp_substr,
    "regexp_substr_no_flags": regexp_substr,
    "regexp_substr_no_n": regexp_substr,
    "regexp_substr_no_start": regexp_substr,
}

SRF_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "regexp_matches": regexp_matches,
    "regexp_matches_no_flags": regexp_matches,
    "regexp_split_to_table": regexp_split_to_table,
    "regexp_split_to_table_no_flags": regexp_split_to_table,
}
