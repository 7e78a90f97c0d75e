"""Where things live and the settings a site may change.

Paths come from `platformdirs` so the embedded database sits where each platform
keeps user data (``~/.local/share/ltfu`` on Linux). Nothing here touches Qt or the
database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "ltfu"
DB_ENV = "LTFU_DB"
DB_FILE_NAME = "ltfu.sqlite3"


def data_dir() -> Path:
    """The per-user data folder (created on demand)."""
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = user_log_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The database to use when none is given: ``LTFU_DB`` or the embedded file."""
    return os.environ.get(DB_ENV) or f"sqlite:///{data_dir() / DB_FILE_NAME}"


def resolve_db_url(url_or_path: str | None) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as a SQLite file)."""
    if not url_or_path:
        return default_db_url()
    if "://" in url_or_path:
        return url_or_path
    return f"sqlite:///{Path(url_or_path).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database or in-memory."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


@dataclass(frozen=True)
class BackupPolicy:
    """Rotating backups kept beside the database file."""

    keep_days: int = 14
    folder_name: str = "backups"
