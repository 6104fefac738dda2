"""Fuzz target: the e-mail adapter and the whole analysis of an e-mail (atheris / libFuzzer).

A finding is: any exception other than DemasqueError (a clear refusal), a report that cannot be
written as UTF-8 JSON, evidence offsets outside the text, more than `-timeout` seconds or
`-rss_limit_mb` of memory on one input. Run through scripts/fuzz.sh."""
import json
import sys

import atheris

with atheris.instrument_imports(include=["demasque"]):
    from demasque.adapters import from_eml
    from demasque.api import analyze
    from demasque.errors import DemasqueError


def check_report(report, text: str, subject: str) -> None:
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")     # writable, always
    for s in report.signals:
        for ev in s.evidence:
            st, en = ev.get("start"), ev.get("end")
            if isinstance(st, int) and isinstance(en, int):
                where = ev.get("where")
                room = len(subject) if where == "subject" else max(len(text), len(subject)) if where == "link" else len(text)
                assert 0 <= st <= en <= room, (s.rule, where, st, en, room)


def test_one(data: bytes) -> None:
    try:
        msg = from_eml(data)
    except DemasqueError:
        return
    check_report(analyze(msg), msg.text, msg.subject)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
