"""Record golden cases for the network address types (inet, cidr, macaddr, macaddr8) from a real
PostgreSQL into tests/golden/network/*.json.

Each case is one SQL expression evaluated by the primary (simple query protocol, no prepared
plan); we store its exact text output, or the SQLSTATE, message and detail of its error, the
result type OID, and what the shadow must call to reproduce it: the ``prosrc`` of the resolved
function (via regprocedure / regoperator / pg_cast) and the typed argument literals. Case kinds:
``input`` ('<literal>'::<type>), ``call`` (a function or operator), ``cast`` and ``order`` (the
literals' values in ORDER BY order). Cases are mined from the regression suite's inet.sql,
macaddr.sql and macaddr8.sql plus edge cases read off inet_net_pton.c, inet_net_ntop.c,
inet_cidr_ntop.c, mac.c and mac8.c. tests/unit/test_network_golden.py replays them with no
server.

Usage: .venv/bin/python tools/gen_network_goldens.py [--dsn DSN] [--only inet,macaddr]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

Spec = tuple[Any, ...]


def q(lit: str) -> str:
    return "'" + lit.replace("'", "''") + "'"


def _arg_sql(t: str, lit: str | None) -> str:
    return f"NULL::{t}" if lit is None else f"{q(lit)}::{t}"


_WIDEN = {"cidr": "inet", "int4": "int8"}


class Lookup:
    """pg_proc.prosrc of the function, operator or cast the primary would run."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.cache: dict[str, tuple[str, int] | None] = {}

    def one(self, sql: str) -> tuple[str, int] | None:
        import psycopg

        if sql not in self.cache:
            try:
                row = self.conn.execute(sql, prepare=False).fetchone()
            except psycopg.errors.UndefinedFunction:
                row = None
            self.cache[sql] = None if row is None else (row[0], row[1])
        return self.cache[sql]

    def _first(self, template: str, types: list[str]) -> tuple[str, int] | None:
        found = self.one(template.format(",".join(types)))
        if found is None:
            found = self.one(template.format(",".join(_WIDEN.get(t, t) for t in types)))
        return found

    def proc(self, name: str, types: list[str]) -> tuple[str, int] | None:
        return self._first(
            f"SELECT prosrc, pronargs FROM pg_proc WHERE oid = '{name}({{}})'::regprocedure",
            types,
        )

    def oper(self, op: str, left: str | None, right: str) -> tuple[str, int] | None:
        return self._first(
            "SELECT p.prosrc, p.pronargs FROM pg_operator o JOIN pg_proc p ON p.oid = "
            f"o.oprcode WHERE o.oid = '{op}({{}})'::regoperator",
            [left or "NONE", right],
        )

    def cast(self, src: str, dst: str) -> tuple[str, int] | None:
        return self.one(
            "SELECT coalesce(p.prosrc, c.castmethod::text), coalesce(p.pronargs, 1) "
            "FROM pg_cast c LEFT JOIN pg_proc p ON p.oid = c.castfunc "
            f"WHERE c.castsource = {q(src)}::regtype AND c.casttarget = {q(dst)}::regtype"
        )


def build(spec: Spec, look: Lookup) -> dict[str, Any]:
    kind = spec[0]
    if kind == "input":
        _, t, lit = spec
        return {"kind": "input", "type": t, "literal": lit, "sql": f"SELECT {_arg_sql(t, lit)}"}
    if kind == "order":
        _, t, lits = spec
        values = ", ".join(f"({_arg_sql(t, v)})" for v in lits)
        sql = f"SELECT v FROM (VALUES {values}) AS x(v) ORDER BY v"
        return {"kind": "order", "type": t, "literals": lits, "sql": sql}
    if kind == "cast":
        _, src, dst, lit = spec
        found = look.cast(src, dst)
        assert found is not None, spec
        return {
            "kind": "cast",
            "prosrc": found[0],
            "nargs": found[1],
            "args": [[src, lit]],
            "type": dst,
            "sql": f"SELECT {_arg_sql(src, lit)}::{dst}",
        }
    _, name, args = spec
    if kind == "op":
        if len(args) == 1:
            found = look.oper(name, None, args[0][0])
            sql = f"SELECT {name} {_arg_sql(*args[0])}"
        else:
            found = look.oper(name, args[0][0], args[1][0])
            sql = f"SELECT {_arg_sql(*args[0])} {name} {_arg_sql(*args[1])}"
    else:
        found = look.proc(name, [t for t, _ in args])
        sql = f"SELECT {name}({', '.join(_arg_sql(t, v) for t, v in args)})"
    assert found is not None, spec
    return {"kind": "call", "prosrc": found[0], "args": [list(a) for a in args], "sql": sql}


def _exec(conn: Any, sql: str, many: bool) -> dict[str, Any]:
    from psycopg import pq

    res = conn.pgconn.exec_(sql.encode())
    if res.status != pq.ExecStatus.TUPLES_OK:

        def field(f: Any) -> str | None:
            v = res.error_field(f)
            return v.decode() if v is not None else None

        return {
            "result": None,
            "result_type": None,
            "sqlstate": field(pq.DiagnosticField.SQLSTATE) or "XX000",
            "message": field(pq.DiagnosticField.MESSAGE_PRIMARY),
            "detail": field(pq.DiagnosticField.MESSAGE_DETAIL),
        }
    rows = [res.get_value(r, 0) for r in range(res.ntuples)]
    texts = [None if v is None else v.decode() for v in rows]
    return {
        "result": texts if many else texts[0],
        "result_type": res.ftype(0),
        "sqlstate": None,
    }


def run(conn: Any, specs: Iterator[Spec]) -> list[dict[str, Any]]:
    look = Lookup(conn)
    out = []
    seen: set[str] = set()
    for spec in specs:
        case = build(spec, look)
        if case["sql"] in seen:
            continue
        seen.add(case["sql"])
        out.append({**case, **_exec(conn, case["sql"], case["kind"] == "order")})
    return out


# --- case definitions ---------------------------------------------------------------------------
# fmt: off

# texts fed to both inet_in and cidr_in: the regression suite's, then the parsers' corners
ADDR_INPUTS = [
    "192.168.1", "192.168.1.226/24", "192.168.1.0/26", "192.168.1.226", "192.168.1.0/24",
    "192.168.1.0/25", "192.168.1.255/24", "192.168.1.255/25", "10", "10.1.2.3/8", "10.0.0.0",
    "10.1.2.3", "10.1.2.3/32", "10.1.2", "10.1.2.3/24", "10.1", "10.1.2.3/16", "11.1.2.3/8",
    "9.1.2.3/8", "10:23::f1", "10:23::f1/64", "10:23::8000/113", "10:23::ffff",
    "::ffff:1.2.3.4", "::4.3.2.1/24", "192.168.1.2/30", "1234::1234::1234", "::1.2.3.4",
    "ffff:ffff:ffff:ffff::/24", "::192.168.1.226", "10::/8", "1234", "192.168.198.200/24",
    # IPv4 shapes
    "", "0", "0.0.0.0", "0.0.0.0/0", "255.255.255.255", "255.255.255.255/32", "256.1.1.1",
    "1.2.3.4.5", "1.2.3.4.", "1.2.3.", "1.2.3./24", "1.2.3/24", "1.2/24", "1.2/16", "1/8",
    "1/7", "1.2.3.4/", "1.2.3.4/33", "1.2.3.4/032", "1.2.3.4/0", "1.2.3.4/-1", "1.2.3.4/a",
    "1.2.3.4/24x", "010.001.002.003", "001.2.3.4/8", "1..2.3", ".1.2.3", "1.2.3.4 ", " 1.2.3.4",
    "1.2.3.4/ 8", "1.2.3.4/4294967296", "1.2.3.4/4294967304", "1.2.3.4/2147483648",
    "1.2.3.4/99999999999", "a.b.c.d", "1,2,3,4", "١.٢.٣.٤", "1.2.3.4/8/8",
    "128", "128.1", "191.255", "192", "223.1.2", "224", "224.1", "225", "239.1.2.3", "240",
    "255", "127", "0.0", "0.0.0.0/32", "10.0.0.0/7", "10.0.0.0/8", "10.0.0.0/9", "10/9",
    "192.168/16", "192.168/15", "128.0.0.1/1", "1.2.3.0/24",
    # hexadecimal (cidr only)
    "0x0a", "0x0a0b0c0d", "0X0A0B", "0x0a0b/16", "0xa", "0xabc", "0x0a0b0c0d0e", "0x", "0xg",
    "0x0a.1", "0x01020304/32", "0x0a/7",
    # IPv6 shapes
    "::", "::/0", "::1", "::1/128", "::/128", "1::", "1::/16", "1::/15", "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8", "1::8", "1:0:0:0:0:0:0:8", "0:0:1:0:0:1:0:0", "1:0:0:2:0:0:0:3",
    "1:0:0:2:0:0:3:4", "0:0:0:1:0:0:0:0", "::ffff:0:0", "::ffff:1.2.3.4/120",
    "::ffff:0.0.0.0", "::0.0.0.1", "::0.0.1.2", "::0.1.2.3", "::1.2.3.4/128", "::1.2.3.4/129",
    "::1.2.3.4/0", "::1.2.3", "::1.2", "::1..2.3", "::1.2.3.4.5", "::1.2.3.", "::01.2.3.4",
    "::256.2.3.4", "::1.2.3.4/08", "::1.2.3./64", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.4:5", "fe80::1%eth0", "FE80::ABCD", "fe80::abcd",
    "12345::", "1:::2", ":::", ":1::", ":1", "1:", "1::2::3", "::/", "::/00", "::/0128",
    "::/1a", "::/-1", "2001:db8::/32", "2001:db8:0:0:1::1", "2001:db8::1:0:0:1",
    "2001:0db8:0000:0000:0000:ff00:0042:8329", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "8000::/1", "8000::/0", "::8000:0/97",
    "::8000:0/96", "1::/128", "1:2::/32", "1:2::/31", "0:0:0:0:0:0:0:0", "::0:0", ":: 1",
    "1 ::", "::g", "ffff::ffff:1.2.3.4", "::ffff:255.255.255.255/128", "::ffff:1.2.3.0/120",
]

# values whose functions are all recorded (text, as inet; the cidr ones also as cidr)
INETS = [
    "192.168.1.226/24", "192.168.1.226", "192.168.1.0/24", "192.168.1.0/25",
    "192.168.1.255/24", "192.168.1.255/25", "10.1.2.3/8", "10.1.2.3", "10.1.2.3/24",
    "10.1.2.3/16", "11.1.2.3/8", "9.1.2.3/8", "0.0.0.0/0", "0.0.0.1/0", "255.255.255.255",
    "255.255.255.255/0", "255.255.255.254/31", "128.0.0.0/1", "1.2.3.4/7", "1.2.3.4/9",
    "10:23::f1/64", "10:23::ffff", "::4.3.2.1/24", "::1.2.3.4", "::ffff:1.2.3.4", "::",
    "::/0", "::1", "::1/64", "1::", "10::/8", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0", "8000::/1", "1:2:3:4:5:6:7:8/60",
    "1:0:0:2:0:0:0:3/100", "0:0:1:0:0:1:0:0/127", "2001:db8::1/32", "::ffff:0.0.0.0/96",
    "::0.0.5.6", "::5.6.7.8/104", "fe80::1:2/70", "127::1",
]
CIDRS = [
    "192.168.1.0/24", "192.168.1.0/26", "10.0.0.0/8", "10.1.2.3/32", "10.1.2.0/24",
    "10.1.0.0/16", "0.0.0.0/0", "128.0.0.0/1", "255.255.255.254/31", "224.0.0.0/4",
    "10.0.0.0/7", "172.16.0.0/12", "192.168.1.128/25", "1.2.3.4/30",
    "10:23::f1/128", "10:23::8000/113", "::ffff:1.2.3.4/128", "::/0", "::/128", "::1/128",
    "ffff:ffff:ffff:ffff::/64", "ffff::/16", "fffe::/15", "8000::/1", "2001:db8::/32",
    "1:2:3:4:5:6:7:0/112", "1:2:3:4:5:6:7:0/113", "1:2:3:4:5:6:7:0/120", "1:2:3:0::/61",
    "::ffff:0.0.0.0/96", "::ffff:1.2.3.0/120", "::ffff:1.2.3.4/127", "::1.2.3.0/120",
    "::1.2.0.0/112", "::0.0.5.6/128", "::0.0.5.0/120", "::0.0.1.0/128", "0:0:0:0:0:0:0:1/128",
    "1:0:0:0:1::/80", "0:1:0:0:0:1::/96", "1:0:2::/48", "::1:0:0:0/80", "::/1", "1::/16",
    "0:0:0:1::/64", "0:0:1:0:0:1::/112", "::ff00/120", "::100/120", "::ffff:0:0/96",
]
# a smaller set for the binary operators (every pair)
PAIR = [
    ("inet", "192.168.1.226/24"), ("inet", "192.168.1.226"), ("cidr", "192.168.1.0/24"),
    ("cidr", "192.168.1.0/26"), ("inet", "192.168.1.0/25"), ("inet", "10.1.2.3/8"),
    ("cidr", "10.0.0.0/8"), ("inet", "9.1.2.3/8"), ("inet", "0.0.0.0/0"),
    ("inet", "255.255.255.255"), ("inet", "10:23::f1/64"), ("cidr", "10:23::8000/113"),
    ("inet", "::4.3.2.1/24"), ("inet", "::1"), ("cidr", "::/0"), ("inet", "10::/8"),
    ("inet", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), ("inet", "127::2"),
]
ADDENDS = ["0", "1", "-1", "257", "-257", "500", "10000000000", "-10000000000", "4294967295",
           "-4294967295", "4294967296", "9223372036854775807", "-9223372036854775807",
           "-9223372036854775808"]
MASKLENS = ["-2", "-1", "0", "1", "7", "8", "24", "31", "32", "33", "64", "127", "128", "129"]

ORDER_INETS = [
    "0.0.0.0/0", "0.0.0.0/1", "0.0.0.0/32", "0.0.0.1/0", "0.0.0.1/1", "127.126.127.127/0",
    "127.127.127.127/0", "127.128.127.127/0", "192.168.1.0/24", "192.168.1.0/25",
    "192.168.1.1/23", "192.168.1.1/5", "192.168.1.1/6", "192.168.1.1/25", "192.168.1.2/25",
    "192.168.1.1/26", "192.168.1.2/26", "192.168.1.2/23", "192.168.1.255/5",
    "192.168.1.255/6", "192.168.1.3/1", "192.168.1.3/23", "192.168.1.4/0", "192.168.1.5/0",
    "255.0.0.0/0", "255.1.0.0/0", "255.2.0.0/0", "255.255.000.000/0", "255.255.000.000/15",
    "255.255.000.000/16", "255.255.255.254/32", "255.255.255.000/32", "255.255.255.001/31",
    "255.255.255.002/31", "255.255.255.003/31", "255.255.255.003/32", "255.255.255.001/32",
    "255.255.255.255/0", "255.255.255.255/1", "255.255.255.255/16", "255.255.255.255/31",
    "255.255.255.255/32", "255.255.255.253/32", "255.255.255.252/32", "255.3.0.0/0",
    "0000:0000:0000:0000:0000:0000:0000:0000/0", "0000:0000:0000:0000:0000:0000:0000:0000/128",
    "0000:0000:0000:0000:0000:0000:0000:0001/128", "10:23::f1/64", "10:23::f1/65",
    "10:23::ffff", "127::1", "127::2", "8000:0000:0000:0000:0000:0000:0000:0000/1",
    "::1:ffff:ffff:ffff:ffff/128", "::2:ffff:ffff:ffff:ffff/128", "::4:3:2:0/24",
    "::4:3:2:1/24", "::4:3:2:2/24", "ffff:83e7:f118:57dc:6093:6d92:689d:58cf/70",
    "ffff:84b0:4775:536e:c3ed:7116:a6d6:34f0/44", "ffff:8566:f84:5867:47f1:7867:d2ba:8a1a/69",
    "ffff:8883:f028:7d2:4d68:d510:7d6b:ac43/73", "ffff:8ae8:7c14:65b3:196:8e4a:89ae:fb30/89",
    "ffff:8dd0:646:694c:7c16:7e35:6a26:171/104", "ffff:8eef:cbf:700:eda3:ae32:f4b4:318b/121",
    "ffff:90e7:e744:664:a93:8efe:1f25:7663/122", "ffff:9597:c69c:8b24:57a:8639:ec78:6026/111",
    "ffff:9e86:79ea:f16e:df31:8e4d:7783:532e/88", "ffff:a0c7:82d3:24de:f762:6e1f:316d:3fb2/23",
    "ffff:fffa:ffff:ffff:ffff:ffff:ffff:ffff/0", "ffff:fffb:ffff:ffff:ffff:ffff:ffff:ffff/0",
    "ffff:fffc:ffff:ffff:ffff:ffff:ffff:ffff/0", "ffff:fffd:ffff:ffff:ffff:ffff:ffff:ffff/0",
    "ffff:fffe:ffff:ffff:ffff:ffff:ffff:ffff/0", "ffff:ffff:ffff:fffa:ffff:ffff:ffff:ffff/0",
    "ffff:ffff:ffff:fffb:ffff:ffff:ffff:ffff/0", "ffff:ffff:ffff:fffc:ffff:ffff:ffff:ffff/0",
    "ffff:ffff:ffff:fffd::/128", "ffff:ffff:ffff:fffd:ffff:ffff:ffff:ffff/0",
    "ffff:ffff:ffff:fffe::/128", "ffff:ffff:ffff:fffe:ffff:ffff:ffff:ffff/0",
    "ffff:ffff:ffff:ffff:4:3:2:0/24", "ffff:ffff:ffff:ffff:4:3:2:1/24",
    "ffff:ffff:ffff:ffff:4:3:2:2/24", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
]

# fmt: on


def _call(name: str, *args: tuple[str, str | None]) -> Spec:
    return ("call", name, list(args))


def _op(sym: str, *args: tuple[str, str | None]) -> Spec:
    return ("op", sym, list(args))


INET_UNARY = [
    "host",
    "text",
    "abbrev",
    "family",
    "masklen",
    "netmask",
    "hostmask",
    "network",
    "broadcast",
]


def inet_cases() -> Iterator[Spec]:
    for lit in ADDR_INPUTS:
        yield ("input", "inet", lit)
        yield ("input", "cidr", lit)
    for t, values in (("inet", INETS), ("cidr", CIDRS)):
        for v in values:
            for fn in INET_UNARY:
                yield _call(fn, (t, v))
            yield _op("~", (t, v))
            for n in MASKLENS:
                yield _call("set_masklen", (t, v), ("int4", n))
            for n in ADDENDS:
                yield _op("+", (t, v), ("int8", n))
                yield _op("-", (t, v), ("int8", n))
            for dst in ("cidr", "inet", "text"):
                if dst != t:
                    yield ("cast", t, dst, v)
    for (ta, a), (tb, b) in itertools.product(PAIR, PAIR):
        for sym in ("=", "<>", "<", "<=", ">", ">=", "<<", "<<=", ">>", ">>=", "&&", "&", "|", "-"):
            yield _op(sym, (ta, a), (tb, b))
        for fn in (
            "network_cmp",
            "inet_merge",
            "inet_same_family",
            "network_larger",
            "network_smaller",
        ):
            yield _call(fn, (ta, a), (tb, b))
    for a, b in [
        ("127.0.0.2", "127.0.2.246"),
        ("127::2", "127::1f6"),
        ("126::1", "127::2"),
        ("127::1", "126::2"),
        ("127::1", "127::2"),
        ("::", "ffff:ffff:ffff:ffff::"),
        ("::", "::ffff:ffff:ffff:ffff"),
        ("::", "::8000:0:0:0"),
        ("::", "::7fff:0:0:0"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::"),
        ("::8000:0:0:0", "::"),
        ("::7fff:ffff:ffff:ffff", "::"),
        ("255.255.255.255", "0.0.0.0"),
        ("0.0.0.0", "255.255.255.255"),
        ("10.0.0.1/8", "10.0.0.3/30"),
    ]:
        yield _op("-", ("inet", a), ("inet", b))
        yield _call("inet_merge", ("inet", a), ("inet", b))
    yield from random_cases()
    yield ("order", "inet", ORDER_INETS)
    yield ("order", "cidr", CIDRS)
    yield ("order", "inet", INETS + CIDRS)


def _random_v6(rng: random.Random) -> tuple[int, int]:
    """An IPv6 address whose words are zero half the time (runs of zeros of every length and
    position, for the '::' and embedded-IPv4 rules), and a mask length."""
    addr = 0
    for _ in range(8):
        word = 0 if rng.random() < 0.5 else rng.choice([1, 0xFF, 0xFFFF, rng.randrange(1 << 16)])
        addr = addr << 16 | word
    return addr, rng.choice(
        [
            0,
            1,
            8,
            15,
            16,
            17,
            32,
            48,
            64,
            80,
            95,
            96,
            97,
            104,
            112,
            119,
            120,
            121,
            127,
            128,
            rng.randrange(129),
        ]
    )


def random_cases() -> Iterator[Spec]:
    """Seeded random IPv6 values through the printers (inet_net_ntop, inet_cidr_ntop)."""
    rng = random.Random(20251121)
    for _ in range(250):
        addr, bits = _random_v6(rng)
        words = [f"{(addr >> (112 - 16 * i)) & 0xFFFF:x}" for i in range(8)]
        full = ":".join(words)
        masked = addr & ~((1 << (128 - bits)) - 1)
        net = ":".join(f"{(masked >> (112 - 16 * i)) & 0xFFFF:x}" for i in range(8))
        yield ("input", "inet", f"{full}/{bits}")
        yield _call("host", ("inet", f"{full}/{bits}"))
        yield _call("abbrev", ("inet", f"{full}/{bits}"))
        yield ("input", "cidr", f"{net}/{bits}")
        yield _call("abbrev", ("cidr", f"{net}/{bits}"))
        yield _call("broadcast", ("inet", f"{full}/{bits}"))
    for _ in range(100):
        addr, bits = rng.randrange(1 << 32), rng.randrange(33)
        lit = ".".join(str(b) for b in addr.to_bytes(4, "big")) + f"/{bits}"
        yield _call("abbrev", ("cidr", lit.split("/")[0] + "/32"))
        yield _call("abbrev", ("inet", lit))
        yield _call("network", ("inet", lit))
        masked = addr & ~((1 << (32 - bits)) - 1)
        net = ".".join(str(b) for b in masked.to_bytes(4, "big")) + f"/{bits}"
        yield _call("abbrev", ("cidr", net))
        yield ("input", "cidr", net)


# fmt: off
MAC_INPUTS = [
    "08:00:2b:01:02:03", "08-00-2b-01-02-03", "08002b:010203", "08002b-010203",
    "0800.2b01.0203", "0800-2b01-0203", "08002b010203", "0800:2b01:0203", "not even close",
    "08:00:2b:01:02:04", "08:00:2b:01:02:02", "08:00:2a:01:02:03", "08:00:2c:01:02:03",
    "08:00:2a:01:02:04", "08:00:2b:01:02:ZZ", "08:00:2b:01:02:", "08:00:2B:01:02:0A",
    "8:0:2b:1:2:3", " 08:00:2b:01:02:03", "08:00:2b:01:02:03 ", "08:00:2b:01:02:03 x",
    "08: 00:2b:01:02:03", "08 :00:2b:01:02:03", "0x8:0:2b:1:2:3", "0X08:0:2b:1:2:3",
    "+8:0:2b:1:2:3", "-0:0:0:0:0:0", "-1:0:0:0:0:0", "100:0:0:0:0:0", "0100:0:0:0:0:0",
    "000000000008:0:0:0:0:0", "100000000:0:0:0:0:0", "10000000000000000:0:0:0:0:0",
    "ffffffffff:0:0:0:0:0", "0x:0:0:0:0:0", "08:00:2b:01:02:03:04", "08:00:2b:01:02",
    "08-00-2b:01-02-03", "08002b010203 ", "08 00 2b 01 02 03", "0800 2b01 0203",
    "08002b01020", "08002b0102030", "08002b01020304", "0x002b010203", "0800.2b01.020g",
    "08002b:01020", "08002b:0102030", "08002b:0x0203", "08002b-01 02 03", "", " ",
    "08:00:2b:01:02:03\t", "08:00:2b:01:02:03\n", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00",
    "0800:2b01:0203 ", "8:0:2b:1:2:3:", "08:00:2b:01:02:-3", "08:00:2b:01:02:+3",
    "08.00.2b.01.02.03", "0800.2b01.0203.", "x8:00:2b:01:02:03", "08:00:2b:01:02:03é",
]
MAC8_INPUTS = [
    "08:00:2b:01:02:03     ", "    08:00:2b:01:02:03     ", "    08:00:2b:01:02:03",
    "08:00:2b:01:02:03:04:05     ", "    08:00:2b:01:02:03:04:05     ",
    "    08:00:2b:01:02:03:04:05", "123    08:00:2b:01:02:03", "08:00:2b:01:02:03  123",
    "123    08:00:2b:01:02:03:04:05", "08:00:2b:01:02:03:04:05  123",
    "08:00:2b:01:02:03:04:05:06:07", "08-00-2b-01-02-03-04-05-06-07", "08002b:01020304050607",
    "08002b01020304050607", "0z002b0102030405", "08002b010203xyza", "08:00-2b:01:02:03:04:05",
    "08:00:2b:01.02:03:04:05", "08:00:2b:01:02:03", "08-00-2b-01-02-03", "08002b:010203",
    "08002b-010203", "0800.2b01.0203", "0800-2b01-0203", "08002b010203", "0800:2b01:0203",
    "not even close", "08:00:2b:01:02:03:04:05", "08-00-2b-01-02-03-04-05",
    "08002b:0102030405", "08002b-0102030405", "0800.2b01.0203.0405", "08002b01:02030405",
    "08002b0102030405", "08:00:2b:01:02:03:04:ZZ", "08:00:2b:01:02:03:04:", "08:00:2b:01:02:03:0",
    "08:00:2b:01:02:03:04:0", "08:00:2b:01:02:03:04:05:0", "08:00:2b:01:02:03:04:05:", "",
    " ", "0", "08", "08:00:2b:01:02", "08:00:2b:01:02:03:04", "8:0:2b:1:2:3", "08::00:2b:01:02:03",
    "08:00:2B:01:02:0A", "08:00:2b:01:02:03\t", "08:00:2b:01:02:03é", "08:00:2b:01:02:é",
    "08:00:2b:01:02:03:04:05 x", "08:00:2b:01:02:03 :", "08:00:2b:01:02:03:", "0800:2b01:0203:",
    "08.00.2b.01.02.03.04.05", "08:00:2b:ff:fe:01:02:03", "ff:ff:ff:ff:ff:ff:ff:ff",
]
MACS = ["08:00:2b:01:02:03", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "08:00:2a:01:02:04",
        "12:34:56:78:9a:bc", "00:00:00:ff:ff:ff", "01:02:03:04:05:06", "08:00:2b:01:02:04"]
MAC8S = ["08:00:2b:01:02:03:04:05", "08:00:2b:ff:fe:01:02:03", "00:00:00:00:00:00:00:00",
         "ff:ff:ff:ff:ff:ff:ff:ff", "00:08:2b:01:02:03:04:05", "12:34:56:ff:fe:9a:bc:de",
         "08:00:2b:ff:ff:01:02:03", "08:00:2b:fe:fe:01:02:03", "02:00:00:00:00:00:00:01"]

# fmt: on


def mac_cases() -> Iterator[Spec]:
    for lit in MAC_INPUTS:
        yield ("input", "macaddr", lit)
    for lit in MAC8_INPUTS:
        yield ("input", "macaddr8", lit)
    for t, values in (("macaddr", MACS), ("macaddr8", MAC8S)):
        for v in values:
            yield _call("trunc", (t, v))
            yield _op("~", (t, v))
            yield ("cast", t, "macaddr8" if t == "macaddr" else "macaddr", v)
            if t == "macaddr8":
                yield _call("macaddr8_set7bit", (t, v))
        for a, b in itertools.product(values, values):
            for sym in ("=", "<>", "<", "<=", ">", ">=", "&", "|"):
                yield _op(sym, (t, a), (t, b))
            yield _call(f"{t}_cmp", (t, a), (t, b))
        yield ("order", t, values)


FAMILIES = {"inet": inet_cases, "macaddr": mac_cases}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "tests" / "golden" / "network"))
    ap.add_argument("--dsn", help="use this server instead of starting an embedded primary")
    ap.add_argument("--only", help="comma-separated families to regenerate")
    args = ap.parse_args()
    outdir = Path(args.out)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(",")) if args.only else set(FAMILIES)

    def write(dsn: str) -> None:
        import psycopg

        with psycopg.connect(dsn, autocommit=True, prepare_threshold=None) as conn:
            row = conn.execute("SHOW server_version", prepare=False).fetchone()
            assert row is not None
            conn.execute("SET lc_messages = 'C'", prepare=False)
            for name, fn in FAMILIES.items():
                if name not in wanted:
                    continue
                cases = run(conn, fn())
                doc = {
                    "generated_by": "tools/gen_network_goldens.py — do not edit",
                    "postgres_version": f"PostgreSQL {row[0]}",
                    "count": len(cases),
                    "cases": cases,
                }
                (outdir / f"{name}.json").write_text(
                    json.dumps(doc, indent=0, ensure_ascii=False) + "\n"
                )
                print(f"{name}: {len(cases)} cases")

    if args.dsn:
        write(args.dsn)
    else:
        from replica.primary import start_primary

        with start_primary() as p:
            write(p.dsn())


if __name__ == "__main__":
    main()
