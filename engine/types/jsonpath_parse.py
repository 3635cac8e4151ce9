"""jsonpath text → item tree (jsonpath_in): the scanner, the grammar and the flattening checks.

The scanner emulates the flex rules of src/backend/utils/adt/jsonpath_scan.l (PostgreSQL 18):
at each position every rule of the current start state is tried and the longest match wins,
ties going to the earlier rule; ``yytext`` is kept per token because PostgreSQL's syntax-error
messages quote it (``syntax error at or near "X" of jsonpath input``; a bare identifier ended by
a special character leaves ``yytext`` empty, which prints as "at end of jsonpath input"). The
parser is a recursive-descent rendering of jsonpath_gram.y's LALR grammar that raises at the
same lookahead token bison would; the actions (unary-minus folding into numeric literals,
like_regex flag parsing and validation, ``.decimal()`` argument count) and
flattenJsonPathParseItem's checks (``@`` outside filters, ``last`` outside subscripts) follow
jsonpath_gram.y and jsonpath.c.

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from engine.errors import (
    EngineError,
    FeatureNotSupported,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
    SyntaxError_,
)
from engine.types.jsonpath_ast import (
    ANY_LAST,
    REGEX_DOTALL,
    REGEX_ICASE,
    REGEX_MLINE,
    REGEX_QUOTE,
    REGEX_WSPACE,
    JpItem,
    JsonPath,
)
from engine.types.numeric import numeric_in, numeric_uminus


class UntranslatableCharacter(EngineError):
    sqlstate = "22P05"


class InvalidRegularExpression(EngineError):
    sqlstate = "2201B"


# --- scanner ------------------------------------------------------------------------------------

_SPECIAL = r"?%$.\[\]{}()|&!=<>@#,*:\-+/"
_OTHER = rf'[^{_SPECIAL}\\" \t\n\r\f]'
_DECINT = r"(?:0|[1-9](?:_?[0-9])*)"
_DECDIGITS = r"[0-9](?:_?[0-9])*"
_DECIMAL = rf"(?:{_DECINT}\.(?:{_DECDIGITS})?|\.{_DECDIGITS})"
_REAL = rf"(?:{_DECINT}|{_DECIMAL})[Ee][-+]?{_DECDIGITS}"
_UNICODE = r"\\u(?:[0-9A-Fa-f]{4}|\{[0-9A-Fa-f]{1,6}\})"
_UNICODEFAIL = r"\\u(?:[0-9A-Fa-f]{0,3}|\{[0-9A-Fa-f]{0,6})"

KEYWORDS = {
    "is": "IS", "to": "TO", "abs": "ABS", "lax": "LAX", "date": "DATE", "flag": "FLAG",
    "last": "LAST", "size": "SIZE", "time": "TIME", "type": "TYPE", "with": "WITH",
    "floor": "FLOOR", "bigint": "BIGINT", "double": "DOUBLE", "exists": "EXISTS",
    "number": "NUMBER", "starts": "STARTS", "strict": "STRICT", "string": "STRINGFUNC",
    "boolean": "BOOLEAN", "ceiling": "CEILING", "decimal": "DECIMAL", "integer": "INTEGER",
    "time_tz": "TIME_TZ", "unknown": "UNKNOWN", "datetime": "DATETIME", "keyvalue": "KEYVALUE",
    "timestamp": "TIMESTAMP", "like_regex": "LIKE_REGEX", "timestamp_tz": "TIMESTAMP_TZ",
}
_LOWER_ONLY = {"null": "NULL", "true": "TRUE", "false": "FALSE"}

# INITIAL-state rules in jsonpath_scan.l's order: (regex, action)
_INITIAL: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), a) for p, a in [
        (r"&&", "AND"), (r"\|\|", "OR"), (r"!", "NOT"), (r"\*\*", "ANY"), (r"<", "LESS"),
        (r"<=", "LESSEQUAL"), (r"==", "EQUAL"), (r"<>", "NOTEQUAL"), (r"!=", "NOTEQUAL"),
        (r">=", "GREATEREQUAL"), (r">", "GREATER"), (rf"\${_OTHER}+", "VARNAME"),
        (r'\$"', "XVQ"), (rf"[{_SPECIAL}]", "CHAR"), (r"[ \t\n\r\f]+", "BLANK"),
        (r"/\*", "XC"), (_REAL, "NUMERIC"), (_DECIMAL, "NUMERIC"), (_DECINT, "INT"),
        (r"0[xX][0-9A-Fa-f](?:_?[0-9A-Fa-f])*", "INT"), (r"0[oO][0-7](?:_?[0-7])*", "INT"),
        (r"0[bB][01](?:_?[01])*", "INT"),
        (rf"(?:{_DECINT}|{_DECIMAL})[Ee][-+]", "ERR:invalid numeric literal"),
        (rf"{_DECINT}{_OTHER}", "ERR:trailing junk after numeric literal"),
        (rf"{_DECIMAL}{_OTHER}", "ERR:trailing junk after numeric literal"),
        (rf"{_REAL}{_OTHER}", "ERR:trailing junk after numeric literal"),
        (r'"', "XQ"), (r"\\", "XNQ_BACKSLASH"), (rf"{_OTHER}+", "XNQ"),
    ]
]
# escapes shared by the xnq, xq and xvq states, in the file's order
_ESCAPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), a) for p, a in [
        (r"\\b", "C\b"), (r"\\f", "C\f"), (r"\\n", "C\n"), (r"\\r", "C\r"), (r"\\t", "C\t"),
        (r"\\v", "C\v"), (rf"(?:{_UNICODE})+", "UNICODE"), (r"\\x[0-9A-Fa-f]{2}", "HEX"),
        (rf"(?:{_UNICODE})*{_UNICODEFAIL}", "ERR:invalid Unicode escape sequence"),
        (r"\\x[0-9A-Fa-f]{0,1}", "ERR:invalid hexadecimal character sequence"),
        (rf"(?:{_UNICODE})+\\", "UNICODE_BS"), (r"\\.", "ESCAPED"),
        (r"\\", "ERR:unexpected end after backslash"),
    ]
]
_XNQ_HEAD: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_OTHER}+"), "APPEND"), (re.compile(r"[ \t\n\r\f]+"), "END_BLANK"),
    (re.compile(r"/\*"), "XC"), (re.compile(rf'[{_SPECIAL}"]'), "END_PUSHBACK"),
]
_XQ_TAIL: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r'"'), "CLOSE"), (re.compile(r'[^\\"]+'), "APPEND"),
]


class Token:
    __slots__ = ("kind", "value", "yytext")

    def __init__(self, kind: str, value: str, yytext: str) -> None:
        self.kind = kind  # grammar terminal: a keyword name, IDENT, STRING, ... or the char
        self.value = value
        self.yytext = yytext


def syntax_error(message: str, yytext: str) -> SyntaxError_:
    """jsonpath_yyerror."""
    if yytext == "":
        return SyntaxError_(f"{message} at end of jsonpath input")
    return SyntaxError_(f'{message} at or near "{yytext}" of jsonpath input')


def _invalid(detail: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation("invalid input syntax for type jsonpath", detail=detail)


def _longest(rules: list[tuple[re.Pattern[str], str]], text: str, pos: int) -> tuple[str, str]:
    best, best_action = "", ""
    for rx, action in rules:
        m = rx.match(text, pos)
        if m is not None and len(m.group()) > len(best):
            best, best_action = m.group(), action
    return best, best_action


def _add_unicode(ch: int, hi: list[int], out: list[str]) -> None:
    """addUnicode: surrogate pairs, \\u0000 rejected."""
    if 0xD800 <= ch <= 0xDBFF:
        if hi[0] != -1:
            raise _invalid("Unicode high surrogate must not follow a high surrogate.")
        hi[0] = (ch & 0x3FF) << 10
        return
    if 0xDC00 <= ch <= 0xDFFF:
        if hi[0] == -1:
            raise _invalid("Unicode low surrogate must follow a high surrogate.")
        ch = 0x10000 + hi[0] + (ch & 0x3FF)
        hi[0] = -1
    elif hi[0] != -1:
        raise _invalid("Unicode low surrogate must follow a high surrogate.")
    if ch == 0:
        raise UntranslatableCharacter("unsupported Unicode escape sequence",
                                      detail="\\u0000 cannot be converted to text.")
    if ch > 0x10FFFF:
        raise FeatureNotSupported("jsonpath Unicode escape beyond U+10FFFF")
    out.append(chr(ch))


def _parse_unicode(text: str, out: list[str]) -> None:
    hi = [-1]
    for m in re.finditer(r"\\u(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4}))", text):
        _add_unicode(int(m.group(1) or m.group(2), 16), hi, out)
    if hi[0] != -1:
        raise _invalid("Unicode low surrogate must follow a high surrogate.")


class Scanner:
    """Produces tokens on demand, as bison asks flex for them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _escape(self, buf: list[str]) -> bool:
        """Try the escape rules at pos; True if one applied."""
        text, pos = self.text, self.pos
        if pos >= len(text) or text[pos] != "\\":
            return False
        match, action = _longest(_ESCAPES, text, pos)
        if action.startswith("ERR:"):
            raise syntax_error(action[4:], match)
        self.pos += len(match)
        if action.startswith("C"):
            buf.append(action[1])
        elif action == "UNICODE":
            _parse_unicode(match, buf)
        elif action == "UNICODE_BS":
            self.pos -= 1
            _parse_unicode(match[:-1], buf)
        elif action == "HEX":
            ch = int(match[2:], 16)
            if ch == 0:
                _add_unicode(0, [-1], buf)
            buf.append(chr(ch))
        else:  # ESCAPED: the character itself
            buf.append(match[1])
        return True

    def _quoted(self, kind: str) -> Token:
        buf: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise syntax_error("unterminated quoted string", "")
            if self._escape(buf):
                continue
            match, action = _longest(_XQ_TAIL, self.text, self.pos)
            self.pos += len(match)
            if action == "CLOSE":
                return Token(kind, "".join(buf), '"')
            buf.append(match)

    def _comment(self) -> None:
        end = self.text.find("*/", self.pos)
        if end < 0:
            raise syntax_error("unexpected end of comment", "")
        self.pos = end + 2

    def _ident(self, buf: list[str]) -> Token | None:
        """The xnq state; None when a comment swallowed the identifier (as flex does)."""
        while True:
            if self.pos >= len(self.text):
                return _keyword("".join(buf), "")
            if self._escape(buf):
                continue
            match, action = _longest(_XNQ_HEAD, self.text, self.pos)
            if action == "APPEND":
                buf.append(match)
                self.pos += len(match)
            elif action == "END_BLANK":
                self.pos += len(match)
                return _keyword("".join(buf), match)
            elif action == "XC":
                self.pos += 2
                self._comment()
                return None
            else:
                return _keyword("".join(buf), "")

    def next(self) -> Token:
        text = self.text
        while True:
            if self.pos >= len(text):
                return Token("EOF", "", "")
            match, action = _longest(_INITIAL, text, self.pos)
            self.pos += len(match)
            if action == "BLANK":
                continue
            if action == "XC":
                self._comment()
                continue
            if action.startswith("ERR:"):
                raise syntax_error(action[4:], match)
            if action == "CHAR":
                return Token(match, match, match)
            if action in ("NUMERIC", "INT"):
                return Token(action, match, match)
            if action == "VARNAME":
                return Token("VARIABLE", match[1:], match)
            if action == "XVQ":
                return self._quoted("VARIABLE")
            if action == "XQ":
                return self._quoted("STRING")
            if action == "XNQ_BACKSLASH":
                self.pos -= 1
                tok = self._ident([])
            elif action == "XNQ":
                tok = self._ident([match])
            else:
                return Token(action, match, match)
            if tok is not None:
                return tok


def _keyword(word: str, yytext: str) -> Token:
    """checkKeyword: case-insensitive, except null/true/false."""
    kind = _LOWER_ONLY.get(word) or KEYWORDS.get(word.lower(), "IDENT")
    return Token(kind, word, yytext)


# --- parser ---------------------------------------------------------------------------------------

_COMP_OPS = {"EQUAL": "eq", "NOTEQUAL": "ne", "LESS": "lt", "GREATER": "gt",
             "LESSEQUAL": "le", "GREATEREQUAL": "ge"}
_ARITH = {"+": ("add", 3), "-": ("sub", 3), "*": ("mul", 4), "/": ("div", 4), "%": ("mod", 4)}
_METHODS = {"ABS": "abs", "SIZE": "size", "TYPE": "type", "FLOOR": "floor", "DOUBLE": "double",
            "CEILING": "ceiling", "KEYVALUE": "keyvalue", "BIGINT": "bigint",
            "BOOLEAN": "boolean", "DATE": "date", "INTEGER": "integer", "NUMBER": "number",
            "STRINGFUNC": "string_func"}
_PRECISION_METHODS = {"TIME": "time", "TIME_TZ": "time_tz", "TIMESTAMP": "timestamp",
                      "TIMESTAMP_TZ": "timestamp_tz"}
_KEY_TOKENS = {"IDENT", "STRING", "NULL", "TRUE", "FALSE", *KEYWORDS.values()}
_PRED_KINDS = {"and", "or", "not", "is_unknown", "exists", "eq", "ne", "lt", "gt", "le", "ge",
               "starts_with", "like_regex"}


class _Node:
    """A parsed fragment: the item and whether the grammar sees it as a predicate."""

    __slots__ = ("item", "pred")

    def __init__(self, item: JpItem, pred: bool) -> None:
        self.item = item
        self.pred = pred


def _unary(kind: str, arg: JpItem) -> JpItem:
    """makeItemUnary: +n and -n of a bare numeric literal fold into the literal."""
    if arg.kind == "numeric" and arg.next is None:
        if kind == "plus":
            return arg
        if kind == "minus":
            return JpItem("numeric", numeric_uminus(arg.value))
    return JpItem(kind, left=arg)


def _chain(items: list[JpItem]) -> JpItem:
    """makeItemList: append the accessors to the end of the head's existing chain."""
    head = items[0]
    end = head.last_in_chain()
    for it in items[1:]:
        end.next = it
        end = it
    return head


class Parser:
    def __init__(self, text: str) -> None:
        self.scanner = Scanner(text)
        self.tok: Token | None = None

    @property
    def cur(self) -> Token:
        if self.tok is None:
            self.tok = self.scanner.next()
        return self.tok

    def advance(self) -> Token:
        tok = self.cur
        self.tok = None
        return tok

    def error(self) -> SyntaxError_:
        return syntax_error("syntax error", self.cur.yytext)

    def expect(self, kind: str) -> Token:
        if self.cur.kind != kind:
            raise self.error()
        return self.advance()

    # result: mode expr_or_predicate | <empty>
    def parse(self) -> JsonPath | None:
        if self.cur.kind == "EOF":
            return None
        lax = True
        if self.cur.kind in ("STRICT", "LAX"):
            lax = self.advance().kind == "LAX"
        node = self.parse_or()
        if self.cur.kind != "EOF":
            raise self.error()
        return JsonPath(lax, node.item)

    def _need_pred(self, node: _Node) -> JpItem:
        if not node.pred:
            raise self.error()
        return node.item

    def parse_or(self) -> _Node:
        node = self.parse_and()
        while self.cur.kind == "OR":
            left = self._need_pred(node)
            self.advance()
            right = self._need_pred(self.parse_and())
            node = _Node(JpItem("or", left=left, right=right), True)
        return node

    def parse_and(self) -> _Node:
        node = self.parse_not()
        while self.cur.kind == "AND":
            left = self._need_pred(node)
            self.advance()
            right = self._need_pred(self.parse_not())
            node = _Node(JpItem("and", left=left, right=right), True)
        return node

    def parse_not(self) -> _Node:
        if self.cur.kind != "NOT":
            return self.parse_comparison()
        self.advance()
        if self.cur.kind == "EXISTS":
            return _Node(JpItem("not", left=self.parse_exists()), True)
        self.expect("(")
        inner = self._need_pred(self.parse_or())
        self.expect(")")
        return _Node(JpItem("not", left=inner), True)

    def parse_exists(self) -> JpItem:
        self.expect("EXISTS")
        self.expect("(")
        arg = self.parse_expr()
        self.expect(")")
        return JpItem("exists", left=arg)

    def parse_comparison(self) -> _Node:
        node = self.parse_arith(0, True)
        if node.pred:
            return node
        kind = self.cur.kind
        if kind in _COMP_OPS:
            self.advance()
            right = self.parse_expr()
            return _Node(JpItem(_COMP_OPS[kind], left=node.item, right=right), True)
        if kind == "STARTS":
            self.advance()
            self.expect("WITH")
            if self.cur.kind == "STRING":
                init = JpItem("string", self.advance().value)
            elif self.cur.kind == "VARIABLE":
                init = JpItem("variable", self.advance().value)
            else:
                raise self.error()
            return _Node(JpItem("starts_with", left=node.item, right=init), True)
        if kind == "LIKE_REGEX":
            self.advance()
            pattern = self.expect("STRING").value
            flags: str | None = None
            if self.cur.kind == "FLAG":
                self.advance()
                flags = self.expect("STRING").value
            return _Node(make_like_regex(node.item, pattern, flags), True)
        return node

    def parse_expr(self) -> JpItem:
        """An ``expr`` where a predicate is not allowed."""
        return self.parse_arith(0, False).item

    def parse_arith(self, min_prec: int, allow_pred: bool) -> _Node:
        node = self.parse_unary(allow_pred)
        while self.cur.kind in _ARITH and _ARITH[self.cur.kind][1] >= min_prec:
            if node.pred:
                raise self.error()
            kind, prec = _ARITH[self.advance().kind]
            right = self.parse_arith(prec + 1, False).item
            node = _Node(JpItem(kind, left=node.item, right=right), False)
        return node

    def parse_unary(self, allow_pred: bool) -> _Node:
        if self.cur.kind in ("+", "-"):
            kind = "plus" if self.advance().kind == "+" else "minus"
            arg = self.parse_unary(False).item
            return _Node(_unary(kind, arg), False)
        return self.parse_postfix(allow_pred)

    def parse_postfix(self, allow_pred: bool) -> _Node:
        tok = self.cur
        if tok.kind == "(":
            self.advance()
            inner = self.parse_or()
            self.expect(")")
            if self.cur.kind in (".", "[", "?"):
                return _Node(self.parse_accessors(inner.item), False)
            if inner.pred:
                if not allow_pred:
                    raise self.error()
                if self.cur.kind == "IS":
                    self.advance()
                    self.expect("UNKNOWN")
                    return _Node(JpItem("is_unknown", left=inner.item), True)
            return inner
        if tok.kind == "EXISTS" and allow_pred:
            return _Node(self.parse_exists(), True)
        return _Node(self.parse_accessors(self.parse_primary()), False)

    def parse_primary(self) -> JpItem:
        tok = self.cur
        k = tok.kind
        if k == "STRING":
            item = JpItem("string", tok.value)
        elif k == "NULL":
            item = JpItem("null")
        elif k in ("TRUE", "FALSE"):
            item = JpItem("bool", k == "TRUE")
        elif k in ("NUMERIC", "INT"):
            item = JpItem("numeric", numeric_in(tok.value))
        elif k == "VARIABLE":
            item = JpItem("variable", tok.value)
        elif k == "$":
            item = JpItem("root")
        elif k == "@":
            item = JpItem("current")
        elif k == "LAST":
            item = JpItem("last")
        else:
            raise self.error()
        self.advance()
        return item

    def parse_accessors(self, head: JpItem) -> JpItem:
        items = [head]
        while self.cur.kind in (".", "[", "?"):
            items.append(self.parse_accessor())
        return _chain(items) if len(items) > 1 else head

    def parse_accessor(self) -> JpItem:
        tok = self.advance()
        if tok.kind == "?":
            self.expect("(")
            pred = self._need_pred(self.parse_or())
            self.expect(")")
            return JpItem("filter", left=pred)
        if tok.kind == "[":
            return self.parse_subscripts()
        k = self.cur.kind
        if k == "*":
            self.advance()
            return JpItem("any_key")
        if k == "ANY":
            self.advance()
            return self.parse_any()
        if k not in _KEY_TOKENS:
            raise self.error()
        name = self.advance()
        if self.cur.kind == "(" and (name.kind in _METHODS or name.kind in _PRECISION_METHODS
                                     or name.kind in ("DECIMAL", "DATETIME")):
            self.advance()
            return self.parse_method(name.kind)
        return JpItem("key", name.value)

    def parse_method(self, name: str) -> JpItem:
        if name in _METHODS:
            self.expect(")")
            return JpItem(_METHODS[name])
        if name == "DATETIME":
            arg = JpItem("string", self.advance().value) if self.cur.kind == "STRING" else None
            self.expect(")")
            return JpItem("datetime", left=arg)
        if name in _PRECISION_METHODS:
            arg = JpItem("numeric", numeric_in(self.advance().value)) \
                if self.cur.kind == "INT" else None
            self.expect(")")
            return JpItem(_PRECISION_METHODS[name], left=arg)
        args: list[JpItem] = []
        if self.cur.kind != ")":
            args.append(self.parse_csv_elem())
            while self.cur.kind == ",":
                self.advance()
                args.append(self.parse_csv_elem())
        self.expect(")")
        if len(args) > 2:
            raise SyntaxError_("invalid input syntax for type jsonpath",
                               detail=".decimal() can only have an optional precision[,scale].")
        return JpItem("decimal", left=args[0] if args else None,
                      right=args[1] if len(args) > 1 else None)

    def parse_csv_elem(self) -> JpItem:
        sign = None
        if self.cur.kind in ("+", "-"):
            sign = "plus" if self.advance().kind == "+" else "minus"
        item = JpItem("numeric", numeric_in(self.expect("INT").value))
        return _unary(sign, item) if sign else item

    def parse_subscripts(self) -> JpItem:
        if self.cur.kind == "*":
            self.advance()
            self.expect("]")
            return JpItem("any_array")
        elems: list[tuple[JpItem, JpItem | None]] = []
        while True:
            frm = self.parse_expr()
            to = None
            if self.cur.kind == "TO":
                self.advance()
                to = self.parse_expr()
            elems.append((frm, to))
            if self.cur.kind != ",":
                break
            self.advance()
        self.expect("]")
        return JpItem("index_array", elems=elems)

    def parse_any(self) -> JpItem:
        if self.cur.kind != "{":
            return JpItem("any", (0, ANY_LAST))
        self.advance()
        first = self.parse_any_level()
        last = first
        if self.cur.kind == "TO":
            self.advance()
            last = self.parse_any_level()
        self.expect("}")
        return JpItem("any", (first, last))

    def parse_any_level(self) -> int:
        if self.cur.kind == "LAST":
            self.advance()
            return ANY_LAST
        text = self.expect("INT").value
        value = int(numeric_in(text))
        if value > 2**31 - 1:
            raise NumericValueOutOfRange(f'value "{text}" is out of range for type integer')
        return value


# --- actions and checks ----------------------------------------------------------------------

_FLAG_BITS = {"i": REGEX_ICASE, "s": REGEX_DOTALL, "m": REGEX_MLINE, "x": REGEX_WSPACE,
              "q": REGEX_QUOTE}

RegexCompiler = Callable[[str, int], object]


def make_like_regex(expr: JpItem, pattern: str, flags: str | None) -> JpItem:
    """makeItemLikeRegex: parse the flags and check that the pattern compiles."""
    bits = 0
    for ch in flags or "":
        bit = _FLAG_BITS.get(ch)
        if bit is None:
            raise SyntaxError_(
                "invalid input syntax for type jsonpath",
                detail=f'Unrecognized flag character "{ch}" in LIKE_REGEX predicate.')
        bits |= bit
    compile_like_regex(pattern, bits)
    return JpItem("like_regex", (pattern, bits), left=expr)


def compile_like_regex(pattern: str, bits: int) -> object:
    """jspConvertRegexFlags + pg_regcomp through the engine's ARE implementation."""
    from engine.functions import regex as regex_mod
    from engine.functions.regex_chars import (
        REG_ADVANCED,
        REG_ICASE,
        REG_NLANCH,
        REG_NLSTOP,
        REG_QUOTE,
    )

    cflags = REG_ADVANCED
    if bits & REGEX_ICASE:
        cflags |= REG_ICASE
    if bits & REGEX_QUOTE:
        cflags = (cflags & ~REG_ADVANCED) | REG_QUOTE
    else:
        if not bits & REGEX_DOTALL:
            cflags |= REG_NLSTOP
        if bits & REGEX_MLINE:
            cflags |= REG_NLANCH
        if bits & REGEX_WSPACE:
            raise FeatureNotSupported(
                'XQuery "x" flag (expanded regular expressions) is not implemented')
    try:
        return regex_mod._compile(pattern, cflags)
    except regex_mod.InvalidRegularExpression as err:
        raise InvalidRegularExpression(err.message) from None


def _check(item: JpItem | None, nesting: int, in_subscript: bool) -> None:
    """flattenJsonPathParseItem's checks, in its traversal order."""
    while item is not None:
        k = item.kind
        if k == "current" and nesting <= 0:
            raise SyntaxError_("@ is not allowed in root expressions")
        if k == "last" and not in_subscript:
            raise SyntaxError_("LAST is allowed only in array subscripts")
        if k == "index_array":
            for frm, to in item.elems:
                _check(frm, nesting, True)
                _check(to, nesting, True)
        else:
            _check(item.left, nesting + (k == "filter"), in_subscript)
            _check(item.right, nesting, in_subscript)
        item = item.next


def parse_jsonpath(text: str) -> JsonPath:
    """jsonpath_in."""
    try:
        path = Parser(text).parse()
        if path is None:
            raise InvalidTextRepresentation(f'invalid input syntax for type jsonpath: "{text}"')
        _check(path.expr, 0, False)
    except RecursionError:
        raise FeatureNotSupported("jsonpath nested too deeply") from None
    return path


_ = Decimal  # numeric values in items are Decimals
