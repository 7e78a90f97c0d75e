"""A synthetic, realistic cohort for the default protocol (`ltfu demo`).

Everything is drawn from one seeded generator, so a seed always gives the same
cohort for the same `today`. Names and addresses are clearly fake (some with
accents, some in Chinese characters). Rows are written in bulk: 10,000 subjects
take seconds, not minutes. The audit trail gets what the services would write: a
"create" entry per record, and for visits and results one entry per subject naming
the rows with a digest of their content (see `_audit_entries`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeGuard

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert, first_free_id
from ltfu.errors import ValidationError
from ltfu.schedule.plan import PlannedVisit, plan, sample_keep_until
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID, Protocol, load_bundled
from ltfu.schedule.status import (
    ActualVisit,
    StatusClosure,
    SubjectCourse,
    VisitState,
    VisitStatus,
    Withdrawal,
    WithdrawalScope,
    visit_states,
)
from ltfu.services import audit, derived, protocols, trail
from ltfu.services import course_records as cr
from ltfu.services.course import VisitWrites, planned_row, sync_subjects
from ltfu.services.database import Database
from ltfu.services.samples import sample_code
from ltfu.services.transfers import move
from ltfu.services.visits import set_state
from ltfu.vocabulary import SCREEN_FROM_DAY, SCREEN_QUESTIONS, SCREEN_SOURCE_OF_MODE

SITES = (
    ("BJ01", "Beijing Demo Hospital 北京示例医院", "1 Demo Road, Beijing 100000", "+86 10 5555 0100"),
    ("SH02", "Shanghai Demo Medical Centre 上海示例医学中心", "2 Example Lane, Shanghai 200000", "+86 21 5555 0200"),
)
DOSE_LEVELS = (("DL1", 0.5e6), ("DL2", 1.0e6), ("DL3", 2.0e6))
DOSE_WEIGHTS = (0.25, 0.35, 0.40)


@dataclass(frozen=True)
class DemoStudy:
    """One study of the demo: its bundled protocol, its subjects' id prefix, and the dose
    levels drawn (with their weights)."""

    protocol_id: str
    prefix: str
    dose_weights: tuple[float, ...]


DEMO_STUDIES = (
    DemoStudy(DEFAULT_PROTOCOL_ID, "CD1922", DOSE_WEIGHTS),
    # The phase II treats at the recommended dose (DL2) only.
    DemoStudy("cd19-cd22-ph2", "CD1922P2", (0.0, 1.0, 0.0)),
    # A BCMA trial in myeloma (USERS.md scene 16), escalating over the two lower levels.
    DemoStudy("bcma-ph1", "BCMA", (0.5, 0.5, 0.0)),
)
"""`ltfu demo --studies N` builds the first N; the first study's cohort is the same
whatever N (a further study draws from its own generator), and each further study has
half as many subjects."""
ZH_FAMILY = "张王李赵陈刘杨黄周吴"
ZH_GIVEN = ("示例", "测试", "样本", "演示")
ZH_NUMERALS = "一二三四五六七八九十"
LATIN_GIVEN = ("Zoë", "José", "Åsa", "François", "Márta", "Søren", "Chloé", "Jürgen", "Inés", "Noël")
LATIN_FAMILY = ("Démo", "Exemplo", "Testperson", "Fictif", "Muster", "Probe", "Ficción", "Sample")
LLOQ_COPIES = 10.0  # copies/ug gDNA
LLOQ_CELLS = 0.5  # cells/uL
CLOSED = (VisitStatus.COMPLETED, VisitStatus.MISSED, VisitStatus.CANCELLED)
DEATH_CAUSES = ("relapsed leukemia", "relapsed leukemia", "sepsis", "pneumonia", "GVHD after HSCT")


@dataclass(frozen=True)
class DemoSummary:
    subjects: int
    seed: int
    today: dt.date
    rows: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return {"subjects": self.subjects, "seed": self.seed, "today": self.today.isoformat(), "rows": self.rows}

    def describe(self) -> str:
        counts = ", ".join(f"{n} {t}" for t, n in self.rows.items() if n)
        return f"demo cohort of {self.subjects} subjects (seed {self.seed}, today {self.today}): {counts}"


@dataclass
class _Rows:
    """Rows per table with ids assigned here, so everything goes in as bulk inserts."""

    tables: dict[str, list[dict]] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, **values: object) -> int:
        new_id = self.next_ids.get(table, 1)
        self.next_ids[table] = new_id + 1
        values["id"] = new_id
        self.tables.setdefault(table, []).append(values)
        return new_id


@dataclass
class _Fate:
    """What happens to one subject, before it is turned into records."""

    response: str
    mrd_negative: bool
    relapse_day: int | None = None
    relapse_cd19: str = "positive"
    relapse_cd22: str = "positive"
    lineage_switch: bool = False
    progression_day: int | None = None
    death_day: int | None = None
    death_cause: str | None = None
    hsct_day: int | None = None
    withdrawal_day: int | None = None
    withdrawal_scope: str | None = None
    ltfu_day: int | None = None
    b_recovery_day: int | None = None
    hama: str = "negative"  # negative, pre-existing, treatment-emergent
    rcl_positive: bool = False
    peak_day: int = 10
    peak_copies: float = 1e4
    half_life: float = 30.0


def build_demo(
    db: Database,
    *,
    subjects: int = 40,
    seed: int = 1,
    today: dt.date,
    if_empty: bool = False,
    studies: int = 1,
) -> DemoSummary | None:
    """Fill an empty database with `subjects` synthetic subjects, in `studies` studies
    (`DEMO_STUDIES`; each further one with half as many subjects).

    Refuses a database that already has subjects (the demo never mixes with real
    data); with `if_empty`, returns None for such a database instead.
    """
    if not 1 <= studies <= len(DEMO_STUDIES):
        raise ValidationError(f"The demo builds 1 to {len(DEMO_STUDIES)} studies, not {studies}.")
    with db.session() as session:
        existing = session.scalar(select(func.count()).select_from(m.Subject)) or 0
        if existing:
            if if_empty:
                return None
            raise ValidationError(
                f"The database already holds {existing} subjects; the demo cohort fills only an empty database."
            )
        user_id = db.user_id(session, "maintain")
        conn = session.connection()
        first_ids = {
            table.name: first_free_id(conn, table) for table in m.Base.metadata.sorted_tables if "id" in table.c
        }
        rows = _Rows(next_ids=first_ids)
        site_ids = [rows.add("site", code=c, name=name, address=addr, phone=ph) for c, name, addr, ph in SITES]
        further: list[tuple[DemoStudy, list[dict]]] = []
        for index, study in enumerate(DEMO_STUDIES[:studies]):
            protocol = load_bundled(study.protocol_id)
            version_id = protocols.register(session, protocol, effective_date=today - timedelta(days=6 * 366))
            # The first study draws from `seed` itself, so its cohort does not depend on the others.
            rng = random.Random(seed if index == 0 else f"{seed}-{study.protocol_id}")
            count = subjects if index == 0 else max(1, subjects // 2)
            first = len(rows.tables.get("subject", ()))
            _generate(protocol, version_id, user_id, study, count, rng, today, rows, site_ids)
            if index:
                further.append((study, rows.tables["subject"][first:]))
        for table in m.Base.metadata.sorted_tables:
            bulk_insert(conn, table, rows.tables.get(table.name, ()))
        derived.rebuild(session)
        audit.append(session, user_id, _audit_entries(rows, f"demo cohort, seed {seed}, today {today.isoformat()}"))
        for index, (study, subjects_of_study) in enumerate(further):
            course_rng = random.Random(f"{seed}-{study.protocol_id}-course")
            _course(session, user_id, subjects_of_study, rows, course_rng, today, moving=index == 0)
        counts = {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in m.Base.metadata.sorted_tables
            if table.name in rows.tables or table.name in COURSE_TABLES
        }
    return DemoSummary(
        subjects=len(rows.tables.get("subject", ())),
        seed=seed,
        today=today,
        rows=counts,
    )


# Course records, for the further studies only (the first study's cohort, and so every
# number of a one-study demo, stays as it was): a re-infusion or two, immunoglobulin
# replacement for subjects with a low IgG, a consent history (a guardian's for those
# infused as minors, some of whom came of age since without a re-consent), one move from
# SH02 to BJ01 (in the second study). Written through the services' own session functions (audited, the plans
# of the re-infused restarted from their new Day 0), drawn from a generator of its own.
COURSE_TABLES = ("medication", "consent", "subject_transfer")
IVIG_BELOW = 4.0  # g/L
REINFUSED_WITHIN = 120  # days before today


def _course(
    session: Session,
    user_id: int,
    subjects: list[dict],
    rows: _Rows,
    rng: random.Random,
    today: dt.date,
    *,
    moving: bool,
) -> None:
    ids = [s["id"] for s in subjects]
    active = [s["id"] for s in subjects if s["status"] == "active"]
    facts = cr.infusion_facts(session, active)
    reinfusions: list[tuple[int, cr.NewInfusion]] = []
    relapsed = {e["subject_id"] for e in rows.tables.get("clinical_event", ()) if e["kind"] == "relapse"}
    for subject_id in sorted(rng.sample(active, len(active)), key=lambda sid: sid not in relapsed):
        known = facts[subject_id]
        day = max(known.last_done or known.infusions[-1], today - timedelta(days=REINFUSED_WITHIN)) + timedelta(
            days=rng.randint(7, 30)
        )
        new = cr.NewInfusion(day, f"LOT-{rng.randint(1000, 9999)}", 1.0e6)
        if len(reinfusions) < 2 and not cr.infusion_problems(new, known, today):
            reinfusions.append((subject_id, new))
    if reinfusions:
        new_ids = cr.add_infusions(session, reinfusions, user_id, "demo: re-infusion", today)
        # The new course's visits whose window has closed were done on their day.
        writes = VisitWrites()
        for visit in session.scalars(
            select(m.Visit).where(
                m.Visit.infusion_id.in_(new_ids), m.Visit.state == "planned", m.Visit.window_end < today
            )
        ):
            values = {"actual_date": visit.nominal_date, "actual_mode": visit.mode, "performed_by": user_id}
            set_state(writes, visit, user_id, "completed", None, **values)
        writes.write(session, user_id)
        sync_subjects(session, [sid for sid, _ in reinfusions], user_id, today, "demo: re-infusion")

    mine = set(ids)
    low = sorted(
        {
            r["subject_id"]: r["result_date"]
            for r in reversed(rows.tables.get("result", ()))
            if r["analyte"] == "igg" and r["subject_id"] in mine and (r["value"] or 99) < IVIG_BELOW
        }.items()
    )
    replaced = [(sid, cr.NewMedication("ivig", day, None, 0.4)) for sid, day in rng.sample(low, min(3, len(low)))]
    if replaced:
        cr.add_medications(session, sorted(replaced, key=lambda t: t[0]), user_id, "demo")

    consents = []
    for subject in subjects:
        minor = subject["enrolled_on"] < cr.majority_date(subject["birth_year"])
        consents.append(
            (subject["id"], cr.NewConsent("v2.0", subject["enrolled_on"], "guardian" if minor else "subject"))
        )
        of_age = cr.majority_date(subject["birth_year"])
        if minor and of_age <= today and rng.random() < 0.5:
            consents.append(
                (subject["id"], cr.NewConsent("v2.0", of_age + timedelta(days=rng.randint(10, 60)), "subject"))
            )
    cr.add_consents(session, [c for c in consents if c[1].date <= today], user_id, "demo")

    sh02 = session.scalar(select(m.Site).where(m.Site.code == "SH02"))
    bj01 = session.scalar(select(m.Site).where(m.Site.code == "BJ01"))
    movers = [s for s in subjects if s["status"] == "active" and s["site_id"] == getattr(sh02, "id", None)]
    if moving and movers and sh02 is not None and bj01 is not None:
        mover = session.get(m.Subject, rng.choice(movers)["id"])
        assert mover is not None  # just written
        on = max(mover.enrolled_on or today, today - timedelta(days=rng.randint(30, 200)))
        move(session, user_id, mover, bj01, on, "demo: moved to Beijing")


# The demo's records are audited as the services would audit them: one "create" entry
# with the whole record where the services write one, and one entry per subject naming
# its visits and results with a digest of their content (as a lab import does), so
# `ltfu check` can replay a demo database like any other.
_ONE_BY_ONE = (
    "subject",
    "infusion",
    "clinical_event",
    "adverse_event",
    "contact_attempt",
    "letter",
    "safety_report",
    "sample",
)
_PER_SUBJECT = ("visit", "result", "safety_screen")


def _audit_entries(rows: _Rows, reason: str) -> list[audit.Entry]:
    entries = []
    for name, batch in rows.tables.items():
        if name in _ONE_BY_ONE:
            keys = {k for row in batch for k in row}  # what the bulk insert was given
            for row in batch:
                subject_id = row["id"] if name == "subject" else row["subject_id"]
                content = trail.record_json(name, trail.with_defaults(name, row, keys))
                entries.append(audit.Entry("create", name, row["id"], subject_id, None, None, content, reason, True))
        elif name in _PER_SUBJECT:
            keys = {k for row in batch for k in row}  # what the bulk insert was given
            by_subject: dict[int, list[dict]] = {}
            for row in batch:
                by_subject.setdefault(row["subject_id"], []).append(row)
            for subject_id, own in sorted(by_subject.items()):
                text = trail.bulk_text(name, own, keys=keys)
                entries.append(audit.Entry("create", name, None, subject_id, "rows", None, text, reason))
        else:
            entries.append(audit.Entry("import", name, None, None, "rows", None, len(batch), reason))
    return entries


def _generate(
    protocol: Protocol,
    version_id: int,
    user_id: int,
    study: DemoStudy,
    n: int,
    rng: random.Random,
    today: dt.date,
    rows: _Rows,
    site_ids: list[int],
) -> None:
    """One study's cohort, added to `rows`."""
    width = max(3, len(str(n)))
    first_result = len(rows.tables.get("result", ()))
    first_ae = len(rows.tables.get("adverse_event", ()))
    # From 10 subjects on, the cohort always shows one RCL positive, one withdrawal
    # and one subject lost to follow-up, whatever the seed.
    rcl, withdrawn, lost = rng.sample(range(n), 3) if n >= 10 else (None, None, None)
    for index in range(n):
        study_id = f"{study.prefix}-{index + 1:0{width}d}"
        force = "rcl" if index == rcl else "withdrawal" if index == withdrawn else "ltfu" if index == lost else None
        _one_subject(rows, rng, protocol, version_id, user_id, study_id, site_ids, today, force, study.dose_weights)
    _archive_samples(rows, protocol, first_result)
    _one_open_clock(rows, today, first_ae)


def _one_open_clock(rows: _Rows, today: dt.date, first_ae: int) -> None:
    """The latest serious adverse event became known to the site yesterday: its report to
    the sponsor is due today, so the worklist shows a reporting clock (the demo's other
    adverse events predate the awareness date and start none; nothing random is drawn,
    so every other number of the cohort stays as it was)."""
    ours = rows.tables.get("adverse_event", [])[first_ae:]  # this study's
    serious = [r for r in ours if r["serious"] and r["onset_date"] < today]
    if not serious:
        return
    ae = max(serious, key=lambda r: (r["onset_date"], r["id"]))
    aware = max(ae["onset_date"], today - timedelta(days=1))
    ae["awareness_date"] = aware
    ae["unexpected"] = False
    rows.add(
        "safety_report",
        subject_id=ae["subject_id"],
        case_id=None,
        adverse_event_id=ae["id"],
        recipient="sponsor",
        awareness_date=aware,
        due_date=aware + timedelta(days=1),
        sent_on=None,
        sent_to=None,
        reference=None,
        sent_by=None,
    )


# Where the demo's archived samples sit: a -80 freezer of 5 racks of 10 boxes of 9 x 9.
_BOX_ROWS = "ABCDEFGHI"


def _archive_samples(rows: _Rows, protocol: Protocol, first_result: int) -> None:
    """Each RCL result (from index `first_result` on: one study's) recorded as archived
    gets its sample in the freezer, after the samples already placed, linked to it."""
    study = {s["id"]: s["study_id"] for s in rows.tables["subject"]}
    infusion = {i["subject_id"]: i["infusion_date"] for i in rows.tables["infusion"]}
    slot = len(rows.tables.get("sample", ()))
    for result in list(rows.tables.get("result", ()))[first_result:]:
        if result["analyte"] != "rcl" or result["category"] != "archived":
            continue
        subject_id, drawn = result["subject_id"], result["result_date"]
        box, position = divmod(slot, 81)
        rack, box = divmod(box, 10)
        freezer, rack = divmod(rack, 5)
        slot += 1
        rows.add(
            "sample",
            sample_code=sample_code(study[subject_id], "rcl_archive", drawn, 1),
            subject_id=subject_id,
            sample_type="rcl_archive",
            draw_date=drawn,
            aliquots=2,
            freezer=f"-80 F{freezer + 1}",
            rack=f"R{rack + 1}",
            box=f"B{box + 1:02d}",
            position=f"{_BOX_ROWS[position // 9]}{position % 9 + 1}",
            keep_until=sample_keep_until(protocol, infusion[subject_id]),
            state="stored",
            result_id=result["id"],
        )


def _draw_fate(rng: random.Random, dose_index: int, force: str | None) -> _Fate:
    response = rng.choices(("CR", "CRi", "PR", "NR"), weights=(60, 15, 5, 20))[0]
    fate = _Fate(response=response, mrd_negative=response in ("CR", "CRi") and rng.random() < 0.8)
    if response in ("CR", "CRi"):
        if rng.random() < 0.35:
            fate.relapse_day = rng.randint(60, 900)
            fate.relapse_cd19, fate.relapse_cd22 = rng.choice(
                (
                    ("negative", "positive"),
                    ("positive", "positive"),
                    ("dim", "positive"),
                    ("negative", "dim"),
                    ("positive", "negative"),
                    ("negative", "negative"),
                )
            )
            fate.lineage_switch = rng.random() < 0.05
        if rng.random() < 0.2:
            fate.hsct_day = rng.randint(60, 120)
    else:
        fate.progression_day = rng.randint(29, 75)
    stop_day = fate.relapse_day or fate.progression_day
    if stop_day is not None and rng.random() < 0.6:
        fate.death_day = stop_day + rng.randint(30, 400)
        fate.death_cause = rng.choice(DEATH_CAUSES[:2])
    elif rng.random() < 0.03:
        fate.death_day = rng.randint(40, 1500)
        fate.death_cause = rng.choice(DEATH_CAUSES[2:])
    if force is not None:
        fate.death_day = fate.death_cause = None
    if force == "withdrawal":
        fate.withdrawal_day, fate.withdrawal_scope = rng.randint(100, 700), "visits"
    elif force == "ltfu":
        fate.ltfu_day = rng.randint(1900, 2000)
    elif fate.death_day is None:
        roll = rng.random()
        if roll < 0.03:
            fate.withdrawal_day = rng.randint(100, 1500)
            fate.withdrawal_scope = rng.choice(("treatment", "visits", "all"))
        elif roll < 0.05:
            fate.ltfu_day = rng.randint(1900, 2100)
    if force == "rcl" and fate.relapse_day is not None:
        fate.relapse_day = None  # keep the RCL subject's first year in remission
    if rng.random() < 0.55:
        fate.b_recovery_day = rng.randint(90, 900)
    roll = rng.random()
    fate.hama = "pre-existing" if roll < 0.03 else "treatment-emergent" if roll < 0.11 else "negative"
    fate.rcl_positive = force == "rcl"
    fate.peak_day = rng.randint(7, 14)
    fate.peak_copies = 10 ** (rng.uniform(3.4, 4.6) + 0.3 * dose_index)
    fate.half_life = rng.uniform(15, 60)
    return fate


def _one_subject(
    rows: _Rows,
    rng: random.Random,
    protocol: Protocol,
    version_id: int,
    user_id: int,
    study_id: str,
    site_ids: list[int],
    today: dt.date,
    force: str | None,
    dose_weights: tuple[float, ...],
) -> None:
    # A tenth of the cohort infused in the last two months, so the early visits show.
    days_ago = rng.randint(3, 60) if rng.random() < 0.1 else rng.randint(61, 6 * 365)
    if force == "ltfu":
        days_ago = rng.randint(2050, 6 * 365)  # lost in year 6, after the clinic years
    elif force == "rcl":
        days_ago = rng.randint(400, 1500)  # past M6, still followed
    infusion_date = today - timedelta(days=days_ago)
    dose_index = rng.choices(range(len(DOSE_LEVELS)), weights=dose_weights)[0]
    dose_level, cell_dose = DOSE_LEVELS[dose_index]
    fate = _draw_fate(rng, dose_index, force)
    birth_year = infusion_date.year - rng.randint(3, 70)

    def on(day: int) -> dt.date:
        return infusion_date + timedelta(days=day)

    def past(day: int | None) -> TypeGuard[int]:
        return day is not None and infusion_date + timedelta(days=day) <= today

    status, scope = "active", None
    if past(fate.death_day):
        status = "dead"
    elif past(fate.withdrawal_day):
        status, scope = "withdrawn", fate.withdrawal_scope
    elif past(fate.ltfu_day):
        status = "lost_to_follow_up"
    subject_id = rows.add(
        "subject",
        study_id=study_id,
        site_id=rng.choice(site_ids),
        protocol_version_id=version_id,
        dose_level=dose_level,
        birth_year=birth_year,
        sex=rng.choice("FM"),
        race="Asian" if rng.random() < 0.9 else "White",
        status=status,
        withdrawal_scope=scope,
        consent_version="v2.0",
        enrolled_on=infusion_date - timedelta(days=rng.randint(20, 40)),
        row_version=1,
    )
    _contact(rows, rng, subject_id, birth_year)
    infusion_id = rows.add(
        "infusion",
        subject_id=subject_id,
        sequence=1,
        infusion_date=infusion_date,
        dose_level=dose_level,
        cell_dose=cell_dose,
        product_lot=f"LOT-{rng.randint(1000, 9999)}",
    )

    # Clinical events that have happened by today.
    def event(day: int | None, kind: str, **values: object) -> None:
        if past(day):
            rows.add("clinical_event", subject_id=subject_id, event_date=on(day), kind=kind, **values)

    stop_day = min((d for d in (fate.relapse_day, fate.progression_day, fate.hsct_day) if d is not None), default=None)
    event(
        fate.relapse_day,
        "relapse",
        detail=_antigen_text(fate),
        cd19_status=fate.relapse_cd19,
        cd22_status=fate.relapse_cd22,
        lineage_switch=fate.lineage_switch,
    )
    event(fate.progression_day, "progression", detail="rising marrow blasts")
    event(fate.hsct_day, "hsct", detail="consolidative allogeneic HSCT")
    event(fate.death_day, "death", death_cause=fate.death_cause, detail=fate.death_cause)
    event(fate.withdrawal_day, "withdrawal", withdrawal_scope=fate.withdrawal_scope, detail="subject's decision")
    event(fate.ltfu_day, "lost_to_follow_up", detail="three failed contacts over phone and post")
    if past(fate.ltfu_day):
        start = fate.ltfu_day - 120
        for offset, channel, outcome in (
            (0, "phone", "no_answer"),
            (14, "phone", "no_answer"),
            (105, "letter", "returned_mail"),
        ):
            rows.add(
                "contact_attempt",
                subject_id=subject_id,
                attempt_date=on(start + offset),
                channel=channel,
                outcome=outcome,
                user_id=user_id,
            )

    _baseline(rows, rng, subject_id, infusion_date, fate)
    crs_grade = _adverse_events(rows, rng, subject_id, infusion_date, today, fate, dose_index)

    # What the nurses did: visits done or closed as missed, only where no event had
    # ended the visits by then. The rules then decide every other status.
    withdrawn_all = fate.withdrawal_scope == "all"
    ended_from = min(
        (d for d in (fate.death_day, fate.ltfu_day, fate.withdrawal_day if withdrawn_all else None) if past(d)),
        default=None,
    )
    # After a withdrawal from visits only the survival contacts go on.
    survival_only_from = (
        fate.withdrawal_day if fate.withdrawal_scope == "visits" and past(fate.withdrawal_day) else None
    )
    planned = plan(protocol, infusion_date)
    actual_visits, closures, rcl_results = [], [], {}
    for visit in planned:
        if visit.window_start > today or (
            ended_from is not None and (visit.window_end - infusion_date).days >= ended_from
        ):
            continue
        survival_only = survival_only_from is not None and (visit.window_end - infusion_date).days >= survival_only_from
        if survival_only and "S" not in visit.assessments:
            continue
        actual = _actual_date(rng, visit, today)
        if actual is None:
            continue
        # Day 0 is the infusion itself; the RCL alert needs its M6 sample.
        keep = visit.code == "D0" or (fate.rcl_positive and visit.code == "M6")
        if not keep and visit.window_end < today and (today - visit.window_end).days < 60 and rng.random() < 0.2:
            continue  # left overdue: a nurse has something to chase
        if not keep and rng.random() < (0.06 if visit.mode == "clinic" else 0.15):
            closures.append(StatusClosure(visit.code, "missed", visit.window_end, "demo"))
            continue
        actual_visits.append(ActualVisit(visit.sequence, actual, "phone" if survival_only else visit.mode, visit.code))
        if visit.code in protocol.rcl_first_year:
            rcl_results[visit.code] = "positive" if fate.rcl_positive and visit.code == "M6" else "negative"
    course = SubjectCourse(
        infusion_dates=(infusion_date,),
        actual_visits=tuple(actual_visits),
        closures=tuple(closures),
        death_date=on(fate.death_day) if past(fate.death_day) else None,
        withdrawal=(
            Withdrawal(on(fate.withdrawal_day), WithdrawalScope(fate.withdrawal_scope or ""))  # drawn with the day
            if past(fate.withdrawal_day)
            else None
        ),
        lost_to_follow_up_date=on(fate.ltfu_day) if past(fate.ltfu_day) else None,
        stop_event_date=on(stop_day) if past(stop_day) else None,
        rcl_results=rcl_results,
    )
    for visit_state in visit_states(protocol, course, today).visits:
        state = visit_state.status.value if visit_state.status in CLOSED else "planned"
        cause = visit_state.cause.value if visit_state.cause is not None else None
        visit_id = rows.add(
            "visit",
            **planned_row(visit_state, subject_id, infusion_id, version_id),
            state=state,
            cause=cause,
            actual_date=visit_state.actual_date,
            actual_mode=visit_state.actual_mode,
            performed_by=user_id if visit_state.actual_date else None,
            out_of_window=visit_state.out_of_window if visit_state.actual_date else False,
            row_version=1,
        )
        if state != "planned":
            cause_day = {
                "death": fate.death_day,
                "withdrawal": fate.withdrawal_day,
                "lost_to_follow_up": fate.ltfu_day,
                "stop_rule": stop_day,
            }.get(cause or "")
            when = visit_state.actual_date or (
                visit_state.window_end if state == "missed" or cause_day is None else on(cause_day)
            )
            rows.add(
                "visit_status_change",
                visit_id=visit_id,
                old_state="planned",
                new_state=state,
                cause=cause,
                reason=None if state == "completed" else "demo",
                changed_by=user_id,
                changed_at=dt.datetime.combine(min(when, today), dt.time(10, 0), tzinfo=dt.UTC),
            )
        if state == "completed":
            _visit_results(rows, rng, subject_id, infusion_date, visit_state, fate, crs_grade)
            _screen(rows, study_id, subject_id, visit_id, infusion_date, visit_state)


def _screen(
    rows: _Rows, study_id: str, subject_id: int, visit_id: int, infusion_date: dt.date, visit: VisitState
) -> None:
    """The safety screen of a completed contact from Day 28: mostly all no, a few unknown,
    now and then a hospital stay or a new medicine, and about one in ten not entered (missing).

    Drawn from its own generator (seeded by the subject and visit), so the rest of the
    cohort is the same as without screens.
    """
    source = SCREEN_SOURCE_OF_MODE.get(visit.actual_mode or "")
    if visit.actual_date is None or source is None:
        return
    if (visit.nominal_date - infusion_date).days < SCREEN_FROM_DAY:
        return
    rng = random.Random(zlib.crc32(f"{study_id}/{visit.code}".encode()))
    if rng.random() < 0.1:
        return
    answers = {}
    for question in SCREEN_QUESTIONS:
        draw = rng.random()
        everyday = question in ("hospitalisation", "new_medicines")
        answers[question] = "unknown" if draw < 0.015 else "yes" if everyday and draw > 0.95 else "no"
    rows.add(
        "safety_screen",
        subject_id=subject_id,
        visit_id=visit_id,
        contact_date=visit.actual_date,
        source=source,
        **answers,
    )


def _actual_date(rng: random.Random, visit: PlannedVisit, today: dt.date) -> dt.date | None:
    """A plausible day inside the window, on or before today; None if none yet."""
    last = min(visit.window_end, today)
    if last < visit.window_start:
        return None
    spread = max(1, (visit.window_end - visit.window_start).days // 4)
    day = visit.nominal_date + timedelta(days=rng.randint(-spread, spread))
    return min(max(day, visit.window_start), last)


def _antigen_text(fate: _Fate) -> str:
    marks = {"positive": "+", "negative": "-", "dim": "dim"}
    return f"CD19{marks[fate.relapse_cd19]} CD22{marks[fate.relapse_cd22]}" + (
        " lineage switch" if fate.lineage_switch else ""
    )


def _contact(rows: _Rows, rng: random.Random, subject_id: int, birth_year: int) -> None:
    number = rng.randint(1, 99)
    address: str | None
    city: str | None
    postal: str | None
    if rng.random() < 0.7:
        language = "zh"
        given = rng.choice(ZH_GIVEN) + rng.choice(ZH_NUMERALS)
        family = rng.choice(ZH_FAMILY)
        address, city, postal = f"示例路{number}号", rng.choice(("北京", "上海")), "100000"
        country = "中国"
    else:
        language = "en"
        given, family = rng.choice(LATIN_GIVEN), rng.choice(LATIN_FAMILY)
        address, city, postal, country = f"{number} Example Street", "Demo City", "D-0000", "Demoland"
    confidential = rng.random() < 0.08
    if confidential and rng.random() < 0.5:
        address = city = postal = None
    rows.add(
        "contact",
        subject_id=subject_id,
        given_name=given,
        family_name=family,
        birth_date=dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
        address=address,
        postal_code=postal,
        city=city,
        country=country,
        phone=f"+86 555 0{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        email=f"demo{subject_id}@example.org",
        language=language,
        preferred_channel=rng.choice(("phone", "letter", "sms")),
        confidential_address=confidential,
        row_version=1,
    )


def _result(
    rows: _Rows,
    subject_id: int,
    day: dt.date,
    analyte: str,
    value: float | None = None,
    unit: str = "",
    category: str | None = None,
    lloq: float | None = None,
    assay: str | None = None,
) -> None:
    blq = value is not None and lloq is not None and value < lloq
    rows.add(
        "result",
        subject_id=subject_id,
        result_date=day,
        analyte=analyte,
        value=(lloq if blq else round(value, 4)) if value is not None else None,
        category=category,
        unit=unit,
        blq=blq,
        lloq=lloq,
        assay=assay,
        source_file="demo",
    )


# Inflammation markers around a CAR-T infusion by worst CRS grade (0 = none): levels
# before lymphodepletion, and the height of the surge that peaks around Day 4 (IL-6,
# CRP) or Day 7 (ferritin). IL-15 rises with the lymphodepletion itself (Day 2).
CYTOKINE_BASELINES = (("il6", 4.0, "pg/mL"), ("crp", 3.0, "mg/L"), ("il15", 8.0, "pg/mL"), ("ferritin", 350.0, "ng/mL"))
IL6_SURGE = (25.0, 120.0, 400.0, 1500.0, 5000.0)
CRP_SURGE = (15.0, 60.0, 120.0, 200.0, 280.0)
FERRITIN_SURGE = (300.0, 900.0, 2500.0, 8000.0, 20000.0)


def _baseline(rows: _Rows, rng: random.Random, subject_id: int, infusion_date: dt.date, fate: _Fate) -> None:
    day = infusion_date - timedelta(days=7)  # before lymphodepletion (days -5 to -3)
    _result(rows, subject_id, day, "rcl", category="negative", assay="qPCR VSV-G")
    _result(
        rows, subject_id, day, "hama", category="positive" if fate.hama == "pre-existing" else "negative", assay="ELISA"
    )
    _result(rows, subject_id, day, "cd19_b_cells", rng.uniform(20, 300), "cells/uL", assay="flow")
    _result(rows, subject_id, day, "igg", rng.uniform(5, 11), "g/L")
    # The PD baseline, drawn from its own generator so that every other value of the
    # cohort stays what the shared one gives.
    own = random.Random(f"cytokines {subject_id} {infusion_date}")
    for analyte, level, unit in CYTOKINE_BASELINES:
        _result(rows, subject_id, day, analyte, level * math.exp(own.gauss(0, 0.3)), unit)


def _pk(fate: _Fate, study_day: int) -> float:
    """CAR-T copies/ug gDNA: log-linear expansion to the peak, then decay to a plateau."""
    if study_day <= 0:
        return 0.0
    if study_day <= fate.peak_day:
        return fate.peak_copies * 10 ** (-3 * (fate.peak_day - study_day) / fate.peak_day)
    plateau = fate.peak_copies * 0.002
    return plateau + (fate.peak_copies - plateau) * math.exp(
        -math.log(2) * (study_day - fate.peak_day) / fate.half_life
    )


def _visit_results(
    rows: _Rows,
    rng: random.Random,
    subject_id: int,
    infusion_date: dt.date,
    visit: VisitState,
    fate: _Fate,
    crs_grade: int,
) -> None:
    """Results for one completed visit, for what the rules say is done at it; the
    cytokines surge as high as the subject's worst CRS grade (0 = none) says."""
    actual = visit.actual_date
    assert actual is not None
    day = (actual - infusion_date).days
    assessments = set(visit.assessments)
    noise = math.exp(rng.gauss(0, 0.25))
    if "P" in assessments:
        copies = _pk(fate, day) * noise if day > 0 else 0.0
        _result(rows, subject_id, actual, "car_copies", copies, "copies/ug", lloq=LLOQ_COPIES, assay="qPCR")
        _result(rows, subject_id, actual, "car_cells", copies / 400 * noise, "cells/uL", lloq=LLOQ_CELLS, assay="flow")
    if "C" in assessments:
        # Day 0 samples are drawn before the infusion: no surge yet.
        surge = math.exp(-((day - 4) ** 2) / 8) if day > 0 else 0.0
        slow = math.exp(-((day - 7) ** 2) / 40) if day > 0 else 0.0
        _result(rows, subject_id, actual, "il6", (5 + IL6_SURGE[crs_grade] * surge) * noise, "pg/mL")
        _result(rows, subject_id, actual, "crp", (3 + CRP_SURGE[crs_grade] * surge) * noise, "mg/L")
        _result(rows, subject_id, actual, "il15", (10 + 90 * math.exp(-((day - 2) ** 2) / 6)) * noise, "pg/mL")
        _result(rows, subject_id, actual, "ferritin", (400 + FERRITIN_SURGE[crs_grade] * slow) * noise, "ng/mL")
    recovered = fate.b_recovery_day is not None and day >= fate.b_recovery_day
    if "B" in assessments:
        count = rng.uniform(150, 600) if recovered else rng.uniform(0, 30)
        _result(rows, subject_id, actual, "cd19_b_cells", count, "cells/uL", assay="flow")
        _result(rows, subject_id, actual, "cd22_b_cells", count * rng.uniform(0.8, 1.0), "cells/uL", assay="flow")
    if "G" in assessments:
        _result(rows, subject_id, actual, "igg", rng.uniform(7, 12) if recovered else rng.uniform(3.2, 7.5), "g/L")
    if "H" in assessments:
        positive = fate.hama == "pre-existing" or (fate.hama == "treatment-emergent" and day >= 80)
        _result(rows, subject_id, actual, "hama", category="positive" if positive else "negative", assay="ELISA")
    if "R-T" in assessments:
        positive = fate.rcl_positive and visit.code == "M6"
        _result(rows, subject_id, actual, "rcl", category="positive" if positive else "negative", assay="qPCR VSV-G")
    elif "R-A" in assessments:
        _result(rows, subject_id, actual, "rcl", category="archived", assay="sample archived")
    if "D" in assessments:
        mrd = rng.uniform(1e-6, 9e-5) if fate.mrd_negative else rng.uniform(2e-4, 0.05)
        if fate.response in ("PR", "NR"):
            mrd = rng.uniform(0.05, 0.4)
        _result(rows, subject_id, actual, "mrd", mrd, "fraction", assay="flow")
        rows.add(
            "clinical_event",
            subject_id=subject_id,
            event_date=actual,
            kind="response",
            response=fate.response,
            mrd_negative=fate.mrd_negative,
            detail=f"{fate.response} MRD-" if fate.mrd_negative else fate.response,
        )


def _adverse_events(
    rows: _Rows,
    rng: random.Random,
    subject_id: int,
    infusion_date: dt.date,
    today: dt.date,
    fate: _Fate,
    dose_index: int,
) -> int:
    """Draw and add the subject's adverse events; returns the worst CRS grade drawn (0 = none)."""

    def add(
        day: int,
        term: str,
        grade: int,
        kind: str = "ctcae",
        duration: int = 7,
        special: str | None = None,
        dlt: bool = False,
    ) -> None:
        onset = infusion_date + timedelta(days=day)
        if onset > today:
            return
        resolution = onset + timedelta(days=duration)
        rows.add(
            "adverse_event",
            subject_id=subject_id,
            kind=kind,
            term=term,
            grade=grade,
            onset_date=onset,
            resolution_date=resolution if resolution <= today else None,
            serious=grade >= 3,
            related=kind != "ctcae" or special is None,
            dlt=dlt,
            special_interest=special,
            source_file="demo",
            awareness_date=None,
            unexpected=None,
        )

    crs_grade = 0
    if rng.random() < 0.85:
        crs_grade = rng.choices((1, 2, 3, 4), weights=(40, 35, 17, 8 + 4 * dose_index))[0]
        add(rng.randint(1, 7), "Cytokine release syndrome", crs_grade, "crs", rng.randint(3, 10), dlt=crs_grade >= 4)
    if rng.random() < 0.35:
        grade = rng.choices((1, 2, 3, 4), weights=(45, 35, 15, 5))[0]
        add(
            rng.randint(3, 10),
            "Immune effector cell-associated neurotoxicity syndrome",
            grade,
            "icans",
            rng.randint(2, 8),
            dlt=grade >= 3,
        )
    if rng.random() < 0.7:
        add(rng.randint(0, 10), "Neutrophil count decreased", rng.choice((3, 4)), duration=rng.randint(7, 40))
    if rng.random() < 0.3:
        add(rng.randint(2, 14), "Febrile neutropenia", 3, duration=rng.randint(3, 9))
    delayed: Iterable[tuple[float, str, str, int]] = (
        (0.10, "Pneumonia", "serious_infection", 3),
        (0.05, "Prolonged cytopenia", "hematologic", 3),
        (0.02, "Peripheral neuropathy", "neurologic", 2),
        (0.01, "Autoimmune thyroiditis", "autoimmune", 2),
        (0.01, "Myelodysplastic syndrome", "new_malignancy", 4),
    )
    for chance, term, special, grade in delayed:
        if rng.random() < chance:
            add(rng.randint(60, 1800), term, grade, special=special, duration=rng.randint(10, 60))
    return crs_grade
