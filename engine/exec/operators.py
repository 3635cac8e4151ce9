"""Registry of plan-node executors: node class → function(node, ctx) → iterator of rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import FeatureNotSupported
from engine.exec.context import ExecContext

Rows = Iterator[tuple[Any, ...]]
Executor = Callable[[Any, ExecContext], Rows]
OPERATORS: dict[type, Executor] = {}


def executes(node_type: type) -> Callable[[Executor], Executor]:
    def register(fn: Executor) -> Executor:
        OPERATORS[node_type] = fn
        return fn

    return register


def run(node: Any, ctx: ExecContext) -> Rows:
    executor = OPERATORS.get(type(node))
    if executor is None:
        raise FeatureNotSupported(f"plan node {type(node).__name__} cannot be executed")
    return executor(node, ctx)
