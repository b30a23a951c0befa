"""A team server as the README sets it up: an owner role creates and upgrades the tables
(`briefapp init`), analysts read and write reports and briefings, readers only read."""

from __future__ import annotations

import psycopg
import pytest

from briefapp.errors import BriefappError
from briefapp.library import Library
from briefapp.library.pg import schema
from briefapp.models import Briefing, BriefingItem
from tests.conftest import TEXT_FILES, TEXT_SAMPLES

# The grants of the README's "A team library on PostgreSQL", for a database owned by lib_owner.
GRANTS = """
GRANT USAGE ON SCHEMA public TO lib_analysts, lib_readers;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO lib_readers;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lib_analysts;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO lib_analysts;
ALTER DEFAULT PRIVILEGES FOR ROLE lib_owner IN SCHEMA public
    GRANT SELECT ON TABLES TO lib_readers;
ALTER DEFAULT PRIVILEGES FOR ROLE lib_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lib_analysts;
ALTER DEFAULT PRIVILEGES FOR ROLE lib_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO lib_analysts
"""


@pytest.fixture(scope="module")
def team(pg_server):
    """Addresses of one database for its owner, an analyst and a reader."""
    admin = pg_server.url()
    with psycopg.connect(admin, autocommit=True) as conn:
        for sql in (
            "CREATE ROLE lib_owner LOGIN",
            "CREATE ROLE lib_analysts NOLOGIN",
            "CREATE ROLE lib_readers NOLOGIN",
            "CREATE ROLE lib_alice LOGIN IN ROLE lib_analysts",
            "CREATE ROLE lib_bob LOGIN IN ROLE lib_readers",
            "CREATE DATABASE team OWNER lib_owner",
        ):
            conn.execute(sql)
    host = admin.split("@", 1)[1].rsplit("/", 1)[0]
    urls = {who: f"postgresql://{who}@{host}/team" for who in ("lib_owner", "lib_alice", "lib_bob")}
    yield urls
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE team WITH (FORCE)")
        for role in ("lib_alice", "lib_bob", "lib_analysts", "lib_readers", "lib_owner"):
            conn.execute(f"DROP ROLE {role}")


def test_only_the_owner_creates_the_tables_and_others_are_told_to_ask(team, cli):
    result = cli("list", library=team["lib_alice"])
    assert result.code == 1 and "briefapp init" in result.err
    result = cli("import", TEXT_SAMPLES / "iso_date.txt", library=team["lib_alice"])
    assert result.code == 1 and "ask the library's owner" in result.err
    assert "init" in result.err
    created = cli("init", "--json", library=team["lib_owner"]).json
    assert created["reports"] == 0 and created["library"].endswith("/team")
    assert cli("init", library=team["lib_owner"]).code == 0  # again: nothing to do


@pytest.fixture
def granted(team, cli):
    """The team's database with its tables and the README's grants."""
    assert cli("init", library=team["lib_owner"]).code == 0
    with psycopg.connect(team["lib_owner"], autocommit=True) as conn:
        for statement in GRANTS.split(";"):
            conn.execute(statement)
    return team


def test_analysts_write_and_readers_only_read(granted):
    team = granted
    with Library(team["lib_alice"]) as alice:
        imported = alice.import_paths(TEXT_FILES[:3])
        assert all(r.status == "imported" for r in imported)
        report = imported[0].report_id
        assert report is not None
        alice.update_report(report, tags=["watch"])
        saved = alice.save_briefing(
            Briefing(title="Cell weekly", items=[BriefingItem("Own", "Analyst text.")])
        )
    with Library(team["lib_bob"]) as bob:
        assert bob.count_reports() >= 3
        assert bob.search("report") is not None
        assert bob.load_briefing(saved.id).title == "Cell weekly"
        with pytest.raises(BriefappError, match="may only read"):
            bob.update_report(report, title="Changed by a reader")
        with pytest.raises(BriefappError, match="may only read"):
            bob.delete_report(report)
        assert bob.get_report(report).title != "Changed by a reader"


def test_a_newer_briefapp_on_an_older_library_asks_the_owner_to_upgrade(granted, cli, monkeypatch):
    team = granted

    def newer_release(conn) -> None:
        conn.execute("CREATE TABLE newer_release_notes (id integer)")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("9999_newer", newer_release)])
    with pytest.raises(BriefappError, match="ask the library's owner to run"):
        Library(team["lib_alice"])
    assert cli("init", library=team["lib_owner"]).code == 0  # the owner upgrades it
    with Library(team["lib_alice"]) as alice:
        assert alice.count_reports() >= 0
