"""CSV imports of the course after the first infusion (`course_records`), all or nothing:

- infusions.csv: `subject_id, infusion_date`; optional `dose_level, cell_dose,
  product_lot` (the columns of the export's infusions.csv). A row with a stored
  infusion's date is already present (a file may list the first infusion too); any
  other row is a re-infusion and re-plans the subject.
- medications.csv: `subject_id, kind, start_date`; optional `stop_date, dose`.
- consents.csv: `subject_id, version, consent_date, consented_by`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ltfu.errors import Message
from ltfu.services.course_records import (
    InfusionFacts,
    MedicationRow,
    NewConsent,
    NewInfusion,
    NewMedication,
    add_consents,
    add_infusions,
    add_medications,
    consent_problems,
    infusion_facts,
    infusion_problems,
    medication_problems,
    stored_consent_keys,
    stored_medications,
    subject_birth_years,
)
from ltfu.services.csvio import RowError, choice, code, number_problem, parse_date, parse_optional_date
from ltfu.services.database import Database
from ltfu.services.importing import (
    UNCHANGED,
    Importer,
    ImportSummary,
    Line,
    Source,
    StoredT,
    run_import,
    subject_ids,
    verdict,
)
from ltfu.services.plausibility import SubjectDates, subject_dates
from ltfu.vocabulary import CONSENTERS, MEDICATION_KINDS


def _subject(raw: dict[str, str]) -> str:
    if not raw["subject_id"]:
        raise RowError(Message("row.empty", column="subject_id"))
    return raw["subject_id"]


def _number(raw: dict[str, str], column: str) -> float | None:
    value = raw.get(column, "")
    if not value:
        return None
    problem = number_problem(value, column)
    if problem:
        raise RowError(problem)
    return float(value)


@dataclass
class _StoredInfusions:
    facts: dict[int, InfusionFacts]
    in_file: dict[int, dt.date] = field(default_factory=dict)  # the latest re-infusion of each subject so far


class _InfusionsImporter(Importer[_StoredInfusions]):
    columns = ("subject_id", "infusion_date")
    optional = ("dose_level", "cell_dose", "product_lot")
    kinds = {"product_lot": code(64), "dose_level": code(16)}

    def parse_row(self, raw: dict[str, str]) -> tuple[str, NewInfusion]:
        study_id = _subject(raw)
        return study_id, NewInfusion(
            parse_date(raw["infusion_date"], "infusion_date"),
            raw.get("product_lot") or None,
            _number(raw, "cell_dose"),
            raw.get("dose_level") or None,
        )

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredInfusions:
        return _StoredInfusions(infusion_facts(session, subject_ids(lines)))

    def check(self, line: Line, stored: _StoredInfusions, today: dt.date) -> object:
        assert line.subject_id is not None
        new: NewInfusion = line.row
        facts = stored.facts[line.subject_id]
        if new.date in facts.infusions:
            return UNCHANGED
        earlier = stored.in_file.get(line.subject_id)
        if earlier is not None:
            facts = InfusionFacts((*facts.infusions, earlier), facts.dose_level, facts.last_done, facts.dates)
        problems = infusion_problems(new, facts, today)
        if not problems:
            stored.in_file[line.subject_id] = new.date
        return verdict(line, problems)

    def write(self, session, todo, stored, user_id, source: Source) -> tuple[str, ...]:
        add_infusions(session, todo, user_id, source.reason, source.today)
        return ()


class _RecordsImporter(Importer[StoredT]):
    """An importer whose checked rows `add` stores, with the file's reason and name."""

    add: Callable[[Session, Sequence[Any], int | None, str | None, str | None], list[int]]

    def write(self, session, todo, stored, user_id, source: Source) -> tuple[str, ...]:
        self.add(session, todo, user_id, source.reason, source.name)
        return ()


@dataclass
class _StoredMedications:
    dates: dict[int, SubjectDates]
    rows: dict[int, list[MedicationRow]]


class _MedicationsImporter(_RecordsImporter[_StoredMedications]):
    columns = ("subject_id", "kind", "start_date")
    optional = ("stop_date", "dose")
    add = staticmethod(add_medications)

    def parse_row(self, raw: dict[str, str]) -> tuple[str, NewMedication]:
        study_id = _subject(raw)
        return study_id, NewMedication(
            choice(raw["kind"].strip().lower(), "kind", MEDICATION_KINDS),
            parse_date(raw["start_date"], "start_date"),
            parse_optional_date(raw.get("stop_date", ""), "stop_date"),
            _number(raw, "dose"),
        )

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredMedications:
        ids = subject_ids(lines)
        return _StoredMedications(subject_dates(session, ids), stored_medications(session, ids))

    def check(self, line: Line, stored: _StoredMedications, today: dt.date) -> object:
        assert line.subject_id is not None
        new: NewMedication = line.row
        rows = stored.rows[line.subject_id]
        if any((r.kind, r.start, r.stop, r.dose) == (new.kind, new.start, new.stop, new.dose) for r in rows):
            return UNCHANGED
        problems = medication_problems(new, stored.dates[line.subject_id], rows, today)
        if not problems:
            rows.append(MedicationRow(-line.number, new.kind, new.start, new.stop, new.dose))  # for the rows after
        return verdict(line, problems)



@dataclass
class _StoredConsents:
    dates: dict[int, SubjectDates]
    birth_years: dict[int, int | None]
    keys: set[tuple]


class _ConsentsImporter(_RecordsImporter[_StoredConsents]):
    columns = ("subject_id", "version", "consent_date", "consented_by")
    kinds = {"version": code(32)}
    add = staticmethod(add_consents)

    def parse_row(self, raw: dict[str, str]) -> tuple[str, NewConsent]:
        study_id = _subject(raw)
        if not raw["version"].strip():
            raise RowError(Message("row.empty", column="version"))
        return study_id, NewConsent(
            raw["version"].strip(),
            parse_date(raw["consent_date"], "consent_date"),
            choice(raw["consented_by"].strip().lower(), "consented_by", CONSENTERS),
        )

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredConsents:
        ids = subject_ids(lines)
        return _StoredConsents(
            subject_dates(session, ids), subject_birth_years(session, ids), stored_consent_keys(session, ids)
        )

    def check(self, line: Line, stored: _StoredConsents, today: dt.date) -> object:
        assert line.subject_id is not None
        new: NewConsent = line.row
        key = (line.subject_id, new.version, new.date, new.consented_by)
        if key in stored.keys:
            return UNCHANGED
        problems = consent_problems(new, stored.birth_years[line.subject_id], stored.dates[line.subject_id], today)
        if not problems:
            stored.keys.add(key)
        return verdict(line, problems)



def import_infusions(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    return run_import(db, _InfusionsImporter(), path, today)


def import_medications(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    return run_import(db, _MedicationsImporter(), path, today)


def import_consents(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    return run_import(db, _ConsentsImporter(), path, today)
