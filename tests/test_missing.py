"""Missing is never zero (issue 10): the composite, rates, rankings and the ledger when an export lacks counts.
Klout-record context: Kred listed every point with the action that earned it (docs/klout-record.md, Kred
activity statement); a count the export does not carry earns nothing and must not read as 0 or 1."""

import dataclasses

import numpy as np
import pandas as pd

from cloutlab.whatif import gaming
from cloutlab.scores import missing
from cloutlab import activity
from cloutlab.activity import weekly
from cloutlab.scores import ledger, summary
from cloutlab.scores.inputs import ScoreInput
from helpers import posts_frame, synthetic_input


def blind(inp: ScoreInput, platform: str) -> ScoreInput:
    """The same activity as an export without any received count (Bluesky, Mastodon before 4.3)."""
    d = inp.daily.copy()
    d["platform"] = platform
    for c in activity.RECEIVED:
        d[c] = pd.array([pd.NA] * len(d), dtype="Int64")
    return dataclasses.replace(inp, daily=d, followers={platform: None})


def test_no_counts_no_composite_and_the_reason_names_the_platform():
    inp = blind(synthetic_input(days=120), "bluesky")
    assert ledger.composite_series(inp).isna().all()
    assert ledger.composite_at(inp) is None
    assert "Bluesky" in ledger.composite_reason(inp) and ledger.composite_reason(inp).startswith("not in this export")


def test_mixed_dataset_counts_only_the_exports_with_counts_and_says_so():
    x = synthetic_input(days=120)
    both = ScoreInput(daily=pd.concat([x.daily, blind(x, "mastodon").daily], ignore_index=True),
                      followers={"x": 300, "mastodon": None})
    assert ledger.composite_reason(both) is None
    assert ledger.composite_series(both).iloc[-1] == ledger.composite_series(x).iloc[-1]
    assert "X export only" in ledger.composite_note(both) and "Mastodon" in ledger.composite_note(both)


def test_likes_per_post_of_a_combined_dataset_ignores_exports_without_likes():
    x = synthetic_input(days=120)
    both = pd.concat([x.daily, blind(x, "mastodon").daily], ignore_index=True)
    alone, mixed = weekly.totals(x.daily), weekly.totals(both)
    assert mixed["likes_per_post"] == alone["likes_per_post"] and mixed["likes_over"] == ["X"]
    assert alone["likes_over"] is None
    assert weekly.totals(blind(x, "bluesky").daily)["likes_per_post"] is None


def test_score_object_reasons_cover_every_null():
    inp = blind(synthetic_input(days=120), "bluesky")
    posts = posts_frame([{"created_at": "2025-04-01T10:00:00"}], platform="bluesky")
    obj = summary.score_object(inp, posts)
    assert obj["transparent"]["composite"] is None
    named = {r.key for r in obj["transparent"]["reasons"]}
    assert "composite" in named
    assert {k for k, v in obj["transparent"]["metrics"].items() if v is None} <= named
    assert summary.reason_of(obj, "composite").startswith("not in this export")


def test_missing_values_get_no_rank_and_come_last():
    ranks = missing.rank(pd.Series([None, 2.0, None, 5.0, 2.0]))
    assert ranks.tolist() == [pd.NA, 2, pd.NA, 1, 2]
    assert missing.text(None) == "not in this export" and missing.text(np.nan) == "not in this export"
    assert missing.text(1.234) == "1.23"


def test_gaming_table_puts_missing_rows_last_with_the_reason():
    def row(name, value, why=None):
        r = {"student": name, "strategy": "Carry on as before", "outcome_unit": "u", "outcome_pct": 0.0}
        for m in gaming.MEASURES:
            r[m] = r[f"{m}_before"] = 1.0
        r["conversation_rate"] = r["conversation_rate_before"] = value
        if why:
            r["conversation_rate_why"] = why
        return r

    board = gaming.rank([row("a", None, "not in this export: the X export carries no reply counts"),
                                row("b", 0.5), row("c", None, "not in this export: no reply counts"), row("d", 0.7)])
    shown = gaming.table(board, "conversation_rate")
    assert list(shown["Student"]) == ["d", "b", "a", "c"]
    assert list(shown["Rank (Conversation rate)"]) == [1, 2, "not ranked", "not ranked"]
    assert list(shown["Conversation rate after"])[2:] == ["not in this export"] * 2
    assert shown["Why no value"].iloc[2].startswith("not in this export")
    assert "None" not in shown.to_string()


def test_ledger_statement_never_prints_none_for_a_post_without_text():
    posts = posts_frame([{"created_at": "2025-04-01T10:00:00", "likes": 3, "text": None},
                         {"created_at": "2025-04-02T10:00:00", "likes": 2}])
    statement = summary.ledger_statement(posts)
    assert "None" not in statement.astype(str).to_string()
    assert "(no text in the export)" in set(statement["text"])


def test_metrics_table_of_a_mixed_dataset_says_which_exports_a_rate_counts():
    x = synthetic_input(days=120)
    both = ScoreInput(daily=pd.concat([x.daily, blind(x, "mastodon").daily], ignore_index=True),
                      followers={"x": 300, "mastodon": None})
    table = summary.metrics_table(both, None).set_index("key")["value"]
    assert table["applause_rate"].endswith("(X only: the other exports lack the count)")
    assert "only" not in table["items_per_week"]


def test_a_combined_dataset_says_which_account_ends_before_the_scored_day():
    x = synthetic_input(days=120, start="2025-01-01")
    later = synthetic_input(days=120, start="2025-03-01", platform="mastodon")
    both = ScoreInput(daily=pd.concat([x.daily, later.daily], ignore_index=True),
                      followers={"x": 300, "mastodon": 300})
    note = summary.end_note(both)
    assert note.startswith("Scored on 2025-06-28") and "X posts end on 2025-04-30" in note
    assert summary.end_note(x) is None
