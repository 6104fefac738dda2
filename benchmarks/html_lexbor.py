"""The candidate that was measured and not kept: adapters/html.py on Lexbor (selectolax).

    pip install selectolax   # not a dependency of demasque (docs/parsing.md says why)

The same reading as adapters/html.py (an HTML5 parser: what follows </html> is read, an XML
declaration does not stop it), with one CSS query for the elements that matter. Timed against it
by `python benchmarks/bench_parse.py --lexbor`, with the inputs on which its cost explodes.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from demasque.adapters.html import _BLOCK_TAG, HtmlContent, _style_is_red, is_red
from demasque.extract.textnorm import clean
from demasque.limits import MAX_HTML_BYTES, MAX_LINKS
from demasque.message import Link

_DROP = ["script", "style", "head", "noscript", "template"]
_INTERESTING = "a[href], input, select, textarea, font[color], [style*=olor i]"   # any case: "COLOR:red"


def parse_html(source: str) -> HtmlContent:
    out = HtmlContent()
    source = source[:MAX_HTML_BYTES]
    if not source.strip():
        return out
    tree = LexborHTMLParser(_BLOCK_TAG.sub("\n<", source))   # block tags: line breaks, as adapters/html.py
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
