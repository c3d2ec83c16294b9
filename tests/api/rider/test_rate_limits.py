"""Auth endpoints are rate limited through runtime.kv: Redis and the embedded fallback alike."""

from __future__ import annotations

import httpx

from tests.api.rider.helpers import register
from ticketing.cache.port import KeyValueStore
from ticketing.runtime import Runtime


async def test_login_limit_holds_on_every_kv_store(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    rider = await register(client)
    statuses = []
    for _ in range(11):
        r = await client.post("/v1/auth/login", json={"email": rider["email"], "password": "sai-mat-khau-9"})
        statuses.append(r.status_code)
    assert statuses == [401] * 10 + [429]
    # The limit is per login: another rider is not locked out by the first one's failures.
    other = await register(client)
    ok = await client.post("/v1/auth/login", json={"email": other["email"], "password": other["password"]})
    assert ok.status_code == 200


async def test_refresh_is_limited_per_client_address(
    client: httpx.AsyncClient, runtime: Runtime, kv: KeyValueStore
) -> None:
    runtime.kv = kv
    codes = [
        (await client.post("/v1/auth/refresh", json={"refresh_token": "nope"})).status_code for _ in range(61)
    ]
    assert codes[:60] == [401] * 60
    assert codes[60] == 429
