"""demasque call (describe a phone call) and demasque aide / help-me (what to do now)."""
from __future__ import annotations

import json
import sys

from ..errors import UnreadableInput
from .questions import ASKED_IDS, IDENTITY_IDS

_W = {
    "fr": {"closed": "l'entrée s'est fermée avant toute réponse : rien à analyser",
           "pick": "Que vous est-il arrivé ? (plusieurs numéros possibles, séparés par des espaces)",
           "none": "aucune situation choisie : relancez avec --situation (voir --help)",
           "source": "source", "steps_for": "Que faire si c'est déjà fait"},
    "en": {"closed": "the input closed before any answer: nothing to analyse",
           "pick": "What happened to you? (one or more numbers, separated by spaces)",
           "none": "no situation chosen: run again with --situation (see --help)",
           "source": "source", "steps_for": "What to do if it already happened"},
}


def register(sub, common) -> None:
    c = sub.add_parser("call", help="décrire un appel reçu (questions si aucune option n'est donnée)")
    c.add_argument("--caller", help="numéro qui a appelé")
    c.add_argument("--callback", help="numéro qu'on vous a demandé de rappeler")
    c.add_argument("--claimed", choices=IDENTITY_IDS, help="qui l'appelant disait être")
    c.add_argument("--asked", action="append", metavar="ID[,ID]",
                   help="ce qui a été demandé : " + ", ".join(ASKED_IDS))
    c.add_argument("--silence", action="store_true", help="un silence de quelques secondes avant qu'on parle")
    c.add_argument("--pressure", action="store_true", help="on vous a pressé d'agir tout de suite")
    c.add_argument("--notes", help="ce qui a été dit ou demandé, avec vos mots (- pour l'entrée standard)")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--profile", help="la marque pour laquelle juger l'appel (assurance_maladie, caf) ; par défaut celle que l'appelant disait être")
    common(c)
    c.set_defaults(func=cmd_call)

    for name, aliases in (("aide", ["help-me"]),):
        a = sub.add_parser(name, aliases=aliases, help="que faire maintenant : j'ai cliqué, payé, donné mon mot de passe...")
        a.add_argument("--situation", action="append", metavar="ID[,ID]",
                       help="ce qui vous est arrivé (choix au clavier sinon) : " + ", ".join(_situation_ids()))
        a.add_argument("--format", choices=["text", "json"], default="text")
        a.add_argument("--profile", help="la marque dont les étapes sont données (assurance_maladie par défaut, caf)")
        common(a)
        a.set_defaults(func=cmd_aide)


def _situation_ids() -> list[str]:
    from ..after import SITUATIONS
    return list(SITUATIONS)


def _split(values) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def cmd_call(args) -> int:
    from ..cli import output
    from . import analyze_call
    flags = any(getattr(args, k) for k in ("caller", "callback", "claimed", "asked", "silence", "pressure", "notes"))
    if not flags and sys.stdin.isatty():
        from .prompt import ask_call
        answers = ask_call(args.lang)
        if not any(v for v in answers.values()):
            raise UnreadableInput(_W[args.lang]["closed"])
    else:
        notes = args.notes or ""
        if notes == "-" or (not flags and not sys.stdin.isatty()):
            from ..adapters.text import decode_bytes
            from ..limits import MAX_INPUT_BYTES
            notes = decode_bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))
        asked = _split(args.asked)
        bad = [a for a in asked if a not in ASKED_IDS]
        if bad:
            raise UnreadableInput(f"--asked {', '.join(bad)}: use {', '.join(ASKED_IDS)}")
        answers = {"caller": args.caller or "", "callback_number": args.callback or "", "claimed_identity": args.claimed or "",
                   "asked": asked, "silence": args.silence, "pressure": args.pressure, "notes": notes}
    output(analyze_call(answers, args.lang, profile=args.profile).to_dict(), args)
    return 0


def cmd_aide(args) -> int:
    from ..after import guide, situations
    lang = args.lang
    known = [s["id"] for s in situations(lang=lang)]
    chosen = _split(args.situation)
    bad = [s for s in chosen if s not in known]
    if bad:
        raise UnreadableInput(f"--situation {', '.join(bad)}: use {', '.join(known)}")
    if not chosen:
        if sys.stdin.isatty():
            from .prompt import Asker, InputClosed
            a = Asker(lang)
            a.say(_W[lang]["pick"])
            try:
                chosen = a.multi([(s["id"], s["title"]) for s in situations(lang=lang)])
            except InputClosed:
                chosen = []
            if not chosen:
                raise UnreadableInput(_W[lang]["none"])
        else:
            chosen = known
    blocks = guide(chosen, lang, profile=args.profile)
    if args.format == "json":
        sys.stdout.write(json.dumps(blocks, ensure_ascii=False, indent=2) + "\n")
        return 0
    sys.stdout.write(render_guide(blocks, lang))
    return 0


def render_guide(blocks: list[dict], lang: str) -> str:
    import textwrap
    out = []
    for b in blocks:
        out += ["", b["title"], "=" * min(len(b["title"]), 88)]
        for i, st in enumerate(b["steps"], 1):
            out.append(textwrap.fill(f"{i}. {st['text']}", width=88, subsequent_indent="   "))
            if st.get("source"):
                out.append(textwrap.fill(f"({_W[lang]['source']} : {st['source']})" if lang == "fr" else f"({_W[lang]['source']}: {st['source']})",
                                         width=88, initial_indent="   ", subsequent_indent="   ", break_long_words=False, break_on_hyphens=False))
    return "\n".join(out).lstrip("\n") + "\n"
