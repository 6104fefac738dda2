"""Does fast-mail-parser (Rust, mail-parser) read the corpora's e-mails as the standard parser does?

    pip install fast-mail-parser   # not a dependency of demasque: this probe is why (docs/parsing.md)
    python benchmarks/probe_fast_mail_parser.py

Both parsers get the same bounded bytes (adapters/mimebounds.py) of every e-mail of corpus/ and
../shared/data/apache-spamassassin-testmails/. Compared, parser to parser: a parse that fails, the
subject and first From address (policy.default), the MIME tree's leaves (type, transfer-decoded
bytes), and whether the standard parser found the MIME defects the adapter reports.
"""
from __future__ import annotations

import collections
import email
from email import policy
from pathlib import Path

import fast_mail_parser as fmp

from demasque.adapters.mimebounds import bound_email

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "apache-spamassassin-testmails"


def files() -> list[Path]:
    found = sorted(ROOT.glob("corpus/**/*.eml"))
    return found + (sorted(p for p in SHARED.rglob("*") if p.is_file() and p.name != "README.md") if SHARED.exists() else [])


def std_leaves(msg) -> list[tuple[str, bytes]]:
    if msg.is_multipart():
        return [leaf for sub in msg.get_payload() for leaf in std_leaves(sub)]
    return [(msg.get_content_type(), msg.get_payload(decode=True) or b"")]


def fmp_leaves(node) -> list[tuple[str, bytes]]:
    if node.children:
        return [leaf for sub in node.children for leaf in fmp_leaves(sub)]
    return [(node.content_type, node.content or b"")]


def main() -> None:
    counts: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)

    def differ(what: str, path: Path) -> None:
        counts[what] += 1
        examples[what].append(path.name)

    for path in files():
        raw = path.read_bytes()
        raw, _ = bound_email(raw.split(b"\n", 1)[1] if raw.startswith(b"From ") else raw)
        std = email.message_from_bytes(raw, policy=policy.default)
        counts["e-mails"] += 1
        try:
            flat, tree = fmp.parse_email(raw), fmp.parse_email_tree(raw)
        except Exception as exc:  # noqa: BLE001  (what it raises is what is counted)
            differ(f"fast-mail-parser fails ({exc.__class__.__name__}), the standard parser reads it", path)
            continue
        if " ".join((flat.subject or "").split()) != " ".join(str(std["subject"] or "").split()):
            differ("subject read differently", path)
        addrs = getattr(std["from"], "addresses", None) or ()
        if (flat.from_.address if flat.from_ else "") != (addrs[0].addr_spec if addrs else ""):
            differ("From address read differently", path)
        ours, theirs = std_leaves(std), fmp_leaves(tree)
        if [t for t, _ in ours] != [t for t, _ in theirs]:
            differ("MIME leaves of other types or in another number", path)
        elif [b for _, b in ours] != [b.replace(b"\r\n", b"\n") for _, b in theirs]:   # it writes CRLF line ends
            differ("a leaf's decoded bytes differ (line ends aside)", path)
        if std.defects and not flat.warnings:
            differ("MIME defects the standard parser reports, fast-mail-parser says nothing", path)
    for what, n in counts.items():
        print(f"{n:>5}  {what}" + (f"   e.g. {', '.join(examples[what][:5])}" if what in examples else ""))


if __name__ == "__main__":
    main()
