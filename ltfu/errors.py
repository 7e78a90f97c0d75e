"""Errors a person can act on.

Every exception the program raises on purpose derives from `LtfuError`; its message
is a complete sentence naming what and where, shown as is in the window and printed as
one line by the command line. Anything else is a bug: logged with a traceback.

A message the window shows in the user's language is a `Message`: the English sentence
(what `str` gives, and what the command line prints) that also carries a code from
`MESSAGES` and its parameters; the window says the code in its own language
(`ltfu.ui.labels.message_text`, which has a text for every code).
"""

from collections.abc import Mapping

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
    # reasons the program gives in the audit trail (stored as these English words)
    "reason.account_disabled": "account disabled",
    "reason.no_password": "account without a password",
    "reason.account_locked": "account locked",
    "reason.grant_revoked": "grant revoked",
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
    "missing.letter": "No letter {letter} in the letters log.",
    "missing.case": "No safety case {case}.",
    "missing.step": "Case {case} has no step {code!r} (its steps: {steps}).",
    "missing.report": "No safety report {report}.",
    "missing.user": "No user account {username!r} in this database.",
    "missing.study": "No study {study!r} in this database (a study is a loaded protocol's id).",
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
