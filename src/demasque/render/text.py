"""Plain-text rendering for a person in a terminal (French by default): a report (`check`, `call`),
the after-the-fact steps (`aide`) and a look-up (`number`, `link`)."""
from __future__ import annotations

import shutil
import textwrap

from ..i18n import t
from .sources import public_sources, readable_reference
from ..profile import DEFAULT_ID

ICON = {"scam": "⛔", "suspicious": "⚠", "no_red_flags": "ℹ"}

# Words of this renderer that differ for a call: a call has a caller, not a sender, and what was
# given on the phone, not a link that was clicked.
WORDS = {
    "fr": {"where.sender.call": "appelant", "heading.after.call": "Si c'est déjà fait (donné une information ou payé pendant l'appel)",
           "heading.warnings.call": "Remarques sur votre description de l'appel", "source": "source", "sources": "Sources",
           "kind": "Type", "cost": "Coût", "todo": "Que faire", "use": "À quoi il sert",
           "number": "demasque — vérification d'un numéro", "link": "demasque — vérification d'un lien (jamais ouvert)"},
    "en": {"where.sender.call": "caller", "heading.after.call": "If it already happened (gave information or paid during the call)",
           "heading.warnings.call": "Notes on your description of the call", "source": "source", "sources": "Sources",
           "kind": "Type", "cost": "Cost", "todo": "What to do", "use": "What it is for",
           "number": "demasque — checking a number", "link": "demasque — checking a link (never opened)"},
}


def _w(lang: str, key: str) -> str:
    return WORDS.get(lang, WORDS["fr"])[key]


def _colon(lang: str) -> str:
    return " :" if lang == "fr" else ":"


def _width() -> int:
    return max(50, min(100, shutil.get_terminal_size((88, 20)).columns))


def _cite(src: dict) -> str:
    return f"{src['title']}, {src['url']}" if src["url"] and src["title"] != src["url"] else (src["url"] or src["title"])


def render_text(d: dict, lang: str = "fr") -> str:
    width = _width()
    call = d.get("channel") == "call"
    colon = _colon(lang)

    def wrap(s: str, ind: str = "    ") -> str:
        sub = ind + "  " if s.startswith("- ") else ind
        return textwrap.fill(s, width=width, initial_indent=ind, subsequent_indent=sub, break_on_hyphens=False)

    def where(ev: dict) -> str:
        w = ev.get("where", "text")
        if call and w == "sender":
            return _w(lang, "where.sender.call")
        return t(lang, "where." + w)

    out = [t(lang, "heading.analysis", channel=t(lang, "channel." + d["channel"])), ""]
    v = d["verdict"]
    out.append(f"{ICON[v]}  {t(lang, 'verdict.' + v)}   ({t(lang, 'label.score')} {d['score']:.2f})")
    long_key = f"verdict.{v}.long.{d['channel']}"
    out.append(wrap(t(lang, long_key) if t(lang, long_key) != long_key else t(lang, f"verdict.{v}.long"), ""))
    if d["signals"]:
        out += ["", t(lang, "heading.why") + colon]
        for i, s in enumerate(d["signals"], 1):
            out.append(f"  {i}. {s['title']}")
            if s.get("category") == "model" and s["evidence"]:
                # the model's words on one line: fragments, not sentences to read one by one
                q = ("« {} »" if lang == "fr" else "\"{}\"")
                words = ", ".join(q.format(ev.get("quote", "")) for ev in s["evidence"])
                out.append(wrap(f"[{t(lang, 'where.text')}] {words}", "     "))
                out.append(wrap(s["explanation"], "     "))
                continue
            for ev in s["evidence"]:
                line = f"« {ev.get('quote', '')} »" if lang == "fr" else f"\"{ev.get('quote', '')}\""
                if ev.get("note"):
                    line += f" — {ev['note']}"
                out.append(wrap(f"[{where(ev)}] {line}", "     "))
            out.append(wrap(s["explanation"], "     "))
            ref = readable_reference(s.get("reference"))
            if ref:
                out.append(wrap(f"({t(lang, 'label.guidance')}{colon} {ref})", "     "))
            for src in public_sources(s):
                out.append(wrap(f"{_w(lang, 'source')}{colon} {_cite(src)}", "     "))
    out += ["", t(lang, "heading.todo") + colon]
    out += [wrap("- " + a, "  ") for a in d["advice"]]
    if d.get("after"):
        out += ["", (_w(lang, "heading.after.call") if call else t(lang, "heading.after")) + colon]
        for block in d["after"]:
            out.append(wrap(f"- {block['title']}  → demasque aide --situation {block.get('situation', block.get('id', ''))}"
                            + (f" --profile {d['profile']}" if d.get("profile") not in (None, "", DEFAULT_ID) else "")
                            + (" --lang en" if lang == "en" else ""), "  "))
    out += ["", t(lang, "heading.report") + colon]
    for r in d["report_to"]:
        out.append(wrap(f"- {r['name']}{colon} {r['how']}", "  "))
    prep = d.get("prepared_report")
    if prep:
        out += ["", t(lang, "heading.prepared") + colon]
        out += [wrap("- " + st["text"], "  ") for st in prep.get("steps", [])]
        out += [""] + ["    " + line for line in prep.get("text", "").split("\n")]
    if d.get("warnings"):
        out += ["", (_w(lang, "heading.warnings.call") if call else t(lang, "heading.warnings")) + colon]
        out += [wrap("- " + w, "  ") for w in d["warnings"]]
    return "\n".join(out) + "\n"


def render_guide(blocks: list[dict], lang: str = "fr") -> str:
    """`demasque aide`: each situation's title, then its numbered steps and their public sources."""
    width = min(88, _width())
    out = []
    for b in blocks:
        out += ["", b["title"], "=" * min(len(b["title"]), width)]
        for i, st in enumerate(b["steps"], 1):
            out.append(textwrap.fill(f"{i}. {st['text']}", width=width, subsequent_indent="   "))
            for src in public_sources(st):
                out.append(textwrap.fill(f"({_w(lang, 'source')}{_colon(lang)} {_cite(src)})", width=width, initial_indent="   ",
                                         subsequent_indent="   ", break_long_words=False, break_on_hyphens=False))
    return "\n".join(out).lstrip("\n") + "\n"


def render_lookup(kind: str, r: dict, lang: str = "fr") -> str:
    """`demasque number` / `demasque link`: the verdict, the summary, the facts, what to do, the sources."""
    width = min(88, _width())
    sep = " : " if lang == "fr" else ": "
    out = [_w(lang, kind), "", f"{r.get('display') or r.get('unicode_host') or r['input']}", f"{t(lang, 'verdict.' + r['verdict'])}", ""]
    out.append(textwrap.fill(r["summary"], width, break_on_hyphens=False))
    if kind == "number":
        out.append(f"{_w(lang, 'kind')}{sep}{r['kind_label']}")
        if r.get("cost"):
            out.append(textwrap.fill(f"{_w(lang, 'cost')}{sep}{r['cost']}", width, subsequent_indent="  "))
    else:
        for tr in r.get("tricks", []):
            if tr.get("note"):
                out.append(f"- {tr['note']}")
    if r.get("advice"):
        out += ["", _w(lang, "todo") + sep.rstrip()]
        out += [textwrap.fill("- " + a, width, subsequent_indent="  ") for a in r["advice"]]
    sources = public_sources(r)
    if sources:
        out += ["", _w(lang, "sources") + sep.rstrip()]
        out += [textwrap.fill("- " + _cite(s), width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
                for s in sources]
    return "\n".join(out) + "\n"
