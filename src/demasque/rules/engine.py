from __future__ import annotations

import re

from ..extract import Features, generic_set
from ..extract.textnorm import norm
from . import registry
from .evidence import quote
from .reading import disowned, done_in_own_account, list_intro, official_place, sentence_act
from .scan import Scanner
from .schema import CATEGORIES, SOFT_CATEGORIES, RuleSpec  # noqa: F401  (re-exported)


class Rule(RuleSpec):
    """A rule ready to match: its data, checked by rules/schema.py, and its compiled patterns."""

    def model_post_init(self, __context) -> None:
        # Patterns are compiled on first use (compile()): a one-message run reads a few rules only.
        # Plain attributes, not pydantic private ones: they are read for every rule of every message.
        object.__setattr__(self, "_ready", False)
        wc = self.without_claim
        # the same rule as it counts in a message that does not speak for the brand (schema.WithoutClaim)
        unclaimed = self.model_copy(update={"weight": wc.weight, "strong": wc.strong, "without_claim": None}) if wc else None
        object.__setattr__(self, "_unclaimed", unclaimed)

    def _unclaimed_here(self, f: Features) -> bool:
        """Whether its `without_claim` form applies: the message (not a call: a caller's words are
        judged by the call rules) does not speak for the brand, nor has the reader type the brand's
        own login on a stranger's site (it is then the brand's login page it plays)."""
        return self._unclaimed is not None and not f.claim and f.msg.channel != "call" and not _asks_brand_login(f)

    def as_counted(self, f: Features) -> "Rule":
        """The rule as it counts in this message (see _unclaimed_here)."""
        return self._unclaimed if self._unclaimed_here(f) else self

    def compile(self) -> "Rule":
        """Its patterns, compiled (once)."""
        if not self._ready:
            p = self.pattern or {}
            compiled = {
                "_any": _compile(p["any"]) if p else None,
                "_literals": required_literals("|".join(f"(?:{x})" for x in p["any"])) if p else None,   # one must be in the text
                "_near": _compile(p["near"]) if p.get("near") else None,
                "_unless": _compile(p["unless"]) if p.get("unless") else None,
                # `with`: patterns that must each occur somewhere in the message (not only in the sentence)
                "_with": tuple(re.compile(w) for w in p.get("with", [])),
                "_ordinary": _compile(self.without_claim.ordinary) if self.without_claim and self.without_claim.ordinary else None,
                "_pretext": _compile(self.without_claim.pretext) if self.without_claim and self.without_claim.pretext else None,
            }
            for name, value in compiled.items():
                object.__setattr__(self, name, value)
            object.__setattr__(self, "_ready", True)
        return self

    # -------------------------------------------------------------------------------------
    def check(self, f: Features) -> list[dict]:
        if self.needs_link and not (_away_from_speaker(f) if self.needs_link == "away" and not f.claim
                                    else _away_from_known_brand(f) if self.needs_link == "away_known" and not f.claim
                                    else f.foreign_links):
            # ("away": home is the site of a sender that proves its domain and is named as it speaks,
            # in a message not speaking for the brand)
            return []
        if self._unclaimed_here(f):
            wc = self.without_claim
            if wc.needs_link and not wc.unless_home and (
                    not (f.foreign_links if f.speaker_generic else f.links_away)
                    or (f.speaker_tokens and f.home and f.proven_home and not f.speaker_generic)):
                # asked by someone who does not claim to be the brand: counted only on a stranger's
                # site, and not when an organisation that names itself proves it writes from its
                # own domain (a broker's, a school's portal at a service provider); a sender that
                # names no one ("Service Remboursements Santé") has no home: its site is a stranger's
                return []
            if not self._ready:
                self.compile()
            if wc.unless_home and f.links and not f.links_away and f.proven_home and (
                    (not self._pretext_in(f) and not any(li.host.registrable in generic_set("click_trackers") for li in f.links))
                    or _own_named_site(f)):
                # logging in on the site of a sender that proves who it is: for no phisher's reason, or
                # for any when the proven domain is the very name it speaks under
                return []
        if self.detector:
            return registry.get(self.detector)(f, self.params)
        return self._match_pattern(f)

    def _match_pattern(self, f: Features) -> list[dict]:
        if not self._ready:
            self.compile()
        p = self.pattern
        assert p is not None and self._any is not None
        if p.get("claim") and not f.claim:
            return []
        if self._with and not all(w.search(f.norm) for w in self._with):
            return []
        where = p.get("field", "text")
        if where in ("red_text", "form_fields", "display_name"):
            values = {"red_text": f.msg.red_text, "form_fields": f.msg.form_fields,
                      "display_name": [f.msg.display_name]}[where]
            out = []
            for v in values:
                m = self._any.search(norm(v))
                if m:
                    out.append({"where": where, "quote": v[:200]})
            return out[:3]
        text = f.norm
        if self._literals is not None and not f.has_any(self._literals):
            return []  # cheap substring pre-check before the regex
        lo, hi = (0, f.subject_len) if where == "subject" else (0, len(text))
        out: list[dict] = []
        # Whether a sentence qualifies depends on the sentence only: decided once per sentence, so
        # a long sentence holding the keyword thousands of times is read once, not once per match.
        # Whether the sentence qualifies (near, unless, official place) is decided once per sentence;
        # what it does with the words (speech.act) is read for at most TRIES matches of a sentence,
        # so a sentence holding the keyword thousands of times costs a bounded number of readings.
        kept: dict[tuple[int, int], int] = {}   # sentence -> 0 refused, -1 accepted, n > 0 tries left
        for m in self._any.finditer(text, lo, hi):
            s, e = f.sentence(m.start(), m.end())
            state = kept.get((s, e))
            if state is None:
                state = kept[(s, e)] = TRIES if self._sentence_ok(f, text, s, e) else 0
            if state == 0:
                continue
            if state > 0:
                if not self._act_ok(f, s, e, m.start(), m.end()):
                    kept[(s, e)] = state - 1
                    continue
                kept[(s, e)] = -1
            out.append(quote(f, m.start(), m.end(), s, e))
            if len(out) >= 3:
                break
        return out

    def _sentence_ok(self, f: Features, text: str, s: int, e: int) -> bool:
        sent = text[s:e]
        if self._near is not None and not self._near.search(sent):
            return False
        if self._unless is not None and (self._unless.search(sent) or (
                e <= f.subject_len and self._unless.search(text, f.subject_len, f.subject_len + 20000))):
            return False   # (a subject heads the body: "Pensez à mettre à jour votre carte Vitale" -> "en pharmacie")
        if self.pattern.get("official_place_ok") and not f.unofficial_links and (
                official_place(f, sent) or done_in_own_account(f, sent) or self._steps_in_own_place(f, s)
                or _sent_to_own_place_after(f, s)):
            return False
        if self._ordinary is not None and f.claim and not f.unofficial_links \
                and (official_place(f, sent) or official_place(f, _intro_paragraph(f, s))) \
                and not self._pretext_between(f, max(0, s - 250), e + 250) \
                and (self._ordinary.search(_with_intro(f, sent, s)) or _VALIDATE_THERE.search(sent)):
            # the brand's own site, where the reader logs in themself ("connectez-vous sur ameli.fr
            # avec votre mot de passe"; "Rendez-vous sur monespacesante.fr. Il vous sera demandé :
            # - le code provisoire")
            return False
        if self._ordinary is not None and self._unclaimed_here(f) and self._ordinary_use(f, _with_intro(f, sent, s), s, e):
            return False   # (a list's item read with its introduction: "Pour vous connecter : - le mot de passe ...")
        return True

    @staticmethod
    def _steps_in_own_place(f: Features, s: int) -> bool:
        """An item of a list whose introduction puts its steps in the brand's own place ("mettez à jour
        vos coordonnées bancaires vous-même, dans votre compte ameli : 1. ... 2. allez dans
        « Coordonnées bancaires »")."""
        intro = list_intro(f, s)    # the line itself: the items above it may name the place asked for
        return bool(intro) and (official_place(f, intro) or done_in_own_account(f, intro))

    def _pretext_in(self, f: Features) -> bool:
        """The message gives one of the phisher's reasons (schema.WithoutClaim.pretext): searched
        once per message, though asked for each sentence."""
        if self._pretext is None:
            return False
        key = ("pretext", self.id)
        if key not in f.memo:
            f.memo[key] = self._pretext_between(f, 0, len(f.norm))
        return f.memo[key]

    def _pretext_between(self, f: Features, lo: int, hi: int) -> bool:
        """A phisher's reason between `lo` and `hi`, not a scam's words quoted in a warning
        (« Votre carte Vitale expire » : c'est une arnaque), nor said in a sentence that warns, denies
        or tells it as someone else's ("nous ne vous demanderons jamais de payer pour les recevoir")."""
        for m in self._pretext.finditer(f.norm, lo, hi):
            if f.about_scams and f.quoted(m.start()):
                continue
            s, e = f.sentence(m.start(), m.end())
            if sentence_act(f, s, e, m.start(), m.end()) in ("warning", "negated", "reported"):
                continue
            return True
        return False

    def _ordinary_use(self, f: Features, sent: str, s: int, e: int) -> bool:
        """The sentence is any service's ordinary use (schema.WithoutClaim.ordinary): not when the
        message gives a phisher's reason to act, links to a look-alike of a brand or to a page that
        is no service's own site (free hosting, a shortener, an IP address), or when the thing is
        the brand's own and the message links elsewhere (logging in with "vos identifiants ameli"
        on another site)."""
        # the reason a scam gives to log in now sits beside the order (250 characters each side),
        # not in another item of a newsletter
        return bool(self._ordinary.search(sent)) and not (self._pretext is not None and self._pretext_between(f, max(0, s - 250), e + 250)) \
            and not any(li.host.lookalike or _free_host(li) for li in f.links) \
            and not (_brand_login(f, sent) and (f.links_away or (not f.links and not _BY_YOURSELF.search(sent))))

    def _act_ok(self, f: Features, s: int, e: int, start: int, end: int) -> bool:
        """`request`: the sentence asks the reader for the words found; `not_warning`: it does not
        warn about them, deny them or tell them as someone else's (speech.py)."""
        p = self.pattern
        if not (p.get("request") or p.get("not_warning")):
            return True
        tight = self.category == "urgency"
        if p.get("request"):
            return sentence_act(f, s, e, start, end, tight=tight) == "request"
        return not disowned(f, s, e, start, end, tight=tight)


TRIES = 3


# the reader types it themself, in front of the one who helps ("c'est vous qui saisirez votre mot de passe")
_BY_YOURSELF = re.compile(r"\bc'est vous (?:qui|meme qui)\b|\bvous-meme\b|\bpar vous meme\b|\byourself\b|\byou (?:will )?type it\b")
_LOGIN = re.compile(r"\b(?:mot de passe|mots de passe|identifiants?|passwords?|login|credentials)\b")


def _asks_brand_login(f: Features) -> bool:
    """The message has the reader log in with the brand's own login ("vos identifiants ameli") while
    its links go to a site that is not the brand's: not through FranceConnect, which lends that
    login to other services by design. Memoised per message."""
    got = f.memo.get("asks_brand_login")
    if got is None:
        got = False
        if f.unofficial_links and "franceconnect" not in f.norm and "france connect" not in f.norm:
            for m in _BRAND_LOGIN_ASKED.finditer(f.norm, 0, 20000):
                s, e = f.sentence(m.start(), m.end())
                if f.profile.claims(f.norm[m.end():min(e, m.end() + 40)]):
                    if sentence_act(f, s, e, m.start(), m.end()) == "request" and not _names_official_site(f, f.norm[s:e]):
                        got = True
                        break
        f.memo["asks_brand_login"] = got
    return got


def _names_official_site(f: Features, sent: str) -> bool:
    """The sentence names one of the brand's own sites by its address ("sur ameli.fr")."""
    from ..extract.domains import registrable
    from ..extract.urls import find_urls, host_of
    return any(f.profile.is_official_domain(registrable(h)) for h in map(host_of, (li.url for li in find_urls(sent))) if h)


_BRAND_LOGIN_ASKED = re.compile(r"\b(?:avec|using|with) (?:vos|votre|your) (?:identifiants?|mot de passe|login|credentials|password)\b")


def _brand_login(f: Features, sent: str) -> bool:
    """The sentence names the brand's own login ("votre mot de passe ameli", "vos identifiants
    Assurance Maladie"): asked in a form of the message, or for another site, it is the phisher's."""
    return any(f.profile.claims(sent[m.end():m.end() + 40]) for m in _LOGIN.finditer(sent))


# a step in the brand's own place: "validez avec le code de sécurité envoyé par SMS" (there, not to
# anyone; a stranger's message saying the same is judged by the rule's `ordinary` alone)
_VALIDATE_THERE = re.compile(r"\bvalid(?:ez|er)\b[^.!?\n]{0,20}\b(?:avec|grace a|a l'aide d[eu]|par) (?:le|ce|votre|un) code\b")


def _with_intro(f: Features, sent: str, s: int) -> str:
    intro = list_intro(f, s)
    return f"{intro} {sent}" if intro else sent


def _intro_paragraph(f: Features, s: int) -> str:
    """For an item of a list, the paragraph its introduction ends and the items before it
    ("Rendez-vous sur monespacesante.fr, puis laissez-vous guider. Il vous sera demandé :";
    "Modifiez-les vous-même : - connectez-vous à votre compte ameli ; - ..."); else ""."""
    intro = list_intro(f, s)
    if not intro:
        return ""
    i = f.norm.rfind(intro.rstrip(":"), 0, s)
    if i < 0:
        return intro
    return f.norm[max(f.norm.rfind("\n\n", 0, i) + 2, i - 600):min(s, i + len(intro) + 1200)]


def _away_from_speaker(f: Features) -> list:
    """Links to a site that is not the speaker's own: not the site of an e-mail sender that proves
    its domain, named as it speaks or bearing a word of its name (not a well-known brand's, which a
    domain not its own proves nothing of, nor a service's generic words: « Sécurité » proving
    secur-bnpp-client.fr; a domain squatting the speaker's name is no home), nor a site named as
    the speaker is, with no word added (an SMS from "DHL" paying duties on del.dhl.com, a letter
    from MIP Santé on mipsante.fr)."""
    links = f.links_away if f.proven_home and (f.home_named_as_speaker or (f.home_bears_speaker_name and not f.speaks_as_known_brand)) \
        else f.foreign_links
    return [li for li in links if not f.names_speakers_site(li)] if links and f.speaker_tokens else links


def _away_from_known_brand(f: Features) -> list:
    """Links to a site that is not the speaker's own, when the speaker is a well-known brand
    (data/generic.yaml `brands`: a bank, a carrier, a big mutuelle) whose own domain the e-mail's
    sender proves: its site and its mailing service's trackers are home. An unknown name proving a
    domain of its own is not enough (a fake "Mutuelle Santé+" proves mutuelle-santeplus.fr)."""
    return f.links_away if _known_brand_home(f) else f.foreign_links


def _own_named_site(f: Features) -> bool:
    """The sender proves a domain that is the very name it speaks under: a well-known brand's own
    domain (not its name with words added), or, for any other speaker, its home named as it speaks."""
    if f.speaks_as_known_brand:
        return _known_brand_home(f)
    return f.home == f.proven_home and f.home_named_as_speaker


def _known_brand_home(f: Features) -> bool:
    """The speaker is a well-known brand and the e-mail's sender proves one of its domains, its
    name with no word added (mgen.fr, not labanquepostale-certicode.fr)."""
    if not (f.proven_home and f.speaks_as_known_brand and f.home):
        return False
    from ..extract.brands import brand_named
    brand = next((b for n in f._speaker_names if (b := brand_named(n))), None)
    if not brand:
        return False
    name = f.proven_home.partition(".")[0].replace("-", "")
    return any(name == d.replace("-", "") if "." not in d else (f.proven_home == d or f.proven_home.endswith("." + d))
               for d in brand["domains"])


def _free_host(li) -> bool:
    """A page anyone can put up (free hosting, a shortener, an IP address): no service's own site."""
    return li.host.status in ("platform", "shortener", "ip") or li.host.suffix in generic_set("platforms")


def _split_top(pattern: str, sep: str = "|") -> list[str]:
    """Split a pattern on `sep` at depth 0 (outside groups and character classes)."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur += pattern[i:i + 2]
            i += 2
            continue
        if c == "[":
            j = i + 1
            if pattern[j:j + 1] == "]":
                j += 1
            j = pattern.find("]", j)
            j = len(pattern) - 1 if j < 0 else j
            cur += pattern[i:j + 1]
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Plain strings one of which every match of `pattern` must contain (each at least 3
    characters), or None when the pattern gives no such guarantee. Used as a cheap substring
    pre-check before running the regex."""
    alts = _split_top(pattern)
    if len(alts) > 1:
        out: list[str] = []
        for a in alts:
            lits = required_literals(a)
            if lits is None:
                return None
            out.extend(lits)
        return tuple(dict.fromkeys(out))
    best: tuple[str, ...] | None = None
    cur, i = "", 0

    def consider(cand):
        nonlocal best
        if cand and min(len(c) for c in cand) >= 3 and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = tuple(cand)

    while i < len(pattern):
        c = pattern[i]
        nxt = pattern[i + 1:i + 2]
        if c == "\\":
            e = pattern[i + 1:i + 2]
            if e and not e.isalnum():
                cur += e
            else:
                consider([cur] if cur else None)
                cur = ""
            i += 2
            continue
        if c == "[":
            consider([cur] if cur else None)
            cur = ""
            j = pattern.find("]", i + 2)
            i = (j + 1) if j > 0 else len(pattern)
            if pattern[i:i + 1] == "{":            # a bounded repeat of the class: skip it whole
                k = pattern.find("}", i)
                i = (k + 1) if k > 0 else len(pattern)
            elif pattern[i:i + 1] in ("?", "*", "+"):
                i += 1
            continue
        if c == "(":
            consider([cur] if cur else None)
            cur = ""
            depth, j = 0, i
            while j < len(pattern):
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "(":
                    depth += 1
                elif pattern[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = pattern[i + 1:j]
            after = pattern[j + 1:j + 2]
            optional = after in ("?", "*") or pattern[j + 1:j + 3] == "{0"
            lookaround = inner.startswith(("?=", "?!", "?<=", "?<!"))
            if not optional and not lookaround:
                consider(required_literals(inner[2:] if inner.startswith("?:") else inner))
            i = j + 1
            continue
        if c in "?*" or (c == "{" and pattern[i:i + 2] != "{}"):
            cur = cur[:-1]
            consider([cur] if cur else None)
            cur = ""
            if c == "{":
                j = pattern.find("}", i)
                i = j if j > 0 else i
            i += 1
            continue
        if c in "+^$.":
            consider([cur] if cur else None)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    consider([cur] if cur else None)
    return best


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def run_rules(f: Features, rules, scanner: Scanner | None = None) -> list[tuple[Rule, list[dict]]]:
    """Every rule of `rules` ((index, rule) pairs: rules/loader.py gives those of the message's
    profile and channel) that fires, with its evidence. A text rule the one-pass scan says cannot
    match the message is not run (rules/scan.py)."""
    may = scanner.candidates(f.norm) if scanner is not None and scanner.db is not None else None
    always = scanner.always if scanner is not None else frozenset()
    hits = []
    for i, rule in rules:
        if may is not None and i not in may and i not in always:
            continue
        ev = rule.check(f)
        if ev and f.verified and rule.never and rule.category in _ANSWERED_IN_OWN_PLACES:
            ev = [x for x in ev if _sent_back(f, x)]
        if ev:
            hits.append((rule.as_counted(f), ev))
    return hits


# What is asked must go somewhere. From the brand's authenticated address with only its own links
# (f.verified), a password, a code, bank details or a payment can only be given in the brand's own
# places (its site, its app, 3646); the text counts (scoring: at most "suspicious") only where it
# asks for it to be sent back by reply, e-mail, SMS or phone, which the guidance says the brand never
# does. (A sentence misread as asking, in a warning's table or quiz, has nowhere to send it.)
_ANSWERED_IN_OWN_PLACES = frozenset({"data_request", "payment"})
# how the papers of a list are to be sent, said under it ("Vous pouvez nous les transmettre :")
_TRANSMIT = re.compile(r"\b(?:transmet|envoy|adress|depos|retourn|faire parvenir|send|upload)\w*")
_LIST_LINE = re.compile(r"[ \t]*(?:[-*\u2022\u00b7\u2013\u2014]|\d{1,2}[.)])\s")
_MAIL_ADDRESS = re.compile(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}")


def _sent_to_own_place_after(f: Features, s: int) -> bool:
    """An item of a list of papers whose sending, said in the lines under the list, goes only to the
    brand's own place (its account's mailbox) or by post ("Vous pouvez nous les transmettre : -
    depuis votre compte ameli ... - ou par courrier"): what is asked goes where it should."""
    text = f.norm
    line_start = text.rfind("\n", 0, s) + 1
    if not _LIST_LINE.match(text, line_start) or not list_intro(f, s):
        return False
    pos, lines = text.find("\n", s), 0
    while pos != -1 and lines < 40 and _LIST_LINE.match(text, pos + 1):
        pos, lines = text.find("\n", pos + 1), lines + 1      # to the end of the list (40 lines at most)
    if pos == -1:
        return False
    block = text[pos:pos + 600]
    para = block.lstrip("\n")
    cut = para.find("\n\n")
    # the paragraph under the list, with the items of its own list
    while cut != -1 and _LIST_LINE.match(para, cut + 2):
        cut = para.find("\n\n", cut + 2)
    para = para[:cut] if cut != -1 else para
    if not _TRANSMIT.search(para) or _MAIL_ADDRESS.search(para) or _SENT_BY.search(para):
        return False
    from .speech import _BY_POST
    return official_place(f, para) or bool(_BY_POST.search(para) and done_in_own_account(f, para))


_SENT_BY = re.compile(r"\b(?:par|en) (?:retour|reponse)\b|\brepond(?:ez|re)\b|(?<!\brecu )(?<!\brecue )(?<!\benvoye )(?<!\benvoyee )\b(?:par|via|dans un|dans votre) (?:e-?mail|mail|courriel|sms|texto|telephone|tel)\b"
                      # (not a code "reçu par SMS", "received by text": how it came, not where it goes)
                      r"|\bau telephone\b|(?<!\breceived )(?<!\bsent )\b(?:by|via|in a|in your) (?:e-?mail|text|sms|phone|reply|return)\b|\breply\b|\bover the phone\b")


def _sent_back(f: Features, ev: dict) -> bool:
    """The evidence's sentence asks for the thing to be sent back (_SENT_BY)."""
    if "start" not in ev:
        return True
    pos = ev["start"] + (f.subject_len if ev.get("where") == "text" else 0)
    s, e = f.sentence(pos, pos + 1)
    return bool(_SENT_BY.search(f.norm, s, e))
