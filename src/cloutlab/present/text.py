"""Untrusted text (account names, file names, link values, post text, hashtags) made inert wherever shown.

Helpers (stable names, reused by pages and other modules):
    md_escape(text)        markdown (and the HTML, links and images it allows)
    plot_escape(text)      one string for plotly text; escape_trace(trace) every text attribute of a trace
    csv_cell / csv_safe    CSV downloads: no cell can run as a spreadsheet formula
HTML pages we write use html.escape.
"""

import re


# GFM "autolink literals" are found in the text AFTER markdown is parsed (mdast-util-gfm-autolink-literal),
# so backslash escapes cannot stop `http://...`, `www.` or `name@host.tld` from becoming a live link. An
# invisible WORD JOINER (U+2060) after the scheme and before '@' breaks those patterns; the text reads the same.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=[:.])")
_WJ = "\u2060"
# GFM's email autolink needs a local part (letters, digits, '.', '-', '_', '+') right before the '@': only
# such an '@' needs breaking, so a handle like "@nell" reads (and is found by screen readers) unchanged.
_EMAIL_AT = re.compile(r"(?<=[A-Za-z0-9._+-])@")


def md_escape(text: str) -> str:
    """Backslash-escape every character markdown (and its autolinks, maths and HTML) reads as formatting."""
    text = _AUTOLINK.sub(lambda m: m.group(1) + _WJ, str(text))
    text = _EMAIL_AT.sub(_WJ + "@", text)
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|~$:@=^&\"'" else c for c in text)


# ---------------------------------------------------------------- plotly text (issue 11)
# Plotly renders a subset of HTML in every text it draws (trace names, text, hover, tick labels, titles,
# annotations): <a href> becomes a live link, <br>, <b>, <i>, <span style> apply. Entities are decoded, so
# '&lt;' shows as '<': escaping &, < and > keeps untrusted text inert and still reads right.
_PLOT_TEXT_ATTRS = ("text", "hovertext", "name", "x", "y", "customdata", "labels", "legendgrouptitle")


def no_change(change: str) -> bool:
    """Whether a written change ("+0.00", "-0", "+0.00 in 7 days") rounds to nothing."""
    return change.split(" ", 1)[0].lstrip("+-").strip("0.,") == ""


def signed(value: float, fmt: str) -> str:
    """`value` in a signed format such as "{:+,.2f}"; a change that rounds to nothing is "+0.00", as no change
    is written everywhere (ui.page.metric draws it without arrow or colour): "-0.00" said the score fell."""
    text = fmt.format(value)
    return "+" + text.lstrip("+-") if no_change(text) else text


def plot_escape(value):
    """One string made inert for plotly; anything else is returned as it is."""
    if isinstance(value, str) and ("<" in value or ">" in value or "&" in value):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def _escaped(value):
    if isinstance(value, str):
        return plot_escape(value)
    if isinstance(value, (list, tuple)) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS"):
        items = list(value)
        if any(isinstance(v, (str, list, tuple)) for v in items):
            return [_escaped(v) for v in items]
    return value


def escape_trace(trace):
    """A plotly trace (go object) with every text attribute made inert; attributes without markup untouched."""
    for attr in _PLOT_TEXT_ATTRS:
        # Asked first: reading a property a trace type lacks makes plotly rank every valid name by edit
        # distance for its error message (16 ms of each What-if slider move went there).
        if attr not in trace:
            continue
        try:
            value = trace[attr]
        except (KeyError, ValueError, AttributeError):
            continue
        if value is None or not _needs(value):
            continue
        trace[attr] = _escaped(value)
    return trace


def _needs(value) -> bool:
    if isinstance(value, str):
        return plot_escape(value) is not value
    if isinstance(value, (list, tuple)) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS"):
        return any(_needs(v) for v in value if isinstance(v, (str, list, tuple)))
    return False


# ---------------------------------------------------------------- CSV downloads (issue 11)
# OWASP "CSV injection": a spreadsheet runs a cell starting with = + - @ (or a tab / carriage return
# before one) as a formula. A leading apostrophe makes it text; numbers stay numbers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_safe(frame):
    """A copy of a pandas frame whose text cells (and column names) cannot run as spreadsheet formulas."""
    def textual(dtype) -> bool:
        return str(dtype) == "object" or str(dtype).startswith(("string", "str"))

    out = frame.copy()
    for col in out.columns:
        if textual(out[col].dtype):
            out[col] = out[col].map(csv_cell)
    out.columns = [csv_cell(c) for c in out.columns]
    if textual(out.index.dtype):
        out.index = out.index.map(csv_cell)
    return out
