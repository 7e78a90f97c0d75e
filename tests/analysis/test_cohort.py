"""The cohort as of a date: the same views whatever order the records come in."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ltfu.analysis.cohort import Cohort, _group
from ltfu.analysis.records import Result, SubjectRecord

INFUSION = date(2024, 3, 1)

results = st.lists(
    st.builds(
        Result,
        date=st.integers(-10, 400).map(lambda d: INFUSION + timedelta(days=d)),
        analyte=st.sampled_from(("car_copies", "igg", "rcl", "cd19_b_cells")),
        value=st.floats(0, 1e6, allow_nan=False),
        blq=st.booleans(),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(results, st.integers(0, 420), st.randoms(use_true_random=False))
def test_results_sorted_by_analyte_and_date_give_the_same_view_as_any_order(found, as_of_day, rnd):
    """The loader hands results over in (analyte, date) order and the cohort takes a
    faster path for them; the view must not depend on that."""
    as_of = INFUSION + timedelta(days=as_of_day)
    in_order = sorted(found, key=lambda r: (r.analyte, r.date))  # stable: equal dates keep their order
    shuffled = list(found)
    rnd.shuffle(shuffled)

    def view(items):
        record = SubjectRecord("S1", "BJ01", "DL1", INFUSION, results=tuple(items))
        return Cohort.build([record], as_of).subjects[0]

    fast, general = view(in_order), view(shuffled)
    assert {a: [r.date for r in rs] for a, rs in fast.results.items()} == {
        a: [r.date for r in rs] for a, rs in general.results.items()
    }
    assert all(r.date <= as_of for rs in fast.results.values() for r in rs)
    assert fast.last_known_alive == general.last_known_alive
    # Result for result (equal dates in the order given) what the general grouping gives.
    assert fast.results == _group(tuple(in_order), "analyte", as_of)
