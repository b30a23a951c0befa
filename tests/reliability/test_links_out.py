"""Links in an imported folder: followed only when they lead inside the folder the user named;
a link out of it (to a key, to /proc) is a per-file error and nothing of its target is stored."""

from __future__ import annotations

from briefapp.library import Library, iter_files
from tests.reliability.corpus import REPORT_TEXT, SECRET, write_links_out


def _secret(tmp_path):
    secret = tmp_path / "home" / ".ssh" / "id_ed25519"
    secret.parent.mkdir(parents=True)
    secret.write_text(f"Private Key Note\n\nExecutive Summary\n{SECRET} convoy key.\n")
    return secret


def test_links_out_of_the_folder_are_errors_and_nothing_of_them_is_stored(tmp_path):
    secret = _secret(tmp_path)
    folder = tmp_path / "share"
    expected = write_links_out(folder, secret)
    with Library(tmp_path / "lib") as lib:
        results = {r.path.rsplit("/", 1)[-1]: r for r in lib.import_paths([folder])}
        for name, expect in expected.items():
            result = results[name]
            if expect == "stored":
                assert result.status in ("imported", "duplicate"), result
            else:
                assert result.status == "error" and expect[6:] in (result.error or ""), result
        # The link inside is followed: one of the two names of real.txt imports it.
        assert {results[n].status for n in ("real.txt", "inside-link.txt")} == {
            "imported",
            "duplicate",
        }
        assert results["id_ed25519.txt"].error == (
            "a link to a file outside the imported folder: not imported"
        )
        assert not lib.search("TOP-SECRET-OUTSIDE-THE-LIBRARY")
        assert not lib.search("VmRSS")  # /proc/self/status
        stored = " ".join(s.text for i in lib.report_ids() for s in lib.get_report(i).sections)
        assert SECRET not in stored and REPORT_TEXT.split("\n")[3][:20] in stored


def test_a_link_named_explicitly_is_imported_as_asked(tmp_path):
    secret = _secret(tmp_path)
    folder = tmp_path / "share"
    write_links_out(folder, secret)
    with Library(tmp_path / "lib") as lib:
        [result] = lib.import_paths([folder / "id_ed25519.txt"])
        assert result.status == "imported"


def test_a_folder_named_through_a_link_is_the_boundary(tmp_path):
    """The folder the user names may itself be a link (~/reports -> /mnt/share): links
    inside the real folder stay inside."""
    secret = _secret(tmp_path)
    write_links_out(tmp_path / "share", secret)
    (tmp_path / "alias").symlink_to(tmp_path / "share")
    names = {p.name for p in iter_files([tmp_path / "alias"])}
    assert names == {"real.txt", "inside-link.txt"}
