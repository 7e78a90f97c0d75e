"""Results handed over as packed rows (what the database loader gives the analysis): the
same results, the same cohort views, as a tuple of `Result`s."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltfu.analysis.cohort import Cohort
from ltfu.analysis.records import PackedResults, Result, ResultNames, SubjectRecord

INFUSION = date(2024, 3, 1)
ANALYTES = ("car_copies", "cd19_b_cells", "igg", "rcl")
UNITS = ("copies/ug", "cells/uL", "g/L", "")
CATEGORIES = (None, "negative", "positive")
NAMES = ResultNames.of(ANALYTES, CATEGORIES, UNITS)
ROW = np.dtype(
    [
        ("id", "<i8"),
        ("day", "<i4"),
        ("analyte", "u1"),
        ("category", "u1"),
        ("blq", "u1"),
        ("value", "<f8"),
        ("lloq", "<f8"),
    ]
)

rows = st.lists(
    st.tuples(
        st.integers(-10, 400),  # study day
        st.integers(0, len(ANALYTES) - 1),
        st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
        st.booleans(),
    ),
    max_size=40,
)


def packed(found: list[tuple[int, int, float | None, bool]]) -> tuple[PackedResults, tuple[Result, ...]]:
    """The same results packed and as tuples."""
    data = np.zeros(len(found), dtype=ROW)
    made = []
    for i, (day, code, value, blq) in enumerate(found):
        when = INFUSION + timedelta(days=day)
        category = 1 if ANALYTES[code] == "rcl" else 0
        lloq = value if blq else None
        data[i] = (
            i + 1,
            when.toordinal(),
            code,
            category,
            blq,
            np.nan if value is None else value,
            np.nan if lloq is None else lloq,
        )
        made.append(Result(when, ANALYTES[code], value, CATEGORIES[category], UNITS[code], blq, lloq))
    return PackedResults(data, NAMES), tuple(made)


@settings(max_examples=150, deadline=None)
@given(rows, st.integers(0, 420), st.booleans())
def test_packed_results_give_the_same_view_as_the_results_themselves(found, as_of_day, in_order):
    if in_order:  # as the packs keep them
        found = sorted(found, key=lambda r: (r[1], r[0]))
    results, expected = packed(found)
    as_of = INFUSION + timedelta(days=as_of_day)
    assert results == expected and list(results) == list(expected) and len(results) == len(expected)

    def view(items):
        return Cohort.build([SubjectRecord("S1", "BJ01", "DL1", INFUSION, results=items)], as_of).subjects[0]

    fast, plain = view(results), view(expected)
    assert fast.results == plain.results
    assert list(fast.results) == list(plain.results)  # the analytes in the same order
    assert fast.last_known_alive == plain.last_known_alive


def test_packed_results_index_and_slice_as_a_tuple_does():
    results, expected = packed([(1, 0, 5.0, False), (2, 2, None, False), (3, 3, None, False), (4, 1, 0.5, True)])
    assert results[0] == expected[0] and results[-1] == expected[-1]
    assert results[1:3] == expected[1:3] and isinstance(results[1:3], PackedResults)
    assert results[-1].blq is True and results[-1].lloq == 0.5 and results[1].value is None
    assert results[2].category == "negative" and results[0].unit == "copies/ug"
    with pytest.raises(IndexError):
        results[4]
    assert hash(results) == hash(expected)


@settings(max_examples=100, deadline=None)
@given(rows, rows, st.integers(0, 420))
def test_slices_sharing_one_arrays_columns_read_as_packed_results_of_their_own(first, second, as_of_day):
    """Several subjects' results unpacked from one array (`PackedResults.sharing`, as the
    loader hands them over) read as each subject's rows packed alone."""
    first = sorted(first, key=lambda r: (r[1], r[0]))
    second = sorted(second, key=lambda r: (r[1], r[0]))
    alone = [packed(first)[0], packed(second)[0]]
    data = np.concatenate([alone[0].rows, alone[1].rows])
    shared = PackedResults.sharing(data, NAMES, [(0, len(first)), (len(first), len(data))])
    as_of = INFUSION + timedelta(days=as_of_day)
    day0 = INFUSION.toordinal()
    for mine, theirs in zip(shared, alone, strict=True):
        assert mine == theirs and list(mine) == list(theirs)
        assert mine.study_days(day0) == theirs.study_days(day0)
        assert mine.dated_values() == theirs.dated_values()
        if len(theirs):
            assert mine.last_date() == theirs.last_date()
        groups, expected = mine.by_analyte(as_of), theirs.by_analyte(as_of)
        assert groups == expected and (groups is None or list(groups) == list(expected))
        for name, group in (groups or {}).items():
            assert group.study_days(day0) == expected[name].study_days(day0)
            assert group.dated_values() == expected[name].dated_values()
            assert group.last_date() == expected[name].last_date()
            assert group[1:] == expected[name][1:] and group[1:].study_days(day0) == expected[name][1:].study_days(day0)


@settings(max_examples=100, deadline=None)
@given(st.lists(rows, min_size=1, max_size=4), st.lists(st.booleans(), min_size=4, max_size=4), st.integers(0, 420))
def test_a_cohort_of_subjects_sharing_one_array_is_the_cohort_of_their_results(found, in_order, as_of_day):
    """`Cohort.build` groups the parts of one array in one pass (`grouped_by_analyte`):
    the same views as of each subject's results as tuples, a part out of order (or
    empty) included."""
    parts = [sorted(f, key=lambda r: (r[1], r[0])) if keep else f for f, keep in zip(found, in_order, strict=False)]
    alone = [packed(p) for p in parts]
    data = np.concatenate([results.rows for results, _ in alone])
    bounds, start = [], 0
    for results, _ in alone:
        bounds.append((start, start + len(results)))
        start += len(results)
    shared = PackedResults.sharing(data, NAMES, bounds)
    as_of = INFUSION + timedelta(days=as_of_day)

    def cohort(results):
        return Cohort.build(
            [SubjectRecord(f"S{n}", "BJ01", "DL1", INFUSION, results=r) for n, r in enumerate(results)], as_of
        )

    fast, plain = cohort(shared), cohort([expected for _, expected in alone])
    for mine, theirs in zip(fast.subjects, plain.subjects, strict=True):
        assert mine.results == theirs.results and list(mine.results) == list(theirs.results)
        assert mine.last_known_alive == theirs.last_known_alive


PD_NAMES = ResultNames.of(("car_copies", "crp", "il6"), (None,), ("copies/ug", "mg/L", "pg/mL"))
samples = st.lists(
    st.tuples(
        st.integers(-40, 60),  # study day: replicates of a day are likely
        st.integers(0, 2),  # analyte code
        st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.5, 1e-05]), st.floats(0, 1e4)),
        st.booleans(),  # BLQ
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(samples, min_size=1, max_size=5), st.integers(0, 60), st.sampled_from([28, 1, 7]))
def test_pk_and_pd_of_packed_results_are_those_of_the_results_themselves(subjects, as_of_day, end_day):
    """PK and PD of packed results (columns shared by several subjects, replicates of a
    day, BLQ and missing values): the same parameters, to the bit, as of the `Result`s."""
    _assert_pk_and_pd_as_of_results(subjects, as_of_day, end_day, split=len(subjects), order="as given")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(samples, min_size=2, max_size=6),
    st.integers(0, 60),
    st.sampled_from([28, 7]),
    st.integers(1, 5),
    st.sampled_from(["as given", "reversed", "interleaved"]),
)
def test_pk_and_pd_of_subjects_unpacked_from_several_arrays(subjects, as_of_day, end_day, split, order):
    """The loader unpacks the packs a thousand subjects at a time: subjects from two
    arrays, in an order other than the arrays', mixed with subjects whose results are
    `Result`s, give the same PK and PD parameters, in the same order."""
    _assert_pk_and_pd_as_of_results(subjects, as_of_day, end_day, split=min(split, len(subjects) - 1), order=order)


def _assert_pk_and_pd_as_of_results(subjects, as_of_day, end_day, *, split, order):
    """Subjects [0, split) share one array, the rest another; every third of the second
    array's subjects hands over its results as `Result`s; `order`: of the views, the
    subjects' order, the opposite, or every other subject then the rest."""
    from ltfu.analysis.pd import pd_analysis
    from ltfu.analysis.pk import pk_analysis

    found = []
    for n, points in enumerate(subjects):
        infusion = INFUSION + timedelta(days=n)
        data = np.zeros(len(points), dtype=ROW)
        for i, (day, code, value, blq) in enumerate(sorted(points, key=lambda p: (p[1], p[0]))):
            value = 0.0 if blq and value is None else value
            data[i] = (
                i + 1,
                (infusion + timedelta(days=day)).toordinal(),
                code,
                0,
                blq,
                np.nan if value is None else value,
                0.5 if blq else np.nan,
            )
        found.append((infusion, data))
    shared = []
    for part in (found[:split], found[split:]):
        bounds, start = [], 0
        for _, data in part:
            bounds.append((start, start + len(data)))
            start += len(data)
        if part:
            shared += PackedResults.sharing(np.concatenate([d for _, d in part]), PD_NAMES, bounds)
    fast = [
        SubjectRecord(
            f"S{n}", "BJ01", f"DL{n % 2}", infusion, results=tuple(r) if n > split and n % 3 == 0 else r
        )
        for n, ((infusion, _), r) in enumerate(zip(found, shared, strict=True))
    ]
    if order == "reversed":
        fast.reverse()
    elif order == "interleaved":
        fast = fast[::2] + fast[1::2]
    plain = [SubjectRecord(r.subject_id, r.site, r.dose_level, r.infusion_date, results=tuple(r.results)) for r in fast]
    as_of = INFUSION + timedelta(days=as_of_day + 40)
    packed_cohort, plain_cohort = Cohort.build(fast, as_of), Cohort.build(plain, as_of)
    assert pd_analysis(packed_cohort, ("crp", "il6"), end_day=end_day) == pd_analysis(
        plain_cohort, ("crp", "il6"), end_day=end_day
    )
    assert pk_analysis(packed_cohort, ("car_copies",)) == pk_analysis(plain_cohort, ("car_copies",))


IMMUNO_NAMES = ResultNames.of(
    ("cd19_b_cells", "hama", "igg", "rcl"), (None, "negative", "positive", "indeterminate", "archived"), ("", "", "", "")
)
immuno_rows = st.lists(
    st.tuples(
        st.integers(-30, 400),  # study day
        st.integers(0, 3),  # analyte code
        st.one_of(st.none(), st.sampled_from([0.0, 50.0, 150.0, 3.0, 5.0])),
        st.booleans(),  # BLQ
        st.integers(1, 4),  # category code (RCL, HAMA)
    ),
    max_size=25,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(immuno_rows, min_size=1, max_size=4), st.integers(0, 420))
def test_b_cells_rcl_and_hama_of_packed_results_are_those_of_the_results_themselves(subjects, as_of_day):
    """B-cell courses, RCL and HAMA read packed results a column at a time
    (`packed_columns`): the same analyses as of the `Result`s."""
    _assert_immunology_as_of_results(subjects, as_of_day, split=len(subjects), order="as given")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(immuno_rows, min_size=2, max_size=6),
    st.integers(0, 420),
    st.integers(1, 5),
    st.sampled_from(["as given", "reversed", "interleaved"]),
)
def test_b_cells_rcl_and_hama_of_subjects_unpacked_from_several_arrays(subjects, as_of_day, split, order):
    """Subjects from two arrays, in an order other than the arrays', mixed with subjects
    whose results are `Result`s: the same analyses, in the same order."""
    _assert_immunology_as_of_results(subjects, as_of_day, split=min(split, len(subjects) - 1), order=order)


def _assert_immunology_as_of_results(subjects, as_of_day, *, split, order):
    """As `_assert_pk_and_pd_as_of_results`, for B cells, RCL and HAMA."""
    from ltfu.analysis.bcell import b_cell_analysis
    from ltfu.analysis.immuno import hama_analysis, rcl_analysis

    arrays = []
    for points in subjects:
        data = np.zeros(len(points), dtype=ROW)
        for i, (day, code, value, blq, category) in enumerate(sorted(points, key=lambda p: (p[1], p[0]))):
            categorical = code in (1, 3)
            data[i] = (
                i + 1,
                (INFUSION + timedelta(days=day)).toordinal(),
                code,
                category if categorical else 0,
                blq and not categorical,
                np.nan if categorical or value is None else value,
                0.5 if blq and not categorical else np.nan,
            )
        arrays.append(data)
    shared = []
    for part in (arrays[:split], arrays[split:]):
        bounds, start = [], 0
        for data in part:
            bounds.append((start, start + len(data)))
            start += len(data)
        if part:
            shared += PackedResults.sharing(np.concatenate(part), IMMUNO_NAMES, bounds)
    fast = [
        SubjectRecord(f"S{n}", "BJ01", f"DL{n % 2}", INFUSION, results=tuple(r) if n > split and n % 3 == 0 else r)
        for n, r in enumerate(shared)
    ]
    if order == "reversed":
        fast.reverse()
    elif order == "interleaved":
        fast = fast[::2] + fast[1::2]
    plain = [SubjectRecord(r.subject_id, r.site, r.dose_level, r.infusion_date, results=tuple(r.results)) for r in fast]
    as_of = INFUSION + timedelta(days=as_of_day)
    packed_cohort, plain_cohort = Cohort.build(fast, as_of), Cohort.build(plain, as_of)
    assert b_cell_analysis(packed_cohort) == b_cell_analysis(plain_cohort)
    assert rcl_analysis(packed_cohort) == rcl_analysis(plain_cohort)
    assert hama_analysis(packed_cohort) == hama_analysis(plain_cohort)


def test_b_cells_with_counts_above_the_threshold_three_times_running_and_aplastic_again():
    """Recovery at the first of several pairs of counts above the threshold; the last
    aplastic count before it; the latest IgG of several."""
    cd19, igg = 0, 2
    course = [(day, cd19, value, False, 1) for day, value in ((10, 50.0), (20, 150.0), (30, 150.0), (40, 150.0))]
    course += [(50, cd19, 3.0, False, 1), (60, cd19, 150.0, False, 1), (70, cd19, 150.0, False, 1)]
    course += [(day, igg, value, False, 1) for day, value in ((0, 5.0), (30, 3.0), (60, 5.0), (90, 3.0))]
    aplastic = [(day, cd19, value, False, 1) for day, value in ((5, 0.0), (15, 50.0), (25, 3.0))]
    aplastic += [(40, cd19, 150.0, True, 1), (45, cd19, 150.0, False, 1), (50, igg, 5.0, False, 1)]
    for order in ("as given", "reversed", "interleaved"):
        _assert_immunology_as_of_results([course, aplastic, course, aplastic], 400, split=2, order=order)
