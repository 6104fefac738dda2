"""Exports in the output folder: campaigns.jsonl, indicators.csv, stix.json (STIX 2.1, stix2),
misp.json (MISP events, pymisp) and report.html.

Only what may be blocked or taken down is exported as an indicator to STIX and MISP: official and
partner sites, known hosts, publishing platforms, shorteners and official numbers never are.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from .indicators import BENIGN

TLP = "tlp:amber"
# Per campaign and kind in STIX and MISP (the stix2 library checks each pattern with its parser, a few
# milliseconds each); indicators.csv lists them all.
MAX_EXPORTED = 25
_PHONE = re.compile(r"\+\d{4,15}")
_EXPORTED = ("url", "domain", "phone", "email")


def write_all(out: Path, camps: list[dict], store, lang: str = "fr") -> None:
    table = store.indicator_table()
    write_campaigns(out / "campaigns.jsonl", camps)
    write_indicators(out / "indicators.csv", table, camps)
    flagged = [c for c in camps if c["verdict"] != "no_red_flags"]
    (out / "stix.json").write_text(stix_bundle(flagged), encoding="utf-8")
    (out / "misp.json").write_text(json.dumps(misp_events(flagged), ensure_ascii=False), encoding="utf-8")
    from .report_html import render
    (out / "report.html").write_text(render(camps, table, store.counts(), lang), encoding="utf-8")


def write_campaigns(path: Path, camps: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for c in camps:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")


def _cell(value: str, kind: str) -> str:
    """A value that a spreadsheet would run as a formula gets a leading quote (an E.164 number is safe)."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not (kind in ("phone", "sender") and _PHONE.fullmatch(value)):
        return "'" + value
    return value


def write_indicators(path: Path, table: list[tuple], camps: list[dict]) -> None:
    from .campaigns import iso
    where = defaultdict(list)
    for c in camps:
        for kind, items in c["indicators"].items():
            for it in items:
                where[(kind, it["value"])].append(c["id"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["kind", "value", "status", "messages", "flagged_messages", "first_seen", "last_seen", "campaigns"])
        for kind, value, status, n, first, last, flagged in table:
            w.writerow([kind, _cell(value, kind), status, n, int(flagged or 0), iso(first), iso(last),
                        " ".join(where.get((kind, value), [])[:20])])


_OWN = frozenset({"official", "partner", "known"})


def _blockable(c: dict, kind: str) -> list[dict]:
    """A shortened or platform-hosted URL can be taken down at the shortener or platform; their
    domains cannot be blocked."""
    skip = _OWN if kind == "url" else BENIGN | {"short_number"}
    return [i for i in c["indicators"].get(kind, []) if i["status"] not in skip][:MAX_EXPORTED]


def _pattern_value(v: str) -> str:
    return v.replace("\\", "\\\\").replace("'", "\\'")


def stix_bundle(camps: list[dict]) -> str:
    import stix2
    author = stix2.Identity(name="demasque", identity_class="system",
                            description="Triage of messages reported as impersonating Assurance Maladie")
    objects: list = [author, stix2.TLP_AMBER]
    common = {"created_by_ref": author.id, "object_marking_refs": [stix2.TLP_AMBER.id]}
    for c in camps:
        camp = stix2.Campaign(name=f"demasque {c['id']}", first_seen=c["first_seen"], last_seen=c["last_seen"],
                              description=f"{c['size']} messages ({c['verdict']}). Representative (redacted): {c['representative'][:1000]}",
                              **common)
        objects.append(camp)
        for kind, obj in (("url", "url"), ("domain", "domain-name")):
            for ind in _blockable(c, kind):
                i = stix2.Indicator(name=f"{kind} {ind['value']}", pattern=f"[{obj}:value = '{_pattern_value(ind['value'])}']",
                                    pattern_type="stix", valid_from=c["first_seen"], indicator_types=["malicious-activity"],
                                    description=f"seen in {ind['count']} messages of {c['id']} ({ind['status']})", **common)
                objects += [i, stix2.Relationship(i, "indicates", camp, **common)]
        for ind in _blockable(c, "phone"):
            # STIX 2.1 has no telephone-number object: a number is the login of a phone account
            acct = stix2.UserAccount(account_type="phone-number", account_login=ind["value"], user_id=ind["value"])
            seen = stix2.ObservedData(first_observed=c["first_seen"], last_observed=c["last_seen"],
                                      number_observed=max(1, ind["count"]), object_refs=[acct.id], **common)
            objects += [acct, seen, stix2.Relationship(seen, "related-to", camp, **common)]
    return stix2.Bundle(objects=objects).serialize(pretty=False)


def misp_events(camps: list[dict]) -> dict:
    """MISP's own response shape, {"response": [{"Event": ...}, ...]}: one event per campaign."""
    from pymisp import MISPEvent, MISPObject
    events = []
    for c in camps:
        ev = MISPEvent()
        ev.info = f"demasque {c['id']}: {c['verdict']}, {c['size']} messages impersonating Assurance Maladie"
        ev.set_date(c["first_seen"][:10])
        ev.distribution = 0
        ev.threat_level_id = 2 if c["verdict"] == "scam" else 3
        ev.analysis = 2
        ev.add_tag(TLP)
        ev.add_tag("demasque:campaign=\"" + c["id"] + "\"")
        for kind, mtype, category in (("url", "url", "Network activity"), ("domain", "domain", "Network activity"),
                                      ("phone", "phone-number", "Other"), ("email", "email-src", "Payload delivery")):
            for ind in _blockable(c, kind):
                ev.add_attribute(mtype, ind["value"], category=category, to_ids=kind in ("url", "domain"),
                                 comment=f"{ind['count']} messages, {ind['status']}")
        sms = MISPObject("short-message-service", standalone=False)
        sms.add_attribute("body", value=c["representative"][:2000] or "-")
        sender = next(iter(c["indicators"].get("sender", [])), None)
        if sender:
            sms.add_attribute("from", value=sender["value"])
        ev.add_object(sms)
        for ind in _blockable(c, "url")[:10]:
            ph = MISPObject("phishing", standalone=False)
            ph.add_attribute("url", value=ind["value"])
            ph.add_attribute("target", value="Assurance Maladie")
            ph.add_attribute("online", value="Unknown")
            ev.add_object(ph)
        events.append({"Event": json.loads(ev.to_json())})
    return {"response": events}
