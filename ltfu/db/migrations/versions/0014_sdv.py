"""source data verification marks and frozen data cuts (issue 19)"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    ddl.create_table(
        "verification",
        "id:int subject_id:int record_table:str32 record_id:int verified_by:int verified_at:when cleared_at:when?",
        "cleared_by:int? clear_reason:text?",
        ddl.checks(
            """
            record_table: record_table IN ('visit', 'result', 'clinical_event', 'adverse_event', 'infusion', 'subject')
            clear_reason: (cleared_at IS NULL) = (clear_reason IS NULL)
            """
        ),
        ddl.fks("subject_id:subject verified_by:user cleared_by:user"),
        ddl.pk(),
    )
    op.create_index("ix_verification_record", "verification", ["record_table", "record_id"])
    op.create_index(op.f("ix_verification_subject_id"), "verification", ["subject_id"])
    ddl.create_table(
        "data_cut",
        "id:int as_of:date reason:text cut_by:int cut_at:when audit_last_id:int audit_hash:str64",
        ddl.fks("cut_by:user"),
        ddl.pk(),
    )


def downgrade() -> None:
    op.drop_table("data_cut")
    op.drop_index(op.f("ix_verification_subject_id"), table_name="verification")
    op.drop_index("ix_verification_record", table_name="verification")
    op.drop_table("verification")
