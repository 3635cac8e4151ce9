"""to_char / to_number for numbers (numeric, int4, int8, float4, float8) and the registry of
every formatting function (the date/time ones live in ``formatting_dch`` and
``formatting_parse``).

Follows src/backend/utils/adt/formatting.c (PostgreSQL 18): the NUM format parser
(``parse_format`` + ``NUMDesc_prepare``), ``NUM_processor`` with ``NUM_numpart_to_char`` /
``NUM_numpart_from_char``, and the per-type ``*_to_char`` front ends. The database runs with
lc_numeric/lc_monetary = C, so the locale symbols are the C ones: ``D`` → '.', ``G`` → ',',
``L`` → ' ' (the C locale has no currency symbol), ``S`` → '+'/'-'.
Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from engine.errors import (
    FeatureNotSupported,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
    SyntaxError_,
)
from engine.functions import formatting_dch as dch
from engine.functions import formatting_parse as fparse
from engine.types import numeric as num
from engine.types.floats import to_float4

# NUMDesc flags (formatting.c NUM_F_*)
F_DECIMAL, F_LDECIMAL, F_ZERO, F_BLANK, F_FILLMODE = 1, 2, 4, 8, 16
F_LSIGN, F_BRACKET, F_MINUS, F_PLUS, F_ROMAN = 32, 64, 128, 256, 512
F_MULTI, F_PLUS_POST, F_MINUS_POST, F_EEEE = 1024, 2048, 4096, 8192
LSIGN_NONE, LSIGN_PRE, LSIGN_POST = 0, 1, 2
MAX_ROMAN_LEN = 15

# NUM_keywords in table order; entries sharing a first letter are tried in this order.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (",", ","), (".", "."), ("0", "0"), ("9", "9"), ("B", "B"), ("C", "C"), ("D", "D"),
    ("EEEE", "E"), ("FM", "FM"), ("G", "G"), ("L", "L"), ("MI", "MI"), ("PL", "PL"),
    ("PR", "PR"), ("RN", "RN"), ("SG", "SG"), ("SP", "SP"), ("S", "S"), ("TH", "TH"),
    ("V", "V"), ("b", "B"), ("c", "C"), ("d", "D"), ("eeee", "E"), ("fm", "FM"), ("g", "G"),
    ("l", "L"), ("mi", "MI"), ("pl", "PL"), ("pr", "PR"), ("rn", "rn"), ("sg", "SG"),
    ("sp", "SP"), ("s", "S"), ("th", "th"), ("v", "V"),
)  # fmt: skip


@dataclass(slots=True)
class NumDesc:
    """formatting.c NUMDesc: what the number template asks for."""

    flag: int = 0
    lsign: int = LSIGN_NONE
    pre: int = 0
    post: int = 0
    pre_lsign_num: int = 0
    multi: int = 0
    zero_start: int = 0
    zero_end: int = 0

    def has(self, f: int) -> bool:
        return bool(self.flag & f)


Node = tuple[bool, str]  # (is_action, key id or literal character)


def _keyword_at(s: str, i: int) -> tuple[str, str] | None:
    c = s[i]
    if c <= " " or c >= "~":
        return None
    for name, key in _KEYWORDS:
        if name[0] == c and s.startswith(name, i):
            return name, key
    return None


def _syntax(msg: str, detail: str | None = None) -> SyntaxError_:
    return SyntaxError_(msg, detail=detail)


def _prepare(d: NumDesc, key: str) -> None:  # noqa: C901 - one case per keyword, as in PG
    """NUMDesc_prepare: fold one template keyword into the description."""
    if d.has(F_EEEE) and key != "E":
        raise _syntax('"EEEE" must be the last pattern used')
    if key == "9":
        if d.has(F_BRACKET):
            raise _syntax('"9" must be ahead of "PR"')
        if d.has(F_MULTI):
            d.multi += 1
        elif d.has(F_DECIMAL):
            d.post += 1
        else:
            d.pre += 1
    elif key == "0":
        if d.has(F_BRACKET):
            raise _syntax('"0" must be ahead of "PR"')
        if not d.has(F_ZERO) and not d.has(F_DECIMAL):
            d.flag |= F_ZERO
            d.zero_start = d.pre + 1
        if not d.has(F_DECIMAL):
            d.pre += 1
        else:
            d.post += 1
        d.zero_end = d.pre + d.post
    elif key == "B":
        if d.pre == 0 and d.post == 0 and not d.has(F_ZERO):
            d.flag |= F_BLANK
    elif key in ("D", "."):
        if key == "D":
            d.flag |= F_LDECIMAL
        if d.has(F_DECIMAL):
            raise _syntax("multiple decimal points")
        if d.has(F_MULTI):
            raise _syntax('cannot use "V" and decimal point together')
        d.flag |= F_DECIMAL
    elif key == "FM":
        d.flag |= F_FILLMODE
    elif key == "S":
        if d.has(F_LSIGN):
            raise _syntax('cannot use "S" twice')
        if d.flag & (F_PLUS | F_MINUS | F_BRACKET):
            raise _syntax('cannot use "S" and "PL"/"MI"/"SG"/"PR" together')
        if not d.has(F_DECIMAL):
            d.lsign, d.pre_lsign_num = LSIGN_PRE, d.pre
            d.flag |= F_LSIGN
        elif d.lsign == LSIGN_NONE:
            d.lsign = LSIGN_POST
            d.flag |= F_LSIGN
    elif key in ("MI", "PL"):
        if d.has(F_LSIGN):
            raise _syntax(f'cannot use "S" and "{key}" together')
        d.flag |= F_MINUS if key == "MI" else F_PLUS
        if d.has(F_DECIMAL):
            d.flag |= F_MINUS_POST if key == "MI" else F_PLUS_POST
    elif key == "SG":
        if d.has(F_LSIGN):
            raise _syntax('cannot use "S" and "SG" together')
        d.flag |= F_MINUS | F_PLUS
    elif key == "PR":
        if d.flag & (F_LSIGN | F_PLUS | F_MINUS):
            raise _syntax('cannot use "PR" and "S"/"PL"/"MI"/"SG" together')
        d.flag |= F_BRACKET
    elif key in ("RN", "rn"):
        if d.has(F_ROMAN):
            raise _syntax('cannot use "RN" twice')
        d.flag |= F_ROMAN
    elif key == "V":
        if d.has(F_DECIMAL):
            raise _syntax('cannot use "V" and decimal point together')
        d.flag |= F_MULTI
    elif key == "E":
        if d.has(F_EEEE):
            raise _syntax('cannot use "EEEE" twice')
        if d.flag & (F_BLANK | F_FILLMODE | F_LSIGN | F_BRACKET | F_MINUS | F_PLUS | F_ROMAN
                     | F_MULTI):  # fmt: skip
            raise _syntax(
                '"EEEE" is incompatible with other formats',
                '"EEEE" may only be used together with digit and decimal point patterns.',
            )
        d.flag |= F_EEEE
    if d.has(F_ROMAN) and (d.flag & ~(F_ROMAN | F_FILLMODE)) != 0:
        raise _syntax(
            '"RN" is incompatible with other formats', '"RN" may only be used together with "FM".'
        )


def parse_num_format(fmt: str) -> tuple[list[Node], NumDesc]:
    """parse_format with NUM_keywords: the node list and the NUMDesc it implies."""
    nodes: list[Node] = []
    d = NumDesc()
    i, n = 0, len(fmt)
    while i < n:
        kw = _keyword_at(fmt, i)
        if kw is not None:
            nodes.append((True, kw[1]))
            i += len(kw[0])
            _prepare(d, kw[1])
        elif fmt[i] == '"':
            i += 1
            while i < n:
                if fmt[i] == '"':
                    i += 1
                    break
                if fmt[i] == "\\" and i + 1 < n:
                    i += 1
                nodes.append((False, fmt[i]))
                i += 1
        else:
            if fmt[i] == "\\" and i + 1 < n and fmt[i + 1] == '"':
                i += 1
            nodes.append((False, fmt[i]))
            i += 1
    return nodes, d


def get_th(number: str, upper: bool) -> str:
    """get_th: the English ordinal suffix for the digits in ``number``."""
    if not number or not number[-1].isdigit() or not number[-1].isascii():
        raise InvalidTextRepresentation(f'"{number}" is not a number')
    last = number[-1]
    if len(number) > 1 and number[-2] == "1":
        last = "0"
    suffix = {"1": "st", "2": "nd", "3": "rd"}.get(last, "th")
    return suffix.upper() if upper else suffix


# --- to_char ---------------------------------------------------------------------------------


class _ToChar:
    """NUM_processor's state for one to_char call (NUMProc)."""

    def __init__(self, d: NumDesc, number: str, out_pre_spaces: int, sign: str) -> None:
        self.d, self.number, self.sign = d, number, sign
        self.out: list[str] = []
        self.number_p = 0
        self.num_in = False
        self.num_curr = 0
        self.out_pre_spaces = out_pre_spaces
        self.last_relevant: int | None = None
        self.sign_wrote = False
        self.num_count = 0

    def ch(self, i: int) -> str:
        return self.number[i] if 0 <= i < len(self.number) else ""

    def lr_is_dot(self) -> bool:
        return self.last_relevant is not None and self.ch(self.last_relevant) == "."

    def predec_space(self) -> bool:
        d = self.d
        return not d.has(F_ZERO) and self.number_p == 0 and self.ch(0) == "0" and d.post != 0

    def _write_sign(self) -> None:
        d = self.d
        if d.has(F_LSIGN):
            if d.lsign == LSIGN_PRE:
                self.out.append("-" if self.sign == "-" else "+")
                self.sign_wrote = True
        elif d.has(F_BRACKET):
            self.out.append(" " if self.sign == "+" else "<")
            self.sign_wrote = True
        elif self.sign == "+":
            if not d.has(F_FILLMODE):
                self.out.append(" ")
            self.sign_wrote = True
        elif self.sign == "-":
            self.out.append("-")
            self.sign_wrote = True

    def _write_digit(self, key: str) -> None:
        d = self.d
        fm = d.has(F_FILLMODE)
        if self.ch(self.number_p) == ".":
            if not self.lr_is_dot() or fm:
                self.out.append(".")
        elif self.last_relevant is not None and self.number_p > self.last_relevant and key != "0":
            pass
        elif self.predec_space():
            if not fm:
                self.out.append(" ")
            elif self.lr_is_dot():
                self.out.append("0")
        else:
            # at the end of the digits C writes a NUL, which ends the result text
            self.out.append(self.ch(self.number_p) or "\0")
            self.num_in = True
        if self.ch(self.number_p):
            self.number_p += 1

    def numpart(self, key: str) -> None:
        """NUM_numpart_to_char."""
        d = self.d
        if d.has(F_ROMAN):
            return
        self.num_in = False
        zero = d.has(F_ZERO)
        if (
            not self.sign_wrote
            and (self.num_curr >= self.out_pre_spaces or (zero and d.zero_start == self.num_curr))
            and (not self.predec_space() or self.lr_is_dot())
        ):
            self._write_sign()
        if self.num_curr < self.out_pre_spaces and (d.zero_start > self.num_curr or not zero):
            if not d.has(F_FILLMODE):
                self.out.append(" ")
        elif zero and self.num_curr < self.out_pre_spaces and d.zero_start <= self.num_curr:
            self.out.append("0")
            self.num_in = True
        else:
            self._write_digit(key)
        end = self.num_count + (1 if self.out_pre_spaces else 0) + (1 if d.has(F_DECIMAL) else 0)
        if self.last_relevant is not None and self.last_relevant == self.number_p:
            end = self.num_curr
        if self.num_curr + 1 == end:
            if self.sign_wrote and d.has(F_BRACKET):
                self.out.append(" " if self.sign == "+" else ">")
            elif d.has(F_LSIGN) and d.lsign == LSIGN_POST:
                self.out.append("-" if self.sign == "-" else "+")
        self.num_curr += 1


def _last_relevant_decnum(number: str) -> int | None:
    p = number.find(".")
    if p < 0:
        return None
    result = p
    for i in range(p + 1, len(number)):
        if number[i] != "0":
            result = i
    return result


def _setup(d: NumDesc, st: _ToChar) -> None:
    """The sign and count set-up at the top of NUM_processor (to_char direction)."""
    if d.flag & (F_PLUS | F_MINUS):
        st.sign_wrote = not (d.has(F_PLUS) and not d.has(F_MINUS))
    else:
        if st.sign != "-" and d.has(F_FILLMODE):
            d.flag &= ~F_BRACKET
        st.sign_wrote = st.sign == "+" and d.has(F_FILLMODE) and not d.has(F_LSIGN)
        if d.lsign == LSIGN_PRE and d.pre == d.pre_lsign_num:
            d.lsign = LSIGN_POST
    st.num_count = d.post + d.pre - 1
    if d.has(F_FILLMODE) and d.has(F_DECIMAL):
        st.last_relevant = _last_relevant_decnum(st.number)
        if st.last_relevant is not None and d.zero_end > st.out_pre_spaces:
            last_zero = min(len(st.number) - 1, d.zero_end - st.out_pre_spaces)
            st.last_relevant = max(st.last_relevant, last_zero)
    if not st.sign_wrote and st.out_pre_spaces == 0:
        st.num_count += 1


def num_processor_to_char(
    nodes: list[Node], desc: NumDesc, number: str, out_pre_spaces: int, sign: str
) -> str:
    """NUM_processor in the to_char direction."""
    d = replace(desc)
    if d.zero_start:
        d.zero_start -= 1
    if d.has(F_EEEE):
        return number
    st = _ToChar(d, number, out_pre_spaces, sign)
    _setup(d, st)
    fm = d.has(F_FILLMODE)
    out = st.out
    for is_action, key in nodes:
        if not is_action:
            out.append(key)
        elif key in ("9", "0", ".", "D"):
            st.numpart(key)
        elif key in (",", "G"):
            if st.num_in:
                out.append(",")
            elif not fm:
                out.append(" ")
        elif key == "L":
            out.append(" ")
        elif key in ("RN", "rn"):
            roman = number[st.number_p :]
            roman = roman.lower() if key == "rn" else roman
            out.append(roman if fm else roman.rjust(15))
        elif key in ("TH", "th"):
            if d.has(F_ROMAN) or number[:1] == "#" or sign == "-" or d.has(F_DECIMAL):
                continue
            out.append(get_th(number, key == "TH"))
        elif key == "MI":
            if sign == "-":
                out.append("-")
            elif not fm:
                out.append(" ")
        elif key == "PL":
            if sign == "+":
                out.append("+")
            elif not fm:
                out.append(" ")
        elif key == "SG":
            out.append(sign or "\0")
    return "".join(out).split("\0", 1)[0]


def _hash_fill(d: NumDesc) -> str:
    """The '#' overflow string: pre + post + 1 characters with '.' at position pre."""
    return "#" * d.pre + "." + "#" * d.post


def _pad(d: NumDesc, numstr: str) -> tuple[str, int]:
    """(numstr, out_pre_spaces) after the 'needs padding / overflowed' check."""
    p = numstr.find(".")
    pre_len = p if p >= 0 else len(numstr)
    if pre_len < d.pre:
        return numstr, d.pre - pre_len
    if pre_len > d.pre:
        return _hash_fill(d), 0
    return numstr, 0


def int_to_roman(number: int) -> str:
    if number > 3999 or number < 1:
        return "#" * MAX_ROMAN_LEN
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):  # fmt: skip
        while number >= value:
            out.append(sym)
            number -= value
    return "".join(out)


def numeric_out_sci(value: Decimal, scale: int) -> str:
    """numeric_out_sci / get_str_from_var_sci: d.ddd e±XX; the significand is rounded half away
    from zero and *not* renormalised (9.99 at one digit is 10.0e+00, as in PG)."""
    if not value.is_finite():
        return num.numeric_out(value)
    exponent = 0 if value == 0 else value.adjusted()
    sig = num.round_to_scale(value.scaleb(-exponent), max(scale, 0))
    return f"{num.numeric_out(sig)}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _eeee_special(d: NumDesc) -> str:
    chars = list("#" * (d.pre + d.post + 6))
    chars[0] = " "
    chars[d.pre + 1] = "."
    return "".join(chars)


def _space_sign(s: str) -> str:
    return " " + s[1:] if s.startswith("+") else s


def _sign_split(orgnum: str) -> tuple[str, str]:
    return ("-", orgnum[1:]) if orgnum.startswith("-") else ("+", orgnum)


def _run(fmt: str, make: Callable[[NumDesc], tuple[str, int, str]]) -> str:
    if not fmt:
        return ""
    nodes, desc = parse_num_format(fmt)
    d = replace(desc)
    numstr, pre_spaces, sign = make(d)
    return num_processor_to_char(nodes, d, numstr, pre_spaces, sign)


def numeric_to_char(value: Decimal, fmt: str) -> str:
    def make(d: NumDesc) -> tuple[str, int, str]:
        if d.has(F_ROMAN):
            try:
                iv = int(num.round_to_scale(value, 0)) if value.is_finite() else 2**31
            except (ValueError, OverflowError):
                iv = 2**31
            return int_to_roman(iv if -(2**31) <= iv < 2**31 else 2**31 - 1), 0, ""
        if d.has(F_EEEE):
            orgnum = numeric_out_sci(value, d.post)
            if orgnum in ("NaN", "Infinity", "-Infinity"):
                return _eeee_special(d), 0, ""
            return (orgnum if orgnum.startswith("-") else " " + orgnum), 0, ""
        val = value
        if d.has(F_MULTI):
            val = num.numeric_mul(value, Decimal(10) ** d.multi)
            d.pre += d.multi
        rounded = num.round_to_scale(val, d.post)
        if rounded.is_finite() and rounded == 0:
            rounded = abs(rounded)
        sign, numstr = _sign_split(num.numeric_out(rounded))
        numstr, spaces = _pad(d, numstr)
        return numstr, spaces, sign

    return _run(fmt, make)


def _int_to_char(value: int, fmt: str, bits: int) -> str:
    def make(d: NumDesc) -> tuple[str, int, str]:
        if d.has(F_ROMAN):
            iv = value if -(2**31) <= value < 2**31 else 2**31 - 1
            return int_to_roman(iv), 0, ""
        if d.has(F_EEEE):
            if bits == 64:
                orgnum = numeric_out_sci(Decimal(value), d.post)
                return (orgnum if orgnum.startswith("-") else " " + orgnum), 0, ""
            return _space_sign(f"{float(value):+.{d.post}e}"), 0, ""
        v = value
        if d.has(F_MULTI):
            v = _int_multi(value, d.multi, bits)
            d.pre += d.multi
        sign, orgnum = _sign_split(str(v))
        pre_len = len(orgnum)
        numstr = orgnum + ("." + "0" * d.post if d.post else "")
        if pre_len < d.pre:
            return numstr, d.pre - pre_len, sign
        if pre_len > d.pre:
            return _hash_fill(d), 0, sign
        return numstr, 0, sign

    return _run(fmt, make)


def _int_multi(value: int, multi: int, bits: int) -> int:
    if bits == 32:
        if multi > 9:
            raise FeatureNotSupported('to_char(integer) with "V" beyond 10^9 (undefined in C)')
        # int4_to_char multiplies in C int arithmetic, which wraps around
        scale: int = 10**multi
        r = (value * scale) & 0xFFFFFFFF
        return r - 2**32 if r >= 2**31 else r
    factor = 10.0**multi
    if not -9.223372036854775808e18 <= factor < 9.223372036854775808e18:
        raise NumericValueOutOfRange("bigint out of range")
    r = value * int(round(factor))
    if not -(2**63) <= r < 2**63:
        raise NumericValueOutOfRange("bigint out of range")
    return r


def int4_to_char(value: int, fmt: str) -> str:
    return _int_to_char(value, fmt, 32)


def int8_to_char(value: int, fmt: str) -> str:
    return _int_to_char(value, fmt, 64)


def _c_fixed(x: float, prec: int) -> str:
    """PG's snprintf %.*f: NaN and infinities are spelled out, finite values as in C."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return f"{x:.{prec}f}"


def _float_to_char(value: float, fmt: str, is4: bool) -> str:
    def make(d: NumDesc) -> tuple[str, int, str]:
        if d.has(F_ROMAN):
            r = value if math.isnan(value) or math.isinf(value) else float(round(value))
            fits = not math.isnan(r) and -2147483648.0 <= r < 2147483648.0
            return int_to_roman(int(r) if fits else 2**31 - 1), 0, ""
        if d.has(F_EEEE):
            if math.isnan(value) or math.isinf(value):
                return _eeee_special(d), 0, ""
            return _space_sign(f"{value:+.{d.post}e}"), 0, ""
        val = value
        if d.has(F_MULTI):
            val = to_float4(value * to_float4(10.0**d.multi)) if is4 else value * 10.0**d.multi
            d.pre += d.multi
        digits = 6 if is4 else 15  # FLT_DIG / DBL_DIG
        pre_len = len(_c_fixed(abs(val), 0))
        if pre_len >= digits:
            d.post = 0
        elif pre_len + d.post > digits:
            d.post = digits - pre_len
        sign, numstr = _sign_split(_c_fixed(val, d.post))
        numstr, spaces = _pad(d, numstr)
        return numstr, spaces, sign

    return _run(fmt, make)


def float4_to_char(value: float, fmt: str) -> str:
    return _float_to_char(value, fmt, True)


def float8_to_char(value: float, fmt: str) -> str:
    return _float_to_char(value, fmt, False)


# --- to_number -------------------------------------------------------------------------------


_ROMAN_VAL = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_SUB_OK = {("I", "V"), ("I", "X"), ("X", "L"), ("X", "C"), ("C", "D"), ("C", "M")}


class _FromChar:
    """NUM_processor's state in the to_number direction."""

    def __init__(self, d: NumDesc, text: str) -> None:
        self.d, self.s, self.p = d, text, 0
        self.sign = " "
        self.digits: list[str] = []
        self.read_pre = self.read_post = 0
        self.read_dec = False

    def over(self) -> bool:
        return self.p >= len(self.s)

    def amount(self, n: int) -> bool:
        return self.p <= len(self.s) - n

    def cur(self, k: int = 0) -> str:
        i = self.p + k
        return self.s[i] if 0 <= i < len(self.s) else ""

    def eat_non_data(self, n: int) -> None:
        while n > 0 and not self.over() and self.cur() not in "0123456789.,+-":
            self.p += 1
            n -= 1

    def _pre_sign(self) -> None:
        d = self.d
        if d.has(F_LSIGN) and d.lsign == LSIGN_PRE:
            if self.amount(1) and self.cur() in "-+":
                self.sign = self.cur()
                self.p += 1
        elif self.cur() == "-" or (d.has(F_BRACKET) and self.cur() == "<"):
            self.sign = "-"
            self.p += 1
        elif self.cur() == "+":
            self.sign = "+"
            self.p += 1

    def numpart(self, key: str) -> None:
        """NUM_numpart_from_char."""
        d = self.d
        if self.over():
            return
        if self.cur() == " ":
            self.p += 1
        if self.over():
            return
        if self.sign == " " and key in ("0", "9") and self.read_pre + self.read_post == 0:
            self._pre_sign()
        if self.over():
            return
        isread = False
        c = self.cur()
        if c in "0123456789" and c:
            if self.read_dec and self.read_post == d.post:
                return
            self.digits.append(c)
            if self.read_dec:
                self.read_post += 1
            else:
                self.read_pre += 1
            isread = True
        elif d.has(F_DECIMAL) and not self.read_dec and self.amount(1) and c == ".":
            self.digits.append(".")
            self.read_dec = True
            isread = True
        if self.over():
            return
        if self.sign == " " and self.read_pre + self.read_post > 0:
            nxt = self.cur(1)
            if d.has(F_LSIGN) and isread and self.p + 1 < len(self.s) and nxt not in "0123456789":
                self.p += 1
                if self.amount(1) and self.cur() in "-+":
                    self.sign = self.cur()
                else:
                    self.p -= 1
            elif (
                not isread and not d.has(F_LSIGN) and d.flag & (F_PLUS | F_MINUS) and c != "" and c in "-+"
            ):
                self.sign = c

    def roman(self) -> int:
        """roman_to_int: -1 for an invalid numeral."""
        while not self.over() and self.cur().isspace():
            self.p += 1
        chars: list[str] = []
        while len(chars) < MAX_ROMAN_LEN and not self.over():
            c = self.cur().upper() if self.cur().isascii() else ""
            if c not in _ROMAN_VAL:
                break
            chars.append(c)
            self.p += 1
        return _roman_value(chars)


def _roman_value(chars: list[str]) -> int:  # noqa: C901 - PG's validity rules, one by one
    if not chars:
        return -1
    result, repeat = 0, 1
    counts = {"V": 0, "L": 0, "D": 0}
    sub_seen, last_sub = False, 0

    def too_big(v: int) -> bool:
        return any(counts[k] and v >= _ROMAN_VAL[k] for k in counts)

    i = 0
    while i < len(chars):
        c = chars[i]
        v = _ROMAN_VAL[c]
        if (sub_seen and v >= last_sub) or too_big(v):
            return -1
        if c in counts:
            counts[c] += 1
        if i < len(chars) - 1:
            nc = chars[i + 1]
            nv = _ROMAN_VAL[nc]
            if v < nv:
                if (c, nc) not in _SUB_OK or repeat > 1 or too_big(nv):
                    return -1
                if nc in counts:
                    counts[nc] += 1
                i += 1
                repeat, sub_seen, last_sub = 1, True, v
                result += nv - v
            else:
                if c == nc:
                    repeat += 1
                    if repeat > 3:
                        return -1
                else:
                    repeat = 1
                result += v
        else:
            result += v
        i += 1
    return result


def _from_char_action(st: _FromChar, d: NumDesc, key: str) -> bool:
    """One action node of NUM_processor (to_number); False = 'continue' (no advance)."""
    fm = d.has(F_FILLMODE)
    if key in ("9", "0", ".", "D"):
        st.numpart(key)
        return True
    if key in (",", "G"):
        return not fm and st.cur() == ","
    if key == "L":
        st.eat_non_data(1)
        return False
    if key in ("RN", "rn"):
        value = st.roman()
        if value < 0:
            raise InvalidTextRepresentation("invalid Roman numeral")
        st.digits.extend(str(value))
        d.pre, d.post = len(str(value)), 0
        return False
    if key in ("TH", "th"):
        if d.has(F_ROMAN) or d.has(F_DECIMAL):
            return False
        st.eat_non_data(2)
        return False
    if key in ("MI", "PL", "SG"):
        accept = {"MI": "-", "PL": "+", "SG": "-+"}[key]
        if st.cur() and st.cur() in accept:
            st.sign = st.cur()
            return True
        st.eat_non_data(1)
        return False
    return False


def numeric_to_number(text: str, fmt: str) -> Decimal | None:
    """to_number(text, text) — numeric_to_number."""
    if not fmt:
        return None
    nodes, desc = parse_num_format(fmt)
    d = replace(desc)
    if d.zero_start:
        d.zero_start -= 1
    if d.has(F_EEEE):
        raise FeatureNotSupported('"EEEE" not supported for input')
    st = _FromChar(d, text)
    for is_action, key in nodes:
        if st.over():
            break
        if not is_action:
            st.p += 1
            continue
        if _from_char_action(st, d, key):
            st.p += 1
    digits = "".join(st.digits)
    if digits.endswith("."):
        digits = digits[:-1]
    scale = st.read_post
    precision = d.pre + d.multi + scale
    result = num.numeric_in(st.sign + digits, num.make_typmod(precision, scale))
    if d.has(F_MULTI):
        factor = num.make(0, 10**16, 16 + d.multi)  # numeric_power(10, -multi): dscale 16+multi
        result = num.numeric_mul(result, factor)
    return result


# --- registry --------------------------------------------------------------------------------

FUNCTIONS: dict[str, Callable[..., object]] = {
    "numeric_to_char": numeric_to_char,
    "int4_to_char": int4_to_char,
    "int8_to_char": int8_to_char,
    "float4_to_char": float4_to_char,
    "float8_to_char": float8_to_char,
    "numeric_to_number": numeric_to_number,
    "interval_to_char": dch.interval_to_char,
    "timestamp_to_char": dch.timestamp_to_char,
    "to_date": fparse.to_date,
}

CONTEXT_FUNCTIONS: dict[str, Callable[..., object]] = {
    "timestamptz_to_char": dch.timestamptz_to_char,
    "to_timestamp": fparse.to_timestamp,
    "float8_timestamptz": fparse.float8_timestamptz,
}
