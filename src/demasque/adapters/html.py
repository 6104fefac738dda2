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

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
           "section", "article", "header", "footer", "blockquote", "ul", "ol", "form", "hr", "center"}
# a table's cells stay on their row's line, side by side: a row reads as one ("Payer des frais pour
# une carte Vitale | Ne payez rien : elle est gratuite"), as the reader sees it
# the bars of empty cells between two cells (those at a line's ends are stripped)
_EMPTY_CELLS = re.compile(r"\|(?:\s*\|)+")
_CELL_TAG = re.compile(r"<(?=t[dh]\b)", re.I)
_DROP = ("script", "style", "head", "noscript", "template")
_COLOR = re.compile(r"(?:^|[;\s\"'])color\s*:\s*([^;\"']+)", re.I)
_HEX = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})\b", re.I)
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})", re.I)
# Links and form fields are found by tag name (a C filter); what may be painted red by one XPath that
# returns only the attributes that can paint it (a font's colour, any style), in document order; each
# is judged in Python by a cached test (styles and colours recur), the element fetched only if red.
_FIELDS = ("a", "input", "select", "textarea")
_PAINT = etree.XPath("//font/@color | //@style")
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


def _cells(line: str) -> str:
    if "|" not in line:
        return line
    line = line.strip("| ")
    return _EMPTY_CELLS.sub("|", line) if ("| |" in line or "||" in line) else line


def parse_html(source: str) -> HtmlContent:
    out = HtmlContent()
    source = source[:MAX_HTML_BYTES]
    if not source.strip():
        return out
    source = _CELL_TAG.sub(" | <", _BLOCK_TAG.sub("\n<", _END_TAGS.sub("", source)))
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
                # what the reader sees (an anchor without child elements: its own text, no XPath call)
                out.links.append(Link(url=href[:4000], text=_seen(el.text if len(el) == 0 else _STRING(el)), source="html"))
        elif (el.get("type") or "").lower() not in ("hidden", "submit", "button", "image", "reset"):
            label = " ".join(filter(None, (el.get("name"), el.get("id"), el.get("placeholder"), el.get("aria-label"))))
            if label:
                out.form_fields.append(clean(label)[:200])
    last = None
    for value in _PAINT(doc):
        if len(out.red_text) >= 20:
            break
        if not (is_red(value) if value.attrname == "color" else _style_is_red(value[:300])):
            continue
        el = value.getparent()
        if el == last:    # a <font> red by its colour and its style: once
            continue
        last = el
        t = clean(" ".join(_STRING(el).split()))
        if t:
            out.red_text.append(t[:300])
    text = _STRING(doc)
    out.text = "\n".join(line for line in (_cells(" ".join(raw.split())) for raw in text.splitlines()) if line)
    return out


def _seen(text: str | None) -> str:
    """A link's text as the reader sees it: spaces collapsed, without the &shy; or &#8203; slipped
    into it (see extract.textnorm). Link texts recur ("En savoir plus"): short ones are cached."""
    if not text:
        return ""
    return _seen_short(text) if len(text) <= 200 else clean(" ".join(text.split()))[:500]


@lru_cache(maxsize=1024)
def _seen_short(text: str) -> str:
    return clean(" ".join(text.split()))[:500]


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
