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
