"""The join address and its QR code, built from the address the teacher's browser reached the server at.

Phones in the room must reach the same server: the address comes from the request (its host and port), or
from the address the server was told to listen on when the teacher opened it on the machine itself
(localhost). Nothing is fetched: the QR code is drawn here by segno, as a PNG in memory.
"""

from __future__ import annotations

import io
import ipaddress
import re
from urllib.parse import urlsplit

import segno

_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$")
LOCAL_ONLY = ("This address works on this computer only: phones cannot open it. Serve the app to the room "
              "(bash run.sh app --server.address 0.0.0.0) and open it here at this computer's network "
              "address; the code and QR code will then carry it.")


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_specific(address: str | None) -> bool:
    """A listening address a phone could use: set, not a wildcard, not loopback."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
        return not (ip.is_unspecified or ip.is_loopback)
    except ValueError:
        return not _is_loopback(address)


def join_base(page_url: str | None, host_header: str | None, server_address: str | None, port: int,
              base_path: str = "") -> tuple[str, str | None]:
    """(scheme://host[:port][/base], a warning or None). page_url: the teacher's page address
    (st.context.url); host_header: the request's Host; server_address: server.address."""
    parts = urlsplit(page_url or "")
    scheme = parts.scheme if parts.scheme in ("http", "https") else "http"
    netloc = parts.netloc or (host_header or "")
    if not _HOST.match(netloc):  # no request, or a Host we will not put in a link
        netloc = f"localhost:{port}"
    host = netloc.rsplit(":", 1)[0] if not netloc.endswith("]") else netloc
    warning = None
    if _is_loopback(host):
        if _is_specific(server_address):
            addr = server_address if ":" not in server_address else f"[{server_address.strip('[]')}]"
            netloc = f"{addr}:{port}"
        else:
            warning = LOCAL_ONLY
    prefix = "/" + base_path.strip("/") if base_path and base_path.strip("/") else ""
    return f"{scheme}://{netloc}{prefix}", warning


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/join?code={code}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """The QR code of `url` as a PNG (drawn in memory; error correction M survives a dim projector)."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=2, dark="#000000",
                                                 light="#ffffff")
    return buf.getvalue()
