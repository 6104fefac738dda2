"""HTTP API and server-side pages through FastAPI's TestClient (no browser)."""
from __future__ import annotations

import html as htmlmod
import json
import logging
import re
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demasque.api import analyze_record
from demasque.web import Settings, create_app

FIXTURES = Path(__file__).parent / "fixtures"
SCAM_SMS = ("Assurance Maladie: votre carte Vitale expire, mettez-la a jour avant le 30/11: "
            "https://ameli-vitale.info ou appelez le 0899 12 34 56")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)


def small_client(**kw) -> TestClient:
    return TestClient(create_app(Settings(**{"rate_per_minute": 0, **kw})), raise_server_exceptions=False)


# --- API -------------------------------------------------------------------------------------

def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_analyze_returns_the_same_report_as_the_cli(client):
    rec = {"id": 7, "channel": "sms", "text": SCAM_SMS, "sender": "+33612345678"}
    r = client.post("/api/v1/analyze", json=rec)
    assert r.status_code == 200
    assert r.json() == json.loads(json.dumps(analyze_record(rec).to_dict()))
    assert r.json()["verdict"] == "scam" and r.json()["id"] == "7"


def test_analyze_in_english(client):
    r = client.post("/api/v1/analyze?lang=en", json={"channel": "sms", "text": SCAM_SMS})
    assert r.status_code == 200 and r.json()["lang"] == "en"


def test_analyze_raw_email_record(client):
    raw = (FIXTURES / "genuine_ameli.eml").read_text("utf-8")
    r = client.post("/api/v1/analyze", json={"channel": "email", "raw": raw})
    assert r.status_code == 200 and r.json()["verdict"] == "no_red_flags"


def test_report_validates_against_the_published_schema(client):
    jsonschema = pytest.importorskip("jsonschema")
    schema = client.get("/openapi.json").json()["paths"]["/api/v1/analyze"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    r = client.post("/api/v1/analyze", json={"channel": "sms", "text": SCAM_SMS})
    jsonschema.validate(r.json(), schema)


@pytest.mark.parametrize("body,status,code", [
    (b"{not json", 422, "invalid_request"),
    (b"[]", 422, "invalid_request"),
    (b'{"channel": "fax", "text": "x"}', 422, "invalid_request"),
    (b'{"text": 12}', 422, "invalid_request"),
    (b'{"channel": "sms", "text": "   "}', 400, "unreadable"),
    (b"{}", 400, "unreadable"),
])
def test_malformed_records_get_a_clear_4xx(client, body, status, code):
    r = client.post("/api/v1/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert r.json()["error"] == code and r.json()["message"]
    assert "Traceback" not in r.text


def test_email_upload_route(client):
    for name, verdict in (("genuine_ameli.eml", "no_red_flags"), ("scam_ameli.eml", "scam")):
        r = client.post("/api/v1/email", content=(FIXTURES / name).read_bytes(), headers={"content-type": "message/rfc822"})
        assert r.status_code == 200 and r.json()["verdict"] == verdict and r.json()["channel"] == "email"


@pytest.mark.parametrize("body,status", [(PNG, 415), (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", 415),
                                         (b"just some words, no headers", 400), (b"", 400), (b"\x00\x01\x02", 400)])
def test_email_upload_is_checked_by_content(client, body, status):
    r = client.post("/api/v1/email", content=body, headers={"content-type": "message/rfc822"})
    assert r.status_code == status and r.json()["error"] in ("not_an_email", "unreadable")


def test_declared_body_over_the_limit_is_refused_before_reading():
    c = small_client(body_limit=1000)
    r = c.post("/api/v1/analyze", content=b"x" * 5000, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_streamed_body_over_the_limit_is_cut_off():
    c = small_client(body_limit=1000)

    def chunks():
        for _ in range(50):
            yield b"x" * 100
    r = c.post("/api/v1/email", content=chunks(), headers={"content-type": "message/rfc822"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    r = c.post("/check", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"})
    assert r.status_code == 413 and "text/html" in r.headers["content-type"]


def test_small_routes_have_a_small_limit():
    c = small_client(small_body_limit=100)
    r = c.post("/number", data={"number": "0" * 500})
    assert r.status_code == 413


def test_rate_limit_per_client():
    c = TestClient(create_app(Settings(rate_per_minute=60, burst=3)))
    codes = [c.post("/api/v1/analyze", json={"text": "bonjour"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
    r = c.post("/api/v1/analyze", json={"text": "bonjour"})
    assert r.json()["error"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
    assert c.get("/healthz").status_code == 200          # health checks are not limited


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/analyze", "/api/v1/email", "/healthz"} <= set(paths)
    assert not any(p in paths for p in ("/", "/check", "/upload"))     # pages are not API
    assert client.get("/docs").status_code == 404                        # no CDN-loaded Swagger UI


# --- security headers, logs, disk ----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/about", "/healthz", "/openapi.json", "/static/style.css", "/nope"])
def test_security_headers(client, path):
    h = client.get(path).headers
    csp = h["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"
    assert "server" not in h


def test_pages_have_no_inline_script_or_style(client):
    for html in (client.get("/").text, client.get("/about").text,
                 client.post("/check", data={"text": SCAM_SMS, "channel": "sms"}).text):
        assert "<script" not in html
        assert "<style" not in html and " style=" not in html
        assert not re.search(r"\son[a-z]+=", html)          # no inline event handlers


def test_logs_hold_method_path_status_time_only(client, caplog):
    marker = "ZZSECRET-4242 https://ameli-marker.example"
    with caplog.at_level(logging.DEBUG):
        client.post("/check?lang=fr", data={"text": marker + " " + SCAM_SMS, "sender": "+33611223344"})
        client.post("/api/v1/analyze?lang=fr", json={"text": marker})
        client.get("/nothing-here/" + "ZZSECRET-4242")
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))   # httpx: the test client
    assert "ZZSECRET" not in text and "ameli-marker" not in text and "33611223344" not in text
    lines = [r.getMessage() for r in caplog.records if r.name == "demasque.web"]
    assert any(re.fullmatch(r"POST /check 200 \d+\.\dms", l) for l in lines), lines
    assert any(re.fullmatch(r"GET \(unmatched\) 404 \d+\.\dms", l) for l in lines), lines


def test_uploads_are_never_spooled_to_disk(client, monkeypatch):
    def no_disk(*a, **k):
        raise AssertionError("a temporary file was created")
    monkeypatch.setattr(tempfile, "TemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "mkstemp", no_disk)
    big = (FIXTURES / "genuine_ameli.eml").read_bytes() + b"\n" + b"Bonjour.\n" * 250_000   # ~2.5 MB
    r = client.post("/upload", files={"file": ("x.bin", big, "application/octet-stream")}, data={"lang": "fr"})
    assert r.status_code == 200, r.text[:500]


def test_an_internal_error_is_a_friendly_page_without_trace(monkeypatch):
    import demasque.api
    def boom(*a, **k):
        raise RuntimeError("secret internals ZZTRACE")
    monkeypatch.setattr(demasque.api, "analyze", boom)
    c = TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)
    r = c.post("/check", data={"text": "bonjour"}, headers={"accept": "text/html"})
    assert r.status_code == 500 and "ZZTRACE" not in r.text and "Traceback" not in r.text
    assert "Réessayez" in r.text
    r = c.post("/api/v1/analyze", json={"text": "bonjour"})
    assert r.status_code == 500 and r.json()["error"] == "internal_error" and "ZZTRACE" not in r.text


# --- pages -----------------------------------------------------------------------------------------

def test_home_is_french_by_default_and_english_on_request(client):
    assert '<html lang="fr">' in client.get("/").text
    en = client.get("/?lang=en").text
    assert '<html lang="en">' in en and "Does this message really come from Assurance Maladie?" in en


def test_result_page_highlights_evidence_and_keeps_links_inert(client):
    html = client.post("/check", data={"text": SCAM_SMS, "channel": "sms", "sender": "+33612345678", "lang": "fr"}).text
    assert "ARNAQUE" in html
    assert re.search(r'<mark class="ev ev-link" id="ev-text-\d+-1">https://ameli-vitale.info</mark><a class="ref" href="#sig-\d+"', html)
    assert "0899 12 34 56</mark>" in html
    # the link of the message is never an <a> (neither href nor text)
    for a in re.findall(r"<a\b[^>]*>.*?</a>", html, re.S):
        assert "ameli-vitale" not in a and "0899" not in a
    assert 'href="sms:33700"' in html and 'href="tel:3646"' in html
    assert 'id="sig-1"' in html


def test_no_red_flags_is_never_called_safe(client):
    for lang in ("fr", "en"):
        html = client.post("/check", data={"text": "Bonjour, rendez-vous mardi à 10h chez le dentiste.", "channel": "sms", "lang": lang}).text
        assert "verdict-no_red_flags" in html
        banner = re.search(r'<section class="verdict.*?</section>', html, re.S).group(0).lower()
        assert not re.search(r"\bsafe\b|\bsûr\b|sans danger|fiable", banner), banner
        assert not re.search(r"\b(is|est) (safe|sûr)\b|sans danger", html.lower())


def test_upload_page_checks_content_not_name(client):
    eml = (FIXTURES / "genuine_ameli.eml").read_bytes()
    r = client.post("/upload", files={"file": ("photo.png", eml, "image/png")}, data={"lang": "fr"})
    assert r.status_code == 200 and "AUCUN SIGNE D'ARNAQUE TROUVÉ" in htmlmod.unescape(r.text)
    r = client.post("/upload", files={"file": ("message.eml", PNG, "message/rfc822")}, data={"lang": "fr"})
    assert r.status_code == 415 and "PNG" in r.text and "pas un courriel" in r.text
    r = client.post("/upload", files={"file": ("message.eml", b"hello world", "message/rfc822")}, data={"lang": "en"})
    assert r.status_code == 400 and "not an e-mail" in r.text


def test_pasted_raw_email_is_read_as_an_email(client):
    raw = (FIXTURES / "scam_ameli.eml").read_text("utf-8")
    html = client.post("/check", data={"text": raw, "channel": "email"}).text
    assert "ARNAQUE" in html and "Dossier N-48213" in html
    assert "https://ameli-remboursement.example/login" in html        # the hidden target, shown as text
    for a in re.findall(r"<a\b[^>]*>.*?</a>", html, re.S):
        assert "ameli-remboursement" not in a


def test_empty_message_is_a_friendly_error(client):
    r = client.post("/check", data={"text": "  ", "lang": "fr"})
    assert r.status_code == 400 and "Le message est vide" in r.text


def test_get_on_a_form_route_goes_home(client):
    r = client.get("/check?lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?lang=en"


def test_friendly_404_page(client):
    r = client.get("/nowhere", headers={"accept": "text/html"})
    assert r.status_code == 404 and "Cette page n'existe pas" in htmlmod.unescape(r.text)
    assert client.get("/api/v1/nowhere").json()["error"] == "not_found"


def test_language_switch_on_a_result_page_resubmits(client):
    html = client.post("/check", data={"text": SCAM_SMS, "channel": "sms", "lang": "fr"}).text
    form = re.search(r'<form class="switch-form".*?</form>', html, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert fields["lang"] == "en" and fields["channel"] == "sms"
    r = client.post("/check", data={k: htmlmod.unescape(v) for k, v in fields.items()})
    assert "SCAM" in r.text and '<html lang="en">' in r.text


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=400), sender=st.text(max_size=40),
       channel=st.sampled_from(["sms", "email", "text", "", "fax"]), lang=st.sampled_from(["fr", "en", "", "xx"]))
def test_forms_never_fail_with_a_5xx(client, text, sender, channel, lang):
    r = client.post("/check", data={"text": text, "sender": sender, "channel": channel, "lang": lang})
    assert r.status_code in (200, 400), r.status_code
    assert "Traceback" not in r.text


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=600))
def test_uploads_never_fail_with_a_5xx(client, data):
    r = client.post("/upload", files={"file": ("m.eml", b"From: a@b.c\nSubject: x\n\n" + data, "message/rfc822")})
    assert r.status_code in (200, 400, 415)


def test_link_lookup_page_speaks_of_a_site_not_of_a_message(client):
    r = client.post("/link", data={"link": "ameli-remboursement.com"})
    assert r.status_code == 200
    banner = r.text.split('class="verdict-long">', 1)[1].split("</p>", 1)[0]
    assert "ameli.fr" in banner and "message" not in banner.lower()
