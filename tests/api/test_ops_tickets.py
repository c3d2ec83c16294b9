"""Operator ticket endpoints and the public JWKS: counter sales, look-up, revocation, QR, deny-list."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from sqlalchemy.pool import NullPool

from tests.factories import bearer, make_staff, staff_token
from tests.integration.test_tickets_fixtures import encrypted_ring, hanoi_in_force
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.runtime import Runtime
from ticketing.service.staff import create_staff
from ticketing.tickets import IssuerKeySet, new_ticket_id, verify_presentation
from vexe import migrate
from vexe.app import create_app
from vexe.container import build_runtime
from vexe.settings import Settings


@pytest.fixture
async def staff(runtime: Runtime) -> dict[str, dict[str, str]]:
    runtime.issuer_keys = encrypted_ring(auto_create=True)
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


async def _seed_catalogue_and_admin(settings: Settings) -> str:
    runtime = build_runtime(settings)
    try:
        async with runtime.unit_of_work() as uow:
            await hanoi_in_force(uow.session, runtime.clock)  # type: ignore[arg-type]
            admin = await create_staff(
                uow.session, runtime.clock, username="fuzz-admin", password="fuzz-password-1", role="admin"
            )
        return runtime.access_tokens.issue(admin.staff_id, "staff", role="admin", op=None, usr="fuzz-admin")
    finally:
        await runtime.aclose()


@pytest.mark.slow
def test_ticket_endpoints_conform_to_their_openapi(tmp_path: Path) -> None:
    """Schemathesis over /v1/ops/tickets and /v1/keys: no 5xx, statuses and bodies as documented."""
    settings_ = Settings(data_dir=tmp_path)
    migrate.upgrade(settings_.resolved_database_url)
    token = asyncio.run(_seed_catalogue_and_admin(settings_))
    runtime = build_runtime(settings_)
    runtime.engine = make_engine(settings_.resolved_database_url, poolclass=NullPool)
    runtime.sessions = make_sessionmaker(runtime.engine)
    app = create_app(settings_, runtime=runtime)
    calls: list[int] = []
    failures: list[str] = []
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [
            r.ok()
            for r in schema.get_all_operations()
            if r.ok().path.startswith(("/v1/ops/tickets", "/v1/keys"))
        ]
        assert len(operations) == 6
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=15,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                calls.append(response.status_code)
                case.validate_response(
                    response,
                    checks=[
                        checks.not_a_server_error,
                        checks.status_code_conformance,
                        checks.content_type_conformance,
                        checks.response_schema_conformance,
                    ],
                )

            try:
                run()
            except Exception as exc:
                failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    finally:
        asyncio.run(runtime.aclose())
    assert not failures, "\n\n".join(failures)
    assert sum(1 for status in calls if 200 <= status < 300) >= 10
