"""Archived samples (DOMAIN.md 7): recorded, moved, shipped, tested, destroyed; listed.

A sample's printed id is ``<study id>-<type short>-<yyyymmdd>-<n>`` (`sample_code`):
the subject's study id, the type's two letters (`vocabulary.SAMPLE_TYPE`), the draw
date and the number of that subject's samples of that type drawn that day; no name,
no birth date, no disease word. It is made here and never changes.

Rules a user notices:
- a storage place is freezer, rack, box and position, all four given; one sample per
  position (a second sample for a taken position is refused, naming the one there);
- keep-until is the end of the subject's follow-up (latest infusion, protocol in
  force) plus the protocol's sample retention (`[safety] retention_years`, default
  2), fixed when the sample is recorded;
- moving puts a sample (back) in storage at its new place; shipping records where to
  and when; adding a test records its name, date and result and marks the sample
  tested (used up); destroying needs a reason and is refused before keep-until; a
  destroyed sample takes no further change. Each is one audited update;
- a sample or a test recorded in error is voided with a reason (`void_sample`,
  `void_test`): kept, audited, no longer listed; voiding a sample voids its tests;
  voiding a tested sample's last test puts it back in storage;
- an RCL sample drawn on the day of an ``rcl`` result recorded as ``archived`` is
  linked to that result (`result_id`): the result says a sample was archived, the
  sample says where it is.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ltfu import vocabulary
from ltfu.db import models as m
from ltfu.db.bulk import live_by
from ltfu.errors import Message, NotFoundError, ValidationError, refusal
from ltfu.schedule.plan import sample_keep_until
from ltfu.services import access, audit, transfers
from ltfu.services.course import amendments_for, protocol_for
from ltfu.services.database import Database
from ltfu.services.plausibility import date_problem, subject_dates
from ltfu.services.subjects import find_subject

# The longest text each storage field holds (the database column's size).
PLACE_LIMITS = {"freezer": 64, "rack": 32, "box": 32, "position": 32}
SHIPPED_TO_LIMIT = 200
TEST_NAME_LIMIT = 200
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class StoragePlace:
    freezer: str
    rack: str
    box: str
    position: str

    def describe(self) -> str:
        return Message("sample.place", freezer=self.freezer, rack=self.rack, box=self.box, position=self.position)


@dataclass(frozen=True)
class NewSample:
    sample_type: str
    draw_date: dt.date
    place: StoragePlace
    aliquots: int = 1


@dataclass(frozen=True)
class SampleTestRow:
    id: int  # what `void_test` names
    test_name: str
    test_date: dt.date
    result_text: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "test": self.test_name, "date": self.test_date.isoformat(), "result": self.result_text}


@dataclass(frozen=True)
class SampleRow:
    """One sample as the lists, the labels and the cases show it."""

    sample_code: str
    study_id: str
    sample_type: str
    draw_date: dt.date
    aliquots: int
    place: StoragePlace
    keep_until: dt.date
    state: str
    linked_result: bool
    shipped_on: dt.date | None = None
    shipped_to: str | None = None
    destroyed_on: dt.date | None = None
    destroy_reason: str | None = None
    tests: tuple[SampleTestRow, ...] = ()

    @property
    def type_short(self) -> str:
        return vocabulary.SAMPLE_TYPE[self.sample_type].short

    def to_dict(self) -> dict[str, object]:
        return {
            "sample_id": self.sample_code,
            "subject_id": self.study_id,
            "type": self.sample_type,
            "draw_date": self.draw_date.isoformat(),
            "aliquots": self.aliquots,
            "freezer": self.place.freezer,
            "rack": self.place.rack,
            "box": self.place.box,
            "position": self.place.position,
            "keep_until": self.keep_until.isoformat(),
            "state": self.state,
            "archived_rcl_result": self.linked_result,
            "shipped_on": self.shipped_on.isoformat() if self.shipped_on else None,
            "shipped_to": self.shipped_to,
            "destroyed_on": self.destroyed_on.isoformat() if self.destroyed_on else None,
            "destroy_reason": self.destroy_reason,
            "tests": [t.to_dict() for t in self.tests],
        }

    def describe(self) -> str:
        line = (
            f"{self.sample_code:<28} {self.sample_type:<14} drawn {self.draw_date}  x{self.aliquots}  "
            f"{self.state:<9} {self.place.describe()}  keep until {self.keep_until}"
        )
        if self.state == "shipped":
            line += f"; shipped {self.shipped_on} to {self.shipped_to}"
        if self.state == "destroyed":
            line += f"; destroyed {self.destroyed_on} ({self.destroy_reason})"
        return line + "".join(f"\n    test {t.id}: {t.test_date} {t.test_name}: {t.result_text}" for t in self.tests)


def sample_code(study_id: str, sample_type: str, draw_date: dt.date, number: int) -> str:
    """The printed id of a subject's `number`-th sample of a type drawn on a day."""
    return f"{study_id}-{vocabulary.SAMPLE_TYPE[sample_type].short}-{draw_date:%Y%m%d}-{number}"


# -- checks -------------------------------------------------------------------------------


def _text(value: str, field: str, limit: int, problems: list[str]) -> str:
    """`value` stripped; what is wrong with it added to `problems` (`field`: its column)."""
    value = value.strip()
    if not value:
        problems.append(Message("sample.empty", field=field))
    elif len(value) > limit:
        problems.append(Message("sample.too_long", field=field, limit=limit))
    elif any(unicodedata.category(c) == "Cc" for c in value):
        problems.append(Message("sample.control", field=field))
    return value


def _place(place: StoragePlace, problems: list[str]) -> StoragePlace:
    return StoragePlace(*(_text(getattr(place, name), name, limit, problems) for name, limit in PLACE_LIMITS.items()))


def _refuse(doing: str, problems: list[str], **params: object) -> None:
    if problems:
        raise ValidationError(refusal(doing, problems, **params))


def _place_taken(place: StoragePlace, sample: str) -> Message:
    return Message("sample.place_taken", place=place.describe(), sample=sample)


def _taken_by(session: Session, place: StoragePlace, other_than: int | None = None) -> str | None:
    """The sample stored at this place, if any (one sample per position): a freezer
    holds every site's samples, so a place is taken whoever sees its sample."""
    s = m.Sample
    query = select(s.sample_code, s.subject_id).where(
        s.freezer == place.freezer,
        s.rack == place.rack,
        s.box == place.box,
        s.position == place.position,
        s.state == "stored",
        s.voided_at.is_(None),
    )
    if other_than is not None:
        query = query.where(s.id != other_than)
    found = session.execute(query.limit(1), execution_options={access.ALL_SUBJECTS: True}).first()
    if found is None:
        return None
    seen = access.subject_ids(session)
    return found[0] if seen is None or found[1] in seen else "(of a subject you do not see)"


def _keep_until(session: Session, subject_id: int, today: dt.date) -> dt.date:
    subject = session.get(m.Subject, subject_id)
    assert subject is not None
    protocol = protocol_for(session, subject.protocol_version_id)
    amendments, _ = amendments_for(session, [subject.protocol_version_id])[subject.protocol_version_id]
    for amendment in amendments:
        if amendment.effective_date <= today:
            protocol = amendment.protocol
    last_infusion = session.scalar(
        select(func.max(m.Infusion.infusion_date)).where(
            m.Infusion.subject_id == subject_id, m.Infusion.voided_at.is_(None)
        )
    )
    if last_infusion is None:
        raise ValidationError(refusal("sample", [Message("sample.no_infusion", study_id=subject.study_id)]))
    return sample_keep_until(protocol, last_infusion)


# -- writing ------------------------------------------------------------------------------


def record_sample(db: Database, study_id: str, new: NewSample, today: dt.date) -> SampleRow:
    """Record a sample put in storage; its id is made here (see the module's docstring)."""
    problems: list[str] = []
    if new.sample_type not in vocabulary.SAMPLE_TYPES:
        problems.append(Message("sample.type", value=new.sample_type, allowed=vocabulary.SAMPLE_TYPES))
    if not 1 <= new.aliquots <= 999:
        problems.append(Message("sample.aliquots", aliquots=new.aliquots))
    place = _place(new.place, problems)
    _refuse("sample", problems)
    with db.session() as session:
        subject_id, stored_id = find_subject(session, study_id)
        user_id = db.user_id(session, "record")
        problem = date_problem("draw", new.draw_date, subject_dates(session, [subject_id])[subject_id], today)
        if problem:
            problems.append(problem)
        taken = _taken_by(session, place)
        if taken:
            problems.append(_place_taken(place, taken))
        _refuse("sample", problems)
        prefix = sample_code(stored_id, new.sample_type, new.draw_date, 0)[:-1]
        number = 1 + (
            session.scalar(
                select(func.count())
                .select_from(m.Sample)
                .where(m.Sample.sample_code.startswith(prefix, autoescape=True))
            )
            or 0
        )
        result_id = None
        if new.sample_type == "rcl_archive":
            linked = select(m.Sample.result_id).where(m.Sample.result_id.is_not(None), m.Sample.voided_at.is_(None))
            result_id = session.scalar(
                select(m.Result.id)
                .where(
                    m.Result.subject_id == subject_id,
                    m.Result.analyte == "rcl",
                    m.Result.category == "archived",
                    m.Result.result_date == new.draw_date,
                    m.Result.voided_at.is_(None),
                    m.Result.id.not_in(linked),
                )
                .order_by(m.Result.id)
                .limit(1)
            )
        row = m.Sample(
            sample_code=sample_code(stored_id, new.sample_type, new.draw_date, number),
            subject_id=subject_id,
            sample_type=new.sample_type,
            draw_date=new.draw_date,
            aliquots=new.aliquots,
            freezer=place.freezer,
            rack=place.rack,
            box=place.box,
            position=place.position,
            keep_until=_keep_until(session, subject_id, today),
            state="stored",
            result_id=result_id,
        )
        session.add(row)
        session.flush()
        audit.append(session, user_id, [audit.created("sample", row.id, {}, subject_id)])
        return _rows(session, [row])[0]


def _sample(session: Session, code: str) -> m.Sample:
    row = session.scalar(
        select(m.Sample).where(func.upper(m.Sample.sample_code) == code.strip().upper(), m.Sample.voided_at.is_(None))
    )
    if row is None:
        raise NotFoundError(Message("missing.sample", code=code))
    return row


def _change(
    db: Database,
    code: str,
    action: str,
    permission: str,
    today: dt.date,
    when: dt.date | None,
    reason: str | None,
    check: Callable[[Session, m.Sample], list[str]],
    after: Callable[[Session, m.Sample, int], None] | None = None,
    **values: object,
) -> SampleRow:
    """One audited update of a sample: `check` lists what forbids it; `after` writes more
    in the same unit of work."""
    with db.session() as session:
        row = _sample(session, code)
        user_id = db.user_id(session, permission)
        problems: list[str] = []
        if row.state == "destroyed":
            problems.append(Message("sample.destroyed", sample=row.sample_code, day=row.destroyed_on))
        if when is not None:
            if when > today:
                problems.append(Message("sample.date_future", day=when))
            elif when < row.draw_date:
                problems.append(Message("sample.before_draw", day=when, drawn=row.draw_date))
        problems += check(session, row)
        _refuse(f"sample_{action}", problems, sample=row.sample_code)
        audit.update_record(session, user_id, "sample", row, values, reason)
        if after is not None:
            after(session, row, user_id)
        return _rows(session, [row])[0]


def _allowed(_session: Session, _row: m.Sample) -> list[str]:
    return []


def move_sample(db: Database, code: str, place: StoragePlace, today: dt.date, reason: str | None = None) -> SampleRow:
    """Put a sample in storage at a new place (moved, or back from a shipment)."""
    problems: list[str] = []
    place = _place(place, problems)
    _refuse("sample_move", problems, sample=code)

    def check(session: Session, row: m.Sample) -> list[str]:
        taken = _taken_by(session, place, other_than=row.id)
        return [_place_taken(place, taken)] if taken else []

    return _change(
        db,
        code,
        "move",
        "record",
        today,
        None,
        reason,
        check,
        freezer=place.freezer,
        rack=place.rack,
        box=place.box,
        position=place.position,
        state="stored",
    )


def ship_sample(db: Database, code: str, shipped_on: dt.date, shipped_to: str, today: dt.date) -> SampleRow:
    """A stored sample sent away (to the sponsor's or a reference laboratory)."""
    problems: list[str] = []
    shipped_to = _text(shipped_to, "shipped_to", SHIPPED_TO_LIMIT, problems)
    _refuse("sample_ship", problems, sample=code)

    def check(_session: Session, row: m.Sample) -> list[str]:
        return [] if row.state in ("stored", "destroyed") else [Message("sample.not_stored", sample_state=row.state)]

    return _change(
        db,
        code,
        "ship",
        "record",
        today,
        shipped_on,
        None,
        check,
        state="shipped",
        shipped_on=shipped_on,
        shipped_to=shipped_to,
    )


def add_test(
    db: Database, code: str, test_name: str, test_date: dt.date, result_text: str, today: dt.date
) -> SampleRow:
    """A test run on the sample (an RCL culture, a transgene qPCR...): recorded, and the sample is tested."""
    problems: list[str] = []
    test_name = _text(test_name, "test_name", TEST_NAME_LIMIT, problems)
    result_text = _text(result_text, "result_text", TEXT_LIMIT, problems)
    _refuse("sample_test", problems, sample=code)

    def add(session: Session, row: m.Sample, user_id: int) -> None:
        test = m.SampleTest(
            sample_id=row.id,
            subject_id=row.subject_id,
            test_name=test_name,
            test_date=test_date,
            result_text=result_text,
        )
        session.add(test)
        session.flush()
        audit.append(session, user_id, [audit.created("sample_test", test.id, {}, row.subject_id)])

    return _change(db, code, "test", "record", today, test_date, None, _allowed, after=add, state="tested")


def destroy_sample(db: Database, code: str, destroyed_on: dt.date, reason: str, today: dt.date) -> SampleRow:
    """Destroy a sample: only on or after its keep-until date, and with a reason."""
    reason = _reason(reason, "sample_destroy", sample=code)

    def check(_session: Session, row: m.Sample) -> list[str]:
        if destroyed_on < row.keep_until:
            return [Message("sample.kept_until", keep=row.keep_until, day=destroyed_on)]
        return []

    return _change(
        db,
        code,
        "destroy",
        "destroy_samples",
        today,
        destroyed_on,
        reason,
        check,
        state="destroyed",
        destroyed_on=destroyed_on,
        destroy_reason=reason,
    )


def _reason(reason: str, doing: str, **params: object) -> str:
    problems: list[str] = []
    reason = _text(reason, "reason", TEXT_LIMIT, problems)
    _refuse(doing, problems, **params)
    return reason


def void_sample(db: Database, code: str, reason: str) -> SampleRow:
    """A sample recorded in error: voided with its tests (kept, with who and why), its
    place freed. The sample as it was."""
    reason = _reason(reason, "sample_void", sample=code)
    with db.session() as session:
        row = _sample(session, code)
        user_id = db.user_id(session, "edit")
        was = _rows(session, [row])[0]
        for test in session.scalars(
            select(m.SampleTest).where(m.SampleTest.sample_id == row.id, m.SampleTest.voided_at.is_(None))
        ):
            audit.void_record(session, user_id, test, reason)
        audit.void_record(session, user_id, row, reason)
        return was


def void_test(db: Database, code: str, test_id: int, reason: str) -> SampleRow:
    """A test recorded in error on sample `code` (its id as `SampleTestRow.id`): voided;
    when no current test is left, a tested sample is in storage again."""
    reason = _reason(reason, "test_void", sample=code, test=test_id)
    with db.session() as session:
        row = _sample(session, code)
        user_id = db.user_id(session, "edit")
        test = session.get(m.SampleTest, test_id)
        if test is None or test.sample_id != row.id or test.voided_at is not None:
            tests = tuple(t.id for t in _rows(session, [row])[0].tests)
            raise NotFoundError(
                Message("missing.test", sample=row.sample_code, test=test_id, tests=tests)
                if tests
                else Message("missing.any_test", sample=row.sample_code, test=test_id)
            )
        audit.void_record(session, user_id, test, reason)
        left = session.scalar(
            select(func.count()).where(m.SampleTest.sample_id == row.id, m.SampleTest.voided_at.is_(None))
        )
        if not left and row.state == "tested":
            audit.update_record(session, user_id, "sample", row, {"state": "stored"}, reason)
        return _rows(session, [row])[0]


# -- reading ------------------------------------------------------------------------------


def _rows(session: Session, samples: Sequence[m.Sample]) -> tuple[SampleRow, ...]:
    ids = [s.id for s in samples]
    t = m.SampleTest
    tests = live_by(
        session, t.sample_id, ids, t.id, t.test_name, t.test_date, t.result_text, order_by=(t.test_date, t.id)
    )
    study = dict(
        session.execute(
            select(m.Subject.id, m.Subject.study_id).where(m.Subject.id.in_({s.subject_id for s in samples}))
        ).all()
    )
    return tuple(
        SampleRow(
            sample_code=s.sample_code,
            study_id=study[s.subject_id],
            sample_type=s.sample_type,
            draw_date=s.draw_date,
            aliquots=s.aliquots,
            place=StoragePlace(s.freezer, s.rack, s.box, s.position),
            keep_until=s.keep_until,
            state=s.state,
            linked_result=s.result_id is not None,
            shipped_on=s.shipped_on,
            shipped_to=s.shipped_to,
            destroyed_on=s.destroyed_on,
            destroy_reason=s.destroy_reason,
            tests=tuple(SampleTestRow(r.id, r.test_name, r.test_date, r.result_text) for r in tests[s.id]),
        )
        for s in samples
    )


def _listed(session: Session, study_id: str | None, states: tuple[str, ...] | None) -> tuple[SampleRow, ...]:
    query = select(m.Sample).where(m.Sample.voided_at.is_(None))
    if study_id is not None:
        query = query.where(m.Sample.subject_id == find_subject(session, study_id)[0])
    if states is not None:
        query = query.where(m.Sample.state.in_(states))
    query = query.order_by(m.Sample.subject_id, m.Sample.draw_date.desc(), m.Sample.sample_code.desc())
    return _rows(session, session.scalars(query).all())


def list_samples(db: Database, study_id: str | None = None, *, stored_only: bool = False) -> tuple[SampleRow, ...]:
    """Samples (of one subject, or all), each subject's most recent draw first."""
    with db.session(read_only=True) as session:
        rows = _listed(session, study_id, ("stored",) if stored_only else None)
        if study_id is None:
            return rows
        return transfers.up_to_move(session, find_subject(session, study_id)[0], rows, lambda s: s.draw_date)


def to_retrieve(db_or_session: Database | Session, study_id: str) -> tuple[SampleRow, ...]:
    """The subject's samples in storage, most recent draw first, with their full storage
    place: what a malignancy or RCL case retrieves for testing (DOMAIN.md 7, step 5)."""
    if isinstance(db_or_session, Session):
        return _listed(db_or_session, study_id, ("stored",))
    return list_samples(db_or_session, study_id, stored_only=True)


def labels_pdf(db: Database, study_id: str, codes: Sequence[str] = ()) -> tuple[bytes, tuple[SampleRow, ...]]:
    """A sheet of labels for the subject's stored samples (or the ones named in `codes`,
    in any state but destroyed), and the samples it holds."""
    db.require("print")
    from ltfu.reports.labels import Label, render_labels

    with db.session(read_only=True) as session:
        rows = _listed(session, study_id, None if codes else ("stored",))
    if codes:
        wanted = {c.strip().upper() for c in codes}
        known = {r.sample_code.upper() for r in rows}
        missing = sorted(wanted - known)
        if missing:
            raise NotFoundError(Message("missing.samples", codes=tuple(missing), study_id=study_id))
        rows = tuple(r for r in rows if r.sample_code.upper() in wanted and r.state != "destroyed")
    if not rows:
        raise ValidationError(Message("sample.no_labels", study_id=study_id))
    labels = [Label(r.sample_code, r.study_id, r.type_short, r.draw_date) for r in rows]
    return render_labels(labels), rows
