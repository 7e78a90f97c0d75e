"""Archived samples (DOMAIN.md 7) on SQLite and PostgreSQL: ids, places, keep-until, the
rules of moving, shipping, testing and destroying, the audit trail, and what a case retrieves."""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.errors import NotFoundError, ValidationError
from ltfu.services import samples
from ltfu.services.audit_view import audit_trail
from ltfu.services.maintenance import check
from ltfu.services.records import NewResult, record_result
from ltfu.services.samples import NewSample, StoragePlace
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)
SUBJECT = "CD1922-017"
INFUSION = D(2025, 11, 28)
KEEP_UNTIL = D(2042, 11, 28)  # follow-up ends 15 years after the infusion; 2 years' retention by default


@pytest.fixture
def db(any_db):
    return any_db


@pytest.fixture
def subject(db):
    enrol(db, NewSubject(SUBJECT, "BJ01", "DL2", INFUSION, given_name="Zoë", family_name="Démo"), INFUSION)
    return SUBJECT


def place(position: str = "A1", box: str = "B01") -> StoragePlace:
    return StoragePlace("-80 F1", "R1", box, position)


DRAWN = D(2026, 5, 28)


def record(db, day: D = DRAWN, sample_type: str = "rcl_archive", where: StoragePlace | None = None):
    return samples.record_sample(db, SUBJECT, NewSample(sample_type, day, where or place(), aliquots=2), TODAY)


def test_a_recorded_sample_gets_its_printed_id_place_and_keep_until_date(db, subject):
    row = record(db)
    assert row.sample_code == "CD1922-017-RA-20260528-1"
    assert (row.state, row.aliquots, row.keep_until) == ("stored", 2, KEEP_UNTIL)
    assert row.place.describe() == "freezer -80 F1, rack R1, box B01, position A1"
    # A second sample of the same type and day is number 2; another type has its own letters.
    assert record(db, where=place("A2")).sample_code == "CD1922-017-RA-20260528-2"
    assert record(db, sample_type="tumour_tissue", where=place("A3")).sample_code == "CD1922-017-TT-20260528-1"


def test_an_rcl_sample_is_linked_to_the_result_that_recorded_it_as_archived(db, subject):
    record_result(db, SUBJECT, NewResult("rcl", D(2026, 5, 28), category="archived"), TODAY)
    assert record(db).linked_result
    # The result has its sample: the next one that day links to nothing.
    assert not record(db, where=place("A2")).linked_result
    assert not record(db, D(2026, 5, 29), where=place("A3")).linked_result


@pytest.mark.parametrize(
    ("new", "named"),
    [
        (NewSample("rcl_archive", D(2026, 12, 2), place()), "draw date 2026-12-02 is in the future"),
        (NewSample("rcl_archive", D(2025, 1, 1), place()), "more than 90 days before the infusion on 2025-11-28"),
        (NewSample("plasma", D(2026, 5, 28), place()), "type 'plasma' is not one of rcl_archive, tumour_tissue"),
        (NewSample("rcl_archive", D(2026, 5, 28), StoragePlace("-80 F1", "", "B01", "A1")), "the rack is empty"),
        (NewSample("rcl_archive", D(2026, 5, 28), place(), aliquots=0), "0 aliquots: give 1 to 999"),
    ],
)
def test_bad_input_is_refused_naming_what_and_changes_nothing(db, subject, new, named):
    with pytest.raises(ValidationError, match="Cannot record the sample") as refused:
        samples.record_sample(db, SUBJECT, new, TODAY)
    assert named in str(refused.value)
    assert samples.list_samples(db, SUBJECT) == ()


def test_one_sample_per_position(db, subject):
    first = record(db)
    with pytest.raises(ValidationError, match=f"position A1 already holds sample {first.sample_code}"):
        record(db, D(2026, 6, 1))
    other = record(db, D(2026, 6, 1), where=place("A2"))
    with pytest.raises(ValidationError, match=f"already holds sample {first.sample_code}"):
        samples.move_sample(db, other.sample_code, place("A1"), TODAY)
    # Once the first one is shipped its position is free.
    samples.ship_sample(db, first.sample_code, D(2026, 11, 30), "Sponsor central laboratory", TODAY)
    assert samples.move_sample(db, other.sample_code, place("A1"), TODAY, "box reorganised").place == place("A1")


def test_destroying_is_refused_before_the_keep_until_date_naming_it(db, subject):
    code = record(db).sample_code
    with pytest.raises(ValidationError) as refused:
        samples.destroy_sample(db, code, TODAY, "freezer space", TODAY)
    assert str(refused.value) == (
        f"Cannot destroy sample {code}: it is kept until {KEEP_UNTIL} (end of follow-up plus the protocol's "
        f"sample retention); it may be destroyed from that date on, not on {TODAY}."
    )
    with pytest.raises(ValidationError, match="the reason is empty"):
        samples.destroy_sample(db, code, KEEP_UNTIL, "  ", KEEP_UNTIL)
    assert samples.list_samples(db, SUBJECT)[0].state == "stored"

    destroyed = samples.destroy_sample(db, code, KEEP_UNTIL, "retention period over", KEEP_UNTIL)
    assert (destroyed.state, destroyed.destroyed_on, destroyed.destroy_reason) == (
        "destroyed",
        KEEP_UNTIL,
        "retention period over",
    )
    with pytest.raises(ValidationError, match=f"was destroyed on {KEEP_UNTIL}"):
        samples.move_sample(db, code, place("B2"), KEEP_UNTIL)


def test_ship_test_and_move_back_are_audited_updates_the_check_replays(db, subject):
    code = record(db).sample_code
    shipped = samples.ship_sample(db, code, D(2026, 11, 20), "Reference laboratory", TODAY)
    assert (shipped.state, shipped.shipped_on, shipped.shipped_to) == (
        "shipped",
        D(2026, 11, 20),
        "Reference laboratory",
    )
    with pytest.raises(ValidationError, match="it is shipped, not stored"):
        samples.ship_sample(db, code, D(2026, 11, 21), "elsewhere", TODAY)
    with pytest.raises(ValidationError, match="the date 2026-05-01 is before the sample was drawn on 2026-05-28"):
        samples.add_test(db, code, "RCL culture", D(2026, 5, 1), "negative", TODAY)
    tested = samples.add_test(db, code, "RCL culture (S+/L-)", D(2026, 11, 28), "negative", TODAY)
    assert tested.state == "tested"
    assert [t.to_dict() for t in tested.tests] == [
        {"id": tested.tests[0].id, "test": "RCL culture (S+/L-)", "date": "2026-11-28", "result": "negative"}
    ]
    back = samples.move_sample(db, code, place("C3", "B02"), TODAY, "returned, one aliquot left")
    assert (back.state, back.place) == ("stored", place("C3", "B02"))

    trail = [(r.action, r.table_name, r.field, r.old_value, r.new_value) for r in audit_trail(db, SUBJECT)]
    changes = [t for t in trail if t[1] == "sample" and t[0] == "update"]
    assert ("update", "sample", "state", "stored", "shipped") in changes
    assert ("update", "sample", "shipped_to", None, "Reference laboratory") in changes
    assert ("update", "sample", "state", "shipped", "tested") in changes
    assert ("update", "sample", "position", "A1", "C3") in changes
    assert any(t[:2] == ("create", "sample_test") for t in trail)
    report = check(db)
    assert report.unexplained == () and report.ok


def test_a_test_or_a_sample_recorded_in_error_is_voided_with_a_reason_and_the_check_replays(db, subject):
    code = record(db).sample_code
    other = record(db, where=place("A2")).sample_code
    samples.add_test(db, code, "RCL culture", D(2026, 11, 20), "negative", TODAY)
    wrong = samples.add_test(db, code, "qPCR", D(2026, 11, 21), "entered on the wrong sample", TODAY).tests[-1]
    with pytest.raises(ValidationError, match=f"Cannot void test {wrong.id} of sample {code}: the reason is empty"):
        samples.void_test(db, code, wrong.id, "  ")
    with pytest.raises(NotFoundError, match=f"Sample {other} has no current test {wrong.id}"):
        samples.void_test(db, other, wrong.id, "wrong sample")
    kept = samples.void_test(db, code, wrong.id, "belongs to another sample")
    assert ([t.test_name for t in kept.tests], kept.state) == (["RCL culture"], "tested")
    # The last test voided: the sample was never tested, it is in storage again.
    back = samples.void_test(db, code, kept.tests[0].id, "not run after all")
    assert (back.tests, back.state) == ((), "stored")

    with pytest.raises(ValidationError, match=f"Cannot void sample {other}: the reason is empty"):
        samples.void_sample(db, other, "")
    samples.add_test(db, other, "RCL culture", D(2026, 11, 20), "negative", TODAY)
    assert samples.void_sample(db, other, "drawn from the wrong subject").sample_code == other
    assert [s.sample_code for s in samples.list_samples(db, SUBJECT)] == [code]
    with pytest.raises(NotFoundError, match=f"No sample '{other}'"):
        samples.void_sample(db, other, "again")
    # Its place is free again.
    assert record(db, where=place("A2")).place == place("A2")

    trail = [(r.action, r.table_name, r.field, r.reason) for r in audit_trail(db, SUBJECT)]
    assert ("void", "sample", "void_reason", "drawn from the wrong subject") in trail
    assert sum(1 for t in trail if t[:3] == ("void", "sample_test", "void_reason")) == 3
    assert ("update", "sample", "state", "not run after all") in trail
    report = check(db)
    assert report.unexplained == () and report.ok


def test_a_case_retrieves_the_stored_samples_most_recent_first_with_their_place(db, subject):
    record(db, D(2025, 11, 28), where=place("A1"))
    record(db, D(2026, 5, 28), where=place("A2"))
    shipped = record(db, D(2026, 11, 28), where=place("A3"))
    samples.ship_sample(db, shipped.sample_code, TODAY, "Sponsor", TODAY)
    rows = samples.to_retrieve(db, SUBJECT.lower())
    assert [(r.sample_code, r.place.position) for r in rows] == [
        ("CD1922-017-RA-20260528-1", "A2"),
        ("CD1922-017-RA-20251128-1", "A1"),
    ]
    with db.session(read_only=True) as session:
        assert samples.to_retrieve(session, SUBJECT) == rows
    with pytest.raises(NotFoundError, match="No subject 'CD1922-999'"):
        samples.to_retrieve(db, "CD1922-999")


def test_samples_and_their_tests_are_exported_archived_and_restored(db, subject, tmp_path):
    import csv

    from ltfu.services.archive import restore_archive, write_archive
    from ltfu.services.export import export_csv
    from ltfu.services.odm import export_odm

    code = record(db).sample_code
    samples.add_test(db, code, "CAR transgene qPCR", D(2026, 11, 2), "not detected", TODAY)
    export_csv(db, tmp_path / "export")
    with open(tmp_path / "export" / "samples.csv", encoding="utf-8") as handle:
        assert [r["sample_code"] for r in csv.DictReader(handle)] == [code]
    with open(tmp_path / "export" / "sample_tests.csv", encoding="utf-8") as handle:
        assert [r["result_text"] for r in csv.DictReader(handle)] == ["not detected"]
    dictionary = (tmp_path / "export" / "dictionary.csv").read_text(encoding="utf-8")
    assert "RA" in dictionary and "keep_until" in dictionary and "(not yet described)" not in dictionary
    export_odm(db, tmp_path / "study.xml")
    xml = (tmp_path / "study.xml").read_text(encoding="utf-8")
    assert f'ItemOID="IT.SAMPLE.SAMPLE_CODE" Value="{code}"' in xml
    assert 'ItemOID="IT.SAMPLE_TEST.RESULT_TEXT" Value="not detected"' in xml
    write_archive(db, tmp_path / "study.zip")
    restored = restore_archive(tmp_path / "study.zip", str(tmp_path / "restored.sqlite3"))
    try:
        assert samples.list_samples(restored) == samples.list_samples(db)
        assert check(restored).ok
    finally:
        restored.dispose()
