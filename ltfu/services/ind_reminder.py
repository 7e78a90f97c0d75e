"""The worklist's reminder of the IND annual report, kept apart from the report itself so
the worklist loads without the statistics behind the report.

    ind_report_alerts(studies, signed, today) -> one reminder per study whose report is not signed
    document_kind(study, period_end) -> what a signature of that report is of
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Sequence

from ltfu.schedule.protocol import Protocol, ind_period
from ltfu.services import access
from ltfu.services.alerts import SafetyAlert

#: The kind of the worklist's reminder (`ltfu.vocabulary.REPORT_ALERT_KINDS`).
ALERT_KIND = "ind_report_due"

_KIND_LENGTH = 32
"""`signature.document_kind` holds 32 characters."""


def document_kind(study: str, period_end: dt.date) -> str:
    """The signature's document kind of `study`'s IND annual report ending on `period_end`:
    ``ind_<end>_<study>``; a study id too long for the column is cut and made unique by
    a digest of the whole id."""
    kind = f"ind_{period_end.isoformat()}_{study}"
    if len(kind) <= _KIND_LENGTH:
        return kind
    digest = hashlib.sha256(study.encode("utf-8")).hexdigest()[:8]
    return f"{kind[: _KIND_LENGTH - len(digest) - 1]}~{digest}"


def _legacy_kind(period_end: dt.date) -> str:
    """The document kind signed before reports were per study (one study per database then)."""
    return f"ind_report_{period_end.isoformat()}"


def ind_report_alerts(
    studies: Sequence[tuple[str, Protocol]],
    signed: Collection[str],
    today: dt.date,
    study: str | None = None,
    grants: access.Grants = (),
) -> tuple[SafetyAlert, ...]:
    """For each study whose protocol sets an IND anniversary, the reminder (not blocking)
    from its period's end (the anniversary), `IND_REPORT_DUE_DAYS` before the report is
    due, until that study's report is signed. `value`: days past the due date (negative:
    days left); `detail`: the period's end; `study`: the study. Only `study`'s when given,
    and only the studies `grants` cover (the acting user's).

    `studies`: every study of the database (sorted) with its protocol in force (the
    bundled default protocol's alone in a database without any); `signed`: the document
    kinds signed (at least every IND report's), read with the worklist's alerts
    (`ltfu.services.worklist_alerts`)."""
    covered = None if not grants or any(g is None for g, _site in grants) else {g for g, _site in grants}
    found = []
    for study_id, protocol in studies:
        if (study is not None and study_id != study) or (covered is not None and study_id not in covered):
            continue
        if protocol.ind.anniversary is None:
            continue
        period = ind_period(protocol.ind.anniversary, today)
        kinds = [document_kind(study_id, period.end)]
        if len(studies) == 1:
            kinds.append(_legacy_kind(period.end))
        if any(kind in signed for kind in kinds):
            continue
        days_left = (period.due - today).days
        found.append(
            SafetyAlert(
                "",
                "",
                ALERT_KIND,
                period.due,
                float(-days_left),
                None,
                period.end.isoformat(),
                False,  # a reminder, never blocking: `value` says when it is late
                None,
                study_id,
            )
        )
    return tuple(found)
