"""After the fact: the steps for each situation come from the profile, with their sources."""
import json
import subprocess
import sys

import pytest
import yaml

from demasque import analyze_text
from demasque.after import SITUATIONS, after_steps, guide, situations
from demasque.profile import default_profile

EXPECTED = {"clicked", "typed_password", "gave_bank_details", "paid", "gave_nir", "gave_sms_code", "installed_app", "did_not_log_in"}


def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "demasque.cli", *args], input=stdin, capture_output=True, timeout=60)


def test_situations():
    assert set(SITUATIONS) == EXPECTED
    assert all(s["title"] for s in situations(lang="en"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_step_has_a_text_and_a_public_source(lang):
    for block in guide(SITUATIONS, lang):
        assert block["situation"] in EXPECTED and block["title"] and block["steps"]
        for st in block["steps"]:
            assert st["text"] and st["source"] and st["sources"]
            # a public page a reader can open, cited in the readable `source` too; never a key
            assert all(p["title"] and p["url"].startswith("https://") for p in st["sources"]), st
            assert st["sources"][0]["url"] in st["source"] and "source_key" not in st
        assert block["sources"] and {p["url"] for st in block["steps"] for p in st["sources"]} == {p["url"] for p in block["sources"]}


def test_steps_are_data_not_code():
    """Each step quoted is in the profile file, word for word."""
    profile = default_profile()
    texts = {st.fr for s in profile.spec.after.situations for st in s.steps}
    for block in guide(SITUATIONS, "fr", help_line=False):
        assert {st["text"] for st in block["steps"]} <= texts


def test_the_guidance_steps_are_there():
    g = {b["situation"]: " ".join(s["text"] for s in b["steps"]) for b in guide(SITUATIONS, "fr")}
    assert "opposition" in g["gave_bank_details"] and "Perceval" in g["gave_bank_details"] and "0 892 705 705" in g["gave_bank_details"]
    assert "mot de passe" in g["typed_password"] and "3646" in g["typed_password"] and "plainte" in g["typed_password"]
    assert "17Cyber" in g["installed_app"] and "cybermalveillance" in g["paid"]
    assert "empreinte" in g["did_not_log_in"] and "FranceConnect" in g["did_not_log_in"]
    assert "fuité" in g["gave_nir"]   # knowing one's data proves nothing (breaches)


def test_unknown_ids_are_ignored_and_order_is_kept():
    assert [b["situation"] for b in guide(["paid", "nope", "clicked"], "fr")] == ["paid", "clicked"]


def test_after_section_of_a_report():
    r = analyze_text("Ameli: votre remboursement est en attente, saisissez votre mot de passe sur https://ameli-rembourse.info", channel="sms")
    ids = [b["situation"] for b in r.after]
    assert r.verdict == "scam" and ids[0] == "typed_password" and "clicked" in ids and "did_not_log_in" not in ids
    ok = analyze_text("ASSURANCE MALADIE: votre attestation est disponible dans votre compte ameli.", channel="sms", sender="38663")
    assert ok.verdict == "no_red_flags" and ok.after == []
    assert after_steps(default_profile(), "scam", "call", "en")[0]["title"]


def test_cli_aide_non_interactive():
    p = run("aide", "--situation", "gave_bank_details")
    out = p.stdout.decode()
    assert p.returncode == 0 and "opposition" in out and "Perceval" in out and "source" in out
    d = json.loads(run("help-me", "--situation", "clicked,paid", "--lang", "en", "--format", "json").stdout)
    assert [b["situation"] for b in d] == ["clicked", "paid"] and d[0]["title"] == "I clicked the link"
    p = run("aide", "--situation", "nonsense")
    assert p.returncode == 2 and b"Traceback" not in p.stderr
    p = run("aide")   # not a terminal, no situation: every situation
    assert p.returncode == 0 and p.stdout.decode().count("=====") >= len(SITUATIONS)
