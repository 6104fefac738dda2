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


def test_in_a_warning_the_fake_site_is_who_takes():
    # in a message about scams, the fake site or form that asks or takes is told, not asking
    for sentence, words in [("ce site vous fait payer 4,90 eur et recupere votre numero de carte.", "numero de carte"),
                            ("le formulaire demande ensuite votre iban complet.", "iban")]:
        i = sentence.index(words)
        assert speech.act(sentence, i, i + len(words), frame=True) == "reported"
        assert speech.act(sentence, i, i + len(words), frame=False) != "reported"
    # the brand's own site stays the brand's
    s = "le site de l'assurance maladie vous demande votre iban."
    i = s.index("iban")
    assert speech.act(s, i, i + 4, frame=True) != "reported"


def test_a_question_that_a_warning_answers_describes_a_case():
    # "On vous propose ... ? Refusez." : the question tells what to beware of (rules/reading.py)
    from demasque.adapters import from_record
    from demasque.api import findings
    asked = "ASSURANCE MALADIE: On vous propose de mettre a jour votre carte Vitale contre paiement ? {}"
    for answer in ("Refusez, la mise a jour est gratuite.", "C'est une fraude.", "It is a scam.", "Signalez-le au 33700."):
        fd = findings(from_record({"channel": "sms", "sender": "38663", "text": asked.format(answer)}))
        assert not [s.rule for s in fd.signals if s.category == "payment"], answer
    # answered by an order that is no warning, the question stays the message's own
    fd = findings(from_record({"channel": "sms", "sender": "38663", "text": asked.format("Reglez 2 EUR ici : https://vitale-maj.info")}))
    assert [s.rule for s in fd.signals if s.category == "payment"]


def test_a_list_that_lost_its_bullets_keeps_its_introduction():
    # an HTML list read as text: the items are short lines under a line that ends with ":"
    from demasque.adapters import from_record
    from demasque.api import findings
    told = ("Fake e-mails are circulating. They may ask you to:\nenter your bank card number to receive a refund,\n"
            "log in with your password on a copy of our website.\nNever do it.")
    fd = findings(from_record({"channel": "text", "sender": "Assurance Maladie <actualites@info.ameli.fr>", "text": told}))
    assert not [s.rule for s in fd.signals if s.category == "data"]
    # the same items under an introduction that asks are asked
    asked = ("Assurance Maladie : pour recevoir votre remboursement, merci de nous transmettre :\n"
             "votre numero de carte bancaire\nvotre mot de passe ameli\nCordialement")
    fd = findings(from_record({"channel": "text", "text": asked}))
    assert {"data.card_number", "data.password_or_code"} <= {s.rule for s in fd.signals}


def test_a_plain_list_under_a_neutral_introduction_is_read_line_by_line():
    from demasque.rules.speech import intro_speaks
    assert not intro_speaks("nos conseils pour proteger votre compte :")   # its colon alone asks nothing
    assert intro_speaks("merci de nous transmettre :") and intro_speaks("ils vous demandent :")
    assert intro_speaks("des reception des elements suivants :")


def test_the_paragraph_under_an_example_line_is_the_scams_words():
    from demasque.adapters import from_record
    from demasque.api import findings
    text = ("Faux SMS : restez vigilant.\n\nExemple de message frauduleux recu par des assures :\n\n"
            "Votre remboursement est bloque. Confirmez vos coordonnees bancaires sous 24h.\n\nCe message est faux.")
    fd = findings(from_record({"channel": "text", "sender": "Assurance Maladie <information@assurance-maladie.fr>", "text": text}))
    assert "data.bank_details" not in [s.rule for s in fd.signals]
    # the same paragraph under a line that introduces nothing of the kind is the message's own
    own = text.replace("Exemple de message frauduleux recu par des assures :", "Votre dossier :")
    fd = findings(from_record({"channel": "text", "sender": "Assurance Maladie <information@assurance-maladie.fr>", "text": own}))
    assert "data.bank_details" in [s.rule for s in fd.signals]


def test_in_a_warning_a_fraudster_who_asks_reports_the_ask_whatever_the_inner_verb():
    # "vous allez recevoir" has the reader as subject, but the fraudster announces it and asks
    s = "Pour débloquer le remboursement, elle vous annonce que vous allez recevoir un code par SMS et vous demande de le lui lire."
    assert _act(s, "code par SMS", frame=True) in ("reported", "warning")
    assert _act("Dans d'autres cas, l'interlocuteur vous demande de confirmer votre IBAN.", "IBAN", frame=True) in ("reported", "warning")
    assert _act("Certains vous demandent de payer des frais de dossier.", "payer", frame=True) in ("reported", "warning")
    assert _act('Some ask for a small fee for a "new card".', "fee", frame=True) in ("reported", "warning")
    assert _act('Pay a small fee for your new card.', "fee", frame=True) == "request"
    # the brand that asks still asks, and so does a plain order
    assert _act("Votre CPAM vous demande de confirmer votre IBAN.", "IBAN", frame=True,
                speaker_words=__import__("re").compile(r"\bcpam\b")) == "request"
    assert _act("Confirmez votre IBAN avant vendredi.", "IBAN", frame=True) == "request"


def test_advice_for_what_was_already_given_asks_nothing():
    assert _act("Prévenez votre banque si des coordonnées bancaires ont été communiquées.", "coordonnées bancaires") == "warning"
    assert _act("Si vous avez communiqué votre mot de passe, changez-le.", "mot de passe") == "warning"
    assert _act("Indiquez vos coordonnées bancaires si vous voulez être remboursé.", "coordonnées bancaires") == "request"


def test_a_code_the_message_hands_over_is_given_not_asked():
    assert _act("Voici votre code de sécurité pour vous connecter depuis un nouvel appareil :", "code de sécurité") == "statement"
    assert _act("Here is your verification code for the new device:", "verification code") == "statement"
    assert _act("Envoyez-nous votre code de sécurité :", "code de sécurité") == "request"


def test_a_code_given_under_its_own_label_on_the_next_lines_is_given():
    from demasque import analyze_record
    raw = ("From: Mon espace sante <monespacesante@info.ameli.fr>\nSubject: Profil cree\n"
           "Authentication-Results: mx.exemple.fr; dkim=pass header.d=info.ameli.fr; dmarc=pass header.from=info.ameli.fr\n\n"
           "Pour l'activer, rendez-vous sur https://www.monespacesante.fr et saisissez le code provisoire suivant :\n\n"
           "Code provisoire : K7P2-MX4R\n\nCe code est valable 6 semaines.\nL'equipe Mon espace sante")
    assert analyze_record({"channel": "email", "raw": raw}).verdict == "no_red_flags"


def test_a_did_you_know_question_informs():
    s = "Saviez-vous que vous pouvez vous connecter avec les identifiants d'un autre service public ?"
    assert _act(s, "identifiants") == "statement"
    assert _act("Pouvez-vous nous envoyer vos identifiants ?", "identifiants") == "request"


def test_restrictive_and_ordering_negations_deny_nothing():
    # "ne ... que" restricts; "n'oubliez pas de" orders; the partitive after a denied verb denies
    s = "Ils ne peuvent me les envoyer qu'après paiement de la part non remboursée, par carte au téléphone."
    assert _act(s, "paiement", narration=True) != "negated"
    assert _act("N'oubliez pas de payer les frais de livraison.", "payer") == "request"
    assert _act("Ils ne m'ont pas demandé de paiement.", "paiement", narration=True) == "negated"
    assert _act("On ne lui a demandé ni sa carte bleue ni son code.", "carte bleue", narration=True) == "negated"


def test_the_readers_own_question_in_a_q_and_a_asks_nothing():
    assert _act("Vos questions, nos réponses : j'ai donné mon RIB, que faire ?", "RIB") in ("reported", "warning")
    assert _act("Et s'il connaît déjà mon numéro de sécurité sociale ?", "numéro de sécurité sociale") in ("reported", "warning")
    assert _act("Votre numéro de sécurité sociale : vrai ou faux ?", "numéro de sécurité sociale") == "statement"
    # a question put to the reader still asks
    assert _act("Pouvez-vous me renvoyer votre RIB ?", "RIB") == "request"
    assert _act("J'ai change de telephone, tu peux me renvoyer le code ?", "code") != "reported"


def test_a_message_quoted_as_another_ones_words_is_reported():
    s = 'Le message dit : " Confirmez votre identité en indiquant votre numéro de sécurité sociale "'
    assert _act(s, "numéro de sécurité sociale", quoted=True) in ("reported", "warning")
    assert _act("Si un site vous a demandé votre numéro de carte bancaire, ce n'était pas le nôtre.", "numéro de carte bancaire") == "warning"


def test_questions_that_ask_for_no_act_inform():
    assert _act("Vous avez perdu vos identifiants EduConnect ?", "identifiants") == "statement"
    assert _act("FranceConnect : un seul mot de passe pour l'administration ?", "mot de passe") == "statement"
    assert _act("Quel est votre numéro de carte bancaire ?", "numéro de carte bancaire") == "request"
    assert _act("Pouvez-vous nous envoyer votre RIB ?", "RIB") == "request"


def test_papers_to_bring_in_person_are_not_sent():
    assert _act("- un relevé d'identité bancaire (RIB) à votre nom ;", "RIB", intro="Merci d'apporter :") == "statement"
    assert _act("Munissez-vous de votre carte bancaire : il vous sera demandé son numéro.", "carte bancaire") != "statement"


def test_a_friends_list_reads_as_the_friend_writes():
    intro = "comme promis, les infos pour aller voir les remboursements de maman quand tu passes chez elle :"
    assert _act("- identifiant : son numéro de sécu, celui de sa carte Vitale", "identifiant", intro=intro) != "request"
    assert _act("- identifiant : le numéro de sécu de maman", "identifiant", intro="les infos quand tu passes chez elle :") == "informal"
    assert _act("- identifiant : votre numéro de sécu", "identifiant", intro="Pour vous connecter, merci d'indiquer :") == "request"


def test_a_code_given_at_the_end_of_its_sentence_is_given():
    s = "SG : Votre code de sécurité pour valider le virement de 150,00 EUR vers Dr M. Lenoir est 418 276."
    assert _act(s, "code de sécurité") == "statement"
    assert _act("Votre code de sécurité pour valider le virement : merci de nous le transmettre.", "code de sécurité") == "request"


def test_the_polite_never_share_is_a_warning():
    s = "Veuillez ne pas partager cet e-mail, ce lien ou ce code d'accès avec d'autres personnes."
    assert _act(s, "code d'accès") == "warning"
    assert _act("Veuillez partager ce code d'accès avec votre conseiller.", "code d'accès") == "request"


def test_a_clause_coordinated_with_a_denied_one_is_not_denied():
    s = "Il dit que je n'étais pas chez moi lors d'un contrôle et que je dois payer une amende de 135 € par carte."
    assert _act(s, "payer", narration=True) != "negated"
    # nor is a list joined by "et" outside the denial
    assert _act("Elle ne m'a pas demandé mon mot de passe et mon RIB.", "RIB", narration=True) == "negated"
    assert _act("Je n'ai pas donné suite et il m'a demandé mon RIB.", "RIB", narration=True) != "negated"


def test_a_victims_account_in_a_warning_is_reported_a_persons_own_account_is_evidence():
    s = "Il m'a explique qu'il allait m'envoyer un code par SMS et que je devais le lui lire pour valider l'envoi."
    assert _act(s, "code par sms", frame=True) == "reported"      # a testimony in a message about scams
    assert _act(s, "code par sms") == "request"                    # pasted by the person: what they were asked


def test_a_label_followed_by_its_items_written_out_gives_them():
    text = "vos identifiants :\nidentifiant : n.exemple\nmot de passe temporaire : brev2025-tq84\n"
    assert speech.GIVEN_VALUE.match(text, len("vos identifiants"))
    assert not speech.GIVEN_VALUE.match("vos identifiants :\n- identifiant : ________\n", len("vos identifiants"))


def test_someone_said_to_pose_as_the_brand_asks_as_a_third_party():
    s = "Au telephone, une personne se presentant comme agent de la CPAM vous propose de regler en coupons PCS."
    assert _act(s, "coupons pcs") != "request"
    assert _act("Reglez cette somme en coupons PCS.", "coupons pcs") == "request"


def test_a_line_under_a_bulleted_list_is_no_item_of_it():
    from demasque.api import analyze_record
    text = ("Je commence lundi, la RH m'a envoye ca, c'est normal ?\n\nBonjour,\nMerci de nous transmettre via le portail RH :\n"
            "- une copie de votre carte Vitale ;\n- un RIB a votre nom.\n"
            "Vous choisirez vous-meme votre mot de passe a la premiere connexion, nous n'en aurons pas connaissance.\nLea, Service RH")
    assert "data.password_or_code" not in {s.rule for s in analyze_record({"channel": "text", "text": text}).signals}
    # an item of the list still reads with its introduction
    listed = "Merci de nous transmettre :\n- votre identifiant ;\n- votre mot de passe.\n"
    assert "data.password_or_code" in {s.rule for s in analyze_record({"channel": "text", "text": "CPAM : dossier incomplet.\n" + listed}).signals}


def test_advice_under_a_heading_that_names_what_the_victim_did_asks_nothing():
    from demasque.api import analyze_record
    raw = ("From: Assurance Maladie <info@ameli-exemple.net>\nSubject: Advice\n\nAlready shared your details?\n\n"
           "A code received by text: call your bank, and change your ameli password.\n")
    assert "data.password_or_code" not in {s.rule for s in analyze_record({"channel": "email", "raw": raw}).signals}


def test_in_a_warning_what_was_to_be_done_to_the_writer_is_told():
    s = "Pour bloquer l'operation il va m'envoyer un code par SMS et je dois lui lire."
    assert _act(s, "code par sms", frame=True) == "reported"
    assert _act("Il va vous envoyer un code par SMS : lisez-le lui.", "code par sms", frame=True) != "reported"


def test_a_posts_hashtags_sign_nothing():
    from demasque.api import analyze_record
    text = ("PARTAGEZ : ma grand-mere a recu un SMS avec un lien et 1,99 EUR de frais. C'EST UNE ARNAQUE. "
            "Appelez le 3646 en cas de doute.\n#arnaque #cartevitale #ameli")
    assert analyze_record({"channel": "text", "text": text}).verdict == "no_red_flags"


def test_the_impersonal_on_that_asks_in_an_article_is_the_scams():
    assert _act("On vous reclame 1 a 3 EUR pour une nouvelle carte Vitale.", "nouvelle carte vitale", frame=True) == "reported"


def test_an_english_order_after_its_adverb_asks():
    s = "To make sure your file is protected, simply reply to this email with your social security number."
    assert _act(s, "social security number") == "request"


def test_a_number_written_on_a_cheque_posted_to_the_caisse_is_not_sent():
    s = "- par cheque a l'ordre de la CPAM, en indiquant au dos votre numero de securite sociale, a envoyer a : CPAM, service recouvrement ;"
    assert _act(s, "numero de securite sociale") == "statement"
    assert _act("Indiquez votre numero de securite sociale en reponse a ce message.", "numero de securite sociale") == "request"
