"""One dataset scored: the value pages, comparisons, reports and the Gaming lab pass around whole.

Built once per dataset and scenario (the app caches the baseline's; a what-if builds its own on each
slider move), so no caller recomputes a series another already has, and no two callers can disagree on
which window or which posts a metric was computed with.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cloutlab.scores import ledger, opaque, transparent
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.windows import METRICS_DAYS


@dataclass(frozen=True)
class Scored:
    """inp scored for a metrics window of `window` days.

    opaque: opaque.score_series (score, slope, subscores, ... per day); composite: ledger.composite_series
    (NaN where the exports carry no received counts); metrics: transparent.metrics_series(window) (the
    t-factor only when the posts were given)."""

    inp: ScoreInput
    window: int
    opaque: pd.DataFrame
    composite: pd.Series
    metrics: pd.DataFrame

    def composite_on(self, day=None) -> float | None:
        """The composite on `day` (default: the last day); None where it has no value."""
        return ledger.composite_on(self.composite, self.inp, day)

    def metrics_on(self, day=None) -> dict[str, float | None]:
        """Every metric on `day` (default: the last day); None where it has no value."""
        return transparent.metrics_on(self.metrics, self.inp, day)


def score(inp: ScoreInput, window: int = METRICS_DAYS, posts=None, *, opaque_series: pd.DataFrame | None = None,
          composite: pd.Series | None = None) -> Scored:
    """Score `inp`. opaque_series, composite: already computed for `inp` (they do not depend on the window,
    so a cache keeps them across window changes)."""
    return Scored(
        inp, window,
        opaque.score_series(inp) if opaque_series is None else opaque_series,
        ledger.composite_series(inp) if composite is None else composite,
        transparent.metrics_series(inp, window, posts=posts),
    )
