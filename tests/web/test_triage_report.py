"""The triage's report.html in the test browser: self-contained, its charts drawn, the campaigns'
table, and no serious or critical accessibility violation (axe-core)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import screenshot
from test_e2e import audit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from triage_support import feed, write_jsonl  # noqa: E402


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from demasque.triage.runner import Options, run
    tmp = tmp_path_factory.mktemp("triage-report")
    run([str(write_jsonl(tmp / "f.jsonl", feed(300, seed=9)))], Options(out=tmp / "out", progress=False))
    return tmp / "out" / "report.html"


def test_report_is_self_contained(report):
    html = report.read_text("utf-8")
    assert "<script" not in html.lower() and "http-equiv=\"Content-Security-Policy\"" in html
    assert "src=" not in html and "<link" not in html           # nothing loaded from elsewhere
    assert html.count("<svg") == 3 and 'role="img"' in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_in_the_browser(page, axe_source, report, tmp_path, lang):
    path = report
    if lang == "en":
        from demasque.triage.report_html import render
        import json
        from demasque.triage.store import Store
        out = report.parent
        camps = [json.loads(l) for l in (out / "campaigns.jsonl").read_text("utf-8").splitlines()]
        store = Store(f"sqlite:///{out / 'triage.sqlite'}")
        path = tmp_path / "report-en.html"
        path.write_text(render(camps, store.indicator_table(), store.counts(), "en"), encoding="utf-8")
        store.close()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(path.as_uri())
    assert page.locator("html").get_attribute("lang") == lang
    for chart in ("over-time", "top-domains", "top-numbers"):
        svg = page.locator(f"#chart-{chart} svg")
        assert svg.count() == 1 and svg.bounding_box()["height"] > 50
    assert page.locator("#chart-over-time svg path").count() > 3          # lines were drawn
    rows = page.locator("#campaigns tbody tr")
    assert rows.count() >= 5
    assert "•" in page.locator("#campaigns").inner_text() or "xx" not in page.locator("#campaigns").inner_text()
    assert page.locator("#campaigns a").count() == 0                      # links of messages stay text
    assert all(u.startswith("file:") for u in requests), requests
    screenshot(page, f"triage-report-{lang}")
    audit(page, axe_source, f"triage report ({lang})")
