"""Locust scenarios for the load benchmark of the web API (run through benchmarks/load_web.py).

`SmsUser` posts SMS records to /api/v1/analyze, `EmailUser` posts raw e-mails (plain and HTML) to
/api/v1/email; each user sends at a constant rate (LOAD_RATE_PER_USER requests per second), so the
total load is users x rate. Messages are invented (no real data).
"""
from __future__ import annotations

import itertools
import os
import random
import sys
from pathlib import Path

from locust import FastHttpUser, constant_throughput, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bodies import email_bodies, sms_bodies  # noqa: E402  (shared with load_web.py's open-loop generator)

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
