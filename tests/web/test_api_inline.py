"""Where the API analyses a message (web/api.py, `answer_soon`): a small one in the event loop,
a big one (or a screenshot) in the thread pool, so that it never holds up the loop."""
from __future__ import annotations

from fastapi.testclient import TestClient

from demasque.web import Settings, create_app
from demasque.web import api

SMS = "Assurance Maladie : votre carte Vitale expire, mettez-la a jour : https://ameli-vitale.info"


def _client_counting_pool(monkeypatch) -> tuple[TestClient, list]:
    sent = []

    async def pool(fn, *args):
        sent.append(fn.__name__)
        return fn(*args)

    monkeypatch.setattr(api, "run_in_threadpool", pool)
    return TestClient(create_app(Settings(rate_per_minute=0))), sent


def test_a_small_message_is_answered_in_the_loop_a_big_one_in_the_pool(monkeypatch):
    client, sent = _client_counting_pool(monkeypatch)
    small = client.post("/api/v1/analyze", json={"channel": "sms", "text": SMS})
    assert small.status_code == 200 and small.json()["verdict"] == "scam" and sent == []
    big = client.post("/api/v1/analyze", json={"channel": "sms", "text": SMS + " ok" * (api.INLINE_BYTES // 3)})
    assert big.status_code == 200 and big.json()["verdict"] == "scam" and sent == ["answer"]


def test_email_size_decides_too(monkeypatch):
    client, sent = _client_counting_pool(monkeypatch)
    head = "From: Assurance Maladie <x@ameli-remb.top>\r\nSubject: Remboursement\r\n\r\n"
    r = client.post("/api/v1/email", content=(head + SMS).encode(), headers={"content-type": "message/rfc822"})
    assert r.status_code == 200 and sent == []
    r = client.post("/api/v1/email", content=(head + SMS + "\r\n" + "x" * api.INLINE_BYTES).encode(),
                    headers={"content-type": "message/rfc822"})
    assert r.status_code == 200 and sent == ["answer"]


def test_an_error_inline_is_the_same_json_error(monkeypatch):
    client, sent = _client_counting_pool(monkeypatch)
    r = client.post("/api/v1/analyze", json={"channel": "sms", "text": "   "})
    assert r.status_code == 400 and "error" in r.json() and sent == []
