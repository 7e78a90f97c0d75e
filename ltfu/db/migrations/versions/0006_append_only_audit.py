"""append-only audit trail and signatures; the audit head on every signature

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of `audit_event` and
`signature` rows. A signature also keeps the audit trail's head (entry count and
hash) at the moment of signing, printed on the signed report too, so the document
anchors the trail outside the database.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"

_TABLES = ("audit_event", "signature")


def _sqlite() -> list[str]:
    return [
        stmt
        for table in _TABLES
        for stmt in (
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END",
        )
    ]


def _postgresql() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION ltfu_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused'; END $$",
    ] + [
        stmt
        for table in _TABLES
        for stmt in (
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ltfu_append_only()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION ltfu_append_only()",
        )
    ]


def upgrade() -> None:
    with op.batch_alter_table("signature") as batch:
        batch.add_column(sa.Column("audit_entries", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("audit_hash", sa.String(length=64), nullable=True))
    dialect = op.get_bind().dialect.name
    for stmt in _sqlite() if dialect == "sqlite" else _postgresql() if dialect == "postgresql" else []:
        op.execute(stmt)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in _TABLES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ltfu_append_only()")
    with op.batch_alter_table("signature") as batch:
        batch.drop_column("audit_hash")
        batch.drop_column("audit_entries")
