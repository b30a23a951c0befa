"""The ``briefapp`` command line: a stable contract over the same API as the GUI."""
