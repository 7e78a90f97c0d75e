"""The desk: all a page, chart or dialog may use of the window, and the change notice.

Pages never see the main window or each other. Each gets the `Desk`: the open
database (`db`, None until opened), `today`, the `runner` for work off the GUI
thread, the sites, who is signed in (`actor`, `may`), `open_subject(study_id)`, and
`changed`, a signal carrying a `Change` that says what was written. Whoever writes
calls `notify(Change.of(...))`; every page and chart listens and reads again when
the change touches what it shows. So a new page needs no edit anywhere else, and a
write does not need to know who shows its data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ltfu.ui.worker import Runner

if TYPE_CHECKING:
    from ltfu.services.users import Actor

# What a write can change. Every write leaves audit entries, so every change touches
# "audit" (added by `Change.of`); "accounts" is the user list; "safety" the safety cases'
# steps and reports; "samples" the archived samples.
KINDS = frozenset(
    {"subjects", "visits", "events", "results", "contacts", "letters", "accounts", "audit", "safety", "samples"}
)
# What the worklist, the subject list and the charts are computed from: a subject's
# status, plan, alerts (the safety cases' among them) and last contact follow from any of these.
CLINICAL = frozenset({"subjects", "visits", "events", "results", "contacts", "safety"})


@dataclass(frozen=True)
class Change:
    """What was written: which `kinds` (from `KINDS`), and of which subjects.

    `subjects` is None when any subject may have changed (an import); otherwise the
    study ids written.
    """

    kinds: frozenset[str]
    subjects: frozenset[str] | None = None

    def __post_init__(self) -> None:
        unknown = self.kinds - KINDS
        if unknown:
            # A misspelt kind would refresh nothing, silently: refuse it where it is written.
            raise ValueError(f"unknown kind of change: {', '.join(sorted(unknown))}")

    @classmethod
    def of(cls, *kinds: str, subjects: Iterable[str] | None = None) -> Change:
        """A change of `kinds` (plus its audit entries), to `subjects` (None: any subject)."""
        return cls(frozenset({*kinds, "audit"}), None if subjects is None else frozenset(subjects))

    def touches(self, kinds: Iterable[str]) -> bool:
        """Whether any of `kinds` changed."""
        return not self.kinds.isdisjoint(kinds)

    def concerns(self, study_id: str) -> bool:
        """Whether `study_id` may have changed."""
        return self.subjects is None or study_id in self.subjects


class LoadsOnDemand:
    """A page that reads its rows the first time it is shown (`shown`) and, once it has,
    again (`reload`) whenever a change notice touches what it shows (`topics`)."""

    topics: Iterable[str] = ()
    has_loaded: bool

    def reload(self) -> None:
        """Read the rows again: by default the page's own `refresh`."""
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def shown(self) -> None:
        if not self.has_loaded:
            self.reload()

    def _changed(self, change: Change) -> None:
        if change.touches(self.topics):
            self.refresh_if_loaded()

    def refresh_if_loaded(self) -> None:
        if self.has_loaded:
            self.reload()


class Desk(QObject):
    """What the window lends its pages. `changed(Change)` after every write.

    The window sets `db`, `sites` and `has_accounts` when it opens a database, and
    `studies` (the protocol ids: `studies_changed` when they change, e.g. a protocol added);
    the subject list sets `study_ids` and `search_keys` (each id's lowercase id and
    names, as the subject search matches them) when it has read them: the reports page
    offers the ids as completions and finds a subject from part of its id or name.
    """

    changed = Signal(object)
    studies_changed = Signal()

    def __init__(
        self,
        today: dt.date,
        runner: Runner,
        open_subject: Callable[[str], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db: Any = None
        self.today = today
        self.runner = runner
        self.sites: tuple[str, ...] = ()
        self.studies: tuple[str, ...] = ()
        self.has_accounts = False
        self.study_ids: tuple[str, ...] = ()
        self.search_keys: tuple[tuple[str, str], ...] = ()
        # Set by Settings > reset layouts: no window saves its layout on close.
        self.layouts_forgotten = False
        self._open_subject = open_subject

    def set_studies(self, studies: tuple[str, ...]) -> None:
        """The database's studies; the pages show a study column and selector from two on."""
        if studies != self.studies:
            self.studies = studies
            self.studies_changed.emit()

    @property
    def several_studies(self) -> bool:
        return len(self.studies) > 1

    @property
    def actor(self) -> Actor | None:
        """Who is signed in (None: nobody, or set-up mode)."""
        return self.db.actor if self.db is not None else None

    def may(self, *permissions: str) -> bool:
        """Whether the person at the keyboard holds every one of `permissions`.

        Set-up mode (a database without accounts) may do everything, as the services allow.
        """
        actor = self.actor
        return actor is None or all(actor.may(p) for p in permissions)

    def open_subject(self, study_id: str) -> Any:
        """Open (or bring forward) the chart of `study_id`; returns the chart window."""
        return self._open_subject(study_id)

    def notify(self, change: Change) -> None:
        """Something was written: every page and chart showing it reads again."""
        self.changed.emit(change)
