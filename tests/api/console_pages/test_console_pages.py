"""Console pages end to end on both databases: dashboard charts, fares upload with problems and
diff, concessions as reviewer, counter sale with a printable QR, devices provisioning with a QR,
and the audit log of console and operator-API writes."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import httpx
import resvg_py
import zxingcpp
from fastapi import FastAPI
from PIL import Image

from tests.factories import bearer, make_staff, staff_token
from tests.support.console_pages import login
from ticketing.runtime import Runtime
from ticketing.service.riders.accounts import register_rider
from ticketing.service.riders.concessions import request_concession
from ticketing.service.tickets.keyring import published_key_set
from ticketing.tickets import verify_presentation
from ticketing.tickets.rejections import VerifiedTicket

HANOI = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
METRO_SALE = {
    "fare_product_id": "m2a_single_h02", "rider_category_id": "pho_thong", "fare_media_id": "cash_metro",
}


def _data_image(html: str, testid: str) -> Image.Image:
    found = re.search(rf'data-testid="{testid}" src="data:image/(?:png|svg\+xml);base64,([^"]+)"', html)
    assert found, testid
    raw = base64.b64decode(found.group(1))
    if raw.lstrip().startswith(b"<"):
        raw = bytes(resvg_py.svg_to_bytes(svg_string=raw.decode(), background="#ffffff"))
    return Image.open(io.BytesIO(raw))


def _read_qr(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    assert results, "no QR code in the image"
    return str(results[0].text)


def _feed_zip(changes: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for path in sorted([*HANOI.glob("*.txt"), *HANOI.glob("*.geojson")]):
            z.writestr(path.name, changes.get(path.name, path.read_text(encoding="utf-8")))
    return out.getvalue()


async def test_dashboard_has_charts_and_the_numbers(app: FastAPI, console_network: Runtime) -> None:
    async with await login(app, "quan-tri") as admin:
        await admin.post("/console/tickets", METRO_SALE)
        html = (await admin.client.get("/console/")).text
        assert html.count('data-testid="chart"') == 5
        assert html.count("<svg") == 5
        assert "<script" not in html
        assert "<style" not in html
        assert "m2a_single_h02" in html
        assert "10.000 ₫" in html
        english = await admin.client.get("/console/lang?to=en&next=/console/")
        assert english.status_code == 303
        assert "Tickets sold today" in (await admin.client.get("/console/")).text


async def test_broken_feed_shows_its_problems_and_a_good_one_its_diff(
    app: FastAPI, console_network: Runtime
) -> None:
    prices = (HANOI / "fare_products.txt").read_text(encoding="utf-8")
    broken = prices.replace("bus_single_8000,Vé lượt xe buýt – tuyến dưới 15 km,pho_thong,,8000,VND",
                            "bus_single_8000,Vé lượt xe buýt – tuyến dưới 15 km,pho_thong,,tám nghìn,VND")
    dearer = prices.replace("bus_single_8000,Vé lượt xe buýt – tuyến dưới 15 km,pho_thong,,8000,VND",
                            "bus_single_8000,Vé lượt xe buýt – tuyến dưới 15 km,pho_thong,,9000,VND")
    async with await login(app, "quan-tri") as admin:
        sent = await admin.post("/console/fares", files={
            "feed": ("broken.zip", _feed_zip({"fare_products.txt": broken}), "application/zip")})
        assert sent.status_code == 303, sent.text
        page = (await admin.client.get(sent.headers["location"])).text
        assert 'data-testid="feed-invalid"' in page
        assert re.search(r"<li>fare_products\.txt:\d+: amount: [^<]+</li>", page), page
        good = await admin.post("/console/fares", files={
            "feed": ("dearer.zip", _feed_zip({"fare_products.txt": dearer}), "application/zip")})
        diff = (await admin.client.get(good.headers["location"])).text
        assert 'data-testid="fare-diff"' in diff
        assert "8.000 ₫" in diff
        assert "9.000 ₫" in diff
        activated = await admin.post(f"{good.headers['location']}/activate",
                                     {"effective_date": "2025-10-20"})
        assert activated.status_code == 303
        assert "2025-10-20 00:00" in (await admin.client.get(good.headers["location"])).text


async def test_reviewer_approves_and_rejects_concessions(app: FastAPI, console_network: Runtime) -> None:
    runtime = console_network
    async with runtime.unit_of_work() as uow:
        rider = await register_rider(uow.session, runtime.clock, email="an@example.vn", phone=None,
                                     password="mat-khau-dai-du")
        categories = {"pho_thong": True, "uu_tien": False, "nguoi_cao_tuoi": False}
        first = await request_concession(uow.session, runtime.clock, rider.rider_id,
                                         rider_category_id="uu_tien", proof_reference="the-sv-123",
                                         categories=categories)
        second = await request_concession(uow.session, runtime.clock, rider.rider_id,
                                          rider_category_id="nguoi_cao_tuoi", proof_reference="cccd",
                                          categories=categories)
    async with await login(app, "xet-duyet") as reviewer:
        queue = (await reviewer.client.get("/console/concessions")).text
        assert first.concession_id in queue
        assert second.concession_id in queue
        approved = await reviewer.post(f"/console/concessions/{first.concession_id}/decision",
                                       {"decision": "approve"})
        assert approved.status_code == 303
        no_reason = await reviewer.post(f"/console/concessions/{second.concession_id}/decision",
                                        {"decision": "reject"})
        assert no_reason.status_code == 422
        rejected = await reviewer.post(f"/console/concessions/{second.concession_id}/decision",
                                       {"decision": "reject", "note": "Giấy tờ không rõ"})
        assert rejected.status_code == 303
        done = (await reviewer.client.get("/console/concessions?status=all")).text
        assert "approved" in done
        assert "Giấy tờ không rõ" in done
    async with await login(app, "kiem-toan") as auditor:
        masked = (await auditor.client.get("/console/concessions?status=all")).text
        assert "the-sv-123" not in masked  # auditors see proof references masked
        assert "*******123" in masked
        assert "Duyệt" not in masked
    async with await login(app, "xe-buyt") as operator:
        assert (await operator.client.get("/console/concessions")).status_code == 403


async def test_counter_sale_prints_a_qr_readers_accept_and_revoke(
    app: FastAPI, console_network: Runtime
) -> None:
    async with await login(app, "ga-metro") as metro:
        sold = await metro.post("/console/tickets", METRO_SALE)
        assert sold.status_code == 303
        printed = await metro.client.get(sold.headers["location"])
        assert 'href="/console/static/print.css" media="print"' in printed.text
        code = _read_qr(_data_image(printed.text, "ticket-qr"))
        ticket_id = sold.headers["location"].split("/")[3]
        async with console_network.unit_of_work() as uow:
            keys = await published_key_set(uow.session, console_network.clock.now())
        decision = verify_presentation(code, keys, console_network.clock.now())
        assert isinstance(decision, VerifiedTicket)
        assert decision.claims.ticket_id == ticket_id
        # Look it up again from a photo of the printed QR.
        photo = io.BytesIO()
        _data_image(printed.text, "ticket-qr").convert("RGB").save(photo, format="JPEG", quality=80)
        found = await metro.post("/console/tickets/scan",
                                 files={"photo": ("qr.jpg", photo.getvalue(), "image/jpeg")})
        assert (found.status_code, found.headers["location"]) == (303, f"/console/tickets/{ticket_id}")
        revoked = await metro.post(f"/console/tickets/{ticket_id}/revoke", {"reason": "khách trả vé"})
        assert revoked.status_code == 303
        page = (await metro.client.get(f"/console/tickets/{ticket_id}")).text
        assert 'data-testid="ticket-status">revoked' in page
        assert "khách trả vé" in page
        not_a_photo = await metro.post("/console/tickets/scan",
                                       files={"photo": ("x.jpg", b"nope", "image/jpeg")})
        assert not_a_photo.status_code == 422


async def test_provisioning_shows_the_enrolment_token_as_a_qr(app: FastAPI, console_network: Runtime) -> None:
    async with await login(app, "xe-buyt") as bus:
        made = await bus.post("/console/devices", {"device_id": "bus-29B", "placement": "vehicle",
                                                   "place_id": "29B-00001"})
        assert made.status_code == 201
        token = re.search(r'data-testid="enrolment-token">([^<]+)<', made.text)
        assert token
        assert _read_qr(_data_image(made.text, "enrolment-qr")) == token.group(1)
        assert made.headers["cache-control"] == "no-store"


async def test_audit_log_records_console_and_api_writes(app: FastAPI, console_network: Runtime) -> None:
    ops = await make_staff(console_network, "api-admin", role="admin")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as api:
        made = await api.post("/v1/ops/devices", headers=bearer(staff_token(console_network, ops)),
                              json={"device_id": "api-gate", "operator_id": "HN_BUS", "vehicle_id": "29B-1"})
        assert made.status_code == 201
        anonymous = await api.post("/v1/ops/devices", json={"device_id": "x", "operator_id": "HN_BUS"})
        assert anonymous.status_code == 401
        read = await api.get("/v1/ops/devices", headers=bearer(staff_token(console_network, ops)))
        assert read.status_code == 200
    async with await login(app, "quan-tri") as admin:
        await admin.post("/console/devices/api-gate/disable")
        log = (await admin.client.get("/console/audit")).text
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", log, flags=re.S)
    text = " | ".join(rows)
    assert "api-admin" in text
    assert "POST /v1/ops/devices</code>" in text
    assert "disable_device" in text
    assert "disabled api-gate" in text
    assert "quan-tri" in text
    assert "login" in text
    assert text.count("GET /v1/ops") == 0  # reads are not audited
    assert ">401<" in text  # the refused anonymous write is recorded too
    async with await login(app, "xe-buyt") as operator:
        assert (await operator.client.get("/console/audit")).status_code == 403
