"""optimistic locking columns and the worklist index

Two workstations on one shared database must not overwrite each other's saves:
subject, contact and visit rows get a version counter checked on every update.
The worklist asks for open visits whose window touches a range of days; an index
on (state, window_start, window_end) answers that without scanning every visit.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

VERSIONED_TABLES = ("subject", "contact", "visit")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "row_version", sa.Integer(), nullable=False, server_default="1"
                )
            )
    with op.batch_alter_table("visit") as batch_op:
        batch_op.create_index(
            "ix_visit_worklist", ["state", "window_start", "window_end"]
        )


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_index("ix_visit_worklist")
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("row_version")
