"""Real mail servers on loopback for the gateway tests and benchmarks/bench_milter.py: a throwaway
Postfix (its own config, queue and log in a temp folder, never the system's), an aiosmtpd sink as
its next hop, `demasque milter` processes, Rspamd with the shipped Lua plugin, and a DNS responder
that answers every question at once with NXDOMAIN (so that Rspamd never waits on time-outs).

Everything listens on 127.0.0.1 on free ports, and everything started here is stopped by its pid.
"""
from __future__ import annotations

import re
import json
import os
import shutil
import signal
import smtplib
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
POSTFIX = shutil.which("postfix") or "/usr/sbin/postfix"
POSTQUEUE = shutil.which("postqueue") or "/usr/sbin/postqueue"
POSTCAT = shutil.which("postcat") or "/usr/sbin/postcat"
RSPAMD = shutil.which("rspamd") or "/usr/bin/rspamd"
MTA_NAME = "mx.demasque-test.invalid"
RELAY_DOMAIN = "example.com"
CORPUS_AUTHSERV = "mx.messagerie-exemple.fr"      # the receiving server named in the corpus e-mails


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def postfix_missing() -> str | None:
    """Why Postfix cannot run here, or None."""
    if not os.path.exists(POSTFIX):
        return "Postfix is not installed (apt-get install postfix; scripts/test.sh does it as root)"
    if os.geteuid() != 0:
        return "Postfix's master must be started as root (CI runs as root)"
    return None


def rspamd_missing() -> str | None:
    if not os.path.exists(RSPAMD):
        return "Rspamd is not installed (apt-get install rspamd; scripts/test.sh does it as root)"
    if os.geteuid() != 0:
        return "Rspamd is started as root and drops to its own user"
    return None


def send(port: int, raw: bytes, rcpt: str, sender: str = "expediteur@sender.invalid") -> None:
    """One message over SMTP, its lines ended with CRLF as SMTP wants (smtplib sends bytes as they
    are); smtplib raises SMTPDataError when it is refused."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
        s.sendmail(sender, [rcpt], crlf(raw))


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


_counter = iter(range(1, 10**9))


def rcpt(tag: str) -> str:
    """A recipient of its own for each message, so that the sink tells them apart."""
    return f"{tag}-{next(_counter)}@{RELAY_DOMAIN}"


def demasque_headers(raw: bytes) -> list[tuple[str, str]]:
    """The X-Demasque-* fields of a message, in order, as (name, value)."""
    out = []
    head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n")
    for line in head.split(b"\n"):
        name, colon, value = line.partition(b":")
        if colon and name.lower().startswith(b"x-demasque-"):
            out.append((name.decode(), value.strip().decode()))
    return out


def without_demasque_headers(raw: bytes) -> bytes:
    head, sep, body = raw.partition(b"\r\n\r\n")
    kept = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"x-demasque-")]
    return b"\r\n".join(kept) + sep + body


def workdir(prefix: str) -> Path:
    """A temp folder the mail servers' own users can walk through (pytest's are root-only)."""
    d = Path(tempfile.mkdtemp(prefix=prefix))
    d.chmod(0o755)
    return d


# ---------------------------------------------------------------------------------------------
# The next hop: an SMTP sink that keeps what it receives, by recipient

class Sink:
    def __init__(self):
        from aiosmtpd.controller import Controller
        self.port = free_port()
        self.messages: dict[str, list[bytes]] = {}
        self.count = 0
        self._lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink._lock:
                    for rcpt in envelope.rcpt_tos:
                        sink.messages.setdefault(rcpt.lower(), []).append(envelope.original_content)
                    sink.count += 1
                return "250 OK"

        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                      data_size_limit=0, decode_data=False)

    def start(self) -> "Sink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def wait(self, rcpt: str, timeout: float = 10.0) -> bytes:
        return wait_until(lambda: (self.messages.get(rcpt.lower()) or [None])[0], timeout, f"delivery to {rcpt}")


# ---------------------------------------------------------------------------------------------
# Postfix: one instance, one smtpd port per service (each with its own milters)

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
maillog_file = {d}/maillog
maillog_file_prefixes = {d}
myhostname = {name}
mydomain = demasque-test.invalid
myorigin = $myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains = {relay_domain}
relayhost = [127.0.0.1]:{sink}
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
local_header_rewrite_clients =
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
biff = no
message_size_limit = 52428800
milter_protocol = 6
milter_default_action = accept
milter_connect_timeout = 2s
"""

MASTER_CF = """\
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
cleanup-strip unix n    -       n       -       0       cleanup -o header_checks=regexp:{d}/strip_demasque
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""

# what docs/gateway.md advises for when the milter is down: drop X-Demasque-* fields that arrive
# with a message (the milter's own fields are not subject to header_checks)
STRIP_DEMASQUE = "/^X-Demasque-/ IGNORE\n"


class Postfix:
    """services: name -> the value of smtpd_milters for that smtpd ("" for none). A name ending in
    "+strip" also passes through the cleanup service that drops incoming X-Demasque-* fields."""

    def __init__(self, services: dict[str, str], sink_port: int):
        self.dir = workdir("demasque-postfix-")
        self.ports = {name.removesuffix("+strip"): free_port() for name in services}
        self.services = services
        self.sink_port = sink_port

    def write_config(self) -> None:
        d = self.dir
        (d / "main.cf").write_text(MAIN_CF.format(d=d, name=MTA_NAME, relay_domain=RELAY_DOMAIN, sink=self.sink_port))
        lines = [MASTER_CF.format(d=d)]
        for name, milters in self.services.items():
            port = self.ports[name.removesuffix("+strip")]
            extra = " -o cleanup_service_name=cleanup-strip" if name.endswith("+strip") else ""
            lines.append(f"127.0.0.1:{port} inet n - n - - smtpd -o smtpd_milters={milters}{extra}\n")
        (d / "master.cf").write_text("".join(lines))
        (d / "strip_demasque").write_text(STRIP_DEMASQUE)
        for sub in ("queue", "data"):
            (d / sub).mkdir(exist_ok=True)
        shutil.chown(d / "data", "postfix")

    def postfix(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([POSTFIX, "-c", str(self.dir), *args], capture_output=True, text=True,
                              timeout=60, check=check, stdin=subprocess.DEVNULL)

    def start(self) -> "Postfix":
        self.write_config()
        run = self.postfix("start", check=False)
        if run.returncode != 0:
            raise RuntimeError(f"postfix start failed ({run.returncode}): {run.stderr.strip()} {self.log()[-2000:]}")
        for port in self.ports.values():
            wait_until(lambda: port_open(port), 10, f"Postfix smtpd on {port}")
        return self

    def master_pid(self) -> int | None:
        try:
            return int((self.dir / "queue" / "pid" / "master.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        pid = self.master_pid()
        self.postfix("stop", check=False)
        if pid:
            try:
                wait_until(lambda: not _alive(pid), 10, "Postfix's master to stop")
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self) -> str:
        try:
            return (self.dir / "maillog").read_text(errors="replace")
        except OSError:
            return ""

    def queue(self) -> list[dict]:
        """What is in the queues (postqueue -j): one dict per message, with its queue_name."""
        out = subprocess.run([POSTQUEUE, "-c", str(self.dir), "-j"], capture_output=True, text=True, timeout=30,
                             stdin=subprocess.DEVNULL)
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]

    def show_header(self, queue_id: str) -> str:
        """The header of a queued message (postcat -h)."""
        return subprocess.run([POSTCAT, "-c", str(self.dir), "-hq", queue_id], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL).stdout

    def held(self, rcpt: str) -> bool:
        return any(m.get("queue_name") == "hold" and any(r.get("address") == rcpt for r in m.get("recipients", []))
                   for m in self.queue())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:    # a zombie child of ours is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Processes we start: the milter, Rspamd

class Process:
    def __init__(self, args: list[str], log: Path, ready, what: str, umask: int | None = None):
        self.args, self.log_path, self.ready, self.what, self.umask = args, log, ready, what, umask
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Process":
        self._log = open(self.log_path, "ab")
        umask = self.umask
        self.proc = subprocess.Popen(self.args, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)
        return self

    def wait_ready(self, timeout: float = 60) -> "Process":
        def ok():
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.what} exited ({self.proc.returncode}): {self.log()[-2000:]}")
            return self.ready()
        wait_until(ok, timeout, self.what, interval=0.05)
        return self

    def stop(self) -> None:
        self.terminate()
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc:
            self._log.close()

    def terminate(self) -> None:
        """Ask it to stop without waiting (stop() waits): several stop side by side."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def milter(socket_spec: str, logdir: Path, *options: str) -> Process:
    """`demasque milter` on inet:PORT@127.0.0.1 or unix:/PATH (a socket Postfix may write to)."""
    if socket_spec.startswith("unix:"):
        path = Path(socket_spec[5:])
        ready = path.exists
    else:
        port = int(socket_spec.split(":")[1].split("@")[0])
        ready = lambda: port_open(port)  # noqa: E731
    args = [sys.executable, "-m", "demasque.cli", "milter", "--socket", socket_spec, *options]
    name = socket_spec.replace("/", "_").replace(":", "_").replace("@", "_")
    return Process(args, logdir / f"milter-{name}.log", ready, f"demasque milter on {socket_spec}", umask=0o000)


# ---------------------------------------------------------------------------------------------
# A DNS server that knows nothing and says so at once

class NxDomain:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.answered = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> "NxDomain":
        self._thread.start()
        return self

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                query, peer = self.sock.recvfrom(4096)
            except OSError:
                continue
            if len(query) < 12:
                continue
            qid, flags = struct.unpack(">HH", query[:4])
            end = 12
            while end < len(query) and query[end]:
                end += query[end] + 1
            question = query[12:end + 5]
            # QR, the query's RD bit, RA, RCODE 3 (NXDOMAIN); the question echoed, no answer
            header = struct.pack(">HHHHHH", qid, 0x8000 | (flags & 0x0100) | 0x0080 | 3, 1, 0, 0, 0)
            try:
                self.sock.sendto(header + question, peer)
                self.answered += 1
            except OSError:
                pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


# ---------------------------------------------------------------------------------------------
# Rspamd with the shipped plugin, its network modules off

# every module that asks DNS, fetches a remote map or needs Redis
RSPAMD_OFF = ("rbl", "surbl", "whitelist", "phishing", "multimap", "fuzzy_check", "spf", "dkim", "dmarc", "arc",
              "asn", "emails", "hfilter", "mx_check", "dcc", "dkim_signing", "bimi", "rspamd_update",
              "url_redirector", "reputation", "neural", "ratelimit", "greylist", "history_redis", "replies",
              "once_received", "p0f", "antivirus", "external_services", "metadata_exporter", "clickhouse",
              "elastic", "spamtrap")
# the top-level names the test messages use: the full public suffix list takes Rspamd half a minute
# to compile at each start
TLDS = ("com", "fr", "org", "net", "info", "gouv.fr", "example", "invalid", "io", "de", "uk", "co.uk")

RSPAMD_CONF = """\
.include "$CONFDIR/common.conf"
options {{
  pidfile = "$RUNDIR/rspamd.pid";
  .include "$CONFDIR/options.inc"
  .include(priority=10) "{d}/options.inc"
}}
logging {{ type = "file"; filename = "$LOGDIR/rspamd.log"; level = "info"; }}
worker "normal" {{ bind_socket = "127.0.0.1:{normal}"; count = 1; .include "$CONFDIR/worker-normal.inc" }}
worker "rspamd_proxy" {{ bind_socket = "127.0.0.1:{proxy}"; milter = yes; timeout = 120s; count = 1;
  upstream "local" {{ default = yes; self_scan = yes; }} }}
"""

# (a key set again at the same priority would become a list whose first value wins)
OPTIONS_INC = """\
dns {{ nameserver = ["127.0.0.1:{dns}"]; timeout = 0.5s; retransmits = 1; }}
url_tld = "{d}/tlds.dat";
disable_hyperscan = true;
"""

ACTIONS_CONF = "reject = 15; add_header = 6; greylist = null;\n"


def rspamd(dns_port: int, proxy_port: int, plugin_conf: str) -> Process:
    """Rspamd with contrib/rspamd/demasque.lua configured by `plugin_conf` (the body of its
    `demasque {}` section): its "proxy" worker speaks the milter protocol on `proxy_port`, its
    "normal" worker answers HTTP checks (/checkv2) on `.ports["normal"]`."""
    d = workdir("demasque-rspamd-")
    ports = {"normal": free_port(), "proxy": proxy_port}
    for sub in ("local.d", "plugins.d", "db", "run", "log"):
        (d / sub).mkdir()
    for sub in ("db", "run", "log"):
        shutil.chown(d / sub, "_rspamd", "_rspamd")
    (d / "rspamd.conf").write_text(RSPAMD_CONF.format(d=d, **ports))
    (d / "options.inc").write_text(OPTIONS_INC.format(d=d, dns=dns_port))
    (d / "tlds.dat").write_text("\n".join(TLDS) + "\n")
    for m in RSPAMD_OFF:
        (d / "local.d" / f"{m}.conf").write_text("enabled = false;\n")
    (d / "local.d" / "actions.conf").write_text(ACTIONS_CONF)
    shutil.copy(REPO / "contrib" / "rspamd" / "demasque.lua", d / "plugins.d" / "demasque.lua")
    (d / "rspamd.conf.local").write_text("demasque {\n" + plugin_conf + "\n}\n")
    args = [RSPAMD, "-f", "-c", str(d / "rspamd.conf"), "-u", "_rspamd", "-g", "_rspamd",
            "--var", f"LOCAL_CONFDIR={d}", "--var", f"DBDIR={d}/db", "--var", f"RUNDIR={d}/run",
            "--var", f"LOGDIR={d}/log"]
    proc = Process(args, d / "rspamd.out", lambda: port_open(ports["normal"]) and port_open(ports["proxy"]), "rspamd")
    proc.dir, proc.ports = d, ports
    return proc


def with_file_reference(raw: bytes) -> bytes:
    """The message with a file reference in its subject: something the brand never does, so that the
    receiving server's authentication visibly changes the judgement (only that counts, at most
    "suspicious") compared with an unauthenticated copy (where the soft words count too)."""
    head, sep, body = raw.partition(b"\n\n")
    head = re.sub(rb"(?m)^Subject:.*$", b"Subject: Dossier n\xc2\xb0 2026-48213 : votre carte Vitale", head, count=1)
    return head + sep + body
