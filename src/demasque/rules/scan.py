"""One pass over a message for all text rules: which rules may match it.

Every text rule's patterns are compiled into one Hyperscan database (what Rspamd uses for the same
job), in prefilter mode: Hyperscan answers, in one scan of the message, with the rules that MAY
match (a superset: constructs it cannot run exactly, such as look-arounds, are approximated so
as to match more, never less). Only those rules then run their Python regular expression, which
decides the match and its offsets: Python's `re` stays the reference
(tests/test_rule_scan.py checks that the scan never hides a match).

Patterns Hyperscan cannot compile even approximately, and the rules that read something other
than the text (a display name, form fields), are always run. Without the `hyperscan` package every
rule runs (with the literal pre-check of engine.Rule), with the same results, slower.
"""
from __future__ import annotations

import re
import threading

try:  # the package bundles the library; the program works without it, slower
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency on x86-64 Linux
    hyperscan = None

_FLAGS = 0
if hyperscan is not None:
    # Not HS_FLAG_UCP: Unicode classes make the database take seconds to compile (5 s against
    # 0.2 s here). The scan reads the text with every non-ASCII letter written as an ASCII letter
    # instead (`_scan_text`): a word character for \w and \b as for Python, so it finds as much.
    _FLAGS = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _scan_text(text: str) -> str:
    """The text as the scan reads it: a non-ASCII letter or digit (a word character for Python's
    `re`) becomes "a"; other characters stay as they are (patterns may name "€" or "°")."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: "a" if m.group().isalnum() or m.group() == "_" else m.group(), text)


class Scanner:
    """The rules' text patterns in one database. `candidates(text)` -> indexes of the rules that may
    match; `always` -> indexes of the rules to run whatever the scan says."""

    def __init__(self, rules) -> None:
        self.always: frozenset[int] = frozenset()
        self.db = None
        self._local = threading.local()
        if hyperscan is None:
            self.always = frozenset(range(len(rules)))
            return
        exprs, ids, always = [], [], set()
        for i, rule in enumerate(rules):
            p = rule.pattern
            if not p or p.get("field", "text") not in ("text", "subject"):
                always.add(i)
                continue
            for pat in p["any"]:
                exprs.append(pat.encode("utf-8"))
                ids.append(i)
        self.db = _database(exprs, ids)
        if self.db is None:
            # one pattern Hyperscan cannot take even approximately: find it, run its rule in Python
            bad = {i for e, i in zip(exprs, ids) if _database([e], [i]) is None}
            always |= bad
            keep = [(e, i) for e, i in zip(exprs, ids) if i not in bad]
            self.db = _database([e for e, _ in keep], [i for _, i in keep]) if keep else None
        self.always = frozenset(always)

    def candidates(self, text: str) -> set[int] | None:
        """The rules that may match `text`; None when the scan cannot say (run them all)."""
        hits: set[int] = set()
        if self.db is None:
            return hits
        try:
            data = _scan_text(text).encode("utf-8")
        except UnicodeEncodeError:   # a lone surrogate: not UTF-8, let every rule look
            return None
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:   # a scan needs its own scratch space per thread (web server threads)
            scratch = self._local.scratch = hyperscan.Scratch(self.db)

        def on_match(rule_id, start, end, flags, context):
            hits.add(rule_id)

        self.db.scan(data, match_event_handler=on_match, scratch=scratch)
        return hits


def _database(exprs: list[bytes], ids: list[int]):
    """One database of the patterns (in one compile: it takes a fraction of a second), or None
    when Hyperscan refuses one of them."""
    if not exprs:
        return None
    try:
        db = hyperscan.Database()
        db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=[_FLAGS] * len(exprs))
        return db
    except hyperscan.error:
        return None


def available() -> bool:
    return hyperscan is not None
