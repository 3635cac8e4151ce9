"""The apply fast paths agree with the full type input functions on canonical text, and
hand every other shape to them."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given

from engine import types as T
from replica.apply import converter_for

SETTINGS = T.DEFAULT_SETTINGS


def _full(oid: int, text: str) -> object:
    return T.type_by_oid(oid).input(text, -1)


@given(st.integers(min_value=-2451545, max_value=2147483494 - 2451545 - 1))
def test_date(days: int) -> None:
    text = T.type_by_oid(1082).output(days, SETTINGS)
    assert converter_for(1082, -1)(text.encode()) == days == _full(1082, text)


@given(st.integers(min_value=-211813488000000000, max_value=9223371331199999999))
def test_timestamps(us: int) -> None:
    for oid in (1114, 1184):
        text = T.type_by_oid(oid).output(us, SETTINGS)
        assert converter_for(oid, -1)(text.encode()) == us == _full(oid, text)


def test_offsets_and_specials() -> None:
    for text in ["2024-03-10 05:00:00+05:30", "1900-01-01 00:00:00+00:19:32",
                 "2024-01-01 00:00:00.5-08", "infinity", "-infinity",
                 "0044-03-15 12:00:00+00 BC", "12345-01-01 00:00:00+00"]:
        assert converter_for(1184, -1)(text.encode()) == _full(1184, text), text


@given(st.floats(allow_nan=False))
def test_float8(x: float) -> None:
    text = T.type_by_oid(701).output(x, T.FormatSettings(extra_float_digits=3))
    assert converter_for(701, -1)(text.encode()) == _full(701, text)


@given(st.decimals(allow_nan=False, places=4, min_value=-10**12, max_value=10**12))
def test_numeric(d: object) -> None:
    text = T.type_by_oid(1700).output(_full(1700, str(d)), SETTINGS)
    got = converter_for(1700, -1)(text.encode())
    want = _full(1700, text)
    assert got == want and str(got) == str(want)
