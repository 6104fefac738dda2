"""`demasque triage FEED... --out DIR`: a feed of reported messages to campaigns, indicators and
exports (triage/). It needs the `triage` extra (Dask, SQLAlchemy, datasketch, STIX, MISP...)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..triage.inputs import FORMATS, parse_map   # the feeds' readers: standard library only
from .output import add_lang, need, to_json

SUMMARY = {
    "fr": {"head": "Tri terminé", "read": "messages lus", "added": "ajoutés au stock", "already": "déjà dans le stock",
           "errors": "illisibles", "store": "Dans le stock", "scam": "arnaques", "suspicious": "suspects",
           "no_red_flags": "sans signe d'arnaque", "campaigns": "campagnes", "of_which_scam": "dont arnaques",
           "top": "Les 5 plus grandes campagnes", "files": "Fichiers écrits dans", "messages": "messages",
           "verdicts": {"scam": "arnaque", "suspicious": "suspect", "no_red_flags": "aucun signe d'arnaque"}},
    "en": {"head": "Triage done", "read": "messages read", "added": "added to the store", "already": "already in the store",
           "errors": "unreadable", "store": "In the store", "scam": "scams", "suspicious": "suspicious",
           "no_red_flags": "no red flags", "campaigns": "campaigns", "of_which_scam": "of which scams",
           "top": "The 5 largest campaigns", "files": "Files written in", "messages": "messages",
           "verdicts": {"scam": "scam", "suspicious": "suspicious", "no_red_flags": "no red flags"}},
}


def register(sub) -> None:
    p = sub.add_parser("triage", help="trier un flux de messages signalés : campagnes, indicateurs, exports (MISP, STIX, CSV)")
    p.add_argument("feeds", nargs="+", metavar="FEED", help="JSONL, CSV, mbox, Maildir, dossier de .eml, ou - (JSONL sur l'entrée standard)")
    p.add_argument("--out", required=True, help="dossier des résultats (triage.sqlite et les exports)")
    p.add_argument("--db", help="URL SQLAlchemy du stock partagé (postgresql+psycopg://...) au lieu de DOSSIER/triage.sqlite")
    p.add_argument("--dask", metavar="ADDR", help="tcp://hôte:8786 (un ordonnanceur Dask) ou local:N (N processus sur cette machine)")
    p.add_argument("--format", choices=FORMATS, help="format des flux (deviné par défaut : extension ou contenu)")
    p.add_argument("--map", help="colonnes d'un CSV : text=body,sender=from,received=date,id=ref,...")
    p.add_argument("--channel", choices=["sms", "email", "text"], help="canal des messages qui n'en disent pas (SMS d'un flux 33700, ...)")
    p.add_argument("--chunk-size", type=int, default=2000, help="messages par partition (2000 par défaut)")
    p.add_argument("--threshold", type=float, default=None, help="similarité (Jaccard estimé) de deux messages d'un même kit, sur des bouts de 5 caractères (0.5)")
    p.add_argument("--max-shared", type=int, default=None, help="un indicateur vu dans plus de campagnes que cela est commun et ne les réunit pas (10)")
    p.add_argument("--json", action="store_true", help="le résumé en JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="pas de barre de progression")
    add_lang(p)
    p.set_defaults(func=cmd_triage)


def cmd_triage(args) -> int:
    def load():
        from ..triage.runner import Options, run
        return Options, run
    Options, run = need("triage", "triage", load)
    opts = Options(out=Path(args.out), db=args.db, dask=args.dask, fmt=args.format, colmap=parse_map(args.map),
                   channel=args.channel, chunk_size=max(1, min(args.chunk_size, 100_000)), lang=args.lang,
                   progress=not args.quiet)
    if args.threshold is not None:
        opts.threshold = min(1.0, max(0.05, args.threshold))
    if args.max_shared is not None:
        opts.max_shared = max(1, args.max_shared)
    summary = run(args.feeds, opts)
    sys.stdout.write(to_json(summary) if args.json else render_summary(summary, args.lang, opts.out))
    return 0


def render_summary(s: dict, lang: str, out: Path) -> str:
    t = SUMMARY.get(lang, SUMMARY["fr"])
    sep = " :" if lang == "fr" else ":"
    st = s["store"]
    lines = [f"{t['head']}{sep} {s['read']} {t['read']}, {s['added']} {t['added']}, {s['already_stored']} {t['already']}, "
             f"{s['errors']} {t['errors']}.",
             f"{t['store']} : {st['messages']} {t['messages']} — {st['scam']} {t['scam']}, {st['suspicious']} {t['suspicious']}, "
             f"{st['no_red_flags']} {t['no_red_flags']} ; {s['campaigns']} {t['campaigns']} ({t['of_which_scam']} {s['scam_campaigns']})."]
    for e in s["error_examples"][:3]:
        lines.append(f"  ! {e}")
    if s["top"]:
        lines.append(t["top"] + " :")
        for c in s["top"]:
            lines.append(f"  {c['id']}  {c['size']:>7} {t['messages']}  {t['verdicts'][c['verdict']]:<22} {c['first_seen'][:10]} → {c['last_seen'][:10]}")
    lines.append(f"{t['files']} {out}/ : report.html, campaigns.jsonl, indicators.csv, stix.json, misp.json, triage.sqlite")
    return "\n".join(lines) + "\n"
