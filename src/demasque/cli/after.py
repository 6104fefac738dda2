"""`demasque aide` (alias `help-me`): what to do now that it is too late — clicked, paid, gave a
password... The ordered steps of the profile's after-the-fact situations (demasque/after.py)."""
from __future__ import annotations

import sys

from ..errors import UnreadableInput
from .call import split_ids
from .output import add_format, add_lang, add_profile, with_profile, write

WORDS = {"fr": {"pick": "Que vous est-il arrivé ? (plusieurs numéros possibles, séparés par des espaces)",
                "none": "aucune situation choisie : relancez avec --situation (voir --help)"},
         "en": {"pick": "What happened to you? (one or more numbers, separated by spaces)",
                "none": "no situation chosen: run again with --situation (see --help)"}}

# the situations' ids for --help, without loading the profile to build the parser
SITUATION_HELP = "clicked, typed_password, gave_bank_details, paid, gave_nir, ... (demasque aide sans option : la liste)"


def register(sub) -> None:
    a = sub.add_parser("aide", aliases=["help-me"], help="que faire maintenant : j'ai cliqué, payé, donné mon mot de passe...")
    a.add_argument("--situation", action="append", metavar="ID[,ID]",
                   help="ce qui vous est arrivé (choix au clavier sinon) : " + SITUATION_HELP)
    add_format(a)
    add_lang(a)
    add_profile(a)
    a.set_defaults(func=cmd_aide)


def cmd_aide(args) -> int:
    from ..after import guide, situations
    from ..render.text import render_guide
    lang = args.lang
    profile_kw = with_profile(situations, {}, args)
    known = [s["id"] for s in situations(lang=lang, **profile_kw)]
    chosen = split_ids(args.situation)
    bad = [s for s in chosen if s not in known]
    if bad:
        raise UnreadableInput(f"--situation {', '.join(bad)}: use {', '.join(known)}")
    if not chosen:
        if sys.stdin.isatty():
            from ..calls.prompt import Asker, InputClosed
            a = Asker(lang)
            a.say(WORDS[lang]["pick"])
            try:
                chosen = a.multi([(s["id"], s["title"]) for s in situations(lang=lang, **profile_kw)])
            except InputClosed:
                chosen = []
            if not chosen:
                raise UnreadableInput(WORDS[lang]["none"])
        else:
            chosen = known
    write(guide(chosen, lang, **profile_kw), args, render_guide)
    return 0
