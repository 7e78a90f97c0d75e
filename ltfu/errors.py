"""Errors a person can act on.

Every exception the program raises on purpose derives from `LtfuError`; its message
is a complete sentence naming what and where, shown as is in the window and printed as
one line by the command line. Anything else is a bug: logged with a traceback.

A message the window shows in the user's language is a `Message`: the English sentence
(what `str` gives, and what the command line prints) that also carries a code from
`MESSAGES` and its parameters; the window says the code in its own language
(`ltfu.ui.labels.message_text`, which has a text for every code).
"""

import re
from collections.abc import Mapping, Sequence
from functools import cache, reduce
from string import Formatter

# code -> the English sentence, `str.format` fields named by the parameters.
MESSAGES: Mapping[str, str] = {
    # signing in and signing
    "sign_in.wrong": "Wrong user name or password.",
    "sign_in.locked": (
        "The account {username!r} is locked after repeated failures; try again in "
        "{minutes} minute(s) or ask an administrator."
    ),
    "permission.denied": "{who} ({role}) may not {action}; ask a user whose role allows it.",
    # the rights (`ltfu.services.users.PERMISSIONS`), as a refusal names them
    "action.record": "record clinical data",
    "action.enrol": "enrol subjects",
    "action.edit": "change saved data",
    "action.import": "import files",
    "action.print": "print letters and reports",
    "action.export": "export data",
    "action.export_contacts": "export contact details (names, addresses, phones)",
    "action.read_audit": "read the audit trail",
    "action.list_users": "list user accounts",
    "action.sign": "sign reports",
    "action.safety": "work safety cases and record safety reports",
    "action.review_safety": "review dose-level safety",
    "action.write_plan": "write the IND annual report's plan for the coming year",
    "action.manage_users": "manage user accounts",
    "action.maintain": "maintain the database",
    "action.backup": "back up the database",
    "action.transfer": "move subjects to another site",
    "action.restore": "restore the database",
    "action.archive": "write a handover archive",
    "action.destroy_samples": "destroy archived samples",
    "action.read_contacts": "see contact details (names, phones)",
    "action.review_queries": "raise, close and re-open queries",
    "action.answer_queries": "answer queries and correct the values they ask about",
    "action.verify_source": "mark records as verified against the source",
    "action.freeze_data": "freeze a data cut",
    # source data verification and frozen data cuts
    "sdv.unknown_record": "{study_id}: there is no {record_kind} {record} to verify.",
    "sdv.unknown_visit": "{study_id}: there is no visit {visit}; give a visit code of the schedule (e.g. M12).",
    "sdv.not_done": "{study_id}: visit {visit} has not been done yet; only a done visit can be verified.",
    "freeze.reason": "A data cut needs a reason (e.g. the annual report it is frozen for).",
    "freeze.future": "The data cut {as_of} is after today ({today}); freeze data up to today at the latest.",
    "freeze.unknown": "There is no data cut {cut}; 'ltfu freeze --list' shows the cuts.",
    "freeze.needs_reason": (
        "The {record_kind} of {day} is frozen by the data cut of {as_of} (cut {cut}): give a reason for the correction."
    ),
    "sign.signed_out": "Sign in before signing: a signature belongs to a signed-in user.",
    # a file that cannot be imported
    "file.empty": "{name} line 1: the file is empty; a header row is required.",
    "file.no_rows": "{name} line {line}: no data row under the header; nothing to import.",
    "file.utf16": "{name} line 1: UTF-16 text, not UTF-8; save the file as CSV UTF-8.",
    "file.not_utf8": "{name} line {line}: not UTF-8 text (byte 0x{byte}); save the file as CSV UTF-8.",
    "file.missing_columns": "{name} line 1: missing column(s) {columns}.",
    "file.unknown_columns": "{name} line 1: unknown column(s) {columns}.",
    "file.repeated_columns": "{name} line 1: repeated column(s) {columns}.",
    # a bad field of an imported row
    "row.too_long": "{column} is {length:,} characters long; at most {most:,} are allowed",
    "row.empty": "{column} is empty",
    "row.not_date": "{column} {value!r} is not a calendar date (YYYY-MM-DD)",
    "row.not_number": "{column} {value!r} is not a number (digits, optional decimal point and exponent, e.g. 12.5 or 1.2e3)",
    "row.negative": "{column} {value!r} cannot be negative",
    "row.signed": "{column} {value!r} must be written without a sign",
    "row.not_finite": "{column} {value!r} is not a finite number",
    "row.not_whole": "{column} {value!r} is not a whole number",
    "row.not_flag": "{column} {value!r} must be yes or no (or true/false, 1/0, or empty for no)",
    "row.not_one_of": "{column} {value!r} is not one of {allowed}",
    "row.width": "{found} fields where the header has {width}",
    "row.width_lines": (
        "{found} fields where the header has {width} (the row runs over lines {first} to {last}: is a quote left open?)"
    ),
    "row.unknown_subject": "unknown subject {study_id}",
    "row.missed_needs_code": "a missed visit needs its visit_code",
    # lost to follow-up (DOMAIN.md 3.7): why it may or may not be declared
    "lost.not_yet": "{study_id} cannot be declared lost to follow-up yet: {why}",
    "lost.since": " since the successful contact on {day}",
    "lost.too_few": "{count} failed contact attempt(s){since}; {needed} are needed",
    "lost.one_channel": "the failed contact attempts{since} used one channel ({channel}); {needed} different channels are needed",
    "lost.short_span": (
        "the failed contact attempts span {first} to {last}; they must span at least {months} calendar "
        "months (a last attempt on or after {earliest})"
    ),
    "lost.allowed": "{count} failed contact attempts by {channels} from {first} to {last}",
    # a safety case's steps: why a change or the closing is refused
    "safety.step_refused": "Cannot change step {step} of case {case}: {problem}.",
    "safety.case_closed": "case {case} is closed",
    "safety.already": "the step is already {state}",
    "safety.give_reason": "give the reason",
    "safety.give_reopen_reason": "give the reason for reopening it",
    "safety.give_date": "give the date it was done",
    "safety.future": "the date {day} is in the future",
    "safety.before_aware": "the date {day} is before the site knew ({aware})",
    "safety.give_outcome": "give the outcome of the test (positive or negative)",
    "safety.waits_transgene": "the integration-site analysis waits for the transgene test's outcome",
    "safety.is_report": "this step is a report: record it as sent (report {report}: date, recipient and reference)",
    "safety.due_before_aware": "due date {day} is before the site knew ({aware})",
    "safety.nothing": "nothing to change",
    "safety.close_closed": "Cannot close case {case}: it is already closed (on {day}).",
    "safety.close_open": "Cannot close case {case}: {count} step(s) still open: {steps}.",
    "safety.close_date": "Cannot close case {case} on {day}: the date must lie from {aware} to {today}.",
    # notes the program writes on a case's steps (stored as these English words)
    "note.site_is_sponsor": "the site is the sponsor",
    "note.sponsor_reports": "the sponsor reports to the regulator",
    "note.transgene_negative": "the tumour tested negative for the CAR transgene",
    "note.rcl_unconfirmed": "RCL not confirmed by the culture assay",
    "note.query_resolved": "resolved by data change",
    "note.query_reraised": "raised again: the data show it again",
    # reasons the program gives in the audit trail (stored as these English words)
    "reason.account_disabled": "account disabled",
    "reason.no_password": "account without a password",
    "reason.account_locked": "account locked",
    "reason.grant_revoked": "grant revoked",
    "reason.edit_check": "edit check {check}",
    "reason.import": "import of {file}",
    "reason.protocol_added": "protocol file {file} added",
    "reason.restored": "restored from a backup by {username} (ltfu restore)",
    "reason.rebuilt": "rebuilt from the results (ltfu check --rebuild-derived)",
    # What found a database damaged, and what it found: stored in its damage mark as this
    # English (`Database.mark_damaged`), said in the window's language from it.
    "damage.by_startup": "the start-up integrity check",
    "damage.by_daily": "the daily integrity check",
    "damage.by_check": "ltfu check",
    "damage.by_read": "a read of the database",
    "damage.by_restore": "the check after restoring an archive",
    "damage.by_earlier": "an earlier check",
    "damage.earlier_day": "an earlier day",
    "damage.integrity": "integrity check: {verdict}",
    "damage.audit": "audit trail: {problem}",
    "damage.schema": "schema version {found}, expected {expected}",
    "damage.orphans": "rows without their record: {rows}",
    "damage.full_check": "the full check found a problem",
    "damage.mark_unreadable": "its damage mark {marker} is unreadable",
    "damage.mark_not_read": "its damage mark {marker} cannot be read: {error}",
    "reason.set_up": "set-up mode: the computer's login acts until the first administrator exists",
    "reason.baseline": "upgrade to schema 0006: the audit trail holds whole records from here on",
    "reason.archive_restored": (
        "restored {rows} rows and {entries} audit entries from a handover archive "
        "(manifest sha256 {manifest}; archive file sha256 {archive})"
    ),
    # a date that cannot be the date of a record
    "what.result": "result",
    "what.onset": "onset",
    "what.draw": "draw",
    "what.contact": "contact",
    "what.visit": "visit",
    "date.future": "{what} date {day} is in the future",
    "date.before_birth": "{what} date {day} is before the subject's birth",
    "date.before_infusion": "{what} date {day} is before the infusion on {infusion}",
    "date.before_baseline": "{what} date {day} is more than {days} days before the infusion on {infusion}",
    "date.implausible": "{what} date {day} is before any plausible infusion",
    "date.after_death": "{what} date {day} is after the subject's death on {death}",
    "date.after_withdrawal": "{what} date {day} is after the withdrawal of all consent on {withdrawn}",
    # a lab result that cannot be stored
    "result.analyte": "analyte {analyte!r} is not one of {analytes}",
    "result.or": "{first} or {then}",
    "result.unit": "unit {unit!r} does not fit {analyte} (use {units})",
    "result.unit_empty": "unit {unit!r} does not fit {analyte} (use empty)",
    "result.qualifier_category": "qualifier {qualifier!r} does not apply to {analyte}",
    "result.not_category": "{analyte} value {value!r} is not one of {categories}",
    "result.implausible": "{analyte} {given} is outside the plausible range {range}",
    "result.qualifier": "qualifier {qualifier!r} must be '<' (below the limit of quantification) or empty",
    # not found, or changed by someone else meanwhile
    "conflict.record": "Someone else changed this record after you opened it; your change was not saved. Reopen the record and enter it again.",
    "conflict.contact": "{study_id}'s contact details were changed by someone else after you opened them; your change was not saved. Reopen them and enter it again.",
    "missing.subject": "No subject {study_id!r} in this database.",
    "missing.contact": "{study_id} has no contact details.",
    "missing.site": "No site {site!r} in this database.",
    "missing.study": "No study {study!r} in this database.",
    "study.unknown": (
        "No study {study!r} in this database (its studies: {known}); add its protocol file first "
        "(ltfu protocol add FILE, or Settings in the window)."
    ),
    "study.unknown_none": (
        "No study {study!r} in this database (its studies: none yet); add its protocol file first "
        "(ltfu protocol add FILE, or Settings in the window)."
    ),
    "study.choose": "This database holds {count} studies ({known}): {how}.",
    "study.choose_option": "choose one (--study ID on the command line)",
    "study.choose_column": "say which study the subject joins (a protocol column in subjects.csv)",
    "study.other_version": (
        "{name}: study {study} is already here with another version of its protocol; a changed protocol is "
        "an amendment (ltfu protocol amend FILE --effective DATE --reason TEXT)."
    ),
    "missing.letter": "No letter {letter} in the letters log.",
    "missing.case": "No safety case {case}.",
    "missing.step": "Case {case} has no step {code!r} (its steps: {steps}).",
    "missing.report": "No safety report {report}.",
    "missing.user": "No user account {username!r} in this database.",
    "missing.grant": "{username} holds no such grant (see 'ltfu user show {username}').",
    "grant.exists": "{username} holds this grant already.",
    "access.site_refused": "You may enrol subjects only at the sites you are granted.",
    "access.whole_database": (
        "A whole-database action (backup, restore, archive, check, maintenance) is for an account that "
        "sees every study and site; yours is limited by its grants."
    ),
    "transfer.same_site": "{study_id} is at site {site} already.",
    "transfer.future": "The transfer date {day} is in the future: record a move on or after the day it happens.",
    "transfer.too_early": "The transfer date {day} is before {study_id}'s last move or enrolment ({earlier}).",
    "transfer.no_reason": "Say why {study_id} moves (a reason is required).",
    "missing.sample": "No sample {code!r} in this database.",
    "missing.test": "Sample {sample} has no current test {test} (its tests: {tests}).",
    "missing.any_test": "Sample {sample} has no current test {test} (its tests: none).",
    "missing.samples": "No sample {codes} of {study_id} in this database.",
    "missing.screen": "No current safety screen {screen}.",
    # data review: queries (`ltfu.services.queries`)
    "query.give_text": "Give the query's text: what should the site check?",
    "query.give_answer": "Give the answer's text.",
    "query.give_reason": "Give the reason for the correction.",
    "query.give_reopen": "Give the reason for re-opening the query.",
    "query.too_long": "The text is too long: at most {most:,} characters.",
    "query.state": "Query state {state!r} is not one of {states}.",
    "query.target": "Cannot raise the query: {target!r} is not one of {targets}.",
    "query.no_record": "Cannot raise the query: this subject has no current {target} {ref}.",
    "query.field": "Cannot raise the query: a {target} has no field {field!r} to query (one of {fields}).",
    "query.missing": "No query {query}.",
    "query.closed": "Query {query} is closed: it cannot be answered (the monitor may re-open it).",
    "query.answered": "Query {query} is already answered; the monitor closes or re-opens it.",
    "query.already": "Query {query} is already {query_state}.",
    "query.value": "Cannot correct {field}: {value!r} is not a valid value.",
    "query.refused": "Cannot correct the value: {problem}.",
    "query.not_done": "Cannot correct the visit date: the visit is not recorded as done.",
    "query.same": "Cannot correct {field}: the new value is the one already recorded.",
    # the same record twice in one file
    "row.same_result": "the same result is also on line {line}",
    "row.same_event": "the same event is also on line {line}",
    "row.same_adverse_event": "the same adverse event is also on line {line}",
    # adding a user or changing a password; why a letters run skipped a subject
    "user.short_password": "The password must have at least {least} characters.",
    "user.bad_name": "User name {username!r}: 2-32 lower-case letters, digits, '.', '_' or '-'.",
    "user.bad_role": "Role {role!r} is not one of {roles}.",
    "user.no_full_name": "The full name is needed: it is printed with signatures.",
    "user.first_admin": "The first account on a database must be an administrator (role admin).",
    "user.exists": "There is already a user {username!r}.",
    "skip.deceased": "deceased",
    "skip.withdrawn_visits": "withdrawn from visits",
    "skip.withdrawn_study": "withdrawn from the study",
    "skip.lost": "lost to follow-up",
    "skip.confidential": "confidential address requested and no address to use",
    "skip.no_address": "no postal address on file",
    "skip.cancelled": "visit {code} cancelled ({cause})",
    "skip.returned": "the last letter (printed {printed}) came back undelivered on {returned}, and no newer address was entered since",
    # a CSV row that cannot be read: quoting, characters, line breaks
    "row.and": "{first}; {then}",
    "row.rest_unread": "{reason}; the rest of the file was not read",
    "csv.value_number": "value {number}",
    "csv.on_line": " (on line {line})",
    "csv.never_closed": "the quote that opens {column}{where} is never closed",
    "csv.after_quote": "text after the closing quote of {column}{where}; a quote inside a quoted value is written twice",
    "csv.quote_inside": "a quote inside the unquoted value of {column}{where}; quote the whole value and write the quote twice",
    "csv.nul": "a NUL character",
    "csv.tab": "a tab",
    "csv.line_break": "a line break",
    "csv.control": "an invisible control character (U+{code})",
    "csv.holds_rows": "{column} runs over lines {first} to {last} and one of its lines looks like the start of a row (as many commas as the columns before it): is a closing quote missing?",
    "csv.only_span": "only {columns} may span lines",
    "csv.no_span": "no value may span lines",
    "csv.holds_break": "{column} holds a line break (a quoted value over lines {first} to {last}); {allowed}",
    "csv.contains": "{column} contains {what}",
    # an import row that is refused: visits, events, safety screens, DLT
    "row.of_subject": "{study_id} {problem}",
    "visit.future": "date {day} is in the future",
    "visit.before_infusion": "date {day} is before the infusion on {infusion}",
    "visit.after_death": "date {day} is after the subject's death on {death}",
    "visit.after_withdrawal": "date {day} is after the withdrawal of all consent on {withdrawn}",
    "visit.unscheduled_twice": "the same unscheduled visit of {study_id} on {day} is also on line {line}",
    "visit.not_in_plan": "{study_id} has no visit {code!r} in the plan",
    "visit.cancelled": "{study_id} {code} is cancelled ({cause}); it cannot be {status}",
    "visit.done_twice": "a second 'done' for {study_id} {code} (also on line {line})",
    "visit.also_missed": "{study_id} {code} is also missed on line {line}",
    "visit.already_done": "{study_id} {code} is already done on {day}; a second 'done' is refused",
    "visit.is_missed": "{study_id} {code} is recorded as missed; undo that first (with a reason) to record it done",
    "visit.is_done": "{study_id} {code} is recorded as done on {day}; it cannot also be missed",
    "visit.also_done": "{study_id} {code} is also done on line {line}",
    "visit.missed_twice": "a second 'missed' for {study_id} {code} (also on line {line})",
    "visit.window_not_open": "visit {code} cannot be missed on {day}: its window opens on {opens}",
    "screen.not_done": "safety screen answers belong to a done visit, not a missed one",
    "screen.records": "a visit from medical records reached nobody: it carries no safety screen",
    "screen.partial": "the safety screen is partly filled in: {fields} empty (fill all or none)",
    "event.in_window": "event {kind!r} is entered in the window, with its reason",
    "event.death_recorded": "a death is already recorded on {day}",
    "event.death_twice": "a second death for {study_id} (also on line {line})",
    "event.lost_not_yet": "{study_id} cannot be lost to follow-up yet: {why}; record the contact attempts first",
    "event.not_grade": "{kind} detail {value!r} must be its ASTCT grade, 1 to 4 (5 = death)",
    "dlt.no_detail": "dlt needs its description in detail",
    "dlt.too_long": "a dlt description is at most {most} characters (this one {length:,})",
    # the course after the infusion: re-infusion, immunoglobulin replacement, consent
    "course.infusion_future": "the re-infusion date {day} is in the future (today is {today})",
    "course.infusion_early": "the re-infusion date {day} is before {earliest}",
    "course.infusion_order": "a re-infusion must come after the latest infusion on {latest}; {day} does not",
    "course.infusion_after_death": "the re-infusion date {day} is after the death on {death}",
    "course.infusion_after_withdrawal": "the re-infusion date {day} is after the withdrawal of consent on {withdrawn}",
    "course.infusion_done_after": (
        "a visit is recorded as done on {done}, on or after the re-infusion date {day}: record the re-infusion before the visits of its new plan"
    ),
    "course.cell_dose": "the cell dose {value:g} must be above 0",
    "course.dose": "the dose {value:g} must be above 0",
    "course.stop_before_start": "the stop date {stop} is before the start date {start}",
    "course.stop_future": "the stop date {stop} is in the future (today is {today}): leave it empty while ongoing",
    "course.overlap": "it overlaps the {medication} recorded from {start} ({ref})",
    "course.no_medication": "There is no medication {ref}.",
    "course.already_stopped": "Medication {ref} stopped on {day} already.",
    "course.stop_outside": "The stop date {stop} must lie between the start on {start} and today ({today}).",
    "course.consent_future": "the consent date {day} is in the future (today is {today})",
    "course.consent_before_birth": "the consent date {day} is before the birth year {year}",
    "course.consent_after_death": "the consent date {day} is after the death on {death}",
    "what.medication": "replacement start",
    # a refused action: "Cannot <doing>: <problems>." (`errors.refusal`)
    "refused": "Cannot {doing}: {problems}.",
    "doing.result": "record the result",
    "doing.adverse_event": "record the adverse event",
    "doing.screen": "record the safety screen",
    "doing.event": "record the {kind}",
    "doing.enrol": "enrol {study_id}",
    "doing.report_sent": "record report {report} as sent",
    "doing.sample": "record the sample",
    "doing.sample_move": "move sample {sample}",
    "doing.sample_ship": "ship sample {sample}",
    "doing.sample_destroy": "destroy sample {sample}",
    "doing.sample_void": "void sample {sample}",
    "doing.sample_test": "add a test to sample {sample}",
    "doing.test_void": "void test {test} of sample {sample}",
    "doing.reinfusion": "record the re-infusion of {study_id}",
    "doing.medication": "record the immunoglobulin replacement of {study_id}",
    "doing.consent": "record the consent of {study_id}",
    "screen.no_answer": "{question} has no answer (yes, no or unknown)",
    "screen.bad_answer": "{question} answer {value!r} is not one of {allowed}",
    "screen.not_question": "{name!r} is not a question of the safety screen",
    "screen.not_extra": "{name!r} is not a question of the questionnaire",
    "screen.visit": "{study_id} visit {visit}",
    "screen.visit_not_done": "{visit} is not recorded as done",
    "screen.from_records": "{visit} was filled in from medical records; a screen needs a contact (clinic visit, phone or questionnaire)",
    "screen.has_one": "{visit} already has one; correct it (with a reason) instead",
    "ae.no_term": "the term is empty",
    "ae.kind": "kind {value!r} is not one of {allowed}",
    "ae.grade": "grade {grade} is outside {low}-{high} ({system})",
    "ae.special_interest": "special-interest category {value!r} is not one of {allowed}",
    "ae.before_lymphodepletion": "onset {onset} is before lymphodepletion (infusion on {infusion})",
    "ae.resolution_before_onset": "resolution {resolution} is before the onset {onset}",
    "ae.resolution_future": "resolution {resolution} is in the future",
    "ae.awareness_before_onset": "awareness date {awareness} is before the onset {onset}",
    "ae.awareness_future": "awareness date {awareness} is in the future",
    "ae.recorded": "the same adverse event ({term}, grade {grade}, onset {onset}) is already recorded",
    "ae.dlt_window": "a DLT must start within the DLT window, Day 0 to Day {window} after the infusion on {infusion}; onset {onset} is Day {day} (record a later toxicity as an adverse event, not a DLT)",
    "result.recorded": "the same {analyte} result of {day} is already recorded for {study_id}",
    "sample.empty": "the {field} is empty",
    "sample.too_long": "the {field} is longer than {limit} characters",
    "sample.control": "the {field} holds a control character",
    "sample.type": "type {value!r} is not one of {allowed}",
    "sample.aliquots": "{aliquots} aliquots: give 1 to 999",
    "sample.place_taken": "{place} already holds sample {sample}",
    "sample.destroyed": "sample {sample} was destroyed on {day}",
    "sample.date_future": "the date {day} is in the future",
    "sample.before_draw": "the date {day} is before the sample was drawn on {drawn}",
    "sample.not_stored": "it is {sample_state}, not stored",
    "sample.kept_until": "it is kept until {keep} (end of follow-up plus the protocol's sample retention); it may be destroyed from that date on, not on {day}",
    "sample.no_infusion": "{study_id} has no infusion, so its follow-up has no end to keep the sample until",
    "report.already_sent": "it was already sent on {day} (reference {reference})",
    "report.no_recipient": "give the recipient (who it was sent to)",
    "report.no_reference": "give the report's reference",
    "report.sent_future": "the sent date {day} is in the future",
    "report.sent_before_aware": "the sent date {day} is before the site knew ({aware})",
    "report.too_long": "{start!r}... is longer than {limit} characters",
    # an event refused; what ends follow-up, and the later record that contradicts it
    "event.response": "response {value!r} must be CR, CRi, PR or NR (optionally 'CR MRD-')",
    "event.no_cause": "death needs its cause in detail",
    "event.scope": "withdrawal scope {value!r} must be one of {allowed}",
    "event.unknown": "event {value!r} is not one of {allowed}",
    "event.recorded": "This {kind} event of {day} is already recorded.",
    "event.not_lost": "the subject is not lost to follow-up, so there is nothing to reverse",
    "event.use_declare": "Use declare_lost_to_follow_up: it checks the contact attempts first.",
    "lost.needs_reason": "Declaring a subject lost to follow-up needs a reason.",
    "lost.reverse_needs_reason": "Reversing lost to follow-up needs a reason.",
    "contact.channel": "Channel {value!r} is not one of {allowed}.",
    "contact.outcome": "Outcome {value!r} is not one of {allowed}.",
    "contact.future": "The contact date {day} is in the future (today is {today}).",
    "contact.date": "The {problem}.",
    "contact.recorded": "A {channel} contact attempt on {day} ({outcome}) is already recorded for {study_id}.",
    "ending.death": "death",
    "ending.withdrawal": "withdrawal of all consent",
    "ending.lost": "lost to follow-up",
    "ending.before": "{what} on {day} is before {later}",
    "later.visit": "the visit {code} done on {day}",
    "later.unscheduled": "an unscheduled visit done on {day}",
    "later.result": "the {analyte} result of {day}",
    "later.event": "the {kind} event of {day}",
    "later.adverse_event": "the adverse event {term!r} starting on {day}",
    "later.contact": "the contact with the subject on {day}",
    # a file that cannot be read or imported as a whole; a subject that cannot be enrolled; visits, letters, signatures, rights
    "file.unreadable": "Cannot read {path}: {reason}.",
    "file.header_unreadable": "{name} line 1: the header cannot be read: {reason}.",
    "file.broken": "{name} line {line}: {reason}.",
    "file.header_break": "{name} line 1: a column name holds a line break (the header runs to line {last}).",
    "file.header_contains": "{name} line 1: column {index} contains {char}.",
    "file.header_nul": "{name} line 1: column {index} contains {char} (is the file UTF-16? save it as CSV UTF-8).",
    "file.header_long": "{name} line 1: column {index} is {length:,} characters long, not a column name.",
    "file.unnamed": "{name} line 1: column {index} has no name.",
    "file.columns": "{name} line 1: {problems}.",
    "columns.missing": "missing column(s) {columns}",
    "columns.unknown": "unknown column(s) {columns}",
    "columns.repeated": "repeated column(s) {columns}",
    "columns.more": "{names} and {more:,} more",
    "file.kind": "Cannot import {kind!r} files: give one of {allowed}.",
    "subject.bad_id": "subject_id {value!r} must be 1-32 letters, digits, '.', '_' or '-'",
    "subject.bad_site": "site {value!r} must be a site code (letters, digits, '_' or '-')",
    "subject.bad_dose": "dose_level {value!r} must look like DL1, DL2 ...",
    "subject.bad_email": "email {value!r} is not an e-mail address",
    "subject.infusion_future": "infusion_date {day} is in the future",
    "subject.infusion_early": "infusion_date {day} is before {earliest}, the earliest plausible infusion date",
    "subject.infusion_before_birth": "infusion_date {day} is before the birth date",
    "subject.birth_future": "birth_date {day} is in the future",
    "subject.birth_early": "birth_date {day} is before {earliest}, the earliest plausible birth date",
    "subject.birth_after_infusion": "birth_date {day} is after the infusion on {infusion}",
    "subject.too_old": "birth_date {day} makes the subject older than {years} at the infusion on {infusion}",
    "subject.enrolled": "Subject {study_id} is already enrolled.",
    "subject.enrolled_case": "Subject {study_id} (ids are compared without regard to case) is already enrolled.",
    "contact.unknown_fields": "Unknown contact field(s): {fields_named}.",
    "contact.needs_reason": "Changing saved contact details needs a reason.",
    "visit.date": "The {problem}.",
    "visit.recorded_done": "{study_id} visit {code} is already recorded as done on {day}; undo it first (with a reason) to record another date.",
    "visit.recorded_missed": "{study_id} visit {code} is recorded as missed; undo that first (with a reason) to record it done.",
    "visit.unscheduled_recorded": "{study_id}: an unscheduled visit on {day} is already recorded.",
    "visit.no_infusion": "{study_id} has no infusion; record the infusion first.",
    "visit.no_plan": "{study_id} has no visit plan; record the infusion first.",
    "visit.not_in_subject_plan": "There is no visit {code!r} in this subject's plan.",
    "visit.not_open": "{study_id} visit {code} is {visit_status}; only a due or overdue visit can be closed as missed.",
    "visit.not_in_plan_status": "not in the plan",
    "visit.not_closed": "{study_id} visit {code} is {visit_status}; only missed or done visits can be undone.",
    "visit.missed_needs_reason": "Closing a visit as missed needs a reason.",
    "visit.undo_needs_reason": "Undoing a visit's status needs a reason.",
    "visit.mode": "Visit mode {value!r} is not one of {allowed}.",
    "letter.return_future": "The return date {day} is in the future.",
    "letter.returned": "Letter {letter} is already marked returned on {day}.",
    "letter.printed_after": "Letter {letter} was printed on {printed}, after {day}.",
    "range.backwards": "The range ends ({end}) before it starts ({start}).",
    "sign.meaning": "The meaning of a signature is one of {allowed}, not {value!r}.",
    "sign_in.accounts_exist": "This database has accounts already: sign in, and ask an administrator.",
    "sign_in.first": "Sign in first: only a signed-in user changes their password.",
    "sign_in.needed": "This database has user accounts: sign in first (in the window, or with 'ltfu --user NAME ...' on the command line).",
    "sign_in.set_up_closed": "This database's audit trail no longer holds the entries anchored outside it (run 'ltfu check'): set-up mode stays closed; restore a backup.",
    "visit.not_planned": "{study_id} has no visit {code!r} in the plan.",
    # files that cannot be written; reports, screens and labels refused
    "file.unwritable": "Cannot write {path}: {reason}.",
    "file.unwritable_letters": "Cannot write {path}: {reason}; no letter was recorded.",
    "file.unwritable_export": "Cannot write the export to {path}: {reason}; nothing was kept.",
    "file.unwritable_archive": "Cannot write the archive {path}: {reason}.",
    "file.is_folder": "Cannot write {path}: it is a folder; give a file name.",
    "file.no_folder": "Cannot write {path}: the folder {folder} does not exist.",
    "file.archive_is_folder": "Cannot write the archive {path}: it is a folder; give a file name.",
    "file.archive_no_folder": "Cannot write the archive {path}: the folder {folder} does not exist.",
    "file.export_is_file": "Cannot export to {folder}: it is a file, not a folder.",
    "file.export_not_empty": "Cannot export to {folder}: the folder is not empty and holds no earlier ltfu export. Choose an empty or new folder.",
    "file.leads_out": "Cannot write {name!r} into {folder}: the name leads out of the folder.",
    "odm.no_protocol": "The database holds no protocol version yet; there is no study to export.",
    "database.address": "Cannot use the database address {address!r}: {reason}",
    "screen.correct_reason": "Correcting a safety screen needs a reason.",
    "screen.void_reason": "Voiding a safety screen needs a reason.",
    "screen.unchanged": "Safety screen {screen} already holds these answers; nothing was changed.",
    "sample.no_labels": "No labels to print: {study_id} has no stored sample.",
    "report.annual": "The annual report {year}",
    "report.ind": "The IND annual report of {study} ending {day}",
    "report.changed": "{report} no longer rebuilds to the pages shown (the data changed since): nothing was signed. Generate it again, look at it, then sign.",
    "report.year": "annual report: {year} is not a plausible report year",
    "report.cut_outside": "annual report {year}: the data cut {cut} must fall in {year} ({start} to {end})",
    "report.cut_future": "annual report {year}: the data cut {cut} is after today ({today}); give a data cut on or before today, e.g. --as-of {today}",
    "report.language": "annual report: no texts in language {language!r} (available: {available})",
    "ind.no_anniversary": 'IND annual report: protocol {protocol} sets no IND anniversary. Set it in the protocol file, section [ind], e.g. anniversary = "03-15" (month-day), and register the file with ltfu protocol amend.',
    "ind.empty_plan": "IND annual report: the plan for the coming year is empty; write it, then save.",
    "ind.not_anniversary": "IND annual report: {day} is not an IND anniversary of protocol {protocol} (the period ends on {ends})",
    # a protocol file that cannot be used (`ltfu.schedule.protocol`): the file, the line, the field
    "protocol.unreadable": "{name}: cannot read the protocol file: {reason}",
    "protocol.not_utf8": "{name}: not UTF-8 text (byte {byte}); save the file as UTF-8",
    "protocol.not_toml": "{name}: line {line}, column {column}: not valid TOML ({detail})",
    "protocol.not_bundled": "no bundled protocol named {protocol_id!r} (bundled: {known})",
    "protocol.problems": "{name}: {problems}",
    "protocol.problems_more": "{name}: {problems} (and {more} more problems)",
    "protocol.at_line": "line {line}: {where}: {problem}",
    "protocol.at": "{where}: {problem}",
    "protocol.top_level": "top level",
    "protocol.unknown_key": "unknown key {key!r} (expected one of: {allowed})",
    "protocol.missing": "missing {key!r}",
    "protocol.not_text": "{key} must be a non-empty text in quotes, not {value!r}",
    "protocol.not_whole": "{key} must be a whole number, not {value!r}",
    "protocol.below": "{key}={value} must be >= {minimum}",
    "protocol.not_positive": "{key} must be a number > 0, not {value!r}",
    "protocol.not_list": '{key} must be a list of texts in quotes, like ["a", "b"], not {value!r}',
    "protocol.listed_twice": "{key} lists {value!r} twice",
    "protocol.missing_section": "missing section",
    "protocol.not_section": "{key} must be a section [{key}], not {value!r}",
    "protocol.bad_id": "id {value!r} may hold only a-z, 0-9, '.', '_' and '-'",
    "protocol.no_visits": "no visits: add one [[visits]] block per visit",
    "protocol.visit_blocks": "visits must be [[visits]] blocks, one per visit",
    "protocol.code_twice": "code {code!r} is used twice (also visits[{first}])",
    "protocol.order": (
        "{offset} does not come after visits[{index}] ({code}) {before} for every infusion date; "
        "list visits in increasing offset order"
    ),
    "protocol.after_end": "{offset} is after the end of follow-up (duration_years={years})",
    "protocol.bad_code": "code {code!r} may hold only letters, digits, '.', '_' and '-'",
    "protocol.day_and_months": "give either day or months, not both",
    "protocol.no_offset": "missing offset: give day = N or months = N",
    "protocol.no_window": "missing {key!r} (window days before/after the nominal date)",
    "protocol.window_not_whole": "window {key} must be a whole number of days, not {value!r}",
    "protocol.window_negative": "window {key}={value} must be >= 0",
    "protocol.bad_mode": "mode {value!r} is not one of: {allowed}",
    "protocol.no_assessment": "assessments must list at least one assessment",
    "protocol.unknown_assessment": "assessment {value!r} is not in the vocabulary ({allowed})",
    "protocol.before_day_0": "window early={early} starts before Day 0 ({offset})",
    "protocol.not_one_of": "{value!r} is not one of: {allowed}",
    "protocol.unknown_visit": "{code!r} is not a visit code of this protocol",
    "protocol.no_rcl_sample": "visit {code} takes no RCL sample (R-T or R-A)",
    "protocol.bad_design": "must be one of {allowed}, not {value!r}",
    "protocol.boin_only": 'only for design = "boin" (3+3 always treats cohorts of 3, up to 6)',
    "protocol.bad_target": "must be a DLT rate above 0 and below 0.5, not {value!r}",
    "protocol.not_flag": "{key} must be true or false, not {value!r}",
    "protocol.not_edit_check": "{value!r} is not an edit check ({allowed})",
    "protocol.bad_anniversary": 'anniversary must be a month and day in quotes, "MM-DD" (e.g. "03-15"), not {value!r}',
    # a stored value the analyses leave out (the annual report's data problems, `ltfu endpoints`):
    # what it is, its value and why (printed from `[data_problem_words]` of the report's texts)
    "data.result": "{analyte} result",
    "data.infusion_date": "infusion date",
    "data.event": "{kind} event",
    "data.dlt": "DLT",
    "data.dlt_day": "{term} (Day {day})",
    "data.implausible_infusion": "before {earliest}, the earliest plausible infusion; the subject is left out",
    "data.before_infusion": "before the infusion on {infusion}; left out of the analyses",
    "data.outside_dlt_window": "outside the DLT window (Day 0 to Day {days}); not counted as a DLT",
    "data.not_category": "a category that is not one of {known}",
    "data.not_finite": "not a finite number",
    "data.value_outside": "value outside the plausible range {range}",
    "data.lloq_outside": "limit of quantification outside the plausible range {range}",
    "data.range": "{low} to {high} {unit}",
    "data.range_percent": "{low} to {high} {unit} ({low_percent} to {high_percent} %)",
    # the TOML reader's own messages (Python's tomllib), word for word
    "toml.invalid_value": "Invalid value",
    "toml.unterminated_string": "Unterminated string",
    "toml.expected_equals": "Expected '=' after a key in a key/value pair",
    "toml.invalid_statement": "Invalid statement",
    "toml.overwrite": "Cannot overwrite a value",
    "toml.declared_twice": "Cannot declare {key} twice",
    "toml.unclosed_array": "Unclosed array",
    "toml.unclosed_table": "Unclosed inline table",
    "toml.table_end": "Expected ']' at the end of a table declaration",
    "toml.array_end": "Expected ']]' at the end of an array declaration",
    "toml.expected_newline": "Expected newline or end of document after a statement",
    "toml.key_start": "Invalid initial character for a key part",
    "toml.illegal_character": "Illegal character {character}",
    "toml.date": "Invalid date or datetime",
    "toml.invalid_character": "Found invalid character {character}",
    "toml.unescaped_backslash": "Unescaped '\\' in a string",
    "toml.hex": "Invalid hex value",
    "toml.not_scalar": "Escaped character is not a Unicode scalar value",
    "toml.duplicate_key": "Duplicate inline table key {key}",
    "toml.immutable": "Cannot mutate immutable namespace {key}",
    "toml.redefine": "Cannot redefine namespace {key}",
    "toml.expected": "Expected {expected}",  # last: the other "Expected ..." are matched first
    # the database file or server: known conditions a person can act on
    "db.locked": "The database {where} is locked by another program or workstation. Wait a moment and try again; nothing was changed.",
    "db.read_only": "The database {where} is read-only. Ask for write access or open a copy; nothing was changed.",
    "db.full": "The disk holding the database {where} is full. Free some space and try again; nothing was changed.",
    "db.corrupt": "The database {where} is damaged. Restore the latest backup (ltfu restore FILE); nothing was changed.",
    "db.cannot_open": "Cannot open the database {where}: check the path and its permissions.",
    "db.io_error": "The disk holding the database {where} could not be read or written (a disk or network drive failure). Check the disk and try again; nothing was changed.",
    "db.unreachable": "Cannot reach the database server {where}: check that it is running and that the address, the database name and the user are right.",
    "db.overloaded": "The database server {where} is out of resources (too many connections or too little memory). Try again later; nothing was changed.",
    "db.damaged_read_only": "The database {where} is open read-only: {found_by} found it damaged on {day} ({reason}). Nothing can be saved: restore the latest backup (ltfu restore FILE); 'ltfu check' lifts this once it finds no problem.",
    "db.is_folder": "{path} is a folder, not a database file.",
    "db.no_folder": "Cannot create the database {path}: the folder {folder} does not exist.",
    "db.cannot_create": "Cannot create the database {path}: {reason}.",
    "db.unreadable": "Cannot read the database {path}: {reason}.",
    "db.not_sqlite": "{path} is not an ltfu database (it is not a SQLite file). Choose the right file, or restore a backup.",
    "db.no_version": "The database has ltfu tables but no schema version; it was not made by this program. Open another file or restore a backup.",
    "db.upgrade_orphans": (
        "The upgrade to schema {revision} would leave {count} row(s) referring to a missing record "
        "(first: table {table} row {row}); nothing was changed."
    ),
    "db.too_new": "The database has schema version {revision}, newer than this program ({head}). Install the newer ltfu that wrote it; nothing was changed.",
    "link.write": "Cannot write {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.",
    "link.export": "Cannot export to {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.",
    "link.write_into": "Cannot write into {path}: it is a symbolic link, and ltfu does not write through links. Remove the link or choose another name.",
    "backup.today": "Cannot write today's backup to {folder}: {reason}.",
    "backup.internal": "Today's backup failed on an internal error ({kind}); see the log.",
    "archive.report_name": "Cannot archive the report {name!r}: give a plain file name ending in .pdf.",
    "archive.not_pdf": "Cannot archive the report {name}: it is not a PDF file.",
    "anchor.unreadable": "Cannot read the anchor {path}: {reason}.",
    # a subjects file's row that differs from the enrolled subject; a case step refused
    "subject.also_on_line": "subject_id {study_id} is also on line {line}",
    "subject.differs": "subject {study_id} is already enrolled: {difference}",
    "subject.differs_from": "{column} {value} differs from the enrolled {enrolled}",
    "subject.birth_differs": "birth_date differs from the enrolled one",
    "subject.protocol": "protocol: {problem}",
    "subject.hidden": "subject {study_id} is already enrolled (at a site you do not see)",
    "subject.site_not_granted": "site {site} is not one of the sites you are granted",
    "subject.protocol_differs": "protocol {protocol} differs from the enrolled study {enrolled}",
    "safety.bad_state": "state {value!r} is not one of {allowed}",
    "safety.outcome_when": "an outcome is recorded only when a test step ({steps}) is done",
    "safety.bad_outcome": "outcome {value!r} is not one of {allowed}",
    "result.unknown_analyte": "analyte {analyte!r} is unknown",
    "result.not_finite": "{analyte} value {value} is not a finite number",
    "result.outside": "{analyte} value {value} {unit} is outside the plausible range {range}",
    # what an import or an export wrote; a sample's place
    "summary.import": "{file}: {added} added, {unchanged} already present",
    "summary.import_sites": "{file}: {added} added, {unchanged} already present; new sites: {sites}",
    "summary.export": "exported {tables} tables ({rows}, {contacts}), {dictionary}, {readme} and {protocols} protocol file(s) to {folder}; checksums in {manifest}",
    "summary.row": "{n} row",
    "summary.rows": "{n} rows",
    "summary.with_contacts": "with contacts (PHI)",
    "summary.without_contacts": "without contacts",
    "summary.odm": "wrote CDISC ODM {version} to {path}: {subjects} subjects, {events} study events, {results} results, {audit} audit records",
    "summary.archive": "archived {rows} rows of {tables} tables, the audit trail ({entries} entries), the data dictionary and {reports} report(s) to {path} (sha256 {sha}...)",
    "summary.ical": "{events} visit(s) written to {path}",
    "sample.place": "freezer {freezer}, rack {rack}, box {box}, position {position}",
}


class Message(str):
    """The English sentence of `MESSAGES[code]` that also carries `code` and `params`.

    A parameter may itself be a `Message` (a clause); a date parameter is a `datetime.date`
    (written ISO here, in the user's way by the window); a tuple is a list ("a, b").
    """

    code: str
    params: Mapping[str, object]

    def __new__(cls, code: str, /, **params: object) -> "Message":
        english = {k: ", ".join(map(str, v)) if isinstance(v, tuple) else v for k, v in params.items()}
        self = super().__new__(cls, MESSAGES[code].format(**english))
        self.code, self.params = code, params
        return self

    def __reduce__(self) -> tuple[object, ...]:
        # Copies and pickles are made from the code, not from the English text.
        return _message, (self.code, dict(self.params))


def _message(code: str, params: dict[str, object]) -> Message:
    return Message(code, **params)


def _pattern(template: str) -> re.Pattern[str]:
    """What the English of `template` matches once its fields are filled in."""
    parts = [re.escape(text) + (f"(?P<{name}>.+)" if name else "") for text, name, _, _ in Formatter().parse(template)]
    return re.compile("".join(parts))


def recognised(text: str, prefixes: tuple[str, ...]) -> Message | None:
    """The message (of a code starting with one of `prefixes`) whose English `text` is, its
    fields read back as text; None when it is none of them (e.g. typed by a person)."""
    for pattern, code in _patterns(prefixes):
        found = pattern.fullmatch(text)
        if found:
            return Message(code, **found.groupdict())
    return None


@cache
def _patterns(prefixes: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_pattern(MESSAGES[code]), code) for code in MESSAGES if code.startswith(prefixes))


def joined(parts: Sequence[str], code: str = "row.and") -> str:
    """Several parts as one sentence by the message `code` ("a; b; c" for reasons, "a or b"
    for "result.or"), each part said in the window's language."""
    return reduce(lambda first, then: Message(code, first=first, then=then), parts)


def refusal(doing: str, problems: Sequence[str], /, **params: object) -> Message:
    """The refusal "Cannot <doing>: <problems>.": `doing` names the code `doing.<doing>`
    (its fields `params`), the problems (at least one) are joined; each part is said in
    the window's language."""
    return Message("refused", doing=Message(f"doing.{doing}", **params), problems=joined(problems))


def message_of(exc: BaseException) -> str:
    """The message of `exc`: its `Message` when it was raised with one, else its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)


class LtfuError(Exception):
    """A known failure with a message meant for the user."""


class ValidationError(LtfuError):
    """Input that was refused; nothing was changed."""


class ProtocolError(ValidationError):
    """A protocol definition file that cannot be used."""


class ImportRowsError(ValidationError):
    """A CSV file with one or more bad rows; carries every (line, reason)."""

    def __init__(self, file_name: str, problems: list[tuple[int, str]]):
        self.file_name = file_name
        self.problems = problems
        shown = "; ".join(f"line {line}: {reason}" for line, reason in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{file_name}: {len(problems)} bad row(s), nothing imported: {shown}{more}")


class NotFoundError(LtfuError):
    """A record named by the user does not exist."""


class DatabaseError(LtfuError):
    """The database cannot be used: locked, read-only, full, corrupt or too new."""


class ConflictError(LtfuError):
    """Someone else changed the record first; nothing was overwritten."""


class PermissionDenied(LtfuError):
    """The signed-in user's role does not allow this action."""


# -- bugs -----------------------------------------------------------------------------


def describe_bug(exc: BaseException) -> str:
    """What a log may say about an unexpected exception: its type and, for a database
    error, the driver's error code, what it names (table, column, constraint) and the
    statement without its values; never the exception's own text.

    A message may quote what was being stored: SQLAlchemy's (with its parameters),
    PostgreSQL's DETAIL ("Key (…)=(…)", "Failing row contains (…)") or a primary
    message such as ``invalid input syntax for type date: "…"``.
    """
    orig = getattr(exc, "orig", None)
    parts = [type(exc).__name__]
    if orig is not None:
        parts.append(f"from {type(orig).__module__}.{type(orig).__name__}")
    driver = orig if orig is not None else exc
    code = getattr(driver, "sqlite_errorname", None) or getattr(driver, "sqlstate", None)
    if code:
        parts.append(f"code {code}")
    diag = getattr(driver, "diag", None)
    for name in ("schema_name", "table_name", "column_name", "constraint_name"):
        value = getattr(diag, name, None)
        if value:
            parts.append(f"{name.removesuffix('_name')} {value}")
    statement = getattr(exc, "statement", None)
    if isinstance(statement, str):
        parts.append(f"in SQL: {' '.join(statement.split())[:400]}")
    return "; ".join(parts)


def bug_report(exc: BaseException) -> str:
    """`describe_bug` and the stack of `exc` and of each exception it came from (no messages)."""
    import traceback

    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        stack = "".join(traceback.format_list(traceback.extract_tb(current.__traceback__))).rstrip()
        blocks.append(f"{describe_bug(current)}\n{stack}" if stack else describe_bug(current))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nwhich came from: ".join(blocks)


def log_bug(exc: BaseException, where: str = "") -> None:
    """Log an unexpected exception (a bug): what it was and its whole stack, never its
    message (which might quote a name or a statement's values)."""
    import logging

    logging.getLogger("ltfu.bug").error(
        "unexpected %s%s: %s", type(exc).__name__, f" in {where}" if where else "", bug_report(exc)
    )
