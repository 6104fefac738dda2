"""The pieces the milter and the Rspamd route share: which Authentication-Results are believed,
the header fields, and the HTTP route the Lua plugin calls."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import mta
from demasque.gateway.authres import authserv_id, keep_trusted, normalise_ids
from demasque.gateway.verdict import MAX_RULES_CHARS, REASON_EN, Judgement, judge

SCAM = (mta.REPO / "corpus" / "email" / "scam" / "scam-001.eml").read_bytes()
GENUINE = (mta.REPO / "corpus" / "email" / "genuine" / "gen-013.eml").read_bytes()
IDS = frozenset({mta.CORPUS_AUTHSERV})


@pytest.mark.parametrize("value, expected", [
    ("mx.example.org; dmarc=pass header.from=ameli.fr", "mx.example.org"),
    (" MX.Example.org. 1; spf=pass", "mx.example.org"),
    ("(a comment) mx.example.org (another); dkim=pass", "mx.example.org"),
    ("mx.example.org", "mx.example.org"),
    ("; dkim=pass", ""),
    ("", ""),
])
def test_authserv_id(value, expected):
    assert authserv_id(value) == expected


def test_only_trusted_authentication_results_are_kept():
    raw = (b"Received: from x\r\n"
           b"Authentication-Results: mx.trusted.test;\r\n dmarc=pass header.from=ameli.fr\r\n"
           b"authentication-results: evil.test; dmarc=pass\r\n\tdkim=pass header.d=ameli.fr\r\n"
           b"ARC-Authentication-Results: i=1; mx.trusted.test; spf=pass\r\n"
           b"From: a@ameli.fr\r\n\r\n"
           b"Authentication-Results: evil.test; this line is body text\r\n")
    kept = keep_trusted(raw, normalise_ids(["MX.Trusted.Test."]))
    assert b"evil.test; dmarc" not in kept and b"\tdkim=pass" not in kept
    assert b"Authentication-Results: mx.trusted.test;\r\n dmarc=pass header.from=ameli.fr\r\n" in kept
    assert kept.endswith(b"From: a@ameli.fr\r\n\r\nAuthentication-Results: evil.test; this line is body text\r\n")
    # ARC-Authentication-Results start with the instance (i=1): never a trusted authserv-id
    assert b"ARC-Authentication-Results" not in kept
    assert keep_trusted(raw, frozenset()).count(b"uthentication-Results") == 1      # the body's
    bare = raw.replace(b"\r\n", b"\n")
    assert keep_trusted(bare, normalise_ids(["mx.trusted.test"])) == kept.replace(b"\r\n", b"\n")


def test_a_message_without_such_headers_is_returned_as_it_is():
    raw = b"From: a@b.test\nSubject: x\n\nbody\n"
    assert keep_trusted(raw, frozenset()) is raw


def test_authentication_counts_only_from_a_trusted_server():
    assert judge(GENUINE, IDS).verified_sender
    assert not judge(GENUINE).verified_sender
    forged = GENUINE.replace(mta.CORPUS_AUTHSERV.encode(), b"mx.forged.test")
    assert not judge(forged, IDS).verified_sender


def test_header_fields_stay_on_one_short_line():
    many = Judgement("scam", 0.98765, tuple(f"rule.number_{i:03d}" for i in range(200)), False)
    fields = dict(many.headers())
    assert fields["X-Demasque-Score"] == "0.988"
    assert len(fields["X-Demasque-Rules"]) <= MAX_RULES_CHARS
    assert fields["X-Demasque-Rules"].startswith("rule.number_000, rule.number_001")
    assert dict(Judgement("no_red_flags", 0.0, (), False).headers())["X-Demasque-Rules"] == "none"


# -- the route the Lua plugin calls ---------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    from demasque.web import Settings, create_app
    return TestClient(create_app(Settings(rate_per_minute=0)))


def test_rspamd_route_answers_the_symbol_rules_and_headers(client):
    r = client.post("/api/v1/rspamd", content=SCAM, params={"authserv_id": mta.CORPUS_AUTHSERV})
    assert r.status_code == 200
    body, j = r.json(), judge(SCAM, IDS)
    assert body["symbol"] == "DEMASQUE_SCAM" and body["verdict"] == "scam"
    assert body["rules"] == list(j.rules) and body["headers"] == dict(j.headers())
    assert body["reason"]["en"] == REASON_EN


def test_rspamd_route_believes_only_the_named_servers(client):
    referenced = mta.with_file_reference(GENUINE)
    trusted = client.post("/api/v1/rspamd", content=referenced, params={"authserv_id": mta.CORPUS_AUTHSERV}).json()
    untrusted = client.post("/api/v1/rspamd", content=referenced).json()
    assert trusted["verified_sender"] and not untrusted["verified_sender"]
    assert trusted["symbol"] != "DEMASQUE_SCAM" and trusted["reason"] == {}
    assert trusted["score"] < untrusted["score"]


@pytest.mark.parametrize("body, status", [(b"", 400), (b"   \n", 400), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), 400),
                                          (b"just some words, not an e-mail", 400)])
def test_rspamd_route_refuses_what_is_not_a_message(client, body, status):
    r = client.post("/api/v1/rspamd", content=body)
    assert r.status_code == status and r.json()["error"] == "unreadable"


def test_rspamd_route_is_in_the_openapi_description(client):
    assert "/api/v1/rspamd" in client.get("/openapi.json").json()["paths"]


def test_the_systemd_unit_is_valid(tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    unit = (mta.REPO / "contrib" / "systemd" / "demasque.service").read_text()
    demasque = Path(sys.executable).parent / "demasque"
    assert "/opt/demasque/.venv/bin/demasque milter" in unit
    (tmp_path / "demasque.service").write_text(unit.replace("/opt/demasque/.venv/bin/demasque", str(demasque)))
    out = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "demasque.service")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "demasque.service" not in out.stderr, out.stderr      # no warning about our unit
