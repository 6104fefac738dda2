"""The pages for a person (server-rendered, no JavaScript needed): the home page and its forms, the
result of a message, an e-mail file, a number, a link or a call, and /about. Each form posts to a
route here that calls the same core as the CLI (`demasque.api`); nothing here judges a message."""
from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from ..calls import QUESTIONS, analyze_call
from ..errors import DemasqueError
from ..lookup import check_link, check_number
from .call_form import call_answers_from_form, describe_answers
from .content import binary_kind, looks_like_email
from .errors import page_status
from .render import error_page, lang_of, render
from .result import result_context
from .texts import w

router = APIRouter(include_in_schema=False)

RESUBMIT_MAX = 512 * 1024     # an e-mail file re-sent by the language switch of its result page, up to this size


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


def analyse_message(msg, lang: str) -> tuple:
    from ..api import analyze
    return msg, analyze(msg, lang=lang).to_dict()


async def read_form(request: Request):
    return await request.form(max_files=1, max_fields=60, max_part_size=request.app.state.settings.body_limit)


def form_str(form, key: str, limit: int = 1_000_000) -> str:
    v = form.get(key)
    return v[:limit] if isinstance(v, str) else ""


def unreadable(lang: str, exc: DemasqueError) -> HTMLResponse:
    return error_page(lang, w(lang, "error.unreadable", why=str(exc)), page_status(exc))


@router.get("/", response_class=HTMLResponse)
async def home(lang: str = "fr"):
    return render("home.html", lang_of(lang), questions=QUESTIONS, page="home")


@router.get("/about", response_class=HTMLResponse)
async def about(request: Request, lang: str = "fr"):
    from ..profile import default_profile
    return render("about.html", lang_of(lang), profile=default_profile().spec, page="about",
                  settings=request.app.state.settings, switch_path="/about")


async def go_home(lang: str = "fr"):
    """A form's address opened as a page: back to the forms."""
    return RedirectResponse("/" + ("?lang=en" if lang == "en" else ""), status_code=303)


for _path in ("/check", "/upload", "/number", "/link", "/call"):
    router.add_api_route(_path, go_home, methods=["GET"])


@router.post("/check", response_class=HTMLResponse)
async def check_page(request: Request):
    form = await read_form(request)
    lang = lang_of(form.get("lang"))
    text, sender, channel = form_str(form, "text"), form_str(form, "sender", 500).strip(), form_str(form, "channel", 10)
    if not text.strip():
        return error_page(lang, w(lang, "error.empty"))
    try:
        msg, report = await run_in_threadpool(lambda: analyse_message(message_from_form(text, sender, channel), lang))
    except DemasqueError as exc:
        return unreadable(lang, exc)
    return render("result.html", lang, **result_context(msg, report, lang,
                                                        {"action": "/check", "text": text, "sender": sender, "channel": channel}))


@router.post("/upload", response_class=HTMLResponse)
async def upload_page(request: Request):
    limit = request.app.state.settings.body_limit
    form = await read_form(request)
    lang = lang_of(form.get("lang"))
    f = form.get("file")
    if f is not None and not isinstance(f, str):
        data = await f.read(limit + 1)
        await f.close()
    else:   # re-sent by the language switch of a result page
        b64 = form_str(form, "raw_b64", 2 * limit)
        try:
            data = base64.b64decode(b64, validate=True) if b64 else b""
        except (binascii.Error, ValueError):
            data = b""
    if not data.strip():
        return error_page(lang, w(lang, "error.no_file"))
    kind = binary_kind(data)
    if kind or not looks_like_email(data):
        return error_page(lang, w(lang, "error.not_eml", kind=w(lang, "error.kind", kind=kind) if kind else ""), 415 if kind else 400)
    from ..adapters import from_eml
    try:
        msg, report = await run_in_threadpool(lambda: analyse_message(from_eml(data), lang))
    except DemasqueError as exc:
        return unreadable(lang, exc)
    resubmit = {"action": "/upload", "raw_b64": base64.b64encode(data).decode()} if len(data) <= RESUBMIT_MAX else None
    return render("result.html", lang, **result_context(msg, report, lang, resubmit))


@router.post("/number", response_class=HTMLResponse)
async def number_page(request: Request):
    form = await read_form(request)
    return await lookup_page("number", form_str(form, "number", 200).strip(), lang_of(form.get("lang")))


@router.post("/link", response_class=HTMLResponse)
async def link_page(request: Request):
    form = await read_form(request)
    return await lookup_page("link", form_str(form, "link", 4000).strip(), lang_of(form.get("lang")))


async def lookup_page(kind: str, value: str, lang: str) -> HTMLResponse:
    fn = check_number if kind == "number" else check_link
    if not value:
        return error_page(lang, w(lang, "error.empty"))
    try:
        result = await run_in_threadpool(fn, value, lang)
    except DemasqueError as exc:
        return error_page(lang, w(lang, "error.unreadable", why=str(exc)))
    return render("lookup.html", lang, kind=kind, value=value, result=result, page="lookup",
                  resubmit={"action": "/" + kind, kind: value})


@router.post("/call", response_class=HTMLResponse)
async def call_page(request: Request):
    form = await read_form(request)
    lang = lang_of(form.get("lang"))
    answers = call_answers_from_form(form)
    try:
        report = (await run_in_threadpool(analyze_call, answers, lang)).to_dict()
    except DemasqueError as exc:
        return error_page(lang, w(lang, "error.unreadable", why=str(exc)))
    from ..message import Message
    msg = Message(channel="call", text=answers.get("notes", ""), sender=answers.get("caller", ""))
    resubmit = {"action": "/call", "multi": {k: v for k, v in answers.items() if isinstance(v, list)},
                **{k: ("on" if v is True else v) for k, v in answers.items() if isinstance(v, (str, bool)) and v not in ("", False)}}
    ctx = result_context(msg, report, lang, resubmit)
    ctx["call_answers"] = describe_answers(answers, lang, skip=("caller", "notes"))
    return render("result.html", lang, **ctx)
