"""The Reports page: letters with the subjects skipped, schedules, calendars, the annual
report with progress, the PI's signature, and the letters log with returned mail."""

from __future__ import annotations

import datetime as dt
import io
import stat

import pypdf
import pytest
from PySide6.QtCore import QDate, Qt

from ltfu.services.database import open_database
from ltfu.services.signatures import sha256, verify_document
from ltfu.ui.reports_page import ReportsPage, next_month, next_quarter, pdf_pages

from .conftest import DEMO_TODAY, NURSE, PI, WAIT_MS, open_for_sign_in, screenshot, sign_in, wait_idle


def reports(qtbot, window):
    """The Reports page, shown, its letters log read."""
    page = window.reports_page
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS):
        window.nav.setCurrentRow(2)
    return page


def generate(qtbot, page):
    assert page.generate_button.isEnabled(), page.status.text()
    with qtbot.waitSignal(page.generated, timeout=WAIT_MS) as made:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    return made.args[0]


def pages_of(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_letters_for_a_range_list_the_subjects_skipped_and_go_into_the_log(qtbot, demo_window):
    page = reports(qtbot, demo_window)
    page.set_kind("letters")
    page.letters_from.setDate(QDate(2026, 12, 1))
    page.letters_to.setDate(QDate(2026, 12, 31))
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS):
        output = generate(qtbot, page)
    assert output.pdf is not None and output.pages == pages_of(output.pdf)
    assert page.summary.text().startswith(f"{output.pages} page(s)")
    # The letters open in the preview at once, every page there.
    assert page.preview.isVisible() and page.preview.data == output.pdf
    assert page.preview.page_count.text() == f"of {output.pages}"
    assert "11 letter(s) for visit windows opening 2026-12-01 – 2026-12-31" in page.summary.text()
    skipped = {s.study_id: s.reason for s in page.skipped_model.rows}
    assert skipped["CD1922-006"] == "deceased"
    assert "confidential address" in skipped["CD1922-013"]
    assert page.skipped.isVisibleTo(page) and page.skipped_model.text(0, 1)
    assert not page.sign_button.isVisibleTo(page)
    # Every printed letter is in the log.
    assert page.log_model.rowCount() == 11
    assert {r.printed_on for r in page.log_model.rows} == {DEMO_TODAY}

    # One comes back: marked returned, with the date.
    page.log_table.selectRow(0)
    letter = page.selected_letter()
    assert page.returned_button.isEnabled()
    dialog = page.mark_returned()
    dialog.date.setDate(QDate(2026, 11, 28))
    assert not dialog.ok.isEnabled() and "printed on 2026-11-29" in dialog.problem.text()
    dialog.date.setDate(QDate(2026, 11, 29))
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    back = next(r for r in page.log_model.rows if r.letter_id == letter.letter_id)
    assert back.returned_mail and back.returned_on == DEMO_TODAY
    assert "1 returned" in page.log_count.text()
    wait_idle(qtbot, demo_window)


def test_the_annual_report_is_built_with_progress_and_described(qtbot, demo_window, tmp_path, file_dialogs):
    page = reports(qtbot, demo_window)
    page.set_kind("annual")
    assert page.year.value() == 2026
    assert page.data_cut.date() == QDate(2026, 11, 29)  # min(31 Dec, today)
    page.year.setValue(2025)
    assert page.data_cut.date() == QDate(2025, 12, 31)
    page.year.setValue(2026)
    output = generate(qtbot, page)
    assert page.progress_log[-1] == "Done"
    assert {"Computing the endpoints", "Laying out the pages"} <= set(page.progress_log)
    assert output.pages == pages_of(output.pdf) == 13
    text = page.summary.text()
    assert text.startswith("13 page(s)")
    assert "Reporting period 2026-01-01 – 2026-11-29; data cut 2026-11-29." in text
    assert output.data_hash in text and "Not signed yet." in text
    # Set-up mode: nobody to sign as, and the tooltip says so.
    assert page.sign_button.isVisibleTo(page) and not page.sign_button.isEnabled()
    assert (
        page.sign_button.toolTip().startswith("Set-up mode") and "principal investigator" in page.sign_button.toolTip()
    )
    # The pages open in the preview; another viewer gets a private copy; Save as writes where the user says.
    preview = page.preview
    assert preview.isVisible() and preview.shown_sha256 == sha256(output.pdf)
    assert preview.page_count.text() == "of 13"
    qtbot.mouseClick(preview.external_button, Qt.MouseButton.LeftButton)
    opened = file_dialogs.opened[-1]
    assert opened.read_bytes() == output.pdf
    assert stat.S_IMODE(opened.stat().st_mode) == 0o600
    file_dialogs.answers.append(tmp_path / "annual")
    with qtbot.waitSignal(preview.saved, timeout=WAIT_MS):
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "annual.pdf").read_bytes() == output.pdf
    assert file_dialogs.asked[-1][1].name == "annual-report-2026.pdf"
    demo_window.reports_page.forget()
    qtbot.waitUntil(lambda: not opened.exists(), timeout=WAIT_MS)  # the private copy goes with the preview


def test_the_annual_report_can_be_made_in_chinese(qtbot, demo_window):
    page = reports(qtbot, demo_window)
    page.set_kind("annual")
    assert page.report_language.currentData() == "en"  # the default stays English
    page.report_language.setCurrentIndex(page.report_language.findData("zh"))
    output = generate(qtbot, page)
    cover = pypdf.PdfReader(io.BytesIO(output.pdf)).pages[0].extract_text()
    assert "2026年度进展报告" in cover and output.data_hash in cover
    assert output.language == "zh" and output.file_name == "annual-report-2026-zh.pdf"
    page.report_language.setCurrentIndex(page.report_language.findData("en"))
    wait_idle(qtbot, demo_window)


def test_the_annual_report_can_be_cancelled(qtbot, demo_window):
    page = reports(qtbot, demo_window)
    page.set_kind("annual")
    task = page.generate()
    with qtbot.waitSignal(task.ended, timeout=WAIT_MS):
        task.cancel()
    assert page.output is None
    assert page.status.text() == "Stopped; nothing was made."
    assert page.generate_button.isEnabled()


def test_a_pi_signs_the_annual_report_and_the_saved_file_verifies(
    qtbot, pi_window, accounts_path, tmp_path, file_dialogs
):
    page = reports(qtbot, pi_window)
    page.set_kind("letters")
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS):
        generate(qtbot, page)  # December's letters, for the log below
    page.set_kind("annual")
    page.data_cut.setDate(QDate(2026, 11, 30))
    assert "future" in page.status.text() and not page.generate_button.isEnabled()
    page.data_cut.setDate(QDate(2026, 11, 28))
    # Not shown yet (the preview did not open): Sign stays off, and says why.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ReportsPage, "show_preview", lambda self: None)
        output = generate(qtbot, page)
    assert not page.sign_button.isEnabled() and page.sign() is None
    assert page.sign_button.toolTip().startswith("Look at the report in the preview first")
    preview = page.show_preview()
    assert preview.shown_sha256 == sha256(output.pdf) and page.shown_sha256 == sha256(output.pdf)
    assert page.sign_button.isEnabled()
    dialog = page.sign()
    assert any("as Li Wei" in text.text() for text in dialog.findChildren(type(page.summary)))
    assert not dialog.ok.isEnabled()
    dialog.password.setText("not-my-password")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert dialog.problem.text() == "Wrong user name or password." and dialog.password.text() == ""

    dialog.meaning.setCurrentIndex(dialog.meaning.findData("approved"))
    dialog.password.setText(PI[3])
    with qtbot.waitSignal(page.signed, timeout=WAIT_MS) as signed:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    info = signed.args[0]
    shown = page.signature.text()
    assert page.signature.isVisibleTo(page)
    assert shown.startswith("Signed by Li Wei (li.wei), meaning: approved, on ")
    assert info.signed_at.strftime("%Y-%m-%d %H:%M") + " UTC" in shown
    assert info.signed_at.astimezone().strftime("%Y-%m-%d %H:%M") + " local time" in shown
    assert not page.sign_button.isEnabled()
    assert page.output.pdf != output.pdf and page.output.file_name == "annual-report-2026-signed.pdf"
    # The record names the signed pages, and those are what the preview shows now.
    assert info.document_sha256 == sha256(page.output.pdf) == preview.shown_sha256
    pi_window.resize(1280, 820)
    screenshot(pi_window, "screenshot-reports.png")

    target = tmp_path / "signed.pdf"
    file_dialogs.answers.append(target)
    with qtbot.waitSignal(preview.saved, timeout=WAIT_MS):
        preview.save()
    saved = target.read_bytes()
    with open_database(str(accounts_path)) as db:
        check = verify_document(db, saved)
        assert check is not None
        assert (check.printed_name, check.meaning, check.username) == ("Li Wei", "approved", "li.wei")
        assert verify_document(db, output.pdf) is None  # the unsigned preview carries no signature

    # Built again from the same data: the signed pages and their signature, not "Not signed yet".
    again = generate(qtbot, page)
    assert again.pdf == saved and again.signature.document_sha256 == info.document_sha256
    assert "Not signed yet." not in page.summary.text() and page.signature.text().startswith("Signed by Li Wei")
    assert not page.sign_button.isEnabled() and page.sign_button.toolTip().startswith("Signed already")
    wait_idle(qtbot, pi_window)


def test_a_nurse_sees_why_she_cannot_sign_and_the_pis_signature(qtbot, accounts_path):
    from ltfu.services.annual_report import ReportRequest, show_annual_report, sign_annual_report

    with open_database(str(accounts_path)) as db:
        db.sign_in(PI[0], PI[3])
        shown = show_annual_report(db, 2026, ReportRequest(DEMO_TODAY, today=DEMO_TODAY))
        signed, _info = sign_annual_report(
            db, 2026, ReportRequest(DEMO_TODAY, today=DEMO_TODAY), PI[3], "approved", shown_sha256=sha256(shown.pdf)
        )
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, NURSE)
    page = reports(qtbot, window)
    page.set_kind("annual")
    page.report_language.setCurrentIndex(page.report_language.findData("zh"))
    generate(qtbot, page)  # the Chinese pages: nobody signed those
    assert "Not signed yet." in page.summary.text()
    assert not page.sign_button.isEnabled()
    assert page.sign_button.toolTip() == (
        "Only a principal investigator signs the annual report (you are signed in as nurse)."
    )
    page.report_language.setCurrentIndex(page.report_language.findData("en"))
    output = generate(qtbot, page)
    assert output.pdf == signed and page.preview.shown_sha256 == sha256(signed)
    assert page.signature.text().startswith("Signed by Li Wei (li.wei), meaning: approved")
    wait_idle(qtbot, window)
    window.close()


def test_a_schedule_and_a_site_calendar(qtbot, demo_window, file_dialogs):
    page = reports(qtbot, demo_window)
    page.set_kind("schedule")
    assert not page.generate_button.isEnabled() and page.status.text() == "Enter the subject's study id."
    page.study_id.setText("CD1922-017")
    output = generate(qtbot, page)
    assert output.title == "Schedule and wallet card of CD1922-017"
    assert output.pages == pages_of(output.pdf) >= 2
    page.set_kind("calendar")
    assert page.site.currentData() == "BJ01"
    first, last = next_quarter(DEMO_TODAY)
    assert (first, last) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    output = generate(qtbot, page)
    assert output.file_name == "calendar-BJ01-2027-01-01-2027-03-31.pdf"
    assert output.pages == pages_of(output.pdf)
    assert page.preview.data == output.pdf and page.preview.pages() == output.pages  # the same preview, reused
    # A subject that does not exist: said at once, nothing made.
    page.set_kind("schedule")
    page.study_id.setText("CD1922-999")
    assert not page.generate_button.isEnabled() and page.status.text() == "No subject matches “CD1922-999”."


def test_the_schedules_subject_is_found_as_search_finds_it_and_enter_makes_it(qtbot, demo_window):
    page = reports(qtbot, demo_window)
    page.set_kind("schedule")
    page.study_id.setText("02")
    assert not page.generate_button.isEnabled()
    assert page.status.text().startswith("“02” matches ") and "type more of the study id" in page.status.text()
    page.study_id.setText("025")
    assert page.generate_button.isEnabled(), page.status.text()
    page.study_id.setFocus()
    with qtbot.waitSignal(page.generated, timeout=WAIT_MS) as made:
        qtbot.keyClick(page.study_id, Qt.Key.Key_Return)
    assert made.args[0].title == "Schedule and wallet card of CD1922-025"


def test_default_ranges():
    assert next_month(dt.date(2026, 12, 15)) == (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert next_month(dt.date(2026, 1, 31)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert next_quarter(dt.date(2026, 5, 2)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert next_quarter(dt.date(2026, 8, 2)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert pdf_pages(b"%PDF-1.4 /Type /Pages /Type /Page /Type /Page") == 2


def test_a_pi_writes_the_plan_previews_and_signs_the_ind_report_in_chinese(qtbot, accounts_path, file_dialogs):
    from ltfu.schedule.protocol import bundled_protocol_path, load_protocol
    from ltfu.services import protocols
    from ltfu.services.ind_report import ind_plan

    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    source = accounts_path.parent / "with-ind.toml"
    source.write_text(f'{text}\n[ind]\nanniversary = "09-30"\nplanned_subjects = 60\n', encoding="utf-8")
    with open_database(str(accounts_path)) as db, db.session() as session:
        protocols.register(session, load_protocol(source), dt.date(2026, 1, 1))
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, PI)
    page = reports(qtbot, window)
    page.set_kind("ind")
    assert page.kind.currentText() == "IND annual report"
    page.ind_language.setCurrentIndex(page.ind_language.findData("zh"))
    page.ind_plan.setPlainText("Continue follow-up to year 15.")
    output = generate(qtbot, page)
    assert output.kind == "ind" and output.file_name == "ind-report-2026-09-30-zh.pdf"
    assert "Reporting period 2025-10-01 – 2026-09-30; due 2026-11-29." in page.summary.text()
    words = "".join(pypdf.PdfReader(io.BytesIO(output.pdf)).pages[-1].extract_text().split())
    assert "7.下一年度计划" in words and "Continuefollow-uptoyear15." in words
    with open_database(str(accounts_path)) as db:
        assert ind_plan(db, dt.date(2026, 9, 30)) == "Continue follow-up to year 15."
    # The preview opened with the pages: Sign is offered, and signs those pages.
    assert page.shown_sha256 == sha256(output.pdf) and page.sign_button.isEnabled()
    dialog = page.sign()
    assert dialog.windowTitle() == "Sign the IND annual report, period ending 2026-09-30"
    dialog.password.setText(PI[3])
    with qtbot.waitSignal(page.signed, timeout=WAIT_MS) as signed:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    info = signed.args[0]
    assert info.document_kind == "ind_2026-09-30_cd19-cd22-ph1" and info.document_sha256 == sha256(page.output.pdf)
    assert page.output.file_name == "ind-report-2026-09-30-zh-signed.pdf"
    window.resize(1280, 820)
    screenshot(window, "screenshot-ind-report.png")
    wait_idle(qtbot, window)
    window.close()
