"""The subject chart: the nurse's actions through their dialogs, and what follows from them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QLogValueAxis
from PySide6.QtCore import QDate, Qt

from ltfu.services import visits
from ltfu.services.database import open_database
from ltfu.ui.dialogs import ContactDialog, EventDialog, ReasonDialog, RecordVisitDialog

from .conftest import SCENE_TODAY, WAIT_MS, answer_screen, open_chart, open_window, screenshot, wait_idle


def worklist_codes(window, study_id: str) -> set[str]:
    return {r.code for r in window.worklist_page.model.rows if r.study_id == study_id}


def submit(qtbot, window, chart, dialog) -> None:
    """Press the dialog's OK and wait until the chart and the worklist have read again."""
    assert dialog.ok.isEnabled(), dialog.problem.text()
    with qtbot.waitSignals([chart.loaded, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def select(qtbot, chart, code: str) -> None:
    chart.select_visit(code)
    assert chart.selected_visit().code == code


def test_recording_a_visit_through_the_dialog_takes_it_off_the_worklist(qtbot, scene_window):
    assert "M12" in worklist_codes(scene_window, "CD1922-017")
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    assert "M12" in chart.next_badge.text() and "Due" in chart.next_badge.text()
    dialog = chart.record_visit()
    assert isinstance(dialog, RecordVisitDialog) and dialog.isVisible()
    assert "This completes M12 (window 2026-11-14 – 2026-12-28)" in dialog.hint.text()
    assert dialog.mode.currentData() == "clinic"
    answer_screen(dialog.screen_box)
    submit(qtbot, scene_window, chart, dialog)
    assert "M12" not in worklist_codes(scene_window, "CD1922-017")
    m12 = next(v for v in chart.visits_model.rows if v.code == "M12")
    assert (m12.status, m12.actual_date) == ("completed", SCENE_TODAY)
    assert chart.message.text() == "M12 recorded as done on 2026-12-01. Safety screen saved."


def test_the_visit_dialog_checks_the_date_as_it_is_typed(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_visit()
    dialog.date.setDate(QDate(2026, 12, 5))
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text() == "The date 2026-12-05 is in the future (today is 2026-12-01)."
    dialog.date.setDate(QDate(2025, 11, 1))
    assert "before the infusion on 2025-11-28" in dialog.problem.text()
    dialog.date.setDate(QDate(2026, 11, 20))
    assert not dialog.ok.isEnabled() and dialog.problem.isHidden()  # M12 asks the safety screen
    assert "safety screen (7 left" in dialog.hint.text()
    answer_screen(dialog.screen_box)
    assert dialog.ok.isEnabled()
    dialog.visit.setCurrentIndex(dialog.visit.findData(dialog.UNSCHEDULED))
    assert "unscheduled visit" in dialog.hint.text()
    dialog.reject()


def test_a_refusal_from_the_service_is_explained_in_the_dialog_which_stays_open(qtbot, scene_window, scene_path):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_visit()
    dialog.visit.setCurrentIndex(dialog.visit.findData("M12"))
    answer_screen(dialog.screen_box)
    # Meanwhile a colleague records M12 at another workstation.
    with open_database(str(scene_path)) as other:
        visits.record_visit_done(other, "CD1922-017", dt.date(2026, 11, 30), "clinic", SCENE_TODAY, code="M12")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=WAIT_MS)
    assert "already recorded as done on 2026-11-30" in dialog.problem.text()
    assert dialog.isVisible()
    dialog.reject()


def test_a_death_recorded_in_the_chart_cancels_every_later_visit(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_event()
    assert isinstance(dialog, EventDialog)
    dialog.set_kind("death")
    assert not dialog.ok.isEnabled() and "cause of death" in dialog.problem.text()
    assert "Every later visit will be cancelled" in dialog.hint.text()
    dialog.date.setDate(QDate(2026, 11, 30))
    qtbot.keyClicks(dialog.cause, "sepsis")
    submit(qtbot, scene_window, chart, dialog)
    later = [v for v in chart.visits_model.rows if v.code and v.window_end >= dt.date(2026, 11, 30)]
    assert later and all((v.status, v.cause) == ("cancelled", "death") for v in later)
    assert chart.status_badge.text() == "Deceased"
    assert worklist_codes(scene_window, "CD1922-017") == set()
    events = [
        chart.events_model.text(r, 1) + " " + chart.events_model.text(r, 2)
        for r in range(chart.events_model.rowCount())
    ]
    assert "death sepsis" in events
    assert not chart.lost_button.isEnabled()
    # The history shows the death's cancellations as one row, not one row per visit.
    history = chart.history_model
    cancelled = [r for r in range(history.rowCount()) if "(death)" in history.text(r, 3)]
    assert len(cancelled) == 1, [history.text(r, 2) for r in cancelled]
    (row,) = cancelled
    assert history.text(row, 2) == f"{len(later)} visits: {later[0].code} … {later[-1].code}"
    tip = history.data(history.index(row, 2), Qt.ItemDataRole.ToolTipRole)
    assert tip == ", ".join(v.code for v in later)


def test_a_relapse_records_its_antigen_status(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_event("relapse")
    dialog.cd19.setCurrentIndex(dialog.cd19.findData("negative"))
    dialog.cd22.setCurrentIndex(dialog.cd22.findData("positive"))
    assert dialog.detail_text() == "CD19- CD22+"
    submit(qtbot, scene_window, chart, dialog)
    event = chart.events_model.rows[-1]
    assert (event.kind, event.cd19_status, event.cd22_status) == ("relapse", "negative", "positive")


def test_missed_and_undo_with_reasons_appear_in_the_history(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    select(qtbot, chart, "M2")
    assert chart.selected_visit().status == "overdue"
    assert chart.missed_button.isEnabled() and not chart.undo_button.isEnabled()
    qtbot.mouseClick(chart.missed_button, Qt.MouseButton.LeftButton)
    dialog = chart.dialog
    assert isinstance(dialog, ReasonDialog)
    assert not dialog.ok.isEnabled() and "Give a reason" in dialog.problem.text()
    qtbot.keyClicks(dialog.reason, "in hospital elsewhere")
    submit(qtbot, scene_window, chart, dialog)
    assert next(v for v in chart.visits_model.rows if v.code == "M2").status == "missed"
    assert "M2" not in worklist_codes(scene_window, "CD1922-018")

    select(qtbot, chart, "M2")
    assert chart.undo_button.isEnabled()
    qtbot.mouseClick(chart.undo_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(chart.dialog.reason, "closed by mistake")
    submit(qtbot, scene_window, chart, chart.dialog)
    assert next(v for v in chart.visits_model.rows if v.code == "M2").status == "overdue"
    assert "M2" in worklist_codes(scene_window, "CD1922-018")

    history = chart.history_model
    lines = [" | ".join(history.text(r, c) for c in range(1, 5)) for r in range(history.rowCount())]
    user = scene_window.db.username
    assert f"{user} | Visit M2 | open → Missed | in hospital elsewhere" in lines
    assert f"{user} | Visit M2 | Missed → open | closed by mistake" in lines


def test_contact_attempts_lead_to_lost_to_follow_up_and_back(qtbot, scene_window, shown):
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    chart.lost_to_follow_up()
    assert "cannot be declared lost to follow-up yet" in shown.texts("information")[-1]
    shown.answer_yes = False
    for day, channel, outcome in (
        (QDate(2026, 7, 1), "phone", "no_answer"),
        (QDate(2026, 8, 3), "phone", "no_answer"),
        (QDate(2026, 11, 2), "letter", "returned_mail"),
    ):
        dialog = chart.contact_attempt()
        assert isinstance(dialog, ContactDialog)
        dialog.date.setDate(day)
        dialog.channel.setCurrentIndex(dialog.channel.findData(channel))
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))
        submit(qtbot, scene_window, chart, dialog)
    assert chart.contacts_model.rowCount() == 3
    # After the third failed attempt the chart offers to declare it.
    question = [text for kind, _t, text in shown.items if kind == "question"]
    assert len(question) == 1 and "lost to follow-up" in question[0]
    wait_idle(qtbot, scene_window)
    dialog = chart.lost_to_follow_up()
    assert isinstance(dialog, ReasonDialog) and dialog.date is not None
    qtbot.keyClicks(dialog.reason, "no contact since January; letter returned")
    submit(qtbot, scene_window, chart, dialog)
    assert chart.status_badge.text() == "Lost to follow-up"
    assert worklist_codes(scene_window, "CD1922-018") <= {"M2", "M3", "M4", "M5", "M6", "M9"}
    assert chart.lost_button.text() == "Reverse &lost to follow-up…"

    dialog = chart.lost_to_follow_up()
    qtbot.keyClicks(dialog.reason, "called back")
    submit(qtbot, scene_window, chart, dialog)
    assert chart.status_badge.text() == "Active"
    history = chart.history_model
    changes = [history.text(r, 3) for r in range(history.rowCount()) if history.row(r).what == "subject"]
    assert changes == ["Active → Lost to follow-up", "Lost to follow-up → Active"]


def test_the_question_after_the_third_attempt_opens_the_declaration(qtbot, scene_window, shown):
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    for day, channel in ((QDate(2026, 7, 1), "phone"), (QDate(2026, 8, 3), "sms"), (QDate(2026, 11, 2), "letter")):
        dialog = chart.contact_attempt()
        dialog.date.setDate(day)
        dialog.channel.setCurrentIndex(dialog.channel.findData(channel))
        submit(qtbot, scene_window, chart, dialog)
    assert isinstance(chart.dialog, ReasonDialog) and chart.dialog.isVisible()
    assert chart.dialog.windowTitle() == "Declare CD1922-018 lost to follow-up"
    chart.dialog.reject()


def test_the_timeline_and_header_describe_the_subject(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    timeline = chart.timeline
    assert len(timeline.visits) == 35
    assert "35 visits" in timeline.accessibleDescription()
    assert not timeline.grab().isNull()
    m12 = next(v for v in timeline.visits if v.code == "M12")
    assert "M12: Due" in timeline.describe(m12)
    assert "Zoë Démo" in chart.title.text()
    assert "Site BJ01" in chart.facts.text()
    assert chart.status_badge.toolTip() == "Subject status: Active"
    with qtbot.waitSignal(timeline.visit_clicked, timeout=WAIT_MS):
        centre = next(c for c, v in timeline._marks if getattr(v, "code", None) == "M12")
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    assert chart.selected_visit().code == "M12"


def test_results_are_charted_with_the_aplasia_line_and_a_log_axis_for_car_t(qtbot, demo_path):
    window = open_window(qtbot, demo_path, dt.date(2026, 11, 29))
    chart = open_chart(qtbot, window, "CD1922-017")
    results = chart.results
    assert results.current_analyte() == "cd19_b_cells"
    names = [s.name() for s in results.chart.series()]
    assert "B-cell aplasia below 100 cells/µL" in names
    results.analyte.setCurrentIndex(results.analyte.findData("car_copies"))
    assert any(isinstance(a, QLogValueAxis) for a in results.chart.axes())
    assert results.model.rowCount() == sum(1 for r in chart.data.record.results if r.analyte == "car_copies")
    results.analyte.setCurrentIndex(results.analyte.findData("rcl"))
    assert "categories" in results.note.text()
    window.close()


def test_a_withdrawal_from_visits_turns_later_visits_into_survival_calls(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_event("withdrawal")
    dialog.scope.setCurrentIndex(dialog.scope.findData("visits"))
    assert dialog.detail_text() == "visits"
    submit(qtbot, scene_window, chart, dialog)
    assert chart.status_badge.text() == "Withdrawn: visits (survival contact continues)"
    later = [v for v in chart.visits_model.rows if v.code and v.nominal_date > SCENE_TODAY and v.status != "cancelled"]
    assert later and all((v.mode, v.assessments) == ("phone", ("S",)) for v in later)


def test_ferritin_is_charted_in_ng_per_ml_and_named_in_each_language(qtbot, scene_path, tmp_path):
    from PySide6.QtCharts import QValueAxis

    from ltfu.services.imports import import_results
    from ltfu.ui import i18n
    from ltfu.ui.labels import label

    lab = tmp_path / "results.csv"
    lab.write_text(
        "subject_id,date,analyte,value,unit,qualifier\n"
        "CD1922-017,2025-12-01,ferritin,1250.5,ng/mL,\n"
        "CD1922-017,2025-12-05,ferritin,8400,ug/L,\n"
        "CD1922-017,2025-12-26,ferritin,15,ng/mL,<\n",
        encoding="utf-8",
    )
    with open_database(str(scene_path)) as db:
        assert import_results(db, lab, SCENE_TODAY).added == 3
    window = open_window(qtbot, scene_path, SCENE_TODAY)
    results = open_chart(qtbot, window, "CD1922-017").results
    index = results.analyte.findData("ferritin")
    assert results.analyte.itemText(index) == "Ferritin (3)"
    results.analyte.setCurrentIndex(index)
    assert results.chart.title() == "Ferritin (ng/mL)"
    assert results.model.rowCount() == 3
    assert [a.titleText() for a in results.chart.axes() if isinstance(a, QValueAxis)] == ["ng/mL"]
    names = [s.name() for s in results.chart.series()]
    assert "below LLOQ (plotted at the limit)" in names
    from ltfu.ui.entry_dialogs import ResultDialog

    dialog = ResultDialog(window, "CD1922-017", parent=window)
    qtbot.addWidget(dialog)
    dialog.set_analyte("ferritin")
    assert dialog.analyte.currentText() == "Ferritin"
    assert [dialog.unit.itemText(i) for i in range(dialog.unit.count())] == ["ng/mL", "µg/L"]
    dialog.reject()
    window.close()
    try:
        assert i18n.install("zh_CN") == "zh_CN"
        assert label("analyte", "ferritin") == "铁蛋白"
    finally:
        i18n.install("en")


def test_esc_closes_the_chart_and_its_dialogs_open_on_their_first_field(qtbot, scene_window):
    from PySide6.QtWidgets import QAbstractButton

    chart = open_chart(qtbot, scene_window, "CD1922-018")
    select(qtbot, chart, "M2")
    for open_dialog in (chart.record_visit, chart.contact_attempt, chart.close_as_missed, chart.record_event):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        focused = dialog.focusWidget()
        assert focused is not None and not isinstance(focused, QAbstractButton), (dialog, focused)
        assert focused is dialog.first_field(), (dialog, focused)
        dialog.reject()
    with qtbot.waitSignal(chart.closed, timeout=WAIT_MS):
        qtbot.keyClick(chart, Qt.Key.Key_Escape)
    assert not chart.isVisible()


def test_the_log_axis_has_room_for_every_decade_label_at_1366x768(qtbot, demo_path):
    import math

    from PySide6.QtGui import QFontMetrics

    window = open_window(qtbot, demo_path, dt.date(2026, 11, 29))
    chart = open_chart(qtbot, window, "CD1922-017")
    chart.resize(1366, 700)
    chart.tabs.setCurrentWidget(chart.results)
    results = chart.results
    results.analyte.setCurrentIndex(results.analyte.findData("car_copies"))
    qtbot.waitUntil(lambda: results.chart.plotArea().height() > 0)
    (axis,) = [a for a in results.chart.axes() if isinstance(a, QLogValueAxis)]
    labels = round(math.log10(axis.max() / axis.min())) + 1
    line = QFontMetrics(axis.labelsFont()).height()
    # Labels taller than the room between them are elided by the chart ("…").
    assert results.chart.plotArea().height() >= labels * line, (results.chart.plotArea(), labels, line)
    title = QFontMetrics(axis.titleFont()).horizontalAdvance(axis.titleText())
    assert axis.titleText() == "copies/ug" and results.chart.plotArea().height() >= title
    screenshot(chart, "screenshot-chart-log-axis.png")
    window.close()
