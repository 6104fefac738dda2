"""Pages from templates (Jinja2, autoescaped), in the reader's language."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse

from .. import __version__
from ..i18n import t, tr
from .safe import writable
from .texts import w

HERE = Path(__file__).parent
LANGS = ("fr", "en")


def lang_of(value: Any) -> str:
    """"en" when asked for, else French."""
    return value if value in LANGS else "fr"


def lang_from_query(qs: str) -> str:
    return "en" if "lang=en" in qs.split("&") else "fr"


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.ChainableUndefined)
    env.globals["t"] = t
    env.globals["version"] = __version__
    env.filters["tr"] = tr
    from ..render.sources import public_sources, readable_reference
    env.filters["sources"] = public_sources
    env.filters["readable"] = readable_reference
    return env


def page_html(name: str, lang: str, **ctx) -> str:
    lang = lang_of(lang)
    other = "en" if lang == "fr" else "fr"
    return templates().get_template(name).render(lang=lang, other=other, w=lambda k, **kw: w(lang, k, **kw), **ctx)


def render(name: str, lang: str, status: int = 200, **ctx) -> HTMLResponse:
    return HTMLResponse(writable(page_html(name, lang, **ctx)), status_code=status)


def error_page(lang: str, message: str, status: int = 400) -> HTMLResponse:
    return render("error.html", lang, status=status, status_code=status, message=message, page="error")


def render_error_page(scope, status: int, fr: str, en: str) -> str:
    """The friendly error page for an answer made before the app (413, 408, 429, 500)."""
    lang = lang_from_query(scope.get("query_string", b"").decode("latin-1"))
    return writable(page_html("error.html", lang, status=status, message=fr if lang == "fr" else en, page="error"))
