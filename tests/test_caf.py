"""A second brand shipped as data: the Caf. Its messages are judged and explained in its own
terms (no word of another brand), its site and its number are recognised, and a message that names
no brand keeps the Assurance Maladie default."""
import json
import re
from pathlib import Path

import pytest

from demasque import analyze_record, analyze_text
from demasque.after import guide, prepared_report
from demasque.calls import analyze_call
from demasque.calls.questions import questions
from demasque.lookup import check_link, check_number
from demasque.profile import get_profile, pick_profile
from demasque.extract.textnorm import norm
from demasque.render.text import render_text

CORPUS = [json.loads(l) for l in (Path(__file__).resolve().parents[1] / "corpus" / "caf.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
OTHER_BRAND = re.compile(r"ameli|\bcpam\b|3646|assurance[ -]maladie|carte vitale|secu(?:rite)? sociale\b(?! number)", re.I)


def _everything(d: dict, lang: str) -> str:
    return json.dumps(d, ensure_ascii=False) + "\n" + render_text(d, lang)


@pytest.mark.parametrize("rec", [r for r in CORPUS if r["label"] == "scam"][::3], ids=lambda r: r["id"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_caf_scam_is_explained_in_the_caf_terms(rec, lang):
    d = analyze_record(rec, lang=lang).to_dict()
    assert d["profile"] == "caf" and d["verdict"] != "no_red_flags"
    text = _everything(d, lang)
    assert not OTHER_BRAND.search(text), OTHER_BRAND.search(text).group(0)
    assert "3230" in text and ("Caf" in text or "CAF" in text)
    for s in d["signals"]:
        if s["category"] != "model":
            assert s["sources"] and all(p["url"].startswith(("https://", "http://")) for p in s["sources"]), s["rule"]


def test_every_caf_message_picks_the_caf_and_no_report_names_another_brand():
    for rec in CORPUS:
        d = analyze_record(rec).to_dict()
        assert d["profile"] == "caf", rec["id"]
        assert not OTHER_BRAND.search(json.dumps(d, ensure_ascii=False)), rec["id"]


def test_the_caf_examples_of_scams():
    r = analyze_text("CAF : votre dossier RSA est incomplet. Completez-le sous 48h : https://caf.fr-dossier.com/rsa", channel="sms")
    assert r.profile == "caf" and r.verdict == "scam"
    look = next(s for s in r.signals if s.rule == "link.lookalike")
    assert "caf.fr" in look.evidence[0]["note"] and "https://www.caf.fr" in look.explanation + look.reference
    assert look.sources[0]["url"].startswith("https://www.caf.fr/")
    r = analyze_text("Caf : rappelez votre conseiller au 0899 12 34 56 pour votre prime d'activite.", channel="sms")
    sig = next(s for s in r.signals if s.rule == "phone.callback_surcharged")
    assert "Seul le 3230 permet de joindre votre Caf" in sig.explanation


def test_a_login_code_asked_by_a_caller_is_a_scam_only_for_the_caf():
    caf = analyze_record({"channel": "call", "sender": "06 39 98 00 11",
                          "text": "Un conseiller de la Caf m'a demande de lui lire le code recu par mail."})
    assert caf.profile == "caf" and "call.login_code_by_mail" in {s.rule for s in caf.signals} and caf.verdict == "scam"


def test_a_caf_genuine_control_mail_is_not_read_as_another_brand_rule():
    # an avis d'imposition asked by the Caf, to put in « Mon Compte »: Assurance Maladie's "never
    # asks the tax number" is not the Caf's
    r = analyze_text("Bonjour, dans le cadre des verifications de la Caf, deposez votre avis d'imposition dans votre espace "
                     "Mon Compte, rubrique Mes demarches, sur caf.fr. Votre Caf", channel="text")
    assert r.profile == "caf" and r.verdict == "no_red_flags", [s.rule for s in r.signals]


def test_the_caf_site_is_official_and_short_names_are_whole_words():
    for url in ("https://www.caf.fr/allocataires/mes-services-en-ligne", "https://wwwd.caf.fr/wps/portal/caffr/moncompte", "caf.fr"):
        r = check_link(url)
        assert r["status"] == "official" and r["verdict"] == "no_red_flags" and r["profile"] == "caf", url
        assert "la Caf" in r["summary"] and r["citations"][0]["url"].startswith("https://www.caf.fr/")
    r = check_link("https://caf-allocations.fr/apl")
    assert r["status"] == "lookalike" and r["lookalike"]["target"] == "caf.fr" and r["verdict"] == "scam"
    # a 3-letter name is not a typo of a word, nor a prefix: cafe.com, cafeteria.fr, a café's page
    for url in ("https://cafe.com", "https://www.cafeteria.fr", "https://www.lebonbistrot.fr/cafe"):
        r = check_link(url)
        assert r["status"] != "lookalike" and r["verdict"] != "scam" and r["profile"] == "assurance_maladie", (url, r["summary"])
    assert check_link("https://www.ameli.fr/assure")["profile"] == "assurance_maladie"


def test_3230_is_the_caf_number():
    r = check_number("3230", profile="caf")
    assert r["status"] == "official" and r["official"]["callback"] and "la Caf" in r["summary"] and r["profile"] == "caf"
    assert check_number("32 30")["profile"] == "caf"   # named by no one: the brand whose number it is
    r = check_number("0899 12 34 56", "fr", profile="caf")
    assert any("3230" in a for a in r["advice"]) and not any("3646" in a or "CPAM" in a for a in r["advice"])
    r = check_number("0899 12 34 56", "fr")
    assert any("3646" in a for a in r["advice"])      # the default brand
    with pytest.raises(Exception, match="no profile 'cnaf'"):
        check_number("3230", profile="cnaf")


def test_a_message_that_names_no_brand_keeps_the_default():
    r = analyze_text("Votre colis est bloque, payez 1,99 EUR de frais sur https://colis-relais.top/pay", channel="sms")
    assert r.profile == "assurance_maladie"
    assert pick_profile(norm("Bonjour, rendez-vous au cafe de la gare a 10h.")).id == "assurance_maladie"
    # naming the Caf in passing in an Assurance Maladie message does not make it the Caf's
    r = analyze_text("Assurance Maladie : votre attestation de droits est disponible dans votre compte ameli. "
                     "Elle peut vous etre demandee par votre CAF.", channel="sms", sender="38663")
    assert r.profile == "assurance_maladie" and r.verdict == "no_red_flags"


def test_after_steps_calls_and_the_prepared_report_follow_the_profile():
    steps = " ".join(s["text"] for b in guide(["typed_password", "gave_bank_details"], "fr", profile="caf") for s in b["steps"])
    assert "3230" in steps and "Mon Compte" in steps and not OTHER_BRAND.search(steps)
    q = {x["id"]: x for x in questions("caf")}
    other = next(c for c in q["asked"]["choices"] if c["id"] == "call_other_number")
    assert "3230" in other["label"]["fr"]
    assert "caf" in {c["id"] for c in questions()[2]["choices"]}          # the questionnaire offers every brand
    r = analyze_call({"caller": "06 39 98 00 12", "claimed_identity": "caf", "asked": ["password"]})
    assert r.profile == "caf" and r.verdict == "scam" and not OTHER_BRAND.search(json.dumps(r.to_dict(), ensure_ascii=False))
    r = analyze_call({"caller": "06 39 98 00 12", "asked": ["password"]}, profile="caf")
    assert r.profile == "caf"
    rec = next(x for x in CORPUS if x["id"] == "caf-sms-scam-001")
    d = analyze_record(rec).to_dict()
    prep = d["prepared_report"]
    assert "la Caf" in prep["text"] and prep["steps"][0]["sources"][0]["url"].startswith("https://www.economie.gouv.fr/")
    assert "demasque aide --situation clicked --profile caf" in render_text(d, "fr")   # the steps of the same brand
    assert prepared_report("caf", None, [], "scam") is None


def test_the_cli_takes_the_profile():
    import subprocess
    import sys

    def run(*args):
        p = subprocess.run([sys.executable, "-m", "demasque.cli", *args, "--format", "json"], capture_output=True, timeout=120)
        assert p.returncode == 0, p.stderr.decode()
        return json.loads(p.stdout)
    r = run("link", "https://www.caf.fr/allocataires/caf-de-paris")
    assert r["status"] == "official" and r["profile"] == "caf"
    r = run("number", "0899 12 34 56", "--profile", "caf")
    assert r["profile"] == "caf" and any("3230" in a for a in r["advice"])
    blocks = run("aide", "--situation", "typed_password", "--profile", "caf")
    assert "3230" in json.dumps(blocks, ensure_ascii=False) and "3646" not in json.dumps(blocks)


def test_the_library_entry_points_take_the_profile_to_judge_by():
    from demasque.api import analyze_eml, analyze_record, analyze_text
    sms = "Votre carte Vitale expire, mettez-la a jour : https://carte-vitale-maj.info"
    assert analyze_text(sms, channel="sms").profile == "assurance_maladie"
    assert analyze_text(sms, channel="sms", profile="caf").profile == "caf"
    assert analyze_record({"channel": "sms", "text": sms}, profile="caf").profile == "caf"
    eml = b"From: a@example.org\r\nSubject: Dossier\r\n\r\n" + sms.encode()
    assert analyze_eml(eml, profile="caf").profile == "caf"
