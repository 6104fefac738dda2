"""Time per message of the e-mail adapter (`from_eml`) before and after the parsing speed work.

    python benchmarks/bench_parse.py [--n 400] [--repeats 7] [--json]

Kinds: plain one-part e-mails and 50 KB HTML e-mails (the generators of benchmarks/bench_core.py)
and multipart e-mails (text and HTML alternatives and a PDF attachment, as mail clients write them).
Each is read by the adapter as it was before (tests/parse_reference.py: `email` with policy.default,
lxml) and as it is now, one pass each in turn, in the same minutes, on one core. The time of a
message is split into HTML parsing (`parse_html`) and MIME (the rest: bounding, `email`, headers,
decoding). Figures are medians of the passes; `speed-up` is the median of each round's ratio
before / after, which the load of other people on the machine changes far less than the times.

`--parsers` also times the parsers alone on the same messages: `email` with policy.default and
compat32, fast-mail-parser (when installed), lxml and Lexbor (selectolax, when installed).
`--lexbor` times adapters/html.py against the same reading on Lexbor (benchmarks/html_lexbor.py) on
the HTML of the messages, then on nested and on unclosed formatting tags, each in a fresh process
(CPU seconds and peak memory): the inputs on which an HTML5 parser's cost is quadratic.
"""
from __future__ import annotations

import argparse
import base64
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import parse_reference  # noqa: E402  (the adapter before: tests/parse_reference.py)
from bench_core import html_email, one_core, plain_email  # noqa: E402

import demasque.adapters.email as adapter  # noqa: E402

PDF = base64.encodebytes(b"%PDF-1.4\n" + bytes(range(256)) * 24).decode()


def multipart_email(i: int) -> bytes:
    """multipart/mixed: text and HTML alternatives (quoted-printable, Latin-1 and UTF-8), a PDF."""
    text = ("Bonjour Claire,\r\n\r\nVotre remboursement de 89,90 =E2=82=AC est en attente. Connectez-vous =\r\n"
            f"sur https://ameli-remb{i % 5}.top/form avant 48h pour le recevoir.\r\n\r\nService client Ameli\r\n")
    html = ("<html><body><p>Bonjour Claire,</p><p>Votre remboursement de 89,90 =80 est en attente.</p>"
            f"<p><a href=3D\"https://ameli-remb{i % 5}.top/form\">Acc=E9der =E0 mon compte</a></p>"
            "<p style=3D\"color:#d00\">Dernier d=E9lai : 48h</p><p>Service client Ameli</p></body></html>\r\n")
    return (f"From: =?utf-8?q?Assurance_Maladie?= <contact{i}@ameli-dossier{i % 7}.com>\r\nTo: claire@example.org\r\n"
            f"Subject: =?utf-8?b?{base64.b64encode(f'Remboursement n° {40000 + i} en attente'.encode()).decode()}?=\r\n"
            f"Date: Tue, 3 Mar 2026 10:{i % 60:02d}:00 +0100\r\nMessage-ID: <{i}@ameli-dossier{i % 7}.com>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n\tboundary=\"mixed-{i}\"\r\n\r\n"
            f"--mixed-{i}\r\nContent-Type: multipart/alternative; boundary=\"alt-{i}\"\r\n\r\n"
            f"--alt-{i}\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{text}"
            f"--alt-{i}\r\nContent-Type: text/html; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{html}"
            f"--alt-{i}--\r\n\r\n--mixed-{i}\r\nContent-Type: application/pdf; name=\"releve_{i}.pdf\"\r\n"
            f"Content-Disposition: attachment; filename=\"releve_{i}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{PDF}"
            f"--mixed-{i}--\r\n").replace("{i}", str(i)).encode()


KINDS = {"plain": plain_email, "multipart": multipart_email, "html_50kb": html_email}
IMPLS = {"before": (parse_reference, "from_eml_reference", "parse_html_reference"),
         "after": (adapter, "from_eml", "parse_html")}


def one_pass(impl: str, items: list[bytes]) -> tuple[float, float]:
    """Seconds per message: (whole from_eml, of which parse_html)."""
    module, fn_name, html_name = IMPLS[impl]
    real = getattr(module, html_name)
    spent = [0.0]

    def timed(source):
        t = time.perf_counter()
        try:
            return real(source)
        finally:
            spent[0] += time.perf_counter() - t

    setattr(module, html_name, timed)
    try:
        fn = getattr(module, fn_name)
        t0 = time.perf_counter()
        for raw in items:
            fn(raw)
        total = time.perf_counter() - t0
    finally:
        setattr(module, html_name, real)
    return total / len(items), spent[0] / len(items)


def measure(items: list[bytes], repeats: int) -> dict:
    for impl in IMPLS:
        one_pass(impl, items[:20])                   # warm caches and imports
    runs: dict[str, list[tuple[float, float]]] = {impl: [] for impl in IMPLS}
    for _ in range(repeats):
        for impl in IMPLS:
            runs[impl].append(one_pass(impl, items))
    out: dict = {"n": len(items), "repeats": repeats}
    for impl, rs in runs.items():
        out[impl] = {"total_us": round(statistics.median(t for t, _ in rs) * 1e6, 1),
                     "html_us": round(statistics.median(h for _, h in rs) * 1e6, 1),
                     "mime_us": round(statistics.median(t - h for t, h in rs) * 1e6, 1)}
    for part, idx in (("total", None), ("mime", "mime"), ("html", 1)):
        ratios = []
        for (bt, bh), (at, ah) in zip(runs["before"], runs["after"]):
            b, a = {"total": (bt, at), "mime": (bt - bh, at - ah), "html": (bh, ah)}[part]
            if a > 0:
                ratios.append(b / a)
        out[f"speedup_{part}"] = round(statistics.median(ratios), 2) if ratios else None
    return out


def parsers(items_by_kind: dict[str, list[bytes]], repeats: int) -> dict:
    """The parsers alone, medians of `repeats` passes, microseconds per message."""
    import email
    from email import policy

    from lxml import etree
    cands = {"email policy.default": lambda b: email.message_from_bytes(b, policy=policy.default),
             "email compat32": lambda b: email.message_from_bytes(b, policy=policy.compat32)}
    try:
        import fast_mail_parser
        cands["fast-mail-parser (tree)"] = fast_mail_parser.parse_email_tree
    except ImportError:
        pass
    res: dict = {}
    for kind, items in items_by_kind.items():
        res[kind] = {name: _median_us(fn, items, repeats) for name, fn in cands.items()}
    bodies = [_html_body(raw) for raw in items_by_kind["html_50kb"]]
    parser = etree.HTMLParser(encoding="utf-8")
    res["html_50kb"]["lxml (libxml2)"] = _median_us(lambda b: etree.fromstring(b.encode(), parser), bodies, repeats)
    try:
        from selectolax.lexbor import LexborHTMLParser
        res["html_50kb"]["Lexbor (selectolax)"] = _median_us(LexborHTMLParser, bodies, repeats)
    except ImportError:
        pass
    return res


def _html_body(raw: bytes) -> str:
    import email
    from email import policy
    for part in email.message_from_bytes(raw, policy=policy.default).walk():
        if part.get_content_type() == "text/html":
            return part.get_content()
    return ""


_HOSTILE = {   # name -> (HTML of size n, sizes)
    "nested <div>": ("'<div>' * n", (2000, 4000, 8000)),
    # each <dd> closes the last one and its <b>s, each x reopens them all (HTML5 "reconstruct the
    # active formatting elements"): n * n elements
    "unclosed formatting tags": ("'<dd>' + ''.join(f'<b a={i}>' for i in range(n)) + '<dd>x' * n", (250, 500, 1000)),
}
_HOSTILE_RUN = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
n = int(sys.argv[3])
html = eval(sys.argv[2])
if sys.argv[4] == "lexbor":
    from html_lexbor import parse_html
else:
    from demasque.adapters.html import parse_html
t = time.process_time()
parse_html(html)
print(json.dumps([len(html), time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))
"""


def lexbor(items_by_kind: dict[str, list[bytes]], repeats: int) -> dict:
    import html_lexbor

    from demasque.adapters.html import parse_html
    res: dict = {}
    for kind in ("multipart", "html_50kb"):
        bodies = [_html_body(raw) for raw in items_by_kind[kind]]
        for name, fn in (("lxml", parse_html), ("lexbor", html_lexbor.parse_html)):
            fn(bodies[0])
        runs = {"lxml": [], "lexbor": []}
        for _ in range(repeats):
            for name, fn in (("lxml", parse_html), ("lexbor", html_lexbor.parse_html)):
                runs[name].append(_median_us(fn, bodies, 1))
        res[kind] = {name: round(statistics.median(v), 1) for name, v in runs.items()}
        res[kind]["speedup"] = round(statistics.median(a / b for a, b in zip(runs["lxml"], runs["lexbor"])), 2)
    for name, (expr, sizes) in _HOSTILE.items():
        res[name] = {}
        for n in sizes:
            for impl in ("lxml", "lexbor"):
                out = subprocess.run([sys.executable, "-c", _HOSTILE_RUN, str(HERE), expr, str(n), impl],
                                     capture_output=True, text=True, check=True).stdout
                size, cpu, rss = json.loads(out)
                res[name][f"{size} bytes, {impl}"] = {"cpu_s": round(cpu, 3), "peak_mib": round(rss)}
    return res


def _median_us(fn, items, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        for x in items:
            fn(x)
        times.append((time.perf_counter() - t) / len(items))
    return round(statistics.median(times) * 1e6, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400, help="messages of each kind (a fifth of it for 50 KB HTML)")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--parsers", action="store_true", help="also time the parsers alone")
    ap.add_argument("--lexbor", action="store_true", help="also time the Lexbor candidate (needs selectolax)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    one_core()
    import demasque.api  # noqa: F401  (the process a batch runs in: rules and model loaded)
    items = {kind: [gen(i) for i in range(a.n // 5 if kind == "html_50kb" else a.n)] for kind, gen in KINDS.items()}
    res = {kind: measure(its, a.repeats) for kind, its in items.items()}
    if a.parsers:
        res["parsers_alone_us"] = parsers(items, a.repeats)
    if a.lexbor:
        res["lexbor"] = lexbor(items, a.repeats)
    if a.json:
        print(json.dumps(res, indent=2))
        return
    print(f"from_eml, microseconds per message, one core, median of {a.repeats} passes")
    print(f"{'kind':<11} {'':>7} {'total':>8} {'MIME':>8} {'HTML':>8}")
    for kind in KINDS:
        r = res[kind]
        for impl in IMPLS:
            print(f"{kind:<11} {impl:>7} {r[impl]['total_us']:>8} {r[impl]['mime_us']:>8} {r[impl]['html_us']:>8}")
        html = f"{r['speedup_html']:>7}x" if r["speedup_html"] else f"{'-':>8}"
        print(f"{kind:<11} {'speed-up':>7} {r['speedup_total']:>7}x {r['speedup_mime']:>7}x {html}")
    if a.parsers:
        print("\nparsers alone, microseconds per message")
        for kind, cands in res["parsers_alone_us"].items():
            for name, us in cands.items():
                print(f"{kind:<11} {name:<26} {us:>8}")
    if a.lexbor:
        print("\nparse_html: lxml (adapters/html.py) against Lexbor (benchmarks/html_lexbor.py)")
        for kind in ("multipart", "html_50kb"):
            r = res["lexbor"][kind]
            print(f"{kind:<11} lxml {r['lxml']:>8} us   Lexbor {r['lexbor']:>8} us   Lexbor faster by {r['speedup']}x")
        for name in _HOSTILE:
            for case, r in res["lexbor"][name].items():
                print(f"{name:<26} {case:<24} {r['cpu_s']:>7} s CPU {r['peak_mib']:>6} MiB peak")


if __name__ == "__main__":
    main()
