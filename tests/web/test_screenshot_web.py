"""Screenshots on the web: the upload beside the paste box, POST /screenshot (result page with the
picture and its boxes in inline SVG), POST /api/v1/screenshot, the batch record through
/api/v1/analyze; and in the browser, an upload from a phone-sized page (the screenshot is drawn by
the browser itself from an HTML mock of a messaging app)."""
from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from phone_screens import png, render_sms  # noqa: E402

from conftest import screenshot  # noqa: E402

pytest.importorskip("PIL")
from demasque.ocr.engine import unavailable_reason  # noqa: E402
from demasque.web import Settings, create_app  # noqa: E402

needs_ocr = pytest.mark.skipif(unavailable_reason() is not None and not __import__("os").environ.get("CI"),
                               reason=f"OCR not installed: {unavailable_reason()}")
SCAM = ("Assurance Maladie: votre carte Vitale expire, mettez-la a jour avant le 30/11: "
        "https://ameli-vitale.info/maj ou appelez le 0899 12 34 56")


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def scam_png() -> bytes:
    return png(render_sms(SCAM, "AMELI", theme="light", scale=2))


def test_the_upload_sits_beside_the_paste_box(client):
    page = client.get("/").text
    box = page[page.index('id="message"'):page.index('id="upload"')]
    assert 'action="/screenshot"' in box and 'type="file" accept="image/*"' in box


def test_without_ocr_the_page_says_so_and_the_api_answers_503(monkeypatch):
    import demasque.ocr.engine as engine
    monkeypatch.setattr(engine, "tessdata_dir", lambda: None)
    c = TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)
    page = c.get("/").text
    assert 'action="/screenshot"' not in page and "pas disponible sur ce serveur" in page
    r = c.post("/api/v1/screenshot", content=png(render_sms("Bonjour", "X", scale=1)))
    assert r.status_code == 503 and r.json()["error"] == "ocr_unavailable" and "tesseract-ocr-fra" in r.json()["message"]
    r = c.post("/screenshot", files={"file": ("s.png", b"\x89PNG", "image/png")}, data={"lang": "fr"})
    assert r.status_code == 503 and "Copiez-collez le texte" in r.text


@needs_ocr
def test_result_page_shows_the_picture_and_its_boxes(client, scam_png):
    r = client.post("/screenshot", files={"file": ("IMG_0001.PNG", scam_png, "image/png")}, data={"lang": "fr"})
    assert r.status_code == 200
    assert re.search(r'class="verdict-word">\s*ARNAQUE', r.text)
    svg = r.text[r.text.index("<svg class=\"shot-svg\""):]
    svg = svg[:svg.index("</svg>")]
    assert 'href="data:image/jpeg;base64,' in svg and svg.count("<rect class=\"shot-box") >= 2
    assert "ameli-vitale.info" in r.text                       # the text read, marked in "Votre message"
    assert "<script" not in r.text and " style=" not in r.text
    csp = r.headers["content-security-policy"]
    assert "img-src 'self' data:;" in csp and "script-src 'self';" in csp and "default-src 'none'" in csp


def test_a_link_that_could_read_as_a_lookalike_is_said_beside_the_message(client, monkeypatch):
    import demasque.ocr.engine as engine
    from demasque.ocr.engine import Word
    texts = ["ASSURANCE", "MALADIE:", "votre", "attestation", "est", "sur", "https://www.ameli.fr/assure"]
    words, x = [Word("38663", 95, 48, 30, 60, 20, 1, 1, 1), Word("SMS", 95, 48, 55, 30, 14, 1, 1, 2)], 30
    for t in texts:                                           # what the OCR "reads" (made by hand: no OCR run)
        words.append(Word(t, 95, x, 200, 9 * len(t), 20, 2, 1, 1))
        x += 9 * len(t) + 6
    monkeypatch.setattr(engine, "recognize", lambda gray, scale, timeout=None: words)
    monkeypatch.setattr(engine, "unavailable_reason", lambda: None)
    r = client.post("/screenshot", files={"file": ("s.png", png(render_sms("x", scale=2)), "image/png")}, data={"lang": "fr"})
    assert r.status_code == 200 and re.search(r'class="verdict-word">\s*AUCUN SIGNE', r.text)
    doubt = re.search(r'<p class="shot-doubt">([^<]+)</p>', r.text)
    assert doubt and "https://www.arneli.fr/assure" in doubt.group(1) and "une arnaque" in doubt.group(1)


@needs_ocr
def test_language_switch_resends_the_picture(client, scam_png):
    r = client.post("/screenshot", files={"file": ("s.png", scam_png, "image/png")}, data={"lang": "fr"})
    b64 = re.search(r'name="raw_b64" value="([^"]+)"', r.text).group(1)
    r = client.post("/screenshot", data={"lang": "en", "raw_b64": b64})
    assert r.status_code == 200 and re.search(r'class="verdict-word">\s*SCAM', r.text)


@needs_ocr
def test_api_screenshot_and_the_batch_record_give_the_same_report(client, scam_png):
    a = client.post("/api/v1/screenshot?lang=en", content=scam_png, headers={"content-type": "image/png"})
    assert a.status_code == 200
    b = client.post("/api/v1/analyze?lang=en", json={"id": 9, "channel": "screenshot", "image_b64": base64.b64encode(scam_png).decode()})
    assert b.status_code == 200 and b.json()["id"] == "9"
    for k in ("verdict", "score", "signals"):
        assert a.json()[k] == b.json()[k]
    assert a.json()["screenshot"]["boxes"] == b.json()["screenshot"]["boxes"]


@pytest.mark.parametrize("body,status,code", [
    (b"", 400, "unreadable"),
    (b"%PDF-1.7\n%...", 415, "not_an_image"),
    (b"Bonjour, ceci est un SMS", 415, "not_an_image"),
])
def test_api_screenshot_refuses_what_is_not_a_picture(client, body, status, code):
    r = client.post("/api/v1/screenshot", content=body)
    assert r.status_code == status and r.json()["error"] == code


def test_api_screenshot_damaged_and_oversized(client):
    r = client.post("/api/v1/screenshot", content=png(render_sms("Bonjour", "X", scale=1))[:400])
    assert r.status_code == 400 and "damaged" in r.json()["message"]
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (21 * 1024 * 1024)
    r = client.post("/api/v1/screenshot", content=big)
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_screenshot_page_errors_are_friendly(client):
    r = client.post("/screenshot", files={"file": ("x.pdf", b"%PDF-1.7 ...", "application/pdf")}, data={"lang": "fr"})
    assert r.status_code == 415 and "PDF" in r.text and "Traceback" not in r.text
    r = client.post("/screenshot", data={"lang": "en"})
    assert r.status_code == 400 and "Choose a screenshot" in r.text
    assert client.get("/screenshot", follow_redirects=False).status_code == 303


# --- in the browser ---------------------------------------------------------------------------

MOCK = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; font: 16px/1.35 Roboto, "DejaVu Sans", sans-serif; background: {page}; color: {ink}; }}
.bar {{ display: flex; justify-content: space-between; padding: 4px 16px; font-size: 14px; font-weight: 600; }}
.head {{ background: {bar}; padding: 10px 16px 8px 48px; }} .head b {{ font-size: 18px; display: block; }}
.head small {{ color: {muted}; }} .day {{ text-align: center; color: {muted}; font-size: 12px; margin: 14px 0; }}
.bubble {{ background: {bubble}; border-radius: 18px; padding: 12px; margin: 0 12px; max-width: 70%;
          overflow-wrap: anywhere; }} .time {{ color: {muted}; font-size: 12px; margin: 6px 16px; }}
.input {{ position: fixed; bottom: 12px; left: 52px; right: 16px; background: {bar}; border-radius: 20px;
         padding: 10px 16px; color: {muted}; }}
</style></head><body><div class="bar"><span>09:41</span><span>87 %</span></div>
<div class="head"><b>{sender}</b><small>SMS</small></div><div class="day">Aujourd'hui 09:38</div>
<div class="bubble">{text}</div><div class="time">09:38</div><div class="input">Message texte</div></body></html>"""


@needs_ocr
def test_upload_a_screenshot_from_a_phone_sized_page(browser, page, live_server, axe_source):
    from test_e2e import audit, no_csp_errors
    # the screenshot, drawn by the browser from a mock of a messaging app in dark mode (2x)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    mock = ctx.new_page()
    mock.set_content(MOCK.format(page="#000", ink="#ececec", bar="#1c1c1e", muted="#96969c", bubble="#262629",
                                 sender="AMELI", text=SCAM))
    shot = mock.screenshot()
    ctx.close()
    page.goto(live_server + "/")
    page.set_input_files("#shot-file", files=[{"name": "Screenshot_20240312.png", "mimeType": "image/png", "buffer": shot}])
    page.click("#screenshot button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == "ARNAQUE"
    assert page.locator("mark.ev", has_text="ameli-vitale.info").count() == 1
    page.click("details.shot summary")
    boxes = page.locator("svg.shot-svg rect.shot-box")
    assert boxes.count() >= 2 and boxes.first.is_visible()
    assert page.locator("svg.shot-svg image").bounding_box()["width"] > 300
    screenshot(page, "result-screenshot-upload-phone")
    audit(page, axe_source, "result (screenshot)")
    no_csp_errors(page)
