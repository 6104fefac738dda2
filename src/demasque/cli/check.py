"""`demasque check FILE`: one SMS, e-mail (.eml), pasted text or screenshot (its kind read from
its content); `--annotate out.png` writes the screenshot with the evidence outlined and numbered."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputTooLarge, UnreadableInput
from .output import add_format, add_lang, add_profile, add_redact, need, note, with_profile, write_report

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sms_carte_vitale.txt"


def register(sub) -> None:
    c = sub.add_parser("check", help="vérifier un SMS, un courriel (.eml), un texte ou une capture d'écran")
    c.add_argument("file", nargs="?", help="fichier du message ou capture d'écran (PNG, JPEG, WebP, HEIC), ou - pour "
                                          "l'entrée standard (sans argument : un exemple fourni)")
    kind = c.add_mutually_exclusive_group()
    kind.add_argument("--sms", action="store_true", help="le texte est un SMS")
    kind.add_argument("--email", action="store_true", help="le fichier est un courriel brut (.eml)")
    kind.add_argument("--text", action="store_true", help="texte collé, origine inconnue")
    c.add_argument("--sender", help="expéditeur du SMS (numéro court, nom ou numéro)")
    c.add_argument("--subject", help="objet (pour un texte collé)")
    add_format(c)
    c.add_argument("--annotate", metavar="OUT.png", help="pour une capture d'écran : écrire la capture avec les passages "
                                                        "repérés encadrés")
    add_lang(c)
    add_redact(c)
    add_profile(c)
    c.set_defaults(func=cmd_check)


def read_input(path: str) -> bytes:
    """The bytes of a file or of stdin ("-"), refused past the input limit."""
    from ..limits import MAX_INPUT_BYTES
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        p = Path(path)
        if not p.is_file():
            raise UnreadableInput(f"file not found: {path}")
        if p.stat().st_size > MAX_INPUT_BYTES:
            raise InputTooLarge(f"{path} is {p.stat().st_size} bytes, over the {MAX_INPUT_BYTES} byte limit")
        data = p.read_bytes()
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"input over the {MAX_INPUT_BYTES} byte limit")
    return data


def looks_like_email(data: bytes) -> bool:
    head = data[:4096].lstrip()
    if head.startswith(b"From "):
        return True
    lines = head.split(b"\n", 8)
    return sum(1 for line in lines[:8]
               if b":" in line[:80] and line[:1].isalpha() and b" " not in line.split(b":", 1)[0]) >= 2


def build_message(args, data: bytes):
    from ..adapters import from_eml, from_sms, from_text
    from ..adapters.text import decode_bytes
    if not data.strip():
        raise UnreadableInput("the input is empty: paste or give the message to check")
    if args.email or (not args.sms and not args.text and (str(args.file).endswith(".eml") or looks_like_email(data))):
        return from_eml(data)
    text = decode_bytes(data)
    if args.sms:
        return from_sms(text, sender=args.sender or "")
    return from_text(text, sender=args.sender or "", subject=args.subject or "")


def cmd_check(args) -> int:
    path = args.file
    if path is None:
        path = str(EXAMPLE)
        args.sms = True
        args.sender = args.sender or "+33 6 12 34 56 78"
    data = read_input(path)
    from ..adapters.image import image_kind
    if not (args.sms or args.email or args.text) and image_kind(data):   # a screenshot (PNG, JPEG, WebP, HEIC)
        return check_image(args, data)
    if args.annotate:
        raise UnreadableInput("--annotate needs a screenshot (PNG, JPEG, WebP or HEIC)")
    from ..api import analyze
    msg = build_message(args, data)
    write_report(analyze(msg, **with_profile(analyze, {"lang": args.lang}, args)).to_dict(), args)
    return 0


def check_image(args, data: bytes) -> int:
    from ..screenshot import analyze_screenshot
    kwargs = with_profile(analyze_screenshot, {"lang": args.lang, "sender": args.sender or ""}, args)
    report, screen = need("ocr", "check (a screenshot)", lambda: analyze_screenshot(data, **kwargs))
    d = report.to_dict()
    if args.annotate:
        from ..render.picture import annotated_png
        try:
            with open(args.annotate, "wb") as f:
                f.write(annotated_png(screen.picture, d["screenshot"]["boxes"]))
        except OSError as exc:
            raise UnreadableInput(f"cannot write {args.annotate}: {exc.strerror}") from None
    write_report(d, args)
    if args.annotate:
        note(args, f"demasque : capture annotée écrite dans {args.annotate}", f"demasque: annotated screenshot written to {args.annotate}")
    return 0
