"""The benchmark databases (built once per run with `ltfu demo`) and the import CSV."""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import PYTHON, REPO, TODAY, log


def build_database(folder: Path, subjects: int) -> Path:
    """`ltfu demo --subjects N` into folder/demo-N.sqlite3 (and `ltfu worklist` once),
    unless already there."""
    path = folder / f"demo-{subjects}.sqlite3"
    if path.exists():
        return path
    partial = folder / f"building-{subjects}.sqlite3"
    for stale in folder.glob(f"building-{subjects}.sqlite3*"):
        stale.unlink()
    start = time.perf_counter()
    # The demo, then its worklist once, as a nurse opens it: the edit checks run before
    # every worklist raise the demo's data queries (thousands), so that every benchmark
    # sees them, not only those that run after the window's.
    for command in (["demo", "--subjects", str(subjects)], ["worklist"]):
        subprocess.run(
            [PYTHON, "-m", "ltfu", "--db", str(partial), *command, "--today", TODAY],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        )
    # Fold the WAL into the file so that a plain file copy is the whole database.
    with sqlite3.connect(partial) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    partial.rename(path)
    log(f"  built {path.name} in {time.perf_counter() - start:.1f} s")
    return path


def copy_database(source: Path, target: Path) -> Path:
    """A fresh copy for a benchmark that writes (WAL/SHM files of an earlier copy removed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@dataclass(frozen=True)
class Subject:
    id: int
    study_id: str
    infusion: dt.date
    last_day: dt.date  # death, withdrawal of all consent, or today


def subjects_for_results(path: Path) -> list[Subject]:
    """Enrolled subjects with a day after their infusion that is not after death, a
    withdrawal of all consent (nothing but a death is recorded after it) or today."""
    today = dt.date.fromisoformat(TODAY)
    con = connect(path)
    try:
        rows = con.execute(
            """
            SELECT s.id, s.study_id, MIN(i.infusion_date),
                   (SELECT MIN(e.event_date) FROM clinical_event e
                     WHERE e.subject_id = s.id AND e.voided_at IS NULL
                       AND (e.kind = 'death' OR (e.kind = 'withdrawal' AND e.withdrawal_scope = 'all')))
            FROM subject s JOIN infusion i ON i.subject_id = s.id AND i.voided_at IS NULL
            WHERE s.voided_at IS NULL
            GROUP BY s.id ORDER BY s.id
            """
        ).fetchall()
    finally:
        con.close()
    out = []
    for sid, study_id, infusion, death in rows:
        first = dt.date.fromisoformat(infusion)
        last = min(dt.date.fromisoformat(death), today) if death else today
        if last > first:
            out.append(Subject(sid, study_id, first, last))
    return out


# Analyte, how often (like the demo's mix), unit as a lab file writes it, value range, factor to the stored unit.
_ANALYTES = (
    ("car_copies", 12, "copies/µg", (10.0, 300_000.0), 1.0),
    ("car_cells", 12, "cells/µL", (0.5, 1600.0), 1.0),
    ("cd19_b_cells", 14, "cells/uL", (0.001, 600.0), 1.0),
    ("cd22_b_cells", 13, "cells/uL", (0.001, 600.0), 1.0),
    ("igg", 6, "g/L", (3.2, 12.0), 1.0),
    ("igg", 6, "mg/dL", (320.0, 1200.0), 0.01),
    ("il6", 8, "pg/mL", (1.8, 2000.0), 1.0),
    ("il15", 8, "pg/mL", (3.6, 220.0), 1.0),
    ("crp", 8, "mg/L", (1.0, 340.0), 1.0),
    ("mrd", 4, "%", (0.0, 40.0), 0.01),
    ("rcl", 5, "", None, 1.0),
    ("hama", 4, "", None, 1.0),
)


@dataclass(frozen=True)
class ResultRow:
    study_id: str
    subject_id: int
    date: dt.date
    analyte: str
    value_text: str
    unit_text: str
    qualifier: str
    assay: str
    # As stored (for the executemany baseline).
    value: float | None
    category: str | None
    stored_unit: str
    blq: bool


_STORED_UNIT = {
    "car_copies": "copies/ug",
    "car_cells": "cells/uL",
    "cd19_b_cells": "cells/uL",
    "cd22_b_cells": "cells/uL",
    "igg": "g/L",
    "il6": "pg/mL",
    "il15": "pg/mL",
    "crp": "mg/L",
    "mrd": "fraction",
    "rcl": "",
    "hama": "",
}


def result_rows(path: Path, count: int, seed: int = 9) -> list[ResultRow]:
    """`count` valid, distinct lab results for the database's subjects (units as labs write them).

    Each value carries 4 random decimals and an assay name the demo never uses, so no
    row repeats a stored result or another row of the file.
    """
    rng = random.Random(seed)
    subjects = subjects_for_results(path)
    weights = [a[1] for a in _ANALYTES]
    rows: list[ResultRow] = []
    seen: set[tuple] = set()
    n = 0
    while len(rows) < count:
        s = subjects[n % len(subjects)]
        n += 1
        day = s.infusion + dt.timedelta(days=rng.randint(1, (s.last_day - s.infusion).days))
        analyte, _, unit, span, factor = rng.choices(_ANALYTES, weights)[0]
        assay = f"bench-lab-{n % 7}"
        if span is None:
            category = "positive" if rng.random() < 0.002 else "negative"
            row = ResultRow(s.study_id, s.id, day, analyte, category, unit, "", assay, None, category, "", False)
        else:
            value = round(rng.uniform(*span), 4)
            blq = analyte == "car_copies" and rng.random() < 0.05
            row = ResultRow(
                s.study_id,
                s.id,
                day,
                analyte,
                f"{value:.4f}",
                unit,
                "<" if blq else "",
                assay,
                value * factor,
                None,
                _STORED_UNIT[analyte],
                blq,
            )
        key = (row.subject_id, row.date, row.analyte, row.value_text, row.assay)
        if key not in seen:  # a file never holds the same result twice (the import refuses that)
            seen.add(key)
            rows.append(row)
    return rows


def write_csv(rows: list[ResultRow], target: Path) -> Path:
    with target.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["subject_id", "date", "analyte", "value", "unit", "qualifier", "assay"])
        for r in rows:
            out.writerow([r.study_id, r.date.isoformat(), r.analyte, r.value_text, r.unit_text, r.qualifier, r.assay])
    return target


def executemany_results(path: Path, rows: list[ResultRow], source_file: str) -> None:
    """The baseline: the same rows, already converted, inserted with one executemany."""
    con = sqlite3.connect(path)
    try:
        con.executemany(
            "INSERT INTO result (subject_id, result_date, analyte, value, category, unit, blq, lloq, assay,"
            " source_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.subject_id,
                    r.date.isoformat(),
                    r.analyte,
                    r.value,
                    r.category,
                    r.stored_unit,
                    int(r.blq),
                    r.value if r.blq else None,
                    r.assay,
                    source_file,
                )
                for r in rows
            ],
        )
        con.commit()
    finally:
        con.close()
