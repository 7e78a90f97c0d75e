"""the PI's plan for the coming year of each IND annual report (21 CFR 312.33(f))"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    ddl.create_table(
        "ind_plan",
        "id:int protocol_id:str64 period_end:date plan_text:text",
        ddl.pk(),
        ddl.unique("protocol_id", "period_end"),
    )


def downgrade() -> None:
    op.drop_table("ind_plan")
