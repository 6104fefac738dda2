"""Calls: the questionnaire's answers, free notes and batch records go through one analysis, and
the nuances of the guidance hold."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from demasque import analyze_record
from demasque.calls import ASKED_IDS, IDENTITY_IDS, QUESTIONS, analyze_call
from demasque.errors import UnreadableInput

ROOT = Path(__file__).resolve().parents[1]


def rules(report):
    return {s.rule for s in report.signals}


def test_questions_shape_expected_by_the_web_form():
    ids = [q["id"] for q in QUESTIONS]
    assert ids == ["caller", "callback_number", "claimed_identity", "asked", "silence", "pressure", "notes"]
    by = {q["id"]: q for q in QUESTIONS}
    assert [c["id"] for c in by["claimed_identity"]["choices"]] == list(IDENTITY_IDS) == [
        "assurance_maladie", "cpam", "caf", "franceconnect", "cpf", "pharmacy", "bank", "other"]
    assert set(c["id"] for c in by["asked"]["choices"]) == set(ASKED_IDS) == {
        "password", "sms_code", "full_bank_details", "partial_bank_details", "card_number", "social_security_number",
        "tax_number", "call_other_number", "install_app", "remote_access", "confirm_email", "payment", "identity_documents"}
    assert by["asked"]["kind"] == "multi" and by["silence"]["kind"] == "bool" and by["claimed_identity"]["kind"] == "choice"
    for q in QUESTIONS:
        assert q["label"]["fr"] and q["label"]["en"]
        for c in q["choices"]:
            assert c["label"]["fr"] and c["label"]["en"]


def test_premium_callback_password_and_pressure_is_a_scam():
    r = analyze_call({"caller": "09 70 12 34 56", "callback_number": "0899 12 34 56", "claimed_identity": "assurance_maladie",
                      "asked": ["password"], "pressure": True})
    assert r.channel == "call" and r.verdict == "scam"
    assert {"call.password", "call.callback_premium", "call.pressure"} <= rules(r)
    assert r.report_to and r.after and r.advice


def test_genuine_adviser_from_3646_asking_last_iban_digits_is_not_a_scam():
    r = analyze_call({"caller": "3646", "notes": "La conseillère m'a demandé les 4 derniers chiffres de mon IBAN pour vérifier mon identité."})
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]
    r = analyze_call({"caller": "3646", "claimed_identity": "cpam", "asked": ["partial_bank_details"]})
    assert r.verdict == "no_red_flags"


def test_part_of_the_rib_is_fine_but_all_of_it_or_a_password_never():
    assert "call.full_bank_details" in rules(analyze_call({"caller": "3646", "notes": "Elle voulait tout mon RIB."}))
    assert analyze_call({"caller": "3646", "asked": ["full_bank_details"]}).verdict == "scam"
    # a password, even temporary, even when the screen shows 3646
    r = analyze_call({"caller": "3646", "notes": "Il m'a demandé mon mot de passe temporaire."})
    assert r.verdict == "scam"
    # part of the RIB asked by an unlisted number: a doubt, not a scam
    r = analyze_call({"caller": "07 58 12 34 56", "notes": "Il a demandé les 4 derniers chiffres de mon IBAN."})
    assert r.verdict == "suspicious"


@pytest.mark.parametrize("number,verdict,rule", [
    ("3646", "no_red_flags", None),
    ("36 46", "no_red_flags", None),
    ("06 12 34 56 78", "scam", "call.callback_other"),
    ("01 23 45 67 89", "scam", "call.callback_other"),
    ("0899 12 34 56", "scam", "call.callback_premium"),
    ("0825 00 11 22", "scam", "call.callback_premium"),
])
def test_callback_to_any_number_but_3646(number, verdict, rule):
    r = analyze_call({"callback_number": number, "claimed_identity": "cpam"})
    assert r.verdict == verdict
    if rule:
        assert rule in rules(r)


def test_premium_callback_weighs_more_than_another_number():
    prem = analyze_call({"callback_number": "0899 12 34 56"})
    other = analyze_call({"callback_number": "06 12 34 56 78"})
    w = {s.rule: s.weight for s in prem.signals + other.signals}
    assert w["call.callback_premium"] > w["call.callback_other"]


def test_notes_are_read_like_the_answers():
    """'il m'a demandé mon mot de passe' in free words = the 'password' answer."""
    by_words = analyze_call({"caller": "09 70 12 34 56", "notes": "Il m'a demandé mon mot de passe ameli pour renvoyer le courriel."})
    by_answer = analyze_call({"caller": "09 70 12 34 56", "asked": ["password"]})
    assert "call.password" in rules(by_words) and "call.password" in rules(by_answer)
    assert by_words.verdict == by_answer.verdict == "scam"
    ev = next(s for s in by_words.signals if s.rule == "call.password").evidence[0]
    text = "Il m'a demandé mon mot de passe ameli pour renvoyer le courriel."
    assert ev["where"] == "text" and text[ev["start"]:ev["end"]].lower() == "mot de passe"


def test_answer_evidence_is_worded_in_the_report_language():
    fr = analyze_call({"asked": ["password"]}, "fr").to_dict()
    en = analyze_call({"asked": ["password"]}, "en").to_dict()
    assert "mot de passe" in fr["signals"][0]["evidence"][0]["quote"].lower()
    assert "password" in en["signals"][0]["evidence"][0]["quote"].lower()
    assert en["signals"][0]["title"].startswith("The caller")


def test_negations_and_warnings_are_not_requests():
    r = analyze_call({"caller": "3646", "notes": "Elle n'a pas demandé mon mot de passe et m'a rappelé que l'Assurance Maladie ne demande jamais de code reçu par SMS."})
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]


def test_known_data_is_no_proof_breach_note():
    r = analyze_call({"caller": "09 70 12 34 56", "notes": "Il connaissait mon nom, ma date de naissance et mon numéro de sécurité sociale."}).to_dict()
    assert "call.social_security_number" not in {s["rule"] for s in r["signals"]}   # known, not asked
    assert any("n'est pas pour autant" in a for a in r["advice"])
    en = analyze_call({"caller": "09 70 12 34 56", "notes": "He knew my name and my date of birth."}, "en").to_dict()
    assert any("not proven" in a for a in en["advice"])


def test_franceconnect_and_cpf_claims_and_silence():
    r = analyze_call({"claimed_identity": "franceconnect", "silence": True, "asked": ["confirm_email"]})
    assert {"call.claims_franceconnect", "call.silence", "call.confirm_email"} <= rules(r) and r.verdict == "scam"
    r = analyze_call({"claimed_identity": "cpf"})
    assert r.verdict == "suspicious"


def test_caller_number_listed_or_not():
    assert analyze_call({"caller": "09 74 75 76 78", "claimed_identity": "assurance_maladie"}).verdict == "no_red_flags"
    r = analyze_call({"caller": "07 58 12 34 56", "claimed_identity": "assurance_maladie"})
    assert r.verdict == "suspicious" and "call.caller_mobile" in rules(r)
    # a local line the caisse does not list: alone, in a call that asks nothing, it flags nothing;
    # beside a refund "waiting" it counts
    assert analyze_call({"caller": "03 20 00 00 61", "claimed_identity": "cpam"}).verdict == "no_red_flags"
    r = analyze_call({"caller": "03 20 00 00 61", "notes": "Une conseillere de la CPAM m'a appele : "
                      "un remboursement de 154 EUR m'attend, il faut que j'accepte la demande Wero qu'elle m'envoie."})
    assert r.verdict == "scam" and {"call.caller_unlisted", "call.sms_code"} <= rules(r)


def test_empty_or_bad_answers_are_clear_errors():
    with pytest.raises(UnreadableInput):
        analyze_call({})
    with pytest.raises(UnreadableInput):
        analyze_call({"asked": ["nonsense"]})
    with pytest.raises(UnreadableInput):
        analyze_call({"claimed_identity": "martians"})
    with pytest.raises(UnreadableInput):
        analyze_call({"caller": 42})


def test_batch_record_goes_through_the_same_analysis():
    rec = {"id": "c1", "channel": "call", "caller": "09 70 12 34 56", "text": "il m'a demandé mon mot de passe"}
    d = analyze_record(rec).to_dict()
    assert d["id"] == "c1" and d["channel"] == "call" and d["verdict"] == "scam"
    assert analyze_call({"caller": "09 70 12 34 56", "notes": "il m'a demandé mon mot de passe"}).to_dict()["signals"] == d["signals"]
    # structured fields are accepted in a record too
    d = analyze_record({"channel": "call", "callback_number": "0899123456"}).to_dict()
    assert d["verdict"] == "scam"


def test_call_reports_validate_against_the_schema():
    from importlib import resources
    from jsonschema import Draft202012Validator
    schema = json.loads((resources.files("demasque") / "schema" / "report.schema.json").read_text())
    for lang in ("fr", "en"):
        d = analyze_call({"caller": "0970123456", "callback_number": "0899123456", "asked": ["password", "card_number"],
                          "silence": True, "notes": "urgent"}, lang).to_dict()
        errors = list(Draft202012Validator(schema).iter_errors(d))
        assert not errors, errors[0]


def test_batch_cli_and_eval_on_the_call_corpus(tmp_path):
    env_py = [sys.executable, "-m", "demasque.cli"]
    out = subprocess.run(env_py + ["batch", "-q", str(ROOT / "corpus" / "calls.jsonl")], capture_output=True, timeout=120)
    lines = [json.loads(l) for l in out.stdout.decode().splitlines()]
    labels = {json.loads(l)["id"]: json.loads(l)["label"] for l in (ROOT / "corpus" / "calls.jsonl").read_text().splitlines() if l.strip()}
    assert len(lines) == len(labels) >= 25
    for d in lines:
        assert d["channel"] == "call"
        if labels[d["id"]] == "genuine":
            assert d["verdict"] != "scam", d["id"]
        else:
            assert d["verdict"] in ("scam", "suspicious"), d["id"]
    ev = subprocess.run(env_py + ["eval", str(ROOT / "corpus" / "calls.jsonl"), "--format", "json"], capture_output=True, timeout=120)
    res = json.loads(ev.stdout)
    c = res["channels"]["call"]
    assert c["scam_verdict"]["fp"] == 0 and c["flagged"]["fn"] == 0 and not res["misses"]


@pytest.mark.parametrize("caller,notes", [
    # the number that called back, named again, is no number to call
    ("+33969397520", "Ils m'ont rappelée aujourd'hui du 09 69 39 75 20, le numéro du service adhérents de ma mutuelle. "
                     "Le remboursement se fera sur le RIB qu'ils ont déjà, elle ne m'a rien demandé de bancaire."),
    # "ne ... pas" hung on the auxiliary, a clause about who has it after the comma
    ("+33160748823", "La RH de ma boîte m'a appelé. Elle ne m'a pas demandé mon numéro de sécu, ils l'ont déjà dans mon dossier."),
    # paid later, the usual way: in the compte ameli, by cheque, on the Treasury's site; what is left at the dentist's
    ("3646", "J'avais reçu un courrier me réclamant 214,60 € d'indemnités journalières versées en trop. Le conseiller m'a expliqué "
             "que je pouvais payer en ligne depuis mon compte ameli ou envoyer un chèque."),
    ("+33473751280", "Appel du service des frais de séjour de l'hôpital. Si la mutuelle ne paie pas, je recevrai un avis des sommes "
                     "à payer du Trésor public que je pourrai régler sur payfip.gouv.fr."),
    ("+33145986231", "My dentist's receptionist called me back. I will only pay 85 EUR out of pocket, the rest is paid by the "
                     "Sécurité sociale through tiers payant."),
])
def test_genuine_calls_from_others_and_payments_made_the_usual_way(caller, notes):
    r = analyze_call({"caller": caller, "notes": notes})
    assert r.verdict == "no_red_flags", [s.rule for s in r.signals]


def test_a_payment_taken_on_the_phone_still_counts_beside_the_official_place():
    r = analyze_call({"caller": "+33612345678", "notes": "Il m'a dit de payer aujourd'hui 45 euros pour mon compte ameli, par carte au téléphone."})
    assert "call.payment" in rules(r)


@pytest.mark.parametrize("caller,notes,rule", [
    # the courier scam: someone comes for the card, the PIN written down
    ("masque", "A man from the CPAM fraud department said a courier would come to collect her bank card, with her PIN written on a paper in the envelope.", "call.card_pickup"),
    # a code handed to the caller, whatever it is called
    ("+33186953307", "Il fallait que je valide le remboursement en lui donnant le code que ma banque allait m'envoyer.", "call.sms_code"),
    # the bank's strong authentication by its name
    ("+33565774102", "Le conseiller m'a dit de valider l'annulation dans l'application avec Securipass.", "call.sms_code"),
    # a voicemail's own number given as the line to call back
    ("+33758316624", "Repondeur : c'est Madame Dubreuil de la CPAM, rappelez-moi directement sur ma ligne au 07 58 31 66 24.", "call.callback_other"),
])
def test_what_fake_advisers_ask_by_other_names(caller, notes, rule):
    assert rule in rules(analyze_call({"caller": caller, "notes": notes}))
