"""The live class's pure parts (issue 25): codes and nicknames, the class file (one per class, owner-only,
deleted when the class ends or after a day), many sessions writing at once, the projector's tallies, the
CSV export, the join address and QR code, and the truths the projector reveals."""

from __future__ import annotations

import functools
import os
import stat
import threading
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, strategies as hs

from cloutlab.live import address, lesson, names, tally
from cloutlab.live.rooms import MAX_AGE, ClassEnded, Registry
from cloutlab.present import citations

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ codes and nicknames
def test_codes_are_short_unambiguous_and_parsed_forgivingly():
    code = names.new_code()
    assert len(code) == 6 and set(code) <= set(names.ALPHABET) and not set(code) & set("01OIL")
    assert names.parse_code(f" {code[:3].lower()} - {code[3:]} ") == code
    for bad in ("", None, "ABC", "ABCDEFG", "../../x", "ABC23O", "ABC 23!", "\x00ABCDE"):
        assert names.parse_code(bad) is None, bad


def test_a_nickname_is_cleaned_and_limited():
    assert names.clean_nickname("  Ada \t Lovelace\n") == "Ada Lovelace"
    assert names.clean_nickname("\u202eevil\u200b\x07") == "evil"  # bidi override, zero width, bell
    assert len(names.clean_nickname("x" * 10_000)) == names.NICK_MAX
    assert names.clean_nickname("<b>Bo</b>") == "<b>Bo</b>"  # kept as typed: drawn as text everywhere


@given(hs.text(max_size=300))
def test_clean_nickname_never_keeps_control_or_format_characters(text):
    out = names.clean_nickname(text)
    assert len(out) <= names.NICK_MAX
    assert not any(unicodedata.category(c)[0] == "C" for c in out)
    assert out == out.strip() and "  " not in out


def test_taken_names_get_a_number_and_empty_ones_an_animal():
    assert names.unique("Ada", ["ada", "Bo"]) == "Ada 2"
    assert names.unique("Ada", ["ada", "Ada 2"]) == "Ada 3"
    taken: list[str] = []
    for _ in range(40):
        taken.append(names.animal(taken))
    assert len({t.casefold() for t in taken}) == 40 and all(t.startswith("Anonymous ") for t in taken)


# ------------------------------------------------------------------ the class file
@pytest.fixture
def reg():
    return Registry()


def test_a_class_is_one_owner_only_file_and_ending_it_deletes_the_file(tmp_path, reg):
    folder = tmp_path / "classes"
    room = reg.create(folder, owner="teacher")
    assert room.file == folder / f"{room.code}.duckdb" and room.file.exists()
    assert stat.S_IMODE(room.file.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    sid, shown = room.join("Ada")
    room.pick(sid, "bot", "bot")
    assert reg.get(folder, room.code) is room
    reg.end(room)
    assert not room.file.exists() and not Path(str(room.file) + ".wal").exists()
    assert list(folder.iterdir()) == []
    assert reg.get(folder, room.code) is None
    with pytest.raises(ClassEnded):
        room.pick(sid, "bot", "as_is")


def test_a_day_old_class_is_cleaned_when_a_class_starts(tmp_path, reg):
    folder = tmp_path / "classes"
    old = reg.create(folder, owner="t", now=time.time() - MAX_AGE - 60)
    orphan = folder / "ABCDEF.duckdb"  # left by an earlier run of the server
    orphan.write_bytes(b"")
    os.utime(orphan, (time.time() - MAX_AGE - 60,) * 2)
    keep = folder / "notes.txt"  # not a class file: never touched
    keep.write_text("x")
    new = reg.create(folder, owner="t")
    assert not old.file.exists() and not orphan.exists() and keep.exists() and new.file.exists()
    assert reg.get(folder, old.code) is None


def test_a_class_survives_a_server_restart_with_its_students(tmp_path, reg):
    folder = tmp_path / "classes"
    room = reg.create(folder, owner="t")
    sid, _ = room.join("Ada")
    room.set_state(step="judge")
    again = Registry().get(folder, room.code)  # a new process would start with an empty registry
    assert again.nicknames == {sid: "Ada"} and again.state["step"] == "judge"
    reg.end(room)


def test_in_memory_classes_write_nothing(tmp_path, reg, monkeypatch):
    monkeypatch.chdir(tmp_path)
    room = reg.create(None, owner="t")
    room.join("Ada")
    assert room.file is None and list(tmp_path.iterdir()) == []
    reg.end(room)


def test_joining_answers_and_locks(tmp_path, reg):
    room = reg.create(tmp_path, owner="t")
    a, name_a = room.join("<i>Ada</i>")
    b, name_b = room.join("<i>ada</i>")
    c, name_c = room.join("   ")
    assert (name_a, name_b, name_c) == ("<i>Ada</i>", "<i>ada</i> 2", "Anonymous Otter")
    room.pick(a, "bot", "as_is")
    room.pick(a, "novelist", "reply_readers")  # the latest pick counts
    room.pick(b, "bot", "bot")
    room.set_state(step="predict:bot_vs_novelist")
    room.predict(a, "bot_vs_novelist", "No, the novelist scores higher")
    room.predict(a, "bot_vs_novelist", "Yes, the bot scores higher")
    room.judge(b, 0, "bot")
    snap = room.snapshot()
    assert list(snap.picks["persona"]) == ["novelist", "bot"] and list(snap.picks["student"]) == [a, b]
    assert list(snap.predictions["answer"]) == ["Yes, the bot scores higher"]
    mine = room.mine(a)  # a phone sees its own answers only
    assert set(mine.picks["student"]) == {a} and mine.judgments.empty and mine.students == {a: name_a}
    room.set_state(revealed="1")
    with pytest.raises(PermissionError):
        room.predict(b, "bot_vs_novelist", "Yes, the bot scores higher")
    room.set_state(locked="1")
    with pytest.raises(PermissionError):
        room.join("Late")
    with pytest.raises(KeyError):
        room.pick("not-a-student", "bot", "bot")
    reg.end(room)


def test_many_sessions_write_at_once(tmp_path, reg):
    room = reg.create(tmp_path, owner="t")
    errors = []

    def student(i):
        try:
            sid, _ = room.join(f"s{i}")
            for strategy in ("as_is", "bot", "ring"):
                room.pick(sid, lesson.PERSONAS[i % len(lesson.PERSONAS)], strategy)
                room.snapshot()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    snap = room.snapshot()
    assert len(snap.students) == 40 and len(snap.picks) == 40 and set(snap.picks["strategy"]) == {"ring"}
    assert room.version == 1 + 40 * 4  # the start, then every join and pick
    reg.end(room)


# ------------------------------------------------------------------ the export
def test_the_export_neutralises_spreadsheet_formulas(tmp_path, reg):
    room = reg.create(tmp_path, owner="t")
    for nick in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"):
        sid, _ = room.join(nick)
        room.pick(sid, "bot", "bot")
    frame = room.export()
    assert list(frame.columns) == ["nickname", "what", "item", "answer", "at"]
    text = tally.export_csv(frame).decode()
    for nick in ("'=HYPERLINK", "'+1", "'-2", "'@SUM"):
        assert f"\n{nick}" in text or f'\n"{nick}' in text, text
    extra = tally.export_csv(pd.DataFrame({"nickname": ["\tx", "\rx", "ok"]})).decode()
    assert "'\tx" in extra and "'\rx" in extra and "\nok" in extra
    reg.end(room)


# ------------------------------------------------------------------ tallies
def _fake_row(persona, key):
    base = {"opaque": 30.0, "composite": 100.0, "outcome": 5.0}
    bump = {"bot": 20.0, "ring": 10.0}.get(key, 0.0) + lesson.PERSONAS.index(persona)
    row = {"strategy": key, "outcome_unit": "u", "opaque_percentile": 50.0, "outcome_pct": -bump}
    from cloutlab.whatif import gaming
    for m in gaming.MEASURES:
        row[m] = row[f"{m}_before"] = base.get(m, 1.0)
    row["opaque"] = 30.0 + bump
    return row


def test_the_board_ranks_every_pick_with_rank_changes():
    students = {"a": "<b>Ada</b>", "b": "Bo"}
    picks = pd.DataFrame({"student": ["a", "b"], "persona": ["novelist", "novelist"], "strategy": ["as_is", "bot"]})
    ranked = tally.board(picks, students, _fake_row)
    first = tally.ranks(ranked)
    assert first == {"Bo": 1, "<b>Ada</b>": 2}
    picks.loc[0, "strategy"] = "bot"
    picks.loc[0, "persona"] = "bot"  # Ada now outranks Bo
    now = tally.ranks(tally.board(picks, students, _fake_row))
    moves = tally.moved(first, now)
    assert moves == {"<b>Ada</b>": "+1", "Bo": "-1"}
    table = tally.projector_table(tally.board(picks, students, _fake_row), moves)
    assert list(table.columns) == list(tally.BOARD_COLUMNS)
    assert list(table["Student"]) == ["<b>Ada</b>", "Bo"] and list(table["Moved"]) == ["+1", "-1"]
    assert tally.moved({}, {"x": 1}) == {"x": "new"}
    unknown = pd.DataFrame({"student": ["zz"], "persona": ["nobody"], "strategy": ["bot"]})
    assert tally.board(unknown, students, _fake_row).empty and tally.projector_table(pd.DataFrame(), {}).empty


def test_answers_list_every_choice_with_zeros():
    q = lesson.QUESTIONS["week_off"]
    preds = pd.DataFrame({"student": ["a", "b", "c"], "question": ["week_off", "week_off", "bought"],
                          "answer": [q.choices[3], q.choices[3], "Yes, 5 points or more"]})
    counts = tally.answers(preds, q)
    assert list(counts["Answer"]) == list(q.choices) and list(counts["Students"]) == [0, 0, 0, 2]


def test_agreement_counts_the_chosen_account_having_more_and_leaves_ties_out():
    numbers = {p: {k: 1.0 for k, _, _ in lesson.JUDGED_BY} for pair in lesson.PAIRS for p in pair}
    numbers["novelist"]["opaque"] = 10.0  # the novelist beats the bot on the black box only
    judged = pd.DataFrame({"student": ["a", "b", "c", "d"], "pair": [0, 0, 0, 99],
                           "chose": ["novelist", "novelist", "bot", "novelist"]})
    table = tally.agreement(judged, numbers).set_index("Number")
    assert table.loc["Black-box score", "Agreed with the class %"] == pytest.approx(66.7)
    assert table.loc["Black-box score", "Judgments counted"] == 3  # the unknown pair is left out
    assert table.loc["Followers", "Judgments counted"] == 0 and pd.isna(table.loc["Followers", "Agreed with the class %"])
    assert table.loc["Followers", "PeerIndex 2013 crowd %"] == 75.3
    votes = tally.pair_votes(judged)
    assert list(votes.loc[0, ["Chose A", "Chose B"]]) == [1, 2]


# ------------------------------------------------------------------ the truths, computed by the library
@functools.lru_cache(maxsize=None)
def _student(persona):
    from cloutlab import activity, store, whatif
    from cloutlab.scores import inputs
    from cloutlab.store import demo
    from cloutlab.whatif import gaming

    con = store.connect()
    keys = demo.load_persona(con, persona)
    inp = inputs.from_store(con, keys, seed=f"demo:{persona}")
    p = demo.PERSONAS[persona]
    prep = whatif.prepare(activity.posts_table(con, keys), baseline=inp.daily)
    return gaming.Student(f"demo:{persona}", persona, prep, inp.followers, inp, p.outcome_rate, p.outcome), inp


@functools.lru_cache(maxsize=None)
def _row(persona, key):
    from cloutlab.whatif import gaming

    return gaming.play(_student(persona)[0], lesson.strategy(key))


def test_every_truth_is_a_choice_and_follows_the_numbers():
    for q in lesson.QUESTIONS.values():
        right, why = q.truth(_row)
        assert right in q.choices and why
    bot, nell = _row("bot", "as_is")["opaque"], _row("novelist", "as_is")["opaque"]
    assert lesson.QUESTIONS["bot_vs_novelist"].truth(_row)[0].startswith("Yes" if bot > nell else "No")
    week = _row("novelist", "week_off")
    cost = week["opaque_before"] - week["opaque"]
    said = lesson.QUESTIONS["week_off"].truth(_row)[1]
    assert f"{cost:.1f} points" in said and f"{week['outcome_pct']:+.1f}%" in said  # every number computed


def test_public_numbers_are_what_a_profile_shows():
    numbers = lesson.public_numbers("novelist", _student("novelist")[1])
    assert set(numbers) == set(lesson.PUBLIC)
    assert numbers["followers"] == 2400 and numbers["following"] == 610 and numbers["posts"] > 0
    assert numbers["reactions"] >= numbers["reposts"] > 0


def test_steps_run_in_order():
    assert lesson.STEPS[0] == "play" and lesson.STEPS[-1] == "judge"
    step, seen = "play", ["play"]
    while step != "judge":
        step = lesson.next_step(step)
        seen.append(step)
    assert tuple(seen) == lesson.STEPS and lesson.next_step("judge") == "judge"
    assert lesson.question_of("predict:week_off").key == "week_off" and lesson.question_of("play") is None


# ------------------------------------------------------------------ the join address and QR code
def test_the_join_address_is_the_one_the_teacher_reached():
    assert address.join_base("http://10.1.2.3:8501/live", None, "0.0.0.0", 8501) == ("http://10.1.2.3:8501", None)
    assert address.join_base("https://class.example:443/x/live", None, None, 8501, "/x/") == ("https://class.example:443/x", None)
    # Opened on the machine itself: a specific listening address is what phones can reach...
    assert address.join_base("http://localhost:8501/live", None, "192.0.2.7", 8501) == ("http://192.0.2.7:8501", None)
    # ...and without one, the teacher is told that phones cannot reach it.
    base, warning = address.join_base("http://127.0.0.1:8501/live", None, "127.0.0.1", 8501)
    assert base == "http://127.0.0.1:8501" and "0.0.0.0" in warning
    assert address.join_base(None, 'evil"><script>', None, 8501)[0] == "http://localhost:8501"
    assert address.join_url("http://h:1", "ABC234") == "http://h:1/join?code=ABC234"


def test_the_qr_code_is_a_png_drawn_here():
    png = address.qr_png("http://10.1.2.3:8501/join?code=ABC234")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == address.qr_png("http://10.1.2.3:8501/join?code=ABC234")
    assert png != address.qr_png("http://10.1.2.3:8501/join?code=ABC235")


# ------------------------------------------------------------------ the record
def test_the_peerindex_figures_are_in_the_cited_record():
    record = (ROOT / "docs" / "klout-record.md").read_text()
    src = citations.BY_ID[lesson.PEERINDEX_SOURCE]
    assert src.url in record and "5,500" in record
    for label, value in lesson.PEERINDEX_2013:
        assert f"| {label.lower()} | {value:.1f}% |" in record.replace("retweets", "retweets").lower() or \
            f"{value:.1f}%" in record, label
    for _, _, value in lesson.JUDGED_BY:
        assert value is None or f"{value:.1f}%" in record
