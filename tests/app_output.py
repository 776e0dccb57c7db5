"""Everything a Streamlit AppTest run drew, as strings, and an oracle for "drawn as text" (issue 24).

drawn(at) walks the whole element tree (main area, sidebar, every block) and returns (kind, field, text) for
every string the page sent to the browser: markdown bodies, alert bodies, captions, widget and metric
labels and help, block labels, st.html bodies, and every string inside a plotly figure.

live_markup(kind, field, text, mark, host) returns the places where a hostile value (holding `mark`, with
links to `host`) would be drawn as markup instead of text. Markdown is judged on its source: a backslash-
escaped character is text, so escapes are blanked first; what is left must not put a link, an image, raw
HTML, an autolink or emphasis around the hostile value. Plotly reads a subset of HTML in every string.
"""

from __future__ import annotations

import json
import re

from google.protobuf.json_format import MessageToDict

from cloutlab.ui.plot import figure_of

# Fields whose text Streamlit renders as markdown (bodies, labels, help texts, metric values and deltas).
MARKDOWN_FIELDS = {"body", "label", "help", "placeholder", "delta", "caption", "text"}


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, path)


def drawn(at) -> list[tuple[str, str, str]]:
    """(element kind, field, text) of every string in the tree."""
    out: list[tuple[str, str, str]] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            kind = type(node).__name__
            figure = figure_of(proto)
            if figure is not None and not hasattr(proto, "spec"):  # a chart of ui/plot.py: its figure is bytes
                out.extend(("plotly", ".".join(map(str, p)), t) for p, t in _strings(figure))
                return
            data = MessageToDict(proto)
            for path, text in _strings(data):
                if path and path[-1] == "spec" and text.startswith("{"):  # a plotly figure (an unnamed element)
                    out.extend(("plotly", ".".join(map(str, p)), t) for p, t in _strings(json.loads(text)))
                elif kind == "Html":
                    out.append(("html", ".".join(path), text))
                else:
                    out.append((kind, ".".join(path), text))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return out


def live_markup(kind: str, field: str, text: str, mark: str, host: str) -> list[str]:
    """The pieces of `text` where the hostile value would be drawn as markup (empty: drawn as text)."""
    h, m = re.escape(host), re.escape(mark)
    if kind == "html":  # a tag of the page's own pointing at the host, or markup right around the value
        return re.findall(rf"(?i)<\w+[^>]*\b(?:href|src)\s*=\s*[\"']?[^\"'>\s]*{h}|<\w+[^>]*>\s*{m}|<[^>]*{m}", text)
    if kind == "plotly":
        if field.rsplit(".", 1)[-1] in ("legendgroup", "uid", "ids", "meta"):
            return []  # identifiers plotly never draws
        return re.findall(rf"(?i)<\w+[^>]*{h}|<\w+[^>]*>\s*{m}|<[^>]*{m}", text)
    if field.rsplit(".", 1)[-1] not in MARKDOWN_FIELDS:
        return []  # options of a select box, code blocks, table cells: drawn as plain text
    s = re.sub(r"\\.", "\x00", text, flags=re.S)  # an escaped character is text
    found = re.findall(rf"\]\s*\([^)]*{h}", s)  # a link or image pointing at the host
    found += re.findall(rf"<[^>\n]*{h}|<\w+[^>]*>\s*{m}", s)  # raw HTML, or an autolink <http://host>
    found += re.findall(rf"(?i)(?:https?|ftp)://[^\s\x00]*{h}|www\.[^\s\x00]*{h}", s)  # GFM autolink literals
    found += re.findall(rf"(?m)^\s*\[[^\]\n]*\]:\s*\S*{h}", s)  # a link reference definition
    found += re.findall(rf"[*_\[~`<$]{m}|:[a-z-]+\[{m}", s)  # emphasis, link text, code, maths, :red[...]
    return found


def assert_inert(at, mark: str, host: str, where: str = "") -> None:
    bad = [(k, f, t[:300], live) for k, f, t in drawn(at) if (live := live_markup(k, f, t, mark, host))]
    assert not bad, f"{where}: hostile text drawn as markup: {bad[:3]}"
