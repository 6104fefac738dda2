"""The substring pre-check never hides a match: every string a rule's regex matches contains one
of the literals the pre-check looks for."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demasque.rules import load_rules
from demasque.rules.engine import required_literals

PREFILTERED = [r for r in load_rules() if r.pattern and r.compile()._literals]


def test_required_literals_examples():
    assert required_literals(r"\bmot de passe\b") == ("mot de passe",)
    assert required_literals(r"\bcodes? (?:de )?(?:confirmation|securite)") == ("confirmation", "securite")
    assert required_literals(r"(?:ab|cd)e") is None          # too short to be useful
    assert required_literals(r"\bx(?:yz)?\b") is None         # only optional text
    assert required_literals(r"foo|\d+") is None              # one alternative has no literal


@pytest.mark.parametrize("rule", PREFILTERED, ids=[r.id for r in PREFILTERED])
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_prefilter_is_sound(rule, data):
    pattern = rule.pattern["any"][data.draw(st.integers(0, len(rule.pattern["any"]) - 1))]
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=False))
    if re.search(pattern, text):
        assert any(lit in text for lit in rule.compile()._literals), (pattern, text)
