"""The mail servers of the gateway tests, started once per session (see mta.py):

- an aiosmtpd sink, Postfix's next hop for example.com;
- three `demasque milter` processes: tag (inet), quarantine (unix socket, 256 KiB size cap) and
  reject (inet), each believing the corpus's receiving server mx.messagerie-exemple.fr;
- one Postfix with an smtpd port per case: tag, quarantine, reject, down (a milter address where
  nothing listens, with milter_default_action = accept), tagstrip (tag, after header_checks that
  drop incoming X-Demasque-* fields), plain (no milter), rspamd (Rspamd's proxy);
- on demand: Rspamd with contrib/rspamd/demasque.lua, the demasque web API it calls (in this
  process), and an NXDOMAIN-only DNS server.
"""
from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import mta

REPO = mta.REPO
SHARED = REPO.parent / "shared"
CORPUS_AUTHSERV = mta.CORPUS_AUTHSERV
SCAM = REPO / "corpus" / "email" / "scam" / "scam-001.eml"
GENUINE = REPO / "corpus" / "email" / "genuine" / "gen-013.eml"
ORDINARY = SHARED / "data" / "apache-spamassassin-testmails" / "nice" / "001"
QUARANTINE_MAX_SIZE = 256 * 1024


def _read(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(f"{path} is missing (the shared data folder beside the project)")
    return path.read_bytes()


@pytest.fixture(scope="session")
def scam() -> bytes:
    return _read(SCAM)


@pytest.fixture(scope="session")
def genuine() -> bytes:
    """An official e-mail; the corpus's receiving server authenticated its sender (DKIM, DMARC)."""
    return _read(GENUINE)


@pytest.fixture(scope="session")
def ordinary() -> bytes:
    raw = _read(ORDINARY)
    return raw.split(b"\n", 1)[1] if raw.startswith(b"From ") else raw     # no mbox separator line


@dataclass
class Mail:
    sink: mta.Sink
    postfix: mta.Postfix
    milters: dict[str, mta.Process]
    logdir: Path
    extra: dict = field(default_factory=dict)

    def port(self, service: str) -> int:
        return self.postfix.ports[service]


@pytest.fixture(scope="session")
def mail():
    reason = mta.postfix_missing()
    if reason:
        pytest.skip(reason)
    logdir = mta.workdir("demasque-milter-logs-")
    sink = mta.Sink().start()
    down_port, rspamd_proxy = mta.free_port(), mta.free_port()
    trust = ("--authserv-id", CORPUS_AUTHSERV)
    milters = {
        "tag": mta.milter(f"inet:{mta.free_port()}@127.0.0.1", logdir, *trust),
        "quarantine": mta.milter(f"unix:{logdir}/milter.sock", logdir, "--action", "quarantine",
                                 "--max-size", str(QUARANTINE_MAX_SIZE), *trust),
        "reject": mta.milter(f"inet:{mta.free_port()}@127.0.0.1", logdir, "--action", "reject", *trust),
    }

    def address(p: mta.Process) -> str:    # the milter's socket as Postfix writes it
        spec = p.args[p.args.index("--socket") + 1]
        return spec if spec.startswith("unix:") else "inet:127.0.0.1:" + spec.split(":")[1].split("@")[0]

    services = {name: address(p) for name, p in milters.items()}
    services.update({"down+strip": f"inet:127.0.0.1:{down_port}", "tagstrip+strip": services["tag"], "plain": "",
                     "rspamd": f"inet:127.0.0.1:{rspamd_proxy}"})
    postfix = mta.Postfix(services, sink.port)
    started = []
    try:
        for p in milters.values():      # the three start side by side (each loads the model)
            started.append(p.start())
        postfix.start()
        for p in milters.values():
            p.wait_ready(90)
        yield Mail(sink, postfix, milters, logdir, {"rspamd_proxy": rspamd_proxy, "down_port": down_port})
    finally:
        for p in started:
            p.terminate()
        for p in started:
            p.stop()
        postfix.stop()
        sink.stop()
        shutil.rmtree(logdir, ignore_errors=True)


@dataclass
class RspamdSetup:
    proc: mta.Process
    web: object             # the uvicorn server of the demasque web API
    web_thread: threading.Thread

    @property
    def normal_port(self) -> int:
        return self.proc.ports["normal"]

    def stop_web(self) -> None:
        self.web.should_exit = True
        self.web_thread.join(timeout=10)


@pytest.fixture(scope="session")
def rspamd(mail):
    reason = mta.rspamd_missing()
    if reason:
        pytest.skip(reason)
    import uvicorn

    from demasque.web import Settings, create_app
    web_port = mta.free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(rate_per_minute=0)), host="127.0.0.1", port=web_port,
                                           log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    dns = mta.NxDomain().start()
    plugin_conf = (f'url = "http://127.0.0.1:{web_port}/api/v1/rspamd";\n'
                   f'authserv_ids = ["{CORPUS_AUTHSERV}"];\n'
                   'timeout = 10s;\n'
                   'scam_action = "reject";\n'
                   f"max_size = {QUARANTINE_MAX_SIZE};\n")
    proc = mta.rspamd(dns.port, mail.extra["rspamd_proxy"], plugin_conf)
    try:
        thread.start()
        proc.start()
        mta.wait_until(lambda: server.started, 20, "the demasque web API")
        proc.wait_ready(90)
        yield RspamdSetup(proc, server, thread)
    finally:
        proc.stop()
        server.should_exit = True
        thread.join(timeout=10)
        dns.stop()
        shutil.rmtree(proc.dir, ignore_errors=True)
