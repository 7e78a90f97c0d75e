"""initial schema"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None


def upgrade() -> None:

    op.create_table(
        "protocol_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("version_label", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protocol_version")),
        sa.UniqueConstraint(
            "protocol_id", "content_hash", name=op.f("uq_protocol_version_protocol_id")
        ),
    )
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("code", name=op.f("uq_site_code")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('nurse', 'coordinator', 'pi', 'admin')", name=op.f("ck_user_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("printed_name", sa.String(length=200), nullable=False),
        sa.Column("meaning", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_kind", sa.String(length=32), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_signature_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature")),
    )
    op.create_table(
        "subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.String(length=32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("protocol_version_id", sa.Integer(), nullable=False),
        sa.Column("dose_level", sa.String(length=16), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("race", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("withdrawal_scope", sa.String(length=16), nullable=True),
        sa.Column("consent_version", sa.String(length=32), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "sex IS NULL OR sex IN ('F', 'M', 'U')", name=op.f("ck_subject_sex")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'completed', 'withdrawn', 'lost_to_follow_up', 'dead')",
            name=op.f("ck_subject_status"),
        ),
        sa.CheckConstraint(
            "withdrawal_scope IS NULL OR withdrawal_scope IN ('treatment', 'visits', 'all')",
            name=op.f("ck_subject_withdrawal_scope"),
        ),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_subject_void_reason"),
        ),
        sa.CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200",
            name=op.f("ck_subject_birth_year"),
        ),
        sa.ForeignKeyConstraint(
            ["protocol_version_id"],
            ["protocol_version.id"],
            name=op.f("fk_subject_protocol_version_id_protocol_version"),
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_subject_site_id_site")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_subject_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject")),
        sa.UniqueConstraint("study_id", name=op.f("uq_subject_study_id")),
    )
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.create_index(
            "ix_subject_site_status", ["site_id", "status"], unique=False
        )

    op.create_table(
        "adverse_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("onset_date", sa.Date(), nullable=False),
        sa.Column("resolution_date", sa.Date(), nullable=True),
        sa.Column("serious", sa.Boolean(), nullable=False),
        sa.Column("related", sa.Boolean(), nullable=False),
        sa.Column("dlt", sa.Boolean(), nullable=False),
        sa.Column("special_interest", sa.String(length=24), nullable=True),
        sa.Column("source_file", sa.String(length=255), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('ctcae', 'crs', 'icans')", name=op.f("ck_adverse_event_kind")
        ),
        sa.CheckConstraint(
            "special_interest IS NULL OR special_interest IN ('new_malignancy', 't_cell_malignancy', 'neurologic', 'autoimmune', 'hematologic', 'serious_infection')",
            name=op.f("ck_adverse_event_special_interest"),
        ),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_adverse_event_void_reason"),
        ),
        sa.CheckConstraint(
            "grade BETWEEN 1 AND 5", name=op.f("ck_adverse_event_grade")
        ),
        sa.CheckConstraint(
            "resolution_date IS NULL OR resolution_date >= onset_date",
            name=op.f("ck_adverse_event_resolution"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subject.id"],
            name=op.f("fk_adverse_event_subject_id_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_adverse_event_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adverse_event")),
    )
    with op.batch_alter_table("adverse_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_adverse_event_subject_onset", ["subject_id", "onset_date"], unique=False
        )

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'void', 'login', 'login_failed', 'sign', 'import', 'export', 'backup', 'restore')",
            name=op.f("ck_audit_event_action"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subject.id"],
            name=op.f("fk_audit_event_subject_id_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_audit_event_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_event_subject_id"), ["subject_id"], unique=False
        )
        batch_op.create_index(
            "ix_audit_event_table_record", ["table_name", "record_id"], unique=False
        )

    op.create_table(
        "clinical_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("response", sa.String(length=4), nullable=True),
        sa.Column("mrd_negative", sa.Boolean(), nullable=True),
        sa.Column("cd19_status", sa.String(length=12), nullable=True),
        sa.Column("cd22_status", sa.String(length=12), nullable=True),
        sa.Column("lineage_switch", sa.Boolean(), nullable=True),
        sa.Column("death_cause", sa.Text(), nullable=True),
        sa.Column("withdrawal_scope", sa.String(length=16), nullable=True),
        sa.Column("source_file", sa.String(length=255), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "cd19_status IS NULL OR cd19_status IN ('positive', 'dim', 'negative')",
            name=op.f("ck_clinical_event_cd19_status"),
        ),
        sa.CheckConstraint(
            "cd22_status IS NULL OR cd22_status IN ('positive', 'dim', 'negative')",
            name=op.f("ck_clinical_event_cd22_status"),
        ),
        sa.CheckConstraint(
            "kind != 'response' OR response IS NOT NULL",
            name=op.f("ck_clinical_event_response_given"),
        ),
        sa.CheckConstraint(
            "kind IN ('response', 'relapse', 'progression', 'death', 'alive', 'hsct', 'new_therapy', 'withdrawal', 'lost_to_follow_up', 'lost_to_follow_up_reversed')",
            name=op.f("ck_clinical_event_kind"),
        ),
        sa.CheckConstraint(
            "response IS NULL OR response IN ('CR', 'CRi', 'PR', 'NR')",
            name=op.f("ck_clinical_event_response"),
        ),
        sa.CheckConstraint(
            "withdrawal_scope IS NULL OR withdrawal_scope IN ('treatment', 'visits', 'all')",
            name=op.f("ck_clinical_event_withdrawal_scope"),
        ),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_clinical_event_void_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subject.id"],
            name=op.f("fk_clinical_event_subject_id_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_clinical_event_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinical_event")),
    )
    with op.batch_alter_table("clinical_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clinical_event_subject_date", ["subject_id", "event_date"], unique=False
        )

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=200), nullable=True),
        sa.Column("family_name", sa.String(length=200), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("postal_code", sa.String(length=32), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("preferred_channel", sa.String(length=16), nullable=True),
        sa.Column("confidential_address", sa.Boolean(), nullable=False),
        sa.Column("alternate_contacts", sa.Text(), nullable=True),
        sa.Column("local_physician", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "language IN ('en', 'zh')", name=op.f("ck_contact_language")
        ),
        sa.CheckConstraint(
            "preferred_channel IS NULL OR preferred_channel IN ('phone', 'letter', 'email', 'sms', 'visit', 'local_physician')",
            name=op.f("ck_contact_preferred_channel"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_contact_subject_id_subject")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("subject_id", name=op.f("uq_contact_subject_id")),
    )
    op.create_table(
        "contact_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("attempt_date", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('phone', 'letter', 'email', 'sms', 'visit', 'local_physician')",
            name=op.f("ck_contact_attempt_channel"),
        ),
        sa.CheckConstraint(
            "outcome IN ('reached', 'no_answer', 'message_left', 'wrong_number', 'returned_mail', 'refused')",
            name=op.f("ck_contact_attempt_outcome"),
        ),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_contact_attempt_void_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subject.id"],
            name=op.f("fk_contact_attempt_subject_id_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_contact_attempt_user_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_contact_attempt_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempt")),
    )
    with op.batch_alter_table("contact_attempt", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_attempt_subject_date",
            ["subject_id", "attempt_date"],
            unique=False,
        )

    op.create_table(
        "infusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("infusion_date", sa.Date(), nullable=False),
        sa.Column("dose_level", sa.String(length=16), nullable=False),
        sa.Column("cell_dose", sa.Float(), nullable=True),
        sa.Column("product_lot", sa.String(length=64), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_infusion_void_reason"),
        ),
        sa.CheckConstraint(
            "cell_dose IS NULL OR cell_dose > 0", name=op.f("ck_infusion_cell_dose")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_infusion_subject_id_subject")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_infusion_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusion")),
        sa.UniqueConstraint(
            "subject_id", "sequence", name=op.f("uq_infusion_subject_id")
        ),
    )
    with op.batch_alter_table("infusion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_infusion_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("visit_codes", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("printed_on", sa.Date(), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_by", sa.Integer(), nullable=True),
        sa.Column("returned_mail", sa.Boolean(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.CheckConstraint("language IN ('en', 'zh')", name=op.f("ck_letter_language")),
        sa.CheckConstraint(
            "recipient IN ('subject', 'physician')", name=op.f("ck_letter_recipient")
        ),
        sa.ForeignKeyConstraint(
            ["printed_by"], ["user.id"], name=op.f("fk_letter_printed_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_letter_subject_id_subject")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("result_date", sa.Date(), nullable=False),
        sa.Column("result_time", sa.String(length=8), nullable=True),
        sa.Column("analyte", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("blq", sa.Boolean(), nullable=False),
        sa.Column("lloq", sa.Float(), nullable=True),
        sa.Column("assay", sa.String(length=64), nullable=True),
        sa.Column("source_file", sa.String(length=255), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "analyte IN ('car_copies', 'car_cells', 'cd19_b_cells', 'cd22_b_cells', 'igg', 'il6', 'il15', 'crp', 'mrd', 'rcl', 'hama')",
            name=op.f("ck_result_analyte"),
        ),
        sa.CheckConstraint(
            "category IS NULL OR category IN ('negative', 'positive', 'indeterminate', 'archived')",
            name=op.f("ck_result_category"),
        ),
        sa.CheckConstraint(
            "(value IS NULL) != (category IS NULL)",
            name=op.f("ck_result_value_or_category"),
        ),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_result_void_reason"),
        ),
        sa.CheckConstraint(
            "NOT blq OR lloq IS NOT NULL", name=op.f("ck_result_blq_lloq")
        ),
        sa.CheckConstraint("value IS NULL OR value >= 0", name=op.f("ck_result_value")),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_result_subject_id_subject")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_result_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result")),
    )
    with op.batch_alter_table("result", schema=None) as batch_op:
        batch_op.create_index(
            "ix_result_subject_analyte_date",
            ["subject_id", "analyte", "result_date"],
            unique=False,
        )

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("infusion_id", sa.Integer(), nullable=False),
        sa.Column("protocol_version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("nominal_date", sa.Date(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=True),
        sa.Column("assessments", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("cause", sa.String(length=24), nullable=True),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column("actual_mode", sa.String(length=16), nullable=True),
        sa.Column("performed_by", sa.Integer(), nullable=True),
        sa.Column("out_of_window", sa.Boolean(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(state = 'cancelled') = (cause IS NOT NULL)",
            name=op.f("ck_visit_cancel_cause"),
        ),
        sa.CheckConstraint(
            "actual_mode IS NULL OR actual_mode IN ('clinic', 'phone', 'questionnaire', 'records')",
            name=op.f("ck_visit_actual_mode"),
        ),
        sa.CheckConstraint(
            "cause IS NULL OR cause IN ('death', 'withdrawal', 'lost_to_follow_up', 'stop_rule', 'replanned')",
            name=op.f("ck_visit_cause"),
        ),
        sa.CheckConstraint(
            "mode IS NULL OR mode IN ('clinic', 'phone', 'questionnaire', 'records')",
            name=op.f("ck_visit_mode"),
        ),
        sa.CheckConstraint(
            "state != 'completed' OR actual_date IS NOT NULL",
            name=op.f("ck_visit_completed_date"),
        ),
        sa.CheckConstraint(
            "state IN ('planned', 'completed', 'missed', 'cancelled')",
            name=op.f("ck_visit_state"),
        ),
        sa.CheckConstraint(
            "(voided_at IS NULL) = (void_reason IS NULL)",
            name=op.f("ck_visit_void_reason"),
        ),
        sa.CheckConstraint(
            "window_start IS NULL OR (window_start <= nominal_date AND nominal_date <= window_end)",
            name=op.f("ck_visit_window"),
        ),
        sa.ForeignKeyConstraint(
            ["infusion_id"], ["infusion.id"], name=op.f("fk_visit_infusion_id_infusion")
        ),
        sa.ForeignKeyConstraint(
            ["performed_by"], ["user.id"], name=op.f("fk_visit_performed_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["protocol_version_id"],
            ["protocol_version.id"],
            name=op.f("fk_visit_protocol_version_id_protocol_version"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_visit_subject_id_subject")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["user.id"], name=op.f("fk_visit_voided_by_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_subject_nominal", ["subject_id", "nominal_date"], unique=False
        )

    op.create_table(
        "visit_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("old_state", sa.String(length=16), nullable=True),
        sa.Column("new_state", sa.String(length=16), nullable=False),
        sa.Column("cause", sa.String(length=24), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "new_state IN ('planned', 'completed', 'missed', 'cancelled')",
            name=op.f("ck_visit_status_change_new_state"),
        ),
        sa.CheckConstraint(
            "old_state IS NULL OR old_state IN ('planned', 'completed', 'missed', 'cancelled')",
            name=op.f("ck_visit_status_change_old_state"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["user.id"],
            name=op.f("fk_visit_status_change_changed_by_user"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_status_change_visit_id_visit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_status_change")),
    )
    with op.batch_alter_table("visit_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_status_change_visit_id"), ["visit_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("visit_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_status_change_visit_id"))

    op.drop_table("visit_status_change")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_subject_nominal")

    op.drop_table("visit")
    with op.batch_alter_table("result", schema=None) as batch_op:
        batch_op.drop_index("ix_result_subject_analyte_date")

    op.drop_table("result")
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_subject_id"))

    op.drop_table("letter")
    with op.batch_alter_table("infusion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infusion_subject_id"))

    op.drop_table("infusion")
    with op.batch_alter_table("contact_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_attempt_subject_date")

    op.drop_table("contact_attempt")
    op.drop_table("contact")
    with op.batch_alter_table("clinical_event", schema=None) as batch_op:
        batch_op.drop_index("ix_clinical_event_subject_date")

    op.drop_table("clinical_event")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_table_record")
        batch_op.drop_index(batch_op.f("ix_audit_event_subject_id"))

    op.drop_table("audit_event")
    with op.batch_alter_table("adverse_event", schema=None) as batch_op:
        batch_op.drop_index("ix_adverse_event_subject_onset")

    op.drop_table("adverse_event")
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_site_status")

    op.drop_table("subject")
    op.drop_table("signature")
    op.drop_table("user")
    op.drop_table("site")
    op.drop_table("protocol_version")
