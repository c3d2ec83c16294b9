"""POST /v1/tickets/{id}/activate: a from_activation pass gets a fixed window and a new code."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from tests.api.rider.helpers import bearer, register
from ticketing.db.models.tickets import TicketEvent, TicketQrImage
from ticketing.runtime import Runtime
from ticketing.service.tickets import denylist_since, published_key_set
from ticketing.service.tickets.activation import stored_claims
from ticketing.tickets.codec import open_ticket
from ticketing.tickets.validity import active_until

pytestmark = pytest.mark.usefixtures("shop")

WEEK = {
    "fare_product_id": "m2a_week",
    "rider_category": "pho_thong",
    "fare_media": "hanoi_metro_app",
    "quantity": 1,
}
SINGLE = {**WEEK, "fare_product_id": "bus_single_8000"}


async def bought(client: httpx.AsyncClient, token: str, item: dict[str, object], key: str) -> str:
    order = await client.post(
        "/v1/orders", json={"items": [item]}, headers={**bearer(token), "Idempotency-Key": key}
    )
    assert order.status_code == 201, order.text
    paid = await client.post(order.json()["payment"]["sandbox_confirm_url"], headers=bearer(token))
    ticket_ids: list[str] = paid.json()["ticket_ids"]
    return ticket_ids[0]


async def login(client: httpx.AsyncClient, rider: dict[str, str]) -> dict[str, str]:
    """A fresh access token after the test clock moved past the old one's lifetime."""
    response = await client.post(
        "/v1/auth/login", json={"email": rider["email"], "password": rider["password"]}
    )
    assert response.status_code == 200, response.text
    return bearer(response.json()["access_token"])


async def test_activation_resigns_the_pass_with_a_fixed_window(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    auth = bearer(rider["access"])
    ticket_id = await bought(client, rider["access"], WEEK, "a-1")
    before = (await client.get(f"/v1/tickets/{ticket_id}", headers=auth)).json()
    assert before["status"] == "issued"
    assert stored_claims(before["code"]).activation_days == 7
    old_svg = (await client.get(before["qr_svg_url"], headers=auth)).content

    runtime.clock.advance(timedelta(days=3, seconds=30))  # type: ignore[attr-defined]
    now = runtime.clock.now()
    auth = await login(client, rider)
    activated = await client.post(f"/v1/tickets/{ticket_id}/activate", headers=auth)
    assert activated.status_code == 200, activated.text
    body = activated.json()
    assert body["ticket_id"] == ticket_id
    assert body["status"] == "active"
    assert body["code"] != before["code"]
    start, end = datetime.fromisoformat(body["valid_from"]), datetime.fromisoformat(body["valid_until"])
    assert start <= now < start + timedelta(minutes=1)
    assert now + timedelta(days=7) <= end < start + timedelta(days=7, minutes=2)  # whole minutes, outwards

    async with runtime.unit_of_work() as uow:
        keys = await published_key_set(uow.session, now)
        events = list(
            await uow.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id))
        )
        cached = list(
            await uow.session.scalars(select(TicketQrImage).where(TicketQrImage.ticket_id == ticket_id))
        )
    claims = open_ticket(body["code"], keys, now).claims
    assert claims.activation_days is None  # readers check the signed window only
    assert (claims.valid_from, claims.valid_until) == (start, end)
    assert active_until(claims, now + timedelta(days=2)) == end
    assert claims.ticket_id == ticket_id
    assert claims.fare_product_id == "m2a_week"
    assert cached == []  # the old code's images are gone
    assert events[-1].actor == f"rider:{rider['rider_id']}"
    assert (events[-1].from_status, events[-1].to_status) == ("issued", "active")
    assert "activated" in events[-1].reason

    new_svg = (await client.get(body["qr_svg_url"], headers=auth)).content
    assert new_svg != old_svg
    again = await client.post(f"/v1/tickets/{ticket_id}/activate", headers=auth)
    assert again.status_code == 200
    assert again.json() == body

    # Refunded after activation: the deny-list entry outlives the OLD code too (a screenshot of it
    # would otherwise verify again once the entry is pruned at the end of the activated week).
    refund = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=auth)
    assert refund.status_code == 201, refund.text
    async with runtime.unit_of_work() as uow:
        added = dict((await denylist_since(uow.session, 0)).added)
    assert added[ticket_id] >= stored_claims(before["code"]).valid_until > end


async def test_activation_refusals(client: httpx.AsyncClient) -> None:
    rider, other = await register(client), await register(client)
    auth = bearer(rider["access"])
    week = await bought(client, rider["access"], WEEK, "a-2")
    single = await bought(client, rider["access"], SINGLE, "a-3")
    stolen = await client.post(f"/v1/tickets/{week}/activate", headers=bearer(other["access"]))
    assert stolen.status_code == 404
    assert stolen.json()["code"] == "ticket_not_found"
    refused = await client.post(f"/v1/tickets/{single}/activate", headers={**auth, "Accept-Language": "vi"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "ticket_not_activatable"
    assert refused.json()["title"] == "Vé này không thể kích hoạt"
    refund = await client.post("/v1/refunds", json={"ticket_id": week}, headers=auth)
    assert refund.status_code == 201, refund.text
    late = await client.post(f"/v1/tickets/{week}/activate", headers=auth)
    assert late.status_code == 400
    assert late.json()["code"] == "ticket_not_activatable"
    assert (await client.get(f"/v1/tickets/{week}", headers=auth)).json()["status"] == "refunded"


async def test_expired_activation_window_is_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rider = await register(client)
    week = await bought(client, rider["access"], WEEK, "a-4")
    runtime.clock.advance(timedelta(days=40))  # type: ignore[attr-defined]
    late = await client.post(f"/v1/tickets/{week}/activate", headers=await login(client, rider))
    assert late.status_code == 400
    assert late.json()["code"] == "ticket_not_activatable"
