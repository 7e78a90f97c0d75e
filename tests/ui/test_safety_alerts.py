"""Scene 13 in the window, as far as this branch goes: the nurse records the lymphoma with
the day the site knew, and the worklist shows the case and the sponsor clock in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from ltfu.services import safety
from ltfu.ui.dialogs import to_date
from ltfu.ui.entry_dialogs import AdverseEventDialog

from .conftest import SCENE_TODAY, WAIT_MS, open_chart


def test_a_t_cell_lymphoma_recorded_in_the_window_raises_the_case_and_the_clock(qtbot, scene_window):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    dialog = chart.record_adverse_event()
    assert isinstance(dialog, AdverseEventDialog)
    assert to_date(dialog.aware) == SCENE_TODAY  # the day of entry, never the onset
    qtbot.keyClicks(dialog.term, "Peripheral T-cell lymphoma")
    dialog.grade.setValue(3)
    dialog.onset.setDate(QDate(2026, 11, 20))
    dialog.aware.setDate(QDate(2026, 11, 19))
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text() == "The site cannot have known on 2026-11-19, before the onset 2026-11-20."
    dialog.aware.setDate(QDate(2026, 11, 30))
    dialog.serious.setChecked(True)
    dialog.related.setChecked(True)
    dialog.special.setCurrentIndex(dialog.special.findData("t_cell_malignancy"))
    assert dialog.ok.isEnabled(), dialog.problem.text()
    with qtbot.waitSignals([chart.loaded, scene_window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    alerts = scene_window.worklist_page.alerts
    lines = [label.text() for label in alerts.labels]
    malignancy = next(line for line in lines if "Malignancy case" in line)
    assert "BLOCKING SAFETY ALERT" in malignancy and "CD1922-017" in malignancy
    assert "T-cell malignancy known on 2026-11-30" in malignancy and "6 step(s) open" in malignancy
    report = next(line for line in lines if "Safety report due" in line)
    assert "Report to the sponsor is due on 2026-12-01." in report  # due today: shown, not yet blocking

    [case] = safety.open_cases(scene_window.desk.db, SCENE_TODAY)
    assert (case.study_id, case.awareness_date, case.t_cell) == ("CD1922-017", dt.date(2026, 11, 30), True)
