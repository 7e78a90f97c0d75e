"""the safety screen of every follow-up contact from Day 28 (DOMAIN.md section 7)

One row per screened visit: seven questions answered yes, no or unknown, plus the
questionnaire's new-doctor and address-change answers. The lists are written out: a
migration is history and never reads the current vocabulary.
"""

from alembic import op

from ltfu.db.migrations import ddl

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
    ddl.create_table(
        "safety_screen",
        "id:int subject_id:int visit_id:int contact_date:date source:str16",
        " ".join(f"{q}:str8" for q in _QUESTIONS),
        " ".join(f"{q}:str8?" for q in _EXTRAS),
        "source_file:str255? voided_at:when? voided_by:int? void_reason:text?",
        ddl.checks(void_reason=ddl.VOID_RULE, source="source IN ('visit', 'phone', 'questionnaire')"),
        ddl.checks(**{q: f"{q} {_ANSWERS}" for q in _QUESTIONS}),
        ddl.checks(**{q: f"{q} IS NULL OR {q} {_ANSWERS}" for q in _EXTRAS}),
        ddl.fks("subject_id:subject visit_id:visit voided_by:user"),
        ddl.pk(),
    )
    op.create_index("ix_safety_screen_subject_visit", "safety_screen", ["subject_id", "visit_id"])


def downgrade() -> None:
    op.drop_index("ix_safety_screen_subject_visit", table_name="safety_screen")
    op.drop_table("safety_screen")
