"""archived samples and the tests run on them (DOMAIN.md 7)

The sample types and states are written out: a migration is history and never reads
the current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def _voidable(table: str) -> list:
    """The columns and constraints of a row voided, never deleted (models.Voidable)."""
    return [
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name=op.f(f"ck_{table}_void_reason")),
        sa.ForeignKeyConstraint(["voided_by"], ["user.id"], name=op.f(f"fk_{table}_voided_by_user")),
    ]


def upgrade() -> None:
    op.create_table(
        "sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_code", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("sample_type", sa.String(length=24), nullable=False),
        sa.Column("draw_date", sa.Date(), nullable=False),
        sa.Column("aliquots", sa.Integer(), nullable=False),
        sa.Column("freezer", sa.String(length=64), nullable=False),
        sa.Column("rack", sa.String(length=32), nullable=False),
        sa.Column("box", sa.String(length=32), nullable=False),
        sa.Column("position", sa.String(length=32), nullable=False),
        sa.Column("keep_until", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("shipped_on", sa.Date(), nullable=True),
        sa.Column("shipped_to", sa.String(length=200), nullable=True),
        sa.Column("destroyed_on", sa.Date(), nullable=True),
        sa.Column("destroy_reason", sa.Text(), nullable=True),
        *_voidable("sample"),
        sa.CheckConstraint(
            "sample_type IN ('rcl_archive', 'tumour_tissue', 'case_blood', 'other')", name=op.f("ck_sample_sample_type")
        ),
        sa.CheckConstraint("state IN ('stored', 'shipped', 'tested', 'destroyed')", name=op.f("ck_sample_state")),
        sa.CheckConstraint("aliquots >= 1", name=op.f("ck_sample_aliquots")),
        sa.CheckConstraint("keep_until >= draw_date", name=op.f("ck_sample_keep_until")),
        sa.CheckConstraint(
            "(state = 'destroyed') = (destroy_reason IS NOT NULL)", name=op.f("ck_sample_destroy_reason")
        ),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_sample_subject_id_subject")),
        sa.ForeignKeyConstraint(["result_id"], ["result.id"], name=op.f("fk_sample_result_id_result")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample")),
        sa.UniqueConstraint("sample_code", name=op.f("uq_sample_sample_code")),
    )
    op.create_index("ix_sample_subject_draw", "sample", ["subject_id", "draw_date"])
    op.create_table(
        "sample_test",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("test_name", sa.String(length=200), nullable=False),
        sa.Column("test_date", sa.Date(), nullable=False),
        sa.Column("result_text", sa.Text(), nullable=False),
        *_voidable("sample_test"),
        sa.ForeignKeyConstraint(["sample_id"], ["sample.id"], name=op.f("fk_sample_test_sample_id_sample")),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_sample_test_subject_id_subject")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_test")),
    )
    op.create_index("ix_sample_test_sample_id", "sample_test", ["sample_id"])


def downgrade() -> None:
    op.drop_table("sample_test")
    op.drop_table("sample")
