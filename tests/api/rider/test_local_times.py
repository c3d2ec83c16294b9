"""Riders read every time in Asia/Ho_Chi_Minh: the API returns +07:00 offsets, not UTC."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from tests.api.rider.helpers import bearer, publish_hanoi_feed, register, wire_purchase_ports
from ticketing.runtime import Runtime


async def test_orders_and_tickets_carry_hanoi_offsets(client: httpx.AsyncClient, runtime: Runtime) -> None:
    await publish_hanoi_feed(runtime)
    wire_purchase_ports(runtime)
    rider = await register(client)
    item = {"fare_product_id": "bus_single_8000", "rider_category_id": "pho_thong",
            "fare_media_id": "hanoi_metro_app", "quantity": 1}
    order = await client.post("/v1/orders", json={"items": [item]},
                              headers={**bearer(rider["access"]), "Idempotency-Key": "local-times-1"})
    assert order.status_code in (200, 201), order.text
    confirmed = await client.post(f"/v1/orders/{order.json()['order_id']}/sandbox-confirm",
                                  headers=bearer(rider["access"]))
    assert confirmed.json()["created_at"].endswith("+07:00")
    assert confirmed.json()["paid_at"].endswith("+07:00")
    tickets = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"]
    assert tickets
    for field in ("valid_from", "valid_until", "issued_at"):
        stamp = datetime.fromisoformat(tickets[0][field])
        assert stamp.utcoffset() == timedelta(hours=7), (field, tickets[0][field])
