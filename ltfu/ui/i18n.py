"""Languages of the window: English (the source) and Simplified Chinese.

The choice is the QSettings key ``language``: ``system`` (the default: Chinese when
the system's UI language is Chinese), ``en`` or ``zh_CN``. Qt's own strings (OK,
Cancel ...) come from the translations shipped with Qt.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ltfu.vocabulary import LANGUAGE_DECLARATIONS

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parent / "i18n"
# The translated languages are the declared ones with a translation file (`ltfu.vocabulary`).
TRANSLATED = tuple(language.qt for language in LANGUAGE_DECLARATIONS if language.qt)
CHOICES = ("system", "en", *TRANSLATED)
SETTING = "language"

_installed: list[QTranslator] = []
_active: str | None = None


def chosen() -> str:
    value = QSettings().value(SETTING, "system")
    return value if value in CHOICES else "system"


def set_choice(choice: str) -> None:
    if choice not in CHOICES:
        raise ValueError(f"language {choice!r} is not one of {', '.join(CHOICES)}")
    QSettings().setValue(SETTING, choice)


def resolve(choice: str) -> str:
    """The language to load for a choice: ``en`` or ``zh_CN`` (``system``: the system's UI language)."""
    if choice != "system":
        return choice
    for name in QLocale.system().uiLanguages():
        for language in LANGUAGE_DECLARATIONS:
            if language.qt and name.replace("-", "_").lower().startswith(language.code):
                return language.qt
    return "en"


def active() -> str | None:
    """The language installed now (None before `install`)."""
    return _active


def install(choice: str | None = None) -> str:
    """Install the translators for `choice` (default: the saved setting); returns the language.

    Replaces whatever was installed before; widgets made afterwards use the new language.
    """
    global _active
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve(choice or chosen())
    if language != "en":
        ours = QTranslator(app)
        if ours.load(str(FOLDER / f"ltfu_{language}.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("no translation file for %s; the window stays in English", language)
        qt_own = QTranslator(app)
        if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    from ltfu.ui import labels

    labels.clear_cache()
    _active = language
    return language


def ensure_installed() -> str:
    """Install the saved choice unless a language is installed already."""
    return _active if _active is not None else install()
