"""Generated builtin catalog rows (see tools/gen_catalog.py)."""
