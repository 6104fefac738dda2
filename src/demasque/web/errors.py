"""Errors: a JSON `{"error", "message"}` for the API, a friendly page for people, never a stack trace."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DemasqueError, InputTooLarge
from .render import error_page, lang_of
from .safe import SafeJSONResponse as JSONResponse
from .texts import w

log = logging.getLogger("demasque.web")


class ErrorOut(BaseModel):
    error: str = Field(..., description="a short code: bad_request, invalid_request, unreadable, not_an_email, too_large, rate_limited, not_found, request_timeout")
    message: str = Field(..., description="what went wrong, in words")
    errors: list[dict] | None = Field(None, description="for invalid_request: where and what")


ERRORS = {400: {"model": ErrorOut, "description": "unreadable input"},
          408: {"model": ErrorOut, "description": "the body did not arrive within the read timeout"},
          413: {"model": ErrorOut, "description": "body over the limit"},
          422: {"model": ErrorOut, "description": "the JSON does not match the schema"},
          429: {"model": ErrorOut, "description": "too many requests from this client"}}


def json_error(status: int, code: str, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


def demasque_error(exc: DemasqueError) -> JSONResponse:
    if isinstance(exc, InputTooLarge):
        return json_error(413, "too_large", str(exc))
    return json_error(400, "unreadable", str(exc))


def page_status(exc: DemasqueError) -> int:
    return 413 if isinstance(exc, InputTooLarge) else 400


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "bad_request")
        if is_api(request):
            return json_error(exc.status_code, code, str(exc.detail))
        lang = lang_of(request.query_params.get("lang"))
        msg = w(lang, "error.404") if exc.status_code == 404 else w(lang, "error.405") if exc.status_code == 405 \
            else w(lang, "error.unreadable", why=str(exc.detail))
        return error_page(lang, msg, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()][:20]
        if is_api(request):
            first = errors[0] if errors else {"loc": [], "msg": ""}
            return json_error(422, "invalid_request", f"{'.'.join(first['loc'])}: {first['msg']}", errors=errors)
        lang = lang_of(request.query_params.get("lang"))
        return error_page(lang, w(lang, "error.generic"), 400)

    @app.exception_handler(DemasqueError)
    async def any_demasque_error(request: Request, exc: DemasqueError):
        return demasque_error(exc)

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception):
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        if is_api(request):
            return json_error(500, "internal_error", "Sorry, something went wrong.")
        lang = lang_of(request.query_params.get("lang"))
        return error_page(lang, w(lang, "error.generic"), 500)
