"""Fixtures of the report tests (sample content lives in report_samples.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def texts_copy(tmp_path):
    """A site's own copy of the shipped text files, to edit in a test."""
    from ltfu.reports.texts import default_folder

    folder = tmp_path / "letters"
    folder.mkdir()
    for language in ("en", "zh"):
        (folder / f"{language}.toml").write_bytes(default_folder().joinpath(f"{language}.toml").read_bytes())
    return folder
