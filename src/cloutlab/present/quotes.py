"""The words of real people the app shows, each character for character as docs/seed-quotes.md or
docs/klout-record.md has it, with who said it there and where. A paraphrase is never a Quote: it is said in
our own words, outside quote marks. tests/test_quotes.py finds every quote the app can show in those files.
"""

from __future__ import annotations

from dataclasses import dataclass

CORA_POST = "Should I Care About Klout? (Cora's blog, 30 July 2012)"
FOLLOWERS_POST = "a 2011 blog post on followers and Klout, and its comments"


@dataclass(frozen=True)
class Quote:
    text: str  # verbatim (a single space may stand for a double one)
    said_by: str
    where: str  # the title of the post or page (shown in italics, never in quote marks)
    record: str  # the file it is found in: "seed-quotes.md" or "klout-record.md"


def _seed(text: str, said_by: str, where: str = CORA_POST) -> Quote:
    return Quote(text, said_by, where, "seed-quotes.md")


def _record(text: str, said_by: str, where: str) -> Quote:
    return Quote(text, said_by, where, "klout-record.md")


QUOTES: dict[str, Quote] = {
    "cora_once_a_week": _seed("So, I slowed down on the social media interactions, limited my posts to once a week "
                              "while I rested and evaluated my status.", "Cora, a novelist"),
    "cora_lead_weight": _seed("My Klout score, which had been on its way up, dropped like a lead weight inside of a "
                              "week.", "Cora, a novelist"),
    "cora_popularity": _seed("Popularity is not influence and influence is not popularity", "Cora, a novelist"),
    "anonymous_20": _seed("I just looked up my Klout score by clicking on my Twitter profile. It's 20. I expect "
                          "that's not very good, but can't say that I care.", "Anonymous, a comment"),
    "frazier_royalty": _seed("The only number I'm interested in is the ones on the royalty checks. Zowza!",
                             "Sunny Frazier, a comment"),
    "adams_unlinked": _seed("If the scores dropped suddenly, check and see if something like Facebook became "
                            "unlinked.", "Linda Maye Adams, a comment"),
    "adams_convention": _seed("I always see my score drop after a convention because I'm not tweeting at all.",
                              "Linda Maye Adams, a comment"),
    "callan_free_time": _seed("It is certainly clear that you can spend your entire free time on social media and "
                              "not produce any actual writing", "James R. (Jim) Callan, a comment"),
    "stewart_73": _seed("With a Klout score of 73 and a Twitter following of 41,793 tweeps, he must know what he's "
                        "talking about!", "Jodi Lea Stewart, a comment"),
    "gardner_90_10": _seed("unpublished writers spend 90% of their time writing, revising and 10% on social media.",
                           "a commenter, citing Rachelle Gardner (June 2012)"),
    "greta_rt": _seed("You do a lot of RTing, get RTed you get a high Klout score. So what? It doesn't even equate to "
                      "blog visits, let alone book sales.", "Greta, a comment"),
    "tinu_book_deal": _seed("I had a client whose pending book deal was tied, among other things to their number of "
                            "Twitter followers.", "Tinu, a comment", FOLLOWERS_POST),
    "tinu_immaterial": _seed("the raw number of Twitter followers was immaterial.", "Tinu, a comment", FOLLOWERS_POST),
    "cora_quality": _seed("Concentrate on the quality of your blog and your people will find you.", "Cora, a novelist"),
    "lettink_dived": _record("As soon as I stopped tweeting, even though it was for only 2 days, my Klout score "
                             "dived.", "Anita Lettink", "The Trouble with Klout"),
    "klout_short_break": _record("being inactive over the weekend or taking short break won't have a major impact "
                                 "on your Score", "Klout, quoted by Thomas LaRock",
                                 "Think Klout isn't using your Facebook stats? Think again (2012)"),
    "fox_little_weight": _record("Klout gives very little weight to how many Twitter followers you have",
                                 "Lynn Fox, Klout PR, to Ignite Social Media",
                                 "I Bought 10,000 Fake Twitter Followers"),
    "klout_bieber_92": _record("Previously, Justin had the distinction of being the only person with a perfect 100 "
                               "Klout Score. With this update, his Score drops from 100 to 92", "Klout, quoted by "
                               "my-15minutes", "Klout unveils updated scoring system (August 2012)"),
}
