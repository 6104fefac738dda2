"""The person's message: each piece of rule evidence is ONE continuous mark linked to its
explanation; the learned model's n-grams never cut or hide it (they are listed in the model's
explanation, not marked in the message)."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from demasque.web import highlight
from demasque.web.app import Settings, create_app

TEXT = "Votre carte Vitale expire : https://ameli-vitale.info ou appelez le 0899 12 34 56"
LINK = "https://ameli-vitale.info"
PHONE = "0899 12 34 56"


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)


def _at(sub: str) -> tuple[int, int]:
    i = TEXT.index(sub)
    return i, i + len(sub)


def _signals() -> list[dict]:
    ls, le = _at(LINK)
    ps, pe = _at(PHONE)
    vs, ve = _at("Vitale")
    return [
        {"rule": "link.lookalike", "category": "link", "evidence": [{"where": "link", "match": LINK, "start": ls, "end": le}]},
        {"rule": "phone.callback_surcharged", "category": "phone", "evidence": [{"where": "phone", "match": PHONE, "start": ps, "end": pe}]},
        # the model's n-grams lie inside the rules' evidence: "https", "0899", "12", and a word of its own
        {"rule": "model.text", "category": "model", "evidence": [
            {"where": "text", "quote": "https", "match": "https", "start": ls, "end": ls + 5},
            {"where": "text", "quote": "0899", "match": "0899", "start": ps, "end": ps + 4},
            {"where": "text", "quote": "12", "match": "12", "start": ps + 5, "end": ps + 7},
            {"where": "text", "quote": "Vitale", "match": "vitale", "start": vs, "end": ve}]},
    ]


def _marks(segs: list[dict]) -> list[dict]:
    return [s for s in segs if s["mark"]]


def test_rule_evidence_overlapped_by_model_ngrams_is_one_intact_mark():
    segs = highlight.segments(TEXT, highlight.spans_for(TEXT, _signals(), "text"))
    assert "".join(s["text"] for s in segs) == TEXT                 # nothing lost, nothing doubled
    marks = _marks(segs)
    assert [(m["text"], m["category"], m["refs"]) for m in marks] == [(LINK, "link", [1]), (PHONE, "phone", [2])]
    assert all(m["anchor"] for m in marks)                           # each mark is a target of "see in the message"


def test_model_ngrams_are_not_marked_even_outside_rule_evidence():
    spans = highlight.spans_for(TEXT, _signals(), "text")
    assert {s["sig"] for s in spans} == {1, 2}
    assert "Vitale" not in [m["text"] for m in _marks(highlight.segments(TEXT, spans))]


def test_overlapping_rule_evidence_is_merged_into_one_mark_with_every_number():
    signals = [{"category": "link", "evidence": [{"where": "link", "start": 28, "end": 53}]},
               {"category": "lure", "evidence": [{"where": "text", "start": 6, "end": 33}]}]
    segs = highlight.segments(TEXT, highlight.spans_for(TEXT, signals, "text"))
    marks = _marks(segs)
    assert len(marks) == 1 and marks[0]["text"] == TEXT[6:53] and marks[0]["refs"] == [1, 2]
    assert marks[0]["category"] == "link"                            # the heaviest signal (first) gives the colour
    assert {marks[0]["anchor"], *marks[0]["extra_anchors"]} == {"ev-text-1-1", "ev-text-2-1"}


def test_result_page_lists_the_model_words_in_its_explanation(client):
    html = client.post("/check", data={"text": "Assurance Maladie: votre carte Vitale expire, mettez-la a jour avant le 30/11: "
                                                "https://ameli-vitale.info ou appelez le 0899 12 34 56",
                                       "channel": "sms", "sender": "+33612345678", "lang": "fr"}).text
    body = re.search(r'<div class="msg-body"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "ev-model" not in body
    assert re.search(r'<mark class="ev ev-link" id="ev-text-\d+-1">https://ameli-vitale.info</mark><a class="ref"', body)
    assert re.search(r'<mark class="ev ev-phone" id="ev-text-\d+-1">0899 12 34 56</mark><a class="ref"', body)
    model = re.search(r'<li id="sig-\d+" class="signal signal-model">.*?</li>', html, re.S)
    if model:                                                        # the model is shipped and fired
        assert "Mots qui ont le plus pesé" in model.group(0) and "pas surlignés" in model.group(0)
