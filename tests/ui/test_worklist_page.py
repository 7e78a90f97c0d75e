"""The worklist screen: the rows of the worklist service, by status, with alerts on top."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from ltfu.services.database import open_database
from ltfu.services.worklist import worklist

from .conftest import DEMO_TODAY, SCENE_TODAY, WAIT_MS


def shown_rows(page) -> set[tuple[str, str, str]]:
    return {(r.study_id, r.code, r.status) for r in page.model.rows}


def test_the_worklist_shows_the_same_rows_as_the_service(demo_window, demo_path):
    page = demo_window.worklist_page
    with open_database(str(demo_path)) as db:
        expected = worklist(db, DEMO_TODAY, 7)
    assert shown_rows(page) == {(r.study_id, r.code, r.status) for r in expected.rows}
    assert page.model.rowCount() == len(expected.rows) > 0
    # Overdue first, longest overdue on top; then due, then upcoming.
    statuses = [r.status for r in page.model.rows]
    assert statuses == sorted(statuses, key=["overdue", "due", "upcoming"].index)
    overdue = [r.days_overdue for r in page.model.rows if r.status == "overdue"]
    assert overdue == sorted(overdue, reverse=True)


def test_status_is_told_by_words_icons_and_tooltips_not_colour_alone(demo_window):
    model = demo_window.worklist_page.model
    first = model.index(0, 0)
    row = model.row(0)
    assert row.status == "overdue"
    assert model.data(first) == f"Overdue {row.days_overdue} days"
    assert not model.data(first, Qt.ItemDataRole.DecorationRole).isNull()
    assert "window closed on" in model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert model.data(first, Qt.ItemDataRole.BackgroundRole) is not None
    upcoming = next(i for i, r in enumerate(model.rows) if r.status == "upcoming")
    assert model.data(model.index(upcoming, 0)).startswith("Upcoming, opens in")
    # What to draw: the codes, spelled out in the tooltip.
    todo = model.index(0, 7)
    assert "adverse events" in model.data(todo, Qt.ItemDataRole.ToolTipRole)


def test_days_and_site_filters_ask_the_service_again(qtbot, demo_window, demo_path):
    page = demo_window.worklist_page
    with open_database(str(demo_path)) as db:
        month = worklist(db, DEMO_TODAY, 30)
        site_only = worklist(db, DEMO_TODAY, 30, "BJ01")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.days.setCurrentIndex(page.days.findData(30))
    assert shown_rows(page) == {(r.study_id, r.code, r.status) for r in month.rows}
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.site.setCurrentIndex(page.site.findData("BJ01"))
    assert shown_rows(page) == {(r.study_id, r.code, r.status) for r in site_only.rows}
    assert {r.site for r in page.model.rows} == {"BJ01"}


def test_a_positive_rcl_is_a_blocking_alert_on_top(demo_window):
    alerts = demo_window.worklist_page.alerts
    assert alerts.isVisible()
    first = alerts.labels[0]
    assert "BLOCKING SAFETY ALERT" in first.text() and "RCL positive" in first.text()
    assert "CD1922-009" in first.accessibleName()


def test_an_alert_link_opens_the_subjects_chart(qtbot, demo_window):
    with qtbot.waitSignal(demo_window.worklist_page.alerts.labels[0].linkActivated, timeout=WAIT_MS):
        demo_window.worklist_page.alerts.labels[0].linkActivated.emit("CD1922-009")
    chart = demo_window.charts["CD1922-009"]
    qtbot.waitUntil(lambda: chart.data is not None, timeout=WAIT_MS)
    assert chart.rcl_badge.isVisibleTo(chart) and "RCL positive" in chart.rcl_badge.text()


def test_double_click_opens_the_chart(qtbot, scene_window):
    page = scene_window.worklist_page
    table = page.table
    row = next(i for i, r in enumerate(page.model.rows) if r.study_id == "CD1922-017" and r.code == "M12")
    assert page.model.row(row).status == "due"
    rect = table.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "CD1922-017" in scene_window.charts, timeout=WAIT_MS)
    chart = scene_window.charts["CD1922-017"]
    qtbot.waitUntil(lambda: chart.data is not None, timeout=WAIT_MS)
    assert chart.isVisible()
    assert "M12" in chart.next_visit.text() and "RCL sample to test" in chart.next_visit.text()


def test_sorting_by_a_column_survives_a_refresh(qtbot, scene_window):
    page = scene_window.worklist_page
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    ids = [r.study_id for r in page.model.rows]
    assert ids == sorted(ids, reverse=True)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.refresh()
    assert [r.study_id for r in page.model.rows] == sorted(ids, reverse=True)
    assert SCENE_TODAY.isoformat() in page.heading.text()
    assert page.model.rowCount(QModelIndex()) == len(ids)


def test_a_returned_questionnaire_is_entered_from_its_worklist_line_and_a_yes_asks_the_adverse_event(qtbot, tmp_path):
    """Year 6 by questionnaire: the nurse picks the line, enters the answers; the visit leaves
    the worklist, its screen is stored; a yes to a new malignancy opens the chart's entry."""
    import datetime as dt

    from ltfu.services import screens
    from ltfu.services.subjects import NewSubject, enrol
    from ltfu.ui.entry_dialogs import AdverseEventDialog
    from ltfu.ui.screening import QuestionnaireDialog

    from .conftest import answer_screen, open_window

    path = tmp_path / "year6.sqlite3"
    infused = dt.date(2020, 12, 1)
    with open_database(str(path)) as db:
        enrol(db, NewSubject("CD1922-060", "BJ01", "DL2", infused), today=infused)
    window = open_window(qtbot, path, SCENE_TODAY)
    page = window.worklist_page
    line = next(i for i, r in enumerate(page.model.rows) if r.code == "Y6")
    assert page.model.rows[line].mode in ("phone", "questionnaire")
    clinic = next(i for i, r in enumerate(page.model.rows) if r.mode == "clinic")
    page.table.selectRow(clinic)
    assert not page.questionnaire_button.isEnabled() and page.enter_questionnaire() is None
    page.table.selectRow(line)
    assert page.questionnaire_action in page.table.actions() and page.questionnaire_action.isEnabled()

    with qtbot.waitSignal(page.opened, timeout=WAIT_MS) as opened:
        page.questionnaire_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, QuestionnaireDialog) and dialog.code == "Y6"
    answer_screen(dialog.screen_box, new_malignancy="yes")
    with qtbot.waitSignals([page.loaded, page.opened], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "Y6" not in [r.code for r in page.model.rows if r.study_id == "CD1922-060"]
    chart = window.charts["CD1922-060"]
    qtbot.waitUntil(lambda: isinstance(chart.dialog, AdverseEventDialog), timeout=WAIT_MS)
    assert chart.dialog.special.currentData() == "new_malignancy"
    chart.dialog.reject()
    with open_database(str(path)) as db:
        (screen,) = screens.subject_screens(db, "CD1922-060")
    assert (screen.visit_code, screen.source, screen.answers["new_malignancy"]) == ("Y6", "questionnaire", "yes")
def test_the_ind_report_reminder_is_an_alert_that_does_not_block(qtbot, demo_path):
    import datetime as dt

    from ltfu.schedule.protocol import bundled_protocol_path, load_protocol
    from ltfu.services import protocols

    from .conftest import open_window

    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    source = demo_path.parent / "with-ind.toml"
    source.write_text(f'{text}\n[ind]\nanniversary = "10-31"\n', encoding="utf-8")
    with open_database(str(demo_path)) as db, db.session() as session:
        protocols.register(session, load_protocol(source), dt.date(2026, 1, 1))
    window = open_window(qtbot, demo_path, DEMO_TODAY)
    alerts = window.worklist_page.alerts
    lines = [line.text() for line in alerts.labels if "IND annual report due" in line.text()]
    assert len(lines) == 1
    assert lines[0].startswith(
        "⚠ <b>Alert: IND annual report due</b> — The IND annual report of cd19-cd22-ph1 (period ending "
    )
    assert "is due on" in lines[0] and "href" not in lines[0]
    window.close()
def test_the_to_do_codes_have_a_legend_on_the_page_in_the_charts_words(demo_window):
    from ltfu.ui.labels import label

    page = demo_window.worklist_page
    shown = {code for r in page.model.rows for code in r.assessments}
    assert {"Ex", "S", "B", "G"} & shown
    assert page.legend.isVisible()
    for code in shown:
        assert f"{code}: {label('assessment', code)}" in page.legend.text()


def test_tabbing_into_the_worklist_shows_where_the_focus_is(qtbot, demo_window):
    table = demo_window.worklist_page.table
    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    assert not table.currentIndex().isValid()
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    assert table.current_source_row() is not None  # a highlighted row: Enter opens it
