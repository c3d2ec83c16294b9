"""VEXE_TRUSTED_PROXIES: X-Forwarded-For is believed from those peers only, so per-IP limits key
on the real client behind a load balancer and cannot be dodged by a forged header."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from ticketing.runtime import Runtime
from vexe.app import create_app
from vexe.settings import Settings


async def refresh_codes(client: httpx.AsyncClient, forwarded_for: list[str]) -> list[int]:
    return [
        (await client.post("/v1/auth/refresh", json={"refresh_token": "nope"},
                           headers={"X-Forwarded-For": ip})).status_code
        for ip in forwarded_for
    ]


async def app_client(runtime: Runtime, tmp_path: Path, trusted: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(data_dir=tmp_path, trusted_proxies=trusted), runtime=runtime)
    # httpx's ASGI transport connects from 127.0.0.1: the balancer in these tests.
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 4711))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


@pytest.fixture
async def behind_balancer(runtime: Runtime, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in app_client(runtime, tmp_path, "10.0.0.0/8, 127.0.0.1"):
        yield client


@pytest.fixture
async def direct(runtime: Runtime, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in app_client(runtime, tmp_path, "10.0.0.0/8"):
        yield client


async def test_limits_key_on_the_forwarded_client_behind_a_trusted_proxy(
    behind_balancer: httpx.AsyncClient,
) -> None:
    first = await refresh_codes(behind_balancer, ["198.51.100.1"] * 61)
    assert first[:60] == [401] * 60
    assert first[60] == 429
    # Another client behind the same balancer is not locked out by the first one.
    assert await refresh_codes(behind_balancer, ["198.51.100.2"]) == [401]
    # The client is the right-most untrusted hop: a forged left-most entry changes nothing.
    assert await refresh_codes(behind_balancer, ["1.2.3.4, 198.51.100.1"]) == [429]


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(direct: httpx.AsyncClient) -> None:
    codes = await refresh_codes(direct, [f"203.0.113.{i}" for i in range(61)])
    assert codes[:60] == [401] * 60
    assert codes[60] == 429


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    given = Settings(trusted_proxies=" 10.0.0.0/8 ,192.168.1.5,* ")
    assert given.trusted_proxies == "10.0.0.0/8,192.168.1.5,*"
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="balancer.internal")
