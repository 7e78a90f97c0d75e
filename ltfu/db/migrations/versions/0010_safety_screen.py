"""the safety screen of every follow-up contact from Day 28 (DOMAIN.md section 7)

One row per screened visit: seven questions answered yes, no or unknown, plus the
questionnaire's new-doctor and address-change answers. The lists are written out: a
migration is history and never reads the current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"

_ANSWERS = "IN ('yes', 'no', 'unknown')"
_QUESTIONS = (
    "new_malignancy",
    "neurologic",
    "autoimmune",
    "hematologic",
    "serious_infection",
    "hospitalisation",
    "new_medicines",
)
_EXTRAS = ("new_doctor", "address_changed")


def upgrade() -> None:
    op.create_table(
        "safety_screen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        *(sa.Column(q, sa.String(length=8), nullable=False) for q in _QUESTIONS),
        *(sa.Column(q, sa.String(length=8), nullable=True) for q in _EXTRAS),
        sa.Column("source_file", sa.String(length=255), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name=op.f("ck_safety_screen_void_reason")),
        sa.CheckConstraint(
            "source IN ('visit', 'phone', 'questionnaire')", name=op.f("ck_safety_screen_source")
        ),
        *(sa.CheckConstraint(f"{q} {_ANSWERS}", name=op.f(f"ck_safety_screen_{q}")) for q in _QUESTIONS),
        *(
            sa.CheckConstraint(f"{q} IS NULL OR {q} {_ANSWERS}", name=op.f(f"ck_safety_screen_{q}"))
            for q in _EXTRAS
        ),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_safety_screen_subject_id_subject")),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_safety_screen_visit_id_visit")),
        sa.ForeignKeyConstraint(["voided_by"], ["user.id"], name=op.f("fk_safety_screen_voided_by_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_screen")),
    )
    op.create_index("ix_safety_screen_subject_visit", "safety_screen", ["subject_id", "visit_id"])


def downgrade() -> None:
    op.drop_index("ix_safety_screen_subject_visit", table_name="safety_screen")
    op.drop_table("safety_screen")
