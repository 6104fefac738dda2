"""A synthetic feed of reported messages with known campaigns, for the triage's evaluation and speed.

    python benchmarks/triage_feed.py --n 20000 --out feed.jsonl [--seed 7] [--days 14]

Every message is invented. Scam kits rotate names, amounts, reference numbers, callback numbers,
sender numbers and domains, and vary their wording a little (synonyms, an optional sentence,
accents dropped, capitals); some kits come in two different wordings that share domains and numbers
(only the shared indicators can join them); one kit copies a genuine Assurance Maladie message word
for word with its own link, another one with its own number. Mixed in: genuine Assurance Maladie messages (official senders and
links) and everyday SMS (appointments, parcels, codes, family). Each line is a batch record with
`received`, plus `truth` (the kit or template) and `label` (scam, genuine, everyday), which the
triage ignores.
"""
from __future__ import annotations

import argparse
import json
import random
import string
import sys
from datetime import datetime, timedelta, timezone

FIRST = ["Claire", "Julien", "Nadia", "Thomas", "Sophie", "Karim", "Lucie", "Antoine", "Yasmine", "Hugo",
         "Chloé", "Mehdi", "Élodie", "Paul", "Inès", "Louis", "Camille", "Nicolas", "Sarah", "Théo"]
LAST = ["Martin", "Bernard", "Moreau", "Lefèvre", "Girard", "Bonnet", "Mercier", "Faure", "Rousseau", "Blanc",
        "Garnier", "Chevalier", "Fontaine", "Roux", "Vincent", "Muller", "Lambert", "Fournier", "Morel", "Gauthier"]
TLDS = ["com", "info", "net", "online", "site", "top", "xyz", "live", "support", "click", "fr"]
DOMAIN_WORDS = ["sante", "dossier", "remb", "vitale", "compte", "droits", "secu", "assure", "suivi", "verif",
                "maj", "portail", "service", "espace", "aide", "client", "info", "acces", "gestion", "carte"]

# Scam kits: wordings (one or two, different), the kind of sender, the indicators they rotate.
# {name} {amount} {date} {ref} {url} {phone} {hours}; [a|b] picks a synonym; (( ... )) is optional.
KITS = [
    {"w": ["Assurance Maladie: [votre|ta] carte Vitale expire le {date}. ((Pour eviter une interruption de vos droits, ))[mettez-la a jour|renouvelez-la] [sur|via] {url}"],
     "link": "combo", "sender": "alpha"},
    {"w": ["AMELI: un remboursement de {amount} est en attente sur votre dossier {ref}. [Validez|Confirmez] vos coordonnees [sous|avant] {hours}h: {url}"],
     "link": "combo", "sender": "alpha"},
    {"w": ["Bonjour {name}, votre nouvelle carte Vitale est [prete|disponible]. Des frais d'envoi de {amount} sont a regler pour la recevoir: {url}",
           "{name}, [l'expedition|l'envoi] de votre carte Vitale est bloque faute de paiement des frais de port. Reglez-les ici avant expiration: {url}"],
     "link": "combo", "sender": "mobile"},
    {"w": ["CPAM: Votre dossier [est incomplet|presente une anomalie]. Merci de contacter [le service client|un conseiller] au {phone} avant le {date}."],
     "link": "none", "phone": "premium", "sender": "alpha"},
    {"w": ["ameli: suite a une erreur de traitement sur votre dossier {ref}, [merci de rappeler|veuillez rappeler] votre conseiller au {phone} [au plus vite|des que possible]."],
     "link": "none", "phone": "mobile", "sender": "mobile"},
    {"w": ["Cher(e) assure(e), vos droits a l'Assurance Maladie seront suspendus dans {hours}h. Pour eviter cela, appelez [imperativement|sans tarder] le {phone}.",
           "Dernier rappel: sans action de votre part, la suspension de vos droits sante prendra effet. Un conseiller vous attend au {phone} ((du lundi au samedi))."],
     "link": "none", "phone": "voip", "sender": "alpha"},
    {"w": ["Votre compte ameli a ete suspendu suite a une activite inhabituelle. [Reactivez-le|Debloquez-le] [des maintenant|immediatement]: {url}"],
     "link": "subdomain", "sender": "alpha"},
    {"w": ["Assurance Maladie: Vous beneficiez d'un remboursement de {amount}. Pour le recevoir, renseignez votre RIB ((avant le {date})): {url}"],
     "link": "shortener", "sender": "alpha"},
    {"w": ["Madame, Monsieur, suite a la mise a jour de nos services, nous vous invitons a [confirmer|verifier] votre identite ainsi que votre numero de securite sociale sur {url}. Sans reponse sous {hours}h votre dossier sera cloture."],
     "link": "combo", "sender": "email", "channel": "email", "subject": ["Mise a jour de votre dossier", "Action requise: votre dossier {ref}"]},
    {"w": ["ASSURANCE MALADIE: votre attestation de droits expire. Telechargez la nouvelle attestation depuis votre espace ((personnel)): {url}"],
     "link": "typo", "sender": "alpha"},
    {"w": ["Bonjour {name}, nous avons detecte un trop-percu de {amount} sur vos prestations. Pour eviter des poursuites, [regularisez|reglez] votre situation [sur|via] {url} ou au {phone}."],
     "link": "combo", "phone": "premium", "sender": "mobile"},
    {"w": ["Votre demande de carte europeenne d'assurance maladie (CEAM) [est en attente|n'a pas abouti]. Completez votre demande: {url}"],
     "link": "combo", "sender": "alpha"},
    {"w": ["Info Sante: Un rendez-vous de depistage [vous a ete attribue|est reserve a votre nom] le {date}. Confirmez votre presence et reglez {amount} de frais de dossier: {url}",
           "Rappel: votre place pour le bilan de sante gratuit sera attribuee a une autre personne si vous ne payez pas la reservation. Lien: {url}"],
     "link": "combo", "sender": "mobile"},
    {"w": ["{name}, votre mutuelle et l'Assurance Maladie [ont mis a jour|actualisent] vos garanties. Verifiez vos informations bancaires sous {hours}h: {url}"],
     "link": "combo", "sender": "mobile"},
    {"w": ["ameli.fr: Vous avez un nouveau message concernant votre dossier {ref}. Consultez-le en vous connectant: {url}"],
     "link": "subdomain", "sender": "alpha"},
    {"w": ["Service client Ameli. Votre remboursement de {amount} a ete refuse car vos coordonnees bancaires sont erronees. Mettez-les a jour ((en ligne)) sous {hours}h: {url}"],
     "link": "combo", "sender": "email", "channel": "email", "subject": ["Remboursement refuse", "Votre remboursement de {amount}"]},
    {"w": ["Votre carte Vitale a ete [desactivee|bloquee] suite a une fraude. Pour la reactiver, appelez le {phone} ((service gratuit))."],
     "link": "none", "phone": "premium", "sender": "alpha"},
    {"w": ["Assurance Maladie: il vous reste {amount} a payer pour votre derniere consultation. Reglez en ligne pour eviter une majoration: {url}"],
     "link": "shortener", "sender": "mobile"},
    {"w": ["CPAM {city}: votre medecin traitant a declare une modification. Validez-la avec votre numero de securite sociale et votre date de naissance: {url}"],
     "link": "combo", "sender": "alpha"},
    {"w": ["Urgent: votre dossier de sante sera supprime le {date}. Sauvegardez-le en vous identifiant sur {url}"],
     "link": "typo", "sender": "mobile"},
    # copies the genuine "attestation" message word for word, with its own link
    {"w": ["Assurance Maladie: votre attestation de droits est disponible dans votre compte ameli. Rendez-vous sur {url}"],
     "link": "combo", "sender": "alpha"},
    {"w": ["Bonjour, ceci est un message de l'Assurance Maladie. Une prime de {amount} vous est due au titre de la prevention. Recuperez-la ici: {url}",
           "Felicitations {name}! Vous etes eligible a l'aide sante exceptionnelle. Il ne vous reste qu'a valider votre IBAN pour la percevoir: {url}"],
     "link": "combo", "sender": "mobile"},
    {"w": ["AMELI INFO: [votre|la] mise a jour de votre carte Vitale est obligatoire avant le {date}. Appelez le {phone} [muni de|avec] votre RIB."],
     "link": "none", "phone": "voip", "sender": "alpha"},
    # copies a genuine warning word for word, with its own premium-rate number instead of 3646
    {"w": ["L'Assurance Maladie ne vous demandera jamais vos coordonnees bancaires par SMS ou par courriel. En cas de doute, appelez le {phone}."],
     "link": "none", "phone": "premium", "sender": "alpha"},
    {"w": ["Nous n'avons pas pu verifier votre identite. Votre espace sante sera bloque dans {hours}h. [Verifiez|Confirmez] ici: {url}"],
     "link": "combo", "sender": "mobile"},
]
CITIES = ["Paris", "Lyon", "Lille", "Nantes", "Rennes", "Toulouse", "Bordeaux", "Marseille", "Nice", "Dijon"]

GENUINE = [
    ("ASSURANCE MALADIE: votre attestation de droits est disponible dans votre compte ameli. Rendez-vous sur https://www.ameli.fr/assure", "sms", "38663"),
    ("ASSURANCE MALADIE: la campagne de vaccination contre la grippe est ouverte. Infos: https://www.ameli.fr/vaccination", "sms", "38663"),
    ("Assurance Maladie: votre remboursement de {amount} a ete effectue. Detail dans votre compte ameli.", "sms", "38663"),
    ("ASSURANCE MALADIE: M'T dents, un rendez-vous chez le dentiste offert pour votre enfant. En savoir plus sur ameli.fr", "sms", "38663"),
    ("Votre CPAM vous informe: votre carte Vitale a ete expediee a votre domicile. Aucune demarche n'est necessaire.", "sms", "38663"),
    ("L'Assurance Maladie ne vous demandera jamais vos coordonnees bancaires par SMS ou par courriel. En cas de doute, appelez le 3646.", "sms", "38663"),
    ("Bonjour {name}, un nouveau document est disponible dans votre compte ameli. Consultez-le dans la rubrique Mes messages.", "email", "ne_pas_repondre@assurance-maladie.fr"),
    ("Depistage du cancer colorectal: votre kit est disponible. Commandez-le sur https://monkit.depistage-colorectal.fr ou demandez-le a votre medecin.", "sms", "38663"),
    ("Votre releve mensuel de remboursements est disponible dans votre compte ameli, rubrique Mes paiements.", "email", "ne_pas_repondre@assurance-maladie.fr"),
    ("Assurance Maladie: pensez a mettre a jour votre carte Vitale en pharmacie ou dans une borne une fois par an. Infos: https://www.ameli.fr", "sms", "38663"),
]

EVERYDAY = [
    "Coucou, on se retrouve a {h}h devant la pharmacie ? Bises",
    "Rappel: RDV chez le Dr {last} le {date} a {h}h{m}. En cas d'empechement, prevenez le cabinet.",
    "Votre code de verification est {code}. Ne le communiquez a personne.",
    "Ton colis est arrive au point relais, code de retrait {code}.",
    "Je serai en retard de {m} minutes, desole !",
    "Merci pour hier soir, c'etait super. On remet ca bientot ?",
    "Pharmacie {last}: votre commande est prete, vous pouvez passer la retirer.",
    "Maman, tu peux m'appeler quand tu as 5 min ?",
    "Votre facture de {amount} est disponible dans votre espace client.",
    "Le plombier passera demain entre {h}h et {h2}h.",
    "Tu as pense a prendre le pain ?",
    "Votre rendez-vous de vaccination est confirme le {date} a {h}h{m} au centre de {city}.",
    "N'oublie pas la reunion de parents d'eleves jeudi a {h}h.",
    "Bonne annee ! Plein de bonnes choses pour toi et ta famille",
    "Votre taxi arrive dans {m} minutes, vehicule gris.",
    "Alerte meteo: vigilance orange orages sur votre departement cet apres-midi.",
    "Ton inscription au club est validee, premier entrainement samedi {h}h.",
    "Le cabinet du Dr {last} est ferme le {date}. Pour une urgence appelez le 15.",
    "On mange ensemble vendredi midi ?",
    "Votre forfait mobile est renouvele. Consommation du mois: {m} Go.",
]


def _pick(template: str, rng: random.Random) -> str:
    """Resolve [a|b] synonyms, drop or keep (( ... )) parts, then vary the surface a little."""
    out, i = [], 0
    while i < len(template):
        if template.startswith("((", i):
            j = template.index("))", i)
            if rng.random() < 0.6:
                out.append(template[i + 2:j])
            i = j + 2
        elif template[i] == "[":
            j = template.index("]", i)
            out.append(rng.choice(template[i + 1:j].split("|")))
            i = j + 1
        else:
            out.append(template[i])
            i += 1
    return " ".join("".join(out).split())


PREFIXES = ["", "", "", "[Info] ", "Rappel: ", "URGENT - ", "Message important: "]
SUFFIXES = ["", "", "", " STOP au 36180", " Merci.", " Cordialement.", " Ne pas repondre."]


SYNONYMS = {"votre": ["ton", "votre"], "dossier": ["compte", "dossier", "espace"], "sur": ["via", "sur"],
            "vos": ["tes", "vos"], "immediatement": ["tout de suite"], "merci": ["svp", "merci"],
            "avant": ["d'ici", "avant"], "informations": ["donnees", "infos"], "confirmer": ["valider"]}


def _noise(text: str, rng: random.Random, level: float) -> str:
    """Harder feeds: words swapped for synonyms, dropped, or doubled, at rate `level`."""
    out = []
    for w in text.split(" "):
        r = rng.random()
        if r < level and w.lower() in SYNONYMS:
            out.append(rng.choice(SYNONYMS[w.lower()]))
        elif r < level * 1.5 and "{" not in w and "://" not in w:
            continue
        else:
            out.append(w)
            if r > 1 - level / 3:
                out.append(w)
    return " ".join(out)


def _surface(text: str, rng: random.Random, noise: float = 0.0) -> str:
    """What gateways and senders do to one kit: capitals, accents, a prefix or a closing word."""
    if noise:
        text = _noise(text, rng, noise)
    r = rng.random()
    if r < 0.05:
        text = text.upper()
    elif r < 0.2:
        text = text.replace("e a ", "e à ").replace("expire", "expiré").replace("a ete", "a été").replace("eligible", "éligible")
    elif r < 0.25:
        text = text.lower()
    return rng.choice(PREFIXES) + text + rng.choice(SUFFIXES)


class Kit:
    def __init__(self, k: int, spec: dict, rng: random.Random):
        self.k, self.spec = k, spec
        n_dom = rng.choice([1, 2, 3, 5, 8, 15])
        brand = rng.choice(["ameli", "vitale", "cpam", "assurance-maladie", "sante"])
        self.domains = []
        for _ in range(n_dom):
            w = rng.choice(DOMAIN_WORDS)
            tld = rng.choice(TLDS)
            if spec["link"] == "typo":
                d = rng.choice(["amelli", "arneli", "ameIi", "amel1", "aameli"]) + f"-{w}{rng.randint(1, 99)}.{tld}"
            elif spec["link"] == "subdomain":
                d = f"ameli.fr.{w}{rng.randint(10, 999)}-{rng.choice(DOMAIN_WORDS)}.{tld}"
            else:
                d = f"{brand}-{w}-{''.join(rng.choices(string.ascii_lowercase, k=4))}.{tld}"
            self.domains.append(d)
        self.phones = [self._phone(spec.get("phone", "mobile"), rng) for _ in range(rng.choice([1, 2, 4, 8]))]
        self.senders = [self._phone("mobile", rng) for _ in range(rng.choice([3, 10, 40]))]
        self.alpha = rng.choice(["AMELI", "CPAM", "AssurMaladie", "Ameli-Info", "INFO-CPAM", "AM-SANTE"])
        self.mail_domain = f"{rng.choice(DOMAIN_WORDS)}-{''.join(rng.choices(string.ascii_lowercase, k=5))}.{rng.choice(TLDS)}"

    @staticmethod
    def _phone(kind: str, rng: random.Random) -> str:
        if kind == "premium":
            return f"0899 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if kind == "voip":
            return f"09 {rng.randint(70, 79)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        return f"06 {rng.randint(12, 44)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"

    def message(self, rng: random.Random, noise: float = 0.0) -> dict:
        spec = self.spec
        wording = rng.randrange(len(spec["w"]))
        dom = rng.choice(self.domains)
        path = rng.choice(["", "/", f"/{rng.choice(DOMAIN_WORDS)}", f"/d/{rng.randint(1000, 99999)}", f"/?id={rng.randint(100, 9999)}"])
        url = ("https://" if rng.random() < 0.7 else "") + dom + path
        if spec["link"] == "shortener":
            url = rng.choice(["bit.ly/", "tinyurl.com/", "cutt.ly/"]) + "".join(rng.choices(string.ascii_letters + string.digits, k=7))
        fields = dict(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.7 else rng.choice(FIRST),
                      amount=f"{rng.randint(12, 480)},{rng.randint(0, 99):02d} {rng.choice(['EUR', '€', 'euros'])}",
                      date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}", ref=f"{rng.choice('ABCDEFGH')}{rng.randint(10000, 99999)}",
                      url=url, phone=rng.choice(self.phones), hours=rng.choice([24, 48, 72]), city=rng.choice(CITIES))
        text = _surface(_pick(spec["w"][wording], rng).format(**fields), rng, noise)
        rec = {"channel": spec.get("channel", "sms"), "text": text}
        if spec["sender"] == "email":
            rec["sender"] = f"{rng.choice(['service', 'contact', 'noreply', 'info'])}{rng.randint(1, 99)}@{self.mail_domain}"
            rec["subject"] = _pick(rng.choice(spec["subject"]), rng).format(**fields)
        elif spec["sender"] == "alpha" and rng.random() < 0.7:
            rec["sender"] = self.alpha
        else:
            rec["sender"] = rng.choice(self.senders)
        rec["truth"], rec["label"] = f"scam-{self.k:02d}", "scam"
        return rec


def genuine(rng: random.Random) -> dict:
    i = rng.randrange(len(GENUINE))
    tmpl, channel, sender = GENUINE[i]
    text = tmpl.format(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                       amount=f"{rng.randint(12, 480)},{rng.randint(0, 99):02d} EUR")
    rec = {"channel": channel, "text": text, "sender": sender}
    if channel == "email":
        rec["subject"] = "Un nouveau document est disponible" if i == 6 else "Votre releve de remboursements"
    rec["truth"], rec["label"] = f"genuine-{i:02d}", "genuine"
    return rec


def everyday(rng: random.Random) -> dict:
    i = rng.randrange(len(EVERYDAY))
    text = EVERYDAY[i].format(h=rng.randint(8, 20), h2=rng.randint(12, 21), m=rng.choice(["00", "15", "30", "45", "10", "20"]),
                              last=rng.choice(LAST), date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}",
                              code=rng.randint(100000, 999999), amount=f"{rng.randint(12, 180)},{rng.randint(0, 99):02d} EUR",
                              city=rng.choice(CITIES))
    return {"channel": "sms", "text": text, "sender": Kit._phone("mobile", rng) if rng.random() < 0.6 else rng.choice(["38015", "36179", "Doctolib", "LaPoste"]),
            "truth": f"everyday-{i:02d}", "label": "everyday"}


def feed(n: int, seed: int = 7, days: int = 14, scam_share: float = 0.7, genuine_share: float = 0.1,
         start: datetime | None = None, kits: list | None = None, noise: float = 0.0):
    """Yield n records. Kit sizes follow a Zipf-like law; each kit is active on a window of days."""
    rng = random.Random(seed)
    kits = kits or [Kit(k, spec, random.Random(seed * 1000 + k)) for k, spec in enumerate(KITS)]
    weights = [1 / (r + 1) ** 0.8 for r in range(len(kits))]
    rng.shuffle(weights)
    start = start or datetime(2025, 3, 3, tzinfo=timezone.utc)
    windows = [(rng.uniform(0, days * 0.6), rng.uniform(1, days)) for _ in kits]
    for i in range(n):
        r = rng.random()
        if r < scam_share:
            k = rng.choices(range(len(kits)), weights)[0]
            rec = kits[k].message(rng, noise)
            w0, w1 = windows[k]
            offset = min(days, w0 + rng.uniform(0, w1))
        else:
            rec = genuine(rng) if r < scam_share + genuine_share else everyday(rng)
            offset = rng.uniform(0, days)
        rec["id"] = f"r{seed}-{i:07d}"
        rec["received"] = (start + timedelta(days=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield rec


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--noise", type=float, default=0.0, help="share of words swapped, dropped or doubled (0.1: a hard feed)")
    ap.add_argument("--out", default="-")
    a = ap.parse_args(argv)
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    for rec in feed(a.n, a.seed, a.days, noise=a.noise):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
