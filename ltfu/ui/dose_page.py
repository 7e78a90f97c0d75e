"""Dose levels: the PI's safety review (USERS.md scene 10).

Per dose level the dose decision (treated, evaluable, DLTs with their subjects, the
decision in the annual report's words), the escalation history, the expansion
cohorts and the MTD line; CRS and ICANS grades with the onset and duration of CRS;
the CAR-T expansion and cytokine curves of every subject of a level on one log axis
with the level's median; and the pharmacodynamic summaries (`PdSummaryView`). All of
it from `ltfu.services.dose_levels`, which computes the endpoints as `ltfu endpoints`
does. A subject in the curves or their table opens the subject's chart (the desk).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import QLineSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ltfu.ui import i18n, look
from ltfu.ui.desk import CLINICAL, Change, Desk
from ltfu.ui.labels import label
from ltfu.ui.models import Column, RowsModel
from ltfu.ui.results_view import LINE_COLOUR, log_range, make_log_axis, new_chart
from ltfu.ui.widgets import StudyChoice, TableView, hbox, labelled_combo, stacked, wrapped_label
from ltfu.vocabulary import LANGUAGE_DECLARATIONS

if TYPE_CHECKING:
    from ltfu.analysis.dose_finding import DoseCohort, LevelDecision
    from ltfu.analysis.safety import CrsTiming, DoseLevelDlt, GradeDistribution
    from ltfu.rows import Descriptive, PdSummary
    from ltfu.services.dose_levels import DoseLevels, DoseWords, SubjectCurve
    from ltfu.ui.worker import Job

RIGHT = "review_safety"
GRADES = range(6)  # 0 = none; ASTCT 1-4, 5 = death
MEDIAN_COLOUR = "#d32f2f"
# The curves show the first three months (Day 91 = M3): expansion, contraction and
# the cytokine surge all happen there; a subject's whole record is in their chart.
FIRST_DAY, LAST_DAY = -14, 91


def number(value: float | None) -> str:
    """A measured value to about three significant digits ("" when not computed)."""
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def median_range(stat: Descriptive) -> str:
    """ "median (min–max)", "" with no value."""
    if stat.median is None:
        return ""
    return f"{number(stat.median)} ({number(stat.minimum)}–{number(stat.maximum)})"


def percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f}%"


def report_language() -> str:
    """The window's language as a report language code (``en``, ``zh``)."""
    active = i18n.active()
    return next((lang.code for lang in LANGUAGE_DECLARATIONS if lang.qt and lang.qt == active), "en")


# -- table models ------------------------------------------------------------------------


def _figure(title: str, text: Callable[[Any], str], sort: Callable[[Any], Any] | None = None) -> Column[Any]:
    """A column of figures, right-aligned."""
    return Column(title, text, sort=sort, right=True)


def _count(title: str, value: Callable[[Any], int]) -> Column[Any]:
    """A column of whole numbers, right-aligned, sorted as numbers."""
    return _figure(title, lambda r: str(value(r)), value)


def _level_or_all() -> Column[Any]:
    """The dose level of a row, or all levels together."""
    return Column(
        QCoreApplication.translate("DosePage", "Dose level"),
        lambda r: QCoreApplication.translate("DosePage", "All") if r.dose_level == "all" else r.dose_level,
    )


def _level() -> Column[Any]:
    """The dose level of a (level or cohort, decision) row."""
    return Column(QCoreApplication.translate("DosePage", "Dose level"), lambda r: r[0].dose_level)


def _decision(title: str) -> Column[Any]:
    """The decision in words of a (level or cohort, decision) row."""
    return Column(title, lambda r: r[1])


class LevelsModel(RowsModel["tuple[DoseLevelDlt, str]"]):
    """One row per dose level: counts, DLT subjects and the decision in words."""

    def make_columns(self) -> list[Column[tuple[DoseLevelDlt, str]]]:
        return [
            _level(),
            _count(QCoreApplication.translate("DosePage", "Treated"), lambda r: r[0].n_treated),
            _count(QCoreApplication.translate("DosePage", "Evaluable"), lambda r: r[0].n_evaluable),
            _count(QCoreApplication.translate("DosePage", "In DLT window"), lambda r: r[0].n_pending),
            _count(QCoreApplication.translate("DosePage", "With DLT"), lambda r: r[0].n_dlt),
            Column(QCoreApplication.translate("DosePage", "Subjects with DLT"), lambda r: ", ".join(r[0].dlt_subjects)),
            _decision(QCoreApplication.translate("DosePage", "Dose-finding DLTs and decision")),
        ]


class HistoryModel(RowsModel["tuple[DoseCohort, str]"]):
    def make_columns(self) -> list[Column[tuple[DoseCohort, str]]]:
        return [
            _count(QCoreApplication.translate("DosePage", "Step"), lambda r: r[0].step),
            _level(),
            _count(QCoreApplication.translate("DosePage", "Cohort"), lambda r: r[0].number),
            Column(
                QCoreApplication.translate("DosePage", "Subjects"),
                lambda r: ", ".join(r[0].subjects),
                tooltip=lambda r: QCoreApplication.translate("DosePage", "With DLT: {0}").format(
                    ", ".join(r[0].dlt_subjects) or QCoreApplication.translate("DosePage", "none")
                ),
            ),
            _decision(QCoreApplication.translate("DosePage", "DLTs at the level so far and decision")),
        ]


class ExpansionModel(RowsModel["LevelDecision"]):
    def make_columns(self) -> list[Column[LevelDecision]]:
        def x(r: LevelDecision) -> Any:
            return r.expansion

        return [
            Column(QCoreApplication.translate("DosePage", "Dose level"), lambda r: r.dose_level),
            _figure(QCoreApplication.translate("DosePage", "Expansion subjects"), lambda r: str(len(x(r).subjects))),
            _figure(QCoreApplication.translate("DosePage", "Expansion with DLT"), lambda r: str(x(r).n_dlt)),
            _figure(
                QCoreApplication.translate("DosePage", "Level: DLT / evaluable"),
                lambda r: f"{x(r).overall_dlt}/{x(r).overall_evaluable}",
            ),
            _figure(
                QCoreApplication.translate("DosePage", "DLT rate"), lambda r: percent(x(r).rate), lambda r: x(r).rate
            ),
            _figure(
                QCoreApplication.translate("DosePage", "Exact 95% CI"),
                lambda r: f"{percent(x(r).lower)}–{percent(x(r).upper)}",
            ),
            Column(
                QCoreApplication.translate("DosePage", "Rate ≥ 33%"),
                lambda r: (
                    QCoreApplication.translate("DosePage", "Yes: review")
                    if x(r).flagged
                    else QCoreApplication.translate("DosePage", "No")
                ),
            ),
        ]


class GradesModel(RowsModel["GradeDistribution"]):
    """Subjects by worst CRS and ICANS grade per level, then all."""

    def make_columns(self) -> list[Column[GradeDistribution]]:
        columns: list[Column[GradeDistribution]] = [
            _level_or_all(),
            _count(QCoreApplication.translate("DosePage", "Subjects"), lambda r: r.n_subjects),
        ]
        for kind, name in (("crs", "CRS"), ("icans", "ICANS")):
            for g in GRADES:
                title = QCoreApplication.translate("DosePage", "{0} none").format(name) if g == 0 else f"{name} {g}"
                columns.append(_grade_column(title, kind, g))
        return columns


def _grade_column(title: str, kind: str, grade: int) -> Column[GradeDistribution]:
    return _count(title, lambda r: (r.crs if kind == "crs" else r.icans)[grade])


class TimingModel(RowsModel["CrsTiming"]):
    def make_columns(self) -> list[Column[CrsTiming]]:
        return [
            _level_or_all(),
            _figure(QCoreApplication.translate("DosePage", "Subjects with CRS"), lambda r: f"{r.n_crs}/{r.n_subjects}"),
            _figure(
                QCoreApplication.translate("DosePage", "CRS onset, study day: median (range)"),
                lambda r: median_range(r.onset_day),
            ),
            _figure(
                QCoreApplication.translate("DosePage", "CRS duration, days: median (range)"),
                lambda r: median_range(r.duration_days),
            ),
            _figure(QCoreApplication.translate("DosePage", "Not resolved yet"), lambda r: str(r.n_unresolved)),
        ]


class CurveSubjectsModel(RowsModel["SubjectCurve"]):
    """The subjects drawn for the selected level and analyte."""

    def make_columns(self) -> list[Column[SubjectCurve]]:
        def peak(r: SubjectCurve) -> tuple[float, int] | None:
            shown = [(v, d) for d, v in zip(r.days, r.values, strict=True) if 0 <= d <= LAST_DAY]
            return max(shown, key=lambda p: p[0]) if shown else None

        return [
            Column(QCoreApplication.translate("DosePage", "Subject"), lambda r: r.subject_id),
            _count(QCoreApplication.translate("DosePage", "Values"), lambda r: len(r.values)),
            _figure(
                QCoreApplication.translate("DosePage", "Highest, Day 0–91"),
                lambda r: number(p[0]) if (p := peak(r)) else "",
                lambda r: p[0] if (p := peak(r)) else None,
            ),
            _figure(
                QCoreApplication.translate("DosePage", "On day"),
                lambda r: str(p[1]) if (p := peak(r)) else "",
                lambda r: p[1] if (p := peak(r)) else None,
            ),
        ]


class PdGroupsModel(RowsModel["tuple[str, PdSummary]"]):
    """PD summaries: a group (dose level, or worst CRS grade) per row; median (range)."""

    def make_columns(self) -> list[Column[tuple[str, PdSummary]]]:
        return [
            Column(QCoreApplication.translate("DosePage", "Group"), lambda r: r[0]),
            _count(QCoreApplication.translate("DosePage", "Subjects"), lambda r: r[1].n_subjects),
            _figure(QCoreApplication.translate("DosePage", "Baseline"), lambda r: median_range(r[1].baseline)),
            _figure(QCoreApplication.translate("DosePage", "Peak, Day 0–28"), lambda r: median_range(r[1].peak)),
            _figure(QCoreApplication.translate("DosePage", "Day of peak"), lambda r: median_range(r[1].peak_day)),
            _figure(QCoreApplication.translate("DosePage", "Fold change"), lambda r: median_range(r[1].fold_change)),
            _figure(QCoreApplication.translate("DosePage", "AUC Day 0–28"), lambda r: median_range(r[1].auc_0_28)),
        ]


# -- the curves ----------------------------------------------------------------------------


class CurvesView(QWidget):
    """Every subject of a level on one log axis, with the level's median; a level and an
    analyte selector; a click on a line or a row asks to open that subject."""

    subject_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DoseLevels | None = None
        self.lines: dict[str, QLineSeries] = {}
        level_label, self.level = labelled_combo(self.tr("Dose &level:"), self.tr("Dose level"))
        analyte_label, self.analyte = labelled_combo(self.tr("&Analyte:"), self.tr("Analyte"))
        self.note = wrapped_label()
        self.chart, self.chart_view = new_chart(self, self.tr("Curves of the dose level"))
        self.chart_view.setToolTip(self.tr("Click a subject's line to open the subject's chart"))
        self.model = CurveSubjectsModel(self)
        self.table = TableView("dose_curve_subjects", self.tr("Subjects of the dose level"), model=self.model)
        self.table.setSortingEnabled(True)
        self.table.setToolTip(self.tr("Double-click or press Enter to open the subject's chart"))
        self.table.activated_row.connect(lambda row: self.subject_chosen.emit(self.model.row(row).subject_id))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(hbox(level_label, self.level, analyte_label, self.analyte, self.note, stretch_at=4))
        layout.addWidget(splitter, 1)
        self.level.currentIndexChanged.connect(self.draw)
        self.analyte.currentIndexChanged.connect(self.draw)

    def set_data(self, data: DoseLevels) -> None:
        self.data = data
        for combo, items in (
            (self.level, [(level, level) for level in data.dose_levels]),
            (self.analyte, [(label("analyte", c.analyte), c.analyte) for c in data.curves]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, code in items:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self.draw()

    def draw(self) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.lines = {}
        chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        level, analyte = self.level.currentData(), self.analyte.currentData()
        if self.data is None or level is None or analyte is None:
            self.model.set_rows(())
            return
        curves = self.data.curves_of(analyte)
        subjects, median = curves.of_level(level)
        name = label("analyte", analyte)
        chart.setTitle(self.tr("{0} ({1}), {2}: {3} subjects").format(name, curves.unit, level, len(subjects)))
        x_axis = QValueAxis()
        x_axis.setTitleText(self.tr("Study day (Day 0 = infusion)"))
        x_axis.setLabelFormat("%d")
        x_axis.setRange(FIRST_DAY, LAST_DAY)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(0)
        x_axis.setTickInterval(7)
        y_axis = make_log_axis(self.palette())
        y_axis.setTitleText(curves.unit)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        faint = look.mark_colour(LINE_COLOUR, self.palette())
        faint.setAlphaF(0.45)
        shown: list[float] = []
        hidden = 0
        for curve in subjects:
            line = QLineSeries()
            line.setName(curve.subject_id)
            line.setPen(QPen(faint, 1.5))
            for day, value in zip(curve.days, curve.values, strict=True):
                if not FIRST_DAY <= day <= LAST_DAY:
                    continue
                if value > 0:
                    line.append(day, value)
                    shown.append(value)
                else:
                    hidden += 1
            self._add(line, x_axis, y_axis)
            line.clicked.connect(lambda _point, sid=curve.subject_id: self.subject_chosen.emit(sid))
            line.hovered.connect(lambda _point, on, sid=curve.subject_id: self._hover(sid, on))
            self.lines[curve.subject_id] = line
            for marker in chart.legend().markers(line):
                marker.setVisible(False)
        if median is not None:
            line = QLineSeries()
            line.setName(self.tr("median of {0}").format(level))
            line.setPen(QPen(QColor(look.mark_colour(MEDIAN_COLOUR, self.palette())), 3.5))
            for nominal, value in zip(median.days, median.values, strict=True):
                if value > 0 and FIRST_DAY <= nominal <= LAST_DAY:
                    line.append(nominal, value)
                    shown.append(value)
            self._add(line, x_axis, y_axis)
        if shown:
            y_axis.setRange(*log_range(shown))
        self.note.setText(
            self.tr("{0} value(s) below the limit of quantification cannot be shown on the log scale.").format(hidden)
            if hidden
            else ""
        )
        self.model.set_rows(subjects)
        self.table.resizeColumnsToContents()

    def _add(self, line: QLineSeries, x_axis: QValueAxis, y_axis: Any) -> None:
        self.chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)

    def _hover(self, subject_id: str, on: bool) -> None:
        line = self.lines.get(subject_id)
        if line is None:
            return
        pen = line.pen()
        pen.setWidthF(3.0 if on else 1.5)
        line.setPen(pen)
        self.chart_view.setToolTip(subject_id if on else self.tr("Click a subject's line to open the subject's chart"))


# -- pharmacodynamics ----------------------------------------------------------------------


class PdSummaryView(QWidget):
    """The PD summaries of one analyte (selector): by dose level and by worst CRS grade."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DoseLevels | None = None
        analyte_label, self.analyte = labelled_combo(self.tr("A&nalyte:"), self.tr("Analyte"))
        self.rule = QLabel(
            self.tr(
                "Baseline: the last value on or before Day 0. Peak: the highest value from Day 0 to Day 28. "
                "Fold change: peak / baseline. AUC: Day 0 to Day 28 by the PK trapezoid rules. Median (range)."
            )
        )
        self.rule.setWordWrap(True)
        self.by_level = PdGroupsModel(self)
        self.by_grade = PdGroupsModel(self)
        self.level_table = TableView("dose_pd_levels", self.tr("By dose level"), model=self.by_level)
        self.grade_table = TableView("dose_pd_grades", self.tr("By worst CRS grade"), model=self.by_grade)
        layout = QVBoxLayout(self)
        layout.addLayout(hbox(analyte_label, self.analyte, stretch_at=2))
        layout.addWidget(self.rule)
        layout.addWidget(QLabel(self.tr("By dose level")))
        layout.addWidget(self.level_table, 1)
        layout.addWidget(QLabel(self.tr("By worst CRS grade (ASTCT; none = no CRS)")))
        layout.addWidget(self.grade_table, 1)
        self.analyte.currentIndexChanged.connect(self.show_analyte)

    def set_data(self, data: DoseLevels) -> None:
        self.data = data
        current = self.analyte.currentData()
        self.analyte.blockSignals(True)
        self.analyte.clear()
        for a in data.endpoints.pd.analytes:
            if a.subjects:
                self.analyte.addItem(f"{label('analyte', a.analyte)} ({a.unit})", a.analyte)
        self.analyte.setCurrentIndex(max(self.analyte.findData(current), 0))
        self.analyte.blockSignals(False)
        self.show_analyte()

    def show_analyte(self) -> None:
        code = self.analyte.currentData()
        block = self.data.endpoints.pd.analyte(code) if self.data is not None and code else None
        if block is None:
            self.by_level.set_rows(())
            self.by_grade.set_rows(())
            return
        self.by_level.set_rows((s.dose_level or "", s) for s in block.by_dose_level)
        self.by_grade.set_rows(
            (
                QCoreApplication.translate("DosePage", "none")
                if s.crs_grade == 0
                else QCoreApplication.translate("DosePage", "grade {0}").format(s.crs_grade),
                s,
            )
            for s in block.by_crs_grade
        )
        for table in (self.level_table, self.grade_table):
            table.resizeColumnsToContents()


# -- the page ------------------------------------------------------------------------------


class DosePage(QWidget):
    """The dose-level review; read in the background when first shown and after changes."""

    loaded = Signal()

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.data: DoseLevels | None = None
        self.words: DoseWords | None = None
        self._pending = False
        self._again = False
        self._stale = True

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip(self.tr("Compute the dose levels again (F5)"))
        self.design = QLabel()
        self.mtd = wrapped_label(self.tr("Maximum tolerated dose"))
        self.refused = QLabel(self.tr("Your role does not include the dose-level safety review."))
        self.refused.hide()

        self.levels = LevelsModel(self)
        self.levels_table = TableView("dose_levels", self.tr("Dose levels"), model=self.levels)
        self.history = HistoryModel(self)
        self.history_table = TableView("dose_history", self.tr("Escalation history"), model=self.history)
        self.expansion = ExpansionModel(self)
        self.expansion_table = TableView("dose_expansion", self.tr("Expansion cohorts"), model=self.expansion)
        decision = stacked(
            (self.levels_table, 2),
            QLabel(self.tr("Escalation history: each cohort in order of infusion")),
            (self.history_table, 3),
            QLabel(self.tr("Expansion cohorts: subjects treated after the level's dose-finding subjects")),
            (self.expansion_table, 2),
        )

        self.grades = GradesModel(self)
        self.grades_table = TableView("dose_grades", self.tr("CRS and ICANS grades"), model=self.grades)
        self.timing = TimingModel(self)
        self.timing_table = TableView("dose_crs_timing", self.tr("CRS onset and duration"), model=self.timing)
        toxicity = stacked(
            QLabel(self.tr("Subjects by worst grade (ASTCT 2019; 5 = death)")),
            (self.grades_table, 1),
            QLabel(self.tr("Onset and duration of each subject's first CRS after the infusion")),
            (self.timing_table, 1),
        )

        self.curves = CurvesView()
        self.curves.subject_chosen.connect(self.desk.open_subject)
        self.pd = PdSummaryView()

        self.tabs = QTabWidget()
        self.tabs.addTab(decision, self.tr("Dose decision"))
        self.tabs.addTab(toxicity, self.tr("CRS and ICANS"))
        self.tabs.addTab(self.curves, self.tr("Curves"))
        self.tabs.addTab(self.pd, self.tr("Pharmacodynamics"))

        layout = QVBoxLayout(self)
        self.study = StudyChoice(desk, self.tr("St&udy:"))
        self.study.chosen.connect(self.refresh)
        layout.addLayout(hbox(self.heading, self.study, self.refresh_button, stretch_at=1))
        layout.addWidget(self.design)
        layout.addWidget(self.mtd)
        layout.addWidget(self.refused)
        layout.addWidget(self.tabs, 1)

        for table in (
            self.grades_table,
            self.timing_table,
            self.curves.table,
            self.pd.level_table,
            self.pd.grade_table,
        ):
            # Numbers in the last column stay by their header, not at the far right.
            table.horizontalHeader().setStretchLastSection(False)
        self.levels_table.setToolTip(self.tr("Double-click a dose level to see its curves"))
        self.levels_table.activated_row.connect(lambda row: self.show_curves(self.levels.row(row)[0].dose_level))
        self.history_table.activated_row.connect(lambda row: self.show_curves(self.history.row(row)[0].dose_level))
        self.refresh_button.clicked.connect(self.refresh)
        desk.changed.connect(self._changed)
        self.heading.setText("<h2>" + self.tr("Dose levels as of {0}").format(desk.today.isoformat()) + "</h2>")

    def show_curves(self, dose_level: str) -> None:
        """The curves of `dose_level`."""
        self.curves.level.setCurrentIndex(max(self.curves.level.findData(dose_level), 0))
        self.tabs.setCurrentWidget(self.curves)

    def invalidate(self) -> None:
        """Read again when next shown (another user signed in, another database)."""
        self._stale = True

    def shown(self) -> None:
        """The window shows the page: read it the first time and after a change."""
        if self._stale:
            self.refresh()

    def _changed(self, change: Change) -> None:
        if change.touches(CLINICAL):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        """Compute the dose levels in the background (as `ltfu endpoints` does)."""
        if self.desk.db is None:
            return
        allowed = self.desk.may(RIGHT)
        self.refused.setVisible(not allowed)
        self.tabs.setVisible(allowed)
        if not allowed:
            return
        if self._pending:
            self._again = True
            return
        from ltfu.services.dose_levels import dose_levels, dose_words

        self._pending, self._again, self._stale = True, False, False
        db, today, language, study = self.desk.db, self.desk.today, report_language(), self.study.study

        def work(job: Job) -> tuple[DoseLevels, DoseWords]:
            data = dose_levels(db, today, study)
            return data, dose_words(data.endpoints, language)

        self.desk.runner.read(work, on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._pending = False
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def _show(self, loaded: tuple[DoseLevels, DoseWords]) -> None:
        self._pending = False
        if self._again:
            self.refresh()
            return
        self.data, self.words = loaded
        e = self.data.endpoints
        words = self.words
        dose = e.dlt.dose
        if dose.boundaries is not None:
            design = self.tr("BOIN, target DLT rate {0:g}").format(dose.design.target)
        else:
            design = "3+3"
        self.design.setText(
            self.tr("Design: {0}; DLT window Day 0 to Day {1}; data as of {2}.").format(
                design, e.dlt.window_days, self.data.as_of.isoformat()
            )
        )
        self.mtd.setText(f"<b>{html.escape(words.mtd)}</b>")
        self.levels.set_rows((d, words.decisions[d.dose_level]) for d in e.dlt.dose_levels)
        self.history.set_rows(zip(dose.history, words.steps, strict=True))
        self.expansion.set_rows(level for level in dose.levels if level.expansion is not None)
        self.grades.set_rows(e.crs_icans)
        self.timing.set_rows(e.crs_timing)
        for table in (
            self.levels_table,
            self.history_table,
            self.expansion_table,
            self.grades_table,
            self.timing_table,
        ):
            table.resizeColumnsToContents()
        self.curves.set_data(self.data)
        self.pd.set_data(self.data)
        self.loaded.emit()
