"""The call questionnaire on the page (its questions come from demasque.calls.QUESTIONS): the
form's answers checked against their questions, and the answers in words on the result page."""
from __future__ import annotations

from typing import Any

from ..calls import QUESTIONS
from ..calls.questions import choice_label, label
from .texts import w


def call_answers_from_form(form) -> dict:
    """The form's answers, each checked against its question (unknown choices are dropped)."""
    answers: dict[str, Any] = {}
    for q in QUESTIONS:
        qid, kind = q["id"], q["kind"]
        choices = {c["id"] for c in q.get("choices", [])}
        if kind == "multi":
            answers[qid] = [v for v in form.getlist(qid) if isinstance(v, str) and v in choices][:20]
        elif kind == "bool":
            answers[qid] = form.get(qid) in ("on", "yes", "true", "1", "oui")
        else:
            v = form.get(qid)
            v = v.strip()[:5000 if qid == "notes" else 200] if isinstance(v, str) else ""
            answers[qid] = v if kind != "choice" or v in choices else ""
    return answers


def describe_answers(answers: dict, lang: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The answers in words, to show them back on the result page (`skip`: shown elsewhere)."""
    out = []
    for q in QUESTIONS:
        v = answers.get(q["id"])
        if q["id"] in skip or v in (None, "", [], False):
            continue
        if isinstance(v, list):
            shown = ", ".join(choice_label(q["id"], x, lang) for x in v)
        elif v is True:
            shown = w(lang, "yes")
        else:
            shown = choice_label(q["id"], v, lang) if q.get("choices") else v
        out.append((label(q["id"], lang), shown))
    return out
