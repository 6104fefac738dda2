"""Bad input: empty, binary, hostile, huge. Always a clear error or a bounded best-effort report."""
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demasque.adapters import from_eml, from_text
from demasque.api import analyze
from demasque.errors import DemasqueError
from demasque.extract.amounts import find_amounts
from demasque.extract.identifiers import find_identifiers
from demasque.extract.phones import find_phones
from demasque.extract.urls import find_urls
from demasque.limits import MAX_LINKS

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=2000))
def test_any_text_gives_a_report(text):
    r = analyze(from_text(text))
    assert r.verdict in ("scam", "suspicious", "no_red_flags")
    assert 0.0 <= r.score <= 1.0


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_as_email_never_crash(raw):
    try:
        m = from_eml(raw)
    except DemasqueError:
        return
    analyze(m)


_HEADER = st.sampled_from(["From: A <a@b.fr>", "Subject: =?utf-8?B?w6k=?=", "Content-Type: multipart/mixed; boundary=x",
                           "Content-Type: text/html; charset=bogus", "Content-Transfer-Encoding: base64",
                           "Content-Transfer-Encoding: quoted-printable", "Reply-To: <>", "From: =?x?Q?=ZZ?=",
                           "Content-Type: message/rfc822", "--x", "--x--", "Authentication-Results: spf=fail"])


@FAST
@given(st.lists(_HEADER, min_size=1, max_size=12), st.text(max_size=500))
def test_hostile_mime_structures(headers, body):
    raw = ("\n".join(headers) + "\n\n" + body).encode("utf-8", "surrogatepass")
    try:
        m = from_eml(raw)
    except DemasqueError:
        return
    assert analyze(m).verdict in ("scam", "suspicious", "no_red_flags")


@FAST
@given(st.text(alphabet=st.sampled_from("ameli.-/:[]()hxtps0123456789 €,"), max_size=400))
def test_extractors_on_adversarial_alphabets(text):
    for link in find_urls(text):
        assert 0 <= link.start <= link.end <= len(text)
    for p in find_phones(text):
        assert text[p.start:p.end] == p.raw
    find_identifiers(text)
    find_amounts(text)


def _timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def test_pathological_texts_stay_bounded():
    cases = ["a." * 100_000, "-" * 200_000, "1 " * 100_000, "http://" + "a" * 150_000, "€" * 100_000,
             ("carte vitale " * 10_000), "((((" * 50_000, "x@" * 100_000]
    for text in cases:
        # generous bound: this checks there is no quadratic blow-up, not speed
        assert _timed(lambda: analyze(from_text(text))) < 20, text[:20]


def test_fifty_thousand_links_are_capped():
    text = " ".join(f"https://site{i}.example.com/p" for i in range(50_000))
    m = from_text(text)
    analyze(m)
    assert len(m.links) <= MAX_LINKS


def test_huge_html_email_is_bounded():
    body = "<p>" + "<a href='https://x.example.com/a'>lien</a> texte " * 40_000 + "</p>"
    raw = ("From: a@b.fr\nSubject: gros\nContent-Type: text/html\n\n" + body).encode()
    m = from_eml(raw)
    r = analyze(m)
    assert len(m.links) <= MAX_LINKS and r.verdict
