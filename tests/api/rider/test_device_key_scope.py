"""Another rider's phone-key id answers exactly as a missing one (404 ``device_key_unknown``) on
every rider endpoint that takes one: nothing tells a rider that the id exists."""

from __future__ import annotations

import httpx
import pytest

from tests.api.rider.helpers import bearer, register
from tests.api.rider.test_orders import phone_jwk

pytestmark = pytest.mark.usefixtures("shop")


async def test_another_riders_key_is_404_everywhere(client: httpx.AsyncClient) -> None:
    owner, other = await register(client), await register(client)
    made = await client.post(
        "/v1/device-keys", json={"public_jwk": phone_jwk()}, headers=bearer(owner["access"])
    )
    assert made.status_code == 201
    key_id = made.json()["device_key_id"]
    answers = [
        await client.post("/v1/wallet/account-ticket", json={"device_key_id": key_id},
                          headers=bearer(other["access"])),
        await client.post("/v1/wallet/account-ticket", json={"device_key_id": "01NOSUCHKEY"},
                          headers=bearer(other["access"])),
        await client.delete(f"/v1/device-keys/{key_id}", headers=bearer(other["access"])),
    ]
    for answer in answers:
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "device_key_unknown"
    # The key still works for its owner (the other rider's attempts changed nothing).
    mine = await client.post("/v1/wallet/account-ticket", json={"device_key_id": key_id},
                             headers=bearer(owner["access"]))
    assert mine.status_code != 404, mine.text
