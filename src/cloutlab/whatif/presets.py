"""The classic cases, listed once: the What-if lab offers them as presets and the Gaming lab plays some of
them as strategies (what a "student" does). A case changes Scenario fields; `record` says what happened
when people did it (sources are ids in cloutlab.present.citations).

Keys are what the Gaming lab's links carry (`?class=`), so they are never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WHATIF, GAMING = "whatif", "gaming"


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    changes: dict = field(default_factory=dict)  # Scenario fields (and, for a relink, relink_after_days)
    record: str = ""  # what happened when people did this, in a sentence
    sources: tuple[str, ...] = ()
    labs: tuple[str, ...] = (WHATIF, GAMING)  # where it is offered


ALL: tuple[Preset, ...] = (
    Preset("as_is", "Carry on as before", {}, "The control group.", labs=(GAMING,)),
    Preset("one_week_break", "Take a one-week break", {"break_weeks": 1}, labs=(WHATIF,)),
    Preset("audience_away", "Audience away for a week (a convention, Christmas)", {"audience_away": 1}, labs=(WHATIF,)),
    Preset("summer_break", "Take three months off", {"break_weeks": 13},
           "A user's score dived after only two days without tweeting.", ("lettink_break",)),
    Preset("double_posts", "Double the posts", {"frequency": 2.0}, labs=(WHATIF,)),
    Preset("post_weekly", "Post once a week (a seventh of the posts)", {"frequency": 1 / 7}, labs=(WHATIF,)),
    Preset("post_more", "Post 10x more", {"frequency": 10.0},
           "An automated feed went from Klout 1 to 35 in 30 days with no human interaction.", ("turner_feed",),
           labs=(GAMING,)),  # beyond the What-if slider's 5x
    Preset("repost_all", "Repost everything", {"repost_share": 1.0},
           "Twitalyzer called passing on others' posts generosity; but a repost earns no reactions of your own.",
           ("twitalyzer",)),
    Preset("bot", "Tweet at strangers like a bot", {"frequency": 5.0, "reply_share": 0.9},
           "A spam bot shouting YOU WILL BE ASSIMILATED at people reached Klout 57 with about 118 followers.",
           ("borg_bot",), labs=(GAMING,)),
    Preset("buy_followers", "Buy 10,000 followers", {"bought_followers": 10_000},
           "Ignite Social Media bought 10,000 fake followers: Klout stayed at 66 to 67.", ("ignite_bought",)),
    Preset("ring", "Join an engagement ring", {"ring_size": 30, "ring_reactions": 30},
           "Klout said reactions from the same people count less each time; Kred counted every one.",
           ("klout_ratio", "kred_influence")),
    # Replies on top of the posts (twice the items, 60% of them replies), not instead of them.
    Preset("reply_readers", "Reply to your readers", {"frequency": 2.0, "reply_share": 0.6},
           "What matters is what happens after you post: conversation, amplification, applause.", ("kaushik",),
           labs=(GAMING,)),
    Preset("unlink_mastodon", "Unlink Mastodon", {"unlink": "mastodon"}, labs=(WHATIF,)),
    # Issue 14 (larock_unlink): Facebook unlinked a month before the end; then relinked the next day.
    Preset("unlink_facebook", "Unlink Facebook", {"unlink": "facebook"}, labs=(WHATIF,)),
    Preset("relink_facebook", "Unlink Facebook, relink it the next day", {"unlink": "facebook", "relink_after_days": 1},
           labs=(WHATIF,)),
)


def offered(lab: str) -> tuple[Preset, ...]:
    """The cases one lab offers, in the list's order."""
    return tuple(p for p in ALL if lab in p.labs)
