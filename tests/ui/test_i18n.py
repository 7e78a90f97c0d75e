"""English and Simplified Chinese: the translation ships, loads, and reaches every screen."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from ltfu.ui import i18n
from ltfu.ui.labels import label
from ltfu.ui.main_window import MainWindow


@pytest.fixture
def chinese():
    QSettings().setValue("language", "zh_CN")
    assert i18n.install() == "zh_CN"
    yield
    i18n.install("en")


def test_the_chinese_translation_loads_and_the_window_speaks_it(qtbot, db_path, chinese):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    assert window.nav.item(0).text() == "工作清单"
    assert window.nav.item(1).text() == "受试者"
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert label("visit_status", "overdue") == "逾期"
    assert window.worklist_page.model.headerData(0, Qt.Orientation.Horizontal) == "状态"


def test_the_new_screens_speak_chinese_too(qtbot, db_path, chinese):
    from ltfu.ui.entry_dialogs import ResultDialog

    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    page = window.reports_page
    assert page.generate_button.text() == "生成(&G)"
    assert page.kind.itemText(3) == "年度状态报告"
    assert window.export_actions["csv"].text() == "CSV 及数据字典(&C)…"
    assert window.sign_out_action.text() == "退出登录(&O)"
    assert label("role", "pi") == "主要研究者" and label("meaning", "approved") == "批准"
    dialog = ResultDialog(window.desk, "CD1922-017", parent=window)
    qtbot.addWidget(dialog)
    dialog.set_analyte("igg")
    dialog.unit.setEditText("cells/uL")
    # A translated sentence built from translated pieces: the analyte's name and "or".
    assert dialog.problem.text() == "单位“cells/uL”不适用于 IgG：请使用 g/L 或 mg/dL。"


def test_safety_alerts_read_in_chinese(qtbot, db_path, chinese):
    import datetime as dt

    from ltfu.services.alerts import SafetyAlert
    from ltfu.ui.labels import alert_message
    from ltfu.ui.widgets import AlertsPanel

    low = SafetyAlert("CD1922-012", "SH02", "igg_low", dt.date(2026, 9, 25), 3.2, 4.0)
    rcl = SafetyAlert("CD1922-009", "SH02", "rcl_positive", dt.date(2023, 9, 1), None, None)
    assert alert_message(low) == "2026-09-25 IgG 3.2 g/L（< 4）：请考虑免疫球蛋白替代治疗。"
    assert "2023-09-01 RCL 检测阳性" in alert_message(rcl)
    panel = AlertsPanel()
    qtbot.addWidget(panel)
    panel.set_alerts((rcl, low))
    lines = [row.text() for row in panel.labels]
    assert "2023-09-01 RCL 检测阳性" in lines[0]
    assert "请考虑免疫球蛋白替代治疗" in lines[1] and "CD1922-012" in lines[1]


def test_english_is_the_source_language(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    assert window.nav.item(0).text() == "Worklist"
    assert label("visit_status", "overdue") == "Overdue"


def test_the_system_choice_follows_the_ui_language(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", lambda: QLocale("zh_CN"))
    assert i18n.resolve("system") == "zh_CN"
    monkeypatch.setattr(QLocale, "system", lambda: QLocale("en_GB"))
    assert i18n.resolve("system") == "en"
    assert i18n.resolve("zh_CN") == "zh_CN"


def test_every_string_is_translated_and_keeps_its_placeholders_and_mnemonic():
    tree = ET.parse(i18n.FOLDER / "ltfu_zh_CN.ts")
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        assert translation.get("type") is None and translation.text, source
        for n in range(8):
            assert (f"{{{n}" in source) == (f"{{{n}" in translation.text), source
        assert ("&" in source.replace("&amp;", "")) == ("&" in translation.text), source


def test_the_shipped_qm_gives_every_translation_the_ts_holds():
    """The window loads the .qm, people edit the .ts: after an edit without lrelease the
    window would show the old words (or English) for what the .ts says is translated."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(i18n.FOLDER / "ltfu_zh_CN.qm"))
    checked = 0
    for context in ET.parse(i18n.FOLDER / "ltfu_zh_CN.ts").getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            source = message.find("source").text
            comment = message.find("comment")
            wanted = message.find("translation").text
            got = translator.translate(name, source, comment.text if comment is not None else None)
            assert got == wanted, f"{name}: {source!r} gives {got!r} in the .qm, {wanted!r} in the .ts"
            checked += 1
    assert checked > 500


def _messages(ts: Path) -> dict[tuple[str, str, str | None], str | None]:
    """(context, source, disambiguation) -> the translation's state (None: finished)."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            comment = message.find("comment")
            key = (name, message.find("source").text, comment.text if comment is not None else None)
            found[key] = message.find("translation").get("type")
    return found


def test_the_shipped_ts_holds_every_text_the_window_shows_and_no_other(tmp_path):
    """pyside6-lupdate over the window's sources, into a copy of the shipped .ts, finds
    nothing new and nothing gone: an English text added, changed or removed without the
    lupdate step of the README (and its translation) fails here."""
    import subprocess
    import sys

    copy = tmp_path / "ltfu_zh_CN.ts"
    copy.write_bytes((i18n.FOLDER / "ltfu_zh_CN.ts").read_bytes())
    sources = sorted(str(p) for p in (i18n.FOLDER.parent).glob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    done = subprocess.run([str(lupdate), *sources, "-ts", str(copy)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    shipped, current = _messages(i18n.FOLDER / "ltfu_zh_CN.ts"), _messages(copy)
    gone = sorted(key for key, state in current.items() if state in ("vanished", "obsolete"))
    new = sorted(key for key, state in current.items() if key not in shipped)
    unfinished = sorted(key for key, state in current.items() if state == "unfinished")
    assert (new, gone, unfinished) == ([], [], [])
    assert set(current) == set(shipped)


def test_the_settings_page_saves_the_language_for_the_next_start(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    page = window.settings_page
    assert page.language.currentData() == "en"
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    assert QSettings().value("language") == "zh_CN"
    assert "starts again" in page.language_note.text()
    assert i18n.active() == "en"  # this window keeps its language


def test_every_report_progress_step_has_words_in_each_language(qapp, chinese):
    from ltfu.services.progress import ReportStep
    from ltfu.ui.reports_page import progress_text

    chinese_words = [progress_text(step) for step in ReportStep]
    assert progress_text(ReportStep.READING) == "正在读取记录"
    assert len(set(chinese_words)) == len(ReportStep)
    i18n.install("en")
    english = [progress_text(step) for step in ReportStep]
    assert english[0] == "Reading the records" and english[-1] == "Done"
    assert not set(english) & set(chinese_words)
