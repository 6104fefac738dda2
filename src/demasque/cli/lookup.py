"""`demasque number X` and `demasque link X`: a phone number or a link checked on its own (a link is
never opened). `--redact` is not offered: the answer holds only what was asked about."""
from __future__ import annotations

from .output import add_format, add_lang, add_profile, with_profile, write

COMMANDS = (
    ("number", "que vaut ce numéro de téléphone ? (officiel, surtaxé, mobile...)",
     "le numéro, tel qu'il est écrit (0899 12 34 56, +33..., 3646)"),
    ("link", "ce lien ou ce site est-il officiel ? (il n'est jamais ouvert)",
     "le lien ou le nom de domaine, tel qu'il est écrit"),
)


def register(sub) -> None:
    for kind, help_, value_help in COMMANDS:
        sp = sub.add_parser(kind, help=help_)
        sp.add_argument("value", help=value_help)
        add_format(sp)
        add_lang(sp)
        add_profile(sp)
        sp.set_defaults(func=cmd_lookup, kind=kind)


def cmd_lookup(args) -> int:
    from .. import lookup
    from ..render.text import render_lookup
    check = lookup.check_number if args.kind == "number" else lookup.check_link
    write(check(args.value, **with_profile(check, {"lang": args.lang}, args)), args,
          lambda r, lang: render_lookup(args.kind, r, lang))
    return 0
