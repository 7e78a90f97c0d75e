"""The chart's Samples tab: a nurse records a sample, sees it with its position, changes it, prints labels."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from ltfu.ui.sample_dialogs import SampleDialog, SampleStateDialog

from .conftest import WAIT_MS, open_chart


def _submit(qtbot, chart, dialog) -> None:
    assert dialog.ok.isEnabled(), dialog.problem.text() or dialog.hint.text()
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def _fill_place(dialog, freezer: str, rack: str, box: str, position: str) -> None:
    for edit, text in zip((dialog.freezer, dialog.rack, dialog.box, dialog.position), (freezer, rack, box, position), strict=True):
        edit.setText(text)


def test_a_sample_recorded_in_the_chart_is_listed_with_its_position_and_state(qtbot, scene_window, tmp_path, file_dialogs):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    chart.tabs.setCurrentIndex(chart.tabs.indexOf(chart.samples_table.parentWidget()))
    assert chart.samples_model.rowCount() == 0 and not chart.labels_button.isEnabled()

    dialog = chart.record_sample()
    assert isinstance(dialog, SampleDialog)
    assert not dialog.ok.isEnabled() and "freezer, rack, box and position" in dialog.hint.text()
    dialog.sample_type.setCurrentIndex(dialog.sample_type.findData("rcl_archive"))
    dialog.date.setDate(QDate(2026, 12, 2))
    _fill_place(dialog, "-80 F1", "R2", "B07", "C5")
    assert dialog.problem.text() == "The date 2026-12-02 is in the future (today is 2026-12-01)."
    dialog.date.setDate(QDate(2026, 11, 30))
    dialog.aliquots.setValue(3)
    _submit(qtbot, chart, dialog)

    assert chart.message.text() == "Sample CD1922-017-RA-20261130-1 recorded."
    model = chart.samples_model
    assert model.rowCount() == 1
    texts = [model.text(0, c) for c in range(model.columnCount())]
    assert texts[:6] == [
        "CD1922-017-RA-20261130-1",
        "RCL archive sample",
        "2026-11-30",
        "3",
        "-80 F1 / rack R2 / box B07 / C5",
        "stored",
    ]
    # Follow-up ends 15 years after the infusion of 2025-11-28, plus 2 years' retention.
    assert texts[6] == "2042-11-28"

    # A second sample may not go into the same position: the service says which one is there.
    dialog = chart.record_sample()
    _fill_place(dialog, "-80 F1", "R2", "B07", "C5")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=WAIT_MS)
    assert "already holds sample CD1922-017-RA-20261130-1" in dialog.problem.text()
    dialog.reject()

    # Shipped, through the change dialog of the selected sample.
    chart.samples_table.selectRow(0)
    dialog = chart.change_sample()
    assert isinstance(dialog, SampleStateDialog)
    dialog.set_change("ship")
    assert "Enter where the sample goes." in dialog.hint.text()
    dialog.shipped_to.setText("Sponsor central laboratory")
    _submit(qtbot, chart, dialog)
    assert model.text(0, 5) == "shipped 2026-12-01 to Sponsor central laboratory"

    # Labels: the sheet opens in the preview, holds the id and the study id, and is saved from there.
    target = tmp_path / "labels.pdf"
    file_dialogs.answers.append(target)
    chart.samples_table.clearSelection()
    chart.samples_table.setCurrentIndex(chart.samples_table.model().index(-1, -1))
    dialog = chart.change_sample()
    assert dialog is None  # nothing selected: nothing to change
    chart.samples_table.selectRow(0)
    chart.print_labels()
    qtbot.waitUntil(lambda: "shown in the preview" in chart.message.text(), timeout=WAIT_MS)
    preview = chart.preview
    assert preview is not None and preview.page_count.text() == "of 1"
    text = pypdf.PdfReader(io.BytesIO(preview.data)).pages[0].extract_text()
    assert "CD1922-017-RA-20261130-1" in text and "Zoë" not in text and "Démo" not in text
    with qtbot.waitSignal(preview.saved, timeout=WAIT_MS):
        preview.save()
    assert target.read_bytes() == preview.data
    preview.close()


def _chart_with_a_sample(qtbot, window):
    """CD1922-017's chart with one stored sample, selected."""
    chart = open_chart(qtbot, window, "CD1922-017")
    dialog = chart.record_sample()
    _fill_place(dialog, "-80 F1", "R1", "B01", "A1")
    _submit(qtbot, chart, dialog)
    chart.samples_table.selectRow(0)
    return chart


def test_a_nurse_is_not_offered_destroying_a_sample(qtbot, scene_window, monkeypatch):
    chart = _chart_with_a_sample(qtbot, scene_window)
    monkeypatch.setattr(chart.desk, "may", lambda *rights: "destroy_samples" not in rights)
    dialog = chart.change_sample()
    assert [dialog.change.itemData(i) for i in range(dialog.change.count())] == ["move", "ship", "test"]
    dialog.reject()
    monkeypatch.undo()
    dialog = chart.change_sample()
    dialog.set_change("destroy")
    dialog.reason.setPlainText("no longer needed")
    assert dialog.problem.text() == "The sample is kept until 2042-11-28: it may be destroyed from that date on."
    assert not dialog.ok.isEnabled()
    dialog.reject()


def test_a_test_then_a_sample_recorded_in_error_are_voided_from_the_tab_with_a_reason(qtbot, scene_window, monkeypatch):
    chart = _chart_with_a_sample(qtbot, scene_window)
    code = chart.samples_model.rows[0].sample_code
    assert chart.void_sample_button.isEnabled() and not chart.void_test_button.isEnabled()
    dialog = chart.change_sample()
    dialog.set_change("test")
    dialog.test_name.setText("qPCR")
    dialog.result_text.setText("entered on the wrong sample")
    _submit(qtbot, chart, dialog)
    chart.samples_table.selectRow(0)
    assert chart.samples_model.text(0, 5).startswith("tested")

    dialog = chart.void_test()
    assert any("The test qPCR of" in w.text() for w in dialog.findChildren(QLabel)) and not dialog.ok.isEnabled()
    dialog.reason.setPlainText("belongs to another sample")
    _submit(qtbot, chart, dialog)
    assert chart.message.text() == f"Test qPCR of sample {code} voided."
    assert chart.samples_model.text(0, 5) == "stored"

    chart.samples_table.selectRow(0)
    dialog = chart.void_sample()
    dialog.reason.setPlainText("drawn from the wrong subject")
    _submit(qtbot, chart, dialog)
    assert chart.message.text() == f"Sample {code} voided."
    assert chart.samples_model.rowCount() == 0

    # A nurse may record samples but not void them.
    monkeypatch.setattr(chart.desk, "may", lambda *rights: "edit" not in rights)
    chart._set_actions_enabled(True)
    assert chart.void_sample_button.isHidden() and chart.void_sample() is None
