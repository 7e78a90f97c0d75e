"""the course after the infusion: immunoglobulin replacement, consent history, and the
cancel cause of a visit superseded by a re-infusion

The lists are written out: a migration is history and never reads the current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"

_CAUSES = ("death", "withdrawal", "lost_to_follow_up", "stop_rule", "replanned")


def _voidable(table: str) -> list:
    return [
        sa.Column("source_file", sa.String(length=255), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name=op.f(f"ck_{table}_void_reason")),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f(f"fk_{table}_subject_id_subject")),
        sa.ForeignKeyConstraint(["voided_by"], ["user.id"], name=op.f(f"fk_{table}_voided_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _cause_check(causes: tuple[str, ...]) -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_constraint(op.f("ck_visit_cause"), type_="check")
        batch_op.create_check_constraint(
            "cause", "cause IS NULL OR cause IN (" + ", ".join(f"'{c}'" for c in causes) + ")"
        )


def upgrade() -> None:
    op.create_table(
        "medication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("stop_date", sa.Date(), nullable=True),
        sa.Column("dose", sa.Float(), nullable=True),
        *_voidable("medication"),
        sa.CheckConstraint("kind IN ('ivig', 'scig')", name=op.f("ck_medication_kind")),
        sa.CheckConstraint("stop_date IS NULL OR stop_date >= start_date", name=op.f("ck_medication_stop_date")),
        sa.CheckConstraint("dose IS NULL OR dose > 0", name=op.f("ck_medication_dose")),
    )
    op.create_index("ix_medication_subject", "medication", ["subject_id", "start_date"])
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=False),
        sa.Column("consented_by", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        *_voidable("consent"),
        sa.CheckConstraint("consented_by IN ('subject', 'guardian')", name=op.f("ck_consent_consented_by")),
        sa.ForeignKeyConstraint(["recorded_by"], ["user.id"], name=op.f("fk_consent_recorded_by_user")),
    )
    op.create_index("ix_consent_subject", "consent", ["subject_id", "consent_date"])
    _cause_check((*_CAUSES, "reinfusion"))


def downgrade() -> None:
    op.execute(sa.text("UPDATE visit SET cause = 'replanned' WHERE cause = 'reinfusion'"))
    _cause_check(_CAUSES)
    op.drop_index("ix_consent_subject", table_name="consent")
    op.drop_table("consent")
    op.drop_index("ix_medication_subject", table_name="medication")
    op.drop_table("medication")
