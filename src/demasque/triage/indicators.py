"""Indicators of one message: URLs, registrable domains, phone numbers (E.164), senders, e-mail
addresses, amounts — each with a status that says whether it may be blocked or taken down.

Read from the Message itself through the project's extractors (never from the report's texts),
so the triage does not depend on how verbose a report is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract import domain_facts
from ..extract.amounts import find_amounts
from ..extract.domains import analyze_host
from ..extract.phones import SURCHARGED, classify, find_phones
from ..extract.urls import find_urls, host_of
from ..message import Message
from ..profile import Profile

KINDS = ("url", "domain", "phone", "sender", "email", "amount")
STATUSES = ("other", "official", "partner", "known", "platform", "shortener", "ip", "lookalike",
            "premium_rate", "short_number", "alphanumeric")
# What genuine messages share with scams, or anyone can use: never a reason to join two campaigns,
# never exported as a thing to block.
BENIGN = frozenset({"official", "partner", "known", "platform", "shortener"})
# Kinds whose shared values join campaigns (an amount or an alphanumeric sender name does not)
LINKING_KINDS = ("url", "domain", "phone", "email")
LINKING_STATUSES = ("other", "lookalike", "premium_rate", "ip")

_NUMERIC = re.compile(r"\+?[\d .()-]{3,24}")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


@dataclass(slots=True)
class Parsed:
    """Where the variable parts of the text are: the signature replaces them by tokens."""
    full: str
    links: list          # Link (from the text: with spans; from HTML: without)
    phones: list         # Phone
    amounts: list        # Amount
    emails: list         # (start, end, address)
    official: set = None  # URLs (as written) and numbers that are the brand's own: filled by indicators()
    elsewhere: bool = False   # a link or a number to call that is not the brand's: filled by indicators()

    @property
    def contact_class(self) -> int:
        """Where the message sends its reader: 0 nowhere; 1 only to official sites and numbers;
        2 to a site or a number of someone else."""
        if self.elsewhere:
            return 2
        return 1 if self.official else 0


def parse(msg: Message) -> Parsed:
    full = (msg.subject + "\n" + msg.text) if msg.subject else msg.text
    links = find_urls(full)
    seen = {l.url for l in links}
    links += [l for l in msg.links if l.url not in seen]   # HTML anchors the adapter found
    emails = [(m.start(), m.end(), m.group(0).lower()) for m in _EMAIL.finditer(full)] if "@" in full else []
    spans = [(l.start, l.end) for l in links if l.start >= 0]
    # digits inside a link (a path, a query) are not a phone number
    phones = [ph for ph in find_phones(full) if not any(s <= ph.start < e for s, e in spans)] if spans else find_phones(full)
    return Parsed(full, links, phones, find_amounts(full), emails)


_FACTS: dict[str, tuple] = {}


def _facts(profile: Profile) -> tuple:
    facts = _FACTS.get(profile.id)
    if facts is None:
        facts = _FACTS[profile.id] = domain_facts(profile)
    return facts


def host_status(host: str, profile: Profile) -> tuple[str, str]:
    """(registrable domain, status) of a host."""
    info = analyze_host(host, _facts(profile))
    if info.lookalike is not None:
        return info.registrable, "lookalike"
    return info.registrable, info.status if info.status in STATUSES else "other"


def phone_status(e164: str, kind: str, profile: Profile) -> str:
    if profile.phone(e164) is not None:
        return "official"
    if kind.startswith("short"):     # 4-5 digits: too few to tell one campaign's number from another's
        return "short_number"
    if kind in SURCHARGED:
        return "premium_rate"
    return "other"


def indicators(msg: Message, p: Parsed, profile: Profile) -> list[tuple[str, str, str]]:
    """(kind, value, status) of each distinct indicator of the message."""
    out: dict[tuple[str, str], str] = {}
    p.official = set()
    for link in p.links:
        host = host_of(link.url)
        if not host:
            continue
        registrable, status = host_status(host, profile)
        if status in ("official", "partner", "known"):
            p.official.add(link.url)
        else:
            p.elsewhere = True
        url = link.url if "://" in link.url[:12] else "http://" + link.url
        out.setdefault(("url", url), status)
        out.setdefault(("domain", registrable), status)
    for ph in p.phones:
        if ph.kind != "invalid":
            status = out.setdefault(("phone", ph.e164), phone_status(ph.e164, ph.kind, profile))
            if status == "official":
                p.official.add(ph.e164)
            elif status != "short_number":     # 33700 and other short services are not a kit's callback
                p.elsewhere = True
    for _, _, addr in p.emails:
        out.setdefault(("email", addr), host_status(addr.rpartition("@")[2], profile)[1])
    sender = msg.sender.strip()
    if sender:
        if "@" in sender:
            out.setdefault(("email", sender.lower()), host_status(sender.rpartition("@")[2], profile)[1])
        else:
            if _NUMERIC.fullmatch(sender):   # a number, even one outside the numbering plan
                e164, kind = classify(sender)
                status = phone_status(e164, kind, profile)
                out.setdefault(("sender", e164), status)
                out.setdefault(("phone", e164), status)
            else:
                out.setdefault(("sender", sender[:64]), "alphanumeric")
    for addr in msg.reply_to:
        addr = addr.strip().lower()
        if "@" in addr:
            out.setdefault(("email", addr), host_status(addr.rpartition("@")[2], profile)[1])
    for a in p.amounts:
        out.setdefault(("amount", f"{a.value:.2f} EUR"), "other")
    return [(k, v, s) for (k, v), s in out.items()]
