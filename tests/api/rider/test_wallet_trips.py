from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.api.rider.helpers import bearer, register
from ticketing.core.ids import new_ulid
from ticketing.db.models.taps import Journey
from ticketing.runtime import Runtime

pytestmark = pytest.mark.usefixtures("shop")


async def test_topup_in_sandbox_credits_the_wallet_once(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    empty = await client.get("/v1/wallet", headers=bearer(rider["access"]))
    assert empty.status_code == 200, empty.text
    assert (empty.json()["balance_minor"], empty.json()["currency"]) == (0, "VND")
    too_small = await client.post(
        "/v1/wallet/topups", json={"amount_minor": 500}, headers=bearer(rider["access"])
    )
    assert too_small.status_code == 422
    created = await client.post(
        "/v1/wallet/topups", json={"amount_minor": 50000}, headers=bearer(rider["access"])
    )
    assert created.status_code == 201, created.text
    topup = created.json()
    confirm_url = topup["payment"]["sandbox_confirm_url"]
    for _ in range(2):
        confirmed = await client.post(confirm_url, headers=bearer(rider["access"]))
        assert confirmed.json()["status"] == "credited"
    wallet = (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()
    assert wallet["balance_minor"] == 50000
    assert wallet["recent_topups"][0]["topup_id"] == topup["topup_id"]
    other = await register(client)
    stolen = await client.post(confirm_url, headers=bearer(other["access"]))
    assert stolen.status_code == 404
    assert (await client.get("/v1/wallet", headers=bearer(other["access"]))).json()["balance_minor"] == 0


async def test_trips_are_the_riders_own(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rider = await register(client)
    items = [
        {
            "fare_product_id": "bus_single_8000",
            "rider_category_id": "pho_thong",
            "fare_media_id": "hanoi_metro_app",
        }
    ]
    order = (
        await client.post(
            "/v1/orders", json={"items": items}, headers={**bearer(rider["access"]), "Idempotency-Key": "t-1"}
        )
    ).json()
    await client.post(order["payment"]["sandbox_confirm_url"], headers=bearer(rider["access"]))
    ticket_id = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"][0][
        "ticket_id"
    ]
    start = runtime.clock.now()
    journeys = [
        Journey(
            journey_id=new_ulid(start + timedelta(minutes=m)),
            ticket_id=ticket_id,
            mode="bus",
            operator_id="HN_BUS",
            vehicle_id="29B-1",
            route_id="BUS_18",
            in_tap_id=f"in-{m}",
            out_tap_id=None,
            from_stop_id="B_DH_KTQD",
            to_stop_id=None,
            started_at=start + timedelta(minutes=m),
            ended_at=None,
            complete=False,
        )
        for m in (0, 20)
    ]
    async with runtime.unit_of_work() as uow:  # what tap processing writes (ticketing.service.taps)
        uow.session.add_all(journeys)
    listed = await client.get("/v1/trips", params={"limit": 1}, headers=bearer(rider["access"]))
    assert listed.status_code == 200, listed.text
    newest = listed.json()["items"][0]
    assert (newest["trip_id"], newest["charged_minor"]) == (journeys[1].journey_id, 0)
    assert newest["complete"] is False
    older = await client.get(
        "/v1/trips", params={"limit": 1, "cursor": listed.json()["next"]}, headers=bearer(rider["access"])
    )
    assert older.json()["items"][0]["charged_minor"] == 8000
    assert older.json()["next"] is None
    detail = await client.get(f"/v1/trips/{journeys[0].journey_id}", headers=bearer(rider["access"]))
    assert detail.json()["explanation"][0].startswith("Thanh toán bằng vé lượt: Vé lượt xe buýt (")
    assert "bus_single_8000" not in " ".join(detail.json()["explanation_en"])  # names, not ids
    other = await register(client)
    assert (
        await client.get(f"/v1/trips/{journeys[0].journey_id}", headers=bearer(other["access"]))
    ).status_code == 404
    assert (await client.get("/v1/trips", headers=bearer(other["access"]))).json()["items"] == []
