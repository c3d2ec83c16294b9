"""Pay-as-you-go over the rider API: the account ticket, journeys from taps charged and explained
on GET /v1/wallet/charges and GET /v1/trips, and a short wallet's debt paid by the next top-up."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.api.rider.helpers import bearer, register
from tests.api.rider.test_orders import phone_jwk
from ticketing.core.ids import new_ulid
from ticketing.db.models.devices import Device
from ticketing.runtime import Runtime
from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects
from ticketing.service.devices.registry import provision_device
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.ingest import ingest_batch
from ticketing.service.taps.processing import process_pending_taps

pytestmark = pytest.mark.usefixtures("shop")


async def _account_ticket(client: httpx.AsyncClient, rider: dict[str, str]) -> httpx.Response:
    key = await client.post(
        "/v1/device-keys", json={"public_jwk": phone_jwk()}, headers=bearer(rider["access"])
    )
    assert key.status_code in (200, 201), key.text
    rider["device_key_id"] = key.json()["device_key_id"]
    return await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )


async def _topup(client: httpx.AsyncClient, rider: dict[str, str], amount: int) -> None:
    created = await client.post(
        "/v1/wallet/topups", json={"amount_minor": amount}, headers=bearer(rider["access"])
    )
    assert created.status_code == 201, created.text
    confirmed = await client.post(
        created.json()["payment"]["sandbox_confirm_url"], headers=bearer(rider["access"])
    )
    assert confirmed.json()["status"] == "credited", confirmed.text


async def _ride_bus(runtime: Runtime, ticket: dict[str, str], minutes_ago: int) -> None:
    """Board and alight bus 18; the reader uploads both taps and the server processes them."""
    async with runtime.unit_of_work() as uow:
        if await uow.session.get(Device, "bus-18") is None:
            await provision_device(
                uow.session,
                runtime.clock,
                device_id="bus-18",
                operator_id="HN_BUS",
                vehicle_id="29B-018",
                route_id="BUS_18",
            )
        device = await uow.session.get(Device, "bus-18")
        assert device is not None
        board = runtime.clock.now() - timedelta(minutes=minutes_ago)
        taps = [
            TapIn(
                new_ulid(at),
                n + 1,
                at,
                direction,
                None,
                "BUS_18",
                "29B-018",
                ticket["ticket_id"],
                "PAYG",
                "pass",
                True,
                "accepted",
                (),
                0,
                ticket["code"],
            )
            for n, (at, direction) in enumerate(((board, "in"), (board + timedelta(minutes=20), "out")))
        ]
        await ingest_batch(uow.session, runtime.clock, device, taps)
    async with runtime.unit_of_work() as uow:
        await process_pending_taps(
            uow.session, runtime.clock, ServiceSnapshotSources(runtime.clock), ServiceTapEffects()
        )


async def test_account_ticket_rides_are_charged_and_explained(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    await _topup(client, rider, 50000)
    first = await _account_ticket(client, rider)
    assert first.status_code == 200, first.text
    ticket = first.json()
    assert ticket["fare_product_id"] == "PAYG"
    again = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )
    assert again.json()["ticket_id"] == ticket["ticket_id"]
    other = await register(client)
    stolen = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(other["access"]),
    )
    assert stolen.status_code == 400, stolen.text
    await _ride_bus(runtime, ticket, 90)
    charges = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert [(c["charged_minor"], c["status"], c["incomplete"]) for c in charges] == [(8000, "paid", False)]
    assert charges[0]["explanation"]
    wallet = (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()
    assert wallet["balance_minor"] == 42000
    trips = (await client.get("/v1/trips", headers=bearer(rider["access"]))).json()["items"]
    assert [t["charged_minor"] for t in trips] == [8000]
    assert trips[0]["explanation"] == charges[0]["explanation"]


async def test_a_short_wallet_owes_the_ride_until_a_topup(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    ticket = (await _account_ticket(client, rider)).json()
    await _ride_bus(runtime, ticket, 60)
    [charge] = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert (charge["charged_minor"], charge["status"]) == (8000, "owed")
    blocked = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )
    assert blocked.status_code == 400
    assert blocked.json()["code"] == "payg_debt_outstanding"
    assert (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()["owed_minor"] == 8000
    await _topup(client, rider, 10000)
    [charge] = (await client.get("/v1/wallet/charges", headers=bearer(rider["access"]))).json()["items"]
    assert charge["status"] == "paid"
    assert (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()["balance_minor"] == 2000
    fresh = await client.post(
        "/v1/wallet/account-ticket",
        json={"device_key_id": rider["device_key_id"]},
        headers=bearer(rider["access"]),
    )
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["ticket_id"] != ticket["ticket_id"]
