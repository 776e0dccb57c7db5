"""The two windows the scores read, each defined here once; code and prose (pages, CLI) read them from here.

METRICS_DAYS: the transparent metrics' rolling window unless the user picks another (Scores page slider).
SCORE_DAYS: the opaque score's window (Klout said it used a rolling 90-day window, citations "klout_window"),
which the composite's points, True Reach in people and the topics read too.
"""

METRICS_DAYS = 28
SCORE_DAYS = 90
