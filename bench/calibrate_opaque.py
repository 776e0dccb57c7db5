"""Print the curve parameters of each era (mu, sigma, and every subscore's mid and spread) from the
synthetic reference population, for the targets the record gives.

The opaque model grades on a curve: "the average Klout score is close to 20 and a score greater than 50 puts
you in the 95th percentile" (Sean Cooke's deck; The Realtime Report, Apr 2012: "around 20"). Each era's mu
and sigma put the population's median at TARGET[era][0] and its 95th percentile at TARGET[era][1]: the 2011
update leaves the middle a little lower, the 2012 update lifts most accounts ("most users went up",
SocialMediaToday). Subscores: median 20, 95th percentile 50 in every era. Run after changing the population
or an era's weights, then copy the figures into src/cloutlab/scores/hidden.py.

    .venv/bin/python bench/calibrate_opaque.py
"""

import numpy as np

from cloutlab.scores import population
from cloutlab.scores.hidden import FEATURES, HIDDEN, SUBSCORE_PARTS

TARGET = {"launch": (20.0, 50.0), "2011-10-26 update": (19.0, 49.4), "2012-08-14 update": (21.5, 50.6)}
PER_SD = 30.0 / 1.645  # curve: +1 sd of raw is this many points

feats = population._reference_features()
for era in HIDDEN.eras:
    raw = np.column_stack([feats[f] for f in FEATURES]) @ np.array([era.weights[f] for f in FEATURES])
    med, p95 = float(np.median(raw)), float(np.percentile(raw, 95))
    m, p = TARGET[era.name]
    zm, zp = (m - 20.0) / PER_SD, (p - 20.0) / PER_SD
    sigma = (p95 - med) / (zp - zm)
    mu = med - zm * sigma
    subs = {}
    for name, parts in SUBSCORE_PARTS.items():
        r = sum(part * era.weights[f] * feats[f] for f, part in parts.items())
        mid = float(np.median(r))
        subs[name] = (round(mid, 3), round((float(np.percentile(r, 95)) - mid) / 1.645, 3))
    print(f"{era.name}: mu={mu:.3f}, sigma={sigma:.3f}, subs={subs}")
    print(f"    (hidden.py has mu={era.mu}, sigma={era.sigma}, subs={era.subs})")
