"""A team library on a PostgreSQL server, behind the same API as a library folder.

``Library("postgresql://user@host:port/dbname")`` opens one (see ``library.py``): the CLI, the
GUI, briefings and rendering never know which kind they hold. psycopg 3 is the driver; it is
imported only when such an address is opened, so folder libraries start as fast as before.
"""

from briefapp.library.pg.library import PgLibrary

__all__ = ["PgLibrary"]
