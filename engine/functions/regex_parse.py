"""Parser for PostgreSQL regular expressions: builds the same subexpression ("subre") tree as
src/backend/regex/regcomp.c (parse/parsebranch/parseqatom), because Spencer's matcher assigns
submatches by walking that tree, so its exact shape and greediness flags decide the answers.

Where regcomp.c builds NFA fragments between states, we keep the regular language of each tree
node as a small AST (tuples, see ``Lang``); ``regex_nfa`` turns those into automata. Must not
import anything from the engine beyond ``engine.errors`` and the other ``regex_*`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.functions.regex_chars import (
    CLASS_NAMES,
    CNAMES,
    DUPINF,
    DUPMAX,
    REG_ADVANCED,
    REG_EXTENDED,
    REG_ICASE,
    REG_NLSTOP,
    CharSet,
    RegexCompileError,
    allcases,
    class_ranges,
    range_cases,
)
from engine.functions.regex_lex import (
    BACKREF,
    CCLASS,
    CCLASSC,
    CCLASSS,
    COLLEL,
    DIGIT,
    ECLASS,
    EOS,
    LACON,
    NWBDRY,
    PLAIN,
    RANGE,
    SBEGIN,
    SEND,
    WBDRY,
    Lexer,
)

# subre flags (regguts.h)
LONGER = 0o1
SHORTER = 0o2
MIXED = 0o4
CAP = 0o10
BACKR = 0o20
UPPROP = MIXED | CAP | BACKR


def UP(f: int) -> int:
    lmix = f << 2
    smix = f << 1
    return (f & UPPROP) | (lmix & smix & MIXED)


def MESSY(f: int) -> bool:
    return bool(f & (MIXED | CAP | BACKR))


def PREF(f: int) -> int:
    return f & (LONGER | SHORTER)


def COMBINE(f1: int, f2: int) -> int:
    return UP(f1 | f2) | (PREF(f1) if PREF(f1) else PREF(f2))


# The language AST. Tuples, for speed:
#   ("c", CharSet)          one character of the set
#   ("e",)                  the empty string
#   ("cat", (L, ...))       concatenation
#   ("alt", (L, ...))       alternation
#   ("rep", L, m, n)        m to n repetitions (n == DUPINF: unbounded)
#   ("^",) ("$",) ("A",) ("Z",) ("<",) (">",) ("y",) ("Y",)   position constraints
#   ("la", latype, L)       lookahead/lookbehind constraint
Lang = tuple[Any, ...]
EMPTY_LANG: Lang = ("e",)
CONSTRAINTS = frozenset("^$AZ<>yY") | {"la"}


def cat(parts: list[Lang]) -> Lang:
    flat = [p for p in parts if p != EMPTY_LANG]
    if not flat:
        return EMPTY_LANG
    return flat[0] if len(flat) == 1 else ("cat", tuple(flat))


def rep(lang: Lang, m: int, n: int) -> Lang:
    if m == 1 and n == 1:
        return lang
    if n == 0:
        return EMPTY_LANG
    return ("rep", lang, m, n)


def remove_constraints(lang: Lang) -> Lang:
    """removeconstraints(): every constraint counts as satisfied (backref NFAs)."""
    kind = lang[0]
    if kind in CONSTRAINTS:
        return EMPTY_LANG
    if kind in ("cat", "alt"):
        return (kind, tuple(remove_constraints(x) for x in lang[1]))
    if kind == "rep":
        return ("rep", remove_constraints(lang[1]), lang[2], lang[3])
    return lang


@dataclass(eq=False)
class Subre:
    """One node of the subexpression tree (regguts.h struct subre)."""

    op: str  # '=' plain, 'b' backref, '.' concat, '|' alternation, '*' iteration, '(' capture
    flags: int
    children: list[Subre] = field(default_factory=list)
    items: list[Lang] = field(default_factory=list)  # '=': the concatenated pieces
    lang: Lang | None = None  # fixed language for '=' made by merging, and for 'b'
    capno: int = 0
    backno: int = 0
    min: int = 1
    max: int = 1
    nfa: Any = None  # compiled lazily by regex_nfa

    def language(self) -> Lang:
        if self.lang is not None:
            return self.lang
        op = self.op
        if op == "=":
            return cat(self.items)
        if op == ".":
            return cat([c.language() for c in self.children])
        if op == "|":
            return ("alt", tuple(c.language() for c in self.children))
        if op == "*":
            return rep(self.children[0].language(), self.min, self.max)
        if op == "(":
            return self.children[0].language()
        raise AssertionError(op)

    def freeze(self) -> None:
        """Turn into a plain '=' node, keeping the current language."""
        self.lang = self.language()
        self.op = "="
        self.children = []


class Parser:
    def __init__(self, pattern: str, cflags: int) -> None:
        self.lex = Lexer(pattern, cflags)
        self.subs: dict[int, Subre] = {}
        self.has_backref = False

    @property
    def cflags(self) -> int:
        return self.lex.cflags

    def parse_all(self) -> Subre:
        lex = self.lex
        lex.start()
        tree = self.parse(EOS, PLAIN)
        assert lex.see(EOS)
        return tree

    # -- parse / parsebranch / parseqatom --------------------------------------------------------
    def parse(self, stopper: str, typ: str) -> Subre:
        lex = self.lex
        branches = Subre("|", LONGER)
        while True:
            branch = self.parsebranch(stopper, typ)
            branches.children.append(branch)
            branches.flags |= UP(branches.flags | branch.flags)
            if not lex.eat("|"):
                break
        if not lex.see(stopper):
            raise RegexCompileError("EPAREN")
        if len(branches.children) == 1:
            return branches.children[0]
        if not MESSY(branches.flags):
            branches.freeze()
        return branches

    def parsebranch(self, stopper: str, typ: str) -> Subre:
        lex = self.lex
        t = Subre("=", 0)
        while not (lex.see("|") or lex.see(stopper) or lex.see(EOS)):
            t = self.parseqatom(stopper, typ, t)
        return t

    def _constraint(self, top: Subre, lang: Lang) -> Subre:
        top.items.append(lang)
        self.lex.next()
        return top

    def parseqatom(self, stopper: str, typ: str, top: Subre) -> Subre:
        lex = self.lex
        atom: Subre | None = None
        item: Lang = EMPTY_LANG
        atomtype = lex.nexttype
        subno = 0
        constraint = {
            "^": ("^",),
            "$": ("$",),
            SBEGIN: ("A",),
            SEND: ("Z",),
            "<": ("<",),
            ">": (">",),
            WBDRY: ("y",),
            NWBDRY: ("Y",),
        }
        if atomtype in constraint:
            return self._constraint(top, constraint[atomtype])
        if atomtype == LACON:
            latype = lex.nextvalue
            lex.next()
            sub = self.parse(")", LACON)
            lex.next()
            top.items.append(("la", latype, sub.language()))
            return top
        if atomtype in ("*", "+", "?", "{"):
            raise RegexCompileError("BADRPT")
        if atomtype == ")":
            if (self.cflags & REG_ADVANCED) != REG_EXTENDED:
                raise RegexCompileError("EPAREN")
            atomtype = PLAIN
            item = ("c", self._onechr(lex.nextvalue))
            lex.next()
        elif atomtype == PLAIN:
            item = ("c", self._onechr(lex.nextvalue))
            lex.next()
        elif atomtype == "[":
            item = ("c", self._bracket(lex.nextvalue == 1))
            lex.next()
        elif atomtype == CCLASSS:
            name = CLASS_NAMES[lex.nextvalue]
            item = ("c", CharSet(class_ranges(name, self._icase())))
            lex.next()
        elif atomtype == CCLASSC:
            name = CLASS_NAMES[lex.nextvalue]
            item = ("c", CharSet(class_ranges(name, self._icase())).complement())
            lex.next()
        elif atomtype == ".":
            nl = [(10, 10)] if self.cflags & REG_NLSTOP else []
            item = ("c", CharSet([]).complement(nl))
            lex.next()
        elif atomtype == "(":
            cap = 0 if typ == LACON else lex.nextvalue
            if cap:
                lex.nsubexp += 1
                subno = lex.nsubexp
            else:
                atomtype = PLAIN
            lex.next()
            atom = self.parse(")", typ)
            lex.next()
            if cap:
                if atom.capno == 0:
                    atom.flags |= CAP
                    atom.capno = subno
                else:
                    atom = Subre("(", atom.flags | CAP, children=[atom], capno=subno)
                self.subs[subno] = atom
        elif atomtype == BACKREF:
            subno = lex.nextvalue
            if typ == LACON or subno not in self.subs:
                raise RegexCompileError("ESUBREG")
            self.has_backref = True
            atom = Subre("b", BACKR, backno=subno)
            lex.next()
        else:
            raise RegexCompileError("ASSERT")
        return self._quantified(stopper, typ, top, atom, item, atomtype, subno)

    def _quantifier(self) -> tuple[int, int, int]:
        lex = self.lex
        t = lex.nexttype
        if t in ("*", "+", "?"):
            m, n = {"*": (0, DUPINF), "+": (1, DUPINF), "?": (0, 1)}[t]
            qprefer = LONGER if lex.nextvalue else SHORTER
            lex.next()
            return m, n, qprefer
        if t != "{":
            return 1, 1, 0
        lex.next()
        m = self._scannum()
        if lex.eat(","):
            n = self._scannum() if lex.see(DIGIT) else DUPINF
            if m > n:
                raise RegexCompileError("BADBR")
            qprefer = LONGER if lex.nextvalue else SHORTER
        else:
            n = m
            qprefer = 0
        if not lex.see("}"):
            raise RegexCompileError("BADBR")
        lex.next()
        return m, n, qprefer

    def _scannum(self) -> int:
        lex = self.lex
        n = 0
        while lex.see(DIGIT) and n < DUPMAX:
            n = n * 10 + lex.nextvalue
            lex.next()
        if lex.see(DIGIT) or n > DUPMAX:
            raise RegexCompileError("BADBR")
        return n

    def _quantified(
        self,
        stopper: str,
        typ: str,
        top: Subre,
        atom: Subre | None,
        item: Lang,
        atomtype: str,
        subno: int,
    ) -> Subre:
        lex = self.lex
        m, n, qprefer = self._quantifier()
        if m == 0 and n == 0:
            # {0}: the atom vanishes, but a capture inside stays referenceable
            top.items.append(EMPTY_LANG)
            return top
        f = top.flags | qprefer | (atom.flags if atom is not None else 0)
        if atomtype not in ("(", BACKREF) and not MESSY(UP(f)):
            lang = item if atom is None else atom.language()
            top.items.append(rep(lang, m, n))
            top.flags = f
            return top

        # the hard part: capturing parens, backrefs, or a greediness clash
        if atom is None:
            atom = Subre("=", 0, items=[item])
        t = Subre(".", COMBINE(qprefer, atom.flags))
        prefix = Subre("=", top.flags, items=list(top.items))
        vacuous = not top.items
        top.op = "."
        top.items = []
        qatom = atom
        if atomtype == BACKREF:
            referent = self.subs[subno].language()
            atom.lang = rep(remove_constraints(referent), m, n)
            atom.min, atom.max = m, n
            atom.flags |= COMBINE(qprefer, atom.flags)
        elif (
            m == 1
            and n == 1
            and (
                qprefer == 0
                or (atom.flags & (LONGER | SHORTER | MIXED)) == 0
                or qprefer == (atom.flags & (LONGER | SHORTER | MIXED))
            )
        ):
            pass
        elif not atom.flags & (CAP | BACKR):
            qatom = Subre("=", COMBINE(qprefer, atom.flags), lang=rep(atom.language(), m, n))
        elif m > 0 and not atom.flags & BACKR:
            f = COMBINE(qprefer, atom.flags)
            head = Subre(
                "=",
                PREF(f),
                lang=rep(atom.language(), m - 1, DUPINF if n == DUPINF else n - 1),
            )
            qatom = Subre(".", f, children=[head, atom])
        else:
            f = COMBINE(qprefer, atom.flags)
            qatom = Subre("*", f, children=[atom], min=m, max=n)

        if not (lex.see("|") or lex.see(stopper) or lex.see(EOS)):
            rest = self.parsebranch(stopper, typ)
            t.children = [qatom, rest]
            t.flags |= COMBINE(t.flags, rest.flags)
            top.flags |= COMBINE(top.flags, t.flags)
            if vacuous:
                top.children = [qatom, rest]
            else:
                top.children = [prefix, t]
                if qatom.op == "=" and rest.op == "=" and not MESSY(UP(qatom.flags | rest.flags)):
                    t.lang = cat([qatom.language(), rest.language()])
                    t.op = "="
                    t.flags = COMBINE(qatom.flags, rest.flags)
                    t.children = []
            return top
        top.children = [prefix, qatom]
        top.flags |= COMBINE(top.flags, qatom.flags)
        if vacuous:
            return qatom
        return top

    # -- atoms -----------------------------------------------------------------------------------
    def _icase(self) -> bool:
        return bool(self.cflags & REG_ICASE)

    def _onechr(self, c: int) -> CharSet:
        return CharSet(allcases(c) if self._icase() else [(c, c)])

    def _bracket(self, positive: bool) -> CharSet:
        """bracket()/cbracket(): the current token is '['."""
        lex = self.lex
        lex.next()
        ranges: list[tuple[int, int]] = []
        complemented: list[str] = []
        while not lex.see("]") and not lex.see(EOS):
            self._brackpart(ranges, complemented)
        if not lex.see("]"):
            raise RegexCompileError("EBRACK")
        # complemented classes inside brackets ([\D]) add everything outside the class
        pieces = CharSet(ranges)
        if complemented:
            out = [r for name in complemented for r in _outside(class_ranges(name, self._icase()))]
            pieces = CharSet(ranges + out)
        if positive:
            return pieces
        nl = [(10, 10)] if self.cflags & REG_NLSTOP else []
        return CharSet(pieces.ranges() + nl, negated=True)

    def _brackpart(self, ranges: list[tuple[int, int]], complemented: list[str]) -> None:
        lex = self.lex
        icase = self._icase()
        t = lex.nexttype
        if t == RANGE:
            raise RegexCompileError("ERANGE")
        if t == PLAIN:
            startc = lex.nextvalue
            lex.next()
            if not lex.see(RANGE):
                ranges.extend(allcases(startc) if icase else [(startc, startc)])
                return
        elif t == COLLEL:
            startc = self._element(self._scanplain())
        elif t == ECLASS:
            c = self._element(self._scanplain())
            ranges.extend(allcases(c) if icase else [(c, c)])
            return
        elif t == CCLASS:
            name = self._scanplain()
            if name not in CLASS_NAMES:
                raise RegexCompileError("ECTYPE")
            ranges.extend(class_ranges(name, icase))
            return
        elif t == CCLASSS:
            ranges.extend(class_ranges(CLASS_NAMES[lex.nextvalue], icase))
            lex.next()
            return
        elif t == CCLASSC:
            name = CLASS_NAMES[lex.nextvalue]
            if name not in complemented:
                complemented.append(name)
            lex.next()
            return
        else:
            raise RegexCompileError("ASSERT")
        if lex.see(RANGE):
            lex.next()
            if lex.nexttype in (PLAIN, RANGE):
                endc = lex.nextvalue
                lex.next()
            elif lex.nexttype == COLLEL:
                endc = self._element(self._scanplain())
            else:
                raise RegexCompileError("ERANGE")
        else:
            endc = startc
        ranges.extend(range_cases(startc, endc, icase))

    def _scanplain(self) -> str:
        """The text of a [. .], [= =] or [: :] item; an empty one reads as its delimiter."""
        lex = self.lex
        start = lex.now
        lex.next()
        endp = lex.now
        while lex.see(PLAIN):
            endp = lex.now
            lex.next()
        lex.next()  # the END token
        return "".join(chr(c) for c in lex.pat[start:endp])

    def _element(self, name: str) -> int:
        if not name:
            raise RegexCompileError("ECOLLATE")
        if len(name) == 1:
            return ord(name)
        code = CNAMES.get(name)
        if code is None:
            raise RegexCompileError("ECOLLATE")
        return code


def _outside(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The complement of sorted disjoint ranges over all code points."""
    out: list[tuple[int, int]] = []
    prev = 0
    for lo, hi in CharSet(ranges).ranges():
        if lo > prev:
            out.append((prev, lo - 1))
        prev = hi + 1
    out.append((prev, 0x7FFFFFFF))
    return out
