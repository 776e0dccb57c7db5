"""The What-if lab's sliders: widget keys, presets, and the scenario <-> URL query round trip."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cloutlab import whatif
from cloutlab.errors import CloutlabError
from cloutlab.whatif import presets
from cloutlab.ui.state import Keys

SHARES = ["as is"] + [f"{p}%" for p in range(0, 101, 10)]
# Slider ranges (the Scenario accepts more; a link beyond them is clamped with a note).
RANGES = {"frequency": (0.0, 5.0), "break_weeks": (0, 52), "bought_followers": (0, 100_000),
          "ring_size": (0, 100), "ring_reactions": (0, 100), "audience_away": (0, 12)}
# Every Scenario field has a session key (Keys.WHATIF); a field no widget draws (audience_away_start, seed)
# is kept there as it is, so a link made by `cloutlab whatif` is carried through the lab unchanged.
KEY = Keys.WHATIF
DATE_FIELDS = tuple(name for name in whatif.FIELDS if whatif.SPECS[name].kind == "date")
DATES = tuple(Keys.WI_PICKED)  # the date widgets that show a default until the person picks a date
# A date the person has not picked stays "default" (None in the Scenario): it then follows the data and
# the other sliders (a longer break still ends on the last day) and stays out of the shared link.
PICKED = Keys.WI_PICKED
QUERY_SEEDED = Keys.WI_QUERY_SEEDED
PRESET = Keys.WI_PRESET
# Streamlit deletes a widget's key at the end of any run that does not draw it (another page): the values
# are copied here after every draw (a plain key, never deleted) and put back before the next draw.
SAVED = Keys.WI_SAVED
# Dates this code wrote into the date widgets itself (recent defaults). A browser that sends a rerun
# before it has seen the newest default echoes an older one back; that echo is not the person's pick.
AUTO = Keys.WI_AUTO_DATES
RING_SET = Keys.WI_RING_SET
RING_LAST = Keys.WI_RING_LAST
RING_LEADER = Keys.WI_RING_LEADER
RING_WROTE, RING_FRESH = Keys.WI_RING_WROTE, Keys.WI_RING_FRESH

NO_PRESET = "Choose a classic case..."
# The classic cases the What-if lab offers (one list with the Gaming lab's strategies: whatif/presets.py).
PRESETS: dict[str, dict] = {NO_PRESET: {}, **{p.name: p.changes for p in presets.offered(presets.WHATIF)}}


def _share_label(v: float | None) -> str:
    return "as is" if v is None else f"{round(v * 100 / 10) * 10:.0f}%"


def _share_value(label: str) -> float | None:
    return None if label == "as is" else int(label.rstrip("%")) / 100


def _fit(s: whatif.Scenario, notes: list[str]) -> whatif.Scenario:
    """The scenario with every value inside its slider's range."""
    changes = {}
    for name, (lo, hi) in RANGES.items():
        value = getattr(s, name)
        if not lo <= value <= hi:
            changes[name] = min(max(value, lo), hi)
            notes.append(f"{name}={value} is beyond the slider; showing {changes[name]}.")
    if "ring_size" in changes or "ring_reactions" in changes:
        changes["ring_reactions"] = min(changes.get("ring_reactions", s.ring_reactions), changes.get("ring_size", s.ring_size))
    return s.replace(**changes) if changes else s


def _shown(name: str, s: whatif.Scenario, resolved: whatif.Scenario, platforms: list[str]):
    """How the lab's session state holds field `name` of `s`, by the field's kind in Scenario's spec."""
    spec, value = whatif.SPECS[name], getattr(s, name)
    if name in DATES:  # the widget shows the default date until one is picked
        return getattr(resolved, name)
    if spec.kind == "number":
        return _share_label(value) if spec.optional else float(value)
    if spec.kind == "platform":
        return value if value in platforms else "none"
    return value  # whole numbers, and dates with no default (None: not set)


def _read(name: str, platforms: list[str]):
    """Field `name` as the lab's session state holds it, back in the Scenario's terms (the inverse of _shown)."""
    g, spec = st.session_state, whatif.SPECS[name]
    if KEY[name] not in g:
        return getattr(whatif.Scenario(), name)
    value = g[KEY[name]]
    if spec.kind == "number":
        return _share_value(value) if spec.optional else round(float(value), 4)
    if spec.kind == "int":
        return int(value)
    if spec.kind == "platform":
        return value if value in platforms else None
    return value if isinstance(value, dt.date) else None


def _to_widgets(s: whatif.Scenario, first: dt.date, last: dt.date, platforms: list[str]) -> None:
    """Write a scenario into the widgets' session keys (before they are drawn): every field of it."""
    r = whatif.resolve(s.replace(break_weeks=max(s.break_weeks, 1), bought_followers=max(s.bought_followers, 1),
                                 unlink=s.unlink or "x", relink_at=None), first, last)
    st.session_state.update({KEY[name]: _shown(name, s, r, platforms) for name in whatif.FIELDS})
    st.session_state.update({PICKED[name]: getattr(s, name) is not None for name in DATES})
    st.session_state[RING_SET] = s.ring_reactions != s.ring_size  # a link's or preset's own choice
    st.session_state[RING_LAST] = (s.ring_size, s.ring_reactions)
    st.session_state[RING_FRESH] = {"ring_size": s.ring_size, "ring_reactions": s.ring_reactions}  # written now
    for name in DATES:
        _auto(name, st.session_state[KEY[name]])


def _auto(name: str, value) -> None:
    """Remember a date written by this code (the last few: a quick series of key presses echoes them)."""
    seen = st.session_state.setdefault(AUTO, {}).setdefault(name, [])
    if value not in seen:
        seen.append(value)
        del seen[:-12]


def _clamp_dates(first: dt.date, last: dt.date) -> None:
    """Another dataset may cover other dates: keep every date widget inside the data."""
    for name in DATE_FIELDS:
        value = st.session_state.get(KEY[name])
        if isinstance(value, dt.date):
            st.session_state[KEY[name]] = min(max(value, first), last)


def _follow_defaults(first: dt.date, last: dt.date) -> None:
    """Show the default date of every date the person has not picked (before the widgets are drawn)."""
    g = st.session_state
    r = whatif.resolve(whatif.Scenario(break_weeks=max(int(g[KEY["break_weeks"]]), 1), bought_followers=1,
                                       unlink="x"), first, last)
    for name in DATES:
        if not g.get(PICKED[name]):
            g[KEY[name]] = getattr(r, name)
            _auto(name, g[KEY[name]])


def _picked(name: str) -> None:
    """on_change of a date: the person picked it, unless the browser only echoed one of our defaults."""
    if st.session_state.get(KEY[name]) in st.session_state.get(AUTO, {}).get(name, []):
        return
    st.session_state[PICKED[name]] = True
    _moved()


def _moved(name: str | None = None) -> None:
    """on_change of every slider: a hand-set scenario is no longer the preset. (The engagement ring's two
    sliders are reconciled in _settle_ring, before they are drawn, not here: see there.)"""
    st.session_state[PRESET] = NO_PRESET


def _settle_ring() -> None:
    """Keep the engagement ring's two sliders meaningful (one alone did nothing before): until the person
    sets the likes themselves, they follow the accounts (each ring account likes every post); likes set
    above the accounts raise the accounts (one like per account).

    Done once per run, before the sliders are drawn, by comparing both values with the ones this code
    settled last time, rather than in the sliders' callbacks. A browser sends every widget's value with
    each rerun, so fast presses on one ring slider send an older value of the other one (from before the
    server moved it) along with the new one: both then look changed. Only the slider the person last
    moved is theirs; the other is an echo and gets back the value this code gave it. Applying the echo
    (as callbacks writing each other did) left the page showing one ring and scoring another (issue 10).

    The slider being pressed is not written, so a fast series of presses is not pulled back by the answers
    to the earlier ones. But an answer that writes a slider (as the follower, or from a link or a preset)
    can reach the browser after the person has begun pressing that very slider: they switched sliders
    while it was on its way. The browser then shows the written value while this run, and the link and
    the numbers, use the pressed one, and nothing put it right (issue 22). So a slider the previous run
    wrote is written again while the browser sends another value for it: each answer then carries the
    person's latest value, and once the presses stop the page shows what the link says."""
    g = st.session_state
    size, likes = int(g.get(KEY["ring_size"], 0)), int(g.get(KEY["ring_reactions"], 0))
    last_size, last_likes = g.get(RING_LAST, (size, likes))
    moved = {n for n, now, before in (("ring_size", size, last_size), ("ring_reactions", likes, last_likes))
             if now != before}
    if len(moved) == 2:  # one of them is an echo: keep the person's last slider, put the other one back
        if g.get(RING_LEADER) == "ring_size":
            likes, moved = last_likes, {"ring_size"}
        else:
            size, moved = last_size, {"ring_reactions"}
    if moved == {"ring_reactions"}:
        g[RING_SET] = likes > 0  # back at 0: follow the accounts again
        size = max(size, likes)
    elif moved == {"ring_size"}:
        likes = min(likes, size) if g.get(RING_SET) else size
    settled = {"ring_size": size, "ring_reactions": likes}
    wrote = dict(g.pop(RING_FRESH, {}))  # a link or a preset wrote both in this run, before the sliders
    if moved:
        g[RING_LEADER] = leader = next(iter(moved))
        # The other slider is written (so the browser is told it, even when it sent that very value: an
        # older run's answer may have moved it since).
        follower = "ring_reactions" if leader == "ring_size" else "ring_size"
        wrote[follower] = settled[follower]
    for name, value in g.get(RING_WROTE, {}).items():
        if name not in wrote and value != settled[name]:  # the previous answer may pull it back: say it again
            wrote[name] = settled[name]
    for name, value in wrote.items():
        g[KEY[name]] = value
    g[RING_WROTE] = wrote
    g[RING_LAST] = (size, likes)


def _restore() -> None:
    """Put back the widget values Streamlit dropped while another page was shown."""
    for key, value in st.session_state.get(SAVED, {}).items():
        if key not in st.session_state:
            st.session_state[key] = value


def _save() -> None:
    st.session_state[SAVED] = {k: st.session_state[k] for k in (*KEY.values(), *PICKED.values())
                               if k in st.session_state}


def seed_from_link(first: dt.date, last: dt.date, platforms: list[str]) -> list[str]:
    """On the page's first run in a session, restore the scenario of a shared link; returns notes."""
    if st.session_state.get(QUERY_SEEDED) and SAVED in st.session_state:
        _restore()
        _clamp_dates(first, last)
        return []
    st.session_state[QUERY_SEEDED] = True
    notes: list[str] = []
    scenario = _fit(whatif.from_query(st.query_params.to_dict(), notes), notes)
    try:
        whatif.resolve(scenario, first, last)  # every date checked as the command line checks it
        _to_widgets(scenario, first, last, platforms)
    except CloutlabError as exc:  # e.g. a date outside this dataset: start from no change instead
        notes.append(f"The link's scenario does not fit this dataset: {exc} Showing no change.")
        _to_widgets(whatif.Scenario(), first, last, platforms)
    return notes


def apply_preset(first: dt.date, last: dt.date, platforms: list[str]) -> None:
    """on_change of the preset picker: set the sliders to the preset (everything else back to no change)."""
    changes = dict(PRESETS.get(st.session_state.get(PRESET), {}))
    if changes:
        after = changes.pop("relink_after_days", None)
        s = whatif.Scenario(**changes)
        if after is not None:  # relinked `after` days after the (default) unlink date
            unlinked = whatif.resolve(s, first, last).unlink_at
            if unlinked + dt.timedelta(days=after) <= last:
                s = s.replace(unlink_at=unlinked, relink_at=unlinked + dt.timedelta(days=after))
        _to_widgets(s, first, last, platforms)


def scenario_from_widgets(platforms: list[str]) -> whatif.Scenario:
    """The Scenario the sliders describe: every field (dates only for features that are on)."""
    g = st.session_state
    values = {name: _read(name, platforms) for name in whatif.FIELDS}
    for name in DATE_FIELDS:
        if not values[whatif.SPECS[name].switch] or (name in DATES and not g.get(PICKED[name])):
            values[name] = None  # its feature is off, or the date follows the default
    if values["relink_at"] is not None and values["relink_at"] <= g[KEY["unlink_at"]]:
        values["relink_at"] = None  # only after the unlink date: an earlier one is ignored
    values["ring_reactions"] = min(values["ring_reactions"], values["ring_size"])
    return whatif.Scenario(**values)


def sync_link(scenario: whatif.Scenario, persona: str | None) -> None:
    """Keep the URL equal to the view, so a copied link restores it. Only the scenario's own keys are
    touched: the dataset (links.sync), presenter mode and anything else in the link stay as they are."""
    wanted = whatif.to_query(scenario)
    for name in whatif.FIELDS:
        if name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]


def draw(first: dt.date, last: dt.date, platforms: list[str]) -> whatif.Scenario:
    """All sliders, grouped; returns the scenario they describe."""
    # A preset that unlinks a network this dataset does not have would change nothing: leave it out.
    offered = [name for name, p in PRESETS.items() if p.get("unlink") in (None, *platforms)]
    if st.session_state.get(PRESET) not in offered:  # e.g. after switching to a dataset without Facebook
        st.session_state[PRESET] = NO_PRESET
    st.selectbox("Preset", offered, key=PRESET, on_change=apply_preset, args=(first, last, platforms))
    _follow_defaults(first, last)
    _settle_ring()
    a, b, c = st.columns(3)
    with a:
        st.slider("Posting frequency (x your real rate)", *RANGES["frequency"], step=0.1, key=KEY["frequency"], on_change=_moved, args=("frequency",),
                  help="Below 1 drops posts at random; above 1 repeats your own posts, each drawing fewer reactions.")
        st.slider("Break (weeks with no posts)", *RANGES["break_weeks"], key=KEY["break_weeks"], on_change=_moved, args=("break_weeks",))
        st.date_input("Break starts", min_value=first, max_value=last, key=KEY["break_start"],
                      on_change=_picked, args=("break_start",),
                      disabled=not st.session_state[KEY["break_weeks"]])
        st.slider("Audience away (weeks, ending on the last day)", *RANGES["audience_away"], key=KEY["audience_away"],
                  on_change=_moved, args=("audience_away",),
                  help="You post as usual but most of your audience is elsewhere (a convention, Christmas week): "
                       "reactions fall to 30%.")
    with b:
        st.select_slider("Share of items that are reposts", SHARES, key=KEY["repost_share"], on_change=_moved, args=("repost_share",))
        st.select_slider("Share of items that are replies to others", SHARES, key=KEY["reply_share"], on_change=_moved, args=("reply_share",))
        st.slider("Bought followers", *RANGES["bought_followers"], step=1_000, key=KEY["bought_followers"], on_change=_moved, args=("bought_followers",),
                  help="They follow from the date below and never react.")
        st.date_input("Bought on", min_value=first, max_value=last, key=KEY["bought_at"],
                      on_change=_picked, args=("bought_at",),
                      disabled=not st.session_state[KEY["bought_followers"]])
    with c:
        st.slider("Engagement ring: accounts", *RANGES["ring_size"], key=KEY["ring_size"], on_change=_moved, args=("ring_size",))
        st.slider("Ring likes per post", *RANGES["ring_reactions"], key=KEY["ring_reactions"], on_change=_moved, args=("ring_reactions",),
                  help="Each ring account likes a post at most once, so this is capped at the ring's size.")
        st.selectbox("Unlink a network", ["none", *platforms], key=KEY["unlink"], on_change=_moved, args=("unlink",))
        st.date_input("Unlinked on", min_value=first, max_value=last, key=KEY["unlink_at"],
                      on_change=_picked, args=("unlink_at",),
                      disabled=st.session_state[KEY["unlink"]] == "none")
        st.session_state.setdefault(KEY["relink_at"], None)
        st.date_input("Relinked on (empty: never)", min_value=first, max_value=last, key=KEY["relink_at"],
                      on_change=_moved, args=("relink_at",), disabled=st.session_state[KEY["unlink"]] == "none",
                      help="Klout re-read a relinked network's history: the score comes back within a day or two.")
    _save()
    return scenario_from_widgets(platforms)
