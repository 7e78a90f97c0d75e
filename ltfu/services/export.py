"""Export for a statistician or a sponsor: every table as UTF-8 CSV, with a data dictionary.

One file per table (`TABLES`), one row per database row in primary-key order, plus
`dictionary.csv` (what every column means, its type, unit and allowed values),
`README.txt` (the conventions, in words), the protocol definition files used
(`protocols/<id>-<hash8>.toml`) and `manifest.json` (SHA-256, size and row count of
every file). Everything is deterministic: exporting the same data twice gives
byte-identical files, manifest included, so a checksum proves that nothing changed
(each export is an audit entry, so a second export's trail holds the first's). In a
large database a second process writes the largest tables, from the same snapshot
(`_tables_aside`): the files are the same.

Conventions (also written into README.txt): an empty field is "no value" (NULL);
dates are ISO ``YYYY-MM-DD``; timestamps are UTC, ISO 8601 with microseconds and
``+00:00``; booleans are ``true``/``false``; numbers are written exactly (Python's
shortest round-trip form, which may use an exponent such as ``1e-05``). Cells are
spreadsheet-safe (`ltfu.services.csvsafe`: quoted, and text that a spreadsheet would
run as a formula marked with a leading ``'``); the handover archive writes the same
files with exact values instead, because it is read back.

PHI (the `contact` table and free-text contact-attempt notes) is written only with
``with_contacts``, which needs the ``export_contacts`` right. The audit trail is
always exported whole, but without contacts the old and new values of contact
changes (and any PHI field) read ``(withheld: ...)`` (`audit.withheld`): the chain's
links still check, those entries' own hashes only with contacts. Every export is
itself an audit entry (who, when, where to), written before the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import multiprocessing
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as PipeEnd
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, Any

from sqlalchemy import CheckConstraint, Column, ColumnElement, Table, func, literal_column, or_, select
from sqlalchemy.orm import Session

from ltfu import __version__, vocabulary
from ltfu.db import models as m
from ltfu.db.engine import driver_connection, make_engine
from ltfu.db.migrate import current_revision
from ltfu.errors import DatabaseError, LtfuError, Message
from ltfu.memory import collector_paused
from ltfu.safefile import WriteBehind, atomic_file, private_folder
from ltfu.schedule.protocol import ASSESSMENTS
from ltfu.services import access, audit, csvsafe, trail
from ltfu.services.database import Database

log = logging.getLogger(__name__)

FORMAT = "ltfu-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DICTIONARY = "dictionary.csv"
README = "README.txt"
DICTIONARY_COLUMNS = ("table", "column", "type", "unit", "allowed_values", "meaning", "required", "references")
TRUE, FALSE = "true", "false"


@dataclass(frozen=True)
class TableSpec:
    """One exported table: its CSV file stem, database table, and what it holds."""

    name: str
    table: str
    description: str
    phi: bool = False  # written only with contacts
    never: tuple[str, ...] = ()  # columns never exported (secrets)
    phi_columns: tuple[str, ...] = ()  # columns written only with contacts


# In dependency order: a file only refers to files above it (audit_events last).
TABLES: tuple[TableSpec, ...] = (
    TableSpec("sites", "site", "Trial sites (institutions, not people)."),
    TableSpec(
        "users", "user", "People who use the program; password hashes are never exported.", never=("password_hash",)
    ),
    TableSpec(
        "user_grants",
        "user_grant",
        "What each user may see: one study or all (empty), at one site or all (empty); a user without "
        "a current grant sees every subject. A revoked grant is voided.",
    ),
    TableSpec(
        "protocol_versions",
        "protocol_version",
        "Protocol definitions as loaded; the full text of each is in protocols/<protocol_id>-<hash8>.toml.",
    ),
    TableSpec("subjects", "subject", "Trial subjects, without names or contact details (those are in contacts.csv)."),
    TableSpec("contacts", "contact", "Protected health information: names, birth dates, addresses, phones.", phi=True),
    TableSpec(
        "subject_transfers",
        "subject_transfer",
        "Moves of a subject from one site to another, with the date; subjects.site_id is the site since the latest.",
    ),
    TableSpec(
        "infusions", "infusion", "CAR-T infusions; Day 0 of each subject's plan (a re-infusion is a second row)."
    ),
    TableSpec(
        "visits",
        "visit",
        "Planned visits through 15 years and what happened at each; an empty code is an unscheduled visit.",
    ),
    TableSpec("visit_status_changes", "visit_status_change", "Every change of a visit's stored state, in order."),
    TableSpec("results", "result", "Laboratory results in long format: one analyte, one date, one value per row."),
    TableSpec("clinical_events", "clinical_event", "Responses, relapses, deaths, HSCT, new therapies, withdrawals..."),
    TableSpec("adverse_events", "adverse_event", "Adverse events: CTCAE v5 grades; CRS and ICANS by ASTCT 2019."),
    TableSpec("safety_cases", "safety_case", "Malignancy and RCL positive cases being worked up (DOMAIN.md 7)."),
    TableSpec("case_steps", "case_step", "The steps of each safety case: due, done or not applicable, and by whom."),
    TableSpec(
        "safety_reports",
        "safety_report",
        "Reporting clocks: each safety report with its due date and when, to whom and under which reference it was sent.",
    ),
    TableSpec(
        "contact_attempts",
        "contact_attempt",
        "Attempts to reach a subject (the basis of lost to follow-up).",
        phi_columns=("note",),
    ),
    TableSpec(
        "safety_screens",
        "safety_screen",
        "The safety screen of each follow-up contact from Day 28: yes, no or unknown per question "
        "(a visit without a row has no screen: that is not a negative answer).",
    ),
    TableSpec(
        "medications",
        "medication",
        "Immunoglobulin replacement (IVIG, SCIG) with start and stop dates (no stop date: ongoing).",
    ),
    TableSpec(
        "consents",
        "consent",
        "Informed consents: version, date, and whether the subject or a parent or legal guardian consented.",
    ),
    TableSpec("letters", "letter", "Letters printed: which visits, when, and whether the mail came back."),
    TableSpec(
        "samples",
        "sample",
        "Samples drawn to archive (RCL, tumour tissue, case blood): storage place, keep-until date, state.",
    ),
    TableSpec("sample_tests", "sample_test", "Tests run on archived samples: name, date and result as reported."),
    TableSpec(
        "ind_plans",
        "ind_plan",
        "The PI's plan for the coming year, per IND annual report (protocol and period end).",
    ),
    TableSpec(
        "queries",
        "query",
        "Data queries: a question on a recorded value raised by a monitor or an edit check, the site's answer or "
        "correction, and its closing; each step (and so the history) is in audit_events.csv (table query).",
    ),
    TableSpec(
        "verifications",
        "verification",
        "Source data verification: each record checked against the source, by whom and when, and the "
        "change that cleared the mark (the latest row of a record is its state).",
    ),
    TableSpec(
        "data_cuts",
        "data_cut",
        "Frozen data cuts: the data up to an as-of date as they stood at the audit entry named; "
        "a report signed at a cut is rebuilt from it (ltfu report annual --from-cut).",
    ),
    TableSpec("signatures", "signature", "Electronic signatures of reports (21 CFR 11.50)."),
    TableSpec(
        "audit_events",
        "audit_event",
        "The audit trail: every create, change and void, hash-chained in id order.",
    ),
)
PROTOCOL_FILE_COLUMN = "file"

# Units and meanings the metadata cannot say. Key: (table, column); "*" matches any table.
_VOIDED = "Rows with voided_at set are voided (kept, never deleted) and are left out of every analysis."


def _analytes_meaning() -> str:
    """'What was measured, with its unit: car_copies copies/ug genomic DNA (qPCR); ...',
    from the declared analytes (neighbours with the same unit share one entry)."""
    groups: list[tuple[list[str], str]] = []
    for a in vocabulary.ANALYTE_DECLARATIONS:
        if groups and groups[-1][1] == a.described:
            groups[-1][0].append(a.code)
        else:
            groups.append(([a.code], a.described))
    return "What was measured, with its unit: " + "; ".join(f"{', '.join(c)} {d}" for c, d in groups) + "."


def _sample_types_meaning() -> str:
    """'Kind of sample (its letters in the sample id): rcl_archive (RA) blood ...', from the declarations."""
    return (
        "Kind of sample (its letters in the sample id): "
        + "; ".join(f"{t.code} ({t.short}) {t.described}" for t in vocabulary.SAMPLE_TYPE_DECLARATIONS)
        + "."
    )


MEANINGS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("*", "id"): ("", "Row id, unique in this file; other files refer to it (see the references column)."),
    ("*", "voided_at"): ("UTC", "When the row was voided; empty for a current row. " + _VOIDED),
    ("*", "voided_by"): ("", "User who voided the row."),
    ("*", "void_reason"): ("", "Why the row was voided (always given when voided_at is set)."),
    ("*", "row_version"): ("", "Edit counter used to refuse a save based on stale data (1 = never edited)."),
    ("*", "subject_id"): ("", "The subject (subjects.id)."),
    ("*", "source_file"): ("", "Name of the file the row was imported from; empty when entered by hand."),
    ("*", "created_at"): ("UTC", "When the row was created."),
    ("site", "code"): ("", "Short site code, e.g. BJ01."),
    ("site", "name"): ("", "Site name."),
    ("site", "address"): ("", "Site postal address (the institution's)."),
    ("site", "phone"): ("", "Site telephone number (the institution's)."),
    ("user", "username"): ("", "Login name."),
    ("user", "full_name"): ("", "Printed name of the user."),
    ("user", "role"): ("", "What the user may do."),
    ("user", "active"): ("", "false once the account is disabled (users are never deleted)."),
    ("user", "failed_logins"): ("count", "Consecutive failed sign-ins."),
    ("user", "locked_until"): ("UTC", "Sign-in refused until this time after too many failures."),
    ("protocol_version", "protocol_id"): ("", "Protocol identifier, e.g. cd19-cd22-ph1."),
    ("protocol_version", "version_label"): ("", "The version label written in the protocol file."),
    ("protocol_version", "content_hash"): (
        "",
        "SHA-256 (hex) of the protocol file bytes; a new hash is a new version.",
    ),
    ("protocol_version", "source_name"): ("", "File name the definition was loaded from."),
    ("protocol_version", "effective_date"): ("", "Date from which this version plans visits."),
    ("protocol_version", "loaded_at"): ("UTC", "When the definition was loaded into the database."),
    ("protocol_version", PROTOCOL_FILE_COLUMN): (
        "",
        "Path of the protocol definition's full text in this export (TOML).",
    ),
    ("subject", "study_id"): ("", "Subject identifier used in the trial, e.g. CD1922-017."),
    ("subject", "site_id"): ("", "The subject's site now (sites.id): the enrolling one, or the last transfer's."),
    ("subject", "protocol_version_id"): ("", "Protocol version the subject was enrolled under."),
    ("subject", "dose_level"): ("", "Assigned dose level (DL1, DL2, ...)."),
    ("subject", "birth_year"): ("year", "Year of birth (the full date is PHI, in contacts.csv)."),
    ("subject", "sex"): ("", "F female, M male, U unknown."),
    ("subject", "race"): ("", "Race as reported (IND annual report)."),
    ("subject", "status"): ("", "Follow-up status of the subject."),
    ("subject", "withdrawal_scope"): (
        "",
        "For a withdrawn subject: treatment, visits (survival contact continues) or all.",
    ),
    ("subject", "consent_version"): ("", "Version of the signed informed consent."),
    ("subject", "enrolled_on"): ("", "Enrolment date."),
    ("contact", "given_name"): ("", "Given name (PHI)."),
    ("contact", "family_name"): ("", "Family name (PHI)."),
    ("contact", "birth_date"): ("", "Date of birth (PHI)."),
    ("contact", "address"): ("", "Postal address (PHI)."),
    ("contact", "postal_code"): ("", "Postal code (PHI)."),
    ("contact", "city"): ("", "City (PHI)."),
    ("contact", "country"): ("", "Country."),
    ("contact", "phone"): ("", "Telephone (PHI)."),
    ("contact", "email"): ("", "E-mail address (PHI)."),
    ("contact", "language"): ("", "Language of letters."),
    ("contact", "preferred_channel"): ("", "How the subject prefers to be contacted."),
    ("contact", "confidential_address"): ("", "true: the subject asked that mail not go to the address on file."),
    ("contact", "alternate_contacts"): ("", "Other people or addresses to try (PHI)."),
    ("contact", "local_physician"): ("", "The subject's local physician (PHI)."),
    ("infusion", "sequence"): ("", "1 for the first infusion, 2 for a re-infusion, ..."),
    ("infusion", "infusion_date"): ("", "Day 0: study day of a date = (date - infusion_date) in days."),
    ("infusion", "dose_level"): ("", "Dose level of this infusion."),
    ("infusion", "cell_dose"): (vocabulary.CELL_DOSE_UNIT, "Cell dose given."),
    ("infusion", "product_lot"): ("", "Manufacturing lot of the product."),
    ("visit", "infusion_id"): ("", "The infusion whose Day 0 anchors this visit (infusions.id)."),
    ("visit", "protocol_version_id"): ("", "Protocol version the visit was planned with."),
    ("visit", "code"): ("", "Visit code from the protocol (D0, D1, ..., M3, ..., Y15); empty: unscheduled visit."),
    ("visit", "sequence"): ("", "Position of the visit in the protocol's visit table."),
    ("visit", "nominal_date"): ("", "Planned date, computed from Day 0 (never from the previous visit)."),
    ("visit", "window_start"): ("", "First day of the visit window (inclusive)."),
    ("visit", "window_end"): ("", "Last day of the visit window (inclusive)."),
    ("visit", "mode"): ("", "Planned mode of the visit."),
    ("visit", "assessments"): ("", "Planned assessments, space separated (codes: see allowed values)."),
    ("visit", "state"): (
        "",
        "Stored state. Due, upcoming and overdue are not stored: on a day T a planned visit is "
        "upcoming (T < window_start), due (window_start <= T <= window_end) or overdue (T > window_end).",
    ),
    ("visit", "cause"): ("", "Why a cancelled visit was cancelled (empty unless state = cancelled)."),
    ("visit", "actual_date"): ("", "Date the visit took place (required when completed)."),
    ("visit", "actual_mode"): ("", "How the visit took place."),
    ("visit", "performed_by"): ("", "User who recorded the visit (users.id)."),
    ("visit", "out_of_window"): ("", "true: the visit took place outside its window."),
    ("visit_status_change", "visit_id"): ("", "The visit (visits.id)."),
    ("visit_status_change", "old_state"): ("", "State before the change; empty for the first state."),
    ("visit_status_change", "new_state"): ("", "State after the change."),
    ("visit_status_change", "cause"): ("", "Cause of a cancellation."),
    ("visit_status_change", "reason"): ("", "Reason given by the user (e.g. for undoing a missed visit)."),
    ("visit_status_change", "changed_by"): ("", "User who made the change; empty when the rules made it."),
    ("visit_status_change", "changed_at"): ("UTC", "When the change was made."),
    ("result", "result_date"): ("", "Sample date."),
    ("result", "result_time"): ("HH:MM", "Sample time, when known (local time)."),
    ("result", "analyte"): ("", _analytes_meaning()),
    ("result", "value"): ("see unit", "Numeric value, in the row's unit; empty for a categorical analyte."),
    ("result", "category"): (
        "",
        f"Result of a categorical analyte ({', '.join(vocabulary.CATEGORICAL_ANALYTES)}); empty for a numeric one.",
    ),
    ("result", "unit"): ("", "Unit of value and lloq; empty for a categorical analyte."),
    ("result", "blq"): (
        "",
        "true: below the lower limit of quantification; value then holds the LLOQ. Counted as 0 in PK.",
    ),
    ("result", "lloq"): ("see unit", "Lower limit of quantification of the assay, in the row's unit."),
    ("result", "assay"): ("", "Assay or method name."),
    ("clinical_event", "event_date"): ("", "Date of the event (for a response: date of the disease assessment)."),
    ("clinical_event", "kind"): ("", "What happened."),
    ("clinical_event", "detail"): ("", "Detail as entered, e.g. 'CR MRD-' or 'CD19- CD22+'."),
    ("clinical_event", "response"): (
        "",
        "For kind = response: CR (< 5% blasts with count recovery), CRi (without count recovery), PR or NR.",
    ),
    ("clinical_event", "mrd_negative"): ("", "For a response: flow MRD negative (< 0.01%)."),
    ("clinical_event", "cd19_status"): ("", "For a relapse: CD19 expression on the blasts."),
    ("clinical_event", "cd22_status"): ("", "For a relapse: CD22 expression on the blasts."),
    ("clinical_event", "lineage_switch"): ("", "For a relapse: lineage switch (e.g. to myeloid)."),
    ("clinical_event", "death_cause"): ("", "For kind = death: cause of death."),
    ("clinical_event", "withdrawal_scope"): ("", "For kind = withdrawal: what the subject withdrew from."),
    ("adverse_event", "kind"): ("", "ctcae: CTCAE v5 term and grade; crs, icans: graded by ASTCT 2019."),
    ("adverse_event", "term"): ("", "Adverse event term."),
    ("adverse_event", "grade"): ("grade", "Severity grade (5 = death)."),
    ("adverse_event", "onset_date"): ("", "Onset date."),
    ("adverse_event", "resolution_date"): ("", "Resolution date; empty while ongoing."),
    ("adverse_event", "serious"): ("", "Serious adverse event."),
    ("adverse_event", "related"): ("", "Related to the study product."),
    ("adverse_event", "dlt"): ("", "Dose-limiting toxicity (Day 0-28)."),
    ("adverse_event", "special_interest"): ("", "Delayed adverse event of special interest (LTFU category)."),
    ("adverse_event", "awareness_date"): (
        "",
        "The day the site first knew (the reporting clocks run from it); empty on events recorded before it was asked.",
    ),
    ("adverse_event", "unexpected"): (
        "",
        "Not in the reference safety information; serious, related and unexpected is a SUSAR. Empty: not asked.",
    ),
    ("safety_case", "kind"): ("", "malignancy: a new malignancy; rcl_positive: a positive RCL result."),
    ("safety_case", "t_cell"): ("", "true: a T-cell malignancy."),
    ("safety_case", "adverse_event_id"): ("", "The adverse event that opened the case (adverse_events.id)."),
    ("safety_case", "result_id"): ("", "The RCL result that opened the case (results.id)."),
    ("safety_case", "awareness_date"): ("", "The day the site first knew; step due dates count from it."),
    ("safety_case", "state"): ("", "open, or closed (only once no step is open)."),
    ("safety_case", "closed_on"): ("", "The day the case was closed."),
    ("safety_case", "closed_by"): ("", "User who closed the case."),
    ("case_step", "case_id"): ("", "The case (safety_cases.id)."),
    ("case_step", "code"): ("", "Which step of the case (DOMAIN.md 7)."),
    ("case_step", "sequence"): ("", "Position of the step in its case."),
    ("case_step", "state"): ("", "open, done, or not_applicable (with the reason in note)."),
    ("case_step", "due_date"): ("", "When the step is due; empty: no default due date."),
    ("case_step", "owner"): ("", "Who owns the step: a role or a username."),
    ("case_step", "done_on"): ("", "The day it was done or found not applicable."),
    ("case_step", "done_by"): ("", "User who recorded it done or not applicable."),
    ("case_step", "outcome"): ("", "What a test step found: positive or negative."),
    ("case_step", "note"): ("", "A note when done; the reason when not applicable or reopened."),
    ("safety_report", "case_id"): ("", "The case the report belongs to, if any (safety_cases.id)."),
    ("safety_report", "adverse_event_id"): ("", "The adverse event reported, if any (adverse_events.id)."),
    ("safety_report", "recipient"): ("", "Who the report is due to."),
    ("safety_report", "awareness_date"): ("", "The day the site first knew: the clock starts here."),
    ("safety_report", "due_date"): ("", "The day the report is due (calendar days from the awareness date)."),
    ("safety_report", "sent_on"): ("", "The day it was sent; on time when on or before due_date, else late."),
    ("safety_report", "sent_to"): ("", "Who it was sent to."),
    ("safety_report", "reference"): ("", "The report's reference (e.g. the sponsor's case number)."),
    ("safety_report", "sent_by"): ("", "User who recorded it as sent."),
    ("safety_screen", "visit_id"): ("", "The visit the screen was asked at (visits.id)."),
    ("safety_screen", "contact_date"): ("", "Date of the contact (the visit's date)."),
    ("safety_screen", "source"): (
        "",
        "How the answers were obtained: at a clinic visit, by phone or by questionnaire.",
    ),
    **{
        ("safety_screen", q.code): (
            "",
            f"Since the last contact: {q.code.replace('_', ' ')}"
            + (
                f" (a yes is an adverse event of special interest: {q.special_interest})."
                if q.special_interest
                else "."
            ),
        )
        for q in vocabulary.SCREEN_QUESTION_DECLARATIONS
    },
    ("safety_screen", "new_doctor"): ("", "Questionnaire: a new doctor since the last contact (details in contacts)."),
    ("safety_screen", "address_changed"): ("", "Questionnaire: the address changed (details in contacts)."),
    ("medication", "kind"): ("", "IVIG (intravenous) or SCIG (subcutaneous) immunoglobulin."),
    ("medication", "start_date"): ("", "First day of the replacement."),
    ("medication", "stop_date"): ("", "Last day of the replacement; empty while it is ongoing."),
    ("medication", "dose"): (vocabulary.IG_DOSE_UNIT, "Dose per administration."),
    ("consent", "version"): ("", "Version of the consent form signed."),
    ("consent", "consent_date"): ("", "Date the consent was given."),
    ("consent", "consented_by"): (
        "",
        "subject, or guardian (a parent or legal guardian of a minor: the subject consents again "
        "from 1 January of birth year + 18).",
    ),
    ("consent", "recorded_by"): ("", "User who recorded the consent."),
    ("contact_attempt", "attempt_date"): ("", "Date of the attempt."),
    ("contact_attempt", "channel"): ("", "How contact was attempted."),
    ("contact_attempt", "outcome"): ("", "What came of it; 'reached' shows the subject alive on that date."),
    ("contact_attempt", "note"): ("", "Free-text note (may hold PHI; exported only with contacts)."),
    ("contact_attempt", "user_id"): ("", "User who made the attempt."),
    ("letter", "recipient"): ("", "Who the letter was addressed to."),
    ("letter", "visit_codes"): ("", "Visits the letter announced, space separated."),
    ("letter", "language"): ("", "Language of the letter."),
    ("letter", "printed_on"): ("", "Date printed."),
    ("letter", "printed_at"): ("UTC", "Time printed."),
    ("letter", "printed_by"): ("", "User who printed it."),
    ("letter", "returned_mail"): ("", "true: the letter came back undelivered."),
    ("letter", "returned_on"): ("", "Date the letter came back."),
    ("sample", "sample_code"): ("", "Printed sample id: <study id>-<type letters>-<yyyymmdd>-<n> (on the label)."),
    ("sample", "sample_type"): ("", _sample_types_meaning()),
    ("sample", "draw_date"): ("", "Date the sample was drawn."),
    ("sample", "aliquots"): ("aliquots", "Number of aliquots stored."),
    ("sample", "freezer"): ("", "Storage place: freezer (or other storage unit)."),
    ("sample", "rack"): ("", "Storage place: rack in the freezer."),
    ("sample", "box"): ("", "Storage place: box in the rack."),
    ("sample", "position"): ("", "Storage place: position in the box."),
    ("sample", "keep_until"): (
        "",
        "Kept until this date: end of the subject's follow-up plus the protocol's sample retention; "
        "destroyed only from then on.",
    ),
    ("sample", "state"): ("", "stored, shipped, tested (used up by a test) or destroyed."),
    ("sample", "result_id"): ("", "The RCL result recording this sample as archived (results.id), when there is one."),
    ("sample", "shipped_on"): ("", "Date of the latest shipment."),
    ("sample", "shipped_to"): ("", "Where the latest shipment went."),
    ("sample", "destroyed_on"): ("", "Date the sample was destroyed."),
    ("sample", "destroy_reason"): ("", "Why it was destroyed."),
    ("sample_test", "sample_id"): ("", "The sample tested (samples.id)."),
    ("sample_test", "test_name"): ("", "Test run, e.g. RCL culture, CAR transgene qPCR."),
    ("sample_test", "test_date"): ("", "Date of the test."),
    ("sample_test", "result_text"): ("", "Result as reported."),
    ("user_grant", "user_id"): ("", "The user granted (users.id)."),
    ("user_grant", "protocol_id"): ("", "The study the user sees (a protocol id); empty: every study."),
    ("user_grant", "site_id"): ("", "The site whose subjects the user sees (sites.id); empty: every site."),
    ("subject_transfer", "from_site_id"): ("", "The site the subject left (sites.id); it keeps the history."),
    ("subject_transfer", "to_site_id"): ("", "The site that follows the subject from that day (sites.id)."),
    ("subject_transfer", "transfer_date"): ("", "The day the new site took over the follow-up."),
    ("subject_transfer", "reason"): ("", "Why the subject changed site."),
    ("ind_plan", "protocol_id"): ("", "Protocol the IND annual report is for."),
    ("ind_plan", "period_end"): ("", "End of the report's period: the IND anniversary."),
    ("ind_plan", "plan_text"): ("", "The plan for the coming year as the PI wrote it (printed in the report)."),
    ("query", "target_table"): ("", "Table of the record the query is about (its file is the plural)."),
    ("query", "record_id"): ("", "Id of that record (for subject: the subject's own id, about its dose level)."),
    ("query", "field"): ("", "The field queried; empty: the whole record."),
    ("query", "text"): ("", "The question, as raised (an edit check's in English)."),
    ("query", "check_code"): ("", "The edit check that raised it (protocol [edit_checks]); empty: raised by a user."),
    ("query", "state"): ("", "open (waits for the site), answered (waits for the monitor) or closed."),
    ("query", "raised_by"): ("", "User who raised it; empty: an edit check."),
    ("query", "raised_at"): ("UTC", "When it was raised."),
    ("query", "answer"): ("", "The site's answer, or the reason given for the correction."),
    ("query", "answered_by"): ("", "User who answered."),
    ("query", "answered_at"): ("UTC", "When it was answered."),
    ("query", "correction_entry"): ("", "The audit entry of the correction that answered it (audit_events.id)."),
    ("query", "closed_by"): ("", "User who closed it; empty when closed by its edit check (resolved by data change)."),
    ("query", "closed_at"): ("UTC", "When it was closed."),
    ("query", "note"): ("", "The closing note, or the reason it was re-opened."),
    ("verification", "subject_id"): ("", "Subject of the verified record (subjects.id)."),
    ("verification", "record_table"): (
        "",
        "Table of the verified record: visit, result, clinical_event, adverse_event, infusion or subject.",
    ),
    ("verification", "record_id"): ("", "Id of the verified record in its table."),
    ("verification", "verified_by"): ("", "Who checked it against the source (users.id)."),
    ("verification", "verified_at"): ("UTC", "When it was marked verified."),
    ("verification", "cleared_at"): ("UTC", "When a change to the record cleared the mark; empty while verified."),
    ("verification", "cleared_by"): ("", "Who made that change (users.id)."),
    ("verification", "clear_reason"): ("", "Which change cleared the mark."),
    ("data_cut", "as_of"): ("", "Records dated on or before this day are frozen: corrected only with a reason."),
    ("data_cut", "reason"): ("", "Why the data were frozen (e.g. the annual report)."),
    ("data_cut", "cut_by"): ("", "Who froze them (users.id)."),
    ("data_cut", "cut_at"): ("UTC", "When they were frozen."),
    ("data_cut", "audit_last_id"): ("", "The last audit entry (audit_events.id) of the frozen state."),
    ("data_cut", "audit_hash"): ("", "That entry's hash."),
    ("signature", "user_id"): ("", "Signer (users.id)."),
    ("signature", "printed_name"): ("", "Signer's printed name as shown on the document."),
    ("signature", "meaning"): ("", "Meaning of the signature, e.g. approved."),
    ("signature", "signed_at"): ("UTC", "When it was signed."),
    ("signature", "document_kind"): ("", "What was signed, e.g. the annual report."),
    ("signature", "document_sha256"): ("", "SHA-256 (hex) of the signed document."),
    ("signature", "data_hash"): ("", "Hash of the data the document was built from (rebuilds the same numbers)."),
    ("signature", "audit_entries"): ("", "Entries in the audit trail when signed (printed on the document)."),
    ("signature", "audit_hash"): ("", "Hash of the audit trail's last entry when signed (printed on the document)."),
    ("audit_event", "at"): ("UTC", "When the change was made."),
    ("audit_event", "user_id"): ("", "Who made it (users.id); empty for the program itself."),
    ("audit_event", "action"): ("", "What was done."),
    ("audit_event", "table_name"): ("", "Database table of the record (the file is its plural, e.g. visit -> visits)."),
    ("audit_event", "record_id"): ("", "Id of the record in that table."),
    ("audit_event", "subject_id"): ("", "Subject the record belongs to, when it belongs to one."),
    ("audit_event", "field"): ("", "Changed field; empty when the entry is about the whole record."),
    ("audit_event", "old_value"): ("", "Value before the change, as text."),
    ("audit_event", "new_value"): ("", "Value after the change, as text (for a create: the record as JSON)."),
    ("audit_event", "reason"): ("", "Reason given for the change."),
    ("audit_event", "prev_hash"): ("", "hash of the entry before (64 zeros for the first)."),
    ("audit_event", "hash"): (
        "",
        "SHA-256 (hex) of prev_hash, at, user_id, action, table_name, record_id, subject_id, field, old_value, "
        "new_value, reason exactly as written in this file, joined by the character U+001F.",
    ),
}

# A column added to the models without a line in MEANINGS still exports (a test fails).
UNDESCRIBED = "(not yet described)"

# Allowed values for columns whose vocabulary has no CHECK constraint.
EXTRA_VOCABULARIES: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("visit_status_change", "cause"): m.CANCEL_CAUSES,
    ("visit", "assessments"): tuple(ASSESSMENTS),
    ("result", "unit"): tuple(u.symbol for u in vocabulary.RESULT_UNITS),
}


# -- columns and values -------------------------------------------------------


@dataclass(frozen=True)
class ExportColumn:
    name: str
    type: str  # integer, number, boolean, date, datetime, text
    column: Column | None  # None for a computed column


def table_of(spec: TableSpec) -> Table:
    return m.Base.metadata.tables[spec.table]


def export_columns(spec: TableSpec, with_contacts: bool) -> tuple[ExportColumn, ...]:
    """The columns of one CSV file, in table order."""
    skip = set(spec.never) | (set() if with_contacts else set(spec.phi_columns))
    columns = [
        ExportColumn(c.name, m.column_type(c), c)
        for c in table_of(spec).columns
        if c.name not in skip and not (spec.table == "protocol_version" and c.name == "content")
    ]
    if spec.table == "protocol_version":
        columns.append(ExportColumn(PROTOCOL_FILE_COLUMN, "text", None))
    return tuple(columns)


def exported_specs(with_contacts: bool) -> tuple[TableSpec, ...]:
    return tuple(spec for spec in TABLES if with_contacts or not spec.phi)


def utc_text(value: dt.datetime) -> str:
    """A timestamp as written everywhere in the export (the audit chain's own form)."""
    if value.tzinfo is None:
        # SQLite gives back the stored UTC time without its zone.
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def format_value(value: object) -> str:
    fast = _FORMATS.get(type(value))
    if fast is not None:  # the exact common types, looked up once per cell (millions of them)
        return fast(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE if value else FALSE
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_FORMATS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _value: "",
    str: str.__str__,
    int: int.__repr__,
    bool: lambda value: TRUE if value else FALSE,
    float: float.__repr__,
    dt.datetime: utc_text,
    dt.date: dt.date.isoformat,
}


def protocol_file_name(protocol_id: str, content_hash: str, taken: set[str]) -> str:
    name = f"protocols/{protocol_id}-{content_hash[:8]}.toml"
    if name in taken:  # two versions sharing 8 hex digits: spell the hash out
        name = f"protocols/{protocol_id}-{content_hash}.toml"
    taken.add(name)
    return name


# -- the dictionary -------------------------------------------------------------

_IN = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) IN \(([^)]*)\)$")
_BETWEEN = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) BETWEEN (-?\d+) AND (-?\d+)$")
_BOUND = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) (>=|>) (-?\d+(?:\.\d+)?)$")


def vocabularies(table: Table) -> dict[str, str]:
    """Allowed values of each column, read from the table's CHECK constraints."""
    found: dict[str, str] = {}
    for constraint in sorted(table.constraints, key=lambda c: str(c.name)):
        if not isinstance(constraint, CheckConstraint):
            continue
        text = str(constraint.sqltext).strip()
        if match := _IN.match(text):
            values = [v.strip().strip("'") for v in match.group(3).split(",")]
            found[match.group(2)] = ", ".join(values)
        elif match := _BETWEEN.match(text):
            found[match.group(2)] = f"{match.group(3)} to {match.group(4)}"
        elif match := _BOUND.match(text):
            found[match.group(2)] = f"{match.group(3)} {match.group(4)}"
    return found


def _references(column: Column) -> str:
    for fk in column.foreign_keys:
        target = fk.column
        spec = next((s for s in TABLES if s.table == target.table.name), None)
        return f"{spec.name if spec else target.table.name}.{target.name}"
    return ""


def dictionary_rows(with_contacts: bool = False, spreadsheet_safe: bool = True) -> list[dict[str, str]]:
    """One row per exported column: table, column, type, unit, allowed values, meaning, ...

    The first row (table and column "*") says how the cells of every file are written.
    """
    rows = [
        {
            "table": "*",
            "column": "*",
            "type": "text",
            "unit": "",
            "allowed_values": "",
            "meaning": csvsafe.RULE if spreadsheet_safe else EXACT_CELLS,
            "required": "no",
            "references": "",
        }
    ]
    for spec in exported_specs(with_contacts):
        table = table_of(spec)
        vocab = vocabularies(table)
        for col in export_columns(spec, with_contacts):
            unit, meaning = MEANINGS.get((spec.table, col.name)) or MEANINGS.get(("*", col.name)) or ("", UNDESCRIBED)
            if col.type == "boolean":
                allowed = f"{TRUE}, {FALSE}"
            elif (spec.table, col.name) in EXTRA_VOCABULARIES:
                allowed = ", ".join(EXTRA_VOCABULARIES[spec.table, col.name])
            else:
                allowed = vocab.get(col.name, "")
            if col.type == "date":
                unit = unit or "YYYY-MM-DD"
            elif col.type == "datetime":
                unit = "UTC"
            required = "yes" if col.column is None or not col.column.nullable else "no"
            rows.append(
                {
                    "table": spec.name,
                    "column": col.name,
                    "type": col.type,
                    "unit": unit,
                    "allowed_values": allowed,
                    "meaning": meaning,
                    "required": required,
                    "references": _references(col.column) if col.column is not None else "",
                }
            )
    return rows


def dictionary_csv(with_contacts: bool = False, spreadsheet_safe: bool = True) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csvsafe.safe_writer(buffer) if spreadsheet_safe else csv.writer(buffer)
    writer.writerow(DICTIONARY_COLUMNS)
    for row in dictionary_rows(with_contacts, spreadsheet_safe):
        cells = [row[c] for c in DICTIONARY_COLUMNS]
        writer.writerow([csvsafe.safe_text(c) for c in cells] if spreadsheet_safe else cells)
    return buffer.getvalue().encode("utf-8")


EXACT_CELLS = (
    "Every value is written exactly as stored (this is a handover archive, for ltfu restore-archive and "
    "programs; the spreadsheet-safe form is what ltfu export csv writes)."
)


def readme_text(with_contacts: bool, spreadsheet_safe: bool = True) -> str:
    specs = exported_specs(with_contacts)
    width = max(len(spec.name) for spec in specs) + len(".csv")
    files = "\n".join(f"  {spec.name + '.csv':<{width}}  {spec.description}" for spec in specs)
    pad = " " * (width + 4)
    phi = (
        "This export CONTAINS protected health information (contacts.csv, contact-attempt notes):\n"
        "keep it as you keep the database itself."
        if with_contacts
        else "This export holds no names, birth dates, addresses or phone numbers (no contacts.csv)."
    )
    withheld = (
        ""
        if with_contacts
        else "- Without contacts, contact details in audit_events.csv read "
        + f"'{audit.WITHHELD}'\n  (and text typed at an old failed sign-in '{audit.WITHHELD_TYPED}'): those\n"
        "  entries' hashes can be checked only in an export with contacts; the links still hold.\n"
    )
    quoting = (
        ": every field is quoted.\n- " + _wrapped(csvsafe.RULE)
        if spreadsheet_safe
        else " when needed; every value exact."
    )
    recheck = (
        "\n  (A cell of audit_events.csv with the spreadsheet mark ' loses it first: see above.)"
        if spreadsheet_safe
        else ""
    )
    return f"""ltfu data export (format {FORMAT} {FORMAT_VERSION})
==========================================

Every table of the follow-up database as CSV, readable without the program.
{phi}

Files
-----
{files}
  {"dictionary.csv":<{width}}  Every column of every file: type, unit, allowed values, meaning,
{pad}whether it is required, and which file.column it refers to.
  {"protocols/":<{width}}  The protocol definitions (TOML text) named in protocol_versions.csv.
  {"reports/":<{width}}  Printed reports (PDF), in a handover archive only.
  {"manifest.json":<{width}}  SHA-256, size and row count of every other file.

Conventions
-----------
- UTF-8, comma separated, a header row, fields quoted (RFC 4180){quoting}
- One row per database row, in id order. Files refer to each other by id:
  visits.subject_id = subjects.id, and so on (the 'references' column of the dictionary).
- An empty field means "no value" (NULL). In the rare case where a text field holds
  the empty string itself, manifest.json lists it under "empty_strings".
- Types (dictionary 'type'): integer; number (decimal, may use an exponent: 1e-05);
  boolean (true/false); date (YYYY-MM-DD, a calendar date); datetime (UTC, ISO 8601,
  e.g. 2026-11-29T09:04:51.359157+00:00); text.
- Nothing clinical is ever deleted: voided rows are kept with voided_at, voided_by and
  void_reason; analyses leave them out.
- Study day of a date = (date - infusion_date) in days; Day 0 is the first infusion
  (infusions.csv, sequence 1) unless a re-infusion restarted the plan.
- Visit status on a day T: a 'planned' visit is upcoming before window_start, due from
  window_start to window_end, overdue after window_end.

Checking the files
------------------
- sha256sum of each file equals its "sha256" in manifest.json.
- The audit trail is hash-chained: for each row of audit_events.csv in id order,
  prev_hash is the previous row's hash (64 zeros for the first), and hash is the
  SHA-256 (hex) of the UTF-8 text of prev_hash, at, user_id, action, table_name,
  record_id, subject_id, field, old_value, new_value, reason exactly as written,
  joined by the unit-separator character U+001F. manifest.json names the last hash.{recheck}
{withheld}"""


def _wrapped(text: str) -> str:
    import textwrap

    return "\n  ".join(textwrap.wrap(text, 86))


# -- writing ----------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedFile:
    """One written file: its path inside the export, checksum, size and data rows."""

    name: str
    sha256: str
    size: int
    rows: int | None = None
    table: str | None = None

    def to_dict(self) -> dict[str, object]:
        entry: dict[str, object] = {"name": self.name, "sha256": self.sha256, "bytes": self.size}
        if self.table is not None:
            entry["table"] = self.table
            entry["rows"] = self.rows
        return entry


class _Counted:
    """A binary target that hashes and counts what goes through it; hashed and written (into a
    zip entry: compressed) behind (`WriteBehind`), every byte of it once `close` returns."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0
        self.rows: int | None = None
        self.behind = WriteBehind(self._put)

    def _put(self, data: bytes) -> None:
        self.sha.update(data)
        self.raw.write(data)

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self.behind.write(data)


Opener = Callable[[str], AbstractContextManager[IO[bytes]]]


@dataclass
class ExportWriter:
    """Writes the export's files through `open(name)` (a folder or a zip archive)."""

    open: Opener
    files: list[ExportedFile] = field(default_factory=list)

    def write_bytes(self, name: str, data: bytes) -> ExportedFile:
        with self.open(name) as raw:
            raw.write(data)
        written = ExportedFile(name, hashlib.sha256(data).hexdigest(), len(data))
        self.files.append(written)
        return written

    @contextmanager
    def stream(self, name: str, table: str | None = None) -> Iterator[_Counted]:
        """A file written piece by piece; set `rows` on the target to record a row count."""
        with self.open(name) as raw:
            counted = _Counted(raw)
            try:
                yield counted
            except BaseException:
                counted.behind.abort()
                raise
            counted.behind.close()
        self.files.append(ExportedFile(name, counted.sha.hexdigest(), counted.size, counted.rows, table))


@dataclass(frozen=True)
class AuditHead:
    entries: int
    last_id: int | None
    last_hash: str | None
    problem: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "entries": self.entries,
            "last_id": self.last_id,
            "last_hash": self.last_hash,
            "chain": "ok" if self.problem is None else self.problem,
        }


def _audit_mask(columns: tuple[ExportColumn, ...]) -> Callable[[list[object]], None]:
    """Withholds, in place, the contact details of an audit_events row (`audit.withheld`)."""
    at = {c.name: i for i, c in enumerate(columns)}
    action, table, field_, old, new, reason = (
        at[n] for n in ("action", "table_name", "field", "old_value", "new_value", "reason")
    )

    def mask(values: list[object]) -> None:
        kind, name, changed = values[action], values[table], values[field_]
        values[old] = audit.withheld(kind, name, changed, values[old])  # type: ignore[arg-type]  # audit columns: text
        values[new] = audit.withheld(kind, name, changed, values[new])  # type: ignore[arg-type]  # audit columns: text
        values[reason] = audit.withheld_reason(kind, name, values[reason])  # type: ignore[arg-type]  # audit columns: text

    return mask


def _sqlite_time(value: str) -> str:
    """A timestamp as SQLite keeps it ("2026-11-29 09:04:51.359157", UTC) in `utc_text`'s form."""
    if len(value) == 26 and value[10] == " ":
        return value[:10] + "T" + value[11:] + "+00:00"
    return utc_text(dt.datetime.fromisoformat(value))


_Column = Callable[[tuple], Sequence[object]]  # one column's values of a batch -> its cells


def _flags(column: tuple) -> Sequence[object]:
    """A boolean column's cells: true/false (SQLite gives 0/1), each distinct value looked at once."""
    texts = {v: None if v is None else TRUE if v else FALSE for v in set(column)}
    return list(map(texts.__getitem__, column))


def _dates(column: tuple) -> Sequence[object]:
    """A date column's cells: SQLite's text as it is; a date (PostgreSQL) in ISO form."""
    if set(map(type, column)) <= {str, type(None)}:
        return column
    return [v if v is None or type(v) is str else v.isoformat() for v in column]


def _cell_converters_by_type(spreadsheet_safe: bool) -> dict[str, _Column]:
    """The converter of each column type whose driver values must be turned into text to read
    as `format_value` writes them; every other value (None, a number, SQLite's date text)
    `csv.writer` writes as it is. A converter takes a whole column of a batch."""
    converters: dict[str, _Column] = {
        "boolean": _flags,
        "datetime": lambda col: [v if v is None else _sqlite_time(v) if type(v) is str else utc_text(v) for v in col],
        "date": _dates,
    }
    if spreadsheet_safe:
        converters["text"] = lambda col: csvsafe.safe_column(col, format_value)
    return converters


def _cell_converters(columns: tuple[ExportColumn, ...], spreadsheet_safe: bool) -> list[tuple[int, _Column]]:
    """(index, converter) of the columns that need one (`_cell_converters_by_type`)."""
    converters = _cell_converters_by_type(spreadsheet_safe)
    return [(i, converters[c.type]) for i, c in enumerate(columns) if c.type in converters]


# The common case of each converter spelt in SQLite's SQL, so that most cells come out of the
# driver as text already; every other value is handed to the converter itself, registered as
# a function of the connection (`_register_cells`), so each cell reads exactly as it would.
# (Not the spreadsheet-safe text: its test in SQL costs SQLite as much as it saves here.)
_SQLITE_CELLS: dict[str, str] = {
    "boolean": "CASE {c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE {f}({c}) END",
    "datetime": (
        "CASE WHEN typeof({c}) = 'text' AND length({c}) = 26 AND substr({c}, 11, 1) = ' '"
        " THEN substr({c}, 1, 10) || 'T' || substr({c}, 12) || '+00:00'"
        " WHEN {c} IS NULL THEN NULL ELSE {f}({c}) END"
    ),
    "date": "CASE WHEN typeof({c}) IN ('text', 'null') THEN {c} ELSE {f}({c}) END",
}


def _cell_function(type_: str) -> str:
    return f"ltfu_export_{type_}"


def _register_cells(driver: Any) -> None:
    """`_SQLITE_CELLS`' functions on this SQLite connection: each the column's converter
    applied to one value."""
    for type_, convert in _cell_converters_by_type(spreadsheet_safe=False).items():
        driver.create_function(
            _cell_function(type_), 1, lambda value, convert=convert: convert((value,))[0], deterministic=True
        )


def _sqlite_cells(table: Table, columns: tuple[ExportColumn, ...], quote: Callable[[str], str]) -> list[ColumnElement[Any]]:
    """The selected cells of `columns`, exact values, with every conversion done by SQLite
    (`_SQLITE_CELLS`)."""
    cells: list[ColumnElement[Any]] = []
    for c in columns:
        if c.type in _SQLITE_CELLS:
            sql = _SQLITE_CELLS[c.type].format(c=quote(c.name), f=_cell_function(c.type))
            cells.append(literal_column(sql).label(c.name))
        else:
            cells.append(table.c[c.name])
    return cells


def _empty_strings(session: Session, table: Table, names: list[str], where: ColumnElement[bool]) -> dict[str, list[int]]:
    """The ids of the rows whose text column holds an empty string (not NULL), by column."""
    found: dict[str, list[int]] = {}
    if not names:
        return found
    empties = [table.c[name] == "" for name in names]
    for row_id, *flags in session.execute(
        select(table.c.id, *empties).where(or_(*empties), where).order_by(table.c.id)
    ):
        for name, flag in zip(names, flags, strict=True):
            if flag:
                found.setdefault(name, []).append(row_id)
    return found


def write_tables(
    session: Session,
    writer: ExportWriter,
    with_contacts: bool,
    spreadsheet_safe: bool = True,
    *,
    tables: Callable[[str], bool] = lambda _table: True,
    grants: access.Grants | None = None,
) -> dict[str, dict[str, list[int]]]:
    """Every table's CSV (of the database `tables` chosen) and the protocol files; returns
    the empty-string exceptions.

    `spreadsheet_safe`: cells as `ltfu.services.csvsafe` makes them (an export a person
    opens); otherwise every value exactly (the handover archive, which is read back).
    Rows come straight from the driver, each cell turned into text by its column's type
    (millions of cells at 10,000 subjects). The rows are those the session's user sees,
    or those `grants` let see.
    """
    empty_strings: dict[str, dict[str, list[int]]] = {}
    if grants is None:
        grants = access.session_grants(session)
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite and not spreadsheet_safe:
        _register_cells(driver_connection(conn))
    for spec in exported_specs(with_contacts):
        if not tables(spec.table):
            continue
        columns = export_columns(spec, with_contacts)
        table = table_of(spec)
        name = f"{spec.name}.csv"
        nullable_text = [
            (i, c.name)
            for i, c in enumerate(columns)
            if c.column is not None and c.type == "text" and c.column.nullable
        ]
        protocol_files: dict[str, tuple[str, str]] = {}
        protocols = spec.table == "protocol_version"
        mask = _audit_mask(columns) if spec.table == "audit_event" and not with_contacts else None
        where = access.row_filter(table, grants)
        # The exact values on SQLite come out of the driver as text (`_SQLITE_CELLS`) and go
        # to the writer as they are, but where rows are changed here (a few protocol rows, the
        # audit trail without contacts); there, and on PostgreSQL, each column is converted here.
        in_sql = sqlite and not spreadsheet_safe and mask is None and not protocols
        selected: list[ColumnElement[Any]] = (
            _sqlite_cells(table, columns, conn.dialect.identifier_preparer.quote)
            if in_sql
            else [table.c[c.name] for c in columns if c.column is not None]
        )
        if protocols:
            selected += [table.c.content_hash.label("_hash"), table.c.content.label("_content")]
        converters = [] if in_sql else _cell_converters(columns, spreadsheet_safe)
        names = [c.name for c in columns]
        id_at = names.index("id")
        protocol_at = names.index("protocol_id") if protocols else -1
        statement = select(*selected).select_from(table).where(where).order_by(table.c.id)
        if in_sql and (empties := _empty_strings(session, table, [n for _, n in nullable_text], where)):
            empty_strings[name] = empties
        rows = 0
        with writer.stream(name, spec.table) as target:
            buffer = io.StringIO(newline="")  # a batch's text, encoded at once
            out = csvsafe.safe_writer(buffer) if spreadsheet_safe else csv.writer(buffer)
            out.writerow(names)
            taken: set[str] = set()
            for batch in trail.driver_batches(session, statement):
                rows += len(batch)
                cells: Any = batch
                if not in_sql:
                    if mask is not None or protocols:
                        cells = [list(record) for record in batch]
                        for values in cells:
                            if mask is not None:
                                mask(values)
                            if protocols:
                                content, content_hash = values.pop(), values.pop()
                                file_name = protocol_file_name(values[protocol_at], content_hash, taken)
                                protocol_files[file_name] = (content, content_hash)
                                values.append(file_name)
                    columns_of: list[Any] = list(zip(*cells, strict=True))
                    for index, column_name in nullable_text:
                        if "" in columns_of[index]:
                            found = empty_strings.setdefault(name, {}).setdefault(column_name, [])
                            found += [i for i, v in zip(columns_of[id_at], columns_of[index], strict=True) if v == ""]
                    for index, convert in converters:
                        columns_of[index] = convert(columns_of[index])
                    cells = zip(*columns_of, strict=True)
                out.writerows(cells)
                target.write(buffer.getvalue().encode("utf-8"))
                buffer.seek(0)
                buffer.truncate()
            target.write(buffer.getvalue().encode("utf-8"))  # the header of an empty table
            target.rows = rows
        for file_name, (content, _hash) in protocol_files.items():
            writer.write_bytes(file_name, content.encode("utf-8"))
    return empty_strings


def audit_head(session: Session) -> AuditHead:
    entries, problem = audit.verify_chain(session)
    # The chain's head, whoever exports (a hash names no subject).
    last = session.execute(
        select(m.AuditEvent.id, m.AuditEvent.hash).order_by(m.AuditEvent.id.desc()).limit(1),
        execution_options={access.ALL_SUBJECTS: True},
    ).first()
    return AuditHead(entries, last.id if last else None, last.hash if last else None, problem)


def manifest_bytes(
    files: list[ExportedFile],
    *,
    with_contacts: bool,
    schema_version: str | None,
    audit_trail: AuditHead,
    empty_strings: Mapping[str, Mapping[str, list[int]]],
    kind: str = "export",
) -> bytes:
    """The manifest: deterministic (no clock), so identical data gives an identical file."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "program": f"ltfu {__version__}",
        "schema_version": schema_version,
        "with_contacts": with_contacts,
        "audit_trail": audit_trail.to_dict(),
        "empty_strings": {k: dict(v) for k, v in sorted(empty_strings.items())},
        "files": [f.to_dict() for f in sorted(files, key=lambda f: f.name)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True, kw_only=True)
class FilesWritten:
    """What the export and the handover archive say alike about the files they wrote."""

    files: tuple[ExportedFile, ...]
    with_contacts: bool
    audit_entries: int

    @property
    def rows(self) -> dict[str, int]:
        return {f.name: f.rows for f in self.files if f.rows is not None}

    def files_dict(self) -> dict[str, object]:
        """The contacts flag, the audit entries and every file, for `to_dict`."""
        return {
            "with_contacts": self.with_contacts,
            "audit_entries": self.audit_entries,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass(frozen=True, kw_only=True)
class ExportSummary(FilesWritten):
    """What an export wrote: the folder and every file with its checksum."""

    folder: Path

    def to_dict(self) -> dict[str, object]:
        return {"folder": str(self.folder), **self.files_dict()}

    def describe(self) -> str:
        tables = sum(1 for f in self.files if f.table is not None)
        protocols = sum(1 for f in self.files if f.name.startswith("protocols/"))
        rows = sum(self.rows.values())
        return Message(
            "summary.export",
            tables=tables,
            rows=Message("summary.row" if rows == 1 else "summary.rows", n=rows),
            contacts=Message("summary.with_contacts" if self.with_contacts else "summary.without_contacts"),
            dictionary=DICTIONARY,
            readme=README,
            protocols=protocols,
            folder=str(self.folder),
            manifest=MANIFEST,
        )


def read_snapshot(session: Session) -> None:
    """Make every query of this session see the same moment of the database.

    SQLite's transaction already does; PostgreSQL's default (read committed) lets each
    statement see later commits from another workstation, so tables could disagree.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


#: From this many subjects on, with more than one core, a second process does part of a long
#: export's work: the largest tables (`ASIDE_TABLES`, about as long to write as all the
#: others), or the handover archive's documents (below it, starting that process costs about
#: as much as it saves).
ASIDE_FROM_SUBJECTS = 2500
ASIDE_TABLES = frozenset({"result", "visit"})
# How long the writers' lock is held at most for the second process to begin reading.
_ASIDE_READY_S = 20


def second_process_pays(db: Database) -> bool:
    """Whether a second process would shorten a long export of `db` (`ASIDE_FROM_SUBJECTS`)."""
    if (os.cpu_count() or 1) < 2:
        return False
    with db.session(read_only=True) as session:
        return session.execute(select(func.count()).select_from(m.Subject)).scalar_one() >= ASIDE_FROM_SUBJECTS


def _begin_snapshot(session: Session) -> None:
    """Fix the session's snapshot now: its transaction's first read of the database."""
    session.execute(select(m.Site.id).limit(1))


@dataclass
class _Elsewhere:
    """Tables a second process writes (`_tables_aside`); `finish` adds its files to the
    writer's, or writes the tables here when that process could not."""

    tables: frozenset[str]
    writer: ExportWriter | None = None
    receive: Callable[[], Any] = lambda: None
    write_here: Callable[[frozenset[str]], dict[str, dict[str, list[int]]]] = lambda _tables: {}

    def finish(self) -> dict[str, dict[str, list[int]]]:
        if not self.tables or self.writer is None:
            return {}
        writer = self.writer
        answer = self.receive()
        if answer is None:  # it failed (and left nothing): written here, from the same snapshot
            empty_strings = self.write_here(self.tables)
        else:
            files, empty_strings = answer
            writer.files += files
        order = {f"{spec.name}.csv": i for i, spec in enumerate(TABLES)}
        protocols = order["protocol_versions.csv"]
        writer.files.sort(key=lambda f: order.get(f.name, protocols))  # in table order, as written here
        return empty_strings


@contextmanager
def beside_on_snapshot(
    db: Database, session: Session, target: Callable[..., None], args: Callable[[], tuple[Any, ...]], name: str
) -> Iterator[Callable[[], Any] | None]:
    """A spawned process running `target(*args(), answer)` on the same data as `session`
    (whose snapshot is taken here, `args()` called in it): the writers' lock is held (no
    unit of work commits) from before `session` takes its snapshot until that process has
    taken its own (`snapshot_session`; it then sends "ready" on `answer`, later its answer
    or None).

    Yields its answer's `receive()` (None: it failed or ended without a word), or None
    when no such process was had: no writers' lock now (a long import), no process to
    start, or one that did not begin reading within `_ASIDE_READY_S`. The caller then does
    that work itself, from its own snapshot. Waits for the process on the way out."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child: BaseProcess | None = None
    with ExitStack() as lock:
        try:  # a writing unit of work that writes nothing: the writers' lock
            lock.enter_context(db.session())
            locked = True
        except DatabaseError:
            log.info("no writers' lock for %s", name, exc_info=True)
            locked = False
        _begin_snapshot(session)
        if locked:
            child = context.Process(target=target, args=(*args(), sender), name=name, daemon=True)
            try:
                child.start()
            except OSError:
                log.info("no second process for %s", name, exc_info=True)
                child = None
        sender.close()
        if child is not None and not (receiver.poll(_ASIDE_READY_S) and _ready(receiver)):
            log.info("%s did not begin reading", name)
            child.terminate()
            child.join()
            child = None
    if child is None:
        receiver.close()
        yield None
        return

    def receive() -> Any:
        try:
            return receiver.recv()
        except (EOFError, OSError):  # it ended without a word
            return None

    try:
        yield receive
    finally:
        child.join()
        receiver.close()


@contextmanager
def snapshot_session(url: str) -> Iterator[Session]:
    """In a process `beside_on_snapshot` started: a session whose snapshot is taken (the
    first process holds the writers' lock until this one says "ready")."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            read_snapshot(session)
            _begin_snapshot(session)
            yield session
    finally:
        engine.dispose()


@contextmanager
def _tables_aside(
    db: Database,
    session: Session,
    writer: ExportWriter,
    folder: Path | None,
    with_contacts: bool,
    spreadsheet_safe: bool,
) -> Iterator[_Elsewhere]:
    """`ASIDE_TABLES` written into `folder` by a spawned process while the caller writes the
    other tables, both reading the same data (`beside_on_snapshot`). Without a folder, in a
    small database, on one core, or without that process, every table is written by the caller."""
    if folder is None or not second_process_pays(db):
        _begin_snapshot(session)
        yield _Elsewhere(frozenset())
        return

    def args() -> tuple[Any, ...]:  # the caller's grants, read in the snapshot: the process reads what they see
        grants = access.session_grants(session)
        return (db.url, str(folder), sorted(ASIDE_TABLES), with_contacts, spreadsheet_safe, grants)

    with beside_on_snapshot(db, session, _write_aside, args, "the export's tables") as receive:
        if receive is None:
            yield _Elsewhere(frozenset())
            return

        def write_here(tables: frozenset[str]) -> dict[str, dict[str, list[int]]]:
            return write_tables(
                session,
                writer,
                with_contacts,
                spreadsheet_safe,
                tables=tables.__contains__,
                grants=access.session_grants(session),  # read once per unit of work: the same
            )

        try:
            yield _Elsewhere(ASIDE_TABLES, writer, receive, write_here)
        except BaseException:
            # Its files go with this export's (`_remove_written`): wait for them, then hand them on.
            answer = receive()
            if answer is not None:
                writer.files += answer[0]
            raise


def _ready(receiver: PipeEnd) -> bool:
    try:
        return receiver.recv() == "ready"
    except (EOFError, OSError):
        return False


def _write_aside(
    url: str,
    folder: str,
    tables: list[str],
    with_contacts: bool,
    spreadsheet_safe: bool,
    grants: access.Grants,
    answer: PipeEnd,
) -> None:
    """In the second process: `tables` written into `folder` as the first process's user sees
    them; sends "ready" once its snapshot is taken, then (files, empty strings), or None when
    it failed (having removed what it wrote: the first process then writes them itself)."""
    try:
        with snapshot_session(url) as session:
            answer.send("ready")
            writer = ExportWriter(_folder_opener(Path(folder)))
            try:
                with collector_paused():
                    empty_strings = write_tables(
                        session, writer, with_contacts, spreadsheet_safe, tables=set(tables).__contains__, grants=grants
                    )
            except BaseException:
                _remove_written(Path(folder), writer.files, created=False)
                raise
        answer.send((writer.files, empty_strings))
    except Exception:  # told by the first process, which then writes these tables itself
        log.info("the export's second process failed", exc_info=True)
        answer.send(None)
    finally:
        answer.close()


def write_export(
    db: Database,
    writer: ExportWriter,
    with_contacts: bool,
    extra: Mapping[str, bytes] | None = None,
    kind: str = "export",
    spreadsheet_safe: bool = True,
    aside: Path | None = None,
) -> AuditHead:
    """Write every export file, any `extra` files, then the manifest, through `writer`.

    The tables are read in one transaction, so they agree with each other. The CSV
    cells are spreadsheet-safe unless `spreadsheet_safe` is false (exact values).
    With `aside`, the folder `writer` writes to, a large database's largest tables are
    written there by a second process on the same snapshot (`_tables_aside`).
    """
    schema_version = current_revision(db.engine)
    with db.session(read_only=True) as session:
        read_snapshot(session)
        with _tables_aside(db, session, writer, aside, with_contacts, spreadsheet_safe) as elsewhere:
            with collector_paused():  # millions of rows in batches, none in a reference cycle
                empty_strings = write_tables(
                    session, writer, with_contacts, spreadsheet_safe, tables=lambda t: t not in elsewhere.tables
                )
            empty_strings |= elsewhere.finish()
        head = audit_head(session)
    writer.write_bytes(DICTIONARY, dictionary_csv(with_contacts, spreadsheet_safe))
    writer.write_bytes(README, readme_text(with_contacts, spreadsheet_safe).encode("utf-8"))
    for name, data in sorted((extra or {}).items()):
        writer.write_bytes(name, data)
    writer.write_bytes(
        MANIFEST,
        manifest_bytes(
            writer.files,
            with_contacts=with_contacts,
            schema_version=schema_version,
            audit_trail=head,
            empty_strings=empty_strings,
            kind=kind,
        ),
    )
    return head


def _folder_opener(folder: Path) -> Opener:
    # Each file owner-only from its first byte and renamed into place only once
    # whole (`ltfu.safefile`); a failed one leaves nothing.
    @contextmanager
    def open_file(name: str) -> Iterator[IO[bytes]]:
        path = csvsafe.path_inside(folder, name)  # no linked folder, no name leading out
        with atomic_file(path) as handle:
            yield handle

    return open_file


def _remove_written(folder: Path, files: list[ExportedFile], created: bool) -> None:
    for written in files:
        (folder / written.name).unlink(missing_ok=True)
    if created:
        shutil.rmtree(folder, ignore_errors=True)


def _clear_previous_export(folder: Path) -> None:
    """Make room in `folder`: empty, or holding an earlier ltfu export (whose files go).

    Any other content is refused, so an export never mixes with unrelated files and a
    file of an earlier export (contacts.csv) never lingers in a new one. A symbolic
    link in the folder is refused, never followed nor removed.
    """
    csvsafe.refuse_link(folder, "export")
    if not folder.exists():
        return
    if not folder.is_dir():
        raise LtfuError(Message("file.export_is_file", folder=str(folder)))
    entries = list(folder.iterdir())
    if not entries:
        return
    links = sorted(str(p) for p in _walk(folder) if p.is_symlink())
    if links:
        csvsafe.refuse_link(Path(links[0]), "export")
    manifest = folder / MANIFEST
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
        listed = [f["name"] for f in previous["files"]] if previous.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError):
        listed = None
    if listed is None:
        raise LtfuError(Message("file.export_not_empty", folder=str(folder)))
    resolved = folder.resolve()
    for name in [*listed, MANIFEST]:
        path = (folder / name).resolve()
        if resolved in path.parents and path.is_file():
            path.unlink()
    for sub in sorted((p for p in _walk(folder) if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()


def _walk(folder: Path) -> Iterator[Path]:
    """Everything below `folder`, without entering a linked folder."""
    for entry in folder.iterdir():
        yield entry
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)


def export_csv(db: Database, folder: str | Path, with_contacts: bool = False) -> ExportSummary:
    """Write every table as CSV with the data dictionary, protocol files and manifest.

    `folder` is created when missing; an existing one must be empty or hold an earlier
    ltfu export, which is replaced. Contacts (PHI) only `with_contacts`.
    """
    rights = ("export", "export_contacts") if with_contacts else ("export",)
    db.require(*rights)
    target = Path(folder).expanduser()
    _clear_previous_export(target)
    what = "csv with contacts" if with_contacts else "csv"
    db.record_transfer(rights, "export", what, target, f"CSV export ({what}) to {target.resolve()}")
    created = not target.exists()
    writer = ExportWriter(_folder_opener(target))
    try:
        private_folder(target)
        head = write_export(db, writer, with_contacts, aside=target)
    except BaseException as exc:
        # No half export: the files this run wrote go (a full disk, Ctrl+C).
        _remove_written(target, writer.files, created)
        if isinstance(exc, OSError):
            raise LtfuError(
                Message("file.unwritable_export", path=str(target), reason=exc.strerror or str(exc))
            ) from exc
        raise
    files = tuple(f for f in writer.files if f.name != MANIFEST)
    return ExportSummary(folder=target.resolve(), files=files, with_contacts=with_contacts, audit_entries=head.entries)
