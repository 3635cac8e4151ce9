"""Matching with PostgreSQL's rules: the compiled program and Spencer's dissection.

The overall match is found as src/backend/regex/regexec.c does: the leftmost start, then the
longest (or, if the whole RE is non-greedy, the shortest) end the top-level automaton allows;
with back-references (cfind) each candidate end is verified by dissection and the next one is
tried on failure. Submatches are then assigned by walking the subre tree with the same search
orders as cdissect/ccondissect/crevcondissect/caltdissect/citerdissect/creviterdissect/cbrdissect,
which is what makes the results equal to PostgreSQL's rather than Perl's. Must not import
anything from the engine beyond ``engine.errors`` and the other ``regex_*`` modules.
"""

from __future__ import annotations

import bisect

from engine.functions.regex_chars import (
    DUPINF,
    REG_ICASE,
    REG_NLANCH,
    c_tolower,
)
from engine.functions.regex_nfa import NFA, Budget, Context, check_complexity
from engine.functions.regex_parse import SHORTER, Lang, Parser, Subre

Span = tuple[int, int]
NOSPAN: Span = (-1, -1)

# Automaton steps allowed for one subject (all the searches of one function call) before we
# refuse to answer (FeatureNotSupported): a few seconds of Python, plus room proportional to
# the subject's length. Pathological patterns (back-references over long subjects) are refused
# rather than left to run for minutes.
STEP_BUDGET = 1_000_000
STEPS_PER_CHAR = 50


class RegexProgram:
    """A compiled pattern: its subre tree, automata, and PostgreSQL-exact search."""

    def __init__(self, pattern: str, cflags: int) -> None:
        parser = Parser(pattern, cflags)
        self.tree = parser.parse_all()
        self.cflags = parser.cflags
        self.nsub = parser.lex.nsubexp
        self.has_backref = parser.has_backref
        self.shorter = bool(self.tree.flags & SHORTER)
        self.icase = bool(self.cflags & REG_ICASE)
        self.nlanch = bool(self.cflags & REG_NLANCH)
        check_complexity(self.tree.language())
        self.top = NFA(self.tree.language())
        self._nfas: dict[int, tuple[Lang, NFA]] = {}

    def node_nfa(self, t: Subre) -> NFA:
        if t.nfa is None:
            t.nfa = NFA(t.language())
        nfa: NFA = t.nfa
        return nfa

    def subject(self, text: str) -> Context:
        """Per-subject state (code points, constraint and automaton caches), reusable by
        several searches of the same text, e.g. the successive matches of a 'g' search."""
        budget = Budget(STEP_BUDGET + STEPS_PER_CHAR * len(text))
        return Context(text, self.nlanch, budget, self._nfas)

    def search(
        self, text: str, start: int = 0, nmatch: int = 2, ctx: Context | None = None
    ) -> list[Span] | None:
        """Match at or after ``start``. ``nmatch`` as for pg_regexec: 0 asks only whether
        there is a match (the spans returned then mean nothing), 1 for the overall span, more
        for submatches too. Returns [overall, group 1, ...] with unset groups as (-1, -1), or
        None. ``ctx`` must come from ``subject(text)``."""
        if start > len(text):
            return None
        if ctx is None:
            ctx = self.subject(text)
        if self.has_backref:
            return _Dissector(self, ctx).cfind(start)
        if nmatch == 0:
            close = ctx.earliest_end(self.top, start)
            return None if close is None else [(close, close)]
        begin = ctx.leftmost_start(self.top, start)
        if begin is None:
            return None
        ends = ctx.ends(self.top, begin)
        end = ends[0] if self.shorter else ends[-1]
        if nmatch == 1 or self.nsub == 0:
            return [(begin, end)] + [NOSPAN] * self.nsub
        d = _Dissector(self, ctx)
        d.cdissect(self.tree, begin, end)
        d.pmatch[0] = (begin, end)
        return d.pmatch


class _Dissector:
    def __init__(self, prog: RegexProgram, ctx: Context) -> None:
        self.prog = prog
        self.ctx = ctx
        self.pmatch: list[Span] = [NOSPAN] * (prog.nsub + 1)
        self.codes = ctx.codes

    # -- the DFA questions ---------------------------------------------------------------------
    def _ends(self, t: Subre, begin: int) -> list[int]:
        return self.ctx.ends(self.prog.node_nfa(t), begin)

    def longest(self, t: Subre, begin: int, stop: int) -> int | None:
        if t.op == "b" and self.pmatch[t.backno][0] >= 0:
            return self._backref_end(t, begin, begin, stop, shortest=False)
        ends = self._ends(t, begin)
        i = bisect.bisect_right(ends, stop)
        return ends[i - 1] if i else None

    def shortest(self, t: Subre, begin: int, lo: int, hi: int) -> int | None:
        if t.op == "b" and self.pmatch[t.backno][0] >= 0:
            return self._backref_end(t, begin, lo, hi, shortest=True)
        ends = self._ends(t, begin)
        i = bisect.bisect_left(ends, lo)
        return ends[i] if i < len(ends) and ends[i] <= hi else None

    def _same(self, a: int, b: int, length: int) -> bool:
        codes = self.codes
        if self.prog.icase:
            return all(c_tolower(codes[a + i]) == c_tolower(codes[b + i]) for i in range(length))
        return codes[a : a + length] == codes[b : b + length]

    def _backref_end(self, t: Subre, start: int, lo: int, hi: int, shortest: bool) -> int | None:
        """dfa_backref(): the best end for repetitions of a known referent."""
        so, eo = self.pmatch[t.backno]
        brlen = eo - so
        if brlen == 0:
            return start if lo == start and t.min <= t.max else None
        minreps = 0 if lo <= start else (lo - start - 1) // brlen + 1
        maxreps = (hi - start) // brlen
        minreps = max(minreps, t.min)
        if t.max != DUPINF:
            maxreps = min(maxreps, t.max)
        if maxreps < minreps:
            return None
        if shortest and minreps == 0:
            return start
        p = start
        numreps = 0
        while numreps < maxreps:
            if not self._same(so, p, brlen):
                break
            p += brlen
            numreps += 1
            if shortest and numreps >= minreps:
                break
        return p if numreps >= minreps else None

    # -- cfind ---------------------------------------------------------------------------------
    def cfind(self, start: int) -> list[Span] | None:
        """cfindloop(): rounds over the begins up to the first place a candidate match can
        end ("close"); after a failed round the search resumes at close + 1, but, exactly as
        regexec.c's loop condition has it, only while that is before the end of the string."""
        prog, ctx = self.prog, self.ctx
        p = start
        while True:
            close = ctx.earliest_end(prog.top, p)
            if close is None:
                return None
            for begin in range(p, close + 1):
                ends = ctx.ends(prog.top, begin)
                for end in ends if prog.shorter else reversed(ends):
                    if self.cdissect(prog.tree, begin, end):
                        self.pmatch[0] = (begin, end)
                        return self.pmatch
            p = close + 1
            if p >= ctx.n:
                return None

    # -- dissection ----------------------------------------------------------------------------
    def zap(self, t: Subre) -> None:
        if t.capno > 0:
            self.pmatch[t.capno] = NOSPAN
        for c in t.children:
            self.zap(c)

    def cdissect(self, t: Subre, begin: int, end: int) -> bool:
        self.ctx.budget.spend(1)
        op = t.op
        if op == "=":
            ok = True
        elif op == "b":
            ok = self._brdissect(t, begin, end)
        elif op == ".":
            if t.children[0].flags & SHORTER:
                ok = self._revcondissect(t, begin, end)
            else:
                ok = self._condissect(t, begin, end)
        elif op == "|":
            ok = self._altdissect(t, begin, end)
        elif op == "*":
            if t.children[0].flags & SHORTER:
                ok = self._reviterdissect(t, begin, end)
            else:
                ok = self._iterdissect(t, begin, end)
        else:
            ok = self.cdissect(t.children[0], begin, end)
        if ok and t.capno > 0:
            self.pmatch[t.capno] = (begin, end)
        return ok

    def _condissect(self, t: Subre, begin: int, end: int) -> bool:
        left, right = t.children
        mid = self.longest(left, begin, end)
        while mid is not None:
            if self.longest(right, mid, end) == end and self.cdissect(left, begin, mid):
                if self.cdissect(right, mid, end):
                    return True
                self.zap(left)
            if mid == begin:
                return False
            mid = self.longest(left, begin, mid - 1)
        return False

    def _revcondissect(self, t: Subre, begin: int, end: int) -> bool:
        left, right = t.children
        mid = self.shortest(left, begin, begin, end)
        while mid is not None:
            if self.longest(right, mid, end) == end and self.cdissect(left, begin, mid):
                if self.cdissect(right, mid, end):
                    return True
                self.zap(left)
            if mid == end:
                return False
            mid = self.shortest(left, begin, mid + 1, end)
        return False

    def _brdissect(self, t: Subre, begin: int, end: int) -> bool:
        so, eo = self.pmatch[t.backno]
        if so == -1:
            return False
        brlen = eo - so
        if brlen == 0:
            return begin == end and t.min <= t.max
        if begin == end:
            return t.min == 0
        tlen = end - begin
        if tlen % brlen:
            return False
        numreps = tlen // brlen
        if numreps < t.min or (numreps > t.max and t.max != DUPINF):
            return False
        return all(self._same(so, p, brlen) for p in range(begin, end, brlen))

    def _altdissect(self, t: Subre, begin: int, end: int) -> bool:
        for child in t.children:
            if self.longest(child, begin, end) == end and self.cdissect(child, begin, end):
                return True
        return False

    def _verify(self, child: Subre, endpts: list[int], first: int, k: int) -> int:
        """Dissect sub-matches first..k; returns the index that failed, or k + 1."""
        for i in range(first, k + 1):
            self.zap(child)
            if not self.cdissect(child, endpts[i - 1], endpts[i]):
                return i
        return k + 1

    def _iterdissect(self, t: Subre, begin: int, end: int) -> bool:
        child = t.children[0]
        min_matches = max(t.min, 1)
        max_matches = end - begin
        if t.max != DUPINF and max_matches > t.max:
            max_matches = t.max
        max_matches = max(max_matches, min_matches)
        endpts = [begin] + [0] * max_matches
        nverified = 0
        k = 1
        limit = end
        while k > 0:
            ep = self.longest(child, endpts[k - 1], limit)
            if ep is None:
                k -= 1
            else:
                endpts[k] = ep
                nverified = min(nverified, k - 1)
                if ep != end:
                    if k >= max_matches:
                        k -= 1
                    elif ep != endpts[k - 1] or (k < min_matches and min_matches - k >= end - ep):
                        k += 1
                        limit = end
                        continue
                elif k >= min_matches:
                    i = self._verify(child, endpts, nverified + 1, k)
                    if i > k:
                        return True
                    nverified = i - 1
                    k = i
            # backtrack: look for a shorter k'th sub-match (zero-length only if needed)
            while k > 0:
                prev_end = endpts[k - 1]
                if endpts[k] > prev_end:
                    limit = endpts[k] - 1
                    if limit > prev_end or (k < min_matches and min_matches - k >= end - prev_end):
                        break
                k -= 1
        return t.min == 0 and begin == end

    def _reviterdissect(self, t: Subre, begin: int, end: int) -> bool:
        child = t.children[0]
        min_matches = t.min
        if min_matches <= 0:
            if begin == end:
                return True
            min_matches = 1
        max_matches = end - begin
        if t.max != DUPINF and max_matches > t.max:
            max_matches = t.max
        max_matches = max(max_matches, min_matches)
        endpts = [begin] + [0] * max_matches
        nverified = 0
        k = 1
        limit = begin
        while k > 0:
            if (
                limit == endpts[k - 1]
                and limit != end
                and (k >= min_matches or min_matches - k < end - limit)
            ):
                limit += 1
            if k >= max_matches:
                limit = end
            ep = self.shortest(child, endpts[k - 1], limit, end)
            if ep is None:
                k -= 1
            else:
                endpts[k] = ep
                nverified = min(nverified, k - 1)
                if ep != end:
                    if k >= max_matches:
                        k -= 1
                    else:
                        k += 1
                        limit = endpts[k - 1]
                        continue
                elif k >= min_matches:
                    i = self._verify(child, endpts, nverified + 1, k)
                    if i > k:
                        return True
                    nverified = i - 1
                    k = i
            while k > 0:
                if endpts[k] < end:
                    limit = endpts[k] + 1
                    break
                k -= 1
        return False
