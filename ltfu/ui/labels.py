"""The words the window shows for stored codes (statuses, modes, channels, analytes ...).

Each label is a literal `translate` call so that `pyside6-lupdate` finds it; the
tables are built on first use after the translator is installed. A table for a
vocabulary declared in `ltfu.vocabulary` takes its codes, and their order, from there;
tests/ui/test_labels.py fails when a declared code has no label here or no
translation in a shipped language.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ltfu import vocabulary
from ltfu.errors import Message, recognised

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ltfu.services.alerts import SafetyAlert

_unlabelled: set[str] = set()


def _keyed(codes: tuple[str, ...], texts: dict[str, str]) -> dict[str, str]:
    """A table for a declared vocabulary: its codes, in its order (`ltfu.vocabulary`),
    each with its text; a code without one shows as the code (`unlabelled` lists it)."""
    _unlabelled.update(code for code in codes if code not in texts)
    return {code: texts.get(code, code.replace("_", " ")) for code in codes}


def unlabelled() -> tuple[str, ...]:
    """Declared codes that have no label here (a test requires none)."""
    _tables()
    return tuple(sorted(_unlabelled))


@cache
def _tables() -> dict[str, dict[str, str]]:
    return {
        "sex": _keyed(
            vocabulary.SEXES,
            {
                "F": QCoreApplication.translate("Vocabulary", "female"),
                "M": QCoreApplication.translate("Vocabulary", "male"),
                "U": QCoreApplication.translate("Vocabulary", "sex unknown"),
            },
        ),
        "audit_action": _keyed(
            vocabulary.AUDIT_ACTIONS,
            {
                "create": QCoreApplication.translate("Vocabulary", "created"),
                "update": QCoreApplication.translate("Vocabulary", "changed"),
                "void": QCoreApplication.translate("Vocabulary", "voided"),
                "login": QCoreApplication.translate("Vocabulary", "signed in"),
                "login_failed": QCoreApplication.translate("Vocabulary", "sign-in refused"),
                "sign": QCoreApplication.translate("Vocabulary", "signed"),
                "import": QCoreApplication.translate("Vocabulary", "imported"),
                "export": QCoreApplication.translate("Vocabulary", "exported"),
                "backup": QCoreApplication.translate("Vocabulary", "backed up"),
                "restore": QCoreApplication.translate("Vocabulary", "restored"),
            },
        ),
        # The audit trail's records (tables) and fields (columns), by their stored names.
        "record": {
            "adverse_event": QCoreApplication.translate("Fields", "adverse event"),
            "audit_event": QCoreApplication.translate("Fields", "audit entry"),
            "case_step": QCoreApplication.translate("Fields", "case step"),
            "clinical_event": QCoreApplication.translate("Fields", "clinical event"),
            "contact": QCoreApplication.translate("Fields", "contact details"),
            "consent": QCoreApplication.translate("Fields", "consent"),
            "contact_attempt": QCoreApplication.translate("Fields", "contact attempt"),
            "data_cut": QCoreApplication.translate("Fields", "data cut"),
            "infusion": QCoreApplication.translate("Fields", "infusion"),
            "ind_plan": QCoreApplication.translate("Fields", "IND report plan"),
            "query": QCoreApplication.translate("Fields", "data query"),
            "user_grant": QCoreApplication.translate("Fields", "access grant"),
            "subject_transfer": QCoreApplication.translate("Fields", "move to another site"),
            "letter": QCoreApplication.translate("Fields", "letter"),
            "medication": QCoreApplication.translate("Fields", "immunoglobulin replacement"),
            "protocol_version": QCoreApplication.translate("Fields", "protocol version"),
            "result": QCoreApplication.translate("Fields", "result"),
            "result_pack": QCoreApplication.translate("Fields", "result file"),
            "result_pack_tail": QCoreApplication.translate("Fields", "result file, rows added since"),
            "safety_alert": QCoreApplication.translate("Fields", "safety alert"),
            "safety_case": QCoreApplication.translate("Fields", "safety case"),
            "safety_report": QCoreApplication.translate("Fields", "safety report"),
            "safety_screen": QCoreApplication.translate("Fields", "safety screen"),
            "sample": QCoreApplication.translate("Fields", "sample"),
            "sample_test": QCoreApplication.translate("Fields", "sample test"),
            "signature": QCoreApplication.translate("Fields", "signature"),
            "site": QCoreApplication.translate("Fields", "site"),
            "subject": QCoreApplication.translate("Fields", "subject"),
            "user": QCoreApplication.translate("Fields", "user"),
            "visit": QCoreApplication.translate("Fields", "visit"),
            "visit_status_change": QCoreApplication.translate("Fields", "visit status change"),
            "verification": QCoreApplication.translate("Fields", "source verification"),
        },
        "field": {
            "active": QCoreApplication.translate("Fields", "active"),
            "actual_date": QCoreApplication.translate("Fields", "date done"),
            "actual_mode": QCoreApplication.translate("Fields", "mode done"),
            "address": QCoreApplication.translate("Fields", "address"),
            "address_changed": QCoreApplication.translate("Fields", "address changed"),
            "adverse_event_id": QCoreApplication.translate("Fields", "adverse event"),
            "aliquots": QCoreApplication.translate("Fields", "aliquots"),
            "alternate_contacts": QCoreApplication.translate("Fields", "alternate contacts"),
            "analyte": QCoreApplication.translate("Fields", "analyte"),
            "assay": QCoreApplication.translate("Fields", "assay"),
            "assessments": QCoreApplication.translate("Fields", "assessments"),
            "attempt_date": QCoreApplication.translate("Fields", "attempt date"),
            "audit_entries": QCoreApplication.translate("Fields", "audit entries"),
            "audit_hash": QCoreApplication.translate("Fields", "audit hash"),
            "as_of": QCoreApplication.translate("Fields", "data up to"),
            "audit_last_id": QCoreApplication.translate("Fields", "last audit entry"),
            "clear_reason": QCoreApplication.translate("Fields", "why cleared"),
            "cleared_at": QCoreApplication.translate("Fields", "cleared at"),
            "cleared_by": QCoreApplication.translate("Fields", "cleared by"),
            "cut_at": QCoreApplication.translate("Fields", "frozen at"),
            "cut_by": QCoreApplication.translate("Fields", "frozen by"),
            "record_id": QCoreApplication.translate("Fields", "record number"),
            "record_table": QCoreApplication.translate("Fields", "record kind"),
            "verified_at": QCoreApplication.translate("Fields", "verified at"),
            "verified_by": QCoreApplication.translate("Fields", "verified by"),
            "autoimmune": QCoreApplication.translate("Fields", "autoimmune disorder"),
            "awareness_date": QCoreApplication.translate("Fields", "date the site knew"),
            "period_end": QCoreApplication.translate("Fields", "reporting period end"),
            "plan_text": QCoreApplication.translate("Fields", "plan for the coming year"),
            "target_table": QCoreApplication.translate("Fields", "queried record"),
            "field": QCoreApplication.translate("Fields", "field"),
            "text": QCoreApplication.translate("Fields", "question"),
            "check_code": QCoreApplication.translate("Fields", "edit check"),
            "raised_by": QCoreApplication.translate("Fields", "raised by"),
            "raised_at": QCoreApplication.translate("Fields", "raised at"),
            "answer": QCoreApplication.translate("Fields", "answer"),
            "answered_by": QCoreApplication.translate("Fields", "answered by"),
            "answered_at": QCoreApplication.translate("Fields", "answered at"),
            "correction_entry": QCoreApplication.translate("Fields", "correction (audit entry)"),
            "closed_at": QCoreApplication.translate("Fields", "closed at"),
            "from_site_id": QCoreApplication.translate("Fields", "site left"),
            "to_site_id": QCoreApplication.translate("Fields", "new site"),
            "transfer_date": QCoreApplication.translate("Fields", "date of the move"),
            "protocol_id": QCoreApplication.translate("Fields", "protocol"),
            "birth_date": QCoreApplication.translate("Fields", "birth date"),
            "birth_year": QCoreApplication.translate("Fields", "birth year"),
            "blq": QCoreApplication.translate("Fields", "below LLOQ"),
            "box": QCoreApplication.translate("Fields", "box"),
            "case_id": QCoreApplication.translate("Fields", "safety case"),
            "category": QCoreApplication.translate("Fields", "category"),
            "cause": QCoreApplication.translate("Fields", "cause"),
            "cd19_status": QCoreApplication.translate("Fields", "CD19 status"),
            "cd22_status": QCoreApplication.translate("Fields", "CD22 status"),
            "cell_dose": QCoreApplication.translate("Fields", "cell dose"),
            "channel": QCoreApplication.translate("Fields", "channel"),
            "city": QCoreApplication.translate("Fields", "city"),
            "closed_by": QCoreApplication.translate("Fields", "closed by"),
            "closed_on": QCoreApplication.translate("Fields", "closed on"),
            "code": QCoreApplication.translate("Fields", "code"),
            "confidential_address": QCoreApplication.translate("Fields", "confidential address"),
            "consent_date": QCoreApplication.translate("Fields", "consent date"),
            "consent_version": QCoreApplication.translate("Fields", "consent version"),
            "consented_by": QCoreApplication.translate("Fields", "consented by"),
            "contact_date": QCoreApplication.translate("Fields", "contact date"),
            "country": QCoreApplication.translate("Fields", "country"),
            "data_hash": QCoreApplication.translate("Fields", "data hash"),
            "death_cause": QCoreApplication.translate("Fields", "cause of death"),
            "destroy_reason": QCoreApplication.translate("Fields", "reason destroyed"),
            "destroyed_on": QCoreApplication.translate("Fields", "destroyed on"),
            "detail": QCoreApplication.translate("Fields", "detail"),
            "dlt": QCoreApplication.translate("Fields", "DLT"),
            "dose": QCoreApplication.translate("Fields", "dose"),
            "document_kind": QCoreApplication.translate("Fields", "document"),
            "document_sha256": QCoreApplication.translate("Fields", "document hash"),
            "done_by": QCoreApplication.translate("Fields", "done by"),
            "done_on": QCoreApplication.translate("Fields", "done on"),
            "dose_level": QCoreApplication.translate("Fields", "dose level"),
            "draw_date": QCoreApplication.translate("Fields", "date drawn"),
            "due_date": QCoreApplication.translate("Fields", "due date"),
            "email": QCoreApplication.translate("Fields", "e-mail"),
            "enrolled_on": QCoreApplication.translate("Fields", "enrolled on"),
            "event_date": QCoreApplication.translate("Fields", "event date"),
            "family_name": QCoreApplication.translate("Fields", "family name"),
            "freezer": QCoreApplication.translate("Fields", "freezer"),
            "full_name": QCoreApplication.translate("Fields", "full name"),
            "given_name": QCoreApplication.translate("Fields", "given name"),
            "grade": QCoreApplication.translate("Fields", "grade"),
            "hematologic": QCoreApplication.translate("Fields", "haematological disorder"),
            "hospitalisation": QCoreApplication.translate("Fields", "hospitalisation"),
            "infusion_date": QCoreApplication.translate("Fields", "infusion date"),
            "infusion_id": QCoreApplication.translate("Fields", "infusion"),
            "keep_until": QCoreApplication.translate("Fields", "keep until"),
            "kind": QCoreApplication.translate("Fields", "kind"),
            "language": QCoreApplication.translate("Fields", "language"),
            "lineage_switch": QCoreApplication.translate("Fields", "lineage switch"),
            "lloq": QCoreApplication.translate("Fields", "LLOQ"),
            "local_physician": QCoreApplication.translate("Fields", "local physician"),
            "meaning": QCoreApplication.translate("Fields", "meaning"),
            "mode": QCoreApplication.translate("Fields", "mode"),
            "mrd_negative": QCoreApplication.translate("Fields", "MRD negative"),
            "neurologic": QCoreApplication.translate("Fields", "neurological disorder"),
            "new_doctor": QCoreApplication.translate("Fields", "new doctor"),
            "new_malignancy": QCoreApplication.translate("Fields", "new malignancy"),
            "new_medicines": QCoreApplication.translate("Fields", "new medicines"),
            "nominal_date": QCoreApplication.translate("Fields", "nominal date"),
            "note": QCoreApplication.translate("Fields", "note"),
            "onset_date": QCoreApplication.translate("Fields", "onset date"),
            "out_of_window": QCoreApplication.translate("Fields", "out of window"),
            "outcome": QCoreApplication.translate("Fields", "outcome"),
            "owner": QCoreApplication.translate("Fields", "owner"),
            "password": QCoreApplication.translate("Fields", "password"),
            "performed_by": QCoreApplication.translate("Fields", "performed by"),
            "phone": QCoreApplication.translate("Fields", "phone"),
            "position": QCoreApplication.translate("Fields", "position"),
            "postal_code": QCoreApplication.translate("Fields", "postal code"),
            "preferred_channel": QCoreApplication.translate("Fields", "preferred channel"),
            "printed_by": QCoreApplication.translate("Fields", "printed by"),
            "printed_name": QCoreApplication.translate("Fields", "printed name"),
            "printed_on": QCoreApplication.translate("Fields", "printed on"),
            "product_lot": QCoreApplication.translate("Fields", "product lot"),
            "protocol_version_id": QCoreApplication.translate("Fields", "protocol version"),
            "race": QCoreApplication.translate("Fields", "race"),
            "rack": QCoreApplication.translate("Fields", "rack"),
            "reason": QCoreApplication.translate("Fields", "reason"),
            "recorded_by": QCoreApplication.translate("Fields", "recorded by"),
            "recipient": QCoreApplication.translate("Fields", "recipient"),
            "reference": QCoreApplication.translate("Fields", "reference"),
            "related": QCoreApplication.translate("Fields", "related"),
            "resolution_date": QCoreApplication.translate("Fields", "resolution date"),
            "response": QCoreApplication.translate("Fields", "response"),
            "result_date": QCoreApplication.translate("Fields", "result date"),
            "result_id": QCoreApplication.translate("Fields", "result"),
            "result_text": QCoreApplication.translate("Fields", "result text"),
            "result_time": QCoreApplication.translate("Fields", "result time"),
            "returned_mail": QCoreApplication.translate("Fields", "returned mail"),
            "returned_on": QCoreApplication.translate("Fields", "returned on"),
            "role": QCoreApplication.translate("Fields", "role"),
            "rows": QCoreApplication.translate("Fields", "rows"),
            "sample_code": QCoreApplication.translate("Fields", "sample code"),
            "sample_id": QCoreApplication.translate("Fields", "sample"),
            "sample_type": QCoreApplication.translate("Fields", "sample type"),
            "sent_by": QCoreApplication.translate("Fields", "sent by"),
            "sent_on": QCoreApplication.translate("Fields", "sent on"),
            "sent_to": QCoreApplication.translate("Fields", "sent to"),
            "sequence": QCoreApplication.translate("Fields", "order"),
            "serious": QCoreApplication.translate("Fields", "serious"),
            "serious_infection": QCoreApplication.translate("Fields", "serious infection"),
            "sex": QCoreApplication.translate("Fields", "sex"),
            "shipped_on": QCoreApplication.translate("Fields", "shipped on"),
            "shipped_to": QCoreApplication.translate("Fields", "shipped to"),
            "signed_at": QCoreApplication.translate("Fields", "signed at"),
            "site_id": QCoreApplication.translate("Fields", "site"),
            "source": QCoreApplication.translate("Fields", "source"),
            "source_file": QCoreApplication.translate("Fields", "source file"),
            "special_interest": QCoreApplication.translate("Fields", "special interest"),
            "start_date": QCoreApplication.translate("Fields", "start date"),
            "state": QCoreApplication.translate("Fields", "state"),
            "status": QCoreApplication.translate("Fields", "status"),
            "stop_date": QCoreApplication.translate("Fields", "stop date"),
            "study_id": QCoreApplication.translate("Fields", "study id"),
            "subject_id": QCoreApplication.translate("Fields", "subject"),
            "t_cell": QCoreApplication.translate("Fields", "T-cell"),
            "term": QCoreApplication.translate("Fields", "term"),
            "test_date": QCoreApplication.translate("Fields", "test date"),
            "test_name": QCoreApplication.translate("Fields", "test"),
            "unexpected": QCoreApplication.translate("Fields", "unexpected"),
            "unit": QCoreApplication.translate("Fields", "unit"),
            "user_id": QCoreApplication.translate("Fields", "user"),
            "username": QCoreApplication.translate("Fields", "user name"),
            "version": QCoreApplication.translate("Fields", "version"),
            "value": QCoreApplication.translate("Fields", "value"),
            "visit_codes": QCoreApplication.translate("Fields", "visits"),
            "visit_id": QCoreApplication.translate("Fields", "visit"),
            "void_reason": QCoreApplication.translate("Fields", "reason voided"),
            "voided_at": QCoreApplication.translate("Fields", "voided at"),
            "voided_by": QCoreApplication.translate("Fields", "voided by"),
            "window_end": QCoreApplication.translate("Fields", "window end"),
            "window_start": QCoreApplication.translate("Fields", "window start"),
            "withdrawal_scope": QCoreApplication.translate("Fields", "withdrawal scope"),
        },
        "visit_status": {
            "overdue": QCoreApplication.translate("Vocabulary", "Overdue"),
            "due": QCoreApplication.translate("Vocabulary", "Due"),
            "upcoming": QCoreApplication.translate("Vocabulary", "Upcoming"),
            "completed": QCoreApplication.translate("Vocabulary", "Done"),
            "missed": QCoreApplication.translate("Vocabulary", "Missed"),
            "cancelled": QCoreApplication.translate("Vocabulary", "Cancelled"),
            "unscheduled": QCoreApplication.translate("Vocabulary", "Unscheduled"),
        },
        "cause": _keyed(
            vocabulary.CANCEL_CAUSES,
            {
                "death": QCoreApplication.translate("Vocabulary", "death"),
                "withdrawal": QCoreApplication.translate("Vocabulary", "withdrawal"),
                "lost_to_follow_up": QCoreApplication.translate("Vocabulary", "lost to follow-up"),
                "stop_rule": QCoreApplication.translate("Vocabulary", "stop rule"),
                "reinfusion": QCoreApplication.translate("Vocabulary", "re-infusion"),
                "replanned": QCoreApplication.translate("Vocabulary", "re-planned"),
            },
        ),
        "subject_status": _keyed(
            vocabulary.SUBJECT_STATUSES,
            {
                "active": QCoreApplication.translate("Vocabulary", "Active"),
                "completed": QCoreApplication.translate("Vocabulary", "Completed"),
                "withdrawn": QCoreApplication.translate("Vocabulary", "Withdrawn"),
                "lost_to_follow_up": QCoreApplication.translate("Vocabulary", "Lost to follow-up"),
                "dead": QCoreApplication.translate("Vocabulary", "Deceased"),
            },
        ),
        "mode": _keyed(
            vocabulary.VISIT_MODES,
            {
                "clinic": QCoreApplication.translate("Vocabulary", "clinic"),
                "phone": QCoreApplication.translate("Vocabulary", "phone"),
                "questionnaire": QCoreApplication.translate("Vocabulary", "questionnaire"),
                "records": QCoreApplication.translate("Vocabulary", "records"),
            },
        ),
        "channel": _keyed(
            vocabulary.CHANNELS,
            {
                "phone": QCoreApplication.translate("Vocabulary", "phone"),
                "letter": QCoreApplication.translate("Vocabulary", "letter"),
                "email": QCoreApplication.translate("Vocabulary", "e-mail"),
                "sms": QCoreApplication.translate("Vocabulary", "text message"),
                "visit": QCoreApplication.translate("Vocabulary", "visit"),
                "local_physician": QCoreApplication.translate("Vocabulary", "local physician"),
            },
        ),
        "outcome": _keyed(
            vocabulary.CONTACT_OUTCOMES,
            {
                "reached": QCoreApplication.translate("Vocabulary", "reached"),
                "no_answer": QCoreApplication.translate("Vocabulary", "no answer"),
                "message_left": QCoreApplication.translate("Vocabulary", "message left"),
                "wrong_number": QCoreApplication.translate("Vocabulary", "wrong number"),
                "returned_mail": QCoreApplication.translate("Vocabulary", "returned mail"),
                "refused": QCoreApplication.translate("Vocabulary", "refused"),
            },
        ),
        "event": _keyed(
            vocabulary.EVENT_KINDS,
            {
                "response": QCoreApplication.translate("Vocabulary", "response"),
                "relapse": QCoreApplication.translate("Vocabulary", "relapse"),
                "progression": QCoreApplication.translate("Vocabulary", "progression"),
                "death": QCoreApplication.translate("Vocabulary", "death"),
                "alive": QCoreApplication.translate("Vocabulary", "alive (contact)"),
                "hsct": QCoreApplication.translate("Vocabulary", "HSCT"),
                "new_therapy": QCoreApplication.translate("Vocabulary", "new anticancer therapy"),
                "withdrawal": QCoreApplication.translate("Vocabulary", "withdrawal"),
                "lost_to_follow_up": QCoreApplication.translate("Vocabulary", "lost to follow-up"),
                "lost_to_follow_up_reversed": QCoreApplication.translate("Vocabulary", "lost to follow-up reversed"),
            },
        ),
        "scope": _keyed(
            vocabulary.WITHDRAWAL_SCOPES,
            {
                "treatment": QCoreApplication.translate("Vocabulary", "treatment only"),
                "visits": QCoreApplication.translate("Vocabulary", "visits (survival contact continues)"),
                "all": QCoreApplication.translate("Vocabulary", "everything"),
            },
        ),
        "antigen": _keyed(
            vocabulary.ANTIGEN_STATUSES,
            {
                "positive": QCoreApplication.translate("Vocabulary", "positive"),
                "dim": QCoreApplication.translate("Vocabulary", "dim"),
                "negative": QCoreApplication.translate("Vocabulary", "negative"),
            },
        ),
        "analyte": _keyed(
            vocabulary.ANALYTES,
            {
                "car_copies": QCoreApplication.translate("Vocabulary", "CAR-T copies (qPCR)"),
                "car_cells": QCoreApplication.translate("Vocabulary", "CAR+ cells (flow)"),
                "cd19_b_cells": QCoreApplication.translate("Vocabulary", "CD19+ B cells"),
                "cd22_b_cells": QCoreApplication.translate("Vocabulary", "CD22+ B cells"),
                "igg": QCoreApplication.translate("Vocabulary", "IgG"),
                "il6": QCoreApplication.translate("Vocabulary", "IL-6"),
                "il15": QCoreApplication.translate("Vocabulary", "IL-15"),
                "crp": QCoreApplication.translate("Vocabulary", "CRP"),
                "ferritin": QCoreApplication.translate("Vocabulary", "Ferritin"),
                "mrd": QCoreApplication.translate("Vocabulary", "MRD (flow)"),
                "rcl": QCoreApplication.translate("Vocabulary", "RCL"),
                "hama": QCoreApplication.translate("Vocabulary", "HAMA"),
            },
        ),
        "category": _keyed(
            vocabulary.RESULT_CATEGORIES,
            {
                "negative": QCoreApplication.translate("Vocabulary", "negative"),
                "positive": QCoreApplication.translate("Vocabulary", "positive"),
                "indeterminate": QCoreApplication.translate("Vocabulary", "indeterminate"),
                "archived": QCoreApplication.translate("Vocabulary", "archived"),
            },
        ),
        "alert": _keyed(
            vocabulary.ALERT_KINDS
            + vocabulary.CASE_ALERT_KINDS
            + vocabulary.REPORT_ALERT_KINDS
            + vocabulary.COURSE_ALERT_KINDS,
            {
                "igg_low_replacement": QCoreApplication.translate("Vocabulary", "Low IgG under replacement"),
                "reconsent_due": QCoreApplication.translate("Vocabulary", "Re-consent due"),
                "rcl_positive": QCoreApplication.translate("Vocabulary", "RCL positive"),
                "igg_low": QCoreApplication.translate("Vocabulary", "Low IgG"),
                "b_cell_recovery": QCoreApplication.translate("Vocabulary", "B-cell recovery"),
                "malignancy": QCoreApplication.translate("Vocabulary", "Malignancy case"),
                "report_due": QCoreApplication.translate("Vocabulary", "Safety report due"),
                "ind_report_due": QCoreApplication.translate("Vocabulary", "IND annual report due"),
            },
        ),
        "hsct_type": _keyed(
            vocabulary.HSCT_TYPES,
            {
                "allogeneic": QCoreApplication.translate("Vocabulary", "allogeneic"),
                "autologous": QCoreApplication.translate("Vocabulary", "autologous"),
            },
        ),
        "therapy_type": _keyed(
            vocabulary.NEW_THERAPY_TYPES,
            {
                "chemotherapy": QCoreApplication.translate("Vocabulary", "chemotherapy"),
                "antibody": QCoreApplication.translate("Vocabulary", "antibody (blinatumomab, inotuzumab …)"),
                "targeted": QCoreApplication.translate("Vocabulary", "targeted therapy"),
                "car_t": QCoreApplication.translate("Vocabulary", "another CAR-T product"),
                "radiotherapy": QCoreApplication.translate("Vocabulary", "radiotherapy"),
                "other": QCoreApplication.translate("Vocabulary", "other"),
            },
        ),
        "medication_kind": _keyed(
            vocabulary.MEDICATION_KINDS,
            {
                "ivig": QCoreApplication.translate("Vocabulary", "IVIG (intravenous)"),
                "scig": QCoreApplication.translate("Vocabulary", "SCIG (subcutaneous)"),
            },
        ),
        "consenter": _keyed(
            vocabulary.CONSENTERS,
            {
                "subject": QCoreApplication.translate("Vocabulary", "the subject"),
                "guardian": QCoreApplication.translate("Vocabulary", "a parent or legal guardian"),
            },
        ),
        "case_kind": _keyed(
            vocabulary.CASE_KINDS,
            {
                "malignancy": QCoreApplication.translate("Vocabulary", "malignancy"),
                "rcl_positive": QCoreApplication.translate("Vocabulary", "RCL positive"),
            },
        ),
        "case_state": _keyed(
            vocabulary.CASE_STATES,
            {
                "open": QCoreApplication.translate("Vocabulary", "open"),
                "closed": QCoreApplication.translate("Vocabulary", "closed"),
            },
        ),
        "step": _keyed(
            vocabulary.STEP_CODES,
            {
                "sponsor": QCoreApplication.translate("Vocabulary", "notify the sponsor"),
                "tissue_blood": QCoreApplication.translate("Vocabulary", "collect tumour tissue and blood"),
                "transgene_test": QCoreApplication.translate("Vocabulary", "test the tumour for the CAR transgene"),
                "integration_site": QCoreApplication.translate("Vocabulary", "integration-site analysis and clonality"),
                "archived_rcl": QCoreApplication.translate("Vocabulary", "RCL testing of archived samples"),
                "rcl_confirm": QCoreApplication.translate(
                    "Vocabulary", "confirm by culture assay (archived and new sample)"
                ),
                "later_samples_tested": QCoreApplication.translate("Vocabulary", "test all later yearly samples"),
                "ethics": QCoreApplication.translate("Vocabulary", "report to the ethics committee"),
                "regulator": QCoreApplication.translate("Vocabulary", "expedited report to the regulator"),
            },
        ),
        "step_state": _keyed(
            vocabulary.STEP_STATES,
            {
                "open": QCoreApplication.translate("Vocabulary", "open"),
                "done": QCoreApplication.translate("Vocabulary", "done"),
                "not_applicable": QCoreApplication.translate("Vocabulary", "not applicable"),
            },
        ),
        "outcome_found": _keyed(
            vocabulary.STEP_OUTCOMES,
            {
                "positive": QCoreApplication.translate("Vocabulary", "positive"),
                "negative": QCoreApplication.translate("Vocabulary", "negative"),
            },
        ),
        "report_recipient": _keyed(
            vocabulary.REPORT_RECIPIENTS,
            {
                "sponsor": QCoreApplication.translate("Vocabulary", "sponsor"),
                "regulator": QCoreApplication.translate("Vocabulary", "regulator"),
                "ethics_committee": QCoreApplication.translate("Vocabulary", "ethics committee"),
            },
        ),
        "clock_state": _keyed(
            vocabulary.CLOCK_STATES,
            {
                "open": QCoreApplication.translate("Vocabulary", "open"),
                "due": QCoreApplication.translate("Vocabulary", "due"),
                "overdue": QCoreApplication.translate("Vocabulary", "overdue"),
                "sent_on_time": QCoreApplication.translate("Vocabulary", "sent on time"),
                "sent_late": QCoreApplication.translate("Vocabulary", "sent late"),
            },
        ),
        "assessment": _keyed(
            tuple(vocabulary.ASSESSMENTS),
            {
                "Ex": QCoreApplication.translate("Vocabulary", "examination"),
                "Q": QCoreApplication.translate("Vocabulary", "phone/questionnaire"),
                "S": QCoreApplication.translate("Vocabulary", "survival"),
                "D": QCoreApplication.translate("Vocabulary", "disease assessment (marrow, MRD)"),
                "B": QCoreApplication.translate("Vocabulary", "CD19+/CD22+ B cells"),
                "G": QCoreApplication.translate("Vocabulary", "IgG"),
                "P": QCoreApplication.translate("Vocabulary", "CAR-T PK (qPCR, flow)"),
                "C": QCoreApplication.translate("Vocabulary", "cytokines (IL-6, CRP, IL-15)"),
                "R-T": QCoreApplication.translate("Vocabulary", "RCL sample to test"),
                "R-A": QCoreApplication.translate("Vocabulary", "RCL sample to archive"),
                "H": QCoreApplication.translate("Vocabulary", "HAMA"),
                "AE": QCoreApplication.translate("Vocabulary", "adverse events"),
                "LT": QCoreApplication.translate("Vocabulary", "delayed AEs of special interest"),
                "DLT": QCoreApplication.translate("Vocabulary", "DLT review"),
            },
        ),
        "role": _keyed(
            vocabulary.ROLES,
            {
                "nurse": QCoreApplication.translate("Vocabulary", "nurse"),
                "coordinator": QCoreApplication.translate("Vocabulary", "coordinator"),
                "pi": QCoreApplication.translate("Vocabulary", "principal investigator"),
                "admin": QCoreApplication.translate("Vocabulary", "administrator"),
                "monitor": QCoreApplication.translate("Vocabulary", "monitor"),
            },
        ),
        "query_state": _keyed(
            vocabulary.QUERY_STATES,
            {
                "open": QCoreApplication.translate("Vocabulary", "open"),
                "answered": QCoreApplication.translate("Vocabulary", "answered"),
                "closed": QCoreApplication.translate("Vocabulary", "closed"),
            },
        ),
        "query_target": _keyed(
            vocabulary.QUERY_TARGETS,
            {
                "visit": QCoreApplication.translate("Vocabulary", "visit"),
                "result": QCoreApplication.translate("Vocabulary", "result"),
                "clinical_event": QCoreApplication.translate("Vocabulary", "event"),
                "adverse_event": QCoreApplication.translate("Vocabulary", "adverse event"),
                "subject": QCoreApplication.translate("Vocabulary", "dose level"),
            },
        ),
        "edit_check": _keyed(
            vocabulary.EDIT_CHECKS,
            {
                "visit_out_of_window": QCoreApplication.translate("Vocabulary", "Visit done outside its window."),
                "result_outside_plausible_accepted": QCoreApplication.translate(
                    "Vocabulary", "Result outside its plausible range: please confirm or correct."
                ),
                "missing_safety_screen": QCoreApplication.translate(
                    "Vocabulary", "Visit done without a safety screen."
                ),
                "death_without_cause": QCoreApplication.translate("Vocabulary", "Death recorded without a cause."),
            },
        ),
        "meaning": _keyed(
            vocabulary.SIGNATURE_MEANINGS,
            {
                "approved": QCoreApplication.translate("Vocabulary", "approved"),
                "reviewed": QCoreApplication.translate("Vocabulary", "reviewed"),
                "authored": QCoreApplication.translate("Vocabulary", "authored"),
            },
        ),
        "special_interest": _keyed(
            vocabulary.SPECIAL_INTEREST,
            {
                "new_malignancy": QCoreApplication.translate("Vocabulary", "new malignancy"),
                "t_cell_malignancy": QCoreApplication.translate("Vocabulary", "T-cell malignancy"),
                "neurologic": QCoreApplication.translate("Vocabulary", "neurologic disorder"),
                "autoimmune": QCoreApplication.translate("Vocabulary", "autoimmune disorder"),
                "hematologic": QCoreApplication.translate("Vocabulary", "hematologic disorder"),
                "serious_infection": QCoreApplication.translate("Vocabulary", "serious infection"),
            },
        ),
        "screen_question": _keyed(
            (*vocabulary.SCREEN_QUESTIONS, *vocabulary.SCREEN_EXTRAS),
            {
                "new_malignancy": QCoreApplication.translate("Vocabulary", "New malignancy"),
                "neurologic": QCoreApplication.translate("Vocabulary", "New or worse neurologic disorder"),
                "autoimmune": QCoreApplication.translate(
                    "Vocabulary", "New or worse rheumatologic or other autoimmune disorder"
                ),
                "hematologic": QCoreApplication.translate("Vocabulary", "New hematologic disorder"),
                "serious_infection": QCoreApplication.translate("Vocabulary", "Serious or unusual infection"),
                "hospitalisation": QCoreApplication.translate("Vocabulary", "Hospital stay since the last contact"),
                "new_medicines": QCoreApplication.translate("Vocabulary", "New medicines since the last contact"),
                "new_doctor": QCoreApplication.translate("Vocabulary", "New doctor since the last contact"),
                "address_changed": QCoreApplication.translate("Vocabulary", "Address changed"),
            },
        ),
        "screen_answer": _keyed(
            vocabulary.SCREEN_ANSWERS,
            {
                "yes": QCoreApplication.translate("Vocabulary", "Yes"),
                "no": QCoreApplication.translate("Vocabulary", "No"),
                "unknown": QCoreApplication.translate("Vocabulary", "Unknown"),
            },
        ),
        "screen_source": _keyed(
            vocabulary.SCREEN_SOURCES,
            {
                "visit": QCoreApplication.translate("Vocabulary", "at the visit"),
                "phone": QCoreApplication.translate("Vocabulary", "by phone"),
                "questionnaire": QCoreApplication.translate("Vocabulary", "by questionnaire"),
            },
        ),
        "recipient": _keyed(
            vocabulary.LETTER_RECIPIENTS,
            {
                "subject": QCoreApplication.translate("Vocabulary", "subject"),
                "physician": QCoreApplication.translate("Vocabulary", "local physician"),
            },
        ),
        "ae_kind": _keyed(
            vocabulary.AE_KINDS,
            {
                "ctcae": QCoreApplication.translate("Vocabulary", "CTCAE v5"),
                "crs": QCoreApplication.translate("Vocabulary", "CRS (ASTCT)"),
                "icans": QCoreApplication.translate("Vocabulary", "ICANS (ASTCT)"),
            },
        ),
        "sample_type": _keyed(
            vocabulary.SAMPLE_TYPES,
            {
                "rcl_archive": QCoreApplication.translate("Vocabulary", "RCL archive sample"),
                "tumour_tissue": QCoreApplication.translate("Vocabulary", "tumour tissue"),
                "case_blood": QCoreApplication.translate("Vocabulary", "blood for a case"),
                "other": QCoreApplication.translate("Vocabulary", "other sample"),
            },
        ),
        "sample_state": _keyed(
            vocabulary.SAMPLE_STATES,
            {
                "stored": QCoreApplication.translate("Vocabulary", "stored"),
                "shipped": QCoreApplication.translate("Vocabulary", "shipped"),
                "tested": QCoreApplication.translate("Vocabulary", "tested"),
                "destroyed": QCoreApplication.translate("Vocabulary", "destroyed"),
            },
        ),
    }


def label(table: str, code: str | None) -> str:
    """The shown word for `code` in one of the tables; the code itself when unknown."""
    if code is None:
        return ""
    return _tables()[table].get(code, code.replace("_", " "))


def label_codes(table: str) -> tuple[str, ...]:
    """The codes a table names, in its order."""
    return tuple(_tables()[table])


def assessments_text(codes: Iterable[str], sep: str = "\n") -> str:
    """'B: CD19+/CD22+ B cells, G: IgG, ...' for a tooltip or a legend: what to do or draw."""
    return sep.join(f"{c}: {label('assessment', c)}" for c in codes)


def clear_cache() -> None:
    """Call after the language changes."""
    _tables.cache_clear()
    _messages.cache_clear()


def date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def window_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None or end is None:
        return ""
    return f"{start.isoformat()} – {end.isoformat()}"


def days_text(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate("Vocabulary", "1 day")
    return QCoreApplication.translate("Vocabulary", "{0} days").format(n)


def alert_message(alert: SafetyAlert) -> str:
    """What a safety alert asks of the team, in the window's language (the services'
    `SafetyAlert.message` is the English text, for the command line and logs)."""
    day = date_text(alert.date)
    if alert.kind == "rcl_positive":
        return QCoreApplication.translate(
            "Vocabulary",
            "RCL positive on {0}: confirmatory culture assay and expedited safety report; "
            "later yearly samples are tested, not archived.",
        ).format(day)
    if alert.kind in ("igg_low", "igg_low_replacement"):
        text = (
            QCoreApplication.translate("Vocabulary", "IgG {0} g/L on {1} (< {2}): consider immunoglobulin replacement.")
            if alert.kind == "igg_low"
            else QCoreApplication.translate(
                "Vocabulary",
                "IgG {0} g/L on {1} (< {2}) under immunoglobulin replacement: a trough level; "
                "review the replacement's dose and interval.",
            )
        )
        return text.format(f"{alert.value:.1f}", day, f"{alert.threshold:g}")
    if alert.kind == "reconsent_due":
        return QCoreApplication.translate(
            "Vocabulary",
            "Re-consent due since {0}: consented by a parent or guardian (version {1}), now of age; "
            "record the subject's own consent.",
        ).format(day, alert.detail or "")
    if alert.kind == "malignancy":
        text = (
            QCoreApplication.translate(
                "Vocabulary", "T-cell malignancy known on {0}: safety case {1}, {2} step(s) open."
            )
            if alert.detail == "t_cell_malignancy"
            else QCoreApplication.translate(
                "Vocabulary", "New malignancy known on {0}: safety case {1}, {2} step(s) open."
            )
        )
        return text.format(day, alert.ref, f"{alert.value:.0f}")
    if alert.kind == "report_due":
        recipient = label("report_recipient", alert.detail)
        if alert.overdue:
            return QCoreApplication.translate(
                "Vocabulary", "Report to the {0} was due on {1} ({2} overdue): record it as sent."
            ).format(recipient, day, days_text(int(alert.value or 0)))
        return QCoreApplication.translate("Vocabulary", "Report to the {0} is due on {1}.").format(recipient, day)
    if alert.kind == "ind_report_due":
        end = date_text(dt.date.fromisoformat(alert.detail or ""))
        if alert.value is not None and alert.value > 0:
            return QCoreApplication.translate(
                "Vocabulary", "The IND annual report of {2} (period ending {0}) was due on {1}: it is not signed yet."
            ).format(end, day, alert.study)
        return QCoreApplication.translate(
            "Vocabulary", "The IND annual report of {2} (period ending {0}) is due on {1}: it is not signed yet."
        ).format(end, day, alert.study)
    if alert.kind == "b_cell_recovery":
        return QCoreApplication.translate(
            "Vocabulary", "B-cell recovery from {0} (CD19 {1} cells/µL): CAR-T cells may no longer persist."
        ).format(day, f"{alert.value:.0f}")
    return alert.message


# -- the services' messages (`ltfu.errors.MESSAGES`), in the window's language -----------------


@cache
def _messages() -> dict[str, str]:
    """Each code of `ltfu.errors.MESSAGES` with its sentence; the fields are the message's
    parameters (tests/ui/test_translation_complete.py: one for every code, each translated)."""
    return {
        "sign_in.wrong": QCoreApplication.translate("Messages", "Wrong user name or password."),
        "sign_in.locked": QCoreApplication.translate(
            "Messages",
            "The account {username!r} is locked after repeated failures; try again in "
            "{minutes} minute(s) or ask an administrator.",
        ),
        "permission.denied": QCoreApplication.translate(
            "Messages", "{who} ({role}) may not {action}; ask a user whose role allows it."
        ),
        "action.record": QCoreApplication.translate("Messages", "record clinical data"),
        "action.enrol": QCoreApplication.translate("Messages", "enrol subjects"),
        "action.transfer": QCoreApplication.translate("Messages", "move subjects to another site"),
        "action.edit": QCoreApplication.translate("Messages", "change saved data"),
        "action.import": QCoreApplication.translate("Messages", "import files"),
        "action.print": QCoreApplication.translate("Messages", "print letters and reports"),
        "action.export": QCoreApplication.translate("Messages", "export data"),
        "action.export_contacts": QCoreApplication.translate(
            "Messages", "export contact details (names, addresses, phones)"
        ),
        "action.read_audit": QCoreApplication.translate("Messages", "read the audit trail"),
        "action.list_users": QCoreApplication.translate("Messages", "list user accounts"),
        "action.sign": QCoreApplication.translate("Messages", "sign reports"),
        "action.safety": QCoreApplication.translate("Messages", "work safety cases and record safety reports"),
        "action.review_safety": QCoreApplication.translate("Messages", "review dose-level safety"),
        "action.write_plan": QCoreApplication.translate(
            "Messages", "write the IND annual report's plan for the coming year"
        ),
        "action.manage_users": QCoreApplication.translate("Messages", "manage user accounts"),
        "action.maintain": QCoreApplication.translate("Messages", "maintain the database"),
        "action.backup": QCoreApplication.translate("Messages", "back up the database"),
        "action.restore": QCoreApplication.translate("Messages", "restore the database"),
        "action.archive": QCoreApplication.translate("Messages", "write a handover archive"),
        "action.destroy_samples": QCoreApplication.translate("Messages", "destroy archived samples"),
        "action.read_contacts": QCoreApplication.translate("Messages", "see contact details (names, phones)"),
        "action.review_queries": QCoreApplication.translate("Messages", "raise, close and re-open queries"),
        "action.answer_queries": QCoreApplication.translate(
            "Messages", "answer queries and correct the values they ask about"
        ),
        "action.verify_source": QCoreApplication.translate("Messages", "mark records as verified against the source"),
        "action.freeze_data": QCoreApplication.translate("Messages", "freeze a data cut"),
        "sdv.unknown_record": QCoreApplication.translate(
            "Messages", "{study_id}: there is no {record_kind} {record} to verify."
        ),
        "sdv.unknown_visit": QCoreApplication.translate(
            "Messages", "{study_id}: there is no visit {visit}; give a visit code of the schedule (e.g. M12)."
        ),
        "sdv.not_done": QCoreApplication.translate(
            "Messages", "{study_id}: visit {visit} has not been done yet; only a done visit can be verified."
        ),
        "freeze.reason": QCoreApplication.translate(
            "Messages", "A data cut needs a reason (e.g. the annual report it is frozen for)."
        ),
        "freeze.future": QCoreApplication.translate(
            "Messages", "The data cut {as_of} is after today ({today}); freeze data up to today at the latest."
        ),
        "freeze.unknown": QCoreApplication.translate(
            "Messages", "There is no data cut {cut}; 'ltfu freeze --list' shows the cuts."
        ),
        "freeze.needs_reason": QCoreApplication.translate(
            "Messages",
            "The {record_kind} of {day} is frozen by the data cut of {as_of} (cut {cut}): give a reason for the correction.",
        ),
        "sign.signed_out": QCoreApplication.translate(
            "Messages", "Sign in before signing: a signature belongs to a signed-in user."
        ),
        "file.empty": QCoreApplication.translate(
            "Messages", "{name} line 1: the file is empty; a header row is required."
        ),
        "file.no_rows": QCoreApplication.translate(
            "Messages", "{name} line {line}: no data row under the header; nothing to import."
        ),
        "file.utf16": QCoreApplication.translate(
            "Messages", "{name} line 1: UTF-16 text, not UTF-8; save the file as CSV UTF-8."
        ),
        "file.not_utf8": QCoreApplication.translate(
            "Messages", "{name} line {line}: not UTF-8 text (byte 0x{byte}); save the file as CSV UTF-8."
        ),
        "file.missing_columns": QCoreApplication.translate("Messages", "{name} line 1: missing column(s) {columns}."),
        "file.unknown_columns": QCoreApplication.translate("Messages", "{name} line 1: unknown column(s) {columns}."),
        "file.repeated_columns": QCoreApplication.translate("Messages", "{name} line 1: repeated column(s) {columns}."),
        "row.too_long": QCoreApplication.translate(
            "Messages", "{column} is {length:,} characters long; at most {most:,} are allowed"
        ),
        "row.missed_needs_code": QCoreApplication.translate("Messages", "a missed visit needs its visit_code"),
        "row.empty": QCoreApplication.translate("Messages", "{column} is empty"),
        "row.not_date": QCoreApplication.translate(
            "Messages", "{column} {value!r} is not a calendar date (YYYY-MM-DD)"
        ),
        "row.not_number": QCoreApplication.translate(
            "Messages",
            "{column} {value!r} is not a number (digits, optional decimal point and exponent, e.g. 12.5 or 1.2e3)",
        ),
        "row.negative": QCoreApplication.translate("Messages", "{column} {value!r} cannot be negative"),
        "row.signed": QCoreApplication.translate("Messages", "{column} {value!r} must be written without a sign"),
        "row.not_finite": QCoreApplication.translate("Messages", "{column} {value!r} is not a finite number"),
        "row.not_whole": QCoreApplication.translate("Messages", "{column} {value!r} is not a whole number"),
        "row.not_flag": QCoreApplication.translate(
            "Messages", "{column} {value!r} must be yes or no (or true/false, 1/0, or empty for no)"
        ),
        "row.not_one_of": QCoreApplication.translate("Messages", "{column} {value!r} is not one of {allowed}"),
        "row.width": QCoreApplication.translate("Messages", "{found} fields where the header has {width}"),
        "row.width_lines": QCoreApplication.translate(
            "Messages",
            "{found} fields where the header has {width} (the row runs over lines {first} to {last}: "
            "is a quote left open?)",
        ),
        "row.unknown_subject": QCoreApplication.translate("Messages", "unknown subject {study_id}"),
        "lost.not_yet": QCoreApplication.translate(
            "Messages", "{study_id} cannot be declared lost to follow-up yet: {why}"
        ),
        "lost.since": QCoreApplication.translate("Messages", " since the successful contact on {day}"),
        "lost.too_few": QCoreApplication.translate(
            "Messages", "{count} failed contact attempt(s){since}; {needed} are needed"
        ),
        "lost.one_channel": QCoreApplication.translate(
            "Messages",
            "the failed contact attempts{since} used one channel ({channel}); {needed} different channels are needed",
        ),
        "lost.short_span": QCoreApplication.translate(
            "Messages",
            "the failed contact attempts span {first} to {last}; they must span at least {months} calendar "
            "months (a last attempt on or after {earliest})",
        ),
        "lost.allowed": QCoreApplication.translate(
            "Messages", "{count} failed contact attempts by {channels} from {first} to {last}"
        ),
        "safety.step_refused": QCoreApplication.translate(
            "Messages", "Cannot change step {step} of case {case}: {problem}."
        ),
        "safety.case_closed": QCoreApplication.translate("Messages", "case {case} is closed"),
        "safety.already": QCoreApplication.translate("Messages", "the step is already {state}"),
        "safety.give_reason": QCoreApplication.translate("Messages", "give the reason"),
        "safety.give_reopen_reason": QCoreApplication.translate("Messages", "give the reason for reopening it"),
        "safety.give_date": QCoreApplication.translate("Messages", "give the date it was done"),
        "safety.future": QCoreApplication.translate("Messages", "the date {day} is in the future"),
        "safety.before_aware": QCoreApplication.translate(
            "Messages", "the date {day} is before the site knew ({aware})"
        ),
        "safety.give_outcome": QCoreApplication.translate(
            "Messages", "give the outcome of the test (positive or negative)"
        ),
        "safety.waits_transgene": QCoreApplication.translate(
            "Messages", "the integration-site analysis waits for the transgene test's outcome"
        ),
        "safety.is_report": QCoreApplication.translate(
            "Messages", "this step is a report: record it as sent (report {report}: date, recipient and reference)"
        ),
        "safety.due_before_aware": QCoreApplication.translate(
            "Messages", "due date {day} is before the site knew ({aware})"
        ),
        "safety.nothing": QCoreApplication.translate("Messages", "nothing to change"),
        "safety.close_closed": QCoreApplication.translate(
            "Messages", "Cannot close case {case}: it is already closed (on {day})."
        ),
        "safety.close_open": QCoreApplication.translate(
            "Messages", "Cannot close case {case}: {count} step(s) still open: {steps}."
        ),
        "safety.close_date": QCoreApplication.translate(
            "Messages", "Cannot close case {case} on {day}: the date must lie from {aware} to {today}."
        ),
        "note.site_is_sponsor": QCoreApplication.translate("Messages", "the site is the sponsor"),
        "note.sponsor_reports": QCoreApplication.translate("Messages", "the sponsor reports to the regulator"),
        "note.transgene_negative": QCoreApplication.translate(
            "Messages", "the tumour tested negative for the CAR transgene"
        ),
        "note.rcl_unconfirmed": QCoreApplication.translate("Messages", "RCL not confirmed by the culture assay"),
        "note.query_resolved": QCoreApplication.translate("Messages", "resolved by data change"),
        "note.query_reraised": QCoreApplication.translate("Messages", "raised again: the data show it again"),
        "reason.account_disabled": QCoreApplication.translate("Messages", "account disabled"),
        "reason.grant_revoked": QCoreApplication.translate("Messages", "grant revoked"),
        "reason.edit_check": QCoreApplication.translate("Messages", "edit check {check}"),
        "reason.import": QCoreApplication.translate("Messages", "import of {file}"),
        "reason.protocol_added": QCoreApplication.translate("Messages", "protocol file {file} added"),
        "reason.restored": QCoreApplication.translate(
            "Messages", "restored from a backup by {username} (ltfu restore)"
        ),
        "damage.by_startup": QCoreApplication.translate("Messages", "the start-up integrity check"),
        "damage.by_daily": QCoreApplication.translate("Messages", "the daily integrity check"),
        "damage.by_check": QCoreApplication.translate("Messages", "ltfu check"),
        "damage.by_read": QCoreApplication.translate("Messages", "a read of the database"),
        "damage.by_restore": QCoreApplication.translate("Messages", "the check after restoring an archive"),
        "damage.by_earlier": QCoreApplication.translate("Messages", "an earlier check"),
        "damage.earlier_day": QCoreApplication.translate("Messages", "an earlier day"),
        "damage.integrity": QCoreApplication.translate("Messages", "integrity check: {verdict}"),
        "damage.audit": QCoreApplication.translate("Messages", "audit trail: {problem}"),
        "damage.schema": QCoreApplication.translate("Messages", "schema version {found}, expected {expected}"),
        "damage.orphans": QCoreApplication.translate("Messages", "rows without their record: {rows}"),
        "damage.full_check": QCoreApplication.translate("Messages", "the full check found a problem"),
        "damage.mark_unreadable": QCoreApplication.translate("Messages", "its damage mark {marker} is unreadable"),
        "damage.mark_not_read": QCoreApplication.translate(
            "Messages", "its damage mark {marker} cannot be read: {error}"
        ),
        "reason.rebuilt": QCoreApplication.translate(
            "Messages", "rebuilt from the results (ltfu check --rebuild-derived)"
        ),
        "reason.set_up": QCoreApplication.translate(
            "Messages", "set-up mode: the computer's login acts until the first administrator exists"
        ),
        "reason.baseline": QCoreApplication.translate(
            "Messages", "upgrade to schema 0006: the audit trail holds whole records from here on"
        ),
        "reason.archive_restored": QCoreApplication.translate(
            "Messages",
            "restored {rows} rows and {entries} audit entries from a handover archive "
            "(manifest sha256 {manifest}; archive file sha256 {archive})",
        ),
        "reason.no_password": QCoreApplication.translate("Messages", "account without a password"),
        "reason.account_locked": QCoreApplication.translate("Messages", "account locked"),
        "what.result": QCoreApplication.translate("Messages", "result"),
        "what.onset": QCoreApplication.translate("Messages", "onset"),
        "what.draw": QCoreApplication.translate("Messages", "draw"),
        "what.contact": QCoreApplication.translate("Messages", "contact"),
        "what.visit": QCoreApplication.translate("Messages", "visit"),
        "date.future": QCoreApplication.translate("Messages", "{what} date {day} is in the future"),
        "date.before_birth": QCoreApplication.translate("Messages", "{what} date {day} is before the subject's birth"),
        "date.before_infusion": QCoreApplication.translate(
            "Messages", "{what} date {day} is before the infusion on {infusion}"
        ),
        "date.before_baseline": QCoreApplication.translate(
            "Messages", "{what} date {day} is more than {days} days before the infusion on {infusion}"
        ),
        "date.implausible": QCoreApplication.translate(
            "Messages", "{what} date {day} is before any plausible infusion"
        ),
        "date.after_death": QCoreApplication.translate(
            "Messages", "{what} date {day} is after the subject's death on {death}"
        ),
        "date.after_withdrawal": QCoreApplication.translate(
            "Messages", "{what} date {day} is after the withdrawal of all consent on {withdrawn}"
        ),
        "result.analyte": QCoreApplication.translate("Messages", "analyte {analyte!r} is not one of {analytes}"),
        "result.or": QCoreApplication.translate("Messages", "{first} or {then}"),
        "result.unit": QCoreApplication.translate("Messages", "unit {unit!r} does not fit {analyte} (use {units})"),
        "result.unit_empty": QCoreApplication.translate("Messages", "unit {unit!r} does not fit {analyte} (use empty)"),
        "result.qualifier_category": QCoreApplication.translate(
            "Messages", "qualifier {qualifier!r} does not apply to {analyte}"
        ),
        "result.not_category": QCoreApplication.translate(
            "Messages", "{analyte} value {value!r} is not one of {categories}"
        ),
        "result.implausible": QCoreApplication.translate(
            "Messages", "{analyte} {given} is outside the plausible range {range}"
        ),
        "result.qualifier": QCoreApplication.translate(
            "Messages", "qualifier {qualifier!r} must be '<' (below the limit of quantification) or empty"
        ),
        "conflict.record": QCoreApplication.translate(
            "Messages",
            "Someone else changed this record after you opened it; your change was not saved. Reopen the record and enter it again.",
        ),
        "conflict.contact": QCoreApplication.translate(
            "Messages",
            "{study_id}'s contact details were changed by someone else after you opened them; your change was not saved. Reopen them and enter it again.",
        ),
        "missing.subject": QCoreApplication.translate("Messages", "No subject {study_id!r} in this database."),
        "missing.contact": QCoreApplication.translate("Messages", "{study_id} has no contact details."),
        "missing.site": QCoreApplication.translate("Messages", "No site {site!r} in this database."),
        "missing.study": QCoreApplication.translate("Messages", "No study {study!r} in this database."),
        "study.unknown": QCoreApplication.translate(
            "Messages",
            "No study {study!r} in this database (its studies: {known}); add its protocol file first "
            "(ltfu protocol add FILE, or Settings in the window).",
        ),
        "study.unknown_none": QCoreApplication.translate(
            "Messages",
            "No study {study!r} in this database (its studies: none yet); add its protocol file first "
            "(ltfu protocol add FILE, or Settings in the window).",
        ),
        "study.choose": QCoreApplication.translate("Messages", "This database holds {count} studies ({known}): {how}."),
        "study.choose_option": QCoreApplication.translate("Messages", "choose one (--study ID on the command line)"),
        "study.choose_column": QCoreApplication.translate(
            "Messages", "say which study the subject joins (a protocol column in subjects.csv)"
        ),
        "study.other_version": QCoreApplication.translate(
            "Messages",
            "{name}: study {study} is already here with another version of its protocol; a changed protocol is "
            "an amendment (ltfu protocol amend FILE --effective DATE --reason TEXT).",
        ),
        "missing.letter": QCoreApplication.translate("Messages", "No letter {letter} in the letters log."),
        "missing.case": QCoreApplication.translate("Messages", "No safety case {case}."),
        "missing.step": QCoreApplication.translate(
            "Messages", "Case {case} has no step {code!r} (its steps: {steps})."
        ),
        "missing.report": QCoreApplication.translate("Messages", "No safety report {report}."),
        "missing.user": QCoreApplication.translate("Messages", "No user account {username!r} in this database."),
        "missing.grant": QCoreApplication.translate(
            "Messages", "{username} holds no such grant (see 'ltfu user show {username}')."
        ),
        "grant.exists": QCoreApplication.translate("Messages", "{username} holds this grant already."),
        "access.site_refused": QCoreApplication.translate(
            "Messages", "You may enrol subjects only at the sites you are granted."
        ),
        "access.whole_database": QCoreApplication.translate(
            "Messages",
            "A whole-database action (backup, restore, archive, check, maintenance) is for an account that sees every study and site; yours is limited by its grants.",
        ),
        "transfer.same_site": QCoreApplication.translate("Messages", "{study_id} is at site {site} already."),
        "transfer.future": QCoreApplication.translate(
            "Messages", "The transfer date {day} is in the future: record a move on or after the day it happens."
        ),
        "transfer.too_early": QCoreApplication.translate(
            "Messages", "The transfer date {day} is before {study_id}'s last move or enrolment ({earlier})."
        ),
        "transfer.no_reason": QCoreApplication.translate(
            "Messages", "Say why {study_id} moves (a reason is required)."
        ),
        "missing.sample": QCoreApplication.translate("Messages", "No sample {code!r} in this database."),
        "missing.test": QCoreApplication.translate(
            "Messages", "Sample {sample} has no current test {test} (its tests: {tests})."
        ),
        "missing.any_test": QCoreApplication.translate(
            "Messages", "Sample {sample} has no current test {test} (its tests: none)."
        ),
        "missing.samples": QCoreApplication.translate("Messages", "No sample {codes} of {study_id} in this database."),
        "missing.screen": QCoreApplication.translate("Messages", "No current safety screen {screen}."),
        "query.give_text": QCoreApplication.translate("Messages", "Give the query's text: what should the site check?"),
        "query.give_answer": QCoreApplication.translate("Messages", "Give the answer's text."),
        "query.give_reason": QCoreApplication.translate("Messages", "Give the reason for the correction."),
        "query.give_reopen": QCoreApplication.translate("Messages", "Give the reason for re-opening the query."),
        "query.too_long": QCoreApplication.translate("Messages", "The text is too long: at most {most:,} characters."),
        "query.state": QCoreApplication.translate("Messages", "Query state {state!r} is not one of {states}."),
        "query.target": QCoreApplication.translate(
            "Messages", "Cannot raise the query: {target!r} is not one of {targets}."
        ),
        "query.no_record": QCoreApplication.translate(
            "Messages", "Cannot raise the query: this subject has no current {target} {ref}."
        ),
        "query.field": QCoreApplication.translate(
            "Messages", "Cannot raise the query: a {target} has no field {field!r} to query (one of {fields})."
        ),
        "query.missing": QCoreApplication.translate("Messages", "No query {query}."),
        "query.closed": QCoreApplication.translate(
            "Messages", "Query {query} is closed: it cannot be answered (the monitor may re-open it)."
        ),
        "query.answered": QCoreApplication.translate(
            "Messages", "Query {query} is already answered; the monitor closes or re-opens it."
        ),
        "query.already": QCoreApplication.translate("Messages", "Query {query} is already {query_state}."),
        "query.value": QCoreApplication.translate(
            "Messages", "Cannot correct {field}: {value!r} is not a valid value."
        ),
        "query.refused": QCoreApplication.translate("Messages", "Cannot correct the value: {problem}."),
        "query.not_done": QCoreApplication.translate(
            "Messages", "Cannot correct the visit date: the visit is not recorded as done."
        ),
        "query.same": QCoreApplication.translate(
            "Messages", "Cannot correct {field}: the new value is the one already recorded."
        ),
        "row.same_result": QCoreApplication.translate("Messages", "the same result is also on line {line}"),
        "row.same_event": QCoreApplication.translate("Messages", "the same event is also on line {line}"),
        "row.same_adverse_event": QCoreApplication.translate(
            "Messages", "the same adverse event is also on line {line}"
        ),
        "user.short_password": QCoreApplication.translate(
            "Messages", "The password must have at least {least} characters."
        ),
        "user.bad_name": QCoreApplication.translate(
            "Messages", "User name {username!r}: 2-32 lower-case letters, digits, '.', '_' or '-'."
        ),
        "user.bad_role": QCoreApplication.translate("Messages", "Role {role!r} is not one of {roles}."),
        "user.no_full_name": QCoreApplication.translate(
            "Messages", "The full name is needed: it is printed with signatures."
        ),
        "user.first_admin": QCoreApplication.translate(
            "Messages", "The first account on a database must be an administrator (role admin)."
        ),
        "user.exists": QCoreApplication.translate("Messages", "There is already a user {username!r}."),
        "skip.deceased": QCoreApplication.translate("Messages", "deceased"),
        "skip.withdrawn_visits": QCoreApplication.translate("Messages", "withdrawn from visits"),
        "skip.withdrawn_study": QCoreApplication.translate("Messages", "withdrawn from the study"),
        "skip.lost": QCoreApplication.translate("Messages", "lost to follow-up"),
        "skip.confidential": QCoreApplication.translate(
            "Messages", "confidential address requested and no address to use"
        ),
        "skip.no_address": QCoreApplication.translate("Messages", "no postal address on file"),
        "skip.cancelled": QCoreApplication.translate("Messages", "visit {code} cancelled ({cause})"),
        "skip.returned": QCoreApplication.translate(
            "Messages",
            "the last letter (printed {printed}) came back undelivered on {returned}, and no newer address was entered since",
        ),
        "row.and": QCoreApplication.translate("Messages", "{first}; {then}"),
        "row.rest_unread": QCoreApplication.translate("Messages", "{reason}; the rest of the file was not read"),
        "csv.value_number": QCoreApplication.translate("Messages", "value {number}"),
        "csv.on_line": QCoreApplication.translate("Messages", " (on line {line})"),
        "csv.never_closed": QCoreApplication.translate(
            "Messages", "the quote that opens {column}{where} is never closed"
        ),
        "csv.after_quote": QCoreApplication.translate(
            "Messages",
            "text after the closing quote of {column}{where}; a quote inside a quoted value is written twice",
        ),
        "csv.quote_inside": QCoreApplication.translate(
            "Messages",
            "a quote inside the unquoted value of {column}{where}; quote the whole value and write the quote twice",
        ),
        "csv.nul": QCoreApplication.translate("Messages", "a NUL character"),
        "csv.tab": QCoreApplication.translate("Messages", "a tab"),
        "csv.line_break": QCoreApplication.translate("Messages", "a line break"),
        "csv.control": QCoreApplication.translate("Messages", "an invisible control character (U+{code})"),
        "csv.holds_rows": QCoreApplication.translate(
            "Messages",
            "{column} runs over lines {first} to {last} and one of its lines looks like the start of a row (as many commas as the columns before it): is a closing quote missing?",
        ),
        "csv.only_span": QCoreApplication.translate("Messages", "only {columns} may span lines"),
        "csv.no_span": QCoreApplication.translate("Messages", "no value may span lines"),
        "csv.holds_break": QCoreApplication.translate(
            "Messages", "{column} holds a line break (a quoted value over lines {first} to {last}); {allowed}"
        ),
        "csv.contains": QCoreApplication.translate("Messages", "{column} contains {what}"),
        "row.of_subject": QCoreApplication.translate("Messages", "{study_id} {problem}"),
        "visit.future": QCoreApplication.translate("Messages", "date {day} is in the future"),
        "visit.before_infusion": QCoreApplication.translate(
            "Messages", "date {day} is before the infusion on {infusion}"
        ),
        "visit.after_death": QCoreApplication.translate(
            "Messages", "date {day} is after the subject's death on {death}"
        ),
        "visit.after_withdrawal": QCoreApplication.translate(
            "Messages", "date {day} is after the withdrawal of all consent on {withdrawn}"
        ),
        "visit.unscheduled_twice": QCoreApplication.translate(
            "Messages", "the same unscheduled visit of {study_id} on {day} is also on line {line}"
        ),
        "visit.not_in_plan": QCoreApplication.translate("Messages", "{study_id} has no visit {code!r} in the plan"),
        "visit.cancelled": QCoreApplication.translate(
            "Messages", "{study_id} {code} is cancelled ({cause}); it cannot be {status}"
        ),
        "visit.done_twice": QCoreApplication.translate(
            "Messages", "a second 'done' for {study_id} {code} (also on line {line})"
        ),
        "visit.also_missed": QCoreApplication.translate("Messages", "{study_id} {code} is also missed on line {line}"),
        "visit.already_done": QCoreApplication.translate(
            "Messages", "{study_id} {code} is already done on {day}; a second 'done' is refused"
        ),
        "visit.is_missed": QCoreApplication.translate(
            "Messages", "{study_id} {code} is recorded as missed; undo that first (with a reason) to record it done"
        ),
        "visit.is_done": QCoreApplication.translate(
            "Messages", "{study_id} {code} is recorded as done on {day}; it cannot also be missed"
        ),
        "visit.also_done": QCoreApplication.translate("Messages", "{study_id} {code} is also done on line {line}"),
        "visit.missed_twice": QCoreApplication.translate(
            "Messages", "a second 'missed' for {study_id} {code} (also on line {line})"
        ),
        "visit.window_not_open": QCoreApplication.translate(
            "Messages", "visit {code} cannot be missed on {day}: its window opens on {opens}"
        ),
        "screen.not_done": QCoreApplication.translate(
            "Messages", "safety screen answers belong to a done visit, not a missed one"
        ),
        "screen.records": QCoreApplication.translate(
            "Messages", "a visit from medical records reached nobody: it carries no safety screen"
        ),
        "screen.partial": QCoreApplication.translate(
            "Messages", "the safety screen is partly filled in: {fields} empty (fill all or none)"
        ),
        "event.in_window": QCoreApplication.translate(
            "Messages", "event {kind!r} is entered in the window, with its reason"
        ),
        "event.death_recorded": QCoreApplication.translate("Messages", "a death is already recorded on {day}"),
        "event.death_twice": QCoreApplication.translate(
            "Messages", "a second death for {study_id} (also on line {line})"
        ),
        "event.lost_not_yet": QCoreApplication.translate(
            "Messages", "{study_id} cannot be lost to follow-up yet: {why}; record the contact attempts first"
        ),
        "event.not_grade": QCoreApplication.translate(
            "Messages", "{kind} detail {value!r} must be its ASTCT grade, 1 to 4 (5 = death)"
        ),
        "dlt.no_detail": QCoreApplication.translate("Messages", "dlt needs its description in detail"),
        "dlt.too_long": QCoreApplication.translate(
            "Messages", "a dlt description is at most {most} characters (this one {length:,})"
        ),
        "course.infusion_future": QCoreApplication.translate(
            "Messages", "the re-infusion date {day} is in the future (today is {today})"
        ),
        "course.infusion_early": QCoreApplication.translate(
            "Messages", "the re-infusion date {day} is before {earliest}"
        ),
        "course.infusion_order": QCoreApplication.translate(
            "Messages", "a re-infusion must come after the latest infusion on {latest}; {day} does not"
        ),
        "course.infusion_after_death": QCoreApplication.translate(
            "Messages", "the re-infusion date {day} is after the death on {death}"
        ),
        "course.infusion_after_withdrawal": QCoreApplication.translate(
            "Messages", "the re-infusion date {day} is after the withdrawal of consent on {withdrawn}"
        ),
        "course.infusion_done_after": QCoreApplication.translate(
            "Messages",
            "a visit is recorded as done on {done}, on or after the re-infusion date {day}: record the re-infusion before the visits of its new plan",
        ),
        "course.cell_dose": QCoreApplication.translate("Messages", "the cell dose {value:g} must be above 0"),
        "course.dose": QCoreApplication.translate("Messages", "the dose {value:g} must be above 0"),
        "course.stop_before_start": QCoreApplication.translate(
            "Messages", "the stop date {stop} is before the start date {start}"
        ),
        "course.stop_future": QCoreApplication.translate(
            "Messages", "the stop date {stop} is in the future (today is {today}): leave it empty while ongoing"
        ),
        "course.overlap": QCoreApplication.translate(
            "Messages", "it overlaps the {medication} recorded from {start} ({ref})"
        ),
        "course.no_medication": QCoreApplication.translate("Messages", "There is no medication {ref}."),
        "course.already_stopped": QCoreApplication.translate("Messages", "Medication {ref} stopped on {day} already."),
        "course.stop_outside": QCoreApplication.translate(
            "Messages", "The stop date {stop} must lie between the start on {start} and today ({today})."
        ),
        "course.consent_future": QCoreApplication.translate(
            "Messages", "the consent date {day} is in the future (today is {today})"
        ),
        "course.consent_before_birth": QCoreApplication.translate(
            "Messages", "the consent date {day} is before the birth year {year}"
        ),
        "course.consent_after_death": QCoreApplication.translate(
            "Messages", "the consent date {day} is after the death on {death}"
        ),
        "what.medication": QCoreApplication.translate("Messages", "replacement start"),
        "refused": QCoreApplication.translate("Messages", "Cannot {doing}: {problems}."),
        "doing.result": QCoreApplication.translate("Messages", "record the result"),
        "doing.adverse_event": QCoreApplication.translate("Messages", "record the adverse event"),
        "doing.screen": QCoreApplication.translate("Messages", "record the safety screen"),
        "doing.event": QCoreApplication.translate("Messages", "record the {kind}"),
        "doing.enrol": QCoreApplication.translate("Messages", "enrol {study_id}"),
        "doing.reinfusion": QCoreApplication.translate("Messages", "record the re-infusion of {study_id}"),
        "doing.medication": QCoreApplication.translate(
            "Messages", "record the immunoglobulin replacement of {study_id}"
        ),
        "doing.consent": QCoreApplication.translate("Messages", "record the consent of {study_id}"),
        "doing.report_sent": QCoreApplication.translate("Messages", "record report {report} as sent"),
        "doing.sample": QCoreApplication.translate("Messages", "record the sample"),
        "doing.sample_move": QCoreApplication.translate("Messages", "move sample {sample}"),
        "doing.sample_ship": QCoreApplication.translate("Messages", "ship sample {sample}"),
        "doing.sample_destroy": QCoreApplication.translate("Messages", "destroy sample {sample}"),
        "doing.sample_void": QCoreApplication.translate("Messages", "void sample {sample}"),
        "doing.sample_test": QCoreApplication.translate("Messages", "add a test to sample {sample}"),
        "doing.test_void": QCoreApplication.translate("Messages", "void test {test} of sample {sample}"),
        "screen.no_answer": QCoreApplication.translate("Messages", "{question} has no answer (yes, no or unknown)"),
        "screen.bad_answer": QCoreApplication.translate(
            "Messages", "{question} answer {value!r} is not one of {allowed}"
        ),
        "screen.not_question": QCoreApplication.translate(
            "Messages", "{name!r} is not a question of the safety screen"
        ),
        "screen.not_extra": QCoreApplication.translate("Messages", "{name!r} is not a question of the questionnaire"),
        "screen.visit": QCoreApplication.translate("Messages", "{study_id} visit {visit}"),
        "screen.visit_not_done": QCoreApplication.translate("Messages", "{visit} is not recorded as done"),
        "screen.from_records": QCoreApplication.translate(
            "Messages",
            "{visit} was filled in from medical records; a screen needs a contact (clinic visit, phone or questionnaire)",
        ),
        "screen.has_one": QCoreApplication.translate(
            "Messages", "{visit} already has one; correct it (with a reason) instead"
        ),
        "ae.no_term": QCoreApplication.translate("Messages", "the term is empty"),
        "ae.kind": QCoreApplication.translate("Messages", "kind {value!r} is not one of {allowed}"),
        "ae.grade": QCoreApplication.translate("Messages", "grade {grade} is outside {low}-{high} ({system})"),
        "ae.special_interest": QCoreApplication.translate(
            "Messages", "special-interest category {value!r} is not one of {allowed}"
        ),
        "ae.before_lymphodepletion": QCoreApplication.translate(
            "Messages", "onset {onset} is before lymphodepletion (infusion on {infusion})"
        ),
        "ae.resolution_before_onset": QCoreApplication.translate(
            "Messages", "resolution {resolution} is before the onset {onset}"
        ),
        "ae.resolution_future": QCoreApplication.translate("Messages", "resolution {resolution} is in the future"),
        "ae.awareness_before_onset": QCoreApplication.translate(
            "Messages", "awareness date {awareness} is before the onset {onset}"
        ),
        "ae.awareness_future": QCoreApplication.translate("Messages", "awareness date {awareness} is in the future"),
        "ae.recorded": QCoreApplication.translate(
            "Messages", "the same adverse event ({term}, grade {grade}, onset {onset}) is already recorded"
        ),
        "ae.dlt_window": QCoreApplication.translate(
            "Messages",
            "a DLT must start within the DLT window, Day 0 to Day {window} after the infusion on {infusion}; onset {onset} is Day {day} (record a later toxicity as an adverse event, not a DLT)",
        ),
        "result.recorded": QCoreApplication.translate(
            "Messages", "the same {analyte} result of {day} is already recorded for {study_id}"
        ),
        "sample.empty": QCoreApplication.translate("Messages", "the {field} is empty"),
        "sample.too_long": QCoreApplication.translate("Messages", "the {field} is longer than {limit} characters"),
        "sample.control": QCoreApplication.translate("Messages", "the {field} holds a control character"),
        "sample.type": QCoreApplication.translate("Messages", "type {value!r} is not one of {allowed}"),
        "sample.aliquots": QCoreApplication.translate("Messages", "{aliquots} aliquots: give 1 to 999"),
        "sample.place_taken": QCoreApplication.translate("Messages", "{place} already holds sample {sample}"),
        "sample.destroyed": QCoreApplication.translate("Messages", "sample {sample} was destroyed on {day}"),
        "sample.date_future": QCoreApplication.translate("Messages", "the date {day} is in the future"),
        "sample.before_draw": QCoreApplication.translate(
            "Messages", "the date {day} is before the sample was drawn on {drawn}"
        ),
        "sample.not_stored": QCoreApplication.translate("Messages", "it is {sample_state}, not stored"),
        "sample.kept_until": QCoreApplication.translate(
            "Messages",
            "it is kept until {keep} (end of follow-up plus the protocol's sample retention); it may be destroyed from that date on, not on {day}",
        ),
        "sample.no_infusion": QCoreApplication.translate(
            "Messages", "{study_id} has no infusion, so its follow-up has no end to keep the sample until"
        ),
        "report.already_sent": QCoreApplication.translate(
            "Messages", "it was already sent on {day} (reference {reference})"
        ),
        "report.no_recipient": QCoreApplication.translate("Messages", "give the recipient (who it was sent to)"),
        "report.no_reference": QCoreApplication.translate("Messages", "give the report's reference"),
        "report.sent_future": QCoreApplication.translate("Messages", "the sent date {day} is in the future"),
        "report.sent_before_aware": QCoreApplication.translate(
            "Messages", "the sent date {day} is before the site knew ({aware})"
        ),
        "report.too_long": QCoreApplication.translate("Messages", "{start!r}... is longer than {limit} characters"),
        "event.response": QCoreApplication.translate(
            "Messages", "response {value!r} must be CR, CRi, PR or NR (optionally 'CR MRD-')"
        ),
        "event.no_cause": QCoreApplication.translate("Messages", "death needs its cause in detail"),
        "event.scope": QCoreApplication.translate("Messages", "withdrawal scope {value!r} must be one of {allowed}"),
        "event.unknown": QCoreApplication.translate("Messages", "event {value!r} is not one of {allowed}"),
        "event.recorded": QCoreApplication.translate("Messages", "This {kind} event of {day} is already recorded."),
        "event.not_lost": QCoreApplication.translate(
            "Messages", "the subject is not lost to follow-up, so there is nothing to reverse"
        ),
        "event.use_declare": QCoreApplication.translate(
            "Messages", "Use declare_lost_to_follow_up: it checks the contact attempts first."
        ),
        "lost.needs_reason": QCoreApplication.translate(
            "Messages", "Declaring a subject lost to follow-up needs a reason."
        ),
        "lost.reverse_needs_reason": QCoreApplication.translate(
            "Messages", "Reversing lost to follow-up needs a reason."
        ),
        "contact.channel": QCoreApplication.translate("Messages", "Channel {value!r} is not one of {allowed}."),
        "contact.outcome": QCoreApplication.translate("Messages", "Outcome {value!r} is not one of {allowed}."),
        "contact.future": QCoreApplication.translate(
            "Messages", "The contact date {day} is in the future (today is {today})."
        ),
        "contact.date": QCoreApplication.translate("Messages", "The {problem}."),
        "contact.recorded": QCoreApplication.translate(
            "Messages", "A {channel} contact attempt on {day} ({outcome}) is already recorded for {study_id}."
        ),
        "ending.death": QCoreApplication.translate("Messages", "death"),
        "ending.withdrawal": QCoreApplication.translate("Messages", "withdrawal of all consent"),
        "ending.lost": QCoreApplication.translate("Messages", "lost to follow-up"),
        "ending.before": QCoreApplication.translate("Messages", "{what} on {day} is before {later}"),
        "later.visit": QCoreApplication.translate("Messages", "the visit {code} done on {day}"),
        "later.unscheduled": QCoreApplication.translate("Messages", "an unscheduled visit done on {day}"),
        "later.result": QCoreApplication.translate("Messages", "the {analyte} result of {day}"),
        "later.event": QCoreApplication.translate("Messages", "the {kind} event of {day}"),
        "later.adverse_event": QCoreApplication.translate("Messages", "the adverse event {term!r} starting on {day}"),
        "later.contact": QCoreApplication.translate("Messages", "the contact with the subject on {day}"),
        "file.unreadable": QCoreApplication.translate("Messages", "Cannot read {path}: {reason}."),
        "file.header_unreadable": QCoreApplication.translate(
            "Messages", "{name} line 1: the header cannot be read: {reason}."
        ),
        "file.broken": QCoreApplication.translate("Messages", "{name} line {line}: {reason}."),
        "file.header_break": QCoreApplication.translate(
            "Messages", "{name} line 1: a column name holds a line break (the header runs to line {last})."
        ),
        "file.header_contains": QCoreApplication.translate(
            "Messages", "{name} line 1: column {index} contains {char}."
        ),
        "file.header_nul": QCoreApplication.translate(
            "Messages", "{name} line 1: column {index} contains {char} (is the file UTF-16? save it as CSV UTF-8)."
        ),
        "file.header_long": QCoreApplication.translate(
            "Messages", "{name} line 1: column {index} is {length:,} characters long, not a column name."
        ),
        "file.unnamed": QCoreApplication.translate("Messages", "{name} line 1: column {index} has no name."),
        "file.columns": QCoreApplication.translate("Messages", "{name} line 1: {problems}."),
        "columns.missing": QCoreApplication.translate("Messages", "missing column(s) {columns}"),
        "columns.unknown": QCoreApplication.translate("Messages", "unknown column(s) {columns}"),
        "columns.repeated": QCoreApplication.translate("Messages", "repeated column(s) {columns}"),
        "columns.more": QCoreApplication.translate("Messages", "{names} and {more:,} more"),
        "file.kind": QCoreApplication.translate("Messages", "Cannot import {kind!r} files: give one of {allowed}."),
        "subject.bad_id": QCoreApplication.translate(
            "Messages", "subject_id {value!r} must be 1-32 letters, digits, '.', '_' or '-'"
        ),
        "subject.bad_site": QCoreApplication.translate(
            "Messages", "site {value!r} must be a site code (letters, digits, '_' or '-')"
        ),
        "subject.bad_dose": QCoreApplication.translate("Messages", "dose_level {value!r} must look like DL1, DL2 ..."),
        "subject.bad_email": QCoreApplication.translate("Messages", "email {value!r} is not an e-mail address"),
        "subject.infusion_future": QCoreApplication.translate("Messages", "infusion_date {day} is in the future"),
        "subject.infusion_early": QCoreApplication.translate(
            "Messages", "infusion_date {day} is before {earliest}, the earliest plausible infusion date"
        ),
        "subject.infusion_before_birth": QCoreApplication.translate(
            "Messages", "infusion_date {day} is before the birth date"
        ),
        "subject.birth_future": QCoreApplication.translate("Messages", "birth_date {day} is in the future"),
        "subject.birth_early": QCoreApplication.translate(
            "Messages", "birth_date {day} is before {earliest}, the earliest plausible birth date"
        ),
        "subject.birth_after_infusion": QCoreApplication.translate(
            "Messages", "birth_date {day} is after the infusion on {infusion}"
        ),
        "subject.too_old": QCoreApplication.translate(
            "Messages", "birth_date {day} makes the subject older than {years} at the infusion on {infusion}"
        ),
        "subject.enrolled": QCoreApplication.translate("Messages", "Subject {study_id} is already enrolled."),
        "subject.enrolled_case": QCoreApplication.translate(
            "Messages", "Subject {study_id} (ids are compared without regard to case) is already enrolled."
        ),
        "contact.unknown_fields": QCoreApplication.translate("Messages", "Unknown contact field(s): {fields_named}."),
        "contact.needs_reason": QCoreApplication.translate(
            "Messages", "Changing saved contact details needs a reason."
        ),
        "visit.date": QCoreApplication.translate("Messages", "The {problem}."),
        "visit.recorded_done": QCoreApplication.translate(
            "Messages",
            "{study_id} visit {code} is already recorded as done on {day}; undo it first (with a reason) to record another date.",
        ),
        "visit.recorded_missed": QCoreApplication.translate(
            "Messages",
            "{study_id} visit {code} is recorded as missed; undo that first (with a reason) to record it done.",
        ),
        "visit.unscheduled_recorded": QCoreApplication.translate(
            "Messages", "{study_id}: an unscheduled visit on {day} is already recorded."
        ),
        "visit.no_infusion": QCoreApplication.translate(
            "Messages", "{study_id} has no infusion; record the infusion first."
        ),
        "visit.no_plan": QCoreApplication.translate(
            "Messages", "{study_id} has no visit plan; record the infusion first."
        ),
        "visit.not_in_subject_plan": QCoreApplication.translate(
            "Messages", "There is no visit {code!r} in this subject's plan."
        ),
        "visit.not_open": QCoreApplication.translate(
            "Messages",
            "{study_id} visit {code} is {visit_status}; only a due or overdue visit can be closed as missed.",
        ),
        "visit.not_in_plan_status": QCoreApplication.translate("Messages", "not in the plan"),
        "visit.not_closed": QCoreApplication.translate(
            "Messages", "{study_id} visit {code} is {visit_status}; only missed or done visits can be undone."
        ),
        "visit.missed_needs_reason": QCoreApplication.translate(
            "Messages", "Closing a visit as missed needs a reason."
        ),
        "visit.undo_needs_reason": QCoreApplication.translate("Messages", "Undoing a visit's status needs a reason."),
        "visit.mode": QCoreApplication.translate("Messages", "Visit mode {value!r} is not one of {allowed}."),
        "letter.return_future": QCoreApplication.translate("Messages", "The return date {day} is in the future."),
        "letter.returned": QCoreApplication.translate(
            "Messages", "Letter {letter} is already marked returned on {day}."
        ),
        "letter.printed_after": QCoreApplication.translate(
            "Messages", "Letter {letter} was printed on {printed}, after {day}."
        ),
        "range.backwards": QCoreApplication.translate("Messages", "The range ends ({end}) before it starts ({start})."),
        "sign.meaning": QCoreApplication.translate(
            "Messages", "The meaning of a signature is one of {allowed}, not {value!r}."
        ),
        "sign_in.accounts_exist": QCoreApplication.translate(
            "Messages", "This database has accounts already: sign in, and ask an administrator."
        ),
        "sign_in.first": QCoreApplication.translate(
            "Messages", "Sign in first: only a signed-in user changes their password."
        ),
        "sign_in.needed": QCoreApplication.translate(
            "Messages",
            "This database has user accounts: sign in first (in the window, or with 'ltfu --user NAME ...' on the command line).",
        ),
        "sign_in.set_up_closed": QCoreApplication.translate(
            "Messages",
            "This database's audit trail no longer holds the entries anchored outside it (run 'ltfu check'): set-up mode stays closed; restore a backup.",
        ),
        "visit.not_planned": QCoreApplication.translate("Messages", "{study_id} has no visit {code!r} in the plan."),
        "file.unwritable": QCoreApplication.translate("Messages", "Cannot write {path}: {reason}."),
        "file.unwritable_letters": QCoreApplication.translate(
            "Messages", "Cannot write {path}: {reason}; no letter was recorded."
        ),
        "file.unwritable_export": QCoreApplication.translate(
            "Messages", "Cannot write the export to {path}: {reason}; nothing was kept."
        ),
        "file.unwritable_archive": QCoreApplication.translate("Messages", "Cannot write the archive {path}: {reason}."),
        "file.is_folder": QCoreApplication.translate(
            "Messages", "Cannot write {path}: it is a folder; give a file name."
        ),
        "file.no_folder": QCoreApplication.translate(
            "Messages", "Cannot write {path}: the folder {folder} does not exist."
        ),
        "file.archive_is_folder": QCoreApplication.translate(
            "Messages", "Cannot write the archive {path}: it is a folder; give a file name."
        ),
        "file.archive_no_folder": QCoreApplication.translate(
            "Messages", "Cannot write the archive {path}: the folder {folder} does not exist."
        ),
        "file.export_is_file": QCoreApplication.translate(
            "Messages", "Cannot export to {folder}: it is a file, not a folder."
        ),
        "file.export_not_empty": QCoreApplication.translate(
            "Messages",
            "Cannot export to {folder}: the folder is not empty and holds no earlier ltfu export. Choose an empty or new folder.",
        ),
        "file.leads_out": QCoreApplication.translate(
            "Messages", "Cannot write {name!r} into {folder}: the name leads out of the folder."
        ),
        "odm.no_protocol": QCoreApplication.translate(
            "Messages", "The database holds no protocol version yet; there is no study to export."
        ),
        "database.address": QCoreApplication.translate(
            "Messages", "Cannot use the database address {address!r}: {reason}"
        ),
        "screen.correct_reason": QCoreApplication.translate("Messages", "Correcting a safety screen needs a reason."),
        "screen.void_reason": QCoreApplication.translate("Messages", "Voiding a safety screen needs a reason."),
        "screen.unchanged": QCoreApplication.translate(
            "Messages", "Safety screen {screen} already holds these answers; nothing was changed."
        ),
        "sample.no_labels": QCoreApplication.translate(
            "Messages", "No labels to print: {study_id} has no stored sample."
        ),
        "report.annual": QCoreApplication.translate("Messages", "The annual report {year}"),
        "report.ind": QCoreApplication.translate("Messages", "The IND annual report of {study} ending {day}"),
        "report.changed": QCoreApplication.translate(
            "Messages",
            "{report} no longer rebuilds to the pages shown (the data changed since): nothing was signed. Generate it again, look at it, then sign.",
        ),
        "report.year": QCoreApplication.translate("Messages", "annual report: {year} is not a plausible report year"),
        "report.cut_outside": QCoreApplication.translate(
            "Messages", "annual report {year}: the data cut {cut} must fall in {year} ({start} to {end})"
        ),
        "report.cut_future": QCoreApplication.translate(
            "Messages",
            "annual report {year}: the data cut {cut} is after today ({today}); give a data cut on or before today, e.g. --as-of {today}",
        ),
        "report.language": QCoreApplication.translate(
            "Messages", "annual report: no texts in language {language!r} (available: {available})"
        ),
        "ind.no_anniversary": QCoreApplication.translate(
            "Messages",
            'IND annual report: protocol {protocol} sets no IND anniversary. Set it in the protocol file, section [ind], e.g. anniversary = "03-15" (month-day), and register the file with ltfu protocol amend.',
        ),
        "ind.empty_plan": QCoreApplication.translate(
            "Messages", "IND annual report: the plan for the coming year is empty; write it, then save."
        ),
        "ind.not_anniversary": QCoreApplication.translate(
            "Messages",
            "IND annual report: {day} is not an IND anniversary of protocol {protocol} (the period ends on {ends})",
        ),
        "protocol.unreadable": QCoreApplication.translate(
            "Messages", "{name}: cannot read the protocol file: {reason}"
        ),
        "protocol.not_utf8": QCoreApplication.translate(
            "Messages", "{name}: not UTF-8 text (byte {byte}); save the file as UTF-8"
        ),
        "protocol.not_toml": QCoreApplication.translate(
            "Messages", "{name}: line {line}, column {column}: not valid TOML ({detail})"
        ),
        "protocol.not_bundled": QCoreApplication.translate(
            "Messages", "no bundled protocol named {protocol_id!r} (bundled: {known})"
        ),
        "protocol.problems": QCoreApplication.translate("Messages", "{name}: {problems}"),
        "protocol.problems_more": QCoreApplication.translate(
            "Messages", "{name}: {problems} (and {more} more problems)"
        ),
        "protocol.at_line": QCoreApplication.translate("Messages", "line {line}: {where}: {problem}"),
        "protocol.at": QCoreApplication.translate("Messages", "{where}: {problem}"),
        "protocol.top_level": QCoreApplication.translate("Messages", "top level"),
        "protocol.unknown_key": QCoreApplication.translate(
            "Messages", "unknown key {key!r} (expected one of: {allowed})"
        ),
        "protocol.missing": QCoreApplication.translate("Messages", "missing {key!r}"),
        "protocol.not_text": QCoreApplication.translate(
            "Messages", "{key} must be a non-empty text in quotes, not {value!r}"
        ),
        "protocol.not_whole": QCoreApplication.translate("Messages", "{key} must be a whole number, not {value!r}"),
        "protocol.below": QCoreApplication.translate("Messages", "{key}={value} must be >= {minimum}"),
        "protocol.not_positive": QCoreApplication.translate("Messages", "{key} must be a number > 0, not {value!r}"),
        "protocol.not_list": QCoreApplication.translate(
            "Messages", '{key} must be a list of texts in quotes, like ["a", "b"], not {value!r}'
        ),
        "protocol.listed_twice": QCoreApplication.translate("Messages", "{key} lists {value!r} twice"),
        "protocol.missing_section": QCoreApplication.translate("Messages", "missing section"),
        "protocol.not_section": QCoreApplication.translate(
            "Messages", "{key} must be a section [{key}], not {value!r}"
        ),
        "protocol.bad_id": QCoreApplication.translate(
            "Messages", "id {value!r} may hold only a-z, 0-9, '.', '_' and '-'"
        ),
        "protocol.no_visits": QCoreApplication.translate("Messages", "no visits: add one [[visits]] block per visit"),
        "protocol.visit_blocks": QCoreApplication.translate(
            "Messages", "visits must be [[visits]] blocks, one per visit"
        ),
        "protocol.code_twice": QCoreApplication.translate(
            "Messages", "code {code!r} is used twice (also visits[{first}])"
        ),
        "protocol.order": QCoreApplication.translate(
            "Messages",
            "{offset} does not come after visits[{index}] ({code}) {before} for every infusion date; list visits in increasing offset order",
        ),
        "protocol.after_end": QCoreApplication.translate(
            "Messages", "{offset} is after the end of follow-up (duration_years={years})"
        ),
        "protocol.bad_code": QCoreApplication.translate(
            "Messages", "code {code!r} may hold only letters, digits, '.', '_' and '-'"
        ),
        "protocol.day_and_months": QCoreApplication.translate("Messages", "give either day or months, not both"),
        "protocol.no_offset": QCoreApplication.translate("Messages", "missing offset: give day = N or months = N"),
        "protocol.no_window": QCoreApplication.translate(
            "Messages", "missing {key!r} (window days before/after the nominal date)"
        ),
        "protocol.window_not_whole": QCoreApplication.translate(
            "Messages", "window {key} must be a whole number of days, not {value!r}"
        ),
        "protocol.window_negative": QCoreApplication.translate("Messages", "window {key}={value} must be >= 0"),
        "protocol.bad_mode": QCoreApplication.translate("Messages", "mode {value!r} is not one of: {allowed}"),
        "protocol.no_assessment": QCoreApplication.translate(
            "Messages", "assessments must list at least one assessment"
        ),
        "protocol.unknown_assessment": QCoreApplication.translate(
            "Messages", "assessment {value!r} is not in the vocabulary ({allowed})"
        ),
        "protocol.before_day_0": QCoreApplication.translate(
            "Messages", "window early={early} starts before Day 0 ({offset})"
        ),
        "protocol.not_one_of": QCoreApplication.translate("Messages", "{value!r} is not one of: {allowed}"),
        "protocol.unknown_visit": QCoreApplication.translate(
            "Messages", "{code!r} is not a visit code of this protocol"
        ),
        "protocol.no_rcl_sample": QCoreApplication.translate(
            "Messages", "visit {code} takes no RCL sample (R-T or R-A)"
        ),
        "protocol.bad_design": QCoreApplication.translate("Messages", "must be one of {allowed}, not {value!r}"),
        "protocol.boin_only": QCoreApplication.translate(
            "Messages", 'only for design = "boin" (3+3 always treats cohorts of 3, up to 6)'
        ),
        "protocol.bad_target": QCoreApplication.translate(
            "Messages", "must be a DLT rate above 0 and below 0.5, not {value!r}"
        ),
        "protocol.not_flag": QCoreApplication.translate("Messages", "{key} must be true or false, not {value!r}"),
        "protocol.not_edit_check": QCoreApplication.translate("Messages", "{value!r} is not an edit check ({allowed})"),
        "protocol.bad_anniversary": QCoreApplication.translate(
            "Messages", 'anniversary must be a month and day in quotes, "MM-DD" (e.g. "03-15"), not {value!r}'
        ),
        "data.result": QCoreApplication.translate("Messages", "{analyte} result"),
        "data.infusion_date": QCoreApplication.translate("Messages", "infusion date"),
        "data.event": QCoreApplication.translate("Messages", "{kind} event"),
        "data.dlt": QCoreApplication.translate("Messages", "DLT"),
        "data.dlt_day": QCoreApplication.translate("Messages", "{term} (Day {day})"),
        "data.implausible_infusion": QCoreApplication.translate(
            "Messages", "before {earliest}, the earliest plausible infusion; the subject is left out"
        ),
        "data.before_infusion": QCoreApplication.translate(
            "Messages", "before the infusion on {infusion}; left out of the analyses"
        ),
        "data.outside_dlt_window": QCoreApplication.translate(
            "Messages", "outside the DLT window (Day 0 to Day {days}); not counted as a DLT"
        ),
        "data.not_category": QCoreApplication.translate("Messages", "a category that is not one of {known}"),
        "data.not_finite": QCoreApplication.translate("Messages", "not a finite number"),
        "data.value_outside": QCoreApplication.translate("Messages", "value outside the plausible range {range}"),
        "data.lloq_outside": QCoreApplication.translate(
            "Messages", "limit of quantification outside the plausible range {range}"
        ),
        "data.range": QCoreApplication.translate("Messages", "{low} to {high} {unit}"),
        "data.range_percent": QCoreApplication.translate(
            "Messages", "{low} to {high} {unit} ({low_percent} to {high_percent} %)"
        ),
        "toml.invalid_value": QCoreApplication.translate("Messages", "Invalid value"),
        "toml.unterminated_string": QCoreApplication.translate("Messages", "Unterminated string"),
        "toml.expected_equals": QCoreApplication.translate("Messages", "Expected '=' after a key in a key/value pair"),
        "toml.invalid_statement": QCoreApplication.translate("Messages", "Invalid statement"),
        "toml.overwrite": QCoreApplication.translate("Messages", "Cannot overwrite a value"),
        "toml.declared_twice": QCoreApplication.translate("Messages", "Cannot declare {key} twice"),
        "toml.unclosed_array": QCoreApplication.translate("Messages", "Unclosed array"),
        "toml.unclosed_table": QCoreApplication.translate("Messages", "Unclosed inline table"),
        "toml.table_end": QCoreApplication.translate("Messages", "Expected ']' at the end of a table declaration"),
        "toml.array_end": QCoreApplication.translate("Messages", "Expected ']]' at the end of an array declaration"),
        "toml.expected_newline": QCoreApplication.translate(
            "Messages", "Expected newline or end of document after a statement"
        ),
        "toml.key_start": QCoreApplication.translate("Messages", "Invalid initial character for a key part"),
        "toml.illegal_character": QCoreApplication.translate("Messages", "Illegal character {character}"),
        "toml.date": QCoreApplication.translate("Messages", "Invalid date or datetime"),
        "toml.invalid_character": QCoreApplication.translate("Messages", "Found invalid character {character}"),
        "toml.unescaped_backslash": QCoreApplication.translate("Messages", "Unescaped '\\' in a string"),
        "toml.hex": QCoreApplication.translate("Messages", "Invalid hex value"),
        "toml.not_scalar": QCoreApplication.translate("Messages", "Escaped character is not a Unicode scalar value"),
        "toml.duplicate_key": QCoreApplication.translate("Messages", "Duplicate inline table key {key}"),
        "toml.immutable": QCoreApplication.translate("Messages", "Cannot mutate immutable namespace {key}"),
        "toml.redefine": QCoreApplication.translate("Messages", "Cannot redefine namespace {key}"),
        "toml.expected": QCoreApplication.translate("Messages", "Expected {expected}"),
        "db.locked": QCoreApplication.translate(
            "Messages",
            "The database {where} is locked by another program or workstation. Wait a moment and try again; nothing was changed.",
        ),
        "db.read_only": QCoreApplication.translate(
            "Messages", "The database {where} is read-only. Ask for write access or open a copy; nothing was changed."
        ),
        "db.full": QCoreApplication.translate(
            "Messages",
            "The disk holding the database {where} is full. Free some space and try again; nothing was changed.",
        ),
        "db.corrupt": QCoreApplication.translate(
            "Messages",
            "The database {where} is damaged. Restore the latest backup (ltfu restore FILE); nothing was changed.",
        ),
        "db.cannot_open": QCoreApplication.translate(
            "Messages", "Cannot open the database {where}: check the path and its permissions."
        ),
        "db.io_error": QCoreApplication.translate(
            "Messages",
            "The disk holding the database {where} could not be read or written (a disk or network drive failure). Check the disk and try again; nothing was changed.",
        ),
        "db.unreachable": QCoreApplication.translate(
            "Messages",
            "Cannot reach the database server {where}: check that it is running and that the address, the database name and the user are right.",
        ),
        "db.overloaded": QCoreApplication.translate(
            "Messages",
            "The database server {where} is out of resources (too many connections or too little memory). Try again later; nothing was changed.",
        ),
        "db.damaged_read_only": QCoreApplication.translate(
            "Messages",
            "The database {where} is open read-only: {found_by} found it damaged on {day} ({reason}). Nothing can be saved: restore the latest backup (ltfu restore FILE); 'ltfu check' lifts this once it finds no problem.",
        ),
        "db.is_folder": QCoreApplication.translate("Messages", "{path} is a folder, not a database file."),
        "db.no_folder": QCoreApplication.translate(
            "Messages", "Cannot create the database {path}: the folder {folder} does not exist."
        ),
        "db.cannot_create": QCoreApplication.translate("Messages", "Cannot create the database {path}: {reason}."),
        "db.unreadable": QCoreApplication.translate("Messages", "Cannot read the database {path}: {reason}."),
        "db.upgrade_orphans": QCoreApplication.translate(
            "Messages",
            "The upgrade to schema {revision} would leave {count} row(s) referring to a missing record "
            "(first: table {table} row {row}); nothing was changed.",
        ),
        "db.not_sqlite": QCoreApplication.translate(
            "Messages",
            "{path} is not an ltfu database (it is not a SQLite file). Choose the right file, or restore a backup.",
        ),
        "db.no_version": QCoreApplication.translate(
            "Messages",
            "The database has ltfu tables but no schema version; it was not made by this program. Open another file or restore a backup.",
        ),
        "db.too_new": QCoreApplication.translate(
            "Messages",
            "The database has schema version {revision}, newer than this program ({head}). Install the newer ltfu that wrote it; nothing was changed.",
        ),
        "link.write": QCoreApplication.translate(
            "Messages",
            "Cannot write {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.",
        ),
        "link.export": QCoreApplication.translate(
            "Messages",
            "Cannot export to {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.",
        ),
        "link.write_into": QCoreApplication.translate(
            "Messages",
            "Cannot write into {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.",
        ),
        "backup.today": QCoreApplication.translate("Messages", "Cannot write today's backup to {folder}: {reason}."),
        "backup.internal": QCoreApplication.translate(
            "Messages", "Today's backup failed on an internal error ({kind}); see the log."
        ),
        "archive.report_name": QCoreApplication.translate(
            "Messages", "Cannot archive the report {name!r}: give a plain file name ending in .pdf."
        ),
        "archive.not_pdf": QCoreApplication.translate(
            "Messages", "Cannot archive the report {name}: it is not a PDF file."
        ),
        "anchor.unreadable": QCoreApplication.translate("Messages", "Cannot read the anchor {path}: {reason}."),
        "subject.protocol": QCoreApplication.translate("Messages", "protocol: {problem}"),
        "subject.hidden": QCoreApplication.translate(
            "Messages", "subject {study_id} is already enrolled (at a site you do not see)"
        ),
        "subject.site_not_granted": QCoreApplication.translate(
            "Messages", "site {site} is not one of the sites you are granted"
        ),
        "subject.also_on_line": QCoreApplication.translate("Messages", "subject_id {study_id} is also on line {line}"),
        "subject.differs": QCoreApplication.translate(
            "Messages", "subject {study_id} is already enrolled: {difference}"
        ),
        "subject.differs_from": QCoreApplication.translate(
            "Messages", "{column} {value} differs from the enrolled {enrolled}"
        ),
        "subject.birth_differs": QCoreApplication.translate("Messages", "birth_date differs from the enrolled one"),
        "subject.protocol_differs": QCoreApplication.translate(
            "Messages", "protocol {protocol} differs from the enrolled study {enrolled}"
        ),
        "safety.bad_state": QCoreApplication.translate("Messages", "state {value!r} is not one of {allowed}"),
        "safety.outcome_when": QCoreApplication.translate(
            "Messages", "an outcome is recorded only when a test step ({steps}) is done"
        ),
        "safety.bad_outcome": QCoreApplication.translate("Messages", "outcome {value!r} is not one of {allowed}"),
        "result.unknown_analyte": QCoreApplication.translate("Messages", "analyte {analyte!r} is unknown"),
        "result.not_finite": QCoreApplication.translate("Messages", "{analyte} value {value} is not a finite number"),
        "result.outside": QCoreApplication.translate(
            "Messages", "{analyte} value {value} {unit} is outside the plausible range {range}"
        ),
        "summary.import": QCoreApplication.translate("Messages", "{file}: {added} added, {unchanged} already present"),
        "summary.import_sites": QCoreApplication.translate(
            "Messages", "{file}: {added} added, {unchanged} already present; new sites: {sites}"
        ),
        "summary.export": QCoreApplication.translate(
            "Messages",
            "exported {tables} tables ({rows}, {contacts}), {dictionary}, {readme} and {protocols} protocol file(s) to {folder}; checksums in {manifest}",
        ),
        "summary.row": QCoreApplication.translate("Messages", "{n} row"),
        "summary.rows": QCoreApplication.translate("Messages", "{n} rows"),
        "summary.with_contacts": QCoreApplication.translate("Messages", "with contacts (PHI)"),
        "summary.without_contacts": QCoreApplication.translate("Messages", "without contacts"),
        "summary.odm": QCoreApplication.translate(
            "Messages",
            "wrote CDISC ODM {version} to {path}: {subjects} subjects, {events} study events, {results} results, {audit} audit records",
        ),
        "summary.archive": QCoreApplication.translate(
            "Messages",
            "archived {rows} rows of {tables} tables, the audit trail ({entries} entries), the data dictionary and {reports} report(s) to {path} (sha256 {sha}...)",
        ),
        "summary.ical": QCoreApplication.translate("Messages", "{events} visit(s) written to {path}"),
        "sample.place": QCoreApplication.translate(
            "Messages", "freezer {freezer}, rack {rack}, box {box}, position {position}"
        ),
    }


def message_codes() -> tuple[str, ...]:
    """The codes the window has a sentence for (a test requires every one of `MESSAGES`)."""
    return tuple(_messages())


# A message parameter that holds a code of one of the tables above.
_PARAMETER_TABLES = {
    "step": "step",
    "steps": "step",
    "channel": "channel",
    "channels": "channel",
    "role": "role",
    "roles": "role",
    "what": "event",
    "record_kind": "record",
    "query_state": "query_state",
    "kind": "event",
    "fields": "screen_question",
    "medication": "medication_kind",
    "question": "screen_question",
    "field": "field",
    "sample_state": "sample_state",
    "outcome": "outcome",
    "visit_status": "visit_status",
}


# A message parameter that holds a code written as words ("lost to follow up").
_WORDED = {"state": "step_state", "cause": "cause"}


def _parameter_text(name: str, value: object) -> object:
    if isinstance(value, int | float):  # numbers keep their format ("{count:,}")
        return value
    if isinstance(value, Message):
        return message_text(value)
    if isinstance(value, dt.date):
        return date_text(value)
    table = _PARAMETER_TABLES.get(name)
    if isinstance(value, tuple):
        words = [label(table, str(v)) if table else str(v) for v in value]
        return QCoreApplication.translate("Messages", ", ").join(words)
    if name in _WORDED:  # written as words ("not applicable") in English
        return label(_WORDED[name], str(value).replace(" ", "_"))
    # A code may come written as words ("lost to follow up"), as the English sentence has it.
    return label(table, str(value).replace(" ", "_")) if table else str(value)


def message_text(text: str) -> str:
    """A text from a service in the window's language: a `Message` said from its code, with
    its parameters' codes and dates in the window's words; any other text as it is."""
    if not isinstance(text, Message):
        return text
    template = _messages().get(text.code)
    if template is None:
        return str(text)
    return template.format(**{name: _parameter_text(name, value) for name, value in text.params.items()})


def stored_text(text: str | None) -> str:
    """A note or reason stored on a record: one the program wrote (the English of a
    `note.` or `reason.` message, its fields filled in) in the window's language, one a
    person wrote as it is."""
    if not text:
        return ""
    said = recognised(text, ("note.", "reason."))
    return text if said is None else message_text(said)
