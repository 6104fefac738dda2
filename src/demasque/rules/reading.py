"""Reading a message's sentences for the rules: what each sentence does with the words a rule found
(speech.py), with the line that introduces the list it is an item of. Memoised per message in
`Features.memo`, since many rules read the same sentences."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..extract import Features

import re

from .speech import act as speech_act

# A list item (dash, bullet or number), and the lines that introduce a list.
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u00b7\u2013\u2014\u25aa\u25ba\u2713]|\d{1,2}[.)])\s")


def sentence_act(f: Features, s: int, e: int, start: int, end: int, tight: bool = False, narration: bool = False) -> str:
    """What the sentence [s, e) of the message does with the words at [start, end): see speech.py.
    Memoised per message, sentence and words (many rules read the same sentences)."""
    key = ("act", s, e, start, end, tight, narration)
    got = f.memo.get(key)
    if got is None:
        text = f.norm
        got = f.memo[key] = speech_act(text[s:e], start - s, end - s, intro=list_intro(f, s),
                                     frame=f.about_scams, quoted=f.quoted(start),
                                     speaker_words=f.profile.speaker_re, tight=tight, narration=narration)
    return got


def list_intro(f: Features, s: int) -> str:
    """When the sentence at `s` is an item of a list (dash, bullet, number), the line that
    introduces the list ("... ne vous demandera jamais :", "merci d'indiquer :"); else ""."""
    text = f.norm
    line_start = text.rfind("\n", 0, s) + 1
    if not _LIST_ITEM.match(text, line_start):
        return ""
    # Walk up the list to the line that introduces it, at most 20 lines up. What each item line
    # leads to is kept in `f.memo`, so a long list is walked once, not once per item.
    chain, cur, blank = [], line_start, False
    while True:
        known = f.memo.get(("list_up", cur))
        if known is not None:
            intro, dist = known
            break
        if cur == 0:
            intro, dist = "", 0
            break
        prev_start = text.rfind("\n", 0, cur - 1) + 1
        line = text[prev_start:cur - 1]
        if not line.strip() and not blank:
            blank = True            # one blank line may part a list from its introduction
            chain.append(cur)
            cur = prev_start
            continue
        if not line.strip() or not _LIST_ITEM.match(line):
            intro, dist = (line if line.strip() and line.rstrip().endswith(":") else ""), 1
            f.memo[("list_up", cur)] = (intro, dist)
            break
        chain.append(cur)
        cur = prev_start
    for c in reversed(chain):
        dist += 1
        f.memo[("list_up", c)] = (intro, dist)
    return intro if dist <= 20 else ""
