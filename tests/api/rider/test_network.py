"""GET /v1/network: what the app's pickers offer (categories, the app medium, routes, stops)."""

from __future__ import annotations

import httpx


async def test_network_lists_categories_media_routes_and_stations(
    client: httpx.AsyncClient, hanoi_feed: str
) -> None:
    response = await client.get("/v1/network")
    assert response.status_code == 200, response.text
    body = response.json()
    categories = {c["rider_category_id"]: c["is_default"] for c in body["rider_categories"]}
    assert categories["pho_thong"] is True
    assert categories["uu_tien"] is False
    assert {"fare_media_id": "hanoi_metro_app", "name": "Hanoi Metro (vé QR trên ứng dụng)",
            "fare_media_type": 4} in body["fare_media"]
    routes = {r["route_id"]: r for r in body["routes"]}
    assert routes["METRO_2A"]["agency_id"] == "HANOI_METRO"
    assert routes["BUS_18"]["short_name"] == "18"
    stops = {s["stop_id"]: s for s in body["stops"]}
    assert stops["M2A_01"]["station"] is True
    assert stops["B_GIA_LAM"]["station"] is False
    assert "M2A_01_P" not in stops  # platforms are part of their station


async def test_network_without_a_feed_is_503(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/network")
    assert (response.status_code, response.json()["code"]) == (503, "fare_feed_unavailable")
