"""Print the reference-curve parameters (mu, sigma) of each era from the synthetic population.

The opaque model grades on a curve: mu is the population's median raw score (graded 20) and sigma makes
its 95th percentile grade 50. Run this after changing the population or an era's weights, then copy the
figures into src/cloutlab/scores/hidden.py (the 2011-10-26 era adds its documented rise of the bar).
"""

import numpy as np

from cloutlab import population
from cloutlab.scores import opaque
from cloutlab.scores.hidden import FEATURES, HIDDEN

pop = population.simulate(20_000)
tot = population.end_windows(pop, lambda tau: opaque._weights(HIDDEN.window, tau))
feats = opaque.feature_values(tot, np.zeros(len(pop["followers"])), pop["followers"].astype(float))
matrix = np.column_stack([feats[f] for f in FEATURES])
for era in HIDDEN.eras:
    raw = matrix @ np.array([era.weights[f] for f in FEATURES])
    mu = float(np.median(raw))
    sigma = (float(np.percentile(raw, 95)) - mu) / 1.645
    print(f"{era.name:20s} mu={mu:.3f} sigma={sigma:.3f}   (hidden.py has mu={era.mu}, sigma={era.sigma})")
for name, (parts, mid, spread) in opaque._SUB.items():
    raw = sum(w * feats[f] for f, w in parts.items())
    m = float(np.median(raw))
    print(f"subscore {name:14s} mid={m:.3f} spread={(float(np.percentile(raw, 95)) - m) / 1.645:.3f}   (has {mid}, {spread})")
