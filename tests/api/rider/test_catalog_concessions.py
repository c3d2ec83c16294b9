from __future__ import annotations

import httpx
import pytest

from tests.api.rider.helpers import bearer, register
from tests.factories import make_staff, staff_token
from ticketing.runtime import Runtime

pytestmark = pytest.mark.usefixtures("hanoi_feed")


async def test_products_in_both_languages_with_paging(client: httpx.AsyncClient) -> None:
    first = await client.get("/v1/products", params={"fare_media_id": "hanoi_metro_app", "limit": 5})
    assert first.status_code == 200, first.text
    body = first.json()
    assert len(body["items"]) == 5
    assert body["next"] is not None
    everything = []
    cursor = None
    while True:
        params = {"fare_media_id": "hanoi_metro_app", "limit": 7} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/products", params=params, headers={"Accept-Language": "en"})).json()
        everything.extend(page["items"])
        cursor = page["next"]
        if cursor is None:
            break
    by_id = {p["fare_product_id"]: p for p in everything}
    assert len(by_id) == len(everything)
    day = by_id["m2a_day"]
    assert day["amount_minor"] == 40000
    assert day["name"] == "Day pass (HANOI_METRO)"
    assert day["names"]["vi"] == "Vé ngày tuyến 2A"
    assert day["kind"] == "pass"
    assert by_id["m2a_single_h11"]["amount_display"].startswith("18")
    assert by_id["bus_single_8000"]["kind"] == "single"


async def test_unknown_category_or_media_is_422(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/products", params={"rider_category_id": "khong_co"})
    assert r.status_code == 422
    assert r.json()["code"] == "rider_category_unknown"
    r = await client.get("/v1/products", params={"cursor": "abc"})
    assert r.json()["code"] == "cursor_invalid"


async def test_concession_request_then_operator_approval(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rider = await register(client)
    before = await client.get(
        "/v1/products",
        params={"rider_category_id": "uu_tien", "fare_media_id": "hanoi_metro_app"},
        headers=bearer(rider["access"]),
    )
    assert all(not p["purchasable"] for p in before.json()["items"])
    needless = await client.post(
        "/v1/concessions",
        headers=bearer(rider["access"]),
        json={"rider_category_id": "pho_thong", "proof_reference": "-"},
    )
    assert needless.status_code == 400
    asked = await client.post(
        "/v1/concessions",
        headers=bearer(rider["access"]),
        json={"rider_category_id": "uu_tien", "proof_reference": "the SV 2025-0042"},
    )
    assert asked.status_code == 201, asked.text
    concession_id = asked.json()["concession_id"]
    again = await client.post(
        "/v1/concessions",
        headers=bearer(rider["access"]),
        json={"rider_category_id": "uu_tien", "proof_reference": "the SV 2025-0042"},
    )
    assert again.status_code == 409

    auditor = await make_staff(runtime, "kiem-toan", role="auditor")
    operator = await make_staff(runtime, "op-metro", role="operator", operator_id="HANOI_METRO")
    pending = await client.get(
        "/v1/ops/concessions", params={"status": "pending"}, headers=bearer(staff_token(runtime, auditor))
    )
    assert [c["concession_id"] for c in pending.json()["items"]] == [concession_id]
    denied = await client.post(
        f"/v1/ops/concessions/{concession_id}/decision",
        json={"decision": "approve"},
        headers=bearer(staff_token(runtime, auditor)),
    )
    assert denied.status_code == 403
    as_rider = await client.post(
        f"/v1/ops/concessions/{concession_id}/decision",
        json={"decision": "approve"},
        headers=bearer(rider["access"]),
    )
    assert as_rider.status_code == 401
    approved = await client.post(
        f"/v1/ops/concessions/{concession_id}/decision",
        json={"decision": "approve", "note": "đã kiểm tra thẻ"},
        headers=bearer(staff_token(runtime, operator)),
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    flip = await client.post(
        f"/v1/ops/concessions/{concession_id}/decision",
        json={"decision": "reject"},
        headers=bearer(staff_token(runtime, operator)),
    )
    assert flip.status_code == 409
    after = await client.get(
        "/v1/products",
        params={"rider_category_id": "uu_tien", "fare_media_id": "hanoi_metro_app"},
        headers=bearer(rider["access"]),
    )
    assert after.json()["items"]
    assert all(p["purchasable"] for p in after.json()["items"])
    mine = await client.get("/v1/concessions", headers=bearer(rider["access"]))
    assert mine.json()["items"][0]["status"] == "approved"


async def test_quote_follows_the_journey_contract(client: httpx.AsyncClient) -> None:
    journey = {
        "rider_category_id": "pho_thong",
        "fare_media_id": "hanoi_metro_app",
        "legs": [
            {
                "route_id": "BUS_18",
                "from_stop_id": "B_DH_KTQD",
                "to_stop_id": "B_LONG_BIEN",
                "departure": "2025-10-14T08:00:00+07:00",
                "arrival": "2025-10-14T08:30:00+07:00",
            }
        ],
    }
    r = await client.post("/v1/quotes", json=journey)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["complete"] is True
    assert body["total_minor"] == 8000
    assert body["legs"][0]["fare_product_id"] == "bus_single_8000"
    naive = {**journey, "legs": [{**journey["legs"][0], "departure": "2025-10-14T08:00:00"}]}
    bad = await client.post("/v1/quotes", json=naive)
    assert bad.status_code == 422
    assert bad.json()["code"] == "journey_invalid"
