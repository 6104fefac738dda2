"""The public sources a person may read, from a report of either shape:

- new: each signal, step or look-up carries `sources: [{"title", "url"}]` and a readable `reference`;
- old: `reference` is "seed_fr: « ... »" and a step's `source` a repository path or a link.

Only public pages are shown: an internal key or a repository path (seed_..., shared/..., ....txt)
never reaches the reader; a bare address becomes a source titled by its site."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# seed_fr, shared/seeds/..., ....txt, "knowledge 2.1", and any snake_case key (cnam_jo_2024): words
# written for a person hold no underscore
_INTERNAL = re.compile(r"\bseed_|shared/|\.txt\b|\bknowledge\s+\d|\b[a-z0-9]+_[a-z0-9_]+\b", re.I)
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.I)


def is_internal(text: str) -> bool:
    """Does this look like a key or a path of the project, not words for a person?"""
    return bool(_INTERNAL.search(text or ""))


def _from_url(url: str) -> dict:
    host = urlsplit(url).hostname or url
    return {"title": host.removeprefix("www."), "url": url}


def public_sources(item: dict) -> list[dict]:
    """[{"title", "url"}] of the public pages `item` cites (a signal, a step, a look-up), in order,
    without duplicates; [] when it cites none a person can open."""
    out: list[dict] = []
    raw = list(item.get("sources") or [])
    if not raw and isinstance(item.get("source"), str):      # the old shape: one address or path
        raw.append(item["source"])
    for s in raw:
        if isinstance(s, dict):
            url = str(s.get("url") or "")
            title = str(s.get("title") or "")
            if url and not _URL.match(url):
                url = ""
            if not url and (not title or is_internal(title)):
                continue
            src = {"title": title if title and not is_internal(title) else _from_url(url)["title"], "url": url}
        elif isinstance(s, str) and _URL.match(s.strip()):
            src = _from_url(s.strip())
        else:
            continue
        if src not in out:
            out.append(src)
    return out


def readable_reference(reference) -> str:
    """The rule's reference when it is words for a person, else "" (an internal key is never shown)."""
    if not isinstance(reference, str) or not reference.strip() or is_internal(reference):
        return ""
    return reference.strip()
