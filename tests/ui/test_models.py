"""Every table model passes Qt's model tester, with real rows from real databases."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ltfu.services import audit_view, browse, events, visits, worklist
from ltfu.services.database import open_database
from ltfu.ui import models
from ltfu.ui.models import ROW_ROLE, SORT_ROLE

from .conftest import DEMO_TODAY


def test_every_model_passes_the_model_tester(qtmodeltester, demo_path):
    with open_database(str(demo_path)) as db:
        work = worklist.worklist(db, DEMO_TODAY, 30)
        subjects = browse.subject_rows(db, DEMO_TODAY)
        schedule = visits.subject_schedule(db, "CD1922-017", DEMO_TODAY)
        record = browse.subject_record(db, "CD1922-017")
        contacts = events.contact_attempts(db, "CD1922-005")
        audit = audit_view.audit_trail(db, limit=200, newest_first=True)
    assert work.rows and subjects and record.results and record.history and contacts and audit
    cases = [
        (models.WorklistModel(), work.rows),
        (models.SubjectsModel(), subjects),
        (models.VisitsModel(), schedule.visits + schedule.unscheduled),
        (models.ResultsModel(), record.results),
        (models.EventsModel(), record.events),
        (models.AdverseEventsModel(), record.adverse_events),
        (models.ContactsModel(), contacts),
        (models.HistoryModel(), record.history),
        (models.AuditModel(), audit),
        (models.ProblemsModel(), [models.Problem(3, "date '2024-02-30' is not a calendar date")]),
    ]
    for model, rows in cases:
        qtmodeltester.check(model)  # empty
        model.set_rows(rows)
        qtmodeltester.check(model)
        assert model.rowCount() == len(rows)
        index = model.index(0, 0)
        assert model.data(index, ROW_ROLE) is not None and model.data(index, SORT_ROLE) is not None
        for column in range(model.columnCount()):
            model.sort(column, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)

    preview = models.CsvPreviewModel()
    qtmodeltester.check(preview)
    preview.set_content(["subject_id", "site"], [(2, ["CD1922-101", "BJ01"]), (3, ["CD1922-102"])])
    qtmodeltester.check(preview)


def test_the_report_and_account_models_pass_the_model_tester(qtmodeltester, accounts_path):
    import datetime as dt

    from ltfu.services import letters

    with open_database(str(accounts_path)) as db:
        db.sign_in("ada", "admin-password-1")
        run = letters.make_letters(db, dt.date(2026, 12, 1), dt.date(2026, 12, 31), DEMO_TODAY)
        letters.mark_returned(db, letters.letter_log(db)[0].letter_id, DEMO_TODAY, DEMO_TODAY)
        log = letters.letter_log(db)
        accounts = browse.user_list(db)
    assert run.skipped and log and accounts
    for model, rows in (
        (models.LettersLogModel(), log),
        (models.SkippedModel(), run.skipped),
        (models.UsersModel(), accounts),
    ):
        qtmodeltester.check(model)
        model.set_rows(rows)
        qtmodeltester.check(model)
        for column in range(model.columnCount()):
            model.sort(column, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)
    returned = models.LettersLogModel()
    returned.set_rows(log)
    assert any(returned.text(r, 6) == f"returned {DEMO_TODAY}" for r in range(returned.rowCount()))


def test_the_self_filtering_subject_model_passes_the_model_tester(qtmodeltester, demo_path):
    with open_database(str(demo_path)) as db:
        subjects = browse.subject_rows(db, DEMO_TODAY)
    model = models.SubjectsModel()
    model.set_rows(subjects)
    qtmodeltester.check(model)
    model.set_filter("01", site="BJ01")
    assert 0 < model.rowCount() < len(subjects) == model.total
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert all("01" in s for s in shown)
    levels = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert levels == sorted(levels, reverse=True)
    model.set_filter("", site=None)
    assert model.rowCount() == len(subjects)  # the filter hid rows, sorting kept them all


def test_sorting_keeps_empty_values_last_both_ways(demo_path):
    with open_database(str(demo_path)) as db:
        subjects = browse.subject_rows(db, DEMO_TODAY)
    model = models.SubjectsModel()
    model.set_rows(subjects)
    column = 6  # next visit: none for the dead
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(column, order)
        texts = [model.text(r, column) for r in range(model.rowCount())]
        first_empty = texts.index("—")
        assert all(t == "—" for t in texts[first_empty:])


def test_the_safety_case_models_pass_the_model_tester(qtmodeltester, demo_path):
    import datetime as dt

    from ltfu.services import safety
    from ltfu.services.records import NewAdverseEvent, record_adverse_event

    with open_database(str(demo_path)) as db:
        study_id = worklist.worklist(db, DEMO_TODAY, 7).rows[0].study_id
        event = NewAdverseEvent("T-cell lymphoma", 3, DEMO_TODAY - dt.timedelta(days=4), serious=True)
        record_adverse_event(db, study_id, event, DEMO_TODAY)
        lymphoma = NewAdverseEvent("T-cell lymphoma", 3, DEMO_TODAY, special_interest="t_cell_malignancy")
        record_adverse_event(db, study_id, lymphoma, DEMO_TODAY)
        cases = safety.open_cases(db, DEMO_TODAY)
        log = safety.reports_log(db, DEMO_TODAY)
    assert cases and len(log) >= 3
    for model, rows in (
        (models.CasesModel(), cases),
        (models.StepsModel(), cases[0].steps),
        (models.ClocksModel(), log),
    ):
        qtmodeltester.check(model)
        model.set_rows(rows)
        qtmodeltester.check(model)
        for column in range(model.columnCount()):
            model.sort(column, Qt.SortOrder.DescendingOrder)
            model.sort(column, Qt.SortOrder.AscendingOrder)
        qtmodeltester.check(model)
    texts = [models.ClocksModel().columns[0].text(k) for k in log]
    assert any(t.startswith("due (") or t.startswith("open (") for t in texts)
