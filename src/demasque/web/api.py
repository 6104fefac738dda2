"""The HTTP API under /api/v1/ (JSON, described at /openapi.json) and /healthz: the same report as
`demasque check --format json`, for gateways and scripts."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..calls import analyze_call
from ..errors import DemasqueError
from ..lookup import check_link, check_number
from .content import binary_kind, looks_like_email
from .errors import ERRORS, ErrorOut, demasque_error, json_error
from .safe import SafeJSONResponse as JSONResponse

router = APIRouter()

Lang = Literal["fr", "en"]


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


@lru_cache(maxsize=1)
def report_schema() -> dict:
    from importlib import resources
    s = json.loads(resources.files("demasque").joinpath("schema/report.schema.json").read_text("utf-8"))
    s.pop("$schema", None)
    s.pop("$id", None)
    return s


def report_response() -> dict:
    return {200: {"description": "the report (same JSON as `demasque check --format json`)",
                  "content": {"application/json": {"schema": report_schema()}}}}


def answer(fn, *args) -> JSONResponse:
    try:
        out = fn(*args)
    except DemasqueError as exc:
        return demasque_error(exc)
    return JSONResponse(out if isinstance(out, dict) else out.to_dict())


# A message this small is analysed in the event loop: it takes well under a millisecond or two,
# less than the hop to a worker thread and back, and a burst of them no longer shares the GIL in 5 ms
# slices (an SMS request took 1 ms alone and 10 ms median under load). Bigger ones (a long HTML
# e-mail, a screenshot's OCR) go to the thread pool so that they never hold up the loop.
INLINE_BYTES = 16 * 1024


async def answer_soon(size: int, fn, *args) -> JSONResponse:
    if size <= INLINE_BYTES:
        return answer(fn, *args)
    return await run_in_threadpool(answer, fn, *args)


@router.get("/healthz", tags=["service"], summary="Liveness check")
def healthz() -> dict:
    return {"status": "ok", "engine": f"demasque {__version__}"}


@router.post("/api/v1/analyze", tags=["analysis"], summary="Analyse one message (a batch record)",
             responses={**report_response(), **ERRORS})
async def api_analyze(record: Record, lang: Lang = Query("fr", description="language of the texts in the report")):
    from ..api import analyze_record
    rec = record.model_dump(exclude_none=True)
    size = INLINE_BYTES + 1 if record.channel == "screenshot" or record.image_b64 else \
        sum(len(v) for v in rec.values() if isinstance(v, str))
    return await answer_soon(size, analyze_record, rec, lang)


@router.post("/api/v1/email", tags=["analysis"], summary="Analyse a raw e-mail (.eml bytes as the body)",
             responses={**report_response(), **ERRORS, 415: {"model": ErrorOut, "description": "the body is not an e-mail (an image, a PDF ...)"}},
             openapi_extra={"requestBody": {"required": True, "description": "the whole RFC 5322 message, headers and body",
                                            "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}},
                                                        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def api_email(request: Request, lang: Lang = Query("fr", description="language of the texts in the report")):
    data = await request.body()
    if not data.strip():
        return json_error(400, "unreadable", "the body is empty: send the raw e-mail")
    kind = binary_kind(data)
    if kind:
        return json_error(415, "not_an_email", f"the body is a {kind} file, not an RFC 5322 e-mail")
    if not looks_like_email(data):
        return json_error(400, "not_an_email", "the body does not start with e-mail headers (From:, Subject:, Date: ...)")
    from ..api import analyze_eml
    return await answer_soon(len(data), analyze_eml, data, lang)


@router.post("/api/v1/number", tags=["lookup"], summary="What is this phone number?", responses=ERRORS)
def api_number(body: NumberIn, lang: Lang = Query("fr")):
    return answer(check_number, body.number, lang)


@router.post("/api/v1/link", tags=["lookup"], summary="Is this link or domain official? (never opened)", responses=ERRORS)
def api_link(body: LinkIn, lang: Lang = Query("fr")):
    return answer(check_link, body.link, lang)


@router.post("/api/v1/call", tags=["analysis"], summary="Analyse a phone call from the answers to the questionnaire",
             responses={**report_response(), **ERRORS})
def api_call(body: CallIn, lang: Lang = Query("fr")):
    return answer(analyze_call, body.model_dump(), lang)
