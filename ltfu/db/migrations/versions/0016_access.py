"""who sees what (user_grant) and moves between sites (subject_transfer)"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    op.create_table(
        "user_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=True),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name=op.f("ck_user_grant_void_reason")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_user_grant_user_id_user")),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_user_grant_site_id_site")),
        sa.ForeignKeyConstraint(["voided_by"], ["user.id"], name=op.f("fk_user_grant_voided_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_grant")),
    )
    op.create_index(op.f("ix_user_grant_user_id"), "user_grant", ["user_id"])
    op.create_table(
        "subject_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("from_site_id", sa.Integer(), nullable=False),
        sa.Column("to_site_id", sa.Integer(), nullable=False),
        sa.Column("transfer_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("from_site_id != to_site_id", name=op.f("ck_subject_transfer_other_site")),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_subject_transfer_subject_id_subject")),
        sa.ForeignKeyConstraint(["from_site_id"], ["site.id"], name=op.f("fk_subject_transfer_from_site_id_site")),
        sa.ForeignKeyConstraint(["to_site_id"], ["site.id"], name=op.f("fk_subject_transfer_to_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_transfer")),
    )
    op.create_index(op.f("ix_subject_transfer_subject_id"), "subject_transfer", ["subject_id"])


def downgrade() -> None:
    op.drop_table("subject_transfer")
    op.drop_table("user_grant")
