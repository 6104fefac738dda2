"""Rules as data: each rule is a YAML entry (id, category, weight, texts in French and English,
the guidance it encodes, must-match / must-not-match examples) checked by a pattern or by a
named detector."""
from __future__ import annotations

from .engine import CATEGORIES, Rule, load_rules, run_rules

__all__ = ["CATEGORIES", "Rule", "load_rules", "run_rules"]
