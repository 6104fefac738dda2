"""Speech acts: what a sentence does with the words a rule found (request, warning, denial ...)."""
from pathlib import Path

import pytest

from demasque.extract.textnorm import norm
from demasque.rules import speech

ROWS = [line.split("\t") for line in (Path(__file__).parent / "data" / "speech_acts.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")]
# a warning and a report are both "not the message asking": the second is told apart where it can be
SAME = {"reported": {"reported", "warning"}, "warning": {"warning", "reported"}}


def _act(sentence: str, words: str, **kw) -> str:
    n = norm(sentence)
    i = n.find(norm(words))
    assert i >= 0, (words, sentence)
    return speech.act(n, i, i + len(words), **kw)


@pytest.mark.parametrize("want,words,sentence", ROWS, ids=[f"{r[0]}:{r[2][:40]}" for r in ROWS])
def test_act(want, words, sentence):
    assert _act(sentence, words) in SAME.get(want, {want})


def test_a_call_account_keeps_what_the_caller_asked():
    # in a person's account of a call, their doubt ("une arnaque ?") is no warning
    s = "Il m'a demandé mon mot de passe, je crois que c'était une arnaque."
    assert _act(s, "mot de passe") == "warning"
    assert _act(s, "mot de passe", narration=True) in ("reported", "statement", "request")
    assert _act("Il ne m'a pas demandé mon mot de passe.", "mot de passe", narration=True) == "negated"


def test_tight_negation_only_right_before_the_words():
    s = "Sans validation de votre part sous 48h, le remboursement sera annulé."
    assert _act(s, "sous 48h", tight=True) != "negated"
    assert _act("Ce n'est pas urgent.", "urgent", tight=True) == "negated"


def test_the_parser_is_loaded_once_and_only_for_ambiguous_sentences(monkeypatch):
    calls = []
    monkeypatch.setattr(speech, "_parse", lambda *a: calls.append(a) or None)
    _act("Envoyez-nous votre RIB pour recevoir votre remboursement.", "RIB")
    assert not calls                      # a plain imperative never waits for the parser
    _act("Vous n'avez plus besoin de nous envoyer votre RIB.", "RIB")
    _act("Des inconnus se présentent comme conseillers et réclament aussi votre RIB.", "RIB")
    assert len(calls) == 2                # a negation or a third-person subject may need it


def test_without_the_parser_the_lexical_cues_decide(monkeypatch):
    monkeypatch.setattr(speech, "_parse", lambda *a: None)
    assert _act("Il ne m'a demandé ni mon mot de passe ni mon RIB.", "RIB") == "negated"
    assert _act("Envoyez-nous votre RIB.", "RIB") == "request"


def test_only_sentences_of_ordinary_length_are_kept():
    # a hostile 200,000-character sentence must not be held in the cache of sentence cues
    from demasque.rules import speech
    speech._kept_cues.cache_clear()
    short = "merci de nous envoyer votre rib"
    long = "merci de nous envoyer votre rib " + "et votre rib " * 400
    assert speech.act(short, 28, 31) == speech.act(short, 28, 31) == "request"
    assert speech._kept_cues.cache_info().currsize == 1
    assert speech.act(long, 28, 31) == "request"
    assert speech._kept_cues.cache_info().currsize == 1 and len(long) > speech._CUES_KEPT


def test_the_brand_as_a_label_is_not_who_asks_when_a_message_is_the_subject():
    from demasque.profile import default_profile
    words = default_profile().speaker_re
    told = norm("ASSURANCE MALADIE : un SMS vous demande de payer des frais pour votre carte Vitale ?")
    asked = norm("L'Assurance Maladie vous demande de payer des frais pour votre carte Vitale.")
    for sentence, want in ((told, {"reported", "warning"}), (asked, {"request"})):
        i = sentence.find("payer")
        assert speech.act(sentence, i, i + 5, speaker_words=words) in want, sentence
