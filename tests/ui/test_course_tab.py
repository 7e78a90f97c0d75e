"""The chart's course tab: a re-infusion, immunoglobulin replacement and a consent
entered through their dialogs, and what the chart and the worklist then show."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, Qt

from ltfu.services.database import open_database
from ltfu.services.records import NewResult, record_result
from ltfu.ui import i18n
from ltfu.ui.course_tab import ConsentDialog, InfusionDialog, MedicationDialog, StopMedicationDialog
from ltfu.ui.import_page import guess_kind
from ltfu.ui.models import event_detail_text

from .conftest import SCENE_TODAY, WAIT_MS, open_chart, open_window, screenshot

D = dt.date


def submit(qtbot, window, chart, dialog) -> None:
    assert dialog.ok.isEnabled(), dialog.problem.text()
    with qtbot.waitSignals([chart.loaded, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def open_codes(window, study_id="CD1922-017"):
    return {(r.code, r.nominal_date) for r in window.worklist_page.model.rows if r.study_id == study_id}


def alert_text(window) -> str:
    return " ".join(line.text() for line in window.worklist_page.alerts.labels)


def test_a_re_infusion_entered_in_the_chart_replaces_the_open_visits(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    chart.tabs.setCurrentWidget(chart.course_tab)
    assert ("M12", D(2026, 11, 28)) in open_codes(scene_window)
    dialog = chart.course_tab.record_infusion()
    assert isinstance(dialog, InfusionDialog) and dialog.isVisible()
    assert "follow-up ends 15 years after this infusion" in dialog.hint.text()
    dialog.date.setDate(QDate(2026, 11, 20))
    dialog.product.setText("LOT-B7")
    dialog.cell_dose.setText("abc")
    assert not dialog.ok.isEnabled() and "“abc” is not a number above 0" in dialog.problem.text()
    dialog.cell_dose.setText("1,5e6")
    submit(qtbot, scene_window, chart, dialog)

    rows = chart.course_tab.infusions_model.rows
    assert [(r.sequence, r.date, r.product, r.cell_dose) for r in rows] == [
        (1, D(2025, 11, 28), None, None),
        (2, D(2026, 11, 20), "LOT-B7", 1.5e6),
    ]
    assert chart.message.text() == "Re-infusion recorded; the plan restarts."
    codes = open_codes(scene_window)
    assert ("M12", D(2026, 11, 28)) not in codes
    assert ("D10", D(2026, 11, 30)) in codes  # the new Day 0 + 10, due today (window +-1)
    m12 = [v for v in chart.visits_model.rows if v.code == "M12" and v.infusion_date == D(2025, 11, 28)]
    assert [(v.status, v.cause) for v in m12] == [("cancelled", "reinfusion")]
    assert "follow-up until 2041-11-20" in chart.facts.text()
    screenshot(chart, "screenshot-chart-course.png")


def test_replacement_turns_the_low_igg_into_a_trough_level_and_can_be_stopped(qtbot, scene_path):
    with open_database(str(scene_path)) as db:
        record_result(db, "CD1922-017", NewResult("igg", D(2026, 11, 25), 3.2, unit="g/L"), SCENE_TODAY)
    window = open_window(qtbot, scene_path, SCENE_TODAY)
    try:
        assert "Low IgG</b>" in alert_text(window) and "consider immunoglobulin replacement" in alert_text(window)
        chart = open_chart(qtbot, window, "CD1922-017")
        dialog = chart.course_tab.record_medication()
        assert isinstance(dialog, MedicationDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("scig"))
        dialog.date.setDate(QDate(2026, 10, 1))
        dialog.ongoing.setChecked(False)
        dialog.stop.setDate(QDate(2026, 9, 1))
        assert not dialog.ok.isEnabled() and "before the start date 2026-10-01" in dialog.problem.text()
        dialog.ongoing.setChecked(True)
        dialog.dose.setText("0.4")
        submit(qtbot, window, chart, dialog)
        (row,) = chart.course_tab.medications_model.rows
        assert (row.kind, row.start, row.stop, row.dose) == ("scig", D(2026, 10, 1), None, 0.4)
        assert "Low IgG under replacement</b>" in alert_text(window)
        assert "under immunoglobulin replacement: a trough level" in alert_text(window)

        chart.course_tab.medications_table.selectRow(0)
        assert chart.course_tab.stop_button.isEnabled()
        stop = chart.course_tab.stop_medication()
        assert isinstance(stop, StopMedicationDialog)
        stop.date.setDate(QDate(2026, 11, 20))
        submit(qtbot, window, chart, stop)
        assert chart.course_tab.medications_model.rows[0].stop == D(2026, 11, 20)
        assert "Low IgG</b>" in alert_text(window)  # drawn after the replacement stopped
        assert not chart.course_tab.stop_button.isEnabled()
    finally:
        window.close()


def test_a_consent_needs_its_version_and_becomes_the_subjects_version(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-018")
    dialog = chart.course_tab.record_consent()
    assert isinstance(dialog, ConsentDialog)
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Give the consent form's version."
    dialog.version.setText("4.0")
    dialog.date.setDate(QDate(2025, 12, 1))
    dialog.who.setCurrentIndex(dialog.who.findData("guardian"))
    submit(qtbot, scene_window, chart, dialog)
    (row,) = chart.course_tab.consents_model.rows
    assert (row.version, row.date, row.consented_by) == ("4.0", D(2025, 12, 1), "guardian")
    assert chart.message.text() == "Consent recorded."


def test_a_transplant_is_entered_with_its_type_and_stops_the_efficacy_assessments(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    assert "D" in next(v for v in chart.visits_model.rows if v.code == "M15").assessments
    dialog = chart.record_event("hsct")
    assert dialog.details.currentWidget() is dialog.pages["hsct"]
    assert "Efficacy assessments (disease, PK, HAMA) stop" in dialog.hint.text()
    dialog.therapy_types["hsct"].setCurrentIndex(dialog.therapy_types["hsct"].findData("allogeneic"))
    dialog.therapy_details["hsct"].setText("matched sibling donor")
    dialog.date.setDate(QDate(2026, 11, 30))
    assert dialog.detail_text() == "allogeneic matched sibling donor"
    submit(qtbot, scene_window, chart, dialog)
    event = chart.events_model.rows[-1]
    assert (event.kind, event.date, event.detail) == ("hsct", D(2026, 11, 30), "allogeneic matched sibling donor")
    detail = next(i for i, c in enumerate(chart.events_model.columns) if c.title == "Detail")
    assert chart.events_model.text(len(chart.events_model.rows) - 1, detail) == "allogeneic matched sibling donor"
    i18n.install("zh_CN")  # the type in the window's words, what was given as the nurse wrote it
    try:
        assert event_detail_text(event) == "异基因 matched sibling donor"
        other = replace(event, kind="new_therapy", detail="car_t second product")
        assert event_detail_text(other) == "其他CAR-T产品 second product"
    finally:
        i18n.install("en")
    m15 = next(v for v in chart.visits_model.rows if v.code == "M15")
    assert not {"D", "P", "H"} & set(m15.assessments) and "B" in m15.assessments

    dialog = chart.record_event("new_therapy")
    types = dialog.therapy_types["new_therapy"]
    assert [types.itemData(i) for i in range(types.count())][:3] == ["chemotherapy", "antibody", "targeted"]
    dialog.reject()


def test_the_import_page_knows_the_three_files_by_their_header():
    assert guess_kind(["subject_id", "infusion_date", "cell_dose", "product_lot"]) == "infusions"
    assert guess_kind(["subject_id", "site", "dose_level", "infusion_date"]) == "subjects"
    assert guess_kind(["subject_id", "kind", "start_date", "stop_date", "dose"]) == "medications"
    assert guess_kind(["subject_id", "version", "consent_date", "consented_by"]) == "consents"


def test_a_refused_re_infusion_is_explained_in_chinese(qtbot, scene_path):
    from PySide6.QtCore import QSettings

    from ltfu.ui import i18n

    QSettings().setValue("language", "zh_CN")
    assert i18n.install() == "zh_CN"
    window = open_window(qtbot, scene_path, SCENE_TODAY)
    try:
        chart = open_chart(qtbot, window, "CD1922-017")
        dialog = chart.course_tab.record_infusion()
        assert dialog.ok.text() == "记录输注(&R)"
        dialog.date.setDate(QDate(2026, 8, 1))  # M9 is recorded as done on 2026-08-29
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=WAIT_MS)
        text = dialog.problem.text()
        assert text.startswith("无法记录CD1922-017的再次输注：") and "请先记录再次输注" in text, text
        screenshot(dialog, "screenshot-reinfusion-refused-zh.png")
        dialog.reject()
    finally:
        window.close()
        QSettings().setValue("language", "en")
        i18n.install("en")
