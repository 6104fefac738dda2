"""The options every command shares, and the one way a command writes its answer.

Each option is added only by the commands that honour it:
- `--lang fr|en` (every command that writes words for a person),
- `--format text|json` (the commands whose answer is one object),
- `--redact` (the commands whose answer holds what the person sent: check, batch, call),
- `--profile NAME` (the commands whose look-up or analysis can be told which brand to judge by).

`write(obj, args, render)` prints JSON or the text `render(obj, lang)` makes; a report is
redacted first when `--redact` was given. Nothing heavy is imported here: the parser of
`demasque --help` is built from these modules alone.
"""
from __future__ import annotations

import inspect
import json
import sys
from typing import Any, Callable

from ..errors import DemasqueError


class MissingExtra(DemasqueError):
    """A command whose optional dependencies are not installed."""


def add_lang(sp) -> None:
    sp.add_argument("--lang", choices=["fr", "en"], default="fr", help="langue de sortie (fr par défaut)")


def add_format(sp) -> None:
    sp.add_argument("--format", choices=["text", "json"], default="text", help="texte pour une personne, ou JSON")


def add_redact(sp) -> None:
    sp.add_argument("--redact", action="store_true", help="masquer NIR, IBAN, cartes, e-mails et numéros de la personne")


def add_profile(sp) -> None:
    sp.add_argument("--profile", metavar="NOM",
                    help="juger selon ce profil de marque (assurance_maladie, ou un fichier de DEMASQUE_PROFILES) "
                         "au lieu de celui que le message nomme")


# ---- profiles ------------------------------------------------------------------------------------

def chosen_profile(args):
    """The profile named by --profile, or None when the option was not given."""
    name = getattr(args, "profile", None)
    if not name:
        return None
    from ..profile import load_profiles
    profiles = load_profiles()
    for p in profiles:
        if p.id == name:
            return p
    raise DemasqueError(f"--profile {name}: no such profile (known: {', '.join(p.id for p in profiles)})")


def with_profile(fn: Callable, kwargs: dict, args) -> dict:
    """`kwargs` with `profile=` added when --profile was given. A library function that cannot take
    it yet gives a clear error rather than a profile silently ignored."""
    profile = chosen_profile(args)
    if profile is None:
        return kwargs
    if "profile" not in inspect.signature(fn).parameters:
        raise DemasqueError(f"--profile is not supported by `demasque {args.command}` in this version "
                            f"(the profile is picked from the message)")
    return {**kwargs, "profile": profile}


# ---- optional dependencies ---------------------------------------------------------------------

def need(extra: str, command: str, load: Callable[[], Any], hint: str = "") -> Any:
    """`load()`, or one clear line when an optional dependency of `command` is missing."""
    try:
        return load()
    except ImportError as exc:
        missing = f" ({exc.name} is missing)" if getattr(exc, "name", None) else ""
        raise MissingExtra(f"`demasque {command}` needs the '{extra}' extra{missing}: "
                           f"pip install 'demasque[{extra}]'{hint}") from None


# ---- writing --------------------------------------------------------------------------------------

def to_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def redact(report: dict, args) -> dict:
    """The report with the person's own data masked, when --redact was given (in place)."""
    if getattr(args, "redact", False):
        from ..profile import default_profile
        from ..redact import redact_report
        profile = chosen_profile(args) or default_profile()
        redact_report(report, frozenset(profile.phones))
    return report


def write(obj: Any, args, render: Callable[[Any, str], str]) -> None:
    """JSON with --format json, else the text `render(obj, lang)`, on stdout."""
    if getattr(args, "format", "text") == "json":
        sys.stdout.write(to_json(obj))
    else:
        sys.stdout.write(render(obj, getattr(args, "lang", "fr")))


def write_report(report: dict, args) -> None:
    """A report (check, call, screenshot): redacted when asked, then JSON or text."""
    from ..render.text import render_text
    write(redact(report, args), args, render_text)


def note(args, fr: str, en: str) -> None:
    """A line for the person on stderr, in their language."""
    sys.stderr.write((en if getattr(args, "lang", "fr") == "en" else fr) + "\n")
