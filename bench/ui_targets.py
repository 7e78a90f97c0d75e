"""Which window classes the window benchmarks measure: change the names here.

Each name is "module:attribute"; an environment variable of the same name (e.g.
LTFU_BENCH_SUBJECTS_PROXY=ltfu.ui.subjects_page:SubjectsProxy) overrides it for one
run. The subject-list benchmark types into the subjects page of the main window when
there is one (PAGE_* below name what it uses); without one it drives the model (and
proxy, if any) directly (`load_rows` and `set_filter_text` are the two calls it makes, so a
renamed method is changed in one place).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

TARGETS = {
    # (db, today) -> rows of the subject list
    "LTFU_BENCH_SUBJECT_ROWS": "ltfu.services.browse:subject_rows",
    # the subject list's table model and its filter proxy (empty: the model filters itself)
    "LTFU_BENCH_SUBJECTS_MODEL": "ltfu.ui.models:SubjectsModel",
    "LTFU_BENCH_SUBJECTS_PROXY": "",
    # the table view the pages use (a plain QTableView when it is missing)
    "LTFU_BENCH_TABLE_VIEW": "ltfu.ui.widgets:TableView",
    # the main window: MainWindow(db_url, today=...), .show(), .open_database()
    "LTFU_BENCH_MAIN_WINDOW": "ltfu.ui.main_window:MainWindow",
    # the subjects page, once it exists: found among the window's children by class
    "LTFU_BENCH_SUBJECTS_PAGE": "ltfu.ui.subjects_page:SubjectsPage",
}


# What the subject-list benchmark uses on the subjects page (attribute names).
PAGE_SEARCH = "search"  # the QLineEdit typed into
PAGE_MODEL = "model"  # the source model (rows)
PAGE_REFRESH = "refresh"  # reads the rows again (on a worker thread)
PAGE_LOADED = "loaded"  # signal emitted once the rows are shown


def name(key: str) -> str:
    return os.environ.get(key) or TARGETS[key]


def resolve(key: str, required: bool = True) -> Any:
    """The class or function named by `key`; None when optional and missing (or named "")."""
    if not name(key) and not required:
        return None
    module_name, _, attribute = name(key).partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError):
        if required:
            raise
        return None


def load_rows(model: Any, rows: Any) -> None:
    """Put the subject rows into the model (display texts prepared first when the model does that)."""
    if hasattr(model, "prepare") and hasattr(model, "set_prepared"):
        model.set_prepared(model.prepare(rows))
    else:
        model.set_rows(rows)


def shown_model(model: Any) -> Any:
    """What the view shows: the filter proxy over `model`, or `model` when it filters itself."""
    proxy_class = resolve("LTFU_BENCH_SUBJECTS_PROXY", required=False)
    if proxy_class is None:
        return model
    proxy = proxy_class()
    proxy.setSourceModel(model)
    return proxy


def set_filter_text(proxy: Any, text: str) -> None:
    """What one keystroke in the search field does to the proxy (or the self-filtering model)."""
    if hasattr(proxy, "set_filter"):
        proxy.set_filter(text=text)
    else:
        proxy.setFilterFixedString(text)


def make_view(parent: Any = None) -> Any:
    """The table view, as the pages make it."""
    view_class = resolve("LTFU_BENCH_TABLE_VIEW", required=False)
    if view_class is not None:
        try:
            return view_class("bench_subjects", "Subjects", parent)
        except TypeError:
            pass
    from PySide6.QtWidgets import QTableView

    return QTableView(parent)
