"""data review: the monitor role and queries on recorded values

The user role CHECK allows `monitor`; the `query` table holds each query (its steps
are audited updates of the row); safety screens are indexed by visit for the edit check
that looks for a missing one. The lists are written out: a migration is history
and never reads the current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"

_ROLES_BEFORE = ("nurse", "coordinator", "pi", "admin")
_ROLES_AFTER = (*_ROLES_BEFORE, "monitor")
_TARGETS = "('visit', 'result', 'clinical_event', 'adverse_event', 'subject')"
_CHECKS = "('visit_out_of_window', 'result_outside_plausible_accepted', 'missing_safety_screen', 'death_without_cause')"


def _roles(roles: tuple[str, ...]) -> None:
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_constraint(op.f("ck_user_role"), type_="check")
        batch_op.create_check_constraint("role", "role IN (" + ", ".join(f"'{r}'" for r in roles) + ")")


def _user(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["user.id"], name=op.f(f"fk_query_{column}_user"))


def upgrade() -> None:
    _roles(_ROLES_AFTER)
    when = sa.DateTime(timezone=True)
    op.create_table(
        "query",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("target_table", sa.String(length=24), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("check_code", sa.String(length=40), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("raised_by", sa.Integer(), nullable=True),
        sa.Column("raised_at", when, nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", when, nullable=True),
        sa.Column("correction_entry", sa.Integer(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", when, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("state IN ('open', 'answered', 'closed')", name=op.f("ck_query_state")),
        sa.CheckConstraint(f"target_table IN {_TARGETS}", name=op.f("ck_query_target_table")),
        sa.CheckConstraint(f"check_code IS NULL OR check_code IN {_CHECKS}", name=op.f("ck_query_check_code")),
        sa.CheckConstraint("(state = 'closed') = (closed_at IS NOT NULL)", name=op.f("ck_query_closed_at")),
        sa.CheckConstraint("state != 'answered' OR answered_at IS NOT NULL", name=op.f("ck_query_answered_at")),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_query_subject_id_subject")),
        _user("raised_by"),
        _user("answered_by"),
        _user("closed_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query")),
        sa.UniqueConstraint("check_code", "target_table", "record_id", name=op.f("uq_query_check_code")),
    )
    op.create_index("ix_query_subject_state", "query", ["subject_id", "state"])
    op.create_index("ix_query_state", "query", ["state"])
    op.create_index("ix_safety_screen_visit", "safety_screen", ["visit_id"])


def downgrade() -> None:
    op.drop_index("ix_safety_screen_visit", table_name="safety_screen")
    op.drop_table("query")
    op.execute(sa.text("DELETE FROM \"user\" WHERE role = 'monitor'"))
    _roles(_ROLES_BEFORE)
