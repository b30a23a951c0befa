"""Before Qt starts on Linux: is there a display, and are the system libraries of Qt's xcb
plugin installed? Missing ones would otherwise end in Qt's cryptic "could not load the Qt
platform plugin" abort."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# soname -> Debian/Ubuntu package
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
        return True
    except OSError:
        return False


def missing_xcb_libraries(loadable: Callable[[str], bool] = _loadable) -> list[str]:
    """Sonames Qt's xcb plugin needs that cannot be loaded."""
    return [name for name in XCB_LIBRARIES if not loadable(name)]


def platform_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    loadable: Callable[[str], bool] = _loadable,
) -> str | None:
    """A message for the user when the GUI cannot start on this display, else None."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    wayland = env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland"
    if not env.get("DISPLAY"):
        if wayland:
            return None
        return (
            "briefapp: no display available (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "Run it in a desktop session, or over SSH with X forwarding (ssh -X), or use the"
            " command line (briefapp --help)."
        )
    if wayland:
        return None
    missing = missing_xcb_libraries(loadable)
    if not missing:
        return None
    packages = " ".join(XCB_LIBRARIES.values())
    return (
        "briefapp: the window cannot open because system libraries Qt needs for X11 are missing:\n"
        f"  {', '.join(missing)}\n"
        "On Debian or Ubuntu install them with:\n"
        f"  sudo apt-get install {packages}\n"
        "(other distributions ship them as xcb-util-cursor, libxkbcommon-x11, xcb-util-wm,"
        " xcb-util-keysyms, xcb-util-image, xcb-util-renderutil, libglvnd)."
    )
