"""Model-based test of commit-LSN MVCC storage: every snapshot ever published keeps seeing
exactly the rows a dict model had at that LSN, whatever apply does afterwards."""

from __future__ import annotations

from collections import Counter

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from engine.storage.table_store import RowNotFound, TableStore

KEYS = st.integers(min_value=0, max_value=15)
VALUES = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3))


class StoreMachine(RuleBasedStateMachine):
    """Keyed table (replica identity = column 0) applied one transaction per rule."""

    def __init__(self) -> None:
        super().__init__()
        self.store = TableStore(key=(0,), ncols=2)
        self.model: dict[int, tuple[object, ...]] = {}
        self.lsn = 100
        self.history: dict[int, Counter[tuple[object, ...]]] = {self.lsn: Counter()}

    def _commit(self) -> None:
        self.history[self.lsn] = Counter(self.model.values())

    @rule(key=KEYS, value=VALUES)
    def insert_or_update(self, key: int, value: object) -> None:
        self.lsn += 8
        row = (key, value)
        if key in self.model:
            pos = self.store.find((key,))
            self.store.delete_at(pos, self.lsn)
        self.store.insert(row, self.lsn)
        self.model[key] = row
        self._commit()

    @rule(key=KEYS)
    def delete(self, key: int) -> None:
        self.lsn += 8
        if key not in self.model:
            try:
                self.store.find((key,))
            except RowNotFound:
                return
            raise AssertionError("store found a row the model does not have")
        self.store.delete_at(self.store.find((key,)), self.lsn)
        del self.model[key]
        self._commit()

    @rule(a=KEYS, b=KEYS)
    def two_changes_one_commit(self, a: int, b: int) -> None:
        """Several versions of one key inside a single transaction: only the last survives."""
        self.lsn += 8
        for key, value in ((a, "first"), (b, "second"), (a, "third")):
            if key in self.model:
                self.store.delete_at(self.store.find((key,)), self.lsn)
            self.store.insert((key, value), self.lsn)
            self.model[key] = (key, value)
        self._commit()

    @rule()
    def truncate(self) -> None:
        self.lsn += 8
        self.store.truncate(self.lsn)
        self.model.clear()
        self._commit()

    @invariant()
    def every_snapshot_is_stable(self) -> None:
        for snap, expected in self.history.items():
            assert Counter(self.store.scan(snap)) == expected
            assert self.store.count(snap) == sum(expected.values())
        assert self.store.live_count == len(self.model)


StoreMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30,
                                          deadline=None)
TestStore = StoreMachine.TestCase


def test_full_identity_duplicates_delete_one() -> None:
    """REPLICA IDENTITY FULL with two identical rows: deleting one leaves exactly one."""
    store = TableStore(key=(), ncols=2)
    store.insert(("a", 1), 10)
    store.insert(("a", 1), 10)
    store.delete_at(store.find(("a", 1)), 20)
    assert list(store.scan(20)) == [("a", 1)]
    assert list(store.scan(10)) == [("a", 1), ("a", 1)]


def test_snapshot_before_commit_sees_nothing_new() -> None:
    store = TableStore(key=(0,), ncols=1)
    store.insert((1,), 50)
    assert list(store.scan(49)) == []
    assert list(store.scan(50)) == [(1,)]
