"""Request ids, JSON access logs and Prometheus metrics, as one pure ASGI middleware."""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketing.http.problems import internal_error_response

log = logging.getLogger("vexe.access")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class HttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "vexe_http_requests", "HTTP requests", ["method", "route", "status"], registry=registry
        )
        self.latency = Histogram(
            "vexe_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.fullmatch(incoming) else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_holder: dict[str, int] = {"status": 500, "started": 0}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = 1
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_wrapper)
            except Exception:
                # Answer here rather than in Starlette's outermost handler, so the 500 carries
                # the request id header and is logged once, as JSON, with that id.
                if status_holder["started"]:
                    raise
                log.exception(
                    "unhandled error", extra={"request_id": request_id, "path": scope.get("path")}
                )
                await internal_error_response(Request(scope))(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope.get("method", "")
            self.metrics.requests.labels(method, route, str(status_holder["status"])).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": method,
                    "path": scope.get("path"),
                    "route": route,
                    "status": status_holder["status"],
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _route_template(scope: Scope) -> str:
    """A bounded label: the route template, the mount prefix for mounted apps (docs assets),
    or "unmatched" — never the raw path, which anyone can vary without limit."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    if path:
        return str(path)
    endpoint = scope.get("endpoint")
    if endpoint is not None and scope.get("root_path"):
        return f"{scope['root_path']}/{{path}}"
    if endpoint is not None:
        # A plain Starlette route (FastAPI's /openapi.json) matched but leaves no `route` in scope.
        for candidate in getattr(scope.get("app"), "routes", ()):
            if getattr(candidate, "endpoint", None) is endpoint and getattr(candidate, "path", None):
                return str(candidate.path)
    return "unmatched"
