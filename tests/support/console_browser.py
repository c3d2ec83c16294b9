"""The console's browser-test world: its live server, its staff and a week of activity, and the
login step (the fixtures that use them are in tests/browser/console/conftest.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

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


def ride(server: ConsoleServer, ops: httpx.Client, rider: httpx.Client, store: Path, *, product: str,
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




def console_login(page: Any, username: str, password: str) -> None:
    page.goto("/console/login")
    page.get_by_test_id("console-username").fill(username)
    page.get_by_test_id("console-password").fill(password)
    page.get_by_test_id("console-login").click()
    page.wait_for_url(lambda url: url.endswith(("/console/", "/console/concessions")))
