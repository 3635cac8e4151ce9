"""Executor: compiled expressions and one module per plan operator.

Expressions are compiled once per query into Python closures (``compile_expr``); operators are
generators over row tuples, looked up by plan node class in ``OPERATORS`` (a miss refuses).
Must not import pglast, ``replica`` or ``wire``.
"""
