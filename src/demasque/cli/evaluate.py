"""`demasque eval [PATHS] [--datasets NAME...]`: precision and recall on a labelled corpus, or rules,
model and both on the public datasets (which needs the training tools)."""
from __future__ import annotations

from .output import need


def register(sub) -> None:
    e = sub.add_parser("eval", help="précision et rappel sur un corpus étiqueté")
    e.add_argument("paths", nargs="*", help="dossiers ou fichiers du corpus (corpus/ par défaut)")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.add_argument("--datasets", nargs="+", metavar="NAME",
                   help="évaluer règles, modèle et combinaison sur des jeux publics (uci, smishing, spamassassin, corpus)")
    e.set_defaults(func=cmd_eval)


def cmd_eval(args) -> int:
    if args.datasets:
        def load():
            from ..model.evaluate_datasets import run_dataset_eval
            return run_dataset_eval
        run = need("train", "eval --datasets", load)
        return run(args.datasets, fmt=args.format, corpus=args.paths or ["corpus"])
    from ..evaluate import run_eval
    return run_eval(args.paths or ["corpus"], fmt=args.format)
