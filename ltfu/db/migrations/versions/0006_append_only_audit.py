"""append-only audit trail and signatures; the audit head on every signature

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of `audit_event` and
`signature` rows. A signature also keeps the audit trail's head (entry count and
hash) at the moment of signing, printed on the signed report too, so the document
anchors the trail outside the database.
"""

import sqlalchemy as sa
from alembic import op

from ltfu.db import append_only

revision = "0006"
down_revision = "0005"

_TABLES = ("audit_event", "signature")


def upgrade() -> None:
    with op.batch_alter_table("signature") as batch:
        batch.add_column(sa.Column("audit_entries", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("audit_hash", sa.String(length=64), nullable=True))
    for stmt in append_only.statements(op.get_bind().dialect.name, _TABLES):
        op.execute(stmt)


def downgrade() -> None:
    for stmt in append_only.drop_statements(op.get_bind().dialect.name, _TABLES):
        op.execute(stmt)
    with op.batch_alter_table("signature") as batch:
        batch.drop_column("audit_hash")
        batch.drop_column("audit_entries")
