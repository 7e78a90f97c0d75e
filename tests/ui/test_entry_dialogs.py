"""Entering a laboratory result and an adverse event from the chart, checked as typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from ltfu.ui.entry_dialogs import AdverseEventDialog, ResultDialog, fold_unit, parse_number

from .conftest import WAIT_MS, open_chart


def submit(qtbot, chart, dialog) -> None:
    assert dialog.ok.isEnabled(), dialog.problem.text() or dialog.hint.text()
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_a_unit_that_does_not_fit_keeps_ok_disabled_and_a_valid_result_is_recorded(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_result("igg")
    assert isinstance(dialog, ResultDialog) and dialog.isVisible()
    assert [dialog.unit.itemText(i) for i in range(dialog.unit.count())] == ["g/L", "mg/dL"]
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Enter the value."
    qtbot.keyClicks(dialog.value, "5.2")
    assert dialog.ok.isEnabled()
    dialog.unit.setEditText("cells/µL")
    assert not dialog.ok.isEnabled()
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text() == "The unit “cells/µL” does not fit IgG: use g/L or mg/dL."
    assert dialog.ok.toolTip() == dialog.problem.text()
    dialog.value.setText("five")
    assert "“five” is not a number" in dialog.problem.text()
    dialog.value.setText("520")
    dialog.unit.setCurrentIndex(dialog.unit.findText("mg/dL"))
    assert dialog.ok.isEnabled() and dialog.hint.text() == "Stored in g/L: 520 mg/dL = 5.2 g/L."
    dialog.date.setDate(QDate(2026, 11, 30))
    submit(qtbot, chart, dialog)
    assert chart.message.text() == "Result recorded."
    # The results tab offers IgG and shows the new value.
    chart.tabs.setCurrentWidget(chart.results)
    chart.results.analyte.setCurrentIndex(chart.results.analyte.findData("igg"))
    model = chart.results.model
    assert [(r.date, r.value, r.unit) for r in model.rows] == [(dt.date(2026, 11, 30), 5.2, "g/L")]
    assert (model.text(0, 0), model.text(0, 3), model.text(0, 4)) == ("2026-11-30", "5.2", "g/L")


def test_below_the_limit_of_quantification_is_stored_with_the_limit(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_result("car_copies")
    assert dialog.value_label.text() == "&Value:"
    dialog.blq.setChecked(True)
    assert dialog.value_label.text() == "&Limit (LLOQ):"
    assert dialog.hint.text() == "Enter the limit of quantification."
    dialog.value.setText("50")
    assert "below the limit of quantification (50 copies/µg), never as zero" in dialog.hint.text()
    submit(qtbot, chart, dialog)
    stored = [r for r in chart.data.record.results if r.analyte == "car_copies"]
    assert [(r.value, r.blq, r.lloq) for r in stored] == [(50.0, True, 50.0)]


def test_an_rcl_result_is_a_category_and_a_positive_one_raises_the_alert(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    assert chart.rcl_badge.isHidden()
    dialog = chart.record_result("rcl")
    assert dialog.entry.currentWidget() is dialog.category and not dialog.blq.isEnabled()
    assert dialog.ok.isEnabled()
    dialog.category.setCurrentIndex(dialog.category.findData("positive"))
    submit(qtbot, chart, dialog)
    assert chart.rcl_badge.isVisibleTo(chart) and "RCL positive" in chart.rcl_badge.text()


def test_an_adverse_event_is_graded_by_its_system_and_recorded(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_adverse_event()
    assert isinstance(dialog, AdverseEventDialog)
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Enter the term."
    assert (dialog.grade.minimum(), dialog.grade.maximum()) == (1, 5)
    dialog.set_kind("crs")
    assert dialog.term.text() == "Cytokine release syndrome" and dialog.term.isReadOnly()
    assert "ASTCT" in dialog.grade.toolTip()
    dialog.set_kind("ctcae")
    assert dialog.term.text() == "" and not dialog.term.isReadOnly()
    qtbot.keyClicks(dialog.term, "Neutrophil count decreased")
    dialog.grade.setValue(3)
    dialog.onset.setDate(QDate(2026, 10, 1))
    dialog.resolved.setChecked(True)
    dialog.resolution.setDate(QDate(2026, 9, 1))
    assert dialog.problem.text() == "The resolution 2026-09-01 is before the onset 2026-10-01."
    dialog.resolution.setDate(QDate(2026, 10, 20))
    dialog.serious.setChecked(True)
    dialog.special.setCurrentIndex(dialog.special.findData("hematologic"))
    dialog.grade.setValue(5)
    assert "Grade 5 is death" in dialog.hint.text()
    dialog.grade.setValue(3)
    submit(qtbot, chart, dialog)
    assert chart.message.text() == "Adverse event recorded."
    ae = chart.ae_model.rows[-1]
    assert (ae.term, ae.grade, ae.kind, ae.serious, ae.resolution, ae.special_interest) == (
        "Neutrophil count decreased",
        3,
        "ctcae",
        True,
        dt.date(2026, 10, 20),
        "hematologic",
    )
    row = chart.ae_model.rowCount() - 1
    assert "hematologic disorder" in [chart.ae_model.text(row, c) for c in range(chart.ae_model.columnCount())]


def a_dlt_before_the_infusion(qtbot, window):
    """CD1922-017's adverse-event entry, a DLT dated before the infusion, submitted: the
    dialog showing the service's refusal."""
    chart = open_chart(qtbot, window, "CD1922-017")
    dialog = chart.record_adverse_event()
    dialog.term.setText("Febrile neutropenia")
    dialog.dlt.setChecked(True)  # a DLT follows the infusion: the service knows when that was
    dialog.onset.setDate(QDate(2025, 11, 1))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    return dialog


def test_a_refusal_from_the_service_is_shown_in_plain_words(qtbot, scene_window):
    dialog = a_dlt_before_the_infusion(qtbot, scene_window)
    assert dialog.problem.text() == (
        "Cannot record the adverse event: onset date 2025-11-01 is before the infusion on 2025-11-28."
    )
    assert dialog.isVisible()
    dialog.reject()


def test_units_and_numbers_as_typed():
    assert fold_unit(" Cells/µL ") == "cells/ul" and fold_unit("μg") == "ug"
    assert parse_number("5,2") == 5.2 and parse_number("1e3") == 1000.0
    assert parse_number("nan") is None and parse_number("") is None and parse_number("x") is None
