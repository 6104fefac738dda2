"""`demasque model train | info`: rebuild the learned model from files, or describe the shipped one.
Training needs scikit-learn (the training tools); `info` only reads the shipped arrays."""
from __future__ import annotations

import json
import sys

from .output import need


def register(sub) -> None:
    mp = sub.add_parser("model", help="le modèle appris : entraîner, décrire")
    msub = mp.add_subparsers(dest="model_command", required=True)
    t = msub.add_parser("train", help="entraîner le modèle à partir des fichiers (sans réseau, graine fixe)")
    t.add_argument("--data", help="dossier des jeux publics (défaut : ../shared/data, ou $DEMASQUE_SHARED_DATA)")
    t.add_argument("--corpus", nargs="*", default=None, help="corpus du projet (défaut : corpus/)")
    t.add_argument("--no-corpus", action="store_true", help="sans le corpus du projet")
    t.add_argument("--out", default=None, help="chemin de l'artefact, sans extension (défaut : celui du modèle livré)")
    # defaults: those of model.train.Params, read when training (not imported to build the parser)
    t.add_argument("--C", type=float, default=None, help="régularisation (défaut : 0.5)")
    t.add_argument("--max-features", type=int, default=None, help="n-grammes gardés (défaut : 15000)")
    t.add_argument("--corpus-weight", type=float, default=None, help="poids d'un message du corpus (défaut : 5)")
    t.set_defaults(func=cmd_train)
    i = msub.add_parser("info", help="version et données d'entraînement du modèle livré")
    i.add_argument("--model", help="chemin de l'artefact, sans extension")
    i.set_defaults(func=cmd_info)


def cmd_train(args) -> int:
    def load():
        from ..model import ARTIFACT
        from ..model.build import build
        from ..model.train import Params
        return ARTIFACT, build, Params
    artifact, build, Params = need("train", "model train", load)
    chosen = {k: v for k, v in (("C", args.C), ("max_features", args.max_features), ("corpus_weight", args.corpus_weight))
              if v is not None}
    build(out=args.out or str(artifact), data_dir=args.data, corpus=args.corpus, params=Params(**chosen),
          with_corpus=not args.no_corpus)
    return 0


def cmd_info(args) -> int:
    from ..model import load_model
    m = load_model(args.model) if args.model else load_model()
    if m is None:
        sys.stderr.write("demasque: no model artifact found (build it with: demasque model train)\n")
        return 2
    meta = {k: v for k, v in m.meta.items() if k != "checks"}
    sys.stdout.write(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return 0
