"""What the Import page says about the exports of the networks Klout scored (issue 14): what each carries
and what it lacks (docs/export-formats-2.md). Text only, so the page stays thin."""

from cloutlab.scores.missing import NOT_IN_EXPORT

NETWORKS_MD = f"""\
Also the networks Klout scored:
- **Facebook** "Download your information" in **JSON** (the `facebook-...zip` or its folder, any layout since
  2018): every post once (status, link, photo, check-in, share), comments you wrote, friends and followers.
  *Lacks* reactions, comments and shares received: those metrics say "{NOT_IN_EXPORT}". HTML copies are
  refused: request JSON.
- **LinkedIn** "Get a copy of your data": `Shares.csv` (posts), `Comments.csv` (your comments) and
  `Connections.csv` (audience). *Lacks* reactions and comments received, and a follower count.
- **Instagram** (JSON): posts (`content/posts_1.json` and further parts), your comments, followers.
  *Lacks* likes and comments received.
- **Google+** (Google Takeout, before April 2019, HTML or JSON): posts with their +1s, reshares and
  comments received. *Lacks* when the +1s came, and followers.

Klout read the missing counts through each network's API; an export cannot, so the opaque score assumes a
typical number of reactions per post there (see Methodology). Private messages, login and address-book
files are never opened.
"""
