"""USERS.md scene 13 in the window: a T-cell lymphoma in year 4, its case, clocks and log.

On SQLite and on PostgreSQL: the nurse records the lymphoma through the chart's
adverse-event dialog (aware today); the worklist shows a blocking alert; the case
lists its steps with due dates; two days on the sponsor's clock is overdue (red) until
the report is recorded as sent; the Safety page's log says late or on time; the case
closes only when no step is open. Screenshots go to LTFU_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from ltfu.ui import look
from ltfu.ui.cases import CaseView, ReportSentDialog, StepDialog, StepPlanDialog
from ltfu.ui.main_window import PAGES

from .conftest import NURSE, PI, WAIT_MS, open_chart, open_for_sign_in, open_window, screenshot, sign_in

X = dt.date(2026, 12, 1)  # the day the daughter phones
SUBJECT = "CD1922-031"
INFUSED = dt.date(2023, 2, 1)  # day 1399 on X: year 4


# The subject's archived RCL samples (years 1-3), in the freezer: the case lists them to retrieve.
ARCHIVED = ((dt.date(2024, 2, 5), "A1"), (dt.date(2025, 2, 3), "A2"), (dt.date(2026, 2, 2), "A3"))


def _enrol(url: str) -> None:
    from ltfu.services.database import open_database
    from ltfu.services.samples import NewSample, StoragePlace, record_sample
    from ltfu.services.subjects import NewSubject, enrol

    with open_database(url) as db:
        enrol(db, NewSubject(SUBJECT, "BJ01", "DL2", INFUSED), today=INFUSED)
        for drawn, position in ARCHIVED:
            place = StoragePlace("F-80-2", "R3", "B7", position)
            record_sample(db, SUBJECT, NewSample("rcl_archive", drawn, place, aliquots=2), today=drawn)


@pytest.fixture(params=["sqlite", "postgresql"])
def scene13_url(request, tmp_path) -> str:
    url = str(tmp_path / "scene13.sqlite3") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    _enrol(url)
    return url


def _window(qtbot, url: str, today: dt.date):
    window = open_window(qtbot, url, today)
    window.resize(1366, 768)
    return window


def _alert_lines(window) -> list[str]:
    return [line.text() for line in window.worklist_page.alerts.labels]


def _open_alert(qtbot, window, kind: str) -> CaseView:
    page = window.worklist_page
    alert = next(a for a in page.worklist.alerts if a.kind == kind)
    with qtbot.waitSignal(page.opened, timeout=WAIT_MS) as opened:
        page.alerts.open_case.emit(alert)
    view = opened.args[0]
    assert isinstance(view, CaseView)
    qtbot.waitUntil(lambda: view.case is not None, timeout=WAIT_MS)
    return view


def _submit(qtbot, view: CaseView, dialog) -> None:
    assert dialog.ok.isEnabled(), dialog.problem.text() or dialog.hint.text()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def _steps(view: CaseView) -> dict[str, tuple[str, dt.date | None]]:
    return {s.code: (s.state, s.due_date) for s in view.case.steps}


def test_scene_13_a_t_cell_lymphoma_in_year_4(qtbot, scene13_url):
    # Day X: the nurse records the lymphoma the daughter reported, aware today.
    window = _window(qtbot, scene13_url, X)
    chart = open_chart(qtbot, window, SUBJECT)
    assert "(year 4)" in chart.facts.text()
    dialog = chart.record_adverse_event()
    qtbot.keyClicks(dialog.term, "T-cell lymphoma")
    dialog.grade.setValue(3)
    dialog.onset.setDate(QDate(2026, 11, 20))
    assert dialog.aware.date() == QDate(2026, 12, 1)
    dialog.serious.setChecked(True)
    dialog.special.setCurrentIndex(dialog.special.findData("t_cell_malignancy"))
    with qtbot.waitSignals([chart.loaded, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    # The chart shows the open case in a badge and in its Safety cases tab.
    assert "Safety case open: T-cell malignancy" in chart.case_badge.text()
    assert [(c.kind, c.state) for c in chart.cases_model.rows] == [("malignancy", "open")]

    # A blocking alert for everyone, on top; the sponsor's report due tomorrow below it.
    lines = _alert_lines(window)
    assert "BLOCKING SAFETY ALERT: Malignancy case" in lines[0] and SUBJECT in lines[0]
    assert "T-cell malignancy known on 2026-12-01" in lines[0]
    due = next(t for t in lines if "Safety report due" in t)
    assert "Report to the sponsor is due on 2026-12-02." in due and "BLOCKING" not in due
    screenshot(window, "scene13-1-worklist.png")

    # The case: steps with due dates from the day the site knew.
    view = _open_alert(qtbot, window, "malignancy")
    assert "T-cell malignancy" in view.title.text() and "2026-12-01" in view.facts.text()
    steps = _steps(view)
    assert steps["sponsor"] == ("open", dt.date(2026, 12, 2))
    assert steps["tissue_blood"] == ("open", dt.date(2026, 12, 15))
    assert steps["transgene_test"] == ("open", None)
    assert steps["ethics"] == ("open", dt.date(2026, 12, 8))
    assert steps["regulator"][0] == "not_applicable"  # the sponsor reports to the regulator
    assert {(k.recipient, k.due_date, k.state) for k in view.case.clocks} == {
        ("sponsor", dt.date(2026, 12, 2), "due"),
        ("ethics_committee", dt.date(2026, 12, 8), "open"),
    }
    shown = [view.steps_model.text(r, 0) for r in range(view.steps_model.rowCount())]
    assert shown[0] == "notify the sponsor" and "collect tumour tissue and blood" in shown
    # The three archived RCL samples to retrieve, most recent first, with their freezer positions.
    samples = view.samples_model
    assert samples.rowCount() == 3
    places = [samples.text(r, 4) for r in range(3)]
    assert places == ["F-80-2 / rack R3 / box B7 / A3", "F-80-2 / rack R3 / box B7 / A2", "F-80-2 / rack R3 / box B7 / A1"]
    screenshot(view, "scene13-2-case.png")
    view.close()
    window.close()

    # Two days on, nobody has sent it: the sponsor's clock is overdue, blocking, in red.
    window = _window(qtbot, scene13_url, X + dt.timedelta(days=2))
    overdue = next(a for a in window.worklist_page.worklist.alerts if a.kind == "report_due")
    assert overdue.blocking and overdue.overdue
    line = next(w for w in window.worklist_page.alerts.labels if "Safety report due" in w.text())
    assert "BLOCKING SAFETY ALERT" in line.text()
    assert "Report to the sponsor was due on 2026-12-02 (1 day overdue): record it as sent." in line.text()
    assert look.mark_colour(look.ALERT_COLOUR).name() in line.styleSheet()
    screenshot(window, "scene13-3-overdue.png")

    # The alert opens the case; the sponsor step is done by recording its report as sent.
    view = _open_alert(qtbot, window, "report_due")
    sponsor_clock = next(k for k in view.clocks_model.rows if k.recipient == "sponsor")
    assert view.clocks_model.data(view.clocks_model.index(0, 0)).startswith("overdue")
    view.select_step("sponsor")
    assert not view.done_button.isEnabled()  # a report step: done by recording the report
    view.select_clock("sponsor")
    sent = view.report_sent()
    assert isinstance(sent, ReportSentDialog) and not sent.ok.isEnabled()
    assert sent.hint.text() == "Give who the report was sent to."
    qtbot.keyClicks(sent.sent_to, "Sponsor pharmacovigilance desk")
    assert sent.hint.text() == "Give the report's reference." and not sent.ok.isEnabled()
    qtbot.keyClicks(sent.reference, "SAE-2026-0042")
    assert "sent late" in sent.hint.text()
    _submit(qtbot, view, sent)
    assert "recorded as sent on 2026-12-03: sent late" in view.message.text()
    clock = next(k for k in view.case.clocks if k.id == sponsor_clock.id)
    assert (clock.state, clock.reference) == ("sent_late", "SAE-2026-0042")
    assert _steps(view)["sponsor"][0] == "done"

    # The case cannot close while steps are open: the service names them.
    closing = view.close_case()
    qtbot.mouseClick(closing.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closing.problem.isVisible(), timeout=WAIT_MS)
    assert (
        "step(s) still open: collect tumour tissue and blood, test the tumour for the CAR transgene, "
        "integration-site analysis and clonality, RCL testing of archived samples, report to the ethics committee"
    ) in closing.problem.text()  # the steps' words, not their codes
    closing.reject()

    # The safety-reports log: the sponsor's report late, the ethics committee's open.
    page = window.safety_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.nav.setCurrentRow(PAGES.index("Safety"))
        page.refresh()
    log = {(k.recipient, k.state) for k in page.reports_model.rows}
    assert log == {("sponsor", "sent_late"), ("ethics_committee", "open")}
    texts = [page.reports_model.text(r, 0) for r in range(page.reports_model.rowCount())]
    assert "sent late" in texts
    page.show_which.setCurrentIndex(page.show_which.findData("open"))
    assert [k.recipient for k in page.reports_model.rows] == ["ethics_committee"]
    # The ethics committee is told in time, from the log.
    page.reports_table.selectRow(0)
    ethics = page.report_sent()
    qtbot.keyClicks(ethics.sent_to, "Hospital ethics committee")
    qtbot.keyClicks(ethics.reference, "EC-2026-117")
    assert "on time" in ethics.hint.text()
    with qtbot.waitSignals([page.loaded, view.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(ethics.ok, Qt.MouseButton.LeftButton)
    assert page.reports_model.rowCount() == 0  # nothing open
    page.show_which.setCurrentIndex(page.show_which.findData("all"))
    assert {(k.recipient, k.state) for k in page.reports_model.rows} == {
        ("sponsor", "sent_late"),
        ("ethics_committee", "sent_on_time"),
    }
    assert page.counts.text() == "2 reports · 0 not sent · 1 late"
    screenshot(window, "scene13-4-log.png")

    # Tissue and blood collected; the tumour is negative for the transgene, so the
    # integration-site analysis is not applicable; archived RCL testing: not applicable.
    view.select_step("tissue_blood")
    done = view.mark_step("done")
    assert isinstance(done, StepDialog)
    qtbot.keyClicks(done.note, "tissue block and 2 EDTA tubes to the sponsor's lab")
    _submit(qtbot, view, done)
    view.select_step("transgene_test")
    test = view.mark_step("done")
    assert not test.ok.isEnabled() and test.hint.text() == "Choose what the test found."
    test.outcome.setCurrentIndex(test.outcome.findData("negative"))
    _submit(qtbot, view, test)
    assert _steps(view)["integration_site"][0] == "not_applicable"
    view.select_step("archived_rcl")
    na = view.mark_step("not_applicable")
    assert not na.ok.isEnabled()
    assert na.hint.text() == "Give the reason it is not applicable: it is kept in the history."
    qtbot.keyClicks(na.note, "the tumour is negative for the vector")
    _submit(qtbot, view, na)
    assert not view.case.open_steps
    screenshot(view, "scene13-5-steps.png")

    # Now it closes; the blocking alert goes from the worklist.
    closing = view.close_case()
    with qtbot.waitSignals([view.loaded, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(closing.ok, Qt.MouseButton.LeftButton)
    assert view.case.state == "closed" and view.message.text() == f"Case {view.case.id} closed."
    assert not view.close_case_button.isEnabled()
    # A refresh already running when the case closed reports first; the one asked by the close follows.
    qtbot.waitUntil(
        lambda: not any(a.kind in ("malignancy", "report_due") for a in window.worklist_page.worklist.alerts),
        timeout=WAIT_MS,
    )
    view.close()
    window.close()


def test_the_next_morning_the_sponsor_report_is_due_today(qtbot, tmp_path):
    url = str(tmp_path / "morning.sqlite3")
    _enrol(url)
    from ltfu.services.database import open_database
    from ltfu.services.records import NewAdverseEvent, record_adverse_event

    with open_database(url) as db:
        event = NewAdverseEvent("T-cell lymphoma", 3, X, serious=True, special_interest="t_cell_malignancy")
        record_adverse_event(db, SUBJECT, event, X)
    window = _window(qtbot, url, X + dt.timedelta(days=1))
    line = next(w.text() for w in window.worklist_page.alerts.labels if "Safety report due" in w.text())
    assert "Report to the sponsor is due on 2026-12-02." in line
    window.close()


def test_a_nurse_sees_the_case_but_cannot_work_it(qtbot, accounts_path):
    from ltfu.services.database import open_database
    from ltfu.services.records import NewAdverseEvent, record_adverse_event
    from ltfu.services.worklist import worklist

    today = dt.date(2026, 11, 29)
    with open_database(str(accounts_path)) as db:
        db.sign_in(PI[0], PI[3])
        study_id = worklist(db, today, 7).rows[0].study_id  # someone followed now
        event = NewAdverseEvent("Secondary AML", 4, today, serious=True, special_interest="new_malignancy")
        record_adverse_event(db, study_id, event, today)
    window = open_for_sign_in(qtbot, accounts_path, today)
    sign_in(qtbot, window, NURSE)
    assert any("BLOCKING SAFETY ALERT: Malignancy case" in t for t in _alert_lines(window))
    view = _open_alert(qtbot, window, "malignancy")
    assert view.steps_model.rowCount() == 7
    for button in (view.done_button, view.na_button, view.sent_button, view.close_case_button):
        assert not button.isVisibleTo(view)
    view.select_step("tissue_blood")
    assert view.mark_step("done") is None
    view.close()
    with qtbot.waitSignal(window.safety_page.loaded, timeout=WAIT_MS):
        window.safety_page.refresh()
    assert window.safety_page.cases_model.rowCount() == 1
    assert not window.safety_page.sent_button.isVisibleTo(window.safety_page)
    window.close()


def test_a_report_without_a_case_is_recorded_as_sent_from_its_alert(qtbot, demo_window):
    """The demo's serious adverse event known yesterday: its sponsor report is due today.
    A double click on the alert's line asks for the report; once sent the alert goes."""
    page = demo_window.worklist_page
    line = next(w for w in page.alerts.labels if "Safety report due" in w.text())
    assert "Open the case…" in line.text()
    with qtbot.waitSignal(page.opened, timeout=WAIT_MS) as opened:
        qtbot.mouseDClick(line, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, ReportSentDialog) and dialog.clock.case_id is None
    assert dialog.hint.text() == "Give who the report was sent to."
    qtbot.keyClicks(dialog.sent_to, "Sponsor safety desk")
    qtbot.keyClicks(dialog.reference, "SAE-0001")
    assert dialog.hint.text() == "Sent by its due date: it will show as sent on time."
    with qtbot.waitSignals([page.loaded, demo_window.safety_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not any(a.kind == "report_due" for a in page.worklist.alerts)
    log = demo_window.safety_page.reports_model.rows
    assert [(k.reference, k.state) for k in log if k.id == dialog.clock.id] == [("SAE-0001", "sent_on_time")]


def _rcl_positive(qtbot, window):
    """CD1922-017's RCL test today is positive, entered in the chart: its blocking badge, its
    case, and every later RCL sample of the plan tested, not archived (DOMAIN.md 7)."""
    from ltfu.ui.entry_dialogs import ResultDialog

    chart = open_chart(qtbot, window, "CD1922-017")
    dialog = chart.record_result("rcl")
    assert isinstance(dialog, ResultDialog)
    dialog.category.setCurrentIndex(dialog.category.findData("positive"))
    with qtbot.waitSignals([chart.loaded, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert [c.kind for c in chart.cases_model.rows] == ["rcl_positive"]
    assert "RCL positive: blocking" in chart.rcl_badge.text()
    later = [v for v in chart.visits_model.rows if v.nominal_date > dt.date(2026, 12, 28)]
    samples = [a for v in later for a in v.assessments if a.startswith("R-")]
    assert len(samples) >= 10 and set(samples) == {"R-T"}
    return _open_alert(qtbot, window, "rcl_positive")


def test_an_rcl_positive_opens_its_case_from_the_alert(qtbot, scene_window):
    view = _rcl_positive(qtbot, scene_window)
    assert [s.code for s in view.case.open_steps][:2] == ["rcl_confirm", "sponsor"]
    view.select_step("rcl_confirm")
    confirm = view.mark_step("done")
    assert not confirm.ok.isEnabled() and confirm.hint.text() == "Choose what the test found."
    confirm.outcome.setCurrentIndex(confirm.outcome.findData("negative"))
    _submit(qtbot, view, confirm)
    steps = _steps(view)
    assert steps["rcl_confirm"][0] == "done" and steps["regulator"][0] == "not_applicable"
    assert "done (negative)" in [view.steps_model.text(r, 3) for r in range(view.steps_model.rowCount())]
    # A step that is done is not marked again; the case cannot be closed yet.
    assert not view.done_button.isEnabled()
    closing = view.close_case()
    qtbot.mouseClick(closing.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closing.problem.isVisible(), timeout=WAIT_MS)
    assert (
        "still open: notify the sponsor, test all later yearly samples, report to the ethics committee"
    ) in closing.problem.text()
    assert closing.isVisible()  # the dialog stays, with the service's reason
    closing.reject()
    view.close()


def test_a_step_gets_another_owner_and_due_date_and_is_reopened_with_a_reason(qtbot, scene_window, scene_path):
    from ltfu.services.audit_view import audit_trail
    from ltfu.services.database import open_database

    view = _rcl_positive(qtbot, scene_window)
    aware = view.case.awareness_date

    view.select_step("later_samples_tested")
    assert view.plan_button.isEnabled() and not view.reopen_button.isEnabled()
    plan = view.plan_step()
    assert isinstance(plan, StepPlanDialog)
    assert not plan.ok.isEnabled() and plan.hint.text() == "Change the owner or the due date."
    plan.owner.setCurrentIndex(plan.owner.findData("nurse"))
    plan.due.setChecked(True)
    plan.date.setDate(QDate(aware.year, aware.month, aware.day).addDays(-1))
    assert "is before the site knew" in plan.problem.text()
    plan.date.setDate(QDate(2026, 12, 20))
    screenshot(plan, "case-step-owner-due.png")
    _submit(qtbot, view, plan)
    step = next(s for s in view.case.steps if s.code == "later_samples_tested")
    assert (step.owner, step.due_date, step.state) == ("nurse", dt.date(2026, 12, 20), "open")
    assert "owner or due date changed" in view.message.text()
    # A user name is an owner too; one nobody holds is refused by the service, the dialog stays.
    view.select_step("later_samples_tested")
    plan = view.plan_step()
    plan.owner.setEditText("nobody-here")
    qtbot.mouseClick(plan.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plan.problem.isVisible(), timeout=WAIT_MS)
    assert "owner 'nobody-here' is neither a role" in plan.problem.text()
    plan.reject()

    view.select_step("later_samples_tested")
    na = view.mark_step("not_applicable")
    na.note.setPlainText("no later sample is planned")
    _submit(qtbot, view, na)
    view.select_step("later_samples_tested")
    assert view.reopen_button.isEnabled() and not view.plan_button.isEnabled()
    reopen = view.mark_step("open")
    assert isinstance(reopen, StepDialog) and not reopen.ok.isEnabled()
    assert reopen.hint.text() == "Give the reason for reopening it: it is kept in the history."
    reopen.note.setPlainText("the M24 sample is planned after all")
    _submit(qtbot, view, reopen)
    screenshot(view, "case-step-reopened.png")
    assert _steps(view)["later_samples_tested"] == ("open", dt.date(2026, 12, 20))
    assert view.message.text().startswith("Step reopened:")
    with open_database(str(scene_path)) as db:
        trail = [(r.field, r.new_value, r.reason) for r in audit_trail(db, "CD1922-017") if r.table_name == "case_step"]
    assert ("owner", "nurse", None) in trail
    assert ("state", "open", "the M24 sample is planned after all") in trail
    view.close()
