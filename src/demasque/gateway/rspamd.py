"""`POST /api/v1/rspamd`: the answer for Rspamd's Lua plugin (contrib/rspamd/demasque.lua).

The body is the raw message as Rspamd holds it; `authserv_id` (repeatable) names the servers whose
Authentication-Results are believed (the plugin sends Rspamd's own results under its host name).
The answer carries what the plugin needs and nothing of the message: the Rspamd symbol to insert
(DEMASQUE_SCAM, DEMASQUE_SUSPICIOUS, or none), the rules as its options, the header fields to add,
and the reason to give when a scam is refused.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ..errors import UnreadableInput
from ..web.app import ERRORS
from .authres import normalise_ids
from .verdict import REASON_EN, REASON_FR, judge

SYMBOLS = {"scam": "DEMASQUE_SCAM", "suspicious": "DEMASQUE_SUSPICIOUS"}


class RspamdAnswer(BaseModel):
    verdict: str = Field(..., description="scam, suspicious or no_red_flags")
    score: float = Field(..., description="0 to 1 (noisy-OR of the rules' weights)")
    symbol: str | None = Field(None, description="the Rspamd symbol to insert: DEMASQUE_SCAM, DEMASQUE_SUSPICIOUS, or null")
    rules: list[str] = Field(default_factory=list, description="ids of the rules that fired, strongest first (the symbol's options)")
    verified_sender: bool = Field(False, description="an official sender authenticated by a trusted Authentication-Results")
    headers: dict[str, str] = Field(default_factory=dict, description="header fields to add to the message")
    reason: dict[str, str] = Field(default_factory=dict, description="for a scam: why it is refused, fr and en (US-ASCII)")


router = APIRouter()


@router.post("/api/v1/rspamd", tags=["gateway"], response_model=RspamdAnswer, responses=ERRORS,
             summary="Judge a raw message for Rspamd (the contrib/rspamd/demasque.lua plugin)",
             openapi_extra={"requestBody": {"required": True, "description": "the whole RFC 5322 message, headers and body",
                                            "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}},
                                                        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def rspamd_check(request: Request,
                       authserv_id: list[str] = Query([], max_length=20,
                                                      description="authserv-ids whose Authentication-Results are believed")):
    data = await request.body()
    if not data.strip():
        raise UnreadableInput("the body is empty: send the raw message")
    j = await run_in_threadpool(judge, data, normalise_ids(authserv_id))
    return RspamdAnswer(verdict=j.verdict, score=j.score, symbol=SYMBOLS.get(j.verdict), rules=list(j.rules),
                        verified_sender=j.verified_sender, headers=dict(j.headers()),
                        reason={"fr": REASON_FR, "en": REASON_EN} if j.is_scam else {})
