"""The command line, run as a person or a script would."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from demasque.cli import main

SCAM_SMS = "Votre carte Vitale expire, mettez-la a jour: https://ameli-vitale.info"


def run(args, stdin=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "demasque.cli", *args], input=stdin, capture_output=True, env=env, timeout=60)


def test_check_stdin_sms_french_text():
    p = run(["check", "--sms", "--sender", "38015", "-"], SCAM_SMS.encode())
    out = p.stdout.decode()
    assert p.returncode == 0
    assert "ARNAQUE" in out and "ameli-vitale.info" in out and "33700" in out


def test_check_english_json(tmp_path):
    f = tmp_path / "sms.txt"
    f.write_text(SCAM_SMS, encoding="utf-8")
    p = run(["check", "--sms", str(f), "--format", "json", "--lang", "en"])
    d = json.loads(p.stdout)
    assert d["verdict"] == "scam" and d["lang"] == "en"
    assert any(s["rule"] == "link.lookalike" for s in d["signals"])


def test_check_eml_detected_by_content(tmp_path):
    f = tmp_path / "mail.txt"
    f.write_bytes(b"From: Ameli <ameli.remboursement@gmail.com>\nSubject: Remboursement\n\nAssurance Maladie: un remboursement est en attente.")
    d = json.loads(run(["check", str(f), "--format", "json"]).stdout)
    assert d["channel"] == "email"
    assert any(s["rule"] == "sender.freemail_claims_brand" for s in d["signals"])


def test_shipped_example_runs_without_arguments():
    p = run(["check"])
    assert p.returncode == 0 and "ARNAQUE" in p.stdout.decode()


@pytest.mark.parametrize("payload,needle", [(b"", "vide"), (b"\x00\x01\x02\x03" * 100, "binaire")])
def test_bad_input_clear_error_no_traceback(payload, needle):
    p = run(["check", "-"], payload)
    err = p.stderr.decode()
    assert p.returncode == 2 and "Traceback" not in err
    assert "demasque" in err


def test_missing_file():
    p = run(["check", "/nonexistent/file.eml"])
    assert p.returncode == 2 and "Traceback" not in p.stderr.decode()


def test_redact_masks_personal_data():
    text = "Ameli: confirmez votre IBAN FR76 3000 6000 0112 3456 7890 189 et le 06 12 34 56 78 sinon appelez le 3646"
    d = json.loads(run(["check", "--sms", "-", "--format", "json", "--redact"], text.encode()).stdout)
    blob = json.dumps(d, ensure_ascii=False)
    assert "3456 7890" not in blob and "34 56 78" not in blob
    assert "3646" in blob  # the official number is not personal data


def test_batch_keeps_order_ids_and_survives_bad_lines(tmp_path):
    inp = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": "1", "channel": "sms", "text": SCAM_SMS}), "{not json",
             json.dumps({"id": "3", "channel": "fax", "text": "x"}),
             json.dumps({"id": "4", "channel": "email", "raw": "From: a@ameli.fr\nSubject: s\n\nBonjour"}),
             json.dumps({"id": "5", "channel": "text", "text": "Bonjour, rendez-vous demain."})]
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(inp), "-o", str(out)]) == 0
    res = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in res] == ["1", None, "3", "4", "5"]
    assert res[0]["verdict"] == "scam" and "error" in res[1] and "error" in res[2]
    assert res[3]["channel"] == "email" and res[4]["verdict"] == "no_red_flags"


def test_batch_stdin_stdout():
    p = run(["batch", "-"], (json.dumps({"id": "x", "channel": "sms", "text": SCAM_SMS}) + "\n").encode())
    assert json.loads(p.stdout.decode().splitlines()[0])["id"] == "x"


def test_eval_on_a_small_corpus(tmp_path):
    (tmp_path / "email" / "scam").mkdir(parents=True)
    (tmp_path / "sms.jsonl").write_text(
        json.dumps({"id": "s1", "channel": "sms", "text": SCAM_SMS, "label": "scam"}) + "\n" +
        json.dumps({"id": "g1", "channel": "sms", "text": "ASSURANCE MALADIE: vaccinez-vous contre la grippe.", "label": "genuine"}) + "\n",
        encoding="utf-8")
    (tmp_path / "email" / "scam" / "a.eml").write_bytes(
        b"From: Ameli <x@ameli-secure.com>\nSubject: Dossier 48213\n\nVotre remboursement est en attente.")
    p = run(["eval", str(tmp_path)])
    out = p.stdout.decode()
    assert p.returncode == 0 and "confusion [sms]" in out and "confusion [email]" in out
    d = json.loads(run(["eval", str(tmp_path), "--format", "json"]).stdout)
    assert d["channels"]["all"]["flagged"]["recall"] == 1.0
    assert d["channels"]["all"]["scam_verdict"]["fp"] == 0


def test_text_output_lists_the_model_words_on_one_line():
    from demasque.render.text import render_text
    d = {"channel": "sms", "verdict": "suspicious", "score": 0.3, "advice": [], "report_to": [],
         "signals": [{"rule": "model.text", "category": "model", "title": "T", "explanation": "E",
                      "evidence": [{"where": "text", "quote": "carte"}, {"where": "text", "quote": "expire"}]}]}
    out = render_text(d, "fr")
    assert "« carte », « expire »" in out
