"""Plain-text rendering of a report for a person in a terminal (French by default)."""
from __future__ import annotations

import shutil
import textwrap

from ..i18n import t
from ..profile import DEFAULT_ID

ICON = {"scam": "⛔", "suspicious": "⚠", "no_red_flags": "ℹ"}


def render_text(d: dict, lang: str = "fr") -> str:
    width = max(50, min(100, shutil.get_terminal_size((88, 20)).columns))
    def wrap(s: str, ind: str = "    ") -> str:
        sub = ind + "  " if s.startswith("- ") else ind
        return textwrap.fill(s, width=width, initial_indent=ind, subsequent_indent=sub, break_on_hyphens=False)
    out = [t(lang, "heading.analysis", channel=t(lang, "channel." + d["channel"])), ""]
    v = d["verdict"]
    out.append(f"{ICON[v]}  {t(lang, 'verdict.' + v)}   ({t(lang, 'label.score')} {d['score']:.2f})")
    long_key = f"verdict.{v}.long.{d['channel']}"
    out.append(wrap(t(lang, long_key) if t(lang, long_key) != long_key else t(lang, f"verdict.{v}.long"), ""))
    if d["signals"]:
        out += ["", t(lang, "heading.why") + " :" if lang == "fr" else t(lang, "heading.why") + ":"]
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
                where = t(lang, "where." + ev.get("where", "text"))
                line = f"« {ev.get('quote', '')} »" if lang == "fr" else f"\"{ev.get('quote', '')}\""
                if ev.get("note"):
                    line += f" — {ev['note']}"
                out.append(wrap(f"[{where}] {line}", "     "))
            out.append(wrap(s["explanation"], "     "))
    out += ["", t(lang, "heading.todo") + (" :" if lang == "fr" else ":")]
    out += [wrap("- " + a, "  ") for a in d["advice"]]
    if d.get("after"):
        colon = " :" if lang == "fr" else ":"
        out += ["", t(lang, "heading.after") + colon]
        for block in d["after"]:
            out.append(wrap(f"- {block['title']}  → demasque aide --situation {block.get('situation', block.get('id', ''))}"
                            + (f" --profile {d['profile']}" if d.get("profile") not in (None, "", DEFAULT_ID) else "")
                            + (" --lang en" if lang == "en" else ""), "  "))
    out += ["", t(lang, "heading.report") + (" :" if lang == "fr" else ":")]
    for r in d["report_to"]:
        out.append(wrap(f"- {r['name']} : {r['how']}" if lang == "fr" else f"- {r['name']}: {r['how']}", "  "))
    prep = d.get("prepared_report")
    if prep:
        out += ["", t(lang, "heading.prepared") + (" :" if lang == "fr" else ":")]
        out += [wrap("- " + st["text"], "  ") for st in prep.get("steps", [])]
        out += [""] + ["    " + line for line in prep.get("text", "").split("\n")]
    if d.get("warnings"):
        out += ["", t(lang, "heading.warnings") + (" :" if lang == "fr" else ":")]
        out += [wrap("- " + w, "  ") for w in d["warnings"]]
    return "\n".join(out) + "\n"
