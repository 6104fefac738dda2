"""Extractors: everything rules look at, computed once per message."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..message import Link, Message
from ..profile import Profile, generic
from .amounts import Amount, find_amounts
from .claim import SCAM_TALK as _SCAM_TALK, Claim, find_claim
from .domains import HostInfo, analyze_host
from .identifiers import Identifier, find_identifiers
from .phones import find_phones
from .textnorm import norm
from .urls import find_urls, host_of, path_of

_QUOTE = re.compile(r'"|\n\s*\n')
# Sentence boundaries: end punctuation, a dash or bullet between words, and a line break, unless the
# line break only wraps a long line ("Il annonçait un\nremboursement ..."): the line before it runs
# on (60 characters or more, no end punctuation) and the next line goes on in lower case.
_BOUNDARY = re.compile(r"[.!?;]\s+|\n(?!(?<=[^\n]{59}[^\n.!?:;]\n)[ \t]*[a-z\u00e0-\u00ff(])|\s[-•]\s|\u2022")


def domain_facts(profile: Profile) -> tuple:
    g = generic()
    return (profile.official_domains, profile.partner_domains, profile.partner_suffixes, profile.known_hosts,
            frozenset(g["shorteners"]), profile.brand_labels, tuple(t.lower() for t in profile.brand_tokens),
            frozenset(g["platforms"]))


@dataclass(slots=True)
class LinkInfo:
    link: Link
    host: HostInfo

    @property
    def path(self) -> str:
        return path_of(self.link.url)


@dataclass
class Features:
    msg: Message
    profile: Profile
    full: str                      # subject + "\n" + text: what text rules read
    subject_len: int
    norm: str
    links: list[LinkInfo] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    sender_host: HostInfo | None = None
    claim: str = ""                # the words by which the message claims to be the brand ("" if none)
    claim_kind: str = ""           # how: sender, opening, subject, signature, addresses_reader, implied
    mention: str = ""              # brand words named in the message, claimed or not

    @cached_property
    def literals_seen(self) -> dict[str, bool]:
        """Which rule literals occur in `norm`, each looked up once for all rules."""
        return {}

    def has_any(self, literals) -> bool:
        seen = self.literals_seen
        for lit in literals:
            hit = seen.get(lit)
            if hit is None:
                hit = seen[lit] = lit in self.norm
            if hit:
                return True
        return False

    def where(self, start: int) -> str:
        return "subject" if start < self.subject_len else "text"

    @cached_property
    def boundaries(self) -> list[int]:
        return [m.end() for m in _BOUNDARY.finditer(self.full)]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        b = self.boundaries
        i = bisect.bisect_right(b, start)
        s = b[i - 1] if i > 0 else 0
        j = bisect.bisect_left(b, end)
        e = b[j] if j < len(b) else len(self.full)
        return s, e

    @cached_property
    def acts(self) -> dict:
        """What each sentence does with the words rules found in it (rules.engine.sentence_act)."""
        return {}

    @cached_property
    def about_scams(self) -> bool:
        """The message is about scams (a warning, an article): its subject or opening speaks of
        fraud, or fraud words recur. Quoted and listed scam wording in it is reported, not asked."""
        head = self.norm[: self.subject_len + 400]
        return bool(_SCAM_TALK.search(head)) or len(_SCAM_TALK.findall(self.norm[:20000])) >= 2

    @cached_property
    def _quotes(self) -> list[tuple[int, int]]:
        """Spans inside quotation marks (« », “ ”, " " are all '"' in the normalised text)."""
        spans, open_at = [], -1
        for m in _QUOTE.finditer(self.norm):
            if m.group() != '"':   # a blank line closes nothing and opens nothing
                open_at = -1
            elif open_at < 0:
                open_at = m.end()
            else:
                spans.append((open_at, m.start()))
                open_at = -1
        return spans

    def quoted(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self._quotes)

    @cached_property
    def verified(self) -> bool:
        """An official sender authenticated by the receiving server (see scoring.verified_official)."""
        from ..scoring import verified_official
        return verified_official(self)

    @cached_property
    def foreign_links(self) -> list[LinkInfo]:
        """Links to a site that is neither the brand's (or its partners') nor the State's."""
        state = tuple(generic().get("state_suffixes", ()))
        return [li for li in self.unofficial_links
                if not any(li.host.host == s or li.host.host.endswith("." + s) for s in state)]

    @cached_property
    def unofficial_links(self) -> list[LinkInfo]:
        return [li for li in self.links if li.host.status not in ("official", "partner", "known", "platform")]


def extract(msg: Message, profile: Profile) -> Features:
    full = (msg.subject + "\n" + msg.text) if msg.subject else msg.text
    sub_len = len(msg.subject) + 1 if msg.subject else 0
    f = Features(msg=msg, profile=profile, full=full, subject_len=sub_len, norm=norm(full))
    # links: HTML anchors from the adapter, then URLs written in the text
    text_links = find_urls(full)
    seen = {l.url for l in msg.links}
    msg.links.extend(l for l in text_links if l.url not in seen)
    facts = domain_facts(profile)
    for link in msg.links:
        host = host_of(link.url)
        if host:
            f.links.append(LinkInfo(link, analyze_host(host, facts)))
    f.identifiers = find_identifiers(full)
    # the digits of a social security number or an IBAN are not a phone number to call
    taken = [(i.start, i.end) for i in f.identifiers]
    msg.phones = [p for p in find_phones(full) if not any(p.start < b and a < p.end for a, b in taken)]
    f.amounts = find_amounts(full)
    if msg.channel == "email" and "@" in msg.sender:
        f.sender_host = analyze_host(msg.sender.rpartition("@")[2], facts)
    m = profile.claims(f.norm) or profile.claims(norm(msg.display_name + " " + msg.sender))
    if m:
        f.mention = m.group(0)
    c = find_claim(profile, msg.channel, msg.sender, msg.display_name, msg.subject, f.norm[sub_len:],
                   sender_official=msg.channel == "email" and profile.sender_is_official(msg.sender))
    if c:
        f.claim, f.claim_kind = c.words, c.kind
    return f
