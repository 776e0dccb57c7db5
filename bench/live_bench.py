"""Live class load benchmark (issue 25): a projector and N students in one class, over Streamlit's websocket.

    .venv/bin/python bench/live_bench.py [--students 40] [--ramp 0.25] [--picks 2] [--poll 0.5] [--json FILE]

Starts `streamlit run app.py` on 127.0.0.1 (a free port, class files in a temporary folder), then speaks
Streamlit's own protocol as bench/load_bench.py's protocol mode does (BackMsg / ForwardMsg, nothing drawn):
the teacher opens the Live class page and starts a class; the projector reruns its room fragment every
--poll seconds, as the browser does for st.fragment(run_every=...); students arrive --ramp seconds apart,
open /join?code=..., type a nickname and press Join, then pick --picks times (a random strategy, Play it), a
second or two apart. --lead: seconds between the class starting and the first student arriving.

Join time: from opening the websocket until the page says "You are ...". Projector latency: from the
student pressing Play it until a projector redraw shows their row with that strategy (also from the pick
being stored, the end of the student's run). Targets (issue 25): every join under 5 s, projector p95 under 1 s.
A pick of a (persona, strategy) nobody played yet computes it in the student's run (about 0.3 s, and 2 s
for the process's first); the projector only reads.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import e2e_kit as kit  # noqa: E402 - after the sys.path line above
from load_bench import StreamClient, cpu_seconds, pct  # noqa: E402 - bench/ is on sys.path when run as a script

from cloutlab.whatif import gaming  # noqa: E402 - after the sys.path lines above

class Client(StreamClient):
    """One Streamlit session over the websocket (load_bench's StreamClient); a problem in a run raises."""

    async def open(self) -> list:
        await self.connect()
        return await self.rerun(first=True)

    async def rerun(self, first: bool = False, fragment: str = "", trigger: str | None = None) -> list:
        """A rerun with the widget states set so far (and a button press); returns the elements drawn."""
        elements, problems = await self.rerun_elements(first, fragment, trigger)
        if problems:
            raise RuntimeError(problems[0])
        return elements


def texts(elements) -> list[str]:
    out = []
    for el in elements:
        what = el.WhichOneof("type")
        if what == "markdown":
            out.append(el.markdown.body)
        elif what == "metric":
            out.append(f"{el.metric.label}={el.metric.body}")
        elif what == "alert":
            out.append(el.alert.body)
    return out


def board(elements) -> dict[str, str]:
    """Student -> strategy, from the projector's leaderboard (the first dataframe drawn)."""
    for el in elements:
        if el.WhichOneof("type") == "dataframe":
            data = el.dataframe.arrow_data.data or el.dataframe.lazy_data.initial_chunk
            table = pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pydict()
            if "Student" in table:
                return dict(zip(table["Student"], table["Strategy"]))
    return {}


class Room:
    def __init__(self):
        self.pending: dict[str, tuple[str, float, float | None]] = {}  # nick -> (strategy, sent, stored)
        self.latency: list[float] = []
        self.latency_stored: list[float] = []
        self.joins: list[float] = []
        self.pick_runs: list[float] = []
        self.polls: list[float] = []
        self.errors: list[str] = []
        self.done = False


async def projector(base: str, room: Room, poll: float, timeout: float) -> tuple[Client, str]:
    teacher = Client(base, "live", timeout=timeout)
    await teacher.open()
    shown = texts(await teacher.rerun(trigger="Start a live class"))
    code = next(t.split("=", 1)[1].replace(" ", "") for t in shown if t.startswith("Class code="))
    return teacher, code


async def poll_loop(teacher: Client, room: Room, poll: float) -> None:
    fragment = next(iter(teacher.fragments))
    while not room.done:
        t0 = time.perf_counter()
        try:
            seen = board(await teacher.rerun(fragment=fragment))
        except Exception as exc:  # noqa: BLE001 - reported
            room.errors.append(f"projector: {type(exc).__name__}: {exc}")
            await asyncio.sleep(poll)
            continue
        now = time.perf_counter()
        room.polls.append(now - t0)
        for nick, (strategy, sent, stored) in list(room.pending.items()):
            if seen.get(nick) == strategy:
                room.latency.append(now - sent)
                if stored is not None:
                    room.latency_stored.append(max(0.0, now - stored))
                del room.pending[nick]
        await asyncio.sleep(max(0.0, poll - (time.perf_counter() - t0)))


async def student(n: int, base: str, code: str, room: Room, picks: int, timeout: float) -> None:
    rng = random.Random(n)
    nick = f"Student {n:02d}"
    me = Client(base, "join", query=f"code={code}", timeout=timeout)
    try:
        t0 = time.perf_counter()
        await me.open()
        me.set("Your nickname (or leave it empty for an animal name)", string_value=nick)
        shown = texts(await me.rerun(trigger="Join"))
        if not any(t.startswith("You are") for t in shown):
            room.errors.append(f"{nick}: not in the class after Join: {shown[:3]}")
            return
        room.joins.append(time.perf_counter() - t0)
        names = [s.name for s in gaming.STRATEGIES.values()]
        for i in range(picks):
            await asyncio.sleep(rng.uniform(1.0, 2.0))
            strategy = names[rng.randrange(len(names))]
            if i == 0 and "Your strategy" not in me.widgets:
                room.errors.append(f"{nick}: no strategy picker")
                return
            me.set("Your strategy", string_value=strategy)
            sent = time.perf_counter()
            room.pending[nick] = (strategy, sent, None)
            shown = texts(await me.rerun(trigger="Play it"))
            stored = time.perf_counter()
            room.pick_runs.append(stored - sent)
            if nick in room.pending and room.pending[nick][0] == strategy:
                room.pending[nick] = (strategy, sent, stored)
            if not any("Look at the projector" in t for t in shown):
                room.errors.append(f"{nick}: the pick was not confirmed: {shown[:3]}")
    except Exception as exc:  # noqa: BLE001 - reported, the others go on
        room.errors.append(f"{nick}: {type(exc).__name__}: {exc}")
    finally:
        if me.ws is not None:
            await me.close()


async def bench(base: str, students: int, ramp: float, picks: int, poll: float, timeout: float, pid: int,
                lead: float = 0.0) -> dict:
    room = Room()
    server = psutil.Process(pid)
    warm = Client(base, "", timeout=120)  # the process's first run (app.py before any deep link, demo data)
    await warm.open()
    await warm.close()
    teacher, code = await projector(base, room, poll, timeout)
    poller = asyncio.create_task(poll_loop(teacher, room, poll))
    await asyncio.sleep(lead)  # the code on the projector before the first phone opens it
    cpu0, wall0 = cpu_seconds([server]), time.perf_counter()

    async def arrive(n):
        await asyncio.sleep(n * ramp)
        await student(n, base, code, room, picks, timeout)

    await asyncio.gather(*(arrive(n) for n in range(students)))
    deadline = time.perf_counter() + 10
    while room.pending and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    room.done = True
    await poller
    wall = time.perf_counter() - wall0
    cpu = (cpu_seconds([server]) - cpu0) / wall
    for nick in room.pending:
        room.errors.append(f"{nick}: the projector never showed the last pick")
    await teacher.close()

    def dist(v):
        return {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95), "max": max(v) if v else float("nan")}

    return {"students": students, "picks_each": picks, "poll": poll, "ramp": ramp, "lead": lead, "cores": psutil.cpu_count(),
            "loadavg": os.getloadavg(), "wall": wall, "cpu_server": cpu,
            "join": dist(room.joins), "pick_run": dist(room.pick_runs), "projector_from_press": dist(room.latency),
            "projector_from_stored": dist(room.latency_stored), "projector_poll_run": dist(room.polls),
            "errors": room.errors,
            "target_met": bool(not room.errors and room.joins and max(room.joins) < 5
                               and pct(room.latency, 95) < 1.0)}


def report(r: dict) -> str:
    rows = [("join (connect to 'You are ...')", r["join"]), ("pick run (Play it to stored)", r["pick_run"]),
            ("projector shows the pick, from Play it", r["projector_from_press"]),
            ("projector shows the pick, from stored", r["projector_from_stored"]),
            ("one projector poll (server round trip)", r["projector_poll_run"])]
    lines = [f"## Live class: {r['students']} students x {r['picks_each']} picks, projector polling every {r['poll']} s, "
             f"on {r['cores']} cores", "",
             f"First student {r['lead']:.0f} s after the class started, then arrivals {r['ramp']} s apart; wall {r['wall']:.0f} s; load average (1, 5, 15 min) at the end "
             f"{', '.join(f'{v:.1f}' for v in r['loadavg'])}; server CPU {r['cpu_server'] * 100:.0f}% of one core.", "",
             "| what | n | p50 (s) | p95 (s) | max (s) |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {name} | {d['n']} | {d['p50']:.2f} | {d['p95']:.2f} | {d['max']:.2f} |" for name, d in rows]
    lines += ["", f"Errors: {len(r['errors'])}", *[f"- {e}" for e in r["errors"][:20]], "",
              f"Target (every join < 5 s, projector p95 < 1 s from Play it, no errors): "
              f"{'MET' if r['target_met'] else 'MISSED'}"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--ramp", type=float, default=0.25)
    ap.add_argument("--picks", type=int, default=2)
    ap.add_argument("--poll", type=float, default=0.5, help="the projector's run_every (s)")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--lead", type=float, default=0.0,
                    help="seconds from starting the class to the first student (the server plays every strategy "
                         "once in the background meanwhile; 0: students arrive at once, the worst case)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as data:
        os.environ["CLOUTLAB_DATA_DIR"] = data  # the server inherits it: class files go there, then away
        with kit.streamlit_server("streamlit-live.log") as base:
            result = asyncio.run(bench(base, args.students, args.ramp, args.picks, args.poll, args.timeout,
                                       kit.server_pid(base), args.lead))
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
