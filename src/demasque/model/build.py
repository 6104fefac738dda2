"""Build the shipped artifact from files: `demasque model train`."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

from . import ARTIFACT
from .data import SEED, build_splits, shared_data_dir
from .train import Params, train_model

FORMAT = "1"


def fingerprint(model) -> str:
    h = hashlib.sha256()
    h.update("\n".join(model.vocab).encode("utf-8"))
    h.update(np.ascontiguousarray(model._idf).tobytes())
    h.update(np.ascontiguousarray(model._coef).tobytes())
    h.update(repr((model.intercept, model.a, model.b, model.threshold)).encode())
    return h.hexdigest()


def build(out: str | Path = ARTIFACT, data_dir: str | None = None, corpus: list[str] | None = None,
          params: Params | None = None, with_corpus: bool = True, log=sys.stderr):
    try:
        import sklearn
    except ModuleNotFoundError:
        from ..errors import DemasqueError
        raise DemasqueError("training the model needs scikit-learn: pip install 'demasque[train]'") from None
    params = params or Params(seed=SEED)
    root = Path(data_dir) if data_dir else shared_data_dir()
    splits = build_splits(root, corpus, with_corpus=with_corpus)
    if not splits.train:
        raise SystemExit(f"no training data found under {root} (nor a corpus)")
    sources = sorted({it.source for it in splits.train})
    log.write(f"training on {len(splits.train)} messages ({', '.join(sources)}), seed {params.seed} ...\n")
    meta = {"format": FORMAT, "trained_on": [f"{s} train part" if s in ("uci", "smishing") else s for s in sources],
            "data_hashes": splits.hashes, "sklearn": sklearn.__version__,
            "command": "demasque model train", "split": {"seed": SEED, "test_size": 0.2, "stratified": True}}
    model, _vec, _clf = train_model(splits.train, params, meta)
    model.meta["version"] = f"{FORMAT}.{fingerprint(model)[:10]}"
    model.save(out)
    log.write(f"wrote {Path(out).with_suffix('.npz')} and .json: version {model.version}, "
              f"{len(model.vocab)} n-grams, {model.meta['train_seconds']} s\n")
    return model
