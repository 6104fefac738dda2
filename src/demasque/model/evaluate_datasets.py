"""`demasque eval --datasets uci smishing spamassassin corpus`: rules alone, model alone and the two
combined, with precision, recall, F1 and false-positive rate for "flagged" (verdict scam or
suspicious; for the model alone: probability at or above its threshold).

Which model measures what, so that training never sees the test part:
- uci, smishing: the held-out 20 % parts of data.build_splits. The shipped model is used when the
  hashes of the train and test parts it recorded match the files here (it was trained on exactly
  those train parts); otherwise a model is trained here on the train parts, with the same recipe.
- spamassassin: never trained on; the shipped model.
- corpus: k-fold cross-validation (5 folds, stratified, fixed seed): each fold's model is trained on
  the public train parts plus the other folds of the corpus, as the shipped model is.
"""
from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, field

import numpy as np

from ..api import analyze
from ..errors import DemasqueError
from . import load_model, use_model
from .data import SEED, Item, build_splits, load_project_corpus, load_spamassassin, shared_data_dir
from .train import Params, train_model

NAMES = {"uci": "uci", "smishing": "smishing", "mendeley": "smishing", "spamassassin": "spamassassin",
         "corpus": "corpus"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    scam_tp: int = 0          # verdict "scam" on a scam
    genuine_scam: int = 0     # verdict "scam" on a genuine message

    def add(self, label: int, flagged: bool, scam: bool = False):
        if label:
            self.tp += flagged
            self.fn += not flagged
            self.scam_tp += scam
        else:
            self.fp += flagged
            self.tn += not flagged
            self.genuine_scam += scam

    def row(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        fpr = self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0
        pos = self.tp + self.fn
        return {"n": self.tp + self.fp + self.fn + self.tn, "scams": pos, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "tn": self.tn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
                "fpr": round(fpr, 4), "scam_recall": round(self.scam_tp / pos, 4) if pos else 0.0,
                "genuine_to_scam": self.genuine_scam}


@dataclass
class Result:
    dataset: str
    note: str
    systems: dict = field(default_factory=dict)


def _verdict(item: Item, model) -> str:
    try:
        with use_model(model):
            return analyze(copy.deepcopy(item.msg)).verdict
    except DemasqueError:
        return "no_red_flags"


def _speaks_on(msg) -> bool:
    from . import CHANNELS
    if msg.channel not in CHANNELS:
        return False
    limit = CHANNELS[msg.channel]
    return limit is None or len((msg.subject + "\n" + msg.text) if msg.subject else msg.text) <= limit


def score_items(items: list[Item], model, res: dict | None = None) -> dict:
    res = res if res is not None else {"rules": Counts(), "model": Counts(), "combined": Counts()}
    for it in items:
        rv = _verdict(it, None)
        res["rules"].add(it.label, rv != "no_red_flags", rv == "scam")
        if model is None:
            continue
        # the model alone, where it speaks (its channels: model.CHANNELS); elsewhere it flags nothing
        p = model.proba_normed(it.text) if _speaks_on(it.msg) else 0.0
        res["model"].add(it.label, p >= model.threshold)
        cv = _verdict(it, model)
        res["combined"].add(it.label, cv != "no_red_flags", cv == "scam")
    return res


def _shipped_matches(model, splits) -> bool:
    if model is None:
        return False
    h = model.meta.get("data_hashes", {})
    return all(h.get(k) == v for k, v in splits.hashes.items() if k.endswith(("_train", "_test")))


def _stratified_folds(items: list[Item], k: int, seed: int):
    from sklearn.model_selection import StratifiedKFold
    y = [it.label for it in items]
    k = min(k, min(sum(y), len(y) - sum(y)))
    if k < 2:
        return []
    return list(StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))


def run(names: list[str], corpus: list[str] | None = None, data_dir=None, params: Params | None = None,
        folds: int = 5, log=sys.stderr) -> list[Result]:
    root = data_dir or shared_data_dir()
    params = params or Params()
    wanted = []
    for n in names:
        if n not in NAMES:
            raise DemasqueError(f"unknown dataset {n!r} (known: uci, smishing, spamassassin, corpus)")
        if NAMES[n] not in wanted:
            wanted.append(NAMES[n])
    shipped = load_model()
    public = build_splits(root, corpus, with_corpus=False)
    results: list[Result] = []
    split_model, split_note = None, ""

    def model_for_splits():
        nonlocal split_model, split_note
        if split_model is None:
            if _shipped_matches(shipped, public):
                split_model = shipped
                split_note = f"shipped model {shipped.version} (trained on these train parts only)"
            else:
                log.write("eval: the shipped model was not trained on these exact train parts: training one on them\n")
                full = build_splits(root, corpus, with_corpus=True)
                split_model = train_model(full.train, params)[0]
                split_note = "model trained here on the train parts (+ corpus)"
        return split_model, split_note

    for name in wanted:
        if name in ("uci", "smishing"):
            test = public.tests.get(name)
            if not test:
                log.write(f"eval: {name}: data not found under {root}, skipped\n")
                continue
            m, note = model_for_splits()
            note = f"held-out 20 % (stratified, seed {SEED}), {len(test)} messages; {note}"
            results.append(Result(name, note, {k: c.row() for k, c in score_items(test, m).items()}))
        elif name == "spamassassin":
            try:
                items = load_spamassassin(root)
            except FileNotFoundError:
                items = []
            if not items:
                log.write(f"eval: spamassassin: data not found under {root}, skipped\n")
                continue
            m = shipped or model_for_splits()[0]
            note = "raw test mails, never trained on (fixtures, not a benchmark: see its README)"
            results.append(Result(name, note, {k: c.row() for k, c in score_items(items, m).items()}))
        elif name == "corpus":
            items = load_project_corpus(corpus)
            splits = _stratified_folds(items, folds, SEED)
            if not splits:
                log.write("eval: corpus: too few labelled messages for cross-validation, skipped\n")
                continue
            res = None
            for i, (tr, te) in enumerate(splits, 1):
                log.write(f"eval: corpus fold {i}/{len(splits)}: training ...\n")
                m = train_model(public.train + [items[j] for j in tr], params)[0]
                res = score_items([items[j] for j in te], m, res)
            note = f"{len(items)} messages, {len(splits)}-fold cross-validation (each fold's model: public train parts + other folds)"
            results.append(Result(name, note, {k: c.row() for k, c in res.items()}))
    return results


def format_table(results: list[Result]) -> str:
    out = [f"{'dataset':<13} {'system':<9} {'n':>5} {'scams':>5}  {'precision':>9} {'recall':>7} {'F1':>6} {'FPR':>6}"
           f"  {'scam-verdict R':>14} {'genuine->scam':>13}"]
    for r in results:
        for sysname in ("rules", "model", "combined"):
            row = r.systems.get(sysname)
            if not row:
                continue
            sv = f"{row['scam_recall']:>14.3f} {row['genuine_to_scam']:>13}" if sysname != "model" else f"{'-':>14} {'-':>13}"
            out.append(f"{r.dataset:<13} {sysname:<9} {row['n']:>5} {row['scams']:>5}  {row['precision']:>9.3f} "
                       f"{row['recall']:>7.3f} {row['f1']:>6.3f} {row['fpr']:>6.3f}  {sv}")
    out.append("")
    out.append("flagged = verdict scam or suspicious (model alone: probability >= its threshold);")
    out.append("scam-verdict R = share of scams given the verdict scam; genuine->scam = genuine messages given scam.")
    for r in results:
        out.append(f"{r.dataset}: {r.note}")
    return "\n".join(out) + "\n"


def run_dataset_eval(names: list[str], fmt: str = "text", corpus: list[str] | None = None) -> int:
    try:
        import sklearn  # noqa: F401  (folds and training, when the shipped model does not fit the data)
    except ModuleNotFoundError:
        raise DemasqueError("the dataset evaluation needs scikit-learn: pip install 'demasque[train]'") from None
    results = run(names, corpus=corpus)
    if fmt == "json":
        sys.stdout.write(json.dumps([r.__dict__ for r in results], indent=2) + "\n")
    else:
        sys.stdout.write(format_table(results))
    return 0
