"""The command line: `demasque COMMAND ...`. One module per command group, each with
`register(sub)`; every group is listed here, none found by scanning. Building the parser imports
no analysis, web, OCR, triage or training code: each command imports what it needs when it runs,
and a command whose optional dependencies are missing says so in one line (exit code 2)."""
from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import DemasqueError
from . import after, batch, call, check, evaluate, lookup, milter, model, serve, triage

# in the order of `demasque --help`
GROUPS = (check, batch, evaluate, call, after, lookup, serve, model, milter, triage)

DESCRIPTION = "Démasque les arnaques à l'Assurance Maladie (ameli, CPAM, carte Vitale)."


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="demasque", description=DESCRIPTION)
    p.add_argument("--version", action="version", version=f"demasque {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for group in GROUPS:
        group.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    lang = getattr(args, "lang", "fr")
    try:
        return args.func(args)
    except DemasqueError as exc:
        sys.stderr.write(f"demasque: Erreur : {exc}\n" if lang == "fr" else f"demasque: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\ndemasque: interrompu\n" if lang == "fr" else "\ndemasque: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


__all__ = ["main", "parser", "GROUPS"]
