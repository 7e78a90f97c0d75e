"""safety cases, their steps and the reporting clocks; awareness date on adverse events

A malignancy or an RCL positive opens a case (`safety_case`) with dated, owned steps
(`case_step`); a serious adverse event, a malignancy or an RCL positive starts
reporting clocks (`safety_report`). An adverse event gets the date the site first
knew (`awareness_date`, empty on the events recorded before) and whether it is
unexpected (with serious and related: a SUSAR). Vocabularies are written out.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    with op.batch_alter_table("adverse_event") as batch_op:
        batch_op.add_column(sa.Column("awareness_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("unexpected", sa.Boolean(), nullable=True))
        batch_op.create_check_constraint("awareness", "awareness_date IS NULL OR awareness_date >= onset_date")
    op.create_table(
        "safety_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("t_cell", sa.Boolean(), nullable=False),
        sa.Column("adverse_event_id", sa.Integer(), nullable=True),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("awareness_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('malignancy', 'rcl_positive')", name=op.f("ck_safety_case_kind")),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_safety_case_state")),
        sa.CheckConstraint("(state = 'closed') = (closed_on IS NOT NULL)", name=op.f("ck_safety_case_closed_on")),
        _fk("safety_case", "subject_id", "subject"),
        _fk("safety_case", "adverse_event_id", "adverse_event"),
        _fk("safety_case", "result_id", "result"),
        _fk("safety_case", "closed_by", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_case")),
    )
    op.create_index("ix_safety_case_subject", "safety_case", ["subject_id"])
    op.create_table(
        "case_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "code IN ('sponsor', 'tissue_blood', 'transgene_test', 'integration_site', 'archived_rcl', "
            "'rcl_confirm', 'later_samples_tested', 'ethics', 'regulator')",
            name=op.f("ck_case_step_code"),
        ),
        sa.CheckConstraint("state IN ('open', 'done', 'not_applicable')", name=op.f("ck_case_step_state")),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('positive', 'negative')", name=op.f("ck_case_step_outcome")),
        sa.CheckConstraint("(state = 'open') = (done_on IS NULL)", name=op.f("ck_case_step_done_on")),
        sa.CheckConstraint("state != 'not_applicable' OR note IS NOT NULL", name=op.f("ck_case_step_reason")),
        _fk("case_step", "case_id", "safety_case"),
        _fk("case_step", "done_by", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_step")),
        sa.UniqueConstraint("case_id", "code", name=op.f("uq_case_step_case_id")),
    )
    op.create_table(
        "safety_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("adverse_event_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=24), nullable=False),
        sa.Column("awareness_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("sent_to", sa.String(length=200), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "recipient IN ('sponsor', 'regulator', 'ethics_committee')", name=op.f("ck_safety_report_recipient")
        ),
        sa.CheckConstraint(
            "(sent_on IS NULL) = (reference IS NULL) AND (sent_on IS NULL) = (sent_to IS NULL)",
            name=op.f("ck_safety_report_sent"),
        ),
        sa.CheckConstraint("due_date >= awareness_date", name=op.f("ck_safety_report_due_date")),
        _fk("safety_report", "subject_id", "subject"),
        _fk("safety_report", "case_id", "safety_case"),
        _fk("safety_report", "adverse_event_id", "adverse_event"),
        _fk("safety_report", "sent_by", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_report")),
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
