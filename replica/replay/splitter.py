"""psql-aware splitting of SQL scripts: statements, meta-commands and variables.

A script is read the way ``psql -X -f FILE`` reads it (PostgreSQL ``src/fe_utils/psqlscan.l``
and ``src/bin/psql/command.c``):

* a statement ends at a ``;`` outside quotes, comments, dollar quotes and parentheses, and
  outside a ``BEGIN ATOMIC … END`` body of ``CREATE [OR REPLACE] FUNCTION|PROCEDURE`` (psql's
  ``begin_depth`` heuristic, copied); ``/* … */`` comments nest; ``E'…'`` strings honour
  backslash escapes;
* ``:name``, ``:'name'``, ``:"name"`` and ``:{?name}`` are interpolated from the variables while
  lexing (``::`` is a cast); undefined variables are left as written, as psql does;
* a backslash outside quotes starts a meta-command that runs to the end of the line (or ``\\\\``).
  ``\\set``, ``\\unset``, ``\\getenv``, ``\\if``/``\\elif``/``\\else``/``\\endif`` and ``\\q``
  are evaluated here because they change what is lexed next; ``\\g``, ``\\gx``, ``\\gset``,
  ``\\gexec``, ``\\gdesc``, ``\\crosstabview`` and ``\\watch`` send the query buffer; everything
  else is yielded as a :class:`MetaCommand` for the caller to honour, ignore or count;
* ``COPY … FROM STDIN`` takes the following lines up to ``\\.`` as its data.

Splitting is lazy: :func:`split_script` is a generator, so a caller that sets variables between
items (``\\gset``) sees them interpolated into the statements that follow, as in psql.

Must not import psycopg, ``engine`` or ``wire``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field

__all__ = [
    "SEND_COMMANDS",
    "MetaCommand",
    "Statement",
    "parse_bool",
    "split_script",
]

# Meta-commands that send the current query buffer to the server.
SEND_COMMANDS = frozenset({
    "g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch", "sendpipeline", "parse",
})

_IDENT_START = re.compile(r"[A-Za-z_\x80-\U0010ffff]")
_IDENT = re.compile(r"[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_$\x80-\U0010ffff]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*)?\$")
_VAR_NAME = re.compile(r"[A-Za-z0-9_\x80-\U0010ffff]+")
_META_NAME = re.compile(r"[^\s\\]+")
_COPY_STDIN = re.compile(r"^\s*copy\b.*\bfrom\s+stdin\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL statement as psql would send it.

    ``send`` is ``";"`` or the name of the meta-command that sent it (``gset``…), with its
    arguments in ``send_args``. ``copy_data`` holds the inline data of ``COPY … FROM STDIN``.
    """

    sql: str
    line: int
    send: str = ";"
    send_args: tuple[str, ...] = ()
    copy_data: str | None = None


@dataclass(frozen=True, slots=True)
class MetaCommand:
    """A backslash command not evaluated by the splitter (``\\d``, ``\\pset``, ``\\c`` …)."""

    name: str
    args: tuple[str, ...]
    line: int
    raw: str = ""


@dataclass(slots=True)
class _Branch:
    """One level of ``\\if``: is it active now, and has any branch been taken yet."""

    active: bool
    taken: bool
    parent_active: bool


_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def parse_bool(value: str) -> bool | None:
    """psql's ``ParseVariableBool``: unique prefixes of true/false/yes/no, on/off, 1/0."""
    v = value.strip().lower()
    if not v:
        return None
    if v in ("on", "off"):
        return v == "on"
    if v in ("1", "0"):
        return v == "1"
    for word in ("true", "yes"):
        if word.startswith(v):
            return True
    for word in ("false", "no"):
        if word.startswith(v):
            return False
    return None


def _quote_literal(value: str) -> str:
    if "\\" in value:
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + value.replace("'", "''") + "'"


def _quote_ident(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


_ARG_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f"}


@dataclass
class _Lexer:
    text: str
    variables: MutableMapping[str, str]
    env: Mapping[str, str]
    pos: int = 0
    buf: list[str] = field(default_factory=list)
    start_line: int = 0
    paren_depth: int = 0
    begin_depth: int = 0
    std_strings: Callable[[], bool] = field(default=lambda: True)  # the server's setting
    idents: list[str] = field(default_factory=list)
    previous: str = ""
    branches: list[_Branch] = field(default_factory=list)
    quit: bool = False

    # -- helpers ---------------------------------------------------------------------------

    def line_at(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    @property
    def active(self) -> bool:
        return all(b.active for b in self.branches)

    def append(self, piece: str, at: int) -> None:
        if not self.buf:
            if not piece.strip():
                return
            self.start_line = self.line_at(at)
        self.buf.append(piece)

    def take(self) -> str:
        sql = "".join(self.buf).strip()
        self.buf.clear()
        self.paren_depth = self.begin_depth = 0
        self.idents.clear()
        return sql

    def interpolate(self, at: int) -> tuple[str, int] | None:
        """``(replacement, end)`` for a variable reference at ``at`` (a ``:``), else None."""
        t = self.text
        nxt = t[at + 1 : at + 2]
        if nxt in ("'", '"'):
            end = t.find(nxt, at + 2)
            if end < 0:
                return None
            name = t[at + 2 : end]
            if not _VAR_NAME.fullmatch(name) or name not in self.variables:
                return None
            value = self.variables[name]
            return (_quote_literal(value) if nxt == "'" else _quote_ident(value)), end + 1
        if t.startswith("{?", at + 1):
            end = t.find("}", at + 3)
            if end < 0:
                return None
            return ("TRUE" if t[at + 3 : end] in self.variables else "FALSE"), end + 1
        m = _VAR_NAME.match(t, at + 1)
        if m is None or m.group() not in self.variables:
            return None
        return self.variables[m.group()], m.end()

    # -- SQL tokens ------------------------------------------------------------------------

    def skip_quoted(self, start: int, quote: str, backslash: bool) -> int:
        """End (exclusive) of the quoted token opening at ``start``."""
        t, i = self.text, start + 1
        while i < len(t):
            c = t[i]
            if backslash and c == "\\":
                i += 2
                continue
            if c == quote:
                if t[i + 1 : i + 2] == quote:
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(t)

    def skip_block_comment(self, start: int) -> int:
        t, i, depth = self.text, start + 2, 1
        while i < len(t) and depth:
            if t.startswith("/*", i):
                depth, i = depth + 1, i + 2
            elif t.startswith("*/", i):
                depth, i = depth - 1, i + 2
            else:
                i += 1
        return i

    def identifier(self, word: str) -> None:
        """psql's BEGIN ATOMIC tracking (psqlscan.l, the ``{identifier}`` rule)."""
        low = word.lower()
        if len(self.idents) < 4:
            self.idents.append(low[0] if low in ("create", "function", "procedure", "or",
                                                  "replace") else "")
        ids = self.idents + [""] * (4 - len(self.idents))
        in_routine = ids[0] == "c" and (
            ids[1] in ("f", "p") or (ids[1] == "o" and ids[2] == "r" and ids[3] in ("f", "p"))
        )
        if not in_routine or self.paren_depth != 0:
            return
        if low == "begin" or low == "case" and self.begin_depth >= 1:
            self.begin_depth += 1
        elif low == "end" and self.begin_depth > 0:
            self.begin_depth -= 1

    # -- meta-commands ---------------------------------------------------------------------

    def meta_args(self, start: int) -> tuple[list[str], str, int]:
        """Arguments of a meta-command, its raw text, and where the command ends."""
        t, i = self.text, start
        eol = t.find("\n", start)
        eol = len(t) if eol < 0 else eol
        args: list[str] = []
        cur: list[str] | None = None
        while i < eol:
            c = t[i]
            if c in " \t\r":
                if cur is not None:
                    args.append("".join(cur))
                    cur = None
                i += 1
                continue
            if c == "\\" and t[i + 1 : i + 2] == "\\":
                raw = t[start:i]
                if cur is not None:
                    args.append("".join(cur))
                return args, raw, i + 2
            if c == "\\":  # the next meta-command on the same line
                break
            cur = [] if cur is None else cur
            if c == "'":
                i = self._single_quoted_arg(i, eol, cur)
            elif c == ":" and (sub := self.interpolate(i)) is not None:
                text, i = sub
                cur.append(text)
            elif c == '"':
                end = self.skip_quoted(i, '"', False)
                cur.append(t[i:end])
                i = end
            else:
                cur.append(c)
                i += 1
        if cur is not None:
            args.append("".join(cur))
        return args, t[start:i], i

    def _single_quoted_arg(self, i: int, eol: int, out: list[str]) -> int:
        t = self.text
        i += 1
        while i < eol:
            c = t[i]
            if c == "'":
                if t[i + 1 : i + 2] == "'":
                    out.append("'")
                    i += 2
                    continue
                return i + 1
            if c == "\\" and i + 1 < eol:
                out.append(_ARG_ESCAPES.get(t[i + 1], t[i + 1]))
                i += 2
                continue
            out.append(c)
            i += 1
        return i

    def conditional(self, name: str, args: list[str]) -> bool:
        """Evaluate ``\\if`` and friends; True if ``name`` was one of them."""
        value = parse_bool(" ".join(args)) if args else None
        if name == "if":
            parent = self.active
            ok = parent and bool(value)
            self.branches.append(_Branch(ok, ok, parent))
        elif name == "elif" and self.branches:
            b = self.branches[-1]
            b.active = b.parent_active and not b.taken and bool(value)
            b.taken = b.taken or b.active
        elif name == "else" and self.branches:
            b = self.branches[-1]
            b.active = b.parent_active and not b.taken
            b.taken = True
        elif name == "endif" and self.branches:
            self.branches.pop()
        else:
            return name in ("elif", "else", "endif")
        return True

    def variable_command(self, name: str, args: list[str]) -> bool:
        """``\\set``, ``\\unset``, ``\\getenv``: True if handled."""
        if name == "set":
            if args:
                self.variables[args[0]] = "".join(args[1:])
            return True
        if name == "unset":
            for a in args[:1]:
                self.variables.pop(a, None)
            return True
        if name == "getenv":
            if len(args) >= 2:
                if args[1] in self.env:
                    self.variables[args[0]] = self.env[args[1]]
                else:
                    self.variables.pop(args[0], None)
            return True
        return False


def _copy_from_stdin(sql: str) -> bool:
    return bool(_COPY_STDIN.match(sql)) and not sql.lstrip()[4:].lstrip().startswith("(")


def _read_copy_data(lex: _Lexer, after: int) -> tuple[str, int]:
    """Data lines after the COPY statement (from the next line) up to ``\\.``."""
    t = lex.text
    nl = t.find("\n", after)
    if nl < 0:
        return "", len(t)
    i = nl + 1
    lines: list[str] = []
    while i < len(t):
        end = t.find("\n", i)
        end = len(t) if end < 0 else end
        line = t[i:end]
        i = end + 1
        if line.rstrip("\r") == "\\.":
            break
        lines.append(line + "\n")
    return "".join(lines), min(i, len(t))


def split_script(
    text: str,
    variables: MutableMapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    std_strings: Callable[[], bool] | None = None,
) -> Iterator[Statement | MetaCommand]:
    """Statements and unevaluated meta-commands of a psql script, in order (lazily).
    ``std_strings`` tells whether the server currently has ``standard_conforming_strings``
    on (psql asks its connection): with it off, plain literals honour backslash escapes."""
    lex = _Lexer(text, variables if variables is not None else {}, env or {})
    if std_strings is not None:
        lex.std_strings = std_strings
    yield from _scan(lex)


def _scan(lex: _Lexer) -> Iterator[Statement | MetaCommand]:  # noqa: C901 - one lexer loop
    t = lex.text
    n = len(t)
    while lex.pos < n and not lex.quit:
        i = lex.pos
        c = t[i]
        if c == "\\":
            yield from _meta(lex, i)
            continue
        if not lex.active:  # inside a false \if branch: skip to the next line
            nl = t.find("\n", i)
            lex.pos = n if nl < 0 else nl + 1
            lex.buf.clear()
            continue
        if c.isspace():
            lex.append(c, i)
            lex.pos = i + 1
        elif t.startswith("--", i):
            nl = t.find("\n", i)
            end = n if nl < 0 else nl
            if lex.buf:
                lex.append(t[i:end], i)
            lex.pos = end
        elif t.startswith("/*", i):
            end = lex.skip_block_comment(i)
            if lex.buf:
                lex.append(t[i:end], i)
            lex.pos = end
        elif c == "'":
            end = lex.skip_quoted(i, "'", not lex.std_strings())
            lex.append(t[i:end], i)
            lex.pos = end
        elif c == '"':
            end = lex.skip_quoted(i, '"', False)
            lex.append(t[i:end], i)
            lex.pos = end
        elif c == "$" and (m := _DOLLAR_TAG.match(t, i)) is not None:
            close = t.find(m.group(), m.end())
            end = n if close < 0 else close + len(m.group())
            lex.append(t[i:end], i)
            lex.pos = end
        elif c == ":":
            if t.startswith("::", i):
                lex.append("::", i)
                lex.pos = i + 2
            elif (sub := lex.interpolate(i)) is not None:
                lex.append(sub[0], i)
                lex.pos = sub[1]
            else:
                lex.append(c, i)
                lex.pos = i + 1
        elif _IDENT_START.match(c):
            m = _IDENT.match(t, i)
            assert m is not None
            word = m.group()
            end = m.end()
            if t[end : end + 1] == "'" and word.lower() in ("e", "b", "x", "n", "u&"):
                end = lex.skip_quoted(end, "'", word.lower() == "e" or (
                    word.lower() == "n" and not lex.std_strings()))
            elif t[end : end + 2] == "&'" and word.lower() == "u":
                end = lex.skip_quoted(end + 1, "'", False)
            else:
                lex.identifier(word)
            lex.append(t[i:end], i)
            lex.pos = end
        elif c == "(":
            lex.paren_depth += 1
            lex.append(c, i)
            lex.pos = i + 1
        elif c == ")":
            lex.paren_depth = max(0, lex.paren_depth - 1)
            lex.append(c, i)
            lex.pos = i + 1
        elif c == ";" and lex.paren_depth == 0 and lex.begin_depth == 0:
            lex.pos = i + 1
            if not lex.buf:
                continue
            line = lex.start_line
            sql = lex.take()
            lex.previous = sql
            data: str | None = None
            if _copy_from_stdin(sql):
                data, lex.pos = _read_copy_data(lex, i)
            yield Statement(sql, line, copy_data=data)
        else:
            lex.append(c, i)
            lex.pos = i + 1
    if lex.buf and lex.active and not lex.quit:
        line = lex.start_line
        sql = lex.take()
        if sql:
            yield Statement(sql, line)


def _meta(lex: _Lexer, i: int) -> Iterator[Statement | MetaCommand]:
    t = lex.text
    if t.startswith("\\;", i):  # psql's \; : a literal semicolon in the buffer, no sending
        lex.pos = i + 2
        if lex.active:
            lex.append(";", i)
        return
    m = _META_NAME.match(t, i + 1)
    name = m.group() if m else ""
    args, raw, end = lex.meta_args(i + 1 + len(name))
    lex.pos = end
    line = lex.line_at(i)
    if lex.conditional(name, args):
        return
    if not lex.active:
        return
    if lex.variable_command(name, args):
        return
    if name in ("q", "quit"):
        lex.quit = True
        return
    if name == "r" or name == "reset":
        lex.take()
        return
    if name == "bind_named":  # a following \g runs the named statement, not the buffer
        lex.previous = ""
    if name in SEND_COMMANDS:
        stmt_line = lex.start_line if lex.buf else line
        sql = lex.take() if lex.buf else lex.previous
        lex.previous = sql
        if sql:
            data = None
            if _copy_from_stdin(sql):
                data, lex.pos = _read_copy_data(lex, end - 1)
            yield Statement(sql, stmt_line, send=name, send_args=tuple(args), copy_data=data)
        return
    yield MetaCommand(name, tuple(args), line, raw=("\\" + name + raw).strip())
