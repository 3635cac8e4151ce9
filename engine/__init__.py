"""pgshadow's SQL engine: catalog, commit-LSN MVCC storage, parse → bind → plan → execute.

Knows nothing of replication or sockets: must not import ``replica`` or ``wire``.
"""
