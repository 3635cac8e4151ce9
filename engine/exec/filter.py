"""Filter: keep rows whose predicate is true (not false, not NULL); and its hashed form
inside correlated sub-selects."""

from __future__ import annotations

from engine.exec.context import ExecContext
from engine.exec.expr import compile_expr
from engine.exec.operators import Rows, executes, run
from engine.plan.nodes import Filter, HashLookupFilter


@executes(Filter)
def run_filter(node: Filter, ctx: ExecContext) -> Rows:
    pred = compile_expr(node.predicate, ctx)
    return (row for row in run(node.child, ctx) if pred(row) is True)


@executes(HashLookupFilter)
def run_hash_lookup_filter(node: HashLookupFilter, ctx: ExecContext) -> Rows:
    fn = node.key_fn
    table = ctx.hash_tables.get(id(node))
    if table is None:
        local = compile_expr(node.local_key, ctx)
        table = {}
        for row in run(node.child, ctx):
            v = local(row)
            if v is not None:  # NULL = anything is never true
                table.setdefault(fn(v), []).append(row)
        ctx.hash_tables[id(node)] = table
    value = compile_expr(node.outer_key, ctx)(())  # reads only the enclosing rows
    if value is None:
        return
    rest = compile_expr(node.rest, ctx) if node.rest is not None else None
    for row in table.get(fn(value), ()):
        if rest is None or rest(row) is True:
            yield row
