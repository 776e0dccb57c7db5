"""A Bluesky account is named by its handle where the repository shows it (issue 15)."""

from cloutlab.importers.bluesky import own_handle
from cloutlab.present.import_log import account_name

DID = "did:plc:abcdefghijklmnopqrstuvwx"


def _post(text, did, start, end):
    return ("app.bsky.feed.post/3k", {"text": text, "facets": [
        {"index": {"byteStart": start, "byteEnd": end}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}]}]})


def test_handle_from_a_self_mention_or_the_profile():
    assert own_handle([_post("me again: @grace.bsky.social", DID, 10, 29)], DID, {}) == "grace.bsky.social"
    assert own_handle([_post("hi @bob.bsky.social", "did:plc:other", 3, 19)], DID, {}) is None
    assert own_handle([], DID, {"handle": "@grace.example"}) == "grace.example"
    assert own_handle([_post("@<script>", DID, 0, 9)], DID, {}) is None  # not a handle: ignored


def test_import_log_names():
    assert account_name("bluesky", DID, None, "grace.bsky.social") == "grace.bsky.social"
    assert account_name("bluesky", DID, "Grace", None) == "Grace (did:plc:abcdef…uvwx)"
    assert account_name("x", "ada_lovelace") == "ada_lovelace"
