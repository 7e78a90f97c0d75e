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

from alembic import op

from ltfu.db.migrations import ddl

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    ddl.create_table(
        "safety_alert",
        "subject_id:int kind:str24 alert_date:date shown_until:date? value:float? threshold:float?",
        ddl.checks(kind="kind IN ('rcl_positive', 'igg_low', 'b_cell_recovery')"),
        ddl.fks("subject_id:subject"),
        ddl.pk("subject_id", "kind"),
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
