"""Pure comparison rules of ``pgshadow diff``: hand-built outcomes, no server."""

from __future__ import annotations

import io
import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replica.diff import (
    Column,
    DiffReport,
    Kind,
    NotRun,
    Outcome,
    Query,
    QueryError,
    QueryFileError,
    QueryResult,
    ResultSet,
    Status,
    Verdict,
    compare,
    exit_code,
    parse_queries,
    queries_from_option,
    render,
    to_json,
)
from replica.diff.compare import Row, fingerprint, order_spec, resolve_keys
from replica.diff.runner import parse_lsn, redact

INT4, TEXT, INT8, NUMERIC = 23, 25, 20, 1700
AB = (Column("a", INT4), Column("b", TEXT))


def rs(*rows: Row, columns: tuple[Column, ...] = AB) -> ResultSet:
    return ResultSet(columns, tuple(rows), f"SELECT {len(rows)}")


def check(sql: str, primary: Outcome, replica: Outcome) -> Verdict:
    return compare(primary, replica, order_spec(sql))


# -- multiset vs ordered ----------------------------------------------------------------------


def test_no_order_by_compares_as_multiset() -> None:
    v = check("SELECT a, b FROM t", rs(("1", "x"), ("2", "y")), rs(("2", "y"), ("1", "x")))
    assert v.status is Status.MATCH


def test_multiset_counts_duplicates() -> None:
    v = check(
        "SELECT a, b FROM t",
        rs(("1", "x"), ("1", "x"), ("2", "y")),
        rs(("1", "x"), ("2", "y"), ("2", "y")),
    )
    assert (v.status, v.kind) == (Status.MISMATCH, Kind.ROWS)
    assert v.primary_only == (("1", "x"),)
    assert v.replica_only == (("2", "y"),)


def test_order_by_position_detects_wrong_order() -> None:
    v = check(
        "SELECT a, b FROM t ORDER BY 1", rs(("1", "x"), ("2", "y")), rs(("2", "y"), ("1", "x"))
    )
    assert (v.status, v.kind) == (Status.MISMATCH, Kind.ROWS)
    assert v.first_difference == 0
    assert "different order" in v.summary


def test_order_by_ties_compare_as_multisets() -> None:
    primary = rs(("1", "x"), ("2", "p"), ("2", "q"), ("2", "r"), ("3", "z"))
    replica = rs(("1", "x"), ("2", "r"), ("2", "p"), ("2", "q"), ("3", "z"))
    assert check("SELECT a, b FROM t ORDER BY a", primary, replica).status is Status.MATCH
    assert check("SELECT a, b FROM t ORDER BY 1 DESC", primary, replica).status is Status.MATCH
    # ...but a tie group holding different rows is a mismatch.
    bad = rs(("1", "x"), ("2", "r"), ("2", "p"), ("2", "s"), ("3", "z"))
    v = check("SELECT a, b FROM t ORDER BY a", primary, bad)
    assert (v.status, v.kind, v.first_difference) == (Status.MISMATCH, Kind.ROWS, 1)


def test_order_by_full_key_is_strict() -> None:
    primary = rs(("2", "p"), ("2", "q"))
    replica = rs(("2", "q"), ("2", "p"))
    assert check("SELECT a, b FROM t ORDER BY a, b", primary, replica).status is Status.MISMATCH


def test_order_by_expression_matching_a_target() -> None:
    cols = (Column("count", INT8), Column("a", INT4))
    primary = rs(("1", "5"), ("2", "3"), ("2", "4"), columns=cols)
    replica = rs(("1", "5"), ("2", "4"), ("2", "3"), columns=cols)
    sql = "SELECT count(*), a FROM t GROUP BY a ORDER BY count( * )"
    assert check(sql, primary, replica).status is Status.MATCH
    swapped = rs(("2", "3"), ("1", "5"), ("2", "4"), columns=cols)
    assert check(sql, primary, swapped).status is Status.MISMATCH


def test_order_by_alias_and_input_column_name() -> None:
    cols = (Column("y", INT4), Column("b", TEXT))
    spec = order_spec("SELECT a + 1 AS y, b FROM t ORDER BY y")
    assert resolve_keys(spec, cols) == (0,)
    # ``x`` is an input column that is not an output: not identifiable.
    spec = order_spec("SELECT a + 1 AS y, b FROM t ORDER BY x")
    assert resolve_keys(spec, cols) == ()


def test_unidentifiable_order_by_falls_back_to_multiset() -> None:
    sql = "SELECT b FROM t ORDER BY a"
    cols = (Column("b", TEXT),)
    v = check(sql, rs(("x",), ("y",), columns=cols), rs(("y",), ("x",), columns=cols))
    assert v.status is Status.MATCH
    assert any("multiset" in n for n in v.notes)


def test_partially_identifiable_keys_use_the_prefix() -> None:
    sql = "SELECT a, b FROM t ORDER BY a, c"
    primary = rs(("1", "x"), ("1", "y"), ("2", "z"))
    assert check(sql, primary, rs(("1", "y"), ("1", "x"), ("2", "z"))).status is Status.MATCH
    v = check(sql, primary, rs(("2", "z"), ("1", "x"), ("1", "y")))
    assert v.status is Status.MISMATCH
    assert any("first 1 of 2" in n for n in v.notes)


def test_star_select_positions_still_resolve() -> None:
    spec = order_spec("SELECT * FROM t ORDER BY 2")
    assert resolve_keys(spec, AB) == (1,)
    # Expressions cannot be matched through a star; names still can.
    assert resolve_keys(order_spec("SELECT *, a + 1 FROM t ORDER BY a + 1"), AB) == ()
    assert resolve_keys(order_spec("SELECT * FROM t ORDER BY b"), AB) == (1,)


def test_set_operation_order_by() -> None:
    sql = "SELECT a, b FROM t UNION ALL SELECT a, b FROM u ORDER BY 1"
    primary = rs(("1", "x"), ("1", "y"))
    assert check(sql, primary, rs(("1", "y"), ("1", "x"))).status is Status.MATCH
    sql_inner = "(SELECT a, b FROM t ORDER BY 1) UNION ALL (SELECT a, b FROM u ORDER BY 1)"
    assert not order_spec(sql_inner).ordered
    assert (
        check(sql_inner, rs(("2", "x"), ("1", "y")), rs(("1", "y"), ("2", "x"))).status
        is Status.MATCH
    )


def test_limit_makes_the_last_tie_group_undetermined() -> None:
    sql = "SELECT a, b FROM t ORDER BY a LIMIT 3"
    primary = rs(("1", "x"), ("2", "p"), ("2", "q"))
    assert check(sql, primary, rs(("1", "x"), ("2", "r"), ("2", "s"))).status is Status.MATCH
    assert check(sql, primary, rs(("1", "y"), ("2", "p"), ("2", "q"))).status is Status.MISMATCH
    assert check(sql, primary, rs(("1", "x"), ("3", "p"), ("3", "q"))).status is Status.MISMATCH


def test_limit_without_order_by_compares_counts_only() -> None:
    v = check("SELECT a, b FROM t LIMIT 1", rs(("1", "x")), rs(("2", "y")))
    assert v.status is Status.MATCH and v.notes
    v = check("SELECT a, b FROM t LIMIT 2", rs(("1", "x")), rs(("2", "y"), ("3", "z")))
    assert v.kind is Kind.ROW_COUNT


def test_non_select_statements_compare_in_order() -> None:
    cols = (Column("QUERY PLAN", TEXT),)
    v = check(
        "EXPLAIN SELECT 1", rs(("a",), ("b",), columns=cols), rs(("b",), ("a",), columns=cols)
    )
    assert v.status is Status.MISMATCH


# -- values, NULLs, columns ---------------------------------------------------------------------


def test_null_is_not_the_string_null() -> None:
    v = check("SELECT a, b FROM t", rs(("1", None)), rs(("1", "NULL")))
    assert (v.status, v.kind) == (Status.MISMATCH, Kind.ROWS)
    assert v.primary_only == (("1", None),)


def test_nulls_sort_without_errors_and_tie() -> None:
    sql = "SELECT a, b FROM t ORDER BY 1"
    primary = rs(("1", None), ("1", "x"), (None, "y"), (None, None))
    replica = rs(("1", "x"), ("1", None), (None, None), (None, "y"))
    assert check(sql, primary, replica).status is Status.MATCH
    assert check("SELECT a, b FROM t", primary, replica).status is Status.MATCH


def test_text_is_compared_exactly() -> None:
    cols = (Column("n", NUMERIC),)
    v = check("SELECT n FROM t", rs(("1.10",), columns=cols), rs(("1.1",), columns=cols))
    assert v.status is Status.MISMATCH


def test_column_type_mismatch() -> None:
    v = check(
        "SELECT a, b FROM t",
        rs(("1", "x")),
        rs(("1", "x"), columns=(Column("a", INT8), Column("b", TEXT))),
    )
    assert (v.status, v.kind) == (Status.MISMATCH, Kind.COLUMNS)
    assert "23" in v.summary and "20" in v.summary


def test_column_name_mismatch() -> None:
    v = check("SELECT a, b FROM t", rs(), rs(columns=(Column("a", INT4), Column("c", TEXT))))
    assert v.kind is Kind.COLUMNS


def test_row_count_mismatch() -> None:
    v = check("SELECT a, b FROM t", rs(("1", "x"), ("2", "y")), rs(("1", "x")))
    assert (v.status, v.kind) == (Status.MISMATCH, Kind.ROW_COUNT)
    assert v.primary_only == (("2", "y"),) and v.replica_only == ()


def test_command_tags_compared_without_result_set() -> None:
    a = ResultSet((), (), "SET")
    assert compare(a, ResultSet((), (), "SET")).status is Status.MATCH
    assert compare(a, ResultSet((), (), "RESET")).kind is Kind.COMMAND


# -- errors -------------------------------------------------------------------------------------


def test_same_sqlstate_is_agreement() -> None:
    v = compare(QueryError("22012", "division by zero"), QueryError("22012", "divide by zero"))
    assert v.status is Status.ERROR and v.kind is None
    assert v.notes  # the message difference is a note, not a mismatch


def test_different_sqlstate() -> None:
    v = compare(QueryError("22012", "division by zero"), QueryError("22003", "out of range"))
    assert (v.status, v.kind) == (Status.MISMATCH, Kind.SQLSTATE)


def test_error_vs_result_both_ways() -> None:
    assert compare(QueryError("22012", "x"), rs()).kind is Kind.ERROR_VS_RESULT
    assert compare(rs(), QueryError("22012", "x")).kind is Kind.ERROR_VS_RESULT


def test_replica_feature_not_supported_is_unsupported() -> None:
    v = compare(rs(("1", "x")), QueryError("0A000", "window functions are not supported"))
    assert v.status is Status.UNSUPPORTED
    assert (
        compare(QueryError("42P01", "no table"), QueryError("0A000", "x")).status
        is Status.UNSUPPORTED
    )
    # Both refusing with 0A000 is agreement.
    assert compare(QueryError("0A000", "x"), QueryError("0A000", "y")).status is Status.ERROR
    # The primary refusing while the replica answers is an ordinary mismatch.
    assert compare(QueryError("0A000", "x"), rs()).kind is Kind.ERROR_VS_RESULT


def test_not_run() -> None:
    assert compare(NotRun("connection lost"), rs()).status is Status.NOT_RUN
    assert compare(QueryError("22012", "x"), NotRun("gone")).status is Status.NOT_RUN


# -- report and exit codes --------------------------------------------------------------------


def _report(*verdicts: tuple[Outcome, Outcome]) -> DiffReport:
    report = DiffReport(
        primary="host=p",
        replica="host=r",
        primary_lsn="0/10",
        replica_lsn="0/10",
        replica_in_recovery=True,
    )
    for i, (p, r) in enumerate(verdicts):
        q = Query("SELECT a, b FROM t", f"f.sql:{i + 1}")
        report.results.append(
            QueryResult(q, p, r, compare(p, r, order_spec(q.sql)), fingerprint(q.sql))
        )
    return report


def test_exit_codes() -> None:
    ok = rs(("1", "x"))
    assert exit_code(_report((ok, ok), (QueryError("22012", "a"), QueryError("22012", "b")))) == 0
    assert exit_code(_report((ok, ok), (ok, rs(("1", "y"))))) == 1
    assert exit_code(_report((ok, QueryError("0A000", "no")))) == 0
    assert exit_code(_report((ok, QueryError("0A000", "no"))), fail_on_unsupported=True) == 1
    assert exit_code(_report((ok, NotRun("lost")))) == 2
    assert exit_code(_report((ok, NotRun("lost")), (ok, rs()))) == 1
    failed = _report()
    failed.could_not_run = "cannot connect"
    assert exit_code(failed) == 2


def test_json_schema() -> None:
    ok = rs(("1", "x"))
    report = _report((ok, ok), (ok, rs(("1", None))), (QueryError("22012", "a"), ok))
    out = io.StringIO()
    render(report, "json", out)
    data = json.loads(out.getvalue())
    assert set(data) == {
        "schema",
        "primary",
        "replica",
        "lsn",
        "could_not_run",
        "notes",
        "exit_code",
        "totals",
        "queries",
    }
    assert data["exit_code"] == 1
    assert data["totals"] == {
        "match": 1,
        "mismatch": 2,
        "unsupported": 0,
        "error": 0,
        "not_run": 0,
        "total": 3,
    }
    q = data["queries"][1]
    assert {k: q[k] for k in ("source", "status", "kind")} == {
        "source": "f.sql:2",
        "status": "mismatch",
        "kind": "rows",
    }
    assert q["fingerprint"] == fingerprint("SELECT a, b FROM t")
    assert q["diff"]["replica_only"] == [["1", None]]
    assert q["primary"]["columns"] == [{"name": "a", "type_oid": 23}, {"name": "b", "type_oid": 25}]
    assert data["queries"][0]["primary"]["rows"] == []  # passing queries carry no rows
    assert data["queries"][2]["primary"] == {"type": "error", "sqlstate": "22012", "message": "a"}
    assert to_json(report) == data


def test_text_report_names_differing_rows() -> None:
    report = _report((rs(("1", "x")), rs(("1", "[y]"))))
    out = io.StringIO()
    render(report, "text", out)
    text = out.getvalue()
    assert "f.sql:1" in text and "mismatch" in text and "[y]" in text and "exit 1" in text
    with pytest.raises(ValueError):
        render(report, "xml", io.StringIO())


# -- helpers ------------------------------------------------------------------------------------


def test_parse_lsn() -> None:
    assert parse_lsn("0/16EF4C8") == 0x16EF4C8
    assert parse_lsn("1/0") > parse_lsn("0/FFFFFFFF")
    with pytest.raises(ValueError):
        parse_lsn("16EF4C8")


def test_redact_drops_password() -> None:
    assert "secret" not in redact("host=h user=u password=secret")


def test_query_splitting_keeps_lines() -> None:
    text = "-- header\nSELECT 1;\n\nSELECT $$a;\nb$$; SELECT 'é'\n  ;\n"
    assert parse_queries(text, "f.sql") == [
        Query("SELECT 1", "f.sql:2"),
        Query("SELECT $$a;\nb$$", "f.sql:4"),
        Query("SELECT 'é'", "f.sql:5"),
    ]
    with pytest.raises(QueryFileError, match=r"f\.sql:2:3"):
        parse_queries("SELECT 1;\n  SELEC 2;", "f.sql")
    assert queries_from_option("SELECT 1") == [Query("SELECT 1", "--query")]
    assert [q.source for q in queries_from_option("SELECT 1; SELECT 2")] == [
        "--query#1",
        "--query#2",
    ]


rows_st = st.lists(
    st.tuples(st.sampled_from(["1", "2", "3"]), st.none() | st.text(max_size=2)), max_size=8
)


@given(rows_st, st.randoms())
def test_any_permutation_matches_without_order_by(rows: list[Row], rnd: random.Random) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert check("SELECT a, b FROM t", rs(*rows), rs(*shuffled)).status is Status.MATCH


@given(rows_st, st.randoms())
def test_tie_permutations_match_with_order_by(rows: list[Row], rnd: random.Random) -> None:
    ordered = sorted(rows, key=lambda r: str(r[0]))
    # Shuffle within each tie group: a valid alternative answer.
    alt: list[Row] = []
    for key in sorted({str(r[0]) for r in ordered}):
        group = [r for r in ordered if r[0] == key]
        rnd.shuffle(group)
        alt.extend(group)
    assert check("SELECT a, b FROM t ORDER BY a", rs(*ordered), rs(*alt)).status is Status.MATCH
