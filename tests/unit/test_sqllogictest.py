"""sqllogictest record parsing and the expected-answer oracle (no server)."""

from __future__ import annotations

from replica.diff.compare import Column, QueryError, ResultSet
from replica.replay.sqllogictest import (
    check_expected,
    format_result,
    format_value,
    parse_slt,
    values_hash,
)

TEXT = """\
hash-threshold 8

statement ok
CREATE TABLE t1(a INTEGER, b INTEGER)

statement error
CREATE TABLE t1(a INTEGER)

skipif postgresql
statement ok
SELECT sqlite_only()

onlyif sqlite
query I nosort
SELECT 1
----
1

onlyif postgresql
query IT rowsort label-1
SELECT a, b
  FROM t1
----
1
(empty)
2
x

query I valuesort
SELECT a FROM t1
----
30 values hashing to 3c13dee48d9356ae19af2515e05e6b54

halt

statement ok
NOT REACHED
"""


def test_parse_records_and_conditions() -> None:
    recs = list(parse_slt(TEXT))
    assert [r.kind for r in recs] == [
        "hash-threshold", "statement", "statement", "query", "query", "halt"
    ]
    assert recs[0].threshold == 8
    assert recs[2].expect_error
    q = recs[3]
    assert (q.types, q.sort, q.sql) == ("IT", "rowsort", "SELECT a, b\n  FROM t1")
    assert q.expected == ("1", "(empty)", "2", "x")
    assert recs[4].hashed == (30, "3c13dee48d9356ae19af2515e05e6b54")
    assert recs[3].line == 21


def test_format_values() -> None:
    assert format_value(None, "I") == "NULL"
    assert format_value("", "T") == "(empty)"
    assert format_value("12.0", "I") == "12"
    assert format_value("t", "I") == "1"
    assert format_value("1.23456", "R") == "1.235"
    assert format_value("a\tb", "T") == "a@b"


def _rs(rows: list[tuple[str | None, ...]]) -> ResultSet:
    return ResultSet((Column("a", 23), Column("b", 25)), tuple(rows))


def test_rowsort_and_valuesort() -> None:
    rs = _rs([("2", "x"), ("1", "")])
    assert format_result(rs, "IT", "rowsort") == ["1", "(empty)", "2", "x"]
    assert format_result(rs, "IT", "valuesort") == ["(empty)", "1", "2", "x"]
    assert format_result(rs, "IT", "nosort") == ["2", "x", "1", "(empty)"]


def test_check_expected() -> None:
    rec = list(parse_slt(TEXT))[3]
    assert check_expected(rec, _rs([("2", "x"), ("1", "")]), 8) == "match"
    assert check_expected(rec, _rs([("2", "y"), ("1", "")]), 8) == "mismatch"
    assert check_expected(rec, QueryError("0A000", "no"), 8) == "unsupported"
    assert check_expected(rec, QueryError("42601", "no"), 8) == "error"


def test_hash() -> None:
    values = ["1", "2"]
    rec = list(parse_slt(f"query I nosort\nSELECT 1\n----\n2 values hashing to {values_hash(values)}\n"))[0]
    assert check_expected(rec, ResultSet((Column("a", 23),), (("1",), ("2",))), 1) == "match"
