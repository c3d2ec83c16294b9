"""Ops API for CCCD free riders: registration (reviewer or admin), problem codes, the subsidy report."""

from __future__ import annotations

import httpx

from tests.factories import bearer, make_staff, staff_token
from ticketing.http.deps import STAFF_ROLES
from ticketing.runtime import Runtime

NUMBER = "001234567890"
DAYS = {"first_day": "2026-07-01", "last_day": "2026-07-02"}


async def _headers(runtime: Runtime, role: str, name: str) -> dict[str, str]:
    staff = await make_staff(runtime, name, role=role)
    return bearer(staff_token(runtime, staff))


async def test_admin_registers_idempotently_and_never_sees_the_number(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    runtime.cccd_secret = b"api-test-secret"
    admin = await _headers(runtime, "admin", "quan-tri")
    body = {"number": NUMBER, "category": "nguoi_cao_tuoi"}
    created = await client.post("/v1/ops/cccd", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["category"] == "nguoi_cao_tuoi"
    assert created.json()["created"] is True
    assert NUMBER not in created.text
    again = await client.post("/v1/ops/cccd", json=body, headers=admin)
    assert (again.status_code, again.json()["card_ref"]) == (200, created.json()["card_ref"])


async def test_bad_input_is_a_problem_with_a_stable_code(client: httpx.AsyncClient, runtime: Runtime) -> None:
    runtime.cccd_secret = b"api-test-secret"
    admin = await _headers(runtime, "admin", "quan-tri")
    short = await client.post(
        "/v1/ops/cccd", json={"number": "00123456789x", "category": "ho_ngheo"}, headers=admin
    )
    assert (short.status_code, short.json()["code"]) == (422, "cccd_number_invalid")
    paying = await client.post(
        "/v1/ops/cccd", json={"number": NUMBER, "category": "pho_thong"}, headers=admin
    )
    assert (paying.status_code, paying.json()["code"]) == (422, "cccd_category_not_free")
    runtime.cccd_secret = None
    off = await client.post("/v1/ops/cccd", json={"number": NUMBER, "category": "ho_ngheo"}, headers=admin)
    assert (off.status_code, off.json()["code"]) == (503, "cccd_not_configured")


async def test_roles(client: httpx.AsyncClient, runtime: Runtime) -> None:
    runtime.cccd_secret = b"api-test-secret"
    auditor = await _headers(runtime, "auditor", "kiem-toan")
    body = {"number": NUMBER, "category": "ho_ngheo"}
    assert (await client.post("/v1/ops/cccd", json=body, headers=auditor)).status_code == 403
    assert (await client.post("/v1/ops/cccd", json=body)).status_code == 401
    if "reviewer" in STAFF_ROLES:
        reviewer = await _headers(runtime, "reviewer", "tham-dinh")
        assert (await client.post("/v1/ops/cccd", json=body, headers=reviewer)).status_code == 201
    report = await client.get(
        "/v1/ops/cccd/free-rides", params=DAYS, headers=auditor
    )
    assert report.status_code == 200
    assert report.json() == {"items": [], "next": None}
    csv = await client.get(
        "/v1/ops/cccd/free-rides.csv", params=DAYS, headers=auditor
    )
    assert (csv.status_code, csv.text) == (200, "service_day,operator_id,rider_category_id,free_rides\n")


async def test_list_pages_by_card_ref(client: httpx.AsyncClient, runtime: Runtime) -> None:
    runtime.cccd_secret = b"api-test-secret"
    admin = await _headers(runtime, "admin", "quan-tri")
    for n in range(3):
        body = {"number": f"00123456789{n}", "category": "nguoi_cao_tuoi"}
        assert (await client.post("/v1/ops/cccd", json=body, headers=admin)).status_code == 201
    auditor = await _headers(runtime, "auditor", "kiem-toan")
    first = (await client.get("/v1/ops/cccd", params={"limit": 2}, headers=auditor)).json()
    assert len(first["items"]) == 2
    page_two = {"limit": 2, "cursor": first["next"]}
    rest = (await client.get("/v1/ops/cccd", params=page_two, headers=auditor)).json()
    assert (len(rest["items"]), rest["next"]) == (1, None)
    refs = [i["card_ref"] for i in first["items"] + rest["items"]]
    assert refs == sorted(refs)
    assert len(set(refs)) == 3
    assert "0012345678" not in str(first) + str(rest)
    bad = await client.get("/v1/ops/cccd", params={"cursor": "zz"}, headers=auditor)
    assert (bad.status_code, bad.json()["code"]) == (422, "cursor_invalid")
