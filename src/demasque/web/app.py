"""The web app: server-rendered pages for a person, and a JSON API under /api/v1/ for gateways.

Every page and route calls the same core as the CLI (`demasque.api.analyze`); nothing here judges a
message. Nothing submitted is written to disk or to the logs (see `guard.py` for the log line).
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import filetype
import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartParser

from .. import __version__
from ..after import SITUATIONS, guide
from ..calls import QUESTIONS, analyze_call
from ..calls.questions import choice_label, label
from ..errors import DemasqueError, InputTooLarge
from ..i18n import t, tr
from ..lookup import check_link, check_number
from . import highlight
from .guard import Guard, GuardConfig, quiet_third_party_logs
from .safe import SafeJSONResponse as JSONResponse, writable
from .slowclient import READ_TIMEOUT
from .texts import w

log = logging.getLogger("demasque.web")

HERE = Path(__file__).parent
LANGS = ("fr", "en")
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


# ---------------------------------------------------------------------------------------------
# Templates

@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.ChainableUndefined)
    env.globals["t"] = t
    env.globals["version"] = __version__
    env.filters["tr"] = tr
    return env


def render(name: str, lang: str, status: int = 200, **ctx) -> HTMLResponse:
    lang = lang if lang in LANGS else "fr"
    other = "en" if lang == "fr" else "fr"
    html = templates().get_template(name).render(lang=lang, other=other, w=lambda k, **kw: w(lang, k, **kw), **ctx)
    return HTMLResponse(writable(html), status_code=status)


def render_error_page(scope, status: int, fr: str, en: str) -> str:
    lang = _lang_from_query(scope.get("query_string", b"").decode("latin-1"))
    other = "en" if lang == "fr" else "fr"
    return templates().get_template("error.html").render(lang=lang, other=other, w=lambda k, **kw: w(lang, k, **kw),
                                                         status=status, message=fr if lang == "fr" else en, page="error")


def _lang_from_query(qs: str) -> str:
    for part in qs.split("&"):
        if part == "lang=en":
            return "en"
    return "fr"


def _lang(value: Any) -> str:
    return value if value in LANGS else "fr"


# ---------------------------------------------------------------------------------------------
# Content checks

def looks_like_email(data: bytes) -> bool:
    """Is this an RFC 5322 message? Read from the content (header lines), never from a file name."""
    head = data[:8192].lstrip()
    if head.startswith(b"From "):
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
    if b"\x00" in head:
        return False
    names = []
    for line in head.split(b"\n")[:60]:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue
        name, sep, _ = line.partition(b":")
        if not sep or not name or len(name) > 76 or any(c <= 32 or c > 126 for c in name):
            return False
        names.append(name.lower())
    known = {b"from", b"to", b"subject", b"date", b"received", b"message-id", b"content-type", b"return-path", b"mime-version"}
    return len(names) >= 2 and bool(known & set(names))


def binary_kind(data: bytes) -> str | None:
    """The kind of a binary file (image, pdf, zip ...) when the content is one, else None."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        return kind.extension.upper()
    return None


# ---------------------------------------------------------------------------------------------
# Building a message from a form, and the result page

def message_from_form(text: str, sender: str, channel: str):
    from ..adapters import from_eml, from_sms, from_text
    if channel not in ("sms", "email", "text"):
        channel = "text"
    raw = text.encode("utf-8", errors="replace")
    if channel in ("email", "text") and looks_like_email(raw):
        return from_eml(raw)
    if channel == "sms":
        return from_sms(text, sender=sender)
    return from_text(text, channel=channel, sender=sender)


def analyse_message(msg, lang: str) -> tuple[Any, dict]:
    from ..api import analyze
    return msg, analyze(msg, lang=lang).to_dict()


def after_blocks(report: dict, lang: str) -> list[dict]:
    """The report's `after` steps; when the report has none, the general guide if it exists."""
    blocks = report.get("after") or guide(SITUATIONS, lang)
    out = []
    for b in blocks:
        if not isinstance(b, dict):
            continue
        steps = []
        for s in b.get("steps") or []:
            if isinstance(s, dict):
                steps.append(s.get("text") or s.get(lang) or s.get("fr") or s.get("title") or "")
            else:
                steps.append(str(s))
        out.append({"id": b.get("id", ""), "title": b.get("title", ""), "steps": [s for s in steps if s],
                    "sources": b.get("sources") or []})
    return out


def result_context(msg, report: dict, lang: str, resubmit: dict) -> dict:
    signals = report["signals"]
    text_spans = highlight.spans_for(msg.text, signals, "text")
    subject_spans = highlight.spans_for(msg.subject, signals, "subject") if msg.subject else []
    anchors = highlight.first_anchors(text_spans, subject_spans)
    sender_sigs = sorted({i for i, s in enumerate(signals, 1)
                          for ev in s["evidence"] if ev.get("where") in ("sender", "display_name", "reply_to")})
    if sender_sigs:
        for i in sender_sigs:
            anchors.setdefault(i, "ev-sender")
    # links of the message that are not in its text (HTML links): shown as inert text
    seen_in_text = {(l.start, l.end) for l in msg.links if l.start >= 0}
    hidden_links = []
    for l in msg.links:
        if l.start < 0 and l.url not in [h["url"] for h in hidden_links] and len(hidden_links) < 30:
            hidden_links.append({"url": l.url, "text": l.text if l.text != l.url else ""})
    del seen_in_text
    return {
        "report": report, "msg": msg, "verdict": report["verdict"],
        "segments": highlight.segments(msg.text, text_spans),
        "subject_segments": highlight.segments(msg.subject, subject_spans) if msg.subject else [],
        "sender_sigs": sender_sigs, "anchors": anchors, "hidden_links": hidden_links,
        "after": after_blocks(report, lang), "resubmit": resubmit, "page": "result",
    }


# ---------------------------------------------------------------------------------------------
# API models

class Record(BaseModel):
    """One message, exactly as a line of `demasque batch`."""
    model_config = ConfigDict(extra="allow", json_schema_extra={
        "examples": [{"id": "42", "channel": "sms", "sender": "+33612345678",
                      "text": "Votre carte Vitale expire, mettez-la a jour: https://ameli-vitale.info"}]})
    id: str | int | None = Field(None, description="your id for this message; returned as a string")
    channel: Literal["sms", "email", "text", "call", "screenshot"] | None = Field(None, description="sms, email, text, call or screenshot (email when raw is given)")
    text: str | None = Field(None, description="the text of the message")
    sender: str | None = Field(None, description="SMS sender (short code, name or number), e-mail address or caller")
    subject: str | None = Field(None, description="subject, for a pasted e-mail")
    raw: str | None = Field(None, description="a whole RFC 5322 e-mail (headers and body)")
    caller: str | None = Field(None, description="for a call: the number that called")
    image_b64: str | None = Field(None, description="for a screenshot: the picture (PNG, JPEG, WebP, HEIC) in base64")


Lang = Literal["fr", "en"]


class NumberIn(BaseModel):
    number: str = Field(..., max_length=200, description="a phone number as written (0899 12 34 56, +33..., 3646)")


class LinkIn(BaseModel):
    link: str = Field(..., max_length=4000, description="a link or a domain, as written; it is never opened")


class CallIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    caller: str = Field("", max_length=200)
    callback_number: str = Field("", max_length=200)
    claimed_identity: Literal["assurance_maladie", "cpam", "franceconnect", "cpf", "pharmacy", "bank", "other", ""] = ""
    asked: list[Literal["password", "sms_code", "full_bank_details", "partial_bank_details", "card_number",
                        "social_security_number", "tax_number", "call_other_number", "install_app",
                        "remote_access", "confirm_email", "payment"]] = Field(default_factory=list, max_length=12)
    silence: bool = False
    pressure: bool = False
    notes: str = Field("", max_length=5000)


class ErrorOut(BaseModel):
    error: str = Field(..., description="a short code: bad_request, invalid_request, unreadable, not_an_email, too_large, rate_limited, not_found, request_timeout")
    message: str = Field(..., description="what went wrong, in words")
    errors: list[dict] | None = Field(None, description="for invalid_request: where and what")


ERRORS = {400: {"model": ErrorOut, "description": "unreadable input"},
          408: {"model": ErrorOut, "description": "the body did not arrive within the read timeout"},
          413: {"model": ErrorOut, "description": "body over the limit"},
          422: {"model": ErrorOut, "description": "the JSON does not match the schema"},
          429: {"model": ErrorOut, "description": "too many requests from this client"}}


@lru_cache(maxsize=1)
def report_schema() -> dict:
    from importlib import resources
    s = json.loads(resources.files("demasque").joinpath("schema/report.schema.json").read_text("utf-8"))
    s.pop("$schema", None)
    s.pop("$id", None)
    return s


def _report_response() -> dict:
    return {200: {"description": "the report (same JSON as `demasque check --format json`)",
                  "content": {"application/json": {"schema": report_schema()}}}}


def _json_error(status: int, code: str, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


def _demasque_error(exc: DemasqueError) -> JSONResponse:
    if isinstance(exc, InputTooLarge):
        return _json_error(413, "too_large", str(exc))
    return _json_error(400, "unreadable", str(exc))


# ---------------------------------------------------------------------------------------------

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
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", default_response_class=JSONResponse)
    app.state.settings = s
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    from . import screenshot
    app.add_middleware(Guard, config=GuardConfig(body_limit=s.body_limit, small_body_limit=s.small_body_limit,
                                                 small_paths=SMALL_PATHS, rate_per_minute=s.rate_per_minute,
                                                 burst=s.burst, path_limits=screenshot.BODY_LIMITS,
                                                 read_timeout=s.read_timeout))
    screenshot.install(app)
    quiet_third_party_logs()

    # -- errors: JSON for the API, a friendly page for people, never a stack trace -------------
    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "bad_request")
        if is_api(request):
            return _json_error(exc.status_code, code, str(exc.detail))
        lang = _lang(request.query_params.get("lang"))
        msg = w(lang, "error.404") if exc.status_code == 404 else w(lang, "error.405") if exc.status_code == 405 \
            else w(lang, "error.unreadable", why=str(exc.detail))
        return render("error.html", lang, status=exc.status_code, status_code=exc.status_code, message=msg, page="error")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()][:20]
        if is_api(request):
            first = errors[0] if errors else {"loc": [], "msg": ""}
            return _json_error(422, "invalid_request", f"{'.'.join(first['loc'])}: {first['msg']}", errors=errors)
        lang = _lang(request.query_params.get("lang"))
        return render("error.html", lang, status=400, status_code=400, message=w(lang, "error.generic"), page="error")

    @app.exception_handler(DemasqueError)
    async def demasque_error(request: Request, exc: DemasqueError):
        return _demasque_error(exc)

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception):
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        if is_api(request):
            return _json_error(500, "internal_error", "Sorry, something went wrong.")
        lang = _lang(request.query_params.get("lang"))
        return render("error.html", lang, status=500, status_code=500, message=w(lang, "error.generic"), page="error")

    # -- pages ---------------------------------------------------------------------------------
    async def read_form(request: Request):
        return await request.form(max_files=1, max_fields=60, max_part_size=s.body_limit)

    def page_error(lang: str, message: str, status: int = 400) -> HTMLResponse:
        return render("error.html", lang, status=status, status_code=status, message=message, page="error")

    def form_str(form, key: str, limit: int = 1_000_000) -> str:
        v = form.get(key)
        return v[:limit] if isinstance(v, str) else ""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(lang: str = "fr"):
        return render("home.html", _lang(lang), questions=QUESTIONS, page="home")

    @app.get("/about", response_class=HTMLResponse, include_in_schema=False)
    async def about(lang: str = "fr"):
        from ..profile import default_profile
        return render("about.html", _lang(lang), profile=default_profile().spec, page="about", settings=s, switch_path="/about")

    for p in ("/check", "/upload", "/number", "/link", "/call"):
        app.add_api_route(p, lambda lang="fr": RedirectResponse("/" + ("?lang=en" if lang == "en" else ""), status_code=303),
                          methods=["GET"], include_in_schema=False)

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(request: Request):
        form = await read_form(request)
        lang = _lang(form.get("lang"))
        text, sender, channel = form_str(form, "text"), form_str(form, "sender", 500).strip(), form_str(form, "channel", 10)
        if not text.strip():
            return page_error(lang, w(lang, "error.empty"))
        try:
            msg, report = await run_in_threadpool(lambda: analyse_message(message_from_form(text, sender, channel), lang))
        except DemasqueError as exc:
            return page_error(lang, w(lang, "error.unreadable", why=str(exc)), 413 if isinstance(exc, InputTooLarge) else 400)
        return render("result.html", lang, **result_context(msg, report, lang,
                                                            {"action": "/check", "text": text, "sender": sender, "channel": channel}))

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload_page(request: Request):
        form = await read_form(request)
        lang = _lang(form.get("lang"))
        f = form.get("file")
        if f is not None and not isinstance(f, str):
            data = await f.read(s.body_limit + 1)
            await f.close()
        else:   # re-sent by the language switch of a result page
            b64 = form_str(form, "raw_b64", 2 * s.body_limit)
            try:
                data = base64.b64decode(b64, validate=True) if b64 else b""
            except (binascii.Error, ValueError):
                data = b""
        if not data.strip():
            return page_error(lang, w(lang, "error.no_file"))
        kind = binary_kind(data)
        if kind or not looks_like_email(data):
            return page_error(lang, w(lang, "error.not_eml", kind=w(lang, "error.kind", kind=kind) if kind else ""), 415 if kind else 400)
        from ..adapters import from_eml
        try:
            msg, report = await run_in_threadpool(lambda: analyse_message(from_eml(data), lang))
        except DemasqueError as exc:
            return page_error(lang, w(lang, "error.unreadable", why=str(exc)), 413 if isinstance(exc, InputTooLarge) else 400)
        resubmit = {"action": "/upload", "raw_b64": base64.b64encode(data).decode()} if len(data) <= 512 * 1024 else None
        return render("result.html", lang, **result_context(msg, report, lang, resubmit))

    @app.post("/number", response_class=HTMLResponse, include_in_schema=False)
    async def number_page(request: Request):
        form = await read_form(request)
        lang = _lang(form.get("lang"))
        value = form_str(form, "number", 200).strip()
        return await lookup_page("number", value, lang)

    @app.post("/link", response_class=HTMLResponse, include_in_schema=False)
    async def link_page(request: Request):
        form = await read_form(request)
        lang = _lang(form.get("lang"))
        value = form_str(form, "link", 4000).strip()
        return await lookup_page("link", value, lang)

    async def lookup_page(kind: str, value: str, lang: str) -> HTMLResponse:
        fn = check_number if kind == "number" else check_link
        if not value:
            return page_error(lang, w(lang, "error.empty"))
        try:
            result = await run_in_threadpool(fn, value, lang)
        except DemasqueError as exc:
            return page_error(lang, w(lang, "error.unreadable", why=str(exc)))
        return render("lookup.html", lang, kind=kind, value=value, result=result, page="lookup",
                      resubmit={"action": "/" + kind, kind: value})

    @app.post("/call", response_class=HTMLResponse, include_in_schema=False)
    async def call_page(request: Request):
        form = await read_form(request)
        lang = _lang(form.get("lang"))
        answers = call_answers_from_form(form)
        try:
            report = (await run_in_threadpool(analyze_call, answers, lang)).to_dict()
        except DemasqueError as exc:
            return page_error(lang, w(lang, "error.unreadable", why=str(exc)))
        from ..message import Message
        msg = Message(channel="call", text=answers.get("notes", ""), sender=answers.get("caller", ""))
        resubmit = {"action": "/call", "multi": {k: v for k, v in answers.items() if isinstance(v, list)},
                    **{k: ("on" if v is True else v) for k, v in answers.items() if isinstance(v, (str, bool)) and v not in ("", False)}}
        ctx = result_context(msg, report, lang, resubmit)
        ctx["call_answers"] = describe_answers(answers, lang)
        return render("result.html", lang, **ctx)

    # -- API -----------------------------------------------------------------------------------

    @app.get("/healthz", tags=["service"], summary="Liveness check")
    def healthz() -> dict:
        return {"status": "ok", "engine": f"demasque {__version__}"}

    @app.post("/api/v1/analyze", tags=["analysis"], summary="Analyse one message (a batch record)",
              responses={**_report_response(), **ERRORS})
    def api_analyze(record: Record, lang: Lang = Query("fr", description="language of the texts in the report")):
        from ..api import analyze_record
        rec = record.model_dump(exclude_none=True)
        try:
            return JSONResponse(analyze_record(rec, lang=lang).to_dict())
        except DemasqueError as exc:
            return _demasque_error(exc)

    @app.post("/api/v1/email", tags=["analysis"], summary="Analyse a raw e-mail (.eml bytes as the body)",
              responses={**_report_response(), **ERRORS, 415: {"model": ErrorOut, "description": "the body is not an e-mail (an image, a PDF ...)"}},
              openapi_extra={"requestBody": {"required": True, "description": "the whole RFC 5322 message, headers and body",
                                             "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}},
                                                         "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def api_email(request: Request, lang: Lang = Query("fr", description="language of the texts in the report")):
        data = await request.body()
        if not data.strip():
            return _json_error(400, "unreadable", "the body is empty: send the raw e-mail")
        kind = binary_kind(data)
        if kind:
            return _json_error(415, "not_an_email", f"the body is a {kind} file, not an RFC 5322 e-mail")
        if not looks_like_email(data):
            return _json_error(400, "not_an_email", "the body does not start with e-mail headers (From:, Subject:, Date: ...)")
        from ..api import analyze_eml
        try:
            report = await run_in_threadpool(analyze_eml, data, lang)
        except DemasqueError as exc:
            return _demasque_error(exc)
        return JSONResponse(report.to_dict())

    def answer(fn, *args) -> JSONResponse:
        try:
            out = fn(*args)
        except DemasqueError as exc:
            return _demasque_error(exc)
        return JSONResponse(out if isinstance(out, dict) else out.to_dict())

    @app.post("/api/v1/number", tags=["lookup"], summary="What is this phone number?", responses=ERRORS)
    def api_number(body: NumberIn, lang: Lang = Query("fr")):
        return answer(check_number, body.number, lang)

    @app.post("/api/v1/link", tags=["lookup"], summary="Is this link or domain official? (never opened)", responses=ERRORS)
    def api_link(body: LinkIn, lang: Lang = Query("fr")):
        return answer(check_link, body.link, lang)

    @app.post("/api/v1/call", tags=["analysis"], summary="Analyse a phone call from the answers to the questionnaire",
              responses={**_report_response(), **ERRORS})
    def api_call(body: CallIn, lang: Lang = Query("fr")):
        return answer(analyze_call, body.model_dump(), lang)

    from ..gateway.rspamd import router as rspamd_router     # issue 15: the Rspamd plugin's route
    app.include_router(rspamd_router)
    return app


# ---------------------------------------------------------------------------------------------
# The call questionnaire (its questions come from demasque.calls.QUESTIONS)

def call_answers_from_form(form) -> dict:
    """The form's answers, each checked against its question (unknown choices are dropped)."""
    answers: dict[str, Any] = {}
    for q in QUESTIONS:
        qid, kind = q["id"], q["kind"]
        choices = {c["id"] for c in q.get("choices", [])}
        if kind == "multi":
            answers[qid] = [v for v in form.getlist(qid) if isinstance(v, str) and v in choices][:20]
        elif kind == "bool":
            answers[qid] = form.get(qid) in ("on", "yes", "true", "1", "oui")
        else:
            v = form.get(qid)
            v = v.strip()[:5000 if qid == "notes" else 200] if isinstance(v, str) else ""
            answers[qid] = v if kind != "choice" or v in choices else ""
    return answers


def describe_answers(answers: dict, lang: str) -> list[tuple[str, str]]:
    """The answers in words, to show them back on the result page."""
    out = []
    for q in QUESTIONS:
        v = answers.get(q["id"])
        if v in (None, "", [], False):
            continue
        if isinstance(v, list):
            shown = ", ".join(choice_label(q["id"], x, lang) for x in v)
        elif v is True:
            shown = w(lang, "yes")
        else:
            shown = choice_label(q["id"], v, lang) if q.get("choices") else v
        out.append((label(q["id"], lang), shown))
    return out


app_factory = create_app
