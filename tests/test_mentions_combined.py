"""Mentioning is not claiming, whatever the mix: messages built from sentences in which third
parties (a mutuelle, a pharmacy, a newspaper, an employer, a friend ...) name the Assurance
Maladie, the CPAM, ameli, the carte Vitale or Mon espace santé as someone else, in plain text or
HTML, authenticated or not, with a link to the sender's own site or none. None may be `scam`, and
at most 2 % `suspicious` (the issue's bar for ordinary mentions). The combinations are drawn with a
fixed seed, so a failure names the sentences that broke the rule."""
import random

from demasque.adapters import from_eml
from demasque.pipeline import analyze

SENDERS = [
    ("Mutuelle Horizon", "adherents@mutuelle-horizon.example", "https://espace.mutuelle-horizon.example/adherent"),
    ("Pharmacie des Lilas", "contact@pharmacie-des-lilas.example", "https://www.pharmacie-des-lilas.example/commande"),
    ("Claire Martin", "claire.martin@example.net", ""),
    ("Service RH", "rh@boulangeries-exemple.example", "https://rh.boulangeries-exemple.example/portail"),
    ("Le Courrier du Val", "newsletter@courrier-du-val.example", "https://www.courrier-du-val.example/article/123"),
    ("Mairie de Saint-Exemple", "info@saint-exemple.example", "https://www.saint-exemple.example/agenda"),
    ("Laboratoire BioVal", "resultats@bioval-labo.example", "https://resultats.bioval-labo.example"),
]
SENTENCES = [
    "Pensez à apporter votre carte Vitale et votre attestation de mutuelle.",
    "Votre part Sécurité sociale a été réglée directement par la CPAM.",
    "L'Assurance Maladie rembourse cette consultation à 70 %.",
    "La CPAM nous a transmis votre remboursement de 12,40 EUR.",
    "Vos indemnités journalières sont versées par votre caisse primaire d'assurance maladie.",
    "Votre dossier a été transmis à l'Assurance Maladie le 3 mars.",
    "Pour toute question sur vos droits, appelez le 3646 ou connectez-vous à votre compte ameli.",
    "Votre attestation de droits est téléchargeable sur ameli.fr, rubrique Mes attestations.",
    "Mettez à jour votre carte Vitale une fois par an dans une pharmacie.",
    "La carte Vitale est gratuite : méfiez-vous des messages qui demandent des frais.",
    "Ameli : nouveaux tarifs de consultation au 1er décembre.",
    "Nous ne vous demanderons jamais votre mot de passe ameli ni vos coordonnées bancaires.",
    "Un remboursement de 23,50 EUR a été effectué par la Sécurité sociale sur votre compte.",
    "Si votre carte Vitale est perdue, déclarez-le sur votre compte ameli.",
    "Pour activer votre profil Mon espace santé, munissez-vous du code reçu par courrier.",
    "Code de confirmation : 482913. Ne le communiquez à personne.",
    "Connectez-vous avec votre identifiant et votre mot de passe habituels.",
    "Votre numéro de sécurité sociale figure sur votre carte Vitale.",
    "Attention aux faux SMS « Votre carte Vitale expire » : ne cliquez pas, c'est une arnaque.",
    "Merci de nous transmettre votre attestation de droits à l'Assurance Maladie avant le 15/04.",
    "Nous avons besoin d'une copie de votre carte Vitale pour compléter votre dossier.",
    "Plus d'informations sur https://www.ameli.fr/assure/remboursements.",
    "Votre carte Vitale sera mise à jour automatiquement lors de votre prochain passage en pharmacie.",
    "Vous avez droit à un remboursement de 35 EUR sur votre prochaine cotisation, sans démarche.",
    "En cas de doute sur un message, contactez directement votre CPAM au 3646.",
]
SUBJECTS = ["Information", "Votre carte Vitale", "Votre compte ameli", "Attestation de droits", "Remboursement", "Important"]


def _message(rng: random.Random) -> tuple[bytes, str]:
    name, addr, link = rng.choice(SENDERS)
    said = rng.sample(SENTENCES, rng.randint(2, 4))
    body = "Bonjour,\n" + "\n".join(said) + (f"\n{link}" if link and rng.random() < 0.5 else "") + f"\n{name}"
    domain = addr.split("@")[1]
    auth = (f"Authentication-Results: mx.example; dkim=pass header.d={domain}; dmarc=pass header.from={domain}\n"
            if rng.random() < 0.5 else "")
    if rng.random() < 0.5:
        ctype = "text/html; charset=utf-8"
        body = "<html><body>" + "".join(f"<p>{line}</p>" for line in body.split("\n")) + \
               (f'<p><a href="{link}">Accéder à mon espace</a></p>' if link else "") + "</body></html>"
    else:
        ctype = "text/plain; charset=utf-8"
    raw = (f"From: {name} <{addr}>\nTo: lecteur@example.net\nSubject: {rng.choice(SUBJECTS)}\n{auth}"
           f"MIME-Version: 1.0\nContent-Type: {ctype}\n\n{body}\n")
    return raw.encode(), " / ".join(said)


def test_third_parties_naming_the_brand_never_make_a_scam():
    rng = random.Random(20261129)
    verdicts, scams = [], []
    for _ in range(150):
        raw, said = _message(rng)
        report = analyze(from_eml(raw))
        verdicts.append(report.verdict)
        if report.verdict == "scam":
            scams.append((said, [s.rule for s in report.signals]))
    assert not scams, scams[:3]
    assert verdicts.count("suspicious") <= 0.02 * len(verdicts), verdicts.count("suspicious")


SMS_SENDERS = [("PHARMALILAS", "Pharmacie des Lilas", "https://pharmacie-des-lilas.example/cmd"),
               ("LABOBIOVAL", "Labo BioVal", "https://resultats.bioval-labo.example"), ("MAIRIE", "Mairie de St-Exemple", ""),
               ("+33612345678", "", ""), ("CABINETDRM", "Cabinet Dr Morel", "")]
SMS_SENTENCES = [
    "Pensez a votre carte Vitale et votre carte de mutuelle.", "Votre commande est prete, presentez votre carte Vitale.",
    "Remboursement de 23,50 EUR effectue (part Secu 16,50 EUR).", "La CPAM ne prend pas en charge cet acte : reste a charge 25 EUR.",
    "Carte Vitale non lue : apportez votre attestation de droits.", "Votre code de retrait : 4832.",
    "Attention aux faux SMS ameli qui demandent des frais : ne cliquez pas.", "Permanence CPAM mardi 9h-12h en mairie, sur RDV au 3646.",
    "Mettez a jour votre carte Vitale a la borne de la pharmacie.", "Votre arret a bien ete transmis a la CPAM.",
]


def test_third_parties_texting_about_the_brand_never_make_a_scam():
    from demasque.adapters import from_record
    rng = random.Random(20261130)
    scams = []
    for _ in range(150):
        sender, name, link = rng.choice(SMS_SENDERS)
        said = rng.sample(SMS_SENTENCES, rng.randint(1, 3))
        text = (f"{name} : " if name and rng.random() < 0.6 else "") + " ".join(said) + (f" {link}" if link and rng.random() < 0.5 else "")
        report = analyze(from_record({"channel": "sms", "sender": sender, "text": text}))
        if report.verdict != "no_red_flags":
            scams.append((text, report.verdict, [s.rule for s in report.signals]))
    assert len(scams) <= 3 and all(v != "scam" for _, v, _ in scams), scams[:3]
