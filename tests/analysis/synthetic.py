"""A synthetic, roughly realistic CAR-T cohort for smoke tests and timing.

`python -m tests.analysis.synthetic [N]` times `compute_endpoints` on N subjects.
"""

from __future__ import annotations

import math
import random
import sys
from datetime import date, timedelta

from ltfu.analysis.records import AdverseEvent, Event, Result, SubjectRecord

PK_DAYS = (0, 1, 4, 7, 10, 14, 21, 28, 61, 91, 183, 274, 365)
B_DAYS = (14, 21, 28, 61, 91, 122, 152, 183, 274, 365, 456, 548, 639, 730)
CYTOKINE_DAYS = (0, 1, 4, 7, 10, 14, 21, 28)
ASSESSMENT_DAYS = (28, 91, 183, 274, 365, 456, 548, 639, 730)
RCL_DAYS = (-10, 91, 183, 365, 730, 1095)
HAMA_DAYS = (-10, 28, 91, 183, 365)
TERMS = (
    "Neutropenia",
    "Anaemia",
    "Thrombocytopenia",
    "Febrile neutropenia",
    "Hypokalaemia",
    "Pyrexia",
    "Nausea",
    "Hypotension",
    "ALT increased",
    "Headache",
)
SPECIAL = ("new malignancy", "neurologic", "autoimmune", "hematologic", "serious infection")


def make_subject(rng: random.Random, i: int, first: date, span_days: int) -> SubjectRecord:
    infusion = first + timedelta(days=rng.randrange(span_days))
    level = rng.choice(("DL1", "DL2", "DL3", "DL10"))

    def d(day: int) -> date:
        return infusion + timedelta(days=day)

    events: list[Event] = []
    results: list[Result] = []
    aes: list[AdverseEvent] = []

    death_day = int(rng.expovariate(1 / 1500)) if rng.random() < 0.6 else None
    relapse_day = int(rng.expovariate(1 / 500)) + 30 if rng.random() < 0.5 else None
    hsct_day = rng.randrange(60, 200) if rng.random() < 0.2 else None
    end = min(x for x in (death_day, 5475) if x is not None)

    for day in ASSESSMENT_DAYS:
        if day > end or (relapse_day is not None and day >= relapse_day):
            break
        call = rng.choices(("CR", "CRi", "PR", "NR"), (6, 2, 1, 1))[0]
        if call in ("CR", "CRi") and rng.random() < 0.5:
            call += " MRD-"
        events.append(Event(d(day), "response", call))
        results.append(Result(d(day), "mrd", rng.random() * 1e-3, unit="fraction"))
    if relapse_day is not None and relapse_day < end:
        events.append(Event(d(relapse_day), "relapse", rng.choice(("CD19-CD22+", "CD19+CD22+", "CD19dim CD22+"))))
    if hsct_day is not None and hsct_day < end:
        events.append(Event(d(hsct_day), "hsct", "allogeneic"))
    if death_day is not None:
        events.append(Event(d(death_day), "death", rng.choice(("disease", "infection", "other"))))

    peak = 10 ** rng.uniform(3, 5)
    for analyte, scale in (("car_copies", 1.0), ("car_cells", 0.01)):
        for day in PK_DAYS:
            if day > end:
                break
            value = 0.0 if day == 0 else scale * peak * math.exp(-abs(day - 10) / 12)
            lloq = 10 * scale
            if value < lloq:
                results.append(Result(d(day), analyte, None, unit="", blq=True, lloq=lloq))
            else:
                results.append(Result(d(day), analyte, value * rng.uniform(0.8, 1.2)))
    recovery = rng.choice((120, 200, 400, 10_000))
    for day in B_DAYS:
        if day > end:
            break
        count = rng.uniform(150, 400) if day >= recovery else rng.uniform(0, 40)
        results.append(Result(d(day), "cd19_b_cells", count, unit="cells/uL"))
        results.append(Result(d(day), "igg", rng.uniform(2, 9), unit="g/L"))
    for day in CYTOKINE_DAYS:
        for analyte in ("il6", "crp", "il15"):
            results.append(Result(d(day), analyte, rng.uniform(1, 500)))
    for day in RCL_DAYS:
        if day <= end:
            category = "positive" if rng.random() < 0.001 else "negative"
            results.append(Result(d(day), "rcl", category=category))
    for day in HAMA_DAYS:
        if day <= end:
            results.append(Result(d(day), "hama", category=rng.choice(("negative",) * 8 + ("positive",))))

    if rng.random() < 0.7:
        aes.append(AdverseEvent(d(rng.randrange(1, 8)), "Cytokine release syndrome", rng.randint(1, 4), "crs"))
    if rng.random() < 0.3:
        aes.append(AdverseEvent(d(rng.randrange(3, 14)), "ICANS", rng.randint(1, 4), "icans"))
    for _ in range(rng.randrange(3, 9)):
        aes.append(
            AdverseEvent(
                d(rng.randrange(0, 60)),
                rng.choice(TERMS),
                rng.randint(1, 4),
                serious=rng.random() < 0.1,
                related=rng.random() < 0.5,
                dlt=rng.random() < 0.02,
            )
        )
    if rng.random() < 0.1:
        aes.append(AdverseEvent(d(rng.randrange(60, 2000)), "Herpes zoster", 3, special_interest=rng.choice(SPECIAL)))

    alive = tuple(d(day) for day in (*PK_DAYS, *B_DAYS[9:]) if day <= end)
    return SubjectRecord(
        subject_id=f"S{i:05d}",
        site=rng.choice(("01", "02", "03")),
        dose_level=level,
        infusion_date=infusion,
        events=tuple(events),
        results=tuple(results),
        adverse_events=tuple(aes),
        alive_dates=alive,
    )


def make_cohort(n: int, seed: int = 1) -> list[SubjectRecord]:
    """`n` subjects infused between 2012 and 2025 (use an as-of date in 2026)."""
    rng = random.Random(seed)
    return [make_subject(rng, i, date(2012, 1, 1), 365 * 13) for i in range(n)]


if __name__ == "__main__":  # pragma: no cover - a timing aid, not a test
    import json
    import time

    from ltfu.analysis import compute_endpoints

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    t0 = time.perf_counter()
    cohort = make_cohort(n)
    t1 = time.perf_counter()
    result = compute_endpoints(cohort, date(2026, 6, 30))
    t2 = time.perf_counter()
    text = json.dumps(result.to_dict())
    t3 = time.perf_counter()
    n_results = sum(len(s.results) for s in cohort)
    print(
        f"{n} subjects, {n_results} results: build {t1 - t0:.2f} s, "
        f"compute_endpoints {t2 - t1:.2f} s, to_dict + json {t3 - t2:.2f} s "
        f"({len(text) / 1e6:.1f} MB)"
    )
