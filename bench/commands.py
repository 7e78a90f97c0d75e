"""Whole commands as a user runs them: `python -m ltfu --db FILE COMMAND ...` in a fresh
process, wall time from its start to its exit and its peak RSS.

Each command runs under a small launcher process (`python -c LAUNCHER`) that starts it,
waits for it and reads `getrusage(RUSAGE_CHILDREN).ru_maxrss`: a child inherits the
high-water mark of the process it was forked from, and the launcher is small (this
benchmark process is not). The commands run on a copy of the database made once per
size (exports and archives write an audit entry); their outputs go to a scratch folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

from bench import data, ops
from bench.common import PYTHON, TODAY, Row, measure, run_json, timed

today = dt.date.fromisoformat(TODAY)

LAUNCHER = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "seconds = time.perf_counter() - start\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(json.dumps({'seconds': seconds, 'peak_mb': peak, 'rc': done.returncode,"
    " 'stderr': done.stderr.decode(errors='replace')[-1500:]}))\n"
)


def run_process(args: list[str], env: dict[str, str], timeout: float = 900) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process `args`, started from the launcher."""
    out = run_json(["-c", LAUNCHER, *args], env, timeout=timeout)
    if out["rc"] != 0:
        raise RuntimeError(f"{' '.join(args[2:6])} failed ({out['rc']}): {out['stderr']}")
    return out["seconds"], out["peak_mb"]


def bare_numpy(env: dict[str, str]) -> tuple[float, float]:
    """The bare start the issue names: `python -c "import numpy"`."""
    return run_process([PYTHON, "-c", "import numpy"], env)


def _size(subjects: int) -> str:
    return f"{subjects:,} subjects"


def _bytes_of(path: Path) -> list[bytes]:
    if path.is_dir():
        return [p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()]
    return [path.read_bytes()]


def _write_same(contents: list[bytes], folder: Path) -> None:
    """The same bytes written again, a file each, flushed to the disk (as the program does)."""
    folder.mkdir(exist_ok=True)
    for n, content in enumerate(contents):
        with (folder / f"copy-{n}").open("wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
    shutil.rmtree(folder)


def _read_tables(path: Path, tables: list[str]) -> int:
    con = data.connect(path)
    try:
        return sum(len(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)
    finally:
        con.close()


def _integrity_and_audit(path: Path) -> None:
    con = data.connect(path)
    try:
        con.execute("PRAGMA integrity_check").fetchall()
        con.execute("SELECT * FROM audit_event").fetchall()
    finally:
        con.close()


def _all_tables(path: Path) -> list[str]:
    con = data.connect(path)
    try:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        con.close()
    return [n for n in names if not n.startswith("sqlite_") and n != "alembic_version"]


def _exported_tables() -> list[str]:
    from ltfu.services.export import TABLES

    return [spec.table for spec in TABLES]


class _Command:
    """One command, run again and again; each run's output is removed after it."""

    def __init__(self, db: Path, args: list[str], output: Path | None, env: dict[str, str]) -> None:
        self.db, self.args, self.output, self.env = db, args, output, env
        self.peaks: list[float] = []
        self.kept: list[bytes] = []  # the first run's output, for the baseline that writes as much

    def __call__(self) -> float:
        self._clear()
        seconds, peak = run_process([PYTHON, "-m", "ltfu", "--db", str(self.db), *self.args], self.env)
        self.peaks.append(peak)
        if self.output is not None and not self.kept:
            self.kept = _bytes_of(self.output)
        self._clear()
        return seconds

    def _clear(self) -> None:
        if self.output is None:
            return
        if self.output.is_dir():
            shutil.rmtree(self.output)
        else:
            self.output.unlink(missing_ok=True)


def bench_commands(source: Path, subjects: int, runs: int, work: Path, env: dict[str, str]) -> list[Row]:
    """`ltfu endpoints --json`, `check`, `export odm`, `export csv`, `archive` and
    `report annual`, each against the baseline the issue names."""
    from ltfu.services.database import open_database
    from ltfu.services.endpoints import compute

    folder = work / f"commands-{subjects}"
    folder.mkdir(exist_ok=True)
    db_file = data.copy_database(source, folder / "ltfu.sqlite3")
    # The first command of a day on a database makes that day's backup (a checked copy of the
    # file, once a day, not part of any command's own work): made here, untimed, by a small
    # command, so that it falls into no command's samples (it fell into `endpoints --json`'s).
    run_process([PYTHON, "-m", "ltfu", "--db", str(db_file), "worklist", "--today", TODAY], env)
    runs = min(runs, 3)
    size = _size(subjects)
    rows: list[Row] = []
    bare = [bare_numpy(env) for _ in range(3)]
    bare_start = sorted(s for s, _ in bare)[1]
    bare_peak = max(p for _, p in bare)

    def peak_row(label: str, key: str, command: _Command, target: str = "", limit: float | None = None) -> Row:
        return Row(
            f"{label}: peak memory (RSS)",
            size,
            max(command.peaks) if command.peaks else None,
            bare_peak,
            '(`python -c "import numpy"`)',
            target,
            max_value=limit,
            unit="MB",
            key=key + "-rss",
            samples=command.peaks,
        )

    # ltfu endpoints --json: <= 1.5x (bare numpy start + the in-process computation); < 250 MB.
    # Each baseline run is a bare start and a computation, interleaved with the command's runs
    # like every other baseline: measured once beforehand, a machine that slows down or speeds
    # up during the run (a shared host does, by a third within minutes) skewed the ratio.
    db = open_database(str(db_file))
    parts: list[tuple[float, float]] = []

    def bare_and_computation() -> None:
        parts.append((bare_numpy(env)[0], timed(lambda: compute(db, today))))

    try:
        endpoints = _Command(db_file, ["--json", "endpoints", "--as-of", TODAY], None, env)
        m = measure(endpoints, lambda _: bare_and_computation, runs)
    finally:
        db.dispose()
    timed_parts = parts[1:] or parts  # the first is the baseline's warm-up
    bare_part = statistics.median(p[0] for p in timed_parts)
    computation = statistics.median(p[1] for p in timed_parts)
    label = "`ltfu endpoints --json`, whole process"
    rows.append(
        Row(
            label,
            size,
            m.seconds,
            m.baseline,
            f'(`python -c "import numpy"` {bare_part:.2f} s + endpoints.compute {computation:.2f} s, medians)',
            "≤ 1.5x baseline",
            max_ratio=1.5,
            key="commands-endpoints",
            samples=m.samples,
        )
    )
    rows.append(peak_row(label, "commands-endpoints", endpoints, "< 250 MB", 250.0))

    # ltfu check: <= 3x (PRAGMA integrity_check + reading every audit row once)
    check = _Command(db_file, ["check"], None, env)
    m = measure(check, lambda _: lambda: _integrity_and_audit(db_file), runs)
    rows.append(
        Row(
            "`ltfu check`, whole process",
            size,
            m.seconds,
            m.baseline,
            "(sqlite3 `PRAGMA integrity_check` + every audit row read once)",
            "≤ 3x baseline",
            max_ratio=3.0,
            key="commands-check",
            samples=m.samples,
        )
    )
    rows.append(peak_row("`ltfu check`", "commands-check", check))

    # exports and the archive: <= 3x (reading every exported row once + writing the same bytes)
    outputs: list[tuple[str, str, list[str], Path, Callable[[], list[str]]]] = [
        ("`ltfu export odm`", "commands-odm", ["export", "odm"], folder / "out.xml", _exported_tables),
        ("`ltfu export csv`", "commands-csv", ["export", "csv"], folder / "out-csv", _exported_tables),
        ("`ltfu archive`", "commands-archive", ["archive"], folder / "out.zip", lambda: _all_tables(db_file)),
    ]
    for label, key, args, output, tables_of in outputs:
        command = _Command(db_file, [*args, str(output)], output, env)
        tables = tables_of()

        def baseline(command: _Command = command, tables: list[str] = tables) -> None:
            _read_tables(db_file, tables)
            _write_same(command.kept, folder / "baseline")

        m = measure(command, lambda _, baseline=baseline: baseline, runs)
        written = sum(len(b) for b in command.kept)
        rows.append(
            Row(
                f"{label}, whole process",
                size,
                m.seconds,
                m.baseline,
                f"(sqlite3 read of every row of {len(tables)} tables + {written / 1e6:.0f} MB written)",
                "≤ 3x baseline",
                max_ratio=3.0,
                key=key,
                samples=m.samples,
            )
        )
        rows.append(peak_row(label, key, command))

    # ltfu report annual: no target of its own; the baseline of the annual row plus a bare start
    annual = _Command(
        db_file,
        ["report", "annual", "--year", str(today.year), "--as-of", TODAY, "-o", str(folder / "annual.pdf")],
        None,
        env,
    )
    m = measure(annual, lambda _: None, 1)
    base_db = open_database(str(db_file))
    try:
        pages, figures = ops.annual_shape(base_db, subjects)
        base = sorted(timed(lambda: ops.annual_baseline(base_db, pages, figures)) for _ in range(3))[1]
    finally:
        base_db.dispose()
    rows.append(
        Row(
            "`ltfu report annual`, whole process",
            size,
            m.seconds,
            bare_start + base,
            f"(bare start + endpoints.compute + reportlab, {pages} plain pages with {figures} plain figures)",
            key="commands-annual",
            samples=m.samples,
        )
    )
    rows.append(peak_row("`ltfu report annual`", "commands-annual", annual))
    shutil.rmtree(folder, ignore_errors=True)
    return rows
