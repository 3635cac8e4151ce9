"""Name scopes for binding: the FROM items visible to an expression and the per-statement
binding context. Must not import ``replica`` or ``wire``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from engine import usertypes
from engine.binder.bound import AggCall, BoundExpr, ColumnRef, OuterRef, SubqueryExpr
from engine.catalog import UNKNOWN_COLLATION, Catalog
from engine.errors import AmbiguousColumn, EngineError, FeatureNotSupported, UndefinedColumn
from engine.types import FormatSettings


@dataclass(frozen=True, slots=True)
class RangeColumn:
    name: str
    type_oid: int
    typmod: int = -1
    table_oid: int = 0
    attnum: int = 0
    collation: str | None = None  # a table column's non-default collation (attcollation)


@dataclass
class RangeEntry:
    """One FROM item: its alias, its columns, and where they start in the joined row."""

    alias: str | None
    columns: list[RangeColumn]
    offset: int = 0
    table_oid: int = 0
    # USING/NATURAL join columns merged into one visible name: name -> expression
    merged: dict[str, BoundExpr] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    unreadable: set[int] = field(default_factory=set)  # columns whose type was unsupported
    system_columns: bool = False  # a table (ctid, tableoid, ... exist but are not served)
    rowtype: int = 2249  # the type of a whole-row reference to it (RECORD, or a composite)
    outer_joined: bool = False  # inside an outer join (its row may be NULL-extended)
    relation: str = ""  # a table or view ("schema.name"): its row type is the relation's
    scalar_function: bool = False  # a function of one non-composite column (makeWholeRowVar)
    # a relation named without an alias: its qualified name (two such of different
    # relations may share a name, as in checkNameSpaceConflicts)
    unaliased: str = ""
    qualified_only: bool = False  # a JOIN USING alias: only ``alias.column`` reads it

    def column(self, i: int) -> ColumnRef:
        col = self.columns[i]
        if i in self.unreadable:
            from engine.binder.resolve import type_name  # noqa: PLC0415

            raise FeatureNotSupported(
                f'column "{col.name}" has type {type_name(col.type_oid)}, which is not supported')
        type_oid, typmod = col.type_oid, col.typmod
        while (domain := usertypes.domain_of(type_oid)) is not None:
            # a domain's value is its base type's in every expression (getBaseType)
            type_oid, typmod = domain.base_oid, domain.base_typmod
        return ColumnRef(self.offset + i, type_oid, col.name, typmod)


@dataclass
class BindContext:
    """Per-statement state shared by every scope of the statement."""

    catalog: Catalog
    search_path: tuple[str, ...]
    settings: FormatSettings
    params: list[int]
    ctes: list[dict[str, Any]] = field(default_factory=list)
    next_ident: int = 0
    readable: set[int] = field(default_factory=set)  # tables read (checked for taint)
    infer_params: bool = True  # extended protocol: $n types may be inferred from context
    table_lookup: Any = None  # (schema, name, search_path) -> TableDef; default: catalog
    unreadable: Any = None  # table oid -> names of columns holding unconvertible text
    object_exists: Any = None  # (kind, name) -> the primary defines such a user object
    table_shape: Any = None  # TableDef -> its column collations; raises when it changed shape
    # sub-selects being bound, innermost last: [query level inside it, correlated?]
    sublinks: list[list[Any]] = field(default_factory=list)
    # id(entries) of SELECT scopes whose columns a sub-select read from its select list or
    # ORDER BY: valid only while that query is not grouped (checked once it is bound)
    needs_ungrouped: set[int] = field(default_factory=set)

    def refuse_if_user_object(self, kind: str, name: str) -> None:
        """A name the primary defines (as a user object) is refused: the shadow cannot run
        the object, nor know PostgreSQL would not pick it."""
        if self.object_exists is not None and self.user_object(kind, name):
            raise FeatureNotSupported(
                f'{kind} "{name}" is user-defined on the primary; user-defined {kind}s are '
                "not supported")

    def user_object(self, kind: str, name: str) -> bool:
        """Whether the primary defines such a user object (asked once per statement)."""
        key = (kind, name)
        if key not in self.user_names:
            self.user_names[key] = bool(self.object_exists(kind, name))
        return self.user_names[key]

    user_names: dict[tuple[str, str], bool] = field(default_factory=dict)
    # collations met in the statement: COLLATE clauses and the non-default collations of
    # the table columns it reads (see use_collation)
    collations: set[str] = field(default_factory=set)
    # relation kinds restrict_nonsystem_relation_kind forbids ("view", "foreign-table")
    restricted_kinds: frozenset[str] = frozenset()
    collation: str = "C"  # the database's default collation (datcollate)
    ctype: str = "C"  # and its character classification (datctype)

    def check_ordering(self, type_oid: int) -> None:
        """Text ordering is reproduced only for code-point collations (C, POSIX, C.UTF-8):
        anything else is refused rather than sorted the wrong way."""
        if self.collation in ORDERING_SAFE or not _collatable(type_oid):
            return
        raise FeatureNotSupported(
            f'text ordering under collation "{self.collation}" is not supported (only C)')

    def use_collation(self, name: str) -> None:
        """A collation the statement uses. PostgreSQL derives each expression's collation
        (parse_collate.c: explicit beats implicit, a non-default implicit one beats the
        default, two different implicit ones conflict and fail where a collation is needed).
        That derivation is not reproduced: a statement meeting more than one collation is
        refused, whether or not they would meet in one expression. The collations served
        all order by code point and map case as C does."""
        if name not in SERVED_COLLATIONS:
            raise FeatureNotSupported(f'collation "{name}" is not supported (only "C" and '
                                      '"POSIX")')
        self.collations.add(name)
        if len(self.collations) > 1:
            a, b = sorted(self.collations)[:2]
            raise FeatureNotSupported(f'collations "{a}" and "{b}" in one statement are not '
                                      "supported yet (collation derivation)")

    def use_column(self, col: RangeColumn) -> None:
        """A table column read by the statement: its collation takes part."""
        if col.collation is None:
            return
        if col.collation == UNKNOWN_COLLATION:
            type_oid = col.type_oid
            while (domain := usertypes.domain_of(type_oid)) is not None:
                type_oid = domain.base_oid
            if not _collatable(type_oid):
                return
            raise FeatureNotSupported(f'the collation of column "{col.name}" is unknown (the '
                                      "primary could not be asked)")
        self.use_collation(col.collation)

    def check_case_mapping(self, what: str) -> None:
        if self.ctype not in CASE_SAFE:
            raise FeatureNotSupported(f'{what} under LC_CTYPE "{self.ctype}" is not supported '
                                      "(only C)")

    def ident(self) -> int:
        self.next_ident += 1
        return self.next_ident

    def find_cte(self, name: str) -> Any | None:
        for frame in reversed(self.ctes):
            if name in frame:
                return frame[name]
        return None


SYSTEM_COLUMNS = {"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid"}
ORDERING_SAFE = {"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic", "pg_c_utf8"}
CASE_SAFE = {"C", "POSIX"}
SERVED_COLLATIONS = {"C", "POSIX", "default"}


def _collatable(type_oid: int) -> bool:
    from engine import pgcat  # noqa: PLC0415

    if type_oid == 19:  # name compares in the C collation whatever the database's is
        return False
    elem = pgcat.element_of(type_oid)
    from engine.types.records import is_rowtype  # noqa: PLC0415

    if is_rowtype(elem or type_oid):
        return True  # its fields may be text (not looked into: refused unless C)
    return pgcat.category(elem or type_oid) == "S" and (elem or type_oid) != 19


@dataclass
class Scope:
    ctx: BindContext
    entries: list[RangeEntry] = field(default_factory=list)
    aggregates: list[AggCall] | None = None  # None: aggregates not allowed here
    clause: str = "SELECT"
    parent: Scope | None = None
    srf_allowed: bool = False
    windows: list[Any] | None = None  # WindowCalls; None: window functions not allowed here
    window_defs: dict[str, Any] = field(default_factory=dict)  # WINDOW clause, by name
    referenced: bool = False  # a deeper query level read this scope's columns

    @property
    def settings(self) -> FormatSettings:
        return self.ctx.settings

    @property
    def width(self) -> int:
        return sum(len(e.columns) for e in self.entries)

    def add(self, entry: RangeEntry) -> None:
        entry.offset = self.width
        self.entries.append(entry)

    def lookup(self, names: list[str], location: int | None = None) -> BoundExpr:
        if len(names) == 1:
            return self._unqualified(names[0])
        if len(names) == 2:
            return self._qualified(names[0], names[1])
        if len(names) == 3:
            return self._qualified(names[1], names[2])
        raise FeatureNotSupported(f"column reference {'.'.join(names)} is not supported")

    @property
    def level(self) -> int:
        """Query nesting depth: 0 for the statement, +1 inside each sub-select."""
        return 0 if self.parent is None else self.parent.level + 1

    def entry_named(self, alias: str) -> RangeEntry:
        found = [e for e in self.entries if e.alias == alias]
        if not found:
            raise EngineError(f'missing FROM-clause entry for table "{alias}"',
                              sqlstate="42P01")
        if len(found) > 1:
            raise EngineError(f'table reference "{alias}" is ambiguous', sqlstate="42P09")
        return found[0]

    def has_alias(self, alias: str) -> bool:
        return any(e.alias == alias for e in self.entries)

    def _outer(self, names: list[str]) -> BoundExpr:
        """``names`` resolved in an enclosing query: an OuterRef one level further out."""
        assert self.parent is not None
        lifted: BoundExpr = _lift(self.parent._resolve_for_child(names))
        return lifted

    def _resolve_for_child(self, names: list[str]) -> BoundExpr:
        expr = self.lookup(names)
        if not reads_local(expr):
            return expr  # resolved further out; that level recorded the reference
        self._note_outer_reference()
        return expr

    def _note_outer_reference(self) -> None:
        """A sub-select reads this query's current row. The row a sub-select sees is the
        FROM row, which is what WHERE (and, ungrouped, the select list and ORDER BY)
        evaluate over; anywhere else it would see another row layout, so it is refused."""
        self.referenced = True
        level = self.level
        for link in self.ctx.sublinks:
            if link[0] > level:
                link[1] = True
        if self.clause in ("WHERE", "aggregate function calls", "FILTER", "LATERAL"):
            return
        if self.clause in ("SELECT", "ORDER BY", "window definition"):
            self.ctx.needs_ungrouped.add(id(self.entries))
            return
        if self.clause == "JOIN LATERAL":
            raise FeatureNotSupported("LATERAL references inside JOIN are not supported yet "
                                      "(a comma-separated FROM item may use them)")
        raise FeatureNotSupported(
            f"a correlated subquery in {self.clause} reading that query's columns is not "
            "supported yet")

    def _qualified(self, alias: str, name: str) -> BoundExpr:
        if not self.has_alias(alias) and self.parent is not None \
                and self._visible_further_out(alias):
            return self._outer([alias, name])
        entry = self.entry_named(alias)
        if entry.qualified_only and name in entry.merged:
            return entry.merged[name]
        for i, col in enumerate(entry.columns):
            if col.name == name:
                self.ctx.use_column(col)
                return entry.column(i)
        if name in SYSTEM_COLUMNS and (entry.table_oid or entry.system_columns):
            raise FeatureNotSupported(f"system column {name} is not supported")
        # ParseFuncOrColumn: alias.name is also name(alias), a function over the row
        self.refuse_function_as_column(name)
        raise UndefinedColumn(f'column {alias}.{name} does not exist')

    def refuse_function_as_column(self, name: str) -> None:
        """``x.f`` with no column f reads as ``f(x)`` in PostgreSQL: a user function f on
        the primary may take x's row."""
        if self.ctx.object_exists is not None and self.ctx.user_object("function", name):
            raise FeatureNotSupported(
                f'"{name}" is no column here but a user-defined function on the primary; '
                "functional notation over a row (x.f for f(x)) is not supported")

    def _unqualified(self, name: str) -> BoundExpr:
        hits: list[BoundExpr] = []
        for entry in self.entries:
            if entry.qualified_only:
                continue
            if name in entry.merged:
                hits.append(entry.merged[name])
                continue
            if name in entry.hidden:
                continue
            for i, col in enumerate(entry.columns):
                if col.name == name:
                    self.ctx.use_column(col)
                    hits.append(entry.column(i))
        if len(hits) > 1:
            raise AmbiguousColumn(f'column reference "{name}" is ambiguous')
        if hits:
            return hits[0]
        if name in SYSTEM_COLUMNS and any(e.table_oid or e.system_columns
                                          for e in self.entries):
            raise FeatureNotSupported(f"system column {name} is not supported")
        if self.parent is not None:
            try:
                return self._outer([name])
            except UndefinedColumn:
                pass
        if self.has_alias(name):
            entry = self.entry_named(name)
            if entry.qualified_only:
                raise FeatureNotSupported(f'whole-row reference "{name}" to a JOIN USING alias '
                                          "is not supported yet")
            from engine.binder.rows import whole_row  # noqa: PLC0415

            return whole_row(entry)
        if self._visible_further_out(name):
            raise FeatureNotSupported(f'whole-row reference "{name}" to an enclosing query is '
                                      "not supported yet")
        raise UndefinedColumn(f'column "{name}" does not exist')

    def _visible_further_out(self, alias: str) -> bool:
        scope = self.parent
        while scope is not None:
            if scope.has_alias(alias):
                return True
            scope = scope.parent
        return False


def check_name_conflicts(new: list[RangeEntry], existing: list[RangeEntry]) -> None:
    """FROM items of one query level may not share a name, except two relations named
    without alias that are different relations (parse_relation.c checkNameSpaceConflicts).
    Checked where PostgreSQL does: when a join's two sides are combined and when a FROM
    list item joins the ones before it, so errors inside an item come first."""
    for entry in new:
        if entry.alias is None:
            continue
        for other in existing:
            if other.alias == entry.alias and not (
                    entry.unaliased and other.unaliased and entry.unaliased != other.unaliased):
                raise EngineError(f'table name "{entry.alias}" specified more than once',
                                  sqlstate="42712")


def _lift(expr: Any) -> Any:
    """An expression over an enclosing query's row, seen from one query level further in."""
    if isinstance(expr, ColumnRef):
        return OuterRef(1, expr.index, expr.type_oid, expr.name, expr.typmod)
    if isinstance(expr, OuterRef):
        return replace(expr, depth=expr.depth + 1)
    if isinstance(expr, tuple):
        return tuple(_lift(x) for x in expr)
    if isinstance(expr, SubqueryExpr):
        raise FeatureNotSupported("a sub-select inside a merged USING column")
    if is_dataclass(expr) and not isinstance(expr, type):
        changes = {f.name: _lift(getattr(expr, f.name)) for f in fields(expr)
                   if f.name not in _NOT_EXPRESSIONS
                   and (is_dataclass(getattr(expr, f.name))
                        or isinstance(getattr(expr, f.name), tuple))}
        return replace(expr, **changes) if changes else expr
    return expr


_NOT_EXPRESSIONS = ("impl", "key", "plan", "test")  # callables and sub-select plans


def any_node(expr: Any, hit: Any) -> bool:
    """Walk a bound expression (not into sub-select plans): ``hit(node)`` answers True or
    False for a node it decides, None to look inside it."""
    decided = hit(expr)
    if decided is not None:
        return bool(decided)
    if isinstance(expr, tuple):
        return any(any_node(x, hit) for x in expr)
    if is_dataclass(expr) and not isinstance(expr, type):
        return any(any_node(getattr(expr, f.name), hit) for f in fields(expr)
                   if f.name not in _NOT_EXPRESSIONS)
    return False


def reads_local(expr: Any) -> bool:
    """Whether ``expr`` reads the current query's row (a ColumnRef outside sub-selects)."""
    return any_node(expr, lambda e: True if isinstance(e, ColumnRef)
                     else False if isinstance(e, OuterRef | SubqueryExpr) else None)


def reads_outer(expr: Any) -> bool:
    """Whether ``expr`` reads an enclosing query's row (an OuterRef outside sub-selects)."""
    return any_node(expr, lambda e: True if isinstance(e, OuterRef)
                     else False if isinstance(e, ColumnRef | SubqueryExpr) else None)


def has_correlated_sublink(expr: Any) -> bool:
    """Whether ``expr`` holds a sub-select reading this query level or one further out."""
    def hit(e: Any) -> bool | None:
        if isinstance(e, SubqueryExpr):
            return e.correlated or (e.left is not None and any_node(e.left, hit))
        return None

    return any_node(expr, hit)
