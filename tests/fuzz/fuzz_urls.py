"""Fuzz target: the URL finder and host parsing (atheris / libFuzzer). A finding is an exception,
a link whose span is not in the text, a host cut short, or an official verdict for a host that a
browser would refuse."""
import sys

import atheris

with atheris.instrument_imports(include=["demasque"]):
    from demasque.extract import domain_facts
    from demasque.extract.domains import analyze_parsed
    from demasque.extract.textnorm import normalize
    from demasque.extract.urls import find_urls, parse_host
    from demasque.profile import default_profile

FACTS = domain_facts(default_profile())


def test_one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    clean = normalize(text)
    assert len(clean.text) <= len(text) * 18 + 1          # NFKC expands at most 18x
    for i in (0, len(clean.text) // 2, len(clean.text)):
        assert 0 <= clean.to_original(i) <= len(text)
    for link in find_urls(clean.text):
        assert 0 <= link.start <= link.end <= len(clean.text)
        parsed = parse_host(link.url)
        if parsed is None:
            continue
        info = analyze_parsed(parsed, FACTS)
        if parsed.problems:
            assert info.status not in ("official", "partner", "known")
    parsed = parse_host(text)
    if parsed is not None:
        analyze_parsed(parsed, FACTS)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
