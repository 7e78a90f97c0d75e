"""Nothing a user reads lacks its Chinese: the window's texts (.ts), the services'
messages the window shows (`ltfu.errors.MESSAGES`), the printed texts (TOML), and names
written the Chinese way."""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from ltfu import vocabulary
from ltfu.errors import MESSAGES, Message
from ltfu.reports.texts import default_folder
from ltfu.ui import i18n, labels

from .conftest import PI, WAIT_MS, open_for_sign_in, screenshot

SOURCES = Path(labels.__file__).resolve().parents[1]


@pytest.fixture
def chinese():
    QSettings().setValue("language", "zh_CN")
    assert i18n.install() == "zh_CN"
    yield
    QSettings().setValue("language", "en")
    i18n.install("en")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_window_ts_has_no_unfinished_or_empty_translation():
    for context in ET.parse(i18n.FOLDER / "ltfu_zh_CN.ts").getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            where = f"{context.findtext('name')}: {message.findtext('source')!r}"
            assert translation.get("type") is None and (translation.text or "").strip(), where


def test_every_service_message_has_the_same_english_and_a_chinese_sentence_with_its_fields(qapp):
    assert set(labels.message_codes()) == set(MESSAGES)
    i18n.install("en")
    english = {
        code: labels.message_text(Message(code, **dict.fromkeys(_fields(MESSAGES[code]), 7))) for code in MESSAGES
    }
    try:
        i18n.install("zh_CN")
        for code, template in MESSAGES.items():
            params = dict.fromkeys(_fields(template), 7)
            assert labels.message_text(Message(code, **params)) != str(Message(code, **params)), code
            said = labels._messages()[code]
            assert _fields(said) == _fields(template), code
            assert re.search(r"[\u4e00-\u9fff]", said), f"{code}: {said!r} has no Chinese"
    finally:
        i18n.install("en")
    # In English the window says what the command line prints.
    assert english == {code: str(Message(code, **dict.fromkeys(_fields(MESSAGES[code]), 7))) for code in MESSAGES}


def test_every_message_code_the_sources_raise_is_declared():
    used = {
        code
        for path in SOURCES.rglob("*.py")
        for code in re.findall(r'Message\(\s*"([a-z_.]+)"', path.read_text("utf-8"))
    }
    assert used and used <= set(MESSAGES), used - set(MESSAGES)


# A sentence written out where it is raised or listed as a problem (not a `Message`)
# stays English in the Chinese window. Raises of Python's own errors are bugs, shown as
# such; nothing else may write a sentence out, except where the window never goes.
_BUG = r"(?!(?:Value|Type|Key|Runtime|Assertion|NotImplemented|StaleData|OS|Attribute|Index|Lookup)Error\()"
_WRITTEN_OUT = re.compile(
    r"(?:raise\s+" + _BUG + r"(?:\w+Error|PermissionDenied)\(|Refused\.because\(|(?:problems|reasons|differences)"
    r"\.append\()\s*f?[\"']"
    # ... or given as the problem of a protocol file's field (a code has no space: "protocol.missing").
    r"|\.problem\(\s*[^,]+,\s*f?[\"'][^\"']*\s"
    # ... or stored as the reason of an audit entry (shown on the audit page).
    r"|\breason=\(?\s*f?[\"'][^\"']*\s"
)
# ... or returned by a function that says what is wrong (`date_problem`, `_step_problem` ...).
_RETURNED = re.compile(r"^\s*return\s+f?[\"'][^\"']*\s", re.MULTILINE)
_DEF = re.compile(r"^\s*def (\w+)", re.MULTILINE)
_NEVER_IN_THE_WINDOW = (
    "cli.py::",  # the command line's own words
    "schedule/plan.py::",  # guards of the pure planning against a caller's bug
    "schedule/status.py::",
    "reports/",  # checks of the printed texts' files and of a report's content (a bug when they fail)
    "services/backup.py::",  # ltfu backup, ltfu restore
    "services/protocols.py::amend",  # ltfu protocol amend
    "services/demo.py::",  # ltfu demo
    "services/trail.py::",  # ltfu check
    "services/maintenance.py::first_problem",  # ltfu check, and the restores' full check
    "services/archive.py::_check_target",  # ltfu restore-archive
    "services/archive.py::_full_check",
    "services/archive.py::_restore_into",
    "services/archive.py::_target_problem",
    "services/archive.py::_verify",
    "services/course.py::_schedule",  # a date past 9999 stored outside ltfu (ltfu check finds it)
)


def test_no_message_the_window_can_show_is_written_out_in_english():
    written = []
    for path in sorted(SOURCES.rglob("*.py")):
        text = path.read_text("utf-8")
        for pattern in (_WRITTEN_OUT, _RETURNED):
            for found in pattern.finditer(text):
                defs = _DEF.findall(text, 0, found.start())
                function = defs[-1] if defs else ""
                if pattern is _RETURNED and "problem" not in function and function != "implausible":
                    continue
                where = f"{path.relative_to(SOURCES).as_posix()}::{function}"
                if not where.startswith(_NEVER_IN_THE_WINDOW):
                    written.append(f"{where} line {text.count(chr(10), 0, found.start()) + 1}")
    assert written == []


def test_the_guard_finds_a_sentence_written_out():
    assert _WRITTEN_OUT.search('raise ValidationError(f"Cannot {x}.")')
    assert _WRITTEN_OUT.search('raise PermissionDenied(\n    "Sign in first."\n)')
    assert _WRITTEN_OUT.search('problems.append("the term is empty")')
    assert not _WRITTEN_OUT.search('raise ValidationError(Message("ae.no_term"))')
    assert not _WRITTEN_OUT.search('raise ValueError(f"a bug {x}")')
    assert _WRITTEN_OUT.search('self.problem(where, f"missing {key!r}", header)')
    assert not _WRITTEN_OUT.search('self.problem(where, "protocol.missing", header, key=key)')
    assert _WRITTEN_OUT.search('reason=f"import of {name}",')
    assert not _WRITTEN_OUT.search('reason=MESSAGES["reason.import"].format(file=name),')
    assert _RETURNED.search('    return f"onset {onset} is before lymphodepletion"')
    assert not _RETURNED.search('    return "overdue"')


@pytest.mark.parametrize(("english", "chinese_file"), [("en", "zh"), ("annual_en", "annual_zh")])
def test_the_printed_texts_have_the_same_keys_in_both_languages(english, chinese_file):
    def leaves(table, prefix=()):
        for key, value in table.items():
            if isinstance(value, dict):
                yield from leaves(value, (*prefix, key))
            else:
                yield (*prefix, key), value

    def texts(name):
        return dict(leaves(tomllib.loads(default_folder().joinpath(f"{name}.toml").read_text("utf-8"))))

    en, zh = texts(english), texts(chinese_file)
    assert set(en) == set(zh)
    assert [key for key, value in zh.items() if value in ("", [])] == []


def test_names_are_written_family_name_first_in_chinese_only():
    assert vocabulary.person_name("样本三", "王") == "王样本三"
    assert vocabulary.person_name(" 样本三", "王 ") == "王样本三"
    assert vocabulary.person_name("Anna", "Berg") == "Anna Berg"
    assert vocabulary.person_name(None, "Berg") == "Berg"
    assert vocabulary.person_name(None, None) == ""


def test_a_wrong_password_is_explained_in_chinese(qtbot, chinese, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    dialog = window.sign_in_dialog
    dialog.username.setText(PI[0])
    dialog.password.setText("not-the-password")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert dialog.problem.text() == "用户名或密码错误。"
    screenshot(dialog, "screenshot-sign-in-zh.png")


def _import(qtbot, window, csv_file: Path, text: str) -> bool:
    """Import `text` as `csv_file` from the Import page: whether it was imported."""
    page = window.import_page
    window.nav.setCurrentRow(3)
    csv_file.write_text(text, encoding="utf-8")
    with qtbot.waitSignal(page.previewed, timeout=WAIT_MS):
        page.load_file(csv_file)
    with qtbot.waitSignal(page.finished, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def _import_problems(qtbot, window, csv_file: Path, text: str) -> list[str]:
    """Import `text` as `csv_file` from the Import page: the problems it lists (refused)."""
    assert not _import(qtbot, window, csv_file, text)
    page = window.import_page
    return [page.problems_model.text(row, 1) for row in range(page.problems_model.rowCount())]


def test_import_problems_are_listed_in_chinese(qtbot, chinese, scene_window, tmp_path):
    problems = _import_problems(
        qtbot,
        scene_window,
        tmp_path / "subjects.csv",
        "subject_id,site,dose_level,infusion_date,sex\n"
        "CD1922-101,BJ01,DL1,2026-01-05,F\n"
        "CD1922-102,SH02,DL2,2024-02-30,F\n"
        "CD1922-103,SH02,DL2,2024-02-03,X\n",
    )
    assert problems == [
        "infusion_date “2024-02-30” 不是有效日期（YYYY-MM-DD）",
        "sex “X” 不是以下之一：F、M、U",
    ]
    screenshot(scene_window.import_page, "screenshot-import-problems-zh.png")


def test_qts_own_file_and_print_dialogs_speak_chinese(qtbot, chinese):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    assert "文件名称(&N)：" in [label.text() for label in dialog.findChildren(QLabel)]
    assert QCoreApplication.translate("QPrintDialog", "Print") == "打印"


def test_every_table_and_field_the_audit_trail_names_has_words(qapp, chinese):
    from ltfu.db import models as m
    from ltfu.services.trail import RECORD_FIELDS

    fields = {field for names in RECORD_FIELDS.values() for field in names}
    fields |= {column.name for column in m.Base.metadata.tables["contact"].columns} - {"id", "row_version"}
    assert set(m.Base.metadata.tables) <= set(labels.label_codes("record"))
    assert fields <= set(labels.label_codes("field"))
    assert labels.label("record", "safety_case") == "安全性个案"
    assert labels.label("field", "awareness_date") == "中心获知日期"
    assert labels.label("audit_action", "login_failed") == "登录被拒"
    assert labels.stored_text("account locked") == "账户已锁定"
    assert labels.stored_text("the site is the sponsor") == "研究中心即申办方"
    assert labels.stored_text("typed by a person") == "typed by a person"
    assert labels.stored_text("import of visits.csv") == "导入 visits.csv"
    assert labels.stored_text("edit check missing_safety_screen") == "逻辑核查 missing_safety_screen"
    assert labels.stored_text("protocol file ph2.toml added") == "已添加方案文件 ph2.toml"


def test_a_refused_right_is_said_in_chinese_with_the_roles_and_the_actions_words(qapp, chinese):
    from ltfu.errors import PermissionDenied
    from ltfu.services import users
    from ltfu.ui.errors import error_text

    with pytest.raises(PermissionDenied) as refused:
        users.check_permission("nurse", "sign", "ana")
    assert str(refused.value) == "ana (nurse) may not sign reports; ask a user whose role allows it."
    said = error_text(refused.value)
    assert said.startswith(f"ana（{labels.label('role', 'nurse')}）无权签署报告") and "nurse" not in said


# A sentence left in English: two words of letters in a row (ids, dates, column names
# and codes are single tokens: CD1922-017, M3, 2026-01-05, subject_id, U+0007).
_ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,;:'()]+[A-Za-z]{2,}")


def _no_english_sentence(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text) and not _ENGLISH.search(text), text


# A visit not in the plan, a date in the future, a control character in a value.
_BAD_VISITS = (
    "subject_id,visit_code,date,status,mode,reason\n"
    "CD1922-017,M99,2026-01-05,done,clinic,\n"
    "CD1922-017,M3,2099-01-05,done,clinic,\n"
    "CD1922-017,M3,2026-01-05,done,clinic,ring\x07bell\n"
)


def test_import_row_problems_of_a_visits_file_are_listed_in_chinese(qtbot, chinese, scene_window, tmp_path):
    problems = _import_problems(qtbot, scene_window, tmp_path / "visits.csv", _BAD_VISITS)
    assert len(problems) == 3, problems
    for problem in problems:
        _no_english_sentence(problem)
    assert "M99" in problems[0] and "U+0007" in problems[2]


def test_adding_a_user_that_exists_is_refused_in_chinese(qtbot, chinese, accounts_path):
    from .conftest import ADMIN, sign_in

    window = open_for_sign_in(qtbot, accounts_path)
    page = window.settings_page
    with qtbot.waitSignal(page.users_loaded, timeout=WAIT_MS):
        sign_in(qtbot, window, ADMIN)
    dialog = page.add_user()
    dialog.username.setText(PI[0])
    dialog.full_name.setText("Someone Else")
    dialog.role.setCurrentIndex(dialog.role.findData("coordinator"))
    dialog.password.setText("coordinator-pw-1")
    dialog.again.setText("coordinator-pw-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert dialog.problem.text() == f"已有用户“{PI[0]}”。"


def test_the_letters_run_says_why_subjects_were_skipped_in_chinese(qtbot, chinese, demo_window):
    from PySide6.QtCore import QDate

    page = demo_window.reports_page
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS):
        demo_window.nav.setCurrentRow(2)
    page.set_kind("letters")
    page.letters_from.setDate(QDate(2026, 12, 1))
    page.letters_to.setDate(QDate(2026, 12, 31))
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS), qtbot.waitSignal(page.generated, timeout=WAIT_MS):
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    said = {
        page.skipped_model.text(row, 0): page.skipped_model.text(row, 1) for row in range(page.skipped_model.rowCount())
    }
    assert said["CD1922-006"] == "已故"
    for reason in said.values():
        _no_english_sentence(reason)
    screenshot(page, "screenshot-letters-skipped-zh.png")


def test_a_refused_adverse_event_is_said_in_chinese_with_its_outer_sentence(qtbot, chinese, scene_window):
    from .test_entry_dialogs import a_dlt_before_the_infusion

    dialog = a_dlt_before_the_infusion(qtbot, scene_window)
    said = dialog.problem.text()
    assert said.startswith("无法记录该不良事件：") and "2025-11-28" in said, said
    _no_english_sentence(said)
    screenshot(dialog, "screenshot-refusal-zh.png")
    dialog.reject()


def test_a_whole_file_refused_is_said_in_chinese(qtbot, chinese, scene_window, tmp_path):
    text = "subject_id,site,infusion_date,colour\nCD1922-101,BJ01,2026-01-05,red\n"
    assert not _import(qtbot, scene_window, tmp_path / "subjects.csv", text)
    said = scene_window.import_page.result.text()
    assert "dose_level" in said and "colour" in said, said
    _no_english_sentence(said)


def test_what_an_import_wrote_is_said_in_chinese(qtbot, chinese, scene_window, tmp_path):
    text = "subject_id,site,dose_level,infusion_date\nCD1922-201,BJ09,DL1,2026-01-05\n"
    assert _import(qtbot, scene_window, tmp_path / "subjects.csv", text)
    said = scene_window.import_page.result.text()
    assert "subjects.csv" in said and "BJ09" in said, said
    _no_english_sentence(said)


def test_the_refusals_of_studies_access_queries_and_the_course_are_said_in_chinese(
    qapp, chinese, db_path, tmp_path, monkeypatch
):
    from argon2 import PasswordHasher

    from ltfu.errors import ImportRowsError, ValidationError, message_of
    from ltfu.schedule.protocol import bundled_protocol_path
    from ltfu.services import browse, protocols, queries, users
    from ltfu.services.course_records import NewInfusion, record_infusion
    from ltfu.services.database import open_database
    from ltfu.services.demo import build_demo
    from ltfu.services.subjects import import_subjects
    from ltfu.ui.queries_view import answer_text

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    today = dt.date(2026, 11, 29)
    english = ("Cannot", "already", "closed", "which study", "No study", "is already here", "you do not see", "granted")

    def said(exc_info) -> list[str]:
        texts = [labels.message_text(message_of(exc_info.value))]
        if isinstance(exc_info.value, ImportRowsError):
            texts = [labels.message_text(reason) for _line, reason in exc_info.value.problems]
        for text in texts:
            assert re.search(r"[\u4e00-\u9fff]", text) and not any(word in text for word in english), text
        return texts

    with open_database(str(db_path)) as db:
        build_demo(db, subjects=8, seed=1, today=today, studies=2)
        rows = browse.subject_rows(db, today)
        first = rows[0].study_id
        query = queries.raise_query(db, first, "subject", None, "Is the dose level right?", "dose_level")
        queries.close_query(db, query)
        with pytest.raises(ValidationError) as refused:
            queries.close_query(db, query)
        assert "已关闭" in said(refused)[0]
        (row,) = [q for q in queries.list_queries(db, first) if q.id == query]
        for note in (queries.RESOLVED, queries.RERAISED):  # the notes the edit checks write
            shown = answer_text(replace(row, note=note))
            assert re.search(r"[\u4e00-\u9fff]", shown) and note not in shown, shown
        with pytest.raises(ValidationError) as refused:
            record_infusion(db, first, NewInfusion(today + dt.timedelta(days=3)), today)
        assert said(refused)[0].startswith("无法记录")
        changed = tmp_path / "phase2.toml"
        text = bundled_protocol_path("cd19-cd22-ph2").read_text(encoding="utf-8")
        changed.write_text(text.replace('version = "1.0"', 'version = "1.1"', 1), encoding="utf-8")
        with pytest.raises(ValidationError) as refused:
            protocols.add(db, changed, today)
        said(refused)

        browse.create_first_administrator(db, "ada", "Ada Admin", "correct horse battery")
        browse.add_user(db, "cora", "Cora", "coordinator", "correct horse battery")
        browse.grant_access(db, "cora", None, "BJ01")
        db.sign_in("cora", "correct horse battery")
        elsewhere = next(r.study_id for r in rows if r.site == "SH02")
        csv = tmp_path / "subjects.csv"
        # Seen elsewhere; at a site not granted; no study named among two; an unknown study.
        rows_of = [(elsewhere, "BJ01", "cd19-cd22-ph1"), ("NEW-2", "SH02", "cd19-cd22-ph1"), ("NEW-3", "BJ01", "")]
        rows_of.append(("NEW-4", "BJ01", "cd30-ph9"))
        lines = [f"{sid},{site},DL1,2026-10-01,{study}" for sid, site, study in rows_of]
        csv.write_text(
            "\n".join(["subject_id,site,dose_level,infusion_date,protocol", *lines]) + "\n", encoding="utf-8"
        )
        with pytest.raises(ImportRowsError) as refused:
            import_subjects(db, csv, today)
        assert len(said(refused)) == 4


def test_a_broken_protocol_file_added_in_settings_is_refused_in_chinese_naming_file_line_and_field(
    qtbot, chinese, demo_window, shown, tmp_path
):
    from ltfu.schedule.protocol import bundled_protocol_path

    text = bundled_protocol_path("cd19-cd22-ph2").read_text(encoding="utf-8")
    broken = text.replace('mode = "phone"', 'mode = "fax"', 1).replace("duration_years = 15", "duration_years = 0")
    bad = tmp_path / "broken-ph2.toml"
    bad.write_text(broken, encoding="utf-8")
    mode_line = broken.splitlines().index('mode = "fax"') + 1
    years_line = broken.splitlines().index("duration_years = 0") + 1
    with qtbot.waitSignal(demo_window.settings_page.protocol_done, timeout=WAIT_MS):
        demo_window.settings_page.add_protocol(bad)
    said = shown.texts()[-1]
    assert said.startswith("方案文件 broken-ph2.toml："), said
    assert f"第 {years_line} 行，文件顶层：duration_years=0 必须 >= 1" in said, said
    assert f"第 {mode_line} 行，visits[" in said and "访视方式“fax”不是以下之一：clinic、phone" in said, said
    _no_english_sentence(said)
    assert demo_window.desk.studies == ("cd19-cd22-ph1",)


def _window_words_in_the_catalogue() -> set[tuple[str, str]]:
    root = ET.parse(i18n.FOLDER / "ltfu_zh_CN.ts").getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_window_word_reaches_the_catalogue():
    """lupdate skips what it cannot read (a translate call inside an f-string's braces, a
    text built at run time): such words stay English in the Chinese window."""
    import ast

    known = _window_words_in_the_catalogue()
    missed = []
    for path in sorted((SOURCES / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            if node.func.attr == "translate" and len(args) >= 2:
                if None in args[:2] or (args[0], args[1]) not in known:
                    missed.append(f"{path.name} line {node.lineno}: translate({args[0]!r}, {args[1]!r})")
            elif node.func.attr == "tr" and args and (args[0] is None or args[0] not in {s for _c, s in known}):
                missed.append(f"{path.name} line {node.lineno}: tr({args[0]!r})")
    assert missed == []


def test_the_odm_files_of_several_studies_are_said_in_chinese(qapp, chinese):
    from types import SimpleNamespace

    from ltfu.ui.export import _Written

    written = [
        Message("summary.odm", version="1.3.2", path=f"study-{s}.xml", subjects=4, events=9, results=20, audit=50)
        for s in ("cd19-cd22-ph1", "cd19-cd22-ph2")
    ]
    said = _Written(tuple(SimpleNamespace(describe=lambda m=m: m) for m in written)).describe()
    lines = said.splitlines()
    assert len(lines) == 2 and "study-cd19-cd22-ph2.xml" in lines[1], said
    for line in lines:
        _no_english_sentence(line.replace("CDISC ODM", "ODM"))  # the standard's name


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('code = "M9"', 'code = "M9', "非法字符"),  # a quote left open
        ("[stop_rules]", "[stop_rules", "表头末尾应为“]”"),
        ('mode = "clinic"', "mode = clinic", "值无效"),
    ],
)
def test_a_protocol_file_that_is_not_toml_is_refused_in_chinese_with_its_line(qapp, chinese, old, new, said):
    from ltfu.errors import ProtocolError, message_of
    from ltfu.schedule.protocol import bundled_protocol_path, parse_protocol

    text = bundled_protocol_path().read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    with pytest.raises(ProtocolError) as refused:
        parse_protocol(broken.encode("utf-8"), "typo.toml")
    shown = labels.message_text(message_of(refused.value))
    line = broken[: broken.index(new)].count("\n") + 1
    assert shown.startswith(f"方案文件 typo.toml：第 {line} 行") and said in shown, shown
    _no_english_sentence(shown)


def test_a_plausible_range_is_said_in_chinese(qapp, chinese):
    from ltfu.services.units import plausible_range_text

    said = labels.message_text(
        Message("result.implausible", analyte="mrd", given="150 %", range=plausible_range_text("mrd"))
    )
    assert "0 至 1 fraction（0 至 100 %）" in said, said
    assert str(plausible_range_text("igg")) == "0 to 150 g/L"


def test_every_worklist_alert_is_said_in_chinese_and_the_ind_reminder_names_its_study(qapp, chinese):
    from ltfu.services.alerts import SafetyAlert

    kinds = (
        *vocabulary.ALERT_KINDS,
        *vocabulary.CASE_ALERT_KINDS,
        *vocabulary.REPORT_ALERT_KINDS,
        *vocabulary.COURSE_ALERT_KINDS,
    )
    details = {"report_due": "sponsor", "ind_report_due": "2026-03-15", "reconsent_due": "v2", "malignancy": ""}
    for kind in kinds:
        for value in (3.0, -3.0):
            alert = SafetyAlert(
                "CD1922-017",
                "BJ01",
                kind,
                dt.date(2026, 5, 14),
                value,
                4.0,
                details.get(kind),
                value > 0,
                7,
                "cd19-cd22-ph2",
            )
            said = labels.alert_message(alert)
            _no_english_sentence(said)
            if kind == "ind_report_due":
                assert "cd19-cd22-ph2" in said and "2026" in said, said
