"""The steps a long report reports its progress by.

A service calls `progress(fraction, step)` with a `ReportStep`, never a sentence: the
window shows each step in its own language (`ltfu.ui.reports_page.progress_text`), and
a test there checks that every step has its words. Light on purpose: the window imports
it at start-up, before the statistics behind the reports are loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class ReportStep(StrEnum):
    """Where the annual report is (in order)."""

    READING = "reading"
    COUNTING = "counting"
    HASHING = "hashing"
    ENDPOINTS = "endpoints"
    TABLES = "tables"
    LAYOUT = "layout"
    DONE = "done"


Progress = Callable[[float, ReportStep], None]
"""`progress(fraction done, step)`; called on the thread doing the work."""
