"""The e-mail and HTML adapters as they were before the parsing speed work (issue 10, commit 34e1165):
`email` with `policy.default` (a header object for each header read), lxml with XPath.

Kept, unchanged but for the names, as the oracle of tests/test_parse_differential.py and the
"before" of benchmarks/bench_parse.py. What both versions share and the speed work did not touch
(bounding, sniffing, text clean-up, colours) is imported from demasque.
"""
from __future__ import annotations

import email
import email.utils
import re
from email import policy
from email.message import EmailMessage

from lxml import etree, html as lhtml

from demasque.adapters.email import sniff
from demasque.adapters.html import HtmlContent, _style_is_red, is_red   # unchanged by the speed work
from demasque.adapters.mimebounds import bound_email
from demasque.adapters.text import clip, scrub_message
from demasque.errors import InputTooLarge, UnreadableInput
from demasque.extract.textnorm import clean
from demasque.limits import MAX_ATTACHMENTS, MAX_HEADERS, MAX_HTML_BYTES, MAX_INPUT_BYTES, MAX_LINKS, MAX_MIME_PARTS
from demasque.message import Attachment, Link, Message

def from_eml_reference(raw: bytes | str) -> Message:
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
        em = email.message_from_bytes(raw, policy=policy.default)
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
    reply = _header(em, "reply-to")
    if reply:
        msg.reply_to = [a for _, a in email.utils.getaddresses([reply]) if a][:10]
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
        reply = _header(inner, "reply-to")
        msg.reply_to = [a for _, a in email.utils.getaddresses([reply]) if a][:10] if reply else []
    if em.defects:
        msg.parse_warnings.append("malformed MIME: " + ", ".join(sorted({d.__class__.__name__ for d in em.defects}))[:200])
    text = "\n\n".join(t for t in texts if t.strip())
    for h in htmls:
        content = parse_html_reference(h)
        msg.links.extend(content.links)
        msg.red_text.extend(content.red_text)
        msg.form_fields.extend(content.form_fields)
        if not text.strip():
            text = content.text
        msg.html += h
    msg.text = clip(text, msg)
    return scrub_message(msg)   # header bytes that were not UTF-8-declared, made writable


def _encode(text: str) -> bytes:
    """Text back to bytes: the raw bytes it may carry (surrogate-escaped) as they were."""
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace")


def _hstr(value) -> str:
    try:
        return str(value)
    except Exception:
        return ""


def _header(em, name: str) -> str:
    try:
        v = em.get(name)
        return _hstr(v) if v is not None else ""
    except Exception:
        return ""


def _address(em, name: str) -> tuple[str, str]:
    """(display name, address). The name is what the reader sees: invisible characters slipped
    into it (Assurance Mala&shy;die) are removed, as in the text (extract.textnorm)."""
    try:
        h = em.get(name)
        if h is not None and getattr(h, "addresses", None):
            a = h.addresses[0]
            return clean(a.display_name or ""), (a.addr_spec or "")
    except Exception:
        pass
    disp, addr = email.utils.parseaddr(_header(em, name))
    return clean(disp), addr


def _content(part) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
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
            if isinstance(sub, EmailMessage) or hasattr(sub, "get_content_type"):
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


# --- adapters/html.py

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "td", "th",
           "section", "article", "header", "footer", "blockquote", "ul", "ol", "form", "hr", "center"}
_DROP = ("script", "style", "head", "noscript", "template")
_INTERESTING = etree.XPath("//a[@href] | //input | //select | //textarea | //font[@color] | //*[contains(@style, 'olor')]")
# A newline written before each block tag in the source: one C pass instead of a Python loop that
# edits every block element's tail (block boundaries become line breaks in the text).
_BLOCK_TAG = re.compile(r"<(?=/?(?:" + "|".join(sorted(_BLOCKS, key=len, reverse=True)) + r")\b)", re.I)


def parse_html_reference(source: str) -> HtmlContent:
    out = HtmlContent()
    source = source[:MAX_HTML_BYTES]
    if not source.strip():
        return out
    source = _BLOCK_TAG.sub("\n<", source)
    try:
        doc = lhtml.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return out
    for el in list(doc.iter(*_DROP)):
        el.drop_tree() if el.getparent() is not None else None
    # XPath selects the few elements that matter, in C, instead of a Python loop over all of them.
    for el in _INTERESTING(doc):
        tag = el.tag
        if tag == "a":
            href = (el.get("href") or "").strip()
            if href and len(out.links) < MAX_LINKS and not href.startswith(("#", "mailto:", "tel:", "cid:")):
                # what the reader sees, without the &shy; or &#8203; slipped into it (see extract.textnorm)
                out.links.append(Link(url=href[:4000], text=clean(" ".join(el.text_content().split()))[:500], source="html"))
        elif tag in ("input", "select", "textarea"):
            if (el.get("type") or "").lower() not in ("hidden", "submit", "button", "image", "reset"):
                label = " ".join(filter(None, (el.get("name"), el.get("id"), el.get("placeholder"), el.get("aria-label"))))
                if label:
                    out.form_fields.append(clean(label)[:200])
        if tag == "font" and el.get("color") and is_red(el.get("color")):
            _add_red(out, el)
        else:
            style = el.get("style")
            if style and _style_is_red(style[:300]):
                _add_red(out, el)
    text = doc.text_content()
    out.text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return out


def _add_red(out: HtmlContent, el) -> None:
    if len(out.red_text) < 20:
        t = clean(" ".join(el.text_content().split()))
        if t:
            out.red_text.append(t[:300])
