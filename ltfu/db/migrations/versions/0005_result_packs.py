"""packed results for the endpoints

The endpoints read every analysed result (~560,000 at 10,000 subjects); through the
driver that alone took ~0.8 s. `result_pack` holds each subject's analysed results as
one binary array (services/packs.py), kept in step by every write of a result and
checked against the result table when read. It is filled when the upgraded database
is opened (`services.database`).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "result_pack",
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("n_results", sa.Integer(), nullable=False),
        sa.Column("max_result_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["subject_id"], ["subject.id"], name=op.f("fk_result_pack_subject_id_subject")),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_result_pack")),
    )


def downgrade() -> None:
    op.drop_table("result_pack")
