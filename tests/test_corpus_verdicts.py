"""The speed work changes no verdict: every corpus message keeps the verdict and the rules of
tests/data/corpus_verdicts.tsv (written by tests/corpus_verdicts.py), the one-pass scan finds
exactly what running each rule finds, and the compact batch line says what the full report says."""
import pytest

from corpus_verdicts import TSV, line, messages
from demasque.api import analyze, findings
from demasque.extract import extract
from demasque.rules import rules_for
from demasque.rules.engine import run_rules
from demasque.rules.loader import scanner

MESSAGES = list(messages())


def test_the_snapshot_covers_the_corpus():
    ids = {i for i, _ in MESSAGES}
    stored = {row.split("\t")[0] for row in TSV.read_text(encoding="utf-8").splitlines()[1:]}
    assert ids == stored and len(ids) > 300


def test_every_verdict_and_rule_as_in_the_snapshot():
    expected = {row.split("\t")[0]: row for row in TSV.read_text(encoding="utf-8").splitlines()[1:]}
    moved = [(expected[i], line(i, analyze(m))) for i, m in MESSAGES if line(i, analyze(m)) != expected[i]]
    assert not moved, "verdicts moved (write tests/data/corpus_verdicts.tsv again if deliberate):\n" + \
        "\n".join(f"  was {a}\n  now {b}" for a, b in moved[:20])


@pytest.mark.parametrize("start", range(0, len(MESSAGES), 100))
def test_the_one_pass_scan_finds_what_each_rule_finds(start):
    for ident, msg in MESSAGES[start:start + 100]:
        fd = findings(msg)
        f = extract(msg, fd.profile)
        rules = rules_for(fd.profile.id, msg.channel)
        with_scan = [(r.id, ev) for r, ev in run_rules(f, rules, scanner())]
        f = extract(msg, fd.profile)
        without = [(r.id, ev) for r, ev in run_rules(f, rules, None)]
        assert with_scan == without, ident


def test_the_compact_line_says_what_the_full_report_says():
    for ident, msg in MESSAGES:
        r = analyze(msg)
        full, compact = r.to_dict(), r.to_compact()
        assert (compact["verdict"], compact["score"]) == (full["verdict"], full["score"]), ident
        assert [s["rule"] for s in compact["signals"]] == [s["rule"] for s in full["signals"]], ident
