"""The worklist's alerts, read in one statement.

Every source of an alert is one SELECT of the same columns, and the worklist reads them as
one UNION ALL through the driver (one round trip, no ORM rows, no statement to compile),
then makes the `SafetyAlert`s here:

- the stored alerts shown today (`ltfu.services.alerts`, kept in step with the results);
  a low IgG drawn while an immunoglobulin replacement course was running is an
  `igg_low_replacement` (a trough level under replacement, `ltfu.services.course_records`);
- each open malignancy case, with the count of its open steps, and each report due within
  `DUE_SOON_DAYS` (`ltfu.services.safety`);
- each subject still followed and of age whose newest consent is a guardian's (the
  re-consent task, `ltfu.services.course_records.reconsent_due`);
- the latest registered version of each study and the IND signatures, for the IND report
  reminders (`ltfu.services.ind_reminder`).

Subjects out of the acting user's view are left out by the worklist (`access`), as the
statement is plain SQL.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from ltfu.db.days import Days
from ltfu.db.engine import driver_rows
from ltfu.schedule import Protocol, load_bundled
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID
from ltfu.services import access
from ltfu.services.alerts import SafetyAlert
from ltfu.services.course import stored_protocol
from ltfu.services.course_records import reconsent_due_from
from ltfu.services.ind_reminder import ind_report_alerts
from ltfu.services.safety import DUE_SOON_DAYS
from ltfu.vocabulary import AGE_OF_MAJORITY, ALERT_KINDS

# Columns: kind, ref (case or report), study id, site code, day, value, threshold, detail,
# number (birth year; a study's rank), content (a protocol's text). The rows that are no
# alert: `protocol`, a study's latest version (id, source name, hash in study id, site,
# detail); `signed`, the document kind of an IND signature (detail).
_SQL = """
SELECT CASE WHEN a.kind = 'igg_low'
           AND a.subject_id IN (SELECT md.subject_id FROM medication md WHERE md.voided_at IS NULL)
           AND EXISTS (
               SELECT 1 FROM medication md WHERE md.subject_id = a.subject_id AND md.voided_at IS NULL
               AND md.start_date <= a.alert_date AND (md.stop_date IS NULL OR a.alert_date <= md.stop_date))
       THEN 'igg_low_replacement' ELSE a.kind END,
       CAST(NULL AS INTEGER), s.study_id, si.code, a.alert_date, a.value, a.threshold,
       CAST(NULL AS TEXT), CAST(NULL AS INTEGER), CAST(NULL AS TEXT)
FROM safety_alert a JOIN subject s ON s.id = a.subject_id JOIN site si ON si.id = s.site_id
WHERE s.voided_at IS NULL AND s.status != 'dead' AND a.alert_date <= :today
  AND (a.shown_until IS NULL OR a.shown_until >= :today){subjects}
UNION ALL
SELECT 'malignancy', c.id, s.study_id, si.code, c.awareness_date,
       CAST((SELECT COUNT(*) FROM case_step st WHERE st.case_id = c.id AND st.state = 'open') AS FLOAT),
       CAST(NULL AS FLOAT), CASE WHEN c.t_cell THEN 't_cell_malignancy' ELSE 'new_malignancy' END,
       CAST(NULL AS INTEGER), CAST(NULL AS TEXT)
FROM safety_case c JOIN subject s ON s.id = c.subject_id JOIN site si ON si.id = s.site_id
WHERE c.kind = 'malignancy' AND c.state = 'open' AND s.voided_at IS NULL{subjects}
UNION ALL
SELECT 'report_due', r.id, s.study_id, si.code, r.due_date, CAST(NULL AS FLOAT), CAST(NULL AS FLOAT),
       r.recipient, CAST(NULL AS INTEGER), CAST(NULL AS TEXT)
FROM safety_report r JOIN subject s ON s.id = r.subject_id JOIN site si ON si.id = s.site_id
WHERE r.sent_on IS NULL AND r.due_date <= :soon AND s.voided_at IS NULL{subjects}
UNION ALL
SELECT 'reconsent_due', CAST(NULL AS INTEGER), s.study_id, si.code, k.consent_date, CAST(NULL AS FLOAT),
       CAST(NULL AS FLOAT), k.version, s.birth_year, CAST(NULL AS TEXT)
FROM consent k JOIN subject s ON s.id = k.subject_id JOIN site si ON si.id = s.site_id
WHERE k.consented_by = 'guardian' AND k.voided_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM consent n WHERE n.subject_id = k.subject_id AND n.voided_at IS NULL
        AND (n.consent_date > k.consent_date OR (n.consent_date = k.consent_date AND n.id > k.id)))
  AND s.voided_at IS NULL AND s.status IN ('active', 'lost_to_follow_up') AND s.birth_year <= :adult_born{subjects}
UNION ALL
SELECT 'protocol', CAST(NULL AS INTEGER), p.protocol_id, p.source_name, CAST(NULL AS DATE), CAST(NULL AS FLOAT),
       CAST(NULL AS FLOAT), p.content_hash,
       (SELECT COUNT(DISTINCT q.protocol_id) FROM protocol_version q WHERE q.protocol_id < p.protocol_id),
       p.content
FROM protocol_version p
WHERE NOT EXISTS (
    SELECT 1 FROM protocol_version n WHERE n.protocol_id = p.protocol_id
    AND (n.effective_date > p.effective_date OR (n.effective_date = p.effective_date AND n.id > p.id)))
UNION ALL
SELECT 'signed', CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DATE),
       CAST(NULL AS FLOAT), CAST(NULL AS FLOAT), g.document_kind, CAST(NULL AS INTEGER), CAST(NULL AS TEXT)
FROM signature g WHERE g.document_kind LIKE 'ind%'
"""
_STORED = frozenset((*ALERT_KINDS, "igg_low_replacement"))
_DEFAULTS = tuple(SafetyAlert._field_defaults.values())
_BY_SUBJECT = itemgetter(0, 2)  # study id, kind


@cache
def _sql(by_site: bool, by_study: bool) -> str:
    """The statement on this database, of one site's subjects, of one study's (`protocols.in_study`)."""
    subjects = " AND si.code = :site" if by_site else ""
    if by_study:
        subjects += " AND s.protocol_version_id IN (SELECT v.id FROM protocol_version v WHERE v.protocol_id = :study)"
    return _SQL.format(subjects=subjects)


def worklist_alerts(
    session: Session, connection: Connection, today: dt.date, site: str | None, study: str | None
) -> tuple[SafetyAlert, ...]:
    """The alerts shown on `today` (of `site`'s subjects, of `study`'s subjects and
    reminders, when given), blocking first, then by subject and kind (the cases' and clocks' of
    one subject by date, then case or report; the IND reminders by study). `connection`:
    the session's, to read through."""
    sqlite = connection.dialect.name == "sqlite"
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    params = {
        "today": today.isoformat() if sqlite else today,
        "soon": soon.isoformat() if sqlite else soon,
        "adult_born": today.year - AGE_OF_MAJORITY,
        "site": site,
        "study": study,
    }
    rows = driver_rows(connection, _sql(site is not None, study is not None), params)
    dates, new, defaults = Days(), tuple.__new__, _DEFAULTS
    blocking: list[SafetyAlert] = []
    other: list[SafetyAlert] = []
    cases: list[tuple[Any, ...]] = []
    reconsent: list[SafetyAlert] = []
    protocols: list[tuple[int, str, Protocol]] = []
    signed: set[str] = set()
    for kind, ref, study_id, code, day, value, threshold, detail, number, content in rows:
        if kind in _STORED:  # hundreds: the rest are a few
            alert = new(SafetyAlert, (study_id, code, kind, dates[day], value, threshold, *defaults))
            (blocking if kind == "rcl_positive" else other).append(alert)
        elif kind == "malignancy" or kind == "report_due":
            cases.append((kind, dates[day], study_id, ref, code, value, detail))
        elif kind == "reconsent_due":
            due = reconsent_due_from(number, dates[day])
            if due is not None and due <= today:
                reconsent.append(SafetyAlert(study_id, code, kind, due, None, None, detail))
        elif kind == "protocol":
            protocols.append((number, study_id, stored_protocol(detail, content, code)))
        else:
            signed.add(detail)
    # The cases' and clocks' by kind, date, subject, case or report (what orders the alerts
    # of one subject and kind); the studies in the database's order of their ids.
    cases.sort(key=itemgetter(0, 1, 2, 3))
    protocols.sort(key=itemgetter(0))
    studies = [(study_id, protocol) for _, study_id, protocol in protocols]
    if not studies:
        studies = [(DEFAULT_PROTOCOL_ID, load_bundled(DEFAULT_PROTOCOL_ID))]
    more = [
        SafetyAlert(study_id, code, kind, day, float(value), None, detail, False, ref)
        if kind == "malignancy"
        else SafetyAlert(study_id, code, kind, day, float((today - day).days), None, detail, today > day, ref)
        for kind, day, study_id, ref, code, value, detail in cases
    ]
    more += ind_report_alerts(studies, signed, today, study, access.session_grants(session))
    more += reconsent
    for alert in more:
        (blocking if alert.blocking else other).append(alert)
    # A stable sort of each part: the alerts of one subject and kind keep the order above.
    blocking.sort(key=_BY_SUBJECT)
    other.sort(key=_BY_SUBJECT)
    return (*blocking, *other)
