"""who sees what (user_grant) and moves between sites (subject_transfer)"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    ddl.create_table(
        "user_grant",
        "id:int user_id:int protocol_id:str64? site_id:int? " + ddl.VOID_COLUMNS,
        ddl.checks(void_reason=ddl.VOID_RULE),
        ddl.fks("user_id:user site_id:site voided_by:user"),
        ddl.pk(),
    )
    op.create_index(op.f("ix_user_grant_user_id"), "user_grant", ["user_id"])
    ddl.create_table(
        "subject_transfer",
        "id:int subject_id:int from_site_id:int to_site_id:int transfer_date:date reason:text",
        ddl.checks(other_site="from_site_id != to_site_id"),
        ddl.fks("subject_id:subject from_site_id:site to_site_id:site"),
        ddl.pk(),
    )
    op.create_index(op.f("ix_subject_transfer_subject_id"), "subject_transfer", ["subject_id"])


def downgrade() -> None:
    op.drop_table("subject_transfer")
    op.drop_table("user_grant")
