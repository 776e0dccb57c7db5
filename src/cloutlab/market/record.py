"""The Empire Avenue record the market model follows, and the assumptions it had to make.

Source ids are those of docs/empire-avenue-record.md ([C] confirmed by Empire Avenue itself,
[S] secondary). Claims are in our words. Empire Avenue never published its formula ("we can't tell you
all the little secrets", B1), so every number the model needs beyond the record is an ASSUMPTION below,
each with the sources it leans on; the Methodology page lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EASource:
    id: str
    grade: str  # "confirmed" (Empire Avenue's blog, FAQ, API or executives) or "secondary"
    title: str
    url: str  # drawn as a markdown link by present.citations.ea_link


def _s(id_, grade, title, url):
    return EASource(id_, grade, title, url if url.startswith("http") else "https://" + url)


SOURCES: dict[str, EASource] = {s.id: s for s in (
    _s("B1", "confirmed", "Empire Avenue blog: Selfworth and loafing (2010)",
       "play.empire.kred/blog/2010/05/18/selfworth-and-loafing-in-empire-avenue"),
    _s("B2", "confirmed", "Empire Avenue blog: An update (July 2010)", "play.empire.kred/blog/2010/07/03/an-update-to-empire-avenue"),
    _s("B5", "confirmed", "Empire Avenue blog: Changes to selling shares (2010)", "play.empire.kred/blog/2010/08/25/changes-selling-shares"),
    _s("B7", "confirmed", "Empire Avenue blog: Fast movers and fast dividends (2010)",
       "blog.empire.kred/2010/09/09/east-of-erindale-fast-movers-and-fast-dividends/"),
    _s("B8", "confirmed", "Empire Avenue blog: December changes (2010)",
       "play.empire.kred/blog/2010/12/13/december-changes-on-empire-avenue"),
    _s("B10", "confirmed", "Empire Avenue blog: Market Makers, dividends and earnings (2011)",
       "play.empire.kred/blog/2011/07/31/upcoming-changes-to-market-makers-dividends-and-earnings"),
    _s("B11", "confirmed", "Empire Avenue blog: Ch-ch-ch-changes (2011)", "blog.empire.kred/2011/10/11/ch-ch-ch-changes/"),
    _s("B12", "confirmed", "Empire Avenue blog: Testing, testing (missions, 2011)", "blog.empire.kred/2011/10/17/testing-testing/"),
    _s("B13", "confirmed", "Empire Avenue blog: Vacation Mode (2012)", "play.empire.kred/blog/2012/12/20/vacation-mode"),
    _s("B16", "confirmed", "Empire Avenue changes of June 2013 (reblogged)",
       "shakthiwrites.wordpress.com/2013/06/12/empire-avenue-rolls-out-major-changes-today/"),
    _s("B20", "confirmed", "Empire Avenue blog: Share Price Calculation Changes", "blog.empireavenue.com/"),
    _s("F1", "confirmed", "Empire Avenue FAQ 16 (commissions)", "empire.kred/help/faqview?faq_id=16"),
    _s("F2", "confirmed", "Empire Avenue FAQ 14 (low-quality followers)", "empire.kred/help/faqview?faq_id=14"),
    _s("F3", "confirmed", "Empire Avenue FAQ 10 (sockpuppets and coordinated buying)", "empire.kred/help/faqview?faq_id=10"),
    _s("F4", "confirmed", "Empire Avenue FAQ on Network Scores (quoted, 2011)",
       "emilayusof.blogspot.com/2011/05/empire-avenue-network-scores.html"),
    _s("F5", "confirmed", "Empire Avenue share page text (quoted, 2011)",
       "damondnollan.com/2011/06/understanding-your-empire-avenue-share.html"),
    _s("A1", "confirmed", "API snapshot of 4 Feb 2013 (barledge/empireavenue fixture)",
       "github.com/barledge/empireavenue/blob/master/spec/fixtures/txwikinger.json"),
    _s("A2", "confirmed", "A buy-back bot (jspaetzel/EmpireAvenue reinvest_to_holders.py)",
       "github.com/jspaetzel/EmpireAvenue/blob/master/reinvest_to_holders.py"),
    _s("I1", "confirmed", "COO Kallir on the nightly price (c. 2011)", "jessicagottlieb.com/tag/eaves/"),
    _s("U1", "secondary", "Brent Knowles: why my share price drops (2010)",
       "blog.brentknowles.com/2010/06/20/empire-avenue-why-my-share-price-drops/"),
    _s("U2", "secondary", "Brent Knowles: why you shouldn't delete your account (2011)",
       "blog.brentknowles.com/2011/01/26/empire-avenue-why-you-shouldnt-delete-your-account/"),
    _s("U3", "secondary", "Harold Gardner: The price of sharing (2013)", "haroldgardner.wordpress.com/2013/06/15/the-price-of-sharing/"),
    _s("U5", "secondary", "Harold Gardner: Pricey (2013)", "haroldgardner.wordpress.com/2013/07/09/pricey/"),
    _s("U6", "secondary", "Harold Gardner: Great divide (2013)", "haroldgardner.wordpress.com/2013/07/06/great-divide/"),
    _s("U7", "secondary", "EAv recommendation 1: eliminate the nightly adjustment (2012)",
       "empireav.wordpress.com/2012/08/14/eav-recommendation-1-eliminate-nightly-share-price-adjustment/"),
    _s("U8", "secondary", "Empire Avenue pain points poll (2012)", "empireav.wordpress.com/2012/07/12/empire-avenue-pain-points-poll/"),
    _s("U10", "secondary", "David Gosse (May 2011)", "davidgosse.wordpress.com/2011/05/"),
    _s("U11", "secondary", "Paul Shirey: Empire Avenue needs a boost (2012)",
       "paulshireytech.com/2012/08/26/empire-avenue-needs-a-boost/"),
    _s("U13", "secondary", "Marc Drummond: making connections on Empire Avenue (2011)",
       "marcdrummond.com/empire-avenue/2011/06/29/making-connections-empire-avenue"),
    _s("U14", "secondary", "Jeff Mayernik: the Empire strikes back (2012)",
       "jeffmayernik.com/2012/12/the-empire-strikes-back-well-no-just-my-thoughts-on-empire-avenue/"),
    _s("U17", "secondary", "mdashf: the newer policy on EAv (2012)", "mdashf.org/2012/12/05/the-newer-policy-on-eav/"),
    _s("U18", "secondary", "larre.com on Empire Avenue", "larre.com/tag/social/"),
    _s("P6", "secondary", "Taking stock of social media (2011)", "macbroadcast.wordpress.com/2011/07/23/taking-stock-of-social-media/"),
)}


@dataclass(frozen=True)
class Assumption:
    text: str  # one sentence: what we assumed, and why
    sources: tuple[str, ...]  # ids in SOURCES it leans on


# What the record says, as the model implements it (pinned by tests/test_market.py).
MECHANICS: tuple[Assumption, ...] = (
    Assumption("Every account lists at 10 eaves.", ("B20", "U1")),
    Assumption("Every night the price is re-set from smoothed Network Scores of the top five networks and the "
               "outstanding shares; between nights each buy nudges it up and each sell down.", ("I1", "B10", "F5")),
    Assumption("Each Network Score mixes activity, audience and engagement, out of 100.", ("F4", "B16")),
    Assumption("The social part of the price shrinks as the stock is held more widely (splits from 88/12 to 12/88).",
               ("F5", "U3")),
    Assumption("Dividends are paid every day per share, from activity times reactions times network score, and "
               "do not fall as more shares are sold.", ("B8", "B10", "B11")),
    Assumption("Reactions count, not just volume, and spam and bots are penalised: bots count as low-quality "
               "followers, and sockpuppets and coordinated buying were banned.", ("B10", "B11", "F4", "F2", "F3")),
    Assumption("Buyers pay a 5% commission.", ("F1", "A1")),
    Assumption("A holder may hold at most 200 shares of one account (the 2011-12 cap).", ("U10", "U17")),
    Assumption("Vacation Mode, up to four weeks a year, freezes the social part of the price and pays the "
               "average dividend.", ("B13",)),
)

# What the record does not say, and what we chose instead.
ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("We model the 2011-12 market, when the nightly re-price ran every night; the later rule that only "
               "trades move the price after two weeks is not modelled.", ("I1", "B20")),
    Assumption("Each dataset's account lists on its first day of data, and its networks' first month stands in "
               "for the history Empire Avenue read when a network was linked.", ("B20", "F5")),
    Assumption("Network Scores average the last 30 days of activity and reactions, so one day changes little "
               "and a pause shows as a slow dip.", ("F5", "B16", "U6")),
    Assumption("At most 20 items a day count per network, as for blog posts, so flooding stops paying.",
               ("U11", "B10")),
    Assumption("Bought followers count as low-quality followers, at one tenth of a real one.", ("F4", "F2")),
    Assumption("Posting at strangers is spam: a network that mentions more distinct accounts in a month than follow "
               "it is talking at least that excess to strangers, and that share of its activity is spam (our rule; "
               "the record names spam penalties, not how spam was found; accounts are counted a day at a time, "
               "so one mentioned on two days counts twice).", ("B10",)),
    Assumption("Volume without reactions is spam: of a month's items, those beyond 30 plus five for every reaction "
               "drawn are spam (our line: every demo person draws more; a quiet account never is), so flooding "
               "does not pay.", ("B10", "B11", "U11")),
    Assumption("An item is spam if either rule finds it (read as independent); a spam item counts a tenth of an "
               "item, as a bot counts a tenth of a follower, and the reactions spam draws count for nothing.",
               ("B10", "F4", "F2")),
    Assumption("An engagement ring's accounts are bot-like: each counts as at most one reaction a day however many "
               "posts it likes, at half a real person's (our weight), and a ring's likes never make items look "
               "less like spam.", ("F4", "F2", "F3")),
    Assumption("A count the export lacks is not measured: a network without follower counts is scored from "
               "activity and engagement alone, one without reaction counts from activity and audience alone; "
               "its dividend then counts only what the export shows (an underestimate, said on the page).",
               ("F4",)),
    Assumption("The social part is 0.35 eaves per Network Score point over the top five networks; the scale is "
               "ours, chosen so a typical newcomer's first re-price lands near the recorded 26 to 33.",
               ("U7",)),
    Assumption("The trading part grows with the log of outstanding shares, so each share bought moves a newcomer "
               "far more than a widely held stock (calibrated to 10 -> 26 on day one, and to 830 shares "
               "moving a 677,392-share stock by about a tenth of an eave).", ("U7", "A1")),
    Assumption("A background of simulated traders plays the market: about 36 flippers buy every newcomer in its "
               "first two days and sell within two weeks, and investors buy or sell towards a yield of about "
               "0.8% a day.", ("U1", "U13", "U7", "U10")),
    Assumption("Investors wait out a newcomer's first two weeks (the weeks that set its Base Share Price), then buy "
               "no faster than lifts the price 3% a day (a thin market that charged more to buy fast-moving "
               "stocks): every newcomer spikes and sags as the flippers sell, then climbs over months to what its "
               "dividend is worth (the 3% is ours).", ("B20", "U1", "B7", "U8", "A1")),
    Assumption("Half the shares investors buy end up with accounts that stop trading (most accounts were "
               "inactive: about 3,000 active of 77,000), so selling after a pause runs out and the price "
               "stops dropping.", ("U8", "U2")),
    Assumption("The dividend scale is ours, chosen so dividends land near the recorded 0.3 to 1.5% a day.",
               ("U10", "U17", "A1")),
    Assumption("A seller receives 50% of the sale price (our reading of 'sellers keep 50%').", ("F1", "U18")),
    Assumption("In the market round, a paid mission buys likes from many different people (each counted like a "
               "ring account's like); running one needs a price of at least 30 eaves.", ("U5",)),
)
