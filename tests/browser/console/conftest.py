"""Fixtures for the console's browser tests (names prefixed ``console_`` so they sit beside the
rider app's shared fixtures).

- ``console_server``: ``vexe serve`` in a subprocess on a free loopback port, fresh SQLite data
  directory, migrated and loaded with the Hanoi demo.
- ``console_world``: what the scenarios need, made through the public APIs and the real reader
  CLI: one staff account per role, a paid ride on each operator (so both have ledger accounts),
  a HANOI_METRO gate, yesterday settled for both operators, a pending concession request.
- ``console_browser``: Debian's Chromium driven by Playwright (never a downloaded browser).
- ``console_page``: a fresh laptop-sized context (1440×900, vi-VN, Asia/Ho_Chi_Minh) and its page.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("VEXE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LAPTOP = {"width": 1440, "height": 900}
PASSWORD = "mat-khau-nhan-vien-1"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ROLES = {  # key -> (username, role, operator)
    "bus": ("dieu-hanh-buyt", "operator", "HN_BUS"),
    "metro": ("dieu-hanh-metro", "operator", "HANOI_METRO"),
    "auditor": ("kiem-toan", "auditor", None),
    "reviewer": ("xet-duyet", "reviewer", None),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ConsoleServer:
    data_dir: Path
    port: int = field(default_factory=_free_port)
    demo: dict[str, Any] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VEXE_")}
        return env | {"VEXE_DATA_DIR": str(self.data_dir), "VEXE_LOG_LEVEL": "WARNING",
                      "VEXE_PUBLIC_BASE_URL": self.url}

    def cli(self, tool: str, *args: str) -> str:
        done = subprocess.run([str(BIN / tool), *args], env=self.env(), capture_output=True, text=True,
                              timeout=300, check=False, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"{tool} {' '.join(args)}: {done.stderr[-2000:]}"
        return done.stdout

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cli("vexe", "db", "upgrade")
        self.demo = json.loads(self.cli("vexe", "demo", "--history", "--json"))
        with (self.data_dir / "server.log").open("ab") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "vexe"), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env(), stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((self.data_dir / "server.log").read_text()[-2000:])
            with suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)  # polling a starting process, bounded by the deadline
        raise RuntimeError("vexe serve did not answer /healthz in time")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
            self.proc = None


@dataclass
class ConsoleWorld:
    server: ConsoleServer
    admin_token: str
    yesterday: str
    metro_device_id: str
    concession_id: str
    accounts: dict[str, tuple[str, str]]  # key -> (username, password), "admin" included

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.server.url, timeout=30,
                            headers={"Authorization": f"Bearer {self.admin_token}"})


@pytest.fixture(scope="session")
def console_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleServer]:
    server = ConsoleServer(tmp_path_factory.mktemp("console-live") / "data")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _ride(server: ConsoleServer, ops: httpx.Client, rider: httpx.Client, store: Path, *, product: str,
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
        scanned = json.loads(server.cli("vexe-validator", "scan", "--store", str(reader), "--payload", code,
                                        "--direction", direction, "--json"))
        assert scanned["accepted"], scanned
        server.cli("vexe-validator", "sync", "--store", str(reader))


@pytest.fixture(scope="session")
def console_world(console_server: ConsoleServer, tmp_path_factory: pytest.TempPathFactory) -> ConsoleWorld:
    server = console_server
    admin = server.demo["admin"]
    login = httpx.post(f"{server.url}/v1/ops/auth/login", json=admin, timeout=30)
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    world = ConsoleWorld(server, token, "", "", "", {"admin": (admin["username"], admin["password"])})
    stores = tmp_path_factory.mktemp("console-readers")
    with world.api() as ops, httpx.Client(base_url=server.url, timeout=30) as rider:
        for key, (username, role, operator) in ROLES.items():
            made = ops.post("/v1/ops/staff", json={"username": username, "password": PASSWORD, "role": role,
                                                   "operator_id": operator})
            assert made.status_code == 201, made.text
            world.accounts[key] = (username, PASSWORD)
        person = {"email": "hanh-khach@example.vn", "password": "mat-khau-hanh-khach-1"}
        assert rider.post("/v1/auth/register", json=person).status_code == 201
        access = rider.post("/v1/auth/login", json=person).json()["access_token"]
        rider.headers["Authorization"] = f"Bearer {access}"
        _ride(server, ops, rider, stores, product="bus_single_8000", media="tramoc_app", key="ride-bus",
              gates=[("BUS-29B-01", {"operator_id": "HN_BUS", "vehicle_id": "29B-00001"}, "in")])
        _ride(server, ops, rider, stores, product="m2a_single_h02", media="hanoi_metro_app", key="ride-metro",
              gates=[("M2A-CATLINH-G1", {"operator_id": "HANOI_METRO", "stop_id": "M2A_01"}, "in")])
        world.metro_device_id = "M2A-CATLINH-G1"
        world.yesterday = (datetime.now(UTC).astimezone(HANOI).date() - timedelta(days=1)).isoformat()
        for operator in ("HN_BUS", "HANOI_METRO"):
            settled = ops.post("/v1/ops/settlements", json={"service_date": world.yesterday,
                                                           "operator_id": operator})
            assert settled.status_code == 200, settled.text
            assert len(settled.json()["items"]) == 1, settled.text
        asked = rider.post("/v1/concessions",
                           json={"rider_category_id": "uu_tien", "proof_reference": "SV-2026-001"})
        assert asked.status_code == 201, asked.text
        world.concession_id = asked.json()["concession_id"]
    return world


@pytest.fixture(scope="session")
def console_browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def console_page(console_browser: Any, console_server: ConsoleServer) -> Iterator[Any]:
    context = console_browser.new_context(viewport=LAPTOP, base_url=console_server.url, locale="vi-VN",
                                          timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def console_login(page: Any, username: str, password: str) -> None:
    page.goto("/console/login")
    page.get_by_test_id("console-username").fill(username)
    page.get_by_test_id("console-password").fill(password)
    page.get_by_test_id("console-login").click()
    page.wait_for_url(lambda url: url.endswith(("/console/", "/console/concessions")))
