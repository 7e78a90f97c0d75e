"""The benchmarks that run inside this process (no window): each returns table rows.

Every function takes the database of one size and the number of timed runs; it does
one untimed warm-up call first (imports, caches, the page cache of the file), then
times the operation and its baseline interleaved.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from bench import data
from bench.common import TODAY, Row, log, measure, timed

today = dt.date.fromisoformat(TODAY)


def _size(subjects: int) -> str:
    return f"{subjects:,} subjects"


def _open(path: Path):  # type: ignore[no-untyped-def]
    from ltfu.services.database import open_database

    return open_database(str(path))


# -- planning -----------------------------------------------------------------------------------


def bench_plan(path: Path, subjects: int, runs: int) -> list[Row]:
    from dateutil.relativedelta import relativedelta

    from ltfu.schedule import load_bundled, plan

    protocol = load_bundled()
    con = data.connect(path)
    dates = [
        dt.date.fromisoformat(d)
        for (d,) in con.execute("SELECT MIN(infusion_date) FROM infusion WHERE voided_at IS NULL GROUP BY subject_id")
    ]
    con.close()
    deltas = [
        dt.timedelta(days=v.day) if v.day is not None else relativedelta(months=v.months) for v in protocol.visits
    ]

    def measured() -> None:
        for day in dates:
            plan(protocol, day)

    def baseline() -> None:
        for day in dates:
            for delta in deltas:
                day + delta

    m = measure(measured, lambda _: baseline, runs)
    t, b, samples = m.seconds, m.baseline, m.samples
    additions = len(dates) * len(deltas)
    return [
        Row(
            "plan every subject's visits",
            _size(subjects),
            t,
            b,
            f"({additions:,} bare date additions)",
            "≤ 2x baseline",
            max_ratio=2.0,
            key="plan",
            samples=samples,
        )
    ]


# -- worklist -----------------------------------------------------------------------------------

WORKLIST_SQL = """
SELECT s.study_id, si.code, s.dose_level, v.code, v.nominal_date, v.window_start, v.window_end, v.mode,
       v.assessments
FROM visit v
JOIN subject s ON s.id = v.subject_id
JOIN site si ON si.id = s.site_id
WHERE v.state = 'planned' AND v.window_start <= ? AND v.voided_at IS NULL AND s.voided_at IS NULL
ORDER BY v.window_end, s.study_id
"""

# The worklist's safety alerts are stored (ltfu.services.alerts): the baseline for the
# worklist with alerts reads them with a second hand-written statement.
ALERTS_SQL = """
SELECT s.study_id, si.code, a.kind, a.alert_date, a.value, a.threshold
FROM safety_alert a
JOIN subject s ON s.id = a.subject_id
JOIN site si ON si.id = s.site_id
WHERE s.voided_at IS NULL AND s.status != 'dead' AND a.alert_date <= ?
  AND (a.shown_until IS NULL OR a.shown_until >= ?)
"""

# The worklist with alerts also shows the data queries waiting (here: the open ones, the
# set-up user's): the oldest 200 with their subject, site, users and the record each is
# about, and how many wait in all. Written by hand as one statement each.
QUERIES_SQL = """
SELECT q.id, s.study_id, si.code, q.target_table, q.record_id, q.field, q.text, q.check_code, q.state,
       ur.username, q.raised_at, q.answer, ua.username, q.answered_at, q.correction_entry, uc.username,
       q.closed_at, q.note, q.row_version, v.code, v.actual_date, r.analyte, r.result_date, e.kind,
       e.event_date, ae.term, ae.onset_date, ts.dose_level
FROM query q
JOIN subject s ON s.id = q.subject_id
JOIN site si ON si.id = s.site_id
LEFT JOIN "user" ur ON ur.id = q.raised_by
LEFT JOIN "user" ua ON ua.id = q.answered_by
LEFT JOIN "user" uc ON uc.id = q.closed_by
LEFT JOIN visit v ON q.target_table = 'visit' AND v.id = q.record_id
LEFT JOIN result r ON q.target_table = 'result' AND r.id = q.record_id
LEFT JOIN clinical_event e ON q.target_table = 'clinical_event' AND e.id = q.record_id
LEFT JOIN adverse_event ae ON q.target_table = 'adverse_event' AND ae.id = q.record_id
LEFT JOIN subject ts ON q.target_table = 'subject' AND ts.id = q.record_id
WHERE q.state = 'open' AND s.voided_at IS NULL
ORDER BY q.id LIMIT 200
"""
QUERIES_COUNT_SQL = """
SELECT (SELECT count(*) FROM query WHERE state = 'open')
     - (SELECT count(*) FROM query WHERE state = 'open'
        AND subject_id IN (SELECT id FROM subject WHERE voided_at IS NOT NULL))
"""

WORKLIST_CASES = (("one day", 1), ("one week", 7), ("overdue (and due today)", 0))


def bench_worklist(path: Path, subjects: int, runs: int) -> list[Row]:
    db = _open(path)
    con = data.connect(path)
    try:
        return worklist_rows(db, lambda sql, params: con.execute(sql, params).fetchall(), subjects, runs)
    finally:
        con.close()
        db.dispose()


def worklist_rows(  # type: ignore[no-untyped-def]
    db, fetch, subjects: int, runs: int, where: str = "", driver: str = "sqlite3", key: str = "worklist"
) -> list[Row]:
    """worklist() as the issue asks (with its safety alerts), and, when the service can
    leave them out, the visit rows alone: exactly what the baseline SQL returns.
    `fetch(sql, params)` runs one of the statements above (sqlite3 placeholders)."""
    import inspect

    from ltfu.services.queries import refresh_edit_checks
    from ltfu.services.worklist import worklist

    # The window and `ltfu worklist` run the edit checks before every worklist (nothing to
    # do when the data has not changed since): the queries they raise are part of it.
    refresh_edit_checks(db, today)
    variants: list[tuple[str, dict[str, bool]]] = [("", {})]
    if "alerts" in inspect.signature(worklist).parameters:
        variants = [(" (with safety alerts)", {}), (", visits only (alerts=False)", {"alerts": False})]
    rows = []
    for suffix, options in variants:
        for label, days in WORKLIST_CASES:
            horizon = (today + dt.timedelta(days=days)).isoformat()

            def measured(days: int = days, options: dict[str, bool] = options):  # type: ignore[no-untyped-def]
                return worklist(db, today, days, **options)

            def baseline(horizon: str = horizon, with_alerts: bool = not options):  # type: ignore[no-untyped-def]
                visits = fetch(WORKLIST_SQL, (horizon,))
                if not with_alerts:
                    return visits, [], [], 0
                day = today.isoformat()
                waiting = fetch(QUERIES_SQL, ())
                return visits, fetch(ALERTS_SQL, (day, day)), waiting, fetch(QUERIES_COUNT_SQL, ())[0][0]

            m = measure(measured, lambda _, baseline=baseline: baseline, runs)
            got, want = m.first_output, baseline()
            found = (len(got.rows), len(got.alerts), len(got.queries), got.queries_waiting)  # type: ignore[attr-defined]
            note = "{:,} visits, {:,} alerts, {:,} queries shown of {:,} waiting".format(*found)
            if found != (len(want[0]), len(want[1]), len(want[2]), want[3]):
                note += f"; the SQL found {len(want[0]):,}, {len(want[1]):,}, {len(want[2]):,} of {want[3]:,} (differs)"
            rows.append(
                Row(
                    f"{where}worklist, {label}{suffix}",
                    _size(subjects),
                    m.seconds,
                    m.baseline,
                    f"(SQL statements for the visits, the stored alerts and the waiting queries, {driver})"
                    if not options
                    else f"(one SQL statement, {driver})",
                    "≤ 2x baseline",
                    max_ratio=2.0,
                    note=note,
                    key=f"{key}-{days}{'-visits' if options else ''}",
                    samples=m.samples,
                )
            )
    return rows


# -- letters and reports ------------------------------------------------------------------------

PLAIN_TEXT = (
    "Dear participant, this is letter %d. Your next follow-up visit in the long-term follow-up study is "
    "coming up; please call the study nurse to agree on a date within the visit window. "
)


def plain_drawing(n: int):  # type: ignore[no-untyped-def]
    """A plain figure: a frame and a line of 100 points (what a chart is, without the chart)."""
    from reportlab.graphics.shapes import Drawing, PolyLine, Rect

    drawing = Drawing(400, 220)
    drawing.add(Rect(0, 0, 400, 220, fillColor=None))
    drawing.add(PolyLine([(4 * k, 110 + ((k * 37 + n) % 100)) for k in range(100)]))
    return drawing


def plain_pages(count: int, drawings: int = 0) -> bytes:
    """The baseline: reportlab writing `count` plain one-paragraph pages, with `drawings`
    plain figures spread over them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    story = []
    per_page = [drawings // count + (1 if n < drawings % count else 0) for n in range(count)] if count else []
    for n in range(count):
        story.append(Paragraph(PLAIN_TEXT % n, style))
        story += [plain_drawing(n * 10 + k) for k in range(per_page[n])]
        story.append(PageBreak())
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(pdf)).pages)
    except ImportError:
        import re

        return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def letter_range(path: Path, wanted: int = 1000) -> tuple[dt.date, dt.date]:
    """From tomorrow, the shortest range in which about `wanted` subjects' next window opens."""
    con = data.connect(path)
    start = today + dt.timedelta(days=1)
    try:
        for length in range(1, 120):
            end = start + dt.timedelta(days=length - 1)
            (n,) = con.execute(
                "SELECT COUNT(DISTINCT v.subject_id) FROM visit v JOIN subject s ON s.id = v.subject_id"
                " WHERE v.state = 'planned' AND v.code IS NOT NULL AND v.voided_at IS NULL"
                " AND s.voided_at IS NULL AND s.status = 'active' AND v.window_start BETWEEN ? AND ?",
                (start.isoformat(), end.isoformat()),
            ).fetchone()
            if n >= wanted:
                return start, end
    finally:
        con.close()
    return start, end


def bench_letters(path: Path, subjects: int, runs: int, span: tuple[dt.date, dt.date]) -> list[Row]:
    from ltfu.services.letters import make_letters

    db = _open(path)
    try:
        m = measure(
            lambda: make_letters(db, span[0], span[1], today, log=False),
            lambda run: (lambda: plain_pages(len(run.printed))) if run.printed else None,  # type: ignore[attr-defined]
            runs,
        )
    finally:
        db.dispose()
    run = m.first_output
    count = len(run.printed)  # type: ignore[attr-defined]
    return [
        Row(
            f"{count:,} visit letters (make_letters, {span[0]} .. {span[1]})",
            _size(subjects),
            m.seconds,
            m.baseline,
            f"(reportlab, {count:,} plain pages)",
            "≤ 2x baseline",
            max_ratio=2.0,
            key="letters",
            samples=m.samples,
            note=f"{count} letters, {len(run.skipped)} skipped",  # type: ignore[attr-defined]
        )
    ]


ANNUAL_YEAR = today.year
ANNUAL_AS_OF = today  # the data cut must fall in the report year


def _pdf_of(out: object) -> bytes | None:
    pdf = out[0] if isinstance(out, tuple) else out
    return pdf if isinstance(pdf, bytes) else getattr(pdf, "pdf", None)


ANNUAL_SHAPE: dict[int, tuple[int, int]] = {}  # subjects -> (pages, figures) of the report, once measured


def annual_shape(db, subjects: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(pages, figures) of the annual report at this size: measured once (one render)."""
    if subjects not in ANNUAL_SHAPE:
        pdf, figures = _annual_counted(db)
        ANNUAL_SHAPE[subjects] = (page_count(pdf), figures)
    return ANNUAL_SHAPE[subjects]


def _annual_counted(db) -> tuple[bytes, int]:  # type: ignore[no-untyped-def]
    import ltfu.reports.annual as annual
    from ltfu.services.annual_report import ReportRequest, render_annual_report

    made: list[int] = []
    originals = annual.km_chart, annual.expansion_chart

    def counted(fn):  # type: ignore[no-untyped-def]
        def chart(*args, **kwargs):  # type: ignore[no-untyped-def]
            made.append(1)
            return fn(*args, **kwargs)

        return chart

    annual.km_chart, annual.expansion_chart = counted(originals[0]), counted(originals[1])  # type: ignore[assignment]
    try:
        out = render_annual_report(db, ANNUAL_YEAR, ReportRequest(ANNUAL_AS_OF, today=today))
    finally:
        annual.km_chart, annual.expansion_chart = originals
    return _pdf_of(out) or b"", len(made)


def annual_baseline(db, pages: int, figures: int) -> None:  # type: ignore[no-untyped-def]
    """The annual report's baseline: the endpoint computation, then reportlab writing as
    many plain pages with as many plain figures."""
    from ltfu.services.endpoints import compute

    compute(db, ANNUAL_AS_OF)
    plain_pages(pages, figures)


def bench_annual_report(path: Path, subjects: int, runs: int) -> list[Row]:
    from ltfu.services.annual_report import ReportRequest, render_annual_report

    db = _open(path)
    try:
        ANNUAL_SHAPE.pop(subjects, None)
        pages, figures = annual_shape(db, subjects)  # also the warm-up
        m = measure(
            lambda: render_annual_report(db, ANNUAL_YEAR, ReportRequest(ANNUAL_AS_OF, today=today)),
            lambda _: lambda: annual_baseline(db, pages, figures),
            runs,
        )
    finally:
        db.dispose()
    return [
        Row(
            f"annual report {ANNUAL_YEAR} (data cut {ANNUAL_AS_OF})",
            _size(subjects),
            m.seconds,
            m.baseline,
            f"(endpoints.compute + reportlab, {pages} plain pages with {figures} plain figures)",
            "≤ 2x baseline",
            max_ratio=2.0,
            key="annual",
            samples=m.samples,
            note=f"{pages} pages, {figures} figures",
        )
    ]


# -- endpoints ----------------------------------------------------------------------------------

ENDPOINT_FETCH_SQL = (
    "SELECT subject_id, event_date, kind, detail, response, mrd_negative, cd19_status, cd22_status, lineage_switch"
    " FROM clinical_event WHERE voided_at IS NULL AND event_date <= :d AND kind != 'lost_to_follow_up_reversed'",
    "SELECT subject_id, result_date, analyte, value, category, unit, blq, lloq FROM result"
    " WHERE voided_at IS NULL AND result_date <= :d",
    "SELECT subject_id, onset_date, term, grade, kind, serious, related, dlt, special_interest, resolution_date"
    " FROM adverse_event WHERE voided_at IS NULL AND onset_date <= :d",
    "SELECT subject_id, actual_date FROM visit WHERE state = 'completed' AND voided_at IS NULL AND actual_date <= :d",
    "SELECT subject_id, attempt_date FROM contact_attempt WHERE outcome = 'reached' AND voided_at IS NULL"
    " AND attempt_date <= :d",
    "SELECT subject_id, infusion_date, dose_level FROM infusion WHERE voided_at IS NULL ORDER BY infusion_date DESC",
    "SELECT s.id, s.study_id, si.code, s.dose_level, s.sex FROM subject s JOIN site si ON si.id = s.site_id"
    " WHERE s.voided_at IS NULL ORDER BY s.study_id",
)


def bench_endpoints(path: Path, subjects: int, runs: int) -> tuple[list[Row], dict[str, float]]:
    from ltfu.services.endpoints import compute

    db = _open(path)
    con = data.connect(path)
    try:

        def baseline() -> int:
            return sum(len(con.execute(sql, {"d": TODAY}).fetchall()) for sql in ENDPOINT_FETCH_SQL)

        split = endpoints_split(db) if subjects >= 10_000 else {}
        m = measure(lambda: compute(db, today), lambda _: baseline, runs)
        fetched = baseline()
    finally:
        con.close()
        db.dispose()
    row = Row(
        "endpoints, whole cohort (endpoints.compute)",
        _size(subjects),
        m.seconds,
        m.baseline,
        f"(sqlite3 fetch of the records it reads from: {fetched:,} rows)",
        "< 2 s",
        max_value=2.0,
        key="endpoints",
        samples=m.samples,
        note=f"load rows {split['load rows']:.2f} s + compute {split['compute']:.2f} s" if split else "",
    )
    return [row], split


def endpoints_split(db) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One call of each half of `compute`: reading the records, computing on them."""
    from ltfu.analysis import compute_endpoints
    from ltfu.schedule.protocol import load_bundled
    from ltfu.services.endpoints import load_subject_records

    protocol = load_bundled()
    holder: dict[str, object] = {}

    def load() -> None:
        with db.session() as session:
            holder["records"] = load_subject_records(session, today)

    def calculate() -> None:
        compute_endpoints(
            holder["records"],  # type: ignore[arg-type]
            today,
            b_cell_threshold=protocol.b_cell_aplasia_threshold,
            igg_threshold=protocol.igg_threshold,
        )

    return {"load rows": timed(load), "compute": timed(calculate)}


# -- import -------------------------------------------------------------------------------------


@dataclass
class _Copy:
    path: Path
    db: object = None
    runs: int = 0

    def fresh(self, source: Path) -> None:
        """A new copy of `source` under a new name for each run: the audit trail's anchors
        (beside the file and in the log) are kept per database path, and a copy of fewer
        entries put over a path anchored further would rightly read as a cut trail."""
        self.remove()
        self.runs += 1
        self.path = self.path.with_name(f"{self.path.stem.rsplit('~', 1)[0]}~{self.runs}.sqlite3")
        data.copy_database(source, self.path)

    def remove(self) -> None:
        for suffix in ("", "-wal", "-shm", ".anchors"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def bench_import(path: Path, subjects: int, runs: int, work: Path, rows_per_subject: int = 10) -> list[Row]:
    from ltfu.errors import ImportRowsError
    from ltfu.services.imports import import_results

    count = subjects * rows_per_subject
    rows = data.result_rows(path, count)
    csv_path = data.write_csv(rows, work / f"results-{count}.csv")
    copy = _Copy(work / f"import-{subjects}.sqlite3")

    def setup() -> None:
        if copy.db is not None:
            copy.db.dispose()  # type: ignore[attr-defined]
            copy.db = None
        copy.fresh(path)

    def measured() -> float:
        copy.db = _open(copy.path)
        start = time.perf_counter()
        summary = import_results(copy.db, csv_path, today)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        if summary.added != count:
            raise RuntimeError(f"import added {summary.added} of {count} rows ({summary.unchanged} unchanged)")
        return elapsed

    def baseline() -> None:
        data.executemany_results(copy.path, rows, csv_path.name)

    try:
        try:
            m = measure(measured, lambda _: baseline, runs, setup=setup)
        except ImportRowsError as exc:
            log(f"  the generated CSV was refused: {str(exc)[:2000]}")
            raise
    finally:
        if copy.db is not None:
            copy.db.dispose()  # type: ignore[attr-defined]
        copy.remove()
    t, b, samples = m.seconds, m.baseline, m.samples
    return [
        Row(
            f"import {count:,} results (import_results)",
            _size(subjects),
            t,
            b,
            "(sqlite3 executemany)",
            "≤ 2x baseline",
            max_ratio=2.0,
            key="import",
            samples=samples,
        )
    ]


def sqlite_version() -> str:
    return sqlite3.sqlite_version
