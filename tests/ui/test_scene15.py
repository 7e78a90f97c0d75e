"""USERS.md scene 15 end to end in the window (issue 19): the monitor's visit.

Before the visit the PI froze the data up to the end of last year and signed last
year's annual report. The monitor signs in (no address or phone number anywhere),
queries CD1922-017's M12 B-cell count and marks six visits verified; the nurse corrects
the value from her worklist with a reason; the monitor closes the query; the PI rebuilds
last year's report from the cut and gets the signed PDF's bytes, while today's report of
last year lists the correction."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

from ltfu.services.signatures import sha256

from .conftest import ADMIN, DEMO_TODAY, NURSE, PI, WAIT_MS, open_chart, open_for_sign_in, sign_in, wait_idle
from .test_queries_window import MONITOR, submit, switch_user

SUBJECT = "CD1922-017"
LAST_YEAR = DEMO_TODAY.year - 1
YEAR_END = dt.date(LAST_YEAR, 12, 31)
REASON = "transcription error, lab report checked"


@pytest.fixture
def visit_day(accounts_template, tmp_path):
    """A copy of the demo with the monitor's account, last year's cut frozen and its report
    signed by the PI; returns (path, the M12 B-cell result, the signed PDF, the subject's
    phone and address)."""
    from ltfu.services import browse, visits
    from ltfu.services.annual_report import ReportRequest, show_annual_report, sign_annual_report
    from ltfu.services.database import open_database
    from ltfu.services.review import freeze

    path = tmp_path / "scene15.sqlite3"
    shutil.copyfile(accounts_template, path)
    with open_database(str(path)) as db:
        db.sign_in(ADMIN[0], ADMIN[3])
        browse.add_user(db, *MONITOR)
    with open_database(str(path)) as db:
        db.sign_in(PI[0], PI[3])
        freeze(db, YEAR_END, f"annual report {LAST_YEAR}", DEMO_TODAY)
        shown = show_annual_report(db, LAST_YEAR, ReportRequest(YEAR_END, today=DEMO_TODAY))
        signed, _info = sign_annual_report(
            db, LAST_YEAR, ReportRequest(YEAR_END, today=DEMO_TODAY), PI[3], "approved", shown_sha256=sha256(shown.pdf)
        )
        record = browse.subject_record(db, SUBJECT)
        (m12,) = [v for v in visits.subject_schedule(db, SUBJECT, DEMO_TODAY).visits if v.code == "M12"]
    (result,) = [r for r in record.results if r.analyte == "cd19_b_cells" and r.date == m12.actual_date]
    assert result.date <= YEAR_END  # frozen by the cut
    with sqlite3.connect(path) as conn:
        phone, address = conn.execute(
            "select c.phone, c.address from contact c join subject s on s.id = c.subject_id where s.study_id = ?",
            (SUBJECT,),
        ).fetchone()
    return path, result, signed, (phone, address)


def shown_texts(window) -> str:
    """Every label and every table cell of the window and its open charts."""
    texts = [label.text() for label in window.findChildren(QLabel)]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model's column count is private: one column
            columns = 1
        for row in range(model.rowCount(QModelIndex())):
            for column in range(columns):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(model.index(row, column), role)
                    if isinstance(value, str):
                        texts.append(value)
    return "\n".join(texts)


def on_worklist(qtbot, window, user, query_id: int) -> list:
    """`user` signs in; the query is on the worklist, selected: [its row]."""
    switch_user(qtbot, window, user)
    queries = window.worklist_page.queries
    ids = [q.id for q in queries.model.rows]
    assert query_id in ids
    queries.table.selectRow(ids.index(query_id))
    return [queries.model.rows[ids.index(query_id)]]


def done_on_worklist(qtbot, window, dialog, query_id: int) -> None:
    """OK: the worklist reloads without the query (this user's part is done)."""
    page = window.worklist_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        submit(qtbot, dialog)
    assert query_id not in [q.id for q in page.queries.model.rows]
    wait_idle(qtbot, window)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_scene15_the_monitors_visit(qtbot, visit_day):
    path, result, signed, (phone, address) = visit_day
    window = open_for_sign_in(qtbot, path, DEMO_TODAY)

    # The monitor: the chart and the lists, never an address or a phone number.
    sign_in(qtbot, window, MONITOR)
    window.nav.setCurrentRow(1)  # the subject list
    chart = open_chart(qtbot, window, SUBJECT)
    everything = shown_texts(window)
    assert SUBJECT in everything
    assert phone not in everything and (address is None or address not in everything)

    # The query on the M12 B-cell count, from the Results tab.
    chart.tabs.setCurrentWidget(chart.results)
    chart.results.analyte.setCurrentIndex(chart.results.analyte.findData("cd19_b_cells"))
    model = chart.results.model
    chart.results.table.selectRow(next(i for i, r in enumerate(model.rows) if r.id == result.id))
    (action,) = [a for a in chart.results.table.actions() if "query" in a.text().lower()]
    action.trigger()
    chart.dialog.text.setPlainText("The M12 flow report reads a different count. Please check.")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        submit(qtbot, chart.dialog)
    (raised,) = [q for q in chart.queries.model.rows if q.raised_by == MONITOR[0]]
    row = next(i for i, r in enumerate(model.rows) if r.id == result.id)
    assert "flow report" in model.data(model.index(row, model.mark_column), Qt.ItemDataRole.ToolTipRole)

    # Six done visits marked verified at once, from the Visits tab.
    chart.tabs.setCurrentIndex(0)
    six = [v.code for v in chart.visits_model.rows if v.status == "completed"][:6]
    selection = chart.visits_table.selectionModel()
    selection.clear()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for i, visit in enumerate(chart.visits_model.rows):
        if visit.code in six:
            selection.select(chart.visits_table.model().index(i, 0), flags)
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(chart.verify_button, Qt.MouseButton.LeftButton)
    assert chart.message.text() == f"Verified against the source: {', '.join(six)}."
    wait_idle(qtbot, window)

    # The nurse: the query on her worklist, the value corrected with a reason.
    (waiting,) = on_worklist(qtbot, window, NURSE, raised.id)
    assert waiting.state == "open"
    dialog = window.worklist_page.queries.correct()
    dialog.value.setText(str(round(result.value + 100, 1)))
    dialog.text.setPlainText(REASON)
    done_on_worklist(qtbot, window, dialog, raised.id)

    # The monitor closes it.
    (answered,) = on_worklist(qtbot, window, MONITOR, raised.id)
    assert (answered.state, answered.corrected) == ("answered", True)
    dialog = window.worklist_page.queries.close_query()
    dialog.text.setPlainText("matches the source now")
    done_on_worklist(qtbot, window, dialog, raised.id)

    # The PI: last year's report rebuilt from the cut is the signed PDF, byte for byte ...
    switch_user(qtbot, window, PI)
    reports = window.reports_page
    with qtbot.waitSignal(reports.review_loaded, timeout=WAIT_MS):
        window.nav.setCurrentRow(2)
    reports.set_kind("annual")
    reports.year.setValue(LAST_YEAR)
    reports.data_cut.setDate(QDate(LAST_YEAR, 12, 31))
    assert f"Changed after the {LAST_YEAR} cut (cut 1): 1 record(s)." in reports.review_note.text()
    with qtbot.waitSignals([reports.generated, reports.review_loaded], timeout=60_000):
        qtbot.mouseClick(reports.compare_button, Qt.MouseButton.LeftButton)
    assert reports.output.pdf == signed and sha256(reports.output.pdf) == sha256(signed)
    assert f"Identical to the signed report (SHA-256 {sha256(signed)})" in reports.summary.text()
    assert REASON in reports.summary.text()
    wait_idle(qtbot, window)

    # ... while today's report of last year lists the correction.
    with qtbot.waitSignal(reports.generated, timeout=60_000):
        reports.generate()
    today = reports.output.pdf
    assert sha256(today) != sha256(signed)
    text = " ".join(pdf_text(today).split())
    assert SUBJECT in text and REASON in text
    assert REASON not in pdf_text(signed)
    wait_idle(qtbot, window)
    window.close()
