"""an index for the worklist's safety alerts

The alerts look at recent results of one analyte (IgG, CD19 B cells, RCL) across
all subjects; without an index on (analyte, result_date) that is a scan of every
result, about a second at 10,000 subjects.
"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("result") as batch_op:
        batch_op.create_index("ix_result_analyte_date", ["analyte", "result_date"])


def downgrade() -> None:
    with op.batch_alter_table("result") as batch_op:
        batch_op.drop_index("ix_result_analyte_date")
