"""A warning or an article names the fake site it warns about: that link is cited, not offered
(extract/cited.py). A scam that uses fraud as a pretext still offers its link."""
import pytest

from demasque.adapters import from_eml, from_record
from demasque.api import analyze
from demasque.extract import extract
from demasque.pipeline import findings
from demasque.profile import get_profile


def _features(text, channel="text", sender=""):
    return extract(from_record({"channel": channel, "text": text, "sender": sender}), get_profile("assurance_maladie"))


CITED = [
    # a fake-site marker beside it, before or after
    "ASSURANCE MALADIE: Attention au faux site ameli-securite.com qui demande vos coordonnees bancaires.",
    "Le site cpam-remboursement.net est une copie du site officiel : n'y saisissez rien.",
    "Le lien http://vitale-maj.info n'est pas un site de l'Assurance Maladie.",
    # a negated order
    "Si vous recevez ce SMS, ne cliquez surtout pas sur ameli-dossier.org : supprimez-le.",
    "Never click https://ameli-refund.co.uk even if it looks genuine.",
    "Salut ! Tu as recu le SMS ameli ? C'est une arnaque, ne clique pas sur le lien vitale-maj.com",
    # told as the scammers', in a message about scams
    "Arnaque : de faux SMS invitent les assures a se connecter sur ameli-remboursements.com pour un remboursement.",
    "Des escrocs envoient le lien http://carte-vitale-renouveler.fr a des retraites de la region.",
    # quoted in a message about scams
    "Alerte fraude. Le message « Votre dossier est incomplet, completez-le sur cpam-dossier.net » est faux.",
    # where the fake message sends its victims, or what the site is, in a message about scams
    "Un faux SMS circule. Il renvoie vers ameli-dossier-maj.com, un site qui imite celui de l'Assurance Maladie.",
    "Arnaque : de faux courriels ameli circulent. Le lien mene a ameli-compte-verif.com, ou l'on demande les identifiants.",
    # told as something that happened, in an article about scams
    "Faits divers : arnaque a la carte Vitale. Une habitante a perdu 800 euros apres avoir clique sur http://ameli-vitale-maj.fr.",
    # sites named as the article's subject, or as reported by someone
    "Arnaque a la carte Vitale. Les sites ameli-vitale-fr.info et carte-vitale-maj.com, signales par la CPAM, reclament 1,49 EUR.",
    "Scam alert: an e-mail titled Refund pending that links to mon-espace-ameli-fr.net. Both are fake.",
    # what a fake message's button leads to, said not to be the brand's
    "Alerte hameconnage. Le bouton renvoie vers : https://espace-ameli-maj.fr/verification (ce n'est pas un site de l'Assurance Maladie).",
    # a screenshot described, in a message that says it was reported
    "Bonsoir, voici la capture [image : logo, bouton Recevoir mon remboursement, lien vers ameli-espace-remboursement.net]. Je l'ai signale au 33700.",
    # a reply's quoted lines that the reply calls a scam
    "DordogneDave wrote:\n> Got this: pay the fee at securite-sociale-carte.com\n> Is this real?\n\nIt's a scam, Dave. Don't click.",
    # a site named as one describes it, after the fake message's own words quoted
    "Arnaque a la carte Vitale : le message disait « veuillez renouveler votre carte », suivi d'un lien vers un site baptise carte-vitale-exemple-maj.com.",
    "Oui supprime, c'est une arnaque. Regarde l'adresse du lien : c'est un site qui s'appelle ameli-exemple-renouv.com.",
    # a message pasted as an indented block under a line ending with ":", in a post answered "arnaque"
    "Ma mere a recu ce SMS hier soir :\n\n    AMELI : commandez votre nouvelle carte (frais 1,49EUR) :\n    https://vitale-exemple-renouv.com/v3\n\nReponse du benevole : oui c'est une arnaque, ne cliquez pas.",
    # a fake message in a box under its label
    "Alerte arnaque. Voici un faux courriel transmis par une adherente.\n+----- Exemple recu par un adherent -----+\n  Confirmez vos informations : https://ameli-exemple-assure.com/remb\n+-----------------------------------------+\nPourquoi c'est une arnaque : l'adresse n'est pas celle du site officiel.",
    # quoted in a message that calls it fake in its own words (English)
    "Hi Sofia, that one's fake, delete it.\n\nGot this text this morning:\n\"Mon espace sante: confirmez votre identite : https://monespace-exemple-doc.info/acces\"",
    # written so that no one can click it (defanged), in a message about scams
    "Alerte hameconnage. Exemples de messages signales :\nMon espace sante : un document vous attend : hxxps://monespace-sante-doc[.]fr/connexion",
]

OFFERED = [
    # fraud as the scam's pretext: the link is still where it sends the reader
    "Ameli : suite a une tentative de fraude, securisez votre compte sur http://ameli-securite-compte.com",
    "Assurance Maladie - fraude detectee sur votre carte Vitale. Verifiez vos informations : https://vitale-verif.fr",
    "Des fraudeurs ont tente d'acceder a votre compte. Connectez-vous sur http://ameli-protect.info pour le proteger.",
    "Alerte fraude sur votre compte : rendez-vous sur les sites ameli-protect.info et ameli-verif.com pour le proteger.",
    # fraud as a pretext: the link leads to "your" space
    "Ameli : suite a une tentative de fraude, le lien vous mene a votre espace : https://ameli-espace-verif.com",
    # quotes alone, in a message that is not about scams
    "Ameli : votre attestation est disponible sur « https://ameli-attestation.com ».",
    # security advice as a scam's cover: the order after it sends the reader to the link
    "AMELI : votre compte sera ferme. Un faux conseiller ne vous appellera jamais : connectez-vous vous-meme sur https://ameli-compte-securise.fr",
    # a person's doubt ("c'est une arnaque ?") does not make a pasted scam a warning
    "J'ai recu ce SMS, c'est une arnaque ?\n\"ameli : votre carte Vitale sera desactivee demain, reglez 2,49 EUR sur vitale-maj.fr\"",
    # a plain link in a warning-looking message that points the reader there
    "Attention, votre compte ameli expire. Le nouveau site est https://mon-ameli-compte.fr",
    # a reply's quoted lines, asked about, not judged
    "Tu en penses quoi ?\n> Ameli : payez 1,99 EUR sur securite-sociale-carte.com\nC'est une arnaque ?",
    # a warning used as cover: "piraté" said of the reader's space is no fraudster told of
    "Mon espace sante: des SMS frauduleux usurpent notre nom. Verifiez que votre espace n'a pas ete pirate en vous connectant via ce lien : https://monespace-sante-exemple.fr",
    # defanged in a message that is not about scams (an analyst's paste of a reported message)
    "Compte CPAM : votre dossier est incomplet, hxxps://ameli-dossier[.]com/login",
]


@pytest.mark.parametrize("text", CITED)
def test_a_link_named_as_a_scams_is_cited(text):
    f = _features(text)
    assert f.cited_links and not f.links, [li.link.url for li in f.links]


@pytest.mark.parametrize("text", OFFERED)
def test_a_link_the_message_sends_the_reader_to_is_offered(text):
    f = _features(text)
    assert f.links and not f.cited_links, [li.link.url for li in f.cited_links]


def test_an_html_anchor_is_always_offered():
    raw = ("From: Info <info@exemple.fr>\nSubject: Attention aux faux sites\nMIME-Version: 1.0\n"
           "Content-Type: text/html; charset=utf-8\n\n<p>Attention au faux site "
           "<a href=\"http://ameli-faux.com\">ameli-faux.com</a> : il vole vos données.</p>")
    f = extract(from_record({"channel": "email", "raw": raw}), get_profile("assurance_maladie"))
    assert [li.link.url for li in f.links if li.link.source == "html"] == ["http://ameli-faux.com"]
    assert all(li.link.source == "text" for li in f.cited_links)   # only its visible text is cited


def test_a_warning_that_names_the_fake_site_is_not_a_scam_and_the_same_link_offered_is():
    warning = "ASSURANCE MALADIE: Attention au faux site ameli-securite.com qui demande vos coordonnees bancaires. Ne l'ouvrez pas."
    offer = "ASSURANCE MALADIE: Mettez a jour vos coordonnees bancaires sur ameli-securite.com avant vendredi."
    assert analyze(from_record({"channel": "sms", "text": warning, "sender": "38663"})).verdict == "no_red_flags"
    assert analyze(from_record({"channel": "sms", "text": offer, "sender": "38663"})).verdict == "scam"


def test_the_model_alone_does_not_speak_on_a_message_about_scams():
    # a newsletter that quotes a scam holds the scam's words; no rule fires on it, so the model of
    # words is not asked (pipeline.model_may_count)
    text = ("Newsletter ameli\n\nALERTE FRAUDE\nUn nouveau SMS frauduleux circule : « Votre carte Vitale arrive a "
            "expiration, commandez la nouvelle sur carte-vitale-renouveler.com ». Ce site vous fait payer 4,90 EUR et "
            "recupere votre numero de carte. La carte Vitale n'expire pas.\n\nL'Assurance Maladie")
    fd = findings(from_record({"channel": "text", "text": text}))
    assert fd.features.about_scams and fd.features.claim
    assert [s.rule for s in fd.signals] == []
    # the same words without the frame of a warning: the rules fire and the model is asked
    scam = "Assurance Maladie : votre carte Vitale arrive a expiration, commandez la nouvelle sur carte-vitale-renouveler.com"
    assert analyze(from_record({"channel": "sms", "text": scam})).verdict == "scam"


def test_a_persons_doubt_is_no_warning():
    doubt = _features("J'ai recu ce SMS, c'est une arnaque ?\n\"ameli : reglez 2,49 EUR sur vitale-maj.fr\"")
    warning = _features("Arnaque en cours : de faux SMS ameli demandent de regler 2,49 EUR.")
    assert not doubt.about_scams and warning.about_scams


WARNED = """From: Thomas Exemple <thomas.exemple@example.net>
Subject: TR: Votre remboursement est disponible
Content-Type: text/plain; charset=utf-8

Papa, Maman,
Je vous transfere ce mail. C'est une ARNAQUE, ne cliquez jamais sur ce genre de lien.
Thomas

________________________________
De : Assurance Maladie <contact@suivi-ameli-remboursement.com>
Envoye : jeudi 6 fevrier 2025 07:12
Objet : Votre remboursement est disponible

Vous etes eligible a un remboursement de 213,47 EUR. Validez vos informations :
https://suivi-ameli-remboursement.com/assure/valider?id=88213
"""


def test_a_scam_passed_on_as_a_scam_is_quoted_and_one_passed_on_in_doubt_is_not():
    warned = analyze(from_eml(WARNED.encode()))
    assert warned.verdict == "no_red_flags", [s.rule for s in warned.signals]
    doubt = analyze(from_eml(WARNED.replace("C'est une ARNAQUE, ne cliquez jamais sur ce genre de lien.",
                                            "C'est une arnaque ? Je dois cliquer ?").encode()))
    assert doubt.verdict == "scam"


def test_quotes_nest():
    f = _features("Temoignage. \u00ab Il m'a dit : \"Bonjour, donnez-moi le code\". J'ai donne le code. \u00bb Fin.")
    inner = f.norm.index("donnez-moi")
    after = f.norm.index("j'ai donne")
    assert f.quoted(inner) and f.quoted(after) and not f.quoted(f.norm.index("fin."))


def test_an_anchor_whose_text_twin_sits_in_a_judged_reply_quote_is_cited():
    raw = ("From: Claire <claire@example.net>\nSubject: Re: sms\nMIME-Version: 1.0\n"
           "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
           "Non maman, c'est une arnaque. Ne clique pas.\n\nLe mer. 12 mars, Maman a ecrit :\n"
           "> Ameli: renouvelez votre carte (frais 1,95 EUR) : https://renouvellement-vitale.fr-exemple.com\n"
           "--b\nContent-Type: text/html; charset=utf-8\n\n<p>Non maman, c'est une arnaque. Ne clique pas.</p>"
           "<blockquote>Ameli: renouvelez votre carte (frais 1,95 EUR) : <a href=\"https://renouvellement-vitale.fr-exemple.com\">"
           "https://renouvellement-vitale.fr-exemple.com</a></blockquote>\n--b--\n")
    f = extract(from_eml(raw.encode()), get_profile("assurance_maladie"))
    assert f.cited_links and not any(li.host.lookalike for li in f.links)
