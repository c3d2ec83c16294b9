"""The console's browser-test world: its live server, its staff and a week of activity, and the
login step (the fixtures that use them are in tests/browser/console/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.support.browser import LiveServer

LAPTOP = {"width": 1440, "height": 900}
PASSWORD = "mat-khau-nhan-vien-1"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ROLES = {  # key -> (username, role, operator)
    "bus": ("dieu-hanh-buyt", "operator", "HN_BUS"),
    "metro": ("dieu-hanh-metro", "operator", "HANOI_METRO"),
    "auditor": ("kiem-toan", "auditor", None),
    "reviewer": ("xet-duyet", "reviewer", None),
}


def console_server(data_dir: Path) -> LiveServer:
    """The shared live server, loaded with a week of demo history (``vexe demo --history``)."""
    return LiveServer(data_dir, demo_args=("--history",))


@dataclass
class ConsoleWorld:
    server: LiveServer
    admin_token: str
    yesterday: str
    metro_device_id: str
    concession_id: str
    accounts: dict[str, tuple[str, str]]  # key -> (username, password), "admin" included

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.server.url, timeout=30,
                            headers={"Authorization": f"Bearer {self.admin_token}"})


def ride(server: LiveServer, ops: httpx.Client, rider: httpx.Client, store: Path, *, product: str,
          media: str, gates: list[tuple[str, dict[str, str], str]], key: str) -> None:
    """A paid rider ticket ridden through real readers, so the operator is owed money."""
    line = {"fare_product_id": product, "rider_category_id": "pho_thong", "fare_media_id": media,
            "quantity": 1}
    order = rider.post("/v1/orders", headers={"Idempotency-Key": key}, json={"items": [line]})
    assert order.status_code in (200, 201), order.text
    paid = rider.post(f"/v1/orders/{order.json()['order_id']}/sandbox-confirm")
    assert paid.status_code == 200, paid.text
    tickets = rider.get("/v1/tickets").json()["items"]
    code = next(t["code"] for t in tickets if t["fare_product_id"] == product)
    for device_id, place, direction in gates:
        made = ops.post("/v1/ops/devices", json={"device_id": device_id, **place})
        assert made.status_code == 201, made.text
        reader = store / device_id
        server.cli("vexe-validator", "enroll", "--store", str(reader), "--server", server.url,
                   "--token", made.json()["enrolment_token"])
        server.cli("vexe-validator", "sync", "--store", str(reader))
        scanned = server.cli_json("vexe-validator", "scan", "--store", str(reader), "--payload", code,
                                        "--direction", direction, "--json")
        assert scanned["accepted"], scanned
        server.cli("vexe-validator", "sync", "--store", str(reader))




def console_login(page: Any, username: str, password: str) -> None:
    page.goto("/console/login")
    page.get_by_test_id("console-username").fill(username)
    page.get_by_test_id("console-password").fill(password)
    page.get_by_test_id("console-login").click()
    page.wait_for_url(lambda url: url.endswith(("/console/", "/console/concessions")))
