"""Operator fare catalogue endpoints: upload, problems, activation, listing, roles."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from tests.factories import bearer, make_staff, staff_token
from tests.support.env import REPO_ROOT
from ticketing.runtime import Runtime
from ticketing.service import fare_catalog

HANOI = REPO_ROOT / "data" / "gtfs" / "hanoi"


def hanoi_zip(edit: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for f in sorted([*HANOI.glob("*.txt"), *HANOI.glob("*.geojson")]):
            archive.writestr(f.name, (edit or {}).get(f.name, f.read_bytes()))
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    fare_catalog._feed_cache.clear()


async def tokens(runtime: Runtime) -> dict[str, dict[str, str]]:
    admin = await make_staff(runtime, "quan-tri", role="admin")
    auditor = await make_staff(runtime, "kiem-toan", role="auditor")
    operator = await make_staff(runtime, "xe-buyt", role="operator", operator_id="HN_BUS")
    return {
        "admin": bearer(staff_token(runtime, admin)),
        "auditor": bearer(staff_token(runtime, auditor)),
        "operator": bearer(staff_token(runtime, operator)),
    }


async def test_upload_activate_and_list(client: httpx.AsyncClient, runtime: Runtime) -> None:
    h = await tokens(runtime)
    files = {"file": ("hanoi.zip", hanoi_zip(), "application/zip")}
    created = await client.post("/v1/ops/fares/feeds", files=files, headers=h["admin"])
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["valid"] is True
    assert body["created"] is True
    assert body["summary"]["agencies"]["HANOI_METRO"].startswith("Công ty")
    again = await client.post("/v1/ops/fares/feeds", files=files, headers=h["admin"])
    assert again.status_code == 200
    assert again.json()["version_id"] == body["version_id"]
    version = body["version_id"]
    activated = await client.post(
        f"/v1/ops/fares/feeds/{version}/activations",
        json={"effective_from": "2024-01-01T00:00:00+07:00"},
        headers=h["admin"],
    )
    assert activated.status_code == 200, activated.text
    assert activated.json()["activations"][0]["activated_by"] == "quan-tri"
    listed = await client.get("/v1/ops/fares/feeds?limit=1", headers=h["auditor"])
    assert listed.status_code == 200
    assert [i["version_id"] for i in listed.json()["items"]] == [version]
    assert listed.json()["next"] is None
    in_force = await client.get(
        "/v1/ops/fares/in-force", params={"at": "2025-10-14T08:00:00+07:00"}, headers=h["auditor"]
    )
    assert in_force.json()["version_id"] == version
    none_yet = await client.get(
        "/v1/ops/fares/in-force", params={"at": "2023-12-31T00:00:00+07:00"}, headers=h["auditor"]
    )
    assert none_yet.json()["version_id"] is None


async def test_problems_are_paginated_and_block_activation(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    h = await tokens(runtime)
    broken = (HANOI / "fare_leg_rules.txt").read_bytes() + b"lg_bus,net_nowhere,,,,,bus_nothing,\n"
    files = {"file": ("hanoi.zip", hanoi_zip({"fare_leg_rules.txt": broken}), "application/zip")}
    created = await client.post("/v1/ops/fares/feeds", files=files, headers=h["admin"])
    assert created.status_code == 201
    version = created.json()["version_id"]
    assert created.json()["error_count"] == 2
    page = await client.get(f"/v1/ops/fares/feeds/{version}/problems?limit=1", headers=h["auditor"])
    assert page.status_code == 200
    assert page.json()["items"] == [
        "fare_leg_rules.txt:538: network_id: unknown network (routes.network_id or "
        "networks.txt) 'net_nowhere'"
    ]
    assert page.json()["next"] == "1"
    rest = await client.get(f"/v1/ops/fares/feeds/{version}/problems?limit=1&cursor=1", headers=h["auditor"])
    assert rest.json()["items"] == [
        "fare_leg_rules.txt:538: fare_product_id: unknown fare product 'bus_nothing'"
    ]
    assert rest.json()["next"] is None
    refused = await client.post(
        f"/v1/ops/fares/feeds/{version}/activations",
        json={"effective_from": "2026-01-01T00:00:00+07:00"},
        headers={**h["admin"], "Accept-Language": "en"},
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "feed_has_errors"
    assert refused.json()["title"] == "The fare feed has errors and cannot be activated"


async def test_roles(client: httpx.AsyncClient, runtime: Runtime) -> None:
    h = await tokens(runtime)
    files = {"file": ("hanoi.zip", hanoi_zip(), "application/zip")}
    for who in ("auditor", "operator"):
        denied = await client.post("/v1/ops/fares/feeds", files=files, headers=h[who])
        assert denied.status_code == 403
    assert (await client.get("/v1/ops/fares/feeds", headers=h["operator"])).status_code == 403
    assert (await client.get("/v1/ops/fares/feeds")).status_code == 401


async def test_bad_input(client: httpx.AsyncClient, runtime: Runtime) -> None:
    h = await tokens(runtime)
    not_zip = await client.post(
        "/v1/ops/fares/feeds", files={"file": ("x.zip", b"hello", "application/zip")}, headers=h["admin"]
    )
    assert not_zip.status_code == 422
    assert not_zip.json()["code"] == "feed_unreadable"
    missing = await client.get("/v1/ops/fares/feeds/01ARZ3NDEKTSV4RRFFQ69G5FAV", headers=h["admin"])
    assert missing.status_code == 404
    assert missing.json()["code"] == "feed_version_unknown"
    created = await client.post(
        "/v1/ops/fares/feeds", files={"file": ("h.zip", hanoi_zip(), "application/zip")}, headers=h["admin"]
    )
    version = created.json()["version_id"]
    naive = await client.post(
        f"/v1/ops/fares/feeds/{version}/activations",
        json={"effective_from": "2026-01-01T00:00:00"},
        headers=h["admin"],
    )
    assert naive.status_code == 422
    extra = await client.post(
        f"/v1/ops/fares/feeds/{version}/activations",
        json={"effective_from": "2026-01-01T00:00:00+07:00", "force": True},
        headers=h["admin"],
    )
    assert extra.status_code == 422
