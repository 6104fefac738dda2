"""A report ready to send: the exact way for each channel, and a text with the person's data masked."""
import json
import subprocess
import sys

from demasque import analyze_eml, analyze_text
from demasque.calls import analyze_call

NIR = "1 85 05 78 006 084 36"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def test_sms_forward_to_33700_then_the_sender():
    r = analyze_text(f"CPAM: votre carte Vitale expire, mettez-la a jour sur https://ameli-vitale.info. Votre NIR {NIR}, IBAN {IBAN}, "
                     "ecrivez a jean.dupont@example.org", channel="sms", sender="+33 6 12 34 56 78").to_dict()
    p = r["prepared_report"]
    assert p["redacted"] and p["channel"] == "sms"
    steps = " ".join(s["text"] for s in p["steps"])
    assert "33700" in steps and "+33 6 12 34 56 78" in steps and "internet-signalement.gouv.fr" in steps
    assert all(s["source"] for s in p["steps"])
    text = p["text"]
    assert "https://ameli-vitale.info" in text                              # the scam's link stays
    assert "006 084" not in text and "3456 7890" not in text and "jean.dupont@" not in text   # the person's data do not
    assert {t["name"] for t in p["to"]} >= {"33700", "PHAROS"}


def test_email_goes_to_signal_spam():
    d = analyze_eml(b"From: Ameli <ameli.remboursement@gmail.com>\nSubject: Remboursement\n\n"
                    b"Assurance Maladie: un remboursement de 245 EUR est en attente, validez sur https://ameli-rembourse.info").to_dict()
    p = d["prepared_report"]
    assert any("signal-spam.fr" in s["text"] for s in p["steps"]) and "ameli.remboursement@gmail.com" in p["text"]


def test_call_spam_vocal_with_the_number():
    d = analyze_call({"caller": "09 70 12 34 56", "callback_number": "0899 12 34 56", "asked": ["password"]}, "en").to_dict()
    p = d["prepared_report"]
    assert "spam vocal 09 70 12 34 56" in p["steps"][0]["text"] and "+33899123456" in p["text"]
    assert p["text"].startswith("Hello")


def test_no_prepared_report_without_red_flags():
    ok = analyze_text("ASSURANCE MALADIE: votre attestation est disponible dans votre compte ameli.", channel="sms", sender="38663")
    assert ok.prepared_report is None


def test_text_output_shows_it():
    p = subprocess.run([sys.executable, "-m", "demasque.cli", "check", "--sms", "--sender", "0612345678", "-"],
                       input="CPAM: appelez le 0899 12 34 56, urgent.".encode(), capture_output=True, timeout=60)
    out = p.stdout.decode()
    assert "Signalement prêt à envoyer" in out and "Je signale un SMS frauduleux" in out and "demasque aide --situation" in out
    d = json.loads(subprocess.run([sys.executable, "-m", "demasque.cli", "check", "--sms", "-", "--format", "json", "--lang", "en"],
                                  input=b"CPAM: call 0899 12 34 56 now", capture_output=True, timeout=60).stdout)
    assert d["prepared_report"]["text"].startswith("Hello")
