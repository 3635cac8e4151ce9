"""Automata for the languages of subre nodes, and the position-exact runs the matcher needs.

PostgreSQL runs a lazily built DFA for every subre node (src/backend/regex/rege_dfa.c). A DFA
answers "which ends e make the node match [start, e)", where constraints (^ $ \\m \\M \\y \\Y,
lookahead and lookbehind) are judged against the whole string, including the character before
``start`` and after ``e``. We answer the same question with a Thompson NFA simulated over sets
of states; ``ends`` returns every such e, from which longest()/shortest() follow. Must not import
anything from the engine beyond ``engine.errors`` and the other ``regex_*`` modules.
"""

from __future__ import annotations

import threading
from array import array
from typing import Any

from engine.functions.regex_chars import (
    AHEAD_NEG,
    AHEAD_POS,
    BEHIND_POS,
    DUPINF,
    c_isword,
)
from engine.functions.regex_parse import Lang

CHAR, SPLIT, ASSERT, MATCH = 0, 1, 2, 3

# More NFA states than this and we refuse: PostgreSQL itself may reject such patterns as
# "regular expression is too complex" (REG_ETOOBIG), and we cannot predict where exactly.
MAX_STATES = 100_000


class TooComplex(Exception):
    """The automaton would be too large to build or run reliably."""


# Refuse patterns whose automaton PostgreSQL might find "too complex" (REG_ETOOBIG, or an
# allocation failure in the DFA). PostgreSQL's own limit depends on its NFA after
# fixempties(), whose arc count grows with the square of runs of optional atoms; these bounds
# sit well below every failure we measured (e.g. 'x*y*z*' repeated 520 times, or
# '(a{1,200}){1,200}'), so anything we accept PostgreSQL compiles too.
MAX_EST_STATES = 20_000
MAX_EST_ARCS = 400_000


def check_complexity(lang: Lang) -> None:
    states, arcs, _ = _estimate(lang)
    if states > MAX_EST_STATES or arcs > MAX_EST_ARCS:
        raise TooComplex("regular expression too large")


def _estimate(lang: Lang) -> tuple[int, int, bool]:
    """(states, arcs, nullable): a rough model of the size of PostgreSQL's NFA."""
    k = lang[0]
    if k == "c":
        return 1, 1, False
    if k == "e":
        return 0, 0, True
    if k in ("cat", "alt"):
        states = arcs = run = 0
        nullable = k == "cat"
        for part in lang[1]:
            s, a, n = _estimate(part)
            states += s
            arcs += a + 1
            if k == "alt":
                nullable = nullable or n
            elif n:
                run += 1
            else:
                arcs += run * run // 2
                run = 0
                nullable = False
        return states, arcs + run * run // 2, nullable
    if k == "rep":
        s, a, n = _estimate(lang[1])
        m, hi = lang[2], lang[3]
        optional = 1 if hi == DUPINF else hi - m
        copies = m + optional
        run = copies if n else optional
        return copies * s + 1, copies * a + run * run // 2 + copies, n or m == 0
    if k == "la":
        s, a, _ = _estimate(lang[2])
        return s + 1, a + 1, True
    return 1, 1, True


class Budget:
    """Work counter for one match call; exhausting it means we refuse to answer."""

    __slots__ = ("left",)

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise TooComplex("regular expression too expensive to evaluate")


class NFA:
    """Parallel arrays: kind, argument (CharSet or constraint), two successor states."""

    __slots__ = ("kind", "arg", "out1", "out2", "start", "match", "id", "has_lacon", "dfas")
    _next_id = 0

    def __init__(self, lang: Lang) -> None:
        self.kind: list[int] = []
        self.arg: list[Any] = []
        self.out1: list[int] = []
        self.out2: list[int] = []
        self.has_lacon = False
        self.match = self._new(MATCH, None, -1, -1)
        self.start = self._build(lang, self.match)
        NFA._next_id += 1
        self.id = NFA._next_id
        self.dfas: dict[tuple[bool, bool], LazyDFA] = {}

    def _new(self, kind: int, arg: Any, o1: int, o2: int) -> int:
        if len(self.kind) >= MAX_STATES:
            raise TooComplex("regular expression too large")
        self.kind.append(kind)
        self.arg.append(arg)
        self.out1.append(o1)
        self.out2.append(o2)
        return len(self.kind) - 1

    def _build(self, lang: Lang, nxt: int) -> int:
        """States matching ``lang`` then continuing at ``nxt``; returns the entry state."""
        k = lang[0]
        if k == "c":
            return self._new(CHAR, lang[1], nxt, -1)
        if k == "e":
            return nxt
        if k == "cat":
            for part in reversed(lang[1]):
                nxt = self._build(part, nxt)
            return nxt
        if k == "alt":
            entries = [self._build(part, nxt) for part in lang[1]]
            entry = entries[-1]
            for e in reversed(entries[:-1]):
                entry = self._new(SPLIT, None, e, entry)
            return entry
        if k == "rep":
            return self._build_rep(lang[1], lang[2], lang[3], nxt)
        if k == "la":
            self.has_lacon = True
        return self._new(ASSERT, lang, nxt, -1)

    def _build_rep(self, sub: Lang, m: int, n: int, nxt: int) -> int:
        entry = nxt
        if n == DUPINF:
            loop = self._new(SPLIT, None, -1, nxt)
            self.out1[loop] = self._build(sub, loop)
            entry = loop
        else:
            for _ in range(n - m):
                opt = self._new(SPLIT, None, -1, nxt)
                self.out1[opt] = self._build(sub, entry)
                entry = opt
        for _ in range(m):
            entry = self._build(sub, entry)
        return entry


# What a position's neighbours tell the simple constraints (everything but lookaround).
BOS, EOS, PREV_NL, NEXT_NL, PREV_WORD, NEXT_WORD = 1, 2, 4, 8, 16, 32
_NEIGHBOUR_BEFORE = {10: PREV_NL, **{c: PREV_WORD for c in range(128) if c_isword(c)}}
_NEIGHBOUR_AFTER = {10: NEXT_NL, **{c: NEXT_WORD for c in range(128) if c_isword(c)}}


def holds_at(kind: str, mask: int, nlanch: bool) -> bool:
    """^ $ \\A \\Z \\m \\M \\y \\Y at a position described by ``mask``. At the ends of the
    string the missing neighbour counts as a non-word character."""
    if kind == "^":
        return bool(mask & BOS or (nlanch and mask & PREV_NL))
    if kind == "$":
        return bool(mask & EOS or (nlanch and mask & NEXT_NL))
    if kind == "A":
        return bool(mask & BOS)
    if kind == "Z":
        return bool(mask & EOS)
    before, after = bool(mask & PREV_WORD), bool(mask & NEXT_WORD)
    if kind == "<":
        return not before and after
    if kind == ">":
        return before and not after
    if kind == "y":
        return before != after
    assert kind == "Y"
    return before == after


class LazyDFA:
    """Subset construction on demand (rege_dfa.c's idea) for an NFA without lookaround:
    a state set's successor depends only on the character and on the next position's
    neighbourhood mask, so transitions can be cached across positions and subjects.
    ``search`` re-enters the start state at every position (an implicit leading .*)."""

    MAX_TRANSITIONS = 50_000

    def __init__(self, nfa: NFA, nlanch: bool, search: bool) -> None:
        self.nfa = nfa
        self.nlanch = nlanch
        self.search = search
        self._ids: dict[frozenset[int], int] = {}
        self.chars: list[list[int]] = []  # the CHAR states of each set
        self.accept: list[bool] = []
        self.dead: list[bool] = []
        self._trans: dict[tuple[int, int, int], int] = {}
        self._init: dict[int, int] = {}
        self._lock = threading.Lock()  # set ids are positions in the parallel lists
        # No match can begin anywhere but at the start of the string (a leading ^ or \\A):
        # then a search with no live thread left is over, as makesearch() arranges.
        self.anchored = search and all(self.dead[self.initial(m)] for m in range(64) if not m & BOS)

    def _intern(self, seeds: list[int], mask: int) -> int:
        with self._lock:
            return self._intern_locked(seeds, mask)

    def _intern_locked(self, seeds: list[int], mask: int) -> int:
        nfa = self.nfa
        kind, out1, out2, arg = nfa.kind, nfa.out1, nfa.out2, nfa.arg
        seen: set[int] = set()
        stack = seeds
        while stack:
            st = stack.pop()
            if st in seen:
                continue
            seen.add(st)
            k = kind[st]
            if k == SPLIT:
                stack.append(out1[st])
                stack.append(out2[st])
            elif k == ASSERT and holds_at(arg[st][0], mask, self.nlanch):
                stack.append(out1[st])
        key = frozenset(st for st in seen if kind[st] in (CHAR, MATCH))
        sid = self._ids.get(key)
        if sid is None:
            sid = self._ids[key] = len(self.chars)
            self.chars.append([st for st in key if kind[st] == CHAR])
            self.accept.append(nfa.match in key)
            self.dead.append(not key)
        return sid

    def initial(self, mask: int) -> int:
        sid = self._init.get(mask)
        if sid is None:
            sid = self._init[mask] = self._intern([self.nfa.start], mask)
        return sid

    def step(self, sid: int, code: int, mask: int) -> int:
        key = (sid, code, mask)
        nxt = self._trans.get(key)
        if nxt is None:
            nfa = self.nfa
            arg, out1 = nfa.arg, nfa.out1
            seeds = [out1[st] for st in self.chars[sid] if code in arg[st]]
            if self.search:
                seeds.append(nfa.start)
            nxt = self._intern(seeds, mask)
            if len(self._trans) >= self.MAX_TRANSITIONS:
                self._trans.clear()
            self._trans[key] = nxt
        return nxt


class Context:
    """One subject string plus the per-call caches of constraint results and match ends."""

    def __init__(
        self,
        text: str,
        nlanch: bool,
        budget: Budget,
        nfas: dict[int, tuple[Lang, NFA]] | None = None,
    ) -> None:
        self.text = text
        self.codes = array("I", text.encode("utf-32-le"))
        self.n = len(text)
        self.nlanch = nlanch
        self.budget = budget
        self._ends: dict[tuple[int, int], list[int]] = {}
        self._lookahead: dict[tuple[int, int], bool] = {}
        self._lookbehind: dict[int, list[bool]] = {}
        self._nfas: dict[int, tuple[Lang, NFA]] = {} if nfas is None else nfas
        self._masks: list[int] | None = None
        self.steps = 0  # automaton steps taken by the last anchored DFA run

    @property
    def masks(self) -> list[int]:
        """The neighbourhood mask of every position 0..n."""
        masks = self._masks
        if masks is None:
            before, after = _NEIGHBOUR_BEFORE.get, _NEIGHBOUR_AFTER.get
            prev = [BOS] + [before(c, 0) for c in self.codes]
            nxt = [after(c, 0) for c in self.codes] + [EOS]
            masks = self._masks = [a | b for a, b in zip(prev, nxt, strict=True)]
        return masks

    def mask(self, p: int) -> int:
        return self.masks[p]

    def _dfa(self, nfa: NFA, search: bool) -> LazyDFA | None:
        if nfa.has_lacon:
            return None
        d = nfa.dfas.get((search, self.nlanch))
        if d is None:
            d = nfa.dfas[(search, self.nlanch)] = LazyDFA(nfa, self.nlanch, search)
        return d

    # -- constraints ---------------------------------------------------------------------------
    def holds(self, con: Lang, p: int) -> bool:
        if con[0] == "la":
            return self._lacon(con, p)
        return holds_at(con[0], self.mask(p), self.nlanch)

    def _nfa_for(self, lang: Lang) -> NFA:
        entry = self._nfas.get(id(lang))
        if entry is None:
            # keep the language alive with its automaton, so its id is never reused
            entry = self._nfas[id(lang)] = (lang, NFA(lang))
        return entry[1]

    def _lacon(self, con: Lang, p: int) -> bool:
        latype, sub = con[1], con[2]
        nfa = self._nfa_for(sub)
        if latype in (AHEAD_POS, AHEAD_NEG):
            key = (nfa.id, p)
            hit = self._lookahead.get(key)
            if hit is None:
                hit = self._lookahead[key] = bool(self.ends(nfa, p, first_only=True))
            return hit if latype == AHEAD_POS else not hit
        table = self._lookbehind.get(nfa.id)
        if table is None:
            table = self._lookbehind[nfa.id] = self._match_ends_anywhere(nfa)
        return table[p] if latype == BEHIND_POS else not table[p]

    # -- simulation ----------------------------------------------------------------------------
    def _closure(self, nfa: NFA, seeds: list[int], p: int) -> list[int]:
        kind, out1, out2, arg = nfa.kind, nfa.out1, nfa.out2, nfa.arg
        seen: set[int] = set()
        result: list[int] = []
        stack = list(reversed(seeds))
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            k = kind[s]
            if k == SPLIT:
                stack.append(out2[s])
                stack.append(out1[s])
            elif k == ASSERT:
                if self.holds(arg[s], p):
                    stack.append(out1[s])
            else:
                result.append(s)
        self.budget.spend(len(seen) + 1)
        return result

    def _step(self, nfa: NFA, states: list[int], p: int) -> list[int]:
        c = self.codes[p]
        kind, arg, out1 = nfa.kind, nfa.arg, nfa.out1
        nxt: list[int] = []
        for s in states:
            if kind[s] == CHAR and c in arg[s]:
                nxt.append(out1[s])
        return nxt

    def ends(self, nfa: NFA, start: int, first_only: bool = False) -> list[int]:
        """Every e >= start such that the NFA matches text[start:e], ascending."""
        key = (nfa.id, start)
        if not first_only:
            cached = self._ends.get(key)
            if cached is not None:
                return cached
        found: list[int] = []
        d = self._dfa(nfa, False)
        if d is not None:
            found = self._dfa_ends(d, start, first_only)
            if not first_only:
                self._ends[key] = found
            return found
        states = self._closure(nfa, [nfa.start], start)
        p = start
        while True:
            if nfa.match in states:
                found.append(p)
                if first_only:
                    return found
            if p >= self.n:
                break
            seeds = self._step(nfa, states, p)
            if not seeds:
                break
            p += 1
            states = self._closure(nfa, seeds, p)
        if not first_only:
            self._ends[key] = found
        return found

    def _dfa_ends(self, d: LazyDFA, start: int, first_only: bool) -> list[int]:
        codes, n, masks = self.codes, self.n, self.masks
        accept, dead = d.accept, d.dead
        sid = d.initial(masks[start])
        found: list[int] = []
        p = start
        while True:
            if accept[sid]:
                found.append(p)
                if first_only:
                    break
            if p >= n:
                break
            p += 1
            sid = d.step(sid, codes[p - 1], masks[p])
            if dead[sid]:
                break
        self.steps = p - start + 1
        self.budget.spend(self.steps)
        return found

    def _match_ends_anywhere(self, nfa: NFA) -> list[bool]:
        """For each position p: does the NFA match some text[b:p] (the lookbehind search)?"""
        table = [False] * (self.n + 1)
        states: list[int] = []
        for p in range(self.n + 1):
            states = self._closure(nfa, [*states, nfa.start], p)
            table[p] = nfa.match in states
            if p < self.n:
                states = self._step(nfa, states, p)
        return table

    def earliest_end(self, nfa: NFA, start: int) -> int | None:
        """The smallest e such that the NFA matches text[b:e] for some start <= b <= e (the
        "close" point of regexec.c's search automaton)."""
        d = self._dfa(nfa, True)
        if d is not None:
            codes, accept, chars, anchored = self.codes, d.accept, d.chars, d.anchored
            masks = self.masks
            sid = d.initial(masks[start])
            for p in range(start, self.n + 1):
                if accept[sid]:
                    self.budget.spend(p - start + 1)
                    return p
                if anchored and not chars[sid]:
                    break
                if p < self.n:
                    sid = d.step(sid, codes[p], masks[p + 1])
            self.budget.spend(self.n - start + 1)
            return None
        states: list[int] = []
        for p in range(start, self.n + 1):
            states = self._closure(nfa, [*states, nfa.start], p)
            if nfa.match in states:
                return p
            if p < self.n:
                states = self._step(nfa, states, p)
        return None

    def leftmost_start(self, nfa: NFA, start: int) -> int | None:
        """The smallest b >= start at which the NFA matches something. As regexec.c's find()
        does, try each begin up to the first possible match end with the anchored automaton;
        if that gets expensive, finish with a single Pike-style pass."""
        close = self.earliest_end(nfa, start)
        if close is None:
            return None
        d = self._dfa(nfa, False)
        if d is None:
            return self._pike_leftmost(nfa, start)
        allowance = 4 * (close - start + 1) + 64
        for b in range(start, close + 1):
            if self._dfa_ends(d, b, first_only=True):
                return b
            allowance -= self.steps
            if allowance < 0:
                return self._pike_leftmost(nfa, b + 1)
        raise AssertionError("a match ends at close, so one begins at or before it")

    def _pike_leftmost(self, nfa: NFA, start: int) -> int | None:
        kind, out1, out2, arg = nfa.kind, nfa.out1, nfa.out2, nfa.arg
        best: int | None = None
        threads: list[tuple[int, int]] = []  # (state, origin) in origin order
        for p in range(start, self.n + 1):
            seeds = threads if best is not None else [*threads, (nfa.start, p)]
            closed: list[tuple[int, int]] = []
            seen: set[int] = set()
            for seed, origin in seeds:
                stack = [seed]
                while stack:
                    s = stack.pop()
                    if s in seen:
                        continue
                    seen.add(s)
                    k = kind[s]
                    if k == SPLIT:
                        stack.append(out2[s])
                        stack.append(out1[s])
                    elif k == ASSERT:
                        if self.holds(arg[s], p):
                            stack.append(out1[s])
                    elif k == MATCH:
                        if best is None or origin < best:
                            best = origin
                    else:
                        closed.append((s, origin))
            self.budget.spend(len(seen) + 1)
            if best is not None:
                closed = [t for t in closed if t[1] < best]
                if not closed:
                    break
            if p >= self.n:
                break
            c = self.codes[p]
            threads = [(out1[s], o) for s, o in closed if c in arg[s]]
        return best
