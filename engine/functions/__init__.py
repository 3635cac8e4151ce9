"""Builtin function families (see ``engine.types.base`` for the contract each module follows).

Must not import ``replica`` or ``wire``.
"""
