"""stored safety alerts; an index for each subject's next visit

The worklist's safety alerts were computed from every IgG, CD19 and RCL result at
each refresh (~250 ms at 10,000 subjects); they are now a small table kept in step
by every write of a result. The (analyte, result_date) index of 0003 served only
that computation and is dropped: one index less to maintain on every import.
The table is filled when the upgraded database is opened (`services.database`).

The subject list shows each subject's next open visit: with an index on
(subject_id, state, window_end) that is one seek per subject instead of sorting
every planned visit (~0.45 s at 10,000 subjects).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "safety_alert",
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("alert_date", sa.Date(), nullable=False),
        sa.Column("shown_until", sa.Date(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('rcl_positive', 'igg_low', 'b_cell_recovery')", name=op.f("ck_safety_alert_kind")
        ),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_safety_alert_subject_id_subject")),
        sa.PrimaryKeyConstraint("subject_id", "kind", name=op.f("pk_safety_alert")),
    )
    with op.batch_alter_table("result") as batch_op:
        batch_op.drop_index("ix_result_analyte_date")
    with op.batch_alter_table("visit") as batch_op:
        batch_op.create_index("ix_visit_subject_open", ["subject_id", "state", "window_end"])


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_index("ix_visit_subject_open")
    with op.batch_alter_table("result") as batch_op:
        batch_op.create_index("ix_result_analyte_date", ["analyte", "result_date"])
    op.drop_table("safety_alert")
