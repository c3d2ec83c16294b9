"""Request-body bounds enforced while the body streams in, as one pure ASGI middleware.

- A ``Content-Length`` above the route's bound is answered 413 at once: not one byte of the body
  is read.
- A body without ``Content-Length`` (chunked) is counted as it is received; the chunk that crosses
  the bound stops the request with 413, so at most one bound's worth is ever held.
- A JSON body (``application/json``, ``*+json`` or no content type, not compressed) is measured
  for nesting as it arrives (:mod:`ticketing.http.json_depth`): too deep is 422 ``json_too_deep``.

The errors raised from ``receive`` are Starlette ``HTTPException``s, so whichever layer is reading
the body (FastAPI's parser, a route's ``request.body()``, the multipart parser) lets them through
to the problem handler; if one escapes the app before a response started, answered here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketing.http.json_depth import JSON_DEPTH_MAX, JsonDepthGauge, JsonTooDeep
from ticketing.http.problems import problem_response

DEFAULT_BODY_MAX_BYTES = 64 * 1024


class BodyRefused(HTTPException):
    """A request body refused at the edge; ``problem_code`` is the problem document's ``code``."""

    def __init__(self, status_code: int, problem_code: str, detail: str) -> None:
        super().__init__(status_code=status_code, detail=detail)
        self.problem_code = problem_code


def body_too_large(max_bytes: int) -> BodyRefused:
    return BodyRefused(413, "body_too_large", f"the request body exceeds {max_bytes} bytes")


@dataclass(frozen=True, slots=True)
class RouteBound:
    """Requests whose path matches ``pattern`` (a full match) may carry up to ``max_bytes``."""

    pattern: re.Pattern[str]
    max_bytes: int


@dataclass(frozen=True, slots=True)
class BodyLimits:
    default_max_bytes: int = DEFAULT_BODY_MAX_BYTES
    routes: Sequence[RouteBound] = ()
    json_depth_max: int = JSON_DEPTH_MAX

    def max_bytes_for(self, path: str) -> int:
        for bound in self.routes:
            if bound.pattern.fullmatch(path):
                return bound.max_bytes
        return self.default_max_bytes


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limits.max_bytes_for(scope.get("path", ""))
        headers = _headers(scope)
        declared = _content_length(headers.get(b"content-length"))
        if declared is not None and declared > max_bytes:
            await _refuse(scope, receive, send, body_too_large(max_bytes))
            return
        gauge = JsonDepthGauge(self.limits.json_depth_max) if _is_plain_json(headers) else None
        received = 0

        async def guarded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                chunk: bytes = message.get("body", b"")
                received += len(chunk)
                if received > max_bytes:
                    raise body_too_large(max_bytes)
                if gauge is not None and chunk:
                    try:
                        gauge.feed(chunk)
                    except JsonTooDeep as exc:
                        raise BodyRefused(422, "json_too_deep", str(exc)) from None
            return message

        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, watched_send)
        except BodyRefused as exc:
            if started:
                raise
            await _refuse(scope, receive, send, exc)


async def _refuse(scope: Scope, receive: Receive, send: Send, exc: BodyRefused) -> None:
    response = problem_response(
        Request(scope), status=exc.status_code, code=exc.problem_code, kind="invalid",
        detail=str(exc.detail), headers={"Connection": "close"},
    )
    await response(scope, receive, send)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {key.lower(): value for key, value in scope.get("headers", [])}


def _content_length(value: bytes | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None  # absent or malformed: the server rejects malformed framing; we count instead
    digits = value.strip()
    return int(digits) if len(digits) <= 18 else 10**18


def _is_plain_json(headers: dict[bytes, bytes]) -> bool:
    encoding = headers.get(b"content-encoding", b"identity").strip().lower()
    if encoding not in (b"", b"identity"):
        return False  # compressed: measured by whoever inflates it (ensure_json_depth)
    media = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
    return media in (b"", b"application/json") or media.endswith(b"+json")
