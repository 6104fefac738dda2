"""Brand profiles: the official facts of a brand, read from data files (no fact lives in code).

A profile file (profiles/*.yaml, or a folder named by $DEMASQUE_PROFILES) is checked against its
schema (profile_schema.py) when it loads; `Profile` adds what the program computes from it once
(the brand's words as patterns, its domains as sets) and the accessors the rest of the program
reads. Facts every brand shares (public pages, the numbering plan) are in data/shared.yaml."""
from __future__ import annotations

import difflib
import re
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from .datafile import data_dirs, describe, load_yaml, read_yaml
from .errors import ProfileError
from .extract.textnorm import norm
from .profile_schema import OtherNumber, Page, Phone, ProfileSpec, SharedSpec, Source

DEFAULT_ID = "assurance_maladie"


class Profile:
    """One brand: its checked file (`spec`) and what is computed from it."""

    def __init__(self, spec: ProfileSpec, path: str = "") -> None:
        self.spec = spec
        self.path = path
        self.id = spec.id
        claims = sorted({norm(c) for c in spec.claims}, key=len, reverse=True)
        self.claim_re = _words_re(claims)
        # the names by which the brand speaks of itself (not its products: a doctor mentions the carte Vitale)
        speaker = spec.speaker_claims if spec.speaker_claims is not None else spec.claims
        self.speaker_re = _words_re(sorted({norm(c) for c in speaker}, key=len, reverse=True))
        # a label (sender id, opening, subject, signature) may also be a product: "Carte Vitale :", "Info-Vitale"
        self.label_names = tuple(sorted({norm(c) for c in spec.claims + spec.label_claims}, key=len, reverse=True))
        self.label_re = _words_re(list(self.label_names))
        self.implied_claim_re = re.compile("|".join(f"(?:{x})" for x in spec.implied_claims)) if spec.implied_claims else None
        self.implied_unsigned_re = re.compile("|".join(f"(?:{x})" for x in spec.implied_claims_unsigned)) \
            if spec.implied_claims_unsigned else None
        # sole_sites: `words` and `about` are patterns on the normalised text (words at word boundaries)
        self.sole_sites = tuple(
            {"id": s.id, "name": s.name, "sites": s.sites, "source": s.source,
             "words_re": re.compile(r"(?<![a-z0-9])(?:" + "|".join(s.words) + r")(?![a-z0-9])"),
             "about_re": re.compile("|".join(s.about or [r"\w"]))}
            for s in spec.sole_sites)
        # the brand's SMS sender ids (a message from one speaks for it; it never proves it genuine)
        self.sms_senders = frozenset(s.id.replace(" ", "") for s in spec.sms.senders)
        self.official_domains = frozenset(d.domain.lower() for d in spec.official_domains)
        self.partner_domains = frozenset(d.lower() for d in spec.partner_domains)
        self.partner_suffixes = tuple(s.lower() for s in spec.partner_suffixes)
        self.known_hosts = frozenset(h.host.lower() for h in spec.known_legitimate_hosts)
        self.sender_domains = frozenset(d.domain.lower() for d in spec.email.sender_domains)
        self.brand_labels = tuple(sorted({d.split(".")[0] for d in self.official_domains}))
        self.brand_tokens = tuple(spec.brand_tokens)
        self.phones: dict[str, Phone] = {p.number: p for p in spec.phones}   # e164 / short number -> entry
        self.official_places_norm = tuple(norm(pl) for pl in spec.official_places)
        self.references = spec.references

    def __repr__(self) -> str:
        return f"Profile({self.id!r})"

    # ---- the brand's names and numbers -------------------------------------------------
    def name(self, lang: str = "fr") -> str:
        return self.spec.name.get(lang) or self.spec.name["fr"]

    @property
    def short_name(self) -> str:
        return self.spec.short_name

    @cached_property
    def callback_number(self) -> str:
        """The one number to call the brand on (the `phones` entry with callback: true), or ""."""
        return next((p.number for p in self.spec.phones if p.callback), "")

    @property
    def official_site(self) -> str:
        """The brand's main site (its first official domain)."""
        return self.spec.official_domains[0].domain

    def official_domain(self, registrable: str):
        return next((d for d in self.spec.official_domains if d.domain == registrable), None)

    def known_host(self, host: str):
        return next((k for k in self.spec.known_legitimate_hosts if k.host == host), None)

    def other_number(self, e164: str) -> OtherNumber | None:
        """A number the guidance names that is not the brand's (the profile's, then the shared ones)."""
        return next((o for o in self.spec.other_numbers + shared().other_numbers if o.number == e164), None)

    def numbering_kind(self, kind: str):
        """What the numbering plan says of a kind of number (the profile may add to the shared text)."""
        return self.spec.numbering.kinds.get(kind) or shared().numbering.kinds.get(kind)

    @property
    def telemarketing(self):
        return self.spec.numbering.telemarketing or shared().numbering.telemarketing

    @property
    def telemarketing_prefixes(self) -> list[str]:
        return self.spec.numbering.telemarketing_prefixes or shared().numbering.telemarketing_prefixes

    def words(self, lang: str = "fr") -> dict[str, str]:
        """The facts rule texts quote by name: {brand}, {official_site}, {phone}, {sender_domains},
        and the profile's own `words:` ({office}, {account}, {app} ...)."""
        out = {"brand": self.name(lang), "official_site": self.official_site, "phone": self.callback_number,
               "sender_domains": ", ".join("@" + d.domain for d in self.spec.email.sender_domains)}
        out.update({k: v.get(lang) or v["fr"] for k, v in self.spec.words.items()})
        return out

    # ---- sources: public pages, never a key or a file -----------------------------------
    def source_entry(self, key: str) -> Source | None:
        return self.spec.sources.get(key) or shared().sources.get(key)

    def cite(self, keys) -> list[dict]:
        """The public pages behind source keys: [{title, url, publisher, official}], each once."""
        out, seen = [], set()
        for key in [keys] if isinstance(keys, str) else keys:
            src = self.source_entry(key)
            if src is None:
                continue
            for page in (src, *src.also):
                if page.url not in seen:
                    seen.add(page.url)
                    out.append(_page_dict(page))
        return out

    def citation(self, keys, lang: str = "fr") -> str:
        """The same pages as readable text: « title », publisher (address)."""
        return citation_text(self.cite(keys), lang)

    # ---- tests on a message's parts ----------------------------------------------------
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

    def phone(self, number: str) -> Phone | None:
        return self.phones.get(number)


def _page_dict(page: Page) -> dict:
    return {"title": page.title, "url": page.url, "publisher": page.publisher, "official": page.official}


def citation_text(pages: list[dict], lang: str = "fr") -> str:
    q = ("« {} »", "\"{}\"")[lang == "en"]
    return " ; ".join(f"{q.format(p['title'])}, {p['publisher']} ({p['url']})" if p["publisher"]
                      else f"{q.format(p['title'])} ({p['url']})" for p in pages)


def _words_re(words: list[str]) -> re.Pattern:
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(c) for c in words) + r")(?![a-z0-9])")


# ---- loading --------------------------------------------------------------------------------

def read_profile(path: Path) -> Profile:
    data = read_yaml(path, ProfileError, dict, "a profile is a mapping of keys (id, name, claims, ...)")
    try:
        spec = ProfileSpec.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(f"{path}: profile {data.get('id', '?')}: {describe(exc, ProfileSpec)}") from None
    _check_source_keys(spec, path)
    profile = Profile(spec, str(path))
    known = placeholders_of(profile)
    for name, text in spec.words.items():
        unknown = sorted({m for s in text.values() for m in re.findall(r"\{([a-z_]+)\}", s)} - known)
        if unknown:
            raise ProfileError(f"{path}: profile {spec.id}: words.{name}: quotes {', '.join('{' + u + '}' for u in unknown)}, which it does not give")
    return profile


def _check_source_keys(spec: ProfileSpec, path) -> None:
    """Every `source` / `sources` of the file is a key of its sources table or of the shared one,
    and no key of the profile hides a shared one."""
    known = set(spec.sources) | set(shared().sources)
    clash = sorted(set(spec.sources) & set(shared().sources))
    if clash:
        raise ProfileError(f"{path}: sources.{clash[0]}: the key is already in data/shared.yaml (use it from there)")
    for loc, key in _source_refs(spec.model_dump(by_alias=True, exclude={"sources"})):
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            raise ProfileError(f"{path}: profile {spec.id}: {loc}: no source {key!r} in its sources table"
                               + (f" (did you mean {near[0]!r}?)" if near else ""))


def _source_refs(node, loc: str = ""):
    """(key path, source key) of every `source`, `sources`, `*_source` in a dumped profile."""
    if isinstance(node, dict):
        for k, v in node.items():
            here = f"{loc}.{k}" if loc else str(k)
            if (k == "source" or k.endswith("_source")) and isinstance(v, str):
                yield here, v
            elif k == "sources" and isinstance(v, list) and all(isinstance(x, str) for x in v):
                for x in v:
                    yield here, x
            else:
                yield from _source_refs(v, here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _source_refs(v, f"{loc}[{i}]")


@cache
def shared() -> SharedSpec:
    path = Path(str(resources.files("demasque") / "data" / "shared.yaml"))
    data = read_yaml(path, ProfileError, dict, "a mapping of keys (sources, numbering, other_numbers)")
    try:
        return SharedSpec.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(f"{path}: {describe(exc, SharedSpec)}") from None


@cache
def load_profiles() -> tuple[Profile, ...]:
    """Every profile: the shipped ones, then those in $DEMASQUE_PROFILES. The first is the default."""
    found: list[Profile] = []
    seen: dict[str, str] = {}
    for d in data_dirs("profiles", "DEMASQUE_PROFILES", ProfileError):
        for path in sorted(d.glob("*.yaml")):
            p = read_profile(path)
            if p.id in seen:
                raise ProfileError(f"{path}: profile {p.id}: the id is already used by {seen[p.id]}")
            seen[p.id] = str(path)
            found.append(p)
    found.sort(key=lambda p: p.id != DEFAULT_ID)
    return tuple(found)


def default_profile() -> Profile:
    return load_profiles()[0]


def get_profile(profile: Profile | str | None) -> Profile:
    """A profile given by itself, by its id (`--profile caf`), or the default one (None)."""
    if profile is None:
        return default_profile()
    if isinstance(profile, Profile):
        return profile
    for p in load_profiles():
        if p.id == profile:
            return p
    raise ProfileError(f"no profile {profile!r} (profiles: {', '.join(p.id for p in load_profiles())})")


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


def placeholders_of(profile: Profile) -> set[str]:
    """The names a rule text may quote for this profile."""
    return set(profile.words("fr"))


def resolve_keys(profile: Profile, keys) -> list[Source]:
    return [s for s in (profile.source_entry(k) for k in keys) if s is not None]


@cache
def generic() -> dict:
    with (resources.files("demasque") / "data" / "generic.yaml").open(encoding="utf-8") as fh:
        return load_yaml(fh)
