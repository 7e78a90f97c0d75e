"""Short forms for the tables the migration scripts create.

A migration is history: what it creates never changes, and each script still writes
out its own columns and CHECK lists. These helpers only spell them shorter, so that
the scripts do not repeat the same `sa.Column(...)`/constraint lines table after table.
Never change what a form here produces (the existing migrations use it); add a new one.

`create_table(name, *parts)` takes, in the order they are to stand in the table:
- a column string: `"id:int subject_id:int shown_until:date? kind:str24"`: name:type,
  `?` for nullable; types int, float, bool, date, when (a timestamp with time zone),
  text, bytes, strN (a string of at most N characters);
- a constraint or column written out (`sa.CheckConstraint(...)`);
- a part named after the table: `checks(...)`, `fks(...)`, `pk(...)`, `unique(...)`;
  a long CHECK list is a small text table, one `name: SQL` a line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

Item = sa.Column[Any] | sa.Constraint
Named = Callable[[str], list[Item]]

_TYPES: dict[str, Callable[[], Any]] = {
    "int": sa.Integer,
    "float": sa.Float,
    "bool": sa.Boolean,
    "date": sa.Date,
    "when": lambda: sa.DateTime(timezone=True),
    "text": sa.Text,
    "bytes": sa.LargeBinary,
}

VOID_COLUMNS = "voided_at:when? voided_by:int? void_reason:text?"
VOID_RULE = "(voided_at IS NULL) = (void_reason IS NULL)"


def columns(spec: str) -> list[Item]:
    """The columns a column string names, in its order."""
    made: list[Item] = []
    for word in spec.split():
        name, _, kind = word.partition(":")
        base = kind.rstrip("?")
        type_ = sa.String(length=int(base[3:])) if base.startswith("str") else _TYPES[base]()
        made.append(sa.Column(name, type_, nullable=kind.endswith("?")))
    return made


def checks(table_text: str = "", **rules: str) -> Named:
    """CHECK constraints named `ck_<table>_<name>`, in the order given: one `name: SQL` a
    line of `table_text`, then the keywords."""
    lines = (line.strip() for line in table_text.splitlines())
    pairs = [tuple(line.split(": ", 1)) for line in lines if line] + list(rules.items())
    return lambda table: [sa.CheckConstraint(sql, name=op.f(f"ck_{table}_{key}")) for key, sql in pairs]


def fks(spec: str) -> Named:
    """Foreign keys `"column:target ..."` to `target.id`, named `fk_<table>_<column>_<target>`."""

    def made(table: str) -> list[Item]:
        pairs = [word.split(":") for word in spec.split()]
        return [sa.ForeignKeyConstraint([c], [f"{t}.id"], name=op.f(f"fk_{table}_{c}_{t}")) for c, t in pairs]

    return made


def pk(*names: str) -> Named:
    """The primary key (`id` unless named), `pk_<table>`."""
    return lambda table: [sa.PrimaryKeyConstraint(*(names or ("id",)), name=op.f(f"pk_{table}"))]


def unique(*names: str) -> Named:
    """A unique constraint named after the table and its first column."""
    return lambda table: [sa.UniqueConstraint(*names, name=op.f(f"uq_{table}_{names[0]}"))]


def voidable(table: str) -> list[Item]:
    """A row voided, never deleted: its three columns, their CHECK and who voided it."""
    return [*columns(VOID_COLUMNS), *checks(void_reason=VOID_RULE)(table), *fks("voided_by:user")(table)]


def create_table(name: str, *parts: str | Item | Named) -> None:
    """`op.create_table` with its columns and constraints from the parts, in order."""
    items: list[Item] = []
    for part in parts:
        if isinstance(part, str):
            items.extend(columns(part))
        elif isinstance(part, (sa.Column, sa.Constraint)):
            items.append(part)
        else:
            items.extend(part(name))
    op.create_table(name, *items)
