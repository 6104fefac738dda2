"""`demasque call` driven as a person would: through a pseudo-terminal (stdlib `pty`), answering
its prompts; closed input, Ctrl-C and nonsense answers never give a traceback. The
non-interactive forms (--caller/--notes, stdin) are tested too."""
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Term:
    """The command in a pseudo-terminal: it sees a tty on stdin and stdout."""

    def __init__(self, *args):
        env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="100", LANG="C.UTF-8")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:   # the child: become the command
            # Ctrl-C must reach it even when the suite runs in a background job, whose SIGINT a
            # non-interactive shell ignores (an ignored signal stays ignored across exec)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.execve(sys.executable, [sys.executable, "-m", "demasque.cli", *args], env)
        self.buf = b""

    def read_until(self, needle: str, timeout: float = 30) -> str:
        end = time.time() + timeout
        want = needle.encode()
        while want not in self.buf:
            left = end - time.time()
            if left <= 0:
                raise AssertionError(f"{needle!r} not seen; got:\n{self.buf.decode(errors='replace')[-2000:]}")
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{needle!r} not seen before the end; got:\n{self.buf.decode(errors='replace')[-2000:]}")
                self.buf += chunk
        return self.buf.decode(errors="replace")

    def send(self, s: str) -> None:
        os.write(self.fd, s.encode())

    def line(self, s: str = "") -> None:
        self.send(s + "\r")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        end = time.time() + timeout
        while True:
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if chunk:
                    self.buf += chunk
                    continue
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while True:   # drain what is left
                    r, _, _ = select.select([self.fd], [], [], 0.1)
                    if not r:
                        break
                    try:
                        chunk = os.read(self.fd, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    self.buf += chunk
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status), self.buf.decode(errors="replace")
            if time.time() > end:
                os.kill(self.pid, signal.SIGKILL)
                raise AssertionError("the command did not end")


def test_interactive_call_answered_like_a_person():
    t = Term("call")
    t.read_until("Quel numéro vous a appelé")
    t.line("09 70 12 34 56")
    t.read_until("rappeler ?")
    t.line("0899 12 34 56")
    t.read_until("Qui l'appelant disait-il être")
    t.read_until("Tapez un numéro")
    t.line("1")                                   # Assurance Maladie
    t.read_until("Que vous a-t-on demandé")
    t.read_until("plusieurs numéros")
    t.line("1 2")                                 # password, SMS code
    t.read_until("silence")
    t.line("o")
    t.read_until("pressé")
    t.line("oui")
    t.read_until("Racontez")
    t.line("Il voulait renvoyer un courriel.")
    code, out = t.finish()
    assert code == 0, out
    assert "ARNAQUE" in out and "mot de passe" in out and "Traceback" not in out
    assert "spam vocal 09 70 12 34 56" in out


def test_interactive_in_english_with_nonsense_answers():
    t = Term("call", "--lang", "en")
    t.read_until("Which number called you?")
    t.line("hello there")                         # not a number: asked again
    t.read_until("This is not a phone number")
    t.line("3646")
    t.read_until("call back?")
    t.line("")
    t.read_until("Type a number")
    t.line("banana")                              # nonsense choice: asked again
    t.read_until("I did not understand")
    t.line("42")                                  # out of range: asked again
    t.read_until("I did not understand")
    t.line("2")                                   # CPAM
    t.read_until("one or more numbers")
    t.line("4")                                   # part of the bank details
    t.read_until("silence")
    t.line("maybe")                               # nonsense yes/no
    t.read_until("Answer y (yes) or n (no)")
    t.line("n")
    t.read_until("pressed")
    t.line("")
    t.read_until("own words")
    t.line("The adviser asked for the last 4 digits of my IBAN to confirm it was me.")
    code, out = t.finish()
    assert code == 0, out
    assert "NO RED FLAGS FOUND" in out and "Traceback" not in out


def test_three_nonsense_answers_skip_the_question():
    t = Term("call")
    t.read_until("Quel numéro vous a appelé")
    t.line("")
    t.read_until("rappeler ?")
    t.line("")
    t.read_until("Tapez un numéro")
    for _ in range(3):
        t.line("zzz")
    t.read_until("question passée")
    t.read_until("plusieurs numéros")
    t.line("3")                                   # the full RIB
    t.read_until("silence")
    t.line("")
    t.read_until("pressé")
    t.line("")
    t.read_until("Racontez")
    t.line("")
    code, out = t.finish()
    assert code == 0 and "ARNAQUE" in out and "RIB" in out and "Traceback" not in out


def test_closed_input_before_any_answer():
    t = Term("call")
    t.read_until("Quel numéro vous a appelé")
    t.send("\x04")                                # Ctrl-D: end of input
    code, out = t.finish()
    assert code == 2 and "Traceback" not in out and "rien à analyser" in out


def test_closed_input_midway_analyses_what_was_said():
    t = Term("call")
    t.read_until("Quel numéro vous a appelé")
    t.line("")
    t.read_until("rappeler ?")
    t.line("0899 12 34 56")
    t.read_until("Tapez un numéro")
    t.send("\x04")
    code, out = t.finish()
    assert code == 0 and "ARNAQUE" in out and "Traceback" not in out


def test_ctrl_c():
    t = Term("call")
    t.read_until("Quel numéro vous a appelé")
    t.send("\x03")                                # Ctrl-C
    code, out = t.finish()
    assert code == 130 and "Traceback" not in out and "interrompu" in out


def test_interactive_aide():
    t = Term("aide")
    t.read_until("Que vous est-il arrivé")
    t.read_until("plusieurs numéros")
    t.line("4")                                   # I paid
    code, out = t.finish()
    assert code == 0 and "J'ai payé" in out and "opposition" in out and "Traceback" not in out


def test_interactive_aide_ctrl_c_and_closed_input():
    t = Term("help-me", "--lang", "en")
    t.read_until("What happened to you?")
    t.send("\x03")
    code, out = t.finish()
    assert code == 130 and "Traceback" not in out
    t = Term("aide")
    t.read_until("plusieurs numéros")
    t.send("\x04")
    code, out = t.finish()
    assert code == 2 and "Traceback" not in out


# ---- non-interactive ----------------------------------------------------------------------------

def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "demasque.cli", *args], input=stdin, capture_output=True, timeout=60)


def test_flags():
    p = run("call", "--caller", "09 70 12 34 56", "--notes", "il m'a demandé mon mot de passe")
    assert p.returncode == 0 and "ARNAQUE" in p.stdout.decode()
    d = json.loads(run("call", "--callback", "0899 12 34 56", "--asked", "password,sms_code", "--silence", "--pressure",
                       "--claimed", "cpam", "--format", "json", "--lang", "en").stdout)
    assert d["channel"] == "call" and d["verdict"] == "scam" and d["lang"] == "en"
    assert {"call.password", "call.sms_code", "call.callback_premium", "call.silence", "call.pressure"} <= {s["rule"] for s in d["signals"]}


def test_notes_from_stdin_when_not_a_terminal():
    d = json.loads(run("call", "--format", "json", stdin="Il voulait mon RIB complet.".encode()).stdout)
    assert "call.full_bank_details" in {s["rule"] for s in d["signals"]}
    d = json.loads(run("call", "--caller", "3646", "--notes", "-", "--format", "json",
                       stdin="Elle a demandé les 4 derniers chiffres de mon IBAN.".encode()).stdout)
    assert d["verdict"] == "no_red_flags"


def test_bad_flags_and_empty_input():
    p = run("call", "--asked", "nonsense")
    assert p.returncode == 2 and b"Traceback" not in p.stderr and b"password" in p.stderr
    p = run("call")   # stdin empty and not a terminal
    assert p.returncode == 2 and b"Traceback" not in p.stderr


def test_redact_call_output():
    d = json.loads(run("call", "--notes", "Il a demandé mon IBAN FR76 3000 6000 0112 3456 7890 189 et mon NIR 1 85 05 78 006 084 36",
                       "--format", "json", "--redact").stdout)
    blob = json.dumps(d, ensure_ascii=False)
    assert "3456 7890" not in blob and "006 084" not in blob
