"""Triggers that make the audit trail and the signatures append-only in the database.

An UPDATE or DELETE of an `audit_event` or `signature` row is refused by the database
itself, whoever sends it (on PostgreSQL TRUNCATE too). Someone with the SQLite file
can still drop the triggers; what they then change, `ltfu check` finds against the
anchors kept outside the file. On PostgreSQL the program's role should not own the
tables at all (docs/postgresql-setup.md), so it cannot drop them either.

Migration 0006 creates and drops these triggers through the same functions, with its
own table list: never change what they produce (that would rewrite history); a
different trigger is a new migration with a new form here.
"""

from __future__ import annotations

from collections.abc import Sequence

APPEND_ONLY_TABLES = ("audit_event", "signature")


def _sqlite(tables: Sequence[str]) -> list[str]:
    return [
        stmt
        for table in tables
        for stmt in (
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END",
        )
    ]


def _postgresql(tables: Sequence[str]) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION ltfu_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused'; END $$",
    ] + [
        stmt
        for table in tables
        for stmt in (
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ltfu_append_only()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION ltfu_append_only()",
        )
    ]


def statements(dialect: str, tables: Sequence[str] = APPEND_ONLY_TABLES) -> list[str]:
    """The statements that make `tables` append-only on `dialect` (none on another)."""
    made = {"sqlite": _sqlite, "postgresql": _postgresql}.get(dialect)
    return made(tables) if made else []


def drop_statements(dialect: str, tables: Sequence[str] = APPEND_ONLY_TABLES) -> list[str]:
    """The statements that undo `statements(dialect, tables)`."""
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_{op}" for table in tables for op in ("no_update", "no_delete")]
    if dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
            for table in tables
            for name in ("append_only", "no_truncate")
        ] + ["DROP FUNCTION IF EXISTS ltfu_append_only()"]
    return []
