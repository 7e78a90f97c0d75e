"""Many workstations writing at once: every write stored exactly once or refused in plain words.

Separate processes (as separate workstations or command-line runs are) import result
files that overlap, record results, visits and events, and two of them save the same
contact details from the same reading. Afterwards: no row twice, none lost, the
optimistic-lock loser told so, the audit chain intact and the derived tables in step.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import traceback
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.errors import ConflictError, LtfuError
from ltfu.services import audit, maintenance
from ltfu.services.database import open_database
from ltfu.services.events import parse_event, record_event
from ltfu.services.imports import import_results
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, contact_details, enrol, update_contact
from ltfu.services.visits import record_visit_done
from ltfu.services.worklist import worklist

D = dt.date
TODAY = D(2026, 12, 1)
INFUSION = D(2026, 1, 5)
SUBJECTS = [f"CD1922-{100 + i}" for i in range(1, 9)]
HEADER = "subject_id,date,analyte,value,unit\n"
# What a driver's error looks like when it escapes instead of a sentence.
NOT_PLAIN = ("Traceback", "UniqueViolation", "duplicate key", "IntegrityError", "psycopg", "sqlite3.", "[SQL")


def _rows_shared() -> list[str]:
    return [f"{sid},2026-02-{day:02d},igg,{day + 3}.5,g/L\n" for sid in SUBJECTS[:4] for day in range(1, 6)]


def _rows_own(k: int) -> list[str]:
    # Five rows no other file has, and five that the shared file has too.
    own = [f"{SUBJECTS[4 + k % 4]},2026-03-{day:02d},cd19_b_cells,{k * 10 + day}.0,cells/uL\n" for day in (1, 2, 3)]
    own += [
        f"{SUBJECTS[k % 4]},2026-04-0{k + 1},crp,{k + 1}.25,mg/L\n",
        f"{SUBJECTS[k % 4]},2026-04-09,mrd,0.0{k + 1},fraction\n",
    ]
    return own + _rows_shared()[k * 5 : k * 5 + 5]


def _key(line: str) -> tuple[str, str, str]:
    sid, day, analyte, _value, _unit = line.strip().split(",")
    return sid, day, analyte


def _worker(url: str, barrier, queue, task: tuple) -> None:  # type: ignore[no-untyped-def]
    """One workstation: open the database, wait for the others, do `task`, report."""
    name, args = task[0], task[1:]
    try:
        db = open_database(url, migrate=False)
    except BaseException:
        queue.put((task, "bug", traceback.format_exc()))
        return
    try:
        barrier.wait(timeout=60)
        if name == "import":
            summary = import_results(db, args[0], TODAY)
            outcome = ("ok", (summary.added, summary.unchanged))
        elif name == "result":
            sid, day, value = args
            outcome = ("ok", record_result(db, sid, NewResult("car_copies", day, value, None, "copies/ug"), TODAY))
        elif name == "visit":
            sid, day = args
            outcome = ("ok", record_visit_done(db, sid, day, "clinic", TODAY, code="D28").code)
        elif name == "event":
            sid, day = args
            outcome = ("ok", record_event(db, sid, parse_event("response", day, "CR"), TODAY))
        elif name == "contact":
            sid, version, city = args
            outcome = ("ok", update_contact(db, sid, {"city": city}, version, "moved"))
        elif name == "read":
            outcome = ("ok", len(worklist(db, today=TODAY, days=60).rows))
        else:
            raise AssertionError(name)
        queue.put((task, *outcome))
    except LtfuError as exc:
        queue.put((task, "refused", f"{type(exc).__name__}: {exc}"))
    except BaseException:
        queue.put((task, "bug", traceback.format_exc()))
    finally:
        db.dispose()


def _cohort(url: str) -> int:
    """Enrol the subjects; returns the version of the first one's contact details."""
    with open_database(url) as db:
        for sid in SUBJECTS:
            enrol(db, NewSubject(sid, "BJ01", "DL2", INFUSION, city="Beijing"), INFUSION)
        return contact_details(db, SUBJECTS[0]).row_version


def _run_all(url: str, tasks: list[tuple]) -> list[tuple]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(tasks))
    queue = context.Queue()
    processes = [context.Process(target=_worker, args=(url, barrier, queue, task)) for task in tasks]
    for process in processes:
        process.start()
    outcomes = [queue.get(timeout=120) for _ in tasks]
    for process in processes:
        process.join(timeout=30)
    return outcomes


def _scenario(url: str, tmp_path: Path, importers: int, recorders: int) -> list[tuple]:
    version = _cohort(url)
    shared = tmp_path / "shared.csv"
    shared.write_text(HEADER + "".join(_rows_shared()), encoding="utf-8")
    files = {shared: _rows_shared()}
    tasks: list[tuple] = [("import", str(shared)) for _ in range(importers)]
    for k in range(importers):
        own = tmp_path / f"lab{k}.csv"
        files[own] = _rows_own(k)
        own.write_text(HEADER + "".join(files[own]), encoding="utf-8")
        tasks.append(("import", str(own)))
    tasks += [("result", SUBJECTS[k % 8], D(2026, 5, 1 + k), 1000.0 + k) for k in range(recorders)]
    tasks += [
        ("visit", SUBJECTS[4], INFUSION + dt.timedelta(days=28)),
        ("visit", SUBJECTS[6], INFUSION + dt.timedelta(days=28)),  # the same visit twice
        ("visit", SUBJECTS[6], INFUSION + dt.timedelta(days=28)),
        ("event", SUBJECTS[5], D(2026, 2, 3)),
        ("contact", SUBJECTS[0], version, "Tianjin"),
        ("contact", SUBJECTS[0], version, "Shanghai"),
        ("read",),
    ]
    outcomes = _run_all(url, tasks)

    bugs = [text for _, status, text in outcomes if status == "bug"]
    assert not bugs, bugs[0]
    for _task, status, text in outcomes:
        if status == "refused":
            assert "\n" not in text and not any(word in text for word in NOT_PLAIN), text

    with open_database(url, migrate=False) as db:
        with db.session() as s:
            stored = Counter(
                (sid, str(day), analyte)
                for sid, day, analyte in s.execute(
                    select(m.Subject.study_id, m.Result.result_date, m.Result.analyte).join(m.Subject)
                )
            )
            done = Counter(
                s.scalars(select(m.Subject.study_id).join(m.Visit).where(m.Visit.state == "completed")).all()
            )
            events = s.scalar(select(func.count()).select_from(m.ClinicalEvent))
            entries, chain_problem = audit.verify_chain(s)
        # Every row of every file imported, every recorded result: stored exactly once.
        imported = {
            _key(line)
            for task, status, _ in outcomes
            if task[0] == "import" and status == "ok"
            for line in files[Path(task[1])]
        }
        recorded = {(t[1], str(t[2]), "car_copies") for t, status, _ in outcomes if t[0] == "result" and status == "ok"}
        assert set(stored) == imported | recorded
        assert max(stored.values()) == 1, [k for k, n in stored.items() if n > 1][:3]
        added = sum(v[0] for t, status, v in outcomes if t[0] == "import" and status == "ok")
        assert added == len(imported)  # each row counted as added by exactly one import
        for task, status, value in outcomes:
            if task[0] == "import" and status == "ok":
                assert sum(value) == len(files[Path(task[1])])
        # The same visit recorded twice: once, and the second told it already is.
        twice = [(status, text) for t, status, text in outcomes if t[0] == "visit" and t[1] == SUBJECTS[6]]
        assert done[SUBJECTS[6]] == 1 and sorted(s for s, _ in twice) == ["ok", "refused"], twice
        assert "already recorded as done" in dict(twice)["refused"]
        assert done[SUBJECTS[4]] == 1 and events == 1
        # No lost update: one save of the contact wins, the other is told.
        saves = [(t[3], status, text) for t, status, text in outcomes if t[0] == "contact"]
        winners = [city for city, status, _ in saves if status == "ok"]
        losers = [text for _, status, text in saves if status == "refused"]
        assert len(winners) == 1 and len(losers) == 1, saves
        assert ConflictError.__name__ in losers[0] and "changed by someone else" in losers[0]
        assert contact_details(db, SUBJECTS[0]).values["city"] == winners[0]
        assert contact_details(db, SUBJECTS[0]).row_version == version + 1
        assert chain_problem is None and entries > 0
        report = maintenance.check(db)
        assert report.ok, report
    return outcomes


def test_twenty_workstations_write_at_once_on_postgresql(pg_url, tmp_path):
    outcomes = _scenario(pg_url, tmp_path, importers=4, recorders=6)
    assert len(outcomes) >= 20
    # The server makes writers wait their turn (up to a minute): nothing here is refused
    # except the duplicate visit and the stale contact save.
    refused = [t[0] for t, status, _ in outcomes if status == "refused"]
    assert sorted(refused) == ["contact", "visit"], outcomes


def test_several_processes_write_at_once_on_sqlite(db_path, tmp_path):
    outcomes = _scenario(f"sqlite:///{db_path}", tmp_path, importers=2, recorders=2)
    # SQLite writers queue for the write lock (busy timeout); one that waited too long
    # is refused with a plain "locked" message, checked above, never a traceback.
    for task, status, text in outcomes:
        if status == "refused" and task[0] not in ("contact", "visit"):
            assert "locked" in text, text


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_result_ids_come_after_every_id_given_out(engine, db_path, request, tmp_path):
    """An import after ORM inserts (and after ids the sequence gave to a rolled-back
    write) takes fresh ids, and an ORM insert after an import does not collide."""
    url = request.getfixturevalue("pg_url") if engine == "postgresql" else f"sqlite:///{db_path}"
    _cohort(url)
    with open_database(url, migrate=False) as db:
        first = record_result(
            db, SUBJECTS[0], NewResult("car_copies", D(2026, 5, 1), 5.0, None, "copies/ug"), TODAY
        )
        path = tmp_path / "lab.csv"
        path.write_text(HEADER + "".join(_rows_shared()), encoding="utf-8")
        assert import_results(db, path, TODAY).added == 20
        after = record_result(db, SUBJECTS[1], NewResult("car_copies", D(2026, 5, 2), 6.0, None, "copies/ug"), TODAY)
        with db.session() as s:
            ids = s.scalars(select(m.Result.id)).all()
        assert len(ids) == len(set(ids)) == 22
        assert first < min(set(ids) - {first, after}) and after > max(set(ids) - {after})


def _open_new(url: str, barrier, queue) -> None:  # type: ignore[no-untyped-def]
    try:
        barrier.wait(timeout=60)
        with open_database(url) as db:
            queue.put(("ok", db.migration))
    except LtfuError as exc:
        queue.put(("refused", str(exc)))
    except BaseException:
        queue.put(("bug", traceback.format_exc()))


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_workstations_opening_a_new_database_at_once_create_it_once(engine, db_path, request):
    url = request.getfixturevalue("pg_url") if engine == "postgresql" else f"sqlite:///{db_path}"
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(8), context.Queue()
    processes = [context.Process(target=_open_new, args=(url, barrier, queue)) for _ in range(8)]
    for process in processes:
        process.start()
    outcomes = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert sorted(outcomes) == [("ok", "created")] + [("ok", "current")] * 7, outcomes
    with open_database(url) as db:
        assert maintenance.check(db).ok
