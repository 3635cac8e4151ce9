"""Transaction assembly (replica/decoder/assembler.py) on captured streams and hand-built ones.

The main oracle: replaying the assembled transactions into a tiny dict model of the tables must
reproduce exactly the final table contents the primary printed (the capture's ``.json``).
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replica.decoder import (
    UNCHANGED_TOAST,
    Begin,
    BeginPrepare,
    Commit,
    CommitPrepared,
    DecodeError,
    Delete,
    Event,
    Insert,
    Message,
    NonTransactionalMessage,
    PgOutputDecoder,
    PgOutputMessage,
    Prepare,
    Relation,
    RelationChanged,
    RelationColumn,
    RollbackPrepared,
    StreamAbort,
    StreamCommit,
    StreamPrepare,
    StreamStart,
    StreamStop,
    Transaction,
    TransactionAssembler,
    Truncate,
    TupleData,
    Type,
    TypeChanged,
    Update,
)
from replica.stream import XLogData, parse_copy_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pgoutput"
TEXT_CAPTURES = [("dml_v1", 15), ("dml_v1", 18), ("stream", 15), ("stream", 18),
                 ("stream_parallel", 18), ("twophase", 15), ("twophase", 18)]


def load(variant: str, major: int) -> tuple[list[tuple[PgOutputMessage, int]], dict[str, Any]]:
    path = FIXTURES / f"{variant}.pg{major}.bin"
    if not path.exists():
        pytest.skip(f"{path.name} not captured")
    meta = json.loads(path.with_suffix(".json").read_text())
    decoder = PgOutputDecoder(int(meta["options"]["proto_version"]))
    data, pos, out = path.read_bytes(), 0, []
    while pos < len(data):
        (n,) = struct.unpack_from("!I", data, pos)
        frame = parse_copy_data(data[pos + 4 : pos + 4 + n])
        pos += 4 + n
        if isinstance(frame, XLogData):
            out.append((decoder.decode(frame.data), frame.data_start))
    return out, meta


def assemble(msgs: list[tuple[PgOutputMessage, int]]) -> tuple[TransactionAssembler, list[Event]]:
    asm = TransactionAssembler()
    events: list[Event] = []
    for msg, lsn in msgs:
        events.extend(asm.feed(msg, lsn))
    assert not asm.in_transaction and asm.in_progress_xids == () and asm.prepared_gids == ()
    return asm, events


# -- the dict model --------------------------------------------------------------------------


def shown(value: object) -> object:
    """A value as the capture's JSON shows it."""
    assert value is not UNCHANGED_TOAST
    if value is None:
        return None
    assert isinstance(value, bytes)
    if len(value) > 256:
        return {"len": len(value), "md5": hashlib.md5(value).hexdigest()}
    return value.decode()


class Model:
    """Tables as lists of {column: raw value}; applies changes the way apply must."""

    def __init__(self) -> None:
        self.rels: dict[int, Relation] = {}
        self.rows: dict[int, list[dict[str, object]]] = {}

    def relation(self, rel: Relation) -> None:
        self.rels[rel.relid] = rel
        self.rows.setdefault(rel.relid, [])

    def _named(self, relid: int, tup: TupleData) -> dict[str, object]:
        cols = self.rels[relid].columns
        assert len(cols) == len(tup)
        return {c.name: v for c, v in zip(cols, tup, strict=True)}

    def _find(self, relid: int, kind: str | None, old: TupleData | None,
              new: TupleData) -> dict[str, object]:
        if kind == "O":  # REPLICA IDENTITY FULL: the whole old row identifies it
            assert old is not None
            want = self._named(relid, old)
            assert UNCHANGED_TOAST not in want.values()
        else:  # 'K' old key, or the key of the new tuple when the key did not change
            key = [c.name for c in self.rels[relid].columns if c.flags & 1]
            src = self._named(relid, old if old is not None else new)
            want = {k: src[k] for k in key}
        for row in self.rows[relid]:
            if all(row.get(k) == v for k, v in want.items()):
                return row
        raise AssertionError(f"row {want} not found in {relid}")

    def apply(self, change: object) -> None:
        match change:
            case Insert(relid=relid, new=new):
                self.rows[relid].append(self._named(relid, new))
            case Update(relid=relid, old_kind=kind, old=old, new=new):
                row = self._find(relid, kind, old, new)
                for col, v in self._named(relid, new).items():
                    if v is not UNCHANGED_TOAST:  # 'u': keep the stored value
                        row[col] = v
            case Delete(relid=relid, old_kind=kind, old=old):
                row = self._find(relid, kind, old, old)
                self.rows[relid].remove(row)
            case Truncate(relids=relids):
                for r in relids:
                    self.rows[r].clear()
            case Message():
                pass
            case _:
                raise AssertionError(change)

    def table(self, relid: int, columns: list[str]) -> list[list[object]]:
        rows = [[shown(row.get(c)) for c in columns] for row in self.rows.get(relid, [])]
        return sorted(rows, key=json.dumps)


def replay(events: list[Event]) -> Model:
    """Apply transactions in order, switching table shapes where ``schema_changes`` says.

    RelationChanged events are deliberately ignored: they arrive before the transaction that
    carries them, so following them would read that transaction's earlier changes with the
    later shape.
    """
    model = Model()
    for ev in events:
        if not isinstance(ev, Transaction):
            continue
        shapes = dict(ev.schema_changes and _group(ev.schema_changes))
        for i, change in enumerate(ev.changes):
            for rel in shapes.get(i, []):
                model.relation(rel)
            model.apply(change)
        for rel in shapes.get(len(ev.changes), []):
            model.relation(rel)
    return model


def _group(schema: tuple[tuple[int, Relation], ...]) -> dict[int, list[Relation]]:
    out: dict[int, list[Relation]] = {}
    for index, rel in schema:
        out.setdefault(index, []).append(rel)
    return out


@pytest.mark.parametrize(("variant", "major"), TEXT_CAPTURES)
def test_replay_reproduces_primary_tables(variant: str, major: int) -> None:
    msgs, meta = load(variant, major)
    _, events = assemble(msgs)
    model = replay(events)
    for table, info in meta["tables"].items():
        expected = sorted(info["rows"], key=json.dumps)
        assert model.table(info["relid"], info["columns"]) == expected, table


def test_relation_events_precede_changes_and_are_cached() -> None:
    msgs, meta = load("dml_v1", 18)
    asm, events = assemble(msgs)
    rel_events = [e for e in events if isinstance(e, RelationChanged)]
    assert {e.relation.relid for e in rel_events} == {t["relid"] for t in meta["tables"].values()}
    assert set(asm.relations) == {t["relid"] for t in meta["tables"].values()}
    assert [e.type.name for e in events if isinstance(e, TypeChanged)] == ["mood"]
    assert list(asm.types.values())[0].name == "mood"
    # child changed shape mid-transaction: schema_changes says from which change on
    child = meta["tables"]["child"]["relid"]
    assert asm.relations[child].columns[-1].name == "extra"
    (txn,) = [e for e in events if isinstance(e, Transaction)
              and {len(c.new) for c in e.changes if isinstance(c, Insert)} == {3, 4}]
    ((index, rel),) = [(i, r) for i, r in txn.schema_changes if i > 0]
    assert index == 1 and rel.relid == child and len(rel.columns) == 4
    assert [len(c.new) for c in txn.changes if isinstance(c, Insert)] == [3, 4]
    # and each RelationChanged event came before the Transaction that uses it
    first_txn = next(i for i, e in enumerate(events) if isinstance(e, Transaction))
    assert isinstance(events[first_txn - 1], RelationChanged)


@pytest.mark.parametrize("major", [15, 18])
def test_messages_and_origin(major: int) -> None:
    msgs, meta = load("dml_v1", major)
    facts = meta["facts"]
    _, events = assemble(msgs)
    non_txn = [e.msg.content.decode() for e in events if isinstance(e, NonTransactionalMessage)
               and e.msg.prefix == facts["message_prefix"]]
    assert non_txn == facts["non_transactional_messages"]
    txns = [e for e in events if isinstance(e, Transaction)]
    in_txn = [c.content.decode() for t in txns for c in t.changes if isinstance(c, Message)]
    assert in_txn == facts["transactional_messages"]
    with_origin = [t for t in txns if t.origin is not None]
    assert len(with_origin) == 1 and with_origin[0].origin is not None
    assert with_origin[0].origin.name == facts["origin_name"]
    assert all(t.commit_lsn < t.end_lsn for t in txns)
    assert [t.commit_lsn for t in txns] == sorted(t.commit_lsn for t in txns)


def tags(changes: list[Any]) -> set[str]:
    """The tag column (last column: big_t(id, payload, tag), tp(id, tag)) of inserts/updates."""
    return {c.new[-1].decode() for c in changes if isinstance(c, Insert | Update)}


@pytest.mark.parametrize(("variant", "major"), [("stream", 15), ("stream", 18),
                                                ("stream_parallel", 18)])
def test_streamed_aborts_are_discarded(variant: str, major: int) -> None:
    msgs, meta = load(variant, major)
    facts = meta["facts"]
    raw_tags = tags([m for m, _ in msgs])
    assert set(facts["absent_tags"]) <= raw_tags, "the aborted rows were streamed before abort"
    _, events = assemble(msgs)
    committed = tags([c for e in events if isinstance(e, Transaction) for c in e.changes])
    assert committed == set(facts["present_tags"])


def test_in_progress_state_is_visible_while_streaming() -> None:
    msgs, _ = load("stream", 18)
    asm = TransactionAssembler()
    seen_open = False
    for msg, lsn in msgs:
        asm.feed(msg, lsn)
        if isinstance(msg, StreamStop):
            seen_open = seen_open or bool(asm.in_progress_xids)
        if isinstance(msg, Begin):  # an ordinary txn interleaved with the open streamed one
            assert asm.in_progress_xids
    assert seen_open and asm.in_progress_xids == ()


@pytest.mark.parametrize("major", [15, 18])
def test_two_phase(major: int) -> None:
    msgs, meta = load("twophase", major)
    facts = meta["facts"]
    asm = TransactionAssembler()
    events: list[Event] = []
    held_at_some_point: set[str] = set()
    for msg, lsn in msgs:
        events.extend(asm.feed(msg, lsn))
        held_at_some_point |= set(asm.prepared_gids)
    assert held_at_some_point == set(facts["committed_gids"]) | set(facts["rolled_back_gids"])
    txns = [e for e in events if isinstance(e, Transaction)]
    assert [t.gid for t in txns if t.gid] == facts["committed_gids"]
    committed = tags([c for t in txns for c in t.changes])
    assert committed == set(facts["present_tags"])
    streamed = next(t for t in txns if t.gid == facts["streamed_gid"])
    rows = [r for r in meta["tables"]["tp"]["rows"] if r[1] == "prepared_streamed"]
    assert len(streamed.changes) == len(rows)


# -- hand-built sequences ----------------------------------------------------------------------

REL = Relation(1, "public", "t", "d", (RelationColumn(1, "id", 23, -1),))


def feed(asm: TransactionAssembler, *msgs: PgOutputMessage) -> list[Event]:
    out: list[Event] = []
    for m in msgs:
        out.extend(asm.feed(m, 0))
    return out


def test_ordinary_transaction() -> None:
    asm = TransactionAssembler()
    ins = Insert(1, (b"1",))
    ev = feed(asm, Begin(100, 5, 9), REL, ins, Commit(0, 100, 120, 5))
    assert ev == [RelationChanged(REL),
                  Transaction(9, 100, 120, 5, None, [ins], schema_changes=((0, REL),))]


@pytest.mark.parametrize("msgs", [
    [Commit(0, 1, 2, 3)],
    [REL, Insert(1, (b"1",))],
    [Begin(1, 0, 1), Insert(1, (b"1",))],
    [Begin(1, 0, 1), REL, Truncate((1, 2), False, False)],
    [Begin(1, 0, 1), Begin(2, 0, 2)],
    [Begin(1, 0, 1), Commit(0, 2, 3, 0)],
    [StreamCommit(5, 0, 1, 2, 3)],
    [StreamStart(5, False)],
    [StreamStart(5, True), StreamStop(), StreamStart(5, True)],
    [StreamAbort(5, 6)],
    [CommitPrepared(0, 1, 2, 3, 4, "nope")],
    [BeginPrepare(1, 2, 3, 4, "g"), Prepare(0, 1, 2, 3, 4, "other")],
    [BeginPrepare(1, 2, 3, 4, "g"), Commit(0, 1, 2, 3)],
    [BeginPrepare(1, 2, 3, 4, "g"), Prepare(0, 1, 2, 3, 4, "g"), BeginPrepare(1, 2, 3, 4, "g"),
     Prepare(0, 1, 2, 3, 4, "g")],
    [Begin(1, 0, 1), StreamStart(5, True)],
])
def test_protocol_violations(msgs: list[PgOutputMessage]) -> None:
    with pytest.raises(DecodeError):
        feed(TransactionAssembler(), *msgs)


def test_rollback_prepared_of_unknown_gid_is_ignored() -> None:
    asm = TransactionAssembler()
    assert feed(asm, RollbackPrepared(0, 1, 2, 3, 4, 5, "never-seen")) == []


def test_streamed_subtransaction_abort_and_stream_prepare() -> None:
    asm = TransactionAssembler()
    a, b, c = Insert(1, (b"1",), xid=5), Insert(1, (b"2",), xid=6), Insert(1, (b"3",), xid=7)
    feed(asm, StreamStart(5, True), REL, a, b, StreamStop(), StreamAbort(5, 6),
         StreamStart(5, False), c, StreamStop())
    assert asm.in_progress_xids == (5,)
    feed(asm, StreamPrepare(0, 10, 20, 30, 5, "g"))
    assert asm.prepared_gids == ("g",) and asm.in_progress_xids == ()
    held = asm.prepared("g")
    assert held is not None and held.changes == [a, c]
    (txn,) = feed(asm, CommitPrepared(0, 40, 50, 60, 5, "g"))
    assert txn == Transaction(5, 40, 50, 60, None, [a, c], gid="g", schema_changes=((0, REL),))
    assert asm.prepared_gids == ()


def test_top_level_stream_abort_drops_everything() -> None:
    asm = TransactionAssembler()
    feed(asm, StreamStart(5, True), REL, Insert(1, (b"1",), xid=5), StreamStop(),
         StreamAbort(5, 5))
    assert asm.in_progress_xids == ()
    with pytest.raises(DecodeError):
        feed(asm, StreamCommit(5, 0, 1, 2, 3))


def test_non_transactional_message_and_type() -> None:
    asm = TransactionAssembler()
    m = Message(False, 7, "p", b"x")
    t = Type(16385, "public", "mood")
    assert feed(asm, m, t) == [NonTransactionalMessage(m), TypeChanged(t)]


@settings(max_examples=200)
@given(st.data())
def test_random_subsequences_raise_only_decode_error(data: st.DataObject) -> None:
    msgs, _ = load(*data.draw(st.sampled_from(TEXT_CAPTURES)))
    picked = data.draw(st.lists(st.sampled_from(msgs), max_size=30))
    asm = TransactionAssembler()
    try:
        for msg, lsn in picked:
            asm.feed(msg, lsn)
    except DecodeError:
        pass
