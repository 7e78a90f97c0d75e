"""File > Export (CSV with the dictionary, ODM, the handover archive, iCalendar) and the
audit trail's own CSV and PDF exports."""

from __future__ import annotations

import csv
import io
import zipfile

import pypdf
from PySide6.QtCore import QDate, Qt

from ltfu.ui.export import ExportCsvDialog, IcalDialog

from .conftest import WAIT_MS, wait_idle


def test_export_csv_writes_the_tables_and_the_dictionary(qtbot, demo_window, tmp_path, shown):
    demo_window.export_actions["csv"].trigger()
    dialog = demo_window.exporter.dialog
    assert isinstance(dialog, ExportCsvDialog) and dialog.isVisible()
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Choose the folder to write to."
    # Contacts are PHI: ticking the box says so before anything is written.
    dialog.contacts.setChecked(True)
    assert dialog.phi.isVisibleTo(dialog) and "Protected health information" in dialog.phi.text()
    dialog.contacts.setChecked(False)
    assert not dialog.phi.isVisibleTo(dialog)
    folder = tmp_path / "for-the-statistician"
    qtbot.keyClicks(dialog.folder, str(folder))
    with qtbot.waitSignal(demo_window.exporter.exported, timeout=WAIT_MS) as written:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    summary = written.args[0]
    assert not summary.with_contacts
    assert (folder / "dictionary.csv").is_file() and (folder / "subjects.csv").is_file()
    assert not (folder / "contacts.csv").exists()
    with (folder / "dictionary.csv").open(encoding="utf-8") as handle:
        assert {"table", "column", "meaning"} <= set(csv.DictReader(handle).fieldnames)
    assert shown.items[-1][:2] == ("information", "Export written")
    assert "dictionary.csv" in shown.items[-1][2] and str(folder) in shown.items[-1][2]


def test_the_folder_comes_from_the_folder_dialog(qtbot, demo_window, tmp_path, file_dialogs):
    dialog = demo_window.exporter.export_csv()
    file_dialogs.answers.append(tmp_path / "chosen")
    browse = next(b for b in dialog.findChildren(type(dialog.ok)) if b.text() == "&Browse…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(tmp_path / "chosen") and dialog.ok.isEnabled()
    dialog.reject()


def test_ical_odm_and_the_archive_are_written_where_the_user_says(qtbot, demo_window, tmp_path, file_dialogs, shown):
    exporter = demo_window.exporter
    # iCalendar: next month's visits of one site.
    dialog = exporter.export_ical()
    assert isinstance(dialog, IcalDialog)
    assert (dialog.date_from.date(), dialog.date_to.date()) == (QDate(2026, 12, 1), QDate(2026, 12, 31))
    dialog.site.setCurrentIndex(dialog.site.findData("SH02"))
    dialog.date_to.setDate(QDate(2026, 11, 1))
    assert "ends before it starts" in dialog.problem.text()
    dialog.date_to.setDate(QDate(2026, 12, 31))
    file_dialogs.answers.append(tmp_path / "december")
    browse = next(b for b in dialog.findChildren(type(dialog.ok)) if b.text() == "&Browse…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.file.text() == str(tmp_path / "december.ics")
    with qtbot.waitSignal(exporter.exported, timeout=WAIT_MS) as written:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    ics = (tmp_path / "december.ics").read_text(encoding="utf-8")
    assert written.args[0].events == ics.count("BEGIN:VEVENT") > 0
    assert "CD1922-" in ics

    # ODM.
    file_dialogs.answers.append(tmp_path / "study.xml")
    with qtbot.waitSignal(exporter.exported, timeout=WAIT_MS):
        demo_window.export_actions["odm"].trigger()
    assert (tmp_path / "study.xml").read_bytes().startswith(b"<?xml")

    # The handover archive: a question about what it holds first (answered Yes here).
    file_dialogs.answers.append(tmp_path / "handover")
    with qtbot.waitSignal(exporter.exported, timeout=WAIT_MS):
        demo_window.export_actions["archive"].trigger()
    assert any(kind == "question" and "names and addresses" in text for kind, _t, text in shown.items)
    assert (tmp_path / "handover.zip").is_file()
    with zipfile.ZipFile(tmp_path / "handover.zip") as archive:  # the same archive as `ltfu archive` writes
        printed = sorted(n.rsplit("/", 1)[-1] for n in archive.namelist() if n.endswith(".pdf"))
    assert printed[0].startswith("annual-report-") and any(n.startswith("calendar-") for n in printed)
    assert shown.items[-1][1] == "Export written" and "handover.zip" in shown.items[-1][2]


def test_cancelling_the_file_dialog_writes_nothing(qtbot, demo_window, shown):
    demo_window.export_actions["odm"].trigger()
    wait_idle(qtbot, demo_window)
    assert shown.items == []


def test_a_nurse_may_not_export(qtbot, accounts_path, tmp_path, shown):
    from .conftest import NURSE, open_for_sign_in, sign_in

    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, NURSE)
    enabled = {key: action.isEnabled() for key, action in window.export_actions.items()}
    assert enabled == {"csv": False, "odm": False, "archive": False, "ical": False}
    # Asked anyway (the menu is not the guard): the service refuses, in the dialog.
    dialog = window.exporter.export_csv()
    dialog.folder.setText(str(tmp_path / "out"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert "may not export data" in dialog.problem.text()
    assert not (tmp_path / "out").exists()


def test_the_audit_trail_exports_whole_or_for_the_selected_subject(qtbot, scene_window, tmp_path, file_dialogs, shown):
    page = scene_window.audit_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        scene_window.nav.setCurrentRow(4)
    assert not page.only_subject.isEnabled()
    file_dialogs.answers.append(tmp_path / "trail.csv")
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    with (tmp_path / "trail.csv").open(encoding="utf-8") as handle:
        whole = list(csv.reader(handle))
    # The export is itself the trail's last entry: who wrote it, where to.
    assert len(whole) - 1 == page.model.rowCount() + 1 > 10
    assert whole[-1][3:5] == ["export", "database"] and whole[-1][9] == str(tmp_path / "trail.csv")
    assert shown.items[-1][1] == "Audit trail exported" and f"{len(whole) - 1} audit entries" in shown.items[-1][2]

    row = next(r for r in range(page.proxy.rowCount()) if page.model.row(page.table.source_row(r)).study_id)
    page.table.selectRow(row)
    study_id = page.selected_subject()
    assert page.only_subject.isEnabled() and study_id in page.only_subject.text()
    page.only_subject.setChecked(True)
    assert page.export_scope() == study_id
    file_dialogs.answers.append(tmp_path / "one-subject")
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as written:
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert written.args[0] == tmp_path / "one-subject.pdf"
    assert file_dialogs.asked[-1][1].name == f"audit-trail-{study_id}.pdf"
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "one-subject.pdf").read_bytes()))
    text = reader.pages[0].extract_text()
    assert f"Audit trail of {study_id}" in text
    other = ({"CD1922-017", "CD1922-018"} - {study_id}).pop()
    assert other not in text


def test_every_form_label_with_a_shortcut_has_its_field(qtbot, demo_window):
    """A label with "&" and no buddy shows the "&" as it is ("&Folder:")."""
    from PySide6.QtWidgets import QLabel

    exporter = demo_window.exporter
    for dialog in (exporter.export_csv(), exporter.export_ical()):
        for text_label in dialog.findChildren(QLabel):
            if "&" in text_label.text().replace("&&", "") and text_label.textFormat() != Qt.TextFormat.RichText:
                assert text_label.buddy() is not None, text_label.text()
        dialog.reject()
