"""Locust scenarios for the load benchmark of the web API (run through benchmarks/load_web.py).

`SmsUser` posts SMS records to /api/v1/analyze, `EmailUser` posts raw e-mails (plain and HTML) to
/api/v1/email; each user sends at a constant rate (LOAD_RATE_PER_USER requests per second), so the
total load is users x rate. Messages are invented (no real data).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path

from locust import FastHttpUser, constant_throughput, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import sms_messages  # noqa: E402  (the same invented SMS as the core benchmark)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "web" / "fixtures"


def sms_bodies(n: int, rng: random.Random) -> list[bytes]:
    """The SMS of the core benchmark, as API records."""
    return [json.dumps({"id": str(i), "channel": "sms", "sender": sender, "text": text}).encode()
            for i, (text, sender) in enumerate(sms_messages(n, rng))]


def email_bodies(n: int, rng: random.Random) -> list[bytes]:
    base = [(FIXTURES / name).read_bytes() for name in ("genuine_ameli.eml", "scam_ameli.eml") if (FIXTURES / name).exists()]
    out = []
    for i in range(n):
        if i % 3 == 2 or not base:
            out.append((f"From: Assurance Maladie <contact{i}@ameli-dossier{i % 7}.com>\r\nTo: claire@example.org\r\n"
                        f"Subject: Dossier N {40000 + i}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                        "<html><body>" + "<p>Votre remboursement de {0},20 &euro; est en attente.</p>".format(rng.randint(10, 300)) * 20
                        + f'<a href="https://ameli-verif{i}.example/login">https://www.ameli.fr</a></body></html>\r\n').encode())
        else:
            out.append(base[i % len(base)])
    return out


RATE = float(os.environ.get("LOAD_RATE_PER_USER", "5"))
_sms = itertools.cycle(sms_bodies(300, random.Random(1)))
_mail = itertools.cycle(email_bodies(300, random.Random(2)))


class SmsUser(FastHttpUser):
    wait_time = constant_throughput(RATE)

    @task
    def analyze_sms(self) -> None:
        self.client.post("/api/v1/analyze", data=next(_sms), headers={"content-type": "application/json"}, name="sms")


class EmailUser(FastHttpUser):
    wait_time = constant_throughput(RATE)

    @task
    def analyze_email(self) -> None:
        self.client.post("/api/v1/email", data=next(_mail), headers={"content-type": "message/rfc822"}, name="email")
