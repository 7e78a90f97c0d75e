"""USERS.md scene 15, its query half, in the window: the monitor (no names, no phones, no
recording buttons) queries CD1922-017's latest B-cell count from the chart; the value is
marked; the nurse finds the query on her worklist and corrects the value with a reason;
the monitor finds the answered query on hers and closes it. The subject list counts the
open queries per subject."""

from __future__ import annotations

import shutil

import pytest
import shiboken6
from PySide6.QtCore import Qt

from .conftest import ADMIN, DEMO_TODAY, NURSE, WAIT_MS, open_chart, open_for_sign_in, screenshot, sign_in, wait_idle

MONITOR = ("mona", "Mona Monitor", "monitor", "monitor-password-1")
SUBJECT = "CD1922-017"


@pytest.fixture
def monitored_path(accounts_template, tmp_path):
    from ltfu.services import browse
    from ltfu.services.database import open_database

    path = tmp_path / "monitored.sqlite3"
    shutil.copyfile(accounts_template, path)
    with open_database(str(path)) as db:
        db.sign_in(ADMIN[0], ADMIN[3])
        browse.add_user(db, *MONITOR)
        record = browse.subject_record(db, SUBJECT)
    b_cells = [r for r in record.results if r.analyte == "cd19_b_cells"]
    return path, max(b_cells, key=lambda r: (r.date, r.id))


def switch_user(qtbot, window, user) -> None:
    with qtbot.waitSignal(window.sign_in_requested, timeout=WAIT_MS):
        window.sign_out()
    sign_in(qtbot, window, user)


def submit(qtbot, dialog) -> None:
    """OK, and wait until the write is done and the dialog gone."""
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=WAIT_MS)


def test_the_monitor_queries_a_b_cell_count_the_nurse_corrects_it_the_monitor_closes(qtbot, monitored_path):
    path, result = monitored_path
    window = open_for_sign_in(qtbot, path, DEMO_TODAY)
    sign_in(qtbot, window, MONITOR)
    chart = open_chart(qtbot, window, SUBJECT)
    # The monitor reads the chart but sees no phone and may record nothing.
    assert "phone" not in chart.facts.text()
    assert not chart.record_visit_button.isVisible() and not chart.result_button.isVisible()
    assert not chart.event_button.isVisible() and not chart.ae_button.isVisible()

    chart.tabs.setCurrentWidget(chart.results)
    chart.results.analyte.setCurrentIndex(chart.results.analyte.findData("cd19_b_cells"))
    model = chart.results.model
    row = next(i for i, r in enumerate(model.rows) if r.id == result.id)
    chart.results.table.selectRow(row)
    (action,) = [a for a in chart.results.table.actions() if "query" in a.text().lower()]
    action.trigger()
    dialog = chart.dialog
    assert dialog.field.currentData() == "value"
    assert not dialog.ok.isEnabled()  # no question yet
    dialog.text.setPlainText("B cells 12/uL here; the lab report says 120. Please check.")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        submit(qtbot, dialog)
    row = next(i for i, r in enumerate(model.rows) if r.id == result.id)
    tip = model.data(model.index(row, model.mark_column), Qt.ItemDataRole.ToolTipRole)
    assert "lab report says 120" in tip
    assert model.data(model.index(row, model.mark_column), Qt.ItemDataRole.DecorationRole) is not None
    (raised,) = [q for q in chart.queries.model.rows if q.raised_by == MONITOR[0]]
    opened = sum(q.state == "open" for q in chart.queries.model.rows)  # with the edit checks' own
    assert f"{opened} open" in chart.tabs.tabText(chart.tabs.indexOf(chart.queries))
    screenshot(chart, "scene15-query-raised.png")
    chart.tabs.setCurrentWidget(chart.queries)
    screenshot(chart, "scene15-queries-tab.png")
    wait_idle(qtbot, window)

    switch_user(qtbot, window, NURSE)
    page = window.worklist_page
    waiting = [q.id for q in page.queries.model.rows]
    assert page.queries.isVisibleTo(page) and raised.id in waiting
    assert not page.queries.close_button.isVisibleTo(page) and page.queries.correct_button.isVisibleTo(page)
    page.queries.table.selectRow(waiting.index(raised.id))
    dialog = page.queries.correct()
    assert not dialog.ok.isEnabled()
    dialog.value.setText("120")
    assert not dialog.ok.isEnabled()  # the reason is required
    dialog.text.setPlainText("transcription error, lab report checked")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        submit(qtbot, dialog)
    assert raised.id not in [q.id for q in page.queries.model.rows]  # her part is done
    wait_idle(qtbot, window)

    switch_user(qtbot, window, MONITOR)
    page = window.worklist_page
    (answered,) = page.queries.model.rows
    assert (answered.state, answered.corrected, answered.answered_by) == ("answered", True, NURSE[0])
    page.queries.table.selectRow(0)
    screenshot(window, "scene15-monitor-worklist.png")
    dialog = page.queries.close_query()
    dialog.text.setPlainText("matches the source")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        submit(qtbot, dialog)
    assert page.queries.model.rows == []
    chart = open_chart(qtbot, window, SUBJECT)
    (closed,) = [q for q in chart.queries.model.rows if q.id == answered.id]
    assert closed.state == "closed"
    assert [r.value for r in chart.data.record.results if r.id == result.id] == [120.0]
    wait_idle(qtbot, window)
    window.close()


def test_the_monitor_queries_a_visit_date_and_a_dose_level_and_the_subject_list_counts_them(qtbot, monitored_path):
    from ltfu.ui.models import SubjectsModel

    path, _ = monitored_path
    window = open_for_sign_in(qtbot, path, DEMO_TODAY)
    sign_in(qtbot, window, MONITOR)
    chart = open_chart(qtbot, window, SUBJECT)
    rows = chart.visits_model.rows
    m12 = next(i for i, v in enumerate(rows) if v.code == "M12")
    chart.visits_table.selectRow(m12)
    (action,) = [a for a in chart.visits_table.actions() if "query" in a.text().lower()]
    action.trigger()
    dialog = chart.dialog
    dialog.field.setCurrentIndex(dialog.field.findData("actual_date"))
    dialog.text.setPlainText("The clinic log says M12 was seen a day later.")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        submit(qtbot, dialog)
    tip = chart.visits_model.data(chart.visits_model.index(m12, 0), Qt.ItemDataRole.ToolTipRole)
    assert "seen a day later" in tip
    chart.tabs.setCurrentWidget(chart.queries)
    assert chart.dose_query_button.isVisible()
    dialog = chart.raise_query("subject", None, "")
    assert [dialog.field.itemData(i) for i in range(dialog.field.count())] == ["dose_level"]
    dialog.text.setPlainText("DL1 per the batch record?")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        submit(qtbot, dialog)
    mine = [q for q in chart.queries.model.rows if q.raised_by == MONITOR[0]]
    assert sorted(q.target for q in mine) == ["subject", "visit"]

    from ltfu.services.browse import subject_rows

    model = SubjectsModel()
    model.set_rows(subject_rows(window.db, DEMO_TODAY))
    column = next(c for c, col in enumerate(model.columns) if col.title == "Queries")
    row = next(i for i, r in enumerate(model.rows) if r.study_id == SUBJECT)
    assert model.text(row, column) == str(sum(q.state == "open" for q in chart.queries.model.rows))
    assert model.rows[row].search_key == SUBJECT.lower() + "\x1f \x1f \x1f"  # no name to search by
    wait_idle(qtbot, window)
    window.close()
