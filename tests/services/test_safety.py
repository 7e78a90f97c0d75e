"""Safety cases and reporting clocks (DOMAIN.md 7) through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from ltfu.errors import ProtocolError, ValidationError
from ltfu.schedule.protocol import bundled_protocol_path, parse_protocol
from ltfu.services import protocols, safety
from ltfu.services.annual_report import ReportRequest, render_annual_report
from ltfu.services.archive import restore_archive, write_archive
from ltfu.services.export import export_csv
from ltfu.services.maintenance import check_and_remember
from ltfu.services.records import NewAdverseEvent, NewResult, record_adverse_event, record_result
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.visits import subject_schedule
from ltfu.services.worklist import worklist

D = dt.date
INFUSED = D(2022, 9, 1)
A = D(2026, 3, 10)  # the day the site knew
ONSET = D(2026, 3, 2)
SUBJECT = "CD1922-004"


@pytest.fixture
def db(either_db):
    return either_db


@pytest.fixture
def subject(db):
    enrol(db, NewSubject(SUBJECT, "BJ01", "DL2", INFUSED), INFUSED)
    return SUBJECT


def days(n: int) -> D:
    return A + dt.timedelta(days=n)


def by_recipient(clocks) -> dict[str, tuple[D, str]]:
    return {c.recipient: (c.due_date, c.state) for c in clocks}


def test_a_serious_event_starts_the_sponsor_clock_from_awareness_and_a_mild_one_none(db, subject):
    record_adverse_event(db, subject, NewAdverseEvent("Pneumonia", 3, ONSET, serious=True, awareness=A), A)
    record_adverse_event(db, subject, NewAdverseEvent("Fatigue", 1, ONSET), A)
    assert by_recipient(safety.clocks(db, A)) == {"sponsor": (days(1), "due")}
    assert safety.open_cases(db, A) == ()
    # Not entered until later: the awareness date defaults to the day of entry, never the onset.
    record_adverse_event(db, subject, NewAdverseEvent("Sepsis", 4, ONSET, serious=True), days(5))
    due = sorted(c.due_date for c in safety.clocks(db, days(5)))
    assert due == [days(1), days(6)]
    assert [c.state for c in safety.clocks(db, days(5))] == ["overdue", "due"]


def test_awareness_before_the_onset_or_in_the_future_is_refused_and_changes_nothing(db, subject):
    with pytest.raises(ValidationError, match=f"awareness date {ONSET - dt.timedelta(days=1)} is before the onset"):
        record_adverse_event(
            db, subject, NewAdverseEvent("Lymphoma", 3, ONSET, serious=True, awareness=ONSET - dt.timedelta(days=1)), A
        )
    with pytest.raises(ValidationError, match=f"awareness date {days(1)} is in the future"):
        record_adverse_event(db, subject, NewAdverseEvent("Lymphoma", 3, ONSET, awareness=days(1)), A)
    assert safety.reports_log(db, A) == () and safety.open_cases(db, A) == ()


def test_a_positive_rcl_opens_one_case_and_confirmation_decides_the_regulator_step(db, subject):
    record_result(db, subject, NewResult("rcl", D(2026, 3, 1), category="positive"), A)
    record_result(db, subject, NewResult("rcl", D(2026, 3, 5), category="positive"), A)  # the same case
    [case] = safety.open_cases(db, A)
    assert (case.kind, case.awareness_date, case.result_id is not None) == ("rcl_positive", A, True)
    assert [(s.code, s.state, s.due_date) for s in case.steps] == [
        ("rcl_confirm", "open", None),
        ("sponsor", "open", days(1)),
        ("later_samples_tested", "open", None),
        ("ethics", "open", days(7)),
        ("regulator", "not_applicable", None),
    ]
    assert by_recipient(case.clocks) == {"sponsor": (days(1), "due"), "ethics_committee": (days(7), "open")}
    done = safety.set_step(db, case.id, "rcl_confirm", safety.StepChange("done", days(3), outcome="positive"), days(3))
    assert next(s for s in done.steps if s.code == "rcl_confirm").outcome == "positive"
    with pytest.raises(ValidationError, match="an outcome is recorded only when a test step"):
        safety.set_step(db, case.id, "later_samples_tested", safety.StepChange("done", days(3), outcome="positive"), A)


@pytest.mark.parametrize("drawn", [D(2026, 3, 1), D(2026, 5, 10)], ids=["at_m42", "between_visits"])
def test_after_an_rcl_positive_every_later_rcl_sample_of_the_plan_is_tested_not_archived(db, subject, drawn):
    """DOMAIN.md 7: "all later yearly samples are tested, not archived" - whether the positive
    sample was drawn at a visit (M42) or between visits (a case's test of an archived sample)."""

    def rcl(view, code):
        return next(a for v in view.visits if v.code == code for a in v.assessments if a.startswith("R-"))

    before = subject_schedule(db, subject, drawn)
    assert not before.rcl_alert and rcl(before, "M48") == "R-A"
    record_result(db, subject, NewResult("rcl", drawn, category="positive"), drawn)
    after = subject_schedule(db, subject, drawn)
    assert after.rcl_alert
    later = [v.code for v in after.visits if v.nominal_date > drawn and any(a.startswith("R-") for a in v.assessments)]
    assert later[:3] == ["M48", "M60", "Y6"] and len(later) == 12
    assert {rcl(after, code) for code in later} == {"R-T"}
    assert rcl(after, "M36") == "R-A"  # an earlier sample stays as it was
    assert [c.kind for c in safety.open_cases(db, drawn)] == ["rcl_positive"]


def test_when_the_site_is_the_sponsor_its_clocks_go_to_the_regulator(db, subject, tmp_path):
    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    text = text.replace("[thresholds]", "[safety]\nsite_is_sponsor = true\nethics_days = 5\n\n[thresholds]")
    amended = tmp_path / "cd19-cd22-ph1-iit.toml"
    amended.write_text(text, encoding="utf-8")
    protocols.amend(db, amended, D(2026, 1, 1), D(2026, 1, 1), "investigator-initiated")
    # A fatal or life-threatening SUSAR: 7 days; the ethics committee by the protocol's rule.
    ae = NewAdverseEvent(
        "T-cell lymphoma",
        4,
        ONSET,
        serious=True,
        related=True,
        unexpected=True,
        special_interest="t_cell_malignancy",
        awareness=A,
    )
    record_adverse_event(db, subject, ae, A)
    [case] = safety.open_cases(db, A)
    steps = {s.code: s for s in case.steps}
    assert (steps["sponsor"].state, steps["sponsor"].note) == ("not_applicable", "the site is the sponsor")
    assert (steps["regulator"].state, steps["regulator"].due_date) == ("open", days(7))
    assert steps["ethics"].due_date == days(5)
    assert by_recipient(case.clocks) == {"regulator": (days(7), "open"), "ethics_committee": (days(5), "open")}
    # Another SUSAR, not life-threatening: 15 days.
    record_adverse_event(
        db,
        subject,
        NewAdverseEvent("Pneumonitis", 3, ONSET, serious=True, related=True, unexpected=True, awareness=A),
        A,
    )
    regulator = [c.due_date for c in safety.clocks(db, A) if c.recipient == "regulator"]
    assert sorted(regulator) == [days(7), days(15)]


def test_the_worklist_alerts_name_each_open_malignancy_case_and_each_report_due_soon(db, subject):
    ae = NewAdverseEvent("T-cell lymphoma", 3, ONSET, serious=True, special_interest="t_cell_malignancy", awareness=A)
    record_adverse_event(db, subject, ae, A)
    record_adverse_event(db, subject, NewAdverseEvent("Sepsis", 4, ONSET, serious=True, awareness=days(4)), days(4))

    enrol(db, NewSubject("CD1922-005", "SH02", "DL1", INFUSED), INFUSED)  # another site, no event

    def from_cases(today: D, site: str | None = None) -> list[tuple]:
        alerts = worklist(db, today, site=site).alerts
        return [
            (a.kind, a.date, a.value, a.detail, a.overdue, a.ref)
            for a in alerts
            if a.kind in ("malignancy", "report_due")
        ]

    for today in (A, days(5), days(40)):
        [case] = safety.open_cases(db, today)
        due = [c for c in safety.clocks(db, today) if c.state in ("due", "overdue")]
        assert due  # the sponsor's clock is always among them here
        want = [("malignancy", A, float(len(case.open_steps)), "t_cell_malignancy", False, case.id)]
        want += [("report_due", c.due_date, float(-c.days_left), c.recipient, c.state == "overdue", c.id) for c in due]
        assert sorted(from_cases(today), key=repr) == sorted(want, key=repr)
        assert sorted(from_cases(today, "BJ01"), key=repr) == sorted(want, key=repr)
        assert from_cases(today, "SH02") == []
        assert {a.study_id for a in worklist(db, today).alerts if a.kind in ("malignancy", "report_due")} == {subject}
    # A report sent leaves the worklist; the case stays while any step is open.
    sponsor = next(c for c in safety.clocks(db, A) if c.recipient == "sponsor" and c.case_id is not None)
    safety.record_report_sent(db, sponsor.id, days(1), "sponsor", "SP-1", days(1))
    assert sponsor.id not in [ref for kind, *_, ref in from_cases(days(5)) if kind == "report_due"]


def test_every_change_is_audited_and_the_tables_reach_the_export_and_the_archive(db, subject, tmp_path):
    ae = NewAdverseEvent("Lymphoma", 3, ONSET, serious=True, special_interest="new_malignancy", awareness=A)
    record_adverse_event(db, subject, ae, A)
    [case] = safety.open_cases(db, A)
    [sponsor] = [c for c in case.clocks if c.recipient == "sponsor"]
    safety.record_report_sent(db, sponsor.id, days(1), "Sponsor safety desk", "SAE-1", days(1))
    safety.set_step(db, case.id, "tissue_blood", safety.StepChange("done", days(2), "sent to the sponsor"), days(2))
    report = check_and_remember(db, "test", ())
    assert report.ok, report
    export_csv(db, tmp_path / "export")
    with open(tmp_path / "export" / "safety_reports.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["recipient"], r["sent_on"], r["reference"]) for r in rows} == {
        ("sponsor", str(days(1)), "SAE-1"),
        ("ethics_committee", "", ""),
    }
    with open(tmp_path / "export" / "case_steps.csv", encoding="utf-8", newline="") as f:
        steps = {r["code"]: r for r in csv.DictReader(f)}
    assert steps["tissue_blood"]["state"] == "done" and steps["sponsor"]["note"].startswith("sent to Sponsor")
    with open(tmp_path / "export" / "adverse_events.csv", encoding="utf-8", newline="") as f:
        assert [r["awareness_date"] for r in csv.DictReader(f)] == [str(A)]
    write_archive(db, tmp_path / "handover.zip")
    restored = restore_archive(tmp_path / "handover.zip", str(tmp_path / "restored.sqlite3"))
    try:
        [again] = safety.open_cases(restored, days(2))
        assert again.steps == safety.case_detail(db, case.id, days(2)).steps
        assert again.clocks == safety.case_detail(db, case.id, days(2)).clocks
    finally:
        restored.dispose()


def test_the_annual_report_lists_the_reports_on_time_or_late_in_both_languages(db, subject):
    ae = NewAdverseEvent("Lymphoma", 3, ONSET, serious=True, special_interest="new_malignancy", awareness=A)
    record_adverse_event(db, subject, ae, A)
    [case] = safety.open_cases(db, A)
    clocks = {c.recipient: c for c in case.clocks}
    safety.record_report_sent(db, clocks["sponsor"].id, days(3), "Sponsor safety desk", "SAE-1", days(3))
    safety.record_report_sent(db, clocks["ethics_committee"].id, days(6), "EC", "EC-2026-1", days(6))
    as_of = D(2026, 12, 31)
    english, _ = render_annual_report(db, 2026, ReportRequest(as_of, today=as_of))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(english)).pages).split())
    assert "13 Safety reports and reporting clocks" in text
    assert "Sent on time: 1; sent late: 1; not sent by the data cut: 0, of which 0 overdue." in text
    assert "SAE-1" in text and "Sent late" in text and "Sent on time" in text
    # The PI sees the case itself, still open with its steps (scene 13).
    open_steps = len(safety.case_detail(db, case.id, as_of).open_steps)
    assert f"{case.id} {subject} New malignancy" in text and f"Open: {open_steps} step(s) open" in text
    chinese, _ = render_annual_report(db, 2026, ReportRequest(as_of, today=as_of, language="zh"))
    flat = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(chinese)).pages).split())
    assert "安全性报告与报告时限" in flat and "逾期发送" in flat and "按时发送" in flat
    assert "新发恶性肿瘤" in flat and f"进行中：{open_steps}个步骤未完成" in flat


def test_the_protocols_safety_settings_are_checked_field_by_field():
    text = bundled_protocol_path().read_text(encoding="utf-8")
    bad = text.replace("[thresholds]", '[safety]\nsite_is_sponsor = "yes"\nethics_days = 0\ncolour = 1\n\n[thresholds]')
    with pytest.raises(ProtocolError) as refused:
        parse_protocol(bad.encode(), "bad.toml")
    message = str(refused.value)
    assert "bad.toml" in message and "unknown key 'colour'" in message
    assert "safety.site_is_sponsor: site_is_sponsor must be true or false" in message
    assert "safety.ethics_days: ethics_days=0 must be >= 1" in message
    default = parse_protocol(text.encode(), "default.toml").safety
    assert (default.site_is_sponsor, default.ethics_days, default.retention_years) == (False, 7, 2)


def test_the_worklist_alerts_come_blocking_first_then_by_subject_and_a_subjects_cases_by_date(db, subject):
    """The order the worklist shows: blocking first, then by subject and kind; the cases and
    reports of one subject and kind by date, then case or report (entered out of that order)."""
    later = NewAdverseEvent("Lymphoma", 3, ONSET, serious=True, special_interest="new_malignancy", awareness=days(2))
    record_adverse_event(db, subject, later, days(2))
    first = NewAdverseEvent("T-cell lymphoma", 3, ONSET, serious=True, special_interest="t_cell_malignancy", awareness=A)
    record_adverse_event(db, subject, first, days(2))
    record_result(db, subject, NewResult("rcl", days(1), None, category="positive"), days(2))
    enrol(db, NewSubject("CD1922-001", "SH02", "DL1", INFUSED), INFUSED)
    record_result(db, "CD1922-001", NewResult("rcl", days(1), None, category="positive"), days(2))

    for today in (days(2), days(5), days(40)):
        alerts = worklist(db, today).alerts
        order = [(not a.blocking, a.study_id, a.kind) for a in alerts]
        assert order == sorted(order) and len(alerts) > 4
        for study_id, kind, blocking in {(a.study_id, a.kind, a.blocking) for a in alerts}:
            same = [(a.date, a.ref) for a in alerts if (a.study_id, a.kind, a.blocking) == (study_id, kind, blocking)]
            assert same == sorted(same)
        cases = [(a.date, a.detail) for a in alerts if a.kind == "malignancy"]
        assert cases == [(A, "t_cell_malignancy"), (days(2), "new_malignancy")]
