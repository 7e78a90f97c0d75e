"""Enrolling subjects, recording infusions (which plan the visits), subject import."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked, insert_new
from ltfu.errors import ConflictError, Message, NotFoundError, ValidationError, message_of, refusal
from ltfu.schedule.plan import plan
from ltfu.schedule.protocol import Protocol
from ltfu.services import access, audit, protocols, trail
from ltfu.services.course import VISIT_TABLE, planned_row
from ltfu.services.csvio import (
    ADDRESS,
    NAME,
    RowError,
    code,
    parse_date,
    parse_optional_date,
)
from ltfu.services.database import Database
from ltfu.services.importing import UNCHANGED, Importer, ImportSummary, Line, Refused, Source, run_import, subject_ids
from ltfu.services.plausibility import birth_date_problem, infusion_date_problem
from ltfu.services.study_ids import fold_study_id, same_study_id
from ltfu.vocabulary import LANGUAGE_DECLARATIONS

STUDY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}\Z")
DOSE_LEVEL = re.compile(r"DL[0-9]{1,2}\Z")
SITE_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}\Z")
SEX_WORDS = {"f": "F", "female": "F", "m": "M", "male": "M", "u": "U", "unknown": "U"}
LANGUAGE_WORDS = {word: lang.code for lang in LANGUAGE_DECLARATIONS for word in (lang.code, *lang.aliases)}

SUBJECT_COLUMNS = ("subject_id", "site", "dose_level", "infusion_date")
# The contact columns a subjects file may fill besides the birth date and the language.
_CONTACT_FROM_FILE = ("given_name", "family_name", "address", "postal_code", "city", "country", "phone", "email")
# `protocol`: the study the subject joins (a protocol id); absent or empty, the database's only study.
SUBJECT_OPTIONAL = ("birth_date", "sex", *_CONTACT_FROM_FILE, "language", "protocol")
# What each column may hold (the others: one line of at most 64 characters); the
# address alone may span lines. Never longer than the contact column it goes to.
SUBJECT_KINDS = {
    "given_name": NAME,
    "family_name": NAME,
    "address": ADDRESS,
    "postal_code": code(m.Contact.postal_code.type.length),
    "city": NAME,
    "country": code(m.Contact.country.type.length),
    "phone": code(m.Contact.phone.type.length),
    "email": NAME,
}


@dataclass(frozen=True)
class NewSubject:
    """What enrolment needs; contact fields are PHI and go to the contact table only."""

    study_id: str
    site: str
    dose_level: str
    infusion_date: dt.date
    birth_date: dt.date | None = None
    sex: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    phone: str | None = None
    email: str | None = None
    language: str = "en"
    protocol: str | None = None
    """The study joined (a protocol id); None: the database's only study."""


def validate_new_subject(s: NewSubject, today: dt.date) -> list[str]:
    """Every reason this subject cannot be enrolled (empty when it can)."""
    problems: list[str] = []
    if not STUDY_ID.match(s.study_id):
        problems.append(Message("subject.bad_id", value=s.study_id))
    if not SITE_CODE.match(s.site):
        problems.append(Message("subject.bad_site", value=s.site))
    if not DOSE_LEVEL.match(s.dose_level):
        problems.append(Message("subject.bad_dose", value=s.dose_level))
    problem = infusion_date_problem(s.infusion_date, today)
    if problem:
        problems.append(problem)
    if s.birth_date is not None:
        problem = birth_date_problem(s.birth_date, today, s.infusion_date)
        if problem:
            problems.append(problem)
    if s.sex is not None and s.sex not in m.SEXES:
        problems.append(Message("row.not_one_of", column="sex", value=s.sex, allowed=m.SEXES))
    if s.language not in m.LANGUAGES:
        problems.append(Message("row.not_one_of", column="language", value=s.language, allowed=m.LANGUAGES))
    if s.email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", s.email):
        problems.append(Message("subject.bad_email", value=s.email))
    return problems


SUBJECT_TABLE = cast(Table, m.Subject.__table__)
CONTACT_TABLE = cast(Table, m.Contact.__table__)
INFUSION_TABLE = cast(Table, m.Infusion.__table__)
# What a new subject's contact row takes from the subject as entered (besides the language).
CONTACT_IMPORTED = ("birth_date", *_CONTACT_FROM_FILE)


def _site_ids(session: Session, codes: list[str], created: list[str]) -> dict[str, int]:
    """Folded site code -> site id for `codes`, creating the sites not stored yet (named
    by their code as first written) and listing those in `created`."""
    # Site codes, like study ids, are one site whatever the case typed: `bj01` in a
    # file is BJ01, never a second site beside it.
    wanted = sorted({site_code.lower() for site_code in codes})
    found: dict[str, int] = {}
    for chunk in chunked(wanted):
        for site_id, stored in session.execute(
            select(m.Site.id, m.Site.code).where(func.lower(m.Site.code).in_(chunk)).order_by(m.Site.id)
        ):
            found.setdefault(stored.lower(), site_id)
    for site_code in codes:
        if site_code.lower() not in found:
            site = m.Site(code=site_code, name=site_code)
            session.add(site)
            session.flush()
            created.append(site_code)
            found[site_code.lower()] = site.id
    return found


def plan_rows(
    protocol: Protocol, version_id: int, subject_id: int, infusion_id: int, infusion_date: dt.date
) -> list[dict[str, object]]:
    """Visit rows for a new plan from `infusion_date` (all planned)."""
    return [
        planned_row(v, subject_id, infusion_id, version_id)
        | {"state": "planned", "out_of_window": False, "row_version": 1}
        for v in plan(protocol, infusion_date)
    ]


def _enrol(
    session: Session,
    user_id: int,
    subjects: Sequence[NewSubject],
    protocol: Protocol,
    version_id: int,
    new_sites: list[str],
    reason: str | None,
) -> None:
    """Enrol checked subjects in bulk (a few statements whatever their number): each
    with its contact, first infusion and visit plan, and their audit entries."""
    sites = _site_ids(session, [s.site for s in subjects], new_sites)
    conn = session.connection()
    subject_rows = [
        {
            "study_id": s.study_id,
            "site_id": sites[s.site.lower()],
            "protocol_version_id": version_id,
            "dose_level": s.dose_level,
            "birth_year": s.birth_date.year if s.birth_date else None,
            "sex": s.sex,
            "status": "active",
            "enrolled_on": s.infusion_date,
        }
        for s in subjects
    ]
    ids = insert_new(conn, SUBJECT_TABLE, subject_rows)
    contact_ids = insert_new(
        conn,
        CONTACT_TABLE,
        [
            {"subject_id": subject_id, "language": s.language, **{f: getattr(s, f) for f in CONTACT_IMPORTED}}
            for subject_id, s in zip(ids, subjects, strict=True)
        ],
    )
    infusion_rows = [
        {"subject_id": subject_id, "sequence": 1, "infusion_date": s.infusion_date, "dose_level": s.dose_level}
        for subject_id, s in zip(ids, subjects, strict=True)
    ]
    infusion_ids = insert_new(conn, INFUSION_TABLE, infusion_rows)
    plans = [
        plan_rows(protocol, version_id, subject_id, infusion_id, s.infusion_date)
        for subject_id, infusion_id, s in zip(ids, infusion_ids, subjects, strict=True)
    ]
    insert_new(conn, VISIT_TABLE, [row for planned in plans for row in planned])
    entries = []
    for subject_id, contact_id, infusion_id, s, subject_row, infusion_row, planned in zip(
        ids, contact_ids, infusion_ids, subjects, subject_rows, infusion_rows, plans, strict=True
    ):
        entries += [
            audit.created_row(
                "subject", subject_id, subject_row, subject_row.keys(), subject_id, reason, {"site": s.site}
            ),
            # PHI is audited by field name only: the trail must not become a copy of it.
            audit.created(
                "contact",
                contact_id,
                {
                    f.name: "(set)"
                    for f in fields(s)
                    if f.name in ("given_name", "family_name", "birth_date", "address", "phone", "email")
                    and getattr(s, f.name)
                },
                subject_id,
                reason,
            ),
            audit.created_row("infusion", infusion_id, infusion_row, infusion_row.keys(), subject_id, reason),
            # The plan: one entry naming the visits and the digest of their content.
            audit.Entry("create", "visit", None, subject_id, "rows", None, trail.bulk_text("visit", planned), reason),
        ]
    audit.append(session, user_id, entries)


def enrol(db: Database, subject: NewSubject, today: dt.date) -> str:
    """Enrol one subject with their infusion into `subject.protocol`'s study; plans every
    visit to the end of follow-up by that study's protocol in force."""
    problems = validate_new_subject(subject, today)
    if problems:
        raise ValidationError(refusal("enrol", problems, study_id=subject.study_id))
    with db.session() as session:
        protocol = protocols.enrolment_protocol(session, subject.protocol)
        # Every subject, whoever enrols: a study id is unique in the whole database.
        found = session.scalar(
            select(m.Subject.study_id).where(same_study_id(subject.study_id)),
            execution_options={access.ALL_SUBJECTS: True},
        )
        if found is not None:
            code = "subject.enrolled" if found == subject.study_id else "subject.enrolled_case"
            raise ValidationError(Message(code, study_id=found))
        user_id = db.user_id(session, "enrol")
        version_id = protocols.register(session, protocol, effective_date=today)
        _enrol(session, user_id, [subject], protocol, version_id, [], None)
    return subject.study_id


def _row_to_subject(row: dict[str, str]) -> NewSubject:
    sex_text = row.get("sex", "")
    sex = SEX_WORDS.get(sex_text.lower()) if sex_text else None
    if sex_text and sex is None:
        raise RowError(Message("row.not_one_of", column="sex", value=sex_text, allowed=("F", "M", "U")))
    language_text = row.get("language", "") or "en"
    language = LANGUAGE_WORDS.get(language_text.lower())
    if language is None:
        raise RowError(Message("row.not_one_of", column="language", value=language_text, allowed=tuple(m.LANGUAGES)))
    return NewSubject(
        study_id=row["subject_id"],
        site=row["site"],
        dose_level=row["dose_level"],
        infusion_date=parse_date(row["infusion_date"], "infusion_date"),
        birth_date=parse_optional_date(row.get("birth_date", ""), "birth_date"),
        sex=sex,
        language=language,
        protocol=row.get("protocol") or None,
        **{
            k: (row.get(k) or None)
            for k in ("given_name", "family_name", "address", "postal_code", "city", "country", "phone", "email")
        },
    )


@dataclass(frozen=True)
class _Enrolled:
    """What a file's row of an enrolled subject must agree with."""

    site: str
    dose_level: str
    infusion_date: dt.date
    sex: str | None
    birth_date: dt.date | None
    protocol: str


@dataclass
class _StoredSubjects:
    enrolled: dict[int, _Enrolled]  # subject primary key -> what it was enrolled with
    studies: dict[str | None, Protocol | str]  # a row's protocol -> the protocol it enrols with, or why not
    seen: dict[str, int] = field(default_factory=dict)  # folded study id -> its first line in the file
    # Folded study ids enrolled at a site the user does not see (a study id is unique in the database).
    hidden: frozenset[str] = frozenset()
    sites: frozenset[str] | None = None  # the codes of the sites the user may enrol at (None: any)


class _SubjectsImporter(Importer[_StoredSubjects]):
    """subjects.csv: a row enrols its subject; a subject already enrolled with the
    same site, dose level and infusion date (and sex, birth date when both are
    known) is left alone; one that differs refuses the file."""

    columns = SUBJECT_COLUMNS
    optional = SUBJECT_OPTIONAL
    kinds = SUBJECT_KINDS
    needs_subject = False
    current_subjects_only = False

    def parse_row(self, raw: dict[str, str]) -> tuple[str, NewSubject]:
        subject = _row_to_subject(raw)
        return subject.study_id, subject

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredSubjects:
        found: dict[int, _Enrolled] = {}
        for chunk in chunked(subject_ids(lines)):
            for pk, site, dose_level, infusion_date, sex, birth_date, protocol in session.execute(
                select(
                    m.Subject.id,
                    m.Site.code,
                    m.Subject.dose_level,
                    m.Infusion.infusion_date,
                    m.Subject.sex,
                    m.Contact.birth_date,
                    m.ProtocolVersion.protocol_id,
                )
                .join(m.Site, m.Site.id == m.Subject.site_id)
                .join(m.ProtocolVersion, m.ProtocolVersion.id == m.Subject.protocol_version_id)
                .join(m.Infusion, (m.Infusion.subject_id == m.Subject.id) & (m.Infusion.sequence == 1))
                .outerjoin(m.Contact, m.Contact.subject_id == m.Subject.id)
                .where(m.Subject.id.in_(chunk))
            ):
                found[pk] = _Enrolled(site, dose_level, infusion_date, sex, birth_date, protocol)
        studies: dict[str | None, Protocol | str] = {}
        for study in {line.row.protocol for line in lines}:
            try:
                studies[study] = protocols.enrolment_protocol(session, study)
            except ValidationError as exc:
                studies[study] = message_of(exc)
        grants = access.session_grants(session)
        if not grants:
            return _StoredSubjects(found, studies)
        new = [fold_study_id(line.study_id) for line in lines if line.subject_id is None]
        hidden = session.scalars(
            select(func.lower(m.Subject.study_id)).where(func.lower(m.Subject.study_id).in_(new)),
            execution_options={access.ALL_SUBJECTS: True},
        )
        site_ids = {site_id for _study, site_id in grants}
        codes = None
        if None not in site_ids:
            codes = frozenset(c.lower() for c in session.scalars(select(m.Site.code).where(m.Site.id.in_(site_ids))))
        return _StoredSubjects(found, studies, hidden=frozenset(hidden), sites=codes)

    def check(self, line: Line, stored: _StoredSubjects, today: dt.date) -> object:
        s: NewSubject = line.row
        reasons = validate_new_subject(s, today)
        folded = fold_study_id(s.study_id)
        if folded in stored.seen:
            reasons.append(Message("subject.also_on_line", study_id=s.study_id, line=stored.seen[folded]))
        stored.seen.setdefault(folded, line.number)
        study = stored.studies[s.protocol]
        if isinstance(study, str) and line.subject_id is None:  # an enrolled subject keeps its study
            reasons.append(Message("subject.protocol", problem=study))
        if folded in stored.hidden:
            reasons.append(Message("subject.hidden", study_id=s.study_id))
        if line.subject_id is None and stored.sites is not None and s.site.lower() not in stored.sites:
            reasons.append(Message("subject.site_not_granted", site=s.site))
        if line.subject_id is not None:
            reasons += [
                Message("subject.differs", study_id=s.study_id, difference=difference)
                for difference in _differences(stored.enrolled[line.subject_id], s)
            ]
        if reasons:
            return Refused(tuple(reasons))
        return UNCHANGED if line.subject_id is not None else s

    def write(
        self, session: Session, todo: list[NewSubject], stored: _StoredSubjects, user_id: int, source: Source
    ) -> list[str]:
        new_sites: list[str] = []
        by_study: dict[str | None, list[NewSubject]] = {}
        for s in todo:
            by_study.setdefault(s.protocol, []).append(s)
        for study, subjects in by_study.items():
            protocol = cast(Protocol, stored.studies[study])  # check() refused the rows of an unknown study
            version_id = protocols.register(session, protocol, effective_date=source.today)
            _enrol(session, user_id, subjects, protocol, version_id, new_sites, source.reason)
        return new_sites


def _differences(found: _Enrolled, s: NewSubject) -> list[str]:
    """Differences between an enrolled subject and the same id in a file."""
    differences: list[str] = []

    def differs(column: str, value: object, enrolled: object) -> None:
        differences.append(Message("subject.differs_from", column=column, value=value, enrolled=enrolled))

    if found.site.casefold() != s.site.casefold():  # site codes are one site whatever the case
        differs("site", s.site, found.site)
    if found.dose_level != s.dose_level:
        differs("dose_level", s.dose_level, found.dose_level)
    if found.infusion_date != s.infusion_date:
        differs("infusion_date", s.infusion_date, found.infusion_date)
    if s.sex is not None and found.sex is not None and s.sex != found.sex:
        differs("sex", s.sex, found.sex)
    if s.birth_date is not None and found.birth_date is not None and s.birth_date != found.birth_date:
        # Not shown: a birth date is kept out of messages and logs.
        differences.append(Message("subject.birth_differs"))
    if s.protocol is not None and s.protocol != found.protocol:
        differences.append(Message("subject.protocol_differs", protocol=s.protocol, enrolled=found.protocol))
    return differences


def import_subjects(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Enrol every subject of a subjects.csv, or none when any row is bad.

    Each row joins the study its `protocol` column names (absent or empty: the
    database's only study). A subject already enrolled with the same site, dose level
    and infusion date is left alone, so importing the same file twice adds nothing.
    """
    return run_import(db, _SubjectsImporter(), path, today)


def find_subject(session: Session, study_id: str) -> tuple[int, str]:
    """(primary key, the study id as enrolled) of a current subject, whatever the case typed."""
    found = session.execute(
        select(m.Subject.id, m.Subject.study_id).where(same_study_id(study_id), m.Subject.voided_at.is_(None))
    ).first()
    if found is None:
        raise NotFoundError(Message("missing.subject", study_id=study_id))
    return found[0], found[1]


def subject_pk(session: Session, study_id: str) -> int:
    return find_subject(session, study_id)[0]


CONTACT_FIELDS = (
    *_CONTACT_FROM_FILE,
    "language",
    "preferred_channel",
    "confidential_address",
    "alternate_contacts",
    "local_physician",
)


@dataclass(frozen=True)
class ContactDetails:
    """A subject's contact details (PHI) as a screen shows them, with the version it read."""

    study_id: str
    row_version: int
    values: dict[str, object]


def contact_details(db: Database, study_id: str) -> ContactDetails:
    with db.session() as session:
        db.user_id(session, "read_contacts")  # not the monitor's
        contact = session.scalar(select(m.Contact).where(m.Contact.subject_id == subject_pk(session, study_id)))
        if contact is None:
            raise NotFoundError(Message("missing.contact", study_id=study_id))
        return ContactDetails(study_id, contact.row_version, {f: getattr(contact, f) for f in CONTACT_FIELDS})


def update_contact(db: Database, study_id: str, changes: dict[str, object], expected_version: int, reason: str) -> int:
    """Change contact details that were read at `expected_version`; returns the new version.

    When someone else saved in between (another workstation), the save is refused
    with `ConflictError` and nothing is overwritten.
    """
    unknown = sorted(set(changes) - set(CONTACT_FIELDS))
    if unknown:
        raise ValidationError(Message("contact.unknown_fields", fields_named=tuple(unknown)))
    if not reason.strip():
        raise ValidationError(Message("contact.needs_reason"))
    if "language" in changes and changes["language"] not in m.LANGUAGES:
        raise ValidationError(
            Message("row.not_one_of", column="language", value=changes["language"], allowed=m.LANGUAGES)
        )
    channel = changes.get("preferred_channel")
    if channel is not None and channel not in m.CHANNELS:
        raise ValidationError(Message("row.not_one_of", column="preferred_channel", value=channel, allowed=m.CHANNELS))
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        user_id = db.user_id(session, "record")
        contact = session.scalar(select(m.Contact).where(m.Contact.subject_id == subject_id))
        if contact is None:
            raise NotFoundError(Message("missing.contact", study_id=study_id))
        if contact.row_version != expected_version:
            raise ConflictError(Message("conflict.contact", study_id=study_id))
        entries = []
        for name, value in changes.items():
            if getattr(contact, name) != value:
                entries.append(
                    audit.Entry(
                        "update", "contact", contact.id, subject_id, name, getattr(contact, name), value, reason
                    )
                )
                setattr(contact, name, value)
        session.flush()  # the version check of the row itself happens here
        audit.append(session, user_id, entries)
        return contact.row_version
