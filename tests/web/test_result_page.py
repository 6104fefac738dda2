"""The result page through TestClient (no browser): the explanations and the after-the-fact
situations one tap away, what an authenticated sender proves, a call spoken of as a call, and the
public sources of the report shown as links (internal keys never)."""
from __future__ import annotations

import copy
import html as htmlmod
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lhtml

from demasque.web import Settings, create_app

FIXTURES = Path(__file__).parent / "fixtures"
SCAM_SMS = ("Assurance Maladie: votre carte Vitale expire, mettez-la a jour avant le 30/11: "
            "https://ameli-vitale.info ou appelez le 0899 12 34 56")
CALL = {"caller": "09 70 12 34 56", "callback_number": "0899 12 34 56", "claimed_identity": "assurance_maladie",
        "asked": ["password"], "pressure": "yes", "notes": "Elle voulait mon mot de passe ameli"}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)


def doc(r):
    assert r.status_code == 200, r.text[:300]
    return lhtml.fromstring(r.text)


def text_of(el) -> str:
    return " ".join(el.text_content().split())


def test_each_explanation_and_each_situation_is_one_tap_away(client):
    d = doc(client.post("/check", data={"text": SCAM_SMS, "channel": "sms"}))
    signals = d.xpath("//li[starts-with(@id, 'sig-')]")
    assert len(signals) >= 3
    for li in signals:
        det = li.xpath("./details")
        assert len(det) == 1 and det[0].get("open") is None        # closed: the title shows, the rest is a tap away
        assert det[0].xpath("./summary") and len(text_of(det[0])) > len(text_of(det[0].xpath("./summary")[0]))
    after = d.xpath("//section[@id='after']//details")
    assert after and all(x.get("open") is None for x in after)


def test_the_three_first_actions_follow_the_message(client):
    d = doc(client.post("/check", data={"text": SCAM_SMS, "channel": "sms"}))
    main = d.xpath("//main")[0]
    kids = [c for c in main if c.tag in ("section", "p")]
    classes = [c.get("class", "") for c in kids]
    assert classes[0].startswith("verdict") and "msg-card" in classes[1] and "todo-card" in classes[2]
    actions = d.xpath("//ol[@class='first-actions']/li")
    assert len(actions) == 3
    hrefs = [a.get("href") for a in d.xpath("//ol[@class='first-actions']//a")]
    assert hrefs == ["sms:33700", "tel:3646"]
    assert "Ne cliquez sur aucun lien" in text_of(actions[0])


def test_an_authenticated_official_sender_is_said_beside_the_verdict(client):
    genuine = client.post("/upload", files={"file": ("m.eml", (FIXTURES / "genuine_ameli.eml").read_bytes(), "message/rfc822")})
    d = doc(genuine)
    proof = d.xpath("//section[@class='proof']")
    assert len(proof) == 1
    words = text_of(proof[0])
    assert "a vérifié qu'il vient bien d'une adresse officielle de l'Assurance Maladie" in words
    assert "Cela prouve" in words and "Cela ne prouve pas" in words
    # right after the verdict, and the "a sender can be spoofed" note is not said against the proof
    verdict = d.xpath("//section[contains(@class, 'verdict ')]")[0]
    assert verdict.getnext() is proof[0]
    assert "peut être usurpé" not in text_of(verdict)
    # an unauthenticated e-mail says nothing of the kind
    scam = doc(client.post("/upload", files={"file": ("m.eml", (FIXTURES / "scam_ameli.eml").read_bytes(), "message/rfc822")}))
    assert not scam.xpath("//section[@class='proof']")
    en = doc(client.post("/upload", data={"lang": "en"}, files={"file": ("m.eml", (FIXTURES / "genuine_ameli.eml").read_bytes(), "message/rfc822")}))
    assert "It does not prove" in text_of(en.xpath("//section[@class='proof']")[0])


def test_a_call_is_spoken_of_as_a_call(client):
    r = client.post("/call", data=CALL)
    d = doc(r)
    page = text_of(d.xpath("//main")[0])
    assert "Cet appel présente des signes sûrs d'arnaque" in page
    assert "Ce message" not in page and "Votre message" not in page and "Expéditeur" not in page
    assert "Votre appel" in page and "Appelant" in page and "pendant l'appel" in page
    assert "Vous avez déjà cliqué" not in page
    # the caller's number is marked and leads to its explanation; situations fit a call (no link to click)
    assert d.xpath("//mark[@id='ev-sender']") and "09 70 12 34 56" in text_of(d.xpath("//mark[@id='ev-sender']")[0])
    assert "J'ai cliqué sur le lien" not in page
    en = text_of(doc(client.post("/call", data={**CALL, "lang": "en"})).xpath("//main")[0])
    assert "This call shows sure signs of a scam" in en and "Your call" in en and "Your message" not in en


def test_a_genuine_call_without_after_steps_gets_the_call_situations_only(client):
    page = text_of(doc(client.post("/call", data={"caller": "3646", "claimed_identity": "cpam"})).xpath("//main")[0])
    assert "Aucun signe d'arnaque n'a été trouvé dans votre description" in page
    assert "J'ai cliqué sur le lien" not in page and "J'ai payé" in page


def _with_new_sources(report: dict) -> dict:
    """The report as the public-sources change writes it: `sources` on signals and steps, a readable
    `reference`; one signal keeps an old internal reference."""
    r = copy.deepcopy(report)
    r["signals"][0]["sources"] = [{"title": "ameli.fr — Attention aux tentatives de fraude",
                                   "url": "https://www.ameli.fr/assure/actualites/fraude"}]
    r["signals"][0]["reference"] = "L'Assurance Maladie n'envoie jamais de lien pour mettre à jour la carte Vitale."
    r["signals"][1]["reference"] = "seed_fr: « quote »"
    r["signals"][1]["sources"] = [{"title": "", "url": "javascript:alert(1)"}]
    for b in r["after"]:
        for st in b["steps"]:
            st["sources"] = [{"title": "service-public.fr — Escroquerie", "url": "https://www.service-public.fr/particuliers/vosdroits/F34800"}]
    return r


def test_new_public_sources_are_links_and_internal_keys_never_shown(client, monkeypatch):
    import demasque.web.pages as pages
    real = pages.analyse_message
    monkeypatch.setattr(pages, "analyse_message", lambda msg, lang: (lambda m, rep: (m, _with_new_sources(rep)))(*real(msg, lang)))
    r = client.post("/check", data={"text": SCAM_SMS, "channel": "sms"})
    d = doc(r)
    sig1 = d.xpath("//li[@id='sig-1']")[0]
    links = sig1.xpath(".//a[@class='source']")
    assert [(a.get("href"), a.text) for a in links] == [("https://www.ameli.fr/assure/actualites/fraude",
                                                         "ameli.fr — Attention aux tentatives de fraude")]
    assert links[0].get("rel") == "noopener noreferrer"
    assert "n'envoie jamais de lien" in text_of(sig1)
    sig2 = d.xpath("//li[@id='sig-2']")[0]
    assert "seed_" not in text_of(sig2) and not sig2.xpath(".//a[@class='source']")   # nor a javascript: link
    step_links = d.xpath("//section[@id='after']//a[@class='source']/@href")
    assert step_links and set(step_links) == {"https://www.service-public.fr/particuliers/vosdroits/F34800"}


@pytest.mark.parametrize("route,data", [("/check", {"text": SCAM_SMS, "channel": "sms"}), ("/call", CALL),
                                        ("/number", {"number": "0899 12 34 56"}), ("/link", {"link": "ameli-remboursement.com"})])
def test_no_page_shows_a_source_key_or_a_repository_path(client, route, data):
    page = htmlmod.unescape(client.post(route, data=data).text)
    assert not re.search(r"seed_|shared/|\.txt\b|knowledge \d", page)
