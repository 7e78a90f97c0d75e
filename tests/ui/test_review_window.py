"""Data review in the window (issue 19, USERS.md scene 15): six visits marked verified on
the chart at once, a change clearing a mark where it shows; the PI freezes the data on
the Reports page and rebuilds the signed report from the cut after a correction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, Qt

from ltfu.services import browse, visits
from ltfu.services.annual_report import ReportRequest, show_annual_report, sign_annual_report
from ltfu.services.database import open_database
from ltfu.services.records import NewAdverseEvent, record_adverse_event
from ltfu.services.signatures import sha256

from .conftest import (
    ADMIN,
    DEMO_TODAY,
    PI,
    SCENE_TODAY,
    WAIT_MS,
    open_chart,
    open_for_sign_in,
    screenshot,
    sign_in,
    wait_idle,
)

SIX = ("D0", "D1", "D4", "D7", "D10", "D14")


def verified_cells(chart) -> dict[str, tuple[str, str | None]]:
    model = chart.visits_model
    column = len(model.columns) - 1
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Verified"
    return {
        row.code: (
            model.data(model.index(i, column)),
            model.data(model.index(i, column), Qt.ItemDataRole.ToolTipRole),
        )
        for i, row in enumerate(model.rows)
    }


def test_six_visits_are_marked_verified_at_once_and_a_change_clears_one(qtbot, scene_window, scene_path):
    chart = open_chart(qtbot, scene_window, "CD1922-017")
    assert chart.verify_button.isVisible() and not chart.verify_button.isEnabled()
    table, selection = chart.visits_table, chart.visits_table.selectionModel()
    selection.clear()
    for i, row in enumerate(chart.visits_model.rows):
        if row.code in SIX:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            selection.select(table.model().index(i, 0), flags)
    assert [what for _table, _id, what in chart.records_to_verify()] == list(SIX)
    assert chart.verify_button.isEnabled()
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(chart.verify_button, Qt.MouseButton.LeftButton)
    assert chart.message.text() == "Verified against the source: D0, D1, D4, D7, D10, D14."
    done = sum(1 for v in chart.visits_model.rows if v.status == "completed")
    assert chart.tabs.tabToolTip(0) == f"Source verification: 6 of {done} done visits verified"
    cells = verified_cells(chart)
    assert all(cells[code][0] == "✓" for code in SIX)
    assert cells["D0"][1].startswith("Verified against the source by ")
    assert cells["D28"][0] == "" and cells["M12"][0] == ""
    screenshot(chart, "chart-verified.png")

    # A colleague reopens D14 at another workstation: its mark is cleared, and the chart says so.
    with open_database(str(scene_path)) as other:
        visits.reopen_visit(other, "CD1922-017", "D14", "recorded on the wrong subject", SCENE_TODAY)
        ae = NewAdverseEvent("Pneumonia", 3, dt.date(2026, 10, 2), serious=True)
        record_adverse_event(other, "CD1922-017", ae, SCENE_TODAY)
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        chart.refresh()
    cells = verified_cells(chart)
    today = dt.date.today().isoformat()  # the change's own (UTC) day, in local time
    assert cells["D14"][0].startswith("verification cleared by change on ")
    assert "Cleared by" in cells["D14"][1] and "state" in cells["D14"][1]
    assert cells["D10"][0] == "✓" and today[:4] in cells["D14"][0]

    # On the Events tab the same action verifies the selected clinical events and adverse events.
    chart.tabs.setCurrentWidget(chart.events_box)
    assert not chart.verify_button.isEnabled()
    chart.events_table.selectAll()
    chart.ae_table.selectAll()
    wanted = chart.events_model.rowCount() + chart.ae_model.rowCount()
    assert (
        chart.ae_model.rowCount() == 1 and len(chart.records_to_verify()) == wanted and chart.verify_button.isEnabled()
    )
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(chart.verify_button, Qt.MouseButton.LeftButton)
    for model in (chart.events_model, chart.ae_model):
        column = len(model.columns) - 1
        assert all(model.data(model.index(i, column)) == "✓" for i in range(model.rowCount()))


def test_the_pi_freezes_and_rebuilds_the_signed_report_from_the_cut(
    qtbot, accounts_path, stored_value, correct_by_query
):
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, PI)
    page = window.reports_page
    with qtbot.waitSignal(page.review_loaded, timeout=WAIT_MS):
        window.nav.setCurrentRow(2)  # shown: the cuts and the verification progress are read
    page.set_kind("annual")
    page.year.setValue(2026)
    page.data_cut.setDate(QDate(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day))
    assert page.freeze_button.isVisible() and page.cut.count() == 0
    assert "No data cut frozen yet." in page.review_note.text()
    assert "Source verification, site" in page.review_note.text()

    dialog = page.freeze()
    assert dialog.date.date() == page.data_cut.date()
    dialog.reason.setPlainText("annual report 2026")
    with qtbot.waitSignal(page.review_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert page.cut.count() == 1 and page.cut.currentData() == 1
    assert "Changed after the 2026 cut (cut 1): 0 record(s)." in page.review_note.text()

    # Signed at the cut, then a frozen B-cell count corrected with a reason (another workstation).
    with open_database(str(accounts_path)) as other:
        other.sign_in(PI[0], PI[3])
        shown = show_annual_report(other, 2026, ReportRequest(DEMO_TODAY, today=DEMO_TODAY))
        signed, info = sign_annual_report(
            other, 2026, ReportRequest(DEMO_TODAY, today=DEMO_TODAY), PI[3], "approved", shown_sha256=sha256(shown.pdf)
        )
        study, result_id, value = stored_value(other)
        other.sign_in(ADMIN[0], ADMIN[3])
        browse.add_user(other, "mona", "Mona Monitor", "monitor", "monitor-password-1")
        monitor, pi = ("mona", "monitor-password-1"), (PI[0], PI[3])
        correct_by_query(other, monitor, pi, study, result_id, value + 5, "transcribed from the wrong line", DEMO_TODAY)

    with qtbot.waitSignals([page.generated, page.review_loaded], timeout=60_000):
        qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert "Changed after the 2026 cut (cut 1): 1 record(s)." in page.review_note.text()
    output = page.output
    assert output.pdf == signed and output.signature is not None
    summary = page.summary.text()
    assert f"Identical to the signed report (SHA-256 {info.document_sha256})" in summary
    assert "Today's data differ: changed after the 2026 cut: 1 record(s)." in summary
    assert "transcribed from the wrong line" in summary
    screenshot(page, "reports-cut-rebuilt.png")
    wait_idle(qtbot, window)
    window.close()
