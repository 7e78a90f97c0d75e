"""initial schema"""

from alembic import op

from ltfu.db.migrations import ddl

revision = "0001"
down_revision = None


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
    ddl.create_table(
        "protocol_version",
        "id:int protocol_id:str64 version_label:str64 content_hash:str64 source_name:str255 content:text",
        "effective_date:date loaded_at:when",
        ddl.pk(),
        ddl.unique("protocol_id", "content_hash"),
    )
    ddl.create_table(
        "site",
        "id:int code:str32 name:str200 address:text? phone:str64?",
        ddl.pk(),
        ddl.unique("code"),
    )
    ddl.create_table(
        "user",
        "id:int username:str64 full_name:str200 role:str16 password_hash:text? active:bool failed_logins:int",
        "locked_until:when? created_at:when",
        ddl.checks(role="role IN ('nurse', 'coordinator', 'pi', 'admin')"),
        ddl.pk(),
        ddl.unique("username"),
    )
    ddl.create_table(
        "signature",
        "id:int user_id:int printed_name:str200 meaning:str64 signed_at:when document_kind:str32",
        "document_sha256:str64 data_hash:str64?",
        ddl.fks("user_id:user"),
        ddl.pk(),
    )
    ddl.create_table(
        "subject",
        "id:int study_id:str32 site_id:int protocol_version_id:int dose_level:str16 birth_year:int? sex:str1?",
        "race:str64? status:str24 withdrawal_scope:str16? consent_version:str32? enrolled_on:date? created_at:when",
        "voided_at:when? voided_by:int? void_reason:text?",
        ddl.checks(
            """
            sex: sex IS NULL OR sex IN ('F', 'M', 'U')
            status: status IN ('active', 'completed', 'withdrawn', 'lost_to_follow_up', 'dead')
            withdrawal_scope: withdrawal_scope IS NULL OR withdrawal_scope IN ('treatment', 'visits', 'all')
            void_reason: (voided_at IS NULL) = (void_reason IS NULL)
            birth_year: birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200
            """
        ),
        ddl.fks("protocol_version_id:protocol_version site_id:site voided_by:user"),
        ddl.pk(),
        ddl.unique("study_id"),
    )
    _index("subject", "ix_subject_site_status", ["site_id", "status"])
    ddl.create_table(
        "adverse_event",
        "id:int subject_id:int kind:str8 term:str200 grade:int onset_date:date resolution_date:date? serious:bool",
        "related:bool dlt:bool special_interest:str24? source_file:str255? voided_at:when? voided_by:int?",
        "void_reason:text?",
        ddl.checks(
            """
            kind: kind IN ('ctcae', 'crs', 'icans')
            special_interest: special_interest IS NULL OR special_interest IN ('new_malignancy', 't_cell_malignancy', 'neurologic', 'autoimmune', 'hematologic', 'serious_infection')
            void_reason: (voided_at IS NULL) = (void_reason IS NULL)
            grade: grade BETWEEN 1 AND 5
            resolution: resolution_date IS NULL OR resolution_date >= onset_date
            """
        ),
        ddl.fks("subject_id:subject voided_by:user"),
        ddl.pk(),
    )
    _index("adverse_event", "ix_adverse_event_subject_onset", ["subject_id", "onset_date"])
    ddl.create_table(
        "audit_event",
        "id:int at:when user_id:int? action:str16 table_name:str32 record_id:int? subject_id:int? field:str64?",
        "old_value:text? new_value:text? reason:text? prev_hash:str64 hash:str64",
        ddl.checks(
            action="action IN ('create', 'update', 'void', 'login', 'login_failed', 'sign', 'import', 'export', 'backup', 'restore')",
        ),
        ddl.fks("subject_id:subject user_id:user"),
        ddl.pk(),
        ddl.unique("hash"),
    )
    _index("audit_event", "ix_audit_event_subject_id", ["subject_id"])
    _index("audit_event", "ix_audit_event_table_record", ["table_name", "record_id"])
    ddl.create_table(
        "clinical_event",
        "id:int subject_id:int event_date:date kind:str32 detail:text? response:str4? mrd_negative:bool?",
        "cd19_status:str12? cd22_status:str12? lineage_switch:bool? death_cause:text? withdrawal_scope:str16?",
        "source_file:str255? voided_at:when? voided_by:int? void_reason:text?",
        ddl.checks(
            """
            cd19_status: cd19_status IS NULL OR cd19_status IN ('positive', 'dim', 'negative')
            cd22_status: cd22_status IS NULL OR cd22_status IN ('positive', 'dim', 'negative')
            response_given: kind != 'response' OR response IS NOT NULL
            kind: kind IN ('response', 'relapse', 'progression', 'death', 'alive', 'hsct', 'new_therapy', 'withdrawal', 'lost_to_follow_up', 'lost_to_follow_up_reversed')
            response: response IS NULL OR response IN ('CR', 'CRi', 'PR', 'NR')
            withdrawal_scope: withdrawal_scope IS NULL OR withdrawal_scope IN ('treatment', 'visits', 'all')
            void_reason: (voided_at IS NULL) = (void_reason IS NULL)
            """
        ),
        ddl.fks("subject_id:subject voided_by:user"),
        ddl.pk(),
    )
    _index("clinical_event", "ix_clinical_event_subject_date", ["subject_id", "event_date"])
    ddl.create_table(
        "contact",
        "id:int subject_id:int given_name:str200? family_name:str200? birth_date:date? address:text?",
        "postal_code:str32? city:str200? country:str100? phone:str64? email:str200? language:str8",
        "preferred_channel:str16? confidential_address:bool alternate_contacts:text? local_physician:text?",
        ddl.checks(
            """
            language: language IN ('en', 'zh')
            preferred_channel: preferred_channel IS NULL OR preferred_channel IN ('phone', 'letter', 'email', 'sms', 'visit', 'local_physician')
            """
        ),
        ddl.fks("subject_id:subject"),
        ddl.pk(),
        ddl.unique("subject_id"),
    )
    ddl.create_table(
        "contact_attempt",
        "id:int subject_id:int attempt_date:date channel:str16 outcome:str16 note:text? user_id:int? voided_at:when?",
        "voided_by:int? void_reason:text?",
        ddl.checks(
            """
            channel: channel IN ('phone', 'letter', 'email', 'sms', 'visit', 'local_physician')
            outcome: outcome IN ('reached', 'no_answer', 'message_left', 'wrong_number', 'returned_mail', 'refused')
            void_reason: (voided_at IS NULL) = (void_reason IS NULL)
            """
        ),
        ddl.fks("subject_id:subject user_id:user voided_by:user"),
        ddl.pk(),
    )
    _index("contact_attempt", "ix_contact_attempt_subject_date", ["subject_id", "attempt_date"])
    ddl.create_table(
        "infusion",
        "id:int subject_id:int sequence:int infusion_date:date dose_level:str16 cell_dose:float? product_lot:str64?",
        "voided_at:when? voided_by:int? void_reason:text?",
        ddl.checks(void_reason=ddl.VOID_RULE, cell_dose="cell_dose IS NULL OR cell_dose > 0"),
        ddl.fks("subject_id:subject voided_by:user"),
        ddl.pk(),
        ddl.unique("subject_id", "sequence"),
    )
    _index("infusion", "ix_infusion_subject_id", ["subject_id"])
    ddl.create_table(
        "letter",
        "id:int subject_id:int recipient:str16 visit_codes:str200 language:str8 printed_on:date printed_at:when",
        "printed_by:int? returned_mail:bool returned_on:date?",
        ddl.checks(language="language IN ('en', 'zh')", recipient="recipient IN ('subject', 'physician')"),
        ddl.fks("printed_by:user subject_id:subject"),
        ddl.pk(),
    )
    _index("letter", "ix_letter_subject_id", ["subject_id"])
    ddl.create_table(
        "result",
        "id:int subject_id:int result_date:date result_time:str8? analyte:str16 value:float? category:str16?",
        "unit:str16 blq:bool lloq:float? assay:str64? source_file:str255? voided_at:when? voided_by:int?",
        "void_reason:text?",
        ddl.checks(
            """
            analyte: analyte IN ('car_copies', 'car_cells', 'cd19_b_cells', 'cd22_b_cells', 'igg', 'il6', 'il15', 'crp', 'mrd', 'rcl', 'hama')
            category: category IS NULL OR category IN ('negative', 'positive', 'indeterminate', 'archived')
            value_or_category: (value IS NULL) != (category IS NULL)
            void_reason: (voided_at IS NULL) = (void_reason IS NULL)
            blq_lloq: NOT blq OR lloq IS NOT NULL
            value: value IS NULL OR value >= 0
            """
        ),
        ddl.fks("subject_id:subject voided_by:user"),
        ddl.pk(),
    )
    _index("result", "ix_result_subject_analyte_date", ["subject_id", "analyte", "result_date"])
    ddl.create_table(
        "visit",
        "id:int subject_id:int infusion_id:int protocol_version_id:int code:str16? sequence:int? nominal_date:date",
        "window_start:date? window_end:date? mode:str16? assessments:str200 state:str16 cause:str24?",
        "actual_date:date? actual_mode:str16? performed_by:int? out_of_window:bool voided_at:when? voided_by:int?",
        "void_reason:text?",
        ddl.checks(
            """
            cancel_cause: (state = 'cancelled') = (cause IS NOT NULL)
            actual_mode: actual_mode IS NULL OR actual_mode IN ('clinic', 'phone', 'questionnaire', 'records')
            cause: cause IS NULL OR cause IN ('death', 'withdrawal', 'lost_to_follow_up', 'stop_rule', 'replanned')
            mode: mode IS NULL OR mode IN ('clinic', 'phone', 'questionnaire', 'records')
            completed_date: state != 'completed' OR actual_date IS NOT NULL
            state: state IN ('planned', 'completed', 'missed', 'cancelled')
            void_reason: (voided_at IS NULL) = (void_reason IS NULL)
            window: window_start IS NULL OR (window_start <= nominal_date AND nominal_date <= window_end)
            """
        ),
        ddl.fks(
            "infusion_id:infusion performed_by:user protocol_version_id:protocol_version subject_id:subject "
            "voided_by:user"
        ),
        ddl.pk(),
    )
    _index("visit", "ix_visit_subject_nominal", ["subject_id", "nominal_date"])
    ddl.create_table(
        "visit_status_change",
        "id:int visit_id:int old_state:str16? new_state:str16 cause:str24? reason:text? changed_by:int?",
        "changed_at:when",
        ddl.checks(
            """
            new_state: new_state IN ('planned', 'completed', 'missed', 'cancelled')
            old_state: old_state IS NULL OR old_state IN ('planned', 'completed', 'missed', 'cancelled')
            """
        ),
        ddl.fks("changed_by:user visit_id:visit"),
        ddl.pk(),
    )
    _index("visit_status_change", "ix_visit_status_change_visit_id", ["visit_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes.
    for table in reversed(TABLES):
        op.drop_table(table)
