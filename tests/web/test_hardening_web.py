"""Issue 13, the web rows: no 500 on text that cannot be encoded (row 5), the person's message
isolated for bidi (row 11), slow clients cut off (row 14), no byte of a body in the logs (row 15)."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient
from lxml import html as lhtml

from demasque.web import Settings, create_app

BODY = "Votre carte Vitale expire. Envoyez votre IBAN sur https://ameli-vitale.info\n"
EMLS = {
    "utf8": ("From: Assurance Maladie S\u00e9curit\u00e9 sociale <x@evil.com>\nSubject: S\u00e9curit\u00e9 carte Vitale\n\n"
             + BODY).encode("utf-8"),
    "latin1": ("From: Assurance Maladie S\u00e9curit\u00e9 sociale <x@evil.com>\nSubject: S\u00e9curit\u00e9 carte Vitale\n\n"
               + BODY).encode("latin-1"),
}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(rate_per_minute=0)), raise_server_exceptions=False)


@pytest.mark.parametrize("kind", sorted(EMLS))
def test_row05_raw_header_bytes_never_give_a_500(client, kind):
    """`From: Sécurité sociale` as raw UTF-8 or latin-1 gave 500 (UnicodeEncodeError) on four routes."""
    eml = EMLS[kind]
    responses = {
        "/check": client.post("/check", data={"text": eml.decode("utf-8", "replace"), "channel": "email"}),
        "/upload": client.post("/upload", files={"file": ("m.eml", eml, "message/rfc822")}),
        "/api/v1/email": client.post("/api/v1/email", content=eml),
        "/api/v1/analyze": client.post("/api/v1/analyze", headers={"content-type": "application/json"},
                                       content=json.dumps({"channel": "email", "raw": eml.decode("utf-8", "surrogateescape")}).encode()),
    }
    for route, r in responses.items():
        assert r.status_code == 200, (route, r.status_code)
        r.content.decode("utf-8")
        assert ("curit" if route == "/check" else "S\u00e9curit\u00e9") in r.text, route   # pasted text holds no raw bytes
    report = responses["/api/v1/email"].json()
    assert report["verdict"] == "scam"


@pytest.mark.parametrize("payload", [
    b'{"channel":"sms","text":"Carte Vitale : envoyez votre IBAN \\ud800 sur https://ameli-vitale.info"}',
    b'{"channel":"sms","text":"Carte Vitale : envoyez votre IBAN","id":"\\ud800"}',
    b'{"channel":"email","raw":"From: Assurance Maladie \\ud800 <a@evil.com>\\nSubject: IBAN\\n\\nenvoyez votre IBAN"}',
    b'{"channel":"call","caller":"\\udce9","text":"il voulait mon IBAN \\ud800"}'])
def test_row05_lone_surrogates_in_json_never_give_a_500(client, payload):
    r = client.post("/api/v1/analyze", content=payload, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text[:200]
    assert r.json()["verdict"] in ("scam", "suspicious", "no_red_flags")
    r = client.post("/api/v1/link", content=b'{"link":"\\ud800ameli.fr"}', headers={"content-type": "application/json"})
    assert r.status_code < 500


RLO = "\u202e"


def _isolated(el) -> bool:
    while el is not None:
        if el.tag == "bdi" or el.get("dir"):
            return True
        el = el.getparent()
    return False


@pytest.mark.parametrize("route,data", [
    ("/check", {"text": f"Assurance Maladie {RLO}votre carte Vitale expire: https://ameli-vitale.info", "channel": "sms"}),
    ("/check", {"text": f"From: {RLO}Assurance Maladie <a@evil.com>\nSubject: {RLO}carte\n\n{RLO}IBAN svp", "channel": "email"}),
    ("/link", {"link": f"https://ameli{RLO}-vitale.info"}),
])
def test_row11_the_message_is_isolated_for_bidi(client, route, data):
    """A U+202E in a message reversed the page's own text that followed it."""
    r = client.post(route, data=data)
    assert r.status_code == 200
    doc = lhtml.fromstring(r.text)
    found = 0
    for el in doc.iter():
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            if text and RLO in text:
                found += 1
                assert owner is not None and _isolated(owner), f"U+202E outside <bdi>/dir in <{owner.tag if owner is not None else '?'}>"
    assert found


def _server(read_timeout: float, header_timeout: float):
    import uvicorn

    from demasque.web.slowclient import TimedH11Protocol

    class Quick(TimedH11Protocol):
        pass
    Quick.header_timeout = header_timeout
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(rate_per_minute=0, read_timeout=read_timeout)), host="127.0.0.1",
                            port=port, log_level="warning", access_log=False, lifespan="off", http=Quick)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        assert time.time() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    return server, thread, port


def _drip(conn, data: bytes, every: float, give_up: float) -> tuple[float, bytes]:
    """Send `data` on `conn` one byte every `every` s; (seconds until the server answered or
    closed the connection, its answer)."""
    conn.settimeout(every)
    t0 = time.time()
    answer = b""
    try:
        for b in data:
            conn.sendall(bytes([b]))
            try:
                chunk = conn.recv(4096)
                answer += chunk
                if not chunk or answer:
                    break
            except socket.timeout:
                pass
            if time.time() - t0 > give_up:
                break
    except OSError:
        pass
    finally:
        conn.close()
    return time.time() - t0, answer


def test_row14_slow_clients_are_cut_off():
    """Clients sending one byte every 2 s kept connections open for ever (no read timeout)."""
    server, thread, port = _server(read_timeout=1.0, header_timeout=1.0)
    try:
        headers = b"POST /api/v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" * 20
        took, answer = _drip(socket.create_connection(("127.0.0.1", port)), headers, every=0.2, give_up=8)
        assert took < 4, f"slow headers held the connection {took:.1f} s"
        body = b'{"channel":"sms","text":"' + b"a" * 60 + b'"}'
        request = (b"POST /api/v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(body))
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(request)
        took, answer = _drip(conn, body, every=0.2, give_up=8)
        assert took < 4 and answer.startswith(b"HTTP/1.1 408"), (took, answer[:80])
        # a client at normal speed is served
        with socket.create_connection(("127.0.0.1", port)) as ok:
            ok.settimeout(10)
            ok.sendall(request + body)
            assert ok.recv(64).startswith(b"HTTP/1.1 200")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


MARK = b"ZQXJ"


@pytest.mark.parametrize("content_type,body", [
    ("multipart/form-data; boundary=xx", b"garbage " + MARK),
    ("multipart/form-data; boundary=xx", b"--xx\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + MARK + b"\xff\r\n--x"),
    ("multipart/form-data; boundary=xx", b"--xx\r\n" + MARK + b"\r\n\r\n--xx--"),
    ("application/x-www-form-urlencoded", b"text=" + MARK + b"%ff%fe&&&channel=sms"),
    ("application/json", b'{"channel": "sms", "text": "' + MARK + b'"'),
])
def test_row15_no_byte_of_a_body_in_any_log_line(client, caplog, content_type, body):
    """A malformed multipart to /check wrote one byte of the body to the log (python-multipart)."""
    with caplog.at_level(logging.DEBUG):
        for route in ("/check", "/upload", "/api/v1/analyze", "/api/v1/email"):
            client.post(route, content=body, headers={"content-type": content_type})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.name.startswith(("python_multipart", "multipart"))]
    assert MARK.decode() not in logged
    for b in set(MARK + body):          # "got 103": a byte of the body written as a number
        assert f"got {b} " not in logged
