"""Screenshots on the web: the upload beside the paste box (home page), POST /screenshot (the result
page, with the picture and the evidence outlined over it in inline SVG: no JavaScript), and
POST /api/v1/screenshot (the picture's bytes as the body; the JSON report). The picture is read in
memory and forgotten; the page embeds a light copy of it as a data: URI (the CSP allows data: for
images only).

`install(app)` adds the routes and tells the home page whether screenshots can be read here."""
from __future__ import annotations

import base64
import binascii
import os

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.formparsers import MultiPartParser

from ..errors import DemasqueError, InputTooLarge

PAGE, API = "/screenshot", "/api/v1/screenshot"
RESUBMIT_MAX = 1024 * 1024           # a result page re-sends the picture for the language switch up to this size


def image_body_limit() -> int:
    """Bytes accepted on the screenshot routes: a 20 MiB picture and the form around it."""
    try:
        return int(os.environ.get("DEMASQUE_WEB_IMAGE_LIMIT", 20 * 1024 * 1024 + 256 * 1024))
    except ValueError:
        return 20 * 1024 * 1024 + 256 * 1024


BODY_LIMITS = {PAGE: image_body_limit(), API: image_body_limit()}

router = APIRouter()

ERRORS_FR = {
    "unavailable": "La lecture des captures d'écran n'est pas installée sur ce serveur. Copiez-collez le texte du message dans la case ci-dessus.",
    "no_file": "Choisissez une capture d'écran du message (PNG, JPEG, WebP ou HEIC).",
    "not_image": "Ce fichier n'est pas une image PNG, JPEG, WebP ou HEIC. {kind}Faites une capture d'écran du message, ou copiez-collez son texte.",
}
ERRORS_EN = {
    "unavailable": "Reading screenshots is not installed on this server. Copy and paste the text of the message in the box above.",
    "no_file": "Choose a screenshot of the message (PNG, JPEG, WebP or HEIC).",
    "not_image": "This file is not a PNG, JPEG, WebP or HEIC picture. {kind}Take a screenshot of the message, or copy and paste its text.",
}


WORDS = {
    "fr": {
        "upload.title": "Ou une capture d'écran du message",
        "upload.file": "Capture d'écran",
        "upload.help": "Faites une capture d'écran du SMS, avec l'expéditeur en haut, et choisissez-la dans vos photos (PNG, JPEG, WebP ou HEIC, 20 Mo au plus). Elle est lue en mémoire puis oubliée.",
        "upload.submit": "Vérifier cette capture",
        "upload.unavailable": "La lecture des captures d'écran n'est pas disponible sur ce serveur : copiez-collez le texte du message ci-dessus.",
        "result.summary": "Voir votre capture avec les passages repérés ({n})",
        "result.alt": "Votre capture d'écran, {n} passage(s) encadré(s) et numéroté(s) comme les explications",
        "result.caption": "Les cadres numérotés sont les signes d'alerte ; le numéro est celui de l'explication. Cette image n'est pas conservée.",
        "doubt": "Lien lu sur l'image : « {read} ». Une image ne distingue pas toujours {pairs}. S'il s'écrit en réalité « {alt} », ce serait {verdict}. Vérifiez-le lettre par lettre sur votre téléphone, sans l'ouvrir.",
        "doubt.scam": "une arnaque", "doubt.suspicious": "suspect", "or": " ni ",
    },
    "en": {
        "upload.title": "Or a screenshot of the message",
        "upload.file": "Screenshot",
        "upload.help": "Take a screenshot of the SMS, with the sender at the top, and choose it from your photos (PNG, JPEG, WebP or HEIC, 20 MB at most). It is read in memory, then forgotten.",
        "upload.submit": "Check this screenshot",
        "upload.unavailable": "Reading screenshots is not available on this server: copy and paste the text of the message above.",
        "result.summary": "See your screenshot with the passages found ({n})",
        "result.alt": "Your screenshot, {n} passage(s) outlined and numbered like the explanations",
        "result.caption": "The numbered frames are the warning signs; the number is that of the explanation. This picture is not kept.",
        "doubt": "Link read on the picture: \"{read}\". A picture does not always tell {pairs} apart. If it really is \"{alt}\", it would be {verdict}. Check it letter by letter on your phone, without opening it.",
        "doubt.scam": "a scam", "doubt.suspicious": "suspicious", "or": " or ",
    },
}


def doubt_text(lang: str, d: dict) -> str:
    pairs = shot_w(lang, "or").join(p.replace("/", " / ") for p in d["pairs"]) or "l / I"
    return shot_w(lang, "doubt", read=d["read"], pairs=pairs, alt=d["alt"], verdict=shot_w(lang, "doubt." + d["verdict"]))


def shot_w(lang: str, key: str, **kw) -> str:
    s = WORDS.get(lang, WORDS["fr"]).get(key) or WORDS["fr"][key]
    return s.format(**kw) if kw else s


def _e(lang: str, key: str, **kw) -> str:
    return (ERRORS_EN if lang == "en" else ERRORS_FR)[key].format(**kw)


def unavailable() -> str | None:
    from ..ocr.engine import unavailable_reason
    return unavailable_reason()


def install(app: FastAPI) -> None:
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, image_body_limit() + 1)   # never spooled to disk
    from .render import templates
    templates().globals["screenshots_unavailable"] = unavailable
    templates().globals["shot_w"] = shot_w
    templates().globals["shot_doubt"] = doubt_text
    app.include_router(router)


def shot_context(report: dict, screen) -> dict:
    """What the result page needs to draw the picture and its boxes (SVG in the picture's pixels)."""
    from ..render.picture import display_jpeg
    s = report["screenshot"]
    jpeg = display_jpeg(screen.picture)
    label, stroke = max(12, s["width"] // 30), max(2, s["width"] // 260)
    r = round(label * 0.7)
    # each number sits just after its box, as the numbers follow the marks in the text
    boxes = [{**b, "cx": min(s["width"] - r, b["x"] + b["w"] + r + stroke), "cy": b["y"] + b["h"] // 2} for b in s["boxes"]]
    # links that another reading would make worse: said beside the message, not only in the notes
    rank = {"no_red_flags": 0, "suspicious": 1, "scam": 2}
    doubts = []
    for link in s["links"]:
        worse = [a for a in link["alternatives"] if rank[a["verdict"]] > rank[report["verdict"]]]
        if worse:
            doubts.append({"read": link["read"], "pairs": link["confusable"], "alt": worse[0]["reading"],
                           "verdict": worse[0]["verdict"]})
    return {"src": "data:image/jpeg;base64," + base64.b64encode(jpeg).decode(), "width": s["width"], "height": s["height"],
            "boxes": boxes, "label": label, "r": r, "stroke": stroke, "kind": s["kind"], "doubts": doubts}


@router.get(PAGE, include_in_schema=False)
async def screenshot_get(lang: str = "fr"):
    return RedirectResponse("/" + ("?lang=en" if lang == "en" else ""), status_code=303)


@router.post(PAGE, response_class=HTMLResponse, include_in_schema=False)
async def screenshot_page(request: Request):
    from ..adapters.image import image_kind
    from ..screenshot import analyze_screenshot
    from .content import binary_kind
    from .render import lang_of, render
    from .result import result_context
    from .texts import w
    limit = image_body_limit()
    form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
    lang = lang_of(form.get("lang"))

    def error(message: str, status: int = 400) -> HTMLResponse:
        return render("error.html", lang, status=status, status_code=status, message=message, page="error")

    if unavailable():
        return error(_e(lang, "unavailable"), 503)
    f = form.get("file")
    if f is not None and not isinstance(f, str):
        data = await f.read(limit + 1)
        await f.close()
    else:   # re-sent by the language switch of a result page
        b64 = form.get("raw_b64")
        try:
            data = base64.b64decode(b64, validate=True) if isinstance(b64, str) and b64 else b""
        except (binascii.Error, ValueError):
            data = b""
    if not data:
        return error(_e(lang, "no_file"))
    if not image_kind(data):
        kind = binary_kind(data)
        return error(_e(lang, "not_image", kind=w(lang, "error.kind", kind=kind) if kind else ""), 415)
    sender = form.get("sender")
    sender = sender.strip()[:300] if isinstance(sender, str) else ""
    try:
        report, screen = await run_in_threadpool(analyze_screenshot, data, lang, sender)
        report = report.to_dict()
        shot = shot_context(report, screen)
    except DemasqueError as exc:
        return error(w(lang, "error.unreadable", why=str(exc)), 413 if isinstance(exc, InputTooLarge) else 400)
    resubmit = {"action": PAGE, "raw_b64": base64.b64encode(data).decode(), "sender": sender} if len(data) <= RESUBMIT_MAX else None
    ctx = result_context(screen.message, report, lang, resubmit)
    ctx["shot"] = shot
    return render("result.html", lang, **ctx)


@router.post(API, tags=["analysis"], summary="Analyse a screenshot of an SMS (the picture's bytes as the body)",
             responses={200: {"description": "the report, with a `screenshot` object: the text read, and the boxes of the evidence on the picture"},
                        400: {"description": "unreadable picture, or no message on it"}, 413: {"description": "over 20 MiB or 40 megapixels"},
                        415: {"description": "the body is not a PNG, JPEG, WebP or HEIC picture"},
                        503: {"description": "reading screenshots is not installed on this server"}},
             openapi_extra={"requestBody": {"required": True, "description": "a PNG, JPEG, WebP or HEIC picture (its kind is read from its content; send HEIC as application/octet-stream)",
                                            "content": {f"image/{k}": {"schema": {"type": "string", "format": "binary"}}
                                                        for k in ("png", "jpeg", "webp")}
                                            | {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def screenshot_api(request: Request, lang: str = Query("fr", pattern="^(fr|en)$", description="language of the texts in the report"),
                         sender: str = Query("", max_length=300, description="the sender, when the screenshot does not show it")):
    from ..adapters.image import image_kind
    from ..screenshot import analyze_image
    from .content import binary_kind
    from .errors import demasque_error, json_error
    reason = unavailable()
    if reason:
        return json_error(503, "ocr_unavailable", reason)
    data = await request.body()
    if not data:
        return json_error(400, "unreadable", "the body is empty: send the picture's bytes")
    if not image_kind(data):
        kind = binary_kind(data)
        return json_error(415, "not_an_image", f"the body is {'a ' + kind + ' file' if kind else 'not a picture'}, not a PNG, JPEG, WebP or HEIC picture")
    try:
        report = await run_in_threadpool(analyze_image, data, lang, sender.strip())
    except DemasqueError as exc:
        return demasque_error(exc)
    return JSONResponse(report.to_dict())
