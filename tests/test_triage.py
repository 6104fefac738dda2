"""demasque triage: feeds in, campaigns, store across runs, exports (STIX, MISP, CSV, JSONL)."""
from __future__ import annotations

import csv
import json
import mailbox
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from demasque.adapters import from_sms
from demasque.cli import main
from demasque.triage.clustering import join_on_indicators, near_duplicates
from demasque.triage.columns import concat, pack, unpack
from demasque.triage.indicators import indicators, parse
from demasque.triage.inputs import parse_map, read_feed
from demasque.triage.runner import Options, run
from demasque.triage.signatures import NUM_PERM, mask_names, shingles, signature, template
from demasque.profile import default_profile
from demasque.errors import UnreadableInput
from triage_support import feed, pairwise, read_campaigns, write_jsonl

KIT = ("Bonjour {name}, votre remboursement de {amount} est en attente (dossier {ref}). "
       "Confirmez vos coordonnees bancaires sous 48h sur {url} ou appelez le {phone}.")


def kit_message(i: int, url: str = None) -> str:
    names = ["Claire Martin", "Julien Bernard", "Nadia Moreau", "Thomas Girard"]
    return KIT.format(name=names[i % 4], amount=f"{40 + i},{i % 90:02d} EUR", ref=f"AB{10000 + i}",
                      url=url or f"https://ameli-remb-{i}.info/d/{i}", phone=f"0899 {10 + i % 80} 12 34")


@pytest.fixture(scope="module")
def feed_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("triage")
    records = list(feed(600, seed=3))
    path = write_jsonl(tmp / "day1.jsonl", records)
    summary = run([str(path)], Options(out=tmp / "out", progress=False))
    return tmp / "out", records, summary


# --- inputs ---------------------------------------------------------------------------------------
def test_jsonl_is_read_in_chunks_with_bad_lines_reported(tmp_path):
    lines = [json.dumps({"id": str(i), "channel": "sms", "text": kit_message(i)}) for i in range(5)]
    lines.insert(2, "{not json")
    lines.insert(4, "[1, 2]")
    f = tmp_path / "f.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks = list(read_feed(str(f), size=3))
    assert [len(c.items) for c in chunks] == [3, 3, 1] and [c.first for c in chunks] == [1, 4, 7]
    s = run([str(f)], Options(out=tmp_path / "o", progress=False))
    assert s["read"] == 7 and s["added"] == 5 and s["errors"] == 2
    assert any("not valid JSON" in e for e in s["error_examples"])


def test_an_overlong_line_is_reported_and_skipped_without_being_held(tmp_path, monkeypatch):
    monkeypatch.setattr("demasque.triage.inputs.MAX_BATCH_LINE_BYTES", 1000)
    f = tmp_path / "f.jsonl"
    good = json.dumps({"channel": "sms", "text": kit_message(1)})
    f.write_text(good + "\n" + json.dumps({"text": "x" * 5000}) + "\n" + good + "\n", encoding="utf-8")
    (chunk,) = read_feed(str(f), size=10)
    assert [len(i) for i in chunk.items][1] == 0 and chunk.errors == [(2, "line 2 is over the 1000 byte limit")]
    assert chunk.items[2].startswith(b"{")


def test_byte_ranges_read_by_workers_give_the_chunks_of_the_feed(tmp_path, monkeypatch):
    """A local cluster's workers read their own byte ranges of a JSON lines feed: the same items,
    errors (overlong lines, numbered in the feed) and first line numbers as the client reading it,
    whatever the chunk size, and with the newlines found across the client's read blocks."""
    from demasque.triage.inputs import jsonl_spans, read_span
    monkeypatch.setattr("demasque.triage.inputs.MAX_BATCH_LINE_BYTES", 50)
    monkeypatch.setattr("demasque.triage.inputs._SCAN_BLOCK", 37)
    rng = random.Random(1)
    lines = [b"" if k < 0.1 else b"x" * rng.randint(40, 140) if k < 0.2 else b'{"text": "%d"}' % i
             for i, k in enumerate(rng.random() for _ in range(300))]
    f = tmp_path / "f.jsonl"
    for tail in (b"", b"\n"):
        f.write_bytes(b"\n".join(lines) + tail)
        for size in (1, 7, 100, 1000):
            spans = list(jsonl_spans(str(f), size))
            assert all(c.span and not c.items for c in spans)
            want = [(c.items, c.errors, c.first, c.source) for c in read_feed(str(f), size=size)]
            assert [(c.items, c.errors, c.first, c.source) for c in map(read_span, spans)] == want
            assert any(c.errors for c in map(read_span, spans))


def test_csv_with_a_column_mapping(tmp_path):
    f = tmp_path / "feed.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ref", "body", "from", "date"])
        for i in range(4):
            w.writerow([f"c{i}", kit_message(i), "+33612345678", f"2025-03-0{i + 1}T10:00:00Z"])
    s = run([str(f)], Options(out=tmp_path / "o", colmap=parse_map("text=body,sender=from,id=ref,received=date"),
                             channel="sms", progress=False))
    assert s["added"] == 4 and s["errors"] == 0
    camp = read_campaigns(tmp_path / "o")[0]
    assert sorted(camp["members"]) == ["c0", "c1", "c2", "c3"]
    assert camp["first_seen"] == "2025-03-01T10:00:00Z" and camp["last_seen"] == "2025-03-04T10:00:00Z"


def test_csv_mapping_errors_are_clear(tmp_path):
    f = tmp_path / "feed.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnreadableInput, match="no text column"):
        list(read_feed(str(f)))
    with pytest.raises(UnreadableInput, match="no column named 'body'"):
        list(read_feed(str(f), colmap=parse_map("text=body")))
    with pytest.raises(UnreadableInput, match="unknown field"):
        parse_map("texte=body")


def _eml(i: int) -> bytes:
    return (f"From: Service Ameli <contact{i}@ameli-dossier.com>\nTo: a@example.org\nSubject: Remboursement\n"
            f"Message-ID: <m{i}@example.org>\nDate: Mon, 3 Mar 2025 10:0{i}:00 +0100\n\n{kit_message(i)}\n").encode()


def test_mbox_maildir_and_eml_folder(tmp_path):
    box = mailbox.mbox(tmp_path / "feed.mbox")
    md = mailbox.Maildir(tmp_path / "maildir")
    (tmp_path / "emls").mkdir()
    for i in range(3):
        box.add(_eml(i))
        md.add(_eml(i + 3))
        (tmp_path / "emls" / f"{i}.eml").write_bytes(_eml(i + 6))
    box.flush()
    s = run([str(tmp_path / "feed.mbox"), str(tmp_path / "maildir"), str(tmp_path / "emls")],
            Options(out=tmp_path / "o", progress=False))
    assert s["added"] == 9 and s["errors"] == 0
    camp = read_campaigns(tmp_path / "o")[0]
    assert camp["size"] == 9 and "<m0@example.org>" in camp["members"]
    assert camp["first_seen"] == "2025-03-03T09:00:00Z"
    assert {i["value"] for i in camp["indicators"]["email"]} >= {"contact0@ameli-dossier.com"}


def test_stdin_feed(tmp_path, monkeypatch, capsys):
    import io
    data = "".join(json.dumps({"channel": "sms", "text": kit_message(i)}) + "\n" for i in range(3)).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["triage", "-", "--out", str(tmp_path / "o"), "-q"]) == 0
    out = capsys.readouterr().out
    assert "3 messages lus" in out and "report.html" in out
    assert read_campaigns(tmp_path / "o")[0]["members"] == ["stdin:1", "stdin:2", "stdin:3"]


def test_summary_in_english_and_as_json(tmp_path, capsys):
    f = write_jsonl(tmp_path / "f.jsonl", [{"channel": "sms", "text": kit_message(i)} for i in range(3)])
    assert main(["triage", str(f), "--out", str(tmp_path / "o"), "-q", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Triage done: 3 messages read" in out and "The 5 largest campaigns" in out and "scam" in out
    assert main(["triage", str(f), "--out", str(tmp_path / "o"), "-q", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["added"] == 0 and s["already_stored"] == 3 and s["top"][0]["size"] == 3
    assert "<html lang=\"fr\"" in (tmp_path / "o" / "report.html").read_text("utf-8")


def test_an_unusable_store_is_a_clear_error(tmp_path, capsys):
    f = write_jsonl(tmp_path / "f.jsonl", [{"channel": "sms", "text": kit_message(1)}])
    assert main(["triage", str(f), "--out", str(tmp_path / "o"), "--db", "nosuchdb://x"]) == 2
    assert "--db" in capsys.readouterr().err
    # a PostgreSQL server that is not there (a closed port on this machine)
    assert main(["triage", str(f), "--out", str(tmp_path / "o"), "--db", "postgresql://u@127.0.0.1:9/x"]) == 2
    assert "cannot open the store" in capsys.readouterr().err


def test_unknown_feed_is_a_clear_error(tmp_path, capsys):
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01\x02")
    assert main(["triage", str(f), "--out", str(tmp_path / "o")]) == 2
    assert "format" in capsys.readouterr().err
    assert main(["triage", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2


# --- signatures, indicators ----------------------------------------------------------------------
def test_template_replaces_what_a_kit_rotates():
    a, b = (parse(from_sms(kit_message(i))) for i in (1, 2))
    for p in (a, b):
        indicators(from_sms(p.full), p, default_profile())
    ta, tb = template(a), template(b)
    assert ta == tb
    assert "xname" in ta and "xamount" in ta and "xurl" in ta and "xphone" in ta and "xnum" in ta
    assert "claire" not in ta and "remb" not in ta.split("xurl")[1]


def test_official_link_is_another_token_than_a_lookalike():
    texts = ["Votre attestation est disponible sur https://www.ameli.fr/assure",
             "Votre attestation est disponible sur https://ameli-attestation.info/assure"]
    tmpls = []
    for t in texts:
        msg = from_sms(t)
        p = parse(msg)
        indicators(msg, p, default_profile())
        tmpls.append(template(p))
    assert tmpls[0].endswith("xurlofficial") and tmpls[1].endswith("xurl")


@pytest.mark.parametrize("text, expected", [
    ("Une question ? Appelez le 3646.", 1),
    ("Une question ? Appelez le 0899 12 34 56.", 2),
    ("Infos sur https://www.ameli.fr ou au 3646", 1),
    ("Infos sur https://www.ameli.fr ou au 06 12 34 56 78", 2),
    ("Transferez ce SMS au 33700.", 0),
    ("Bonne journee !", 0),
])
def test_where_a_message_sends_its_reader(text, expected):
    msg = from_sms(text)
    p = parse(msg)
    indicators(msg, p, default_profile())
    assert p.contact_class == expected


def test_indicators_statuses_and_e164():
    msg = from_sms("Remboursement: https://ameli-remb.info/x ou bit.ly/abc, infos https://www.ameli.fr, "
                   "appelez le 0899 12 34 56 ou le 3646. 42,50 EUR", sender="06 12 34 56 78")
    got = {(k, v): s for k, v, s in indicators(msg, parse(msg), default_profile())}
    assert got[("domain", "ameli-remb.info")] == "lookalike"
    assert got[("domain", "bit.ly")] == "shortener" and got[("domain", "ameli.fr")] == "official"
    assert got[("phone", "+33899123456")] == "premium_rate" and got[("phone", "3646")] == "official"
    assert got[("sender", "+33612345678")] == "other" and got[("amount", "42.50 EUR")] == "other"


def test_names_after_a_greeting_are_masked():
    assert mask_names("Bonjour Claire Martin, votre dossier") == "Bonjour " + "•" * len("Claire Martin") + ", votre dossier"
    assert mask_names("M. Durand vous rappelle") == "M. •••••• vous rappelle"


def test_packed_columns_round_trip():
    s = ["a", "", "é€", "x" * 300]
    assert unpack(pack(s)) == s
    b1 = {"errors": [], "n_read": 1, "verdict": np.array([1]), "ind_row": np.array([0]), "id": pack(["a"])}
    b2 = {"errors": ["e"], "n_read": 2, "verdict": np.array([0, 2]), "ind_row": np.array([1]), "id": pack(["b", "c"])}
    c = concat([b1, b2])
    assert unpack(c["id"]) == ["a", "b", "c"] and c["ind_row"].tolist() == [0, 2] and c["n_read"] == 3


# --- clustering ----------------------------------------------------------------------------------
def _sig(words: str) -> np.ndarray:
    return signature(shingles(words))


def test_near_duplicates_cluster_and_groups_never_mix():
    base = "votre carte vitale expire mettez la a jour sur xurl avant le xnum sans quoi vos droits seront suspendus"
    other = "un colis vous attend au point relais payez les frais de livraison de xamount sur xurl aujourd hui"
    sigs = np.stack([_sig(base), _sig(base + " merci"), _sig(other), _sig(other + " merci"), _sig(base), _sig("")])
    has = np.array([True] * 5 + [False])
    group = np.array([3, 3, 3, 3, 0, 3])     # the fifth: same words, but an unflagged message
    lab = near_duplicates(sigs, has, group)
    assert lab[0] == lab[1] and lab[2] == lab[3] and lab[0] != lab[2]
    assert lab[4] not in (lab[0], lab[2]) and lab[5] not in (lab[0], lab[2], lab[4])


def test_clusters_join_only_on_rare_shared_indicators():
    labels = np.arange(14)
    # indicator 7 in clusters 0 and 1 (rare: joins); indicator 9 in clusters 2..13 (common: never)
    rows = np.array([0, 1] + list(range(2, 14)))
    codes = np.array([7, 7] + [9] * 12)
    out = join_on_indicators(labels, rows, codes, max_shared=10)
    assert out[0] == out[1] and len(set(out[2:].tolist())) == 12 and out[2] != out[0]


def test_shared_shortener_or_official_site_never_joins_two_kits(tmp_path):
    recs = []
    for i in range(4):
        recs.append({"id": f"a{i}", "channel": "sms", "text": f"AMELI: votre carte Vitale expire le 0{i + 1}/05, renouvelez-la: bit.ly/abc ou www.ameli.fr {i}"})
        recs.append({"id": f"b{i}", "channel": "sms", "text": f"Colis en attente, reglez {i},99 EUR de frais de port pour la livraison: bit.ly/abc ou www.ameli.fr"})
    run([str(write_jsonl(tmp_path / "f.jsonl", recs))], Options(out=tmp_path / "o", progress=False))
    for c in read_campaigns(tmp_path / "o"):
        assert len({m[0] for m in c["members"]}) == 1, c["members"]


def test_two_wordings_sharing_a_rare_domain_are_one_campaign(tmp_path):
    recs = [{"id": f"a{i}", "channel": "sms", "text": kit_message(i, url=f"https://ameli-secu-gestion.info/{i}")} for i in range(3)]
    recs += [{"id": f"b{i}", "channel": "sms", "text": f"Dernier rappel {i}: vos droits sante seront suspendus. Regularisez sur ameli-secu-gestion.info/r{i}"}
             for i in range(3)]
    run([str(write_jsonl(tmp_path / "f.jsonl", recs))], Options(out=tmp_path / "o", progress=False))
    camps = read_campaigns(tmp_path / "o")
    assert len(camps) == 1 and camps[0]["size"] == 6


# --- a whole feed --------------------------------------------------------------------------------
def test_campaigns_match_the_kits_and_never_take_genuine_or_everyday_messages(feed_run):
    out, records, summary = feed_run
    label = {r["id"]: r["label"] for r in records}
    truth = {r["id"]: r["truth"] for r in records if r["label"] == "scam"}
    camps = read_campaigns(out)
    pred = {}
    for c in camps:
        kinds = Counter(label[m] for m in c["members"])
        assert not (kinds["scam"] and (kinds["genuine"] or kinds["everyday"])), (c["id"], kinds)
        pred.update({m: c["id"] for m in c["members"]})
    p, r = pairwise(truth, {i: pred.get(i, "alone:" + i) for i in truth})
    assert p >= 0.85 and r >= 0.85, (p, r)
    assert summary["campaigns"] == len(camps) and summary["top"][0]["size"] == camps[0]["size"]


def test_campaign_fields(feed_run):
    out, records, _ = feed_run
    c = read_campaigns(out)[0]
    assert set(c) >= {"id", "size", "first_seen", "last_seen", "verdict", "indicators", "representative", "rules", "members"}
    assert c["size"] == len(c["members"]) and c["verdict"] == "scam"
    assert c["rules"][0]["count"] <= c["size"] and c["per_day"] and sum(c["per_day"].values()) == c["size"]
    assert any(i["count"] > 1 for k in ("domain", "phone") for i in c["indicators"].get(k, []))
    texts = {r["id"]: r["text"] for r in records}
    assert c["representative"] and c["representative"][:40] in {t[:40] for t in texts.values()} | {t.upper()[:40] for t in texts.values()} \
        or "•" in c["representative"]


def test_stored_text_is_redacted():
    from demasque.triage.inputs import Chunk
    from demasque.triage.worker import process_chunk
    line = json.dumps({"id": "x", "channel": "sms", "text": "Bonjour Claire Martin, votre NIR 1 85 05 78 006 084 91 est bloque, "
                       "rappelez le 06 12 34 56 78 ou le 3646, ecrivez a claire.martin@example.org: https://ameli-nir.info"})
    b = process_chunk(Chunk("jsonl", [line.encode()], "t", 1))
    (text,) = unpack(b["text"])
    for private in ("Claire Martin", "1 85 05 78 006 084 91", "06 12 34 56 78", "claire.martin@"):
        assert private not in text
    assert "3646" in text and "https://ameli-nir.info" in text and "Bonjour" in text


def test_stix_bundle_parses_and_holds_campaigns_indicators_and_numbers(feed_run):
    import stix2
    out, _, _ = feed_run
    bundle = stix2.parse((out / "stix.json").read_text("utf-8"))
    types = Counter(o.type for o in bundle.objects)
    assert types["campaign"] >= 1 and types["indicator"] >= 1 and types["observed-data"] >= 1
    patterns = [o.pattern for o in bundle.objects if o.type == "indicator"]
    assert any(p.startswith("[domain-name:value") for p in patterns) and any(p.startswith("[url:value") for p in patterns)
    assert not any("'ameli.fr'" in p or "'bit.ly'" in p for p in patterns)


def test_misp_events_load_with_pymisp(feed_run):
    from pymisp import MISPEvent
    out, _, _ = feed_run
    data = json.loads((out / "misp.json").read_text("utf-8"))
    assert data["response"]
    ev = MISPEvent()
    ev.load_file(str(out / "misp.json"))       # MISP's own loader takes the first event of a response
    assert ev.info.startswith("demasque C")
    types, objects = Counter(), Counter()
    for item in data["response"]:
        e = MISPEvent()
        e.load(item)
        assert "tlp:amber" in [t.name for t in e.tags]
        assert "short-message-service" in {o.name for o in e.objects}
        assert not {"ameli.fr", "bit.ly", "3646"} & {a.value for a in e.attributes}
        types.update(a.type for a in e.attributes)
        objects.update(o.name for o in e.objects)
    assert types["url"] and types["domain"] and types["phone-number"] and objects["phishing"]


def test_indicators_csv(feed_run):
    out, _, _ = feed_run
    rows = list(csv.DictReader((out / "indicators.csv").open(encoding="utf-8")))
    kinds = {r["kind"] for r in rows}
    assert {"url", "domain", "phone", "sender", "amount"} <= kinds
    ameli = [r for r in rows if r["kind"] == "domain" and r["value"] == "ameli.fr"]
    assert ameli and ameli[0]["status"] == "official"
    assert any(r["campaigns"] for r in rows if r["status"] == "lookalike")


def test_csv_cells_never_start_a_formula(tmp_path):
    recs = [{"id": str(i), "channel": "sms", "sender": "=HYPERLINK(\"x\")", "text": kit_message(i)} for i in range(2)]
    run([str(write_jsonl(tmp_path / "f.jsonl", recs))], Options(out=tmp_path / "o", progress=False))
    text = (tmp_path / "o" / "indicators.csv").read_text("utf-8")
    assert "'=HYPERLINK" in text and ",+33899" in text


def test_a_second_day_grows_the_campaigns_and_a_rerun_adds_nothing(tmp_path):
    from triage_feed import KITS, Kit
    import random
    kits = [Kit(k, spec, random.Random(100 + k)) for k, spec in enumerate(KITS)]
    day1 = write_jsonl(tmp_path / "d1.jsonl", feed(150, seed=1, kits=kits))
    day2 = write_jsonl(tmp_path / "d2.jsonl", feed(150, seed=2, kits=kits))
    out = tmp_path / "o"
    s1 = run([str(day1)], Options(out=out, progress=False))
    first = {c["id"]: c["size"] for c in read_campaigns(out)}
    s2 = run([str(day2)], Options(out=out, progress=False))
    second = {c["id"]: c["size"] for c in read_campaigns(out)}
    assert s1["added"] == 150 and s2["added"] == 150 and s2["store"]["messages"] == 300
    grown = [cid for cid in first if second.get(cid, 0) > first[cid]]
    assert len(grown) >= 3, (first, second)
    s3 = run([str(day2)], Options(out=out, progress=False))
    assert s3["added"] == 0 and s3["already_stored"] == 150 and s3["store"]["messages"] == 300


def test_empty_feed_gives_empty_exports(tmp_path):
    f = tmp_path / "e.jsonl"
    f.write_text("", encoding="utf-8")
    s = run([str(f)], Options(out=tmp_path / "o", progress=False))
    assert s["read"] == 0 and s["campaigns"] == 0
    import stix2
    stix2.parse((tmp_path / "o" / "stix.json").read_text("utf-8"))
    assert (tmp_path / "o" / "report.html").read_text("utf-8").count("<table") == 0


def test_signature_width():
    assert _sig("a b c d").shape == (NUM_PERM,) and not _sig("").any()


def test_a_warmed_worker_loads_nothing_more_for_its_first_partition():
    """warm_up() (a Dask worker's set-up) loads everything the analysis loads on first use — rules,
    model, phone metadata, spaCy's parser — so no worker pays it inside its first partition."""
    import subprocess
    import sys
    code = ("import json, sys\nsys.path.insert(0, %r)\nfrom triage_feed import feed\n"
            "from demasque.triage.inputs import Chunk\nfrom demasque.triage.runner import warm_up\n"
            "from demasque.triage.worker import process_chunk\n"
            "lines = [json.dumps(r).encode() for r in feed(300, seed=5)]\n"
            "warm_up()\nbefore = set(sys.modules)\nb = process_chunk(Chunk('jsonl', lines, 'f', 1))\n"
            "print(json.dumps([len(b['verdict']), sorted(set(sys.modules) - before)]))"
            % str(Path(__file__).resolve().parent.parent / "benchmarks"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    analysed, loaded = json.loads(out.strip().splitlines()[-1])
    assert analysed == 300 and loaded == []
