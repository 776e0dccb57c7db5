"""Every session-state key of the app, named once (ui/state.py owns the state; this module imports nothing
of the app's UI, so every ui module can use it)."""

from __future__ import annotations

from cloutlab.whatif.scenario import FIELDS


class Keys:
    """Every session-state key the app reads or writes. (Keys of elements no code reads back, a chart or a
    table, stay where the element is drawn: they name an element, not state.)"""

    # Data: this browser's imports and the dataset picked
    CON = "session_con"  # this browser's imports: its own file (persist.py) or, before any, memory; never shared
    ON_DISK = "imports_on_disk"  # whether CON is this browser's file
    BROWSER_ID = "_browser_id"  # persist.py: this browser's random id, kept in its cookie
    COOKIE_SET = "_browser_cookie_set"  # persist.py: the cookie was written in this session
    STORE_PROBLEM = "_store_problem"  # persist.py: why this browser's kept imports could not be opened
    DATASET = "dataset"  # the dataset id chosen in the sidebar, e.g. "demo:novelist" or "import:x:alice"
    DATASET_WIDGET = "dataset_picker"  # the sidebar selectbox (re-seeded from DATASET every run)
    PENDING_DATASET = "pending_dataset"  # a dataset to select before the sidebar widget is drawn
    LINK_NOTE = "link_note"  # links.py: the sentence about a linked dataset this browser lacks (until a pick)
    LINK_APPLIED = "_link_applied"  # links.py: the link's dataset was applied once in this session
    IMPORT_LOG = "import_log"  # summaries of what this session imported, newest last
    IMPORT_ERRORS = "import_errors"  # one sentence per refused file, shown once after the rerun
    UPLOADS = "uploads"  # file_uploader widget on the Import page
    CACHE = "_cache"  # data.cached's values for this session's imports
    DATA_VERSION = "_data_version"  # bumped by data_changed(): cached values of an older version are not read
    SCENARIOS = "_scenario_cache"  # data.per_scenario: the last few what-ifs this session computed and drew

    # Scores page
    WINDOW = "window_days"  # rolling window for the transparent metrics

    # What-if lab (whatif_controls.py, presenter.py)
    WHATIF = {name: f"wi_{name}" for name in FIELDS}  # one widget per Scenario field
    # A date the person has not picked follows the data and the other sliders, and stays out of the link.
    WI_PICKED = {name: f"wi_{name}_picked" for name in ("break_start", "bought_at", "unlink_at")}
    WI_QUERY_SEEDED = "wi_query_seeded"  # the link's scenario was applied once in this session
    WI_PRESET = "wi_preset"  # the preset picker
    WI_SAVED = "wi_saved"  # the sliders' values, kept while another page is shown
    WI_AUTO_DATES = "wi_auto_dates"  # dates this code wrote into the date widgets (echoes are not picks)
    WI_RING_SET = "wi_ring_likes_set"  # the person set the ring's likes by hand (else they follow the accounts)
    WI_RING_LAST = "wi_ring_last"  # (accounts, likes) as the ring was last settled
    WI_RING_LEADER = "wi_ring_leader"  # the ring slider the person moved last
    WI_RING_WROTE = "wi_ring_wrote"  # {slider: value} the last run wrote into the ring's sliders
    WI_RING_FRESH = "wi_ring_fresh"  # the same, written by a link or a preset earlier in this run
    WI_METRIC = "wi_metric"  # the metric plotted
    PRESENTING = "wi_present"  # the presenter-mode toggle
    PRESENTING_SEEDED = "wi_present_seeded"  # ?present=1 was applied once in this session
    ZOOM = "wi_zoom"  # presenter mode: the time axis zoomed to the change

    # Gaming lab (classroom.py, gaming_state.py, market_round.py)
    GL_STUDENTS = "gl_students"
    GL_EVERYONE = "gl_everyone"  # "give everyone the same strategy"
    GL_MEASURE = "gl_measure"  # "rank by"
    GL_PREDICT = "gl_predict"  # predict, then reveal
    GL_REVEALED = "gl_revealed"  # the class set-up whose results were revealed
    GL_STEPWISE = "gl_stepwise"  # the step-by-step walk-through is on
    GL_STEP = "gl_step"
    GL_SEEDED = "gl_link_seeded"  # the link's class was applied once in this session

    @staticmethod
    def gl_strategy(dataset_id: str) -> str:
        return f"gl_strategy_{dataset_id}"

    @staticmethod
    def gl_guess(dataset_id: str) -> str:
        return f"gl_guess_{dataset_id}"

    @staticmethod
    def mr_game(dataset_id: str) -> str:
        return f"mr_game_{dataset_id}"

    # Stories page
    @staticmethod
    def story_shown(story: str) -> str:
        return f"story_shown_{story}"
