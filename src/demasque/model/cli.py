"""`demasque model train | info | score`."""
from __future__ import annotations

import json
import sys


def cmd_train(args) -> int:
    from .build import build
    from .train import Params
    p = Params(C=args.C, max_features=args.max_features, corpus_weight=args.corpus_weight)
    build(out=args.out, data_dir=args.data, corpus=args.corpus, params=p, with_corpus=not args.no_corpus)
    return 0


def cmd_info(args) -> int:
    from . import load_model
    m = load_model(args.model) if args.model else load_model()
    if m is None:
        sys.stderr.write("demasque: no model artifact found (build it with: demasque model train)\n")
        return 2
    meta = {k: v for k, v in m.meta.items() if k != "checks"}
    sys.stdout.write(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return 0


def register(sub, common) -> None:
    from . import ARTIFACT
    from .train import Params
    d = Params()
    mp = sub.add_parser("model", help="le modèle appris : entraîner, décrire")
    msub = mp.add_subparsers(dest="model_command", required=True)
    t = msub.add_parser("train", help="entraîner le modèle à partir des fichiers (sans réseau, graine fixe)")
    t.add_argument("--data", help="dossier des jeux publics (défaut : ../shared/data, ou $DEMASQUE_SHARED_DATA)")
    t.add_argument("--corpus", nargs="*", default=None, help="corpus du projet (défaut : corpus/)")
    t.add_argument("--no-corpus", action="store_true", help="sans le corpus du projet")
    t.add_argument("--out", default=str(ARTIFACT), help="chemin de l'artefact, sans extension")
    t.add_argument("--C", type=float, default=d.C)
    t.add_argument("--max-features", type=int, default=d.max_features)
    t.add_argument("--corpus-weight", type=float, default=d.corpus_weight)
    t.set_defaults(func=cmd_train)
    i = msub.add_parser("info", help="version et données d'entraînement du modèle livré")
    i.add_argument("--model", help="chemin de l'artefact, sans extension")
    i.set_defaults(func=cmd_info)
