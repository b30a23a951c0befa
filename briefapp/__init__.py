"""briefapp: a local report library and branded PDF briefings for analysts."""

__version__ = "0.1.0"
