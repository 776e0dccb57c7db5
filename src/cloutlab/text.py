"""Untrusted text (account names, file names, link values, post text) shown inside markdown."""


def md_escape(text: str) -> str:
    """Backslash-escape every character markdown (and its autolinks, maths and HTML) reads as formatting."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|~$:@=^&\"'" else c for c in str(text))
