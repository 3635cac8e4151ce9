"""Tokenizer for PostgreSQL's Spencer regular expressions.

Follows the lexical rules of src/backend/regex/regc_lex.c (ARE, ERE, BRE and quoted flavours,
``***:``/``***=`` directors, embedded options, expanded syntax). Errors are raised as
``RegexCompileError`` carrying the regerrs.h code; the caller reports the first one, exactly as
PostgreSQL keeps the first error it records. Must not import anything from the engine beyond
``regex_chars``.
"""

from __future__ import annotations

from engine.functions.regex_chars import (
    AHEAD_NEG,
    AHEAD_POS,
    BEHIND_NEG,
    BEHIND_POS,
    CHR_MAX,
    CLASS_NAMES,
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
    c_isalpha,
    c_isdigit,
    c_isspace,
)

# token types (regcomp.c); single-character tokens use the character itself
EMPTY, EOS, PLAIN, DIGIT, BACKREF = "n", "e", "p", "d", "b"
COLLEL, ECLASS, CCLASS, END = "I", "E", "C", "X"
CCLASSS, CCLASSC, RANGE, LACON = "s", "c", "R", "L"
WBDRY, NWBDRY, SBEGIN, SEND = "w", "W", "A", "Z"

# lexical contexts
L_ERE, L_BRE, L_Q, L_EBND, L_BBND, L_BRACK, L_CEL, L_ECL, L_CCL = range(1, 10)


class Lexer:
    """regc_lex.c's next(): one token of lookahead in ``nexttype``/``nextvalue``."""

    def __init__(self, pattern: str, cflags: int) -> None:
        self.pat = [ord(ch) for ch in pattern]
        self.now = 0
        self.stop = len(self.pat)
        self.cflags = cflags
        self.nexttype = EMPTY
        self.nextvalue = 0
        self.lasttype = EMPTY
        self.lexcon = L_ERE
        self.nsubexp = 0

    # -- helpers -------------------------------------------------------------------------------
    def ateos(self) -> bool:
        return self.now >= self.stop

    def have(self, n: int) -> bool:
        return self.stop - self.now >= n

    def next1(self, c: str) -> bool:
        return not self.ateos() and self.pat[self.now] == ord(c)

    def next2(self, a: str, b: str) -> bool:
        return self.have(2) and self.pat[self.now] == ord(a) and self.pat[self.now + 1] == ord(b)

    def see(self, t: str) -> bool:
        return self.nexttype == t

    def eat(self, t: str) -> bool:
        if self.nexttype == t:
            self.next()
            return True
        return False

    def _ret(self, t: str, v: int = 0) -> None:
        self.nexttype = t
        self.nextvalue = v

    # -- setup ---------------------------------------------------------------------------------
    def start(self) -> None:
        """lexstart(): directors and embedded options, then the first token."""
        self._prefixes()
        if self.cflags & REG_QUOTE:
            self.lexcon = L_Q
        elif self.cflags & REG_EXTENDED:
            self.lexcon = L_ERE
        else:
            self.lexcon = L_BRE
        self.nexttype = EMPTY
        self.next()

    def _prefixes(self) -> None:
        if self.cflags & REG_QUOTE:
            return
        p = self.pat
        if self.have(4) and p[self.now : self.now + 3] == [42, 42, 42]:
            c = p[self.now + 3]
            if c == ord("?"):
                raise RegexCompileError("BADPAT")
            if c == ord("="):
                self.cflags |= REG_QUOTE
                self.cflags &= ~(REG_ADVANCED | REG_EXPANDED | REG_NEWLINE)
                self.now += 4
                return
            if c == ord(":"):
                self.cflags |= REG_ADVANCED
                self.now += 4
            else:
                raise RegexCompileError("BADRPT")
        if (self.cflags & REG_ADVANCED) != REG_ADVANCED:
            return
        if self.have(3) and self.next2("(", "?") and c_isalpha(p[self.now + 2]):
            self.now += 2
            while not self.ateos() and c_isalpha(p[self.now]):
                self._embedded_option(chr(p[self.now]))
                self.now += 1
            if not self.next1(")"):
                raise RegexCompileError("BADOPT")
            self.now += 1
            if self.cflags & REG_QUOTE:
                self.cflags &= ~(REG_EXPANDED | REG_NEWLINE)

    def _embedded_option(self, ch: str) -> None:
        f = self.cflags
        if ch == "b":
            f &= ~(REG_ADVANCED | REG_QUOTE)
        elif ch == "c":
            f &= ~REG_ICASE
        elif ch == "e":
            f |= REG_EXTENDED
            f &= ~(REG_ADVF | REG_QUOTE)
        elif ch == "i":
            f |= REG_ICASE
        elif ch in "mn":
            f |= REG_NEWLINE
        elif ch == "p":
            f |= REG_NLSTOP
            f &= ~REG_NLANCH
        elif ch == "q":
            f |= REG_QUOTE
            f &= ~REG_ADVANCED
        elif ch == "s":
            f &= ~REG_NEWLINE
        elif ch == "t":
            f &= ~REG_EXPANDED
        elif ch == "w":
            f &= ~REG_NLSTOP
            f |= REG_NLANCH
        elif ch == "x":
            f |= REG_EXPANDED
        else:
            raise RegexCompileError("BADOPT")
        self.cflags = f

    # -- the tokenizer -------------------------------------------------------------------------
    def next(self) -> None:
        while True:
            if self._next_once():
                return

    def _next_once(self) -> bool:
        """One attempt; False means a comment was eaten and we must scan again."""
        self.lasttype = self.nexttype
        if self.cflags & REG_EXPANDED and self.lexcon in (L_ERE, L_BRE, L_EBND, L_BBND):
            self._skip()
        if self.ateos():
            if self.lexcon in (L_ERE, L_BRE, L_Q):
                self._ret(EOS)
                return True
            if self.lexcon in (L_EBND, L_BBND):
                raise RegexCompileError("EBRACE")
            raise RegexCompileError("EBRACK")
        c = self.pat[self.now]
        self.now += 1
        con = self.lexcon
        if con == L_BRE:
            self._brenext(c)
            return True
        if con == L_Q:
            self._ret(PLAIN, c)
            return True
        if con in (L_BBND, L_EBND):
            self._bound(c)
            return True
        if con == L_BRACK:
            self._bracket_token(c)
            return True
        if con in (L_CEL, L_ECL, L_CCL):
            delim = {L_CEL: ".", L_ECL: "=", L_CCL: ":"}[con]
            if c == ord(delim) and self.next1("]"):
                self.now += 1
                self.lexcon = L_BRACK
                self._ret(END, c)
            else:
                self._ret(PLAIN, c)
            return True
        return self._ere_token(c)

    def _bound(self, c: int) -> None:
        if 48 <= c <= 57:
            self._ret(DIGIT, c - 48)
        elif c == ord(","):
            self._ret(",")
        elif c == ord("}") and self.lexcon == L_EBND:
            self.lexcon = L_ERE
            if self.cflags & REG_ADVF and self.next1("?"):
                self.now += 1
                self._ret("}", 0)
            else:
                self._ret("}", 1)
        elif c == ord("\\") and self.lexcon == L_BBND and self.next1("}"):
            self.now += 1
            self.lexcon = L_BRE
            self._ret("}", 1)
        else:
            raise RegexCompileError("BADBR")

    def _bracket_token(self, c: int) -> None:
        if c == ord("]"):
            if self.lasttype == "[":
                self._ret(PLAIN, c)
            else:
                self.lexcon = L_ERE if self.cflags & REG_EXTENDED else L_BRE
                self._ret("]")
        elif c == ord("\\"):
            if not self.cflags & REG_ADVF:
                self._ret(PLAIN, c)
                return
            if self.ateos():
                raise RegexCompileError("EESCAPE")
            self._lexescape()
            if self.nexttype not in (PLAIN, CCLASSS, CCLASSC):
                raise RegexCompileError("EESCAPE")
        elif c == ord("-"):
            if self.lasttype == "[" or self.next1("]"):
                self._ret(PLAIN, c)
            else:
                self._ret(RANGE, c)
        elif c == ord("["):
            if self.ateos():
                raise RegexCompileError("EBRACK")
            c2 = self.pat[self.now]
            self.now += 1
            if c2 == ord("."):
                self.lexcon = L_CEL
                self._ret(COLLEL)
            elif c2 == ord("="):
                self.lexcon = L_ECL
                self._ret(ECLASS)
            elif c2 == ord(":"):
                self.lexcon = L_CCL
                self._ret(CCLASS)
            else:
                self.now -= 1
                self._ret(PLAIN, c)
        else:
            self._ret(PLAIN, c)

    def _word_bracket(self) -> str | None:
        """``[[:<:]]`` / ``[[:>:]]`` (the '[' already consumed)."""
        p, n = self.pat, self.now
        if (
            self.have(6)
            and p[n] == ord("[")
            and p[n + 1] == ord(":")
            and p[n + 2] in (ord("<"), ord(">"))
            and p[n + 3] == ord(":")
            and p[n + 4] == ord("]")
            and p[n + 5] == ord("]")
        ):
            self.now += 6
            return chr(p[n + 2])
        return None

    def _open_bracket(self) -> None:
        self.lexcon = L_BRACK
        if self.next1("^"):
            self.now += 1
            self._ret("[", 0)
        else:
            self._ret("[", 1)

    def _ere_token(self, c: int) -> bool:
        ch = chr(c)
        advf = self.cflags & REG_ADVF
        if ch == "|":
            self._ret("|")
        elif ch in "*+?":
            if advf and self.next1("?"):
                self.now += 1
                self._ret(ch, 0)
            else:
                self._ret(ch, 1)
        elif ch == "{":
            if self.cflags & REG_EXPANDED:
                self._skip()
            if self.ateos() or not c_isdigit(self.pat[self.now]):
                self._ret(PLAIN, c)
            else:
                self.lexcon = L_EBND
                self._ret("{")
        elif ch == "(":
            if advf and self.next1("?"):
                return self._paren_extension()
            self._ret("(", 1)
        elif ch == ")":
            self._ret(")", c)
        elif ch == "[":
            w = self._word_bracket()
            if w is not None:
                self._ret(w)
            else:
                self._open_bracket()
        elif ch in ".^$":
            self._ret(ch)
        elif ch == "\\":
            if self.ateos():
                raise RegexCompileError("EESCAPE")
            if not advf:
                self._ret(PLAIN, self.pat[self.now])
                self.now += 1
            else:
                self._lexescape()
        else:
            self._ret(PLAIN, c)
        return True

    def _paren_extension(self) -> bool:
        self.now += 1  # the '?'
        if self.ateos():
            raise RegexCompileError("BADRPT")
        c = chr(self.pat[self.now])
        self.now += 1
        if c == ":":
            self._ret("(", 0)
        elif c == "#":
            while not self.ateos() and self.pat[self.now] != ord(")"):
                self.now += 1
            if not self.ateos():
                self.now += 1
            # the comment vanishes: restore the previous token type and scan again
            self.nexttype = self.lasttype
            return False
        elif c == "=":
            self._ret(LACON, AHEAD_POS)
        elif c == "!":
            self._ret(LACON, AHEAD_NEG)
        elif c == "<":
            if self.ateos():
                raise RegexCompileError("BADRPT")
            c2 = chr(self.pat[self.now])
            self.now += 1
            if c2 == "=":
                self._ret(LACON, BEHIND_POS)
            elif c2 == "!":
                self._ret(LACON, BEHIND_NEG)
            else:
                raise RegexCompileError("BADRPT")
        else:
            raise RegexCompileError("BADRPT")
        return True

    def _lexescape(self) -> None:
        """An ARE backslash escape, the backslash already consumed."""
        c = self.pat[self.now]
        self.now += 1
        if not (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122):
            self._ret(PLAIN, c)
            return
        ch = chr(c)
        simple = {"b": 8, "B": 92, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "a": 7, "e": 27}
        classes = {"d": "digit", "s": "space", "w": "word"}
        if ch in simple:
            self._ret(PLAIN, simple[ch])
        elif ch == "A":
            self._ret(SBEGIN)
        elif ch == "Z":
            self._ret(SEND)
        elif ch in classes:
            self._ret(CCLASSS, CLASS_NAMES.index(classes[ch]))
        elif ch.lower() in classes:
            self._ret(CCLASSC, CLASS_NAMES.index(classes[ch.lower()]))
        elif ch == "c":
            if self.ateos():
                raise RegexCompileError("EESCAPE")
            self._ret(PLAIN, self.pat[self.now] & 0o37)
            self.now += 1
        elif ch == "m":
            self._ret("<")
        elif ch == "M":
            self._ret(">")
        elif ch == "y":
            self._ret(WBDRY)
        elif ch == "Y":
            self._ret(NWBDRY)
        elif ch in "uUx":
            lo, hi = {"u": (4, 4), "U": (8, 8), "x": (1, 255)}[ch]
            v = self._lexdigits(16, lo, hi)
            if v > CHR_MAX:
                raise RegexCompileError("EESCAPE")
            self._ret(PLAIN, v)
        elif "1" <= ch <= "9":
            save = self.now
            self.now -= 1
            v = self._lexdigits(10, 1, 255)
            as_int = v - (1 << 32) if v >= 1 << 31 else v
            if self.now == save or 0 < as_int <= self.nsubexp:
                self._ret(BACKREF, v)
                return
            self.now = save
            self._octal()
        elif ch == "0":
            self._octal()
        else:
            raise RegexCompileError("EESCAPE")

    def _octal(self) -> None:
        self.now -= 1
        v = self._lexdigits(8, 1, 3)
        if v > 0xFF:
            self.now -= 1
            v >>= 3
        self._ret(PLAIN, v)

    def _lexdigits(self, base: int, minlen: int, maxlen: int) -> int:
        n = 0
        length = 0
        while length < maxlen and not self.ateos():
            c = self.pat[self.now]
            self.now += 1
            if 48 <= c <= 57:
                d = c - 48
            elif 65 <= c <= 70:
                d = c - 55
            elif 97 <= c <= 102:
                d = c - 87
            else:
                d = -1
            if d < 0 or d >= base:
                self.now -= 1
                break
            n = (n * base + d) & 0xFFFFFFFF  # uchr arithmetic wraps
            length += 1
        if length < minlen:
            raise RegexCompileError("EESCAPE")
        return n

    def _brenext(self, c: int) -> None:
        ch = chr(c)
        if ch == "*":
            if self.lasttype in (EMPTY, "(", "^"):
                self._ret(PLAIN, c)
            else:
                self._ret("*", 1)
            return
        if ch == "[":
            w = self._word_bracket()
            if w is not None:
                self._ret(w)
            else:
                self._open_bracket()
            return
        if ch == ".":
            self._ret(".")
            return
        if ch == "^":
            if self.lasttype in (EMPTY, "("):
                self._ret("^")
            else:
                self._ret(PLAIN, c)
            return
        if ch == "$":
            if self.cflags & REG_EXPANDED:
                self._skip()
            if self.ateos() or self.next2("\\", ")"):
                self._ret("$")
            else:
                self._ret(PLAIN, c)
            return
        if ch != "\\":
            self._ret(PLAIN, c)
            return
        if self.ateos():
            raise RegexCompileError("EESCAPE")
        c = self.pat[self.now]
        self.now += 1
        ch = chr(c)
        if ch == "{":
            self.lexcon = L_BBND
            self._ret("{")
        elif ch == "(":
            self._ret("(", 1)
        elif ch == ")":
            self._ret(")", c)
        elif ch == "<":
            self._ret("<")
        elif ch == ">":
            self._ret(">")
        elif "1" <= ch <= "9":
            self._ret(BACKREF, c - 48)
        else:
            self._ret(PLAIN, c)

    def _skip(self) -> None:
        """Skip white space and #-comments in expanded syntax."""
        while True:
            while not self.ateos() and c_isspace(self.pat[self.now]):
                self.now += 1
            if self.ateos() or self.pat[self.now] != ord("#"):
                return
            while not self.ateos() and self.pat[self.now] != 10:
                self.now += 1
