"""Load-time check that a rule pattern cannot backtrack catastrophically (ReDoS).

Python's `re` backtracks: a pattern is super-linear when a string can be split between quantified
parts in many ways before the match fails. These shapes do it and are refused here:

- nested unbounded quantifiers: `(a+)+`, `(?:\\s\\S+)*`, an unbounded loop over something that can
  match nothing;
- adjacent unbounded quantifiers that can take the same characters, with only optional items (or
  items they could also take) between them: `\\s*[:#]?\\s*` (cubic with three of them), `.*x.*`;
- an unanchored pattern that opens with a look-around holding an unbounded quantifier
  (`(?=[\\s\\S]*x)code`): every start position rescans the text.

A quantifier whose maximum is at most `BOUNDED` counts as bounded: its cost is a constant. The
analysis reads the parse tree of `re` (`re._parser`, the stdlib's own parser) and approximates
character sets on a sample alphabet; the timing test in tests/test_hardening.py checks the rest.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C, _parser as P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

BOUNDED = 100
# ASCII and the non-ASCII characters that matter in French text, URLs and the evasions seen
_SAMPLE = frozenset([chr(i) for i in range(128)] + list("éèêàâçôûùïœ°«»€\u00a0\u202f\u2019\u2013\u200bаеоі𝐚"))
_ALL = _SAMPLE


def _in_class(items, ch: str) -> bool:
    neg = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            neg = True
        elif op is C.LITERAL:
            hit = hit or ord(ch) == av
        elif op is C.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op is C.CATEGORY:
            hit = hit or _category(av, ch)
    return hit != neg


def _category(cat, ch: str) -> bool:
    name = str(cat).rsplit("CATEGORY_", 1)[-1]
    probe = {"DIGIT": r"\d", "NOT_DIGIT": r"\D", "SPACE": r"\s", "NOT_SPACE": r"\S", "WORD": r"\w",
             "NOT_WORD": r"\W"}.get(name.replace("UNI_", "").replace("LOC_", ""))
    return bool(probe and re.fullmatch(probe, ch))


def _charset(items) -> frozenset:
    """The sample characters any part of `items` (a parsed sequence) can consume."""
    out: set = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.NOT_LITERAL:
            out |= _ALL - {chr(av)}
        elif op is C.ANY:
            out |= _ALL - {"\n"}
        elif op is C.IN:
            out |= {c for c in _ALL if _in_class(av, c)}
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            out |= _charset(av[2])
        elif op is C.SUBPATTERN:
            out |= _charset(av[-1])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out |= _charset(av)
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _charset(alt)
        elif op is C.GROUPREF:
            out |= _ALL
    return frozenset(out)


def _unbounded(op, av) -> bool:
    return op in (C.MAX_REPEAT, C.MIN_REPEAT) and (av[1] is C.MAXREPEAT or av[1] > BOUNDED)


def _has_unbounded(items) -> bool:
    for op, av in items:
        if _unbounded(op, av):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and _has_unbounded(av[2]):
            return True
        if op is C.SUBPATTERN and _has_unbounded(av[-1]):
            return True
        if op is C.BRANCH and any(_has_unbounded(a) for a in av[1]):
            return True
    return False


def _walk(items, open_: list, problems: list) -> list:
    """Walk a sequence; `open_` holds the character sets of the unbounded quantifiers that the
    next items could still be split against. Returns the open sets after the sequence."""
    for op, av in items:
        if op is C.AT:
            continue
        if op in (C.ASSERT, C.ASSERT_NOT):
            _walk(av[1], [], problems)
            continue
        if op is C.SUBPATTERN:
            open_ = _walk(av[-1], open_, problems)
            continue
        if op is C.BRANCH:
            outs: list = []
            for alt in av[1]:
                outs += _walk(alt, list(open_), problems)
            open_ = list(dict.fromkeys(outs))
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, body = av
            if _unbounded(op, av):
                if _has_unbounded(body) or P.SubPattern(body.state, list(body)).getwidth()[0] == 0:
                    problems.append("nested unbounded quantifiers")
                cs = _charset(body)
                _walk(body, [], problems)
                if any(cs & prev for prev in open_):
                    problems.append("adjacent unbounded quantifiers over the same characters")
                open_ = (open_ if lo == 0 else []) + [cs]
                continue
            once = _walk(body, list(open_), problems)
            twice = _walk(body, list(once), problems) if hi > 1 else once
            open_ = list(dict.fromkeys((open_ if lo == 0 else []) + once + twice))
            continue
        if op is getattr(C, "POSSESSIVE_REPEAT", None) or op is getattr(C, "ATOMIC_GROUP", None):
            open_ = []          # never gives back what it took
            continue
        # one mandatory character: the open quantifiers that could also take it stay open
        cs = _charset([(op, av)])
        open_ = [prev for prev in open_ if cs <= prev]
    return open_


def _scans_from_every_start(items) -> bool:
    r"""A pattern that may start anywhere and opens with a look-around holding an unbounded
    quantifier (`(?=[\s\S]*x)code`): each start position rescans the rest of the text, which is
    quadratic. Anchored at `^` it runs once."""
    if not items:
        return False
    op, av = items[0]
    if op is C.AT:
        return False
    if op in (C.ASSERT, C.ASSERT_NOT):
        return _has_unbounded(av[1])
    if op is C.SUBPATTERN:
        return _scans_from_every_start(list(av[-1]))
    if op is C.BRANCH:
        return any(_scans_from_every_start(list(alt)) for alt in av[1])
    return False


def problems(pattern: str) -> list[str]:
    """What makes `pattern` super-linear (empty when it is safe by construction)."""
    found: list[str] = []
    parsed = P.parse(pattern)
    if _scans_from_every_start(list(parsed)):
        found.append("an unanchored look-around that rescans the text from every start")
    _walk(parsed, [], found)
    return list(dict.fromkeys(found))
