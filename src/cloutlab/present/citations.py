"""The cited record: what the sources say, in our own words, for the Methodology page and the Gaming lab.

Each claim paraphrases a source listed in docs/klout-record.md; wording such as "reported" or
"estimated" keeps second-hand claims second-hand. Claims the record marks UNCONFIRMED are left out.
Metrics and points cite these entries by id, and a test checks every cited id exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloutlab import platforms
from cloutlab.present.text import md_escape


@dataclass(frozen=True)
class Source:
    id: str
    claim: str  # what we take from it, in our words
    title: str
    url: str

    def link(self) -> str:
        """A markdown link whose title cannot be read as markup (titles contain underscores)."""
        return f"[{md_escape(self.title)}]({self.url})"


def ea_link(source) -> str:
    """A source of the Empire Avenue record (market.record.EASource) as a markdown link: "[B1: title](url)",
    id and title drawn as text."""
    return f"[{md_escape(source.id)}: {md_escape(source.title)}]({source.url})"


SOURCES: tuple[Source, ...] = (
    Source("klout_measured",
           "Klout said its 1 to 100 score measured how many people you influence, how much, and how "
           "influential they are, from reactions such as mentions, retweets, likes and comments, relative "
           "to the rest of its users.",
           "Klout Support: How is the Klout Score measured? (2011)",
           "http://support.klout.com/customer/portal/articles/120062-how-is-the-klout-score-measured-"),
    Source("klout_primer",
           "Klout's 2010 primer described the score as graded on a curve against everyone else: 20 was "
           "doing fine, 50 and above was a big shot.",
           "Klout blog: Klout Scores 101, A Primer (2010)",
           "https://klout.wordpress.com/2010/07/27/klout-scores-101/"),
    Source("klout_window",
           "Klout said the score used a rolling 90-day window that weighted recent activity more, so a "
           "short break should matter little.",
           "Thomas LaRock: Think Klout isn't using your Facebook stats? Think again (2012)",
           "https://thomaslarock.com/2012/03/think-klout-isnt-using-your-facebook-stats-think-again"),
    Source("larock_unlink",
           "One user reported that disconnecting Facebook cost 2.69 points, and reconnecting it the next day "
           "gave back 2.81 (a net gain of 0.12 just from toggling); moving a Google+ account cost 0.94 in a day.",
           "Thomas LaRock: Think Klout isn't using your Facebook stats? Think again (2012)",
           "https://thomaslarock.com/2012/03/think-klout-isnt-using-your-facebook-stats-think-again"),
    Source("klout_networks",
           "A copy of Wikipedia's Klout article reported that the networks counting toward the score were "
           "Twitter, Facebook, Google+, LinkedIn, Instagram, Klout itself and Wikipedia (as of March 2013).",
           "BagTheWeb copy of the Wikipedia \"Klout\" article",
           "http://www.bagtheweb.com/b/nFS0J5"),
    Source("klout_facebook_signals",
           "A comparison of influence scores reported that on Facebook Klout measured mentions, likes, "
           "comments, subscribers, wall posts and friends.",
           "DSM Group: Klout vs Kred vs PeerIndex",
           "https://www.thedsmgroup.com/klout-vs-kred-vs-peerindex-reviews-comparisons/"),
    Source("klout_ratio",
           "Klout's score page said reactions per post counted, not raw volume (100 retweets of 10 tweets "
           "beat 100 retweets of 1,000), and that many reactions from one person counted less than the "
           "same number from many people.",
           "Growing Social Media: Klout, influential social media",
           "https://growingsocialmedia.com/klout-influential-social-media/"),
    Source("lettink_break",
           "A user reported her score dived after only two days without tweeting, amplification first.",
           "Anita Lettink: The Trouble with Klout",
           "https://anitalettink.com/technology-2/the-trouble-with-klout/"),
    Source("golliher",
           "A reverse-engineering study estimated that the log of followers, or of retweets, explained "
           "about 94% of the variation in Klout scores across 99 accounts: a log-like mapping is a fair "
           "inference, not a documented fact.",
           "Sean Golliher: How I Reverse Engineered Klout Score to an R2 = 0.94 (2011)",
           "http://www.seangolliher.com/2011/uncategorized/how-i-reversed-engineered-klout-score-to-an-r2-094/"),
    Source("average_20",
           "In April 2012 Klout said only that its average score was \"around 20\"; only Kred and PeerIndex "
           "shared distribution statistics.",
           "The Realtime Report: How Good Is Your Klout Score? (2012)",
           "https://therealtimereport.com/2012/04/11/how-good-is-your-klout-score/"),
    Source("cooke_deck",
           "A reverse-engineering deck: the average Klout score is close to 20, and a score greater than 50 "
           "puts you in the 95th percentile.",
           "Sean Cooke: Reverse Engineering Klout Score (slides)",
           "https://documents.pub/document/reverse-engineering-klout-score-sean-cooke-what-is-klout-score-a-klout-is.html"),
    Source("klout_2011_update",
           "On 26 October 2011 Klout changed its model and said a majority of users would stay the same or "
           "go up but some would see a drop; users reported drops of about 20 points or more (73 to 53, "
           "63 to 39).",
           "Social Media Today: Klout changes, scores drop and complaints rise (2011)",
           "http://www.socialmediatoday.com/content/klout-changes-scores-drop-and-complaints-rise"),
    Source("ignite_bought",
           "An agency bought 10,000 fake followers; its Klout score stayed at 66 to 67, and Kred and "
           "PeerIndex barely moved either.",
           "Ignite Social Media: I Bought 10,000 Fake Twitter Followers (2012)",
           "http://www.ignitesocialmedia.com/social-media-stats/bought-fake-twitter-followers-klout-kred-review/"),
    Source("borg_bot",
           "A bot that tweeted the same line at strangers reached a Klout score of 57 with about 118 "
           "followers; Klout's chief said influence is the ability to drive action.",
           "LAUNCH: Why does _BorgCollective spam bot have a Klout score of 57? (2011)",
           "https://launch.co/blog/why-does-_borgcollective-spam-bot-have-a-klout-score-of-57.html"),
    Source("turner_feed",
           "An automated feed with no human interaction went from a Klout score of 1 to 35 in 30 days.",
           "Jeff Turner: Game Klout",
           "http://jeffturner.info/game-klout"),
    Source("kred_influence",
           "Kred published its rules: 10 points for common actions such as a reply, retweet, mention or "
           "follow received, and a points-to-score curve on 1 to 1,000 that gets steeper as the score "
           "rises, so each step up costs more points.",
           "Kred: Scoring Influence",
           "https://docs.score.kred/docs/scoring-influenc"),
    Source("kred_outreach",
           "Kred kept what you do for others (replying, mentioning, retweeting) apart, as Outreach points "
           "and levels that never go down.",
           "Kred: Scoring Outreach",
           "https://docs.score.kred/docs/scoring-outreach-1"),
    Source("peerindex_120",
           "PeerIndex ran its influence formula over a rolling 120 days on purpose, so bursts of activity "
           "by spammers and bots could not move it quickly.",
           "SocialBro: PeerIndex CEO Azeem Azhar answers some questions about its score",
           "http://www.socialbro.com/blog/peerindex-ceo-azeem-azhar-answers-some-questions-about-its-score"),
    Source("peerindex_judged",
           "PeerIndex published 5,500 human judgments of which of two Twitter users was more influential. "
           "Counted on them, the user judged more influential also had more followers 75.3% of the time, "
           "was on more lists 76.0%, received more mentions 74.9% and more retweets 74.8%, posted more "
           "64.7% and followed more 57.3%: people judging influence mostly followed popularity.",
           "Kaggle: Influencers in Social Networks (data provided by PeerIndex, 2013)",
           "https://www.kaggle.com/c/predict-who-is-more-influential-in-a-social-network"),
    Source("twitalyzer",
           "Twitalyzer's influence combined reach, being retweeted, generosity (the ratio of retweets you "
           "pass along to all updates you publish), references to you and velocity (updates over 7 days).",
           "Tom Humbarger: Twitter analytics, looking at Twitalyzer (2009)",
           "https://tomhumbarger.wordpress.com/2009/04/20/twitter-analytics-looking-at-twitalyzer/"),
    Source("kaushik",
           "Avinash Kaushik argued that what happens after you post matters, not follower or post counts, "
           "and proposed conversation, amplification and applause per post.",
           "Avinash Kaushik: Best Social Media Metrics, Conversation, Amplification, Applause, Economic Value (2011)",
           "https://www.kaushik.net/avinash/best-social-media-metrics-conversation-amplification-applause-economic-value/"),
    Source("tsm_relative",
           "True Social Metrics spells out the three rates as counts per post and offers relative versions "
           "per 1,000 followers to compare accounts of different size.",
           "True Social Metrics: Metric introduction",
           "https://www.truesocialmetrics.com/university/metric-introduction"),
    Source("rivaliq_replies",
           "Twitter replies were not in the public API, so some tools left them out of conversation rate.",
           "Rival IQ: What are amplification, applause and conversation?",
           "http://help.rivaliq.com/en/articles/457833-what-are-amplification-applause-and-conversation"),
    Source("twitter_engagement",
           "Twitter's own engagement rate divides engagements by impressions; tools without impressions "
           "divided by followers instead, so the denominator changes the number.",
           "Dasheroo: What is Twitter engagement rate?",
           "https://help.dasheroo.com/hc/en-us/articles/203395679-What-is-Twitter-engagement-rate-"),
    Source("t_factor",
           "Bornmann and Haunschild proposed the t factor: t of your posts have at least t retweets each, "
           "the h-index applied to tweets.",
           "Bornmann and Haunschild: t factor, a metric for measuring impact on Twitter (arXiv 1508.02179, 2015)",
           "https://arxiv.org/abs/1508.02179"),
    Source("kred_statement",
           "Kred showed a real-time Activity Statement listing every point-earning action.",
           "Kred FAQ: Leaderboards",
           "https://www.go.kred/faqs/leaderboards"),
    Source("twitalyzer_unique",
           "Twitalyzer's later Impact metric counted unique people, not volume: if three people retweet you "
           "100 times, that counts 3, not 100 (reported).",
           "eddie-estrada: Glossary for Twitter metrics (2010)",
           "https://eddie-estrada.blogspot.com/2010/05/glossary-for-twitter-metrics.html"),
    Source("klout_2012_update",
           "On 14 August 2012 Klout moved from about 100 variables to 400+ signals and added Wikipedia and "
           "more networks; most users' scores went up (reported).",
           "SocialMediaToday: Klout Takes Huge Step Toward Transparency (2012)",
           "http://www.socialmediatoday.com/content/klout-takes-huge-step-toward-transparency-real-world-metrics"),
    Source("bieber_92",
           "Klout said Justin Bieber, the only person with a perfect 100, dropped to 92 in the August 2012 "
           "update because his Wikipedia page had lower importance than those of people like Barack Obama.",
           "my-15minutes: Klout unveils updated scoring system (2012)",
           "https://my-15minutes.blogspot.com/2012/08/klout-unveils-updated-scoring-system.html"),
    Source("outage_2012",
           "When Twitter went down worldwide on 27 July 2012, Klout lost about 20% of that day's data and many "
           "scores dropped for the day (reported).",
           "TweetSmarter: How Twitter's worldwide outage is about to change your Klout score",
           "http://blog.tweetsmarter.com/twitter-downtime/how-twitters-worldwide-outage-is-about-to-change-your-klout-score/"),
    Source("geeb10_jolt",
           "A user reported an overnight fall from 34 to 31 without any change in her social media habits.",
           "geeb10: Gee, Klout calculates cool points (2011)",
           "https://geeb10.wordpress.com/2011/09/30/gee-klout-calculates-cool-points/"),
    Source("cha_fallacy",
           "Cha and colleagues found that popular users with many followers are not necessarily influential "
           "in terms of spawning retweets or mentions: follower count alone reveals very little.",
           "Cha, Haddadi, Benevenuto and Gummadi: The Million Follower Fallacy (ICWSM 2010)",
           "https://www.scribd.com/doc/59768139/null"),
    Source("goodhart",
           "Goodhart's law, as Strathern paraphrased it: when a measure becomes a target, it ceases to be a "
           "good measure. Campbell made the same point about social indicators.",
           "Notes: Goodhart's law",
           "https://notes.campegg.com/goodharts-law/"),
)

BY_ID: dict[str, Source] = {s.id: s for s in SOURCES}


def cited(ids: tuple[str, ...] | list[str]) -> list[Source]:
    """The sources behind `ids`, in the order given (KeyError for an unknown id: a typo is a bug)."""
    return [BY_ID[i] for i in ids]


# What exports can and cannot show: each platform's own limits (platforms.REGISTRY), then what holds for
# several of them; the Methodology page lists these.
EXPORT_LIMITS: tuple[tuple[str, str], ...] = (
    *((p.export, p.limits) for p in platforms.REGISTRY if p.limits),
    ("Networks without reactions received", "Where an export has no reaction counts ("
                 f"{platforms.names([p.key for p in platforms.REGISTRY if not p.counts], ', ')}), the opaque score credits each post with a fixed, typical number of "
                 "reactions: the network still counts, but its real engagement cannot move the score. Klout read "
                 "these counts through each network's API; an export cannot. `score --json` lists this under "
                 "opaque.assumptions."),
    ("Everywhere", "No impressions (how many people saw a post), so no engagement rate in Twitter's own "
                   "sense; no list of who reacted, so unique reactors cannot be counted; follows and "
                   "unfollows are not dated, so bought followers cannot be told from real ones."),
)
