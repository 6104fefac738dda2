"""URLs in text: full URLs, www. hosts, bare domains, and obfuscated forms (hxxp, [.], (.))."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..limits import MAX_LINKS
from ..message import Link
from .domains import split_host

_DOT = r"(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\))"
# Letters of the scripts used for look-alike domains (Latin, Greek, Cyrillic); CJK text has no
# spaces, so allowing every script would glue whole sentences onto a domain.
_L = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_LABEL = rf"[{_L}](?:[{_L}-]{{0,61}}[{_L}])?"
# Starts only at a token boundary so that a long dotted string costs linear time.
URL_RE = re.compile(
    r"(?<![\w@.\-/])(?:"
    r"(?P<scheme>h(?:tt|xx|\*\*)ps?|ftp)(?::|\[:\])//[^\s<>\"'`{}|\\^]{1,2000}"
    r"|(?P<bare>(?:" + _LABEL + _DOT + r"){1,10}[a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]{2,24}|\d{1,3}(?:\.\d{1,3}){3})"
    r"(?::\d{2,5})?(?P<path>[/?#][^\s<>\"'`{}|\\^]{0,2000})?"
    r")",
    re.IGNORECASE,
)
_TRAIL = ".,;:!?)]}'\"»…"


def deobfuscate(url: str) -> str:
    u = re.sub(r"^h(?:xx|\*\*)p", "http", url, flags=re.I)
    u = u.replace("[:]", ":")
    return re.sub(r"\[\.\]|\(\.\)|\[dot\]|\(dot\)", ".", u, flags=re.I)


def _url_tokens(text: str):
    """Spans of the whitespace-separated tokens that could hold a URL (a dot, a colon or an
    obfuscated dot). A URL never spans whitespace, so scanning only these tokens finds the same
    URLs as scanning the whole text, without running the regex at every position of long prose."""
    pos = 0
    for tok in text.split():
        if "." in tok or ":" in tok or (("[" in tok or "(" in tok) and "dot" in tok.lower()):
            # earlier tokens holding this one's dot were all consumed, so this finds the token itself
            start = text.find(tok, pos)
            pos = start + len(tok)
            yield start, pos


def find_urls(text: str) -> list[Link]:
    links: list[Link] = []
    for m in (m for s, e in _url_tokens(text) for m in URL_RE.finditer(text, s, e)):
        raw = m.group(0)
        # a closing bracket belongs to the URL only if it opened inside it
        while raw and raw[-1] in _TRAIL and not (raw[-1] == ")" and raw.count("(") >= raw.count(")")):
            raw = raw[:-1]
        if not raw:
            continue
        url = deobfuscate(raw)
        if m.group("bare") is not None:
            host = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split(":", 1)[0]
            if not _plausible_bare(host, bool(m.group("path")) or ":" in url.split("/", 1)[0]):
                continue
        links.append(Link(url=url, text=raw, source="text", start=m.start(), end=m.start() + len(raw)))
        if len(links) >= MAX_LINKS:
            break
    return links


def _plausible_bare(host: str, has_path: bool) -> bool:
    """A bare 'word.word' counts as a domain only if it ends with a real public suffix; a bare
    IP address only with a path or port (else it is more likely a version number)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):
        return has_path and all(int(p) <= 255 for p in host.split("."))
    parts = split_host(host.lower())
    return bool(parts.suffix) and bool(parts.domain) and not parts.suffix.isdigit()


_AUTHORITY = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//([^/?#\\]*)|^\s*([^/?#\\\s]*)", re.I)


def host_of(url: str) -> str:
    """The host a URL really goes to (userinfo stripped: http://ameli.fr@evil.com goes to evil.com)."""
    m = _AUTHORITY.match(url)
    auth = (m.group(1) if m.group(1) is not None else m.group(2)) if m else ""
    auth = auth.rpartition("@")[2]
    if auth.startswith("["):
        host = auth[1:].partition("]")[0]
    else:
        host = auth.partition(":")[0]
    return host.strip(".").lower()[:253]


def path_of(url: str) -> str:
    u = url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) else "http://" + url
    try:
        s = urlsplit(u)
        return (s.path or "") + ("?" + s.query if s.query else "")
    except ValueError:
        return ""
