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


OFFICIAL_HEAD = ("From: Assurance Maladie <assurance-maladie@info.ameli.fr>\n"
                 "Authentication-Results: mx.example.org; spf=pass; dkim=pass header.d=info.ameli.fr; dmarc=pass header.from=info.ameli.fr\n"
                 "Subject: {subject}\n\n")


def test_from_the_proven_brand_what_is_asked_counts_only_when_it_is_to_be_sent_back():
    # what is asked must go somewhere: with only the brand's own links, a line misread as asking
    # (a table's "never" column kept on separate lines) has nowhere to send it
    table = OFFICIAL_HEAD.format(subject="Ce que nous faisons") + (
        "Ce que nous faisons  |  Ce que nous ne faisons jamais\n"
        "Nous vous envoyons un code quand vous vous connectez.\n"
        "Vous demander votre identifiant ou votre mot de passe ameli.\n"
        "Nous fabriquons gratuitement votre carte Vitale.\n"
        "Vous faire payer des frais d'envoi pour votre carte Vitale.\n"
        "Votre compte : https://www.ameli.fr")
    assert analyze_record({"channel": "email", "raw": table}).verdict == "no_red_flags"
    # asked to be sent back by reply or by phone: what the guidance says the brand never does
    reply = OFFICIAL_HEAD.format(subject="Dossier") + "Merci de nous transmettre votre RIB et votre mot de passe en reponse a ce message."
    r = analyze_record({"channel": "email", "raw": reply})
    assert r.verdict == "suspicious" and {"data.bank_details", "data.password_or_code"} & {s.rule for s in r.signals}
    # a code received by SMS and typed in the app is no sending back
    app = OFFICIAL_HEAD.format(subject="Appli carte Vitale") + (
        "Pour activer l'appli carte Vitale :\n- saisissez le code recu par SMS dans l'ecran prevu ;\n"
        "- choisissez votre code secret.\nNous ne vous demanderons jamais ce code par telephone.")
    assert analyze_record({"channel": "email", "raw": app}).verdict == "no_red_flags"


def test_a_tables_cell_is_denied_by_its_columns_heading():
    table = ("What we do  |  What we never do\n"
             "Send you a one-time code when you log in.  |  Ask you to give us that code.\n"
             "Invite you to check your bank details in your account.  |  Ask for your full bank details by e-mail, text or phone.\n")
    r = analyze_record({"channel": "email", "raw": "From: Assurance Maladie <info@ameli-example.net>\nSubject: Info\n\n" + table})
    assert not {"data.bank_details", "data.password_or_code"} & {s.rule for s in r.signals}
    # the same asks, in the column that does them
    table2 = table.replace("What we do  |  What we never do", "What we never do  |  What we do")
    r2 = analyze_record({"channel": "email", "raw": "From: Assurance Maladie <info@ameli-example.net>\nSubject: Info\n\n" + table2})
    assert {"data.bank_details"} & {s.rule for s in r2.signals}


def test_a_fake_message_shown_under_its_label_is_the_scams_words():
    raw = OFFICIAL_HEAD.format(subject="Exemple de faux e-mail") + (
        "Voici a quoi ressemble un faux e-mail, pour vous aider a reperer les pieges.\n\n[ FAUX E-MAIL ]\n\n"
        "Cher assure, vous beneficiez d'un remboursement de 213,70 EUR. Validez votre dossier avant 48h :\n\n"
        "https://ameli-remboursement-exemple.com/valider\n\nLe Service Client Ameli\n\n"
        "Les indices qui trahissent la fraude :\n- l'adresse du lien n'est pas ameli.fr.\n")
    r = analyze_record({"channel": "email", "raw": raw})
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]
    # the same words with no label: the link is offered
    r2 = analyze_record({"channel": "email", "raw": raw.replace("[ FAUX E-MAIL ]", "Votre dossier")})
    assert r2.verdict != "no_red_flags"
