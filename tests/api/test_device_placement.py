"""Provisioning places a reader on the network in force: unknown operator, stop or route is 422."""

from __future__ import annotations

import httpx
import pytest

from tests.api.rider.helpers import publish_hanoi_feed
from tests.factories import bearer, make_staff, staff_token
from ticketing.runtime import Runtime


@pytest.fixture
async def admin(runtime: Runtime) -> dict[str, str]:
    await publish_hanoi_feed(runtime)
    return bearer(staff_token(runtime, await make_staff(runtime, "root", "admin")))


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ({"operator_id": "NOPE", "stop_id": "M2A_01"}, "operator_unknown"),
        ({"operator_id": "HANOI_METRO", "stop_id": "NOPE_STOP"}, "stop_unknown"),
        ({"operator_id": "HN_BUS", "vehicle_id": "29B-001", "route_id": "NOPE_ROUTE"}, "route_unknown"),
        ({"operator_id": "HN_BUS", "vehicle_id": "29B-001", "route_id": "METRO_2A"}, "route_unknown"),
    ],
)
async def test_unknown_places_are_refused(
    client: httpx.AsyncClient, admin: dict[str, str], where: dict[str, str], code: str
) -> None:
    response = await client.post("/v1/ops/devices", json={"device_id": "r-1", **where}, headers=admin)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    listed = await client.get("/v1/ops/devices", headers=admin)
    assert listed.json()["items"] == []  # nothing half-registered


async def test_a_known_place_is_provisioned(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    body = {"device_id": "r-2", "operator_id": "HN_BUS", "vehicle_id": "29B-001", "route_id": "BUS_18"}
    response = await client.post("/v1/ops/devices", json=body, headers=admin)
    assert response.status_code == 201, response.text
