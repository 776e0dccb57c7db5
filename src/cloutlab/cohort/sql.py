"""The SQL of the cohort leaderboard (cohort/__init__.py): both scores of many accounts in one DuckDB statement.

Every tunable parameter is formatted in from the objects the single-dataset path reads (hidden.HIDDEN and
its eras, hidden.SUBSCORE_PARTS, ledger.POINTS and ledger.Composite), so the two paths cannot be tuned apart. The fixed
shape constants of the formulas (the curve's 20/50 grading, the drift's periods, the jitter's hash) come
from hidden.SHAPE, which opaque.py reads too; tests/test_cohort.py evaluates every SQL expression here
against the numpy function it mirrors.

Numbers go in as exact DOUBLE literals: a bare 0.75 is a DECIMAL in DuckDB, and mixed DECIMAL arithmetic
would round differently from numpy.
"""

from __future__ import annotations

import datetime as dt

from cloutlab.activity import MENTIONED_ACCOUNTS, RECEIVED, RECEIVED_FROM, RING, day_counts_sql
from cloutlab.scores import opaque, reach
from cloutlab.scores.hidden import FEATURES, JOLT_HASH, SHAPE, SUBSCORE_PARTS, Hidden
from cloutlab.scores.ledger import POINTS, Composite

_SHAPE = SHAPE  # defined once, in scores/hidden.py
# The day counts the windows read (the frame's self_reply is not among them).
_COUNTED = ("items", "original", "reply", "repost", "quote", "replies_sent", "mentions_sent", *RECEIVED)

OUT_COLUMNS = ("platform", "account", "date", "score", "true_reach", "amplification", "network", "composite",
               "items", "followers", "rank_opaque", "rank_composite", "followers_imputed", "true_reach_people")


def num(x: float) -> str:
    """An exact DOUBLE literal (repr round-trips a float; the string cast parses it correctly rounded)."""
    return f"'{float(x)!r}'::DOUBLE"


def curve_sql(z: str, ceiling: str, stretch: str | None = None) -> str:
    """opaque.curve as a SQL expression of z, the era ceiling and the era's top stretch (default 1)."""
    s = {k: num(v) for k, v in _SHAPE.items()}
    stretch = stretch or num(1)
    lin = f"({s['middle']} + {s['per_sd']} * ({z}))"
    top = (f"{s['knee']} + ({ceiling} - {s['knee']}) * tanh(({lin} - {s['knee']}) / "
           f"(({ceiling} - {s['knee']}) * {stretch}))")
    bottom = f"{s['floor']} + {s['floor_span']} * exp((least({lin}, {s['floor_knee']}) - {s['floor_knee']}) / {s['floor_span']})"
    return f"(CASE WHEN {lin} > {s['knee']} THEN {top} WHEN {lin} < {s['floor_knee']} THEN {bottom} ELSE {lin} END)"


def _ordinal(day: str) -> str:
    """Days since 1970-01-01 as a DOUBLE, as opaque reads datetime64[D]."""
    return f"(({day}) - DATE '1970-01-01')::DOUBLE"


def drift_sql(day: str, h: Hidden) -> str:
    """The reference population's drift on `day`, in sigmas (opaque.reference_middle)."""
    s = {k: num(v) for k, v in _SHAPE.items()}
    t = f"(({_ordinal(day)} - {s['epoch_day']}) / {s['year']})"
    two_pi_t = f"({num(2)} * pi() * {t})"
    return (f"({num(h.drift)} * sin({two_pi_t}) + {num(h.wander)} * "
            f"(sin({two_pi_t} / {s['period_a']}) + sin({two_pi_t} / {s['period_b']})))")


def jitter_sql(day: str, salt: str, h: Hidden) -> str:
    """opaque.jitter for a day and a salt (opaque.salt of the seed, computed in Python)."""
    s = {k: num(v) for k, v in _SHAPE.items()}
    x = f"(abs(sin({_ordinal(day)} * {s['hash_day']} + ({salt})::DOUBLE * {s['hash_salt']})) * {s['hash_scale']})"
    return f"({num(h.jitter)} * ({num(2)} * ({x} - floor({x})) - {num(1)}) + {jolt_sql(day, salt, h)})"


def jolt_sql(day: str, salt: str, h: Hidden) -> str:
    """opaque.jolt: the occasional overnight move of 2 to 4 points (hidden.JOLT_HASH, Hidden.jolt_*)."""
    a, b, scale = (num(c) for c in JOLT_HASH)
    y = f"(abs(sin({_ordinal(day)} * {a} + ({salt})::DOUBLE * {b})) * {scale})"
    v = f"({y} - floor({y}))"
    w = f"({v} / {num(h.jolt_share)})"
    size = f"({num(h.jolt_min)} + {num(h.jolt_max - h.jolt_min)} * ({num(2)} * {w} - floor({num(2)} * {w})))"
    return f"(CASE WHEN {v} < {num(h.jolt_share)} THEN (CASE WHEN {w} < {num(0.5)} THEN -{size} ELSE {size} END) ELSE {num(0)} END)"


def round2(x: str) -> str:
    """np.round(x, 2): scale, round half to even, unscale (DuckDB's round() rounds halves away from 0)."""
    return f"(round_even(({x}) * {num(100)}, 0) / {num(100)})"


def _eras_values(h: Hidden) -> str:
    """One row per era: its first and last-plus-one day, curve middle, spread, ceiling, stretch, weights,
    and each subscore's middle and spread."""
    rows = []
    for i, e in enumerate(h.eras):
        stop = h.eras[i + 1].start if i + 1 < len(h.eras) else dt.date(9999, 12, 31)
        vals = [num(e.mu), num(e.sigma), num(e.ceiling), num(e.stretch), *(num(e.weights[f]) for f in FEATURES),
                *(num(v) for s in SUBSCORE_PARTS for v in e.subs[s])]
        rows.append(f"(DATE '{e.start}', DATE '{stop}', {', '.join(vals)})")
    cols = ", ".join(["start", "stop", "mu", "sigma", "ceiling", "stretch", *(f"w_{f}" for f in FEATURES),
                      *(f"{s}_{k}" for s in SUBSCORE_PARTS for k in ("mid", "spread"))])
    return f"(VALUES {', '.join(rows)}) AS e({cols})"


def _points_sql(params: Composite) -> str:
    """Points a day's counts earn (ledger.points_series): NULL counts earn nothing."""
    terms = [f"coalesce({r.column}, 0) * {r.points_each}" for r in POINTS
             # a ring's likes are inside likes already; stored posts carry no ring anyway
             if r.side in params.sides and r.column != RING]
    return " + ".join(terms) or "0"


def _reactions_sql(h: Hidden) -> str:
    """Type-weighted reactions of a day (opaque.effective_reactions), or the no-counts fallback. A count
    the export lacks is NULL on every row, so coalescing it to 0 adds nothing, as leaving it out does."""
    known = " OR ".join(f"has_{c}" for c in RECEIVED)
    total = " + ".join(f"{num(w)} * coalesce({c}, 0)" for c, w in zip(RECEIVED, h.reaction_weights))
    return f"CASE WHEN {known} THEN {total} ELSE own * {num(h.unknown_per_post)} END"


def _share_sql(newest: str, end: int, h: Hidden) -> str:
    """clip((end - newest) / (end - fade_after), 0, 1): opaque.left (end: window + 1) and the share of the
    window's days still ahead of a fade (end: window)."""
    return f"greatest({num(0)}, least({num(1)}, ({num(end)} - ({newest})::DOUBLE) / {num(end - h.fade_after)}))"


def curve_inverse_sql(y: str, ceiling: str, stretch: str) -> str:
    """opaque.curve_inverse. The guards keep the branch a row does not take inside ln's and atanh's domain
    (DuckDB may evaluate it); they never change the branch taken."""
    s = {k: num(v) for k, v in _SHAPE.items()}
    edge = num(1 - 1e-15)
    top = (f"{s['knee']} + ({ceiling} - {s['knee']}) * {stretch} * "
           f"atanh(greatest(-{edge}, least({edge}, (({y}) - {s['knee']}) / ({ceiling} - {s['knee']}))))")
    bottom = f"{s['floor_knee']} + {s['floor_span']} * ln(greatest({num(1e-300)}, (({y}) - {s['floor']}) / {s['floor_span']}))"
    lin = f"(CASE WHEN ({y}) > {s['knee']} THEN {top} WHEN ({y}) < {s['floor_knee']} THEN {bottom} ELSE ({y}) END)"
    return f"(({lin} - {s['middle']}) / {s['per_sd']})"


def _fade_ctes(h: Hidden) -> str:
    """opaque.fade: the era of each row, and the account's own features scaled so the score (jitter aside) is
    the one without them plus `share` of the difference."""
    own = " + ".join(f"e.w_{f} * {f}" for f in opaque.OWN)
    rest = " + ".join(f"e.w_{f} * {f}" for f in FEATURES if f not in opaque.OWN)
    full, none = (curve_sql(f"(({r}) - fade_mid) / sigma", "ceiling", "stretch")
                  for r in ("fade_own + fade_rest", "fade_rest"))
    wanted = f"fade_mid + sigma * {curve_inverse_sql(f'{none} + share * ({full} - {none})', 'ceiling', 'stretch')}"
    return f"""
    graded AS (
        SELECT f.*, e.*, {own} AS fade_own, {rest} AS fade_rest, (e.mu + {drift_sql('day', h)} * e.sigma) AS fade_mid
        FROM featured f LEFT JOIN {_eras_values(h)} ON day >= e.start AND day < e.stop  -- no day: no era
    ),
    faded AS (
        SELECT * EXCLUDE ({', '.join(opaque.OWN)}, k), {', '.join(f'k * {f} AS {f}' for f in opaque.OWN)}
        FROM (SELECT *, CASE WHEN share >= {num(1)} THEN {num(1)} WHEN fade_own > {num(0)}
                             THEN greatest({num(0)}, least({num(1)}, (({wanted}) - fade_rest) / fade_own))
                             ELSE {num(0)} END AS k
              FROM graded)
    )"""


def _subscore_sql(name: str) -> str:
    """opaque.subscore_raw graded on the subscore's own curve of the era (hidden.SUBSCORE_PARTS, Era.subs)."""
    raw = " + ".join(f"{num(part)} * e.w_{f} * {f}" for f, part in SUBSCORE_PARTS[name].items())
    return round2(curve_sql(f"(({raw}) - e.{name}_mid) / e.{name}_spread", num(100)))


def _reach_people_sql() -> str:
    """reach.people_reached of the window's reactions and the followers, rounded and at most the followers;
    NULL where the export lacks the followers or every received count (reach.reason)."""
    k, f = num(reach.SHAPE), "followers::DOUBLE"
    known = " OR ".join(f"has_{c}" for c in RECEIVED)
    people = f"{f} * ({num(1)} - power({num(1)} + reactions / ({k} * {f}), -{k}))"
    return (f"CASE WHEN followers IS NULL OR NOT coalesce({known}, false) THEN NULL WHEN followers <= 0 THEN "
            f"{num(0)} ELSE round_even(least({f}, {people}), 0) END")


def leaderboard_sql(keys: str, h: Hidden, params: Composite) -> str:
    """The statement. `keys` names a table (platform, account, salt) of the accounts to score; $at is the
    day (NULL: each account's last day with data)."""
    return f"""
    WITH {_window_ctes(keys, h, params)},
    {_score_ctes(h, params)}
    SELECT platform, account, day AS date,
           {', '.join(f'CASE WHEN in_data THEN {c} END AS {c}' for c in ('score', *opaque.SUBSCORES, 'composite'))},
           CASE WHEN in_data THEN window_items END AS items, followers,
           CASE WHEN in_data THEN rank() OVER (PARTITION BY in_data ORDER BY score DESC) END AS rank_opaque,
           CASE WHEN in_data THEN rank() OVER (PARTITION BY in_data ORDER BY composite DESC) END AS rank_composite,
           followers_imputed, CASE WHEN in_data THEN true_reach_people END AS true_reach_people
    FROM scored
    ORDER BY rank_opaque NULLS LAST, platform, account
    """


def _window_ctes(keys: str, h: Hidden, params: Composite) -> str:
    """CTEs up to `windowed`: per account, the recency-weighted window sums and the composite's points."""
    span = max(h.window, params.window)  # days of posts read: the longer of the two windows
    outage = f"DATE '{h.outage_day}'"
    return f"""
    history AS (  -- over the whole history, as activity._daily_sql's `known` and `span`
        SELECT platform, account, min(created_at)::DATE AS first_day, max(created_at)::DATE AS last_day,
               {', '.join(f'bool_or({RECEIVED_FROM[c]} IS NOT NULL) AS has_{c}' for c in RECEIVED)}
        FROM posts SEMI JOIN {keys} USING (platform, account)
        GROUP BY platform, account
    ),
    target AS (
        SELECT k.platform, k.account, k.salt, a.followers, hi.* EXCLUDE (platform, account),
               coalesce($at::DATE, hi.last_day) AS day,
               coalesce(coalesce($at::DATE, hi.last_day) BETWEEN hi.first_day AND hi.last_day, false) AS in_data
        FROM {keys} k LEFT JOIN history hi USING (platform, account)
        LEFT JOIN (SELECT platform, account, sum(followers)::BIGINT AS followers FROM accounts GROUP BY ALL) a
            USING (platform, account)
    ),
    src AS (  -- the posts either window reads, with their age in days on the scoring day
        SELECT p.platform, p.account, (t.day - p.created_at::DATE)::INTEGER AS age,
               p.kind, p.is_self_reply, p.mentions,
               {', '.join(f'p.{c}' for c in RECEIVED_FROM.values())}
        FROM posts p JOIN target t USING (platform, account)
        WHERE t.in_data AND p.created_at::DATE BETWEEN t.day - {span - 1} AND t.day
    ),
    counted AS (  -- the daily frame's counts (activity.DAY_COUNTS), per account and day of the window
        SELECT platform, account, age,
               {day_counts_sql(_COUNTED)}
        FROM src GROUP BY platform, account, age
    ),
    mentioned AS (
        SELECT platform, account, age, {MENTIONED_ACCOUNTS} AS mentioned_accounts
        FROM (SELECT platform, account, age, unnest(mentions) AS mention FROM src WHERE len(mentions) > 0)
        GROUP BY platform, account, age
    ),
    daily AS (  -- what the windows read each day; days without items add 0 to every sum, so need no row
        SELECT c.*, original + quote + reply AS own,
               replies_sent + coalesce(m.mentioned_accounts, 0) AS sent,
               {', '.join(f't.has_{c}' for c in RECEIVED)},
               -- the outage day's data never fully arrived
               CASE WHEN t.day - c.age = {outage} THEN {num(1 - h.outage_loss)} ELSE {num(1)} END AS arrived
        FROM counted c JOIN target t USING (platform, account)
        LEFT JOIN mentioned m USING (platform, account, age)
    ),
    weights AS (  -- opaque.window_weights and opaque.decay_weights: exp(-age / tau) normalised over the window
        SELECT range::INTEGER AS age,
               {num(h.recent_share)} * (exp(-range / {num(h.tau_recent)}) / sum(exp(-range / {num(h.tau_recent)})) OVER ())
               + {num(1 - h.recent_share)} * (exp(-range / {num(h.tau)}) / sum(exp(-range / {num(h.tau)})) OVER ()) AS w,
               exp(-range / {num(h.tau_amp)}) / sum(exp(-range / {num(h.tau_amp)})) OVER () AS w_amp
        FROM range({h.window})
    ),
    windowed AS (  -- a weight is NULL past the opaque window, and sum() skips it
        SELECT platform, account,
               sum(w * items) AS items, sum(w * react) AS react, sum(w_amp * react) AS react_amp,
               sum(w * items) AS shared, sum(w * sent) AS sent,
               sum(items) FILTER (age < {h.window}) AS window_items,
               min(age) FILTER (age < {h.window} AND items > 0) AS newest,  -- opaque.days_since_item
               sum({' + '.join(f'coalesce({c}, 0)' for c in RECEIVED)}) FILTER (age < {h.window}) AS reactions,
               sum(points) FILTER (age < {params.window}) AS points
        FROM (SELECT *, ({_reactions_sql(h)}) * arrived AS react, {_points_sql(params)} AS points FROM daily)
        LEFT JOIN weights USING (age)
        GROUP BY platform, account
    )"""


def _score_ctes(h: Hidden, params: Composite) -> str:
    """CTEs from `loaded` to `scored`: features, the era's weights and curve, a long break's fade, jitter,
    the composite."""
    outage = f"DATE '{h.outage_day}'"
    raw = " + ".join(f"e.w_{f} * {f}" for f in FEATURES)
    z = f"(({raw}) - (e.mu + {drift_sql('day', h)} * e.sigma)) / e.sigma"
    score = f"{curve_sql(z, 'e.ceiling', 'e.stretch')} + {jitter_sql('day', 'salt', h)}"
    return f"""
    loaded AS (  -- on the outage day the score saw only part of every input but the usual posting rate
        SELECT t.*, CASE WHEN t.day = {outage} THEN {num(1 - h.outage_loss)} ELSE {num(1)} END AS part,
               coalesce(wi.items, 0) AS items, coalesce(wi.react, 0) AS react,
               coalesce(wi.react_amp, 0) AS react_amp, coalesce(wi.shared, 0) AS shared,
               coalesce(wi.sent, 0) AS sent, coalesce(wi.window_items, 0) AS window_items,
               coalesce(wi.points, 0) AS points, coalesce(wi.reactions, 0) AS reactions,
               -- opaque.left and feature_values' rate: no item in the window reads as inf there, as 0 here
               {_share_sql(f"coalesce(wi.newest, {h.window + 1})", h.window + 1, h)} AS share,
               {_share_sql(f"coalesce(wi.newest, {h.window})", h.window, h)} AS still
        FROM target t LEFT JOIN windowed wi USING (platform, account)
    ),
    featured AS (  -- opaque.feature_values
        SELECT *,
               ln(1 + rate * (part * items)) AS activity,
               ln(1 + rate * (part * react)) AS engagement,
               ln(1 + rate * (part * ({num(h.amp_share)} * react_amp + {num(1 - h.amp_share)} * react))
                  / (rate * shared + {num(h.prior_posts)})) AS per_post,
               ln(1 + rate * (part * sent)) AS outreach,
               log10(1 + coalesce(followers::DOUBLE,
                   {num(_SHAPE['impute_per_reaction'])} * (part * react) + {num(_SHAPE['impute_base'])})) AS audience,
               {num(0)} AS networks,  -- one account is one network: max(networks - 1, 0) = 0
               ln(1 + part * {num(h.mention_rate)} * coalesce(followers::DOUBLE,  -- mentions by others
                   {num(_SHAPE['impute_per_reaction'])} * (part * react) + {num(_SHAPE['impute_base'])})) AS talked_about
        FROM (SELECT *, CASE WHEN still > 0 THEN {num(1)} / still ELSE {num(0)} END AS rate FROM loaded)
    ),
    {_fade_ctes(h)},
    scored AS (
        SELECT platform, account, day, in_data, window_items, followers, followers IS NULL AS followers_imputed,
               {round2(f'greatest({num(1)}, least({num(100)}, {score}))')} AS score,
               {', '.join(f'{_subscore_sql(s)} AS {s}' for s in opaque.SUBSCORES)},
               round_even({num(1)} + {num(999)} * least({num(1)}, log10(1 + greatest(points, 0))
                          / log10(1 + {num(params.top_points)})), 0) AS composite,
               {_reach_people_sql()} AS true_reach_people
        FROM faded e  -- each row carries its era's columns (no day: no era)
    )"""
