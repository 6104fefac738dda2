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

import threading

try:  # the package bundles the library; the program works without it, slower
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency on x86-64 Linux
    hyperscan = None

_FLAGS = 0
if hyperscan is not None:
    _FLAGS = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH


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
            mine = []
            for pat in p["any"]:
                expr = pat.encode("utf-8")
                if _compiles(expr):
                    mine.append(expr)
                else:
                    always.add(i)
                    break
            else:
                exprs.extend(mine)
                ids.extend([i] * len(mine))
        self.always = frozenset(always)
        if exprs:
            self.db = hyperscan.Database()
            self.db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=[_FLAGS] * len(exprs))

    def candidates(self, text: str) -> set[int] | None:
        """The rules that may match `text`; None when the scan cannot say (run them all)."""
        hits: set[int] = set()
        if self.db is None:
            return hits
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:   # a lone surrogate: not UTF-8, let every rule look
            return None
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:   # a scan needs its own scratch space per thread (web server threads)
            scratch = self._local.scratch = hyperscan.Scratch(self.db)

        def on_match(rule_id, start, end, flags, context):
            hits.add(rule_id)

        self.db.scan(data, match_event_handler=on_match, scratch=scratch)
        return hits


def _compiles(expr: bytes) -> bool:
    try:
        db = hyperscan.Database()
        db.compile(expressions=[expr], ids=[0], elements=1, flags=[_FLAGS])
        return True
    except hyperscan.error:
        return False


def available() -> bool:
    return hyperscan is not None
