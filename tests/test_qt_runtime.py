"""The Qt build in use does not leak references to None (PySide6 6.12.0 on Python 3.11 did).

Each leaked reference brings Python closer to "Fatal Python error: none_dealloc": a
window used for an hour would abort. pyproject.toml excludes that release; this
test fails if it comes back.
"""

from __future__ import annotations

import sys


def test_void_qt_calls_do_not_drop_references_to_none(qapp):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50
