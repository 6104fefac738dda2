"""The worst inputs found for demasque: texts of 200,000 characters and e-mails of 25 MB built to
hit every known slow or memory-hungry path (issue 13). Used by tests/test_hardening.py and
benchmarks/bench_hostile.py; the fuzz corpus is seeded from the small ones."""
from __future__ import annotations

import base64

TEXT_CHARS = 200_000
EMAIL_BYTES = 25 * 1024 * 1024 - 4096          # just under the 25 MiB input limit
_SCAM = ("Assurance Maladie : votre carte Vitale expire. Envoyez-nous votre mot de passe et votre IBAN "
         "complet sur https://ameli-vitale.info sous 24 h, frais de 1,99 €. Rappelez le 0899 12 34 56.")


def _fill(unit: str, n: int = TEXT_CHARS) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def rule_literals() -> list[str]:
    """Every literal the text rules require (what a keyword-stuffing attacker would repeat)."""
    from demasque.rules import load_rules
    out: list[str] = []
    for r in load_rules():
        if r.pattern and r.compile()._literals:
            out += [lit for lit in r.compile()._literals if lit.strip()]
    return list(dict.fromkeys(out))


def hostile_texts() -> dict[str, str]:
    lits = rule_literals()
    return {
        "keyword_repeated": _fill("iban "),                                   # row 1
        "keywords_mixed": _fill("rib mdp cvv nir iban "),                      # row 1
        "all_rule_literals": _fill(" ".join(lits) + " "),
        "all_rule_literals_glued": _fill("".join(lits)),
        "literals_one_per_line": _fill("\n- ".join(lits) + "\n"),
        "list_items": _fill("- iban\n"),                                       # list_intro walks up
        "list_intro_then_items": "merci d'indiquer :\n" + _fill("- votre iban\n", TEXT_CHARS - 20),
        "soft_hyphen_everywhere": _fill("\u00ad".join(_SCAM) + "\u00ad"),     # row 4
        "zero_width_only": _fill("\u200b"),
        "combining_marks": _fill("e\u0301\u0302\u0303"),
        "bidi_overrides": _fill("\u202e\u2066ameli\u2069\u202c "),
        "fullwidth": _fill("ＩＢＡＮ ａｍｅｌｉ．ｆｒ "),
        "dots": _fill("a."),
        "dashes": _fill("-"),
        "colons_spaces": _fill(": "),
        "dossier_spaces": "dossier" + " " * (TEXT_CHARS - 7),                # row 2 (in a subject too)
        "one_long_word": "a" * TEXT_CHARS,
        "one_long_url": "https://" + _fill("a", TEXT_CHARS - 8),
        "dotted_host": "https://" + _fill("a.", TEXT_CHARS - 12) + "fr/x",
        "links": _fill("https://ameli-remboursement.com/a "),
        "distinct_links": "".join(f"https://ameli{i}-rembourse.com/p " for i in range(6000))[:TEXT_CHARS],
        "bare_domains": _fill("ameli.fr.evil.com "),
        "percent_hosts": _fill("https://%61%6d%65%6c%69.fr/ "),
        "userinfo": _fill("https://ameli.fr@evil.com/ "),
        "phones": _fill("0899 12 34 56 "),
        "amounts": _fill("1,99 € "),
        "ibans": _fill("FR76 3000 6000 0112 3456 7890 189 "),
        "emails": _fill("x@"),
        "parens": _fill("(("),
        "carte_vitale_words": _fill("carte vitale "),
        "sentences": _fill("Votre carte Vitale expire. "),
        "question_marks": _fill("? "),
        "scam_repeated": _fill(_SCAM + " "),
    }


def _mail(headers: bytes, body: bytes) -> bytes:
    return b"From: Assurance Maladie <a@evil.example>\nSubject: test\n" + headers + b"\n" + body


def _pad(unit: bytes, size: int) -> bytes:
    return (unit * (size // len(unit) + 1))[:size]


def hostile_emails(size: int = EMAIL_BYTES) -> dict:
    """name -> a function building the e-mail (one 25 MB e-mail in memory at a time)."""
    part = b"--b\nContent-Type: text/plain\n\nx\n"
    return {name: (lambda fn=fn: fn()[:size]) for name, fn in {
        "newlines": lambda: _mail(b"", b"\n" * size),
        "short_lines": lambda: _mail(b"", _pad(b"a\n", size)),
        "one_line": lambda: _mail(b"", b"a" * size),
        "multipart_newlines": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b\n",
                                    b"--b\nContent-Type: text/plain\n\n" + b"\n" * size + b"--b--\n"),
        "many_parts": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b\n", _pad(part, size) + b"--b--\n"),  # row 13
        "many_empty_parts": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b\n", _pad(b"--b\n\n", size)),
        "nested_multiparts": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b0\n",
                                   b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1)
                                            for i in range(2000)) + b"--b2000\n\n" + b"\n" * (size - 200_000)),
        "nested_messages": lambda: _mail(b"Content-Type: message/rfc822\n",
                                 b"Content-Type: message/rfc822\n\n" * 100_000 + b"\n" * (size - 3_100_000)),
        "encoded_word_from": lambda: b"From: " + _pad(b"=?utf-8?b?QUJD?= ", size) + b"<x@evil.com>\nSubject: s\n\nx\n",  # row 3
        "encoded_word_headers": lambda: b"".join(b"%s: %s<x@evil.com>\n" % (h, _pad(b"=?utf-8?b?QUJD?= ", 16_000))
                                         for h in (b"From", b"Reply-To", b"Subject", b"To", b"Cc") * 4) + b"\nx\n",
        "encoded_words_in_parts": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b\n", b"".join(
            b"--b\nContent-Type: text/plain; name=\"" + _pad(b"=?utf-8?b?QUJD?= ", 900) + b"\"\n"
            b"Content-Disposition: attachment; filename=\"" + _pad(b"=?utf-8?q?=41?= ", 15_000) + b"\"\n\nx\n"
            for _ in range(600))),
        "folded_header": lambda: b"From: a@b.fr\nSubject: s\nX-Long: x\n" + _pad(b" y\n", size) + b"\nbody\n",
        "many_headers": lambda: b"From: a@b.fr\nSubject: s\n" + _pad(b"X-H: v\n", size) + b"\nbody\n",
        "dossier_subject": lambda: b"From: a@b.fr\nSubject: dossier" + "\u200b".encode() * 5000 + b"\n\nx\n",   # row 2
        "base64_attachment": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b\n",
                                   b"--b\nContent-Type: text/plain\n\nbonjour\n--b\nContent-Type: application/pdf\n"
                                   b"Content-Transfer-Encoding: base64\n\n"
                                   + base64.encodebytes(_pad(b"\x00\x01binary", size * 7 // 10)) + b"--b--\n"),
        "html_links": lambda: _mail(b"Content-Type: text/html\n", _pad(b"<a href='https://ameli-x.com/a'>ameli.fr</a> texte ", size)),
        "html_deep": lambda: _mail(b"Content-Type: text/html\n", b"<div>" * (size // 5)),
        "html_entities": lambda: _mail(b"Content-Type: text/html\n", _pad(b"Vi&shy;tale &#8203; ", size)),
        "quoted_printable": lambda: _mail(b"Content-Transfer-Encoding: quoted-printable\n", _pad(b"=3D=\n", size)),
        "text_soft_hyphens": lambda: _mail(b"Content-Type: text/plain; charset=utf-8\n", _pad("\u00ad".encode(), size)),
        "long_content_type": lambda: _mail(b"Content-Type: multipart/mixed; " + _pad(b"a=b; ", 500_000) + b"boundary=b\n",
                                   _pad(part, size - 600_000)),
        "boundary_prefixes": lambda: _mail(b"Content-Type: multipart/mixed; boundary=b\n",
                                   _pad(b"--bb\n--b \n--b-\n", size)),
    }.items()}
