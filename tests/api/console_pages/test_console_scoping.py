"""An operator account sees only its own agency on every console page and download, also by
guessing URLs (another agency's object is "not found"); admins and auditors see both."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI

from tests.api.console_pages.scoped_data import Owned, make_operator_data
from tests.support.console_pages import login
from ticketing.runtime import Runtime


@pytest.fixture
async def owned(console_network: Runtime) -> dict[str, Owned]:
    return {
        "HN_BUS": await make_operator_data(console_network, "HN_BUS", "bus"),
        "HANOI_METRO": await make_operator_data(console_network, "HANOI_METRO", "metro"),
    }


async def test_bus_operator_sees_only_bus_objects(app: FastAPI, owned: dict[str, Owned]) -> None:
    bus, metro = owned["HN_BUS"], owned["HANOI_METRO"]
    async with await login(app, "xe-buyt") as console:
        get = console.client.get
        for page, own, other in [
            ("/console/devices", bus.device_id, metro.device_id),
            ("/console/settlement", "HN_BUS", "HANOI_METRO"),
            ("/console/exceptions", bus.ticket_id, metro.ticket_id),
            ("/console/", "HN_BUS", "HANOI_METRO"),
        ]:
            html = (await get(page)).text
            assert own in html, page
            assert other not in html, page
        for url in [
            f"/console/devices/{metro.device_id}",
            metro.statement_path,
            f"{metro.statement_path}/statement.json",
            f"{metro.statement_path}/statement.csv",
            f"/console/exceptions/{metro.exception_id}",
            f"/console/tickets/{metro.ticket_id}",
            f"/console/tickets/{metro.ticket_id}/print",
        ]:
            assert (await get(url)).status_code == 404, url
        for url in [
            f"/console/devices/{bus.device_id}", bus.statement_path, f"{bus.statement_path}/statement.json",
            f"/console/exceptions/{bus.exception_id}", f"/console/tickets/{bus.ticket_id}",
        ]:
            assert (await get(url)).status_code == 200, url
        assert (await get("/console/?operator=HANOI_METRO")).status_code == 403
        assert (await get("/console/settlement?operator=HANOI_METRO")).status_code == 403
        # Writes on another agency's objects: not found, and nothing changes.
        assert (await console.post(f"/console/devices/{metro.device_id}/disable")).status_code == 404
        assert (await console.post(f"/console/exceptions/{metro.exception_id}/resolve",
                                   {"note": "không phải của tôi"})).status_code == 404
        assert (await console.post(f"/console/tickets/{metro.ticket_id}/revoke",
                                   {"reason": "thử"})).status_code == 404
        # Provisioning names its own agency whatever the form says.
        made = await console.post("/console/devices", {
            "device_id": "bus-gate-9", "operator_id": "HANOI_METRO", "placement": "vehicle",
            "place_id": "29B-12345"})
        assert made.status_code == 201
        assert 'data-operator="HN_BUS"' in (await get("/console/devices/bus-gate-9")).text
    async with await login(app, "quan-tri") as admin:
        html = (await admin.client.get("/console/devices")).text
        assert bus.device_id in html
        assert metro.device_id in html
        assert 'data-device="metro-gate-1"' in html
        assert "đã khóa" not in html  # the refused disable changed nothing


async def test_statement_download_matches_the_api(
    app: FastAPI, owned: dict[str, Owned], console_network: Runtime
) -> None:
    from tests.factories import bearer, make_staff, staff_token

    bus = owned["HN_BUS"]
    async with await login(app, "xe-buyt") as console:
        page = await console.client.get(bus.statement_path)
        assert 'data-testid="statement-download"' in page.text
        assert bus.content_hash in page.text
        download = await console.client.get(f"{bus.statement_path}/statement.json")
        assert download.headers["x-content-sha256"] == bus.content_hash
        assert "attachment" in download.headers["content-disposition"]
        csv = await console.client.get(f"{bus.statement_path}/statement.csv")
        assert csv.text.startswith("record,transfer_id")
    api_staff = await make_staff(console_network, "api-auditor", role="auditor")
    api = await console.client.__class__(transport=console.client._transport, base_url="http://test").get(
        "/v1/ops/settlements/HN_BUS/2025-10-13/VND", headers=bearer(staff_token(console_network, api_staff)))
    assert api.status_code == 200
    assert json.loads(download.text)["content_hash"] == api.json()["content_hash"] == bus.content_hash
    assert json.loads(download.text)["document"] == api.json()["document"]


async def test_resolve_an_exception_with_a_note(app: FastAPI, owned: dict[str, Owned]) -> None:
    bus = owned["HN_BUS"]
    async with await login(app, "xe-buyt") as console:
        detail = await console.client.get(f"/console/exceptions/{bus.exception_id}")
        assert "Vé lượt được chấp nhận trên hai máy" in detail.text  # Vietnamese first
        assert detail.text.count("<li") >= 2  # both taps on the timeline
        empty = await console.post(f"/console/exceptions/{bus.exception_id}/resolve", {"note": "   "})
        assert empty.status_code == 422
        done = await console.post(f"/console/exceptions/{bus.exception_id}/resolve",
                                  {"note": "Khách quẹt hai lần, đã kiểm tra"})
        assert done.status_code == 303
        assert "Khách quẹt hai lần" in (await console.client.get(done.headers["location"])).text
        again = await console.post(f"/console/exceptions/{bus.exception_id}/resolve", {"note": "lần nữa"})
        assert again.status_code == 409
        open_list = (await console.client.get("/console/exceptions")).text
        assert bus.ticket_id not in open_list
        assert bus.ticket_id in (await console.client.get("/console/exceptions?state=resolved")).text


async def test_auditor_reads_but_cannot_write(app: FastAPI, owned: dict[str, Owned]) -> None:
    metro = owned["HANOI_METRO"]
    async with await login(app, "kiem-toan") as auditor:
        assert (await auditor.client.get(metro.statement_path)).status_code == 200
        assert (await auditor.post(f"/console/devices/{metro.device_id}/disable")).status_code == 403
        close = await auditor.post("/console/settlement/close", {"service_date": "2025-10-13"})
        assert close.status_code == 403
