"""End-to-end tests in Debian's headless Chromium driven by Playwright, with an axe-core audit of
each page (no serious or critical violation) and a screenshot of each page in tests/web/screenshots/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import screenshot

FIXTURES = Path(__file__).parent / "fixtures"
SCAM_SMS = ("Assurance Maladie: votre carte Vitale expire, mettez-la a jour avant le 30/11: "
            "https://ameli-vitale.info ou appelez le 0899 12 34 56")


def audit(page, axe_source: str, name: str) -> None:
    """Inject axe-core (from npm) and fail on serious or critical violations."""
    page.evaluate(axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: accessibility violations: {bad}"


def no_csp_errors(page) -> None:
    assert not page.csp_errors, page.csp_errors


def test_home_page(page, live_server, axe_source):
    page.goto(live_server + "/")
    assert page.locator("h1").inner_text().startswith("Ce message vient-il vraiment")
    screenshot(page, "home-fr-phone")
    audit(page, axe_source, "home")
    no_csp_errors(page)


def test_paste_a_scam_sms_shows_the_scam_verdict_and_the_highlighted_link(page, live_server, axe_source):
    page.goto(live_server + "/")
    page.check("input[name=channel][value=sms]")
    page.fill("#text", SCAM_SMS)
    page.fill("#sender", "+33 6 12 34 56 78")
    page.click("#message button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == "ARNAQUE"
    assert "verdict-scam" in page.locator(".verdict").get_attribute("class")
    link = page.locator("mark.ev", has_text="https://ameli-vitale.info")
    assert link.count() == 1 and link.is_visible()
    # inert: the link is no <a>, and nothing on the page points to it
    assert page.locator("a", has_text="ameli-vitale").count() == 0
    assert page.locator("a[href*='ameli-vitale']").count() == 0
    # the highlight leads to its explanation
    ref = page.locator("mark.ev:has-text('https://ameli-vitale.info') + a.ref")
    target = ref.get_attribute("href")
    ref.click()
    assert page.locator(target).is_visible()
    assert page.locator("a[href='sms:33700']").count() >= 1 and page.locator("a[href='tel:3646']").count() >= 1
    screenshot(page, "result-scam-sms-phone")
    audit(page, axe_source, "result (scam)")
    no_csp_errors(page)


def test_upload_a_genuine_email_shows_no_red_flag(page, live_server, axe_source):
    page.goto(live_server + "/")
    page.set_input_files("#file", str(FIXTURES / "genuine_ameli.eml"))
    page.click("#upload button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == "AUCUN SIGNE D'ARNAQUE TROUVÉ"
    banner = page.locator(".verdict").inner_text().lower()
    assert "sûr" not in banner and "sans danger" not in banner
    assert page.locator("mark.ev").count() == 0
    screenshot(page, "result-genuine-email-phone")
    audit(page, axe_source, "result (no red flags)")


def test_upload_a_scam_email(page, live_server, axe_source):
    page.goto(live_server + "/")
    page.set_input_files("#file", str(FIXTURES / "scam_ameli.eml"))
    page.click("#upload button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == "ARNAQUE"
    assert page.locator("a[href*='ameli-remboursement']").count() == 0
    screenshot(page, "result-scam-email-phone")
    audit(page, axe_source, "result (scam e-mail)")


def test_switch_to_english(page, live_server, axe_source):
    page.goto(live_server + "/")
    page.click("a.lang-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Does this message really come from Assurance Maladie?"
    screenshot(page, "home-en-phone")
    audit(page, axe_source, "home (en)")
    page.fill("#text", SCAM_SMS)
    page.click("#message button[type=submit]")
    assert page.locator(".verdict-word").inner_text() == "SCAM"
    # and back to French on the result page, without typing the message again
    page.click("button.lang-switch")
    assert page.locator(".verdict-word").inner_text() == "ARNAQUE"
    assert page.locator("html").get_attribute("lang") == "fr"


def test_the_call_form(page, live_server, axe_source):
    page.goto(live_server + "/#call")
    section = page.locator("#call")
    assert section.is_visible()
    assert section.locator("form.call-form").count() == 1
    # answer as a person would: a premium-rate callback, a password asked, pressure
    page.fill("#q-caller", "09 70 12 34 56")
    page.fill("#q-callback_number", "0899 12 34 56")
    page.check("#q-claimed_identity-assurance_maladie")
    page.check("#q-asked-password")
    page.check("#q-pressure")
    page.click("#call button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == "ARNAQUE"
    screenshot(page, "result-call-phone")
    audit(page, axe_source, "result (call)")


@pytest.mark.parametrize("kind,value,word,shot", [
    ("number", "0899 12 34 56", "SUSPECT", "lookup-number-premium-phone"),
    ("number", "3646", "AUCUN SIGNE D'ARNAQUE TROUVÉ", "lookup-number-3646-phone"),
    ("link", "ameli-remboursement.com", "ARNAQUE", "lookup-link-lookalike-phone"),
])
def test_the_lookup_forms(page, live_server, axe_source, kind, value, word, shot):
    page.goto(live_server + "/#" + kind)
    page.fill(f"#{kind}-input", value)
    page.click(f"#{kind} button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == word
    assert page.locator("pre.debug").count() == 0
    facts = page.locator(".lookup-facts").inner_text()
    assert ("08 99 12 34 56" in facts or "3646" in facts) if kind == "number" else "ameli.fr" in facts
    assert page.locator("a[href*='ameli-remboursement']").count() == 0   # shown, never a link
    screenshot(page, shot)
    audit(page, axe_source, f"lookup ({kind} {value})")
    no_csp_errors(page)


def test_the_call_form_genuine_adviser_in_english(page, live_server, axe_source):
    page.goto(live_server + "/?lang=en#call")
    page.fill("#q-caller", "3646")
    page.check("#q-claimed_identity-cpam")
    page.check("#q-asked-partial_bank_details")
    page.fill("#q-notes", "The adviser asked for the last 4 digits of my IBAN to confirm it was me.")
    page.click("#call button[type=submit]")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict-word").inner_text() == "NO RED FLAGS FOUND"
    audit(page, axe_source, "result (genuine call, en)")


def test_about_page(page, live_server, axe_source):
    page.goto(live_server + "/about")
    assert "3646" in page.inner_text("main")
    screenshot(page, "about-fr-phone")
    audit(page, axe_source, "about")
    no_csp_errors(page)


def test_error_page(page, live_server, axe_source):
    page.goto(live_server + "/nowhere")
    assert "Cette page n'existe pas" in page.inner_text("main")
    screenshot(page, "error-404-phone")
    audit(page, axe_source, "404")


def test_without_javascript(browser, live_server):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(live_server + "/")
    pg.fill("#text", SCAM_SMS)
    pg.click("#message button[type=submit]")
    assert pg.locator(".verdict-word").inner_text() == "ARNAQUE"
    ctx.close()


@pytest.mark.parametrize("path", ["/", "/about"])
def test_desktop_screenshots(browser, live_server, path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.goto(live_server + path)
    screenshot(pg, "desktop-" + (path.strip("/") or "home"))
    pg.fill("#text", SCAM_SMS) if path == "/" else None
    if path == "/":
        pg.click("#message button[type=submit]")
        screenshot(pg, "desktop-result-scam")
    ctx.close()


def test_nothing_is_loaded_from_elsewhere(page, live_server):
    hosts = set()
    page.on("request", lambda r: hosts.add(re.sub(r"^[a-z]+://([^/]+).*$", r"\1", r.url)))
    page.goto(live_server + "/")
    page.fill("#text", SCAM_SMS)
    page.click("#message button[type=submit]")
    page.wait_for_selector(".verdict")
    assert hosts == {live_server.split("//")[1]}, hosts


def test_a_scam_sms_result_fits_its_first_screen(page, live_server, axe_source):
    """On a phone (390 x 844), the verdict, the person's message with its marks and the three first
    actions are on the first screen; the explanations and situations are one tap away (<details>)."""
    page.goto(live_server + "/")
    page.fill("#text", SCAM_SMS)
    page.fill("#sender", "+33 6 12 34 56 78")
    page.click("#message button[type=submit]")
    page.wait_for_selector(".verdict")
    fold = page.viewport_size["height"]
    for sel in (".verdict", ".msg-card", ".first-actions"):
        box = page.locator(sel).bounding_box()
        assert box["y"] + box["height"] <= fold, (sel, box)
    assert page.locator(".first-actions > li").count() == 3
    assert page.locator(".msg-card mark.ev").count() >= 3
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3200, height          # 5,756 px before the explanations went behind a tap
    # an explanation is hidden until its title is tapped, without JavaScript
    explanation = page.locator("#sig-1 details > p").last
    assert not explanation.is_visible()
    page.click("#sig-1 summary")
    assert explanation.is_visible()
    page.click("#after details summary >> nth=0")
    screenshot(page, "result-scam-sms-opened-phone")
    audit(page, axe_source, "result (scam, details opened)")
    no_csp_errors(page)


def test_details_open_without_javascript(browser, live_server):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(live_server + "/")
    pg.fill("#text", SCAM_SMS)
    pg.click("#message button[type=submit]")
    pg.click("#sig-1 summary")
    assert pg.locator("#sig-1 details").get_attribute("open") is not None
    ctx.close()


def test_an_authenticated_sender_and_a_call_on_a_phone(page, live_server, axe_source):
    page.goto(live_server + "/")
    page.set_input_files("#file", str(FIXTURES / "genuine_ameli.eml"))
    page.click("#upload button[type=submit]")
    proof = page.locator("section.proof")
    assert proof.is_visible() and proof.bounding_box()["y"] < page.viewport_size["height"]
    page.click("section.proof summary")
    assert "Cela ne prouve pas" in proof.inner_text()
    screenshot(page, "result-authenticated-email-phone")
    audit(page, axe_source, "result (authenticated sender)")
    page.goto(live_server + "/#call")
    page.fill("#q-caller", "09 70 12 34 56")
    page.check("#q-asked-password")
    page.click("#call button[type=submit]")
    main = page.inner_text("main")
    assert "Cet appel" in main and "Votre appel" in main and "Votre message" not in main
