"""demasque eval: precision, recall and confusion matrix on a labelled corpus.

Corpus layout: *.jsonl files whose lines are batch records with a "label" (scam | genuine), and
*.eml files whose label is the name of a parent folder (scam/ or genuine/)."""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from .api import analyze
from .adapters import from_eml, from_record
from .errors import DemasqueError

LABELS = ("scam", "genuine")
VERDICTS = ("scam", "suspicious", "no_red_flags")


def held_out(f: Path) -> bool:
    """A file inside a folder marked HELD_OUT: for reporting figures, never for training or tuning."""
    return any((d / "HELD_OUT").is_file() for d in f.parents)


def load_corpus(paths: list[str], training: bool = False):
    """Yield (id, channel, label, Message-building thunk). `training`: skip held-out folders."""
    for root in paths:
        p = Path(root)
        files = [p] if p.is_file() else sorted(p.rglob("*"))
        for f in files:
            if training and held_out(f):
                continue
            if f.suffix == ".jsonl":
                for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                    if line.strip():
                        rec = json.loads(line)
                        yield rec.get("id", f"{f.name}:{i}"), rec.get("channel", "text"), rec["label"], (lambda r=rec: from_record(r))
            elif f.suffix == ".eml":
                label = next((part for part in reversed(f.parts[:-1]) if part in LABELS), None)
                if label:
                    yield f.stem, "email", label, (lambda b=f.read_bytes(): from_eml(b))


def evaluate(paths: list[str]) -> dict:
    confusion: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    errors, misses = [], []
    for ident, channel, label, build in load_corpus(paths):
        try:
            verdict = analyze(build()).verdict
        except DemasqueError as exc:
            errors.append({"id": ident, "error": str(exc)})
            verdict = "no_red_flags"
        confusion[channel][label][verdict] += 1
        confusion["all"][label][verdict] += 1
        if (label == "genuine" and verdict == "scam") or (label == "scam" and verdict == "no_red_flags"):
            misses.append({"id": ident, "label": label, "verdict": verdict})
    result = {"channels": {}, "errors": errors, "misses": misses}
    for channel, m in confusion.items():
        result["channels"][channel] = {"confusion": {l: dict(m[l]) for l in LABELS},
                                       "flagged": _pr(m, {"scam", "suspicious"}), "scam_verdict": _pr(m, {"scam"})}
    return result


def _pr(m, positive: set) -> dict:
    tp = sum(m["scam"][v] for v in positive)
    fn = sum(m["scam"][v] for v in VERDICTS if v not in positive)
    fp = sum(m["genuine"][v] for v in positive)
    tn = sum(m["genuine"][v] for v in VERDICTS if v not in positive)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(prec, 3), "recall": round(rec, 3),
            "fpr": round(fp / (fp + tn), 3) if fp + tn else 0.0}


def format_table(res: dict) -> str:
    out = []
    order = sorted(k for k in res["channels"] if k != "all") + ["all"]
    out.append(f"{'channel':<8} {'n':>5}  {'flagged P':>9} {'flagged R':>9}  {'scam P':>7} {'scam R':>7}  {'genuine->scam':>13}")
    for ch in order:
        c = res["channels"].get(ch)
        if not c:
            continue
        n = sum(sum(v.values()) for v in c["confusion"].values())
        fl, sc = c["flagged"], c["scam_verdict"]
        out.append(f"{ch:<8} {n:>5}  {fl['precision']:>9.3f} {fl['recall']:>9.3f}  {sc['precision']:>7.3f} {sc['recall']:>7.3f}  {sc['fp']:>13}")
    for ch in order:
        c = res["channels"].get(ch)
        if not c:
            continue
        out.append(f"\nconfusion [{ch}]   rows: label, columns: verdict")
        out.append(f"{'':<10}" + "".join(f"{v:>14}" for v in VERDICTS))
        for l in LABELS:
            out.append(f"{l:<10}" + "".join(f"{c['confusion'][l].get(v, 0):>14}" for v in VERDICTS))
    if res["misses"]:
        out.append("\nmisses (genuine->scam, scam->no_red_flags):")
        out += [f"  {m['id']}: {m['label']} -> {m['verdict']}" for m in res["misses"]]
    if res["errors"]:
        out.append("\nunreadable:")
        out += [f"  {e['id']}: {e['error']}" for e in res["errors"]]
    return "\n".join(out) + "\n"


def run_eval(paths: list[str], fmt: str = "text") -> int:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise DemasqueError(f"corpus not found: {', '.join(missing)}")
    res = evaluate(paths)
    sys.stdout.write(json.dumps(res, indent=2) + "\n" if fmt == "json" else format_table(res))
    return 0
