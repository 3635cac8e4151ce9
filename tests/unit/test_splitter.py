"""psql-aware splitting: quotes, dollar quotes, nested comments, COPY data, meta-commands."""

from __future__ import annotations

from replica.replay.splitter import MetaCommand, Statement, parse_bool, split_script


def sqls(text: str, variables: dict[str, str] | None = None) -> list[str]:
    return [i.sql for i in split_script(text, variables) if isinstance(i, Statement)]


def test_semicolons_inside_quotes_comments_and_dollar_quotes() -> None:
    text = (
        "SELECT 'a;b', \"x;y\" FROM t; -- c;d\n"
        "SELECT $$ ; $$, $tag$ $$ ; $tag$ /* a /* nested; */ still; */;\n"
        "SELECT E'it\\'s;' AS s;\n"
    )
    assert sqls(text) == [
        "SELECT 'a;b', \"x;y\" FROM t",
        "SELECT $$ ; $$, $tag$ $$ ; $tag$ /* a /* nested; */ still; */",
        "SELECT E'it\\'s;' AS s",
    ]


def test_parentheses_and_begin_atomic() -> None:
    text = (
        "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));\n"
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\n"
        "SELECT 3;\n"
    )
    out = sqls(text)
    assert len(out) == 3
    assert out[1].endswith("END; END")
    assert out[2] == "SELECT 3"


def test_lines_and_leading_comments() -> None:
    items = list(split_script("-- header\n\nSELECT 1;\n  -- x\nSELECT\n 2;\n"))
    assert [(i.line, i.sql) for i in items if isinstance(i, Statement)] == [
        (3, "SELECT 1"),
        (5, "SELECT\n 2"),
    ]


def test_copy_from_stdin_data_is_consumed() -> None:
    text = "COPY t FROM stdin;\n1\t'a';b\n2\t\\N\n\\.\nSELECT 1;\n"
    items = [i for i in split_script(text) if isinstance(i, Statement)]
    assert items[0].copy_data == "1\t'a';b\n2\t\\N\n"
    assert [i.sql for i in items] == ["COPY t FROM stdin", "SELECT 1"]


def test_variables_set_and_interpolated() -> None:
    text = (
        "\\set n 3\n\\set path :dir '/data/x.data'\n"
        "SELECT :n, :'path', :\"n\", :missing, 1::int, :{?n}, :{?nope};\n"
    )
    assert sqls(text, {"dir": "/srv"}) == [
        "SELECT 3, '/srv/data/x.data', \"3\", :missing, 1::int, TRUE, FALSE"
    ]


def test_getenv_and_unset() -> None:
    variables: dict[str, str] = {}
    text = "\\getenv src PG_SRC\n\\set a 1\n\\unset a\nSELECT :'src', :a;\n"
    out = [i.sql for i in split_script(text, variables, {"PG_SRC": "/x"})
           if isinstance(i, Statement)]
    assert out == ["SELECT '/x', :a"]


def test_gset_sends_buffer_and_later_statements_see_variables() -> None:
    variables: dict[str, str] = {}
    it = split_script("SELECT 42 AS v \\gset p_\nSELECT :p_v;\n", variables)
    first = next(it)
    assert isinstance(first, Statement)
    assert (first.sql, first.send, first.send_args) == ("SELECT 42 AS v", "gset", ("p_",))
    variables["p_v"] = "42"  # what the runner does with the result
    second = next(it)
    assert isinstance(second, Statement) and second.sql == "SELECT 42"


def test_meta_commands_yielded_and_display_ones_kept() -> None:
    items = list(split_script("\\pset null (null)\n\\d+ t\nSELECT 1 \\g\n\\x\n"))
    metas = [(i.name, i.args) for i in items if isinstance(i, MetaCommand)]
    assert metas == [("pset", ("null", "(null)")), ("d+", ("t",)), ("x", ())]
    stmts = [i for i in items if isinstance(i, Statement)]
    assert stmts[0].send == "g"


def test_if_elif_else() -> None:
    text = (
        "\\set flag on\n\\if :flag\nSELECT 1;\n\\else\nSELECT 2;\n\\endif\n"
        "\\if false\nSELECT 3;\n\\elif true\nSELECT 4;\n\\endif\n"
    )
    assert sqls(text) == ["SELECT 1", "SELECT 4"]


def test_quit_stops() -> None:
    assert sqls("SELECT 1;\n\\q\nSELECT 2;\n") == ["SELECT 1"]


def test_parse_bool() -> None:
    assert parse_bool("on") is True
    assert parse_bool("of") is None or parse_bool("of") is False
    assert parse_bool("t") is True
    assert parse_bool("0") is False
    assert parse_bool("maybe") is None


def test_pg_regress_test_setup_splits() -> None:
    """A smoke check on a real file when the shared corpus is present (skipped otherwise)."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2].parent / "shared/corpora/pg_regress/sql/test_setup.sql"
    if not path.exists():
        return
    items = list(split_script(path.read_text(), {}, {"PG_ABS_SRCDIR": "/src"}))
    stmts = [i for i in items if isinstance(i, Statement)]
    assert any("'/src/data/onek.data'" in s.sql for s in stmts)
    assert all(s.sql for s in stmts)


def test_backslash_semicolon_and_parse() -> None:
    items = list(split_script("SELECT 1 \\; SELECT 2;\nSELECT $1 \\parse s1\n\\bind_named s1 7 \\g\n"))
    stmts = [i for i in items if isinstance(i, Statement)]
    assert stmts[0].sql == "SELECT 1 ; SELECT 2"
    assert (stmts[1].sql, stmts[1].send, stmts[1].send_args) == ("SELECT $1", "parse", ("s1",))
    assert len(stmts) == 2  # \g after \bind_named does not re-send the previous buffer
