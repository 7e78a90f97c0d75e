"""Content for the report tests, built as data the way the service layer will build it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from pypdf import PdfReader

from ltfu.reports.content import (
    CalendarEntry,
    CalendarWeek,
    LetterBatch,
    LetterContent,
    Letterhead,
    ScheduleRow,
    SiteCalendar,
    SubjectSchedule,
)
from ltfu.schedule.plan import suggest_date

#: Words that must never appear on a letter (DOMAIN.md section 6), lower case.
FORBIDDEN = (
    "leukemia", "leukaemia", "lymphoblastic", "car-t", "car t", "cart cell", "gene therapy", "cell therapy",
    "lentivir", "chimeric", "cancer", "oncology", "白血病", "基因治疗", "细胞治疗", "免疫治疗", "嵌合抗原", "肿瘤科",
)

SITE = Letterhead(
    site_name="北京示例医院 Beijing Example Hospital",
    address="Follow-up Office, Building 3\n1 Example Road, Dongcheng District\nBeijing 100000",
    phone="+86 10 1234 5678",
)

# The default protocol (DOMAIN.md section 4): code, day or months, early, late, mode, assessments.
PROTOCOL = [
    ("D0", 0, None, 0, 0, "clinic", "P C Ex AE"), ("D1", 1, None, 0, 0, "clinic", "P C AE"),
    ("D4", 4, None, 1, 1, "clinic", "P C AE"), ("D7", 7, None, 1, 1, "clinic", "P C AE"),
    ("D10", 10, None, 1, 1, "clinic", "P C AE"), ("D14", 14, None, 2, 2, "clinic", "P C B AE"),
    ("D21", 21, None, 2, 2, "clinic", "P C B AE"), ("D28", 28, None, 3, 3, "clinic", "Ex D P C B G H AE DLT"),
    ("M2", 61, None, 7, 7, "clinic", "Ex P B G AE"), ("M3", 91, None, 7, 7, "clinic", "Ex D P B G H R-T AE"),
    ("M4", 122, None, 7, 7, "clinic", "Ex B G AE"), ("M5", 152, None, 7, 7, "clinic", "Ex B G AE"),
    ("M6", 183, None, 14, 14, "clinic", "Ex D P B G H R-T AE LT"), ("M9", 274, None, 14, 14, "clinic", "Ex D P B G AE LT"),
    ("M12", 365, None, 14, 30, "clinic", "Ex D P B G H R-T AE LT"),
    ("M15", None, 15, 21, 21, "clinic", "Ex D B G AE LT"), ("M18", None, 18, 21, 21, "clinic", "Ex D B G AE LT P"),
    ("M21", None, 21, 21, 21, "clinic", "Ex D B G AE LT"), ("M24", None, 24, 30, 30, "clinic", "Ex D P B G R-A S AE LT"),
    *[(f"M{m}", None, m, 30, 30, "clinic", "Ex S B G LT" + (" P R-A" if m % 12 == 0 else "")) for m in range(30, 61, 6)],
    *[(f"Y{y}", None, 12 * y, 60, 60, "phone", "Q S LT R-A") for y in range(6, 16)],
]
ALL_CODES = ("Ex", "Q", "S", "D", "B", "G", "P", "C", "R-T", "R-A", "H", "AE", "LT", "DLT")


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as a reader would copy it out."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All text of a document with every run of white space as one space (table cells wrap)."""
    return " ".join(" ".join(pdf_pages(pdf)).split())


def make_letter(**changes) -> LetterContent:
    window_start, window_end, nominal = date(2024, 6, 3), date(2024, 7, 2), date(2024, 6, 8)  # nominal: a Saturday
    letter = LetterContent(
        study_id="CD1922-017", language="en", recipient_name="Zoë François",
        address_lines=("12 Rue de l'Exemple", "75001 Paris", "France"), visit_code="M12",
        window_start=window_start, window_end=window_end,
        suggested_date=suggest_date(window_start, window_end, nominal), mode="clinic",
        assessments=("Ex", "D", "P", "B", "G", "H", "R-T", "AE", "LT"), site=SITE,
        contact_phone="+86 10 1234 5679", print_date=date(2024, 5, 2),
    )
    return replace(letter, **changes)


def make_zh_letter(**changes) -> LetterContent:
    zh = {"language": "zh", "recipient_name": "张示例一", "address_lines": ("北京市东城区示例路1号", "3号楼502室", "100000")}
    return make_letter(**(zh | changes))


def make_batch(*letters: LetterContent) -> LetterBatch:
    return LetterBatch(letters=letters or (make_letter(),), data_cut=date(2024, 5, 1))


def make_schedule(language: str = "en", today: date = date(2024, 8, 20), **changes) -> SubjectSchedule:
    infusion = date(2024, 3, 4)
    rows = []
    for code, day, months, early, late, mode, assessments in PROTOCOL:
        nominal = infusion + timedelta(days=day) if day is not None else infusion + relativedelta(months=months)
        start, end = nominal - timedelta(days=early), nominal + timedelta(days=late)
        if end < today:
            status, actual = ("missed", None) if code == "M4" else ("completed", nominal)
        elif start <= today:
            status, actual = "due", None
        else:
            status, actual = "upcoming", None
        rows.append(ScheduleRow(code=code, nominal_date=nominal, window_start=start, window_end=end, mode=mode,
                                assessments=tuple(assessments.split()), status=status, actual_date=actual))
    schedule = SubjectSchedule(study_id="CD1922-017", language=language, infusion_date=infusion,
                               protocol_title="Long-term follow-up plan, version 2", rows=tuple(rows), today=today,
                               site=SITE)
    return replace(schedule, **changes)


def make_calendar(weeks: int = 13, per_week: int = 4, **changes) -> SiteCalendar:
    first = date(2024, 7, 1)  # a Monday
    statuses = ("due", "upcoming", "overdue", "completed")
    result = []
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        entries = tuple(
            CalendarEntry(study_id=f"CD1922-{week:02d}{number}", visit_code=("M3", "M6", "Y7", "M12")[number % 4],
                          window_start=monday + timedelta(days=number), window_end=monday + timedelta(days=number + 14),
                          suggested_date=monday + timedelta(days=number + 7), mode="phone" if number % 4 == 2 else "clinic",
                          status=statuses[number % 4])
            for number in range(per_week if week % 3 else 0)  # every third week has no visits
        )
        result.append(CalendarWeek(week_start=monday, entries=entries))
    calendar = SiteCalendar(site=SITE, date_from=first, date_to=first + timedelta(weeks=weeks, days=-1),
                            weeks=tuple(result), data_cut=date(2024, 6, 28))
    return replace(calendar, **changes)
