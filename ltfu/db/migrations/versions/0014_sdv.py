"""source data verification marks and frozen data cuts (issue 19)"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    op.create_table(
        "verification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("record_table", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("verified_by", sa.Integer(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by", sa.Integer(), nullable=True),
        sa.Column("clear_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "record_table IN ('visit', 'result', 'clinical_event', 'adverse_event', 'infusion', 'subject')",
            name=op.f("ck_verification_record_table"),
        ),
        sa.CheckConstraint("(cleared_at IS NULL) = (clear_reason IS NULL)", name=op.f("ck_verification_clear_reason")),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_verification_subject_id_subject")),
        sa.ForeignKeyConstraint(["verified_by"], ["user.id"], name=op.f("fk_verification_verified_by_user")),
        sa.ForeignKeyConstraint(["cleared_by"], ["user.id"], name=op.f("fk_verification_cleared_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification")),
    )
    op.create_index("ix_verification_record", "verification", ["record_table", "record_id"])
    op.create_index(op.f("ix_verification_subject_id"), "verification", ["subject_id"])
    op.create_table(
        "data_cut",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cut_by", sa.Integer(), nullable=False),
        sa.Column("cut_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("audit_last_id", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["cut_by"], ["user.id"], name=op.f("fk_data_cut_cut_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_cut")),
    )


def downgrade() -> None:
    op.drop_table("data_cut")
    op.drop_index(op.f("ix_verification_subject_id"), table_name="verification")
    op.drop_index("ix_verification_record", table_name="verification")
    op.drop_table("verification")
