"""Reading a message's sentences for the rules: what each sentence does with the words a rule found
(speech.py), with the line that introduces the list it is an item of. Memoised per message in
`Features.memo`, since many rules read the same sentences."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..extract import Features

import re

from .speech import GIVEN_VALUE, WARNING, act as speech_act, intro_speaks, told

# A list item (dash, bullet or number), and the lines that introduce a list.
_UNDERLINE = re.compile(r"\s*(?:={3,}|-{3,}|_{3,}|\*{3,})\s*")
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u00b7\u2013\u2014\u25aa\u25ba\u2713]|\d{1,2}[.)])\s")


def sentence_act(f: Features, s: int, e: int, start: int, end: int, tight: bool = False, narration: bool = False) -> str:
    """What the sentence [s, e) of the message does with the words at [start, end): see speech.py.
    Memoised per message, sentence and words (many rules read the same sentences)."""
    key = ("act", s, e, start, end, tight, narration)
    got = f.memo.get(key)
    if got is None and GIVEN_VALUE.match(f.norm, end):
        got = f.memo[key] = "statement"   # the value follows, past the sentence's end: a code given
    if got is None:
        text = f.norm
        got = speech_act(text[s:e], start - s, end - s, intro=list_intro(f, s),
                         frame=f.about_scams, quoted=f.quoted(start) or _example_paragraph(f, s),
                         speaker_words=f.profile.speaker_re, tight=tight, narration=narration,
                         mailed=f.msg.channel == "email")
        if got in ("request", "statement") and not narration and (_answered_by_warning(f, s, e) or _refuted_in_quiz(f, s, e)):
            got = "reported"
        elif got in ("request", "statement") and not narration and _in_denied_column(text, start):
            got = "negated"   # a table's cell under "Ce que nous ne faisons jamais | What we never do"
        elif got == "request" and not narration and _under_victim_heading(text, s):
            got = "warning"   # "IF YOU HAVE ALREADY GIVEN INFORMATION\n\nContact your bank ...": advice to victims
        elif got == "statement" and not narration and _TAKEN_UP.match(text, e):
            # the next sentence orders it by a pronoun: "vos coordonnées bancaires sont
            # incorrectes. Mettez-les à jour", "Votre RIB a expiré : renvoyez-le"
            got = "request"
        f.memo[key] = got
    return got


# A table read as text, its cells parted by " | ": a cell is denied by its column's heading, the
# first line of the table ("What we do  |  What we never do")
_CELL_SEP = re.compile(r"[ \t]+\|[ \t]+")
_COLUMN_NEG = re.compile(r"\b(?:jamais|never|pas|not|aucune?|no|interdit|forbidden)\b|\bn'")


def _in_denied_column(text: str, pos: int) -> bool:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    if "|" not in text[ls:le if le >= 0 else len(text)]:
        return False   # (most lines: no table)
    col = len(_CELL_SEP.findall(text, ls, pos))
    head, cur = None, ls
    for _ in range(30):    # up the table's lines, each with its cells, to its first
        if cur == 0:
            break
        up = text.rfind("\n", 0, cur - 1) + 1
        line = text[up:cur - 1]
        if len(_CELL_SEP.findall(line)) < col or not _CELL_SEP.search(line):
            break
        head, cur = line, up
    if head is None:
        return False
    cells = _CELL_SEP.split(head)
    return col < len(cells) and bool(_COLUMN_NEG.search(cells[col]))


# A heading that names the reader's own past act or their being a victim ("Si vous avez déjà
# communiqué vos informations", "Vous avez cliqué ?", "IF YOU HAVE ALREADY GIVEN INFORMATION"): the
# paragraph under it is advice to victims, as an "if" clause in the sentence itself would make it
_VICTIM_HEADING = re.compile(
    r"\W{0,3}(?:et )?(?:(?:si|if) (?:vous|you|j'ai|i)\b|(?:vous|you)(?:'ve| avez| have)\b|avez-vous\b|have you\b|(?:already|deja)\b)"
    r"[^.!\n]{0,25}\b(?:clique|donne|communique|saisi|transmis|envoye|paye|repondu|rappele|ete victime|ete arnaque|clicked|given|gave|entered|shared|sent|paid|replied|called back|been scammed|fallen)\b"
    r"[^.!\n]{0,50}$")
_HEADING_MAX = 90


def _under_victim_heading(text: str, s: int) -> bool:
    para = text.rfind("\n\n", 0, s)
    block = text[para + 2 if para >= 0 else 0:s]
    first, nl, _ = block.partition("\n")
    if nl and first.strip():
        head = first               # the heading opens the block: "Vous avez cliqué ?\nAppelez ..."
    elif para > 0:
        before = text[:para].rstrip()
        head = before[before.rfind("\n") + 1:]   # the heading is the block above
    else:
        return False
    head = head.strip()
    return len(head) <= _HEADING_MAX and not head.endswith(".") and bool(_VICTIM_HEADING.match(head))


# an affirmative imperative that takes the thing up by a pronoun, right at the next sentence's start
# (verbs that hand it over or have it fixed; not "saisissez-le sur la page", "changez-le", "gardez-la")
_TAKEN_UP = re.compile(r"[\s:]{0,4}(?:(?:mett|renvoy|envoy|transmett|communiqu|confirm|indiqu|donn|dict|fourniss|actualis|regularis"
                       r"|verifi|valid|precis|rectifi|corrig)ez-(?:les|le|la)(?:-nous|-moi)?\b"
                       # "Merci de me les envoyer ici"
                       r"|(?:merci de|veuillez|je vous remercie de|nous vous remercions de) (?:me |nous )?(?:les|le|la|l') ?(?:me |nous )?"
                       r"(?:envoyer|renvoyer|transmettre|communiquer|faire parvenir|adresser|confirmer|indiquer|donner)\b)")


def disowned(f: Features, s: int, e: int, start: int, end: int, tight: bool = False) -> bool:
    """The sentence warns about the words, denies them or tells them as someone else's: not the
    message's own asking (`not_warning` in the rule files). In a person's account of a call, what
    the caller said is the evidence, not someone else's words."""
    a = sentence_act(f, s, e, start, end, tight=tight)
    return a in ("warning", "negated") or (a == "reported" and f.msg.channel != "call")


# "On vous propose de payer votre carte Vitale ? Refusez." : a question that a warning answers
# describes a case to beware of; it does not ask.
_ANSWER = re.compile(
    WARNING.pattern + r"|\bc'est (?:une |un )?(?:fraude|faux|piege|tentative|tromperie)\b|\bil s'agit d'une? (?:fraude|faux|piege|tentative)"
    r"|\b(?:refusez|raccrochez|mefiance|prudence)\b|\b(?:signalez|supprimez|effacez)[- ](?:le|la|les)\b|\b33700\b"
    r"|\bit(?: is|'s) (?:a |an )?(?:fake|scam|fraud|trap)\b|\b(?:hang up|delete it|report it|ignore it)\b")


def _answered_by_warning(f: Features, s: int, e: int) -> bool:
    text = f.norm
    if not text[s:e].rstrip().endswith("?"):
        return False
    nxt = len(text) - len(text[e:].lstrip())
    if nxt >= len(text):
        return False
    ns, ne = f.sentence(nxt, nxt + 1)
    return bool(_ANSWER.search(text, ns, min(ne, ns + 300)))


# a quiz: its statements are claims to judge, and the ones answered "faux" are the scams' ("1.
# L'Assurance Maladie peut vous demander de payer des frais de livraison ... | FAUX")
_QUIZ = re.compile(r"\bvrai ou faux\b|\btrue or false\b|\bquiz\b")
_FALSE = re.compile(r"(?:^|[\s|:>-])(?:faux|false|c'est faux|it's false|fake)\s*[.!]?\s*(?:\n|$)|\breponse\s*:\s*faux\b|\banswer\s*:\s*false\b", re.M)
_NEXT_ITEM = re.compile(r"\n\s*(?:\d{1,2}[.)]|[-*\u2022])\s")


def _refuted_in_quiz(f: Features, s: int, e: int) -> bool:
    """In a quiz (its opening says so), the statement is answered "faux" before the next item."""
    if not _QUIZ.search(f.norm, 0, 3000):
        return False
    nxt = _NEXT_ITEM.search(f.norm, e, e + 600)
    return bool(_FALSE.search(f.norm, s, nxt.start() if nxt else min(len(f.norm), e + 600)))


_BLANK = re.compile(r"\n[ \t]*\n")


def _example_paragraph(f: Features, s: int) -> bool:
    """The sentence at `s` is in the paragraph right under a line that introduces an example of what
    scams say ("Exemple de message frauduleux reçu par des assurés :"): the scam's words, quoted
    without quotation marks."""
    text = f.norm
    para = 0
    for m in _BLANK.finditer(text, max(0, s - 1000), s):
        para = m.end()
    key = ("example_para", para)
    got = f.memo.get(key)
    if got is None:
        head = text[:para].rstrip()
        line = head[head.rfind("\n") + 1:] if para else ""
        got = f.memo[key] = bool(line.endswith(":") and len(line) <= _ITEM_MAX and told(line))
    return got


def _plain_list_intro(text: str, line_start: int) -> str:
    """A list whose items lost their bullets (an HTML list read as text, a plain newsletter): short
    lines right under a line that ends with ":" ("They may ask you to:"), at most 8 lines up."""
    cur = line_start
    for _ in range(8):
        if cur == 0:
            return ""
        prev_start = text.rfind("\n", 0, cur - 1) + 1
        line = text[prev_start:cur - 1].strip()
        if not line or len(line) > _ITEM_MAX or _LIST_ITEM.match(line):
            return ""    # (a line under a bulleted list, without a bullet, follows the list: no item of it)
        if line.endswith(":"):
            # only an introduction that says what its items are: under "nos conseils :" each
            # line is read on its own, as before any list was seen
            end = text.find("\n", line_start)
            short = len(text[line_start:end if end >= 0 else len(text)]) <= _ITEM_MAX
            return line if short and intro_speaks(line) else ""
        cur = prev_start
    return ""


_ITEM_MAX = 160


def list_intro(f: Features, s: int) -> str:
    """When the sentence at `s` is an item of a list (dash, bullet, number), the line that
    introduces the list ("... ne vous demandera jamais :", "merci d'indiquer :"); else ""."""
    text = f.norm
    line_start = text.rfind("\n", 0, s) + 1
    if not _LIST_ITEM.match(text, line_start):
        return _plain_list_intro(text, line_start)
    # Walk up the list to the line that introduces it, at most 20 lines up. What each item line
    # leads to is kept in `f.memo`, so a long list is walked once, not once per item.
    chain, cur, blank = [], line_start, False
    while True:
        known = f.memo.get(("list_up", cur))
        if known is not None:
            intro, dist = known
            break
        if cur == 0:
            intro, dist = "", 0
            break
        prev_start = text.rfind("\n", 0, cur - 1) + 1
        line = text[prev_start:cur - 1]
        if not line.strip() and not blank:
            blank = True            # one blank line may part a list from its introduction
            chain.append(cur)
            cur = prev_start
            continue
        if not line.strip() or not _LIST_ITEM.match(line):
            if _UNDERLINE.fullmatch(line) and prev_start:
                # a heading underlined in a plain-text newsletter ("What fraudsters ask for\n=====")
                # introduces the list under it as a line ending with ":" would
                up = text.rfind("\n", 0, prev_start - 1) + 1
                line = text[up:prev_start - 1] + ":"
            intro, dist = (line if line.strip() and line.rstrip().endswith(":") else ""), 1
            f.memo[("list_up", cur)] = (intro, dist)
            break
        chain.append(cur)
        cur = prev_start
    for c in reversed(chain):
        dist += 1
        f.memo[("list_up", c)] = (intro, dist)
    return intro if dist <= 20 else ""


# --- where the message sends the reader to do it -------------------------------------------------

def official_place(f: Features, sentence: str) -> bool:
    """The sentence sends the reader to one of the brand's places to do it (its site, its app, a
    pharmacy), and does not have them reply with it ("pour ouvrir votre Mon espace santé, répondez
    à ce message avec votre numéro" names the place as a topic)."""
    return any(pl in sentence for pl in f.profile.official_places_norm) and (
        not _REPLY_HERE.search(sentence) or bool(_ACCOUNT_MAILBOX.search(sentence)))


# the account's own mailbox, where a reply stays in the brand's place
_ACCOUNT_MAILBOX = re.compile(r"\bmessagerie (?:securisee )?(?:de |du )?(?:votre |mon )?(?:compte|espace)\b")
# handed over through the message itself, not in the place it names
_REPLY_HERE = re.compile(r"\brepond\w*|\ben reponse\b|\bpar retour\b|\ba ce (?:message|sms|mail|e-mail|courriel)\b|\breply\b")


# the brand's own online account among its official places ("compte ameli", "Mon espace santé")
_ACCOUNT_PLACE = re.compile(r"\b(?:compte|espace|appli|application|app|account)\b")
# a sentence that has the reader hand something over or phone about it is no step in their account
# ("donn" not "données", "adress" not "adresse e-mail": nouns of what is checked)
# (said of what the reader gets, "un lien est alors envoyé à votre adresse", it hands nothing over)
_HAND_OVER = re.compile(r"(?<!\best )(?<!\bsera )(?<!\bseront )(?<!\bsont )(?<!\balors )(?<!\bete )\b(?:envoy|renvoy|transmet|communiqu|repond|dict|donn(?!ees?\b)|fourni|joign|retourn|parven|adress(?!es?\b)|remet"
                        r"|send|reply|give|provide|call|text|need)\w*|\b(?:r?appel|contact)(?:ez|er)\b"
                        r"|\b(?:indiquez|precisez|renseignez)(?:-nous| nous)\b|\bpar retour\b|\ben reponse\b|\b(?:avons|ai|a) besoin\b")
# what the reader does in their own account: check, update, record, find the page
_SELF_SERVICE = re.compile(r"\b(?:verifi|mett|mis a jour|mise a jour|a jour|enregistr|modifi|actualis|consult|chang|control|rubrique|onglet|menu"
                           r"|regl|pay|paie|paiement|saisi|depos|ajout|telecharg|check|update|edit|save|section|tab|enter|upload)\w*")


# "si vous avez donné votre mot de passe," / "if you gave your details,": a past act, up to its comma
_IF_DONE_CLAUSE = re.compile(r"\b(?:si|if) (?:vous|you) (?:y |l'|les |leur |lui )?(?:avez|aviez|have|had) (?:deja |already )?[^.?!,;]{0,60}[,;]")


_IN_YOUR_ACCOUNT = re.compile(r"\b(?:dans|sur|depuis|via|in|on) (?:votre|your) (?:compte|espace (?:personnel|assure)|account)\b")


def done_in_own_account(f: Features, sentence: str) -> bool:
    """The message sends the reader to the brand's own account to do it ("Tout se passe dans votre
    compte ameli, rubrique Mes informations"), with no form, and this sentence is a step of that
    (a heading "Vérifiez vos coordonnées bancaires", "enregistrez votre nouveau RIB"), not one that
    has them hand it over or phone about it."""
    # (what the reader may already have done is no hand-over: "si vous avez donné votre mot de
    # passe, modifiez-le depuis votre compte et vérifiez vos coordonnées bancaires")
    if f.msg.form_fields or _HAND_OVER.search(_IF_DONE_CLAUSE.sub(" ", sentence)) or not _SELF_SERVICE.search(sentence):
        return False
    if any(not f.profile.phone(p.e164) and not f.profile.other_number(p.e164) for p in f.phones if p.e164.startswith("+")):
        return False    # a number of its own to call about it (a short service number, 3950, is a service
                        # named; so are the help lines the guidance names, Info Escroqueries, card blocking)
    if f.claim and _IN_YOUR_ACCOUNT.search(sentence):
        return True     # in a message that speaks for the brand, "dans votre compte" is the brand's own
    named = f.memo.get("own_account_named")
    if named is None:
        named = f.memo["own_account_named"] = any(pl in f.norm for pl in f.profile.official_places_norm if _ACCOUNT_PLACE.search(pl))
    return named
