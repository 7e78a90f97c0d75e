"""Plain tabular reports (the audit trail): a title, a note, one long table.

Built on the same renderer as the schedules: site letterhead on the first page, the
header row repeated on every page, "Page X of Y" and the data-cut date in the footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, Spacer, Table

from ltfu.reports.base import Job, Renderer
from ltfu.reports.content import Letterhead
from ltfu.reports.schedules import _cell, _table_style, _widths


@dataclass(frozen=True, kw_only=True)
class TableReport:
    title: str
    note: str
    columns: tuple[str, ...]
    widths_mm: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    site: Letterhead
    data_cut: date

    def __post_init__(self) -> None:
        if len(self.columns) != len(self.widths_mm) or any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError("every row needs one value per column")


class TableReportRenderer(Renderer):
    """Landscape: audit rows carry old and new values side by side."""

    document_title = "Report"
    pagesize = landscape(A4)

    def language(self, content: TableReport) -> str:
        return "en"

    def running_title(self, job: Job) -> str:
        return job.content.title

    def footer_note(self, job: Job) -> str:
        return f"Data as of {job.content.data_cut.isoformat()}"

    def story(self, job: Job) -> list[Flowable]:
        report: TableReport = job.content
        header = [_cell(job, column, "cell_bold") for column in report.columns]
        data = [header] + [[_cell(job, value) for value in row] for row in report.rows]
        table = Table(data, colWidths=_widths(report.widths_mm, self.text_width), repeatRows=1)
        table.setStyle(_table_style())
        return [_cell(job, report.title, "title"), _cell(job, report.note, "body"), Spacer(0, 8), table]


def render_table_report(content: TableReport) -> bytes:
    return TableReportRenderer().render(content)
