"""Operator ticket endpoints and the public JWKS: counter sales, look-up, revocation, QR, deny-list."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import bearer, make_staff, staff_token
from tests.integration.test_tickets_fixtures import encrypted_ring, hanoi_in_force
from ticketing.runtime import Runtime
from ticketing.service.tickets import ISSUER_KEYS_PORT
from ticketing.tickets import IssuerKeySet, new_ticket_id, verify_presentation


@pytest.fixture
async def staff(runtime: Runtime) -> dict[str, dict[str, str]]:
    runtime.ports[ISSUER_KEYS_PORT] = encrypted_ring(auto_create=True)
    async with runtime.unit_of_work() as uow:
        await hanoi_in_force(uow.session, runtime.clock)  # type: ignore[arg-type]
    admin = await make_staff(runtime, "quan-tri", role="admin")
    auditor = await make_staff(runtime, "kiem-toan", role="auditor")
    metro = await make_staff(runtime, "ga-metro", role="operator", operator_id="HANOI_METRO")
    return {
        "admin": bearer(staff_token(runtime, admin)),
        "auditor": bearer(staff_token(runtime, auditor)),
        "metro": bearer(staff_token(runtime, metro)),
    }


SALE = {"fare_product_id": "m2a_single_h02", "rider_category_id": "pho_thong", "fare_media_id": "cash_metro"}


async def test_counter_sale_verifies_against_the_public_jwks(
    client: httpx.AsyncClient, runtime: Runtime, staff: dict[str, dict[str, str]]
) -> None:
    ticket_id = new_ticket_id()
    sold = await client.post("/v1/ops/tickets", json=SALE | {"ticket_id": ticket_id}, headers=staff["metro"])
    assert sold.status_code == 201, sold.text
    body = sold.json()
    assert (body["ticket_id"], body["amount_minor"], body["status"]) == (ticket_id, 10000, "active")
    again = await client.post("/v1/ops/tickets", json=SALE | {"ticket_id": ticket_id}, headers=staff["metro"])
    assert again.json()["code"] == body["code"]

    jwks = await client.get("/v1/keys/jwks.json")  # no authentication
    assert jwks.status_code == 200
    keys = IssuerKeySet.from_jwks(jwks.json())
    assert verify_presentation(body["code"], keys, runtime.clock.now()).accepted

    detail = await client.get(f"/v1/ops/tickets/{ticket_id}", headers=staff["auditor"])
    assert detail.status_code == 200
    assert [h["actor"] for h in detail.json()["history"]] == ["staff:ga-metro"]
    png = await client.get(f"/v1/ops/tickets/{ticket_id}/qr.png", headers=staff["auditor"])
    assert (png.status_code, png.headers["content-type"]) == (200, "image/png")
    svg = await client.get(f"/v1/ops/tickets/{ticket_id}/qr.svg", headers=staff["admin"])
    assert svg.headers["content-type"].startswith("image/svg+xml")


async def test_revoke_and_denylist(client: httpx.AsyncClient, staff: dict[str, dict[str, str]]) -> None:
    sold = (await client.post("/v1/ops/tickets", json=SALE, headers=staff["admin"])).json()
    revoked = await client.post(
        f"/v1/ops/tickets/{sold['ticket_id']}/revoke", json={"reason": "vé giả"}, headers=staff["metro"]
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    page = await client.get("/v1/ops/tickets/denylist?limit=1", headers=staff["auditor"])
    assert page.status_code == 200
    listed = page.json()
    assert [i["ticket_id"] for i in listed["items"]] == [sold["ticket_id"]]
    assert listed["items"][0]["reason"] == "vé giả"
    assert listed["next"] == listed["items"][0]["added_version"]
    rest = await client.get(
        f"/v1/ops/tickets/denylist?after_version={listed['next']}", headers=staff["admin"]
    )
    assert rest.json()["items"] == []


async def test_roles_scope_and_errors(client: httpx.AsyncClient, staff: dict[str, dict[str, str]]) -> None:
    bus = {"fare_product_id": "bus_single_8000", "rider_category_id": "pho_thong"}
    assert (await client.post("/v1/ops/tickets", json=SALE)).status_code == 401
    assert (await client.post("/v1/ops/tickets", json=SALE, headers=staff["auditor"])).status_code == 403
    scoped = await client.post("/v1/ops/tickets", json=bus, headers=staff["metro"])
    assert (scoped.status_code, scoped.json()["code"]) == (403, "operator_scope")
    sold = (await client.post("/v1/ops/tickets", json=bus, headers=staff["admin"])).json()
    hidden = await client.get(f"/v1/ops/tickets/{sold['ticket_id']}", headers=staff["metro"])
    assert hidden.status_code == 403
    unknown = await client.post(
        "/v1/ops/tickets", json=SALE | {"fare_product_id": "nope"}, headers=staff["admin"]
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "fare_product_unknown")
    not_offered = await client.post(
        "/v1/ops/tickets", json=SALE | {"fare_media_id": "cash_bus_x"}, headers=staff["admin"]
    )
    assert (not_offered.status_code, not_offered.json()["code"]) == (400, "product_not_offered")
    extra = await client.post("/v1/ops/tickets", json=SALE | {"price": 1}, headers=staff["admin"])
    assert extra.status_code == 422
    bad_time = await client.post(
        "/v1/ops/tickets", json=SALE | {"valid_from": "tomorrow"}, headers=staff["admin"]
    )
    assert bad_time.status_code == 422
    missing = await client.get("/v1/ops/tickets/0000000000ZZ", headers=staff["admin"])
    assert (missing.status_code, missing.json()["code"]) == (404, "ticket_not_found")
    assert (await client.get("/v1/ops/tickets/not-an-id", headers=staff["admin"])).status_code == 422
    blank = await client.post(
        f"/v1/ops/tickets/{sold['ticket_id']}/revoke", json={"reason": ""}, headers=staff["admin"]
    )
    assert blank.status_code == 422
    vi = await client.post(
        "/v1/ops/tickets",
        json=SALE | {"fare_product_id": "nope"},
        headers=staff["admin"] | {"Accept-Language": "vi"},
    )
    assert vi.json()["title"] == "Sản phẩm vé không tồn tại"
