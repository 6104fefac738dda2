"""Command line: demasque check | batch | eval (and the subcommands other modules register)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import DemasqueError, UnreadableInput
from .i18n import t

EXAMPLE = Path(__file__).parent / "examples" / "sms_carte_vitale.txt"


def _read_input(path: str) -> bytes:
    from .limits import MAX_INPUT_BYTES
    from .errors import InputTooLarge
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


def _looks_like_email(data: bytes) -> bool:
    head = data[:4096].lstrip()
    if head.startswith(b"From "):
        return True
    lines = head.split(b"\n", 8)
    return sum(1 for l in lines[:8] if b":" in l[:80] and l[:1].isalpha() and b" " not in l.split(b":", 1)[0]) >= 2


def build_message(args, data: bytes):
    from .adapters import from_eml, from_sms, from_text
    from .adapters.text import decode_bytes
    if not data.strip():
        raise UnreadableInput("the input is empty: paste or give the message to check")
    if args.email or (not args.sms and not args.text and (str(args.file).endswith(".eml") or _looks_like_email(data))):
        return from_eml(data)
    text = decode_bytes(data)
    if args.sms:
        return from_sms(text, sender=args.sender or "")
    return from_text(text, sender=args.sender or "", subject=args.subject or "")


def output(report_dict: dict, args) -> None:
    if getattr(args, "redact", False):
        from .profile import default_profile
        from .redact import redact_report
        redact_report(report_dict, frozenset(default_profile().phones))
    if args.format == "json":
        sys.stdout.write(json.dumps(report_dict, ensure_ascii=False, indent=2) + "\n")
    else:
        from .render.text import render_text
        sys.stdout.write(render_text(report_dict, args.lang))


def cmd_check(args) -> int:
    from .api import analyze
    path = args.file
    if path is None:
        path = str(EXAMPLE)
        args.sms = True
        args.sender = args.sender or "+33 6 12 34 56 78"
    data = _read_input(path)
    from .adapters.image import image_kind
    if not (args.sms or args.email or args.text) and image_kind(data):   # a screenshot (PNG, JPEG, WebP, HEIC)
        from .screenshot_cli import check_image
        return check_image(args, data)
    if args.annotate:
        raise UnreadableInput("--annotate needs a screenshot (PNG, JPEG, WebP or HEIC)")
    msg = build_message(args, data)
    output(analyze(msg, lang=args.lang).to_dict(), args)
    return 0


def cmd_batch(args) -> int:
    from .batch import run_batch
    return run_batch(args.input, args.output, lang=args.lang, redact=args.redact, progress=not args.quiet,
                     full=args.full, workers=args.workers)


def cmd_eval(args) -> int:
    if args.datasets:
        from .model.evaluate_datasets import run_dataset_eval  # issue: learned model
        return run_dataset_eval(args.datasets, fmt=args.format, corpus=args.paths or ["corpus"])
    from .evaluate import run_eval
    return run_eval(args.paths or ["corpus"], fmt=args.format)


# Feature modules that add their own subcommands: each has `register(sub, common)`, which adds
# a subparser and sets its `func`. A module not (yet) in the package is skipped.
COMMAND_MODULES = ("demasque.calls.cli", "demasque.lookup_cli", "demasque.web.cli", "demasque.model.cli",
                   "demasque.gateway.cli", "demasque.triage.cli")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="demasque", description="Démasque les arnaques à l'Assurance Maladie (ameli, CPAM, carte Vitale).")
    p.add_argument("--version", action="version", version=f"demasque {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--lang", choices=["fr", "en"], default="fr", help="langue de sortie (fr par défaut)")
        sp.add_argument("--redact", action="store_true", help="masquer NIR, IBAN, cartes, e-mails et numéros")

    c = sub.add_parser("check", help="vérifier un SMS, un courriel (.eml), un texte ou une capture d'écran")
    c.add_argument("file", nargs="?", help="fichier du message ou capture d'écran (PNG, JPEG, WebP, HEIC), ou - pour l'entrée standard (sans argument : un exemple fourni)")
    kind = c.add_mutually_exclusive_group()
    kind.add_argument("--sms", action="store_true", help="le texte est un SMS")
    kind.add_argument("--email", action="store_true", help="le fichier est un courriel brut (.eml)")
    kind.add_argument("--text", action="store_true", help="texte collé, origine inconnue")
    c.add_argument("--sender", help="expéditeur du SMS (numéro court, nom ou numéro)")
    c.add_argument("--subject", help="objet (pour un texte collé)")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--annotate", metavar="OUT.png", help="pour une capture d'écran : écrire la capture avec les passages repérés encadrés")
    common(c)
    c.set_defaults(func=cmd_check)

    b = sub.add_parser("batch", help="vérifier un fichier JSONL de messages")
    b.add_argument("input", help="JSONL d'entrée, ou -")
    b.add_argument("-o", "--output", default="-", help="JSONL de sortie (- par défaut)")
    b.add_argument("-q", "--quiet", action="store_true", help="pas de barre de progression")
    b.add_argument("--full", action="store_true", help="rapports complets (textes, conseils, étapes) au lieu de la ligne compacte")
    b.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processus en parallèle (par défaut : les cœurs de la machine pour un fichier de 2 Mo ou plus, sinon 1)")
    common(b)
    b.set_defaults(func=cmd_batch)

    e = sub.add_parser("eval", help="précision et rappel sur un corpus étiqueté")
    e.add_argument("paths", nargs="*", help="dossiers ou fichiers du corpus (corpus/ par défaut)")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.add_argument("--datasets", nargs="+", metavar="NAME", help="évaluer règles, modèle et combinaison sur des jeux publics (uci, smishing, spamassassin, corpus)")
    e.set_defaults(func=cmd_eval)

    import importlib
    import importlib.util
    for name in COMMAND_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            importlib.import_module(name).register(sub, common)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    lang = getattr(args, "lang", "fr")
    try:
        return args.func(args)
    except DemasqueError as exc:
        sys.stderr.write(f"demasque: {t(lang, 'error')} : {exc}\n" if lang == "fr" else f"demasque: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\ndemasque: interrompu\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
