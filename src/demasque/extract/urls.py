"""URLs in text: full URLs, www. hosts, bare domains, and obfuscated forms (hxxp, [.], (.))."""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

import idna

from ..limits import MAX_LINKS
from ..message import Link
from .domains import split_host
from .textnorm import clean

_DOT = r"(?:\.|\u3002|\[\.\]|\(\.\)|\[dot\]|\(dot\))"
# Letters of the scripts used for look-alike domains (Latin, Greek, Cyrillic); CJK text has no
# spaces, so allowing every script would glue whole sentences onto a domain.
_L = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_LABEL = rf"[{_L}](?:[{_L}-]{{0,61}}[{_L}])?"
# Starts only at a token boundary so that a long dotted string costs linear time.
URL_RE = re.compile(
    # a URL with its scheme may follow a dash or a colon glued to it ("-https://...", read off a
    # screenshot); a bare domain starts only at a token boundary
    r"(?:(?<![\w@./])(?P<scheme>h(?:tt|xx|\*\*)ps?|ftp)(?::|\[:\])//[^\s<>\"'`{}|\\^]{1,2000}"
    r"|(?<![\w@.\-/])(?P<bare>(?:" + _LABEL + _DOT + r"){1,10}[a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]{2,24}|\d{1,3}(?:\.\d{1,3}){3})"
    r"(?::\d{2,5})?(?P<path>[/?#][^\s<>\"'`{}|\\^]{0,2000})?"
    r")",
    re.IGNORECASE,
)
_TRAIL = ".,;:!?)]}'\"»…"


def deobfuscate(url: str) -> str:
    u = re.sub(r"^h(?:xx|\*\*)p", "http", url, flags=re.I)
    u = u.replace("[:]", ":")
    return re.sub(r"\[\.\]|\(\.\)|\[dot\]|\(dot\)|\u3002", ".", u, flags=re.I)


def _url_tokens(text: str):
    """Spans of the whitespace-separated tokens that could hold a URL (a dot, a colon or an
    obfuscated dot). A URL never spans whitespace, so scanning only these tokens finds the same
    URLs as scanning the whole text, without running the regex at every position of long prose.
    A word is tested only for the marks the whole text holds (most texts: dots alone)."""
    colon, ideo = ":" in text, "\u3002" in text
    dot = ("[" in text or "(" in text) and "dot" in text.lower()
    pos = 0
    for tok in text.split():
        if "." in tok or colon and ":" in tok or ideo and "\u3002" in tok or dot and ("[" in tok or "(" in tok) and "dot" in tok.lower():
            # earlier tokens holding this one's dot were all consumed, so this finds the token itself
            start = text.find(tok, pos)
            pos = start + len(tok)
            if tok[-1] == ".":   # a word ending a sentence ("vous."): a URL needs more than dots at its end
                core = tok.rstrip(".")
                if not ("." in core or ":" in core or "\u3002" in core or ("[" in core or "(" in core) and "dot" in core.lower()):
                    continue
            yield start, pos


def find_urls(text: str) -> list[Link]:
    links: list[Link] = []
    for m in (m for s, e in _url_tokens(text) for m in URL_RE.finditer(text, s, e)):
        raw = m.group(0)
        # a closing bracket belongs to the URL only if it opened inside it
        while raw and raw[-1] in _TRAIL and not (raw[-1] == ")" and raw.count("(") >= raw.count(")")):
            raw = raw[:-1]
        if not raw:
            continue
        url = deobfuscate(raw)
        if m.group("bare") is not None:
            if text.startswith(("@", "*"), m.start() + len(raw)) or (m.start() and text[m.start() - 1] == "*"):
                continue   # the name of an e-mail address ("dan.whitford.uk@gmail.com"), or one masked
                           # ("s.la*****@gm***.com"), not a site
            host = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split(":", 1)[0]
            if not _plausible_bare(host, bool(m.group("path")) or ":" in url.split("/", 1)[0]):
                continue
        links.append(Link(url=url, text=raw, source="text", start=m.start(), end=m.start() + len(raw)))
        if len(links) >= MAX_LINKS:
            break
    return links


def _plausible_bare(host: str, has_path: bool) -> bool:
    """A bare 'word.word' counts as a domain only if it ends with a real public suffix; a bare
    IP address only with a path or port (else it is more likely a version number)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):
        return has_path and all(int(p) <= 255 for p in host.split("."))
    parts = split_host(host.lower())
    return bool(parts.suffix) and bool(parts.domain) and not parts.suffix.isdigit()


# What stands between the scheme and the path. A backslash counts as a slash, as in browsers.
_AUTHORITY = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?[/\\]{2}([^/?#\\]*)|^\s*([^/?#\\\s]*)", re.I)
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
# code points a host may not hold once percent-decoded (WHATWG "forbidden host code points")
_FORBIDDEN = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
MAX_HOST = 253


@dataclass(frozen=True, slots=True)
class ParsedHost:
    host: str            # what a browser would go to: lower-case ASCII (A-labels), or an IP address
    written: str = ""    # the same host as written (percent-decoded, NFKC, case kept): look-alikes are judged on it
    userinfo: str = ""   # what stands before "@": http://ameli.fr@evil.com goes to evil.com
    problems: tuple[str, ...] = ()   # invalid_host (refused by IDNA 2008 / UTS 46), overlong_host


def parse_host(url: str) -> ParsedHost | None:
    """The host of a URL (or bare domain) read the way a browser reads it (WHATWG URL standard):
    percent-decoded, IDNA dots (。．｡) as dots, UTS 46 mapping and IDNA 2008 checks through `idna`,
    userinfo kept apart. Labels that IDNA refuses are kept as written and named as a problem, never
    decoded leniently; a host is never cut short."""
    m = _AUTHORITY.match(url)
    auth = (m.group(1) if m.group(1) is not None else m.group(2)) if m else ""
    # the same few hosts recur (an HTML e-mail's 244 links to one tracking host): read once each
    return _authority_kept(auth) if len(auth) <= 300 else _authority(auth)


def _authority(auth: str) -> ParsedHost | None:
    userinfo, _, hostport = auth.rpartition("@")
    if hostport.startswith("["):
        literal = hostport[1:].partition("]")[0]
        try:
            return ParsedHost(ipaddress.IPv6Address(literal).compressed, literal, unquote(userinfo))
        except ValueError:
            return ParsedHost(literal.lower(), literal, unquote(userinfo), ("invalid_host",)) if literal else None
    written = clean(unquote(hostport.partition(":")[0])).translate(_IDNA_DOTS).strip(".")
    if not written:
        return None
    problems: list[str] = []
    if _FORBIDDEN.search(written):
        problems.append("invalid_host")
    host = _to_ascii(written, problems)
    if len(host) > MAX_HOST or any(len(label) > 63 for label in host.split(".")):
        problems.append("overlong_host")
    return ParsedHost(host, written, unquote(userinfo), tuple(dict.fromkeys(problems)))


_authority_kept = lru_cache(maxsize=4096)(_authority)


def _to_ascii(written: str, problems: list[str]) -> str:
    """UTS 46 mapping (non-transitional, no STD3 rules, as browsers) then each label to its A-label;
    a label that IDNA 2008 refuses stays as it is and the host is named invalid."""
    try:
        mapped = idna.uts46_remap(written, std3_rules=False, transitional=False)
    except (idna.IDNAError, ValueError):
        problems.append("invalid_host")
        return written.lower()
    labels = []
    for label in mapped.split("."):
        try:
            if label.isascii():
                if label[:4].lower() == "xn--":
                    idna.decode(label)            # strict: xn--ameli- is refused, not read as "ameli"
                labels.append(label.lower())
            else:
                labels.append(idna.alabel(label).decode("ascii"))
        except (idna.IDNAError, UnicodeError, ValueError):
            problems.append("invalid_host")
            labels.append(label.lower())
    return ".".join(labels)


def host_of(url: str) -> str:
    """The host a URL really goes to (see `parse_host`), or ""."""
    parsed = parse_host(url)
    return parsed.host if parsed else ""


def path_of(url: str) -> str:
    u = url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) else "http://" + url
    try:
        s = urlsplit(u)
        return (s.path or "") + ("?" + s.query if s.query else "")
    except ValueError:
        return ""


# Link wrappers that carry the address they lead to in the link itself: a mail system's safety
# rewriting (Microsoft Safe Links, Proofpoint URL Defense), a search engine's or a social network's
# exit page, a mailing service's click tracker that names its target. The target is where the
# click goes: it is what the rules judge.
_TARGET_PARAMS = ("url", "u", "q", "target", "redirect", "dest", "destination")
_URLDEFENSE_V3 = re.compile(r"^/v3/__(.+?)__;", re.S)


def under_any(host: str, domains: frozenset) -> bool:
    """The host is one of `domains` or a sub-domain of one: looked up by its suffixes, not by
    trying every domain (a newsletter holds hundreds of links)."""
    if not domains:
        return False
    parts = host.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts)))


def unwrap_redirect(url: str, trackers: frozenset = frozenset()) -> str:
    """The address a wrapped link leads to, or "" when it is not a known wrapper naming one.
    `trackers`: registrable domains of mailing services' click trackers (data/generic.yaml)."""
    host = host_of(url)
    if not host:
        return ""
    u = url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) else "http://" + url
    try:
        parts = urlsplit(u)
    except ValueError:
        return ""
    known = (host.endswith("safelinks.protection.outlook.com") or host in ("www.google.com", "google.com")
             and parts.path == "/url" or host in ("l.facebook.com", "lm.facebook.com") and parts.path == "/l.php"
             or under_any(host, trackers))
    if host.endswith(".awstrack.me"):   # Amazon SES: /L0/<the target, percent-encoded>/1/...
        m = re.match(r"^/L0/(https?%3A%2F%2F[^/]+)", parts.path, re.I)
        return unquote(m.group(1))[:2000] if m else ""
    if host in ("urldefense.com", "urldefense.proofpoint.com"):
        m = _URLDEFENSE_V3.match(parts.path)
        if m:
            return m.group(1) if re.match(r"^https?://", m.group(1), re.I) else ""
        known = True
    if not known:
        return ""
    try:
        query = parse_qs(parts.query[:4000], max_num_fields=50)
    except ValueError:
        return ""
    for key in _TARGET_PARAMS:
        for value in query.get(key, ()):
            if re.match(r"^https?://[^\s/]", value, re.I):
                return value[:2000]
    return ""
