"""The tables derived from the results, kept in step by every write of a result.

Two: the stored safety alerts (`alerts`) the worklist reads, and the packed results
(`packs`) the endpoints read. A service that writes results calls `results_added`
with the rows it wrote; one that writes many at once without them (a demo build,
an archive restore, an upgrade) calls `rebuild`. `ltfu check` compares both with
the results (`out_of_step`) and `ltfu check --rebuild-derived` rebuilds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, cast

from sqlalchemy.orm import Session

from ltfu.services import alerts, packs


def results_added(session: Session, rows: Sequence[Mapping[str, object]]) -> None:
    """After inserting result rows (dicts of the result table's columns, with ids)."""
    alerts.refresh(session, {cast(int, r["subject_id"]) for r in rows if r["analyte"] in alerts.ALERT_ANALYTES})
    packs.merge(session, rows)


class Added(NamedTuple):
    """What new rows change in the derived tables, made without the database (`columns_added`)."""

    alert_kinds: dict[str, set[int]]  # `alerts.kinds_added`
    packed: packs.Fresh | None  # `packs.fresh_rows`


def columns_added(columns: Mapping[str, Sequence[object]]) -> Added:
    """What `result_columns_added` of these rows derives from them alone (pure: a writer
    may make it while the rows are being written)."""
    subject_ids = cast(Sequence[int], columns["subject_id"])
    return Added(alerts.kinds_added(subject_ids, columns["analyte"], columns["category"]), packs.fresh_rows(columns))


def result_columns_added(session: Session, columns: Mapping[str, Sequence[object]], added: Added | None = None) -> None:
    """`results_added` of rows given column by column (name -> every row's value, "id",
    "subject_id", "analyte", "category" and the other columns `packs.merge` reads among
    them); only the kinds of alert they can change are derived again (`alerts.refresh_added`).
    `added`: their `columns_added`, when made already."""
    added = added or columns_added(columns)
    alerts.refresh_added(session, added.alert_kinds)
    packs.merge_fresh(session, added.packed)


def results_changed(session: Session, subject_ids: Sequence[int]) -> None:
    """After changing stored results of these subjects."""
    alerts.refresh(session, set(subject_ids))
    packs.rebuild(session, subject_ids)


def rebuild(session: Session) -> dict[str, int]:
    """Everything derived, again from the results: rows stored per table."""
    return {"safety_alert": alerts.refresh(session), "result_pack": packs.rebuild(session)}


def out_of_step(
    session: Session,
    packed: packs.Expected | None = None,
    packs_found: tuple[str, ...] | None = None,
    alerts_found: tuple[str, ...] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Study ids whose derived rows differ from their results, per table (empty when in step).

    A result the file holds in a form no write of this program stores (a date that is
    not a date, text for a number: an edit made outside it) cannot be recomputed: the
    table is then out of step, saying so, rather than the check ending in a traceback.
    `packed`: the packs the whole result table calls for, packed as it was read already;
    `packs_found`: the packs compared already (`packs_out_of_step`, by another process);
    `alerts_found`: the stored alerts compared already (`alerts_out_of_step`).
    """
    found = {
        "safety_alert": alerts_found if alerts_found is not None else alerts_out_of_step(session),
        "result_pack": packs_found if packs_found is not None else packs_out_of_step(session, packed),
    }
    return {table: ids for table, ids in found.items() if ids}


def alerts_out_of_step(session: Session) -> tuple[str, ...]:
    """`out_of_step` of the stored safety alerts alone."""
    return _verdict(alerts.out_of_step, session)


def packs_out_of_step(session: Session, packed: packs.Expected | None = None) -> tuple[str, ...]:
    """`out_of_step` of the result packs alone."""
    return _verdict(lambda s: packs.out_of_step(s, packed), session)


def _verdict(compare: Callable[[Session], tuple[str, ...]], session: Session) -> tuple[str, ...]:
    try:
        return compare(session)
    except (ValueError, TypeError, OverflowError) as exc:
        return (f"none: a stored result cannot be read ({exc})",)
