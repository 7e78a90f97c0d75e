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
            vocabulary.ALERT_KINDS + vocabulary.CASE_ALERT_KINDS,
            {
                "rcl_positive": QCoreApplication.translate("Vocabulary", "RCL positive"),
                "igg_low": QCoreApplication.translate("Vocabulary", "Low IgG"),
                "b_cell_recovery": QCoreApplication.translate("Vocabulary", "B-cell recovery"),
                "malignancy": QCoreApplication.translate("Vocabulary", "Malignancy case"),
                "report_due": QCoreApplication.translate("Vocabulary", "Safety report due"),
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
    if alert.kind == "igg_low":
        return QCoreApplication.translate(
            "Vocabulary", "IgG {0} g/L on {1} (< {2}): consider immunoglobulin replacement."
        ).format(f"{alert.value:.1f}", day, f"{alert.threshold:g}")
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
    if alert.kind == "b_cell_recovery":
        return QCoreApplication.translate(
            "Vocabulary", "B-cell recovery from {0} (CD19 {1} cells/µL): CAR-T cells may no longer persist."
        ).format(day, f"{alert.value:.0f}")
    return alert.message
