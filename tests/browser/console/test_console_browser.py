"""The staff console in Chromium against a live ``vexe serve``: log in per role, operator scoping
(also by guessed URLs), a broken feed's problems, a reviewer's approval, a statement download
whose hash equals the API's, a counter sale whose printed QR a real reader accepts, and CSRF."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image

from tests.support.console_browser import ConsoleWorld, console_login

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("key", ["admin", "bus", "metro", "auditor", "reviewer"])
def test_each_role_logs_in(console_page: Any, console_world: ConsoleWorld, key: str) -> None:
    username, password = console_world.accounts[key]
    console_login(console_page, username, password)
    badge = console_page.locator(".user").inner_text()
    assert username in badge
    if key == "reviewer":  # city level, concessions only: the queue is the start page
        assert console_page.url.endswith("/console/concessions")
        assert console_page.goto("/console/devices").status == 403
    else:
        assert console_page.get_by_test_id("chart").count() == 5
    nav = console_page.locator("nav").inner_text()
    assert ("Nhân viên" in nav) == (key == "admin")
    assert ("Ưu đãi" in nav) == (key in ("admin", "reviewer", "auditor"))
    console_page.get_by_role("button", name="Đăng xuất", exact=True).click()
    console_page.wait_for_url("**/console/login")
    console_page.goto("/console/devices")
    assert "/console/login" in console_page.url


def test_bus_operator_never_sees_metro(console_page: Any, console_world: ConsoleWorld) -> None:
    console_login(console_page, *console_world.accounts["bus"])
    console_page.goto("/console/devices")
    table = console_page.get_by_test_id("devices-table")
    operators = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.operator)")
    assert operators
    assert set(operators) == {"HN_BUS"}
    assert console_world.metro_device_id not in table.inner_text()
    console_page.goto("/console/settlement")
    statements = console_page.get_by_test_id("statements-table").inner_text()
    assert "HN_BUS" in statements
    assert "HANOI_METRO" not in statements
    metro_statement = f"/console/settlement/HANOI_METRO/{console_world.yesterday}/VND"
    for url in [f"/console/devices/{console_world.metro_device_id}", metro_statement]:
        answer = console_page.goto(url)
        assert answer.status == 404, url
        assert console_page.get_by_test_id("console-error").count() == 1
    for url in [f"{metro_statement}/statement.json", f"{metro_statement}/statement.csv"]:
        assert console_page.request.get(url).status == 404, url
    assert console_page.goto("/console/?operator=HANOI_METRO").status == 403


def test_broken_feed_shows_its_problems(
    console_page: Any, console_world: ConsoleWorld, tmp_path: Path
) -> None:
    hanoi = Path(__file__).resolve().parents[3] / "data" / "gtfs" / "hanoi"
    broken = tmp_path / "broken-feed.zip"
    with zipfile.ZipFile(broken, "w") as z:
        for path in sorted([*hanoi.glob("*.txt"), *hanoi.glob("*.geojson")]):
            text = path.read_text(encoding="utf-8")
            if path.name == "fare_products.txt":
                text = text.replace(",pho_thong,,8000,VND", ",pho_thong,,tám nghìn,VND", 1)
            z.writestr(path.name, text)
    console_login(console_page, *console_world.accounts["admin"])
    console_page.goto("/console/fares")
    console_page.get_by_test_id("feed-file").set_input_files(str(broken))
    console_page.get_by_test_id("feed-upload").click()
    console_page.wait_for_url(re.compile(r".*/console/fares/[0-9A-Z]{26}$"))
    assert console_page.get_by_test_id("feed-invalid").is_visible()
    problems = console_page.get_by_test_id("feed-errors").locator("li").all_inner_texts()
    assert any(re.fullmatch(r"fare_products\.txt:\d+: amount: .+", p) for p in problems), problems


def test_reviewer_approves_a_concession(console_page: Any, console_world: ConsoleWorld) -> None:
    console_login(console_page, *console_world.accounts["reviewer"])
    console_page.goto("/console/concessions")
    row = console_page.locator(f'tr[data-concession="{console_world.concession_id}"]')
    row.get_by_role("button", name="Duyệt").click()
    console_page.goto("/console/concessions?status=approved")
    row = console_page.locator(f'tr[data-concession="{console_world.concession_id}"]')
    assert row.get_by_test_id("concession-status").inner_text() == "approved"


def test_statement_download_has_the_api_hash(
    console_page: Any, console_world: ConsoleWorld, tmp_path: Path
) -> None:
    console_login(console_page, *console_world.accounts["bus"])
    console_page.goto(f"/console/settlement/HN_BUS/{console_world.yesterday}/VND")
    with console_page.expect_download() as info:
        console_page.get_by_test_id("statement-download").click()
    saved = tmp_path / "statement.json"
    info.value.save_as(saved)
    downloaded = json.loads(saved.read_text(encoding="utf-8"))
    with console_world.api() as api:
        official = api.get(f"/v1/ops/settlements/HN_BUS/{console_world.yesterday}/VND").json()
    assert downloaded["content_hash"] == official["content_hash"]
    canonical = json.dumps(downloaded["document"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == official["content_hash"]
    assert console_page.get_by_test_id("statement-hash").inner_text() == official["content_hash"]


def test_counter_sale_qr_is_accepted_by_a_reader(
    console_page: Any, console_world: ConsoleWorld, tmp_path: Path
) -> None:
    server = console_world.server
    console_login(console_page, *console_world.accounts["bus"])
    console_page.goto("/console/tickets")
    form = console_page.get_by_test_id("counter-sale")
    form.locator("select[name=fare_product_id]").select_option("bus_single_8000")
    form.get_by_role("button").click()
    console_page.wait_for_url(re.compile(r".*/console/tickets/[0-9A-Z]{12}/print$"))
    ticket_id = console_page.url.split("/")[-2]
    shot = tmp_path / "printed-qr.png"
    console_page.get_by_test_id("ticket-qr").screenshot(path=str(shot))
    only_qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    decoded = zxingcpp.read_barcodes(Image.open(shot), formats=only_qr)
    assert decoded
    reader = tmp_path / "reader"
    server.cli("vexe-validator", "enroll", "--store", str(reader), "--server", server.url,
               "--token", server.demo["reader"]["enrolment_token"])
    server.cli("vexe-validator", "sync", "--store", str(reader))
    decision = server.cli_json("vexe-validator", "scan", "--store", str(reader), "--image", str(shot),
                               "--json")
    assert decision["accepted"], decision
    assert decision["ticket_id"] == ticket_id
    payload = decoded[0].text
    with console_world.api() as api:
        assert api.get(f"/v1/ops/tickets/{ticket_id}").json()["code"] == payload


def test_posts_without_csrf_are_refused(console_page: Any, console_world: ConsoleWorld) -> None:
    console_login(console_page, *console_world.accounts["admin"])
    refused = console_page.request.post("/console/settlement/close",
                                        form={"service_date": console_world.yesterday})
    assert refused.status == 403
    cookies = {c["name"]: c["value"] for c in console_page.context.cookies()}
    with httpx.Client(base_url=console_world.server.url, cookies=cookies) as plain:
        for path, form in [
            ("/console/devices", {"device_id": "x-1", "operator_id": "HN_BUS", "place_id": "S"}),
            ("/console/logout-everywhere", {}),
            ("/console/staff", {"username": "ke-gian", "password": "12345678", "role": "admin"}),
        ]:
            assert plain.post(path, data=form).status_code == 403, path
            assert plain.post(path, data={**form, "csrf": "doan-bua"}).status_code == 403, path
    console_page.goto("/console/staff")
    assert "ke-gian" not in console_page.get_by_test_id("staff-table").inner_text()
