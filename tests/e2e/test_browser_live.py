"""A live class in real browsers (issue 25): the teacher starts it from the Gaming lab on a 1280x720
projector; ten students on 390 px phones join (one with a nickname full of markup), pick, predict and judge;
the projector follows each of them; the teacher reveals, exports and ends the class, which deletes its file.
The server listens on 127.0.0.1 only: the join address is built from the address the browser used."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

import e2e_kit as kit
from cloutlab.live import lesson

STUDENTS = 10
MARKUP = '<img src=x>**Eve**'  # within the 20 characters a nickname may have


def _stay_local(page, off: list[str]) -> None:
    """Record (and refuse) every request that would leave 127.0.0.1: the QR code is drawn by the server,
    nothing is fetched from anywhere else."""
    def guard(route):
        if route.request.url.startswith(("data:", "blob:")) or urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            off.append(route.request.url)
            route.abort()

    page.context.route("**/*", guard)


def _projector_rows(page) -> list[list[str]]:
    return kit.table_rows(page, 0)[1:]


def _wait_rows(page, n: int) -> list[list[str]]:
    page.wait_for_function("""(n) => {
        const t = document.querySelector('[data-testid="stDataFrame"] table[role="grid"]');
        return t && t.querySelectorAll('tbody tr').length >= n;
    }""", arg=n, polling=kit.POLL_MS, timeout=60_000)
    return _projector_rows(page)


def _join(new_page, code_url: str, nick: str, off: list[str]):
    phone = new_page(width=390, height=844)
    _stay_local(phone, off)
    phone.goto(code_url)
    expect(phone.get_by_role("heading", name="Join a class")).to_be_visible(timeout=60_000)
    kit.wait_idle(phone)
    phone.get_by_role("textbox", name=re.compile("Your nickname")).fill(nick)
    phone.get_by_role("textbox", name=re.compile("Your nickname")).press("Enter")
    phone.get_by_role("button", name="Join", exact=True).click()
    expect(phone.get_by_text("You are", exact=False).first).to_be_visible(timeout=60_000)
    kit.wait_idle(phone)
    return phone


def test_a_room_of_ten_phones_and_a_projector(new_page, tmp_path):
    teacher = new_page(width=1280, height=720)
    off: list[str] = []
    _stay_local(teacher, off)
    kit.goto(teacher, "/gaming", "Gaming lab", timeout=120_000)
    teacher.get_by_role("button", name="Start a live class").click()
    expect(teacher.get_by_role("heading", name="Live class")).to_be_visible(timeout=60_000)
    kit.wait_idle(teacher)
    code = kit.metrics(teacher)["Class code"].replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    join_url = teacher.get_by_role("textbox", name="Link to join this class").input_value()
    assert join_url == f"{teacher.base_url}/join?code={code}"  # the address the browser reached: 127.0.0.1
    expect(teacher.locator('[data-testid="stImage"] img')).to_have_count(1)
    assert teacher.locator('[data-testid="stImage"] img').get_attribute("src").startswith(("/media/", teacher.base_url))
    data_dir = Path(os.environ["CLOUTLAB_DATA_DIR"])
    class_file = data_dir / "classes" / f"{code}.duckdb"
    assert class_file.exists()

    phones = []
    for i in range(STUDENTS):
        nick = MARKUP if i == 3 else ("" if i == 7 else f"Student {i}")
        phone = _join(new_page, join_url, nick, off)
        phone.get_by_role("button", name="Play it").click()
        expect(phone.get_by_text("Look at the projector")).to_be_visible(timeout=60_000)
        kit.wait_idle(phone)
        phones.append(phone)
        rows = _wait_rows(teacher, i + 1)  # the projector follows every pick
        assert len(rows) == i + 1
    header = kit.table_rows(teacher, 0)[0]
    names = [r[header.index("Student")] for r in rows]
    assert MARKUP in names and "Anonymous Otter" in names, names
    assert teacher.locator('img[src="x"]').count() == 0 and not teacher.dialogs  # the markup stayed text
    expect(teacher.get_by_text(re.compile(r"Just joined: .*<img src=x>\*\*Eve\*\*")).first).to_be_visible()
    kit.screenshot(teacher, "live-projector-play")
    kit.screenshot(phones[3], "live-phone-play")

    # Predict, then reveal.
    teacher.get_by_role("button", name="Next step").click()
    question = lesson.QUESTIONS["bot_vs_novelist"]
    expect(teacher.get_by_role("heading", name=question.text)).to_be_visible()
    for i, phone in enumerate(phones):
        expect(phone.get_by_role("heading", name=question.text)).to_be_visible(timeout=30_000)  # the phone follows
        phone.get_by_role("button", name=question.choices[i % 2]).click()
        expect(phone.get_by_text("Your answer:")).to_be_visible()
    expect(teacher.locator(".gtitle", has_text=f"The room's answers ({STUDENTS})")).to_be_visible(timeout=30_000)
    kit.screenshot(phones[0], "live-phone-predict")
    teacher.get_by_role("button", name="Reveal").click()
    expect(teacher.get_by_text("The answer:").first).to_be_visible()
    kit.wait_idle(teacher)
    kit.assert_charts_accessible(teacher, "/live after the reveal")
    kit.screenshot(teacher, "live-projector-reveal")
    expect(phones[0].get_by_text("The answer:").first).to_be_visible(timeout=30_000)

    # Who is more influential?
    for k in range(2, len(lesson.STEPS)):
        teacher.get_by_role("button", name="Next step").click()
        expect(teacher.get_by_text(f"Step {k + 1} of {len(lesson.STEPS)}")).to_be_visible()
        kit.wait_idle(teacher)
    expect(teacher.get_by_role("heading", name="Who is more influential?")).to_be_visible()
    for i, phone in enumerate(phones):
        expect(phone.get_by_role("heading", name=re.compile("Pair 1 of"))).to_be_visible(timeout=30_000)
        if i == 0:
            kit.screenshot(phone, "live-phone-judge")
        for n, pair in enumerate(lesson.PAIRS):
            chosen = pair[(i + n) % 2] if i % 3 else pair[1]
            phone.get_by_role("button", name=f"{lesson.handle(chosen)} is more influential").click()
            expect(phone.get_by_role("heading", name=re.compile(f"Pair {n + 2} of")) if n + 1 < len(lesson.PAIRS)
                   else phone.get_by_text("You judged all")).to_be_visible()
    teacher.get_by_role("button", name="Reveal").click()
    expect(teacher.get_by_text("How often each number agreed with the class")).to_be_visible()
    kit.wait_idle(teacher)
    agreement = kit.table_rows(teacher, 1)
    header = agreement[0]
    rows = {r[header.index("Number")]: r for r in agreement[1:]}
    assert "PeerIndex 2013 crowd %" in header and rows["Followers"][header.index("PeerIndex 2013 crowd %")] == "75.3"
    assert int(rows["Black-box score"][header.index("Judgments counted")]) > 0
    kit.screenshot(teacher, "live-projector-judged")

    # Export, then end: the file is gone and the phones say so.
    with teacher.expect_download() as info:
        teacher.get_by_role("button", name="Export CSV").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    exported = list(csv.DictReader(io.StringIO(target.read_text())))
    assert {r["what"] for r in exported} == {"pick", "prediction", "judgment"}
    assert len([r for r in exported if r["what"] == "judgment"]) == STUDENTS * len(lesson.PAIRS)
    teacher.get_by_role("button", name="End class").click()
    teacher.get_by_role("button", name="Yes, end it and delete the answers").click()
    expect(teacher.get_by_role("button", name="Start a live class")).to_be_visible()
    assert not class_file.exists()
    for phone in phones[:2]:
        phone.reload()
        expect(phone.get_by_role("button", name="Join", exact=True)).to_be_visible(timeout=30_000)
        kit.assert_clean(phone, "a phone after the class ended")
    kit.assert_clean(teacher, "/live")
    for phone in phones:
        assert not phone.dialogs and phone.locator('img[src="x"]').count() == 0
    assert off == [], f"requests left 127.0.0.1: {off}"
