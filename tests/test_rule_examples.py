"""Every rule's own must-match / must-not-match examples (from the rule files) are run here."""
import pytest

from demasque.adapters import from_record
from demasque.api import findings
from demasque.rules import CATEGORIES, load_rules

RULES = load_rules()
CASES = [(r.id, kind, i, ex) for r in RULES for kind in ("match", "no_match")
         for i, ex in enumerate(r.examples.get(kind, []))]


def _record(ex):
    return {"channel": "text", "text": ex} if isinstance(ex, str) else dict(ex)


@pytest.mark.parametrize("rule_id,kind,i,example", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_rule_example(rule_id, kind, i, example):
    # the rule itself, before the scorer weighs it (soft signals alone may be set aside there)
    fired = {s.rule for s in findings(from_record(_record(example))).signals}
    if kind == "match":
        assert rule_id in fired, f"{rule_id} should match: {example}"
    else:
        assert rule_id not in fired, f"{rule_id} should not match: {example}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_complete(rule):
    assert rule.category in CATEGORIES
    assert rule.title.get("fr") and rule.title.get("en")
    assert rule.explanation.get("fr") and rule.explanation.get("en")
    assert rule.reference
    assert len(rule.examples.get("match", [])) >= 1 and len(rule.examples.get("no_match", [])) >= 1
