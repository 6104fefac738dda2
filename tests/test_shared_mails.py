"""Smoke test on Apache SpamAssassin's raw test mails (../shared/data): every message is read or
refused with a clear error, and no legitimate mail gets `scam`."""
from pathlib import Path

import pytest

from demasque.adapters import from_eml
from demasque.api import analyze
from demasque.errors import DemasqueError

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "apache-spamassassin-testmails"
FILES = sorted(p for p in ROOT.rglob("*") if p.is_file() and p.name != "README.md") if ROOT.exists() else []


@pytest.mark.skipif(not FILES, reason="../shared/data not present")
def test_spamassassin_mails():
    verdicts = {}
    refused = []
    for f in FILES:
        try:
            verdicts[f] = analyze(from_eml(f.read_bytes())).verdict
        except DemasqueError:
            refused.append(f.name)
    assert len(refused) <= 2, refused
    nice_scam = [f.name for f, v in verdicts.items() if "nice" in f.parts and v == "scam"]
    assert not nice_scam
    assert len(verdicts) >= 120
