"""Issue 13: an attacker's pass. One test per row of the issue's table (test_rowNN_...), each failing
before its fix, plus the guarantees behind them: rule patterns linear by construction, every rule
timed on inputs built from its own literals, evidence offsets back into the person's own text.

Timings here are ratios of CPU times measured in the same test (the same work done at 1x and 10x
the size), never absolute figures: the figures are in benchmarks/bench_hostile.py."""
from __future__ import annotations

import email as std_email
import re
import time

import pytest

from demasque.adapters import from_eml, from_text
from demasque.api import analyze, analyze_text
from demasque.extract import Features
from demasque.extract.textnorm import norm
from demasque.profile import default_profile
from demasque.rules import load_rules


def problems(pattern: str) -> list[str]:
    from demasque.rules.redos import problems as redos_problems
    return redos_problems(pattern)


def normalize(text: str):
    from demasque.extract.textnorm import normalize as textnorm_normalize
    return textnorm_normalize(text)

@pytest.fixture(autouse=True)
def _no_sentence_cache(monkeypatch):
    # The cues of sentences of ordinary length are kept between messages (speech._cues): timing
    # the same short input again and again would measure the cache, not the work.
    from demasque.rules import speech
    monkeypatch.setattr(speech, "_CUES_KEPT", -1)


LINEAR_SLACK = 3.0     # the same total work at 10x the size may take at most 3x the time


def cpu(fn, repeats: int = 3) -> float:
    """The least CPU time of `repeats` runs of fn (the least is the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return max(best, 1e-6)


def growth(make, small: int, factor: int = 10, run=None) -> float:
    """Time of one input of size small*factor over `factor` inputs of size `small`: about 1 when
    the work is linear, about `factor` when it is quadratic."""
    run = run or (lambda x: analyze_text(x, channel="sms"))
    small_in, big_in = make(small), make(small * factor)
    run(small_in)                       # warm caches (rules, model) out of the timing
    t_small = cpu(lambda: [run(small_in) for _ in range(factor)])
    t_big = cpu(lambda: run(big_in))
    return t_big / t_small


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


# ---------------------------------------------------------------------------------------------
# HIGH severity


@pytest.mark.parametrize("unit", ["iban ", "rib mdp cvv nir iban "])
def test_row01_keyword_repetition_is_linear(unit):
    """The same long sentence was searched again for every keyword match: 10 KB took 22 s."""
    ratio = growth(lambda n: _fill(unit, n), 1_000, factor=8)
    assert ratio < LINEAR_SLACK, f"{unit!r}: 8x the text took {ratio:.1f}x the time of 8 short ones"


def test_row01_long_sentence_still_judged_once_per_sentence():
    """The per-sentence decision is kept: a warning sentence stays a warning however long."""
    warn = "L'Assurance Maladie ne vous demandera jamais votre iban " + "ni votre iban " * 2000 + "."
    ask = "CPAM : merci de nous envoyer votre iban " + "et votre iban " * 2000 + "."
    assert "data.bank_details" not in {s.rule for s in analyze_text(warn, channel="sms").signals}
    assert "data.bank_details" in {s.rule for s in analyze_text(ask, channel="sms").signals}


def test_row02_reference_in_subject_is_linear():
    """`\\s*(?:...)?\\s*[:#]?\\s*` in formatting.reference_in_subject was cubic: 63 s."""
    rule = next(r for r in load_rules() if r.id == "formatting.reference_in_subject")
    for pat in rule.pattern["any"]:
        assert problems(pat) == [], pat
    rx = rule.compile()._any
    ratio = growth(lambda n: "dossier" + " " * n, 150, factor=4, run=rx.search)
    assert ratio < LINEAR_SLACK, f"4x the spaces took {ratio:.1f}x the time"
    raw = ("From: a@b.fr\nSubject: dossier" + "\u200b" * 2000 + "\n\nBonjour\n").encode()
    assert cpu(lambda: analyze(from_eml(raw)), repeats=1) < 5


def test_row02_reference_in_subject_still_matches():
    hits = {s.rule for s in analyze(from_eml(b"From: Assurance Maladie <a@b.com>\nSubject: Dossier N\xc2\xb0 AM-48213 : action\n\nBonjour")).signals}
    assert "formatting.reference_in_subject" in hits
    hits = {s.rule for s in analyze(from_eml(b"From: Assurance Maladie <a@b.com>\nSubject: Dossier   :  #  AB-2024/77\n\nBonjour")).signals}
    assert "formatting.reference_in_subject" in hits


def _bomb(words: int) -> bytes:
    return ("From: " + "=?utf-8?b?QUJD?= " * words + "<x@evil.com>\nSubject: hi\n\nbody\n").encode()


def test_row03_encoded_word_header_memory_is_bounded():
    """A From: of 4,000 encoded words cost the standard parser ~300 MB (10,000: 1.8 GB)."""
    import tracemalloc
    analyze(from_eml(_bomb(10)))
    tracemalloc.start()
    try:
        report = analyze(from_eml(_bomb(4_000)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert any("header" in w for w in report.warnings)


def test_row03_headers_are_bounded_before_the_parser(monkeypatch):
    from demasque.limits import MAX_HEADER_BYTES, MAX_HEADERS_BYTES
    seen = []
    real = std_email.message_from_bytes

    def spy(raw, *a, **kw):
        seen.append(raw)
        return real(raw, *a, **kw)

    monkeypatch.setattr(std_email, "message_from_bytes", spy)
    from_eml(_bomb(10_000))
    many = b"".join(b"X-H%d: %s\n" % (i, b"v" * 10_000) for i in range(100))
    from_eml(b"From: a@b.fr\nSubject: s\n" + many + b"\nbody\n")
    given = [r for r in seen if len(r) > 100]
    assert given
    for raw in given:
        head = raw.split(b"\n\n", 1)[0]
        assert len(head) <= MAX_HEADERS_BYTES + 2
        logical = re.split(rb"\n(?![ \t])", head)
        assert max(len(h) for h in logical) <= MAX_HEADER_BYTES


SCAM = ("Assurance Maladie : votre carte Vi{0}tale expire. Envoyez-nous votre mot de pa{0}sse "
        "et votre IB{0}AN complet.")


@pytest.mark.parametrize("ch", ["\u00ad", "\u200b", "\u200c", "\u2060", "\u034f", "\u200e", "\u202e", "\ufeff", "\u180e"])
def test_row04_invisible_characters_do_not_blind_rules(ch):
    plain = analyze_text(SCAM.format(""), channel="sms")
    hidden_text = SCAM.format(ch)
    hidden = analyze_text(hidden_text, channel="sms")
    assert hidden.verdict == plain.verdict == "scam"
    rules = lambda r: sorted(s.rule for s in r.signals if s.category != "model")  # noqa: E731
    assert rules(hidden) == rules(plain)
    # evidence points into the person's own text, invisible characters included
    for s in hidden.signals:
        for ev in s.evidence:
            if s.category != "model" and isinstance(ev.get("start"), int):
                assert hidden_text[ev["start"]:ev["end"]] == ev["match"]
    bank = next(s for s in hidden.signals if s.rule == "data.bank_details")
    assert bank.evidence[0]["match"] == f"IB{ch}AN"


def test_row04_html_entities_go_through_the_same_normalisation():
    html = ("<p>Assurance Maladie : votre carte Vi&shy;tale expire. Envoyez-nous votre mot de pa&shy;sse "
            "et votre IB&#8203;AN complet.</p>")
    raw = ("From: Assurance Maladie <a@evil.example>\nSubject: carte\nContent-Type: text/html; charset=utf-8\n\n"
           + html).encode()
    report = analyze(from_eml(raw))
    assert report.verdict == "scam"
    assert {"data.bank_details", "data.password_or_code"} <= {s.rule for s in report.signals}


def test_row04_fullwidth_and_decomposed_letters_are_folded():
    text = "Assurance Maladie : envoyez votre ＩＢＡＮ et votre mot de passe. Votre carte Vitale expire"
    hits = {s.rule for s in analyze_text(text, channel="sms").signals}
    assert "data.bank_details" in hits
    decomposed = "Assurance Maladie : veuillez confirmer vos coordonne\u0301es bancaires."
    assert "data.bank_details" in {s.rule for s in analyze_text(decomposed, channel="sms").signals}


# ---------------------------------------------------------------------------------------------
# Linear time by construction


@pytest.mark.parametrize("pattern,bad", [
    (r"(a+)+", True), (r"(?:\s\S+)*", True), (r"\s*[:#]?\s*x", True), (r".*x.*", True), (r"a+b?a+", True),
    (r"(?:a|b+)b+", True), (r"(a?)*", True),
    (r"\w+\s\w+", False), (r"\s*x\s*", False), (r"\bcarte\b(?:\s\S+){0,8}\s(?:frais)\b", False),
    (r"[\d\-/]{3,}", False), (r"^(?![\s\S]*\bancien\b)[\s\S]*\bnouveau", False),
    # a look-around that rescans the text from every start position, and the same anchored or bounded
    (r"(?=[\s\S]*\b\d{4}\b)\bcode\b", True), (r"(?:x|(?![\s\S]*y)z)", True),
    (r"\bcode\b(?=[^.]{0,40}\d)", False)])
def test_redos_checker_knows_the_shapes(pattern, bad):
    assert bool(problems(pattern)) == bad


def _without_claim_patterns(r):
    wc = r.without_claim
    return [("ordinary", p) for p in (wc.ordinary if wc else [])] + [("pretext", p) for p in (wc.pretext if wc else [])]


def test_every_rule_pattern_is_linear_by_construction():
    for r in load_rules():
        for key in ("any", "near", "unless"):
            for pat in (r.pattern or {}).get(key) or []:
                assert problems(pat) == [], f"{r.id} {key}: {pat}"
        for key, pat in _without_claim_patterns(r):
            assert problems(pat) == [], f"{r.id} without_claim.{key}: {pat}"


def test_a_new_super_linear_pattern_is_refused_at_load_time():
    from demasque.rules.engine import Rule
    with pytest.raises(ValueError, match="adjacent unbounded"):
        Rule(id="x.bad", category="lure", weight=0.5, title={"fr": "x", "en": "x"}, explanation={"fr": "x", "en": "x"},
             reference="x", pattern={"any": [r"\bdossier\s*:?\s*\d"]})


def _words(rule) -> list[str]:
    """The literals a rule looks for (its required literals, or the words of its patterns), and
    the words its `near` patterns want, so that every check of the rule runs."""
    p = rule.pattern
    words = list(rule.compile()._literals or [])
    for pat in p["any"] + list(p.get("near") or []):
        words += re.findall(r"[a-z°'][a-z°' ]{2,}", re.sub(r"\\[a-zA-Z]", " ", pat))
    return [w.strip() for w in dict.fromkeys(words) if w.strip()][:40]


_SHAPES = {
    "spaced": lambda ws: " ".join(ws) + " ",
    "glued": lambda ws: "".join(ws),
    "list_items": lambda ws: "".join(f"- {w}\n" for w in ws),
    "padded": lambda ws: "".join(w + " " * 40 + ": " for w in ws),
}
PATTERN_RULES = [r for r in load_rules() if r.pattern]


def _features(rule, text: str) -> Features:
    """Features for one rule check, built directly (no extractors: only the rule is timed)."""
    from demasque.message import Message
    channels = rule.pattern.get("channels") or ["sms"]
    subject = rule.pattern.get("field") == "subject"
    msg = Message(channel=channels[0], text="" if subject else text, subject=text if subject else "")
    full = (text + "\n") if subject else text
    f = Features(msg=msg, profile=default_profile(), full=full, subject_len=len(text) + 1 if subject else 0, norm=norm(full))
    f.claim = "assurance maladie"
    return f


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=[r.id for r in PATTERN_RULES])
def test_every_rule_is_linear_on_its_own_literals(rule):
    words = _words(rule)
    sizes = (100, 1_000) if rule.pattern.get("field") == "subject" else (1_000, 10_000, 100_000)  # a subject is cut at 2,000
    for shape, build in _SHAPES.items():
        unit = build(words)

        def timed(n, copies, repeats=1):
            text, best = _fill(unit, n), float("inf")
            for _ in range(repeats):
                fresh = [_features(rule, text) for _ in range(copies)]   # per-message memos start empty
                t0 = time.process_time()
                for f in fresh:
                    rule.check(f)
                best = min(best, time.process_time() - t0)
            return max(best, 1e-6)

        for small, big in zip(sizes, sizes[1:]):             # `big / small` texts of the small size vs one big
            base, t = timed(small, big // small), timed(big, 1)
            if t / base > LINEAR_SLACK:                      # measure again before failing: the machine is shared
                base, t = timed(small, big // small, 3), timed(big, 1, 3)
            assert t / base < LINEAR_SLACK, f"{rule.id} on {shape} text: {small} -> {big} chars took {t / base:.1f}x"


# ---------------------------------------------------------------------------------------------
# MEDIUM and LOW severity (the web rows 5, 11, 14, 15 are in tests/web/test_hardening_web.py)


def test_row06_a_bad_record_never_stops_the_batch(tmp_path):
    """A record of row 5 made `demasque batch` stop with a traceback and an empty output file."""
    import json as _json

    from demasque.cli import main
    lines = [
        '{"id": "1", "channel": "sms", "text": "bonjour"}',
        '{"id": "\\ud800", "channel": "sms", "text": "Carte Vitale : envoyez votre IBAN \\ud800 sur https://ameli-vitale.info"}',
        _json.dumps({"id": "3", "channel": "email", "raw": "From: Assurance Maladie S\u00e9curit\u00e9 sociale <x@evil.com>\n"
                     "Subject: IBAN\n\nEnvoyez votre IBAN"}, ensure_ascii=False),
        '{"id": "4", "channel": "email", "raw": "From: A \\udce9 <x@evil.com>\\nSubject: IBAN\\n\\nEnvoyez votre IBAN"}',
        '{"id": "5", "channel": "sms", "text": "fin"}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
                    + b'{"id": "6", "channel": "email", "raw": "From: S\xe9curit\xe9 <x@evil.com>\\nSubject: x\\n\\nIBAN"}\n')
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    got = [_json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == ["1", "\ufffd", "3", "4", "5", "6"]
    assert all("verdict" in g for g in got)
    assert got[1]["verdict"] == "scam"
    assert "S\u00e9curit\u00e9" in _json.dumps(got[2], ensure_ascii=False)


def test_row06_json_line_is_always_writable():
    from demasque.batch import json_line
    line = json_line({"id": "\ud800", "x": "ok"})
    line.encode("utf-8")
    assert '"\\ud800"' in line


def _link_tricks(text: str) -> dict[str, str]:
    report = analyze_text(text, channel="sms")
    return {ev.get("url", ev.get("quote")): ev.get("trick", "") for s in report.signals if s.category == "link"
            for ev in s.evidence}


@pytest.mark.parametrize("url,trick", [("https://%61meli-vitale.info/x", "combosquat"),
                                       ("https://ame\u00adli-vitale.info/x", "combosquat"),
                                       ("https://ame%6ci.fr.evil.com/x", "brand_in_subdomain"),
                                       ("https://ameli\uff0efr.evil.com/x", "brand_in_subdomain"),
                                       ("https://ameli\u3002fr\u3002evil\u3002com/x", "brand_in_subdomain")])
def test_row07_hosts_are_read_as_browsers_read_them(url, trick):
    """Percent-encoded hosts, soft hyphens and IDNA dots hid look-alikes."""
    report = analyze_text(f"Assurance Maladie : mettez a jour votre carte Vitale sur {url}", channel="sms")
    look = next(s for s in report.signals if s.rule == "link.lookalike")
    assert look.evidence[0]["trick"] == trick
    assert report.verdict == "scam"


def test_row08_invalid_punycode_is_refused_not_decoded():
    """`xn--ameli-` was decoded leniently to "ameli": compte.xn--ameli-.fr was called official."""
    from demasque.lookup import check_link
    r = check_link("https://compte.xn--ameli-.fr/login")
    assert r["status"] != "official" and r["verdict"] != "no_red_flags"
    assert "invalid_host" in [t["trick"] for t in r["tricks"]]
    assert r["unicode_host"] == "compte.xn--ameli-.fr"


def test_row09_long_hosts_are_never_cut_into_an_official_suffix():
    """A 300-character host ending .ameli.fr.evil.com was cut at 253 characters, leaving ameli.fr."""
    from demasque.lookup import check_link
    host = ".".join(["a" * 60] * 4) + ".ameli.fr.evil.com"
    r = check_link(f"https://{host}/")
    assert r["registrable"] == "evil.com" and r["verdict"] == "scam"
    assert {"brand_in_subdomain", "overlong_host"} <= {t["trick"] for t in r["tricks"]}
    assert _link_tricks(f"Assurance Maladie : https://{host}/x")


def test_row10_brand_in_userinfo_is_named():
    from demasque.lookup import check_link
    r = check_link("https://ameli.fr@evil.com/")
    assert r["registrable"] == "evil.com"
    assert r["lookalike"]["trick"] == "brand_in_userinfo" and r["lookalike"]["target"] == "ameli.fr"
    assert "@" in r["lookalike"]["note"]
    assert _link_tricks("Votre dossier : https://ameli.fr@evil.com/")["https://ameli.fr@evil.com/"] == "brand_in_userinfo"
    assert check_link("https://jean@example.org/")["lookalike"] is None


@pytest.mark.parametrize("value,status", [("https://[2001:db8::1]/", "ip"), ("[2001:db8::1]", "ip"),
                                          ("ameli\uff0efr", "official"), ("https://www\u3002ameli\u3002fr/", "official")])
def test_row12_ipv6_literals_and_fullwidth_dots_are_links(value, status, capsys):
    from demasque.cli import main
    assert main(["link", value, "--format", "json"]) == 0
    import json as _json
    assert _json.loads(capsys.readouterr().out)["status"] == status


def _multipart(parts: int) -> bytes:
    body = b"".join(b"--b\nContent-Type: text/plain\n\nx\n" for _ in range(parts)) + b"--b--\n"
    return b"From: a@b.fr\nSubject: s\nContent-Type: multipart/mixed; boundary=b\n\n" + body


def test_row13_mime_parts_are_capped_before_the_parser(monkeypatch):
    """60,000 parts took 10 s: the part limit applied only after the whole parse."""
    from demasque.limits import MAX_MIME_PARTS
    seen = []
    real = std_email.message_from_bytes
    monkeypatch.setattr(std_email, "message_from_bytes", lambda raw, *a, **kw: seen.append(raw) or real(raw, *a, **kw))
    msg = from_eml(_multipart(60_000))
    assert seen[0].count(b"\n--b\n") <= MAX_MIME_PARTS
    assert any("MIME parts" in w for w in msg.parse_warnings)
    assert cpu(lambda: from_eml(_multipart(60_000)), repeats=1) < 5


def test_issue9_domains_compared_before_case_folding_and_on_stacked_tricks():
    """A capital I for an l, an accent with a swapped letter, a homoglyph with an added word."""
    from demasque.lookup import check_link
    cases = {"https://ameIi.fr/": "homoglyph", "https://ameIi-remboursement.fr/": "combosquat",
             "https://\u0430meli-remboursement.fr/": "combosquat", "https://am\u00e9il.fr/": "typo",
             "https://AMEIi-sante.com/": "combosquat"}
    for url, trick in cases.items():
        r = check_link(url)
        assert r["lookalike"] and r["lookalike"]["trick"] == trick, (url, r["tricks"])
    for url in ("https://www.ameli.fr/", "https://AMELI.FR/", "https://camelia.fr/", "https://amelie-boutique.fr/"):
        r = check_link(url)
        assert r["lookalike"] is None, (url, r["tricks"])


def test_normalised_offsets_map_back_to_the_original():
    n = normalize("a\u00adb\u200bc \uff21 e\u0301 \ufb01n")
    assert n.text == "abc A \u00e9 fin"
    assert n.span(0, 3) == (0, 5)          # "abc" covers the two invisible characters
    assert n.span(4, 5) == (6, 7)          # the full-width A
    assert n.span(6, 7) == (8, 10)         # e + combining acute
    assert n.span(8, 10) == (11, 12)       # "fi" comes from one ligature
    plain = normalize("déjà vu")
    assert plain.text == "déjà vu" and not plain.changed


def test_default_ignorable_table_matches_unicode():
    """The table in textnorm is Unicode's Default_Ignorable_Code_Point, checked against Perl's
    Unicode database where Perl is installed (Debian always has it)."""
    import shutil
    import subprocess
    from demasque.extract.textnorm import _DI_RANGES
    if not shutil.which("perl"):
        pytest.skip("perl is not installed")
    out = subprocess.run(["perl", "-e", r'for $c (0..0x10FFFF){ if (chr($c) =~ /\p{Default_Ignorable_Code_Point}/) '
                          r'{ if (!defined $s) {$s=$c} $e=$c } elsif (defined $s) { printf("%X %X\n",$s,$e); undef $s } }'],
                         capture_output=True, text=True, check=True).stdout
    perl = [tuple(int(x, 16) for x in line.split()) for line in out.splitlines()]
    assert perl == list(_DI_RANGES)


def _structure(raw: bytes) -> list:
    """What the standard parser makes of an e-mail: each part's type and decoded payload (of an
    attachment, its first 32 KB: only its type is read)."""
    out = []
    for part in std_email.message_from_bytes(raw, policy=std_email.policy.default).walk():
        payload = b"" if part.is_multipart() else (part.get_payload(decode=True) or b"")
        if not part.get_content_type().startswith("text/"):
            payload = payload[:32 * 1024]
        out.append((part.get_content_type(), payload.replace(b"\r\n", b"\n").rstrip(b"\n")))
    return out


def test_bounding_keeps_ordinary_emails_whole():
    """Within the limits, the bounded copy parses exactly like the original (nothing lost)."""
    import email.policy  # noqa: F401
    from pathlib import Path

    from demasque.adapters.mimebounds import bound_email
    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "corpus" / "email").rglob("*.eml")) + sorted((root / "tests" / "web" / "fixtures").glob("*.eml"))
    shared = root.parent / "shared" / "data" / "apache-spamassassin-testmails"
    files += sorted(p for p in shared.rglob("*") if p.is_file() and p.name != "README.md") if shared.exists() else []
    assert len(files) >= 40
    digest = (b"From: a@b.fr\nSubject: d\nContent-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: c@d.fr\nSubject: in\n\n"
              b"inner body\n--d--\n")
    for raw in [p.read_bytes() for p in files] + [digest]:
        if raw.startswith(b"From "):
            raw = raw.split(b"\n", 1)[1]
        bounded, cut = bound_email(raw)
        assert not cut, cut
        assert _structure(bounded) == _structure(raw.replace(b"\r\n", b"\n"))


def test_every_limit_reached_is_said_in_the_report():
    """The README's limits table: what a limit leaves unexamined is said in `warnings`."""
    cases = {
        " ".join(f"https://s{i}.example.com/p" for i in range(600)): "links",
        "06 12 34 56 78 " * 150: "phone numbers",
        "FR76 3000 6000 0112 3456 7890 189 " * 150: "account or card numbers",
        "a" * 200_001: "text cut",
    }
    for text, words in cases.items():
        assert any(words in w for w in analyze_text(text).warnings), words
    many = b"".join(b"--b\nContent-Type: application/pdf\n\n%%PDF-1.4\n" for _ in range(150))
    mails = {
        b"From: a@b.fr\nSubject: s\nContent-Type: multipart/mixed; boundary=b\n\n" + many + b"--b--\n": "attachments",
        _multipart(600): "MIME parts",
        b"From: a@b.fr\nSubject: s\n" + b"".join(b"X-H%d: v\n" % i for i in range(600)) + b"\nx\n": "headers",
        b"From: a@b.fr\nSubject: " + b"x" * 20_000 + b"\n\nx\n": "header over 16 KB",
    }
    for raw, words in mails.items():
        assert any(words in w for w in analyze(from_eml(raw)).warnings), words


_WORST_RUNNER = r"""
import json, os, resource, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
import hostile
from demasque.cli import main
out = {}
devnull = open(os.devnull, "w")
with tempfile.TemporaryDirectory() as tmp:
    jobs = [(n, "--sms", (lambda t=t: t.encode("utf-8"))) for n, t in hostile.hostile_texts().items()]
    jobs += [(n, "--email", b) for n, b in hostile.hostile_emails().items()]
    for name, flag, build in jobs:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(build())
        stdout, sys.stdout = sys.stdout, devnull
        t0 = time.process_time()
        try:
            code = main(["check", flag, path])
        finally:
            sys.stdout = stdout
        out[name] = [time.process_time() - t0, code]
        os.unlink(path)
# the process's own peak: VmHWM (ru_maxrss keeps the peak of the process it was forked from, here
# pytest's, which holds the corpus)
try:
    peak_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"runs": out, "rss_mb": peak_kb / 1024}))
"""


def test_worst_inputs_stay_within_5_s_and_500_mb():
    """Issue 13, done when: `demasque check` of any 200,000-character text and any 25 MB e-mail
    finishes in under 5 s with under 500 MB. Every worst input of tests/hostile.py goes through the
    CLI in one fresh process: CPU time per input (not wall time: the machine is shared) and the
    process's peak memory, all inputs included. benchmarks/bench_hostile.py gives the figures."""
    import json as _json
    import subprocess
    import sys
    from pathlib import Path
    here = str(Path(__file__).parent)
    proc = subprocess.run([sys.executable, "-c", _WORST_RUNNER, here], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = _json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(res["runs"]) >= 50
    slow = {name: round(cpu_s, 2) for name, (cpu_s, code) in res["runs"].items() if cpu_s >= 5}
    assert not slow, slow
    assert all(code == 0 for _, code in res["runs"].values()), res["runs"]
    assert res["rss_mb"] < 500, res["rss_mb"]


def test_fuzz_findings_stay_fixed():
    """What the fuzzers found (tests/fuzz/, scripts/fuzz.sh), kept as plain cases."""
    # a charset name holding a NUL: the codec lookup raised ValueError, not LookupError
    raw = b'From: a@b.fr\nSubject: s\nContent-Type: text/plain; charset="utf\x008"\n\nbonjour IBAN\n'
    assert analyze(from_eml(raw)).verdict in ("scam", "suspicious", "no_red_flags")
    # a boundary holding a non-ASCII byte: read as the standard parser reads it (which finds no part)
    from demasque.adapters.mimebounds import bound_email
    raw = (b'From: a@b.fr\nSubject: s\nContent-Type: multipart/mixed; boundary="ab\xd2cd"\n\n'
           b'--ab\xd2cd\nContent-Type: text/plain\n\nEnvoyez votre IBAN\n--ab\xd2cd--\n')
    assert _structure(bound_email(raw)[0]) == _structure(raw)
    from_eml(raw)
    # a match running from the subject on into the text: the subject's evidence stays in the subject
    raw = (b"From: Assurance Maladie <a@evil.example>\nSubject: Your Carte Vitale is waiting: shipping fee unpaid\n\n"
           b"Hello,\nYour new Carte Vitale is ready to be shipped.\n")
    msg = from_eml(raw)
    for s in analyze(msg).signals:
        for ev in s.evidence:
            if ev.get("where") == "subject" and isinstance(ev.get("end"), int):
                assert ev["end"] <= len(msg.subject), (s.rule, ev)


def test_every_shipped_pattern_compiles():
    # the shipped rules are not re-checked at each start (rules/loader.py): this is where they are
    import re
    for r in load_rules():
        for key in ("any", "near", "unless", "with"):
            for pat in (r.pattern or {}).get(key) or []:
                re.compile(pat)
        for _, pat in _without_claim_patterns(r):
            re.compile(pat)
        r.compile()


def test_a_local_rule_file_is_checked_as_it_loads(tmp_path):
    from demasque.errors import RuleError
    from demasque.rules.loader import read_rule_file
    bad = tmp_path / "bad.yaml"
    bad.write_text('- id: local.bad\n  category: lure\n  weight: 0.5\n  title: {fr: x, en: x}\n'
                   '  explanation: {fr: x, en: x}\n  reference: {sources: [seed_fr], clue: x}\n'
                   '  pattern: {any: ["(a+)+b"]}\n  examples: {match: [ab], no_match: [c]}\n', encoding="utf-8")
    with pytest.raises(RuleError, match="bad.yaml"):
        read_rule_file(bad)
    assert read_rule_file(bad, shipped=True)[0].id == "local.bad"   # trusted: checked by this suite instead
