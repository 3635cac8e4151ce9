"""Physical plan trees. Each node is a dataclass; ``explain(plan)`` prints the tree as text.

Must not import pglast, ``replica`` or ``wire``.
"""
