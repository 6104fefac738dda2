"""The JSON contract: every report validates against the schema file shipped in the package."""
import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from demasque import analyze_record

SCHEMA = json.loads((resources.files("demasque") / "schema" / "report.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)

RECORDS = [
    {"id": "a", "channel": "sms", "text": "Votre carte Vitale expire: https://ameli-vitale.info", "sender": "AMELI"},
    {"id": "b", "channel": "sms", "text": "ASSURANCE MALADIE: votre attestation est disponible dans votre compte ameli.", "sender": "38663"},
    {"id": "c", "channel": "text", "text": "Appelez le 0899 12 34 56, CPAM, urgent"},
    {"id": "d", "channel": "email", "raw": "From: Ameli <x@gmail.com>\nSubject: Dossier 12345\n\nAssurance Maladie: votre RIB svp, merci de le confirmer."},
]


@pytest.mark.parametrize("rec", RECORDS, ids=[r["id"] for r in RECORDS])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_reports_validate(rec, lang):
    d = analyze_record(rec, lang=lang).to_dict()
    errors = sorted(VALIDATOR.iter_errors(d), key=str)
    assert not errors, errors[0]
    assert d["id"] == rec["id"] and d["lang"] == lang
    json.dumps(d)  # serialisable


def test_verdict_semantics_in_reports():
    scam = analyze_record(RECORDS[0]).to_dict()
    ok = analyze_record(RECORDS[1]).to_dict()
    assert scam["verdict"] == "scam" and scam["signals"]
    assert ok["verdict"] == "no_red_flags" and not ok["signals"]
    assert "sûr" not in " ".join(ok["advice"]).lower().replace("le plus sûr", "")  # never "safe"


def test_schema_file_is_valid():
    Draft202012Validator.check_schema(SCHEMA)
