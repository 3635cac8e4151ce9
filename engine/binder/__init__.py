"""Binder: pglast parse trees → bound, typed trees (``engine.binder.bound``).

The only package that touches pglast's camelCase node fields. Must not import ``replica``/``wire``.
"""
