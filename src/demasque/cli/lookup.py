"""`demasque number X` and `demasque link X`: a phone number or a link checked on its own (a link is
never opened). `--redact` is not offered: the answer holds only what was asked about."""
from __future__ import annotations

from .output import add_format, add_lang, add_profile, with_profile, write


def register(sub) -> None:
    n = sub.add_parser("number", help="que vaut ce numéro de téléphone ? (officiel, surtaxé, mobile...)")
    n.add_argument("value", help="le numéro, tel qu'il est écrit (0899 12 34 56, +33..., 3646)")
    add_format(n)
    add_lang(n)
    add_profile(n)
    n.set_defaults(func=cmd_number)
    lk = sub.add_parser("link", help="ce lien ou ce site est-il officiel ? (il n'est jamais ouvert)")
    lk.add_argument("value", help="le lien ou le nom de domaine, tel qu'il est écrit")
    add_format(lk)
    add_lang(lk)
    add_profile(lk)
    lk.set_defaults(func=cmd_link)


def cmd_number(args) -> int:
    from ..lookup import check_number
    from ..render.text import render_lookup
    write(check_number(args.value, **with_profile(check_number, {"lang": args.lang}, args)), args,
          lambda r, lang: render_lookup("number", r, lang))
    return 0


def cmd_link(args) -> int:
    from ..lookup import check_link
    from ..render.text import render_lookup
    write(check_link(args.value, **with_profile(check_link, {"lang": args.lang}, args)), args,
          lambda r, lang: render_lookup("link", r, lang))
    return 0
