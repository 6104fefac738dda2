"""Raw RFC 5322 e-mail (.eml) to Message, through the standard `email` package.

Parsed with `policy.compat32`, which keeps every header as its raw string: the few headers read
are read through `mimeheaders` as `policy.default` would read them, without building a header
object for each plain one (docs/parsing.md: a plain e-mail read ten times faster, the same Message).
"""
from __future__ import annotations

import email
import email.utils
import re
from email import policy
from email.message import Message as _StdMessage

import filetype

from ..errors import InputTooLarge, UnreadableInput
from ..extract.claim import FORWARD_SUBJECT, judged
from ..extract.textnorm import clean, norm
from ..limits import MAX_ATTACHMENTS, MAX_HEADERS, MAX_INPUT_BYTES, MAX_MIME_PARTS
from ..message import Attachment, Message
from . import mimeheaders
from .html import parse_html
from .mimebounds import bound_email
from .text import clip, scrub_message


def from_eml(raw: bytes | str) -> Message:
    if isinstance(raw, str):   # pasted, or from JSON where a lone surrogate ("\ud800") cannot be encoded
        raw = _encode(raw)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"e-mail of {len(raw)} bytes is over the {MAX_INPUT_BYTES} byte limit")
    if not raw.strip():
        raise UnreadableInput("the e-mail is empty")
    if raw.startswith(b"From ") :  # mbox separator line
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    raw, cut = bound_email(raw)   # headers, parts and bodies bounded before the parser sees them
    try:
        em = email.message_from_bytes(raw, _Part, policy=policy.compat32)
    except Exception as exc:  # the parser is lenient; this is a last resort
        raise UnreadableInput(f"this e-mail cannot be read: {exc.__class__.__name__}") from None
    msg = Message(channel="email", parse_warnings=cut)
    # raw_items: header values as received, without building a parsed header object for each
    for k, v in list(em.raw_items())[:MAX_HEADERS]:
        msg.headers.append((k, " ".join(str(v).split())))
    if not any(k.lower() in ("from", "subject", "to", "date", "received", "content-type", "message-id") for k, _ in msg.headers):
        raise UnreadableInput("this does not look like an e-mail (no From, Subject, Date or To header)")
    msg.subject = " ".join(_header(em, "subject").split())[:2000]
    msg.display_name, msg.sender_written = _address(em, "from")
    msg.sender = msg.sender_written.lower()
    msg.reply_to = _reply_to(em)
    texts: list[str] = []
    htmls: list[str] = []
    forwarded: list = []
    _walk(em, msg, texts, htmls, depth=0, count=[0], forwarded=forwarded)
    if forwarded and len(texts[0] if texts else "") < 2000:
        # A person forwarding a suspicious e-mail as an attachment: judge the e-mail inside.
        inner = forwarded[0]
        msg.parse_warnings.append("forwarded e-mail: the attached message was analysed")
        msg.headers = [(k, " ".join(str(v).split())) for k, v in list(inner.raw_items())[:MAX_HEADERS]]
        msg.subject = " ".join(_header(inner, "subject").split())[:2000] or msg.subject
        msg.display_name, msg.sender_written = _address(inner, "from")
        msg.sender = msg.sender_written.lower()
        msg.reply_to = _reply_to(inner)
    if em.defects:
        msg.parse_warnings.append("malformed MIME: " + ", ".join(sorted({d.__class__.__name__ for d in em.defects}))[:200])
    text = "\n\n".join(t for t in texts if t.strip())
    for h in htmls:
        content = parse_html(h)
        msg.links.extend(content.links)
        msg.red_text.extend(content.red_text)
        msg.form_fields.extend(content.form_fields)
        if not text.strip():
            text = content.text
        msg.html += h
    msg.text = clip(text, msg)
    if not forwarded:
        _inline_forward(msg)
    return scrub_message(msg)   # header bytes that were not UTF-8-declared, made writable


# A forward written into the body ("---------- Message transféré ----------", "Début du message
# réexpédié :", Outlook's "-----Message d'origine-----" under a "TR:" subject), then the original's
# header lines ("De : CPAM <dossiers@cpam-assure.fr>", "Objet : ...").
_FWD_MARK = re.compile(r"^[ \t>]*-*[ \t]*(?:message transf[ée]r[ée]|forwarded message|d[ée]but du message r[ée]exp[ée]di[ée]"
                       r"|message d'origine|original message)[ \t]*(?:-+|:)?[ \t]*$", re.I | re.M)
_FWD_FIELD = re.compile(r"^[ \t>]*\**(de|from|exp[ée]diteur|objet|subject|sujet)\**[ \t]*:[ \t]*(.+?)[ \t]*$", re.I | re.M)
_MARK_KEYS = ("transf", "forwarded", "exp\u00e9di", "expedi", "d'origine", "original message")   # a cheap first look
_REPLY_MARK = re.compile(r"message d'origine|original message", re.I)


def _names_a_brand(display_name: str) -> bool:
    from ..extract.brands import brand_named
    from ..profile import default_profile
    return bool(display_name.strip()) and bool(brand_named(display_name) or default_profile().claims(norm(display_name)))


def _inline_forward(msg: Message) -> None:
    """A person forwarding an e-mail in the body of their own: the forwarded e-mail's From and
    subject are the message's, as for one forwarded as an attachment (the person's note stays in
    the text). The last forward written in the first lines is the original. A reply's quote
    ("-----Message d'origine-----" under "RE:") is not a forward: its sender stays."""
    head = msg.text[:20000]
    low = head.lower()
    marks = list(_FWD_MARK.finditer(head)) if any(k in low for k in _MARK_KEYS) else []
    if not marks or _names_a_brand(msg.display_name):
        return   # (a brand's name over a written "forward": the sender is who sent it, a fake forward)
    if judged(norm(head[:marks[0].start()])):
        return   # passed on as a scam in the person's own words ("Don't click that, it's a scam"): their message, quoting it
    found = None
    for m in marks:
        if _REPLY_MARK.search(m.group(0)) and not FORWARD_SUBJECT.match(msg.subject):
            continue
        fields = {}
        for fm in _FWD_FIELD.finditer(head, m.end(), m.end() + 800):
            key = fm.group(1).lower()
            key = "from" if key in ("de", "from") or key.startswith("exp") else "subject"
            fields.setdefault(key, fm.group(2))
        name, addr = email.utils.parseaddr(fields.get("from", ""))
        if "@" in addr and " " not in addr:
            found = (name, addr, fields.get("subject", ""))
    if found is None:
        return
    name, addr, subject = found
    msg.parse_warnings.append("forwarded e-mail: the forwarded message was analysed")
    # the forwarder's headers (their server's authentication) say nothing of the original's sender
    msg.headers = [(k, v) for k, v in msg.headers if k.lower() not in ("authentication-results", "arc-authentication-results",
                                                                      "received-spf", "dkim-signature", "reply-to")]
    msg.display_name, msg.sender_written, msg.sender = clean(name).strip('"'), addr, addr.lower()
    msg.reply_to = ""
    if subject:
        msg.subject = " ".join(subject.split())[:2000]


def _encode(text: str) -> bytes:
    """Text back to bytes: the raw bytes it may carry (surrogate-escaped) as they were."""
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace")


class _Part(_StdMessage):
    """A compat32 message whose headers read as `policy.default`'s do (`mimeheaders.value`): the
    parser's own decisions (multipart or not, boundary, digest) and every `get_*` method read
    the same values as with `policy.default`, each header parsed only when it is not plain."""

    def get(self, name, failobj=None):
        name = name.lower()
        for k, v in self._headers:
            if k.lower() == name:
                return mimeheaders.value(name, v)
        return failobj

    __getitem__ = get

    def raw(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self._headers:
            if k.lower() == name:
                return v
        return None


def _header(em, name: str) -> str:
    try:
        v = em.get(name)
        return v if v is not None else ""
    except Exception:
        return ""


def _address(em, name: str) -> tuple[str, str]:
    """(display name, address). The name is what the reader sees: invisible characters slipped
    into it (Assurance Mala&shy;die) are removed, as in the text (extract.textnorm)."""
    try:
        raw = em.raw(name)
        found = mimeheaders.mailbox(name, raw) if raw is not None else None
        if found:
            return clean(found[0]), found[1]
    except Exception:
        pass
    disp, addr = email.utils.parseaddr(_header(em, name))
    return clean(disp), addr


def _reply_to(em) -> list[str]:
    raw = em.raw("reply-to")
    if raw is None:
        return []
    plain = mimeheaders.plain_mailbox(raw)
    if plain:
        return [plain[1]]
    reply = _header(em, "reply-to")
    return [a for _, a in email.utils.getaddresses([reply]) if a][:10] if reply else []


def _content(part) -> str:
    try:   # what policy.default's get_content() does for a text part
        return part.get_payload(decode=True).decode(part.get_param("charset", "ASCII"), errors="replace")
    except Exception:
        pass
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, ValueError):   # unknown charset, or a name no codec accepts ("utf\x008")
        return payload.decode("cp1252", errors="replace")


def _walk(part, msg: Message, texts: list[str], htmls: list[str], depth: int, count: list[int], forwarded: list) -> None:
    count[0] += 1
    if count[0] > MAX_MIME_PARTS or depth > 20:
        if "too many MIME parts" not in msg.parse_warnings:
            msg.parse_warnings.append("too many MIME parts")
        return
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        for sub in inner if isinstance(inner, list) else [inner]:
            if isinstance(sub, _Part):
                if not forwarded:
                    forwarded.append(sub)
                sub_subject = _header(sub, "subject")
                if sub_subject:
                    texts.append(sub_subject)
                _walk(sub, msg, texts, htmls, depth + 1, count, forwarded)
        return
    if part.is_multipart():
        for sub in part.get_payload() if isinstance(part.get_payload(), list) else []:
            _walk(sub, msg, texts, htmls, depth + 1, count, forwarded)
        return
    filename = None
    try:
        filename = part.get_filename()
    except Exception:
        msg.parse_warnings.append("unreadable attachment name")
    disposition = (part.get_content_disposition() or "").lower()
    if filename or disposition == "attachment" or not ctype.startswith("text/"):
        if len(msg.attachments) < MAX_ATTACHMENTS:
            payload = part.get_payload(decode=True) or b""
            msg.attachments.append(Attachment(filename=(filename or "")[:300], content_type=ctype,
                                              size=len(payload), detected=sniff(payload)))
        elif f"more than {MAX_ATTACHMENTS} attachments: the rest were not examined" not in msg.parse_warnings:
            msg.parse_warnings.append(f"more than {MAX_ATTACHMENTS} attachments: the rest were not examined")
        return
    body = _content(part)
    (htmls if ctype == "text/html" else texts).append(body)


def _zip_kind(data: bytes) -> str:
    """A zip container is an archive unless it is an office document (Office Open XML, whose
    parts list is "[Content_Types].xml", or OpenDocument): a .docx or an .xlsx is a document,
    and one holding macros (vbaProject.bin) is a macro document whatever its name says."""
    body = data[:1 << 20]
    if b"[Content_Types].xml" in body:
        return "docm" if b"vbaProject.bin" in body else "ooxml"
    if b"mimetypeapplication/vnd.oasis.opendocument" in body[:200]:
        return "odf"
    return "zip"


def sniff(data: bytes) -> str:
    """The type of some content read from its first bytes (the name is never trusted)."""
    head = data[:512]
    kind = filetype.guess(head) if head else None
    if kind is not None:
        if kind.extension in ("zip", "docx", "xlsx", "pptx"):
            inner = _zip_kind(data)
            return kind.extension if inner == "ooxml" and kind.extension != "zip" else inner
        return kind.extension
    if len(data) > 0x8006 and data[0x8001:0x8006] == b"CD001":
        return "iso"
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<form", b"<script", b"<svg", b"<?xml")):
        return "svg" if b"<svg" in low else "html"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return ""
