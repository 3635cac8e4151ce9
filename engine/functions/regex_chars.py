"""Compile flags, error codes, and the character repertoire of PostgreSQL regular expressions
under the C collation: class membership and case counterparts (src/backend/regex/regc_locale.c
and regc_pg_locale.c's PG_REGEX_STRATEGY_C, where only ASCII characters have class properties
or case variants), collating-element names, and ``CharSet``. Must not import anything from the
engine.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable

# compile flags (src/include/regex/regex.h)
REG_EXTENDED = 0o1
REG_ADVF = 0o2
REG_ADVANCED = REG_EXTENDED | REG_ADVF
REG_QUOTE = 0o4
REG_ICASE = 0o10
REG_NOSUB = 0o20
REG_EXPANDED = 0o40
REG_NLSTOP = 0o100
REG_NLANCH = 0o200
REG_NEWLINE = REG_NLSTOP | REG_NLANCH

# error codes and texts (src/include/regex/regerrs.h)
ERROR_TEXT = {
    "BADPAT": "invalid regexp (reg version 0.8)",
    "ECOLLATE": "invalid collating element",
    "ECTYPE": "invalid character class",
    "EESCAPE": "invalid escape \\ sequence",
    "ESUBREG": "invalid backreference number",
    "EBRACK": "brackets [] not balanced",
    "EPAREN": "parentheses () not balanced",
    "EBRACE": "braces {} not balanced",
    "BADBR": "invalid repetition count(s)",
    "ERANGE": "invalid character range",
    "BADRPT": "quantifier operand invalid",
    "ASSERT": '"can\'t happen" -- you found a bug',
    "INVARG": "invalid argument to regex function",
    "BADOPT": "invalid embedded option",
    "ETOOBIG": "regular expression is too complex",
}


class RegexCompileError(Exception):
    """A pattern PostgreSQL's regcomp rejects; ``code`` is the regerrs.h name."""

    def __init__(self, code: str) -> None:
        super().__init__(ERROR_TEXT[code])
        self.code = code


# lookaround types (regguts.h LATYPE_*)
AHEAD_POS, AHEAD_NEG, BEHIND_POS, BEHIND_NEG = 3, 2, 1, 0

DUPMAX = 255
DUPINF = DUPMAX + 1
CHR_MAX = 0x7FFFFFFE

CLASS_NAMES = (
    "alnum",
    "alpha",
    "ascii",
    "blank",
    "cntrl",
    "digit",
    "graph",
    "lower",
    "print",
    "punct",
    "space",
    "upper",
    "xdigit",
    "word",
)

# ASCII collating-element names and their codes (regc_locale.c cnames)
_CNAME_TABLE = """
    NUL=0 SOH=1 STX=2 ETX=3 EOT=4 ENQ=5 ACK=6 BEL=7 alert=7 BS=8 backspace=8 HT=9 tab=9
    LF=10 newline=10 VT=11 vertical-tab=11 FF=12 form-feed=12 CR=13 carriage-return=13 SO=14
    SI=15 DLE=16 DC1=17 DC2=18 DC3=19 DC4=20 NAK=21 SYN=22 ETB=23 CAN=24 EM=25 SUB=26 ESC=27
    IS4=28 FS=28 IS3=29 GS=29 IS2=30 RS=30 IS1=31 US=31 space=32 exclamation-mark=33
    quotation-mark=34 number-sign=35 dollar-sign=36 percent-sign=37 ampersand=38
    apostrophe=39 left-parenthesis=40 right-parenthesis=41 asterisk=42 plus-sign=43 comma=44
    hyphen=45 hyphen-minus=45 period=46 full-stop=46 slash=47 solidus=47 zero=48 one=49
    two=50 three=51 four=52 five=53 six=54 seven=55 eight=56 nine=57 colon=58 semicolon=59
    less-than-sign=60 equals-sign=61 greater-than-sign=62 question-mark=63 commercial-at=64
    left-square-bracket=91 backslash=92 reverse-solidus=92 right-square-bracket=93
    circumflex=94 circumflex-accent=94 underscore=95 low-line=95 grave-accent=96
    left-brace=123 left-curly-bracket=123 vertical-line=124 right-brace=125
    right-curly-bracket=125 tilde=126 DEL=127
"""


def _name_table(text: str) -> dict[str, int]:
    pairs = (item.rsplit("=", 1) for item in text.split())
    return {name: int(code) for name, code in pairs}


CNAMES = _name_table(_CNAME_TABLE)


# --- C-locale character properties (regc_pg_locale.c, PG_REGEX_STRATEGY_C) --------------------


def c_isdigit(c: int) -> bool:
    return 48 <= c <= 57


def c_isalpha(c: int) -> bool:
    return 65 <= c <= 90 or 97 <= c <= 122


def c_isalnum(c: int) -> bool:
    return c_isdigit(c) or c_isalpha(c)


def c_isword(c: int) -> bool:
    return c == 95 or c_isalnum(c)


def c_isspace(c: int) -> bool:
    return 9 <= c <= 13 or c == 32


def c_tolower(c: int) -> int:
    return c + 32 if 65 <= c <= 90 else c


def c_toupper(c: int) -> int:
    return c - 32 if 97 <= c <= 122 else c


@functools.cache
def _class_members(name: str) -> tuple[tuple[int, int], ...]:
    """The (lo, hi) ranges of a character class under the C collation."""
    if name == "ascii":
        return ((0, 0x7F),)
    if name == "blank":
        return ((9, 9), (32, 32))
    if name == "cntrl":
        return ((0, 0x1F), (0x7F, 0x9F))
    if name == "xdigit":
        return ((48, 57), (65, 70), (97, 102))
    tests: dict[str, Callable[[int], bool]] = {
        "alnum": c_isalnum,
        "alpha": c_isalpha,
        "digit": c_isdigit,
        "word": c_isword,
        "space": c_isspace,
        "upper": lambda c: 65 <= c <= 90,
        "lower": lambda c: 97 <= c <= 122,
        "graph": lambda c: 0x21 <= c <= 0x7E,
        "print": lambda c: 0x20 <= c <= 0x7E,
        "punct": lambda c: 0x21 <= c <= 0x7E and not c_isalnum(c),
    }
    test = tests[name]
    return tuple((c, c) for c in range(128) if test(c))


class CharSet:
    """A set of code points: sorted disjoint ranges, optionally complemented."""

    __slots__ = ("_los", "_his", "negated", "_ascii")

    def __init__(self, ranges: Iterable[tuple[int, int]], negated: bool = False) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._los = [r[0] for r in merged]
        self._his = [r[1] for r in merged]
        self.negated = negated
        mask = 0
        for lo, hi in zip(self._los, self._his, strict=True):
            if lo > 127:
                break
            mask |= ((1 << (min(hi, 127) + 1)) - 1) ^ ((1 << lo) - 1)
        self._ascii = mask ^ ((1 << 128) - 1) if negated else mask

    def _raw(self, c: int) -> bool:
        i = bisect.bisect_right(self._los, c) - 1
        return i >= 0 and c <= self._his[i]

    def __contains__(self, c: int) -> bool:
        if c < 128:
            return bool(self._ascii >> c & 1)
        return self._raw(c) != self.negated

    def ranges(self) -> list[tuple[int, int]]:
        return list(zip(self._los, self._his, strict=True))

    def complement(self, extra: Iterable[tuple[int, int]] = ()) -> CharSet:
        """The complement of (self plus extra); self must not be negated."""
        assert not self.negated
        return CharSet(self.ranges() + list(extra), negated=True)

    def __repr__(self) -> str:
        return f"CharSet({self.ranges()}, negated={self.negated})"


def class_ranges(name: str, icase: bool) -> list[tuple[int, int]]:
    """cclasscvec(): lower/upper become alpha when case-insensitive."""
    if icase and name in ("lower", "upper"):
        name = "alpha"
    return list(_class_members(name))


def allcases(c: int) -> list[tuple[int, int]]:
    lc, uc = c_tolower(c), c_toupper(c)
    return [(lc, lc)] if lc == uc else [(lc, lc), (uc, uc)]


def range_cases(a: int, b: int, icase: bool) -> list[tuple[int, int]]:
    """range(): a legal range plus, when case-insensitive, the case counterparts."""
    if a != b and not a < b:
        raise RegexCompileError("ERANGE")
    out = [(a, b)]
    if icase:
        for c in range(max(a, 0), min(b, 127) + 1):
            for cc in (c_tolower(c), c_toupper(c)):
                if cc != c and (cc < a or cc > b):
                    out.append((cc, cc))
    return out
