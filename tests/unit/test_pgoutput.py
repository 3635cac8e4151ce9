"""pgoutput decoding (replica/decoder/pgoutput.py) on bytes captured from PostgreSQL 15 and 18.

Expected values come from the ``.json`` the capture script wrote from the primary.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
import struct
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replica.decoder import (
    UNCHANGED_TOAST,
    Begin,
    BinaryValue,
    Commit,
    DecodeError,
    Delete,
    Insert,
    Message,
    Origin,
    PgOutputDecoder,
    PgOutputMessage,
    Relation,
    StreamAbort,
    StreamStart,
    StreamStop,
    Truncate,
    Type,
    UnchangedToast,
    Update,
)
from replica.stream import XLogData, parse_copy_data, str_to_lsn

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pgoutput"


def payloads(path: Path) -> list[bytes]:
    data, pos, out = path.read_bytes(), 0, []
    while pos < len(data):
        (n,) = struct.unpack_from("!I", data, pos)
        out.append(data[pos + 4 : pos + 4 + n])
        pos += 4 + n
    return out


def load(variant: str, major: int) -> tuple[list[bytes], dict[str, Any]]:
    """The raw pgoutput messages (XLogData payloads) of a capture, and its metadata."""
    path = FIXTURES / f"{variant}.pg{major}.bin"
    if not path.exists():
        pytest.skip(f"{path.name} not captured")
    meta = json.loads(path.with_suffix(".json").read_text())
    raw = []
    for p in payloads(path):
        frame = parse_copy_data(p)
        if isinstance(frame, XLogData):
            raw.append(bytes(frame.data))
    return raw, meta


def decode_all(variant: str, major: int) -> tuple[list[PgOutputMessage], dict[str, Any]]:
    raw, meta = load(variant, major)
    decoder = PgOutputDecoder(int(meta["options"]["proto_version"]))
    msgs = [decoder.decode(r) for r in raw]
    assert not decoder.in_stream
    return msgs, meta


def all_captures() -> list[tuple[str, int]]:
    out = []
    for p in sorted(FIXTURES.glob("*.bin")):
        variant, _, major = p.name.removesuffix(".bin").rpartition(".pg")
        out.append((variant, int(major)))
    return out


CAPTURES = all_captures()
MAJORS = (15, 18)


def relid(meta: dict[str, Any], table: str) -> int:
    return int(meta["tables"][table]["relid"])


def kinds(msgs: list[PgOutputMessage]) -> Counter[str]:
    return Counter(type(m).__name__ for m in msgs)


def md5_len(value: object) -> dict[str, Any]:
    assert isinstance(value, bytes)
    return {"len": len(value), "md5": hashlib.md5(value).hexdigest()}


# -- whole captures --------------------------------------------------------------------------


@pytest.mark.parametrize(("variant", "major"), CAPTURES, ids=lambda v: str(v))
def test_every_capture_decodes(variant: str, major: int) -> None:
    msgs, meta = decode_all(variant, major)
    last = msgs[-1]
    assert isinstance(last, Message) and last.prefix == meta["end_marker"]


@pytest.mark.parametrize("major", MAJORS)
def test_dml_message_types(major: int) -> None:
    msgs, _ = decode_all("dml_v1", major)
    k = kinds(msgs)
    for name in ("Begin", "Commit", "Relation", "Type", "Insert", "Update", "Delete", "Truncate",
                 "Message", "Origin"):
        assert k[name] > 0, name
    assert k["Begin"] == k["Commit"]
    assert all(getattr(m, "xid", None) is None for m in msgs if not isinstance(m, Begin))


@pytest.mark.parametrize("major", MAJORS)
def test_relations_and_replica_identity(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    rels = {m.name: m for m in msgs if isinstance(m, Relation)}
    for table, info in meta["tables"].items():
        if table == "child":  # ALTER TABLE ADD COLUMN mid-stream: two shapes
            continue
        assert [c.name for c in rels[table].columns] == info["columns"]
        assert rels[table].relid == info["relid"] and rels[table].namespace == "public"
    assert rels["parent"].replica_identity == "d"
    assert [c.flags for c in rels["parent"].columns] == [1, 0, 0, 0, 0]
    assert rels["full_t"].replica_identity == "f"
    assert all(c.flags == 1 for c in rels["full_t"].columns)
    child_shapes = [tuple(c.name for c in m.columns) for m in msgs
                    if isinstance(m, Relation) and m.name == "child"]
    assert child_shapes[0] == ("id", "parent_id", "note")
    assert child_shapes[-1] == tuple(meta["tables"]["child"]["columns"])


@pytest.mark.parametrize("major", MAJORS)
def test_type_message_for_enum(major: int) -> None:
    msgs, _ = decode_all("dml_v1", major)
    types = [m for m in msgs if isinstance(m, Type)]
    assert [(t.namespace, t.name) for t in types] == [("public", "mood")]
    parent = next(m for m in msgs if isinstance(m, Relation) and m.name == "parent")
    assert parent.columns[3].type_oid == types[0].type_oid
    assert msgs.index(types[0]) < msgs.index(parent)


@pytest.mark.parametrize("major", MAJORS)
def test_unchanged_toast(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    facts = meta["facts"]
    parent, full = relid(meta, "parent"), relid(meta, "toast_full")
    toasty = next(m for m in msgs if isinstance(m, Insert) and m.relid == parent
                  and m.new[1] == b"toasty")
    assert md5_len(toasty.new[4]) == {"len": facts["big_len"], "md5": facts["big_md5"]}
    assert facts["big_len"] == 100_000
    upd = next(m for m in msgs if isinstance(m, Update) and m.relid == parent
               and m.new[1] == b"toasty")
    assert upd.old_kind is None and upd.new[4] is UNCHANGED_TOAST and upd.new[2] == b"6"
    # RI FULL: the old tuple carries the value, the new one says 'u' (never None)
    upd_full = next(m for m in msgs if isinstance(m, Update) and m.relid == full)
    expected_payload = meta["tables"]["toast_full"]["rows"][0][1]
    assert upd_full.old_kind == "O" and upd_full.old is not None
    assert md5_len(upd_full.old[1]) == expected_payload
    assert upd_full.new[1] is UNCHANGED_TOAST and upd_full.new[1] is not None


@pytest.mark.parametrize("major", MAJORS)
def test_key_change_sends_old_key(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    parent = relid(meta, "parent")
    upd = next(m for m in msgs if isinstance(m, Update) and m.relid == parent
               and m.new[1] == b"bob")
    assert upd.old_kind == "K" and upd.old == (b"2", None, None, None, None)
    final_bob = next(r for r in meta["tables"]["parent"]["rows"] if r[1] == "bob")
    assert upd.new[0] == final_bob[0].encode()
    dele = next(m for m in msgs if isinstance(m, Delete) and m.relid == parent)
    assert dele.old_kind == "K" and dele.old[1:] == (None,) * 4


@pytest.mark.parametrize("major", MAJORS)
def test_full_identity_update_and_delete(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    full = relid(meta, "full_t")
    upd = next(m for m in msgs if isinstance(m, Update) and m.relid == full)
    assert upd.old_kind == "O" and upd.old == (b"2", None, b"2.25")
    assert upd.new == (b"2", None, b"9.75")
    dele = next(m for m in msgs if isinstance(m, Delete) and m.relid == full)
    assert dele.old_kind == "O" and dele.old == (b"1", b"x", b"1.5")


@pytest.mark.parametrize("major", MAJORS)
def test_truncate(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    (trunc,) = [m for m in msgs if isinstance(m, Truncate)]
    assert set(trunc.relids) == {relid(meta, "tr_a"), relid(meta, "tr_b")}
    assert trunc.cascade and trunc.restart_identity and trunc.options == 3


@pytest.mark.parametrize("major", MAJORS)
def test_logical_messages(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    facts = meta["facts"]
    mine = [m for m in msgs if isinstance(m, Message) and m.prefix == facts["message_prefix"]]
    assert [m.content.decode() for m in mine if m.transactional] == facts["transactional_messages"]
    assert [m.content.decode() for m in mine if not m.transactional] == \
        facts["non_transactional_messages"]
    sent = {m.content for m in msgs if isinstance(m, Message)}
    sent |= {v for m in msgs if isinstance(m, Insert) for v in m.new if isinstance(v, bytes)}
    assert b"with message" in sent
    for absent in facts["never_sent"]:
        assert absent.encode() not in sent


@pytest.mark.parametrize("major", MAJORS)
def test_origin(major: int) -> None:
    msgs, meta = decode_all("dml_v1", major)
    (origin,) = [m for m in msgs if isinstance(m, Origin)]
    assert origin.name == meta["facts"]["origin_name"]
    assert origin.commit_lsn == str_to_lsn(meta["facts"]["origin_lsn"])
    assert isinstance(msgs[msgs.index(origin) - 1], Begin)


@pytest.mark.parametrize("major", MAJORS)
def test_binary_values(major: int) -> None:
    msgs, meta = decode_all("dml_binary", major)
    parent = relid(meta, "parent")
    inserts = [m for m in msgs if isinstance(m, Insert) and m.relid == parent]
    for ins in inserts:
        assert all(v is None or isinstance(v, BinaryValue) for v in ins.new)
    ids = sorted(struct.unpack("!i", ins.new[0].data)[0] for ins in inserts
                 if isinstance(ins.new[0], BinaryValue))
    assert ids == [1, 2, 3, 4, 5]
    names = [ins.new[1].data.decode() for ins in inserts if isinstance(ins.new[1], BinaryValue)]
    final_names = {r[1] for r in meta["tables"]["parent"]["rows"]}
    assert "toasty" in names and "zoë \"q\" 'x'" in final_names & set(names)
    upd = next(m for m in msgs if isinstance(m, Update) and m.relid == parent
               and m.new[1] == BinaryValue(b"toasty"))
    assert upd.new[4] is UNCHANGED_TOAST


@pytest.mark.parametrize("variant,major", [("stream", 15), ("stream", 18),
                                           ("stream_parallel", 18), ("twophase", 15),
                                           ("twophase", 18)])
def test_streamed_messages_carry_xid(variant: str, major: int) -> None:
    msgs, _ = decode_all(variant, major)
    inside = False
    for m in msgs:
        match m:
            case StreamStart():
                inside = True
            case StreamStop():
                inside = False
            case Insert() | Update() | Delete() | Relation():
                assert (m.xid is not None) == inside
            case _:
                pass
    assert kinds(msgs)["StreamStart"] == kinds(msgs)["StreamStop"] > 0


@pytest.mark.parametrize("major", MAJORS)
def test_stream_aborts(major: int) -> None:
    msgs, _ = decode_all("stream", major)
    aborts = [m for m in msgs if isinstance(m, StreamAbort)]
    assert any(a.subxid != a.xid for a in aborts), "no subtransaction abort"
    assert any(a.subxid == a.xid for a in aborts), "no top-level abort"
    assert all(a.abort_lsn is None and a.abort_ts is None for a in aborts)
    assert kinds(msgs)["StreamCommit"] == 1


def test_parallel_stream_abort_has_lsn_and_ts() -> None:
    msgs, _ = decode_all("stream_parallel", 18)
    aborts = [m for m in msgs if isinstance(m, StreamAbort)]
    assert aborts and all(a.abort_lsn and a.abort_ts for a in aborts)
    commits = [m for m in msgs if isinstance(m, Commit)]
    assert all(a.abort_ts > commits[0].commit_ts for a in aborts if a.abort_ts)


@pytest.mark.parametrize("major", MAJORS)
def test_two_phase_messages(major: int) -> None:
    msgs, meta = decode_all("twophase", major)
    k = kinds(msgs)
    for name in ("BeginPrepare", "Prepare", "CommitPrepared", "RollbackPrepared",
                 "StreamPrepare"):
        assert k[name] > 0, name
    gids = {getattr(m, "gid", None) for m in msgs} - {None}
    facts = meta["facts"]
    assert gids == set(facts["committed_gids"]) | set(facts["rolled_back_gids"])


# -- values and hand-built edge cases --------------------------------------------------------


def test_unchanged_toast_singleton() -> None:
    assert repr(UNCHANGED_TOAST) == "UNCHANGED_TOAST"
    assert UnchangedToast() is UNCHANGED_TOAST
    assert UNCHANGED_TOAST is not None and UNCHANGED_TOAST != None  # noqa: E711
    assert pickle.loads(pickle.dumps(UNCHANGED_TOAST)) is UNCHANGED_TOAST


def tup(*cols: bytes) -> bytes:
    return struct.pack("!H", len(cols)) + b"".join(cols)


def text(v: bytes) -> bytes:
    return b"t" + struct.pack("!I", len(v)) + v


def test_insert_all_tuple_kinds_and_memoryview() -> None:
    raw = b"I" + struct.pack("!I", 42) + b"N" + tup(
        text(b"1"), b"n", b"u", b"b" + struct.pack("!I", 2) + b"\x00\x01", text(b""))
    msg = PgOutputDecoder().decode(memoryview(raw))
    assert msg == Insert(42, (b"1", None, UNCHANGED_TOAST, BinaryValue(b"\x00\x01"), b""))
    assert type(msg.new[0]) is bytes if isinstance(msg, Insert) else False


def test_stream_xid_prefix_and_state() -> None:
    d = PgOutputDecoder(2)
    assert d.decode(b"S" + struct.pack("!IB", 7, 1)) == StreamStart(7, True)
    assert d.in_stream and d.stream_xid == 7
    ins = d.decode(b"I" + struct.pack("!II", 8, 42) + b"N" + tup(text(b"x")))
    assert ins == Insert(42, (b"x",), xid=8)
    assert d.decode(b"E") == StreamStop() and not d.in_stream
    assert d.decode(b"I" + struct.pack("!I", 42) + b"N" + tup(b"n")) == Insert(42, (None,))


def test_stream_abort_v4_without_parallel_fields() -> None:
    raw = b"A" + struct.pack("!II", 5, 6)
    assert PgOutputDecoder(4).decode(raw) == StreamAbort(5, 6)
    assert PgOutputDecoder(4).decode(raw + struct.pack("!Qq", 99, 100)) == \
        StreamAbort(5, 6, 99, 100)
    with pytest.raises(DecodeError, match="trailing"):
        PgOutputDecoder(3).decode(raw + struct.pack("!Qq", 99, 100))


@pytest.mark.parametrize(("raw", "version", "match"), [
    (b"", 1, "empty"),
    (b"Z", 1, "unknown pgoutput message type b'Z'"),
    (b"S" + struct.pack("!IB", 1, 1), 1, "needs proto_version >= 2"),
    (b"b" + bytes(28) + b"g\x00", 2, "needs proto_version >= 3"),
    (b"E", 2, "not allowed outside"),
    (b"I" + struct.pack("!I", 1) + b"N" + tup(b"x"), 1, "unknown TupleData kind b'x' at offset 8"),
    (b"I" + struct.pack("!I", 1) + b"N" + tup(b"t\x00\x00\x00\x09abc"), 1, "past the end"),
    (b"I" + struct.pack("!I", 1) + b"X" + tup(), 1, "expected 'N'"),
    (b"I" + struct.pack("!I", 1) + b"N" + tup(text(b"a")) + b"!", 1, "trailing bytes at offset"),
    (b"D" + struct.pack("!I", 1) + b"N" + tup(), 1, "expected 'K' or 'O'"),
    (b"C\x01" + bytes(24), 1, "unrecognized flags 1"),
    (b"B" + bytes(10), 1, "malformed Begin message"),
    (b"R" + struct.pack("!I", 1) + b"public", 1, "unterminated String"),
    (b"R" + struct.pack("!I", 1) + b"s\x00t\x00z\x00\x00", 1, "replica identity"),
    (b"T" + struct.pack("!IB", 1000, 0), 1, "run past the end"),
    (b"M\x00" + bytes(8) + b"p\x00" + struct.pack("!I", 5) + b"ab", 1, "runs past the end"),
    (b"O" + bytes(8) + b"\xff\xfe\x00", 1, "malformed Origin"),
])
def test_malformed_messages(raw: bytes, version: int, match: str) -> None:
    with pytest.raises(DecodeError, match=match):
        PgOutputDecoder(version).decode(raw)


def test_begin_inside_stream_rejected() -> None:
    d = PgOutputDecoder(2)
    d.decode(b"S" + struct.pack("!IB", 7, 1))
    with pytest.raises(DecodeError, match="not allowed inside"):
        d.decode(b"B" + bytes(20))
    with pytest.raises(DecodeError, match="not allowed inside"):
        d.decode(b"S" + struct.pack("!IB", 7, 0))


def test_bad_proto_version() -> None:
    with pytest.raises(ValueError):
        PgOutputDecoder(5)


# -- fuzzing ---------------------------------------------------------------------------------


def _real_messages() -> list[tuple[bytes, int, bool]]:
    """(message, proto_version, inside_stream) for every distinct real message shape."""
    out, seen = [], set()
    for variant, major in CAPTURES:
        raw, meta = load(variant, major)
        d = PgOutputDecoder(int(meta["options"]["proto_version"]))
        for r in raw:
            key = (r[:1], d.in_stream, variant)
            inside = d.in_stream
            d.decode(r)
            if key not in seen or len(seen) < 400:
                seen.add(key)
                out.append((r[:4096], d.proto_version, inside))
    return out


REAL = _real_messages()


def _fresh(version: int, inside: bool) -> PgOutputDecoder:
    d = PgOutputDecoder(version)
    if inside:
        d.decode(b"S" + struct.pack("!IB", 1, 1))
    return d


@settings(max_examples=300)
@given(st.sampled_from(REAL), st.data())
def test_truncated_real_messages_raise_decode_error(real: tuple[bytes, int, bool],
                                                    data: st.DataObject) -> None:
    raw, version, inside = real
    cut = data.draw(st.integers(0, max(0, len(raw) - 1)))
    try:
        _fresh(version, inside).decode(raw[:cut])
    except DecodeError:
        return
    # a prefix can only decode if it is itself a complete message (e.g. Stream Stop)
    assert cut > 0


@settings(max_examples=300)
@given(st.sampled_from(REAL), st.data())
def test_mutated_real_messages_raise_only_decode_error(real: tuple[bytes, int, bool],
                                                       data: st.DataObject) -> None:
    raw, version, inside = real
    buf = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        if buf:
            buf[data.draw(st.integers(0, len(buf) - 1))] = data.draw(st.integers(0, 255))
    with contextlib.suppress(DecodeError):
        _fresh(version, inside).decode(bytes(buf))


@settings(max_examples=500)
@given(st.binary(max_size=80), st.sampled_from([1, 2, 3, 4]), st.booleans())
def test_random_bytes_raise_only_decode_error(raw: bytes, version: int, inside: bool) -> None:
    with contextlib.suppress(DecodeError):
        _fresh(version if not inside else max(version, 2), inside).decode(raw)
