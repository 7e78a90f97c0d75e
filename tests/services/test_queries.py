"""Data queries (issue 19) on SQLite and PostgreSQL: the monitor raises and closes, the
site answers or corrects with a reason, edit checks raise once, close and re-raise, and
every step is audited, replayed by `ltfu check`, exported and archived."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import PermissionDenied, ValidationError
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID
from ltfu.services import audit, browse, queries, users
from ltfu.services.events import NewEvent, contact_attempts, record_contact_attempt, record_event
from ltfu.services.maintenance import check
from ltfu.services.records import NewAdverseEvent, NewResult, record_adverse_event, record_result
from ltfu.services.screens import NewScreen
from ltfu.services.subjects import NewSubject, contact_details, enrol
from ltfu.services.visits import record_visit_done
from ltfu.services.worklist import worklist
from ltfu.vocabulary import SCREEN_QUESTIONS

D = dt.date
TODAY = D(2026, 12, 1)
SUBJECT = "CD1922-017"
INFUSION = D(2025, 11, 28)
M12 = D(2026, 11, 28)
M9 = D(2026, 8, 28)
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def scene(db) -> int:
    """CD1922-017 with M12 done and its B-cell count; an account per role (signed out).
    Returns the B-cell result's id."""
    enrol(
        db, NewSubject(SUBJECT, "BJ01", "DL2", INFUSION, given_name="Zoë", family_name="Démo", phone="+86 1"), INFUSION
    )
    record_visit_done(
        db, SUBJECT, M12, "clinic", TODAY, code="M12", screen=NewScreen(dict.fromkeys(SCREEN_QUESTIONS, "no"))
    )
    result_id = record_result(db, SUBJECT, NewResult("cd19_b_cells", M12, 12.0, unit="cells/uL"), TODAY)
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), "ada", "Ada Admin", "admin", PASSWORD)
    db.sign_in("ada", PASSWORD)
    for name, role in (("mona", "monitor"), ("nina", "nurse"), ("pete", "pi")):
        browse.add_user(db, name, name.title(), role, PASSWORD)
    return result_id


@pytest.fixture
def db(any_db):
    return any_db


@pytest.fixture
def result_id(db):
    return scene(db)


def as_user(db, name: str):
    db.sign_out()
    db.sign_in(name, PASSWORD)
    return db


def only(db, **conditions):
    return [q for q in queries.list_queries(db, SUBJECT) if all(getattr(q, k) == v for k, v in conditions.items())]


def test_the_monitor_queries_a_value_the_nurse_corrects_it_with_a_reason_and_the_monitor_closes(db, result_id):
    as_user(db, "mona")
    query_id = queries.raise_query(db, SUBJECT, "result", result_id, "B cells 12/uL? Source says 120.", "value")
    as_user(db, "nina")
    waiting = worklist(db, TODAY).queries
    assert [(q.id, q.state, q.about) for q in waiting] == [(query_id, "open", f"cd19_b_cells {M12}")]
    # The same for the worklist of the subject's site and of its study.
    assert worklist(db, TODAY, site="BJ01").queries == worklist(db, TODAY, study=DEFAULT_PROTOCOL_ID).queries == waiting
    assert browse.subject_rows(db, TODAY)[0].open_queries == 1
    queries.correct_value(db, query_id, "120", "transcription error, lab report checked", TODAY)
    (q,) = only(db, id=query_id)
    assert (q.state, q.corrected, q.answered_by, q.answer) == (
        "answered",
        True,
        "nina",
        "transcription error, lab report checked",
    )
    assert browse.subject_record(db, SUBJECT).results[0].value == 120.0
    assert worklist(db, TODAY).queries == ()  # the nurse's part is done
    as_user(db, "mona")
    assert [w.id for w in worklist(db, TODAY).queries] == [query_id]  # the monitor's turn
    queries.close_query(db, query_id, "matches the source")
    assert only(db, id=query_id)[0].state == "closed"
    assert worklist(db, TODAY).queries == ()
    with db.session(read_only=True) as s:
        entry = s.get(m.AuditEvent, s.get(m.DataQuery, query_id).correction_entry)
        assert (entry.table_name, entry.field, entry.old_value, entry.new_value) == ("result", "value", "12.0", "120.0")
        assert entry.reason == "transcription error, lab report checked"
    assert check(db).ok


def test_a_closed_query_cannot_be_answered_until_the_monitor_reopens_it(db, result_id):
    as_user(db, "mona")
    query_id = queries.raise_query(db, SUBJECT, "visit", "M12", "Visit date?", "actual_date")
    queries.close_query(db, query_id)
    as_user(db, "nina")
    with pytest.raises(ValidationError, match="is closed"):
        queries.answer_query(db, query_id, "it is right")
    as_user(db, "mona")
    with pytest.raises(ValidationError, match="reason for re-opening"):
        queries.close_query(db, query_id, reopen=True)
    queries.close_query(db, query_id, "closed too early", reopen=True)
    as_user(db, "nina")
    queries.answer_query(db, query_id, "the date is right: clinic log checked")
    with pytest.raises(ValidationError, match="already answered"):
        queries.answer_query(db, query_id, "again")
    (q,) = only(db, id=query_id)
    assert (q.state, q.corrected, q.note) == ("answered", False, "closed too early")
    assert check(db).ok


def test_rights_the_monitor_changes_no_value_and_the_site_raises_no_query(db, result_id):
    record_contact_attempt(db, SUBJECT, TODAY, "phone", "no_answer", TODAY, note="daughter: call after 6 pm")
    as_user(db, "mona")
    assert [a.note for a in contact_attempts(db, SUBJECT)] == [None]  # a note may hold PHI
    refused = [
        lambda: record_visit_done(db, SUBJECT, TODAY, "clinic", TODAY, unscheduled=True),
        lambda: record_result(db, SUBJECT, NewResult("igg", TODAY, 5.0, unit="g/L"), TODAY),
        lambda: record_event(db, SUBJECT, NewEvent("alive", TODAY), TODAY),
        lambda: record_adverse_event(db, SUBJECT, NewAdverseEvent("Fatigue", 1, TODAY), TODAY),
        lambda: contact_details(db, SUBJECT),
        lambda: record_contact_attempt(db, SUBJECT, TODAY, "phone", "reached", TODAY),
    ]
    for action in refused:
        with pytest.raises(PermissionDenied):
            action()
    query_id = queries.raise_query(db, SUBJECT, "subject", None, "Dose level per the batch record?")
    with pytest.raises(PermissionDenied):
        queries.answer_query(db, query_id, "monitors do not answer")
    with pytest.raises(PermissionDenied):
        queries.correct_value(db, query_id, "DL1", "no", TODAY)
    header = browse.subject_record(db, SUBJECT).header
    assert (header.name, header.phone) == ("", "")  # no contact details for the monitor
    assert "démo" not in browse.subject_rows(db, TODAY)[0].search_key
    as_user(db, "nina")
    assert browse.subject_record(db, SUBJECT).header.name == "Zoë Démo"
    assert [a.note for a in contact_attempts(db, SUBJECT)] == ["daughter: call after 6 pm"]
    with pytest.raises(PermissionDenied):
        queries.raise_query(db, SUBJECT, "result", result_id, "nurses do not raise")
    with pytest.raises(PermissionDenied):
        queries.close_query(db, query_id)
    queries.correct_value(db, query_id, "DL1", "batch record says DL1", TODAY)
    assert browse.subject_record(db, SUBJECT).header.dose_level == "DL1"
    assert check(db).ok


@pytest.mark.parametrize(
    ("target", "ref", "field", "text", "words"),
    [
        ("result", 999, None, "?", "no current result 999"),
        ("visit", "M99", None, "?", "no visit 'M99'"),
        ("result", None, "colour", "?", "no field 'colour'"),
        ("result", None, None, "   ", "Give the query's text"),
        ("specimen", 1, None, "?", "'specimen' is not one of"),
    ],
)
def test_a_bad_query_is_refused_naming_what_and_changes_nothing(db, result_id, target, ref, field, text, words):
    as_user(db, "mona")
    with pytest.raises(ValidationError, match=words):
        queries.raise_query(db, SUBJECT, target, result_id if ref is None else ref, text, field)
    assert queries.list_queries(db) == ()


def test_a_correction_is_checked_like_entry_and_refused_whole(db, result_id):
    as_user(db, "mona")
    value = queries.raise_query(db, SUBJECT, "result", result_id, "?", "value")
    day = queries.raise_query(db, SUBJECT, "visit", "M12", "?", "actual_date")
    as_user(db, "nina")
    for query_id, given, words in (
        (value, "1e9", "plausible range"),
        (value, "many", "not a valid value"),
        (value, "12", "already recorded"),
        (day, "2027-01-01", "in the future"),
        (day, "2020-01-01", "before"),
    ):
        with pytest.raises(ValidationError, match=words):
            queries.correct_value(db, query_id, given, "reason", TODAY)
    with pytest.raises(ValidationError, match="reason for the correction"):
        queries.correct_value(db, value, "13", " ", TODAY)
    assert {q.state for q in queries.list_queries(db)} == {"open"}
    assert browse.subject_record(db, SUBJECT).results[0].value == 12.0
    queries.correct_value(db, day, "2026-12-01", "clinic log", TODAY)  # out of window now: M12 closes 28 Dec
    assert only(db, id=day)[0].state == "answered"


def test_edit_checks_raise_once_close_when_resolved_and_reraise_when_back(db, result_id):
    record_visit_done(db, SUBJECT, M9, "clinic", TODAY, code="M9")
    record_event(db, SUBJECT, NewEvent("death", TODAY, ""), TODAY)
    assert queries.refresh_edit_checks(db, TODAY) >= 1
    assert queries.refresh_edit_checks(db, TODAY) == 0  # once: a second run changes nothing
    automatic = only(db, check="death_without_cause")
    assert [(q.state, q.target, q.field, q.raised_by) for q in automatic] == [
        ("open", "clinical_event", "death_cause", "")
    ]
    # M9 was done without a safety screen, in clinic from Day 28 on
    assert [q.about for q in only(db, check="missing_safety_screen")] == [f"M9 {M9}"]
    as_user(db, "nina")
    queries.correct_value(db, automatic[0].id, "progressive disease", "cause from the death certificate", TODAY)
    (q,) = only(db, check="death_without_cause")
    assert (q.state, q.note) == ("closed", queries.RESOLVED)  # resolved by data change
    with db.session() as s:  # the cause removed again (outside the program's entry)
        event = s.scalar(select(m.ClinicalEvent).where(m.ClinicalEvent.kind == "death"))
        from ltfu.services import audit

        audit.update_record(s, None, "clinical_event", event, {"death_cause": None}, "test: cause removed")
    assert queries.refresh_edit_checks(db, TODAY) == 1
    (again,) = only(db, check="death_without_cause")
    assert (again.id, again.state, again.note) == (q.id, "open", queries.RERAISED)
    assert check(db).ok


def test_edit_checks_write_nothing_when_the_database_is_marked_damaged_while_they_read(db, result_id, monkeypatch):
    """The start-up integrity check marks the file damaged on another thread while the
    worklist's edit checks read: their write is skipped, not shown as a refused action."""
    record_event(db, SUBJECT, NewEvent("death", TODAY, ""), TODAY)
    pending = queries._pending

    def read_then_damaged(session):
        found = pending(session)
        db.mark_damaged("integrity check: row 12 missing from index ix_visit", "start-up check")
        return found

    monkeypatch.setattr(queries, "_pending", read_then_damaged)
    try:
        assert queries.refresh_edit_checks(db, TODAY) == 0
        assert only(db, check="death_without_cause") == []
    finally:
        db.clear_damage()


def test_a_query_the_monitor_closed_stays_closed_while_the_condition_holds(db, result_id):
    record_visit_done(db, SUBJECT, M9, "clinic", TODAY, code="M9")
    queries.refresh_edit_checks(db, TODAY)
    (screen,) = only(db, check="missing_safety_screen")
    as_user(db, "mona")
    queries.close_query(db, screen.id, "screen done on paper, filed")
    assert queries.refresh_edit_checks(db, TODAY) == 0
    assert only(db, id=screen.id)[0].state == "closed"


def test_edit_checks_follow_the_protocol_section(tmp_path):
    from ltfu.errors import ProtocolError
    from ltfu.schedule.protocol import load_bundled, parse_protocol

    text = load_bundled().source
    assert load_bundled().edit_checks == queries.CHECKS
    fewer = parse_protocol(text.replace('"missing_safety_screen", ', "").encode(), "p.toml")
    assert "missing_safety_screen" not in fewer.edit_checks
    with pytest.raises(ProtocolError, match="'typo' is not an edit check"):
        parse_protocol(text.replace('"missing_safety_screen"', '"typo"').encode(), "p.toml")
    without = "\n".join(line for line in text.splitlines() if not line.startswith(("[edit_checks]", "on = ")))
    assert parse_protocol(without.encode(), "p.toml").edit_checks == queries.CHECKS


def test_queries_are_exported_with_their_dictionary_archived_and_restored(db, result_id, tmp_path):
    from ltfu.services.archive import restore_archive, write_archive
    from ltfu.services.export import export_csv
    from ltfu.services.odm import export_odm

    as_user(db, "mona")
    query_id = queries.raise_query(db, SUBJECT, "result", result_id, "B cells: 12 or 120?", "value")
    as_user(db, "nina")
    queries.correct_value(db, query_id, "120", "transcription error", TODAY)
    as_user(db, "ada")
    export_csv(db, tmp_path / "export")
    with open(tmp_path / "export" / "queries.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["target_table"], r["field"], r["state"], r["answer"]) for r in rows] == [
        ("result", "value", "answered", "transcription error")
    ]
    dictionary = (tmp_path / "export" / "dictionary.csv").read_text(encoding="utf-8")
    assert "correction_entry" in dictionary and "(not yet described)" not in dictionary
    export_odm(db, tmp_path / "study.xml")
    xml = (tmp_path / "study.xml").read_text(encoding="utf-8")
    assert f'<Annotation SeqNum="1" ID="QRY.{query_id}">' in xml
    assert '<FlagValue CodeListOID="CL.QUERY_STATE">answered</FlagValue>' in xml
    write_archive(db, tmp_path / "study.zip")
    restored = restore_archive(tmp_path / "study.zip", str(tmp_path / "restored.sqlite3"))
    try:
        assert [q.to_dict() for q in queries.list_queries(restored)] == [q.to_dict() for q in queries.list_queries(db)]
        assert check(restored).ok
    finally:
        restored.dispose()


def test_the_worklist_shows_the_oldest_waiting_queries_and_counts_them_all(db, result_id, monkeypatch):
    """Thousands of automatic queries (an old cohort's first edit checks) must not make every
    worklist refresh read them all: the oldest few are shown, the count is of all."""
    as_user(db, "mona")
    raised = [
        queries.raise_query(db, SUBJECT, "result", result_id, f"Question {n} on the B cells?", "value") for n in range(5)
    ]
    monkeypatch.setattr(queries, "AWAITING_SHOWN", 3)
    queries._awaiting.cache_clear()
    try:
        as_user(db, "nina")
        waiting = worklist(db, TODAY)
        assert [q.id for q in waiting.queries] == raised[:3] and waiting.queries_waiting == 5
        assert worklist(db, TODAY, site="BJ01").queries_waiting == 5
        assert waiting.to_dict()["queries_waiting"] == 5
        visits_only = worklist(db, TODAY, alerts=False)  # the visit rows alone: no query read
        assert (visits_only.queries, visits_only.queries_waiting, visits_only.alerts) == ((), 0, ())
    finally:
        queries._awaiting.cache_clear()


def test_each_query_says_what_it_is_about_and_a_voided_subjects_queries_wait_for_no_one(db, result_id):
    """What a query is about, for every kind of target, read with the query itself; the
    worklist's count of waiting queries leaves out those of a subject voided since."""
    other = "CD1922-018"
    enrol(db, NewSubject(other, "BJ01", "DL1", INFUSION, given_name="A", family_name="B", phone="+86 2"), INFUSION)
    ae = record_adverse_event(db, SUBJECT, NewAdverseEvent("Fatigue", 2, D(2026, 1, 5)), TODAY)
    event = record_event(db, SUBJECT, NewEvent("relapse", D(2026, 6, 1)), TODAY)
    record_visit_done(db, SUBJECT, D(2026, 3, 3), "phone", TODAY, unscheduled=True)
    with db.session() as s:
        unscheduled = s.scalar(select(m.Visit.id).where(m.Visit.code.is_(None), m.Visit.actual_date == D(2026, 3, 3)))
    as_user(db, "mona")
    targets = [
        ("result", result_id, f"cd19_b_cells {M12}"),
        ("adverse_event", ae, "Fatigue 2026-01-05"),
        ("clinical_event", event, "relapse 2026-06-01"),
        ("visit", "M12", f"M12 {M12}"),
        ("visit", unscheduled, "unscheduled 2026-03-03"),
        ("subject", None, "DL2"),
    ]
    raised = {queries.raise_query(db, SUBJECT, target, ref, f"About {target}?"): about for target, ref, about in targets}
    theirs = queries.raise_query(db, other, "subject", None, "Dose level right?")
    assert {q.id: q.about for q in only(db)} == raised
    as_user(db, "nina")
    assert worklist(db, TODAY).queries_waiting == worklist(db, TODAY, site="BJ01").queries_waiting == len(raised) + 1
    as_user(db, "ada")
    with db.session() as s:
        voided = s.scalars(select(m.Subject).where(m.Subject.study_id == other)).one()
        audit.void_record(s, db.user_id(s, "edit"), voided, "enrolled in error")
    as_user(db, "nina")
    for waiting in (worklist(db, TODAY), worklist(db, TODAY, site="BJ01"), worklist(db, TODAY, study=DEFAULT_PROTOCOL_ID)):
        assert waiting.queries_waiting == len(raised) and theirs not in {q.id for q in waiting.queries}
