"""demasque number / link: what a number or a link is, from the profile's data."""
import json
import subprocess
import sys

import pytest

from demasque.errors import UnreadableInput
from demasque.lookup import check_link, check_number
from demasque.profile import default_profile


def run(*args):
    return subprocess.run([sys.executable, "-m", "demasque.cli", *args], capture_output=True, timeout=60)


@pytest.mark.parametrize("value,status,verdict", [
    ("3646", "official", "no_red_flags"),
    ("36 46", "official", "no_red_flags"),
    ("01 87 52 00 70", "official", "no_red_flags"),
    ("+33 9 74 75 76 78", "official", "no_red_flags"),
    ("01 78 85 70 03", "official_unconfirmed", "no_red_flags"),
    ("0892 705 705", "known_service", "no_red_flags"),
    ("0899 12 34 56", "premium_rate", "suspicious"),
    ("0825 00 11 22", "premium_rate", "suspicious"),
    ("118 218", "premium_rate", "suspicious"),
    ("06 12 34 56 78", "mobile", "suspicious"),
    ("09 51 22 33 44", "voip", "suspicious"),
    ("0800 12 34 56", "toll_free", "suspicious"),
    ("38663", "short_unknown", "suspicious"),
])
def test_numbers(value, status, verdict):
    r = check_number(value, "fr")
    assert r["status"] == status and r["verdict"] == verdict
    json.dumps(r)


def test_official_number_says_what_for_with_its_source():
    r = check_number("01 87 52 00 70", "en")
    assert "Covid" in r["official"]["use"]
    # its public page (ameli.fr), readable and as data; never the project's own copy
    assert r["official"]["sources"][0]["url"].startswith("https://www.ameli.fr/") and "ameli.fr" in r["official"]["source"]
    assert r["official"]["sources"][0] in r["citations"] and "shared/" not in json.dumps(r)
    assert any("3646" in a for a in r["advice"])   # an outgoing number is not the one to call back


def test_premium_number_cost_comes_from_the_profile():
    r = check_number("0899 12 34 56", "fr")
    assert r["cost"] == default_profile().numbering_kind("premium_rate").fr and r["surcharged"] and r["sources"]
    assert r["cost_sources"] and all(p["url"].startswith("https://") for p in r["cost_sources"])
    assert r["display"] == "08 99 12 34 56"


def test_telemarketing_block():
    r = check_number("01 62 12 34 56", "fr")
    assert r.get("telemarketing") and "démarchage" in r["advice"][0]


def test_bad_numbers():
    for v in ("", "abc", "12"):
        with pytest.raises(UnreadableInput):
            check_number(v, "fr")


@pytest.mark.parametrize("value,status,verdict,target", [
    ("https://www.ameli.fr/assure/remboursements", "official", "no_red_flags", None),
    ("declare.ameli.fr", "official", "no_red_flags", None),
    ("monespacesante.fr", "official", "no_red_flags", None),
    ("service-public.fr", "partner", "no_red_flags", None),
    ("solidarite.ameli-cpam21.fr", "known", "no_red_flags", None),
    ("ameli-remboursement.com", "lookalike", "scam", "ameli.fr"),
    ("http://amel1.fr/connexion", "lookalike", "scam", "ameli.fr"),
    ("hxxps://ameli[.]fr-secure[.]info", "lookalike", "scam", "ameli.fr"),
    ("https://bit.ly/3xYz", "shortener", "suspicious", None),
    ("https://exemple.com/ameli/connexion", "other", "scam", None),
    ("google.com", "other", "suspicious", None),
])
def test_links(value, status, verdict, target):
    r = check_link(value, "fr")
    assert r["status"] == status and r["verdict"] == verdict, r
    if target:
        assert r["lookalike"]["target"] == target and r["lookalike"]["trick"] and r["lookalike"]["note"]
    json.dumps(r)


def test_bad_links():
    for v in ("", "   ", "hello"):
        with pytest.raises(UnreadableInput):
            check_link(v, "fr")


def test_cli_number_and_link_text_and_json():
    p = run("number", "0899 12 34 56")
    assert p.returncode == 0 and "SUSPECT" in p.stdout.decode() and "surtaxé" in p.stdout.decode()
    d = json.loads(run("number", "3646", "--format", "json", "--lang", "en").stdout)
    assert d["status"] == "official" and "CPAM" in d["official"]["use"]
    p = run("link", "ameli-remboursement.com", "--lang", "en")
    assert p.returncode == 0 and "SCAM" in p.stdout.decode() and "ameli.fr" in p.stdout.decode()
    d = json.loads(run("link", "https://www.ameli.fr", "--format", "json").stdout)
    assert d["verdict"] == "no_red_flags"
    p = run("number", "abc")
    assert p.returncode == 2 and b"Traceback" not in p.stderr
