"""data review: the monitor role and queries on recorded values

The user role CHECK allows `monitor`; the `query` table holds each query (its steps
are audited updates of the row); safety screens are indexed by visit for the edit check
that looks for a missing one. The lists are written out: a migration is history
and never reads the current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

from ltfu.db.migrations import ddl

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


def upgrade() -> None:
    _roles(_ROLES_AFTER)
    ddl.create_table(
        "query",
        "id:int subject_id:int target_table:str24 record_id:int field:str32? text:text check_code:str40? state:str12",
        "raised_by:int? raised_at:when answer:text? answered_by:int? answered_at:when? correction_entry:int?",
        "closed_by:int? closed_at:when? note:text? row_version:int",
        ddl.checks(
            state="state IN ('open', 'answered', 'closed')",
            target_table=f"target_table IN {_TARGETS}",
            check_code=f"check_code IS NULL OR check_code IN {_CHECKS}",
            closed_at="(state = 'closed') = (closed_at IS NOT NULL)",
            answered_at="state != 'answered' OR answered_at IS NOT NULL",
        ),
        ddl.fks("subject_id:subject raised_by:user answered_by:user closed_by:user"),
        ddl.pk(),
        ddl.unique("check_code", "target_table", "record_id"),
    )
    op.create_index("ix_query_subject_state", "query", ["subject_id", "state"])
    op.create_index("ix_query_state", "query", ["state"])
    op.create_index("ix_safety_screen_visit", "safety_screen", ["visit_id"])


def downgrade() -> None:
    op.drop_index("ix_safety_screen_visit", table_name="safety_screen")
    op.drop_table("query")
    op.execute(sa.text("DELETE FROM \"user\" WHERE role = 'monitor'"))
    _roles(_ROLES_BEFORE)
