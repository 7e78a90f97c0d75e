"""infusions.csv, medications.csv and consents.csv: all or nothing, errors by line and
column, a re-import adds nothing; and the rows round-trip through the CSV export,
the ODM export and the archive."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from ltfu.errors import ImportRowsError
from ltfu.services import course_records as cr
from ltfu.services.imports import import_file
from ltfu.services.maintenance import check
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.visits import subject_schedule

D = dt.date
TODAY = D(2025, 3, 1)


@pytest.fixture
def cohort(either_db):
    for n in (1, 2):
        enrol(either_db, NewSubject(f"CD1922-05{n}", "BJ01", "DL1", D(2024, 1, 10), birth_date=D(2010, 6, 1)), TODAY)
    return either_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_three_files_import_and_a_re_import_adds_nothing(cohort, tmp_path):
    db = cohort
    files = {
        "infusions": "subject_id,infusion_date,dose_level,cell_dose,product_lot\n"
        "CD1922-051,2024-01-10,DL1,,\nCD1922-051,2024-09-02,DL2,3e6,L-9\n",
        "medications": "subject_id,kind,start_date,stop_date,dose\nCD1922-052,IVIG,2024-04-01,2024-10-01,0.4\n"
        "CD1922-052,scig,2024-10-15,,\n",
        "consents": "subject_id,version,consent_date,consented_by\nCD1922-051,1.0,2023-12-01,guardian\n"
        "CD1922-051,1.2,2024-08-20,guardian\n",
    }
    added = {kind: import_file(db, kind, write(tmp_path, f"{kind}.csv", text), TODAY) for kind, text in files.items()}
    assert {k: (s.added, s.unchanged) for k, s in added.items()} == {
        "infusions": (1, 1),
        "medications": (2, 0),
        "consents": (2, 0),
    }
    again = {kind: import_file(db, kind, tmp_path / f"{kind}.csv", TODAY) for kind in files}
    assert {k: (s.added, s.unchanged) for k, s in again.items()} == {k: (0, 2) for k in files}

    view = subject_schedule(db, "CD1922-051", TODAY)
    assert view.follow_up_end == D(2039, 9, 2)
    m9 = [v for v in view.visits if v.code == "M9" and v.infusion_date == D(2024, 1, 10)][0]
    assert (m9.status, m9.cause) == ("cancelled", "reinfusion")
    assert [(r.kind, r.stop) for r in cr.medications(db, "CD1922-052")] == [
        ("ivig", D(2024, 10, 1)),
        ("scig", None),
    ]
    assert [c.version for c in cr.consents(db, "CD1922-051")] == ["1.0", "1.2"]


def test_bad_rows_are_named_by_line_and_column_and_nothing_is_written(cohort, tmp_path):
    db = cohort
    path = write(
        tmp_path,
        "medications.csv",
        "subject_id,kind,start_date,stop_date\nCD1922-052,ivig,2024-04-01,\nCD1922-052,imig,2024-04-01,\n"
        "CD1922-052,scig,2024-02-30,\nCD1922-052,ivig,2024-05-01,\nCD1922-099,ivig,2024-05-01,\n",
    )
    with pytest.raises(ImportRowsError) as refused:
        import_file(db, "medications", path, TODAY)
    text = str(refused.value)
    assert "line 3" in text and "kind" in text and "imig" in text
    assert "line 4" in text and "start_date" in text and "2024-02-30" in text
    assert "line 5" in text and "overlaps the ivig recorded from 2024-04-01" in text
    assert "line 6" in text and "CD1922-099" in text
    assert cr.medications(db, "CD1922-052") == ()

    path = write(
        tmp_path,
        "consents.csv",
        "subject_id,version,consent_date,consented_by\nCD1922-051,1.0,2023-12-01,mother\n"
        "CD1922-051,,2023-12-01,subject\n",
    )
    with pytest.raises(ImportRowsError) as refused:
        import_file(db, "consents", path, TODAY)
    text = str(refused.value)
    assert "line 2" in text and "consented_by" in text and "mother" in text
    assert "line 3" in text and "version" in text

    path = write(tmp_path, "infusions.csv", "subject_id,infusion_date\nCD1922-051,2025-04-01\n")
    with pytest.raises(ImportRowsError, match="line 2: .*in the future"):
        import_file(db, "infusions", path, TODAY)
    assert len(cr.infusions(db, "CD1922-051")) == 1


def test_the_course_rows_round_trip_through_the_exports_and_the_archive(db, tmp_path):
    from ltfu.services.archive import restore_archive, write_archive
    from ltfu.services.export import export_csv
    from ltfu.services.odm import export_odm

    enrol(db, NewSubject("CD1922-060", "BJ01", "DL1", D(2024, 1, 10), birth_date=D(2010, 6, 1)), TODAY)
    cr.record_infusion(db, "CD1922-060", cr.NewInfusion(D(2024, 9, 2), "L-9", 3e6), TODAY)
    cr.record_medication(db, "CD1922-060", cr.NewMedication("ivig", D(2024, 4, 1), None, 0.4), TODAY)
    cr.record_consent(db, "CD1922-060", cr.NewConsent("1.2", D(2023, 12, 1), "guardian"), TODAY)
    cr.record_consent(db, "CD1922-060", cr.NewConsent("2.0", D(2025, 1, 5), "guardian"), TODAY)
    stopped = cr.record_medication(db, "CD1922-060", cr.NewMedication("scig", D(2024, 2, 1)), TODAY)
    cr.stop_medication(db, stopped.medication_id, D(2024, 3, 1), TODAY)
    report = check(db)  # the audit trail explains every course row and the subject's consent version
    assert report.ok and report.row_counts["medication"] == 2 and report.row_counts["consent"] == 2, report

    export_csv(db, tmp_path / "csv")
    with open(tmp_path / "csv" / "medications.csv", encoding="utf-8") as f:
        med, _ = csv.DictReader(f)
    assert (med["kind"], med["start_date"], med["stop_date"], med["dose"]) == ("ivig", "2024-04-01", "", "0.4")
    with open(tmp_path / "csv" / "consents.csv", encoding="utf-8") as f:
        consent, _ = csv.DictReader(f)
    assert (consent["version"], consent["consent_date"], consent["consented_by"]) == ("1.2", "2023-12-01", "guardian")
    with open(tmp_path / "csv" / "infusions.csv", encoding="utf-8") as f:
        assert [r["infusion_date"] for r in csv.DictReader(f)] == ["2024-01-10", "2024-09-02"]
    with open(tmp_path / "csv" / "visits.csv", encoding="utf-8") as f:
        assert sum(r["cause"] == "reinfusion" for r in csv.DictReader(f)) > 0

    odm = (export_odm(db, tmp_path / "study.xml").path).read_text(encoding="utf-8")
    assert 'ItemOID="IT.MEDICATION.KIND" Value="ivig"' in odm
    assert 'ItemOID="IT.CONSENT.CONSENTED_BY" Value="guardian"' in odm
    assert 'ItemOID="IT.VISIT.CAUSE" Value="reinfusion"' in odm

    archive = write_archive(db, tmp_path / "handover.zip")
    target = tmp_path / "restored.sqlite3"
    restored = restore_archive(archive.path, str(target))
    try:
        assert [i.sequence for i in cr.infusions(restored, "CD1922-060")] == [1, 2]
        assert [(m.kind, m.stop) for m in cr.medications(restored, "CD1922-060")] == [
            ("scig", D(2024, 3, 1)),
            ("ivig", None),
        ]
        assert [c.version for c in cr.consents(restored, "CD1922-060")] == ["1.2", "2.0"]
        assert check(restored).ok
    finally:
        restored.dispose()

