"""What a person reads cites public pages: no report (JSON or text), after-step, prepared report
or look-up shows a repository path, a seed file or a key of the sources tables; every signal and
step cites the public page(s) behind it."""
import json
import re

import pytest

from demasque.adapters import from_record
from demasque.after import guide, situation_ids
from demasque.api import analyze
from demasque.lookup import check_link, check_number
from demasque.profile import load_profiles, shared
from demasque.render.text import render_text
from demasque.rules import load_rules

INTERNAL = re.compile(r"shared/|seeds/|\.txt\b|knowledge|docs/")


def _keys() -> set[str]:
    keys = set(shared().sources)
    for p in load_profiles():
        keys |= set(p.spec.sources)
    return keys


# a key like seed_fr or cnam_jo_2024, standing alone (not inside an address or a word)
BARE_KEY = re.compile(r"(?<![\w/.\-])(?:" + "|".join(sorted((re.escape(k) for k in _keys() if "_" in k), key=len, reverse=True)) + r")(?![\w])")
MESSAGES = [ex if isinstance(ex, dict) else {"channel": "text", "text": ex}
            for r in load_rules() for kind in ("match", "no_match") for ex in r.examples[kind]]


def leaks(text: str) -> list[str]:
    return [m.group(0) for m in INTERNAL.finditer(text)] + [m.group(0) for m in BARE_KEY.finditer(text)]


def test_the_key_pattern_catches_a_key():
    assert leaks("Repère : seed_en: « fraudsters »") == ["seed_en"] and leaks("cnam_jo_2024 and knowledge 2.1")
    assert leaks('"source": "shared/seeds/001_bbd1f24991acd50a.txt"')
    assert not leaks("https://www.ameli.fr/assure/droits-demarches/principes/attention-appels-courriels-sms-frauduleux")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_report_shows_a_key_or_a_file(lang):
    cited = 0
    for rec in MESSAGES:
        d = analyze(from_record(rec), lang=lang).to_dict()
        for text in (json.dumps(d, ensure_ascii=False), render_text(d, lang)):
            assert not leaks(text), (rec, leaks(text))
        for s in d["signals"]:
            if s["category"] == "model":
                continue
            # readable reference naming its first page's title; the pages themselves as data
            assert s["reference"] and s["sources"], s["rule"]
            assert s["sources"][0]["title"] in s["reference"] and all(p["url"].startswith(("https://", "http://")) for p in s["sources"])
            cited += 1
        for block in d["after"]:
            for st in block["steps"]:
                assert st["sources"] and st["sources"][0]["url"] in st["source"]
        for st in (d.get("prepared_report") or {}).get("steps", []):
            assert st["sources"] and st["sources"][0]["url"] in st["source"]
    assert cited > 150   # most examples fire their rule


@pytest.mark.parametrize("profile", ["assurance_maladie", "caf"])
def test_the_guide_and_the_look_ups_cite_pages(profile):
    blocks = guide(situation_ids(profile), "fr", profile=profile)
    assert blocks and not leaks(json.dumps(blocks, ensure_ascii=False))
    for value in ("3646", "3230", "0899 12 34 56", "01 62 12 34 56", "+33892705705", "09 74 75 76 78"):
        r = check_number(value, profile=profile)
        assert not leaks(json.dumps(r, ensure_ascii=False)), (value, r)
        assert all(p["url"].startswith("http") for p in r["citations"])
    for value in ("https://www.ameli.fr", "https://www.caf.fr", "https://solidarite.ameli-cpam21.fr/x", "ameli-remboursement.com"):
        r = check_link(value, profile=profile)
        assert not leaks(json.dumps(r, ensure_ascii=False)), (value, r)


def test_the_project_files_stay_for_maintainers_only():
    """The seeds behind the Assurance Maladie pages are kept in the table as an internal note."""
    am = next(p for p in load_profiles() if p.id == "assurance_maladie")
    assert "shared/seeds/001" in am.spec.sources["seed_fr"].internal
    assert "knowledge" not in am.spec.sources and "knowledge" not in next(p for p in load_profiles() if p.id == "caf").spec.sources
    page = am.cite("seed_fr")[0]
    assert set(page) == {"title", "url", "publisher", "official"} and page["official"] is True
