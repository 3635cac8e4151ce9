"""inet (869) and cidr (650): text input/output, network_cmp ordering and the network functions
and operators of src/backend/utils/adt/network.c.

Input follows inet_net_pton.c (its IPv4 "inet" and classful "cidr" parsers and the shared IPv6
parser, with their quirks: leading zeros in IPv4 octets, ``'1.2.3/24'``, a short embedded IPv4
tail); output follows src/port/inet_net_ntop.c and inet_cidr_ntop.c (``abbrev(cidr)``). Python's
``ipaddress`` is not used: its accepted syntax and its IPv6 compression differ from PG's.

A value is an ``Inet`` (family 4/6, mask length, address as an int); inet and cidr share it, as
PG's datums do (the cast cidr -> inet is binary), and only the type's output function differs.
Must not import anything from the engine beyond ``engine.errors`` and ``engine.types``, and must
not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from engine.errors import InvalidParameterValue, InvalidTextRepresentation, NumericValueOutOfRange
from engine.types.base import PgType
from engine.types.settings import FormatSettings

INET, CIDR = 869, 650
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


@dataclass(frozen=True, slots=True)
class Inet:
    """One inet/cidr datum: ``family`` 4 or 6, ``bits`` the mask length, ``addr`` the address
    bits as an unsigned int (network byte order, most significant first)."""

    family: int
    bits: int
    addr: int

    @property
    def maxbits(self) -> int:
        return 32 if self.family == 4 else 128

    def octets(self) -> bytes:
        return self.addr.to_bytes(self.maxbits // 8, "big")


def _maxbits(family: int) -> int:
    return 32 if family == 4 else 128


def _mask(family: int, bits: int) -> int:
    """The netmask of ``bits`` leading ones."""
    width = _maxbits(family)
    return ((1 << bits) - 1) << (width - bits)


# --- input (inet_net_pton.c) ------------------------------------------------------------------
# The parsers walk a NUL-terminated copy of the text as the C code does; only ASCII digits count
# (isdigit/isxdigit in the C locale). A parser returns (octets, bits) or None for ENOENT/EMSGSIZE.

Parsed = tuple[list[int], int] | None


def _digit(c: str) -> bool:
    return "0" <= c <= "9"


def _xdigit(c: str) -> bool:
    return "0" <= c <= "9" or "a" <= c <= "f" or "A" <= c <= "F"


def _wrap32(v: int) -> int:
    """int arithmetic under -fwrapv (PG's build flag): the /bits accumulator can wrap."""
    return ((v + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def _v4_width(src: str, i: int) -> tuple[int, str, int]:
    """The digits after '/': (bits, the char that ended them, index past it)."""
    bits = 0
    ch = src[i]
    i += 1
    while True:
        bits = _wrap32(bits * 10 + ord(ch) - 48)
        ch = src[i]
        i += 1
        if not _digit(ch):
            return bits, ch, i


def _v4_decimal(src: str, i: int, dst: list[int], cidr: bool) -> tuple[str, int] | None:
    """Dotted decimal octets into ``dst``; (stopping char, index) or None."""
    ch = src[i - 1]
    while True:
        tmp = 0
        while True:
            tmp = tmp * 10 + ord(ch) - 48
            if tmp > 255:
                return None
            ch = src[i]
            i += 1
            if not _digit(ch):
                break
        if len(dst) == 4:
            return None
        dst.append(tmp)
        if ch in ("\0", "/"):
            return ch, i
        if ch != ".":
            return None
        ch = src[i]
        i += 1
        if not _digit(ch):
            # inet_net_pton_ipv4 leaves its loop here and lets the tail decide ('1.2.3./24');
            # inet_cidr_pton_ipv4 rejects at once
            return None if cidr else (ch, i)


def _pton4_inet(text: str) -> Parsed:
    """inet_net_pton_ipv4: dotted decimal plus optional /bits; /32 only with four octets."""
    src = text + "\0\0"
    dst: list[int] = []
    ch, i = src[0], 1
    if _digit(ch):
        found = _v4_decimal(src, i, dst, cidr=False)
        if found is None:
            return None
        ch, i = found
    bits = -1
    if ch == "/" and _digit(src[i]) and dst:
        bits, ch, i = _v4_width(src, i)
        if ch != "\0" or bits > 32:
            return None
    if ch != "\0":
        return None
    if bits == -1:
        if len(dst) != 4:
            return None
        bits = 32
    if not dst or int(bits / 8) > len(dst):
        return None
    return dst + [0] * (4 - len(dst)), bits


def _v4_hex(src: str, dst: list[int]) -> tuple[str, int] | None:
    """inet_cidr_pton_ipv4's "0x" nybble string (src[0:2] is the prefix)."""
    i, dirty, tmp = 2, 0, 0
    while True:
        ch = src[i]
        i += 1
        if not _xdigit(ch):
            break
        n = int(ch, 16)
        tmp = n if dirty == 0 else (tmp << 4) | n
        dirty += 1
        if dirty == 2:
            if len(dst) == 4:
                return None
            dst.append(tmp)
            dirty = 0
    if dirty:
        if len(dst) == 4:
            return None
        dst.append((tmp << 4) & 0xFF)
    return ch, i


def _classful_bits(dst: list[int]) -> int:
    """The width a cidr without /bits gets from its first octet's class (widened to cover the
    octets given; a lone class D 224 is /4)."""
    first = dst[0]
    if first >= 240:
        bits = 32
    elif first >= 224:
        bits = 8
    elif first >= 192:
        bits = 24
    elif first >= 128:
        bits = 16
    else:
        bits = 8
    bits = max(bits, len(dst) * 8)
    return 4 if bits == 8 and first == 224 else bits


def _pton4_cidr(text: str) -> Parsed:
    """inet_cidr_pton_ipv4: hex ("0x0a01"), or 1 to 4 decimal octets, optional /bits."""
    src = text + "\0\0\0"
    dst: list[int] = []
    ch = src[0]
    if ch == "0" and src[1] in ("x", "X") and _xdigit(src[2]):
        found = _v4_hex(src, dst)
    elif _digit(ch):
        found = _v4_decimal(src, 1, dst, cidr=True)
    else:
        return None
    if found is None:
        return None
    ch, i = found
    bits = -1
    if ch == "/" and _digit(src[i]) and dst:
        bits, ch, i = _v4_width(src, i)
        if ch != "\0" or bits > 32:
            return None
    if ch != "\0" or not dst:
        return None
    if bits == -1:
        bits = _classful_bits(dst)
    while bits > len(dst) * 8:
        if len(dst) == 4:
            return None
        dst.append(0)
    return dst + [0] * (4 - len(dst)), bits


def _getbits(src: str, i: int) -> int | None:
    """An IPv6 (or embedded-IPv4) /bits: 0..128, no leading zeros."""
    val = n = 0
    while (ch := src[i]) != "\0":
        i += 1
        if not _digit(ch) or (n != 0 and val == 0):
            return None
        n += 1
        val = val * 10 + ord(ch) - 48
        if val > 128:
            return None
    return val if n else None


def _getv4(src: str, i: int) -> tuple[list[int], int | None] | None:
    """The dotted IPv4 tail of an IPv6 address (to end of string): octets and optional bits.
    Octets have no leading zeros; fewer than four are accepted (the rest stay zero)."""
    dst: list[int] = []
    val = n = 0
    while (ch := src[i]) != "\0":
        i += 1
        if _digit(ch):
            if n != 0 and val == 0:
                return None
            n += 1
            val = val * 10 + ord(ch) - 48
            if val > 255:
                return None
            continue
        if ch not in "./":
            return None
        if len(dst) > 3:
            return None
        dst.append(val)
        if ch == "/":
            bits = _getbits(src, i)
            return None if bits is None else (dst, bits)
        val = n = 0
    if n == 0 or len(dst) > 3:
        return None
    dst.append(val)
    return dst, None


def _pton6(text: str) -> Parsed:
    """inet_cidr_pton_ipv6: groups of up to 4 hex digits, one '::', an embedded IPv4 tail,
    optional /bits (default 128)."""
    src = text + "\0"
    tmp = [0] * 16
    tp, colonp = 0, -1
    i = 0
    if src[0] == ":":
        i = 1
        if src[1] != ":":
            return None
    curtok, saw_xdigit, val, digits, bits = i, False, 0, 0, -1
    while (ch := src[i]) != "\0":
        i += 1
        if _xdigit(ch):
            val = (val << 4) | int(ch, 16)
            digits += 1
            if digits > 4:
                return None
            saw_xdigit = True
            continue
        if ch == ":":
            curtok = i
            if not saw_xdigit:
                if colonp >= 0:
                    return None
                colonp = tp
                continue
            if src[i] == "\0" or tp + 2 > 16:
                return None
            tmp[tp], tmp[tp + 1] = val >> 8 & 0xFF, val & 0xFF
            tp += 2
            saw_xdigit, digits, val = False, 0, 0
            continue
        if ch == "." and tp + 4 <= 16:
            v4 = _getv4(src, curtok)
            if v4 is not None:
                octets, v4bits = v4
                tmp[tp : tp + len(octets)] = octets
                tp += 4
                saw_xdigit = False
                bits = bits if v4bits is None else v4bits
                break
        if ch == "/":
            got = _getbits(src, i)
            if got is not None:
                bits = got
                break
        return None
    if saw_xdigit:
        if tp + 2 > 16:
            return None
        tmp[tp], tmp[tp + 1] = val >> 8 & 0xFF, val & 0xFF
        tp += 2
    if bits == -1:
        bits = 128
    if colonp >= 0:
        if tp == 16:
            return None
        # move the groups after '::' to the end (the source and target may overlap)
        block = tmp[colonp:tp]
        tmp[colonp:16] = [0] * (16 - colonp)
        tmp[16 - len(block) : 16] = block
        tp = 16
    if tp != 16:
        return None
    return tmp, bits


def _network_in(text: str, is_cidr: bool) -> Inet:
    """network_in: IPv6 if the text has a ':' anywhere, else IPv4."""
    family = 6 if ":" in text else 4
    parser = _pton6 if family == 6 else _pton4_cidr if is_cidr else _pton4_inet
    parsed = parser(text)
    if parsed is None or not 0 <= parsed[1] <= _maxbits(family):
        tname = "cidr" if is_cidr else "inet"
        raise InvalidTextRepresentation(f'invalid input syntax for type {tname}: "{text}"')
    octets, bits = parsed
    value = Inet(family, bits, int.from_bytes(bytes(octets), "big"))
    if is_cidr and value.addr & ~_mask(family, bits):
        raise InvalidTextRepresentation(
            f'invalid cidr value: "{text}"', detail="Value has bits set to right of mask."
        )
    return value


def inet_in(text: str, typmod: int = -1) -> Inet:
    return _network_in(text, False)


def cidr_in(text: str, typmod: int = -1) -> Inet:
    return _network_in(text, True)


# --- output (inet_net_ntop.c, inet_cidr_ntop.c) -----------------------------------------------


def _ntop6_words(words: list[int]) -> str:
    """inet_net_ntop_ipv6 without the /bits: the first longest run (>= 2) of zero words becomes
    '::'; ::a.b.c.d and ::ffff:a.b.c.d print their last 32 bits as dotted IPv4."""
    best_base, best_len, cur_base, cur_len = -1, 0, -1, 0
    for i, w in enumerate(words + [1]):
        if w == 0 and i < 8:
            if cur_base == -1:
                cur_base, cur_len = i, 1
            else:
                cur_len += 1
        elif cur_base != -1:
            if best_base == -1 or cur_len > best_len:
                best_base, best_len = cur_base, cur_len
            cur_base = -1
    if best_base != -1 and best_len < 2:
        best_base = -1
    out = ""
    for i in range(8):
        if best_base != -1 and best_base <= i < best_base + best_len:
            if i == best_base:
                out += ":"
            continue
        if i != 0:
            out += ":"
        if i == 6 and best_base == 0 and (best_len == 6 or (best_len == 5 and words[5] == 0xFFFF)):
            out += f"{words[6] >> 8}.{words[6] & 0xFF}.{words[7] >> 8}.{words[7] & 0xFF}"
            break
        out += f"{words[i]:x}"
    if best_base != -1 and best_base + best_len == 8:
        out += ":"
    return out


def _ntop(family: int, addr: int, bits: int) -> str:
    """pg_inet_net_ntop: the full address, then /bits unless it is the maximum."""
    if family == 4:
        text = ".".join(str(b) for b in addr.to_bytes(4, "big"))
        return text if bits == 32 else f"{text}/{bits}"
    words = [(addr >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    text = _ntop6_words(words)
    return text if bits == 128 else f"{text}/{bits}"


def _cidr_ntop4(octets: bytes, bits: int) -> str:
    parts = [str(b) for b in octets[: bits // 8]]
    if bits % 8:
        parts.append(str(octets[bits // 8] & (0xFF << (8 - bits % 8)) & 0xFF))
    return (".".join(parts) if parts else "0") + f"/{bits}"


def _zero_run(s: bytes, words: int) -> tuple[int, int]:
    """inet_cidr_ntop_ipv6's longest-zero-run search, bug for bug: after a shorter run the
    counter is not reset, so a later run can be credited with a stale start."""
    zero_s = zero_l = tmp_s = tmp_l = 0
    for w in range(words):
        if (s[2 * w] | s[2 * w + 1]) == 0:
            if tmp_l == 0:
                tmp_s = w
            tmp_l += 1
        elif tmp_l and zero_l < tmp_l:
            zero_s, zero_l, tmp_l = tmp_s, tmp_l, 0
    if tmp_l and zero_l < tmp_l:
        zero_s, zero_l = tmp_s, tmp_l
    return zero_s, zero_l


def _cidr_ntop6(octets: bytes, bits: int) -> str:
    """inet_cidr_ntop_ipv6: only the words covering the mask are printed."""
    if bits == 0:
        return "::/0"
    keep = (bits + 7) // 8
    buf = bytearray(octets[:keep]) + bytearray(16 - keep)
    if bits % 8:
        buf[keep - 1] &= (0xFF << (8 - bits % 8)) & 0xFF
    words = max((bits + 15) // 16, 2)
    zero_s, zero_l = _zero_run(bytes(buf), words)
    is_v4 = (
        zero_l != words
        and zero_s == 0
        and (
            zero_l == 6
            or (zero_l == 5 and buf[10] == 0xFF and buf[11] == 0xFF)
            or (zero_l == 7 and buf[14] != 0 and buf[15] != 1)
        )
    )
    out = ""
    for p in range(words):
        if zero_l != 0 and zero_s <= p < zero_s + zero_l:
            if p == zero_s:
                out += ":"
            if p == words - 1:
                out += ":"
            continue
        hi, lo = buf[2 * p], buf[2 * p + 1]
        if is_v4 and p > 5:
            out += (":" if p == 6 else ".") + str(hi)
            if p != 7 or bits > 120:
                out += "." + str(lo)
        else:
            out += (":" if out else "") + f"{hi * 256 + lo:x}"
    return f"{out}/{bits}"


def inet_out(value: Inet, settings: FormatSettings | None = None) -> str:
    return _ntop(value.family, value.addr, value.bits)


def cidr_out(value: Inet, settings: FormatSettings | None = None) -> str:
    text = _ntop(value.family, value.addr, value.bits)
    return text if "/" in text else f"{text}/{value.bits}"


def network_key(value: Inet) -> Hashable:
    """network_cmp's order: family, the network bits compared over the shorter mask (a prefix
    sorts before its extensions, hence the bit string), mask length, then the whole address."""
    prefix = format(value.addr, f"0{value.maxbits}b")[: value.bits]
    return (value.family, prefix, value.addr)


# --- comparison -------------------------------------------------------------------------------


def _memcmp(a: bytes, b: bytes) -> int:
    """glibc memcmp as PG's x86-64 build returns it: the difference of the first unequal
    bytes (network_cmp passes this through unnormalised)."""
    for x, y in zip(a, b, strict=True):
        if x != y:
            return x - y
    return 0


def _bitncmp(a: bytes, b: bytes, n: int) -> int:
    whole = n // 8
    x = _memcmp(a[:whole], b[:whole])
    if x or n % 8 == 0:
        return x
    shift = 8 - n % 8
    la, lb = a[whole] >> shift, b[whole] >> shift
    return 0 if la == lb else (1 if la > lb else -1)


def network_cmp(a: Inet, b: Inet) -> int:
    if a.family != b.family:
        return (a.family > b.family) - (a.family < b.family)
    oa, ob = a.octets(), b.octets()
    order = _bitncmp(oa, ob, min(a.bits, b.bits))
    if order:
        return order
    if a.bits != b.bits:
        return a.bits - b.bits
    return _bitncmp(oa, ob, a.maxbits)


def _prefix_equal(a: Inet, b: Inet, n: int) -> bool:
    shift = a.maxbits - n
    return a.addr >> shift == b.addr >> shift


def network_sub(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits > b.bits and _prefix_equal(a, b, b.bits)


def network_subeq(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits >= b.bits and _prefix_equal(a, b, b.bits)


def network_sup(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits < b.bits and _prefix_equal(a, b, a.bits)


def network_supeq(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits <= b.bits and _prefix_equal(a, b, a.bits)


def network_overlap(a: Inet, b: Inet) -> bool:
    return a.family == b.family and _prefix_equal(a, b, min(a.bits, b.bits))


def network_larger(a: Inet, b: Inet) -> Inet:
    return a if network_cmp(a, b) > 0 else b


def network_smaller(a: Inet, b: Inet) -> Inet:
    return a if network_cmp(a, b) < 0 else b


# --- accessors and constructors -----------------------------------------------------------------


def network_host(v: Inet) -> str:
    return _ntop(v.family, v.addr, v.maxbits)


def network_show(v: Inet) -> str:
    """text(inet): the full address and always /bits (network_show, not network_out)."""
    return f"{_ntop(v.family, v.addr, v.maxbits)}/{v.bits}"


def inet_abbrev(v: Inet) -> str:
    return _ntop(v.family, v.addr, v.bits)


def cidr_abbrev(v: Inet) -> str:
    if v.family == 4:
        return _cidr_ntop4(v.octets(), v.bits)
    return _cidr_ntop6(v.octets(), v.bits)


def network_family(v: Inet) -> int:
    return v.family


def network_masklen(v: Inet) -> int:
    return v.bits


def _checked_bits(v: Inet, bits: int) -> int:
    if bits == -1:
        bits = v.maxbits
    if not 0 <= bits <= v.maxbits:
        raise InvalidParameterValue(f"invalid mask length: {bits}")
    return bits


def inet_set_masklen(v: Inet, bits: int) -> Inet:
    return Inet(v.family, _checked_bits(v, bits), v.addr)


def _cidr_set_masklen(v: Inet, bits: int) -> Inet:
    return Inet(v.family, bits, v.addr & _mask(v.family, bits))


def cidr_set_masklen(v: Inet, bits: int) -> Inet:
    return _cidr_set_masklen(v, _checked_bits(v, bits))


def inet_to_cidr(v: Inet) -> Inet:
    return _cidr_set_masklen(v, v.bits)


def network_network(v: Inet) -> Inet:
    return _cidr_set_masklen(v, v.bits)


def network_broadcast(v: Inet) -> Inet:
    full = _mask(v.family, v.maxbits)
    return Inet(v.family, v.bits, v.addr | (full ^ _mask(v.family, v.bits)))


def network_netmask(v: Inet) -> Inet:
    return Inet(v.family, v.maxbits, _mask(v.family, v.bits))


def network_hostmask(v: Inet) -> Inet:
    full = _mask(v.family, v.maxbits)
    return Inet(v.family, v.maxbits, full ^ _mask(v.family, v.bits))


def inet_same_family(a: Inet, b: Inet) -> bool:
    return a.family == b.family


def inet_merge(a: Inet, b: Inet) -> Inet:
    """The smallest cidr containing both: bitncommon over the shorter mask."""
    if a.family != b.family:
        raise InvalidParameterValue("cannot merge addresses from different families")
    n = min(a.bits, b.bits)
    diff = a.addr ^ b.addr
    common = a.maxbits - diff.bit_length()
    return _cidr_set_masklen(a, min(common, n))


# --- bitwise and arithmetic ---------------------------------------------------------------------


def inetnot(v: Inet) -> Inet:
    return Inet(v.family, v.bits, v.addr ^ _mask(v.family, v.maxbits))


def _same_size(a: Inet, b: Inet, verb: str) -> None:
    if a.family != b.family:
        raise InvalidParameterValue(f"cannot {verb} inet values of different sizes")


def inetand(a: Inet, b: Inet) -> Inet:
    _same_size(a, b, "AND")
    return Inet(a.family, max(a.bits, b.bits), a.addr & b.addr)


def inetor(a: Inet, b: Inet) -> Inet:
    _same_size(a, b, "OR")
    return Inet(a.family, max(a.bits, b.bits), a.addr | b.addr)


def inetpl(v: Inet, addend: int) -> Inet:
    """internal_inetpl: the sum must stay inside the family's address space."""
    total = v.addr + addend
    if not 0 <= total < 1 << v.maxbits:
        raise NumericValueOutOfRange("result is out of range")
    return Inet(v.family, v.bits, total)


def inetmi_int8(v: Inet, subtrahend: int) -> Inet:
    # -INT64_MIN wraps to itself in C under -fwrapv
    return inetpl(v, subtrahend if subtrahend == _INT64_MIN else -subtrahend)


def inetmi(a: Inet, b: Inet) -> int:
    """inetmi: for IPv4 the exact difference (sign-extended from the carry); for IPv6 the
    difference wrapped to 128 bits, which must fit int8 (so :: - ffff:...:ffff is 1, as in PG)."""
    _same_size(a, b, "subtract")
    diff = a.addr - b.addr
    if a.family == 6:
        diff %= 1 << 128
        if diff >= 1 << 127:
            diff -= 1 << 128
    if not _INT64_MIN <= diff <= _INT64_MAX:
        raise NumericValueOutOfRange("result is out of range")
    return diff


def _cmp_fn(test: Callable[[int], bool]) -> Callable[[Inet, Inet], bool]:
    return lambda a, b: test(network_cmp(a, b))


TYPES: tuple[PgType, ...] = (
    PgType(INET, "inet", -1, "I", True, inet_in, inet_out, network_key),
    PgType(CIDR, "cidr", -1, "I", False, cidr_in, cidr_out, network_key),
)

FUNCTIONS: dict[str, Callable[..., object]] = {
    "network_eq": _cmp_fn(lambda c: c == 0),
    "network_ne": _cmp_fn(lambda c: c != 0),
    "network_lt": _cmp_fn(lambda c: c < 0),
    "network_le": _cmp_fn(lambda c: c <= 0),
    "network_gt": _cmp_fn(lambda c: c > 0),
    "network_ge": _cmp_fn(lambda c: c >= 0),
    "network_cmp": network_cmp,
    "network_larger": network_larger,
    "network_smaller": network_smaller,
    "network_sub": network_sub,
    "network_subeq": network_subeq,
    "network_sup": network_sup,
    "network_supeq": network_supeq,
    "network_overlap": network_overlap,
    "network_host": network_host,
    "network_show": network_show,
    "inet_abbrev": inet_abbrev,
    "cidr_abbrev": cidr_abbrev,
    "network_family": network_family,
    "network_masklen": network_masklen,
    "inet_set_masklen": inet_set_masklen,
    "cidr_set_masklen": cidr_set_masklen,
    "network_netmask": network_netmask,
    "network_hostmask": network_hostmask,
    "network_network": network_network,
    "network_broadcast": network_broadcast,
    "inet_same_family": inet_same_family,
    "inet_merge": inet_merge,
    "inetnot": inetnot,
    "inetand": inetand,
    "inetor": inetor,
    "inetpl": inetpl,
    "inetmi": inetmi,
    "inetmi_int8": inetmi_int8,
    "inet_to_cidr": inet_to_cidr,
}

# min(inet) / max(inet): pg_aggregate's transition functions (strict; first input is the state)
AGG_TRANSITIONS: dict[str, Callable[..., object]] = {
    "network_larger": network_larger,
    "network_smaller": network_smaller,
}
