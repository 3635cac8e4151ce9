"""Builtin function families (see ``engine.types.base`` for the contract each module follows).

Importing a family module first imports the type registry, so that discovery never sees a
half-initialised family (the registry imports every family module itself).
Must not import ``replica`` or ``wire``.
"""

import engine.types  # noqa: F401
