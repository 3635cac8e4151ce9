"""The jsonpath value: its item tree and PostgreSQL's canonical printing (jsonpath_out).

An item is a ``JpItem`` whose ``kind`` names PostgreSQL's JsonPathItemType without the ``jpi``
prefix (``root``, ``key``, ``add``, ``filter``, ``like_regex`` ...). Chains (``$.a[*]``) are linked
through ``next`` exactly as in the flattened binary form, so printing and execution walk the same
structure PostgreSQL does. Follows src/backend/utils/adt/jsonpath.c (printJsonPathItem,
operationPriority, jspOperationName) of PostgreSQL 18.

Must not import ``replica`` or ``wire``; imports only ``engine.types`` helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.types.json import escape_json
from engine.types.numeric import numeric_out

ANY_LAST = 0xFFFFFFFF  # PG_UINT32_MAX: "last" in .**{...} bounds

# JSP_REGEX_* flag bits, in jsonpath_out's printing order
REGEX_ICASE, REGEX_DOTALL, REGEX_MLINE, REGEX_WSPACE, REGEX_QUOTE = 1, 2, 4, 8, 16
_FLAG_LETTERS = ((REGEX_ICASE, "i"), (REGEX_DOTALL, "s"), (REGEX_MLINE, "m"),
                 (REGEX_WSPACE, "x"), (REGEX_QUOTE, "q"))

BINARY_OPS = {
    "and": "&&", "or": "||", "eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=",
    "ge": ">=", "add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%",
    "starts_with": "starts with",
}
_PRIORITY = {
    "or": 0, "and": 1, "eq": 2, "ne": 2, "lt": 2, "gt": 2, "le": 2, "ge": 2, "starts_with": 2,
    "add": 3, "sub": 3, "mul": 4, "div": 4, "mod": 4, "plus": 5, "minus": 5,
}
# methods without arguments: kind -> printed text
SIMPLE_METHODS = {
    "type": ".type()", "size": ".size()", "abs": ".abs()", "floor": ".floor()",
    "ceiling": ".ceiling()", "double": ".double()", "keyvalue": ".keyvalue()",
    "bigint": ".bigint()", "boolean": ".boolean()", "date": ".date()", "integer": ".integer()",
    "number": ".number()", "string_func": ".string()",
}
# methods with one optional argument
ARG_METHODS = {"datetime": ".datetime(", "time": ".time(", "time_tz": ".time_tz(",
               "timestamp": ".timestamp(", "timestamp_tz": ".timestamp_tz("}


@dataclass(slots=True, eq=False)
class JpItem:
    """One jsonpath item. ``value``: str for string/key/variable, Decimal for numeric, bool for
    bool, (pattern, flags) for like_regex, (first, last) for any. ``left``/``right`` are the
    operands (``left`` alone is the argument of unary items, filters and methods); ``elems`` the
    subscripts of an index array."""

    kind: str
    value: Any = None
    left: JpItem | None = None
    right: JpItem | None = None
    elems: list[tuple[JpItem, JpItem | None]] = field(default_factory=list)
    next: JpItem | None = None

    def last_in_chain(self) -> JpItem:
        it = self
        while it.next is not None:
            it = it.next
        return it


@dataclass(frozen=True, slots=True, eq=False)
class JsonPath:
    """A jsonpath datum: the mode and the root item."""

    lax: bool
    expr: JpItem

    def __repr__(self) -> str:
        return f"JsonPath({to_text(self)})"


def priority(kind: str) -> int:
    return _PRIORITY.get(kind, 6)


def _print(it: JpItem, out: list[str], in_key: bool, brackets: bool) -> None:  # noqa: C901
    k = it.kind
    if k == "null":
        out.append("null")
    elif k == "string":
        out.append(escape_json(it.value))
    elif k == "numeric":
        text = numeric_out(it.value)
        out.append(f"({text})" if it.next is not None else text)
    elif k == "bool":
        out.append("true" if it.value else "false")
    elif k in BINARY_OPS:
        assert it.left is not None and it.right is not None
        if brackets:
            out.append("(")
        _print(it.left, out, False, priority(it.left.kind) <= priority(k))
        out.append(f" {BINARY_OPS[k]} ")
        _print(it.right, out, False, priority(it.right.kind) <= priority(k))
        if brackets:
            out.append(")")
    elif k in ("not", "is_unknown", "filter", "exists"):
        assert it.left is not None
        out.append({"not": "!(", "is_unknown": "(", "filter": "?(", "exists": "exists ("}[k])
        _print(it.left, out, False, False)
        out.append(") is unknown" if k == "is_unknown" else ")")
    elif k in ("plus", "minus"):
        assert it.left is not None
        if brackets:
            out.append("(")
        out.append("+" if k == "plus" else "-")
        _print(it.left, out, False, priority(it.left.kind) <= priority(k))
        if brackets:
            out.append(")")
    elif k == "any_array":
        out.append("[*]")
    elif k == "any_key":
        out.append(".*" if in_key else "*")
    elif k == "index_array":
        out.append("[")
        for i, (frm, to) in enumerate(it.elems):
            if i:
                out.append(",")
            _print(frm, out, False, False)
            if to is not None:
                out.append(" to ")
                _print(to, out, False, False)
        out.append("]")
    elif k == "any":
        out.append(("." if in_key else "") + _any_text(*it.value))
    elif k == "key":
        out.append(("." if in_key else "") + escape_json(it.value))
    elif k == "current":
        out.append("@")
    elif k == "root":
        out.append("$")
    elif k == "variable":
        out.append("$" + escape_json(it.value))
    elif k == "last":
        out.append("last")
    elif k == "like_regex":
        _print_like_regex(it, out, brackets)
    elif k in SIMPLE_METHODS:
        out.append(SIMPLE_METHODS[k])
    elif k in ARG_METHODS:
        out.append(ARG_METHODS[k])
        if it.left is not None:
            _print(it.left, out, False, False)
        out.append(")")
    elif k == "decimal":
        out.append(".decimal(")
        if it.left is not None:
            _print(it.left, out, False, False)
        if it.right is not None:
            out.append(",")
            _print(it.right, out, False, False)
        out.append(")")
    else:  # pragma: no cover - the parser makes no other kinds
        raise AssertionError(k)
    if it.next is not None:
        _print(it.next, out, True, True)


def _any_text(first: int, last: int) -> str:
    if first == 0 and last == ANY_LAST:
        return "**"
    if first == last:
        return "**{last}" if first == ANY_LAST else f"**{{{first}}}"
    if first == ANY_LAST:
        return f"**{{last to {last}}}"
    if last == ANY_LAST:
        return f"**{{{first} to last}}"
    return f"**{{{first} to {last}}}"


def _print_like_regex(it: JpItem, out: list[str], brackets: bool) -> None:
    assert it.left is not None
    pattern, flags = it.value
    if brackets:
        out.append("(")
    _print(it.left, out, False, priority(it.left.kind) <= priority("like_regex"))
    out.append(" like_regex ")
    out.append(escape_json(pattern))
    if flags:
        out.append(' flag "' + "".join(c for bit, c in _FLAG_LETTERS if flags & bit) + '"')
    if brackets:
        out.append(")")


def to_text(path: JsonPath) -> str:
    """jsonpath_out."""
    out: list[str] = [] if path.lax else ["strict "]
    try:
        _print(path.expr, out, False, True)
    except RecursionError:
        from engine.errors import FeatureNotSupported

        raise FeatureNotSupported("jsonpath nested too deeply") from None
    return "".join(out)


def numeric_item(value: Decimal) -> JpItem:
    return JpItem("numeric", value)
