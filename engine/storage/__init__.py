"""MVCC storage: row versions stamped by commit LSN. Must not import ``replica`` or ``wire``."""
