"""`demasque batch IN.jsonl [-o OUT.jsonl]`: one record per line in, one report per line out."""
from __future__ import annotations

from .output import add_lang, add_profile, add_redact, with_profile


def register(sub) -> None:
    b = sub.add_parser("batch", help="vérifier un fichier JSONL de messages")
    b.add_argument("input", help="JSONL d'entrée, ou -")
    b.add_argument("-o", "--output", default="-", help="JSONL de sortie (- par défaut)")
    b.add_argument("-q", "--quiet", action="store_true", help="pas de barre de progression")
    b.add_argument("--full", action="store_true", help="rapports complets (textes, conseils, étapes) au lieu de la ligne compacte")
    b.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processus en parallèle (par défaut : les cœurs de la machine pour un fichier de 2 Mo ou plus, sinon 1)")
    add_lang(b)
    add_redact(b)
    add_profile(b)
    b.set_defaults(func=cmd_batch)


def cmd_batch(args) -> int:
    from ..batch import run_batch
    kwargs = {"lang": args.lang, "redact": args.redact, "progress": not args.quiet, "full": args.full,
              "workers": args.workers}
    return run_batch(args.input, args.output, **with_profile(run_batch, kwargs, args))
