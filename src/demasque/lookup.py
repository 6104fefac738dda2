"""Check a phone number or a link on its own: what it is, and whether it is Assurance Maladie's.

    check_number("0899 12 34 56", "fr")  -> {"verdict": "suspicious", "status": "premium_rate", ...}
    check_link("https://ameli-remboursement.com", "fr") -> {"verdict": "scam", "status": "lookalike", ...}

`verdict` uses the report's three words (scam, suspicious, no_red_flags); `status` says more
(official, official_unconfirmed, known_service, premium_rate, ... / official, partner, lookalike,
...). Every fact quoted (what a number is for, what it costs) comes from the profile with its
source. Nothing is opened, fetched or resolved."""
from __future__ import annotations

import re

from .errors import UnreadableInput
from .extract.phones import SURCHARGED, classify
from .i18n import evidence_note, t
from .i18n import tr as _tr
from .profile import Profile, default_profile

_T = {
    "fr": {
        "official": "Numéro officiel de {brand} : {use}.",
        "official_unconfirmed": "Numéro donné pour {brand} par une seule source, non confirmé : {use}.",
        "known_service": "Ce n'est pas un numéro de {brand} : c'est {name} ({use}).",
        "not_listed": "Ce numéro ne fait pas partie de ceux que {brand} indique pour ses appels.",
        "callback_only_{cpam}": "Pour joindre votre CPAM, le seul numéro est le {cpam} : si l'on vous a demandé de rappeler ce numéro au nom de {brand}, c'est une imposture.",
        "premium": "Un appel « de {brand} » qui vous demande de rappeler un numéro surtaxé est une arnaque : le but est de vous faire payer l'appel.",
        "outgoing_only": "{brand} appelle depuis ce numéro, mais pour la joindre, composez vous-même le {cpam}.",
        "if_in_doubt": "En cas de doute, raccrochez et appelez vous-même le {cpam}.",
        "telemarketing": "Démarchage : {what}.",
        "link.official": "Site officiel de {brand} ({what}).",
        "link.partner": "Site public ou partenaire ({registrable}) : ce n'est pas {brand}, mais ce n'est pas une imitation.",
        "link.known": "Site connu et légitime, qui n'est pas {brand} lui-même : {what}.",
        "link.lookalike": "Ce n'est pas un site de {brand} : il {how}.",
        "link.trick": "Adresse piégée : {how}. Impossible de savoir où mène ce lien sans l'ouvrir : ne l'ouvrez pas.",
        "link.platform": "Page publiée sur une plateforme ouverte à tous ({registrable}) : rien ne prouve qu'elle soit de {brand}.",
        "link.other": "Ce site ({registrable}) n'est pas un site de {brand}. Pour toute démarche, tapez vous-même {site} ou ouvrez l'application ameli.",
        "link.brand_in_path": " Le nom de {brand} est caché dans la suite de l'adresse, pour tromper.",
        "link.advice.bad": "N'ouvrez pas ce lien et ne saisissez rien. S'il vous a été envoyé, signalez-le ({where}).",
    },
    "en": {
        "official": "Official number of {brand}: {use}.",
        "official_unconfirmed": "Number given for {brand} by a single source, unconfirmed: {use}.",
        "known_service": "This is not a number of {brand}: it is {name} ({use}).",
        "not_listed": "This number is not one of those {brand} lists for its calls.",
        "callback_only_{cpam}": "To reach your CPAM the only number is {cpam}: if you were asked to call this number back in the name of {brand}, it is an imposture.",
        "premium": "A call 'from {brand}' asking you to call a premium-rate number back is a scam: the aim is to make you pay for the call.",
        "outgoing_only": "{brand} calls from this number, but to reach it, dial {cpam} yourself.",
        "if_in_doubt": "If in doubt, hang up and call {cpam} yourself.",
        "telemarketing": "Telemarketing: {what}.",
        "link.official": "Official site of {brand} ({what}).",
        "link.partner": "Public or partner site ({registrable}): it is not {brand}, but it is not an imitation either.",
        "link.known": "Known legitimate site, which is not {brand} itself: {what}.",
        "link.lookalike": "This is not a site of {brand}: it {how}.",
        "link.trick": "Trapped address: {how}. There is no knowing where this link leads without opening it: do not open it.",
        "link.platform": "Page published on a platform open to anyone ({registrable}): nothing proves it is from {brand}.",
        "link.other": "This site ({registrable}) is not a site of {brand}. For anything you need, type {site} yourself or open the ameli app.",
        "link.brand_in_path": " The name of {brand} is hidden further in the address, to mislead.",
        "link.advice.bad": "Do not open this link and type nothing. If it was sent to you, report it ({where}).",
    },
}


def _facts(profile: Profile) -> dict:
    """The numbers and addresses the texts quote, from the profile."""
    cpam = next((p["number"] for p in profile.data.get("phones", []) if p.get("callback")), "")
    site = next((d["domain"] for d in profile.data.get("official_domains", [])), "")
    where = ", ".join(r["name"] for r in profile.data.get("report_to", []) if set(r.get("for", [])) & {"sms", "email", "site"})
    return {"cpam": cpam, "site": site, "where": where}


_FACTS: dict = {}


def _w(lang: str, key: str, **kw) -> str:
    if not _FACTS:
        _FACTS.update(_facts(default_profile()))
    kw = {**_FACTS, **kw}
    s = (_T.get(lang, _T["fr"]).get(key) or _T["fr"][key]).format(**kw)
    return s[:1].upper() + s[1:]


def _display(e164: str) -> str:
    """+33899123456 -> 08 99 12 34 56 ; short numbers as they are."""
    if e164.startswith("+33") and len(e164) == 12:
        d = "0" + e164[3:]
        return " ".join(d[i:i + 2] for i in range(0, 10, 2))
    return e164


def check_number(value: str, lang: str = "fr", profile: Profile | None = None) -> dict:
    """What a phone number is: an official Assurance Maladie number and what for, another known
    service, or its type in the French numbering plan and what calling it costs."""
    profile = profile or default_profile()
    if not isinstance(value, str) or not value.strip():
        raise UnreadableInput("give a phone number")
    raw = value.strip()[:200]
    digits = re.sub(r"[^\d+]", "", raw)
    if len(re.sub(r"\D", "", digits)) < 3 or len(digits) > 20:
        raise UnreadableInput(f"{raw!r} is not a phone number")
    e164, kind = classify(raw)
    brand = profile.name(lang)
    numbering = profile.data.get("numbering", {})
    kind_info = numbering.get("kinds", {}).get(kind)
    out: dict = {"input": raw, "number": e164, "display": _display(e164), "kind": kind,
                 "kind_label": t(lang, "kind." + kind),
                 "cost": _tr(kind_info, lang) if kind_info else "",
                 "cost_source": profile.source(kind_info["source"]) if kind_info else "",
                 "surcharged": kind in SURCHARGED, "official": None, "summary": "", "advice": [], "sources": []}
    entry = profile.phone(e164)
    other = next((o for o in profile.data.get("other_numbers", []) if o["number"] == e164), None)
    if entry:
        confirmed = entry.get("confirmed", False)
        out["official"] = {"use": _tr(entry.get("use"), lang), "callback": bool(entry.get("callback")),
                           "shows_on_call": bool(entry.get("shows_on_call")), "confirmed": confirmed,
                           "source": profile.source(entry.get("source", ""))}
        out["status"] = "official" if confirmed else "official_unconfirmed"
        out["verdict"] = "no_red_flags"
        out["summary"] = _w(lang, out["status"], brand=brand, use=out["official"]["use"])
        if not entry.get("callback"):
            out["advice"].append(_w(lang, "outgoing_only", brand=brand))
        if not confirmed:
            out["advice"].append(_w(lang, "if_in_doubt"))
        out["sources"].append(out["official"]["source"])
        if kind.startswith("short"):   # its own price is in its use ("service gratuit + prix de l'appel")
            out["cost"] = out["cost_source"] = ""
    elif other:
        out["status"] = "known_service"
        out["verdict"] = "no_red_flags"
        out["known_service"] = {"name": _tr(other["name"], lang), "use": _tr(other["use"], lang),
                                "source": profile.source(other.get("source", ""))}
        out["summary"] = _w(lang, "known_service", brand=brand, name=out["known_service"]["name"], use=out["known_service"]["use"])
        out["sources"].append(out["known_service"]["source"])
    else:
        out["status"] = "premium_rate" if kind in SURCHARGED else kind
        out["verdict"] = "suspicious"
        out["summary"] = _w(lang, "not_listed", brand=brand)
        out["advice"].append(_w(lang, "premium" if kind in SURCHARGED else "callback_only_{cpam}", brand=brand))
        out["advice"].append(_w(lang, "if_in_doubt"))
    national = "0" + e164[3:] if e164.startswith("+33") else ""
    tm = numbering.get("telemarketing")
    if national and tm and any(national.startswith(p) for p in numbering.get("telemarketing_prefixes", [])):
        out["telemarketing"] = True
        out["advice"].insert(0, _w(lang, "telemarketing", what=_tr(tm, lang)))
        out["sources"].append(profile.source(tm.get("source", "")))
    if out["cost_source"]:
        out["sources"].append(out["cost_source"])
    out["sources"] = list(dict.fromkeys(s for s in out["sources"] if s))
    return out


def check_link(value: str, lang: str = "fr", profile: Profile | None = None) -> dict:
    """Whether a link or a bare domain is official, a partner's, or a lookalike of which official
    domain and by what trick. The link is only read, never opened."""
    from .extract import domain_facts
    from .extract.domains import analyze_parsed
    from .extract.textnorm import clean, norm
    from .extract.urls import deobfuscate, find_urls, parse_host, path_of
    profile = profile or default_profile()
    if not isinstance(value, str) or not clean(value).strip():
        raise UnreadableInput("give a link or a domain")
    raw = value.strip()[:4000]
    text = clean(raw).strip()          # invisible characters removed, full-width dots and letters folded
    found = find_urls(text)
    url = found[0].url if found else deobfuscate(text.split()[0])
    parsed = parse_host(url if found or "//" in url else "http://" + url)
    if parsed is None or not ("." in parsed.host or ":" in parsed.host):   # a name with a dot, or IPv6
        raise UnreadableInput(f"{raw[:100]!r} is not a link or a domain")
    info = analyze_parsed(parsed, domain_facts(profile))
    brand = profile.name(lang)
    out: dict = {"input": raw, "url": url, "host": info.host, "unicode_host": info.unicode_host or info.host,
                 "registrable": info.registrable, "status": info.status, "lookalike": None,
                 "tricks": [], "summary": "", "advice": [], "sources": []}
    for tr in info.tricks:
        ev = {"trick": tr.kind, "target": tr.target, "host": info.host}
        out["tricks"].append({"trick": tr.kind, "target": tr.target, "note": evidence_note(lang, ev)})
    look = info.lookalike
    path = norm(path_of(url)).replace("-", "")
    brand_in_path = info.status in ("other", "platform") and not look and any(
        re.search(rf"(?<![a-z]){re.escape(tok.replace('-', ''))}", path) for tok in profile.brand_tokens)
    if brand_in_path:
        out["tricks"].append({"trick": "brand_in_path", "target": "", "note": t(lang, "trick.brand_in_path")})
    if info.status == "official":
        d = next((d for d in profile.data.get("official_domains", []) if d["domain"] == info.registrable), {})
        out.update(verdict="no_red_flags", summary=_w(lang, "link.official", brand=brand, what=_tr(d.get("what"), lang)))
        out["sources"].append(profile.source(d.get("source", "")))
    elif info.status == "partner":
        out.update(verdict="no_red_flags", summary=_w(lang, "link.partner", brand=brand, registrable=info.registrable))
    elif info.status == "known":
        k = next((k for k in profile.data.get("known_legitimate_hosts", []) if k["host"] == info.host), {})
        out.update(verdict="no_red_flags", summary=_w(lang, "link.known", brand=brand, what=_tr(k.get("what"), lang)))
        out["sources"].append(profile.source(k.get("source", "")))
    elif look:
        note = evidence_note(lang, {"trick": look.kind, "target": look.target})
        out["status"] = "lookalike"
        out["lookalike"] = {"target": look.target, "trick": look.kind, "note": note}
        out.update(verdict="scam", summary=_w(lang, "link.lookalike", brand=brand, target=look.target, how=note))
        out["advice"].append(_w(lang, "link.advice.bad"))
    elif info.tricks:   # shortener, IP address, punycode, mixed scripts
        how = "; ".join(x["note"] for x in out["tricks"])
        out.update(verdict="suspicious", summary=_w(lang, "link.trick", how=how))
        out["advice"].append(_w(lang, "link.advice.bad"))
    elif info.status == "platform":
        out.update(verdict="suspicious", summary=_w(lang, "link.platform", brand=brand, registrable=info.registrable)
                   + (_w(lang, "link.brand_in_path", brand=brand) if brand_in_path else ""))
        out["advice"].append(_w(lang, "link.advice.bad"))
    else:
        out.update(verdict="scam" if brand_in_path else "suspicious",
                   summary=_w(lang, "link.other", brand=brand, registrable=info.registrable)
                   + (_w(lang, "link.brand_in_path", brand=brand) if brand_in_path else ""))
        out["advice"].append(_w(lang, "link.advice.bad"))
    out["sources"] = [s for s in dict.fromkeys(out["sources"]) if s]
    return out
