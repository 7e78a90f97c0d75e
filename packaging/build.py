"""Build a self-contained folder of ltfu that runs without Python: ``dist/ltfu/``.

    python packaging/build.py            (or ./run build on Linux and macOS)

PyInstaller freezes the interpreter, Qt and every library the program imports into
one folder, and this script adds what the program reads from files at run time:
the fonts, letter texts and protocol files (``ltfu/resources``), the window's
translations (``ltfu/ui/i18n/*.qm``; Qt's own come with PyInstaller's PySide6 hook)
and the Alembic migration scripts, which Alembic reads as files. The same command
works on Windows and macOS; a folder must be built on the system it is for.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"


def arguments() -> list[str]:
    separator = ";" if sys.platform == "win32" else ":"

    def data(folder: str) -> str:
        return f"{ROOT / 'ltfu' / folder}{separator}ltfu/{folder}"

    return [
        str(ROOT / "packaging" / "ltfu_main.py"),
        "--name=ltfu",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={ROOT / 'build' / 'pyinstaller'}",
        f"--specpath={ROOT / 'build'}",
        f"--paths={ROOT}",
        # Every module of the program, also those imported only inside functions.
        "--collect-submodules=ltfu",
        # The database drivers SQLAlchemy loads by name from the URL (a shared site server).
        "--hidden-import=sqlalchemy.dialects.sqlite.pysqlite",
        "--hidden-import=sqlalchemy.dialects.postgresql.psycopg",
        "--hidden-import=_rl_accel",  # reportlab imports it inside exec(): not seen by the analysis
        "--collect-submodules=psycopg",  # its C speed-ups come with PyInstaller's psycopg hook
        f"--add-data={data('resources')}",
        f"--add-data={data('ui/i18n')}",
        f"--add-data={data('db/migrations')}",
        # Only the tests use these; nothing of the program imports them.
        *(f"--exclude-module={name}" for name in ("pytest", "hypothesis", "lifelines", "mypy", "tkinter")),
    ]


def main() -> int:
    try:
        import PyInstaller.__main__
    except ImportError:
        print("PyInstaller is missing: pip install -e '.[build]'", file=sys.stderr)
        return 1
    PyInstaller.__main__.run(arguments())
    print(f"built {DIST / 'ltfu'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
