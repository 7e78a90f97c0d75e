"""ferritin, for CRS monitoring: a new analyte

The result table's analyte CHECK allows `ferritin` (ng/mL; declared in
ltfu/vocabulary.py). The endpoints read ferritin, so it has a code in the result
packs: the codes of the analysed analytes after it shift, and every pack is emptied
here (they are rebuilt when the upgraded database is opened, `services.database`).

The analyte lists are written out: a migration is history and never reads the
current vocabulary.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"

_BEFORE = ("car_copies", "car_cells", "cd19_b_cells", "cd22_b_cells", "igg", "il6", "il15", "crp", "mrd", "rcl", "hama")
_AFTER = (
    "car_copies",
    "car_cells",
    "cd19_b_cells",
    "cd22_b_cells",
    "igg",
    "il6",
    "il15",
    "crp",
    "ferritin",
    "mrd",
    "rcl",
    "hama",
)


def _analyte_check(analytes: tuple[str, ...]) -> None:
    with op.batch_alter_table("result") as batch_op:
        batch_op.drop_constraint(op.f("ck_result_analyte"), type_="check")
        batch_op.create_check_constraint("analyte", "analyte IN (" + ", ".join(f"'{a}'" for a in analytes) + ")")
    op.execute(sa.text("DELETE FROM result_pack"))


def upgrade() -> None:
    _analyte_check(_AFTER)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM result WHERE analyte = 'ferritin'"))
    _analyte_check(_BEFORE)
