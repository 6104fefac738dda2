"""Who speaks: does the message claim to BE the brand, or only mention it?

A message claims to be Assurance Maladie when it speaks *as* it — its sender, its opening
("AMELI : ...", "Assurance Maladie - ..."), its subject, its signature ("L'Assurance Maladie",
"Votre caisse"), the brand addressing the reader ("votre CPAM vous informe ...") — or when it tells
the reader something only the brand could (the state of their carte Vitale or compte ameli: the
profile's `implied_claims`). It only *mentions* the brand when it names the carte Vitale, the CPAM
or ameli as a third party: a doctor's "apportez votre carte Vitale", a mutuelle's "part Sécurité
sociale", a newspaper on fake ameli SMS, a friend, an employer.

Brand rules (unofficial link, unofficial sender, fees, reimbursement lures ...) apply only to a
claim (`Features.claim`); a mention sets `Features.mention` alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .textnorm import norm

# words that tell another message's or someone's words just before: "des SMS disant que", "texts saying"
_TOLD_BEFORE = re.compile(r"\b(?:disant|pretendant|affirmant|annoncant|indiquant|expliquant|saying|claiming|pretending|telling you|qui (?:disent|dit|pretend\w*|affirm\w*|annonc\w*))\b(?: que| qu'| that)?[^.!?\n]{0,30}$"
                          # a message named, then its words in quotation marks: 'reçu un SMS "Votre carte Vitale expire ..."'
                          r"|\b(?:sms|textos?|messages?|mails?|e-mails?|courriels?|texts?)\b[^.!?\n\"«“]{0,12}[\"«“]\s*$")
# a fake message shown as an example, deeper in a newsletter than its opening
_EXAMPLE_BEFORE = re.compile(r"\b(?:exemples? de (?:sms|messages?|mails?|e-mails?|courriels?|textos?)|(?:sms|messages?|mails?|e-mails?|courriels?|textos?) (?:frauduleux|malveillants?|piege)"
                             r"|(?:texts|messages|e-?mails|sms|textos) (?:\w+ ){0,3}(?:like|such as|du genre|du type|comme)"
                             r"|faux (?:sms|messages?|mails?|e-mails?|courriels?)|(?:scam|fake|fraudulent|phishing) (?:text|message|e-?mail|sms)s?|examples? of (?:a )?(?:scam|fake))\b")
# A line that opens with a name and a separator: "AMELI: ...", "Pharmacie du Centre - ...".
_GREETING_THEN = re.compile(r"(?:bonjour|bonsoir|hello|salut)\b[^\n.:,]{0,25}?[,.!]?[ \t]+(?:la |l')?")
# the brand's name and where it is, alone on the opening line (a letterhead: "CAISSE PRIMAIRE
# D'ASSURANCE MALADIE DU VAL-DE-MARNE", "CPAM de Paris :")
_PLACE_LINE = re.compile(r"[ \t]+(?:de|du|des|d')[ \t']?[^\n:.,;!?]{1,40}?[ \t]*(?:\n|:)")
# the name, and at most where it is ("de votre département", "du Rhône"), as a sentence of its own
# on the greeting's line (not a label opening the next line: "Bonjour,\nAmeli : nouveaux tarifs")
_NAMED_ALONE = re.compile(r"(?:[ \t](?:de|du|des|d')[ \t]?[^.\n,:!?]{1,40})?[ \t]*[.!]")
_OPENING = re.compile(r"^\W{0,3}(?!(?:votre|vos|your|you|nous|vous)\b)((?:[^\n:|\-\u2013\u2014\[\]]|-(?=\S)){2,50}?)\s*(?:\]|:|\||-{1,2}|\u2013|\u2014)\s")
# Lines that cite rather than sign: "Source : ...", "Selon l'Assurance Maladie ...".
_CITES = re.compile(r"^\W*(?:sources?|selon|d'apres|via|credits?|\(c\)|©|lire aussi|en savoir plus|plus d'infos?|voir|article)\b")
# An implied claim that is advice anyone gives ("mettre à jour votre carte Vitale"), not the state of
# the reader's card.
_ADVICE = ("mettre a jour", "mettez a jour", "renouvel", "actualis")
# The states of the reader's card or file that only the brand could announce, and that scams
# invent (expired, blocked, suspended ...); when someone else visibly speaks, a pharmacy, a mutuelle
# or an accountant telling that the card "doit être mise à jour" or the file "est en attente" of
# their own paper is no claim.
_ALARM = re.compile(r"expir|perim|bloque|suspendu|desactiv|n'est plus valide|plus valable|ne sera plus|supprim|ferme|clotur|verrouill|restreint|oppose|perdus|annules|interrompus|incomplet|blocked|suspended")
# The words a news headline goes on with after its topic ("Carte Vitale : l'appli ...", "Ameli :
# comment ..."), not a message's to its reader ("Ameli : votre remboursement ...").
_HEADLINE = re.compile(r"\s*(?:les|la|le|l'|un|une|des|ce|ces|cet|cette|comment|pourquoi|quand|quels?|quelles?|ou|qui|ce que|ce qui|tout|tous|toutes|nouveaux|nouvelles|\d)\b")
# Generic words that open a message without naming anyone.
_GENERIC_OPENERS = re.compile(r"^(?:info|infos|information|rappel|alerte|urgent|important|attention|message|notification|avis|nouveau|new|re|tr|fwd?|objet|subject|bonjour|hello|madame|monsieur|cher|chere|dear)\b")
# Display names that name no one: the fake senders' "Service Remboursement", "Notification".
_GENERIC_NAME = re.compile(r"\b(?:service|services|remboursements?|notifications?|info|infos|informations?|support|securite|secure|compte|account|dossier|alerte|alert|no-?reply|ne-pas-repondre|ne pas repondre|do not reply|admin|contact|assistance|client|clients|suivi|gestion|centre|center|departement|department|sante|health|france|gouv|administration|mise a jour|update|verification|carte|vitale|droits|prestations|paiement|payment|ald|secu|depistage|prevention)\b")
# Words of a warning about scams: in such a message the brand addressing the reader is quoted.
# Words of a message about scams (a warning, an article): fake messages, fraudsters, phishing. Not a
# fraud alert about the reader's own account ("utilisation frauduleuse de votre carte"), which is
# a scam's favourite pretext.
SCAM_TALK = re.compile(
    r"\bfraudeurs?\b|\b(?:sms|textos?|messages?|courriels?|e-?mails?|mails?|appels?|sites?|liens?|demarchages?)\s(?:frauduleux|malveillants|douteux)"
    r"|\btentatives? d(?:e |')(?:fraude|escroquerie|hameconnage|phishing|arnaque)|\barnaqu|\bescroc|\bescroquerie|hameconnage|phishing|smishing"
    r"|\bscams?\b|\bscammers?\b|\bfraudsters?\b|\bfake (?:messages?|texts?|e-?mails?|calls?|sites?|websites?)\b|\busurp"
    r"|\b(?:pretending|claiming|purporting) to (?:be|come) (?:from )?"
    r"|\b(?:is|are|it's|that's|one's|looks?) (?:a |definitely |clearly |100% )?(?:fake|scam)\b|\bphish\w*"
    r"|\bse (?:font|fait|faisant) passer|\bfaux (?:sms|courriels?|e-?mails?|mails?|messages?|textos?|appels?|liens?|sites?|conseillers?|agents?|services?)|\bfausses? (?:annonces?|demandes?)"
    # a quoted message judged ("... commandez la nouvelle" -> FAUX), someone taken in ("s'est fait avoir")
    r"|\"\s*(?:-+>|=+>|\u2192|:)\s*(?:faux|fake)\b|\b(?:fait|faire|font) (?:avoir|pieger|rouler|arnaquer|escroquer)\b"
    # an impostor named so: "un soi-disant conseiller", "un prétendu agent de la CPAM"
    r"|\bsoi-disant\b|\bpretendue?s? (?:agents?|conseill\w+|employee?s?|techniciens?|banquiers?)\b"
    # judged in plain words, or reported to the fraud desks ("signalé sur signal-spam.fr", "au 33700")
    r"|\bc'est (?:du )?(?:fake|bidon)\b|\bdu fake\b|\bc'est (?:un|une) (?:faux|fausse|fake)\s*[!.]"
    r"|\b(?:signalee?s?|transferee?s?|envoyee?s?|reported|forwarded)\s(?:\S+\s)?(?:sur|au|a|to)\s(?:signal-?spam|33 ?700|pharos|internet-signalement)")
_SCAM_TALK = SCAM_TALK


# "c'est Julie de la CPAM", "ici votre caisse", "je suis conseiller a l'Assurance Maladie" (a name or
# a role between, not a clause: "c'est ce qui permet à la CPAM de ...")
_SELF_INTRO = re.compile(r"(?:\bc'est|\bici|\bje suis|\bje m'appelle|\bthis is|\bi am|\bi'm|\bit's)\b(?:(?!\b(?:qui|que|qu'|ce|cela|ca|quoi|dont|which|that|what"
                         # a thing, not who speaks: "c'est bien la lettre de Mon espace santé"
                         r"|lettre|courrier|message|mail|sms|site|vrai|vraie|bien|normal|document|appli|application|lien|procedure|page"
                         # (or where a thing is: "it's on your letter from the CPAM", "c'est dans votre compte")
                         r"|letter|card|website|form|on|in|sur|dans"
                         # someone's thing or someone's adviser, not who speaks: "c'est son n° de sécu",
                         # "c'est mon conseiller de la CPAM qui ..."
                         r"|numero|num|mon|ma|mes|son|sa|ses|ton|ta|tes|leur|leurs|my|his|her|their)\b|n°)[^.,;:!?\n]){0,40}"
                         # (not "c'est pour Mon espace santé": what a thing is for)
                         r"(?:\bde|\bdu|\bd'|\ba|\bau|\bchez|(?<!c'est )\bpour|\bfrom|\bwith|\bat)\s(?:la |l'|le |votre |your |the )?$|(?:\bici|\bthis is)\s(?:votre |your |la |l')?$"
                         # "c'est Mme Garnier, conseillère à la CPAM de l'Hérault": a name, then a role
                         r"|\b(?:c'est|ici|je suis|this is|i am|i'm)\b[^.,;:!?\n]{0,30},\s(?:votre |your )?(?:conseill\w*|agent\w*|gestionnaire|assistant\w*|responsable|charge\w*|referent\w*|technicien\w*|medecin|infirmi\w*|delegue\w*|correspondant\w*|adviser|advisor)\b[^.,;:!?\n]{0,20}\b(?:de|du|d'|a|au|chez|pour|from|at|with)\s(?:la |l'|le |votre |your |the )?$"
                         # "ici Mr Roussel conseiller CPAM", "je suis agent ameli": a role, then the brand's name
                         r"|\b(?:c'est|ici|je suis|this is|i am|i'm)\b[^.,;:!?\n]{0,30}\b(?:conseill\w*|agent\w*|gestionnaire|assistant\w*|referent\w*|technicien\w*|delegue\w*|correspondant\w*|adviser|advisor)\s$"
                         # a greeting, then a person by title and the brand's service they work in ("Bonjour,
                         # Mme Garnier du service des remboursements de la CPAM"): no other place between
                         r"|\b(?:bonjour|bonsoir|hello)\b[\s,!]{0,3}(?:m\.|mr|mme|madame|monsieur|mlle|mrs|ms)\s[a-z\u00e0-\u00ff'-]+(?:\s[a-z\u00e0-\u00ff'-]+)?,?\s(?:(?:conseill\w*|agent\w*|gestionnaire|referent\w*)\s)?"
                         r"(?:du|de la|de l'|d'|from)\s?(?:(?:service|pole|equipe|departement|cellule|plateforme|bureau|centre)\b[^.,;:!?\n]{0,40}?\b(?:de|du|d')\s(?:la |l'|le )?)?$"
                         # a greeting, then the service that writes: "Bonjour, service prévention fraude de la CPAM"
                         r"|\b(?:bonjour|bonsoir|hello)\b[\s,!]{0,3}(?:le |la |l'|votre )?(?:service|pole|cellule|equipe|departement|plateforme)\b[^.,;:!?\n]{0,40}?\b(?:de|du|d')\s(?:la |l'|le )?$"
                         # "c'est le service ameli", "ici l'équipe Assurance Maladie"
                         r"|(?:\bc'est|\bici)\s(?:le |la |l'|votre )(?:service|equipe|cellule|centre|plateforme)\s$"
                         # the same typed fast: "c l assurance maladie", "c est la cpam"
                         r"|(?:^|[\s,])(?:c l|c est l|c est la|c la)\s$"
                         # an agent that speaks in the brand's name: "nous sommes mandatés par la Caisse ..."
                         r"|\b(?:nous sommes|nous avons ete|je suis|j'ai ete|nous agissons|j'agis|we are|we have been|i am|i have been)\s(?:\S+\s)?"
                         r"(?:mandate?e?s?|missionne?e?s?|instructed|appointed|acting)\s(?:par|pour le compte de|au nom de|by|for|on behalf of)\s(?:la |l'|le |votre |the )?$"
                         # ... or opens its sentence with it: "Agissant pour le compte de la Caisse ..., nous ..."
                         r"|(?:^|[.!?:\n]\s*)(?:agissant|mandate?e?s?|acting) (?:pour le compte de|au nom de|par|on behalf of|for|by) (?:la |l'|le |the )?$")
# The header lines a person copies with a pasted e-mail ("Objet : ...", "De : ..."): the message
# opens after them ("Objet : Mise à jour\nAssurance Maladie\nMadame, ...").
_PASTED_HEADERS = re.compile(r"^(?:[ \t]*(?:objet|subject|de|from|a|to|date|envoye(?: le)?|sent|cc)[ \t]*:[^\n]*\n){1,6}\s*")
# A person's line before the message they paste ("J'ai reçu ça par mail, c'est vrai ?", "SMS reçu ce
# matin :"): the pasted message, often in quotation marks, opens after it.
PASTED_INTRO = re.compile(
    r"^[^\n]{0,40}?\b(?:j'ai recu|je viens de recevoir|on m'a envoye|on vient de m'envoyer|(?:message|sms|texto|mail|e-mail|courriel) recu|recu (?:ce|ca|aujourd'hui|hier|par)"
    r"|copie d(?:e |u |')(?:l'|le |la |ce |cet |cette )?(?:message|sms|texto|mail|e-mail|courriel)"
    r"|(?:courrier|lettre|message|sms|mail) (?:trouvee?|recue?|arrivee?)|recu (?:du|de|d'un|d'une|de la part)"
    r"|i (?:got|received|just got)|received this|got this|(?:this|it) came|a ecrit|wrote)\b"
    # the message pasted on the next line, or in quotes on the same one
    r"(?:[^\n]{0,160}\n\s*\"?|[^\n\"]{0,160}\")\s*")
FORWARD_SUBJECT = re.compile(r"^\s*(?:tr|fwd?|wg|fw)\s*:", re.I)
FORWARDED = re.compile(r"\b(?:message transfere|forwarded message|message d'origine|original message|debut du message (?:reexpedie|transfere))\b")
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|tr|fwd?|aw|wg)\s*:)+", re.I)
# "Votre compte ameli - Information de connexion": the reader's account at the brand
_SUBJECT_ACCOUNT = re.compile(r"\b(?:votre|vos|your) (?:compte|espace|dossier|remboursements?|droits|account|refund) (?:ameli|cpam|assurance maladie|securite sociale)\b")
# the brand speaking to the reader: "l'Assurance Maladie vous informe", "votre CPAM vous invite à ..."
# (not to "nous": "la CPAM nous a transmis votre remboursement" is a third party's account)
_ADDRESSES = re.compile(r"\s+(?:vous|v'|vs|t'|te)\s?(?:a |avait |va |tient a |souhaite |)(?:inform|rappel|invit|demand|propos|remerci|adress|pri|contact|ecri|signal|envoi|envoy|annonc|notifi|souhait|accompagn|conseill|recommand|sollicit|relanc|alert|averti|confirm|previen|transmet|transmis)\w*"
                        # "votre caisse a tenté de vous joindre"
                        r"|\s+(?:a|ont) (?:tente|essaye|cherche) de (?:vous|v') ?(?:joindre|contacter|appeler)\b")
# a line that speaks to the reader is not a signature ("n'oubliez pas votre carte Vitale")
_BRAND_OF_READER = re.compile(r"\bvotre (?=caisse|assurance maladie|cpam|ameli|securite sociale)")
# the last words of a message, after its last link or sentence, that are only a name: the one-line
# message's signature (an SMS has no lines)
_TRAILING_SIGN = re.compile(r"(?:https?://\S+|www\.\S+|[.!?])\s+(?:-+\s*|\u2013\s*|\u2014\s*)?(?:l'|votre\s)?([a-z][a-z' -]{1,40}?)[\s.!]*$")
# a closing formula, then who signs, at the very end of a message written on one line ("... bank
# details. Regards, CPAM International Relations")
_CLOSING_SIGN = re.compile(r"\b(?:cordialement|bien a vous|salutations distinguees|sinceres salutations|regards|kind regards|best regards|sincerely)\s*,?\s+"
                           r"(?:l'|le |la |votre |the |your )?([a-z][a-z' -]{1,60}?)[\s\"\u00bb.!]*$")
# a headline ("Carte Vitale : l'appli disponible partout en France"): a topic, a colon and a
# sentence of its own, which signs nothing
_TOPIC_LINE = re.compile(r"^[^:]{2,40}\s:\s+\S+(?:\s+\S+){2,}")
# contact lines and links under a signature
_CONTACT_LINE = re.compile(r"^(?:https?://|www\.|tel|telephone|t[eé]l\.?|mail|e-mail|courriel|adresse|\+?\d[\d .]{6,}$|\S+@\S+$|\[|\(|desinscri|unsubscribe|se desabonner|ne pas repondre|ne repondez pas|ce message|this (?:e-?mail|message)|cet (?:e-?mail|email|courriel)|ce (?:courriel|mail|e-?mail)\b|merci de ne pas|vous recevez|ceci est un (?:message|e-?mail|courriel|mail)"
                           # a quoted original's header and separator ("Objet: ...", "----- Mail original -----")
                           r"|(?:de|from|a|to|envoye|sent|date|objet|subject|cc)\s?:|-{3,})")
_HASHTAGS = re.compile(r"(?:#\w[\w-]*[\s,.]*)+")   # a post's tags: "#arnaque #cartevitale #ameli"
# one item of a contact line: a phone number, an address, a bare domain ("+33 1 84 60 22 71 | exemple-france.com")
_CONTACT_ITEM = re.compile(r"\+?\d[\d .()]{6,}\d|[^\s@]+@[^\s@]+|(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?")
_CONTACT_SEP = re.compile(r"\s*[|\u00b7\u2022]\s*|\s+[-\u2013]\s+")


def _contacts_only(line: str) -> bool:
    """A line made of contact items only, separated by bars or dashes: it signs nothing."""
    items = [i for i in _CONTACT_SEP.split(line) if i]
    return len(items) > 1 and all(_CONTACT_ITEM.fullmatch(i) for i in items)
_LINK_IN_LINE = re.compile(r"https?://|\bwww\.")
_TO_READER = re.compile(r"\b(?:vous|votre|vos|you|your|n'oubliez|pensez|apportez|munissez)\b")


# --- calls: who the caller said they were ------------------------------------------------------
# The person's account names the caller: "appel de la CPAM", "un conseiller de l'Assurance Maladie
# m'a appelé", "la secrétaire du cabinet m'a appelée", "c'est la RH qui m'a appelé".
_CALL_OF = (r"\b(?:appel|appels|coup de fil|coup de telephone|message vocal|message|messagerie|vocal|repondeur|voicemail|call|phone call)"
            r" (?:du |de la |de l'|de mon |de ma |de mes |d'un |d'une |des |de |d'|from (?:the |my |a |an )?)(?:\S+ ){0,3}?")
_CALLED = (r"(?:[^\s.!?]+ ){0,10}?(?:m'a |m a |ma |m'avait |m'ont |m'|m |nous a |nous ont |l'a |lui a |a |ont |qui m'a |qui m'|qui m )"
           r"(?:appelee?s?|appelle|appellent|appelait|telephonee?|contactee?s?|rappelee?s?|prevenue?s?|laisse un (?:message|vocal))\b"
           # announced: "une assistante sociale allait me contacter"
           r"|(?:[^\s.!?]+ ){0,10}?(?:va|allait|devait|doit|vont|allaient|devaient|doivent) (?:me|nous) (?:contacter|appeler|rappeler|telephoner)\b"
           r"|(?:[^\s.!?]+ ){0,10}?(?:called|calls|rang|phoned|left (?:me )?a (?:message|voicemail))\b")
# someone who says where they work ("un homme se disant de la CPAM", "une dame qui travaille avec l'Assurance Maladie")
_WHO_SAYS = (r"\b(?:conseill\w*|agents?|agente|dame|homme|femme|monsieur|madame|mme|quelqu'un|personne|voix|robot|employee?|type|gars|interlocut\w*"
             r"|operat\w*|service|equipe|se present\w*|se disant|disait|disant|pretend\w*|soi-disant|soi disant|faux|fausse|de la part"
             r"|adviser|advisor|man|woman|someone|lady|guy|claiming)\b(?:(?! que | qu')[^.\n:;]){0,60}?\b(?:de|du|d'|des|pour|avec|chez|from|with|at|for)\s"
             r"(?:la |l'|le |ma |mon |votre |the |my )?[\"'«“]? ?"
             # "c'est Mme Garnier de la CPAM", "ici le service de l'Assurance Maladie"
             r"|\b(?:c'est|c est|ici|this is)\s(?:[^\s.!?,]+ ){0,3}?(?:de|du|d'|des|from|at)\s(?:la |l'|le |the )?[\"'«“]? ?")
# "j'ai eu l'assistante sociale de l'hôpital (au téléphone)"
_HAD_ON_PHONE = r"\b(?:j'ai eu|on a eu|nous avons eu) (?:au (?:telephone|tel|bout du fil) )?(?:[^\s.!?]+ ){0,3}?"
# who else calls a person about their carte Vitale or their file: care, insurers, employers, family
_OTHER_CALLER = (r"(?:hopital|chu|ch|clinique|pharmaci\w*|cabinet|secretaire|secretariat|medecin|docteur|dr|dentiste|orthodontiste|kine\w*|infirmi\w*"
                 r"|sage-femme|labo\w*|radiolog\w*|mutuelle|complementaire|assureur|courtier|rh|ressources humaines|employeur|entreprise|boite|patron"
                 r"|banque|banquier|caf|mairie|ccas|ecole|creche|ehpad|maternite|centre de sante|centre medical|admissions|bureau des entrees|opticien\w*"
                 r"|assistante? sociale|assistant social|travailleu\w* soci\w*|centre|crcdc|association|institut|residence|maison de sante"
                 r"|audioprothesiste|ambulanc\w*|taxis?|vsl|transporteur|france travail|notaire|fils|fille|mere|pere|soeur|frere|voisine?|amie?"
                 r"|coordinat\w*|ssiad|had|soins a domicile|aide a domicile|aides? soignante?s?|auxiliaire de vie|pompes funebres|funerari\w*"
                 r"|universit\w*|university|international (?:relations )?office|international relations|relations internationales|crous|lycee|college"
                 r"|bancaire|conseill\w* (?:de |a )?(?:ma |la )?banque|service (?:des )?adherents?"
                 r"|hospital|pharmacy|pharmacist|doctor|gp|clinic|lab|employer|bank|insurer|dentist|son|daughter|receptionist|secretary|surgery|practice)(?:'s)?\b")


_ASIDE = re.compile(r"\([^()\n]{0,120}\)")


@lru_cache(maxsize=8)
def _call_patterns(names: str) -> tuple[re.Pattern, re.Pattern]:
    """(the brand named as the caller, someone else named as the caller) for the brand's names."""
    return (re.compile(rf"(?:{_CALL_OF}|{_WHO_SAYS}|{_HAD_ON_PHONE})(?:{names})|(?:{names})\s(?:{_CALLED})"),
            re.compile(rf"(?:{_CALL_OF}|{_HAD_ON_PHONE}){_OTHER_CALLER}|\b{_OTHER_CALLER}\s(?:{_CALLED})"
                       # the account opens on who it was: "C'est le taxi conventionné qui m'emmène ... Il a appelé"
                       rf"|^[^.!?\n]{{0,20}}?\b(?:c'est|c est|it was|it's)\s(?:le |la |l'|les |mon |ma |mes |the |my )?(?:\S+ )?{_OTHER_CALLER}"
                       # the caller's greeting says who it is: "Hello, this is the admissions office of ..."
                       rf"|\b(?:bonjour|bonsoir|hello|hi|allo)\b[^.!?\n]{{0,25}}?\b(?:this is|c'est|c est|ici|je suis|je vous appelle de|i'm calling from|calling from)\s"
                       rf"(?:le |la |l'|les |du |de la |de l'|the |your |votre )?(?:\S+ )?{_OTHER_CALLER}"
                       # called "from the number of" someone: "m'a rappelée depuis le numéro du service adhérents"
                       rf"|\b(?:appele|appelee|rappele|rappelee|appelait|called|rang)\b[^.!?\n]{{0,40}}\b(?:depuis|du|from) (?:le |the )?(?:numero|standard|ligne|number|line) "
                       rf"(?:du |de la |de l'|de ma |de mon |de mes |des |de |d'|of (?:the |my )?)(?:\S+ )?{_OTHER_CALLER}"))


def _skip_chrome(text: str) -> str:
    """A pasted SMS or chat without what the app draws above it: "Aujourd'hui 16:51", "13:08",
    "WhatsApp", the sender's number on a line of its own (data/screen_chrome.yaml, as for a
    screenshot)."""
    from ..ocr.layout import is_chrome
    for _ in range(4):
        line, nl, rest = text.partition("\n")
        if not nl or not line.strip() or not (is_chrome(line.split()) or _NUMBER_LINE.fullmatch(line.strip())):
            break
        text = rest.lstrip()
    return text


_NUMBER_LINE = re.compile(r"\+?[\d .()-]{8,20}")
# calls told as the fraud's ("des faux appels de la CPAM", "fake calls from ameli")
_FAKE_CALLS = re.compile(r"\b(?:faux|fausses?|fake|bogus|soi-disant)\s(?:appels?|coups? de (?:fil|telephone)|calls?)\b")


def _call_claim(text: str, names: re.Pattern, labels: re.Pattern) -> Claim:
    """The person's account of a call: the brand is claimed when it is named as the caller, or
    named while the account names no one else as the caller ("appel pour ma carte Vitale, il
    voulait mon RIB"). A hospital's, a pharmacy's or an employer's call about the card claims
    nothing: the brand is then only its topic."""
    m = labels.search(text)
    if not m:
        return Claim()
    brand_caller, other_caller = _call_patterns(names.pattern)
    plain = " ".join(_ASIDE.sub(" ", text).split())    # "ma mutuelle (le numéro commence par 01 53) m'a appelée"
    for bm in brand_caller.finditer(plain):
        if _FAKE_CALLS.search(plain, max(0, bm.start() - 14), bm.start() + 24):
            continue   # "se méfier des faux appels de la CPAM": the fraud's calls, not this one
        return Claim("caller", names.search(plain, bm.start()).group(0))
    if other_caller.search(plain):
        return Claim()
    return Claim("caller", m.group(0))


@dataclass(slots=True, frozen=True)
class Claim:
    kind: str = ""        # sender | opening | subject | signature | addresses_reader | implied | "" (none)
    words: str = ""       # the words by which it claims (normalised)

    def __bool__(self) -> bool:
        return bool(self.kind)


def find_claim(profile, channel: str, sender: str, display_name: str, subject: str, text_norm: str,
               sender_official: bool, scam_talk: bool | None = None) -> Claim:
    """The strongest evidence that the message speaks as the profile's brand (see module doc).
    `text_norm` is the normalised text of the body (without the subject)."""
    names = profile.speaker_re          # the brand's names ("assurance maladie", "cpam", "ameli")
    labels = profile.label_re           # its names and products ("carte vitale", "vitale") as a label
    if channel == "call":
        return _call_claim(text_norm[:5000], names, labels)
    # 1. the sender: display name, address, SMS sender id, or an official sending domain
    who = f"{display_name} {sender.partition('@')[0]} {sender.partition('@')[2]}"
    who = norm(f"{who} {_split_glued(who)}")   # as written ("ameIi" keeps its capital I) and split
    m = labels.search(who)
    if m:
        return Claim("sender", m.group(0))
    if sender_official or (channel == "sms" and sender.replace(" ", "") in profile.sms_senders):
        return Claim("sender", norm(sender))
    # 2. the opening words: "AMELI : ...", "[Assurance Maladie] ...", "Carte Vitale : ..."
    pasted = PASTED_INTRO.match(text_norm.lstrip())
    head = _PASTED_HEADERS.sub("", _skip_chrome(text_norm.lstrip()[pasted.end():] if pasted else text_norm.lstrip()), count=1)[:120]
    if pasted and judged(text_norm[:2000]):
        head = ""   # a message passed on as a scam ("je viens de recevoir un faux SMS « AMELI : ... »"): its words are quoted
    om = _OPENING.match(head)
    if om:
        m = labels.search(om.group(1))
        first_line = head.partition("\n")[0]
        # a headline about scams that names a product as its topic ("Carte Vitale : une retraitée
        # victime d'un faux SMS") and says nothing to the reader is an article's, not the brand's
        headline = (not names.search(om.group(1)) and _SCAM_TALK.search(first_line)
                    and not _TO_READER.search(first_line))
        # a newsletter's headline under another name ("Ameli : les nouveaux plafonds des lunettes",
        # from « Le Courrier du Val »): a topic, told to no one
        headline = headline or (not _TO_READER.search(first_line) and _HEADLINE.match(head, om.end())
                                and _headline_sender(display_name, sender, labels, profile.label_names))
        if m and not headline and _is_label(om.group(1), labels):
            return Claim("opening", m.group(0))
    # a greeting, then the brand names itself as a sentence of its own ("Bonjour, CPAM de votre
    # département. Merci de rappeler ...")
    g = _GREETING_THEN.match(head)
    if g:
        m = names.match(head, g.end())
        if m and _NAMED_ALONE.match(head, m.end()):
            return Claim("opening", m.group(0))
    m = names.match(head, len(head) - len(head.removeprefix("votre ")))
    if m and (re.match(r"\s*(?:\n|:)", head[m.end():]) or _ADDRESSES.match(head, m.end()) or _PLACE_LINE.match(head, m.end())):
        colon = re.match(r"\s*:", head[m.end():])
        first_line = head.partition("\n")[0]
        if not (colon and not _TO_READER.search(first_line) and _HEADLINE.match(head, m.end() + colon.end())
                and _headline_sender(display_name, sender, labels, profile.label_names)):
            return Claim("opening", m.group(0))
    if scam_talk is None:
        scam_talk = bool(_SCAM_TALK.search(norm(subject) + "\n" + text_norm[:600]))
    # 3. someone introduces themselves as the brand: "c'est Julie de la CPAM", "this is Marc from
    #    ameli"; in a message about scams, not the fraudster's words it quotes (« Bonjour, je suis
    #    conseiller à la CPAM ... »)
    for m in names.finditer(text_norm[:5000]):
        if _SELF_INTRO.search(text_norm[max(0, m.start() - 60):m.start()]) \
                and not (scam_talk and _in_quotes(text_norm, m.start())):
            return Claim("introduces_itself", m.group(0))
    # 4. something only the brand could tell the reader (the state of their carte Vitale, of their
    #    rights, of their compte ameli): whoever sends it (a hacked mailbox shows a person's name)
    # someone else visibly speaks (a laboratory, a pharmacy, a newspaper, a grandmother, in the
    # display name, the opening or the signature): the brand named in the subject, the closing
    # lines or the text is then a mention
    signer = _signature(text_norm)
    # a person forwarding the brand's message: the signature is the forwarded message's
    forwarded = bool(FORWARD_SUBJECT.match(norm(subject)) or FORWARDED.search(text_norm[:5000]))
    # an SMS's own sender id names who speaks as a display name does ("MAIRIE", "PHARMALILAS")
    shown = display_name or (sender if channel == "sms" and re.search(r"[A-Za-z]", sender or "") else "")
    other = _other_speaker(shown, om, signer, labels, forwarded)
    if profile.implied_claim_re is not None and not scam_talk:
        m = profile.implied_claim_re.search(text_norm[:5000])
        # the state of the reader's card is the brand's to tell, whoever sends it; advice to update
        # or renew it ("pensez à mettre à jour votre carte Vitale") is anyone's: a mutuelle's, a
        # pharmacy's, a doctor's, when one of them visibly speaks
        # nor is the advice to update it where it is done: at a pharmacy's reader ("à la borne de
        # la pharmacie"), for free
        where = text_norm[m.end():m.end() + 60] if m else ""
        if m and (_TOLD_BEFORE.search(text_norm[max(0, m.start() - 60):m.start()])
                  or _EXAMPLE_BEFORE.search(text_norm, max(0, m.start() - 250), m.start())
                  or (_in_quotes(text_norm, m.start()) and judged(text_norm[:5000]))):
            m = None   # told as another message's words: "des SMS disant que votre carte Vitale expire",
                       # "exemple de SMS reçu par une habitante : [SMS frauduleux] > ameli : ...", or
                       # quoted in a message that calls it a scam (a forum's "Scam, 100%")
        if m and not (_other_speaker(shown, None, signer, labels, forwarded)
                      and (m.group(0).startswith(_ADVICE) or not _ALARM.search(m.group(0)))) \
                and not (m.group(0).startswith(_ADVICE) and _WHERE_UPDATED.search(where)):
            return Claim("implied", m.group(0))
    if other:
        return Claim()
    # ... and what only the brand tells, from no one who names themself ("SANTE : votre attestation
    # de droits expire", a mobile number: "votre protocole ALD expire")
    if profile.implied_unsigned_re is not None and not scam_talk:
        m = profile.implied_unsigned_re.search(text_norm[:5000])
        if m and not _TOLD_BEFORE.search(text_norm[max(0, m.start() - 60):m.start()]) \
                and not _in_quotes(text_norm, m.start()):
            return Claim("implied", m.group(0))
    # 5. the subject labels the message with the brand ("Ameli : ...", "[CPAM] ...", "Votre compte
    #    ameli - ...") or says what only the brand could; a subject that names the brand as a
    #    topic ("Attestation de salaire pour la CPAM") is a mention, and so is one about scams
    subj = _REPLY_PREFIX.sub("", norm(subject)).strip() if subject else ""
    if subj and not _SCAM_TALK.search(subj):
        m = labels.match(subj, len(subj) - len(subj.lstrip("[(<*- ")))
        if m is None:
            m = _SUBJECT_ACCOUNT.search(subj)
        if m is None and profile.implied_claim_re is not None:
            m = profile.implied_claim_re.search(subj)
        if m:
            return Claim("subject", m.group(0))
    # 6. the signature: the closing line names the brand, or the brand's name closes a one-line
    #    message after its last sentence or link ("... : https://x.example/dossier Assurance Maladie")
    if signer and _brand_signs(signer, labels):
        return Claim("signature", labels.search(signer).group(0))
    m = _TRAILING_SIGN.search(text_norm[-160:])
    if m and labels.fullmatch(m.group(1)):
        return Claim("signature", m.group(1))
    m = _CLOSING_SIGN.search(text_norm[-120:])
    if m and labels.match(m.group(1)) and _brand_signs(m.group(1), labels):
        return Claim("signature", labels.match(m.group(1)).group(0))
    # 7. the brand addressing the reader ("votre CPAM vous informe"), but not in a message about
    #    scams, where it is quoted; a fact about the brand ("ameli vous rembourse à 60 %") is no
    #    address: the verb must be one of speaking to someone
    if not scam_talk:
        for m in names.finditer(text_norm[:5000]):
            if _ADDRESSES.match(text_norm, m.end(), m.end() + 40):
                return Claim("addresses_reader", m.group(0))
    return Claim()


_STOP = re.compile(r"[.!?\n]")


_HEDGE = re.compile(r"\b(?:je suppose|je pense|je crois|j'imagine|peut-etre|surement|sans doute|probablement|i think|i guess|i suppose|probably|maybe|perhaps)\b")


def judged(text: str) -> bool:
    """The message calls something a scam in its own words, not as a question or a guess ("c'est
    une arnaque", "un faux SMS", not "c'est une arnaque ?", "c'est une arnaque je suppose")."""
    for m in SCAM_TALK.finditer(text):
        end = _STOP.search(text, m.end())
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        if (end is None or end.group() != "?") and not _HEDGE.search(text, start, end.start() if end else len(text)):
            return True
    return False


# "AmeliInfo", "InfoCPAM", "AssurMaladie": words glued in a sender id or a display name, split where
# a small letter meets a capital (an SMS sender id has no spaces)
_GLUED = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _split_glued(name: str) -> str:
    return _GLUED.sub(" ", name)


# the brand named as what approves someone else: "taxi conventionné CPAM", "agréé Assurance Maladie",
# "partenaire de l'Assurance Maladie", "approved by the CPAM"
_APPROVED_BY = re.compile(
    r"\b(?:conventionnee?s?|agreee?s?|partenaires?|affiliee?s?|approved|accredited|registered|partner)"
    r"(?:\s(?:par|de|du|des|avec|aupres de|with|by|of))?\s(?:la |le |l'|les |the )?$")


# where a carte Vitale is really updated: a pharmacy's or a health centre's reader, free of charge
_WHERE_UPDATED = re.compile(r"\b(?:pharmacie|pharmacien|borne|officine|gratuit)")


_TOPIC_BEFORE = re.compile(r"\b(?:pour|for|about|concernant|sur|au sujet de|a propos de|question|regarding|re)\s(?:la |le |l'|les |mon |ma |ton |ta |my |your |the )?$")


def _is_label(name: str, labels) -> bool:
    """An opening name that is the brand's label ("AMELI", "Message important de l'Assurance
    Maladie", "Info-Vitale"), not a sentence that holds it ("Carte Vitale non lue", "La CPAM ne prend
    pas en charge cet acte"): no negation, and at most three other words once the brand's names and
    generic words are taken out."""
    name = re.split(r'["?!.]', name)[-1]     # a label opening a quoted message: 'c'est vrai ? "ameli'
    m = labels.search(name)
    if m and _TOPIC_BEFORE.search(name, 0, m.start()):
        return False   # the brand as a topic: "Ok so for ameli:", "Question pour la CPAM :"
    rest = _GENERIC_NAME.sub(" ", labels.sub(" ", name))
    words = [w for w in re.split(r"[^a-z0-9']+", rest) if w]
    if any(w in ("ne", "n'", "non", "pas", "jamais", "not", "no") or w.startswith("n'") for w in words):
        return False
    return sum(1 for w in words if len(w) >= 3 and w not in _FILLER) <= 3


def _abbreviates_label(sender: str, names: tuple[str, ...]) -> bool:
    """An SMS sender id cut from one of the brand's names (profile.label_names: "MonEspSante" for
    Mon espace santé): its first five letters begin the name, and its last four end it."""
    flat = re.sub(r"[^a-z]", "", norm(sender))
    if len(flat) < 8:
        return False
    return any(name.startswith(flat[:5]) and name.endswith(flat[-4:])
               for name in (re.sub(r"[^a-z]", "", n) for n in names))


def _headline_sender(display_name: str, sender: str, labels, names: tuple[str, ...] = ()) -> bool:
    """Someone else visibly sends a message whose first line reads as a headline: a display name
    that names someone, or, with none, an organisation's own address (not a webmail's, not one
    that names the brand)."""
    if display_name.strip():
        return _other_speaker(display_name, None, "", labels)
    if "@" not in sender:
        # an SMS: a sender id that names someone speaks as a display name does; a phone number
        # names no one ("Ameli: 1 nouveau message" from +336... is no newspaper's headline)
        return bool(re.search(r"[A-Za-z]", sender)) and _other_speaker(sender, None, "", labels) \
            and not _abbreviates_label(sender, names)
    domain = sender.rpartition("@")[2].lower()
    if not domain or labels.search(norm(domain.replace(".", " ").replace("-", " "))):
        return False
    from . import generic_set
    return not any(domain == d or domain.endswith("." + d) for d in generic_set("freemail"))


def on_reply_line(text: str, pos: int) -> bool:
    """Whether `pos` is on a reply's quoted line ("> ...")."""
    return text[text.rfind("\n", 0, pos) + 1:pos].lstrip().startswith(">")


def _in_quotes(text_norm: str, pos: int) -> bool:
    """Whether `pos` is inside quotation marks opened on its line (the normalised text writes « »
    and “ ” as "), or just after one opens a quote within a quote (« Il m'a dit : "Bonjour, je
    suis ... »), or on a reply's quoted line."""
    line = text_norm.rfind("\n", 0, pos) + 1
    return text_norm.count('"', line, pos) % 2 == 1 or '"' in text_norm[max(line, pos - 60):pos] \
        or on_reply_line(text_norm, pos)


# the brand named as who funds, supports or runs with someone else what that one writes about:
# "Avec le soutien de l'Assurance Maladie", "Action financée par la CPAM", "En partenariat avec
# l'Assurance Maladie", "Un programme de l'Assurance Maladie", "Partenaires : Assurance Maladie, ARS"
_SUPPORTED_BY = re.compile(
    r"(?:\b(?:avec le soutien|avec l'appui|sous l'egide|a l'initiative|en partenariat|en collaboration|en lien|"
    r"(?:un |une )?(?:programme|action|campagne|initiative|operation|dispositif)s?|with the support|in partnership|in collaboration)"
    r"(?:\s(?:de|du|des|d'|avec|of|with))?|\b(?:soutenue?s?|financee?s?|cofinancee?s?|subventionnee?s?|organisee?s?|portee?s?|funded|supported|sponsored)\s(?:par|by)"
    r"|\bavec|\bpartenaires?\s?:[^\n]{0,60}?"
    # a programme named, then whose it is ("Programme M'T dents - Assurance Maladie")
    r"|\b(?:programme|campagne|dispositif|operation)\s[^\n]{1,30}?\s[-\u2013\u2014|]\s?)\s?(?:la |le |l'|les |the |votre )?$")


def _brand_signs(name: str, labels) -> bool:
    """The brand is named in `name` (a signature, a display name) as who speaks, not as who approves,
    funds or supports."""
    return any(not _APPROVED_BY.search(name, 0, m.start()) and not _SUPPORTED_BY.search(name, 0, m.start())
               and not _FIELD_OF.search(name, 0, m.start())
               for m in labels.finditer(name))


# the brand as a field of someone's work ("Avocat - Droit du travail et de la sécurité sociale",
# "spécialiste du droit de la Sécurité sociale"), not who signs
_FIELD_OF = re.compile(r"\b(?:droit|avocate?s?|juristes?|specialistes?|experts?|conseils?|law|lawyer|attorney)\b[^|\n]{0,40}"
                       r"\b(?:de la|de l'|du|des|en|of)\s(?:la |l'|le |the )?$")


def _signature(text_norm: str) -> str:
    """The closing line that signs the message ("L'Assurance Maladie", "Laboratoire BioVallée -
    site de Montvert", "Mamie"), or "": the last short line, under contact lines and links, that does
    not speak to the reader and cites nothing."""
    lines = [l.strip() for l in text_norm.strip().splitlines() if l.strip()]
    # a reply's quoted lines ("> ...") are the quoted message's, not this one's closing; unless the
    # message is that quote, pasted under a line that introduces it ("je vous le colle :")
    own = [l for l in lines if not l.startswith(">")]
    if len(own) >= 2 and not own[-1].endswith(":"):
        lines = own
    if len(lines) < 2:
        return ""
    for i in range(len(lines) - 1, max(0, len(lines) - 4) - 1, -1):
        line = lines[i]
        if _CONTACT_LINE.match(line) or _LINK_IN_LINE.search(line) or _HASHTAGS.fullmatch(line) or _contacts_only(line):
            continue   # "Lire l'article : https://.../faux-sms-ameli", "#arnaque #ameli" sign nothing
        if i == 0:
            return ""  # the opening line, with nothing but links under it, signs nothing
        if len(line) <= 70 and not _CITES.match(line) and not _TO_READER.search(_BRAND_OF_READER.sub("", line)) \
                and not _TOPIC_LINE.match(line):
            return line
        return ""
    return ""


def names_someone(name: str) -> bool:
    """A name with at least one word that is not generic: "Service RH", "Laboratoire BioVallée",
    "Mamie" name someone; "Service Remboursement", "Notification" name no one."""
    rest = _GENERIC_NAME.sub(" ", name)
    return any(len(w) >= 2 and w not in _FILLER for w in re.split(r"[^a-z0-9]+", rest))


_FILLER = frozenset("de du des la le les l d et en a au aux pour votre vos your the of and by par".split())


def _other_speaker(display_name: str, om, signer: str, labels, forwarded: bool = False) -> bool:
    """Someone other than the brand visibly speaks: a display name, an opening name or a signature
    that is not the brand's and names someone (not "Service Remboursement", "Info", "Bonjour")."""
    if signer and _brand_signs(signer, labels) and not forwarded:
        return False   # signed by the brand: the name shown is a hacked mailbox's or a made-up one
    shown = norm(display_name).strip()
    if shown and not _brand_signs(shown, labels) and names_someone(shown):
        return True
    if om and not labels.search(om.group(1)) and not _GENERIC_OPENERS.match(om.group(1).strip()) \
            and names_someone(om.group(1)):
        return True
    if signer and not _brand_signs(signer, labels) and names_someone(signer) and not _GENERIC_OPENERS.match(signer) \
            and not re.match(r"^(?:cordialement|bien a vous|salutations|merci|a bientot|bonne journee|regards|best)\b", signer):
        return True
    return False


def speaker_names(channel: str, sender: str, display_name: str, text_norm: str) -> list[str]:
    """The names by which a message presents its speaker, whoever it is (normalised): an SMS's
    alphanumeric sender id, an e-mail's display name, the opening label ("Chronopost : ..."), the
    signature ("L'équipe Netflix")."""
    out = []
    if channel == "sms" and sender and not re.fullmatch(r"[+\d\s().-]+", sender):
        out.append(norm(sender))
    if display_name.strip():
        out.append(norm(display_name))
    om = _OPENING.match(text_norm.lstrip()[:120])
    # (an opening that speaks to the reader is a headline, not a name: "Un dossier à votre nom attend :")
    if om and not _TO_READER.search(re.sub(r"^(?:votre|vos|your) ", "", om.group(1))):
        out.append(om.group(1))
    signer = _signature(text_norm)
    if signer:
        out.append(signer)
    return out


_NAME_STOP = frozenset("""banque bank service services equipe team info infos support client clients la le les de du des
d l votre vos your the and et pour mon ma mes my notification notifications alerte alert securite france group groupe
cordialement sas sa sarl inc ltd""".split())
# common nouns that name a speaker only when nothing else does: "Caisse de retraite complémentaire
# Arvalis" is named by "arvalis" (its mailer's click.retraite-info.fr is no combosquat of it), a
# bare "Pharmacie :" by "pharmacie"
_COMMON_NOUNS = frozenset("""caisse retraite complementaire mutuelle assurance assurances sante pharmacie laboratoire
labo cabinet clinique centre hopital mairie ville commune agence""".split())


# the team or the department before the organisation's name in a signature
ROLE_PREFIX = re.compile(r"^(?:(?:l'|le |la |les |votre |vos |your |the )?(?:equipe|team|services?(?: clients?)?|support|departement|department|cellule|direction)"
                          r"(?: (?:de|du|des|d'|of|at))?\s?(?:la |l'|le |les |the )?)")


_NAME_PARTS = re.compile(r"\s[-\u2013\u2014|/:]\s|,\s")


def name_tokens(names: list[str]) -> set[str]:
    """The words of the names, and each name written as one word: a site name glues the words of a
    brand together ("La Poste" -> laposte, "Crédit Mutuel" -> creditmutuel)."""
    out = set()
    # "L'équipe France Travail" is France Travail's too (and "Service Santé" keeps servicesante)
    # a name in parts ("Service Recouvrement - MIP Santé"): each part is a name too (mipsante)
    parts = {p.strip() for n in names for p in _NAME_PARTS.split(n)}
    for n in {*names, *parts, *(ROLE_PREFIX.sub("", n) for n in {*names, *parts})} - {""}:
        words = [t for t in re.split(r"[^a-z0-9]+", n) if t]
        kept = [t for t in words if len(t) >= 3 and t not in _NAME_STOP and not t.isdigit()]
        out.update([t for t in kept if t not in _COMMON_NOUNS] or kept)
        if 1 < len(words) <= 4 and len("".join(words)) >= 5:
            out.add("".join(words))
    return out


def name_matches(token: str, names: set[str]) -> bool:
    """A word of a domain is one of the speaker's names, or begins or ends one (laposte, poste)."""
    return token in names or any(len(n) >= 4 and (token.startswith(n) or (len(token) >= 4 and n.startswith(token))) for n in names)


def action_word(token: str, action: frozenset) -> bool:
    if token in action or (len(token) > 4 and token.endswith("s") and token[:-1] in action):   # livraisons
        return True
    # two of them glued, or one with a number: securepay, safepay24, verifcompte
    core = token.rstrip("0123456789")
    return core != token and core in action or any(
        core.startswith(a) and core[len(a):] in action for a in action if 4 <= len(a) < len(core) - 2)


def name_with_added_words(words: list[str], names: set[str], action: frozenset, said: frozenset = frozenset()) -> str:
    """The speaker's name in a domain's words with phishing's words added (chrono-douane-frais):
    the name found, or "". A domain made of the speaker's own name (mutuelle-ardoise) is none, nor
    one whose other words are in the name as written (« Ouest Info », ouest-info: `said`)."""
    if not words or all(name_matches(t, names) or t.isdigit() for t in words):
        return ""
    in_reg = [t for t in words if name_matches(t, names)]
    added = [t for t in words if not name_matches(t, names) and t not in said and action_word(t, action)]
    return in_reg[0] if in_reg and added else ""


def said_words(names: list[str]) -> frozenset:
    """Every word of the names as written, generic ones included ("info" of « Ouest Info »), but
    not a country code ("fr" of « Amazon.fr » is still a word added to amazon-fr-service.com)."""
    return frozenset(t for n in names for t in re.split(r"[^a-z0-9]+", n) if len(t) >= 3)
