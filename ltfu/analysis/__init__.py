"""Pure endpoint statistics (DOMAIN.md section 5): no Qt, no database, no clock.

Every calculation reads a `Cohort`: the subject records as they stood on an as-of
date, later records dropped. `compute_endpoints(subjects, as_of)` computes all of
them; the theme modules (`survival`, `response`, `pk`, `pd`, `bcell`, `safety`, `immuno`)
expose each calculation on its own.
"""

from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.endpoints import Endpoints, compute_endpoints
from ltfu.analysis.records import (
    AdverseEvent,
    Event,
    PackedResults,
    Result,
    ResultNames,
    SubjectRecord,
    dose_level_sort_key,
)
from ltfu.analysis.survival import KaplanMeier, kaplan_meier
from ltfu.rows import DataProblem

__all__ = [
    "AdverseEvent",
    "Cohort",
    "DataProblem",
    "Endpoints",
    "Event",
    "KaplanMeier",
    "PackedResults",
    "Result",
    "ResultNames",
    "SubjectAsOf",
    "SubjectRecord",
    "compute_endpoints",
    "dose_level_sort_key",
    "kaplan_meier",
]
