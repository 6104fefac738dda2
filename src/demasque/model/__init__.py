"""The learned text model: a second opinion beside the rules.

`model_signal(f, lang)` returns a Signal of category "model" (weight 0.15-0.35, with the n-grams
of this message that weighed most as evidence) when the model's calibrated probability of scam
reaches its threshold, else None. `model_info()` is the shipped model's identity, put in every
report. The artifact (`artifact/model.npz` + `model.json`) holds plain arrays, loaded with
`allow_pickle=False`; `demasque model train` rebuilds it from files only.

How the scorer uses it (scoring.py): the signal is never strong, alone it makes a message at most
"suspicious", it is ignored for an authenticated official sender; here it is also not emitted for
a message from an official sender whose links are all official: wording alone never outweighs an
official sender and official links.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
import re
import threading
from contextlib import contextmanager
from pathlib import Path

ARTIFACT = Path(__file__).parent / "artifact" / "model"
MIN_WEIGHT = 0.15           # weight at the threshold
MAX_WEIGHT = 0.35           # weight at probability 1: below every rule that makes a scam on its own
TOP_EVIDENCE = 5
# The channels the model was trained for: SMS (the public SMS sets and the corpus' SMS), and pasted
# texts as short as an SMS. It says nothing on e-mails and calls: on ordinary mail an SMS model
# flagged a third of it (SpamAssassin's genuine test mails).
CHANNELS = {"sms": None, "text": 640}     # channel -> longest text it judges (None: any)

_lock = threading.Lock()
_loaded: dict = {}
_override: list = []        # stack of models set by use_model() (None = no model)

TITLE = {"fr": "Le modèle appris reconnaît la tournure d'un message frauduleux",
         "en": "The learned model recognises the wording of a fraudulent message"}
EXPLANATION = {
    "fr": "Un modèle statistique entraîné sur des milliers de SMS et courriels étiquetés estime à {p} % la "
          "probabilité que ce texte soit une arnaque ; les mots ci-dessus sont ceux qui ont le plus pesé. "
          "C'est un second avis : il ne suffit jamais seul à conclure à une arnaque.",
    "en": "A statistical model trained on thousands of labelled SMS and e-mails puts the probability that this "
          "text is a scam at {p} %; the words above weighed most. It is a second opinion: on its own it never "
          "makes a message a scam.",
}


def _path() -> Path | None:
    env = os.environ.get("DEMASQUE_MODEL", "")
    if env.lower() in ("off", "none", "0"):
        return None
    return Path(env) if env else ARTIFACT


def load_model(path: str | Path | None = None):
    """The model at `path` (default: the shipped artifact), or None when there is none."""
    if path is None:
        return _load_default(os.environ.get("DEMASQUE_MODEL", ""))
    return _load(Path(path))


@lru_cache(maxsize=8)
def _load_default(env: str):
    """Cached per value of DEMASQUE_MODEL: no file-system call on the hot path."""
    p = _path()
    return None if p is None else _load(p)


def _load(p: Path):
    from .scorer import LinearTextModel
    if not p.with_suffix(".npz").is_file() or not p.with_suffix(".json").is_file():
        return None
    key = str(p.resolve())
    with _lock:
        if key not in _loaded:
            _loaded[key] = LinearTextModel.load(p)
        return _loaded[key]


def active_model():
    if _override:
        return _override[-1]
    return load_model()


@contextmanager
def use_model(model):
    """Score with `model` (None: without a model) inside the block (evaluation, tests)."""
    _override.append(model)
    try:
        yield model
    finally:
        _override.pop()


def model_info() -> dict | None:
    """Which model the report was made with. Read from the model's metadata alone: a report whose
    verdict did not need the model (pipeline.model_may_count) does not load its arrays."""
    if _override:
        m = _override[-1]
        meta = None if m is None else dict(m.meta, n_features=len(m.vocab), threshold=m.threshold)
    else:
        meta = _default_meta(os.environ.get("DEMASQUE_MODEL", ""))
    if meta is None:
        return None
    return {"name": meta.get("name", "demasque-tfidf-svm"), "version": meta.get("version", "unknown"),
            "threshold": float(meta.get("threshold", 0.5)), "n_features": meta.get("n_features"),
            "trained_on": meta.get("trained_on", [])}


@lru_cache(maxsize=8)
def _default_meta(env: str) -> dict | None:
    p = _path()
    if p is None or not p.with_suffix(".npz").is_file() or not p.with_suffix(".json").is_file():
        return None
    return json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))


def weight_for(p: float, threshold: float) -> float:
    span = max(1e-9, 1.0 - threshold)
    return round(MIN_WEIGHT + (MAX_WEIGHT - MIN_WEIGHT) * min(1.0, max(0.0, (p - threshold) / span)), 2)


def _official_and_clean(f) -> bool:
    """From an official sender (e-mail address of an official domain, or the brand's SMS number) and
    with no link outside official or partner sites."""
    if f.unofficial_links:
        return False
    sender = f.msg.sender or ""
    if f.msg.channel == "email":
        return f.profile.sender_is_official(sender)
    if f.msg.channel == "sms":
        return re.sub(r"\s", "", sender) in f.profile.sms_senders
    return False


def speaks_on(f) -> bool:
    """The model judges this message: a channel it was trained for, and no longer than it knows."""
    if f.msg.channel not in CHANNELS:
        return False
    limit = CHANNELS[f.msg.channel]
    return limit is None or len(f.full) <= limit


def model_signal(f, lang: str = "fr"):
    m = active_model()
    if m is None or not f.norm.strip() or not speaks_on(f) or f.verified or _official_and_clean(f):
        return None
    scored, evidence = m.evidence(f.norm, f.full, top=TOP_EVIDENCE, min_proba=m.threshold)
    if scored.proba < m.threshold:
        return None
    for ev in evidence:                          # offsets into the subject or the text, as rules give them
        if f.subject_len and ev["start"] < f.subject_len:
            ev["where"] = "subject"
        elif f.subject_len:
            ev["start"] -= f.subject_len
            ev["end"] -= f.subject_len
    from ..report import Signal
    pct = round(100 * scored.proba)
    lang = lang if lang in TITLE else "fr"
    return Signal(rule="model.text", category="model", weight=weight_for(scored.proba, m.threshold),
                  title=TITLE[lang], explanation=EXPLANATION[lang].format(p=pct),
                  reference=f"{m.meta.get('name', 'model')} {m.version}", evidence=evidence, strong=False)
