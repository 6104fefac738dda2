"""`demasque milter`: a mail filter (Sendmail milter protocol, through pymilter and libmilter) that
judges every message before it is queued and tags, holds or refuses it.

For each message: the header fields and the body (still transfer-encoded, as received) are kept in
memory up to a size cap, the raw message is rebuilt and judged by `verdict.judge` (the MIME is
parsed by the project's e-mail adapter), then by the chosen action:

- tag (default): add X-Demasque-Verdict, X-Demasque-Score and X-Demasque-Rules;
- quarantine: as tag, and a `scam` goes to the MTA's quarantine (Postfix: the hold queue);
- reject: a `scam` is refused with `550 5.7.1` and a short reason in French and English.

It fails open: on its own error, on a time-out and for an oversized message the message goes on
untouched (apart from removing X-Demasque-* fields that arrived with it). When the milter is not
running at all, the MTA decides (`milter_default_action = accept` in Postfix).

Logging: one line per message with the MTA's queue id, the verdict, the score, the action and the
time taken. Nothing of the message (no address, subject, header or text) is ever logged.
"""
from __future__ import annotations

import logging
import os
import re
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass

import Milter

from .authres import normalise_ids
from .verdict import HEADERS, REASON_EN, REASON_FR, judge

log = logging.getLogger("demasque.milter")

SOCKET = re.compile(r"^(?:inet6?:\d{1,5}(?:@[\w.:\[\]-]+)?|(?:unix|local):/\S+)$")
_OURS = {h.lower(): h for h in HEADERS}


@dataclass
class Options:
    action: str = "tag"
    max_size: int = 10 * 1024 * 1024    # bytes of header + body; beyond, the message is not judged
    timeout: float = 10.0               # seconds for one judgement; beyond, the message goes on
    authserv_ids: frozenset[str] = frozenset()   # besides the MTA's own host name (macro j)


class Buffer:
    """The message as the MTA hands it over, up to `cap` bytes; past the cap only a flag is kept."""

    def __init__(self, cap: int):
        self.cap = cap
        self.size = 0
        self.oversized = False
        self.parts: list[bytes] = []
        self.body_started = False

    def _add(self, data: bytes) -> None:
        if self.oversized:
            return
        self.size += len(data)
        if self.size > self.cap:
            self.oversized = True
            self.parts = []     # free the memory now, not at the end of the message
        else:
            self.parts.append(data)

    def header(self, name: str, value: bytes) -> None:
        # The MTA gives folded values with bare LF or CRLF and without the space after the colon.
        value = value.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        self._add(name.encode("ascii", errors="replace") + b": " + value + b"\r\n")

    def body(self, chunk: bytes) -> None:
        if not self.body_started:
            self.body_started = True
            self._add(b"\r\n")
        self._add(chunk)

    def raw(self) -> bytes:
        return b"".join(self.parts) + (b"" if self.body_started else b"\r\n")


class DemasqueMilter(Milter.Base):
    """One instance per SMTP connection (libmilter runs each in its own thread).

    Every step the MTA sends gets an answer, even those with nothing to say (hello, envrcpt, data,
    eoh), and
    none is marked "no reply": Postfix does not turn Nagle's algorithm off on its milter sockets,
    so two packets in a row without an answer between them wait about 40 ms for a delayed
    acknowledgement. Answering every step costs a round trip on loopback (tens of microseconds)."""
    options = Options()
    executor: ThreadPoolExecutor | None = None
    connections = 0                     # open MTA connections, so that a stop need not wait
    _count_lock = threading.Lock()

    def __init__(self):
        self.buf: Buffer | None = None
        self.ours: dict[str, int] = {}      # X-Demasque-* fields that came with the message, by name
        self.mta_name = ""
        self.counted = False

    def connect(self, hostname, family, hostaddr):
        self.mta_name = self.getsymval("j") or ""
        with self._count_lock:
            DemasqueMilter.connections += 1
            self.counted = True
        return Milter.CONTINUE

    def close(self):
        with self._count_lock:
            if self.counted:
                DemasqueMilter.connections -= 1
                self.counted = False
        return Milter.CONTINUE

    def hello(self, hostname):
        return Milter.CONTINUE

    def envfrom(self, mailfrom, *params):
        self.buf = Buffer(self.options.max_size)
        self.ours = {}
        return Milter.CONTINUE

    def envrcpt(self, to, *params):
        return Milter.CONTINUE

    def data(self):
        return Milter.CONTINUE

    @Milter.decode("bytes")
    def header(self, name, value):
        if self.buf is None:
            self.buf = Buffer(self.options.max_size)
        ours = _OURS.get(name.lower())
        if ours:                # never judged, and removed at the end: only ours may say a verdict
            self.ours[ours] = self.ours.get(ours, 0) + 1
            return Milter.CONTINUE
        self.buf.header(name, value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogateescape"))
        return Milter.CONTINUE

    def eoh(self):
        return Milter.CONTINUE

    def body(self, chunk):
        if self.buf is not None:
            self.buf.body(chunk)
        return Milter.CONTINUE

    def eom(self):
        started = time.perf_counter()
        buf, self.buf = self.buf, None
        outcome, judgement = "error", None
        try:
            self._remove_forged()
            if buf is None:
                outcome = "skipped-empty"
            elif buf.oversized:
                outcome = "skipped-too-large"
            else:
                judgement = self._judge(buf.raw())
                outcome = "timeout" if judgement is None else self._act(judgement)
        except Exception as exc:    # fail open: never hold a message back because of ourselves
            outcome = f"error-{type(exc).__name__}"
        self._log(outcome, judgement, started)
        return Milter.REJECT if outcome == "reject" else Milter.CONTINUE

    def abort(self):
        self.buf = None
        return Milter.CONTINUE

    # -- steps of eom ------------------------------------------------------------------------

    def _judge(self, raw: bytes):
        """The judgement, or None when it takes longer than the time-out."""
        ids = self.options.authserv_ids | normalise_ids([self.mta_name])
        if self.executor is None:
            return judge(raw, ids)
        future = self.executor.submit(judge, raw, ids)
        try:
            return future.result(timeout=self.options.timeout)
        except FutureTimeout:
            future.cancel()
            return None

    def _act(self, j) -> str:
        if j.is_scam and self.options.action == "reject":
            self.setreply("550", "5.7.1", REASON_FR, REASON_EN)
            return "reject"
        for name, value in j.headers():
            self.addheader(name, value)
        if j.is_scam and self.options.action == "quarantine":
            self.quarantine(f"demasque: scam (score {j.score:.2f})")
            return "quarantine"
        return "tag"

    def _remove_forged(self) -> None:
        for name, count in self.ours.items():
            for index in range(count, 0, -1):   # the last first: the indexes still to remove stay valid
                self.chgheader(name, index, "")
        self.ours = {}

    def _log(self, outcome: str, j, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        qid = self.getsymval("i") or "-"
        if j is None:
            log.warning("queue_id=%s outcome=%s ms=%.1f", qid, outcome, ms)
        else:
            log.info("queue_id=%s verdict=%s score=%.3f action=%s ms=%.1f", qid, j.verdict, j.score, outcome, ms)


def warm_up() -> None:
    """Load the rules and the model before the first message, so that it is not slower."""
    from ..rules import warm
    warm()
    judge(b"From: a@example.org\r\nSubject: x\r\n\r\nBonjour\r\n")


def _no_delay_on_listeners() -> int:
    """Turn Nagle's algorithm off on the process's listening TCP sockets (libmilter's), so that the
    connections it accepts inherit TCP_NODELAY. Without it each reply made of several small writes
    (three added header fields, then "continue") waits on the MTA's delayed acknowledgement: about
    90 ms more per message on loopback, against 1 ms with it. libmilter gives no access to its
    socket, so it is found among the open file descriptors."""
    done = 0
    fds = [int(f) for f in os.listdir("/proc/self/fd")] if os.path.isdir("/proc/self/fd") else range(3, 256)
    for fd in fds:
        try:
            s = socket.socket(fileno=os.dup(fd))
        except OSError:
            continue
        try:
            if s.family in (socket.AF_INET, socket.AF_INET6) and s.type == socket.SOCK_STREAM \
                    and s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
        except OSError:
            pass
        finally:
            s.close()
    return done


def serve(address: str, options: Options, workers: int = 4) -> None:
    """Listen on `address` until SIGTERM or SIGINT; then finish the messages under way and return."""
    if not SOCKET.match(address):
        raise ValueError(f"socket {address!r}: expected inet:PORT@HOST, inet6:PORT@HOST or unix:/PATH")
    warm_up()
    DemasqueMilter.options = options
    DemasqueMilter.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="demasque-judge")
    Milter.factory = DemasqueMilter
    Milter.set_flags(Milter.ADDHDRS | Milter.CHGHDRS | Milter.QUARANTINE)
    Milter.set_exception_policy(Milter.CONTINUE)    # an exception in any callback: the mail goes on
    log.info("listening on %s, action=%s, max_size=%d, timeout=%.1fs", address, options.action,
             options.max_size, options.timeout)
    try:
        _run_libmilter(address)
    finally:
        DemasqueMilter.executor.shutdown(wait=False, cancel_futures=True)
    log.info("stopped")


def _run_libmilter(address: str) -> None:
    """libmilter's loop, in a thread of its own: the main thread stays free to receive SIGTERM and
    SIGINT and ask libmilter to stop. Left to libmilter, these signals would kill the process through
    a thread that does not block them (the model's numerical libraries start some). Once asked to
    stop, it returns as soon as no MTA connection is open (libmilter itself notices only at its next
    poll, seconds later)."""
    import milter as libmilter      # pymilter's C module, which Milter.runmilter drives
    opensocket = libmilter.opensocket

    def opensocket_no_delay(rmsock):
        opened = opensocket(rmsock)
        _no_delay_on_listeners()
        return opened

    failure: list[BaseException] = []

    def loop():
        try:
            Milter.runmilter("demasque", address, timeout=300)
        except BaseException as exc:     # handed to the main thread, which reports it
            failure.append(exc)

    stopping = threading.Event()

    def stop(signum, frame):
        log.info("stopping (signal %d)", signum)
        stopping.set()

    libmilter.opensocket = opensocket_no_delay
    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    runner = threading.Thread(target=loop, name="libmilter", daemon=True)
    try:
        runner.start()
        while runner.is_alive():
            runner.join(0.1)
            if stopping.is_set():
                # no new connection from now on (smfi_stop waits for libmilter's poll: not here)
                threading.Thread(target=libmilter.stop, name="libmilter-stop", daemon=True).start()
                break
        while runner.is_alive() and DemasqueMilter.connections > 0:     # messages under way
            runner.join(0.1)
    finally:
        libmilter.opensocket = opensocket
        for s, handler in previous.items():
            signal.signal(s, handler)
    if failure:
        raise failure[0]
