"""Labelled sets the model trains and is measured on, read from files only.

Every loader returns `Item`s: the Message (so the rules can judge it too), the model's input text
(`norm(subject + "\\n" + text)`, exactly what `Features.norm` holds at run time), the label
(1 = scam / spam / smishing, 0 = genuine / ham) and where it came from.

Splits are fixed: UCI SMS Spam and the Mendeley smishing set are each cut 80/20, stratified by
label, with SEED; the test parts are never trained on. A test message whose normalised text also
occurs in any training part (the two SMS sets share many texts) is dropped from that test part.
"""
from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..adapters import from_eml, from_sms
from ..errors import DemasqueError
from ..extract.textnorm import norm
from ..message import Message

SEED = 20240705
TEST_SIZE = 0.2


def shared_data_dir() -> Path:
    env = os.environ.get("DEMASQUE_SHARED_DATA")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve()):
        for parent in [base, *base.parents]:
            cand = parent / "shared" / "data"
            if cand.is_dir():
                return cand
            cand = parent.parent / "shared" / "data"
            if cand.is_dir():
                return cand
    return Path("../shared/data")


@dataclass
class Item:
    id: str
    source: str
    label: int
    text: str            # model input: normalised subject + "\n" + text
    msg: Message | None = None
    lang: str = "en"


def model_text(msg: Message) -> str:
    full = (msg.subject + "\n" + msg.text) if msg.subject else msg.text
    return norm(full)


def _sms_item(ident: str, source: str, label: int, text: str, sender: str = "", lang: str = "en") -> Item:
    msg = from_sms(text, sender)
    msg.id = ident
    return Item(ident, source, label, model_text(msg), msg, lang)


def load_uci(root: Path | None = None) -> list[Item]:
    path = (root or shared_data_dir()) / "uci-sms-spam" / "SMSSpamCollection"
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "\t" not in line:
            continue
        lab, text = line.split("\t", 1)
        out.append(_sms_item(f"uci:{i}", "uci", int(lab.strip() == "spam"), text))
    return out


def load_smishing(root: Path | None = None) -> list[Item]:
    path = (root or shared_data_dir()) / "mendeley-smishing" / "Dataset_5971.csv"
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), 2):
            lab = (row.get("LABEL") or "").strip().lower()
            if lab not in ("ham", "spam", "smishing") or not (row.get("TEXT") or "").strip():
                continue
            out.append(_sms_item(f"smishing:{i}", "smishing", int(lab != "ham"), row["TEXT"]))
    return out


def load_spamassassin(root: Path | None = None) -> list[Item]:
    base = (root or shared_data_dir()) / "apache-spamassassin-testmails"
    out = []
    for sub, lab in (("nice", 0), ("spam", 1)):
        for f in sorted((base / sub).rglob("*")):
            if not f.is_file() or f.name.lower().startswith("readme"):
                continue
            try:
                msg = from_eml(f.read_bytes())
            except (DemasqueError, ValueError, UnicodeError):
                continue
            ident = f"spamassassin:{f.relative_to(base).as_posix()}"
            msg.id = ident
            out.append(Item(ident, "spamassassin", lab, model_text(msg), msg))
    return out


def load_project_corpus(paths: list[str] | None = None) -> list[Item]:
    from ..evaluate import load_corpus
    paths = [p for p in (paths or ["corpus"]) if Path(p).exists()]
    out = []
    for ident, _channel, label, build in load_corpus(paths, training=True):
        try:
            msg = build()
        except DemasqueError:
            continue
        msg.id = str(ident)
        out.append(Item(f"corpus:{ident}", "corpus", int(label == "scam"), model_text(msg), msg, "fr"))
    return out


def stratified_split(items: list[Item], seed: int = SEED, test_size: float = TEST_SIZE) -> tuple[list[Item], list[Item]]:
    from sklearn.model_selection import train_test_split
    if not items:
        return [], []
    idx = list(range(len(items)))
    tr, te = train_test_split(idx, test_size=test_size, random_state=seed, stratify=[it.label for it in items])
    return [items[i] for i in sorted(tr)], [items[i] for i in sorted(te)]


def dedup_against(test: list[Item], train: list[Item]) -> list[Item]:
    seen = {" ".join(it.text.split()) for it in train}
    return [it for it in test if " ".join(it.text.split()) not in seen]


def items_hash(items: list[Item]) -> str:
    h = hashlib.sha256()
    for it in items:
        h.update(f"{it.label}\t{it.text}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class Splits:
    train: list[Item]                 # what the shipped model is trained on
    tests: dict[str, list[Item]]      # held-out parts: uci, smishing (de-duplicated)
    hashes: dict[str, str]


def build_splits(root: Path | None = None, corpus: list[str] | None = None, with_corpus: bool = True) -> Splits:
    """UCI: stratified 80/20 with SEED, the test part kept whole (as the literature reports it).
    Mendeley: its texts that are in the UCI test part are dropped (the two sets overlap), the rest is
    cut 80/20 the same way, and its test part loses any text found in a training part.
    The shipped model trains on uci train + smishing train (+ the project corpus)."""
    root = root or shared_data_dir()
    train: list[Item] = []
    tests: dict[str, list[Item]] = {}
    hashes: dict[str, str] = {}
    try:
        tr, te = stratified_split(load_uci(root))
        train += tr
        tests["uci"] = te
        hashes["uci_train"], hashes["uci_test"] = items_hash(tr), items_hash(te)
    except FileNotFoundError:
        pass
    try:
        sm = dedup_against(load_smishing(root), tests.get("uci", []))
        tr, te = stratified_split(sm)
        train += tr
        tests["smishing"] = dedup_against(te, train)
        hashes["smishing_train"], hashes["smishing_test"] = items_hash(tr), items_hash(tests["smishing"])
    except FileNotFoundError:
        pass
    if with_corpus:
        corp = load_project_corpus(corpus)
        train += corp
        hashes["corpus"] = items_hash(corp)
        hashes["corpus_n"] = str(len(corp))
    return Splits(train, tests, hashes)
