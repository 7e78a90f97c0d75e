"""packed results for the endpoints

The endpoints read every analysed result (~560,000 at 10,000 subjects); through the
driver that alone took ~0.8 s. `result_pack` holds each subject's analysed results as
one binary array (services/packs.py), kept in step by every write of a result and
checked against the result table when read. It is filled when the upgraded database
is opened (`services.database`).
"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    ddl.create_table(
        "result_pack",
        "subject_id:int n_results:int max_result_id:int data:bytes",
        ddl.fks("subject_id:subject"),
        ddl.pk("subject_id"),
    )


def downgrade() -> None:
    op.drop_table("result_pack")
