"""Was the sender authenticated? An extraction fact, read from the receiving server's own
Authentication-Results header (RFC 8601): proof beats words (scoring.py)."""
from __future__ import annotations

import re

from .domains import registrable
from .urls import under_any

_PASS = re.compile(r"\b(dmarc|dkim)\s*=\s*pass\b(?:[^;]*header\.(?:d|from)\s*=\s*([\w.-]+))?", re.I)
_DMARC_FAIL = re.compile(r"\bdmarc\s*=\s*(?:fail|quarantine|reject|permerror)\b", re.I)


def verified_official(f) -> bool:
    """An e-mail from an official address that its receiving server authenticated (DMARC/DKIM pass
    for an official domain), with no link outside official or partner sites. An address of any of
    the brand's own domains counts once authenticated (a Mon espace santé notice from
    monespacesante.fr): only the domain's owner passes DMARC for it."""
    if f.msg.channel != "email":
        return False
    if not (f.profile.sender_is_official(f.msg.sender)
            or under_any(f.msg.sender.rpartition("@")[2].lower(), f.profile.official_domains)):
        return False
    if f.unofficial_links:
        return False
    results = f.msg.header("Authentication-Results")
    if any(_DMARC_FAIL.search(v) for v in results):
        return False   # DMARC decides whether the From domain is genuine: a fail outweighs a DKIM pass
    return any(dom == d or dom.endswith("." + d) for dom in _passed_domains(f.msg) for d in f.profile.official_domains)


def _passed_domains(msg):
    """The domains the receiving server says pass DMARC or DKIM (the From's, when it names none)."""
    for value in msg.header("Authentication-Results"):
        for m in _PASS.finditer(value):
            yield (m.group(2) or msg.sender.rpartition("@")[2]).lower().strip(">")


def sender_home(msg) -> str:
    """The registrable domain of an e-mail's From address, or "" when there is none to trust: not
    an e-mail, no domain, or a domain its receiving server says fails DMARC."""
    if msg.channel != "email" or "@" not in msg.sender:
        return ""
    if any(_DMARC_FAIL.search(v) for v in msg.header("Authentication-Results")):
        return ""
    return registrable(msg.sender.rpartition("@")[2].strip().strip(">").lower())


def authenticated_home(msg) -> str:
    """The registrable domain of an e-mail's From address when its receiving server authenticated
    it (DMARC or DKIM pass for that domain); else ""."""
    home = sender_home(msg)
    return home if home and any(dom == home or dom.endswith("." + home) for dom in _passed_domains(msg)) else ""
