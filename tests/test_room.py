"""The workshop room (issue 23): Streamlit processes behind Debian's nginx, each browser pinned to one.

Starts the real thing on 127.0.0.1 (two processes and nginx, as `bash run.sh room --workers 2` does) and
checks what a room needs: the app answers through the proxy, a browser gets the room cookie on its first
response, every request with one cookie reaches one process, different browsers spread over the processes,
and Streamlit's websocket (upgrade headers) runs the app through the proxy.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import urllib.request

import pytest

from cloutlab import room

pytestmark = pytest.mark.skipif(room.nginx_path() is None,
                                reason="nginx is not installed (bash run.sh room installs Debian's with apt-get)")


@pytest.fixture(scope="module")
def the_room():
    with room.room(2, upstream_header=True) as r:
        yield r


def _get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url + "/_stcore/health")
    if cookie:
        req.add_header("Cookie", f"{room.COOKIE}={cookie}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.headers.get("X-Cloutlab-Upstream"), resp.headers.get_all("Set-Cookie") or []


def test_the_first_response_sets_the_room_cookie_and_later_ones_do_not(the_room):
    status, _, cookies = _get(the_room.url)
    assert status == 200
    mine = [c for c in cookies if c.startswith(room.COOKIE + "=")]
    assert len(mine) == 1 and "HttpOnly" in mine[0] and "Path=/" in mine[0]
    value = mine[0].split(";")[0].split("=", 1)[1]
    assert value
    assert not [c for c in _get(the_room.url, value)[2] if c.startswith(room.COOKIE + "=")]


def test_one_browser_stays_on_one_process_and_browsers_spread(the_room):
    reached = {}
    for browser in [f"browser-{i}" for i in range(12)]:
        seen = {_get(the_room.url, browser)[1] for _ in range(4)}
        assert len(seen) == 1, (browser, seen)  # pinned
        reached[browser] = seen.pop()
    assert set(reached.values()) == {f"127.0.0.1:{p}" for p in the_room.ports}  # both processes used


def test_the_app_runs_over_the_websocket_through_the_proxy(the_room):
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    async def run() -> list[str]:
        url = the_room.url.replace("http", "ws", 1) + "/_stcore/stream"
        async with connect(url, subprotocols=["streamlit"], origin=the_room.url, max_size=None, open_timeout=60,
                           additional_headers={"Cookie": f"{room.COOKIE}=ws-test"}) as ws:
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            await ws.send(msg.SerializeToString())
            seen = []
            async with asyncio.timeout(120):
                while True:
                    fm = ForwardMsg.FromString(await ws.recv())
                    kind = fm.WhichOneof("type")
                    if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                        element = fm.delta.new_element
                        seen.append(element.WhichOneof("type"))
                        if seen[-1] == "html" and 'class="cl-chart"' in element.html.body:
                            seen[-1] = "week chart"
                    if kind == "script_finished":
                        return seen

    # In its own thread: a worker that ran Playwright's sync API before this test has an event loop
    # running in the main thread, where asyncio.run() refuses to start.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, run()).result()
    assert "exception" not in seen and seen.count("week chart") == 1, seen  # the Home page drew its chart


def test_the_config_has_websocket_upgrade_and_no_access_log(tmp_path):
    conf = room.nginx_conf([8601, 8602], "0.0.0.0", 8501, tmp_path)
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_set_header Connection $connection_upgrade;" in conf
    assert "hash $room_key consistent;" in conf and "access_log off;" in conf
    assert "server 127.0.0.1:8601" in conf and "server 127.0.0.1:8602" in conf and "listen 0.0.0.0:8501;" in conf
    assert "X-Cloutlab-Upstream" not in conf  # which process answered is said in tests only


def test_a_room_served_to_the_network_offers_no_import_from_this_computer(monkeypatch):
    """Each process listens on 127.0.0.1 behind nginx; the room's own address decides (issue 26's rule)."""
    from cloutlab.ui import local_import

    monkeypatch.setenv("CLOUTLAB_ROOM_ADDRESS", "0.0.0.0")
    assert not local_import.offered()
    monkeypatch.setenv("CLOUTLAB_ROOM_ADDRESS", "127.0.0.1")
    assert local_import.offered()
