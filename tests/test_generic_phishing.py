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


@pytest.mark.parametrize("shown,brand", [("CreditAgri", "Crédit Agricole"), ("BNPPARIBAS", "BNP Paribas"),
                                         ("Chronopost", "Chronopost"), ("Sophie via OneDrive", "Microsoft")])
def test_a_shown_name_or_a_cut_sender_id_names_the_brand(shown, brand):
    from demasque.extract.brands import brand_named
    assert brand_named(shown)["name"] == brand


@pytest.mark.parametrize("shown", ["Ma Banque en ligne", "Banque", "Pharmacie du Centre", "ORANGEBLEUE"])
def test_ordinary_names_are_no_brand(shown):
    from demasque.extract.brands import brand_named
    assert brand_named(shown) is None


def test_the_brands_words_from_a_sender_id_catch_its_combosquat():
    # "BNPPARIBAS" speaks; bnp-cle-digitale.fr is its word with a device key's words added
    r = {"channel": "sms", "sender": "BNPPARIBAS", "text": "Votre Cle Digitale expire aujourd'hui. Reactivez-la : https://bnp-cle-digitale.fr/activation"}
    assert "link.speaker_combosquat" in rules(r)
    # the brand's own site, named as the sender is, takes a fee as its bill (DHL's duties)
    dhl = {"channel": "sms", "sender": "DHL", "text": "DHL Express : droits de douane de 18,62 EUR a regler pour votre envoi 1234567890 : https://del.dhl.com/fr/pay"}
    assert "payment.fee_by_link" not in rules(dhl)
    elsewhere = dict(dhl, text=dhl["text"].replace("del.dhl.com", "dhl-douane-frais.com"))
    assert "payment.fee_by_link" in rules(elsewhere)


def test_glued_phishing_words_count_as_added_words():
    from demasque.extract import generic_set
    from demasque.extract.claim import action_word
    action = generic_set("action_words")
    assert action_word("securepay", action) and action_word("verifcompte", action) and action_word("pay24", action)
    assert not any(action_word(w, action) for w in ("lesacacias", "dentalia", "paris", "sante"))


def test_a_free_hosts_page_is_no_official_link_even_from_the_brands_sms_number():
    # the official short code can be spoofed; a page anyone can put up is not the brand's site
    from demasque.api import analyze_record
    r = analyze_record({"channel": "sms", "sender": "38663", "text": "ASSURANCE MALADIE: Votre dossier presente une irregularite. "
                        "Afin d'eviter la suspension de vos droits, merci de verifier vos informations : https://assure-ameli.weebly.com"})
    assert r.verdict == "scam", [s.rule for s in r.signals]
    # the same message with the brand's own link stays unflagged
    r = analyze_record({"channel": "sms", "sender": "38663", "text": "ASSURANCE MALADIE : une nouvelle attestation est disponible "
                        "dans votre compte ameli : https://www.ameli.fr"})
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]


def test_the_authenticated_senders_own_domain_is_counted_once_not_again_for_its_links():
    from demasque.api import analyze_eml
    body = ("Subject: Votre commande\n\nBonjour, votre commande 48213 est partie. Votre compte client : "
            "https://www.pharmadirect-france.fr/compte?utm_source=newsletter\nPharmaDirect")
    proven = ("From: PharmaDirect <commandes@pharmadirect-france.fr>\n"
              "Authentication-Results: mx.example.fr; dkim=pass header.d=pharmadirect-france.fr; "
              "dmarc=pass header.from=pharmadirect-france.fr\n" + body)
    r = analyze_eml(proven.encode())
    rules = {s.rule for s in r.signals}
    assert rules == {"sender.speaker_combosquat"} and r.verdict == "suspicious", (r.verdict, rules)


def test_a_speakers_name_misspelt_beside_a_phishers_word_is_a_combosquat():
    for sender, text in (("NETFLIX", "Netflix : abonnement suspendu. Mettez a jour votre paiement : https://netflx-compte.example/fr"),
                         ("PayPal", "PayPal : compte limite. Confirmez votre identite : https://paypa1-securite.example/verif")):
        assert "link.speaker_combosquat" in rules({"channel": "sms", "sender": sender, "text": text})
    # a town's family portal whose service's name is in plural, beside another of its own names
    raw = ("From: Portail Famille - Ville Exemple <portail-famille@ville-exemple.fr>\nSubject: Facture\n\n"
           "Votre facture est disponible. Paiement en ligne : https://ville-exemple.portail-familles.example\nPortail Famille")
    assert "link.speaker_combosquat" not in rules({"channel": "email", "raw": raw})


def test_a_free_hosts_page_named_as_a_small_shop_is_its_own():
    raw = ("From: Fleurs Exemple <contact@fleursexemple.fr>\nSubject: Fete des grands-meres\n\n"
           "Livraison a domicile (frais de livraison : 6 EUR). Commander : https://fleursexemple.my.canva.site/commande\nFleurs Exemple")
    assert "link.free_host_action" not in rules({"channel": "email", "raw": raw})
    # a well-known brand has no page there
    sms = {"channel": "sms", "sender": "CHRONOPOST", "text": "Chronopost : frais de nouvelle presentation 1,45 EUR : https://chronopost.pages.dev/fr"}
    assert "link.free_host_action" in rules(sms)
