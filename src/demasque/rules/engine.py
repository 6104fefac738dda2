from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from ..extract import Features
from ..extract.textnorm import norm
from . import detectors, redos
from .evidence import quote
from .reading import sentence_act
from .scan import Scanner

SOFT_CATEGORIES = ("lure", "urgency")
CATEGORIES = ("sender", "link", "data_request", "payment", "lure", "urgency", "phone", "attachment",
              "formatting", "authentication")


@dataclass
class Rule:
    id: str
    category: str
    weight: float
    title: dict
    explanation: dict
    reference: str
    detector: str | None = None
    params: dict = field(default_factory=dict)
    pattern: dict | None = None
    examples: dict = field(default_factory=dict)
    strong: bool = False
    soft: bool | None = None           # true of genuine messages too (default: lure and urgency rules)
    needs_link: bool = False           # only with a link to a site that is neither the brand's nor the State's
    channels: tuple | None = None      # the channels it reads (default: the messages' sms, email, text)
    never: bool = False                # the guidance says the brand never does this
    _any: re.Pattern | None = None
    _near: re.Pattern | None = None
    _unless: re.Pattern | None = None
    _with: tuple = ()
    _literals: tuple | None = None     # one of these must be in the text for `any` to match

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.id}: unknown category {self.category}")
        if not 0 < self.weight <= 1:
            raise ValueError(f"rule {self.id}: weight must be in (0, 1]")
        if bool(self.detector) == bool(self.pattern):
            raise ValueError(f"rule {self.id}: give exactly one of detector / pattern")
        if self.detector and _detector(self.detector) is None:
            raise ValueError(f"rule {self.id}: unknown detector {self.detector}")
        if self.pattern:
            for key in ("any", "near", "unless"):
                for pat in self.pattern.get(key) or []:
                    bad = redos.problems(pat)
                    if bad:   # super-linear on hostile text: refused when the rules load
                        raise ValueError(f"rule {self.id}: {key} pattern {pat[:60]!r}...: {'; '.join(bad)}")
            self._any = _compile(self.pattern["any"])
            self._literals = required_literals("|".join(f"(?:{p})" for p in self.pattern["any"]))
            self._near = _compile(self.pattern["near"]) if self.pattern.get("near") else None
            self._unless = _compile(self.pattern["unless"]) if self.pattern.get("unless") else None
            # `with`: patterns that must each occur somewhere in the message (not only in the sentence)
            self._with = tuple(re.compile(w) for w in self.pattern.get("with", []))

    @property
    def is_soft(self) -> bool:
        return self.category in SOFT_CATEGORIES if self.soft is None else bool(self.soft)

    # -------------------------------------------------------------------------------------
    def check(self, f: Features) -> list[dict]:
        if self.needs_link and not f.foreign_links:
            return []
        if self.detector:
            return _detector(self.detector)(f, self.params)
        return self._match_pattern(f)

    def _match_pattern(self, f: Features) -> list[dict]:
        p = self.pattern
        assert p is not None and self._any is not None
        if p.get("claim") and not f.claim:
            return []
        if self._with and not all(w.search(f.norm) for w in self._with):
            return []
        where = p.get("field", "text")
        if where in ("red_text", "form_fields", "display_name"):
            values = {"red_text": f.msg.red_text, "form_fields": f.msg.form_fields,
                      "display_name": [f.msg.display_name]}[where]
            out = []
            for v in values:
                m = self._any.search(norm(v))
                if m:
                    out.append({"where": where, "quote": v[:200]})
            return out[:3]
        text = f.norm
        if self._literals is not None and not f.has_any(self._literals):
            return []  # cheap substring pre-check before the regex
        lo, hi = (0, f.subject_len) if where == "subject" else (0, len(text))
        out: list[dict] = []
        # Whether a sentence qualifies depends on the sentence only: decided once per sentence, so
        # a long sentence holding the keyword thousands of times is read once, not once per match.
        # Whether the sentence qualifies (near, unless, official place) is decided once per sentence;
        # what it does with the words (speech.act) is read for at most TRIES matches of a sentence,
        # so a sentence holding the keyword thousands of times costs a bounded number of readings.
        kept: dict[tuple[int, int], int] = {}   # sentence -> 0 refused, -1 accepted, n > 0 tries left
        for m in self._any.finditer(text, lo, hi):
            s, e = f.sentence(m.start(), m.end())
            state = kept.get((s, e))
            if state is None:
                state = kept[(s, e)] = TRIES if self._sentence_ok(f, text, s, e) else 0
            if state == 0:
                continue
            if state > 0:
                if not self._act_ok(f, s, e, m.start(), m.end()):
                    kept[(s, e)] = state - 1
                    continue
                kept[(s, e)] = -1
            out.append(quote(f, m.start(), m.end(), s, e))
            if len(out) >= 3:
                break
        return out

    def _sentence_ok(self, f: Features, text: str, s: int, e: int) -> bool:
        sent = text[s:e]
        if self._near is not None and not self._near.search(sent):
            return False
        if self._unless is not None and self._unless.search(sent):
            return False
        if self.pattern.get("official_place_ok") and not f.unofficial_links and _official_place(f, sent):
            return False
        return True

    def _act_ok(self, f: Features, s: int, e: int, start: int, end: int) -> bool:
        """`request`: the sentence asks the reader for the words found; `not_warning`: it does not
        warn about them, deny them or tell them as someone else's (speech.py)."""
        p = self.pattern
        if not (p.get("request") or p.get("not_warning")):
            return True
        a = sentence_act(f, s, e, start, end, tight=self.category == "urgency")
        if a == "reported" and f.msg.channel == "call":
            a = "statement"   # a call: the person tells what the caller said, which is the evidence
        if p.get("request"):
            return a == "request"
        return a not in ("warning", "negated", "reported")


TRIES = 3


@cache
def _detector(name: str):
    """Detectors live in rules/detectors.py and in any rules/detectors_*.py module."""
    fn = getattr(detectors, name, None)
    if fn is None:
        import importlib
        import pkgutil
        from . import __path__ as pkg_path
        for mod in pkgutil.iter_modules(pkg_path):
            if mod.name.startswith("detectors_"):
                fn = getattr(importlib.import_module(f"{__package__}.{mod.name}"), name, None)
                if fn is not None:
                    break
    return fn


def _official_place(f: Features, sentence: str) -> bool:
    return any(norm(pl) in sentence for pl in f.profile.data.get("official_places", []))


def _split_top(pattern: str, sep: str = "|") -> list[str]:
    """Split a pattern on `sep` at depth 0 (outside groups and character classes)."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur += pattern[i:i + 2]
            i += 2
            continue
        if c == "[":
            j = i + 1
            if pattern[j:j + 1] == "]":
                j += 1
            j = pattern.find("]", j)
            j = len(pattern) - 1 if j < 0 else j
            cur += pattern[i:j + 1]
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Plain strings one of which every match of `pattern` must contain (each at least 3
    characters), or None when the pattern gives no such guarantee. Used as a cheap substring
    pre-check before running the regex."""
    alts = _split_top(pattern)
    if len(alts) > 1:
        out: list[str] = []
        for a in alts:
            lits = required_literals(a)
            if lits is None:
                return None
            out.extend(lits)
        return tuple(dict.fromkeys(out))
    best: tuple[str, ...] | None = None
    cur, i = "", 0

    def consider(cand):
        nonlocal best
        if cand and min(len(c) for c in cand) >= 3 and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = tuple(cand)

    while i < len(pattern):
        c = pattern[i]
        nxt = pattern[i + 1:i + 2]
        if c == "\\":
            e = pattern[i + 1:i + 2]
            if e and not e.isalnum():
                cur += e
            else:
                consider([cur] if cur else None)
                cur = ""
            i += 2
            continue
        if c == "[":
            consider([cur] if cur else None)
            cur = ""
            j = pattern.find("]", i + 2)
            i = (j + 1) if j > 0 else len(pattern)
            if pattern[i:i + 1] == "{":            # a bounded repeat of the class: skip it whole
                k = pattern.find("}", i)
                i = (k + 1) if k > 0 else len(pattern)
            elif pattern[i:i + 1] in ("?", "*", "+"):
                i += 1
            continue
        if c == "(":
            consider([cur] if cur else None)
            cur = ""
            depth, j = 0, i
            while j < len(pattern):
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "(":
                    depth += 1
                elif pattern[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = pattern[i + 1:j]
            after = pattern[j + 1:j + 2]
            optional = after in ("?", "*") or pattern[j + 1:j + 3] == "{0"
            lookaround = inner.startswith(("?=", "?!", "?<=", "?<!"))
            if not optional and not lookaround:
                consider(required_literals(inner[2:] if inner.startswith("?:") else inner))
            i = j + 1
            continue
        if c in "?*" or (c == "{" and pattern[i:i + 2] != "{}"):
            cur = cur[:-1]
            consider([cur] if cur else None)
            cur = ""
            if c == "{":
                j = pattern.find("}", i)
                i = j if j > 0 else i
            i += 1
            continue
        if c in "+^$.":
            consider([cur] if cur else None)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    consider([cur] if cur else None)
    return best


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def load_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    folder = resources.files("demasque") / "rules" / "data"
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml"):
            continue
        with path.open(encoding="utf-8") as fh:
            for entry in yaml.safe_load(fh) or []:
                rules.append(Rule(**entry))
    ids = [r.id for r in rules]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate rule ids: {sorted(dup)}")
    return tuple(rules)


MESSAGE_CHANNELS = ("sms", "email", "text")


@cache
def scanner() -> Scanner:
    return Scanner(load_rules())


@cache
def rules_for(channel: str) -> tuple[tuple[int, Rule], ...]:
    """The rules that read a channel (their `channels:` key), with their index in load_rules()."""
    return tuple((i, r) for i, r in enumerate(load_rules()) if channel in (r.channels or MESSAGE_CHANNELS))


def run_rules(f: Features) -> list[tuple[Rule, list[dict]]]:
    """The rules of the message's channel that fired, and their evidence. Text rules the one-pass
    scan says cannot match are not run (rules/scan.py)."""
    sc = scanner()
    may = sc.candidates(f.norm) if sc.db is not None else None
    always = sc.always
    hits = []
    for i, rule in rules_for(f.msg.channel):
        if may is not None and i not in may and i not in always:
            continue
        ev = rule.check(f)
        if ev:
            hits.append((rule, ev))
    return hits
