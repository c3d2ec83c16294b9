from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.api.rider.helpers import bearer, register
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime

pytestmark = pytest.mark.usefixtures("shop")

SINGLE = {
    "fare_product_id": "bus_single_8000",
    "rider_category_id": "pho_thong",
    "fare_media_id": "hanoi_metro_app",
    "quantity": 1,
}
DAY = {
    "fare_product_id": "m2a_day",
    "rider_category_id": "pho_thong",
    "fare_media_id": "hanoi_metro_app",
    "quantity": 1,
}


async def buy(
    client: httpx.AsyncClient, token: str, items: list[dict[str, object]], key: str
) -> httpx.Response:
    return await client.post(
        "/v1/orders", json={"items": items}, headers={**bearer(token), "Idempotency-Key": key}
    )


async def test_sandbox_purchase_issues_tickets_once(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    created = await buy(client, rider["access"], [SINGLE, DAY], "k-1")
    assert created.status_code == 201, created.text
    order = created.json()
    assert order["status"] == "pending_payment"
    assert order["total_minor"] == 48000
    assert order["payment"]["provider"] == "sandbox"
    assert order["ticket_ids"] == []
    retried = await buy(client, rider["access"], [SINGLE, DAY], "k-1")
    assert retried.status_code == 201
    assert retried.json()["order_id"] == order["order_id"]
    clash = await buy(client, rider["access"], [SINGLE], "k-1")
    assert clash.status_code == 409
    assert clash.json()["code"] == "idempotency_key_reused"

    url = f"/v1/orders/{order['order_id']}/sandbox-confirm"
    paid = await client.post(url, headers=bearer(rider["access"]))
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    assert len(paid.json()["ticket_ids"]) == 2
    again = await client.post(url, headers=bearer(rider["access"]))
    assert again.json()["ticket_ids"] == paid.json()["ticket_ids"]

    listed = await client.get("/v1/tickets", headers=bearer(rider["access"]))
    items = listed.json()["items"]
    assert {t["fare_product_id"] for t in items} == {"bus_single_8000", "m2a_day"}
    assert {t["kind"] for t in items} == {"single", "pass"}
    ticket = items[0]
    assert ticket["code"]
    svg = await client.get(ticket["qr_svg_url"], headers=bearer(rider["access"]))
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    png = await client.get(ticket["qr_png_url"], headers=bearer(rider["access"]))
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    passes = await client.get("/v1/tickets", params={"kind": "pass"}, headers=bearer(rider["access"]))
    assert [t["fare_product_id"] for t in passes.json()["items"]] == ["m2a_day"]
    page = await client.get("/v1/tickets", params={"limit": 1}, headers=bearer(rider["access"]))
    second = await client.get(
        "/v1/tickets", params={"limit": 1, "cursor": page.json()["next"]}, headers=bearer(rider["access"])
    )
    assert second.json()["next"] is None
    assert {page.json()["items"][0]["ticket_id"], second.json()["items"][0]["ticket_id"]} == {
        t["ticket_id"] for t in items
    }


async def test_other_riders_get_404_for_everything(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    thief = await register(client)
    order = (await buy(client, owner["access"], [SINGLE], "own-1")).json()
    await client.post(f"/v1/orders/{order['order_id']}/sandbox-confirm", headers=bearer(owner["access"]))
    ticket_id = (await client.get("/v1/tickets", headers=bearer(owner["access"]))).json()["items"][0][
        "ticket_id"
    ]
    for path in (
        f"/v1/orders/{order['order_id']}",
        f"/v1/tickets/{ticket_id}",
        f"/v1/tickets/{ticket_id}/qr.svg",
        f"/v1/tickets/{ticket_id}/qr.png",
    ):
        r = await client.get(path, headers=bearer(thief["access"]))
        assert r.status_code == 404, path
    confirm = await client.post(
        f"/v1/orders/{order['order_id']}/sandbox-confirm", headers=bearer(thief["access"])
    )
    assert confirm.status_code == 404
    refund = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(thief["access"]))
    assert refund.status_code == 404
    assert (await client.get("/v1/tickets", headers=bearer(thief["access"]))).json()["items"] == []
    # The same key under another rider is another request, not a clash.
    theirs = await buy(client, thief["access"], [SINGLE, SINGLE], "own-1")
    assert theirs.status_code == 201


async def test_concession_products_need_approval(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    item = {**SINGLE, "rider_category_id": "uu_tien"}
    refused = await buy(client, rider["access"], [item], "c-1")
    assert refused.status_code == 403
    assert refused.json()["code"] == "concession_required"
    unknown = await buy(client, rider["access"], [{**SINGLE, "fare_product_id": "khong_co"}], "c-2")
    assert unknown.status_code == 404


async def test_free_order_is_fulfilled_without_payment(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rider = await register(client)
    free = {**SINGLE, "fare_product_id": "free_promo"}
    created = await buy(client, rider["access"], [free], "free-1")
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "paid"
    assert created.json()["payment"]["status"] == "not_required"
    assert len(created.json()["ticket_ids"]) == 1


async def test_refund_unused_ticket_once(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    order = (await buy(client, rider["access"], [SINGLE], "r-1")).json()
    await client.post(f"/v1/orders/{order['order_id']}/sandbox-confirm", headers=bearer(rider["access"]))
    ticket_id = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"][0][
        "ticket_id"
    ]
    first = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert first.status_code == 201, first.text
    assert first.json()["amount_minor"] == 8000
    second = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert second.status_code == 200
    assert second.json()["refund_id"] == first.json()["refund_id"]
    ticket = await client.get(f"/v1/tickets/{ticket_id}", headers=bearer(rider["access"]))
    assert ticket.json()["status"] == "refunded"
    listed = await client.get("/v1/refunds", headers=bearer(rider["access"]))
    assert [r["ticket_id"] for r in listed.json()["items"]] == [ticket_id]


async def test_missing_idempotency_key_is_422(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    r = await client.post("/v1/orders", json={"items": [SINGLE]}, headers=bearer(rider["access"]))
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency_key_required"


async def test_quote_with_my_passes_covers_the_leg(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    order = (await buy(client, rider["access"], [DAY], "q-1")).json()
    await client.post(order["payment"]["sandbox_confirm_url"], headers=bearer(rider["access"]))
    day = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"][0]
    start = day["valid_from"]
    journey = {
        "rider_category_id": "pho_thong",
        "fare_media_id": "hanoi_metro_app",
        "legs": [
            {
                "route_id": "METRO_2A",
                "from_stop_id": "M2A_01",
                "to_stop_id": "M2A_05",
                "departure": start,
                "arrival": start,
            }
        ],
    }
    plain = (await client.post("/v1/quotes", json=journey)).json()
    assert plain["total_minor"] > 0
    anonymous = await client.post("/v1/quotes", params={"use_my_passes": "true"}, json=journey)
    assert anonymous.status_code == 401
    covered = await client.post(
        "/v1/quotes", params={"use_my_passes": "true"}, json=journey, headers=bearer(rider["access"])
    )
    assert covered.status_code == 200, covered.text
    assert covered.json()["total_minor"] == 0
    assert covered.json()["legs"][0]["covered_by"] == "m2a_day"


def phone_jwk() -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.utils import base64url_encode

    numbers = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": base64url_encode(numbers.x.to_bytes(32, "big")).decode(),
        "y": base64url_encode(numbers.y.to_bytes(32, "big")).decode(),
    }


async def test_device_bound_tickets_use_the_riders_own_phone_key(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    other = await register(client)
    key = await client.post(
        "/v1/device-keys", json={"public_jwk": phone_jwk()}, headers=bearer(rider["access"])
    )
    assert key.status_code == 201, key.text
    key_id = key.json()["device_key_id"]
    borrowed = await buy(client, other["access"], [{**SINGLE, "device_key_id": key_id}], "d-0")
    assert borrowed.status_code == 404
    order = (await buy(client, rider["access"], [{**SINGLE, "device_key_id": key_id}], "d-1")).json()
    assert order["items"][0]["device_key_id"] == key_id
    await client.post(order["payment"]["sandbox_confirm_url"], headers=bearer(rider["access"]))
    ticket = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"][0]
    assert ticket["device_bound"] is True
    assert (
        await client.delete(f"/v1/device-keys/{key_id}", headers=bearer(other["access"]))
    ).status_code == 404
    assert (
        await client.delete(f"/v1/device-keys/{key_id}", headers=bearer(rider["access"]))
    ).status_code == 204
    revoked = await buy(client, rider["access"], [{**SINGLE, "device_key_id": key_id}], "d-2")
    assert revoked.status_code == 400


async def test_order_history_is_paged_newest_first_and_only_the_riders_own(
    client: httpx.AsyncClient, clock: FixedClock
) -> None:
    rider = await register(client)
    other = await register(client)
    made = []
    for n in range(3):
        clock.advance(timedelta(seconds=1))  # order ids are ULIDs: time-ordered across milliseconds
        made.append((await buy(client, rider["access"], [SINGLE], f"h-{n}")).json()["order_id"])
    await buy(client, other["access"], [DAY], "h-other")
    await client.post(f"/v1/orders/{made[0]}/sandbox-confirm", headers=bearer(rider["access"]))

    first = await client.get("/v1/orders", params={"limit": 2}, headers=bearer(rider["access"]))
    assert first.status_code == 200, first.text
    assert [o["order_id"] for o in first.json()["items"]] == [made[2], made[1]]
    rest = await client.get(
        "/v1/orders", params={"limit": 2, "cursor": first.json()["next"]}, headers=bearer(rider["access"])
    )
    assert [o["order_id"] for o in rest.json()["items"]] == [made[0]]
    assert rest.json()["next"] is None
    oldest = rest.json()["items"][0]
    assert oldest["status"] == "paid"
    assert len(oldest["ticket_ids"]) == 1
    assert oldest["items"][0]["fare_product_names"]["vi"]
    assert oldest["items"][0]["fare_product_names"]["en"]

    paid = await client.get("/v1/orders", params={"status": "paid"}, headers=bearer(rider["access"]))
    assert [o["order_id"] for o in paid.json()["items"]] == [made[0]]
    theirs = await client.get("/v1/orders", headers=bearer(other["access"]))
    assert len(theirs.json()["items"]) == 1
    assert (await client.get("/v1/orders")).status_code == 401
    bad = await client.get("/v1/orders", params={"cursor": "x"}, headers=bearer(rider["access"]))
    assert bad.status_code == 422
