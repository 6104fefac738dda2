"""The fuzzers' starting corpus, built from the project's own tests and data: the rules' examples,
the corpus e-mails and messages, the web fixtures and the small forms of the worst inputs
(tests/hostile.py). Written to a folder, one file per seed, for each fuzz target.

    python tests/fuzz/seeds.py OUT_DIR     -> OUT_DIR/email/, OUT_DIR/urls/, OUT_DIR/rules/
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))


def _texts() -> list[str]:
    from demasque.rules import load_rules
    out = []
    for r in load_rules():
        for kind in ("match", "no_match"):
            for ex in r.examples.get(kind, []):
                out.append(ex if isinstance(ex, str) else (ex.get("text") or ex.get("raw") or ""))
    for f in sorted((ROOT / "corpus").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append(rec.get("text") or rec.get("raw") or "")
    import hostile
    out += [t[:2000] for t in hostile.hostile_texts().values()]
    out += ["https://%61meli-vitale.info", "https://ame\u00adli-vitale.info", "https://ame%6ci.fr.evil.com",
            "https://compte.xn--ameli-.fr/login", "https://ameli.fr@evil.com/", "https://[2001:db8::1]/", "ameli\uff0efr",
            "https://" + "a" * 290 + ".ameli.fr.evil.com", "Vi\u00adtale IB\u200bAN \u202emot de passe"]
    return [t for t in dict.fromkeys(out) if t]


def _emails() -> list[bytes]:
    out = [p.read_bytes() for p in sorted((ROOT / "corpus" / "email").rglob("*.eml"))]
    out += [p.read_bytes() for p in sorted((ROOT / "tests" / "web" / "fixtures").glob("*.eml"))]
    import hostile
    out += [build()[:20_000] for build in hostile.hostile_emails(size=20_000).values()]
    out += [("From: S\u00e9curit\u00e9 sociale <x@evil.com>\nSubject: dossier\u200b 1234\n\nIBAN").encode(),
            b"From: S\xe9curit\xe9 sociale <x@evil.com>\nSubject: x\n\nIBAN"]
    return out


def write(out_dir: str) -> dict[str, int]:
    out = Path(out_dir)
    counts = {}
    texts = [t.encode("utf-8", "surrogatepass") for t in _texts()]
    for target, seeds in (("rules", texts), ("urls", texts), ("email", _emails())):
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        for s in seeds:
            (d / hashlib.sha1(s).hexdigest()).write_bytes(s)
        counts[target] = len(seeds)
    return counts


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else "fuzz-corpus"))
