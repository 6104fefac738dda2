"""report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
campaigns over time, the top domains and numbers, and the table of campaigns with the redacted
representative of each. French by default, English with --lang en."""
from __future__ import annotations

from datetime import datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape

from .charts import PALETTE, campaigns_over_time, top_bars
from .indicators import BENIGN

TEXTS = {
    "fr": {"title": "Tri des messages signalés", "generated": "Produit le", "messages": "messages",
           "scam": "arnaques", "suspicious": "suspects", "no_red_flags": "sans signe d'arnaque",
           "campaigns": "campagnes", "over_time": "Taille des campagnes dans le temps",
           "over_time_label": "Messages par jour des plus grandes campagnes", "per_day": "messages par jour",
           "top_domains": "Domaines les plus vus dans les messages signalés",
           "top_numbers": "Numéros de téléphone les plus vus dans les messages signalés",
           "table": "Campagnes, de la plus grande à la plus petite", "id": "Campagne", "size": "Messages",
           "verdict": "Verdict", "seen": "Vu du … au …", "indicators": "Indicateurs principaux",
           "representative": "Message représentatif (données personnelles masquées)", "none": "aucune campagne",
           "verdicts": {"scam": "arnaque", "suspicious": "suspect", "no_red_flags": "aucun signe d'arnaque"},
           "more": "campagnes suivantes dans campaigns.jsonl", "no_data": "rien à montrer",
           "note": "Les liens des messages sont affichés comme du texte : ils ne sont jamais ouverts."},
    "en": {"title": "Triage of reported messages", "generated": "Generated on", "messages": "messages",
           "scam": "scams", "suspicious": "suspicious", "no_red_flags": "no red flags",
           "campaigns": "campaigns", "over_time": "Campaign sizes over time",
           "over_time_label": "Messages per day of the largest campaigns", "per_day": "messages per day",
           "top_domains": "Domains seen most in the reported messages",
           "top_numbers": "Phone numbers seen most in the reported messages",
           "table": "Campaigns, largest first", "id": "Campaign", "size": "Messages",
           "verdict": "Verdict", "seen": "Seen from … to …", "indicators": "Main indicators",
           "representative": "Representative message (personal data masked)", "none": "no campaign",
           "verdicts": {"scam": "scam", "suspicious": "suspicious", "no_red_flags": "no red flags"},
           "more": "more campaigns in campaigns.jsonl", "no_data": "nothing to show",
           "note": "Links of the messages are shown as text: they are never opened."},
}
MAX_ROWS = 200
_env = Environment(loader=PackageLoader("demasque.triage", "templates"), autoescape=select_autoescape(["html"]))


def _top(table: list[tuple], kind: str, n: int = 10) -> list[tuple[str, int]]:
    rows = [(value, flagged) for k, value, status, _, _, _, flagged in table
            if k == kind and status not in BENIGN and status != "short_number" and (flagged or 0) > 0]
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:n]


def render(camps: list[dict], table: list[tuple], counts: dict, lang: str = "fr") -> str:
    t = TEXTS.get(lang, TEXTS["fr"])
    flagged = [c for c in camps if c["verdict"] != "no_red_flags"]
    domains, numbers = _top(table, "domain"), _top(table, "phone")
    charts = [
        ("over-time", t["over_time"], campaigns_over_time(flagged, t["over_time_label"], t["per_day"])),
        ("top-domains", t["top_domains"], top_bars(domains, t["top_domains"], PALETTE[1])),
        ("top-numbers", t["top_numbers"], top_bars(numbers, t["top_numbers"], PALETTE[2])),
    ]
    rows = []
    for c in camps[:MAX_ROWS]:
        inds = [(k, i["value"]) for k in ("domain", "phone", "email") for i in c["indicators"].get(k, [])
                if i["status"] not in BENIGN and i["status"] != "short_number"][:6]
        rows.append({**c, "verdict_word": t["verdicts"][c["verdict"]], "top": inds})
    return _env.get_template("report.html").render(
        t=t, lang=lang if lang in TEXTS else "fr", counts=counts, n_campaigns=len(camps), charts=charts, rows=rows,
        lists={"top-domains": domains, "top-numbers": numbers}, more=max(0, len(camps) - MAX_ROWS),
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
