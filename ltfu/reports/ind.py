"""The IND annual report (21 CFR 312.33) as a PDF: the annual report's renderer, with the
cover, contents and sections the regulation asks for.

    IndRenderer(texts_folder=None, language="en").render(IndReportContent) -> bytes

(`ltfu.reports.annual.render_annual` chooses it for an `IndReportContent`.) The sections
shared with the annual status report (subjects, deaths, safety reports) are its own
methods; the words are those of ``annual_<language>.toml`` (`[ind]`, `[ind_sections]`,
`[body_systems]`).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from ltfu.reports.annual import AnnualRenderer
from ltfu.reports.annual_content import IndReportContent
from ltfu.reports.base import Job
from ltfu.reports.dates import format_date, format_date_short


class IndRenderer(AnnualRenderer):
    """Renders an `IndReportContent`."""

    head_section = "ind"
    contents_section = "ind_sections"
    status_note_section = "ind"  # the planned subjects are a protocol setting here
    dropout_reasons = True

    def _planned(self, c: IndReportContent) -> str:
        return str(c.planned_subjects) if c.planned_subjects is not None else self._t.text("ind", "planned_not_set")

    def _cover_subjects(self, job: Job) -> list[str]:
        c: IndReportContent = job.content
        t = self._t
        return [
            t.text(
                "ind",
                "subjects_value",
                planned=self._planned(c),
                entered=c.subjects_entered,
                in_period=c.entered_in_period,
                infused=c.subjects_infused,
            )
        ]

    def _cover_more_facts(self, job: Job) -> list[tuple[str, list[str]]]:
        c: IndReportContent = job.content
        due = self._t.text(
            "ind",
            "due_value",
            due=format_date(c.due, self._language),
            anniversary=format_date(c.period_end, self._language),
        )
        return [(self._t.text("ind", "due"), [due])]

    def _rebuild_command(self, job: Job) -> str:
        return self._t.text("ind", "rebuild", as_of=job.content.period_end.isoformat())

    def _sections(self, job: Job) -> list[Flowable]:
        c: IndReportContent = job.content
        story = self._after_cover(
            job,
            self._enrolment,
            self._adverse_events,
            self._safety_reports,
            self._deaths,
            self._dropouts_ae,
            self._amendments,
            CondPageBreak(40 * mm),
            self._section("plan"),
        )
        story += [self._p(line, "body") for line in c.plan.splitlines() if line.strip()] or [
            self._p(self._t.text("ind", "plan_missing"), "note")
        ]
        return story

    def _study(self, job: Job) -> list[Flowable]:
        c: IndReportContent = job.content
        total = c.enrolment.status.total
        completed = total.counts[4] if total is not None else 0
        return [
            self._p(
                self._t.text(
                    "ind",
                    "study_intro",
                    planned=self._planned(c),
                    entered=c.subjects_entered,
                    in_period=c.entered_in_period,
                    completed=completed,
                    dropped=c.enrolment.dropouts.total,
                ),
                "para",
            )
        ]

    def _enrolment(self, job: Job) -> list[Flowable]:
        # The section heading comes first (`_study` follows it), so the shared section opens here.
        story = super()._enrolment(job)
        heading = story.pop(0)
        return [heading, *self._study(job), *story[:-1]]

    def _adverse_events(self, job: Job) -> list[Flowable]:
        c: IndReportContent = job.content
        t = self._t
        intro = t.text("ind", "ae_intro", events=sum(r.events for r in c.body_systems), subjects=c.ae_subjects)
        story = [*self._opening("adverse_events", intro, 60 * mm), self._p(t.text("ind", "most_frequent"), "heading")]
        if not c.body_systems:
            story.append(self._none())
        else:
            header = [
                t.text("ind", k) for k in ("col_system", "col_subjects", "col_events", "col_serious", "col_worst")
            ]
            body, kinds = [], []
            for r in c.body_systems:
                name = t.text("body_systems", r.body_system) if r.body_system else t.text("ind", "not_coded")
                body.append([name, str(r.subjects), str(r.events), str(r.serious_events), str(r.worst_grade)])
                kinds.append("total")
                for term_row in r.terms:
                    body.append(["    " + term_row.term, str(term_row.subjects), str(term_row.events), "", ""])
                    kinds.append("row")
            story.append(self._grid(job, header, body, [90, 20, 20, 20, 20], numeric=range(1, 5), kinds=kinds))
            if any(r.body_system is None for r in c.body_systems):
                story.append(self._p(t.text("ind", "not_coded_note"), "note"))
        story.append(self._p(t.text("ind", "most_serious"), "heading"))
        story.append(
            self._terms(job, c.serious_in_period, t.text("ind", "col_term")) if c.serious_in_period else self._none()
        )
        return story

    def _dropouts_ae(self, job: Job) -> list[Flowable]:
        c: IndReportContent = job.content
        intro = self._t.text("ind", "dropouts_intro", count=c.dropouts_due_to_ae.total)
        story = self._opening("dropouts_ae", intro, 40 * mm)
        if c.dropouts_due_to_ae.total:
            story += self._listing(
                job,
                c.dropouts_due_to_ae,
                "enrolment",
                ("col_subject", "col_dose", "col_date", "col_reason"),
                lambda d: (d.subject_id, d.dose_level, format_date_short(d.date, self._language), d.reason or "–"),
                [30, 18, 24, 70],
                wrap=(0, 3),
            )
        return story

    def _amendments(self, job: Job) -> list[Flowable]:
        c: IndReportContent = job.content
        t = self._t
        story = self._opening("amendments", t.text("ind", "amendments_intro"), 40 * mm)
        if not c.amendments:
            return [*story, self._none()]
        header = [t.text("ind", k) for k in ("col_version", "col_effective", "col_file")]
        body = [[a.version, format_date_short(a.effective, self._language), a.source_name] for a in c.amendments]
        return [*story, self._grid(job, header, body, [40, 30, 90], wrap=(0, 2))]
