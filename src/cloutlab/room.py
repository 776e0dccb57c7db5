"""A room on more than one core (issue 23): one Streamlit process per core behind Debian's nginx.

Streamlit runs every session of a process in that one Python process, so a workshop on one process uses one
core however many the laptop has. `bash run.sh room` starts WORKERS processes (`python -m cloutlab.ui.warm`,
each on its own 127.0.0.1 port, each warming its demo data) and one nginx in front of them on ADDRESS:PORT.

Sticky sessions: a Streamlit session lives in the process that served its websocket, and a browser's imports
file is opened by that process, so every request of one browser must reach the same process. nginx (the
free one) has no sticky cookie of its own, so the proxy sets one: a browser's first request without the
`cloutlab_room` cookie is hashed by a fresh random request id, and that id goes back as the cookie; every
later request (the page's scripts, the websocket, uploads) carries it and hashes to the same process
(`hash ... consistent`). ip_hash would pin by address instead, but a room behind one Wi-Fi NAT, or a bench
on 127.0.0.1, is one address: all of it would land on one process.

    python -m cloutlab.room [--workers N] [--address 127.0.0.1] [--port 8501] [-- streamlit options]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

COOKIE = "cloutlab_room"
ROOT = Path(__file__).resolve().parents[2]  # the checkout: app.py and .streamlit/config.toml


def nginx_path() -> str | None:
    """Debian's nginx (run.sh room installs it with apt-get when missing)."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def nginx_conf(ports: list[int], address: str, port: int, prefix: Path, upstream_header: bool = False) -> str:
    """nginx.conf for the room: sticky by cookie, websocket upgrade, no request or response buffering (an
    upload streams to its process; a rerun's messages are not held back), no access log (who visited what
    is nobody's business). upstream_header: say which process answered (tests only)."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    which = "        add_header X-Cloutlab-Upstream $upstream_addr always;\n" if upstream_header else ""
    return f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # A browser's process: its cookie, or (first request) a fresh random id, which becomes its cookie.
    map $cookie_{COOKIE} $room_key {{
        "" $request_id;
        default $cookie_{COOKIE};
    }}
    map $cookie_{COOKIE} $room_cookie {{
        "" "{COOKIE}=$request_id; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax";
        default "";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    upstream cloutlab {{
        hash $room_key consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        client_max_body_size 4096m;
        location / {{
            proxy_pass http://cloutlab;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            proxy_request_buffering off;
            add_header Set-Cookie $room_cookie always;
{which}        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str, procs: list[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [p for p in procs if p.poll() is not None]
        if dead:
            raise RuntimeError(f"a room process exited early with code {dead[0].returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Room:
    url: str  # the proxy's address
    workers: list[subprocess.Popen]
    ports: list[int]
    nginx: subprocess.Popen
    prefix: Path
    logs: list = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.workers]


@contextmanager
def room(workers: int, address: str = "127.0.0.1", port: int = 0, streamlit_args: tuple[str, ...] = (),
         log_dir: Path | None = None, upstream_header: bool = False, timeout: float = 120):
    """Start `workers` Streamlit processes and nginx in front; yield the Room; stop them all afterwards."""
    nginx = nginx_path()
    if nginx is None:
        raise RuntimeError("nginx is not installed: `bash run.sh room` installs Debian's (apt-get install nginx)")
    prefix = Path(tempfile.mkdtemp(prefix="cloutlab-room-"))
    prefix.chmod(0o711)  # nginx workers (user nobody when started as root) reach their temp folders inside
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir()
    log_dir = log_dir or prefix
    ports = [free_port() for _ in range(workers)]
    port = port or free_port()
    # One cookie secret for every process: a browser re-pinned (cookie cleared) keeps a valid XSRF token.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
           # Where the room is served (each process listens on 127.0.0.1 only): the Import page offers no
           # "Import from this computer" to a room served to the network.
           "CLOUTLAB_ROOM_ADDRESS": address}
    started: list[subprocess.Popen] = []
    logs = []
    proxy = None
    try:
        for i, p in enumerate(ports):
            log = open(log_dir / f"room-worker-{i}.log", "w")
            logs.append(log)
            cmd = [sys.executable, "-m", "cloutlab.ui.warm", "--server.port", str(p), "--server.address", "127.0.0.1",
                   "--server.headless", "true", *streamlit_args]
            started.append(subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            env=env))
        for p in ports:
            _healthy(f"http://127.0.0.1:{p}", started, timeout)
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_conf(ports, address, port, prefix, upstream_header))
        nlog = open(log_dir / "room-nginx.log", "w")
        logs.append(nlog)
        proxy = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf)], stdin=subprocess.DEVNULL,
                                 stdout=nlog, stderr=subprocess.STDOUT)
        host = "127.0.0.1" if address in ("0.0.0.0", "::") else address
        url = f"http://{host}:{port}"
        _healthy(url, [proxy], 30)
        yield Room(url, started, ports, proxy, prefix, logs)
    finally:
        for p in ([proxy] if proxy else []) + started:
            p.terminate()
        for p in ([proxy] if proxy else []) + started:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in logs:
            log.close()
        shutil.rmtree(prefix, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cloutlab.room", description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Streamlit processes (default: one per core)")
    ap.add_argument("--address", default="127.0.0.1", help="where the room listens (0.0.0.0: the local network)")
    ap.add_argument("--port", type=int, default=8501)
    ap.add_argument("streamlit_args", nargs="*", help="after --: options for every Streamlit process")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    try:
        with room(args.workers, args.address, args.port, tuple(args.streamlit_args), log_dir=Path(tempfile.gettempdir())) as r:
            print(f"cloutlab room: {args.workers} processes (ports {', '.join(map(str, r.ports))}) behind nginx on "
                  f"http://{args.address}:{args.port} (Ctrl+C stops them all)", flush=True)
            while not stop and r.nginx.poll() is None and all(w.poll() is None for w in r.workers):
                time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    except RuntimeError as exc:
        print(f"cloutlab: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
