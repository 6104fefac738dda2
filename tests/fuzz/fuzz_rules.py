"""Fuzz target: the rule engine on any text, through the whole analysis (atheris / libFuzzer).
A finding is an exception, an unwritable report, evidence outside the text, or an input over the
`-timeout` (a rule that backtracks)."""
import sys

import atheris

with atheris.instrument_imports(include=["demasque"]):
    from demasque.adapters import from_text
    from demasque.api import analyze

from fuzz_email import check_report  # noqa: E402

CHANNELS = ("sms", "text", "email")


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    channel = CHANNELS[fdp.ConsumeIntInRange(0, 2)]
    text = fdp.ConsumeUnicode(len(data))         # lone surrogates included: they must not break a report
    msg = from_text(text, channel=channel)
    check_report(analyze(msg), msg.text, "")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
