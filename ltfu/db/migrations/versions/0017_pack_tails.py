"""the tails of the result packs

A lab file of the whole cohort rewrote every subject's pack (~28 MB at 10,000
subjects) to add ten rows to each. `result_pack_tail` holds a subject's rows added
since its pack was last written whole (services/packs.py); empty until the next
write of results.
"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    ddl.create_table(
        "result_pack_tail",
        "subject_id:int n_results:int max_result_id:int data:bytes",
        ddl.fks("subject_id:subject"),
        ddl.pk("subject_id"),
    )


def downgrade() -> None:
    op.drop_table("result_pack_tail")
