"""demasque number X and demasque link X: check a phone number or a link on its own."""
from __future__ import annotations

import json
import sys
import textwrap

from .i18n import t


def register(sub, common) -> None:
    n = sub.add_parser("number", help="que vaut ce numéro de téléphone ? (officiel, surtaxé, mobile...)")
    n.add_argument("value", help="le numéro, tel qu'il est écrit (0899 12 34 56, +33..., 3646)")
    n.add_argument("--format", choices=["text", "json"], default="text")
    n.add_argument("--profile", help="la marque dont les faits sont utilisés (assurance_maladie, caf) ; par défaut celle du numéro ou du lien, sinon assurance_maladie")
    common(n)
    n.set_defaults(func=cmd_number)
    lk = sub.add_parser("link", help="ce lien ou ce site est-il officiel ? (il n'est jamais ouvert)")
    lk.add_argument("value", help="le lien ou le nom de domaine, tel qu'il est écrit")
    lk.add_argument("--format", choices=["text", "json"], default="text")
    lk.add_argument("--profile", help="la marque dont les faits sont utilisés (assurance_maladie, caf) ; par défaut celle du numéro ou du lien, sinon assurance_maladie")
    common(lk)
    lk.set_defaults(func=cmd_link)


_L = {"fr": {"number": "demasque — vérification d'un numéro", "link": "demasque — vérification d'un lien (jamais ouvert)",
             "kind": "Type", "cost": "Coût", "todo": "Que faire", "sources": "Sources", "use": "À quoi il sert"},
      "en": {"number": "demasque — checking a number", "link": "demasque — checking a link (never opened)",
             "kind": "Type", "cost": "Cost", "todo": "What to do", "sources": "Sources", "use": "What it is for"}}


def _print(kind: str, r: dict, args) -> int:
    if args.format == "json":
        sys.stdout.write(json.dumps(r, ensure_ascii=False, indent=2) + "\n")
        return 0
    lang = args.lang
    L = _L[lang]
    sep = " : " if lang == "fr" else ": "
    out = [L[kind], "", f"{r.get('display') or r.get('unicode_host') or r['input']}", f"{t(lang, 'verdict.' + r['verdict'])}", ""]
    out.append(textwrap.fill(r["summary"], 88, break_on_hyphens=False))
    if kind == "number":
        out.append(f"{L['kind']}{sep}{r['kind_label']}")
        if r.get("cost"):
            out.append(textwrap.fill(f"{L['cost']}{sep}{r['cost']}", 88, subsequent_indent="  "))
    else:
        for tr in r.get("tricks", []):
            if tr.get("note"):
                out.append(f"- {tr['note']}")
    if r.get("advice"):
        out += ["", L["todo"] + sep.rstrip()]
        out += [textwrap.fill("- " + a, 88, subsequent_indent="  ") for a in r["advice"]]
    if r.get("sources"):
        out += ["", L["sources"] + sep.rstrip()]
        out += [textwrap.fill("- " + s, 88, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False) for s in r["sources"]]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def cmd_number(args) -> int:
    from .lookup import check_number
    return _print("number", check_number(args.value, args.lang, profile=args.profile), args)


def cmd_link(args) -> int:
    from .lookup import check_link
    return _print("link", check_link(args.value, args.lang, profile=args.profile), args)
