"""archived samples and the tests run on them (DOMAIN.md 7)

The sample types and states are written out: a migration is history and never reads
the current vocabulary.
"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    ddl.create_table(
        "sample",
        "id:int sample_code:str64 subject_id:int sample_type:str24 draw_date:date aliquots:int freezer:str64",
        "rack:str32 box:str32 position:str32 keep_until:date state:str16 result_id:int? shipped_on:date?",
        "shipped_to:str200? destroyed_on:date? destroy_reason:text?",
        ddl.voidable,
        ddl.checks(
            """
            sample_type: sample_type IN ('rcl_archive', 'tumour_tissue', 'case_blood', 'other')
            state: state IN ('stored', 'shipped', 'tested', 'destroyed')
            aliquots: aliquots >= 1
            keep_until: keep_until >= draw_date
            destroy_reason: (state = 'destroyed') = (destroy_reason IS NOT NULL)
            """
        ),
        ddl.fks("subject_id:subject result_id:result"),
        ddl.pk(),
        ddl.unique("sample_code"),
    )
    op.create_index("ix_sample_subject_draw", "sample", ["subject_id", "draw_date"])
    ddl.create_table(
        "sample_test",
        "id:int sample_id:int subject_id:int test_name:str200 test_date:date result_text:text",
        ddl.voidable,
        ddl.fks("sample_id:sample subject_id:subject"),
        ddl.pk(),
    )
    op.create_index("ix_sample_test_sample_id", "sample_test", ["sample_id"])


def downgrade() -> None:
    op.drop_table("sample_test")
    op.drop_table("sample")
