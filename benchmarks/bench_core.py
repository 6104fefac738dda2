"""Throughput and latency of analyze() on one core: SMS, plain e-mails, 50 KB HTML e-mails.

    python benchmarks/bench_core.py [--n 3000] [--repeats 3] [--json]

Prints messages/second (median of the repeats), p50/p99 latency per message and the peak
resident memory of the process. Messages are generated from invented templates (no real data).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import time

from demasque.adapters import from_eml, from_sms
from demasque.api import analyze

SMS = [
    "Assurance Maladie: votre carte Vitale expire le {d}/11, mettez-la a jour: https://ameli-{w}.info/{n}",
    "ASSURANCE MALADIE: votre attestation de droits est disponible dans votre compte ameli. https://www.ameli.fr/assure",
    "CPAM: un remboursement de {n},50 EUR est en attente. Rappelez le 0899 {n:03d} 456 sous 24h.",
    "Coucou, on se retrouve a {d}h devant la pharmacie ? Bises",
    "Votre colis n{n} est en attente, reglez 1,99 EUR: bit.ly/{w}{n}",
    "ASSURANCE MALADIE: la vaccination contre la grippe est ouverte. Infos: https://www.ameli.fr/vaccination",
]
WORDS = ["secure", "verif", "compte", "remb", "sante", "maj"]


def sms_messages(n: int, rng: random.Random):
    return [(SMS[i % len(SMS)].format(d=rng.randint(1, 28), n=rng.randint(1, 999), w=rng.choice(WORDS)),
             rng.choice(["38663", "AMELI", "+33612345678"])) for i in range(n)]


def plain_email(i: int) -> bytes:
    return (f"From: Assurance Maladie <contact{i}@ameli-dossier{i % 7}.com>\r\nTo: claire@example.org\r\n"
            f"Subject: Dossier N {40000 + i}\r\nReply-To: r{i}@proton.me\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Bonjour,\r\nVotre remboursement de 89,90 EUR est en attente. Merci de confirmer vos coordonnees bancaires "
            f"sur https://ameli-remb{i % 5}.top/form avant 48h.\r\nService client Ameli\r\n").encode()


def html_email(i: int, size: int = 50_000) -> bytes:
    block = ("<tr><td style=\"font-family:Arial;color:#333\"><p>L'Assurance Maladie vous informe des actions de prevention "
             "pres de chez vous. <a href=\"https://statsndm.info.ameli.fr/r/{k}\">En savoir plus</a></p></td></tr>\n")
    rows, k = [], 0
    while sum(len(r) for r in rows) < size:
        rows.append(block.format(k=k))
        k += 1
    body = "<html><head><style>td{padding:4px}</style></head><body><table>" + "".join(rows) + "</table></body></html>"
    return ("From: Votre Assurance Maladie <assurance-maladie@info.ameli.fr>\r\nSubject: Votre lettre d'information\r\n"
            "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=info.ameli.fr; dkim=pass header.d=info.ameli.fr; dmarc=pass\r\n"
            f"Message-ID: <{i}@info.ameli.fr>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body).encode()


def one_core() -> None:
    """Pin this process to one CPU (the figures are per core), where the system allows it."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass


def measure(items, fn, repeats: int) -> dict:
    for it in items[:50]:
        fn(it)  # warm caches
    rates, lat = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for it in items:
            s = time.perf_counter()
            fn(it)
            lat.append(time.perf_counter() - s)
        rates.append(len(items) / (time.perf_counter() - t0))
    lat.sort()
    return {"n": len(items), "repeats": repeats, "msgs_per_s": round(statistics.median(rates)),
            "p50_ms": round(lat[len(lat) // 2] * 1000, 3), "p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    one_core()
    rng = random.Random(7)
    res = {
        "sms": measure(sms_messages(a.n, rng), lambda it: analyze(from_sms(it[0], it[1])), a.repeats),
        "email_plain": measure([plain_email(i) for i in range(max(200, a.n // 3))], lambda b: analyze(from_eml(b)), a.repeats),
        "email_html_50kb": measure([html_email(i) for i in range(max(100, a.n // 15))], lambda b: analyze(from_eml(b)), a.repeats),
    }
    res["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if a.json:
        print(json.dumps(res, indent=2))
        return
    print(f"{'kind':<16} {'msgs/s':>8} {'p50 ms':>8} {'p99 ms':>8}   (one core, median of {a.repeats} runs)")
    for k in ("sms", "email_plain", "email_html_50kb"):
        r = res[k]
        print(f"{k:<16} {r['msgs_per_s']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    print(f"peak RSS: {res['peak_rss_mib']} MiB")


if __name__ == "__main__":
    main()
