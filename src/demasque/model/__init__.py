"""The learned text model (issue: learned scam model). `model_signal` returns a Signal of category
"model" or None when no model is shipped or the text is empty."""
from __future__ import annotations


def model_signal(f, lang: str = "fr"):
    return None


def model_info() -> dict | None:
    return None
