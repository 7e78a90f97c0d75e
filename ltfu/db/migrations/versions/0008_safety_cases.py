"""safety cases, their steps and the reporting clocks; awareness date on adverse events

A malignancy or an RCL positive opens a case (`safety_case`) with dated, owned steps
(`case_step`); a serious adverse event, a malignancy or an RCL positive starts
reporting clocks (`safety_report`). An adverse event gets the date the site first
knew (`awareness_date`, empty on the events recorded before) and whether it is
unexpected (with serious and related: a SUSAR). Vocabularies are written out.
"""

import sqlalchemy as sa
from alembic import op

from ltfu.db.migrations import ddl

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    with op.batch_alter_table("adverse_event") as batch_op:
        batch_op.add_column(sa.Column("awareness_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("unexpected", sa.Boolean(), nullable=True))
        batch_op.create_check_constraint("awareness", "awareness_date IS NULL OR awareness_date >= onset_date")
    ddl.create_table(
        "safety_case",
        "id:int subject_id:int kind:str16 t_cell:bool adverse_event_id:int? result_id:int? awareness_date:date",
        "state:str8 closed_on:date? closed_by:int?",
        ddl.checks(
            """
            kind: kind IN ('malignancy', 'rcl_positive')
            state: state IN ('open', 'closed')
            closed_on: (state = 'closed') = (closed_on IS NOT NULL)
            """
        ),
        ddl.fks("subject_id:subject adverse_event_id:adverse_event result_id:result closed_by:user"),
        ddl.pk(),
    )
    op.create_index("ix_safety_case_subject", "safety_case", ["subject_id"])
    ddl.create_table(
        "case_step",
        "id:int case_id:int code:str24 sequence:int state:str16 due_date:date? owner:str64 done_on:date?",
        "done_by:int? outcome:str8? note:text?",
        ddl.checks(
            """
            code: code IN ('sponsor', 'tissue_blood', 'transgene_test', 'integration_site', 'archived_rcl', 'rcl_confirm', 'later_samples_tested', 'ethics', 'regulator')
            state: state IN ('open', 'done', 'not_applicable')
            outcome: outcome IS NULL OR outcome IN ('positive', 'negative')
            done_on: (state = 'open') = (done_on IS NULL)
            reason: state != 'not_applicable' OR note IS NOT NULL
            """
        ),
        ddl.fks("case_id:safety_case done_by:user"),
        ddl.pk(),
        ddl.unique("case_id", "code"),
    )
    ddl.create_table(
        "safety_report",
        "id:int subject_id:int case_id:int? adverse_event_id:int? recipient:str24 awareness_date:date due_date:date",
        "sent_on:date? sent_to:str200? reference:str200? sent_by:int?",
        ddl.checks(
            """
            recipient: recipient IN ('sponsor', 'regulator', 'ethics_committee')
            sent: (sent_on IS NULL) = (reference IS NULL) AND (sent_on IS NULL) = (sent_to IS NULL)
            due_date: due_date >= awareness_date
            """
        ),
        ddl.fks("subject_id:subject case_id:safety_case adverse_event_id:adverse_event sent_by:user"),
        ddl.pk(),
    )
    op.create_index("ix_safety_report_open", "safety_report", ["sent_on", "due_date"])
    op.create_index("ix_safety_report_subject_id", "safety_report", ["subject_id"])


def downgrade() -> None:
    op.drop_table("safety_report")
    op.drop_table("case_step")
    op.drop_table("safety_case")
    with op.batch_alter_table("adverse_event") as batch_op:
        batch_op.drop_constraint(op.f("ck_adverse_event_awareness"), type_="check")
        batch_op.drop_column("unexpected")
        batch_op.drop_column("awareness_date")
