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
    assert day["name"] == "Metro 2A day pass 40,000 ₫"
    assert day["names"] == {"vi": "Vé ngày đường sắt đô thị tuyến 2A 40.000 ₫", "en": day["name"]}
    assert day["kind"] == "pass"
    assert by_id["m2a_single_h11"]["amount_display"].startswith("18")
    assert by_id["bus_single_8000"]["kind"] == "single"


async def test_catalogue_lists_app_media_by_network_then_price_with_clear_names(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/v1/products", params={"limit": 100}, headers={"Accept-Language": "en"})).json()
    items = page["items"]
    # Only what a rider can use from the app: no cash, no counter paper tickets, no duplicates.
    assert {p["fare_media_id"] for p in items} == {"hanoi_metro_app", "tramoc_app"}
    assert len({p["fare_product_id"] for p in items}) == len(items)
    # Names say what each product is, in both languages, never an id.
    names = [p["names"] for p in items]
    assert len({n["en"] for n in names}) == len(names)
    assert len({n["vi"] for n in names}) == len(names)
    for product in items:
        assert product["fare_product_id"] not in product["names"]["en"]
        assert "none" not in product["names"]["en"].lower()
    by_id = {p["fare_product_id"]: p for p in items}
    assert by_id["bus_single_8000"]["names"] == {"vi": "Vé lượt xe buýt 8.000 ₫", "en": "Bus single 8,000 ₫"}
    assert by_id["m2a_single_h03"]["names"]["en"] == "Metro 2A single, fare band 3: 10,601 ₫"
    # Network, then price, cheapest first: numerically, so 8.000 ₫ comes before 10.000 ₫.
    ids = [p["fare_product_id"] for p in items]
    assert ids.index("bus_single_8000") < ids.index("bus_single_10000")
    metro_2a = [p["amount_minor"] for p in items if p["fare_product_id"].startswith("m2a_")]
    assert metro_2a == sorted(metro_2a)
    assert ids.index("m2a_month") < ids.index("m3_single_h01")
    # Asking for a counter medium still lists it.
    cash = await client.get("/v1/products", params={"fare_media_id": "cash_metro", "limit": 100})
    assert {p["fare_media_id"] for p in cash.json()["items"]} == {"cash_metro"}


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
    reviewer = await make_staff(runtime, "tham-dinh", role="reviewer")
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
        headers=bearer(staff_token(runtime, reviewer)),
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    flip = await client.post(
        f"/v1/ops/concessions/{concession_id}/decision",
        json={"decision": "reject"},
        headers=bearer(staff_token(runtime, reviewer)),
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
