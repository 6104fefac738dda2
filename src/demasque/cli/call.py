"""`demasque call`: describe a phone call, by options or by answering questions in the terminal."""
from __future__ import annotations

import sys

from ..calls.questions import ASKED_IDS, IDENTITY_IDS
from ..errors import UnreadableInput
from .output import add_format, add_lang, add_profile, add_redact, with_profile, write_report

CLOSED = {"fr": "l'entrée s'est fermée avant toute réponse : rien à analyser",
          "en": "the input closed before any answer: nothing to analyse"}


def register(sub) -> None:
    c = sub.add_parser("call", help="décrire un appel reçu (questions si aucune option n'est donnée)")
    c.add_argument("--caller", help="numéro qui a appelé")
    c.add_argument("--callback", help="numéro qu'on vous a demandé de rappeler")
    c.add_argument("--claimed", choices=IDENTITY_IDS, help="qui l'appelant disait être")
    c.add_argument("--asked", action="append", metavar="ID[,ID]", help="ce qui a été demandé : " + ", ".join(ASKED_IDS))
    c.add_argument("--silence", action="store_true", help="un silence de quelques secondes avant qu'on parle")
    c.add_argument("--pressure", action="store_true", help="on vous a pressé d'agir tout de suite")
    c.add_argument("--notes", help="ce qui a été dit ou demandé, avec vos mots (- pour l'entrée standard)")
    add_format(c)
    add_lang(c)
    add_redact(c)
    add_profile(c)
    c.set_defaults(func=cmd_call)


def split_ids(values) -> list[str]:
    """`--asked a,b --asked c` -> [a, b, c]."""
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def cmd_call(args) -> int:
    from ..calls import analyze_call
    flags = any(getattr(args, k) for k in ("caller", "callback", "claimed", "asked", "silence", "pressure", "notes"))
    if not flags and sys.stdin.isatty():
        from ..calls.prompt import ask_call
        answers = ask_call(args.lang)
        if not any(v for v in answers.values()):
            raise UnreadableInput(CLOSED[args.lang])
    else:
        notes = args.notes or ""
        if notes == "-" or (not flags and not sys.stdin.isatty()):
            from ..adapters.text import decode_bytes
            from ..limits import MAX_INPUT_BYTES
            notes = decode_bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))
        asked = split_ids(args.asked)
        bad = [a for a in asked if a not in ASKED_IDS]
        if bad:
            raise UnreadableInput(f"--asked {', '.join(bad)}: use {', '.join(ASKED_IDS)}")
        answers = {"caller": args.caller or "", "callback_number": args.callback or "", "claimed_identity": args.claimed or "",
                   "asked": asked, "silence": args.silence, "pressure": args.pressure, "notes": notes}
    report = analyze_call(answers, **with_profile(analyze_call, {"lang": args.lang}, args))
    write_report(report.to_dict(), args)
    return 0
