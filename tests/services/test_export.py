"""The CSV export a statistician or a sponsor gets: complete, without PHI, self-describing, reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import LtfuError, PermissionDenied
from ltfu.services import audit, users
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, summary
from ltfu.services.export import DICTIONARY_COLUMNS, TABLES, UNDESCRIBED, dictionary_rows, export_csv

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from ltfu.services.database import open_database

    database = open_database(str(tmp_path_factory.mktemp("export") / "demo.sqlite3"))
    build_demo(database, subjects=40, seed=1, today=TODAY)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("csv") / "export"
    export_csv(demo, folder)
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_table_is_exported_without_phi_or_password_hashes(demo, exported):
    names = {p.name for p in exported.glob("*.csv")}
    expected = {f"{spec.name}.csv" for spec in TABLES if not spec.phi} | {"dictionary.csv"}
    assert names == expected
    assert "contacts.csv" not in names
    assert "password_hash" not in read_csv(exported / "users.csv")[0]
    assert "note" not in (exported / "contact_attempts.csv").read_text(encoding="utf-8").splitlines()[0]
    with demo.session() as s:
        contacts = s.execute(
            select(m.Contact.given_name, m.Contact.family_name, m.Contact.phone, m.Contact.address, m.Contact.email)
        ).all()
        counts = {t: len(s.execute(select(m.Base.metadata.tables[t])).all()) for t in ("subject", "result", "visit")}
    everything = b"".join(all_bytes(exported).values()).decode("utf-8")
    checked = 0
    for given_name, family_name, phone, address, email in contacts:
        # Demo surnames are common words ("Sample"); the name pair as a CSV row holds it is not.
        for value in (f"{given_name},{family_name}", phone, address, email):
            if value:
                assert value not in everything
                checked += 1
    assert checked > 100
    assert len(read_csv(exported / "subjects.csv")) == counts["subject"]
    assert len(read_csv(exported / "results.csv")) == counts["result"]
    assert len(read_csv(exported / "visits.csv")) == counts["visit"]
    protocol = read_csv(exported / "protocol_versions.csv")[0]
    toml = (exported / protocol["file"]).read_bytes()
    assert protocol["file"] == f"protocols/cd19-cd22-ph1-{protocol['content_hash'][:8]}.toml"
    assert hashlib.sha256(toml).hexdigest() == protocol["content_hash"]


def test_contacts_only_when_asked_for(demo, tmp_path):
    export_csv(demo, tmp_path / "phi", with_contacts=True)
    contacts = read_csv(tmp_path / "phi" / "contacts.csv")
    assert len(contacts) == 40 and all(c["family_name"] for c in contacts)
    assert "note" in read_csv(tmp_path / "phi" / "contact_attempts.csv")[0]
    manifest = json.loads((tmp_path / "phi" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["with_contacts"] is True
    assert (tmp_path / "phi" / "contacts.csv").stat().st_mode & 0o077 == 0  # PHI: owner only


def same_data(again: dict[str, bytes], first: dict[str, bytes]) -> None:
    """The same files, byte for byte, but for the trail: each export is one more audit entry."""
    assert set(again) == set(first)
    for name in first:
        if name == "audit_events.csv":
            assert again[name].startswith(first[name])
            added = list(csv.reader(again[name][len(first[name]) :].decode("utf-8").splitlines()))
            assert added and all(row[3] == "export" for row in added)
        elif name != "manifest.json":
            assert again[name] == first[name], name


def test_the_same_data_gives_byte_identical_files(demo, exported, tmp_path):
    export_csv(demo, tmp_path / "again")
    same_data(all_bytes(tmp_path / "again"), all_bytes(exported))
    # Re-exporting into the same folder replaces the earlier export; a file only the
    # earlier one had (contacts.csv) does not linger.
    export_csv(demo, tmp_path / "again", with_contacts=True)
    assert (tmp_path / "again" / "contacts.csv").exists()
    export_csv(demo, tmp_path / "again")
    same_data(all_bytes(tmp_path / "again"), all_bytes(exported))


def test_every_cell_is_the_stored_value_as_format_value_writes_it(demo, exported):
    """The files are written from the driver's plain rows (issue 20): byte for byte what
    the typed values give, each made a spreadsheet-safe cell by `format_value`."""
    import io

    from ltfu.services import csvsafe
    from ltfu.services.export import export_columns, format_value, table_of

    with demo.session(read_only=True) as session:
        for spec in TABLES:
            if spec.phi:
                continue
            columns = [c for c in export_columns(spec, False) if c.column is not None]
            table = table_of(spec)
            expected = io.StringIO(newline="")
            writer = csvsafe.safe_writer(expected)
            writer.writerow([c.name for c in export_columns(spec, False)])
            for row in session.execute(select(*(table.c[c.name] for c in columns)).order_by(table.c.id)):
                values = list(row)
                if spec.table == "audit_event":  # no contacts: what `audit.withheld` leaves
                    at = {c.name: i for i, c in enumerate(columns)}
                    kind, name, changed = values[at["action"]], values[at["table_name"]], values[at["field"]]
                    for column in ("old_value", "new_value"):
                        values[at[column]] = audit.withheld(kind, name, changed, values[at[column]])
                    values[at["reason"]] = audit.withheld_reason(kind, name, values[at["reason"]])
                if spec.table == "protocol_version":
                    values.append(f"protocols/{row.protocol_id}-{row.content_hash[:8]}.toml")
                writer.writerow(csvsafe.safe_cells(values, format_value))
            written = (exported / f"{spec.name}.csv").read_bytes()
            if spec.table == "audit_event":  # later tests of this module export (and audit) again
                assert expected.getvalue().encode("utf-8").startswith(written)
            else:
                assert written == expected.getvalue().encode("utf-8"), spec.name


def test_manifest_holds_the_checksum_size_and_rows_of_every_file(exported):
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    files = {f["name"]: f for f in manifest["files"]}
    on_disk = all_bytes(exported)
    assert set(files) == set(on_disk) - {"manifest.json"}
    for name, data in on_disk.items():
        if name != "manifest.json":
            assert files[name]["sha256"] == hashlib.sha256(data).hexdigest()
            assert files[name]["bytes"] == len(data)
    assert files["results.csv"]["rows"] == len(read_csv(exported / "results.csv"))
    assert manifest["audit_trail"]["chain"] == "ok"
    assert manifest["schema_version"] and manifest["empty_strings"] == {}


def test_every_table_and_column_of_the_database_is_exported_and_described():
    # A table or column added later must reach the export, the archive and the dictionary;
    # only tables computed from the others (rebuilt on restore) stay out.
    assert {spec.table for spec in TABLES} == set(m.Base.metadata.tables) - set(m.DERIVED_TABLES)
    undescribed = [
        f"{r['table']}.{r['column']}" for r in dictionary_rows(with_contacts=True) if r["meaning"] == UNDESCRIBED
    ]
    assert undescribed == []


def test_the_dictionary_describes_every_column_of_every_file(exported):
    dictionary = read_csv(exported / "dictionary.csv")
    assert tuple(dictionary[0]) == DICTIONARY_COLUMNS
    by_table: dict[str, list[str]] = {}
    for row in dictionary:
        by_table.setdefault(row["table"], []).append(row["column"])
        assert row["meaning"], row
        assert row["type"] in {"integer", "number", "boolean", "date", "datetime", "text"}
    for path in exported.glob("*.csv"):
        if path.name != "dictionary.csv":
            with path.open(encoding="utf-8", newline="") as handle:
                assert next(csv.reader(handle)) == by_table[path.stem], path.name
    allowed = {(r["table"], r["column"]): r["allowed_values"] for r in dictionary}
    assert allowed["subjects", "status"] == ", ".join(m.SUBJECT_STATUSES)
    assert allowed["results", "analyte"] == ", ".join(m.ANALYTES)
    assert allowed["clinical_events", "response"] == ", ".join(m.RESPONSES)
    assert allowed["adverse_events", "grade"] == "1 to 5"
    assert allowed["visits", "out_of_window"] == "true, false"
    units = {(r["table"], r["column"]): r["unit"] for r in dictionary}
    assert units["infusions", "cell_dose"] == "CAR+ cells/kg"
    assert units["visits", "nominal_date"] == "YYYY-MM-DD"
    references = {(r["table"], r["column"]): r["references"] for r in dictionary}
    assert references["visits", "subject_id"] == "subjects.id"


def _load(folder: Path, name: str, types: dict[tuple[str, str], str]) -> list[dict[str, object]]:
    """What a statistician writes: convert each column by the dictionary's type, nothing else."""

    def convert(kind: str, text: str) -> object:
        if text == "":
            return None
        return {
            "integer": int,
            "number": float,
            "boolean": {"true": True, "false": False}.__getitem__,
            "date": dt.date.fromisoformat,
            "datetime": dt.datetime.fromisoformat,
            "text": str,
        }[kind](text)

    return [{k: convert(types[name, k], v) for k, v in row.items()} for row in read_csv(folder / f"{name}.csv")]


def test_a_statistician_reproduces_dose_level_counts_and_orr_from_the_csv_and_dictionary_alone(demo, exported):
    types = {(r["table"], r["column"]): r["type"] for r in read_csv(exported / "dictionary.csv")}
    subjects = [s for s in _load(exported, "subjects", types) if s["voided_at"] is None]
    infusions = [i for i in _load(exported, "infusions", types) if i["voided_at"] is None]
    events = [e for e in _load(exported, "clinical_events", types) if e["voided_at"] is None]

    day0: dict[int, dt.date] = {}
    for infusion in infusions:
        day = infusion["infusion_date"]
        day0[infusion["subject_id"]] = min(day, day0.get(infusion["subject_id"], day))
    infused = [s for s in subjects if s["id"] in day0]
    by_dose = Counter(s["dose_level"] for s in infused)

    responders = evaluable = 0
    for subject in infused:
        start = day0[subject["id"]]
        mine = [e for e in events if e["subject_id"] == subject["id"] and e["event_date"] <= TODAY]
        deaths = [e["event_date"] for e in mine if e["kind"] == "death"]
        died_early = bool(deaths) and (min(deaths) - start).days < 98
        if not ((start + dt.timedelta(days=98)) <= TODAY or died_early):
            continue
        evaluable += 1
        responders += any(
            e["kind"] == "response" and e["response"] in ("CR", "CRi") and 0 <= (e["event_date"] - start).days <= 98
            for e in mine
        )

    official = summary(compute(demo, TODAY))
    assert (responders, evaluable) == (official["orr"]["responders"], official["orr"]["evaluable"])
    assert responders / evaluable == pytest.approx(official["orr"]["rate"])
    assert evaluable >= 20 and 0 < responders < evaluable
    assert dict(by_dose) == {level: row["treated"] for level, row in official["dlt"]["levels"].items()}


def test_the_audit_chain_can_be_checked_from_the_csv_alone(exported):
    previous = "0" * 64
    rows = read_csv(exported / "audit_events.csv")
    assert rows
    fields = ("at", "user_id", "action", "table_name", "record_id", "subject_id", "field", "old_value")
    for row in rows:
        assert row["prev_hash"] == previous
        payload = "\x1f".join([row["prev_hash"], *(row[f] for f in fields), row["new_value"], row["reason"]])
        assert hashlib.sha256(payload.encode("utf-8")).hexdigest() == row["hash"]
        previous = row["hash"]
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["audit_trail"]["last_hash"] == previous


def test_an_unrelated_folder_is_refused_and_left_alone(demo, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(LtfuError, match="not empty"):
        export_csv(demo, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_a_nurse_may_not_export(demo, tmp_path):
    demo.actor = users.Actor(user_id=1, username="nina", full_name="Nina Nurse", role="nurse")
    try:
        with pytest.raises(PermissionDenied, match="may not export data"):
            export_csv(demo, tmp_path / "out")
    finally:
        demo.actor = None
    assert not (tmp_path / "out").exists()
