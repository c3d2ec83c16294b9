"""Who sees what (ticketing.service.scoping) through the real operator API: concessions are a
city-level review (reviewer or admin), proof references are masked for everyone else, operators
see deny-list entries of their own products only, and a reviewer sees no operator's data."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.api.rider.helpers import register
from tests.factories import bearer, make_staff, staff_token
from tests.integration.test_tickets_fixtures import encrypted_ring, hanoi_in_force
from ticketing.runtime import Runtime
from ticketing.service import scoping
from vexe import migrate
from vexe.cli import cli

CCCD = "079123456789"


@pytest.fixture
async def staff(runtime: Runtime) -> dict[str, dict[str, str]]:
    runtime.issuer_keys = encrypted_ring(auto_create=True)
    async with runtime.unit_of_work() as uow:
        await hanoi_in_force(uow.session, runtime.clock)  # type: ignore[arg-type]
    people = {
        "admin": await make_staff(runtime, "quan-tri", role="admin"),
        "auditor": await make_staff(runtime, "kiem-toan", role="auditor"),
        "reviewer": await make_staff(runtime, "tham-dinh", role="reviewer"),
        "bus": await make_staff(runtime, "xe-buyt", role="operator", operator_id="HN_BUS"),
        "metro": await make_staff(runtime, "ga-metro", role="operator", operator_id="HANOI_METRO"),
    }
    return {name: bearer(staff_token(runtime, who)) for name, who in people.items()}


async def pending_concession(client: httpx.AsyncClient) -> str:
    rider = await register(client)
    asked = await client.post(
        "/v1/concessions", headers=bearer(rider["access"]),
        json={"rider_category": "uu_tien", "proof_reference": CCCD},
    )
    assert asked.status_code == 201, asked.text
    return str(asked.json()["concession_id"])


async def test_concessions_are_reviewed_at_city_level(
    client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    concession_id = await pending_concession(client)
    decide = f"/v1/ops/concessions/{concession_id}/decision"
    for operator in ("bus", "metro"):
        listed = await client.get("/v1/ops/concessions", headers=staff[operator])
        assert listed.status_code == 403
        approve = await client.post(decide, json={"decision": "approve"}, headers=staff[operator])
        assert approve.status_code == 403
        assert approve.json()["code"] == "role_forbidden"
    audited = await client.post(decide, json={"decision": "approve"}, headers=staff["auditor"])
    assert audited.status_code == 403

    def proofs(response: httpx.Response) -> list[str]:
        assert response.status_code == 200, response.text
        return [c["proof_reference"] for c in response.json()["items"]]

    assert proofs(await client.get("/v1/ops/concessions", headers=staff["auditor"])) == ["*********789"]
    assert proofs(await client.get("/v1/ops/concessions", headers=staff["reviewer"])) == [CCCD]
    assert proofs(await client.get("/v1/ops/concessions", headers=staff["admin"])) == [CCCD]
    approved = await client.post(decide, json={"decision": "approve"}, headers=staff["reviewer"])
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["proof_reference"] == CCCD


async def sell_and_revoke(client: httpx.AsyncClient, admin: dict[str, str], product: str, media: str) -> str:
    sold = await client.post(
        "/v1/ops/tickets",
        json={"fare_product_id": product, "rider_category_id": "pho_thong", "fare_media_id": media},
        headers=admin,
    )
    assert sold.status_code == 201, sold.text
    ticket_id = str(sold.json()["ticket_id"])
    revoked = await client.post(
        f"/v1/ops/tickets/{ticket_id}/revoke", json={"reason": "mất vé"}, headers=admin
    )
    assert revoked.status_code == 200, revoked.text
    return ticket_id


async def test_operators_see_deny_list_entries_of_their_own_products(
    client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    metro_ticket = await sell_and_revoke(client, staff["admin"], "m2a_single_h02", "cash_metro")
    bus_ticket = await sell_and_revoke(client, staff["admin"], "bus_single_8000", "cash_bus")

    async def seen(who: str) -> set[str]:
        page = await client.get("/v1/ops/tickets/denylist", headers=staff[who])
        assert page.status_code == 200, page.text
        return {i["ticket_id"] for i in page.json()["items"]}

    assert await seen("metro") == {metro_ticket}
    assert await seen("bus") == {bus_ticket}
    assert await seen("auditor") == {metro_ticket, bus_ticket}
    assert await seen("admin") == {metro_ticket, bus_ticket}
    assert (await client.get("/v1/ops/tickets/denylist", headers=staff["reviewer"])).status_code == 403


async def test_a_reviewer_sees_no_operators_data(
    client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    me = await client.get("/v1/ops/me", headers=staff["reviewer"])
    assert me.status_code == 200
    assert (me.json()["role"], me.json()["operator_id"]) == ("reviewer", None)
    for path in ("/v1/ops/devices", "/v1/ops/tap-exceptions", "/v1/ops/fares/feeds"):
        assert (await client.get(path, headers=staff["reviewer"])).status_code == 403, path


def test_proof_references_are_masked_but_for_reviewers_and_admins() -> None:
    class Who:
        def __init__(self, role: str, operator_id: str | None = None) -> None:
            self.role, self.operator_id = role, operator_id

    assert scoping.proof_reference_for(Who("reviewer"), CCCD) == CCCD
    assert scoping.proof_reference_for(Who("admin"), CCCD) == CCCD
    for other in (Who("auditor"), Who("operator", "HN_BUS")):
        assert scoping.proof_reference_for(other, CCCD) == "*********789"
    assert scoping.mask_proof_reference("SV-42") == "*****"  # too short to show any of it


def test_cli_creates_a_reviewer(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    migrate.upgrade(f"sqlite+aiosqlite:///{(data_dir / 'vexe.db').as_posix()}")
    result = CliRunner().invoke(
        cli, ["staff", "create", "--username", "tham-dinh", "--role", "reviewer", "--json"],
        env={"VEXE_DATA_DIR": str(data_dir), "VEXE_STAFF_PASSWORD": "mat-khau-dai-du"},
    )
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert (created["role"], created["operator_id"]) == ("reviewer", None)
