"""RFC 9457 problem+json for every error, with a stable ``code`` and a localized title."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ticketing.core.errors import DomainError
from ticketing.http.i18n import negotiate_language
from ticketing.http.problem_catalog import status_for, title_for
from ticketing.http.problem_details import detail_for

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("vexe.http")

_STATUS_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "rejected"),
    401: ("unauthenticated", "unauthenticated"),
    403: ("forbidden", "forbidden"),
    404: ("not_found", "not_found"),
    405: ("method_not_allowed", "rejected"),
    409: ("conflict", "conflict"),
    413: ("payload_too_large", "invalid"),
    415: ("unsupported_media_type", "invalid"),
    422: ("validation_failed", "invalid"),
    429: ("rate_limited", "rate_limited"),
}


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    kind: str,
    detail: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    language = negotiate_language(request.headers.get("accept-language"))
    body: dict[str, Any] = {
        "type": f"https://vexe.dev/problems/{code}",
        "title": title_for(code, kind, language),
        "status": status,
        "code": code,
        "instance": request.url.path,
    }
    # `detail` follows the language: the catalogue's sentence in Vietnamese, with the error's own
    # (English, specific) message beside it as `detail_en`; in English, that message itself.
    explained = detail_for(code, language)
    if language == "en":
        body["detail"] = detail or explained
    else:
        body["detail"] = explained or detail
        if detail and explained:
            body["detail_en"] = detail
    if body["detail"] is None:
        del body["detail"]
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    if extra:
        for key, value in extra.items():
            body.setdefault(key, value)
    response_headers = {"Content-Language": language}
    if headers:
        response_headers.update(headers)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=response_headers)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = None
    retry = exc.extra.get("retry_after_s")
    if exc.kind == "rate_limited" and retry is not None:
        headers = {"Retry-After": str(retry)}
    if exc.kind == "unauthenticated":
        headers = {"WWW-Authenticate": "Bearer"}
    return problem_response(
        request,
        status=status_for(exc.kind),
        code=exc.code,
        kind=exc.kind,
        detail=exc.detail,
        extra={k: v for k, v in exc.extra.items() if k != "retry_after_s"},
        headers=headers,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [str(p) for p in err.get("loc", ())],
            "msg": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        }
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid"}
    detail = f"{'.'.join(first['loc'])}: {first['msg']}" if first["loc"] else str(first["msg"])
    return problem_response(
        request, status=422, code="validation_failed", kind="invalid", detail=detail,
        extra={"errors": errors},
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, kind = _STATUS_CODES.get(exc.status_code, ("http_error", "rejected"))
    code = getattr(exc, "problem_code", None) or code  # edge refusals name their own code
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(
        request, status=exc.status_code, code=code, kind=kind, detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
    )


def internal_error_response(request: Request) -> JSONResponse:
    """The 500 answer: a code, a localized title and the request id; never the exception text."""
    return problem_response(request, status=500, code="internal_error", kind="internal")


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path})
    return internal_error_response(request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)


PROBLEM_RESPONSE_SCHEMA: dict[str, Any] = {
    "description": "RFC 9457 problem details",
    "content": {
        PROBLEM_JSON: {
            "schema": {
                "type": "object",
                "required": ["type", "title", "status", "code"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string"},
                    "request_id": {"type": "string"},
                },
            }
        }
    },
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting problem+json for the given statuses."""
    return {status: PROBLEM_RESPONSE_SCHEMA for status in statuses}
