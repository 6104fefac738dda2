"""Extractors: everything rules look at, computed once per message."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from ..limits import MAX_IDENTIFIERS, MAX_LINKS, MAX_PHONES
from ..message import Link, Message, Phone
from .amounts import Amount, find_amounts
from .auth import authenticated_home, sender_home, verified_official
from .cited import is_cited, quoted_twin
from .claim import SCAM_TALK as _SCAM_TALK, Claim, find_claim, on_reply_line
from .domains import HostInfo, analyze_host, analyze_parsed
from .identifiers import Identifier, find_identifiers
from .phones import find_phones
from .textnorm import Normalized, fold, norm, normalize
from .urls import find_urls, parse_host, path_of, under_any, unwrap_redirect

if TYPE_CHECKING:   # profile.py reads extract.textnorm: imported here only when needed, no cycle
    from ..profile import Profile


def generic() -> dict:
    from ..profile import generic as _generic
    return _generic()


@lru_cache(maxsize=None)
def generic_set(key: str) -> frozenset:
    """One list of data/generic.yaml as a set (click_trackers, platforms, action_words), built once."""
    return frozenset(generic().get(key, ()))


# a line that only labels what follows as a fake message: "[ FAUX E-MAIL ]", "Exemple de faux SMS :",
# "Fake text message:" (not a sentence about one: "Voici à quoi ressemble un faux e-mail")
_FAKE_KIND = r"(?:e-?mails?|mails?|courriels?|sms|textos?|messages?|texts?|text messages?|letters?|courriers?|lettres?)"
_EXAMPLE_LABEL = re.compile(
    r"^[^\w\n]{0,40}(?:exemples? d[e'][ \t]?(?:un |une )?|examples? of (?:a |an )?|capture d[ue'][ \t]?)?"
    rf"(?:(?:(?:faux|fausse|fake|phishing)[ \t]{_FAKE_KIND}|{_FAKE_KIND}[ \t](?:frauduleu\w*|faux|fausse|malveillant\w*|fake))"
    r"(?:[ \t](?:recue?s?|received)[^\n\]:]{0,40})?"
    # "Exemple reçu par un adhérent", "EXAMPLE RECEIVED BY A MEMBER", "FAKE"
    r"|exemples? recue? par[^\n\]:]{0,40}|examples? received by[^\n\]:]{0,40}|fake)[^\w\n]{0,40}$", re.M)
# a block indented under a line that ends with ":" (a message pasted into a forum post or a digest)
_INDENTED_BLOCK = re.compile(r":[ \t]*\n(?:[ \t]*\n)?((?:(?:[ \t]{4,}|\t)\S[^\n]*\n?)+)")
# the line above a quoted reply: "Le lun. 9 mars 2026 à 18:02, X <x@y> a écrit :", "On ... wrote:"
_QUOTE_HEADER = re.compile(r"\b(?:a ecrit|wrote)\s*:\s*\n")
_QUOTE_MARK = re.compile('[\u00ab\u00bb\u201c\u201d"]|\n\\s*\n')
_QUOTE_SIGNS = '\u00ab\u00bb\u201c\u201d"'
_OPENS = {"\u00bb": "\u00ab", "\u201d": "\u201c"}
# the header lines of a forwarded e-mail ("De : ...\nEnvoyé : ...", "From: ...\nSent: ...")
# (the lines may come joined: "de : x <x@y> envoye : jeudi ...")
_HEADER_BLOCK = re.compile(r"^[ \t]*(?:de|from)[ \t]*:[^\n]{0,200}?(?:\n[ \t]*|\s)(?:envoye(?: le)?|sent|date)[ \t]*:", re.M)
# one of these is in every match of claim.SCAM_TALK (test_extractors checks it on its examples)
_SCAM_HINTS = ("fraud", "malveillant", "douteux", "escroc", "escroq", "hameconnage", "phishing", "smishing", "arnaqu", "scam", "fake",
               "usurp", "passer", "faux", "fausse", "fait avoir", "faire avoir", "font avoir", "pieger", "rouler",
               "soi-disant", "pretendu", "bidon", "signal", "33", "pharos", "internet-signalement")
_SENTENCE_END = re.compile(r"[.!?\n\"]")
# the small words a name's initials skip ("Mutuelle des Artisans de Loire" is MAL)
_LINKING_WORDS = frozenset("de du des d la le les l et en a au aux pour sur of the and".split())
# Sentence boundaries: end punctuation, a dash or bullet between words, and a line break, unless the
# line break only wraps a long line ("Il annonçait un\nremboursement ..."): the line before it runs
# on (60 characters or more, no end punctuation) and the next line goes on in lower case.
_BOUNDARY = re.compile(r"[.!?;]\s+|\n(?!(?<=[^\n]{59}[^\n.!?:;]\n)[ \t]*[a-z\u00e0-\u00ff(])|\s[-•]\s|\u2022")


# A line break that only wraps a long line of prose ("votre mot de\npasse"), as _BOUNDARY tells it:
# read as the space it stands for, so that words are found across it (same length, same offsets).
# (A line is matched from its start: a pattern that opens with a look-behind is tried at every
# position of the text.)
# The next line's case is read in the text as written (the folded text is all lower case): a
# heading followed by a capitalised line ("Tout savoir sur l'appli carte Vitale\nUn e-mail ...")
# stays two sentences.
_WRAP = re.compile(r"^[^\n]{59,}[^\n.!?:;]\n(?=[ \t]*[^\W\d_])", re.M)


_NARROW_MAX = 45   # a chat bubble's or a phone screenshot's column, as OCR or a copy gives it
_NARROW_SCAN = 20000


def _narrow_wraps(text: str, written: str) -> list[int]:
    """Line breaks that wrap prose in a narrow column (a pasted chat bubble, an OCR'd screenshot:
    "merci de\ncontacter votre conseiller\nau 0899 ..."): in a block of four lines or more, none
    longer than _NARROW_MAX, a line of 18 characters or more with no end punctuation, that the next
    line's first word would have made longer than the column's widest line, the next line going on
    in lower case. A column of prose wraps again and again: a block with one such break is a list,
    and so are the lines under one that ends with ":"."""
    out, pos = [], 0
    # (the first 20,000 characters: a pasted screen is short, and a huge input costs no more memory)
    for block in re.split(r"(\n[ \t]*\n)", text[:_NARROW_SCAN]):
        lines = block.split("\n")
        if len(lines) >= 4 and max(len(l) for l in lines) <= _NARROW_MAX:
            width, at, found = max(len(l.rstrip()) for l in lines), pos, []
            listed = False
            for line, nxt in zip(lines, lines[1:]):
                at += len(line)
                body = line.rstrip()
                listed = listed or body.endswith(":")     # under "Pièces à fournir :", the lines are items
                word = written[at + 1:at + 1 + len(nxt)].strip().split(" ")[0]
                if not listed and width >= 20 and len(body) >= 18 and body[-1] not in ".!?:;" and word \
                        and (word[0].islower() or word[0] == "(") and len(body) + 1 + len(word) > width:
                    found.append(at)
                at += 1
            if len(found) >= 2:
                out += found
        pos += len(block)
    return out


def _unwrap(text: str, written: str) -> str:
    """`text` is `written` folded (same length): its wrapping line breaks read as spaces."""
    if "\n" not in text:
        return text
    cut = [m.end() - 1 for m in _WRAP.finditer(text)
           if (nxt := written[m.end():m.end() + 40].lstrip(" \t")[:1]) and (nxt.islower() or nxt == "(")]
    cut += _narrow_wraps(text, written)
    if not cut:
        return text
    chars = list(text)
    for i in cut:
        chars[i] = " "
    return "".join(chars)


def domain_facts(profile: Profile) -> tuple:
    g = generic()
    return (profile.official_domains, profile.partner_domains, profile.partner_suffixes, profile.known_hosts,
            frozenset(g["shorteners"]), profile.brand_labels, tuple(t.lower() for t in profile.brand_tokens),
            frozenset(g["platforms"]), (tuple(norm(w) for w in profile.spec.label_claims),
                                        tuple(norm(w) for w in profile.spec.claims if " " not in w and "-" not in w)))


@dataclass(slots=True)
class LinkInfo:
    link: Link
    host: HostInfo
    target: str = ""     # where a wrapped link leads (urls.unwrap_redirect): what host and path are of

    @property
    def path(self) -> str:
        return path_of(self.target or self.link.url)


@dataclass
class Features:
    msg: Message
    profile: Profile
    full: str                      # clean subject + "\n" + clean text: what text rules read (see textnorm)
    subject_len: int
    norm: str
    clean_text: Normalized | None = None      # the way back from `full` to the person's own text
    clean_subject: Normalized | None = None
    memo: dict = field(default_factory=dict)   # what rules compute once per message (e.g. per sentence)
    links: list[LinkInfo] = field(default_factory=list)        # the links the message offers the reader
    cited_links: list[LinkInfo] = field(default_factory=list)  # links it names as a scam's (extract/cited.py)
    phones: list[Phone] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    sender_host: HostInfo | None = None
    claim: str = ""                # the words by which the message claims to be the brand ("" if none)
    claim_kind: str = ""           # how: sender, opening, subject, signature, addresses_reader, implied
    mention: str = ""              # brand words named in the message, claimed or not
    verified: bool = False         # an official sender authenticated by the receiving server (extract/auth.py)
    warnings: list[str] = field(default_factory=list)   # what extraction could not examine (limits)

    @cached_property
    def literals_seen(self) -> dict[str, bool]:
        """Which rule literals occur in `norm`, each looked up once for all rules."""
        return {}

    def has_any(self, literals) -> bool:
        seen = self.literals_seen
        for lit in literals:
            hit = seen.get(lit)
            if hit is None:
                hit = seen[lit] = lit in self.norm
            if hit:
                return True
        return False

    def where(self, start: int) -> str:
        return "subject" if start < self.subject_len else "text"

    @cached_property
    def boundaries(self) -> list[int]:
        # (a line break the normalised text reads as a space only wraps a line: no boundary)
        full, text = self.full, self.norm
        return [m.end() for m in _BOUNDARY.finditer(full)
                if not (full[m.end() - 1] == "\n" and m.end() <= len(text) and text[m.end() - 1] == " ")]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        b = self.boundaries
        i = bisect.bisect_right(b, start)
        s = b[i - 1] if i > 0 else 0
        j = bisect.bisect_left(b, end)
        e = b[j] if j < len(b) else len(self.full)
        return s, e

    @cached_property
    def about_scams(self) -> bool:
        """The message is about scams (a warning, an article): its subject or opening speaks of
        fraud, or fraud words recur. Quoted and listed scam wording in it is reported, not asked."""
        text = self.norm[:20000]
        if not any(h in text for h in _SCAM_HINTS):
            return False   # none of the words the pattern needs: most messages, at the cost of a few `in`
        if self.judges_reply_quote:
            return True
        head_end, seen = self.subject_len + 400, 0
        # a person's line before the message they paste is their doubt, not a warning ("Copie de l'e-mail
        # reçu après l'appel d'un soi-disant service fraude :")
        from .claim import PASTED_INTRO
        pasted = PASTED_INTRO.match(text[self.subject_len:self.subject_len + 400].lstrip()) \
            if self.msg.channel in ("text", "email") else None
        start = self.subject_len + pasted.end() if pasted else 0
        for m in _SCAM_TALK.finditer(text, start):
            end = _SENTENCE_END.search(text, m.end())
            if end is not None and end.group() == "?":
                continue   # a person's doubt is no warning: "J'ai reçu ce SMS, c'est une arnaque ?"
            seen += 1
            if m.start() < head_end or seen >= 2:
                return True
        return False

    @cached_property
    def judges_reply_quote(self) -> bool:
        """A reply that quotes a message ("> ...") and calls it a scam in its own lines, not as a
        question ("It's a scam, Dave", not "c'est une arnaque ?")."""
        if "\n>" not in self.norm and not self.norm.startswith(">"):
            return False
        for line in self.norm[:20000].splitlines():
            if line.lstrip().startswith(">"):
                continue
            for m in _SCAM_TALK.finditer(line):
                if "?" not in line[m.end():m.end() + 40]:
                    return True
        return False

    @cached_property
    def _quotes(self) -> list[tuple[int, int]]:
        """Spans inside quotation marks, outermost first: « » and “ ” pair as they nest (« Il m'a
        dit : "donnez-moi le code" »), a straight " closes the one it opened. A blank line closes
        every quote left open."""
        spans, stack = [], []
        for m in _QUOTE_MARK.finditer(self.full):
            ch = m.group()
            if ch not in _QUOTE_SIGNS:           # a blank line
                stack = []
                continue
            if ch in "\u00bb\u201d" or (ch == '"' and stack and stack[-1][0] == '"'):
                while stack and stack[-1][0] != _OPENS.get(ch, '"'):
                    stack.pop()                  # a mark left open inside closes with its quote
                if stack:
                    opened = stack.pop()
                    if not stack:
                        spans.append((opened[1], m.start()))
                continue
            stack.append((ch, m.end()))
        return spans

    def quoted(self, pos: int) -> bool:
        """Inside quotation marks, on a reply's quoted line ("> ..."), in the message a person
        passes on after saying it is a scam (warned_forward), or in a fake message a warning shows
        under a label ("[ FAUX E-MAIL ]")."""
        return any(a <= pos < b for a, b in self._quotes) or 0 <= self.warned_forward <= pos \
            or on_reply_line(self.norm, pos) or any(a <= pos < b for a, b in self._examples)

    @cached_property
    def _examples(self) -> list[tuple[int, int]]:
        """In a message about scams, the fake messages it reproduces under a label line of their own
        ("[ FAUX E-MAIL ]", "Exemple de faux SMS :", a box's "Exemple reçu par un adhérent"): from the
        label to the line where the message speaks of the fraud again ("Les indices qui trahissent la
        fraude :"), 1,500 characters at most; and blocks indented under a line ending with ":"."""
        if not self.about_scams:
            return []
        out = [m.span(1) for m in _INDENTED_BLOCK.finditer(self.norm, 0, 20000)]
        for m in _EXAMPLE_LABEL.finditer(self.norm, 0, 20000):
            end = min(len(self.norm), m.end() + 1500)
            talk = _SCAM_TALK.search(self.norm, m.end() + 1, end)
            if talk:
                end = self.norm.rfind("\n", m.end(), talk.start()) + 1 or talk.start()
            out.append((m.end(), end))
        return out

    @cached_property
    def warned_forward(self) -> int:
        """Where the message a person passes on begins, when their own note above it says it is a
        scam ("C'est une ARNAQUE, ne cliquez jamais", not "c'est une arnaque ?"); else -1. Its words
        are then quoted, as in a warning."""
        if not self.passed_on:
            return -1
        from .claim import FORWARDED
        head = self.norm[self.subject_len:self.subject_len + 5000]
        marks = [m.start() for m in (FORWARDED.search(head), _QUOTE_HEADER.search(head), _HEADER_BLOCK.search(head)) if m]
        if not marks:
            return -1
        start = min(marks)
        for m in _SCAM_TALK.finditer(head, 0, start):
            end = _SENTENCE_END.search(head, m.end())
            if end is None or end.group() != "?":
                return self.subject_len + start
        return -1


    @cached_property
    def foreign_links(self) -> list[LinkInfo]:
        """Links to a site that is neither the brand's (or its partners') nor the State's."""
        state = tuple(generic().get("state_suffixes", ()))
        return [li for li in self.unofficial_links
                if not any(li.host.host == s or li.host.host.endswith("." + s) for s in state)]

    @cached_property
    def links_away(self) -> list[LinkInfo]:
        """Foreign links that do not point to the e-mail sender's own site: an employer writing
        from paie@menuiserie.fr links home to rh.menuiserie.fr. A sender whose domain fails DMARC
        has no home (anyone can write its From), nor has one whose domain is made to look like
        something it is not (a brand's look-alike, or a name with phishing's words added:
        colis-suivi-laposte.info)."""
        home = self.home
        if not home:
            return self.foreign_links
        # its own space on a service it uses is home too: atelier-verdier.fr's payroll at
        # atelier-verdier.paie-en-ligne.fr (a service names its customers' spaces so)
        name = home.partition(".")[0]
        names = {name} if len(name) >= 4 else set()
        trackers: frozenset = frozenset()
        if self.proven_home:
            # a sender that proves its domain may name its space by one word of it (groupe-altea.fr's
            # intranet at altea.sharepoint.com), and sends its newsletter through a mailing service
            names |= {t for t in name.split("-") if len(t) >= 5}
            trackers = generic_set("click_trackers")
        return [li for li in self.foreign_links
                if li.host.registrable != home and not (li.host.host == home or li.host.host.endswith("." + home))
                and not (names & set(li.host.host[:-len(li.host.registrable)].split(".")))
                and li.host.registrable not in trackers]

    @cached_property
    def proven_home(self) -> str:
        """The e-mail sender's domain when its receiving server authenticated it (auth.authenticated_home)."""
        return authenticated_home(self.msg)

    @cached_property
    def home(self) -> str:
        """The e-mail sender's registrable domain where it can be home to its links (links_away):
        not failing DMARC, not made to look like something else; else ""."""
        home = sender_home(self.msg)
        return "" if not home or self._sender_squats(home) else home

    @cached_property
    def home_named_as_speaker(self) -> bool:
        """The sender's home domain is the very name the message speaks under (mutuelle-saintclair.fr
        for « Mutuelle Saint-Clair », francetravail.fr for « France Travail »), no word added."""
        from .claim import name_matches
        words = [t for t in re.split(r"[^a-z0-9]+", self.home.partition(".")[0]) if len(t) >= 3 and not t.isdigit()]
        # (a common noun of the name as written counts beside its proper words: mutuelle-paysdevilaine.fr
        # for « Mutuelle des Pays de Vilaine »)
        written = {t for n in self._speaker_names for t in re.split(r"[^a-z0-9]+", n) if len(t) >= 3}
        # (and the name's initials: mal-mutuelle.fr for « Mutuelle des Artisans de Loire »)
        initials = {"".join(w[0] for w in ws) for n in self._speaker_names
                    if 3 <= len(ws := [w for w in re.split(r"[^a-z0-9]+", n) if w and w not in _LINKING_WORDS]) <= 6}
        # (glued to the word a group writes after its name: aprgroupe.fr for « Alliance Prévoyance Retraite »)
        initials |= {i + tail for i in initials for tail in ("groupe", "group")}
        return bool(self.home and self.speaker_tokens and words
                    and all(name_matches(t, self.speaker_tokens) or t in written or t in initials for t in words)
                    and any(name_matches(t, self.speaker_tokens) or t in initials for t in words))

    @cached_property
    def home_bears_speaker_name(self) -> bool:
        """A word of the sender's home domain is one of the words the message names its speaker by,
        other than a service's generic ones (cse-avantis.fr for « Votre CSE », proxima-interim.fr for
        « Mon espace intérimaire »; not secur-bnpp-client.fr for « Sécurité »)."""
        from .claim import name_matches
        generic = generic_set("brand_generic_words") | generic_set("action_words")
        names = {t for t in self.speaker_tokens if t not in generic}
        words = [t for t in re.split(r"[^a-z0-9]+", self.home.partition(".")[0]) if len(t) >= 3 and not t.isdigit()]
        return bool(self.home and names and any(t not in generic and name_matches(t, names) for t in words))

    @cached_property
    def speaker_generic(self) -> bool:
        """The message speaks under names, none of which names someone: only a service's generic
        words ("Service Remboursements Santé", "Notification")."""
        from .claim import names_someone
        return bool(self._speaker_names) and not any(names_someone(n) for n in self._speaker_names)

    @cached_property
    def speaks_as_known_brand(self) -> bool:
        """The message speaks under a well-known brand's name (data/generic.yaml `brands`)."""
        from .brands import brand_named
        return any(brand_named(n) for n in self._speaker_names)

    @cached_property
    def squat_words(self) -> frozenset:
        """The words phishing glues to a speaker's name (data/generic.yaml `action_words`); for a
        well-known brand also those a small business's own domain holds (`brand_action_words`:
        a dental centre's dentalia-rdv.fr is its own, doctolib-rdv.info is not Doctolib's)."""
        if self.speaks_as_known_brand:
            return generic_set("action_words") | generic_set("brand_action_words")
        return generic_set("action_words")

    def names_speakers_site(self, li: LinkInfo) -> bool:
        """The link's site is named as the message's speaker, no word added (dhl.com for "DHL",
        mipsante.fr for « MIP Santé »): the speaker's own, or a look-alike the link rules judge."""
        from .claim import name_matches
        if li.host.lookalike or li.host.status != "other":
            return False
        words = [t for t in re.split(r"[^a-z0-9]+", li.host.registrable.partition(".")[0]) if len(t) >= 2 and not t.isdigit()]
        return bool(words) and all(name_matches(t, self.speaker_tokens) for t in words)

    def _sender_squats(self, home: str) -> bool:
        if self.sender_host is not None and self.sender_host.lookalike:
            return True
        from .claim import name_with_added_words
        words = [t for t in re.split(r"[^a-z0-9]+", home.partition(".")[0]) if t]
        return bool(self.speaker_tokens and name_with_added_words(words, self.speaker_tokens,
                                                                   self.squat_words, self.speaker_said))

    @cached_property
    def passed_on(self) -> bool:
        """A person passes someone else's message on: an e-mail forwarded ("TR:", "Message
        transféré"), replied to above a quote, or pasted after their own line ("J'ai reçu ce SMS :").
        Its From is the person's, not the speaker of the message it holds."""
        if self.msg.channel != "email":
            return False
        from .claim import PASTED_INTRO, FORWARD_SUBJECT, FORWARDED
        head = self.norm[self.subject_len:self.subject_len + 5000]
        return bool(FORWARD_SUBJECT.match(self.msg.subject or "") or FORWARDED.search(head)
                    or PASTED_INTRO.match(head.lstrip()) or _QUOTE_HEADER.search(head))

    @cached_property
    def speaker_tokens(self) -> set[str]:
        """The words of the names the message presents its speaker by (claim.speaker_names), and
        when a name is a well-known brand's, the words its domains are made of ("BNPPARIBAS" ->
        bnp, "CreditAgri" -> creditagricole, ca)."""
        from .brands import brand_named
        from .claim import name_tokens
        out = name_tokens(self._speaker_names)
        for name in self._speaker_names:
            b = brand_named(name)
            if b is not None:
                out |= {d for d in b["domains"] if "." not in d}
        return out

    @cached_property
    def speaker_said(self) -> frozenset:
        """Every word of the name shown as the sender (display name, SMS sender id) as written,
        generic ones included (claim.said_words): « Ouest Info » says "info". A person who writes
        under their own name (no service's word in it) also says the words of the firm they sign
        for (« Marion Exemple », signed « Relocaz France », from relocaz-france.com); a service's
        shown name ("S1 Registration Service") and a well-known brand's are anyone's to copy."""
        from .claim import said_words
        from .textnorm import norm as _norm
        shown = [_norm(x) for x in [self.msg.display_name] + ([self.msg.sender] if self.msg.channel == "sms" else []) if x]
        # the person signs with the name shown, then their firm on a line of its own below it
        shown_name = _norm(self.msg.display_name or "").strip()
        person = [w for w in re.split(r"[^a-z]+", shown_name) if w]
        tail = [l.strip() for l in self.norm[self.subject_len:].strip().splitlines()[-6:]]
        if 2 <= len(person) <= 4 and not self.speaks_as_known_brand and shown_name in tail[:-1] \
                and not any(w in generic_set("brand_generic_words") or w in generic_set("action_words") for w in person):
            shown += [n for n in self._speaker_names if n != shown_name]
        return said_words(shown)

    @cached_property
    def _speaker_names(self) -> list[str]:
        from .claim import speaker_names
        return speaker_names(self.msg.channel, self.msg.sender, self.msg.display_name, self.norm[self.subject_len:])

    @cached_property
    def unofficial_links(self) -> list[LinkInfo]:
        """Links to a site that is not the brand's, a partner's, the State's or a known one. A big
        platform's page (a video, a social network) is judged by what follows its "/" and is not
        counted; a page on a free host is (assure-ameli.weebly.com): anyone puts one up in a
        minute, and it is no sender's own site."""
        return [li for li in self.links if li.host.status not in ("official", "partner", "known", "platform")
                or (li.host.status == "platform" and under_any(li.host.host, generic_set("free_hosts")))]

    def original_span(self, where: str, start: int, end: int) -> tuple[int, int]:
        """Evidence offsets (into the clean subject or text) as offsets into the person's own words."""
        n = self.clean_subject if where == "subject" else self.clean_text
        return n.span(start, end) if n is not None else (start, end)


def restore_offsets(f: Features, signals) -> None:
    """Rules and the model quote the clean text (invisible characters removed, NFKC): point each
    piece of evidence's `start`/`end` back into the message as written, and its `match` at the
    person's own words. Offsets stay inside their part: a match that runs from the subject on into
    the text keeps to the subject. Link evidence names the part by the link it quotes."""
    changed = (f.clean_text is not None and f.clean_text.changed) or (f.clean_subject is not None and f.clean_subject.changed)
    for sig in signals:
        for ev in sig.evidence:
            st, en = ev.get("start"), ev.get("end")
            if not isinstance(st, int) or not isinstance(en, int):
                continue
            where = "subject" if ev.get("where") == "subject" or _link_in_subject(f, ev) else "text"
            clean = f.clean_subject if where == "subject" else f.clean_text
            size = len(clean.text) if clean is not None else len(f.msg.subject if where == "subject" else f.msg.text)
            st, en = max(0, min(st, size)), max(0, min(en, size))
            ev["start"], ev["end"] = st, en
            if not changed or clean is None:
                continue
            quoted_clean = ev.get("match") == clean.text[st:en][:200]
            ev["start"], ev["end"] = f.original_span(where, st, en)
            if quoted_clean:   # the words as the person wrote them (a model n-gram stays as it is)
                ev["match"] = (f.msg.subject if where == "subject" else f.msg.text)[ev["start"]:ev["end"]][:200]


def _link_in_subject(f: Features, ev: dict) -> bool:
    if ev.get("where") != "link" or not f.subject_len:
        return False
    return any(li.link.start == ev["start"] and li.link.start < f.subject_len and li.link.url[:500] == ev.get("url")
               for li in f.links)


def _note_limits(f: Features, text_links: int) -> None:
    """Say so in the report when a limit left something unexamined (README, Limits)."""
    notes = []
    if text_links >= MAX_LINKS or sum(1 for l in f.msg.links if l.source == "html") >= MAX_LINKS:
        notes.append(f"more than {MAX_LINKS} links: the rest were not examined")
    if len(f.phones) >= MAX_PHONES:
        notes.append(f"more than {MAX_PHONES} phone numbers: the rest were not examined")
    if any(sum(1 for i in f.identifiers if i.kind == kind) >= MAX_IDENTIFIERS for kind in ("nir", "iban", "card")):
        notes.append(f"more than {MAX_IDENTIFIERS} account or card numbers of a kind: the rest were not examined")
    f.warnings.extend(n for n in notes if n not in f.msg.parse_warnings)


def extract(msg: Message, profile: Profile) -> Features:
    body = normalize(msg.text)
    subject = normalize(msg.subject) if msg.subject else None
    full = (subject.text + "\n" + body.text) if subject else body.text
    sub_len = len(subject.text) + 1 if subject else 0
    f = Features(msg=msg, profile=profile, full=full, subject_len=sub_len, norm=_unwrap(norm(full), full),
                 clean_text=body, clean_subject=subject)
    # links: HTML anchors from the adapter, then URLs written in the text
    text_links = find_urls(full)
    seen = {l.url for l in msg.links}
    twins = {l.url: l for l in text_links}   # an anchor's URL as written in the text part too
    facts = domain_facts(profile)
    hosts: dict = {}   # one host judged once per message (an HTML e-mail's 244 links to one tracker)
    trackers = generic_set("click_trackers")
    for link in msg.links + [l for l in text_links if l.url not in seen]:
        target = unwrap_redirect(link.url, trackers)
        parsed = parse_host(target or link.url)
        if parsed:
            info = hosts.get(parsed)
            if info is None:
                info = hosts[parsed] = analyze_parsed(parsed, facts)
            li = LinkInfo(link, info, target)
            # a text link that is not a brand's own may be the fake site a warning names; an anchor
            # only where its text twin sits in a quote the message judges (a reply's "> " lines)
            cited = info.status not in ("official", "partner", "known") and (
                is_cited(f, li) or (link.source == "html" and link.url in twins and quoted_twin(f, twins[link.url])))
            (f.cited_links if cited else f.links).append(li)
    f.identifiers = find_identifiers(full)
    # the digits of a social security number or an IBAN are not a phone number to call
    taken = [(i.start, i.end) for i in f.identifiers]
    f.phones = [p for p in find_phones(full) if not any(p.start < b and a < p.end for a, b in taken)]
    _note_limits(f, len(text_links))
    f.amounts = find_amounts(full)
    f.verified = verified_official(f)
    if msg.channel in ("email", "text") and "@" in msg.sender:   # an e-mail's From, or a pasted one's
        # the domain as written, when its case says something (a capital I for an l)
        written = msg.sender_written.rpartition("@")[2] if msg.sender_written != msg.sender else ""
        f.sender_host = analyze_host(msg.sender.rpartition("@")[2], facts, written)
    m = profile.claims(f.norm) or profile.claims(fold(msg.display_name + " " + msg.sender))
    if m:
        f.mention = m.group(0)
    c = find_claim(profile, msg.channel, msg.sender, msg.display_name, msg.subject, f.norm[sub_len:],
                   sender_official=msg.channel == "email" and profile.sender_is_official(msg.sender))
    if c:
        f.claim, f.claim_kind = c.words, c.kind
    return f
