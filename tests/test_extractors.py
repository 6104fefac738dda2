"""Extractors: URLs, registrable domains and lookalikes, phone types, identifiers, amounts."""
import pytest
from hypothesis import given, settings, strategies as st

from demasque.extract import domain_facts
from demasque.extract.amounts import find_amounts
from demasque.extract.domains import analyze_host, skeleton
from demasque.extract.identifiers import find_identifiers
from demasque.extract.phones import classify, find_phones
from demasque.extract.textnorm import norm
from demasque.extract.urls import find_urls, host_of
from demasque.profile import default_profile

FACTS = domain_facts(default_profile())


def hosts(text):
    return [host_of(l.url) for l in find_urls(text)]


def test_urls_full_bare_and_obfuscated():
    assert hosts("Allez sur https://ameli-remb.com/x, merci.") == ["ameli-remb.com"]
    assert hosts("voir ameli-remboursement.com ou www.exemple.fr") == ["ameli-remboursement.com", "www.exemple.fr"]
    assert hosts("hxxps://evil[.]top/login et secure(.)ameli-info(.)net") == ["evil.top", "secure.ameli-info.net"]
    assert hosts("Merci. A bientot.Jean") == []          # not a public suffix
    assert hosts("version 1.2.3.4 du logiciel") == []     # bare IP without path


def test_url_spans_point_into_the_text():
    text = "Cliquez: https://bit.ly/abc."
    (link,) = find_urls(text)
    assert text[link.start:link.end] == "https://bit.ly/abc"


def test_userinfo_trick_goes_to_real_host():
    assert host_of("http://ameli.fr@evil.example.com/x") == "evil.example.com"


@pytest.mark.parametrize("host,kind,target", [
    ("amelli.fr", "typo", "ameli.fr"),
    ("ameil.fr", "typo", "ameli.fr"),
    ("arneli.fr", "homoglyph", "ameli.fr"),
    ("xn--meli-43d.fr", "homoglyph", "ameli.fr"),
    ("ameli.com", "tld_swap", "ameli.fr"),
    ("ameli.fr.com", "brand_in_subdomain", "ameli.fr"),
    ("ameli-remboursement.fr", "combosquat", "ameli.fr"),
    ("moncompteameli.info", "combosquat", "ameli.fr"),
    ("amelii-fr.com", "combosquat", "ameli.fr"),             # doubled letter inside a longer name
    ("ame1i-remboursement.com", "combosquat", "ameli.fr"),   # digit for letter inside a longer name
    ("ameliremboursement.com", "combosquat", "ameli.fr"),    # glued to a word, not the verb "améliorer"
    ("amelie-dossier.net", "combosquat", "ameli.fr"),        # one letter off, beside a phisher's word
    ("ameliie-remboursement.com", "combosquat", "ameli.fr"),
    ("assurance-maladie-info.com", "combosquat", "assurance-maladie.fr"),
    ("cpam-paris.net", "combosquat", "ameli.fr"),
    ("ameli.fr.secure-login.com", "brand_in_subdomain", "ameli.fr"),
    ("assurance-rnaladie.fr", "homoglyph", "assurance-maladie.fr"),
    ("assurance-maladei.fr", "typo", "assurance-maladie.fr"),
    # the product's word beside a phisher's word
    ("vitale-maj.fr", "combosquat", "ameli.fr"),
    ("maj-vitale.com", "combosquat", "ameli.fr"),
])
def test_lookalikes(host, kind, target):
    info = analyze_host(host, FACTS)
    assert info.lookalike is not None, host
    assert (info.lookalike.kind, info.lookalike.target) == (kind, target)


@pytest.mark.parametrize("host,status", [
    ("www.ameli.fr", "official"), ("declare.ameli.fr", "official"), ("statsndm.info.ameli.fr", "official"),
    ("www.monespacesante.fr", "official"), ("www.service-public.fr", "partner"), ("www.impots.gouv.fr", "partner"),
    ("solidarite.ameli-cpam21.fr", "known"), ("bit.ly", "shortener"), ("185.12.1.9", "ip"),
    ("goo.gl", "shortener"), ("photos.app.goo.gl", "platform"),      # Google Photos' own short links
    ("www.net-entreprises.fr", "partner"), ("docs.google.com", "other"),
])
def test_status(host, status):
    assert analyze_host(host, FACTS).status == status


@pytest.mark.parametrize("host", ["camelia.fr", "amelie-boutique.fr", "amelie-couture.fr", "amelie-photo.fr", "google.com", "lemonde.fr", "doctolib.fr", "pharmacie-centrale.fr",
                                  "amelioration-habitat.fr", "ameliorer-son-sommeil.fr"])   # the verb "améliorer"
def test_ordinary_domains_are_not_lookalikes(host):
    assert analyze_host(host, FACTS).lookalike is None


def test_free_hosting_subdomain_is_its_own_registrable_domain():
    info = analyze_host("ameli-verif.pages.dev", FACTS)
    assert info.registrable == "ameli-verif.pages.dev"
    assert info.lookalike is not None


def test_skeleton_uts39():
    assert skeleton("аmeli") == skeleton("ameli")   # Cyrillic a
    assert skeleton("rn") == skeleton("m")


@pytest.mark.parametrize("raw,kind", [
    ("08 99 12 34 56", "premium_rate"), ("0892 705 705", "premium_rate"), ("0810 12 34 56", "shared_cost"),
    ("0800 12 34 56", "toll_free"), ("06 12 34 56 78", "mobile"), ("+33 7 55 12 34 56", "mobile"),
    ("09 74 75 76 78", "voip"), ("01 87 52 00 70", "fixed_line"), ("3646", "short_premium"),
    ("3010", "short_free"), ("33700", "short_free"), ("118 218", "short_premium"),
])
def test_phone_types(raw, kind):
    assert classify(raw)[1] == kind


def test_find_phones_spans_and_no_amounts_or_years():
    text = "Appelez le 0899 123 456 ou le 3646. Montant 3400 €. En 2024."
    found = find_phones(text)
    assert [(p.e164, p.kind) for p in found] == [("+33899123456", "premium_rate"), ("3646", "short_premium")]
    assert text[found[0].start:found[0].end] == "0899 123 456"
    # the special numbers' own way of writing (0 800 12 34 56) is one number, not a short one
    assert [(p.e164, p.kind) for p in find_phones("Numero vert : 0 800 12 34 56, service client 0 825 12 34 56.")] \
        == [("+33800123456", "toll_free"), ("+33825123456", "shared_cost")]


def test_identifiers_with_checks():
    # invented NIR whose key is valid: 97 - (1840176451089 mod 97) = 64
    ids = find_identifiers("NIR 1 84 01 76 451 089 64, IBAN FR76 3000 6000 0112 3456 7890 189, carte 4970 1012 3456 7893")
    kinds = {(i.kind, i.valid) for i in ids}
    assert ("nir", True) in kinds and ("iban", True) in kinds and ("card", True) in kinds
    bad = find_identifiers("NIR 1 84 01 76 451 089 65")
    assert [(i.kind, i.valid) for i in bad] == [("nir", False)]


def test_amounts():
    vals = [a.value for a in find_amounts("Remboursement de 142,50 €, frais 1.99 EUR, 1 250 euros et €3")]
    assert vals == [142.5, 1.99, 1250.0, 3.0]


def test_norm_is_length_preserving():
    s = "Sécurité Sociale « Œuvre » – İ"
    assert len(norm(s)) == len(s) and norm(s).startswith("securite sociale")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.:/-[]()dotx ameli\n\t\u00a0frécomhtps@?#")), max_size=80))
def test_url_token_scan_finds_what_a_full_scan_finds(text):
    from demasque.extract.urls import URL_RE, _url_tokens
    full = [m.span() for m in URL_RE.finditer(text)]
    tokens = [m.span() for s, e in _url_tokens(text) for m in URL_RE.finditer(text, s, e)]
    assert tokens == full


def test_a_wrapped_line_is_read_across_its_break():
    from demasque.adapters import from_record
    from demasque.api import findings
    wrapped = ("Pour augmenter gratuitement votre espace, ouvrez le formulaire et validez votre adresse et votre mot de\n"
               "passe avant ce soir.")
    fd = findings(from_record({"channel": "text", "text": "Ameli : " + wrapped}))
    assert "data.password_or_code" in [s.rule for s in fd.signals]
    assert len(fd.features.norm) == len(fd.features.full)          # offsets unchanged
    # a short line is no wrapped one: the lines of a list stay apart
    f = findings(from_record({"channel": "text", "text": "Documents :\nmot de\npasse"})).features
    assert "mot de\npasse" in f.norm


def test_a_narrow_column_of_prose_is_read_across_its_breaks_a_list_is_not():
    """A chat bubble or a screenshot pasted as text wraps its prose at a narrow width: the callback
    sentence is one sentence. A list of short lower-case items stays a list."""
    from demasque.adapters import from_record
    from demasque.api import findings
    bubble = ("+33 6 00 00 00 61\nAujourd'hui 09:02\nCPAM: Une anomalie a ete\ndetectee sur votre dossier\n"
              "de remboursement. Merci de\ncontacter votre conseiller\nau 0899 00 00 62 avant\nvendredi. Ref 55-0000")
    fd = findings(from_record({"channel": "text", "text": bubble}))
    assert "phone.callback_surcharged" in [s.rule for s in fd.signals]
    assert "contacter votre conseiller au 0899" in fd.features.norm
    listed = ("Pieces a fournir :\nvotre numero de securite sociale\nvotre date de naissance\n"
              "votre releve d'identite bancaire\nvotre avis d'imposition")
    f = findings(from_record({"channel": "text", "text": listed})).features
    assert "sociale\nvotre date" in f.norm and "naissance\nvotre releve" in f.norm


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aIizZL10 \n\u00e9\u0430")), max_size=40))
def test_unmask_patterns_match_their_first_writing(text):
    """The look-alike patterns, reordered for speed, replace exactly what they replaced."""
    import re
    from demasque.extract.textnorm import _DIGIT_IN_WORD, _I_FOR_L
    i_for_l = re.compile(r"(?<=[A-Za-z])I(?=[a-z])|(?<=[a-z])I")
    digit_in_word = re.compile(r"(?<=[A-Za-z])[10](?=[A-Za-z])")
    assert [m.span() for m in _I_FOR_L.finditer(text)] == [m.span() for m in i_for_l.finditer(text)]
    assert [m.span() for m in _DIGIT_IN_WORD.finditer(text)] == [m.span() for m in digit_in_word.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 7\u00e9\u0663\uff15\u0966\n\u00bd\u00b2")), max_size=30))
def test_has_digit_is_what_the_regex_finds(text):
    """Digits of any script (Arabic-Indic, Devanagari, full-width) count; a superscript or a fraction does not."""
    import re
    from demasque.extract.textnorm import has_digit
    assert has_digit(text) == (re.search(r"\d", text) is not None)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a.:[(DoOtTfr/ \n\u3002\u00a0\u0130\u03a3")), max_size=40))
def test_url_token_scan_with_every_mark(text):
    """The scan tests each word only for the marks the text holds and skips words ending in dots
    alone: still what a full scan finds (ideographic dots, 'DOT' in capitals, İ and Σ lowered)."""
    from demasque.extract.urls import URL_RE, _url_tokens
    full = [m.span() for m in URL_RE.finditer(text)]
    assert [m.span() for s, e in _url_tokens(text) for m in URL_RE.finditer(text, s, e)] == full


def test_every_scam_talk_match_holds_a_hint():
    # Features.about_scams skips the pattern when none of _SCAM_HINTS is in the text
    from demasque.extract import _SCAM_HINTS
    from demasque.extract.claim import SCAM_TALK
    samples = ["fraudeurs", "sms frauduleux", "liens malveillants", "messages douteux", "tentative de phishing",
               "tentative d'arnaque", "escroquerie", "hameconnage", "smishing", "scam", "scammers", "fraudsters",
               "fake texts", "usurpation", "se font passer", "faux conseiller", "fausses annonces", "arnaque",
               '"votre carte vitale expire" -> faux', "ma mere s'est fait avoir", "un soi-disant conseiller",
               "un pretendu agent de la cpam", "c'est du fake", "c'est bidon", "je l'ai signale sur signal-spam.fr",
               "transfere au 33700"]
    for text in samples:
        assert SCAM_TALK.search(text), text
        assert any(h in text for h in _SCAM_HINTS), text
    # and a text holding none of them holds no match, whatever else it says
    assert not SCAM_TALK.search("votre remboursement de 23 eur a ete verse ; tentative de connexion reussie")


def test_wrapped_links_are_judged_by_where_they_lead():
    from demasque.extract.urls import unwrap_redirect
    trackers = frozenset({"actito.be"})
    assert unwrap_redirect("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fassure.ameli.fr%2F&data=05", trackers) \
        == "https://assure.ameli.fr/"
    assert unwrap_redirect("https://www.google.com/url?q=https://ameli-portail.web.app/&sa=D", trackers) == "https://ameli-portail.web.app/"
    assert unwrap_redirect("https://urldefense.com/v3/__https://www.ameli.fr/assure__;!!x", trackers) == "https://www.ameli.fr/assure"
    assert unwrap_redirect("https://qx.actito.be/trk/c/AB?u=https://www.journal-exemple.fr/article", trackers) \
        == "https://www.journal-exemple.fr/article"
    assert unwrap_redirect("https://8852.r.eu-west-1.awstrack.me/L0/https%3A%2F%2Fsg-acces.example%2Fpass/1/0102/Hn=413", trackers) \
        == "https://sg-acces.example/pass"
    # an ordinary site's own parameter is no wrapper
    assert unwrap_redirect("https://www.ameli.fr/recherche?url=https://autre.example", trackers) == ""
    # and a wrapped link is analysed as its target
    from demasque.adapters import from_record
    from demasque.api import analyze
    raw = ("From: Assurance Maladie <noreply@e-sante-exemple.fr>\nSubject: Remboursement\nContent-Type: text/html\n\n"
           '<p>Votre remboursement : <a href="https://www.google.com/url?q=https%3A%2F%2Fameli-portail-assure.web.app%2F">'
           "Verifier</a></p><p>Assurance Maladie</p>")
    assert "link.lookalike" in {s.rule for s in analyze(from_record({"channel": "email", "raw": raw})).signals}


@pytest.mark.parametrize("host", ["energie-vitale.fr", "pharmacie-vitale.fr", "vitale.fr"])
def test_the_products_word_alone_or_with_ordinary_words_is_no_lookalike(host):
    assert analyze_host(host, FACTS).lookalike is None, host


def test_a_masked_email_address_is_no_link():
    from demasque.extract.urls import find_urls
    assert [l.url for l in find_urls("Nouvelle adresse : s.la*****@gm***.com. Voir ameli.fr")] == ["ameli.fr"]
