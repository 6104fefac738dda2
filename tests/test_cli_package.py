"""The command line as one package (demasque/cli/): every command registered and listed, options
only where honoured, --profile passed through or refused in one line, a missing optional
dependency said in one line, and no web, OCR, triage or training code loaded to check one SMS."""
import json
import os
import subprocess
import sys

import pytest

from demasque.cli import GROUPS, main, parser

SCAM_SMS = "Votre carte Vitale expire, mettez-la a jour: https://ameli-vitale.info"
COMMANDS = ("check", "batch", "eval", "call", "aide", "help-me", "number", "link", "serve", "model", "milter", "triage")


def run(*args, stdin=b"", env=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "demasque.cli", *args], input=stdin, capture_output=True, env=env, timeout=60)


def subcommands() -> dict:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sub.choices


def test_every_command_is_registered_and_listed_by_help():
    assert set(COMMANDS) <= set(subcommands())
    out = run("--help").stdout.decode()
    for name in COMMANDS:
        assert name in out, name
    assert len(GROUPS) == len(set(GROUPS)) == 10


@pytest.mark.parametrize("command,honours", [("check", True), ("batch", True), ("call", True), ("number", False),
                                             ("link", False), ("aide", False), ("serve", False), ("triage", False)])
def test_redact_is_offered_only_where_it_is_honoured(command, honours):
    options = {o for a in subcommands()[command]._actions for o in a.option_strings}
    assert ("--redact" in options) == honours


def test_number_does_not_take_redact_it_would_ignore():
    p = run("number", "--redact", "06 12 34 56 78")
    assert p.returncode == 2 and b"--redact" in p.stderr and b"06 12 34 56 78" not in p.stdout


def test_redact_masks_the_text_output_too():
    text = "Ameli: confirmez votre IBAN FR76 3000 6000 0112 3456 7890 189 sur https://ameli-vitale.info"
    out = run("check", "--sms", "--redact", "-", stdin=text.encode()).stdout.decode()
    assert "ARNAQUE" in out and "3456 7890" not in out


def test_profile_is_passed_to_lookups_and_checked_by_name():
    p = run("link", "--profile", "assurance_maladie", "--format", "json", "https://www.ameli.fr/")
    assert p.returncode == 0 and json.loads(p.stdout)["verdict"] == "no_red_flags"
    p = run("number", "--profile", "no_such_brand", "3646")
    assert p.returncode == 2 and b"no_such_brand" in p.stderr and b"assurance_maladie" in p.stderr
    assert b"Traceback" not in p.stderr


def test_profile_is_passed_to_the_analysis(capsys):
    # the same Assurance Maladie SMS, judged for the brand named on the command line
    assert main(["check", "--sms", "--profile", "caf", "--format", "json", str(_sms_file())]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "caf"
    assert main(["check", "--sms", "--format", "json", str(_sms_file())]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "assurance_maladie"


def _sms_file():
    from pathlib import Path
    p = Path(os.environ.get("TMPDIR", "/tmp")) / "demasque-cli-profile-test.txt"
    p.write_text(SCAM_SMS, encoding="utf-8")
    return p


@pytest.mark.parametrize("argv,blocked,extra", [
    (["triage", "feed.jsonl", "--out", "OUT"], "demasque.triage.runner", "triage"),
    (["milter", "--workers", "0"], "demasque.gateway.milter", "gateway"),   # never serves, even if not blocked
    (["eval", "--datasets", "uci"], "demasque.model.evaluate_datasets", "train"),
    (["model", "train"], "demasque.model.build", "train"),
])
def test_a_missing_optional_dependency_is_one_clear_line(monkeypatch, capsys, tmp_path, argv, blocked, extra):
    # importing it now raises ImportError (also `from package import name`, which reads the package first)
    monkeypatch.setitem(sys.modules, blocked, None)
    parent, _, child = blocked.rpartition(".")
    if parent in sys.modules:
        monkeypatch.delattr(sys.modules[parent], child, raising=False)
    argv = [str(tmp_path / a) if a in ("feed.jsonl", "OUT") else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"pip install 'demasque[{extra}]'" in err and err.count("\n") == 1


def test_building_the_parser_and_checking_an_sms_load_no_web_ocr_triage_or_training_code():
    heavy = ("fastapi", "starlette", "uvicorn", "jinja2", "sklearn", "scipy", "dask", "distributed", "PIL",
             "tesserocr", "matplotlib", "Milter", "sqlalchemy", "datasketch", "stix2", "pymisp")
    code = ("import sys, runpy; sys.argv = ['demasque', 'check', '--sms', '-'];\n"
            "from demasque.cli import main\n"
            "rc = main()\n"
            f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))\n"
            "sys.stderr.write('LOADED=' + ','.join(loaded) + '\\n'); sys.exit(rc)")
    p = subprocess.run([sys.executable, "-c", code], input=SCAM_SMS.encode(), capture_output=True, timeout=60)
    assert p.returncode == 0 and "ARNAQUE" in p.stdout.decode()
    assert "LOADED=\n" in p.stderr.decode(), p.stderr.decode()[-500:]


def test_aide_shows_public_sources_never_repository_paths():
    out = run("aide", "--situation", "typed_password,paid").stdout.decode()
    assert "J'ai payé" in out
    assert "shared/" not in out and "seed_" not in out and ".txt" not in out


def test_the_text_of_a_call_speaks_of_the_call_and_the_caller():
    out = run("call", "--caller", "09 70 12 34 56", "--claimed", "assurance_maladie", "--asked", "password", "--pressure").stdout.decode()
    assert "Cet appel présente des signes sûrs d'arnaque" in out
    assert "[appelant] « 09 70 12 34 56 »" in out and "[expéditeur]" not in out
    assert "pendant l'appel" in out and "cliqué" not in out


def test_text_renderers_show_new_sources_and_hide_internal_keys():
    from demasque.render.text import render_guide, render_text
    d = {"channel": "sms", "verdict": "scam", "score": 0.9, "advice": [], "report_to": [],
         "signals": [{"rule": "r1", "category": "link", "title": "T1", "explanation": "E1",
                      "reference": "seed_fr: « ne vous demandera jamais »", "evidence": []},
                     {"rule": "r2", "category": "link", "title": "T2", "explanation": "E2",
                      "reference": "Assurance Maladie ne demande jamais vos identifiants.",
                      "sources": [{"title": "ameli.fr — Attention aux tentatives de fraude", "url": "https://www.ameli.fr/fraude"}],
                      "evidence": []}]}
    out = render_text(d, "fr")
    assert "seed_fr" not in out
    assert "Assurance Maladie ne demande jamais vos identifiants." in out
    assert "ameli.fr — Attention aux tentatives de fraude, https://www.ameli.fr/fraude" in out
    guide = render_guide([{"title": "J'ai payé", "steps": [
        {"text": "Appelez votre banque.", "source": "shared/seeds/000_x.txt (ameli.fr)"},
        {"text": "Déposez plainte.", "sources": [{"title": "service-public.fr", "url": "https://www.service-public.fr/x"}]},
        {"text": "Gardez les preuves.", "source": "https://www.example.org/guide"}]}], "fr")
    assert "shared/" not in guide and ".txt" not in guide
    assert "service-public.fr, https://www.service-public.fr/x" in guide and "example.org, https://www.example.org/guide" in guide
