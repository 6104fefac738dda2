"""Scorer and verdict semantics."""
from demasque import analyze_record
from demasque.scoring import score

GENUINE_WARNING = """From: Votre Assurance Maladie <assurance-maladie@info.ameli.fr>
Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=info.ameli.fr; dkim=pass header.d=info.ameli.fr; dmarc=pass header.from=info.ameli.fr
Subject: Attention aux messages frauduleux
Content-Type: text/plain; charset=utf-8

Bonjour,
Des escrocs envoient de faux SMS et courriels au nom de l'Assurance Maladie.
L'Assurance Maladie ne vous demandera jamais vos coordonnées bancaires, votre mot de passe ou votre numéro de sécurité sociale par courriel ou SMS.
Ne cliquez pas sur les liens de ces messages. En cas de doute, connectez-vous vous-même à votre compte ameli sur https://www.ameli.fr.
Votre carte Vitale n'expire pas : sa mise à jour est gratuite en pharmacie.
L'Assurance Maladie
"""


def sig(w, cat="lure", strong=False):
    return {"weight": w, "category": cat, "strong": strong}


def test_noisy_or_and_thresholds():
    assert score([], False) == (0.0, "no_red_flags", [])
    assert score([sig(0.5)], False)[:2] == (0.5, "suspicious")
    assert score([sig(0.5), sig(0.6)], False)[:2] == (0.8, "scam")
    assert score([sig(0.8, "link", strong=True)], False)[1] == "scam"
    assert score([sig(0.7, "link", strong=True)], False)[1] == "suspicious"  # below the strong weight


def test_verified_official_sender_is_never_a_scam_on_text():
    # proof beats words: only what the brand never does counts, and at most "suspicious"
    never = sig(0.9, "data_request", strong=True) | {"never": True}
    assert score([never], True)[:2] == (0.9, "suspicious")
    assert score([sig(0.5), sig(0.6)], True) == (0.0, "no_red_flags", [])
    assert score([never, sig(0.6)], True)[2] == [0]


def test_soft_signals_alone_never_flag_with_official_links():
    soft = [sig(0.5) | {"soft": True}, sig(0.45, "urgency") | {"soft": True}]
    assert score(soft, False, links_official=True)[1] == "no_red_flags"
    assert score(soft, False, links_official=False)[1] == "suspicious"
    # a false claim ("your card expires") is not soft: it flags
    assert score([sig(0.6)], False, links_official=True)[1] == "suspicious"
    # soft words beside something asked still count
    assert score(soft + [sig(0.85, "data_request", strong=True)], False, links_official=True)[1] == "scam"


def test_model_alone_never_makes_scam_is_ignored_when_verified_and_needs_a_claim():
    assert score([sig(0.99, "model")], False)[1] == "suspicious"
    assert score([sig(0.99, "model")], True)[1] == "no_red_flags"
    assert score([sig(0.99, "model")], False, claim=False)[1] == "no_red_flags"
    assert score([sig(0.3, "model"), sig(0.5)], False, claim=False)[1] == "suspicious"
    # every link official: the model alone says nothing; no link at all: it may flag a claim
    assert score([sig(0.99, "model")], False, links_official=True, has_links=True)[1] == "no_red_flags"
    assert score([sig(0.99, "model")], False, links_official=True, has_links=False)[1] == "suspicious"


def test_a_genuine_warning_is_not_read_as_a_request():
    r = analyze_record({"channel": "email", "raw": GENUINE_WARNING})
    assert r.verified_sender
    assert r.verdict == "no_red_flags", [(s.rule, s.evidence) for s in r.signals]


def test_same_words_as_a_request_are_a_scam():
    raw = GENUINE_WARNING.replace("assurance-maladie@info.ameli.fr", "info@ameli-assure.net").replace(
        "L'Assurance Maladie ne vous demandera jamais vos coordonnées bancaires, votre mot de passe ou votre numéro de sécurité sociale par courriel ou SMS.",
        "Merci de confirmer vos coordonnées bancaires et votre mot de passe sous 24h.")
    r = analyze_record({"channel": "email", "raw": raw})
    rules = {s.rule for s in r.signals}
    assert r.verdict == "scam"
    assert {"data.bank_details", "data.password_or_code", "sender.lookalike_domain"} <= rules


def test_official_sms_with_official_link_has_no_red_flags():
    r = analyze_record({"channel": "sms", "sender": "38663",
                        "text": "ASSURANCE MALADIE: votre attestation de droits est disponible dans votre compte ameli: https://assure.ameli.fr"})
    assert r.verdict == "no_red_flags"


def test_same_sms_with_a_lookalike_link_is_scam():
    r = analyze_record({"channel": "sms", "sender": "38663",
                        "text": "ASSURANCE MALADIE: votre attestation de droits est disponible dans votre compte ameli: https://assure-ameli.fr.co"})
    assert r.verdict == "scam"


def test_verified_newsletter_may_link_to_its_social_pages():
    raw = GENUINE_WARNING.replace("L'Assurance Maladie\n", "Suivez-nous : https://www.facebook.com/AssuranceMaladie et https://x.com/Assur_Maladie\n")
    r = analyze_record({"channel": "email", "raw": raw})
    assert r.verdict == "no_red_flags", [(s.rule, s.evidence) for s in r.signals]
    spoofed = raw.replace("dmarc=pass", "dmarc=fail").replace("spf=pass", "spf=fail")
    assert analyze_record({"channel": "email", "raw": spoofed}).verdict == "scam"
