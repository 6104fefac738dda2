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
from pathlib import Path

from locust import FastHttpUser, constant_throughput, task

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "web" / "fixtures"

SMS = [
    "Assurance Maladie: votre carte Vitale expire le {d}/11, mettez-la a jour: https://ameli-{w}.info/{n}",
    "ASSURANCE MALADIE: votre attestation de droits est disponible dans votre compte ameli. https://www.ameli.fr/assure",
    "CPAM: un remboursement de {n},50 EUR est en attente. Rappelez le 0899 {n:03d} 456 sous 24h.",
    "Coucou, on se retrouve a {d}h devant la pharmacie ? Bises",
    "Votre colis n{n} est en attente, reglez 1,99 EUR: bit.ly/{w}{n}",
    "ASSURANCE MALADIE: la vaccination contre la grippe est ouverte. Infos: https://www.ameli.fr/vaccination",
]
WORDS = ["secure", "verif", "compte", "remb", "sante", "maj"]


def sms_bodies(n: int, rng: random.Random) -> list[bytes]:
    return [json.dumps({"id": str(i), "channel": "sms", "sender": rng.choice(["38663", "AMELI", "+33612345678"]),
                        "text": SMS[i % len(SMS)].format(d=rng.randint(1, 28), n=rng.randint(1, 999), w=rng.choice(WORDS))}).encode()
            for i in range(n)]


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
