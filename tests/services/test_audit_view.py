"""The audit trail per subject and overall, as a reviewer or an inspector reads it."""

from __future__ import annotations

import csv
import datetime as dt
import io

from pypdf import PdfReader

from ltfu.services import audit_view, visits
from ltfu.services.subjects import NewSubject, enrol

D = dt.date


def test_a_subjects_trail_shows_who_changed_what_and_why(db, tmp_path):
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28)), D(2025, 11, 28))
    visits.record_visit_missed(db, "CD1922-017", "D1", "ill at home", D(2025, 11, 30))
    visits.reopen_visit(db, "CD1922-017", "D1", "came in the evening", D(2025, 11, 30))
    rows = audit_view.audit_trail(db, "CD1922-017")
    changes = [(r.field, r.old_value, r.new_value, r.reason) for r in rows if r.table_name == "visit"]
    assert ("state", "planned", "missed", "ill at home") in changes
    assert ("state", "missed", "planned", "came in the evening") in changes
    assert all(r.username == db.username for r in rows)
    path = tmp_path / "audit.csv"
    assert audit_view.write_audit_csv(db, path, "CD1922-017") == len(rows)
    with path.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert table[-1]["reason"] == "came in the evening" and table[-1]["subject"] == "CD1922-017"
    pdf = audit_view.audit_pdf(db, D(2025, 11, 30), "CD1922-017")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Audit trail of CD1922-017" in text and "ill at home" in text and "intact" in text


def test_the_window_and_ltfu_audit_read_the_same_entries_newest_first_or_last(db, capsys):
    import json

    from ltfu.cli import main
    from ltfu.services.audit import AUDIT_COLUMNS, as_cells

    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28)), D(2025, 11, 28))
    visits.record_visit_missed(db, "CD1922-017", "D1", "ill at home", D(2025, 11, 30))
    window = audit_view.audit_trail(db, limit=4, newest_first=True)  # the audit page's call
    assert [r.entry_id for r in window] == sorted((r.entry_id for r in window), reverse=True)
    assert main(["--db", db.url, "--json", "audit", "--last", "4"]) == 0
    command_line = json.loads(capsys.readouterr().out)
    assert command_line == [dict(zip(AUDIT_COLUMNS, as_cells(r), strict=True)) for r in reversed(window)]
