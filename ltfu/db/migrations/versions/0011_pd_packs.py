"""the cytokines join the result packs, for the pharmacodynamic endpoint

IL-6, IL-15 and CRP are now read by the endpoints, so each has a code in the result
packs: the codes of the analysed analytes after them shift, and every pack is emptied
here (they are rebuilt when the upgraded database is opened, `services.database`).
No table or constraint changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM result_pack"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM result_pack"))
