"""Request bodies are bounded while they stream in: 413 before the body is read, 422 for JSON
nested too deeply — on every route, never a 500 (the real app over httpx's ASGI transport)."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from ticketing.core.errors import InvalidInput
from ticketing.http.devices import _decode_body
from ticketing.http.json_depth import JsonDepthGauge, JsonTooDeep, ensure_json_depth
from ticketing.runtime import Runtime
from vexe.app import create_app
from vexe.settings import Settings

MIB = 1024 * 1024
JSON = {"Content-Type": "application/json"}
CHUNK = 64 * 1024


class CountedBody:
    """A streamed request body that records how many chunks the server pulled."""

    def __init__(self, total_bytes: int, fill: bytes = b"x") -> None:
        self.total_bytes = total_bytes
        self.fill = fill
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        while sent < self.total_bytes:
            self.pulled += 1
            size = min(CHUNK, self.total_bytes - sent)
            sent += size
            yield self.fill * size


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    assert response.headers.get("x-request-id")


async def test_declared_64_mib_body_is_refused_before_one_byte_is_read(client: httpx.AsyncClient) -> None:
    body = CountedBody(64 * MIB)
    response = await client.post(
        "/v1/auth/login", content=body,
        headers={"Content-Length": str(64 * MIB), "Content-Type": "application/json"},
    )
    assert_problem(response, 413, "body_too_large")
    assert body.pulled == 0


async def test_chunked_body_is_cut_off_at_the_bound(client: httpx.AsyncClient) -> None:
    body = CountedBody(64 * MIB)
    response = await client.post("/v1/auth/login", content=body, headers=JSON)
    assert "content-length" not in response.request.headers  # really chunked
    assert_problem(response, 413, "body_too_large")
    assert body.pulled <= 2  # 64 KiB is the bound: the second chunk crosses it


async def test_a_body_within_the_bound_still_reaches_the_route(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/auth/login", json={"email": "a@example.vn", "password": "x" * 200})
    assert response.status_code == 401  # no such rider: the route ran


@pytest.mark.parametrize(
    "path", ["/v1/auth/login", "/v1/ops/auth/login", "/v1/quotes", "/v1/devices/bus-1/taps"]
)
async def test_deep_json_is_422_everywhere(client: httpx.AsyncClient, path: str) -> None:
    deep = b"[" * 20_000 + b"]" * 20_000  # 40 kB: inside the default bound
    response = await client.post(path, content=deep, headers=JSON)
    assert_problem(response, 422, "json_too_deep")


async def test_100k_deep_json_on_the_tap_upload_is_422_not_500(client: httpx.AsyncClient) -> None:
    deep = b'{"taps":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = await client.post("/v1/devices/bus-1/taps", content=deep)  # no content type at all
    assert_problem(response, 422, "json_too_deep")


async def test_100k_deep_json_on_a_rider_route_is_413_or_422(client: httpx.AsyncClient) -> None:
    deep = b"{" + b'"a":{' * 100_000 + b"}" * 100_001
    response = await client.post("/v1/auth/register", content=deep, headers=JSON)
    assert response.status_code in (413, 422)
    assert response.json()["code"] in ("body_too_large", "json_too_deep")


async def test_the_tap_upload_and_feed_upload_have_their_own_bounds(
    runtime: Runtime, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, body_max_bytes=4096, tap_upload_max_bytes=128 * 1024,
                        fare_feed_upload_max_bytes=256 * 1024)
    app: FastAPI = create_app(settings, runtime=runtime)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        login = await c.post("/v1/auth/login", content=b" " * 5000, headers=JSON)
        assert_problem(login, 413, "body_too_large")
        # 100 kB of taps passes the edge (the route then refuses it for want of a device).
        taps = json.dumps({"taps": [{"pad": "x" * 1000}] * 100}).encode()
        assert len(taps) > 100_000
        upload = await c.post("/v1/devices/bus-1/taps", content=taps, headers=JSON)
        assert upload.status_code in (401, 503)
        too_big = await c.post("/v1/devices/bus-1/taps", content=b" " * (129 * 1024))
        assert_problem(too_big, 413, "body_too_large")
        feed = await c.post("/v1/ops/fares/feeds", files={"file": ("f.zip", b"z" * (200 * 1024))})
        assert feed.status_code == 401  # within the feed bound: reached staff auth
        feed_big = await c.post("/v1/ops/fares/feeds", files={"file": ("f.zip", b"z" * (400 * 1024))})
        assert_problem(feed_big, 413, "body_too_large")


def test_a_gzipped_tap_upload_is_measured_after_inflating() -> None:
    # Compressed bodies pass the edge unmeasured; the tap upload measures what it inflates.
    deep = b'{"taps":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(InvalidInput) as refused:
        _decode_body(gzip.compress(deep), "gzip")
    assert refused.value.code == "json_too_deep"


def test_depth_gauge_ignores_brackets_in_strings_and_escaped_quotes() -> None:
    doc = json.dumps({"s": "[[[[{{{{" * 50, "q": 'a\\"[[[[' * 50, "n": [[[1]]]}).encode()
    ensure_json_depth(doc, max_depth=4)
    gauge = JsonDepthGauge(max_depth=4)
    for i in range(0, len(doc), 7):  # fed in odd-sized chunks: the string state carries over
        gauge.feed(doc[i:i + 7])
    with pytest.raises(JsonTooDeep):
        ensure_json_depth(b'{"a":[[[[1]]]]}', max_depth=4)
    with pytest.raises(JsonTooDeep):
        ensure_json_depth(b'["\\\\", [[[[1]]]]]', max_depth=4)  # an escaped backslash ends nothing
