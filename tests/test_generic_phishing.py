"""Phishing of any brand, judged by what it does: a kit on a free host, the victim's address in the
link, the speaker's name glued to phishing words (rules/detectors.py, extract/claim.py)."""
import pytest

from demasque import analyze_record
from demasque.extract.claim import name_tokens
from demasque.rules.detectors import _carries_address


def rules(rec):
    return {s.rule for s in analyze_record(rec).signals}


@pytest.mark.parametrize("url", [
    "https://login-verif.example/?email=jean.exemple%40example.fr",
    "https://docs.example/index.html#amVhbi5leGVtcGxlQGV4YW1wbGUuZnI=",      # base64 of the address
    "https://docs.example/v?u=amVhbi5leGVtcGxlQGV4YW1wbGUuZnI",               # unpadded
])
def test_a_link_carrying_an_address(url):
    assert _carries_address(url)


@pytest.mark.parametrize("url", [
    "https://lettres.example/unsubscribe?email=jean.exemple@example.fr",      # an unsubscribe link
    "https://www.journal-exemple.fr/article?id=42&utm_source=newsletter",
    "https://docs.example/index.html#section-2",
    "https://docs.example/v?token=c29tZSByYW5kb20gYnl0ZXMgaGVyZQ",             # base64 of no address
])
def test_a_link_carrying_no_address(url):
    assert not _carries_address(url)


def test_a_signature_names_the_organisation_after_its_team():
    toks = name_tokens(["l'equipe france travail"])
    assert "francetravail" in toks
    assert "servicesante" in name_tokens(["service sante"])      # the glued name as shown is kept


def test_a_cloud_bucket_page_for_a_shared_document_is_a_kits():
    raw = ("From: Cabinet Exemple <secretariat@cabinet-exemple.fr>\nSubject: Document\n\n"
           "Cabinet Exemple a partage un fichier avec vous.\n"
           "Ouvrir : https://docs-partage.s3.eu-west-3.amazonaws.com/index.html#amVhbi5leGVtcGxlQGV4YW1wbGUuZnI=")
    r = analyze_record({"channel": "email", "raw": raw})
    assert {"link.free_host_action", "link.address_in_link"} <= {s.rule for s in r.signals}
    assert r.verdict == "scam"


def test_a_club_page_on_a_free_host_with_nothing_to_do_there_is_fine():
    raw = ("From: Club de Judo <contact@judo-exemple.fr>\nSubject: Gala\n\n"
           "Bonjour, le programme du gala est en ligne : https://judo-exemple.github.io/gala\nA samedi !")
    assert analyze_record({"channel": "email", "raw": raw}).verdict == "no_red_flags"


def test_a_signature_team_name_glued_to_phishing_words_in_the_link():
    text = ("France Travail\n\nBonjour,\nVotre dossier est incomplet. Vos allocations sont suspendues.\n"
            "Completez votre dossier : https://francetravail-dossier-maj.com/connexion\n\nL'equipe France Travail")
    assert "link.speaker_combosquat" in rules({"channel": "text", "text": text})
