"""HTML to text, links (visible text and real target), red text and form fields.

Parsed by Lexbor (selectolax), an HTML5 parser: the tree a browser builds, 3x faster than lxml, and
one CSS query finds the few elements that matter (docs/parsing.md).
"""
from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser

from ..extract.textnorm import clean
from ..limits import MAX_HTML_BYTES, MAX_LINKS
from ..message import Link

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "td", "th",
           "section", "article", "header", "footer", "blockquote", "ul", "ol", "form", "hr", "center"}
_DROP = ["script", "style", "head", "noscript", "template"]
_COLOR = re.compile(r"(?:^|[;\s\"'])color\s*:\s*([^;\"']+)", re.I)
_HEX = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})\b", re.I)
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})", re.I)
_INTERESTING = "a[href], input, select, textarea, font[color], [style*=olor i]"   # any case: "COLOR:red"
_RED_NAMES = {"red", "darkred", "crimson", "firebrick", "orangered", "tomato"}


def _by_first_letter(words) -> str:
    """An alternation grouped by first letter ("t(?:able|d|h|r)"): `re` tries the alternatives of a
    group one by one, so this is twice as fast as the flat list on tag-heavy HTML."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(f"{k}(?:{'|'.join(v)})" if v != [""] else k for k, v in groups.items())


# A newline written before each block tag in the source: one C pass instead of a Python loop over
# the tree (block boundaries become line breaks in the text).
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
    tree = LexborHTMLParser(_BLOCK_TAG.sub("\n<", source))
    if tree.root is None:
        return out
    tree.strip_tags(_DROP, recursive=True)
    # One CSS query selects the few elements that matter, in document order, in C (an element
    # that matches two of the selectors comes twice).
    seen: set[int] = set()
    for el in tree.css(_INTERESTING):
        if el.mem_id in seen:
            continue
        seen.add(el.mem_id)
        tag = el.tag
        attrs = el.attributes
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if href and len(out.links) < MAX_LINKS and not href.startswith(("#", "mailto:", "tel:", "cid:")):
                # what the reader sees, without the &shy; or &#8203; slipped into it (see extract.textnorm)
                out.links.append(Link(url=href[:4000], text=clean(" ".join(el.text().split()))[:500], source="html"))
        elif tag in ("input", "select", "textarea"):
            if (attrs.get("type") or "").lower() not in ("hidden", "submit", "button", "image", "reset"):
                label = " ".join(filter(None, (attrs.get("name"), attrs.get("id"), attrs.get("placeholder"), attrs.get("aria-label"))))
                if label:
                    out.form_fields.append(clean(label)[:200])
        color = attrs.get("color") if tag == "font" else None
        if color and is_red(color):
            _add_red(out, el)
        else:
            style = attrs.get("style")
            if style and _style_is_red(style[:300]):
                _add_red(out, el)
    text = tree.root.text()
    out.text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return out


def _add_red(out: HtmlContent, el) -> None:
    if len(out.red_text) < 20:
        t = clean(" ".join(el.text().split()))
        if t:
            out.red_text.append(t[:300])
