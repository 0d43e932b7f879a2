"""URLs without credentials: a key inside ``http://user:KEY@host`` would travel into every
error message, reply link, cassette and stored thread that shows the URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["has_userinfo", "strip_userinfo"]

# scheme://userinfo@ anywhere in a text (a message, a link); the userinfo is what is removed.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@?#]*@")


def has_userinfo(url: str) -> bool:
    """Whether ``url`` carries a login or password before its host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "@" in url
    return "@" in parts.netloc


def strip_userinfo(text: str) -> str:
    """``text`` with the ``user:key@`` of every URL in it removed (the host and path kept)."""
    return _USERINFO.sub(r"\1", text)
