"""the course after the infusion: immunoglobulin replacement, consent history, and the
cancel cause of a visit superseded by a re-infusion

The lists are written out: a migration is history and never reads the current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

from ltfu.db.migrations import ddl

revision = "0015"
down_revision = "0014"

_CAUSES = ("death", "withdrawal", "lost_to_follow_up", "stop_rule", "replanned")


# A course record: its file, voided never deleted, the subject's (models.Voidable).
_COURSE_RECORD = (
    "source_file:str255? " + ddl.VOID_COLUMNS,
    ddl.checks(void_reason=ddl.VOID_RULE),
    ddl.fks("subject_id:subject voided_by:user"),
    ddl.pk(),
)


def _cause_check(causes: tuple[str, ...]) -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_constraint(op.f("ck_visit_cause"), type_="check")
        batch_op.create_check_constraint(
            "cause", "cause IS NULL OR cause IN (" + ", ".join(f"'{c}'" for c in causes) + ")"
        )


def upgrade() -> None:
    ddl.create_table(
        "medication",
        "id:int subject_id:int kind:str8 start_date:date stop_date:date? dose:float?",
        *_COURSE_RECORD,
        ddl.checks(
            """
            kind: kind IN ('ivig', 'scig')
            stop_date: stop_date IS NULL OR stop_date >= start_date
            dose: dose IS NULL OR dose > 0
            """
        ),
    )
    op.create_index("ix_medication_subject", "medication", ["subject_id", "start_date"])
    ddl.create_table(
        "consent",
        "id:int subject_id:int version:str32 consent_date:date consented_by:str16 recorded_by:int?",
        *_COURSE_RECORD,
        ddl.checks(consented_by="consented_by IN ('subject', 'guardian')"),
        ddl.fks("recorded_by:user"),
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
