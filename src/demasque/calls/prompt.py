"""Asking the call questions in a terminal: short questions, numbered choices, forgiving answers.
Nonsense is asked again (three times at most, then the question is skipped); a closed input
stops the questions; Ctrl-C is left to the command line (which exits without a traceback)."""
from __future__ import annotations

import re
import sys

from .questions import QUESTIONS

_W = {
    "fr": {"intro": "Décrivez l'appel en quelques questions. Appuyez sur Entrée pour passer une question, Ctrl-C pour arrêter.",
           "choice_hint": "Tapez un numéro (Entrée pour passer) : ", "multi_hint": "Tapez un ou plusieurs numéros, séparés par des espaces (Entrée si rien) : ",
           "yesno_hint": " (o/n, Entrée = non) : ", "text_hint": "> ",
           "again_choice": "Je n'ai pas compris. Tapez un numéro entre 1 et {n}, ou Entrée pour passer.",
           "again_yesno": "Je n'ai pas compris. Répondez o (oui) ou n (non).",
           "again_number": "Ce n'est pas un numéro de téléphone. Recopiez-le (par exemple 01 23 45 67 89), ou Entrée pour passer.",
           "skip": "(question passée)", "yes": ("o", "oui", "y", "yes"), "no": ("n", "non", "no")},
    "en": {"intro": "Describe the call in a few questions. Press Enter to skip a question, Ctrl-C to stop.",
           "choice_hint": "Type a number (Enter to skip): ", "multi_hint": "Type one or more numbers, separated by spaces (Enter if none): ",
           "yesno_hint": " (y/n, Enter = no): ", "text_hint": "> ",
           "again_choice": "I did not understand. Type a number between 1 and {n}, or Enter to skip.",
           "again_yesno": "I did not understand. Answer y (yes) or n (no).",
           "again_number": "This is not a phone number. Copy it (for example 01 23 45 67 89), or Enter to skip.",
           "skip": "(question skipped)", "yes": ("y", "yes", "o", "oui"), "no": ("n", "no", "non")},
}
TRIES = 3


class InputClosed(Exception):
    """The input ended before the questions did."""


def _w(lang, key):
    return _W.get(lang, _W["fr"])[key]


class Asker:
    def __init__(self, lang: str = "fr", read=None, out=None):
        self.lang = lang if lang in _W else "fr"
        self.out = out or sys.stdout
        self._read = read or self._stdin_line

    def _stdin_line(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = sys.stdin.readline()
        if line == "":
            raise InputClosed()
        return line.rstrip("\r\n")

    def say(self, s: str = "") -> None:
        self.out.write(s + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        return self._read(prompt).strip()

    def _tries(self, prompt, parse, again):
        for _ in range(TRIES):
            ans = self.ask(prompt)
            ok, value = parse(ans)
            if ok:
                return value
            self.say(again)
        self.say(_w(self.lang, "skip"))
        return None

    def choice(self, choices: list[tuple[str, str]]) -> str:
        for i, (_, lab) in enumerate(choices, 1):
            self.say(f"  {i}. {lab}")
        ids = [c for c, _ in choices]

        def parse(a):
            if not a:
                return True, ""
            if a.isdigit() and 1 <= int(a) <= len(choices):
                return True, ids[int(a) - 1]
            if a in ids:
                return True, a
            return False, None
        return self._tries(_w(self.lang, "choice_hint"), parse, _w(self.lang, "again_choice").format(n=len(choices))) or ""

    def multi(self, choices: list[tuple[str, str]]) -> list[str]:
        for i, (_, lab) in enumerate(choices, 1):
            self.say(f"  {i}. {lab}")
        ids = [c for c, _ in choices]

        def parse(a):
            out = []
            for tok in re.split(r"[\s,;]+", a):
                if not tok:
                    continue
                if tok.isdigit() and 1 <= int(tok) <= len(choices):
                    out.append(ids[int(tok) - 1])
                elif tok in ids:
                    out.append(tok)
                else:
                    return False, None
            return True, list(dict.fromkeys(out))
        return self._tries(_w(self.lang, "multi_hint"), parse, _w(self.lang, "again_choice").format(n=len(choices))) or []

    def yesno(self) -> bool:
        yes, no = _w(self.lang, "yes"), _w(self.lang, "no")

        def parse(a):
            a = a.lower()
            if not a or a in no:
                return True, False
            if a in yes:
                return True, True
            return False, None
        return bool(self._tries(_w(self.lang, "yesno_hint").lstrip(), parse, _w(self.lang, "again_yesno")))

    def phone(self) -> str:
        def parse(a):
            if not a:
                return True, ""
            digits = re.sub(r"\D", "", a)
            if 3 <= len(digits) <= 15 and re.fullmatch(r"[\d\s.+()\-]+", a):
                return True, a
            return False, None
        return self._tries(_w(self.lang, "text_hint"), parse, _w(self.lang, "again_number")) or ""


def ask_call(lang: str = "fr", asker: Asker | None = None) -> dict:
    """Ask every question of QUESTIONS; returns the answers given before the input closed."""
    a = asker or Asker(lang)
    answers: dict = {}
    a.say(_w(a.lang, "intro"))
    try:
        for q in QUESTIONS:
            a.say("")
            a.say(q["label"].get(a.lang) or q["label"]["fr"])
            if q.get("help"):
                a.say("  " + (q["help"].get(a.lang) or q["help"]["fr"]))
            choices = [(c["id"], c["label"].get(a.lang) or c["label"]["fr"]) for c in q["choices"]]
            if q["kind"] == "choice":
                answers[q["id"]] = a.choice(choices)
            elif q["kind"] == "multi":
                answers[q["id"]] = a.multi(choices)
            elif q["kind"] == "bool":
                answers[q["id"]] = a.yesno()
            elif q["id"] in ("caller", "callback_number"):
                answers[q["id"]] = a.phone()
            else:
                answers[q["id"]] = a.ask(_w(a.lang, "text_hint"))
    except InputClosed:
        a.say("")
    return answers
