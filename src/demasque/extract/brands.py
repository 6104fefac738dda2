"""Well-known brands other than the profile's (data/generic.yaml `brands`): banks, carriers,
telecoms, energy, platforms. The program does not know their sites; it knows the words their
names and domains are made of, which is enough to see a brand spoken for from somewhere else."""
from __future__ import annotations

import re
from functools import lru_cache

from .textnorm import norm


def _generic():
    from ..profile import generic
    return generic()


def _generic_words() -> frozenset:
    from . import generic_set
    return generic_set("brand_generic_words")


@lru_cache(maxsize=1)
def brands() -> dict:
    """Each brand's name, as normalised words without generic ones, to the brand."""
    out = {}
    for b in _generic().get("brands", []):
        entry = {"name": b["name"], "domains": tuple(b["domains"])}
        for w in b["words"]:
            key = " ".join(t for t in re.findall(r"[a-z0-9]+", norm(w)) if t not in _generic_words())
            out.setdefault(key, entry)
    return out


@lru_cache(maxsize=1)
def _glued() -> tuple:
    """(each brand's name written as one word, the brand), longest first: an SMS sender id glues
    and cuts names to 11 characters ("CreditAgri", "BNPPARIBAS")."""
    return tuple(sorted(((k.replace(" ", ""), v) for k, v in brands().items() if len(k.replace(" ", "")) >= 6),
                        key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1024)
def brand_named(display_name: str) -> dict | None:
    """The brand a shown name is, and nothing else: « BNP Paribas Sécurité », « Chronopost »,
    « Sophie via OneDrive » (the service sends), a sender id "CreditAgri"; else None."""
    name = norm(display_name)
    via = list(re.finditer(r"\bvia\b", name))
    if via:
        name = name[via[-1].end():]   # « Sophie Marchal via OneDrive », « X (via Google Drive) »: the service sends
    words = [t for t in re.findall(r"[a-z0-9]+", name) if t not in _generic_words()]
    if not words:
        return None
    got = brands().get(" ".join(words))
    if got is None and len(words) == 1 and len(words[0]) >= 8:
        # one glued word, perhaps cut: the beginning of a brand's name of several words written as
        # one ("CreditAgri"), longer than any ordinary word it could be ("banque" is none)
        got = next((b for g, b in _glued() if g.startswith(words[0])), None)
    return got


def host_is_brands(host: str, domains: tuple) -> bool:
    """The host holds one of the brand's domain words (as a label, or inside it when long)."""
    flat, labels = host.replace("-", ""), re.split(r"[.-]", host)
    return any((host == d or host.endswith("." + d)) if "." in d else (d in flat if len(d) >= 5 else d in labels)
               for d in domains)


@lru_cache(maxsize=1)
def _by_domain_word() -> dict:
    out = {}
    for b in brands().values():
        for d in b["domains"]:
            if "." not in d and len(d) >= 4:
                out.setdefault(d, b)
    return out


def brands_in(labels) -> list[dict]:
    """The brands whose domain word is one of these labels' words (vinted-fr -> Vinted), or two
    of them glued (la-poste-suivi -> La Poste)."""
    out = []
    table = _by_domain_word()
    for label in labels:
        words = [t for t in re.split(r"[^a-z0-9]+", label) if t]
        for t in words + [a + b for a, b in zip(words, words[1:])]:
            b = table.get(t)
            if b is not None and b not in out:
                out.append(b)
    return out
