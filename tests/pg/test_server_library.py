"""What only a server library does: choose it by address, keep passwords out of it, share it
between programs (one report per file, briefing conflicts), survive a lost connection, copy a
whole library to and from a folder."""

from __future__ import annotations

import threading

import pytest

from briefapp.errors import BriefappError, Conflict, NotFound
from briefapp.library import Library
from briefapp.library.filters import ReportFilter
from briefapp.models import Briefing, BriefingItem, Judgement
from tests.conftest import TEXT_FILES, TEXT_SAMPLES


@pytest.fixture
def url(pg_server):
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


def test_the_server_library_offers_every_method_of_the_folder_library():
    import re
    from inspect import getsource, signature

    from briefapp.library.pg import PgLibrary

    # Each facade method is written once, in Library, and calls a role module through an
    # attribute (self._reports...) that PgLibrary points at its own module: every function
    # so called must be there too, with the same parameters after the store.
    inherited = [f for n, f in vars(Library).items() if callable(f) and n not in vars(PgLibrary)]
    calls = {c for f in inherited for c in re.findall(r"self\.(_[a-z]+)\.(\w+)\(", getsource(f))}
    assert ("_reports", "get_report") in calls and ("_trash", "unavailable") in calls
    for role, name in sorted(calls):
        folder, server = getattr(Library, role), getattr(PgLibrary, role)
        assert server is not folder, f"PgLibrary does not name its own {role} module"
        assert hasattr(server, name), f"{server.__name__} lacks {name}"
        wanted = list(signature(getattr(folder, name)).parameters)[1:]
        offered = list(signature(getattr(server, name)).parameters)[1:]
        assert offered == wanted, f"{server.__name__}.{name} takes {offered}, not {wanted}"
    # (the folder library's Importer object has no counterpart on the server, whose importer
    # is functions of the store, so PgLibrary writes these out; backups differ altogether)
    assert {"import_paths", "import_bytes", "backup"} <= set(vars(PgLibrary))


def test_an_address_opens_a_server_library_and_a_folder_stays_a_folder(url, tmp_path, monkeypatch):
    from briefapp.paths import default_library_dir

    assert default_library_dir(url) == url
    monkeypatch.setenv("BRIEFAPP_LIBRARY", url)
    assert default_library_dir(None) == url
    assert default_library_dir(tmp_path / "lib") == tmp_path / "lib"
    with Library(url) as lib:
        assert type(lib).__name__ == "PgLibrary" and lib.count_reports() == 0
        assert not str(lib.folder).startswith("postgresql")


def test_a_password_in_the_address_is_refused(pg_server):
    address = pg_server.url("x").replace("@", ":secret@")
    with pytest.raises(BriefappError, match="pgpass"):
        Library(address)


def test_reading_commands_never_create_a_library_in_an_empty_database(url, cli):
    result = cli("list", library=url)
    assert result.code == 1 and "no library at" in result.err
    assert cli("import", TEXT_SAMPLES / "iso_date.txt", library=url).code == 0
    assert cli("list", "--json", library=url).json[0]["title"]


def test_two_programs_importing_the_same_files_get_one_report_each(url):
    libraries = [Library(url), Library(url)]
    results: list[list] = [[], []]
    start = threading.Barrier(2)

    def run(n: int) -> None:
        start.wait()
        files = TEXT_FILES if n == 0 else list(reversed(TEXT_FILES))
        results[n] = libraries[n].import_paths(files, batch_size=1)

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        first = {r.path: r.report_id for r in results[0]}
        second = {r.path: r.report_id for r in results[1]}
        assert first == second
        statuses = sorted(r.status for r in results[0] + results[1])
        assert statuses.count("imported") == len(TEXT_FILES)
        assert libraries[0].count_reports() == len(TEXT_FILES)
    finally:
        for lib in libraries:
            lib.close()


def test_the_second_of_two_saves_of_one_briefing_is_a_conflict(url):
    with Library(url) as mine, Library(url) as theirs:
        saved = mine.save_briefing(Briefing(title="Weekly"))
        assert saved.version == 1
        a, b = mine.load_briefing(saved.id), theirs.load_briefing(saved.id)
        a.subtitle = "mine"
        mine.save_briefing(a)
        b.subtitle = "theirs"
        with pytest.raises(Conflict, match="saved by someone else"):
            theirs.save_briefing(b)
        assert theirs.load_briefing(saved.id).subtitle == "mine"  # nothing lost
        b.id = None  # save as a copy
        theirs.save_briefing(b)
        reloaded = theirs.load_briefing(saved.id)
        reloaded.subtitle = "theirs, on top of mine"
        assert theirs.save_briefing(reloaded).version == 3
        assert len(mine.list_briefings()) == 2


def test_deleting_a_briefing_someone_else_saved_since_is_a_conflict_and_keeps_it(url):
    with Library(url) as mine, Library(url) as theirs:
        saved = mine.save_briefing(Briefing(title="Port watch"))
        stale = theirs.load_briefing(saved.id)
        newer = mine.load_briefing(saved.id)
        newer.subtitle = "Berth 4 reopened"
        mine.save_briefing(newer)
        with pytest.raises(Conflict, match="was not deleted"):
            theirs.delete_briefing(saved.id, version=stale.version)
        assert theirs.load_briefing(saved.id).subtitle == "Berth 4 reopened"
        theirs.delete_briefing(saved.id, version=theirs.load_briefing(saved.id).version)
        assert mine.list_briefings() == []


def test_a_lost_connection_is_said_in_words_and_the_next_operation_reconnects(url, pg_server):
    import psycopg

    with Library(url) as lib:
        lib.import_paths([TEXT_SAMPLES / "iso_date.txt"])
        pid = lib.store.conn.info.backend_pid
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(BriefappError, match="lost the connection"):
            lib.count_reports()
        assert lib.count_reports() == 1
        # An import whose connection was lost writes its batch again on a new one.
        pid = lib.store.conn.info.backend_pid
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        results = lib.import_paths(TEXT_FILES[:3])
        assert all(r.status in ("imported", "duplicate") for r in results)
        assert lib.check().ok


def test_copy_library_copies_a_folder_to_a_server_and_back(url, cli, tmp_path):
    folder, back = tmp_path / "lib", tmp_path / "back"
    with Library(folder) as lib:
        results = lib.import_paths(TEXT_FILES)
        first = results[0].report_id
        lib.update_report(first, grade="B2", tags=["priority"], countries=["Chad"])
        lib.set_publisher_reliability("Harrowgate Risk", "C")
        lib.save_briefing(
            Briefing(
                title="Weekly",
                scheme="nato",
                judgements=[Judgement("The ferry will reopen.", "likely", "moderate", "NR")],
                items=[BriefingItem("Roads", "The road is open.", marking="NC")],
            )
        )
        lib.save_collection("Chad", ReportFilter(countries=["Chad"]))
        trashed = results[1].report_id
        lib.delete_reports([trashed])
        expected = [(r.id, r.title, r.grade, r.tags, r.countries) for r in lib.list_reports()]
        original = lib.original(first)
    out = cli("copy-library", folder, url, "--json")
    assert out.code == 0, out.err
    assert out.json["counts"]["reports"] == len(TEXT_FILES)
    with Library(url) as server:
        assert [(r.id, r.title, r.grade, r.tags, r.countries) for r in server.list_reports()] == (
            expected
        )
        assert server.original(first) == original
        assert server.search("priority")[0].report_id == first
        assert server.check().ok
        assert server.trash_ids() == [trashed]
        assert [(c.name, c.filters.countries) for c in server.collections()] == [("Chad", ["Chad"])]
        weekly = server.load_briefing(server.list_briefings()[0].id)
        assert (weekly.scheme, weekly.items[0].marking) == ("nato", "NC")
        assert weekly.judgements[0].likelihood == "likely"
        assert server.import_paths([TEXT_FILES[0]])[0].status == "duplicate"
    assert cli("copy-library", url, back).code == 0
    with Library(back) as lib:
        assert [(r.id, r.title, r.grade, r.tags, r.countries) for r in lib.list_reports()] == (
            expected
        )
        assert lib.check().ok and [b.title for b in lib.list_briefings()] == ["Weekly"]
        assert lib.trash_ids() == [trashed] and [c.name for c in lib.collections()] == ["Chad"]
        assert lib.load_briefing(lib.list_briefings()[0].id).items[0].marking == "NC"
    again = cli("copy-library", folder, url)
    assert again.code == 1 and "already holds" in again.err


def test_a_server_library_backs_up_into_a_library_folder(url, tmp_path):
    with Library(url) as lib:
        lib.import_paths(TEXT_FILES)
        result = lib.backup(tmp_path / "backup")
        assert result.reports == len(TEXT_FILES)
        with pytest.raises(BriefappError, match="already there"):
            lib.backup(tmp_path / "backup")
    with Library(tmp_path / "backup", create=False) as copy:
        assert copy.count_reports() == len(TEXT_FILES) and copy.check().ok


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(BriefappError, match="cannot reach the library server"):
        Library("postgresql://nobody@127.0.0.1:1/none")


def test_unknown_reports_and_briefings_are_not_found(url):
    with Library(url) as lib:
        with pytest.raises(NotFound):
            lib.get_report(5)
        with pytest.raises(NotFound):
            lib.load_briefing(5)


def test_search_finds_rare_and_common_words_and_leaves_the_planner_as_it_was(url):
    from briefapp.library import HIT_END, HIT_START
    from briefapp.library.pg.importer import refresh_statistics

    # A word in every section is found walking the newest sections, a rare one from the
    # index's bitmap (search._candidates_by_index); both must find the same kind of hits.
    with Library(url) as lib:
        for n in range(6):
            rare = " The ferry at Kalundo carried salt." if n == 2 else ""
            text = (
                f"Harbour note {n}\n\nSummary\nHarbour traffic rose again this week.{rare}\n\n"
                "Outlook\nHarbour fees may rise before the rains."
            )
            assert lib.import_bytes(text.encode(), f"note-{n}.txt").status == "imported"
        refresh_statistics(lib.store)  # (the planner knows "harbour" is everywhere)
        common = lib.search("harbour", limit=50)
        assert len(common) == 12 and all(HIT_START in hit.snippet for hit in common)
        (hit,) = lib.search("kalundo")
        assert hit.title == "Harbour note 2"
        assert f"{HIT_START}Kalundo{HIT_END}" in hit.snippet
        assert lib.search("harbour", filters=ReportFilter(text="!!!")) == []
        with lib.store.write() as conn:
            lib.search("kalundo")
            settings = conn.execute(
                "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan'),"
                " current_setting('max_parallel_workers_per_gather')"
            ).fetchone()
            assert settings[:2] == ("on", "on") and settings[2] != "0"


def test_a_library_from_before_the_vocabulary_is_upgraded_and_finds_word_forms(url, monkeypatch):
    from briefapp.library.pg import schema

    names = [name for name, _ in schema.MIGRATIONS]
    older = names.index("0005_one_vector_and_a_vocabulary")
    full = schema.MIGRATIONS
    monkeypatch.setattr(schema, "MIGRATIONS", full[:older])
    with Library(url) as lib:
        found = lib.import_bytes(
            b"Harbour Robberies\n\nExecutive Summary\nTwo robberies shut the port.\n", "r.txt"
        )
        assert found.status == "imported"
    monkeypatch.setattr(schema, "MIGRATIONS", full)
    with Library(url) as lib:
        assert [h.report_id for h in lib.search("robbery")] == [found.report_id]
        with lib.store.read() as conn:
            columns = {
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'sections'"
                )
            }
            assert "tsv_stem" not in columns and "tsv_exact" in columns
            words = {r[0] for r in conn.execute("SELECT word FROM words")}
        assert {"harbour", "robberies", "port"} <= words


def test_new_words_of_an_edited_title_find_their_forms_and_a_rebuild_remakes_the_vocabulary(url):
    with Library(url) as lib:
        report = lib.import_bytes(
            b"Harbour Notes\n\nExecutive Summary\nThe quay was quiet all week.\n", "h.txt"
        ).report_id
        assert lib.search("smuggler") == []
        lib.update_report(report, title="Smugglers Return to the Quay")
        assert [h.report_id for h in lib.search("smuggler")] == [report]
        with lib.store.write() as conn:
            conn.execute("DELETE FROM words")
        assert [h.report_id for h in lib.search("smugglers")] == [report]  # (as written)
        assert lib.search("smuggler") == []  # its other forms are unknown without words
        lib.rebuild_search_index()
        assert [h.report_id for h in lib.search("smuggler")] == [report]
        assert set(lib.report_ids(ReportFilter(text="smuggler"))) == {report}


def test_an_import_computes_vectors_beside_the_writer_the_same_and_knows_all_their_words(url):
    from briefapp.library.query import _WORD
    from briefapp.library.word_forms import fold

    with Library(url) as lib:
        results = lib.import_paths(TEXT_FILES)
        ids = [r.report_id for r in results if r.status == "imported"]
        assert len(ids) >= 5
        with lib.store.read() as conn:
            sections, differing = conn.execute(
                "SELECT count(*), count(*) FILTER (WHERE s.tsv_exact IS DISTINCT FROM"
                " briefapp_tsv('briefapp_exact', r.title, r.search_meta, s.heading, s.text))"
                " FROM sections s JOIN reports r ON r.id = s.report_id"
            ).fetchone()
            vocabulary = {row[0] for row in conn.execute("SELECT word FROM words")}
            skipping = conn.execute(
                "SELECT current_setting('briefapp.words_known', true)"
            ).fetchone()[0]
        assert sections > 10 and differing == 0
        # Every word of the texts is in the vocabulary as a query looks it up (word_forms.fold;
        # "ƙauye" stays "ƙauye" there, while the server's unaccent makes it "kauye").
        texts = [
            f"{r.title} {s.heading} {s.text}" for r in map(lib.get_report, ids) for s in r.sections
        ]
        words = {w for text in texts for token in text.split() for w in _WORD.findall(fold(token))}
        assert "ƙauye" in words and words <= vocabulary
        assert [lib.get_report(h.report_id).source_file for h in lib.search("ƙauye")] == [
            "nigeria_only.txt"
        ]
        assert skipping in (None, "", "off")  # (the writer's transaction said it, not the session)


def test_the_helper_gives_each_file_one_vector_per_section(url):
    from briefapp.library.parsing import parse_file
    from briefapp.library.pg.importer import _Pending
    from briefapp.library.pg.vectors import Helper, gathered

    with Library(url) as lib:
        helper = Helper(lib.store)
        try:
            pending = []
            for index, path in enumerate(TEXT_FILES[:4]):
                parsed = parse_file(path, None)
                assert parsed.row is not None and parsed.data is not None
                pending.append(_Pending(index, str(path), parsed.data, parsed.row))
            vectors = gathered(helper.vectors_of(pending))
        finally:
            helper.close()
    assert vectors is not None
    assert {h: len(v) for h, v in vectors.items()} == {
        one.row.content_hash: len(one.row.sections) for one in pending
    }
    assert all(vector for vs in vectors.values() for vector in vs)


def test_search_ranks_the_newest_matches_found_in_widening_windows(url, monkeypatch):
    from briefapp.library.pg import search
    from briefapp.library.pg.importer import refresh_statistics

    # Ranking is among the newest RANK_CANDIDATES matches (here 4): those are looked for in
    # the newest sections first, in windows widened until they hold enough or span all.
    monkeypatch.setattr(search, "RANK_CANDIDATES", 4)
    with Library(url) as lib:
        ids = []
        for n in range(40):
            extra = " Lagoon pilots struck." if n in (1, 3, 30, 33, 36, 39) else ""
            # "Delta" is the best hit by far, but in the oldest report only.
            delta = " Delta delta delta." if n == 0 else ""
            text = f"Harbour note {n}\n\nSummary\nHarbour traffic rose.{extra}{delta}\n"
            ids.append(lib.import_bytes(text.encode(), f"note-{n}.txt").report_id)
        refresh_statistics(lib.store)
        lagoon = {hit.report_id for hit in lib.search("lagoon", limit=50)}
        assert lagoon == {ids[30], ids[33], ids[36], ids[39]}  # the newest four matches
        assert [h.report_id for h in lib.search("delta")] == [ids[0]]  # (the window widens)
        # The oldest report, with the best hit, is not among the newest four matches.
        either = {h.report_id for h in lib.search("pilots OR delta", limit=50)}
        assert either == {ids[30], ids[33], ids[36], ids[39]}
        monkeypatch.setattr(search, "RANK_CANDIDATES", 100)
        assert len(lib.search("lagoon", limit=50)) == 6


def test_sketch_rows_go_with_emptied_reports_and_follow_a_reparse(url):
    sentences = " ".join(
        f"Patrol boat {n} reported a quiet night at the harbour." for n in range(6)
    )
    with Library(url) as lib:
        kept, gone = (
            lib.import_bytes(f"Note {n}\n\nSummary\n{sentences} Note {n}.\n".encode(), f"{n}.txt")
            for n in range(2)
        )
        assert gone.near_duplicate_of == kept.report_id

        def rows(report_id: int) -> set[int]:
            with lib.store.read() as conn:
                return {
                    r[0]
                    for r in conn.execute(
                        "SELECT hash FROM report_sketch WHERE report_id = %s", [report_id]
                    )
                }

        assert rows(gone.report_id) and rows(kept.report_id)
        lib.delete_reports([gone.report_id])
        assert lib.empty_trash() == [gone.report_id]
        assert rows(gone.report_id) == set() and rows(kept.report_id)
        # A reparse that changes the text replaces the report's rows by those of its new text.
        before = rows(kept.report_id)
        with lib.store.write() as conn:
            conn.execute(
                "UPDATE sections SET text = 'garbled' WHERE report_id = %s", [kept.report_id]
            )
        with lib.store.write() as conn:
            conn.execute(
                "UPDATE reports SET sketch = '[1, 2, 3, 4]'::jsonb WHERE id = %s", [kept.report_id]
            )
            conn.execute("DELETE FROM report_sketch WHERE report_id = %s", [kept.report_id])
            conn.execute(
                "INSERT INTO report_sketch (hash, report_id) SELECT unnest(ARRAY[1, 2, 3, 4]), %s",
                [kept.report_id],
            )
        [outcome] = lib.reparse([kept.report_id])
        assert outcome.status == "updated"
        assert rows(kept.report_id) == before
