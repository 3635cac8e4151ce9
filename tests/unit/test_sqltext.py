"""engine.sqltext: the text rewrite for standard_conforming_strings = off. What PostgreSQL
answers is checked against a live server in tests/integration/test_engine_vs_primary.py
(test_standard_conforming_strings_off); these pin the lexing itself."""

from __future__ import annotations

import pytest

from engine.errors import EngineError
from engine.sqltext import nonstandard_strings
from replica.replay.splitter import split_script


@pytest.mark.parametrize(("sql", "expected"), [
    ("select 'a'", "select E'a'"),
    ("select 'a\\'b', 'c'", "select E'a\\'b', E'c'"),
    ("select e'x\\'', 'y'", "select e'x\\'', E'y'"),
    ("select b'101', x'1f', 'z'", "select b'101', x'1f', E'z'"),
    ("select $$it's$$, $t$'$t$, 'q'", "select $$it's$$, $t$'$t$, E'q'"),
    ("select 1 -- it's\n, 'k'", "select 1 -- it's\n, E'k'"),
    ("select /* it's /* nested ' */ */ 'k'", "select /* it's /* nested ' */ */ E'k'"),
    ('select "it\'s", \'k\'', 'select "it\'s", E\'k\''),
    ("select 'con'\n'tin\\'ued'", "select E'con'\n'tin\\'ued'"),
    ("select N'n'", "select NCHAR E'n'"),
    ("select $1 || 'a'", "select $1 || E'a'"),
    ("select no_quotes", "select no_quotes"),
    ("select 'a''b'", "select E'a''b'"),
])
def test_plain_literals_become_escape_strings(sql: str, expected: str) -> None:
    assert nonstandard_strings(sql) == expected


def test_unicode_escape_strings_are_rejected_as_postgres_does() -> None:
    with pytest.raises(EngineError) as exc:
        nonstandard_strings("select U&'d\\0061t'")
    assert exc.value.sqlstate == "0A000"
    assert nonstandard_strings('select 1 as U&"x"') == 'select 1 as U&"x"'


def test_splitter_follows_the_server_setting() -> None:
    text = "select 'a\\'; select 1;"
    assert [s.sql for s in split_script(text)] == ["select 'a\\'", "select 1"]
    assert [s.sql for s in split_script(text, std_strings=lambda: False)] == [
        "select 'a\\'; select 1;"]
