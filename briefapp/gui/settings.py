"""Where window state is remembered: the platform's place, or an INI file in portable mode."""

from __future__ import annotations

from briefapp.gui.qt import QSettings
from briefapp.paths import settings_dir


def app_settings() -> QSettings:
    folder = settings_dir()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        return QSettings(str(folder / "briefapp.ini"), QSettings.Format.IniFormat)
    return QSettings("briefapp", "briefapp")
