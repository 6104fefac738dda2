"""The triage on a shared PostgreSQL store (a real server, started here) and on a real Dask LocalCluster."""
from __future__ import annotations

import random

from demasque.cli import main
from demasque.triage.runner import Options, run
from triage_support import feed, postgres_url, read_campaigns, write_jsonl  # noqa: F401 (fixture)
from triage_feed import KITS, Kit


def _membership(out) -> set:
    return {frozenset(c["members"]) for c in read_campaigns(out)}


def test_postgresql_store_grows_across_runs(tmp_path, postgres_url, capsys):  # noqa: F811
    from sqlalchemy import create_engine, text
    kits = [Kit(k, spec, random.Random(200 + k)) for k, spec in enumerate(KITS)]
    day1 = write_jsonl(tmp_path / "d1.jsonl", feed(120, seed=11, kits=kits))
    day2 = write_jsonl(tmp_path / "d2.jsonl", feed(120, seed=12, kits=kits))
    assert main(["triage", str(day1), "--out", str(tmp_path / "o1"), "--db", postgres_url, "-q"]) == 0
    first = {c["id"]: c["size"] for c in read_campaigns(tmp_path / "o1")}
    # a colleague adds the next day's feed to the same shared store, from another folder
    assert main(["triage", str(day2), "--out", str(tmp_path / "o2"), "--db", postgres_url, "-q", "--json"]) == 0
    second = {c["id"]: c["size"] for c in read_campaigns(tmp_path / "o2")}
    assert sum(1 for cid in first if second.get(cid, 0) > first[cid]) >= 3
    assert not (tmp_path / "o1" / "triage.sqlite").exists()
    eng = create_engine(postgres_url)
    with eng.connect() as c:
        assert c.execute(text("select count(*) from messages")).scalar() == 240
        assert c.execute(text("select count(*) from reports where verdict = 2")).scalar() > 0
        assert c.execute(text("select count(distinct campaign_id) from campaign_members")).scalar() == len(second)
        assert c.execute(text("select count(*) from indicators where kind = 'domain' and value = 'ameli.fr'")).scalar() >= 0
    eng.dispose()
    # the same store and feed again: nothing added
    s = run([str(day2)], Options(out=tmp_path / "o3", db=postgres_url, progress=False))
    assert s["added"] == 0 and s["store"]["messages"] == 240


def _store_rows(out) -> dict:
    import sqlite3
    with sqlite3.connect(out / "triage.sqlite") as db:
        return {t: db.execute(f"select * from {t} order by 1, 2").fetchall()
                for t in ("messages", "reports", "indicators", "campaigns", "campaign_members")}


def test_dask_local_cluster_stores_what_an_in_process_run_stores(tmp_path):
    records = list(feed(160, seed=5))
    # the same id twice, in two partitions: the first record is kept, whichever worker ends first
    records[150] = {**records[150], "id": records[3]["id"]}
    for r in records[100:104]:    # no id: named by their line in the feed
        r.pop("id")
    path = write_jsonl(tmp_path / "f.jsonl", records)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    local = run([str(path)], Options(out=tmp_path / "serial", progress=False, chunk_size=40))
    # the workers read their byte ranges of the feed themselves
    dist = run([str(path)], Options(out=tmp_path / "dask", dask="local:2", progress=False, chunk_size=40))
    assert dist["added"] == local["added"] == 159 and dist["store"] == local["store"]
    assert dist["errors"] == local["errors"] == 1 and dist["error_examples"] == local["error_examples"]
    assert dist["seconds"]["workers_ready"] > 0 and dist["seconds"]["partitions"] > 0
    assert _membership(tmp_path / "dask") == _membership(tmp_path / "serial")
    rows = _store_rows(tmp_path / "dask")
    assert rows == _store_rows(tmp_path / "serial") and len(rows["campaigns"]) >= 3
    assert any(r[1] == "f.jsonl:101" for r in rows["messages"])


def test_unreachable_dask_scheduler_is_a_clear_error(tmp_path, capsys):
    path = write_jsonl(tmp_path / "f.jsonl", feed(3, seed=5))
    assert main(["triage", str(path), "--out", str(tmp_path / "o"), "--dask", "local:x"]) == 2
    assert "local:N" in capsys.readouterr().err
