"""End to end through a real Postfix on loopback: messages sent with smtplib, judged by
`demasque milter`, delivered to an aiosmtpd sink (see conftest.py for the set-up).

The verdicts themselves belong to the analysis core (tested elsewhere): here the headers must be
those `judge()` gives for the same bytes, only a scam may be refused or held, and the message must
reach the mailbox whatever happens to the milter.
"""
from __future__ import annotations

import smtplib

import pytest

import mta
from demasque.gateway.verdict import HEADERS, REASON_EN, REASON_FR, judge

TRUSTED = frozenset({mta.CORPUS_AUTHSERV, mta.MTA_NAME})


def plain(mail, raw: bytes) -> bytes:
    """The message as Postfix delivers it without any milter."""
    to = mta.rcpt("plain")
    mta.send(mail.port("plain"), raw, to)
    return mail.sink.wait(to)


def same_message(a: bytes, b: bytes) -> bool:
    """Equal apart from the X-Demasque-* fields and Postfix's own Received field (its queue id,
    recipient and date differ from one delivery to the next)."""
    def rest(raw: bytes) -> bytes:
        raw = mta.without_demasque_headers(raw)
        assert raw.startswith(b"Received: from [127.0.0.1]")
        lines = raw.split(b"\r\n")
        i = 1
        while lines[i][:1] in (b" ", b"\t"):
            i += 1
        return b"\r\n".join(lines[i:])
    return rest(a) == rest(b)


def expected_headers(delivered: bytes) -> list[tuple[str, str]]:
    return judge(mta.without_demasque_headers(delivered), TRUSTED).headers()


def test_tag_adds_the_verdict_fields_and_changes_nothing_else(mail, scam, genuine, ordinary):
    verdicts = {}
    for name, raw in (("scam", scam), ("genuine", genuine), ("ordinary", ordinary)):
        to = mta.rcpt(f"tag-{name}")
        mta.send(mail.port("tag"), raw, to)
        got = mail.sink.wait(to)
        fields = mta.demasque_headers(got)
        assert [n for n, _ in fields] == list(HEADERS), name
        assert fields == expected_headers(got), name
        assert same_message(got, plain(mail, raw)), name
        verdicts[name] = dict(fields)["X-Demasque-Verdict"]
    assert verdicts["scam"] == "scam"
    assert verdicts["genuine"] != "scam" and verdicts["ordinary"] != "scam"


def test_the_receiving_servers_authentication_is_believed(mail, genuine):
    """The corpus's official e-mail was authenticated (DMARC pass) by mx.messagerie-exemple.fr,
    which the milter trusts: only what the brand never does counts, as for a verified official sender."""
    genuine = mta.with_file_reference(genuine)
    to = mta.rcpt("tag-auth")
    mta.send(mail.port("tag"), genuine, to)
    fields = dict(mta.demasque_headers(mail.sink.wait(to)))
    trusted, untrusted = judge(genuine, TRUSTED), judge(genuine)
    assert trusted.verified_sender and not untrusted.verified_sender
    assert fields["X-Demasque-Score"] == f"{trusted.score:.3f}" != f"{untrusted.score:.3f}"


def test_verdict_fields_that_come_with_a_message_are_replaced(mail, scam):
    forged = b"X-Demasque-Verdict: no_red_flags\r\nX-Demasque-Score: 0.000\r\nx-demasque-verdict: no_red_flags\r\n" + scam
    to = mta.rcpt("tag-forged")
    mta.send(mail.port("tag"), forged, to)
    fields = mta.demasque_headers(mail.sink.wait(to))
    assert [n for n, _ in fields] == list(HEADERS)
    assert dict(fields)["X-Demasque-Verdict"] == "scam"


def test_reject_refuses_a_scam_with_550_5_7_1_and_lets_the_rest_through(mail, scam, genuine, ordinary):
    to_scam = mta.rcpt("reject-scam")
    with pytest.raises(smtplib.SMTPDataError) as refused:
        mta.send(mail.port("reject"), scam, to_scam)
    code, text = refused.value.smtp_code, refused.value.smtp_error.decode()
    assert code == 550
    assert "5.7.1" in text and REASON_FR in text and REASON_EN in text
    for name, raw in (("genuine", genuine), ("ordinary", ordinary)):
        to = mta.rcpt(f"reject-{name}")
        mta.send(mail.port("reject"), raw, to)
        got = mail.sink.wait(to)
        assert mta.demasque_headers(got) == expected_headers(got)
    assert to_scam not in mail.sink.messages       # the later messages arrived; the scam never will
    assert "milter-reject: END-OF-MESSAGE" in mail.postfix.log()


def test_quarantine_holds_a_scam_in_postfix_hold_queue(mail, scam, genuine, ordinary):
    to_scam = mta.rcpt("hold-scam")
    mta.send(mail.port("quarantine"), scam, to_scam)      # accepted: 250
    mta.wait_until(lambda: mail.postfix.held(to_scam), 10, "the scam in the hold queue")
    held = next(m for m in mail.postfix.queue() if any(r["address"] == to_scam for r in m["recipients"]))
    assert "X-Demasque-Verdict: scam" in mail.postfix.show_header(held["queue_id"])   # whoever releases it sees why
    for name, raw in (("genuine", genuine), ("ordinary", ordinary)):
        to = mta.rcpt(f"hold-{name}")
        mta.send(mail.port("quarantine"), raw, to)
        got = mail.sink.wait(to)
        assert mta.demasque_headers(got) == expected_headers(got)
        assert not mail.postfix.held(to)
    assert to_scam not in mail.sink.messages


def test_an_oversized_message_goes_on_unjudged(mail, scam):
    """The quarantine milter's cap is 256 KiB: a larger scam is neither held nor tagged."""
    big = mta.crlf(scam) + b"\r\n" + (b"x" * 99 + b"\r\n") * 3000       # 300 KB of epilogue
    to = mta.rcpt("hold-big")
    mta.send(mail.port("quarantine"), big, to)
    got = mail.sink.wait(to)
    assert mta.demasque_headers(got) == []
    assert not mail.postfix.held(to)
    mta.wait_until(lambda: "outcome=skipped-too-large" in mail.milters["quarantine"].log(), 10, "the milter's log line")


def test_when_the_milter_is_down_postfix_delivers_the_message(mail, scam):
    """milter_default_action = accept: nothing listens on the "down" service's milter address, the
    mail is delivered untagged, and header_checks drop a verdict field the sender wrote."""
    forged = b"X-Demasque-Verdict: no_red_flags\r\n" + scam
    to = mta.rcpt("down")
    mta.send(mail.port("down"), forged, to)
    got = mail.sink.wait(to)
    assert mta.demasque_headers(got) == []
    assert same_message(got, plain(mail, scam))
    assert f"connect to Milter service inet:127.0.0.1:{mail.extra['down_port']}" in mail.postfix.log()


def test_header_checks_drop_forged_fields_but_not_the_milters(mail, scam):
    """What docs/gateway.md advises for when the milter is down does not remove its own fields."""
    forged = b"X-Demasque-Verdict: no_red_flags\r\n" + scam
    to = mta.rcpt("tagstrip")
    mta.send(mail.port("tagstrip"), forged, to)
    got = mail.sink.wait(to)
    assert mta.demasque_headers(got) == expected_headers(got)
    assert dict(mta.demasque_headers(got))["X-Demasque-Verdict"] == "scam"


def test_the_milter_logs_no_part_of_a_message(mail, scam):
    to = mta.rcpt("tag-privacy")
    mta.send(mail.port("tag"), scam, to, sender="unique.sender.7731@sender.invalid")
    mail.sink.wait(to)
    log = mta.wait_until(lambda: (lambda text: "verdict=scam" in text and text)(mail.milters["tag"].log()), 10, "log")
    for secret in (to, "unique.sender.7731", "ameli-assure", "remboursement", "Assurance Maladie"):
        assert secret not in log
    line = [l for l in log.splitlines() if "verdict=" in l][-1]
    assert "queue_id=" in line and "score=" in line and "ms=" in line
