"""Brand profiles: the official facts of a brand, read from data files (no fact lives in code)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .extract.textnorm import norm


@dataclass
class Profile:
    data: dict
    id: str = ""
    claim_re: re.Pattern = field(default=None, repr=False)  # type: ignore[assignment]
    official_domains: frozenset = frozenset()
    partner_domains: frozenset = frozenset()
    partner_suffixes: tuple = ()
    known_hosts: frozenset = frozenset()
    sender_domains: frozenset = frozenset()
    brand_labels: tuple = ()
    brand_tokens: tuple = ()
    phones: dict = field(default_factory=dict)   # e164 / short number -> entry
    speaker_re: re.Pattern = field(default=None, repr=False)  # type: ignore[assignment]
    label_re: re.Pattern = field(default=None, repr=False)  # type: ignore[assignment]
    implied_claim_re: re.Pattern | None = field(default=None, repr=False)
    sms_senders: frozenset = frozenset()
    sole_sites: tuple = ()

    @classmethod
    def from_dict(cls, data: dict) -> "Profile":
        p = cls(data=data, id=data["id"])
        claims = sorted({norm(c) for c in data.get("claims", [])}, key=len, reverse=True)
        p.claim_re = _words_re(claims)
        # the names by which the brand speaks of itself (not its products: a doctor mentions the carte Vitale)
        p.speaker_re = _words_re(sorted({norm(c) for c in data.get("speaker_claims", data.get("claims", []))}, key=len, reverse=True))
        # a label (sender id, opening, subject, signature) may also be a product: "Carte Vitale :", "Info-Vitale"
        p.label_re = _words_re(sorted({norm(c) for c in data.get("claims", []) + data.get("label_claims", [])}, key=len, reverse=True))
        implied = data.get("implied_claims", [])
        p.implied_claim_re = re.compile("|".join(f"(?:{x})" for x in implied)) if implied else None
        # sole_sites: `words` and `about` are patterns on the normalised text (words at word boundaries)
        p.sole_sites = tuple(dict(svc, words_re=re.compile(r"(?<![a-z0-9])(?:" + "|".join(svc["words"]) + r")(?![a-z0-9])"),
                                  about_re=re.compile("|".join(svc.get("about", [r"\w"]))))
                             for svc in data.get("sole_sites", []))
        # the brand's SMS sender ids (a message from one speaks for it; it never proves it genuine)
        p.sms_senders = frozenset(str(s.get("id", "")).replace(" ", "") for s in (data.get("sms") or {}).get("senders", []))
        p.official_domains = frozenset(d["domain"].lower() for d in data.get("official_domains", []))
        p.partner_domains = frozenset(d.lower() for d in data.get("partner_domains", []))
        p.partner_suffixes = tuple(s.lower() for s in data.get("partner_suffixes", []))
        p.known_hosts = frozenset(h["host"].lower() for h in data.get("known_legitimate_hosts", []))
        p.sender_domains = frozenset(d["domain"].lower() for d in data.get("email", {}).get("sender_domains", []))
        p.brand_labels = tuple(sorted({d.split(".")[0] for d in p.official_domains}))
        p.brand_tokens = tuple(data.get("brand_tokens", []))
        p.phones = {e["number"]: e for e in data.get("phones", [])}
        return p

    # ---- convenience accessors -------------------------------------------------------
    def name(self, lang: str = "fr") -> str:
        return self.data["name"].get(lang) or self.data["name"]["fr"]

    def source(self, key: str) -> str:
        return self.data.get("sources", {}).get(key, key)

    def claims(self, text_norm: str) -> re.Match | None:
        return self.claim_re.search(text_norm)

    def is_official_domain(self, registrable: str) -> bool:
        return registrable in self.official_domains

    def is_partner(self, registrable: str, suffix: str) -> bool:
        return registrable in self.partner_domains or any(
            suffix == s or suffix.endswith("." + s) for s in self.partner_suffixes)

    def sender_is_official(self, address: str) -> bool:
        domain = address.rpartition("@")[2].lower()
        return domain in self.sender_domains

    def phone(self, number: str) -> dict | None:
        return self.phones.get(number)


def _words_re(words: list[str]) -> re.Pattern:
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(c) for c in words) + r")(?![a-z0-9])")


def _profile_dirs() -> list[Path]:
    dirs = [Path(str(resources.files("demasque") / "profiles"))]
    extra = os.environ.get("DEMASQUE_PROFILES")
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return dirs


@cache
def load_profiles() -> tuple[Profile, ...]:
    """Every profile: the shipped ones, then those in $DEMASQUE_PROFILES. The first is the default."""
    found: list[Profile] = []
    for d in _profile_dirs():
        for path in sorted(d.glob("*.yaml")):
            with open(path, encoding="utf-8") as fh:
                found.append(Profile.from_dict(yaml.safe_load(fh)))
    found.sort(key=lambda p: p.id != "assurance_maladie")
    return tuple(found)


def default_profile() -> Profile:
    return load_profiles()[0]


def pick_profile(text_norm: str) -> Profile:
    """The profile the message claims to come from (most claim words), else the default."""
    profiles = load_profiles()
    if len(profiles) == 1:
        return profiles[0]
    best, best_n = profiles[0], 0
    for p in profiles:
        n = sum(1 for _ in p.claim_re.finditer(text_norm))
        if n > best_n:
            best, best_n = p, n
    return best


@cache
def generic() -> dict:
    with (resources.files("demasque") / "data" / "generic.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
