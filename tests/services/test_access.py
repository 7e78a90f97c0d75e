"""Who sees what: a user granted one site sees none of another site's subjects, anywhere.

Two sites (the demo's BJ01 and SH02); a nurse and a coordinator granted BJ01 only.
Every read path a user reaches (the subject list and its search, a chart, the
worklist, endpoints, letters and printed reports, the CSV, ODM and iCalendar exports,
the audit trail, the command line) is walked, and no SH02 study id may appear in what
it gives. Writes on a subject out of view are refused as not found. A user without a
grant still sees everything. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest

from ltfu.cli import main
from ltfu.errors import ImportRowsError, NotFoundError, PermissionDenied, ValidationError
from ltfu.services import audit_view, browse, transfers, users
from ltfu.services.backup import backup_to
from ltfu.services.course_records import consents, infusions, medications
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, summary
from ltfu.services.events import contact_attempts
from ltfu.services.export import export_csv
from ltfu.services.odm import export_odm
from ltfu.services.samples import NewSample, StoragePlace, list_samples, record_sample
from ltfu.services.screens import subject_screens
from ltfu.services.visits import record_visit_done, subject_schedule
from ltfu.services.worklist import worklist

TODAY = dt.date(2026, 11, 29)
PASSWORD = "correct horse battery"
PLACE = StoragePlace("-80 F9", "R9", "B99", "Z9")


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def study(any_db):
    """Twelve demo subjects at two sites; ada (admin, no grant), nina (nurse) and cora
    (coordinator) granted BJ01, sam (nurse) granted SH02."""
    db = any_db
    build_demo(db, subjects=12, seed=1, today=TODAY)
    browse.create_first_administrator(db, "ada", "Ada Admin", PASSWORD)
    for name, role, site in (("nina", "nurse", "BJ01"), ("cora", "coordinator", "BJ01"), ("sam", "nurse", "SH02")):
        browse.add_user(db, name, name.title(), role, PASSWORD)
        browse.grant_access(db, name, None, site)
    rows = browse.subject_rows(db, TODAY)
    by_site = {site: sorted(r.study_id for r in rows if r.site == site) for site in ("BJ01", "SH02")}
    assert by_site["BJ01"] and by_site["SH02"]
    return db, by_site


def pdf_text(data: bytes | Path) -> str:
    source = data if isinstance(data, Path) else __import__("io").BytesIO(data)
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(source).pages)


def folder_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file())


def test_a_user_without_grants_sees_every_subject(study):
    db, by_site = study
    db.sign_in("ada", PASSWORD)
    assert {r.study_id for r in browse.subject_rows(db, TODAY)} == {*by_site["BJ01"], *by_site["SH02"]}
    assert browse.user_grants(db, "ada") == ()


def test_a_nurse_of_bj01_sees_no_sh02_subject_in_any_service_read(study, tmp_path):
    db, by_site = study
    db.sign_in("nina", PASSWORD)
    seen: list[str] = []
    rows = browse.subject_rows(db, TODAY)
    assert {r.study_id for r in rows} == set(by_site["BJ01"])
    seen += [r.study_id + r.search_key for r in rows]
    listed = worklist(db, TODAY, 60)
    assert listed.rows
    seen.append(json.dumps(listed.to_dict(), default=str))
    seen.append(json.dumps(summary(compute(db, TODAY)), default=str))
    seen.append(repr(subject_schedule(db, by_site["BJ01"][0], TODAY)))
    seen.append(repr(browse.subject_record(db, by_site["BJ01"][0])))
    seen.append(repr(audit_view.audit_trail(db)) if _may(db, "read_audit") else "")
    text = "\n".join(seen)
    assert by_site["BJ01"][0] in text
    for study_id in by_site["SH02"]:
        assert study_id not in text
        with pytest.raises(NotFoundError, match=study_id):
            subject_schedule(db, study_id, TODAY)
        with pytest.raises(NotFoundError, match=study_id):
            browse.subject_record(db, study_id)


def _may(db, right: str) -> bool:
    return db.actor is not None and db.actor.may(right)


def test_writes_on_a_subject_out_of_view_are_refused_as_not_found(study):
    db, by_site = study
    db.sign_in("nina", PASSWORD)
    other = by_site["SH02"][0]
    with pytest.raises(NotFoundError, match=other):
        record_sample(db, other, NewSample("other", TODAY, PLACE), TODAY)
    assert record_sample(db, by_site["BJ01"][0], NewSample("other", TODAY, PLACE), TODAY).study_id == by_site["BJ01"][0]


def test_a_user_with_grants_may_not_copy_the_whole_database(study, tmp_path):
    db, _ = study
    db.sign_in("ada", PASSWORD)
    browse.grant_access(db, "ada", None, "BJ01")
    with pytest.raises(PermissionDenied, match="whole-database"):
        backup_to(db, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
    from ltfu.services.maintenance import check

    db.sign_in("nina", PASSWORD)
    with pytest.raises(PermissionDenied, match="whole-database"):
        check(db)


def test_grants_are_made_revoked_and_shown_with_clear_refusals_and_audited(study):
    db, _ = study
    db.sign_in("ada", PASSWORD)
    with pytest.raises(ValidationError, match="holds this grant already"):
        browse.grant_access(db, "nina", None, "BJ01")
    with pytest.raises(NotFoundError, match="No site 'XX99'"):
        browse.grant_access(db, "nina", None, "XX99")
    with pytest.raises(NotFoundError, match="No study 'bcma-1'"):
        browse.grant_access(db, "nina", "bcma-1", None)
    with pytest.raises(NotFoundError, match="No user account 'nobody'"):
        browse.grant_access(db, "nobody", None, "BJ01")
    with pytest.raises(NotFoundError, match="holds no such grant"):
        browse.revoke_access(db, "nina", None, "SH02")
    browse.grant_access(db, "nina", "cd19-cd22-ph1", "SH02")
    assert [(g.study, g.site) for g in browse.user_grants(db, "nina")] == [(None, "BJ01"), ("cd19-cd22-ph1", "SH02")]
    browse.revoke_access(db, "nina", None, "BJ01")
    assert [(g.study, g.site) for g in browse.user_grants(db, "nina")] == [("cd19-cd22-ph1", "SH02")]
    trail = audit_view.audit_trail(db)
    grants = [(r.action, r.table_name) for r in trail if r.table_name == "user_grant"]
    assert grants.count(("create", "user_grant")) == 4 and ("void", "user_grant") in grants
    db.sign_in("nina", PASSWORD)
    with pytest.raises(PermissionDenied, match="may not manage user accounts"):
        browse.grant_access(db, "nina", None, None)


def test_the_command_line_exports_and_prints_nothing_of_sh02_to_bj01_users(study, tmp_path, capsys):
    db, by_site = study
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")

    def run(user: str, *argv: str) -> str:
        code = main(["--db", db.url, "--user", user, "--password-file", str(password), *argv])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        return captured.out + captured.err

    out = tmp_path / "out"
    out.mkdir()
    today = TODAY.isoformat()
    texts = [
        run("nina", "worklist", "--today", today, "--days", "60", "--json"),
        run("nina", "endpoints", "--as-of", today, "--json"),
        run("nina", "safety", "--as-of", today),
        run("nina", "samples"),
        run("nina", "schedule", by_site["BJ01"][0], "--today", today),
    ]
    run("nina", "letters", "--from", "2026-01-01", "--to", "2027-12-31", "-o", str(out / "letters.pdf"))
    run("nina", "report", "schedule", by_site["BJ01"][0], "-o", str(out / "schedule.pdf"))
    for site in ("BJ01", "SH02"):
        run("nina", "report", "calendar", "--site", site, "--from", today, "--to", "2027-03-01", "-o", str(out / f"{site}.pdf"))
    run("nina", "report", "annual", "--year", "2026", "--as-of", today, "-o", str(out / "annual.pdf"))
    run("nina", "report", "labels", by_site["BJ01"][0], "-o", str(out / "labels.pdf"))
    run("cora", "export", "csv", str(out / "csv"))
    run("cora", "export", "odm", str(out / "study.xml"))
    run("cora", "export", "ical", str(out / "visits.ics"), "--from", "2026-01-01", "--to", "2027-12-31")
    texts.append(run("cora", "audit", "--last", "100000"))
    run("cora", "audit", "--csv", str(out / "audit.csv"))
    letters = pdf_text(out / "letters.pdf")
    assert "BJ01-" in letters and "SH02-" not in letters  # the letters' references: site and number
    for pdf in sorted(out.glob("*.pdf")):
        texts.append(pdf_text(pdf))
    for name in ("csv", "study.xml", "visits.ics", "audit.csv"):
        target = out / name
        texts.append(folder_text(target) if target.is_dir() else target.read_text(encoding="utf-8"))
    text = "\n".join(texts)
    assert by_site["BJ01"][0] in text
    leaked = [study_id for study_id in by_site["SH02"] if study_id in text]
    assert leaked == []
    code = main(["--db", db.url, "--user", "nina", "--password-file", str(password), "schedule", by_site["SH02"][0]])
    assert code == 1 and f"No subject {by_site['SH02'][0]!r}" in capsys.readouterr().err


def test_user_grant_revoke_and_show_on_the_command_line(study, tmp_path, capsys):
    db, _ = study
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    base = ["--db", db.url, "--user", "ada", "--password-file", str(password), "user"]
    assert main([*base, "grant", "nina", "--site", "SH02", "--study", "cd19-cd22-ph1"]) == 0
    assert "study cd19-cd22-ph1 at site SH02" in capsys.readouterr().out
    assert main([*base, "revoke", "nina", "--site", "BJ01"]) == 0
    capsys.readouterr()
    assert main([*base, "show", "nina", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"user": "nina", "grants": [{"study": "cd19-cd22-ph1", "site": "SH02"}]}
    assert main([*base, "show", "ada"]) == 0
    assert "every study at every site" in capsys.readouterr().out


# -- moving between sites ------------------------------------------------------------


def test_a_transfer_moves_the_subject_and_the_former_site_sees_it_transferred_out(study, tmp_path):
    db, by_site = study
    moving = by_site["SH02"][0]
    db.sign_in("sam", PASSWORD)
    with pytest.raises(PermissionDenied, match="may not move subjects"):
        transfers.transfer_subject(db, moving, "BJ01", TODAY, "moved to Beijing", TODAY)
    db.sign_in("ada", PASSWORD)
    for bad, match in (
        (("SH02", TODAY, "x"), "at site SH02 already"),
        (("BJ01", TODAY + dt.timedelta(days=1), "x"), "in the future"),
        (("BJ01", dt.date(2000, 1, 1), "x"), "before"),
        (("BJ01", TODAY, "  "), "reason is required"),
        (("XX99", TODAY, "x"), "No site 'XX99'"),
    ):
        with pytest.raises((ValidationError, NotFoundError), match=match):
            transfers.transfer_subject(db, moving, *bad, today=TODAY)
    moved_on = TODAY - dt.timedelta(days=3)
    done = transfers.transfer_subject(db, moving, "BJ01", moved_on, "moved to Beijing", TODAY)
    assert (done.from_site, done.to_site, done.transfer_date) == ("SH02", "BJ01", moved_on)

    db.sign_in("nina", PASSWORD)  # the new site: everything, and it is on the worklist
    row = next(r for r in browse.subject_rows(db, TODAY) if r.study_id == moving)
    assert (row.site, row.transferred_out) == ("BJ01", None)
    assert len(subject_schedule(db, moving, TODAY).visits) > 0
    assert [t.to_site for t in transfers.subject_transfers(db, moving)] == ["BJ01"]
    letter = pdf_text(
        __import__("ltfu.services.letters", fromlist=["schedule_pdf"]).schedule_pdf(db, moving, TODAY)
    )
    assert "1 Demo Road, Beijing" in letter and "2 Example Lane" not in letter

    db.sign_in("sam", PASSWORD)  # the former site: listed as transferred out, read-only, off the worklist
    row = next(r for r in browse.subject_rows(db, TODAY) if r.study_id == moving)
    assert (row.transferred_out, row.next_code, row.overdue_count) == (moved_on, None, 0)
    assert len(subject_schedule(db, moving, TODAY).visits) > 0
    listed = worklist(db, TODAY, 60)
    assert moving not in {r.study_id for r in listed.rows} | {a.study_id for a in listed.alerts}
    with pytest.raises(NotFoundError, match=moving):
        record_sample(db, moving, NewSample("other", TODAY, PLACE), TODAY)


@pytest.fixture
def moved(study):
    """The first SH02 subject moved to BJ01 today by the administrator: (db, its study id)."""
    db, by_site = study
    db.sign_in("ada", PASSWORD)
    moving = by_site["SH02"][0]
    transfers.transfer_subject(db, moving, "BJ01", TODAY, "moved to Beijing", TODAY)
    return db, moving


def test_the_transfer_history_round_trips_through_the_csv_and_odm_exports(moved, tmp_path):
    db, _ = moved
    export_csv(db, tmp_path / "csv")
    moves = (tmp_path / "csv" / "subject_transfers.csv").read_text(encoding="utf-8").splitlines()
    assert len(moves) == 2 and "moved to Beijing" in moves[1] and TODAY.isoformat() in moves[1]
    assert "user_grant" in (tmp_path / "csv" / "dictionary.csv").read_text(encoding="utf-8")
    export_odm(db, tmp_path / "study.xml")
    xml = (tmp_path / "study.xml").read_text(encoding="utf-8")
    assert 'ItemGroupOID="IG.TRANSFER"' in xml and "moved to Beijing" in xml


def test_transfers_and_grants_survive_the_handover_archive_and_the_moved_subject_stays_where_it_went(moved, tmp_path):
    from ltfu.services.archive import restore_archive, write_archive

    db, moving = moved
    write_archive(db, tmp_path / "handover.zip")
    with restore_archive(tmp_path / "handover.zip", str(tmp_path / "restored.sqlite3")) as restored:
        moves = transfers.subject_transfers(restored, moving)
        assert [(t.from_site, t.to_site, t.transfer_date, t.reason) for t in moves] == [
            ("SH02", "BJ01", TODAY, "moved to Beijing")
        ]
        rows = {r.study_id: r.site for r in browse.subject_rows(restored, TODAY)}
        assert rows[moving] == "BJ01"
        with restored.session() as session:
            assert users.grant_rows(session, "nina")[0].site == "BJ01"


def test_a_coordinator_of_bj01_enrols_only_at_bj01_and_never_a_study_id_taken_elsewhere(study, tmp_path):
    from ltfu.services.subjects import NewSubject, enrol, import_subjects

    db, by_site = study
    db.sign_in("cora", PASSWORD)
    with pytest.raises(ValidationError, match="already enrolled"):
        enrol(db, NewSubject(by_site["SH02"][0], "BJ01", "DL1", dt.date(2026, 10, 1)), TODAY)
    with pytest.raises((PermissionDenied, NotFoundError)):
        enrol(db, NewSubject("CD1922-900", "SH02", "DL1", dt.date(2026, 10, 1)), TODAY)
    assert enrol(db, NewSubject("CD1922-901", "BJ01", "DL1", dt.date(2026, 10, 1)), TODAY) == "CD1922-901"
    rows = tmp_path / "subjects.csv"
    rows.write_text(
        f"subject_id,site,dose_level,infusion_date\n{by_site['SH02'][0]},BJ01,DL1,2026-10-01\n"
        "CD1922-902,SH02,DL1,2026-10-01\nCD1922-903,bj01,DL1,2026-10-01\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRowsError) as refused:
        import_subjects(db, rows, TODAY)
    assert refused.value.problems == [
        (2, f"subject {by_site['SH02'][0]} is already enrolled (at a site you do not see)"),
        (3, "site SH02 is not one of the sites you are granted"),
    ]
    db.sign_in("ada", PASSWORD)
    assert {"CD1922-900", "CD1922-902", "CD1922-903"}.isdisjoint({r.study_id for r in browse.subject_rows(db, TODAY)})


def test_the_former_site_reads_the_history_up_to_the_move_and_the_new_site_all_of_it(study):
    db, by_site = study
    moving = by_site["SH02"][0]
    db.sign_in("ada", PASSWORD)
    done = [v.actual_date for v in subject_schedule(db, moving, TODAY).visits if v.actual_date]
    moved_on = done[len(done) // 2]
    transfers.transfer_subject(db, moving, "BJ01", moved_on, "moved to Beijing", TODAY)
    whole = browse.subject_record(db, moving)
    assert any(r.date > moved_on for r in whole.results) and any(r.date <= moved_on for r in whole.results)
    for reader in ("ada", "nina"):  # everything for whoever sees the subject where they are now
        db.sign_in(reader, PASSWORD)
        assert browse.subject_record(db, moving).results == whole.results
        assert [v.actual_date for v in subject_schedule(db, moving, TODAY).visits if v.actual_date] == done
        assert any(s.contact_date > moved_on for s in subject_screens(db, moving))
        assert any(c.date > moved_on for c in contact_attempts(db, moving))

    db.sign_in("sam", PASSWORD)  # the former site: its own history, up to the day the subject left
    seen = browse.subject_record(db, moving)
    assert seen.results == tuple(r for r in whole.results if r.date <= moved_on)
    assert all(e.date <= moved_on for e in seen.events) and all(a.onset <= moved_on for a in seen.adverse_events)
    visits = subject_schedule(db, moving, TODAY).visits
    assert [v.actual_date for v in visits if v.actual_date] == [day for day in done if day <= moved_on]
    assert all(v.nominal_date <= moved_on for v in visits if v.actual_date is None)
    assert all(c.date <= moved_on for c in contact_attempts(db, moving))
    assert all(s.contact_date <= moved_on for s in subject_screens(db, moving))
    assert all(s.draw_date <= moved_on for s in list_samples(db, moving))
    assert all(i.date <= moved_on for i in infusions(db, moving)) and infusions(db, moving)
    assert all(c.date <= moved_on for c in consents(db, moving))
    assert all(row.start <= moved_on for row in medications(db, moving))


def test_the_edit_checks_run_by_a_user_of_one_site_keep_every_sites_queries_in_step(study):
    # A nurse limited to BJ01 refreshes her worklist after a change: the automatic queries
    # are kept for the whole database (never refused, never closed as "resolved" merely
    # because she does not see the subject).
    from ltfu.services import queries

    db, by_site = study
    db.sign_in("ada", PASSWORD)
    queries.refresh_edit_checks(db, TODAY)
    before = {(q.study_id, q.check, q.record_id): q.state for q in queries.list_queries(db) if q.check}
    assert any(sid in by_site["SH02"] for sid, _, _ in before), "the demo must raise an automatic query at SH02"
    # The SH02 nurse records an overdue visit today: done out of its window, a new finding.
    db.sign_in("sam", PASSWORD)
    late = next(r for r in worklist(db, TODAY, 7).rows if r.status == "overdue")
    record_visit_done(db, late.study_id, TODAY, "clinic", TODAY, code=late.code)
    db.sign_in("nina", PASSWORD)
    queries.refresh_edit_checks(db, TODAY)
    assert all(q.study_id in by_site["BJ01"] for q in worklist(db, TODAY, 7).queries)
    db.sign_in("ada", PASSWORD)
    after = {(q.study_id, q.check, q.record_id): q.state for q in queries.list_queries(db) if q.check}
    assert {k: v for k, v in after.items() if k in before} == before
    assert any(sid == late.study_id and check == "visit_out_of_window" for sid, check, _ in set(after) - set(before))


def test_the_worklist_counts_only_the_waiting_queries_of_the_granted_sites(study):
    db, by_site = study
    from ltfu.services import queries
    from ltfu.services.worklist import worklist

    db.sign_in("ada", PASSWORD)
    queries.refresh_edit_checks(db, TODAY)
    every = queries.list_queries(db, state="open")
    for nurse, site in (("nina", "BJ01"), ("sam", "SH02")):
        ours = [q for q in every if q.study_id in by_site[site]]
        assert ours  # the demo's edit checks raised some at each site
        db.sign_in(nurse, PASSWORD)
        waiting = worklist(db, TODAY)
        assert waiting.queries_waiting == len(ours) == len(waiting.queries)
        assert {q.study_id for q in waiting.queries} <= set(by_site[site])
