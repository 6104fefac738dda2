"""E-mail header values read as `email.policy.default` reads them, without its cost for plain ones.

The e-mail adapter parses with `policy.compat32`, which keeps headers as raw strings, and reads the
few it needs through this module. `policy.default` builds a header object (a full RFC 5322 parse)
at every read: 14 of them for a one-part e-mail, three quarters of its reading time. Here a value
in the plain forms most mail uses (ASCII, no comment, no escape, encoded words as words of their
own) is read with one regular expression and the standard package's own helpers (`_encoded_words`
decodes, `utils._sanitize` replaces raw bytes, as in policy.default), and any other by
`policy.default`'s header classes (cached): both ways give the same string (`value`) and the same
first address (`mailbox`). tests/test_parse_differential.py checks it against `policy.default` on
the corpora's headers and on generated ones (a change of either shows there).
"""
from __future__ import annotations

import re
from email import _encoded_words, policy
from email.utils import _sanitize
from functools import lru_cache

_FACTORY = policy.default.header_factory
_LINESEP = re.compile(r"[\r\n]")            # what policy.default removes before parsing (not all of splitlines)
_ADDRESS_HEADERS = frozenset({"from", "to", "cc", "bcc", "sender", "reply-to", "resent-from", "resent-to",
                              "resent-cc", "resent-bcc", "resent-sender"})
_PARAM_HEADERS = frozenset({"content-type", "content-disposition"})
_STRUCTURED = _ADDRESS_HEADERS | _PARAM_HEADERS | {"date", "resent-date", "orig-date", "mime-version",
                                                   "content-transfer-encoding", "message-id"}

# RFC 5322 atext / dot-atom and a quoted string without escapes; ASCII only.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDR = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
_MAILBOX = re.compile(rf'[ \t]*(?:({_ATOM}(?:[ \t]+{_ATOM})*)?[ \t]*<({_ADDR})>|"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"[ \t]*<({_ADDR})>'
                      rf"|({_ADDR}))[ \t]*")
# "type/subtype; name=token; name="quoted"": a MIME token is any ASCII printable but tspecials.
_TOKEN = r"[!#$%&'*+.^_`{|}~0-9A-Za-z-]+"
_NAME = r"[!#$&+.^_`{|}~0-9A-Za-z-]+"        # a parameter name without RFC 2231's * ' %
_VALUE = r"[!#$%&+.^_`{|}~0-9A-Za-z-]+"        # a token value without * or '
_PARAMS = re.compile(rf'[ \t]*{_TOKEN}(?:/{_TOKEN})?[ \t]*(?:;[ \t]*{_NAME}[ \t]*=[ \t]*(?:{_VALUE}|"[^"\\\x00-\x08\x0a-\x1f\x7f]*")[ \t]*)*;?[ \t]*')
_PARAM = re.compile(rf'[ \t]*({_NAME})[ \t]*=[ \t]*(?:({_VALUE})|"([^"]*)")')
_CTE = re.compile(rf"[ \t]*{_TOKEN}[ \t]*")
# An RFC 2047 encoded word ("=?utf-8?q?Sant=C3=A9?="), as a word of its own. Its text starts with
# "=" only before two hex digits (the parser ends the word at the first "?=", "?q?=" here, unless
# an escape follows); ASCII controls (that it counts as whitespace) keep a value off the fast path.
_EW = re.compile(r"=\?[A-Za-z0-9_*-]+\?[bBqQ]\?(?:(?:=[0-9A-Fa-f]{2}|[!-<>@-~])[!->@-~]*)?\?=")
_GAPS = re.compile(r"([ \t]+)")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EW_SPACE = re.compile(r"[ \t]\s*")        # a space or tab and the whitespace after it


@lru_cache(maxsize=512)
def _parsed(name: str, value: str):
    return _FACTORY(name, value)


def header(name: str, value: str):
    """The header object `policy.default` makes of a raw value (`name` in lower case)."""
    value = _LINESEP.sub("", value)
    return _parsed(name, value) if len(value) <= 4096 else _FACTORY(name, value)


def value(name: str, raw: str) -> str:
    """str() of what `policy.default` returns for this header: encoded words decoded, raw 8-bit
    bytes as U+FFFD (`name` in lower case). Raises what its parser raises."""
    # cached: the parser and the adapter read a part's Content-Type a dozen times, and most values
    # recur from e-mail to e-mail (a Content-Type is at most 1 KB: adapters/mimebounds.py)
    return _cached_value(name, raw) if len(raw) <= 1024 else _value(name, raw)


def _value(name: str, raw: str) -> str:
    v = _LINESEP.sub("", raw) if ("\n" in raw or "\r" in raw) else raw
    if name not in _STRUCTURED and "=?" in v:       # a subject with encoded words
        decoded = _with_encoded_words(v)
        if decoded is not None:
            return decoded
    if "=?" not in v:
        if name not in _STRUCTURED:                 # unstructured: kept as written
            return _sanitize(v)
        if v.isascii():
            if name in _PARAM_HEADERS and _PARAMS.fullmatch(v):
                return _params_str(v)
            if name == "content-transfer-encoding" and _CTE.fullmatch(v):
                return v
    return str(header(name, v))


_cached_value = lru_cache(maxsize=1024)(_value)


def _params_str(v: str) -> str:
    """A plain "type/subtype; name=value" written as policy.default writes it back (what its
    methods read): the type as written, then each parameter once (the first), its value quoted."""
    head, sep, rest = v.partition(";")
    if not sep:
        return v
    params: dict[str, str] = {}
    for m in _PARAM.finditer(rest):
        params.setdefault(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
    return head + ";" + "".join(("; " if i else " ") + (f'{k}="{x}"' if x else k) for i, (k, x) in enumerate(params.items()))


def _decoded_word(word: str) -> str | None:
    try:
        text = _encoded_words.decode(word)[0]     # what policy.default decodes it with
    except Exception:  # noqa: BLE001  (an encoded word it would not take: the slow path decides)
        return None
    return None if "\r" in text or "\n" in text else text   # refused by its address parser


def _with_encoded_words(v: str) -> str | None:
    """An unstructured value of words and encoded words separated by spaces, decoded as
    policy.default does: the space between two encoded words goes. None for any other form."""
    if not v.isascii() or _CONTROLS.search(v):
        return None
    parts = _GAPS.split(v)                     # word, gap, word, ..., word
    out: list[str] = []
    last_ew = False
    for i in range(0, len(parts), 2):
        word = parts[i]
        is_ew = _EW.fullmatch(word) is not None
        if i and not (is_ew and last_ew):
            out.append(parts[i - 1])
        if is_ew:
            text = _decoded_word(word)
            if text is None:
                return None
            word = text
        elif "=?" in word:
            return None
        out.append(word)
        last_ew = is_ew
    return _sanitize("".join(out))


def plain_mailbox(raw: str) -> tuple[str, str] | None:
    """(display name, address) of a header that holds one plain mailbox (`a@b.fr`,
    `Name <a@b.fr>`, `"Name" <a@b.fr>`, `=?utf-8?q?Sant=C3=A9?= <a@b.fr>`, ASCII); None for any other."""
    v = _LINESEP.sub("", raw) if ("\n" in raw or "\r" in raw) else raw
    m = _MAILBOX.fullmatch(v) if v.isascii() else None
    if not m:
        return None
    phrase, addr, quoted, qaddr, bare = m.groups()
    addr = bare or qaddr or addr
    if "=?" in addr or quoted and "=?" in quoted:
        return None
    if not phrase:
        return quoted or "", addr
    words = []
    for word in phrase.split():
        if "=?" in word:                       # an encoded word: its spaces read as one each
            text = _decoded_word(word) if _EW.fullmatch(word) else None
            if text is None:
                return None
            word = _EW_SPACE.sub(" ", text)
        words.append(word)
    return " ".join(words), addr


def mailbox(name: str, raw: str) -> tuple[str, str] | None:
    """(display name, address) of the first address of an address header, as
    `policy.default`'s `header.addresses[0]` gives them; None when it has none."""
    found = plain_mailbox(raw)
    if found:
        return found
    addresses = getattr(header(name, raw), "addresses", None)
    if not addresses:
        return None
    return addresses[0].display_name or "", addresses[0].addr_spec or ""
