"""What a person reads of a rule and of a profile: a rule's title and explanation filled with the
facts of the brand the message speaks for ({brand}, {phone}, {account}...), the clue it encodes
with the public pages that say it, the advice and where to report. Every fact comes from the
profile picked for the message; nothing here names a brand."""
from __future__ import annotations

import re

from .i18n import evidence_note, tr
from .profile import Profile, citation_text

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def fill(text: str, words: dict[str, str]) -> str:
    """Fill {placeholders} from the profile's words (a word may itself quote {brand}); a sentence
    that starts with one ("l'Assurance Maladie ne ...") takes a capital letter."""
    for _ in range(2):
        if "{" not in text:
            break
        text = _PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), text)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def references(rule, profile: Profile) -> list:
    """The clue(s) a rule encodes for this brand: the profile's own, else those of the rule whose
    pages the profile cites (its own, or the shared ones): never another brand's pages."""
    own = profile.references.get(rule.id)
    if own:
        return own
    return [r for r in rule.reference if all(profile.source_entry(k) for k in r.sources)]


def reference_text(refs, profile: Profile, lang: str) -> str:
    """« clue » (« page title », publisher): readable, never a key or a file."""
    groups: list[tuple[list[str], list[dict]]] = []    # clues that cite the same pages are cited once
    for ref in refs:
        pages = [p for k in ref.sources for p in profile.cite(k)[:1]]   # each key's own page
        if groups and groups[-1][1] == pages:
            groups[-1][0].append(ref.clue)
        else:
            groups.append(([ref.clue], pages))
    return " ; ".join(" ; ".join(clues) + (f" ({citation_short(pages, lang)})" if pages else "") for clues, pages in groups)


def citation_short(pages: list[dict], lang: str) -> str:
    q = ("« {} »", "\"{}\"")[lang == "en"]
    return " ; ".join(f"{q.format(p['title'])}, {p['publisher']}" if p["publisher"] else q.format(p["title"])
                      for p in pages)


def rule_texts(rule, profile: Profile, lang: str) -> dict:
    """A rule's title, explanation, reference and public sources, in the reader's language, for
    the brand the message speaks for."""
    words = profile.words(lang)
    refs = references(rule, profile)
    return {"title": fill(tr(rule.title, lang), words), "explanation": fill(tr(rule.explanation, lang), words),
            "reference": reference_text(refs, profile, lang),
            "sources": profile.cite([k for r in refs for k in r.sources])}


def add_notes(evidence: list[dict], lang: str) -> None:
    for ev in evidence:
        note = evidence_note(lang, ev)
        if note:
            ev["note"] = note


def advice_for(profile: Profile, verdict: str, lang: str) -> list[str]:
    return [tr(a, lang) for a in getattr(profile.spec.advice, verdict, [])]


def report_channel_ids(profile: Profile, f, channel: str, verdict: str) -> list[str]:
    """Where to report, fitted to the channel: SMS -> 33700, e-mail -> Signal Spam, a fraudulent
    site -> PHAROS; help -> cybermalveillance; the brand's own line (3646 for one's CPAM). The ids
    of the profile's `report_to` entries, in its order."""
    wanted: list[str] = []
    if verdict != "no_red_flags":
        if channel in ("sms", "call"):
            wanted.append(channel)
        elif channel == "email":
            wanted.append("email")
        if f is not None and f.unofficial_links:
            wanted.append("site")
        if verdict == "scam":
            wanted.append("help")
    wanted.append("brand")
    return [e.id for e in profile.spec.report_to if any(w in e.for_ for w in wanted)]


def report_channels(profile: Profile, f, channel: str, verdict: str, lang: str, ids: list[str] | None = None) -> list[dict]:
    ids = report_channel_ids(profile, f, channel, verdict) if ids is None else ids
    out = []
    for entry in profile.spec.report_to:
        if entry.id in ids:
            item = {"id": entry.id, "name": entry.name, "how": tr(entry.how, lang)}
            for k in ("url", "sms_to", "tel"):
                if getattr(entry, k):
                    item[k] = getattr(entry, k)
            out.append(item)
    return out


__all__ = ["add_notes", "advice_for", "citation_text", "fill", "reference_text", "report_channel_ids", "report_channels", "rule_texts"]
