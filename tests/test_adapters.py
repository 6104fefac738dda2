"""Adapters: every channel and MIME shape becomes one Message."""
import base64

import pytest

from demasque.adapters import from_eml, from_record, from_sms, from_text
from demasque.adapters.html import is_red, parse_html
from demasque.adapters.text import decode_bytes
from demasque.errors import InputTooLarge, UnreadableInput


def eml(*lines: str) -> bytes:
    return ("\r\n".join(lines)).encode("latin-1")


def test_sms_keeps_sender_and_text():
    m = from_sms("Bonjour", sender=" 38663 ")
    assert (m.channel, m.sender, m.text) == ("sms", "38663", "Bonjour")


def test_multipart_alternative_prefers_plain_text_and_keeps_html_links():
    raw = eml("From: \"Votre Assurance Maladie\" <assurance-maladie@info.ameli.fr>",
              "Subject: Information de paiement", "MIME-Version: 1.0",
              'Content-Type: multipart/alternative; boundary="b"', "", "--b",
              "Content-Type: text/plain; charset=utf-8", "", "Texte brut", "--b",
              "Content-Type: text/html; charset=utf-8", "",
              '<p>HTML <a href="https://statsndm.info.ameli.fr/x">Mon compte</a></p>', "--b--", "")
    m = from_eml(raw)
    assert m.display_name == "Votre Assurance Maladie"
    assert m.sender == "assurance-maladie@info.ameli.fr"
    assert m.text.strip() == "Texte brut"
    assert [(l.url, l.text) for l in m.links] == [("https://statsndm.info.ameli.fr/x", "Mon compte")]


def test_html_only_is_turned_into_text():
    raw = eml("From: a@b.fr", "Subject: x", "Content-Type: text/html; charset=utf-8", "",
              "<html><head><style>p{}</style><script>alert(1)</script></head><body><p>Bonjour</p><div>Votre carte</div></body></html>")
    m = from_eml(raw)
    assert "Bonjour" in m.text and "Votre carte" in m.text
    assert "alert" not in m.text and "p{}" not in m.text


def test_base64_and_quoted_printable_bodies_with_legacy_charsets():
    body = base64.b64encode("Sécurité sociale : remboursement".encode("windows-1252")).decode()
    raw = eml("From: a@b.fr", "Subject: =?iso-8859-1?Q?R=E9f=E9rence?=", 'Content-Type: multipart/mixed; boundary="z"', "",
              "--z", "Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: base64", "", body,
              "--z", "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable", "",
              "Carte Vitale =E0 mettre =E0 jour", "--z--", "")
    m = from_eml(raw)
    assert m.subject == "Référence"
    assert "Sécurité sociale" in m.text
    assert "Carte Vitale à mettre à jour" in m.text


def test_rfc2047_display_name_utf8_base64():
    name = base64.b64encode("Sécurité Sociale".encode()).decode()
    m = from_eml(eml(f"From: =?UTF-8?B?{name}?= <x@y.com>", "Subject: s", "", "corps"))
    assert m.display_name == "Sécurité Sociale"


def test_attachments_are_typed_by_content_not_name():
    pdf = base64.b64encode(b"%PDF-1.4\n%%EOF").decode()
    zipb = base64.b64encode(b"PK\x03\x04" + b"\0" * 40).decode()
    raw = eml("From: a@b.fr", "Subject: PJ", 'Content-Type: multipart/mixed; boundary="q"', "",
              "--q", "Content-Type: text/plain", "", "voir PJ",
              "--q", "Content-Type: application/pdf", 'Content-Disposition: attachment; filename="attestation.pdf"',
              "Content-Transfer-Encoding: base64", "", pdf,
              "--q", "Content-Type: application/pdf", 'Content-Disposition: attachment; filename="facture.pdf"',
              "Content-Transfer-Encoding: base64", "", zipb, "--q--", "")
    m = from_eml(raw)
    assert [(a.filename, a.detected) for a in m.attachments] == [("attestation.pdf", "pdf"), ("facture.pdf", "zip")]
    assert m.attachments[0].size == len(b"%PDF-1.4\n%%EOF")


def test_an_office_document_is_a_document_not_an_archive():
    import io
    import zipfile
    from demasque.adapters.email import sniff

    def zipped(files):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, body in files:
                z.writestr(name, body)
        return buf.getvalue()
    # the parts list after the first part, as some writers put it: the first bytes say only "zip"
    docx = zipped([("word/document.xml", "<w:document/>" * 50), ("[Content_Types].xml", "<Types/>")])
    assert sniff(docx) in ("docx", "ooxml")
    assert sniff(zipped([("word/document.xml", "<w/>" * 50), ("word/vbaProject.bin", "x"), ("[Content_Types].xml", "<T/>")])) == "docm"
    assert sniff(zipped([("facture.exe", "MZ")])) == "zip"


def test_nested_message_rfc822_is_read():
    inner = "\r\n".join(["From: Ameli <fraude@evil.top>", "Subject: Remboursement en attente", "", "Cliquez sur ameli-remb.com"])
    raw = eml("From: moi@exemple.fr", "Subject: Fwd: regarde", 'Content-Type: multipart/mixed; boundary="n"', "",
              "--n", "Content-Type: text/plain", "", "Est-ce une arnaque ?",
              "--n", "Content-Type: message/rfc822", "", inner, "--n--", "")
    m = from_eml(raw)
    assert "ameli-remb.com" in m.text and "Remboursement en attente" in m.text
    # the person forwarded it: the sender judged is the one of the e-mail inside
    assert (m.sender, m.subject) == ("fraude@evil.top", "Remboursement en attente")


def test_reply_to_and_headers():
    m = from_eml(eml("From: a@ameli.fr", "Reply-To: x@proton.me", "Authentication-Results: mx; spf=fail", "Subject: s", "", "b"))
    assert m.reply_to == ["x@proton.me"]
    assert m.header("authentication-results") == ["mx; spf=fail"]


def test_truncated_mime_gives_best_effort_with_warning():
    raw = eml("From: a@b.fr", "Subject: coupé", 'Content-Type: multipart/mixed; boundary="t"', "",
              "--t", "Content-Type: text/plain", "", "Votre carte Vitale expire")
    m = from_eml(raw)
    assert "carte Vitale" in m.text
    assert m.parse_warnings


@pytest.mark.parametrize("raw", [b"", b"   \n", b"\x00\x01\x02binary\xff" * 10, b"just some words without headers"])
def test_unreadable_emails_raise_clear_errors(raw):
    with pytest.raises(UnreadableInput):
        from_eml(raw)


def test_binary_text_refused_and_latin1_text_decoded():
    with pytest.raises(UnreadableInput):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert decode_bytes("carte Vitale échue".encode("cp1252")) == "carte Vitale échue"


def test_huge_input_refused(monkeypatch):
    monkeypatch.setattr("demasque.adapters.text.MAX_INPUT_BYTES", 10)
    with pytest.raises(InputTooLarge):
        decode_bytes(b"x" * 11)


def test_html_red_text_forms_and_colors():
    c = parse_html('<p style="color: #e00000">Urgent</p><font color="red">Alerte</font><p style="color:#003399">ok</p>'
                   '<form><input name="iban"><input type="hidden" name="t"></form>')
    assert c.red_text == ["Urgent", "Alerte"]
    assert c.form_fields == ["iban"]
    assert is_red("rgb(230, 10, 20)") and not is_red("#0c419a") and not is_red("black")


def test_record_validation():
    with pytest.raises(UnreadableInput):
        from_record({"channel": "fax", "text": "x"})
    with pytest.raises(UnreadableInput):
        from_record({"channel": "sms", "text": 12})
    with pytest.raises(UnreadableInput):
        from_record({"channel": "sms", "text": "  "})
    m = from_record({"id": 7, "channel": "sms", "text": "Bonjour", "sender": "AMELI"})
    assert (m.id, m.sender) == ("7", "AMELI")


def test_text_is_clipped_with_warning(monkeypatch):
    monkeypatch.setattr("demasque.adapters.text.MAX_TEXT_CHARS", 5)
    m = from_text("abcdefgh")
    assert m.text == "abcde" and m.parse_warnings


FWD_SCAM = (b"From: Alain Exemple <alain.exemple@free.fr>\nTo: celine@free.fr\nSubject: Fwd: Mise a jour de votre dossier\n"
            b"Authentication-Results: mx1.free.fr; spf=pass smtp.mailfrom=alain.exemple@free.fr; dkim=pass header.d=free.fr\n"
            b"Content-Type: text/plain; charset=utf-8\n\n"
            b"C'est une adresse gmail, c'est normal pour la CPAM ?\n\n---------- Message transfere ----------\n"
            b"De : CPAM Service Assures <cpam.service.assures@gmail.com>\nDate : 03/12/2025 08:12\nObjet : Mise a jour de votre dossier\n\n"
            b"Bonjour,\nMerci de nous retourner par retour de mail un RIB a votre nom et une photo de votre carte Vitale.\n"
            b"Caisse Primaire d'Assurance Maladie\n")


def test_an_email_forwarded_in_the_body_is_judged_by_its_original_sender():
    from demasque.adapters import from_eml
    from demasque.api import analyze_eml
    m = from_eml(FWD_SCAM)
    assert m.sender == "cpam.service.assures@gmail.com" and m.subject == "Mise a jour de votre dossier"
    assert not m.header("Authentication-Results")          # the forwarder's server vouches for the forwarder only
    assert any("forwarded" in w for w in m.parse_warnings)
    assert analyze_eml(FWD_SCAM).verdict == "scam"


def test_a_reply_quote_or_a_brand_over_a_written_forward_keeps_its_sender():
    from demasque.adapters import from_eml
    reply = (b"From: Service RH <rh@menuiserie-exemple.fr>\nSubject: RE: attestation\n\nC'est fait.\n\n-----Message d'origine-----\n"
             b"De : Paul Exemple <paul@example.net>\nObjet : attestation\n\nPouvez-vous envoyer mon attestation a la CPAM ?\n")
    assert from_eml(reply).sender == "rh@menuiserie-exemple.fr"
    fake = (b"From: Amazon.fr <service@amazon-fr-service.example>\nSubject: Commande suspendue\n\n---------- Forwarded message ---------\n"
            b"From: Amazon.fr <confirmation-commande@amazon.fr>\nSubject: Commande suspendue\n\nMettez a jour votre carte.\n")
    assert from_eml(fake).sender == "service@amazon-fr-service.example"


def test_the_name_of_an_email_address_is_no_link():
    from demasque.extract.urls import find_urls
    assert [l.url for l in find_urls("To: <dan.whitford.uk@gmail.com> et www.ameli.fr")] == ["www.ameli.fr"]


def test_an_email_passed_on_as_a_scam_keeps_its_forwarders_sender_one_passed_on_in_doubt_takes_the_originals():
    from demasque.adapters import from_eml
    body = ("{note}\n\n---------- Forwarded message ---------\nDe : Assurance Maladie <remboursement@ameli-exemple-dossier.com>\n"
            "Objet : Remboursement\n\nConfirmez vos coordonnees bancaires : https://ameli-exemple-dossier.com/r\n")
    raw = "From: Paul <paul@example.net>\nSubject: Fwd: Remboursement\n\n" + body
    judged = from_eml(raw.format(note="Ne clique pas, c'est une arnaque.").encode())
    assert judged.sender == "paul@example.net"
    doubt = from_eml(raw.format(note="C'est une arnaque je suppose ?").encode())
    assert doubt.sender == "remboursement@ameli-exemple-dossier.com"
