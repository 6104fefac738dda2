"""The request bodies of the web load benchmark (locustfile.py and load_web.py's open-loop
generator), kept apart from locust: importing locust patches the standard library (gevent)."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import sms_messages  # noqa: E402  (the same invented SMS as the core benchmark)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "web" / "fixtures"


def sms_bodies(n: int, rng: random.Random) -> list[bytes]:
    """The SMS of the core benchmark, as API records."""
    return [json.dumps({"id": str(i), "channel": "sms", "sender": sender, "text": text}).encode()
            for i, (text, sender) in enumerate(sms_messages(n, rng))]


def email_bodies(n: int, rng: random.Random) -> list[bytes]:
    """Two invented e-mails of the web tests' fixtures and, one in three, a small HTML one."""
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
