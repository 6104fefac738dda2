"""Claiming is not mentioning: a message speaks as the brand, or only names it (extract/claim.py)."""
import pytest

from demasque.adapters import from_eml, from_record
from demasque.extract import extract
from demasque.profile import default_profile

CLAIMS = [  # (kind, record)
    ("sender", {"channel": "sms", "sender": "AMELI", "text": "Votre dossier est disponible."}),
    ("sender", {"channel": "sms", "sender": "Info-Vitale", "text": "Frais de livraison non regles."}),
    ("sender", {"channel": "sms", "sender": "38663", "text": "Votre attestation est disponible."}),
    ("opening", {"channel": "sms", "text": "ASSURANCE MALADIE : un remboursement vous attend."}),
    ("opening", {"channel": "sms", "text": "Carte Vitale : frais d'envoi de 1,99 EUR a regler."}),
    ("opening", {"channel": "text", "text": "Votre Assurance Maladie\n\nBonjour, votre releve est disponible."}),
    ("introduces_itself", {"channel": "sms", "text": "Bonjour, c'est Julie de la CPAM, pouvez-vous me rappeler ?"}),
    ("introduces_itself", {"channel": "sms", "text": "Hi, this is Marc from ameli, please text me back."}),
    ("introduces_itself", {"channel": "sms", "text": "Bonjour, ici le service des remboursements de l'Assurance Maladie. Repondez OUI."}),
    ("implied", {"channel": "sms", "text": "Votre carte Vitale arrive a expiration, renouvelez-la en ligne."}),
    ("implied", {"channel": "sms", "text": "Cher assure, vos droits a l'Assurance Maladie seront suspendus dans 48h."}),
    # the brand's label opening a message to its reader, from a person's (hacked) mailbox
    ("opening", {"channel": "email", "raw": "From: Jean Exemple <jean.exemple@example.net>\nSubject: Info\n\nAMELI : remboursement en attente de 48,20 EUR.\nhttps://remb-dossier.example/fr"}),
    # a scam's alarm about the card still claims, whoever visibly signs
    ("implied", {"channel": "email", "raw": "From: Pharmacie du Parc <contact@pharmacie-du-parc.fr>\nSubject: Info\n\nVotre carte Vitale expire le 30/06, renouvelez-la ici : https://vitale-maj.example\nPharmacie du Parc"}),
    ("signature", {"channel": "text", "text": "Bonjour,\nVotre releve de remboursements est disponible.\nL'Assurance Maladie"}),
    ("addresses_reader", {"channel": "sms", "text": "Bonjour, l'Assurance Maladie vous informe que votre dossier est a jour."}),
    # a greeting, then the brand naming itself as a sentence of its own
    ("opening", {"channel": "sms", "sender": "+33781442093", "text": "Bonjour, CPAM de votre departement. Merci de rappeler Mme Vasseur au 07 81 44 20 93."}),
    # the state of the reader's Complementaire sante solidaire, which only the caisse grants
    ("implied", {"channel": "sms", "sender": "+33631427780", "text": "Votre Complementaire Sante Solidaire expire le 31/03. Renouvelez vos droits en ligne : https://css-renouvellement.example"}),
    # a label and a headline-like line from a phone number: no newspaper sends that
    ("opening", {"channel": "sms", "sender": "+33758463290", "text": "Mon espace sante: 1 nouveau message https://mes-sante.example/m/7"}),
    # a label with a few words around it, also at the head of a pasted message
    ("opening", {"channel": "sms", "text": "Message important de l'Assurance Maladie : un remboursement vous attend."}),
    ("opening", {"channel": "text", "text": "J'ai recu ce SMS, c'est vrai ? \"ameli : votre carte Vitale sera desactivee demain\""}),
    # glued words of a sender id, and the brand's shortened names
    ("sender", {"channel": "sms", "sender": "AmeliInfo", "text": "Derniere relance : regularisation de 42,60 EUR sur votre dossier."}),
    ("sender", {"channel": "sms", "sender": "AssurMaladie", "text": "Votre attestation a expire."}),
    # the state of the reader's Mon espace sante; the brand's mail said to wait for the reader
    ("implied", {"channel": "sms", "text": "Bonjour, votre Mon espace sante sera desactive sous 48h faute de verification."}),
    ("implied", {"channel": "sms", "text": "Madame, Monsieur, un message important de l'Assurance Maladie vous attend. Appelez le 0 893 12 46 78."}),
    # the name closing a one-line message, after its link
    ("signature", {"channel": "sms", "text": "Rappel: votre dossier est incomplet. Completez-le: https://sites.example.com/view/d9/dossier Assurance Maladie"}),
    ("caller", {"channel": "call", "caller": "0612345678", "text": "Un homme disant appeler de la CPAM m'a demande mon RIB."}),
    # typed fast; a letter found or an SMS received, pasted after the person's line
    ("opening", {"channel": "text", "text": "Got this by text this morning, is it legit? \"Assurance Maladie: Your S1 registration must be reconfirmed. Call 0892 46 81 03.\""}),
    ("introduces_itself", {"channel": "sms", "sender": "+33612458807", "text": "Bonjour c l assurance maladie, votre carte vitale est bloque. Merci de nous rappeler au 09 70 18 44 52 avant 18h"}),
    ("opening", {"channel": "text", "text": "Courrier trouve dans ma boite aux lettres, sans timbre :\nASSURANCE MALADIE - Caisse Primaire\nUn reliquat de 27,00 EUR reste du. Reglez-le en scannant le QR code."}),
    ("opening", {"channel": "text", "text": "C'est une arnaque ou pas ? Recu du 07 58 40 12 96\nameli info : votre dossier est bloque, rappelez votre conseiller au 07 58 40 12 96"}),
    # a name then a role; the brand addressing the reader by the call it tried; a hyphenated label
    ("introduces_itself", {"channel": "sms", "sender": "+33745190836", "text": "Bonjour, c'est Mme Garnier, conseillere a la CPAM de l'Herault. Voici le lien pour votre dossier : https://cpam34-dossier.fr"}),
    ("addresses_reader", {"channel": "sms", "sender": "+33757309184", "text": "Bonjour, votre caisse d'assurance maladie a tente de vous joindre au sujet d'un remboursement. Merci de rappeler le 09 72 15 84 63."}),
    ("opening", {"channel": "sms", "sender": "+33644187302", "text": "Service anti-fraude de l'Assurance Maladie : une demande de remboursement a ete faite avec votre numero. Contactez le 09 70 73 18 42."}),
    # the brand named as who called, or named with no one else as the caller
    # a role right before the brand; a greeting, then a person by title in the brand's service; a letterhead's full name
    ("introduces_itself", {"channel": "sms", "sender": "+33700000001", "text": "Bonjour, ici Mr Exemple conseiller CPAM, votre dossier est bloque. Rappelez-moi au 07 00 00 00 02."}),
    ("introduces_itself", {"channel": "sms", "sender": "+33600000003", "text": "Bonjour, Mme Exemple du service des remboursements de la CPAM. Merci de nous rappeler au 01 00 00 00 04."}),
    ("opening", {"channel": "text", "text": "CAISSE PRIMAIRE D'ASSURANCE MALADIE\nService Recouvrement\n\nMadame, Monsieur, vous restez redevable de 120,00 EUR."}),
    ("opening", {"channel": "text", "text": "CAISSE PRIMAIRE D'ASSURANCE MALADIE DU VAL-DE-MARNE\nService Recouvrement\n\nVous restez redevable de 189,00 EUR."}),
    ("introduces_itself", {"channel": "sms", "sender": "+33600000008", "text": "Bonjour, service prevention fraude de la CPAM du Rhone. Rappelez le 0 899 00 00 00."}),
    ("caller", {"channel": "call", "caller": "0612345678", "text": "j ai rate un appel, message: bonjour c est Mme Martin de la CPAM, rappelez moi."}),
    # an agent that says it acts in the brand's name (a "bailiff" recovering a debt for the caisse)
    # a sender id cut from the brand's name, then the name as the opening (no newsletter's headline)
    ("opening", {"channel": "sms", "sender": "MonEspSante", "text": "Mon espace sante : la double authentification devient obligatoire. Activez-la : https://exemple-activation.netlify.app"}),
    # what only the caisse tells, from no one who names themself
    ("implied", {"channel": "sms", "sender": "SANTE", "text": "Votre attestation de droits expire le 31/01. Renouvelez-la en ligne : https://attestation-exemple.web.app"}),
    ("implied", {"channel": "sms", "sender": "ALD-SANTE", "text": "Votre prise en charge ALD (affection longue duree) arrive a echeance. Renouvelez votre protocole : https://ald-exemple.weebly.com"}),
    ("implied", {"channel": "sms", "sender": "+33700000071", "text": "Votre protocole ALD expire. Appelez le 09 00 00 00 72 avant vendredi."}),
    # a letter pasted on one line, closed by a formula and the brand's service that signs it
    ("signature", {"channel": "text", "text": "Dear insured person, your healthcare coverage will be suspended unless you call us on +33 1 00 00 00 23. Regards, CPAM International Relations"}),
    ("introduces_itself", {"channel": "text", "text": "MISE EN DEMEURE\n\nAgissant pour le compte de la Caisse Primaire d'Assurance Maladie, creanciere, nous vous mettons en demeure de regler 900,00 EUR."}),
    ("introduces_itself", {"channel": "email", "raw": "From: Etude Exemple <etude.exemple@gmail.com>\nSubject: Mise en demeure\n\nMadame,\n\nNous sommes mandates par la Caisse Primaire d'Assurance Maladie pour le recouvrement d'une somme de 900,00 EUR."}),
    ("caller", {"channel": "call", "caller": "0970123456", "text": "Appel pour ma carte Vitale, il voulait mon RIB."}),
    ("caller", {"channel": "call", "caller": "0970123456", "text": "La pharmacie m'avait prevenue. Puis la CPAM m'a appelee pour ma carte Vitale."}),
]
MENTIONS = [
    # where a thing is, not who speaks: "it's on your letter from the CPAM"
    {"channel": "email", "raw": "From: Assureur Exemple <hello@assureur-exemple.fr>\nSubject: Welcome\n\nAdd your social security number (it's on your letter from the CPAM or your carte Vitale) in the app: https://assureur-exemple.fr/app"},
    # another message named, then its words in quotation marks: a club member tells the SMS he got
    {"channel": "email", "raw": "From: Paul <paul.exemple@orange.fr>\nSubject: [Club] hors sujet\n\nJ'ai recu ce matin un SMS \"Votre carte vitale expire, commandez la nouvelle\" avec un lien. Le 3646 m'a dit que c'est faux.\n\nRendez-vous dimanche.\nPaul"},
    # a call that names who it was anywhere ("this is the admissions office of ..."): the brand is its topic
    {"channel": "call", "caller": "+33400000071", "text": "Voicemail: 'Hello, this is the admissions office of the Hopital Exemple, for your pre-admission. Please bring your carte Vitale. Call us back at this number.'"},
    # a friend's "c'est pour ...", another message's words told ("texts saying your card expires"), "c'est Léa, tu ..."
    {"channel": "email", "raw": "From: martine@example.net\nSubject: Re: lettre\n\nCe n'est pas une arnaque. C'est pour Mon espace sante, le carnet de sante en ligne.\nBises"},
    {"channel": "email", "raw": "From: kate@example.net\nSubject: Re: forms\n\nAlso: you'll get loads of spam texts saying your carte vitale is expiring, pay 1.50 EUR etc. Ignore them.\nKate"},
    {"channel": "sms", "sender": "+33612457890", "text": "Salut c'est Lea, tu peux me donner le numero de la CPAM ? J'ai perdu ma carte Vitale."},
    # a call from someone who names themself: the brand is the call's topic, not the caller
    # a call account that opens on who called ("C'est le taxi conventionné qui ..."), then "il a appelé"
    {"channel": "call", "caller": "+33600000006", "text": "C'est le taxi conventionne qui m'emmene a mes seances. Il a appele pour changer l'heure, il faut juste ma carte Vitale."},
    # a person by title from another place, who names the brand afterwards
    {"channel": "sms", "sender": "+33600000005", "text": "Bonjour, Mme Exemple du cabinet infirmier, j'ai bien recu l'accord de la CPAM pour vos soins."},
    # someone's number, someone's adviser: "c'est son n° de sécu", "c'est mon conseiller de la CPAM qui ..."
    {"channel": "sms", "sender": "+33600000111", "text": "L'identifiant c'est son n° de secu, il est sur sa carte Vitale. Je t'appelle ce soir."},
    {"channel": "sms", "sender": "+33600000112", "text": "C'est mon conseiller de la CPAM qui m'a dit d'envoyer l'arret de travail par le compte ameli."},
    # the brand as a lawyer's field, in a signature
    {"channel": "email", "raw": "From: Maitre Exemple <contact@avocat-exemple.fr>\nSubject: Votre dossier\n\nLa CPAM a reconnu l'accident du travail ; l'audience est fixee au 12 mars.\n\nMaitre Paul Exemple\nAvocat - Droit du travail et de la securite sociale"},
    # a mutuelle's call that warns of the fraud's calls in the brand's name
    {"channel": "call", "caller": "+33300000091", "text": "Ma mutuelle m'a telephone pour la fuite de donnees : il fallait se mefier des faux appels de la CPAM. Il ne m'a rien demande."},
    # the same state told by a doctor's practice under its own name
    {"channel": "sms", "sender": "DRMARTIN", "text": "Votre ALD expire le 12/03 : prenez rendez-vous pour renouveler le protocole envoye a la CPAM https://www.doctolib.fr/x"},
    # a closing formula signed by someone else, who names the brand after their own name
    {"channel": "email", "raw": "From: Paul Exemple <paul@example.net>\nSubject: Re: carte\n\nJ'ai enfin recu ma carte Vitale. Cordialement, Paul, qui remercie la CPAM"},
    # people said to claim a mandate are someone else's words
    {"channel": "email", "raw": "From: Mairie Exemple <info@mairie-exemple.fr>\nSubject: Vigilance\n\nDes demarcheurs se presentent a domicile en se disant mandates par la CPAM pour verifier vos droits."},
    {"channel": "call", "caller": "+33240846100", "text": "Appel du CHU ce matin : j'avais oublie ma carte Vitale au bureau des entrees. Elle n'a rien demande."},
    {"channel": "call", "caller": "+33153000000", "text": "Ma mutuelle (le numero commence par 01 53) m'a appelee : elle n'a pas recu la liaison avec ma CPAM."},
    {"channel": "call", "caller": "+33145678122", "text": "c'est la RH de ma boite qui m'a appele pour dire qu'elle avait envoye mon attestation de salaire a la CPAM."},
    {"channel": "call", "caller": "+33142000000", "text": "le laboratoire d'analyses ou j'ai fait ma prise de sang m'a appele car ma carte vitale n'etait pas a jour."},
    {"channel": "call", "caller": "+33482530417", "text": "Une assistante sociale de la Carsat allait me contacter pour la reprise. Elle n'a pas demande mon numero de secu."},
    {"channel": "call", "caller": "+33472148866", "text": "Ma conseillere bancaire m'a appelee : deux virements de la CPAM sont revenus en rejet."},
    {"channel": "call", "caller": "+33557210944", "text": "La societe de taxis conventionnes qui m'emmene a mes seances m'a appele, ils font le tiers payant avec la CPAM."},
    {"channel": "call", "caller": "+33145986231", "text": "My dentist's receptionist called me back: the Securite sociale pays most of the crown."},
    {"channel": "call", "caller": "+33668901437", "text": "La coordinatrice du SSIAD m'a appelee pour la prise en charge de ma mere, elle veut l'attestation de droits de l'Assurance Maladie."},
    {"channel": "call", "caller": "+33781226540", "text": "ma fille ma appelee de la pharmacie, sa carte vitale est toujours rattachee a la mienne."},
    {"channel": "call", "caller": "+33677409218", "text": "Ma conseillere bancaire m'a prevenu que deux virements de la CPAM avaient ete rejetes."},
    {"channel": "call", "caller": "+33320417280", "text": "Got a call from the International Relations office of my university: my registration on etudiant-etranger.ameli.fr was rejected. She didn't ask for anything."},
    # the brand as the topic of a friend's explanation
    {"channel": "sms", "sender": "+33645128903", "text": "Ok so for ameli: login = your social security number, password is the one you created. If you forgot it there's 'mot de passe oublie' on ameli.fr."},
    # a newspaper's SMS headline under its own sender id
    {"channel": "sms", "sender": "LEPARISIEN", "text": "Ameli : les nouveaux plafonds de remboursement des lunettes https://www.leparisien.example/x"},
    # "c'est" opening a clause, not a name: "c'est ce qui permet à la CPAM de ..."
    {"channel": "text", "text": "Le signalement en DSN, c'est ce qui permet a la CPAM de calculer ses indemnites."},
    # the brand as who approves the signer, not as the signer
    {"channel": "text", "text": "Bonjour,\nVos transports du mois sont confirmes.\nTaxi des Iles - taxi conventionne CPAM"},
    {"channel": "email", "raw": "From: Taxi des Iles <taxi.iles@gmail.com>\nSubject: Planning\n\nBonjour,\nVos transports sont confirmes.\n\nTaxi des Iles, agree Assurance Maladie"},
    # a list of scam texts, each judged
    {"channel": "text", "text": "Les SMS les plus courants :\n- \"Votre carte Vitale expire, commandez la nouvelle\" -> FAUX\n- \"Un remboursement vous attend\" -> FAUX"},
    {"channel": "sms", "text": "RDV confirme avec Dr Lefevre le 12/05. Pensez a votre carte Vitale et a votre ordonnance."},
    {"channel": "sms", "sender": "PHARMACIE", "text": "Pharmacie des Halles : votre commande est prete. Presentez votre carte Vitale."},
    {"channel": "sms", "text": "Votre mutuelle vous informe : remboursement de 35,20 EUR effectue. Part Securite sociale : 16,50 EUR."},
    {"channel": "sms", "sender": "+33612345678", "text": "La CPAM m'a rembourse mon arret, je te rends les 50 EUR demain"},
    {"channel": "sms", "text": "Ameli vous rembourse a 60 %, votre mutuelle complete le reste. Devis gratuit sur notre site."},
    {"channel": "sms", "text": "Mairie de Saint-Jean : attention aux faux SMS au nom de l'Assurance Maladie. Ne cliquez pas."},
    {"channel": "text", "text": "Bonjour, je suis infirmiere liberale. J'ai besoin d'une copie de votre carte Vitale. Merci !"},
    # the fraudster's words quoted in an article about scams
    {"channel": "text", "text": "Arnaque : le faux conseiller qui vide les comptes\nLe telephone sonne. \u00ab Bonjour, je suis conseiller a la CPAM, service fraude. \u00bb Raccrochez et appelez le 3646."},
    # news about a CPAM office, not the state of the reader's account
    {"channel": "sms", "text": "Mairie de Saint-Jean : votre CPAM sera fermee le 2 mai. Permanence France Services le 3."},
    # someone else visibly speaks and tells a state of the card or the file that is no scam's
    # alarm: the card "doit être mise à jour" at the pharmacy, the file "en attente" of a paper
    {"channel": "email", "raw": "From: Pharmacie du Parc <contact@pharmacie-du-parc.fr>\nSubject: Votre ordonnance\n\nBonjour,\nSi votre carte Vitale n'est plus a jour, nous la mettrons a jour au comptoir.\nhttps://www.pharmacie-du-parc.fr/commande\nPharmacie du Parc"},
    {"channel": "email", "raw": "From: Mutuelle Horizon <info@mutuelle-horizon.fr>\nSubject: Carte de tiers payant\n\nBonjour,\nVotre carte Vitale doit etre mise a jour une fois par an en pharmacie.\nhttps://espace.mutuelle-horizon.fr\nMutuelle Horizon"},
    {"channel": "email", "raw": "From: Compta Express <contact@compta-express.fr>\nSubject: Votre arret\n\nBonjour,\nVotre dossier CPAM est en attente de l'attestation de salaire que nous envoyons aujourd'hui.\nCompta Express"},
    # a newsletter's headlines under its own name: topics told to no one, and a headline is no signature
    {"channel": "email", "raw": "From: Le Courrier du Val <newsletter@courrier-du-val.example>\nSubject: L'essentiel\n\nAmeli : les nouveaux plafonds de remboursement des lunettes\nLire : https://www.courrier-du-val.example/eco/lunettes\n\nCarte Vitale : l'appli disponible partout en France\nLire : https://www.courrier-du-val.example/societe/appli"},
    # the brand under the message as who funds, supports or runs a programme with its sender
    *[{"channel": "email", "raw": "From: Association Prevention <contact@prevention.example>\nSubject: Ateliers\n\nBonjour,\n"
       "Notre atelier nutrition reprend le 10 avril.\nInscription : https://www.prevention.example/ateliers\n\n" + footer}
      for footer in ("Avec le soutien de l'Assurance Maladie", "Action financee par la CPAM de l'Exemple",
                     "En partenariat avec l'Assurance Maladie", "Un programme de l'Assurance Maladie",
                     "Programme M'T dents - Assurance Maladie", "Partenaires : ARS, Assurance Maladie, Ville")],
    # an opening that is a sentence holding the brand, not its label; advice to update the card
    # where it is done, from a sender id that names someone else
    {"channel": "sms", "sender": "LABOBIOVAL", "text": "Carte Vitale non lue : apportez votre attestation de droits."},
    {"channel": "sms", "sender": "+33612345678", "text": "La CPAM ne prend pas en charge cet acte : reste a charge 25 EUR."},
    {"channel": "sms", "sender": "MAIRIE", "text": "Mettez a jour votre carte Vitale a la borne de la pharmacie. https://www.st-exemple.example"},
    # the brand telling "us" (the sender) something, from an organisation's address with no display name
    {"channel": "email", "raw": "From: noreply@rdv-medical.example\nSubject: Information\n\nBonjour,\nLa CPAM nous a transmis votre remboursement de 12,40 EUR.\nL'equipe"},
    # a headline, from an organisation's own address with no display name
    {"channel": "email", "raw": "From: newsletter@courrier-du-val.example\nSubject: L'essentiel\n\nAmeli : les nouveaux tarifs de consultation au 1er decembre\nLire : https://www.courrier-du-val.example/eco/tarifs"},
    # the brand in a sentence that ends a message, not as its signature
    {"channel": "sms", "text": "RDV confirme le 12/05 a 10h. Consultation remboursee par l'Assurance Maladie."},
]
NEWS = b"""From: Le Courrier du Val <newsletter@courrier-exemple.fr>
Subject: Faux messages ameli : une retraitee perd 1 200 euros
Content-Type: text/plain; charset=utf-8

Une habitante a recu un SMS se presentant comme venant de l'Assurance Maladie. Il annoncait un
remboursement en attente. La caisse primaire rappelle qu'elle ne demande jamais de coordonnees bancaires.

Le Courrier du Val
"""
GRANDMA = b"""From: Mamie Jeanne <jeanne.exemple@laposte.net>
Subject: courrier de la cpam
Content-Type: text/plain; charset=utf-8

Bonjour ma Camille, j'ai recu un courrier de la caisse pour refaire ma carte vitale. Tu regarderas dimanche ?
Mamie
"""


def _features(msg):
    return extract(msg, default_profile())


@pytest.mark.parametrize("kind,rec", CLAIMS, ids=[c[0] + ":" + (c[1].get("text") or c[1]["raw"])[:30] for c in CLAIMS])
def test_claims(kind, rec):
    f = _features(from_record(rec))
    assert f.claim and f.claim_kind == kind


@pytest.mark.parametrize("rec", MENTIONS, ids=[(m.get("text") or m["raw"])[:40] for m in MENTIONS])
def test_mentions_are_not_claims(rec):
    f = _features(from_record(rec))
    assert not f.claim and f.mention


@pytest.mark.parametrize("raw", [NEWS, GRANDMA], ids=["newspaper", "grandmother"])
def test_someone_else_speaking_about_the_brand(raw):
    f = _features(from_eml(raw))
    assert not f.claim and f.mention


def test_a_hacked_mailbox_still_claims_through_what_only_the_brand_says():
    raw = b"From: Sophie Exemple <sophie.exemple@gmail.com>\nSubject: Important\n\nVotre carte Vitale arrive a expiration : https://maj-vitale.example\n"
    f = _features(from_eml(raw))
    assert f.claim_kind == "implied"


@pytest.mark.parametrize("rec", [
    {"channel": "sms", "text": "AMEIi : votre dossier est incomplet."},                       # capital I for l
    {"channel": "sms", "text": "ame1i : votre dossier est incomplet."},                       # a one for l
    {"channel": "sms", "text": "\u0410ssurance \u041caladie : votre dossier est incomplet."},  # Cyrillic А and М
    {"channel": "sms", "text": "\u0421\u0420\u0410\u041c : votre dossier est incomplet."},     # CPAM in Cyrillic look-alikes
], ids=["capital-I", "digit-one", "cyrillic-mixed", "cyrillic-whole-word"])
def test_disguised_brand_words_still_claim(rec):
    f = _features(from_record(rec))
    assert f.claim_kind == "opening"


def test_unmask_keeps_ordinary_words_and_lengths():
    from demasque.extract.textnorm import norm
    for ordinary in ("Il faut", "IBAN", "AMELI", "Привет мир", "code 2024", "B2B"):
        assert len(norm(ordinary)) == len(ordinary)
    assert norm("Il faut IBAN") == "il faut iban"
    assert norm("Привет") == "привет"          # a Cyrillic text stays Cyrillic
    assert norm("AMEIi ame1i") == "ameli ameli"


def test_a_capital_i_in_the_sender_domain_is_a_lookalike():
    from demasque.api import analyze
    r = analyze(from_eml(b"From: Assurance Maladie <info@ameIi-assure.fr>\nSubject: Info\n\nBonjour, votre dossier est en cours."))
    ev = [s for s in r.signals if s.rule == "sender.lookalike_domain"]
    assert r.verdict == "scam" and ev and "ameIi" in ev[0].evidence[0]["quote"]
    assert analyze(from_eml(b"From: Assurance Maladie <INFO@AMELI.FR>\nSubject: Info\n\nBonjour.")).verdict == "no_red_flags"


def test_a_pasted_email_opens_after_its_copied_header_lines():
    pasted = ("Objet : Mise à jour de votre dossier\nDe : service@dossier-exemple.com\nAssurance Maladie\n"
              "Madame, Monsieur, merci de nous faire parvenir votre RIB.")
    f = extract(from_record({"channel": "text", "text": pasted}), default_profile())
    assert f.claim_kind == "opening" and f.claim == "assurance maladie"
    # the header lines alone are not an opening: a mention below them stays a mention
    mention = "Objet : rendez-vous\nBonjour, pensez à apporter votre carte Vitale. Le cabinet"
    assert not extract(from_record({"channel": "text", "text": mention}), default_profile()).claim


def test_a_message_signed_by_the_brand_claims_it_whatever_name_it_shows_unless_forwarded():
    signed = ("From: Jean Martin <jean.martin@exemple-mail.fr>\nSubject: Votre dossier\n\n"
              "Bonjour, votre remboursement est en attente : https://dossier-remb.example/x\n\nService Assurance Maladie\n")
    f = extract(from_eml(signed.encode()), default_profile())
    assert f.claim_kind == "signature"   # a hacked mailbox's name, the brand's signature
    forwarded = signed.replace("Subject: Votre dossier", "Subject: TR: Votre dossier")
    assert not extract(from_eml(forwarded.encode()), default_profile()).claim   # a person passing it on


def test_a_pasted_message_opens_after_the_persons_line():
    # "J'ai reçu ça par mail :" then the pasted message, in quotation marks or not
    from demasque.adapters import from_record
    from demasque.api import findings
    for intro in ("J'ai recu ca par mail, c'est vrai ?", "SMS recu ce matin :", "I got this text today:"):
        text = intro + '\n"Assurance Maladie : votre remboursement est en attente, completez vos informations."'
        f = findings(from_record({"channel": "text", "text": text})).features
        assert (f.claim_kind, f.claim) == ("opening", "assurance maladie"), intro
    # a person's own words that merely name the brand further on claim nothing
    f = findings(from_record({"channel": "text", "text": "J'ai recu ma carte Vitale hier.\nMerci ameli !"})).features
    assert f.claim_kind != "opening"


def test_a_pasted_emails_from_is_read_as_an_emails():
    from demasque.adapters import from_record
    from demasque.api import findings
    msg = from_record({"channel": "text", "sender": "Service ameli <remb.service@outlook.fr>", "text": "Votre remboursement est en attente."})
    assert (msg.display_name, msg.sender) == ("Service ameli", "remb.service@outlook.fr")
    assert "sender.freemail_claims_brand" in [s.rule for s in findings(msg).signals]
    # an SMS sender is left as written
    assert from_record({"channel": "sms", "sender": "a <b@c.fr>", "text": "x"}).sender == "a <b@c.fr>"


def test_a_headline_about_scams_that_names_a_product_claims_nothing():
    from demasque.adapters import from_record
    from demasque.api import findings
    def claim(text, channel="text"):
        f = findings(from_record({"channel": channel, "text": text})).features
        return f.claim_kind
    # an article's headline: the product as its topic, nothing said to the reader
    assert claim("Carte Vitale : une retraitee victime d'un faux SMS\nElle pensait renouveler sa carte.") == ""
    # the same opening speaking to the reader, or the brand's own name, claims
    assert claim("Carte Vitale : arnaque en cours, renouvelez votre carte sur https://vitale-renouv.fr", "sms") == "opening"
    assert claim("Assurance Maladie : attention aux faux SMS qui circulent.", "sms") == "opening"


def test_the_opening_line_is_no_signature():
    from demasque.adapters import from_record
    from demasque.api import findings
    f = findings(from_record({"channel": "text", "text": "Carte Vitale : une retraitee victime.\nhttps://www.courrier-du-val.fr/article"})).features
    assert f.claim_kind != "signature"


def test_advice_to_update_the_card_is_anyones_the_cards_state_is_the_brands():
    from demasque.adapters import from_record
    from demasque.api import findings
    def kind(raw):
        return findings(from_record({"channel": "email", "raw": raw})).features.claim_kind
    mutuelle = ("From: Mutuelle Horizon <news@horizon-mutuelle.fr>\nSubject: Vos demarches\n\n"
                "{text}\n\nVotre mutuelle Horizon")
    assert kind(mutuelle.format(text="Pensez a mettre a jour votre carte Vitale avant l'ete.")) == ""
    # the state of the reader's card is the brand's to tell, whoever signs
    assert kind(mutuelle.format(text="Votre carte Vitale expire le 30/06, renouvelez-la ici.")) == "implied"
    # with nobody else visibly speaking, the advice still speaks for the brand
    assert kind("From: x@y.com\nSubject: Info\n\nMettez a jour votre carte Vitale sur https://maj-vitale.com") == "implied"


def test_a_name_in_parts_names_each_part():
    from demasque.extract.claim import name_tokens
    assert "mipsante" in name_tokens(["service recouvrement - mip sante"])


def test_common_nouns_name_a_speaker_only_when_nothing_else_does():
    from demasque.extract.claim import name_tokens
    toks = name_tokens(["caisse de retraite complementaire arvalis"])
    assert "arvalis" in toks and "retraite" not in toks and "caisse" not in toks
    assert "pharmacie" in name_tokens(["pharmacie"])


def test_a_pasted_sms_opens_after_what_the_app_draws_above_it():
    from demasque.api import analyze_record
    r = analyze_record({"channel": "text", "text": "Aujourd'hui 16:51\nAssurance Maladie : Vous etes eligible a une aide exceptionnelle de 350EUR. "
                                                   "Faites votre demande avant le 31/03 : https://css-aide-sante.example/demande"})
    assert r.verdict == "scam", [s.rule for s in r.signals]


def test_an_authenticated_address_of_any_of_the_brands_domains_is_the_brand():
    from demasque.api import analyze_eml
    raw = (b"From: Mon espace sante <ne-pas-repondre@monespacesante.fr>\nSubject: Nouveau message\n"
           b"Authentication-Results: mx.example.fr; spf=pass; dkim=pass header.d=monespacesante.fr; dmarc=pass header.from=monespacesante.fr\n\n"
           b"Vous avez recu un nouveau message. Connectez-vous sur https://www.monespacesante.fr. Assistance : 34 22.")
    r = analyze_eml(raw)
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]


def test_a_fake_sms_shown_as_an_example_deep_in_a_newsletter_claims_nothing():
    items = "\n\n".join(f"Rubrique {i} : la mediatheque ouvre ses portes le samedi, venez nombreux decouvrir les nouveautes." for i in range(8))
    raw = ("From: Ville Exemple <newsletter@ville-exemple.fr>\nSubject: La lettre de la ville\n\n" + items +
           "\n\nAttention aux arnaques. Exemple de SMS recu par une habitante :\n\n[SMS frauduleux]\n> ameli : votre dossier est incomplet. "
           "Sans action de votre part votre carte Vitale sera suspendue.\n\nL'Assurance Maladie ne suspend pas votre carte par SMS.")
    f = extract(from_eml(raw.encode()), default_profile())
    assert not f.claim, (f.claim_kind, f.claim)


def test_a_message_passed_on_as_a_scam_claims_nothing_one_passed_on_in_doubt_does():
    from demasque.api import analyze_record
    warn = {"channel": "sms", "sender": "+33700000007", "text": "Salut, fais gaffe, je viens de recevoir un faux SMS \"AMELI : votre carte Vitale expire, "
            "commandez la nouvelle (frais 1,49 EUR) : ameli-exemple-renouv.com\". C'est une arnaque, ne clique sur rien !"}
    assert analyze_record(warn).verdict == "no_red_flags"
    doubt = dict(warn, text="Salut, je viens de recevoir ce SMS \"AMELI : votre carte Vitale expire, commandez la nouvelle "
                            "(frais 1,49 EUR) : ameli-exemple-renouv.com\". C'est une arnaque ?")
    assert analyze_record(doubt).verdict != "no_red_flags"


def test_a_scams_words_quoted_in_a_message_that_calls_it_a_scam_claim_nothing():
    from demasque.api import analyze_record
    raw = ("From: Banque Exemple <information@banque-exemple.fr>\nSubject: Security update\n\n"
           "Many clients report texts pretending to come from ameli: \"your carte Vitale is expiring\", \"a refund of 218 EUR is waiting\".\n"
           "The monthly fee of the International Pack stays at 9.50 EUR. Price list: banque-exemple.fr/en/fees\nBanque Exemple")
    r = analyze_record({"channel": "email", "raw": raw})
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]
    # quoted in a message that does not call them a scam, they are still read as the message's
    r2 = analyze_record({"channel": "email", "raw": raw.replace("pretending to come from", "from")})
    assert r2.verdict != "no_red_flags"


def test_a_footer_note_is_no_signature():
    from demasque.extract.claim import speaker_names
    from demasque.extract.textnorm import norm
    text = norm("Votre mot de passe a expire.\n\nMutuelle des Artisans de Loire\n"
                "Cet e-mail est envoye automatiquement, merci de ne pas y repondre.")
    names = speaker_names("email", "", "", text)
    # the name above the automated-mail note signs the message; the note names no one
    assert names == ["mutuelle des artisans de loire"]
    assert speaker_names("email", "", "", norm("Bonjour.\n\nCordialement,\nCabinet Exemple\nVous recevez ce courriel car vous etes patient du cabinet.")) \
        == ["cabinet exemple"]


def test_a_replys_quoted_lines_do_not_sign_it():
    from demasque.extract.claim import speaker_names
    from demasque.extract.textnorm import norm
    reply = norm("Bonjour Madame,\nOui, c'est possible.\n\nJeanne Exemple\nCabinet Exemple\n\n"
                 "----- Mail original -----\nDe: Paul <paul@exemple.fr>\nObjet: CPF\n\n> Bonjour,\n> est-ce possible avec mon CPF ?")
    assert speaker_names("email", "", "", reply) == ["cabinet exemple"]
    # a quote pasted under the line that introduces it is the message itself: its closing signs
    pasted = norm("Ma soeur m'a transfere ca, je vous le colle :\n\n> Cher assure,\n> Validez votre remboursement.\n> Service Client Exemple")
    assert any(n.endswith("service client exemple") for n in speaker_names("text", "", "", pasted))
