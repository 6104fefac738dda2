"""End to end with Rspamd 3.x and contrib/rspamd/demasque.lua: Rspamd asks the demasque web API
(POST /api/v1/rspamd) and maps the answer to symbols; Postfix reaches Rspamd through its milter
proxy. Rspamd's network modules are off and its resolver answers NXDOMAIN at once (conftest.py)."""
from __future__ import annotations

import json
import smtplib
import urllib.request

import pytest

import mta
from demasque.gateway.verdict import HEADERS, REASON_EN, REASON_FR, judge

TRUSTED = frozenset({mta.CORPUS_AUTHSERV})


def check(rspamd, raw: bytes) -> dict:
    """Rspamd's own HTTP scan (what `rspamc` does)."""
    req = urllib.request.Request(f"http://127.0.0.1:{rspamd.normal_port}/checkv2", data=raw, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def test_a_scam_gets_demasque_scam_with_the_rules_and_reaches_reject(rspamd, scam):
    result = check(rspamd, scam)
    symbol = result["symbols"]["DEMASQUE_SCAM"]
    assert symbol["options"] == list(judge(scam, TRUSTED).rules)
    assert symbol["score"] >= result["required_score"]      # the weight alone reaches the reject threshold
    assert result["action"] == "reject"
    assert "DEMASQUE_SUSPICIOUS" not in result["symbols"]


def test_other_mail_never_gets_demasque_scam(rspamd, genuine, ordinary):
    for raw in (genuine, ordinary):
        result = check(rspamd, raw)
        expected = judge(raw, TRUSTED)
        assert "DEMASQUE_SCAM" not in result["symbols"]
        if expected.verdict == "suspicious":
            assert result["symbols"]["DEMASQUE_SUSPICIOUS"]["options"] == list(expected.rules)
        else:
            assert "DEMASQUE_SUSPICIOUS" not in result["symbols"]
        added = result.get("milter", {}).get("add_headers", {})
        assert {k: v["value"] for k, v in added.items() if k in HEADERS} == dict(expected.headers())


def test_through_postfix_a_scam_is_refused_and_the_rest_is_tagged(mail, rspamd, scam, genuine, ordinary):
    to_scam = mta.rcpt("rspamd-scam")
    with pytest.raises(smtplib.SMTPDataError) as refused:
        mta.send(mail.port("rspamd"), scam, to_scam)
    assert refused.value.smtp_code // 100 == 5
    reply = refused.value.smtp_error.decode()
    assert "5.7.1" in reply and REASON_FR in reply and REASON_EN in reply     # scam_action's reason
    for name, raw in (("genuine", genuine), ("ordinary", ordinary)):
        to = mta.rcpt(f"rspamd-{name}")
        mta.send(mail.port("rspamd"), raw, to)
        got = mail.sink.wait(to)
        fields = mta.demasque_headers(got)
        assert sorted(fields) == sorted(judge(raw, TRUSTED).headers())
    assert to_scam not in mail.sink.messages


def test_a_message_over_the_plugins_cap_goes_on_unjudged(rspamd, scam):
    big = scam + b"\n" + (b"x" * 99 + b"\n") * 3000
    result = check(rspamd, big)
    assert "DEMASQUE_FAIL" in result["symbols"] and result["symbols"]["DEMASQUE_FAIL"]["score"] == 0
    assert "DEMASQUE_SCAM" not in result["symbols"]


def test_when_demasque_is_down_the_message_goes_on(rspamd, scam):
    rspamd.stop_web()       # last test of the module: the web API does not come back
    result = check(rspamd, scam)
    assert "DEMASQUE_FAIL" in result["symbols"]
    assert "DEMASQUE_SCAM" not in result["symbols"]
    assert result["action"] != "reject"
