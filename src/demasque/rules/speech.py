"""What a sentence does with the words a rule found in it.

A rule finds words ("votre RIB", "mot de passe", "payer"); whether they are a red flag depends on
what the sentence does with them. `act()` answers with one of:

- ``request``   it asks the reader: an imperative ("envoyez votre RIB"), a request frame
                ("merci de", "veuillez", "vous devez", "pour recevoir ..."), a form label
                ("IBAN : ____"), a question, or the speaker asking ("nous vous demandons ...");
- ``warning``   it warns or says "never" ("ne communiquez jamais votre RIB", "attention aux faux SMS");
- ``negated``   it denies ("il ne m'a demandé ni mon mot de passe ni mon RIB", "rien à payer");
- ``reported``  it tells what someone else asks or asked ("un faux SMS vous demande de payer",
                "des escrocs ... réclament vos coordonnées bancaires", a quoted scam in an article);
- ``informal``  a person's own request in the familiar "tu" ("tu m'envoies ton RIB ?"): a friend, not
                an institution;
- ``statement`` anything else ("votre code est 482913", "votre RIB a bien été enregistré").

Cheap cues decide most sentences. Where they cannot (a negation word, a third-person subject or a
warning frame sits in the sentence *and* something asks), the French sentence is parsed with
spaCy's ``fr_core_news_sm`` (loaded lazily, once per process, only the pipes used) to find whether
the negation governs the words found and who the subject of the asking verb is. A plain imperative
request never waits for the parser. English sentences use the lexical cues only (there is no
official English spaCy package on the Python registry).

All matching is on the project's normalised text (lower case, no accents: see extract/textnorm).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from ..extract.claim import SCAM_TALK

ACTS = ("request", "warning", "negated", "reported", "informal", "statement")

# -- warning: the sentence says "never" or warns about fraud ------------------------------------------
NEVER = re.compile(
    r"\bjamais\b|\bnever\b|\bne (?:vous |te |lui )?(?:demande|demandera|demandons|demanderons|demandent|sollicite|sollicitera|reclame|reclamera|exige|exigera)\b"
    r"|\bne (?:les |la |le |leur |l'|lui |y )?(?:communiquez|transmettez|donnez|divulguez|repondez|cliquez|partagez|saisissez|envoyez|indiquez|payez|reglez|rappelez|ouvrez|suivez)"
    r"|\bn'(?:envoyez|indiquez|ouvrez|y repondez|y donnez)|\b(?:do not|don't|will not|won't|does not|doesn't|would never|should not|shouldn't|never) (?:ask|share|give|send|reply|click|request|disclose|enter|provide|pay|call)"
    # the polite form: "veuillez ne pas partager ce code", "merci de ne jamais communiquer"
    r"|\b(?:veuillez|merci de|pensez a|prenez soin de|nous vous demandons de) ne (?:le |la |les )?(?:pas |jamais )?(?:partager|communiquer|transmettre|divulguer|donner|transferer|envoyer|reveler)\b(?! a (?:votre|notre|un|une|nos|vos))"
    r"|\baucune? (?:donnee|information|element|demarche|action|paiement|frais)|\bno action\b|\bpersonne ne (?:vous )?(?:demandera|doit)"
    r"|\bne (?:le |la |les )?(?:communiquez|donnez|transmettez|partagez) a personne\b|\bconfidentiel\b|\bsecret\b(?! code)")
FRAUD_TALK = re.compile(
    SCAM_TALK.pattern + r"|\bmefiez|\bvigilan|\bpretend\w* (?:etre|venir)|\bse reclam\w* d|\bclaiming to (?:be|come)|\bpretending|\bare fake\b"
    # a message described as a third party ("un SMS vous demandant de payer ..."): reported speech
    r"|\b(?:sms|courriels?|e-?mails?|mails?|messages?|appels?|calls?|texts?)\b[^.?!\n]{0,60}\b(?:(?:vous )?(?:demandant|invitant|reclamant|proposant|incitant|enjoignant|exigeant)|qui (?:vous )?(?:demandent|invitent|reclament|exigent|proposent)|(?:asking|telling|urging|inviting) (?:you|them|people|users|customers|students|patients)|asking for)\b")
# "if you receive texts about ..., ignore them": what to do with such messages, a warning
_IF_YOU_RECEIVE = re.compile(r"\b(?:si vous recevez|if you (?:receive|get|see))\b[^.!?\n]{0,80}\b(?:ignorez|ignore|supprimez|delete|signalez|report|ne (?:repondez|cliquez))\b")
WARNING = re.compile("|".join((NEVER.pattern, FRAUD_TALK.pattern, _IF_YOU_RECEIVE.pattern)))

# "si vous n'êtes pas à l'origine de cette connexion, modifiez votre mot de passe": the steps to
# protect oneself (change, check, contact, in one's own account), unless the sentence asks to give
# something to the sender (confirm, send, reply, enter)
_NOT_YOU = re.compile(r"\bsi (?:vous n'etes|ce n'est) pas (?:a l'origine|vous)|\bif (?:it|this|that) (?:was|wasn't|is|isn't) (?:not )?you\b|\bif you did(?: not|n't)\b")
_GIVE = re.compile(r"\b(?:confirm|envoy|transmet|communiqu|repond|indiqu|saisi|renseign|fourni|remplis|complet|send|reply|provide|enter|submit|fill|type|share|give|valid)\w*")


def protective(text: str) -> bool:
    return bool(_NOT_YOU.search(text)) and not _GIVE.search(text) and not _CALL_COMING.search(text)


# "si vous n'êtes pas à l'origine de cette demande, un conseiller va vous appeler": no step the reader
# takes, the fake adviser's call announced
_CALL_COMING = re.compile(r"\b(?:va|vont|allons|will) (?:vous |you )?(?:appeler|rappeler|contacter|joindre|call|contact)\b"
                          r"|\bvous (?:appellera|appelleront|rappellera|rappelleront|contactera|contacteront)\b")


# -- negation cues (lexical) --------------------------------------------------------------------
NEGATION = re.compile(
    r"\bne\b|\bn'|\bni\b|\baucune?s?\b|\brien\b|\bsans\b|\bpas\b|\bnon\b"
    r"|\bnot\b|n't\b|\bno\b|\bnor\b|\bneither\b|\bnothing\b|\bwithout\b|\bnone\b")
_NEAR_NEG = re.compile(r"(?:\bni|\bpas|\bsans|\baucune?|\bno|\bnor|\bnot|\bwithout|\bnever|\bjamais)\s+(?:de |d'|du |des |mon |ma |mes |votre |vos |son |sa |ses |le |la |les |my |your |his |her |their |the |a |any )?$")
_TIGHT_NEG = re.compile(r"(?:\bpas|\bnon|\brien d'|\baucune?|\bsans|\bnot|\bno|\bnothing)\s*(?:d'|de |très |si |vraiment )?$")
# the partitive "de" after a denied verb: "ils ne m'ont pas demandé de paiement" (not "n'oubliez pas
# de payer", "n'hésitez pas à")
_NEG_DE = re.compile(r"\b(?:pas|jamais|plus|point)\s+(?!(?:oubli|manqu|hesit|tard|attend|omet)\w*)(?:[a-z']+\s+){0,2}(?:de |d')$")
# a denied verb that orders: "n'oubliez pas de", "ne manquez pas de", "n'hésitez pas à"
_DO_NOT_FORGET = re.compile(r"\b(?:n'oubli|ne manqu|n'hesit|ne tard|n'omet)\w*\s+(?:pas|jamais)\s+(?:de |d'|a )(?:[a-z']+\s+){0,3}$")
# "ne ... que" (only), with no other word of negation in the clause
_ONLY = re.compile(r"\b(?:ne|n')\b[^.;!?]{0,60}\bqu(?:e\b|')")
_TRUE_NEG = re.compile(r"\b(?:pas|jamais|rien|aucune?|plus|ni|personne|nullement|guere|sans)\b")
# "si vous ne mettez pas à jour ..., vos droits seront suspendus": a threat, not a denial
CONDITIONAL_NEG = re.compile(r"\b(?:si|sinon|faute de|a defaut de|unless|if you (?:do not|don't))\b")

# -- who speaks: a third party whose asking is being told, not done -------------------------------
THIRD_PARTY = re.compile(
    r"\b(?:escrocs?|fraudeurs?|arnaqueurs?|pirates?|usurpateurs?|cybercriminels?|malfaiteurs?|delinquants?|individus?"
    r"|faux (?:conseillers?|agents?|sms|messages?|courriels?|mails?|sites?)|fausses? (?:annonces?|demandes?)"
    r"|l'un d'(?:eux|elles)|certains (?:sms|messages|courriels|mails|appels|sites)|(?:des|ces|de faux) sites(?: internet| web)?|ces (?:sms|messages|courriels|mails|appels|individus|personnes)"
    r"|(?:un|une|des|ce|cet|cette|le|les) (?:sms|textos?|messages?|courriels?|mails?|e-mails?|appels?|interlocuteurs?|inconnus?)\b(?! (?:de|d') (?:l'assurance maladie|votre (?:caisse|cpam)|ameli))"
    r"|ils|elles|il(?! (?:vous |nous |te |me )?(?:faut|suffit|reste|est|sera|s'agit|y a|convient|importe|manque))|elle|quelqu'un"
    r"|l'appelant|un appelant|l'expediteur|l'interlocut(?:eur|rice)|(?:le|la|les|un|une|des|ce|ces) (?:faux|fausses?)\b"
    # pronouns for some of the fake messages just named: "certains vous demandent de payer", "d'autres ..."
    r"|certains(?= vous\b)|d'autres(?: encore)?(?= vous\b|,)"
    # in English: "text messages or e-mails claiming ...", "a link asking for a small payment"
    r"|text messages?|(?<!your )(?<!our )(?:texts|e-?mails)|(?:a|the) link|scammers|fraudsters|criminals|crooks|fake (?:texts?|messages?|e-?mails?|sites?|websites?|calls?)"
    r"|scammers?|fraudsters?|criminals?|crooks?|fake (?:messages?|texts?|e-?mails?|calls?|advisers?|agents?)|they|someone|he|she"
    # someone said to pose as the brand: "une personne se présentant comme agent de la CPAM vous propose ..."
    r"|(?:une personne|des personnes|un homme|une femme|une dame|un monsieur|un individu|un inconnu|une inconnue|a person|a man|a woman)"
    r"(?= (?:se presentant|se disant|pretendant|qui se presente|qui se dit|qui pretend|claiming|posing|pretending)\b)"
    # the impersonal "on" that asks, as an article tells a scam: "On vous réclame 1 à 3 € pour une nouvelle carte"
    r"|on(?= (?:vous|leur|lui) (?:reclam|demand|propos|annonc|promet|raconte|fait croire|invite|pousse|incite)\w*)"
    # "Some ask for a small fee", "others claim ...": some of the fake messages just named
    r"|(?:some|others|some of them)(?= (?:ask|want|claim|say|tell|demand|request|offer|promise|invite|urge|threaten|pretend)s?\b)"
    r"|(?:a|an|the|this|that|these|such) (?:texts?|messages?|e-?mails?|calls?|callers?|senders?))\b")
FIRST_PERSON = re.compile(r"\b(?:j'|je\b|m'(?:a|ont|avait|avaient)\b|on m'|me (?:demand|propos|dis|dit)|i\b|me\b)")
INFORMAL = re.compile(r"\b(?:tu|ton|ta|tes|toi)\b|\bt'(?=[a-z])|\bte (?:le |la |les )?(?:rembours|renvoi|envoi|donne|fais|passe|vire)")

# -- asking: imperative verbs and request frames ----------------------------------------------------
# an infinitive (words ending in -er, -ir, -re that are not verbs left out)
_INF = r"(?!(?:votre|notre|autre|premier|dernier|entier|cher|hier|leur|lettre|titre|membre|nombre|plaisir|avenir|soir|desir|loisir|quatre|centre|ordre|offre|chiffre)\b)[a-z]+(?:er|ir|re)\b"
_IMP = (r"(?:envoy|renvoy|confirm|verifi|valid|complet|renseign|indiqu|communiqu|transmett|fourniss|saisiss|remplis"
        r"|actualis|regularis|reactiv|mett|cliqu|touch|appel|rappel|compos|contact|pay|regl|repond|connect|identifi"
        r"|acced|suiv|telecharg|install|ouvr|clique|entr|cochez|joign|precis|rens|donn|mentionn|rejoign|retourn|reglez|finalis|activ|debloqu|recuper|consult|signal|scann)")
# an imperative of those verbs ("identifiez-vous", "connectez-vous" order too; "rappelez-vous que ..."
# is "remember"), and the same not after "vous"/"nous" (then it is a statement: "vous confirmez")
_IMP_EZ = r"\b(?!rappelez-vous\b)" + _IMP + r"\w*ez\b"
_IMPERATIVE = r"(?<!\bvous )(?<!\bnous )" + _IMP_EZ
REQUEST = re.compile(
    # an imperative of the verbs that ask, or one of their infinitives after a request frame
    _IMPERATIVE +
    r"|\bmerci (?:de|d')|\bveuillez\b|\bpri(?:e|ons|ere)s? (?:de|d')|\bvous (?:etes|serez) (?:prie|invite|tenu)"
    r"|\b(?:n'oubliez|ne manquez|n'hesitez|ne tardez) pas (?:de|d'|a)\b"
    r"|\b(?:vous|nous) (?:vous )?(?:demandons|demande|invitons|invite|prions|prie|remercions) (?:de|d'|a)\b"
    r"|\b(?:il (?:vous |nous )?)?(?:suffit|faut|reste) (?:de |d'|a )?" + _INF +
    r"|\b(?:devez|devrez|devriez|dois|doit|devra|avez a|aurez a)\s(?:nous |lui |leur |le |la |les )?" + _INF +
    r"|\b(?:sera|seront|est|sont|serait) (?:requise?s?|necessaires?|obligatoires?|exigee?s?|demandee?s?)\b|\b(?:will be|is|are) (?:required|needed|requested|mandatory)\b"
    # a heading or a subject that names an action for the reader: "Validation de votre remboursement"
    r"|^\s*(?:validation|confirmation|verification|mise a jour|actualisation|activation|reactivation|regularisation|renouvellement|saisie|transmission)\s(?:de|du|des|d')\b[^.?!\n]{0,50}$"
    r"|\b(?:pour|afin de|afin d') (?:recevoir|percevoir|obtenir|beneficier|debloquer|finaliser|eviter|valider|confirmer|continuer|conserver|garder|activer|reactiver|retrouver|regulariser|traiter)\b"
    r"|\b(?:a|a nous) (?:fournir|transmettre|renseigner|completer|envoyer|retourner|indiquer|saisir|regler|payer)\b"
    r"|\bnous (?:vous )?(?:demandons|prions|invitons|remercions) (?:de|d')\b|\bnous avons besoin\b"
    # someone who needs something of the reader's asks for it: "j'ai besoin de votre RIB"
    r"|\b(?:j'ai|nous avons|on a) besoin (?:de|d'|du|des) (?:votre|vos|ton|tes)\b|\bil me (?:faut|faudrait)\b"
    r"|\b(?:pouvez|pourriez|voulez|voudriez)-vous\b|\bvous (?:devez|devrez|devriez|etes prie|etes invite|etes tenu)\b"
    r"|:\s*_{2,}|\?\s*$"
    r"|^\s*(?:[-*\u2022]\s*)?" + _IMP + r"\w*er\b"
    # English
    r"|\bplease\b|\bkindly\b|\byou (?:must|need to|are required|have to|should)\b|\bto (?:receive|get|claim|avoid|continue|keep|unlock)\b"
    # (not done to the reader: "Send you a code when you log in", "Call you, or answer you on 3646": what we do)
    r"|(?:^|[,:;]\s*|\band\s)(?:simply |just |please |kindly )?(?:enter|provide|confirm|update|verify|submit|send|fill|reply|click|call|pay|complete|validate|log ?in|sign ?in|tap|follow|download|give|text|message|share|tell)\b(?! you\b)"
)
# verbs of asking whose subject tells who asks ("X vous demande de payer")
_ASKING_VERBS = (r"demand|reclam|exig|sollicit|invit|propos|pouss|incit|annon[cç]|promet|promis|pretend|affirm|menac|disent|disai|ask|request|urg|tell|want|promis|claim|offer|threat|say|said"
                 # who tries to get it, or says who they are: "ce SMS cherche à vous faire payer", "il se présente comme"
                 r"|cherch|tent|essai|present|try|tries|pose")
_ASKING = re.compile(r"\b(?:" + _ASKING_VERBS + r")\w*")

# in a message about scams, the fake site, link or form as the subject of asking or taking
_THING_TAKES = re.compile(
    r"\b(?:ce|cet|cette|ces|le|la|les|un|une|des) (?:sites?|liens?|pages?|formulaires?|applications?|websites?|links?|forms?)\b"
    r"(?! (?:de|d'|du) (?:l'assurance maladie|votre (?:caisse|cpam)|ameli))[^.?!\n]{0,40}?"
    r"\b(?:vous |leur |lui |you |them )?(?:" + _ASKING_VERBS + r"|fai\w* pay|font pay|recuper|vol|derob|subtilis|debit|aspir|steal|take|charge)\w*")

# a quoted passage («...», "...") introduced as an example of what scams say
_QUOTE_OPEN = "«\"\u201c"
REPORT_FRAME = re.compile(
    r"\b(?:du type|de type|tel(?:le)?s? que|comme|ainsi redige|indiquant|disant|affirmant|annoncant|pretendant|expliquant|avec le message|qui dit|intitule|exemple|such as|saying|reading|like)\b"
    r"|\b(?:sms|message|courriel|mail|appel|texto)s?\b[^.?!\n]{0,40}:\s*$")


def _english(sentence: str) -> bool:
    words = re.findall(r"[a-z']+", sentence)
    if len(words) < 3:
        return False
    en = sum(w in _EN for w in words)
    fr = sum(w in _FR for w in words)
    return en > fr


_EN = frozenset("the you your to of and is are be will was not this that with for please we us our it have has no my me he she did asked any nor".split())
_FR = frozenset("le la les vous votre vos de du des et est sont sera nous notre pour avec une un ne pas ce cette a au".split())


def _clause(sentence: str, pos: int) -> tuple[int, int]:
    """The clause of `sentence` around `pos`: bounded by , ; : ( ) and by the conjunctions that
    join clauses. Lexical: good enough to keep a negation or a subject from leaking across."""
    cut = re.compile(r"[,;:()]|\s(?:mais|puis|donc|alors|but|then|so)\s")
    s = 0
    for m in cut.finditer(sentence, 0, pos):
        s = m.end()
    m = cut.search(sentence, pos)
    e = m.start() if m else len(sentence)
    return s, e


def act(sentence: str, start: int, end: int, intro: str = "", frame: bool = False, quoted: bool = False,
        speaker_words: re.Pattern | None = None, tight: bool = False, narration: bool = False,
        mailed: bool = False) -> str:
    """The act of `sentence` (normalised) about the words at [start, end) of it.

    `intro` is the line that introduces the list the sentence is an item of ("" if none);
    `frame` says the message as a whole is about scams (a warning, an article); `quoted` that the
    words sit inside quotation marks; `speaker_words` matches the words by which the claimed speaker
    names itself (the brand), so that "l'Assurance Maladie vous demande ..." stays a request.
    `tight`: only a negation right before the words counts ("pas urgent"), for words such as a
    deadline that a negation elsewhere in the sentence does not deny ("sans réponse sous 48 h, ...").
    `narration`: a person's account of a call ("il m'a demandé mon mot de passe, une arnaque ?"):
    what the caller asked is the evidence, and fraud words are the person's doubt, not a warning.
    `mailed`: the message was mailed to its reader (an e-mail), not pasted by them."""
    warns, english, asks, informal, informal_alone = _cues(sentence, narration)
    intro_warns, _, intro_asks, _, intro_informal = _cues(intro.rstrip().rstrip(":"), narration) if intro else (False, False, False, False, False)
    if intro_informal and not _VOUS.search(sentence):
        informal = informal_alone = True   # the items of a list a friend writes ("les infos quand tu passes chez elle :")
    # a list's line asks by more than its colon: "merci de nous transmettre :", "pièces requises :",
    # not "voici le programme du mois :"
    intro_asks = intro_asks or bool(intro and _ITEMS_AWAITED.search(intro))
    if warns or intro_warns:
        return "warning"
    if _DID_YOU_KNOW.match(sentence) or _TRUE_OR_FALSE.search(sentence):
        return "statement"   # "Saviez-vous que ... ?", "... : vrai ou faux ?": it informs
    cut = max(sentence.rfind(":", 0, start), sentence.rfind(";", 0, start)) + 1   # "vos questions : j'ai donné ..."
    asked = sentence[cut:]
    if not narration and asked.rstrip().endswith("?") and not _CAN_YOU.search(asked) and not _ORDERS.search(asked) \
            and not _WHAT_IS_YOUR.search(asked):
        # a question that asks for no act: the reader's own in a Q&A ("J'ai donné mon RIB, que
        # faire ?"), a headline ("FranceConnect : un seul mot de passe pour l'administration ?"),
        # the reader's situation ("Vous avez perdu vos identifiants ?"); told when it is the reader's
        # own or someone else's ask
        mine = _I_ASK.search(asked) and not (_VOUS.search(asked) or INFORMAL.search(asked) or _YOU_EN.search(asked))
        return "reported" if mine or _third_asks(sentence[cut:start]) else "statement"
    if quoted and frame:
        return "reported"
    if quoted and _QUOTE_INTRODUCED.search(sentence[:sentence.rfind('"', 0, start) + 1]):
        return "reported"   # 'Le message dit : « Confirmez votre identité ... »': a message quoted, said as someone's
    if _TOLD_TO_ME.search(sentence, 0, start) and not narration and not NEGATION.search(sentence[:start]) \
            and (frame and not _VOUS.search(sentence[:start])
                 or mailed and not (_VOUS.search(sentence) or _YOU_EN.search(sentence) or INFORMAL.search(sentence))):
        # a writer's own account of what they were told ("il m'a dit que je devais lui lire le code"),
        # in a message about scams, or mailed to others and speaking to no one ("vous", "tu") in that
        # sentence: what was asked of the writer, not of the reader (a person's own account pasted
        # to ask is the evidence itself)
        return "reported"
    if frame and not asks and _THING_TAKES.search(sentence, 0, start):
        return "reported"   # in a warning, what the fake site or link does: "ce site récupère votre numéro"
    if intro and told(intro) and not intro_asks and (not asks or _third_asks(intro)):
        return "reported"   # an item of a list introduced as what someone else asks
    if _BRING.search(intro or "") or _BRING.search(sentence[:start]) or _BY_POST.search(intro or "") or _BY_POST.search(sentence):
        return "statement"   # papers to bring in person ("merci d'apporter : ... un RIB") or to post: handed over at a desk or by letter, not sent
    asks = asks or intro_asks
    if _FAKE_BEFORE.search(sentence, max(0, start - 12), start):
        return "reported"    # "le faux remboursement ameli", "a fake refund": the thing is a scam's
    if GIVEN_VALUE.match(sentence, end) or _HERE_IS.search(sentence, max(0, start - 20), start):
        return "statement"   # the message gives it: "code de sécurité : 731904", "your code is 4821"
    cs, ce = _clause(sentence, start)
    clause = sentence[cs:ce]
    before = sentence[:start]
    if tight:
        neg = _TIGHT_NEG.search(sentence[max(0, start - 14):start])
        if neg:
            return "negated"
        neg = None
    else:
        neg = NEGATION.search(clause[: start - cs]) or NEGATION.search(clause[end - cs:])
    # "ne ... que" restricts, it does not deny: "ils ne peuvent les envoyer qu'après paiement"
    only = (bool(_ONLY.search(clause[: start - cs])) and not _TRUE_NEG.search(clause)) \
        or bool(_DO_NOT_FORGET.search(sentence[max(0, start - 60):start]))   # "n'oubliez pas de payer": an order
    if only:
        neg = None
    third = _third_asks(before)
    if _IF_DONE.search(before) or _IF_ASKED.search(before) or (_IF_BEFORE.search(before) and _DONE_AFTER.match(sentence, end)):
        return "warning"    # "si vous y avez saisi vos coordonnées bancaires, appelez votre banque": advice to victims
    if _OTHERS_OWN.search(before) and not _VOUS.search(sentence) and not informal \
            and not _NEAR_NEG.search(sentence[max(0, start - 16):start]):
        return "reported"   # "les victimes sont invitées à saisir leur numéro de carte": others' data, told
    if informal_alone:
        return "informal"   # the familiar "tu" with no "vous": a person, not an institution
    if not (neg or third or informal):
        return "request" if asks else ("reported" if FIRST_PERSON.search(before) and not asks else "statement")
    # a negation right before the words denies them whatever the parse says: "ni mon RIB", "pas de
    # code", "no password", "sans RIB"; so does one before the list they are an item of ("she did
    # not ask for my bank details, my password or any code")
    if (_NEAR_NEG.search(sentence[max(0, start - 16):start]) or _denied_list_item(sentence, start, end)
            or _NEG_DE.search(sentence[max(0, start - 40):start])) \
            and not CONDITIONAL_NEG.search(sentence[cs:start]) and not only:
        # (a condition counts in the clause it opens: "si vous ne payez pas les frais", not "elle m'a
        # demandé si j'avais un employeur, pas de numéro de sécu")
        return "negated"
    # in a message about scams, a fraudster or a fake message that asks ("elle vous annonce que vous
    # allez recevoir un code et vous demande de le lui lire") reports their ask, whatever the verb
    # nearest the words ("vous allez recevoir") has as its subject
    if frame and third and not neg and not (speaker_words is not None and _speaker_subject(before, speaker_words)) \
            and not _imperative_after(sentence, third.end(), start):
        return "reported"
    # ambiguous: a negation, a third-person subject or the familiar "tu" stands beside the words
    parsed = None if english else _parse(sentence, start, end)
    if parsed is not None:
        negated, subject = parsed
        negated = negated and not tight and not only
        if negated and not CONDITIONAL_NEG.search(sentence[:start]):
            return "negated"
        if subject == "third" and not (speaker_words is not None and _speaker_subject(sentence[:start], speaker_words)):
            return "reported"
        if subject == "informal":
            return "informal"
        if subject == "first":
            return "reported"
        if not subject and third and not (speaker_words is not None and _speaker_subject(before, speaker_words)) \
                and not _imperative_after(sentence, third.end(), start):
            return "reported"   # the parser found no subject ("le message leur demande" read as a noun): the words say who asks
        return "request" if asks else "statement"
    # no parser (English, or spaCy unavailable): the lexical cues decide
    if neg and not CONDITIONAL_NEG.search(sentence[:start]):
        return "negated"
    if third and not (speaker_words is not None and _speaker_subject(before, speaker_words)):
        if not _imperative_after(sentence, third.end(), start):
            return "reported"
    return "request" if asks else "statement"


# an item of a list: a few words with no subject, verb of being or relative that would make it a clause
_LIST_ITEM_WORDS = re.compile(r"[\sa-z0-9'-]{1,80}")
_CLAUSE_WORD = re.compile(r"\b(?:je|j'|tu|il|elle|ils|elles|on|nous|vous|est|sont|sera|a|ont|que|qui|i|you|he|she|we|they|is|are|was|were|will|has|have|that|which|who)\b")
_LIST_CUT = re.compile(r"[,;:.!?]|\s(?:and|et|but|mais)\s(?!(?:my|your|his|her|their|any|a|an|the|mon|ma|mes|votre|vos|son|sa|ses|le|la|les|un|une|des|aucune?)\b)")


def _denied_list_item(sentence: str, start: int, end: int) -> bool:
    """The words are an item of a list after a comma whose first item a negation governs: "she did
    not ask for my bank details, my ameli password or any code"."""
    nxt = _LIST_CUT.search(sentence, end)
    j, stop = start, (nxt.start() if nxt else len(sentence))
    for _ in range(5):
        # the item before: after a comma, or after "et" / "ou" ("pas demandé mon mot de passe et mon RIB")
        c, width = max((sentence.rfind(sep, 0, j), len(sep)) for sep in (",", " et ", " ou ", " and ", " or "))
        item = sentence[c + width:stop] if c >= 0 else ""
        if c < 0 or not _LIST_ITEM_WORDS.fullmatch(item) or _CLAUSE_WORD.search(item) or REQUEST.search(item):
            return False
        p = max(sentence.rfind(x, 0, c) for x in ",;:")
        head = sentence[p + 1:c]
        neg = None
        for neg in NEGATION.finditer(head):
            pass
        if neg is not None:
            # the negation opens the list's first item: only the asking verb and its object follow it
            return len(head[neg.end():].split()) <= 7
        j, stop = c, c
    return False


def _cues(sentence: str, narration: bool) -> tuple[bool, bool, bool, bool, bool]:
    """What a sentence says whatever words of it are asked about: whether it warns, is English,
    asks the reader, holds the familiar "tu", and holds it with no "vous". The same sentence is
    asked about for several rules' words, and a campaign repeats its sentences: kept for sentences
    of ordinary length (a hostile 200,000-character one is read, not kept)."""
    if len(sentence) > _CUES_KEPT:
        return _read_cues(sentence, narration)
    return _kept_cues(sentence, narration)


def _read_cues(sentence: str, narration: bool) -> tuple[bool, bool, bool, bool, bool]:
    informal = bool(INFORMAL.search(sentence))
    asks = bool(REQUEST.search(sentence)) or (bool(_COLON_END.search(sentence)) and not _TOLD_FACT.search(sentence))
    warns = bool(NEVER.search(sentence)) or protective(sentence) or bool(_IF_YOU_RECEIVE.search(sentence))
    if not warns and not narration and FRAUD_TALK.search(sentence):
        # fraud named in a sentence that orders the reader is the scam's pretext ("suite à une
        # tentative de fraude, merci de confirmer votre RIB"), not a warning
        # (an order inside quotation marks is the quoted scam's: "des SMS du type « payez 1,49 € »")
        warns = not (asks and _ORDERS.search(_QUOTED.sub(" ", sentence)))
    return warns, _english(sentence), asks, informal, informal and not _VOUS.search(sentence)


_FAKE_BEFORE = re.compile(r"\b(?:faux|fausses?|fake|bogus|so-called|pretendue?s?|soi-disant)\s$")
# the value itself follows the words: a code the message gives, not one it asks for
GIVEN_VALUE = re.compile(r"\s*(?:\([^)]{0,20}\)\s*)?(?::|\best\b|\bis\b|=)\s*\d[\d ]{2,10}\d\b"
                          # the digits right after the words: "code de sécurité 739214 pour valider le virement"
                          r"|\s+\d{4,8}\b(?!\s?(?:€|eur\b|euros?\b|%|chiffres|digits))"
                          # "votre code de sécurité pour valider le virement de 150,00 EUR vers Dr X est 418 276"
                          r"|(?:[^.!?\n:]|(?<=\b[a-z])\.){1,80}?\b(?:est|is)\s*:?\s*\d{3}[\d ]{0,8}\d\b"
                          # "saisissez ce code provisoire, valable 6 semaines :\n\nK7P-42XM"
                          # (also under its own label: "... le code provisoire suivant :\n\nCode provisoire : K7P2-MX4R")
                          r"|[^.!?\n:]{0,80}:[ \t]*\n?\s*(?:[a-z][a-z' -]{1,30}:[ \t]*)?(?=[a-z0-9 -]{0,24}\d)[a-z0-9][a-z0-9 -]{2,22}[a-z0-9][ \t]*(?:\n|$)"
                          # a label, then its items written out ("Vos identifiants :\n- identifiant : jdupont")
                          r"|[ \t]*:[ \t]*\n[ \t]*\n?[ \t]*(?:[-*\u2022][ \t]*)?[a-z][a-z' -]{1,30}:[ \t]*[a-z0-9][a-z0-9@._:/-]{2,80}[ \t]*(?:\(|\n|$)")
# a quotation introduced as another message's or another's words: 'le message dit : "', 'le faux SMS indique "'
_QUOTE_INTRODUCED = re.compile(r"\b(?:sms|message|courriel|mail|e-mail|texto|appel|site|page|lien|faux|fraudeurs?|escrocs?|il|elle|ils|on)\b[^.?!\n\"]{0,40}"
                               r"\b(?:dit|disait|disent|ecrit|indique|indiquait|affirme|annonce|annoncait|pretend|reads?|says?|said)\s*:?\s*\"\s*$")
# someone's account of what they were told ("il m'a dit que je devais ...")
_TOLD_TO_ME = re.compile(r"\b(?:m'a|m'ont|m'avait|m'avaient|on m'a)\s(?:\w+\s)?(?:dit|explique|demande|assure|affirme|annonce|propose|raconte|expliquait|disait)\b|\b(?:told|asked) me\b"
                         # what was to be done to the writer, or by them: "il va m'envoyer un code et je dois lui lire"
                         r"|\b(?:il|elle|ils|elles|on) (?:va|allait|vont|allaient|voulait|voulaient) m'|\bje (?:dois|devais|devrais|devrai)\b"
                         r"|\b(?:he|she|they) (?:would|was going to|were going to|wanted to) (?:send|text|call|email) me\b|\bi (?:had|was supposed) to\b")
# papers sent by letter ("en envoyant un RIB, par courrier, à votre caisse"), not through the message
_BY_POST = re.compile(r"\bpar (?:courrier(?! electronique)|la poste|voie postale)\b|\bby (?:post|postal mail)\b|\bdans l'enveloppe\b|\ben recommande\b"
                      # written on a cheque posted to the caisse ("par chèque ..., en indiquant au dos votre numéro")
                      r"|\bcheque\b[^.!?\n]{0,80}\bau dos\b|\bau dos (?:du|de votre|de ce) cheque\b|\bcheque\b[^.!?\n]{0,80}\bon the back\b")
# papers to bring to a desk or an appointment (not "munissez-vous de votre carte", which has it typed)
_BRING = re.compile(r"\b(?:apporte[rz]?|apportant|ramene[rz]|presente[rz]-vous avec|bring|take with you)\b")
# a quiz: "Votre numéro de sécurité sociale : vrai ou faux ?"
_TRUE_OR_FALSE = re.compile(r"\bvrai ou faux\b|\btrue or false\b")
_YOU_EN = re.compile(r"\b(?:you|your)\b")
# a question that asks for the reader's thing: "Quel est votre numéro de carte ?", "What is your password?"
_WHAT_IS_YOUR = re.compile(r"\b(?:quel|quelle|quels|quelles|combien|what|which)\b[^?]{0,30}\b(?:votre|vos|ton|ta|tes|your)\b")
# a question put to someone ("tu peux me le renvoyer ?", "can you send it back?")
_CAN_YOU = re.compile(r"\b(?:peux|pouvez|pourrais|pourriez|veux|voulez|can you|could you|would you|will you)\b")
# the reader's own voice in a Q&A: a first-person singular subject or possessive
_I_ASK = re.compile(r"(?:^|\W)(?:j'|je |mon |ma |mes |m'|moi\b|i |i'm |i've |my )")
# a question that informs: "Saviez-vous que ... ?", "Did you know ...?"
_DID_YOU_KNOW = re.compile(r"\W*(?:le )?(?:saviez|savez)-vous\b|\W*did you know\b")
# "voici votre code de sécurité ...": the message hands it over
_HERE_IS = re.compile(r"\b(?:voici|voila|here is|here's|(?:i|we)(?:'ve| have)? (?:just )?sent(?: you)?|(?:je|nous|on) vous (?:ai |avons |a )?(?:envoye|transmis|adresse))"
                      r" (?:votre|vos|le|la|les|un|une|your|the|a)(?: \S+)? $")
_QUOTED = re.compile(r'"[^"\n]{0,300}"')
# an order to the reader: an imperative of the verbs that ask, or a request frame
_ORDERS = re.compile(_IMPERATIVE + r"|\bmerci (?:de|d')|\bveuillez\b|\bplease\b|\bvous devez\b")


# the reader's own past act, in an "if": "si vous avez communiqué vos coordonnées bancaires, ..."
_IF_DONE = re.compile(r"\b(?:si|if) (?:vous|you) (?:y |l'|les |leur |lui )?(?:avez|aviez|have|had) (?:deja |already )?\w+[^.?!,;]{0,30}$"
                      # English simple past: "if you clicked and entered details: ..."
                      r"|\bif you(?:'ve| have)? (?:already )?(?:clicked|entered|gave|given|shared|typed|sent|paid|replied|called|filled|provided)\b[^.?!;]{0,120}$"
                      # "en cas de saisie de vos identifiants sur le faux site, ...": the same, as a noun
                      r"|\ben cas de (?:saisie|communication|transmission|divulgation|envoi|clic|paiement|reponse|partage)\b[^.?!;]{0,60}$")
# someone who already asked: "si un site vous a demandé votre numéro de carte, ce n'était pas le nôtre"
_IF_ASKED = re.compile(r"\b(?:si|if) (?:un|une|le|la|l'|quelqu'un|on|someone|a|an|the)\b[^.?!,;]{0,40}\b(?:vous|you) (?:a|avait|ont|avaient|has|had) (?:deja |already )?"
                       r"(?:demande|reclame|propose|ecrit|appele|asked|requested|called)\b[^.?!;]{0,60}$")
# the same in the passive: "si des coordonnées bancaires ont été communiquées", "if your password was shared"
_IF_BEFORE = re.compile(r"\b(?:si|if) (?:des |vos |votre |vous |your |the |any |un |une )?$")
_DONE_AFTER = re.compile(r"\s*(?:ont|a|ont deja|a deja|have|has|was|were)\s(?:ete|been)\s|\s*(?:was|were)\s(?:shared|given|sent|entered)\b")
# the words found belong to someone else: "leur numéro de carte", "son RIB", "their password"
_OTHERS_OWN = re.compile(r"\b(?:leurs?|son|sa|ses|their|his|her)\s+(?:\w+\s+)?$")
_CUES_KEPT = 2000
# a line ending with ":" asks what follows (a form's label, "vos coordonnées :"), unless it tells
# what happened, with a subject and a finite verb ("notre surveillance a détecté qu'un mot de passe
# est réutilisé sur ces sites :"): then its items are facts
_COLON_END = re.compile(r":\s*$")
_TOLD_FACT = re.compile(r"\b(?:a|ont|avons|a ete|ont ete|est|sont|etait|etaient|has|have|was|were|has been|have been)\s(?:deja\s|already\s)?"
                        r"(?:detecte|constate|remarque|observe|identifie|repere|releve|trouve|apparu|apparue|reutilise|expose|compromis|divulgue|publie|detected|found|noticed|observed|identified|exposed|reused|leaked|appeared"
                        # or paid: "were paid to your French bank account:", "ont été versées sur votre compte :"
                        r"|verse|versee|vire|viree|rembourse|remboursee|credite|paid|sent|transferred|refunded)s?\b")
_VOUS = re.compile(r"\b(?:vous|votre|vos)\b")
_kept_cues = lru_cache(maxsize=4096)(_read_cues)


def _third_asks(text: str):
    """A third party (a scam, a fraudster, "ils") as the subject of a verb of asking in `text`."""
    for m in THIRD_PARTY.finditer(text):
        if _ASKING.search(text, m.end(), min(len(text), m.end() + 45)):
            return m
        # further on, through a clause of its own ("le faux, lui, indique un montant ... et vous
        # demande"), as long as nobody else becomes the subject on the way
        v = _ASKING.search(text, m.end() + 45, min(len(text), m.end() + 100))
        if v and not _NEW_SUBJECT.search(text[m.end():v.start()]):
            return m
    return None


_NEW_SUBJECT = re.compile(r"[;:]|\b(?:je|j'|tu|on|il|elle|ils|elles)\b|\bnous\b(?!\s*$)|\bvous\b(?! *$)(?!\s+\S+\s*$)")


def intro_speaks(intro: str) -> bool:
    """Whether a line that ends with ":" says what its items are: it warns, tells what someone else
    asks, or asks by more than its colon ("merci de nous transmettre :", not "nos conseils :")."""
    warns, _, asks, _, _ = _cues(intro.rstrip().rstrip(":"), False)
    return warns or asks or told(intro) or bool(_ITEMS_AWAITED.search(intro))


# "dès réception des éléments suivants :", "the following details:": the items are awaited
_ITEMS_AWAITED = re.compile(r"\b(?:suivante?s|ci-dessous|following|below|requise?s?|necessaires?|obligatoires?|manquante?s?|a joindre|a fournir|a transmettre|a renseigner|a completer|required|needed|missing)\s*:\s*$")


def told(intro: str) -> bool:
    """The line tells what someone else asks or says (a fraudster, a fake message, an example)."""
    return bool(_third_asks(intro) or REPORT_FRAME.search(intro))


def _speaker_subject(before: str, speaker_words: re.Pattern) -> bool:
    """The brand (the claimed speaker) is who asks: "l'Assurance Maladie vous demande de ..."."""
    m = None
    for m in speaker_words.finditer(before):
        pass
    if m is None:
        return False
    between = re.match(r"([^.?!]{0,40}?)\b(?:vous|nous)\b", before[m.end():])
    # "ASSURANCE MALADIE : un SMS vous demande de payer ..." : the SMS asks, not the brand
    return between is not None and not THIRD_PARTY.search(between.group(1))


def _imperative_after(sentence: str, a: int, b: int) -> bool:
    return bool(_IMP_EZ_RE.search(sentence, a, b))


_IMP_EZ_RE = re.compile(_IMP_EZ)


# --- the parser, for the ambiguous French sentences ----------------------------------------------
NEG_WORDS = frozenset({"ne", "n'", "pas", "jamais", "ni", "aucun", "aucune", "rien", "sans", "plus", "nullement", "guere"})
_SUBJ_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
_THIRD_NOUNS = re.compile(THIRD_PARTY.pattern)


@lru_cache(maxsize=1)
def nlp():
    """spaCy's small French pipeline, loaded once per process; None when unavailable or turned
    off (DEMASQUE_NLP=off), in which case the lexical cues decide alone."""
    if os.environ.get("DEMASQUE_NLP", "").lower() in ("off", "0", "false", "no"):
        return None
    try:
        import spacy
        return spacy.load("fr_core_news_sm", exclude=["ner", "lemmatizer", "senter"])
    except Exception:  # not installed, or a broken install: the lexical path still works
        return None


@lru_cache(maxsize=32)
def _doc(sentence: str):
    # a few parsed sentences (one message asks about several words of a sentence); the answers
    # are what is kept (_parse), not the parses: 8,192 kept spaCy Docs weighed some 200 MB
    model = nlp()
    return None if model is None else model(sentence)


@lru_cache(maxsize=8192)
def _parse(sentence: str, start: int, end: int) -> tuple[bool, str] | None:
    """(negated, subject) for the words at [start, end): whether a negation governs them, and who
    the subject of the verb that governs them is ("third", "first", "informal", "reader",
    "speaker" or "")."""
    if len(sentence) > 600:
        return None
    doc = _doc(sentence)
    if doc is None:
        return None
    toks = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return None
    tok = min(toks, key=lambda t: t.i)
    # the path from the words found up to the main verb: through their heads, then from a verb
    # to the verb it complements (xcomp, ccomp) or is coordinated with (conj shares the subject)
    path = []
    cur = tok
    for _ in range(12):
        path.append(cur)
        if cur.head is cur:
            break
        cur = cur.head
    negated = False
    # a negation of another clause coordinated with this one ("je n'étais pas chez moi et je dois
    # payer") is not this clause's: climbing from a verb to the verb it is coordinated with stops there
    for k, t in enumerate(path):
        if k and path[k - 1].dep_ == "conj" and path[k - 1].pos_ in ("VERB", "AUX") and t.pos_ in ("VERB", "AUX"):
            break
        # (on text without accents the small model may hang "ne ... pas" on the auxiliary:
        # "elle ne m'a pas demande" -> ne, pas under "a"; those are the verb's too)
        for c in [*t.children, *(g for a in t.children if a.dep_.startswith("aux") for g in a.children)]:
            low = c.text.lower()
            if low in NEG_WORDS or (c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity")):
                # "ni ... ni": on the words themselves or on a conjunct; "ne ... pas" on a verb
                if c.dep_ in ("advmod", "cc", "det", "mark", "case", "obj", "nsubj", "dep") or low in ("ni", "sans"):
                    negated = True
        if t.text.lower() in ("rien", "aucun", "aucune", "personne") and t is not tok:
            negated = True
    subject = ""
    for t in path:
        if t.dep_ == "acl" and t.head is not t and _THIRD_NOUNS.search(t.head.text.lower()):
            return negated, "third"   # "un SMS vous demandant de ...": the message asks, told by someone
        subj = [c for c in t.children if c.dep_ in _SUBJ_DEPS]
        if not subj and t.dep_ == "conj" and t.head is not t:
            subj = [c for c in t.head.children if c.dep_ in _SUBJ_DEPS]
        if subj:
            s = subj[0]
            span = doc[s.left_edge.i: s.right_edge.i + 1].text.lower()
            person = s.morph.get("Person")
            if s.text.lower() in ("tu", "toi"):
                subject = "informal"
            elif s.text.lower() in ("je", "j'") or (person == ["1"] and s.text.lower() != "nous"):
                subject = "first"
            elif s.text.lower() == "vous":
                # "vous" is the subject only of a verb that agrees ("vous devez", "vous êtes"); in
                # "le faux vous demande" the small model takes the object for it
                subject = "reader" if t.text.lower().endswith(("ez", "tes")) or t.pos_ != "VERB" else ""
            elif s.text.lower() == "nous":
                subject = "speaker"
            elif _THIRD_NOUNS.search(span) or s.pos_ in ("NOUN", "PROPN", "PRON"):
                subject = "third" if _THIRD_NOUNS.search(span) else ""
            break
    return negated, subject
