"""Commit-LSN MVCC storage for one table.

Theory of operation. Every row version lives in three parallel lists: the value tuple, the
commit LSN that created it (``xmin``) and the commit LSN that deleted it (``xmax``, ``LIVE``
while it is current). A reader's snapshot is an applied commit LSN ``s``; a version is visible to
it when ``xmin <= s < xmax``. Apply writes a whole committed transaction at once, stamping its
versions with that transaction's commit LSN, which is greater than every snapshot handed out so
far; only after the whole transaction is written does the database publish the new applied LSN.
So readers never see half a transaction and apply never waits for readers. (Reclaiming versions
below the oldest snapshot in use is a later step; nothing is reclaimed yet.)

Rows are located for UPDATE/DELETE through ``index``: replica-identity key → positions of
current versions (a list, because a table with REPLICA IDENTITY FULL may hold duplicate rows).

Must not import ``replica`` or ``wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

LIVE = (1 << 64) - 1  # xmax of a current version: greater than any LSN

Row = tuple[Any, ...]


class RowNotFound(LookupError):
    """An UPDATE/DELETE named a row the store does not hold: the replica has diverged."""


class TableStore:
    __slots__ = ("rows", "xmin", "xmax", "index", "key", "live_count")

    def __init__(self, key: Sequence[int], ncols: int) -> None:
        self.rows: list[Row] = []
        self.xmin: list[int] = []
        self.xmax: list[int] = []
        self.index: dict[Row, list[int]] = {}
        # Without a replica-identity key, the whole row is the key (REPLICA IDENTITY FULL).
        self.key: tuple[int, ...] = tuple(key) if key else tuple(range(ncols))
        self.live_count = 0

    def key_of(self, row: Sequence[Any]) -> Row:
        return tuple(row[i] for i in self.key)

    # --- writes (called by the apply path only) ---------------------------------------------

    def insert(self, row: Row, lsn: int) -> None:
        pos = len(self.rows)
        # Stamps first, row last: a concurrent reader bounds its scan by len(rows), so every
        # row it can reach already has its stamps.
        self.xmin.append(lsn)
        self.xmax.append(LIVE)
        self.rows.append(row)
        k = tuple(row[i] for i in self.key)
        slot = self.index.get(k)
        if slot is None:
            self.index[k] = [pos]
        else:
            slot.append(pos)
        self.live_count += 1

    def find(self, key: Row) -> int:
        """Position of the current version with this key."""
        slot = self.index.get(key)
        if not slot:
            raise RowNotFound(f"no current row with key {key!r}")
        return slot[-1]

    def delete_at(self, pos: int, lsn: int) -> Row:
        row = self.rows[pos]
        self.xmax[pos] = lsn
        k = tuple(row[i] for i in self.key)
        slot = self.index[k]
        slot.remove(pos)
        if not slot:
            del self.index[k]
        self.live_count -= 1
        return row

    def truncate(self, lsn: int) -> None:
        xmax = self.xmax
        for slot in self.index.values():
            for pos in slot:
                xmax[pos] = lsn
        self.index.clear()
        self.live_count = 0

    def remapped(self, key: Sequence[int], ncols: int,
                 remap: Callable[[Row], Row]) -> TableStore:
        """A copy with every version (live and dead, stamps kept) passed through ``remap``:
        how a table follows a change of shape without losing history or uncommitted work."""
        new = TableStore(key, ncols)
        for row, lo, hi in zip(self.rows, self.xmin, self.xmax, strict=False):
            if hi == LIVE:
                new.insert(remap(row), lo)
            else:
                new.xmin.append(lo)
                new.xmax.append(hi)
                new.rows.append(remap(row))
        return new

    # --- reads --------------------------------------------------------------------------------

    def scan(self, snapshot: int) -> Iterator[Row]:
        """Rows visible at ``snapshot``, in insertion order."""
        rows, xmin, xmax = self.rows, self.xmin, self.xmax
        n = len(rows)  # versions appended after this point belong to later commits
        for i in range(n):
            if xmin[i] <= snapshot < xmax[i]:
                yield rows[i]

    def count(self, snapshot: int) -> int:
        xmin, xmax = self.xmin, self.xmax
        return sum(1 for i in range(len(self.rows)) if xmin[i] <= snapshot < xmax[i])
