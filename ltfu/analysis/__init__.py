"""Pure endpoint statistics (DOMAIN.md section 5): no Qt, no database, no clock.

Every calculation reads a `Cohort`: the subject records as they stood on an as-of
date, later records dropped. `compute_endpoints(subjects, as_of)` computes all of
them; the theme modules (`survival`, `response`, `pk`, `pd`, `bcell`, `safety`, `immuno`)
expose each calculation on its own.
"""

from typing import TYPE_CHECKING

from ltfu.analysis.cohort import Cohort, SubjectAsOf
from ltfu.analysis.records import (
    AdverseEvent,
    Event,
    PackedResults,
    Result,
    ResultNames,
    SubjectRecord,
    dose_level_sort_key,
)
from ltfu.rows import DataProblem

if TYPE_CHECKING:
    from ltfu.analysis.endpoints import Endpoints, compute_endpoints
    from ltfu.analysis.survival import KaplanMeier, kaplan_meier

# The statistics (and scipy beneath them) load on first use: reading the packed records
# (`ltfu check`, an import) needs none of them.
_LAZY = {
    "Endpoints": "ltfu.analysis.endpoints",
    "compute_endpoints": "ltfu.analysis.endpoints",
    "KaplanMeier": "ltfu.analysis.survival",
    "kaplan_meier": "ltfu.analysis.survival",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ltfu.analysis' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)

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
