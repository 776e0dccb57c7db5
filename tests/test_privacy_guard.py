"""One privacy guard (issue 22): archive_guard.is_private holds every platform's private-file rules (from the
platform registry), and every read of every importer passes it, whatever archive the private file sits in.

Before, the hard guard every container read passes knew X direct messages only; the Facebook, LinkedIn and
Instagram rules were a filter in one find() of the network importers."""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
from pathlib import Path

import pytest

from cloutlab import platforms, store
from cloutlab.errors import CloutlabError
from cloutlab.importers import import_path
from cloutlab.importers.archive_guard import DEFAULT_LIMITS, is_private
from cloutlab.importers.containers import FolderContainer, TarContainer, ZipContainer
from make_fixtures import CANARY, write_folder, write_zip
from test_importers import _record_opens

ROOT = Path(__file__).resolve().parents[1]

# Each platform's private files, as its exports name them (docs/export-formats-2.md E8, F4, H; X: docs/DESIGN.md section 11).
SAMPLES = {
    "x": ["data/direct-messages.js", "data/direct-messages-group.js", "data/direct-message-headers.js",
          "data/direct_messages_media/1-a.jpg"],
    "facebook": ["messages/inbox/bochen_abc123/message_1.json", "your_facebook_activity/messages/inbox/a/message_1.json",
                 "security_and_login_information/account_activity.json", "about_you/your_address_books.json",
                 "login_and_account_creation/logins.json", "account_history/history.json"],
    "linkedin": ["messages.csv", "Logins.csv", "Verifications/Verifications.csv"],
    "instagram": ["your_instagram_activity/messages/inbox/cy_1/message_1.json",
                  "login_and_account_creation/login_activity.json", "account_history/account_history.json"],
}
ALL = [name for names in SAMPLES.values() for name in names]


def test_every_platform_rule_has_its_files_and_the_guard_knows_them():
    for p in platforms.REGISTRY:
        for rule in p.private:
            hit = re.compile(r"(^|/)(" + rule + ")", re.IGNORECASE)
            assert any(hit.search(n) for n in SAMPLES.get(p.key, [])), (p.key, rule)  # a sample for each rule
    for name in ALL:
        assert is_private(name) and is_private("wrapper folder/" + name), name
    for name in ("data/tweets.js", "posts/your_posts_1.json", "Shares.csv", "content/posts_1.json", "outbox.json",
                 "Takeout/Google+ Stream/Posts/a.json", "data/account.js"):
        assert not is_private(name), name


def test_there_is_one_is_private():
    defined = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py")
               if re.search(r"^def is_private\b", p.read_text(encoding="utf-8"), re.MULTILINE)]
    assert defined == ["src/cloutlab/importers/archive_guard.py"]


def _containers(tmp_path: Path):
    files = {"data/tweets.js": b"window.YTD.tweets.part0 = []", **{n: CANARY for n in ALL}}
    zipped = ZipContainer(write_zip(tmp_path / "a.zip", files), "a.zip", "a", DEFAULT_LIMITS)
    folder = FolderContainer(write_folder(tmp_path / "folder", files), DEFAULT_LIMITS)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    tarred = TarContainer(io.BytesIO(raw.getvalue()), len(raw.getvalue()), "a.tar.gz", "a", DEFAULT_LIMITS)
    return {"zip": zipped, "folder": folder, "tar": tarred}


def test_no_container_opens_any_platforms_private_file(tmp_path):
    """The hard guard: a zip, a folder and a tar.gz refuse to open every platform's private files (an importer
    asking for one is a bug: RuntimeError), and a folder does not even list private folders."""
    for kind, box in _containers(tmp_path).items():
        with box.open("data/tweets.js") as stream:
            assert stream.read().startswith(b"window.YTD")  # an ordinary member reads
        for name in ALL:
            if box.has(name):
                with pytest.raises(RuntimeError, match="refusing to open private file"):
                    box.open(name)
        if kind == "folder":
            assert not [n for n in box.names() if "messages/" in n or "direct_messages_media/" in n]
        box.close()


# One good export per importer that reads an archive.
EXPORTS = ["x_zip", "x_folder", "legacy_js_zip", "mastodon_zip", "mastodon_targz", "fb_2018_zip", "fb_2024_folder",
           "li_zip", "ig_2022_zip", "ig_2025_folder", "gplus_json_zip", "gplus_html_zip"]


def _with_every_private_file(src: Path, dest: Path) -> Path:
    """`src` (a zip, tar.gz or folder export) with every platform's private files added beside its own, at
    `dest` (named as `src`: some exports name their account after the file)."""
    if src.is_dir():
        files = {p.relative_to(src).as_posix(): p.read_bytes() for p in src.rglob("*") if p.is_file()}
        return write_folder(dest, {**files, **{n: CANARY for n in ALL}})
    if src.name.endswith((".tar.gz", ".tgz")):
        raw = io.BytesIO()
        with tarfile.open(src) as old, tarfile.open(fileobj=raw, mode="w:gz") as new:
            for member in old:
                new.addfile(member, old.extractfile(member) if member.isfile() else None)
            for name in ALL:
                info = tarfile.TarInfo(name)
                info.size = len(CANARY)
                new.addfile(info, io.BytesIO(CANARY))
        dest.write_bytes(raw.getvalue())
        return dest
    with zipfile.ZipFile(src) as old:
        files = {i.filename: old.read(i) for i in old.infolist() if not i.is_dir()}
    return write_zip(dest, {**files, **{n: CANARY for n in ALL}})


@pytest.mark.parametrize("name", EXPORTS)
def test_every_importer_reads_through_the_guard(export_fixtures, monkeypatch, tmp_path, name):
    """Each importer, given its export with every platform's private files added (a Facebook messages/ in an
    X archive, a LinkedIn messages.csv in an Instagram export...), imports the same posts and opens none."""
    plain = import_path(store.connect(), export_fixtures[name])
    laden = _with_every_private_file(export_fixtures[name], tmp_path / export_fixtures[name].name)
    opened = _record_opens(monkeypatch)
    got = import_path(store.connect(), laden)
    assert opened  # the recorder works
    assert not [o for o in opened if is_private(o) or "CANARY" in o], opened
    assert (got["items"], got["original"], got["account"]) == (plain["items"], plain["original"], plain["account"])


@pytest.mark.parametrize("name", ["messages.csv", "direct-messages.js", "Logins.csv"])
def test_a_private_file_given_alone_is_refused_unread(monkeypatch, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"FROM,TO,DATE,CONTENT\nana,bo,2020-01-01,secret\n")
    opened = _record_opens(monkeypatch)
    with pytest.raises(CloutlabError) as info:
        import_path(store.connect(), path)
    assert "private file" in str(info.value) and "\n" not in str(info.value)
    assert not [o for o in opened if name in o]
