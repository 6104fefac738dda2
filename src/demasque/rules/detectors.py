"""Detectors for rules that need more than a text pattern. Each takes the message's Features and
the rule's params and returns evidence (a list of dicts); an empty list means no match."""
from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache
from typing import Literal

from typing_extensions import Required

from ..extract import Features, LinkInfo, generic_set
from ..extract.brands import brand_named, brands, brands_in, host_is_brands
from ..extract.domains import _near, analyze_host, skeleton
from ..extract.phones import SURCHARGED_SURE
from ..extract.textnorm import norm
from ..extract.claim import ROLE_PREFIX, SCAM_TALK, action_word, name_matches, name_with_added_words, names_someone
from ..extract.urls import find_urls, host_of, under_any
from ..profile import generic
from .evidence import quote
from .detectors_calls import rx_any
from .reading import disowned, done_in_own_account, official_place
from .speech import protective
from .registry import detector

MAX_EVIDENCE = 5


def _link_ev(f: Features, li: LinkInfo, **extra) -> dict:
    ev = {"where": "link", "quote": (li.link.text or li.link.url)[:300], "url": li.link.url[:500], "host": li.host.host}
    if li.link.start >= 0:
        off = f.subject_len if li.link.start >= f.subject_len else 0
        ev.update(start=li.link.start - off, end=li.link.end - off, where="link")
    ev.update(extra)
    return ev


@detector("link_lookalike")
def link_lookalike(f: Features, params: dict) -> list[dict]:
    out = []
    for li in f.links:
        t = li.host.lookalike
        if t:
            out.append(_link_ev(f, li, trick=t.kind, target=t.target))
    return out[:MAX_EVIDENCE]


@detector("link_trick", tricks=Required[list[str]])
def link_trick(f: Features, params: dict) -> list[dict]:
    """Links using a given trick (shortener, ip_literal, punycode, mixed_script) without being
    already reported as a lookalike."""
    kinds = set(params["tricks"])
    out = []
    own_habit = None   # decided at the first shortener only
    for li in f.links:
        if li.host.lookalike:
            continue
        for t in li.host.tricks:
            if t.kind == "shortener":
                if own_habit is None:
                    # a small sender that signs its SMS by its own name (a dental centre, a town hall),
                    # speaking for no brand: its shortened link is its habit, not a disguise
                    own_habit = f.msg.channel == "sms" and not f.claim and _named_small_sender(f)
                if own_habit:
                    continue
            if t.kind in kinds:
                out.append(_link_ev(f, li, trick=t.kind))
                break
    return out[:MAX_EVIDENCE]


def _named_small_sender(f: Features) -> bool:
    """An SMS whose alphanumeric sender id names someone with none of the words phishing senders
    are made of ("INFO", "SERVICE", "COLIS", "SECURITE"), and is no well-known brand."""
    sender = norm(f.msg.sender or "")
    words = [w for w in re.split(r"[^a-z0-9]+", sender) if w]
    generic = generic_set("brand_generic_words") | generic_set("action_words")
    return bool(re.search(r"[a-z]", sender)) and not f.speaks_as_known_brand and names_someone(sender) \
        and not any(w in generic for w in words)


@detector("link_unofficial")
def link_unofficial(f: Features, params: dict) -> list[dict]:
    """A message that claims the brand links to a domain that is not one of the brand's: a
    shortener or an IP address too, which hide where they lead (the brand gives its own
    addresses); look-alikes are link.lookalike's."""
    if not f.claim:
        return []
    # (a page on a free web host is no one's own site: assure-ameli.weebly.com is not the brand's)
    out = [_link_ev(f, li) for li in f.links
           if (li.host.status in ("other", "shortener", "ip") or (li.host.status == "platform" and _on_free_host(li)))
           and not li.host.lookalike
           and all(t.kind in ("shortener", "ip_literal") for t in li.host.tricks)]
    return out[:MAX_EVIDENCE]


@detector("link_sole_site")
def link_sole_site(f: Features, params: dict) -> list[dict]:
    """A message about a service that the profile says is reached on one site only (`sole_sites`),
    with a link to any other site than that one or the brand's own."""
    out = []
    for svc in f.profile.sole_sites:
        # the links first: without one elsewhere, the text need not be searched (0.4 ms on 20 KB)
        elsewhere = [li for li in f.links if not (li.host.registrable in svc["sites"] or li.host.host in svc["sites"]
                                                  or li.host.status in ("official", "partner", "known"))]
        if not elsewhere or not svc["words_re"].search(f.norm) or not svc["about_re"].search(f.norm):
            continue
        if not svc["words_re"].search(" ".join(f._speaker_names) + " " + (f.proven_home or "").replace("-", " ")):
            # someone else than the service itself (a training centre, an employer, France Travail)
            # links to its own site: a sender proving its domain, its trackers, a site named as it
            # speaks; and where the message sends the reader to the service's own site by its
            # address, a third party's plain site is its own too (a shortener, a free host or a
            # look-alike of the service still counts)
            away = f.links_away if f.proven_home else [li for li in elsewhere if not f.names_speakers_site(li)]
            elsewhere = [li for li in elsewhere if li in away]
            if any(site in f.norm for site in svc["sites"]):
                elsewhere = [li for li in elsewhere if li.host.status != "other" or li.host.lookalike
                             or svc["words_re"].search(li.host.registrable.replace("-", " "))]
            if not elsewhere:
                continue
        if f.about_scams and all(f.quoted(m.start()) or SCAM_TALK.search(f.norm, *f.sentence(m.start(), m.end()))
                                 or _FAKE_JUST_BEFORE.search(f.norm, max(0, m.start() - 30), m.start())
                                 for m in svc["words_re"].finditer(f.norm)):
            continue   # « Le faux CPF : "Vos droits formation vont être perdus" », « un faux compte CPF »: a scam told in a warning
        out.extend(_link_ev(f, li, service=svc["id"], site=svc["sites"][0]) for li in elsewhere)
    return out[:MAX_EVIDENCE]


# "faux " or "un faux compte " right before the words: the thing is a scam's
_FAKE_JUST_BEFORE = re.compile(r"\b(?:faux|fausses?|fake)(?:[\s-]+[a-z']+){0,2}[\s-]+$")


@detector("speaker_combosquat", where=Literal["link", "sender"])
def speaker_combosquat(f: Features, params: dict) -> list[dict]:
    """A link whose site is the name the message speaks under with words added ("Chronopost" ->
    chrono-douane-frais.com, "Netflix" -> account-netflix-billing.com): combosquatting of any brand,
    whose official domain the program need not know. Links already found to imitate the profile's
    brand are left to link.lookalike."""
    if params.get("where") == "sender":
        # the e-mail's own domain, made of the name it speaks under with words added
        # (bnpparibas-notification.com for « BNP Paribas »)
        if f.msg.channel != "email" or f.sender_host is None or f.sender_host.lookalike \
                or f.sender_host.status != "other" or not f.speaker_tokens:
            return []
        reg = [t for t in re.split(r"[^a-z0-9]+", f.sender_host.registrable.partition(".")[0]) if t]
        target = name_with_added_words(reg, f.speaker_tokens, f.squat_words, f.speaker_said)
        return [_sender_ev(f, trick="speaker_combosquat", target=target)] if target else []
    if not f.foreign_links:
        return []   # nothing to judge: the speaker's names are not even read
    names = f.speaker_tokens
    if not names:
        return []
    action = f.squat_words
    out = []
    def named(t: str) -> bool:
        return name_matches(t, names)

    platforms = generic_set("platforms")
    for li in f.foreign_links:
        if li.host.status == "platform" and not li.host.lookalike and li.host.host.endswith("." + li.host.registrable):
            # a platform whose sub-domains are anyone's (chrono-livraison.page.link): read them as a site name
            sub = [t for t in re.split(r"[^a-z0-9]+", li.host.host[: -len(li.host.registrable) - 1]) if t and t != "www"]
            if any(named(t) for t in sub) and (f.msg.channel == "sms" or any(action_word(t, action) for t in sub)):
                out.append(_link_ev(f, li, trick="speaker_combosquat", target=next(t for t in sub if named(t))))
            continue
        if li.host.lookalike or li.host.status != "other":
            continue
        if f.proven_home and li.host.registrable == f.proven_home:
            continue   # the authenticated sender's own domain: judged once, as the sender (sender.speaker_combosquat)
        reg = [t for t in re.split(r"[^a-z0-9]+", li.host.registrable.partition(".")[0]) if t]
        if li.host.suffix in platforms and any(named(t) for t in reg) and (
                f.msg.channel == "sms" or any(action_word(t, action) for t in reg)):
            # the name on a free web host's page with a phisher's word (chronopost-creneau.pages.dev),
            # or texted: no company's own site; a club's own page there (judo-exemple.github.io) is
            out.append(_link_ev(f, li, trick="speaker_combosquat", target=next(t for t in reg if named(t))))
            continue
        sub = [t for t in re.split(r"[^a-z0-9]+", li.host.host[: -len(li.host.registrable)]) if t] \
            if li.host.host.endswith(li.host.registrable) else []
        target = name_with_added_words(reg, names, action, f.speaker_said) or _near_name_with_added_words(reg, names, action)
        if target:                    # chrono-douane-frais.com, account-netflix-billing.com, netflx-compte.com
            out.append(_link_ev(f, li, trick="speaker_combosquat", target=target))
        elif reg and not any(named(t) for t in reg) and any(named(t) for t in sub) and all(t in action for t in reg):
            # netflix.account-update.com: the name in front of a site made of action words
            out.append(_link_ev(f, li, trick="speaker_combosquat", target=next(t for t in sub if named(t))))
    return out[:MAX_EVIDENCE]


@detector("brand_elsewhere", where=Literal["sms_mobile"])
def brand_elsewhere(f: Features, params: dict) -> list[dict]:
    """An e-mail whose shown name is a well-known brand and nothing else (« BNP Paribas Sécurité »,
    « Chronopost », « Sophie via OneDrive »), written from a domain that holds none of that brand's
    words (data/generic.yaml `brands`): a caterer's, a plumber's or a webmail address speaking as a
    bank or a carrier. Not in a message a person passes on (their name is the From)."""
    if params.get("where") == "sms_mobile":
        # an SMS from a mobile (06/07) number that opens or signs as a bank, a carrier, a
        # telecom: the numbering plan keeps those numbers for persons, and such brands send from
        # short codes or their name
        if f.msg.channel != "sms" or not f.msg.sender or re.search(r"[a-z]", f.msg.sender, re.I):
            return []
        from ..extract.claim import speaker_names
        from ..extract.phones import classify
        brand = next((b for b in map(brand_named, speaker_names("sms", "", "", f.norm[f.subject_len:])) if b), None)
        if brand is None or classify(f.msg.sender)[1] != "mobile":
            return []
        return [{"where": "sender", "quote": f.msg.sender[:60], "kind": "mobile", "trick": "brand_elsewhere", "target": brand["name"]}]
    if f.msg.channel != "email" or f.sender_host is None or f.passed_on:
        return []
    brand = brand_named(f.msg.display_name) if f.msg.display_name else None
    if brand is None and not names_someone(norm(f.msg.display_name or "")):
        # a name that names no one ("Sécurité", "Service Client", "Ne pas répondre"): the brand the
        # message signs with in its closing lines ("Le Service Sécurité BNP Paribas")
        brand = _signing_brand(f)
    if brand is None or host_is_brands(f.sender_host.host, brand["domains"]) or _ON_BEHALF.search(f.norm):
        return []
    return [_sender_ev(f, trick="brand_elsewhere", target=brand["name"])]


def _signing_brand(f: Features) -> dict | None:
    """A well-known brand a closing line signs with: the line, a team's or a service's words taken
    off its front and anything after a dash cut off, is the brand and generic words
    ("L'équipe Vinted", "Le Service Sécurité BNP Paribas", "Colissimo - Service client")."""
    lines = [l.strip() for l in f.norm[f.subject_len:].strip().splitlines() if l.strip()][-8:]
    for line in reversed(lines):
        head = _SIGN_CUT.split(line, 1)[0]
        if len(head) > 60 or _LINK_OR_MAIL.search(head):
            continue
        words = ROLE_PREFIX.sub("", head).strip(" .,").split()
        # (the brand, then the place it writes from: "Crédit Agricole Centre Est")
        for n in range(len(words), 0, -1) if len(words) <= 5 else ():
            brand = brand_named(" ".join(words[:n]))
            if brand is not None:
                return brand
    return None


_SIGN_CUT = re.compile(r"\s[-\u2013|]\s|[.,;:]\s")
_LINK_OR_MAIL = re.compile(r"https?://|www\.|@")


# a survey institute or a partner that says whose behalf it writes on ("Ipsos réalise pour le compte de SFR")
_ON_BEHALF = re.compile(r"\b(?:pour le compte d|a la demande d|mandatee? par|on behalf of|commissioned by)")


@detector("state_service_elsewhere")
def state_service_elsewhere(f: Features, params: dict) -> list[dict]:
    """A message that speaks as a service of the State (impots.gouv, ANTS, ANTAI ...) whose link
    goes to a site outside the State's domains."""
    if not f.foreign_links:
        return []
    from ..extract.claim import speaker_names
    who = " ".join(speaker_names(f.msg.channel, f.msg.sender, f.msg.display_name, f.norm[f.subject_len:]))
    out = []
    for svc in _state_services():
        speaks = bool(svc["re"].search(who))
        if not speaks and not svc["sole"]:
            continue
        for li in f.foreign_links:
            if li.host.lookalike:
                continue
            # a service obtained only on the State's site (the Crit'Air sticker, the chèque
            # énergie), named in the sentence that sends the reader elsewhere or the one before,
            # where the State's own site is not given
            if not speaks:
                if li.link.start < 0:
                    anchor = norm(li.link.text or "")
                    if not (svc["re"].search(anchor) and _ACTS_ON.match(anchor)):
                        continue   # a button that acts on it: « Activer mon chèque énergie », not a headline
                    out.append(_link_ev(f, li, service=svc["name"], state=True))
                    continue
                s, e = f.sentence(li.link.start, li.link.end)
                ps = f.sentence(max(0, s - 2), max(0, s - 1))[0] if s > 1 else s
                if not svc["re"].search(f.norm, ps, e) or "gouv.fr" in f.norm[ps:s]:
                    continue
            out.append(_link_ev(f, li, service=svc["name"], state=True))
        if out:
            break
    return out[:MAX_EVIDENCE]


# "gouv" as a word of a site's name outside the State's domains: certificat-air-gouv.fr,
# impotsgouv.com, ants.gouv.fr-dossier.com. A foreign government's own domain (gouv.qc.ca,
# gouv.nc) is "gouv" alone before its suffix.
_GOUV_WORD = re.compile(r"(?:^|[.-])gouv(?:fr)?(?:$|[.-])|[a-z]gouv(?:fr)?(?:$|[.-])|(?:^|[.-])gouvfr")


@detector("state_lookalike")
def state_lookalike(f: Features, params: dict) -> list[dict]:
    """A link whose site's name holds "gouv" but which is not under a State domain (gouv.fr): a site
    dressed up as the administration's, whatever the message says it is."""
    state = tuple(generic().get("state_suffixes", ()))
    out = []
    for li in f.foreign_links:
        h = li.host
        if any(h.host == s or h.host.endswith("." + s) for s in state) or not h.host.endswith(h.registrable):
            continue
        name = h.host[: -len(h.suffix) - 1] if h.suffix and h.host.endswith("." + h.suffix) else h.host
        if h.registrable == "gouv." + h.suffix and name.endswith("gouv"):
            name = name[: -len("gouv")].rstrip(".")   # a foreign government's own domain (gouv.qc.ca)
        if name and _GOUV_WORD.search(name):
            out.append(_link_ev(f, li, trick="state_lookalike", state=True))
    return out[:MAX_EVIDENCE]


# a button's words that act on the reader's own thing ("Activer mon chèque énergie", "Payer ma vignette")
_ACTS_ON = re.compile(r"\W*(?:\w+(?:er|ez|ir|ez-le|ez-la)\s(?:mon|ma|mes|votre|vos|le|la|les|my|your)\b|(?:mon|ma|mes|votre|vos|my|your)\s)")


@lru_cache(maxsize=1)
def _state_services() -> tuple:
    return tuple({"name": s["name"], "sole": bool(s.get("sole")),
                  "re": re.compile(r"(?<![a-z0-9])(?:" + "|".join(s["words"]) + r")(?![a-z0-9])")}
                 for s in generic().get("state_services", []))


_ARTICLE_PATH = re.compile(r"/(?:19|20)\d\d/|[a-z0-9]+(?:-[a-z0-9]+){4,}")


@detector("link_brand_in_path")
def link_brand_in_path(f: Features, params: dict) -> list[dict]:
    if f.verified:
        return []  # an authenticated official sender linking to its own page on a platform
    tokens = [t.replace("-", "") for t in f.profile.brand_tokens]
    out, away = [], None
    for li in f.links:
        if li.host.status not in ("other", "platform") or li.host.lookalike:
            continue
        page, _, query = norm(li.path).partition("?")
        if "http" not in query:       # a share or feedback link's query names another page
            page = norm(li.path)
        if li.host.status == "platform":
            # on a platform the page's own name may come before its domain: assure-ameli.weebly.com
            page = li.host.host[:-len(li.host.registrable)].replace("-", "/").replace(".", "/") + page
        if not any(re.search(rf"(?<![a-z]){re.escape(t)}", page.replace("-", "")) for t in tokens):
            continue
        # in a message that does not speak for the brand, an article's address on a site of its
        # own (/2025/11/03/..., a headline made a slug) is about the brand, and so is one that
        # speaks of scams (.../arnaque-a-la-carte-vitale)
        if not f.claim and li.host.status == "other" and (
                _ARTICLE_PATH.search(page) or SCAM_TALK.search(re.sub(r"[-_/.]+", " ", page))):
            continue
        # a sender that does not speak for the brand names its own pages as it likes: a
        # newspaper's article ".../faits-divers/carte-vitale-faux-sms" is about the brand
        if not f.claim and li.host.status == "other":
            away = {id(x) for x in f.links_away} if away is None else away
            if id(li) not in away:
                continue
        out.append(_link_ev(f, li, trick="brand_in_path"))
    return out[:MAX_EVIDENCE]


@detector("link_text_mismatch")
def link_text_mismatch(f: Features, params: dict) -> list[dict]:
    """An HTML link whose visible text shows one domain and whose target is another. Not when the
    domain shown is the authenticated sender's own: a company that proves it sends the mail and
    shows its own site routes its clicks through a tracker, as newsletters do. In a message that
    does not speak for the brand, nor when the link goes through a mailing service's click tracker,
    nor when the brand's official site is shown through the sender's own tracker, or any when the
    sender proves its domain (a mutuelle's newsletter pointing to ameli.fr), nor through a tracking
    host of the sender's own domain (t.pharmacie.fr/c/124). Showing any other site through a page
    of the sender's own domain (/login) is the trick itself (phishing sends from the domain it
    links to)."""
    out = []
    facts = None
    own = f.proven_home
    for li in f.links:
        if li.link.source != "html" or "." not in li.link.text:
            continue
        shown = find_urls(li.link.text)
        if not shown:
            continue
        shown_host = host_of(shown[0].url)
        if not shown_host:
            continue
        if facts is None:
            from ..extract import domain_facts
            facts = domain_facts(f.profile)
        shown_info = analyze_host(shown_host, facts)
        shown_reg = shown_info.registrable
        if shown_reg == li.host.registrable or li.host.status == "official" or shown_reg == own:
            continue
        if own and li.host.registrable == own and any(_named_by(shown_reg, b["domains"]) and _named_by(own, b["domains"])
                                                      for b in brands().values()):
            continue   # a brand that proves its domain shows its own short domain (we.tl for wetransfer.com)
        if not f.claim and li.host.registrable in generic_set("click_trackers"):
            continue   # a newsletter's mailing service's click tracker
        if not f.claim and shown_info.status in ("official", "partner") and (own or all(li is not x for x in f.links_away)):
            continue   # a mutuelle's newsletter points to ameli.fr through its own tracker, or any if it proves its domain
        if not f.claim and f.home and _tracking_subdomain(li, f.home):
            continue   # a newsletter's own tracking host (t.pharmacie.fr/c/124) shows where it redirects
        if not f.claim and shown_info.status in ("official", "partner") and not li.host.tricks \
                and li.host.status == "other" and _redirect_token(li.path):
            continue   # a third party's newsletter shows ameli.fr through a mailing service's redirect token
        out.append(_link_ev(f, li, shown=shown_host, trick="text_mismatch"))
    return out[:MAX_EVIDENCE]


def _near_name_with_added_words(words: list[str], names: set[str], action: frozenset) -> str:
    """The speaker's name misspelt by one letter or written with look-alike characters, beside a
    phisher's word (netflx-compte.com, paypa1-securite.com for « PayPal »): the name, or ""."""
    for t in words:
        if len(t) < 5:
            continue
        for n in names:
            if len(n) >= 5 and t != n and (_near(t, n, 1) or skeleton(t).lower() == skeleton(n).lower()) \
                    and any(action_word(w, action) and not name_matches(w, names) for w in words if w != t):
                return n
    return ""


def _named_by(registrable: str, domains) -> bool:
    """The domain is the brand's name itself (wetransfer.com, we.tl), not one holding its word
    among others (ca-securipass-fr.com holds Crédit Agricole's "ca")."""
    return registrable in domains or registrable.partition(".")[0] in domains


# a redirect's token: short words, then a token or a query ("/c/AbC12", "/ls/click?upn=...", "/e/eyJ0...")
_TRACKING_PATH = re.compile(r"^/(?:[a-z]{1,8}/){0,3}[?/]?[\w=%&.,~-]*(?:\?[\w=%&.,~-]*)?$", re.I)
_PHISHING_PATH = re.compile(r"login|signin|connexion|compte|account|paiement|payment|verif|secur|update|confirm|suivi|colis", re.I)


def _tracking_subdomain(li: LinkInfo, home: str) -> bool:
    """A link to a tracking host of the sender's own domain: a sub-domain (not the site itself) whose
    path is a redirect's token, not a page of a site (/login, /paiement)."""
    host = li.host.host
    if not host.endswith("." + home) or host == "www." + home:
        return False
    return _redirect_token(li.path)


def _redirect_token(path: str) -> bool:
    """A path that is a redirect's token, not a page of a site (/login, /paiement)."""
    return bool(_TRACKING_PATH.match(path)) and not _PHISHING_PATH.search(path)


# ---- senders -----------------------------------------------------------------------------
def _sender_ev(f: Features, **extra) -> dict:
    addr = f.msg.sender_written or f.msg.sender     # as written: "ameIi" shows its capital I
    shown = f"{f.msg.display_name} <{addr}>" if f.msg.display_name else addr
    return {"where": "sender", "quote": shown[:300], **extra}


@detector("sender_lookalike")
def sender_lookalike(f: Features, params: dict) -> list[dict]:
    if f.sender_host is None:
        return []
    t = f.sender_host.lookalike
    return [_sender_ev(f, trick=t.kind, target=t.target)] if t else []


@detector("sender_freemail")
def sender_freemail(f: Features, params: dict) -> list[dict]:
    if f.sender_host is None or not f.claim or _passed_on_by_a_person(f):
        return []
    domain = f.msg.sender.rpartition("@")[2]
    return [_sender_ev(f)] if domain in set(generic()["freemail"]) else []


@detector("sender_unofficial", display_name=bool)
def sender_unofficial(f: Features, params: dict) -> list[dict]:
    """The display name (or the text) claims the brand but the address is not an official one."""
    if f.sender_host is None or f.profile.sender_is_official(f.msg.sender) or f.sender_host.status == "official":
        return []   # (an address of one of the brand's own domains, not a listed sender's: not a stranger's)
    if f.sender_host.lookalike or f.msg.sender.rpartition("@")[2] in set(generic()["freemail"]):
        return []  # reported by the sharper rules
    in_name = bool(f.profile.claims(norm(f.msg.display_name + " " + f.msg.sender.partition("@")[0])))
    if params.get("display_name") and not in_name:
        return []
    if not params.get("display_name") and (in_name or not f.claim or _passed_on_by_a_person(f)):
        return []
    return [_sender_ev(f)]


def _passed_on_by_a_person(f: Features) -> bool:
    """The brand speaks in a message a person forwards or pastes (Features.passed_on), not in its
    From: a daughter's Gmail passing on her mother's ameli e-mail claims nothing."""
    return f.passed_on and f.claim_kind != "sender"


@detector("reply_to_elsewhere")
def reply_to_elsewhere(f: Features, params: dict) -> list[dict]:
    if f.sender_host is None or not f.msg.reply_to or not f.claim:
        return []
    from ..extract import domain_facts
    facts = domain_facts(f.profile)
    out = []
    for addr in f.msg.reply_to:
        h = analyze_host(addr.rpartition("@")[2].lower(), facts)
        if h.registrable != f.sender_host.registrable and h.status != "official":
            out.append({"where": "header", "quote": f"Reply-To: {addr}"[:300]})
    return out[:2]


_AUTH = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*(fail|softfail|permerror|none)\b", re.I)


@detector("auth_failed", spoof=bool)
def auth_failed(f: Features, params: dict) -> list[dict]:
    """Failed SPF / DKIM / DMARC in Authentication-Results; `spoof` = the From is an official address."""
    official = f.profile.sender_is_official(f.msg.sender)
    if bool(params.get("spoof")) != official or not (official or f.claim):
        return []
    out = []
    for value in f.msg.header("Authentication-Results") + f.msg.header("ARC-Authentication-Results"):
        fails = [(m.group(1).lower(), m.group(2).lower()) for m in _AUTH.finditer(value)]
        fails = [x for x in fails if x[1] != "none" or x[0] == "dmarc"]
        if params.get("spoof"):
            fails = [x for x in fails if x[0] in ("dmarc", "spf") and x[1] in ("fail", "softfail")]
        if fails:
            out.append({"where": "header", "quote": ("Authentication-Results: " + ", ".join(f"{a}={b}" for a, b in fails))[:300]})
    return out[:2]


# the claims by which the brand itself speaks (its label, its signature), not a person who says
# they work there
_BRAND_SPEAKS = frozenset({"sender", "opening", "subject", "signature", "addresses_reader"})


@detector("sms_sender_number", institution=bool)
def sms_sender_number(f: Features, params: dict) -> list[dict]:
    """An SMS that claims the brand but comes from a personal mobile or an ordinary number.
    `institution`: only a mobile (06/07) number, for a message in which the brand itself speaks
    (its label, its signature), not a person who says they work there: the numbering plan keeps
    mobile numbers for person-to-person messages."""
    if f.msg.channel != "sms" or not f.claim or not f.msg.sender:
        return []
    speaks = f.claim_kind in _BRAND_SPEAKS
    if params.get("institution") and not speaks:
        return []
    from ..extract.phones import classify
    digits = re.sub(r"[^\d+]", "", f.msg.sender)
    if len(digits) < 9:
        return []
    _, kind = classify(f.msg.sender)
    # a full-length number, even one outside the allocated ranges, is a person's line, not a short code
    institution = speaks and kind == "mobile"
    if params.get("institution"):
        return [{"where": "sender", "quote": f.msg.sender[:60], "kind": kind}] if institution else []
    if institution:
        return []   # said by sender.sms_institution_mobile
    if kind in ("mobile", "fixed_line", "voip", "foreign") or (kind == "invalid" and len(digits.lstrip("+")) >= 10):
        return [{"where": "sender", "quote": f.msg.sender[:60], "kind": kind}]
    return []


# ---- phones --------------------------------------------------------------------------------
# "if it was not you": the condition of a fraud alert, under which a real brand gives its own number
_NOT_YOU = re.compile(r"\bsi (?:vous n'etes pas a l'origine|ce n'est pas vous|vous n'avez pas (?:fait|demande|effectue|autorise))|\bif (?:it was not you|it wasn't you|you did not|you didn't)")
_CALL = re.compile(r"\b(?:appel|rappel|contact|recontact|compos|joindre|joignable|telephon|tel\b|tél|numero|service client|ligne|accompagn|vous attend(?:ent)? (?:au|sur)|"
                   r"call|phone|dial|ring|contact us|hotline)", re.I)


_AS_BRAND = re.compile(r"\b(?:rappel\w*|recontact\w*|joindre|contacte[rz]|appele[rz]|call (?:us|back))\b[^.!?\n]{0,40}\b(?:(?:votre|un|une|le|la) (?:cpam|caisse|conseill\w*|agent|gestionnaire|interlocut\w*)|nous|notre (?:service|conseill\w*|agent|cellule|equipe|departement|plateforme|centre|pole)|le service|l'assurance maladie|ameli|la cpam|me|moi|us|(?:your|an|the) (?:adviser|advisor|agent))\b"
                       # "call our English-speaking team directly on ..."
                       r"|\b(?:call|phone|ring|contact)\b[^.!?\n]{0,20}\bour (?:[a-z-]+ ){0,2}(?:team|service|department|unit|office|adviser|advisor|helpline|agents?)\b"
                       # the adviser "waits for you" at the number, or gives a direct line
                       r"|\b(?:vous attend(?:ent)?|est joignable|sont joignables|est disponible|is waiting for you|awaits your call)\b[^.!?\n]{0,30}$|\b(?:sa|ma|notre|leur|his|her|my|our) (?:ligne (?:directe|personnelle)|direct line)\b[^.!?\n]{0,10}$"
                       # "merci de rappeler le 09 ...": called back, the one who writes
                       r"|\b(?:rappele[rz]|recontacte[rz]|call back|ring back)\s(?:le |au |on |at )?$"
                       r"|-(?:nous|moi)\b[^.!?\n]{0,25}$|\b(?:nous|me) (?:rappeler|recontacter|joindre|contacter|appeler)\b[^.!?\n]{0,40}$|\b(?:service client|votre conseill\w*|votre cpam|votre caisse)\b[^.!?\n]{0,25}$"
                       # the call is how to act on the reader's file, card or account: "pour la
                       # bloquer, appelez le ...", "pour finaliser votre dossier, appelez le ..."
                       r"|\bpour (?:le |la |les |l'|votre |vos )?(?:bloquer|debloquer|activer|reactiver|regulariser|valider|confirmer|securiser|recevoir|percevoir|traiter|finaliser|mettre a jour|renouveler|proteger|completer|conserver|garder|maintenir|eviter|annuler|recuperer|retrouver)\b[^.!?\n]{0,40}\b(?:appel|rappel|contact|compos|joind|telephon)\w*\b[^.!?\n]{0,15}$")


@detector("callback_number", surcharged=bool, claim=bool, as_brand=bool, not_warning=bool)
def callback_number(f: Features, params: dict) -> list[dict]:
    """A number to call that is not the brand's: worse when surcharged (premium-rate).
    `not_warning`: not a number the sentence warns about or tells as a scam's ("des escrocs vous
    demandent de rappeler le 09 ..."); in a person's account of a call, what the caller said counts."""
    premium = params.get("surcharged", False)
    if params.get("claim") and not f.claim:
        return []   # a doctor's or a shop's own number to call is no red flag
    out = []
    for p in f.phones:
        entry = f.profile.phone(p.e164)
        if entry and entry.callback:
            continue
        if f.profile.other_number(p.e164) is not None:
            continue   # a public line the guidance names (the inter-bank card-blocking line)
        if (p.kind in SURCHARGED_SURE) != premium or (premium and p.kind == "shared_cost" and not f.claim
                                                      and f.msg.channel != "call"):
            continue
        # an unassigned number ("invalid") asked to be called is still a number other than the brand's
        s, e = f.sentence(p.start, p.end)
        sent = f.norm[max(s, p.start - 120):p.end + 40]
        if not _CALL.search(sent):
            continue
        if entry and not premium:
            continue  # an official outgoing number quoted, not a callback request
        if _alternative_of_official(f, p):
            continue  # "appelez le 3646 (depuis l'étranger : +33 ...)": the brand's line, dialled from elsewhere
        as_brand = params.get("as_brand")
        # given as the brand's own number ("rappelez votre CPAM / votre conseiller / nous au ..."), or
        # as the one to call if "it was not you": whom else would one call to contest one's own file?
        own = bool(_AS_BRAND.search(f.norm[max(s, p.start - 90):p.start])) or bool(_NOT_YOU.search(f.norm, s, p.start))
        if as_brand is not None and own != as_brand:
            continue
        if params.get("not_warning") and disowned(f, s, e, p.start, p.end) \
                and not (f.claim and _NOT_YOU.search(f.norm, s, e)):
            continue   # (the fake fraud alert's "si vous n'êtes pas à l'origine ..., appelez le 09 ..." is no warning)
        ev = quote(f, p.start, p.end)
        ev.update(where="phone", number=p.e164, kind=p.kind)
        out.append(ev)
    return out[:MAX_EVIDENCE]


def _alternative_of_official(f: Features, p) -> bool:
    """The number is given in brackets right after one of the brand's own lines, as the way to dial
    it from elsewhere ("3646 (from abroad: +33 1 ...)")."""
    for q in f.phones:
        if q.end <= p.start and p.start - q.end <= 40 and (entry := f.profile.phone(q.e164)) and entry.callback \
                and _OPEN_BRACKET.fullmatch(f.norm[q.end:p.start]):
            return True
    return False


_OPEN_BRACKET = re.compile(r"\s*\([^()\n]{0,30}")


# an organisation's service, named beside the number it gives
_SERVICE = re.compile(r"\b(?:service (?:fraude|anti-?fraude|opposition|clients?|clientele|securite|des remboursements|technique|apres-vente|assures)"
                      r"|cellule|departement|hotline|support|fraud (?:team|department)|customer (?:service|care|support)|security team)\b")


@detector("service_line_mobile")
def service_line_mobile(f: Features, params: dict) -> list[dict]:
    """A number to call, given as an organisation's service (fraud, card blocking, customer
    service), that is a mobile: Arcep keeps mobile numbers for persons, services have their own
    lines. Not a number the sentence warns about or tells as a scam's."""
    out = []
    for p in f.phones:
        if p.kind != "mobile":
            continue
        s, e = f.sentence(p.start, p.end)
        before = f.norm[max(s, p.start - 120):p.start]
        if not (_CALL.search(before) and _SERVICE.search(before)):
            continue
        # "si ce n'est pas vous, contactez le service opposition au 07 ...": the protective step
        # is the lure itself; a warning about the number is not
        if disowned(f, s, e, p.start, p.end) and not protective(f.norm[s:e]):
            continue
        ev = quote(f, p.start, p.end)
        ev.update(where="phone", number=p.e164, kind=p.kind)
        out.append(ev)
    return out[:MAX_EVIDENCE]


# ---- attachments, formatting, amounts ---------------------------------------------------------
@detector("risky_attachment", groups=list[str])
def risky_attachment(f: Features, params: dict) -> list[dict]:
    risky = generic()["risky_extensions"]
    groups = params.get("groups", list(risky))
    exts = {e: g for g in groups for e in risky[g]}
    out = []
    for a in f.msg.attachments:
        name = a.filename.lower().strip()
        ext = name.rpartition(".")[2] if "." in name else ""
        hit = exts.get(ext) or exts.get(a.detected)
        if not hit and a.content_type in ("text/html", "application/x-msdownload", "application/zip", "application/x-rar-compressed", "application/x-iso9660-image"):
            hit = exts.get(a.content_type.rpartition("/")[2].replace("x-msdownload", "exe").replace("x-rar-compressed", "rar").replace("x-iso9660-image", "iso"))
        if hit:
            out.append({"where": "attachment", "quote": (a.filename or a.content_type)[:200], "group": hit,
                        "detected": a.detected})
    return out[:MAX_EVIDENCE]


@detector("red_text")
def red_text(f: Features, params: dict) -> list[dict]:
    if not f.claim:
        return []
    return [{"where": "html", "quote": t[:200]} for t in f.msg.red_text[:3]]


@detector("sensitive_form", fields=Required[list[str]])
def sensitive_form(f: Features, params: dict) -> list[dict]:
    pat = re.compile("|".join(params["fields"]))
    return [{"where": "form", "quote": fld[:200]} for fld in f.msg.form_fields if pat.search(norm(fld))][:MAX_EVIDENCE]


def _near_counts(f: Features, params: dict, unless, s: int, start: int, end: int) -> bool:
    """A lure's word beside the amount counts unless, in another sentence, that sentence warns about
    it ("méfiez-vous des messages qui demandent des frais") or says `unless`."""
    ms, me = f.sentence(start, end)
    if ms != s and unless is not None and unless.search(f.norm, ms, me):
        return False   # "frais ... à régler à l'accueil" in the next sentence
    if not params.get("not_warning"):
        return True
    return ms == s or not disowned(f, ms, me, start, end)


@detector("amount_near", near=Required[list[str]], claim=bool, max_value=float, wide=bool, ask=str, not_warning=bool, unless=str,
          official_place_ok=bool)
def amount_near(f: Features, params: dict) -> list[dict]:
    """An amount in euros in the same sentence as words of the lure (a reimbursement, a fee).
    `not_warning`: not when the sentence warns about the sum, denies it or tells it as someone
    else's ("des fraudeurs réclament 9,90 € de frais"), as a pattern rule's `not_warning`."""
    if params.get("claim") and not f.claim:
        return []
    pat = re.compile("|".join(params["near"]))
    ask = re.compile(params["ask"]) if params.get("ask") else None   # a word that asks to pay, beside
    unless = re.compile(params["unless"]) if params.get("unless") else None   # not in a sentence saying so
    max_value = params.get("max_value")
    out = []
    for a in f.amounts:
        if (max_value is not None and a.value > max_value) or a.value <= 0:
            continue   # (a sum of 0,00 EUR asks nothing: "Frais : 0,00 EUR")
        s, e = f.sentence(a.start, a.end)
        w0 = max(0, min(s, a.start - 150)) if params.get("wide") else s
        # (wide: the other ways to pay said around the sum count too: "par chèque ou en ligne")
        if unless is not None and unless.search(f.norm, w0 if params.get("wide") else s,
                                                max(e, a.end + 150) if params.get("wide") else e):
            continue
        window = f.norm[w0:max(e, a.end + 150)] if params.get("wide") else f.norm[s:e]
        if ask is not None and not ask.search(window):
            continue
        if not any(_near_counts(f, params, unless, s, w0 + m.start(), w0 + m.end()) for m in pat.finditer(window)):
            continue
        if params.get("not_warning") and disowned(f, s, e, a.start, a.end):
            continue   # (these rules read messages, not calls)
        if params.get("official_place_ok") and not f.unofficial_links and (
                official_place(f, f.norm[s:e]) or done_in_own_account(f, f.norm[s:e])):
            continue   # paid in the brand's own account ("Paiement possible dans votre compte ameli")
        out.append(quote(f, a.start, a.end) | {"amount": a.value})
    return out[:3]


# --- generic phishing: a kit's page and the victim's address in the link --------------------------

def _on_free_host(li: LinkInfo) -> bool:
    return _free_host_name(li.host.host)


@lru_cache(maxsize=4096)
def _free_host_name(host: str) -> bool:
    """The host is one of data/generic.yaml `free_hosts` or under one (a newsletter's 244 links
    share a few hosts: looked up once each)."""
    return under_any(host, generic_set("free_hosts"))


# a page put up in a hacked web site's folders: a WordPress plugin's, a certificate's
_KIT_PATH = re.compile(r"/(?:wp-content|wp-includes|wp-admin|\.well-known|cgi-bin)/", re.I)


@detector("free_host_action", cues=Required[list[str]])
def free_host_action(f: Features, params: dict) -> list[dict]:
    """A link to a page on a free web host or a cloud bucket, in a message that has the reader act
    on an account, a mailbox or a shared document there (`cues`, searched in the whole message):
    what a phishing kit is put up on, no organisation's own site."""
    hosted = [li for li in f.links if (_on_free_host(li) and not _own_page(f, li)) or (li.host.status == "other" and _KIT_PATH.search(li.path))]
    if not hosted or not rx_any(tuple(params["cues"])).search(f.norm):
        return []
    return [_link_ev(f, li, trick="free_host") for li in hosted][:MAX_EVIDENCE]


def _own_page(f: Features, li: LinkInfo) -> bool:
    """A free host's page named exactly as the speaker, a small business or a club that is no
    well-known brand (fleursdelouise.my.canva.site for « Fleurs de Louise »): its own shop window."""
    label = li.host.host.split(".")[0]
    return label in f.speaker_tokens and not f.speaks_as_known_brand


# an e-mail address in a link's query or fragment, plain, %-encoded or in base64
_ADDRESS = re.compile(r"[\w.+-]{1,64}(?:@|%40)[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,12}", re.I)
_B64 = re.compile(r"[A-Za-z0-9+/_-]{12,400}={0,2}")
_UNSUBSCRIBE = re.compile(r"desinscri|desabonn|unsubscrib|opt-?out|preference|optout|gestion de(?:s)? (?:abonnement|alerte)")


def _carries_address(url: str) -> bool:
    tail = url.split("?", 1)[1] if "?" in url else ""
    tail += "#" + url.split("#", 1)[1] if "#" in url else ""
    if not tail or _UNSUBSCRIBE.search(url.lower()):
        return False
    if _ADDRESS.search(tail):
        return True
    for m in _B64.finditer(tail[:2000]):
        chunk = m.group(0).replace("-", "+").replace("_", "/")
        try:
            raw = base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        if _ADDRESS.fullmatch(raw.decode("latin-1", "replace").strip()):
            return True
    return False


@detector("address_in_link")
def address_in_link(f: Features, params: dict) -> list[dict]:
    """A link to a stranger's site that carries an e-mail address in its query or fragment (in
    base64 too): a phishing kit fills in the victim's address so the fake login looks like theirs.
    Not the sender's own site, a mailing service's click tracker, or an unsubscribe link."""
    out = []
    trackers = generic_set("click_trackers")
    for li in f.links:
        if li.host.status != "other" and not _on_free_host(li):
            continue
        if li.host.registrable in trackers or (f.home and li.host.registrable == f.home) \
                or _UNSUBSCRIBE.search(norm(li.link.text or "")):
            continue
        if _carries_address(li.target or li.link.url):
            out.append(_link_ev(f, li, trick="address_in_link"))
    return out[:MAX_EVIDENCE]



@lru_cache(maxsize=1)
def _tenants_and_trackers() -> frozenset:
    return generic_set("tenant_hosts") | generic_set("click_trackers")


@detector("brand_in_subdomain_elsewhere")
def brand_in_subdomain_elsewhere(f: Features, params: dict) -> list[dict]:
    """A well-known brand's name in front of someone else's site (vinted-fr.safe-pay24.com,
    login-microsoftonline.com-auth.click, leboncoin.securise-transaction.com): the site is the
    part after it, which holds none of the brand's words. Not a service that gives its customers
    sub-domains of their own (data/generic.yaml `tenant_hosts`), nor a mailing service's tracker."""
    out = []
    skip = _tenants_and_trackers()
    for li in f.links:
        host, reg = li.host.host, li.host.registrable
        if li.host.status != "other" or li.host.lookalike or not host.endswith("." + reg) or under_any(host, skip):
            continue
        sub = host[: -len(reg) - 1].split(".")
        for b in brands_in(sub):
            if not host_is_brands(reg, b["domains"]):
                out.append(_link_ev(f, li, trick="brand_in_subdomain", target=b["name"]))
                break
        else:
            # whoever's name it is, an ending put in front of the real site makes the address read as
            # another: aphp-espacepatient.fr-reglement.com reads "aphp-espacepatient.fr"
            if sub[-1] not in ("www", "") and len(sub[-1]) >= 3 and _TLD_DASH.match(reg):
                out.append(_link_ev(f, li, trick="ending_in_front", target=f"{sub[-1]}.{reg.split('-', 1)[0]}"))
    return out[:MAX_EVIDENCE]


_TLD_DASH = re.compile(r"(?:fr|com|net|org|gouv|eu|info)-[a-z0-9]")
