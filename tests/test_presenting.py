"""Presenter mode's pure parts (issue 15): the zoom finds the changed period, the y range fits it, and the
animation stays small on a long history."""

import pandas as pd
import plotly.graph_objects as go

from cloutlab.present import presenter as presenting

DAYS = pd.date_range("2024-01-01", periods=700, freq="D")


def test_a_late_break_is_a_wide_part_of_the_zoomed_window():
    base = pd.Series(36.0, index=DAYS)
    what = base.copy()
    what.iloc[-7:] = [34, 32, 30, 29, 28, 27, 26]
    lo, hi = presenting.changed_window(base, what)
    assert hi == DAYS[-1] and (hi - lo).days + 1 >= 21
    assert 7 / ((hi - lo).days + 1) >= 0.2  # the change takes at least a fifth of the width
    y = presenting.fitted_range([base, what], (lo, hi), 1, 100)
    assert (36 - 26) / (y[1] - y[0]) >= 0.2  # and at least a fifth of the height
    assert presenting.changed_window(base, base.copy()) is None


def test_animation_frames_are_capped_and_end_on_the_last_day():
    base = pd.Series(range(700), index=DAYS, dtype=float)
    fig = go.Figure([go.Scatter(x=DAYS, y=base, name="baseline"), go.Scatter(x=DAYS, y=base + 1, name="what-if")])
    presenting.animate(fig, "what-if", base + 1, pd.Series(dtype=str), (DAYS[0], DAYS[-1]))
    assert 20 <= len(fig.frames) <= 40 and fig.frames[-1].name == f"{DAYS[-1]:%Y-%m-%d}"
    assert len(fig.frames[-1].data[0].x) == 700 and fig.layout.updatemenus[0].buttons[0].label.endswith("Play")
