"""The window's own vocabularies match the database's (the window reads them without it)."""

from __future__ import annotations

from ltfu.services import browse
from ltfu.ui.labels import label_codes


def test_subject_statuses_in_the_window_are_the_databases(qapp):
    assert label_codes("subject_status") == tuple(browse.SUBJECT_STATUSES)
