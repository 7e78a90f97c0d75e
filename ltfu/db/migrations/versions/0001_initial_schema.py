"""initial schema"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _check(table: str, name: str, sql: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sql, name=op.f(f"ck_{table}_{name}"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _void_columns() -> tuple[sa.Column, ...]:
    """A voidable record's three columns: when, by whom and why it was voided."""
    return (
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
    )


def _void_check(table: str) -> sa.CheckConstraint:
    return _check(table, "void_reason", "(voided_at IS NULL) = (void_reason IS NULL)")


def _index(table: str, name: str, columns: list[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(name), columns, unique=False)


TABLES = (
    "protocol_version",
    "site",
    "user",
    "signature",
    "subject",
    "adverse_event",
    "audit_event",
    "clinical_event",
    "contact",
    "contact_attempt",
    "infusion",
    "letter",
    "result",
    "visit",
    "visit_status_change",
)


def upgrade() -> None:
    op.create_table(
        "protocol_version",
        _id(),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("version_label", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        _pk("protocol_version"),
        sa.UniqueConstraint("protocol_id", "content_hash", name=op.f("uq_protocol_version_protocol_id")),
    )
    op.create_table(
        "site",
        _id(),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        _pk("site"),
        sa.UniqueConstraint("code", name=op.f("uq_site_code")),
    )
    op.create_table(
        "user",
        _id(),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _check("user", "role", "role IN ('nurse', 'coordinator', 'pi', 'admin')"),
        _pk("user"),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "signature",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("printed_name", sa.String(length=200), nullable=False),
        sa.Column("meaning", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_kind", sa.String(length=32), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=True),
        _fk("signature", "user_id", "user"),
        _pk("signature"),
    )
    op.create_table(
        "subject",
        _id(),
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
        *_void_columns(),
        _check("subject", "sex", "sex IS NULL OR sex IN ('F', 'M', 'U')"),
        _check("subject", "status", "status IN ('active', 'completed', 'withdrawn', 'lost_to_follow_up', 'dead')"),
        _check(
            "subject",
            "withdrawal_scope",
            "withdrawal_scope IS NULL OR withdrawal_scope IN ('treatment', 'visits', 'all')",
        ),
        _void_check("subject"),
        _check("subject", "birth_year", "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200"),
        _fk("subject", "protocol_version_id", "protocol_version"),
        _fk("subject", "site_id", "site"),
        _fk("subject", "voided_by", "user"),
        _pk("subject"),
        sa.UniqueConstraint("study_id", name=op.f("uq_subject_study_id")),
    )
    _index("subject", "ix_subject_site_status", ["site_id", "status"])
    op.create_table(
        "adverse_event",
        _id(),
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
        *_void_columns(),
        _check("adverse_event", "kind", "kind IN ('ctcae', 'crs', 'icans')"),
        _check(
            "adverse_event",
            "special_interest",
            "special_interest IS NULL OR special_interest IN ('new_malignancy', 't_cell_malignancy', 'neurologic', 'autoimmune', 'hematologic', 'serious_infection')",
        ),
        _void_check("adverse_event"),
        _check("adverse_event", "grade", "grade BETWEEN 1 AND 5"),
        _check("adverse_event", "resolution", "resolution_date IS NULL OR resolution_date >= onset_date"),
        _fk("adverse_event", "subject_id", "subject"),
        _fk("adverse_event", "voided_by", "user"),
        _pk("adverse_event"),
    )
    _index("adverse_event", "ix_adverse_event_subject_onset", ["subject_id", "onset_date"])
    op.create_table(
        "audit_event",
        _id(),
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
        _check(
            "audit_event",
            "action",
            "action IN ('create', 'update', 'void', 'login', 'login_failed', 'sign', 'import', 'export', 'backup', 'restore')",
        ),
        _fk("audit_event", "subject_id", "subject"),
        _fk("audit_event", "user_id", "user"),
        _pk("audit_event"),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
    )
    _index("audit_event", "ix_audit_event_subject_id", ["subject_id"])
    _index("audit_event", "ix_audit_event_table_record", ["table_name", "record_id"])
    op.create_table(
        "clinical_event",
        _id(),
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
        *_void_columns(),
        _check(
            "clinical_event", "cd19_status", "cd19_status IS NULL OR cd19_status IN ('positive', 'dim', 'negative')"
        ),
        _check(
            "clinical_event", "cd22_status", "cd22_status IS NULL OR cd22_status IN ('positive', 'dim', 'negative')"
        ),
        _check("clinical_event", "response_given", "kind != 'response' OR response IS NOT NULL"),
        _check(
            "clinical_event",
            "kind",
            "kind IN ('response', 'relapse', 'progression', 'death', 'alive', 'hsct', 'new_therapy', 'withdrawal', 'lost_to_follow_up', 'lost_to_follow_up_reversed')",
        ),
        _check("clinical_event", "response", "response IS NULL OR response IN ('CR', 'CRi', 'PR', 'NR')"),
        _check(
            "clinical_event",
            "withdrawal_scope",
            "withdrawal_scope IS NULL OR withdrawal_scope IN ('treatment', 'visits', 'all')",
        ),
        _void_check("clinical_event"),
        _fk("clinical_event", "subject_id", "subject"),
        _fk("clinical_event", "voided_by", "user"),
        _pk("clinical_event"),
    )
    _index("clinical_event", "ix_clinical_event_subject_date", ["subject_id", "event_date"])
    op.create_table(
        "contact",
        _id(),
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
        _check("contact", "language", "language IN ('en', 'zh')"),
        _check(
            "contact",
            "preferred_channel",
            "preferred_channel IS NULL OR preferred_channel IN ('phone', 'letter', 'email', 'sms', 'visit', 'local_physician')",
        ),
        _fk("contact", "subject_id", "subject"),
        _pk("contact"),
        sa.UniqueConstraint("subject_id", name=op.f("uq_contact_subject_id")),
    )
    op.create_table(
        "contact_attempt",
        _id(),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("attempt_date", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        *_void_columns(),
        _check(
            "contact_attempt", "channel", "channel IN ('phone', 'letter', 'email', 'sms', 'visit', 'local_physician')"
        ),
        _check(
            "contact_attempt",
            "outcome",
            "outcome IN ('reached', 'no_answer', 'message_left', 'wrong_number', 'returned_mail', 'refused')",
        ),
        _void_check("contact_attempt"),
        _fk("contact_attempt", "subject_id", "subject"),
        _fk("contact_attempt", "user_id", "user"),
        _fk("contact_attempt", "voided_by", "user"),
        _pk("contact_attempt"),
    )
    _index("contact_attempt", "ix_contact_attempt_subject_date", ["subject_id", "attempt_date"])
    op.create_table(
        "infusion",
        _id(),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("infusion_date", sa.Date(), nullable=False),
        sa.Column("dose_level", sa.String(length=16), nullable=False),
        sa.Column("cell_dose", sa.Float(), nullable=True),
        sa.Column("product_lot", sa.String(length=64), nullable=True),
        *_void_columns(),
        _void_check("infusion"),
        _check("infusion", "cell_dose", "cell_dose IS NULL OR cell_dose > 0"),
        _fk("infusion", "subject_id", "subject"),
        _fk("infusion", "voided_by", "user"),
        _pk("infusion"),
        sa.UniqueConstraint("subject_id", "sequence", name=op.f("uq_infusion_subject_id")),
    )
    _index("infusion", "ix_infusion_subject_id", ["subject_id"])
    op.create_table(
        "letter",
        _id(),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("visit_codes", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("printed_on", sa.Date(), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_by", sa.Integer(), nullable=True),
        sa.Column("returned_mail", sa.Boolean(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        _check("letter", "language", "language IN ('en', 'zh')"),
        _check("letter", "recipient", "recipient IN ('subject', 'physician')"),
        _fk("letter", "printed_by", "user"),
        _fk("letter", "subject_id", "subject"),
        _pk("letter"),
    )
    _index("letter", "ix_letter_subject_id", ["subject_id"])
    op.create_table(
        "result",
        _id(),
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
        *_void_columns(),
        _check(
            "result",
            "analyte",
            "analyte IN ('car_copies', 'car_cells', 'cd19_b_cells', 'cd22_b_cells', 'igg', 'il6', 'il15', 'crp', 'mrd', 'rcl', 'hama')",
        ),
        _check(
            "result",
            "category",
            "category IS NULL OR category IN ('negative', 'positive', 'indeterminate', 'archived')",
        ),
        _check("result", "value_or_category", "(value IS NULL) != (category IS NULL)"),
        _void_check("result"),
        _check("result", "blq_lloq", "NOT blq OR lloq IS NOT NULL"),
        _check("result", "value", "value IS NULL OR value >= 0"),
        _fk("result", "subject_id", "subject"),
        _fk("result", "voided_by", "user"),
        _pk("result"),
    )
    _index("result", "ix_result_subject_analyte_date", ["subject_id", "analyte", "result_date"])
    op.create_table(
        "visit",
        _id(),
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
        *_void_columns(),
        _check("visit", "cancel_cause", "(state = 'cancelled') = (cause IS NOT NULL)"),
        _check(
            "visit",
            "actual_mode",
            "actual_mode IS NULL OR actual_mode IN ('clinic', 'phone', 'questionnaire', 'records')",
        ),
        _check(
            "visit",
            "cause",
            "cause IS NULL OR cause IN ('death', 'withdrawal', 'lost_to_follow_up', 'stop_rule', 'replanned')",
        ),
        _check("visit", "mode", "mode IS NULL OR mode IN ('clinic', 'phone', 'questionnaire', 'records')"),
        _check("visit", "completed_date", "state != 'completed' OR actual_date IS NOT NULL"),
        _check("visit", "state", "state IN ('planned', 'completed', 'missed', 'cancelled')"),
        _void_check("visit"),
        _check(
            "visit", "window", "window_start IS NULL OR (window_start <= nominal_date AND nominal_date <= window_end)"
        ),
        _fk("visit", "infusion_id", "infusion"),
        _fk("visit", "performed_by", "user"),
        _fk("visit", "protocol_version_id", "protocol_version"),
        _fk("visit", "subject_id", "subject"),
        _fk("visit", "voided_by", "user"),
        _pk("visit"),
    )
    _index("visit", "ix_visit_subject_nominal", ["subject_id", "nominal_date"])
    op.create_table(
        "visit_status_change",
        _id(),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("old_state", sa.String(length=16), nullable=True),
        sa.Column("new_state", sa.String(length=16), nullable=False),
        sa.Column("cause", sa.String(length=24), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        _check("visit_status_change", "new_state", "new_state IN ('planned', 'completed', 'missed', 'cancelled')"),
        _check(
            "visit_status_change",
            "old_state",
            "old_state IS NULL OR old_state IN ('planned', 'completed', 'missed', 'cancelled')",
        ),
        _fk("visit_status_change", "changed_by", "user"),
        _fk("visit_status_change", "visit_id", "visit"),
        _pk("visit_status_change"),
    )
    _index("visit_status_change", "ix_visit_status_change_visit_id", ["visit_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes.
    for table in reversed(TABLES):
        op.drop_table(table)
