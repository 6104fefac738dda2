"""Check a phone number or a link on its own: what it is, and whether it is a brand's.

    check_number("0899 12 34 56", "fr")  -> {"verdict": "suspicious", "status": "premium_rate", ...}
    check_link("https://ameli-remboursement.com", "fr") -> {"verdict": "scam", "status": "lookalike", ...}
    check_number("3230", profile="caf") -> the Caf's own number

`verdict` uses the report's three words (scam, suspicious, no_red_flags); `status` says more
(official, official_unconfirmed, known_service, premium_rate, ... / official, partner, lookalike,
...). Every fact quoted (what a number is for, what it costs) comes from the profile with its
public source. The profile is the one named (`profile=`: a Profile or its id, `--profile`), else
the brand whose number or site it is (or imitates), else the default one. Nothing is opened,
fetched or resolved."""
from __future__ import annotations

import re

from .errors import UnreadableInput
from .extract.phones import SURCHARGED, classify
from .i18n import evidence_note, t
from .i18n import tr as _tr
from .profile import Profile, citation_text, get_profile, load_profiles

_T = {
    "fr": {
        "official": "Numéro officiel de {brand} : {use}.",
        "official_unconfirmed": "Numéro donné pour {brand} par une seule source, non confirmé : {use}.",
        "known_service": "Ce n'est pas un numéro de {brand} : c'est {name} ({use}).",
        "not_listed": "Ce numéro ne fait pas partie de ceux que {brand} indique pour ses appels.",
        "callback_only": "Pour joindre {office}, le seul numéro est le {phone} : si l'on vous a demandé de rappeler ce numéro au nom de {brand}, c'est une imposture.",
        "premium": "Un appel « de {brand} » qui vous demande de rappeler un numéro surtaxé est une arnaque : le but est de vous faire payer l'appel.",
        "outgoing_only": "{brand} appelle depuis ce numéro, mais pour la joindre, composez vous-même le {phone}.",
        "if_in_doubt": "En cas de doute, raccrochez et appelez vous-même le {phone}.",
        "telemarketing": "Démarchage : {what}.",
        "link.official": "Site officiel de {brand} ({what}).",
        "link.partner": "Site public ou partenaire ({registrable}) : ce n'est pas {brand}, mais ce n'est pas une imitation.",
        "link.known": "Site connu et légitime, qui n'est pas {brand} lui-même : {what}.",
        "link.lookalike": "Ce n'est pas un site de {brand} : il {how}.",
        "link.trick": "Adresse piégée : {how}. Impossible de savoir où mène ce lien sans l'ouvrir : ne l'ouvrez pas.",
        "link.platform": "Page publiée sur une plateforme ouverte à tous ({registrable}) : rien ne prouve qu'elle soit de {brand}.",
        "link.other": "Ce site ({registrable}) n'est pas un site de {brand}. Pour toute démarche, tapez vous-même {official_site} ou ouvrez {app}.",
        "link.brand_in_path": " Le nom de {brand} est caché dans la suite de l'adresse, pour tromper.",
        "link.advice.bad": "N'ouvrez pas ce lien et ne saisissez rien. S'il vous a été envoyé, signalez-le ({where}).",
    },
    "en": {
        "official": "Official number of {brand}: {use}.",
        "official_unconfirmed": "Number given for {brand} by a single source, unconfirmed: {use}.",
        "known_service": "This is not a number of {brand}: it is {name} ({use}).",
        "not_listed": "This number is not one of those {brand} lists for its calls.",
        "callback_only": "To reach {office} the only number is {phone}: if you were asked to call this number back in the name of {brand}, it is an imposture.",
        "premium": "A call 'from {brand}' asking you to call a premium-rate number back is a scam: the aim is to make you pay for the call.",
        "outgoing_only": "{brand} calls from this number, but to reach it, dial {phone} yourself.",
        "if_in_doubt": "If in doubt, hang up and call {phone} yourself.",
        "telemarketing": "Telemarketing: {what}.",
        "link.official": "Official site of {brand} ({what}).",
        "link.partner": "Public or partner site ({registrable}): it is not {brand}, but it is not an imitation either.",
        "link.known": "Known legitimate site, which is not {brand} itself: {what}.",
        "link.lookalike": "This is not a site of {brand}: it {how}.",
        "link.trick": "Trapped address: {how}. There is no knowing where this link leads without opening it: do not open it.",
        "link.platform": "Page published on a platform open to anyone ({registrable}): nothing proves it is from {brand}.",
        "link.other": "This site ({registrable}) is not a site of {brand}. For anything you need, type {official_site} yourself or open {app}.",
        "link.brand_in_path": " The name of {brand} is hidden further in the address, to mislead.",
        "link.advice.bad": "Do not open this link and type nothing. If it was sent to you, report it ({where}).",
    },
}


def _w(lang: str, profile: Profile, key: str, **kw) -> str:
    """A text of _T filled with the profile's facts ({brand}, {phone}, {office}, {official_site},
    {app}, {where}) and the values given."""
    facts = profile.words(lang)
    facts["where"] = ", ".join(r.name for r in profile.spec.report_to if set(r.for_) & {"sms", "email", "site"})
    s = (_T.get(lang, _T["fr"]).get(key) or _T["fr"][key]).format(**{**facts, **kw})
    return s[:1].upper() + s[1:]


def _cited(profile: Profile, key: str, lang: str) -> tuple[str, list[dict]]:
    """A source key as readable text and as its public pages."""
    return profile.citation(key, lang), profile.cite(key)


def _display(e164: str) -> str:
    """+33899123456 -> 08 99 12 34 56 ; short numbers as they are."""
    if e164.startswith("+33") and len(e164) == 12:
        d = "0" + e164[3:]
        return " ".join(d[i:i + 2] for i in range(0, 10, 2))
    return e164


def _pick_for_number(e164: str, profile) -> Profile:
    if profile is not None:
        return get_profile(profile)
    return next((p for p in load_profiles() if p.phone(e164)), get_profile(None))


def check_number(value: str, lang: str = "fr", profile: Profile | str | None = None) -> dict:
    """What a phone number is: an official number of the brand and what for, another known
    service, or its type in the French numbering plan and what calling it costs."""
    if not isinstance(value, str) or not value.strip():
        raise UnreadableInput("give a phone number")
    raw = value.strip()[:200]
    digits = re.sub(r"[^\d+]", "", raw)
    if len(re.sub(r"\D", "", digits)) < 3 or len(digits) > 20:
        raise UnreadableInput(f"{raw!r} is not a phone number")
    e164, kind = classify(raw)
    profile = _pick_for_number(e164, profile)
    kind_info = profile.numbering_kind(kind)
    cost_source, cost_sources = _cited(profile, kind_info.source, lang) if kind_info else ("", [])
    out: dict = {"input": raw, "number": e164, "display": _display(e164), "kind": kind,
                 "kind_label": t(lang, "kind." + kind),
                 "cost": _tr(kind_info, lang) if kind_info else "",
                 "cost_source": cost_source, "cost_sources": cost_sources,
                 "surcharged": kind in SURCHARGED, "official": None, "summary": "", "advice": [], "sources": [],
                 "profile": profile.id}
    pages: list[dict] = []
    entry = profile.phone(e164)
    other = profile.other_number(e164)
    if entry:
        source, entry_pages = _cited(profile, entry.source, lang)
        out["official"] = {"use": _tr(entry.use, lang), "callback": entry.callback,
                           "shows_on_call": entry.shows_on_call, "confirmed": entry.confirmed,
                           "source": source, "sources": entry_pages}
        out["status"] = "official" if entry.confirmed else "official_unconfirmed"
        out["verdict"] = "no_red_flags"
        out["summary"] = _w(lang, profile, out["status"], use=out["official"]["use"])
        if not entry.callback:
            out["advice"].append(_w(lang, profile, "outgoing_only"))
        if not entry.confirmed:
            out["advice"].append(_w(lang, profile, "if_in_doubt"))
        pages += entry_pages
        if kind.startswith("short"):   # its own price is in its use ("service gratuit + prix de l'appel")
            out["cost"] = out["cost_source"] = ""
            out["cost_sources"] = []
    elif other:
        source, other_pages = _cited(profile, other.source, lang)
        out["status"] = "known_service"
        out["verdict"] = "no_red_flags"
        out["known_service"] = {"name": _tr(other.name, lang), "use": _tr(other.use, lang),
                                "source": source, "sources": other_pages}
        out["summary"] = _w(lang, profile, "known_service", name=out["known_service"]["name"], use=out["known_service"]["use"])
        pages += other_pages
    else:
        out["status"] = "premium_rate" if kind in SURCHARGED else kind
        out["verdict"] = "suspicious"
        out["summary"] = _w(lang, profile, "not_listed")
        out["advice"].append(_w(lang, profile, "premium" if kind in SURCHARGED else "callback_only"))
        out["advice"].append(_w(lang, profile, "if_in_doubt"))
    national = "0" + e164[3:] if e164.startswith("+33") else ""
    tm = profile.telemarketing
    if national and tm and any(national.startswith(p) for p in profile.telemarketing_prefixes):
        out["telemarketing"] = True
        out["advice"].insert(0, _w(lang, profile, "telemarketing", what=_tr(tm, lang)))
        pages += profile.cite(tm.source)
    pages += out["cost_sources"]
    return _with_sources(out, pages, lang)


def _with_sources(out: dict, pages: list[dict], lang: str) -> dict:
    """The pages cited, each once: `citations` [{title, url, publisher, official}], and `sources`
    the same as readable lines."""
    pages = list({p["url"]: p for p in pages}.values())
    out["citations"] = pages
    out["sources"] = [citation_text([p], lang) for p in pages]
    return out


def check_link(value: str, lang: str = "fr", profile: Profile | str | None = None) -> dict:
    """Whether a link or a bare domain is official, a partner's, or a lookalike of which official
    domain and by what trick. The link is only read, never opened."""
    from .extract import domain_facts
    from .extract.domains import analyze_parsed
    from .extract.textnorm import clean, norm
    from .extract.urls import deobfuscate, find_urls, parse_host, path_of
    if not isinstance(value, str) or not clean(value).strip():
        raise UnreadableInput("give a link or a domain")
    raw = value.strip()[:4000]
    text = clean(raw).strip()          # invisible characters removed, full-width dots and letters folded
    found = find_urls(text)
    url = found[0].url if found else deobfuscate(text.split()[0])
    parsed = parse_host(url if found or "//" in url else "http://" + url)
    if parsed is None or not ("." in parsed.host or ":" in parsed.host):   # a name with a dot, or IPv6
        raise UnreadableInput(f"{raw[:100]!r} is not a link or a domain")
    words = norm(path_of(url))
    path = words.replace("-", "")

    def in_path(p: Profile) -> bool:
        # a 3-letter name (caf) counts as a word of the path (/caf/, /caf-prime), not as a prefix (/cafe)
        return any(re.search(rf"(?<![a-z0-9]){re.escape(tok)}(?![a-z0-9])", words) if len(tok) < 4 else
                   re.search(rf"(?<![a-z]){re.escape(tok.replace('-', ''))}", path) for tok in p.brand_tokens)

    # the brand named, else the one whose site it is, is a known host of, imitates, or hides in its path
    candidates = [get_profile(profile)] if profile is not None else list(load_profiles())
    judged = [(p, analyze_parsed(parsed, domain_facts(p))) for p in candidates]
    order = (lambda pi: pi[1].status == "official", lambda pi: pi[1].status == "known",
             lambda pi: pi[1].lookalike is not None, lambda pi: pi[1].status in ("other", "platform") and in_path(pi[0]))
    profile, info = next((pi for test in order for pi in judged if test(pi)), judged[0])
    out: dict = {"input": raw, "url": url, "host": info.host, "unicode_host": info.unicode_host or info.host,
                 "registrable": info.registrable, "status": info.status, "lookalike": None,
                 "tricks": [], "summary": "", "advice": [], "sources": [], "profile": profile.id}
    pages: list[dict] = []
    for tr in info.tricks:
        ev = {"trick": tr.kind, "target": tr.target, "host": info.host}
        out["tricks"].append({"trick": tr.kind, "target": tr.target, "note": evidence_note(lang, ev)})
    look = info.lookalike
    brand_in_path = info.status in ("other", "platform") and not look and in_path(profile)
    if brand_in_path:
        out["tricks"].append({"trick": "brand_in_path", "target": "", "note": t(lang, "trick.brand_in_path")})
    if info.status == "official":
        d = profile.official_domain(info.registrable)
        out.update(verdict="no_red_flags", summary=_w(lang, profile, "link.official", what=_tr(d.what if d else "", lang)))
        if d:
            pages += profile.cite(d.source)
    elif info.status == "partner":
        out.update(verdict="no_red_flags", summary=_w(lang, profile, "link.partner", registrable=info.registrable))
    elif info.status == "known":
        k = profile.known_host(info.host)
        out.update(verdict="no_red_flags", summary=_w(lang, profile, "link.known", what=k.what if k else ""))
        if k:
            pages += profile.cite(k.source)
    elif look:
        note = evidence_note(lang, {"trick": look.kind, "target": look.target})
        out["status"] = "lookalike"
        out["lookalike"] = {"target": look.target, "trick": look.kind, "note": note}
        out.update(verdict="scam", summary=_w(lang, profile, "link.lookalike", target=look.target, how=note))
        out["advice"].append(_w(lang, profile, "link.advice.bad"))
    elif info.tricks:   # shortener, IP address, punycode, mixed scripts
        how = "; ".join(x["note"] for x in out["tricks"])
        out.update(verdict="suspicious", summary=_w(lang, profile, "link.trick", how=how))
        out["advice"].append(_w(lang, profile, "link.advice.bad"))
    elif info.status == "platform":
        out.update(verdict="suspicious", summary=_w(lang, profile, "link.platform", registrable=info.registrable)
                   + (_w(lang, profile, "link.brand_in_path") if brand_in_path else ""))
        out["advice"].append(_w(lang, profile, "link.advice.bad"))
    else:
        out.update(verdict="scam" if brand_in_path else "suspicious",
                   summary=_w(lang, profile, "link.other", registrable=info.registrable)
                   + (_w(lang, profile, "link.brand_in_path") if brand_in_path else ""))
        out["advice"].append(_w(lang, profile, "link.advice.bad"))
    return _with_sources(out, pages, lang)
