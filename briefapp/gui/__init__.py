"""The desktop workstation: a thin Qt layer over the Qt-free core (library, briefing, render).

Every PySide6 import goes through :mod:`briefapp.gui.qt`; long work goes through
:mod:`briefapp.gui.operations`.
"""
