"""Rules as data: each rule is a YAML entry (id, category, weight, texts in French and English,
the guidance it encodes with its public sources, must-match / must-not-match examples) checked by
a pattern or by a named detector. Shape: rules/schema.py; loading: rules/loader.py; matching:
rules/engine.py; detectors: rules/detectors*.py, registered in rules/registry.py."""
from __future__ import annotations

from .engine import Rule
from .loader import load_rules, rules_for, run_rules, warm
from .schema import CATEGORIES

__all__ = ["CATEGORIES", "Rule", "load_rules", "rules_for", "run_rules", "warm"]
