"""From the words Tesseract read on a phone screenshot to the SMS: the sender (the header at the top),
the message text (every bubble, in reading order), without the app's chrome (status bar, clock,
battery, "Message texte", dates, time stamps, the input bar), with links rejoined where the app
wrapped them across lines. Every character of the text keeps the index of the word it comes from,
so that evidence found in the text can be drawn back on the picture."""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..datafile import load_yaml

from .engine import Word

URLISH = re.compile(r"^(?:h[tx]{2}ps?[:/]|www\.)|[a-z0-9-]\.[a-z]{2,}(?:[/:?#]|$)|[a-z0-9]/", re.I)
CONTINUES_URL = re.compile(r"[/.?=&#%_-]")      # a piece of a link carries one of these
URL_CUT_END = ("/", "-", ".", "_", "=", "?", "&", "#", ":", "%", "~")
ALNUM = re.compile(r"[^\W_]{2,}|\d")
TLD_START = re.compile(r"^[a-z]{2,6}(?:[/.:?#]|$)")
# "htips://", "hitps:/", "https//": the scheme of a link as OCR often misreads its thin letters
SCHEME = re.compile(r"^h[tli1|]{2}p(s?)(?::/{0,2}|/{1,2})(?=[\w.-])", re.I)


def repair_scheme(token: str) -> str:
    m = SCHEME.match(token)
    return f"http{m.group(1).lower()}://" + token[m.end():] if m else token


@dataclass(slots=True)
class Line:
    words: list[int]           # indices into the word list
    left: int
    top: int
    right: int
    bottom: int
    block: int

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass
class Layout:
    sender: str = ""
    sender_words: list[int] = field(default_factory=list)
    text: str = ""
    char_words: list[int] = field(default_factory=list)   # for each character of text: its word, or -1
    chrome: int = 0                                       # lines left out as app chrome


@lru_cache(maxsize=1)
def chrome_rules() -> tuple[frozenset, list[re.Pattern]]:
    data = load_yaml(resources.files("demasque").joinpath("data/screen_chrome.yaml").read_text("utf-8"))
    return frozenset(data["labels"]), [re.compile(p + r"\Z") for p in data["patterns"]]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower().replace("\u2019", "'"))
    return "".join(c for c in s if not unicodedata.combining(c))


def bare(tokens: list[str]) -> str:
    """The line without icon debris (tokens with no letter or digit), folded, spaces collapsed."""
    return " ".join(fold(t) for t in tokens if re.search(r"[^\W_]", t) or t == "%").strip(" .:·•-")


def is_chrome(tokens: list[str]) -> bool:
    text = bare(tokens)
    if not ALNUM.search(text):
        return True                      # icons alone: arrows, "+", battery drawings read as symbols
    if len(text) > 60:
        return False                     # chrome is short: a long line is the message
    labels, patterns = chrome_rules()
    if text in labels:
        return True
    return any(p.match(text) for p in patterns)


def _lines(words: list[Word]) -> list[Line]:
    by_key: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        by_key.setdefault((w.block, w.par, w.line), []).append(i)
    lines = []
    for idx in by_key.values():
        idx.sort(key=lambda i: words[i].left)
        ws = [words[i] for i in idx]
        lines.append(Line(idx, min(w.left for w in ws), min(w.top for w in ws), max(w.right for w in ws),
                          max(w.bottom for w in ws), ws[0].block))
    lines.sort(key=lambda l: (l.top, l.left))
    return lines


@lru_cache(maxsize=1)
def _suffixes():
    import tldextract
    # suffix_list_urls=(): the Public Suffix List snapshot shipped inside tldextract, never fetched
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)


def _ends_in_suffix(candidate: str) -> bool:
    """Does `candidate` (a link or a bare domain) name a site: a name followed by a public suffix?"""
    host = re.sub(r"^[a-z][a-z0-9+.-]{1,9}://", "", candidate, flags=re.I).split("/")[0].split("?")[0].rstrip(".")
    if "." not in host or not re.fullmatch(r"[\w.-]+", host):
        return False
    ext = _suffixes()(host)
    return bool(ext.suffix and ext.domain)


@dataclass(slots=True)
class Token:
    pieces: list[tuple[str, int]]      # (text, word index; -1 for a character put back, such as a lost dot)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)

    @property
    def idx(self) -> list[int]:
        return [i for _, i in self.pieces if i >= 0]

    def __add__(self, other: "Token") -> "Token":
        return Token(self.pieces + other.pieces)


def _tokens(line: Line, words: list[Word]) -> list[Token]:
    """The line's words, with the pieces of a link that Tesseract split rejoined: pieces with almost
    no gap between them, "htips" "//...", a link whose dot was lost ("https://declare" "ameli.fr"),
    and a space read after a dot ("ameli-vitale." "com/suivi", "monespacesante." "fr." "login-secure."
    "app") when the whole names a site."""
    out: list[Token] = []
    for i in line.words:
        w = words[i]
        if out:
            prev_text = out[-1].text
            prev = words[out[-1].idx[-1]]
            gap = w.left - prev.right
            h = max(prev.height, w.height)
            split_link = gap < 0.16 * h and (URLISH.search(prev_text) or URLISH.search(w.text)) and not prev_text.endswith((",", ";"))
            split_scheme = gap < 0.6 * h and re.fullmatch(r"h[tli1|]{2}ps?:?", prev_text, re.I) and w.text[:1] in "/:"
            if split_link or split_scheme:
                out[-1] = out[-1] + Token([(w.text, i)])
                continue
            # a link's host cannot be one bare word: the dot between it and the next name was lost
            if gap < 0.6 * h and re.fullmatch(r"h[tx]{2}ps?://[\w-]+", prev_text, re.I) and _ends_in_suffix("x." + w.text) \
                    and w.text[:1].isalnum():
                out[-1] = out[-1] + Token([(".", -1), (w.text, i)])
                continue
            # "bit" "ly/3xAm": a name and a suffix with a path, the dot between them lost
            if gap < 0.6 * h and re.fullmatch(r"[A-Za-z0-9-]{2,63}", prev_text) and re.match(r"[a-z]{2,6}/\S", w.text) \
                    and _ends_in_suffix(prev_text + "." + w.text):
                out[-1] = out[-1] + Token([(".", -1), (w.text, i)])
                continue
        out.append(Token([(w.text, i)]))
    merged: list[Token] = []
    k = 0
    while k < len(out):
        take, cand = 0, out[k].text
        for j in range(k + 1, min(len(out), k + 6)):
            prev, nxt = words[out[j - 1].idx[-1]], words[out[j].idx[0]]
            if not (cand.endswith(".") and out[j].text[:1].isalnum() and out[j].text[:1].islower()
                    and nxt.left - prev.right < 0.6 * max(prev.height, nxt.height)):
                break
            cand += out[j].text
            if not cand.endswith(".") and _ends_in_suffix(cand):
                take = j - k
        tok = out[k]
        for j in range(k + 1, k + take + 1):
            tok = tok + out[j]
        merged.append(tok)
        k += take + 1
    return merged


def _is_status_bar(line: Line, tokens: list[str], width: int) -> bool:
    """A line at the very top that holds a clock or a percentage: the phone's status bar."""
    if line.bottom > 0.16 * width:
        return False
    text = " ".join(tokens)
    return bool(re.search(r"\d{1,2}[:h]\d{2}|\d\s?%", text))


def _joiner(a: Line, b: Line, ta: list[Token], tb: list[Token], words: list[Word], bubble_right: int) -> str:
    """What stood between two wrapped lines of one bubble: nothing (a cut link or word), a space,
    or a new line (the next line's first word would have fitted on this one)."""
    last, first = ta[-1].text, tb[0].text
    if URLISH.search(last) and not last.endswith((",", ";", "!", ")")):
        room = bubble_right - a.right
        char_w = max(1.0, sum(words[i].width for i in ta[-1].idx) / max(1, len(last)))
        if last.endswith(URL_CUT_END) or CONTINUES_URL.search(first) or room < 1.5 * char_w:
            if not first[:1].isupper() or last.endswith(URL_CUT_END):
                return ""
    if last.endswith("-") and first[:1].islower():
        return ""                        # "mettez-" / "la": apps break after a hyphen, never add one
    first_w = sum(words[i].width for i in tb[0].idx)
    space = 0.3 * a.height
    if not URLISH.search(first) and a.right + space + first_w < bubble_right - 0.5 * a.height:
        return "\n"
    return " "


def sms_layout(words: list[Word], width: int, height: int) -> Layout:
    lines = _lines(words)
    toks = [_tokens(l, words) for l in lines]
    out = Layout()
    kept: list[int] = []
    chrome_at: list[int] = []
    for k, (line, tk) in enumerate(zip(lines, toks)):
        texts = [t.text for t in tk]
        if _is_status_bar(line, texts, width) or is_chrome(texts):
            out.chrome += 1
            chrome_at.append(k)
        else:
            kept.append(k)
    if not kept:
        return out
    # the sender: a short first line in the upper part, set apart from what follows
    first = kept[0]
    l0 = lines[first]
    nxt = kept[1] if len(kept) > 1 else None
    text0 = " ".join(t.text for t in toks[first])
    apart = nxt is None or any(first < c < nxt for c in chrome_at) or \
        lines[nxt].top - l0.bottom > 1.5 * l0.height or lines[nxt].block != l0.block
    if l0.top < 0.5 * width and len(text0) <= 40 and len(toks[first]) <= 5 and apart and nxt is not None:
        kept = kept[1:]
        sender_toks = [t for t in toks[first] if re.search(r"[^\W_]", t.text)]
        out.sender = " ".join(t.text for t in sender_toks).strip(" >›»<‹«")
        out.sender_words = [i for t in sender_toks for i in t.idx]
    # bubbles: lines that follow each other closely and start near the same left edge
    heights = [lines[k].height for k in kept] or [1]
    lh = statistics.median(heights)
    bubbles: list[list[int]] = []
    for k in kept:
        l = lines[k]
        if bubbles:
            p = lines[bubbles[-1][-1]]
            if l.top - p.bottom <= 0.9 * lh and abs(l.left - lines[bubbles[-1][0]].left) <= 2 * lh:
                bubbles[-1].append(k)
                continue
        bubbles.append([k])
    text: list[str] = []
    cmap: list[int] = []

    def put(s: str, word: int) -> None:
        text.append(s)
        cmap.extend([word] * len(s))

    for b, bubble in enumerate(bubbles):
        if b:
            put("\n", -1)
        right = max(lines[k].right for k in bubble)
        for j, k in enumerate(bubble):
            if j:
                put(_joiner(lines[bubble[j - 1]], lines[k], toks[bubble[j - 1]], toks[k], words, right), -1)
            for n, tok in enumerate(toks[k]):
                if n:
                    put(" ", -1)
                pieces = tok.pieces
                if SCHEME.match(tok.text):   # "htips://" put right, on the characters of its first piece
                    fixed = repair_scheme(tok.text)
                    rest = len("".join(t for t, _ in pieces[1:]))
                    pieces = [(fixed[:len(fixed) - rest], pieces[0][1])] + pieces[1:]
                # each character belongs to the word it was read in
                for t, i in pieces:
                    put(t, i)
    out.text = "".join(text)
    out.char_words = cmap
    return out
