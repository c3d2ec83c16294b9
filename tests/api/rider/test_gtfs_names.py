"""The rider API speaks GTFS names; the older `rider_category` / `fare_media` still work for one
release, in requests only, and are marked deprecated in the OpenAPI document."""

from __future__ import annotations

import httpx
import pytest

from tests.api.rider.helpers import bearer, register

pytestmark = pytest.mark.usefixtures("shop")

NEW = {
    "fare_product_id": "bus_single_8000", "rider_category_id": "pho_thong", "fare_media_id": "hanoi_metro_app"
}
OLD = {"fare_product_id": "bus_single_8000", "rider_category": "pho_thong", "fare_media": "hanoi_metro_app"}


async def test_an_order_in_old_names_is_the_same_order_as_in_new_names(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    headers = {**bearer(rider["access"]), "Idempotency-Key": "names-1"}
    old = await client.post("/v1/orders", json={"items": [OLD]}, headers=headers)
    assert old.status_code == 201, old.text
    line = old.json()["items"][0]
    assert (line["rider_category_id"], line["fare_media_id"]) == ("pho_thong", "hanoi_metro_app")
    assert "rider_category" not in line
    assert "fare_media" not in line
    new = await client.post("/v1/orders", json={"items": [NEW]}, headers=headers)
    assert new.status_code == 201
    assert new.headers.get("Idempotent-Replayed") == "true"
    assert new.json()["order_id"] == old.json()["order_id"]


async def test_old_and_new_names_together_must_agree_or_one_is_refused(client: httpx.AsyncClient) -> None:
    rider = await register(client)
    both = {**NEW, "rider_category": "pho_thong"}
    answer = await client.post(
        "/v1/orders", json={"items": [both]}, headers={**bearer(rider["access"]), "Idempotency-Key": "n-2"}
    )
    # One name per thing: sending both is a mistake the client should hear about.
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_failed"


async def test_catalogue_filters_by_either_name(client: httpx.AsyncClient) -> None:
    new = await client.get("/v1/products", params={"rider_category_id": "uu_tien", "fare_media_id": "cccd"})
    old = await client.get("/v1/products", params={"rider_category": "uu_tien", "fare_media": "cccd"})
    assert new.status_code == old.status_code == 200
    assert new.json() == old.json()
    assert {p["rider_category_id"] for p in new.json()["items"]} == {"uu_tien"}
    assert {p["fare_media_id"] for p in new.json()["items"]} == {"cccd"}


async def test_quote_takes_either_name_and_answers_in_gtfs_names(client: httpx.AsyncClient) -> None:
    leg = {
        "route_id": "BUS_18", "from_stop_id": "B_DH_KTQD", "to_stop_id": "B_LONG_BIEN",
        "departure": "2025-10-14T08:00:00+07:00", "arrival": "2025-10-14T08:30:00+07:00",
    }
    new = await client.post("/v1/quotes", json={"rider_category_id": "uu_tien", "legs": [leg]})
    old = await client.post("/v1/quotes", json={"rider_category": "uu_tien", "legs": [leg]})
    assert new.status_code == old.status_code == 200, new.text
    assert new.json() == old.json()
    assert new.json()["rider_category_id"] == "uu_tien"
    assert "rider_category" not in new.json()


async def test_openapi_marks_the_old_names_deprecated(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    item = spec["components"]["schemas"]["OrderItemIn"]["properties"]
    assert item["rider_category_id"].get("deprecated") is None
    assert item["rider_category"]["deprecated"] is True
    assert item["fare_media"]["deprecated"] is True
    params = {p["name"]: p for p in spec["paths"]["/v1/products"]["get"]["parameters"]}
    assert params["rider_category"]["deprecated"] is True
    assert not params["rider_category_id"].get("deprecated")
