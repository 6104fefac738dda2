"""The milter's callbacks driven directly, with a stand-in for libmilter's context: the actions it
asks the MTA for, and that it fails open on its own errors, time-outs and oversized messages."""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("Milter", reason="pymilter is not installed (pip install 'demasque[gateway]')")

import Milter  # noqa: E402

import mta  # noqa: E402
from demasque.gateway import milter as gm  # noqa: E402
from demasque.gateway.verdict import HEADERS, REASON_EN, REASON_FR, judge  # noqa: E402

SCAM = (mta.REPO / "corpus" / "email" / "scam" / "scam-001.eml").read_bytes()
GENUINE = (mta.REPO / "corpus" / "email" / "genuine" / "gen-013.eml").read_bytes()
TRUSTED = frozenset({mta.CORPUS_AUTHSERV})


class FakeContext:
    """What libmilter's context offers the milter, recording the actions asked for."""

    def __init__(self, macros: dict | None = None):
        self.macros = {"j": "mx.test.invalid", "i": "4F2A1B"} | (macros or {})
        self.actions: list[tuple] = []
        self.priv = None

    def getsymval(self, name):
        return self.macros.get(name)

    def setpriv(self, priv):
        self.priv = priv

    def getpriv(self):
        return self.priv

    def addheader(self, name, value, idx):
        self.actions.append(("add", name, value))

    def chgheader(self, name, idx, value):
        self.actions.append(("change", name, idx, value))

    def quarantine(self, reason):
        self.actions.append(("quarantine", reason))

    def setreply(self, rcode, xcode, *lines):
        self.actions.append(("reply", rcode, xcode, *lines))


def fields(raw: bytes) -> tuple[list[tuple[str, bytes]], bytes]:
    """Header fields as an MTA hands them to a milter (no space after the colon, folded lines
    kept), and the body."""
    raw = raw.replace(b"\r\n", b"\n")
    head, _, body = raw.partition(b"\n\n")
    out: list[tuple[str, bytes]] = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + b"\n" + line)
        else:
            name, _, value = line.partition(b":")
            out.append((name.decode(), value.lstrip(b" ")))
    return out, body.replace(b"\n", b"\r\n")


def run(raw: bytes, options: gm.Options | None = None, macros: dict | None = None, executor=None):
    """One SMTP transaction through the milter: (eom's answer, the actions asked for)."""
    gm.DemasqueMilter.options = options or gm.Options(authserv_ids=TRUSTED)
    gm.DemasqueMilter.executor = executor
    ctx = FakeContext(macros)
    m = gm.DemasqueMilter()
    m._setctx(ctx)
    assert m.connect("client.invalid", 2, ("192.0.2.1", 25)) == Milter.CONTINUE
    assert m.envfrom("<a@sender.invalid>") == Milter.CONTINUE
    head, body = fields(raw)
    for name, value in head:
        assert m.header(name, value) == Milter.CONTINUE
    assert m.eoh() == Milter.CONTINUE
    for i in range(0, len(body), 65536):
        assert m.body(body[i:i + 65536]) == Milter.CONTINUE
    return m.eom(), ctx.actions


@pytest.fixture(autouse=True)
def _restore_class_state():
    saved = gm.DemasqueMilter.options, gm.DemasqueMilter.executor
    yield
    gm.DemasqueMilter.options, gm.DemasqueMilter.executor = saved


def test_the_rebuilt_message_is_judged_as_the_original():
    buf = gm.Buffer(10**6)
    head, body = fields(SCAM)
    for name, value in head:
        buf.header(name, value)
    buf.body(body)
    assert judge(buf.raw(), TRUSTED) == judge(SCAM, TRUSTED)


def test_tag_adds_the_three_fields():
    rc, actions = run(SCAM)
    assert rc == Milter.CONTINUE
    assert actions == [("add", n, v) for n, v in judge(SCAM, TRUSTED).headers()]
    assert [a[1] for a in actions] == list(HEADERS)


def test_reject_answers_550_5_7_1_for_a_scam_only():
    rc, actions = run(SCAM, gm.Options(action="reject", authserv_ids=TRUSTED))
    assert rc == Milter.REJECT
    assert actions == [("reply", "550", "5.7.1", REASON_FR, REASON_EN)]
    assert REASON_FR.isascii() and REASON_EN.isascii() and "%" not in REASON_FR + REASON_EN
    rc, actions = run(GENUINE, gm.Options(action="reject", authserv_ids=TRUSTED))
    assert rc == Milter.CONTINUE and [a[0] for a in actions] == ["add"] * 3


def test_quarantine_holds_a_scam_and_still_tags_it():
    rc, actions = run(SCAM, gm.Options(action="quarantine", authserv_ids=TRUSTED))
    assert rc == Milter.CONTINUE
    assert [a[0] for a in actions] == ["add", "add", "add", "quarantine"]
    assert actions[-1][1].startswith("demasque: scam")
    _, actions = run(GENUINE, gm.Options(action="quarantine", authserv_ids=TRUSTED))
    assert "quarantine" not in [a[0] for a in actions]


def test_incoming_verdict_fields_are_removed_last_first():
    forged = b"X-Demasque-Verdict: no_red_flags\nx-demasque-verdict: none\nX-Demasque-Rules: none\n" + SCAM
    _, actions = run(forged)
    assert actions[:3] == [("change", "X-Demasque-Verdict", 2, ""), ("change", "X-Demasque-Verdict", 1, ""),
                           ("change", "X-Demasque-Rules", 1, "")]
    assert actions[3:] == [("add", n, v) for n, v in judge(SCAM, TRUSTED).headers()]


def test_the_mtas_own_name_is_a_trusted_authserv_id():
    """With no --authserv-id, Authentication-Results written under the MTA's host name (macro j)
    are believed, and only those."""
    ours = mta.with_file_reference(GENUINE).replace(mta.CORPUS_AUTHSERV.encode(), b"mx.test.invalid")
    _, trusted = run(ours, gm.Options(), macros={"j": "mx.test.invalid"})
    _, untrusted = run(ours, gm.Options(), macros={"j": "other.test.invalid"})
    assert trusted == [("add", n, v) for n, v in judge(ours, frozenset({"mx.test.invalid"})).headers()]
    assert untrusted == [("add", n, v) for n, v in judge(ours).headers()]
    assert trusted != untrusted


def test_an_oversized_message_goes_on_untouched(caplog):
    caplog.set_level(logging.INFO, logger="demasque.milter")
    forged = b"X-Demasque-Verdict: no_red_flags\n" + SCAM
    rc, actions = run(forged, gm.Options(max_size=len(SCAM) // 2, action="reject"))
    assert rc == Milter.CONTINUE
    assert actions == [("change", "X-Demasque-Verdict", 1, "")]     # only the forged field goes
    assert "outcome=skipped-too-large" in caplog.text


def test_its_own_error_lets_the_message_through(monkeypatch, caplog):
    def broken(raw, ids):
        raise RuntimeError("boom")
    monkeypatch.setattr(gm, "judge", broken)
    rc, actions = run(SCAM, gm.Options(action="reject"))
    assert rc == Milter.CONTINUE and actions == []
    assert "outcome=error-RuntimeError" in caplog.text


def test_a_time_out_lets_the_message_through(monkeypatch, caplog):
    def slow(raw, ids):
        time.sleep(0.6)
        return judge(raw, ids)
    monkeypatch.setattr(gm, "judge", slow)
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        rc, actions = run(SCAM, gm.Options(action="reject", timeout=0.05), executor=pool)
        assert time.monotonic() - started < 0.5
    assert rc == Milter.CONTINUE and actions == []
    assert "outcome=timeout" in caplog.text


def test_the_log_line_holds_no_part_of_the_message(caplog):
    caplog.set_level(logging.INFO, logger="demasque.milter")
    run(SCAM)
    [line] = [r.getMessage() for r in caplog.records if "verdict=" in r.getMessage()]
    assert line.startswith("queue_id=4F2A1B verdict=scam score=")
    assert set(w.split("=")[0] for w in line.split()) == {"queue_id", "verdict", "score", "action", "ms"}


@pytest.mark.parametrize("args", [["--socket", "8895"], ["--socket", "tcp:8895@127.0.0.1"], ["--max-size", "0"],
                                  ["--timeout", "-1"], ["--workers", "0"]])
def test_a_bad_socket_or_option_is_a_clear_error(args, capsys):
    from demasque.cli import main
    assert main(["milter", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("demasque:") and "Traceback" not in err


def test_the_milter_stops_on_sigterm_at_once_when_idle(tmp_path):
    sock = tmp_path / "m.sock"
    proc = mta.milter(f"unix:{sock}", tmp_path).start()
    try:
        proc.wait_ready(60)
        started = time.monotonic()
        proc.proc.terminate()
        mta.wait_until(lambda: "INFO demasque.milter: stopped" in proc.log(), 15, "the milter to stop")
        assert time.monotonic() - started < 2       # libmilter alone would wait for its next poll
        assert proc.proc.wait(15) == 0
    finally:
        proc.stop()
