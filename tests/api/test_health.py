"""Liveness, readiness (naming the failed dependency), metrics, request ids and JSON logs."""

from __future__ import annotations

import json
import logging
import re
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tests.support.env import REDIS_URL
from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.memory_store import MemoryStore
from ticketing.cache.port import KeyValueStore
from ticketing.cache.redis_store import RedisStore
from ticketing.core.clock import FixedClock
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.runtime import Runtime
from vexe.app import create_app
from vexe.logging_config import JsonFormatter
from vexe.settings import Settings


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _runtime(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], kv: KeyValueStore, redis: bool,
    clock: FixedClock, access_tokens: AccessTokenSigner, tmp_path: Path,
) -> Runtime:
    return Runtime(engine=engine, sessions=sessions, kv=kv, clock=clock, access_tokens=access_tokens,
                   data_dir=tmp_path, redis_configured=redis)


async def _get(app: FastAPI, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        return await c.get(path)


async def test_healthz_answers_without_touching_dependencies(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_on_the_embedded_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready", "checks": {"database": "ok", "redis": "embedded"}, "failed": []
    }


@pytest.mark.skipif(REDIS_URL is None, reason="needs VEXE_TEST_REDIS_URL")
async def test_readyz_with_live_redis(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], clock: FixedClock,
    access_tokens: AccessTokenSigner, tmp_path: Path,
) -> None:
    assert REDIS_URL is not None
    store = RedisStore.from_url(REDIS_URL)
    runtime = _runtime(engine, sessions, store, True, clock, access_tokens, tmp_path)
    try:
        response = await _get(create_app(Settings(data_dir=tmp_path), runtime=runtime), "/readyz")
    finally:
        await store.close()
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_readyz_503_names_an_unreachable_redis(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], clock: FixedClock,
    access_tokens: AccessTokenSigner, tmp_path: Path,
) -> None:
    store = RedisStore.from_url(f"redis://127.0.0.1:{closed_port()}/0")
    runtime = _runtime(engine, sessions, store, True, clock, access_tokens, tmp_path)
    try:
        response = await _get(create_app(Settings(data_dir=tmp_path), runtime=runtime), "/readyz")
    finally:
        await store.close()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready"
    assert body["failed"] == ["redis"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("unreachable: ")


@pytest.fixture
async def dead_postgres() -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"postgresql+asyncpg://vexe@127.0.0.1:{closed_port()}/vexe")
    yield engine
    await engine.dispose()


async def test_readyz_503_names_an_unreachable_database(
    dead_postgres: AsyncEngine, clock: FixedClock, access_tokens: AccessTokenSigner, tmp_path: Path
) -> None:
    runtime = _runtime(dead_postgres, make_sessionmaker(dead_postgres), MemoryStore(), False, clock,
                       access_tokens, tmp_path)
    response = await _get(create_app(Settings(data_dir=tmp_path), runtime=runtime), "/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert body["checks"] == {"database": "unreachable: ConnectionRefusedError", "redis": "embedded"}


async def test_readyz_503_names_an_unopenable_sqlite_file(
    clock: FixedClock, access_tokens: AccessTokenSigner, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{(tmp_path / 'missing-dir' / 'vexe.db').as_posix()}")
    runtime = _runtime(
        engine, make_sessionmaker(engine), MemoryStore(), False, clock, access_tokens, tmp_path
    )
    try:
        response = await _get(create_app(Settings(data_dir=tmp_path), runtime=runtime), "/readyz")
    finally:
        await engine.dispose()
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]


async def test_readyz_through_the_composition_root_names_both(tmp_path: Path) -> None:
    """Settings -> build_runtime -> create_app, as `vexe serve` does, with nothing listening."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"postgresql://vexe@127.0.0.1:{closed_port()}/vexe",
        redis_url=f"redis://127.0.0.1:{closed_port()}/0",
    )
    app = create_app(settings)
    try:
        response = await _get(app, "/readyz")
        health = await _get(app, "/healthz")
    finally:
        await app.state.runtime.aclose()
    assert response.status_code == 503
    assert response.json()["failed"] == ["database", "redis"]
    assert health.status_code == 200  # alive, just not ready


async def test_metrics_count_requests_by_route_and_status(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    await client.get("/healthz")
    await client.get("/v1/definitely-missing/42")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'vexe_http_requests_total{method="GET",route="/healthz",status="200"} 2.0' in text
    # Unmatched paths share one label, so scanners cannot blow up the series count.
    assert 'vexe_http_requests_total{method="GET",route="unmatched",status="404"} 1.0' in text
    assert "/v1/definitely-missing/42" not in text
    assert 'vexe_http_request_duration_seconds_count{method="GET",route="/healthz"} 2.0' in text


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    echoed = await client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2_x"})
    assert echoed.headers["x-request-id"] == "lb-7f3a.2_x"
    generated = await client.get("/healthz")
    again = await client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{16}", generated.headers["x-request-id"])
    assert generated.headers["x-request-id"] != again.headers["x-request-id"]
    # Anything that could forge log lines or headers is replaced, not echoed.
    for hostile in ("a b", "x" * 65, "id\"}", "ngày"):
        response = await client.get("/healthz", headers={"X-Request-ID": hostile.encode()})
        assert re.fullmatch(r"[0-9a-f]{16}", response.headers["x-request-id"])


async def test_access_log_lines_are_json(client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="vexe.access"):
        await client.get("/healthz", headers={"X-Request-ID": "log-me"})
    records = [r for r in caplog.records if r.name == "vexe.access"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["msg"] == "request"
    assert entry["level"] == "info"
    assert entry["request_id"] == "log-me"
    assert (entry["method"], entry["path"], entry["route"]) == ("GET", "/healthz", "/healthz")
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert entry["ts"].endswith("+00:00")


def test_json_formatter_keeps_exceptions_on_one_line() -> None:
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        record = logging.LogRecord("vexe.test", logging.ERROR, __file__, 1, "failed %s", ("x",), None)
        record.exc_info = sys.exc_info()
    record.ticket_id = "T1"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["msg"] == "failed x"
    assert entry["ticket_id"] == "T1"
    assert "boom" in entry["exc"]
    assert "ValueError" in entry["exc"]


async def test_docs_assets_share_one_metrics_label(client: httpx.AsyncClient) -> None:
    await client.get("/docs-assets/swagger-ui.css")
    text = (await client.get("/metrics")).text
    assert 'route="/docs-assets/{path}",status="200"' in text
    assert "swagger-ui.css" not in text


def test_json_formatter_drops_uvicorn_colour_copies() -> None:
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "Started", None, None)
    record.color_message = "\x1b[36mStarted\x1b[0m"
    entry = json.loads(JsonFormatter().format(record))
    assert "color_message" not in entry
    assert entry["msg"] == "Started"


async def test_a_request_id_with_a_trailing_newline_is_not_echoed() -> None:
    """Tested below the HTTP client, which would refuse to send it: `$` alone matches before "\\n"."""
    from prometheus_client import CollectorRegistry
    from starlette.types import Message, Receive, Scope, Send

    from ticketing.http.middleware import HttpMetrics, RequestContextMiddleware

    async def ok(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    middleware = RequestContextMiddleware(ok, HttpMetrics(CollectorRegistry()))
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [(b"x-request-id", b"abc\n")]}
    await middleware(scope, receive, send)
    echoed = dict(sent[0]["headers"])[b"x-request-id"]
    assert re.fullmatch(rb"[0-9a-f]{16}", echoed)
