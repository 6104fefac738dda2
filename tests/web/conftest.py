"""Fixtures for the web tests: an app for TestClient, a live server on a free 127.0.0.1 port, and
Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = os.environ.get("DEMASQUE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server():
    """The real app on uvicorn, in a background thread, on 127.0.0.1 and a free port."""
    import uvicorn

    from demasque.web import Settings, create_app
    port = free_port()
    config = uvicorn.Config(create_app(Settings(rate_per_minute=0)), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _browser_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} is missing (apt-get install -y chromium; scripts/test.sh does it as root)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the python package playwright is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        # Playwright gives each launch a fresh, temporary user-data directory
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A phone-sized page (390 px wide) with JavaScript on; CSP is enforced (not bypassed)."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="fr-FR",
                              is_mobile=False, has_touch=True)
    pg = ctx.new_page()
    pg.csp_errors = []
    pg.on("console", lambda m: pg.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from tests/web/node_modules (npm ci in tests/web, run by scripts/test.sh)."""
    path = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: run `npm ci` in tests/web")
        pytest.skip(f"{path} is missing: run `npm ci --prefix tests/web`")
    return path.read_text("utf-8")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    out = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(out), full_page=True)
    return out
