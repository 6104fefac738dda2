"""Learned model: plain-array artifact, determinism, evidence, scorer safety, dataset eval."""
from __future__ import annotations

import json
import pickle
import zipfile

import numpy as np
import pytest

from demasque import analyze_record, analyze_text
from demasque.adapters import from_eml, from_sms, from_text
from demasque.api import findings
from demasque.model import ARTIFACT, load_model, model_info, use_model, weight_for
from demasque.model.data import Item
from demasque.model.scorer import LinearTextModel
from demasque.model.text import locate, ngrams, prepare, prepare_raw, readable
from demasque.model.train import Params, sklearn_proba, train_model
from demasque.extract.textnorm import norm

SPAM = ["WINNER!! You have won a 1000 cash prize. Call 09061701461 to claim now",
        "URGENT! Your mobile number has been awarded a 2000 bonus. Text CLAIM to 81010",
        "Free entry in a weekly comp to win FA Cup final tkts. Text FA to 87121",
        "Congratulations ur awarded 500 of CD vouchers. Call 09066364349 now",
        "Votre colis est en attente, payez les frais de 1,99 EUR ici : http://colis-suivi.info",
        "Votre carte Vitale expire, mettez-la a jour : https://ameli-vitale.info",
        "Remboursement en attente de 124 EUR, confirmez vos coordonnees bancaires : http://rembours-ameli.net",
        "You have been selected for a free iPhone. Claim at http://win-prize.biz now",
        "Claim your 150 reward now, reply WIN to 80086 before midnight",
        "Your account is suspended, verify your details at http://secure-login.top"]
HAM = ["Are we still meeting for lunch tomorrow?", "I'll call you later, I'm in a meeting",
       "Ok see you at home tonight", "Can you pick up some bread on the way back",
       "ASSURANCE MALADIE : votre attestation de droits est disponible dans votre compte ameli",
       "ASSURANCE MALADIE : un paiement a ete effectue, detail dans votre compte ameli",
       "Happy birthday! Hope you have a great day", "Did you watch the match last night?",
       "Je serai en retard de dix minutes, desole", "Merci pour le diner, c'etait tres bon"]


def _items(n_rep: int = 2):
    out = []
    for r in range(n_rep):
        for i, t in enumerate(SPAM):
            out.append(Item(f"s{r}-{i}", "uci", 1, norm(t + (" " * r))))
        for i, t in enumerate(HAM):
            out.append(Item(f"h{r}-{i}", "uci", 0, norm(t + (" " * r))))
    return out


TINY = Params(max_features=400, cv=3, min_df=1)


@pytest.fixture(scope="module")
def tiny():
    return train_model(_items(), TINY)


def test_artifact_is_plain_arrays_and_loads_without_pickle(tiny, tmp_path, monkeypatch):
    model, vec, clf = tiny
    model.meta["version"] = "test"
    model.save(tmp_path / "m")
    with zipfile.ZipFile(tmp_path / "m.npz") as z:                 # only .npy members, no object arrays
        assert sorted(z.namelist()) == ["coef.npy", "idf.npy", "vocab.npy"]
    def boom(*a, **k):
        raise AssertionError("pickle used")
    monkeypatch.setattr(pickle, "loads", boom)
    monkeypatch.setattr(pickle, "load", boom)
    loaded = LinearTextModel.load(tmp_path / "m")
    texts = [it.text for it in _items(1)] + [norm("Call now to claim your free prize at http://x.biz"), norm("rien")]
    ref = sklearn_proba(vec, clf, texts)
    mine = np.array([loaded.proba_normed(t) for t in texts])
    assert np.allclose(ref, mine, atol=1e-9)
    assert json.loads((tmp_path / "m.json").read_text())["version"] == "test"


def test_training_is_deterministic(tiny):
    again = train_model(_items(), TINY)[0]
    model = tiny[0]
    assert model.vocab == again.vocab
    assert np.array_equal(model._coef, again._coef) and np.array_equal(model._idf, again._idf)
    assert (model.intercept, model.a, model.b) == (again.intercept, again.a, again.b)


def test_ngrams_keep_offsets():
    raw = "Réglez 12€ sur https://amelі.fr\nmaintenant"
    p = prepare_raw(raw)
    assert len(p) == len(raw) and "\n" not in p
    for g in set(ngrams(p)):
        span = locate(g, p)
        if span:
            assert readable(g).strip().split(" ")[0] in p[span[0]:span[1]]


def test_evidence_are_ngrams_of_this_message(tiny):
    model = tiny[0]
    text = "URGENT! You have won a cash prize, call 09061701461 to claim"
    s, ev = model.evidence(norm(text), text)
    assert s.proba > 0.5 and ev
    for e in ev:
        assert text[e["start"]:e["end"]] == e["quote"]
        assert e["match"].strip().lower().split(" ")[0] in prepare(norm(e["quote"])).lower() or \
            e["match"].strip() in prepare(norm(text))
        assert e["weight"] > 0


def test_signal_in_a_report_and_model_version(tiny):
    model = tiny[0]
    model.meta["version"] = "tiny-1"
    model.threshold = 0.5
    text = "WINNER!! You have won a 1000 cash prize. Call 09061701461 to claim now"
    with use_model(model):
        sig = [s for s in findings(from_sms("AMELI : " + text)).signals if s.category == "model"]
        # not even computed when the scorer would set it aside (no claim, no rule fired)
        assert not [s for s in findings(from_sms(text)).signals if s.category == "model"]
        r = analyze_text(text, channel="sms")
        assert r.model["version"] == "tiny-1"
        claimed = analyze_text("AMELI : " + text, channel="sms")
        # the rules alone already make this one a scam: the model's opinion could not change it
        proven = findings(from_sms("AMELI : " + text + " https://prize-claim.example.net"))
    assert sig and 0 < sig[0].weight <= 0.35 and not sig[0].strong
    for e in sig[0].evidence:
        assert ("AMELI : " + text)[e["start"]:e["end"]] == e["quote"]
    # the model alone never flags a message that makes no claim of being the brand ...
    assert r.verdict == "no_red_flags" and not [s for s in r.signals if s.category == "model"]
    # ... but it speaks when the message claims the brand and it can change the verdict
    assert [s for s in claimed.signals if s.category == "model"] and claimed.to_dict()["signals"]
    assert not [s for s in proven.signals if s.category == "model"]


def test_model_says_nothing_on_email_or_long_text(tiny):
    model = tiny[0]
    model.threshold = 0.5
    spam = "WINNER!! You have won a 1000 cash prize. Call 09061701461 to claim now. "
    raw = "From: Ameli <x@example.net>\nSubject: Ameli\nContent-Type: text/plain\n\nAMELI : " + spam
    with use_model(model):
        assert not [s for s in findings(from_eml(raw)).signals if s.category == "model"]
        assert not [s for s in findings(from_text("AMELI : " + spam * 12)).signals if s.category == "model"]
        assert [s for s in findings(from_text("AMELI : " + spam)).signals if s.category == "model"]


class _Always:
    """A model that is sure everything is a scam: the worst case for the scorer."""
    threshold = 0.5
    version = "always"
    meta = {"name": "always", "version": "always"}
    vocab: list = []

    def evidence(self, normed, full, top=5, min_proba=0.0):
        from demasque.model.scorer import Scored
        return Scored(1.0, 9.0), [{"where": "text", "quote": full[:5], "match": full[:5], "start": 0, "end": 5, "weight": 1.0}]

    def proba_normed(self, normed):
        return 1.0


GENUINE_VERIFIED = """From: Votre Assurance Maladie <assurance-maladie@info.ameli.fr>
Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=info.ameli.fr; dkim=pass header.d=info.ameli.fr; dmarc=pass header.from=info.ameli.fr
Subject: Votre remboursement
Content-Type: text/plain; charset=utf-8

Bonjour, un remboursement de 23,40 euros a ete effectue. URGENT : consultez votre compte sur https://www.ameli.fr.
"""


def test_model_never_makes_a_verified_official_message_a_scam():
    with use_model(_Always()):
        r = analyze_record({"channel": "email", "raw": GENUINE_VERIFIED})
        assert r.verified_sender
        assert r.verdict != "scam"
        assert not [s for s in r.signals if s.category == "model"]
        # official SMS sender, official link: wording alone does not outweigh them
        r = analyze_record({"channel": "sms", "sender": "38663", "text": "ASSURANCE MALADIE : gagnez vite, urgent, cliquez https://www.ameli.fr"})
        assert not [s for s in r.signals if s.category == "model"]
        # alone, the model makes a message at most suspicious, and only one that claims the brand
        r = analyze_text("AMELI : bonjour, rappelez-moi ce soir", channel="sms")
        assert r.verdict == "suspicious" and "model" in [s.category for s in r.signals]
        r = analyze_text("Bonjour, rappelez-moi ce soir", channel="sms", sender="+33612345678")
        assert r.verdict == "no_red_flags" and not r.signals


def test_weight_is_modest():
    assert weight_for(0.7, 0.7) == 0.15 and weight_for(1.0, 0.7) == 0.35 and weight_for(0.85, 0.7) == 0.25


def test_shipped_artifact_matches_its_training_time_predictions():
    m = load_model(ARTIFACT)
    if m is None:
        pytest.skip("no shipped model (build it with: demasque model train)")
    assert m.meta["checks"]
    for c in m.meta["checks"]:
        assert abs(m.proba_normed(c["text"]) - c["proba"]) < 1e-9
    info = model_info()
    assert info and info["version"] == m.version and m.meta["seed"] == 20240705


def test_dataset_eval_runs_on_a_tiny_fixture(tmp_path, monkeypatch, capsys):
    from demasque.model import evaluate_datasets as ev
    uci = tmp_path / "uci-sms-spam"
    uci.mkdir()
    lines = [f"spam\t{t} {i}" for i in range(3) for t in SPAM] + [f"ham\t{t} {i}" for i in range(3) for t in HAM]
    (uci / "SMSSpamCollection").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    recs = [{"id": f"c{i}", "channel": "sms", "text": t, "label": "scam"} for i, t in enumerate(SPAM)] + \
           [{"id": f"g{i}", "channel": "sms", "text": t, "label": "genuine"} for i, t in enumerate(HAM)]
    (corpus / "sms.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    monkeypatch.setenv("DEMASQUE_SHARED_DATA", str(tmp_path))
    monkeypatch.setattr(ev, "Params", lambda: TINY)
    res = ev.run(["uci", "smishing", "corpus"], corpus=[str(corpus)], params=TINY, folds=3)
    assert [r.dataset for r in res] == ["uci", "corpus"]
    for r in res:
        assert set(r.systems) == {"rules", "model", "combined"}
        for row in r.systems.values():
            assert 0 <= row["precision"] <= 1 and 0 <= row["fpr"] <= 1 and row["n"] > 0
    table = ev.format_table(res)
    assert "uci" in table and "combined" in table and "F1" in table
