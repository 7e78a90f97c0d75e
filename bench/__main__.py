"""bench/run: every performance target of DESIGN.md, measured against a baseline in the same run.

    bench/run [--runs N] [--only plan,worklist,...] [--cache DIR] [--large] [--no-write]

Builds demo databases of 1,000 and 10,000 subjects (`ltfu demo`) in a temporary
folder (or DIR with --cache, kept and reused), runs each benchmark at both sizes,
prints the table and writes it to docs/benchmarks.md. The PostgreSQL rows run on a
throwaway server started for the run and stopped at its end. With --large, also
50,000 subjects: the three sizes go to docs/benchmarks-large.md and the same run's 1,000-
and 10,000-subject rows to docs/benchmarks.md (one run measures both tables).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import signal
import statistics
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from bench import commands, data, ops, pg
from bench.common import (
    GROWTH_LIMIT,
    GROWTH_SLACK,
    JUDGED,
    LARGE_SIZES,
    REPO,
    SIZES,
    TODAY,
    Row,
    fmt_value,
    log,
    markdown_table,
    run_json,
)
from ltfu.cli import int_between

OPERATIONS = (
    "plan",
    "worklist",
    "subjects",
    "startup",
    "letters",
    "annual",
    "endpoints",
    "import",
    "memory",
    "commands",
    "postgresql",
)
REPORT = REPO / "docs" / "benchmarks.md"
LARGE_REPORT = REPO / "docs" / "benchmarks-large.md"


def qt_env(work: Path) -> dict[str, str]:
    """Offscreen Qt, and settings/log folders of the run's own (the user's stay untouched).

    Every process the run starts (windows, whole commands) runs as an installed program does,
    from bytecode (pip and the frozen build ship it): Python may write it (PYTHONDONTWRITEBYTECODE
    emptied, if the shell set it), so each operation's untimed warm-up compiles the sources once.
    Otherwise every timed start compiled every module it imports (~100 ms of CPU before a first
    paint) that the baselines, with no sources of their own, never pay and no user waits for.
    """
    return {
        "PYTHONDONTWRITEBYTECODE": "",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CACHE_HOME": str(work / "cache"),
    }


# -- window benchmarks (subprocesses) -----------------------------------------------------------


def first_paint(kind: str, db: Path | str | None, env: dict[str, str]) -> tuple[float, dict]:
    """Seconds from starting the process to the window's first paint (from bytecode: `qt_env`)."""
    args = ["-m", "bench.qt_driver", "paint", kind] + ([str(db)] if db else [])
    start = time.time()
    out = run_json(args, env, timeout=180)
    if "error" in out:
        raise RuntimeError(out["error"])
    return out["painted_at"] - start, out


def bench_startup(db: Path, subjects: int, runs: int, env: dict[str, str], notes: dict) -> list[Row]:
    first_paint("bare", None, env)  # warm the file cache for both
    first_paint("ltfu", db, env)
    bare, ltfu = [], []
    info: dict = {}
    for _ in range(runs):
        bare.append(first_paint("bare", None, env)[0])
        seconds, info = first_paint("ltfu", db, env)
        ltfu.append(seconds)
    loaded = [name for name, present in info.get("modules", {}).items() if present]
    heavy = [name for name in ("reportlab", "scipy", "alembic") if info.get("modules", {}).get(name)]
    notes.setdefault("startup", {})[subjects] = {
        "modules_at_paint": loaded,
        "heavy_at_paint": heavy,
        "db_open_at_paint": info.get("db_open_at_paint"),
        "samples": ltfu,
        "bare_samples": bare,
    }
    return [
        Row(
            "start-up to first paint (`python -m ltfu --db FILE`)",
            f"{subjects:,} subjects",
            statistics.median(ltfu),
            statistics.median(bare),
            "(bare QMainWindow process)",
            "< 1 s and ≤ 2x baseline",
            max_ratio=2.0,
            max_value=1.0,
            key="startup",
            samples=ltfu,
            note="imported before the paint: " + (", ".join(heavy) if heavy else "none of reportlab, scipy, alembic"),
        )
    ]


def bench_subjects(db: Path, subjects: int, runs: int, env: dict[str, str], notes: dict) -> list[Row]:
    out = run_json(["-m", "bench.qt_driver", "filter", str(db), TODAY, str(runs)], env, timeout=400)
    notes.setdefault("subjects", {})[subjects] = out
    size = f"{subjects:,} subjects"
    return [
        Row(
            "subject list: load (read + show)",
            size,
            out["load"],
            out["load_baseline"],
            "(QStandardItemModel filled)",
            key="subjects-load",
        ),
        Row(
            f"subject list: filter, median keystroke (of {out['keystrokes']})",
            size,
            out["key_median"],
            out["key_baseline_median"],
            "(QStandardItemModel + QSortFilterProxyModel)",
            "< 30 ms",
            max_value=0.030,
            key="subjects-key",
        ),
        Row(
            "subject list: filter, slowest keystroke",
            size,
            out["key_max"],
            out["key_baseline_max"],
            "(slowest bare keystroke)",
            "< 30 ms",
            max_value=0.030,
            key="subjects-key-max",
        ),
    ]


def bench_memory(db: Path, subjects: int, runs: int, env: dict[str, str], notes: dict) -> list[Row]:
    bare = run_json(["-m", "bench.qt_driver", "memory", "bare"], env)["peak_mb"]
    peaks, how = [], ""
    for _ in range(max(1, min(runs, 2))):
        out = run_json(["-m", "bench.qt_driver", "memory", "ltfu", str(db), TODAY, str(subjects)], env, timeout=300)
        peaks.append(out["peak_mb"])
        how = out["how"]
    notes.setdefault("memory", {})[subjects] = {"how": how, "samples": peaks}
    return [
        Row(
            "peak memory (RSS), window with every subject loaded",
            f"{subjects:,} subjects",
            max(peaks),
            bare,
            "(bare QMainWindow)",
            "< 300 MB",
            max_value=300.0,
            unit="MB",
            key="memory",
            samples=peaks,
        )
    ]


# -- the run ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int_between(1, 100), default=5, help="timed runs per measurement (median), 1 to 100; default 5"
    )
    parser.add_argument("--only", default="", help="comma-separated subset of: " + ", ".join(OPERATIONS))
    parser.add_argument("--cache", type=Path, help="keep the built databases in DIR and reuse them")
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"also 50,000 subjects: growth 1,000 -> 10,000 -> 50,000, written to {LARGE_REPORT.relative_to(REPO)} "
        f"(and the 1,000 and 10,000 rows to {REPORT.relative_to(REPO)})",
    )
    parser.add_argument("--no-write", action="store_true", help="print only; do not write the report")
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name] or list(OPERATIONS)
    unknown = set(only) - set(OPERATIONS)
    if unknown:
        parser.error(f"unknown operation(s): {', '.join(sorted(unknown))}")
    sizes = LARGE_SIZES if args.large else SIZES

    started = time.perf_counter()
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="ltfu-bench-"))
    cache = args.cache or work
    cache.mkdir(parents=True, exist_ok=True)
    env = qt_env(work)

    def interrupted(signum: int, _frame: object) -> None:
        """Ctrl-C or kill: stop the PostgreSQL server and remove the run's folder, then end
        (at once: an exception could be caught on its way up by a library's cleanup)."""
        pg.stop_all()
        shutil.rmtree(work, ignore_errors=True)
        log(f"interrupted ({signal.Signals(signum).name}); the PostgreSQL server is stopped")
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    os.environ.update(env)  # this process's own anchors and logs (PostgreSQL databases) stay in the run's folder
    rows: list[Row] = []
    notes: dict = {}
    step_seconds = {n: 0.0 for n in sizes}  # what each size's steps took (building excluded)
    try:
        with ExitStack() as stack:
            log(f"building the demo databases in {cache} ...")
            databases = {n: data.build_database(cache, n) for n in sizes}
            span = ops.letter_range(databases[JUDGED])
            server: list[pg.Server] = []

            def postgresql(db: Path, n: int) -> list[Row]:
                if not server:
                    server.append(stack.enter_context(pg.server(work)))
                return bench_postgresql(server[0], db, n, args.runs, work, env)

            steps: dict[str, Callable[[Path, int], list[Row]]] = {
                "plan": lambda db, n: ops.bench_plan(db, n, args.runs),
                "worklist": lambda db, n: ops.bench_worklist(db, n, args.runs),
                "subjects": lambda db, n: bench_subjects(db, n, min(args.runs, 3), env, notes),
                "startup": lambda db, n: bench_startup(db, n, args.runs, env, notes),
                "letters": lambda db, n: ops.bench_letters(db, n, args.runs, span),
                "annual": lambda db, n: ops.bench_annual_report(db, n, min(args.runs, 3)),
                "endpoints": lambda db, n: _endpoints(db, n, args.runs, notes),
                "import": lambda db, n: ops.bench_import(db, n, min(args.runs, 3), work),
                "memory": lambda db, n: bench_memory(db, n, args.runs, env, notes),
                "commands": lambda db, n: commands.bench_commands(db, n, args.runs, work, env),
                "postgresql": postgresql,
            }
            # The window benchmarks first, while this process is still small (the window
            # processes it starts are timed from their start); the table keeps OPERATIONS' order.
            order = sorted(OPERATIONS, key=lambda op: op not in ("startup", "memory", "subjects"))
            for name in order:
                if name not in only:
                    continue
                for n in sizes:
                    log(f"{name}, {n:,} subjects ...")
                    step_start = time.perf_counter()
                    try:
                        got = steps[name](databases[n], n)
                    except Exception as exc:  # noqa: BLE001 - one broken benchmark must not stop the others
                        log(traceback.format_exc())
                        got = [Row(name, f"{n:,} subjects", key=name, note=f"error: {type(exc).__name__}: {exc}"[:200])]
                    rows += got
                    step_seconds[n] += time.perf_counter() - step_start
                    log(f"  {time.perf_counter() - step_start:.1f} s: " + "; ".join(_short(r) for r in got))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # with --cache the databases stay in DIR
    first_seen = {key: n for n, key in reversed(list(enumerate(r.key for r in rows)))}
    rows.sort(key=lambda r: (OPERATIONS.index(_step_of(r.key)), first_seen[r.key], _subjects_of(r.size)))
    finish(rows, sizes)
    total = time.perf_counter() - started
    load_after = os.getloadavg()
    reports = [(REPORT, report(rows, notes, total, load_before, load_after, args, sizes))]
    if args.large:
        # The default table from the same run's 1k and 10k rows (measured as a default run measures
        # them, before the 50k step of each operation), with the time those steps took.
        default_rows = [r for r in rows if _subjects_of(r.size) in SIZES]
        default_notes = {op: {n: v for n, v in by_size.items() if n in SIZES} for op, by_size in notes.items()}
        default_seconds = sum(step_seconds[n] for n in SIZES)
        reports = [
            (LARGE_REPORT, report(rows, notes, total, load_before, load_after, args, sizes)),
            (REPORT, report(default_rows, default_notes, total, load_before, load_after, args, SIZES, default_seconds)),
        ]
    for target, text in reports:
        print(text)
        if not args.no_write:
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
            log(f"written to {target.relative_to(REPO)}")
    log(f"the whole run took {total:.0f} s")
    return 0


def bench_postgresql(srv: pg.Server, db: Path, n: int, runs: int, work: Path, env: dict[str, str]) -> list[Row]:
    """The PostgreSQL rows at one size: the demo copied onto the server first (not timed);
    a part that fails gives an error row, the others are still measured."""
    name = pg.load(srv, db, n)
    url = srv.url(name)
    parts: list[tuple[str, Callable[[], list[Row]]]] = [
        ("postgresql-worklist", lambda: pg.bench_worklist(srv, n, runs)),
        ("postgresql-subjects", lambda: pg.bench_reads(srv, n, runs)),
        ("postgresql-startup", lambda: _pg_first_paint(url, n, runs, env)),
        ("postgresql-import", lambda: pg.bench_import(srv, db, n, min(runs, 3), work)),
    ]
    rows: list[Row] = []
    for key, part in parts:
        try:
            rows += part()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not stop the others
            log(traceback.format_exc())
            what = "PostgreSQL: " + key.split("-", 1)[1]
            rows.append(Row(what, f"{n:,} subjects", key=key, note=f"error: {type(exc).__name__}: {exc}"[:200]))
    return rows


def _pg_first_paint(url: str, n: int, runs: int, env: dict[str, str]) -> list[Row]:
    first_paint("bare", None, env)  # warm-up, as for SQLite
    first_paint("ltfu", url, env)
    bare, ltfu = [], []
    for _ in range(min(runs, 3)):
        bare.append(first_paint("bare", None, env)[0])
        ltfu.append(first_paint("ltfu", url, env)[0])
    return [
        Row(
            "PostgreSQL: start-up to first paint (`python -m ltfu --db URL`)",
            f"{n:,} subjects",
            statistics.median(ltfu),
            statistics.median(bare),
            "(bare QMainWindow process)",
            "< 1 s",
            max_value=1.0,
            key="postgresql-startup",
            samples=ltfu,
        )
    ]


def _endpoints(db: Path, n: int, runs: int, notes: dict) -> list[Row]:
    got, split = ops.bench_endpoints(db, n, runs)
    if split:
        notes.setdefault("endpoints", {})[n] = split
    return got


def _subjects_of(size: str) -> int:
    return int(size.split()[0].replace(",", ""))


def _step_of(key: str) -> str:
    return next((op for op in OPERATIONS if key == op or key.startswith(op + "-")), OPERATIONS[0])


def _short(row: Row) -> str:
    if row.seconds is None:
        return f"{row.operation}: {row.note}"
    ratio = f" ({row.ratio:.2f}x)" if row.ratio is not None else ""
    return f"{row.operation}: {fmt_value(row.seconds, row.unit)}{ratio}"


def finish(rows: list[Row], sizes: tuple[int, ...]) -> None:
    """Growth from each size to the next, and pass/fail on the 10,000-subject rows."""
    by_key = {(r.key, r.size): r for r in rows}
    for r in rows:
        n = _subjects_of(r.size)
        if n != JUDGED:
            r.target = ""  # targets are for 10,000 subjects; the other sizes show how cost grows
        else:
            r.judge()
        if n not in sizes or n == sizes[0]:
            continue
        before = sizes[sizes.index(n) - 1]
        other = by_key.get((r.key, f"{before:,} subjects"))
        r.growth_limit = n / before
        if other is not None and other.seconds and r.seconds is not None:
            r.growth = r.seconds / other.seconds
            if other.baseline and r.baseline:
                r.baseline_growth = r.baseline / other.baseline


def report(
    rows: list[Row], notes: dict, total: float, load_before, load_after, args, sizes, steps_of_default=None
) -> str:  # type: ignore[no-untyped-def]
    """The table of `rows` at `sizes`; `steps_of_default`: the seconds the 1k and 10k steps of a
    `--large` run took, when this is the default table taken from that run."""
    large = f"{JUDGED:,} subjects"
    growth_table = len(sizes) > len(SIZES)
    steps = " → ".join(f"{n // 1000}k" for n in sizes)
    failed = [r for r in rows if r.passed is False]
    grew = [r for r in rows if r.grew_too_much]
    lines = [
        "# Benchmarks, growth to 50,000 subjects" if growth_table else "# Benchmarks",
        "",
        f"Generated by `bench/run{' --large' if args.large else ''}` (do not edit by hand). Targets are those of "
        'DESIGN.md, "Performance budget"; they are judged on the 10,000-subject database.'
        + (" Each step of data (1k → 10k → 50k) may cost at most about as much more time." if growth_table else ""),
        "",
        f"- run: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, {total:.0f} s in all, "
        f"`bench/run{' ' + ' '.join(_argv(args)) if _argv(args) else ''}`"
        + (
            f"; this table holds its 1,000- and 10,000-subject rows (the 50,000-subject ones are in "
            f"{LARGE_REPORT.name}), whose steps took {steps_of_default:.0f} s: what a default run measures"
            if steps_of_default is not None
            else ""
        ),
        f"- machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} at the start and "
        f"{load_after[0]:.2f} at the end (shared: other work ran alongside), Python {platform.python_version()}, "
        f"SQLite {ops.sqlite_version()}",
        f"- data: `ltfu demo --subjects N --today {TODAY}` (seed 1); every date asked about is {TODAY}",
        f"- times are medians of {args.runs} runs, each interleaved with a baseline run, after one untimed warm-up; "
        "an operation whose first run takes over 4 s keeps that run as a sample and gets 2 more (over 10 s: 1 more, "
        "over 30 s: none), so that the whole run stays under 10 minutes (the Details list the samples of those); "
        "the baseline is measured in the same run on the same file",
        f"- {steps}: time at one size / time at the size before; ✓ up to about as much as the data grew "
        f"({GROWTH_LIMIT:.0f}x from 1k to 10k, 5x from 10k to 50k; {GROWTH_SLACK:.1f}x allowed for noise), or beyond "
        f"that when the baseline grew as much (within {GROWTH_SLACK:.1f}x of it: the cost comes with the data, e.g. "
        "B-tree inserts into a larger table, not from a quadratic step of ours); the baseline's growth is shown then",
        "",
        markdown_table(rows, steps),
        "",
        f"**{len(failed)} of {sum(1 for r in rows if r.passed is not None)} targets missed** at {large}"
        + (": " + "; ".join(r.operation for r in failed) if failed else "")
        + (
            f"; {len(grew)} grow faster than the data (per step): " + "; ".join(r.operation for r in grew)
            if grew
            else ""
        )
        + ".",
        "",
        "## Details",
        "",
    ]
    lines += _details(rows, notes)
    lines += [
        "",
        "## How each operation is measured",
        "",
        "- **plan**: `ltfu.schedule.plan(protocol, infusion_date)` for every subject's first infusion; "
        "baseline: one bare `date + timedelta` / `date + relativedelta` per protocol visit per subject, in a loop.",
        "- **worklist**: `ltfu.services.worklist.worklist(db, today, days)` with days = 1, 7 and 0 (what is "
        "overdue or due today), as the issue asks: with its safety alerts; and, since the service has "
        "`alerts=False`, the visit rows alone. Baseline: one hand-written SQL statement (sqlite3, same "
        "file) returning the same visit rows, plus, for the worklist with alerts, one reading the same alerts "
        "from the `safety_alert` table the services keep in step with the results, one reading the oldest 200 "
        "waiting data queries with what each is about, and one counting all that wait (row, alert and query "
        "counts are checked). The demo's worklist is run once when the database is built (`ltfu worklist`, "
        "as a nurse opens it): its edit checks raise the demo's data queries, which every worklist then shows.",
        "- **subject list**: in a fresh offscreen process, the main window's subjects page (`bench/ui_targets.py` "
        "names the classes): load = `refresh()` until its `loaded` signal, the rows read on the worker thread and "
        "shown; per keystroke = one key event into its search field until the view has repainted "
        "(a study id typed and erased, then a name typed and erased; median over runs per keystroke); "
        "baseline: the same rows and texts in a `QStandardItemModel` + `QSortFilterProxyModel` "
        "(fixed-string filter on the same search key) under a line edit in a bare window.",
        "- **start-up**: wall-clock time from starting the process to the first paint event of the main window "
        "(`python -m bench.qt_driver paint ltfu FILE` runs `ltfu.cli.main(['--db', FILE])`, the same code as "
        "`python -m ltfu --db FILE`, with an event filter on each main window, set from its show(), that notes its first paint and exits; "
        "not an application-wide filter, whose own cost fell on windows with a central widget only); "
        "baseline: a bare `QMainWindow` process measured the same way. `sys.modules` is read at that paint.",
        "- **letters**: `ltfu.services.letters.make_letters(db, from, to, today, log=False)` over the range in "
        "which about 1,000 subjects' next window opens at 10,000 subjects (the same range at 1,000); baseline: "
        "reportlab `SimpleDocTemplate` writing as many plain one-paragraph pages.",
        "- **annual report**: `ltfu.services.annual_report.render_annual_report(db, year, ReportRequest(as_of))`; baseline: "
        "`endpoints.compute(db, as_of)` + reportlab writing as many plain pages with as many plain figures (a "
        "frame and a line of 100 points each) as the report draws charts (counted on the warm-up render).",
        "- **endpoints**: `ltfu.services.endpoints.compute(db, as_of)`; the split times "
        "`load_subject_records` and `ltfu.analysis.compute_endpoints` once each; baseline: sqlite3 fetching "
        "every event, result, adverse event, completed visit and reached contact up to the date, the subjects "
        "and their infusions (more rows than the loader reads: it skips unanalysed analytes, takes only "
        "the latest visit and contact, and reads the results from the packed copy the services keep in step, "
        "`result_pack`, after checking each pack's row count and highest id against the result table's index; "
        "the import pays for keeping them in step).",
        "- **import**: `ltfu.services.imports.import_results(db, csv, today)` of 10 rows per subject (100,000 "
        "at 10,000 subjects: existing subjects, dates after the infusion and not after death or today, units "
        "as labs write them: µg, µL, mg/dL, %, some BLQ values) into a fresh copy of the database each run "
        "(copy not timed); baseline: sqlite3 `executemany` of the same converted rows into a fresh copy.",
        "- **memory**: peak RSS of a fresh process that shows the main window, opens the database and waits "
        "until the subjects page holds every subject, then settles for 1 s (max of 2 runs); read as VmHWM from "
        "/proc/self/status, because `ru_maxrss` of a child started by this (large) process inherits this "
        "process's high-water mark across fork + exec; baseline: a bare shown `QMainWindow`.",
        "- **processes**: every process the run starts (windows, whole commands) runs from bytecode, as an "
        "installed program does (pip and the frozen build ship it; the untimed warm-up writes it).",
        "- **commands**: each command as a user runs it, `python -m ltfu --db FILE COMMAND` in a fresh process "
        "started by a small launcher process that reads `getrusage(RUSAGE_CHILDREN)` (peak RSS; the launcher is "
        "small, so the high-water mark a child inherits across fork is its own), on a copy of the database; "
        'wall time from start to exit. Baselines: `endpoints --json`: a bare `python -c "import numpy"` '
        "process + `endpoints.compute` in this process; `check`: sqlite3 `PRAGMA integrity_check` + every "
        "`audit_event` row read once; `export odm`, `export csv`: every row of the exported tables "
        "(`export.TABLES`) read once with sqlite3 + the same bytes written (and fsynced) again; `archive`: the "
        "same over every table; `report annual` (no target of its own): a bare numpy start + the annual "
        "report's baseline. Peak memory rows: against the bare numpy process.",
        "- **postgresql**: a throwaway server (`.ci/postgres`, as `.ci/run` starts it: unix socket, no fsync) "
        "for the run, stopped at its end; the SQLite demo is copied onto it (the program creates the schema, "
        "COPY fills every table); every run that writes gets a `CREATE DATABASE ... TEMPLATE` copy (not timed). "
        "Worklist and endpoints: the SQLite rows' statements through psycopg; subject list: "
        "`browse.subject_rows` against the same statements it makes, written by hand; import: `import_results` "
        "against psycopg `executemany` of the same converted rows (COPY of them in the Details); first paint: "
        "`python -m ltfu --db URL` as for SQLite, < 1 s.",
        "",
    ]
    return "\n".join(lines)


def _argv(args) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    if args.runs != 5:
        out += ["--runs", str(args.runs)]
    if args.only:
        out += ["--only", args.only]
    if args.large:
        out.append("--large")
    return out


def _details(rows: list[Row], notes: dict) -> list[str]:
    out = []
    for r in rows:
        if r.seconds is None or r.size != f"{JUDGED:,} subjects":
            continue
        parts = [r.note] if r.note and r.key != "endpoints" else []
        if r.samples and len(r.samples) < 5:
            parts.append("samples " + ", ".join(fmt_value(t, r.unit) for t in r.samples))
        if parts:
            out.append(f"- {r.operation} ({r.size}): {'; '.join(parts)}")
    for n, s in notes.get("endpoints", {}).items():
        out.append(
            f"- endpoints ({n:,} subjects): loading rows {fmt_value(s['load rows'], 's')}, "
            f"computing {fmt_value(s['compute'], 's')}"
        )
    for n, s in notes.get("startup", {}).items():
        out.append(
            f"- start-up ({n:,} subjects): modules loaded at the first paint: "
            f"{', '.join(s['modules_at_paint']) or 'none watched'}; database open at the paint: "
            f"{s['db_open_at_paint']}; runs {', '.join(f'{t:.2f}' for t in s['samples'])} s "
            f"(bare {', '.join(f'{t:.2f}' for t in s['bare_samples'])} s)"
        )
    for n, s in notes.get("subjects", {}).items():
        why = f" ({s['why_not_window']})" if s.get("why_not_window") else ""
        out.append(
            f"- subject list ({n:,} subjects): measured on {s['how']}{why}; slowest keystroke: "
            f"{s['key_worst_text'] or '(erasing the last key)'}; per keystroke (ms) "
            f"{' '.join(str(t) for t in s['per_key'])}; bare {' '.join(str(t) for t in s['per_key_baseline'])}"
        )
    for n, s in notes.get("memory", {}).items():
        out.append(f"- memory ({n:,} subjects): measured on the {s['how']}")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
