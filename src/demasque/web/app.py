"""The web app: server-rendered pages for a person (pages.py), a JSON API under /api/v1/ for
gateways (api.py), screenshots (screenshot.py) and the Rspamd plugin's route (gateway/rspamd.py),
behind one middleware per concern (middleware/). Nothing here judges a message; nothing submitted
is written to disk or to the logs."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.formparsers import MultiPartParser

from .. import __version__
from . import errors, middleware
from .errors import ERRORS  # noqa: F401  (gateway/rspamd.py documents its answers with it)
from .render import HERE, render_error_page  # noqa: F401  (kept importable from here)
from .safe import SafeJSONResponse
from .slowclient import READ_TIMEOUT

SMALL_PATHS = ("/number", "/link", "/call", "/api/v1/number", "/api/v1/link", "/api/v1/call")


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Settings:
    """Limits of the web app. Each can be set by an environment variable (in brackets)."""
    body_limit: int = field(default_factory=lambda: _env_int("DEMASQUE_WEB_BODY_LIMIT", 10 * 1024 * 1024))   # messages, e-mails
    small_body_limit: int = field(default_factory=lambda: _env_int("DEMASQUE_WEB_SMALL_BODY_LIMIT", 16 * 1024))  # number, link, call
    rate_per_minute: float = field(default_factory=lambda: float(_env_int("DEMASQUE_WEB_RATE_PER_MINUTE", 120)))  # per client; 0 = off
    burst: int = field(default_factory=lambda: _env_int("DEMASQUE_WEB_BURST", 30))
    read_timeout: float = field(default_factory=lambda: READ_TIMEOUT)   # seconds for a body (DEMASQUE_WEB_READ_TIMEOUT)
    # the rate-limit store the worker processes share (set by `demasque serve --workers N`); "" = this process only
    rate_store: str = field(default_factory=lambda: os.environ.get(middleware.rate_limit.STORE_ENV, ""))


API_DESCRIPTION = """Checks whether a message that claims to come from Assurance Maladie (ameli, CPAM,
Carte Vitale) is a scam. Same analysis and same JSON report as the `demasque` command line.

Limits: request bodies over {body} bytes ({small} bytes for /number, /link, /call) are refused
with 413 before being read; each client may send {rate} requests per minute (bursts of {burst}),
then gets 429 with Retry-After. Nothing submitted is stored or logged; links are never opened."""


def create_app(settings: Settings | None = None) -> FastAPI:
    s = settings or Settings()
    # uploads stay in memory: never spooled to a temporary file on disk
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, s.body_limit + 1)
    app = FastAPI(title="demasque", version=__version__,
                  description=API_DESCRIPTION.format(body=s.body_limit, small=s.small_body_limit,
                                                     rate=int(s.rate_per_minute), burst=s.burst),
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", default_response_class=SafeJSONResponse)
    app.state.settings = s
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from . import api, pages, screenshot
    from ..gateway.rspamd import router as rspamd_router     # issue 15: the Rspamd plugin's route
    middleware.install(app, s, small_paths=SMALL_PATHS, path_limits=screenshot.BODY_LIMITS)
    errors.install(app)
    app.include_router(pages.router)
    app.include_router(api.router)
    screenshot.install(app)
    app.include_router(rspamd_router)
    from ..rules import warm
    warm()   # the rules compiled and the one-pass scan built before the first request, not during it
    return app


app_factory = create_app
