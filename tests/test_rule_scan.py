"""The one-pass scan (rules/scan.py) never hides a match: Python's `re` is the reference. Whenever a
rule's regular expression matches a message, the scan lists that rule; and the rules that fire are
the same with the scan as without it."""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from demasque.adapters import from_record
from demasque.evaluate import load_corpus
from demasque.extract import extract
from demasque.profile import default_profile
from demasque.rules import loader, scan
from demasque.rules.loader import load_rules, run_rules, scanner
from demasque.extract.textnorm import norm

pytestmark = pytest.mark.skipif(not scan.available(), reason="the hyperscan package is not installed")
ROOT = Path(__file__).resolve().parents[1]
RULES = load_rules()
TEXT_RULES = [(i, r) for i, r in enumerate(RULES) if r.pattern and r.pattern.get("field", "text") in ("text", "subject")]


def _missed(text: str) -> list[str]:
    may = scanner().candidates(text)
    if may is None:
        return []
    return [r.id for i, r in TEXT_RULES if r.compile()._any.search(text) and i not in may and i not in scanner().always]


def test_every_text_rule_is_in_the_database():
    assert scanner().db is not None
    assert not [RULES[i].id for i, r in TEXT_RULES if i in scanner().always]


def test_rule_examples_are_never_hidden():
    for rule in RULES:
        for kind in ("match", "no_match"):
            for ex in rule.examples.get(kind, []):
                text = ex if isinstance(ex, str) else (ex.get("text") or ex.get("raw") or "")
                assert not _missed(norm(text)), (rule.id, ex)


LITERALS = sorted({lit for _i, r in TEXT_RULES for lit in (r.compile()._literals or ())})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(LITERALS), st.text(max_size=12),
                          st.sampled_from([" ", "\n", ". ", "é", "€", "ж", "😀", "°", "-", ":"])), max_size=40))
def test_random_text_built_from_the_rules_literals(parts):
    text = norm("".join(parts))
    assert not _missed(text)


def test_same_rules_fire_with_and_without_the_scan(monkeypatch):
    paths = [str(ROOT / "corpus" / p) for p in ("sms.jsonl", "text.jsonl", "email", "mentions.jsonl")]
    messages = [build() for _i, _c, _l, build in load_corpus(paths)]
    with_scan = [[r.id for r, _ in run_rules(extract(m, default_profile()))] for m in messages]
    monkeypatch.setattr(loader, "scanner", lambda: scan.Scanner.__new__(scan.Scanner))
    monkeypatch.setattr(scan.Scanner, "db", None, raising=False)
    monkeypatch.setattr(scan.Scanner, "always", frozenset(), raising=False)
    monkeypatch.setattr(scan.Scanner, "candidates", lambda self, text: None)
    without = [[r.id for r, _ in run_rules(extract(m, default_profile()))] for m in messages]
    assert with_scan == without
