"""The clinic calendar file: all-day events, window in the description, study ids only."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from ltfu.services.ical import export_ical
from ltfu.services.subjects import NewSubject, enrol

D = dt.date


def test_ical_has_one_all_day_event_per_open_visit_and_no_names(db, tmp_path):
    enrol(db, NewSubject("CD1922-101", "BJ01", "DL1", D(2025, 11, 28), given_name="Zoë", family_name="Démo"),
          D(2025, 11, 28))
    path = tmp_path / "visits.ics"
    summary = export_ical(db, path, D(2026, 11, 1), D(2026, 12, 31), site="BJ01")
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert summary.events == len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "CD1922-101 M12 (clinic)"
    assert event.decoded("dtstart") == D(2026, 11, 27)  # nominal Sat 28 Nov moved to Friday
    assert "Window 2026-11-14 to 2026-12-28" in str(event["description"])
    text = path.read_text(encoding="utf-8")
    assert "Zoë" not in text and "Démo" not in text
