"""Who asks matters: "the brand never asks for your RIB" is a clue only when the message speaks for
the brand. An employer, a school or an accountant asks by right (rules/schema.py WithoutClaim)."""
from demasque.adapters import from_record
from demasque.api import analyze, findings
from demasque.rules import load_rules

HR = ("From: Service paie <paie@{sender}>\nTo: vous@exemple.fr\nSubject: Documents pour votre embauche\n"
      "{auth}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
      "Bonjour Nadia,\n\nPour preparer votre premier salaire, merci de nous transmettre votre RIB et votre "
      "numero de securite sociale.\n\nDeposez-les sur {link}\n\nLe service paie\n")


def _mail(sender="scierie-exemple.fr", link="https://rh.scierie-exemple.fr/documents", auth=""):
    return from_record({"channel": "email", "raw": HR.format(sender=sender, link=link, auth=auth)})


def _fired(msg):
    return {s.rule: s for s in findings(msg).signals}


def test_the_rules_that_depend_on_who_asks_say_so_and_the_never_asked_secrets_do_not():
    by_id = {r.id: r for r in load_rules()}
    for rid in ("data.bank_details", "data.social_security_number", "data.tax_number", "data.medical_information"):
        assert by_id[rid].without_claim is not None, rid
    # a card taken to pay a shop, a hotel, a teleconsultation: named as a risk, never a scam alone
    wc = by_id["data.card_number"].without_claim
    assert wc is not None and not wc.strong and wc.weight < 0.75 and not wc.needs_link
    # a password: set aside where one logs in at home; elsewhere a risk named (suspicious alone),
    # a scam beside another sign
    wc = by_id["data.password_or_code"].without_claim
    assert wc.unless_home and not wc.needs_link and not wc.strong and 0.5 < wc.weight < 0.75


def test_an_employer_asking_on_its_own_site_is_not_flagged():
    msg = _mail()
    fired = _fired(msg)
    assert "data.bank_details" not in fired and "data.social_security_number" not in fired
    assert analyze(msg).verdict == "no_red_flags"


def test_the_same_request_towards_a_strangers_site_counts_but_weakly():
    fired = _fired(_mail(link="https://documents-salaire.top/depot"))
    s = fired["data.bank_details"]
    rule = next(r for r in load_rules() if r.id == "data.bank_details")
    assert s.weight == rule.without_claim.weight < rule.weight
    assert not s.strong


def test_an_organisation_that_proves_its_domain_may_use_a_providers_portal():
    # a named sender, authenticated on its own domain, collecting documents on a provider's site
    auth = "Authentication-Results: mx.exemple.fr; dkim=pass header.d=scierie-exemple.fr; dmarc=pass header.from=scierie-exemple.fr\n"
    assert "data.bank_details" not in _fired(_mail(link="https://documents-salaire.top/depot", auth=auth))
    # unproven, the same request on a stranger's site counts (weakly: test above)
    assert "data.bank_details" in _fired(_mail(link="https://documents-salaire.top/depot"))


def test_a_sender_that_fails_dmarc_has_no_home_site():
    auth = "Authentication-Results: mx.exemple.fr; dmarc=fail header.from=scierie-exemple.fr\n"
    assert "data.bank_details" in _fired(_mail(auth=auth))


def test_a_message_speaking_for_the_brand_keeps_the_full_weight():
    msg = from_record({"channel": "sms", "text": "Assurance Maladie : pour recevoir votre remboursement, "
                                                  "envoyez-nous votre RIB en reponse."})
    s = _fired(msg)["data.bank_details"]
    assert s.strong and s.weight == next(r for r in load_rules() if r.id == "data.bank_details").weight
    assert analyze(msg).verdict == "scam"


def test_the_senders_mailing_service_tracker_is_home_and_a_squatted_domain_none():
    # a newsletter's links go through its mailing service's click tracker: home to a sender that
    # proves its domain (fraudsters send through the same services)
    from demasque.extract import extract
    from demasque.profile import get_profile
    auth = "Authentication-Results: mx.exemple.fr; dkim=pass header.d=scierie-exemple.fr; dmarc=pass header.from=scierie-exemple.fr\n"
    tracker = "https://u8812.ct.sendgrid.net/ls/click?upn=x"
    prof = get_profile("assurance_maladie")
    assert extract(_mail(link=tracker, auth=auth), prof).links_away == []
    assert len(extract(_mail(link=tracker), prof).links_away) == 1
    # a domain made of the speaker's name with phishing's words added is no home, even its own
    squat = HR.replace("Service paie <paie@{sender}>", "Scierie Exemple <paie@{sender}>")
    msg = from_record({"channel": "email", "raw": squat.format(
        sender="scierie-exemple-securite.fr", link="https://scierie-exemple-securite.fr/depot", auth="")})
    assert "data.bank_details" in _fired(msg)
    own = from_record({"channel": "email", "raw": squat.format(
        sender="scierie-exemple.fr", link="https://scierie-exemple.fr/depot", auth="")})
    assert "data.bank_details" not in _fired(own)


def test_a_proven_sender_names_its_space_by_one_word_of_its_domain():
    auth = "Authentication-Results: mx.exemple.fr; dkim=pass header.d=groupe-scierie.fr; dmarc=pass header.from=groupe-scierie.fr\n"
    from demasque.extract import extract
    from demasque.profile import get_profile
    link = "https://scierie.sharepoint.com/sites/rh/documents"
    def away(auth):
        return extract(_mail(sender="groupe-scierie.fr", link=link, auth=auth), get_profile("assurance_maladie")).links_away
    assert away(auth) == []
    # unproven, the word alone is no home
    assert [li.host.host for li in away("")] == ["scierie.sharepoint.com"]


def test_the_senders_own_space_on_a_service_is_home():
    # atelier-verdier.fr's payroll at atelier-verdier.paie-en-ligne.fr: its own space
    own = _mail(sender="atelier-verdier.fr", link="https://atelier-verdier.paie-en-ligne.fr/onboarding")
    assert not _fired(own)
    # another name on the same service is a stranger's
    other = _mail(sender="atelier-verdier.fr", link="https://menuiserie-blanc.paie-en-ligne.fr/onboarding")
    assert _fired(other)


PORTAL = ("From: Laboratoire Vernet <resultats@labo-vernet.fr>\nTo: vous@exemple.fr\nSubject: Vos resultats\n"
          "{auth}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
          "{before}Vos resultats sont en ligne : {link}\n{login}\n")
AUTH = "Authentication-Results: mx.exemple.fr; dkim=pass header.d=labo-vernet.fr; dmarc=pass header.from=labo-vernet.fr\n"
HOME, AWAY = "https://resultats.labo-vernet.fr", "https://labo-resultats-vernet.com/login"
LOGIN = "Pour vous connecter, saisissez votre identifiant et le mot de passe recu par SMS."


def _portal(auth="", link=HOME, before="", login=LOGIN):
    return _fired(from_record({"channel": "email", "raw": PORTAL.format(auth=auth, link=link, before=before, login=login)}))


def test_logging_in_with_no_reason_given_is_no_request():
    # any service's "log in with your password", from a sender that does not speak for the brand,
    # proven or not, on its own site or its provider's
    for auth in ("", AUTH):
        for link in (HOME, AWAY):
            assert "data.password_or_code" not in _portal(auth, link)


def test_logging_in_for_a_phishers_reason_or_with_the_brands_login_counts():
    threat = "Votre acces sera desactive demain.\n"
    brand_login = "Pour vous connecter, saisissez vos identifiants ameli."
    give = "Pour vous connecter, envoyez-nous votre identifiant et votre mot de passe en reponse."
    for got in (_portal("", AWAY, before=threat), _portal("", HOME, before=threat), _portal("", AWAY, login=brand_login),
                _portal("", HOME, login=give)):
        sig = got["data.password_or_code"]
        assert sig.weight == 0.7 and not sig.strong
    # alone a risk named; beside the threat and a stranger's link, a scam
    assert analyze(from_record({"channel": "email", "raw": PORTAL.format(auth="", link=AWAY, before="", login=give)})).verdict == "suspicious"
    assert analyze(from_record({"channel": "email", "raw": PORTAL.format(auth="", link=AWAY, before=threat, login=LOGIN)})).verdict == "scam"
    # the authenticated sender's own portal, every link home: set aside, and for its own reason too
    # when the proven domain is the very name it speaks under (an inactivity notice); a proven
    # domain with words added to the name is a fraudster's (they prove their own domains too)
    assert "data.password_or_code" not in _portal(AUTH, HOME, login=give)
    assert "data.password_or_code" not in _portal(AUTH, HOME, before=threat)
    squat = PORTAL.replace("resultats@labo-vernet.fr", "resultats@labo-resultats-vernet.com").format(
        auth=AUTH.replace("labo-vernet.fr", "labo-resultats-vernet.com"), link=AWAY, before=threat, login=LOGIN)
    assert "data.password_or_code" in _fired(from_record({"channel": "email", "raw": squat}))


def test_a_risky_attachment_is_a_risk_named_and_a_scam_only_for_the_brand():
    body = ("From: {name} <{addr}>\nTo: vous@exemple.fr\nSubject: Documents\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
            "--XX\nContent-Type: application/vnd.ms-excel.sheet.macroEnabled.12\n"
            "Content-Disposition: attachment; filename=\"tableau.xlsm\"\n\nUEsDBA==\n--XX--\n")
    accountant = analyze(from_record({"channel": "email", "raw": body.format(
        name="Cabinet Durand", addr="contact@durand-compta.fr", text="Merci de completer le tableau joint.")}))
    assert accountant.verdict == "suspicious" and [s.rule for s in accountant.signals] == ["attachment.executable_or_form"]
    brand = analyze(from_record({"channel": "email", "raw": body.format(
        name="Assurance Maladie", addr="dossier@cpam-gestion.info", text="Completez le tableau joint.")}))
    assert brand.verdict == "scam"


def test_the_brands_login_typed_by_the_reader_at_an_appointment_is_no_request():
    # a social worker who will help with an application online: the reader brings and types it
    raw = ("From: ccas@saint-exemple.fr\nSubject: RDV CCAS\n\nBonjour,\n\nJe vous confirme votre rendez-vous au CCAS le 13/02 "
           "pour votre demande de complementaire sante solidaire.\n\nMerci d'apporter :\n- votre piece d'identite ;\n"
           "- un RIB ;\n- si vous l'avez, votre identifiant et mot de passe de compte ameli : nous pourrons faire la demande "
           "en ligne ensemble, mais c'est vous qui saisirez votre mot de passe.\n\nLe CCAS de Saint-Exemple\n")
    assert "data.password_or_code" not in _fired(from_record({"channel": "email", "raw": raw}))
    # the same list to send back, nobody saying the reader types it, still counts
    asked = raw.replace(": nous pourrons faire la demande en ligne ensemble, mais c'est vous qui saisirez votre mot de passe", "") \
        .replace("Merci d'apporter :", "Merci de nous indiquer par retour :")
    assert "data.password_or_code" in _fired(from_record({"channel": "email", "raw": asked}))


def test_a_well_known_brand_proving_its_own_domain_has_its_own_reasons_a_squat_of_it_none():
    """A big mutuelle proving mgen.fr-like domain of its own, every link home: its password renewal
    and its refund notice are its own. The same words from a proven domain that glues the brand's
    name to a phisher's word (labanquepostale-certicode.fr) still count."""
    auth = "Authentication-Results: mx.exemple.net; spf=pass smtp.mailfrom={d}; dkim=pass header.d={d}; dmarc=pass header.from={d}\n"
    text = ("Votre mot de passe a expire. Pour le renouveler, connectez-vous avec votre identifiant et votre mot de passe : "
            "https://www.{d}/espace\n\nUn nouveau remboursement est disponible dans votre espace.")
    def fired(name, d):
        raw = f"From: {name} <info@{d}>\n" + auth.format(d=d) + "Subject: Votre espace\n\n" + text.format(d=d)
        return _fired(from_record({"channel": "email", "raw": raw}))
    own = fired("MGEN", "mgen.fr")
    assert "data.password_or_code" not in own and "lure.refund_by_link" not in own
    squat = fired("La Banque Postale", "labanquepostale-certicode.fr")
    assert "data.password_or_code" in squat
    unknown = fired("Mutuelle Sante Plus", "mutuelle-santeplus.fr")
    assert "lure.refund_by_link" in unknown
