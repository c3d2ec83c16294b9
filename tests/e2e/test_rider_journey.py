"""Rider journey end to end with real processes: register → quote → buy a single and a day pass
(sandbox) → fetch the QR → readers enrolled and synced → offline scans → sync → the trip appears
with its fare, and the ledger recognises the single's revenue for the bus operator."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.unit.validators.harness import BIN, Server, server_env, validator, validator_json
from ticketing.ledger import chart
from ticketing.service.ledger.balances import account_balance

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "server")
    srv.migrate()
    demo = subprocess.run(
        [str(BIN / "vexe"), "demo", "--json"],
        env=server_env(srv.data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def api(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def enroll(server: Server, store: Path, device_id: str, **where: Any) -> None:
    token = server.provision(device_id, **where)
    done = validator("enroll", "--store", str(store), "--server", server.url, "--token", token)
    assert done.returncode == 0, done.stderr


def operator_balance(server: Server, operator_id: str) -> int:
    async def go(session: Any, _clock: Any) -> int:
        return await account_balance(session, chart.operator(operator_id), "VND")

    return int(server.run(go))


def test_register_buy_ride_and_see_the_trip(server: Server, api: httpx.Client, tmp_path: Path) -> None:
    reg = api.post("/v1/auth/register", json={"phone": "0987654321", "password": "mat-khau-dai-1"})
    assert reg.status_code == 201, reg.text
    auth = {"Authorization": f"Bearer {reg.json()['access_token']}"}

    journey = {
        "rider_category": "pho_thong",
        "fare_media": "hanoi_metro_app",
        "legs": [
            {
                "route_id": "BUS_18",
                "from_stop_id": "B_DH_KTQD",
                "to_stop_id": "B_LONG_BIEN",
                "departure": "2025-10-14T08:00:00+07:00",
                "arrival": "2025-10-14T08:30:00+07:00",
            }
        ],
    }
    quote = api.post("/v1/quotes", json=journey).json()
    assert (quote["total_minor"], quote["legs"][0]["fare_product_id"]) == (8000, "bus_single_8000")

    items = [
        {
            "fare_product_id": "bus_single_8000",
            "rider_category": "pho_thong",
            "fare_media": "hanoi_metro_app",
            "quantity": 1,
        },
        {
            "fare_product_id": "m2a_day",
            "rider_category": "pho_thong",
            "fare_media": "hanoi_metro_app",
            "quantity": 1,
        },
    ]
    order = api.post("/v1/orders", json={"items": items}, headers={**auth, "Idempotency-Key": "e2e-1"}).json()
    assert order["payment"]["sandbox_confirm_url"]
    paid = api.post(order["payment"]["sandbox_confirm_url"], headers=auth).json()
    assert paid["status"] == "paid"
    tickets = {t["fare_product_id"]: t for t in api.get("/v1/tickets", headers=auth).json()["items"]}
    single, day = tickets["bus_single_8000"], tickets["m2a_day"]
    png = tmp_path / "single.png"
    png.write_bytes(api.get(single["qr_png_url"], headers=auth).content)

    bus, gate = tmp_path / "bus", tmp_path / "gate"
    enroll(server, bus, "bus-18-a", vehicle_id="29B-018", route_id="BUS_18")
    enroll(server, gate, "gate-cat-linh", stop_id="M2A_01")
    server.stop()  # offline from here: readers decide alone
    boarded = validator_json("scan", "--store", str(bus), "--image", str(png), "--direction", "in", "--json")
    assert (boarded["accepted"], boarded["ticket_id"]) == (True, single["ticket_id"])
    alighted = validator_json(
        "scan", "--store", str(bus), "--payload", single["code"], "--direction", "out", "--json"
    )
    assert alighted["accepted"], alighted
    entered = validator_json("scan", "--store", str(gate), "--payload", day["code"], "--json")
    assert entered["accepted"], entered
    server.start()
    assert validator_json("sync", "--store", str(bus), "--json")["uploaded"] == 2
    assert validator_json("sync", "--store", str(gate), "--json")["uploaded"] == 1

    trips = api.get("/v1/trips", headers={**auth, "Accept-Language": "en"}).json()["items"]
    by_ticket = {t["ticket_id"]: t for t in trips}
    assert by_ticket[single["ticket_id"]]["charged_minor"] == 8000
    assert by_ticket[single["ticket_id"]]["complete"] is True
    assert "single ticket" in by_ticket[single["ticket_id"]]["explanation"][0]
    assert by_ticket[day["ticket_id"]]["charged_minor"] == 0
    # The single's price moved from unearned fares to the bus operator when it was first ridden.
    assert operator_balance(server, "HN_BUS") == 8000
    used = api.get(f"/v1/tickets/{single['ticket_id']}", headers=auth).json()
    assert used["status"] == "used"
    refused = api.post("/v1/refunds", json={"ticket_id": single["ticket_id"]}, headers=auth)
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_refundable"
