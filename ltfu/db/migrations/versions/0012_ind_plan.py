"""the PI's plan for the coming year of each IND annual report (21 CFR 312.33(f))"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    op.create_table(
        "ind_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("plan_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ind_plan")),
        sa.UniqueConstraint("protocol_id", "period_end", name=op.f("uq_ind_plan_protocol_id")),
    )


def downgrade() -> None:
    op.drop_table("ind_plan")
