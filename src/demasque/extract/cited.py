"""Links a message cites rather than offers.

A warning or a news article names the fake site it warns about ("le faux site ameli-securite.com",
"le message « ... sur cpam-dossier.net » est une fraude", "ne cliquez pas sur ...", "de faux SMS
invitent à se connecter sur ..."): that link is what the message is about, not where it sends the
reader, and must not make the message a scam. Only links written in the text can be cited; an HTML
anchor is offered to be clicked whatever its sentence says. The cues are kept narrow: a scam that
uses fraud as a pretext ("suite à une tentative de fraude, sécurisez votre compte sur ...") still
offers its link, since none of them holds there.

All matching is on the normalised text (lower case, no accents: see textnorm)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .claim import judged, on_reply_line

if TYPE_CHECKING:
    from . import Features, LinkInfo

_SITE = r"(?:sites?|liens?|adresses?|pages?|url|domaines?|websites?|links?|addresses)"
_FAKE = r"(?:faux|fausses?|frauduleu\w*|malveillant\w*|pieges?|pirates?|douteux|contrefai\w*|fake|fraudulent|bogus|malicious|phishing|scam)"
# right before the link, in its clause: "le faux site X", "au site frauduleux X", "this fake website X"
_MARKED_BEFORE = re.compile(
    rf"(?:\b{_FAKE}\s(?:\w+\s){{0,2}}{_SITE}\b|\b{_SITE}\s(?:\w+\s)?{_FAKE}\b)[^\n.!?:;]{{0,25}}$")
# right after it: "X est un faux site", "X n'est pas un site officiel", "X is a scam"
_MARKED_AFTER = re.compile(
    r"^[\s\"')\u00bb]{0,3}(?:,\s*)?(?:qui\s)?(?:est|sont|etait|is|are|was)\s(?:un |une |a |an |une simple |en fait )?"
    rf"(?:{_FAKE}|fraude|arnaque|escroquerie|copie|imitation|usurpation|fraud|copy|imitation)\b"
    r"|^[\s\"')\u00bb]{0,3}(?:,\s*|\(\s*)?(?:(?:ce|cela|ca|il|it|this|which)\s)?(?:n'est pas|n'appartient pas|ne vient pas|is not|isn't|does not belong)\b"
    # an apposition that says what it is: "ameli-dossier-maj.com, un site qui imite celui de ..."
    rf"|^[\s\"')\u00bb]{{0,3}},\s*(?:(?:un|une|le|la|a|an|the)\s)?(?:{_SITE}\s)?(?:qui\s|that\s|which\s)?(?:imit|copi|usurp|reprodui|contrefai|mimic|copies|imitat)\w*")
# a negated order before it: "ne cliquez pas sur X", "n'allez jamais sur X", "do not click X"
_NOT_THERE = re.compile(
    # (and the familiar "ne clique pas sur le lien X" of a friend's warning)
    r"\b(?:ne|n')\s?(?:vous\s|te\s)?(?:cliqu|allez|vas?\b|rend|connect|ouvr|suiv|suis\b|saisi|visit|repond|consult|entr)\w*"
    r"\s(?:\w+\s){0,2}?(?:pas|jamais)\b[^\n.!?]{0,40}$"
    r"|\b(?:do not|don't|never)\s(?:click|visit|open|follow|go|enter|log|sign|reply)\b[^\n.!?]{0,40}$")
# who sends it, in a message about scams: "de faux SMS invitent à se connecter sur X"
_FRAUD_SUBJECT = re.compile(
    # ("pirate" the noun, not "votre espace a été piraté")
    r"\b(?:escrocs?|fraudeurs?|arnaqueurs?|(?<!\bete )(?<!\best )(?<!\bpas )pirates?|cybercriminels?|usurpateurs?|faux (?:sms|messages?|courriels?|mails?|conseillers?|agents?)"
    r"|(?:sms|messages?|courriels?|mails?|textos?) (?:frauduleux|malveillants)|scammers?|fraudsters?|criminals?|fake (?:texts?|messages?|e-?mails?))\b")
_ORDER = re.compile(r"\b\w{3,}ez\b|\bmerci de\b|\bplease\b")   # "connectez-vous" orders too
_SENDS_TO = re.compile(
    r"\b(?:il|ils|elle|elles|celui-ci|le lien|ce lien|les liens|le bouton|ce bouton|le sms|ce sms|le message|ce message|le courriel|ce courriel|le mail|ce mail|it|the link|the button|the text|the message)"
    r"\s(?:vous\s|les\s|leur\s)?(?:renvoi\w*|men\w+|dirig\w*|redirig\w*|pointe\w*|conduit\w*|emmen\w*|leads?|points?|sends?|takes?)\s(?:\S+\s){0,2}$")
# a description of what a fake message shows: "[capture : ..., lien vers X]", "a link to X"
_LINK_TO = re.compile(r"\b(?:lien|liens|bouton|link|button)\s(?:vers|menant a|qui mene a|pointing to|to)\s$"
                      # a site named as one describes it: "un lien vers un site baptisé X", "a website called X"
                      rf"|\b{_SITE}\s(?:\w+\s)?(?:baptise|appele|s'appelle|s'appelant|nomme|intitule|du nom de|called|named)\s$")
_YOURS = re.compile(r"\b(?:votre|vos|your)\b")
# a message that leads there: "un e-mail ... qui renvoie vers X", "a text that links to X"
_WHICH_LEADS = re.compile(
    r"\b(?:qui|that|which)\s(?:vous\s)?(?:renvoi\w*|men\w+|redirig\w*|pointe\w*|conduit\w*|links?|leads?|points?|sends?|takes?|redirects?|goes)"
    r"\s(?:to\s|vers\s|sur\s|a\s|au\s)?(?:le site\s|the site\s)?$")
# sites named as what the article is about, not where it sends: "les sites X et Y, signalés par la
# CPAM, réclament ...", "the sites X and Y" (not "sur les sites ...", where the reader is sent)
_NAMED_SITES = re.compile(
    rf"(?<!\bsur )(?<!\bvers )(?<!\bon )(?<!\bto )\b(?:les|ces|des|deux|trois|the|these|two|three)\s(?:\w+\s)?{_SITE}\s(?:\S+\s(?:(?:et|ou|and|or)\s)?){{0,3}}$")
# reported by someone: "X, signalé par la CPAM", "X (reported by readers)"
_REPORTED_AFTER = re.compile(r"^[\s\"')\u00bb]{0,3}(?:,\s*|\()?(?:et\s\S+\s*,?\s*)?(?:signale|repere|identifie|denonce|reported|flagged)\w*\s(?:par|by|comme|as)\b")
# told as something that happened: "après avoir cliqué sur le lien X", "X reçu par SMS"
_HAPPENED_BEFORE = re.compile(
    r"\b(?:a|ont|avait|avaient|avoir|aurait|had|has|have)\s(?:\w+\s)?(?:clique|suivi|ouvert|visite|recu|clicked|opened|visited|followed)\b[^\n.!?]{0,30}$")
_DEFANGED = re.compile(r"^h(?:xx|\*\*)ps?\b|\[\.\]|\(\.\)|\[dot\]|\(dot\)|\[:\]", re.I)
_HAPPENED_AFTER = re.compile(r"^\S{0,2}\s(?:recue?s?|envoyee?s?|received|sent)\s(?:par|by|via|le|hier|ce)\b")


def quoted_twin(f: Features, twin) -> bool:
    """An HTML anchor whose URL the text part writes where a judged quote holds it: a reply's "> "
    lines that the reply calls a scam, or a quote in a message about scams."""
    if twin.start < 0:
        return False
    return (on_reply_line(f.norm, twin.start) and f.judges_reply_quote) or (f.about_scams and f.quoted(twin.start))


def is_cited(f: Features, li: LinkInfo) -> bool:
    """Whether the message names this link as a scam's instead of sending the reader to it."""
    link = li.link
    if link.source == "html" or link.start < 0:
        return False
    start, end = link.start, link.end
    text = f.norm
    s, e = f.sentence(start, end)
    before, after = text[s:start], text[end:e]
    if _MARKED_BEFORE.search(before) or _MARKED_AFTER.search(after) or _NOT_THERE.search(before) \
            or _REPORTED_AFTER.search(after):
        return True
    if on_reply_line(text, start) and f.judges_reply_quote:
        return True     # a reply's quoted lines ("> ...") that the reply calls a scam
    if (_DEFANGED.search(link.text) or f.quoted(start)) and (f.about_scams or judged(f.norm[:5000])):
        # written so that no one can click it (hxxps://, [.]): a warner's sample; or quoted in a
        # message that calls something a scam in its own words ("that one's fake, delete it")
        return True
    if not f.about_scams:
        return False
    m = None
    for m in _FRAUD_SUBJECT.finditer(before):
        pass
    if m is not None and not _ORDER.search(before, m.end()):
        return True
    # where the fake message sends its victims: "il renvoie vers X", "le lien mène à X"
    # (the fake message's orders quoted before the description are its words, not the sentence's)
    if _LINK_TO.search(before) and not _ORDER.search(before[before.rfind('"') + 1:]):
        return True     # what a fake message shows, described: "[capture : ..., lien vers X]"
    if (_SENDS_TO.search(before) or _WHICH_LEADS.search(before) or _NAMED_SITES.search(before)) \
            and not _ORDER.search(before) and not _YOURS.search(before):
        return True
    return bool(_HAPPENED_BEFORE.search(before) or _HAPPENED_AFTER.search(after))

