"""Login notifications: recognised, the sender checked exactly, and the "I did not log in" steps given."""
from demasque import analyze_eml

GENUINE = (b"From: Votre Assurance Maladie <assurance-maladie@info.ameli.fr>\nSubject: Votre compte ameli - Information de connexion\n\n"
           b"Bonjour, une connexion a eu lieu sur votre compte ameli le 03/03/2025 a 10h12.")
FAKE = (b"From: Votre Assurance Maladie <alerte@ameli-securite.com>\nSubject: Votre compte ameli - Information de connexion\n\n"
        b"Une connexion a eu lieu. Si ce n'est pas vous, cliquez ici : https://ameli-securite.com/bloquer")
OTHER_OFFICIAL = (b"From: Votre Assurance Maladie <securite@ameli.fr>\nSubject: Votre compte ameli - Information de connexion\n\n"
                  b"Une connexion a eu lieu sur votre compte ameli.")
FC_FAKE = (b"From: FranceConnect <info@franceconnect-alerte.com>\nSubject: Connexion\n\n"
           b"Une connexion avec FranceConnect a eu lieu le 4 aout 2022 a 22h09 sur le site impots.gouv.fr avec votre compte.")


def rules(d):
    return {s["rule"] for s in d["signals"]}


def test_genuine_notification_no_flags_but_did_not_log_in_steps():
    d = analyze_eml(GENUINE).to_dict()
    assert d["verdict"] == "no_red_flags" and not rules(d)
    assert [b["situation"] for b in d["after"]] == ["did_not_log_in"]
    steps = " ".join(s["text"] for s in d["after"][0]["steps"])
    assert "mot de passe" in steps and "coordonnées bancaires" in steps and "CPAM" in steps


def test_fake_notification_is_a_scam():
    d = analyze_eml(FAKE).to_dict()
    assert d["verdict"] == "scam" and "connection.sender_unofficial" in rules(d)
    assert d["after"][0]["situation"] == "did_not_log_in"


def test_official_domain_but_not_the_exact_address():
    d = analyze_eml(OTHER_OFFICIAL).to_dict()
    assert "connection.sender_not_exact" in rules(d) and d["verdict"] != "scam"


def test_english_notification_and_steps():
    raw = GENUINE.replace(b"Votre compte ameli - Information de connexion", b"Your ameli account - Connection information")
    d = analyze_eml(raw, lang="en").to_dict()
    assert d["after"] and d["after"][0]["title"].startswith("I got a login notification")


def test_franceconnect_notification_from_elsewhere():
    d = analyze_eml(FC_FAKE).to_dict()
    assert "connection.franceconnect_sender" in rules(d)
    assert d["after"][0]["situation"] == "did_not_log_in"


def test_ordinary_mail_is_not_a_notification():
    d = analyze_eml(b"From: Votre Assurance Maladie <assurance-maladie@info.ameli.fr>\nSubject: Information de paiement\n\n"
                    b"Un ou plusieurs paiements ont ete effectues. Consultez votre compte ameli.").to_dict()
    assert all(b["situation"] != "did_not_log_in" for b in d["after"])
