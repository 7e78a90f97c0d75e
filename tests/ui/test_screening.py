"""The safety screen in the window: asked in the visit dialog from Day 28 with no answer
chosen beforehand, a "yes" of special interest opening the adverse-event entry with its
category; a returned questionnaire entered in its own dialog; the chart's screens tab."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from ltfu.services import screens
from ltfu.services.audit_view import audit_trail
from ltfu.services.database import open_database
from ltfu.services.maintenance import check
from ltfu.ui.entry_dialogs import AdverseEventDialog
from ltfu.ui.screening import CorrectScreenDialog, QuestionnaireDialog

from .conftest import SCENE_TODAY, WAIT_MS, answer_screen, open_chart, screenshot


def test_a_day_90_visit_asks_the_screen_and_a_yes_opens_the_adverse_event_entry(qtbot, scene_window, scene_path):
    # CD1922-018 (infused 2025-12-29) has done nothing since D28: record its M3 (Day 91).
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    dialog = chart.record_visit()
    dialog.visit.setCurrentIndex(dialog.visit.findData("M3"))
    dialog.date.setDate(QDate(2026, 3, 30))
    assert dialog.screen_box.isVisibleTo(dialog)
    assert all(group.checkedButton() is None for group in dialog.screen_box.groups.values())  # no default
    assert not dialog.ok.isEnabled()
    assert "7 left" in dialog.hint.text()
    answer_screen(dialog.screen_box, serious_infection="yes", hospitalisation="yes")
    assert dialog.ok.isEnabled(), dialog.problem.text()
    screenshot(dialog, "visit-dialog-screen.png")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(chart.dialog, AdverseEventDialog), timeout=WAIT_MS)
    ae = chart.dialog
    assert ae.special.currentData() == "serious_infection"
    assert ae.onset.date() == QDate(2026, 3, 30)
    assert "answered yes: serious infection" in ae.screen_note.text()
    ae.reject()  # the nurse may cancel: no second dialog (hospitalisation is no AE category)
    qtbot.wait(50)
    assert chart.dialog is ae
    with open_database(str(scene_path)) as db:
        (screen,) = screens.subject_screens(db, "CD1922-018")
    assert screen.visit_code == "M3" and screen.answers["serious_infection"] == "yes"
    assert screen.answers["new_malignancy"] == "no" and screen.source == "visit"
    chart.tabs.setCurrentWidget(chart.screens_table)
    assert chart.screens_model.rowCount() == 1


def test_two_yes_answers_open_two_adverse_event_entries_one_after_the_other(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    dialog = chart.record_visit()
    dialog.visit.setCurrentIndex(dialog.visit.findData("M3"))
    dialog.date.setDate(QDate(2026, 3, 30))
    answer_screen(dialog.screen_box, new_malignancy="yes", neurologic="yes")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(chart.dialog, AdverseEventDialog), timeout=WAIT_MS)
    first = chart.dialog
    assert first.special.currentData() == "new_malignancy"
    first.reject()
    qtbot.waitUntil(lambda: chart.dialog is not first, timeout=WAIT_MS)
    assert chart.dialog.special.currentData() == "neurologic"
    chart.dialog.reject()


def test_a_visit_before_day_28_or_from_records_asks_no_screen(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    dialog = chart.record_visit()
    dialog.visit.setCurrentIndex(dialog.visit.findData("M3"))
    dialog.mode.setCurrentIndex(dialog.mode.findData("records"))
    assert not dialog.screen_box.isVisibleTo(dialog) and dialog.ok.isEnabled()
    dialog.visit.setCurrentIndex(dialog.visit.findData(dialog.UNSCHEDULED))
    dialog.mode.setCurrentIndex(dialog.mode.findData("clinic"))
    assert not dialog.screen_box.isVisibleTo(dialog)
    dialog.reject()


def test_returned_questionnaire_answers_complete_the_visit_as_a_questionnaire(qtbot, scene_window, scene_path):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    chart.select_visit("M12")
    assert chart.questionnaire_button.isEnabled()
    dialog = chart.enter_questionnaire()
    assert isinstance(dialog, QuestionnaireDialog)
    dialog.returned.setDate(QDate(2026, 11, 25))
    answer_screen(dialog.screen_box, address_changed="yes")
    assert "update the contact details" in dialog.hint.text()
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "update the contact details" in chart.message.text()
    m12 = next(v for v in chart.visits_model.rows if v.code == "M12")
    assert (m12.status, m12.actual_mode, m12.actual_date) == ("completed", "questionnaire", dt.date(2026, 11, 25))
    with open_database(str(scene_path)) as db:
        (screen,) = [s for s in screens.subject_screens(db, "CD1922-017") if s.visit_code == "M12"]
    assert (
        screen.source == "questionnaire"
        and screen.all_no
        and dict(screen.extras) == {"new_doctor": "no", "address_changed": "yes"}
    )
    assert SCENE_TODAY >= screen.contact_date


def test_a_stored_screen_is_corrected_then_voided_from_the_screens_tab_with_a_reason(
    qtbot, scene_window, scene_path, monkeypatch
):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    chart.select_visit("M12")
    dialog = chart.enter_questionnaire()
    answer_screen(dialog.screen_box)
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    row = next(i for i, s in enumerate(chart.screens_model.rows) if s.visit_code == "M12")
    chart.tabs.setCurrentIndex(chart.tabs.indexOf(chart.screens_table.parentWidget()))
    chart.screens_table.selectRow(row)
    assert chart.correct_screen_button.isEnabled() and chart.void_screen_button.isEnabled()

    dialog = chart.correct_screen()
    assert isinstance(dialog, CorrectScreenDialog)
    assert dialog.screen_box.answer("serious_infection") == "no"  # the answers as stored
    assert not dialog.ok.isEnabled() and dialog.problem.text() == "Give a reason: it is kept in the history."
    dialog.reason.setPlainText("the form was misread")
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Change at least one answer."
    dialog.screen_box.choose("serious_infection", "unknown")
    assert dialog.ok.isEnabled()
    screenshot(dialog, "screen-correction.png")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert chart.message.text() == "Safety screen corrected."
    with open_database(str(scene_path)) as db:
        (screen,) = [s for s in screens.subject_screens(db, "CD1922-017") if s.visit_code == "M12"]
        assert screen.answers["serious_infection"] == "unknown" and not screen.all_no
        trail = [
            (r.action, r.field, r.reason) for r in audit_trail(db, "CD1922-017") if r.table_name == "safety_screen"
        ]
    assert ("update", "serious_infection", "the form was misread") in trail

    row = next(i for i, s in enumerate(chart.screens_model.rows) if s.visit_code == "M12")
    chart.screens_table.selectRow(row)
    dialog = chart.void_screen()
    assert not dialog.ok.isEnabled()
    dialog.reason.setPlainText("entered against the wrong visit")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert chart.message.text() == "Safety screen of M12 voided."
    assert "M12" not in [s.visit_code for s in chart.screens_model.rows]
    assert chart.tabs.currentIndex() == chart.tabs.indexOf(chart.screens_table.parentWidget())  # still there
    screenshot(chart, "chart-screens-tab.png")
    with open_database(str(scene_path)) as db:
        assert check(db).ok

    # Without the right to change saved data, the buttons are not there.
    monkeypatch.setattr(chart.desk, "may", lambda *rights: "edit" not in rights)
    chart._set_actions_enabled(True)
    assert chart.void_screen_button.isHidden() and chart.correct_screen() is None
