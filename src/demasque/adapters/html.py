"""HTML to text, links (visible text and real target), red text and form fields, via lxml.

lxml (libxml2) stays: on Lexbor (selectolax) this function was only 1.16x faster, and an HTML5
parser's cost is quadratic in the nesting depth and in unclosed formatting tags (14 KB of them:
0.6 s, 400 MB), which libxml2 bounds (docs/parsing.md).
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..extract.textnorm import clean
from ..limits import MAX_HTML_BYTES, MAX_LINKS
from ..message import Link

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "td", "th",
           "section", "article", "header", "footer", "blockquote", "ul", "ol", "form", "hr", "center"}
_DROP = ("script", "style", "head", "noscript", "template")
_COLOR = re.compile(r"(?:^|[;\s\"'])color\s*:\s*([^;\"']+)", re.I)
_HEX = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})\b", re.I)
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})", re.I)
# Links and form fields are found by tag name (a C filter); what may be painted red by one XPath that
# reads only the style attributes (any case: "COLOR:red"), not every element.
_FIELDS = ("a", "input", "select", "textarea")
_RED_CANDIDATES = etree.XPath("//font[@color] | //@style[contains(translate(., 'OLR', 'olr'), 'olor')]/..")
_PARSER = etree.HTMLParser(encoding="utf-8")
_STRING = etree.XPath("string()")          # an element's text, as lxml.html's text_content()
_RED_NAMES = {"red", "darkred", "crimson", "firebrick", "orangered", "tomato"}
# What follows </body> or </html> is shown by browsers, and was dropped by libxml2: the tags go.
_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.I)


def _by_first_letter(words) -> str:
    """An alternation grouped by first letter ("t(?:able|d|h|r)"): `re` tries the alternatives of a
    group one by one, so this is twice as fast as the flat list on tag-heavy HTML."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(f"{k}(?:{'|'.join(v)})" if v != [""] else k for k, v in groups.items())


# A newline written before each block tag in the source: one C pass instead of a Python loop that
# edits every block element's tail (block boundaries become line breaks in the text).
_BLOCK_TAG = re.compile(r"<(?=/?(?:" + _by_first_letter(_BLOCKS) + r")\b)", re.I)


@lru_cache(maxsize=512)
def _style_is_red(style: str) -> bool:
    m = _COLOR.search(style)
    return bool(m) and is_red(m.group(1))


@lru_cache(maxsize=512)
def is_red(color: str) -> bool:
    c = color.strip().lower()
    if c.split()[0] in _RED_NAMES if c else False:
        return True
    m = _HEX.search(c)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    else:
        m = _RGB.search(c)
        if not m:
            return False
        r, g, b = (int(x) for x in m.groups())
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


class HtmlContent:
    __slots__ = ("text", "links", "red_text", "form_fields")

    def __init__(self) -> None:
        self.text = ""
        self.links: list[Link] = []
        self.red_text: list[str] = []
        self.form_fields: list[str] = []


def parse_html(source: str) -> HtmlContent:
    out = HtmlContent()
    source = source[:MAX_HTML_BYTES]
    if not source.strip():
        return out
    source = _BLOCK_TAG.sub("\n<", _END_TAGS.sub("", source))
    try:   # as UTF-8 bytes: an XML declaration (encoding="...") made lxml refuse a str
        doc = etree.fromstring(source.encode("utf-8", "replace"), _PARSER)
    except (etree.ParserError, ValueError):
        return out
    if doc is None:
        return out
    for el in list(doc.iter(*_DROP)):
        _drop(el)
    for el in doc.iter(*_FIELDS):
        if el.tag == "a":
            href = (el.get("href") or "").strip()
            if href and len(out.links) < MAX_LINKS and not href.startswith(("#", "mailto:", "tel:", "cid:")):
                # what the reader sees, without the &shy; or &#8203; slipped into it (see extract.textnorm)
                out.links.append(Link(url=href[:4000], text=clean(" ".join(_STRING(el).split()))[:500], source="html"))
        elif (el.get("type") or "").lower() not in ("hidden", "submit", "button", "image", "reset"):
            label = " ".join(filter(None, (el.get("name"), el.get("id"), el.get("placeholder"), el.get("aria-label"))))
            if label:
                out.form_fields.append(clean(label)[:200])
    for el in _RED_CANDIDATES(doc):
        if len(out.red_text) >= 20:
            break
        color = el.get("color") if el.tag == "font" else None
        style = el.get("style")
        if color and is_red(color) or style and _style_is_red(style[:300]):
            t = clean(" ".join(_STRING(el).split()))
            if t:
                out.red_text.append(t[:300])
    text = _STRING(doc)
    out.text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return out


def _drop(el) -> None:
    """Remove an element and what it holds, keeping the text that follows it (lxml.html's drop_tree)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
